/* export/ninjs — one DIR/ID.json per article in IPTC ninjs, version 2.1
 * (the default) or 3.0, which differ in key case (firstcreated /
 * firstCreated) and a few names (embargoed / embargoedUntil).  The mapping
 * is the README's table; tests/ninjs.t validates the output against IPTC's
 * official schemas.  It reads the article as canonical JSON, which holds
 * every field the model has. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "article/article_doc.h"
#include "text/datetime.h"
#include "io/export_path.h"
#include "galley/plugin.h"
#include "text/url_safe.h"
#include "text/text_out.h"

static const galley_host *H;

static const galley_setting settings[] = {
	EXPORT_DIR_SETTING("ninjs"),
	GALLEY_SETTING("version", STRING, "2.1", "ninjs version", GALLEY_CHOICES("2.1", "3.0")),
	GALLEY_SETTING("uri_prefix", STRING, "urn:galley:article:", "uri of an article without one of its own: this prefix and the id"),
	GALLEY_SETTING("copyrightholder", STRING, NULL, "copyright holder of every article"),
	GALLEY_SETTING("copyrightnotice", STRING, NULL, "copyright notice"),
	GALLEY_SETTING("usageterms", STRING, NULL, "usage terms for partners"),
	{0},
};

/* The keys that differ between the versions. */
typedef struct keys {
	const char *version, *schema;
	const char *firstcreated, *versioncreated, *embargoed, *pubstatus, *contenttype, *charcount,
		*wordcount, *altids, *copyrightholder, *copyrightnotice, *usageterms;
} keys;

static const keys v21 = {"2.1", "http://www.iptc.org/std/ninjs/ninjs-schema_2.1.json",
                         "firstcreated", "versioncreated", "embargoed", "pubstatus",
                         "contenttype", "charcount", "wordcount", "altids",
                         "copyrightholder", "copyrightnotice", "usageterms"};
static const keys v30 = {"3.0", "https://www.iptc.org/std/ninjs/ninjs-schema_3.0.json",
                         "firstCreated", "versionCreated", "embargoedUntil", "pubStatus",
                         "contentType", "charCount", "wordCount", "altIds",
                         "copyrightHolder", "copyrightNotice", "usageTerms"};

static int ninjs_init(const galley_host *host, galley_ctx *ctx, void **state)
{
	H = host;
	const char *version = host->setting_string(ctx, "version");
	*state = (void *)(strcmp(version, "3.0") == 0 ? &v30 : &v21); /* the choices */
	return GALLEY_OK;
}

static void set_string(json_t *o, const char *key, const char *value)
{
	if (value && value[0])
		json_object_set_new(o, key, json_string(value));
}

/* A date of the article in RFC 3339, if it has one that parses. */
static void set_date(json_t *o, const char *key, const json_t *dates, const char *name)
{
	time_t t;
	char buf[32];
	if (datetime_parse(json_string_value(json_object_get(dates, name)), &t) == 0) {
		datetime_rfc3339(t, buf, sizeof(buf));
		json_object_set_new(o, key, json_string(buf));
	}
}

static const char *first_date(const json_t *dates, const char *const *names)
{
	for (; *names; names++)
		if (json_string_value(json_object_get(dates, *names)))
			return *names;
	return NULL;
}

static void add_dates(json_t *n, const keys *k, const json_t *art)
{
	static const char *const first[] = {"created", "published", "modified", NULL};
	static const char *const latest[] = {"modified", "published", "created", NULL};
	const json_t *dates = json_object_get(art, "dates");
	const char *f = first_date(dates, first), *v = first_date(dates, latest);
	if (f)
		set_date(n, k->firstcreated, dates, f);
	if (v)
		set_date(n, k->versioncreated, dates, v);
	set_date(n, k->embargoed, dates, "embargo");
}

static json_t *role_value(const keys *k, const char *role, const char *type, const char *value)
{
	json_t *o = json_object();
	json_object_set_new(o, "role", json_string(role));
	if (type)
		json_object_set_new(o, k->contenttype, json_string(type));
	json_object_set_new(o, "value", json_string(value));
	return o;
}

static void add_headlines(json_t *n, const keys *k, const json_t *art)
{
	json_t *list = json_array();
	const char *headline = text_get(art, "headline"), *kicker = text_get(art, "kicker");
	if (headline)
		json_array_append_new(list, role_value(k, "main", "text/plain", headline));
	if (kicker) /* the kicker is a subheadline */
		json_array_append_new(list, role_value(k, "sub", "text/plain", kicker));
	json_object_set_new(n, "headlines", list);
	const char *standfirst = text_get(art, "standfirst");
	if (standfirst) {
		json_t *d = json_array();
		json_array_append_new(d, role_value(k, "summary", "text/plain", standfirst));
		json_object_set_new(n, "descriptions", d);
	}
}

