/* run.h — the state of one run of a pipeline, and the galley_ctx handed to
 * each stage instance.  runner.c drives it; host.c exposes it to plugins;
 * output.c and quarantine.c write its files. */
#ifndef GALLEY_RUN_H
#define GALLEY_RUN_H

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>

#include "article.h"
#include "hashset.h"
#include "partner_sink.h"
#include "pipeline.h"
#include "queue.h"

typedef struct output_file {
	char *path;    /* relative to the output folder */
	char *full;    /* openable; NULL when held in memory */
	void *data;    /* the bytes, for a stage with write_files: false */
	size_t len;
	char *article; /* id, or NULL for run-level files */
	uint64_t seq;  /* the article's place in the run; NO_ARTICLE for run files */
	size_t stage;  /* index of the stage that wrote it */
} output_file;

#define NO_ARTICLE UINT64_MAX

typedef struct run_counts {
	uint64_t read, done, dropped, quarantined, rejected, split;
	uint64_t stalled; /* calls the watchdog gave up on: their threads are still stuck */
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
	const galley_article *article; /* during process(): the article at hand */
	int64_t deadline_ns; /* during process(): when the watchdog steps in (watchdog.h) */
	/* host->import_data (import_data.c): the importers this ctx ran on
	 * bytes, each in a nested ctx; in a nested ctx, the bytes it reads */
	struct nested_importer **nested;
	size_t nnested;
	struct import_feed *feed;
	galley_ctx *caller; /* a nested importer's: the ctx that ran it */
	/* for the run report: this ctx's share of the stage's work */
	uint64_t calls, dropped, failed;
	double seconds;
};

typedef struct set_aside {
	char *what, *source, *stage, *reason; /* id or input path */
} set_aside;

struct run {
	pipeline *p;
	const char *output, *quarantine;
	char date[16], epoch[24];
	int dry_run, verbose;
	int ordered_log; /* workers' messages wait for their article's turn */
	int progress;    /* draw the progress line (progress.h) */
	uint64_t expected; /* atomic: inputs the sources said they will emit */
	size_t jobs;
	/* (jobs + 1) sets of one ctx per stage: set 0 runs the sources and
	 * sinks, set w + 1 runs worker w's transforms */
	galley_ctx *ctxs;
	aqueue queue;  /* source -> workers */
	reorder order; /* workers -> sinks, in input order */
	int queue_ok, order_ok; /* queue and order were made (and are released) */
	output_file *outputs; /* run-level files, and articles' files until settled */
	size_t noutputs, capoutputs;
	hashset written; /* every path written in the run */
	char *last_dir;  /* the folder output_prepare made last */
	char **temps;    /* temporary names output_begin handed out, not yet renamed */
	size_t ntemps;
	int unsynced;    /* files were renamed into place without fsync */
	pthread_mutex_t lock; /* outputs, quarantine, counts */
	run_counts counts;
	uint64_t next_seq;
	uint64_t next_piece_seq; /* atomic: internal seqs of split pieces */
	int aborted; /* the watchdog is ending the run */
	/* workers the watchdog gave up on (watchdog.c), under lock */
	unsigned char *stalled; /* per worker */
	uint64_t *working_on;   /* per worker: the seq of the input in hand */
	size_t nstalled, workers_done;
	pthread_cond_t workers_cv; /* a worker finished or stalled */
	char stall_msg[1024];      /* why the first one stalled */
	arena ar; /* run-lifetime strings */
	deliveries deliveries; /* partners: state, bundles */
	set_aside *aside;      /* quarantined, for report.json (the first REPORT_ASIDE_MAX) */
	size_t naside, capaside;
	double started;        /* monotonic seconds */
	galley_error partner_err; /* the first delivery failure: fails the run */
	int partner_failed;
};

/* output.c */
/* full NULL: data (len bytes) is copied and held until the article is
 * settled (or the run ends, for run-level files). */
int output_record(run *r, size_t stage_index, const char *path, const char *full,
                  const galley_article *a, const void *data, size_t len);
/* Checks a relative path; OUTPUT_MKDIR: makes its folder; OUTPUT_CLAIM:
 * refuses it if it was written before in this run, and remembers it. */
enum { OUTPUT_CLAIM = 1, OUTPUT_MKDIR = 2 };
int output_prepare(run *r, const char *path, int flags, char **full, char *msg, size_t msgsize);
void output_release(run *r);
void output_forget(run *r, uint64_t seq); /* deletes an article's files */
void output_settle(run *r, uint64_t seq); /* the article is through: forget its entries */
int output_view(galley_ctx *ctx);
/* One syncfs of the output folder's file system when files were renamed
 * into place without an fsync since the last (r->unsynced: articles'
 * files, quarantine); 0 or -errno.  Nothing in a dry run. */
int output_sync(run *r);
/* The temporary names of writers that need a path (host output_begin):
 * registered while they exist, so a run the watchdog ends removes them
 * (output_temps_unlink, with the lock held) instead of leaving a
 * half-written bundle beside the final names. */
int output_temp_add(run *r, const char *tmp);
void output_temp_drop(run *r, const char *tmp);
void output_temps_unlink(run *r);

/* quarantine.c: failed articles and rejected inputs, each with a .reason */
void quarantine_article(run *r, const galley_article *a, const char *stage_name, const char *reason);
/* data NULL: the file at path is copied; else its len bytes are kept. */
void quarantine_input(run *r, const char *path, const void *data, size_t len,
                      const char *stage_name, const char *reason);
/* For the watchdog, which holds r->lock: the reason only, since the
 * article is in the hands of a stage that never returned. */
void quarantine_stuck(run *r, const galley_article *a, const char *stage_name, const char *reason);

/* runner.c: a source hands over an article (host->emit) */
int runner_emit(galley_ctx *src, galley_article *a);
/* runner.c: a transform (or a source's process()) splits off a new
 * article from the one at hand; it goes through the stages after ctx's. */
int runner_split(galley_ctx *ctx, galley_article *piece);

/* report.c: OUTPUT/report.json */
#define REPORT_ASIDE_MAX 10000
void report_aside(run *r, const char *what, const char *source, const char *stage_name,
                  const char *reason); /* called with r->lock held */
int report_write(run *r, const char *status, const galley_error *err);
void report_release(run *r);

/* host.c */
const galley_host *host_api(void);
/* host->fail: records why in ctx->reason; returns GALLEY_FAIL. */
int host_fail(galley_ctx *ctx, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
