/* script_bridge.c — conversions between jansson values and Lua values. */
#include <lauxlib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lua/script_bridge.h"
#include "base/utf8.h"

#define BRIDGE_MAX_DEPTH 100

static const char null_sentinel = 0;
#define ARRAY_MT "galley.array"

static int mark_array(lua_State *L)
{
	luaL_checktype(L, 1, LUA_TTABLE);
	lua_settop(L, 1);
	luaL_setmetatable(L, ARRAY_MT);
	return 1;
}

int script_bridge_is_null(lua_State *L, int idx)
{
	return lua_touserdata(L, idx) == &null_sentinel && lua_islightuserdata(L, idx);
}

void script_bridge_mark_array(lua_State *L)
{
	luaL_setmetatable(L, ARRAY_MT);
}

void script_bridge_open(lua_State *L)
{
	luaL_newmetatable(L, ARRAY_MT);
	/* out of scripts' reach: galley sets it on tables it makes, so a __gc
	 * slipped into it would become a finalizer no budget could stop */
	lua_pushliteral(L, ARRAY_MT);
	lua_setfield(L, -2, "__metatable");
	lua_pop(L, 1);
	lua_newtable(L);
	lua_pushlightuserdata(L, (void *)&null_sentinel);
	lua_setfield(L, -2, "null");
	lua_pushcfunction(L, mark_array);
	lua_setfield(L, -2, "array");
	lua_setglobal(L, "galley");
}

static int push(lua_State *L, const json_t *v, int depth)
{
	if (depth > BRIDGE_MAX_DEPTH || !lua_checkstack(L, 4))
		return -1;
	switch (json_typeof(v)) {
	case JSON_OBJECT: {
		lua_createtable(L, 0, (int)json_object_size(v));
		const char *key;
		json_t *item;
		json_object_foreach((json_t *)v, key, item)
		{
			if (push(L, item, depth + 1)) {
				lua_pop(L, 1);
				return -1;
			}
			lua_setfield(L, -2, key);
		}
		return 0;
	}
	case JSON_ARRAY: {
		lua_createtable(L, (int)json_array_size(v), 0);
		size_t i;
		json_t *item;
		json_array_foreach(v, i, item)
		{
			if (push(L, item, depth + 1)) {
				lua_pop(L, 1);
				return -1;
			}
			lua_rawseti(L, -2, (lua_Integer)i + 1);
		}
		luaL_setmetatable(L, ARRAY_MT);
		return 0;
	}
	case JSON_STRING:
		lua_pushlstring(L, json_string_value(v), json_string_length(v));
		return 0;
	case JSON_INTEGER:
		lua_pushinteger(L, (lua_Integer)json_integer_value(v));
		return 0;
	case JSON_REAL:
		lua_pushnumber(L, json_real_value(v));
		return 0;
	case JSON_TRUE:
	case JSON_FALSE:
		lua_pushboolean(L, json_is_true(v));
		return 0;
	case JSON_NULL:
		lua_pushlightuserdata(L, (void *)&null_sentinel);
		return 0;
	}
	return -1;
}

int script_bridge_push(lua_State *L, const json_t *v)
{
	return push(L, v, 0);
}

void script_bridge_push_yaml(lua_State *L, const ynode *n)
{
	luaL_checkstack(L, 4, "settings nested too deep");
	if (n->kind == YNODE_SEQ) {
		lua_createtable(L, (int)n->count, 0);
		for (size_t i = 0; i < n->count; i++) {
			script_bridge_push_yaml(L, n->items[i]);
			lua_rawseti(L, -2, (lua_Integer)i + 1);
		}
		luaL_setmetatable(L, ARRAY_MT);
		return;
	}
	if (n->kind == YNODE_MAP) {
		lua_createtable(L, 0, (int)n->count);
		for (size_t i = 0; i < n->count; i++) {
			script_bridge_push_yaml(L, ynode_value(n, i));
			lua_setfield(L, -2, ynode_key(n, i)->value);
		}
		return;
	}
	const char *s = n->value;
	char *end;
	long long v = strtoll(s, &end, 10);
	if (n->plain && s[0] && !*end)
		lua_pushinteger(L, v);
	else if (n->plain && (strcmp(s, "true") == 0 || strcmp(s, "false") == 0))
		lua_pushboolean(L, s[0] == 't');
	else if (n->plain && (strcmp(s, "null") == 0 || strcmp(s, "~") == 0 || !s[0]))
		lua_pushlightuserdata(L, (void *)&null_sentinel);
	else
		lua_pushstring(L, s);
}

typedef struct conv {
	char *msg;
	size_t size;
	char where[256];
} conv;

static json_t *fail(conv *c, const char *what)
{
	snprintf(c->msg, c->size, "%s%s%s", c->where[0] ? c->where : "", c->where[0] ? ": " : "",
	         what);
	return NULL;
}

static json_t *convert(lua_State *L, int idx, conv *c, int depth);

