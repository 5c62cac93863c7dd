/* import_files.c — listing and reading an importer's files (see
 * import_files.h). */
#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/import_files.h"

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
	rc = h->glob(ctx, pattern, flags | GALLEY_GLOB_QUIET, count_path, &l); /* counting */
	if (!rc)
		h->expect(ctx, l.found);
	l.found = 0;
	if (!rc)
		rc = h->glob(ctx, pattern, flags, emit_file, &l);
	if (rc && rc != GALLEY_FAIL)
		rc = h->fail(ctx, "cannot list '%s'", pattern);
	if (rc)
		return GALLEY_FAIL;
	if (!l.found) /* a typo or an empty night: say so, the run goes on */
		h->log(ctx, GALLEY_LOG_WARN, "no files match '%s'", pattern);
	return GALLEY_OK;
}

/* The byte order of UTF-16 text: a byte-order mark (*skip = 2), or,
 * without one, two ASCII characters each with its NUL byte, the way the
 * XML spec's appendix F tells "<?" in UTF-16 apart.  NULL: not UTF-16. */
const char *import_utf16_order(const unsigned char *s, size_t len, size_t *skip)
{
	*skip = 0;
	if (len >= 2 && ((s[0] == 0xFF && s[1] == 0xFE) || (s[0] == 0xFE && s[1] == 0xFF)))
		return *skip = 2, s[0] == 0xFF ? "UTF-16LE" : "UTF-16BE";
	if (len < 4)
		return NULL;
	if (!s[1] && !s[3] && s[0] && s[2] && s[0] < 0x80 && s[2] < 0x80)
		return "UTF-16LE";
	if (!s[0] && !s[2] && s[1] && s[3] && s[1] < 0x80 && s[3] < 0x80)
		return "UTF-16BE";
	return NULL;
}

/* UTF-16 text (Notepad's and Word's "Unicode" files, pages saved so) as
 * UTF-8, the mark dropped, in place of *text.  0, or -1 with why. */
static int from_utf16(const galley_host *h, const char *order, size_t skip, char **text,
                      size_t *len, char *why, size_t n)
{
	iconv_t cd = iconv_open("UTF-8", order);
	size_t cap = (*len - skip) / 2 * 3 + 1; /* a code unit is at most 3 bytes of UTF-8 */
	char *out = cd == (iconv_t)-1 ? NULL : h->alloc(cap);
	if (!out) {
		snprintf(why, n, "%s", cd == (iconv_t)-1 ? "no UTF-16 decoder (iconv)" : "out of memory");
		if (cd != (iconv_t)-1)
			iconv_close(cd);
		return -1;
	}
	char *in = *text + skip, *at = out;
	size_t left = *len - skip, room = cap - 1;
	size_t rc = iconv(cd, &in, &left, &at, &room);
	iconv_close(cd);
	if (rc == (size_t)-1) {
		snprintf(why, n, "not valid %s text at byte %zu (%s)", order,
		         (size_t)(in - *text), errno == EINVAL ? "it ends inside a character"
		                                               : "a lone surrogate");
		h->free(out);
		return -1;
	}
	*at = '\0';
	h->free(*text);
	*text = out;
	*len = (size_t)(at - out);
	return 0;
}

/* read_file, then UTF-16 made UTF-8 (*utf16 set); on failure the file
 * is rejected with the reason. */
static int read_decoded(const galley_host *h, galley_ctx *ctx, galley_article *a, char **text,
                        size_t *len, int *utf16)
{
	const char *path = h->get(a, "source");
	char why[200];
	size_t skip;
	*utf16 = 0;
	if (!path)
		return h->fail(ctx, "an article without a source file");
	if (h->read_file(ctx, path, (size_t)h->setting_int(ctx, "max_bytes"), text, len) != 0) {
		h->reject(ctx, path, NULL); /* read_file's reason */
		return GALLEY_FAIL;
	}
	const char *order = import_utf16_order((const unsigned char *)*text, *len, &skip);
	if (!order)
		return GALLEY_OK;
	if (from_utf16(h, order, skip, text, len, why, sizeof(why))) {
		h->free(*text);
		*text = NULL;
		h->reject(ctx, path, why);
		return GALLEY_FAIL;
	}
	*utf16 = 1;
	return GALLEY_OK;
}

int import_read(const galley_host *h, galley_ctx *ctx, galley_article *a, char **text,
                size_t *len)
{
	int utf16;
	return read_decoded(h, ctx, a, text, len, &utf16);
}

int import_read_text(const galley_host *h, galley_ctx *ctx, galley_article *a, const char *kind,
                     char **text, size_t *len, int *utf16, char *why, size_t n)
{
	int was;
	why[0] = '\0';
	if (read_decoded(h, ctx, a, text, len, utf16 ? utf16 : &was) != GALLEY_OK)
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

int import_in_passes(const galley_host *h, galley_ctx *ctx, galley_article *a, import_pass_fn read)
{
	const char *source = h->get(a, "source");
	char *path = source ? strdup(source) : NULL, why[300] = "";
	if (!path)
		return h->fail(ctx, source ? "out of memory" : "an article without a source file");
	galley_file *f = h->file_open(ctx, path, (size_t)h->setting_int(ctx, "max_bytes"));
	int rc = f ? read(ctx, a, f, path, why, sizeof(why)) : -1;
	if (f && h->file_close(ctx, f) != GALLEY_OK && rc <= 0) {
		rc = -1; /* it changed while it was read: the host's reason */
		why[0] = '\0';
	}
	if (rc < 0)
		h->reject(ctx, path, why[0] ? why : NULL);
	free(path);
	return rc < 0 ? GALLEY_FAIL : rc;
}

int import_to_utf8(const galley_host *h, const char *encoding, char **text, size_t *len,
                   char *why, size_t n)
{
	iconv_t cd = iconv_open("UTF-8", encoding);
	if (cd == (iconv_t)-1)
		return snprintf(why, n, "no decoder for '%s' (iconv)", encoding), -1;
	/* a byte of a legacy encoding is at most 3 bytes of UTF-8 */
	size_t cap = *len * 3 + 4;
	char *out = *len < ((size_t)1 << 60) ? h->alloc(cap) : NULL;
	if (!out) {
		iconv_close(cd);
		return snprintf(why, n, "out of memory"), -1;
	}
	char *in = *text, *at = out;
	size_t left = *len, room = cap - 1;
	size_t rc = iconv(cd, &in, &left, &at, &room);
	iconv_close(cd);
	if (rc == (size_t)-1) {
		snprintf(why, n, "not valid %s text at byte %zu", encoding, (size_t)(in - *text));
		h->free(out);
		return -1;
	}
	*at = '\0';
	h->free(*text);
	*text = out;
	*len = (size_t)(at - out);
	return 0;
}
