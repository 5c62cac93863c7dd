/* package/archive — packs the files earlier stages write into one bundle
 * per format (tar, tar.gz, tar.xz, tar.zst, zip), with a manifest.json
 * (articles, files, sizes, SHA-256) and a .sha256 file beside each bundle.
 *
 * Streaming: each article's files are appended to every open bundle as the
 * article arrives (in input order), read once into a reused buffer, hashed
 * and copied; the manifest's records are spooled to temporary files.  So
 * memory does not grow with the number of articles.  At the end the run's
 * own files (those not tied to an article) and manifest.json close the
 * bundle, which is fsynced and renamed into place.  Reproducible: owner
 * root, every time SOURCE_DATE_EPOCH (or the run date's midnight, UTC). */
#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <jansson.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "text/datetime.h"
#include "io/export_path.h"
#include "io/zpipe.h"
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
	GALLEY_SETTING("gzip", STRING, "zlib",
	               "tar.gz's compressor: zlib, or isa-l (about 3x as fast, a little larger)",
	               GALLEY_CHOICES("zlib", "isa-l")),
	{0},
};

#define CHUNK 65536
#define WHOLE_MAX (16u << 20) /* files up to this are read once into memory */

typedef struct bundle {
	struct archive *ar;
	const char *format;
	char rel[1024]; /* DIR/NAME.FORMAT */
	zpipe *z;       /* tar.gz, tar.zst: the compressor on its own thread */
} bundle;

typedef struct packer {
	char name[256];
	time_t mtime;
	bundle out[MAX_FORMATS];
	size_t nout;
	int opened, committed;
	galley_ctx *ctx; /* for aborting in destroy */
	char broken[1200]; /* the first write error; the run fails at finish */
	struct archive_entry *entry;
	FILE *files, *articles; /* manifest records, spooled */
	size_t nfiles, narticles;
	unsigned char *buf; /* reused for every file */
	size_t cap;
	EVP_MD *sha256;     /* fetched once: an implicit fetch per file costs more */
	EVP_MD_CTX *md;     /* reused for every file */
} packer;

static void hex(const unsigned char *d, unsigned int n, char out[65])
{
	static const char digits[] = "0123456789abcdef";
	for (unsigned int i = 0; i < n; i++) {
		out[2 * i] = digits[d[i] >> 4];
		out[2 * i + 1] = digits[d[i] & 15];
	}
	out[2 * n] = '\0';
}

/* Size and SHA-256 of a file, read in chunks (large files, .sha256),
 * with the packer's digest (as add_data's). */
static int hash_stream(packer *p, const char *full, char sha[65], size_t *size)
{
	FILE *fp = fopen(full, "rb");
	unsigned char buf[CHUNK], digest[EVP_MAX_MD_SIZE];
	unsigned int n = 0;
	size_t got;
	int ok = fp && EVP_DigestInit_ex(p->md, p->sha256, NULL);
	*size = 0;
	while (ok && (got = fread(buf, 1, sizeof(buf), fp)) > 0) {
		ok = EVP_DigestUpdate(p->md, buf, got);
		*size += got;
	}
	ok = ok && !ferror(fp) && EVP_DigestFinal_ex(p->md, digest, &n);
	if (ok)
		hex(digest, n, sha);
	if (fp)
		fclose(fp);
	return ok ? 0 : -1;
}

static time_t bundle_time(galley_ctx *ctx)
{
	return datetime_run(H->run_info(ctx, "epoch"), H->run_info(ctx, "date"));
}

static int archive_init(const galley_host *host, galley_ctx *ctx, void **state)
{
	H = host;
	*state = NULL;
	const char *name = host->setting_string(ctx, "name");
	packer *p = calloc(1, sizeof(*p));
	if (!p)
		return host->fail(ctx, "out of memory");
	if (!(p->sha256 = EVP_MD_fetch(NULL, "SHA256", NULL)) || !(p->md = EVP_MD_CTX_new())) {
		EVP_MD_free(p->sha256);
		free(p);
		return host->fail(ctx, "cannot set up SHA-256");
	}
	if (name)
		snprintf(p->name, sizeof(p->name), "%s", name);
	else
		snprintf(p->name, sizeof(p->name), "%s-%s", host->run_info(ctx, "pipeline"),
		         host->run_info(ctx, "date"));
	p->mtime = bundle_time(ctx);
	*state = p;
	return GALLEY_OK;
}

