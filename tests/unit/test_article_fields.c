/* test_article_fields.c — walks the field table (article_fields.h) and
 * round-trips every field through each form the article takes: the
 * canonical JSON (written by article_dump, walked by article_walk into
 * lib's jansson builder, read by article_from_json), the packed bytes
 * between processes (article_pack.c), and a Lua table (pushed whole, live,
 * and taken back).  A field added to the table is covered
 * here without a line of this file changing, as long as its kind is. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../plugins/lib/article/walk_json.c"
#include <lauxlib.h>

#include "base/error.h"
#include "lua/script_article.h"
#include "galley_box.h"

/* Fills field f of a with values that are not the defaults. */
static void fill(galley_article *a, int f)
{
	const article_field *af = &article_fields[f];
	char value[128];
	snprintf(value, sizeof(value), "%s «value» \"%d\"", af->name, f);
	switch (af->kind) {
	case AK_STRING: assert_int_equal(article_set(a, af->name, value), 0); break;
	case AK_LANGUAGE: assert_int_equal(article_set(a, af->name, "nb-NO"), 0); break;
	case AK_INT: assert_int_equal(article_set_int(a, af->name, 7 + f), 0); break;
	case AK_STRLIST:
		assert_int_equal(article_list_add(a, af->name, value), 0);
		assert_int_equal(article_list_add(a, af->name, "second"), 0);
		break;
	case AK_DATES:
		for (int i = 0; i < DATE_COUNT; i++) {
			char field[32];
			snprintf(field, sizeof(field), "dates.%s", article_date_names[i]);
			assert_int_equal(article_set(a, field, "2026-12-06T10:00:00Z"), 0);
		}
		break;
	case AK_BODY:
		for (int t = 0; t < ARTICLE_BLOCK_TYPES; t++)
			assert_int_equal(article_block_insert(a, (size_t)t, article_block_types[t], value), 0);
		assert_int_equal(article_block_set_level(a, ARTICLE_BLOCK_HEADING, 3), 0);
		assert_int_equal(article_block_set(a, 2, "speaker", "Someone"), 0);
		break;
	case AK_MEDIA: {
		int m = article_media_add(a, "image");
		assert_true(m >= 0);
		for (size_t i = 1; i < MEDIA_NFIELDS; i++)
			assert_int_equal(article_media_set(a, (size_t)m, media_fields[i].name, value), 0);
		assert_true(article_media_add(a, "video") > 0); /* the rest absent */
		break;
	}
	case AK_ENTITIES:
		assert_int_equal(article_entity_add_id(a, "person", value, "galley:x"), 0);
		assert_int_equal(article_entity_add_id(a, "place", "Lavik", NULL), 1);
		break;
	case AK_EXTRA:
		assert_int_equal(article_extra_set_json(a, "nested",
		                                        "{\"n\": 1, \"list\": [\"x\", true, null, []], "
		                                        "\"map\": {}}"),
		                 0);
		assert_int_equal(article_extra_set_string(a, "aaa", value), 0);
		break;
	}
}

static char *dump(const galley_article *a)
{
	char *s;
	size_t n;
	assert_int_equal(article_dump(a, &s, &n), 0);
	assert_int_equal(strlen(s), n);
	return s;
}

