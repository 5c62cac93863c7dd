/* fuzz_pack.c — the packed article an importer process sends the runner
 * (model/article_pack.c): any bytes are refused or read into an article,
 * never read past; an article read must pack to the same bytes. */
#include <stdlib.h>
#include <string.h>

#include "model/article.h"
#include "fuzz.h"

typedef struct bytes {
	char *p;
	size_t n;
	int oom;
} bytes;

static void put(void *data, const void *p, size_t n)
{
	bytes *b = data;
	char *grown = b->oom ? NULL : realloc(b->p, b->n + n);
	if (!grown) {
		b->oom = 1;
		return;
	}
	memcpy(grown + b->n, p, n);
	b->p = grown;
	b->n += n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	galley_article *a = NULL;
	if (article_unpack(data, size, &a) != 0)
		return 0;
	bytes b = {NULL, 0, 0};
	/* extra is written again as jansson writes it: compare without it */
	if (article_pack(a, put, &b) != 0 || b.oom)
		abort();
	if (!a->extra && (b.n != size || memcmp(b.p, data, size) != 0))
		abort(); /* the same bytes back */
	free(b.p);
	article_free(a);
	return 0;
}
