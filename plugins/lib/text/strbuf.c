/* strbuf.c — see strbuf.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text/strbuf.h"

int sb_reserve(strbuf *b, size_t n)
{
	if (b->len + n + 1 <= b->cap)
		return 0;
	size_t cap = b->cap ? b->cap : 256;
	while (cap < b->len + n + 1)
		cap *= 2;
	char *grown = realloc(b->s, cap);
	if (!grown)
		return -1;
	b->s = grown;
	b->cap = cap;
	return 0;
}

int sb_add(strbuf *b, const char *s, size_t n)
{
	if (sb_reserve(b, n))
		return -1;
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
	return 0;
}

int sb_puts(strbuf *b, const char *s)
{
	return sb_add(b, s, strlen(s));
}

void sb_free(strbuf *b)
{
	free(b->s);
	b->s = NULL;
	b->len = b->cap = 0;
}

int sb_json_string(strbuf *b, const char *s, size_t n)
{
	int rc = sb_add(b, "\"", 1);
	for (size_t i = 0, run = 0; i <= n && !rc; i++) {
		unsigned char c = i < n ? (unsigned char)s[i] : 0;
		if (i < n && c >= 0x20 && c != '"' && c != '\\')
			continue;
		rc = sb_add(b, s + run, i - run);
		run = i + 1;
		if (i < n && !rc) {
			char esc[8];
			snprintf(esc, sizeof(esc), c < 0x20 ? "\\u%04x" : "\\%c", c);
			rc = sb_puts(b, esc);
		}
	}
	return rc || sb_add(b, "\"", 1);
}
