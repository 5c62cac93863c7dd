/* host_file.h — inputs read in pieces (host->file_open and the rest, ABI
 * 2.3): what lets an importer stream an export of 100,000 posts or a
 * million JSON lines instead of holding it whole. */
#ifndef GALLEY_HOST_FILE_H
#define GALLEY_HOST_FILE_H

#include "galley/plugin.h"

galley_file *host_file_open(galley_ctx *ctx, const char *path, size_t max);
long host_file_read(galley_ctx *ctx, galley_file *f, void *buf, size_t n);
int host_file_rewind(galley_ctx *ctx, galley_file *f);
int host_file_close(galley_ctx *ctx, galley_file *f);

#endif
