/* import/ninjs — IPTC ninjs files (1.x, 2.x and 3.0; one news item, a
 * list of them, or JSON Lines) into articles, read with jansson.  Bodies in
 * HTML go through lib/html_blocks, the module every HTML-bearing importer
 * shares; a plain-text body is split at blank lines.  The mapping is the
 * README's table, the reverse of export/ninjs, so that what galley sends
 * comes back the same (tests/ninjs.t). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "article/article_fill.h"
#include "galley/plugin.h"
#include "html/html_blocks.h"
#include "io/import_files.h"
#include "io/line_in.h"
#include "text/text_out.h"
#include "text/whole_number.h"

static const galley_host *H;

static const galley_setting settings[] = {
	GALLEY_SETTING("path", PATH, NULL, "pattern of the ninjs files to read, such as 'wire/*.json'"),
	GALLEY_SETTING("language", STRING, NULL, "language of items that have none (BCP 47)"),
	GALLEY_SETTING("max_bytes", INT, "16777216", "larger files are quarantined"),
	GALLEY_SETTING("follow_symlinks", BOOL, "false", "let '**' follow symlinked folders"),
	{0},
};

static int ninjs_init(const galley_host *host, galley_ctx *ctx, void **state)
{
	(void)ctx;
	H = host;
	*state = NULL;
	return GALLEY_OK;
}

static int ninjs_run(void *state, galley_ctx *ctx)
{
	(void)state;
	return import_list_files(H, ctx, "import/ninjs");
}

static int hexval(const char *s)
{
	int v = 0;
	for (int i = 0; i < 4; i++) {
		char c = s[i];
		int d = c >= '0' && c <= '9' ? c - '0' : (c | 0x20) >= 'a' && (c | 0x20) <= 'f' ? (c | 0x20) - 'a' + 10 : -1;
		if (d < 0)
			return -1;
		v = v * 16 + d;
	}
	return v;
}

/* JSON may escape a lone UTF-16 surrogate (\ud800 with no pair), which
 * no UTF-8 text can hold and jansson rightly refuses; such an escape is
 * rewritten in place as \ufffd, the replacement character.  Returns how
 * many were. */
static size_t mend_surrogates(char *s, size_t len)
{
	size_t mended = 0;
	for (size_t i = 0; i + 1 < len; i++) {
		if (s[i] != '\\')
			continue;
		if (s[i + 1] != 'u' || i + 6 > len) {
			i++; /* \\, \" and the other escapes */
			continue;
		}
		int v = hexval(s + i + 2);
		if (v >= 0xD800 && v <= 0xDBFF && i + 12 <= len && s[i + 6] == '\\' && s[i + 7] == 'u') {
			int low = hexval(s + i + 8);
			if (low >= 0xDC00 && low <= 0xDFFF) {
				i += 11; /* a pair */
				continue;
			}
		}
		if (v >= 0xD800 && v <= 0xDFFF) {
			memcpy(s + i + 2, "fffd", 4);
			mended++;
		}
		i += 5;
	}
	return mended;
}

/* ---- one item ---- */

static const char *str(const json_t *o, const char *key)
{
	const char *v = json_string_value(json_object_get(o, key));
	return v && v[0] ? v : NULL;
}

/* A key in either version's case: firstcreated (2.x) or firstCreated (3.0). */
static const char *str2(const json_t *o, const char *lower, const char *camel)
{
	return str(o, lower) ? str(o, lower) : str(o, camel);
}

static int set(galley_article *a, const char *field, const char *value)
{
	return value ? H->set(a, field, value) : 0;
}

/* The value of the first entry of list with the role (NULL: any) and a
 * content type (NULL: any) starting with type. */
static const char *by_role(const json_t *list, const char *role, const char *type)
{
	size_t i;
	json_t *e;
	json_array_foreach(list, i, e)
	{
		const char *r = str(e, "role"), *t = str2(e, "contenttype", "contentType");
		if ((!role || (r && !strcmp(r, role))) && (!type || !t || !strncmp(t, type, strlen(type))))
			return str(e, "value");
	}
	return NULL;
}

static const char *main_headline(const json_t *item)
{
	const json_t *list = json_object_get(item, "headlines");
	const char *main = by_role(list, "main", NULL);
	if (!main)
		main = json_array_size(list) ? by_role(list, NULL, NULL) : str(item, "headline");
	return main;
}

