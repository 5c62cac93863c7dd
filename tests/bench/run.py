#!/usr/bin/env python3
"""run.py — `make bench`: galley's throughput and memory on corpora of N
articles sized like news copy (1,000, 10,000, 100,000; 500,000 with
BENCH_FULL=1; tests/bench/make_corpus.py: 1 to 12 KB, median 4 KB, eight
languages), with tar.zst, tar.gz (ISA-L, the default) and tar.gz through
zlib (gzip: zlib), next to the floors set by the machine (cat of the corpus, zstd -3, gzip -6
and igzip -3 of the bundle's bytes), --jobs 1 against --jobs 2, and
the Python reference pipeline (tests/bench/reference.py) on the same
corpus; at 10,000, the Lua rows (a stage reading one field; the naive
user script of 2 and 20 gsub rules beside the run without it; one run
against 2 shards at once and their merge, issue 31); then the
1.3 KB corpus of earlier benches at 10,000, for
comparison.
Prints a table and writes BENCH_DIR/results.json (default build/bench).

Then the importer rows (tests/bench/importers.py): each import/* plugin on
its fixtures repeated to 50 MB, and import/html against Mozilla
Readability on the same real pages; the importer curves
(tests/bench/scale.py): each importer on one file at 1x, 10x and 100x of
a shape, hostile and plain (a WordPress export to 100,000 posts, ninjs
JSON lines to 1,000,000 items, a NewsML-G2 message to 50,000); and the
annotate rows
(tests/bench/annotate.py): the entity matcher alone with 10,000 gazetteer
entries, and the full annotated nightly pipeline.

Environment: GALLEY (binary, default build/galley), BENCH_DIR, BENCH_N
(comma-separated sizes instead of the defaults), BENCH_FULL=1, BENCH_JOBS
(workers for the main runs, default: online CPUs), BENCH_IMPORTERS=0 (no
importer rows), BENCH_IMPORT_MB (their input size, default 50),
BENCH_SCALE=0 (no importer curves),
BENCH_ANNOTATE=0 (no annotate rows), BENCH_ENTITY_MB (the matcher's text,
default 50).
"""
import glob
import json
import os
import re
import shutil
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
GALLEY = os.path.abspath(os.environ.get("GALLEY", os.path.join(ROOT, "build/galley")))
BENCH = os.path.abspath(os.environ.get("BENCH_DIR", os.path.join(ROOT, "build/bench")))
PIPELINE = os.path.join(ROOT, "tests/bench/pipeline.yaml")
HEAVY = os.path.join(ROOT, "tests/bench/heavy.yaml")
JOBS = int(os.environ.get("BENCH_JOBS", os.cpu_count() or 1))
# Each exporter alone after import/text, files written: its own articles/s.
EXPORTERS = [
    ("import/text alone", None),
    ("export/json", "{}"),
    ("export/ninjs", "{}"),
    ("export/nitf", "{}"),
    ("export/html", "{}"),
    ("export/markdown", "{}"),
    ("export/text", "{}"),
    ("export/feed", "{base_url: 'https://example.com/', limit: 100}"),
]


def sizes():
    if os.environ.get("BENCH_N"):
        return [int(n) for n in os.environ["BENCH_N"].split(",")]
    return [1000, 10000, 100000] + ([500000] if os.environ.get("BENCH_FULL") == "1" else [])


def timed(argv, stdout=subprocess.DEVNULL, stdin=None):
    """Runs argv; returns wall seconds, cpu seconds, peak RSS in MB, stderr.
    What earlier runs wrote is flushed first, so it is not this run's cost."""
    os.sync()
    start = time.monotonic()
    p = subprocess.Popen(argv, stdout=stdout, stdin=stdin, stderr=subprocess.PIPE)
    err = p.stderr.read().decode("utf-8", "replace")
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.monotonic() - start
    p.returncode = os.waitstatus_to_exitcode(status)
    if p.returncode != 0:
        sys.exit("bench: %s failed (%d):\n%s" % (" ".join(argv), p.returncode, err))
    return wall, ru.ru_utime + ru.ru_stime, ru.ru_maxrss / 1024.0, err


