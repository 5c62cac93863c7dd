/* import/html — whole web pages (one article per page) through libxml2's
 * HTML parser.  lib/html_page reads what the page says about its article
 * (meta tags, JSON-LD, <title>, lang, a shown byline), lib/html_readable
 * finds the article among the navigation, share widgets, comments and
 * ads, and lib/html_blocks turns it into blocks, as it does for every
 * importer that meets HTML. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "galley/plugin.h"
#include "html/html_blocks.h"
#include "html/html_node.h"
#include "html/html_page.h"
#include "html/html_readable.h"
#include "html/html_select.h"
#include "io/import_files.h"

static const galley_host *H;

static const galley_setting settings[] = {
	GALLEY_SETTING("path", PATH, NULL, "pattern of the pages to read, such as 'site/**/*.html'"),
	GALLEY_SETTING("language", STRING, NULL, "language of pages that do not say (BCP 47)"),
	GALLEY_SETTING("body", STRING, NULL, "CSS selector of the element holding the article (default: found by scoring)"),
	GALLEY_SETTING("drop", LIST, NULL, "CSS selectors of more boilerplate to leave out"),
	GALLEY_SETTING("encoding", STRING, NULL, "read every page in this charset (default: the page's own, else UTF-8)"),
	GALLEY_SETTING("max_bytes", INT, "16777216", "larger files are quarantined"),
	GALLEY_SETTING("follow_symlinks", BOOL, "false", "let '**' follow symlinked folders"),
	{0},
};

typedef struct html_state {
	html_selector *body;
	html_selector **drop;
	size_t ndrop;
} html_state;

static void html_destroy(void *state)
{
	html_state *s = state;
	if (!s)
		return;
	html_select_free(s->body);
	for (size_t i = 0; i < s->ndrop; i++)
		html_select_free(s->drop[i]);
	free(s->drop);
	free(s);
}

static html_selector *selector(galley_ctx *ctx, const char *setting, const char *text)
{
	char err[200];
	html_selector *sel = html_select_parse(text, err, sizeof(err));
	if (!sel)
		H->fail(ctx, "%s: '%s' is not a selector import/html reads: %s", setting, text, err);
	return sel;
}

static int html_init(const galley_host *host, galley_ctx *ctx, void **state)
{
	H = host;
	html_state *s = calloc(1, sizeof(*s));
	size_t n = host->setting_count(ctx, "drop");
	if (!s || (n && !(s->drop = calloc(n, sizeof(*s->drop))))) {
		free(s);
		return host->fail(ctx, "out of memory");
	}
	const char *body = host->setting_string(ctx, "body");
	int ok = !body || (s->body = selector(ctx, "body", body)) != NULL;
	for (; ok && s->ndrop < n; s->ndrop++)
		ok = (s->drop[s->ndrop] = selector(ctx, "drop", host->setting_item(ctx, "drop", s->ndrop))) != NULL;
	if (!ok) {
		html_destroy(s);
		return GALLEY_FAIL;
	}
	*state = s;
	return GALLEY_OK;
}

static int html_run(void *state, galley_ctx *ctx)
{
	(void)state;
	return import_list_files(H, ctx, "import/html");
}

/* ---- the charset ---- */

static int wide(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] >= 0x80)
			return 1;
	return 0;
}

/* The charset the page declares in its first 4 KB ("" when it names
 * none), into out. */
static void declared(const char *text, size_t len, char *out, size_t size)
{
	char head[4097];
	size_t n = len < 4096 ? len : 4096;
	memcpy(head, text, n);
	head[n] = '\0';
	for (size_t i = 0; i < n; i++)
		if (!head[i])
			head[i] = ' ';
	const char *at = strcasestr(head, "charset=");
	out[0] = '\0';
	if (!at)
		return;
	at += 8;
	at += strspn(at, "\"' ");
	size_t k = 0;
	while (k + 1 < size && at[k] && !strchr("\"'; />", at[k]))
		k++;
	snprintf(out, size, "%.*s", (int)k, at);
}

/* The encoding to parse with: the setting; else the page's own, unless
 * the bytes say otherwise: a page that declares a legacy charset but is
 * valid multibyte UTF-8 (re-saved by an editor) is read as UTF-8, and one
 * that claims UTF-8 (or nothing) for bytes that are not as Windows-1252,
 * as browsers read it; both with a warning. */
