/* test_yaml_load.c — the YAML loader: positions, limits, errors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "config/yaml_load.h"

static int load(ydoc *doc, const char *text, galley_error *err)
{
	memset(err, 0, sizeof(*err));
	return yaml_load_string(doc, "test.yaml", text, strlen(text), err);
}

static void test_nodes_remember_line_and_column(void **state)
{
	(void)state;
	ydoc doc;
	galley_error err;
	assert_int_equal(load(&doc, "a: 1\nlist:\n  - x\n  - {k: v}\n", &err), 0);
	ynode *list = ynode_get(doc.root, "list");
	assert_non_null(list);
	assert_int_equal(list->kind, YNODE_SEQ);
	assert_int_equal(list->count, 2);
	assert_int_equal(list->items[0]->line, 3);
	assert_int_equal(list->items[0]->column, 5);
	assert_string_equal(ynode_get(list->items[1], "k")->value, "v");
	ydoc_release(&doc);
}

static void test_yaml_error_reports_line_and_column(void **state)
{
	(void)state;
	ydoc doc;
	galley_error err;
	assert_int_equal(load(&doc, "a: 1\nb: [1, 2\nc: 3\n", &err), GALLEY_ESYNTAX);
	assert_string_equal(err.file, "test.yaml");
	assert_int_equal(err.line, 2);
	assert_true(err.column > 0);
	ydoc_release(&doc);
}

static void test_duplicate_key_is_an_error(void **state)
{
	(void)state;
	ydoc doc;
	galley_error err;
	assert_int_equal(load(&doc, "a: 1\nb: 2\na: 3\n", &err), GALLEY_EINVALID);
	assert_int_equal(err.line, 3);
	assert_non_null(strstr(err.message, "duplicate key 'a'"));
	ydoc_release(&doc);
}

static void test_nesting_depth_is_limited(void **state)
{
	(void)state;
	char text[512] = "";
	memset(text, '[', 100); /* 100 levels, NUL-terminated by the initialiser */
	ydoc doc;
	galley_error err;
	assert_int_equal(load(&doc, text, &err), GALLEY_ELIMIT);
	assert_non_null(strstr(err.message, "nesting deeper than"));
	ydoc_release(&doc);
}

static void test_alias_expansion_is_limited(void **state)
{
	(void)state;
	const char *bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
	                   "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
	                   "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
	                   "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
	                   "e: [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n";
	ydoc doc;
	galley_error err;
	assert_int_equal(load(&doc, bomb, &err), GALLEY_ELIMIT);
	assert_non_null(strstr(err.message, "aliases expand"));
	ydoc_release(&doc);
}

static void test_aliases_share_the_anchored_node(void **state)
{
	(void)state;
	ydoc doc;
	galley_error err;
	assert_int_equal(load(&doc, "a: &x {k: v}\nb: *x\n", &err), 0);
	assert_ptr_equal(ynode_get(doc.root, "a"), ynode_get(doc.root, "b"));
	ydoc_release(&doc);
}

static void test_two_documents_are_refused(void **state)
{
	(void)state;
	ydoc doc;
	galley_error err;
	assert_int_equal(load(&doc, "a: 1\n---\nb: 2\n", &err), GALLEY_ESYNTAX);
	assert_int_equal(err.line, 2);
	ydoc_release(&doc);
}

static void test_empty_document_has_no_root(void **state)
{
	(void)state;
	ydoc doc;
	galley_error err;
	assert_int_equal(load(&doc, "", &err), 0);
	assert_null(doc.root);
	ydoc_release(&doc);
}

static void test_missing_file_names_the_file(void **state)
{
	(void)state;
	ydoc doc;
	galley_error err = {0};
	assert_int_equal(yaml_load_file(&doc, "/nonexistent/p.yaml", &err), GALLEY_EIO);
	assert_string_equal(err.file, "/nonexistent/p.yaml");
	ydoc_release(&doc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_nodes_remember_line_and_column),
		cmocka_unit_test(test_yaml_error_reports_line_and_column),
		cmocka_unit_test(test_duplicate_key_is_an_error),
		cmocka_unit_test(test_nesting_depth_is_limited),
		cmocka_unit_test(test_alias_expansion_is_limited),
		cmocka_unit_test(test_aliases_share_the_anchored_node),
		cmocka_unit_test(test_two_documents_are_refused),
		cmocka_unit_test(test_empty_document_has_no_root),
		cmocka_unit_test(test_missing_file_names_the_file),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