def corpus(n, kind="realistic"):
    """The corpus of n articles of a kind (tests/bench/make_corpus.py), made
    once and kept (marker file .complete): realistic, sized like news copy
    from the samples and the language fixtures; small, the samples as they
    are (1.3 KB on average)."""
    path = os.path.join(BENCH, "corpus-%s-%d" % (kind, n))
    if not os.path.exists(os.path.join(path, ".complete")):
        print("bench: making %d %s articles in %s" % (n, kind, path), file=sys.stderr)
        subprocess.run(["rm", "-rf", path], check=True)
        sources = sorted(glob.glob(os.path.join(ROOT, "pipelines/samples/*.txt")))
        if kind == "realistic":
            sources += sorted(glob.glob(os.path.join(ROOT, "tests/fixtures/language/*.txt")))
        subprocess.run([sys.executable, os.path.join(ROOT, "tests/bench/make_corpus.py"),
                        "--kind", kind, path, str(n)] + sources, check=True)
        open(os.path.join(path, ".complete"), "w").close()
    total = 0
    for d, _, files in os.walk(path):
        total += sum(os.path.getsize(os.path.join(d, f)) for f in files if f.endswith(".txt"))
    return path, total


def galley(path, n, fmt, jobs, out, pipeline=PIPELINE, gzip="isa-l"):
    subprocess.run(["rm", "-rf", out], check=True)
    # the bench pipeline and its Lua variants (lua_variant) take the archive's settings
    derived = pipeline == PIPELINE or pipeline.startswith(os.path.join(BENCH, "lua-"))
    sets = ["--set", "FORMAT=" + fmt, "--set", "GZIP=" + gzip] if derived else []
    wall, cpu, rss, err = timed([GALLEY, "run", pipeline, "-v", "--jobs", str(jobs),
                                 "--set", "CORPUS=" + path, "--set", "OUT=" + out] + sets)
    if not re.search(r"\b%s done\b" % format(n, ","), err):  # counts grouped: 1,000
        sys.exit("bench: galley did not finish all %d articles:\n%s" % (n, err))
    return wall, cpu, rss


def exporter_pipeline(use, settings):
    """A pipeline of import/text and one exporter, written under BENCH."""
    path = os.path.join(BENCH, "export-%s.yaml" % (use or "none").replace("/", "-"))
    with open(path, "w") as f:
        f.write("name: exporter\nvars: {CORPUS: corpus, OUT: out}\noutput: ${OUT}\nstages:\n"
                "  - use: import/text\n    with: {path: '${CORPUS}/**/*.txt', language: en}\n")
        if use:
            f.write("  - use: %s\n    with: %s\n" % (use, settings))
    return path


def lua_variant(name, script):
    """The bench pipeline with its house-style stage replaced by script
    (None: no Lua stage at all), written under BENCH."""
    with open(PIPELINE) as f:
        text = f.read()
    start = text.index("  - name: house-style")
    end = text.index("  - use: annotate/stats")
    stage = ("  - name: %s\n    lua: %s\n\n" % (name, script)) if script else ""
    out = os.path.join(BENCH, "lua-%s.yaml" % name)
    with open(out, "w") as f:
        f.write(text[:start].replace("../../scripts/", os.path.join(ROOT, "scripts/")) + stage +
                text[end:])
    return out


def bench_lua_cost(path, n, mb, results):
    """What a Lua stage costs: the light pipeline with a script that reads
    and writes one field; the time inside its process() calls (the run
    report's stage seconds) over the run's CPU time, --jobs 1.  The run
    without the stage is printed beside it; their difference is within
    this machine's noise."""
    out = os.path.join(BENCH, "out")
    row(results, n, "lua: no stage --jobs 1",
        *galley(path, n, "tar.zst", 1, out, lua_variant("none", None)), mb)
    one = row(results, n, "lua: one field --jobs 1",
              *galley(path, n, "tar.zst", 1, out,
                      lua_variant("one-field", os.path.join(ROOT, "tests/bench/one_field.lua"))),
              mb)
    with open(os.path.join(out, "report.json")) as f:
        stage = [st for st in json.load(f)["stages"] if st["name"] == "one-field"][0]
    return round(100 * stage["seconds"] / one["cpu_s"], 1)


def bench_naive_script(path, n, mb, results):
    """What a script as a new user writes it costs (issue 30): plain gsub
    rules over every block, no prefilter (tests/bench/naive_2.lua,
    naive_20.lua), in the light pipeline with tar.gz, --jobs JOBS; beside
    it the same pipeline without a Lua stage.  The script's share is the
    run's wall time over the run without it, as the issue measured it.
    Each row is the fastest of three runs: a share is a difference of two
    sub-second runs, and this VM's speed moves by 10-20% from run to run."""
    out = os.path.join(BENCH, "out")

    def best(pipeline):
        return min((galley(path, n, "tar.gz", JOBS, out, pipeline) for _ in range(3)),
                   key=lambda t: t[0])
    none = row(results, n, "naive: no script --jobs %d" % JOBS,
               *best(lua_variant("none", None)), mb)
    shares = {}
    for rules in (2, 20):
        r = row(results, n, "naive: %d gsub rules --jobs %d" % (rules, JOBS),
                *best(lua_variant("naive-%d" % rules,
                                  os.path.join(ROOT, "tests/bench/naive_%d.lua" % rules))), mb)
        shares[rules] = round(100 * (r["wall_s"] - none["wall_s"]) / r["wall_s"], 1)
    return none, shares


