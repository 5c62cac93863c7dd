/* html_page.c — a web page's metadata (see html_page.h).  Where several
 * vocabularies say the same thing, the order is the one most publishers
 * mean: schema.org JSON-LD, then Dublin Core, Open Graph, plain meta
 * names, Twitter and Parse.ly; a meta property beats a meta name of the
 * same key. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>
#include <libxml/HTMLparser.h>
#include <libxml/parserInternals.h>

#include "text/datetime.h"
#include "html/html_byline.h"
#include "html/html_node.h"
#include "html/html_page.h"

#define META_MAX 512

typedef struct meta {
	char *key, *value;
	int property;
} meta;

typedef struct reader {
	meta metas[META_MAX];
	size_t n;
	json_t *ld; /* the JSON-LD object describing the article, or NULL */
	const xmlNode *title, *canonical, *byline;
	int failed;
} reader;

/* ---- collecting ---- */

/* A meta key as compared: lowercase, "DC.title" and "dc:title" alike. */
static char *meta_key(const char *s, size_t n)
{
	char *k = strndup(s, n);
	for (char *c = k; c && *c; c++)
		*c = *c == '.' ? ':' : (char)tolower((unsigned char)*c);
	return k;
}

static void add_meta(reader *r, const char *key, size_t n, const char *value, int property)
{
	if (r->n == META_MAX || !value || !n)
		return;
	meta *m = &r->metas[r->n];
	m->key = meta_key(key, n);
	m->value = strdup(value);
	m->property = property;
	if (!m->key || !m->value) {
		free(m->key);
		free(m->value);
		r->failed = 1;
		return;
	}
	r->n++;
}

/* <meta property="og:title twitter:title" content=…>: one entry per key. */
static void meta_tag(reader *r, const xmlNode *n)
{
	const char *content = html_attr(n, "content");
	const char *keys[] = {html_attr(n, "property"), html_attr(n, "name"), html_attr(n, "itemprop"),
	                      html_attr(n, "http-equiv")};
	for (size_t i = 0; i < 4; i++)
		for (const char *k = keys[i]; k && *k;) {
			k += strspn(k, " \t\n");
			size_t len = strcspn(k, " \t\n");
			add_meta(r, k, len, content, i == 0);
			k += len;
		}
}

/* The object in a JSON-LD document whose @id is id and which has a
 * name (a Person in the @graph an article's author points to), or NULL. */
static json_t *ld_named(json_t *v, const char *id, int depth)
{
	const char *its = json_string_value(json_object_get(v, "@id"));
	if (its && !strcmp(its, id) && json_is_string(json_object_get(v, "name")))
		return v;
	if (depth > 4)
		return NULL;
	json_t *list = json_is_array(v) ? v : json_object_get(v, "@graph");
	size_t i;
	json_t *e;
	json_array_foreach(list, i, e)
	{
		json_t *found = ld_named(e, id, depth + 1);
		if (found)
			return found;
	}
	return NULL;
}

/* An author given only as a reference ({"@id": "…#/schema/person/1"},
 * as Yoast SEO writes it) becomes the name of the Person it refers to
 * (a new object: never the node itself, which could hold the article). */
static json_t *ld_resolved(json_t *author, json_t *doc)
{
	const char *id = json_string_value(json_object_get(author, "@id"));
	json_t *person = id && !json_object_get(author, "name") ? ld_named(doc, id, 0) : NULL;
	return person ? json_pack("{s:O}", "name", json_object_get(person, "name"))
	              : json_incref(author);
}

static void ld_resolve_authors(json_t *article, json_t *doc)
{
	json_t *author = json_object_get(article, "author");
	size_t i;
	json_t *e;
	if (json_is_object(author))
		json_object_set_new(article, "author", ld_resolved(author, doc));
	json_array_foreach(author, i, e)
		json_array_set_new(author, i, ld_resolved(e, doc));
}

static void ld_script(reader *r, const xmlNode *n);

static int rel_is(const xmlNode *n, const char *value)
{
	const char *rel = html_attr(n, "rel");
	return rel && strcasecmp(rel, value) == 0;
}

