/* front_matter_in.h — YAML front matter (a "---" block at the top of a
 * file, as Jekyll, Hugo and galley's own text format write it) read onto
 * an article with libyaml.  Shared by import/text and import/markdown.
 * Keys: id/slug, headline/title, kicker, standfirst/description/summary/
 * excerpt, language/lang, section/category, categories (the first is the
 * section), source, created, published/date, modified/updated/lastmod,
 * embargo/embargoed, guid, version, pubstatus, urgency, signal(s),
 * copyright, usageterms, byline(s)/author(s), keywords/tags, image (a URL, or a map of
 * src, caption, credit, alt); any other key goes to extra with its YAML
 * value as JSON.  Aliases (*name) are refused: no alias bomb can grow. */
#ifndef GALLEY_PLUGIN_FRONT_MATTER_IN_H
#define GALLEY_PLUGIN_FRONT_MATTER_IN_H

#include <stddef.h>

#include "galley/plugin.h"

/* When text opens with "---\n", the YAML between it and the closing
 * "---" line (*yaml, *yaml_len) and the body after it; otherwise *yaml
 * is NULL and the body is text.  NULL (with why) when the block is
 * never closed. */
char *front_matter_split(char *text, const char **yaml, size_t *yaml_len, char *why, size_t n);
/* Sets a's fields from the YAML; 0, or -1 with why ("front matter line
 * 3: …", lines counted from the file's first). */
int front_matter_read(const galley_host *h, galley_article *a, const char *yaml, size_t len,
                      char *why, size_t n);

#endif
