/* fuzz_import.c — one importer plugin (FUZZ_PLUGIN, e.g. "import/text")
 * on arbitrary file contents, loaded the way galley loads it: the plugin
 * is dlopen-ed from FUZZ_PLUGIN_DIR, bound to a one-stage pipeline, and
 * its worker-side process() reads each input from a file named
 * article.FUZZ_EXT.  A rejected input is fine; a crash, a leak or a hang
 * is not. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz.h"

static fuzz_setup f = {.dir = "/tmp/galley-fuzz-XXXXXX"};
static galley_ctx ctx;
static char input[600];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	char yaml[300];
	snprintf(yaml, sizeof(yaml), "stages:\n  - use: %s\n    with: {path: \"article.%s\"}\n",
	         FUZZ_PLUGIN, FUZZ_EXT);
	fuzz_pipeline(&f, yaml, FUZZ_PLUGIN_DIR, &ctx, 1);
	if (!ctx.stage->plugin->process) {
		fprintf(stderr, "fuzz_import: %s does not load on workers\n", FUZZ_PLUGIN);
		abort();
	}
	snprintf(input, sizeof(input), "%s/article.%s", f.dir, FUZZ_EXT);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	galley_article *a = fuzz_input_article(input, data, size);
	ctx.reason[0] = '\0';
	ctx.article = a;
	ctx.stage->plugin->process(ctx.state, &ctx, a);
	ctx.article = NULL;
	for (galley_article *next; a; a = next) { /* with the articles it split off */
		char *json = NULL;
		size_t len;
		if (!a->run.failed_input && article_dump(a, &json, &len) != 0)
			abort(); /* an accepted article must be a valid one */
		free(json);
		next = a->run.next;
		article_free(a);
	}
	return 0;
}
