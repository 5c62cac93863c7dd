/* import/archive — archives partners and contributors send (tar, tar.gz,
 * tar.bz2, tar.xz, tar.zst, zip): each entry goes to the importer its
 * extension names, or for XML and HTML its root element, through
 * host->import_data; pictures travel with the article that shows them.
 *
 * An archive is read whole before any of it is imported (lib/archive_in:
 * names checked, links never followed, sizes capped), so a truncated or
 * hostile archive is quarantined as one input with nothing of it in the
 * run.  An entry its importer refuses is quarantined on its own, with its
 * bytes and reason, and the other entries go on.  Articles come in entry
 * order; the archive's first article is the run's input article. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "io/archive_in.h"
#include "galley/plugin.h"
#include "io/import_files.h"

static const galley_host *H;

static const galley_setting settings[] = {
	IMPORT_FILE_SETTINGS("archives, such as 'inbox/*.zip',", "4294967296"),
	GALLEY_SETTING("max_entry_bytes", INT, "67108864", "an entry expanding past this refuses the archive"),
	GALLEY_SETTING("max_total_bytes", INT, "268435456", "an archive expanding past this in all is refused"),
	GALLEY_SETTING("max_entries", INT, "10000", "an archive with more entries is refused"),
	GALLEY_SETTING("importers", SOURCES, "txt=import/text\ntext=import/text\nhtml=import/html\nhtm=import/html\n"
	 "md=import/markdown\nmarkdown=import/markdown\njson=import/ninjs\njsonl=import/ninjs\n"
	 "nitf=import/nitf\nwxr=import/wxr\n<nitf>=import/nitf\n<newsItem>=import/newsml\n"
	 "<newsMessage>=import/newsml\n<rss>=import/wxr\n<html>=import/html", "extension, or <root> element of XML and HTML, to the importer of those entries"),
	{0},
};

/* An entry kept for import: an importer's input, or a picture (use NULL). */
typedef struct held {
	char *name, *bytes;
	size_t len;
	const char *use;
	int used; /* a picture some article took */
} held;

typedef struct reading {
	galley_ctx *ctx;
	const char *archive;
	held *items;
	size_t n, cap;
	size_t files, skipped;
	char skipped_names[256];
} reading;

static int archive_init(const galley_host *host, galley_ctx *ctx, void **state)
{
	(void)ctx;
	H = host;
	*state = NULL;
	return GALLEY_OK;
}

static int archive_run(void *state, galley_ctx *ctx)
{
	(void)state;
	return import_list_files(H, ctx, "import/archive");
}

static const char *extension(const char *name)
{
	const char *base = strrchr(name, '/') ? strrchr(name, '/') + 1 : name;
	const char *dot = strrchr(base, '.');
	return dot && dot != base ? dot + 1 : "";
}

static const char *picture_mime(const char *name)
{
	static const char *const types[][2] = {
		{"jpg", "image/jpeg"}, {"jpeg", "image/jpeg"}, {"png", "image/png"},
		{"gif", "image/gif"},  {"webp", "image/webp"}, {"tif", "image/tiff"},
		{"tiff", "image/tiff"}, {"svg", "image/svg+xml"}, {"avif", "image/avif"},
	};
	const char *ext = extension(name);
	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (strcasecmp(ext, types[i][0]) == 0)
			return types[i][1];
	return NULL;
}

/* The importer mapped to key (an extension, any case, or "<root>"). */
static const char *importer_for(galley_ctx *ctx, const char *key)
{
	for (size_t i = 0; key[0] && i < H->setting_count(ctx, "importers"); i++)
		if (strcasecmp(H->setting_item(ctx, "importers", i), key) == 0)
			return H->setting_value(ctx, "importers", i);
	return NULL;
}

/* The local name of the first element of XML or HTML text ("html" for an
 * HTML doctype), into out; 0 when the text does not start like markup. */
