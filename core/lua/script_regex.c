/* script_regex.c — galley.re for Lua scripts: PCRE2 with UTF-8 and Unicode
 * properties always on, so \w, \b and (?i) know Å from A.
 *
 *   galley.re.find(s, pattern [, init])   -> start, end, captures...
 *   galley.re.match(s, pattern [, init])  -> captures (or the whole match)
 *   galley.re.gmatch(s, pattern)          -> iterator of what match returns
 *   galley.re.gsub(s, pattern, repl [, n]) -> new string, count
 *
 * Positions are byte positions, 1-based, as in Lua's string library.  A
 * pattern with named groups gives its captures as one table instead
 * (t[1..n] and t.name).  In a replacement string, %0-%9 are captures,
 * %{name} a named one, %% a percent sign; repl may also be a table (looked
 * up with the whole match) or a function (called with the captures).
 * Options go inline: (?i) caseless, (?m) multiline, (?s) dot-all, (?x).
 * Compiled patterns are cached per Lua state (up to RE_CACHE_MAX), JIT-
 * compiled where PCRE2 can.  Every match runs under match, depth and heap
 * limits (bounds.h): a pattern that backtracks catastrophically fails
 * with an error naming it, and each call is charged to the script's
 * instruction budget by the length it scans. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <lauxlib.h>
#include <pcre2.h>
#include <stdio.h>
#include <string.h>

#include "base/bounds.h"
#include "lua/script_regex.h"
#include "lua/script_limits.h"

#define RE_CACHE "galley.re.cache"
#define RE_CODE "galley.re.code"
#define RE_CACHE_MAX 256

typedef struct re_code {
	pcre2_code *code;
	pcre2_match_data *md;
	pcre2_match_context *mc; /* the limits */
	uint32_t ncaps, nnames;
	char shown[72]; /* the pattern, cut short, for messages */
} re_code;

static int code_gc(lua_State *L)
{
	re_code *r = luaL_checkudata(L, 1, RE_CODE);
	pcre2_match_data_free(r->md);
	pcre2_match_context_free(r->mc);
	pcre2_code_free(r->code);
	r->md = NULL;
	r->mc = NULL;
	r->code = NULL;
	return 0;
}

/* The compiled pattern for the string at pat_idx, from the cache.  Its
 * userdata is left on the stack, so it lives as long as the caller runs
 * even if a nested call empties the cache. */
static re_code *compiled(lua_State *L, int pat_idx)
{
	size_t len;
	const char *pat = luaL_checklstring(L, pat_idx, &len);
	lua_getfield(L, LUA_REGISTRYINDEX, RE_CACHE);
	lua_pushvalue(L, pat_idx);
	if (lua_rawget(L, -2) == LUA_TUSERDATA) {
		lua_remove(L, -2);
		return lua_touserdata(L, -1);
	}
	lua_pop(L, 1); /* stack: cache */
	int err;
	PCRE2_SIZE off;
	pcre2_code *code = pcre2_compile((PCRE2_SPTR)pat, len, PCRE2_UTF | PCRE2_UCP, &err, &off, NULL);
	if (!code) {
		PCRE2_UCHAR msg[256];
		pcre2_get_error_message(err, msg, sizeof(msg));
		luaL_error(L, "bad pattern '%s': %s at offset %d", pat, (char *)msg, (int)off);
	}
	pcre2_jit_compile(code, PCRE2_JIT_COMPLETE); /* optional: PCRE2 falls back */
	re_code *r = lua_newuserdatauv(L, sizeof(*r), 0);
	r->code = code;
	r->md = pcre2_match_data_create_from_pattern(code, NULL);
	r->mc = pcre2_match_context_create(NULL);
	if (r->mc) {
		pcre2_set_match_limit(r->mc, GALLEY_RE_MATCH_LIMIT);
		pcre2_set_depth_limit(r->mc, GALLEY_RE_DEPTH_LIMIT);
		pcre2_set_heap_limit(r->mc, GALLEY_RE_HEAP_LIMIT_KB);
	}
	snprintf(r->shown, sizeof(r->shown), len > 64 ? "%.64s..." : "%s", pat);
	pcre2_pattern_info(code, PCRE2_INFO_CAPTURECOUNT, &r->ncaps);
	pcre2_pattern_info(code, PCRE2_INFO_NAMECOUNT, &r->nnames);
	luaL_setmetatable(L, RE_CODE);
	if (!r->md || !r->mc)
		luaL_error(L, "out of memory");
	/* stack: cache ud.  A full cache is emptied rather than grown. */
	lua_getfield(L, LUA_REGISTRYINDEX, RE_CACHE "n");
	lua_Integer n = lua_tointeger(L, -1) + 1;
	lua_pop(L, 1);
	if (n > RE_CACHE_MAX) {
		lua_newtable(L);
		lua_pushvalue(L, -1);
		lua_setfield(L, LUA_REGISTRYINDEX, RE_CACHE);
		lua_replace(L, -3); /* stack: newcache ud */
		n = 1;
	}
	lua_pushinteger(L, n);
	lua_setfield(L, LUA_REGISTRYINDEX, RE_CACHE "n");
	lua_pushvalue(L, pat_idx);
	lua_pushvalue(L, -2);
	lua_rawset(L, -4); /* cache[pattern] = ud */
	lua_remove(L, -2); /* stack: ud */
	return r;
}

