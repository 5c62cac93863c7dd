/* html_node.h — what the HTML readers ask of a libxml2 tree: an element's
 * name, attributes and classes, its text as a browser shows it, and the
 * safe way to parse a page (no network, entity and depth limits as
 * libxml2 sets them by default).  Shared by lib/html_blocks,
 * lib/html_page and lib/html_readable. */
#ifndef GALLEY_PLUGIN_HTML_NODE_H
#define GALLEY_PLUGIN_HTML_NODE_H

#include <stddef.h>

#include <libxml/HTMLparser.h>

#include "text/text_out.h"

#define HTML_MAX_DEPTH 200 /* deeper markup is read as text, never walked */

/* Parses a page or a fragment; encoding NULL: the page's own <meta
 * charset> (else UTF-8, Latin-1 where it is not).  NULL when libxml2
 * gives up (out of memory, or more than 1 GB). */
htmlDocPtr html_parse(const char *html, size_t len, const char *encoding);

/* Is n the element name (ASCII case-insensitive)? one of names? */
int html_is(const xmlNode *n, const char *name);
int html_is_any(const xmlNode *n, const char *const *names);
/* The attribute's text, or NULL. */
const char *html_attr(const xmlNode *n, const char *name);
/* The text of an attribute in hand ("" when it has none). */
const char *html_attr_text(const xmlAttr *a);
/* Has n the class among its space-separated classes? */
int html_has_class(const xmlNode *n, const char *cls);
/* Is cls among the space-separated classes of list (NULL: none)? */
int html_class_in(const char *list, const char *cls);
/* The first element called name below n (depth-first), or NULL. */
const xmlNode *html_find(const xmlNode *n, const char *name);
/* Appends n's text with whitespace collapsed, <br> as a space, script
 * and style left out, and skip's text too (NULL: none). */
void html_text(const xmlNode *n, strbuf *b, const xmlNode *skip);
/* b's text without trailing spaces; "" when empty (never NULL). */
char *html_trimmed(strbuf *b);
/* A quote's credit without the dash typography puts before the name
 * ("— Name", "– Name", "- Name" → "Name"); a pointer into s. */
const char *html_undash(const char *s);
/* Appends s with whitespace collapsed onto b's. */
int html_add_collapsed(strbuf *b, const char *s);

#endif
