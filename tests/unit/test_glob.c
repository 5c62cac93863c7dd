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

#include "base/glob.h"

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
	char paths[32][256];
	int n;
	char skipped[8][512];
	int nskipped;
} seen;

static int collect(void *data, const char *path)
{
	seen *s = data;
	if (s->n < 32)
		snprintf(s->paths[s->n++], 256, "%s", path);
	return 0;
}

static void note_skip(void *data, const char *path, const char *why)
{
	seen *s = data;
	if (s->nskipped < 8)
		snprintf(s->skipped[s->nskipped++], 512, "%s: %s", path, why);
}

static void make_tree(char *root, const char *const *dirs, const char *const *files)
{
	char path[512];
	assert_non_null(mkdtemp(root));
	for (int i = 0; dirs[i]; i++) {
		snprintf(path, sizeof(path), "%s/%s", root, dirs[i]);
		assert_int_equal(mkdir(path, 0755), 0);
	}
	for (int i = 0; files[i]; i++) {
		snprintf(path, sizeof(path), "%s/%s", root, files[i]);
		FILE *f = fopen(path, "w");
		assert_non_null(f);
		fclose(f);
	}
}

static void remove_tree(const char *root)
{
	char cmd[600];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	assert_int_equal(system(cmd), 0);
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
	assert_int_equal(glob_walk(pattern, NULL, collect, &s), 0);
	assert_int_equal(s.n, 3);
	assert_non_null(strstr(s.paths[0], "/B.txt"));
	assert_non_null(strstr(s.paths[1], "/a.txt"));
	assert_non_null(strstr(s.paths[2], "/b/z.txt"));
	char cmd[600];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	assert_int_equal(system(cmd), 0);
}

/* in/a/up -> .. : a '**' walk must not go round and round */
static void test_symlink_loop_reads_each_file_once(void **state)
{
	(void)state;
	static const char *const dirs[] = {"in", "in/a", NULL};
	static const char *const files[] = {"in/top.txt", "in/a/deep.txt", NULL};
	char root[] = "/tmp/galley-glob-XXXXXX", link[512], pattern[512];
	make_tree(root, dirs, files);
	snprintf(link, sizeof(link), "%s/in/a/up", root);
	assert_int_equal(symlink("..", link), 0);
	snprintf(pattern, sizeof(pattern), "%s/in/**/*.txt", root);

	seen by_default = {0};
	glob_opts opts = {.follow_symlinks = 0, .skipped = note_skip, .data = &by_default};
	assert_int_equal(glob_walk(pattern, &opts, collect, &by_default), 0);
	assert_int_equal(by_default.n, 2);
	assert_int_equal(by_default.nskipped, 1);
	assert_non_null(strstr(by_default.skipped[0], "a symlinked folder"));

	seen followed = {0};
	opts = (glob_opts){.follow_symlinks = 1, .skipped = note_skip, .data = &followed};
	assert_int_equal(glob_walk(pattern, &opts, collect, &followed), 0);
	assert_int_equal(followed.n, 2);
	assert_non_null(strstr(followed.paths[0], "/in/a/deep.txt"));
	assert_non_null(strstr(followed.paths[1], "/in/top.txt"));
	assert_int_equal(followed.nskipped, 1);
	assert_non_null(strstr(followed.skipped[0], "a folder already read"));
	remove_tree(root);
}

/* a link to a folder beside it: followed once, as if it were there */
static void test_followed_link_to_another_folder_is_read(void **state)
{
	(void)state;
	static const char *const dirs[] = {"in", "archive", NULL};
	static const char *const files[] = {"archive/old.txt", "in/new.txt", NULL};
	char root[] = "/tmp/galley-glob-XXXXXX", link[512], target[512], pattern[512];
	make_tree(root, dirs, files);
	snprintf(link, sizeof(link), "%s/in/archive", root);
	snprintf(target, sizeof(target), "%s/archive", root);
	assert_int_equal(symlink(target, link), 0);
	snprintf(pattern, sizeof(pattern), "%s/in/**/*.txt", root);
	seen s = {0};
	glob_opts opts = {.follow_symlinks = 1, .skipped = note_skip, .data = &s};
	assert_int_equal(glob_walk(pattern, &opts, collect, &s), 0);
	assert_int_equal(s.n, 2);
	assert_non_null(strstr(s.paths[0], "/in/archive/old.txt"));
	assert_int_equal(s.nskipped, 0);
	remove_tree(root);
}

static void test_fifos_are_skipped_with_a_warning(void **state)
{
	(void)state;
	static const char *const dirs[] = {NULL};
	static const char *const files[] = {"a.txt", NULL};
	char root[] = "/tmp/galley-glob-XXXXXX", fifo[512], pattern[512];
	make_tree(root, dirs, files);
	snprintf(fifo, sizeof(fifo), "%s/b.txt", root);
	assert_int_equal(mkfifo(fifo, 0644), 0);
	snprintf(pattern, sizeof(pattern), "%s/*.txt", root);
	seen s = {0};
	glob_opts opts = {.skipped = note_skip, .data = &s};
	assert_int_equal(glob_walk(pattern, &opts, collect, &s), 0);
	assert_int_equal(s.n, 1);
	assert_int_equal(s.nskipped, 1);
	assert_non_null(strstr(s.skipped[0], "/b.txt: not a regular file"));
	/* named without a wildcard, too */
	s = (seen){0};
	assert_int_equal(glob_walk(fifo, &opts, collect, &s), 0);
	assert_int_equal(s.n, 0);
	assert_int_equal(s.nskipped, 1);
	remove_tree(root);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_star_stays_in_one_folder),
		cmocka_unit_test(test_double_star_spans_folders),
		cmocka_unit_test(test_hidden_files_need_an_explicit_dot),
		cmocka_unit_test(test_walk_returns_files_in_byte_order),
		cmocka_unit_test(test_symlink_loop_reads_each_file_once),
		cmocka_unit_test(test_followed_link_to_another_folder_is_read),
		cmocka_unit_test(test_fifos_are_skipped_with_a_warning),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
