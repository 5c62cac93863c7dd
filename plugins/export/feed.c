/* export/feed — the run's newest articles as feeds: Atom 1.0 (atom.xml),
 * RSS 2.0 (rss.xml) and JSON Feed 1.1 (feed.json) in DIR, newest first,
 * at most `limit` entries, every link absolute from `base_url`.  Articles
 * pass one by one; only the newest `limit` are kept, so memory does not
 * grow with the run.  The files are written when the run finishes.
 * tests/feed.t parses them with python3-feedparser. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "article/article_doc.h"
#include "text/datetime.h"
#include "io/export_path.h"
#include "galley/plugin.h"
#include "text/text_out.h"
#include "xml/xml_out.h"
#include "text/url_safe.h"

#define GENERATOR "galley"

static const galley_host *H;

static const galley_setting settings[] = {
	EXPORT_DIR_SETTING("feeds"),
	GALLEY_SETTING("formats", LIST, "atom\nrss\njson", "the feeds written",
	               .rules = GALLEY_RULE_NONEMPTY | GALLEY_RULE_UNIQUE,
	               GALLEY_CHOICES("atom", "rss", "json")),
	GALLEY_SETTING("base_url", STRING, NULL, "the site's address: links in feeds are absolute",
	               .rules = GALLEY_RULE_REQUIRED,
	               GALLEY_PATTERN("https?://\\S+", "the site's http(s) address")),
	GALLEY_SETTING("link", STRING, "{id}.html", "an article's page under base_url ({id} is replaced); extra.url, then its canonical extra.uri, then an http(s) guid, overrides"),
	GALLEY_SETTING("feed_url", STRING, NULL, "where the feed files are published (default base_url): the feeds' self links"),
	GALLEY_SETTING("title", STRING, NULL, "the feed's title (default: the pipeline's name)"),
	GALLEY_SETTING("description", STRING, NULL, "a line about the feed"),
	GALLEY_SETTING("author", STRING, NULL, "the feed's author (default: the title)"),
	GALLEY_SETTING("language", STRING, NULL, "the feed's language"),
	GALLEY_SETTING("limit", INT, "50", "the newest N articles", GALLEY_RANGE(1, 100000)),
	GALLEY_SETTING("content", BOOL, "true", "the full body as HTML (false: the standfirst only)"),
	{0},
};

typedef struct entry {
	time_t published, updated;
	size_t seq; /* input order, for ties */
	char *id, *url, *title, *summary, *html, *image, *language;
	json_t *authors, *tags; /* lists of strings */
} entry;

typedef struct feed {
	entry *items; /* newest first */
	size_t n, limit, seq;
	unsigned formats; /* 1 atom, 2 rss, 4 json */
	time_t run_time;
	time_t now; /* the run's instant (run_info "now"), for embargoes; 0 unknown */
} feed;

enum { ATOM = 1, RSS = 2, JSONFEED = 4 };

static int feed_init(const galley_host *host, galley_ctx *ctx, void **state)
{
	H = host;
	const char *base = host->setting_string(ctx, "base_url");
	int64_t limit = host->setting_int(ctx, "limit");
	if (!base) /* required: only `galley test` starts it without */
		return host->fail(ctx, "'base_url' is not set");
	feed *f = calloc(1, sizeof(*f));
	if (!f)
		return host->fail(ctx, "out of memory");
	f->limit = (size_t)limit;
	for (size_t i = 0; i < host->setting_count(ctx, "formats"); i++) {
		const char *name = host->setting_item(ctx, "formats", i);
		unsigned bit = !strcmp(name, "atom") ? ATOM : !strcmp(name, "rss") ? RSS : JSONFEED;
		f->formats |= bit;
	}
	/* undated articles are dated by the run: SOURCE_DATE_EPOCH, else the day */
	f->run_time = datetime_run(host->run_info(ctx, "epoch"), host->run_info(ctx, "date"));
	if (datetime_parse(host->run_info(ctx, "now"), &f->now) != 0)
		f->now = 0;
	*state = f;
	return GALLEY_OK;
}

static void entry_free(entry *e)
{
	free(e->id);
	free(e->url);
	free(e->title);
	free(e->summary);
	free(e->html);
	free(e->image);
	free(e->language);
	json_decref(e->authors);
	json_decref(e->tags);
}