static int headlines(galley_article *a, const json_t *item)
{
	const json_t *list = json_object_get(item, "headlines");
	int rc = set(a, "headline", main_headline(item)) || set(a, "kicker", by_role(list, "sub", NULL));
	const json_t *desc = json_object_get(item, "descriptions");
	const char *summary = by_role(desc, "summary", "text/plain");
	if (!summary)
		summary = json_array_size(desc) ? by_role(desc, NULL, "text/plain") : str(item, "description_text");
	return rc || set(a, "standfirst", summary);
}

static int bodies(galley_article *a, const json_t *item)
{
	const json_t *list = json_object_get(item, "bodies");
	const char *html = json_array_size(list) ? by_role(list, NULL, "text/html") : str(item, "body_html");
	const char *text = json_array_size(list) ? by_role(list, NULL, "text/plain") : str(item, "body_text");
	if (html)
		return html_blocks(H, a, html, strlen(html));
	return text ? fill_paragraphs(H, a, text) : 0;
}

static int dates(galley_article *a, const json_t *item)
{
	const char *first = str2(item, "firstcreated", "firstCreated");
	const char *version = str2(item, "versioncreated", "versionCreated");
	const char *embargo = str2(item, "embargoed", "embargoedUntil");
	int rc = set(a, "dates.published", first ? first : version);
	if (!rc && version && first && strcmp(version, first) != 0)
		rc = H->set(a, "dates.modified", version);
	return rc || set(a, "dates.embargo", embargo);
}

static int names(galley_article *a, const json_t *list, const char *type)
{
	size_t i;
	json_t *e;
	json_array_foreach(list, i, e)
	{
		const char *name = json_is_string(e) ? json_string_value(e) : str(e, "name");
		if (name && name[0] && H->entity_add(a, type, name, NULL) < 0)
			return -1;
	}
	return 0;
}

/* subjects: rel section → section, rel keyword → keywords, other rels →
 * entities of that type ("subject" without one). */
static int subjects(galley_article *a, const json_t *item)
{
	const json_t *list = json_object_get(item, "subjects");
	if (!list)
		list = json_object_get(item, "subject");
	size_t i;
	json_t *e;
	json_array_foreach(list, i, e)
	{
		const char *name = str(e, "name"), *rel = str(e, "rel");
		int rc = 0;
		if (!name)
			continue;
		if (rel && !strcmp(rel, "section"))
			rc = H->get(a, "section") ? 0 : H->set(a, "section", name);
		else if (rel && !strcmp(rel, "keyword"))
			rc = H->list_add(a, "keywords", name);
		else
			rc = H->entity_add(a, rel ? rel : "subject", name, NULL) < 0;
		if (rc)
			return -1;
	}
	json_array_foreach(json_object_get(item, "keywords"), i, e)
		if (json_string_value(e) && H->list_add(a, "keywords", json_string_value(e)))
			return -1;
	return 0;
}

/* Pictures among the associations become media. */
static int media(galley_article *a, const json_t *item)
{
	const json_t *assoc = json_object_get(item, "associations");
	const char *key;
	json_t *m;
	size_t i;
	json_t *list = json_is_array(assoc) ? json_incref((json_t *)assoc) : json_array();
	if (json_is_object(assoc)) /* ninjs 1.x: a map of name -> item */
		json_object_foreach((json_t *)assoc, key, m)
			json_array_append(list, m);
	int rc = 0;
	json_array_foreach(list, i, m)
	{
		const char *type = str(m, "type");
		if (rc || !type || (strcmp(type, "picture") && strcmp(type, "graphic")))
			continue;
		const json_t *rend = json_object_get(m, "renditions");
		const json_t *first = json_is_array(rend) ? json_array_get(rend, 0) : NULL;
		const char *href = first ? str(first, "href") : NULL, *uri = str(m, "uri");
		const json_t *desc = json_object_get(m, "descriptions");
		int n = H->media_add(a, "image");
		rc = n < 0;
		if (!href && uri && !strncmp(uri, "http", 4))
			href = uri;
		const char *caption = by_role(desc, "caption", NULL);
		if (!caption)
			caption = str(m, "description_text");
		const char *fields[][2] = {{"href", href},
		                           {"caption", caption},
		                           {"alt", by_role(desc, "alt", NULL)},
		                           {"credit", str(m, "by") ? str(m, "by") : str(m, "byline")},
		                           {"mime", first ? str2(first, "contenttype", "contentType") : NULL}};
		for (size_t f = 0; !rc && f < sizeof(fields) / sizeof(fields[0]); f++)
			rc = fields[f][1] && H->media_set(a, (size_t)n, fields[f][0], fields[f][1]);
	}
	json_decref(list);
	return rc;
}

