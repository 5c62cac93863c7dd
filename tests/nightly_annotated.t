#!/bin/sh
# nightly_annotated.t — the shipped nightly pipeline (pipelines/nightly.yaml)
# on the samples: the clean-and-annotate facts partners pay for, on the
# seed article and on the Norwegian and Swedish samples, checked with jq.
set -u
root=$(pwd)
galley="$root/${GALLEY:-build/galley}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. tests/tools/tap.sh
echo "1..12"
"$galley" run -q pipelines/nightly.yaml --set OUT="$tmp/out" >"$tmp/stdout" 2>"$tmp/stderr"
status=$?
seed="$tmp/out/json/three-reasons-for-russias-actions-in-nagorno-karabakh.json"
nb="$tmp/out/json/fjord-ferry-electric.json"
sv="$tmp/out/json/djurgardslinjen-oppnar-igen.json"
is() { [ "$(jq -r "$2" "$1" 2>/dev/null)" = true ]; }
body='[.body[].text] | join("\n")'

check "the nightly pipeline runs clean (exit 0)" '[ $status -eq 0 ]'
check "them . is fixed" "is '$seed' '($body) | (contains(\"them .\") | not) and contains(\"their backs on them.\")'"
check "' - or not at all - ' takes en dashes" "is '$seed' '($body) | contains(\"acted late – or not at all – to prevent\")'"
check "ODKB becomes CSTO (house style)" "is '$seed' '($body) | contains(\"members of the CSTO military alliance\") and (contains(\"ODKB\") | not)'"
check "language en, detected (not set by the pipeline)" \
	"is '$seed' '.language == \"en\" and .extra.language.code == \"en\" and .extra.language.reliable'"
check "places: Russia, Armenia, Azerbaijan, Ukraine, Nagorno-Karabakh" \
	"is '$seed' '[.entities[] | select(.type == \"place\") | .name] | contains([\"Russia\", \"Armenia\", \"Azerbaijan\", \"Ukraine\", \"Nagorno-Karabakh\"])'"
check "people: Vladimir Putin, Nikol Pashinyan, Jakob Hedenskog" \
	"is '$seed' '[.entities[] | select(.type == \"person\") | .name] | contains([\"Vladimir Putin\", \"Nikol Pashinyan\", \"Jakob Hedenskog\"])'"
check "organisations: the EU and the CSTO" \
	"is '$seed' '[.entities[] | select(.type == \"organisation\") | .name] | contains([\"European Union\", \"Collective Security Treaty Organization\"])'"
check "the quote 'It potentially can create discontent…' has speaker Jakob Hedenskog" \
	"is '$seed' '[.extra.quotes[] | select(.text | startswith(\"It potentially can create discontent\"))] | length == 1 and .[0].speaker == \"Jakob Hedenskog\"'"
check "om of 'Conflicts om' is a suspect word" \
	"is '$seed' '[.extra.suspect_words[] | select(.word == \"om\" and .block == 0 and .start == 10)] | length == 1'"
check "the Norwegian sample reads as nb and gets «»" \
	"is '$nb' '.extra.language.code == \"nb\" and (($body) | contains(\"kaller ferja «den stille»\"))'"
check "the Swedish sample reads as sv and gets ” ”" \
	"is '$sv' '.extra.language.code == \"sv\" and (($body) | contains(\"kallar linjen ”museispåret”\"))'"