static void feed_destroy(void *state)
{
	feed *f = state;
	if (!f)
		return;
	for (size_t i = 0; i < f->n; i++)
		entry_free(&f->items[i]);
	free(f->items);
	free(f);
}

static char *dup_or_null(const char *s)
{
	return s && s[0] ? strdup(s) : NULL;
}

/* base_url joined with rel (one slash between). */
static char *absolute(const char *base, const char *rel)
{
	char *out = NULL;
	size_t n = strlen(base);
	if (asprintf(&out, "%s%s%s", base, n && base[n - 1] == '/' ? "" : "/",
	             rel + (rel[0] == '/')) < 0)
		return NULL;
	return out;
}

static char *article_url(galley_ctx *ctx, const json_t *art)
{
	const char *own = text_get(json_object_get(art, "extra"), "url");
	if (own && strstr(own, "://") && url_safe(own, 0))
		return strdup(own);
	/* the page's own address, as the importer found it: its canonical URL
	 * (import/html's rel=canonical, a WordPress permalink, ninjs's uri),
	 * else a guid that is one */
	const char *uri = text_get(json_object_get(art, "extra"), "uri");
	if (uri && (!strncmp(uri, "https://", 8) || !strncmp(uri, "http://", 7)) && url_safe(uri, 0))
		return strdup(uri);
	const char *guid = text_get(art, "guid");
	if (guid && (!strncmp(guid, "https://", 8) || !strncmp(guid, "http://", 7)) &&
	    url_safe(guid, 0))
		return strdup(guid);
	const char *pattern = H->setting_string(ctx, "link"), *id = text_get(art, "id");
	strbuf rel = {0};
	int rc = sb_puts(&rel, "");
	for (const char *s = pattern; !rc && *s;) {
		const char *at = strstr(s, "{id}");
		size_t n = at ? (size_t)(at - s) : strlen(s);
		rc = sb_add(&rel, s, n) || (at && sb_puts(&rel, id));
		s += n + (at ? 4 : 0);
	}
	char *url = rc ? NULL : absolute(H->setting_string(ctx, "base_url"), rel.s);
	sb_free(&rel);
	return url;
}

static json_t *tags_of(const json_t *art)
{
	json_t *tags = json_array(), *k;
	size_t i;
	if (text_get(art, "section"))
		json_array_append_new(tags, json_string(text_get(art, "section")));
	json_array_foreach(json_object_get(art, "keywords"), i, k)
		if (json_string_value(k))
			json_array_append(tags, k);
	return tags;
}

static const char *first_image(const json_t *art)
{
	size_t i;
	json_t *m;
	json_array_foreach(json_object_get(art, "media"), i, m)
		if (text_get(m, "type") && !strcmp(text_get(m, "type"), "image") &&
		    url_or_null(text_get(m, "href")))
			return text_get(m, "href");
	return NULL;
}

static int make_entry(feed *f, galley_ctx *ctx, const json_t *art, entry *e)
{
	char uri[2048];
	strbuf html = {0};
	if (doc_date(art, doc_published, &e->published))
		e->published = f->run_time;
	if (doc_date(art, doc_updated, &e->updated))
		e->updated = e->published;
	e->seq = f->seq++;
	e->url = article_url(ctx, art);
	doc_uri(art, "", uri, sizeof(uri));
	e->id = strdup(text_get(json_object_get(art, "extra"), "uri") || !e->url ? uri : e->url);
	e->title = strdup(text_get(art, "headline") ? text_get(art, "headline") : "");
	e->summary = dup_or_null(text_get(art, "standfirst"));
	e->image = dup_or_null(first_image(art));
	e->language = dup_or_null(text_get(art, "language"));
	e->authors = json_incref(json_object_get(art, "bylines"));
	e->tags = tags_of(art);
	if (H->setting_bool(ctx, "content") && text_body_html(json_object_get(art, "body"), &html))
		sb_free(&html);
	e->html = html.s;
	return e->url && e->id && e->title && e->tags ? 0 : -1;
}

/* Newer first; among equals, earlier input first. */
static int newer(const entry *a, const entry *b)
{
	return a->published != b->published ? a->published > b->published : a->seq < b->seq;
}