/* The id: galley's own altid, else the slugline, else the headline's slug. */
static int identity(galley_article *a, const json_t *item, galley_ctx *ctx)
{
	const json_t *alt = json_object_get(item, "altids");
	if (!alt)
		alt = json_object_get(item, "altIds");
	const char *id = by_role(alt, "galley", NULL);
	if (!id)
		id = str(item, "slugline");
	char *slug = id ? NULL : H->slug(H->get(a, "headline"));
	int rc = H->set(a, "id", id ? id : slug);
	H->free(slug);
	const char *lang = str(item, "language");
	if (!lang)
		lang = H->setting_string(ctx, "language");
	const char *guid = str(item, "guid"), *uri = str(item, "uri");
	/* the uri is the guid, unless the item gives both and they differ */
	return rc || set(a, "language", lang) || set(a, "guid", guid ? guid : uri) ||
	       (guid && uri && strcmp(guid, uri) ? H->extra_set_string(a, "uri", uri) : 0);
}

/* A whole number from 1: a JSON integer, or a string of digits (ninjs
 * writes version as a string). */
static long long whole(const json_t *v)
{
	long long n = json_is_integer(v) ? (long long)json_integer_value(v)
	                                 : whole_number(json_string_value(v));
	return n < 1 ? 0 : n;
}

/* The item's status and rights: version, pubstatus, urgency (1 to 9),
 * copyright notice and usage terms. */
static int status(galley_article *a, const json_t *item)
{
	long long version = whole(json_object_get(item, "version"));
	long long urgency = whole(json_object_get(item, "urgency"));
	int rc = version ? H->set_int(a, "version", version) : 0;
	if (!rc && urgency && urgency <= 9)
		rc = H->set_int(a, "urgency", urgency);
	return rc || set(a, "pubstatus", str2(item, "pubstatus", "pubStatus")) ||
	       set(a, "copyright", str2(item, "copyrightnotice", "copyrightNotice")) ||
	       set(a, "usageterms", str2(item, "usageterms", "usageTerms"));
}

static const char *type_name(const json_t *v)
{
	static const char *const names[] = {"an object", "a list", "a string", "a number",
	                                    "a number", "true", "false", "null"};
	return names[json_typeof(v)];
}

/* The string members the mapping reads must be strings: a wrong type is
 * named rather than read as a missing member. */
static int wrong_type(const json_t *item, char *why, size_t n)
{
	static const char *const keys[] = {"uri", "headline", "body_html", "body_text", "byline", "by",
	                                   "language", "description_text", "firstcreated",
	                                   "firstCreated", "versioncreated", "versionCreated", "pubstatus",
	                                   "pubStatus", "copyrightnotice", "copyrightNotice",
	                                   "usageterms", "usageTerms", NULL};
	for (const char *const *k = keys; *k; k++) {
		const json_t *v = json_object_get(item, *k);
		if (v && !json_is_string(v))
			return snprintf(why, n, "'%s' must be a string, not %s", *k, type_name(v)), 1;
	}
	return 0;
}

/* Why item cannot be an article, or NULL (into why). */
static int unfit(const json_t *item, char *why, size_t n)
{
	if (!json_is_object(item))
		return snprintf(why, n, "a ninjs item must be a JSON object"), 1;
	if (wrong_type(item, why, n))
		return 1;
	if (!main_headline(item))
		return snprintf(why, n, "a ninjs item without a headline"), 1;
	return 0;
}

/* Fills a from a fit item; -1 only when out of memory. */
static int read_item(galley_article *a, const json_t *item, galley_ctx *ctx)
{
	if (headlines(a, item) || bodies(a, item) || dates(a, item) || status(a, item) || media(a, item))
		return -1;
	const char *by = str(item, "by") ? str(item, "by") : str(item, "byline");
	if ((by && H->list_add(a, "bylines", by)) || subjects(a, item) ||
	    names(a, json_object_get(item, "people"), "person") ||
	    names(a, json_object_get(item, "person"), "person") ||
	    names(a, json_object_get(item, "organisations"), "organisation") ||
	    names(a, json_object_get(item, "organisation"), "organisation") ||
	    names(a, json_object_get(item, "places"), "place") ||
	    names(a, json_object_get(item, "place"), "place"))
		return -1;
	return identity(a, item, ctx);
}

