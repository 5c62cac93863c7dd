/* isolate_relay.h — in an importer's own process (isolate_serve.c), the
 * files its stages write are kept here for the runner, which writes and
 * records them (host->output_write lands here, ctx_output.c). */
#ifndef GALLEY_ISOLATE_RELAY_H
#define GALLEY_ISOLATE_RELAY_H

#include <stddef.h>

#include "run/run.h"

typedef struct relay_file {
	const galley_article *a; /* the article it was written for */
	char *path;
	void *data;
	size_t len;
	int sent;
} relay_file;

struct isolate_relay {
	relay_file *files;
	size_t count, cap;
};

/* Keeps a copy of the file for the runner; GALLEY_OK or a failure. */
int isolate_relay_file(galley_ctx *ctx, const galley_article *a, const char *path,
                       const void *data, size_t len);
/* Forgets the files kept (after a request's answer). */
void isolate_relay_clear(struct isolate_relay *rl);

#endif
