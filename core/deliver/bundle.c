/* bundle.c — the one bundle writer, flat or BagIt, to one or more
 * archives at once (see bundle.h). */
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

#include "deliver/bundle.h"
#include "deliver/zpipe.h"

#define CHUNK 65536
#define WHOLE_MAX (16u << 20) /* files up to this are read once into memory */

typedef struct output {
	const char *format;
	struct archive *ar;
	zpipe *z; /* tar.gz, tar.zst: the compressor on its own thread */
} output;

struct bundle {
	output *out;
	size_t nout;
	struct archive_entry *entry;
	bundle_info info;
	FILE *files, *articles; /* manifest records, spooled */
	size_t nfiles, narticles;
	unsigned long long payload_bytes;
	EVP_MD *sha256;  /* fetched once: an implicit fetch per file costs more */
	EVP_MD_CTX *md;  /* reused for every file */
	unsigned char *buf; /* reused to read files whole */
	size_t cap;
};

static int fail(const output *o, galley_error *err, const char *what)
{
	const char *why = o && o->ar ? archive_error_string(o->ar) : NULL;
	int e = o && o->ar ? archive_errno(o->ar) : 0;
	return galley_error_set(err, GALLEY_EIO, "bundle%s%s: %s: %s%s%s", o ? " " : "",
	                        o ? o->format : "", what, why ? why : "error", e > 0 ? ": " : "",
	                        e > 0 ? strerror(e) : "");
}

static void hex(const unsigned char *d, unsigned int n, char out[65])
{
	static const char digits[] = "0123456789abcdef";
	for (unsigned int i = 0; i < n; i++) {
		out[2 * i] = digits[d[i] >> 4];
		out[2 * i + 1] = digits[d[i] & 15];
	}
	out[2 * n] = '\0';
}

/* ---- the archives ---- */

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

/* tar.gz and tar.zst: libarchive writes the tar, a zpipe compresses it. */
static int piped(const char *format, int isal, zpipe_kind *kind)
{
	int gz = strcmp(format, "tar.gz") == 0;
	*kind = !gz ? ZPIPE_ZSTD : isal ? ZPIPE_GZIP_ISAL : ZPIPE_GZIP;
	return gz || strcmp(format, "tar.zst") == 0;
}

static la_ssize_t pipe_write(struct archive *ar, void *data, const void *buf, size_t n)
{
	output *o = data;
	if (zpipe_write(o->z, buf, n)) {
		archive_set_error(ar, EIO, "compressing failed");
		return -1;
	}
	return (la_ssize_t)n;
}

static int pipe_close(struct archive *ar, void *data)
{
	output *o = data;
	char err[256];
	zpipe *z = o->z;
	o->z = NULL;
	if (z && zpipe_close(z, err, sizeof(err))) {
		archive_set_error(ar, EIO, "%s", err);
		return ARCHIVE_FATAL;
	}
	return ARCHIVE_OK;
}

static int open_output(output *o, const char *path, int level, int isal)
{
	static const char *const ranges[] = {[ZPIPE_GZIP] = "gzip's 1-9",
	                                     [ZPIPE_GZIP_ISAL] = "ISA-L gzip's 1-3",
	                                     [ZPIPE_ZSTD] = "zstd's"};
	zpipe_kind kind;
	if (!piped(o->format, isal, &kind))
		return archive_write_open_filename(o->ar, path);
	if (!(o->z = zpipe_open(path, kind, level))) {
		if (errno == EINVAL)
			archive_set_error(o->ar, EINVAL, "compression level %d is out of %s range", level,
			                  ranges[kind]);
		else
			archive_set_error(o->ar, errno, "%s", strerror(errno));
		return ARCHIVE_FATAL;
	}
	archive_write_set_bytes_in_last_block(o->ar, 1); /* the compressed stream needs no padding */
	return archive_write_open2(o->ar, o, NULL, pipe_write, pipe_close, NULL);
}

