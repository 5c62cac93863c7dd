/* script_article_take.c — a Lua article table back into the model, strictly:
 * the canonical JSON's fields and types, UTF-8 text, no unknown keys.
 * One pass checks every field asked for and notes what differs from the
 * article (a string to set, a level, or "this list is made again"),
 * changing nothing, so a bad table leaves the article as it was; then
 * the notes are written.  A string equal to the one the article holds is
 * neither checked again nor copied: a body read and handed back with one
 * paragraph changed costs a comparison per block and one copy.  The Lua
 * strings a note points to stay alive in the table on the stack. */
#include <lauxlib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "base/lang_tag.h"
#include "lua/script_article.h"
#include "lua/script_bridge.h"
#include "base/utf8.h"

/* A change the check found: *slot = s (NULL: absent), or *level = value. */
typedef struct note {
	int field;
	char **slot;
	const char *s;
	size_t len;
	int *level, value;
} note;

#define NOTES_MAX 128 /* beyond: the field is written whole */

typedef struct taker {
	lua_State *L;
	galley_article *a;
	char *msg;
	size_t size;
	int apply;        /* 0: check and note; 1: write whole (the table was checked) */
	int field;        /* the field at hand */
	unsigned whole;   /* fields to write whole: made again, or too many notes */
	note notes[NOTES_MAX];
	size_t nnotes;
	json_t *extra;    /* extra as converted by the check, for the write */
	int keys;         /* stack index of the key strings (push_keys) */
	int block_keys;   /* stack index of a block's (script_article_push_keys) */
	const char *list; /* field NULL: the item list[item] */
	size_t item;
} taker;

/* The keys' Lua strings, found by their C literal's address: a table
 * read makes no string of its key (no hashing, no string-cache compare). */
static char keys_key;

static int push_keys(lua_State *L)
{
	if (lua_rawgetp(L, LUA_REGISTRYINDEX, &keys_key) == LUA_TTABLE)
		return lua_gettop(L);
	lua_pop(L, 1);
	lua_newtable(L);
	lua_pushvalue(L, -1);
	lua_rawsetp(L, LUA_REGISTRYINDEX, &keys_key);
	return lua_gettop(L);
}

/* t[key] without metamethods: reading a script's table runs none of its
 * code, so a crafted __index cannot loop or fail halfway through.  A
 * table without a metatable (the media items, entities and dates galley
 * made; blocks go by raw_block) is read with lua_getfield, which is raw
 * there and finds the key in Lua's cache of C strings: half the
 * instructions of a raw get. */
static int raw_key(lua_State *L, int keys, int idx, const char *key)
{
	idx = lua_absindex(L, idx);
	if (!lua_getmetatable(L, idx))
		return lua_getfield(L, idx, key);
	lua_pop(L, 1);
	if (lua_rawgetp(L, keys, key) == LUA_TNIL) {
		lua_pop(L, 1);
		lua_pushstring(L, key);
		lua_pushvalue(L, -1);
		lua_rawsetp(L, keys, key);
	}
	return lua_rawget(L, idx);
}

/* A field's name for a message: field, or (NULL) the list item at hand,
 * named only when there is something to say. */
static const char *name_of(const taker *t, const char *field, char buf[64])
{
	if (field)
		return field;
	snprintf(buf, 64, "%s[%zu]", t->list, t->item);
	return buf;
}

static int raw_field(taker *t, int idx, const char *key)
{
	return raw_key(t->L, t->keys, idx, key);
}

/* t[key] of a block, key one of SCRIPT_KEY_*: raw, by the key's string. */
static int raw_block(taker *t, int idx, int key)
{
	idx = lua_absindex(t->L, idx);
	lua_rawgeti(t->L, t->block_keys, key);
	return lua_rawget(t->L, idx);
}

static int bad(taker *t, const char *field, const char *want)
{
	char buf[64];
	snprintf(t->msg, t->size, "field '%s' must be %s", name_of(t, field, buf), want);
	return GALLEY_EINVALID;
}

static int is_absent(lua_State *L, int idx)
{
	return lua_isnil(L, idx) || script_bridge_is_null(L, idx);
}

