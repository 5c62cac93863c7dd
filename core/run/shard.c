/* shard.c — a shard's side of a split run (shard.h): which shard a run
 * is, which inputs it keeps, and what it leaves for the merge in its
 * folder: the per-article files, articles.records and shard.json.
 *
 * articles.records is one record per article the shard's sinks took, in
 * the order they took them: a line of compact JSON (input, id0, id, guid,
 * version, files, bytes, claim) followed by `bytes` bytes of the article
 * packed (article_pack: every field as the model holds it, read back about
 * eight times faster than canonical JSON; shard.json names the packing's
 * format), then the bytes of each file it kept in memory (write_files:
 * false), as long as files says.  A claim is an article set
 * aside after the shard made its id unique: the merge takes its id too. */
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "base/hashset.h"
#include "base/log.h"
#include "base/path.h"
#include "run/shard.h"

struct shard_out {
	unsigned index, count;
	char **roots; /* per stage: a source's import root, else NULL */
	FILE *records;
	uint64_t nrecords;
	int lock_fd;
};

/* The index from the scheduler's environment (LONG_MIN when it is no
 * number); -1 when none is set. */
static int index_from_env(long *index, const char **from)
{
	static const char *const vars[] = {"JOB_COMPLETION_INDEX", "SLURM_ARRAY_TASK_ID",
	                                   "PARALLEL_SEQ"};
	for (size_t i = 0; i < sizeof(vars) / sizeof(vars[0]); i++) {
		const char *v = getenv(vars[i]);
		char *end;
		if (!v || !*v)
			continue;
		long n = strtol(v, &end, 10);
		*from = vars[i];
		if (i == 1 && getenv("SLURM_ARRAY_TASK_MIN")) /* --array=1-4 counts from 1 */
			n -= strtol(getenv("SLURM_ARRAY_TASK_MIN"), NULL, 10);
		*index = *end ? LONG_MIN : i == 2 ? n - 1 : n; /* PARALLEL_SEQ counts from 1 */
		return 0;
	}
	return -1;
}

int shard_spec_parse(const char *text, shard_spec *s, char *msg, size_t size)
{
	const char *slash = strchr(text, '/');
	char *end;
	long count = slash ? strtol(slash + 1, &end, 10) : 0;
	if (!slash || slash[1] < '0' || slash[1] > '9' || *end || count < 1 || count > SHARD_MAX) {
		snprintf(msg, size, "--shard wants I/N or auto/N with N from 1 to %d, not '%s'",
		         SHARD_MAX, text);
		return -1;
	}
	long index;
	s->from = NULL;
	if (!strncmp(text, "auto/", 5)) {
		if (index_from_env(&index, &s->from) != 0) {
			snprintf(msg, size,
			         "--shard auto/%ld: none of JOB_COMPLETION_INDEX (Kubernetes), "
			         "SLURM_ARRAY_TASK_ID (Slurm) or PARALLEL_SEQ (GNU parallel) is set",
			         count);
			return -1;
		}
	} else {
		index = strtol(text, &end, 10);
		if (end != slash || text[0] < '0' || text[0] > '9')
			index = -2;
	}
	if (index == LONG_MIN && s->from) {
		snprintf(msg, size, "--shard %s: %s is '%s', not a number from 0 to %ld", text, s->from,
		         getenv(s->from), count - 1);
		return -1;
	}
	if (index < 0 || index >= count) {
		snprintf(msg, size, "--shard %s: the shard%s%s is %ld, not from 0 to %ld", text,
		         s->from ? " from " : "", s->from ? s->from : "", index, count - 1);
		return -1;
	}
	s->index = (unsigned)index;
	s->count = (unsigned)count;
	return 0;
}

char *shard_folder(const char *output, unsigned index, unsigned count)
{
	char *dir;
	return asprintf(&dir, "%s/shards/%u-of-%u", output, index, count) < 0 ? NULL : dir;
}

int shard_run_wide(const pipeline *p, size_t i)
{
	const galley_plugin *pl = p->stages[i].plugin;
	return pl->role == GALLEY_ROLE_SINK && pl->finish;
}

int shard_stage_here(const run *r, size_t i)
{
	if (r->merge)
		return r->p->stages[i].plugin->role == GALLEY_ROLE_SINK;
	return !r->shard || !shard_run_wide(r->p, i);
}

/* Each source's import root: the folder its first path setting starts
 * from, as `galley check` reads it. */
static int find_roots(run *r, struct shard_out *s)
{
	s->roots = calloc(r->p->nstages, sizeof(char *));
	if (!s->roots)
		return GALLEY_ENOMEM;
	for (size_t i = 0; i < r->p->nstages; i++) {
		const stage *st = &r->p->stages[i];
		if (st->plugin->role != GALLEY_ROLE_SOURCE)
			continue;
		for (size_t k = 0; k < st->settings.count; k++) {
			const setting_value *v = &st->settings.values[k];
			if (v->spec->type != GALLEY_SETTING_PATH || !v->str)
				continue;
			char root[4096];
			path_pattern_root(v->str, root, sizeof(root));
			if (!(s->roots[i] = strdup(root)))
				return GALLEY_ENOMEM;
			break;
		}
	}
	return 0;
}

