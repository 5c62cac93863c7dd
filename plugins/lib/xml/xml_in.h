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

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "galley/plugin.h"
#include "text/text_out.h"

/* no XML_PARSE_NOENT, DTDLOAD, DTDATTR, XINCLUDE or HUGE */
#define XML_IN_OPTIONS (XML_PARSE_NONET | XML_PARSE_NOCDATA)

/* What a guarded parse met: an <!ENTITY> (it stopped there), else its
 * first fatal error (or first error) with its place. */
typedef struct xml_in_errors {
	int refused;
	int level;
	char first[200];
} xml_in_errors;

/* Guards a parser context: an entity declaration stops it, errors go to
 * *e (c->_private points at e: a caller with more state puts e first). */
void xml_in_guard(xmlParserCtxtPtr c, xml_in_errors *e);
/* Why a guarded parse failed, for the input's reason. */
void xml_in_why(const xml_in_errors *e, char *why, size_t n);

/* The document, or NULL with why ("line 3, column 8: ...").  encoding:
 * what to read the bytes as whatever they declare (NULL: as declared). */
xmlDocPtr xml_in_parse(const char *xml, size_t len, const char *encoding, char *why, size_t n);

/* Fills a (and articles emitted beside it) from the parsed document's
 * root; path is the file's; why it cannot into why. */
typedef int (*xml_in_reader)(galley_ctx *ctx, galley_article *a, const xmlNode *root,
                             const char *path, char *why, size_t n);
/* The one process() of the XML importers: the article's file read
 * (lib/import_files, within max_bytes), parsed, handed to read, and
 * rejected with the reason when any step fails. */
int xml_in_process(const galley_host *h, galley_ctx *ctx, galley_article *a, xml_in_reader read);

/* Is n an element with this local name? */
int xml_is(const xmlNode *n, const char *name);
/* The first child element called name (NULL: any), or NULL. */
const xmlNode *xml_child(const xmlNode *n, const char *name);
/* The next sibling element after n called name (NULL: any), or NULL. */
const xmlNode *xml_next(const xmlNode *n, const char *name);
/* The child path "a/b/c" below n, or NULL. */
const xmlNode *xml_path(const xmlNode *n, const char *path);
/* An attribute by local name ("" when it has no plain text), or NULL. */
const char *xml_attr(const xmlNode *n, const char *name);
/* n's text, whitespace collapsed and trimmed, in a malloc'd string that
 * is NULL when n is NULL or the text is empty. */
char *xml_text(const xmlNode *n);

#endif
