/* ctx_output.c — a stage writing files under the run's output folder:
 * whole files written atomically, and, for writers that need a path
 * (libarchive, the bundle writer), a temporary name made, renamed into
 * place or removed.  host->output_* hands these to plugins as they are;
 * the host's bundles (host_bundle.c) use them too. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/path.h"
#include "run/ctx.h"
#include "run/ctx_output.h"
#include "run/isolate_relay.h"
#include "run/output.h"

int ctx_output_write(galley_ctx *ctx, const galley_article *a, const char *path,
                     const void *data, size_t len)
{
	char *full = NULL;
	int to_disk = ctx->stage->write_files;
	if (ctx->run->relay) /* an importer's process: the runner writes it */
		return isolate_relay_file(ctx, a, path, data, len);
	if (!a)
		a = ctx->article;
	int rc = output_prepare(ctx->run, path, OUTPUT_CLAIM | (to_disk ? OUTPUT_MKDIR : 0), &full,
	                        ctx->reason, sizeof(ctx->reason));
	if (rc)
		return GALLEY_FAIL;
	if (!to_disk) {
		free(full);
		rc = output_record(ctx->run, ctx->index, path, NULL, a, data, len);
		return rc ? ctx_fail(ctx, "out of memory") : 0;
	}
	/* An article's file gets no fsync: the runner syncs the file system
	 * once, when every article is through (runner.c, sync_outputs).  A
	 * run-wide one (finish(): a feed, a checksum) is one of a handful,
	 * so it is synced itself, with its folder: a syncfs would also wait
	 * for every other dirty page on the file system (0.1 s here). */
	rc = path_write_atomic(full, data, len, !a);
	if (a)
		__atomic_store_n(&ctx->run->files.unsynced, 1, __ATOMIC_RELAXED);
	if (rc) {
		ctx_fail(ctx, "cannot write '%s': %s", full, strerror(-rc));
		free(full);
		return GALLEY_FAIL;
	}
	rc = output_record(ctx->run, ctx->index, path, full, a, NULL, 0);
	free(full);
	return rc ? ctx_fail(ctx, "out of memory") : 0;
}

/* The temporary name of the file full: one rule for begin, commit and
 * abort (and the run's register of them), so each finds what begin made. */
static void temp_of(const char *full, char *tmp, size_t size)
{
	snprintf(tmp, size, "%s.tmp.%ld", full, (long)getpid());
}

/* Temporary names for writers that need a path; ctx->info holds it. */
int ctx_output_begin(galley_ctx *ctx, const char *path, const char **tmp_path)
{
	char *full = NULL;
	if (ctx->run->relay)
		return ctx_fail(ctx, "an importer in a process of its own writes whole files "
		                     "(output_write), not '%s' through a path", path);
	if (output_prepare(ctx->run, path, OUTPUT_CLAIM | OUTPUT_MKDIR, &full, ctx->reason,
	                   sizeof(ctx->reason)))
		return GALLEY_FAIL;
	free(ctx->info);
	size_t n = strlen(full) + 32;
	ctx->info = malloc(n);
	if (ctx->info)
		temp_of(full, ctx->info, n);
	free(full);
	if (!ctx->info || output_temp_add(ctx->run, ctx->info))
		return ctx_fail(ctx, "out of memory");
	*tmp_path = ctx->info;
	return 0;
}

int ctx_output_commit(galley_ctx *ctx, const char *path)
{
	char *full = NULL;
	if (output_prepare(ctx->run, path, 0, &full, ctx->reason, sizeof(ctx->reason)))
		return GALLEY_FAIL;
	char tmp[4096];
	temp_of(full, tmp, sizeof(tmp));
	FILE *fp = fopen(tmp, "rb+");
	int rc = fp && fflush(fp) == 0 && fsync(fileno(fp)) == 0 ? 0 : -1;
	if (fp)
		fclose(fp);
	if (rc == 0 && rename(tmp, full) != 0)
		rc = -1;
	if (rc) {
		ctx_fail(ctx, "cannot move '%s' into place: %s", full, strerror(errno));
		unlink(tmp);
	}
	output_temp_drop(ctx->run, tmp);
	if (rc) {
		free(full);
		return GALLEY_FAIL;
	}
	path_sync_parent(full);
	rc = output_record(ctx->run, ctx->index, path, full, ctx->article, NULL, 0);
	free(full);
	return rc ? ctx_fail(ctx, "out of memory") : 0;
}

void ctx_output_abort(galley_ctx *ctx, const char *path)
{
	char joined[4096], tmp[sizeof(joined) + 32], *full = NULL, why[256];
	if (output_prepare(ctx->run, path, 0, &full, why, sizeof(why)) != 0) /* out of memory */
		snprintf(joined, sizeof(joined), "%s/%s", ctx->run->output, path);
	temp_of(full ? full : joined, tmp, sizeof(tmp));
	free(full);
	unlink(tmp);
	output_temp_drop(ctx->run, tmp);
}
