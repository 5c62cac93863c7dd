#!/usr/bin/env python3
"""scale.py — `make bench`'s importer curves (issue 33): each importer on
one file of a shape at 1x, 10x and 100x its size, the hostile shapes that
once broke a night (tests/tools/hostile_inputs.py) and plain large inputs,
imported and exported to JSON in the bundle only.  Prints items/s, MB/s,
wall seconds and peak memory (galley's, or its importer process's when
larger) per size, and how much longer each step took than the one before:
10 is linear.  A row whose input was quarantined (a shape no parser can
read in time) says so.  BENCH_SCALE_FULL=1 adds ninjs at 1,000,000 items.

Called by run.py; alone: python3 tests/bench/scale.py.
"""
import json
import os
import shutil
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
GALLEY = os.path.abspath(os.environ.get("GALLEY", os.path.join(ROOT, "build/galley")))
BENCH = os.path.abspath(os.environ.get("BENCH_DIR", os.path.join(ROOT, "build/bench")))
MAKE = os.path.join(ROOT, "tests/tools/hostile_inputs.py")

# shape, importer, file extension, base size (items, tags, attributes…), what a unit is
SHAPES = [
    ("wxr-lost-authors", "wxr", "xml", 1000, "posts"),
    ("ninjs-lines", "ninjs", "jsonl", 10000, "items"),
    ("newsml-items", "newsml", "xml", 500, "items"),
    ("big-page", "html", "html", 4000, "paragraphs"),
    ("script-flood", "html", "html", 1200, "unclosed tags"),
    ("attr-flood", "html", "html", 6000, "attributes"),
    ("ns-flood", "nitf", "xml", 4000, "namespaces"),
]

PIPELINE = """stages:
  - use: import/%s
    with: {path: "in/*", max_bytes: 4294967296%s}
  - use: export/json
    write_files: false
  - use: package/archive
    with: {formats: [tar]}
"""


def run(shape, importer, ext, n):
    work = os.path.join(BENCH, "scale", shape)
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(os.path.join(work, "in"))
    path = os.path.join(work, "in", "input." + ext)
    subprocess.run([sys.executable, MAKE, shape, str(n), path], check=True)
    extra = ", max_items: 10000000" if importer == "newsml" else ""
    with open(os.path.join(work, "pipeline.yaml"), "w") as f:
        f.write(PIPELINE % (importer, extra))
    os.sync()
    start = time.monotonic()
    p = subprocess.Popen([GALLEY, "run", "pipeline.yaml", "-q"], cwd=work,
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    err = p.stderr.read().decode("utf-8", "replace")
    _, status, ru = os.wait4(p.pid, 0)  # galley and its importer processes
    wall = time.monotonic() - start
    try:
        with open(os.path.join(work, "out", "report.json")) as f:
            counts = json.load(f)["counts"]
    except (OSError, ValueError, KeyError):
        counts = {}
    mb = os.path.getsize(path) / 1e6
    return {"shape": shape, "importer": importer, "n": n, "mb": round(mb, 1),
            "wall_s": round(wall, 3), "exit": os.waitstatus_to_exitcode(status),
            "done": counts.get("done", 0), "quarantined": counts.get("quarantined", 0),
            "peak_rss_mb": round(ru.ru_maxrss / 1024.0, 1),
            "mb_per_s": round(mb / wall, 1), "last_error": err.strip().splitlines()[-1:]}


def main(results=None):
    rows = []
    print("%-18s %-7s %10s %8s %9s %8s %8s %8s  %s" % (
        "shape", "import", "size", "MB", "items/s", "wall s", "x prev", "peak MB", "outcome"))
    for shape, importer, ext, base, unit in SHAPES:
        sizes = [base, base * 10, base * 100]
        if shape == "ninjs-lines" and os.environ.get("BENCH_SCALE_FULL") == "1":
            sizes.append(base * 1000)
        prev = None
        for n in sizes:
            r = run(shape, importer, ext, n)
            r["unit"] = unit
            rows.append(r)
            grew = "%8.1f" % (r["wall_s"] / prev) if prev else "%8s" % "-"
            outcome = ("%d exported" % r["done"] if not r["quarantined"]
                       else "quarantined (exit %d)" % r["exit"])
            print("%-18s %-7s %10d %8.1f %9d %8.2f %s %8.1f  %s" % (
                shape, importer, n, r["mb"], r["done"] / r["wall_s"], r["wall_s"], grew,
                r["peak_rss_mb"], outcome), flush=True)
            prev = r["wall_s"]
    if results is not None:
        results.extend(rows)
    return rows


if __name__ == "__main__":
    main()
