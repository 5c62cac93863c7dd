/* html_blocks.h — HTML (an article's body, a feed's or an export's
 * content, or the part of a web page lib/html_readable chose) into the
 * article model's blocks and images, through libxml2's HTML parser.  One
 * module for every importer that meets HTML: import/html, import/wxr,
 * import/ninjs.
 *   p → paragraph (class caption/embed → that block type), h1–h6 →
 *   heading with its level, blockquote → quote (a footer or cite → the
 *   speaker), ul/ol → list (items one per line), figure/img → media
 *   (figcaption → caption, its .credit or <small> → credit), pre →
 *   paragraph; text outside any block becomes a paragraph; script, style,
 *   nav, aside, form, iframe, noscript, template and button are dropped. */
#ifndef GALLEY_PLUGIN_HTML_BLOCKS_H
#define GALLEY_PLUGIN_HTML_BLOCKS_H

#include <stddef.h>

#include <libxml/tree.h>

#include "galley/plugin.h"

/* Appends the blocks (and images) of html[0..len) to a; 0, or -1 when
 * out of memory or the HTML cannot be parsed at all. */
int html_blocks(const galley_host *h, galley_article *a, const char *html, size_t len);

/* An element the walk leaves out, with what is below it (the page's
 * boilerplate); data is the caller's. */
typedef int (*html_skip_fn)(const xmlNode *n, void *data);

/* Appends the blocks (and images) of what is below node to a (the node
 * itself included when it is a block), leaving out what skip says. */
int html_blocks_node(const galley_host *h, galley_article *a, const xmlNode *node,
                     html_skip_fn skip, void *data);

#endif
