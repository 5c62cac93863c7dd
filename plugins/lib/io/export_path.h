/* export_path.h — where an exporter writes: the `dir:` setting, declared
 * to stay inside the output folder, and DIR/ID.EXT from the article id.
 * Shared by every exporter. */
#ifndef GALLEY_PLUGIN_EXPORT_PATH_H
#define GALLEY_PLUGIN_EXPORT_PATH_H

#include <stddef.h>

#include "galley/plugin.h"

/* The `dir:` setting with its default folder: relative, and never '..',
 * so it stays inside the output folder (the host checks the pattern). */
#define EXPORT_DIR_SETTING(folder)                                                          \
	GALLEY_SETTING("dir", STRING, folder, "folder under the run's output folder",            \
	               GALLEY_PATTERN("(?!/)(?!.*\\.\\.).+", "a folder inside the output folder"))
/* DIR/ID.EXT into path; GALLEY_FAIL when the id cannot be a file name. */
int export_path(const galley_host *h, galley_ctx *ctx, galley_article *a, const char *ext,
                char *path, size_t size);

#endif
