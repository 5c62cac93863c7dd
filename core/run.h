/* run.h — the state of one run of a pipeline, and the galley_ctx handed to
 * each stage instance.  runner.c drives it; host.c exposes it to plugins;
 * output.c and quarantine.c write its files. */
#ifndef GALLEY_RUN_H
#define GALLEY_RUN_H

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>

#include "article.h"
#include "pipeline.h"
#include "queue.h"

typedef struct output_file {
	char *path;    /* relative to the output folder */
	char *full;    /* openable */
	char *article; /* id, or NULL for run-level files */
	uint64_t seq;  /* the article's place in the run; NO_ARTICLE for run files */
	size_t stage;  /* index of the stage that wrote it */
} output_file;

#define NO_ARTICLE UINT64_MAX

typedef struct run_counts {
	uint64_t read, done, dropped, quarantined, rejected;
} run_counts;

typedef struct run run;

struct galley_ctx {
	run *run;
	stage *stage;
	size_t index; /* of the stage in the pipeline */
	void *state;  /* the plugin's */
	int initialised;
	char reason[4096]; /* set by host->fail */
	size_t *view;      /* outputs of earlier stages, sorted by path */
	size_t nview;
	char *info; /* last run_info answer built on demand */
};

struct run {
	pipeline *p;
	const char *output, *quarantine;
	char date[16], epoch[24];
	int dry_run, verbose;
	size_t jobs;
	/* (jobs + 1) sets of one ctx per stage: set 0 runs the sources and
	 * sinks, set w + 1 runs worker w's transforms */
	galley_ctx *ctxs;
	aqueue queue;  /* source -> workers */
	reorder order; /* workers -> sinks, in input order */
	output_file *outputs;
	size_t noutputs, capoutputs;
	pthread_mutex_t lock; /* outputs, quarantine, counts */
	run_counts counts;
	uint64_t next_seq;
	int aborted;
	arena ar; /* run-lifetime strings */
};

/* output.c */
int output_record(run *r, size_t stage_index, const char *path, const char *full,
                  const galley_article *a);
int output_prepare(run *r, const char *path, char **full, char *msg, size_t msgsize);
void output_release(run *r);
void output_forget(run *r, uint64_t seq);
int output_view(galley_ctx *ctx);

/* quarantine.c: failed articles and rejected inputs, each with a .reason */
void quarantine_article(run *r, const galley_article *a, const char *stage_name, const char *reason);
void quarantine_input(run *r, const char *path, const char *stage_name, const char *reason);

/* runner.c: a source hands over an article (host->emit) */
int runner_emit(galley_ctx *src, galley_article *a);

/* host.c */
const galley_host *host_api(void);

#endif
