/* export/html — one standalone HTML5 page per article, DIR/ID.html: lang,
 * description and Open Graph meta tags, <article> with <h1>, <time>,
 * <figure>/<figcaption> and <blockquote> with <cite>.  The page is a
 * template (lib/html_template): the built-in one below, or the file the
 * `template` setting names, where every {{field}} is escaped for the place
 * it stands in.  tests/html.t parses every page with html5lib. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "article/article_doc.h"
#include "text/datetime.h"
#include "io/export_path.h"
#include "galley/plugin.h"
#include "text/url_safe.h"
#include "html/html_template.h"
#include "text/text_out.h"

static const galley_host *H;

static const galley_setting settings[] = {
	EXPORT_DIR_SETTING("html"),
	GALLEY_SETTING("template", PATH, NULL, "an HTML file with {{field}} placeholders"),
	GALLEY_SETTING("base_url", STRING, NULL, "where the pages are published: canonical and og:url are BASE_URL/ID.html"),
	GALLEY_SETTING("site_name", STRING, NULL, "og:site_name"),
	GALLEY_SETTING("stylesheet", STRING, NULL, "href of a stylesheet every page links"),
	{0},
};

static const char builtin[] =
	"<!DOCTYPE html>\n"
	"<html lang=\"{{language}}\">\n"
	"<head>\n"
	"<meta charset=\"utf-8\">\n"
	"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	"<title>{{headline}}</title>\n"
	"{{meta}}"
	"</head>\n"
	"<body>\n"
	"<article>\n"
	"{{header}}"
	"{{body}}"
	"</article>\n"
	"</body>\n"
	"</html>\n";

/* The fields a template may use; the last three are HTML. */
enum {
	F_ID, F_HEADLINE, F_KICKER, F_STANDFIRST, F_BYLINE, F_LANGUAGE, F_SECTION, F_KEYWORDS,
	F_PUBLISHED, F_UPDATED, F_URL, F_IMAGE, F_BODY_TEXT, F_META, F_HEADER, F_BODY, F_COUNT
};
static const char *const field_names[F_COUNT] = {
	"id",        "headline", "kicker", "standfirst", "byline",    "language", "section", "keywords",
	"published", "updated",  "url",    "image",      "body_text", "meta",     "header",  "body"};

static int field_index(const char *name, size_t len)
{
	for (int i = 0; i < F_COUNT; i++)
		if (strlen(field_names[i]) == len && strncmp(field_names[i], name, len) == 0)
			return i;
	return -1;
}

static int known(const char *name, size_t len)
{
	return field_index(name, len) >= 0;
}

static int is_html(const char *name, size_t len)
{
	return field_index(name, len) >= F_META;
}

typedef struct page {
	char *v[F_COUNT];
} page;

static const char *value(void *data, const char *name, size_t len)
{
	int i = field_index(name, len);
	return i < 0 ? NULL : ((page *)data)->v[i];
}

static void page_free(page *pg)
{
	for (int i = 0; i < F_COUNT; i++)
		free(pg->v[i]);
}

static int html_init(const galley_host *host, galley_ctx *ctx, void **state)
{
	H = host;
	*state = NULL;
	tpl *t = calloc(1, sizeof(*t));
	const char *file = host->setting_string(ctx, "template");
	char *src = NULL, err[300];
	size_t len;
	if (!t)
		return host->fail(ctx, "out of memory");
	if (file && file[0]) {
		char *raw;
		if (host->read_file(ctx, file, 1 << 20, &raw, &len)) {
			free(t);
			return GALLEY_FAIL;
		}
		src = strndup(raw, len);
		host->free(raw);
	} else {
		src = strdup(builtin);
	}
	if (!src || tpl_parse(t, src, known, is_html, err, sizeof(err))) {
		free(t);
		return src ? host->fail(ctx, "template '%s', %s", file, err)
		           : host->fail(ctx, "out of memory");
	}
	*state = t;
	return GALLEY_OK;
}

static void html_destroy(void *state)
{
	if (state)
		tpl_free(state);
	free(state);
}

static char *dup_or_null(const char *s)
{
	return s && s[0] ? strdup(s) : NULL;
}

static char *date_of(const json_t *art, const char *const *names)
{
	time_t t;
	char buf[32];
	if (doc_date(art, names, &t))
		return NULL;
	datetime_rfc3339(t, buf, sizeof(buf));
	return strdup(buf);
}

static const json_t *first_image(const json_t *art)
{
	size_t i;
	json_t *m;
	json_array_foreach(json_object_get(art, "media"), i, m)
		if (text_get(m, "type") && strcmp(text_get(m, "type"), "image") == 0)
			return m;
	return NULL;
}

/* <meta name|property=KEY content=VALUE> when there is a value. */
static int meta(strbuf *b, const char *attr, const char *key, const char *value)
{
	if (!value || !value[0])
		return 0;
	return sb_puts(b, "<meta ") || sb_puts(b, attr) || sb_puts(b, "=\"") || sb_puts(b, key) ||
	       sb_puts(b, "\" content=\"") || sb_html_escaped(b, value) || sb_puts(b, "\">\n");
}

