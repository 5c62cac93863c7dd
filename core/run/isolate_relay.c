/* isolate_relay.c — files kept for the runner in an importer's own
 * process (see isolate_relay.h). */
#include <stdlib.h>
#include <string.h>

#include "run/ctx.h"
#include "run/isolate_relay.h"

int isolate_relay_file(galley_ctx *ctx, const galley_article *a, const char *path,
                       const void *data, size_t len)
{
	struct isolate_relay *rl = ctx->run->relay;
	if (rl->count == rl->cap) {
		size_t cap = rl->cap ? rl->cap * 2 : 8;
		relay_file *grown = realloc(rl->files, cap * sizeof(*grown));
		if (!grown)
			return ctx_fail(ctx, "out of memory");
		rl->files = grown;
		rl->cap = cap;
	}
	relay_file *f = &rl->files[rl->count];
	*f = (relay_file){a ? a : ctx->article, strdup(path), malloc(len ? len : 1), len, 0};
	if (!f->path || !f->data) {
		free(f->path);
		free(f->data);
		return ctx_fail(ctx, "out of memory");
	}
	memcpy(f->data, data, len);
	rl->count++;
	return GALLEY_OK;
}

void isolate_relay_clear(struct isolate_relay *rl)
{
	for (size_t i = 0; i < rl->count; i++) {
		free(rl->files[i].path);
		free(rl->files[i].data);
	}
	rl->count = 0;
}
