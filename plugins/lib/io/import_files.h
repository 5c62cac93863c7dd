/* import_files.h — what every file importer does the same way: run()
 * lists the files of the `path` pattern on the main thread and emits one
 * light article per file (its `source`), and process() on a worker reads
 * the file whole, within `max_bytes`.  The importer parses; a file that
 * cannot become an article is rejected (quarantined) with its reason.
 * Settings the importer declares: path, max_bytes, follow_symlinks. */
#ifndef GALLEY_PLUGIN_IMPORT_FILES_H
#define GALLEY_PLUGIN_IMPORT_FILES_H

#include <stddef.h>

#include "galley/plugin.h"

/* The whole run(): glob `path`, emit a light article per file; warns
 * when nothing matches.  name is the plugin's, for the message. */
int import_list_files(const galley_host *h, galley_ctx *ctx, const char *name);
/* The byte order of UTF-16 text (a byte-order mark, *skip = 2; or two
 * ASCII characters each with its NUL byte), or NULL: not UTF-16. */
const char *import_utf16_order(const unsigned char *s, size_t len, size_t *skip);

/* The file of a light article, read whole (freed with h->free); on
 * failure the file is rejected with the reason and GALLEY_FAIL returned.
 * UTF-16 text (a byte-order mark, or ASCII with its NUL bytes at the
 * start) comes back as UTF-8, without the mark. */
int import_read(const galley_host *h, galley_ctx *ctx, galley_article *a, char **text,
                size_t *len);

/* text (len bytes, freed with h->free) read as encoding (an iconv name:
 * windows-1252, iso-8859-15, shift_jis) and replaced by its UTF-8; 0, or
 * -1 with why ("not valid windows-1252 text at byte 8"). */
int import_to_utf8(const galley_host *h, const char *encoding, char **text, size_t *len,
                   char *why, size_t n);

/* Reads an input's file in passes (host->file_open within max_bytes,
 * ABI 2.3) instead of whole: read does the passes, returning 0, -1 with
 * why (or why empty: the host's reason), or a positive value of its own
 * that is returned as it is (the file left alone: "read it whole").  On
 * -1, or when the file changed while it was read, the input is rejected
 * and GALLEY_FAIL returned. */
typedef int (*import_pass_fn)(galley_ctx *ctx, galley_article *a, galley_file *f,
                              const char *path, char *why, size_t n);
int import_in_passes(const galley_host *h, galley_ctx *ctx, galley_article *a, import_pass_fn read);

/* import_read, then an empty file or a binary one (a NUL byte) is
 * refused with why ("a binary file, not KIND (a NUL byte at offset 8)").
 * *utf16 (may be NULL): the file was UTF-16, so a charset or encoding it
 * declares no longer holds.  GALLEY_FAIL with why empty: the file is
 * rejected already. */
int import_read_text(const galley_host *h, galley_ctx *ctx, galley_article *a, const char *kind,
                     char **text, size_t *len, int *utf16, char *why, size_t n);

/* The settings every file importer declares, for its table. */
#define IMPORT_FILE_SETTINGS(what, max)                                                    \
	GALLEY_SETTING("path", PATH, NULL, "pattern of the " what " to read",                  \
	               .rules = GALLEY_RULE_NONEMPTY),                                          \
	GALLEY_SETTING("language", STRING, NULL,                                               \
	               "language of articles that do not say (BCP 47)"),                       \
	GALLEY_SETTING("max_bytes", INT, max, "larger files are quarantined",                  \
	               GALLEY_RANGE(1, INT64_C(1) << 40)),                                      \
	GALLEY_SETTING("follow_symlinks", BOOL, "false", "let '**' follow symlinked folders")

#endif