def bench_shards(path, n, mb, results):
    """Issue 31: the light pipeline (tar.gz) as one run (--jobs 2), and
    as 2 shards at once (--jobs 1 each: this machine's two cores) then
    `galley merge`; the split run is the shards' wall time plus the
    merge's, and the merge's share is its part of that."""
    out = os.path.join(BENCH, "out-shards")
    one = row(results, n, "shards: 1 (one run) --jobs 2", *galley(path, n, "tar.gz", 2, out), mb)
    subprocess.run(["rm", "-rf", out], check=True)
    sets = ["--set", "CORPUS=" + path, "--set", "OUT=" + out, "--set", "FORMAT=tar.gz"]
    os.sync()
    start = time.monotonic()
    procs = [subprocess.Popen([GALLEY, "run", PIPELINE, "-q", "--jobs", "1", "--shard",
                               "%d/2" % i] + sets, stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE) for i in range(2)]
    cpu = rss = 0.0
    for p in procs:
        err = p.stderr.read().decode("utf-8", "replace")
        _, status, ru = os.wait4(p.pid, 0)
        if os.waitstatus_to_exitcode(status) != 0:
            sys.exit("bench: a shard failed:\n%s" % err)
        cpu += ru.ru_utime + ru.ru_stime
        rss = max(rss, ru.ru_maxrss / 1024.0)
    shards = row(results, n, "shards: 2 at once --jobs 1", time.monotonic() - start, cpu, rss, mb)
    merge = row(results, n, "shards: merge of the 2",
                *timed([GALLEY, "merge", PIPELINE, "-q", "--shards", "2"] + sets)[:3], mb)
    split = row(results, n, "shards: 2 + merge", shards["wall_s"] + merge["wall_s"],
                shards["cpu_s"] + merge["cpu_s"], max(rss, merge["peak_rss_mb"]), mb)
    subprocess.run(["rm", "-rf", out], check=True)
    return {"one_run_articles_per_s": one["articles_per_s"],
            "split_articles_per_s": split["articles_per_s"],
            "merge_share_percent": round(100 * merge["wall_s"] / split["wall_s"], 1)}


def bench_exporters(path, n, mb, results):
    """Each exporter into a folder of its own, all removed after the last
    row: deleting one row's 10,000 files just before the next made ext4
    search for inodes it may reuse (recently_deleted, find_inode_bit), and
    that search, not the exporters, had been most of these rows' time."""
    base = os.path.join(BENCH, "out-exporters")
    subprocess.run(["rm", "-rf", base], check=True)
    for name, settings in EXPORTERS:
        use = None if settings is None else name
        out = os.path.join(base, name.split()[0].replace("/", "-"))
        row(results, n, "%s --jobs %d" % (name, JOBS),
            *galley(path, n, "", JOBS, out, exporter_pipeline(use, settings)), mb)
    subprocess.run(["rm", "-rf", base], check=True)


def floor(argv, infile):
    with open(infile, "rb") as f:
        return timed(argv, stdin=f)[:3]


def row(results, n, what, wall, cpu, rss, mb):
    r = {"n": n, "what": what, "wall_s": round(wall, 3), "cpu_s": round(cpu, 3),
         "articles_per_s": round(n / wall), "input_mb_per_s": round(mb / wall, 1),
         "peak_rss_mb": round(rss, 1)}
    results.append(r)
    print("%8d  %-28s %9d %8.1f %8.2f %8.2f %8.1f" % (n, what, r["articles_per_s"],
                                                     r["input_mb_per_s"], wall, cpu, rss),
          flush=True)
    return r


