/* source_language.c — an imported article's language as a BCP 47 tag
 * (see source_language.h).  What importers read is what the input said:
 * front matter's "language: English", a page's lang="en_US", a wire's
 * xml:lang.  One check here serves them all, before the transforms and
 * the exporters (NITF's xml:lang, HTML's lang) see the value; and what a
 * compiled transform sets is held to the same rule after its call. */
#include <string.h>

#include "model/article.h"
#include "config/settings.h"
#include "run/source_language.h"
#include "run/ctx.h"

static int settle_one(galley_ctx *src, galley_article *a)
{
	if (!article_language_tag(a))
		return 0;
	const char *had = a->language;
	const setting_value *v = settings_find(&src->stage->settings, "language");
	const char *instead = v && v->str && v->str[0] ? v->str : NULL; /* a tag: settings.c */
	const void *was = src->article;
	src->article = a; /* the warning waits in a, for its turn */
	const char *where = a->source ? a->source : a->id ? a->id : "an article";
	ctx_log(src, GALLEY_LOG_WARN,
	                "%s: language '%s' is not a BCP 47 language tag; %s%s%s", where, had,
	                instead ? "set to the stage's '" : "removed", instead ? instead : "",
	                instead ? "'" : "");
	src->article = was;
	return article_set(a, "language", instead);
}

int stage_language_check(galley_ctx *ctx, galley_article *a)
{
	if (article_language_tag(a))
		return ctx_fail(ctx,
		                        "set language '%.80s', which is not a BCP 47 language tag "
		                        "such as en or nb-NO",
		                        a->language);
	return GALLEY_OK;
}

int source_language_settle(galley_ctx *src, galley_article *a)
{
	for (; a; a = a->run.next)
		if (!a->run.failed_input && settle_one(src, a))
			return -1;
	return 0;
}
