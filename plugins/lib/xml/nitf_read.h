/* nitf_read.h — an NITF 3.x document (a file's <nitf>, or the one a
 * NewsML-G2 item carries inline) into the article model: head (title,
 * docdata, tobject, pubdata), body.head (hedline, byline, abstract,
 * dateline), body.content (p, hl2, bq, media, lists, tables) and body.end.
 * The mapping is the README's import/nitf table, the reverse of
 * export/nitf.  A field the article already has is kept, so NewsML-G2's
 * own metadata wins over its inline NITF.  Shared by import/nitf and
 * import/newsml. */
#ifndef GALLEY_PLUGIN_NITF_READ_H
#define GALLEY_PLUGIN_NITF_READ_H

#include <libxml/tree.h>

#include "galley/plugin.h"

/* Fills a from the <nitf> element; 0, or -1 when out of memory. */
int nitf_read(const galley_host *h, galley_article *a, const xmlNode *nitf);

#endif
