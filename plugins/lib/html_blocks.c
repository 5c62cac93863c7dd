/* html_blocks.c — HTML bodies into blocks (see html_blocks.h). */
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>

#include "html_blocks.h"
#include "text_out.h"

#define MAX_DEPTH 200 /* deeper markup is read as text */

typedef struct walker {
	const galley_host *h;
	galley_article *a;
	strbuf loose; /* inline text outside any block, becoming a paragraph */
	int failed;
} walker;

static int is(const xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && strcasecmp((const char *)n->name, name) == 0;
}

static int is_any(const xmlNode *n, const char *const *names)
{
	for (; *names; names++)
		if (is(n, *names))
			return 1;
	return 0;
}

static const char *attr(const xmlNode *n, const char *name)
{
	for (const xmlAttr *a = n->properties; a; a = a->next)
		if (strcasecmp((const char *)a->name, name) == 0 && a->children &&
		    a->children->type == XML_TEXT_NODE)
			return (const char *)a->children->content;
	return NULL;
}

static int has_class(const xmlNode *n, const char *cls)
{
	const char *c = attr(n, "class");
	size_t len = strlen(cls);
	for (const char *at = c; at && (at = strstr(at, cls)); at += len)
		if ((at == c || at[-1] == ' ') && (at[len] == '\0' || at[len] == ' '))
			return 1;
	return 0;
}

/* Text of n with whitespace collapsed, <br> as a space; skip is an
 * element whose text is left out (the credit inside a figcaption). */
static void text_of(const xmlNode *n, strbuf *b, const xmlNode *skip, int depth)
{
	for (const xmlNode *c = n->children; c; c = c->next) {
		if (c == skip || depth > MAX_DEPTH)
			continue;
		if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
			for (const char *s = (const char *)c->content; *s; s++) {
				int space = *s == ' ' || *s == '\t' || *s == '\n' || *s == '\r' || *s == '\f';
				if (space && (b->len == 0 || b->s[b->len - 1] == ' '))
					continue;
				sb_add(b, space ? " " : s, 1);
			}
		} else if (is(c, "br")) {
			if (b->len && b->s[b->len - 1] != ' ')
				sb_puts(b, " ");
		} else if (c->type == XML_ELEMENT_NODE && !is(c, "script") && !is(c, "style")) {
			text_of(c, b, skip, depth + 1);
		}
	}
}

static char *trimmed(strbuf *b)
{
	while (b->len && b->s[b->len - 1] == ' ')
		b->s[--b->len] = '\0';
	return b->s ? b->s : (char *)"";
}

static void add_block(walker *w, const char *type, const char *text, int level,
                      const char *speaker)
{
	if (!text || !text[0])
		return;
	size_t i = w->h->block_count(w->a);
	if (w->h->block_insert(w->a, i, type, text) ||
	    (level && w->h->block_set_level(w->a, i, level)) ||
	    (speaker && speaker[0] && w->h->block_set(w->a, i, "speaker", speaker)))
		w->failed = 1;
}

static void flush_loose(walker *w)
{
	add_block(w, "paragraph", trimmed(&w->loose), 0, NULL);
	sb_free(&w->loose);
}

/* Inline text outside any block, whitespace collapsed. */
static void loose_text(walker *w, const char *s)
{
	for (; *s; s++) {
		int space = *s == ' ' || *s == '\t' || *s == '\n' || *s == '\r' || *s == '\f';
		if (space && (w->loose.len == 0 || w->loose.s[w->loose.len - 1] == ' '))
			continue;
		if (sb_add(&w->loose, space ? " " : s, 1))
			w->failed = 1;
	}
}

static void text_block(walker *w, const xmlNode *n, const char *type, int level)
{
	strbuf b = {0};
	text_of(n, &b, NULL, 0);
	add_block(w, type, trimmed(&b), level, NULL);
	sb_free(&b);
}

static void quote(walker *w, const xmlNode *n)
{
	const xmlNode *by = NULL;
	for (const xmlNode *c = n->children; c && !by; c = c->next)
		if (is(c, "footer") || is(c, "cite"))
			by = c;
	strbuf text = {0}, who = {0};
	text_of(n, &text, by, 0);
	if (by)
		text_of(by, &who, NULL, 0);
	char *speaker = trimmed(&who);
	/* "— Name", "- Name": the dash is typography, not the name */
	if (!strncmp(speaker, "\xE2\x80\x94 ", 4) || !strncmp(speaker, "\xE2\x80\x93 ", 4))
		speaker += 4;
	else if (!strncmp(speaker, "- ", 2))
		speaker += 2;
	add_block(w, "quote", trimmed(&text), 0, speaker);
	sb_free(&text);
	sb_free(&who);
}