int bundle_open(bundle **out, const bundle_info *info, const char *const *formats,
                const char *const *paths, size_t n, galley_error *err)
{
	bundle *b = calloc(1, sizeof(*b));
	*out = b;
	if (!b || !(b->out = calloc(n ? n : 1, sizeof(output))))
		return galley_error_set(err, GALLEY_ENOMEM, "out of memory");
	b->info = *info;
	b->entry = archive_entry_new();
	b->files = tmpfile();
	b->articles = tmpfile();
	b->sha256 = EVP_MD_fetch(NULL, "SHA256", NULL);
	b->md = EVP_MD_CTX_new();
	if (!b->entry || !b->files || !b->articles || !b->sha256 || !b->md)
		return galley_error_set(err, GALLEY_ENOMEM, "out of memory");
	for (; b->nout < n; b->nout++) {
		output *o = &b->out[b->nout];
		o->format = formats[b->nout];
		if (!(o->ar = archive_write_new()))
			return galley_error_set(err, GALLEY_ENOMEM, "out of memory");
		if (set_format(o->ar, o->format, info->level) != ARCHIVE_OK ||
		    open_output(o, paths[b->nout], info->level, info->isal) != ARCHIVE_OK)
			return fail(o, err, paths[b->nout]);
	}
	return 0;
}

static void set_header(bundle *b, const char *name, size_t size)
{
	char full[2048];
	snprintf(full, sizeof(full), "%s/%s", b->info.root, name);
	struct archive_entry *e = b->entry;
	archive_entry_clear(e);
	archive_entry_set_pathname(e, full);
	archive_entry_set_filetype(e, AE_IFREG);
	archive_entry_set_perm(e, 0644);
	archive_entry_set_size(e, (la_int64_t)size);
	archive_entry_set_uid(e, 0);
	archive_entry_set_gid(e, 0);
	archive_entry_set_uname(e, "root");
	archive_entry_set_gname(e, "root");
	archive_entry_set_mtime(e, b->info.mtime, 0);
}

/* The entry's header into every archive. */
static int start_entry(bundle *b, const char *name, size_t size, galley_error *err)
{
	set_header(b, name, size);
	for (size_t i = 0; i < b->nout; i++)
		if (archive_write_header(b->out[i].ar, b->entry) != ARCHIVE_OK)
			return fail(&b->out[i], err, name);
	return 0;
}

/* Bytes of the open entry into every archive. */
static int put(bundle *b, const void *data, size_t len, const char *name, galley_error *err)
{
	for (size_t i = 0; len && i < b->nout; i++)
		if (archive_write_data(b->out[i].ar, data, len) != (la_ssize_t)len)
			return fail(&b->out[i], err, name);
	return 0;
}

static int write_entry(bundle *b, const char *name, const void *data, size_t len,
                       galley_error *err)
{
	int rc = start_entry(b, name, len, err);
	return rc ? rc : put(b, data, len, name, err);
}

static int sha256_of(bundle *b, const void *data, size_t len, char out[65])
{
	unsigned char d[EVP_MAX_MD_SIZE];
	unsigned int n = 0;
	if (!EVP_DigestInit_ex(b->md, b->sha256, NULL) || !EVP_DigestUpdate(b->md, data, len) ||
	    !EVP_DigestFinal_ex(b->md, d, &n))
		return -1;
	hex(d, n, out);
	return 0;
}

/* ---- the manifest's records ---- */

static void put_json_string(FILE *fp, const char *s)
{
	json_t *j = json_string(s);
	if (j)
		json_dumpf(j, fp, JSON_ENCODE_ANY);
	json_decref(j);
}

/* A file name in a BagIt manifest line: CR, LF and % percent-encoded,
 * as RFC 8493 (2.1.3) has it, so no name can add a line. */
static void bagit_name(FILE *fp, const char *name)
{
	for (const char *c = name; *c; c++)
		if (*c == '\r' || *c == '\n' || *c == '%')
			fprintf(fp, "%%%02X", (unsigned char)*c);
		else
			fputc(*c, fp);
}

