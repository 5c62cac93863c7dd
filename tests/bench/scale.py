#!/usr/bin/env python3
"""scale.py — `make bench`'s importer curves (issue 33): each importer on
one file of a shape at 1x, 10x and 100x its size, the hostile shapes that
once broke a night (tests/tools/hostile_inputs.py), under the default
stage timeout, and plain large inputs (up to a WordPress export of 100,000
posts and 550 MB, ninjs JSON lines of 1,000,000 items, a NewsML-G2 message
of 50,000 items), with ten minutes and 8 GB, imported and exported to JSON in the
bundle only.  Prints items/s, MB/s, wall seconds and peak memory (galley's,
or its importer process's when larger) per size, and how much longer each
step took than the one before: 10 is linear.  A row whose input was quarantined (a shape no parser can
read in time) says so with the reason.

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

# shape, importer, file extension, base size (items, tags, attributes…), what a unit is,
# hostile (run under the default stage timeout; plain large inputs get ten
# minutes and 8 GB, as a newsroom would give a night's big export)
SHAPES = [
    ("wxr-posts", "wxr", "xml", 1000, "posts", False),
    ("wxr-lost-authors", "wxr", "xml", 1000, "posts", False),
    ("ninjs-lines", "ninjs", "jsonl", 10000, "items", False),
    ("newsml-items", "newsml", "xml", 500, "items", False),
    ("big-page", "html", "html", 4000, "paragraphs", False),
    ("script-flood", "html", "html", 1200, "unclosed tags", True),
    ("attr-flood", "html", "html", 6000, "attributes", True),
    ("ns-flood", "nitf", "xml", 4000, "namespaces", True),
]

PIPELINE = """stages:
  - use: import/%s
    with: {path: "in/*", max_bytes: 4294967296%s}%s
  - use: export/json
    write_files: false
  - use: package/archive
    with: {formats: [tar]}
"""


def run(shape, importer, ext, n, hostile=True):
    work = os.path.join(BENCH, "scale", shape)
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(os.path.join(work, "in"))
    path = os.path.join(work, "in", "input." + ext)
    subprocess.run([sys.executable, MAKE, shape, str(n), path], check=True)
    extra = ", max_items: 10000000" if importer == "newsml" else ""
    with open(os.path.join(work, "pipeline.yaml"), "w") as f:
        f.write(PIPELINE % (importer, extra, "" if hostile else
                            "\n    timeout: 600s\n    memory_mb: 8192"))
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
            "done": counts.get("done", 0),
            "quarantined": counts.get("quarantined", 0) + counts.get("rejected", 0),
            "peak_rss_mb": round(ru.ru_maxrss / 1024.0, 1),
            "mb_per_s": round(mb / wall, 1), "why": why(work)}


def why(work):
    """The first words of the first quarantine reason, or ""."""
    try:
        with open(os.path.join(work, "out", "report.json")) as f:
            reason = json.load(f)["quarantined"][0]["reason"]
    except (OSError, ValueError, KeyError, IndexError):
        return ""
    return reason.split(";")[0]


def main(results=None):
    rows = []
    print("%-18s %-7s %10s %8s %9s %8s %8s %8s  %s" % (
        "shape", "import", "size", "MB", "items/s", "wall s", "x prev", "peak MB", "outcome"))
    for shape, importer, ext, base, unit, hostile in SHAPES:
        sizes = [base, base * 10, base * 100]
        prev = None
        for n in sizes:
            r = run(shape, importer, ext, n, hostile)
            r["unit"] = unit
            rows.append(r)
            grew = "%8.1f" % (r["wall_s"] / prev) if prev else "%8s" % "-"
            outcome = ("%d exported" % r["done"] if not r["quarantined"]
                       else "quarantined, exit %d: %s" % (r["exit"], r["why"]))
            print("%-18s %-7s %10d %8.1f %9d %8.2f %s %8.1f  %s" % (
                shape, importer, n, r["mb"], r["done"] / r["wall_s"], r["wall_s"], grew,
                r["peak_rss_mb"], outcome), flush=True)
            prev = r["wall_s"]
    if results is not None:
        results.extend(rows)
    return rows


if __name__ == "__main__":
    main()
