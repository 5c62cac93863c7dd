/* util.c — helpers the fuzz targets share. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/article.h"
#include "fuzz.h"
#include "config/pipeline_bind.h"
#include "run/host.h"
#include "run/runner.h"

char *fuzz_string(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	if (!s)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

galley_article *fuzz_input_article(const char *path, const uint8_t *data, size_t size)
{
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(data, 1, size, f) != size || fclose(f) != 0)
		abort();
	galley_article *a = article_new();
	if (!a || article_set(a, "source", path))
		abort();
	return a;
}

static void die(const char *what, const galley_error *err)
{
	fprintf(stderr, "fuzz: %s: %s\n", what, err ? err->message : "");
	abort();
}

void fuzz_pipeline(fuzz_setup *f, const char *yaml, const char *plugin_dir, galley_ctx *ctxs,
                   size_t nstages)
{
	if (!mkdtemp(f->dir))
		die("mkdtemp", NULL);
	char file[600];
	snprintf(file, sizeof(file), "%s/pipeline.yaml", f->dir);
	FILE *fp = fopen(file, "w");
	if (!fp || fputs(yaml, fp) < 0 || fclose(fp) != 0)
		die("pipeline file", NULL);
	setenv("GALLEY_PLUGIN_PATH", plugin_dir, 1);
	galley_error err = {0};
	if (pipeline_load(&f->p, file, NULL, 0, &err) || plugins_init(&f->ps, NULL, 0, &err) ||
	    pipeline_bind(&f->p, &f->ps, &err) || f->p.nstages != nstages)
		die("pipeline", &err);
	f->r.p = &f->p;
	f->r.host = host_api();
	f->r.output = f->r.quarantine = f->dir;
	f->r.dry_run = 1;
	f->r.jobs = 1;
	arena_init(&f->r.ar);
	pthread_mutex_init(&f->r.lock, NULL);
	runner_set_dates(&f->r, 0);
	for (size_t i = 0; i < nstages; i++) {
		ctxs[i].run = &f->r;
		ctxs[i].stage = &f->p.stages[i];
		if (ctxs[i].stage->plugin->init(host_api(), &ctxs[i], &ctxs[i].state) != GALLEY_OK)
			die(ctxs[i].reason, NULL);
	}
}
