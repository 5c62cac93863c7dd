/* fuzz_lua_pattern.c — the sandbox's Lua pattern matcher (script_pattern.c)
 * on arbitrary patterns and subjects: errors are fine, crashes and runaway
 * time are not (the budget stops the latter).  A plain find must also agree
 * with a naive search written in Lua, and every result (or error) of find,
 * match, gsub and gmatch must be the same with the pattern's literal
 * skipping places (script_literal.c) and without.  Input: pattern, newline,
 * subject. */
#include <lauxlib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "lua/script_literal.h"
#include "lua/script_sandbox.h"

static script_box box;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	if (script_box_open(&box, 64u << 20, 2000000, "/nonexistent"))
		abort();
	return 0;
}

/* After a limit tripped: a fresh state for the next input. */
static void rebuild_box(void)
{
	script_box_close(&box);
	LLVMFuzzerInitialize(NULL, NULL);
}

/* A result's bytes, NULs included (a match of %z holds them). */
typedef struct result {
	char *text;
	size_t len;
} result;

static const char code[] =
	"local p, s = ...\n"
	"string.find(s, p) string.match(s, p) string.gsub(s, p, '%0%%')\n"
	"string.gsub(s, p, function(...) return select('#', ...) end, 3)\n"
	"for a in string.gmatch(s, p) do end\n"
	"local at, want = string.find(s, p, 1, true), #p == 0 and 1 or nil\n"
	"for i = 1, #s - #p + 1 do if not want and s:sub(i, i + #p - 1) == p then want = i end end\n"
	"if at ~= want then error('plain find disagrees: ' .. tostring(at) .. ' ' .. tostring(want)) end\n";

/* Every result of the four functions, or their error, as one string. */
static const char results[] =
	"local p, s = ...\n"
	"local out = {}\n"
	"local function add(ok, ...) out[#out + 1] = tostring(ok) .. ':' .. table.concat({...}, '|')\n"
	"end\n"
	"local function str(...) local t = table.pack(...) for i = 1, t.n do t[i] = tostring(t[i]) end\n"
	"  return table.unpack(t, 1, t.n) end\n"
	"add(pcall(function() return str(string.find(s, p)) end))\n"
	"add(pcall(function() return str(string.find(s, p, 3)) end))\n"
	"add(pcall(function() return str(string.match(s, p)) end))\n"
	"add(pcall(function() return str(string.gsub(s, p, '<%0>')) end))\n"
	"add(pcall(function() return str(string.gsub(s, p, function(a) return a and '!' end, 2)) end))\n"
	"add(pcall(function() local g = {} for a, b in string.gmatch(s, p) do g[#g + 1] = str(a, b)\n"
	"  end return table.concat(g, ';') end))\n"
	"return table.concat(out, '\\n')\n";

/* The results with the literal on (off = 0) or off; text NULL when the
 * budget or the deadline stopped the call (then the two are not
 * compared). */
static result results_with(int off, const char *p, size_t lp, const char *s, size_t ls)
{
	lua_State *L = box.L;
	char msg[512];
	script_literal_off = off;
	if (luaL_loadbuffer(L, results, sizeof(results) - 1, "results") != LUA_OK)
		abort();
	lua_pushlstring(L, p, lp);
	lua_pushlstring(L, s, ls);
	int rc = script_box_call(&box, 2, 1, msg, sizeof(msg));
	script_literal_off = 0;
	result got = {0};
	if (rc == SCRIPT_BOX_TRIPPED) { /* a limit: nothing compared */
		rebuild_box();
		return got;
	}
	if (rc == 0 && lua_isstring(L, -1)) {
		const char *text = lua_tolstring(L, -1, &got.len);
		if (!(got.text = malloc(got.len + 1)))
			abort();
		memcpy(got.text, text, got.len + 1);
	}
	if (rc == 0)
		lua_pop(L, 1);
	return got;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *nl = memchr(data, '\n', size);
	if (!nl)
		return 0;
	lua_State *L = box.L;
	char msg[512];
	if (luaL_loadbuffer(L, code, sizeof(code) - 1, "fuzz") != LUA_OK)
		abort();
	lua_pushlstring(L, (const char *)data, (size_t)(nl - (const char *)data));
	lua_pushlstring(L, nl + 1, size - (size_t)(nl + 1 - (const char *)data));
	int rc = script_box_call(&box, 2, 0, msg, sizeof(msg));
	if (rc != 0 && strstr(msg, "plain find disagrees"))
		abort();
	if (rc == SCRIPT_BOX_TRIPPED) {
		rebuild_box();
		return 0;
	}
	size_t lp = (size_t)(nl - (const char *)data);
	result with = results_with(0, (const char *)data, lp, nl + 1, size - lp - 1), without = {0};
	if (with.text)
		without = results_with(1, (const char *)data, lp, nl + 1, size - lp - 1);
	if (with.text && without.text &&
	    (with.len != without.len || memcmp(with.text, without.text, with.len) != 0)) {
		/* the literal skipped a place where a match starts */
		fprintf(stderr, "with the literal:\n%s\nwithout:\n%s\n", with.text, without.text);
		abort();
	}
	free(with.text);
	free(without.text);
	return 0;
}
