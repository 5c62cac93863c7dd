/* slug.c — utf8proc decomposes and strips accents (é -> e, å -> a); a few
 * letters without a decomposition get their usual transliteration (ø -> o,
 * æ -> ae, ß -> ss); anything else becomes a separator.  Apostrophes are
 * dropped so "Russia's" gives "russias". */
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "base/slug.h"

static const char *translit(utf8proc_int32_t c)
{
	switch (c) {
	case 0xF8: case 0xD8: return "o";
	case 0xE6: case 0xC6: return "ae";
	case 0xDF: return "ss";
	case 0x111: case 0x110: return "d";
	case 0x142: case 0x141: return "l";
	case 0xFE: case 0xDE: return "th";
	case 0x153: case 0x152: return "oe";
	default: return NULL;
	}
}

static int is_apostrophe(utf8proc_int32_t c)
{
	return c == '\'' || c == 0x2019 || c == 0x2018 || c == 0x02BC;
}

char *slug_make(const char *text)
{
	utf8proc_uint8_t *folded = NULL;
	utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)text, 0, &folded,
	                                  UTF8PROC_NULLTERM | UTF8PROC_DECOMPOSE |
	                                          UTF8PROC_STRIPMARK | UTF8PROC_CASEFOLD);
	char *out = malloc(SLUG_MAX + 4);
	if (!out) {
		free(folded);
		return NULL;
	}
	size_t len = 0;
	int dash = 0;
	for (utf8proc_ssize_t i = 0; n > 0 && i < n && len < SLUG_MAX;) {
		utf8proc_int32_t c;
		utf8proc_ssize_t step = utf8proc_iterate(folded + i, n - i, &c);
		if (step <= 0)
			break;
		i += step;
		const char *t = translit(c);
		char one[2] = {(char)c, 0};
		if (!t && c < 128 && ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')))
			t = one;
		if (is_apostrophe(c))
			continue;
		if (!t) {
			dash = len > 0;
			continue;
		}
		if (dash && len < SLUG_MAX)
			out[len++] = '-';
		dash = 0;
		for (; *t && len < SLUG_MAX; t++)
			out[len++] = *t;
	}
	while (len > 0 && out[len - 1] == '-')
		len--;
	out[len] = '\0';
	free(folded);
	return out;
}
