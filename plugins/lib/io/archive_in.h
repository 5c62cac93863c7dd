/* archive_in.h — reading an archive someone sent (tar, tar.gz, tar.bz2,
 * tar.xz, tar.zst, zip) with libarchive, defensively: nothing is ever
 * written to disk, an entry named outside the archive ('/etc/x',
 * '../../x', 'C:\x') refuses the whole archive, links and special files
 * are reported and never followed, and sizes are capped (per entry, in
 * total, and the number of entries) so a bomb stops at the cap.  A damaged
 * or truncated archive is an error naming the entry it broke at. */
#ifndef GALLEY_PLUGIN_ARCHIVE_IN_H
#define GALLEY_PLUGIN_ARCHIVE_IN_H

#include <stddef.h>
#include <stdint.h>

typedef struct archive_caps {
	uint64_t archive_bytes; /* the archive file itself */
	uint64_t entry_bytes;   /* one entry, expanded */
	uint64_t total_bytes;   /* every entry, expanded */
	uint64_t entries;
} archive_caps;

/* One regular file of the archive, read whole: its name as written (UTF-8,
 * checked safe) and bytes (NUL-terminated; the callee may keep them by
 * setting *bytes to NULL).  Non-zero stops the walk with that value. */
typedef int (*archive_file_fn)(void *data, const char *name, char **bytes, size_t len);
/* An entry left out (a link, a device, a FIFO) and why. */
typedef void (*archive_skip_fn)(void *data, const char *name, const char *why);

/* Walks the archive file at path in order: folders are passed over,
 * hidden entries ('.name', '__MACOSX/') too.  0 when the whole archive was
 * read; -1 with why ("truncated or damaged after entry 3 'a.xml': …"); or
 * what file() returned. */
int archive_in_walk(const char *path, const archive_caps *caps, archive_file_fn file,
                    archive_skip_fn skip, void *data, char *why, size_t n);

/* NULL when name is safe to use as a relative path inside the archive,
 * else why not. */
const char *archive_in_unsafe(const char *name);

#endif
