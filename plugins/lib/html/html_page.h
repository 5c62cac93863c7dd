/* html_page.h — what a web page says about its article outside the
 * body: the <head>'s meta tags (Open Graph, article:*, Dublin Core,
 * Twitter, Parse.ly, name=author…), schema.org JSON-LD, <html lang>,
 * <title> and <link rel=canonical>, plus a byline the page shows
 * (rel=author, itemprop=author, a "byline" or "author" class), and a
 * kicker and standfirst marked by their class.  The
 * title loses the site's name ("Headline | Site").  Used by import/html. */
#ifndef GALLEY_PLUGIN_HTML_PAGE_H
#define GALLEY_PLUGIN_HTML_PAGE_H

#include <libxml/tree.h>

#define HTML_PAGE_LIST_MAX 32

typedef struct html_page {
	char *title, *description, *lang, *published, *modified, *section, *site_name;
	char *canonical, *image, *image_alt;
	char *bylines[HTML_PAGE_LIST_MAX];
	size_t nbylines;
	char *tags[HTML_PAGE_LIST_MAX];
	size_t ntags;
	/* a kicker and a standfirst the page shows, by their class (kicker,
	 * eyebrow, overline, supertitle; standfirst, dek, deck, ingress,
	 * lede, summary, article-summary), with their elements for the body
	 * walk to leave out */
	char *kicker, *standfirst;
	const xmlNode *kicker_node, *standfirst_node;
	/* the byline and the date the page shows ("By Jane Doe", a <time>),
	 * taken into bylines and dates, for the body walk to leave out */
	const xmlNode *byline_node, *date_node;
} html_page;

/* Fills page from doc (fields it does not find stay NULL); -1 when out
 * of memory.  Free with html_page_free() either way. */
int html_page_read(const xmlDoc *doc, html_page *page);
void html_page_free(html_page *page);

#endif
