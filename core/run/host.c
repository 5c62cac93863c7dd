/* host.c — the galley_host table handed to plugins: thin wrappers that
 * reach the article model, the stage's settings, the run's outputs and
 * quarantine.  Plugins get nothing else of the core. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/glob.h"
#include "run/import_data.h"
#include "base/log.h"
#include "base/bounds.h"
#include "base/path.h"
#include "run/run.h"
#include "base/slug.h"
#include "run/host.h"
#include "run/output.h"
#include "run/quarantine.h"
#include "run/ctx.h"
#include "run/ctx_output.h"
#include "run/host_bundle.h"
#include "run/host_file.h"

/* host->emit: an importer run on bytes (host->import_data) gives its
 * articles back to its caller; any other source's go to the run. */
static int host_emit(galley_ctx *src, galley_article *a)
{
	if (src->feed)
		return import_data_emit(src, a);
	return ctx_emit(src, a);
}

static void *host_alloc(size_t size)
{
	return malloc(size ? size : 1);
}

static void host_free(void *p)
{
	free(p);
}

static const setting_value *find(galley_ctx *ctx, const char *name)
{
	return settings_find(&ctx->stage->settings, name);
}

static const char *setting_string(galley_ctx *ctx, const char *name)
{
	const setting_value *v = find(ctx, name);
	return v ? v->str : NULL;
}

static int64_t setting_int(galley_ctx *ctx, const char *name)
{
	const setting_value *v = find(ctx, name);
	return v ? v->num : 0;
}

static int setting_bool(galley_ctx *ctx, const char *name)
{
	const setting_value *v = find(ctx, name);
	return v ? (int)v->num : 0;
}

static size_t setting_count(galley_ctx *ctx, const char *name)
{
	const setting_value *v = find(ctx, name);
	return v ? v->count : 0;
}

static const char *setting_item(galley_ctx *ctx, const char *name, size_t i)
{
	const setting_value *v = find(ctx, name);
	return v && i < v->count ? v->items[i] : NULL;
}

static const char *setting_value_at(galley_ctx *ctx, const char *name, size_t i)
{
	const setting_value *v = find(ctx, name);
	return v && v->values && i < v->count ? v->values[i] : NULL;
}

static galley_article *host_article_new(galley_ctx *ctx)
{
	(void)ctx;
	return article_new();
}

static int host_article_json(const galley_article *a, char **out, size_t *len)
{
	return article_dump(a, out, len);
}

/* From run(), the input is quarantined at once (sources run on one
 * thread, in input order).  From a source's process() on a worker, the
 * article is marked and the sink thread quarantines the input in order. */
static int host_reject(galley_ctx *ctx, const char *path, const char *reason)
{
	galley_article *a = (galley_article *)ctx->article;
	if (!reason) /* the message of the host call that just failed */
		reason = ctx->reason[0] ? ctx->reason : "rejected without a reason";
	if (!a) {
		quarantine_input(ctx->run, path, NULL, 0, ctx->stage->name, reason);
		return 0;
	}
	free(a->run.failed_input);
	free(a->run.failed_reason);
	a->run.failed_input = strdup(path);
	a->run.failed_reason = strdup(reason);
	a->run.failed_stage = ctx->stage->name;
	return 0;
}

static void host_expect(galley_ctx *ctx, uint64_t n)
{
	if (ctx && ctx->run)
		__atomic_fetch_add(&ctx->run->expected, n, __ATOMIC_RELAXED);
}

static void glob_skipped(void *data, const char *path, const char *why)
{
	ctx_log(data, GALLEY_LOG_WARN, "skipping '%s': %s", path, why);
}

static int host_glob(galley_ctx *ctx, const char *pattern, unsigned flags, galley_path_fn fn,
                     void *data)
{
	glob_opts opts = {.follow_symlinks = (flags & GALLEY_GLOB_FOLLOW_SYMLINKS) != 0,
	                  .skipped = flags & GALLEY_GLOB_QUIET ? NULL : glob_skipped,
	                  .data = ctx};
	return glob_walk(pattern, &opts, fn, data);
}

static int host_read_file(galley_ctx *ctx, const char *path, size_t max, char **out, size_t *len)
{
	int rc = import_data_read(ctx, path, max, out, len);
	if (rc != 1) /* an importer run on bytes in memory: these are its file */
		return rc;
	rc = path_read_file(path, max, out, len);
	if (rc == -EFBIG)
		return ctx_fail(ctx, "'%s' is over the limit of %zu bytes", path, max);
	if (rc == -EAGAIN)
		return ctx_fail(ctx, "'%s' changed while it was being read; it is left for the next run",
		                 path);
	if (rc == -EINVAL)
		return ctx_fail(ctx, "'%s' is not a regular file", path);
	if (rc)
		return ctx_fail(ctx, "cannot read '%s': %s", path, strerror(-rc));
	return 0;
}

