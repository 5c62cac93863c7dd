/* import/wxr — WordPress eXtended RSS exports (Tools → Export) into
 * articles: one per published post, in the file's order.  The content
 * goes through lib/wp_content ([caption] shortcodes, wpautop paragraphs)
 * and lib/html_blocks, the HTML-to-blocks module of every importer; the
 * featured image comes from its attachment item.  Drafts, pages,
 * attachments and other post types are skipped, with a count.  The parse
 * is lib/xml_in's (no network, no DTD, no entities). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "article/article_fill.h"
#include "article/caption.h"
#include "galley/plugin.h"
#include "html/html_blocks.h"
#include "io/import_files.h"
#include "html/wp_content.h"
#include "xml/xml_in.h"
#include "xml/xml_stream.h"

static const galley_host *H;

static const galley_setting settings[] = {
	IMPORT_FILE_SETTINGS("export files, such as 'exports/*.xml',", "67108864"),
	GALLEY_SETTING("post_types", LIST, "post", "post types that become articles"),
	GALLEY_SETTING("statuses", LIST, "publish", "post statuses that become articles"),
	GALLEY_SETTING("kicker_meta", STRING, "kicker", "custom field (postmeta key) holding the kicker"),
	{0},
};

static int wxr_init(const galley_host *host, galley_ctx *ctx, void **state)
{
	(void)ctx;
	H = host;
	*state = NULL;
	return GALLEY_OK;
}

static int wxr_run(void *state, galley_ctx *ctx)
{
	(void)state;
	return import_list_files(H, ctx, "import/wxr");
}

/* An item's child's text, raw (CDATA as it is), or NULL when empty. */
static const char *raw(const xmlNode *item, const char *name)
{
	const xmlNode *c = xml_child(item, name);
	const xmlNode *t = c ? c->children : NULL;
	return t && (t->type == XML_TEXT_NODE || t->type == XML_CDATA_SECTION_NODE) && t->content[0]
	               ? (const char *)t->content
	               : NULL;
}

static int listed(galley_ctx *ctx, const char *setting, const char *value)
{
	for (size_t i = 0; value && i < H->setting_count(ctx, setting); i++)
		if (!strcmp(H->setting_item(ctx, setting, i), value))
			return 1;
	return 0;
}

/* content:encoded or excerpt:encoded, by the namespace's address (the
 * prefixes are the exporter's to choose). */
static const xmlNode *encoded(const xmlNode *item, const char *ns_part)
{
	for (const xmlNode *c = xml_child(item, "encoded"); c; c = xml_next(c, "encoded"))
		if (c->ns && c->ns->href && strstr((const char *)c->ns->href, ns_part))
			return c;
	return NULL;
}

/* The export's postmeta value for key, or NULL. */
static const char *meta(const xmlNode *item, const char *key)
{
	for (const xmlNode *m = xml_child(item, "postmeta"); m; m = xml_next(m, "postmeta")) {
		const char *k = raw(m, "meta_key");
		if (k && !strcmp(k, key))
			return raw(m, "meta_value");
	}
	return NULL;
}

/* ---- the channel ---- */

/* What a post needs of the rest of the export, gathered by a first pass
 * over it: authors' display names by login, featured images (attachment
 * items) by post id.  Copies, sorted once: the items they came from are
 * freed as the pass goes, and looking one up by walking the channel per
 * post made a large export quadratic. */
typedef struct entry {
	char *key;
	char *v[3]; /* author: display name; attachment: url, caption, alt */
} entry;

typedef struct table {
	entry *items;
	size_t n, cap;
} table;

static int by_key(const void *a, const void *b)
{
	return strcmp(((const entry *)a)->key, ((const entry *)b)->key);
}

static int key_is(const void *key, const void *item)
{
	return strcmp(key, ((const entry *)item)->key);
}

static char *copy(const char *s)
{
	return s ? strdup(s) : NULL;
}

