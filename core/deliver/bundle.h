/* bundle.h — one partner bundle written as a stream: a tar/zip (libarchive)
 * whose entries are added as articles pass, closed by its manifest.
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
	const char *root;         /* folder name inside the archive */
	const char *format;       /* tar, tar.gz, tar.xz, tar.zst, zip */
	int bagit;
	time_t mtime;
	const char *pipeline, *partner, *date, *organization;
} bundle_info;

int bundle_open(bundle **out, const char *path, const bundle_info *info, galley_error *err);
/* An article's file, PATH inside the payload. */
int bundle_add(bundle *b, const char *path, const void *data, size_t len, galley_error *err);
/* Records an article (id and content hash) for the manifest. */
int bundle_note_article(bundle *b, const char *id, const char *hash);
/* Writes the manifest or tag files and closes the archive (not synced). */
int bundle_close(bundle *b, galley_error *err);
/* Frees; an unclosed bundle's file is left for the caller to remove. */
void bundle_free(bundle *b);

#endif
