/* short_size — a broken plugin for the loader's tests: a descriptor smaller than ABI 1.0. */
#include "stubs.h"

TEST_PLUGIN(.abi_major = GALLEY_ABI_MAJOR, .abi_minor = 0, .size = 16, .name = "test/short_size", .role = GALLEY_ROLE_TRANSFORM, .init = init, .process = process)
