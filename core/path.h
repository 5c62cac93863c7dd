/* path.h — file-name arithmetic and the filesystem helpers the core needs:
 * lexical joining, mkdir -p, atomic whole-file writes. */
#ifndef GALLEY_PATH_H
#define GALLEY_PATH_H

#include <stddef.h>

#include "arena.h"

/* dir/rel, lexically cleaned; rel unchanged when absolute.  In arena. */
char *path_join(arena *ar, const char *dir, const char *rel);
/* Folder part ("." when none), and last component, in arena. */
char *path_dirname(arena *ar, const char *path);
char *path_basename(arena *ar, const char *path);
/* 1 when rel is relative and never climbs out with "..". */
int path_is_contained(const char *rel);
/* Creates path and its parents; 0 or -errno. */
int path_mkdirs(const char *path, int mode);
/* Writes data to path.tmp.PID, fsyncs it when sync is set, renames it
 * over path; 0 or -errno.  Either way no reader ever sees half a file. */
int path_write_atomic(const char *path, const void *data, size_t len, int sync);
/* Reads a whole file (NUL-terminated; *len excludes it), refusing more
 * than max bytes (-EFBIG); 0 or -errno. */
int path_read_file(const char *path, size_t max, char **out, size_t *len);
/* syncfs() of the file system holding dir; 0 or -errno. */
int path_sync_fs(const char *dir);
/* fsync of a folder so a rename inside it is durable. */
void path_sync_dir(const char *dir);

#endif