/* Adds key with values v (taken); -1 out of memory (v freed). */
static int table_add(table *t, const char *key, char *v0, char *v1, char *v2)
{
	char *k = copy(key ? key : "");
	entry *grown = t->n < t->cap ? t->items : realloc(t->items, (t->cap ? t->cap * 2 : 16) * sizeof(entry));
	if (!k || !grown) {
		free(k), free(v0), free(v1), free(v2);
		return -1;
	}
	if (grown != t->items || t->n == t->cap)
		t->cap = t->cap ? t->cap * 2 : 16;
	t->items = grown;
	t->items[t->n++] = (entry){k, {v0, v1, v2}};
	return 0;
}

static void table_free(table *t)
{
	for (size_t i = 0; i < t->n; i++)
		free(t->items[i].key), free(t->items[i].v[0]), free(t->items[i].v[1]), free(t->items[i].v[2]);
	free(t->items);
}

static const entry *table_find(const table *t, const char *key)
{
	return key && t->n ? bsearch(key, t->items, t->n, sizeof(*t->items), key_is) : NULL;
}

typedef struct site {
	int channel;            /* an <rss><channel> was seen */
	char *language;         /* the channel's */
	size_t skipped[4];      /* drafts and other statuses, pages, attachments, other types */
	table attachments;      /* by post_id: url, caption, alt */
	table authors;          /* by login: display name */
	int oom;
} site;

static int is_attachment(const xmlNode *item)
{
	return raw(item, "post_type") && !strcmp(raw(item, "post_type"), "attachment");
}

/* The first pass: one child of the channel at a time. */
static int survey(void *data, const xmlNode *el)
{
	site *s = data;
	if (xml_is(el, "channel") && xml_is(el->parent, "rss"))
		s->channel = 1;
	if (!xml_is(el->parent, "channel") || !xml_is(el->parent->parent, "rss"))
		return 0;
	int rc = 0;
	if (xml_is(el, "language") && !s->language)
		s->language = xml_text(el);
	else if (xml_is(el, "author"))
		rc = table_add(&s->authors, raw(el, "author_login"), copy(raw(el, "author_display_name")),
		               NULL, NULL);
	else if (xml_is(el, "item") && is_attachment(el))
		rc = table_add(&s->attachments, raw(el, "post_id"), copy(raw(el, "attachment_url")),
		               xml_text(encoded(el, "/excerpt/")), /* its caption is its excerpt */
		               copy(meta(el, "_wp_attachment_image_alt")));
	if (rc)
		s->oom = 1;
	return rc;
}

/* An author's display name, from the channel's wp:author list. */
static const char *display_name(const site *s, const char *login)
{
	const entry *au = table_find(&s->authors, login);
	return au && au->v[0] ? au->v[0] : login;
}

/* ---- one post ---- */

/* "2023-10-12 06:00:00" (GMT) → "2023-10-12T06:00:00Z"; WordPress writes
 * zeros for posts never published. */
static int date_to(galley_article *a, const char *field, const char *gmt, const char *other)
{
	if (!gmt || strlen(gmt) != 19 || !strncmp(gmt, "0000", 4) || (other && !strcmp(gmt, other)))
		return 0;
	char iso[24];
	snprintf(iso, sizeof(iso), "%.10sT%.8sZ", gmt, gmt + 11);
	return H->set(a, field, iso);
}

/* The featured image, unless the body already shows it. */
static int featured(const site *s, galley_article *a, const xmlNode *item)
{
	const entry *att = table_find(&s->attachments, meta(item, "_thumbnail_id"));
	const char *url = att ? att->v[0] : NULL, *cap = att ? att->v[1] : NULL,
	           *alt = att ? att->v[2] : NULL;
	if (!url)
		return 0;
	for (size_t i = 0; i < H->media_count(a); i++)
		if (H->media_get(a, i, "href") && !strcmp(H->media_get(a, i, "href"), url))
			return 0;
	int i = H->media_add(a, "image");
	return i < 0 || H->media_set(a, (size_t)i, "href", url) ||
	       (alt && H->media_set(a, (size_t)i, "alt", alt)) || (cap && caption_set(H, a, (size_t)i, cap));
}

/* category domain="category" → section (the first) and extra.categories;
 * domain="post_tag" → keywords. */
