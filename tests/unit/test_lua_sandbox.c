/* test_lua_sandbox.c — the sandbox's walls and limits, and types that
 * survive the JSON <-> Lua bridge. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <lauxlib.h>

#include "lua/script_bridge.h"
#include "lua/script_sandbox.h"

static script_box box;

static int setup(void **state)
{
	(void)state;
	if (script_box_open(&box, 8u << 20, 1000000, "/nonexistent/lib"))
		return -1;
	script_bridge_open(box.L);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	script_box_close(&box);
	return 0;
}

/* Runs code; returns 0 or -1 with the message in msg. */
static int run(const char *code, char *msg, size_t size)
{
	if (luaL_loadstring(box.L, code) != LUA_OK) {
		snprintf(msg, size, "%s", lua_tostring(box.L, -1));
		lua_pop(box.L, 1);
		return -1;
	}
	return script_box_call(&box, 0, 0, msg, size);
}

static void expect_error(const char *code, const char *fragment)
{
	char msg[2048] = "";
	assert_int_equal(run(code, msg, sizeof(msg)), -1);
	if (!strstr(msg, fragment))
		fail_msg("'%s' gave '%s', expected '%s'", code, msg, fragment);
}

/* The code must exceed a limit, whatever it does to catch the error;
 * the state is then rebuilt, as script_stage.c does. */
static void expect_trip(const char *code, const char *fragment)
{
	char msg[2048] = "";
	assert_int_equal(run(code, msg, sizeof(msg)), SCRIPT_BOX_TRIPPED);
	if (!strstr(msg, fragment))
		fail_msg("'%s' gave '%s', expected '%s'", code, msg, fragment);
	script_box_close(&box);
	assert_int_equal(script_box_open(&box, 8u << 20, 1000000, "/nonexistent/lib"), 0);
	script_bridge_open(box.L);
	assert_int_equal(run("local n = 0 for i = 1, 1000 do n = n + i end", msg, sizeof(msg)), 0);
}

static void test_dangerous_libraries_are_absent(void **state)
{
	(void)state;
	char msg[512];
	assert_int_equal(run("assert(io == nil and debug == nil and package == nil)\n"
	                     "assert(os.execute == nil and os.remove == nil and os.getenv == nil)\n"
	                     "assert(dofile == nil and loadfile == nil and string.dump == nil)\n"
	                     "assert(type(os.time()) == 'number' and type(os.date()) == 'string')",
	                     msg, sizeof(msg)),
	                 0);
}

static void test_os_execute_cannot_be_called(void **state)
{
	(void)state;
	expect_error("os.execute('true')", "attempt to call a nil value");
}

static void test_load_refuses_bytecode(void **state)
{
	(void)state;
	expect_error("assert(load('\\27Lua\\84\\0'))", "attempt to load a binary chunk");
	char msg[256];
	assert_int_equal(run("assert(load('return 1 + 1')() == 2)", msg, sizeof(msg)), 0);
}

static void test_require_refuses_c_modules(void **state)
{
	(void)state;
	expect_error("require('socket.core')", "C modules are not available");
	expect_error("require('../etc/passwd')", "bad module name");
}

static void test_memory_cap_stops_huge_strings(void **state)
{
	(void)state;
	expect_trip("local s = string.rep('x', 1 << 30)", "memory limit of 8 MB exceeded");
}

static void test_instruction_budget_stops_endless_loops(void **state)
{
	(void)state;
	expect_trip("while true do end", "instruction budget of 1000000 exceeded");
}

static void test_budget_holds_when_pcall_swallows_the_error(void **state)
{
	(void)state;
	expect_trip("while true do pcall(function() while true do end end) end",
	            "instruction budget of 1000000 exceeded");
	expect_trip("local ok = pcall(function() while true do end end) return 'survived'",
	            "instruction budget");
}

static void test_budget_holds_in_an_xpcall_handler(void **state)
{
	(void)state;
	expect_trip("for i = 1, 1e9 do xpcall(function() while true do end end, "
	            "function(e) while true do end end) end",
	            "instruction budget");
	expect_trip("xpcall(function() error('x') end, function(e) while true do end end) "
	            "while true do end",
	            "instruction budget");
}

