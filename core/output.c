/* output.c — the run's register of written files.  Paths are checked to
 * stay inside the output folder, and a path written twice in one run is
 * refused (two articles with one id must not overwrite each other). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "error.h"
#include "path.h"
#include "run.h"

int output_prepare(run *r, const char *path, char **full, char *msg, size_t msgsize)
{
	if (!path_is_contained(path)) {
		snprintf(msg, msgsize, "output path '%s' must be relative and stay inside the output folder",
		         path);
		return GALLEY_EINVALID;
	}
	pthread_mutex_lock(&r->lock);
	for (size_t i = 0; i < r->noutputs; i++)
		if (strcmp(r->outputs[i].path, path) == 0) {
			snprintf(msg, msgsize, "'%s' was already written in this run%s%s%s", path,
			         r->outputs[i].article ? " for article '" : "",
			         r->outputs[i].article ? r->outputs[i].article : "",
			         r->outputs[i].article ? "' (two articles with one id?)" : "");
			pthread_mutex_unlock(&r->lock);
			return GALLEY_EINVALID;
		}
	pthread_mutex_unlock(&r->lock);
	arena scratch;
	arena_init(&scratch);
	char *joined = path_join(&scratch, r->output, path);
	char *dir = joined ? path_dirname(&scratch, joined) : NULL;
	int rc = dir ? path_mkdirs(dir, 0755) : -ENOMEM;
	if (rc)
		snprintf(msg, msgsize, "cannot create folder '%s': %s", dir ? dir : "?", strerror(-rc));
	else if (!(*full = strdup(joined)))
		rc = -ENOMEM;
	arena_release(&scratch);
	return rc ? GALLEY_EIO : 0;
}

int output_record(run *r, size_t stage_index, const char *path, const char *full,
                  const galley_article *a)
{
	const char *article = a ? a->id : NULL;
	int rc = GALLEY_ENOMEM;
	pthread_mutex_lock(&r->lock);
	if (r->noutputs == r->capoutputs) {
		size_t cap = r->capoutputs ? r->capoutputs * 2 : 64;
		output_file *o = realloc(r->outputs, cap * sizeof(*o));
		if (!o)
			goto out;
		r->outputs = o;
		r->capoutputs = cap;
	}
	output_file f = {strdup(path), strdup(full), article ? strdup(article) : NULL,
	                 a ? a->seq : NO_ARTICLE, stage_index};
	if (!f.path || !f.full || (article && !f.article)) {
		free(f.path);
		free(f.full);
		free(f.article);
		goto out;
	}
	r->outputs[r->noutputs++] = f;
	rc = 0;
out:
	pthread_mutex_unlock(&r->lock);
	return rc;
}

void output_release(run *r)
{
	for (size_t i = 0; i < r->noutputs; i++) {
		free(r->outputs[i].path);
		free(r->outputs[i].full);
		free(r->outputs[i].article);
	}
	free(r->outputs);
	r->outputs = NULL;
	r->noutputs = r->capoutputs = 0;
}

static const output_file *sort_base;

static int by_path(const void *a, const void *b)
{
	return strcmp(sort_base[*(const size_t *)a].path, sort_base[*(const size_t *)b].path);
}

/* Rebuilds ctx->view: files of stages before ctx's, sorted by path.  Called
 * from a sink's finish, when no other thread writes outputs. */
int output_view(galley_ctx *ctx)
{
	run *r = ctx->run;
	free(ctx->view);
	ctx->nview = 0;
	ctx->view = malloc((r->noutputs ? r->noutputs : 1) * sizeof(size_t));
	if (!ctx->view)
		return GALLEY_ENOMEM;
	for (size_t i = 0; i < r->noutputs; i++)
		if (r->outputs[i].stage < ctx->index)
			ctx->view[ctx->nview++] = i;
	sort_base = r->outputs;
	qsort(ctx->view, ctx->nview, sizeof(size_t), by_path);
	return 0;
}

/* Removes the files already written for an article that failed at a later
 * sink, so a bundle never holds half of a quarantined article. */
void output_forget(run *r, uint64_t seq)
{
	pthread_mutex_lock(&r->lock);
	size_t kept = 0;
	for (size_t i = 0; i < r->noutputs; i++) {
		output_file *f = &r->outputs[i];
		if (f->seq == seq) {
			unlink(f->full);
			free(f->path);
			free(f->full);
			free(f->article);
			continue;
		}
		r->outputs[kept++] = *f;
	}
	r->noutputs = kept;
	pthread_mutex_unlock(&r->lock);
}