static int same(const char *held, const char *s, size_t len)
{
	return held && strlen(held) == len && memcmp(held, s, len) == 0;
}

/* *slot = a copy of s[0..len) in the article's arena, or NULL for none. */
static int write_text(taker *t, char **slot, const char *s, size_t len)
{
	char *copy = s ? article_strndup(t->a, s, len) : NULL;
	if (s && !copy)
		return GALLEY_ENOMEM;
	*slot = copy;
	return 0;
}

static void add_note(taker *t, note n)
{
	if (t->whole & (1u << t->field))
		return; /* written whole anyway */
	if (t->nnotes == NOTES_MAX) {
		t->whole |= 1u << t->field;
		return;
	}
	n.field = t->field;
	t->notes[t->nnotes++] = n;
}

/* Writes *slot = s now (apply), or notes it for later. */
static int set_text(taker *t, char **slot, const char *s, size_t len)
{
	if (t->apply)
		return write_text(t, slot, s, len);
	add_note(t, (note){.slot = slot, .s = s, .len = len});
	return 0;
}

static int check_text(taker *t, const char *field, const char *s, size_t len)
{
	size_t at;
	if (strlen(s) == len && utf8_valid(s, len, &at))
		return 0;
	char buf[64];
	snprintf(t->msg, t->size, "field '%s' is not valid UTF-8 text (byte %zu)",
	         name_of(t, field, buf), strlen(s) != len ? strlen(s) : at);
	return GALLEY_EINVALID;
}

/* The value on top of the stack for *slot: a string, or absent (the slot
 * becomes absent_as: NULL, or "" for a block's text). */
static int put_text(taker *t, const char *field, char **slot, const char *absent_as)
{
	lua_State *L = t->L;
	if (is_absent(L, -1)) {
		if (absent_as ? *slot && !**slot : !*slot)
			return 0;
		return set_text(t, slot, absent_as, 0);
	}
	if (lua_type(L, -1) != LUA_TSTRING)
		return bad(t, field, "a string or null");
	size_t len;
	const char *s = lua_tolstring(L, -1, &len);
	if (same(*slot, s, len))
		return 0;
	if (t->apply)
		return write_text(t, slot, s, len);
	int rc = check_text(t, field, s, len);
	return rc ? rc : set_text(t, slot, s, len);
}

/* t[key] of the table at idx for *slot. */
static int take_string(taker *t, int idx, const char *key, const char *field, char **slot,
                       const char *absent_as)
{
	raw_field(t, idx, key);
	int rc = put_text(t, field, slot, absent_as);
	lua_pop(t->L, 1);
	return rc;
}

/* As take_string, for a block's key (SCRIPT_KEY_*). */
static int take_block_string(taker *t, int idx, int key, const char *field, char **slot,
                             const char *absent_as)
{
	raw_block(t, idx, key);
	int rc = put_text(t, field, slot, absent_as);
	lua_pop(t->L, 1);
	return rc;
}

/* A list: marked with galley.array, or keys exactly 1..n, or empty. */
static int list_length(lua_State *L, int idx, lua_Integer *n)
{
	if (lua_type(L, idx) != LUA_TTABLE)
		return 0;
	*n = (lua_Integer)lua_rawlen(L, idx);
	lua_Integer count = 0;
	lua_pushnil(L);
	while (lua_next(L, idx)) {
		lua_pop(L, 1);
		if (!lua_isinteger(L, -1) || lua_tointeger(L, -1) < 1 || lua_tointeger(L, -1) > *n) {
			lua_pop(L, 1);
			return 0;
		}
		count++;
	}
	return count == *n;
}

/* Pushes t[key] of the table at idx (its stack index in *top): a list of
 * n items, or absent (n = 0); else an error wanting want. */
static int open_list(taker *t, int idx, const char *key, const char *want, lua_Integer *n,
                     int *top)
{
	raw_field(t, idx, key);
	*top = lua_gettop(t->L);
	*n = 0;
	if (!is_absent(t->L, *top) && !list_length(t->L, *top, n))
		return bad(t, key, want);
	return 0;
}

