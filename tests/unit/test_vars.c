/* test_vars.c — ${NAME}, ${NAME:-default}, $$ and their errors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "base/error.h"
#include "config/vars.h"

static const char *lookup(void *data, const char *name)
{
	(void)data;
	if (strcmp(name, "DATE") == 0)
		return "2026-11-24";
	if (strcmp(name, "EMPTY") == 0)
		return "";
	return NULL;
}

static char *expand(const char *text, int *rc, char *msg)
{
	char *out = NULL;
	size_t offset = 0;
	*rc = vars_expand(text, lookup, NULL, &out, &offset, msg, 256);
	return out;
}

static void test_variable_is_replaced(void **state)
{
	(void)state;
	int rc;
	char msg[256];
	char *out = expand("out/${DATE}/x", &rc, msg);
	assert_int_equal(rc, 0);
	assert_string_equal(out, "out/2026-11-24/x");
	free(out);
}

static void test_default_applies_when_unset_or_empty(void **state)
{
	(void)state;
	int rc;
	char msg[256];
	char *out = expand("${NOPE:-a b}|${EMPTY:-dflt}|${DATE:-x}", &rc, msg);
	assert_int_equal(rc, 0);
	assert_string_equal(out, "a b|dflt|2026-11-24");
	free(out);
}

static void test_double_dollar_is_a_literal_dollar(void **state)
{
	(void)state;
	int rc;
	char msg[256];
	char *out = expand("cost $$5 and $x", &rc, msg);
	assert_int_equal(rc, 0);
	assert_string_equal(out, "cost $5 and $x");
	free(out);
}

static void test_undefined_variable_is_an_error(void **state)
{
	(void)state;
	int rc;
	char msg[256];
	assert_null(expand("a ${NOPE} b", &rc, msg));
	assert_int_equal(rc, GALLEY_EINVALID);
	assert_non_null(strstr(msg, "undefined variable 'NOPE'"));
}

static void test_unterminated_reference_is_an_error(void **state)
{
	(void)state;
	int rc;
	char msg[256];
	assert_null(expand("a ${DATE", &rc, msg));
	assert_int_equal(rc, GALLEY_EINVALID);
	assert_non_null(strstr(msg, "unterminated"));
}

static void test_bad_name_is_an_error(void **state)
{
	(void)state;
	int rc;
	char msg[256];
	assert_null(expand("${1X}", &rc, msg));
	assert_int_equal(rc, GALLEY_EINVALID);
	assert_true(vars_name_valid("_OK9", 4));
	assert_false(vars_name_valid("a-b", 3));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_variable_is_replaced),
		cmocka_unit_test(test_default_applies_when_unset_or_empty),
		cmocka_unit_test(test_double_dollar_is_a_literal_dollar),
		cmocka_unit_test(test_undefined_variable_is_an_error),
		cmocka_unit_test(test_unterminated_reference_is_an_error),
		cmocka_unit_test(test_bad_name_is_an_error),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
