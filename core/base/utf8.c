/* utf8.c — strict UTF-8 validation, ASCII runs eight bytes at a time. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/utf8.h"

/* Length of the sequence starting at s (left bytes available), 0 if bad. */
static size_t sequence(const unsigned char *s, size_t left)
{
	unsigned char c = s[0];
	size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
	if (c < 0xC2 || c > 0xF4 || left < len)
		return 0;
	for (size_t i = 1; i < len; i++)
		if ((s[i] & 0xC0) != 0x80)
			return 0;
	if ((c == 0xE0 && s[1] < 0xA0) || (c == 0xED && s[1] > 0x9F) || /* overlong, surrogates */
	    (c == 0xF0 && s[1] < 0x90) || (c == 0xF4 && s[1] > 0x8F))   /* overlong, > U+10FFFF */
		return 0;
	return len;
}

int utf8_valid(const char *str, size_t n, size_t *bad)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;
	while (i < n) {
		if (i + 8 <= n) {
			uint64_t w;
			memcpy(&w, s + i, 8);
			if (!(w & 0x8080808080808080ULL)) {
				i += 8;
				continue;
			}
		}
		if (s[i] < 0x80) {
			i++;
			continue;
		}
		size_t len = sequence(s + i, n - i);
		if (!len) {
			if (bad)
				*bad = i;
			return 0;
		}
		i += len;
	}
	return 1;
}

char *utf8_escaped(const char *s)
{
	if (!s)
		return NULL;
	size_t n = strlen(s), at = 0, bad;
	char *out = malloc(4 * n + 1), *o = out; /* each byte at most \xNN */
	while (out && at < n) {
		if (utf8_valid(s + at, n - at, &bad)) {
			bad = n - at;
		}
		memcpy(o, s + at, bad);
		o += bad;
		at += bad;
		if (at < n)
			o += sprintf(o, "\\x%02x", (unsigned char)s[at++]);
	}
	if (out)
		*o = '\0';
	return out;
}
