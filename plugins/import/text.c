/* import/text — plain-text articles in the shape newsroom CMS exports
 * take (see pipelines/samples/): optional YAML front matter, then
 * paragraphs separated by blank lines.  Recognised without markup:
 *   - a lede paragraph carrying "Pictured: …" / "Photo: …" markers, split
 *     into standfirst, image caption and image credit;
 *   - one or two short lines without final punctuation before the body:
 *     kicker then headline (one line: the headline);
 *   - short unpunctuated paragraphs in the body: subheadings;
 *   - paragraphs opening with a speech dash: quotes (speaker taken from a
 *     "says NAME" just before, when there is one);
 *   - paragraphs whose every line is a bullet: lists.
 * A file that cannot become an article is quarantined with its reason. */
#include <iconv.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "io/front_matter_in.h"
#include "galley/plugin.h"
#include "io/import_files.h"

static const galley_host *H;

static const galley_setting settings[] = {
	GALLEY_SETTING("path", PATH, NULL, "files to read, a pattern relative to the pipeline ('**' spans folders)"),
	GALLEY_SETTING("language", STRING, NULL, "language of articles without one (BCP 47)"),
	GALLEY_SETTING("caption_markers", LIST, "Pictured:\nPhoto caption:\nCaption:\nBildetekst:\nBildtekst:\nBildtext:\nBilledtekst:\nKuvassa:", "words that open an image caption in the lede"),
	GALLEY_SETTING("credit_markers", LIST, "Photo:\nFoto:\nBild:\nKuva:\nIllustration:\nIllustrasjon:\nGrafik:", "words that open an image credit in the lede"),
	GALLEY_SETTING("encoding", STRING, "utf-8", "the files' encoding when not UTF-8 (an iconv name: windows-1252, iso-8859-15); UTF-16 with its marks is read either way"),
	GALLEY_SETTING("heading_max", INT, "100", "longest line, in bytes, read as a kicker, headline or subheading"),
	GALLEY_SETTING("max_bytes", INT, "16777216", "larger files are quarantined"),
	GALLEY_SETTING("follow_symlinks", BOOL, "false", "follow symlinked folders under '**' (each folder read once, loops end)"),
	{0},
};

typedef struct para {
	char *text; /* lines joined by '\n', outer whitespace trimmed */
	int lines;
} para;

typedef struct doc {
	para *items;
	size_t count;
	char *buf; /* owns the text the paragraphs point into */
} doc;

/* The settings a file is read with, looked up once at init: on a worker
 * each look-up by name was a walk of the stage's settings. */
typedef struct markers {
	const char **items;
	size_t count;
} markers;

typedef struct importer {
	markers caption, credit;
	size_t heading_max;
	const char *language;
	const char *encoding; /* NULL: UTF-8 */
} importer;

typedef struct reader {
	galley_ctx *ctx;
	const importer *im;
	const char *path;
	galley_article *a;
	char error[512];
} reader;

/* ---- text helpers ---- */

/* 1 when the eight bytes at s are ASCII and none is NUL. */
static int plain_ascii8(const unsigned char *s)
{
	uint64_t w;
	memcpy(&w, s, 8);
	return !(((w - 0x0101010101010101ULL) | w) & 0x8080808080808080ULL);
}

static int valid_utf8(const unsigned char *s, size_t n, size_t *bad)
{
	for (size_t i = 0; i < n;) {
		if (i + 8 <= n && plain_ascii8(s + i)) {
			i += 8;
			continue;
		}
		unsigned char c = s[i];
		size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
		if (!len || i + len > n || (len == 2 && c < 0xC2)) {
			*bad = i;
			return 0;
		}
		for (size_t k = 1; k < len; k++)
			if ((s[i + k] & 0xC0) != 0x80) {
				*bad = i;
				return 0;
			}
		if (c == 0) {
			*bad = i;
			return 0;
		}
		i += len;
	}
	return 1;
}

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

static char *trim(char *s)
{
	while (is_space(*s) || *s == '\n')
		s++;
	size_t n = strlen(s);
	while (n > 0 && (is_space(s[n - 1]) || s[n - 1] == '\n'))
		s[--n] = '\0';
	return s;
}

