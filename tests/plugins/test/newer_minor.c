/* newer_minor — a broken plugin for the loader's tests: needs a minor version this host does not have. */
#include "stubs.h"

TEST_PLUGIN(.abi_major = GALLEY_ABI_MAJOR, .abi_minor = GALLEY_ABI_MINOR + 1, .size = sizeof(galley_plugin), .name = "test/newer_minor", .role = GALLEY_ROLE_TRANSFORM, .init = init, .process = process)
