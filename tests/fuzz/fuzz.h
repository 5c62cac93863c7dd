/* fuzz.h — what every fuzz target defines.  Built two ways: with clang's
 * libFuzzer (`make fuzz`), and with replay.c's main() for `make check`,
 * which runs each target once over every file of its corpus. */
#ifndef GALLEY_FUZZ_H
#define GALLEY_FUZZ_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
/* Optional: once, before the first input. */
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* The input as a NUL-terminated string (freed by the caller). */
char *fuzz_string(const uint8_t *data, size_t size);

/* Writes the input to the file path and returns a new article with that
 * source, as a source's walk hands one to process(); aborts on failure. */
struct galley_article *fuzz_input_article(const char *path, const uint8_t *data, size_t size);

#endif
