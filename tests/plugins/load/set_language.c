/* load/set_language — a test transform that sets every article's language
 * to its `value` setting, as a newsroom's compiled plugin might set a name
 * where a tag belongs (tests/cli 093: the core holds it to BCP 47). */
#include "galley/plugin.h"

static const galley_setting settings[] = {
	GALLEY_SETTING("value", STRING, "en", "the language to set"),
	{0},
};

static const galley_host *H;

static int set_init(const galley_host *host, galley_ctx *ctx, void **state)
{
	(void)ctx;
	H = host;
	*state = NULL;
	return GALLEY_OK;
}

static int set_process(void *state, galley_ctx *ctx, galley_article *a)
{
	(void)state;
	return H->set(a, "language", H->setting_string(ctx, "value")) ? H->fail(ctx, "out of memory")
	                                                               : GALLEY_OK;
}

GALLEY_PLUGIN_DEFINE(.name = "load/set_language",
                     .description = "test transform: sets the language to its setting",
                     .role = GALLEY_ROLE_TRANSFORM, .settings = settings, .init = set_init,
                     .process = set_process)