static int root_element(const char *s, size_t len, char *out, size_t n)
{
	const char *end = s + (len < 65536 ? len : 65536);
	if (end - s >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3))
		s += 3;
	for (;;) {
		while (s < end && *s && strchr(" \t\r\n", *s))
			s++;
		if (s >= end || *s != '<')
			return 0;
		const char *close = NULL, *closer = ">";
		if (!strncmp(s, "<?", 2))
			closer = "?>";
		else if (!strncmp(s, "<!--", 4))
			closer = "-->";
		else if (end - s > 14 && !strncasecmp(s, "<!DOCTYPE html", 14))
			return snprintf(out, n, "html"), 1;
		else if (strncmp(s, "<!", 2))
			break; /* an element */
		close = memmem(s, (size_t)(end - s), closer, strlen(closer));
		if (!close)
			return 0;
		s = close + strlen(closer);
	}
	size_t k = 0;
	for (s++; s < end && *s && !strchr(" \t\r\n/>", *s) && k + 1 < n; s++)
		k = *s == ':' ? 0 : (out[k] = *s, k + 1); /* the local name, after a prefix */
	out[k] = '\0';
	return k > 0;
}

static const char *route(galley_ctx *ctx, const char *name, const char *bytes, size_t len)
{
	const char *use = importer_for(ctx, extension(name));
	char root[64], key[70];
	if (!use && root_element(bytes, len, root, sizeof(root))) {
		snprintf(key, sizeof(key), "<%s>", root);
		use = importer_for(ctx, key);
	}
	return use;
}

/* Counts name in *count, and lists the first three ("'a', 'b', 'c'") in
 * list, for a warning that ends with ", …" past three. */
static void name_listed(char *list, size_t size, size_t *count, const char *name)
{
	size_t used = strlen(list);
	if (++*count <= 3)
		snprintf(list + used, size - used, "%s'%.60s'", used ? ", " : "", name);
}

static int keep_entry(void *data, const char *name, char **bytes, size_t len)
{
	reading *r = data;
	r->files++;
	const char *use = route(r->ctx, name, *bytes, len);
	if (!use && !picture_mime(name))
		return name_listed(r->skipped_names, sizeof(r->skipped_names), &r->skipped, name), 0;
	if (r->n == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 16;
		held *grown = realloc(r->items, cap * sizeof(*grown));
		if (!grown)
			return H->fail(r->ctx, "out of memory");
		r->items = grown;
		r->cap = cap;
	}
	held *h = &r->items[r->n];
	if (!(h->name = strdup(name)))
		return H->fail(r->ctx, "out of memory");
	h->bytes = *bytes;
	h->len = len;
	h->use = use;
	h->used = 0;
	*bytes = NULL; /* kept */
	r->n++;
	return 0;
}

static void skipped_special(void *data, const char *name, const char *why)
{
	reading *r = data;
	H->log(r->ctx, GALLEY_LOG_WARN, "%s: leaving out '%s': %s", r->archive, name, why);
}

static void reading_free(reading *r)
{
	for (size_t i = 0; i < r->n; i++) {
		free(r->items[i].name);
		free(r->items[i].bytes);
	}
	free(r->items);
}

/* "ARCHIVE!/ENTRY": an entry's name in sources and quarantine reasons. */
static char *entry_source(const char *archive, const char *name)
{
	size_t n = strlen(archive) + strlen(name) + 3;
	char *s = malloc(n);
	if (s)
		snprintf(s, n, "%s!/%s", archive, name);
	return s;
}

/* href (relative to the entry's folder) as a name inside the archive,
 * into out; 0 when it points elsewhere (a URL, an absolute path, '..'
 * past the top). */
