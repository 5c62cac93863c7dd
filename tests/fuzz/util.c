/* util.c — helpers the fuzz targets share. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "article.h"
#include "fuzz.h"

char *fuzz_string(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	if (!s)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

galley_article *fuzz_input_article(const char *path, const uint8_t *data, size_t size)
{
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(data, 1, size, f) != size || fclose(f) != 0)
		abort();
	galley_article *a = article_new();
	if (!a || article_set(a, "source", path))
		abort();
	return a;
}