static const char *encoding(galley_ctx *ctx, const char *path, const char *text, size_t len)
{
	const char *forced = H->setting_string(ctx, "encoding");
	if (forced)
		return forced;
	char charset[40];
	declared(text, len, charset, sizeof(charset));
	int says_utf8 = !charset[0] || !strcasecmp(charset, "utf-8") || !strcasecmp(charset, "utf8");
	int utf8 = text_utf8_error(text, len) == len;
	if (!says_utf8 && utf8 && wide(text, len)) {
		/* multibyte UTF-8 is no accident of a legacy charset */
		H->log(ctx, GALLEY_LOG_WARN, "%s: declares %s, but is UTF-8; read as UTF-8", path, charset);
		return "UTF-8";
	}
	if (!says_utf8)
		return NULL; /* libxml2 decodes the declared charset */
	if (utf8)
		return "UTF-8";
	H->log(ctx, GALLEY_LOG_WARN, "%s: %s, but not valid UTF-8; read as Windows-1252", path,
	       charset[0] ? "declared UTF-8" : "no charset declared");
	return "windows-1252";
}

/* ---- the article ---- */

static int set(galley_article *a, const char *field, const char *value)
{
	return value && value[0] && !H->get(a, field) ? H->set(a, field, value) : 0;
}

static int same_text(const char *a, const char *b)
{
	return a && b && !strcasecmp(a, b);
}

/* The page's own heading repeats the headline: once is enough.  A page
 * without a headline in its metadata takes it from there. */
static int headline(galley_article *a, const html_page *page)
{
	for (size_t i = 0; i < H->block_count(a) && i < 3; i++) {
		if (strcmp(H->block_get(a, i, "type"), "heading"))
			continue;
		const char *text = H->block_get(a, i, "text");
		if (!page->title || same_text(text, page->title)) {
			int rc = set(a, "headline", text);
			return rc || H->block_remove(a, i);
		}
	}
	return set(a, "headline", page->title);
}

/* The standfirst the page shows; else the description, when it is not
 * just the start of the first paragraph (as many sites make it). */
static int standfirst(galley_article *a, const html_page *page)
{
	const char *description = page->description;
	if (page->standfirst)
		return set(a, "standfirst", page->standfirst);
	if (!description)
		return 0;
	size_t len = strlen(description);
	while (len && (description[len - 1] == '.' || description[len - 1] == ' '))
		len--;
	if (len > 3 && !strcmp(description + len - 3, "\xE2\x80\xA6"))
		len -= 3; /* "…" */
	for (size_t i = 0; i < H->block_count(a); i++) {
		if (strcmp(H->block_get(a, i, "type"), "paragraph"))
			continue;
		if (!strncasecmp(H->block_get(a, i, "text"), description, len))
			return 0;
		break;
	}
	return set(a, "standfirst", description);
}

static int lead_image(galley_article *a, const html_page *page)
{
	if (!page->image || H->media_count(a))
		return 0;
	int i = H->media_add(a, "image");
	return i < 0 || H->media_set(a, (size_t)i, "href", page->image) ||
	       (page->image_alt && H->media_set(a, (size_t)i, "alt", page->image_alt));
}

/* The id: the headline's slug, else the page address's last part, else
 * the file's name. */
static int identity(galley_article *a, const html_page *page, const char *path)
{
	const char *canon = page->canonical;
	const char *tries[] = {H->get(a, "headline"), canon ? strrchr(canon, '/') : NULL,
	                       strrchr(path, '/') ? strrchr(path, '/') + 1 : path};
	for (size_t i = 0; i < 3; i++) {
		char *slug = tries[i] ? H->slug(tries[i]) : NULL;
		int rc = slug && slug[0] ? H->set(a, "id", slug) : 1;
		H->free(slug);
		if (rc == 0 || rc == -1)
			return rc;
	}
	return -1;
}

static int metadata(galley_ctx *ctx, galley_article *a, const html_page *page, const char *path)
{
	int rc = headline(a, page) || standfirst(a, page) || lead_image(a, page) ||
	         set(a, "kicker", page->kicker) ||
	         set(a, "language", page->lang ? page->lang : H->setting_string(ctx, "language")) ||
	         set(a, "section", page->section) || set(a, "dates.published", page->published) ||
	         set(a, "dates.modified", page->modified) ||
	         set(a, "guid", page->canonical) || H->extra_set_string(a, "uri", page->canonical) ||
	         H->extra_set_string(a, "site_name", page->site_name);
	for (size_t i = 0; !rc && i < page->nbylines; i++)
		rc = H->list_add(a, "bylines", page->bylines[i]);
	for (size_t i = 0; !rc && i < page->ntags; i++)
		rc = H->list_add(a, "keywords", page->tags[i]);
	return rc || !H->get(a, "headline") || identity(a, page, path);
}

/* The body walk leaves out what html_readable calls boilerplate, and the
 * kicker and standfirst, which have fields of their own. */
typedef struct skipper {
	html_readable *r;
	const html_page *page;
	const xmlNode *date_line; /* the block the page's date is the whole of */
} skipper;

/* The block the page's <time> is the whole of ("5 December 2026" under
 * the headline), left out of the body; a date inside a sentence stays. */
