/* wp_content.c — WordPress post content into HTML (see wp_content.h). */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "article/caption.h"
#include "html/wp_content.h"

/* Is s a shortcode tag called name ("[name]", "[name attr…]")? */
static int is_tag(const char *s, const char *name)
{
	size_t n = strlen(name);
	return s[0] == '[' && !strncmp(s + 1, name, n) && (s[n + 1] == ']' || s[n + 1] == ' ');
}

/* The value of attr="…" in the tag from s to end, into out. */
static void tag_attr(const char *s, const char *end, const char *attr, char *out, size_t size)
{
	char key[32];
	snprintf(key, sizeof(key), " %s=\"", attr);
	const char *at = strstr(s, key);
	out[0] = '\0';
	if (!at || at > end)
		return;
	at += strlen(key);
	const char *q = strchr(at, '"');
	if (q && q < end)
		snprintf(out, size, "%.*s", (int)(q - at), at);
}

/* [caption …]<a><img …></a> Text. Photo: Credit[/caption] */
static int caption(const char *s, const char *close, strbuf *out)
{
	const char *open_end = strchr(s, ']');
	const char *inner = open_end + 1, *img = strstr(inner, "<img");
	const char *img_end = img && img < close ? strchr(img, '>') : NULL;
	if (!img_end || img_end > close)
		img_end = inner - 1;
	const char *after = img_end + 1;
	if (!strncasecmp(after, "</a>", 4))
		after += 4;
	char text[4096];
	snprintf(text, sizeof(text), "%.*s", (int)(close - after), after);
	if (!text[strspn(text, " \n")]) /* older exports: the caption in an attribute */
		tag_attr(s, open_end, "caption", text, sizeof(text));
	const char *credit = NULL, *at = caption_credit(text, &credit);
	int rc = sb_puts(out, "<figure>") || sb_add(out, inner, (size_t)(after - inner)) ||
	         sb_puts(out, "<figcaption>") || sb_add(out, text, at ? (size_t)(at - text) : strlen(text));
	if (!rc && credit)
		rc = sb_puts(out, "<small>") || sb_puts(out, credit) || sb_puts(out, "</small>");
	return rc || sb_puts(out, "</figcaption></figure>");
}

/* [embed]URL[/embed], [video src="…"][/video], [audio src="…"] */
static int embed(const char *s, const char *open_end, const char *close, strbuf *out)
{
	char url[2048];
	if (close)
		snprintf(url, sizeof(url), "%.*s", (int)(close - open_end - 1), open_end + 1);
	if (!close || !url[0] || url[0] == '[')
		tag_attr(s, open_end, "src", url, sizeof(url));
	if (!url[0])
		tag_attr(s, open_end, "mp4", url, sizeof(url));
	return url[0] && (sb_puts(out, "\n\n<p class=\"embed\">") || sb_puts(out, url) || sb_puts(out, "</p>\n\n"));
}

/* The content with its shortcodes expanded. */
static int shortcodes(const char *s, strbuf *out)
{
	static const char *const media[] = {"embed", "video", "audio"};
	static const char *const dropped[] = {"gallery", "playlist"};
	for (;;) {
		const char *b = strchr(s, '[');
		if (!b)
			return sb_puts(out, s);
		if (sb_add(out, s, (size_t)(b - s)))
			return -1;
		const char *open_end = strchr(b, ']');
		const char *next = b + 1;
		int rc = 0, done = 0;
		if (open_end && (is_tag(b, "caption") || is_tag(b, "wp_caption"))) {
			const char *close = strstr(open_end, is_tag(b, "caption") ? "[/caption]" : "[/wp_caption]");
			if (close) {
				rc = caption(b, close, out);
				next = strchr(close, ']') + 1;
				done = 1;
			}
		}
		for (size_t i = 0; !done && open_end && i < 3; i++) {
			if (!is_tag(b, media[i]))
				continue;
			char end_tag[16];
			snprintf(end_tag, sizeof(end_tag), "[/%s]", media[i]);
			const char *close = strstr(open_end, end_tag);
			rc = embed(b, open_end, close, out);
			next = close ? close + strlen(end_tag) : open_end + 1;
			done = 1;
		}
		for (size_t i = 0; !done && open_end && i < 2; i++)
			if (is_tag(b, dropped[i]))
				next = open_end + 1, done = 1;
		if ((!done && sb_add(out, b, 1)) || rc)
			return -1;
		s = next;
	}
}

static int starts_block(const char *s)
{
	static const char *const tags[] = {"<p", "<h1", "<h2", "<h3", "<h4", "<h5", "<h6", "<ul", "<ol",
	                                   "<blockquote", "<figure", "<div", "<table", "<pre", "<hr",
	                                   "<section", "<!--", "<dl", "<address", NULL};
	for (const char *const *t = tags; *t; t++) {
		size_t n = strlen(*t);
		if (!strncasecmp(s, *t, n) && (!strcmp(*t, "<!--") || strchr(" >/\n", s[n])))
			return 1;
	}
	return 0;
}

/* wpautop, simply: a run of lines between blank lines that does not open
 * a block element is a paragraph. */
static int autop(const char *s, strbuf *out)
{
	while (*s) {
		s += strspn(s, " \t\r\n");
		const char *end = s;
		while (*end && !(end[0] == '\n' && end[strspn(end + 1, " \t\r") + 1] == '\n'))
			end++;
		size_t n = (size_t)(end - s);
		if (n && (starts_block(s) ? sb_add(out, s, n)
		                          : sb_puts(out, "<p>") || sb_add(out, s, n) || sb_puts(out, "</p>")))
			return -1;
		if (n && sb_puts(out, "\n"))
			return -1;
		s = end;
	}
	return 0;
}

int wp_content_html(const char *content, strbuf *out)
{
	strbuf expanded = {0};
	int rc = shortcodes(content, &expanded) || autop(expanded.s ? expanded.s : "", out);
	sb_free(&expanded);
	return rc ? -1 : 0;
}
