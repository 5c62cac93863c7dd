/* import_data.h — importers run on bytes held in memory (host->import_data,
 * host->reject_data, ABI 1.3), for sources whose inputs hold other inputs:
 * an archive's entries. */
#ifndef GALLEY_IMPORT_DATA_H
#define GALLEY_IMPORT_DATA_H

#include <stddef.h>

#include "galley/plugin.h"

int host_import_data(galley_ctx *ctx, const char *use, const char *name, const void *data,
                     size_t len, galley_article *a, galley_article ***more, size_t *nmore);
int host_reject_data(galley_ctx *ctx, const char *name, const void *data, size_t len,
                     const char *reason);
/* host->read_file in a nested importer: 1 when path is not the bytes it
 * was given (read the file), else read_file's result. */
int import_data_read(galley_ctx *ctx, const char *path, size_t max, char **out, size_t *len);
/* host->file_open in a nested importer: 1 when path is not the bytes it
 * was given, else 0 with them (or a failure: over max). */
int import_data_bytes(galley_ctx *ctx, const char *path, size_t max, const char **data,
                      size_t *len);
/* host->emit in a nested importer: the article goes back to its caller. */
int import_data_emit(galley_ctx *ctx, galley_article *a);
/* Stops and frees the importers ctx has run (at the end of the run). */
void import_data_release(galley_ctx *ctx);

#endif