static void collect(reader *r, const xmlNode *n, int depth)
{
	for (const xmlNode *c = n->children; c && depth < HTML_MAX_DEPTH; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (html_is(c, "meta"))
			meta_tag(r, c);
		else if (html_is(c, "title") && !r->title)
			r->title = c;
		else if (html_is(c, "link") && rel_is(c, "canonical") && !r->canonical)
			r->canonical = c;
		else if (html_is(c, "script")) {
			const char *type = html_attr(c, "type");
			if (type && strcasecmp(type, "application/ld+json") == 0)
				ld_script(r, c);
		} else {
			collect(r, c, depth + 1);
		}
	}
}

/* The first value of the first key present; property tags first. */
static const char *get(const reader *r, const char *const *keys)
{
	for (; *keys; keys++)
		for (int property = 1; property >= 0; property--)
			for (size_t i = 0; i < r->n; i++)
				if (r->metas[i].property == property && !strcmp(r->metas[i].key, *keys) &&
				    r->metas[i].value[0])
					return r->metas[i].value;
	return NULL;
}

/* ---- JSON-LD ---- */

static int ld_is_article(const json_t *o)
{
	static const char *const ends[] = {"Article", "Posting", "Report", NULL};
	const json_t *type = json_object_get(o, "@type");
	for (size_t i = 0; i < (json_is_array(type) ? json_array_size(type) : 1); i++) {
		const char *t = json_string_value(json_is_array(type) ? json_array_get(type, i) : type);
		size_t len = t ? strlen(t) : 0;
		for (const char *const *e = ends; t && *e; e++)
			if (len >= strlen(*e) && !strcmp(t + len - strlen(*e), *e))
				return 1;
	}
	return 0;
}

/* The article object in a JSON-LD value: itself, in a list, or in @graph. */
static json_t *ld_article(json_t *v, int depth)
{
	if (depth > 4)
		return NULL;
	if (json_is_object(v) && ld_is_article(v))
		return v;
	json_t *list = json_is_array(v) ? v : json_object_get(v, "@graph");
	size_t i;
	json_t *e;
	json_array_foreach(list, i, e)
	{
		json_t *found = ld_article(e, depth + 1);
		if (found)
			return found;
	}
	return NULL;
}

/* ---- JSON-LD strings, HTML-escaped by some sites ("Privacy &amp; Technology") ---- */

/* The character of the reference at s ("&amp;", "&#8217;", "&#x2019;"),
 * 0 when it is none; *len is the reference's length with its ';'.  The
 * ';' is looked for in the next 32 bytes only, so a string of a million
 * '&' costs a million short looks, not a million long ones. */
static unsigned long reference(const char *s, size_t *len)
{
	const char *semi = memchr(s, ';', strnlen(s, 33));
	if (!semi || semi - s < 3 || semi - s > 32)
		return 0;
	*len = (size_t)(semi - s) + 1;
	char name[33];
	memcpy(name, s + 1, (size_t)(semi - s) - 1);
	name[semi - s - 1] = '\0';
	if (name[0] != '#') {
		const htmlEntityDesc *e = htmlEntityLookup((const xmlChar *)name);
		return e ? e->value : 0;
	}
	char *end;
	int hex = name[1] == 'x' || name[1] == 'X';
	unsigned long c = strtoul(name + 1 + hex, &end, hex ? 16 : 10);
	int ok = end != name + 1 + hex && !*end && c && c <= 0x10FFFF && (c < 0xD800 || c > 0xDFFF);
	return ok ? c : 0;
}

/* Each reference in s decoded (never longer than the reference). */
static void unescape(char *s)
{
	char *o = s;
	while (*s) {
		size_t len = 0;
		unsigned long c = *s == '&' ? reference(s, &len) : 0;
		int n = c ? xmlCopyCharMultiByte((xmlChar *)o, (int)c) : 0; /* as lib/html_node's entities */
		if (n > 0) {
			o += n;
			s += len;
		} else {
			*o++ = *s++;
		}
	}
	*o = '\0';
}

static void unescape_json(json_t *v)
{
	const char *key;
	json_t *e;
	size_t i;
	if (json_is_string(v) && strchr(json_string_value(v), '&')) {
		char *t = strdup(json_string_value(v));
		if (t) {
			unescape(t);
			json_string_set(v, t);
			free(t);
		}
	} else if (json_is_object(v)) {
		json_object_foreach(v, key, e)
			unescape_json(e);
	} else if (json_is_array(v)) {
		json_array_foreach(v, i, e)
			unescape_json(e);
	}
}

