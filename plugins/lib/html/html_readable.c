/* html_readable.c — finding the article on a web page (see
 * html_readable.h).  Three passes over the tree: mark boilerplate and
 * measure every element's text, link text and commas (bottom up);
 * score ancestors of prose paragraphs; pick the best candidate and its
 * siblings.  Elements deeper than HTML_MAX_DEPTH are neither measured nor
 * marked. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "html/html_node.h"
#include "html/html_readable.h"
#include "html/html_words.h"

typedef struct node_info {
	double score;
	size_t text, links, commas; /* characters; characters inside <a>; commas */
	int weight;                 /* from class and id words */
	unsigned char boilerplate, scored;
} node_info;

static node_info *info(const xmlNode *n)
{
	return n && n->type == XML_ELEMENT_NODE ? (node_info *)n->_private : NULL;
}

/* ---- what pass 1 asks of an element's attributes ---- */

typedef struct marks {
	const char *style, *role, *aria_hidden;
	int hidden;
	unsigned cls, id; /* HTML_WORDS_ bits of the class and the id */
} marks;

/* One walk over the attributes (html_attr walks them once a name); the
 * first letter picks the one name to compare. */
static marks marks_of(const xmlNode *n)
{
	marks m = {0};
	for (const xmlAttr *a = n->properties; a; a = a->next) {
		const char *name = (const char *)a->name;
		switch (name[0] | 0x20) {
		case 'c': if (!strcasecmp(name, "class")) m.cls = html_words(html_attr_text(a)); break;
		case 'i': if (!strcasecmp(name, "id")) m.id = html_words(html_attr_text(a)); break;
		case 's': if (!strcasecmp(name, "style")) m.style = html_attr_text(a); break;
		case 'r': if (!strcasecmp(name, "role")) m.role = html_attr_text(a); break;
		case 'a': if (!strcasecmp(name, "aria-hidden")) m.aria_hidden = html_attr_text(a); break;
		case 'h': m.hidden |= !strcasecmp(name, "hidden"); break;
		}
	}
	return m;
}

static int weight_of(const marks *m)
{
	int w = 0;
	const unsigned bits[] = {m->cls, m->id};
	for (size_t i = 0; i < 2; i++) {
		w -= bits[i] & HTML_WORDS_NEGATIVE ? 25 : 0;
		w += bits[i] & HTML_WORDS_POSITIVE ? 25 : 0;
	}
	return w;
}

/* ---- pass 1: boilerplate, and what each element holds ---- */

static int hidden(const marks *m)
{
	const char *style = m->style;
	if (m->hidden || (m->aria_hidden && !strcmp(m->aria_hidden, "true")))
		return 1;
	if (!style)
		return 0;
	char flat[256];
	size_t k = 0;
	for (const char *s = style; *s && k + 1 < sizeof(flat); s++)
		if (*s != ' ')
			flat[k++] = *s;
	flat[k] = '\0';
	return strcasestr(flat, "display:none") || strcasestr(flat, "visibility:hidden");
}

static int boilerplate(const xmlNode *n, const marks *m, html_selector *const *drop, size_t ndrop,
                       int by_words)
{
	static const char *const tags[] = {"script", "style", "noscript", "nav", "aside", "form",
	                                   "iframe", "template", "button", "footer", "select",
	                                   "input", "textarea", "svg", "object", "embed", "canvas",
	                                   "link", "meta", "head", "dialog", NULL};
	static const char *const roles[] = {"navigation", "menu", "menubar", "complementary", "alert",
	                                    "alertdialog", "dialog", "banner", "contentinfo", NULL};
	static const char *const kept[] = {"html", "body", "a", "article", "main", NULL};
	if (html_is_any(n, tags) || hidden(m))
		return 1;
	const char *role = m->role;
	for (const char *const *r = roles; role && *r; r++)
		if (!strcasecmp(role, *r))
			return 1;
	for (size_t i = 0; i < ndrop; i++)
		if (html_select_match(drop[i], n))
			return 1;
	if (!by_words || html_is_any(n, kept))
		return 0;
	unsigned words = m->cls | m->id;
	return (words & HTML_WORDS_UNLIKELY) && !(words & HTML_WORDS_RESCUED);
}

/* Characters of s, a run of whitespace as one; commas (, ， 、 ،) too. */
static size_t text_length(const char *s, size_t *commas)
{
	size_t n = 0;
	int space = 1;
	for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
		int sp = *c == ' ' || *c == '\n' || *c == '\t' || *c == '\r';
		if ((*c & 0xC0) != 0x80 && !(sp && space))
			n++;
		space = sp;
		if (*c == ',')
			(*commas)++;
		else if (*c >= 0xD8) /* only these leads start ， 、 ، (three compares a byte cost a tenth of the import) */
			*commas += (c[0] == 0xEF && c[1] == 0xBC && c[2] == 0x8C) ||
			           (c[0] == 0xE3 && c[1] == 0x80 && c[2] == 0x81) || (c[0] == 0xD8 && c[1] == 0x8C);
	}
	return n;
}

