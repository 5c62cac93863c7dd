/* test_article.c — the article model, its accessors and canonical JSON. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../plugins/lib/article/walk_json.c"

#include "model/article.h"
#include "base/error.h"
#include "base/slug.h"

static void test_string_fields_are_set_by_name(void **state)
{
	(void)state;
	galley_article *a = article_new();
	assert_int_equal(article_set(a, "headline", "Hello"), 0);
	assert_int_equal(article_set(a, "dates.published", "2026-11-24"), 0);
	assert_string_equal(article_get(a, "headline"), "Hello");
	assert_string_equal(article_get(a, "dates.published"), "2026-11-24");
	assert_int_equal(article_set(a, "nonsense", "x"), GALLEY_EINVALID);
	assert_int_equal(article_set(a, "headline", NULL), 0);
	assert_null(article_get(a, "headline"));
	article_free(a);
}

static void test_blocks_insert_remove_and_validate_type(void **state)
{
	(void)state;
	galley_article *a = article_new();
	assert_int_equal(article_block_insert(a, 0, "paragraph", "two"), 0);
	assert_int_equal(article_block_insert(a, 0, "heading", "one"), 0);
	assert_int_equal(article_block_insert(a, 2, "bogus", "x"), GALLEY_EINVALID);
	assert_int_equal(article_block_count(a), 2);
	assert_string_equal(article_block_get(a, 0, "text"), "one");
	assert_int_equal(article_block_level(a, 0), 2);
	assert_int_equal(article_block_remove(a, 0), 0);
	assert_string_equal(article_block_get(a, 0, "type"), "paragraph");
	assert_int_equal(article_block_remove(a, 5), GALLEY_EINVALID);
	article_free(a);
}

static galley_article *sample(void)
{
	galley_article *a = article_new();
	article_set(a, "id", "x");
	article_set(a, "headline", "Høy «test»");
	article_list_add(a, "keywords", "k1");
	article_block_insert(a, 0, "quote", "Words");
	article_block_set(a, 0, "speaker", "Someone");
	int m = article_media_add(a, "image");
	article_media_set(a, (size_t)m, "credit", "Photo Agency");
	article_entity_add(a, "person", "Someone");
	article_extra_set(a, "zeta", json_integer(1));
	article_extra_set(a, "alpha", json_array());
	return a;
}

static void test_json_round_trip_keeps_everything(void **state)
{
	(void)state;
	galley_article *a = sample(), *b = NULL;
	char *one, *two, msg[256];
	size_t n1, n2;
	assert_int_equal(article_dump(a, &one, &n1), 0);
	json_t *j = json_loads(one, 0, NULL);
	assert_non_null(j);
	assert_int_equal(article_from_json(j, &b, msg, sizeof(msg)), 0);
	assert_int_equal(article_dump(b, &two, &n2), 0);
	assert_string_equal(one, two);
	json_decref(j);
	free(one);
	free(two);
	article_free(a);
	article_free(b);
}

static void test_json_key_order_is_fixed_and_extra_sorted(void **state)
{
	(void)state;
	galley_article *a = sample();
	char *s;
	size_t n;
	assert_int_equal(article_dump(a, &s, &n), 0);
	assert_true(strstr(s, "\"id\"") < strstr(s, "\"headline\""));
	assert_true(strstr(s, "\"body\"") < strstr(s, "\"media\""));
	assert_true(strstr(s, "\"alpha\"") < strstr(s, "\"zeta\""));
	assert_int_equal(s[n - 1], '\n');
	free(s);
	article_free(a);
}

static void test_from_json_names_the_bad_field(void **state)
{
	(void)state;
	galley_article *a = NULL;
	char msg[256];
	json_t *j = json_loads("{\"headline\": 5}", 0, NULL);
	assert_int_equal(article_from_json(j, &a, msg, sizeof(msg)), GALLEY_EINVALID);
	assert_non_null(strstr(msg, "'headline'"));
	json_decref(j);
	j = json_loads("{\"body\": [{\"type\": \"poem\", \"text\": \"x\"}]}", 0, NULL);
	assert_int_equal(article_from_json(j, &a, msg, sizeof(msg)), GALLEY_EINVALID);
	assert_non_null(strstr(msg, "body[0].type"));
	json_decref(j);
	j = json_loads("{\"colour\": \"red\"}", 0, NULL);
	assert_int_equal(article_from_json(j, &a, msg, sizeof(msg)), GALLEY_EINVALID);
	assert_non_null(strstr(msg, "extra"));
	json_decref(j);
	/* a language is a BCP 47 tag in its case, as everywhere in the model
	 * (libFuzzer's Lua bridge target found "onnb" going into Lua and refused on
	 * the way back, and "nbR" coming back as "nbr") */
	j = json_loads("{\"language\": \"onnb\"}", 0, NULL);
	assert_int_equal(article_from_json(j, &a, msg, sizeof(msg)), GALLEY_EINVALID);
	assert_non_null(strstr(msg, "field 'language' must be a BCP 47 language tag"));
	json_decref(j);
	j = json_loads("{\"id\": \"a\", \"headline\": \"H\", \"language\": \"NB_no\"}", 0, NULL);
	assert_int_equal(article_from_json(j, &a, msg, sizeof(msg)), 0);
	assert_string_equal(a->language, "nb-NO");
	article_free(a);
	json_decref(j);
}

