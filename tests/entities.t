#!/bin/sh
# entities.t — annotate/entities with the shipped gazetteers
# (pipelines/gazetteers/ and iso-codes): the seed article's places, people
# and organisations with ids, and mentions whose offsets hold their text;
# the false positives it must not make (Turkey the bird, May the month, a
# name inside a URL or inside a longer word) beside the right hits (the
# country with context, the person with her full name, a Norwegian
# genitive, a name given for one language only); and a test per bad
# gazetteer, each naming its file, line and column.
set -u
root=$(pwd)
galley="$root/${GALLEY:-build/galley}"
tmp=$(mktemp -d)
trap '[ -n "${KEEP:-}" ] || rm -rf "$tmp"' EXIT
echo "1..9"
. tests/tools/tap.sh

# run NAME INPUTS [GAZETTEERS [MORE SETTINGS]]
run() {
	mkdir -p "$tmp/$1"
	cat >"$tmp/$1/p.yaml" <<YAML
stages:
  - use: import/text
    with: {path: "$2"}
  - use: annotate/entities
    with: {gazetteers: "${3:-$root/pipelines/gazetteers/*.yaml}"${4:-}}
  - use: export/json
YAML
	(cd "$tmp/$1" && "$galley" run p.yaml >stdout 2>stderr; echo $? >status)
}
names() { jq -r '[.entities[] | .type + ":" + .name] | join(", ")' "$tmp/$1/out/json/$2.json"; }

run seed "$root/pipelines/samples/russia-nagorno-karabakh.txt"
seed="$tmp/seed/out/json/three-reasons-for-russias-actions-in-nagorno-karabakh.json"
check "the seed: places, people and organisations, each once, with ids" \
	'got=$(names seed three-reasons-for-russias-actions-in-nagorno-karabakh) &&
	 for e in place:Russia place:Armenia place:Azerbaijan place:Ukraine place:Nagorno-Karabakh \
		"person:Vladimir Putin" "person:Nikol Pashinyan" "person:Jakob Hedenskog" \
		"organisation:European Union" "organisation:Collective Security Treaty Organization"; do
		case ", $got, " in *", $e, "*) ;; *) echo "# missing $e"; false ;; esac || exit 1; done &&
	 jq -e "[.entities[] | .type + .name] | length == (unique | length)" "$seed" >/dev/null &&
	 jq -e ".entities[] | select(.name == \"Russia\") | .id == \"iso3166:RU\"" "$seed" >/dev/null &&
	 jq -e ".entities[] | select(.name == \"Vladimir Putin\") | .id == \"galley:person/vladimir-putin\"" "$seed" >/dev/null'

check "the seed: every mention's offsets hold its text (ODKB counts for the CSTO)" \
	'python3 - "$seed" <<PY
import json, sys
a = json.load(open(sys.argv[1]))
def text(m):
    f = m["field"]
    t = a[f] if f in ("headline", "standfirst") else \
        a["body"][m["block"]]["text"] if f == "body" else a["media"][m["block"]]["caption"]
    return t.encode()[m["start"]:m["end"]].decode()
ms = a["extra"]["mentions"]
assert ms and all(text(m) == m["text"] for m in ms), [m for m in ms if text(m) != m["text"]]
assert any(m["text"] == "ODKB" and m["id"] == "galley:org/csto" for m in ms)
assert any(m["text"] == "Vladimir Putin" for m in ms) and not any(m["text"] == "Vladimir" for m in ms)
PY'

run fp "$root/tests/fixtures/entities/*.txt"
out="$tmp/fp/out/json"
check "Turkey the bird is not tagged; Turkey the country, with Ankara beside it, is" \
	'[ "$(names fp how-to-roast-a-holiday-bird)" = "" ] &&
	 [ "$(names fp turkey-and-sweden-sign-a-trade-deal)" = "place:Turkey, place:Sweden" ]'
check "May the month is not tagged; Theresa May is, and May after her name" \
	'[ "$(names fp ferry-timetable-changes-in-may)" = "" ] &&
	 [ "$(names fp former-prime-minister-gives-lecture)" = "person:Theresa May" ] &&
	 [ "$(jq "[.extra.mentions[] | select(.text == \"May\")] | length" "$out/former-prime-minister-gives-lecture.json")" = 2 ]'
check "nothing inside a URL, a web address or an e-mail address; nothing inside a longer word" \
	'[ "$(names fp where-to-read-the-interview)" = "" ] &&
	 jq -e ".extra.mentions == null" "$out/where-to-read-the-interview.json" >/dev/null &&
	 [ "$(names fp words-that-hold-names)" = "" ]'
check "Norwegian copy: genitive s (Putins, Russlands) and names given for nb only (Tyskland, Moskva)" \
	'[ "$(names fp putins-nye-linje-i-kaukasus)" = "person:Vladimir Putin, place:Caucasus, place:Russia, place:Armenia, place:Moscow, place:Germany, organisation:European Union" ]'

# bad gazetteers: one file each
bad() { # NAME YAML
	mkdir -p "$tmp/bad-$1"
	printf '%s\n' "$2" >"$tmp/bad-$1/g.yaml"
	run "bad-$1" "$root/tests/fixtures/entities/may-month.txt" "$tmp/bad-$1/g.yaml"
}
bad syntax 'type: person
entries:
  - id: x
    name: [unclosed'
bad key 'type: person
entries:
  - id: galley:person/x
    name: X
    alias: [Y]'
bad twice 'type: place
entries:
  - {id: galley:place/x, name: X}
  - {id: galley:place/x, name: Y}'
bad context 'type: person
entries:
  - {id: galley:person/may, name: May, ambiguous: [May]}'
bad bomb 'a: &a [x, x, x]
b: &b [*a, *a, *a]
type: person
entries: []'
check "bad gazetteers stop the run (exit 2), each naming file, line and column" \
	'for c in syntax key twice context bomb; do [ "$(cat "$tmp/bad-$c/status")" = 2 ] || exit 1; done &&
	 grep -q "g.yaml:5:1: did not find expected .,. or .\]." "$tmp/bad-syntax/stderr" &&
	 grep -q "g.yaml:5:5: unknown key .alias. in an entry" "$tmp/bad-key/stderr" &&
	 grep -q "g.yaml:4:10: id .galley:place/x. is defined twice" "$tmp/bad-twice/stderr" &&
	 grep -q "g.yaml:3:5: entry .galley:person/may. has ambiguous names but no context" "$tmp/bad-context/stderr" &&
	 grep -q "g.yaml:2:8: an alias (\*name); galley does not expand YAML aliases" "$tmp/bad-bomb/stderr"'

run none "$root/tests/fixtures/entities/may-month.txt" "$tmp/nowhere/*.yaml"
check "a gazetteer pattern that matches no file stops the run" \
	'[ "$(cat "$tmp/none/status")" = 2 ] && grep -q "no gazetteer file matches .*nowhere/\*.yaml" "$tmp/none/stderr"'

run quiet "$root/pipelines/samples/russia-nagorno-karabakh.txt" "" ", mentions: false"
check "mentions: false keeps the entities and leaves extra.mentions out" \
	'q="$tmp/quiet/out/json/three-reasons-for-russias-actions-in-nagorno-karabakh.json" &&
	 jq -e ".extra.mentions == null and (.entities | length) == $(jq ".entities | length" "$seed")" "$q" >/dev/null'