static int add_bodies(json_t *n, const keys *k, const json_t *art)
{
	const json_t *body = json_object_get(art, "body");
	strbuf html = {0}, text = {0};
	if (text_body_html(body, &html) || text_body_plain(body, &text)) {
		sb_free(&html);
		sb_free(&text);
		return -1;
	}
	json_t *list = json_array();
	json_t *h = role_value(k, "main", "text/html", html.s ? html.s : "");
	json_t *t = role_value(k, "main", "text/plain", text.s ? text.s : "");
	json_object_set_new(t, k->charcount, json_integer((json_int_t)text_char_count(text.s ? text.s : "")));
	json_object_set_new(t, k->wordcount, json_integer((json_int_t)text_word_count(text.s ? text.s : "")));
	json_array_append_new(list, h);
	json_array_append_new(list, t);
	json_object_set_new(n, "bodies", list);
	sb_free(&html);
	sb_free(&text);
	return 0;
}

/* An entity's id goes to uri when it is one (scheme://…), else to literal. */
static void append_named(json_t *n, const char *key, const char *name, const char *rel,
                         const char *id)
{
	json_t *list = json_object_get(n, key);
	if (!list) {
		list = json_array();
		json_object_set_new(n, key, list);
	}
	json_t *o = json_object();
	json_object_set_new(o, "name", json_string(name));
	if (rel)
		json_object_set_new(o, "rel", json_string(rel));
	if (id && id[0])
		json_object_set_new(o, strstr(id, "://") ? "uri" : "literal", json_string(id));
	json_array_append_new(list, o);
}

/* Entities by type into people, organisations and places; keywords, the
 * section and entities of other types into subjects. */
static void add_entities(json_t *n, const json_t *art)
{
	size_t i;
	json_t *e;
	json_array_foreach(json_object_get(art, "entities"), i, e)
	{
		const char *type = text_get(e, "type"), *name = text_get(e, "name");
		const char *id = text_get(e, "id");
		if (!type || !name)
			continue;
		if (strcmp(type, "person") == 0)
			append_named(n, "people", name, NULL, id);
		else if (strcmp(type, "organisation") == 0 || strcmp(type, "organization") == 0)
			append_named(n, "organisations", name, NULL, id);
		else if (strcmp(type, "place") == 0)
			append_named(n, "places", name, NULL, id);
		else
			append_named(n, "subjects", name, type, id);
	}
	const char *section = text_get(art, "section");
	if (section)
		append_named(n, "subjects", section, "section", NULL);
	json_array_foreach(json_object_get(art, "keywords"), i, e)
		if (json_string_value(e))
			append_named(n, "subjects", json_string_value(e), "keyword", NULL);
}

/* Images as associations, each a picture news object of its own. */
static void add_media(json_t *n, const keys *k, const json_t *art, const char *uri)
{
	json_t *list = json_array(), *m;
	size_t i, images = 0;
	json_array_foreach(json_object_get(art, "media"), i, m)
	{
		const char *type = text_get(m, "type");
		if (!type || strcmp(type, "image") != 0)
			continue;
		char name[32], own[2100];
		snprintf(name, sizeof(name), "image%zu", ++images);
		const char *href = url_or_null(text_get(m, "href"));
		snprintf(own, sizeof(own), "%.2000s/%s", uri, name);
		json_t *o = json_object();
		json_object_set_new(o, "name", json_string(name));
		json_object_set_new(o, "uri", json_string(href ? href : own));
		json_object_set_new(o, "type", json_string("picture"));
		json_t *desc = json_array();
		if (text_get(m, "caption"))
			json_array_append_new(desc, role_value(k, "caption", "text/plain", text_get(m, "caption")));
		if (text_get(m, "alt"))
			json_array_append_new(desc, role_value(k, "alt", "text/plain", text_get(m, "alt")));
		if (json_array_size(desc))
			json_object_set_new(o, "descriptions", desc);
		else
			json_decref(desc);
		set_string(o, "by", text_get(m, "credit"));
		if (href) {
			json_t *r = json_object();
			json_object_set_new(r, "name", json_string("original"));
			json_object_set_new(r, "href", json_string(href));
			set_string(r, k->contenttype, text_get(m, "mime"));
			json_t *rs = json_array();
			json_array_append_new(rs, r);
			json_object_set_new(o, "renditions", rs);
		}
		json_array_append_new(list, o);
	}
	if (json_array_size(list))
		json_object_set_new(n, "associations", list);
	else
		json_decref(list);
}

/* The byline: the bylines joined. */
static int add_by(json_t *n, const json_t *art)
{
	char *by = doc_byline(art);
	if (!by)
		return -1;
	set_string(n, "by", by);
	free(by);
	return 0;
}