static void list(walker *w, const xmlNode *n)
{
	strbuf items = {0};
	for (const xmlNode *c = n->children; c; c = c->next) {
		if (!is(c, "li"))
			continue;
		strbuf item = {0};
		text_of(c, &item, NULL, 0);
		if (trimmed(&item)[0] &&
		    ((items.len && sb_puts(&items, "\n")) || sb_puts(&items, item.s)))
			w->failed = 1;
		sb_free(&item);
	}
	add_block(w, "list", items.s, 0, NULL);
	sb_free(&items);
}

static const xmlNode *find(const xmlNode *n, const char *name, int depth)
{
	for (const xmlNode *c = n->children; c && depth < MAX_DEPTH; c = c->next) {
		if (is(c, name))
			return c;
		const xmlNode *in = c->type == XML_ELEMENT_NODE ? find(c, name, depth + 1) : NULL;
		if (in)
			return in;
	}
	return NULL;
}

static const xmlNode *credit_in(const xmlNode *caption)
{
	for (const xmlNode *c = caption ? caption->children : NULL; c; c = c->next)
		if (has_class(c, "credit") || is(c, "small"))
			return c;
	return NULL;
}

static void set_media(walker *w, int i, const char *field, const char *value)
{
	if (value && value[0] && w->h->media_set(w->a, (size_t)i, field, value))
		w->failed = 1;
}

/* An image: <img> alone, or a <figure> with an <img> and a <figcaption>. */
static void image(walker *w, const xmlNode *n)
{
	const xmlNode *img = is(n, "img") ? n : find(n, "img", 0);
	const xmlNode *cap = is(n, "figure") ? find(n, "figcaption", 0) : NULL, *credit = credit_in(cap);
	int i = w->h->media_add(w->a, "image");
	if (i < 0) {
		w->failed = 1;
		return;
	}
	if (img) {
		set_media(w, i, "href", attr(img, "src"));
		set_media(w, i, "alt", attr(img, "alt"));
	}
	strbuf c = {0}, by = {0};
	if (cap)
		text_of(cap, &c, credit, 0);
	if (credit)
		text_of(credit, &by, NULL, 0);
	set_media(w, i, "caption", trimmed(&c));
	set_media(w, i, "credit", trimmed(&by));
	sb_free(&c);
	sb_free(&by);
}

static void walk(walker *w, const xmlNode *n, int depth)
{
	static const char *const dropped[] = {"script", "style", "nav", "aside", "form", "iframe",
	                                      "noscript", "template", "button", "head", NULL};
	static const char *const headings[] = {"h1", "h2", "h3", "h4", "h5", "h6", NULL};
	static const char *const blocks[] = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote",
	                                     "ul", "ol", "figure", "img", "pre", NULL};
	static const char *const containers[] = {"div", "section", "article", "main", "header",
	                                         "footer", "table", "tr", "td", "th", "li", "dl",
	                                         "dd", "dt", "hr", NULL};
	for (const xmlNode *c = n->children; c && !w->failed; c = c->next) {
		if (c->type == XML_TEXT_NODE) {
			loose_text(w, (const char *)c->content);
			continue;
		}
		if (c->type != XML_ELEMENT_NODE || is_any(c, dropped))
			continue;
		int block = 1;
		if (is_any(c, blocks) || is_any(c, containers))
			flush_loose(w); /* loose text before a block is a paragraph of its own */
		if (is(c, "p"))
			text_block(w, c, has_class(c, "caption") ? "caption" : has_class(c, "embed") ? "embed"
			                                                                           : "paragraph", 0);
		else if (is_any(c, headings))
			text_block(w, c, "heading", c->name[1] - '0');
		else if (is(c, "blockquote"))
			quote(w, c);
		else if (is(c, "ul") || is(c, "ol"))
			list(w, c);
		else if (is(c, "figure") || is(c, "img"))
			image(w, c);
		else if (is(c, "pre"))
			text_block(w, c, "paragraph", 0);
		else
			block = 0;
		if (!block && depth < MAX_DEPTH)
			walk(w, c, depth + 1);
		else if (!block) /* too deep to walk: its text, as one paragraph */
			text_block(w, c, "paragraph", 0);
		if (!block && is_any(c, containers))
			flush_loose(w); /* a div's loose text ends with the div */
	}
}

int html_blocks(const galley_host *h, galley_article *a, const char *html, size_t len)
{
	xmlInitParser();
	if (len > (size_t)1 << 30)
		return -1;
	htmlDocPtr doc = htmlReadMemory(html, (int)len, NULL, "UTF-8",
	                                HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
	if (!doc)
		return len ? -1 : 0;
	walker w = {h, a, {0}, 0};
	const xmlNode *root = xmlDocGetRootElement(doc);
	const xmlNode *body = root ? find(root, "body", 0) : NULL;
	if (body || root)
		walk(&w, body ? body : root, 0);
	flush_loose(&w);
	xmlFreeDoc(doc);
	return w.failed ? -1 : 0;
}
