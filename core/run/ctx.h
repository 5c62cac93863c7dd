/* ctx.h — a stage context's own API (ctx.c): logging, failing, emitting
 * and splitting articles.  The host table hands these to plugins as they
 * are; the core's modules call them directly. */
#ifndef GALLEY_CTX_H
#define GALLEY_CTX_H

#include "run/run.h"

/* A message from the stage: on a worker, one about the article at hand
 * waits in it until the sink thread prints it in input order. */
void ctx_log(galley_ctx *ctx, galley_log_level level, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Records why ctx failed the article (or run) in ctx->reason; returns
 * GALLEY_FAIL. */
int ctx_fail(galley_ctx *ctx, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A source hands over an article: numbered and queued for the workers;
 * from a source's process(), split off the article at hand.  (host->emit
 * sends an importer's articles run on bytes back to its caller first.) */
int ctx_emit(galley_ctx *src, galley_article *a);
/* A transform (or a source's process()) splits off a new article from the
 * one at hand; it goes through the stages after ctx's. */
int ctx_split(galley_ctx *ctx, galley_article *piece);
/* A new internal seq for a piece (it keys the output register). */
uint64_t ctx_piece_seq(run *r);

#endif
