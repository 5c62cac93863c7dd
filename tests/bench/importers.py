#!/usr/bin/env python3
"""importers.py — `make bench`'s importer rows: each import/* plugin on its
fixtures (the seed in that format and the good inputs of its golden
tests; for import/html the 34 real pages of ../shared/data/web), copied
until the input holds at least BENCH_IMPORT_MB (default 50) MB, imported
with no other stage.  Prints articles/s and MB/s per importer, and for
web pages runs Mozilla Readability (npm @mozilla/readability with jsdom,
installed under BENCH_DIR/readability by `make bench-deps`) on the same
pages, one core each, with the ratio per page (each side's fastest of
three rounds).

Called by run.py; alone: python3 tests/bench/importers.py.
"""
import glob
import os
import re
import shutil
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
GALLEY = os.path.abspath(os.environ.get("GALLEY", os.path.join(ROOT, "build/galley")))
BENCH = os.path.abspath(os.environ.get("BENCH_DIR", os.path.join(ROOT, "build/bench")))
WEB = os.path.abspath(os.environ.get("BENCH_WEB", os.path.join(ROOT, "..", "shared", "data", "web")))
TARGET_MB = float(os.environ.get("BENCH_IMPORT_MB", "50"))
JOBS = int(os.environ.get("BENCH_JOBS", os.cpu_count() or 1))

CLI = os.path.join(ROOT, "tests/cli")
FIXTURES = {  # importer: (extension, files)
    "text": ("txt", sorted(glob.glob(os.path.join(ROOT, "pipelines/samples/*.txt")))),
    "html": ("html", sorted(glob.glob(os.path.join(WEB, "*/source.html")))),
    "nitf": ("xml", [os.path.join(ROOT, "tests/fixtures/seed/article.nitf.xml"),
                     os.path.join(CLI, "074-nitf-bad-inputs/wire/good.xml"),
                     os.path.join(CLI, "074-nitf-bad-inputs/wire/latin1.xml")]),
    "newsml": ("xml", [os.path.join(ROOT, "tests/fixtures/seed/article.newsml.xml"),
                       os.path.join(CLI, "075-newsml-messages/wire/message.xml")]),
    "wxr": ("xml", [os.path.join(ROOT, "tests/fixtures/seed/article.wxr.xml"),
                    os.path.join(CLI, "076-wxr-exports/exports/site.xml")]),
    "ninjs": ("json", [os.path.join(ROOT, "tests/fixtures/seed/article.ninjs.json")]),
    "markdown": ("md", [os.path.join(ROOT, "tests/fixtures/seed/article.md"),
                        os.path.join(CLI, "077-markdown-files/drafts/hugo-post.md"),
                        os.path.join(CLI, "077-markdown-files/drafts/plain.md")]),
    # tar.gz, zip, tar.zst and tar of the seed in five formats, with pictures
    # (MB/s counts the archives' bytes, not what they expand to)
    "archive": ("archive", sorted(glob.glob(os.path.join(CLI, "078-archive-imports/inbox/*")))),
}


