/* plugin_load.h — finding, dlopen-ing and vetting stage plugins.  Every
 * refusal (wrong ABI, short descriptor, missing callback, duplicate name)
 * is one specific message.  Handles stay open until plugins_release. */
#ifndef GALLEY_PLUGIN_LOAD_H
#define GALLEY_PLUGIN_LOAD_H

#include <stddef.h>

#include "base/error.h"
#include "galley/plugin.h"

typedef struct loaded_plugin {
	void *handle;        /* NULL for built-ins */
	galley_plugin desc;  /* host-side copy, zero past the plugin's size */
	char *path;
} loaded_plugin;

typedef struct plugins {
	loaded_plugin **items; /* each allocated once: pointers to them stay valid */
	size_t count, cap;
	const char **dirs; /* search order */
	size_t ndirs;
} plugins;

/* Search order: extra (the pipeline's plugin_path), GALLEY_PLUGIN_PATH,
 * the build tree beside the galley binary, the install libdir. */
int plugins_init(plugins *ps, const char *const *extra, size_t nextra, galley_error *err);
void plugins_release(plugins *ps);
/* Loads one shared object and vets its descriptor. */
int plugins_load_file(plugins *ps, const char *path, const loaded_plugin **out,
                      galley_error *err);
/* Finds "kind/name" along the search path (loading at most once). */
/* Loads (once) and returns the plugin named KIND/NAME; a name that is not
 * one (a path, "..") is refused before any file is looked for. */
int plugins_find(plugins *ps, const char *name, const galley_plugin **out, galley_error *err);
/* 1 when name has the form KIND/NAME: lowercase letters, digits, '_'
 * and '-' on each side of one '/'. */
int plugin_name_valid(const char *name);
/* "source", "transform" or "sink". */
const char *plugin_role_name(galley_role role);
/* Loads every plugin under the search path (for `galley plugins`);
 * problems are reported through warn and skipped. */
void plugins_load_all(plugins *ps, void (*warn)(const char *msg));

#endif