/* The JSON of a script some sites wrap in <![CDATA[ ... ]]> (cut in place). */
static char *without_cdata(char *s)
{
	s += strspn(s, " \t\r\n");
	if (strncmp(s, "<![CDATA[", 9) != 0)
		return s;
	s += 9;
	char *close = strstr(s, "]]>");
	if (close && !close[3 + strspn(close + 3, " \t\r\n")])
		*close = '\0';
	return s;
}

static void ld_script(reader *r, const xmlNode *n)
{
	if (r->ld)
		return;
	strbuf b = {0};
	for (const xmlNode *c = n->children; c; c = c->next)
		if (c->content && sb_puts(&b, (const char *)c->content))
			r->failed = 1;
	json_t *doc = b.s ? json_loads(without_cdata(b.s), JSON_DECODE_ANY, NULL) : NULL;
	sb_free(&b);
	json_t *article = ld_article(doc, 0);
	ld_resolve_authors(article, doc);
	unescape_json(article);
	r->ld = json_incref(article);
	json_decref(doc);
}

static const char *ld_str(const reader *r, const char *key)
{
	const char *s = json_string_value(json_object_get(r->ld, key));
	return s && s[0] ? s : NULL;
}

/* A name from a string or an object with a name (a Person, an
 * Organization); a list gives its first. */
static const char *ld_name(const json_t *v)
{
	if (json_is_array(v))
		v = json_array_get(v, 0);
	const char *s = json_is_object(v) ? json_string_value(json_object_get(v, "name"))
	                                  : json_string_value(v);
	return s && s[0] ? s : NULL;
}

/* ---- the fields ---- */

static int keep(char **slot, const char *value)
{
	if (!value || !value[0] || *slot)
		return 0;
	strbuf b = {0};
	if (html_add_collapsed(&b, value))
		return sb_free(&b), -1;
	char *t = html_trimmed(&b);
	*slot = strdup(t[0] == ' ' ? t + 1 : t);
	sb_free(&b);
	return *slot ? 0 : -1;
}

static int add_to(char **list, size_t *n, const char *value)
{
	char *v = NULL;
	if (*n == HTML_PAGE_LIST_MAX || !value || keep(&v, value))
		return *n == HTML_PAGE_LIST_MAX || !value ? 0 : -1;
	if (!v) /* empty or blank: nothing to add */
		return 0;
	for (size_t i = 0; i < *n; i++)
		if (!strcasecmp(list[i], v))
			return free(v), 0;
	list[(*n)++] = v;
	return 0;
}

/* "By Jane Doe" → "Jane Doe". */
static int add_byline(html_page *p, const char *value)
{
	if (value && !strncasecmp(value, "by ", 3))
		value += 3;
	if (value && (!strncmp(value, "http://", 7) || !strncmp(value, "https://", 8)))
		return 0; /* article:author is often a profile's address */
	return add_to(p->bylines, &p->nbylines, value);
}

/* A list given as one string: "Snopes, fake news,Tech". */
static int add_split(char **list, size_t *n, const char *value)
{
	for (const char *s = value; s && *s;) {
		size_t len = strcspn(s, ",");
		char *one = strndup(s, len);
		int rc = !one || add_to(list, n, one);
		free(one);
		if (rc)
			return -1;
		s += len + (s[len] == ',');
	}
	return 0;
}

static int ld_list(char **list, size_t *n, const json_t *v, int names)
{
	size_t i;
	const json_t *e;
	if (json_is_string(v))
		return names ? add_to(list, n, json_string_value(v)) : add_split(list, n, json_string_value(v));
	if (json_is_object(v))
		return add_to(list, n, ld_name(v));
	json_array_foreach(v, i, e)
		if (add_to(list, n, names ? ld_name(e) : json_string_value(e)))
			return -1;
	return 0;
}

/* A date only when it reads as one. */
static const char *date_or_null(const char *s)
{
	time_t t;
	return s && datetime_parse(s, &t) == 0 ? s : NULL;
}