typedef struct pass {
	html_readable *r;
	html_selector *const *drop;
	size_t ndrop, next;
	const xmlNode *forced; /* the body: setting's element, never boilerplate */
	int by_words;          /* class and id words mark boilerplate too */
} pass;

static size_t count_elements(const xmlNode *n, int depth)
{
	size_t count = 0;
	for (const xmlNode *c = n->children; c && depth < HTML_MAX_DEPTH; c = c->next)
		if (c->type == XML_ELEMENT_NODE)
			count += 1 + count_elements(c, depth + 1);
	return count;
}

static void measure(pass *p, xmlNode *n, int depth, int in_link)
{
	node_info *self = info(n);
	for (xmlNode *c = n->children; c; c = c->next) {
		size_t len = 0, commas = 0;
		if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
			if (!self || self->boilerplate) /* never added up: scripts and styles are most of a page */
				continue;
			len = text_length((const char *)c->content, &commas);
			self->text += len;
			self->links += in_link ? len : 0;
			self->commas += commas;
			continue;
		}
		if (c->type != XML_ELEMENT_NODE || depth >= HTML_MAX_DEPTH || p->next == p->r->ninfo)
			continue;
		node_info *ci = &p->r->info[p->next++];
		c->_private = ci;
		marks m = marks_of(c);
		ci->weight = weight_of(&m);
		ci->boilerplate = c != p->forced && boilerplate(c, &m, p->drop, p->ndrop, p->by_words);
		measure(p, c, depth + 1, in_link || html_is(c, "a"));
		if (self && !ci->boilerplate) {
			self->text += ci->text;
			self->links += ci->links;
			self->commas += ci->commas;
		}
	}
}

/* ---- pass 2: prose scores its ancestors ---- */

static double density(const node_info *i)
{
	return i->text ? (double)i->links / (double)i->text : 0;
}

static int tag_base(const xmlNode *n)
{
	static const char *const plus5[] = {"div", "article", "main", NULL};
	static const char *const plus3[] = {"pre", "td", "blockquote", "section", NULL};
	static const char *const minus3[] = {"address", "ol", "ul", "dl", "dd", "dt", "li", "form", NULL};
	static const char *const minus5[] = {"h1", "h2", "h3", "h4", "h5", "h6", "th", NULL};
	return html_is_any(n, plus5) ? 5 : html_is_any(n, plus3) ? 3 : html_is_any(n, minus3) ? -3
	                                : html_is_any(n, minus5) ? -5 : 0;
}

static int has_block_child(const xmlNode *n)
{
	static const char *const blocks[] = {"p", "div", "section", "article", "table", "ul", "ol",
	                                     "blockquote", "pre", "h1", "h2", "h3", "h4", "h5", "h6",
	                                     "figure", "dl", "main", NULL};
	for (const xmlNode *c = n->children; c; c = c->next)
		if (html_is_any(c, blocks))
			return 1;
	return 0;
}

static int prose(const xmlNode *n)
{
	static const char *const tags[] = {"p", "pre", "td", NULL};
	static const char *const wrappers[] = {"div", "section", NULL};
	return html_is_any(n, tags) || (html_is_any(n, wrappers) && !has_block_child(n));
}

static void score_ancestors(const xmlNode *n, const node_info *i)
{
	double points = 1.0 + (double)i->commas + (double)(i->text / 100 < 3 ? i->text / 100 : 3);
	int level = 0;
	for (const xmlNode *up = n->parent; up && level < 5; up = up->parent, level++) {
		node_info *a = info(up);
		if (!a)
			break;
		if (!a->scored) {
			a->scored = 1;
			a->score = tag_base(up) + a->weight;
		}
		a->score += points / (level == 0 ? 1 : level == 1 ? 2 : level * 3);
	}
}

static void score(const xmlNode *n, int depth)
{
	for (const xmlNode *c = n->children; c && depth < HTML_MAX_DEPTH; c = c->next) {
		node_info *i = info(c);
		if (!i || i->boilerplate)
			continue;
		if (prose(c) && i->text >= 25)
			score_ancestors(c, i);
		score(c, depth + 1);
	}
}

/* ---- pass 3: the best candidate and its siblings ---- */

static double final_score(const node_info *i)
{
	return i->score * (1 - density(i));
}

static void best(const xmlNode *n, int depth, const xmlNode **top)
{
	for (const xmlNode *c = n->children; c && depth < HTML_MAX_DEPTH; c = c->next) {
		node_info *i = info(c);
		if (!i || i->boilerplate)
			continue;
		if (i->scored && (!*top || final_score(i) > final_score(info(*top))))
			*top = c;
		best(c, depth + 1, top);
	}
}

/* An ancestor that scores higher than the candidate holds more of the
 * article (the candidate was one part of it): go up while one does. */
static const xmlNode *climb(const xmlNode *top)
{
	double last = final_score(info(top)), floor = last / 3;
	for (const xmlNode *up = top->parent; info(up) && !html_is(up, "body"); up = up->parent) {
		const node_info *i = info(up);
		if (!i->scored)
			continue;
		if (final_score(i) < floor)
			break;
		if (final_score(i) > last)
			return up;
		last = final_score(i);
	}
	/* an only child stands for its parent */
	while (top->parent && info(top->parent) && !html_is(top->parent, "body") &&
	       xmlChildElementCount(top->parent) == 1)
		top = top->parent;
	return top;
}

