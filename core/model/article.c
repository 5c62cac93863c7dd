/* article.c — the article model: creation, field access by name, blocks,
 * media, entities and extra.  Setters copy their input into the article's
 * arena, where a replaced string stays until the article is freed, so a
 * getter's borrowed pointer never dangles and freeing an article (often
 * on another thread than the one that built it) is a few frees, not one
 * per string.  Serialisation is in article_json.c. */
#include <stdlib.h>
#include <string.h>

#include "model/article.h"
#include "base/error.h"
#include "base/lang_tag.h"

#define DATE_NAME(e, name) name,
const char *const article_date_names[DATE_COUNT] = {ARTICLE_DATES(DATE_NAME)};

#define FIELD(e, name, kind, member, doc_type, doc_notes)                                      \
	{name, AK_##kind, offsetof(galley_article, member), doc_type, doc_notes},
const article_field article_fields[AF_COUNT] = {ARTICLE_FIELDS(FIELD)};

#define RECORD_FIELD(type, member, presence) {#member, offsetof(type, member), REC_##presence},
const record_field media_fields[MEDIA_NFIELDS] = {MEDIA_FIELDS(RECORD_FIELD)};
const record_field entity_fields[ENTITY_NFIELDS] = {ENTITY_FIELDS(RECORD_FIELD)};

const char *const article_block_types[ARTICLE_BLOCK_TYPES + 1] = {
	"paragraph", "heading", "quote", "list", "caption", "image", "embed", NULL};

/* field == name, inline: field names are short and these look-ups run for
 * every block of every article, where a call to strcmp costs more than
 * the comparison. */
static int is_name(const char *field, const char *name)
{
	while (*name && *field == *name)
		field++, name++;
	return *field == *name;
}

galley_article *article_new(void)
{
	return calloc(1, sizeof(galley_article));
}

static void strlist_release(strlist *l)
{
	free(l->items); /* the strings are the arena's */
	memset(l, 0, sizeof(*l));
}

/* Frees what a trace owns. */
static void trace_release(article_trace *t)
{
	free(t->failed_reason);
	free(t->failed_input);
	free(t->failed_data);
	free(t->log);
	memset(t, 0, sizeof(*t));
}

void article_free(galley_article *a)
{
	if (!a)
		return;
	arena_release(&a->ar);
	for (int f = 0; f < AF_COUNT; f++) {
		void *slot = article_slot(a, f);
		switch (article_fields[f].kind) {
		case AK_STRLIST: strlist_release(slot); break;
		case AK_BODY: free(((block_list *)slot)->items); break;
		case AK_MEDIA: free(((media_list *)slot)->items); break;
		case AK_ENTITIES: free(((entity_list *)slot)->items); break;
		case AK_EXTRA: json_decref(*(json_t **)slot); break;
		default: break; /* strings and dates are the arena's */
		}
	}
	trace_release(&a->run);
	free(a);
}

char *article_strndup(galley_article *a, const char *s, size_t n)
{
	return arena_strndup(&a->ar, s, n);
}

/* Points *slot at a copy of value in the article's arena (NULL clears);
 * the old string stays until the article is freed. */
static int replace(galley_article *a, char **slot, const char *value)
{
	char *copy = NULL;
	if (value && !(copy = arena_strdup(&a->ar, value)))
		return GALLEY_ENOMEM;
	*slot = copy;
	return 0;
}

int article_field_index(const char *name, size_t len)
{
	for (int f = 0; len && f < AF_COUNT; f++) {
		const char *n = article_fields[f].name;
		if (n[0] == name[0] && strncmp(n, name, len) == 0 && !n[len])
			return f;
	}
	return -1;
}

/* A string field's slot: one of the table's strings, or "dates.NAME". */
static char **string_slot(galley_article *a, const char *field)
{
	for (int f = 0; f < AF_COUNT; f++)
		if (is_name(field, article_fields[f].name)) {
			article_kind k = article_fields[f].kind;
			return k == AK_STRING || k == AK_LANGUAGE ? article_slot(a, f) : NULL;
		}
	if (strncmp(field, "dates.", 6) == 0)
		for (int i = 0; i < DATE_COUNT; i++)
			if (is_name(field + 6, article_date_names[i]))
				return &a->dates.at[i];
	return NULL;
}

/* An integer field's slot, or NULL. */
static int64_t *int_slot(galley_article *a, const char *field)
{
	for (int f = 0; f < AF_COUNT; f++)
		if (is_name(field, article_fields[f].name))
			return article_fields[f].kind == AK_INT ? article_slot(a, f) : NULL;
	return NULL;
}

int64_t article_get_int(const galley_article *a, const char *field)
{
	int64_t *slot = int_slot((galley_article *)a, field);
	return slot ? *slot : 0;
}

int article_set_int(galley_article *a, const char *field, int64_t value)
{
	int64_t *slot = int_slot(a, field);
	if (!slot || value < 0)
		return GALLEY_EINVALID;
	*slot = value;
	return 0;
}

const char *article_get(const galley_article *a, const char *field)
{
	char **slot = string_slot((galley_article *)a, field);
	return slot ? *slot : NULL;
}

int article_set(galley_article *a, const char *field, const char *value)
{
	char **slot = string_slot(a, field);
	return slot ? replace(a, slot, value) : GALLEY_EINVALID;
}

int article_language_tag(galley_article *a)
{
	char tag[LANG_TAG_MAX];
	if (!a->language)
		return 0;
	if (lang_tag_normalise(a->language, tag, sizeof(tag)))
		return 1;
	memcpy(a->language, tag, strlen(tag));
	return 0;
}

static strlist *list_slot(const galley_article *a, const char *field)
{
	for (int f = 0; f < AF_COUNT; f++)
		if (is_name(field, article_fields[f].name))
			return article_fields[f].kind == AK_STRLIST ? article_slot(a, f) : NULL;
	return NULL;
}

size_t article_list_count(const galley_article *a, const char *field)
{
	strlist *l = list_slot(a, field);
	return l ? l->count : 0;
}

const char *article_list_get(const galley_article *a, const char *field, size_t i)
{
	strlist *l = list_slot(a, field);
	return l && i < l->count ? l->items[i] : NULL;
}

/* Grows an array of elements of size elem so one more fits. */
static int grow(void **items, size_t *cap, size_t count, size_t elem)
{
	if (count < *cap)
		return 0;
	size_t ncap = *cap ? *cap * 2 : 8;
	void *p = realloc(*items, ncap * elem);
	if (!p)
		return GALLEY_ENOMEM;
	*items = p;
	*cap = ncap;
	return 0;
}

int article_list_add(galley_article *a, const char *field, const char *value)
{
	strlist *l = list_slot(a, field);
	if (!l || !value)
		return GALLEY_EINVALID;
	if (grow((void **)&l->items, &l->cap, l->count, sizeof(char *)))
		return GALLEY_ENOMEM;
	if (!(l->items[l->count] = arena_strdup(&a->ar, value)))
		return GALLEY_ENOMEM;
	l->count++;
	return 0;
}

int article_list_clear(galley_article *a, const char *field)
{
	strlist *l = list_slot(a, field);
	if (!l)
		return GALLEY_EINVALID;
	strlist_release(l);
	return 0;
}

void article_body_clear(galley_article *a)
{
	a->body.count = 0;
}

void article_media_clear(galley_article *a)
{
	a->media.count = 0;
}

void article_entities_clear(galley_article *a)
{
	a->entities.count = 0;
}

int article_block_type_index(const char *type)
{
	for (int i = 0; type && article_block_types[i]; i++)
		if (type == article_block_types[i] || is_name(type, article_block_types[i]))
			return i;
	return -1;
}

const char *article_block_type_name(const char *type)
{
	int i = article_block_type_index(type);
	return i < 0 ? NULL : article_block_types[i];
}

int article_block_type_valid(const char *type)
{
	return article_block_type_name(type) != NULL;
}

size_t article_block_count(const galley_article *a)
{
	return a->body.count;
}

static char **block_slot(block *b, const char *field)
{
	if (is_name(field, "text"))
		return &b->text;
	if (is_name(field, "type"))
		return &b->type;
	if (is_name(field, "speaker"))
		return &b->speaker;
	return NULL;
}

const char *article_block_get(const galley_article *a, size_t i, const char *field)
{
	if (i >= a->body.count)
		return NULL;
	char **slot = block_slot(&a->body.items[i], field);
	return slot ? *slot : NULL;
}

int article_block_set(galley_article *a, size_t i, const char *field, const char *value)
{
	if (i >= a->body.count)
		return GALLEY_EINVALID;
	char **slot = block_slot(&a->body.items[i], field);
	if (slot == &a->body.items[i].type) { /* one of the names, no copy */
		const char *name = article_block_type_name(value);
		if (name)
			*slot = (char *)name;
		return name ? 0 : GALLEY_EINVALID;
	}
	if (!slot)
		return GALLEY_EINVALID;
	if (slot == &a->body.items[i].text && !value)
		value = "";
	return replace(a, slot, value);
}

int article_block_level(const galley_article *a, size_t i)
{
	return i < a->body.count ? a->body.items[i].level : 0;
}

int article_block_set_level(galley_article *a, size_t i, int level)
{
	if (i >= a->body.count || level < 0 || level > 6)
		return GALLEY_EINVALID;
	a->body.items[i].level = level;
	return 0;
}

int article_block_insert(galley_article *a, size_t i, const char *type, const char *text)
{
	const char *name = article_block_type_name(type);
	if (i > a->body.count || !name)
		return GALLEY_EINVALID;
	if (grow((void **)&a->body.items, &a->body.cap, a->body.count, sizeof(block)))
		return GALLEY_ENOMEM;
	block b = {(char *)name, arena_strdup(&a->ar, text ? text : ""), NULL, 0};
	if (!b.text)
		return GALLEY_ENOMEM;
	if (is_name(name, "heading"))
		b.level = 2;
	memmove(&a->body.items[i + 1], &a->body.items[i], (a->body.count - i) * sizeof(block));
	a->body.items[i] = b;
	a->body.count++;
	return 0;
}

int article_block_remove(galley_article *a, size_t i)
{
	if (i >= a->body.count)
		return GALLEY_EINVALID;
	memmove(&a->body.items[i], &a->body.items[i + 1], (a->body.count - i - 1) * sizeof(block));
	a->body.count--;
	return 0;
}

size_t article_media_count(const galley_article *a)
{
	return a->media.count;
}

/* A record's string slot by name (media_fields, entity_fields), or NULL. */
static char **record_field_slot(const void *r, const record_field *fields, size_t n,
                                const char *field)
{
	for (size_t i = 0; field && i < n; i++)
		if (is_name(field, fields[i].name))
			return record_slot(r, &fields[i]);
	return NULL;
}

static char **media_slot(media *m, const char *field)
{
	return record_field_slot(m, media_fields, MEDIA_NFIELDS, field);
}

const char *article_media_get(const galley_article *a, size_t i, const char *field)
{
	if (i >= a->media.count)
		return NULL;
	char **slot = media_slot(&a->media.items[i], field);
	return slot ? *slot : NULL;
}

int article_media_set(galley_article *a, size_t i, const char *field, const char *value)
{
	if (i >= a->media.count)
		return GALLEY_EINVALID;
	char **slot = media_slot(&a->media.items[i], field);
	if (!slot || (slot == &a->media.items[i].type && !value))
		return GALLEY_EINVALID;
	return replace(a, slot, value);
}

int article_media_add(galley_article *a, const char *type)
{
	if (!type || !type[0])
		return GALLEY_EINVALID;
	if (grow((void **)&a->media.items, &a->media.cap, a->media.count, sizeof(media)))
		return GALLEY_ENOMEM;
	media m = {0};
	if (!(m.type = arena_strdup(&a->ar, type)))
		return GALLEY_ENOMEM;
	a->media.items[a->media.count] = m;
	return (int)a->media.count++;
}

int article_entity_add_id(galley_article *a, const char *type, const char *name, const char *id)
{
	if (!type || !name)
		return GALLEY_EINVALID;
	if (grow((void **)&a->entities.items, &a->entities.cap, a->entities.count, sizeof(entity)))
		return GALLEY_ENOMEM;
	entity e = {arena_strdup(&a->ar, type), arena_strdup(&a->ar, name),
	            id ? arena_strdup(&a->ar, id) : NULL};
	if (!e.type || !e.name || (id && !e.id))
		return GALLEY_ENOMEM;
	a->entities.items[a->entities.count] = e;
	return (int)a->entities.count++;
}

int article_entity_add(galley_article *a, const char *type, const char *name)
{
	int rc = article_entity_add_id(a, type, name, NULL);
	return rc < 0 ? rc : 0;
}

size_t article_entity_count(const galley_article *a)
{
	return a->entities.count;
}

const char *article_entity_get(const galley_article *a, size_t i, const char *field)
{
	if (i >= a->entities.count)
		return NULL;
	char **slot = record_field_slot(&a->entities.items[i], entity_fields, ENTITY_NFIELDS, field);
	return slot ? *slot : NULL;
}

const char *article_extra_get_string(const galley_article *a, const char *key)
{
	return json_string_value(json_object_get(a->extra, key));
}

int article_extra_set(galley_article *a, const char *key, json_t *value)
{
	if (!value)
		return GALLEY_ENOMEM;
	if (!a->extra && !(a->extra = json_object())) {
		json_decref(value);
		return GALLEY_ENOMEM;
	}
	return json_object_set_new(a->extra, key, value) ? GALLEY_ENOMEM : 0;
}

int article_extra_set_string(galley_article *a, const char *key, const char *value)
{
	if (!value) {
		if (a->extra)
			json_object_del(a->extra, key);
		return 0;
	}
	return article_extra_set(a, key, json_string(value));
}

int article_extra_set_int(galley_article *a, const char *key, const char *member, int64_t value)
{
	json_t *v = json_integer(value);
	if (!member || !v)
		return article_extra_set(a, key, v);
	json_t *obj = a->extra ? json_object_get(a->extra, key) : NULL;
	if (!json_is_object(obj) && article_extra_set(a, key, obj = json_object())) {
		json_decref(v);
		return GALLEY_ENOMEM;
	}
	return json_object_set_new(obj, member, v) ? GALLEY_ENOMEM : 0;
}

char *article_extra_get_json(const galley_article *a, const char *key)
{
	const json_t *v = a->extra ? json_object_get(a->extra, key) : NULL;
	return v ? json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY | JSON_PRESERVE_ORDER) : NULL;
}

