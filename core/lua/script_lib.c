/* script_lib.c — the `galley` module for scripts.
 *
 *   galley.utf8.nfc(s), .lower(s), .upper(s)  Unicode-aware (utf8proc)
 *   galley.utf8.len(s)        number of characters; nil, byte of the error
 *                             position for text that is not UTF-8
 *   galley.utf8.sub(s, i [, j])  by characters, negative from the end
 *   galley.json.encode(v), galley.json.decode(s)  (keys sorted; null is
 *                             galley.null; lists keep galley.array)
 *   galley.slug(s)            the ASCII slug galley makes ids with
 *   galley.sha256(s)          hex digest
 *   galley.find_any(s, list)  i, start, end of the first plain string of
 *                             list found in s (script_pattern.c)
 *   galley.re                 PCRE2 (script_regex.c)
 * Every function raises a Lua error on bad input, which fails the article
 * with the script's line. */
#include <jansson.h>
#include <lauxlib.h>
#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "lua/script_article.h"
#include "lua/script_bridge.h"
#include "lua/script_lib.h"
#include "lua/script_pattern.h"
#include "lua/script_regex.h"
#include "base/slug.h"
#include "base/utf8.h"

static const char *checked_text(lua_State *L, int idx, size_t *len)
{
	const char *s = luaL_checklstring(L, idx, len);
	size_t bad;
	if (!utf8_valid(s, *len, &bad))
		luaL_error(L, "not valid UTF-8 (byte %d)", (int)bad + 1);
	return s;
}

/* utf8proc_map with options, pushed as a Lua string. */
static int push_mapped(lua_State *L, const char *s, size_t len, utf8proc_option_t opts)
{
	utf8proc_uint8_t *out = NULL;
	utf8proc_ssize_t n =
		utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, &out, opts);
	if (n < 0)
		return luaL_error(L, "%s", utf8proc_errmsg(n));
	lua_pushlstring(L, (const char *)out, (size_t)n);
	free(out);
	return 1;
}

static int u_nfc(lua_State *L)
{
	size_t len;
	const char *s = checked_text(L, 1, &len);
	return push_mapped(L, s, len, UTF8PROC_STABLE | UTF8PROC_COMPOSE);
}

/* Maps every code point with fn (tolower/toupper), keeping the rest. */
static int map_case(lua_State *L, utf8proc_int32_t (*fn)(utf8proc_int32_t))
{
	size_t len;
	const utf8proc_uint8_t *s = (const utf8proc_uint8_t *)checked_text(L, 1, &len);
	luaL_Buffer b;
	luaL_buffinit(L, &b);
	for (size_t i = 0; i < len;) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t step = utf8proc_iterate(s + i, (utf8proc_ssize_t)(len - i), &cp);
		utf8proc_uint8_t enc[4];
		luaL_addlstring(&b, (const char *)enc, (size_t)utf8proc_encode_char(fn(cp), enc));
		i += (size_t)step;
	}
	luaL_pushresult(&b);
	return 1;
}

static int u_lower(lua_State *L)
{
	return map_case(L, utf8proc_tolower);
}

static int u_upper(lua_State *L)
{
	return map_case(L, utf8proc_toupper);
}

static size_t count_chars(const char *s, size_t len)
{
	size_t n = 0;
	for (size_t i = 0; i < len; i++)
		n += ((unsigned char)s[i] & 0xC0) != 0x80;
	return n;
}

static int u_len(lua_State *L)
{
	size_t len, bad;
	const char *s = luaL_checklstring(L, 1, &len);
	if (!utf8_valid(s, len, &bad)) {
		lua_pushnil(L);
		lua_pushinteger(L, (lua_Integer)bad + 1);
		return 2;
	}
	lua_pushinteger(L, (lua_Integer)count_chars(s, len));
	return 1;
}

/* Byte offset of character k (0-based) of a valid UTF-8 string. */
static size_t offset_of(const char *s, size_t len, size_t k)
{
	size_t i = 0;
	while (i < len && k > 0) {
		i++;
		while (i < len && ((unsigned char)s[i] & 0xC0) == 0x80)
			i++;
		k--;
	}
	return i;
}

