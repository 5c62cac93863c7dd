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
#include "pipeline.h"
#include "pipeline_bind.h"
#include "plugin_load.h"
#include "run.h"
#include "runner.h"

static pipeline p;
static plugins ps;
static run r;
static galley_ctx ctx;
static char dir[] = "/tmp/galley-fuzz-XXXXXX", input[600];

static void die(const char *what, const galley_error *err)
{
	fprintf(stderr, "fuzz_import: %s: %s\n", what, err ? err->message : "");
	abort();
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	if (!mkdtemp(dir))
		die("mkdtemp", NULL);
	char file[600];
	snprintf(file, sizeof(file), "%s/pipeline.yaml", dir);
	snprintf(input, sizeof(input), "%s/article.%s", dir, FUZZ_EXT);
	FILE *f = fopen(file, "w");
	if (!f)
		die("pipeline file", NULL);
	fprintf(f, "stages:\n  - use: %s\n    with: {path: \"article.%s\"}\n", FUZZ_PLUGIN, FUZZ_EXT);
	fclose(f);
	setenv("GALLEY_PLUGIN_PATH", FUZZ_PLUGIN_DIR, 1);
	galley_error err = {0};
	if (pipeline_load(&p, file, NULL, 0, &err) || plugins_init(&ps, NULL, 0, &err) ||
	    pipeline_bind(&p, &ps, &err))
		die("pipeline", &err);
	if (!p.stages[0].plugin->process)
		die("the plugin does not load on workers", NULL);
	r.p = &p;
	r.output = r.quarantine = dir;
	r.dry_run = 1;
	r.jobs = 1;
	arena_init(&r.ar);
	pthread_mutex_init(&r.lock, NULL);
	runner_set_dates(&r);
	ctx.run = &r;
	ctx.stage = &p.stages[0];
	if (ctx.stage->plugin->init(host_api(), &ctx, &ctx.state) != GALLEY_OK)
		die("init", NULL);
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
		if (!a->failed_input && article_dump(a, &json, &len) != 0)
			abort(); /* an accepted article must be a valid one */
		free(json);
		next = a->next;
		article_free(a);
	}
	return 0;
}
