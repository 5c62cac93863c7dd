/* annotate/entities — people, organisations and places named in the text,
 * from gazetteers: the YAML files of `gazetteers` (pipelines/gazetteers/)
 * and the countries of Debian's iso-codes, with their names in the
 * `country_languages` (lib/gazetteer.h says how names match).
 *
 * Each entity found goes into the article's entities (type, name, id), in
 * the order of first mention, once; every mention goes under
 * extra.mentions: {id, field (headline, standfirst, body, caption), block
 * (body block or media index), start, end (bytes), text}.
 *
 * The gazetteer is built once per run and shared by the workers
 * (lib/gazetteer_run): init looks it up by its settings under a lock, and
 * the last destroy frees it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "galley/plugin.h"
#include "gazetteer/gazetteer_run.h"
#include "text/strbuf.h"

static const galley_host *H;

static const galley_setting settings[] = {
	GAZETTEER_SETTINGS,
	{"genitive_s", GALLEY_SETTING_LIST, "da\nnb\nnn\nno\nsv",
	 "languages that write a genitive s without an apostrophe (Putins)"},
	{"mentions", GALLEY_SETTING_BOOL, "true",
	 "record every mention under extra (false: the entities only)"},
	{"key", GALLEY_SETTING_STRING, "mentions", "name of the extra field"},
	{NULL, 0, NULL, NULL},
};

/* ---- one gazetteer per run, shared (lib/run_shared, lib/gazetteer_run) ---- */

/* ---- per worker ---- */

typedef struct tagger {
	gazetteer *g;
	const char *key;
	int mentions;
	galley_ctx *ctx;
	gz_scan scan;
} tagger;

static void destroy(void *state)
{
	tagger *t = state;
	if (!t)
		return;
	if (t->g)
		gazetteer_run_put(t->g);
	gz_scan_free(&t->scan);
	free(t);
}

static int init(const galley_host *host, galley_ctx *ctx, void **state)
{
	H = host;
	*state = NULL;
	const char *key = host->setting_string(ctx, "key");
	if (!key[0])
		return host->fail(ctx, "'key' must not be empty");
	tagger *t = calloc(1, sizeof(*t));
	if (!t)
		return host->fail(ctx, "out of memory");
	char why[1200] = "out of memory";
	if (!(t->g = gazetteer_run_get(host, ctx, why, sizeof(why)))) {
		free(t);
		return host->fail(ctx, "%s", why);
	}
	t->key = key;
	t->mentions = host->setting_bool(ctx, "mentions");
	t->ctx = ctx;
	*state = t;
	return GALLEY_OK;
}

/* Fields are numbered: 0 headline, 1 standfirst, 2 + i body block i,
 * 2 + blocks + i caption of media i. */
typedef struct where {
	const char *field;
	size_t index;
} where;

static where field_of(uint32_t f, size_t blocks)
{
	if (f < 2)
		return (where){f ? "standfirst" : "headline", 0};
	if (f - 2 < blocks)
		return (where){"body", f - 2};
	return (where){"caption", f - 2 - blocks};
}

static int scan_field(tagger *t, const char *text, uint32_t field)
{
	return text ? gz_scan_text(t->g, &t->scan, text, strlen(text), field) : 0;
}

static int scan_article(tagger *t, const galley_article *a, size_t blocks)
{
	int rc = scan_field(t, H->get(a, "headline"), 0) || scan_field(t, H->get(a, "standfirst"), 1);
	for (size_t i = 0; !rc && i < blocks; i++)
		rc = scan_field(t, H->block_get(a, i, "text"), (uint32_t)(2 + i));
	size_t media = H->media_count(a);
	for (size_t i = 0; !rc && i < media; i++)
		rc = scan_field(t, H->media_get(a, i, "caption"), (uint32_t)(2 + blocks + i));
	return rc;
}

static const char *field_text(const galley_article *a, where w)
{
	if (!strcmp(w.field, "body"))
		return H->block_get(a, w.index, "text");
	if (!strcmp(w.field, "caption"))
		return H->media_get(a, w.index, "caption");
	return H->get(a, w.field);
}

