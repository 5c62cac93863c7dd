/* fuzz_lua_bridge.c — JSON <-> Lua: any JSON value that crosses into Lua
 * and back is the same value, and any article that crosses into a Lua
 * table and back dumps to the same bytes: whole (script_article_push), and
 * live (every field brought in, then read back onto the article itself
 * and onto an empty one). */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "model/article.h"
#include "fuzz.h"
#include "lua/script_article.h"
#include "lua/script_bridge.h"
#include "lua/script_lib.h"
#include "lua/script_sandbox.h"

static script_box box;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	if (script_box_open(&box, 256u << 20, 100000000, "/nonexistent"))
		abort();
	script_lib_open(box.L);
	return 0;
}

static void value_round_trip(json_t *j)
{
	lua_State *L = box.L;
	char msg[256];
	if (script_bridge_push(L, j) != 0)
		return; /* too deep: refused, fine */
	json_t *back = script_bridge_to_json(L, -1, msg, sizeof(msg));
	lua_pop(L, 1);
	if (!back)
		return; /* e.g. an object that became an empty table: named error */
	char *a = json_dumps(j, JSON_SORT_KEYS | JSON_ENCODE_ANY | JSON_COMPACT);
	char *b = json_dumps(back, JSON_SORT_KEYS | JSON_ENCODE_ANY | JSON_COMPACT);
	if (!a || !b || strcmp(a, b) != 0)
		abort();
	free(a);
	free(b);
	json_decref(back);
}

static int same_dump(const galley_article *a, size_t n, const char *want)
{
	char *got = NULL;
	size_t len;
	int same = article_dump(a, &got, &len) == 0 && len == n && memcmp(got, want, n) == 0;
	free(got);
	return same;
}

static void live_round_trip(galley_article *a, size_t n)
{
	lua_State *L = box.L;
	char msg[256], *want = NULL;
	if (article_dump(a, &want, &n) != 0)
		return;
	galley_article *empty = article_new();
	script_article_push_live(L, a);
	script_article_live_fill(L);
	if (script_article_take_into(L, -1, AF_ALL, a, msg, sizeof(msg)) != 0 ||
	    script_article_take_into(L, -1, AF_ALL, empty, msg, sizeof(msg)) != 0 ||
	    !same_dump(a, n, want) || !same_dump(empty, n, want))
		abort();
	script_article_let_go(L);
	lua_pop(L, 1);
	article_free(empty);
	free(want);
}

static void article_round_trip(json_t *j)
{
	galley_article *a = NULL, *b = NULL;
	char msg[256], *first = NULL, *second = NULL;
	size_t n1, n2;
	if (article_from_json(j, &a, msg, sizeof(msg)) != 0 || article_dump(a, &first, &n1) != 0) {
		article_free(a);
		return;
	}
	lua_State *L = box.L;
	if (script_article_push(L, a) == 0) {
		if (script_article_take(L, -1, &b, msg, sizeof(msg)) != 0)
			abort(); /* what galley pushed, it must take back */
		lua_pop(L, 1);
		if (article_dump(b, &second, &n2) != 0 || n1 != n2 || memcmp(first, second, n1) != 0)
			abort();
		live_round_trip(a, n1); /* pushes no deeper than the whole table did */
	}
	free(first);
	free(second);
	article_free(a);
	article_free(b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_t *j = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY,
	                       NULL);
	if (!j)
		return 0;
	value_round_trip(j);
	if (json_is_object(j))
		article_round_trip(j);
	json_decref(j);
	lua_settop(box.L, 0);
	lua_gc(box.L, LUA_GCCOLLECT);
	return 0;
}
