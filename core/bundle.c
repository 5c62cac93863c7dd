/* bundle.c — streaming partner bundles, flat or BagIt (see bundle.h). */
#include <archive.h>
#include <archive_entry.h>
#include <jansson.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bundle.h"

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

static int write_entry(bundle *b, const char *name, const void *data, size_t len)
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
	if (archive_write_header(b->ar, e) != ARCHIVE_OK)
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

size_t bundle_articles(const bundle *b)
{
	return b->narticles;
}

/* A spool's whole content (small: the manifest of one bundle). */
static char *slurp(FILE *fp, size_t *len)
{
	fflush(fp);
	long n = ftell(fp);
	char *buf = n >= 0 ? malloc((size_t)n + 1) : NULL;
	rewind(fp);
	if (!buf || fread(buf, 1, (size_t)n, fp) != (size_t)n) {
		free(buf);
		return NULL;
	}
	buf[n] = '\0';
	*len = (size_t)n;
	return buf;
}

static int close_flat(bundle *b, galley_error *err)
{
	size_t alen, flen;
	char *arts = slurp(b->articles, &alen), *files = slurp(b->files, &flen);
	json_t *hdr = json_pack("[s,s,s]", b->info.root, b->info.partner, b->info.date);
	char *q[3] = {0};
	for (size_t i = 0; hdr && i < 3; i++)
		q[i] = json_dumps(json_array_get(hdr, i), JSON_ENCODE_ANY);
	json_decref(hdr);
	int rc = -1;
	if (arts && files && q[0] && q[1] && q[2]) {
		size_t cap = alen + flen + 512 + strlen(q[0]) + strlen(q[1]) + strlen(q[2]);
		char *m = malloc(cap);
		if (m) {
			int n = snprintf(m, cap,
			                 "{\n  \"bundle\": %s,\n  \"partner\": %s,\n  \"date\": %s,\n"
			                 "  \"generator\": \"galley\",\n  \"articles\": [%s%s],\n"
			                 "  \"files\": [%s%s]\n}\n",
			                 q[0], q[1], q[2], arts, b->narticles ? "\n  " : "", files,
			                 b->nfiles ? "\n  " : "");
			rc = write_entry(b, "manifest.json", m, (size_t)n);
			free(m);
		}
	}
	for (size_t i = 0; i < 3; i++)
		free(q[i]);
	free(arts);
	free(files);
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
	size_t mlen, tlen = 0;
	int n = snprintf(info, sizeof(info),
	                 "Source-Organization: %s\nBagging-Date: %s\nPayload-Oxum: %llu.%zu\n"
	                 "Bag-Count: 1 of 1\nExternal-Identifier: %s\n",
	                 b->info.organization, b->info.date, b->payload_bytes, b->nfiles,
	                 b->info.root);
	char *manifest = slurp(b->files, &mlen);
	FILE *tagman = open_memstream(&tags, &tlen);
	int rc = manifest && tagman ? 0 : -1;
	if (!rc)
		rc = tag_file(b, tagman, "bagit.txt", bagit_txt, sizeof(bagit_txt) - 1);
	if (!rc)
		rc = tag_file(b, tagman, "bag-info.txt", info, (size_t)n);
	if (!rc)
		rc = tag_file(b, tagman, "manifest-sha256.txt", manifest, mlen);
	if (tagman)
		fclose(tagman);
	if (!rc)
		rc = write_entry(b, "tagmanifest-sha256.txt", tags, tlen);
	free(manifest);
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
