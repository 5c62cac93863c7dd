/* galley_box.h — the unit tests' Lua state as a script stage has it: the
 * sandbox (16 MB, ten million instructions) with the galley module and
 * the article metatables.  cmocka group setup and teardown. */
#ifndef GALLEY_TEST_BOX_H
#define GALLEY_TEST_BOX_H

#include "lua/script_lib.h"
#include "lua/script_sandbox.h"

static script_box box;

static int setup(void **state)
{
	(void)state;
	if (script_box_open(&box, 16u << 20, 10000000, "/nonexistent/lib"))
		return -1;
	script_lib_open(box.L);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	script_box_close(&box);
	return 0;
}

#endif
