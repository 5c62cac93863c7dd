/* export/json — one DIR/ID.json per article in galley's canonical JSON
 * form (stable key order, two-space indent), written atomically. */
#include <stdio.h>
#include <string.h>

#include "io/export_path.h"
#include "galley/plugin.h"

static const galley_host *H;

static const galley_setting settings[] = {
	{"dir", GALLEY_SETTING_STRING, "json", "folder under the run's output folder"},
	{NULL, 0, NULL, NULL},
};

static int json_init(const galley_host *host, galley_ctx *ctx, void **state)
{
	H = host;
	*state = NULL;
	return export_check_dir(host, ctx);
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

GALLEY_PLUGIN_DEFINE(.name = "export/json",
                     .description = "writes each article as DIR/ID.json in galley's canonical JSON",
                     .role = GALLEY_ROLE_SINK, .settings = settings, .init = json_init,
                     .process = json_process)
