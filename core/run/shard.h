/* shard.h — one run split over machines and merged again.
 *
 * `galley run --shard I/N` keeps the inputs whose key (the input's path
 * relative to its importer's root, hashed) falls in shard I, runs every
 * per-article stage on them, and writes into OUTPUT/shards/I-of-N/: the
 * per-article files, one record per article (shard.c), and last the
 * completion marker shard.json.  The sinks that see the whole run (those
 * with a finish: bundles, feeds), the partners and the state do not run.
 *
 * `galley merge --shards N` checks the N markers before it changes
 * anything, then reads the records in the order a single run would have
 * delivered them (by input, shard_merge.c) and runs the rest: the ids
 * made unique, the versions from the state, the shards' files linked
 * into place, the run-wide sinks and the partners. */
#ifndef GALLEY_SHARD_H
#define GALLEY_SHARD_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "base/error.h"
#include "run/run.h"

#define SHARD_MAX 4096

/* Which shard a run is: index of count.  from: the scheduler variable
 * index came from (auto/N), or NULL. */
typedef struct shard_spec {
	unsigned index, count;
	const char *from;
} shard_spec;

/* "I/N" or "auto/N" (I from JOB_COMPLETION_INDEX, SLURM_ARRAY_TASK_ID
 * less SLURM_ARRAY_TASK_MIN, or PARALLEL_SEQ - 1, the first one set).
 * 0, or -1 with why in msg. */
int shard_spec_parse(const char *text, shard_spec *s, char *msg, size_t size);
/* OUTPUT/shards/I-of-N, malloc'd. */
char *shard_folder(const char *output, unsigned index, unsigned count);

/* A sink with a finish sees the run as a whole: it runs in the merge,
 * never in a shard. */
int shard_run_wide(const pipeline *p, size_t stage_index);
/* Whether stage i starts in this run: in a shard, all but the run-wide
 * sinks; in a merge, only the sinks. */
int shard_stage_here(const run *r, size_t stage_index);

/* Per stage, a digest of what decides its output (plugin, settings as
 * resolved, limits, a Lua stage's script), null for a run-wide sink: a
 * JSON array in stage order, or NULL on no memory (shard_digest.c). */
json_t *shard_digests(const pipeline *p);
/* The first stage whose digest in theirs (a shard's) is not ours, by
 * name; NULL when all agree. */
const char *shard_digests_differ(const pipeline *p, const json_t *ours, const json_t *theirs);
/* The article model the records are packed for (article_pack_format), as
 * shard.json's "format" holds it: a new string, or NULL on no memory. */
json_t *shard_format(void);
/* Whether a shard.json's records were packed for this galley's model. */
int shard_same_format(const json_t *marker);

/* The shard side (shard.c).  shard_open empties the shard's folder (what
 * an earlier attempt left) and holds its lock; r->output is the folder. */
int shard_open(run *r, const shard_spec *s, galley_error *err);
/* Whether the input a source emits belongs to this shard. */
int shard_keeps(const run *r, const galley_ctx *src, const galley_article *a);
/* What an article was before the run settled its identity (id unique,
 * guid and version for partners): what the merge settles again. */
typedef struct shard_before {
	char *id;
	int64_t version;
	int had_guid;
} shard_before;
/* The article through this shard's sinks (its files still registered):
 * its record for the merge, the article as before settling it, and the
 * identity its exporters wrote.  claim_only: set aside here after its id
 * was made unique, so the merge takes that id too, as one run would have.
 * 0 or a GALLEY_ code. */
int shard_record(run *r, galley_article *a, const shard_before *before, int claim_only);
/* After a run that finished: the records synced, then shard.json. */
int shard_complete(run *r, galley_error *err);
void shard_close(run *r);

/* The merge side (shard_merge.c; the records read in shard_records.c). */
typedef struct merge_file {
	size_t stage;
	char *path; /* relative to the output folder */
	int held;   /* kept in memory in the shard (write_files: false): its bytes */
	void *data;
	size_t len;
} merge_file;

typedef struct merge_item {
	uint64_t input;
	char *id0, *id, *guid;
	int64_t version;
	merge_file *files;
	size_t nfiles;
	galley_article *article; /* as its transforms left it */
	int claim;               /* set aside in its shard: only its id counts */
	unsigned shard;
} merge_item;

/* Checks every shard's marker and opens its records; nothing changed
 * when it fails.  The shards' counts are added to r->counts. */
int merge_open(run *r, unsigned count, galley_error *err);
/* The next record in the single run's order (read ahead on a thread of
 * its own): 1, 0 at the end, or -1 with err set. */
int merge_next(run *r, merge_item *it, galley_error *err);
void merge_item_clear(merge_item *it);
/* The shard's files of it into place under the output folder and into
 * the register, as written by their stages: the sinks' too when sinks is
 * set.  0, or a GALLEY_ code with why in msg. */
int merge_adopt(run *r, const merge_item *it, const galley_article *a, int sinks, char *msg,
                size_t size);
/* After a merge that finished: each shard.json becomes merged.json, so
 * the same shards are not merged twice. */
void merge_finish(run *r);
void merge_close(run *r);

#endif
