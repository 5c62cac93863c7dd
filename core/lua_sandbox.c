/* lua_sandbox.c — building the sandboxed state.  Kept: base (without
 * dofile/loadfile; load is text-only), string (without dump), table, math,
 * utf8, coroutine, and os.time/os.date/os.clock.  Gone: io, debug,
 * package (require reads pure-Lua files from the script's lib/ folder). */
#include <lauxlib.h>
#include <lualib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lua_sandbox.h"

#define HOOK_EVERY 1000

static lua_box *box_of(lua_State *L)
{
	return *(lua_box **)lua_getextraspace(L);
}

static void *box_alloc(void *ud, void *ptr, size_t osize, size_t nsize)
{
	lua_box *box = ud;
	size_t old = ptr ? osize : 0;
	if (nsize == 0) {
		free(ptr);
		box->used -= old;
		return NULL;
	}
	if (nsize > old && box->used - old + nsize > box->limit + box->slack) {
		box->out_of_memory = 1;
		return NULL;
	}
	void *p = realloc(ptr, nsize);
	if (p)
		box->used = box->used - old + nsize;
	return p;
}

static void budget_hook(lua_State *L, lua_Debug *ar)
{
	(void)ar;
	lua_box *box = box_of(L);
	box->spent += HOOK_EVERY;
	if (box->spent > box->budget) {
		box->out_of_budget = 1;
		luaL_error(L, "instruction budget of %I exceeded (raise the stage's 'instructions:')",
		           (lua_Integer)box->budget);
	}
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
	lua_box *box = box_of(L);
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
	if (luaL_loadfilex(L, path, "t") != LUA_OK)
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
	lua_pushcfunction(L, safe_require);
	lua_setglobal(L, "require");
	lua_newtable(L);
	lua_setfield(L, LUA_REGISTRYINDEX, "galley.loaded");

	lua_getglobal(L, "string");
	lua_pushnil(L);
	lua_setfield(L, -2, "dump");
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

int lua_box_open(lua_box *box, size_t memory_limit, int64_t budget, const char *lib_dir)
{
	memset(box, 0, sizeof(*box));
	box->limit = memory_limit;
	box->slack = 1 << 20; /* room to build the state itself */
	box->budget = budget;
	if (lib_dir && !(box->lib_dir = strdup(lib_dir)))
		return -1;
	box->L = lua_newstate(box_alloc, box);
	if (!box->L) {
		free(box->lib_dir);
		return -1;
	}
	*(lua_box **)lua_getextraspace(box->L) = box;
	open_libs(box->L);
	restrict_globals(box->L);
	box->slack = 0;
	return 0;
}

void lua_box_close(lua_box *box)
{
	if (box->L)
		lua_close(box->L);
	free(box->lib_dir);
	memset(box, 0, sizeof(*box));
}

static int traceback(lua_State *L)
{
	lua_box *box = box_of(L);
	box->slack = 1 << 20; /* the message must be buildable after an OOM */
	const char *msg = lua_tostring(L, 1);
	if (!msg)
		msg = luaL_typename(L, 1);
	if (box->out_of_memory)
		lua_pushfstring(L, "memory limit of %d MB exceeded (raise the stage's 'memory_mb:')",
		                (int)(box->limit >> 20));
	else
		lua_pushstring(L, msg);
	luaL_traceback(L, L, lua_tostring(L, -1), 1);
	return 1;
}

int lua_box_call(lua_box *box, int nargs, int nresults, char *msg, size_t size)
{
	lua_State *L = box->L;
	int base = lua_gettop(L) - nargs;
	lua_pushcfunction(L, traceback);
	lua_insert(L, base);
	box->spent = 0;
	box->out_of_memory = box->out_of_budget = 0;
	lua_sethook(L, budget_hook, LUA_MASKCOUNT, HOOK_EVERY);
	int rc = lua_pcall(L, nargs, nresults, base);
	lua_sethook(L, NULL, 0, 0);
	if (rc == LUA_ERRMEM || (rc != LUA_OK && box->out_of_memory)) {
		/* Lua skips the message handler for memory errors */
		snprintf(msg, size, "memory limit of %d MB exceeded (raise the stage's 'memory_mb:')",
		         (int)(box->limit >> 20));
		lua_pop(L, 1);
	} else if (rc != LUA_OK) {
		const char *m = lua_tostring(L, -1);
		snprintf(msg, size, "%s", m ? m : "error object is not a string");
		lua_pop(L, 1);
	}
	lua_remove(L, base);
	box->slack = 0;
	return rc == LUA_OK ? 0 : -1;
}