static int meta_tags(strbuf *b, galley_ctx *ctx, const json_t *art, const page *pg)
{
	const char *css = H->setting_string(ctx, "stylesheet");
	int rc = 0;
	if (pg->v[F_URL])
		rc = sb_puts(b, "<link rel=\"canonical\" href=\"") || tpl_escape_url(b, pg->v[F_URL]) ||
		     sb_puts(b, "\">\n");
	if (!rc && css && css[0])
		rc = sb_puts(b, "<link rel=\"stylesheet\" href=\"") || tpl_escape_url(b, css) ||
		     sb_puts(b, "\">\n");
	rc = rc || meta(b, "name", "description", pg->v[F_STANDFIRST]) ||
	     meta(b, "name", "author", pg->v[F_BYLINE]) ||
	     meta(b, "name", "keywords", pg->v[F_KEYWORDS]) ||
	     meta(b, "property", "og:type", "article") ||
	     meta(b, "property", "og:title", pg->v[F_HEADLINE]) ||
	     meta(b, "property", "og:description", pg->v[F_STANDFIRST]) ||
	     meta(b, "property", "og:url", pg->v[F_URL]) ||
	     meta(b, "property", "og:image", pg->v[F_IMAGE]) ||
	     meta(b, "property", "og:site_name", H->setting_string(ctx, "site_name")) ||
	     meta(b, "property", "article:published_time", pg->v[F_PUBLISHED]) ||
	     meta(b, "property", "article:modified_time", pg->v[F_UPDATED]) ||
	     meta(b, "property", "article:section", pg->v[F_SECTION]);
	size_t i;
	json_t *k;
	json_array_foreach(json_object_get(art, "keywords"), i, k)
		rc = rc || meta(b, "property", "article:tag", json_string_value(k));
	return rc;
}

static int tagged(strbuf *b, const char *open, const char *text, const char *close)
{
	if (!text || !text[0])
		return 0;
	return sb_puts(b, open) || sb_html_escaped(b, text) || sb_puts(b, close);
}

static int header(strbuf *b, const page *pg)
{
	int rc = sb_puts(b, "<header>\n") ||
	         tagged(b, "<p class=\"kicker\">", pg->v[F_KICKER], "</p>\n") ||
	         tagged(b, "<h1>", pg->v[F_HEADLINE], "</h1>\n") ||
	         tagged(b, "<p class=\"standfirst\">", pg->v[F_STANDFIRST], "</p>\n") ||
	         tagged(b, "<p class=\"byline\">", pg->v[F_BYLINE], "</p>\n");
	if (!rc && pg->v[F_PUBLISHED])
		rc = sb_puts(b, "<p class=\"dateline\"><time datetime=\"") ||
		     sb_puts(b, pg->v[F_PUBLISHED]) || sb_puts(b, "\">") ||
		     sb_add(b, pg->v[F_PUBLISHED], 10) || sb_puts(b, "</time></p>\n");
	return rc || sb_puts(b, "</header>\n");
}

static int figures(strbuf *b, const json_t *art)
{
	size_t i;
	json_t *m;
	int rc = 0;
	json_array_foreach(json_object_get(art, "media"), i, m)
	{
		const char *href = text_get(m, "href"), *caption = text_get(m, "caption"),
			   *credit = text_get(m, "credit");
		if (!text_get(m, "type") || strcmp(text_get(m, "type"), "image") != 0)
			continue;
		rc = rc || sb_puts(b, "<figure>\n");
		if (!rc && href)
			rc = sb_puts(b, "<img src=\"") || tpl_escape_url(b, href) || sb_puts(b, "\" alt=\"") ||
			     sb_html_escaped(b, text_get(m, "alt") ? text_get(m, "alt") : "") ||
			     sb_puts(b, "\">\n");
		if (!rc && (caption || credit))
			rc = sb_puts(b, "<figcaption>") || (caption && sb_html_escaped(b, caption)) ||
			     (caption && credit && sb_puts(b, " ")) ||
			     tagged(b, "<small class=\"credit\">", credit, "</small>") ||
			     sb_puts(b, "</figcaption>\n");
		rc = rc || sb_puts(b, "</figure>\n");
	}
	return rc;
}

