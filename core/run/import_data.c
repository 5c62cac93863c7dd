/* import_data.c — host->import_data and host->reject_data (ABI 1.3): a
 * source that unpacks inputs holding other inputs (import/archive) hands
 * each one's bytes to the importer of its format.  That importer runs in a
 * nested ctx of the calling one, made on first use per worker, with its
 * default settings (and the caller's `language`): its read_file() of the
 * entry's name is served from memory, and what it emits comes back to the
 * caller instead of entering the run. */
#include <stdlib.h>
#include <string.h>

#include "run/import_data.h"
#include "config/plugin_load.h"
#include "run/run.h"
#include "run/quarantine.h"
#include "run/ctx.h"

/* The bytes a nested importer reads, and the articles it emits. */
struct import_feed {
	const char *name;
	const void *data;
	size_t len;
	galley_article **more;
	size_t nmore, cap;
	int oom;
};

struct nested_importer {
	stage st;
	galley_ctx ctx;
	arena ar; /* its settings */
};
typedef struct nested_importer nested_importer;

static const galley_plugin *loaded(const run *r, const char *use)
{
	const plugins *ps = r->p->plugins;
	for (size_t i = 0; ps && i < ps->count; i++)
		if (strcmp(ps->items[i]->desc.name, use) == 0)
			return &ps->items[i]->desc;
	return NULL;
}

/* The nested stage's settings: the importer's defaults, and the caller's
 * `language` when both have one. */
static int nested_settings(nested_importer *n, const galley_ctx *caller, galley_error *err)
{
	const pipeline *p = caller->run->p;
	if (settings_resolve(&n->st.settings, &n->ar, n->st.plugin->settings, NULL, NULL, p->file, p->dir,
	                     n->st.use, err))
		return -1;
	const setting_value *lang = settings_find(&caller->stage->settings, "language");
	for (size_t i = 0; lang && i < n->st.settings.count; i++) {
		setting_value *v = &n->st.settings.values[i];
		if (strcmp(v->spec->name, "language") == 0 && v->spec->type == GALLEY_SETTING_STRING) {
			v->str = lang->str;
			v->present = 1;
		}
	}
	return 0;
}

static nested_importer *nested_start(galley_ctx *caller, const galley_plugin *pl)
{
	nested_importer **grown = realloc(caller->nested, (caller->nnested + 1) * sizeof(*grown));
	if (grown)
		caller->nested = grown; /* the old block is gone once realloc succeeds */
	nested_importer *n = grown ? calloc(1, sizeof(*n)) : NULL;
	if (!n) {
		ctx_fail(caller, "out of memory");
		return NULL;
	}
	arena_init(&n->ar);
	n->st = *caller->stage; /* name, timeout and write_files of the caller's */
	n->st.use = pl->name;
	n->st.with = NULL;
	n->st.plugin = pl;
	n->ctx.run = caller->run;
	n->ctx.caller = caller;
	n->ctx.stage = &n->st;
	n->ctx.index = caller->index;
	galley_error err = {0};
	if (nested_settings(n, caller, &err)) {
		galley_error_format(&err, caller->reason, sizeof(caller->reason));
	} else if (pl->init(caller->run->host, &n->ctx, &n->ctx.state) != GALLEY_OK) {
		ctx_fail(caller, "%s cannot start: %s", pl->name,
		          n->ctx.reason[0] ? n->ctx.reason : "no reason given");
	} else {
		n->ctx.initialised = 1;
		caller->nested[caller->nnested++] = n;
		return n;
	}
	arena_release(&n->ar);
	free(n);
	return NULL;
}

static nested_importer *nested_of(galley_ctx *caller, const char *use)
{
	for (size_t i = 0; i < caller->nnested; i++)
		if (strcmp(caller->nested[i]->st.use, use) == 0)
			return caller->nested[i];
	const galley_plugin *pl = loaded(caller->run, use);
	if (!pl || pl->role != GALLEY_ROLE_SOURCE || !pl->process) {
		ctx_fail(caller, "'%s' is not an importer named in this stage's settings", use);
		return NULL;
	}
	return nested_start(caller, pl);
}

/* Empties a (a failed or dropped import), keeping its place and source. */
static void reset(galley_article *a, const char *source)
{
	char *keep = source ? strdup(source) : NULL;
	galley_article *fresh = article_new();
	if (fresh) {
		article_replace(a, fresh);
		article_set(a, "source", keep);
	}
	free(a->run.failed_input);
	free(a->run.failed_reason);
	free(a->run.failed_data);
	a->run.failed_input = a->run.failed_reason = NULL;
	a->run.failed_data = NULL;
	a->run.failed_stage = NULL;
	free(keep);
}

