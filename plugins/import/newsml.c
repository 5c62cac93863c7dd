/* import/newsml — IPTC NewsML-G2 into articles: a newsItem file, or a
 * newsMessage carrying several items (each becomes an article, in
 * order).  itemMeta and contentMeta give the metadata; the contentSet's
 * inline NITF goes through lib/nitf_read (the code import/nitf uses),
 * inline XHTML through lib/html_blocks, inline plain text is split into
 * paragraphs.  NewsML-G2's own metadata wins over the NITF it carries.
 * Items that hold no text (pictures, graphics, packages) are left out
 * with a warning; the parse is lib/xml_in's. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "article/article_fill.h"
#include "text/datetime.h"
#include "text/whole_number.h"
#include "galley/plugin.h"
#include "html/html_blocks.h"
#include "io/import_files.h"
#include "xml/nitf_read.h"
#include "xml/xml_in.h"
#include "xml/xml_stream.h"

static const galley_host *H;

static const galley_setting settings[] = {
	IMPORT_FILE_SETTINGS("NewsML-G2 files, such as 'wire/*.xml',", "16777216"),
	GALLEY_SETTING("max_items", INT, "100000",
	               "items one newsMessage may carry; a message with more is quarantined, naming "
	               "this setting",
	               GALLEY_RANGE(1, 10000000)),
	{0},
};

static int newsml_init(const galley_host *host, galley_ctx *ctx, void **state)
{
	(void)ctx;
	H = host;
	*state = NULL;
	return GALLEY_OK;
}

static int newsml_run(void *state, galley_ctx *ctx)
{
	(void)state;
	return import_list_files(H, ctx, "import/newsml");
}

typedef struct item_reader {
	galley_article *a;
	int failed;
} item_reader;

static void check(item_reader *r, int rc)
{
	if (rc)
		r->failed = 1;
}

static void text_to(item_reader *r, const char *field, const xmlNode *n)
{
	char *t = xml_text(n);
	check(r, fill(H, r->a, field, t));
	free(t);
}

static void extra_text(item_reader *r, const char *key, const xmlNode *n)
{
	char *t = xml_text(n);
	check(r, fill_extra(H, r->a, key, t));
	free(t);
}

/* A concept's name: its <name> child, else its literal, else its qcode. */
static char *concept_name(const xmlNode *n)
{
	char *name = xml_text(xml_child(n, "name"));
	const char *alt = xml_attr(n, "literal") ? xml_attr(n, "literal") : xml_attr(n, "qcode");
	return name ? name : alt && alt[0] ? strdup(alt) : NULL;
}

static void date_to(item_reader *r, const char *field, const xmlNode *n)
{
	char *t = xml_text(n);
	char iso[32];
	if (t && !datetime_extended(t, iso, sizeof(iso)))
		check(r, fill(H, r->a, field, iso));
	free(t);
}

/* A QCode's value without its scheme ("stat:usable" -> "usable"). */
static const char *code_value(const char *qcode)
{
	const char *colon = qcode ? strchr(qcode, ':') : NULL;
	return colon && colon[1] ? colon + 1 : qcode;
}

/* A whole number from 1 (version, urgency) onto an integer field. */
static void int_to(item_reader *r, const char *field, const char *s, long long max)
{
	long long n = whole_number(s);
	if (n && n <= max)
		check(r, H->set_int(r->a, field, n));
}