static void test_budget_holds_in_coroutines(void **state)
{
	(void)state;
	expect_trip("coroutine.wrap(function() while true do end end)()", "instruction budget");
	expect_trip("local co = coroutine.create(function() while true do "
	            "pcall(function() while true do end end) end end) "
	            "while true do coroutine.resume(co) end",
	            "instruction budget");
}

static void test_budget_holds_in_close_handlers(void **state)
{
	(void)state;
	expect_trip("while true do pcall(function() "
	            "local x <close> = setmetatable({}, {__close = function() while true do end end}) "
	            "while true do end end) end",
	            "instruction budget");
}

static void test_memory_cap_holds_when_pcall_swallows_the_error(void **state)
{
	(void)state;
	expect_trip("local t = {} while true do pcall(function() "
	            "for i = 1, 1e9 do t[#t + 1] = string.rep('x', 1000) .. i end end) t = {} end",
	            "memory limit of 8 MB exceeded");
}

static void test_finalizers_are_refused(void **state)
{
	(void)state;
	expect_error("setmetatable({}, {__gc = function() while true do end end})",
	             "__gc finalizers are not available");
	/* galley's own metatables cannot be given one either */
	expect_error("getmetatable(galley.array({})).__gc = print", "attempt to index a string");
	char msg[256];
	assert_int_equal(run("local mt = {} setmetatable({}, mt) mt.__gc = print "
	                     "assert(getmetatable('').__index == string)",
	                     msg, sizeof(msg)),
	                 0);
}

static void test_error_objects_tostring_never_runs(void **state)
{
	(void)state;
	expect_error("error(setmetatable({}, {__tostring = function() while true do end end}))",
	             "table");
}

static void test_timeout_stops_a_call(void **state)
{
	(void)state;
	box.budget = INT64_MAX / 2;
	script_box_set_timeout(&box, 50);
	expect_trip("while true do end", "timeout of 0.05 s exceeded");
}

/* The alarm's watcher sleeps until the earliest deadline it knows; a
 * shorter one armed after a call with an hour's timeout must wake it.
 * Only the alarm can stop this call: table.sort with collectgarbage as
 * its order runs no Lua instruction for the count hook, and each
 * comparison collects a heap (unstopped, it ends seconds later with
 * "invalid order function"). */
static void test_timeout_shorter_than_the_last_call(void **state)
{
	(void)state;
	char msg[256];
	box.budget = INT64_MAX / 2;
	script_box_set_timeout(&box, 3600 * 1000);
	assert_int_equal(run("heap = {} for i = 1, 40000 do heap[i] = {i} end", msg, sizeof(msg)), 0);
	script_box_set_timeout(&box, 50);
	expect_trip("local t = {} for i = 1, 2000 do t[i] = 'collect' end table.sort(t, collectgarbage)",
	            "timeout of 0.05 s exceeded");
}

static void test_lua_patterns_count_against_the_budget(void **state)
{
	(void)state;
	/* each of these backtracks for hours in Lua's own matcher; the
	 * literal each requires is in the subject, so skipping to it does
	 * not spare the matching */
	expect_trip("('b' .. string.rep('a', 60)):find('b.-.-.-.-.-.-.-.-.-.-.-%d')",
	            "instruction budget");
	expect_trip("('x' .. string.rep('a', 60)):match('x(.*)(.*)(.*)(.*)(.*)(.*)(.*)(.*)%d')",
	            "instruction budget");
	expect_trip("('b' .. string.rep('a', 60)):gsub('b.-.-.-.-.-.-.-.-.-.-.-%d', '')",
	            "instruction budget");
	expect_trip("for x in ('c' .. string.rep('a', 60)):gmatch('ca*a*a*a*a*a*a*a*a*%d') do end",
	            "instruction budget");
	/* without the literal, the same text is passed over at once */
	char msg[256];
	assert_int_equal(run("assert(not string.rep('a', 60):find('.-.-.-.-.-.-.-.-.-.-.-b'))", msg,
	                     sizeof(msg)),
	                 0);
	/* and an ordinary pattern costs little */
	assert_int_equal(run("assert(('The ODKB said'):gsub('ODKB', 'CSTO') == 'The CSTO said')",
	                     msg, sizeof(msg)),
	                 0);
}