static int has_entity(const galley_article *a, const gz_entry *e)
{
	size_t n = H->entity_count(a);
	for (size_t i = 0; i < n; i++) {
		const char *id = H->entity_get(a, i, "id");
		if ((id && !strcmp(id, e->id)) || (!strcmp(H->entity_get(a, i, "type"), e->type) &&
		                                   !strcmp(H->entity_get(a, i, "name"), e->name)))
			return 1;
	}
	return 0;
}

/* The mentions' JSON, written directly: building jansson values only to
 * print them cost more than the matching. */
typedef struct buf {
	strbuf b;
	int oom;
} buf;

static void put(buf *b, const char *s, size_t n)
{
	if (!b->oom && sb_add(&b->b, s, n))
		b->oom = 1;
}

static void put_string(buf *b, const char *s, size_t n)
{
	if (!b->oom && sb_json_string(&b->b, s, n))
		b->oom = 1;
}

static void put_mention(buf *b, const gz_entry *e, where w, const gz_mention *m, const char *text)
{
	char num[96];
	put(b, b->b.len > 1 ? ", {\"id\": " : "{\"id\": ", b->b.len > 1 ? 9 : 7);
	put_string(b, e->id, strlen(e->id));
	put(b, ", \"field\": \"", 12);
	put(b, w.field, strlen(w.field));
	int body = !strcmp(w.field, "body") || !strcmp(w.field, "caption");
	int n = body ? snprintf(num, sizeof(num), "\", \"block\": %zu, \"start\": %zu, \"end\": %zu, ",
	                        w.index, m->start, m->end)
	             : snprintf(num, sizeof(num), "\", \"start\": %zu, \"end\": %zu, ", m->start,
	                        m->end);
	put(b, num, (size_t)n);
	put(b, "\"text\": ", 8);
	put_string(b, text + m->start, m->end - m->start);
	put(b, "}", 1);
}

static int record(tagger *t, galley_article *a, size_t blocks)
{
	const gazetteer *g = t->g;
	buf b = {0};
	int rc = 0;
	put(&b, "[", 1);
	for (size_t i = 0; !rc && i < t->scan.n; i++) {
		const gz_mention *m = &t->scan.v[i];
		const gz_entry *e = gz_entry_at(g, m->entry);
		where w = field_of(m->field, blocks);
		put_mention(&b, e, w, m, field_text(a, w));
		if (!has_entity(a, e))
			rc = H->entity_add_id(a, e->type, e->name, e->id) < 0;
	}
	put(&b, "]", 1);
	rc = rc || b.oom || (t->mentions && H->extra_set_json(a, t->key, t->scan.n ? b.b.s : NULL));
	sb_free(&b.b);
	return rc ? H->fail(t->ctx, "out of memory") : GALLEY_OK;
}

static int genitive_language(galley_ctx *ctx, const char *lang)
{
	if (!lang)
		return 0;
	size_t n = H->setting_count(ctx, "genitive_s"), len = strcspn(lang, "-_");
	for (size_t i = 0; i < n; i++) {
		const char *l = H->setting_item(ctx, "genitive_s", i);
		if (strlen(l) == len && !strncmp(l, lang, len))
			return 1;
	}
	return 0;
}

static int process(void *state, galley_ctx *ctx, galley_article *a)
{
	tagger *t = state;
	t->ctx = ctx;
	t->scan.n = 0;
	t->scan.lang = H->get(a, "language");
	t->scan.genitive_s = genitive_language(ctx, t->scan.lang);
	size_t blocks = H->block_count(a);
	if (scan_article(t, a, blocks))
		return H->fail(ctx, "out of memory");
	gz_resolve(t->g, &t->scan);
	return record(t, a, blocks);
}

GALLEY_PLUGIN_DEFINE(.name = "annotate/entities",
                     .description = "people, organisations and places from gazetteers and "
                                    "iso-codes, into entities and extra.mentions",
                     .role = GALLEY_ROLE_TRANSFORM, .settings = settings, .init = init,
                     .process = process, .destroy = destroy)