/* One payload file: a BagIt manifest line, or a manifest.json record. */
static void record_file(bundle *b, const char *path, const char *name, size_t len,
                        const char *sha)
{
	b->payload_bytes += len;
	if (b->info.bagit) {
		fprintf(b->files, "%s  ", sha);
		bagit_name(b->files, name);
		fputc('\n', b->files);
	} else {
		fputs(b->nfiles ? ",\n    {\n      \"path\": " : "\n    {\n      \"path\": ", b->files);
		put_json_string(b->files, path);
		fprintf(b->files, ",\n      \"size\": %zu,\n      \"sha256\": \"%s\"\n    }", len, sha);
	}
	b->nfiles++;
}

static const char *payload_name(const bundle *b, const char *path, char name[2048])
{
	snprintf(name, 2048, "%s%s", b->info.bagit ? "data/" : "", path);
	return name;
}

int bundle_add(bundle *b, const char *path, const void *data, size_t len, galley_error *err)
{
	char name[2048], sha[65];
	payload_name(b, path, name);
	if (sha256_of(b, data, len, sha))
		return galley_error_set(err, GALLEY_EIO, "bundle: cannot checksum %s", path);
	int rc = write_entry(b, name, data, len, err);
	if (!rc)
		record_file(b, path, name, len, sha);
	return rc;
}

/* A file's size and SHA-256, read in chunks. */
static int hash_stream(bundle *b, const char *full, char sha[65], size_t *size)
{
	FILE *fp = fopen(full, "rb");
	unsigned char buf[CHUNK], digest[EVP_MAX_MD_SIZE];
	unsigned int n = 0;
	size_t got;
	int ok = fp && EVP_DigestInit_ex(b->md, b->sha256, NULL);
	*size = 0;
	while (ok && (got = fread(buf, 1, sizeof(buf), fp)) > 0) {
		ok = EVP_DigestUpdate(b->md, buf, got);
		*size += got;
	}
	ok = ok && !ferror(fp) && EVP_DigestFinal_ex(b->md, digest, &n);
	if (ok)
		hex(digest, n, sha);
	if (fp)
		fclose(fp);
	return ok ? 0 : -1;
}

/* Reads a file whole into the reused buffer; 1 when it is too large. */
static int read_whole(bundle *b, const char *full, size_t *len)
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
	if (want > b->cap) {
		unsigned char *grown = realloc(b->buf, want);
		if (!grown) {
			fclose(fp);
			return -1;
		}
		b->buf = grown;
		b->cap = want;
	}
	*len = fread(b->buf, 1, want, fp);
	int bad = ferror(fp) || *len != (size_t)st.st_size;
	fclose(fp);
	return bad ? -1 : 0;
}

/* A file too large to hold: hashed first, then copied in chunks, and it
 * must still have the size it was hashed at. */
static int add_large(bundle *b, const char *path, const char *full, galley_error *err)
{
	char name[2048], sha[65];
	size_t size, got, total = 0;
	payload_name(b, path, name);
	if (hash_stream(b, full, sha, &size))
		return galley_error_set(err, GALLEY_EIO, "cannot read '%s' to checksum it", full);
	int rc = start_entry(b, name, size, err);
	FILE *fp = rc ? NULL : fopen(full, "rb");
	unsigned char buf[CHUNK];
	while (fp && !rc && (got = fread(buf, 1, sizeof(buf), fp)) > 0 && total + got <= size) {
		total += got;
		rc = put(b, buf, got, name, err);
	}
	if (fp)
		fclose(fp);
	if (!rc && total != size)
		rc = galley_error_set(err, GALLEY_EIO, "bundle: '%s' changed while it was being packed",
		                      full);
	if (!rc)
		record_file(b, path, name, size, sha);
	return rc;
}

int bundle_add_file(bundle *b, const char *path, const char *full, galley_error *err)
{
	size_t len = 0;
	int rc = read_whole(b, full, &len);
	if (rc < 0)
		return galley_error_set(err, GALLEY_EIO, "cannot read '%s' to pack it", full);
	return rc == 0 ? bundle_add(b, path, b->buf, len, err) : add_large(b, path, full, err);
}

