/* test_lua_galley.c — the galley module scripts use: galley.re (PCRE2,
 * UTF-8, named groups, replacement forms), galley.utf8, galley.json,
 * galley.slug, galley.sha256 and galley.find_any.  Each case is Lua
 * asserting on results. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <lauxlib.h>

#include "galley_box.h"

static void script_ok(const char *code)
{
	char msg[2048] = "";
	int rc = luaL_loadstring(box.L, code) == LUA_OK ? script_box_call(&box, 0, 0, msg, sizeof(msg))
	                                                 : (snprintf(msg, sizeof(msg), "%s",
	                                                             lua_tostring(box.L, -1)),
	                                                    -1);
	if (rc)
		fail_msg("%s", msg);
}

static void script_fails(const char *code, const char *fragment)
{
	char msg[2048] = "";
	assert_int_equal(luaL_loadstring(box.L, code), LUA_OK);
	assert_int_equal(script_box_call(&box, 0, 0, msg, sizeof(msg)), -1);
	if (!strstr(msg, fragment))
		fail_msg("gave '%s', expected '%s'", msg, fragment);
}

static void test_re_find_and_match_like_string_library(void **state)
{
	(void)state;
	script_ok("local re = galley.re\n"
	       "local s, e = re.find('the ODKB alliance', 'ODKB')\n"
	       "assert(s == 5 and e == 8)\n"
	       "assert(re.find('abc', 'x') == nil)\n"
	       "local s2, e2, y = re.find('in 2023 and 2024', '(\\\\d+)', 8)\n"
	       "assert(s2 == 13 and e2 == 16 and y == '2024', tostring(s2))\n"
	       "assert(re.match('Oslo 2026', '\\\\d+') == '2026')\n"
	       "local a, b = re.match('key=value', '(\\\\w+)=(\\\\w+)')\n"
	       "assert(a == 'key' and b == 'value')\n"
	       "assert(re.match('ABC', '(?i)abc') == 'ABC')\n");
}

static void test_re_is_utf8_aware(void **state)
{
	(void)state;
	/* \\b and \\w see Å as a letter: "Århus" is one word, "Å" alone too */
	script_ok("local re = galley.re\n"
	       "local out, n = re.gsub('Å og Århus, Å.', '\\\\bÅ\\\\b', 'AA')\n"
	       "assert(out == 'AA og Århus, AA.' and n == 2, out)\n"
	       "assert(re.match('ÆØÅ', '(?i)æøå') == 'ÆØÅ')\n"
	       "local words = {}\n"
	       "for w in re.gmatch('Göteborg är stor', '\\\\w+') do words[#words + 1] = w end\n"
	       "assert(#words == 3 and words[1] == 'Göteborg' and words[2] == 'är')\n");
}

static void test_re_named_groups(void **state)
{
	(void)state;
	script_ok("local re = galley.re\n"
	       "local m = re.match('2026-11-24', '(?<y>\\\\d{4})-(?<m>\\\\d\\\\d)-(?<d>\\\\d\\\\d)')\n"
	       "assert(m.y == '2026' and m.m == '11' and m.d == '24' and m[1] == '2026')\n"
	       "local out = re.gsub('2026-11-24', '(?<y>\\\\d+)-(?<m>\\\\d+)-(?<d>\\\\d+)',"
	       " '%{d}.%{m}.%{y}')\n"
	       "assert(out == '24.11.2026', out)\n");
}

static void test_re_gsub_replacement_forms(void **state)
{
	(void)state;
	script_ok("local re = galley.re\n"
	       "assert(re.gsub('a-b', '(\\\\w)-(\\\\w)', '%2-%1') == 'b-a')\n"
	       "assert(re.gsub('100%', '%', '%%') == '100%')\n"
	       "assert(re.gsub('x y', '\\\\w', {x = 'X'}) == 'X y')\n"
	       "assert(re.gsub('a b', '\\\\w', function(c) return c:upper() end) == 'A B')\n"
	       "local s, n = re.gsub('aaa', 'a', 'b', 2)\n"
	       "assert(s == 'bba' and n == 2)\n"
	       "assert(re.gsub('åb', '', '-') == '-å-b-')\n");
	script_fails("galley.re.find('x', '(')", "bad pattern '(': missing closing parenthesis");
	script_fails("galley.re.gsub('x', 'x', '%{nope}')", "no group named 'nope'");
}