static int dates(const reader *r, html_page *p)
{
	static const char *const published[] = {
		"article:published_time", "parsely-pub-date", "datepublished", "dc:date", "dcterms:created",
		"dcterm:created", "date", "pubdate", "publishdate", "sailthru:date", NULL};
	static const char *const modified[] = {"article:modified_time", "og:updated_time", "datemodified",
	                                       "dcterms:modified", "dcterm:modified", NULL};
	return keep(&p->published, date_or_null(ld_str(r, "datePublished"))) ||
	       keep(&p->published, date_or_null(get(r, published))) ||
	       keep(&p->modified, date_or_null(ld_str(r, "dateModified"))) ||
	       keep(&p->modified, date_or_null(get(r, modified)));
}

/* ---- the first element of a kind the page shows ---- */

typedef int (*wanted_fn)(const xmlNode *n, const void *data);

/* The first element below n, depth first, that wanted says yes to; the
 * elements named in skip are not looked at or into. */
static const xmlNode *first_below(const xmlNode *n, const char *const *skip, wanted_fn wanted,
                                  const void *data, int depth)
{
	for (const xmlNode *c = n->children; c && depth < HTML_MAX_DEPTH; c = c->next) {
		if (c->type != XML_ELEMENT_NODE || html_is_any(c, skip))
			continue;
		if (wanted(c, data))
			return c;
		const xmlNode *in = first_below(c, skip, wanted, data, depth + 1);
		if (in)
			return in;
	}
	return NULL;
}

/* A <time> with a datetime that reads as one; *marked: only one marked as
 * the publication date (itemprop datePublished, or pubdate). */
static int dated_time(const xmlNode *n, const void *marked)
{
	if (!html_is(n, "time") || !date_or_null(html_attr(n, "datetime")))
		return 0;
	const char *prop = html_attr(n, "itemprop");
	return !*(const int *)marked || html_attr(n, "pubdate") ||
	       (prop && !strcasecmp(prop, "datePublished"));
}

/* A <time datetime> the page shows, when nothing in its head gave the
 * date: a marked one first, else the first outside navigation, asides,
 * footers and forms (a comment's or a related story's time sits there). */
static const xmlNode *find_time(const xmlNode *root)
{
	static const char *const outside[] = {"head", "nav", "aside", "footer", "form", "script", NULL};
	static const int marked = 1, any = 0;
	const xmlNode *t = first_below(root, outside, dated_time, &marked, 0);
	return t ? t : first_below(root, outside, dated_time, &any, 0);
}

static int shown_date(const xmlDoc *doc, html_page *p)
{
	const xmlNode *root = xmlDocGetRootElement(doc);
	const xmlNode *t = root ? find_time(root) : NULL;
	p->date_node = t; /* shown, whichever gave the date */
	if (p->published || !t)
		return 0;
	return keep(&p->published, html_attr(t, "datetime"));
}

/* og:locale's en_US as a language tag (en-US). */
static int locale(html_page *p, const char *value)
{
	if (!value || p->lang)
		return 0;
	if (keep(&p->lang, value))
		return -1;
	for (char *c = p->lang; *c; c++)
		if (*c == '_')
			*c = '-';
	return 0;
}

static int language(const reader *r, const xmlDoc *doc, html_page *p)
{
	static const char *const meta_lang[] = {"content-language", "language", "dc:language", NULL};
	const xmlNode *root = xmlDocGetRootElement(doc);
	const char *lang = root ? html_attr(root, "lang") : NULL;
	if (!lang && root)
		lang = html_attr(root, "xml:lang");
	static const char *const og[] = {"og:locale", NULL};
	return keep(&p->lang, lang) || keep(&p->lang, get(r, meta_lang)) ||
	       keep(&p->lang, ld_str(r, "inLanguage")) || locale(p, get(r, og));
}

