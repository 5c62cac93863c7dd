/* test_glob.c — '**' patterns and the sorted walk sources rely on. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "glob.h"

static void test_star_stays_in_one_folder(void **state)
{
	(void)state;
	assert_true(glob_match("*.txt", "a.txt"));
	assert_false(glob_match("*.txt", "sub/a.txt"));
	assert_false(glob_match("*.txt", "a.md"));
}

static void test_double_star_spans_folders(void **state)
{
	(void)state;
	assert_true(glob_match("**/*.txt", "a.txt"));
	assert_true(glob_match("**/*.txt", "x/y/z/a.txt"));
	assert_true(glob_match("in/**/a.txt", "in/a.txt"));
	assert_true(glob_match("in/**/a.txt", "in/2026/11/a.txt"));
	assert_false(glob_match("in/**/a.txt", "out/a.txt"));
}

static void test_hidden_files_need_an_explicit_dot(void **state)
{
	(void)state;
	assert_false(glob_match("*.txt", ".draft.txt"));
	assert_true(glob_match(".*.txt", ".draft.txt"));
	assert_false(glob_match("**/*.txt", ".git/a.txt"));
}

typedef struct seen {
	char paths[8][256];
	int n;
} seen;

static int collect(void *data, const char *path)
{
	seen *s = data;
	if (s->n < 8)
		snprintf(s->paths[s->n++], 256, "%s", path);
	return 0;
}

static void touch(const char *path)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fclose(f);
}

static void test_walk_returns_files_in_byte_order(void **state)
{
	(void)state;
	char root[] = "/tmp/galley-glob-XXXXXX", path[512], pattern[512];
	assert_non_null(mkdtemp(root));
	snprintf(path, sizeof(path), "%s/b", root);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/b/z.txt", root);
	touch(path);
	snprintf(path, sizeof(path), "%s/a.txt", root);
	touch(path);
	snprintf(path, sizeof(path), "%s/B.txt", root);
	touch(path);
	snprintf(pattern, sizeof(pattern), "%s/**/*.txt", root);
	seen s = {0};
	assert_int_equal(glob_walk(pattern, collect, &s), 0);
	assert_int_equal(s.n, 3);
	assert_non_null(strstr(s.paths[0], "/B.txt"));
	assert_non_null(strstr(s.paths[1], "/a.txt"));
	assert_non_null(strstr(s.paths[2], "/b/z.txt"));
	char cmd[600];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	assert_int_equal(system(cmd), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_star_stays_in_one_folder),
		cmocka_unit_test(test_double_star_spans_folders),
		cmocka_unit_test(test_hidden_files_need_an_explicit_dot),
		cmocka_unit_test(test_walk_returns_files_in_byte_order),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