/* Appends a key to the "where" path and restores it afterwards. */
static json_t *convert_at(lua_State *L, int idx, conv *c, int depth, const char *key,
                          lua_Integer pos)
{
	size_t len = strlen(c->where);
	if (key)
		snprintf(c->where + len, sizeof(c->where) - len, "%s%s", len ? "." : "", key);
	else
		snprintf(c->where + len, sizeof(c->where) - len, "[%lld]", (long long)pos);
	json_t *v = convert(L, idx, c, depth + 1);
	if (v)
		c->where[len] = '\0';
	return v;
}

/* Why a key cannot name a JSON member, or NULL: a NUL byte would cut it
 * short (and two keys could become one), and JSON text is UTF-8. */
static const char *key_problem(const char *key, size_t len)
{
	if (memchr(key, '\0', len))
		return "holds a NUL byte";
	if (!utf8_valid(key, len, NULL))
		return "is not valid UTF-8";
	return NULL;
}

/* The message names the key by its valid start, at most 60 bytes. */
static json_t *fail_key(conv *c, const char *key, size_t len, const char *problem)
{
	size_t shown = strlen(key), bad;
	if (!utf8_valid(key, shown, &bad))
		shown = bad;
	if (shown > 60) /* not within a character */
		for (shown = 60; shown > 0 && ((unsigned char)key[shown] & 0xC0) == 0x80; shown--)
			;
	char what[160];
	snprintf(what, sizeof(what), "the key \"%.*s%s\" %s", (int)shown, key,
	         shown < len ? "..." : "", problem);
	return fail(c, what);
}

static int is_array(lua_State *L, int idx, lua_Integer *n)
{
	if (lua_getmetatable(L, idx)) {
		luaL_getmetatable(L, ARRAY_MT);
		int marked = lua_rawequal(L, -1, -2);
		lua_pop(L, 2);
		if (marked) {
			*n = (lua_Integer)lua_rawlen(L, idx);
			return 1;
		}
	}
	/* unmarked: an array when the keys are exactly 1..n, n > 0 */
	lua_Integer count = 0, max = 0;
	lua_pushnil(L);
	while (lua_next(L, idx)) {
		lua_pop(L, 1);
		if (!lua_isinteger(L, -1) || lua_tointeger(L, -1) < 1) {
			lua_pop(L, 1);
			return 0;
		}
		lua_Integer k = lua_tointeger(L, -1);
		max = k > max ? k : max;
		count++;
	}
	*n = count;
	return count > 0 && count == max;
}

static json_t *convert_table(lua_State *L, int idx, conv *c, int depth)
{
	lua_Integer n;
	if (is_array(L, idx, &n)) {
		json_t *arr = json_array();
		for (lua_Integer i = 1; arr && i <= n; i++) {
			lua_rawgeti(L, idx, i);
			json_t *v = convert_at(L, lua_gettop(L), c, depth, NULL, i);
			lua_pop(L, 1);
			if (!v || json_array_append_new(arr, v)) {
				json_decref(arr);
				return NULL;
			}
		}
		return arr;
	}
	json_t *obj = json_object();
	lua_pushnil(L);
	while (obj && lua_next(L, idx)) {
		if (lua_type(L, -2) != LUA_TSTRING) {
			lua_pop(L, 2);
			json_decref(obj);
			return fail(c, "a table mixes list items and named keys");
		}
		size_t klen;
		const char *key = lua_tolstring(L, -2, &klen), *bad = key_problem(key, klen);
		json_t *v = bad ? NULL : convert_at(L, lua_gettop(L), c, depth, key, 0);
		lua_pop(L, 1);
		if (!v || json_object_set_new_nocheck(obj, key, v)) {
			lua_pop(L, 1);
			json_decref(obj);
			return bad ? fail_key(c, key, klen, bad) : v ? fail(c, "out of memory") : NULL;
		}
	}
	return obj;
}

static json_t *convert(lua_State *L, int idx, conv *c, int depth)
{
	if (depth > BRIDGE_MAX_DEPTH || !lua_checkstack(L, 6))
		return fail(c, "nested too deeply (or a table contains itself)");
	switch (lua_type(L, idx)) {
	case LUA_TNIL:
		return json_null();
	case LUA_TBOOLEAN:
		return json_boolean(lua_toboolean(L, idx));
	case LUA_TNUMBER:
		if (lua_isinteger(L, idx))
			return json_integer((json_int_t)lua_tointeger(L, idx));
		if (!isfinite(lua_tonumber(L, idx)))
			return fail(c, "NaN and infinity have no JSON form");
		return json_real(lua_tonumber(L, idx));
	case LUA_TSTRING: {
		size_t len;
		const char *s = lua_tolstring(L, idx, &len);
		json_t *v = json_stringn(s, len);
		return v ? v : fail(c, "string is not valid UTF-8");
	}
	case LUA_TLIGHTUSERDATA:
		if (lua_touserdata(L, idx) == &null_sentinel)
			return json_null();
		break;
	case LUA_TTABLE:
		return convert_table(L, idx, c, depth);
	}
	char what[96];
	snprintf(what, sizeof(what), "a %s cannot be stored in an article", luaL_typename(L, idx));
	return fail(c, what);
}

json_t *script_bridge_to_json(lua_State *L, int idx, char *msg, size_t size)
{
	conv c = {msg, size, ""};
	return convert(L, lua_absindex(L, idx), &c, 0);
}