static int fill(page *pg, galley_ctx *ctx, const json_t *art)
{
	const char *base = H->setting_string(ctx, "base_url"), *id = text_get(art, "id");
	const json_t *image = first_image(art);
	strbuf text = {0}, m = {0}, h = {0}, body = {0};
	pg->v[F_ID] = dup_or_null(id);
	pg->v[F_HEADLINE] = dup_or_null(text_get(art, "headline"));
	pg->v[F_KICKER] = dup_or_null(text_get(art, "kicker"));
	pg->v[F_STANDFIRST] = dup_or_null(text_get(art, "standfirst"));
	pg->v[F_BYLINE] = doc_byline(art);
	pg->v[F_LANGUAGE] = dup_or_null(text_get(art, "language"));
	pg->v[F_SECTION] = dup_or_null(text_get(art, "section"));
	pg->v[F_KEYWORDS] = doc_joined(json_object_get(art, "keywords"));
	pg->v[F_PUBLISHED] = date_of(art, doc_published);
	pg->v[F_UPDATED] = date_of(art, doc_updated);
	if (base && base[0] && asprintf(&pg->v[F_URL], "%s%s%s.html", base,
	                                base[strlen(base) - 1] == '/' ? "" : "/", id) < 0)
		pg->v[F_URL] = NULL;
	pg->v[F_IMAGE] = image ? dup_or_null(url_or_null(text_get(image, "href"))) : NULL;
	int rc = text_body_plain(json_object_get(art, "body"), &text) ||
	         meta_tags(&m, ctx, art, pg) || header(&h, pg) || figures(&body, art) ||
	         text_body_html(json_object_get(art, "body"), &body);
	pg->v[F_BODY_TEXT] = text.s;
	pg->v[F_META] = m.s;
	pg->v[F_HEADER] = h.s;
	pg->v[F_BODY] = body.s;
	return rc;
}

static int html_write(void *state, galley_ctx *ctx, const json_t *art, char **out, size_t *len)
{
	page pg = {0};
	strbuf b = {0};
	int rc = fill(&pg, ctx, art) || tpl_render(state, value, &pg, is_html, &b);
	page_free(&pg);
	*out = b.s;
	*len = b.len;
	return rc;
}

static int html_process(void *state, galley_ctx *ctx, galley_article *a)
{
	return doc_export(H, ctx, a, "html", html_write, state);
}

/* The reference `galley plugins --markdown` prints (plugins/README.md). */
static const char reference[] =
	"`DIR/ID.html` per article: a standalone HTML5 page\n"
	"with `<html lang>`, `<title>`, `meta` description, author and keywords, Open\n"
	"Graph (`og:type article`, `og:title`, `og:description`, `og:url`, `og:image`,\n"
	"`og:site_name`, `article:published_time`, `modified_time`, `section`, `tag`),\n"
	"`link rel=canonical`, and `<article>` holding a `<header>` (kicker, `h1`,\n"
	"standfirst, byline, `<time datetime>`), each image as `<figure>` with `<img>`\n"
	"and `<figcaption>` (the credit in `<small class=\"credit\">`), then the body\n"
	"(the HTML of lib/text/text_out; quotes as `<blockquote>` with `<footer>— <cite>`).\n"
	"Every text is escaped. `tests/exports.t` parses every page with `html5lib` in\n"
	"strict mode (any parse error fails). Settings: `dir` (default `html`),\n"
	"`template` (an HTML file, below), `base_url` (canonical and `og:url` are\n"
	"`BASE_URL/ID.html`), `site_name`, `stylesheet` (a `<link rel=stylesheet>`\n"
	"on every page).\n"
	"\n"
	"A template is any HTML file with `{{field}}` placeholders; the built-in page is\n"
	"itself one. Fields: `id`, `headline`, `kicker`, `standfirst`, `byline`,\n"
	"`language`, `section`, `keywords` (joined with `, `), `published`, `updated`\n"
	"(RFC 3339), `url`, `image` (the first image's href), `body_text`, and three\n"
	"that are HTML: `meta` (the tags above), `header`, `body`. Each placeholder is\n"
	"escaped for the place it stands in, as Go's `html/template` does:\n"
	"\n"
	"| where | what is written |\n"
	"| --- | --- |\n"
	"| element text, `<title>`, `<textarea>` | the text with `& < > \" '` as entities (`meta`, `header`, `body` as they are: element text only) |\n"
	"| a quoted attribute value | the same entities |\n"
	"| the start of a quoted `href`, `src`, `action`, `cite`, `poster` or `formaction` | the URL, escaped; a scheme other than `http`, `https` or `mailto` becomes `about:invalid#galley-unsafe-url` |\n"
	"| later in such a value (`href=\"/tags?q={{keywords}}\"`) | percent-encoded |\n"
	"| inside `<script>` | a JSON string, with `< > & ' \"` and U+2028/U+2029 as `\\u` escapes |\n"
	"| a comment, `<style>`, an unquoted attribute value, inside a tag | refused when the stage starts: `template 'page.html', line 2: {{byline}} cannot be escaped inside a comment` |\n";

GALLEY_PLUGIN_DEFINE(.name = "export/html", .doc = reference,
                     .description = "writes each article as a standalone HTML5 page (DIR/ID.html)",
                     .role = GALLEY_ROLE_SINK, .settings = settings, .init = html_init,
                     .process = html_process, .destroy = html_destroy)
