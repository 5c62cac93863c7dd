/* test_hashset.c — the run's set of written paths: a path is added once,
 * found again before and after the recent table merges into the sorted
 * array, and memory stays near 8 bytes a path. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>

#include <cmocka.h>

#include "base/hashset.h"

static void path(char *buf, size_t n, size_t i)
{
	snprintf(buf, n, "json/2026/12/01/article-%06zu.json", i);
}

static void test_a_path_is_added_once(void **state)
{
	(void)state;
	hashset h = {0};
	assert_false(hashset_has(&h, "a.json"));
	assert_int_equal(hashset_add(&h, "a.json"), 1);
	assert_int_equal(hashset_add(&h, "a.json"), 0);
	assert_true(hashset_has(&h, "a.json"));
	assert_false(hashset_has(&h, "b.json"));
	assert_int_equal(hashset_count(&h), 1);
	hashset_release(&h);
	assert_false(hashset_has(&h, "a.json"));
}

/* 300,000 paths: many merges, each path found in whichever part holds it,
 * and every second add of a path refused, old or recent. */
static void test_paths_survive_merges(void **state)
{
	(void)state;
	enum { N = 300000 };
	hashset h = {0};
	char buf[64];
	for (size_t i = 0; i < N; i++) {
		path(buf, sizeof(buf), i);
		assert_int_equal(hashset_add(&h, buf), 1);
		if (i % 1000 == 999) { /* one recent, one long merged */
			assert_int_equal(hashset_add(&h, buf), 0);
			path(buf, sizeof(buf), i / 7);
			assert_int_equal(hashset_add(&h, buf), 0);
		}
	}
	assert_int_equal(hashset_count(&h), N);
	for (size_t i = 0; i < N; i += 97) {
		path(buf, sizeof(buf), i);
		assert_true(hashset_has(&h, buf));
	}
	path(buf, sizeof(buf), N);
	assert_false(hashset_has(&h, buf));
	for (size_t i = 1; i < h.nsorted; i++)
		assert_true(h.sorted[i - 1] < h.sorted[i]);
	/* 8 bytes a path in the array, its recent table an eighth of it */
	assert_true(h.mapped <= (size_t)N * 8 + 4096);
	assert_true(h.cap * 8 <= h.nsorted * 2);
	hashset_release(&h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_a_path_is_added_once),
		cmocka_unit_test(test_paths_survive_merges),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
