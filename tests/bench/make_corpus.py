#!/usr/bin/env python3
"""make_corpus.py — a synthetic corpus for `make bench`: N articles made
from the sample articles, each with its own id and a few words changed so
no two are byte-identical.

usage: make_corpus.py SAMPLES_DIR OUT_DIR N
Files go in OUT_DIR/NNN/ folders of 1,000 (as a newsroom archive would be
laid out), named SAMPLE-NNNNNN.txt.
"""
import os
import sys


def body_of(text):
    """The sample without its front matter (the corpus gives each copy its own)."""
    if text.startswith("---\n"):
        end = text.find("\n---\n", 4)
        if end >= 0:
            return text[end + 5:]
    return text


def main():
    samples_dir, out_dir, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
    samples = []
    for name in sorted(os.listdir(samples_dir)):
        if name.endswith(".txt"):
            with open(os.path.join(samples_dir, name), encoding="utf-8") as f:
                samples.append((name[:-4], body_of(f.read())))
    for i in range(n):
        name, body = samples[i % len(samples)]
        folder = os.path.join(out_dir, "%03d" % (i // 1000))
        if i % 1000 == 0:
            os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, "%s-%06d.txt" % (name, i)), "w", encoding="utf-8") as f:
            f.write("---\nid: %s-%06d\n---\n" % (name, i))
            f.write(body.replace(" the ", " the %d " % i, 1))


if __name__ == "__main__":
    main()
