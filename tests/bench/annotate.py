#!/usr/bin/env python3
"""annotate.py — the annotate rows of `make bench`:

- the entity matcher alone (BUILD/bench/entities_bench, one core) with a
  gazetteer of 10,000 entries (made here: people with a surname alias,
  organisations with an initialism, places; names from a seeded random
  syllable generator), on the sample articles repeated to BENCH_ENTITY_MB
  (default 50) MB, a generated name put into every third paragraph;
- the full annotated nightly pipeline (tests/bench/annotated.yaml: import,
  clean, language, house style, entities, stats, JSON, tar.gz) on the
  bench corpus of 10,000 articles, --jobs 1 and BENCH_JOBS.
"""
import glob
import json
import os
import random
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
SYLLABLES = ("ka ri mo lin sa ve to ran dor el mi na so berg us ta fe lo ni har "
             "ve ko sel tri ad um bo gar is pe").split()


def word(rng, parts):
    return "".join(rng.choice(SYLLABLES) for _ in range(parts)).capitalize()


def gazetteer(path, n):
    rng = random.Random(12)
    seen, names = set(), []
    with open(path, "w", encoding="utf-8") as f:
        f.write("entries:\n")
        while len(names) < n:
            kind = len(names) % 5
            if kind < 3:
                first, last = word(rng, 2), word(rng, 3)
                name, alias, typ = "%s %s" % (first, last), last, "person"
            elif kind == 3:
                name = "%s %s Institute" % (word(rng, 2), word(rng, 2))
                alias, typ = "".join(w[0] for w in name.split()).upper() + word(rng, 1).upper(), "organisation"
            else:
                name, alias, typ = word(rng, 3) + "by", word(rng, 3) + "stad", "place"
            if name in seen or alias in seen:
                continue
            seen.update((name, alias))
            names.append(name)
            f.write("  - {id: bench:%d, type: %s, name: \"%s\", aliases: [\"%s\"]}\n"
                    % (len(names), typ, name, alias))
    return names


def text(path, names, mb):
    paras = []
    for p in sorted(glob.glob(os.path.join(ROOT, "pipelines/samples/*.txt"))):
        with open(p, encoding="utf-8") as f:
            body = re.sub(r"^---\n.*?\n---\n", "", f.read(), flags=re.S)
        paras += [x.strip() for x in body.split("\n\n") if x.strip()]
    rng = random.Random(5)
    size = 0
    with open(path, "w", encoding="utf-8") as f:  # written as made: the bench
        while size < mb * 1e6:                    # process stays small (peak RSS
            article = []                          # of its children counts it)
            for i, p in enumerate(paras[:12]):
                article.append(("%s said: " % rng.choice(names) if i % 3 == 0 else "") + p)
            chunk = "\n".join(article) + "\f"
            f.write(chunk)
            size += len(chunk.encode())
            paras = paras[12:] + paras[:12]
    return size


def main(bench, build, galley_fn, corpus_fn, row, jobs, results):
    tool = os.path.join(build, "bench", "entities_bench")
    if not os.path.exists(tool):
        print("annotate: %s not built (make bench builds it)" % tool)
        return
    gz = os.path.join(bench, "gazetteer-10000.yaml")
    names = gazetteer(gz, 10000)
    txt = os.path.join(bench, "entities-text.txt")
    text(txt, names, float(os.environ.get("BENCH_ENTITY_MB", "50")))
    p = subprocess.run([tool, gz, txt, "en"], capture_output=True, text=True)
    if p.returncode:
        sys.exit("bench: entities_bench failed:\n" + p.stderr)
    m = json.loads(p.stdout)
    print("entity matcher, one core: %d entries (%d names), automaton %.1f MB built in %.2f s; "
          "%.1f MB scanned at %.0f MB/s (%d mentions)" % (
              m["entries"], m["names"], m["matcher_mb"], m["build_s"], m["mb"], m["mb_per_s"],
              m["mentions"]), flush=True)
    results.append(dict(m, what="entity matcher"))
    path, nbytes = corpus_fn(10000)
    out = os.path.join(bench, "out")
    for j in sorted({1, jobs}):
        row(results, 10000, "annotated nightly --jobs %d" % j,
            *galley_fn(path, 10000, "", j, out, os.path.join(HERE, "annotated.yaml")), nbytes / 1e6)
