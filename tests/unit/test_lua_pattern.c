/* test_lua_pattern.c — the sandbox's string.find/match/gmatch/gsub (its
 * own counted matcher, script_pattern.c) against stock Lua 5.4's: the same
 * cases (tests/unit/lua/pattern_cases.lua) must give the same results and
 * the same errors in both. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <lauxlib.h>
#include <lualib.h>

#include "lua/script_sandbox.h"

#define CASES "tests/unit/lua/pattern_cases.lua"

/* The chunk's result in a fresh copy (its bytes, NULs included, in
 * *len), or NULL with the error printed. */
static char *run_cases(lua_State *L, int boxed, script_box *box, size_t *len)
{
	char msg[4096];
	if (luaL_loadfilex(L, CASES, "t") != LUA_OK) {
		print_error("%s\n", lua_tostring(L, -1));
		return NULL;
	}
	int rc = boxed ? script_box_call(box, 0, 1, msg, sizeof(msg)) : lua_pcall(L, 0, 1, 0);
	if (rc != 0) {
		print_error("%s\n", boxed ? msg : lua_tostring(L, -1));
		return NULL;
	}
	const char *text = lua_tolstring(L, -1, len);
	char *out = malloc(*len + 1);
	memcpy(out, text, *len + 1);
	lua_pop(L, 1);
	return out;
}

static void test_same_results_as_stock_lua(void **state)
{
	(void)state;
	lua_State *stock = luaL_newstate();
	assert_non_null(stock);
	luaL_openlibs(stock);
	script_box box;
	assert_int_equal(script_box_open(&box, 64u << 20, 100000000, "/nonexistent/lib"), 0);
	size_t lw, lg;
	char *want = run_cases(stock, 0, NULL, &lw);
	char *got = run_cases(box.L, 1, &box, &lg);
	assert_non_null(want);
	assert_non_null(got);
	/* line by line, so a failure names the case; a NUL is a byte like
	 * any other (results such as %z's hold them) */
	const char *w = want, *we = want + lw, *g = got, *ge = got + lg;
	while (w < we || g < ge) {
		const char *wn = memchr(w, '\n', (size_t)(we - w)), *gn = memchr(g, '\n', (size_t)(ge - g));
		size_t wl = (size_t)((wn ? wn : we) - w), gl = (size_t)((gn ? gn : ge) - g);
		if (wl != gl || memcmp(w, g, wl) != 0)
			fail_msg("stock: %.*s\n  ours: %.*s", (int)wl, w, (int)gl, g);
		w += wl + (wn != NULL);
		g += gl + (gn != NULL);
	}
	free(want);
	free(got);
	lua_close(stock);
	script_box_close(&box);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_same_results_as_stock_lua),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