static int push(doc *d, size_t *cap, char *text, int lines)
{
	if (d->count == *cap) {
		size_t ncap = *cap ? *cap * 2 : 16;
		para *grown = realloc(d->items, ncap * sizeof(para));
		if (!grown)
			return -1;
		d->items = grown;
		*cap = ncap;
	}
	d->items[d->count++] = (para){trim(text), lines};
	return 0;
}

/* Splits text (modified in place) on lines holding only whitespace. */
static int split_paragraphs(char *text, doc *d)
{
	char *start = NULL, *last_end = NULL, *p = text;
	size_t cap = 0;
	int lines = 0;
	for (;;) {
		char *nl = strchr(p, '\n');
		char *line_end = nl ? nl : p + strlen(p);
		char *q = p;
		while (q < line_end && is_space(*q))
			q++;
		int blank = q == line_end;
		if (!blank) {
			start = start ? start : p;
			last_end = line_end;
			lines++;
		}
		if ((blank || !nl) && start) {
			*last_end = '\0';
			if (push(d, &cap, start, lines))
				return -1;
			start = NULL;
			lines = 0;
		}
		if (!nl)
			return 0;
		p = nl + 1;
	}
}

/* Replaces inner newlines by spaces: hard-wrapped text reads as one line. */
static void unwrap(char *s)
{
	while ((s = strchr(s, '\n')))
		*s++ = ' ';
}

static int is_speech_dash(const char *s, size_t *len)
{
	static const char *const dashes[] = {"- ", "\xE2\x80\x93 ", "\xE2\x80\x94 ", NULL};
	for (int i = 0; dashes[i]; i++)
		if (strncmp(s, dashes[i], strlen(dashes[i])) == 0) {
			*len = strlen(dashes[i]);
			return 1;
		}
	return 0;
}

static int is_bullet(const char *s, size_t *len)
{
	static const char *const bullets[] = {"- ", "* ", "\xE2\x80\xA2 ", "\xE2\x80\x93 ", NULL};
	for (int i = 0; bullets[i]; i++)
		if (strncmp(s, bullets[i], strlen(bullets[i])) == 0) {
			*len = strlen(bullets[i]);
			return 1;
		}
	return 0;
}

/* A kicker, headline or subheading: one short line, no final . , ; : */
static int is_title(const reader *r, const para *p)
{
	size_t n = strlen(p->text), dash;
	if (p->lines != 1 || n == 0 || n > r->im->heading_max || is_speech_dash(p->text, &dash))
		return 0;
	char last = p->text[n - 1];
	if (strchr(".,;:", last))
		return 0;
	for (const char *c = p->text; *c; c++)
		if ((unsigned char)*c >= 0x80 || ((*c | 32) >= 'a' && (*c | 32) <= 'z'))
			return 1;
	return 0;
}

static int is_list(const para *p)
{
	if (p->lines < 2)
		return 0;
	for (const char *line = p->text; line;) {
		size_t len;
		if (!is_bullet(line, &len))
			return 0;
		line = strchr(line, '\n');
		line = line ? line + 1 : NULL;
	}
	return 1;
}

/* ---- the lede with photo markers ---- */

/* First occurrence of any marker at a word start; *mlen its length. */
static char *find_marker(const markers *m, char *text, size_t *mlen)
{
	char *best = NULL;
	for (size_t i = 0; i < m->count; i++) {
		const char *marker = m->items[i];
		size_t len = strlen(marker);
		for (char *at = strstr(text, marker); len && at; at = strstr(at + 1, marker))
			if ((at == text || is_space(at[-1]) || at[-1] == '\n') && (!best || at < best)) {
				best = at;
				*mlen = len;
				break;
			}
	}
	return best;
}

static char *strip_end_period(char *s)
{
	s = trim(s);
	size_t n = strlen(s);
	if (n > 0 && s[n - 1] == '.')
		s[n - 1] = '\0';
	return trim(s);
}