def inputs(name):
    """The importer's input folder (made once): its fixtures copied until
    TARGET_MB; returns the folder, the bytes and the number of files."""
    ext, files = FIXTURES[name]
    path = os.path.join(BENCH, "import-%s" % name)
    marker = os.path.join(path, ".complete-%g" % TARGET_MB)
    if not os.path.exists(marker):
        shutil.rmtree(path, ignore_errors=True)
        os.makedirs(path)
        total, k = 0, 0
        while total < TARGET_MB * 1e6:
            for f in files:
                sub = os.path.join(path, "%03d" % (k // 1000))
                os.makedirs(sub, exist_ok=True)
                shutil.copyfile(f, os.path.join(sub, "%06d.%s" % (k, ext)))
                total += os.path.getsize(f)
                k += 1
        open(marker, "w").close()
    names = [os.path.join(d, f) for d, _, fs in os.walk(path) for f in fs if not f.startswith(".")]
    return path, sum(os.path.getsize(f) for f in names), len(names)


def run_galley(name, path, jobs):
    pipeline = os.path.join(BENCH, "import-%s.yaml" % name)
    with open(pipeline, "w") as f:
        f.write("name: import-%s\noutput: %s\nstages:\n  - use: import/%s\n"
                "    with: {path: '%s/**/*.%s', language: en}\n"
                % (name, os.path.join(BENCH, "out-import"), name, path, FIXTURES[name][0]))
    # the inputs read once first (this VM's proactive reclaim drops cold
    # page cache: a first read comes from the disk, as the cat floor's
    # first run does), and what earlier runs wrote flushed before, not
    # during, this one
    subprocess.run(["sh", "-c", "find '%s' -type f -print0 | xargs -0 cat >/dev/null" % path],
                   check=True)
    os.sync()
    start = time.monotonic()
    p = subprocess.run([GALLEY, "run", pipeline, "--jobs", str(jobs)], stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE, text=True)
    wall = time.monotonic() - start
    m = re.search(r"([\d,]+) read(?: \(\+([\d,]+) split off\))?, ([\d,]+) done", p.stderr)
    if p.returncode not in (0, 1) or not m:
        sys.exit("bench: import/%s failed (%d):\n%s" % (name, p.returncode, p.stderr[-2000:]))
    return wall, int(m.group(3).replace(",", ""))


def readability(pages, rounds):
    """Seconds per page for Readability on pages, or None when it is not
    installed (make bench-deps)."""
    prefix = os.path.join(BENCH, "readability")
    if not os.path.isdir(os.path.join(prefix, "node_modules", "@mozilla", "readability")):
        return None
    script = os.path.join(ROOT, "tests/bench/readability.js")
    env = dict(os.environ, NODE_PATH=os.path.join(prefix, "node_modules"))
    p = subprocess.run(["node", script, str(rounds)] + pages, env=env, capture_output=True, text=True)
    m = re.search(r"seconds_per_page ([0-9.e-]+)", p.stdout)
    if p.returncode != 0 or not m:
        print("bench: readability failed:\n%s" % p.stderr[-2000:], file=sys.stderr)
        return None
    return float(m.group(1))


def main(results=None):
    rows = []
    print("%-24s %9s %9s %8s %8s" % ("importer", "files", "art/s", "MB/s", "wall s"))
    for name in FIXTURES:
        if not FIXTURES[name][1]:
            print("%-24s (no fixtures: %s)" % ("import/" + name, WEB))
            continue
        path, nbytes, nfiles = inputs(name)
        wall, done = run_galley(name, path, JOBS)
        r = {"importer": name, "files": nfiles, "articles": done, "mb": round(nbytes / 1e6, 1),
             "wall_s": round(wall, 3), "articles_per_s": round(done / wall),
             "mb_per_s": round(nbytes / 1e6 / wall, 1), "jobs": JOBS}
        rows.append(r)
        print("%-24s %9d %9d %8.1f %8.2f" % ("import/%s --jobs %d" % (name, JOBS), nfiles,
                                              r["articles_per_s"], r["mb_per_s"], wall), flush=True)
    pages = FIXTURES["html"][1]
    if pages:
        path, nbytes, nfiles = inputs("html")
        rounds = 3  # each side's fastest of three: this VM's neighbours come and go
        wall1 = min(run_galley("html", path, 1)[0] for _ in range(rounds))
        galley_page = wall1 / nfiles
        rd = readability(pages, rounds)
        line = "web pages, one core: galley %.2f ms/page" % (galley_page * 1e3)
        if rd:
            line += "; Readability (jsdom) %.2f ms/page; galley is %.0fx faster" % (
                rd * 1e3, rd / galley_page)
        else:
            line += "; Readability not installed (make bench-deps)"
        print(line)
        rows.append({"importer": "html-vs-readability", "galley_s_per_page": galley_page,
                     "readability_s_per_page": rd,
                     "ratio": round(rd / galley_page, 1) if rd else None})
    if results is not None:
        results.extend(rows)
    return rows


if __name__ == "__main__":
    main()
