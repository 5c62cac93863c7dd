/* test_lua_article.c — the live article a transform's process() receives
 * (core/lua/script_article_live.c) and the way back (core/lua/script_article_take.c):
 * only the fields a script reads or writes cross, cleared fields stay
 * cleared, pairs() sees every field, an article kept past its call says
 * so instead of reading freed memory, a bad table changes nothing, types
 * survive the round trip, a key JSON cannot hold is refused, and a
 * language must be a BCP 47 tag. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <lauxlib.h>

#include "base/error.h"
#include "lua/script_article.h"
#include "galley_box.h"

static galley_article *sample(void)
{
	galley_article *a = article_new();
	assert_non_null(a);
	assert_int_equal(article_set(a, "id", "ferry"), 0);
	assert_int_equal(article_set(a, "headline", "Electric ferry for the ODKB"), 0);
	assert_int_equal(article_set(a, "kicker", "Transport"), 0);
	assert_int_equal(article_list_add(a, "bylines", "Erik Lind"), 0);
	assert_int_equal(article_block_insert(a, 0, "paragraph", "First ODKB paragraph."), 0);
	assert_int_equal(article_block_insert(a, 1, "heading", "A subhead"), 0);
	assert_int_equal(article_extra_set_json(a, "count", "3"), 0);
	return a;
}

/* Defines process from code and runs it on a as script_stage.c's
 * process_protected does; returns the take's result (msg filled on an
 * error) and leaves the article let go. */
typedef struct call {
	galley_article *a;
	char msg[512];
	int rc;
} call;

static int call_protected(lua_State *L)
{
	call *c = lua_touserdata(L, 1);
	lua_settop(L, 0);
	lua_getglobal(L, "process");
	script_article_push_live(L, c->a);
	lua_pushvalue(L, -1);
	lua_insert(L, 1);
	lua_call(L, 1, 1);
	c->rc = script_article_take_result(L, 2, 1, c->a, c->msg, sizeof(c->msg));
	return 0;
}

static int run(const char *code, galley_article *a, char *msg, size_t size)
{
	char err[2048] = "";
	if (luaL_loadstring(box.L, code) != LUA_OK || script_box_call(&box, 0, 0, err, sizeof(err)))
		fail_msg("cannot load: %s", err[0] ? err : lua_tostring(box.L, -1));
	call c = {.a = a};
	lua_pushcfunction(box.L, call_protected);
	lua_pushlightuserdata(box.L, &c);
	int rc = script_box_call(&box, 1, 0, err, sizeof(err));
	script_article_let_go(box.L);
	snprintf(msg, size, "%s", rc ? err : c.msg);
	return rc ? -1 : c.rc;
}

static void test_only_touched_fields_cross(void **state)
{
	(void)state;
	galley_article *a = sample();
	char msg[2048];
	assert_int_equal(run("function process(a)\n"
	                     "  a.headline = a.headline:gsub('ODKB', 'CSTO')\n"
	                     "  a.standfirst = 'Written, never read'\n"
	                     "  a.kicker = nil\n"
	                     "  return a\n"
	                     "end",
	                     a, msg, sizeof(msg)),
	                 0);
	assert_string_equal(a->headline, "Electric ferry for the CSTO");
	assert_string_equal(a->standfirst, "Written, never read");
	assert_null(a->kicker);
	assert_int_equal(a->body.count, 2); /* never read: as it was */
	assert_string_equal(a->bylines.items[0], "Erik Lind");
	assert_int_equal(json_integer_value(json_object_get(a->extra, "count")), 3);
	article_free(a);
}

static void test_a_cleared_field_stays_cleared(void **state)
{
	(void)state;
	galley_article *a = sample();
	char msg[2048];
	assert_int_equal(run("function process(a)\n"
	                     "  assert(a.kicker == 'Transport')\n"
	                     "  a.kicker = nil\n"
	                     "  assert(a.kicker == nil, 'read again after clearing')\n"
	                     "end",
	                     a, msg, sizeof(msg)),
	                 0);
	assert_null(a->kicker);
	article_free(a);
}