/* The list of strings at idx equals l. */
static int same_list(lua_State *L, int idx, lua_Integer n, const strlist *l)
{
	if ((size_t)n != l->count)
		return 0;
	int eq = 1;
	for (lua_Integer i = 1; eq && i <= n; i++) {
		size_t len;
		lua_rawgeti(L, idx, i);
		const char *s = lua_type(L, -1) == LUA_TSTRING ? lua_tolstring(L, -1, &len) : NULL;
		eq = s && same(l->items[i - 1], s, len);
		lua_pop(L, 1);
	}
	return eq;
}

static int take_strlist(taker *t, int idx, const char *field, strlist *l)
{
	lua_State *L = t->L;
	int top;
	lua_Integer n;
	int rc = open_list(t, idx, field, "a list of strings", &n, &top);
	if (!rc && !t->apply) { /* a list of strings that differs is written whole */
		if (same_list(L, top, n, l))
			n = 0;
		else
			t->whole |= 1u << t->field;
	}
	if (!rc && t->apply)
		article_list_clear(t->a, field);
	for (lua_Integer i = 1; !rc && i <= n; i++) {
		lua_rawgeti(L, top, i);
		size_t len;
		const char *s = lua_type(L, -1) == LUA_TSTRING ? lua_tolstring(L, -1, &len) : NULL;
		if (!s)
			rc = bad(t, field, "a list of strings");
		else if (t->apply)
			rc = article_list_add(t->a, field, s);
		else
			rc = check_text(t, field, s, len);
		lua_pop(L, 1);
	}
	lua_settop(L, top - 1);
	return rc;
}

/* The first key of the table at idx that known() refuses: its name, or
 * its type's for a key that is not a string; NULL if none. */
static const char *unknown_key(lua_State *L, int idx, int (*known)(const char *k, size_t len))
{
	lua_pushnil(L);
	while (lua_next(L, idx)) {
		lua_pop(L, 1);
		size_t len = 0; /* "created\0x" is not "created": the length counts */
		const char *k = lua_type(L, -1) == LUA_TSTRING ? lua_tolstring(L, -1, &len) : NULL;
		if (!k || !known(k, len)) {
			const char *name = k ? k : luaL_typename(L, -1);
			lua_pop(L, 1); /* the name stays valid: the table holds the key */
			return name;
		}
	}
	return NULL;
}

static int is_date(const char *k, size_t len)
{
	for (int i = 0; i < DATE_COUNT; i++)
		if (strlen(article_date_names[i]) == len && memcmp(article_date_names[i], k, len) == 0)
			return 1;
	return 0;
}

static int is_field(const char *k, size_t len)
{
	return strlen(k) == len && article_field_index(k, len) >= 0;
}

static int unknown_dates(taker *t, int top)
{
	const char *k = unknown_key(t->L, top, is_date);
	if (!k)
		return 0;
	snprintf(t->msg, t->size, "unknown date '%s' (use created, published, modified or embargo)",
	         k);
	return GALLEY_EINVALID;
}

static int take_dates(taker *t, int idx)
{
	lua_State *L = t->L;
	raw_field(t, idx, "dates");
	int top = lua_gettop(L), rc = 0, table = lua_istable(L, top);
	if (!is_absent(L, top) && !table)
		rc = bad(t, "dates", "a map");
	for (int i = 0; !rc && i < DATE_COUNT; i++) {
		char field[32];
		snprintf(field, sizeof(field), "dates.%s", article_date_names[i]);
		if (table)
			rc = take_string(t, top, article_date_names[i], field, &t->a->dates.at[i], NULL);
		else if (t->a->dates.at[i]) /* no dates at all */
			rc = set_text(t, &t->a->dates.at[i], NULL, 0);
	}
	if (!rc && table && !t->apply)
		rc = unknown_dates(t, top);
	lua_settop(L, top - 1);
	return rc;
}

/* Item i (0-based) of a list of n being written: the n items exist once
 * the first is reached, made again when the count differs. */
typedef int (*item_fn)(taker *t, int idx, size_t i, const char *field);