/* Runs the pattern at byte offset start; 1 on a match, 0 on none.  A
 * JIT stack too small for the pattern falls back to the interpreter,
 * which the depth and heap limits bound instead. */
static int exec(lua_State *L, re_code *r, const char *s, size_t len, size_t start, uint32_t opts)
{
	script_limits_charge(L, 1 + (int64_t)(len - start) / 16);
	int rc = pcre2_match(r->code, (PCRE2_SPTR)s, len, start, opts, r->md, r->mc);
	if (rc == PCRE2_ERROR_JIT_STACKLIMIT)
		rc = pcre2_match(r->code, (PCRE2_SPTR)s, len, start, opts | PCRE2_NO_JIT, r->md, r->mc);
	if (rc == PCRE2_ERROR_NOMATCH)
		return 0;
	if (rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_DEPTHLIMIT ||
	    rc == PCRE2_ERROR_HEAPLIMIT)
		return luaL_error(L,
		                  "pattern '%s' backtracks too much on this text (stopped at "
		                  "PCRE2's %s limit); make it more specific, e.g. avoid nested "
		                  "repeats like (a+)+",
		                  r->shown,
		                  rc == PCRE2_ERROR_MATCHLIMIT ? "match"
		                  : rc == PCRE2_ERROR_DEPTHLIMIT ? "depth" : "heap");
	if (rc < 0) {
		PCRE2_UCHAR msg[256];
		pcre2_get_error_message(rc, msg, sizeof(msg));
		return luaL_error(L, "pattern '%s': match failed: %s", r->shown, (char *)msg);
	}
	return 1;
}

static void push_capture(lua_State *L, re_code *r, const char *s, uint32_t i)
{
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(r->md);
	if (ov[2 * i] == PCRE2_UNSET)
		lua_pushboolean(L, 0); /* a group that took no part, as in string.match */
	else
		lua_pushlstring(L, s + ov[2 * i], ov[2 * i + 1] - ov[2 * i]);
}

/* Pushes what match() returns; the number of values pushed. */
static int push_captures(lua_State *L, re_code *r, const char *s)
{
	if (r->nnames) {
		lua_createtable(L, (int)r->ncaps, (int)r->nnames);
		for (uint32_t i = 1; i <= r->ncaps; i++) {
			push_capture(L, r, s, i);
			lua_rawseti(L, -2, i);
		}
		PCRE2_SPTR table;
		uint32_t size;
		pcre2_pattern_info(r->code, PCRE2_INFO_NAMETABLE, &table);
		pcre2_pattern_info(r->code, PCRE2_INFO_NAMEENTRYSIZE, &size);
		for (uint32_t k = 0; k < r->nnames; k++) {
			PCRE2_SPTR e = table + k * size;
			push_capture(L, r, s, (uint32_t)(e[0] << 8 | e[1]));
			lua_setfield(L, -2, (const char *)e + 2);
		}
		return 1;
	}
	if (r->ncaps == 0) {
		push_capture(L, r, s, 0);
		return 1;
	}
	luaL_checkstack(L, (int)r->ncaps, "too many captures");
	for (uint32_t i = 1; i <= r->ncaps; i++)
		push_capture(L, r, s, i);
	return (int)r->ncaps;
}