static void item_meta(item_reader *r, const xmlNode *m)
{
	char *first = xml_text(xml_child(m, "firstCreated")), *version = xml_text(xml_child(m, "versionCreated"));
	date_to(r, "dates.published", xml_child(m, first ? "firstCreated" : "versionCreated"));
	if (first && version && strcmp(first, version))
		date_to(r, "dates.modified", xml_child(m, "versionCreated"));
	free(first);
	free(version);
	date_to(r, "dates.embargo", xml_child(m, "embargoed"));
	check(r, fill_extra(H, r->a, "item_class", xml_attr(xml_child(m, "itemClass"), "qcode")));
	check(r, fill(H, r->a, "pubstatus", code_value(xml_attr(xml_child(m, "pubStatus"), "qcode"))));
	for (const xmlNode *s = xml_child(m, "signal"); s; s = xml_next(s, "signal"))
		check(r, fill_list(H, r->a, "signals", code_value(xml_attr(s, "qcode"))));
	char *provider = concept_name(xml_child(m, "provider"));
	check(r, fill_extra(H, r->a, "provider", provider));
	free(provider);
}

/* subject: people, organisations and places become entities of their
 * type, other subjects "subject" entities; every one, with its qcode,
 * goes to extra.subjects. */
static const char *subject_type(const char *type)
{
	static const char *const map[][2] = {
		{"cpnat:person", "person"},   {"cpnat:organisation", "organisation"},
		{"cpnat:geoArea", "place"},   {"cpnat:poi", "place"},
		{"cpnat:event", "event"},     {"cpnat:object", "work"}};
	for (size_t i = 0; type && i < sizeof(map) / sizeof(map[0]); i++)
		if (!strcmp(type, map[i][0]))
			return map[i][1];
	return "subject";
}

static void subjects(item_reader *r, const xmlNode *cm)
{
	json_t *list = json_array();
	for (const xmlNode *s = xml_child(cm, "subject"); s && list; s = xml_next(s, "subject")) {
		char *name = concept_name(s);
		const char *type = xml_attr(s, "type"), *qcode = xml_attr(s, "qcode");
		json_t *o = json_object();
		if (!o || json_array_append_new(list, o))
			r->failed = 1;
		if (o && qcode)
			json_object_set_new(o, "qcode", json_string(qcode));
		if (o && type)
			json_object_set_new(o, "type", json_string(type));
		if (o && name)
			json_object_set_new(o, "name", json_string(name));
		check(r, name && H->entity_add(r->a, subject_type(type), name, qcode) < 0);
		free(name);
	}
	char *s = json_array_size(list) ? json_dumps(list, JSON_COMPACT) : NULL;
	check(r, s && H->extra_set_json(r->a, "subjects", s)); /* replaces the NITF's */
	free(s);
	json_decref(list);
}

/* headline: the one without a role (or hld:main) is the headline; a
 * subHeadline or kicker role, the kicker. */
static void headlines(item_reader *r, const xmlNode *cm)
{
	for (const xmlNode *h = xml_child(cm, "headline"); h; h = xml_next(h, "headline")) {
		const char *role = xml_attr(h, "role");
		int sub = role && (strstr(role, "subHeadline") || strstr(role, "kicker"));
		text_to(r, sub ? "kicker" : "headline", h);
	}
	for (const xmlNode *d = xml_child(cm, "description"); d; d = xml_next(d, "description")) {
		const char *role = xml_attr(d, "role");
		if (!role || strstr(role, "summary") || strstr(role, "abstract"))
			text_to(r, "standfirst", d);
	}
}

static void content_meta(item_reader *r, const xmlNode *cm)
{
	headlines(r, cm);
	const xmlNode *lang = xml_child(cm, "language");
	check(r, fill(H, r->a, "language", xml_attr(lang, "tag")));
	for (const xmlNode *c = xml_child(cm, "creator"); c; c = xml_next(c, "creator")) {
		char *name = concept_name(c);
		check(r, fill_list(H, r->a, "bylines", fill_unby(name)));
		free(name);
	}
	for (const xmlNode *by = xml_child(cm, "by"); by; by = xml_next(by, "by")) {
		char *t = xml_text(by);
		check(r, fill_list(H, r->a, "bylines", fill_unby(t)));
		free(t);
	}
	for (const xmlNode *k = xml_child(cm, "keyword"); k; k = xml_next(k, "keyword")) {
		char *t = xml_text(k);
		check(r, fill_list(H, r->a, "keywords", t));
		free(t);
	}
	char *located = concept_name(xml_child(cm, "located"));
	check(r, located && (fill_extra(H, r->a, "located", located) || H->entity_add(r->a, "place", located, NULL) < 0));
	free(located);
	char *genre = concept_name(xml_child(cm, "genre"));
	check(r, fill_extra(H, r->a, "genre", genre));
	free(genre);
	extra_text(r, "slugline", xml_child(cm, "slugline"));
	extra_text(r, "dateline", xml_child(cm, "dateline"));
	date_to(r, "dates.created", xml_child(cm, "contentCreated"));
}

