/* stubs.h — do-nothing callbacks shared by the broken test plugins, which
 * differ only in their descriptors. */
#ifndef GALLEY_TEST_STUBS_H
#define GALLEY_TEST_STUBS_H

#include "galley/plugin.h"

static int init(const galley_host *host, galley_ctx *ctx, void **state)
{
	(void)host, (void)ctx, (void)state;
	return GALLEY_OK;
}

static int process(void *state, galley_ctx *ctx, galley_article *a)
{
	(void)state, (void)ctx, (void)a;
	return GALLEY_OK;
}

#define TEST_PLUGIN(...)                                                               \
	GALLEY_EXPORT const galley_plugin *galley_plugin_entry(void);                  \
	GALLEY_EXPORT const galley_plugin *galley_plugin_entry(void)                   \
	{                                                                              \
		(void)init, (void)process;                                             \
		static const galley_plugin d = {__VA_ARGS__};                          \
		return &d;                                                             \
	}

#endif