/* Lua's init rules: 1-based, negative from the end, clamped. */
static size_t start_of(lua_State *L, int idx, size_t len)
{
	lua_Integer init = luaL_optinteger(L, idx, 1);
	if (init < 0)
		init = (lua_Integer)len + init + 1;
	if (init < 1)
		init = 1;
	return (size_t)init - 1 > len ? len + 1 : (size_t)init - 1;
}

/* find and match: (s, pattern [, init]).  NULL after pushing nil when
 * nothing matches. */
static re_code *search(lua_State *L, const char **s)
{
	lua_settop(L, 3); /* compiled() pushes above the arguments */
	size_t len;
	*s = luaL_checklstring(L, 1, &len);
	re_code *r = compiled(L, 2);
	size_t start = start_of(L, 3, len);
	if (start <= len && exec(L, r, *s, len, start, 0))
		return r;
	lua_pushnil(L);
	return NULL;
}

static int re_find(lua_State *L)
{
	const char *s;
	re_code *r = search(L, &s);
	if (!r)
		return 1;
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(r->md);
	lua_pushinteger(L, (lua_Integer)ov[0] + 1);
	lua_pushinteger(L, (lua_Integer)ov[1]);
	return 2 + (r->ncaps || r->nnames ? push_captures(L, r, s) : 0);
}

static int re_match(lua_State *L)
{
	const char *s;
	re_code *r = search(L, &s);
	return r ? push_captures(L, r, s) : 1;
}

/* gmatch's iterator: upvalues string, pattern, next offset. */
static int gmatch_next(lua_State *L)
{
	size_t len;
	const char *s = lua_tolstring(L, lua_upvalueindex(1), &len);
	re_code *r = compiled(L, lua_upvalueindex(2));
	size_t pos = (size_t)lua_tointeger(L, lua_upvalueindex(3));
	if (pos > len || !exec(L, r, s, len, pos, 0))
		return 0;
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(r->md);
	size_t next = ov[1];
	if (ov[1] == ov[0]) { /* an empty match: step one character on */
		next = ov[1] + 1;
		while (next < len && ((unsigned char)s[next] & 0xC0) == 0x80)
			next++;
	}
	lua_pushinteger(L, (lua_Integer)next);
	lua_replace(L, lua_upvalueindex(3));
	return push_captures(L, r, s);
}

static int re_gmatch(lua_State *L)
{
	lua_settop(L, 2);
	luaL_checkstring(L, 1);
	compiled(L, 2); /* a bad pattern fails here, not in the loop */
	lua_settop(L, 2);
	lua_pushinteger(L, 0);
	lua_pushcclosure(L, gmatch_next, 3);
	return 1;
}

/* Appends repl (a template) for the current match. */
static void add_template(lua_State *L, luaL_Buffer *b, re_code *r, const char *s,
                         const char *t, size_t tlen)
{
	for (size_t i = 0; i < tlen; i++) {
		if (t[i] != '%' || i + 1 == tlen) {
			luaL_addchar(b, t[i]);
			continue;
		}
		char c = t[++i];
		if (c >= '0' && c <= '9') {
			uint32_t k = (uint32_t)(c - '0');
			if (k > r->ncaps)
				luaL_error(L, "invalid capture %%%c in replacement", c);
			PCRE2_SIZE *ov = pcre2_get_ovector_pointer(r->md);
			if (ov[2 * k] != PCRE2_UNSET)
				luaL_addlstring(b, s + ov[2 * k], ov[2 * k + 1] - ov[2 * k]);
		} else if (c == '{') {
			const char *close = memchr(t + i, '}', tlen - i);
			if (!close)
				luaL_error(L, "unclosed %%{ in replacement");
			char name[64];
			size_t n = (size_t)(close - (t + i + 1));
			if (n >= sizeof(name))
				luaL_error(L, "group name too long in replacement");
			memcpy(name, t + i + 1, n);
			name[n] = '\0';
			int k = pcre2_substring_number_from_name(r->code, (PCRE2_SPTR)name);
			if (k < 0)
				luaL_error(L, "no group named '%s' in the pattern", name);
			PCRE2_SIZE *ov = pcre2_get_ovector_pointer(r->md);
			if (ov[2 * k] != PCRE2_UNSET)
				luaL_addlstring(b, s + ov[2 * k], ov[2 * k + 1] - ov[2 * k]);
			i += n + 1;
		} else {
			luaL_addchar(b, c); /* %% and any other escaped character */
		}
	}
}