static int terms(galley_article *a, const xmlNode *item)
{
	json_t *cats = json_array();
	int rc = !cats;
	for (const xmlNode *c = xml_child(item, "category"); !rc && c; c = xml_next(c, "category")) {
		char *name = xml_text(c);
		const char *domain = xml_attr(c, "domain");
		if (name && domain && !strcmp(domain, "post_tag"))
			rc = fill_list(H, a, "keywords", name);
		else if (name && domain && !strcmp(domain, "category"))
			rc = fill(H, a, "section", name) || json_array_append_new(cats, json_string(name));
		free(name);
	}
	char *s = !rc && json_array_size(cats) ? json_dumps(cats, JSON_COMPACT) : NULL;
	rc = rc || (s && H->extra_set_json(a, "categories", s));
	free(s);
	json_decref(cats);
	return rc;
}

/* Custom fields without a leading underscore (WordPress's own) go to
 * extra.meta; the kicker's to the kicker. */
static int custom_fields(galley_ctx *ctx, galley_article *a, const xmlNode *item)
{
	const char *kicker_key = H->setting_string(ctx, "kicker_meta");
	json_t *fields = json_object();
	int rc = !fields;
	for (const xmlNode *m = xml_child(item, "postmeta"); !rc && m; m = xml_next(m, "postmeta")) {
		const char *k = raw(m, "meta_key"), *v = raw(m, "meta_value");
		if (!k || !v || k[0] == '_')
			continue;
		if (kicker_key && !strcmp(k, kicker_key))
			rc = fill(H, a, "kicker", v);
		else
			rc = json_object_set_new(fields, k, json_string(v));
	}
	char *s = !rc && json_object_size(fields) ? json_dumps(fields, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	rc = rc || (s && H->extra_set_json(a, "meta", s));
	free(s);
	json_decref(fields);
	return rc;
}

static int body(galley_article *a, const xmlNode *item)
{
	const xmlNode *c = encoded(item, "/content/");
	xmlChar *content = c ? xmlNodeGetContent(c) : NULL;
	strbuf html = {0};
	int rc = content && (wp_content_html((const char *)content, &html) ||
	                     (html.len && html_blocks(H, a, html.s, html.len)));
	sb_free(&html);
	xmlFree(content);
	return rc;
}

/* A post's status as the desk's (for statuses listed beyond publish):
 * trash is a kill, draft, pending and private are withheld, and a
 * scheduled post (future) is embargoed until its publication time. */
static int post_status(galley_article *a, const xmlNode *item)
{
	const char *status = raw(item, "status");
	if (!status)
		return 0;
	if (!strcmp(status, "trash"))
		return H->set(a, "pubstatus", "canceled");
	if (!strcmp(status, "draft") || !strcmp(status, "pending") || !strcmp(status, "private"))
		return H->set(a, "pubstatus", "withheld");
	return strcmp(status, "future") ? 0 : date_to(a, "dates.embargo", raw(item, "post_date_gmt"), NULL);
}

static int post_ids(galley_article *a, const xmlNode *item)
{
	const char *id = raw(item, "post_id");
	int rc = fill(H, a, "guid", raw(item, "guid")) || fill(H, a, "guid", raw(item, "link")) ||
	         fill_extra(H, a, "guid", raw(item, "guid")) ||
	         fill_extra(H, a, "uri", raw(item, "link")) ||
	         fill_extra(H, a, "post_name", raw(item, "post_name"));
	if (!rc && id && strspn(id, "0123456789") == strlen(id) && strlen(id) < 18)
		rc = H->extra_set_json(a, "post_id", id);
	const char *ids[] = {raw(item, "post_name"), H->get(a, "headline"), id};
	return rc || post_status(a, item) || fill_id(H, a, ids, 3);
}

/* Fills a from a post that has a title; -1 only when out of memory. */
static int read_post(galley_ctx *ctx, const site *s, galley_article *a, const xmlNode *item)
{
	char *title = xml_text(xml_child(item, "title")), *excerpt = xml_text(encoded(item, "/excerpt/"));
	const char *creator = raw(item, "creator");
	int rc = H->set(a, "headline", title) || fill(H, a, "standfirst", excerpt) ||
	         fill_list(H, a, "bylines", display_name(s, creator)) ||
	         date_to(a, "dates.published", raw(item, "post_date_gmt"), NULL) ||
	         date_to(a, "dates.modified", raw(item, "post_modified_gmt"), raw(item, "post_date_gmt")) ||
	         terms(a, item) || custom_fields(ctx, a, item) || body(a, item) || featured(s, a, item) ||
	         fill(H, a, "language", s->language) || post_ids(a, item);
	free(title);
	free(excerpt);
	return rc;
}

/* ---- a file ---- */

/* Why an item is not an article of the run (counted by kind), or NULL. */
static const char *skip_reason(galley_ctx *ctx, site *s, const xmlNode *item)
{
	const char *type = raw(item, "post_type"), *status = raw(item, "status");
	if (!type)
		type = "post";
	if (!listed(ctx, "post_types", type)) {
		s->skipped[!strcmp(type, "page") ? 1 : !strcmp(type, "attachment") ? 2 : 3]++;
		return "";
	}
	if (!listed(ctx, "statuses", status ? status : "publish")) {
		s->skipped[0]++;
		return "";
	}
	char *title = xml_text(xml_child(item, "title"));
	int untitled = !title;
	free(title);
	return untitled ? "a post without a title" : NULL;
}

static void log_skipped(galley_ctx *ctx, const site *s, const char *path)
{
	const size_t *k = s->skipped;
	if (k[0] + k[1] + k[2] + k[3])
		H->log(ctx, GALLEY_LOG_INFO,
		       "%s: skipped %zu unpublished post%s, %zu page%s, %zu attachment%s, %zu of other types",
		       path, k[0], k[0] == 1 ? "" : "s", k[1], k[1] == 1 ? "" : "s", k[2], k[2] == 1 ? "" : "s",
		       k[3]);
}

/* The second pass: the posts, in the file's order. */
typedef struct posting {
	galley_ctx *ctx;
	site *s;
	const char *path;
	galley_article *into; /* the article being loaded, until the first post fills it */
	size_t items;
} posting;

/* The first post fills the article being loaded, the others become
 * articles of their own, emitted beside it. */
static int post(void *data, const xmlNode *item)
{
	posting *p = data;
	if (!xml_is(item, "item") || !xml_is(item->parent, "channel") || !xml_is(item->parent->parent, "rss"))
		return 0;
	const char *bad = skip_reason(p->ctx, p->s, item);
	p->items++;
	if (bad && bad[0])
		H->log(p->ctx, GALLEY_LOG_WARN, "%s: item %zu left out: %s", p->path, p->items, bad);
	if (bad)
		return 0;
	galley_article *x = p->into ? p->into : H->article_new(p->ctx);
	int rc = !x || (!p->into && H->set(x, "source", p->path)) || read_post(p->ctx, p->s, x, item);
	if (rc && x && !p->into)
		H->article_free(x);
	if (rc || (!p->into && H->emit(p->ctx, x)))
		return 1; /* out of memory */
	p->into = NULL;
	return 0;
}

/* Both passes over the open export; why it cannot be read into why. */
static int read_export(galley_ctx *ctx, galley_article *a, galley_file *f, const char *path,
                       char *why, size_t n)
{
	xml_source src;
	if (xml_source_open(H, ctx, f, &src, why, n))
		return -1;
	site s = {0};
	xml_stream look = {.depth = 3, .fn = survey, .data = &s};
	int rc = xml_stream_pass(H, ctx, &src, &look, why, n);
	if (rc > 0 || s.oom)
		rc = (snprintf(why, n, "out of memory"), -1);
	else if (!rc && (strcmp(look.root, "rss") || !s.channel))
		rc = (snprintf(why, n, "not a WordPress export: the root element is <%s>, not <rss> with a <channel>",
		               look.root), -1);
	if (!rc) {
		if (s.attachments.n)
			qsort(s.attachments.items, s.attachments.n, sizeof(entry), by_key);
		if (s.authors.n)
			qsort(s.authors.items, s.authors.n, sizeof(entry), by_key);
		if (!s.language && H->setting_string(ctx, "language"))
			s.language = strdup(H->setting_string(ctx, "language"));
		posting p = {ctx, &s, path, a, 0};
		xml_stream read = {.depth = 3, .fn = post, .data = &p};
		rc = xml_stream_pass(H, ctx, &src, &read, why, n);
		if (rc > 0)
			rc = (snprintf(why, n, "out of memory"), -1);
		if (!rc)
			log_skipped(ctx, &s, path);
		if (!rc && p.into)
			rc = (snprintf(why, n, "no published post among the export's %zu items", p.items), -1);
	}
	free(s.language);
	table_free(&s.attachments);
	table_free(&s.authors);
	xml_source_close(&src);
	return rc;
}

/* Read in two passes, never whole: an export of 100,000 posts and 500 MB
 * holds one post's tree at a time. */
static int wxr_process(void *state, galley_ctx *ctx, galley_article *a)
{
	(void)state;
	return import_in_passes(H, ctx, a, read_export);
}

/* The reference `galley plugins --markdown` prints (plugins/README.md). */
static const char reference[] =
	"WordPress eXtended RSS exports (Tools → Export):\n"
	"each published post becomes an article, in the file's order. The stored\n"
	"content is rendered as WordPress renders it (lib/html/wp_content) and goes through\n"
	"lib/html/html_blocks: `[caption]` shortcodes become figures (caption, and the\n"
	"credit after `Photo:`, `Foto:`, `Credit:`, … split off by lib/article/caption),\n"
	"`[embed]`/`[video]`/`[audio]` embed blocks, `[gallery]`/`[playlist]` are left\n"
	"out, classic-editor text between blank lines becomes paragraphs (wpautop),\n"
	"block-editor content passes as it is, and other bracketed text (`[sic]`,\n"
	"`[...]`) stays prose. Drafts, private and pending posts, pages, attachments\n"
	"and other post types are skipped and counted (`skipped 1 unpublished post, 1\n"
	"page, 1 attachment, 1 of other types`, shown with `-v`); a post without a\n"
	"title is left out with a warning; an export with no published post, or a\n"
	"file that is not `<rss><channel>`, is quarantined. The export is read in\n"
	"two passes, never whole (authors and featured images first, then one post\n"
	"at a time, each going on as it is read; see *A file of many items is\n"
	"streamed* above), so its size is bounded only by `max_bytes`.\n"
	"\n"
	"| WXR | galley |\n"
	"| --- | --- |\n"
	"| `title` | `headline` |\n"
	"| `excerpt:encoded` | `standfirst` |\n"
	"| `content:encoded` | `body` and `media` (above) |\n"
	"| `dc:creator` (a login), through the channel's `wp:author` list | `bylines` (display name) |\n"
	"| `wp:post_date_gmt`; `wp:post_modified_gmt` when it differs | `dates.published`; `dates.modified` (`2023-10-12T06:00:00Z`) |\n"
	"| `category` domain `category` (the first; all) | `section`; `extra.categories` |\n"
	"| `category` domain `post_tag` | `keywords` |\n"
	"| `wp:postmeta` `_thumbnail_id` → the attachment item: `wp:attachment_url`, its `excerpt:encoded`, its `_wp_attachment_image_alt` | a `media` image (href, caption and credit, alt), unless the body shows the same image |\n"
	"| the `kicker_meta` custom field; other custom fields not starting with `_` | `kicker`; `extra.meta` `{key: value}` |\n"
	"| `wp:post_name`, else the title's slug, else the post id | `id` |\n"
	"| `guid` (else `link`); `link`; `wp:post_id`; `wp:post_name` | `guid` and `extra.guid`; `extra.uri`; `extra.post_id` (integer); `extra.post_name` |\n"
	"| `wp:status` (of the `statuses` listed): `trash`; `draft`, `pending`, `private`; `future` | `pubstatus` `canceled`; `pubstatus` `withheld`; `dates.embargo` = `wp:post_date_gmt` |\n"
	"| channel `language` | `language` (else the setting) |\n";

GALLEY_PLUGIN_DEFINE(.name = "import/wxr", .doc = reference,
                     .description = "reads WordPress exports (WXR): each published post, with its featured image",
                     .role = GALLEY_ROLE_SOURCE, .settings = settings, .init = wxr_init,
                     .run = wxr_run, .process = wxr_process)
