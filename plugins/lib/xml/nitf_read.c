/* nitf_read.c — NITF 3.x into an article (see nitf_read.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "article/article_fill.h"
#include "text/datetime.h"
#include "text/whole_number.h"
#include "html/html_node.h"
#include "xml/nitf_read.h"
#include "xml/xml_in.h"

typedef struct reader {
	const galley_host *h;
	galley_article *a;
	int failed;
	strbuf seen; /* "type\tname\n" of the entities added, to add each once */
} reader;

static void check(reader *r, int rc)
{
	if (rc)
		r->failed = 1;
}

static void entity(reader *r, const char *type, const char *name)
{
	if (!name || !name[0])
		return;
	strbuf key = {0};
	if (sb_puts(&key, "\n") || sb_puts(&key, type) || sb_puts(&key, "\t") || sb_puts(&key, name) ||
	    sb_puts(&key, "\n")) {
		r->failed = 1;
	} else if (!r->seen.s || !strstr(r->seen.s, key.s)) {
		check(r, r->h->entity_add(r->a, type, name, NULL) < 0 || sb_puts(&r->seen, key.s + !!r->seen.len));
	}
	sb_free(&key);
}

/* A field from an element's text. */
static void text_to(reader *r, const char *field, const xmlNode *n)
{
	char *t = xml_text(n);
	check(r, fill(r->h, r->a, field, t));
	free(t);
}

static void date_to(reader *r, const char *field, const char *norm)
{
	char iso[32];
	if (norm && !datetime_extended(norm, iso, sizeof(iso)))
		check(r, fill(r->h, r->a, field, iso));
}

/* ---- head ---- */

/* docdata's dates: date.issue is the publication, a later date.release
 * the embargo, date.expire goes to extra. */
static void dates(reader *r, const xmlNode *docdata)
{
	const char *issue = xml_attr(xml_child(docdata, "date.issue"), "norm");
	const char *release = xml_attr(xml_child(docdata, "date.release"), "norm");
	char a[32], b[32];
	date_to(r, "dates.published", issue ? issue : release);
	if (issue && release && !datetime_extended(issue, a, sizeof(a)) &&
	    !datetime_extended(release, b, sizeof(b)) && strcmp(a, b))
		check(r, fill(r->h, r->a, "dates.embargo", b));
	const char *expire = xml_attr(xml_child(docdata, "date.expire"), "norm");
	if (expire && !datetime_extended(expire, a, sizeof(a)))
		check(r, fill_extra(r->h, r->a, "expires", a));
}

static void identified(reader *r, const xmlNode *ic)
{
	static const char *const tags[][2] = {
		{"person", "person"}, {"org", "organisation"}, {"location", "place"}, {"event", "event"},
		{"object.title", "work"}, {"virtloc", "place"}};
	for (const xmlNode *c = xml_child(ic, NULL); c; c = xml_next(c, NULL))
		for (size_t i = 0; i < sizeof(tags) / sizeof(tags[0]); i++) {
			if (!xml_is(c, tags[i][0]))
				continue;
			char *name = xml_text(c);
			if (!name && xml_attr(c, "value"))
				name = strdup(xml_attr(c, "value"));
			entity(r, tags[i][1], name);
			free(name);
		}
}

/* management-status (usable, embargoed, withheld, canceled: embargoed
 * is usable, its time in date.release), du-key@version, and a
 * correction as the signal `correction`. */
static void status(reader *r, const xmlNode *d)
{
	const char *s = xml_attr(d, "management-status");
	if (s && !r->h->get(r->a, "pubstatus") &&
	    (!strcmp(s, "usable") || !strcmp(s, "withheld") || !strcmp(s, "canceled")))
		check(r, r->h->set(r->a, "pubstatus", s));
	long long n = whole_number(xml_attr(xml_child(d, "du-key"), "version"));
	if (n && !r->h->get_int(r->a, "version"))
		check(r, r->h->set_int(r->a, "version", n));
	if (xml_child(d, "correction"))
		check(r, fill_list(r->h, r->a, "signals", "correction"));
}

