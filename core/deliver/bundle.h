/* bundle.h — the one bundle writer: partner deliveries (partner_sink.c)
 * and package/archive (through host->bundle_*) both write with it.  A
 * bundle is one or more archives (tar, tar.gz, tar.xz, tar.zst, zip) that
 * get the same entries, streamed as articles pass and closed by their
 * manifest.  tar.gz and tar.zst are compressed on a thread of their own
 * (zpipe.h: zlib or ISA-L, libzstd), beside the packing.  Each file is
 * hashed once, however many archives get it.
 * Layout flat: ROOT/PATH… and ROOT/manifest.json.  Layout bagit (RFC 8493):
 * ROOT/data/PATH…, ROOT/bagit.txt, bag-info.txt (Source-Organization,
 * Bagging-Date, Payload-Oxum, Bag-Count), manifest-sha256.txt and
 * tagmanifest-sha256.txt.  Owner root, one mtime: the same input gives the
 * same bytes. */
#ifndef GALLEY_BUNDLE_H
#define GALLEY_BUNDLE_H

#include <stddef.h>
#include <time.h>

#include "base/error.h"

typedef struct bundle bundle;

typedef struct bundle_info {
	const char *root; /* folder name inside the archive */
	int bagit;        /* layout bagit, else flat with manifest.json */
	time_t mtime;
	int level;        /* compression level; 0: the format's default */
	int isal;         /* tar.gz through ISA-L's igzip instead of zlib */
	/* manifest.json opens with "bundle": root, then by_key: by, "date" */
	const char *by_key, *by;
	const char *date;
	const char *organization; /* BagIt's Source-Organization */
} bundle_info;

/* Opens one archive per format (n of them), archive i written to paths[i]
 * (a name the caller renames when the bundle is closed).  *out is set
 * even on failure, for bundle_free. */
int bundle_open(bundle **out, const bundle_info *info, const char *const *formats,
                const char *const *paths, size_t n, galley_error *err);
/* A file's bytes, PATH inside the payload, into every archive. */
int bundle_add(bundle *b, const char *path, const void *data, size_t len, galley_error *err);
/* A file on disk, PATH inside the payload: read whole when small, else
 * hashed first and streamed in chunks, refused if it changed size. */
int bundle_add_file(bundle *b, const char *path, const char *full, galley_error *err);
/* An item of a partner's bundle: what it is and what the partner is to
 * do with it (action "new", "update" or "kill"). */
typedef struct bundle_item {
	const char *id, *guid;
	long long version; /* 0: none */
	const char *action, *hash;
} bundle_item;

/* Records an article for the manifest: a partner's item ({"id", "guid",
 * "version", "action", "hash"}), or by the files it brought (a
 * package's: {"id", "files"}).  0, or -1 when the spool cannot be
 * written. */
int bundle_note_item(bundle *b, const bundle_item *it);
int bundle_note_files(bundle *b, const char *id, const char *const *paths, size_t n);
/* Writes the manifest or tag files and closes every archive (not
 * synced). */
int bundle_close(bundle *b, galley_error *err);
/* Frees; an unclosed bundle's files are left for the caller to remove. */
void bundle_free(bundle *b);
/* The time a bundle's entries carry: epoch (SOURCE_DATE_EPOCH) when it is
 * set, else midnight UTC of date (YYYY-MM-DD). */
time_t bundle_time_of(const char *epoch, const char *date);
/* The SHA-256 of a file, as hex (a bundle's .sha256 beside it); 0 or -1. */
int bundle_file_sha256(const char *path, char hex[65]);

#endif
