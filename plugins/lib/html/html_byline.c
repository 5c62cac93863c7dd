/* html_byline.c — the byline a web page shows (see html_byline.h): a
 * marked element first, as Readability looks for one, then the plain
 * "By Jane Doe" line newsroom pages carry without a class. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "html/html_byline.h"
#include "html/html_node.h"

#define BYLINE_TEXT_MAX 100 /* a byline is shorter than this (Readability's limit) */
#define BYLINE_WORDS_MAX 8  /* a "By …" line names no more words than this */

typedef int (*look_fn)(const xmlNode *n);

/* "By" in the languages newsrooms write it: English, Norwegian and
 * Swedish, Danish, German, French, Spanish and Portuguese, Italian, Dutch. */
static const char *const by_words[] = {"by", "av", "af", "von", "par", "por", "di", "door", NULL};

/* Does s begin with a by-word and a space (or "By:")?  The length to skip. */
static size_t by_prefix(const char *s)
{
	for (const char *const *w = by_words; *w; w++) {
		size_t n = strlen(*w);
		if (strncasecmp(s, *w, n) != 0)
			continue;
		size_t at = n + (s[n] == ':');
		if (s[at] == ' ')
			return at + 1;
	}
	return 0;
}

const char *html_byline_unprefixed(const char *s)
{
	return s + by_prefix(s);
}

/* word in s as a word: not followed by a lowercase letter, so "author",
 * "post-author", "articleAuthor", "authorName" and "bylines" are, and
 * "authorization" is not. */
static int has_word(const char *s, const char *word)
{
	size_t n = strlen(word);
	for (const char *p = s; p && (p = strcasestr(p, word)); p++) {
		const char *end = p + n + (p[n] == 's');
		if (!islower((unsigned char)*end))
			return 1;
	}
	return 0;
}

static int marked(const xmlNode *n)
{
	static const char *const words[] = {"byline", "author", "dateline", "writtenby", NULL};
	const char *rel = html_attr(n, "rel"), *prop = html_attr(n, "itemprop");
	if ((rel && !strcasecmp(rel, "author")) || (prop && strcasestr(prop, "author")))
		return 1;
	const char *id = html_attr(n, "id"), *cls = html_attr(n, "class");
	for (const char *const *w = words; *w; w++)
		if ((id && has_word(id, *w)) || (cls && has_word(cls, *w)))
			return 1;
	return 0;
}

static int hidden(const xmlNode *n)
{
	const char *aria = html_attr(n, "aria-hidden"), *style = html_attr(n, "style");
	if (html_attr(n, "hidden") || (aria && !strcasecmp(aria, "true")))
		return 1;
	for (const char *p = style; p && (p = strcasestr(p, "display")); p += 7) {
		const char *v = p + 7 + strspn(p + 7, " \t");
		if (*v == ':' && !strncasecmp(v + 1 + strspn(v + 1, " \t"), "none", 4))
			return 1;
	}
	return 0;
}

/* n's text, trimmed, into b; its length. */
static size_t text_of(const xmlNode *n, strbuf *b)
{
	b->len = 0;
	if (b->s)
		b->s[0] = '\0';
	html_text(n, b, NULL);
	return strlen(html_trimmed(b));
}

static int short_marked(const xmlNode *n)
{
	if (!marked(n))
		return 0;
	strbuf b = {0};
	size_t len = text_of(n, &b);
	sb_free(&b);
	return len > 0 && len < BYLINE_TEXT_MAX;
}

/* A line of text, no block inside it. */
static int a_line(const xmlNode *n)
{
	static const char *const blocks[] = {"p",  "div", "ul",    "ol",      "table", "section",
	                                     "article", "header", "h1", "h2", "blockquote", "figure",
	                                     NULL};
	for (const xmlNode *c = n->children; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE && html_is_any(c, blocks))
			return 0;
	return 1;
}

/* "By Jane Doe" (a capital after the by-word), a few words at most. */
static int by_line(const xmlNode *n)
{
	if (!a_line(n))
		return 0;
	strbuf b = {0};
	size_t len = text_of(n, &b);
	const char *t = html_trimmed(&b);
	size_t skip = len < BYLINE_TEXT_MAX ? by_prefix(t) : 0;
	int yes = skip && isupper((unsigned char)t[0]) &&
	          (isupper((unsigned char)t[skip]) || (unsigned char)t[skip] >= 0xC3);
	size_t words = 1;
	for (const char *c = t + skip; yes && *c; c++)
		words += *c == ' ';
	sb_free(&b);
	return yes && words <= BYLINE_WORDS_MAX;
}

static const xmlNode *first(const xmlNode *n, look_fn want, int depth)
{
	static const char *const skip[] = {"script", "style",    "meta",   "link",   "head", "nav",
	                                   "form",   "noscript", "template", "button", "select", NULL};
	for (const xmlNode *c = n->children; c && depth < HTML_MAX_DEPTH; c = c->next) {
		if (c->type != XML_ELEMENT_NODE || html_is_any(c, skip) || hidden(c))
			continue;
		if (want(c))
			return c;
		const xmlNode *in = first(c, want, depth + 1);
		if (in)
			return in;
	}
	return NULL;
}

/* The name a marked byline shows: a marked element inside it, or its
 * itemprop=name child, else all of it. */
static const xmlNode *name_in(const xmlNode *by)
{
	const xmlNode *name = first(by, short_marked, 0);
	for (const xmlNode *c = by->children; c && !name; c = c->next) {
		const char *prop = html_attr(c, "itemprop");
		if (prop && !strcmp(prop, "name"))
			name = c;
	}
	return name ? name : by;
}

/* The name without "By", without a <time> in the line, and without what
 * follows a separator or a comma before a number ("By Erik Lind, 28
 * November"). */
static char *name_text(const xmlNode *n)
{
	static const char *const cuts[] = {" | ", " · ", " • ", " / ", NULL};
	strbuf b = {0};
	html_text(n, &b, html_find(n, "time"));
	const char *t = html_byline_unprefixed(html_trimmed(&b));
	size_t len = strlen(t);
	for (const char *const *c = cuts; *c; c++) {
		const char *at = strstr(t, *c);
		if (at && (size_t)(at - t) < len)
			len = (size_t)(at - t);
	}
	for (const char *at = t; (at = strstr(at, ", ")) && (size_t)(at - t) < len; at++)
		if (isdigit((unsigned char)at[2]))
			len = (size_t)(at - t);
	while (len && strchr(" ,;:-|", t[len - 1]))
		len--;
	char *name = len ? strndup(t, len) : NULL;
	sb_free(&b);
	return name;
}

const xmlNode *html_byline_shown(const xmlNode *root, char **name)
{
	*name = NULL;
	const xmlNode *by = first(root, short_marked, 0);
	const xmlNode *shows = by ? name_in(by) : NULL;
	if (!by)
		shows = by = first(root, by_line, 0);
	if (by)
		*name = name_text(shows);
	return by;
}