static int u_sub(lua_State *L)
{
	size_t len;
	const char *s = checked_text(L, 1, &len);
	lua_Integer n = (lua_Integer)count_chars(s, len);
	lua_Integer i = luaL_checkinteger(L, 2), j = luaL_optinteger(L, 3, -1);
	if (i < 0)
		i = n + i + 1 > 0 ? n + i + 1 : 1;
	else if (i == 0)
		i = 1;
	if (j < 0)
		j = n + j + 1;
	else if (j > n)
		j = n;
	if (i > j) {
		lua_pushliteral(L, "");
		return 1;
	}
	size_t from = offset_of(s, len, (size_t)i - 1);
	size_t to = offset_of(s + from, len - from, (size_t)(j - i + 1)) + from;
	lua_pushlstring(L, s + from, to - from);
	return 1;
}

static int j_encode(lua_State *L)
{
	char msg[256];
	luaL_checkany(L, 1);
	json_t *j = script_bridge_to_json(L, 1, msg, sizeof(msg));
	if (!j)
		return luaL_error(L, "cannot encode: %s", msg);
	char *s = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENCODE_ANY);
	json_decref(j);
	if (!s)
		return luaL_error(L, "out of memory");
	lua_pushstring(L, s);
	free(s);
	return 1;
}

static int j_decode(lua_State *L)
{
	size_t len;
	const char *s = luaL_checklstring(L, 1, &len);
	json_error_t e;
	json_t *j = json_loadb(s, len, JSON_DECODE_ANY | JSON_REJECT_DUPLICATES, &e);
	if (!j)
		return luaL_error(L, "cannot decode JSON: %s (line %d, column %d)", e.text, e.line,
		                  e.column);
	int rc = script_bridge_push(L, j);
	json_decref(j);
	if (rc)
		return luaL_error(L, "cannot decode JSON: nested too deeply");
	return 1;
}

static int g_slug(lua_State *L)
{
	size_t len;
	char *s = slug_make(checked_text(L, 1, &len));
	if (!s)
		return luaL_error(L, "out of memory");
	lua_pushstring(L, s);
	free(s);
	return 1;
}

static int g_sha256(lua_State *L)
{
	size_t len;
	const char *s = luaL_checklstring(L, 1, &len);
	unsigned char d[EVP_MAX_MD_SIZE];
	unsigned int n = 0;
	if (!EVP_Digest(s, len, d, &n, EVP_sha256(), NULL))
		return luaL_error(L, "sha256 failed");
	char hex[2 * EVP_MAX_MD_SIZE + 1];
	for (unsigned int i = 0; i < n; i++) {
		hex[2 * i] = "0123456789abcdef"[d[i] >> 4];
		hex[2 * i + 1] = "0123456789abcdef"[d[i] & 15];
	}
	lua_pushlstring(L, hex, 2 * (size_t)n);
	return 1;
}

void script_lib_open(lua_State *L)
{
	static const luaL_Reg utf8_fns[] = {{"nfc", u_nfc},     {"lower", u_lower}, {"upper", u_upper},
	                                    {"len", u_len},     {"sub", u_sub},     {NULL, NULL}};
	static const luaL_Reg json_fns[] = {{"encode", j_encode}, {"decode", j_decode}, {NULL, NULL}};
	script_bridge_open(L); /* the global galley with null and array */
	script_article_open(L);
	lua_getglobal(L, "galley");
	luaL_newlib(L, utf8_fns);
	lua_setfield(L, -2, "utf8");
	luaL_newlib(L, json_fns);
	lua_setfield(L, -2, "json");
	script_regex_open(L);
	lua_setfield(L, -2, "re");
	lua_pushcfunction(L, g_slug);
	lua_setfield(L, -2, "slug");
	lua_pushcfunction(L, g_sha256);
	lua_setfield(L, -2, "sha256");
	lua_pushcfunction(L, script_pattern_find_any);
	lua_setfield(L, -2, "find_any");
	lua_pop(L, 1);
}
