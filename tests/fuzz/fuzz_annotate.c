/* fuzz_annotate.c — the nightly pipeline's clean-and-annotate chain on
 * arbitrary text: import/text reads the input as article.txt, then
 * clean/text, annotate/language, clean/typography, annotate/entities,
 * clean/spelling, annotate/quotes and annotate/keywords run on what it
 * made, each as a worker runs it.  The plugins are dlopen-ed from
 * FUZZ_PLUGIN_DIR; the gazetteers and stop words are the repository's
 * (FUZZ_ROOT).  A refused input is fine; a crash, a leak, a hang or an
 * article that is no longer valid is not. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

#define STAGES 8

static fuzz_setup f = {.dir = "/tmp/galley-fuzz-XXXXXX"};
static galley_ctx ctx[STAGES];
static char input[600];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	char yaml[2048];
	snprintf(yaml, sizeof(yaml),
	         "stages:\n"
	         "  - {use: import/text, with: {path: article.txt}}\n"
	         "  - use: clean/text\n"
	         "  - use: annotate/language\n"
	         "  - use: clean/typography\n"
	         "  - {use: annotate/entities, with: {gazetteers: \"%s/pipelines/gazetteers/*.yaml\"}}\n"
	         "  - {use: clean/spelling, with: {gazetteers: \"%s/pipelines/gazetteers/*.yaml\"}}\n"
	         "  - use: annotate/quotes\n"
	         "  - {use: annotate/keywords, with: {stopwords: \"%s/pipelines/stopwords/*.txt\"}}\n",
	         FUZZ_ROOT, FUZZ_ROOT, FUZZ_ROOT);
	fuzz_pipeline(&f, yaml, FUZZ_PLUGIN_DIR, ctx, STAGES);
	snprintf(input, sizeof(input), "%s/article.txt", f.dir);
	return 0;
}

/* The transforms on one article, as a worker calls them. */
static void transform(galley_article *a)
{
	for (size_t i = 1; i < STAGES; i++) {
		ctx[i].reason[0] = '\0';
		ctx[i].article = a;
		int rc = ctx[i].stage->plugin->process(ctx[i].state, &ctx[i], a);
		ctx[i].article = NULL;
		if (rc != GALLEY_OK)
			return;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	galley_article *a = fuzz_input_article(input, data, size);
	ctx[0].reason[0] = '\0';
	ctx[0].article = a;
	int rc = ctx[0].stage->plugin->process(ctx[0].state, &ctx[0], a);
	ctx[0].article = NULL;
	if (rc == GALLEY_OK && !a->run.failed_input)
		transform(a);
	char *json = NULL;
	size_t len;
	if (!a->run.failed_input && article_dump(a, &json, &len) != 0)
		abort(); /* what the chain left must still be a valid article */
	free(json);
	article_free(a);
	return 0;
}
