/* article_walk.c — the article's canonical JSON as a walk: every key and
 * value, in the order article_dump writes them, handed to a walker's
 * callbacks (host->article_walk, ABI 2.0).  Plugins build what they like
 * from it (plugins/lib/article/walk_json.c: a jansson tree) without the
 * ABI naming a JSON library, and without a text to parse.  Driven by the
 * field table, like the dump; test_article_fields holds the two to the
 * same bytes. */
#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "model/article.h"

/* Each step stops the walk at the first callback that returns non-zero. */
#define STEP(call)                                                                             \
	do {                                                                                   \
		int rc_ = (call);                                                              \
		if (rc_)                                                                       \
			return rc_;                                                            \
	} while (0)

static int key(const galley_walker *w, void *data, const char *k)
{
	return w->key(data, k, strlen(k));
}

static int string(const galley_walker *w, void *data, const char *s)
{
	return s ? w->string(data, s, strlen(s)) : w->null(data);
}

static int strlist_walk(const galley_walker *w, void *data, const strlist *l)
{
	STEP(w->array_begin(data));
	for (size_t i = 0; i < l->count; i++)
		STEP(string(w, data, l->items[i]));
	return w->array_end(data);
}

static int dates_walk(const galley_walker *w, void *data, const article_dates *d)
{
	STEP(w->object_begin(data));
	for (int i = 0; i < DATE_COUNT; i++)
		if (d->at[i]) {
			STEP(key(w, data, article_date_names[i]));
			STEP(string(w, data, d->at[i]));
		}
	return w->object_end(data);
}

static int block_walk(const galley_walker *w, void *data, const block *b)
{
	STEP(w->object_begin(data));
	STEP(key(w, data, "type"));
	STEP(string(w, data, b->type));
	if (b->level || strcmp(b->type, "heading") == 0) { /* a heading's 0 too */
		STEP(key(w, data, "level"));
		STEP(w->integer(data, b->level));
	}
	STEP(key(w, data, "text"));
	STEP(string(w, data, b->text));
	if (b->speaker) {
		STEP(key(w, data, "speaker"));
		STEP(string(w, data, b->speaker));
	}
	return w->object_end(data);
}

static int body_walk(const galley_walker *w, void *data, const block_list *l)
{
	STEP(w->array_begin(data));
	for (size_t i = 0; i < l->count; i++)
		STEP(block_walk(w, data, &l->items[i]));
	return w->array_end(data);
}

/* A list of records (media, entities) as the record table says. */
static int records_walk(const galley_walker *w, void *data, const void *items, size_t count,
                        size_t elem, const record_field *fields, size_t n)
{
	STEP(w->array_begin(data));
	for (size_t i = 0; i < count; i++) {
		const void *r = (const char *)items + i * elem;
		STEP(w->object_begin(data));
		for (size_t f = 0; f < n; f++) {
			const char *s = *record_slot(r, &fields[f]);
			if (!s && fields[f].presence == REC_OPTIONAL)
				continue;
			STEP(key(w, data, fields[f].name));
			STEP(string(w, data, s));
		}
		STEP(w->object_end(data));
	}
	return w->array_end(data);
}

static int by_key(const void *x, const void *y)
{
	return strcmp(*(const char *const *)x, *(const char *const *)y);
}

static int value_walk(const galley_walker *w, void *data, const json_t *v);

/* An object's members, keys sorted (the canonical JSON's extra). */
static int object_walk(const galley_walker *w, void *data, const json_t *v)
{
	size_t n = json_object_size(v), i = 0;
	const char *stack[16], **keys = n <= 16 ? stack : malloc(n * sizeof(*keys));
	if (!keys)
		return GALLEY_ENOMEM;
	const char *k;
	json_t *item;
	json_object_foreach((json_t *)v, k, item) keys[i++] = k;
	qsort(keys, n, sizeof(*keys), by_key);
	int rc = w->object_begin(data);
	for (i = 0; !rc && i < n; i++) {
		rc = key(w, data, keys[i]);
		if (!rc)
			rc = value_walk(w, data, json_object_get(v, keys[i]));
	}
	if (keys != stack)
		free(keys);
	return rc ? rc : w->object_end(data);
}

static int value_walk(const galley_walker *w, void *data, const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT: return object_walk(w, data, v);
	case JSON_ARRAY:
		STEP(w->array_begin(data));
		for (size_t i = 0; i < json_array_size(v); i++)
			STEP(value_walk(w, data, json_array_get(v, i)));
		return w->array_end(data);
	case JSON_STRING: return w->string(data, json_string_value(v), json_string_length(v));
	case JSON_INTEGER: return w->integer(data, json_integer_value(v));
	case JSON_REAL: return w->real(data, json_real_value(v));
	case JSON_TRUE: return w->boolean(data, 1);
	case JSON_FALSE: return w->boolean(data, 0);
	case JSON_NULL: return w->null(data);
	}
	return GALLEY_EINVALID;
}

/* Field f's value, by its kind (article_fields.h). */
static int field_walk(const galley_walker *w, void *data, const galley_article *a, int f)
{
	const void *slot = article_slot(a, f);
	switch (article_fields[f].kind) {
	case AK_STRING:
	case AK_LANGUAGE: return string(w, data, *(char *const *)slot);
	case AK_INT: {
		int64_t v = *(const int64_t *)slot;
		return v > 0 ? w->integer(data, v) : w->null(data);
	}
	case AK_STRLIST: return strlist_walk(w, data, slot);
	case AK_DATES: return dates_walk(w, data, slot);
	case AK_BODY: return body_walk(w, data, slot);
	case AK_MEDIA: {
		const media_list *l = slot;
		return records_walk(w, data, l->items, l->count, sizeof(media), media_fields,
		                    MEDIA_NFIELDS);
	}
	case AK_ENTITIES: {
		const entity_list *l = slot;
		return records_walk(w, data, l->items, l->count, sizeof(entity), entity_fields,
		                    ENTITY_NFIELDS);
	}
	case AK_EXTRA: {
		const json_t *extra = *(json_t *const *)slot;
		if (extra)
			return object_walk(w, data, extra);
		STEP(w->object_begin(data));
		return w->object_end(data);
	}
	}
	return GALLEY_EINVALID;
}

int article_walk(const galley_article *a, const galley_walker *w, void *data)
{
	STEP(w->object_begin(data));
	for (int f = 0; f < AF_COUNT; f++) {
		STEP(key(w, data, article_fields[f].name));
		STEP(field_walk(w, data, a, f));
	}
	return w->object_end(data);
}
