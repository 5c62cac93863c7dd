/* runner.c — the pipeline driver.  One worker today: a source's emit()
 * carries the article through every later stage before returning, which
 * keeps sinks in input order and memory at one article.  Per-stage state
 * lives in galley_ctx so a worker pool can own one set of contexts each. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "path.h"
#include "runner.h"

static void set_dates(run *r)
{
	/* SOURCE_DATE_EPOCH pins the run date for reproducible outputs. */
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	char *end = NULL;
	long long epoch = sde ? strtoll(sde, &end, 10) : 0;
	time_t t = (sde && end && !*end && end != sde) ? (time_t)epoch : time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(r->date, sizeof(r->date), "%Y-%m-%d", &tm);
	snprintf(r->epoch, sizeof(r->epoch), "%lld", sde && end && !*end ? epoch : 0LL);
}

/* Carries one article from stage `from` to the end. */
int runner_emit(galley_ctx *src, galley_article *a)
{
	run *r = src->run;
	pthread_mutex_lock(&r->lock);
	a->seq = r->next_seq++;
	r->counts.read++;
	pthread_mutex_unlock(&r->lock);
	for (size_t i = src->index + 1; i < r->p->nstages; i++) {
		galley_ctx *ctx = &r->ctxs[i];
		galley_role role = ctx->stage->plugin->role;
		if (role == GALLEY_ROLE_SOURCE || (role == GALLEY_ROLE_SINK && r->dry_run))
			continue;
		ctx->reason[0] = '\0';
		int rc = ctx->stage->plugin->process(ctx->state, ctx, a);
		if (rc == GALLEY_DROP) {
			r->counts.dropped++;
			article_free(a);
			return 0;
		}
		if (rc != GALLEY_OK) {
			if (role == GALLEY_ROLE_SINK)
				output_forget(r, a->seq);
			quarantine_article(r, a, ctx->stage->name,
			                   ctx->reason[0] ? ctx->reason : "stage failed without a reason");
			article_free(a);
			return 0;
		}
	}
	r->counts.done++;
	article_free(a);
	return 0;
}

static int stage_error(run *r, galley_ctx *ctx, int code, const char *what, galley_error *err)
{
	const ynode *n = ctx->stage->node;
	return galley_error_at(err, code, r->p->file, n->line, n->column, "stage '%s' %s: %s",
	                       ctx->stage->name, what,
	                       ctx->reason[0] ? ctx->reason : "no reason given");
}

static int start(run *r, galley_error *err)
{
	for (size_t i = 0; i < r->p->nstages; i++) {
		galley_ctx *ctx = &r->ctxs[i];
		ctx->run = r;
		ctx->stage = &r->p->stages[i];
		ctx->index = i;
		if (ctx->stage->plugin->init(host_api(), ctx, &ctx->state) != GALLEY_OK)
			return stage_error(r, ctx, GALLEY_EINVALID, "cannot start", err);
		ctx->initialised = 1;
	}
	return 0;
}

static int drive(run *r, galley_error *err)
{
	for (size_t i = 0; i < r->p->nstages; i++) {
		galley_ctx *ctx = &r->ctxs[i];
		if (ctx->stage->plugin->role != GALLEY_ROLE_SOURCE)
			continue;
		ctx->reason[0] = '\0';
		if (ctx->stage->plugin->run(ctx->state, ctx) != GALLEY_OK)
			return stage_error(r, ctx, GALLEY_ESTAGE, "failed", err);
	}
	for (size_t i = 0; i < r->p->nstages; i++) {
		galley_ctx *ctx = &r->ctxs[i];
		const galley_plugin *pl = ctx->stage->plugin;
		if (!pl->finish || pl->role == GALLEY_ROLE_SOURCE ||
		    (pl->role == GALLEY_ROLE_SINK && r->dry_run))
			continue;
		ctx->reason[0] = '\0';
		if (pl->finish(ctx->state, ctx) != GALLEY_OK)
			return stage_error(r, ctx, GALLEY_ESTAGE, "failed to finish", err);
	}
	return 0;
}

static void stop(run *r)
{
	for (size_t i = r->p->nstages; i-- > 0;) {
		galley_ctx *ctx = &r->ctxs[i];
		if (ctx->initialised && ctx->stage->plugin->destroy)
			ctx->stage->plugin->destroy(ctx->state);
		free(ctx->view);
		free(ctx->info);
	}
}

int runner_run(pipeline *p, const runner_opts *opts, run_counts *counts, galley_error *err)
{
	run r = {0};
	r.p = p;
	r.dry_run = opts->dry_run;
	r.verbose = opts->verbose;
	r.output = p->output;
	arena_init(&r.ar);
	pthread_mutex_init(&r.lock, NULL);
	set_dates(&r);
	r.quarantine = path_join(&r.ar, p->output, "quarantine");
	r.ctxs = calloc(p->nstages, sizeof(galley_ctx));
	int rc = r.ctxs && r.quarantine ? 0 : galley_error_set(err, GALLEY_ENOMEM, "out of memory");
	if (!rc && !r.dry_run) {
		int e = path_mkdirs(r.output, 0755);
		if (e)
			rc = galley_error_at(err, GALLEY_ESTAGE, r.output, 0, 0,
			                     "cannot create the output folder: %s", strerror(-e));
	}
	if (!rc)
		rc = start(&r, err);
	if (!rc)
		rc = drive(&r, err);
	if (r.ctxs)
		stop(&r);
	*counts = r.counts;
	free(r.ctxs);
	output_release(&r);
	arena_release(&r.ar);
	pthread_mutex_destroy(&r.lock);
	return rc;
}
