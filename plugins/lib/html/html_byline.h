/* html_byline.h — the byline a web page shows: an element marked as one
 * (rel=author, itemprop=author, a class or id with the word byline,
 * author, dateline or writtenby, "articleAuthor" too, but not
 * "authorization"), else the line a newsroom's CMS writes above the body
 * ("By Jane Doe", "Av Kari Nordmann", "Von Max Muster", "Par Jean
 * Dupont"…).  Hidden elements, navigation, asides, footers and forms are
 * not looked at.  Used by lib/html_page for import/html. */
#ifndef GALLEY_PLUGIN_HTML_BYLINE_H
#define GALLEY_PLUGIN_HTML_BYLINE_H

#include <libxml/tree.h>

/* The element below root that shows the byline, or NULL; *name (when
 * the element is found) is the name it shows, malloc'd, without the
 * leading "By" word and what follows a separator (" | ", " · ", a line
 * break…), or NULL when out of memory or blank. */
const xmlNode *html_byline_shown(const xmlNode *root, char **name);

/* s without a leading "By " (or its like in the languages above), a
 * pointer into s. */
const char *html_byline_unprefixed(const char *s);

#endif
