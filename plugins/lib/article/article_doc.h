/* article_doc.h — the article as a jansson document, as the exporters read
 * it (host->article_json holds every field, entities and extra included),
 * and the questions most of them ask of it: which date, which uri, who
 * wrote it. */
#ifndef GALLEY_PLUGIN_ARTICLE_DOC_H
#define GALLEY_PLUGIN_ARTICLE_DOC_H

#include <stddef.h>
#include <time.h>

#include <jansson.h>

#include "galley/plugin.h"

/* The article's canonical JSON parsed, or NULL after h->fail. */
json_t *article_doc(const galley_host *h, galley_ctx *ctx, const galley_article *a);
/* The first of the dates named (a NULL-terminated list of keys of
 * `dates`) that parses as ISO 8601; 0, or -1 when none does. */
int doc_date(const json_t *art, const char *const *names, time_t *out);
/* The dates exporters mean by "published" (published, else created, else
 * modified) and "updated" (modified, else published, else created). */
extern const char *const doc_published[];
extern const char *const doc_updated[];
/* The item's identifier: a source's uri kept beside its guid (extra.uri),
 * else the guid, else prefix + id. */
void doc_uri(const json_t *art, const char *prefix, char *out, size_t size);
/* The strings of a JSON list joined with ", " (malloc'd; "" when none),
 * or NULL. */
char *doc_joined(const json_t *list);
/* The bylines joined: doc_joined of `bylines`. */
char *doc_byline(const json_t *art);

/* What an exporter makes of one article: the file's bytes, malloc'd, in
 * *out; 0, or -1 (out of memory). */
typedef int (*doc_writer)(void *state, galley_ctx *ctx, const json_t *art, char **out,
                          size_t *len);
/* An exporter's whole process(): DIR/ID.EXT (lib/export_path), the article
 * as a document, write(), the file written through host->output_write. */
int doc_export(const galley_host *h, galley_ctx *ctx, galley_article *a, const char *ext,
               doc_writer write, void *state);

#endif
