/* output.c — the run's register of written files.  Paths are checked to
 * stay inside the output folder, and a path written twice in one run is
 * refused (two articles with one id must not overwrite each other); every
 * path written is remembered as a hash, the files themselves only while
 * their article is on its way through the sinks. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/error.h"
#include "base/log.h"
#include "base/path.h"
#include "run/run.h"
#include "run/output.h"

int output_link_in(const run *r, const char *dir, char *link, size_t size)
{
	size_t root = strlen(r->output);
	if (strncmp(dir, r->output, root) != 0 || dir[root] != '/')
		return 0;
	snprintf(link, size, "%s", dir);
	for (char *c = link + root + 1;; c++) {
		if (*c && *c != '/')
			continue;
		char end = *c;
		struct stat st;
		*c = '\0';
		if (lstat(link, &st) == 0 && S_ISLNK(st.st_mode))
			return 1;
		*c = end;
		if (!end)
			return 0;
	}
}

/* Creates the folder of a file about to be written; the last folder made
 * is remembered, since a stage writes one folder's files in a row. */
static int make_parent(run *r, const char *full, char *msg, size_t msgsize)
{
	const char *slash = strrchr(full, '/');
	size_t len = slash ? (size_t)(slash - full) : 0;
	const char *last = r->files.last_dir;
	if (!len || (last && strlen(last) == len && !memcmp(last, full, len)))
		return 0;
	char *dir = strndup(full, len), link[4096];
	if (dir && output_link_in(r, dir, link, sizeof(link))) {
		snprintf(msg, msgsize,
		         "'%s' is a symlink inside the output folder; galley writes through none", link);
		free(dir);
		return GALLEY_EIO;
	}
	int rc = dir ? path_mkdirs(dir, 0755) : -ENOMEM;
	if (rc) {
		snprintf(msg, msgsize, "cannot create folder '%s': %s", dir ? dir : "?", strerror(-rc));
		free(dir);
		return GALLEY_EIO;
	}
	free(r->files.last_dir);
	r->files.last_dir = dir;
	return 0;
}

int output_prepare(run *r, const char *path, int flags, char **full, char *msg, size_t msgsize)
{
	if (!path_is_contained(path)) {
		snprintf(msg, msgsize, "output path '%s' must be relative and stay inside the output folder",
		         path);
		return GALLEY_EINVALID;
	}
	arena scratch;
	arena_init(&scratch);
	char *joined = path_join(&scratch, r->output, path);
	pthread_mutex_lock(&r->lock);
	int rc = joined ? 0 : GALLEY_ENOMEM;
	int added = !rc && (flags & OUTPUT_CLAIM) ? hashset_add(&r->files.written, path) : 1;
	if (added < 0)
		rc = GALLEY_ENOMEM;
	else if (added == 0) {
		snprintf(msg, msgsize, "'%s' was already written in this run (two articles with one id?)",
		         path);
		rc = GALLEY_EINVALID;
	}
	if (!rc && (flags & OUTPUT_MKDIR))
		rc = make_parent(r, joined, msg, msgsize);
	pthread_mutex_unlock(&r->lock);
	if (!rc && !(*full = strdup(joined)))
		rc = GALLEY_ENOMEM;
	if (rc == GALLEY_ENOMEM)
		snprintf(msg, msgsize, "out of memory");
	arena_release(&scratch);
	return rc;
}

/* The top folder of an article's file on disk ("json" of json/x.json),
 * under the run's lock: the folders output_sweep_stale keeps to this
 * run's articles.  0, or GALLEY_ENOMEM. */
static int note_dir(run *r, const char *path)
{
	size_t n = strcspn(path, "/");
	if (!path[n])
		return 0; /* a file at the top: no folder of articles */
	for (size_t i = 0; i < r->files.narticle_dirs; i++)
		if (strlen(r->files.article_dirs[i]) == n && !strncmp(r->files.article_dirs[i], path, n))
			return 0;
	char **grown = realloc(r->files.article_dirs, (r->files.narticle_dirs + 1) * sizeof(char *));
	char *dir = grown ? strndup(path, n) : NULL;
	if (grown)
		r->files.article_dirs = grown;
	if (!dir)
		return GALLEY_ENOMEM;
	r->files.article_dirs[r->files.narticle_dirs++] = dir;
	return 0;
}

int output_record(run *r, size_t stage_index, const char *path, const char *full,
                  const galley_article *a, const void *data, size_t len)
{
	const char *article = a ? a->id : NULL;
	int rc = GALLEY_ENOMEM;
	pthread_mutex_lock(&r->lock);
	if (r->files.noutputs == r->files.capoutputs) {
		size_t cap = r->files.capoutputs ? r->files.capoutputs * 2 : 64;
		output_file *o = realloc(r->files.outputs, cap * sizeof(*o));
		if (!o)
			goto out;
		r->files.outputs = o;
		r->files.capoutputs = cap;
	}
	output_file f = {strdup(path), full ? strdup(full) : NULL, NULL, len,
	                 article ? strdup(article) : NULL, a ? a->run.seq : NO_ARTICLE, stage_index};
	if (!full && (f.data = malloc(len ? len : 1)))
		memcpy(f.data, data, len);
	if (!f.path || (full ? !f.full : !f.data) || (article && !f.article)) {
		free(f.path);
		free(f.full);
		free(f.data);
		free(f.article);
		goto out;
	}
	r->files.outputs[r->files.noutputs++] = f;
	rc = a && full ? note_dir(r, path) : 0;
out:
	pthread_mutex_unlock(&r->lock);
	return rc;
}