static void test_slug_transliterates_and_dashes(void **state)
{
	(void)state;
	char *s = slug_make("Three reasons for Russia's actions in Nagorno-Karabakh");
	assert_string_equal(s, "three-reasons-for-russias-actions-in-nagorno-karabakh");
	free(s);
	s = slug_make("Ærlig talt: Øl, smørbrød & Åre!");
	assert_string_equal(s, "aerlig-talt-ol-smorbrod-are");
	free(s);
	s = slug_make("  ¿¡ !! ");
	assert_string_equal(s, "");
	free(s);
}

/* article_dump writes JSON itself; it must give jansson's bytes. */
static void expect_same_as_jansson(const galley_article *a)
{
	json_t *j = walk_json(article_walk, a);
	char *want = json_dumps(j, JSON_INDENT(2));
	char *got;
	size_t n;
	assert_non_null(want);
	assert_int_equal(article_dump(a, &got, &n), 0);
	assert_int_equal(n, strlen(want) + 1);
	assert_memory_equal(got, want, n - 1);
	assert_int_equal(got[n - 1], '\n');
	free(got);
	free(want);
	json_decref(j);
}

static void test_dump_matches_jansson_byte_for_byte(void **state)
{
	(void)state;
	galley_article *a = article_new();
	expect_same_as_jansson(a); /* everything empty */
	article_set(a, "id", "x-1");
	article_set(a, "headline", "Quotes \" back\\slash \t tab \x01 ctl \x1f / slash \x7f Ærø “q”");
	article_set(a, "dates.published", "2026-11-24");
	article_set(a, "dates.embargo", "2026-11-25");
	article_list_add(a, "bylines", "Kari Nordmann");
	article_list_add(a, "keywords", "ferje");
	article_list_add(a, "keywords", "line\nbreak");
	article_block_insert(a, 0, "heading", "Head");
	article_block_insert(a, 1, "paragraph", "Body \r\n\b\f.");
	article_block_insert(a, 2, "quote", "Yes.");
	article_block_set(a, 2, "speaker", "Erik Lind");
	int m = article_media_add(a, "image");
	article_media_set(a, (size_t)m, "caption", "A ferry.");
	article_media_set(a, (size_t)m, "mime", "image/jpeg");
	article_media_add(a, "video");
	article_entity_add(a, "person", "Erik Lind");
	article_entity_add(a, "place", "Lavik");
	assert_int_equal(article_entity_add_id(a, "organisation", "EU", "galley:org/eu"), 2);
	expect_same_as_jansson(a);
	json_t *nested = json_pack("{s:i, s:[s, f, b, n, {}], s:{s:s, s:[]}}", "words", 12, "list",
	                           "x", 1.5, 1, "zmap", "b", "y", "a", "");
	article_extra_set(a, "stats", nested);
	article_extra_set(a, "aaa", json_string("first"));
	expect_same_as_jansson(a);
	article_free(a);
}