static int texts(const reader *r, html_page *p)
{
	static const char *const titles[] = {"dc:title", "dcterm:title", "og:title",
	                                     "weibo:article:title", "weibo:webpage:title", "title",
	                                     "twitter:title", "parsely-title", NULL};
	static const char *const descriptions[] = {"dc:description", "dcterm:description",
	                                           "og:description", "weibo:article:description",
	                                           "weibo:webpage:description", "description",
	                                           "twitter:description", NULL};
	static const char *const sites[] = {"og:site_name", NULL};
	static const char *const sections[] = {"article:section", "parsely-section", NULL};
	static const char *const images[] = {"og:image", "og:image:url", "og:image:secure_url",
	                                     "twitter:image", "parsely-image-url", NULL};
	static const char *const alts[] = {"og:image:alt", "twitter:image:alt", NULL};
	static const char *const urls[] = {"og:url", "parsely-link", NULL};
	const char *headline = ld_str(r, "headline");
	const json_t *image = json_object_get(r->ld, "image");
	const json_t *section = json_object_get(r->ld, "articleSection");
	return keep(&p->title, headline ? headline : ld_str(r, "name")) ||
	       keep(&p->title, get(r, titles)) ||
	       keep(&p->description, ld_str(r, "description")) ||
	       keep(&p->description, get(r, descriptions)) ||
	       keep(&p->site_name, ld_name(json_object_get(r->ld, "publisher"))) ||
	       keep(&p->site_name, get(r, sites)) || keep(&p->section, get(r, sections)) ||
	       keep(&p->section, json_is_array(section) ? json_string_value(json_array_get(section, 0))
	                                                : json_string_value(section)) ||
	       keep(&p->image, get(r, images)) ||
	       keep(&p->image, json_is_string(image) ? json_string_value(image)
	                       : json_is_array(image) && json_is_string(json_array_get(image, 0))
	                               ? json_string_value(json_array_get(image, 0))
	                               : json_string_value(json_object_get(
	                                         json_is_array(image) ? json_array_get(image, 0) : image,
	                                         "url"))) ||
	       keep(&p->image_alt, get(r, alts)) ||
	       keep(&p->canonical, r->canonical ? html_attr(r->canonical, "href") : NULL) ||
	       keep(&p->canonical, get(r, urls)) || keep(&p->canonical, ld_str(r, "url"));
}

static int tags(const reader *r, html_page *p)
{
	static const char *const parsely[] = {"parsely-tags", NULL}, *const keywords[] = {"keywords", NULL};
	for (size_t i = 0; i < r->n; i++)
		if (!strcmp(r->metas[i].key, "article:tag") && add_to(p->tags, &p->ntags, r->metas[i].value))
			return -1;
	if (!p->ntags && ld_list(p->tags, &p->ntags, json_object_get(r->ld, "keywords"), 0))
		return -1;
	if (!p->ntags && add_split(p->tags, &p->ntags, get(r, parsely)))
		return -1;
	return !p->ntags && add_split(p->tags, &p->ntags, get(r, keywords));
}

/* ---- bylines the page shows ---- */

static int shown_byline(const xmlDoc *doc, html_page *p)
{
	const xmlNode *root = xmlDocGetRootElement(doc);
	char *name = NULL;
	p->byline_node = root ? html_byline_shown(root, &name) : NULL;
	/* the head named them: the line is only shown, and left out of the body */
	int rc = p->nbylines || !name ? 0 : add_to(p->bylines, &p->nbylines, name);
	free(name);
	return rc;
}

static int bylines(const reader *r, const xmlDoc *doc, html_page *p)
{
	static const char *const authors[] = {"dc:creator", "dcterm:creator", "author", "parsely-author",
	                                      "article:author", "sailthru:author", NULL};
	const json_t *author = json_object_get(r->ld, "author");
	size_t i;
	const json_t *e;
	if (json_is_array(author)) {
		json_array_foreach(author, i, e)
			if (add_byline(p, ld_name(e)))
				return -1;
	} else if (add_byline(p, ld_name(author))) {
		return -1;
	}
	if (!p->nbylines && add_byline(p, get(r, authors)))
		return -1;
	return shown_byline(doc, p);
}

/* ---- a kicker and a standfirst the page shows ---- */

static int of_a_class(const xmlNode *n, const void *classes)
{
	const char *list = html_attr(n, "class");
	for (const char *const *cls = classes; list && *cls; cls++)
		if (html_class_in(list, *cls))
			return 1;
	return 0;
}

static const xmlNode *find_class(const xmlNode *n, const char *const *classes)
{
	static const char *const skip[] = {"head", "script", NULL};
	return first_below(n, skip, of_a_class, classes, 0);
}

