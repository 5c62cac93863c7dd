/* export/newsml — one DIR/ID.xml per article as an IPTC NewsML-G2 2.35
 * newsItem: identity and status in itemMeta (guid, version, pubStatus,
 * embargoed, signals), the descriptive metadata in contentMeta, rights,
 * and the text as NITF inside inlineXML, written by lib/xml/nitf_write
 * as export/nitf writes it.  tests/exports.t validates every item against
 * IPTC's NewsML-G2 2.35 schema and reads it back through import/newsml. */
#include <stdio.h>
#include <string.h>

#include "article/article_doc.h"
#include "galley/plugin.h"
#include "io/export_path.h"
#include "text/datetime.h"
#include "text/text_out.h"
#include "xml/nitf_write.h"
#include "xml/xml_out.h"

#define G2_NS "http://iptc.org/std/nar/2006-10-01/"
#define G2_CATALOG "http://www.iptc.org/std/catalog/catalog.IPTC-G2-Standards_38.xml"

static const galley_host *H;

static const galley_setting settings[] = {
	EXPORT_DIR_SETTING("newsml"),
	GALLEY_SETTING("provider", STRING, NULL,
	               "itemMeta provider, the item's sender (default: the pipeline's name)"),
	GALLEY_SETTING("copyrightholder", STRING, NULL, "rightsInfo copyrightHolder of every item"),
	GALLEY_SETTING("publication", STRING, NULL, "the inline NITF's pubdata name"),
	{0},
};

typedef struct newsml {
	time_t run_time; /* what versionCreated says when the article has no date */
} newsml;

static int newsml_init(const galley_host *host, galley_ctx *ctx, void **state)
{
	H = host;
	static newsml one; /* the same for every instance: read only after init */
	one.run_time = datetime_run(host->run_info(ctx, "epoch"), host->run_info(ctx, "date"));
	*state = &one;
	return GALLEY_OK;
}

/* A date-time with its zone as the article has it (2026-11-24T08:30:00+01:00),
 * so it reads back the same; 0, or -1 for a date alone or no zone. */
static int with_zone(const char *s, char out[32])
{
	if (!s || datetime_extended(s, out, 32) != 0)
		return -1;
	const char *t = strchr(out, 'T');
	return t && (strchr(t, 'Z') || strchr(t, '+') || strchr(t, '-')) ? 0 : -1;
}

/* <name>date-time</name> for the first date named that parses (as the
 * article writes it when it has a time and zone, else RFC 3339 in UTC),
 * else fallback (0: none). */
static void date_to(xml_out *x, const char *name, const json_t *art, const char *const *names,
                    time_t fallback)
{
	const json_t *dates = json_object_get(art, "dates");
	time_t t;
	char buf[32];
	for (; *names; names++) {
		const char *s = text_get(dates, *names);
		if (s && datetime_parse(s, &t) == 0) {
			if (with_zone(s, buf))
				datetime_rfc3339(t, buf, sizeof(buf));
			xml_element(x, name, buf);
			return;
		}
	}
	if (fallback) {
		datetime_rfc3339(fallback, buf, sizeof(buf));
		xml_element(x, name, buf);
	}
}

/* <name><name>text</name></name>: a concept by its name. */
static void concept(xml_out *x, const char *name, const char *attr, const char *value,
                    const char *text)
{
	if (!text || !text[0])
		return;
	xml_open(x, name);
	xml_out_attr(x, attr, value);
	xml_element(x, "name", text);
	xml_close(x);
}

static void rights_info(xml_out *x, galley_ctx *ctx, const json_t *art)
{
	const char *holder = H->setting_string(ctx, "copyrightholder");
	const char *notice = text_get(art, "copyright"), *terms = text_get(art, "usageterms");
	if (!(holder && holder[0]) && !notice && !terms)
		return;
	xml_open(x, "rightsInfo");
	concept(x, "copyrightHolder", NULL, NULL, holder);
	xml_element(x, "copyrightNotice", notice);
	xml_element(x, "usageTerms", terms);
	xml_close(x);
}

