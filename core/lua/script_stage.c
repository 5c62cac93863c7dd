/* script_stage.c — runs a transform script: setup(settings) once, then
 * process(article, ctx) per article with a fresh instruction budget and
 * deadline, then finish(ctx).  The article has its canonical JSON's shape,
 * so Lua sees exactly the field names of the JSON output; its fields cross
 * when the script reads them (script_article_live.c).  A script
 * error fails only that article (the runner quarantines it with message
 * and traceback).  When a call exceeds a limit, the state may hold
 * anything half done, so it is thrown away and built again (the script's
 * chunk and setup() run anew) before the next article. */
#include <lauxlib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/article.h"
#include "lua/script_article.h"
#include "lua/script_lib.h"
#include "lua/script_bridge.h"
#include "lua/script_sandbox.h"
#include "lua/script_stage.h"
#include "base/path.h"
#include "run/run.h"
#include "run/ctx.h"

typedef struct script_state {
	script_box box;
	const galley_host *host;
	galley_ctx *ctx;
	int ref_ctx;
	int dropped;
	char *quarantine_reason;
	galley_article *pending; /* ctx.emit's piece while it is being read */
	size_t emitted;          /* bytes of the pieces this call emitted: charged to memory_mb */
	char *broken; /* why the state could not be rebuilt: every article fails */
} script_state;

static script_state *stage_of(lua_State *L)
{
	return lua_touserdata(L, lua_upvalueindex(1));
}

static int l_log(lua_State *L)
{
	script_state *s = stage_of(L);
	const char *msg = luaL_tolstring(L, 1, NULL);
	s->host->log(s->ctx, GALLEY_LOG_INFO, "%s", msg);
	return 0;
}

static int l_print(lua_State *L)
{
	script_state *s = stage_of(L);
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
	script_state *s = stage_of(L);
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
	script_state *s = stage_of(L);
	char msg[512];
	galley_article *piece = NULL;
	luaL_checktype(L, 1, LUA_TTABLE);
	if (!s->ctx || !s->ctx->article)
		return luaL_error(L, "ctx.emit works only in process()");
	if (script_article_is_live(L, 1)) /* the article at hand, emitted whole */
		script_article_live_fill(L);
	/* s->pending holds the piece while it is read, for the caller to
	 * free should a memory error cut the reading short */
	if (script_article_take(L, 1, &s->pending, msg, sizeof(msg)))
		return luaL_error(L, "ctx.emit: the new article is not valid: %s", msg);
	piece = s->pending;
	s->pending = NULL;
	if (!piece->id || !piece->id[0]) {
		article_free(piece);
		return luaL_error(L, "ctx.emit: the new article needs an id");
	}
	if (!piece->source && s->ctx->article->source)
		article_set(piece, "source", s->ctx->article->source);
	/* what a call emits lives outside the Lua state until the call ends:
	 * it counts against the same memory cap */
	s->emitted += piece->ar.used + piece->body.count * sizeof(block);
	if (s->emitted > s->box.limit) {
		article_free(piece);
		return luaL_error(L,
		                  "ctx.emit: the articles emitted in this call exceed the stage's "
		                  "memory limit of %d MB (raise the stage's 'memory_mb:')",
		                  (int)(s->box.limit >> 20));
	}
	if (ctx_split(s->ctx, piece))
		return luaL_error(L, "ctx.emit works only in process()");
	return 0;
}

static void set_fn(lua_State *L, script_state *s, const char *name, lua_CFunction fn)
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
		script_bridge_push_yaml(L, st->with);
	else
		lua_newtable(L);
}

static void build_ctx(script_state *s, galley_ctx *ctx)
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

/* Checks process() and calls setup(settings), under the limits (even
 * reading a global may run a script's metamethod). */
typedef struct setup_call {
	const stage *st;
	int no_process, in_setup;
} setup_call;

static int setup_protected(lua_State *L)
{
	setup_call *c = lua_touserdata(L, 1);
	if (lua_getglobal(L, "process") != LUA_TFUNCTION)
		return c->no_process = 1, 0;
	if (lua_getglobal(L, "setup") != LUA_TFUNCTION)
		return 0;
	c->in_setup = 1;
	push_settings(L, c->st);
	lua_call(L, 1, 0);
	return 0;
}

/* Runs the chunk, checks process(), calls setup(settings); -1 with msg. */
static int load_script(script_state *s, galley_ctx *ctx, char *msg, size_t size)
{
	lua_State *L = s->box.L;
	const char *path = ctx->stage->lua;
	char why[4096];
	if (script_load_file(L, path) != LUA_OK) {
		const char *m = lua_tostring(L, -1);
		snprintf(msg, size, "%s", m ? m : "cannot load script");
		lua_pop(L, 1);
		return -1;
	}
	if (script_box_call(&s->box, 0, 0, why, sizeof(why)))
		return snprintf(msg, size, "%s", why), -1;
	setup_call c = {.st = ctx->stage};
	lua_pushcfunction(L, setup_protected);
	lua_pushlightuserdata(L, &c);
	if (script_box_call(&s->box, 1, 0, why, sizeof(why)))
		return snprintf(msg, size, "%s%.4000s", c.in_setup ? "setup: " : "", why), -1;
	if (c.no_process)
		return snprintf(msg, size, "%s defines no function process(article, ctx)", path), -1;
	return 0;
}