static int resolve(const char *entry, const char *href, char *out, size_t n)
{
	if (!href || !href[0] || strstr(href, "://") || href[0] == '/' || !strncmp(href, "data:", 5))
		return 0;
	const char *slash = strrchr(entry, '/');
	int len = snprintf(out, n, "%.*s%s", slash ? (int)(slash - entry + 1) : 0, entry, href);
	if (len < 0 || (size_t)len >= n)
		return 0;
	char *parts[64];
	size_t k = 0;
	for (char *save = NULL, *p = strtok_r(out, "/", &save); p; p = strtok_r(NULL, "/", &save)) {
		if (!strcmp(p, "."))
			continue;
		if (!strcmp(p, "..")) {
			if (!k)
				return 0;
			k--;
		} else if (k < 64) {
			parts[k++] = p;
		}
	}
	char joined[1024] = "";
	for (size_t i = 0; i < k; i++)
		snprintf(joined + strlen(joined), sizeof(joined) - strlen(joined), "%s%s", i ? "/" : "",
		         parts[i]);
	snprintf(out, n, "%s", joined);
	return k > 0;
}

static held *picture_named(reading *r, const char *name)
{
	for (size_t i = 0; i < r->n; i++)
		if (!r->items[i].use && !strcmp(r->items[i].name, name))
			return &r->items[i];
	return NULL;
}

/* The picture as one of x's files (media/ID/NAME) and media j's href. */
static void carry(galley_ctx *ctx, galley_article *x, size_t j, held *pic)
{
	const char *id = H->get(x, "id");
	char *slug = H->slug(id ? id : "article");
	const char *base = strrchr(pic->name, '/') ? strrchr(pic->name, '/') + 1 : pic->name;
	char path[1024];
	snprintf(path, sizeof(path), "media/%s/%s", slug && slug[0] ? slug : "article", base);
	H->free(slug);
	if (H->output_write(ctx, x, path, pic->bytes, pic->len) != GALLEY_OK) {
		H->log(ctx, GALLEY_LOG_WARN, "cannot carry picture '%s' with article '%s'", pic->name,
		       id ? id : "?");
		return;
	}
	pic->used = 1;
	H->media_set(x, j, "href", path);
	if (!H->media_get(x, j, "mime"))
		H->media_set(x, j, "mime", picture_mime(pic->name));
}

/* A picture beside the entry, named after it ("story.xml": "story.jpg",
 * "story-2.jpg", "story_map.png"), that no article refers to. */
static int beside(const char *entry, const char *picture)
{
	const char *eslash = strrchr(entry, '/'), *pslash = strrchr(picture, '/');
	size_t edir = eslash ? (size_t)(eslash - entry + 1) : 0;
	size_t pdir = pslash ? (size_t)(pslash - picture + 1) : 0;
	if (edir != pdir || strncmp(entry, picture, edir) != 0)
		return 0;
	const char *stem = entry + edir, *dot = strrchr(stem, '.');
	size_t len = dot ? (size_t)(dot - stem) : strlen(stem);
	return len && !strncmp(picture + pdir, stem, len) && strchr(".-_", picture[pdir + len]);
}

/* Pictures x's media refer to, and (first) those named after its entry. */
static void attach_pictures(galley_ctx *ctx, reading *r, const held *entry, galley_article *x,
                            int first)
{
	char name[1024];
	for (size_t j = 0; j < H->media_count(x); j++) {
		held *pic = resolve(entry->name, H->media_get(x, j, "href"), name, sizeof(name))
		                    ? picture_named(r, name)
		                    : NULL;
		if (pic)
			carry(ctx, x, j, pic);
	}
	for (size_t i = 0; first && i < r->n; i++) {
		held *pic = &r->items[i];
		if (pic->use || pic->used || !beside(entry->name, pic->name))
			continue;
		int j = H->media_add(x, "picture");
		if (j >= 0)
			carry(ctx, x, (size_t)j, pic);
	}
}

/* One entry through its importer; *filled says whether a holds the
 * archive's first article yet.  The articles are emitted as they come,
 * and counted in *made. */
