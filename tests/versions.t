#!/bin/sh
# versions.t — identity and history at the partners: four nights of one
# newsroom (a story, its correction, its kill; an embargoed item held and
# released), a partner that takes embargoes as they come, resend, status,
# --dry-run, and SIGKILL at the fault points while kills and held items
# are in flight.
set -u
KEEP=${KEEP:-}
galley=$(pwd)/${GALLEY:-build/galley}
tmp=$(mktemp -d)
[ -n "$KEEP" ] || trap 'rm -rf "$tmp"' EXIT; echo "# scratch: $tmp"
export SOURCE_DATE_EPOCH=1767225600
echo "1..17"
. tests/tools/tap.sh

article() { # FILE HEADLINE [FRONT MATTER LINES...]: a text article
	f=$1 h=$2
	shift 2
	{
		echo "---"
		for line in "$@"; do echo "$line"; done
		echo "---"
		echo "$h"
		echo
		echo "The council met on Tuesday and agreed on the plan after a long debate."
		echo
		echo "Work starts in the spring, the mayor said."
	} >"$f"
}

setup() { # DIR
	mkdir -p "$1/in"
	cat >"$1/pipeline.yaml" <<'YAML'
name: desk
stages:
  - use: import/text
    with: {path: "in/*.txt", language: en}
  - name: ninjs
    use: export/ninjs
    with: {dir: ninjs}
  - name: nitf
    use: export/nitf
    with: {publication: Desk}
  - name: feed
    use: export/feed
    with: {base_url: "https://desk.example/", formats: [atom]}
partners:
  - name: wire
    formats: [ninjs]
    archive: tar
    outbox: outbox/wire
  - name: paper
    formats: [nitf]
    archive: tar
    outbox: outbox/paper
  - name: early
    formats: [ninjs]
    archive: tar
    embargo: pass
    outbox: outbox/early
YAML
}
run() { # DIR NOW [ARGS...]
	d=$1 now=$2
	shift 2
	(cd "$d" && "$galley" run pipeline.yaml --now "$now" "$@" >>stdout 2>>stderr)
}
# The manifest's items of a bundle: "guid version action" per line, sorted.
items() {
	bsdtar -xOf "$1" '*/manifest.json' |
		jq -r '.articles[] | "\(.guid) \(.version) \(.action)"' | sort
}
bundle() { echo "$1/outbox/$2/$2-$3-$4.tar"; } # DIR PARTNER DATE SEQ
night1() { # DIR: the pipeline, a story and an embargoed item, and night 1
	setup "$1"
	article "$1/in/plan.txt" "Council backs the harbour plan" "guid: urn:desk:plan"
	article "$1/in/budget.txt" "Budget figures due on Friday" "guid: urn:desk:budget" \
		"embargoed: 2031-01-03T12:00:00Z"
	run "$1" 2031-01-01T22:00:00Z
}

a=$tmp/a
night1 "$a"
check "night 1: the story goes out as version 1, the embargoed item is held" \
	'[ "$(items "$(bundle "$a" wire 2031-01-01 1)")" = "urn:desk:plan 1 new" ] &&
	 [ "$(items "$(bundle "$a" paper 2031-01-01 1)")" = "urn:desk:plan 1 new" ] &&
	 grep -q "partner wire: 1 article in .* (1 new, 1 held until 2031-01-03T12:00:00Z, 0 unchanged)" "$a/stderr"'
check "night 1: embargo: pass sends the embargoed item at once, its embargo in the ninjs" \
	'[ "$(items "$(bundle "$a" early 2031-01-01 1)" | tr "\n" ";")" = "urn:desk:budget 1 new;urn:desk:plan 1 new;" ] &&
	 bsdtar -xOf "$(bundle "$a" early 2031-01-01 1)" "*/ninjs/budget-figures-due-on-friday.json" |
	 jq -e ".embargoed == \"2031-01-03T12:00:00Z\" and .uri == \"urn:desk:budget\" and .version == \"1\"" >/dev/null'
check "night 1: the feed leaves the embargoed item out" \
	'grep -q "Council backs" "$a/out/feeds/atom.xml" && ! grep -q "Budget figures" "$a/out/feeds/atom.xml"'
