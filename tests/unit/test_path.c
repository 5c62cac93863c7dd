/* test_path.c — reading inputs: one consistent pass, never a FIFO, never
 * a file that was being written while it was read; writing outputs: a
 * synced write is durable under its new name, folder and all. */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "base/path.h"

static char dir[] = "/tmp/galley-path-XXXXXX";
static char file[600];

static int setup(void **state)
{
	(void)state;
	strcpy(dir, "/tmp/galley-path-XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	snprintf(file, sizeof(file), "%s/article.txt", dir);
	FILE *f = fopen(file, "w");
	if (!f)
		return -1;
	for (int i = 0; i < 10000; i++)
		fputs("A line of an article that is being read.\n", f);
	return fclose(f);
}

static int teardown(void **state)
{
	(void)state;
	char cmd[700];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	path_read_chunk = read;
	path_fsync = fsync;
	return system(cmd) == 0 ? 0 : -1;
}

static void test_reads_a_whole_file(void **state)
{
	(void)state;
	char *text = NULL;
	size_t len = 0;
	assert_int_equal(path_read_file(file, 1 << 20, &text, &len), 0);
	assert_int_equal(len, 10000 * 41);
	assert_int_equal(text[len], '\0');
	free(text);
	assert_int_equal(path_read_file(file, 1000, &text, &len), -EFBIG);
}

static int reads;

static ssize_t counted_read(int fd, void *buf, size_t count)
{
	reads++;
	return read(fd, buf, count);
}

/* A file system that hands out a few bytes a call. */
static ssize_t short_reads(int fd, void *buf, size_t count)
{
	reads++;
	return read(fd, buf, count < 7 ? count : 7);
}

static void test_one_read_for_a_file_that_holds_still(void **state)
{
	(void)state;
	char *text = NULL;
	size_t len = 0;
	reads = 0;
	path_read_chunk = counted_read;
	assert_int_equal(path_read_file(file, 1 << 20, &text, &len), 0);
	assert_int_equal(len, 10000 * 41);
	assert_int_equal(reads, 1); /* st_size bytes, a short read: the end, no read of 0 */
	free(text);
	reads = 0;
	path_read_chunk = short_reads; /* short reads before the end: read on */
	assert_int_equal(path_read_file(file, 1 << 20, &text, &len), 0);
	assert_int_equal(len, 10000 * 41);
	assert_int_equal(reads, (10000 * 41 + 6) / 7);
	assert_memory_equal(text + len - 6, "read.\n", 6);
	free(text);
	path_read_chunk = read;
}

/* A writer appends to the file after galley's first read(). */
static ssize_t read_then_append(int fd, void *buf, size_t count)
{
	ssize_t got = read(fd, buf, count < 4096 ? count : 4096);
	static int appended;
	if (!appended) {
		appended = 1;
		int w = open(file, O_WRONLY | O_APPEND);
		assert_true(w >= 0);
		assert_int_equal(write(w, "more\n", 5), 5);
		close(w);
	}
	return got;
}

static void test_a_file_that_grows_while_read_is_refused(void **state)
{
	(void)state;
	path_read_chunk = read_then_append;
	char *text = NULL;
	size_t len = 0;
	assert_int_equal(path_read_file(file, 1 << 20, &text, &len), -EAGAIN);
	assert_null(text);
	/* the next run reads it whole */
	path_read_chunk = read;
	assert_int_equal(path_read_file(file, 1 << 20, &text, &len), 0);
	assert_int_equal(len, 10000 * 41 + 5);
	free(text);
}

static void test_a_fifo_is_refused_without_waiting(void **state)
{
	(void)state;
	char fifo[700];
	snprintf(fifo, sizeof(fifo), "%s/wire.txt", dir);
	assert_int_equal(mkfifo(fifo, 0644), 0);
	char *text = NULL;
	size_t len = 0;
	assert_int_equal(path_read_file(fifo, 1 << 20, &text, &len), -EINVAL);
}

/* What each fsync was of, in order: 'f' the file, 'd' its folder with
 * the new name already in it, '?' anything else. */
static char synced[8];
static size_t nsynced;

static int seen_fsync(int fd)
{
	struct stat st, folder, named;
	char target[700];
	snprintf(target, sizeof(target), "%s/report.json", dir);
	char what = '?';
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode))
		what = 'f';
	else if (fstat(fd, &st) == 0 && stat(dir, &folder) == 0 && st.st_ino == folder.st_ino &&
	         stat(target, &named) == 0)
		what = 'd';
	if (nsynced < sizeof(synced) - 1)
		synced[nsynced++] = what;
	return fsync(fd);
}