/* What NewsML-G2 says as JSON values (subjects, urgency), set after the
 * inline NITF's, which they replace. */
static void content_concepts(item_reader *r, const xmlNode *cm)
{
	subjects(r, cm);
	char *urg = xml_text(xml_child(cm, "urgency"));
	int_to(r, "urgency", urg, 9);
	free(urg);
}

/* The text: inline NITF, XHTML or plain text, the first the set has. */
static void content_set(item_reader *r, const xmlNode *set)
{
	for (const xmlNode *c = xml_child(set, NULL); c && !H->block_count(r->a); c = xml_next(c, NULL)) {
		const xmlNode *nitf = xml_child(c, "nitf"), *html = xml_child(c, "html");
		if (xml_is(c, "inlineXML") && nitf) {
			check(r, nitf_read(H, r->a, nitf));
		} else if (xml_is(c, "inlineXML") && html) {
			const xmlNode *body = xml_child(html, "body");
			check(r, html_blocks_node(H, r->a, body ? body : html, NULL, NULL));
		} else if (xml_is(c, "inlineData")) {
			xmlChar *raw = xmlNodeGetContent(c); /* the raw lines: blank ones part paragraphs */
			check(r, fill_paragraphs(H, r->a, (const char *)raw));
			xmlFree(raw);
		}
	}
}

static void rights(item_reader *r, const xmlNode *ri)
{
	char *holder = concept_name(xml_child(ri, "copyrightHolder"));
	check(r, fill_extra(H, r->a, "copyright_holder", holder));
	free(holder);
	char *notice = xml_text(xml_child(ri, "copyrightNotice")), *terms = xml_text(xml_child(ri, "usageTerms"));
	check(r, fill(H, r->a, "copyright", notice) || fill(H, r->a, "usageterms", terms));
	free(notice);
	free(terms);
}

/* The text an item's contentSet carries: its first inline NITF, XHTML
 * or text, or NULL. */
static const xmlNode *text_of(const xmlNode *item)
{
	const xmlNode *set = xml_child(item, "contentSet");
	for (const xmlNode *c = xml_child(set, NULL); c; c = xml_next(c, NULL))
		if ((xml_is(c, "inlineXML") && (xml_child(c, "nitf") || xml_child(c, "html"))) ||
		    xml_is(c, "inlineData"))
			return c;
	return NULL;
}

/* Why a newsItem cannot be an article, or NULL. */
static const char *unfit(const xmlNode *item)
{
	if (!xml_is(item, "newsItem"))
		return "not a newsItem (a package or concept item)";
	const char *cls = xml_attr(xml_child(xml_child(item, "itemMeta"), "itemClass"), "qcode");
	if (cls && !strstr(cls, "text") && !strstr(cls, "composite"))
		return "not a text item";
	const xmlNode *text = text_of(item), *nitf = xml_child(text, "nitf");
	/* a flash is a headline alone: it imports, with a warning */
	if (!xml_child(xml_child(item, "contentMeta"), "headline") &&
	    !xml_path(nitf, "body/body.head/hedline/hl1") && !xml_path(nitf, "head/title"))
		return "no headline: contentMeta has no <headline> and the NITF no hl1";
	return NULL;
}

