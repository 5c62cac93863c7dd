/* bundle.c — streaming partner bundles, flat or BagIt (see bundle.h). */
#include <archive.h>
#include <archive_entry.h>
#include <jansson.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "deliver/bundle.h"

struct bundle {
	struct archive *ar;
	struct archive_entry *entry;
	bundle_info info;
	FILE *files, *articles; /* manifest records, spooled */
	size_t nfiles, narticles;
	unsigned long long payload_bytes;
};

static int fail(bundle *b, galley_error *err, const char *what)
{
	const char *why = b && b->ar ? archive_error_string(b->ar) : NULL;
	int e = b && b->ar ? archive_errno(b->ar) : 0;
	return galley_error_set(err, GALLEY_EIO, "bundle: %s: %s%s%s", what, why ? why : "error",
	                        e > 0 ? ": " : "", e > 0 ? strerror(e) : "");
}

static int set_format(struct archive *ar, const char *format)
{
	if (strcmp(format, "zip") == 0)
		return archive_write_set_format_zip(ar);
	int rc = archive_write_set_format_pax_restricted(ar);
	if (rc == ARCHIVE_OK && strcmp(format, "tar.gz") == 0) {
		rc = archive_write_add_filter_gzip(ar);
		if (rc == ARCHIVE_OK) /* no time in the gzip header */
			archive_write_set_filter_option(ar, "gzip", "timestamp", NULL);
	} else if (rc == ARCHIVE_OK && strcmp(format, "tar.xz") == 0) {
		rc = archive_write_add_filter_xz(ar);
	} else if (rc == ARCHIVE_OK && strcmp(format, "tar.zst") == 0) {
		rc = archive_write_add_filter_zstd(ar);
	}
	return rc;
}

int bundle_open(bundle **out, const char *path, const bundle_info *info, galley_error *err)
{
	bundle *b = calloc(1, sizeof(*b));
	*out = b;
	if (!b)
		return galley_error_set(err, GALLEY_ENOMEM, "out of memory");
	b->info = *info;
	b->ar = archive_write_new();
	b->entry = archive_entry_new();
	b->files = tmpfile();
	b->articles = tmpfile();
	if (!b->ar || !b->entry || !b->files || !b->articles)
		return galley_error_set(err, GALLEY_ENOMEM, "out of memory");
	if (set_format(b->ar, info->format) != ARCHIVE_OK ||
	    archive_write_open_filename(b->ar, path) != ARCHIVE_OK)
		return fail(b, err, path);
	return 0;
}

static int start_entry(bundle *b, const char *name, size_t len)
{
	char full[2048];
	snprintf(full, sizeof(full), "%s/%s", b->info.root, name);
	struct archive_entry *e = b->entry;
	archive_entry_clear(e);
	archive_entry_set_pathname(e, full);
	archive_entry_set_filetype(e, AE_IFREG);
	archive_entry_set_perm(e, 0644);
	archive_entry_set_size(e, (la_int64_t)len);
	archive_entry_set_uid(e, 0);
	archive_entry_set_gid(e, 0);
	archive_entry_set_uname(e, "root");
	archive_entry_set_gname(e, "root");
	archive_entry_set_mtime(e, b->info.mtime, 0);
	return archive_write_header(b->ar, e) == ARCHIVE_OK ? 0 : -1;
}

static int write_entry(bundle *b, const char *name, const void *data, size_t len)
{
	if (start_entry(b, name, len))
		return -1;
	return len && archive_write_data(b->ar, data, len) != (la_ssize_t)len ? -1 : 0;
}

static void sha256_hex(const void *data, size_t len, char out[65])
{
	unsigned char d[EVP_MAX_MD_SIZE];
	unsigned int n = 0;
	EVP_Digest(data, len, d, &n, EVP_sha256(), NULL);
	for (unsigned int i = 0; i < n; i++)
		snprintf(out + 2 * i, 3, "%02x", d[i]);
}

static void put_json_string(FILE *fp, const char *s)
{
	json_t *j = json_string(s);
	if (j)
		json_dumpf(j, fp, JSON_ENCODE_ANY);
	json_decref(j);
}

int bundle_add(bundle *b, const char *path, const void *data, size_t len, galley_error *err)
{
	char name[2048], sha[65];
	snprintf(name, sizeof(name), "%s%s", b->info.bagit ? "data/" : "", path);
	if (write_entry(b, name, data, len))
		return fail(b, err, name);
	sha256_hex(data, len, sha);
	b->payload_bytes += len;
	if (b->info.bagit) {
		fprintf(b->files, "%s  %s\n", sha, name);
	} else {
		fputs(b->nfiles ? ",\n    {\n      \"path\": " : "\n    {\n      \"path\": ", b->files);
		put_json_string(b->files, path);
		fprintf(b->files, ",\n      \"size\": %zu,\n      \"sha256\": \"%s\"\n    }", len, sha);
	}
	b->nfiles++;
	return 0;
}

int bundle_note_article(bundle *b, const char *id, const char *hash)
{
	fputs(b->narticles ? ",\n    {\"id\": " : "\n    {\"id\": ", b->articles);
	put_json_string(b->articles, id);
	fprintf(b->articles, ", \"hash\": \"%s\"}", hash);
	b->narticles++;
	return ferror(b->articles) ? -1 : 0;
}

