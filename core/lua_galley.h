/* lua_galley.h — the `galley` module scripts see: null and array (from
 * lua_bridge), re (lua_re.c), utf8, json, slug and sha256. */
#ifndef GALLEY_LUA_GALLEY_H
#define GALLEY_LUA_GALLEY_H

#include <lua.h>

/* Creates the global `galley` table with everything in it. */
void lua_galley_open(lua_State *L);

#endif
