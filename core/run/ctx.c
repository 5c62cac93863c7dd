/* ctx.c — what a stage's context does for it, under both the plugins'
 * host table (host.c) and the core's own callers: log a message in input
 * order, fail with a reason, hand over an article (a source's emit) or
 * split one off the article at hand.  The core calls these directly,
 * never through the table it hands to plugins. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/log.h"
#include "run/ctx.h"
#include "run/queue.h"
#include "run/shard.h"

static void count(run *r, uint64_t *field)
{
	pthread_mutex_lock(&r->lock);
	(*field)++;
	pthread_mutex_unlock(&r->lock);
}

/* On a worker, a message about the article at hand waits in the article
 * and the sink thread prints it when the article's turn comes (runner.c);
 * the rest is printed at once. */
static galley_article *log_holder(galley_ctx *ctx)
{
	while (ctx && ctx->caller)
		ctx = ctx->caller;
	if (!ctx || !ctx->article || !ctx->run || !ctx->run->ordered_log ||
	    ctx->stage->plugin->role == GALLEY_ROLE_SINK)
		return NULL;
	return (galley_article *)ctx->article;
}

void ctx_log(galley_ctx *ctx, galley_log_level level, const char *fmt, ...)
{
	if (level > GALLEY_LOG_WARN && !(ctx && ctx->run && ctx->run->verbose >= (int)level - 1))
		return;
	char msg[2048], line[4096];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	galley_article *a = log_holder(ctx);
	const galley_article *about = a ? a : ctx ? ctx->article : NULL;
	/* a source's article is not made yet: its messages name their input */
	int source = ctx && ctx->stage && ctx->stage->plugin &&
	             ctx->stage->plugin->role == GALLEY_ROLE_SOURCE;
	log_where w = {ctx && ctx->stage ? ctx->stage->name : NULL,
	               about && !source ? about->id : NULL, about ? about->source : NULL};
	size_t len = log_format_stage(line, sizeof(line), level, &w, msg);
	if (!len)
		return;
	char *grown = a ? realloc(a->run.log, a->run.loglen + len + 1) : NULL;
	if (!grown) {
		log_raw(line);
		return;
	}
	memcpy(grown + a->run.loglen, line, len + 1);
	a->run.log = grown;
	a->run.loglen += len;
}

int ctx_fail(galley_ctx *ctx, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(ctx->reason, sizeof(ctx->reason), fmt, ap);
	va_end(ap);
	return GALLEY_FAIL;
}

/* Pieces split off the article at hand start with seqs of their own far
 * above any input's (they key the output register); quarantine names use
 * the input's seq and the piece number instead. */
#define PIECE_SEQ_BASE (UINT64_C(1) << 62)

uint64_t ctx_piece_seq(run *r)
{
	return PIECE_SEQ_BASE + __atomic_fetch_add(&r->next_piece_seq, 1, __ATOMIC_RELAXED);
}

int ctx_split(galley_ctx *ctx, galley_article *piece)
{
	galley_article *at = (galley_article *)ctx->article;
	if (!at || ctx->stage->plugin->role == GALLEY_ROLE_SINK) {
		article_free(piece);
		return GALLEY_EINVALID;
	}
	run *r = ctx->run;
	if (r->relay_piece) /* an importer's process: to the runner at once */
		return r->relay_piece(r, piece);
	piece->run.origin = ctx->index;
	piece->run.seq = ctx_piece_seq(r);
	piece->run.parent_seq = at->run.piece ? at->run.parent_seq : at->run.seq;
	/* from where this article last appended: 40,000 posts of one export
	 * must not walk the chain 40,000 times */
	galley_article *last = at->run.tail ? at->run.tail : at;
	for (; last->run.next; last = last->run.next)
		at->run.after++;
	unsigned n = ++at->run.after;
	piece->run.piece = at->run.piece ? at->run.piece + n : n;
	last->run.next = piece;
	at->run.tail = piece;
	count(r, &r->counts.split);
	return 0;
}

/* host->emit: numbers the article and queues it for the workers.  From
 * a source's process() (an input file holding several articles: a
 * WordPress export, a wire's news message, an archive) it splits the
 * article at hand instead. */
int ctx_emit(galley_ctx *src, galley_article *a)
{
	if (src->article)
		return ctx_split(src, a);
	run *r = src->run;
	if (!shard_keeps(r, src, a)) {
		/* another shard's: its place in the order is passed over, so
		 * seqs stay those of a single run (the merge orders by them) */
		article_free(a);
		reorder_put(&r->order, r->next_seq++, NULL);
		return 0;
	}
	a->run.seq = r->next_seq++; /* sources run on one thread */
	a->run.origin = src->index;
	count(r, &r->counts.read);
	aqueue_push(&r->queue, a);
	return 0;
}