/* ---- archives ---- */

static int set_format(struct archive *ar, const char *format, int level)
{
	char lv[8];
	snprintf(lv, sizeof(lv), "%d", level);
	if (strcmp(format, "zip") == 0) {
		int rc = archive_write_set_format_zip(ar);
		if (rc == ARCHIVE_OK && level)
			rc = archive_write_set_format_option(ar, "zip", "compression-level", lv);
		return rc;
	}
	int rc = archive_write_set_format_pax_restricted(ar);
	if (rc == ARCHIVE_OK && strcmp(format, "tar.xz") == 0) {
		rc = archive_write_add_filter_xz(ar);
		if (rc == ARCHIVE_OK && level)
			rc = archive_write_set_filter_option(ar, "xz", "compression-level", lv);
	}
	return rc;
}

/* tar.gz and tar.zst: libarchive writes the tar, a zpipe compresses it on
 * a thread of its own, beside the packing of the next articles. */
static int piped(const char *format, const char *gzip, zpipe_kind *kind)
{
	int gz = strcmp(format, "tar.gz") == 0;
	*kind = !gz ? ZPIPE_ZSTD : strcmp(gzip, "isa-l") == 0 ? ZPIPE_GZIP_ISAL : ZPIPE_GZIP;
	return gz || strcmp(format, "tar.zst") == 0;
}

static la_ssize_t pipe_write(struct archive *ar, void *data, const void *buf, size_t n)
{
	bundle *b = data;
	if (zpipe_write(b->z, buf, n)) {
		archive_set_error(ar, EIO, "compressing failed");
		return -1;
	}
	return (la_ssize_t)n;
}

static int pipe_close(struct archive *ar, void *data)
{
	bundle *b = data;
	char err[256];
	zpipe *z = b->z;
	b->z = NULL;
	if (z && zpipe_close(z, err, sizeof(err))) {
		archive_set_error(ar, EIO, "%s", err);
		return ARCHIVE_FATAL;
	}
	return ARCHIVE_OK;
}

static int open_output(bundle *b, const char *tmp, int level, const char *gzip)
{
	static const char *const ranges[] = {[ZPIPE_GZIP] = "gzip's 1-9",
	                                     [ZPIPE_GZIP_ISAL] = "ISA-L gzip's 1-3",
	                                     [ZPIPE_ZSTD] = "zstd's"};
	zpipe_kind kind;
	if (!piped(b->format, gzip, &kind))
		return archive_write_open_filename(b->ar, tmp);
	if (!(b->z = zpipe_open(tmp, kind, level))) {
		if (errno == EINVAL)
			archive_set_error(b->ar, EINVAL, "compression level %d is out of %s range", level,
			                  ranges[kind]);
		else
			archive_set_error(b->ar, errno, "%s", strerror(errno));
		return ARCHIVE_FATAL;
	}
	archive_write_set_bytes_in_last_block(b->ar, 1); /* the compressed stream needs no padding */
	return archive_write_open2(b->ar, b, NULL, pipe_write, pipe_close, NULL);
}

static void mark_broken(packer *p, const bundle *b, const char *what)
{
	if (p->broken[0])
		return;
	const char *why = b && b->ar ? archive_error_string(b->ar) : NULL;
	snprintf(p->broken, sizeof(p->broken), "cannot write %s: %.150s", b ? b->rel : "the manifest",
	         why ? why : what);
}

