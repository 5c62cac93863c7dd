#!/usr/bin/env python3
"""langid_pages.py — annotate/language on the article text of real web pages.

usage: langid_pages.py GALLEY WEB_DIR LABELS [--min P]

Runs `galley run` with import/html → annotate/language (overwrite: true, so
the page's own lang attribute plays no part) → export/json on each page
LABELS names (tests/langid/web-labels.tsv: page and language, read by hand),
one run per page, and compares the detected primary language tag with the
label.  Prints one line per page and a last line with the accuracy, and
exits 1 when it is under --min.
"""
import argparse
import glob
import json
import os
import subprocess
import sys
import tempfile

PIPELINE = """stages:
  - use: import/html
    with: {path: page.html}
  - use: annotate/language
    with: {overwrite: true}
  - use: export/json
"""


def detect(galley, page):
    with tempfile.TemporaryDirectory() as tmp:
        os.symlink(os.path.abspath(page), os.path.join(tmp, "page.html"))
        with open(os.path.join(tmp, "p.yaml"), "w") as f:
            f.write(PIPELINE)
        subprocess.run([galley, "run", "-q", "p.yaml"], cwd=tmp, capture_output=True)
        for path in glob.glob(os.path.join(tmp, "out", "json", "*.json")):
            with open(path, encoding="utf-8") as f:
                a = json.load(f)
            found = (a.get("extra") or {}).get("language") or {}
            return a.get("language") or "-", found.get("confidence")
    return "-", None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("galley")
    ap.add_argument("web")
    ap.add_argument("labels")
    ap.add_argument("--min", type=float, default=0.0)
    args = ap.parse_args()
    galley = os.path.abspath(args.galley)
    with open(args.labels, encoding="utf-8") as f:
        labels = [l.rstrip("\n").split("\t") for l in f if l.strip() and not l.startswith("#")]
    right = 0
    for page, want in labels:
        got, confidence = detect(galley, os.path.join(args.web, page, "source.html"))
        hit = got.split("-")[0] == want
        right += hit
        print(f"{page:30} {want:3} {got:8} {confidence if confidence is not None else '-'}"
              f"{'' if hit else '  MISS'}")
    accuracy = right / len(labels)
    print(f"language: {right}/{len(labels)} pages ({100 * accuracy:.0f}%)")
    return 0 if accuracy >= args.min else 1


sys.exit(main())
