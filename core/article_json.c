/* article_json.c — the article's canonical JSON form, both ways.  Key
 * order is fixed (top level as documented, extra sorted) so the same
 * article always gives the same bytes.  from_json is strict: a wrong type
 * is an error naming the field, never a silent skip. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "article.h"
#include "error.h"

/* o[key] = v and arr += v: 1 when done, 0 when v is NULL or memory ran
 * out (v, a new reference, is taken either way).  Each builder below
 * stops at the first 0, so a tree is whole or NULL, never short a key. */
static int put(json_t *o, const char *key, json_t *v)
{
	return json_object_set_new(o, key, v) == 0;
}

static int append(json_t *arr, json_t *v)
{
	return json_array_append_new(arr, v) == 0;
}

static json_t *str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

/* v, or NULL (v released) when !ok. */
static json_t *checked(json_t *v, int ok)
{
	if (ok)
		return v;
	json_decref(v);
	return NULL;
}

static json_t *strlist_json(const strlist *l)
{
	json_t *arr = json_array();
	int ok = arr != NULL;
	for (size_t i = 0; ok && i < l->count; i++)
		ok = append(arr, json_string(l->items[i]));
	return checked(arr, ok);
}

static json_t *dates_json(const galley_article *a)
{
	json_t *o = json_object();
	int ok = o != NULL;
	for (int i = 0; ok && i < DATE_COUNT; i++)
		if (a->dates[i])
			ok = put(o, article_date_names[i], json_string(a->dates[i]));
	return checked(o, ok);
}

static json_t *block_json(const block *b)
{
	json_t *o = json_object();
	int ok = o && put(o, "type", json_string(b->type));
	if (ok && (b->level || strcmp(b->type, "heading") == 0)) /* a heading's 0 too */
		ok = put(o, "level", json_integer(b->level));
	ok = ok && put(o, "text", json_string(b->text));
	if (ok && b->speaker)
		ok = put(o, "speaker", json_string(b->speaker));
	return checked(o, ok);
}

static json_t *body_json(const galley_article *a)
{
	json_t *arr = json_array();
	int ok = arr != NULL;
	for (size_t i = 0; ok && i < a->nblocks; i++)
		ok = append(arr, block_json(&a->blocks[i]));
	return checked(arr, ok);
}

static json_t *one_media_json(const media *m)
{
	json_t *o = json_object();
	int ok = o && put(o, "type", json_string(m->type));
	ok = ok && put(o, "caption", str_or_null(m->caption));
	ok = ok && put(o, "credit", str_or_null(m->credit));
	ok = ok && put(o, "href", str_or_null(m->href));
	if (ok && m->alt)
		ok = put(o, "alt", json_string(m->alt));
	if (ok && m->mime)
		ok = put(o, "mime", json_string(m->mime));
	return checked(o, ok);
}

static json_t *media_json(const galley_article *a)
{
	json_t *arr = json_array();
	int ok = arr != NULL;
	for (size_t i = 0; ok && i < a->nmedia; i++)
		ok = append(arr, one_media_json(&a->media[i]));
	return checked(arr, ok);
}

static json_t *entity_json(const entity *e)
{
	json_t *o = json_object();
	int ok = o && put(o, "type", json_string(e->type));
	ok = ok && put(o, "name", json_string(e->name));
	if (ok && e->id)
		ok = put(o, "id", json_string(e->id));
	return checked(o, ok);
}

static json_t *entities_json(const galley_article *a)
{
	json_t *arr = json_array();
	int ok = arr != NULL;
	for (size_t i = 0; ok && i < a->nentities; i++)
		ok = append(arr, entity_json(&a->entities[i]));
	return checked(arr, ok);
}