/* Splits a lede holding markers; returns 1 when it did. */
static int take_photo_lede(reader *r, para *p)
{
	size_t clen = 0, plen = 0;
	char *cap = find_marker(&r->im->caption, p->text, &clen);
	char *cred = find_marker(&r->im->credit, p->text, &plen);
	if (!cap && !cred)
		return 0;
	unwrap(p->text);
	if (cap && cred && cred < cap)
		cap = NULL; /* a credit first: the rest is credit */
	char *first = cap ? cap : cred;
	char *credit = cred ? cred + plen : NULL;
	char *caption = cap ? cap + clen : NULL;
	*first = '\0';
	if (cred && cap)
		*cred = '\0';
	const char *standfirst = trim(p->text);
	if (*standfirst && !H->get(r->a, "standfirst") && H->set(r->a, "standfirst", standfirst))
		return -1;
	int idx = H->media_add(r->a, "image");
	if (idx < 0)
		return -1;
	if (caption && *trim(caption) && H->media_set(r->a, (size_t)idx, "caption", trim(caption)))
		return -1;
	if (credit && *strip_end_period(credit) &&
	    H->media_set(r->a, (size_t)idx, "credit", strip_end_period(credit)))
		return -1;
	return 1;
}

/* ---- body ---- */

static int is_upper_start(const char *w)
{
	unsigned char c = (unsigned char)w[0];
	return (c >= 'A' && c <= 'Z') || c == 0xC3 || c == 0xC5; /* Latin-1 capitals */
}

/* "…, says Jakob Hedenskog, analyst at …" -> "Jakob Hedenskog" */
static int find_speaker(const char *prev, char *out, size_t size)
{
	static const char *const verbs[] = {" says ", " said ", " sier ", " säger ", " siger ", NULL};
	const char *at = NULL;
	size_t vlen = 0;
	for (int i = 0; verbs[i]; i++)
		for (const char *p = strstr(prev, verbs[i]); p; p = strstr(p + 1, verbs[i]))
			if (!at || p > at) {
				at = p;
				vlen = strlen(verbs[i]);
			}
	if (!at)
		return 0;
	const char *w = at + vlen;
	size_t len = 0;
	int words = 0;
	while (*w && is_upper_start(w) && words < 4) {
		size_t wl = strcspn(w, " ,.;:\n");
		if (len + wl + 2 > size)
			return 0;
		if (words)
			out[len++] = ' ';
		memcpy(out + len, w, wl);
		len += wl;
		words++;
		if (w[wl] != ' ')
			break;
		w += wl + 1;
	}
	out[len] = '\0';
	return words >= 2;
}

static int add_list(reader *r, para *p)
{
	char *out = p->text, *w = out;
	for (char *line = p->text; line;) {
		char *nl = strchr(line, '\n');
		size_t blen = 0;
		is_bullet(line, &blen);
		size_t len = nl ? (size_t)(nl - line) : strlen(line);
		memmove(w, line + blen, len - blen);
		w += len - blen;
		if (nl)
			*w++ = '\n';
		line = nl ? nl + 1 : NULL;
	}
	*w = '\0';
	return H->block_insert(r->a, H->block_count(r->a), "list", out);
}

static int add_body(reader *r, doc *d, size_t from)
{
	for (size_t i = from; i < d->count; i++) {
		para *p = &d->items[i];
		size_t n = H->block_count(r->a), dash;
		int rc;
		if (is_list(p)) {
			if ((rc = add_list(r, p)))
				return rc;
			continue;
		}
		unwrap(p->text);
		if (is_speech_dash(p->text, &dash)) {
			rc = H->block_insert(r->a, n, "quote", p->text + dash);
			char speaker[160];
			if (!rc && i > from && find_speaker(d->items[i - 1].text, speaker, sizeof(speaker)))
				rc = H->block_set(r->a, n, "speaker", speaker);
		} else if (is_title(r, p)) {
			rc = H->block_insert(r->a, n, "heading", p->text);
		} else {
			rc = H->block_insert(r->a, n, "paragraph", p->text);
		}
		if (rc)
			return rc;
	}
	return 0;
}

/* ---- front matter (lib/front_matter_in) ---- */

/* Strips "---\n…\n---\n" from the front of text onto the article;
 * returns the body. */
static char *split_front_matter(reader *r, char *text, int *rc)
{
	const char *yaml;
	size_t len;
	char *body = front_matter_split(text, &yaml, &len, r->error, sizeof(r->error));
	*rc = !body || (yaml && front_matter_read(H, r->a, yaml, len, r->error, sizeof(r->error))) ? -1 : 0;
	return body ? body : text;
}

/* ---- one file ---- */

