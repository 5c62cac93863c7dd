/* import/markdown — CommonMark files with YAML front matter (Jekyll,
 * Hugo and contributors' own) into articles, parsed by libcmark.
 * Front matter gives the metadata (lib/front_matter_in, which import/text
 * shares); the body's headings, paragraphs, block quotes (a last "— Name"
 * line is the speaker), lists, code and images (the title, or an
 * emphasised paragraph right after, is the caption, with its credit
 * split off by lib/caption) become blocks and media; raw HTML blocks go
 * through lib/html_blocks.  Without a title in front matter, the first
 * level-1 heading is the headline. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmark.h>

#include "article/article_fill.h"
#include "article/caption.h"
#include "io/front_matter_in.h"
#include "galley/plugin.h"
#include "html/html_blocks.h"
#include "io/import_files.h"
#include "text/text_out.h"

static const galley_host *H;

static const galley_setting settings[] = {
	IMPORT_FILE_SETTINGS("Markdown files, such as 'drafts/*.md',", "16777216"),
	{0},
};

#define MARKDOWN_MAX_DEPTH 100 /* cmark nests freely; deeper inlines are read flat */

static int markdown_init(const galley_host *host, galley_ctx *ctx, void **state)
{
	(void)ctx;
	H = host;
	*state = NULL;
	return GALLEY_OK;
}

static int markdown_run(void *state, galley_ctx *ctx)
{
	(void)state;
	return import_list_files(H, ctx, "import/markdown");
}

typedef struct walker {
	galley_article *a;
	int failed;
	int headline_taken;
} walker;

/* The text of a node's inlines: emphasis, links and code as their text,
 * breaks as spaces, inline HTML left out. */
static void inline_text(cmark_node *n, strbuf *b, int depth)
{
	for (cmark_node *c = cmark_node_first_child(n); c; c = cmark_node_next(c)) {
		cmark_node_type t = cmark_node_get_type(c);
		if (t == CMARK_NODE_TEXT || t == CMARK_NODE_CODE)
			sb_puts(b, cmark_node_get_literal(c));
		else if (t == CMARK_NODE_SOFTBREAK || t == CMARK_NODE_LINEBREAK)
			sb_puts(b, " ");
		else if (t != CMARK_NODE_HTML_INLINE && depth < MARKDOWN_MAX_DEPTH)
			inline_text(c, b, depth + 1);
	}
}

static char *text_of(cmark_node *n)
{
	strbuf b = {0};
	inline_text(n, &b, 0);
	char *t = b.s ? strdup(b.s) : NULL;
	sb_free(&b);
	return t;
}

static void add_block(walker *w, const char *type, const char *text, int level, const char *speaker)
{
	size_t i = H->block_count(w->a);
	if (!text || !text[strspn(text, " \n")])
		return;
	if (H->block_insert(w->a, i, type, text) || (level && H->block_set_level(w->a, i, level)) ||
	    (speaker && H->block_set(w->a, i, "speaker", speaker)))
		w->failed = 1;
}

/* A paragraph that is one image (and spaces) is a picture. */
static cmark_node *lone_image(cmark_node *p)
{
	cmark_node *img = NULL;
	for (cmark_node *c = cmark_node_first_child(p); c; c = cmark_node_next(c)) {
		cmark_node_type t = cmark_node_get_type(c);
		if (t == CMARK_NODE_IMAGE && !img)
			img = c;
		else if (!(t == CMARK_NODE_TEXT && !cmark_node_get_literal(c)[strspn(cmark_node_get_literal(c), " ")]) &&
		         t != CMARK_NODE_SOFTBREAK)
			return NULL;
	}
	return img;
}

/* An emphasised paragraph: *The caption.* */
static int is_emphasis_only(cmark_node *p)
{
	cmark_node *c = p ? cmark_node_first_child(p) : NULL;
	return c && !cmark_node_next(c) && cmark_node_get_type(c) == CMARK_NODE_EMPH;
}

/* The picture; returns the node it used up (the caption paragraph
 * after it, or the image's own paragraph). */
static cmark_node *picture(walker *w, cmark_node *para, cmark_node *img)
{
	int i = H->media_add(w->a, "image");
	if (i < 0) {
		w->failed = 1;
		return para;
	}
	char *alt = text_of(img), *cap = NULL;
	const char *title = cmark_node_get_title(img);
	cmark_node *next = cmark_node_next(para);
	if ((!title || !title[0]) && is_emphasis_only(next)) {
		cap = text_of(next);
		title = cap;
		para = next;
	}
	if (H->media_set(w->a, (size_t)i, "href", cmark_node_get_url(img)) ||
	    (alt && alt[0] && H->media_set(w->a, (size_t)i, "alt", alt)) ||
	    (title && title[0] && caption_set(H, w->a, (size_t)i, title)))
		w->failed = 1;
	free(alt);
	free(cap);
	return para;
}