static int key_cmp(const void *x, const void *y)
{
	return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* A deep copy whose objects have their keys in sorted order (jansson keeps
 * insertion order), so extra serialises the same whoever filled it. */
static json_t *sorted_copy(json_t *v)
{
	if (json_is_array(v)) {
		json_t *arr = json_array();
		int ok = arr != NULL;
		size_t i;
		json_t *item;
		json_array_foreach(v, i, item) ok = ok && append(arr, sorted_copy(item));
		return checked(arr, ok);
	}
	if (!json_is_object(v))
		return json_deep_copy(v);
	size_t n = json_object_size(v), i = 0;
	const char **keys = malloc((n ? n : 1) * sizeof(*keys));
	json_t *o = json_object();
	if (!keys || !o) {
		free(keys);
		json_decref(o);
		return NULL;
	}
	const char *key;
	json_t *item;
	json_object_foreach(v, key, item) keys[i++] = key;
	qsort(keys, n, sizeof(*keys), key_cmp);
	int ok = 1;
	for (i = 0; ok && i < n; i++)
		ok = put(o, keys[i], sorted_copy(json_object_get(v, keys[i])));
	free(keys);
	return checked(o, ok);
}

json_t *article_to_json(const galley_article *a)
{
	json_t *o = json_object();
	int ok = o != NULL;
	ok = ok && put(o, "id", str_or_null(a->id));
	ok = ok && put(o, "source", str_or_null(a->source));
	ok = ok && put(o, "headline", str_or_null(a->headline));
	ok = ok && put(o, "kicker", str_or_null(a->kicker));
	ok = ok && put(o, "standfirst", str_or_null(a->standfirst));
	ok = ok && put(o, "bylines", strlist_json(&a->bylines));
	ok = ok && put(o, "section", str_or_null(a->section));
	ok = ok && put(o, "language", str_or_null(a->language));
	ok = ok && put(o, "dates", dates_json(a));
	ok = ok && put(o, "keywords", strlist_json(&a->keywords));
	ok = ok && put(o, "body", body_json(a));
	ok = ok && put(o, "media", media_json(a));
	ok = ok && put(o, "entities", entities_json(a));
	ok = ok && put(o, "extra", a->extra ? sorted_copy(a->extra) : json_object());
	return checked(o, ok);
}

/* ---- from JSON ---- */

typedef struct reader {
	galley_article *a;
	char *msg;
	size_t msgsize;
} reader;

static int bad(reader *r, const char *field, const char *want)
{
	snprintf(r->msg, r->msgsize, "field '%s' must be %s", field, want);
	return GALLEY_EINVALID;
}

/* Lua cannot tell an empty list from an empty map: {} is accepted where
 * a list is expected. */
static int is_list(const json_t *v)
{
	return json_is_array(v) || (json_is_object(v) && json_object_size(v) == 0);
}

/* An absent or null string field leaves the slot empty. */
static int read_string(reader *r, const json_t *o, const char *key, const char *field)
{
	json_t *v = json_object_get(o, key);
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_string(v))
		return bad(r, field, "a string or null");
	return article_set(r->a, field, json_string_value(v));
}

static int read_strlist(reader *r, const json_t *o, const char *field)
{
	json_t *v = json_object_get(o, field), *item;
	size_t i;
	if (!v || json_is_null(v))
		return 0;
	if (!is_list(v))
		return bad(r, field, "a list of strings");
	json_array_foreach(v, i, item)
	{
		if (!json_is_string(item))
			return bad(r, field, "a list of strings");
		int rc = article_list_add(r->a, field, json_string_value(item));
		if (rc)
			return rc;
	}
	return 0;
}

static int read_dates(reader *r, const json_t *o)
{
	json_t *v = json_object_get(o, "dates");
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_object(v))
		return bad(r, "dates", "a map");
	const char *key;
	json_t *item;
	json_object_foreach(v, key, item)
	{
		char field[64];
		snprintf(field, sizeof(field), "dates.%s", key);
		if (!json_is_string(item) && !json_is_null(item))
			return bad(r, field, "a string or null");
		int rc = article_set(r->a, field, json_string_value(item));
		if (rc == GALLEY_EINVALID) {
			snprintf(r->msg, r->msgsize,
			         "unknown date '%s' (use created, published, modified or embargo)", key);
			return rc;
		}
		if (rc)
			return rc;
	}
	return 0;
}

static int read_block(reader *r, const json_t *o, size_t i)
{
	char field[64];
	snprintf(field, sizeof(field), "body[%zu]", i);
	if (!json_is_object(o))
		return bad(r, field, "a map with type and text");
	const char *type = json_string_value(json_object_get(o, "type"));
	const char *text = json_string_value(json_object_get(o, "text"));
	json_t *tv = json_object_get(o, "text");
	if (!type || !article_block_type_valid(type)) {
		snprintf(r->msg, r->msgsize,
		         "%s.type must be paragraph, heading, quote, list, caption, image or embed",
		         field);
		return GALLEY_EINVALID;
	}
	if (tv && !json_is_string(tv) && !json_is_null(tv))
		return bad(r, field, "a map whose text is a string");
	int rc = article_block_insert(r->a, r->a->nblocks, type, text);
	if (rc)
		return rc;
	json_t *level = json_object_get(o, "level");
	if (level && (!json_is_integer(level) ||
	              article_block_set_level(r->a, i, (int)json_integer_value(level))))
		return bad(r, field, "a map whose level is an integer from 0 to 6");
	json_t *speaker = json_object_get(o, "speaker");
	if (speaker && !json_is_null(speaker)) {
		if (!json_is_string(speaker))
			return bad(r, field, "a map whose speaker is a string");
		return article_block_set(r->a, i, "speaker", json_string_value(speaker));
	}
	return 0;
}

