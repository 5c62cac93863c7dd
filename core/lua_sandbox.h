/* lua_sandbox.h — a Lua 5.4 state fit for untrusted transforms: a memory
 * cap (custom allocator), an instruction budget per call (count hook), and
 * only safe libraries.  What scripts see of galley is lua_stage.c's job. */
#ifndef GALLEY_LUA_SANDBOX_H
#define GALLEY_LUA_SANDBOX_H

#include <lua.h>
#include <stddef.h>
#include <stdint.h>

typedef struct lua_box {
	lua_State *L;
	size_t used, limit, slack; /* bytes; slack lets the error path allocate */
	int64_t budget, spent;     /* instructions per call */
	int out_of_memory, out_of_budget;
	char *lib_dir; /* require() looks here only */
} lua_box;

/* 0, or -1 when the state cannot be created.  box must not move after. */
int lua_box_open(lua_box *box, size_t memory_limit, int64_t budget, const char *lib_dir);
void lua_box_close(lua_box *box);
/* lua_pcall with a traceback and the limits re-armed; on error writes a
 * one-paragraph message (message, then traceback) into msg. */
int lua_box_call(lua_box *box, int nargs, int nresults, char *msg, size_t size);

#endif
