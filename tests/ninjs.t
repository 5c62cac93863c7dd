#!/bin/sh
# ninjs.t — export/ninjs checked by IPTC's own schemas: every sample, the
# seed article and every fixture article, as ninjs 2.1 and 3.0, validated
# with python3-jsonschema (Debian's /usr/bin/python3) against the official
# schemas in tests/fixtures/ninjs/ (the samples hold the seed article);
# hostile text survives exactly; the same
# inputs give the same bytes; import/ninjs reads both versions back into
# the same article, and mends a lone surrogate escape.
set -u
root=$(pwd)
galley="$root/${GALLEY:-build/galley}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "1..10"
mkdir -p "$work/in"
cp pipelines/samples/*.txt tests/fixtures/articles/*.txt "$work/in/"
cat >"$work/pipeline.yaml" <<'YAML'
stages:
  - use: import/text
    with: {path: "in/*.txt", language: en}
  - name: v21
    use: export/ninjs
    with: {dir: ninjs21, copyrightholder: Development Magazine, usageterms: "Partners only"}
  - name: v30
    use: export/ninjs
    with: {version: "3.0", dir: ninjs30, copyrightholder: Development Magazine}
YAML
inputs=$(ls "$work/in" | wc -l)
(cd "$work" && SOURCE_DATE_EPOCH=1767225600 "$galley" run pipeline.yaml 2>"$work/stderr"; echo $? >"$work/status")
if [ "$(cat "$work/status")" = 0 ] && [ "$(ls "$work/out/ninjs21" | wc -l)" = "$inputs" ] &&
	[ "$(ls "$work/out/ninjs30" | wc -l)" = "$inputs" ]; then
	echo "ok 1 - $inputs articles exported as ninjs 2.1 and 3.0"
else
	echo "not ok 1 - run: status $(cat "$work/status"), $inputs inputs"
	sed 's/^/# /' "$work/stderr"
fi
check() { # n, schema, dir
	if out=$(/usr/bin/python3 tests/tools/validate_ninjs.py "tests/fixtures/ninjs/ninjs-schema_$2.json" "$work/out/$3"/*.json 2>&1); then
		echo "ok $1 - every file valid against ninjs-schema_$2.json"
	else
		echo "not ok $1 - invalid against ninjs-schema_$2.json"
		echo "$out" | sed 's/^/# /'
	fi
}
check 2 2.1 ninjs21
check 3 3.0 ninjs30
# the schemas tell the versions apart: 2.1 output is not valid 3.0
if /usr/bin/python3 tests/tools/validate_ninjs.py tests/fixtures/ninjs/ninjs-schema_3.0.json "$work/out/ninjs21"/*.json >/dev/null 2>&1; then
	echo "not ok 4 - the 3.0 schema accepted 2.1 output: the check cannot fail"
else
	echo "ok 4 - the 3.0 schema refuses 2.1 output"
fi
if /usr/bin/python3 - "$work/out" <<'PY'
import json, sys
d = sys.argv[1]
n = json.load(open(d + "/ninjs21/hostile-text.json"))
want = "</script><script>alert(1)</script> ]]> <!-- &amp; \"quoted\" 'single'"
assert n["headlines"][0]["value"] == want, n["headlines"][0]
assert n["by"] == "Ann \"Quotes\" O'Hara & Co", n["by"]
html = [b for b in n["bodies"] if b["contenttype"] == "text/html"][0]["value"]
assert "<script>" not in html and "&lt;/script&gt;&lt;script&gt;" in html, html
assert "\u2028" in [b for b in n["bodies"] if b["contenttype"] == "text/plain"][0]["value"]
raw = open(d + "/ninjs21/hostile-text.json", encoding="ascii").read()   # \u escapes only
assert "\u2028" not in raw and "\\u2028" in raw
assert n["firstcreated"] == "2026-11-24T07:30:00Z", n.get("firstcreated")
PY
then echo "ok 5 - hostile text comes out exact, escaped in HTML, ASCII-only JSON"
else echo "not ok 5 - hostile text"
fi
mv "$work/out" "$work/first"
(cd "$work" && SOURCE_DATE_EPOCH=1767225600 "$galley" run pipeline.yaml 2>/dev/null)
if diff -r "$work/first/ninjs21" "$work/out/ninjs21" >/dev/null && diff -r "$work/first/ninjs30" "$work/out/ninjs30" >/dev/null; then
	echo "ok 6 - same inputs, byte-identical exports"
else
	echo "not ok 6 - two runs differ"
fi
seed=$(ls "$work/first/ninjs21" | grep -c three-reasons)
if [ "$seed" -ge 1 ] && /usr/bin/python3 -c "
import json,sys
n=json.load(open(sys.argv[1]))
assert n['headlines'][1]=={'role':'sub','contenttype':'text/plain','value':'Development magazine explains'}
a=n['associations'][0]
assert a['by']=='Istockphotos/OSTILL' and a['descriptions'][0]['role']=='caption'
assert n['copyrightholder']=='Development Magazine' and n['usageterms']=='Partners only'
assert '<blockquote><p>It potentially can create discontent' in n['bodies'][0]['value']
" "$work/first/ninjs21/three-reasons-for-russias-actions-in-nagorno-karabakh.json"; then
	echo "ok 7 - the seed article maps kicker, caption, credit, quote and rights"
else
	echo "not ok 7 - the seed article's mapping"
fi
# import/ninjs reads galley's own ninjs back: the same article
back() { # dir of ninjs files -> $work/back/out/json
	rm -rf "$work/back" && mkdir -p "$work/back"
	cat >"$work/back/pipeline.yaml" <<YAML
stages:
  - use: import/ninjs
    with: {path: "$1/*.json"}
  - use: export/json
YAML
	(cd "$work/back" && "$galley" run pipeline.yaml 2>"$work/back/stderr")
}
fields='{headline, kicker, standfirst, section, language, keywords, entities, media,
	body: [.body[] | .text |= (gsub("[\u0001-\u0008\ufffe]"; "") | gsub("\\s+"; " "))
	| .speaker //= null]}'
round_trip() { # version dir
	back "$work/first/$1"
	for f in "$work"/jsonrun/json/*.json; do
		id=$(basename "$f")
		a=$(jq -S "$fields" "$f") b=$(jq -S "$fields" "$work/back/out/json/$id" 2>&1)
		if [ "$a" != "$b" ]; then
			echo "$a" >"$work/a.txt" && echo "$b" >"$work/b.txt"
			echo "$1/$id differs:" && diff "$work/a.txt" "$work/b.txt" | head
			return 1
		fi
	done
}
cat >"$work/json.yaml" <<'YAML'
output: jsonrun
stages:
  - use: import/text
    with: {path: "in/*.txt", language: en}
  - use: export/json
YAML
(cd "$work" && "$galley" run json.yaml 2>/dev/null)
for n in 8 9; do
	v=$([ $n = 8 ] && echo ninjs21 || echo ninjs30)
	if said=$(round_trip $v 2>&1); then
		echo "ok $n - import/ninjs reads $v back: headline, kicker, standfirst, body blocks, media, entities"
	else
		echo "not ok $n - import/ninjs round trip of $v"
		echo "$said" | sed 's/^/# /'
	fi
done
mkdir -p "$work/lone"
printf '{"uri": "urn:x:1", "headlines": [{"role": "main", "value": "Lone \\ud800 surrogate and a pair \\ud83d\\ude00"}], "bodies": [{"role": "main", "contenttype": "text/plain", "value": "A \\udc00 low one."}]}\n' >"$work/lone/lone.json"
back "$work/lone"
want=$(printf 'Lone \357\277\275 surrogate and a pair \360\237\230\200')
if [ "$(jq -r .headline "$work/back/out/json/lone-surrogate-and-a-pair.json" 2>/dev/null)" = "$want" ] &&
	grep -q "2 lone surrogate escapes replaced by U+FFFD" "$work/back/stderr"; then
	echo "ok 10 - a lone surrogate escape in JSON input becomes U+FFFD, with a warning; a pair stays"
else
	echo "not ok 10 - lone surrogate escapes"
	sed 's/^/# /' "$work/back/stderr"
fi