static void test_a_synced_write_syncs_the_file_then_its_folder(void **state)
{
	(void)state;
	char target[700];
	snprintf(target, sizeof(target), "%s/report.json", dir);
	path_fsync = seen_fsync;
	nsynced = 0;
	memset(synced, 0, sizeof(synced));
	assert_int_equal(path_write_atomic(target, "{}\n", 3, 1), 0);
	assert_string_equal(synced, "fd");
	/* without sync, nothing: the run's syncfs covers the file */
	nsynced = 0;
	memset(synced, 0, sizeof(synced));
	assert_int_equal(path_write_atomic(target, "{ }\n", 4, 0), 0);
	assert_string_equal(synced, "");
	char *text = NULL;
	size_t len = 0;
	assert_int_equal(path_read_file(target, 100, &text, &len), 0);
	assert_string_equal(text, "{ }\n");
	free(text);
}

static void test_sync_parent_finds_the_folder(void **state)
{
	(void)state;
	char target[700];
	snprintf(target, sizeof(target), "%s/report.json", dir);
	path_fsync = fsync;
	assert_int_equal(path_sync_parent(target), 0);
	assert_int_equal(path_sync_parent("relative-name"), 0); /* the current folder */
	snprintf(target, sizeof(target), "%s/gone/report.json", dir);
	assert_int_equal(path_sync_parent(target), -ENOENT);
}

static void test_pattern_root(void **state)
{
	(void)state;
	char out[256];
	path_pattern_root("/data/in/2026/*/*.txt", out, sizeof(out));
	assert_string_equal(out, "/data/in/2026");
	path_pattern_root("*.txt", out, sizeof(out));
	assert_string_equal(out, ".");
	path_pattern_root("in/wire-[0-9].xml", out, sizeof(out));
	assert_string_equal(out, "in");
	path_pattern_root("in/site.xml", out, sizeof(out));
	assert_string_equal(out, "in/site.xml");
}

/* A shard's folder is emptied by removing it: what a symlink in it
 * points to stays. */
static void test_remove_tree_follows_no_symlink(void **state)
{
	(void)state;
	char tree[700], link_[800], deep[800];
	snprintf(tree, sizeof(tree), "%s/tree", dir);
	snprintf(deep, sizeof(deep), "%s/a/b", tree);
	assert_int_equal(path_mkdirs(deep, 0755), 0);
	snprintf(link_, sizeof(link_), "%s/a/outside", tree);
	assert_int_equal(symlink(dir, link_), 0);
	assert_int_equal(path_remove_tree(tree), 0);
	assert_int_equal(access(tree, F_OK), -1);
	assert_int_equal(access(file, F_OK), 0); /* the link's target, untouched */
	assert_int_equal(path_remove_tree(tree), 0); /* gone already: nothing to do */
}

/* A file linked into place replaces what was there, and the two names
 * are one file; the source is left as it was. */
static void test_link_over_replaces(void **state)
{
	(void)state;
	char to[700];
	snprintf(to, sizeof(to), "%s/placed.txt", dir);
	assert_int_equal(path_write_atomic(to, "yesterday", 9, 0), 0);
	assert_int_equal(path_link_over(file, to), 0);
	struct stat a, b;
	assert_int_equal(stat(file, &a), 0);
	assert_int_equal(stat(to, &b), 0);
	assert_true(a.st_ino == b.st_ino && b.st_size == a.st_size);
	snprintf(to, sizeof(to), "%s/no/such/folder/x", dir);
	assert_int_equal(path_link_over(file, to), -ENOENT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_reads_a_whole_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_one_read_for_a_file_that_holds_still, setup, teardown),
		cmocka_unit_test_setup_teardown(test_a_file_that_grows_while_read_is_refused, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(test_a_fifo_is_refused_without_waiting, setup, teardown),
		cmocka_unit_test_setup_teardown(test_a_synced_write_syncs_the_file_then_its_folder, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(test_sync_parent_finds_the_folder, setup,
		                                teardown),
		cmocka_unit_test(test_pattern_root),
		cmocka_unit_test_setup_teardown(test_remove_tree_follows_no_symlink, setup, teardown),
		cmocka_unit_test_setup_teardown(test_link_over_replaces, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
