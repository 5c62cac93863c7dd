/* export/text — one DIR/ID.txt per article in plain UTF-8 text, laid out
 * the way import/text reads it: kicker and headline lines, the lede with
 * `Pictured:` caption and `Photo:` credit markers, paragraphs separated by
 * blank lines, subheadings on lines of their own, quotes opening with a
 * speech dash, lists as `- ` bullets.  With `front_matter: true` the
 * metadata comes first as YAML front matter (lib/front_matter), so the
 * file reads back into the same article. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "article/article_doc.h"
#include "io/export_path.h"
#include "io/front_matter.h"
#include "galley/plugin.h"
#include "text/text_out.h"

static const galley_host *H;

static const galley_setting settings[] = {
	EXPORT_DIR_SETTING("text"),
	GALLEY_SETTING("front_matter", BOOL, "false", "begin with the metadata as YAML front matter"),
	GALLEY_SETTING("caption_marker", STRING, "Pictured:", "what introduces a caption in the lede"),
	GALLEY_SETTING("credit_marker", STRING, "Photo:", "what introduces a photo credit"),
	{0},
};

static int text_init(const galley_host *host, galley_ctx *ctx, void **state)
{
	H = host;
	*state = NULL;
	(void)host;
	(void)ctx;
	return GALLEY_OK;
}

/* A paragraph: text on one line (line breaks become spaces), then a blank
 * line. */
static int para(strbuf *b, const char *prefix, const char *text)
{
	int rc = sb_puts(b, prefix);
	for (const char *s = text; !rc && *s;) {
		size_t n = strcspn(s, "\n");
		rc = sb_add_clean(b, s, n);
		s += n;
		if (*s && !rc)
			rc = sb_puts(b, " ");
		s += *s == '\n';
	}
	return rc || sb_puts(b, "\n\n");
}

/* The lede: the standfirst with the first image's caption and credit. */
static int lede(strbuf *b, galley_ctx *ctx, const json_t *art)
{
	const char *standfirst = text_get(art, "standfirst"), *caption = NULL, *credit = NULL;
	size_t i;
	json_t *m;
	json_array_foreach(json_object_get(art, "media"), i, m)
		if (!caption && !credit && text_get(m, "type") && !strcmp(text_get(m, "type"), "image")) {
			caption = text_get(m, "caption");
			credit = text_get(m, "credit");
		}
	strbuf l = {0};
	int rc = sb_puts(&l, standfirst ? standfirst : "");
	if (!rc && caption)
		rc = (l.len && sb_puts(&l, " ")) || sb_puts(&l, H->setting_string(ctx, "caption_marker")) ||
		     sb_puts(&l, " ") || sb_puts(&l, caption);
	if (!rc && credit)
		rc = (l.len && sb_puts(&l, " ")) || sb_puts(&l, H->setting_string(ctx, "credit_marker")) ||
		     sb_puts(&l, " ") || sb_puts(&l, credit) ||
		     (credit[strlen(credit) - 1] != '.' && sb_puts(&l, "."));
	if (!rc && l.len)
		rc = para(b, "", l.s);
	sb_free(&l);
	return rc;
}

static int list(strbuf *b, const char *text)
{
	int rc = 0;
	while (!rc && *text) {
		size_t n = strcspn(text, "\n");
		rc = n && (sb_puts(b, "- ") || sb_add_clean(b, text, n) || sb_puts(b, "\n"));
		text += n + (text[n] == '\n');
	}
	return rc || sb_puts(b, "\n");
}

/* A quote opens with a speech dash; the speaker follows it after an em
 * dash unless the paragraph before names them already ("..., says Ann
 * O'Hara."), as import/text reads it. */
static int block(strbuf *b, const json_t *blk, const json_t *before)
{
	const char *type = text_get(blk, "type"), *text = text_get(blk, "text");
	if (!type || !text || !text[0])
		return 0;
	if (strcmp(type, "list") == 0)
		return list(b, text);
	if (strcmp(type, "quote") != 0)
		return para(b, "", text);
	const char *speaker = text_get(blk, "speaker"), *prev = text_get(before, "text");
	if (!speaker || !speaker[0] || (prev && strstr(prev, speaker)))
		return para(b, "\xE2\x80\x93 ", text);
	strbuf q = {0};
	int rc = sb_puts(&q, text) || sb_puts(&q, " \xE2\x80\x94 ") || sb_puts(&q, speaker) ||
	         para(b, "\xE2\x80\x93 ", q.s);
	sb_free(&q);
	return rc;
}

static int to_text(galley_ctx *ctx, const json_t *art, strbuf *b)
{
	size_t i;
	json_t *blk;
	int with_meta = H->setting_bool(ctx, "front_matter");
	int rc = with_meta ? front_matter(art, b) : 0;
	if (!rc && !with_meta && text_get(art, "kicker")) /* else the front matter has them */
		rc = para(b, "", text_get(art, "kicker"));
	if (!rc && !with_meta)
		rc = para(b, "", text_get(art, "headline") ? text_get(art, "headline") : "");
	rc = rc || lede(b, ctx, art);
	char *by = rc || with_meta ? NULL : doc_byline(art);
	if (!rc && !with_meta && (!by || (by[0] && para(b, "", by))))
		rc = -1;
	free(by);
	const json_t *body = json_object_get(art, "body");
	json_array_foreach(body, i, blk)
		rc = rc || block(b, blk, i ? json_array_get(body, i - 1) : NULL);
	if (!rc && b->len > 1) /* one final newline */
		b->s[--b->len] = '\0';
	return rc;
}

static int text_write(void *state, galley_ctx *ctx, const json_t *art, char **out, size_t *len)
{
	(void)state;
	strbuf b = {0};
	int rc = to_text(ctx, art, &b);
	*out = b.s;
	*len = b.len;
	return rc;
}

static int text_process(void *state, galley_ctx *ctx, galley_article *a)
{
	return doc_export(H, ctx, a, "txt", text_write, state);
}

/* The reference `galley plugins --markdown` prints (plugins/README.md). */
static const char reference[] =
	"`DIR/ID.txt` per article in plain UTF-8, in the layout\n"
	"`import/text` reads: kicker and headline lines, the lede (standfirst, then\n"
	"`Pictured:` caption and `Photo:` credit), paragraphs separated by blank lines,\n"
	"subheadings on their own line, quotes opening with `– ` (the speaker after `—`\n"
	"unless the paragraph before names them), lists as `- ` lines. With\n"
	"`front_matter: true` the metadata is YAML front matter instead of the first\n"
	"lines, and `import/text` reads the file back into the same headline, lede,\n"
	"image and blocks (`tests/exports.t` checks it). Settings: `dir` (default\n"
	"`text`), `front_matter` (default false), `caption_marker` (`Pictured:`),\n"
	"`credit_marker` (`Photo:`).\n";

GALLEY_PLUGIN_DEFINE(.name = "export/text", .doc = reference,
                     .description = "writes each article as plain text that import/text reads back (DIR/ID.txt)",
                     .role = GALLEY_ROLE_SINK, .settings = settings, .init = text_init,
                     .process = text_process)
