/* script_stage.h — the built-in "lua" stage: a script behind the same plugin
 * descriptor as compiled stages, so the runner knows one kind of stage. */
#ifndef GALLEY_SCRIPT_STAGE_H
#define GALLEY_SCRIPT_STAGE_H

#include "galley/plugin.h"

const galley_plugin *script_stage_plugin(void);

#endif