def bench_size(n, results, summary):
    path, nbytes = corpus(n)
    mb = nbytes / 1e6
    out = os.path.join(BENCH, "out")
    # warm the page cache, and measure the floor of reading the corpus
    cat = timed(["sh", "-c", "find '%s' -name '*.txt' -print0 | xargs -0 cat" % path])
    cat = timed(["sh", "-c", "find '%s' -name '*.txt' -print0 | xargs -0 cat" % path])
    row(results, n, "floor: cat corpus", *cat[:3], mb)
    zst = row(results, n, "galley tar.zst --jobs %d" % JOBS, *galley(path, n, "tar.zst", JOBS, out), mb)
    gz = row(results, n, "galley tar.gz zlib --jobs %d" % JOBS,
             *galley(path, n, "tar.gz", JOBS, out, gzip="zlib"), mb)
    isal = row(results, n, "galley tar.gz --jobs %d" % JOBS,  # the default: ISA-L
               *galley(path, n, "tar.gz", JOBS, out), mb)
    one = row(results, n, "galley tar.zst --jobs 1", *galley(path, n, "tar.zst", 1, out), mb)
    two = zst if JOBS == 2 else row(results, n, "galley tar.zst --jobs 2",
                                     *galley(path, n, "tar.zst", 2, out), mb)
    galley(path, n, "tar", JOBS, out)  # the bundle's bytes, for the compressor floors
    tar = os.path.join(out, "bundles", "bench.tar")
    zfloor = floor(["zstd", "-3", "-c", "-q"], tar)
    gfloor = floor(["gzip", "-6", "-c"], tar)
    row(results, n, "floor: zstd -3 of bundle", *zfloor, mb)
    row(results, n, "floor: gzip -6 of bundle", *gfloor, mb)
    gfloor = gfloor[0]
    ifloor = None
    if shutil.which("igzip"):  # Debian's isal: ISA-L's own command line
        ifloor = floor(["igzip", "-3", "-c"], tar)
        row(results, n, "floor: igzip -3 of bundle", *ifloor, mb)
        ifloor = ifloor[0]
    ref = None
    if n <= 100000 or os.environ.get("BENCH_FULL") == "1":
        wall, cpu, rss, _ = timed([sys.executable, os.path.join(ROOT, "tests/bench/reference.py"),
                                   path, os.path.join(BENCH, "reference.tar.gz")])
        ref = row(results, n, "python reference tar.gz", wall, cpu, rss, mb)
    heavy = lua_cost = naive = shards = None
    if n == 10000 or (10000 not in sizes() and n == sizes()[0]):
        h1 = row(results, n, "heavy (200 terms) --jobs 1",
                 *galley(path, n, "tar.zst", 1, out, HEAVY), mb)
        h2 = row(results, n, "heavy (200 terms) --jobs 2",
                 *galley(path, n, "tar.zst", 2, out, HEAVY), mb)
        heavy = round(h1["wall_s"] / h2["wall_s"], 2)
        lua_cost = bench_lua_cost(path, n, mb, results)
        naive = bench_naive_script(path, n, mb, results)
        shards = bench_shards(path, n, mb, results)
        bench_exporters(path, n, mb, results)
    summary[n] = {
        "cat_floor_fraction": round(cat[0] / two["wall_s"], 2),
        "tar_zst_vs_zstd_floor": round(zst["wall_s"] / zfloor[0], 2),
        "heavy_jobs2_vs_jobs1": heavy,
        "lua_one_field_cost_percent": lua_cost,
        "shards": shards,
        "naive_script_share_percent": naive[1] if naive else None,
        "naive_no_script_cat_floor_fraction": round(cat[0] / naive[0]["wall_s"], 2) if naive else None,
        "tar_gz_vs_gzip_floor": round(gz["wall_s"] / gfloor, 2),
        "tar_gz_isal_vs_gzip_floor": round(isal["wall_s"] / gfloor, 2),
        "tar_gz_isal_vs_igzip_floor": round(isal["wall_s"] / ifloor, 2) if ifloor else None,
        "vs_python_reference_isal": round(ref["wall_s"] / isal["wall_s"], 1) if ref else None,
        "jobs2_vs_jobs1": round(one["wall_s"] / two["wall_s"], 2),
        "vs_python_reference": round(ref["wall_s"] / gz["wall_s"], 1) if ref else None,
        # the reference does the same deflate (compresslevel=6), and galley's
        # tar.gz cannot take less than gzip -6 alone: the most it can reach
        "vs_python_reference_zlib_bound": round(ref["wall_s"] / gfloor, 1) if ref else None,
        "peak_rss_mb": zst["peak_rss_mb"],
    }


def small_rows(results):
    """The 1.3 KB corpus of earlier benches, for comparison with them."""
    n = 10000
    path, nbytes = corpus(n, "small")
    mb = nbytes / 1e6
    out = os.path.join(BENCH, "out")
    # read once first, as the main rows' cat floor does (this VM's reclaim
    # drops page cache not used for a while)
    timed(["sh", "-c", "find '%s' -name '*.txt' -print0 | xargs -0 cat" % path])
    row(results, n, "small: galley tar.zst --jobs %d" % JOBS, *galley(path, n, "tar.zst", JOBS, out),
        mb)
    wall, cpu, rss, _ = timed([sys.executable, os.path.join(ROOT, "tests/bench/reference.py"),
                               path, os.path.join(BENCH, "reference.tar.gz")])
    row(results, n, "small: python reference", wall, cpu, rss, mb)


