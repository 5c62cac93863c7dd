/* strbuf.h — a growable string for the plugins' writers.  Every append
 * reports failure (-1) and leaves the buffer freeable. */
#ifndef GALLEY_PLUGIN_STRBUF_H
#define GALLEY_PLUGIN_STRBUF_H

#include <stddef.h>

typedef struct strbuf {
	char *s;
	size_t len, cap;
} strbuf;

/* Room for n more bytes and a NUL after len, for a writer that fills
 * b->s itself (and sets len). */
int sb_reserve(strbuf *b, size_t n);
int sb_add(strbuf *b, const char *s, size_t n);
int sb_puts(strbuf *b, const char *s);
void sb_free(strbuf *b);
/* n bytes of UTF-8 as a JSON string, quotes included: " \\ and controls
 * escaped, the rest as it is. */
int sb_json_string(strbuf *b, const char *s, size_t n);

#endif
