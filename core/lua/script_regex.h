/* script_regex.h — galley.re, PCRE2 regular expressions for Lua scripts. */
#ifndef GALLEY_SCRIPT_RE_H
#define GALLEY_SCRIPT_RE_H

#include <lua.h>

/* Pushes the galley.re table. */
void script_regex_open(lua_State *L);

#endif
