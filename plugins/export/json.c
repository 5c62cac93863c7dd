/* export/json — one DIR/ID.json per article in galley's canonical JSON
 * form (stable key order, two-space indent), written atomically. */
#include <stdio.h>
#include <string.h>

#include "io/export_path.h"
#include "galley/plugin.h"

static const galley_host *H;

static const galley_setting settings[] = {
	EXPORT_DIR_SETTING("json"),
	{0},
};

static int json_init(const galley_host *host, galley_ctx *ctx, void **state)
{
	H = host;
	*state = NULL;
	(void)host;
	(void)ctx;
	return GALLEY_OK;
}

static int json_process(void *state, galley_ctx *ctx, galley_article *a)
{
	(void)state;
	char path[1024];
	if (export_path(H, ctx, a, "json", path, sizeof(path)) != GALLEY_OK)
		return GALLEY_FAIL;
	char *json;
	size_t len;
	if (H->article_json(a, &json, &len))
		return H->fail(ctx, "out of memory");
	int rc = H->output_write(ctx, a, path, json, len);
	H->free(json);
	return rc;
}

/* The reference `galley plugins --markdown` prints (plugins/README.md). */
static const char reference[] =
	"`DIR/ID.json` per article. Setting `dir` (default\n"
	"`json`). With `write_files: false` the JSON goes only into the bundle.\n";

GALLEY_PLUGIN_DEFINE(.name = "export/json", .doc = reference,
                     .description = "writes each article as DIR/ID.json in galley's canonical JSON",
                     .role = GALLEY_ROLE_SINK, .settings = settings, .init = json_init,
                     .process = json_process)