static void docdata(reader *r, const xmlNode *d)
{
	const char *doc_id = xml_attr(xml_child(d, "doc-id"), "id-string");
	check(r, fill(r->h, r->a, "guid", doc_id) || fill_extra(r->h, r->a, "doc_id", doc_id));
	const char *urg = xml_attr(xml_child(d, "urgency"), "ed-urg");
	if (urg && strlen(urg) == 1 && urg[0] >= '1' && urg[0] <= '8' && !r->h->get_int(r->a, "urgency"))
		check(r, r->h->set_int(r->a, "urgency", urg[0] - '0'));
	status(r, d);
	dates(r, d);
	check(r, fill_extra(r->h, r->a, "copyright_holder", xml_attr(xml_child(d, "doc.copyright"), "holder")));
	check(r, fill(r->h, r->a, "usageterms", xml_attr(xml_child(d, "doc.rights"), "limitations")));
	for (const xmlNode *k = xml_child(xml_child(d, "key-list"), "keyword"); k; k = xml_next(k, "keyword"))
		check(r, fill_list(r->h, r->a, "keywords", xml_attr(k, "key")));
	for (const xmlNode *ic = xml_child(d, "identified-content"); ic; ic = xml_next(ic, "identified-content"))
		identified(r, ic);
}

/* tobject.subject codes: extra.subjects [{code, type, matter, detail}],
 * and a "subject" entity by the most specific name. */
static void subjects(reader *r, const xmlNode *tobject)
{
	json_t *list = json_array();
	for (const xmlNode *s = xml_child(tobject, "tobject.subject"); list && s;
	     s = xml_next(s, "tobject.subject")) {
		static const char *const keys[][2] = {{"code", "tobject.subject.refnum"},
		                                      {"type", "tobject.subject.type"},
		                                      {"matter", "tobject.subject.matter"},
		                                      {"detail", "tobject.subject.detail"}};
		json_t *o = json_object();
		const char *name = NULL;
		for (size_t i = 0; o && i < 4; i++) {
			const char *v = xml_attr(s, keys[i][1]);
			if (v && v[0]) {
				json_object_set_new(o, keys[i][0], json_string(v));
				name = i ? v : name;
			}
		}
		if (!o || json_array_append_new(list, o))
			r->failed = 1;
		entity(r, "subject", name);
	}
	char *s = json_array_size(list) ? json_dumps(list, JSON_COMPACT) : NULL;
	if (s && !r->h->extra_get_string(r->a, "subjects"))
		check(r, r->h->extra_set_json(r->a, "subjects", s));
	free(s);
	json_decref(list);
}

static void head(reader *r, const xmlNode *h)
{
	docdata(r, xml_child(h, "docdata"));
	const xmlNode *pub = xml_child(h, "pubdata");
	check(r, fill(r->h, r->a, "section", xml_attr(pub, "position.section")));
	check(r, fill_extra(r->h, r->a, "publication", xml_attr(pub, "name")));
	date_to(r, "dates.published", xml_attr(pub, "date.publication"));
	const xmlNode *tobject = xml_child(h, "tobject");
	check(r, fill_extra(r->h, r->a, "genre", xml_attr(tobject, "tobject.type")));
	subjects(r, tobject);
}

/* ---- body.head ---- */

static void bylines(reader *r, const xmlNode *bh)
{
	for (const xmlNode *b = xml_child(bh, "byline"); b; b = xml_next(b, "byline")) {
		const xmlNode *person = xml_child(b, "person");
		char *t = xml_text(person ? person : b);
		check(r, fill_list(r->h, r->a, "bylines", fill_unby(t)));
		free(t);
	}
}

static void body_head(reader *r, const xmlNode *bh)
{
	const xmlNode *hed = xml_child(bh, "hedline");
	text_to(r, "headline", xml_child(hed, "hl1"));
	text_to(r, "kicker", xml_child(hed, "hl2"));
	bylines(r, bh);
	text_to(r, "standfirst", xml_child(bh, "abstract"));
	char *dateline = xml_text(xml_child(bh, "dateline"));
	check(r, fill_extra(r->h, r->a, "dateline", dateline));
	free(dateline);
}

/* ---- body.content ---- */

static void block(reader *r, const char *type, const char *text, int level, const char *speaker)
{
	if (!text || !text[0])
		return;
	size_t i = r->h->block_count(r->a);
	check(r, r->h->block_insert(r->a, i, type, text) ||
	                 (level && r->h->block_set_level(r->a, i, level)) ||
	                 (speaker && speaker[0] && r->h->block_set(r->a, i, "speaker", speaker)));
}

static void text_block(reader *r, const xmlNode *n, const char *type, int level)
{
	char *t = xml_text(n);
	block(r, type, t, level, NULL);
	free(t);
}

