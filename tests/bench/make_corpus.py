#!/usr/bin/env python3
"""make_corpus.py — a corpus for `make bench`: N articles, no two
byte-identical, in OUT_DIR/NNN/ folders of 1,000 (as a newsroom archive
would be laid out), named SOURCE-NNNNNN.txt.

usage: make_corpus.py [--kind realistic|small] OUT_DIR N SOURCE_FILE...

realistic (the default): articles sized like news copy. Each takes the
  lede, kicker, headline and subheadings of one source article (the seed
  and the samples in pipelines/samples, the language fixtures in
  tests/fixtures/language: en, nb, nn, sv, da, fi, de, fr) and body
  paragraphs of the sources in its language, cycled until the article
  reaches a size drawn from a log-normal distribution: median 4 KB, 1 to
  12 KB (the seed is 4.1 KB). A number goes into every repeated paragraph
  and one in five others, so that no two articles are the same.
small: each article is one source as it is, with its own id and one word
  changed (the 1.3 KB corpus of earlier benches, for comparison).
"""
import argparse
import math
import os
import random
import re


def split_front_matter(text):
    """(front matter lines, body) of a source."""
    if text.startswith("---\n"):
        end = text.find("\n---\n", 4)
        if end >= 0:
            return text[4:end], text[end + 5:]
    return "", text


def read_sources(paths):
    sources = []
    for path in paths:
        with open(path, encoding="utf-8") as f:
            meta, body = split_front_matter(f.read())
        lang = re.search(r"^language:\s*(\S+)", meta, re.M)
        name = os.path.basename(path)[:-4]
        blocks = [b.strip() for b in body.split("\n\n") if b.strip()]
        # the language fixtures are named by their language and say nothing else
        lang = lang.group(1) if lang else name if re.fullmatch(r"[a-z]{2}", name) else "en"
        sources.append({"name": name, "lang": lang, "meta": meta, "blocks": blocks})
    return sources


def is_paragraph(block):
    """A body paragraph: long enough, and ending like a sentence."""
    return len(block) > 120 and block.rstrip()[-1:] in ".!?»”\"" and "Share this" not in block


def size_of(rng):
    return int(min(12288, max(1024, math.exp(rng.gauss(math.log(4096), 0.45)))))


def realistic(source, pool, i, rng):
    """One article: the source's head and its own paragraphs first, then
    paragraphs of its language's pool until the drawn size."""
    target = size_of(rng)
    head, body = [], []
    for b in source["blocks"]:
        (body if is_paragraph(b) else head if not body else body).append(b)
    out = head + body
    size = sum(len(b.encode()) + 2 for b in out)
    k = rng.randrange(len(pool))
    while size < target:
        p = pool[k % len(pool)]
        if k >= len(pool) or k % 5 == 0:  # a repeat, or one in five: made unique
            p = p.replace(" ", " %d " % (i * 100 + k), 1)
        out.insert(len(out) - 1 if out[-1].startswith("Share this") else len(out), p)
        size += len(p.encode()) + 2
        k += 1
    while len(out) > len(head) + 1 and size > target + 2048:  # a short source's cap
        size -= len(out.pop(-2 if out[-1].startswith("Share this") else -1).encode()) + 2
    return "\n\n".join(out) + "\n"


def small(source, i):
    body = "\n\n".join(source["blocks"]) + "\n"
    return body.replace(" the ", " the %d " % i, 1)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--kind", choices=["realistic", "small"], default="realistic")
    ap.add_argument("out")
    ap.add_argument("n", type=int)
    ap.add_argument("sources", nargs="+")
    args = ap.parse_args()
    sources = read_sources(args.sources)
    pools = {}
    for s in sources:
        pools.setdefault(s["lang"], []).extend(b for b in s["blocks"] if is_paragraph(b))
    rng = random.Random(2026)
    for i in range(args.n):
        s = sources[i % len(sources)]
        folder = os.path.join(args.out, "%03d" % (i // 1000))
        if i % 1000 == 0:
            os.makedirs(folder, exist_ok=True)
        text = realistic(s, pools[s["lang"]] or s["blocks"], i, rng) if args.kind == "realistic" \
            else small(s, i)
        meta = "\n".join(l for l in s["meta"].splitlines() if not l.startswith("id:"))
        with open(os.path.join(folder, "%s-%06d.txt" % (s["name"], i)), "w",
                  encoding="utf-8") as f:
            f.write("---\nid: %s-%06d\n%s---\n" % (s["name"], i, meta + "\n" if meta else ""))
            f.write(text)


if __name__ == "__main__":
    main()
