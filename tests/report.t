#!/bin/sh
# report.t — the run report a person looks at (issue 32, point 13) and
# the quarantine kept per run (point 11).  report.html is parsed by
# html5lib (strict: a parse error fails), rendered by headless Chromium
# to a screenshot whose pixels are counted, and read for what it must
# not hold (a script, anything fetched, a value unescaped); each run's
# quarantine is a folder of its own, kept for quarantine_days.
set -u
KEEP=${KEEP:-}
galley=$(pwd)/${GALLEY:-build/galley}
root=$(pwd)
tmp=$(mktemp -d)
[ -n "$KEEP" ] || trap 'rm -rf "$tmp"' EXIT; echo "# scratch: $tmp"
export SOURCE_DATE_EPOCH=1767225600
echo "1..16"
. tests/tools/tap.sh

# The demo's pipeline and samples, a file whose name is markup, a file
# with no headline, a script that quarantines with markup in its reason
# and drops one article, and the demo's two partners.
d=$tmp/demo
mkdir -p "$d/pipelines" "$d/scripts"
cp -r "$root"/pipelines/nightly.yaml "$root"/pipelines/samples "$root"/pipelines/gazetteers \
	"$root"/pipelines/stopwords "$d/pipelines/"
cp "$root"/scripts/*.lua "$d/scripts/"
cp -r "$root"/scripts/lib "$d/scripts/" 2>/dev/null
printf 'no headline here, only a sentence that runs on and on.\n' \
	>"$d/pipelines/samples/<b>bold<i> & \"quoted\".txt"
cat >"$d/scripts/hostile.lua" <<'LUA'
function process(article, ctx)
  if article.id:find("^three") then return ctx.quarantine("<script>alert('x')</script> & more") end
  if article.id:find("^fjord") then return ctx.drop() end
end
LUA
sed -i 's|^  - name: stats|  - name: hostile\n    lua: ../scripts/hostile.lua\n\n  - name: stats|' \
	"$d/pipelines/nightly.yaml"
(cd "$d" && "$galley" run pipelines/nightly.yaml >stdout 2>stderr)
status=$?
page=$d/out/report.html
check "a run writes report.html beside report.json (exit 1: articles quarantined)" \
	'[ $status -eq 1 ] && [ -s "$page" ] && [ -s "$d/out/report.json" ]'

check "report.html parses as HTML5 without a single parse error (html5lib, strict)" \
	'/usr/bin/python3 -c "import html5lib, sys; html5lib.HTMLParser(strict=True).parse(open(sys.argv[1], \"rb\").read())" "$page"'

# what it must not hold: a script, a fetch, a value left as markup
elements() { # the page's element names, one per line (html5lib's tree)
	/usr/bin/python3 - "$page" <<'PY'
import html5lib, sys
doc = html5lib.parse(open(sys.argv[1], "rb").read(), namespaceHTMLElements=False)
for e in doc.iter():
    if isinstance(e.tag, str):
        print(e.tag.split("}")[-1], *(f"{k}={v}" for k, v in e.attrib.items()))
PY
}
elements >"$tmp/elements"
check "no script, no style sheet, image or frame fetched: only inline CSS and SVG" \
	'! grep -qE "^(script|link|img|iframe|object|embed|base) " "$tmp/elements" &&
	 ! grep -E "(href|src)=" "$tmp/elements" | grep -qE "=(https?:|//|file:|data:|javascript:)" &&
	 grep -q "^svg " "$tmp/elements" && grep -q "^style" "$tmp/elements" &&
	 grep -q "content-security-policy.*default-src .none." "$page" -i'
check "every value escaped: a file named with markup and a reason with a script stay text" \
	'! grep -qE "^(b|i|script)( |$)" "$tmp/elements" &&
	 grep -qF "&lt;b&gt;bold&lt;i&gt; &amp; &quot;quoted&quot;.txt" "$page" &&
	 grep -qF "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; more" "$page"'

# the figures are report.json's
json() { jq -r "$1" "$d/out/report.json"; }
check "counts, stages, the quarantined, the dropped and each partner's bundle are report.json's" \
	'for k in read done dropped quarantined rejected; do
	   grep -q "<span class=\"n\">$(json ".counts.$k")</span>" "$page" || exit 1
	 done
	 [ "$(grep -c "<rect " "$page")" -eq "$(json ".stages | length")" ] &&
	 grep -qF "Quarantined ($(json ".quarantined | length"))" "$page" &&
	 grep -qF "Dropped ($(json ".dropped | length"))" "$page" &&
	 [ "$(json ".dropped | length")" -ge 1 ] &&
	 for b in $(json ".partners[].bundle"); do grep -qF ">$b</a>" "$page" || exit 1; done'

# each link leads to a file the run kept
check "every link is to a file in the output folder: the kept input, its reason, the bundles" \
	'grep -oE "href=\"[^\"]*\"" "$page" | sed -e "s/^href=\"//" -e "s/\"$//" >"$tmp/links" &&
	 [ "$(grep -c "^quarantine/" "$tmp/links")" -ge 4 ] && [ "$(grep -c "^outbox/" "$tmp/links")" -eq 2 ] &&
	 while read -r l; do
	   f=$(/usr/bin/python3 -c "import sys, urllib.parse; print(urllib.parse.unquote(sys.argv[1]))" "$l")
	   [ -f "$d/out/$f" ] || { echo "# no file for $l"; exit 1; }
	 done <"$tmp/links"'

# rendered: Chromium draws the page, the bars and the count in red
shot=$tmp/report.png
timeout 120 chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run \
	--disable-extensions --disable-background-networking --window-size=1000,1500 \
	--screenshot="$shot" "file://$page" >"$tmp/chromium.log" 2>&1
/usr/bin/python3 tests/tools/png_pixels.py "$shot" 2f6db5 b3261e ffffff >"$tmp/pixels" 2>&1
cat "$tmp/pixels" | sed 's/^/# /'
px() { awk -v c="$1" '$1 == c { print $2 }' "$tmp/pixels"; }
check "headless Chromium renders it: the stage bars drawn (SVG), the bad counts in red" \
	'[ "$(head -1 "$tmp/pixels")" = "1000 1500" ] && [ "$(px 2f6db5)" -gt 2000 ] &&
	 [ "$(px b3261e)" -gt 20 ] && [ "$(px ffffff)" -gt 500000 ]'
[ -n "$KEEP" ] && cp "$shot" "$KEEP" 2>/dev/null

# a run that stops says so at the top of the page
s=$tmp/stopped
mkdir -p "$s/in"
printf 'A headline\n\nA body.\n' >"$s/in/a.txt"
cat >"$s/pipeline.yaml" <<'YAML'
name: stops
stages:
  - use: import/text
    with: {path: "in/*.txt"}
  - name: json
    use: export/json
partners:
  - name: wire
    formats: [json]
    outbox: outbox/wire
    when: when.lua
YAML
echo 'function wants(article, partner) error("the rule is broken") end' >"$s/when.lua"
(cd "$s" && "$galley" run pipeline.yaml >stdout 2>stderr)
check "a run that stops: the page says Stopped, nothing was delivered, and the error" \
	'grep -qF "<span class=\"status failed\">Stopped</span>: nothing was delivered" "$s/out/report.html" &&
	 grep -qF "the rule is broken" "$s/out/report.html"'

# point 11: the quarantine, one folder per run, kept quarantine_days
q=$tmp/quarantine
mkdir -p "$q/in"
printf 'no headline, just one long sentence that ends here.\n' >"$q/in/bad.txt"
printf 'Fine\n\nA body.\n' >"$q/in/good.txt"
printf 'name: q\nstages:\n  - use: import/text\n    with: {path: "in/*.txt"}\n  - use: export/json\n' \
	>"$q/pipeline.yaml"
(cd "$q" && "$galley" run pipeline.yaml >/dev/null 2>&1; "$galley" run pipeline.yaml >/dev/null 2>&1)
folders=$(ls "$q/out/quarantine")
check "each run sets aside into a folder of its own, named by the time it started" \
	'[ "$(echo "$folders" | wc -l)" -eq 2 ] &&
	 echo "$folders" | grep -qxE "[0-9]{8}T[0-9]{6}Z(-[0-9]+)?" &&
	 for f in $folders; do [ -f "$q/out/quarantine/$f/bad.txt-000001.reason" ] || exit 1; done'
last=$(jq -r .quarantine_folder "$q/out/report.json")
check "report.json names this run's folder and each entry's kept files in it" \
	'[ -d "$q/out/$last" ] && [ "$(jq -r ".quarantined[0].kept" "$q/out/report.json")" = "$last/bad.txt-000001" ] &&
	 [ -f "$q/out/$(jq -r ".quarantined[0].reason_file" "$q/out/report.json")" ]'

mkdir -p "$q/out/quarantine/20200101T000000Z" "$q/out/quarantine/20200101T000000Z-2" \
	"$q/out/quarantine/notes" "$q/elsewhere"
echo old >"$q/out/quarantine/20200101T000000Z/old.txt-000001.reason"
echo old >"$q/out/quarantine/20200101T000000Z-2/old.txt-000001"
echo mine >"$q/elsewhere/keep"
ln -s ../../elsewhere "$q/out/quarantine/20200102T000000Z"
echo 'quarantine_days: 0' >>"$q/pipeline.yaml"
(cd "$q" && "$galley" run pipeline.yaml >/dev/null 2>&1)
check "quarantine_days: 0 keeps every run's folder" \
	'[ -d "$q/out/quarantine/20200101T000000Z" ] && [ -d "$q/out/quarantine/20200101T000000Z-2" ]'
sed -i 's/^quarantine_days: 0/quarantine_days: 30/' "$q/pipeline.yaml"
(cd "$q" && "$galley" run pipeline.yaml >/dev/null 2>&1)
check "folders older than quarantine_days are removed; this run's and what galley did not name stay" \
	'[ ! -e "$q/out/quarantine/20200101T000000Z" ] && [ ! -e "$q/out/quarantine/20200101T000000Z-2" ] &&
	 [ -d "$q/out/quarantine/notes" ] && [ -f "$q/elsewhere/keep" ] &&
	 [ "$(ls "$q/out/quarantine" | grep -cE "^2026")" -ge 4 ]'
check "a symlink named like a run folder is not followed" \
	'[ -L "$q/out/quarantine/20200102T000000Z" ] && [ -f "$q/elsewhere/keep" ]'

sed -i 's/^quarantine_days: 30/quarantine_days: a month/' "$q/pipeline.yaml"
(cd "$q" && "$galley" check pipeline.yaml >"$tmp/check.out" 2>&1)
status=$?
check "galley check refuses a quarantine_days that is no number of days, with line and column" \
	'[ $status -eq 2 ] && grep -q "pipeline.yaml:6:18: .*quarantine_days" "$tmp/check.out"'

sed -i "s/^quarantine_days: a month/quarantine_days: 1/" "$q/pipeline.yaml"
rm -rf "$q/out"
(cd "$q" && "$galley" run pipeline.yaml --dry-run >/dev/null 2>&1)
check "a dry run writes no report and sets nothing aside" \
	'[ ! -e "$q/out/report.html" ] && [ ! -e "$q/out/quarantine" ]'

# the quarantine folder itself a symlink out of the output: nothing there removed
l=$tmp/linked
mkdir -p "$l/in" "$l/elsewhere/20200101T000000Z" "$l/out"
echo mine >"$l/elsewhere/20200101T000000Z/keep"
cp "$q/in/"*.txt "$l/in/"
printf 'name: l\nstages:\n  - use: import/text\n    with: {path: "in/*.txt"}\n  - use: export/json\n' >"$l/pipeline.yaml"
ln -s ../elsewhere "$l/out/quarantine"
(cd "$l" && "$galley" run pipeline.yaml >/dev/null 2>"$l/stderr")
check "a quarantine folder that is a symlink out of the output: nothing written or removed through it" \
	'[ -f "$l/elsewhere/20200101T000000Z/keep" ] && [ "$(ls "$l/elsewhere")" = 20200101T000000Z ] &&
	 grep -q "out/quarantine is a symlink inside the output folder" "$l/stderr"'