static void free_more(struct import_feed *f)
{
	for (size_t i = 0; i < f->nmore; i++)
		article_free(f->more[i]);
	free(f->more);
	f->more = NULL;
	f->nmore = 0;
}

int host_import_data(galley_ctx *ctx, const char *use, const char *name, const void *data,
                     size_t len, galley_article *a, galley_article ***more, size_t *nmore)
{
	*more = NULL;
	*nmore = 0;
	nested_importer *n = nested_of(ctx, use);
	if (!n)
		return GALLEY_FAIL;
	struct import_feed f = {name, data, len, NULL, 0, 0, 0};
	galley_ctx *c = &n->ctx;
	if (article_set(a, "source", name))
		return ctx_fail(ctx, "out of memory");
	c->feed = &f;
	c->article = a;
	c->reason[0] = '\0';
	c->deadline_ns = ctx->deadline_ns;
	int rc = n->st.plugin->process(c->state, c, a);
	c->feed = NULL;
	c->article = NULL;
	if (f.oom)
		rc = ctx_fail(ctx, "out of memory");
	else if (a->run.failed_input || rc == GALLEY_FAIL)
		rc = ctx_fail(ctx, "%s", a->run.failed_reason ? a->run.failed_reason
		                          : c->reason[0] ? c->reason : "refused without a reason");
	if (rc == GALLEY_FAIL || rc == GALLEY_DROP)
		reset(a, name);
	if (rc == GALLEY_FAIL) {
		free_more(&f);
		return GALLEY_FAIL;
	}
	*more = f.more;
	*nmore = f.nmore;
	return rc == GALLEY_DROP ? GALLEY_DROP : GALLEY_OK;
}

int import_data_read(galley_ctx *ctx, const char *path, size_t max, char **out, size_t *len)
{
	struct import_feed *f = ctx->feed;
	if (!f || strcmp(path, f->name) != 0)
		return 1;
	if (f->len > max)
		return ctx_fail(ctx, "'%s' is over the limit of %zu bytes", path, max);
	if (!(*out = malloc(f->len + 1)))
		return ctx_fail(ctx, "out of memory");
	memcpy(*out, f->data, f->len);
	(*out)[f->len] = '\0';
	*len = f->len;
	return 0;
}

int import_data_bytes(galley_ctx *ctx, const char *path, size_t max, const char **data,
                      size_t *len)
{
	struct import_feed *f = ctx->feed;
	if (!f || strcmp(path, f->name) != 0)
		return 1;
	if (f->len > max)
		return ctx_fail(ctx, "'%s' is over the limit of %zu bytes", path, max);
	*data = f->data;
	*len = f->len;
	return 0;
}

int import_data_emit(galley_ctx *ctx, galley_article *a)
{
	struct import_feed *f = ctx->feed;
	if (f->nmore == f->cap) {
		size_t cap = f->cap ? f->cap * 2 : 8;
		galley_article **grown = realloc(f->more, cap * sizeof(*grown));
		if (!grown) {
			f->oom = 1;
			article_free(a);
			return GALLEY_ENOMEM;
		}
		f->more = grown;
		f->cap = cap;
	}
	f->more[f->nmore++] = a;
	return 0;
}

int host_reject_data(galley_ctx *ctx, const char *name, const void *data, size_t len,
                     const char *reason)
{
	if (!reason)
		reason = ctx->reason[0] ? ctx->reason : "rejected without a reason";
	if (!ctx->article) { /* from run(): at once */
		quarantine_input(ctx->run, name, data ? data : "", len, ctx->stage->name, reason);
		return 0;
	}
	galley_article *piece = article_new();
	article_trace *t = piece ? &piece->run : NULL;
	if (!piece || article_set(piece, "source", name) || !(t->failed_input = strdup(name)) ||
	    !(t->failed_reason = strdup(reason)) || !(t->failed_data = malloc(len ? len : 1))) {
		article_free(piece);
		return ctx_fail(ctx, "out of memory");
	}
	memcpy(piece->run.failed_data, data, len);
	piece->run.failed_len = len;
	piece->run.failed_stage = ctx->stage->name;
	return ctx_split(ctx, piece);
}

void import_data_release(galley_ctx *ctx)
{
	for (size_t i = 0; i < ctx->nnested; i++) {
		nested_importer *n = ctx->nested[i];
		if (n->st.plugin->destroy)
			n->st.plugin->destroy(n->ctx.state);
		free(n->ctx.view);
		free(n->ctx.info);
		arena_release(&n->ar);
		free(n);
	}
	free(ctx->nested);
	ctx->nested = NULL;
	ctx->nnested = 0;
}