/* One shard of one pipeline runs at a time: OUTPUT/shards/I-of-N.lock. */
static int take_lock(struct shard_out *s, const char *folder, galley_error *err)
{
	char lock[4200];
	snprintf(lock, sizeof(lock), "%s.lock", folder);
	s->lock_fd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (s->lock_fd < 0)
		return galley_error_at(err, GALLEY_EIO, lock, 0, 0, "cannot open the lock: %s",
		                       strerror(errno));
	if (flock(s->lock_fd, LOCK_EX | LOCK_NB) != 0)
		return galley_error_at(err, GALLEY_EINVALID, lock, 0, 0,
		                       "shard %u/%u of this pipeline is running already", s->index,
		                       s->count);
	return 0;
}

static int open_records(run *r, struct shard_out *s, const char *folder, galley_error *err)
{
	int e = path_remove_tree(folder); /* what an attempt that stopped left */
	if (!e)
		e = path_mkdirs(folder, 0755);
	if (e)
		return galley_error_at(err, GALLEY_EIO, folder, 0, 0, "cannot empty the shard's folder: %s",
		                       strerror(-e));
	char path[4200];
	snprintf(path, sizeof(path), "%s/articles.records", folder);
	if (!(s->records = fopen(path, "we")))
		return galley_error_at(err, GALLEY_EIO, path, 0, 0, "cannot write: %s", strerror(errno));
	r->output = arena_strdup(&r->ar, folder);
	r->quarantine_root = path_join(&r->ar, folder, "quarantine");
	return r->output && r->quarantine_root ? 0 : galley_error_set(err, GALLEY_ENOMEM, "out of memory");
}

int shard_open(run *r, const shard_spec *spec, galley_error *err)
{
	struct shard_out *s = calloc(1, sizeof(*s));
	char *folder = shard_folder(r->p->output, spec->index, spec->count);
	if (!s || !folder) {
		free(s);
		free(folder);
		return galley_error_set(err, GALLEY_ENOMEM, "out of memory");
	}
	s->index = spec->index;
	s->count = spec->count;
	s->lock_fd = -1;
	r->shard = s;
	char shards[4200];
	snprintf(shards, sizeof(shards), "%s/shards", r->p->output);
	int e = r->dry_run ? 0 : path_mkdirs(shards, 0755); /* a dry run writes nothing */
	int rc = e ? galley_error_at(err, GALLEY_EIO, shards, 0, 0, "cannot create: %s", strerror(-e))
	           : find_roots(r, s) ? galley_error_set(err, GALLEY_ENOMEM, "out of memory")
	                              : 0;
	if (!rc && !r->dry_run)
		rc = take_lock(s, folder, err);
	if (!rc && !r->dry_run)
		rc = open_records(r, s, folder, err);
	if (!rc)
		log_plain(GALLEY_LOG_INFO, "shard %u of %u%s%s: output in %s", s->index, s->count,
		          spec->from ? ", from " : "", spec->from ? spec->from : "", folder);
	free(folder);
	return rc;
}

int shard_keeps(const run *r, const galley_ctx *src, const galley_article *a)
{
	const struct shard_out *s = r->shard;
	if (!s || s->count < 2)
		return 1;
	const char *key = a->source ? a->source : a->id ? a->id : "";
	const char *root = s->roots[src->index];
	size_t n = root ? strlen(root) : 0;
	if (n && !strncmp(key, root, n) && key[n] == '/')
		key += n + 1;
	return hashset_hash(key) % s->count == s->index;
}

/* A file kept in memory, onto the list of those whose bytes follow the
 * article's in its record; 0 or -1. */
static int keep_held(const output_file ***kept, size_t *nkept, const output_file *o)
{
	const output_file **more = realloc(*kept, (*nkept + 1) * sizeof(**kept));
	if (!more)
		return -1;
	*kept = more;
	(*kept)[(*nkept)++] = o;
	return 0;
}

/* The article's files in the register, as [stage, path, held]: held is
 * null for a file on disk, or for a file kept in memory (write_files:
 * false) the length of its bytes, which follow the article's in the
 * record; *kept lists those files.  Their bytes stay put until the article
 * is settled, which only this (the sink) thread does. */
static json_t *files_of(run *r, const galley_article *a, const output_file ***kept,
                        size_t *nkept)
{
	json_t *files = json_array();
	pthread_mutex_lock(&r->lock);
	for (size_t i = 0; files && i < r->files.noutputs; i++) {
		const output_file *o = &r->files.outputs[i];
		if (o->seq != a->run.seq)
			continue;
		if ((!o->full && keep_held(kept, nkept, o)) ||
		    json_array_append_new(files, json_pack("[Iso]", (json_int_t)o->stage, o->path,
		                                           o->full ? json_null()
		                                                   : json_integer((json_int_t)o->len)))) {
			json_decref(files);
			files = NULL;
			break;
		}
	}
	pthread_mutex_unlock(&r->lock);
	return files;
}

