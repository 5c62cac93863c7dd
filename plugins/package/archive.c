/* package/archive — packs the files earlier stages write into one bundle
 * per format (tar, tar.gz, tar.xz, tar.zst, zip), with a manifest.json
 * (articles, files, sizes, SHA-256) and a .sha256 file beside each bundle,
 * through the host's bundle writer (the one partners' bundles come from).
 *
 * Streaming: each article's files go into the open bundles as the article
 * arrives (in input order); the writer spools the manifest's records, so
 * memory does not grow with the number of articles.  At the end the run's
 * own files (those not tied to an article) and manifest.json close the
 * bundles, which are renamed into place together.  A write error (a full
 * disk) fails the run at finish, with no bundle left behind. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "io/export_path.h"
#include "galley/plugin.h"

static const galley_host *H;

#define MAX_FORMATS 5

static const galley_setting settings[] = {
	GALLEY_SETTING("formats", LIST, "tar.gz\nzip", "the archives written",
	               .rules = GALLEY_RULE_NONEMPTY | GALLEY_RULE_UNIQUE, GALLEY_RANGE(1, MAX_FORMATS),
	               GALLEY_CHOICES("tar", "tar.gz", "tar.xz", "tar.zst", "zip")),
	GALLEY_SETTING("name", STRING, NULL, "bundle name (default: PIPELINE-DATE)",
	               GALLEY_PATTERN("[^./\\\\][^/\\\\]*", "a file name (no / or \\, not starting with .)")),
	EXPORT_DIR_SETTING("bundles"),
	GALLEY_SETTING("level", INT, "0", "compression level (0: the format's default)",
	               GALLEY_RANGE(0, 19)),
	GALLEY_SETTING("gzip", STRING, "isa-l",
	               "tar.gz's compressor: isa-l (about 4x as fast as zlib, a tenth larger), or zlib",
	               GALLEY_CHOICES("zlib", "isa-l")),
	{0},
};


typedef struct packer {
	char name[256];
	galley_bundle *b;
	int opened;
	char broken[1200]; /* the first write error; the run fails at finish */
	const char **paths; /* an article's payload paths, for the manifest */
	size_t cap;
} packer;

static int archive_init(const galley_host *host, galley_ctx *ctx, void **state)
{
	H = host;
	*state = NULL;
	const char *name = host->setting_string(ctx, "name");
	packer *p = calloc(1, sizeof(*p));
	if (!p)
		return host->fail(ctx, "out of memory");
	if (name)
		snprintf(p->name, sizeof(p->name), "%s", name);
	else
		snprintf(p->name, sizeof(p->name), "%s-%s", host->run_info(ctx, "pipeline"),
		         host->run_info(ctx, "date"));
	*state = p;
	return GALLEY_OK;
}

/* The stage's reason, kept as the bundle's first error: the run fails
 * with it at finish, whatever comes between. */
static void mark_broken(packer *p, galley_ctx *ctx)
{
	const char *why = H->run_info(ctx, "reason");
	if (!p->broken[0])
		snprintf(p->broken, sizeof(p->broken), "%s", why && why[0] ? why : "cannot write the bundle");
}

/* Opens the bundles (every format) on the first file to pack. */
static int open_bundles(packer *p, galley_ctx *ctx)
{
	const char *formats[MAX_FORMATS];
	size_t n = H->setting_count(ctx, "formats");
	p->opened = 1;
	for (size_t i = 0; i < n && i < MAX_FORMATS; i++)
		formats[i] = H->setting_item(ctx, "formats", i);
	p->b = H->bundle_open(ctx, H->setting_string(ctx, "dir"), p->name, formats, n,
	                      (int)H->setting_int(ctx, "level"),
	                      strcmp(H->setting_string(ctx, "gzip"), "isa-l") == 0);
	if (!p->b)
		mark_broken(p, ctx);
	return p->b ? 0 : -1;
}

/* File i of the view: its bytes (write_files: false) or the file on disk. */
static int add_file(packer *p, galley_ctx *ctx, size_t i)
{
	const char *path = H->output_path(ctx, i);
	const void *data;
	size_t len = 0;
	int rc = H->output_data(ctx, i, &data, &len)
	                 ? H->bundle_add(p->b, path, data, len)
	                 : H->bundle_add_file(p->b, path, H->output_fullpath(ctx, i));
	if (rc)
		mark_broken(p, ctx);
	return rc;
}

/* The article's payload paths, for its manifest record. */
static const char *const *paths_of(packer *p, galley_ctx *ctx, size_t n)
{
	if (n > p->cap) {
		const char **grown = realloc(p->paths, n * sizeof(*grown));
		if (!grown)
			return NULL;
		p->paths = grown;
		p->cap = n;
	}
	for (size_t i = 0; i < n; i++)
		p->paths[i] = H->output_path(ctx, i);
	return p->paths;
}

