/* nitf_write.c — an article as a NITF 3.6 document (nitf_write.h):
 * head (title, docdata, pubdata), body.head (hedline, byline, abstract),
 * body.content (media, p, hl2, bq, ul) and body.end (tagline). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "article/article_doc.h"
#include "text/datetime.h"
#include "text/text_out.h"
#include "xml/nitf_write.h"
#include "text/url_safe.h"

/* <name norm="20261123T060000+0000"/> for the first date named that parses. */
static void date_element(xml_out *x, const char *name, const char *attr, const json_t *art,
                         const char *const *names)
{
	time_t t;
	char norm[32];
	if (doc_date(art, names, &t))
		return;
	datetime_basic(t, norm, sizeof(norm));
	if (name)
		xml_empty(x, name, attr, norm, NULL);
	else /* an attribute of the element open */
		xml_out_attr(x, attr, norm);
}

/* Entities in docdata's identified-content: person, org, location. */
static void identified_content(xml_out *x, const json_t *art)
{
	const json_t *list = json_object_get(art, "entities");
	size_t i, opened = 0;
	json_t *e;
	json_array_foreach(list, i, e)
	{
		const char *type = text_get(e, "type"), *name = text_get(e, "name"), *tag = NULL;
		if (!type || !name)
			continue;
		if (strcmp(type, "person") == 0)
			tag = "person";
		else if (strcmp(type, "organisation") == 0 || strcmp(type, "organization") == 0)
			tag = "org";
		else if (strcmp(type, "place") == 0)
			tag = "location";
		if (!tag)
			continue;
		if (!opened++)
			xml_open(x, "identified-content");
		xml_open(x, tag);
		/* NITF 3.6 gives person and org a value, location a location-code */
		xml_out_attr(x, strcmp(tag, "location") == 0 ? "location-code" : "value",
		             text_get(e, "id"));
		xml_out_text(x, name);
		xml_close(x);
	}
	if (opened)
		xml_close(x);
}

static int has_signal(const json_t *art, const char *signal)
{
	size_t i;
	json_t *s;
	json_array_foreach(json_object_get(art, "signals"), i, s)
		if (json_string_value(s) && strcmp(json_string_value(s), signal) == 0)
			return 1;
	return 0;
}

/* The dynamic use key: the id (import/nitf reads it back as the id), and
 * the version. */
static void du_key(xml_out *x, const json_t *art)
{
	json_t *version = json_object_get(art, "version");
	char v[24] = "";
	if (json_is_integer(version))
		snprintf(v, sizeof(v), "%" JSON_INTEGER_FORMAT, json_integer_value(version));
	xml_empty(x, "du-key", "key", text_get(art, "id"), "version", v[0] ? v : NULL, NULL);
}

static void docdata(xml_out *x, const nitf_options *o, const json_t *art)
{
	static const char *const release[] = {"embargo", "published", "created", NULL};
	static const char *const expire[] = {"expires", NULL};
	const char *status = text_get(art, "pubstatus"), *guid = text_get(art, "guid");
	xml_open(x, "docdata");
	xml_out_attr(x, "management-status", status); /* none when null: usable */
	if (has_signal(art, "correction"))
		xml_empty(x, "correction", NULL);
	xml_empty(x, "doc-id", "id-string", guid ? guid : text_get(art, "id"), NULL);
	json_t *urgency = json_object_get(art, "urgency");
	if (json_is_integer(urgency) && json_integer_value(urgency) >= 1 &&
	    json_integer_value(urgency) <= 8) {
		char u[4];
		snprintf(u, sizeof(u), "%d", (int)json_integer_value(urgency));
		xml_empty(x, "urgency", "ed-urg", u, NULL);
	}
	date_element(x, "date.issue", "norm", art, doc_published);
	date_element(x, "date.release", "norm", art, release);
	date_element(x, "date.expire", "norm", art, expire);
	du_key(x, art);
	const char *holder = o->copyrightholder;
	if (holder && holder[0])
		xml_empty(x, "doc.copyright", "holder", holder, NULL);
	const char *terms = text_get(art, "usageterms");
	if (terms)
		xml_empty(x, "doc.rights", "limitations", terms, NULL);
	const json_t *keywords = json_object_get(art, "keywords");
	if (json_array_size(keywords)) {
		size_t i;
		json_t *k;
		xml_open(x, "key-list");
		json_array_foreach(keywords, i, k)
			xml_empty(x, "keyword", "key", json_string_value(k), NULL);
		xml_close(x);
	}
	if (!o->without_entities)
		identified_content(x, art);
	xml_close(x);
}

static void head(xml_out *x, const nitf_options *o, const json_t *art)
{
	xml_open(x, "head");
	xml_element(x, "title", text_get(art, "headline"));
	docdata(x, o, art);
	xml_open(x, "pubdata");
	xml_out_attr(x, "type", "web");
	xml_out_attr(x, "name", o->publication);
	date_element(x, NULL, "date.publication", art, doc_published);
	xml_out_attr(x, "position.section", text_get(art, "section"));
	xml_close(x);
	xml_close(x);
}