/* The dump and jansson's writing of the walk agree. */
static void expect_writers_agree(const galley_article *a)
{
	char *mine = dump(a);
	json_t *tree = walk_json(article_walk, a);
	assert_non_null(tree);
	char *theirs = json_dumps(tree, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	assert_non_null(theirs);
	size_t n = strlen(mine);
	assert_int_equal(strlen(theirs) + 1, n); /* the dump ends in a newline */
	assert_memory_equal(mine, theirs, n - 1);
	free(theirs);
	json_decref(tree);
	free(mine);
}

static void expect_json_round_trip(const galley_article *a, const char *want)
{
	json_t *j = json_loads(want, 0, NULL);
	galley_article *b = NULL;
	char msg[256];
	assert_non_null(j);
	assert_int_equal(article_from_json(j, &b, msg, sizeof(msg)), 0);
	char *got = dump(b);
	assert_string_equal(got, want);
	free(got);
	article_free(b);
	json_decref(j);
	(void)a;
}

/* Packed bytes, grown by article_pack's put. */
typedef struct bytes {
	char *p;
	size_t n;
} bytes;

static void put_bytes(void *data, const void *p, size_t n)
{
	bytes *b = data;
	b->p = realloc(b->p, b->n + n + 1);
	assert_non_null(b->p);
	memcpy(b->p + b->n, p, n);
	b->n += n;
}

/* Packed and unpacked: the same article; the bytes cut short anywhere, or
 * with one more byte, are refused, never read past. */
static void expect_pack_round_trip(const galley_article *a, const char *want, int cut)
{
	bytes b = {NULL, 0};
	galley_article *back = NULL;
	assert_int_equal(article_pack(a, put_bytes, &b), 0);
	assert_int_equal(article_unpack(b.p, b.n, &back), 0);
	char *got = dump(back);
	assert_string_equal(got, want);
	free(got);
	article_free(back);
	for (size_t n = 0; cut && n < b.n; n++) {
		char *part = malloc(n ? n : 1); /* exactly n bytes, for ASan */
		memcpy(part, b.p, n);
		assert_int_equal(article_unpack(part, n, &back), GALLEY_EINVALID);
		assert_null(back);
		free(part);
	}
	b.p[b.n] = 'x';
	assert_int_equal(article_unpack(b.p, b.n + 1, &back), GALLEY_EINVALID);
	free(b.p);
}

/* Pushed whole and taken back as a new article. */
static void expect_lua_round_trip(const galley_article *a, const char *want)
{
	char msg[256];
	galley_article *b = NULL;
	assert_int_equal(script_article_push(box.L, a), 0);
	assert_int_equal(script_article_take(box.L, -1, &b, msg, sizeof(msg)), 0);
	lua_pop(box.L, 1);
	char *got = dump(b);
	assert_string_equal(got, want);
	free(got);
	article_free(b);
}

/* The live article: field f read, then handed back into a copy of an
 * empty article, must bring exactly that field. */
static void expect_live_field_crosses(const galley_article *a, int f)
{
	char msg[256];
	galley_article *empty = article_new(), *want = article_new();
	assert_int_equal(script_article_push_field(box.L, a, f), 0);
	lua_createtable(box.L, 0, 1);
	lua_insert(box.L, -2);
	lua_setfield(box.L, -2, article_fields[f].name);
	assert_int_equal(script_article_take_into(box.L, -1, 1u << f, empty, msg, sizeof(msg)), 0);
	lua_pop(box.L, 1);
	fill(want, f);
	char *got = dump(empty), *expected = dump(want);
	assert_string_equal(got, expected);
	free(got);
	free(expected);
	article_free(empty);
	article_free(want);
}

static void test_every_field_round_trips_alone(void **state)
{
	(void)state;
	for (int f = 0; f < AF_COUNT; f++) {
		galley_article *a = article_new();
		fill(a, f);
		char *want = dump(a);
		/* the field shows in the JSON under its name, with a value */
		char key[64];
		snprintf(key, sizeof(key), "\n  \"%s\": ", article_fields[f].name);
		assert_non_null(strstr(want, key));
		expect_writers_agree(a);
		expect_json_round_trip(a, want);
		expect_pack_round_trip(a, want, 1);
		expect_lua_round_trip(a, want);
		expect_live_field_crosses(a, f);
		free(want);
		article_free(a);
	}
}

static void test_every_field_together_round_trips(void **state)
{
	(void)state;
	galley_article *a = article_new();
	for (int f = 0; f < AF_COUNT; f++)
		fill(a, f);
	char *want = dump(a);
	expect_writers_agree(a);
	expect_json_round_trip(a, want);
	expect_pack_round_trip(a, want, 1);
	expect_lua_round_trip(a, want);
	free(want);
	article_free(a);
}

/* What the model keeps that the JSON cannot say survives packing too: a
 * language that is not a tag (the runner settles it after the import),
 * extra's keys in the order they were set. */
static void test_pack_keeps_what_json_would_settle(void **state)
{
	(void)state;
	galley_article *a = article_new(), *back = NULL;
	bytes b = {NULL, 0};
	assert_int_equal(article_set(a, "language", "English"), 0);
	assert_int_equal(article_extra_set_string(a, "zeta", "1"), 0);
	assert_int_equal(article_extra_set_string(a, "alpha", "2"), 0);
	assert_int_equal(article_pack(a, put_bytes, &b), 0);
	assert_int_equal(article_unpack(b.p, b.n, &back), 0);
	assert_string_equal(article_get(back, "language"), "English");
	const char *key;
	json_t *v;
	int i = 0;
	json_object_foreach(back->extra, key, v) assert_string_equal(key, i++ ? "alpha" : "zeta");
	free(b.p);
	article_free(a);
	article_free(back);
}

/* The JSON's keys are the table's, in its order, and no other. */
static void test_json_keys_follow_the_table(void **state)
{
	(void)state;
	galley_article *a = article_new();
	json_t *tree = walk_json(article_walk, a);
	assert_int_equal(json_object_size(tree), AF_COUNT);
	int f = 0;
	const char *key;
	json_t *v;
	json_object_foreach(tree, key, v) assert_string_equal(key, article_fields[f++].name);
	json_decref(tree);
	article_free(a);
}

/* Every field name is known to the readers; a name not in the table is
 * refused by both, naming it. */
static void test_readers_know_the_table_and_nothing_else(void **state)
{
	(void)state;
	char msg[256];
	galley_article *b = NULL;
	for (int f = 0; f < AF_COUNT; f++) {
		const char *name = article_fields[f].name;
		assert_int_equal(article_field_index(name, strlen(name)), f);
	}
	json_t *j = json_pack("{s:s}", "headlne", "x");
	assert_int_equal(article_from_json(j, &b, msg, sizeof(msg)), GALLEY_EINVALID);
	assert_non_null(strstr(msg, "'headlne'"));
	json_decref(j);
	lua_createtable(box.L, 0, 1);
	lua_pushliteral(box.L, "x");
	lua_setfield(box.L, -2, "headlne");
	assert_int_equal(script_article_take(box.L, -1, &b, msg, sizeof(msg)), GALLEY_EINVALID);
	assert_non_null(strstr(msg, "'headlne'"));
	lua_pop(box.L, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_field_round_trips_alone),
		cmocka_unit_test(test_every_field_together_round_trips),
		cmocka_unit_test(test_pack_keeps_what_json_would_settle),
		cmocka_unit_test(test_json_keys_follow_the_table),
		cmocka_unit_test(test_readers_know_the_table_and_nothing_else),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