static void item_meta(xml_out *x, galley_ctx *ctx, const newsml *n, const json_t *art)
{
	static const char *const first[] = {"published", "created", "modified", NULL};
	static const char *const embargo[] = {"embargo", NULL};
	const char *provider = H->setting_string(ctx, "provider"), *status = text_get(art, "pubstatus");
	char qcode[128];
	xml_open(x, "itemMeta");
	xml_empty(x, "itemClass", "qcode", "ninat:text", NULL);
	xml_empty(x, "provider", "literal", provider ? provider : H->run_info(ctx, "pipeline"), NULL);
	date_to(x, "versionCreated", art, doc_updated, n->run_time);
	date_to(x, "firstCreated", art, first, 0);
	date_to(x, "embargoed", art, embargo, 0);
	if (status) { /* null is usable, as an absent pubStatus is */
		snprintf(qcode, sizeof(qcode), "stat:%s", status);
		xml_empty(x, "pubStatus", "qcode", qcode, NULL);
	}
	size_t i;
	json_t *s;
	json_array_foreach(json_object_get(art, "signals"), i, s)
	{
		snprintf(qcode, sizeof(qcode), "sig:%s", json_string_value(s) ? json_string_value(s) : "");
		xml_empty(x, "signal", "qcode", qcode, NULL);
	}
	xml_close(x);
}

/* Entities as subjects: people, organisations and places by their
 * concept types, the others as plain subjects; an id of the form
 * scheme:code (no white space) is the subject's qcode. */
static void subjects(xml_out *x, const json_t *art)
{
	static const char *const types[][2] = {{"person", "cpnat:person"},
	                                       {"organisation", "cpnat:organisation"},
	                                       {"place", "cpnat:geoArea"}};
	size_t i;
	json_t *e;
	json_array_foreach(json_object_get(art, "entities"), i, e)
	{
		const char *type = text_get(e, "type"), *id = text_get(e, "id"), *cpnat = "cpnat:abstract";
		for (size_t t = 0; type && t < sizeof(types) / sizeof(types[0]); t++)
			if (strcmp(type, types[t][0]) == 0)
				cpnat = types[t][1];
		const char *colon = id ? strchr(id, ':') : NULL;
		int qcode = colon && colon > id && colon[1] && !id[strcspn(id, " \t\r\n")];
		xml_open(x, "subject");
		xml_out_attr(x, "type", cpnat);
		xml_out_attr(x, "qcode", qcode ? id : NULL);
		xml_element(x, "name", text_get(e, "name"));
		xml_close(x);
	}
}

static void content_meta(xml_out *x, const json_t *art)
{
	static const char *const created[] = {"created", NULL};
	json_t *urgency = json_object_get(art, "urgency");
	size_t i;
	json_t *v;
	xml_open(x, "contentMeta");
	if (json_is_integer(urgency)) {
		char u[24];
		snprintf(u, sizeof(u), "%" JSON_INTEGER_FORMAT, json_integer_value(urgency));
		xml_element(x, "urgency", u);
	}
	date_to(x, "contentCreated", art, created, 0);
	json_array_foreach(json_object_get(art, "bylines"), i, v)
		concept(x, "creator", NULL, NULL, json_string_value(v));
	xml_empty(x, "language", "tag", text_get(art, "language"), NULL);
	json_array_foreach(json_object_get(art, "keywords"), i, v)
		xml_element(x, "keyword", json_string_value(v));
	subjects(x, art);
	xml_element(x, "slugline", text_get(art, "id"));
	xml_element(x, "headline", text_get(art, "headline"));
	if (text_get(art, "kicker")) {
		xml_open(x, "headline");
		xml_out_attr(x, "role", "hld:subHeadline");
		xml_out_text(x, text_get(art, "kicker"));
		xml_close(x);
	}
	if (text_get(art, "standfirst")) {
		xml_open(x, "description");
		xml_out_attr(x, "role", "drol:summary");
		xml_out_text(x, text_get(art, "standfirst"));
		xml_close(x);
	}
	xml_close(x);
}

