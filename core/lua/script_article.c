/* script_article.c — the article model to Lua: each field's value, the whole
 * table, and the methods every article table has.  The rules are those of
 * the canonical JSON (article_json.c): the same fields, the same types, so
 * a script sees exactly what an exporter would write.  Back from Lua is
 * script_article_take.c; the live article of a transform, script_article_live.c. */
#include <lauxlib.h>
#include <stdio.h>
#include <string.h>

#include "base/error.h"
#include "lua/script_article.h"
#include "lua/script_bridge.h"

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
	script_bridge_mark_array(L);
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
		script_bridge_mark_array(L);
		lua_pushvalue(L, -1);
		lua_setfield(L, 1, "entities");
	}
	lua_insert(L, -2);
	lua_rawseti(L, -2, (lua_Integer)lua_rawlen(L, -2) + 1);
	return 0;
}

void script_article_push_methods(lua_State *L)
{
	static const luaL_Reg methods[] = {{"paragraphs", m_paragraphs},
	                                   {"text", m_text},
	                                   {"add_entity", m_add_entity},
	                                   {NULL, NULL}};
	luaL_newlib(L, methods);
}

void script_article_open(lua_State *L)
{
	luaL_newmetatable(L, ARTICLE_MT);
	script_article_push_methods(L);
	lua_setfield(L, -2, "__index");
	/* out of scripts' reach: galley sets this metatable on tables it
	 * makes, so a __gc slipped into it would become a finalizer */
	lua_pushliteral(L, ARTICLE_MT);
	lua_setfield(L, -2, "__metatable");
	lua_pop(L, 1);
	script_article_live_open(L);
}

/* ---- to Lua ---- */

/* A field without a value reads as nil, as a script expects (`if
 * article.section and …` works); galley.null stays for writing an
 * explicit null and inside extra's JSON. */
static void push_string(lua_State *L, const char *s)
{
	if (s) /* with its length: no look in Lua's cache of C strings */
		lua_pushlstring(L, s, strlen(s));
	else
		lua_pushnil(L);
}

static void push_list(lua_State *L, const strlist *l)
{
	lua_createtable(L, (int)l->count, 0);
	for (size_t i = 0; i < l->count; i++) {
		push_string(L, l->items[i]);
		lua_rawseti(L, -2, (lua_Integer)i + 1);
	}
	script_bridge_mark_array(L);
}

static void push_dates(lua_State *L, const galley_article *a)
{
	lua_createtable(L, 0, DATE_COUNT);
	for (int i = 0; i < DATE_COUNT; i++)
		if (a->dates.at[i]) {
			push_string(L, a->dates.at[i]);
			lua_setfield(L, -2, article_date_names[i]);
		}
}

static char keys_key; /* registry: the array of script_article_push_keys */

int script_article_push_keys(lua_State *L)
{
	if (lua_rawgetp(L, LUA_REGISTRYINDEX, &keys_key) == LUA_TTABLE)
		return lua_gettop(L);
	lua_pop(L, 1);
	static const char *const names[] = {"type", "text", "level", "speaker"};
	lua_createtable(L, SCRIPT_KEY_LAST, 0);
	for (int k = SCRIPT_KEY_TYPE; k <= SCRIPT_KEY_LAST; k++) {
		int type = k - SCRIPT_KEY_BLOCK_TYPE;
		lua_pushstring(L, type < 0 ? names[k - 1] : article_block_types[type]);
		lua_rawseti(L, -2, k);
	}
	lua_pushvalue(L, -1);
	lua_rawsetp(L, LUA_REGISTRYINDEX, &keys_key);
	return lua_gettop(L);
}

/* t[keys[key]] = s, with t on top of the stack. */
static void set_key_string(lua_State *L, int keys, int key, const char *s)
{
	lua_rawgeti(L, keys, key);
	push_string(L, s);
	lua_rawset(L, -3);
}

