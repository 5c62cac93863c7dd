/* article_doc.c — the article as exporters read it (see article_doc.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "article/article_doc.h"
#include "article/walk_json.h"
#include "text/datetime.h"
#include "io/export_path.h"
#include "text/text_out.h"

const char *const doc_published[] = {"published", "created", "modified", NULL};
const char *const doc_updated[] = {"modified", "published", "created", NULL};

/* Built from the host's walk (ABI 2.0), not its JSON text parsed back:
 * jansson's parser took 37% of export/ninjs's instructions. */
json_t *article_doc(const galley_host *h, galley_ctx *ctx, const galley_article *a)
{
	json_t *art = walk_json(h->article_walk, a);
	if (!art)
		h->fail(ctx, "out of memory");
	return art;
}

int doc_date(const json_t *art, const char *const *names, time_t *out)
{
	const json_t *dates = json_object_get(art, "dates");
	for (; *names; names++)
		if (datetime_parse(json_string_value(json_object_get(dates, *names)), out) == 0)
			return 0;
	return -1;
}

void doc_uri(const json_t *art, const char *prefix, char *out, size_t size)
{
	const char *own = text_get(json_object_get(art, "extra"), "uri");
	const char *guid = text_get(art, "guid");
	if (own || guid)
		snprintf(out, size, "%s", own ? own : guid);
	else
		snprintf(out, size, "%s%s", prefix, text_get(art, "id"));
}

char *doc_joined(const json_t *list)
{
	strbuf b = {0};
	size_t i;
	json_t *v;
	int rc = sb_puts(&b, "");
	json_array_foreach(list, i, v)
		if (!rc && json_string_value(v))
			rc = (b.len && sb_puts(&b, ", ")) || sb_puts(&b, json_string_value(v));
	if (rc)
		sb_free(&b);
	return b.s;
}

char *doc_byline(const json_t *art)
{
	return doc_joined(json_object_get(art, "bylines"));
}

int doc_export(const galley_host *h, galley_ctx *ctx, galley_article *a, const char *ext,
               doc_writer write, void *state)
{
	char path[1024], *out = NULL;
	size_t len = 0;
	if (export_path(h, ctx, a, ext, path, sizeof(path)) != GALLEY_OK)
		return GALLEY_FAIL;
	json_t *art = article_doc(h, ctx, a);
	if (!art)
		return GALLEY_FAIL;
	int rc = write(state, ctx, art, &out, &len);
	json_decref(art);
	if (rc || !out) {
		free(out);
		return h->fail(ctx, "cannot write '%s': out of memory", path);
	}
	rc = h->output_write(ctx, a, path, out, len);
	free(out);
	return rc;
}
