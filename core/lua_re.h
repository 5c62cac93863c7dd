/* lua_re.h — galley.re, PCRE2 regular expressions for Lua scripts. */
#ifndef GALLEY_LUA_RE_H
#define GALLEY_LUA_RE_H

#include <lua.h>

/* Pushes the galley.re table. */
void lua_re_open(lua_State *L);

#endif
