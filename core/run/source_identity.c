/* source_identity.c — a guid for every imported article (see
 * source_identity.h).  Runs where the source's language is settled: on
 * the worker, before any transform sees the article. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/glob.h"
#include "config/settings.h"
#include "model/article.h"
#include "run/source_identity.h"

/* The stage's import root: the fixed folders of its `path:` pattern as
 * galley resolved it, which every source path the walk handed on starts
 * with, whatever the working folder. */
static const char *import_root(galley_ctx *src, size_t *len)
{
	const setting_value *v = settings_find(&src->stage->settings, "path");
	const char *pattern = v && v->str ? v->str : "";
	*len = glob_fixed_len(pattern);
	return pattern;
}

static int settle_one(galley_ctx *src, galley_article *a, const char *root, size_t rlen)
{
	if (a->guid || !a->source)
		return 0;
	const char *rel = strncmp(a->source, root, rlen) == 0 ? a->source + rlen : a->source;
	size_t n = strlen(src->stage->name) + strlen(rel) + 32; /* "galley:", "/", "#" and a number */
	char *guid = malloc(n);
	if (!guid)
		return -1;
	if (a->run.piece) /* the second, third … item of one file */
		snprintf(guid, n, "galley:%s/%s#%u", src->stage->name, rel, a->run.piece + 1);
	else
		snprintf(guid, n, "galley:%s/%s", src->stage->name, rel);
	int rc = article_set(a, "guid", guid);
	free(guid);
	return rc ? -1 : 0;
}

int source_identity_settle(galley_ctx *src, galley_article *a)
{
	size_t rlen;
	const char *root = import_root(src, &rlen);
	for (; a; a = a->run.next)
		if (!a->run.failed_input && settle_one(src, a, root, rlen))
			return -1;
	return 0;
}
