/* shard_merge.c — the merge's side of a split run (shard.h): every
 * shard's marker and records checked before anything changes, the shards'
 * counts added to the run's, and a shard's files linked into place under
 * the output folder (the records themselves are read by shard_records.c). */
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/log.h"
#include "base/path.h"
#include "run/output.h"
#include "run/shard.h"
#include "run/shard_in.h"

/* "FOLDER: shard I of N WHAT": the merge stops, nothing changed. */
static int refuse(galley_error *err, const char *folder, unsigned i, unsigned count,
                  const char *what)
{
	return galley_error_at(err, GALLEY_EINVALID, folder, 0, 0, "shard %u of %u %s", i, count,
	                       what);
}

/* shard.json of shard i, checked against the merge and shard 0's; 0 or
 * GALLEY_EINVALID (err says what to do). */
static int check_marker(run *r, unsigned i, unsigned count, const char *folder, json_t **first,
                        json_t **out, galley_error *err)
{
	char path[4200], *text;
	size_t len;
	snprintf(path, sizeof(path), "%s/shard.json", folder);
	if (path_read_file(path, 1 << 20, &text, &len) != 0) {
		snprintf(path, sizeof(path), "%s/merged.json", folder);
		struct stat st;
		return refuse(err, folder, i, count,
		              stat(path, &st) == 0
		                      ? "was merged already: run the shards again before merging"
		                      : "is missing or did not finish (no shard.json): run it (again), "
		                        "then merge");
	}
	json_t *m = json_loadb(text, len, 0, NULL);
	free(text);
	json_int_t shard = -1, shards = -1, records = -1, bytes = -1;
	const char *name = NULL, *date = NULL, *format = NULL;
	json_t *stages = NULL;
	if (!m || json_unpack(m, "{sIsIsssosssIsIss}", "shard", &shard, "shards", &shards, "pipeline",
	                      &name, "stages", &stages, "date", &date, "records", &records, "bytes",
	                      &bytes, "format", &format)) {
		json_decref(m);
		return refuse(err, folder, i, count, "has a shard.json that cannot be read: run it again");
	}
	*out = m;
	char why[400] = "";
	struct stat st;
	snprintf(path, sizeof(path), "%s/articles.records", folder);
	if (shard != (json_int_t)i || shards != (json_int_t)count)
		snprintf(why, sizeof(why), "holds shard %lld of %lld", (long long)shard,
		         (long long)shards);
	else if (strcmp(name, r->p->name) != 0 ||
	         !json_equal(stages, json_object_get(*first ? *first : m, "stages")))
		snprintf(why, sizeof(why), "was run by pipeline '%s' or with other stages", name);
	else if (!shard_same_format(m))
		snprintf(why, sizeof(why), "was run by a galley whose article model differs (another "
		                           "version)");
	else if (*first && strcmp(date, json_string_value(json_object_get(*first, "date"))) != 0)
		snprintf(why, sizeof(why), "was run for %s, shard 0 for %s", date,
		         json_string_value(json_object_get(*first, "date")));
	else if (stat(path, &st) != 0 || st.st_size != (off_t)bytes)
		snprintf(why, sizeof(why), "has an articles.records of another size than shard.json says");
	if (why[0]) {
		strncat(why, ": run it again with this galley", sizeof(why) - strlen(why) - 1);
		return refuse(err, folder, i, count, why);
	}
	if (!*first)
		*first = m;
	return 0;
}

static void add_counts(run *r, const json_t *m)
{
	json_int_t read = 0, split = 0, dropped = 0, quarantined = 0, rejected = 0;
	json_unpack((json_t *)m, "{s{sIsIsIsIsI}}", "counts", "read", &read, "split", &split,
	            "dropped", &dropped, "quarantined", &quarantined, "rejected", &rejected);
	r->counts.read += (uint64_t)read;
	r->counts.split += (uint64_t)split;
	r->counts.dropped += (uint64_t)dropped;
	r->counts.quarantined += (uint64_t)quarantined;
	r->counts.rejected += (uint64_t)rejected;
	if (quarantined + rejected)
		log_plain(GALLEY_LOG_WARN, "%s: %lld quarantined in this shard (its report.html says why)",
		          json_string_value(json_object_get(m, "folder")), (long long)(quarantined + rejected));
}

/* The records of every shard counted and framed as shard.json says,
 * before the merge changes anything. */
static int check_records(struct shard_in *in, json_t **markers, galley_error *err)
{
	for (unsigned i = 0; i < in->count; i++) {
		json_int_t want = json_integer_value(json_object_get(markers[i], "records"));
		json_int_t got = 0;
		int rc;
		while ((rc = records_read(&in->s[i], i, 0)) == 1) {
			got++;
			merge_item_clear(&in->s[i].next);
		}
		if (rc < 0 || got != want) {
			char why[200];
			snprintf(why, sizeof(why), "holds %lld records where shard.json says %lld: run it again",
			         (long long)got, (long long)want);
			return refuse(err, in->s[i].folder, i, in->count,
			              rc < 0 ? "has a record that cannot be read: run it again" : why);
		}
		rewind(in->s[i].f);
		in->s[i].has = 0;
	}
	return 0;
}

/* The shard ran its stages as the merge would: the same settings, vars,
 * --set values and scripts (shard_digest.c). */