static int ends_sentence(const xmlNode *n)
{
	strbuf b = {0};
	html_text(n, &b, NULL);
	const char *t = html_trimmed(&b);
	size_t len = strlen(t);
	int yes = len && (t[len - 1] == '.' || t[len - 1] == '!' || t[len - 1] == '?');
	sb_free(&b);
	return yes;
}

static int sibling_fits(const xmlNode *s, const xmlNode *top, double threshold)
{
	const node_info *i = info(s), *t = info(top);
	if (!i || i->boilerplate)
		return 0;
	const char *cls = html_attr(s, "class"), *tcls = html_attr(top, "class");
	double bonus = cls && tcls && cls[0] && !strcmp(cls, tcls) ? final_score(t) * 0.2 : 0;
	if (i->scored && final_score(i) + bonus >= threshold)
		return 1;
	if (!html_is(s, "p"))
		return 0;
	if (i->text > 80 && density(i) < 0.25)
		return 1;
	return i->text > 0 && density(i) == 0 && ends_sentence(s);
}

static void choose(html_readable *r, const xmlNode *top)
{
	double threshold = final_score(info(top)) * 0.2;
	threshold = threshold > 10 ? threshold : 10;
	for (const xmlNode *s = top->parent ? top->parent->children : top; s; s = s->next) {
		if (r->nparts == HTML_READABLE_PARTS)
			break;
		if (s == top || (s->type == XML_ELEMENT_NODE && sibling_fits(s, top, threshold)))
			r->parts[r->nparts++] = s;
		if (!top->parent)
			break;
	}
}

/* One reading of the page; the characters of the article it found. */
static size_t find_once(pass *p, xmlNode *root)
{
	html_readable *r = p->r;
	memset(r->info, 0, r->ninfo * sizeof(*r->info));
	r->nparts = 0;
	p->next = 1;
	root->_private = &r->info[0];
	measure(p, root, 0, 0);
	if (p->forced) {
		r->parts[r->nparts++] = p->forced;
		return info(p->forced)->text;
	}
	score(root, 0);
	const xmlNode *top = NULL;
	best(root, 0, &top);
	if (!top) {
		const xmlNode *b = html_find(root, "body");
		r->parts[r->nparts++] = b ? b : root;
		return info(r->parts[0]) ? info(r->parts[0])->text : 0;
	}
	choose(r, climb(top));
	size_t text = 0;
	for (size_t i = 0; i < r->nparts; i++)
		text += info(r->parts[i]) ? info(r->parts[i])->text : 0;
	return text;
}

#define SHORT_ARTICLE 500 /* characters: less, and class words may have hidden it */

int html_readable_find(xmlDoc *doc, const html_selector *body, html_selector *const *drop,
                       size_t ndrop, html_readable *r)
{
	memset(r, 0, sizeof(*r));
	xmlNode *root = xmlDocGetRootElement(doc);
	if (!root)
		return 0;
	r->ninfo = 1 + count_elements(root, 0);
	r->info = calloc(r->ninfo, sizeof(*r->info));
	if (!r->info)
		return -1;
	pass p = {r, drop, ndrop, 1, body ? html_select_first(body, root) : NULL, 1};
	size_t strict = find_once(&p, root);
	if (strict >= SHORT_ARTICLE || p.forced)
		return 0;
	/* a layout class ("two-col-sidebar") may wrap the article: read the
	 * page again without class words, and keep the longer reading */
	p.by_words = 0;
	if (find_once(&p, root) <= strict) {
		p.by_words = 1;
		find_once(&p, root);
	}
	return 0;
}

/* Inside the article, boilerplate still goes, and so do blocks that are
 * mostly links (related stories, tag lists) and tiny or inline images. */
int html_readable_skip(const xmlNode *n, void *data)
{
	(void)data;
	static const char *const lists[] = {"ul", "ol", NULL};
	static const char *const boxes[] = {"div", "section", "table", "header", NULL};
	const node_info *i = info(n);
	if (!i)
		return 0;
	if (i->boilerplate)
		return 1;
	if (html_is(n, "img")) {
		const char *src = html_attr(n, "src"), *w = html_attr(n, "width"), *h = html_attr(n, "height");
		return !src || !strncmp(src, "data:", 5) || (w && atoi(w) > 0 && atoi(w) < 50) ||
		       (h && atoi(h) > 0 && atoi(h) < 50);
	}
	if (i->commas >= 10)
		return 0;
	if (html_is_any(n, lists))
		return density(i) > 0.5;
	if (html_is_any(n, boxes))
		return i->weight < 0 || density(i) > 0.5 || (density(i) > 0.25 && i->text < 200);
	return 0;
}

void html_readable_free(html_readable *r)
{
	free(r->info);
	memset(r, 0, sizeof(*r));
}