/* Keeps e among the newest `limit` entries (or frees it). */
static int keep(feed *f, entry *e)
{
	size_t at = f->n;
	while (at > 0 && newer(e, &f->items[at - 1]))
		at--;
	if (at >= f->limit) {
		entry_free(e);
		return 0;
	}
	if (f->n == f->limit) /* the oldest goes */
		entry_free(&f->items[--f->n]);
	else {
		entry *grown = realloc(f->items, (f->n + 1) * sizeof(*grown));
		if (!grown) {
			entry_free(e);
			return -1;
		}
		f->items = grown;
	}
	memmove(&f->items[at + 1], &f->items[at], (f->n - at) * sizeof(*e));
	f->items[at] = *e;
	f->n++;
	return 0;
}

/* A feed is public: a killed or withheld item stays out, and so does one
 * whose embargo has not passed at the run's instant (run_info "now"). */
static int public_now(const feed *f, const galley_article *a)
{
	const char *status = H->get(a, "pubstatus"), *embargo = H->get(a, "dates.embargo");
	time_t until;
	if (status && strcmp(status, "usable") != 0)
		return 0;
	return !embargo || datetime_parse(embargo, &until) != 0 || !f->now || until <= f->now;
}

static int feed_process(void *state, galley_ctx *ctx, galley_article *a)
{
	feed *f = state;
	if (!public_now(f, a))
		return GALLEY_OK;
	json_t *art = article_doc(H, ctx, a);
	if (!art)
		return GALLEY_FAIL;
	entry e = {0};
	int rc = make_entry(f, ctx, art, &e);
	json_decref(art);
	if (rc) {
		entry_free(&e);
		return H->fail(ctx, "out of memory");
	}
	return keep(f, &e) ? H->fail(ctx, "out of memory") : GALLEY_OK;
}

/* ---- the three formats ---- */

typedef struct meta {
	const char *title, *description, *author, *language, *base;
	char *self_atom, *self_rss, *self_json;
	time_t updated;
} meta;

static void stamp(char *buf, size_t size, time_t t, int rfc822)
{
	if (rfc822)
		datetime_rfc822(t, buf, size);
	else
		datetime_rfc3339(t, buf, size);
}

static void atom_entry(xml_out *x, const entry *e)
{
	char date[40];
	size_t i;
	json_t *v;
	xml_open(x, "entry");
	xml_element(x, "title", e->title);
	xml_element(x, "id", e->id);
	xml_empty(x, "link", "rel", "alternate", "type", "text/html", "href", e->url, NULL);
	stamp(date, sizeof(date), e->published, 0);
	xml_element(x, "published", date);
	stamp(date, sizeof(date), e->updated, 0);
	xml_element(x, "updated", date);
	json_array_foreach(e->authors, i, v)
	{
		xml_open(x, "author");
		xml_element(x, "name", json_string_value(v));
		xml_close(x);
	}
	json_array_foreach(e->tags, i, v)
		xml_empty(x, "category", "term", json_string_value(v), NULL);
	xml_element(x, "summary", e->summary);
	if (e->html) {
		xml_open(x, "content");
		xml_out_attr(x, "type", "html");
		xml_out_text(x, e->html);
		xml_close(x);
	}
	xml_close(x);
}

static int atom(const feed *f, const meta *m, char **out, size_t *len)
{
	xml_out x;
	char date[40];
	if (xml_out_start(&x))
		return -1;
	xml_open(&x, "feed");
	xml_out_attr(&x, "xmlns", "http://www.w3.org/2005/Atom");
	xml_out_attr(&x, "xml:lang", m->language);
	xml_element(&x, "title", m->title);
	xml_element(&x, "subtitle", m->description);
	xml_element(&x, "id", m->base);
	xml_empty(&x, "link", "rel", "alternate", "href", m->base, NULL);
	xml_empty(&x, "link", "rel", "self", "href", m->self_atom, NULL);
	stamp(date, sizeof(date), m->updated, 0);
	xml_element(&x, "updated", date);
	xml_open(&x, "author");
	xml_element(&x, "name", m->author);
	xml_close(&x);
	xml_element(&x, "generator", GENERATOR);
	for (size_t i = 0; i < f->n; i++)
		atom_entry(&x, &f->items[i]);
	xml_close(&x);
	return xml_out_end(&x, out, len);
}

