/* runner.h — runs a bound pipeline: sources emit articles, each article
 * goes through the transforms and then the sinks in input order, failures
 * are quarantined and the run goes on. */
#ifndef GALLEY_RUNNER_H
#define GALLEY_RUNNER_H

#include "error.h"
#include "pipeline.h"
#include "run.h"

typedef struct runner_opts {
	int dry_run; /* sources and transforms only; nothing written */
	int verbose;
} runner_opts;

/* 0 when the run finished (some articles may be quarantined: see counts);
 * GALLEY_EINVALID when a stage refused to start (nothing ran);
 * GALLEY_ESTAGE when the run was aborted.  err says why. */
int runner_run(pipeline *p, const runner_opts *opts, run_counts *counts, galley_error *err);

#endif
