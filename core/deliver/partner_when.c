/* partner_when.c — a partner's `when:` script: wants(article, partner)
 * in a sandbox of its own, asked for each article the filters pass. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>

#include "base/bounds.h"
#include "config/partners.h"
#include "deliver/partner_out.h"
#include "lua/script_article.h"
#include "lua/script_lib.h"
#include "lua/script_sandbox.h"
#include "run/run.h"

/* Loads a partner's `when:` script into its own sandbox (64 MB, 50
 * million instructions and the default timeout per call, require from its
 * lib/). */
static int has_wants(lua_State *L)
{
	lua_pushboolean(L, lua_getglobal(L, "wants") == LUA_TFUNCTION);
	return 1;
}

int partner_when_open(partner_out *o, galley_error *err)
{
	const partner *pt = o->pt;
	char lib[4096], msg[4096];
	const char *slash = strrchr(pt->when, '/');
	snprintf(lib, sizeof(lib), "%.*s/lib", slash ? (int)(slash - pt->when) : 1,
	         slash ? pt->when : ".");
	o->when = calloc(1, sizeof(script_box));
	if (!o->when || script_box_open(o->when, (size_t)64 << 20, GALLEY_LUA_INSTRUCTIONS, lib))
		return galley_error_set(err, GALLEY_ENOMEM, "cannot create a Lua state");
	script_box_set_timeout(o->when, GALLEY_STAGE_TIMEOUT_MS);
	script_lib_open(o->when->L);
	lua_State *L = o->when->L;
	if (script_load_file(L, pt->when) != LUA_OK)
		return galley_error_set(err, GALLEY_EINVALID, "partner %s: %s", pt->name,
		                        lua_tostring(L, -1));
	if (script_box_call(o->when, 0, 0, msg, sizeof(msg)))
		return galley_error_set(err, GALLEY_EINVALID, "partner %s: %s", pt->name, msg);
	lua_pushcfunction(L, has_wants);
	if (script_box_call(o->when, 0, 1, msg, sizeof(msg)))
		return galley_error_set(err, GALLEY_EINVALID, "partner %s: %s", pt->name, msg);
	int ok = lua_toboolean(L, -1);
	lua_pop(L, 1);
	if (!ok)
		return galley_error_set(err, GALLEY_EINVALID,
		                        "partner %s: %s defines no function wants(article, partner)",
		                        pt->name, pt->when);
	return 0;
}

/* wants(article, partner) under the limits, pushing the article included. */
typedef struct wants_call {
	const galley_article *a;
	const char *partner;
	int yes;
} wants_call;

static int wants_protected(lua_State *L)
{
	wants_call *c = lua_touserdata(L, 1);
	lua_getglobal(L, "wants");
	if (script_article_push(L, c->a))
		return luaL_error(L, "article too deeply nested for Lua");
	lua_pushstring(L, c->partner);
	lua_call(L, 2, 1);
	c->yes = lua_toboolean(L, -1);
	return 0;
}

/* 1 wanted, 0 not, -1 the script failed (err says why).  After a limit
 * was exceeded the state is not trusted again: the failure fails the
 * run, and the partner is offered nothing more. */
int partner_when_wants(partner_out *o, const galley_article *a, galley_error *err)
{
	lua_State *L = o->when->L;
	char msg[4096];
	wants_call c = {.a = a, .partner = o->pt->name};
	lua_pushcfunction(L, wants_protected);
	lua_pushlightuserdata(L, &c);
	if (script_box_call(o->when, 1, 0, msg, sizeof(msg))) {
		galley_error_set(err, GALLEY_ESTAGE, "partner %s: when %s, article %s: %s",
		                 o->pt->name, o->pt->when, a->id ? a->id : "?", msg);
		return -1;
	}
	return c.yes;
}

void partner_when_close(partner_out *o)
{
	if (o->when)
		script_box_close(o->when);
	free(o->when);
	o->when = NULL;
}
