#!/bin/sh
# import_html.t — import/html on what golden 073 cannot hold: a page
# nested 100,000 elements deep, a 50 MB single paragraph and JSON-LD of
# two million '&' (each beside a good page, which must still be
# exported), and the yardstick: Mozilla
# Readability's 34 test pages (../shared/data/web), where headline, byline,
# language and the body's word overlap must stay at or above the floors
# the README quotes (tests/tools/web_yardstick.py prints the table).
set -u
root=$(pwd)
galley="$root/${GALLEY:-build/galley}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "1..6"
run_pages() { # label; pages are in $work/$1/pages
	cat >"$work/$1/p.yaml" <<'YAML'
stages:
  - use: import/html
    with: {path: "pages/*.html"}
  - use: export/json
YAML
	(cd "$work/$1" && "$galley" run p.yaml >stdout 2>stderr; echo $? >status)
}
good() {
	cp tests/fixtures/seed/article.html "$work/$1/pages/good.html"
}

mkdir -p "$work/deep/pages" && good deep
/usr/bin/python3 -c "
import sys
sys.stdout.write('<html><head><title>A page nested deep</title></head><body>' + '<div>' * 100000 +
                 '<p>Deep inside a hundred thousand divs, the words are still there for the reader.</p>' +
                 '</div>' * 100000 + '</body></html>')" >"$work/deep/pages/deep.html"
run_pages deep
status=$(cat "$work/deep/status")
if [ "$status" -le 1 ] && [ -f "$work/deep/out/json/three-reasons-for-russias-actions-in-nagorno-karabakh.json" ] &&
	{ [ -f "$work/deep/out/json/a-page-nested-deep.json" ] || grep -q "deep.html" "$work/deep/stderr"; }; then
	echo "ok 1 - a page nested 100,000 deep is read or quarantined, and the good page is exported"
else
	echo "not ok 1 - a page nested 100,000 deep (exit $status)"
	sed 's/^/# /' "$work/deep/stderr"
fi

