/* fuzz.h — what every fuzz target defines.  Built two ways: with clang's
 * libFuzzer (`make fuzz`), and with replay.c's main() for `make check`,
 * which runs each target once over every file of its corpus. */
#ifndef GALLEY_FUZZ_H
#define GALLEY_FUZZ_H

#include <stddef.h>
#include <stdint.h>

#include "config/pipeline.h"
#include "config/plugin_load.h"
#include "run/run.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
/* Optional: once, before the first input. */
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* The input as a NUL-terminated string (freed by the caller). */
char *fuzz_string(const uint8_t *data, size_t size);

/* Writes the input to the file path and returns a new article with that
 * source, as a source's walk hands one to process(); aborts on failure. */
struct galley_article *fuzz_input_article(const char *path, const uint8_t *data, size_t size);

/* A target that runs plugins: its pipeline, their registry and a dry run
 * around them, in a fresh folder under /tmp (dir). */
typedef struct fuzz_setup {
	pipeline p;
	plugins ps;
	run r;
	char dir[32];
} fuzz_setup;

/* Writes yaml as dir/pipeline.yaml, loads and binds it as `galley run`
 * does (plugins from plugin_dir), and starts each of its nstages stages
 * in ctxs[i]; aborts on any failure.  f->dir must hold
 * "/tmp/galley-fuzz-XXXXXX"; relative paths in yaml are from it. */
void fuzz_pipeline(fuzz_setup *f, const char *yaml, const char *plugin_dir, galley_ctx *ctxs,
                   size_t nstages);

#endif