static int shown(const xmlNode *root, const char *const *classes, size_t max, char **text,
                 const xmlNode **node)
{
	const xmlNode *n = root ? find_class(root, classes) : NULL;
	if (!n)
		return 0;
	strbuf b = {0};
	html_text(n, &b, NULL);
	const char *t = html_trimmed(&b);
	int rc = 0;
	if (t[0] && strlen(t) <= max) {
		rc = keep(text, t[0] == ' ' ? t + 1 : t);
		*node = n;
	}
	sb_free(&b);
	return rc;
}

static int kicker_standfirst(const xmlDoc *doc, html_page *p)
{
	static const char *const kickers[] = {"kicker", "eyebrow", "overline", "supertitle", NULL};
	static const char *const standfirsts[] = {"standfirst", "dek", "deck", "ingress", "lede",
	                                          "summary", "article-summary", NULL};
	const xmlNode *root = xmlDocGetRootElement(doc);
	return shown(root, kickers, 100, &p->kicker, &p->kicker_node) ||
	       shown(root, standfirsts, 1000, &p->standfirst, &p->standfirst_node);
}

/* ---- the title without the site's name ---- */

static size_t words(const char *s, size_t n)
{
	size_t count = 0, wide = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] != ' ' && (i == 0 || s[i - 1] == ' '))
			count++;
		wide += ((unsigned char)s[i] & 0xC0) == 0x80 ? 0 : (unsigned char)s[i] >= 0xE0;
	}
	return count + wide / 3; /* three CJK characters weigh as a word */
}

static const char *const separators[] = {" | ", " - ", " \xE2\x80\x93 ", " \xE2\x80\x94 ", " \xC2\xBB ",
                                         " :: ", " \xC2\xB7 ", " / ", " _", " [", NULL};

/* The last separator in s, and its length. */
static const char *last_separator(const char *s, size_t *len)
{
	const char *best = NULL;
	for (const char *const *sep = separators; *sep; sep++)
		for (const char *at = strstr(s, *sep); at; at = strstr(at + 1, *sep))
			if (at > best) {
				best = at;
				*len = strlen(*sep);
			}
	return best;
}

static void cut_site(char *title, const char *site, int from_title_element)
{
	size_t sep_len = 0;
	const char *sep = last_separator(title, &sep_len);
	if (!sep || sep == title)
		return;
	const char *suffix = sep + sep_len;
	int is_site = site && !strncasecmp(suffix, site, strlen(site));
	size_t before = words(title, (size_t)(sep - title)), after = words(suffix, strlen(suffix));
	/* a <title> ends with the site's name as a rule; a meta title only
	 * when it says so */
	if (is_site || (from_title_element && before >= 3 && after <= 4 && after < before))
		title[sep - title] = '\0';
}

static int title(const reader *r, html_page *p)
{
	int from_element = !p->title;
	if (from_element && r->title) {
		strbuf b = {0};
		html_text(r->title, &b, NULL);
		int rc = keep(&p->title, html_trimmed(&b));
		sb_free(&b);
		if (rc)
			return -1;
	}
	if (p->title)
		cut_site(p->title, p->site_name, from_element);
	return 0;
}

int html_page_read(const xmlDoc *doc, html_page *p)
{
	reader *r = calloc(1, sizeof(*r));
	const xmlNode *root = xmlDocGetRootElement(doc);
	if (!r)
		return -1;
	if (root)
		collect(r, root, 0);
	int rc = r->failed || texts(r, p) || title(r, p) || bylines(r, doc, p) || dates(r, p) || shown_date(doc, p) ||
	         language(r, doc, p) || tags(r, p) || kicker_standfirst(doc, p);
	for (size_t i = 0; i < r->n; i++) {
		free(r->metas[i].key);
		free(r->metas[i].value);
	}
	json_decref(r->ld);
	free(r);
	return rc ? -1 : 0;
}

void html_page_free(html_page *p)
{
	char **fields[] = {&p->title, &p->description, &p->lang, &p->published, &p->modified,
	                   &p->section, &p->site_name, &p->canonical, &p->image, &p->image_alt,
	                   &p->kicker, &p->standfirst};
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		free(*fields[i]);
	for (size_t i = 0; i < p->nbylines; i++)
		free(p->bylines[i]);
	for (size_t i = 0; i < p->ntags; i++)
		free(p->tags[i]);
	memset(p, 0, sizeof(*p));
}
