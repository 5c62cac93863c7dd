/* load/hang — a test transform that never returns for an article whose
 * headline contains `marker`, the way a compiled plugin stuck in a loop or
 * a blocking call would (tests/cli 034: the watchdog must end the run). */
#include <string.h>
#include <time.h>

#include "galley/plugin.h"

static const galley_setting settings[] = {
	GALLEY_SETTING("marker", STRING, "HANG", "headlines containing this hang the stage"),
	{0},
};

static const galley_host *H;

static int hang_init(const galley_host *host, galley_ctx *ctx, void **state)
{
	(void)ctx;
	H = host;
	*state = NULL;
	return GALLEY_OK;
}

static int hang_process(void *state, galley_ctx *ctx, galley_article *a)
{
	(void)state;
	const char *headline = H->get(a, "headline");
	if (!headline || !strstr(headline, H->setting_string(ctx, "marker")))
		return GALLEY_OK;
	for (;;) {
		struct timespec t = {1, 0};
		nanosleep(&t, NULL);
	}
}

GALLEY_PLUGIN_DEFINE(.name = "load/hang",
                     .description = "test transform: never returns on a marked article",
                     .role = GALLEY_ROLE_TRANSFORM, .settings = settings, .init = hang_init,
                     .process = hang_process)
