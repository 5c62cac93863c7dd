#!/bin/sh
# seed_article.t — the acceptance facts for the seed article after
# import/text + clean/text, checked field by field with jq.
set -u
json=tests/cli/001-seed-article/expected/out/json/three-reasons-for-russias-actions-in-nagorno-karabakh.json
n=0
check() { # description, jq filter that must print true
	n=$((n + 1))
	if [ "$(jq -r "$2" "$json")" = true ]; then echo "ok $n - $1"; else echo "not ok $n - $1"; fi
}
echo "1..12"
check "headline" '.headline == "Three reasons for Russia'"'"'s actions in Nagorno-Karabakh"'
check "kicker" '.kicker == "Development magazine explains"'
check "standfirst is the two sentences before Pictured:" \
	'.standfirst == "Russia has gradually shifted its position in the conflict over Nagorno-Karabakh. Development Magazine explains the potential reasons for that."'
check "one image with its caption" \
	'(.media | length) == 1 and .media[0].caption == "The memorial monument Susha/Sushi in Nagorno Karabakh, a landmark for Armenia'"'"'s partial victory in the 1992 conflict."'
check "image credit without the final period" '.media[0].credit == "Istockphotos/OSTILL"'
check "both subheadings are headings" \
	'[.body[] | select(.type == "heading") | .text] == ["Russia'"'"'s shifting loyalties", "The conflict over Nagorno-Karabakh"]'
check "the analyst's words are a quote with its speaker" \
	'[.body[] | select(.type == "quote")] | length == 1 and (.[0].text | startswith("It potentially can create discontent")) and .[0].speaker == "Jakob Hedenskog"'
check "no Share this: footer" '[.. | strings | select(contains("Share this"))] | length == 0'
check "no space before punctuation" '[.. | strings | select(test(" [.,;:!?]"))] | length == 0'
check "no double spaces" '[.. | strings | select(contains("  "))] | length == 0'
check "no trailing or leading spaces" '[.. | strings | select(test("^ | $"))] | length == 0'
# the demo pipeline's house style: ODKB -> CSTO at word boundaries
demo=tests/cli/002-nightly-demo/expected/out/json/three-reasons-for-russias-actions-in-nagorno-karabakh.json
if grep -q 'members of the CSTO military alliance' "$demo" && ! grep -q ODKB "$demo"; then
	echo "ok 12 - house style replaces ODKB with CSTO"
else
	echo "not ok 12 - house style replaces ODKB with CSTO"
fi