/* ---- a file ---- */

/* JSON Lines: one item per line; NULL (with e) when a line is not JSON. */
static json_t *json_lines(const char *text, size_t len, json_error_t *e)
{
	json_t *items = json_array();
	for (size_t at = 0, line = 1; items && at < len; line++) {
		const char *nl = memchr(text + at, '\n', len - at);
		size_t n = nl ? (size_t)(nl - (text + at)) : len - at;
		if (strspn(text + at, " \t\r") < n) {
			json_t *item = json_loadb(text + at, n, JSON_REJECT_DUPLICATES, e);
			if (!item || json_array_append_new(items, item)) {
				e->line = (int)line;
				json_decref(items);
				return NULL;
			}
		}
		at += n + 1;
	}
	return items;
}

/* The file's items: one object, a list of them, or JSON Lines. */
static json_t *items_of(char *text, size_t len, char *why, size_t n)
{
	json_error_t e, el;
	json_t *doc = json_loadb(text, len, JSON_REJECT_DUPLICATES, &e);
	if (!doc && e.line > 1 && (doc = json_lines(text, len, &el)) == NULL && el.line > e.line)
		e = el; /* whichever reading went further says what is wrong */
	if (!doc) {
		snprintf(why, n, "not valid JSON: %s at line %d, column %d", e.text, e.line, e.column);
		return NULL;
	}
	if (!json_is_array(doc)) {
		json_t *one = json_array();
		if (!one || json_array_append_new(one, doc))
			return json_decref(one), NULL;
		doc = one;
	}
	if (!json_array_size(doc))
		snprintf(why, n, "an empty list: no ninjs item");
	return doc;
}

/* The file's items: the first fit one fills the article being loaded,
 * the other fit ones become articles of their own, emitted beside it;
 * an unfit one is left out with a warning.  No fit item: the first
 * one's reason, for the file's quarantine. */
static int load_items(galley_ctx *ctx, galley_article *a, const json_t *items, const char *path,
                      char *why, size_t n)
{
	galley_article *into = a;
	char bad[200];
	for (size_t i = 0; i < json_array_size(items); i++) {
		const json_t *item = json_array_get(items, i);
		if (unfit(item, bad, sizeof(bad))) {
			if (!why[0])
				snprintf(why, n, "%s", bad);
			if (json_array_size(items) > 1)
				H->log(ctx, GALLEY_LOG_WARN, "%s: item %zu left out: %s", path, i + 1, bad);
			continue;
		}
		galley_article *x = into ? into : H->article_new(ctx);
		int rc = !x || (!into && H->set(x, "source", path)) || read_item(x, item, ctx);
		if (rc && x && !into)
			H->article_free(x);
		if (rc || (!into && H->emit(ctx, x)))
			return snprintf(why, n, "out of memory"), -1;
		into = NULL;
	}
	return into ? -1 : 0;
}

/* One file read whole: an object, or a list of them. */
static int whole_file(galley_ctx *ctx, galley_article *a)
{
	char *text, why[200] = "";
	size_t len;
	if (import_read(H, ctx, a, &text, &len) != GALLEY_OK)
		return GALLEY_FAIL;
	char *path = strdup(H->get(a, "source"));
	size_t mended = mend_surrogates(text, len);
	json_t *items = path ? items_of(text, len, why, sizeof(why)) : NULL;
	H->free(text);
	if (mended && path)
		H->log(ctx, GALLEY_LOG_WARN, "%s: %zu lone surrogate escape%s replaced by U+FFFD", path,
		       mended, mended == 1 ? "" : "s");
	int rc = items && json_array_size(items) ? GALLEY_OK : GALLEY_FAIL;
	if (rc == GALLEY_OK && load_items(ctx, a, items, path, why, sizeof(why)))
		rc = GALLEY_FAIL;
	json_decref(items);
	if (rc != GALLEY_OK)
		H->reject(ctx, path ? path : H->get(a, "source"), why[0] ? why : "out of memory");
	free(path);
	return rc;
}

/* ---- JSON Lines, streamed ---- */

static int blank(const char *line, size_t len)
{
	return strspn(line, " \t\r") >= len;
}

/* The line's text without the spaces around it, and its length. */
static const char *trimmed_line(const char *line, size_t *len)
{
	while (*len && strchr(" \t\r", *line))
		line++, (*len)--;
	while (*len && strchr(" \t\r", line[*len - 1]))
		(*len)--;
	return line;
}

