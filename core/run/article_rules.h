/* article_rules.h — what the core holds every article to, in a run and in
 * `galley test` alike: after its source, a BCP 47 language, ISO 8601 dates
 * and a guid (source_language, source_dates, source_identity); after each
 * transform's call, that a language or a date it set is one. */
#ifndef GALLEY_ARTICLE_RULES_H
#define GALLEY_ARTICLE_RULES_H

#include "run/run.h"
#include "run/source_dates.h"

/* a (and each of its pieces) as its source stage src gave it, settled:
 * 0, or -1 when out of memory. */
int source_settle(galley_ctx *src, galley_article *a);

/* What a transform's call may change, noted before it. */
typedef struct call_before {
	const char *language;
	dates_seen dates;
} call_before;

void call_note(const galley_article *a, call_before *before);
/* After ctx's call returned GALLEY_OK: GALLEY_OK, or GALLEY_FAIL with the
 * stage's reason when the stage is a transform that set a language that
 * is no tag or a date that is not ISO 8601. */
int call_held(galley_ctx *ctx, galley_article *a, const call_before *before);

#endif
