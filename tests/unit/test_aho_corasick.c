/* test_aho_corasick.c — the multi-pattern matcher (plugins/lib) against a
 * naive search on random texts and pattern sets, plus the edge cases:
 * equal patterns, patterns inside patterns, a stop from the callback. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../plugins/lib/gazetteer/aho_corasick.c"

typedef struct hits {
	uint32_t id[4096];
	size_t start[4096], end[4096], n;
} hits;

static int collect(void *data, uint32_t id, size_t start, size_t end)
{
	hits *h = data;
	if (h->n < 4096) {
		h->id[h->n] = id;
		h->start[h->n] = start;
		h->end[h->n++] = end;
	}
	return 0;
}

/* "id@start-end" lines, sorted, so two searches compare as strings. */
static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static char *render(const hits *h)
{
	char **lines = malloc((h->n + 1) * sizeof(*lines));
	size_t total = 1;
	for (size_t i = 0; i < h->n; i++) {
		lines[i] = malloc(48);
		snprintf(lines[i], 48, "%u@%zu-%zu\n", h->id[i], h->start[i], h->end[i]);
		total += strlen(lines[i]);
	}
	qsort(lines, h->n, sizeof(*lines), cmp_str);
	char *out = calloc(1, total);
	for (size_t i = 0; i < h->n; i++) {
		strcat(out, lines[i]);
		free(lines[i]);
	}
	free(lines);
	return out;
}

static void test_matches_a_naive_search(void **state)
{
	(void)state;
	srand(7);
	for (int round = 0; round < 200; round++) {
		char pats[12][6], text[300];
		size_t plen[12], np = 1 + (size_t)(rand() % 12), tlen = (size_t)(rand() % 300);
		ac_matcher *m = ac_new();
		for (size_t p = 0; p < np; p++) {
			plen[p] = 1 + (size_t)(rand() % 5);
			for (size_t i = 0; i < plen[p]; i++)
				pats[p][i] = (char)("abc\xc3\xa5"[rand() % 5]);
			assert_int_equal(ac_add(m, pats[p], plen[p], (uint32_t)p), 0);
		}
		for (size_t i = 0; i < tlen; i++)
			text[i] = (char)("abcd\xc3\xa5"[rand() % 6]);
		assert_int_equal(ac_compile(m), 0);
		hits *got = calloc(1, sizeof(*got)), *want = calloc(1, sizeof(*want));
		ac_scan(m, text, tlen, collect, got);
		for (size_t p = 0; p < np; p++)
			for (size_t i = 0; i + plen[p] <= tlen; i++)
				if (!memcmp(text + i, pats[p], plen[p]))
					collect(want, (uint32_t)p, i, i + plen[p]);
		char *a = render(got), *b = render(want);
		assert_string_equal(a, b);
		free(a);
		free(b);
		free(got);
		free(want);
		ac_free(m);
	}
}

static int stop_at_second(void *data, uint32_t id, size_t start, size_t end)
{
	(void)id, (void)start, (void)end;
	return ++*(int *)data == 2 ? 42 : 0;
}

static void test_equal_and_nested_patterns_and_stop(void **state)
{
	(void)state;
	ac_matcher *m = ac_new();
	ac_add(m, "Putin", 5, 1);
	ac_add(m, "Vladimir Putin", 14, 2);
	ac_add(m, "Putin", 5, 3);
	assert_int_equal(ac_add(m, "", 0, 4), -1);
	ac_compile(m);
	assert_int_equal(ac_add(m, "late", 4, 5), -1); /* compiled: closed */
	hits *h = calloc(1, sizeof(*h));
	ac_scan(m, "President Vladimir Putin said", 28, collect, h);
	char *r = render(h);
	assert_string_equal(r, "1@19-24\n2@10-24\n3@19-24\n");
	free(r);
	int count = 0;
	assert_int_equal(ac_scan(m, "Putin, Putin", 12, stop_at_second, &count), 42);
	assert_true(ac_states(m) > 14 && ac_classes(m) > 1 && ac_bytes(m) > 0);
	free(h);
	ac_free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_matches_a_naive_search),
		cmocka_unit_test(test_equal_and_nested_patterns_and_stop),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
