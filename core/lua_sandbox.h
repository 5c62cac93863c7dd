/* lua_sandbox.h — a Lua 5.4 state fit for untrusted transforms: a memory
 * cap (custom allocator), an instruction budget and a wall-clock deadline
 * per call (count hook), and only safe libraries.  Once a call exceeds a
 * limit the box is "tripped": every Lua instruction after that raises, so
 * no pcall, coroutine or __close handler can out-wait it.  What scripts
 * see of galley is lua_stage.c's job. */
#ifndef GALLEY_LUA_SANDBOX_H
#define GALLEY_LUA_SANDBOX_H

#include <lua.h>
#include <stddef.h>
#include <stdint.h>

typedef enum lua_trip {
	LUA_TRIP_NONE = 0,
	LUA_TRIP_BUDGET,  /* instruction budget */
	LUA_TRIP_MEMORY,  /* memory cap */
	LUA_TRIP_TIMEOUT, /* wall-clock deadline */
} lua_trip;

typedef struct lua_box {
	lua_State *L;
	size_t used, limit, slack; /* bytes; slack lets the error path allocate */
	int64_t budget, spent;     /* instructions per call */
	int64_t timeout_ms;        /* per call; 0: none */
	int64_t deadline_ns;       /* CLOCK_MONOTONIC of this call's end; 0: none */
	int64_t clock_at;          /* spent at which a charge next reads the clock */
	lua_trip tripped;          /* the first limit this call exceeded */
	char *lib_dir; /* require() looks here only */
} lua_box;

/* 0, or -1 when the state cannot be created.  box must not move after. */
int lua_box_open(lua_box *box, size_t memory_limit, int64_t budget, const char *lib_dir);
void lua_box_close(lua_box *box);
/* Per-call wall-clock limit (0: none); kept across calls. */
void lua_box_set_timeout(lua_box *box, int64_t timeout_ms);

/* lua_pcall with a traceback and the limits re-armed.  0 on success; on
 * error writes a one-paragraph message (message, then traceback) into msg
 * and returns -1, or LUA_BOX_TRIPPED when a limit was exceeded: the state
 * then holds whatever the script left half done and must be closed (the
 * caller rebuilds it) before it runs anything again. */
#define LUA_BOX_TRIPPED (-2)
int lua_box_call(lua_box *box, int nargs, int nresults, char *msg, size_t size);

/* For C functions that do long work without Lua instructions (pattern
 * matching): counts steps against the call's budget and deadline, and
 * raises the limit's error when one is exceeded. */
void lua_box_charge(lua_State *L, int64_t steps);

#endif
