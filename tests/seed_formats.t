#!/bin/sh
# seed_formats.t — the seed article in every format galley imports reads
# back as the same article: the plain-text seed (pipelines/samples) and
# the seed written by hand in each format (tests/fixtures/seed/: a web
# page with navigation, a share widget, related links and comments; NITF;
# NewsML-G2 carrying NITF; a WordPress export with a [caption] shortcode,
# an attachment, a page and a draft; ninjs; Markdown with front matter)
# give the same headline, kicker, standfirst, image caption and credit,
# headings, quote with its speaker, and paragraphs (the text's "Share
# this:" footer aside, which the page's widget is and importers leave out).
set -u
root=$(pwd)
galley="$root/${GALLEY:-build/galley}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "1..1"
cat >"$work/pipeline.yaml" <<YAML
stages:
  - use: import/text
    with: {path: "$root/pipelines/samples/russia-nagorno-karabakh.txt"}
  - use: export/json
YAML
formats="html:article.html nitf:article.nitf.xml newsml:article.newsml.xml wxr:article.wxr.xml markdown:article.md ninjs:article.ninjs.json"
names=pipeline
for f in $formats; do
	fmt=${f%%:*}
	sed -e "s|import/text|import/$fmt|" -e "s|pipelines/samples/russia-nagorno-karabakh.txt|tests/fixtures/seed/${f#*:}|" \
		"$work/pipeline.yaml" >"$work/$fmt.yaml"
	names="$names $fmt"
done
for p in $names; do
	mkdir -p "$work/$p" && cp "$work/$p.yaml" "$work/$p/p.yaml"
	(cd "$work/$p" && "$galley" run p.yaml >/dev/null 2>&1)
done
if out=$(/usr/bin/python3 - "$work" $names 2>&1 <<'PY'
import glob, json, sys
def view(a):
    body = [b for b in a["body"] if b["text"].strip() != "Share this:"]
    return {
        "headline": a["headline"], "kicker": a["kicker"], "standfirst": a["standfirst"],
        "captions": [(m.get("caption"), m.get("credit")) for m in a["media"]],
        "headings": [(b["text"].strip(), b.get("level")) for b in body if b["type"] == "heading"],
        "quotes": [(b["text"], b.get("speaker")) for b in body if b["type"] == "quote"],
        "paragraphs": [b["text"].strip() for b in body if b["type"] == "paragraph"],
    }
want = view(json.load(open(glob.glob(sys.argv[1] + "/pipeline/out/json/*.json")[0])))
for fmt in sys.argv[3:]:
    files = glob.glob(f"{sys.argv[1]}/{fmt}/out/json/*.json")
    if not files:
        sys.exit(f"{fmt}: nothing imported")
    got = view(json.load(open(files[0])))
    for key in want:
        if got[key] != want[key]:
            sys.exit(f"{fmt}: {key} differs:\n  text: {want[key]}\n  {fmt}: {got[key]}")
PY
); then
	echo "ok 1 - the seed as text and as ${names#pipeline }: one headline, kicker, standfirst, caption, credit, headings, quote and paragraphs"
else
	echo "not ok 1 - the seed article's formats disagree"
	echo "$out" | sed 's/^/# /'
fi
