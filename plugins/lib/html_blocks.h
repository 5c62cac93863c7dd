/* html_blocks.h — an HTML body (an article's HTML, a feed's or an
 * export's content) into the article model's blocks and images, through
 * libxml2's HTML parser.  One module for every importer that meets HTML
 * bodies (import/ninjs today; web pages and WordPress exports share it).
 *   p → paragraph (class caption/embed → that block type), h1–h6 →
 *   heading with its level, blockquote → quote (a footer or cite → the
 *   speaker), ul/ol → list (items one per line), figure/img → media
 *   (figcaption → caption, its .credit or <small> → credit), pre →
 *   paragraph; text outside any block becomes a paragraph; script, style,
 *   nav, aside, form, iframe, noscript and template are dropped. */
#ifndef GALLEY_PLUGIN_HTML_BLOCKS_H
#define GALLEY_PLUGIN_HTML_BLOCKS_H

#include <stddef.h>

#include "galley/plugin.h"

/* Appends the blocks (and images) of html[0..len) to a; 0, or -1 when
 * out of memory or the HTML cannot be parsed at all. */
int html_blocks(const galley_host *h, galley_article *a, const char *html, size_t len);

#endif