/* Opens every bundle under its temporary name, and the manifest spools. */
static int open_bundles(packer *p, galley_ctx *ctx)
{
	p->opened = 1;
	p->ctx = ctx;
	p->entry = archive_entry_new();
	p->files = tmpfile();
	p->articles = tmpfile();
	if (!p->entry || !p->files || !p->articles) {
		mark_broken(p, NULL, strerror(errno));
		return -1;
	}
	p->nout = H->setting_count(ctx, "formats");
	int level = (int)H->setting_int(ctx, "level");
	for (size_t i = 0; i < p->nout; i++) {
		bundle *b = &p->out[i];
		b->format = H->setting_item(ctx, "formats", i);
		snprintf(b->rel, sizeof(b->rel), "%s/%s.%s", H->setting_string(ctx, "dir"), p->name,
		         b->format);
		const char *tmp;
		if (H->output_begin(ctx, b->rel, &tmp)) {
			mark_broken(p, b, "cannot create it");
			b->format = NULL; /* nothing to abort */
			return -1;
		}
		b->ar = archive_write_new();
		if (!b->ar || set_format(b->ar, b->format, level) != ARCHIVE_OK ||
		    open_output(b, tmp, level, H->setting_string(ctx, "gzip")) != ARCHIVE_OK) {
			mark_broken(p, b, "cannot open");
			return -1;
		}
	}
	return 0;
}

static void set_header(packer *p, const char *path, size_t size)
{
	char full[1024];
	snprintf(full, sizeof(full), "%s/%s", p->name, path);
	struct archive_entry *e = p->entry;
	archive_entry_clear(e);
	archive_entry_set_pathname(e, full);
	archive_entry_set_filetype(e, AE_IFREG);
	archive_entry_set_perm(e, 0644);
	archive_entry_set_size(e, (la_int64_t)size);
	archive_entry_set_uid(e, 0);
	archive_entry_set_gid(e, 0);
	archive_entry_set_uname(e, "root");
	archive_entry_set_gname(e, "root");
	archive_entry_set_mtime(e, p->mtime, 0);
}

/* Appends one entry with its whole content to every bundle. */
static int add_bytes(packer *p, const char *path, const void *data, size_t len)
{
	set_header(p, path, len);
	for (size_t i = 0; i < p->nout; i++) {
		bundle *b = &p->out[i];
		if (archive_write_header(b->ar, p->entry) != ARCHIVE_OK ||
		    (len && archive_write_data(b->ar, data, len) != (la_ssize_t)len)) {
			mark_broken(p, b, "write error");
			return -1;
		}
	}
	return 0;
}

/* A file too large to hold: hashed first, then copied in chunks, and it
 * must still have the size it was hashed at. */
static int add_large(packer *p, galley_ctx *ctx, const char *path, const char *full, char sha[65],
                     size_t *size)
{
	if (hash_stream(p, full, sha, size))
		return H->fail(ctx, "cannot read '%s' to checksum it", full);
	set_header(p, path, *size);
	for (size_t i = 0; i < p->nout; i++)
		if (archive_write_header(p->out[i].ar, p->entry) != ARCHIVE_OK) {
			mark_broken(p, &p->out[i], "write error");
			return 0;
		}
	FILE *fp = fopen(full, "rb");
	unsigned char buf[CHUNK];
	size_t got, total = 0;
	while (fp && (got = fread(buf, 1, sizeof(buf), fp)) > 0 && total + got <= *size) {
		total += got;
		for (size_t i = 0; i < p->nout; i++)
			if (archive_write_data(p->out[i].ar, buf, got) != (la_ssize_t)got)
				mark_broken(p, &p->out[i], "write error");
	}
	if (fp)
		fclose(fp);
	if (total != *size)
		mark_broken(p, NULL, "a file changed while it was being packed");
	return 0;
}

/* Reads a file whole into the reused buffer; 1 when it is too large. */
static int read_whole(packer *p, const char *full, size_t *len)
{
	FILE *fp = fopen(full, "rb");
	struct stat st;
	if (!fp || fstat(fileno(fp), &st) != 0) {
		if (fp)
			fclose(fp);
		return -1;
	}
	if ((size_t)st.st_size > WHOLE_MAX) {
		fclose(fp);
		return 1;
	}
	size_t want = (size_t)st.st_size + 1; /* +1 sees a file that grew */
	if (want > p->cap) {
		unsigned char *grown = realloc(p->buf, want);
		if (!grown) {
			fclose(fp);
			return -1;
		}
		p->buf = grown;
		p->cap = want;
	}
	*len = fread(p->buf, 1, want, fp);
	int bad = ferror(fp) || *len != (size_t)st.st_size;
	fclose(fp);
	return bad ? -1 : 0;
}

