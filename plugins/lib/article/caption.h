/* caption.h — an image caption that carries its credit at the end, as
 * WordPress [caption] shortcodes, attachment captions and Markdown image
 * titles do ("The memorial at Susha. Photo: Istockphotos/OSTILL"), split
 * into the two fields the article model has. */
#ifndef GALLEY_PLUGIN_CAPTION_H
#define GALLEY_PLUGIN_CAPTION_H

#include "galley/plugin.h"

/* Where the credit marker in text starts, or NULL; *credit is then the
 * credit's text after the marker. */
const char *caption_credit(const char *text, const char **credit);
/* Sets media i's caption and credit from text (trimmed; the credit after
 * the last "Photo:", "Foto:", "Credit:", … marker); 0, or -1 when out of
 * memory. */
int caption_set(const galley_host *h, galley_article *a, size_t i, const char *text);

#endif