(cd "$a" && "$galley" status pipeline.yaml >status.out 2>status.err)
check "galley status lists the held item with its release time" \
	'grep -q "^held: wire urn:desk:budget (version 1): embargoed until 2031-01-03T12:00:00Z; goes out at the first run from 2031-01-03T12:00:00Z" "$a/status.out" &&
	 grep -q "^held: paper urn:desk:budget" "$a/status.out"'

# night 2: the story is corrected; the budget's input has left the inbox
article "$a/in/plan.txt" "Council backs the harbour plan after all" "guid: urn:desk:plan" \
	"signals: [correction]"
rm "$a/in/budget.txt"
(cd "$a" && "$galley" run pipeline.yaml --now 2031-01-03T22:00:00Z --dry-run >plan.out 2>plan.err)
check "--dry-run says what night 2 would send: one update, one release" \
	'grep -q "partner wire: 2 articles would be sent (1 updated, 1 released from embargo, 0 unchanged)" "$a/plan.err" &&
	 grep -q "partner early: 1 article would be sent (1 updated, 0 unchanged)" "$a/plan.err"'
run "$a" 2031-01-03T22:00:00Z
check "night 2: version 2 of the same guid, and the held item now its time has passed" \
	'[ "$(items "$(bundle "$a" wire 2031-01-03 1)" | tr "\n" ";")" = "urn:desk:budget 1 new;urn:desk:plan 2 update;" ] &&
	 [ "$(items "$(bundle "$a" paper 2031-01-03 1)" | tr "\n" ";")" = "urn:desk:budget 1 new;urn:desk:plan 2 update;" ] &&
	 [ "$(items "$(bundle "$a" early 2031-01-03 1)")" = "urn:desk:plan 2 update" ]'
check "night 2: the NITF says correction, version 2 and the guid" \
	'bsdtar -xOf "$(bundle "$a" paper 2031-01-03 1)" "*/nitf/council-backs-the-harbour-plan-after-all.xml" >"$a/n2.xml" &&
	 grep -q "<correction/>" "$a/n2.xml" && grep -q "<doc-id id-string=\"urn:desk:plan\"/>" "$a/n2.xml" &&
	 grep -q "<du-key key=\"council-backs-the-harbour-plan-after-all\" version=\"2\"/>" "$a/n2.xml" &&
	 xmllint --noout --schema tests/fixtures/nitf/nitf-3-6.xsd "$a/n2.xml" 2>/dev/null'
check "night 2: nothing is held any more" \
	'(cd "$a" && "$galley" status pipeline.yaml) 2>/dev/null | grep -c "^held:" | grep -qx 0'

# night 3: the desk kills the story; a new story nobody had is withdrawn too
article "$a/in/plan.txt" "Council backs the harbour plan after all" "guid: urn:desk:plan" \
	"pubstatus: canceled"
article "$a/in/draft.txt" "A draft nobody saw" "guid: urn:desk:draft" "pubstatus: canceled"
article "$a/in/hold.txt" "Withheld for legal" "guid: urn:desk:legal" "pubstatus: withheld"
run "$a" 2031-01-04T22:00:00Z
check "night 3: the kill reaches exactly the partners that had the story (its NITF valid)" \
	'[ "$(items "$(bundle "$a" wire 2031-01-04 1)")" = "urn:desk:plan 3 kill" ] &&
	 [ "$(items "$(bundle "$a" paper 2031-01-04 1)")" = "urn:desk:plan 3 kill" ] &&
	 [ "$(items "$(bundle "$a" early 2031-01-04 1)")" = "urn:desk:plan 3 kill" ] &&
	 bsdtar -xOf "$(bundle "$a" wire 2031-01-04 1)" "*/ninjs/*.json" | jq -e ".pubstatus == \"canceled\"" >/dev/null &&
	 bsdtar -xOf "$(bundle "$a" paper 2031-01-04 1)" "*/nitf/*.xml" >"$a/n3.xml" &&
	 grep -q "management-status=\"canceled\"" "$a/n3.xml" &&
	 xmllint --noout --schema tests/fixtures/nitf/nitf-3-6.xsd "$a/n3.xml" 2>/dev/null &&
	 grep -q "partner wire: 1 article in .* (1 killed, 1 withheld, 0 unchanged)" "$a/stderr"'

