#!/usr/bin/python3
"""check_exports.py CHECK ARGS... — the exporters' output read back by real
parsers (Debian's /usr/bin/python3 with python3-html5lib and
python3-feedparser, and the cmark binary), for tests/exports.t.

  html FILE...            every page parses as HTML5 with no parse error
  markdown MDDIR HTMLDIR  cmark renders each DIR/ID.md (front matter left
                          out) to the same text as the <article> of ID.html
  feeds DIR N             atom.xml and rss.xml parse with feedparser,
                          bozo == 0, N entries newest first; feed.json is
                          JSON Feed 1.1 (tests/fixtures/feeds/jsonfeed-1.1.json)
  hostile OUT             the hostile fixture comes out exact and inert in
                          every format
Prints what is wrong and exits 1; silent and 0 when all is well."""
import glob
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

HOSTILE = "</script><script>alert(1)</script> ]]> <!-- &amp; \"quoted\" 'single'"
BYLINE = "Ann \"Quotes\" O'Hara & Co"


def parse_html(data):
    import html5lib
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    return parser.parse(data)


BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "blockquote", "footer",
          "figure", "figcaption", "header", "article", "body"}


def text_of(node):
    """The text a reader sees: block elements apart, whitespace collapsed."""
    parts = []

    def walk(n):
        block = n.tag in BLOCKS
        if block:
            parts.append(" ")
        parts.append(n.text or "")
        for child in n:
            walk(child)
            parts.append(child.tail or "")
        if block:
            parts.append(" ")
    walk(node)
    return re.sub(r"\s+", " ", "".join(parts)).strip()


def check_html(files):
    bad = []
    for path in files:
        try:
            parse_html(open(path, "rb").read())
        except Exception as e:  # html5lib raises ParseError in strict mode
            bad.append(f"{path}: {e}")
    return bad


def strip_front_matter(md):
    if md.startswith("---\n"):
        end = md.find("\n---\n", 4)
        if end >= 0:
            return md[end + 5:]
    return md


def check_markdown(md_dir, html_dir):
    bad = []
    for md_path in sorted(glob.glob(os.path.join(md_dir, "*.md"))):
        name = os.path.basename(md_path)[:-3]
        md = strip_front_matter(open(md_path, encoding="utf-8").read())
        out = subprocess.run(["cmark"], input=md.encode(), capture_output=True, check=True).stdout
        got = text_of(parse_html(b"<!DOCTYPE html><html><head><meta charset=utf-8></head><body>" + out + b"</body></html>").find("body"))
        page = parse_html(open(os.path.join(html_dir, name + ".html"), "rb").read())
        want = text_of(page.find(".//article"))
        if got != want:
            at = next((i for i in range(min(len(got), len(want))) if got[i] != want[i]), min(len(got), len(want)))
            bad.append(f"{name}: cmark text differs at {at}: {got[at-20:at+40]!r} vs {want[at-20:at+40]!r}")
    return bad


def check_feeds(d, n):
    import feedparser
    import jsonschema
    bad = []
    for name, version in (("atom.xml", "atom10"), ("rss.xml", "rss20")):
        f = feedparser.parse(os.path.join(d, name))
        if f.bozo:
            bad.append(f"{name}: bozo: {f.bozo_exception}")
        if f.version != version:
            bad.append(f"{name}: version {f.version!r}, not {version}")
        if len(f.entries) != n:
            bad.append(f"{name}: {len(f.entries)} entries, not {n}")
        times = [e.published_parsed for e in f.entries]
        if times != sorted(times, reverse=True):
            bad.append(f"{name}: entries are not newest first")
        for e in f.entries:
            if not e.link.startswith("http"):
                bad.append(f"{name}: relative link {e.link}")
    schema = json.load(open("tests/fixtures/feeds/jsonfeed-1.1.json", encoding="utf-8"))
    doc = json.load(open(os.path.join(d, "feed.json"), encoding="utf-8"))
    checker = jsonschema.Draft202012Validator.FORMAT_CHECKER
    for e in jsonschema.Draft202012Validator(schema, format_checker=checker).iter_errors(doc):
        bad.append(f"feed.json: {'/'.join(map(str, e.path)) or '(top)'}: {e.message}")
    if len(doc.get("items", [])) != n:
        bad.append(f"feed.json: {len(doc.get('items', []))} items, not {n}")
    return bad


def hostile(out):
    bad = []
    page = parse_html(open(f"{out}/html/hostile-text.html", "rb").read())
    if text_of(page.find(".//h1")) != HOSTILE or page.find(".//title").text != HOSTILE:
        bad.append("html: the headline is not exact")
    if page.findall(".//script") or page.findall(".//blockquote//script"):
        bad.append("html: a <script> element came through")
    nitf = ET.parse(f"{out}/nitf/hostile-text.xml").getroot()
    ns = {"n": "http://iptc.org/std/NITF/2006-10-18/"}
    if nitf.find(".//n:hl1", ns).text != HOSTILE:
        bad.append("nitf: the headline is not exact")
    if nitf.find(".//n:byline/n:person", ns).text != BYLINE:
        bad.append("nitf: the byline is not exact")
    if "\u2028" not in open(f"{out}/nitf/hostile-text.xml", encoding="utf-8").read():
        bad.append("nitf: U+2028 was lost")
    md = strip_front_matter(open(f"{out}/markdown/hostile-text.md", encoding="utf-8").read())
    html = subprocess.run(["cmark"], input=md.encode(), capture_output=True, check=True).stdout
    tree = parse_html(b"<!DOCTYPE html><html><head><meta charset=utf-8></head><body>" + html + b"</body></html>")
    if text_of(tree.find(".//h1")) != HOSTILE or tree.findall(".//script"):
        bad.append("markdown: the headline is not exact, or markup came through")
    text = open(f"{out}/text/hostile-text.txt", encoding="utf-8").read()
    if HOSTILE not in text or "\x07" in text:
        bad.append("text: the headline is not exact, or a control character came through")
    import feedparser
    for name in ("atom.xml", "rss.xml"):
        f = feedparser.parse(f"{out}/feeds/{name}")
        titles = [e.title for e in f.entries]
        if HOSTILE not in titles:
            bad.append(f"{name}: the hostile headline is not exact: {titles}")
    items = json.load(open(f"{out}/feeds/feed.json", encoding="utf-8"))["items"]
    if HOSTILE not in [i["title"] for i in items]:
        bad.append("feed.json: the hostile headline is not exact")
    open(f"{out}/feeds/feed.json", encoding="ascii").read()  # \\u escapes only
    return bad


def main():
    check, args = sys.argv[1], sys.argv[2:]
    if check == "html":
        bad = check_html(args)
    elif check == "markdown":
        bad = check_markdown(*args)
    elif check == "feeds":
        bad = check_feeds(args[0], int(args[1]))
    elif check == "hostile":
        bad = hostile(args[0])
    else:
        sys.exit(f"check_exports.py: unknown check {check}")
    for line in bad:
        print(line)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