static void normalise_newlines(char *s)
{
	if (!(s = strchr(s, '\r')))
		return; /* the usual case: nothing to do */
	char *w = s;
	for (char *p = s; *p; p++)
		if (!(*p == '\r' && p[1] == '\n'))
			*w++ = *p == '\r' ? '\n' : *p;
	*w = '\0';
}

static int parse(reader *r, char *text, doc *d)
{
	int rc;
	char *body = split_front_matter(r, text, &rc);
	if (rc)
		return rc;
	if (split_paragraphs(body, d))
		return -1;
	size_t i = 0;
	int have_headline = H->get(r->a, "headline") != NULL, photo = 0;
	if (i < d->count && (photo = take_photo_lede(r, &d->items[i])) < 0)
		return -1;
	i += (size_t)photo;
	if (!have_headline) {
		size_t titles = 0;
		while (titles < 2 && i + titles < d->count && is_title(r, &d->items[i + titles]))
			titles++;
		if (titles == 0) {
			snprintf(r->error, sizeof(r->error),
			         "no headline: expected one or two short lines without final punctuation "
			         "before the body, or 'headline:' in front matter");
			return -1;
		}
		if (titles == 2 && !H->get(r->a, "kicker") && H->set(r->a, "kicker", d->items[i].text))
			return -1;
		if (H->set(r->a, "headline", d->items[i + titles - 1].text))
			return -1;
		i += titles;
	}
	/* the lede may also follow the headline */
	if (!photo && i < d->count) {
		int late = take_photo_lede(r, &d->items[i]);
		if (late < 0)
			return -1;
		i += (size_t)late;
	}
	return add_body(r, d, i);
}

static int finish_ids(reader *r)
{
	if (!H->get(r->a, "id")) {
		char *slug = H->slug(H->get(r->a, "headline"));
		int rc = slug && *slug ? H->set(r->a, "id", slug) : -1;
		if (slug && !*slug)
			snprintf(r->error, sizeof(r->error), "the headline gives an empty id; set 'id:' in front matter");
		H->free(slug);
		if (rc)
			return rc;
	}
	const char *lang = r->im->language;
	if (!H->get(r->a, "language") && lang && H->set(r->a, "language", lang))
		return -1;
	return H->get(r->a, "source") ? 0 : H->set(r->a, "source", r->path);
}

/* Reads and parses one file into a (on a worker). */
static int text_process(void *state, galley_ctx *ctx, galley_article *a)
{
	const importer *im = state;
	char *path = strdup(H->get(a, "source"));
	reader r = {ctx, im, path, a, ""};
	char *text = NULL;
	size_t len = 0, bad = 0;
	doc d = {0};
	if (!path)
		return H->fail(ctx, "out of memory");
	int utf16 = 0;
	if (import_read_text(H, ctx, a, "text", &text, &len, &utf16, r.error, sizeof(r.error)) !=
	    GALLEY_OK) {
		if (r.error[0]) /* empty, or binary: as every importer says it */
			H->reject(ctx, path, r.error);
		free(path);
		return GALLEY_FAIL;
	}
	if (!utf16 && im->encoding && import_to_utf8(H, im->encoding, &text, &len, r.error,
	                                             sizeof(r.error)))
		goto reject;
	char *start = len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0 ? text + 3 : text;
	if (!valid_utf8((unsigned char *)start, len - (size_t)(start - text), &bad)) {
		snprintf(r.error, sizeof(r.error),
		         "not valid UTF-8 text (byte %zu); a file in another encoding needs it named in "
		         "the stage's 'encoding:' (such as windows-1252)",
		         bad + (size_t)(start - text));
		goto reject;
	}
	normalise_newlines(start);
	if (parse(&r, start, &d) || finish_ids(&r))
		goto reject;
	if (!H->block_count(a)) /* a flash: the headline alone */
		H->log(ctx, GALLEY_LOG_WARN, "%s: a headline but no text: imported as a headline only", path);
	free(d.items);
	H->free(text);
	free(path);
	return GALLEY_OK;
reject:
	H->reject(ctx, path, r.error[0] ? r.error : "out of memory");
	free(d.items);
	H->free(text);
	free(path);
	return GALLEY_FAIL;
}