/* Is the file JSON Lines: a first line that is one object on its own
 * (it opens with { and closes with }), and another object's line after
 * it?  Told by looking, not parsing: a file of one object (or a list) is
 * read whole and parsed once.  A pretty-printed object's first line is
 * "{" alone. */
static int is_json_lines(line_in *l)
{
	char *line, why[200];
	size_t len;
	int got, lines = 0;
	while (lines < 2 && (got = line_in_next(l, &line, &len, why, sizeof(why))) == 1) {
		if (blank(line, len))
			continue;
		const char *t = trimmed_line(line, &len);
		if (t[0] != '{' || (lines == 0 && (len < 2 || t[len - 1] != '}')))
			return 0;
		lines++;
	}
	return lines == 2;
}

/* The first pass: every line is JSON (else why names the first that is
 * not), how many items, how many lone surrogates mended. */
static int check_lines(line_in *l, size_t *items, size_t *mended, char *why, size_t n)
{
	char *line;
	size_t len;
	int got;
	while ((got = line_in_next(l, &line, &len, why, n)) == 1) {
		if (blank(line, len))
			continue;
		*mended += mend_surrogates(line, len);
		json_error_t e;
		json_t *item = json_loadb(line, len, JSON_REJECT_DUPLICATES, &e);
		if (!item)
			return snprintf(why, n, "not valid JSON: %s at line %zu, column %d", e.text, l->line,
			                e.column), -1;
		json_decref(item);
		++*items;
	}
	return got;
}

typedef struct lines_reading {
	galley_ctx *ctx;
	galley_article *into; /* the article being loaded, until the first fit item */
	const char *path;
	size_t items, at;
} lines_reading;

/* One line's item: the first fit one fills the article being loaded,
 * the others are emitted beside it; an unfit one is left out with a
 * warning (its reason kept in why for a file with no fit item). */
static int line_item(lines_reading *r, char *line, size_t len, char *why, size_t n)
{
	char bad[200];
	mend_surrogates(line, len);
	json_error_t e;
	json_t *item = json_loadb(line, len, JSON_REJECT_DUPLICATES, &e);
	int rc = 0;
	r->at++;
	if (!item) { /* it changed since the first pass */
		rc = (snprintf(why, n, "not valid JSON: %s at item %zu", e.text, r->at), -1);
	} else if (unfit(item, bad, sizeof(bad))) {
		if (!why[0])
			snprintf(why, n, "%s", bad);
		if (r->items > 1)
			H->log(r->ctx, GALLEY_LOG_WARN, "%s: item %zu left out: %s", r->path, r->at, bad);
	} else {
		galley_article *x = r->into ? r->into : H->article_new(r->ctx);
		rc = !x || (!r->into && H->set(x, "source", r->path)) || read_item(x, item, r->ctx);
		if (rc && x && !r->into)
			H->article_free(x);
		if (rc || (!r->into && H->emit(r->ctx, x)))
			rc = (snprintf(why, n, "out of memory"), -1);
		else
			r->into = NULL;
	}
	json_decref(item);
	return rc;
}

/* Two passes over a JSON Lines file: every line checked first (a file
 * with a line that is not JSON is refused whole, before any item goes
 * on), then one item in memory at a time. */
static int json_lines_file(galley_ctx *ctx, galley_article *a, line_in *l, const char *path,
                           char *why, size_t n)
{
	size_t items = 0, mended = 0;
	line_in_rewind(l);
	if (check_lines(l, &items, &mended, why, n))
		return -1;
	if (mended)
		H->log(ctx, GALLEY_LOG_WARN, "%s: %zu lone surrogate escape%s replaced by U+FFFD", path,
		       mended, mended == 1 ? "" : "s");
	lines_reading r = {ctx, a, path, items, 0};
	line_in_rewind(l);
	char *line;
	size_t len;
	int got;
	while ((got = line_in_next(l, &line, &len, why, n)) == 1)
		if (!blank(line, len) && line_item(&r, line, len, why, n))
			return -1;
	return got < 0 || r.into ? -1 : 0;
}

#define READ_WHOLE 1 /* not JSON Lines: read the file whole */

static int lines_or_whole(galley_ctx *ctx, galley_article *a, galley_file *f, const char *path,
                          char *why, size_t n)
{
	line_in l;
	line_in_open(&l, H, ctx, f);
	int rc = is_json_lines(&l) ? json_lines_file(ctx, a, &l, path, why, n) : READ_WHOLE;
	line_in_close(&l);
	return rc;
}

