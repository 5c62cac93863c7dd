/* text_out.c — body blocks to HTML or plain text (see text_out.h). */
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>

#include "text/text_out.h"

/* Length of the UTF-8 sequence at s (up to n bytes) and its code point in
 * *cp; 0 when it is not well-formed (overlong, surrogate, past U+10FFFF). */
static size_t utf8_next(const unsigned char *s, size_t n, unsigned *cp)
{
	unsigned c = s[0];
	size_t len = c < 0x80 ? 1 : c >= 0xC2 && c < 0xE0 ? 2 : c >= 0xE0 && c < 0xF0 ? 3
	           : c >= 0xF0 && c < 0xF5 ? 4 : 0;
	if (!len || len > n)
		return 0;
	*cp = len == 1 ? c : c & (0x7F >> len);
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		*cp = *cp << 6 | (s[i] & 0x3F);
	}
	static const unsigned least[] = {0, 0, 0x80, 0x800, 0x10000};
	if (*cp < least[len] || *cp > 0x10FFFF || (*cp >= 0xD800 && *cp <= 0xDFFF))
		return 0;
	return len;
}

static int forbidden(unsigned cp)
{
	return (cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') || (cp >= 0x7F && cp <= 0x9F) ||
	       (cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE;
}

int sb_add_clean(strbuf *b, const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t start = 0, i = 0;
	int rc = 0;
	while (!rc && i < n) {
		unsigned cp;
		if (u[i] >= 0x20 && u[i] < 0x7F) { /* the common case */
			i++;
			continue;
		}
		size_t len = utf8_next(u + i, n - i, &cp);
		if (len && !forbidden(cp)) {
			i += len;
			continue;
		}
		rc = sb_add(b, s + start, i - start);
		if (!rc && !len)
			rc = sb_puts(b, "\xEF\xBF\xBD");
		i += len ? len : 1;
		start = i;
	}
	return rc || sb_add(b, s + start, n - start);
}

size_t text_utf8_error(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	unsigned cp;
	size_t i = 0;
	while (i < n) {
		uint64_t w; /* a web page is mostly ASCII: eight bytes at a time */
		while (i + 8 <= n && (memcpy(&w, u + i, 8), !(w & UINT64_C(0x8080808080808080))))
			i += 8;
		if (i < n && u[i] < 0x80) {
			i++;
			continue;
		}
		size_t len = i < n ? utf8_next(u + i, n - i, &cp) : 1;
		if (!len)
			return i;
		i += len;
	}
	return n;
}

char *text_clean(const char *s)
{
	strbuf b = {0};
	if (sb_add_clean(&b, s, strlen(s)) || (!b.s && sb_puts(&b, ""))) {
		sb_free(&b);
		return NULL;
	}
	return b.s;
}

int sb_html_escaped(strbuf *b, const char *s)
{
	int rc = 0;
	while (!rc && *s) {
		size_t plain = strcspn(s, "&<>\"'");
		rc = sb_add_clean(b, s, plain);
		s += plain;
		if (rc || !*s)
			break;
		switch (*s++) {
		case '&': rc = sb_puts(b, "&amp;"); break;
		case '<': rc = sb_puts(b, "&lt;"); break;
		case '>': rc = sb_puts(b, "&gt;"); break;
		case '"': rc = sb_puts(b, "&quot;"); break;
		default: rc = sb_puts(b, "&#39;"); break;
		}
	}
	return rc;
}

/* <tag>text</tag>, the text escaped. */
static int element(strbuf *b, const char *open, const char *text, const char *close)
{
	return sb_puts(b, open) || sb_html_escaped(b, text) || sb_puts(b, close);
}

int text_list_next(const char **text, const char **item, size_t *len)
{
	while (**text) {
		const char *t = *text;
		size_t n = strcspn(t, "\n");
		*text += n + (t[n] == '\n');
		if (n && (t[0] == '-' || t[0] == '*'))
			t++, n--;
		else if (n >= 3 && !strncmp(t, "\xE2\x80\xA2", 3))
			t += 3, n -= 3;
		while (n && *t == ' ')
			t++, n--;
		if (n) {
			*item = t;
			*len = n;
			return 1;
		}
	}
	return 0;
}

static int list_html(strbuf *b, const char *text)
{
	const char *t;
	size_t n;
	int rc = sb_puts(b, "<ul>\n");
	while (!rc && text_list_next(&text, &t, &n)) {
		char *item = strndup(t, n);
		rc = !item || element(b, "<li>", item, "</li>\n");
		free(item);
	}
	return rc || sb_puts(b, "</ul>");
}

const char *text_get(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

static int block_html(const json_t *block, strbuf *b)
{
	const char *type = text_get(block, "type"), *text = text_get(block, "text");
	if (!type)
		return 0;
	if (!text)
		text = "";
	if (strcmp(type, "heading") == 0) {
		json_t *lv = json_object_get(block, "level");
		int level = json_is_integer(lv) ? (int)json_integer_value(lv) : 2;
		char open[8], close[8];
		if (level < 1 || level > 6)
			level = 2;
		snprintf(open, sizeof(open), "<h%d>", level);
		snprintf(close, sizeof(close), "</h%d>", level);
		return element(b, open, text, close);
	}
	if (strcmp(type, "quote") == 0) {
		const char *speaker = text_get(block, "speaker");
		int rc = element(b, "<blockquote><p>", text, "</p>");
		if (!rc && speaker && speaker[0])
			rc = element(b, "<footer>\xE2\x80\x94 <cite>", speaker, "</cite></footer>");
		return rc || sb_puts(b, "</blockquote>");
	}
	if (strcmp(type, "list") == 0)
		return list_html(b, text);
	if (strcmp(type, "caption") == 0)
		return element(b, "<p class=\"caption\">", text, "</p>");
	if (strcmp(type, "image") == 0 || strcmp(type, "embed") == 0)
		return text[0] ? element(b, "<p class=\"embed\">", text, "</p>") : 0;
	return element(b, "<p>", text, "</p>");
}

int text_body_html(const json_t *body, strbuf *out)
{
	int rc = 0;
	for (size_t i = 0; !rc && i < json_array_size(body); i++) {
		rc = block_html(json_array_get(body, i), out);
		if (!rc)
			rc = sb_puts(out, "\n");
	}
	return rc;
}

int text_body_plain(const json_t *body, strbuf *out)
{
	int rc = 0;
	for (size_t i = 0; !rc && i < json_array_size(body); i++) {
		const char *text = text_get(json_array_get(body, i), "text");
		if (!text || !text[0])
			continue;
		if (out->len)
			rc = sb_puts(out, "\n\n");
		if (!rc)
			rc = sb_puts(out, text);
	}
	return rc;
}

static int is_word_byte(unsigned char c)
{
	return c >= 0x80 || (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

size_t text_word_count(const char *s)
{
	size_t words = 0;
	while (*s) {
		s += strspn(s, " \t\n\r");
		size_t n = strcspn(s, " \t\n\r");
		int word = 0;
		for (size_t i = 0; i < n && !word; i++)
			word = is_word_byte((unsigned char)s[i]);
		words += word;
		s += n;
	}
	return words;
}

size_t text_char_count(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}
