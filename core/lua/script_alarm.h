/* script_alarm.h — a deadline that fires inside one long C call.  The
 * count hook checks a call's deadline only between Lua instructions; a C
 * function that runs long without any (table.sort with a C comparator,
 * string functions over a large heap) would overrun it.  One thread
 * watches every armed call and, when its deadline passes, sets the state's
 * hook to fire on the next function call, return or instruction
 * (lua_sethook may be called asynchronously), so the limit's error is
 * raised as soon as the state calls anything. */
#ifndef GALLEY_SCRIPT_ALARM_H
#define GALLEY_SCRIPT_ALARM_H

#include <lua.h>
#include <stdint.h>

/* Watches L until script_alarm_clear: at deadline_ns (CLOCK_MONOTONIC),
 * lua_sethook(L, hook, call | return | count, 1).  0, or -1 when the
 * watcher cannot start (the count hook still applies). */
int script_alarm_set(lua_State *L, int64_t deadline_ns, lua_Hook hook);
/* Stops watching L; after it returns, L's hook is not touched again. */
void script_alarm_clear(lua_State *L);

#endif
