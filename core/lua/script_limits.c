/* script_limits.c — the limits a sandboxed Lua state runs under: a memory
 * cap (its allocator), an instruction budget and a wall-clock deadline per
 * call (the count hook, and script_limits_charge for C functions that work
 * without Lua instructions).  Building the state and calling into it is
 * script_sandbox.c's.
 *
 * The count hook fires every HOOK_EVERY instructions in every thread
 * (coroutines inherit it) and charges the budget, and checks the
 * deadline.  When a limit is exceeded the box is tripped and the hook is
 * re-armed to fire on every instruction of the thread it runs in, raising
 * the limit's error each time: a pcall that catches it, the code after
 * the pcall, an xpcall handler, a __close or __tostring metamethod all
 * fail on their first instruction, so the error reaches script_box_call. */
#include <lauxlib.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "lua/script_alarm.h"
#include "lua/script_limits.h"

#define HOOK_EVERY 1000

script_box *script_limits_box(lua_State *L)
{
	return *(script_box **)lua_getextraspace(L);
}

/* The coarse clock costs a few nanoseconds and ticks every few ms, plenty
 * for deadlines counted in seconds. */
static int64_t now_ns(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC_COARSE, &t);
	return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

void *script_limits_alloc(void *ud, void *ptr, size_t osize, size_t nsize)
{
	script_box *box = ud;
	size_t old = ptr ? osize : 0;
	if (nsize == 0) {
		free(ptr);
		box->used -= old;
		return NULL;
	}
	if (nsize > old && box->used - old + nsize > box->limit + box->slack) {
		if (!box->tripped)
			box->tripped = SCRIPT_TRIP_MEMORY;
		return NULL;
	}
	void *p = realloc(ptr, nsize);
	if (p)
		box->used = box->used - old + nsize;
	return p;
}

const char *script_limits_message(const script_box *box, char *buf, size_t size)
{
	switch (box->tripped) {
	case SCRIPT_TRIP_BUDGET:
		snprintf(buf, size,
		         "instruction budget of %lld exceeded (raise the stage's 'instructions:')",
		         (long long)box->budget);
		break;
	case SCRIPT_TRIP_MEMORY:
		snprintf(buf, size, "memory limit of %d MB exceeded (raise the stage's 'memory_mb:')",
		         (int)(box->limit >> 20));
		break;
	case SCRIPT_TRIP_TIMEOUT:
		snprintf(buf, size, "timeout of %.3g s exceeded (raise the stage's 'timeout:')",
		         (double)box->timeout_ms / 1000.0);
		break;
	default:
		snprintf(buf, size, "no limit exceeded");
	}
	return buf;
}

/* The budget every time; the clock when asked (the hook), or when C
 * functions have charged HOOK_EVERY steps since it was last read: a
 * find in every paragraph read it once a call, and no call of those is
 * long (one that is charges in steps of MATCH_CHARGE_EVERY). */
static void check_limits(script_box *box, int clock)
{
	if (box->tripped)
		return;
	if (box->spent > box->budget) {
		box->tripped = SCRIPT_TRIP_BUDGET;
		return;
	}
	if (!box->deadline_ns || (!clock && box->spent < box->clock_at))
		return;
	box->clock_at = box->spent + HOOK_EVERY;
	if (now_ns() > box->deadline_ns)
		box->tripped = SCRIPT_TRIP_TIMEOUT;
}

/* From here on this thread runs no instruction without raising. */
static void raise_trip(lua_State *L, script_box *box);

static void budget_hook(lua_State *L, lua_Debug *ar)
{
	script_box *box = script_limits_box(L);
	if (!box->tripped) {
		/* a call or return event: the alarm, past the deadline */
		box->spent += ar->event == LUA_HOOKCOUNT ? HOOK_EVERY : 0;
		check_limits(box, 1);
		if (!box->tripped)
			return;
	}
	raise_trip(L, box);
}

static void raise_trip(lua_State *L, script_box *box)
{
	char msg[160];
	lua_sethook(L, budget_hook, LUA_MASKCOUNT, 1);
	box->slack = 1 << 20; /* the error message itself needs memory */
	luaL_error(L, "%s", script_limits_message(box, msg, sizeof(msg)));
}

void script_limits_charge(lua_State *L, int64_t steps)
{
	script_box *box = script_limits_box(L);
	box->spent += steps;
	check_limits(box, 0);
	if (box->tripped)
		raise_trip(L, box);
}

void script_limits_arm(script_box *box)
{
	box->spent = 0;
	box->clock_at = 0;
	box->tripped = SCRIPT_TRIP_NONE;
	box->deadline_ns = box->timeout_ms ? now_ns() + box->timeout_ms * 1000000 : 0;
	lua_sethook(box->L, budget_hook, LUA_MASKCOUNT, HOOK_EVERY);
	/* the coarse clock is a few ms behind the alarm's: the hook that fires
	 * at the deadline sees it passed */
	if (box->deadline_ns)
		script_alarm_set(box->L, box->deadline_ns + 10000000, budget_hook);
}

void script_limits_disarm(script_box *box)
{
	if (box->deadline_ns)
		script_alarm_clear(box->L);
	lua_sethook(box->L, NULL, 0, 0);
}
