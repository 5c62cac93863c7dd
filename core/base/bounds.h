/* bounds.h — the bounds the core enforces on what pipelines, inputs and
 * scripts can make it do.  Settable ones are read from the pipeline's
 * `limits:` map (see pipeline.c).  A bound internal to one module (the
 * runner's queue and reorder sizes, REPORT_ASIDE_MAX in report.h) is named
 * beside it, and plugins name their own (the importers' max_bytes). */
#ifndef GALLEY_BOUNDS_H
#define GALLEY_BOUNDS_H

#define GALLEY_YAML_MAX_BYTES (1024 * 1024)  /* size of a pipeline file */
#define GALLEY_YAML_MAX_DEPTH 64             /* nesting of maps and lists */
#define GALLEY_YAML_MAX_ALIAS_NODES 10000    /* nodes copied by alias expansion */
#define GALLEY_VAR_MAX_BYTES 65536           /* one scalar after ${} expansion */

/* Lua, per worker state and per article; settable per stage with
 * `memory_mb:` and `instructions:`. */
#define GALLEY_LUA_MEMORY_MB 64
#define GALLEY_LUA_INSTRUCTIONS 50000000LL

/* The memory of the process an importer loads its inputs in (run/isolate.h),
 * resident, in MB; settable per source stage with `memory_mb:`.  Past it,
 * the process is stopped and that input quarantined. */
#define GALLEY_SOURCE_MEMORY_MB 2048

/* Wall-clock time one stage may take over one article (`timeout:`, in
 * milliseconds here).  Lua stops itself from its count hook; a compiled
 * plugin that overruns is caught by the runner's watchdog, which aborts
 * the run, since a thread cannot be interrupted safely. */
#define GALLEY_STAGE_TIMEOUT_MS 10000LL
/* How long the watchdog lets a Lua stage overrun its own deadline (it
 * can only stop between instructions) before it treats it as stuck. */
#define GALLEY_WATCHDOG_GRACE_MS 2000LL

/* PCRE2 patterns a user wrote (galley.re, clean/text's boilerplate): a
 * catastrophic pattern fails that article instead of spinning for hours.
 * The match limit counts backtracking steps of one pcre2_match call. */
#define GALLEY_RE_MATCH_LIMIT 10000000U
#define GALLEY_RE_DEPTH_LIMIT 100000U
#define GALLEY_RE_HEAP_LIMIT_KB 65536U

#endif
