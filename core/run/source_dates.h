/* source_dates.h — an article's dates as ISO 8601 (the extended form of
 * RFC 3339: 2026-12-05, 2026-12-05T10:00:00Z), as the language is held to
 * BCP 47: what a source read as a newsroom writes it ("5 December 2026",
 * "06/12/2026 10:00") is made ISO before any transform sees it, what no
 * reading fits is dropped with a warning (but an embargo, which is kept
 * for the item's quarantine: dropping it would release the item), and a
 * transform that sets a date that is not ISO fails the article. */
#ifndef GALLEY_SOURCE_DATES_H
#define GALLEY_SOURCE_DATES_H

#include "run/run.h"

/* a's dates (and each of its pieces'), from the source stage src: 0, or
 * -1 when out of memory. */
int source_dates_settle(galley_ctx *src, galley_article *a);

/* The dates' strings, to tell after a call whether a transform set one. */
typedef struct dates_seen {
	const char *at[DATE_COUNT];
} dates_seen;
void dates_note(const galley_article *a, dates_seen *seen);
/* After a transform: GALLEY_OK, or GALLEY_FAIL with the stage's reason
 * ("set dates.published to 'yesterday', which is not an ISO 8601 date
 * …") when a date it set is not one. */
int stage_dates_check(galley_ctx *ctx, galley_article *a, const dates_seen *before);

#endif
