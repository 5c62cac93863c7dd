/* no_process — a broken plugin for the loader's tests: a transform without a process callback. */
#include "stubs.h"

TEST_PLUGIN(.abi_major = GALLEY_ABI_MAJOR, .abi_minor = 0, .size = sizeof(galley_plugin), .name = "test/no_process", .role = GALLEY_ROLE_TRANSFORM, .init = init)