/* A new sandbox with the script loaded and set up; -1 with msg. */
static int open_state(script_state *s, galley_ctx *ctx, char *msg, size_t size)
{
	arena scratch;
	arena_init(&scratch);
	char *dir = path_dirname(&scratch, ctx->stage->lua);
	char *lib = dir ? path_join(&scratch, dir, "lib") : NULL;
	size_t memory = (size_t)ctx->stage->script_memory_mb << 20;
	int rc = lib ? script_box_open(&s->box, memory, ctx->stage->script_instructions, lib) : -1;
	arena_release(&scratch);
	if (rc)
		return snprintf(msg, size, "cannot create a Lua state"), -1;
	script_box_set_timeout(&s->box, ctx->stage->timeout_ms);
	script_lib_open(s->box.L);
	build_ctx(s, ctx);
	return load_script(s, ctx, msg, size);
}

/* After a limit was exceeded: the old state goes, a fresh one comes. */
static void rebuild(script_state *s, galley_ctx *ctx)
{
	char msg[4096];
	script_box_close(&s->box);
	s->ref_ctx = LUA_NOREF;
	if (open_state(s, ctx, msg, sizeof(msg)) == 0)
		return;
	free(s->broken);
	s->broken = strdup(msg);
	if (!s->broken)
		s->broken = strdup("out of memory");
}

static void script_destroy(void *state);

static int script_init(const galley_host *host, galley_ctx *ctx, void **state)
{
	script_state *s = calloc(1, sizeof(*s));
	if (!s)
		return host->fail(ctx, "out of memory");
	*state = s;
	s->host = host;
	s->ctx = ctx;
	s->ref_ctx = LUA_NOREF;
	char msg[4096];
	if (open_state(s, ctx, msg, sizeof(msg))) {
		script_destroy(s); /* a stage that did not start is never destroyed */
		*state = NULL;
		return host->fail(ctx, "%s", msg);
	}
	return GALLEY_OK;
}

/* One process() call, run entirely under lua_pcall with the limits on:
 * pushing the article, the script, and reading back its table (returned,
 * or the argument edited in place).  Memory errors anywhere are caught. */
typedef struct process_call {
	script_state *s;
	galley_article *a;
	int bad;      /* the table was not a valid article: msg */
	int contract; /* process() returned what it may not: msg */
	char msg[512];
} process_call;

/* The article goes in live (script_article_live.c); what comes back is the
 * fields the script read or wrote, or, when it returns another table, a
 * whole new article in place of this one (script_article_take_result). */
static int process_protected(lua_State *L)
{
	process_call *c = lua_touserdata(L, 1);
	lua_settop(L, 0);
	lua_getglobal(L, "process");
	script_article_push_live(L, c->a);
	lua_pushvalue(L, -1);
	lua_insert(L, 1); /* keep the argument in case process returns nil */
	lua_rawgeti(L, LUA_REGISTRYINDEX, c->s->ref_ctx);
	lua_call(L, 2, 1);
	if (c->s->quarantine_reason || c->s->dropped)
		return 0;
	int t = lua_type(L, 2);
	if (t != LUA_TTABLE && t != LUA_TNIL && t != LUA_TBOOLEAN) {
		snprintf(c->msg, sizeof(c->msg),
		         "process() returned a %s; it returns the article, nothing (the article "
		         "edited in place), true or false",
		         lua_typename(L, t));
		c->contract = 1;
		return 0;
	}
	c->bad = script_article_take_result(L, 2, 1, c->a, c->msg, sizeof(c->msg));
	return 0;
}

static int script_process(void *state, galley_ctx *ctx, galley_article *a)
{
	script_state *s = state;
	if (s->broken)
		return s->host->fail(ctx, "the script's Lua state could not be rebuilt: %s", s->broken);
	s->ctx = ctx;
	s->dropped = 0;
	s->emitted = 0;
	free(s->quarantine_reason);
	s->quarantine_reason = NULL;
	process_call c = {.s = s, .a = a};
	lua_pushcfunction(s->box.L, process_protected);
	lua_pushlightuserdata(s->box.L, &c);
	char msg[4096];
	int rc = script_box_call(&s->box, 1, 0, msg, sizeof(msg));
	script_article_let_go(s->box.L);
	article_free(s->pending);
	s->pending = NULL;
	if (rc) {
		if (rc == SCRIPT_BOX_TRIPPED)
			rebuild(s, ctx);
		return s->host->fail(ctx, "%s", msg);
	}
	if (s->quarantine_reason)
		return s->host->fail(ctx, "%s", s->quarantine_reason);
	if (s->dropped)
		return GALLEY_DROP;
	if (c.contract)
		return s->host->fail(ctx, "%s: %s", ctx->stage->lua, c.msg);
	if (c.bad)
		return s->host->fail(ctx, "the article returned by %s is not valid: %s",
		                     ctx->stage->lua, c.msg);
	return GALLEY_OK;
}

static int finish_protected(lua_State *L)
{
	script_state *s = lua_touserdata(L, 1);
	if (lua_getglobal(L, "finish") != LUA_TFUNCTION)
		return 0;
	lua_rawgeti(L, LUA_REGISTRYINDEX, s->ref_ctx);
	lua_call(L, 1, 0);
	return 0;
}

static int script_finish(void *state, galley_ctx *ctx)
{
	script_state *s = state;
	if (s->broken)
		return GALLEY_OK; /* its articles failed already, each with the reason */
	s->ctx = ctx;
	lua_pushcfunction(s->box.L, finish_protected);
	lua_pushlightuserdata(s->box.L, s);
	char msg[4096];
	if (script_box_call(&s->box, 1, 0, msg, sizeof(msg)))
		return s->host->fail(ctx, "finish: %s", msg);
	return GALLEY_OK;
}

static void script_destroy(void *state)
{
	script_state *s = state;
	if (!s)
		return;
	script_box_close(&s->box);
	article_free(s->pending);
	free(s->quarantine_reason);
	free(s->broken);
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
	.init = script_init,
	.process = script_process,
	.finish = script_finish,
	.destroy = script_destroy,
};

const galley_plugin *script_stage_plugin(void)
{
	return &descriptor;
}
