/* pipeline.h — the pipeline model: what pipeline.yaml means (stages, vars,
 * output folder, plugin path), validated with positions.  Loading plugins
 * and checking their settings is pipeline_bind.c; running is runner.c. */
#ifndef GALLEY_PIPELINE_H
#define GALLEY_PIPELINE_H

#include <stdint.h>

#include "base/error.h"
#include "galley/plugin.h"
#include "config/settings.h"
#include "config/yaml_load.h"

typedef struct stage {
	const char *name;
	const char *use; /* "kind/name", or NULL for a Lua stage */
	const char *lua; /* script path joined to the pipeline folder */
	const ynode *node, *with;
	int64_t script_memory_mb, script_instructions;
	int64_t timeout_ms; /* per article: Lua stops itself, the watchdog stops the rest */
	int write_files; /* 0: outputs go to later sinks only, never to disk */
	int isolate;     /* a source's inputs are loaded in a process of its own (run/isolate.h) */
	int64_t process_memory_mb; /* that process's memory limit (`memory_mb:` of a source) */
	const galley_plugin *plugin; /* set by pipeline_bind */
	settings settings;           /* set by pipeline_bind */
} stage;

/* How long a run's quarantine folder is kept by default, in days. */
#define PIPELINE_QUARANTINE_DAYS 30

typedef struct pipeline {
	ydoc doc; /* the tree, and the arena everything else lives in */
	const char *file, *dir, *name, *output;
	int quarantine_days; /* a run's quarantine folder is removed after (0: kept) */
	stage *stages;
	size_t nstages;
	const char **plugin_path;
	size_t nplugin_path;
	const char **set_names, **set_values; /* --set, in command-line order */
	size_t nset;
	const ynode *vars;
	const char *const *more_keys; /* top-level keys a caller accepts too */
	int partial; /* a test's stages: no source needed */
	struct partner *partners; /* the partners: section (partners.h) */
	size_t npartners;
	const char *state; /* the SQLite file of what partners were sent */
	const struct plugins *plugins; /* set by pipeline_bind, for host->import_data */
} pipeline;

/* sets are "NAME=VALUE" strings from --set. */
int pipeline_load(pipeline *p, const char *file, const char *const *sets, size_t nsets,
                  galley_error *err);
void pipeline_release(pipeline *p);
/* The same, accepting more top-level keys (`galley test` files: cases). */
int pipeline_load_with(pipeline *p, const char *file, const char *const *sets, size_t nsets,
                       const char *const *more_keys, galley_error *err);
/* A variable's value: --set, then vars:, then the environment; NULL if none. */
const char *pipeline_var(const pipeline *p, const char *name);

#endif