static int import_one(galley_ctx *ctx, reading *r, held *entry, galley_article *a, int *filled,
                      size_t *made)
{
	char *source = entry_source(r->archive, entry->name);
	galley_article *target = *filled ? H->article_new(ctx) : a, **more = NULL;
	size_t nmore = 0;
	if (!source || !target) {
		free(source);
		return H->fail(ctx, "out of memory");
	}
	int rc = H->import_data(ctx, entry->use, source, entry->bytes, entry->len, target, &more,
	                        &nmore);
	if (rc == GALLEY_FAIL) /* the entry, with its bytes and the importer's reason */
		H->reject_data(ctx, source, entry->bytes, entry->len, NULL);
	free(source);
	if (rc != GALLEY_OK) {
		if (target != a)
			H->article_free(target);
	} else if (target == a || H->emit(ctx, target) == GALLEY_OK) {
		*filled |= target == a;
		attach_pictures(ctx, r, entry, target, 1);
		++*made;
	}
	for (size_t i = 0; i < nmore; i++)
		if (H->emit(ctx, more[i]) == GALLEY_OK)
			attach_pictures(ctx, r, entry, more[i], 0), ++*made;
	H->free(more);
	return GALLEY_OK;
}

static void report_unused(galley_ctx *ctx, reading *r)
{
	size_t unused = 0;
	char names[256] = "";
	for (size_t i = 0; i < r->n; i++)
		if (!r->items[i].use && !r->items[i].used)
			name_listed(names, sizeof(names), &unused, r->items[i].name);
	if (unused)
		H->log(ctx, GALLEY_LOG_WARN, "%s: %zu picture%s no article refers to left out: %s%s",
		       r->archive, unused, unused == 1 ? "" : "s", names, unused > 3 ? ", …" : "");
}

/* Every held entry through its importer, in entry order. */
static int import_entries(galley_ctx *ctx, galley_article *a, reading *r)
{
	int filled = 0;
	size_t entries = 0, made = 0;
	for (size_t i = 0; i < r->n; i++) {
		if (!r->items[i].use)
			continue;
		entries++;
		if (import_one(ctx, r, &r->items[i], a, &filled, &made) != GALLEY_OK)
			return GALLEY_FAIL;
	}
	report_unused(ctx, r);
	if (made)
		return filled ? GALLEY_OK : GALLEY_DROP; /* dropped: the articles rode beside it */
	char why[512];
	if (!r->files)
		snprintf(why, sizeof(why), "an empty archive: no file in it");
	else if (entries)
		snprintf(why, sizeof(why), "no article in the archive: none of its %zu entr%s made one "
		         "(a refused entry is quarantined with its reason)", entries,
		         entries == 1 ? "y" : "ies");
	else
		snprintf(why, sizeof(why), "no article in the archive: no entry has an importer "
		         "(see the setting 'importers')");
	H->reject(ctx, r->archive, why);
	return GALLEY_FAIL;
}

static int archive_process(void *state, galley_ctx *ctx, galley_article *a)
{
	(void)state;
	const char *path = H->get(a, "source");
	if (!path)
		return H->fail(ctx, "an article without a source file");
	archive_caps caps = {(uint64_t)H->setting_int(ctx, "max_bytes"),
	                     (uint64_t)H->setting_int(ctx, "max_entry_bytes"),
	                     (uint64_t)H->setting_int(ctx, "max_total_bytes"),
	                     (uint64_t)H->setting_int(ctx, "max_entries")};
	char *archive = strdup(path), why[1024] = "";
	reading r = {.ctx = ctx, .archive = archive};
	if (!archive)
		return H->fail(ctx, "out of memory");
	int rc = archive_in_walk(archive, &caps, keep_entry, skipped_special, &r, why, sizeof(why));
	if (rc == GALLEY_FAIL && !why[0]) /* keep_entry's out of memory */
		snprintf(why, sizeof(why), "%s", "out of memory");
	if (rc) {
		H->reject(ctx, archive, why);
	} else {
		if (r.skipped)
			H->log(ctx, GALLEY_LOG_WARN, "%s: %zu entr%s with no importer left out: %s%s", archive,
			       r.skipped, r.skipped == 1 ? "y" : "ies", r.skipped_names,
			       r.skipped > 3 ? ", …" : "");
		rc = import_entries(ctx, a, &r);
	}
	reading_free(&r);
	free(archive);
	return rc;
}