/* > Quote text
 * > — Speaker */
static void quote(walker *w, cmark_node *q)
{
	strbuf text = {0};
	char *speaker = NULL;
	for (cmark_node *c = cmark_node_first_child(q); c; c = cmark_node_next(c)) {
		char *t = text_of(c);
		const char *dashes[] = {"\xE2\x80\x94 ", "\xE2\x80\x93 ", "-- "};
		for (size_t d = 0; t && !cmark_node_next(c) && text.len && d < 3; d++)
			if (!strncmp(t, dashes[d], strlen(dashes[d])))
				speaker = strdup(t + strlen(dashes[d]));
		if (t && !speaker && ((text.len && sb_puts(&text, " ")) || sb_puts(&text, t)))
			w->failed = 1;
		free(t);
	}
	add_block(w, "quote", text.s, 0, speaker);
	free(speaker);
	sb_free(&text);
}

static void list(walker *w, cmark_node *l)
{
	strbuf items = {0};
	for (cmark_node *item = cmark_node_first_child(l); item; item = cmark_node_next(item)) {
		for (cmark_node *c = cmark_node_first_child(item); c; c = cmark_node_next(c)) {
			char *t = text_of(c);
			if (t && t[0] && ((items.len && sb_puts(&items, c == cmark_node_first_child(item) ? "\n" : " ")) ||
			                  sb_puts(&items, t)))
				w->failed = 1;
			free(t);
		}
	}
	add_block(w, "list", items.s, 0, NULL);
	sb_free(&items);
}

static void heading(walker *w, cmark_node *n)
{
	char *t = text_of(n);
	int level = cmark_node_get_heading_level(n);
	if (level == 1 && !w->headline_taken && !H->get(w->a, "headline")) {
		w->headline_taken = 1;
		if (t && H->set(w->a, "headline", t))
			w->failed = 1;
	} else {
		add_block(w, "heading", t, level, NULL);
	}
	free(t);
}

static void blocks(walker *w, cmark_node *doc)
{
	for (cmark_node *c = cmark_node_first_child(doc); c && !w->failed; c = cmark_node_next(c)) {
		cmark_node *img;
		char *t = NULL;
		switch (cmark_node_get_type(c)) {
		case CMARK_NODE_HEADING:
			heading(w, c);
			break;
		case CMARK_NODE_PARAGRAPH:
			if ((img = lone_image(c))) {
				c = picture(w, c, img);
				break;
			}
			add_block(w, "paragraph", t = text_of(c), 0, NULL);
			break;
		case CMARK_NODE_BLOCK_QUOTE:
			quote(w, c);
			break;
		case CMARK_NODE_LIST:
			list(w, c);
			break;
		case CMARK_NODE_CODE_BLOCK: /* as it is, but for the final newline */
			if ((t = strdup(cmark_node_get_literal(c))) && strlen(t) && t[strlen(t) - 1] == '\n')
				t[strlen(t) - 1] = '\0';
			add_block(w, "paragraph", t, 0, NULL);
			break;
		case CMARK_NODE_HTML_BLOCK: {
			const char *html = cmark_node_get_literal(c);
			if (html && html_blocks(H, w->a, html, strlen(html)))
				w->failed = 1;
			break;
		}
		default: /* thematic breaks, custom blocks */
			break;
		}
		free(t);
	}
}

/* The article from the file's text (NUL-terminated); why not into why. */
static int read_markdown(galley_ctx *ctx, galley_article *a, char *text, const char *path, char *why,
                         size_t n)
{
	const char *yaml;
	size_t yaml_len;
	char *body = front_matter_split(text, &yaml, &yaml_len, why, n);
	if (!body || (yaml && front_matter_read(H, a, yaml, yaml_len, why, n)))
		return -1;
	cmark_node *doc = cmark_parse_document(body, strlen(body), CMARK_OPT_VALIDATE_UTF8);
	if (!doc)
		return snprintf(why, n, "out of memory"), -1;
	walker w = {a, 0, 0};
	blocks(&w, doc);
	cmark_node_free(doc);
	if (w.failed || fill(H, a, "language", H->setting_string(ctx, "language")))
		return snprintf(why, n, "out of memory"), -1;
	if (!H->get(a, "headline"))
		return snprintf(why, n, "no headline: no 'title:' in front matter and no '# ' heading"), -1;
	if (!H->block_count(a)) /* a flash: the headline alone */
		H->log(ctx, GALLEY_LOG_WARN, "%s: a headline but no text: imported as a headline only", path);
	const char *file = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	const char *ids[] = {H->get(a, "id"), H->get(a, "headline"), file};
	return fill_id(H, a, ids, 3) ? snprintf(why, n, "out of memory"), -1 : 0;
}

