/* article_json.c — an article from its canonical JSON form (a jansson
 * tree), strictly: a wrong type is an error naming the field, never a
 * silent skip.  The way out is article_dump.c (bytes) and article_walk.c
 * (a walk of the values). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/article.h"
#include "base/error.h"

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

/* An absent or null integer field leaves it 0 (null). */
static int read_int(reader *r, const json_t *o, const char *field)
{
	json_t *v = json_object_get(o, field);
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_integer(v) || json_integer_value(v) < 1)
		return bad(r, field, "a positive integer or null");
	return article_set_int(r->a, field, json_integer_value(v));
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
	int rc = article_block_insert(r->a, r->a->body.count, type, text);
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

/* The string fields of a record o (media item or entity) into r: a
 * REQUIRED one must be a non-empty string (caller: the message). */
static int read_record(reader *r, const json_t *o, void *rec, const record_field *fields,
                       size_t n, const char *field, const char *want)
{
	for (size_t f = 0; f < n; f++) {
		json_t *v = json_object_get(o, fields[f].name);
		if (fields[f].presence == REC_REQUIRED && !json_string_value(v))
			return bad(r, field, want);
		if (!v || json_is_null(v))
			continue;
		if (!json_is_string(v))
			return bad(r, field, want);
		char *copy = article_strndup(r->a, json_string_value(v), json_string_length(v));
		if (!copy)
			return GALLEY_ENOMEM;
		*record_slot(rec, &fields[f]) = copy;
	}
	return 0;
}

static int read_media(reader *r, const json_t *o, size_t i)
{
	char field[64];
	snprintf(field, sizeof(field), "media[%zu]", i);
	const char *type = json_string_value(json_object_get(o, "type"));
	if (!json_is_object(o) || !type || !type[0])
		return bad(r, field, "a map with a type");
	int idx = article_media_add(r->a, type);
	if (idx < 0)
		return idx;
	return read_record(r, o, &r->a->media.items[idx], media_fields, MEDIA_NFIELDS, field,
	                   "a map of strings");
}

static int read_entity(reader *r, const json_t *o, size_t i)
{
	char field[64];
	snprintf(field, sizeof(field), "entities[%zu]", i);
	const char *want = "a map with type and name strings (and an id string)";
	if (!json_is_object(o))
		return bad(r, field, want);
	int idx = article_entity_add_id(r->a, "", "", NULL);
	if (idx < 0)
		return idx;
	return read_record(r, o, &r->a->entities.items[idx], entity_fields, ENTITY_NFIELDS, field,
	                   want);
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
	const char *key;
	json_t *v;
	json_object_foreach((json_t *)o, key, v)
	{
		if (article_field_index(key, strlen(key)) < 0) {
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

/* Field f from o, by its kind. */
static int read_field(reader *r, const json_t *o, int f)
{
	const char *name = article_fields[f].name;
	switch (article_fields[f].kind) {
	case AK_STRING: return read_string(r, o, name, name);
	case AK_INT: return read_int(r, o, name);
	case AK_LANGUAGE: {
		int rc = read_string(r, o, name, name);
		return rc ? rc : read_language(r);
	}
	case AK_STRLIST: return read_strlist(r, o, name);
	case AK_DATES: return read_dates(r, o);
	case AK_BODY: return read_list_of(r, o, name, read_block);
	case AK_MEDIA: return read_list_of(r, o, name, read_media);
	case AK_ENTITIES: return read_list_of(r, o, name, read_entity);
	case AK_EXTRA: return read_extra(r, o);
	}
	return GALLEY_EINVALID;
}

static int is_scalar(int f)
{
	article_kind k = article_fields[f].kind;
	return k == AK_STRING || k == AK_INT || k == AK_LANGUAGE;
}

int article_from_json(const json_t *j, galley_article **out, char *msg, size_t msgsize)
{
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
	/* the scalars first, then the lists and maps */
	for (int pass = 0; pass < 2; pass++)
		for (int f = 0; !rc && f < AF_COUNT; f++)
			if (is_scalar(f) == !pass)
				rc = read_field(&r, j, f);
	if (rc) {
		if (rc == GALLEY_ENOMEM)
			snprintf(msg, msgsize, "out of memory");
		article_free(r.a);
		return rc;
	}
	*out = r.a;
	return 0;
}
