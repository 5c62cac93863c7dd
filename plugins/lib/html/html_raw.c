/* html_raw.c — see html_raw.h.  A light tokenizer: comments are passed
 * over whole, tags to their '>' (a quoted attribute value may hold one),
 * and a raw-text element ends at the first "</script" or "</style",
 * whatever the case, as HTML's tokenizer has it; a <pre> or <textarea>
 * is copied whole to its end tag; a tag's attributes past the 256th are
 * left out.  Anything it does not recognise is copied as it is, so a
 * misreading can only leave a body or a run of spaces in. */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "html/html_raw.h"

/* The elements the cut looks inside: the bodies of the first NRAW (script,
 * style) go; pre and the others are copied as they are. */
static const char *const special[] = {"script", "style", "pre", "textarea", "listing"};
#define NRAW 2
#define NSPECIAL (sizeof(special) / sizeof(special[0]))

/* Which of special the element name at s (after '<') is, or -1. */
static int special_at(const char *s, const char *end)
{
	for (size_t i = 0; i < NSPECIAL; i++) {
		size_t n = strlen(special[i]);
		if ((size_t)(end - s) > n && strncasecmp(s, special[i], n) == 0 &&
		    strchr(" \t\n\r\f/>", s[n]))
			return (int)i;
	}
	return -1;
}

/* The '>' that ends the tag whose name starts at s, or NULL: a quote
 * opens a value only right after '=' (spaces allowed between). */
static const char *tag_end(const char *s, const char *end)
{
	int after_eq = 0;
	for (; s < end; s++) {
		if (*s == '>')
			return s;
		if (after_eq && (*s == '"' || *s == '\'')) {
			const char *q = memchr(s + 1, *s, (size_t)(end - s - 1));
			if (!q)
				return NULL;
			s = q;
			after_eq = 0;
		} else if (*s == '=') {
			after_eq = 1;
		} else if (!isspace((unsigned char)*s)) {
			after_eq = 0;
		}
	}
	return NULL;
}

/* A tag keeps at most MAX_ATTRS attributes: libxml2 checks each new
 * attribute of an element against those before it, so 600,000 of them on
 * one element cost half an hour; no reader uses the 257th. */
#define MAX_ATTRS 256

/* Where the copy of the tag [s, gt) stops: at its (MAX_ATTRS + 1)th
 * attribute, else gt.  An attribute starts at a character after spaces
 * that is not a value (after '='); quotes as tag_end reads them. */
static const char *attrs_cut(const char *s, const char *gt)
{
	size_t count = 0;
	int after_eq = 0, after_space = 0;
	for (const char *p = s; p < gt; p++) {
		if (isspace((unsigned char)*p)) {
			after_space = 1;
			continue;
		}
		if (after_eq && (*p == '"' || *p == '\'')) {
			p = memchr(p + 1, *p, (size_t)(gt - p - 1));
			if (!p)
				return gt;
		} else if (*p != '=' && *p != '/' && after_space && !after_eq && ++count > MAX_ATTRS) {
			return p;
		}
		after_eq = *p == '=';
		after_space = 0;
	}
	return gt;
}

/* Copies the tag [s, next) (its '>' at gt), without the attributes past
 * MAX_ATTRS. */
static char *copy_tag(char *o, const char *s, const char *gt, const char *next)
{
	const char *cut = attrs_cut(s, gt);
	while (cut < gt && isspace((unsigned char)cut[-1])) /* and the spaces before it */
		cut--;
	memcpy(o, s, (size_t)(cut - s));
	o += cut - s;
	if (cut < gt && gt[-1] == '/')
		*o++ = '/';
	memcpy(o, gt, (size_t)(next - gt));
	return o + (next - gt);
}

/* The first "</NAME" at or after s, any case, or NULL. */
static const char *end_tag(const char *s, const char *end, const char *name)
{
	size_t n = strlen(name);
	while ((s = memchr(s, '<', (size_t)(end - s))) && (size_t)(end - s) >= n + 2) {
		if (s[1] == '/' && strncasecmp(s + 2, name, n) == 0)
			return s;
		s++;
	}
	return NULL;
}

/* end_tag, remembered per element: a search from inside the span the last
 * one covered has the same answer, so 120,000 unclosed <script> tags cost
 * one scan to the end, not one each (the cut stays linear). */
typedef struct end_memo {
	const char *from, *found; /* the last search, and its answer (NULL: none) */
} end_memo;

static const char *end_tag_memo(end_memo *m, const char *s, const char *end, const char *name)
{
	if (m->from && s >= m->from && (!m->found || s <= m->found))
		return m->found;
	m->from = s;
	m->found = end_tag(s, end, name);
	return m->found;
}

/* A script whose start tag names JSON in its type (application/ld+json). */
static int keeps_body(const char *name, const char *tag, const char *gt)
{
	if (strcmp(name, "script") != 0)
		return 0;
	for (const char *p = tag; p + 4 <= gt; p++)
		if (strncasecmp(p, "json", 4) == 0)
			return 1;
	return 0;
}

static const char *comment_end(const char *s, const char *end)
{
	for (const char *p = s + 4; p + 3 <= end; p++)
		if (p[0] == '-' && p[1] == '-' && p[2] == '>')
			return p + 3;
	return end;
}

static int is_space(char c)
{
	return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f';
}

/* Copies text, each run of two or more spaces as one: a newline when the
 * run held one, else a space. */
static char *copy_text(char *o, const char *s, const char *end)
{
	while (s < end) {
		if (!is_space(*s)) {
			*o++ = *s++;
			continue;
		}
		const char *run = s;
		int newline = 0;
		for (; s < end && is_space(*s); s++)
			newline |= *s == '\n' || *s == '\r';
		*o++ = s - run == 1 ? *run : newline ? '\n' : ' ';
	}
	return o;
}

size_t html_cut_raw_text(const char *in, size_t len, char *out)
{
	const char *s = in, *end = in + len;
	char *o = out;
	end_memo memo[NSPECIAL] = {{0}};
	while (s < end) {
		const char *lt = memchr(s, '<', (size_t)(end - s)), *next = end;
		o = copy_text(o, s, lt ? lt : end);
		s = lt ? lt : end;
		if (lt && end - lt >= 4 && memcmp(lt, "<!--", 4) == 0) {
			next = comment_end(lt, end);
		} else if (lt && lt + 1 < end && (isalpha((unsigned char)lt[1]) || lt[1] == '/')) {
			const char *gt = tag_end(lt + 1, end);
			int k = gt ? special_at(lt + 1, end) : -1;
			const char *close = k >= 0 ? end_tag_memo(&memo[k], gt + 1, end, special[k]) : NULL;
			next = gt ? gt + 1 : end;
			if (close && k >= NRAW) { /* whitespace as it is, to the end tag */
				next = close;
			} else if (close) { /* copy up to the body (or through it), go on at the end tag */
				next = keeps_body(special[k], lt, gt) ? close : gt + 1;
				o = copy_tag(o, s, gt, next);
				s = close;
				continue;
			}
			if (gt && k < 0) {
				o = copy_tag(o, s, gt, next);
				s = next;
				continue;
			}
		} else if (lt) {
			next = lt + 1;
		}
		memcpy(o, s, (size_t)(next - s));
		o += next - s;
		s = next;
	}
	return (size_t)(o - out);
}