static size_t host_output_count(galley_ctx *ctx)
{
	return output_view(ctx) == 0 ? ctx->nview : 0;
}

static const output_file *view_at(galley_ctx *ctx, size_t i)
{
	return i < ctx->nview ? &ctx->run->files.outputs[ctx->view[i]] : NULL;
}

static const char *host_output_path(galley_ctx *ctx, size_t i)
{
	const output_file *f = view_at(ctx, i);
	return f ? f->path : NULL;
}

static const char *host_output_fullpath(galley_ctx *ctx, size_t i)
{
	const output_file *f = view_at(ctx, i);
	return f ? f->full : NULL;
}

static int host_output_data(galley_ctx *ctx, size_t i, const void **data, size_t *len)
{
	const output_file *f = view_at(ctx, i);
	if (!f || f->full)
		return 0;
	*data = f->data;
	*len = f->len;
	return 1;
}

static const char *host_output_article(galley_ctx *ctx, size_t i)
{
	const output_file *f = view_at(ctx, i);
	return f ? f->article : NULL;
}

static const char *host_run_info(galley_ctx *ctx, const char *key)
{
	run *r = ctx->run;
	if (strcmp(key, "pipeline") == 0)
		return r->p->name;
	if (strcmp(key, "stage") == 0)
		return ctx->stage->name;
	if (strcmp(key, "date") == 0)
		return r->date;
	if (strcmp(key, "epoch") == 0)
		return r->epoch;
	if (strcmp(key, "now") == 0)
		return r->now_text;
	if (strcmp(key, "output") == 0)
		return r->output;
	if (strcmp(key, "reason") == 0) /* what the last failed call recorded */
		return ctx->reason;
	if (strncmp(key, "var.", 4) == 0)
		return pipeline_var(r->p, key + 4);
	return NULL;
}

static const galley_host host = {
	.abi_major = GALLEY_ABI_MAJOR,
	.abi_minor = GALLEY_ABI_MINOR,
	.size = sizeof(galley_host),
	.log = ctx_log,
	.fail = ctx_fail,
	.alloc = host_alloc,
	.free = host_free,
	.setting_string = setting_string,
	.setting_int = setting_int,
	.setting_bool = setting_bool,
	.setting_count = setting_count,
	.setting_item = setting_item,
	.setting_value = setting_value_at,
	.article_new = host_article_new,
	.article_free = article_free,
	.get = article_get,
	.set = article_set,
	.list_count = article_list_count,
	.list_get = article_list_get,
	.list_add = article_list_add,
	.list_clear = article_list_clear,
	.block_count = article_block_count,
	.block_get = article_block_get,
	.block_set = article_block_set,
	.block_level = article_block_level,
	.block_set_level = article_block_set_level,
	.block_insert = article_block_insert,
	.block_remove = article_block_remove,
	.media_count = article_media_count,
	.media_get = article_media_get,
	.media_set = article_media_set,
	.media_add = article_media_add,
	.entity_add = article_entity_add_id,
	.extra_get_string = article_extra_get_string,
	.extra_set_string = article_extra_set_string,
	.article_json = host_article_json,
	.emit = host_emit,
	.reject = host_reject,
	.glob = host_glob,
	.read_file = host_read_file,
	.output_write = ctx_output_write,
	.output_begin = ctx_output_begin,
	.output_commit = ctx_output_commit,
	.output_abort = ctx_output_abort,
	.output_count = host_output_count,
	.output_path = host_output_path,
	.output_fullpath = host_output_fullpath,
	.output_article = host_output_article,
	.run_info = host_run_info,
	.slug = slug_make,
	.output_data = host_output_data,
	.extra_set_json = article_extra_set_json,
	.import_data = host_import_data,
	.reject_data = host_reject_data,
	.expect = host_expect,
	.entity_count = article_entity_count,
	.entity_get = article_entity_get,
	.extra_get_json = article_extra_get_json,
	.extra_set_int = article_extra_set_int,
	.article_walk = article_walk,
	.bundle_open = host_bundle_open,
	.bundle_add = host_bundle_add,
	.bundle_add_file = host_bundle_add_file,
	.bundle_note = host_bundle_note,
	.bundle_close = host_bundle_close,
	.bundle_abort = host_bundle_abort,
	.file_open = host_file_open,
	.file_read = host_file_read,
	.file_rewind = host_file_rewind,
	.file_close = host_file_close,
	.get_int = article_get_int,
	.set_int = article_set_int,
};

const galley_host *host_api(void)
{
	return &host;
}
