/* wrong_major — a broken plugin for the loader's tests: built for ABI 1.6, the
 * last of the 1.x line, which 2.0 galley refuses. */
#include "stubs.h"

TEST_PLUGIN(.abi_major = 1, .abi_minor = 6, .size = sizeof(galley_plugin), .name = "test/wrong_major", .role = GALLEY_ROLE_TRANSFORM, .init = init, .process = process)
