/* lua_article.c — the article model to a Lua table and back.  The rules
 * are those of the canonical JSON (article_json.c): the same fields, the
 * same types, the same strictness, so a script sees exactly what an
 * exporter would write. */
#include <lauxlib.h>
#include <stdio.h>
#include <string.h>

#include "error.h"
#include "lua_article.h"
#include "lua_bridge.h"
#include "utf8.h"

#define ARTICLE_MT "galley.article"

/* ---- methods (the article table's metatable) ---- */

/* article:paragraphs() -> list of the body's paragraph blocks (the same
 * tables: editing one edits the article). */
static int m_paragraphs(lua_State *L)
{
	luaL_checktype(L, 1, LUA_TTABLE);
	lua_getfield(L, 1, "body");
	lua_newtable(L);
	lua_Integer n = 0;
	for (lua_Integer i = 1; lua_istable(L, -2) && lua_rawgeti(L, -2, i) != LUA_TNIL; i++) {
		lua_getfield(L, -1, "type");
		int para = lua_type(L, -1) == LUA_TSTRING && strcmp(lua_tostring(L, -1), "paragraph") == 0;
		lua_pop(L, 1);
		if (para)
			lua_rawseti(L, -2, ++n);
		else
			lua_pop(L, 1);
	}
	lua_pop(L, 1); /* the nil that ended the walk */
	lua_bridge_mark_array(L);
	return 1;
}

static void add_text(lua_State *L, luaL_Buffer *b, int *first)
{
	if (lua_type(L, -1) == LUA_TSTRING && lua_rawlen(L, -1) > 0) {
		if (!*first)
			luaL_addstring(b, "\n\n");
		*first = 0;
		luaL_addvalue(b);
	} else {
		lua_pop(L, 1);
	}
}

/* article:text() -> headline, standfirst and every block's text, separated
 * by blank lines: the plain text to count, search or summarise. */
static int m_text(lua_State *L)
{
	luaL_checktype(L, 1, LUA_TTABLE);
	luaL_Buffer b;
	int first = 1;
	lua_getfield(L, 1, "body");
	int body = lua_gettop(L);
	luaL_buffinit(L, &b);
	lua_getfield(L, 1, "headline");
	add_text(L, &b, &first);
	lua_getfield(L, 1, "standfirst");
	add_text(L, &b, &first);
	for (lua_Integer i = 1; lua_istable(L, body); i++) {
		if (lua_rawgeti(L, body, i) != LUA_TTABLE) {
			lua_pop(L, 1);
			break;
		}
		lua_getfield(L, -1, "text");
		lua_remove(L, -2);
		add_text(L, &b, &first);
	}
	luaL_pushresult(&b);
	return 1;
}

/* article:add_entity{type = "person", name = "Erik Lind"} */
static int m_add_entity(lua_State *L)
{
	luaL_checktype(L, 1, LUA_TTABLE);
	luaL_checktype(L, 2, LUA_TTABLE);
	lua_getfield(L, 2, "type");
	lua_getfield(L, 2, "name");
	luaL_argcheck(L, lua_type(L, -2) == LUA_TSTRING && lua_type(L, -1) == LUA_TSTRING, 2,
	              "an entity needs type and name strings");
	lua_createtable(L, 0, 2);
	lua_insert(L, -3);
	lua_setfield(L, -3, "name");
	lua_setfield(L, -2, "type");
	if (lua_getfield(L, 1, "entities") != LUA_TTABLE) {
		lua_pop(L, 1);
		lua_newtable(L);
		lua_bridge_mark_array(L);
		lua_pushvalue(L, -1);
		lua_setfield(L, 1, "entities");
	}
	lua_insert(L, -2);
	lua_rawseti(L, -2, (lua_Integer)lua_rawlen(L, -2) + 1);
	return 0;
}