/* extra written by article_dump itself (no reals): every kind of value,
 * nested, keys out of order, against jansson's bytes; then nested deeper
 * than it writes, and with a real: both of which jansson writes. */
static void test_dump_writes_extra_like_jansson(void **state)
{
	(void)state;
	galley_article *a = article_new();
	article_set(a, "id", "x");
	article_extra_set(a, "stats", json_pack("{s:i, s:i, s:I, s:I, s:I, s:i}", "words", 812,
	                                        "characters", -4, "big", (json_int_t)1 << 40,
	                                        "min", (json_int_t)INT64_MIN, "max",
	                                        (json_int_t)INT64_MAX, "zero", 0));
	article_extra_set(a, "Zeta", json_pack("[s, b, b, n, {}, [], {s:[i, {s:s}]}]", "q\"\n\\é",
	                                       1, 0, "k", 7, "deep", "v"));
	article_extra_set(a, "alpha", json_string(""));
	expect_same_as_jansson(a);
	json_t *deep = json_array(), *at = deep;
	for (int i = 0; i < 20; i++) { /* deeper than the writer goes */
		json_t *next = json_array();
		json_array_append_new(at, next);
		at = next;
	}
	article_extra_set(a, "deep", deep);
	expect_same_as_jansson(a);
	article_extra_set(a, "odd", json_pack("{s:f, s:b}", "a", 0.1, "b", 1));
	expect_same_as_jansson(a);
	article_free(a);
}

/* Each character to escape at every place across the sixteen- and
 * eight-byte chunks of the plain-text scan, among ASCII and UTF-8. */
static void test_dump_escapes_at_every_offset(void **state)
{
	(void)state;
	static const char *const specials[] = {"\"", "\\", "\x01", "\x1f", "\n", "\x7f", "\xC3\xA9"};
	for (size_t k = 0; k < sizeof(specials) / sizeof(specials[0]); k++)
		for (size_t at = 0; at < 40; at++) {
			char text[64];
			memset(text, 'a', 48);
			text[48] = '\0';
			memcpy(text + at, specials[k], strlen(specials[k]));
			galley_article *a = article_new();
			article_set(a, "headline", text);
			article_block_insert(a, 0, "paragraph", text + at / 2);
			expect_same_as_jansson(a);
			article_free(a);
		}
}

static void test_entity_id_round_trips_and_is_optional(void **state)
{
	(void)state;
	galley_article *a = article_new();
	article_set(a, "headline", "H");
	article_entity_add(a, "person", "Erik Lind");
	article_entity_add_id(a, "place", "Russia", "iso3166:RU");
	assert_null(article_entity_get(a, 0, "id"));
	assert_string_equal(article_entity_get(a, 1, "id"), "iso3166:RU");
	assert_null(article_entity_get(a, 2, "id"));
	json_t *j = walk_json(article_walk, a);
	galley_article *b = NULL;
	char why[256];
	assert_int_equal(article_from_json(j, &b, why, sizeof(why)), 0);
	assert_int_equal(article_entity_count(b), 2);
	assert_null(article_entity_get(b, 0, "id"));
	assert_string_equal(article_entity_get(b, 1, "name"), "Russia");
	assert_string_equal(article_entity_get(b, 1, "id"), "iso3166:RU");
	json_decref(j);
	article_free(a);
	article_free(b);
}

/* The typed setter: a member into an object made for it, into one there,
 * over a value that is not an object, and a whole value. */