int bundle_note_item(bundle *b, const bundle_item *it)
{
	FILE *fp = b->articles;
	fputs(b->narticles ? ",\n    {\"id\": " : "\n    {\"id\": ", fp);
	put_json_string(fp, it->id);
	fputs(", \"guid\": ", fp);
	put_json_string(fp, it->guid);
	if (it->version > 0)
		fprintf(fp, ", \"version\": %lld", it->version);
	fprintf(fp, ", \"action\": \"%s\", \"hash\": \"%s\"}", it->action, it->hash);
	b->narticles++;
	return ferror(fp) ? -1 : 0;
}

int bundle_note_files(bundle *b, const char *id, const char *const *paths, size_t n)
{
	FILE *fp = b->articles;
	fputs(b->narticles++ ? ",\n    {\n      \"id\": " : "\n    {\n      \"id\": ", fp);
	put_json_string(fp, id);
	fputs(",\n      \"files\": [", fp);
	for (size_t i = 0; i < n; i++) {
		fputs(i ? ",\n        " : "\n        ", fp);
		put_json_string(fp, paths[i]);
	}
	fputs("\n      ]\n    }", fp);
	return ferror(fp) ? -1 : 0;
}

/* ---- closing: the manifest or the tag files ---- */

/* Copies a spool into the open entry in chunks, hashing it when sha is
 * not NULL. */
static int copy_spool(bundle *b, FILE *spool, const char *name, char *sha, galley_error *err)
{
	char buf[CHUNK];
	size_t got;
	unsigned char d[EVP_MAX_MD_SIZE];
	unsigned int n = 0;
	int rc = sha && !EVP_DigestInit_ex(b->md, b->sha256, NULL) ? -1 : 0;
	rewind(spool);
	while (!rc && (got = fread(buf, 1, sizeof(buf), spool)) > 0) {
		rc = put(b, buf, got, name, err);
		if (!rc && sha && !EVP_DigestUpdate(b->md, buf, got))
			rc = -1;
	}
	if (!rc && (ferror(spool) || (sha && !EVP_DigestFinal_ex(b->md, d, &n))))
		rc = -1;
	if (!rc && sha)
		hex(d, n, sha);
	return rc < 0 ? galley_error_set(err, GALLEY_EIO, "bundle: cannot copy %s", name) : rc;
}

/* manifest.json streamed from the spools: memory stays flat however many
 * articles the bundle holds. */
static int close_flat(bundle *b, galley_error *err)
{
	json_t *hdr = json_pack("[s,s,s]", b->info.root, b->info.by, b->info.date);
	char *q[3] = {0}, head[2048];
	for (size_t i = 0; hdr && i < 3; i++)
		q[i] = json_dumps(json_array_get(hdr, i), JSON_ENCODE_ANY);
	json_decref(hdr);
	int hn = q[0] && q[1] && q[2]
	                 ? snprintf(head, sizeof(head),
	                            "{\n  \"bundle\": %s,\n  \"%s\": %s,\n  \"date\": %s,\n"
	                            "  \"generator\": \"galley\",\n  \"articles\": [",
	                            q[0], b->info.by_key, q[1], q[2])
	                 : -1;
	for (size_t i = 0; i < 3; i++)
		free(q[i]);
	const char *mid = b->narticles ? "\n  ],\n  \"files\": [" : "],\n  \"files\": [";
	const char *tail = b->nfiles ? "\n  ]\n}\n" : "]\n}\n";
	fflush(b->articles);
	fflush(b->files);
	long alen = ftell(b->articles), flen = ftell(b->files);
	if (hn < 0 || (size_t)hn >= sizeof(head) || alen < 0 || flen < 0)
		return galley_error_set(err, GALLEY_EIO, "bundle: cannot build manifest.json");
	size_t total = (size_t)hn + (size_t)alen + strlen(mid) + (size_t)flen + strlen(tail);
	const char *m = "manifest.json";
	int rc = start_entry(b, m, total, err);
	if (!rc)
		rc = put(b, head, (size_t)hn, m, err);
	if (!rc)
		rc = copy_spool(b, b->articles, m, NULL, err);
	if (!rc)
		rc = put(b, mid, strlen(mid), m, err);
	if (!rc)
		rc = copy_spool(b, b->files, m, NULL, err);
	return rc ? rc : put(b, tail, strlen(tail), m, err);
}

