/* package/archive — at the end of the run, packs the files earlier stages
 * wrote into one bundle per format (tar, tar.gz, tar.xz, tar.zst, zip)
 * with a manifest.json (articles, files, sizes, SHA-256) and a .sha256
 * file beside each bundle.  Reproducible: entries sorted, owner root,
 * every time set to SOURCE_DATE_EPOCH (or the run date's midnight, UTC).
 * Bundles are written under a temporary name and renamed when complete.
 * Files are streamed (hashed, then copied into each archive) in chunks, so
 * memory does not grow with the number or size of the files. */
#include <archive.h>
#include <archive_entry.h>
#include <jansson.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "galley/plugin.h"

static const galley_host *H;

static const galley_setting settings[] = {
	{"formats", GALLEY_SETTING_LIST, "tar.gz\nzip", "tar, tar.gz, tar.xz, tar.zst and/or zip"},
	{"name", GALLEY_SETTING_STRING, NULL, "bundle name (default: PIPELINE-DATE)"},
	{"dir", GALLEY_SETTING_STRING, "bundles", "folder under the output folder"},
	{NULL, 0, NULL, NULL},
};

static const char *const known_formats[] = {"tar", "tar.gz", "tar.xz", "tar.zst", "zip", NULL};

#define CHUNK 65536

typedef struct file_entry {
	const char *path, *full, *article;
	char sha256[65];
	size_t size;
} file_entry;

typedef struct bundle {
	file_entry *files;
	size_t count;
	char *manifest;
	char name[256];
	time_t mtime;
} bundle;

/* Size and SHA-256 of a file, read in chunks. */
static int hash_file(galley_ctx *ctx, file_entry *f)
{
	FILE *fp = fopen(f->full, "rb");
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	unsigned char buf[CHUNK], digest[EVP_MAX_MD_SIZE];
	unsigned int n = 0;
	size_t got;
	int ok = fp && md && EVP_DigestInit_ex(md, EVP_sha256(), NULL);
	f->size = 0;
	while (ok && (got = fread(buf, 1, sizeof(buf), fp)) > 0) {
		ok = EVP_DigestUpdate(md, buf, got);
		f->size += got;
	}
	ok = ok && !ferror(fp) && EVP_DigestFinal_ex(md, digest, &n);
	for (unsigned int i = 0; ok && i < n; i++)
		snprintf(f->sha256 + 2 * i, 3, "%02x", digest[i]);
	EVP_MD_CTX_free(md);
	if (fp)
		fclose(fp);
	return ok ? 0 : H->fail(ctx, "cannot read '%s' to checksum it", f->full);
}

static int archive_init(const galley_host *host, galley_ctx *ctx, void **state)
{
	H = host;
	*state = NULL;
	size_t n = host->setting_count(ctx, "formats");
	if (n == 0)
		return host->fail(ctx, "'formats' is empty; name at least one of tar.gz, zip, …");
	for (size_t i = 0; i < n; i++) {
		const char *f = host->setting_item(ctx, "formats", i);
		int ok = 0;
		for (int k = 0; known_formats[k] && !ok; k++)
			ok = strcmp(f, known_formats[k]) == 0;
		if (!ok)
			return host->fail(ctx, "unknown archive format '%s' (use tar, tar.gz, tar.xz, "
			                       "tar.zst or zip)", f);
	}
	const char *name = host->setting_string(ctx, "name");
	if (name && (!name[0] || strpbrk(name, "/\\") || name[0] == '.'))
		return host->fail(ctx, "bundle name '%s' cannot be a file name", name);
	return GALLEY_OK;
}

static int archive_process(void *state, galley_ctx *ctx, galley_article *a)
{
	(void)state, (void)ctx, (void)a;
	return GALLEY_OK; /* everything happens in finish */
}

