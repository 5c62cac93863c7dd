/* wrong_major — a broken plugin for the loader's tests: built for ABI major 99. */
#include "stubs.h"

TEST_PLUGIN(.abi_major = 99, .abi_minor = 0, .size = sizeof(galley_plugin), .name = "test/wrong_major", .role = GALLEY_ROLE_TRANSFORM, .init = init, .process = process)
