/* wrong_name — a broken plugin for the loader's tests: a file whose descriptor names another plugin. */
#include "stubs.h"

TEST_PLUGIN(.abi_major = GALLEY_ABI_MAJOR, .abi_minor = 0, .size = sizeof(galley_plugin), .name = "test/other_name", .role = GALLEY_ROLE_TRANSFORM, .init = init, .process = process)