static int block_type(taker *t, int idx, size_t i, const char *field, const char **type)
{
	raw_block(t, idx, SCRIPT_KEY_TYPE);
	*type = lua_type(t->L, -1) == LUA_TSTRING ? lua_tostring(t->L, -1) : NULL;
	lua_pop(t->L, 1); /* the table still holds the string */
	const block_list *body = &t->a->body;
	const char *held = i < body->count ? body->items[i].type : NULL;
	if (held && *type && strcmp(*type, held) == 0)
		return 0;
	if (!*type || !article_block_type_valid(*type)) {
		char buf[64];
		snprintf(t->msg, t->size,
		         "%s.type must be paragraph, heading, quote, list, caption, image or embed",
		         name_of(t, field, buf));
		return GALLEY_EINVALID;
	}
	return i < body->count ? set_text(t, &body->items[i].type, *type, strlen(*type)) : 0;
}

static int take_block(taker *t, int idx, size_t i, const char *field)
{
	lua_State *L = t->L;
	const char *type;
	int rc = block_type(t, idx, i, field, &type);
	/* no such block yet: the body is made again (whole), nothing is noted */
	block none = {0}, *b = i < t->a->body.count ? &t->a->body.items[i] : &none;
	if (!rc)
		rc = take_block_string(t, idx, SCRIPT_KEY_TEXT, field, &b->text, "");
	if (!rc)
		rc = take_block_string(t, idx, SCRIPT_KEY_SPEAKER, field, &b->speaker, NULL);
	if (rc)
		return rc;
	raw_block(t, idx, SCRIPT_KEY_LEVEL);
	int has_level = !lua_isnil(L, -1), ok = lua_isinteger(L, -1);
	lua_Integer level = ok ? lua_tointeger(L, -1) : 0;
	lua_pop(L, 1);
	if (has_level && (!ok || level < 0 || level > 6))
		return bad(t, field, "a map whose level is an integer from 0 to 6");
	int want = has_level ? (int)level : strcmp(type, "heading") == 0 ? 2 : 0;
	if (t->apply)
		b->level = want;
	else if (b->level != want)
		add_note(t, (note){.level = &b->level, .value = want});
	return 0;
}

/* The string fields of a record (media item, entity) at idx into r (a
 * placeholder when the list is made again): REQUIRED ones must be
 * strings, non-empty where nonempty says so. */
static int take_record(taker *t, int idx, const char *field, void *r, const record_field *fields,
                       size_t n, int nonempty, const char *want)
{
	int rc = 0;
	for (size_t f = 0; !rc && f < n; f++) {
		if (fields[f].presence != REC_REQUIRED)
			continue;
		raw_field(t, idx, fields[f].name);
		if (lua_type(t->L, -1) != LUA_TSTRING || (nonempty && lua_rawlen(t->L, -1) == 0))
			rc = bad(t, field, want);
		lua_pop(t->L, 1);
	}
	for (size_t f = 0; !rc && f < n; f++)
		rc = take_string(t, idx, fields[f].name, field, record_slot(r, &fields[f]), NULL);
	return rc;
}

static int take_media(taker *t, int idx, size_t i, const char *field)
{
	media none = {0}, *m = i < t->a->media.count ? &t->a->media.items[i] : &none;
	return take_record(t, idx, field, m, media_fields, MEDIA_NFIELDS, 1, "a map with a type");
}

static int take_entity(taker *t, int idx, size_t i, const char *field)
{
	entity none = {0}, *e = i < t->a->entities.count ? &t->a->entities.items[i] : &none;
	return take_record(t, idx, field, e, entity_fields, ENTITY_NFIELDS, 0,
	                   "a map with type and name strings");
}

/* Makes the list's n items anew, with placeholders the item functions
 * then overwrite: a block's type, a media's type, an entity's strings. */
