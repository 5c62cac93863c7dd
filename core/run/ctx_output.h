/* ctx_output.h — a stage's files under the run's output folder
 * (ctx_output.c): the host's output_write, output_begin, output_commit
 * and output_abort, for plugins and the core alike. */
#ifndef GALLEY_CTX_OUTPUT_H
#define GALLEY_CTX_OUTPUT_H

#include <stddef.h>

#include "run/run.h"

/* path (relative to the output folder) written whole: to a temporary
 * name, then renamed; for a stage with write_files: false, held in memory
 * for the sinks.  a NULL: the article at hand (or a run-wide file). */
int ctx_output_write(galley_ctx *ctx, const galley_article *a, const char *path,
                     const void *data, size_t len);
/* A temporary full path to write path under (registered with the run, so
 * a run the watchdog ends removes it); commit fsyncs and renames it into
 * place and records the file; abort removes it. */
int ctx_output_begin(galley_ctx *ctx, const char *path, const char **tmp_path);
int ctx_output_commit(galley_ctx *ctx, const char *path);
void ctx_output_abort(galley_ctx *ctx, const char *path);

#endif
