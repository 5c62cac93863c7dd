/* shard_records.c — the shards' articles.records read back (shard.c says
 * their form): one record at a time, and all of them in the order one run
 * would have taken them (each input lies in one shard, so the shards'
 * records interleave by input).  Reading and unpacking happens on a thread
 * of its own, MERGE_AHEAD records ahead, so the merge's sinks and the
 * reading share the machine's cores. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "base/path.h"
#include "run/shard_in.h"

void merge_item_clear(merge_item *it)
{
	free(it->id0);
	free(it->id);
	free(it->guid);
	for (size_t i = 0; i < it->nfiles; i++) {
		free(it->files[i].path);
		free(it->files[i].data);
	}
	free(it->files);
	article_free(it->article);
	memset(it, 0, sizeof(*it));
}

/* [stage, path, held]: held null for a file on disk, else the length of
 * the bytes that follow the article's. */
static int read_files(merge_item *it, json_t *files)
{
	it->files = calloc(json_array_size(files) + 1, sizeof(merge_file));
	if (!it->files)
		return -1;
	size_t i;
	json_t *f;
	json_array_foreach(files, i, f) {
		json_int_t at;
		const char *path;
		json_t *held;
		if (json_unpack(f, "[Iso]", &at, &path, &held) || at < 0 ||
		    !(json_is_null(held) || json_integer_value(held) >= 0) || !path_is_contained(path))
			return -1;
		merge_file *m = &it->files[it->nfiles++];
		m->stage = (size_t)at;
		m->held = json_is_integer(held);
		m->len = m->held ? (size_t)json_integer_value(held) : 0;
		if (!(m->path = strdup(path)))
			return -1;
	}
	return 0;
}

/* n bytes of f, malloc'd; NULL when short or out of memory. */
static char *read_bytes(FILE *f, size_t n)
{
	char *b = malloc(n ? n : 1);
	if (b && fread(b, 1, n, f) != n) {
		free(b);
		b = NULL;
	}
	return b;
}

/* The article, packed in bytes bytes, and the held files' bytes. */
static int read_body(FILE *f, size_t bytes, merge_item *it)
{
	char *body = read_bytes(f, bytes);
	int rc = !body || article_unpack(body, bytes, &it->article) ? -1 : 0;
	free(body);
	for (size_t i = 0; !rc && i < it->nfiles; i++)
		if (it->files[i].held && !(it->files[i].data = read_bytes(f, it->files[i].len)))
			rc = -1;
	return rc;
}

/* Passes over what read_body would read. */
static int skip_body(FILE *f, size_t bytes, const merge_item *it)
{
	off_t n = (off_t)bytes;
	for (size_t i = 0; i < it->nfiles; i++)
		n += (off_t)it->files[i].len;
	return fseeko(f, n, SEEK_CUR);
}

/* The record's first line, into it; 0 or -1.  *bytes: the article's. */
static int read_meta(const char *line, size_t n, merge_item *it, size_t *bytes)
{
	json_t *m = json_loadb(line, n, 0, NULL), *files, *guid;
	json_int_t input, version, len;
	const char *id0, *id;
	int claim = 0;
	int rc = m && !json_unpack(m, "{sIsssssosIsosIsb}", "input", &input, "id0", &id0, "id", &id,
	                           "guid", &guid, "version", &version, "files", &files, "bytes",
	                           &len, "claim", &claim) && len > 0
	             ? 0
	             : -1;
	if (!rc) {
		it->claim = claim;
		it->input = (uint64_t)input;
		it->version = version;
		*bytes = (size_t)len;
		it->id0 = strdup(id0);
		it->id = strdup(id);
		it->guid = json_is_string(guid) ? strdup(json_string_value(guid)) : NULL;
		rc = it->id0 && it->id && (!json_is_string(guid) || it->guid) ? read_files(it, files) : -1;
	}
	json_decref(m);
	return rc;
}

int records_read(shard_reader *s, unsigned shard, int whole)
{
	char *line = NULL;
	size_t cap = 0, bytes = 0;
	ssize_t n = getline(&line, &cap, s->f);
	if (n <= 0) {
		free(line);
		return feof(s->f) ? 0 : -1;
	}
	merge_item *it = &s->next;
	int rc = read_meta(line, (size_t)n, it, &bytes);
	free(line);
	it->shard = shard;
	if (!rc)
		rc = whole ? read_body(s->f, bytes, it) : skip_body(s->f, bytes, it);
	if (rc)
		merge_item_clear(it);
	s->has = !rc;
	return rc ? -1 : 1;
}

/* The next record in the single run's order: 1, 0 at the end, -1. */
static int next_in_order(struct shard_in *in, merge_item *it)
{
	shard_reader *best = NULL;
	for (unsigned i = 0; i < in->count; i++) {
		shard_reader *s = &in->s[i];
		if (!s->has && records_read(s, i, 1) < 0) {
			galley_error_at(&in->error, GALLEY_EIO, s->folder, 0, 0,
			                "articles.records cannot be read");
			return -1;
		}
		if (s->has && (!best || s->next.input < best->next.input))
			best = s;
	}
	if (!best)
		return 0;
	*it = best->next;
	memset(&best->next, 0, sizeof(best->next));
	best->has = 0;
	return 1;
}

static void *reading(void *arg)
{
	struct shard_in *in = arg;
	for (;;) {
		merge_item it;
		int rc = next_in_order(in, &it);
		pthread_mutex_lock(&in->mu);
		while (rc == 1 && in->n == MERGE_AHEAD && !in->stop)
			pthread_cond_wait(&in->cv, &in->mu);
		if (rc == 1 && !in->stop)
			in->ahead[(in->first + in->n++) % MERGE_AHEAD] = it;
		else if (rc == 1)
			merge_item_clear(&it);
		if (rc != 1 || in->stop)
			in->end = rc < 0 ? -1 : 1;
		pthread_cond_broadcast(&in->cv);
		int done = in->end != 0;
		pthread_mutex_unlock(&in->mu);
		if (done)
			return NULL;
	}
}

int records_start(struct shard_in *in)
{
	pthread_mutex_init(&in->mu, NULL);
	pthread_cond_init(&in->cv, NULL);
	in->started = pthread_create(&in->thread, NULL, reading, in) == 0;
	return in->started ? 0 : -1;
}

int merge_next(run *r, merge_item *it, galley_error *err)
{
	struct shard_in *in = r->merge;
	pthread_mutex_lock(&in->mu);
	while (!in->n && !in->end)
		pthread_cond_wait(&in->cv, &in->mu);
	int rc = in->n ? 1 : in->end < 0 ? -1 : 0;
	if (in->n) {
		*it = in->ahead[in->first];
		in->first = (in->first + 1) % MERGE_AHEAD;
		in->n--;
		pthread_cond_broadcast(&in->cv);
	} else if (rc < 0) {
		*err = in->error;
	}
	pthread_mutex_unlock(&in->mu);
	return rc;
}

void records_stop(struct shard_in *in)
{
	if (!in->started)
		return;
	pthread_mutex_lock(&in->mu);
	in->stop = 1;
	pthread_cond_broadcast(&in->cv);
	pthread_mutex_unlock(&in->mu);
	pthread_join(in->thread, NULL);
	for (; in->n; in->n--, in->first = (in->first + 1) % MERGE_AHEAD)
		merge_item_clear(&in->ahead[in->first]);
	pthread_cond_destroy(&in->cv);
	pthread_mutex_destroy(&in->mu);
	in->started = 0;
}