static int remake(galley_article *a, int field, size_t n)
{
	int rc = 0;
	switch (article_fields[field].kind) {
	case AK_BODY:
		article_body_clear(a);
		for (size_t i = 0; !rc && i < n; i++)
			rc = article_block_insert(a, i, "paragraph", "");
		break;
	case AK_MEDIA:
		article_media_clear(a);
		for (size_t i = 0; !rc && i < n; i++)
			rc = article_media_add(a, "image") < 0 ? GALLEY_ENOMEM : 0;
		break;
	default:
		article_entities_clear(a);
		for (size_t i = 0; !rc && i < n; i++)
			rc = article_entity_add_id(a, "", "", NULL) < 0 ? GALLEY_ENOMEM : 0;
	}
	return rc;
}

/* The count of a list of records or blocks (field f). */
static size_t count_of(const galley_article *a, int f)
{
	const void *slot = article_slot(a, f);
	switch (article_fields[f].kind) {
	case AK_BODY: return ((const block_list *)slot)->count;
	case AK_MEDIA: return ((const media_list *)slot)->count;
	default: return ((const entity_list *)slot)->count;
	}
}

/* A list of maps, each handed to one(). */
static int take_items(taker *t, int idx, const char *key, item_fn one)
{
	lua_State *L = t->L;
	int top;
	lua_Integer n;
	int rc = open_list(t, idx, key, "a list", &n, &top);
	if (!rc && (size_t)n != count_of(t->a, t->field)) {
		if (t->apply)
			rc = remake(t->a, t->field, (size_t)n);
		else
			t->whole |= 1u << t->field; /* a list of another length is made again */
	}
	t->list = key;
	for (lua_Integer i = 1; !rc && i <= n; i++) {
		t->item = (size_t)(i - 1);
		lua_rawgeti(L, top, i);
		rc = lua_istable(L, -1) ? one(t, lua_gettop(L), t->item, NULL) : bad(t, NULL, "a map");
		lua_pop(L, 1);
	}
	lua_settop(L, top - 1);
	return rc;
}

/* extra: converted (and so checked) by the check, set with the notes. */
static int take_extra(taker *t, int idx)
{
	lua_State *L = t->L;
	raw_field(t, idx, "extra");
	int rc = 0;
	if (lua_istable(L, -1)) {
		lua_pushnil(L);
		int empty = !lua_next(L, -2);
		if (!empty)
			lua_pop(L, 2);
		if (!empty) {
			json_t *j = script_bridge_to_json(L, -1, t->msg, t->size);
			if (!j)
				rc = GALLEY_EINVALID;
			else if (!json_is_object(j)) {
				json_decref(j);
				rc = bad(t, "extra", "a map");
			} else {
				json_decref(t->extra);
				t->extra = j;
			}
		}
	} else if (!is_absent(L, -1)) {
		rc = bad(t, "extra", "a map");
	}
	lua_pop(L, 1);
	return rc;
}

static int check_keys(taker *t, int idx)
{
	const char *k = unknown_key(t->L, idx, is_field);
	if (!k)
		return 0;
	snprintf(t->msg, t->size, "unknown article field '%s' (free-form data belongs under extra)",
	         k);
	return GALLEY_EINVALID;
}

/* language: a string must be a BCP 47 tag (its case is made conventional
 * once written: script_article_take_into, article_language_tag). */
static int take_language(taker *t, int idx, const char *name, char **slot)
{
	lua_State *L = t->L;
	raw_field(t, idx, name);
	int rc = 0;
	if (lua_type(L, -1) == LUA_TSTRING) {
		size_t len;
		const char *s = lua_tolstring(L, -1, &len);
		char tag[LANG_TAG_MAX];
		rc = check_text(t, name, s, len);
		if (!rc && lang_tag_normalise(s, tag, sizeof(tag))) {
			snprintf(t->msg, t->size,
			         "field '%s' must be a BCP 47 language tag such as 'en' or "
			         "'nb-NO', not '%.80s'",
			         name, s);
			rc = GALLEY_EINVALID;
		}
	}
	if (!rc)
		rc = put_text(t, name, slot, NULL);
	lua_pop(L, 1);
	return rc;
}