/* ---- the manifest ---- */

static void put_string(FILE *fp, const char *s)
{
	json_t *j = json_string(s);
	if (j)
		json_dumpf(j, fp, JSON_ENCODE_ANY);
	json_decref(j);
}

static void record_file(packer *p, const char *path, size_t size, const char *sha)
{
	fputs(p->nfiles++ ? ",\n    {\n      \"path\": " : "\n    {\n      \"path\": ", p->files);
	put_string(p->files, path);
	fprintf(p->files, ",\n      \"size\": %zu,\n      \"sha256\": \"%s\"\n    }", size, sha);
}

static int add_data(packer *p, galley_ctx *ctx, const char *path, const void *data, size_t len)
{
	unsigned char digest[EVP_MAX_MD_SIZE];
	unsigned int n = 0;
	char sha[65];
	if (!EVP_DigestInit_ex(p->md, p->sha256, NULL) || !EVP_DigestUpdate(p->md, data, len) ||
	    !EVP_DigestFinal_ex(p->md, digest, &n))
		return H->fail(ctx, "cannot checksum '%s'", path);
	hex(digest, n, sha);
	add_bytes(p, path, data, len);
	record_file(p, path, len, sha);
	return GALLEY_OK;
}

/* File i of the view: taken from memory (write_files: false) or read once
 * from disk, then hashed, appended to every bundle and recorded. */
static int add_file(packer *p, galley_ctx *ctx, size_t i)
{
	const char *path = H->output_path(ctx, i), *full = H->output_fullpath(ctx, i);
	const void *data;
	size_t len = 0;
	if (H->output_data(ctx, i, &data, &len))
		return add_data(p, ctx, path, data, len);
	int rc = read_whole(p, full, &len);
	if (rc < 0)
		return H->fail(ctx, "cannot read '%s' to pack it", full);
	if (rc == 0)
		return add_data(p, ctx, path, p->buf, len);
	char sha[65];
	if (add_large(p, ctx, path, full, sha, &len))
		return GALLEY_FAIL;
	record_file(p, path, len, sha);
	return GALLEY_OK;
}

static void record_article(packer *p, galley_ctx *ctx, const char *id, size_t n)
{
	FILE *fp = p->articles;
	fputs(p->narticles++ ? ",\n    {\n      \"id\": " : "\n    {\n      \"id\": ", fp);
	put_string(fp, id);
	fputs(",\n      \"files\": [", fp);
	for (size_t i = 0; i < n; i++) {
		fputs(i ? ",\n        " : "\n        ", fp);
		put_string(fp, H->output_path(ctx, i));
	}
	fputs("\n      ]\n    }", fp);
}

static int archive_process(void *state, galley_ctx *ctx, galley_article *a)
{
	packer *p = state;
	size_t n = H->output_count(ctx); /* this article's files, by path */
	if (n == 0 || p->broken[0] || (!p->opened && open_bundles(p, ctx)))
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
			return GALLEY_FAIL;
	record_article(p, ctx, H->get(a, "id"), n);
	return GALLEY_OK;
}

/* Copies a spool into the manifest entry of every bundle. */
static int copy_spool(packer *p, FILE *spool)
{
	char buf[CHUNK];
	size_t got;
	rewind(spool);
	while ((got = fread(buf, 1, sizeof(buf), spool)) > 0)
		for (size_t i = 0; i < p->nout; i++)
			if (archive_write_data(p->out[i].ar, buf, got) != (la_ssize_t)got) {
				mark_broken(p, &p->out[i], "write error");
				return -1;
			}
	return ferror(spool) ? -1 : 0;
}

