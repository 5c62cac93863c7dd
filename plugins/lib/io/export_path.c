/* export_path.c — exporters' file names (see export_path.h). */
#include <stdio.h>
#include <string.h>

#include "io/export_path.h"

int export_path(const galley_host *h, galley_ctx *ctx, galley_article *a, const char *ext,
                char *path, size_t size)
{
	const char *id = h->get(a, "id");
	if (!id || !id[0] || id[0] == '.' || strpbrk(id, "/\\"))
		return h->fail(ctx, "id '%s' cannot be a file name", id ? id : "");
	if ((size_t)snprintf(path, size, "%s/%s.%s", h->setting_string(ctx, "dir"), id, ext) >= size)
		return h->fail(ctx, "id '%s' is too long for a file name", id);
	return GALLEY_OK;
}