int output_temp_add(run *r, const char *tmp)
{
	char *copy = strdup(tmp);
	pthread_mutex_lock(&r->lock);
	char **grown = copy ? realloc(r->files.temps, (r->files.ntemps + 1) * sizeof(char *)) : NULL;
	if (grown) {
		r->files.temps = grown;
		r->files.temps[r->files.ntemps++] = copy;
	}
	pthread_mutex_unlock(&r->lock);
	if (!grown)
		free(copy);
	return grown ? 0 : GALLEY_ENOMEM;
}

void output_temp_drop(run *r, const char *tmp)
{
	pthread_mutex_lock(&r->lock);
	for (size_t i = 0; i < r->files.ntemps; i++)
		if (strcmp(r->files.temps[i], tmp) == 0) {
			free(r->files.temps[i]);
			r->files.temps[i] = r->files.temps[--r->files.ntemps];
			break;
		}
	pthread_mutex_unlock(&r->lock);
}

void output_temps_unlink(run *r)
{
	for (size_t i = 0; i < r->files.ntemps; i++)
		unlink(r->files.temps[i]); /* a writer may still hold it open: the name goes */
}

void output_release(run *r)
{
	for (size_t i = 0; i < r->files.ntemps; i++)
		free(r->files.temps[i]);
	free(r->files.temps);
	r->files.temps = NULL;
	r->files.ntemps = 0;
	for (size_t i = 0; i < r->files.noutputs; i++) {
		free(r->files.outputs[i].path);
		free(r->files.outputs[i].full);
		free(r->files.outputs[i].data);
		free(r->files.outputs[i].article);
	}
	free(r->files.outputs);
	r->files.outputs = NULL;
	r->files.noutputs = r->files.capoutputs = 0;
	hashset_release(&r->files.written);
	hashset_release(&r->files.ids);
	for (size_t i = 0; i < r->files.narticle_dirs; i++)
		free(r->files.article_dirs[i]);
	free(r->files.article_dirs);
	r->files.article_dirs = NULL;
	r->files.narticle_dirs = 0;
	free(r->files.last_dir);
	r->files.last_dir = NULL;
}

static int by_path(const void *a, const void *b, void *outputs)
{
	const output_file *o = outputs;
	return strcmp(o[*(const size_t *)a].path, o[*(const size_t *)b].path);
}

/* Rebuilds ctx->view, sorted by path: during process(), the files earlier
 * stages wrote for the article at hand; during finish(), the files earlier
 * stages wrote for the run as a whole.  The register holds only those two
 * kinds (articles' files leave it when the article is through), so this
 * stays small whatever the size of the run. */
int output_view(galley_ctx *ctx)
{
	run *r = ctx->run;
	uint64_t seq = ctx->article ? ctx->article->run.seq : NO_ARTICLE;
	pthread_mutex_lock(&r->lock);
	free(ctx->view);
	ctx->nview = 0;
	ctx->view = malloc((r->files.noutputs ? r->files.noutputs : 1) * sizeof(size_t));
	if (!ctx->view) {
		pthread_mutex_unlock(&r->lock);
		return GALLEY_ENOMEM;
	}
	for (size_t i = 0; i < r->files.noutputs; i++)
		if (r->files.outputs[i].stage < ctx->index && r->files.outputs[i].seq == seq)
			ctx->view[ctx->nview++] = i;
	qsort_r(ctx->view, ctx->nview, sizeof(size_t), by_path, r->files.outputs);
	pthread_mutex_unlock(&r->lock);
	return 0;
}

/* Drops an article's files from the register (they stay on disk): called
 * when the article is through every sink. */
static void drop_entries(run *r, uint64_t seq, int delete_files)
{
	pthread_mutex_lock(&r->lock);
	size_t kept = 0;
	for (size_t i = 0; i < r->files.noutputs; i++) {
		output_file *f = &r->files.outputs[i];
		if (f->seq == seq) {
			if (delete_files && f->full)
				unlink(f->full);
			free(f->path);
			free(f->full);
			free(f->data);
			free(f->article);
			continue;
		}
		r->files.outputs[kept++] = *f;
	}
	r->files.noutputs = kept;
	pthread_mutex_unlock(&r->lock);
}

void output_settle(run *r, uint64_t seq)
{
	drop_entries(r, seq, 0);
}

/* Removes the files already written for an article that failed at a later
 * sink, so a bundle never holds half of a quarantined article. */
void output_forget(run *r, uint64_t seq)
{
	drop_entries(r, seq, 1);
}

int output_sync(run *r)
{
	if (r->dry_run || !__atomic_exchange_n(&r->files.unsynced, 0, __ATOMIC_ACQ_REL))
		return 0;
	return path_sync_fs(r->output);
}

/* A file of an articles' folder this run did not write (a temporary
 * file is path_sweep_temps's). */
static int stale(const char *rel, const char *name, void *data)
{
	const run *r = data;
	return !path_temp_pid(name) && !hashset_has(&r->files.written, rel);
}

void output_sweep_stale(run *r)
{
	for (size_t i = 0; i < r->files.narticle_dirs; i++) {
		const char *dir = r->files.article_dirs[i];
		long n = path_sweep(r->output, dir, stale, r);
		if (n > 0)
			log_plain(GALLEY_LOG_INFO,
			          "removed %ld file%s from %s/%s that no article of this run wrote "
			          "(an input gone, quarantined or renamed)",
			          n, n == 1 ? "" : "s", r->output, dir);
	}
}