static char *build_manifest(galley_ctx *ctx, bundle *b)
{
	json_t *root = json_object(), *articles = json_array(), *files = json_array();
	json_object_set_new(root, "bundle", json_string(b->name));
	json_object_set_new(root, "pipeline", json_string(H->run_info(ctx, "pipeline")));
	json_object_set_new(root, "date", json_string(H->run_info(ctx, "date")));
	json_object_set_new(root, "generator", json_string("galley"));
	/* articles in order of their first file, each with its files */
	json_t *by_id = json_object();
	for (size_t i = 0; i < b->count; i++) {
		file_entry *f = &b->files[i];
		json_array_append_new(files, json_pack("{s:s, s:I, s:s}", "path", f->path, "size",
		                                       (json_int_t)f->size, "sha256", f->sha256));
		if (!f->article)
			continue;
		json_t *entry = json_object_get(by_id, f->article);
		if (!entry) {
			entry = json_pack("{s:s, s:[]}", "id", f->article, "files");
			json_array_append_new(articles, entry);
			json_object_set(by_id, f->article, entry);
		}
		json_array_append_new(json_object_get(entry, "files"), json_string(f->path));
	}
	json_decref(by_id);
	json_object_set_new(root, "articles", articles);
	json_object_set_new(root, "files", files);
	char *s = json_dumps(root, JSON_INDENT(2));
	json_decref(root);
	if (s) {
		size_t n = strlen(s);
		char *grown = realloc(s, n + 2);
		if (!grown) {
			free(s);
			return NULL;
		}
		s = grown;
		s[n] = '\n';
		s[n + 1] = '\0';
	}
	return s;
}

static int set_format(struct archive *ar, const char *format)
{
	int rc;
	if (strcmp(format, "zip") == 0) {
		rc = archive_write_set_format_zip(ar);
		return rc;
	}
	rc = archive_write_set_format_pax_restricted(ar);
	if (rc == ARCHIVE_OK && strcmp(format, "tar.gz") == 0) {
		rc = archive_write_add_filter_gzip(ar);
		/* gzip's header otherwise records the current time */
		if (rc == ARCHIVE_OK)
			archive_write_set_filter_option(ar, "gzip", "timestamp", NULL);
	} else if (rc == ARCHIVE_OK && strcmp(format, "tar.xz") == 0)
		rc = archive_write_add_filter_xz(ar);
	else if (rc == ARCHIVE_OK && strcmp(format, "tar.zst") == 0)
		rc = archive_write_add_filter_zstd(ar);
	return rc;
}

static int write_header(struct archive *ar, struct archive_entry *e, const bundle *b,
                        const char *path, size_t size)
{
	char full[1024];
	snprintf(full, sizeof(full), "%s/%s", b->name, path);
	archive_entry_clear(e);
	archive_entry_set_pathname(e, full);
	archive_entry_set_filetype(e, AE_IFREG);
	archive_entry_set_perm(e, 0644);
	archive_entry_set_size(e, (la_int64_t)size);
	archive_entry_set_uid(e, 0);
	archive_entry_set_gid(e, 0);
	archive_entry_set_uname(e, "root");
	archive_entry_set_gname(e, "root");
	archive_entry_set_mtime(e, b->mtime, 0);
	return archive_write_header(ar, e) == ARCHIVE_OK ? 0 : -1;
}

/* Copies a file in chunks; it must still have the size it was hashed at. */
static int copy_file(struct archive *ar, const file_entry *f)
{
	FILE *fp = fopen(f->full, "rb");
	unsigned char buf[CHUNK];
	size_t got, total = 0;
	int rc = fp ? 0 : -1;
	while (!rc && (got = fread(buf, 1, sizeof(buf), fp)) > 0) {
		rc = archive_write_data(ar, buf, got) == (la_ssize_t)got ? 0 : -1;
		total += got;
	}
	if (fp) {
		rc = rc || ferror(fp) ? -1 : rc;
		fclose(fp);
	}
	return rc || total != f->size ? -1 : 0;
}

/* Entries in path order, manifest.json placed by its name too. */
static int write_entries(struct archive *ar, const bundle *b)
{
	struct archive_entry *e = archive_entry_new();
	int rc = e ? 0 : -1, manifest_done = 0;
	for (size_t i = 0; !rc && i <= b->count; i++) {
		const file_entry *f = i < b->count ? &b->files[i] : NULL;
		if (!manifest_done && (!f || strcmp("manifest.json", f->path) < 0)) {
			size_t len = strlen(b->manifest);
			rc = write_header(ar, e, b, "manifest.json", len);
			if (!rc && archive_write_data(ar, b->manifest, len) != (la_ssize_t)len)
				rc = -1;
			manifest_done = 1;
		}
		if (!rc && f)
			rc = write_header(ar, e, b, f->path, f->size) || copy_file(ar, f);
	}
	archive_entry_free(e);
	return rc;
}

