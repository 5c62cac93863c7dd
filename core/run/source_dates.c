/* source_dates.c — dates held to ISO 8601 (see source_dates.h), read by
 * lib/text/datetime_read in the article's language. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "model/article.h"
#include "run/ctx.h"
#include "run/source_dates.h"
#include "text/datetime.h"
#include "text/datetime_read.h"

/* ISO 8601 as articles hold it, with a T between date and time. */
static int is_iso(const char *v)
{
	time_t t;
	return datetime_parse(v, &t) == 0 && (strlen(v) <= 10 || v[10] == 'T');
}

static int settle_one(galley_ctx *src, galley_article *a)
{
	for (int i = 0; i < DATE_COUNT; i++) {
		const char *v = a->dates.at[i];
		if (!v || is_iso(v))
			continue;
		char iso[32], field[32];
		snprintf(field, sizeof(field), "dates.%s", article_date_names[i]);
		if (datetime_read(v, a->language, iso, sizeof(iso)) == 0) {
			if (article_set(a, field, iso))
				return -1;
			continue;
		}
		if (i == DATE_EMBARGO)
			continue; /* never dropped: the item is held back, quarantined with it (item_settle.c) */
		const void *was = src->article;
		src->article = a; /* the warning waits in a, for its turn */
		ctx_log(src, GALLEY_LOG_WARN, "%s: %s '%.80s' is not a date galley can read; left out",
		        a->source ? a->source : a->id ? a->id : "an article", field, v);
		src->article = was;
		if (article_set(a, field, NULL))
			return -1;
	}
	return 0;
}

int source_dates_settle(galley_ctx *src, galley_article *a)
{
	for (; a; a = a->run.next)
		if (!a->run.failed_input && settle_one(src, a))
			return -1;
	return 0;
}

void dates_note(const galley_article *a, dates_seen *seen)
{
	for (int i = 0; i < DATE_COUNT; i++)
		seen->at[i] = a->dates.at[i];
}

int stage_dates_check(galley_ctx *ctx, galley_article *a, const dates_seen *before)
{
	for (int i = 0; i < DATE_COUNT; i++) {
		const char *v = a->dates.at[i];
		if (v && v != before->at[i] && !is_iso(v))
			return ctx_fail(ctx,
			                "set dates.%s to '%.80s', which is not an ISO 8601 date or "
			                "date-time such as 2026-12-05 or 2026-12-05T10:00:00Z (RFC 3339)",
			                article_date_names[i], v);
	}
	return GALLEY_OK;
}