mkdir -p "$work/big/pages" && good big
/usr/bin/python3 -c "
import sys
sys.stdout.write('<html><head><title>One long paragraph</title></head><body><p>')
for _ in range(50 * 1024 * 1024 // 50):
    sys.stdout.write('the same ten words again and again for ever more ')
sys.stdout.write('</p></body></html>')" >"$work/big/pages/big.html"
run_pages big
if [ "$(cat "$work/big/status")" = 1 ] && grep -q "big.html.*over the limit of 16777216 bytes" "$work/big/stderr" &&
	[ -f "$work/big/out/json/three-reasons-for-russias-actions-in-nagorno-karabakh.json" ]; then
	echo "ok 2 - a 50 MB paragraph is quarantined at max_bytes (16 MB by default); the good page is exported"
else
	echo "not ok 2 - a 50 MB paragraph"
	sed 's/^/# /' "$work/big/stderr"
fi
rm -rf "$work/big"

web="$root/../shared/data/web"
if [ ! -d "$web" ]; then
	echo "ok 3 # SKIP no ../shared/data/web beside the repository"
elif out=$(python3 tests/tools/web_yardstick.py "$galley" "$web" --min-headline 0.9 --min-byline 0.7 \
	--min-lang 0.9 --min-date 0.7 --min-f1 0.85 2>&1); then
	echo "ok 3 - Readability's pages: $(echo "$out" | tail -1)"
else
	echo "not ok 3 - Readability's pages under the floors"
	echo "$out" | sed 's/^/# /'
fi

# two million '&' without a ';': each is a reference looked for in the
# next 32 bytes only, not to the end of the string (which would not end)
mkdir -p "$work/amp/pages" && good amp
/usr/bin/python3 -c "
import json, sys
ld = json.dumps({'@type': 'Article', 'headline': 'Ampersands', 'keywords': ['&' * 2000000]})
sys.stdout.write('<html><head><title>Ampersands</title><script type=\"application/ld+json\">' + ld +
                 '</script></head><body><p>' + 'Words of the article, with a comma, to be prose. ' * 20 +
                 '</p></body></html>')" >"$work/amp/pages/amp.html"
run_pages amp
if [ "$(cat "$work/amp/status")" = 0 ] && [ -f "$work/amp/out/json/ampersands.json" ] &&
	[ -f "$work/amp/out/json/three-reasons-for-russias-actions-in-nagorno-karabakh.json" ]; then
	echo "ok 4 - JSON-LD of two million '&' is read in one pass; the good page is exported"
else
	echo "not ok 4 - JSON-LD of two million '&' (exit $(cat "$work/amp/status"))"
	sed 's/^/# /' "$work/amp/stderr"
fi

# identity: a page's canonical address is its guid; a page without one
# gets its file's (galley:STAGE/PATH), the same from night to night
mkdir -p "$work/guid/pages" && good guid
printf '<html><head><title>Harbour news</title><link rel="canonical" href="https://news.example/harbour-news">
</head><body><article><h1>Harbour news</h1><p>%s</p></article></body></html>\n' \
	"$(printf 'The harbour reopens on Monday after the storm, the port said. %.0s' 1 2 3 4 5)" \
	>"$work/guid/pages/harbour.html"
sed 's|<link rel="canonical"[^>]*>||; s|Harbour news|Ferry news|g' "$work/guid/pages/harbour.html" \
	>"$work/guid/pages/ferry.html"
run_pages guid
if [ "$(jq -r .guid "$work/guid/out/json/harbour-news.json")" = https://news.example/harbour-news ] &&
	[ "$(jq -r .guid "$work/guid/out/json/ferry-news.json")" = "galley:import/html/ferry.html" ]; then
	echo "ok 5 - a page's guid is its canonical address, else its file's"
else
	echo "not ok 5 - guids of pages"
	jq -c '{id, guid}' "$work"/guid/out/json/*.json | sed 's/^/# /'
fi

# bylines the way pages carry them (issue 32, point 9): an author named
# by reference in a Yoast-style JSON-LD @graph, a plain "By" line and a
# Norwegian "Av" line without a class (left out of the body), a class
# that only contains the letters ("authorization") before the real one,
# a hidden author box, and a sentence that begins with "By" (no byline)
mkdir -p "$work/by/pages"
body=$(printf 'The harbour reopens on Monday after the storm, the port authority said in a statement. %.0s' 1 2 3 4 5)
page() { # FILE TITLE HEAD BEFORE-BODY
	printf '<html><head><title>%s</title>%s</head><body><article><h1>%s</h1>%s<p>%s</p><p>%s</p></article></body></html>\n' \
		"$2" "$3" "$2" "$4" "$body" "$body" >"$work/by/pages/$1"
}
page yoast.html "Yoast graph" '<script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"NewsArticle","@id":"https://n.example/a#article","headline":"Yoast graph","author":{"@id":"https://n.example/#/schema/person/1"}},{"@type":"Person","@id":"https://n.example/#/schema/person/1","name":"Jane Doe"}]}</script>' ''
page plain.html "Plain by line" '' '<p>By John Smith | Reuters</p>'
page norsk.html "Ferja er tilbake" '<meta http-equiv="content-language" content="nb">' '<div><strong>Av Kari Nordmann</strong></div>'
page login.html "Sign in first" '' '<div id="authorization">Sign in | Register | Subscribe</div><span class="article-author">Ola Hansen</span>'
page hidden.html "Hidden box" '' '<div class="author-box" hidden>Old Name</div><p class="byline">By Eva Lind</p>'
page sentence.html "By the sea" '' '<p>By Monday the ferries will run again, the council said.</p>'
run_pages by
by() { jq -c .bylines "$work/by/out/json/$1.json" 2>/dev/null; }
in_body() { jq -r '.body[].text' "$work/by/out/json/$1.json" | grep -c "$2"; }
if [ "$(by yoast-graph)" = '["Jane Doe"]' ] && [ "$(by plain-by-line)" = '["John Smith"]' ] &&
	[ "$(in_body plain-by-line "John Smith")" = 0 ] && [ "$(by ferja-er-tilbake)" = '["Kari Nordmann"]' ] &&
	[ "$(in_body ferja-er-tilbake "Kari Nordmann")" = 0 ] && [ "$(by sign-in-first)" = '["Ola Hansen"]' ] &&
	[ "$(by hidden-box)" = '["Eva Lind"]' ] && [ "$(by by-the-sea)" = '[]' ] &&
	[ "$(in_body by-the-sea "By Monday")" = 1 ]; then
	echo "ok 6 - bylines: a JSON-LD reference, By and Av lines (left out of the body), not authorization, not hidden, not a sentence"
else
	echo "not ok 6 - bylines"
	for f in "$work"/by/out/json/*.json; do jq -c '{id, bylines, body: [.body[].text[0:40]]}' "$f" | sed 's/^/# /'; done
fi
