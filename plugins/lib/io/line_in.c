/* line_in.c — lines of an input read in chunks (see line_in.h).  The
 * buffer holds the current line and what was read after it; it grows
 * only for a line longer than itself. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/line_in.h"

#define CHUNK 65536

void line_in_open(line_in *l, const galley_host *h, galley_ctx *ctx, galley_file *f)
{
	memset(l, 0, sizeof(*l));
	l->h = h;
	l->ctx = ctx;
	l->f = f;
	h->file_rewind(ctx, f);
}

void line_in_rewind(line_in *l)
{
	l->start = l->end = l->line = 0;
	l->eof = 0;
	l->h->file_rewind(l->ctx, l->f);
}

/* Reads more after what is held (moved to the front): 1, 0 at the end,
 * -1 on failure. */
static int fill(line_in *l, char *why, size_t n)
{
	if (l->start) {
		memmove(l->buf, l->buf + l->start, l->end - l->start);
		l->end -= l->start;
		l->start = 0;
	}
	if (l->cap - l->end < CHUNK + 1) {
		size_t cap = l->cap ? l->cap * 2 : 2 * CHUNK;
		char *grown = realloc(l->buf, cap);
		if (!grown)
			return snprintf(why, n, "out of memory"), -1;
		l->buf = grown;
		l->cap = cap;
	}
	long got = l->h->file_read(l->ctx, l->f, l->buf + l->end, CHUNK);
	if (got < 0) {
		snprintf(why, n, "%s", l->h->run_info(l->ctx, "reason"));
		return -1;
	}
	l->end += (size_t)got;
	return got > 0;
}

int line_in_next(line_in *l, char **line, size_t *len, char *why, size_t n)
{
	size_t searched = 0;
	for (;;) {
		char *from = l->buf ? l->buf + l->start : NULL;
		char *nl = from ? memchr(from + searched, '\n', l->end - l->start - searched) : NULL;
		if (nl || (l->eof && l->end > l->start)) {
			size_t k = nl ? (size_t)(nl - from) : l->end - l->start;
			from[k] = '\0'; /* the break, or the byte kept free after the end */
			*line = from;
			*len = k;
			l->start += nl ? k + 1 : k;
			l->line++;
			return 1;
		}
		if (l->eof)
			return 0;
		searched = l->end - l->start;
		int rc = fill(l, why, n);
		if (rc < 0)
			return -1;
		l->eof = rc == 0;
	}
}

void line_in_close(line_in *l)
{
	free(l->buf);
	l->buf = NULL;
}
