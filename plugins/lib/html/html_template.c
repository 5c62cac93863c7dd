/* html_template.c — context-escaped HTML templates (see html_template.h).
 * The parser follows the template the way an HTML tokenizer would, just
 * far enough to know where each placeholder stands: in text, in a quoted
 * attribute value (and which attribute), inside <script>, <style>,
 * <title>/<textarea> or a comment. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "html/html_template.h"
#include "text/url_safe.h"

typedef enum state { S_DATA, S_TAG, S_VALUE, S_UNQUOTED, S_RAW, S_COMMENT, S_DECL } state;

typedef struct parser {
	tpl *t;
	const char *s;
	size_t i, line, literal;
	state st;
	char quote;         /* of the attribute value */
	int url, value_start;
	char raw[16];       /* script, style, title, textarea: until </raw */
	char tag[16];
	int (*known)(const char *, size_t);
	tpl_is_html_fn is_html;
	char *err;
	size_t errsize;
} parser;

static int fail(parser *p, const char *fmt, const char *name, size_t len)
{
	char msg[200];
	snprintf(msg, sizeof(msg), fmt, (int)len, name);
	snprintf(p->err, p->errsize, "line %zu: %s", p->line, msg);
	return -1;
}

static int add_part(parser *p, const char *text, size_t len, int field, tpl_context c)
{
	tpl_part *grown = realloc(p->t->parts, (p->t->nparts + 1) * sizeof(*grown));
	if (!grown)
		return fail(p, "out of memory%.*s", "", 0);
	p->t->parts = grown;
	grown[p->t->nparts++] = (tpl_part){text, len, field, c};
	return 0;
}

static int starts_ci(const char *s, const char *word)
{
	return strncasecmp(s, word, strlen(word)) == 0;
}

/* The context a placeholder at the parser's place stands in, or -1. */
static int context_here(parser *p, const char **why)
{
	switch (p->st) {
	case S_DATA:
		return TPL_TEXT;
	case S_VALUE:
		return p->url ? (p->value_start ? TPL_URL : TPL_URL_PART) : TPL_ATTR;
	case S_RAW:
		if (!strcmp(p->raw, "script"))
			return TPL_SCRIPT;
		if (!strcmp(p->raw, "style")) {
			*why = "inside <style>";
			return -1;
		}
		return TPL_RCDATA;
	case S_COMMENT:
		*why = "inside a comment";
		return -1;
	case S_UNQUOTED:
		*why = "in an unquoted attribute value (quote it)";
		return -1;
	default:
		*why = "inside a tag, outside a quoted attribute value";
		return -1;
	}
}

/* {{ name }} at p->i. */
static int placeholder(parser *p)
{
	const char *s = p->s + p->i + 2, *why = "";
	s += strspn(s, " ");
	size_t n = strspn(s, "abcdefghijklmnopqrstuvwxyz_");
	const char *end = s + n + strspn(s + n, " ");
	if (!n || strncmp(end, "}}", 2) != 0)
		return fail(p, "a placeholder is {{field}}, with a field name in lower case%.*s", "", 0);
	if (!p->known(s, n))
		return fail(p, "unknown field {{%.*s}}", s, n);
	int c = context_here(p, &why);
	if (c < 0) {
		char what[160];
		snprintf(what, sizeof(what), "{{%%.*s}} cannot be escaped %s", why);
		return fail(p, what, s, n);
	}
	if (p->is_html(s, n) && c != TPL_TEXT)
		return fail(p, "{{%.*s}} is HTML: it can only stand in element text", s, n);
	if (add_part(p, p->s + p->literal, p->i - p->literal, 0, TPL_TEXT) ||
	    add_part(p, s, n, 1, (tpl_context)c))
		return -1;
	p->i = (size_t)(end + 2 - p->s);
	p->literal = p->i;
	p->value_start = 0;
	return 0;
}

static void open_tag(parser *p)
{
	const char *s = p->s + p->i + 1;
	size_t n = strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-");
	snprintf(p->tag, sizeof(p->tag), "%.*s", (int)(n < 15 ? n : 15), s);
	for (char *c = p->tag; *c; c++)
		*c = (char)tolower((unsigned char)*c);
	p->st = S_TAG;
	p->i += 1 + n;
}

static void in_data(parser *p)
{
	const char *s = p->s + p->i;
	if (starts_ci(s, "<!--")) {
		p->st = S_COMMENT;
		p->i += 4;
	} else if (s[0] == '<' && (s[1] == '!' || s[1] == '?')) {
		p->st = S_DECL;
		p->i++;
	} else if (s[0] == '<' && s[1] == '/' && isalpha((unsigned char)s[2])) {
		p->i++;
		open_tag(p);
		p->tag[0] = '\0'; /* an end tag opens no raw text */
	} else if (s[0] == '<' && isalpha((unsigned char)s[1])) {
		open_tag(p);
	} else {
		p->i++;
	}
}

