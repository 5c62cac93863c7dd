/* load/hostile — a test importer that behaves as a broken parser would on
 * some inputs (tests/isolate.t): each file's first word says what it does.
 * "hang" never returns, "abort" aborts, "segv" writes through a null
 * pointer, "hog" allocates memory without end, "split N" makes N articles,
 * "split-segv N" and "split-hang N" make N and then crash or hang,
 * "file" writes a file for its article; anything else becomes an article
 * headlined with its first line.  Its inputs run in a process of their
 * own, so the run must lose only those inputs. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "galley/plugin.h"

static const galley_setting settings[] = {
	GALLEY_SETTING("path", PATH, NULL, "pattern of the files to read"),
	{0},
};

static const galley_host *H;

static int hostile_init(const galley_host *host, galley_ctx *ctx, void **state)
{
	(void)ctx;
	H = host;
	*state = NULL;
	return GALLEY_OK;
}

static int emit_file(void *data, const char *path)
{
	galley_ctx *ctx = data;
	galley_article *a = H->article_new(ctx);
	if (!a || H->set(a, "source", path))
		return H->fail(ctx, "out of memory");
	return H->emit(ctx, a);
}

static int hostile_run(void *state, galley_ctx *ctx)
{
	(void)state;
	return H->glob(ctx, H->setting_string(ctx, "path"), 0, emit_file, ctx);
}

static void hang(void)
{
	for (;;) {
		struct timespec t = {1, 0};
		nanosleep(&t, NULL);
	}
}

static void hog(void)
{
	for (;;) {
		char *p = malloc(16 << 20);
		if (p)
			memset(p, 1, 16 << 20);
	}
}

static void segv(void)
{
	volatile int *volatile p = NULL;
	*p = 1;
}

/* headline, and an id made of it */
static int name(galley_article *a, const char *headline)
{
	char *id = H->slug(headline);
	int rc = !id || H->set(a, "headline", headline) || H->set(a, "id", id);
	H->free(id);
	return rc;
}

static int split(galley_ctx *ctx, galley_article *a, long n)
{
	name(a, "Piece 1");
	for (long i = 2; i <= n; i++) {
		char text[32];
		galley_article *x = H->article_new(ctx);
		snprintf(text, sizeof(text), "Piece %ld", i);
		if (!x || name(x, text) || H->emit(ctx, x))
			return H->fail(ctx, "out of memory");
	}
	return GALLEY_OK;
}

static int hostile_process(void *state, galley_ctx *ctx, galley_article *a)
{
	(void)state;
	char *text;
	size_t len;
	const char *path = H->get(a, "source");
	if (H->read_file(ctx, path, 1 << 20, &text, &len)) {
		H->reject(ctx, path, NULL);
		return GALLEY_FAIL;
	}
	char *nl = strchr(text, '\n');
	if (nl)
		*nl = '\0';
	int rc = GALLEY_OK;
	if (strcmp(text, "hang") == 0)
		hang();
	else if (strcmp(text, "abort") == 0)
		abort();
	else if (strcmp(text, "segv") == 0)
		segv();
	else if (strcmp(text, "hog") == 0)
		hog();
	else if (strncmp(text, "split ", 6) == 0)
		rc = split(ctx, a, strtol(text + 6, NULL, 10));
	else if (strncmp(text, "split-segv ", 11) == 0)
		rc = split(ctx, a, strtol(text + 11, NULL, 10)), segv();
	else if (strncmp(text, "split-hang ", 11) == 0)
		rc = split(ctx, a, strtol(text + 11, NULL, 10)), hang();
	else if (strcmp(text, "file") == 0)
		rc = name(a, "With a file") ||
		             H->output_write(ctx, a, "files/hostile.txt", "written\n", 8)
		             ? GALLEY_FAIL
		             : GALLEY_OK;
	else
		rc = name(a, text) ? H->fail(ctx, "out of memory") : GALLEY_OK;
	H->log(ctx, GALLEY_LOG_INFO, "read %zu bytes", len);
	H->free(text);
	return rc;
}

GALLEY_PLUGIN_DEFINE(.name = "load/hostile",
                     .description = "test importer: hangs, crashes or hogs memory on cue",
                     .role = GALLEY_ROLE_SOURCE, .settings = settings, .init = hostile_init,
                     .run = hostile_run, .process = hostile_process)