static int check_settings(run *r, unsigned i, unsigned count, const char *folder,
                          const json_t *ours, const json_t *marker, galley_error *err)
{
	const char *name = shard_digests_differ(r->p, ours, json_object_get(marker, "settings"));
	if (!name)
		return 0;
	char why[400];
	snprintf(why, sizeof(why),
	         "ran stage '%s' with other settings than this merge (a --set value, a var or its "
	         "script differs): run every shard and the merge with the same ones",
	         name);
	return refuse(err, folder, i, count, why);
}

static int open_each(run *r, struct shard_in *in, json_t **markers, const json_t *ours,
                     galley_error *err)
{
	json_t *first = NULL;
	for (unsigned i = 0; i < in->count; i++) {
		shard_reader *s = &in->s[i];
		if (!(s->folder = shard_folder(r->p->output, i, in->count)))
			return galley_error_set(err, GALLEY_ENOMEM, "out of memory");
		int rc = check_marker(r, i, in->count, s->folder, &first, &markers[i], err);
		if (!rc)
			rc = check_settings(r, i, in->count, s->folder, ours, markers[i], err);
		if (rc)
			return rc;
		json_object_set_new(markers[i], "folder", json_string(s->folder));
		char path[4200];
		snprintf(path, sizeof(path), "%s/articles.records", s->folder);
		if (!(s->f = fopen(path, "re")))
			return galley_error_at(err, GALLEY_EIO, path, 0, 0, "cannot read: %s",
			                       strerror(errno));
	}
	return 0;
}

static int open_readers(run *r, struct shard_in *in, json_t **markers, galley_error *err)
{
	json_t *ours = shard_digests(r->p);
	if (!ours)
		return galley_error_set(err, GALLEY_ENOMEM, "out of memory");
	int rc = open_each(r, in, markers, ours, err);
	json_decref(ours);
	return rc ? rc : check_records(in, markers, err);
}

int merge_open(run *r, unsigned count, galley_error *err)
{
	struct shard_in *in = calloc(1, sizeof(*in));
	json_t **markers = calloc(count, sizeof(json_t *));
	if (in)
		in->s = calloc(count, sizeof(shard_reader));
	if (!in || !in->s || !markers) {
		if (in)
			free(in->s);
		free(in);
		free(markers);
		return galley_error_set(err, GALLEY_ENOMEM, "out of memory");
	}
	in->count = count;
	r->merge = in;
	int rc = open_readers(r, in, markers, err);
	if (!rc && records_start(in))
		rc = galley_error_set(err, GALLEY_ENOMEM, "cannot start a thread");
	for (unsigned i = 0; i < count; i++) {
		if (!rc)
			add_counts(r, markers[i]);
		json_decref(markers[i]);
	}
	free(markers);
	return rc;
}

/* A file the shard held in memory, back into the register. */
static int adopt_held(run *r, const merge_file *f, const galley_article *a)
{
	return output_record(r, f->stage, f->path, NULL, a, f->data, f->len);
}

static int adopt_file(run *r, const char *folder, const merge_file *f, const galley_article *a,
                      char *msg, size_t size)
{
	char *full = NULL, from[4200];
	int rc = output_prepare(r, f->path, OUTPUT_CLAIM | OUTPUT_MKDIR, &full, msg, size);
	if (rc)
		return rc;
	snprintf(from, sizeof(from), "%s/%s", folder, f->path);
	int e = path_link_over(from, full);
	if (e) {
		snprintf(msg, size, "cannot put '%s' of the shard in place: %s", from, strerror(-e));
		rc = GALLEY_EIO;
	}
	if (!rc) {
		__atomic_store_n(&r->files.unsynced, 1, __ATOMIC_RELEASE);
		rc = output_record(r, f->stage, f->path, full, a, NULL, 0);
	}
	free(full);
	return rc;
}

int merge_adopt(run *r, const merge_item *it, const galley_article *a, int sinks, char *msg,
                size_t size)
{
	const char *folder = r->merge->s[it->shard].folder;
	int rc = 0;
	for (size_t i = 0; !rc && i < it->nfiles; i++) {
		const merge_file *f = &it->files[i];
		if (f->stage >= r->p->nstages) {
			snprintf(msg, size, "a record names stage %zu of %zu", f->stage, r->p->nstages);
			return GALLEY_EINVALID;
		}
		if (!sinks && r->p->stages[f->stage].plugin->role == GALLEY_ROLE_SINK)
			continue;
		rc = f->held ? adopt_held(r, f, a) : adopt_file(r, folder, f, a, msg, size);
	}
	return rc;
}

void merge_finish(run *r)
{
	struct shard_in *in = r->merge;
	for (unsigned i = 0; i < in->count; i++) {
		char from[4200], to[4200];
		snprintf(from, sizeof(from), "%s/shard.json", in->s[i].folder);
		snprintf(to, sizeof(to), "%s/merged.json", in->s[i].folder);
		if (rename(from, to) != 0)
			log_plain(GALLEY_LOG_WARN, "%s: cannot mark the shard merged: %s", from,
			          strerror(errno));
		path_sync_dir(in->s[i].folder);
		/* the records were the merge's alone; the shard's report, its
		 * quarantine and its files (links to those now in place) stay */
		snprintf(from, sizeof(from), "%s/articles.records", in->s[i].folder);
		unlink(from);
	}
}

void merge_close(run *r)
{
	struct shard_in *in = r->merge;
	if (!in)
		return;
	records_stop(in);
	for (unsigned i = 0; i < in->count; i++) {
		if (in->s[i].f)
			fclose(in->s[i].f);
		merge_item_clear(&in->s[i].next);
		free(in->s[i].folder);
	}
	free(in->s);
	free(in);
	r->merge = NULL;
}
