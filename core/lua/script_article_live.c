/* script_article_live.c — the article a transform's process() receives: a
 * table whose fields cross from the model when the script first reads
 * them.  One article is live per Lua state at a time.  Its metatable's
 * __index brings a field in and keeps it in the table, so the next read is
 * a plain one; __newindex notes a field written before it was read;
 * __pairs brings every field in first.  What the script read or wrote is
 * a bit mask: the fields script_article_take_into reads back.  When the call
 * ends the table is let go: it keeps what it holds, and reading any other
 * field is an error, never the memory of an article gone by. */
#include <lauxlib.h>

#include "lua/script_article.h"

typedef struct live {
	const galley_article *a; /* NULL: none live */
	unsigned fields;         /* bit f: field f was read or written */
} live;

/* registry keys (their addresses) */
static char live_key, live_mt_key, gone_mt_key;

/* f for a field name at idx (the map: name -> f), or -1. */
static int field_of(lua_State *L, int idx, int map)
{
	lua_pushvalue(L, idx);
	int f = lua_rawget(L, map) == LUA_TNUMBER ? (int)lua_tointeger(L, -1) : -1;
	lua_pop(L, 1);
	return f;
}

static int method(lua_State *L, int key, int methods)
{
	lua_pushvalue(L, key);
	if (lua_rawget(L, methods) != LUA_TNIL)
		return 1;
	lua_pop(L, 1);
	return 0;
}

/* Brings field f into the table at idx (the live one). */
static void bring(lua_State *L, live *lv, int idx, int f)
{
	if (script_article_push_field(L, lv->a, f))
		luaL_error(L, "article field '%s' is nested too deeply for Lua", article_fields[f].name);
	lua_pushstring(L, article_fields[f].name);
	lua_pushvalue(L, -2);
	lua_rawset(L, idx);
	lv->fields |= 1u << f;
}

/* __index(t, k): upvalues live, methods, field map. */
static int live_index(lua_State *L)
{
	if (method(L, 2, lua_upvalueindex(2)))
		return 1;
	live *lv = lua_touserdata(L, lua_upvalueindex(1));
	int f = field_of(L, 2, lua_upvalueindex(3));
	if (f < 0 || (lv->fields & (1u << f)))
		return 0; /* not a field, or one the script cleared */
	if (!lv->a)
		return luaL_error(L, "article field '%s' is no longer available", article_fields[f].name);
	bring(L, lv, 1, f);
	return 1;
}

/* __newindex(t, k, v): upvalues live, field map. */
static int live_newindex(lua_State *L)
{
	live *lv = lua_touserdata(L, lua_upvalueindex(1));
	int f = field_of(L, 2, lua_upvalueindex(2));
	if (f >= 0)
		lv->fields |= 1u << f;
	lua_settop(L, 3);
	lua_rawset(L, 1);
	return 0;
}

static int raw_next(lua_State *L)
{
	luaL_checktype(L, 1, LUA_TTABLE);
	lua_settop(L, 2);
	if (lua_next(L, 1))
		return 2;
	lua_pushnil(L);
	return 1;
}

/* __pairs(t): every field first, then a raw walk. */
static int live_pairs(lua_State *L)
{
	if (script_article_is_live(L, 1))
		script_article_live_fill(L);
	lua_pushcfunction(L, raw_next);
	lua_pushvalue(L, 1);
	lua_pushnil(L);
	return 3;
}

/* __index of an article let go: upvalues methods, field map. */
static int gone_index(lua_State *L)
{
	if (method(L, 2, lua_upvalueindex(1)))
		return 1;
	int f = field_of(L, 2, lua_upvalueindex(2));
	if (f < 0)
		return 0;
	return luaL_error(L,
	                  "article field '%s' was not read during the process() call that received "
	                  "this article, and is gone now: read it during that call",
	                  article_fields[f].name);
}

static void new_metatable(lua_State *L, void *key)
{
	lua_newtable(L);
	lua_pushliteral(L, "galley.article"); /* as script_article_open's: out of scripts' reach */
	lua_setfield(L, -2, "__metatable");
	lua_pushvalue(L, -1);
	lua_rawsetp(L, LUA_REGISTRYINDEX, key);
}

