/* lua_stage.c — runs a transform script: setup(settings) once, then
 * process(article, ctx) per article with a fresh instruction budget, then
 * finish(ctx).  The article crosses as its canonical JSON form, so Lua sees
 * exactly the field names of the JSON output.  A script error fails only
 * that article (the runner quarantines it with message and traceback). */
#include <lauxlib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "article.h"
#include "lua_article.h"
#include "lua_galley.h"
#include "lua_bridge.h"
#include "lua_sandbox.h"
#include "lua_stage.h"
#include "path.h"
#include "run.h"

typedef struct lua_stage {
	lua_box box;
	const galley_host *host;
	galley_ctx *ctx;
	int ref_ctx;
	int dropped;
	char *quarantine_reason;
} lua_stage;

static lua_stage *stage_of(lua_State *L)
{
	return lua_touserdata(L, lua_upvalueindex(1));
}

static int l_log(lua_State *L)
{
	lua_stage *s = stage_of(L);
	const char *msg = luaL_tolstring(L, 1, NULL);
	s->host->log(s->ctx, GALLEY_LOG_INFO, "%s", msg);
	return 0;
}

static int l_print(lua_State *L)
{
	lua_stage *s = stage_of(L);
	luaL_Buffer b;
	luaL_buffinit(L, &b);
	int n = lua_gettop(L);
	for (int i = 1; i <= n; i++) {
		luaL_tolstring(L, i, NULL);
		luaL_addvalue(&b);
		if (i < n)
			luaL_addchar(&b, '\t');
	}
	luaL_pushresult(&b);
	s->host->log(s->ctx, GALLEY_LOG_INFO, "%s", lua_tostring(L, -1));
	return 0;
}

static int l_drop(lua_State *L)
{
	stage_of(L)->dropped = 1;
	return 0;
}

static int l_quarantine(lua_State *L)
{
	lua_stage *s = stage_of(L);
	const char *reason = luaL_optstring(L, 1, "quarantined by script");
	free(s->quarantine_reason);
	s->quarantine_reason = strdup(reason);
	return 0;
}

/* ctx.emit(article): a new article split off the one at hand (a table of
 * the same shape; it needs an id).  It goes through the stages after this
 * one and reaches the sinks right after the article it came from. */
static int l_emit(lua_State *L)
{
	lua_stage *s = stage_of(L);
	char msg[512];
	galley_article *piece = NULL;
	luaL_checktype(L, 1, LUA_TTABLE);
	if (!s->ctx || !s->ctx->article)
		return luaL_error(L, "ctx.emit works only in process()");
	if (lua_article_take(L, 1, &piece, msg, sizeof(msg)))
		return luaL_error(L, "ctx.emit: the new article is not valid: %s", msg);
	if (!piece->id || !piece->id[0]) {
		article_free(piece);
		return luaL_error(L, "ctx.emit: the new article needs an id");
	}
	if (!piece->source && s->ctx->article->source)
		article_set(piece, "source", s->ctx->article->source);
	if (runner_split(s->ctx, piece))
		return luaL_error(L, "ctx.emit works only in process()");
	return 0;
}

static void set_fn(lua_State *L, lua_stage *s, const char *name, lua_CFunction fn)
{
	lua_pushlightuserdata(L, s);
	lua_pushcclosure(L, fn, 1);
	lua_setfield(L, -2, name);
}

/* ctx.run: pipeline, date, epoch and vars (--set and vars:). */
static void push_run(lua_State *L, galley_ctx *ctx)
{
	run *r = ctx->run;
	lua_newtable(L);
	lua_pushstring(L, r->p->name);
	lua_setfield(L, -2, "pipeline");
	lua_pushstring(L, r->date);
	lua_setfield(L, -2, "date");
	lua_pushinteger(L, strtoll(r->epoch, NULL, 10));
	lua_setfield(L, -2, "epoch");
	lua_pushboolean(L, r->dry_run);
	lua_setfield(L, -2, "dry_run");
	lua_newtable(L);
	for (size_t i = 0; r->p->vars && i < r->p->vars->count; i++) {
		const char *name = ynode_key(r->p->vars, i)->value;
		lua_pushstring(L, pipeline_var(r->p, name));
		lua_setfield(L, -2, name);
	}
	for (size_t i = 0; i < r->p->nset; i++) {
		lua_pushstring(L, r->p->set_values[i]);
		lua_setfield(L, -2, r->p->set_names[i]);
	}
	lua_setfield(L, -2, "vars");
}

static void push_settings(lua_State *L, const stage *st)
{
	if (st->with)
		lua_bridge_push_yaml(L, st->with);
	else
		lua_newtable(L);
}

static void build_ctx(lua_stage *s, galley_ctx *ctx)
{
	lua_State *L = s->box.L;
	lua_pushlightuserdata(L, s);
	lua_pushcclosure(L, l_print, 1);
	lua_setglobal(L, "print");
	lua_newtable(L);
	set_fn(L, s, "log", l_log);
	set_fn(L, s, "drop", l_drop);
	set_fn(L, s, "quarantine", l_quarantine);
	set_fn(L, s, "emit", l_emit);
	lua_pushstring(L, ctx->stage->name);
	lua_setfield(L, -2, "stage");
	push_settings(L, ctx->stage);
	lua_setfield(L, -2, "settings");
	push_run(L, ctx);
	lua_setfield(L, -2, "run");
	s->ref_ctx = luaL_ref(L, LUA_REGISTRYINDEX);
}

