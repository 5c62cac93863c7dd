/* glob.h — file patterns with `**` (any number of folders), matched in
 * sorted order so runs are reproducible.  Used by sources via host->glob. */
#ifndef GALLEY_GLOB_H
#define GALLEY_GLOB_H

#include "galley/plugin.h"

/* Calls fn for each regular file matching pattern, in byte order of the
 * path.  Returns 0, fn's non-zero value, or a negative GALLEY_E* code. */
int glob_walk(const char *pattern, galley_path_fn fn, void *data);
/* Segment-wise match of a relative path against a pattern with '**'. */
int glob_match(const char *pattern, const char *path);

#endif