/* Copies a spool into the open entry in chunks. */
static int copy_spool(bundle *b, FILE *spool)
{
	char buf[65536];
	size_t got;
	rewind(spool);
	while ((got = fread(buf, 1, sizeof(buf), spool)) > 0)
		if (archive_write_data(b->ar, buf, got) != (la_ssize_t)got)
			return -1;
	return ferror(spool) ? -1 : 0;
}

/* The same, computing the SHA-256 of what it copies. */
static int copy_spool_hashed(bundle *b, FILE *spool, char sha[65])
{
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	unsigned char d[EVP_MAX_MD_SIZE];
	unsigned int n = 0;
	char buf[65536];
	size_t got;
	int rc = md && EVP_DigestInit_ex(md, EVP_sha256(), NULL) ? 0 : -1;
	rewind(spool);
	while (!rc && (got = fread(buf, 1, sizeof(buf), spool)) > 0)
		rc = archive_write_data(b->ar, buf, got) != (la_ssize_t)got ||
		     !EVP_DigestUpdate(md, buf, got);
	if (!rc && (ferror(spool) || !EVP_DigestFinal_ex(md, d, &n)))
		rc = -1;
	for (unsigned int i = 0; !rc && i < n; i++)
		snprintf(sha + 2 * i, 3, "%02x", d[i]);
	EVP_MD_CTX_free(md);
	return rc;
}

static int put(bundle *b, const char *s)
{
	size_t n = strlen(s);
	return n && archive_write_data(b->ar, s, n) != (la_ssize_t)n ? -1 : 0;
}

/* manifest.json streamed from the spools: memory stays flat however many
 * articles the bundle holds. */
static int close_flat(bundle *b, galley_error *err)
{
	json_t *hdr = json_pack("[s,s,s]", b->info.root, b->info.partner, b->info.date);
	char *q[3] = {0}, head[2048];
	for (size_t i = 0; hdr && i < 3; i++)
		q[i] = json_dumps(json_array_get(hdr, i), JSON_ENCODE_ANY);
	json_decref(hdr);
	int hn = q[0] && q[1] && q[2]
	                 ? snprintf(head, sizeof(head),
	                            "{\n  \"bundle\": %s,\n  \"partner\": %s,\n  \"date\": %s,\n"
	                            "  \"generator\": \"galley\",\n  \"articles\": [",
	                            q[0], q[1], q[2])
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
	int rc = start_entry(b, "manifest.json", total) || put(b, head) ||
	         copy_spool(b, b->articles) || put(b, mid) || copy_spool(b, b->files) ||
	         put(b, tail);
	return rc ? fail(b, err, "manifest.json") : 0;
}

/* Tag files, each added to the tag manifest as it is written. */
static int tag_file(bundle *b, FILE *tagman, const char *name, const char *text, size_t len)
{
	char sha[65];
	if (write_entry(b, name, text, len))
		return -1;
	sha256_hex(text, len, sha);
	fprintf(tagman, "%s  %s\n", sha, name);
	return 0;
}

static int close_bagit(bundle *b, galley_error *err)
{
	static const char bagit_txt[] = "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n";
	char info[1024], *tags = NULL;
	size_t tlen = 0;
	int n = snprintf(info, sizeof(info),
	                 "Source-Organization: %s\nBagging-Date: %s\nPayload-Oxum: %llu.%zu\n"
	                 "Bag-Count: 1 of 1\nExternal-Identifier: %s\n",
	                 b->info.organization, b->info.date, b->payload_bytes, b->nfiles,
	                 b->info.root);
	FILE *tagman = open_memstream(&tags, &tlen);
	int rc = tagman ? 0 : -1;
	if (!rc)
		rc = tag_file(b, tagman, "bagit.txt", bagit_txt, sizeof(bagit_txt) - 1);
	if (!rc)
		rc = tag_file(b, tagman, "bag-info.txt", info, (size_t)n);
	/* the payload manifest streams from its spool, hashed on the way */
	char sha[65];
	fflush(b->files);
	long mlen = ftell(b->files);
	if (!rc)
		rc = mlen < 0 || start_entry(b, "manifest-sha256.txt", (size_t)mlen) ||
		     copy_spool_hashed(b, b->files, sha);
	if (!rc)
		fprintf(tagman, "%s  manifest-sha256.txt\n", sha);
	if (tagman)
		fclose(tagman);
	if (!rc)
		rc = write_entry(b, "tagmanifest-sha256.txt", tags, tlen);
	free(tags);
	return rc ? fail(b, err, "BagIt tag files") : 0;
}

int bundle_close(bundle *b, galley_error *err)
{
	int rc = b->info.bagit ? close_bagit(b, err) : close_flat(b, err);
	if (!rc && archive_write_close(b->ar) != ARCHIVE_OK)
		rc = fail(b, err, "closing");
	return rc;
}

void bundle_free(bundle *b)
{
	if (!b)
		return;
	archive_write_free(b->ar);
	archive_entry_free(b->entry);
	if (b->files)
		fclose(b->files);
	if (b->articles)
		fclose(b->articles);
	free(b);
}