static int markdown_process(void *state, galley_ctx *ctx, galley_article *a)
{
	(void)state;
	char *text, why[300];
	size_t len;
	if (import_read_text(H, ctx, a, "Markdown", &text, &len, NULL, why, sizeof(why)) != GALLEY_OK) {
		if (why[0])
			H->reject(ctx, H->get(a, "source"), why);
		return GALLEY_FAIL;
	}
	char *path = strdup(H->get(a, "source")); /* front matter may set another source */
	size_t bad = text_utf8_error(text, len);
	if (path && bad < len)
		H->log(ctx, GALLEY_LOG_WARN, "%s: not valid UTF-8 at byte %zu; such bytes read as U+FFFD", path,
		       bad);
	int rc = path ? read_markdown(ctx, a, text, path, why, sizeof(why)) : -1;
	H->free(text);
	if (rc)
		H->reject(ctx, path ? path : H->get(a, "source"), path ? why : "out of memory");
	free(path);
	return rc ? GALLEY_FAIL : GALLEY_OK;
}

/* The reference `galley plugins --markdown` prints (plugins/README.md). */
static const char reference[] =
	"CommonMark files with optional YAML front\n"
	"matter, parsed by libcmark. Front matter is read by lib/io/front_matter_in (the\n"
	"reader import/text uses; keys below); without `title:` the first `# `\n"
	"heading is the headline. Invalid UTF-8 is read as U+FFFD with a warning\n"
	"naming the byte. Settings: `path` (required), `language`, `max_bytes`,\n"
	"`follow_symlinks`, as import/text's.\n"
	"\n"
	"| Markdown | galley |\n"
	"| --- | --- |\n"
	"| `# ` heading (the first, when front matter has no title); `##`–`######` | `headline`; heading with its level |\n"
	"| paragraph (emphasis, links and code as their text, inline HTML left out) | paragraph |\n"
	"| `> ` block quote; a last paragraph opening with `— `, `– ` or `-- ` | quote; its `speaker` |\n"
	"| list (`-`, `*`, `1.`) | list, one item per line |\n"
	"| fenced or indented code | paragraph, as it is |\n"
	"| raw HTML block | through lib/html/html_blocks |\n"
	"| a paragraph that is one image `![alt](src \"title\")`; the title, else an emphasised paragraph right after (`*Caption. Photo: Name*`) | `media` image: `href`, `alt`; `caption` and `credit` |\n"
	"\n"
	"A file with a headline but no paragraph (a flash) is imported with a\n"
	"warning, by import/text as well.\n"
	"\n"
	"Front matter keys (import/text and import/markdown): `id`/`slug`, `guid`,\n"
	"`headline`/`title`, `kicker`, `standfirst`/`description`/`summary`/`excerpt`,\n"
	"`language`/`lang`, `section`/`category`, `categories` (the first is the\n"
	"section if none is set; the list goes to `extra.categories`), `source`,\n"
	"`created`, `published`/`date`, `modified`/`updated`/`lastmod`,\n"
	"`embargo`/`embargoed`, `version` and `urgency` (whole numbers), `pubstatus`\n"
	"(`usable`, `withheld`, `canceled`), `signal(s)`, `copyright`, `usageterms`,\n"
	"`byline(s)`/`author(s)`, `keywords`/`tags`, `image` (a URL, or a map of\n"
	"`src`, `caption`, `credit`, `alt`). Any other key goes to `extra` with its\n"
	"YAML value as JSON: maps and lists keep their shape, unquoted `true`,\n"
	"`false`, `null` and integers their types (`draft: false` → `false`,\n"
	"`weight: \"10\"` → `\"10\"`). YAML aliases (`*name`) are refused with the line,\n"
	"so an alias bomb is one clear error; an unclosed `---` block or bad YAML is\n"
	"quarantined with its line.\n";

GALLEY_PLUGIN_DEFINE(.name = "import/markdown", .doc = reference,
                     .description = "reads CommonMark files with YAML front matter: headings, quotes, lists, images",
                     .role = GALLEY_ROLE_SOURCE, .settings = settings, .init = markdown_init,
                     .run = markdown_run, .process = markdown_process)