static void rss_item(xml_out *x, const entry *e)
{
	char date[40];
	size_t i;
	json_t *v;
	xml_open(x, "item");
	xml_element(x, "title", e->title);
	xml_element(x, "link", e->url);
	xml_open(x, "guid");
	xml_out_attr(x, "isPermaLink", strcmp(e->id, e->url) == 0 ? "true" : "false");
	xml_out_text(x, e->id);
	xml_close(x);
	stamp(date, sizeof(date), e->published, 1);
	xml_element(x, "pubDate", date);
	json_array_foreach(e->authors, i, v)
		xml_element(x, "dc:creator", json_string_value(v));
	json_array_foreach(e->tags, i, v)
		xml_element(x, "category", json_string_value(v));
	xml_element(x, "description", e->summary ? e->summary : e->title);
	xml_element(x, "content:encoded", e->html);
	xml_close(x);
}

static int rss(const feed *f, const meta *m, char **out, size_t *len)
{
	xml_out x;
	char date[40];
	if (xml_out_start(&x))
		return -1;
	xml_open(&x, "rss");
	xml_out_attr(&x, "version", "2.0");
	xml_out_attr(&x, "xmlns:atom", "http://www.w3.org/2005/Atom");
	xml_out_attr(&x, "xmlns:content", "http://purl.org/rss/1.0/modules/content/");
	xml_out_attr(&x, "xmlns:dc", "http://purl.org/dc/elements/1.1/");
	xml_open(&x, "channel");
	xml_element(&x, "title", m->title);
	xml_element(&x, "link", m->base);
	xml_element(&x, "description", m->description ? m->description : m->title);
	xml_element(&x, "language", m->language);
	stamp(date, sizeof(date), m->updated, 1);
	xml_element(&x, "lastBuildDate", date);
	xml_element(&x, "generator", GENERATOR);
	xml_empty(&x, "atom:link", "href", m->self_rss, "rel", "self", "type", "application/rss+xml",
	          NULL);
	for (size_t i = 0; i < f->n; i++)
		rss_item(&x, &f->items[i]);
	xml_close(&x);
	xml_close(&x);
	return xml_out_end(&x, out, len);
}

static void set_clean(json_t *o, const char *key, const char *value)
{
	char *clean = value && value[0] ? text_clean(value) : NULL;
	if (clean)
		json_object_set_new(o, key, json_string(clean));
	free(clean);
}

static json_t *names(const json_t *list)
{
	json_t *out = json_array(), *v;
	size_t i;
	json_array_foreach(list, i, v)
		json_array_append_new(out, json_pack("{s:O}", "name", v));
	return out;
}

static json_t *json_item(const entry *e)
{
	char date[40];
	json_t *o = json_object();
	set_clean(o, "id", e->id);
	set_clean(o, "url", e->url);
	set_clean(o, "title", e->title);
	set_clean(o, "content_html", e->html ? e->html : e->summary ? e->summary : e->title);
	set_clean(o, "summary", e->summary);
	set_clean(o, "image", e->image);
	stamp(date, sizeof(date), e->published, 0);
	set_clean(o, "date_published", date);
	stamp(date, sizeof(date), e->updated, 0);
	set_clean(o, "date_modified", date);
	if (json_array_size(e->authors))
		json_object_set_new(o, "authors", names(e->authors));
	if (json_array_size(e->tags))
		json_object_set(o, "tags", e->tags);
	set_clean(o, "language", e->language);
	return o;
}

static int jsonfeed(const feed *f, const meta *m, char **out, size_t *len)
{
	json_t *o = json_object(), *items = json_array();
	set_clean(o, "version", "https://jsonfeed.org/version/1.1");
	set_clean(o, "title", m->title);
	set_clean(o, "home_page_url", m->base);
	set_clean(o, "feed_url", m->self_json);
	set_clean(o, "description", m->description);
	set_clean(o, "language", m->language);
	json_object_set_new(o, "authors", json_pack("[{s:s}]", "name", m->author));
	for (size_t i = 0; i < f->n; i++)
		json_array_append_new(items, json_item(&f->items[i]));
	json_object_set_new(o, "items", items);
	*out = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_ENSURE_ASCII);
	json_decref(o);
	if (!*out)
		return -1;
	*len = strlen(*out);
	(*out)[(*len)++] = '\n'; /* the NUL becomes the final newline */
	return 0;
}

static int write_one(galley_ctx *ctx, const char *name, int (*fn)(const feed *, const meta *, char **, size_t *),
                     const feed *f, const meta *m)
{
	char path[1024], *data;
	size_t len;
	snprintf(path, sizeof(path), "%s/%s", H->setting_string(ctx, "dir"), name);
	if (fn(f, m, &data, &len))
		return H->fail(ctx, "cannot write '%s': out of memory", path);
	int rc = H->output_write(ctx, NULL, path, data, len);
	free(data);
	return rc;
}