/* Fills a from a fit newsItem; -1 only when out of memory. */
static int read_item(galley_ctx *ctx, galley_article *a, const xmlNode *item)
{
	item_reader r = {a, 0};
	const char *guid = xml_attr(item, "guid"), *version = xml_attr(item, "version");
	check(&r, fill(H, a, "guid", guid));
	int_to(&r, "version", version, 1000000000);
	item_meta(&r, xml_child(item, "itemMeta"));
	content_meta(&r, xml_child(item, "contentMeta"));
	rights(&r, xml_child(item, "rightsInfo"));
	content_set(&r, xml_child(item, "contentSet"));
	content_concepts(&r, xml_child(item, "contentMeta"));
	check(&r, fill(H, a, "language", xml_attr(item, "lang")) ||
	                  fill(H, a, "language", H->setting_string(ctx, "language")));
	const char *ids[] = {H->extra_get_string(a, "slugline"), H->get(a, "headline"), guid};
	return r.failed || fill_id(H, a, ids, 3) ? -1 : 0;
}

/* ---- a file ---- */

/* Read in two passes, never whole: the first checks the file and counts
 * its items and notes which package refers to which item; the second
 * hands one item's tree at a time to read_item.  A message of 50,000
 * items holds one in memory. */

/* A packageItem's itemRef: the item's guid, and the package's. */
typedef struct ref {
	char *item, *package;
	size_t order;
} ref;

typedef struct message {
	size_t items;
	ref *refs;
	size_t nrefs, cap;
	int oom;
} message;

static int by_item(const void *a, const void *b)
{
	const ref *x = a, *y = b;
	int c = strcmp(x->item, y->item);
	return c ? c : x->order < y->order ? -1 : 1; /* the message's first package wins */
}

static int is_item(const xmlNode *el)
{
	return xml_is(el->parent, "itemSet") && xml_is(el->parent->parent, "newsMessage") &&
	       !el->parent->parent->parent->parent; /* the root's: its parent is the document */
}

static int add_ref(message *m, const char *item, const char *package)
{
	if (m->nrefs == m->cap) {
		size_t cap = m->cap ? m->cap * 2 : 16;
		ref *grown = realloc(m->refs, cap * sizeof(*grown));
		if (!grown)
			return -1;
		m->refs = grown;
		m->cap = cap;
	}
	char *i = strdup(item), *p = strdup(package ? package : "");
	if (!i || !p)
		return free(i), free(p), -1;
	m->refs[m->nrefs] = (ref){i, p, m->nrefs};
	m->nrefs++;
	return 0;
}

/* The first pass: each item of the message, counted; a package's refs kept. */
static int survey(void *data, const xmlNode *el)
{
	message *m = data;
	if (!is_item(el))
		return 0;
	m->items++;
	if (!xml_is(el, "packageItem"))
		return 0;
	const char *guid = xml_attr(el, "guid");
	const xmlNode *set = xml_child(el, "groupSet");
	for (const xmlNode *g = xml_child(set, "group"); g; g = xml_next(g, "group"))
		for (const xmlNode *r = xml_child(g, "itemRef"); r; r = xml_next(r, "itemRef"))
			if (guid && xml_attr(r, "residref") && add_ref(m, xml_attr(r, "residref"), guid))
				return m->oom = 1;
	return 0;
}

