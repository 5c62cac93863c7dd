/* runner.h — runs a bound pipeline: sources emit articles, worker threads
 * carry them through the transforms, and the sinks receive them in input
 * order; failures are quarantined and the run goes on. */
#ifndef GALLEY_RUNNER_H
#define GALLEY_RUNNER_H

#include "base/error.h"
#include "config/pipeline.h"
#include "run/run.h"

typedef struct runner_opts {
	int dry_run; /* sources and transforms only; nothing written */
	size_t jobs; /* worker threads for transforms; 0 means 1 */
	int verbose;
	int full;            /* partners: send everything, not only what is new */
	const char *partner; /* partners: only this one */
	const char *since;   /* partners: re-send articles dated from this day */
	const char *guid;    /* partners: only the item with this guid (galley resend) */
	long long now;       /* --now: the run's instant, seconds since the epoch; 0 the clock */
	int progress;        /* a progress line on stderr */
	const char *metrics; /* --metrics FILE: the run's figures, Prometheus text */
	const struct shard_spec *shard; /* --shard I/N: run one shard of N (run/shard.h) */
	unsigned merge;      /* galley merge --shards N: the run-wide part over N shards */
} runner_opts;

/* 0 when the run finished (some articles may be quarantined: see counts);
 * GALLEY_EINVALID when a stage refused to start (nothing ran);
 * GALLEY_ESTAGE when the run was aborted.  err says why. */
int runner_run(pipeline *p, const runner_opts *opts, run_counts *counts, galley_error *err);
/* Starts every stage as a run would (one worker, nothing written, no
 * partner state opened) and destroys them again: what `galley check`
 * runs to catch settings only a plugin's init or a script's setup can
 * judge.  0, or GALLEY_EINVALID with err naming the stage. */
int runner_start_only(pipeline *p, galley_error *err);
/* The run's instant (now: --now, else 0 for the clock), its date (from
 * now when given, else SOURCE_DATE_EPOCH, else the clock; UTC) and epoch
 * (SOURCE_DATE_EPOCH or 0). */
void runner_set_dates(run *r, long long now);

#endif
