/* html_words.h — which of lib/html_readable's word lists a class or id
 * holds ("sidebar" is unlikely to be the article, "article-body"
 * positive, ...), found in one pass over the attribute.  A word counts
 * wherever it appears, in any case ("relatedLinks" holds "related"), as
 * the lists were written for.  Used by lib/html_readable. */
#ifndef GALLEY_PLUGIN_HTML_WORDS_H
#define GALLEY_PLUGIN_HTML_WORDS_H

enum {
	HTML_WORDS_UNLIKELY = 1, /* boilerplate, unless also rescued */
	HTML_WORDS_RESCUED = 2,  /* not boilerplate after all */
	HTML_WORDS_POSITIVE = 4, /* +25 to an element's weight */
	HTML_WORDS_NEGATIVE = 8  /* -25 */
};

/* The HTML_WORDS_ bits of the lists s (NULL: none) holds a word of.  Only
 * the first 511 bytes count: class lists that long are utility classes. */
unsigned html_words(const char *s);

#endif