int article_extra_set_json(galley_article *a, const char *key, const char *json)
{
	if (!json)
		return article_extra_set_string(a, key, NULL);
	json_t *v = json_loads(json, JSON_DECODE_ANY | JSON_REJECT_DUPLICATES, NULL);
	return v ? article_extra_set(a, key, v) : GALLEY_EINVALID;
}

void article_replace(galley_article *dst, galley_article *src)
{
	galley_article tmp = *dst;
	*dst = *src;
	*src = tmp;
	trace_release(&dst->run); /* the newcomer's own: none, in practice */
	dst->run = src->run;      /* its place in the run stays */
	memset(&src->run, 0, sizeof(src->run));
	article_free(src);
}

const char *article_pubstatus(const galley_article *a)
{
	return a->pubstatus ? a->pubstatus : "usable";
}

int article_check(const galley_article *a, char *msg, size_t size)
{
	static const char *const statuses[] = {"usable", "withheld", "canceled"};
	int known = 0;
	for (size_t i = 0; i < 3; i++)
		known |= strcmp(article_pubstatus(a), statuses[i]) == 0;
	if (!known) {
		snprintf(msg, size, "pubstatus '%.80s' is not usable, withheld or canceled",
		         a->pubstatus);
		return 1;
	}
	if (a->urgency > 9) {
		snprintf(msg, size, "urgency %lld is not 1 to 9", (long long)a->urgency);
		return 1;
	}
	return 0;
}
