/* load/generate — a test source that makes `count` synthetic articles in
 * memory (a headline and `paragraphs` paragraphs each), for tests that
 * need many articles without a corpus on disk: the memory-bound test
 * (tests/memory.t) runs 50,000 of them into load/slow. */
#include <stdio.h>
#include <string.h>

#include "galley/plugin.h"

static const galley_setting settings[] = {
	GALLEY_SETTING("count", INT, "1000", "articles to make"),
	GALLEY_SETTING("paragraphs", INT, "8", "paragraphs per article"),
	{0},
};

static const galley_host *H;

static int gen_init(const galley_host *host, galley_ctx *ctx, void **state)
{
	(void)ctx;
	H = host;
	*state = NULL;
	return GALLEY_OK;
}

static int gen_run(void *state, galley_ctx *ctx)
{
	(void)state;
	int64_t count = H->setting_int(ctx, "count"), paras = H->setting_int(ctx, "paragraphs");
	char text[600];
	for (int64_t i = 0; i < count; i++) {
		galley_article *a = H->article_new(ctx);
		if (!a)
			return H->fail(ctx, "out of memory");
		snprintf(text, sizeof(text), "gen-%07lld", (long long)i);
		H->set(a, "id", text);
		snprintf(text, sizeof(text), "Generated article number %lld", (long long)i);
		H->set(a, "headline", text);
		for (int64_t p = 0; p < paras; p++) {
			snprintf(text, sizeof(text),
			         "Paragraph %lld of article %lld. The council met on Tuesday to discuss the "
			         "harbour, the ferries and the new library hours, and agreed to meet "
			         "again in the spring when the budget for the next year is known.",
			         (long long)p, (long long)i);
			H->block_insert(a, (size_t)p, "paragraph", text);
		}
		if (H->emit(ctx, a))
			return GALLEY_FAIL;
	}
	return GALLEY_OK;
}

GALLEY_PLUGIN_DEFINE(.name = "load/generate",
                     .description = "test source: COUNT synthetic articles made in memory",
                     .role = GALLEY_ROLE_SOURCE, .settings = settings, .init = gen_init,
                     .run = gen_run)