/* Runs the chunk, checks process(), calls setup(settings). */
static int load_script(lua_stage *s, galley_ctx *ctx)
{
	lua_State *L = s->box.L;
	const char *path = ctx->stage->lua;
	char msg[4096];
	if (luaL_loadfilex(L, path, "t") != LUA_OK) {
		const char *m = lua_tostring(L, -1);
		s->host->fail(ctx, "%s", m ? m : "cannot load script");
		lua_pop(L, 1);
		return GALLEY_FAIL;
	}
	if (lua_box_call(&s->box, 0, 0, msg, sizeof(msg)))
		return s->host->fail(ctx, "%s", msg);
	if (lua_getglobal(L, "process") != LUA_TFUNCTION) {
		lua_pop(L, 1);
		return s->host->fail(ctx, "%s defines no function process(article, ctx)", path);
	}
	lua_pop(L, 1);
	if (lua_getglobal(L, "setup") != LUA_TFUNCTION) {
		lua_pop(L, 1);
		return GALLEY_OK;
	}
	push_settings(L, ctx->stage);
	if (lua_box_call(&s->box, 1, 0, msg, sizeof(msg)))
		return s->host->fail(ctx, "setup: %s", msg);
	return GALLEY_OK;
}

static int lua_init(const galley_host *host, galley_ctx *ctx, void **state)
{
	lua_stage *s = calloc(1, sizeof(*s));
	if (!s)
		return host->fail(ctx, "out of memory");
	*state = s;
	s->host = host;
	s->ctx = ctx;
	s->ref_ctx = LUA_NOREF;
	arena scratch;
	arena_init(&scratch);
	char *dir = path_dirname(&scratch, ctx->stage->lua);
	char *lib = dir ? path_join(&scratch, dir, "lib") : NULL;
	size_t memory = (size_t)ctx->stage->lua_memory_mb << 20;
	int rc = lib ? lua_box_open(&s->box, memory, ctx->stage->lua_instructions, lib) : -1;
	arena_release(&scratch);
	if (rc)
		return host->fail(ctx, "cannot create a Lua state");
	lua_galley_open(s->box.L);
	build_ctx(s, ctx);
	return load_script(s, ctx);
}

/* The script's table (returned, or the argument edited in place) becomes
 * the article again; a malformed one fails the article. */
static int take_back(lua_stage *s, galley_ctx *ctx, galley_article *a)
{
	lua_State *L = s->box.L;
	char msg[512];
	galley_article *fresh = NULL;
	int rc = lua_article_take(L, -1, &fresh, msg, sizeof(msg));
	lua_pop(L, 1);
	if (rc)
		return s->host->fail(ctx, "the article returned by %s is not valid: %s",
		                     ctx->stage->lua, msg);
	article_replace(a, fresh);
	return GALLEY_OK;
}

static int lua_process(void *state, galley_ctx *ctx, galley_article *a)
{
	lua_stage *s = state;
	lua_State *L = s->box.L;
	s->ctx = ctx;
	s->dropped = 0;
	free(s->quarantine_reason);
	s->quarantine_reason = NULL;
	lua_getglobal(L, "process");
	if (lua_article_push(L, a)) {
		lua_pop(L, 1);
		return s->host->fail(ctx, "article too deeply nested for Lua");
	}
	lua_pushvalue(L, -1); /* keep the argument in case process returns nil */
	lua_insert(L, -3);
	lua_rawgeti(L, LUA_REGISTRYINDEX, s->ref_ctx);
	char msg[4096];
	if (lua_box_call(&s->box, 2, 1, msg, sizeof(msg))) {
		lua_pop(L, 1);
		return s->host->fail(ctx, "%s", msg);
	}
	if (s->quarantine_reason || s->dropped) {
		lua_pop(L, 2);
		if (s->quarantine_reason)
			return s->host->fail(ctx, "%s", s->quarantine_reason);
		return GALLEY_DROP;
	}
	if (lua_istable(L, -1))
		lua_remove(L, -2);
	else
		lua_pop(L, 1);
	return take_back(s, ctx, a);
}

static int lua_finish(void *state, galley_ctx *ctx)
{
	lua_stage *s = state;
	lua_State *L = s->box.L;
	s->ctx = ctx;
	if (lua_getglobal(L, "finish") != LUA_TFUNCTION) {
		lua_pop(L, 1);
		return GALLEY_OK;
	}
	lua_rawgeti(L, LUA_REGISTRYINDEX, s->ref_ctx);
	char msg[4096];
	if (lua_box_call(&s->box, 1, 0, msg, sizeof(msg)))
		return s->host->fail(ctx, "finish: %s", msg);
	return GALLEY_OK;
}

static void lua_destroy(void *state)
{
	lua_stage *s = state;
	if (!s)
		return;
	lua_box_close(&s->box);
	free(s->quarantine_reason);
	free(s);
}

static const galley_plugin descriptor = {
	.abi_major = GALLEY_ABI_MAJOR,
	.abi_minor = GALLEY_ABI_MINOR,
	.size = sizeof(galley_plugin),
	.name = "lua",
	.description = "runs a Lua transform script (lua: FILE)",
	.role = GALLEY_ROLE_TRANSFORM,
	.settings = NULL,
	.init = lua_init,
	.process = lua_process,
	.finish = lua_finish,
	.destroy = lua_destroy,
};

const galley_plugin *lua_stage_plugin(void)
{
	return &descriptor;
}