/* The guid of the message's first packageItem that refers to guid, or NULL. */
static const char *package_of(const message *m, const char *guid)
{
	ref key = {(char *)guid, NULL, 0};
	size_t lo = 0, hi = m->nrefs;
	while (guid && lo < hi) { /* the first ref of guid */
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(m->refs[mid].item, key.item) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return guid && lo < m->nrefs && !strcmp(m->refs[lo].item, guid) ? m->refs[lo].package : NULL;
}

static void message_free(message *m)
{
	for (size_t i = 0; i < m->nrefs; i++)
		free(m->refs[i].item), free(m->refs[i].package);
	free(m->refs);
}

typedef struct reading {
	galley_ctx *ctx;
	const message *m;
	const char *path;
	galley_article *into; /* the article being loaded, until the first fit item */
	size_t at;
	char *why;
	size_t n;
	int single; /* a newsItem file: the root is the item (the only element handed over) */
} reading;

/* The second pass: the first fit item fills the article being loaded,
 * the other fit ones become articles of their own, emitted beside it; an
 * unfit one is left out with a warning.  No fit item: the first one's
 * reason. */
static int item(void *data, const xmlNode *el)
{
	reading *r = data;
	if (!r->single && !is_item(el))
		return 0;
	size_t i = ++r->at;
	const char *bad = unfit(el);
	if (bad) {
		if (!r->why[0])
			snprintf(r->why, r->n, "%s", bad);
		if (r->m->items > 1)
			H->log(r->ctx, GALLEY_LOG_WARN, "%s: item %zu left out: %s", r->path, i, bad);
		return 0;
	}
	galley_article *x = r->into ? r->into : H->article_new(r->ctx);
	int rc = !x || (!r->into && H->set(x, "source", r->path)) || read_item(r->ctx, x, el) ||
	         fill_extra(H, x, "package", package_of(r->m, xml_attr(el, "guid")));
	if (!rc && !H->block_count(x))
		H->log(r->ctx, GALLEY_LOG_WARN, "%s: item %zu has a headline but no text: imported as a headline only",
		       r->path, i);
	if (rc && x && !r->into)
		H->article_free(x);
	if (rc || (!r->into && H->emit(r->ctx, x)))
		return 1; /* out of memory */
	r->into = NULL;
	return 0;
}

/* What the first pass found makes the file unfit: why, or 0. */
static int refuse(galley_ctx *ctx, const xml_stream *look, const message *m, char *why, size_t n)
{
	if (!strcmp(look->root, "packageItem"))
		return snprintf(why, n, "a packageItem only refers to its items (itemRef): read the items, "
		                        "or a newsMessage that carries them"), -1;
	if (strcmp(look->root, "newsItem") && strcmp(look->root, "newsMessage"))
		return snprintf(why, n, "not NewsML-G2: the root element is <%s>, not <newsItem> or <newsMessage>",
		                look->root), -1;
	/* every item, or none: a message over the limit is refused whole,
	 * naming the setting, never cut short without a word */
	size_t max = (size_t)H->setting_int(ctx, "max_items");
	if (m->items > max)
		return snprintf(why, n, "the message carries %zu items, more than max_items (%zu): raise "
		                        "the stage's 'max_items:' to read it",
		                m->items, max), -1;
	return 0;
}

static int read_message(galley_ctx *ctx, galley_article *a, galley_file *f, const char *path,
                        char *why, size_t n)
{
	xml_source src;
	if (xml_source_open(H, ctx, f, &src, why, n))
		return -1;
	message m = {0};
	xml_stream look = {.depth = 3, .fn = survey, .data = &m};
	int rc = xml_stream_pass(H, ctx, &src, &look, why, n);
	if (rc > 0 || m.oom)
		rc = (snprintf(why, n, "out of memory"), -1);
	if (!rc)
		rc = refuse(ctx, &look, &m, why, n);
	if (!rc) {
		int single = !strcmp(look.root, "newsItem");
		if (single)
			m.items = 1;
		if (m.nrefs)
			qsort(m.refs, m.nrefs, sizeof(*m.refs), by_item);
		reading r = {ctx, &m, path, a, 0, why, n, single};
		xml_stream read = {.depth = single ? 1 : 3, .fn = item, .data = &r};
		rc = xml_stream_pass(H, ctx, &src, &read, why, n);
		if (rc > 0)
			rc = (snprintf(why, n, "out of memory"), -1);
		if (!rc && r.into && !why[0])
			snprintf(why, n, "the message carries no news item");
		if (!rc && r.into)
			rc = -1;
	}
	message_free(&m);
	xml_source_close(&src);
	return rc;
}

static int newsml_process(void *state, galley_ctx *ctx, galley_article *a)
{
	(void)state;
	return import_in_passes(H, ctx, a, read_message);
}

/* The reference `galley plugins --markdown` prints (plugins/README.md). */
static const char reference[] =
	"IPTC NewsML-G2: a `newsItem` file is one\n"
	"article; a `newsMessage` yields each text item of its `itemSet`, in order.\n"
	"Picture and graphic items and `packageItem`s are left out with a warning\n"
	"naming their number; an item with a headline but no text (a flash) is\n"
	"imported with a warning; a lone `packageItem` file is\n"
	"quarantined (it only refers to its items). NewsML-G2's own metadata wins\n"
	"over the NITF it carries. A message is read in two passes, never whole\n"
	"(its items counted and its packages noted first, then one item at a\n"
	"time, each going on as it is read). Settings as import/nitf's, and\n"
	"`max_items`.\n"
	"\n"
	"| NewsML-G2 | galley |\n"
	"| --- | --- |\n"
	"| `@guid`; `@version` | `guid`; `version` |\n"
	"| `contentMeta/slugline`, else the headline, else the guid | `id` (its slug); `extra.slugline` |\n"
	"| `contentMeta/headline` without a role (or `hld:main`); role `…subHeadline`/`…kicker` | `headline`; `kicker` |\n"
	"| `contentMeta/description` (no role, `…summary`, `…abstract`) | `standfirst` |\n"
	"| `contentMeta/creator` (`name`, else `@literal`/`@qcode`), `by` | `bylines` |\n"
	"| `contentMeta/language@tag`, else `newsItem@xml:lang` | `language` |\n"
	"| `itemMeta/firstCreated` (else `versionCreated`); `versionCreated` when it differs; `embargoed`; `contentMeta/contentCreated` | `dates.published`; `dates.modified`; `dates.embargo`; `dates.created` |\n"
	"| `contentMeta/subject`: type `cpnat:person`, `cpnat:organisation`, `cpnat:geoArea`/`cpnat:poi`, `cpnat:event`, other | entities `person`, `organisation`, `place`, `event`, `subject`, the `@qcode` as their `id`; all in `extra.subjects` `[{qcode, type, name}]` |\n"
	"| `contentMeta/keyword` | `keywords` |\n"
	"| `contentMeta/located` | `extra.located` and a `place` entity |\n"
	"| `contentMeta/genre`, `dateline` | `extra.genre`, `extra.dateline` |\n"
	"| `contentMeta/urgency` (1–9) | `urgency` |\n"
	"| `itemMeta/pubStatus` (`stat:usable`, `stat:withheld`, `stat:canceled`); each `signal` (`sig:correction`, …) | `pubstatus` (the code without its scheme); `signals` |\n"
	"| `itemMeta/itemClass`, `provider` | `extra.item_class`, `extra.provider` |\n"
	"| `rightsInfo/copyrightHolder`; `copyrightNotice`; `usageTerms` | `extra.copyright_holder`; `copyright`; `usageterms` |\n"
	"| `contentSet/inlineXML` with `nitf` | the import/nitf mapping, for what the item has not set |\n"
	"| `contentSet/inlineXML` with XHTML `html` | `body` through lib/html/html_blocks |\n"
	"| `contentSet/inlineData` (text) | paragraphs at blank lines |\n"
	"| a `packageItem` of the same message whose `itemRef@residref` names the item | `extra.package` (the package's guid) |\n";

GALLEY_PLUGIN_DEFINE(.name = "import/newsml", .doc = reference,
                     .description = "reads IPTC NewsML-G2 news items and messages, with inline NITF or XHTML",
                     .role = GALLEY_ROLE_SOURCE, .settings = settings, .init = newsml_init,
                     .run = newsml_run, .process = newsml_process)