void script_article_live_open(lua_State *L)
{
	live *lv = lua_newuserdatauv(L, sizeof(live), 1);
	lv->a = NULL;
	lv->fields = 0;
	int ud = lua_gettop(L);
	lua_pushvalue(L, ud);
	lua_rawsetp(L, LUA_REGISTRYINDEX, &live_key);
	script_article_push_methods(L);
	int methods = lua_gettop(L);
	lua_createtable(L, 0, AF_COUNT);
	int map = lua_gettop(L);
	for (int f = 0; f < AF_COUNT; f++) {
		lua_pushinteger(L, f);
		lua_setfield(L, map, article_fields[f].name);
	}
	new_metatable(L, &live_mt_key);
	lua_pushvalue(L, ud);
	lua_pushvalue(L, methods);
	lua_pushvalue(L, map);
	lua_pushcclosure(L, live_index, 3);
	lua_setfield(L, -2, "__index");
	lua_pushvalue(L, ud);
	lua_pushvalue(L, map);
	lua_pushcclosure(L, live_newindex, 2);
	lua_setfield(L, -2, "__newindex");
	lua_pushcfunction(L, live_pairs);
	lua_setfield(L, -2, "__pairs");
	lua_pop(L, 1);
	new_metatable(L, &gone_mt_key);
	lua_pushvalue(L, methods);
	lua_pushvalue(L, map);
	lua_pushcclosure(L, gone_index, 2);
	lua_setfield(L, -2, "__index");
	lua_settop(L, ud - 1);
}

static live *live_of(lua_State *L)
{
	lua_rawgetp(L, LUA_REGISTRYINDEX, &live_key);
	live *lv = lua_touserdata(L, -1);
	lua_pop(L, 1); /* the registry keeps it */
	return lv;
}

void script_article_push_live(lua_State *L, const galley_article *a)
{
	script_article_let_go(L);
	lua_createtable(L, 0, AF_COUNT);
	lua_rawgetp(L, LUA_REGISTRYINDEX, &live_mt_key);
	lua_setmetatable(L, -2);
	lua_rawgetp(L, LUA_REGISTRYINDEX, &live_key);
	lua_pushvalue(L, -2);
	lua_setiuservalue(L, -2, 1);
	live *lv = lua_touserdata(L, -1);
	lua_pop(L, 1);
	lv->a = a;
	lv->fields = 0;
}

int script_article_is_live(lua_State *L, int idx)
{
	idx = lua_absindex(L, idx);
	lua_rawgetp(L, LUA_REGISTRYINDEX, &live_key);
	live *lv = lua_touserdata(L, -1);
	int is = 0;
	if (lv && lv->a) {
		lua_getiuservalue(L, -1, 1);
		is = lua_rawequal(L, idx, -1);
		lua_pop(L, 1);
	}
	lua_pop(L, 1);
	return is;
}

unsigned script_article_live_fields(lua_State *L)
{
	live *lv = live_of(L);
	return lv && lv->a ? lv->fields : 0;
}

void script_article_live_fill(lua_State *L)
{
	lua_rawgetp(L, LUA_REGISTRYINDEX, &live_key);
	live *lv = lua_touserdata(L, -1);
	if (!lv || !lv->a) {
		lua_pop(L, 1);
		return;
	}
	lua_getiuservalue(L, -1, 1);
	int t = lua_gettop(L);
	for (int f = 0; f < AF_COUNT; f++)
		if (!(lv->fields & (1u << f))) {
			bring(L, lv, t, f);
			lua_pop(L, 1);
		}
	lua_pop(L, 2);
}

void script_article_let_go(lua_State *L)
{
	lua_rawgetp(L, LUA_REGISTRYINDEX, &live_key);
	live *lv = lua_touserdata(L, -1);
	if (lv && lv->a) {
		lua_getiuservalue(L, -1, 1);
		lua_rawgetp(L, LUA_REGISTRYINDEX, &gone_mt_key);
		lua_setmetatable(L, -2);
		lua_pop(L, 1);
		lua_pushnil(L);
		lua_setiuservalue(L, -2, 1);
		lv->a = NULL;
		lv->fields = 0;
	}
	lua_pop(L, 1);
}

int script_article_take_result(lua_State *L, int result, int arg, galley_article *a, char *msg,
                            size_t size)
{
	int back = lua_istable(L, result) ? result : arg;
	unsigned fields = script_article_is_live(L, back) ? script_article_live_fields(L) : AF_ALL;
	return script_article_take_into(L, back, fields, a, msg, size);
}