run "$a" 2031-01-05T22:00:00Z
check "night 4: nothing changed, nothing is sent" \
	'[ ! -e "$(bundle "$a" wire 2031-01-05 1)" ] && [ ! -e "$(bundle "$a" paper 2031-01-05 1)" ] &&
	 [ ! -e "$(bundle "$a" early 2031-01-05 1)" ] &&
	 grep -q "partner wire: nothing new to send (1 withheld, 1 unchanged)" "$a/stderr"'

(cd "$a" && "$galley" resend pipeline.yaml --partner paper --guid urn:desk:plan --now 2031-01-05T23:00:00Z >>stdout 2>>stderr)
check "galley resend sends the one item to the one partner again" \
	'[ "$(items "$(bundle "$a" paper 2031-01-05 1)")" = "urn:desk:plan 3 kill" ] &&
	 [ ! -e "$(bundle "$a" wire 2031-01-05 1)" ]'

# Two "Weather" files and IPTC's two example ninjs items of one headline
w=$tmp/weather
setup "$w"
article "$w/in/weather-east.txt" "Weather"
article "$w/in/weather-west.txt" "Weather"
run "$w" 2031-01-01T22:00:00Z
check "two Weather files: both delivered, distinct ids and guids" \
	'[ "$(bsdtar -tf "$(bundle "$w" wire 2031-01-01 1)" | grep -c "ninjs/weather.*json")" -eq 2 ] &&
	 [ "$(items "$(bundle "$w" wire 2031-01-01 1)" | cut -d" " -f1 | sort -u | wc -l)" -eq 2 ]'

# SIGKILL at each fault point while a kill and a released item are in flight
k=$tmp/kill
night1 "$k"
article "$k/in/plan.txt" "Council backs the harbour plan" "guid: urn:desk:plan" "pubstatus: canceled"
rm "$k/in/budget.txt"
cp -r "$k" "$tmp/k-before"
for fault in while-packing before-rename after-rename; do
	rm -rf "$k" && cp -r "$tmp/k-before" "$k"
	(cd "$k" && GALLEY_FAULT=$fault "$galley" run pipeline.yaml --now 2031-01-03T22:00:00Z >/dev/null 2>&1)
	run "$k" 2031-01-03T22:00:00Z
	run "$k" 2031-01-04T22:00:00Z
	got=$(for f in "$k"/outbox/wire/wire-2031-01-0[34]-*.tar; do items "$f"; done | sort | tr "\n" ";")
	check "killed $fault: the kill and the released item each reach wire exactly once" \
		'[ "$got" = "urn:desk:budget 1 new;urn:desk:plan 2 kill;" ]'
done

check "a bad pubstatus or embargo is quarantined with its reason" \
	'b=$tmp/bad && setup "$b" &&
	 article "$b/in/odd.txt" "Odd status" "pubstatus: maybe" &&
	 article "$b/in/when.txt" "Odd embargo" "embargoed: next tuesday" &&
	 { run "$b" 2031-01-01T22:00:00Z; [ $? -eq 1 ]; } &&
	 jq -e "[.quarantined[].reason] | (.[0] | test(\"pubstatus .maybe. is not usable, withheld or canceled\")) and (.[1] | test(\"not an ISO 8601 date\"))" "$b/out/report.json" >/dev/null'

# twenty copies of one item in one inbox (a wire resent, a folder copied):
# each keeps an id of its own; the seventeenth once ran out of the
# guid-derived names and was quarantined as "out of memory"
c=$tmp/copies
setup "$c"
for i in $(seq 1 20); do article "$c/in/copy-$i.txt" "The same story" "guid: urn:desk:same"; done
run "$c" 2031-01-01T22:00:00Z
check "twenty copies of one guid in a run: twenty ids, none quarantined" \
	'[ "$(jq -r ".counts.done, .counts.quarantined" "$c/out/report.json" | tr "\n" " ")" = "20 0 " ] &&
	 [ "$(ls "$c"/out/ninjs | sort -u | wc -l)" -eq 20 ]'
