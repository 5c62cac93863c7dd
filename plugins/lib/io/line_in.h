/* line_in.h — an input read line by line through host->file_read (ABI
 * 2.3), for formats that are a stream of lines (JSON Lines): one line in
 * memory at a time, however long the file. */
#ifndef GALLEY_PLUGIN_LINE_IN_H
#define GALLEY_PLUGIN_LINE_IN_H

#include <stddef.h>

#include "galley/plugin.h"

typedef struct line_in {
	const galley_host *h;
	galley_ctx *ctx;
	galley_file *f;
	char *buf;
	size_t start, end, cap; /* the bytes read and not yet handed out */
	size_t line;            /* the number of the line handed out last */
	int eof;
} line_in;

/* Starts reading f from its beginning (rewound). */
void line_in_open(line_in *l, const galley_host *h, galley_ctx *ctx, galley_file *f);
/* Starts again from the file's beginning, keeping the buffer (a second pass). */
void line_in_rewind(line_in *l);
/* The next line, without its line break, NUL-terminated and writable
 * until the next call: 1 with *line and *len, 0 at the end, -1 when the
 * read failed (the host's reason) or out of memory (why says). */
int line_in_next(line_in *l, char **line, size_t *len, char *why, size_t n);
void line_in_close(line_in *l);

#endif
