/* script_sandbox.c — building the sandboxed state.  Kept: base (without
 * dofile/loadfile; load is text-only; setmetatable refuses __gc), string
 * (without dump; its pattern functions counted, script_pattern.c), table,
 * math, utf8, coroutine, and os.time/os.date/os.clock.  Gone: io, debug,
 * package (require reads pure-Lua files from the script's lib/ folder).
 *
 * The limits themselves (memory, budget, deadline) are script_limits.c's;
 * here, the calls that arm them and the functions that keep a script from
 * escaping them (xpcall's handler, setmetatable's __gc, load, require).
 * Lua runs finalizers with hooks off, so sandboxed code may not have any. */
#include <errno.h>
#include <lauxlib.h>
#include <lualib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/path.h"
#include "lua/script_limits.h"
#include "lua/script_pattern.h"
#include "lua/script_sandbox.h"

/* xpcall's handler, guarded.  Lua calls a message handler before it
 * unwinds, and for an error raised by the count hook it does so with
 * hooks still off: a looping handler would never be stopped.  Once the
 * box has tripped the handler is skipped and the error passes as is. */
static int guarded_handler(lua_State *L)
{
	if (script_limits_box(L)->tripped)
		return 1;
	lua_pushvalue(L, lua_upvalueindex(1));
	lua_insert(L, 1);
	lua_call(L, lua_gettop(L) - 1, 1);
	return 1;
}

static int xpcall_done(lua_State *L, int status, lua_KContext first)
{
	if (status != LUA_OK && status != LUA_YIELD) {
		lua_pushboolean(L, 0);
		lua_insert(L, -2); /* false, the error */
		return 2;
	}
	return lua_gettop(L) - (int)first + 1; /* true, the results */
}

/* xpcall(f, handler, ...) with the handler guarded; it may yield, as
 * Lua's own does. */
static int safe_xpcall(lua_State *L)
{
	int n = lua_gettop(L);
	luaL_checktype(L, 2, LUA_TFUNCTION);
	lua_pushvalue(L, 2);
	lua_pushcclosure(L, guarded_handler, 1);
	lua_replace(L, 2);         /* 1 f, 2 guard, 3.. args */
	lua_pushboolean(L, 1);
	lua_pushvalue(L, 1);       /* ..., true, f */
	lua_rotate(L, 3, 2);       /* 1 f, 2 guard, 3 true, 4 f, 5.. args */
	int status = lua_pcallk(L, n - 2, LUA_MULTRET, 2, 3, xpcall_done);
	return xpcall_done(L, status, 3);
}

/* setmetatable(t, mt) refusing finalizers: Lua runs __gc with hooks off,
 * where no budget or deadline could stop it.  Lua marks a table for
 * finalization only when its metatable has __gc at this moment, so a __gc
 * added later is never called. */
static int safe_setmetatable(lua_State *L)
{
	if (lua_type(L, 2) == LUA_TTABLE) {
		lua_pushliteral(L, "__gc");
		int has_gc = lua_rawget(L, 2) != LUA_TNIL;
		lua_pop(L, 1);
		if (has_gc)
			return luaL_error(L, "setmetatable: __gc finalizers are not available in the "
			                     "sandbox (use finish(ctx) for work at the end)");
	}
	lua_pushvalue(L, lua_upvalueindex(1));
	lua_insert(L, 1);
	lua_call(L, lua_gettop(L) - 1, 1);
	return 1;
}

/* load(chunk [, name [, mode [, env]]]) with mode forced to text: no
 * precompiled bytecode, whose loader is not safe against crafted input. */
static int safe_load(lua_State *L)
{
	lua_settop(L, 4);
	lua_pushliteral(L, "t");
	lua_replace(L, 3);
	if (lua_isnil(L, 4)) {
		lua_pushglobaltable(L);
		lua_replace(L, 4);
	}
	lua_pushvalue(L, lua_upvalueindex(1));
	lua_insert(L, 1);
	lua_call(L, 4, LUA_MULTRET);
	return lua_gettop(L);
}

