/* html_select.h — the CSS selectors import/html's settings take (`body:`
 * to say where the article is, `drop:` for more boilerplate): type
 * selectors, #id, .class, [attr], [attr=value], [attr~=word],
 * [attr^=start], [attr*=part], the universal *, descendant (space) and
 * child (>) combinators, and comma lists.  Pseudo-classes and sibling
 * combinators are refused with a message. */
#ifndef GALLEY_PLUGIN_HTML_SELECT_H
#define GALLEY_PLUGIN_HTML_SELECT_H

#include <stddef.h>

#include <libxml/tree.h>

typedef struct html_selector html_selector;

/* NULL with why (err) when text is not a selector this module reads. */
html_selector *html_select_parse(const char *text, char *err, size_t errsize);
void html_select_free(html_selector *s);
/* Does element n match? */
int html_select_match(const html_selector *s, const xmlNode *n);
/* The first element below root (depth-first, root excluded) matching. */
const xmlNode *html_select_first(const html_selector *s, const xmlNode *root);

#endif
