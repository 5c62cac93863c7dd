/* script_pattern.h — string.find, .match, .gmatch and .gsub for sandboxed
 * scripts, with Lua 5.4's pattern language and results, but every step of
 * the matcher counted against the call's instruction budget and deadline
 * (Lua's own matcher runs in C, where the count hook never fires). */
#ifndef GALLEY_SCRIPT_PATTERN_H
#define GALLEY_SCRIPT_PATTERN_H

#include <lua.h>

/* Replaces the four functions in the string library table at idx. */
void script_pattern_install(lua_State *L, int idx);
/* galley.find_any(s, needles) -> i, start, end of the first of the plain
 * strings needles[1..#needles] found anywhere in s, or nil: the loop of
 * s:find(needles[i], 1, true) in one call, charged as those finds. */
int script_pattern_find_any(lua_State *L);

#endif