/* require(name): NAME.lua under lib_dir, text only, cached. */
static int safe_require(lua_State *L)
{
	const char *name = luaL_checkstring(L, 1);
	lua_settop(L, 1);
	for (const char *c = name; *c; c++)
		if (!(*c == '_' || *c == '.' || (*c >= '0' && *c <= '9') || ((*c | 32) >= 'a' && (*c | 32) <= 'z')))
			return luaL_error(L, "require: bad module name '%s'", name);
	if (strstr(name, ".."))
		return luaL_error(L, "require: bad module name '%s'", name);
	lua_getfield(L, LUA_REGISTRYINDEX, "galley.loaded");
	lua_getfield(L, -1, name);
	if (!lua_isnil(L, -1))
		return 1;
	lua_pop(L, 1);
	script_box *box = script_limits_box(L);
	luaL_Buffer b;
	luaL_buffinit(L, &b);
	luaL_addstring(&b, box->lib_dir ? box->lib_dir : ".");
	luaL_addchar(&b, '/');
	for (const char *c = name; *c; c++)
		luaL_addchar(&b, *c == '.' ? '/' : *c);
	luaL_addstring(&b, ".lua");
	luaL_pushresult(&b);
	const char *path = lua_tostring(L, -1);
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return luaL_error(L,
		                  "module '%s' not found: scripts may require only Lua files from "
		                  "%s (C modules are not available in the sandbox)",
		                  name, box->lib_dir ? box->lib_dir : "lib/");
	fclose(fp);
	if (script_load_file(L, path) != LUA_OK)
		return lua_error(L);
	lua_pushstring(L, name);
	lua_call(L, 1, 1);
	if (lua_isnil(L, -1)) {
		lua_pop(L, 1);
		lua_pushboolean(L, 1);
	}
	lua_pushvalue(L, -1);
	lua_setfield(L, 2, name); /* galley.loaded */
	return 1;
}

static void open_libs(lua_State *L)
{
	static const luaL_Reg libs[] = {
		{LUA_GNAME, luaopen_base},        {LUA_STRLIBNAME, luaopen_string},
		{LUA_TABLIBNAME, luaopen_table},  {LUA_MATHLIBNAME, luaopen_math},
		{LUA_UTF8LIBNAME, luaopen_utf8},  {LUA_COLIBNAME, luaopen_coroutine},
		{LUA_OSLIBNAME, luaopen_os},      {NULL, NULL},
	};
	for (const luaL_Reg *lib = libs; lib->func; lib++) {
		luaL_requiref(L, lib->name, lib->func, 1);
		lua_pop(L, 1);
	}
}

static void restrict_globals(lua_State *L)
{
	static const char *const removed[] = {"dofile", "loadfile", NULL};
	for (int i = 0; removed[i]; i++) {
		lua_pushnil(L);
		lua_setglobal(L, removed[i]);
	}
	lua_getglobal(L, "load");
	lua_pushcclosure(L, safe_load, 1);
	lua_setglobal(L, "load");
	lua_getglobal(L, "setmetatable");
	lua_pushcclosure(L, safe_setmetatable, 1);
	lua_setglobal(L, "setmetatable");
	lua_pushcfunction(L, safe_xpcall);
	lua_setglobal(L, "xpcall");
	lua_pushcfunction(L, safe_require);
	lua_setglobal(L, "require");
	lua_newtable(L);
	lua_setfield(L, LUA_REGISTRYINDEX, "galley.loaded");

	lua_getglobal(L, "string");
	lua_pushnil(L);
	lua_setfield(L, -2, "dump");
	script_pattern_install(L, -1); /* find, match, gmatch, gsub: counted */
	lua_pop(L, 1);

	/* os keeps only the clock and calendar */
	lua_getglobal(L, "os");
	lua_newtable(L);
	static const char *const kept[] = {"time", "date", "clock", "difftime", NULL};
	for (int i = 0; kept[i]; i++) {
		lua_getfield(L, -2, kept[i]);
		lua_setfield(L, -2, kept[i]);
	}
	lua_setglobal(L, "os");
	lua_pop(L, 1);
	/* nothing may reach the dropped libraries through package.loaded */
	lua_pushnil(L);
	lua_setfield(L, LUA_REGISTRYINDEX, LUA_LOADED_TABLE);
}