static void body_head(xml_out *x, const json_t *art)
{
	size_t i;
	json_t *b;
	xml_open(x, "body.head");
	xml_open(x, "hedline");
	xml_open(x, "hl1");
	xml_out_text(x, text_get(art, "headline"));
	xml_close(x);
	xml_element(x, "hl2", text_get(art, "kicker"));
	xml_close(x);
	json_array_foreach(json_object_get(art, "bylines"), i, b)
	{
		if (!json_string_value(b) || !json_string_value(b)[0])
			continue;
		xml_open(x, "byline");
		xml_element(x, "person", json_string_value(b));
		xml_close(x);
	}
	if (text_get(art, "standfirst")) {
		xml_open(x, "abstract");
		xml_element(x, "p", text_get(art, "standfirst"));
		xml_close(x);
	}
	xml_close(x);
}

/* The MIME type media-reference needs: the media's own, else from the
 * file name's extension. */
static const char *mime_of(const json_t *m)
{
	static const char *const by_ext[][2] = {
		{".jpg", "image/jpeg"}, {".jpeg", "image/jpeg"}, {".png", "image/png"},
		{".gif", "image/gif"},  {".webp", "image/webp"}, {".svg", "image/svg+xml"},
		{".tif", "image/tiff"}, {".tiff", "image/tiff"},
	};
	const char *mime = text_get(m, "mime"), *href = text_get(m, "href");
	if (mime)
		return mime;
	const char *dot = href ? strrchr(href, '.') : NULL;
	for (size_t i = 0; dot && i < sizeof(by_ext) / sizeof(by_ext[0]); i++)
		if (strcasecmp(dot, by_ext[i][0]) == 0)
			return by_ext[i][1];
	return "application/octet-stream";
}

static void media(xml_out *x, const json_t *art)
{
	size_t i;
	json_t *m;
	json_array_foreach(json_object_get(art, "media"), i, m)
	{
		const char *type = text_get(m, "type");
		xml_open(x, "media");
		xml_out_attr(x, "media-type", type && strcmp(type, "image") == 0 ? "image" : "other");
		xml_empty(x, "media-reference", "source", url_or_null(text_get(m, "href")), "mime-type", mime_of(m),
		          "alternate-text", text_get(m, "alt"), NULL);
		xml_element(x, "media-caption", text_get(m, "caption"));
		xml_element(x, "media-producer", text_get(m, "credit"));
		xml_close(x);
	}
}

static void list_items(xml_out *x, const char *text)
{
	strbuf item = {0};
	const char *t;
	size_t n;
	xml_open(x, "ul");
	while (text_list_next(&text, &t, &n)) {
		item.len = 0;
		if (sb_add(&item, t, n))
			x->failed = 1;
		else
			xml_element(x, "li", item.s);
	}
	xml_close(x);
	sb_free(&item);
}

static void block(xml_out *x, const json_t *b)
{
	const char *type = text_get(b, "type"), *text = text_get(b, "text");
	if (!type || !text || !text[0])
		return;
	if (strcmp(type, "heading") == 0) {
		xml_element(x, "hl2", text);
	} else if (strcmp(type, "quote") == 0) {
		xml_open(x, "bq");
		xml_open(x, "block");
		xml_element(x, "p", text);
		xml_close(x);
		xml_element(x, "credit", text_get(b, "speaker"));
		xml_close(x);
	} else if (strcmp(type, "list") == 0) {
		list_items(x, text);
	} else {
		xml_open(x, "p");
		if (strcmp(type, "paragraph") != 0)
			xml_out_attr(x, "class", type);
		xml_out_text(x, text);
		xml_close(x);
	}
}

static void body(xml_out *x, const nitf_options *o, const json_t *art)
{
	size_t i;
	json_t *b;
	xml_open(x, "body");
	body_head(x, art);
	xml_open(x, "body.content");
	media(x, art);
	json_array_foreach(json_object_get(art, "body"), i, b)
		block(x, b);
	xml_close(x);
	const char *tagline = o->tagline;
	if (tagline && tagline[0]) {
		xml_open(x, "body.end");
		xml_element(x, "tagline", tagline);
		xml_close(x);
	}
	xml_close(x);
}

void nitf_write(xml_out *x, const json_t *art, const nitf_options *o)
{
	xml_open(x, "nitf");
	if (o->with_namespace)
		xml_out_attr(x, "xmlns", NITF_NS);
	xml_out_attr(x, "version", "-//IPTC//DTD NITF 3.6//EN");
	xml_out_attr(x, "baselang", text_get(art, "language"));
	head(x, o, art);
	body(x, o, art);
	xml_close(x);
}