static void in_tag(parser *p)
{
	static const char *const url_attrs[] = {"href", "src", "action", "cite", "poster",
	                                        "formaction", NULL};
	const char *s = p->s + p->i;
	if (*s == '>') {
		p->i++;
		p->st = S_DATA;
		if (!strcmp(p->tag, "script") || !strcmp(p->tag, "style") || !strcmp(p->tag, "title") ||
		    !strcmp(p->tag, "textarea")) {
			memcpy(p->raw, p->tag, sizeof(p->raw));
			p->st = S_RAW;
		}
		return;
	}
	size_t n = strcspn(s, " \t\n\r/>=");
	if (!n) {
		p->i++;
		return;
	}
	p->url = 0;
	for (size_t k = 0; url_attrs[k]; k++)
		p->url |= strlen(url_attrs[k]) == n && strncasecmp(s, url_attrs[k], n) == 0;
	const char *v = s + n + strspn(s + n, " \t\n\r");
	if (*v != '=') {
		p->i += n;
		return;
	}
	v += 1 + strspn(v + 1, " \t\n\r");
	p->value_start = 1;
	if (*v == '"' || *v == '\'') {
		p->quote = *v;
		p->st = S_VALUE;
		v++;
	} else {
		p->st = S_UNQUOTED;
	}
	p->i = (size_t)(v - p->s);
}

/* One step: consumes at least one byte, or a placeholder. */
static int step(parser *p)
{
	const char *s = p->s + p->i;
	if (s[0] == '{' && s[1] == '{')
		return placeholder(p);
	if (s[0] == '\n')
		p->line++;
	switch (p->st) {
	case S_DATA:
		in_data(p);
		return 0;
	case S_TAG:
		in_tag(p);
		return 0;
	case S_VALUE:
		if (*s == p->quote)
			p->st = S_TAG;
		p->value_start = 0;
		break;
	case S_UNQUOTED:
		if (strchr(" \t\n\r>", *s)) {
			p->st = S_TAG;
			return 0;
		}
		break;
	case S_RAW:
		if (s[0] == '<' && s[1] == '/' && starts_ci(s + 2, p->raw))
			p->st = S_DATA;
		break;
	case S_COMMENT:
		if (starts_ci(s, "-->")) {
			p->st = S_DATA;
			p->i += 2;
		}
		break;
	case S_DECL:
		if (*s == '>')
			p->st = S_DATA;
		break;
	}
	p->i++;
	return 0;
}

int tpl_parse(tpl *t, char *src, int (*known)(const char *, size_t), tpl_is_html_fn is_html,
              char *err, size_t errsize)
{
	*t = (tpl){src, NULL, 0};
	parser p = {.t = t, .s = src, .line = 1, .st = S_DATA, .known = known, .is_html = is_html,
	            .err = err, .errsize = errsize};
	while (p.s[p.i])
		if (step(&p)) {
			tpl_free(t);
			return -1;
		}
	if (add_part(&p, p.s + p.literal, p.i - p.literal, 0, TPL_TEXT)) {
		tpl_free(t);
		return -1;
	}
	return 0;
}

void tpl_free(tpl *t)
{
	free(t->source);
	free(t->parts);
	*t = (tpl){NULL, NULL, 0};
}

/* A scheme other than http, https and mailto (javascript:, data:, ...)
 * is replaced: the link goes nowhere rather than running code. */
int tpl_escape_url(strbuf *b, const char *s)
{
	s += strspn(s, " \t\n\r");
	if (!url_safe(s, 1))
		return sb_puts(b, "about:invalid#galley-unsafe-url");
	return sb_html_escaped(b, s);
}

static int percent_encoded(strbuf *b, const char *s)
{
	int rc = 0;
	for (; !rc && *s; s++) {
		unsigned char c = (unsigned char)*s;
		char hex[4];
		if (isalnum(c) || strchr("-._~", c)) {
			rc = sb_add(b, s, 1);
		} else {
			snprintf(hex, sizeof(hex), "%%%02X", c);
			rc = sb_puts(b, hex);
		}
	}
	return rc;
}

int tpl_escape_script(strbuf *b, const char *s)
{
	char *clean = text_clean(s);
	int rc = !clean || sb_puts(b, "\"");
	for (const char *c = clean; !rc && c && *c; c++) {
		unsigned char u = (unsigned char)*c;
		char esc[8];
		if (u == 0xE2 && (unsigned char)c[1] == 0x80 && ((unsigned char)c[2] & 0xFE) == 0xA8) {
			rc = sb_puts(b, (unsigned char)c[2] == 0xA8 ? "\\u2028" : "\\u2029");
			c += 2;
		} else if (u < 0x20 || strchr("<>&'\"\\", u)) {
			snprintf(esc, sizeof(esc), "\\u%04x", u);
			rc = sb_puts(b, esc);
		} else {
			rc = sb_add(b, c, 1);
		}
	}
	free(clean);
	return rc || sb_puts(b, "\"");
}

static int escaped(strbuf *b, const tpl_part *part, const char *v, tpl_is_html_fn is_html)
{
	switch (part->context) {
	case TPL_TEXT:
		return is_html(part->text, part->len) ? sb_puts(b, v) : sb_html_escaped(b, v);
	case TPL_URL:
		return tpl_escape_url(b, v);
	case TPL_URL_PART:
		return percent_encoded(b, v);
	case TPL_SCRIPT:
		return tpl_escape_script(b, v);
	default:
		return sb_html_escaped(b, v);
	}
}

int tpl_render(const tpl *t, const char *(*value)(void *, const char *, size_t), void *data,
               tpl_is_html_fn is_html, strbuf *out)
{
	int rc = 0;
	for (size_t i = 0; !rc && i < t->nparts; i++) {
		const tpl_part *part = &t->parts[i];
		if (!part->is_field) {
			rc = sb_add(out, part->text, part->len);
			continue;
		}
		const char *v = value(data, part->text, part->len);
		rc = escaped(out, part, v ? v : "", is_html);
	}
	return rc;
}