static const xmlNode *date_line(const xmlNode *t)
{
	if (!t || !t->parent)
		return NULL;
	strbuf own = {0}, line = {0};
	html_text(t, &own, NULL);
	html_text(t->parent, &line, NULL);
	const char *a = html_trimmed(&own), *b = html_trimmed(&line);
	int same = a && b && !strcmp(a, b);
	sb_free(&own);
	sb_free(&line);
	return same ? t->parent : NULL;
}

static int skip(const xmlNode *n, void *data)
{
	const skipper *s = data;
	const html_page *p = s->page;
	return n == p->kicker_node || n == p->standfirst_node || n == p->byline_node ||
	       n == s->date_line || html_readable_skip(n, s->r);
}

/* The article from a parsed page; why it cannot be one into why. */
static int read_page(html_state *s, galley_ctx *ctx, galley_article *a, htmlDocPtr doc,
                     const char *path, char *why, size_t n)
{
	html_page page = {0};
	html_readable r = {0};
	int rc = html_page_read(doc, &page) ||
	         html_readable_find(doc, s->body, s->drop, s->ndrop, &r);
	skipper k = {&r, &page, date_line(page.date_node)};
	for (size_t i = 0; !rc && i < r.nparts; i++)
		rc = html_blocks_node(H, a, r.parts[i], skip, &k);
	if (!rc && H->block_count(a) == 0)
		rc = snprintf(why, n, "no article text found on the page");
	else if (!rc && metadata(ctx, a, &page, path))
		rc = snprintf(why, n, "%s", H->get(a, "headline") ? "out of memory"
		                            : "no headline: the page has no title, og:title or heading");
	if (rc && !why[0])
		snprintf(why, n, "out of memory");
	html_readable_free(&r);
	html_page_free(&page);
	return rc ? -1 : 0;
}

static int html_process(void *state, galley_ctx *ctx, galley_article *a)
{
	char *text, why[200];
	size_t len;
	int utf16;
	if (import_read_text(H, ctx, a, "HTML", &text, &len, &utf16, why, sizeof(why)) != GALLEY_OK) {
		if (why[0])
			H->reject(ctx, H->get(a, "source"), why);
		return GALLEY_FAIL;
	}
	const char *path = H->get(a, "source");
	/* UTF-16 is UTF-8 by now, whatever its <meta charset> says */
	htmlDocPtr doc = html_parse(text, len, utf16 ? "UTF-8" : encoding(ctx, path, text, len));
	if (!doc)
		snprintf(why, sizeof(why), "libxml2 could not read it as HTML");
	H->free(text);
	int rc = doc ? read_page(state, ctx, a, doc, path, why, sizeof(why)) : -1;
	xmlFreeDoc(doc);
	if (rc)
		H->reject(ctx, path, why);
	return rc ? GALLEY_FAIL : GALLEY_OK;
}