/* A positive integer, or nil (0). */
static int take_int(taker *t, int idx, const char *name, int64_t *slot)
{
	lua_State *L = t->L;
	raw_field(t, idx, name);
	int rc = 0;
	if (lua_isnil(L, -1) || script_bridge_is_null(L, -1))
		*slot = 0;
	else if (lua_isinteger(L, -1) && lua_tointeger(L, -1) > 0)
		*slot = (int64_t)lua_tointeger(L, -1);
	else
		rc = bad(t, name, "a positive integer or null");
	lua_pop(L, 1);
	return rc;
}

static int take_field(taker *t, int idx, int f)
{
	const char *name = article_fields[f].name;
	void *slot = article_slot(t->a, f);
	switch (article_fields[f].kind) {
	case AK_STRING: return take_string(t, idx, name, name, slot, NULL);
	case AK_LANGUAGE: return take_language(t, idx, name, slot);
	case AK_INT: return take_int(t, idx, name, slot);
	case AK_STRLIST: return take_strlist(t, idx, name, slot);
	case AK_DATES: return take_dates(t, idx);
	case AK_BODY: return take_items(t, idx, name, take_block);
	case AK_MEDIA: return take_items(t, idx, name, take_media);
	case AK_ENTITIES: return take_items(t, idx, name, take_entity);
	case AK_EXTRA: return take_extra(t, idx);
	}
	return GALLEY_EINVALID;
}

static int is_scalar(int f)
{
	article_kind k = article_fields[f].kind;
	return k == AK_STRING || k == AK_INT || k == AK_LANGUAGE;
}

/* One pass over the fields in mask; strings first, as the JSON has them. */
static int pass(taker *t, int idx, unsigned mask)
{
	int rc = 0;
	for (int scalars = 1; scalars >= 0; scalars--)
		for (int f = 0; !rc && f < AF_COUNT; f++)
			if ((mask & (1u << f)) && is_scalar(f) == scalars) {
				t->field = f;
				rc = take_field(t, idx, f);
			}
	return rc;
}

/* Writes what the check noted: the notes of fields not written whole,
 * extra, then the fields written whole from the table again. */
static int write_notes(taker *t, int idx, unsigned mask)
{
	int rc = 0;
	for (size_t i = 0; !rc && i < t->nnotes; i++) {
		const note *n = &t->notes[i];
		if (t->whole & (1u << n->field))
			continue;
		if (n->level)
			*n->level = n->value;
		else
			rc = write_text(t, n->slot, n->s, n->len);
	}
	if (!rc && (mask & (1u << AF_EXTRA))) {
		json_decref(t->a->extra);
		t->a->extra = t->extra;
		t->extra = NULL;
	}
	t->apply = 1;
	return rc || !t->whole ? rc : pass(t, idx, t->whole & mask);
}

int script_article_take_into(lua_State *L, int idx, unsigned mask, galley_article *a, char *msg,
                          size_t size)
{
	idx = lua_absindex(L, idx);
	taker t = {.L = L, .a = a, .msg = msg, .size = size};
	msg[0] = '\0';
	int top = lua_gettop(L);
	int rc = lua_istable(L, idx) && lua_checkstack(L, 8) ? check_keys(&t, idx) : GALLEY_EINVALID;
	if (!rc) {
		t.keys = push_keys(L);
		t.block_keys = script_article_push_keys(L);
	}
	if (rc && !msg[0])
		snprintf(msg, size, "an article must be a table");
	if (!rc)
		rc = pass(&t, idx, mask);
	if (!rc)
		rc = write_notes(&t, idx, mask);
	if (!rc && (mask & (1u << AF_LANGUAGE)))
		article_language_tag(a); /* a tag (take_language), now in its case */
	json_decref(t.extra);
	lua_settop(L, top);
	if (rc == GALLEY_ENOMEM)
		snprintf(msg, size, "out of memory");
	return rc;
}

int script_article_take(lua_State *L, int idx, galley_article **out, char *msg, size_t size)
{
	*out = article_new();
	if (!*out) {
		snprintf(msg, size, "out of memory");
		return GALLEY_ENOMEM;
	}
	int rc = script_article_take_into(L, idx, AF_ALL, *out, msg, size);
	if (rc) {
		article_free(*out);
		*out = NULL;
	}
	return rc;
}