/* Appends the replacement for the match [ms, me) from a table or function
 * (which may itself run patterns: ms and me were read before the call). */
static void add_value(lua_State *L, luaL_Buffer *b, re_code *r, const char *s, int repl,
                      size_t ms, size_t me)
{
	if (lua_type(L, repl) == LUA_TTABLE) {
		lua_pushlstring(L, s + ms, me - ms);
		lua_gettable(L, repl);
	} else {
		lua_pushvalue(L, repl);
		int n = push_captures(L, r, s);
		lua_call(L, n, 1);
	}
	if (!lua_toboolean(L, -1)) { /* nil or false: keep the match */
		lua_pop(L, 1);
		lua_pushlstring(L, s + ms, me - ms);
	} else if (!lua_isstring(L, -1)) {
		luaL_error(L, "invalid replacement value (a %s)", luaL_typename(L, -1));
	}
	luaL_addvalue(b);
}

static int re_gsub(lua_State *L)
{
	lua_settop(L, 4);
	size_t len, tlen = 0;
	const char *s = luaL_checklstring(L, 1, &len);
	re_code *r = compiled(L, 2);
	int tt = lua_type(L, 3);
	luaL_argexpected(L, tt == LUA_TSTRING || tt == LUA_TNUMBER || tt == LUA_TTABLE ||
	                        tt == LUA_TFUNCTION, 3, "string/function/table");
	const char *t = tt == LUA_TSTRING || tt == LUA_TNUMBER ? lua_tolstring(L, 3, &tlen) : NULL;
	lua_Integer max = luaL_optinteger(L, 4, (lua_Integer)len + 1);
	luaL_Buffer b;
	luaL_buffinit(L, &b);
	size_t pos = 0, copied = 0;
	lua_Integer count = 0;
	while (count < max && pos <= len && exec(L, r, s, len, pos, 0)) {
		PCRE2_SIZE *ov = pcre2_get_ovector_pointer(r->md);
		size_t ms = ov[0], me = ov[1];
		luaL_addlstring(&b, s + copied, ms - copied);
		if (t)
			add_template(L, &b, r, s, t, tlen);
		else
			add_value(L, &b, r, s, 3, ms, me);
		count++;
		copied = me;
		pos = me;
		if (me == ms) { /* empty match: copy one character and go on */
			size_t next = me + 1;
			while (next < len && ((unsigned char)s[next] & 0xC0) == 0x80)
				next++;
			if (me < len)
				luaL_addlstring(&b, s + me, (next > len ? len : next) - me);
			copied = pos = next;
		}
	}
	if (copied < len)
		luaL_addlstring(&b, s + copied, len - copied);
	luaL_pushresult(&b);
	lua_pushinteger(L, count);
	return 2;
}

void script_regex_open(lua_State *L)
{
	luaL_newmetatable(L, RE_CODE);
	lua_pushcfunction(L, code_gc);
	lua_setfield(L, -2, "__gc");
	lua_pop(L, 1);
	lua_newtable(L);
	lua_setfield(L, LUA_REGISTRYINDEX, RE_CACHE);
	static const luaL_Reg fns[] = {{"find", re_find},
	                               {"match", re_match},
	                               {"gmatch", re_gmatch},
	                               {"gsub", re_gsub},
	                               {NULL, NULL}};
	luaL_newlib(L, fns);
}
