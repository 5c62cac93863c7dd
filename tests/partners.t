#!/bin/sh
# partners.t — nightly delivery to partners: filters and formats, only new
# and changed articles, BagIt checked independently, reproducible bundles,
# the lock, and crash safety (GALLEY_FAULT stops a run at a named point).
set -u
KEEP=${KEEP:-}
galley=$(pwd)/${GALLEY:-build/galley}
plugins=$(dirname "$galley")/tests/plugins
root=$(pwd)
tmp=$(mktemp -d)
[ -n "$KEEP" ] || trap 'rm -rf "$tmp"' EXIT; echo "# scratch: $tmp"
export SOURCE_DATE_EPOCH=1767225600
echo "1..21"
. tests/tools/tap.sh

setup() { # DIR: a night's input and the pipeline
	mkdir -p "$1/in"
	cp "$root"/pipelines/samples/*.txt "$1/in/"
	cat >"$1/pipeline.yaml" <<YAML
name: nightly
plugin_path: [$plugins]
stages:
  - use: import/text
    with: {path: "in/*.txt", language: en}
  - use: clean/text
  - name: json
    use: export/json
    write_files: false
  - use: load/slow
    with:
      micros: \${SLOW:-0}
partners:
  - name: nordic
    languages: [nb, sv]
    formats: [json]
    archive: tar.gz
    outbox: outbox/nordic
  - name: bag
    formats: [json]
    archive: tar
    layout: bagit
    organization: Development Magazine
    outbox: outbox/bag
  - name: zipped
    sections: [Innenriks]
    formats: [json]
    archive: zip
    outbox: outbox/zip
  - name: long
    when: long.lua
    formats: [json]
    outbox: outbox/long
YAML
	cat >"$1/long.lua" <<'LUA'
-- long reads only: 300 words or more
function wants(article, partner)
  local words = 0
  for _ in galley.re.gmatch(article:text(), "\\w+") do words = words + 1 end
  return words >= 300
end
LUA
}
run() { (cd "$1" && shift && "$galley" run pipeline.yaml "$@" 2>>stderr); }
members() { bsdtar -tf "$1" | sed -n 's|^[^/]*/\(data/\)\{0,1\}json/\(.*\)\.json$|\2|p' | sort | tr '\n' ' '; }

a=$tmp/a
setup "$a"
run "$a"
check "night 1 exits 0" '[ $? -eq 0 ]'
check "nordic gets the Norwegian and Swedish articles only" \
	'[ "$(members "$a"/outbox/nordic/nordic-2026-01-01-1.tar.gz)" = "djurgardslinjen-oppnar-igen fjord-ferry-electric " ]'
check "bag gets all five; zipped the one Innenriks article (unzip -t is happy)" \
	'[ "$(members "$a"/outbox/bag/bag-2026-01-01-1.tar | wc -w)" -eq 5 ] &&
	 [ "$(members "$a"/outbox/zip/zipped-2026-01-01-1.zip)" = "fjord-ferry-electric " ] &&
	 unzip -tq "$a"/outbox/zip/zipped-2026-01-01-1.zip >/dev/null'

check "a when: predicate in Lua picks the long read only" \
	'[ "$(members "$a"/outbox/long/long-2026-01-01-1.tar.gz)" = "three-reasons-for-russias-actions-in-nagorno-karabakh " ]'
# a partner's outputs change (the bundle's archive format): the run says
# so once, naming the command that re-sends, and the next run is quiet
o=$tmp/outputs
setup "$o"
run "$o" -q
sed -i 's/^    archive: zip$/    archive: tar.xz/' "$o/pipeline.yaml"
run "$o" -q
run "$o" -q
check "a partner whose outputs changed: said once, with the command that re-sends" \
	'[ "$(grep -c "partner zipped: its outputs changed since the last run (archive: zip → tar.xz)" "$o/stderr")" -eq 1 ] &&
	 grep -q "\`galley run pipeline.yaml --partner zipped --full\` re-sends everything" "$o/stderr" &&
	 ! grep -q "partner nordic: its outputs changed" "$o/stderr"'

w=$tmp/broken-when
setup "$w"
echo 'function wants(article) return article.nothing.here end' >"$w/long.lua"
(cd "$w" && "$galley" run pipeline.yaml 2>err)
check "a failing predicate fails the run (exit 3) and publishes nothing" \
	'[ $? -eq 3 ] && [ -z "$(ls "$w"/outbox/*/ 2>/dev/null | grep -v "^\(.*:\)\{0,1\}$")" ] &&
	 grep -q "partner long: when .*long.lua, article .*: long.lua:1: attempt to index a nil value" "$w/err"'

# BagIt, checked without galley: every manifest line, the tag manifest,
# Payload-Oxum
bagdir=$tmp/bagcheck
mkdir -p "$bagdir" && bsdtar -xf "$a"/outbox/bag/bag-2026-01-01-1.tar -C "$bagdir"
bag=$bagdir/bag-2026-01-01-1
oxum=$(cd "$bag" && find data -type f -printf '%s\n' | awk '{ b += $1; n++ } END { print b "." n }')
check "the BagIt bag validates (manifests, Payload-Oxum, bagit.txt)" \
	'(cd "$bag" && sha256sum --quiet -c manifest-sha256.txt && sha256sum --quiet -c tagmanifest-sha256.txt) &&
	 grep -qx "Payload-Oxum: $oxum" "$bag/bag-info.txt" &&
	 [ "$(wc -l <"$bag/manifest-sha256.txt")" -eq "$(find "$bag/data" -type f | wc -l)" ] &&
	 grep -qx "BagIt-Version: 1.0" "$bag/bagit.txt"'

run "$a"
check "a re-run sends nothing and says so, exit 0" \
	'[ $? -eq 0 ] && [ "$(ls "$a"/outbox/bag | wc -l)" -eq 2 ] &&
	 grep -q "partner bag: nothing new to send (5 unchanged)" "$a/stderr"'

# night 2: one article edited, one added
printf '\nThe first electric ferry leaves at 06:00.\n' >>"$a/in/fjord-ferry.txt"
sed 's/^id: .*//; s/City libraries extend opening hours/Libraries open on Sundays/' \
	"$root/pipelines/samples/library-hours.txt" >"$a/in/sunday-libraries.txt"
run "$a"
check "night 2 sends exactly the edited and the new article" \
	'[ "$(members "$a"/outbox/bag/bag-2026-01-01-2.tar)" = "fjord-ferry-electric libraries-open-on-sundays " ] &&
	 [ "$(members "$a"/outbox/nordic/nordic-2026-01-01-2.tar.gz)" = "fjord-ferry-electric " ]'
rep=$a/out/report.json
side=$(cut -d' ' -f1 "$a"/outbox/bag/bag-2026-01-01-2.tar.sha256)
check "report.json names each partner's bundle with its SHA-256, and the counts" \
	'[ "$(jq -r ".partners[] | select(.partner == \"bag\") | \"\(.sent) \(.bundle) \(.sha256)\"" "$rep")" = "2 bag-2026-01-01-2.tar $side" ] &&
	 [ "$(jq -r ".status, .counts.read, .counts.done, (.stages | length)" "$rep" | tr "\n" " ")" = "ok 6 6 4 " ]'
printf 'no headline here, just a sentence.\n' >"$a/in/zz-broken.txt"
(cd "$a" && "$galley" status pipeline.yaml >status.out 2>status.err)
check "galley status: last runs, per-partner counts, what would be sent now" \
	'grep -q "^  bag  *6 articles in 2 bundles; last bag-2026-01-01-2.tar" "$a/status.out" &&
	 grep -q "^  [0-9TZ:-]*  ok  *6 read, 6 done, 0 quarantined, 4 sent" "$a/status.out" &&
	 grep -q "partner bag: 0 articles would be sent (6 unchanged)" "$a/status.out"'
run "$a"
check "a quarantined input is in report.json with its reason" \
	'[ "$(jq -r ".quarantined[0] | \"\(.source) \(.stage)\"" "$rep")" = "in/zz-broken.txt import/text" ] &&
	 jq -e ".quarantined[0].reason | startswith(\"no headline\")" "$rep" >/dev/null'
rm "$a/in/zz-broken.txt"
run "$a" --partner bag --full
check "--partner bag --full re-sends everything to that partner only" \
	'[ "$(members "$a"/outbox/bag/bag-2026-01-01-3.tar | wc -w)" -eq 6 ] && [ ! -e "$a"/outbox/nordic/nordic-2026-01-01-3.tar.gz ]'

run "$a" --since 2026-11-23 --partner nordic
check "--since re-sends what is dated from that day (the ferry, published 2026-11-23)" \
	'[ "$(members "$a"/outbox/nordic/nordic-2026-01-01-3.tar.gz)" = "fjord-ferry-electric " ]'

# reproducible: the same night twice, and with 1 or 2 workers
for d in b c; do setup "$tmp/$d"; done
run "$tmp/b" --jobs 1
run "$tmp/c" --jobs 2
check "bundles are byte-identical across runs and --jobs 1/2" \
	'cmp -s "$tmp"/b/outbox/bag/bag-2026-01-01-1.tar "$tmp"/c/outbox/bag/bag-2026-01-01-1.tar &&
	 cmp -s "$tmp"/b/outbox/nordic/nordic-2026-01-01-1.tar.gz "$tmp"/c/outbox/nordic/nordic-2026-01-01-1.tar.gz &&
	 cmp -s "$tmp"/b/outbox/nordic/nordic-2026-01-01-1.tar.gz "$a"/outbox/nordic/nordic-2026-01-01-1.tar.gz'

# the lock: a slow run holds it; a second one exits 3 naming the holder
l=$tmp/lock
setup "$l"
(cd "$l" && SLOW=400000 "$galley" run pipeline.yaml 2>first.err) &
first=$!
# wait until the first run holds the lock (its pid is in the lock file)
i=0
while [ $i -lt 100 ] && ! grep -qx "$first" "$l/outbox/galley-state.sqlite.lock" 2>/dev/null; do
	sleep 0.1
	i=$((i + 1))
done
(cd "$l" && "$galley" run pipeline.yaml 2>second.err)
second=$?
wait $first
check "a second run exits 3 naming the lock and the first run's pid" \
	'[ $second -eq 3 ] && grep -q "galley-state.sqlite.lock (pid $first)" "$l/second.err"'

# crash safety: killed at each point, no partial bundle under its name;
# the next run sends every article exactly once
for point in while-packing before-rename after-rename; do
	k=$tmp/kill-$point
	setup "$k"
	(cd "$k" && GALLEY_FAULT=$point "$galley" run pipeline.yaml 2>/dev/null)
	killed=$?
	# bundles under a final name (nordic is published first)
	visible=$(ls "$k"/outbox/* 2>/dev/null | grep -c '\.\(tar\|tar\.gz\|zip\)$')
	run "$k"
	sent() { for f in "$k"/outbox/$1/*.$2; do members "$f"; done | tr ' ' '\n' | grep .; }
	expect_visible=0
	[ $point = after-rename ] && expect_visible=1
	check "killed $point: $expect_visible bundle visible, then every article sent exactly once" \
		'[ $killed -eq 137 ] && [ "$visible" -eq $expect_visible ] &&
		 [ "$(sent bag tar | wc -l)" -eq 5 ] && [ "$(sent bag tar | sort -u | wc -l)" -eq 5 ] &&
		 [ "$(sent nordic tar.gz | wc -l)" -eq 2 ] && [ "$(sent zip zip | wc -l)" -eq 1 ] &&
		 [ -z "$(ls -A "$k"/outbox/* | grep "^\.")" ]'
done

# an archive's pictures travel with their article into the partner's bundle
w=$tmp/wire
mkdir -p "$w/in"
cp "$root/tests/cli/078-archive-imports/inbox/wire.tar.gz" "$w/in/"
cat >"$w/pipeline.yaml" <<YAML
stages:
  - use: import/archive
    with: {path: "in/*"}
  - name: ninjs
    use: export/ninjs
    write_files: false
partners:
  - name: wire
    formats: [ninjs]
    archive: tar
    outbox: outbox
YAML
(cd "$w" && "$galley" run pipeline.yaml 2>/dev/null)
wire_members=$(tar -tf "$w"/outbox/wire-*.tar 2>/dev/null)
check "an archive's picture travels with its article into the partner bundle" \
	'echo "$wire_members" | grep -q "/media/devmag-2023-10-12-russia-karabakh/susha-memorial.jpg$" &&
	 echo "$wire_members" | grep -q "/ninjs/devmag-2023-10-12-russia-karabakh.json$" &&
	 tar -xOf "$w"/outbox/wire-*.tar --wildcards "*/ninjs/*.json" | grep -q "media/devmag-2023-10-12-russia-karabakh/susha-memorial.jpg"'

# disk full: the bundle cannot be written; exit 3, outbox and state as before
f=$tmp/full
setup "$f"
run "$f"
before=$(ls -R "$f/outbox" | md5sum; sqlite3 "$f/outbox/galley-state.sqlite" 'select count(*) from delivered' 2>/dev/null)
# a long article: its bundles outgrow the limit, the state's writes do not
awk 'BEGIN { print "A very long report"; for (i = 0; i < 6000; i++)
	printf "\nParagraph %d of the long report on the harbour and its ferries.\n", i }' \
	>"$f/in/long-report.txt"
(cd "$f" && ulimit -f 400 && "$galley" run pipeline.yaml 2>full.err)
status=$?
after=$(ls -R "$f/outbox" | md5sum; sqlite3 "$f/outbox/galley-state.sqlite" 'select count(*) from delivered' 2>/dev/null)
check "disk full: exit 3, the outbox and the state unchanged" \
	'[ $status -eq 3 ] && [ "$before" = "$after" ] && grep -qi "too large" "$f/full.err"'
