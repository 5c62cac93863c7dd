/* script_lib.h — the `galley` module scripts see: null and array (from
 * script_bridge.c), re (script_regex.c), utf8, json, slug and sha256. */
#ifndef GALLEY_SCRIPT_GALLEY_H
#define GALLEY_SCRIPT_GALLEY_H

#include <lua.h>

/* Creates the global `galley` table with everything in it. */
void script_lib_open(lua_State *L);

#endif