int script_box_open(script_box *box, size_t memory_limit, int64_t budget, const char *lib_dir)
{
	memset(box, 0, sizeof(*box));
	box->limit = memory_limit;
	box->slack = 1 << 20; /* room to build the state itself */
	box->budget = budget;
	if (lib_dir && !(box->lib_dir = strdup(lib_dir)))
		return -1;
	box->L = lua_newstate(script_limits_alloc, box);
	if (!box->L) {
		free(box->lib_dir);
		return -1;
	}
	*(script_box **)lua_getextraspace(box->L) = box;
	open_libs(box->L);
	restrict_globals(box->L);
	box->slack = 0;
	return 0;
}

void script_box_close(script_box *box)
{
	if (box->L)
		lua_close(box->L);
	free(box->lib_dir);
	memset(box, 0, sizeof(*box));
}

void script_box_set_timeout(script_box *box, int64_t timeout_ms)
{
	box->timeout_ms = timeout_ms > 0 ? timeout_ms : 0;
}

/* After a trip the limit's message is the one to report: m when it is
 * already that (the hook's, with the script's line), else the bare limit
 * message written into buf. */
static const char *limit_message(const script_box *box, const char *m, char *buf, size_t size)
{
	script_limits_message(box, buf, size);
	return m && strstr(m, buf) ? m : buf;
}

/* The message handler: the error with a traceback.  After a trip the
 * limit's own message replaces whatever the script raised or rethrew. */
static int traceback(lua_State *L)
{
	script_box *box = script_limits_box(L);
	box->slack = 1 << 20; /* the message must be buildable after an OOM */
	char buf[160];
	const char *msg = lua_tostring(L, 1);
	if (box->tripped)
		msg = limit_message(box, msg, buf, sizeof(buf));
	else if (!msg)
		msg = luaL_typename(L, 1);
	luaL_traceback(L, L, msg, 1);
	/* the bottom frame is galley's own C entry point: not the script's */
	size_t len;
	const char *tb = lua_tolstring(L, -1, &len);
	static const char entry[] = "\n\t[C]: in ?";
	if (len > sizeof(entry) - 1 && strcmp(tb + len - (sizeof(entry) - 1), entry) == 0)
		lua_pushlstring(L, tb, len - (sizeof(entry) - 1));
	return 1;
}

/* What a failed call leaves in msg: the limit's message (with the
 * traceback when the handler could add one), else the error's. */
static void failure_message(script_box *box, int rc, char *msg, size_t size)
{
	lua_State *L = box->L;
	const char *m = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : NULL;
	if (box->tripped) {
		char buf[160];
		snprintf(msg, size, "%s", limit_message(box, rc != LUA_OK ? m : NULL, buf, sizeof(buf)));
	} else if (rc == LUA_ERRMEM) {
		snprintf(msg, size, "out of memory");
	} else {
		snprintf(msg, size, "%s", m ? m : "error object is not a string");
	}
}

int script_box_call(script_box *box, int nargs, int nresults, char *msg, size_t size)
{
	lua_State *L = box->L;
	int base = lua_gettop(L) - nargs;
	lua_pushcfunction(L, traceback);
	lua_insert(L, base);
	script_limits_arm(box);
	int rc = lua_pcall(L, nargs, nresults, base);
	script_limits_disarm(box);
	/* A call that caught a limit's error and returned before the next
	 * instruction still failed: the limit was exceeded. */
	if (rc != LUA_OK || box->tripped) {
		failure_message(box, rc, msg, size);
		lua_settop(L, base - 1);
	} else {
		lua_remove(L, base);
	}
	box->slack = 0;
	box->deadline_ns = 0;
	if (box->tripped)
		return SCRIPT_BOX_TRIPPED;
	return rc == LUA_OK ? 0 : -1;
}

/* Scripts are small: a larger file is refused rather than read. */
#define SCRIPT_FILE_MAX ((size_t)64 << 20)

int script_load_file(lua_State *L, const char *path)
{
	char *text = NULL, name[4200];
	size_t len = 0;
	int e = path_read_file(path, SCRIPT_FILE_MAX, &text, &len);
	if (e) {
		lua_pushfstring(L, "cannot read %s: %s", path,
		                e == -EINVAL ? "not a regular file (a FIFO or a device is never waited on)"
		                             : strerror(-e));
		return LUA_ERRFILE;
	}
	snprintf(name, sizeof(name), "@%s", path);
	int rc = luaL_loadbufferx(L, text, len, name, "t");
	free(text);
	return rc;
}