static void test_errors_carry_a_traceback(void **state)
{
	(void)state;
	expect_error("local function f() error('boom') end f()", "stack traceback:");
}

/* JSON -> Lua -> JSON must give the same text. */
static void round_trip(const char *text)
{
	json_t *in = json_loads(text, JSON_DECODE_ANY, NULL);
	assert_non_null(in);
	assert_int_equal(script_bridge_push(box.L, in), 0);
	char msg[256];
	json_t *out = script_bridge_to_json(box.L, -1, msg, sizeof(msg));
	lua_pop(box.L, 1);
	assert_non_null(out);
	char *a = json_dumps(in, JSON_SORT_KEYS | JSON_ENCODE_ANY);
	char *b = json_dumps(out, JSON_SORT_KEYS | JSON_ENCODE_ANY);
	assert_string_equal(a, b);
	free(a);
	free(b);
	json_decref(in);
	json_decref(out);
}

static void test_integers_stay_integers(void **state)
{
	(void)state;
	round_trip("{\"n\": 9007199254740993, \"neg\": -1, \"f\": 0.5}");
}

static void test_empty_array_stays_array_and_empty_object_stays_object(void **state)
{
	(void)state;
	round_trip("{\"list\": [], \"map\": {}, \"nested\": [[], {}]}");
}

static void test_null_is_distinct_from_absent(void **state)
{
	(void)state;
	round_trip("{\"gone\": null, \"list\": [1, null, 3]}");
}

static void test_unconvertible_values_are_named(void **state)
{
	(void)state;
	char msg[256];
	assert_int_equal(luaL_dostring(box.L, "return { extra = { f = function() end } }"), 0);
	json_t *j = script_bridge_to_json(box.L, -1, msg, sizeof(msg));
	lua_pop(box.L, 1);
	assert_null(j);
	assert_non_null(strstr(msg, "extra.f"));
	assert_non_null(strstr(msg, "function"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_dangerous_libraries_are_absent, setup, teardown),
		cmocka_unit_test_setup_teardown(test_os_execute_cannot_be_called, setup, teardown),
		cmocka_unit_test_setup_teardown(test_load_refuses_bytecode, setup, teardown),
		cmocka_unit_test_setup_teardown(test_require_refuses_c_modules, setup, teardown),
		cmocka_unit_test_setup_teardown(test_memory_cap_stops_huge_strings, setup, teardown),
		cmocka_unit_test_setup_teardown(test_instruction_budget_stops_endless_loops, setup, teardown),
		cmocka_unit_test_setup_teardown(test_budget_holds_when_pcall_swallows_the_error, setup, teardown),
		cmocka_unit_test_setup_teardown(test_budget_holds_in_an_xpcall_handler, setup, teardown),
		cmocka_unit_test_setup_teardown(test_budget_holds_in_coroutines, setup, teardown),
		cmocka_unit_test_setup_teardown(test_budget_holds_in_close_handlers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_memory_cap_holds_when_pcall_swallows_the_error, setup, teardown),
		cmocka_unit_test_setup_teardown(test_finalizers_are_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_error_objects_tostring_never_runs, setup, teardown),
		cmocka_unit_test_setup_teardown(test_timeout_stops_a_call, setup, teardown),
		cmocka_unit_test_setup_teardown(test_timeout_shorter_than_the_last_call, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lua_patterns_count_against_the_budget, setup, teardown),
		cmocka_unit_test_setup_teardown(test_errors_carry_a_traceback, setup, teardown),
		cmocka_unit_test_setup_teardown(test_integers_stay_integers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_empty_array_stays_array_and_empty_object_stays_object, setup, teardown),
		cmocka_unit_test_setup_teardown(test_null_is_distinct_from_absent, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unconvertible_values_are_named, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
