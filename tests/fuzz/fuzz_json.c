/* fuzz_json.c — the canonical JSON reader: any bytes that it accepts as an
 * article must dump and read back to the same bytes. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "model/article.h"
#include "fuzz.h"

static int dump(const galley_article *a, char **out, size_t *len)
{
	return article_dump(a, out, len);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_t *j = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, NULL);
	galley_article *a = NULL, *b = NULL;
	char msg[256], *first = NULL, *second = NULL;
	size_t n1 = 0, n2 = 0;
	if (j && article_from_json(j, &a, msg, sizeof(msg)) == 0 && dump(a, &first, &n1) == 0) {
		json_t *again = json_loadb(first, n1, JSON_REJECT_DUPLICATES, NULL);
		if (!again || article_from_json(again, &b, msg, sizeof(msg)) != 0)
			abort(); /* galley's own output must read back */
		if (dump(b, &second, &n2) != 0 || n1 != n2 || memcmp(first, second, n1) != 0)
			abort(); /* and give the same bytes */
		json_decref(again);
	}
	free(first);
	free(second);
	article_free(a);
	article_free(b);
	json_decref(j);
	return 0;
}
