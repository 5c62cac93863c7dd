/* test_plugin_load.c — the loader refuses each kind of broken plugin with
 * its own message, and loads a good one.  The broken plugins are built
 * from tests/plugins/test/ into $GALLEY_BUILD/tests/plugins/test/. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "config/plugin_load.h"

static void so_path(char *out, size_t size, const char *dir, const char *name)
{
	const char *build = getenv("GALLEY_BUILD");
	snprintf(out, size, "%s/%s/%s.so", build ? build : "build", dir, name);
}

static void expect_refusal(const char *name, const char *fragment)
{
	plugins ps;
	galley_error err = {0};
	char path[512];
	so_path(path, sizeof(path), "tests/plugins/test", name);
	assert_int_equal(plugins_init(&ps, NULL, 0, &err), 0);
	assert_int_equal(plugins_load_file(&ps, path, NULL, &err), GALLEY_EPLUGIN);
	if (!strstr(err.message, fragment))
		fail_msg("%s: got '%s', expected '%s'", name, err.message, fragment);
	assert_string_equal(err.file, path);
	assert_int_equal(ps.count, 0);
	plugins_release(&ps);
}

static void test_other_major_is_refused_naming_both_versions(void **state)
{
	(void)state;
	expect_refusal("wrong_major", "plugin built for ABI 1.6, but this galley speaks ABI 2.3");
}

static void test_newer_minor_is_refused(void **state)
{
	(void)state;
	expect_refusal("newer_minor", "plugin needs ABI 2.4, newer than this galley's 2.3");
}

static void test_short_descriptor_is_refused(void **state)
{
	(void)state;
	expect_refusal("short_size", "plugin descriptor is 16 bytes");
}

static void test_missing_callback_is_refused(void **state)
{
	(void)state;
	expect_refusal("no_process", "has no process callback");
}

static void test_not_a_shared_object_is_refused(void **state)
{
	(void)state;
	plugins ps;
	galley_error err = {0};
	assert_int_equal(plugins_init(&ps, NULL, 0, &err), 0);
	assert_int_equal(plugins_load_file(&ps, "/nonexistent.so", NULL, &err), GALLEY_EPLUGIN);
	assert_non_null(strstr(err.message, "cannot load plugin"));
	plugins_release(&ps);
}

static void test_good_plugin_loads_once_and_duplicates_are_refused(void **state)
{
	(void)state;
	plugins ps;
	galley_error err = {0};
	char path[512];
	so_path(path, sizeof(path), "plugins/clean", "text");
	const loaded_plugin *lp = NULL;
	assert_int_equal(plugins_init(&ps, NULL, 0, &err), 0);
	assert_int_equal(plugins_load_file(&ps, path, &lp, &err), 0);
	assert_string_equal(lp->desc.name, "clean/text");
	assert_int_equal(lp->desc.role, GALLEY_ROLE_TRANSFORM);
	assert_int_equal(plugins_load_file(&ps, path, NULL, &err), GALLEY_EPLUGIN);
	assert_non_null(strstr(err.message, "already loaded"));
	assert_int_equal(ps.count, 1);
	plugins_release(&ps);
}

static void test_search_path_finds_plugins_by_kind_and_name(void **state)
{
	(void)state;
	plugins ps;
	galley_error err = {0};
	char dir[512];
	snprintf(dir, sizeof(dir), "%s/plugins", getenv("GALLEY_BUILD") ? getenv("GALLEY_BUILD") : "build");
	const char *extra[] = {dir};
	const galley_plugin *p = NULL;
	assert_int_equal(plugins_init(&ps, extra, 1, &err), 0);
	assert_int_equal(plugins_find(&ps, "export/json", &p, &err), 0);
	assert_string_equal(p->name, "export/json");
	assert_int_equal(plugins_find(&ps, "export/jsno", &p, &err), GALLEY_EPLUGIN);
	assert_non_null(strstr(err.message, "did you mean 'export/json'"));
	plugins_release(&ps);
}

/* A pipeline binds stage by stage, each keeping its plugin's descriptor:
 * loading more plugins must not move the ones loaded before. */
static void test_descriptors_stay_put_while_more_load(void **state)
{
	(void)state;
	static const char *const names[] = {
		"import/text",   "import/html",     "import/nitf",   "import/newsml", "import/wxr",
		"import/ninjs",  "import/markdown", "import/archive", "clean/text",   "annotate/stats",
		"export/json",   "export/ninjs",    "export/nitf",   "export/html",  "export/feed",
		"package/archive",
	};
	enum { N = sizeof(names) / sizeof(names[0]) };
	plugins ps;
	galley_error err = {0};
	char dir[512];
	snprintf(dir, sizeof(dir), "%s/plugins", getenv("GALLEY_BUILD") ? getenv("GALLEY_BUILD") : "build");
	const char *extra[] = {dir};
	const galley_plugin *got[N];
	assert_int_equal(plugins_init(&ps, extra, 1, &err), 0);
	for (size_t i = 0; i < N; i++)
		assert_int_equal(plugins_find(&ps, names[i], &got[i], &err), 0);
	for (size_t i = 0; i < N; i++)
		assert_string_equal(got[i]->name, names[i]);
	plugins_release(&ps);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_other_major_is_refused_naming_both_versions),
		cmocka_unit_test(test_newer_minor_is_refused),
		cmocka_unit_test(test_short_descriptor_is_refused),
		cmocka_unit_test(test_missing_callback_is_refused),
		cmocka_unit_test(test_not_a_shared_object_is_refused),
		cmocka_unit_test(test_good_plugin_loads_once_and_duplicates_are_refused),
		cmocka_unit_test(test_search_path_finds_plugins_by_kind_and_name),
		cmocka_unit_test(test_descriptors_stay_put_while_more_load),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
