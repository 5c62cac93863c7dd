/* html_select.c — a small CSS selector reader and matcher (see
 * html_select.h).  A selector is kept as its compounds from right to
 * left, so matching starts at the element and walks up its ancestors. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "html/html_node.h"
#include "html/html_select.h"

#define PARTS_MAX 16

typedef struct cond {
	char kind;   /* '#', '.', '[' (attribute), '=' '~' '^' '*' (attribute with value) */
	char *name;  /* id, class or attribute */
	char *value; /* attribute value, or NULL */
} cond;

typedef struct compound {
	char *tag; /* NULL: any */
	cond conds[PARTS_MAX];
	size_t nconds;
	int child; /* joined to the compound on its left by '>' */
} compound;

typedef struct complex {
	compound parts[PARTS_MAX]; /* left to right */
	size_t nparts;
} complex;

struct html_selector {
	complex *alts;
	size_t nalts;
};

static int name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
	       c == '_' || (unsigned char)c >= 0x80;
}

static char *name_at(const char **s)
{
	const char *start = *s;
	while (name_char(**s))
		(*s)++;
	return *s > start ? strndup(start, (size_t)(*s - start)) : NULL;
}

static int fail(char *err, size_t size, const char *what, const char *at)
{
	snprintf(err, size, "%s at '%.20s'", what, at);
	return -1;
}

/* [attr], [attr=value], [attr~=value], [attr^="value"], [attr*=value] */
static int attribute(const char **s, cond *c, char *err, size_t size)
{
	(*s)++;
	c->kind = '[';
	if (!(c->name = name_at(s)))
		return fail(err, size, "an attribute name is missing", *s);
	if (strchr("~^*", **s) && (*s)[1] == '=')
		c->kind = *(*s)++;
	if (**s == '=') {
		(*s)++;
		c->kind = c->kind == '[' ? '=' : c->kind;
		char quote = (**s == '"' || **s == '\'') ? *(*s)++ : 0;
		const char *start = *s;
		while (**s && (quote ? **s != quote : **s != ']'))
			(*s)++;
		c->value = strndup(start, (size_t)(*s - start));
		if (quote && **s == quote)
			(*s)++;
	}
	if (**s != ']')
		return fail(err, size, "']' expected", *s);
	(*s)++;
	return 0;
}

static int compound_at(const char **s, compound *cp, char *err, size_t size)
{
	if (**s == '*')
		(*s)++;
	else
		cp->tag = name_at(s);
	while (**s == '#' || **s == '.' || **s == '[') {
		if (cp->nconds == PARTS_MAX)
			return fail(err, size, "too many conditions", *s);
		cond *c = &cp->conds[cp->nconds++];
		if (**s == '[') {
			if (attribute(s, c, err, size))
				return -1;
			continue;
		}
		c->kind = *(*s)++;
		if (!(c->name = name_at(s)))
			return fail(err, size, "a name is missing", *s);
	}
	if (**s == ':' || **s == '+' || **s == '~')
		return fail(err, size, "pseudo-classes and sibling combinators are not supported", *s);
	return 0;
}

static int complex_at(const char **s, complex *cx, char *err, size_t size)
{
	int child = 0;
	for (;;) {
		*s += strspn(*s, " \t\n");
		if (!**s || **s == ',')
			break;
		if (**s == '>') {
			(*s)++;
			child = 1;
			continue;
		}
		if (cx->nparts == PARTS_MAX)
			return fail(err, size, "too many parts", *s);
		compound *cp = &cx->parts[cx->nparts++];
		const char *before = *s;
		if (compound_at(s, cp, err, size))
			return -1;
		if (*s == before)
			return fail(err, size, "a selector was expected", *s);
		cp->child = child && cx->nparts > 1;
		child = 0;
	}
	return cx->nparts ? 0 : fail(err, size, "an empty selector", *s);
}

html_selector *html_select_parse(const char *text, char *err, size_t size)
{
	html_selector *sel = calloc(1, sizeof(*sel));
	for (const char *s = text; sel && *s;) {
		complex *more = realloc(sel->alts, (sel->nalts + 1) * sizeof(*more));
		if (!more)
			break;
		sel->alts = more;
		memset(&sel->alts[sel->nalts], 0, sizeof(*more));
		if (complex_at(&s, &sel->alts[sel->nalts++], err, size)) {
			html_select_free(sel);
			return NULL;
		}
		s += *s == ',';
	}
	if (sel && !sel->nalts) {
		snprintf(err, size, "an empty selector");
		html_select_free(sel);
		return NULL;
	}
	if (!sel)
		snprintf(err, size, "out of memory");
	return sel;
}

void html_select_free(html_selector *sel)
{
	for (size_t a = 0; sel && a < sel->nalts; a++)
		for (size_t p = 0; p < sel->alts[a].nparts; p++) {
			compound *cp = &sel->alts[a].parts[p];
			free(cp->tag);
			for (size_t c = 0; c < cp->nconds; c++) {
				free(cp->conds[c].name);
				free(cp->conds[c].value);
			}
		}
	if (sel)
		free(sel->alts);
	free(sel);
}

static int has_word(const char *list, const char *word)
{
	size_t len = strlen(word);
	for (const char *at = list; at && (at = strstr(at, word)); at += len)
		if ((at == list || at[-1] == ' ') && (at[len] == '\0' || at[len] == ' '))
			return 1;
	return 0;
}

static int cond_match(const cond *c, const xmlNode *n)
{
	if (c->kind == '.')
		return html_has_class(n, c->name);
	const char *v = html_attr(n, c->kind == '#' ? "id" : c->name);
	switch (c->kind) {
	case '#': return v && !strcmp(v, c->name);
	case '[': return v != NULL;
	case '=': return v && !strcmp(v, c->value);
	case '~': return v && has_word(v, c->value);
	case '^': return v && !strncmp(v, c->value, strlen(c->value));
	default: return v && strstr(v, c->value);
	}
}

static int compound_match(const compound *cp, const xmlNode *n)
{
	if (!n || n->type != XML_ELEMENT_NODE || (cp->tag && strcasecmp((const char *)n->name, cp->tag)))
		return 0;
	for (size_t i = 0; i < cp->nconds; i++)
		if (!cond_match(&cp->conds[i], n))
			return 0;
	return 1;
}

/* The compounds against n and its ancestors, right to left, each taking
 * the nearest ancestor that fits (greedy: linear in the depth, whatever
 * the page; exact for descendant chains, the common case). */
static int complex_match(const complex *cx, const xmlNode *n)
{
	size_t i = cx->nparts - 1;
	if (!compound_match(&cx->parts[i], n))
		return 0;
	for (const xmlNode *up = n->parent; i > 0; up = up->parent) {
		if (!up || up->type != XML_ELEMENT_NODE)
			return 0;
		if (compound_match(&cx->parts[i - 1], up))
			i--;
		else if (cx->parts[i].child)
			return 0;
	}
	return 1;
}

int html_select_match(const html_selector *sel, const xmlNode *n)
{
	for (size_t a = 0; a < sel->nalts; a++)
		if (complex_match(&sel->alts[a], n))
			return 1;
	return 0;
}

static const xmlNode *first_in(const html_selector *sel, const xmlNode *n, int depth)
{
	for (const xmlNode *c = n->children; c && depth < HTML_MAX_DEPTH; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (html_select_match(sel, c))
			return c;
		const xmlNode *in = first_in(sel, c, depth + 1);
		if (in)
			return in;
	}
	return NULL;
}

const xmlNode *html_select_first(const html_selector *sel, const xmlNode *root)
{
	return first_in(sel, root, 0);
}
