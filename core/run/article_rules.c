/* article_rules.c — the rules of article_rules.h, in one place for the
 * runner and `galley test`. */
#include "run/article_rules.h"
#include "run/source_identity.h"
#include "run/source_language.h"

int source_settle(galley_ctx *src, galley_article *a)
{
	return source_language_settle(src, a) || source_dates_settle(src, a) ||
	               source_identity_settle(src, a)
	           ? -1
	           : 0;
}

void call_note(const galley_article *a, call_before *before)
{
	before->language = a->language;
	dates_note(a, &before->dates);
}

int call_held(galley_ctx *ctx, galley_article *a, const call_before *before)
{
	if (ctx->stage->plugin->role != GALLEY_ROLE_TRANSFORM)
		return GALLEY_OK;
	int rc = a->language != before->language ? stage_language_check(ctx, a) : GALLEY_OK;
	return rc == GALLEY_OK ? stage_dates_check(ctx, a, &before->dates) : rc;
}