static int write_bundle(galley_ctx *ctx, const bundle *b, const char *format)
{
	char rel[1024];
	snprintf(rel, sizeof(rel), "%s/%s.%s", H->setting_string(ctx, "dir"), b->name, format);
	const char *tmp;
	if (H->output_begin(ctx, rel, &tmp))
		return GALLEY_FAIL;
	struct archive *ar = archive_write_new();
	int rc = ar ? set_format(ar, format) : ARCHIVE_FATAL;
	if (rc == ARCHIVE_OK)
		rc = archive_write_open_filename(ar, tmp);
	if (rc == ARCHIVE_OK)
		rc = write_entries(ar, b) ? ARCHIVE_FATAL : ARCHIVE_OK;
	if (rc == ARCHIVE_OK)
		rc = archive_write_close(ar);
	if (rc != ARCHIVE_OK) {
		H->fail(ctx, "cannot write %s: %s", rel, ar && archive_error_string(ar)
		                                              ? archive_error_string(ar)
		                                              : "archive error");
		archive_write_free(ar);
		H->output_abort(ctx, rel);
		return GALLEY_FAIL;
	}
	archive_write_free(ar);
	return H->output_commit(ctx, rel);
}

/* NAME.FORMAT.sha256 beside the bundle, for `sha256sum -c`. */
static int write_checksum(galley_ctx *ctx, const bundle *b, const char *format)
{
	char rel[1024], full[4096], line[1400];
	const char *dir = H->setting_string(ctx, "dir");
	snprintf(rel, sizeof(rel), "%s/%s.%s", dir, b->name, format);
	snprintf(full, sizeof(full), "%s/%s", H->run_info(ctx, "output"), rel);
	file_entry f = {0};
	f.full = full;
	if (hash_file(ctx, &f))
		return GALLEY_FAIL;
	int len = snprintf(line, sizeof(line), "%s  %s.%s\n", f.sha256, b->name, format);
	snprintf(rel, sizeof(rel), "%s/%s.%s.sha256", dir, b->name, format);
	return H->output_write(ctx, NULL, rel, line, (size_t)len);
}

static time_t bundle_time(galley_ctx *ctx)
{
	long long epoch = strtoll(H->run_info(ctx, "epoch"), NULL, 10);
	if (epoch > 0)
		return (time_t)epoch;
	struct tm tm = {0};
	if (!strptime(H->run_info(ctx, "date"), "%Y-%m-%d", &tm))
		return 0;
	return timegm(&tm);
}

static int collect(galley_ctx *ctx, bundle *b)
{
	size_t n = H->output_count(ctx);
	b->files = calloc(n ? n : 1, sizeof(file_entry));
	if (!b->files)
		return H->fail(ctx, "out of memory");
	for (size_t i = 0; i < n; i++) {
		file_entry *f = &b->files[b->count];
		f->path = H->output_path(ctx, i);
		f->full = H->output_fullpath(ctx, i);
		f->article = H->output_article(ctx, i);
		b->count++;
		if (hash_file(ctx, f))
			return GALLEY_FAIL;
	}
	return GALLEY_OK;
}

static int archive_finish(void *state, galley_ctx *ctx)
{
	(void)state;
	bundle b = {0};
	const char *name = H->setting_string(ctx, "name");
	snprintf(b.name, sizeof(b.name), "%s", name ? name : "");
	if (!name)
		snprintf(b.name, sizeof(b.name), "%s-%s", H->run_info(ctx, "pipeline"),
		         H->run_info(ctx, "date"));
	b.mtime = bundle_time(ctx);
	int rc = collect(ctx, &b);
	if (!rc && !(b.manifest = build_manifest(ctx, &b)))
		rc = H->fail(ctx, "out of memory");
	/* every file is hashed before the first bundle lands in the register */
	size_t nformats = H->setting_count(ctx, "formats");
	for (size_t i = 0; !rc && i < nformats; i++)
		rc = write_bundle(ctx, &b, H->setting_item(ctx, "formats", i));
	for (size_t i = 0; !rc && i < nformats; i++)
		rc = write_checksum(ctx, &b, H->setting_item(ctx, "formats", i));
	if (!rc)
		H->log(ctx, GALLEY_LOG_INFO, "bundled %zu files as %s/%s", b.count,
		       H->setting_string(ctx, "dir"), b.name);
	free(b.files);
	free(b.manifest);
	return rc;
}

GALLEY_PLUGIN_DEFINE(.name = "package/archive",
                     .description = "packs the run's output files into reproducible bundles with "
                                    "a SHA-256 manifest",
                     .role = GALLEY_ROLE_SINK, .settings = settings, .init = archive_init,
                     .process = archive_process, .finish = archive_finish)
