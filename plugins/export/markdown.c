/* export/markdown — one DIR/ID.md per article in CommonMark: YAML front
 * matter with the metadata (lib/front_matter), then the page as
 * export/html lays it out (kicker, # headline, standfirst, byline, date,
 * images with caption and credit, the body).  The document is built as a
 * libcmark node tree and written by cmark's own CommonMark renderer, which
 * escapes what needs escaping; tests/markdown.t reads every file back with
 * cmark and compares its text with the HTML page's. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmark.h>

#include "article/article_doc.h"
#include "text/datetime.h"
#include "io/export_path.h"
#include "io/front_matter.h"
#include "galley/plugin.h"
#include "text/url_safe.h"
#include "text/text_out.h"

static const galley_host *H;

static const galley_setting settings[] = {
	EXPORT_DIR_SETTING("markdown"),
	GALLEY_SETTING("front_matter", BOOL, "true", "begin with the metadata as YAML front matter"),
	{0},
};

static int markdown_init(const galley_host *host, galley_ctx *ctx, void **state)
{
	H = host;
	*state = NULL;
	(void)host;
	(void)ctx;
	return GALLEY_OK;
}

/* A node of type with one text child (cleaned of what text must not
 * hold); NULL text gives no node. */
static cmark_node *with_text(cmark_node_type type, const char *text)
{
	char *clean = text && text[0] ? text_clean(text) : NULL;
	if (!clean)
		return NULL;
	cmark_node *n = cmark_node_new(type), *t = cmark_node_new(CMARK_NODE_TEXT);
	cmark_node_set_literal(t, clean);
	free(clean);
	cmark_node_append_child(n, t);
	return n;
}

/* A paragraph whose text sits inside an inline of type (EMPH, STRONG) or
 * directly (type 0). */
static void paragraph(cmark_node *parent, const char *text, cmark_node_type inline_type)
{
	cmark_node *inner = with_text(inline_type ? inline_type : CMARK_NODE_PARAGRAPH, text);
	if (!inner)
		return;
	if (inline_type) {
		cmark_node *p = cmark_node_new(CMARK_NODE_PARAGRAPH);
		cmark_node_append_child(p, inner);
		inner = p;
	}
	cmark_node_append_child(parent, inner);
}

static void heading(cmark_node *doc, const char *text, int level)
{
	cmark_node *h = with_text(CMARK_NODE_HEADING, text);
	if (!h)
		return;
	cmark_node_set_heading_level(h, level < 1 || level > 6 ? 2 : level);
	cmark_node_append_child(doc, h);
}

static void list(cmark_node *doc, const char *text)
{
	cmark_node *l = cmark_node_new(CMARK_NODE_LIST);
	cmark_node_set_list_type(l, CMARK_BULLET_LIST);
	cmark_node_set_list_tight(l, 1);
	while (*text) {
		size_t n = strcspn(text, "\n");
		char *line = strndup(text, n);
		text += n + (text[n] == '\n');
		if (line && line[0]) {
			cmark_node *item = cmark_node_new(CMARK_NODE_ITEM);
			paragraph(item, line, 0);
			cmark_node_append_child(l, item);
		}
		free(line);
	}
	cmark_node_append_child(doc, l);
}

static void quote(cmark_node *doc, const json_t *b)
{
	cmark_node *q = cmark_node_new(CMARK_NODE_BLOCK_QUOTE);
	const char *speaker = text_get(b, "speaker");
	paragraph(q, text_get(b, "text"), 0);
	if (speaker && speaker[0]) {
		char *line = NULL;
		if (asprintf(&line, "\xE2\x80\x94 %s", speaker) >= 0)
			paragraph(q, line, 0);
		free(line);
	}
	cmark_node_append_child(doc, q);
}

static void block(cmark_node *doc, const json_t *b)
{
	const char *type = text_get(b, "type"), *text = text_get(b, "text");
	if (!type || !text || !text[0])
		return;
	if (strcmp(type, "heading") == 0) {
		json_t *lv = json_object_get(b, "level");
		heading(doc, text, json_is_integer(lv) ? (int)json_integer_value(lv) : 2);
	} else if (strcmp(type, "quote") == 0) {
		quote(doc, b);
	} else if (strcmp(type, "list") == 0) {
		list(doc, text);
	} else {
		paragraph(doc, text, 0);
	}
}