void lua_article_open(lua_State *L)
{
	static const luaL_Reg methods[] = {{"paragraphs", m_paragraphs},
	                                   {"text", m_text},
	                                   {"add_entity", m_add_entity},
	                                   {NULL, NULL}};
	luaL_newmetatable(L, ARTICLE_MT);
	luaL_newlib(L, methods);
	lua_setfield(L, -2, "__index");
	/* out of scripts' reach: galley sets this metatable on tables it
	 * makes, so a __gc slipped into it would become a finalizer */
	lua_pushliteral(L, ARTICLE_MT);
	lua_setfield(L, -2, "__metatable");
	lua_pop(L, 1);
}

/* ---- to Lua ---- */

static void set_string(lua_State *L, const char *key, const char *s)
{
	if (s)
		lua_pushstring(L, s);
	else
		lua_bridge_push_null(L);
	lua_setfield(L, -2, key);
}

static void set_list(lua_State *L, const char *key, const strlist *l)
{
	lua_createtable(L, (int)l->count, 0);
	for (size_t i = 0; i < l->count; i++) {
		lua_pushstring(L, l->items[i]);
		lua_rawseti(L, -2, (lua_Integer)i + 1);
	}
	lua_bridge_mark_array(L);
	lua_setfield(L, -2, key);
}

static void set_dates(lua_State *L, const galley_article *a)
{
	lua_createtable(L, 0, DATE_COUNT);
	for (int i = 0; i < DATE_COUNT; i++)
		if (a->dates[i]) {
			lua_pushstring(L, a->dates[i]);
			lua_setfield(L, -2, article_date_names[i]);
		}
	lua_setfield(L, -2, "dates");
}

static void set_body(lua_State *L, const galley_article *a)
{
	lua_createtable(L, (int)a->nblocks, 0);
	for (size_t i = 0; i < a->nblocks; i++) {
		const block *b = &a->blocks[i];
		lua_createtable(L, 0, 4);
		lua_pushstring(L, b->type);
		lua_setfield(L, -2, "type");
		if (b->level || strcmp(b->type, "heading") == 0) { /* a heading's 0 too */
			lua_pushinteger(L, b->level);
			lua_setfield(L, -2, "level");
		}
		set_string(L, "text", b->text);
		if (b->speaker)
			set_string(L, "speaker", b->speaker);
		lua_rawseti(L, -2, (lua_Integer)i + 1);
	}
	lua_bridge_mark_array(L);
	lua_setfield(L, -2, "body");
}

static void set_media(lua_State *L, const galley_article *a)
{
	lua_createtable(L, (int)a->nmedia, 0);
	for (size_t i = 0; i < a->nmedia; i++) {
		const media *m = &a->media[i];
		lua_createtable(L, 0, 6);
		set_string(L, "type", m->type);
		set_string(L, "caption", m->caption);
		set_string(L, "credit", m->credit);
		set_string(L, "href", m->href);
		if (m->alt)
			set_string(L, "alt", m->alt);
		if (m->mime)
			set_string(L, "mime", m->mime);
		lua_rawseti(L, -2, (lua_Integer)i + 1);
	}
	lua_bridge_mark_array(L);
	lua_setfield(L, -2, "media");
}

static void set_entities(lua_State *L, const galley_article *a)
{
	lua_createtable(L, (int)a->nentities, 0);
	for (size_t i = 0; i < a->nentities; i++) {
		lua_createtable(L, 0, 2);
		set_string(L, "type", a->entities[i].type);
		set_string(L, "name", a->entities[i].name);
		if (a->entities[i].id)
			set_string(L, "id", a->entities[i].id);
		lua_rawseti(L, -2, (lua_Integer)i + 1);
	}
	lua_bridge_mark_array(L);
	lua_setfield(L, -2, "entities");
}

