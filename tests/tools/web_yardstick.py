#!/usr/bin/env python3
"""web_yardstick.py — import/html against Mozilla Readability's test pages.

usage: web_yardstick.py GALLEY WEB_DIR [--min-headline P --min-byline P
                                        --min-lang P --min-date P --min-f1 F]

Runs `galley run` with import/html → export/json on each WEB_DIR/*/source.html
(one run per page, so that two pages with one headline do not collide) and
compares what galley found with what Readability reports for the page
(expected-metadata.json) and extracts (expected.html):

  headline  equal to Readability's title (case and spacing aside), or its
            title without the site's name: galley's headline followed by a
            separator (| - – — _ : · [ ») and the rest;
  byline    galley's bylines, joined, found in Readability's byline or the
            other way round (a leading "By" and case aside), for pages that
            have one;
  language  the same primary tag (en-US and en agree), for pages that say;
  date      dates.published the same instant as Readability's publishedTime
            (a time without a zone read as UTC), for pages that have one;
  body F1   word overlap (multiset F1) between galley's body (blocks, image
            captions and credits) and expected.html's text; CJK characters
            count as words.

Prints one line per page and the totals (as the README quotes them), and
exits 1 when a total is under its --min-* floor.
"""
import argparse
import collections
import datetime
import html.parser
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile

CJK = "\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uff00-\uffef"
WORD = re.compile(f"[{CJK}]|[^\\W{CJK}]+")
SEPARATORS = "|-–—_:·[»/"


class Text(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self.skip = [], 0

    def handle_starttag(self, tag, attrs):
        self.skip += tag in ("script", "style")

    def handle_endtag(self, tag):
        self.skip -= tag in ("script", "style") and self.skip > 0

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def words(text):
    return collections.Counter(w.casefold() for w in WORD.findall(text))


def f1(got, want):
    common = sum((got & want).values())
    if not common:
        return 0.0
    p, r = common / sum(got.values()), common / sum(want.values())
    return 2 * p * r / (p + r)


def norm(s):
    s = re.sub(r"\s+", " ", (s or "")).strip().casefold()
    return s.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')


def headline_ok(got, want):
    got, want = norm(got), norm(want)
    if not got:
        return False
    if got == want:
        return True
    rest = want[len(got):].lstrip() if want.startswith(got) else None
    return bool(rest) and rest[0] in SEPARATORS


def byline_ok(got, want):
    def clean(s):
        return re.sub(r"^by\s+", "", norm(s))
    got, want = clean(got), clean(want)
    return bool(got) and (got in want or want in got)


def lang_ok(got, want):
    def primary(s):
        return norm(s).replace("_", "-").split("-")[0]
    return primary(got) == primary(want)


def date_ok(got, want):
    def instant(s):
        try:
            t = datetime.datetime.fromisoformat(s.replace("Z", "+00:00"))
        except (ValueError, AttributeError):
            return s
        return t if t.tzinfo else t.replace(tzinfo=datetime.timezone.utc)
    return got is not None and instant(got) == instant(want)


PIPELINE = """stages:
  - use: import/html
    with: {path: "%s"}
  - use: export/json
"""


def run_page(galley, page):
    with tempfile.TemporaryDirectory() as work:
        with open(os.path.join(work, "p.yaml"), "w") as f:
            f.write(PIPELINE % os.path.abspath(os.path.join(page, "source.html")))
        subprocess.run([galley, "run", "p.yaml", "--jobs", "1"], cwd=work,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        out = os.path.join(work, "out", "json")
        files = os.listdir(out) if os.path.isdir(out) else []
        return json.load(open(os.path.join(out, files[0]))) if files else None


def body_text(article):
    parts = [b.get("text") or "" for b in article.get("body", [])]
    for m in article.get("media", []):
        parts += [m.get("caption") or "", m.get("credit") or ""]
    return " ".join(parts)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("galley")
    ap.add_argument("web")
    for name in ("headline", "byline", "lang", "date", "f1"):
        ap.add_argument("--min-" + name, type=float, default=0.0)
    args = ap.parse_args()
    args.galley = os.path.abspath(args.galley)
    pages = sorted(d for d in os.listdir(args.web)
                   if os.path.isfile(os.path.join(args.web, d, "source.html")))
    tally = collections.Counter()
    scores = []
    for name in pages:
        page = os.path.join(args.web, name)
        meta = json.load(open(os.path.join(page, "expected-metadata.json")))
        parser = Text()
        parser.feed(open(os.path.join(page, "expected.html"), encoding="utf-8").read())
        want = words(" ".join(parser.parts))
        art = run_page(args.galley, page) or {}
        score = f1(words(body_text(art)), want)
        scores.append(score)
        marks = []
        for key, ok, want_v, got_v in (
                ("headline", headline_ok, meta.get("title"), art.get("headline")),
                ("byline", byline_ok, meta.get("byline"), ", ".join(art.get("bylines", []))),
                ("lang", lang_ok, meta.get("lang"), art.get("language")),
                ("date", date_ok, meta.get("publishedTime"),
                 (art.get("dates") or {}).get("published"))):
            if not want_v:
                marks.append("  ")
                continue
            tally[key + "_of"] += 1
            good = ok(got_v, want_v)
            tally[key] += good
            marks.append("ok" if good else "--")
        print(f"{name:42.42} headline {marks[0]} byline {marks[1]} lang {marks[2]} date {marks[3]} "
              f"F1 {score:.2f}  {(art.get('headline') or '(quarantined)')[:50]}")

    def share(key):
        return tally[key] / tally[key + "_of"] if tally[key + "_of"] else 1.0
    median = statistics.median(scores)
    print(f"totals: {len(pages)} pages; headline {tally['headline']}/{tally['headline_of']} "
          f"({share('headline'):.0%}), byline {tally['byline']}/{tally['byline_of']} "
          f"({share('byline'):.0%}), language {tally['lang']}/{tally['lang_of']} "
          f"({share('lang'):.0%}), date {tally['date']}/{tally['date_of']} ({share('date'):.0%}), "
          f"body F1 median {median:.2f}, mean {statistics.mean(scores):.2f}")
    floors = (("headline", share("headline"), args.min_headline),
              ("byline", share("byline"), args.min_byline),
              ("language", share("lang"), args.min_lang), ("date", share("date"), args.min_date),
              ("median F1", median, args.min_f1))
    low = [f"{n} {v:.2f} < {m:.2f}" for n, v, m in floors if v < m]
    if low:
        print("under the floor: " + "; ".join(low))
    return 1 if low else 0


if __name__ == "__main__":
    sys.exit(main())
