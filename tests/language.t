#!/bin/sh
# language.t — annotate/language: articles written in eight languages
# (tests/fixtures/language/, Bokmål beside Nynorsk, Danish beside both)
# are told apart; Norwegian as `no` when asked; a language the article has
# is kept, with a warning when the text reads otherwise, or replaced with
# overwrite; too little text sets nothing; a bad setting stops the
# pipeline; and the real pages of ../shared/data/web (several languages)
# are detected as read by hand (tests/langid/web-labels.tsv).
set -u
root=$(pwd)
galley="$root/${GALLEY:-build/galley}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "1..7"
. tests/tools/tap.sh

# run NAME IMPORT_WITH LANGUAGE_WITH: the fixtures through annotate/language
run() {
	mkdir -p "$tmp/$1"
	cat >"$tmp/$1/p.yaml" <<YAML
stages:
  - use: import/text
    with: {path: "$root/tests/fixtures/language/*.txt"$2}
  - use: annotate/language
    with: {$3}
  - use: export/json
YAML
	(cd "$tmp/$1" && "$galley" run p.yaml >stdout 2>stderr; echo $? >status)
}
# detected NAME: "file language" per article, sorted
detected() {
	for f in "$tmp/$1"/out/json/*.json; do
		jq -r '(.source | sub(".*/"; "") | sub("\\.txt$"; "")) + " " + (.language // "-")' "$f"
	done | sort
}

run plain "" ""
check "eight languages detected, nb, nn and da told apart" \
	'[ "$(cat "$tmp/plain/status")" = 0 ] &&
	 [ "$(detected plain | awk "\$1 != \$2" | wc -l)" = 0 ] &&
	 [ "$(detected plain | wc -l)" = 8 ] &&
	 jq -e ".extra.language | .code == \"nn\" and .reliable and .confidence > 0.9" \
		"$tmp/plain/out/json/kommunen-vil-byggje-ny-skule-pa-voss.json" >/dev/null'

run no "" "norwegian: no"
check "norwegian: no reports Bokmål and Nynorsk as no" \
	'detected no | grep -qx "nb no" && detected no | grep -qx "nn no" && detected no | grep -qx "da da"'

run kept ", language: sv" ""
run replaced ", language: sv" "overwrite: true"
check "a language the article has is kept, with a warning naming the article, or replaced" \
	'[ "$(detected kept | grep -c " sv$")" = 8 ] &&
	 grep -q "^galley: annotate/language: warning: the-city-will-build-a-new-school-in-hackney: language is .sv. but the text reads as .en. (99%)$" \
		"$tmp/kept/stderr" &&
	 ! grep -q "sv-but" "$tmp/kept/stderr" &&
	 [ "$(detected replaced | awk "\$1 != \$2" | wc -l)" = 0 ] &&
	 grep -q "reads as .fi. (99%); set to the detected one" "$tmp/replaced/stderr"'

mkdir -p "$tmp/short"
printf 'OK\n\nFine.\n' >"$tmp/short/short.txt"
cat >"$tmp/short/p.yaml" <<'YAML'
stages:
  - use: import/text
    with: {path: short.txt}
  - use: annotate/language
  - use: export/json
YAML
(cd "$tmp/short" && "$galley" run -v p.yaml >stdout 2>stderr)
check "too little text sets no language, and says so with -v" \
	'jq -e ".language == null" "$tmp/short/out/json/ok.json" >/dev/null &&
	 grep -q "annotate/language: info: ok: language not set" "$tmp/short/stderr"'

sed 's/use: annotate\/language/use: annotate\/language\n    with: {norwegian: nynorsk}/' \
	"$tmp/short/p.yaml" >"$tmp/short/bad.yaml"
(cd "$tmp/short" && "$galley" run bad.yaml >bad.out 2>&1; echo $? >bad.status)
check "a bad setting stops the run (exit 2) with its line and column" \
	'[ "$(cat "$tmp/short/bad.status")" = 2 ] &&
	 grep -q "bad.yaml:5:[0-9]*: setting .norwegian. of annotate/language must be nb-nn or no, not .nynorsk." \
		"$tmp/short/bad.out"'

mkdir -p "$tmp/badtag"
printf -- '---\nlanguage: "en us; x"\n---\nThe council will build a new school\n\nThe school is due to open in the autumn of 2029 with room for six hundred pupils, the council said.\n' \
	>"$tmp/badtag/a.txt"
sed 's/short.txt/a.txt/' "$tmp/short/p.yaml" >"$tmp/badtag/p.yaml"
(cd "$tmp/badtag" && "$galley" run p.yaml >stdout 2>stderr)
check "a language that is no language tag is removed on import, with a warning, and detected" \
	'jq -e ".language == \"en\"" "$tmp/badtag/out/json/the-council-will-build-a-new-school.json" >/dev/null &&
	 grep -q "import/text: warning: .*a.txt: language .en us; x. is not a BCP 47 language tag; removed" "$tmp/badtag/stderr"'

web="$root/../shared/data/web"
if [ ! -d "$web" ]; then
	echo "ok 7 # SKIP no ../shared/data/web beside the repository"
elif out=$(python3 tests/tools/langid_pages.py "$galley" "$web" tests/langid/web-labels.tsv \
	--min 0.9 2>&1); then
	ok "real pages: $(echo "$out" | tail -1)"
else
	nok "real pages under 90%"
	echo "$out" | sed 's/^/# /'
fi
