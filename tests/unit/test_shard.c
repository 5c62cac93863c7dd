/* test_shard.c — which shard a run is: I/N as given, or auto/N from the
 * scheduler's variable (Kubernetes, Slurm, GNU parallel), and every way
 * the text or the variable can be wrong. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "run/shard.h"

static const char *const vars[] = {"JOB_COMPLETION_INDEX", "SLURM_ARRAY_TASK_ID",
                                   "SLURM_ARRAY_TASK_MIN", "PARALLEL_SEQ"};

static int clean_env(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(vars) / sizeof(vars[0]); i++)
		unsetenv(vars[i]);
	return 0;
}

static void test_given(void **state)
{
	(void)state;
	shard_spec s;
	char msg[300];
	assert_int_equal(shard_spec_parse("2/4", &s, msg, sizeof(msg)), 0);
	assert_int_equal(s.index, 2);
	assert_int_equal(s.count, 4);
	assert_null(s.from);
	assert_int_equal(shard_spec_parse("0/1", &s, msg, sizeof(msg)), 0);
}

static void refused(const char *text, const char *says)
{
	shard_spec s;
	char msg[300] = "";
	assert_int_equal(shard_spec_parse(text, &s, msg, sizeof(msg)), -1);
	if (!strstr(msg, says))
		fail_msg("'%s': '%s' does not say '%s'", text, msg, says);
}

static void test_refused(void **state)
{
	(void)state;
	refused("4/4", "not from 0 to 3");
	refused("-1/4", "not from 0 to 3");
	refused("1/0", "I/N or auto/N");
	refused("1/5000", "I/N or auto/N");
	refused("1", "I/N or auto/N");
	refused("x/4", "not from 0 to 3");
	refused("1/4x", "I/N or auto/N");
	refused("1x/4", "not from 0 to 3");
	refused("auto/4", "none of JOB_COMPLETION_INDEX");
	refused("auto", "I/N or auto/N");
}

static void test_auto(void **state)
{
	(void)state;
	shard_spec s;
	char msg[300];
	setenv("PARALLEL_SEQ", "3", 1); /* GNU parallel counts from 1 */
	assert_int_equal(shard_spec_parse("auto/4", &s, msg, sizeof(msg)), 0);
	assert_int_equal(s.index, 2);
	assert_string_equal(s.from, "PARALLEL_SEQ");
	setenv("SLURM_ARRAY_TASK_ID", "7", 1); /* before PARALLEL_SEQ */
	setenv("SLURM_ARRAY_TASK_MIN", "4", 1);
	assert_int_equal(shard_spec_parse("auto/4", &s, msg, sizeof(msg)), 0);
	assert_int_equal(s.index, 3);
	assert_string_equal(s.from, "SLURM_ARRAY_TASK_ID");
	setenv("JOB_COMPLETION_INDEX", "0", 1); /* before both */
	assert_int_equal(shard_spec_parse("auto/4", &s, msg, sizeof(msg)), 0);
	assert_int_equal(s.index, 0);
	assert_string_equal(s.from, "JOB_COMPLETION_INDEX");
	setenv("JOB_COMPLETION_INDEX", "4", 1);
	refused("auto/4", "from JOB_COMPLETION_INDEX is 4");
	setenv("JOB_COMPLETION_INDEX", "one", 1);
	refused("auto/4", "JOB_COMPLETION_INDEX is 'one', not a number from 0 to 3");
	unsetenv("JOB_COMPLETION_INDEX");
	unsetenv("SLURM_ARRAY_TASK_ID");
	setenv("PARALLEL_SEQ", "0", 1);
	refused("auto/4", "from PARALLEL_SEQ is -1");
}

static void test_folder(void **state)
{
	(void)state;
	char *f = shard_folder("/srv/out", 3, 16);
	assert_string_equal(f, "/srv/out/shards/3-of-16");
	free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_given, clean_env),
		cmocka_unit_test_setup(test_refused, clean_env),
		cmocka_unit_test_setup(test_auto, clean_env),
		cmocka_unit_test_setup(test_folder, clean_env),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