static int read_list_of(reader *r, const json_t *o, const char *field,
                        int (*each)(reader *, const json_t *, size_t))
{
	json_t *v = json_object_get(o, field), *item;
	size_t i;
	if (!v || json_is_null(v))
		return 0;
	if (!is_list(v))
		return bad(r, field, "a list");
	json_array_foreach(v, i, item)
	{
		int rc = each(r, item, i);
		if (rc)
			return rc;
	}
	return 0;
}

static int read_media(reader *r, const json_t *o, size_t i)
{
	static const char *const fields[] = {"caption", "credit", "href", "alt", "mime", NULL};
	char field[64];
	snprintf(field, sizeof(field), "media[%zu]", i);
	const char *type = json_string_value(json_object_get(o, "type"));
	if (!json_is_object(o) || !type || !type[0])
		return bad(r, field, "a map with a type");
	int idx = article_media_add(r->a, type);
	if (idx < 0)
		return idx;
	for (int f = 0; fields[f]; f++) {
		json_t *v = json_object_get(o, fields[f]);
		if (!v || json_is_null(v))
			continue;
		if (!json_is_string(v))
			return bad(r, field, "a map of strings");
		int rc = article_media_set(r->a, (size_t)idx, fields[f], json_string_value(v));
		if (rc)
			return rc;
	}
	return 0;
}

static int read_entity(reader *r, const json_t *o, size_t i)
{
	char field[64];
	snprintf(field, sizeof(field), "entities[%zu]", i);
	const char *type = json_string_value(json_object_get(o, "type"));
	const char *name = json_string_value(json_object_get(o, "name"));
	const json_t *id = json_object_get(o, "id");
	if (!type || !name || (id && !json_is_string(id) && !json_is_null(id)))
		return bad(r, field, "a map with type and name strings (and an id string)");
	int rc = article_entity_add_id(r->a, type, name, json_string_value(id));
	return rc < 0 ? rc : 0;
}

static int read_extra(reader *r, const json_t *o)
{
	json_t *v = json_object_get(o, "extra");
	if (!v || json_is_null(v) || (json_is_object(v) && json_object_size(v) == 0))
		return 0;
	if (!json_is_object(v))
		return bad(r, "extra", "a map");
	r->a->extra = json_deep_copy(v);
	return r->a->extra ? 0 : GALLEY_ENOMEM;
}

static int check_keys(reader *r, const json_t *o)
{
	static const char *const known[] = {
		"id",       "source", "headline", "kicker", "standfirst", "bylines",  "section",
		"language", "dates",  "keywords", "body",   "media",      "entities", "extra", NULL};
	const char *key;
	json_t *v;
	json_object_foreach((json_t *)o, key, v)
	{
		int ok = 0;
		for (int i = 0; known[i] && !ok; i++)
			ok = strcmp(known[i], key) == 0;
		if (!ok) {
			snprintf(r->msg, r->msgsize,
			         "unknown article field '%s' (free-form data belongs under extra)", key);
			return GALLEY_EINVALID;
		}
	}
	return 0;
}

/* language, read as a string: a BCP 47 tag, kept in its conventional
 * case, as everywhere in the model (lang_tag.h). */
static int read_language(reader *r)
{
	if (!article_language_tag(r->a))
		return 0;
	snprintf(r->msg, r->msgsize,
	         "field 'language' must be a BCP 47 language tag such as 'en' or 'nb-NO', "
	         "not '%.80s'",
	         r->a->language);
	return GALLEY_EINVALID;
}

int article_from_json(const json_t *j, galley_article **out, char *msg, size_t msgsize)
{
	static const char *const strings[] = {"id",         "source",   "headline", "kicker",
	                                      "standfirst", "language", "section",  NULL};
	reader r = {article_new(), msg, msgsize};
	int rc = 0;
	msg[0] = '\0';
	if (!r.a)
		return GALLEY_ENOMEM;
	if (!json_is_object(j)) {
		snprintf(msg, msgsize, "an article must be a map");
		rc = GALLEY_EINVALID;
	}
	if (!rc)
		rc = check_keys(&r, j);
	for (int i = 0; !rc && strings[i]; i++)
		rc = read_string(&r, j, strings[i], strings[i]);
	if (!rc)
		rc = read_language(&r);
	if (!rc)
		rc = read_strlist(&r, j, "bylines");
	if (!rc)
		rc = read_strlist(&r, j, "keywords");
	if (!rc)
		rc = read_dates(&r, j);
	if (!rc)
		rc = read_list_of(&r, j, "body", read_block);
	if (!rc)
		rc = read_list_of(&r, j, "media", read_media);
	if (!rc)
		rc = read_list_of(&r, j, "entities", read_entity);
	if (!rc)
		rc = read_extra(&r, j);
	if (rc) {
		if (rc == GALLEY_ENOMEM)
			snprintf(msg, msgsize, "out of memory");
		article_free(r.a);
		return rc;
	}
	*out = r.a;
	return 0;
}
