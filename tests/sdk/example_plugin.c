/* example_plugin.c — a plugin built outside galley's tree, the way a
 * newsroom would write one: only <galley/plugin.h>, flags from
 * `pkg-config --cflags galley-plugin`.  tests/sdk.t builds it against a
 * staged `make install` and runs it in a pipeline.
 *
 * annotate/byline_count: stores the number of bylines under extra.  Its
 * setting declares a rule (ABI 2.0), which galley checks, not the plugin. */
#include <stdio.h>

#include <galley/plugin.h>

static const galley_host *H;

static const galley_setting settings[] = {
	GALLEY_SETTING("key", STRING, "byline_count", "name of the extra field",
	               .rules = GALLEY_RULE_NONEMPTY),
	{0},
};

static int init(const galley_host *host, galley_ctx *ctx, void **state)
{
	(void)ctx;
	H = host;
	*state = NULL;
	return GALLEY_OK;
}

static int process(void *state, galley_ctx *ctx, galley_article *a)
{
	(void)state;
	char n[32];
	snprintf(n, sizeof(n), "%zu", H->list_count(a, "bylines"));
	if (H->extra_set_json(a, H->setting_string(ctx, "key"), n))
		return H->fail(ctx, "out of memory");
	return GALLEY_OK;
}

GALLEY_PLUGIN_DEFINE(.name = "annotate/byline_count",
                     .description = "counts bylines (an out-of-tree example plugin)",
                     .role = GALLEY_ROLE_TRANSFORM, .settings = settings, .init = init,
                     .process = process)
