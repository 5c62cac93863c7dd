/* html_readable.h — where the article is on a web page.  Boilerplate is
 * marked first (navigation, scripts, forms, hidden elements, share
 * widgets, comments, related links, ads: by tag, ARIA role, and class or
 * id words), then every paragraph of real prose (25 characters or more)
 * scores its ancestors (more for commas and length), an ancestor's score
 * is cut by the share of its text that is links, and the best one wins,
 * with those of its siblings that score near it or read as prose.  The
 * idea is the one arc90's Readability made common; this is galley's own
 * reading of it.  Used by import/html with lib/html_blocks. */
#ifndef GALLEY_PLUGIN_HTML_READABLE_H
#define GALLEY_PLUGIN_HTML_READABLE_H

#include <stddef.h>

#include <libxml/tree.h>

#include "html/html_select.h"

#define HTML_READABLE_PARTS 64

typedef struct html_readable {
	/* the article: elements in document order, to walk one after another */
	const xmlNode *parts[HTML_READABLE_PARTS];
	size_t nparts;
	struct node_info *info; /* one per element, reached through n->_private */
	size_t ninfo;
} html_readable;

/* Finds the article in doc (whose elements' _private it uses).  body, when
 * given, says where the article is (its first match is taken whole);
 * drop lists selectors of more boilerplate.  -1 when out of memory. */
int html_readable_find(xmlDoc *doc, const html_selector *body, html_selector *const *drop,
                       size_t ndrop, html_readable *r);
/* An html_skip_fn for lib/html_blocks: data is the html_readable. */
int html_readable_skip(const xmlNode *n, void *data);
void html_readable_free(html_readable *r);

#endif
