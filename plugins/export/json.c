/* export/json — one DIR/ID.json per article in galley's canonical JSON
 * form (stable key order, two-space indent), written atomically. */
#include <stdio.h>
#include <string.h>

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
	const char *dir = host->setting_string(ctx, "dir");
	if (!dir[0] || dir[0] == '/' || strstr(dir, ".."))
		return host->fail(ctx, "'dir' must be a folder inside the output folder, not '%s'", dir);
	return GALLEY_OK;
}

static int json_process(void *state, galley_ctx *ctx, galley_article *a)
{
	(void)state;
	const char *id = H->get(a, "id");
	if (!id || !id[0] || id[0] == '.' || strpbrk(id, "/\\"))
		return H->fail(ctx, "id '%s' cannot be a file name", id ? id : "");
	char path[1024];
	if ((size_t)snprintf(path, sizeof(path), "%s/%s.json", H->setting_string(ctx, "dir"), id) >=
	    sizeof(path))
		return H->fail(ctx, "id '%s' is too long for a file name", id);
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