static void test_pairs_sees_every_field(void **state)
{
	(void)state;
	galley_article *a = sample();
	char msg[2048], code[512];
	int valued = 0; /* every field with a value: one without reads as nil */
	for (int f = 0; f < AF_COUNT; f++) {
		article_kind k = article_fields[f].kind;
		const void *slot = article_slot(a, f);
		valued += k == AK_INT      ? *(const int64_t *)slot != 0
		        : k == AK_STRING || k == AK_LANGUAGE ? *(char *const *)slot != NULL
		                                             : 1;
	}
	snprintf(code, sizeof(code),
	         "function process(a)\n"
	         "  local n = 0\n"
	         "  for k, v in pairs(a) do n = n + 1 end\n"
	         "  assert(n == %d, 'pairs saw ' .. n)\n" /* every field with a value */
	         "  assert(a.guid == nil and a.version == nil, 'a field without a value is nil')\n"
	         "  assert(not (a.section and a.section:lower() == 'sport'))\n"
	         "  assert(a:text():find('A subhead'))\n"
	         "  a.body[2].text = 'Changed'\n"
	         "end",
	         valued);
	assert_int_equal(run(code, a, msg, sizeof(msg)), 0);
	assert_string_equal(a->body.items[1].text, "Changed");
	assert_string_equal(a->body.items[1].type, "heading");
	assert_int_equal(a->body.items[1].level, 2);
	assert_string_equal(a->headline, "Electric ferry for the ODKB");
	article_free(a);
}

static void test_body_edits_in_place_and_resized(void **state)
{
	(void)state;
	galley_article *a = sample();
	char msg[2048];
	assert_int_equal(run("function process(a)\n"
	                     "  a.body[1].type = 'quote'\n"
	                     "  a.body[1].speaker = 'Hedenskog'\n"
	                     "  table.insert(a.body, {type = 'heading', text = 'Last'})\n"
	                     "end",
	                     a, msg, sizeof(msg)),
	                 0);
	assert_int_equal(a->body.count, 3);
	assert_string_equal(a->body.items[0].type, "quote");
	assert_string_equal(a->body.items[0].speaker, "Hedenskog");
	assert_string_equal(a->body.items[0].text, "First ODKB paragraph.");
	assert_string_equal(a->body.items[2].text, "Last");
	assert_int_equal(a->body.items[2].level, 2);
	article_free(a);
}

static void test_a_bad_table_changes_nothing(void **state)
{
	(void)state;
	galley_article *a = sample();
	char msg[2048];
	assert_int_equal(run("function process(a)\n"
	                     "  a.headline = 'New'\n"
	                     "  a.body[1].text = 'New text'\n"
	                     "  a.keywords = {'ok', 'bad \\255 byte'}\n"
	                     "end",
	                     a, msg, sizeof(msg)),
	                 GALLEY_EINVALID);
	assert_non_null(strstr(msg, "field 'keywords' is not valid UTF-8 text (byte 4)"));
	assert_string_equal(a->headline, "Electric ferry for the ODKB");
	assert_string_equal(a->body.items[0].text, "First ODKB paragraph.");
	assert_int_equal(a->keywords.count, 0);
	article_free(a);
}

static void test_an_unknown_field_is_refused(void **state)
{
	(void)state;
	galley_article *a = sample();
	char msg[2048];
	assert_int_equal(run("function process(a) a.bogus = 1 end", a, msg, sizeof(msg)),
	                 GALLEY_EINVALID);
	assert_non_null(strstr(msg, "unknown article field 'bogus'"));
	/* a NUL byte makes another key, not the one its first bytes spell */
	assert_int_equal(run("function process(a) a.dates = {['created\\0x'] = '2026-12-01'} end", a,
	                     msg, sizeof(msg)),
	                 GALLEY_EINVALID);
	assert_non_null(strstr(msg, "unknown date 'created'"));
	assert_null(a->dates.at[0]);
	article_free(a);
}

static void test_a_new_table_replaces_the_article(void **state)
{
	(void)state;
	galley_article *a = sample();
	char msg[2048];
	assert_int_equal(run("function process(a)\n"
	                     "  return {id = a.id, headline = 'Only this', body = {}}\n"
	                     "end",
	                     a, msg, sizeof(msg)),
	                 0);
	assert_string_equal(a->id, "ferry");
	assert_string_equal(a->headline, "Only this");
	assert_null(a->kicker);
	assert_int_equal(a->body.count, 0);
	assert_int_equal(a->bylines.count, 0);
	assert_null(a->extra);
	article_free(a);
}