static int write_manifest(packer *p, galley_ctx *ctx)
{
	char head[2048];
	const char *pipeline = H->run_info(ctx, "pipeline"), *date = H->run_info(ctx, "date");
	json_t *j = json_pack("[s,s,s]", p->name, pipeline, date);
	char *quoted[3] = {0};
	for (size_t i = 0; j && i < 3; i++)
		quoted[i] = json_dumps(json_array_get(j, i), JSON_ENCODE_ANY);
	json_decref(j);
	int hn = snprintf(head, sizeof(head),
	                  "{\n  \"bundle\": %s,\n  \"pipeline\": %s,\n  \"date\": %s,\n"
	                  "  \"generator\": \"galley\",\n  \"articles\": [",
	                  quoted[0] ? quoted[0] : "null", quoted[1] ? quoted[1] : "null",
	                  quoted[2] ? quoted[2] : "null");
	for (size_t i = 0; i < 3; i++)
		free(quoted[i]);
	const char *mid = p->narticles ? "\n  ],\n  \"files\": [" : "],\n  \"files\": [";
	const char *tail = p->nfiles ? "\n  ]\n}\n" : "]\n}\n";
	fflush(p->articles);
	fflush(p->files);
	long alen = ftell(p->articles), flen = ftell(p->files);
	if (hn < 0 || (size_t)hn >= sizeof(head) || alen < 0 || flen < 0) {
		mark_broken(p, NULL, "manifest too large");
		return -1;
	}
	size_t total = (size_t)hn + (size_t)alen + strlen(mid) + (size_t)flen + strlen(tail);
	set_header(p, "manifest.json", total);
	for (size_t i = 0; i < p->nout; i++) {
		bundle *b = &p->out[i];
		if (archive_write_header(b->ar, p->entry) != ARCHIVE_OK ||
		    archive_write_data(b->ar, head, (size_t)hn) != hn) {
			mark_broken(p, b, "write error");
			return -1;
		}
	}
	if (copy_spool(p, p->articles))
		return -1;
	for (size_t i = 0; i < p->nout; i++)
		archive_write_data(p->out[i].ar, mid, strlen(mid));
	if (copy_spool(p, p->files))
		return -1;
	for (size_t i = 0; i < p->nout; i++)
		if (archive_write_data(p->out[i].ar, tail, strlen(tail)) != (la_ssize_t)strlen(tail))
			mark_broken(p, &p->out[i], "write error");
	return p->broken[0] ? -1 : 0;
}

/* NAME.FORMAT.sha256 beside the bundle, for `sha256sum -c`. */
static int write_checksum(galley_ctx *ctx, packer *p, const bundle *b)
{
	char full[4096], line[1400], rel[1100], sha[65];
	size_t size;
	snprintf(full, sizeof(full), "%s/%s", H->run_info(ctx, "output"), b->rel);
	if (hash_stream(p, full, sha, &size))
		return H->fail(ctx, "cannot read '%s' to checksum it", full);
	int len = snprintf(line, sizeof(line), "%s  %s.%s\n", sha, p->name, b->format);
	snprintf(rel, sizeof(rel), "%s.sha256", b->rel);
	return H->output_write(ctx, NULL, rel, line, (size_t)len);
}

/* Closes every bundle; on any error removes them all, so no bundle of a
 * failed run ever appears under its final name. */
static void abort_bundles(packer *p)
{
	for (size_t i = 0; i < p->nout; i++) {
		archive_write_free(p->out[i].ar);
		p->out[i].ar = NULL;
		if (p->out[i].format)
			H->output_abort(p->ctx, p->out[i].rel);
	}
	p->nout = 0;
}

static int close_bundles(packer *p, galley_ctx *ctx)
{
	for (size_t i = 0; i < p->nout; i++)
		if (p->out[i].ar && archive_write_close(p->out[i].ar) != ARCHIVE_OK)
			mark_broken(p, &p->out[i], "write error");
	for (size_t i = 0; !p->broken[0] && i < p->nout; i++)
		if (H->output_commit(ctx, p->out[i].rel))
			return GALLEY_FAIL;
	if (p->broken[0]) {
		abort_bundles(p);
		return H->fail(ctx, "%s", p->broken);
	}
	p->committed = 1;
	for (size_t i = 0; i < p->nout; i++)
		if (write_checksum(ctx, p, &p->out[i]))
			return GALLEY_FAIL;
	return GALLEY_OK;
}

