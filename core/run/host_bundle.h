/* host_bundle.h — the host's bundles (host->bundle_*, ABI 2.0): the core's
 * one bundle writer (deliver/bundle.h) for packagers, its archives written
 * under temporary names in the run's output folder and renamed together. */
#ifndef GALLEY_HOST_BUNDLE_H
#define GALLEY_HOST_BUNDLE_H

#include <stddef.h>

#include "galley/plugin.h"

galley_bundle *host_bundle_open(galley_ctx *ctx, const char *dir, const char *name,
                                const char *const *formats, size_t n, int level, int isal);
int host_bundle_add(galley_bundle *hb, const char *path, const void *data, size_t len);
int host_bundle_add_file(galley_bundle *hb, const char *path, const char *full);
int host_bundle_note(galley_bundle *hb, const char *id, const char *const *files, size_t n);
int host_bundle_close(galley_bundle *hb);
void host_bundle_abort(galley_bundle *hb);

#endif
