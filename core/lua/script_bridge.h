/* script_bridge.h — JSON values to Lua and back without losing types:
 * integers stay integers, an empty list stays a list (arrays carry the
 * galley.array metatable), and null is galley.null, not nil. */
#ifndef GALLEY_SCRIPT_BRIDGE_H
#define GALLEY_SCRIPT_BRIDGE_H

#include <jansson.h>
#include <lua.h>
#include <stddef.h>

#include "config/yaml_load.h"

/* 1 if the value at idx is galley.null. */
int script_bridge_is_null(lua_State *L, int idx);
/* Marks the table on top of the stack as a list (galley.array). */
void script_bridge_mark_array(lua_State *L);

/* Creates the global `galley` table with null and array(t). */
void script_bridge_open(lua_State *L);
/* Pushes v; returns 0, or -1 (nothing pushed) when nested too deep. */
int script_bridge_push(lua_State *L, const json_t *v);
/* Pushes a YAML settings tree: plain integers, booleans and null typed. */
void script_bridge_push_yaml(lua_State *L, const ynode *n);
/* New reference, or NULL with a message naming where conversion failed. */
json_t *script_bridge_to_json(lua_State *L, int idx, char *msg, size_t size);

#endif