static json_t *to_ninjs(galley_ctx *ctx, const keys *k, const json_t *art)
{
	char uri[2048];
	doc_uri(art, H->setting_string(ctx, "uri_prefix"), uri, sizeof(uri));
	json_t *version = json_object_get(art, "version"), *urgency = json_object_get(art, "urgency");
	json_t *n = json_object();
	json_object_set_new(n, "uri", json_string(uri));
	json_t *std = json_pack("{s:s, s:s, s:s}", "name", "ninjs", "version", k->version, "schema",
	                        k->schema);
	json_object_set_new(n, "standard", std);
	json_object_set_new(n, "type", json_string("text"));
	if (json_is_integer(version)) /* a string in ninjs */
		json_object_set_new(n, "version", json_sprintf("%" JSON_INTEGER_FORMAT, json_integer_value(version)));
	add_dates(n, k, art);
	const char *status = text_get(art, "pubstatus");
	json_object_set_new(n, k->pubstatus, json_string(status ? status : "usable"));
	if (json_is_integer(urgency))
		json_object_set_new(n, "urgency", json_integer(json_integer_value(urgency)));
	set_string(n, k->copyrightholder, H->setting_string(ctx, "copyrightholder"));
	const char *notice = text_get(art, "copyright"), *terms = text_get(art, "usageterms");
	set_string(n, k->copyrightnotice, notice ? notice : H->setting_string(ctx, "copyrightnotice"));
	set_string(n, k->usageterms, terms ? terms : H->setting_string(ctx, "usageterms"));
	set_string(n, "language", text_get(art, "language"));
	add_headlines(n, k, art);
	if (add_bodies(n, k, art) || add_by(n, art)) {
		json_decref(n);
		return NULL;
	}
	add_entities(n, art);
	set_string(n, "slugline", text_get(art, "id"));
	add_media(n, k, art, uri);
	json_t *alt = json_array();
	json_array_append_new(alt, json_pack("{s:s, s:s}", "role", "galley", "value", text_get(art, "id")));
	json_object_set_new(n, k->altids, alt);
	return n;
}

static int ninjs_write(void *state, galley_ctx *ctx, const json_t *art, char **out, size_t *len)
{
	json_t *n = to_ninjs(ctx, state, art);
	*out = n ? json_dumps(n, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_ENSURE_ASCII) : NULL;
	json_decref(n);
	if (!*out)
		return -1;
	*len = strlen(*out);
	(*out)[(*len)++] = '\n'; /* the NUL becomes the final newline */
	return 0;
}

static int ninjs_process(void *state, galley_ctx *ctx, galley_article *a)
{
	return doc_export(H, ctx, a, "json", ninjs_write, state);
}

/* The reference `galley plugins --markdown` prints (plugins/README.md). */
static const char reference[] =
	"`DIR/ID.json` per article in IPTC ninjs 2.1\n"
	"(default) or 3.0, valid against IPTC's official schemas (`tests/ninjs.t`\n"
	"checks every sample and fixture with `python3-jsonschema`). JSON is written\n"
	"ASCII-only (`\\u` escapes), so U+2028/U+2029 and any markup stay inert.\n"
	"Settings: `dir` (default `ninjs`), `version` (`2.1` or `3.0`), `uri_prefix`\n"
	"(default `urn:galley:article:`), `copyrightholder`, `copyrightnotice`,\n"
	"`usageterms`.\n"
	"\n"
	"| galley | ninjs 2.1 | ninjs 3.0 |\n"
	"| --- | --- | --- |\n"
	"| `extra.uri` (a source's uri beside its guid), else `guid`, else `uri_prefix` + `id` | `uri` | `uri` |\n"
	"| `version` (as a string) | `version` | `version` |\n"
	"| `pubstatus` (`usable` when null) | `pubstatus` | `pubStatus` |\n"
	"| `urgency` | `urgency` | `urgency` |\n"
	"| `copyright`, else the setting `copyrightnotice`; `usageterms`, else the setting | `copyrightnotice`; `usageterms` | `copyrightNotice`; `usageTerms` |\n"
	"| (fixed) | `standard` {name, version, schema}, `type: text` | `standard`, `type` |\n"
	"| `dates.created`, else `published`, else `modified` (RFC 3339, UTC) | `firstcreated` | `firstCreated` |\n"
	"| `dates.modified`, else `published`, else `created` | `versioncreated` | `versionCreated` |\n"
	"| `dates.embargo` | `embargoed` | `embargoedUntil` |\n";

GALLEY_PLUGIN_DEFINE(.name = "export/ninjs", .doc = reference,
                     .description = "writes each article as IPTC ninjs 2.1 or 3.0 (DIR/ID.json)",
                     .role = GALLEY_ROLE_SINK, .settings = settings, .init = ninjs_init,
                     .process = ninjs_process)