static int read_markers(galley_ctx *ctx, const char *setting, markers *m)
{
	m->count = H->setting_count(ctx, setting);
	m->items = calloc(m->count ? m->count : 1, sizeof(*m->items));
	for (size_t i = 0; m->items && i < m->count; i++)
		m->items[i] = H->setting_item(ctx, setting, i);
	return m->items ? 0 : -1;
}

static void text_destroy(void *state)
{
	importer *im = state;
	if (im) {
		free(im->caption.items);
		free(im->credit.items);
		free(im);
	}
}

static int text_init(const galley_host *host, galley_ctx *ctx, void **state)
{
	H = host;
	importer *im = calloc(1, sizeof(*im));
	*state = NULL;
	if (!im || read_markers(ctx, "caption_markers", &im->caption) ||
	    read_markers(ctx, "credit_markers", &im->credit)) {
		text_destroy(im); /* a failed init is not destroyed by the core */
		return host->fail(ctx, "out of memory");
	}
	*state = im;
	im->heading_max = (size_t)host->setting_int(ctx, "heading_max");
	im->language = host->setting_string(ctx, "language");
	const char *enc = host->setting_string(ctx, "encoding");
	if (enc && strcasecmp(enc, "utf-8") && strcasecmp(enc, "utf8")) {
		iconv_t cd = iconv_open("UTF-8", enc);
		if (cd == (iconv_t)-1) {
			text_destroy(im);
			*state = NULL;
			return host->fail(ctx, "encoding '%s' is not one iconv knows (iconv -l lists them; "
			                       "such as windows-1252, iso-8859-15)",
			                  enc);
		}
		iconv_close(cd);
		im->encoding = enc;
	}
	return GALLEY_OK;
}

/* run() only finds the files, in order, and emits one light article per
 * file naming it; the workers read and parse them (text_process). */
static int text_run(void *state, galley_ctx *ctx)
{
	(void)state;
	return import_list_files(H, ctx, "import/text");
}

/* The reference `galley plugins --markdown` prints (plugins/README.md). */
static const char reference[] =
	"Plain-text articles: optional YAML front matter\n"
	"(`id`, `guid`, `headline`, `kicker`, `standfirst`, `language`, `section`, `source`,\n"
	"`byline(s)`, `keywords`/`tags`, `created`/`published`/`modified`/`embargo`,\n"
	"`version`, `pubstatus`, `urgency`, `signals`, `copyright`, `usageterms`,\n"
	"and the Jekyll/Hugo names listed under import/markdown; other keys go to\n"
	"`extra`), then paragraphs separated by blank lines. A lede\n"
	"holding caption/credit markers becomes standfirst + image caption + credit; one\n"
	"or two short lines without final punctuation before the body are kicker and\n"
	"headline; such a line inside the body is a subheading; a paragraph opening with\n"
	"a speech dash (`- `, `– `, `— `) is a quote (the speaker is taken from a\n"
	"\"says NAME\" just before it); a paragraph whose every line is a bullet is a list.\n"
	"A file without a headline, not valid UTF-8, or with broken front matter is\n"
	"quarantined, and so are an empty file (`an empty file`) and a binary one\n"
	"(`a binary file, not text (a NUL byte at offset 4)`), in the words every\n"
	"importer uses. Text in a legacy encoding is read with `encoding:` naming it\n"
	"(`windows-1252`, `iso-8859-15`: any name iconv knows, checked when the stage\n"
	"starts); without it such a file is quarantined with the byte and the\n"
	"setting to use (`not valid UTF-8 text (byte 36); a file in another\n"
	"encoding needs it named in the stage's 'encoding:' (such as\n"
	"windows-1252)`).\n"
	"\n"
	"Walking inputs: only regular files (or links to them) are read. A FIFO,\n"
	"socket or device that matches the pattern is skipped with a warning (a FIFO\n"
	"would block the run), and a file that changes size or time while it is read\n"
	"is quarantined (`changed while it was being read; it is left for the next\n"
	"run`) rather than read half-written.\n";

GALLEY_PLUGIN_DEFINE(.name = "import/text", .doc = reference,
                     .description = "reads plain-text articles (headline, kicker, lede with photo "
                                    "caption and credit, subheads, quotes)",
                     .role = GALLEY_ROLE_SOURCE, .settings = settings, .init = text_init,
                     .run = text_run, .process = text_process, .destroy = text_destroy)