static void push_body(lua_State *L, const block_list *l)
{
	int keys = script_article_push_keys(L);
	lua_createtable(L, (int)l->count, 0);
	for (size_t i = 0; i < l->count; i++) {
		const block *b = &l->items[i];
		int type = article_block_type_index(b->type), level = b->level || type == ARTICLE_BLOCK_HEADING;
		lua_createtable(L, 0, 2 + level + (b->speaker != NULL));
		if (type >= 0) { /* the model lets no other in */
			lua_rawgeti(L, keys, SCRIPT_KEY_TYPE);
			lua_rawgeti(L, keys, SCRIPT_KEY_BLOCK_TYPE + type);
			lua_rawset(L, -3);
		} else {
			set_key_string(L, keys, SCRIPT_KEY_TYPE, b->type);
		}
		if (level) { /* a heading's 0 too */
			lua_rawgeti(L, keys, SCRIPT_KEY_LEVEL);
			lua_pushinteger(L, b->level);
			lua_rawset(L, -3);
		}
		set_key_string(L, keys, SCRIPT_KEY_TEXT, b->text);
		if (b->speaker)
			set_key_string(L, keys, SCRIPT_KEY_SPEAKER, b->speaker);
		lua_rawseti(L, -2, (lua_Integer)i + 1);
	}
	script_bridge_mark_array(L);
	lua_remove(L, keys);
}

/* A list of records (media, entities) as the record table says. */
static void push_records(lua_State *L, const void *items, size_t count, size_t elem,
                         const record_field *fields, size_t n)
{
	lua_createtable(L, (int)count, 0);
	for (size_t i = 0; i < count; i++) {
		const void *r = (const char *)items + i * elem;
		lua_createtable(L, 0, (int)n);
		for (size_t f = 0; f < n; f++) {
			const char *s = *record_slot(r, &fields[f]);
			if (!s && fields[f].presence == REC_OPTIONAL)
				continue;
			push_string(L, s);
			lua_setfield(L, -2, fields[f].name);
		}
		lua_rawseti(L, -2, (lua_Integer)i + 1);
	}
	script_bridge_mark_array(L);
}

int script_article_push_field(lua_State *L, const galley_article *a, int f)
{
	if (f < 0 || f >= AF_COUNT || !lua_checkstack(L, 8))
		return -1;
	const void *slot = article_slot(a, f);
	switch (article_fields[f].kind) {
	case AK_STRING:
	case AK_LANGUAGE: push_string(L, *(char *const *)slot); break;
	case AK_INT: {
		int64_t v = *(const int64_t *)slot;
		if (v > 0)
			lua_pushinteger(L, (lua_Integer)v);
		else
			lua_pushnil(L);
		break;
	}
	case AK_STRLIST: push_list(L, slot); break;
	case AK_DATES: push_dates(L, a); break;
	case AK_BODY: push_body(L, slot); break;
	case AK_MEDIA: {
		const media_list *l = slot;
		push_records(L, l->items, l->count, sizeof(media), media_fields, MEDIA_NFIELDS);
		break;
	}
	case AK_ENTITIES: {
		const entity_list *l = slot;
		push_records(L, l->items, l->count, sizeof(entity), entity_fields, ENTITY_NFIELDS);
		break;
	}
	case AK_EXTRA: {
		json_t *extra = *(json_t *const *)slot;
		if (!extra)
			lua_newtable(L);
		else if (script_bridge_push(L, extra))
			return -1;
		break;
	}
	}
	return 0;
}

int script_article_push(lua_State *L, const galley_article *a)
{
	if (!lua_checkstack(L, 8))
		return -1;
	lua_createtable(L, 0, AF_COUNT);
	for (int f = 0; f < AF_COUNT; f++) {
		if (script_article_push_field(L, a, f)) {
			lua_pop(L, 1);
			return -1;
		}
		lua_setfield(L, -2, article_fields[f].name);
	}
	luaL_setmetatable(L, ARTICLE_MT);
	return 0;
}