static void test_an_article_kept_past_its_call(void **state)
{
	(void)state;
	galley_article *a = sample(), *b = sample();
	char msg[2048];
	assert_int_equal(run("function process(a)\n"
	                     "  if not kept then kept = a; local _ = a.headline; return end\n"
	                     "  assert(kept.headline == 'Electric ferry for the ODKB')\n"
	                     "  local _ = kept.kicker\n"
	                     "end",
	                     a, msg, sizeof(msg)),
	                 0);
	article_free(a); /* the kept table must not reach it any more */
	assert_int_equal(run("", b, msg, sizeof(msg)), -1);
	assert_non_null(strstr(msg, "article field 'kicker' was not read during the process() call"));
	article_free(b);
	lua_pushnil(box.L);
	lua_setglobal(box.L, "kept");
}

static void test_extra_keeps_its_types(void **state)
{
	(void)state;
	galley_article *a = sample();
	char msg[2048];
	assert_int_equal(run("function process(a)\n"
	                     "  assert(math.type(a.extra.count) == 'integer')\n"
	                     "  a.extra.ratio = 0.5\n"
	                     "  a.extra.tags = galley.array({})\n"
	                     "end",
	                     a, msg, sizeof(msg)),
	                 0);
	assert_true(json_is_integer(json_object_get(a->extra, "count")));
	assert_true(json_is_real(json_object_get(a->extra, "ratio")));
	assert_true(json_is_array(json_object_get(a->extra, "tags")));
	article_free(a);
}

/* A key must name one JSON member: "a\0b" and "a\0c" would both become
 * "a" (one value lost without a word), and a key must be UTF-8 text. */
static void test_a_key_that_cannot_be_json_is_refused(void **state)
{
	(void)state;
	static const struct {
		const char *code, *message;
	} cases[] = {
		{"function process(a) a.extra.notes = {['a\\0b'] = 1, ['a\\0c'] = 2} end",
		 "notes: the key \"a...\" holds a NUL byte"},
		{"function process(a) a.extra['caf\\xc3'] = 1 end", "the key \"caf...\" is not valid UTF-8"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		galley_article *a = sample();
		char msg[2048] = "";
		assert_int_equal(run(cases[i].code, a, msg, sizeof(msg)), GALLEY_EINVALID);
		if (!strstr(msg, cases[i].message))
			fail_msg("case %zu: %s", i, msg);
		/* nothing changed */
		assert_int_equal(json_object_size(a->extra), 1);
		article_free(a);
	}
}

static void test_language_is_a_tag(void **state)
{
	(void)state;
	galley_article *a = sample();
	char msg[2048];
	assert_int_equal(run("function process(a) a.language = 'de_at' end", a, msg, sizeof(msg)),
	                 0);
	assert_string_equal(a->language, "de-AT");
	assert_int_equal(run("function process(a)\n"
	                     "  a.headline = 'New'\n"
	                     "  a.language = 'Deutsch'\n"
	                     "end",
	                     a, msg, sizeof(msg)),
	                 GALLEY_EINVALID);
	assert_non_null(strstr(msg, "field 'language' must be a BCP 47 language tag such as 'en' "
	                            "or 'nb-NO', not 'Deutsch'"));
	assert_string_equal(a->headline, "Electric ferry for the ODKB");
	assert_string_equal(a->language, "de-AT");
	assert_int_equal(run("function process(a) a.language = nil end", a, msg, sizeof(msg)), 0);
	assert_null(a->language);
	article_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_only_touched_fields_cross),
		cmocka_unit_test(test_a_cleared_field_stays_cleared),
		cmocka_unit_test(test_pairs_sees_every_field),
		cmocka_unit_test(test_body_edits_in_place_and_resized),
		cmocka_unit_test(test_a_bad_table_changes_nothing),
		cmocka_unit_test(test_an_unknown_field_is_refused),
		cmocka_unit_test(test_a_new_table_replaces_the_article),
		cmocka_unit_test(test_an_article_kept_past_its_call),
		cmocka_unit_test(test_extra_keeps_its_types),
		cmocka_unit_test(test_a_key_that_cannot_be_json_is_refused),
		cmocka_unit_test(test_language_is_a_tag),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
