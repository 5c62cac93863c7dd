/* galley_box.h — the unit tests' Lua state as a script stage has it: the
 * sandbox (16 MB, ten million instructions) with the galley module and
 * the article metatables.  cmocka group setup and teardown. */
#ifndef GALLEY_TEST_BOX_H
#define GALLEY_TEST_BOX_H

#include "lua_galley.h"
#include "lua_sandbox.h"

static lua_box box;

static int setup(void **state)
{
	(void)state;
	if (lua_box_open(&box, 16u << 20, 10000000, "/nonexistent/lib"))
		return -1;
	lua_galley_open(box.L);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	lua_box_close(&box);
	return 0;
}

#endif