/* Reads one file into a, and the file's further items into articles of
 * their own (on a worker): JSON Lines streamed, anything else whole. */
static int ninjs_process(void *state, galley_ctx *ctx, galley_article *a)
{
	(void)state;
	int rc = import_in_passes(H, ctx, a, lines_or_whole);
	return rc == READ_WHOLE ? whole_file(ctx, a) : rc;
}

/* The reference `galley plugins --markdown` prints (plugins/README.md). */
static const char reference[] =
	"IPTC ninjs news items: one object, a list of\n"
	"objects, or JSON Lines (one object per line) per file (1.x, 2.x and 3.0: both key cases, `headlines`/`bodies`/`descriptions` lists or 1.x's\n"
	"`headline`/`body_html`/`description_text`), read with jansson. An HTML body\n"
	"goes through lib/html/html_blocks; a plain-text one is split at blank lines. A\n"
	"JSON escape of a lone UTF-16 surrogate (`\\ud800` without its pair), which no\n"
	"UTF-8 text can hold, is replaced by U+FFFD with a warning naming the file;\n"
	"invalid JSON (with line and column; duplicate keys and nesting past 2,048\n"
	"levels are refused), an empty list, a member of the wrong type (`'headline'\n"
	"must be a string, not a number`), an item without a headline or a value that\n"
	"is not an object is quarantined. In a file of several items, a bad item is\n"
	"left out with a warning naming the file and the item's number, and the\n"
	"others go on; a file with no good item is quarantined with the first one's\n"
	"reason. JSON Lines (a first line that is a whole object, and more after\n"
	"it) are read line by line in two passes, never whole: every line checked\n"
	"first, then one item at a time, each going on as it is read; an object or\n"
	"a list is read whole, within `max_bytes`. It reads\n"
	"`export/ninjs` output back into the same headline, kicker, standfirst, body\n"
	"blocks, media, entities, keywords and section (`tests/ninjs.t`). Settings:\n"
	"`path` (required), `language` (for items without one), `max_bytes`,\n"
	"`follow_symlinks`, as import/text's.\n"
	"\n"
	"| ninjs | galley |\n"
	"| --- | --- |\n"
	"| `guid`, else `uri` | `guid` |\n"
	"| `uri`, when the item has a different `guid` as well | `extra.uri` (export/ninjs writes it back as `uri`) |\n"
	"| `version` (a string of digits, or an integer); `pubstatus`/`pubStatus`; `urgency` (1–9) | `version`; `pubstatus`; `urgency` |\n"
	"| `copyrightnotice`/`copyrightNotice`; `usageterms`/`usageTerms` | `copyright`; `usageterms` |\n"
	"| `altids`/`altIds` role `galley`, else `slugline`, else a slug of the headline | `id` |\n"
	"| `headlines` role `main` (else the first), 1.x `headline`; role `sub` | `headline`; `kicker` |\n"
	"| `descriptions` role `summary` (text/plain), 1.x `description_text` | `standfirst` |\n"
	"| `bodies` text/html (1.x `body_html`), else text/plain (`body_text`) | `body` (HTML through lib/html/html_blocks; text paragraphs at blank lines) |\n"
	"| `firstcreated`/`firstCreated` (else the version's date); `versioncreated` when it differs; `embargoed`/`embargoedUntil` | `dates.published`; `dates.modified`; `dates.embargo` |\n"
	"| `by`, 1.x `byline` | `bylines` |\n"
	"| `language` | `language` (else the setting) |\n"
	"| `people`/`person`, `organisations`/`organisation`, `places`/`place` | entities `person`, `organisation`, `place` |\n"
	"| `subjects`/`subject`: rel `section`; rel `keyword`; another rel; `keywords` | `section`; `keywords`; an entity of that type (`subject` without a rel); `keywords` |\n"
	"| `associations` of type `picture` or `graphic` (a list, or 1.x's map): first rendition's `href` (else an http `uri`), description role `caption` (1.x `description_text`), role `alt`, `by`, rendition content type | `media` image: `href`, `caption`, `alt`, `credit`, `mime` |\n";

GALLEY_PLUGIN_DEFINE(.name = "import/ninjs", .doc = reference,
                     .description = "reads IPTC ninjs 1.x, 2.x and 3.0 news items (JSON, lists, JSON Lines)",
                     .role = GALLEY_ROLE_SOURCE, .settings = settings, .init = ninjs_init,
                     .run = ninjs_run, .process = ninjs_process)