static void figures(cmark_node *doc, const json_t *art)
{
	size_t i;
	json_t *m;
	json_array_foreach(json_object_get(art, "media"), i, m)
	{
		const char *href = url_or_null(text_get(m, "href")), *caption = text_get(m, "caption"),
			   *credit = text_get(m, "credit");
		if (!text_get(m, "type") || strcmp(text_get(m, "type"), "image") != 0)
			continue;
		if (href) {
			cmark_node *p = cmark_node_new(CMARK_NODE_PARAGRAPH);
			cmark_node *img = with_text(CMARK_NODE_IMAGE, text_get(m, "alt") ? text_get(m, "alt") : " ");
			cmark_node_set_url(img, href);
			cmark_node_append_child(p, img);
			cmark_node_append_child(doc, p);
		}
		if (caption || credit) {
			cmark_node *p = with_text(CMARK_NODE_PARAGRAPH, caption ? caption : credit);
			if (caption && credit) {
				cmark_node *t = cmark_node_new(CMARK_NODE_TEXT);
				cmark_node_set_literal(t, " ");
				cmark_node_append_child(p, t);
				cmark_node_append_child(p, with_text(CMARK_NODE_EMPH, credit));
			}
			cmark_node_append_child(doc, p);
		}
	}
}

static cmark_node *document(const json_t *art)
{
	cmark_node *doc = cmark_node_new(CMARK_NODE_DOCUMENT);
	time_t t;
	char date[32];
	size_t i;
	json_t *b;
	paragraph(doc, text_get(art, "kicker"), CMARK_NODE_EMPH);
	heading(doc, text_get(art, "headline"), 1);
	paragraph(doc, text_get(art, "standfirst"), CMARK_NODE_STRONG);
	char *by = doc_byline(art);
	paragraph(doc, by, 0);
	free(by);
	if (doc_date(art, doc_published, &t) == 0) {
		datetime_rfc3339(t, date, sizeof(date));
		date[10] = '\0';
		paragraph(doc, date, 0);
	}
	figures(doc, art);
	json_array_foreach(json_object_get(art, "body"), i, b)
		block(doc, b);
	return doc;
}

static int markdown_write(void *state, galley_ctx *ctx, const json_t *art, char **out,
                          size_t *len)
{
	(void)state;
	strbuf b = {0};
	int rc = H->setting_bool(ctx, "front_matter") ? front_matter(art, &b) : 0;
	cmark_node *doc = document(art);
	char *md = cmark_render_commonmark(doc, CMARK_OPT_DEFAULT, 0);
	cmark_node_free(doc);
	rc = rc || !md || (b.len && sb_puts(&b, "\n")) || sb_puts(&b, md);
	free(md);
	*out = b.s;
	*len = b.len;
	return rc;
}

static int markdown_process(void *state, galley_ctx *ctx, galley_article *a)
{
	return doc_export(H, ctx, a, "md", markdown_write, state);
}

/* The reference `galley plugins --markdown` prints (plugins/README.md). */
static const char reference[] =
	"`DIR/ID.md` per article in CommonMark: YAML front\n"
	"matter (lib/io/front_matter), then the page as `export/html` lays it out: the\n"
	"kicker in `*…*`, `# headline`, the standfirst in `**…**`, byline, date\n"
	"(`YYYY-MM-DD`), images as `![alt](href)` with caption and `*credit*`,\n"
	"headings at their level, quotes as `>` with a `— speaker` line, lists as `-`.\n"
	"The document is a libcmark node tree written by cmark's own CommonMark\n"
	"renderer, so escaping is the library's; `tests/exports.t` renders every file\n"
	"back with the `cmark` binary and compares its text with the HTML page's\n"
	"`<article>`. Settings: `dir` (default `markdown`), `front_matter` (default\n"
	"true).\n";

GALLEY_PLUGIN_DEFINE(.name = "export/markdown", .doc = reference,
                     .description = "writes each article as CommonMark with YAML front matter (DIR/ID.md)",
                     .role = GALLEY_ROLE_SINK, .settings = settings, .init = markdown_init,
                     .process = markdown_process)