def main():
    os.makedirs(BENCH, exist_ok=True)
    results, summary = [], {}
    print("%8s  %-28s %9s %8s %8s %8s %8s" % ("N", "run", "art/s", "MB/s", "wall s",
                                                "cpu s", "peak MB"))
    for n in sizes():
        bench_size(n, results, summary)
    small_rows(results)
    print()
    if os.environ.get("BENCH_IMPORTERS", "1") != "0":
        sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
        import importers  # tests/bench/importers.py: the importer rows
        importers.main(results)
        print()
    if os.environ.get("BENCH_SCALE", "1") != "0":
        sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
        import scale  # tests/bench/scale.py: each importer at 1x, 10x, 100x of a shape
        scale.main(results)
        print()
    if os.environ.get("BENCH_ANNOTATE", "1") != "0":
        sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
        import annotate  # tests/bench/annotate.py: the entity matcher and annotated pipeline
        annotate.main(BENCH, os.path.dirname(GALLEY), galley, corpus, row, JOBS, results)
        print()
    for n, s in summary.items():
        print("N=%d: %.2fx of the cat floor; tar.zst %.2fx zstd -3 alone; tar.gz (ISA-L, the "
              "default) %.2fx gzip -6 alone%s; --jobs 2 is %.2fx --jobs 1%s; peak %.1f MB%s"
              % (n, s["cat_floor_fraction"], s["tar_zst_vs_zstd_floor"],
                 s["tar_gz_isal_vs_gzip_floor"],
                 " (%.2fx igzip -3 alone)" % s["tar_gz_isal_vs_igzip_floor"]
                 if s["tar_gz_isal_vs_igzip_floor"] else "", s["jobs2_vs_jobs1"],
                 " (%.2fx on the heavy pipeline)" % s["heavy_jobs2_vs_jobs1"]
                 if s["heavy_jobs2_vs_jobs1"] else "", s["peak_rss_mb"],
                 "; %.1fx the Python reference (zlib -6)" % s["vs_python_reference_isal"]
                 if s["vs_python_reference_isal"] else ""))
        print("N=%d: with gzip: zlib, tar.gz %.2fx gzip -6 alone%s"
              % (n, s["tar_gz_vs_gzip_floor"],
                 "; %.1fx the Python reference (at most %.1fx with zlib: its time over "
                 "gzip -6's)" % (s["vs_python_reference"], s["vs_python_reference_zlib_bound"])
                 if s["vs_python_reference"] else ""))
        if s["naive_script_share_percent"]:
            sh = s["naive_script_share_percent"]
            print("N=%d: a naive gsub script is %.1f%% of the run with 2 rules, %.1f%% with 20; "
                  "without it the light pipeline (tar.gz) is %.2fx the cat floor"
                  % (n, sh[2], sh[20], s["naive_no_script_cat_floor_fraction"]))
        if s["shards"]:
            sh = s["shards"]
            print("N=%d: one run %d articles/s; 2 shards at once and their merge %d articles/s; "
                  "the merge is %.1f%% of the split run" % (n, sh["one_run_articles_per_s"],
                                                           sh["split_articles_per_s"],
                                                           sh["merge_share_percent"]))
        if s["lua_one_field_cost_percent"] is not None:
            print("N=%d: a Lua stage reading and writing one field takes %.1f%% of the "
                  "pipeline's CPU time" % (n, s["lua_one_field_cost_percent"]))
    ns = sorted(summary)
    if len(ns) > 1 and 10000 in summary:
        big = ns[-1]
        print("peak RSS at N=%d is %.2fx the N=10000 figure" % (
            big, summary[big]["peak_rss_mb"] / summary[10000]["peak_rss_mb"]))
    machine = {"cpus": os.cpu_count(), "jobs": JOBS, "galley": GALLEY,
               "uname": " ".join(os.uname())}
    path = os.path.join(BENCH, "results.json")
    with open(path + ".tmp", "w") as f:
        json.dump({"machine": machine, "runs": results,
                   "summary": {str(k): v for k, v in summary.items()}}, f, indent=2)
        f.write("\n")
    os.replace(path + ".tmp", path)
    print("results: %s" % path)


if __name__ == "__main__":
    main()