static int feed_finish(void *state, galley_ctx *ctx)
{
	feed *f = state;
	const char *title = H->setting_string(ctx, "title"), *where = H->setting_string(ctx, "feed_url");
	meta m = {.title = title && title[0] ? title : H->run_info(ctx, "pipeline"),
	          .description = H->setting_string(ctx, "description"),
	          .language = H->setting_string(ctx, "language"),
	          .base = H->setting_string(ctx, "base_url"),
	          .updated = f->run_time};
	const char *author = H->setting_string(ctx, "author");
	m.author = author && author[0] ? author : m.title;
	if (!where || !where[0])
		where = m.base;
	for (size_t i = 0; i < f->n; i++) /* the newest change; the run's time when empty */
		if (i == 0 || f->items[i].updated > m.updated)
			m.updated = f->items[i].updated;
	m.self_atom = absolute(where, "atom.xml");
	m.self_rss = absolute(where, "rss.xml");
	m.self_json = absolute(where, "feed.json");
	int rc = !m.self_atom || !m.self_rss || !m.self_json ? H->fail(ctx, "out of memory") : 0;
	if (!rc && (f->formats & ATOM))
		rc = write_one(ctx, "atom.xml", atom, f, &m);
	if (!rc && (f->formats & RSS))
		rc = write_one(ctx, "rss.xml", rss, f, &m);
	if (!rc && (f->formats & JSONFEED))
		rc = write_one(ctx, "feed.json", jsonfeed, f, &m);
	free(m.self_atom);
	free(m.self_rss);
	free(m.self_json);
	return rc;
}

/* The reference `galley plugins --markdown` prints (plugins/README.md). */
static const char reference[] =
	"The run's newest public articles as feeds, newest first (an item with\n"
	"`pubstatus` `canceled` or `withheld`, or whose `dates.embargo` is after the\n"
	"run's instant, `galley run --now`, is left out):\n"
	"Atom 1.0 `DIR/atom.xml`, RSS 2.0 `DIR/rss.xml`, JSON Feed 1.1\n"
	"`DIR/feed.json`, written when the run finishes (XML through libxml2's\n"
	"writer, JSON through jansson, ASCII-only). Articles pass one by one and only\n"
	"the newest `limit` are kept, so memory does not grow with the run. Undated\n"
	"articles are dated by the run (`SOURCE_DATE_EPOCH`, else midnight of the run\n"
	"date), so the same inputs give the same bytes. `tests/exports.t` parses Atom\n"
	"and RSS with `python3-feedparser` (`bozo == 0`, one entry per article, newest\n"
	"first) and validates JSON Feed against `tests/fixtures/feeds/jsonfeed-1.1.json`\n"
	"(Debian's feedparser 6.0.10 does not read JSON Feed; jsonfeed.org publishes no\n"
	"schema, so that file writes the specification's rules down). Settings: `dir`\n"
	"(default `feeds`), `formats` (list of `atom`, `rss`, `json`; default all\n"
	"three), `base_url` (required, `http(s)://…`), `link` (an article's page under\n"
	"`base_url`, default `{id}.html`; an article's own absolute `extra.url` wins,\n"
	"then the canonical address its importer found in `extra.uri` (a page's\n"
	"`rel=canonical`, a WordPress permalink, a ninjs `uri`), then a `guid` that is\n"
	"an http(s) address),\n"
	"`feed_url` (where the feed files are published, for self links; default\n"
	"`base_url`), `title` (default: the pipeline's name), `description`, `author`\n"
	"(default: the title), `language`, `limit` (default 50), `content` (default\n"
	"true: the body as HTML; false: the standfirst only).\n"
	"\n"
	"| galley | Atom 1.0 | RSS 2.0 | JSON Feed 1.1 |\n"
	"| --- | --- | --- | --- |\n";

GALLEY_PLUGIN_DEFINE(.name = "export/feed", .doc = reference,
                     .description = "writes the run's newest articles as Atom, RSS and JSON Feed (DIR/atom.xml, rss.xml, feed.json)",
                     .role = GALLEY_ROLE_SINK, .settings = settings, .init = feed_init,
                     .process = feed_process, .finish = feed_finish, .destroy = feed_destroy,
                     .flags = GALLEY_PLUGIN_RUN_WIDE)
