/* test_shard.c — which shard a run is: I/N as given, or auto/N from the
 * scheduler's variable (Kubernetes, Slurm, GNU parallel), and every way
 * the text or the variable can be wrong; and the stages' digests that a
 * shard and the merge compare (shard_digest.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

/* ---- the stages' digests ---- */

static int finish_stub(void *state, galley_ctx *ctx)
{
	(void)state;
	(void)ctx;
	return 0;
}

static const galley_plugin source = {.name = "import/text", .role = GALLEY_ROLE_SOURCE},
                           sink = {.name = "export/ninjs", .role = GALLEY_ROLE_SINK},
                           package = {.name = "package/archive", .role = GALLEY_ROLE_SINK,
                                      .finish = finish_stub};
static const galley_setting version = {.name = "version", .type = GALLEY_SETTING_STRING};

/* import/text, a Lua stage (script), export/ninjs (version), package/archive. */
typedef struct toy {
	stage st[4];
	setting_value ninjs, format;
	pipeline p;
} toy;

static void toy_init(toy *t, const char *script, const char *ninjs_version)
{
	memset(t, 0, sizeof(*t));
	t->ninjs = (setting_value){.spec = &version, .present = 1, .str = ninjs_version};
	t->format = (setting_value){.spec = &version, .present = 1, .str = "tar"};
	t->st[0] = (stage){.name = "import/text", .use = "import/text", .plugin = &source};
	t->st[1] = (stage){.name = "mark.lua", .lua = script, .plugin = &sink};
	t->st[2] = (stage){.name = "ninjs", .use = "export/ninjs", .plugin = &sink,
	                   .settings = {&t->ninjs, 1}};
	t->st[3] = (stage){.name = "package/archive", .use = "package/archive", .plugin = &package,
	                   .settings = {&t->format, 1}};
	t->p.stages = t->st;
	t->p.nstages = 4;
}

static void write_script(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void test_digests(void **state)
{
	(void)state;
	char script[] = "/tmp/galley-test-shard-XXXXXX";
	int fd = mkstemp(script);
	assert_true(fd >= 0);
	close(fd);
	write_script(script, "function process(a) a.kicker = 'Wire' end\n");
	toy a, b;
	toy_init(&a, script, "2.1");
	toy_init(&b, script, "2.1");
	json_t *da = shard_digests(&a.p), *db = shard_digests(&b.p);
	assert_non_null(da);
	assert_int_equal(json_array_size(da), 4);
	assert_true(json_is_string(json_array_get(da, 0)));
	assert_int_equal(strlen(json_string_value(json_array_get(da, 0))), 32);
	assert_true(json_is_null(json_array_get(da, 3))); /* run-wide: the merge's alone */
	assert_null(shard_digests_differ(&a.p, da, db));
	json_decref(db);

	/* a run-wide sink's settings are the merge's: no difference */
	b.format.str = "zip";
	db = shard_digests(&b.p);
	assert_null(shard_digests_differ(&a.p, da, db));
	json_decref(db);

	/* another --set value for a per-article stage */
	b.ninjs.str = "3.0";
	db = shard_digests(&b.p);
	assert_string_equal(shard_digests_differ(&a.p, da, db), "ninjs");
	json_decref(db);
	b.ninjs.str = "2.1";

	/* the same setting given or defaulted differs too */
	b.ninjs.present = 0;
	db = shard_digests(&b.p);
	assert_string_equal(shard_digests_differ(&a.p, da, db), "ninjs");
	json_decref(db);
	b.ninjs.present = 1;

	/* a limit */
	b.st[0].timeout_ms = 20000;
	db = shard_digests(&b.p);
	assert_string_equal(shard_digests_differ(&a.p, da, db), "import/text");
	json_decref(db);
	b.st[0].timeout_ms = 0;

	/* the script edited */
	write_script(script, "function process(a) a.kicker = 'News' end\n");
	db = shard_digests(&b.p);
	assert_string_equal(shard_digests_differ(&a.p, da, db), "mark.lua");
	json_decref(db);

	/* a marker without digests (or too few) is refused at the first stage */
	json_t *empty = json_array();
	assert_string_equal(shard_digests_differ(&a.p, da, empty), "import/text");
	json_decref(empty);
	assert_string_equal(shard_digests_differ(&a.p, da, NULL), "import/text");
	json_decref(da);
	unlink(script);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_given, clean_env),
		cmocka_unit_test_setup(test_refused, clean_env),
		cmocka_unit_test_setup(test_auto, clean_env),
		cmocka_unit_test_setup(test_folder, clean_env),
		cmocka_unit_test(test_digests),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