static int archive_finish(void *state, galley_ctx *ctx)
{
	packer *p = state;
	if (!p->opened)
		open_bundles(p, ctx);
	size_t n = p->broken[0] ? 0 : H->output_count(ctx); /* the run's own files */
	for (size_t i = 0; i < n && !p->broken[0]; i++)
		if (add_file(p, ctx, i)) {
			abort_bundles(p);
			return GALLEY_FAIL;
		}
	if (!p->broken[0])
		write_manifest(p, ctx);
	if (close_bundles(p, ctx))
		return GALLEY_FAIL;
	H->log(ctx, GALLEY_LOG_INFO, "bundled %zu files of %zu articles as %s/%s", p->nfiles,
	       p->narticles, H->setting_string(ctx, "dir"), p->name);
	return GALLEY_OK;
}

static void archive_destroy(void *state)
{
	packer *p = state;
	if (!p)
		return;
	if (!p->committed)
		abort_bundles(p); /* the run stopped before finish */
	for (size_t i = 0; i < p->nout; i++)
		archive_write_free(p->out[i].ar);
	archive_entry_free(p->entry);
	if (p->files)
		fclose(p->files);
	if (p->articles)
		fclose(p->articles);
	free(p->buf);
	EVP_MD_CTX_free(p->md);
	EVP_MD_free(p->sha256);
	free(p);
}

/* The reference `galley plugins --markdown` prints (plugins/README.md). */
static const char reference[] =
	"Packs the files earlier stages write into\n"
	"`DIR/NAME.FORMAT` for each format, with `manifest.json` (articles, and every\n"
	"file with size and SHA-256) and `NAME.FORMAT.sha256` beside it for `sha256sum\n"
	"-c`. It streams: each article's files are appended when the article passes\n"
	"(in input order, an article's files sorted by path), then the run's own files\n"
	"and `manifest.json` last; the bundle is written under a temporary name and\n"
	"renamed only when complete, and a write error (a full disk) fails the run\n"
	"with no bundle left behind. Entries are owned by root and dated\n"
	"`SOURCE_DATE_EPOCH` (else midnight UTC of the run date), so the same inputs\n"
	"give the same bytes. Settings: `formats` (list of `tar`, `tar.gz`, `tar.xz`,\n"
	"`tar.zst`, `zip`; default `tar.gz`, `zip`), `name` (default `PIPELINE-DATE`),\n"
	"`dir` (default `bundles`), `level` (compression level, 0 = the format's\n"
	"default: gzip 6, or 3 with ISA-L, which has 1-3), `gzip` (`tar.gz`'s\n"
	"compressor: `zlib`, the default, or `isa-l`, Intel's ISA-L igzip: the same\n"
	"one-member gzip any reader takes, about three times as fast, 6-8% larger\n"
	"on news copy, between zlib's levels 4 and 5; for a night where the bundle's\n"
	"compression is what the run waits on). Put it after the stages whose files\n"
	"it packs. For `tar.gz` and `tar.zst`, libarchive writes the tar and the\n"
	"compression (zlib or ISA-L, libzstd) runs on a thread of its own, one per\n"
	"bundle (`plugins/lib/io/zpipe.c`), so packing the next articles goes on while\n"
	"the last ones are compressed; the gzip header has no name and time 0, the\n"
	"zstd frame no content size, so the same inputs still give the same bytes.\n";

GALLEY_PLUGIN_DEFINE(.name = "package/archive", .doc = reference,
                     .description = "packs the files earlier stages write into reproducible "
                                    "bundles with a SHA-256 manifest",
                     .role = GALLEY_ROLE_SINK, .settings = settings, .init = archive_init,
                     .process = archive_process, .finish = archive_finish,
                     .destroy = archive_destroy)
