/* export_path.h — where an exporter writes: `dir:` checked to stay inside
 * the output folder, and DIR/ID.EXT from the article id.  Shared by every
 * exporter. */
#ifndef GALLEY_PLUGIN_EXPORT_PATH_H
#define GALLEY_PLUGIN_EXPORT_PATH_H

#include <stddef.h>

#include "galley/plugin.h"

/* GALLEY_OK, or GALLEY_FAIL (via host->fail) when the stage's `dir`
 * setting would leave the output folder. */
int export_check_dir(const galley_host *h, galley_ctx *ctx);
/* DIR/ID.EXT into path; GALLEY_FAIL when the id cannot be a file name. */
int export_path(const galley_host *h, galley_ctx *ctx, galley_article *a, const char *ext,
                char *path, size_t size);

#endif
