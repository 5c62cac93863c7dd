/* pipeline_bind.h — gives each stage its plugin (a loaded shared object
 * or the built-in Lua stage) and its validated settings, before anything
 * runs.  Errors point at the stage's line in the pipeline. */
#ifndef GALLEY_PIPELINE_BIND_H
#define GALLEY_PIPELINE_BIND_H

#include "config/pipeline.h"
#include "config/plugin_load.h"

int pipeline_bind(pipeline *p, plugins *ps, galley_error *err);

#endif
