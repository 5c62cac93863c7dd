/* script_sandbox.h — a Lua 5.4 state fit for untrusted transforms: a memory
 * cap (custom allocator), an instruction budget and a wall-clock deadline
 * per call (count hook), and only safe libraries.  Once a call exceeds a
 * limit the box is "tripped": every Lua instruction after that raises, so
 * no pcall, coroutine or __close handler can out-wait it (script_limits.h).
 * What scripts see of galley is script_stage.c's job. */
#ifndef GALLEY_SCRIPT_SANDBOX_H
#define GALLEY_SCRIPT_SANDBOX_H

#include <lua.h>
#include <stddef.h>
#include <stdint.h>

#include "lua/script_limits.h"

/* 0, or -1 when the state cannot be created.  box must not move after. */
int script_box_open(script_box *box, size_t memory_limit, int64_t budget, const char *lib_dir);
/* Compiles the Lua text file at path (no bytecode) as luaL_loadfilex
 * would, but only a regular file, opened without blocking: a FIFO or a
 * device named as a script can never hang a run.  LUA_OK with the chunk
 * pushed, or an error code with the message ("FILE: why") pushed. */
int script_load_file(lua_State *L, const char *path);
void script_box_close(script_box *box);
/* Per-call wall-clock limit (0: none); kept across calls. */
void script_box_set_timeout(script_box *box, int64_t timeout_ms);

/* lua_pcall with a traceback and the limits re-armed.  0 on success; on
 * error writes a one-paragraph message (message, then traceback) into msg
 * and returns -1, or SCRIPT_BOX_TRIPPED when a limit was exceeded: the state
 * then holds whatever the script left half done and must be closed (the
 * caller rebuilds it) before it runs anything again. */
#define SCRIPT_BOX_TRIPPED (-2)
int script_box_call(script_box *box, int nargs, int nresults, char *msg, size_t size);

#endif