static int newsml_file(void *state, galley_ctx *ctx, const json_t *art, char **out, size_t *len)
{
	json_t *version = json_object_get(art, "version");
	const char *guid = text_get(art, "guid");
	char v[24] = "", uri[2048];
	if (json_is_integer(version)) /* none: 1, as the schema has it */
		snprintf(v, sizeof(v), "%" JSON_INTEGER_FORMAT, json_integer_value(version));
	doc_uri(art, "urn:galley:article:", uri, sizeof(uri));
	nitf_options o = {.publication = H->setting_string(ctx, "publication"),
	                  .copyrightholder = H->setting_string(ctx, "copyrightholder"),
	                  .with_namespace = 1,
	                  .without_entities = 1}; /* contentMeta's subjects carry them */
	xml_out x;
	if (xml_out_start(&x))
		return -1;
	xml_open(&x, "newsItem");
	xml_out_attr(&x, "xmlns", G2_NS);
	xml_out_attr(&x, "guid", guid ? guid : uri);
	xml_out_attr(&x, "version", v);
	xml_out_attr(&x, "standard", "NewsML-G2");
	xml_out_attr(&x, "standardversion", "2.35");
	xml_out_attr(&x, "conformance", "power");
	xml_out_attr(&x, "xml:lang", text_get(art, "language"));
	xml_empty(&x, "catalogRef", "href", G2_CATALOG, NULL);
	rights_info(&x, ctx, art);
	item_meta(&x, ctx, state, art);
	content_meta(&x, art);
	xml_open(&x, "contentSet");
	xml_open(&x, "inlineXML");
	xml_out_attr(&x, "contenttype", "application/nitf+xml");
	nitf_write(&x, art, &o);
	xml_close(&x);
	xml_close(&x);
	xml_close(&x);
	return xml_out_end(&x, out, len);
}

static int newsml_process(void *state, galley_ctx *ctx, galley_article *a)
{
	return doc_export(H, ctx, a, "xml", newsml_file, state);
}

/* The reference `galley plugins --markdown` prints (plugins/README.md). */
static const char reference[] =
	"`DIR/ID.xml` per article as an IPTC NewsML-G2 2.35\n"
	"`newsItem` (power conformance), its text as NITF 3.6 inside `inlineXML`,\n"
	"written exactly as export/nitf writes it. `tests/exports.t` validates every\n"
	"item against IPTC's NewsML-G2 2.35 schema with `xmllint` and reads it back\n"
	"through import/newsml into the same article. Settings: `dir` (default\n"
	"`newsml`), `provider` (default the pipeline's name), `copyrightholder`,\n"
	"`publication` (the inline NITF's `pubdata` name).\n"
	"\n"
	"| galley | NewsML-G2 |\n"
	"| --- | --- |\n"
	"| `guid` (else `extra.uri`, else `urn:galley:article:` + `id`); `version` (none when null: 1) | `newsItem/@guid`; `@version` |\n"
	"| `language` | `@xml:lang`, `contentMeta/language/@tag`, the NITF's `@baselang` |\n"
	"| `dates.modified`, else `published`, else `created`, else the run's date (the schema requires one: an undated article reads back dated) | `itemMeta/versionCreated` (RFC 3339, UTC) |\n"
	"| `dates.published`, else `created`, else `modified`; `dates.embargo`; `dates.created` | `itemMeta/firstCreated`; `itemMeta/embargoed`; `contentMeta/contentCreated` |\n"
	"| `pubstatus` (none when null: usable); each of `signals` | `itemMeta/pubStatus/@qcode` `stat:…`; `itemMeta/signal/@qcode` `sig:…` |\n"
	"| `copyright`; `usageterms`; the setting `copyrightholder` | `rightsInfo/copyrightNotice`; `usageTerms`; `copyrightHolder/name` |\n"
	"| `urgency`; `bylines`; `keywords` | `contentMeta/urgency`; `creator/name`; `keyword` |\n"
	"| `entities` (person, organisation, place, others) | `contentMeta/subject` of type `cpnat:person`, `cpnat:organisation`, `cpnat:geoArea`, `cpnat:abstract`; an id `scheme:code` as its `@qcode` |\n"
	"| `id`; `headline`; `kicker`; `standfirst` | `contentMeta/slugline`; `headline`; `headline[@role=\"hld:subHeadline\"]`; `description[@role=\"drol:summary\"]` |\n"
	"| the body, media, and all of the above | `contentSet/inlineXML[@contenttype=\"application/nitf+xml\"]/nitf` |\n";

GALLEY_PLUGIN_DEFINE(.name = "export/newsml", .doc = reference,
                     .description = "writes each article as an IPTC NewsML-G2 2.35 newsItem (DIR/ID.xml)",
                     .role = GALLEY_ROLE_SINK, .settings = settings, .init = newsml_init,
                     .process = newsml_process)
