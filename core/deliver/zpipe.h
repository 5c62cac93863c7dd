/* zpipe.h — a file written through gzip or zstd on a thread of its own.
 * The writer hands over bytes in chunks and goes on with its work while
 * the thread compresses and writes them, so a bundle's compression runs
 * beside the packing instead of inside it (bundle.c).  gzip comes from
 * zlib, or from ISA-L's igzip: the same one-member gzip format, about
 * three times as fast, a little larger (its level 3 compresses between
 * zlib's 4 and 5).  The output is the same bytes for the same input: a
 * gzip header without a name or time, a zstd frame without a content
 * size. */
#ifndef GALLEY_ZPIPE_H
#define GALLEY_ZPIPE_H

#include <stddef.h>

typedef enum { ZPIPE_GZIP, ZPIPE_GZIP_ISAL, ZPIPE_ZSTD } zpipe_kind;
typedef struct zpipe zpipe;

/* Creates path (0644, truncated) and starts the thread; level 0 is the
 * compressor's default (zlib 6, ISA-L 3, zstd 3).  NULL with errno set:
 * EINVAL for a level the compressor does not take (zlib 1-9, ISA-L 1-3). */
zpipe *zpipe_open(const char *path, zpipe_kind kind, int level);
/* Queues len bytes; waits only while the thread is several chunks
 * behind.  0, or -1 once anything failed (the reason comes at close). */
int zpipe_write(zpipe *z, const void *data, size_t len);
/* Compresses what is queued, ends the stream, closes the file and frees
 * z.  0, or -1 with the first failure's reason in err. */
int zpipe_close(zpipe *z, char *err, size_t size);

#endif
