/* load/split_fail — a test source whose one input holds `items` articles
 * and then fails, as an importer that runs out of memory half-way through
 * a file does: the run must say how many of its items went on (in its
 * process: all those read; in the worker thread: none), and quarantine
 * the file (tests/scale.t). */
#include <stdio.h>

#include "galley/plugin.h"

static const galley_setting settings[] = {
	GALLEY_SETTING("items", INT, "3", "articles read before the failure"),
	{0},
};

static const galley_host *H;

static int sf_init(const galley_host *host, galley_ctx *ctx, void **state)
{
	(void)ctx;
	H = host;
	*state = NULL;
	return GALLEY_OK;
}

static int sf_run(void *state, galley_ctx *ctx)
{
	(void)state;
	galley_article *a = H->article_new(ctx);
	if (!a || H->set(a, "source", "half-a-file.jsonl"))
		return H->fail(ctx, "out of memory");
	return H->emit(ctx, a);
}

static int sf_process(void *state, galley_ctx *ctx, galley_article *a)
{
	(void)state;
	char text[64];
	H->set(a, "headline", "Item 0");
	for (int64_t i = 1; i < H->setting_int(ctx, "items"); i++) {
		galley_article *x = H->article_new(ctx);
		snprintf(text, sizeof(text), "Item %lld", (long long)i);
		if (!x || H->set(x, "headline", text) || H->emit(ctx, x))
			return H->fail(ctx, "out of memory");
	}
	return H->fail(ctx, "out of memory after %lld items", (long long)H->setting_int(ctx, "items"));
}

GALLEY_PLUGIN_DEFINE(.name = "load/split_fail",
                     .description = "test source: one input of ITEMS articles that then fails",
                     .role = GALLEY_ROLE_SOURCE, .settings = settings, .init = sf_init,
                     .run = sf_run, .process = sf_process)
