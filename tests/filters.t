#!/bin/sh
# filters.t — partner filters as a newsroom means them (issue 32, points
# 1–2): a language range takes its regional tags (BCP 47 lookup), sections
# and tags compare after Unicode case folding, a language that is no tag is
# refused at check time, and a filter that matched nothing says so; and
# galley status counts one article in one bundle in the singular (16).
set -u
galley=$(pwd)/${GALLEY:-build/galley}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export SOURCE_DATE_EPOCH=1767225600
echo "1..5"
. tests/tools/tap.sh

mkdir -p "$tmp/in"
printf -- '---\nlanguage: en-GB\nsection: World\nkeywords: [Straße]\n---\nA British story\n\nText of the story, long enough.\n' >"$tmp/in/gb.txt"
printf -- '---\nlanguage: nb\nsection: Sport\n---\nEn norsk sak\n\nTekst i saken, lang nok.\n' >"$tmp/in/nb.txt"
pipeline() { # PARTNER LINES
	cat >"$tmp/pipeline.yaml" <<YAML
stages:
  - use: import/text
    with: {path: "in/*.txt"}
  - name: json
    use: export/json
partners:
  - name: wire
    formats: [json]
    archive: tar
    outbox: outbox
$1
YAML
}
members() { tar -tf "$tmp"/outbox/wire-2026-01-01-1.tar 2>/dev/null | sed -n 's|.*/json/\(.*\)\.json$|\1|p' | tr '\n' ' '; }

pipeline "    languages: [en]"
(cd "$tmp" && "$galley" run pipeline.yaml >/dev/null 2>&1)
check "languages: [en] takes an article in en-GB (and not one in nb)" '[ "$(members)" = "a-british-story " ]'

rm -rf "$tmp/outbox" "$tmp/galley-state.sqlite"* "$tmp/out"
pipeline "    sections: [world]
    tags: [STRASSE]"
(cd "$tmp" && "$galley" run pipeline.yaml >/dev/null 2>&1)
check "sections: [world] takes \"World\", tags: [STRASSE] takes \"Straße\" (case folding)" \
	'[ "$(members)" = "a-british-story " ]'

pipeline "    languages: [english]"
(cd "$tmp" && "$galley" check pipeline.yaml >check.out 2>check.err)
status=$?
check "languages: [english] is refused by galley check, at its line" \
	'[ $status -eq 2 ] && grep -q "pipeline.yaml:[0-9]*:[0-9]*: .english. in languages is not a BCP 47 language tag" "$tmp/check.err"'

rm -rf "$tmp/outbox" "$tmp/galley-state.sqlite"* "$tmp/out"
pipeline "    sections: [Weather]"
(cd "$tmp" && "$galley" run pipeline.yaml >/dev/null 2>run.err)
check "a partner whose filters matched none of the night's articles gets a warning, not a quiet night" \
	'grep -q "partner wire: its filters matched none of this run.s 2 articles" "$tmp/run.err"'

# one article in one bundle is said so (issue 32, point 16)
rm -rf "$tmp/outbox" "$tmp/galley-state.sqlite"* "$tmp/out"
pipeline "    languages: [en]"
(cd "$tmp" && "$galley" run pipeline.yaml >/dev/null 2>&1 && "$galley" status pipeline.yaml >status.out 2>&1)
check "galley status: \"1 article in 1 bundle\", not \"1 articles in 1 bundles\"" \
	'grep -q "^  wire  *1 article in 1 bundle; last wire-2026-01-01-1.tar" "$tmp/status.out"'