int lua_article_push(lua_State *L, const galley_article *a)
{
	if (!lua_checkstack(L, 8))
		return -1;
	lua_createtable(L, 0, 14);
	set_string(L, "id", a->id);
	set_string(L, "source", a->source);
	set_string(L, "headline", a->headline);
	set_string(L, "kicker", a->kicker);
	set_string(L, "standfirst", a->standfirst);
	set_list(L, "bylines", &a->bylines);
	set_string(L, "section", a->section);
	set_string(L, "language", a->language);
	set_dates(L, a);
	set_list(L, "keywords", &a->keywords);
	set_body(L, a);
	set_media(L, a);
	set_entities(L, a);
	if (a->extra) {
		if (lua_bridge_push(L, a->extra)) {
			lua_pop(L, 1);
			return -1;
		}
	} else {
		lua_newtable(L);
	}
	lua_setfield(L, -2, "extra");
	luaL_setmetatable(L, ARTICLE_MT);
	return 0;
}

/* ---- from Lua ---- */

typedef struct taker {
	lua_State *L;
	galley_article *a;
	char *msg;
	size_t size;
} taker;

/* t[key] without metamethods: reading a script's table runs none of its
 * code, so a crafted __index cannot loop or fail halfway through. */
static int raw_field(lua_State *L, int idx, const char *key)
{
	idx = lua_absindex(L, idx);
	lua_pushstring(L, key);
	return lua_rawget(L, idx);
}

static int bad(taker *t, const char *field, const char *want)
{
	snprintf(t->msg, t->size, "field '%s' must be %s", field, want);
	return GALLEY_EINVALID;
}

static int is_absent(lua_State *L, int idx)
{
	return lua_isnil(L, idx) || lua_bridge_is_null(L, idx);
}

/* The string at the top of the stack, checked; NULL with msg set. */
static const char *text_at(taker *t, const char *field, int *rc)
{
	size_t len, at;
	if (lua_type(t->L, -1) != LUA_TSTRING) {
		*rc = bad(t, field, "a string or null");
		return NULL;
	}
	const char *s = lua_tolstring(t->L, -1, &len);
	if (strlen(s) != len || !utf8_valid(s, len, &at)) {
		snprintf(t->msg, t->size, "field '%s' is not valid UTF-8 text (byte %zu)", field,
		         strlen(s) != len ? strlen(s) : at);
		*rc = GALLEY_EINVALID;
		return NULL;
	}
	return s;
}