static void pack_put(void *data, const void *bytes, size_t n)
{
	fwrite(bytes, 1, n, data);
}

/* The article, packed, as it was before settling. */
static int dump_before(galley_article *a, const shard_before *b, char **body, size_t *len)
{
	char *id = a->id, *guid = a->guid;
	int64_t version = a->version;
	a->id = b->id;
	a->version = b->version;
	if (!b->had_guid)
		a->guid = NULL;
	FILE *m = open_memstream(body, len);
	int rc = m ? article_pack(a, pack_put, m) : GALLEY_ENOMEM;
	if (m && fclose(m) && !rc)
		rc = GALLEY_ENOMEM;
	a->id = id;
	a->guid = guid;
	a->version = version;
	return rc;
}

int shard_record(run *r, galley_article *a, const shard_before *before, int claim_only)
{
	struct shard_out *s = r->shard;
	if (!s->records)
		return 0; /* a dry run */
	char *body = NULL;
	size_t len = 0, nkept = 0;
	const output_file **kept = NULL;
	if (dump_before(a, before, &body, &len))
		return GALLEY_ENOMEM;
	uint64_t input = a->run.piece || a->run.head ? a->run.parent_seq : a->run.seq;
	json_t *files = claim_only ? json_array() : files_of(r, a, &kept, &nkept);
	json_t *meta = files ? json_pack("{sIssssss?sIsosIsb}", "input", (json_int_t)input, "id0",
	                                 before->id, "id", a->id ? a->id : "", "guid", a->guid,
	                                 "version", (json_int_t)a->version, "files", files,
	                                 "bytes", (json_int_t)len, "claim", claim_only)
	                     : NULL;
	char *line = meta ? json_dumps(meta, JSON_COMPACT | JSON_ENSURE_ASCII) : NULL;
	int rc = line ? 0 : GALLEY_ENOMEM;
	if (line && (fprintf(s->records, "%s\n", line) < 0 ||
	             (len && fwrite(body, 1, len, s->records) != len)))
		rc = GALLEY_EIO;
	for (size_t i = 0; !rc && i < nkept; i++) /* the held files' bytes, in files' order */
		if (fwrite(kept[i]->data, 1, kept[i]->len, s->records) != kept[i]->len)
			rc = GALLEY_EIO;
	s->nrecords += !rc;
	free(line);
	json_decref(meta);
	free(body);
	free(kept);
	return rc;
}

int shard_complete(run *r, galley_error *err)
{
	struct shard_out *s = r->shard;
	if (!s->records)
		return 0;
	long bytes = ftell(s->records);
	int bad = fflush(s->records) != 0 || path_fsync(fileno(s->records)) != 0;
	bad |= fclose(s->records) != 0;
	s->records = NULL;
	if (bad)
		return galley_error_at(err, GALLEY_EIO, r->output, 0, 0,
		                       "cannot write articles.records: %s", strerror(errno));
	json_t *stages = json_array();
	for (size_t i = 0; i < r->p->nstages; i++)
		json_array_append_new(stages, json_string(r->p->stages[i].name));
	const run_counts *c = &r->counts;
	json_t *m = json_pack("{sisisssososssIsIsos{sIsIsIsIsI}}", "shard", (int)s->index,
	                      "shards", (int)s->count, "pipeline", r->p->name, "stages", stages,
	                      "settings", shard_digests(r->p), "date", r->date, "records",
	                      (json_int_t)s->nrecords, "bytes", (json_int_t)bytes, "format",
	                      shard_format(), "counts", "read", (json_int_t)c->read, "split",
	                      (json_int_t)c->split, "dropped", (json_int_t)c->dropped,
	                      "quarantined", (json_int_t)c->quarantined, "rejected",
	                      (json_int_t)c->rejected);
	char *text = m ? json_dumps(m, JSON_INDENT(2) | JSON_SORT_KEYS) : NULL;
	char path[4200];
	snprintf(path, sizeof(path), "%s/shard.json", r->output);
	int e = text ? path_write_atomic(path, text, strlen(text), 1) : -ENOMEM;
	free(text);
	json_decref(m);
	return e ? galley_error_at(err, GALLEY_EIO, path, 0, 0, "cannot write: %s", strerror(-e)) : 0;
}

void shard_close(run *r)
{
	struct shard_out *s = r->shard;
	if (!s)
		return;
	if (s->records)
		fclose(s->records);
	for (size_t i = 0; s->roots && i < r->p->nstages; i++)
		free(s->roots[i]);
	free(s->roots);
	if (s->lock_fd >= 0)
		close(s->lock_fd);
	free(s);
	r->shard = NULL;
}
