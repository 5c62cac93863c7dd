/* glob.h — file patterns with `**` (any number of folders), matched in
 * sorted order so runs are reproducible.  Used by sources via host->glob. */
#ifndef GALLEY_GLOB_H
#define GALLEY_GLOB_H

#include "galley/plugin.h"

typedef struct glob_opts {
	/* Follow symlinks to folders, visiting each folder (device and inode)
	 * once, so a link that points back up ends instead of looping.  Off,
	 * a symlinked folder is skipped with a warning. */
	int follow_symlinks;
	/* Told about what matched the pattern but is not read: FIFOs,
	 * sockets, devices, broken links, skipped folders.  May be NULL. */
	void (*skipped)(void *data, const char *path, const char *why);
	void *data;
} glob_opts;

/* Calls fn for each regular file (or link to one) matching pattern, in
 * byte order of the path; opts may be NULL.  Returns 0, fn's non-zero
 * value, or a negative GALLEY_E* code. */
int glob_walk(const char *pattern, const glob_opts *opts, galley_path_fn fn, void *data);
/* The length of pattern's fixed folders: up to the '/' after the last
 * folder before the first segment with a wildcard (the folder the walk
 * starts in): "inbox/2026/x*.txt" gives 11, "inbox/a.txt" 6, "*.txt" 0.
 * Every path glob_walk hands on starts with them. */
size_t glob_fixed_len(const char *pattern);
/* Segment-wise match of a relative path against a pattern with '**'. */
int glob_match(const char *pattern, const char *path);

#endif