/* The reference `galley plugins --markdown` prints (plugins/README.md). */
static const char reference[] =
	"Archives partners and contributors send:\n"
	"`.tar`, `.tar.gz`, `.tar.bz2`, `.tar.xz`, `.tar.zst` and `.zip` (libarchive,\n"
	"tar and zip formats only, in-process decompressors only). Each entry goes to\n"
	"the importer its extension names in `importers`, or, for XML and HTML whose\n"
	"extension is not there (`.xml`, no extension), to the one its root element\n"
	"names; that importer runs on the entry's bytes in memory (`host->import_data`,\n"
	"ABI 1.3) with its default settings and this stage's `language`, so an entry\n"
	"maps exactly as the same file would on its own (the tables above). An\n"
	"article's `source` is `ARCHIVE!/ENTRY` (`inbox/wire.tar.gz!/wire/seed.xml`);\n"
	"articles come in entry order.\n"
	"\n"
	"Pictures (`.jpg`, `.jpeg`, `.png`, `.gif`, `.webp`, `.tif`, `.tiff`, `.svg`,\n"
	"`.avif`) travel with their article: a picture an article's media `href`\n"
	"points at (relative to the entry's folder), or one beside the entry named\n"
	"after it (`story.xml` → `story.jpg`, `story-2.jpg`, `story_map.png`, added\n"
	"as a new image), is written as the article's file `media/ID/NAME`, and the\n"
	"media's `href` becomes that path. So `package/archive` packs it, and every\n"
	"partner that gets the article gets the picture in the same bundle (files a\n"
	"source writes travel with the article whatever the partner's `formats`).\n"
	"Pictures no article refers to are left out with one warning per archive;\n"
	"so are entries no importer takes (`rates.pdf`), and links and special files\n"
	"(never followed). Folders, dot files and `__MACOSX/` are passed over, held\n"
	"to the same caps (one declaring more than `max_entry_bytes` refuses the\n"
	"archive before any of it is expanded).\n"
	"\n"
	"An archive is read whole, within its caps, before anything of it is\n"
	"imported, so a bad archive is quarantined as one input with nothing of it in\n"
	"the run:\n"
	"\n"
	"| the archive | what happens |\n"
	"| --- | --- |\n"
	"| an entry named `/etc/x`, `C:\\x` or `../../x` | refused: `entry '../../x.txt' climbs out of the archive with '..'; the archive is refused, nothing of it is read` (nothing is ever written from an archive but the pictures, under the output folder) |\n"
	"| a symbolic or hard link, a device, a FIFO | left out with a warning naming it and its target; never followed |\n"
	"| an entry over `max_entry_bytes` (declared, or found while expanding) | refused: `entry 'zeros.txt' is 4194304 bytes expanded, over max_entry_bytes (1048576 bytes)` |\n"
	"| more than `max_total_bytes` expanded in all, or over `max_entries` | refused: `the archive expands past max_total_bytes (4194304 bytes) at entry 'part4.txt'; a zip bomb?` |\n"
	"| truncated or damaged | refused: `truncated or damaged at entry 'second.txt': truncated gzip input` |\n"
	"| not a tar or zip, or empty | refused: `not a readable tar or zip archive: Unrecognized archive format`; `an empty archive: no file in it` |\n"
	"| no entry became an article | refused, naming why (`no entry has an importer`; or each entry was refused) |\n"
	"| one entry its importer refuses | that entry alone is quarantined with its bytes and the importer's reason (`inbox/mixed.zip!/broken.xml: … not well-formed XML: line 1, column 49: …`); the other entries go on |\n";

GALLEY_PLUGIN_DEFINE(.name = "import/archive", .doc = reference,
                     .description = "reads tar and zip archives: each entry through the importer "
                                    "of its format, pictures with their articles",
                     .role = GALLEY_ROLE_SOURCE, .settings = settings, .init = archive_init,
                     .run = archive_run, .process = archive_process)