/* t[key] of the table at idx into the article's field (absent: empty). */
static int take_string(taker *t, int idx, const char *key, const char *field)
{
	int rc = 0;
	raw_field(t->L, idx, key);
	if (!is_absent(t->L, -1)) {
		const char *s = text_at(t, field, &rc);
		if (s)
			rc = article_set(t->a, field, s);
	}
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

static int take_strlist(taker *t, int idx, const char *field)
{
	lua_State *L = t->L;
	raw_field(L, idx, field);
	int top = lua_gettop(L), rc = 0;
	lua_Integer n = 0;
	if (!is_absent(L, top) && !list_length(L, top, &n))
		rc = bad(t, field, "a list of strings");
	for (lua_Integer i = 1; !rc && i <= n; i++) {
		lua_rawgeti(L, top, i);
		const char *s = lua_type(L, -1) == LUA_TSTRING ? text_at(t, field, &rc) : NULL;
		if (!s && !rc)
			rc = bad(t, field, "a list of strings");
		if (s)
			rc = article_list_add(t->a, field, s);
		lua_pop(L, 1);
	}
	lua_settop(L, top - 1);
	return rc;
}

static int take_dates(taker *t, int idx)
{
	lua_State *L = t->L;
	raw_field(L, idx, "dates");
	int top = lua_gettop(L), rc = 0;
	if (!is_absent(L, top) && lua_type(L, top) != LUA_TTABLE)
		rc = bad(t, "dates", "a map");
	for (int i = 0; !rc && i < DATE_COUNT && lua_istable(L, top); i++) {
		char field[32];
		snprintf(field, sizeof(field), "dates.%s", article_date_names[i]);
		rc = take_string(t, top, article_date_names[i], field);
	}
	/* any other key is a date galley does not know */
	if (!rc && lua_istable(L, top)) {
		lua_pushnil(L);
		while (!rc && lua_next(L, top)) {
			lua_pop(L, 1);
			const char *k = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : NULL;
			int known = 0;
			for (int i = 0; k && i < DATE_COUNT; i++)
				known |= strcmp(k, article_date_names[i]) == 0;
			if (!known) {
				snprintf(t->msg, t->size,
				         "unknown date '%s' (use created, published, modified or embargo)",
				         k ? k : "?");
				rc = GALLEY_EINVALID;
				lua_pop(L, 1);
			}
		}
	}
	lua_settop(L, top - 1);
	return rc;
}

/* An optional string of a list item (at idx) as a C string or NULL. */
static const char *item_string(taker *t, int idx, const char *key, const char *field, int *rc)
{
	raw_field(t->L, idx, key);
	const char *s = is_absent(t->L, -1) ? NULL : text_at(t, field, rc);
	lua_pop(t->L, 1); /* s stays valid: the table still holds the string */
	return s;
}

static int take_block(taker *t, int idx, const char *field)
{
	lua_State *L = t->L;
	int rc = 0;
	raw_field(L, idx, "type");
	const char *type = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : NULL;
	lua_pop(L, 1);
	if (!type || !article_block_type_valid(type)) {
		snprintf(t->msg, t->size,
		         "%s.type must be paragraph, heading, quote, list, caption, image or embed",
		         field);
		return GALLEY_EINVALID;
	}
	const char *text = item_string(t, idx, "text", field, &rc);
	const char *speaker = rc ? NULL : item_string(t, idx, "speaker", field, &rc);
	if (rc)
		return rc;
	size_t i = t->a->nblocks;
	if ((rc = article_block_insert(t->a, i, type, text)))
		return rc;
	raw_field(L, idx, "level");
	int has_level = !lua_isnil(L, -1), ok = lua_isinteger(L, -1);
	lua_Integer level = ok ? lua_tointeger(L, -1) : 0;
	lua_pop(L, 1);
	if (has_level && (!ok || level < 0 || level > 6 ||
	                  article_block_set_level(t->a, i, (int)level)))
		return bad(t, field, "a map whose level is an integer from 0 to 6");
	return speaker ? article_block_set(t->a, i, "speaker", speaker) : 0;
}

static int take_media(taker *t, int idx, const char *field)
{
	static const char *const fields[] = {"caption", "credit", "href", "alt", "mime", NULL};
	int rc = 0;
	const char *type = item_string(t, idx, "type", field, &rc);
	if (rc || !type || !type[0])
		return rc ? rc : bad(t, field, "a map with a type");
	int m = article_media_add(t->a, type);
	if (m < 0)
		return m;
	for (int f = 0; !rc && fields[f]; f++) {
		const char *v = item_string(t, idx, fields[f], field, &rc);
		if (v)
			rc = article_media_set(t->a, (size_t)m, fields[f], v);
	}
	return rc;
}

static int take_entity(taker *t, int idx, const char *field)
{
	int rc = 0;
	const char *type = item_string(t, idx, "type", field, &rc);
	const char *name = rc ? NULL : item_string(t, idx, "name", field, &rc);
	const char *id = rc ? NULL : item_string(t, idx, "id", field, &rc);
	if (rc || !type || !name)
		return rc ? rc : bad(t, field, "a map with type and name strings");
	rc = article_entity_add_id(t->a, type, name, id);
	return rc < 0 ? rc : 0;
}

/* A list of maps, each handed to one(). */
static int take_items(taker *t, int idx, const char *key,
                      int (*one)(taker *, int, const char *))
{
	lua_State *L = t->L;
	raw_field(L, idx, key);
	int top = lua_gettop(L), rc = 0;
	lua_Integer n = 0;
	if (!is_absent(L, top) && !list_length(L, top, &n))
		rc = bad(t, key, "a list");
	for (lua_Integer i = 1; !rc && i <= n; i++) {
		char field[64];
		snprintf(field, sizeof(field), "%s[%lld]", key, (long long)(i - 1));
		lua_rawgeti(L, top, i);
		rc = lua_istable(L, -1) ? one(t, lua_gettop(L), field)
		                        : bad(t, field, "a map");
		lua_pop(L, 1);
	}
	lua_settop(L, top - 1);
	return rc;
}

static int take_extra(taker *t, int idx)
{
	lua_State *L = t->L;
	raw_field(L, idx, "extra");
	int rc = 0;
	if (lua_istable(L, -1)) {
		lua_pushnil(L);
		int empty = !lua_next(L, -2);
		if (!empty)
			lua_pop(L, 2);
		if (!empty) {
			json_t *j = lua_bridge_to_json(L, -1, t->msg, t->size);
			if (!j)
				rc = GALLEY_EINVALID;
			else if (!json_is_object(j)) {
				json_decref(j);
				rc = bad(t, "extra", "a map");
			} else {
				json_decref(t->a->extra);
				t->a->extra = j;
			}
		}
	} else if (!is_absent(L, -1)) {
		rc = bad(t, "extra", "a map");
	}
	lua_pop(L, 1);
	return rc;
}

static const char *const known[] = {"id",       "source",   "headline", "kicker", "standfirst",
                                    "bylines",  "section",  "language", "dates",  "keywords",
                                    "body",     "media",    "entities", "extra",  NULL};

static int check_keys(taker *t, int idx)
{
	lua_State *L = t->L;
	lua_pushnil(L);
	while (lua_next(L, idx)) {
		lua_pop(L, 1);
		const char *k = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : NULL;
		int ok = 0;
		for (int i = 0; k && known[i] && !ok; i++)
			ok = strcmp(known[i], k) == 0;
		if (!ok) {
			snprintf(t->msg, t->size,
			         "unknown article field '%s' (free-form data belongs under extra)",
			         k ? k : luaL_typename(L, -1));
			lua_pop(L, 1);
			return GALLEY_EINVALID;
		}
	}
	return 0;
}

int lua_article_take(lua_State *L, int idx, galley_article **out, char *msg, size_t size)
{
	static const char *const strings[] = {"id",         "source",   "headline", "kicker",
	                                      "standfirst", "language", "section",  NULL};
	idx = lua_absindex(L, idx);
	taker t = {L, article_new(), msg, size};
	msg[0] = '\0';
	*out = t.a; /* the caller's to free if a Lua error cuts this short */
	if (!t.a)
		return GALLEY_ENOMEM;
	int rc = lua_istable(L, idx) && lua_checkstack(L, 8) ? check_keys(&t, idx) : GALLEY_EINVALID;
	if (rc && !msg[0])
		snprintf(msg, size, "an article must be a table");
	for (int i = 0; !rc && strings[i]; i++)
		rc = take_string(&t, idx, strings[i], strings[i]);
	if (!rc)
		rc = take_strlist(&t, idx, "bylines");
	if (!rc)
		rc = take_strlist(&t, idx, "keywords");
	if (!rc)
		rc = take_dates(&t, idx);
	if (!rc)
		rc = take_items(&t, idx, "body", take_block);
	if (!rc)
		rc = take_items(&t, idx, "media", take_media);
	if (!rc)
		rc = take_items(&t, idx, "entities", take_entity);
	if (!rc)
		rc = take_extra(&t, idx);
	if (rc) {
		if (rc == GALLEY_ENOMEM)
			snprintf(msg, size, "out of memory");
		article_free(t.a);
		*out = NULL;
		return rc;
	}
	return 0;
}
