/* host_bundle.c — host->bundle_*: a packager's bundle, one archive per
 * format at DIR/NAME.FORMAT, written by the core's bundle writer under
 * temporary names (ctx_output.c), renamed into place together with a
 * NAME.FORMAT.sha256 beside each, or removed together.  Entries are dated
 * by the run (SOURCE_DATE_EPOCH, else the run date's midnight, UTC). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "deliver/bundle.h"
#include "run/ctx.h"
#include "run/ctx_output.h"
#include "run/host_bundle.h"

#define FORMATS_MAX 8

struct galley_bundle {
	galley_ctx *ctx;
	bundle *b;
	size_t n, begun;
	char name[256];
	char rel[FORMATS_MAX][1100]; /* DIR/NAME.FORMAT */
	char *tmp[FORMATS_MAX];
	const char *format[FORMATS_MAX];
};

/* The writer's error as the stage's reason: GALLEY_FAIL. */
static int failed(galley_bundle *hb, const galley_error *err)
{
	char msg[2048];
	galley_error_format(err, msg, sizeof(msg));
	return ctx_fail(hb->ctx, "%s", msg);
}

static void release(galley_bundle *hb)
{
	bundle_free(hb->b);
	for (size_t i = 0; i < hb->begun; i++)
		free(hb->tmp[i]);
	free(hb);
}

void host_bundle_abort(galley_bundle *hb)
{
	if (!hb)
		return;
	bundle_free(hb->b); /* closes its files before they are removed */
	hb->b = NULL;
	for (size_t i = 0; i < hb->begun; i++)
		ctx_output_abort(hb->ctx, hb->rel[i]);
	release(hb);
}

galley_bundle *host_bundle_open(galley_ctx *ctx, const char *dir, const char *name,
                                const char *const *formats, size_t n, int level, int isal)
{
	galley_bundle *hb = calloc(1, sizeof(*hb));
	if (!hb || n == 0 || n > FORMATS_MAX) {
		free(hb);
		ctx_fail(ctx, n ? "out of memory" : "a bundle needs a format");
		return NULL;
	}
	hb->ctx = ctx;
	hb->n = n;
	snprintf(hb->name, sizeof(hb->name), "%s", name);
	for (; hb->begun < n; hb->begun++) {
		size_t i = hb->begun;
		const char *tmp;
		hb->format[i] = formats[i];
		snprintf(hb->rel[i], sizeof(hb->rel[i]), "%s/%s.%s", dir, name, formats[i]);
		if (ctx_output_begin(ctx, hb->rel[i], &tmp)) {
			host_bundle_abort(hb);
			return NULL;
		}
		if (!(hb->tmp[i] = strdup(tmp))) {
			ctx_output_abort(ctx, hb->rel[i]);
			host_bundle_abort(hb);
			ctx_fail(ctx, "out of memory");
			return NULL;
		}
	}
	bundle_info info = {.root = name,
	                    .mtime = bundle_time_of(ctx->run->epoch, ctx->run->date),
	                    .level = level,
	                    .isal = isal,
	                    .by_key = "pipeline",
	                    .by = ctx->run->p->name,
	                    .date = ctx->run->date};
	galley_error err = {0};
	if (bundle_open(&hb->b, &info, hb->format, (const char *const *)hb->tmp, n, &err)) {
		failed(hb, &err);
		host_bundle_abort(hb);
		return NULL;
	}
	return hb;
}

int host_bundle_add(galley_bundle *hb, const char *path, const void *data, size_t len)
{
	galley_error err = {0};
	return bundle_add(hb->b, path, data, len, &err) ? failed(hb, &err) : GALLEY_OK;
}

int host_bundle_add_file(galley_bundle *hb, const char *path, const char *full)
{
	galley_error err = {0};
	return bundle_add_file(hb->b, path, full, &err) ? failed(hb, &err) : GALLEY_OK;
}

int host_bundle_note(galley_bundle *hb, const char *id, const char *const *files, size_t n)
{
	return bundle_note_files(hb->b, id, files, n) ? ctx_fail(hb->ctx, "out of memory")
	                                               : GALLEY_OK;
}

/* NAME.FORMAT.sha256 beside the bundle, for `sha256sum -c`. */
static int write_checksum(galley_bundle *hb, size_t i)
{
	char full[4096], line[1400], rel[1200], sha[65];
	snprintf(full, sizeof(full), "%s/%s", hb->ctx->run->output, hb->rel[i]);
	if (bundle_file_sha256(full, sha))
		return ctx_fail(hb->ctx, "cannot read '%s' to checksum it", full);
	int len = snprintf(line, sizeof(line), "%s  %s.%s\n", sha, hb->name, hb->format[i]);
	snprintf(rel, sizeof(rel), "%s.sha256", hb->rel[i]);
	return ctx_output_write(hb->ctx, NULL, rel, line, (size_t)len);
}

int host_bundle_close(galley_bundle *hb)
{
	galley_error err = {0};
	if (bundle_close(hb->b, &err)) {
		failed(hb, &err);
		host_bundle_abort(hb);
		return GALLEY_FAIL;
	}
	for (size_t i = 0; i < hb->n; i++)
		if (ctx_output_commit(hb->ctx, hb->rel[i])) {
			for (size_t j = i + 1; j < hb->n; j++) /* the rest never appear */
				ctx_output_abort(hb->ctx, hb->rel[j]);
			release(hb);
			return GALLEY_FAIL;
		}
	int rc = GALLEY_OK;
	for (size_t i = 0; !rc && i < hb->n; i++)
		rc = write_checksum(hb, i);
	release(hb);
	return rc;
}
