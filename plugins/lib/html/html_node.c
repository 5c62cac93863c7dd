/* html_node.c — element questions and text for the HTML readers (see
 * html_node.h). */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/parser.h>
#include <libxml/parserInternals.h>

#include "html/html_node.h"
#include "html/html_raw.h"

static void quiet(void *ctx, const char *msg, ...)
{
	(void)ctx, (void)msg;
}

htmlDocPtr html_parse(const char *html, size_t len, const char *encoding)
{
	xmlInitParser();
	xmlSetGenericErrorFunc(NULL, quiet); /* this thread's: no libxml2 chatter on stderr */
	if (len > (size_t)1 << 30)
		return NULL;
	char *cut = malloc(len ? len : 1); /* without script and style bodies (html_raw) */
	if (!cut)
		return NULL;
	size_t n = html_cut_raw_text(html, len, cut);
	htmlDocPtr doc = htmlReadMemory(cut, (int)n, NULL, encoding,
	                                HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET |
	                                    HTML_PARSE_COMPACT);
	free(cut);
	return doc;
}

int html_is(const xmlNode *n, const char *name)
{
	/* the first letters first: most questions are "no", and cheaply so */
	return n->type == XML_ELEMENT_NODE && (n->name[0] | 0x20) == (name[0] | 0x20) &&
	       strcasecmp((const char *)n->name, name) == 0;
}

int html_is_any(const xmlNode *n, const char *const *names)
{
	for (; *names; names++)
		if (html_is(n, *names))
			return 1;
	return 0;
}

const char *html_attr_text(const xmlAttr *a)
{
	return a->children && a->children->type == XML_TEXT_NODE ? (const char *)a->children->content
	                                                          : "";
}

const char *html_attr(const xmlNode *n, const char *name)
{
	if (n->type != XML_ELEMENT_NODE)
		return NULL;
	for (const xmlAttr *a = n->properties; a; a = a->next)
		if ((a->name[0] | 0x20) == (name[0] | 0x20) && strcasecmp((const char *)a->name, name) == 0)
			return html_attr_text(a);
	return NULL;
}

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

int html_has_class(const xmlNode *n, const char *cls)
{
	return html_class_in(html_attr(n, "class"), cls);
}

int html_class_in(const char *c, const char *cls)
{
	size_t len = strlen(cls);
	for (const char *at = c; at && (at = strstr(at, cls)); at += len)
		if ((at == c || is_space(at[-1])) && (at[len] == '\0' || is_space(at[len])))
			return 1;
	return 0;
}

static const xmlNode *find_in(const xmlNode *n, const char *name, int depth)
{
	for (const xmlNode *c = n->children; c && depth < HTML_MAX_DEPTH; c = c->next) {
		if (html_is(c, name))
			return c;
		const xmlNode *in = c->type == XML_ELEMENT_NODE ? find_in(c, name, depth + 1) : NULL;
		if (in)
			return in;
	}
	return NULL;
}

const xmlNode *html_find(const xmlNode *n, const char *name)
{
	return find_in(n, name, 0);
}

int html_add_collapsed(strbuf *b, const char *s)
{
	for (; *s; s++) {
		int space = is_space(*s);
		if (space && (b->len == 0 || b->s[b->len - 1] == ' '))
			continue;
		if (sb_add(b, space ? " " : s, 1))
			return -1;
	}
	return 0;
}

/* An entity XML left as a reference (the document's DTD is never
 * loaded): HTML's named entities, &nbsp; and the like, as wires use them;
 * others are dropped. */
static void entity_text(strbuf *b, const char *name)
{
	const htmlEntityDesc *e = htmlEntityLookup((const xmlChar *)name);
	xmlChar u[8] = {0};
	if (e && e->value && xmlCopyCharMultiByte(u, (int)e->value) > 0)
		html_add_collapsed(b, (const char *)u); /* &nbsp; stays U+00A0: not a space to collapse */
}

const char *html_undash(const char *s)
{
	if (s && (!strncmp(s, "\xE2\x80\x94 ", 4) || !strncmp(s, "\xE2\x80\x93 ", 4)))
		return s + 4;
	if (s && !strncmp(s, "- ", 2))
		return s + 2;
	return s;
}

static void text_in(const xmlNode *n, strbuf *b, const xmlNode *skip, int depth)
{
	for (const xmlNode *c = n->children; c; c = c->next) {
		if (c == skip || depth > HTML_MAX_DEPTH)
			continue;
		if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE)
			html_add_collapsed(b, (const char *)c->content);
		else if (c->type == XML_ENTITY_REF_NODE)
			entity_text(b, (const char *)c->name);
		else if (html_is(c, "br") && b->len && b->s[b->len - 1] != ' ')
			sb_puts(b, " ");
		else if (c->type == XML_ELEMENT_NODE && !html_is(c, "script") && !html_is(c, "style"))
			text_in(c, b, skip, depth + 1);
	}
}

void html_text(const xmlNode *n, strbuf *b, const xmlNode *skip)
{
	text_in(n, b, skip, 0);
}

char *html_trimmed(strbuf *b)
{
	while (b->len && b->s[b->len - 1] == ' ')
		b->s[--b->len] = '\0';
	return b->s ? b->s : (char *)"";
}
