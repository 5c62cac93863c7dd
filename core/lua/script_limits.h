/* script_limits.h — a sandboxed state's limits and their accounting: the
 * box (memory used, instructions spent, the deadline) and what trips it.
 * script_sandbox.c builds the state around it; C functions that do long
 * work without Lua instructions (pattern matching, regular expressions)
 * charge it here. */
#ifndef GALLEY_SCRIPT_LIMITS_H
#define GALLEY_SCRIPT_LIMITS_H

#include <lua.h>
#include <stddef.h>
#include <stdint.h>

typedef enum script_trip {
	SCRIPT_TRIP_NONE = 0,
	SCRIPT_TRIP_BUDGET,  /* instruction budget */
	SCRIPT_TRIP_MEMORY,  /* memory cap */
	SCRIPT_TRIP_TIMEOUT, /* wall-clock deadline */
} script_trip;

typedef struct script_box {
	lua_State *L;
	size_t used, limit, slack; /* bytes; slack lets the error path allocate */
	int64_t budget, spent;     /* instructions per call */
	int64_t timeout_ms;        /* per call; 0: none */
	int64_t deadline_ns;       /* CLOCK_MONOTONIC of this call's end; 0: none */
	int64_t clock_at;          /* spent at which a charge next reads the clock */
	script_trip tripped;          /* the first limit this call exceeded */
	char *lib_dir; /* require() looks here only */
} script_box;

/* The box of the state L runs in (its extra space holds the pointer). */
script_box *script_limits_box(lua_State *L);
/* The state's allocator (lua_newstate(script_limits_alloc, box)): refuses
 * to go past the box's limit, and trips it. */
void *script_limits_alloc(void *ud, void *ptr, size_t osize, size_t nsize);
/* The tripped limit's message ("instruction budget of … exceeded …"). */
const char *script_limits_message(const script_box *box, char *buf, size_t size);
/* Before a call: nothing spent, not tripped, the deadline set from the
 * timeout, and the count hook on. */
void script_limits_arm(script_box *box);
/* After a call: the hooks off, the deadline's alarm cleared. */
void script_limits_disarm(script_box *box);
/* For C functions that do long work without Lua instructions (pattern
 * matching): counts steps against the call's budget and deadline, and
 * raises the limit's error when one is exceeded. */
void script_limits_charge(lua_State *L, int64_t steps);

#endif
