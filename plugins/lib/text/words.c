/* words.c — see words.h. */
#include "text/words.h"
#include "text/word_char.h"

static utf8proc_ssize_t next(const char *s, size_t len, size_t i, utf8proc_int32_t *c)
{
	utf8proc_ssize_t step = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
	                                         (utf8proc_ssize_t)(len - i), c);
	if (step <= 0)
		step = 1, *c = 0;
	return step;
}

int words_each(const char *s, size_t len, int apostrophes, words_fn fn, void *data)
{
	size_t start = 0;
	int in = 0;
	for (size_t i = 0; i <= len;) {
		utf8proc_int32_t c = 0, after = 0;
		utf8proc_ssize_t step = i < len ? next(s, len, i, &c) : 1;
		int w = i < len && word_char(c);
		if (!w && in && apostrophes && (c == '\'' || c == 0x2019) && i + (size_t)step < len) {
			next(s, len, i + (size_t)step, &after);
			w = word_char(after);
		}
		if (w && !in) {
			start = i, in = 1;
		} else if (!w && in) {
			in = 0;
			int rc = fn(data, s, start, i);
			if (rc)
				return rc;
		}
		i += (size_t)step;
	}
	return 0;
}
