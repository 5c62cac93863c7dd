/* article_fill.h — how importers that merge several sources of one
 * article (NewsML-G2 metadata over inline NITF, a WordPress post over its
 * attachments) fill it: a field is set once, by the first source that has
 * it; a list gains a value once.  Linked into the XML importers. */
#ifndef GALLEY_PLUGIN_ARTICLE_FILL_H
#define GALLEY_PLUGIN_ARTICLE_FILL_H

#include "galley/plugin.h"

/* Sets field to value unless value is NULL or empty, or field is set. */
int fill(const galley_host *h, galley_article *a, const char *field, const char *value);
/* Adds value to the list unless it is empty or there already. */
int fill_list(const galley_host *h, galley_article *a, const char *field, const char *value);
/* extra[key] = value (a string) unless value is NULL or empty, or set. */
int fill_extra(const galley_host *h, galley_article *a, const char *key, const char *value);
/* Sets the id from the first candidate with a non-empty slug (an id that
 * is already a slug stays as it is); -1 when none has one. */
int fill_id(const galley_host *h, galley_article *a, const char *const *candidates, size_t n);
/* Plain text as paragraphs, one per run of lines between blank lines. */
int fill_paragraphs(const galley_host *h, galley_article *a, const char *text);
/* "By Jane Doe" → "Jane Doe" (a pointer into s). */
const char *fill_unby(const char *s);

#endif
