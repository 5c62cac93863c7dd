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
#include "pipeline.h"
#include "pipeline_bind.h"
#include "plugin_load.h"
#include "run.h"
#include "runner.h"

#define STAGES 8

static pipeline p;
static plugins ps;
static run r;
static galley_ctx ctx[STAGES];
static char dir[] = "/tmp/galley-fuzz-XXXXXX", input[600];

static void die(const char *what, const galley_error *err)
{
	fprintf(stderr, "fuzz_annotate: %s: %s\n", what, err ? err->message : "");
	abort();
}

static void write_pipeline(const char *file)
{
	FILE *f = fopen(file, "w");
	if (!f)
		die("pipeline file", NULL);
	fprintf(f, "stages:\n"
	           "  - {use: import/text, with: {path: article.txt}}\n"
	           "  - use: clean/text\n"
	           "  - use: annotate/language\n"
	           "  - use: clean/typography\n"
	           "  - {use: annotate/entities, with: {gazetteers: \"%s/pipelines/gazetteers/*.yaml\"}}\n"
	           "  - {use: clean/spelling, with: {gazetteers: \"%s/pipelines/gazetteers/*.yaml\"}}\n"
	           "  - use: annotate/quotes\n"
	           "  - {use: annotate/keywords, with: {stopwords: \"%s/pipelines/stopwords/*.txt\"}}\n",
	        FUZZ_ROOT, FUZZ_ROOT, FUZZ_ROOT);
	fclose(f);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	if (!mkdtemp(dir))
		die("mkdtemp", NULL);
	char file[600];
	snprintf(file, sizeof(file), "%s/pipeline.yaml", dir);
	snprintf(input, sizeof(input), "%s/article.txt", dir);
	write_pipeline(file);
	setenv("GALLEY_PLUGIN_PATH", FUZZ_PLUGIN_DIR, 1);
	galley_error err = {0};
	if (pipeline_load(&p, file, NULL, 0, &err) || plugins_init(&ps, NULL, 0, &err) ||
	    pipeline_bind(&p, &ps, &err) || p.nstages != STAGES)
		die("pipeline", &err);
	r.p = &p;
	r.output = r.quarantine = dir;
	r.dry_run = 1;
	r.jobs = 1;
	arena_init(&r.ar);
	pthread_mutex_init(&r.lock, NULL);
	runner_set_dates(&r);
	for (size_t i = 0; i < STAGES; i++) {
		ctx[i].run = &r;
		ctx[i].stage = &p.stages[i];
		if (ctx[i].stage->plugin->init(host_api(), &ctx[i], &ctx[i].state) != GALLEY_OK)
			die(ctx[i].reason, NULL);
	}
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
	if (rc == GALLEY_OK && !a->failed_input)
		transform(a);
	char *json = NULL;
	size_t len;
	if (!a->failed_input && article_dump(a, &json, &len) != 0)
		abort(); /* what the chain left must still be a valid article */
	free(json);
	article_free(a);
	return 0;
}
