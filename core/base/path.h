/* path.h — file-name arithmetic and the filesystem helpers the core needs:
 * lexical joining, mkdir -p, atomic whole-file writes. */
#ifndef GALLEY_PATH_H
#define GALLEY_PATH_H

#include <stddef.h>
#include <sys/types.h>

#include "base/arena.h"

/* dir/rel, lexically cleaned; rel unchanged when absolute.  In arena. */
char *path_join(arena *ar, const char *dir, const char *rel);
/* Folder part ("." when none), and last component, in arena. */
char *path_dirname(arena *ar, const char *path);
char *path_basename(arena *ar, const char *path);
/* 1 when rel is relative and never climbs out with "..". */
int path_is_contained(const char *rel);
/* Creates path and its parents; 0 or -errno. */
int path_mkdirs(const char *path, int mode);
/* Writes data to path.tmp.PID and renames it over path; 0 or -errno.
 * Either way no reader ever sees half a file.  With sync, the file is
 * fsynced before the rename and its folder after it, so the new name
 * survives a crash too; without, a later path_sync_fs must. */
int path_write_atomic(const char *path, const void *data, size_t len, int sync);
/* As path_write_atomic, the file created with mode (before the umask). */
int path_write_atomic_mode(const char *path, const void *data, size_t len, int sync, int mode);
/* Reads a whole regular file in one pass (NUL-terminated; *len excludes
 * it); 0 or -errno: -EFBIG over max bytes, -EINVAL not a regular file
 * (a FIFO is never waited on), -EAGAIN when its size or time changed
 * while it was read (it was being written: read it next time). */
int path_read_file(const char *path, size_t max, char **out, size_t *len);
/* The same checks for a file read in pieces: its fd (close-on-exec), or
 * -errno as above; *st is what path_input_unchanged compares with. */
struct stat;
int path_open_input(const char *path, size_t max, struct stat *st);
/* 1 when the file open at fd still has st's size, time and inode. */
int path_input_unchanged(int fd, const struct stat *st);
/* read(2), unless a test puts a stand-in here to change a file mid-read. */
extern ssize_t (*path_read_chunk)(int fd, void *buf, size_t count);
/* syncfs() of the file system holding dir; 0 or -errno. */
int path_sync_fs(const char *dir);
/* fsync of a folder so a rename inside it is durable; 0 or -errno. */
int path_sync_dir(const char *dir);
/* path_sync_dir of the folder holding path. */
int path_sync_parent(const char *path);
/* FILE.sha256 beside a file (a published bundle), for `sha256sum -c`:
 * "SHA  NAME", written atomically and fsynced; 0 or -errno. */
int path_write_checksum(const char *file, const char *sha);
/* The pid in a temporary name galley makes ("NAME.tmp.PID"), or 0 when
 * name is not one. */
long path_temp_pid(const char *name);
/* Removes the temporary files a killed galley left under root (its
 * whole tree, symlinks not followed): names path_temp_pid knows whose
 * process is gone (or, with any_pid, every one: the caller holds a lock
 * no other run can).  The number removed, or -1 when root is unreadable. */
long path_sweep_temps(const char *root, int any_pid);
/* Removes the regular files below root/prefix (prefix NULL: root itself)
 * that doomed says to, by their path relative to root and their name;
 * never follows a symlink.  How many it removed, or -1 when the folder
 * cannot be opened (a missing one: 0). */
typedef int (*path_doomed_fn)(const char *rel, const char *name, void *data);
long path_sweep(const char *root, const char *prefix, path_doomed_fn doomed, void *data);
/* rename(2) that never replaces: -EEXIST when to exists (renameat2's
 * RENAME_NOREPLACE, else link and unlink where the file system lacks
 * it); 0 or -errno. */
int path_rename_new(const char *from, const char *to);
/* The folder a path pattern starts from, before the folder holding its
 * first wildcard ("." when that is at the top; a pattern without one is
 * itself), into out. */
void path_pattern_root(const char *pattern, char *out, size_t size);
/* Removes dir and everything below it, never following a symlink; 0 (also
 * when dir does not exist) or -errno. */
int path_remove_tree(const char *dir);
/* Gives the file from a second name to, replacing what is there at once:
 * a hard link made under a temporary name and renamed over to, or where
 * the two are on different file systems a copy; 0 or -errno. */
int path_link_over(const char *from, const char *to);
/* fsync(2), unless a test puts a stand-in here to see what is synced. */
extern int (*path_fsync)(int fd);

#endif