/* A tag file, added to the tag manifest as it is written. */
static int tag_file(bundle *b, FILE *tagman, const char *name, const char *text, size_t len,
                    galley_error *err)
{
	char sha[65];
	if (sha256_of(b, text, len, sha))
		return galley_error_set(err, GALLEY_EIO, "bundle: cannot checksum %s", name);
	int rc = write_entry(b, name, text, len, err);
	if (!rc)
		fprintf(tagman, "%s  %s\n", sha, name);
	return rc;
}

static int close_bagit(bundle *b, galley_error *err)
{
	static const char bagit_txt[] = "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n";
	char info[1024], *tags = NULL, sha[65];
	size_t tlen = 0;
	int n = snprintf(info, sizeof(info),
	                 "Source-Organization: %s\nBagging-Date: %s\nPayload-Oxum: %llu.%zu\n"
	                 "Bag-Count: 1 of 1\nExternal-Identifier: %s\n",
	                 b->info.organization, b->info.date, b->payload_bytes, b->nfiles,
	                 b->info.root);
	FILE *tagman = open_memstream(&tags, &tlen);
	int rc = tagman ? 0 : galley_error_set(err, GALLEY_ENOMEM, "out of memory");
	if (!rc)
		rc = tag_file(b, tagman, "bagit.txt", bagit_txt, sizeof(bagit_txt) - 1, err);
	if (!rc)
		rc = tag_file(b, tagman, "bag-info.txt", info, (size_t)n, err);
	/* the payload manifest streams from its spool, hashed on the way */
	fflush(b->files);
	long mlen = ftell(b->files);
	if (!rc && mlen < 0)
		rc = galley_error_set(err, GALLEY_EIO, "bundle: cannot read its manifest spool");
	if (!rc)
		rc = start_entry(b, "manifest-sha256.txt", (size_t)mlen, err);
	if (!rc)
		rc = copy_spool(b, b->files, "manifest-sha256.txt", sha, err);
	if (!rc)
		fprintf(tagman, "%s  manifest-sha256.txt\n", sha);
	if (tagman)
		fclose(tagman);
	if (!rc)
		rc = write_entry(b, "tagmanifest-sha256.txt", tags, tlen, err);
	free(tags);
	return rc;
}

int bundle_close(bundle *b, galley_error *err)
{
	int rc = b->info.bagit ? close_bagit(b, err) : close_flat(b, err);
	for (size_t i = 0; !rc && i < b->nout; i++)
		if (archive_write_close(b->out[i].ar) != ARCHIVE_OK)
			rc = fail(&b->out[i], err, "closing");
	return rc;
}

void bundle_free(bundle *b)
{
	if (!b)
		return;
	for (size_t i = 0; b->out && i < b->nout; i++)
		archive_write_free(b->out[i].ar); /* closes a pipe left open, which frees it */
	free(b->out);
	archive_entry_free(b->entry);
	if (b->files)
		fclose(b->files);
	if (b->articles)
		fclose(b->articles);
	EVP_MD_CTX_free(b->md);
	EVP_MD_free(b->sha256);
	free(b->buf);
	free(b);
}

int bundle_file_sha256(const char *path, char out[65])
{
	bundle b = {0};
	size_t size;
	b.sha256 = EVP_MD_fetch(NULL, "SHA256", NULL);
	b.md = EVP_MD_CTX_new();
	int rc = b.sha256 && b.md ? hash_stream(&b, path, out, &size) : -1;
	EVP_MD_CTX_free(b.md);
	EVP_MD_free(b.sha256);
	return rc;
}

time_t bundle_time_of(const char *epoch, const char *date)
{
	long long e = epoch ? strtoll(epoch, NULL, 10) : 0;
	if (e > 0)
		return (time_t)e;
	struct tm tm = {0};
	return date && strptime(date, "%Y-%m-%d", &tm) ? timegm(&tm) : 0;
}