static void test_extra_set_int_makes_and_fills_objects(void **state)
{
	(void)state;
	galley_article *a = article_new();
	assert_int_equal(article_extra_set_int(a, "stats", "words", 812), 0);
	assert_int_equal(article_extra_set_int(a, "stats", "paragraphs", -3), 0);
	article_extra_set_string(a, "flat", "text");
	assert_int_equal(article_extra_set_int(a, "flat", "n", INT64_MAX), 0);
	assert_int_equal(article_extra_set_int(a, "whole", NULL, 7), 0);
	char *json = json_dumps(a->extra, JSON_COMPACT | JSON_SORT_KEYS);
	assert_string_equal(json, "{\"flat\":{\"n\":9223372036854775807},"
	                          "\"stats\":{\"paragraphs\":-3,\"words\":812},\"whole\":7}");
	free(json);
	article_free(a);
}

/* jansson's allocator, failing from the Nth call on (-1: never). */
static long alloc_left = -1;

static void *failing_malloc(size_t n)
{
	if (alloc_left == 0)
		return NULL;
	if (alloc_left > 0)
		alloc_left--;
	return malloc(n);
}

/* The tree exporters read (built from host->article_walk by lib's
 * walk_json) is whole or absent: with jansson's Nth allocation failed, for
 * every N, it is NULL or the full tree, never one short of a key or a block. */
static void test_walk_tree_is_whole_or_null_when_memory_runs_out(void **state)
{
	(void)state;
	galley_article *a = article_new();
	article_set(a, "id", "x-1");
	article_set(a, "headline", "Ferry");
	article_list_add(a, "bylines", "Kari Nordmann");
	article_set(a, "dates.published", "2026-11-24");
	article_block_insert(a, 0, "heading", "Head");
	article_block_insert(a, 1, "quote", "Yes.");
	article_block_set(a, 1, "speaker", "Erik Lind");
	article_media_set(a, (size_t)article_media_add(a, "image"), "caption", "A ferry.");
	assert_int_equal(article_entity_add_id(a, "organisation", "EU", "galley:org/eu"), 0);
	article_extra_set(a, "stats", json_pack("{s:i, s:[s, {s:s}]}", "words", 12, "l", "x", "k", "v"));
	json_t *whole = walk_json(article_walk, a);
	char *want = json_dumps(whole, JSON_INDENT(2));
	json_decref(whole);
	int nulls = 0;
	for (long n = 0;; n++) {
		alloc_left = n;
		json_set_alloc_funcs(failing_malloc, free);
		json_t *j = walk_json(article_walk, a);
		json_set_alloc_funcs(malloc, free);
		alloc_left = -1;
		if (!j) {
			nulls++;
			continue;
		}
		char *got = json_dumps(j, JSON_INDENT(2));
		assert_string_equal(got, want);
		free(got);
		json_decref(j);
		break;
	}
	assert_true(nulls > 30); /* every object, array and string of it */
	free(want);
	article_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_string_fields_are_set_by_name),
		cmocka_unit_test(test_blocks_insert_remove_and_validate_type),
		cmocka_unit_test(test_json_round_trip_keeps_everything),
		cmocka_unit_test(test_json_key_order_is_fixed_and_extra_sorted),
		cmocka_unit_test(test_from_json_names_the_bad_field),
		cmocka_unit_test(test_slug_transliterates_and_dashes),
		cmocka_unit_test(test_dump_matches_jansson_byte_for_byte),
		cmocka_unit_test(test_dump_escapes_at_every_offset),
		cmocka_unit_test(test_dump_writes_extra_like_jansson),
		cmocka_unit_test(test_entity_id_round_trips_and_is_optional),
		cmocka_unit_test(test_extra_set_int_makes_and_fills_objects),
		cmocka_unit_test(test_walk_tree_is_whole_or_null_when_memory_runs_out),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