static void test_re_cache_stays_bounded(void **state)
{
	(void)state;
	script_ok("for i = 1, 1000 do assert(galley.re.match('n' .. i, 'n' .. i) == 'n' .. i) end\n"
	       "collectgarbage()\n");
}

static void test_utf8_functions(void **state)
{
	(void)state;
	script_ok("local u = galley.utf8\n"
	       "assert(u.nfc('A\\u{30A}') == '\\u{C5}')\n"
	       "assert(u.lower('ÆØÅ ÄÖ') == 'æøå äö' and u.upper('tromsø') == 'TROMSØ')\n"
	       "assert(u.upper('straße') == 'STRAẞE') -- one character each way\n"
	       "assert(u.len('Tromsø') == 6)\n"
	       "local n, at = u.len('ok\\255')\n"
	       "assert(n == nil and at == 3)\n"
	       "assert(u.sub('Tromsø', 5) == 'sø' and u.sub('Tromsø', -1) == 'ø')\n"
	       "assert(u.sub('Tromsø', 2, 3) == 'ro' and u.sub('Tromsø', 4, 2) == '')\n");
	script_fails("galley.utf8.lower('bad \\255')", "not valid UTF-8 (byte 5)");
}

static void test_json_slug_sha256(void **state)
{
	(void)state;
	script_ok("local j = galley.json\n"
	       "assert(j.encode({b = 1, a = {true, galley.null}}) == '{\"a\":[true,null],\"b\":1}')\n"
	       "assert(j.encode(galley.array({})) == '[]')\n"
	       "local v = j.decode('{\"n\": 3, \"l\": [], \"z\": null}')\n"
	       "assert(v.n == 3 and math.type(v.n) == 'integer' and v.z == galley.null)\n"
	       "assert(j.encode(v.l) == '[]')\n"
	       "assert(galley.slug('Tromsø får ny bro!') == 'tromso-far-ny-bro')\n"
	       "assert(galley.sha256('abc') == "
	       "'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad')\n");
	script_fails("galley.json.decode('{')", "cannot decode JSON");
}

static void test_find_any(void **state)
{
	(void)state;
	script_ok("local i, s, e = galley.find_any('the ODKB alliance', {'CSTO', 'ODKB', 'the'})\n"
	       "assert(i == 2 and s == 5 and e == 8) -- the list's order, not the leftmost\n"
	       "assert(galley.find_any('the ODKB', {'X', 'Y'}) == nil)\n"
	       "assert(galley.find_any('the ODKB', {}) == nil)\n"
	       "assert(galley.find_any('a.c', {'.'}) == 1) -- plain text, not a pattern\n"
	       "assert(galley.find_any('abc', {'abcd'}) == nil)\n"
	       "local j, a, b = galley.find_any('Tromsø', {'ø'})\n"
	       "assert(j == 1 and a == 6 and b == 7) -- bytes, as string.find\n");
	script_fails("galley.find_any('abc', {'x', {}})", "item 2 is not a string");
	script_fails("galley.find_any('abc', 'a')", "table expected");
	/* two hundred scans of a megabyte: charged like as many string.finds
	 * (25 million steps against the box's ten million) */
	char msg[2048] = "";
	assert_int_equal(luaL_loadstring(box.L, "local s, l = string.rep('a', 1 << 20), {}\n"
	                                        "for i = 1, 200 do l[i] = 'b' .. i end\n"
	                                        "galley.find_any(s, l)"),
	                 LUA_OK);
	assert_int_equal(script_box_call(&box, 0, 0, msg, sizeof(msg)), SCRIPT_BOX_TRIPPED);
	assert_non_null(strstr(msg, "instruction budget"));
	teardown(NULL); /* a tripped box takes no more calls */
	assert_int_equal(setup(NULL), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_re_find_and_match_like_string_library),
		cmocka_unit_test(test_re_is_utf8_aware),
		cmocka_unit_test(test_re_named_groups),
		cmocka_unit_test(test_re_gsub_replacement_forms),
		cmocka_unit_test(test_re_cache_stays_bounded),
		cmocka_unit_test(test_utf8_functions),
		cmocka_unit_test(test_json_slug_sha256),
		cmocka_unit_test(test_find_any),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
