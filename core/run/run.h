/* run.h — the state of one run of a pipeline, and the galley_ctx handed to
 * each stage instance, as data.  runner.c drives it; host.c exposes it to
 * plugins; output.c and quarantine.c write its files; report.c reports
 * it.  Each of those declares its functions in a header of its own. */
#ifndef GALLEY_RUN_H
#define GALLEY_RUN_H

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>

#include "model/article.h"
#include "base/hashset.h"
#include "deliver/deliveries.h"
#include "config/pipeline.h"
#include "run/queue.h"

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
	uint64_t published; /* partner bundles renamed into their outboxes */
	uint64_t undelivered; /* partners whose delivery failed: their bundles stay queued */
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
	char *kept, *reason_file; /* what quarantine wrote, relative to the output folder */
} set_aside;

/* The run's register of files (output.c): what stages wrote, until the
 * article they belong to is settled, and the temporary names in use. */
typedef struct run_files {
	output_file *outputs; /* run-level files, and articles' files until settled */
	size_t noutputs, capoutputs;
	hashset written; /* every path written in the run */
	char *last_dir;  /* the folder output_prepare made last */
	char **temps;    /* temporary names output_begin handed out, not yet renamed */
	size_t ntemps;
	int unsynced;    /* files were renamed into place without fsync */
	hashset ids;     /* every article id the sinks were given */
	char **article_dirs; /* the top folders articles' files went to (json, media) */
	size_t narticle_dirs;
} run_files;

/* Workers the watchdog gave up on (watchdog.c), under the run's lock. */
typedef struct run_watch {
	int aborted;            /* the watchdog is ending the run */
	unsigned char *stalled; /* per worker */
	uint64_t *working_on;   /* per worker: the seq of the input in hand */
	galley_article **ahead; /* per worker: the next input, sent ahead to its importer */
	astream **streams;      /* per worker: the input it is handing on item by item */
	size_t nstalled, workers_done;
	pthread_cond_t workers_cv; /* a worker finished or stalled */
	char stall_msg[1024];      /* why the first one stalled */
} run_watch;

/* What report.json says beyond the counts (report.c). */
typedef struct run_report {
	set_aside *aside; /* quarantined (the first REPORT_ASIDE_MAX) */
	size_t naside, capaside;
	set_aside *dropped; /* dropped by a stage, reason NULL (the first REPORT_ASIDE_MAX) */
	size_t ndropped, capdropped;
	double started;           /* monotonic seconds */
	galley_error partner_err; /* the first delivery failure: fails the run */
	int partner_failed;
} run_report;

struct run {
	pipeline *p;
	const galley_host *host; /* what each stage's init receives (host.c) */
	const char *output;
	/* OUTPUT/quarantine, and in it this run's folder (quarantine.c),
	 * made at the first article set aside: NULL until then */
	const char *quarantine_root, *quarantine;
	long long started_at; /* the wall clock as the run opened: names that folder */
	char date[16], epoch[24];
	long long now;     /* the run's instant (--now, else the clock): embargoes */
	char now_text[24]; /* as RFC 3339 in UTC, run_info's "now" */
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
	pthread_mutex_t lock; /* files, quarantine, counts, watch */
	run_counts counts;
	uint64_t next_seq;
	uint64_t next_piece_seq; /* atomic: internal seqs of split pieces */
	run_files files;
	run_watch watch;
	run_report report;
	arena ar;              /* run-lifetime strings */
	deliveries deliveries; /* partners: state, bundles */
	struct shard_out *shard;      /* --shard: what this shard keeps and writes (shard.h) */
	struct shard_in *merge;       /* galley merge: the shards read back (shard.h) */
	struct isolate_pool *iso;     /* importers' processes, one per worker (isolate.c) */
	struct isolate_relay *relay;  /* in an importer's process: files kept for the runner */
	/* there too, ctx_split hands each piece on (isolate_serve.c) */
	int (*relay_piece)(run *r, galley_article *piece);
	/* In the runner, an isolated importer's items go on to the
	 * transforms and the sinks as they come (runner.c); NULL elsewhere. */
	void (*pass_on)(galley_ctx *src, galley_article *input, galley_article *item);
};

#endif