static int archive_process(void *state, galley_ctx *ctx, galley_article *a)
{
	packer *p = state;
	size_t n = H->output_count(ctx); /* this article's files, by path */
	if (n == 0 || p->broken[0] || (!p->opened && open_bundles(p, ctx)) || !p->b)
		return GALLEY_OK; /* a broken bundle fails the run at finish */
	/* an article's files are all readable before any is packed, so an
	 * unreadable one fails the article without leaving half of it behind */
	for (size_t i = 0; n > 1 && i < n; i++) {
		const char *full = H->output_fullpath(ctx, i);
		if (full && access(full, R_OK) != 0)
			return H->fail(ctx, "cannot read '%s' to pack it", full);
	}
	for (size_t i = 0; i < n; i++)
		if (add_file(p, ctx, i))
			return GALLEY_OK;
	const char *const *paths = paths_of(p, ctx, n);
	if (!paths || H->bundle_note(p->b, H->get(a, "id"), paths, n))
		snprintf(p->broken, sizeof(p->broken), "out of memory");
	return GALLEY_OK;
}

static int archive_finish(void *state, galley_ctx *ctx)
{
	packer *p = state;
	if (!p->opened)
		open_bundles(p, ctx);
	if (!p->b)
		mark_broken(p, ctx);
	size_t n = p->broken[0] ? 0 : H->output_count(ctx); /* the run's own files */
	for (size_t i = 0; i < n && !add_file(p, ctx, i); i++)
		;
	if (p->broken[0]) {
		H->bundle_abort(p->b);
		p->b = NULL;
		return H->fail(ctx, "%s", p->broken);
	}
	galley_bundle *b = p->b;
	p->b = NULL;
	if (H->bundle_close(b))
		return GALLEY_FAIL;
	H->log(ctx, GALLEY_LOG_INFO, "bundled the files of the run as %s/%s",
	       H->setting_string(ctx, "dir"), p->name);
	return GALLEY_OK;
}

static void archive_destroy(void *state)
{
	packer *p = state;
	if (!p)
		return;
	H->bundle_abort(p->b); /* the run stopped before finish */
	free(p->paths);
	free(p);
}

/* The reference `galley plugins --markdown` prints (plugins/README.md). */
static const char reference[] =
	"Packs the files earlier stages write into\n"
	"`DIR/NAME.FORMAT` for each format, with `manifest.json` (articles, and every\n"
	"file with size and SHA-256) and `NAME.FORMAT.sha256` beside it for `sha256sum\n"
	"-c`. It writes with the bundle writer partners get theirs from\n"
	"(`host->bundle_*`, `core/deliver/bundle.c`). It streams: each article's files are appended when the article passes\n"
	"(in input order, an article's files sorted by path), then the run's own files\n"
	"and `manifest.json` last; the bundle is written under a temporary name and\n"
	"renamed only when complete, and a write error (a full disk) fails the run\n"
	"with no bundle left behind. Entries are owned by root and dated\n"
	"`SOURCE_DATE_EPOCH` (else midnight UTC of the run date), so the same inputs\n"
	"give the same bytes. Settings: `formats` (list of `tar`, `tar.gz`, `tar.xz`,\n"
	"`tar.zst`, `zip`; default `tar.gz`, `zip`), `name` (default `PIPELINE-DATE`),\n"
	"`dir` (default `bundles`), `level` (compression level, 0 = the format's\n"
	"default: 3 with ISA-L, which has 1-3, or zlib's 6), `gzip` (`tar.gz`'s\n"
	"compressor: `isa-l`, the default, Intel's ISA-L igzip, or `zlib`: the same\n"
	"one-member gzip any reader takes; ISA-L's level 3 is about four times as\n"
	"fast as zlib's 6 and about a tenth larger (9.8% on the bench's bundle of\n"
	"JSON articles, 12.7% on 34 real web pages). On two cores a night's run keeps both busy, so the CPU ISA-L saves is\n"
	"wall time; `zlib` is for a partner who wants the smallest file and a night\n"
	"with time to spare). Put it after the stages whose files\n"
	"it packs. For `tar.gz` and `tar.zst`, libarchive writes the tar and the\n"
	"compression (zlib or ISA-L, libzstd) runs on a thread of its own, one per\n"
	"bundle (`core/deliver/zpipe.c`), so packing the next articles goes on while\n"
	"the last ones are compressed; the gzip header has no name and time 0, the\n"
	"zstd frame no content size, so the same inputs still give the same bytes.\n";

GALLEY_PLUGIN_DEFINE(.name = "package/archive", .doc = reference,
                     .description = "packs the files earlier stages write into reproducible "
                                    "bundles with a SHA-256 manifest",
                     .role = GALLEY_ROLE_SINK, .settings = settings, .init = archive_init,
                     .process = archive_process, .finish = archive_finish,
                     .destroy = archive_destroy, .flags = GALLEY_PLUGIN_RUN_WIDE)
