/* import_files.c — listing and reading an importer's files (see
 * import_files.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import_files.h"

/* The files are walked twice: once to count them, so the run learns
 * their number before the first article goes out (host->expect, for the
 * progress line's ETA), and once to emit them.  Keeping the paths of the
 * first walk instead cost about 110 bytes an input at the run's peak (11 MB
 * for 100,000 inputs, most of the growth of peak RSS from 10,000 to
 * 100,000); a second walk of folders just read is cheap. */
typedef struct lister {
	const galley_host *h;
	galley_ctx *ctx;
	size_t found;
} lister;

static int count_path(void *data, const char *path)
{
	(void)path;
	((lister *)data)->found++;
	return 0;
}

static int emit_file(void *data, const char *path)
{
	lister *l = data;
	galley_article *a = l->h->article_new(l->ctx);
	if (!a || l->h->set(a, "source", path)) {
		l->h->article_free(a);
		return l->h->fail(l->ctx, "out of memory");
	}
	l->found++;
	return l->h->emit(l->ctx, a);
}

int import_list_files(const galley_host *h, galley_ctx *ctx, const char *name)
{
	const char *pattern = h->setting_string(ctx, "path");
	if (!pattern) /* checked here: `galley test` runs importers without a path */
		return h->fail(ctx, "%s needs 'path:', a pattern such as 'incoming/*'", name);
	lister l = {h, ctx, 0};
	unsigned flags = h->setting_bool(ctx, "follow_symlinks") ? GALLEY_GLOB_FOLLOW_SYMLINKS : 0;
	int rc = 0;
	if (h->abi_minor >= 4) { /* the counting walk; older hosts cannot keep it quiet */
		rc = h->glob_with(ctx, pattern, flags | GALLEY_GLOB_QUIET, count_path, &l);
		if (!rc)
			h->expect(ctx, l.found);
		l.found = 0;
	}
	if (!rc)
		rc = h->glob_with(ctx, pattern, flags, emit_file, &l);
	if (rc && rc != GALLEY_FAIL)
		rc = h->fail(ctx, "cannot list '%s'", pattern);
	if (rc)
		return GALLEY_FAIL;
	if (!l.found) /* a typo or an empty night: say so, the run goes on */
		h->log(ctx, GALLEY_LOG_WARN, "no files match '%s'", pattern);
	return GALLEY_OK;
}

int import_read(const galley_host *h, galley_ctx *ctx, galley_article *a, char **text,
                size_t *len)
{
	const char *path = h->get(a, "source");
	if (!path)
		return h->fail(ctx, "an article without a source file");
	if (h->read_file(ctx, path, (size_t)h->setting_int(ctx, "max_bytes"), text, len) != 0) {
		h->reject(ctx, path, NULL); /* read_file's reason */
		return GALLEY_FAIL;
	}
	return GALLEY_OK;
}

int import_read_text(const galley_host *h, galley_ctx *ctx, galley_article *a, const char *kind,
                     char **text, size_t *len, char *why, size_t n)
{
	why[0] = '\0';
	if (import_read(h, ctx, a, text, len) != GALLEY_OK)
		return GALLEY_FAIL;
	const char *nul = memchr(*text, '\0', *len);
	if (!*len)
		snprintf(why, n, "an empty file");
	else if (nul)
		snprintf(why, n, "a binary file, not %s (a NUL byte at offset %zu)", kind, (size_t)(nul - *text));
	if (!why[0])
		return GALLEY_OK;
	h->free(*text);
	*text = NULL;
	return GALLEY_FAIL;
}
