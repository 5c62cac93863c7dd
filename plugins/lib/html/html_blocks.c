/* html_blocks.c — HTML bodies into blocks (see html_blocks.h). */
#include <string.h>
#include <strings.h>

#include "article/caption.h"
#include "html/html_blocks.h"
#include "html/html_node.h"

typedef struct walker {
	const galley_host *h;
	galley_article *a;
	strbuf loose; /* inline text outside any block, becoming a paragraph */
	int failed;
	html_skip_fn skip;
	void *data;
	const xmlNode *self; /* html_blocks_node's node: walked, never skipped */
} walker;

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
	add_block(w, "paragraph", html_trimmed(&w->loose), 0, NULL);
	sb_free(&w->loose);
}

/* Inline text outside any block, whitespace collapsed. */
static void loose_text(walker *w, const char *s)
{
	if (html_add_collapsed(&w->loose, s))
		w->failed = 1;
}

static void text_block(walker *w, const xmlNode *n, const char *type, int level)
{
	strbuf b = {0};
	html_text(n, &b, NULL);
	add_block(w, type, html_trimmed(&b), level, NULL);
	sb_free(&b);
}

static void quote(walker *w, const xmlNode *n)
{
	const xmlNode *by = NULL;
	for (const xmlNode *c = n->children; c && !by; c = c->next)
		if (html_is(c, "footer") || html_is(c, "cite"))
			by = c;
	strbuf text = {0}, who = {0};
	html_text(n, &text, by);
	if (by)
		html_text(by, &who, NULL);
	add_block(w, "quote", html_trimmed(&text), 0, html_undash(html_trimmed(&who)));
	sb_free(&text);
	sb_free(&who);
}

static void list(walker *w, const xmlNode *n)
{
	strbuf items = {0};
	for (const xmlNode *c = n->children; c; c = c->next) {
		if (!html_is(c, "li"))
			continue;
		strbuf item = {0};
		html_text(c, &item, NULL);
		if (html_trimmed(&item)[0] &&
		    ((items.len && sb_puts(&items, "\n")) || sb_puts(&items, item.s)))
			w->failed = 1;
		sb_free(&item);
	}
	add_block(w, "list", items.s, 0, NULL);
	sb_free(&items);
}

static const xmlNode *credit_in(const xmlNode *caption)
{
	for (const xmlNode *c = caption ? caption->children : NULL; c; c = c->next)
		if (html_has_class(c, "credit") || html_is(c, "small"))
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
	const xmlNode *img = html_is(n, "img") ? n : html_find(n, "img");
	const xmlNode *cap = html_is(n, "figure") ? html_find(n, "figcaption") : NULL, *credit = credit_in(cap);
	int i = w->h->media_add(w->a, "image");
	if (i < 0) {
		w->failed = 1;
		return;
	}
	if (img) {
		set_media(w, i, "href", html_attr(img, "src"));
		set_media(w, i, "alt", html_attr(img, "alt"));
	}
	strbuf c = {0}, by = {0};
	if (cap)
		html_text(cap, &c, credit);
	if (credit)
		html_text(credit, &by, NULL);
	/* a credit element's "Photo: " is the marker, not the name; without
	 * one, a caption may end with its credit ("… Photo: NTB") */
	const char *name = html_trimmed(&by), *after = NULL;
	if (name && caption_credit(name, &after) == name)
		name = after + strspn(after, " ");
	if (!credit && cap && html_trimmed(&c)) {
		if (caption_set(w->h, w->a, (size_t)i, html_trimmed(&c)))
			w->failed = 1;
	} else {
		set_media(w, i, "caption", html_trimmed(&c));
	}
	set_media(w, i, "credit", name && name[0] ? name : NULL);
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
		if (c->type != XML_ELEMENT_NODE || html_is_any(c, dropped) ||
		    (w->skip && c != w->self && w->skip(c, w->data)))
			continue;
		int block = 1;
		if (html_is_any(c, blocks) || html_is_any(c, containers))
			flush_loose(w); /* loose text before a block is a paragraph of its own */
		if (html_is(c, "p"))
			text_block(w, c,
			           html_has_class(c, "caption") ? "caption"
			           : html_has_class(c, "embed") ? "embed"
			                                        : "paragraph",
			           0);
		else if (html_is_any(c, headings))
			text_block(w, c, "heading", c->name[1] - '0');
		else if (html_is(c, "blockquote"))
			quote(w, c);
		else if (html_is(c, "ul") || html_is(c, "ol"))
			list(w, c);
		else if (html_is(c, "figure") || html_is(c, "img"))
			image(w, c);
		else if (html_is(c, "pre"))
			text_block(w, c, "paragraph", 0);
		else
			block = 0;
		if (!block && depth < HTML_MAX_DEPTH)
			walk(w, c, depth + 1);
		else if (!block) /* too deep to walk: its text, as one paragraph */
			text_block(w, c, "paragraph", 0);
		if (!block && html_is_any(c, containers))
			flush_loose(w); /* a div's loose text ends with the div */
	}
}

int html_blocks_node(const galley_host *h, galley_article *a, const xmlNode *node,
                     html_skip_fn skip, void *data)
{
	/* the node itself may be a block: walk it as its parent's only child */
	xmlNode parent = {0}, self = *node;
	walker w = {h, a, {0}, 0, skip, data, &self};
	self.next = self.prev = NULL;
	parent.children = parent.last = &self;
	parent.type = XML_ELEMENT_NODE;
	walk(&w, &parent, 0);
	flush_loose(&w);
	return w.failed ? -1 : 0;
}

int html_blocks(const galley_host *h, galley_article *a, const char *html, size_t len)
{
	htmlDocPtr doc = html_parse(html, len, "UTF-8");
	if (!doc)
		return len ? -1 : 0;
	walker w = {h, a, {0}, 0, NULL, NULL, NULL};
	const xmlNode *root = xmlDocGetRootElement(doc);
	const xmlNode *body = root ? html_find(root, "body") : NULL;
	if (body || root)
		walk(&w, body ? body : root, 0);
	flush_loose(&w);
	xmlFreeDoc(doc);
	return w.failed ? -1 : 0;
}