/* <bq><block><p>…</p></block><credit>— Name</credit></bq> */
static void quote(reader *r, const xmlNode *bq)
{
	const xmlNode *credit = xml_child(bq, "credit");
	strbuf text = {0};
	html_text(bq, &text, credit);
	char *speaker = xml_text(credit);
	block(r, "quote", html_trimmed(&text), 0, html_undash(speaker));
	free(speaker);
	sb_free(&text);
}

static void list(reader *r, const xmlNode *l)
{
	strbuf items = {0};
	for (const xmlNode *li = xml_child(l, "li"); li; li = xml_next(li, "li")) {
		char *t = xml_text(li);
		if (t && ((items.len && sb_puts(&items, "\n")) || sb_puts(&items, t)))
			r->failed = 1;
		free(t);
	}
	block(r, "list", items.s, 0, NULL);
	sb_free(&items);
}

static void media_field(reader *r, int i, const char *field, const char *value)
{
	if (value && value[0])
		check(r, r->h->media_set(r->a, (size_t)i, field, value));
}

static void media(reader *r, const xmlNode *m)
{
	const char *type = xml_attr(m, "media-type");
	int i = r->h->media_add(r->a, !type || !strcmp(type, "image") || !strcmp(type, "graphic") ? "image" : type);
	if (i < 0) {
		r->failed = 1;
		return;
	}
	const xmlNode *ref = xml_child(m, "media-reference");
	media_field(r, i, "href", xml_attr(ref, "source"));
	const char *mime = xml_attr(ref, "mime-type"); /* octet-stream: "not known" */
	if (mime && strcmp(mime, "application/octet-stream") != 0)
		media_field(r, i, "mime", mime);
	media_field(r, i, "alt", xml_attr(ref, "alternate-text"));
	char *caption = xml_text(xml_child(m, "media-caption"));
	char *credit = xml_text(xml_child(m, "media-producer"));
	media_field(r, i, "caption", caption);
	media_field(r, i, "credit", credit);
	free(caption);
	free(credit);
}

static void content(reader *r, const xmlNode *n, int depth)
{
	for (const xmlNode *c = xml_child(n, NULL); c && !r->failed; c = xml_next(c, NULL)) {
		const char *cls = xml_attr(c, "class");
		if (xml_is(c, "p"))
			text_block(r, c,
			           cls && (!strcmp(cls, "caption") || !strcmp(cls, "embed")) ? cls : "paragraph", 0);
		else if (xml_is(c, "hl2"))
			text_block(r, c, "heading", 2);
		else if (xml_is(c, "bq"))
			quote(r, c);
		else if (xml_is(c, "ul") || xml_is(c, "ol"))
			list(r, c);
		else if (xml_is(c, "media"))
			media(r, c);
		else if (xml_is(c, "pre") || xml_is(c, "table") || xml_is(c, "nitf-table"))
			text_block(r, c, "paragraph", 0);
		else if ((xml_is(c, "block") || xml_is(c, "dl")) && depth < HTML_MAX_DEPTH)
			content(r, c, depth + 1);
	}
}

/* Places in the text: <evloc>, and <location> outside docdata. */
static void places(reader *r, const xmlNode *n, int depth)
{
	for (const xmlNode *c = xml_child(n, NULL); c && depth < HTML_MAX_DEPTH; c = xml_next(c, NULL)) {
		if (xml_is(c, "evloc") || xml_is(c, "location")) {
			char *name = xml_text(c);
			const char *attr = xml_attr(c, "city") ? xml_attr(c, "city") : xml_attr(c, "country");
			entity(r, "place", name ? name : attr);
			free(name);
		} else {
			places(r, c, depth + 1);
		}
	}
}

int nitf_read(const galley_host *h, galley_article *a, const xmlNode *nitf)
{
	reader r = {h, a, 0, {0}};
	const xmlNode *hd = xml_child(nitf, "head"), *body = xml_child(nitf, "body");
	const char *lang = xml_attr(nitf, "baselang");
	check(&r, fill(h, a, "language", lang ? lang : xml_attr(body, "lang")));
	body_head(&r, xml_child(body, "body.head"));
	text_to(&r, "headline", xml_child(hd, "title"));
	head(&r, hd);
	const xmlNode *bc = xml_child(body, "body.content");
	if (!r.failed && bc) {
		content(&r, bc, 0);
		places(&r, bc, 0);
	}
	char *tagline = xml_text(xml_child(xml_child(body, "body.end"), "tagline"));
	check(&r, fill_extra(h, a, "tagline", tagline));
	free(tagline);
	sb_free(&r.seen);
	return r.failed ? -1 : 0;
}
