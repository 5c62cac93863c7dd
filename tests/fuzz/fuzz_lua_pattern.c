/* fuzz_lua_pattern.c — the sandbox's Lua pattern matcher (script_pattern.c)
 * on arbitrary patterns and subjects: errors are fine, crashes and runaway
 * time are not (the budget stops the latter).  A plain find must also agree
 * with a naive search written in Lua.  Input: pattern, newline, subject. */
#include <lauxlib.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "lua/script_sandbox.h"

static script_box box;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	if (script_box_open(&box, 64u << 20, 2000000, "/nonexistent"))
		abort();
	return 0;
}

static const char code[] =
	"local p, s = ...\n"
	"string.find(s, p) string.match(s, p) string.gsub(s, p, '%0%%')\n"
	"string.gsub(s, p, function(...) return select('#', ...) end, 3)\n"
	"for a in string.gmatch(s, p) do end\n"
	"local at, want = string.find(s, p, 1, true), #p == 0 and 1 or nil\n"
	"for i = 1, #s - #p + 1 do if not want and s:sub(i, i + #p - 1) == p then want = i end end\n"
	"if at ~= want then error('plain find disagrees: ' .. tostring(at) .. ' ' .. tostring(want)) end\n";

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
		script_box_close(&box);
		LLVMFuzzerInitialize(NULL, NULL);
	}
	return 0;
}
