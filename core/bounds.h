/* bounds.h — every bound galley enforces, named in one place.  Settable
 * ones are read from the pipeline's `limits:` map (see pipeline.c). */
#ifndef GALLEY_BOUNDS_H
#define GALLEY_BOUNDS_H

#define GALLEY_YAML_MAX_BYTES (1024 * 1024)  /* size of a pipeline file */
#define GALLEY_YAML_MAX_DEPTH 64             /* nesting of maps and lists */
#define GALLEY_YAML_MAX_ALIAS_NODES 10000    /* nodes copied by alias expansion */
#define GALLEY_VAR_MAX_BYTES 65536           /* one scalar after ${} expansion */
#define GALLEY_ARTICLE_MAX_BYTES (16 * 1024 * 1024) /* one input file */

/* Lua, per worker state and per article; settable per stage with
 * `memory_mb:` and `instructions:`. */
#define GALLEY_LUA_MEMORY_MB 64
#define GALLEY_LUA_INSTRUCTIONS 50000000LL

#endif
