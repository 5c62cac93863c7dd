/* lua_stage.h — the built-in "lua" stage: a script behind the same plugin
 * descriptor as compiled stages, so the runner knows one kind of stage. */
#ifndef GALLEY_LUA_STAGE_H
#define GALLEY_LUA_STAGE_H

#include "galley/plugin.h"

const galley_plugin *lua_stage_plugin(void);

#endif
