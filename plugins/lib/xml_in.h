/* xml_in.h — the one way galley's XML importers (import/nitf,
 * import/newsml, import/wxr) parse a file with libxml2, and the element
 * questions they ask of the tree.  The parse is hardened: no network, no
 * DTD loading, no external entities, and no entity declarations at all
 * (a wire or an export never needs one; refusing them refuses entity
 * bombs and XXE alike, before anything is expanded); libxml2's own depth
 * (256) and text-node (10 MB) limits stay on (no XML_PARSE_HUGE).  Names
 * are matched by local name, whatever the namespace. */
#ifndef GALLEY_PLUGIN_XML_IN_H
#define GALLEY_PLUGIN_XML_IN_H

#include <stddef.h>

#include <libxml/tree.h>

#include "text_out.h"

/* The document, or NULL with why ("line 3, column 8: ..."). */
xmlDocPtr xml_in_parse(const char *xml, size_t len, char *why, size_t n);

/* Is n an element with this local name? */
int xml_is(const xmlNode *n, const char *name);
/* The first child element called name (NULL: any), or NULL. */
const xmlNode *xml_child(const xmlNode *n, const char *name);
/* The next sibling element after n called name (NULL: any), or NULL. */
const xmlNode *xml_next(const xmlNode *n, const char *name);
/* The first element called name below n, depth-first, or NULL. */
const xmlNode *xml_find(const xmlNode *n, const char *name);
/* The child path "a/b/c" below n, or NULL. */
const xmlNode *xml_path(const xmlNode *n, const char *path);
/* An attribute by local name ("" when it has no plain text), or NULL. */
const char *xml_attr(const xmlNode *n, const char *name);
/* n's text, whitespace collapsed and trimmed, in a malloc'd string that
 * is NULL when n is NULL or the text is empty. */
char *xml_text(const xmlNode *n);

#endif
