/* load/slow — a test sink that takes `micros` microseconds per article and
 * writes nothing: the slowest consumer a run can have, so the runner's
 * queues fill up and must hold back the source (tests/memory.t). */
#include <time.h>

#include "galley/plugin.h"

static const galley_setting settings[] = {
	GALLEY_SETTING("micros", INT, "20", "time spent per article"),
	{0},
};

static const galley_host *H;

static int slow_init(const galley_host *host, galley_ctx *ctx, void **state)
{
	(void)ctx;
	H = host;
	*state = NULL;
	return GALLEY_OK;
}

static int slow_process(void *state, galley_ctx *ctx, galley_article *a)
{
	(void)state, (void)a;
	int64_t us = H->setting_int(ctx, "micros");
	struct timespec t = {us / 1000000, (long)(us % 1000000) * 1000};
	nanosleep(&t, NULL);
	return GALLEY_OK;
}

GALLEY_PLUGIN_DEFINE(.name = "load/slow",
                     .description = "test sink: sleeps MICROS per article",
                     .role = GALLEY_ROLE_SINK, .settings = settings, .init = slow_init,
                     .process = slow_process)