/* The reference `galley plugins --markdown` prints (plugins/README.md). */
static const char reference[] =
	"Whole web pages, one article per page, through\n"
	"libxml2's HTML parser (no network). What the page says about its article\n"
	"comes from its `<head>` (below); the article itself is found among the\n"
	"navigation, share widgets, comments, related links and ads by\n"
	"lib/html/html_readable, and becomes blocks through lib/html/html_blocks (the module\n"
	"import/ninjs and the WordPress importer share). The page's own heading that\n"
	"repeats the headline is dropped from the body; a kicker and a standfirst the\n"
	"page shows by class (`kicker`, `eyebrow`, `overline`, `supertitle`;\n"
	"`standfirst`, `dek`, `deck`, `ingress`, `lede`, `summary`,\n"
	"`article-summary`) go to their fields, not the body; so do the byline line\n"
	"the page shows (`By Jane Doe`) and the line that is only its date (a\n"
	"`<time>`; one inside a sentence stays). An image credit's `Photo:`,\n"
	"`Foto:` or `Credit:` is its marker, not part of the name, and a caption\n"
	"that ends with its credit (`The quay in winter. Photo: NTB`) is split in two.\n"
	"\n"
	"Selectors: type, `#id`, `.class`, `[attr]`, `[attr=v]`, `[attr~=v]`,\n"
	"`[attr^=v]`, `[attr*=v]`, `*`, descendant and `>` combinators, comma lists; a\n"
	"pseudo-class or sibling combinator is refused when the pipeline starts, with\n"
	"the setting and the selector named.\n"
	"\n"
	"Charset: the page's `<meta charset>` (or `http-equiv`) is honoured, decoded\n"
	"by libxml2 (iconv). A page that declares a legacy charset but is valid\n"
	"multibyte UTF-8 (re-saved by an editor) is read as UTF-8, and one that\n"
	"claims UTF-8 or nothing but is not valid UTF-8 is read as Windows-1252, as\n"
	"browsers do; both with a warning naming the file. Quarantined with the\n"
	"reason: an empty file, a binary file (a NUL byte, with its offset), a page\n"
	"over `max_bytes`, a page with no article text, a page with no headline.\n"
	"Markup nested deeper than libxml2's limit (256) is cut there, so a page\n"
	"nested 100,000 deep ends in bounded time and memory (`tests/import_html.t`).\n"
	"\n"
	"| web page | galley |\n"
	"| --- | --- |\n"
	"| JSON-LD `headline`/`name` (an `…Article`, `…Posting` or `Report` object, in a list or `@graph`; a script wrapped in `<![CDATA[ … ]]>` is read, and HTML references in its strings, `&amp;` or `&#8217;`, decoded); `dc:title`, `og:title`, `title`, `twitter:title`, `parsely-title`; `<title>`; the page's `h1` | `headline`, without the site's name: `Headline \\| Site` loses `\\| Site` when it is `og:site_name`, or (for `<title>`) when it is the last of ` \\| `, ` - `, ` – `, ` — `, ` » `, ` :: `, ` · `, ` / `, ` _`, ` [` and at most four words after three or more |\n"
	"| a shown kicker (by class) | `kicker` |\n"
	"| a shown standfirst (by class); else JSON-LD `description`, `dc:description`, `og:description`, `description`, `twitter:description`, unless it is just the start of the first paragraph | `standfirst` |\n"
	"| JSON-LD `author` (names, each a byline; an author given as an `@id` is the `Person` of that `@id` in the `@graph`, as Yoast SEO writes it); `dc:creator`, `author`, `parsely-author`, `article:author` (not an address); a shown byline: an element marked `rel=author` or `itemprop=author`, or with the word `byline`, `author`, `dateline` or `writtenby` in its class or id (`articleAuthor` too, `authorization` not), else a line of at most eight words that begins `By`, `Av`, `Af`, `Von`, `Par`, `Por`, `Di` or `Door` and a capital; hidden elements, navigation and forms never; without the `By` word and what follows ` \\| `, ` · `, ` • ` or ` / ` | `bylines` |\n"
	"| `<html lang>`; `content-language`; JSON-LD `inLanguage`; `og:locale` (`nb_NO` → `nb-NO`); else the setting | `language` |\n"
	"| JSON-LD `datePublished`; `article:published_time`, `parsely-pub-date`, `datePublished`, `dc:date`, `date`, `pubdate`; else a `<time datetime>` the page shows (one marked `itemprop=datePublished` or `pubdate` first, else the first outside `nav`, `aside`, `footer` and `form`); `dateModified`, `article:modified_time`, `og:updated_time` (kept when they read as ISO 8601) | `dates.published`; `dates.modified` |\n"
	"| `article:section`, `parsely-section`, JSON-LD `articleSection` | `section` |\n"
	"| `article:tag`; else JSON-LD `keywords`, `parsely-tags`, `keywords` (comma lists) | `keywords` |\n"
	"| `<link rel=canonical>`, `og:url`, JSON-LD `url` | `guid` (else the file's: `galley:STAGE/PATH`), `extra.uri` |\n"
	"| JSON-LD `publisher.name`, `og:site_name` | `extra.site_name` |\n"
	"| the article's `p`, `h1`–`h6`, `blockquote`, `ul`/`ol`, `figure`/`img`, `pre` | `body` and `media` (lib/html/html_blocks' table) |\n"
	"| `og:image` (with `og:image:alt`), `twitter:image`, JSON-LD `image`, when the article has no image of its own | `media` image |\n"
	"| headline's slug, else the canonical address's last part, else the file name | `id` |\n"
	"\n"
	"On Mozilla Readability's 34 test pages (`../shared/data/web`,\n"
	"`python3 tests/tools/web_yardstick.py build/galley ../shared/data/web`):\n"
	"headline 33 of 33 pages that have a title (100%), byline 24 of 24 (100%),\n"
	"language 19 of 19 (100%), published date 7 of 7 (100%, the same instant),\n"
	"body word overlap (F1) with Readability's extraction: median 1.00, mean\n"
	"0.93 (the low ones: a page without any title, quarantined; nytimes-5, where\n"
	"galley keeps a teaser list and not the story). `tests/import_html.t` holds\n"
	"the floors (90%, 70%, 90%, 70%, median 0.85).\n";

GALLEY_PLUGIN_DEFINE(.name = "import/html", .doc = reference,
                     .description = "reads web pages: the article, its headline, byline, dates and images",
                     .role = GALLEY_ROLE_SOURCE, .settings = settings, .init = html_init,
                     .run = html_run, .process = html_process, .destroy = html_destroy)
