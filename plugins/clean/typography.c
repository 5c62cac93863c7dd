/* clean/typography — the typography of the article's language in place of
 * typewriter habits, in the headline, kicker, standfirst, body and
 * captions:
 *   - straight double and single quotes become the language's quotes
 *     (`quotes`: en “…” ‘…’, nb/nn/no/da «…» ‘…’, sv/fi ”…” ’…’, de „…“
 *     ‚…‘, fr « … » with no-break spaces), opening or closing by what is
 *     on their left;
 *   - an apostrophe inside a word, or before a year ('80s), becomes ’;
 *   - " - " between words becomes " – " (en dash), and a paragraph opening
 *     with "- " (the speech dash) opens with "– ";
 *   - "..." becomes "…";
 *   - where the language asks, no-break spaces: French before ; : ! ? and
 *     inside « »; digit groups ("10 000") in the languages that write them
 *     so (`digit_groups`).
 * Never touched: URLs, e-mail addresses, text between backticks, numbers
 * and ranges (1992-2020, 5 - 3), a quote mark already typographic.  An
 * article without a language gets dashes, ellipses and apostrophes only. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "galley/plugin.h"
#include "text/strbuf.h"

static const galley_host *H;

static const galley_setting settings[] = {
	GALLEY_SETTING("quotes", MAP, NULL,
	               "language -> four quote marks: open, close, inner open, inner close (adds to the "
	               "built-in styles)",
	               GALLEY_PATTERN("(?s).{4}", "four marks (open, close, inner open, inner close), "
	                                          "such as «»‘’")),
	GALLEY_SETTING("digit_groups", LIST, "nb\nnn\nno\nsv\nda\nfi\nfr", "languages whose digit groups (10 000) get a no-break space"),
	{0},
};

typedef struct style {
	char lang[12];
	char mark[4][8]; /* open, close, inner open, inner close (UTF-8) */
	int french;      /* no-break spaces inside guillemets and before ; : ! ? */
} style;

static const style builtin[] = {
	{"en", {"\u201c", "\u201d", "\u2018", "\u2019"}, 0},
	{"nb", {"\u00ab", "\u00bb", "\u2018", "\u2019"}, 0},
	{"nn", {"\u00ab", "\u00bb", "\u2018", "\u2019"}, 0},
	{"no", {"\u00ab", "\u00bb", "\u2018", "\u2019"}, 0},
	{"da", {"\u00ab", "\u00bb", "\u2018", "\u2019"}, 0},
	{"sv", {"\u201d", "\u201d", "\u2019", "\u2019"}, 0},
	{"fi", {"\u201d", "\u201d", "\u2019", "\u2019"}, 0},
	{"de", {"\u201e", "\u201c", "\u201a", "\u2018"}, 0},
	{"fr", {"\u00ab", "\u00bb", "\u201c", "\u201d"}, 1},
};

#define NBSP "\u00a0"
#define NNBSP "\u202f" /* narrow no-break space, for French punctuation */

typedef struct typo {
	style *styles;
	size_t nstyles;
} typo;

/* Splits a four-mark setting ("«»‘’") into its characters. */
static int parse_marks(const char *s, style *st)
{
	for (int i = 0; i < 4; i++) {
		size_t n = 1;
		while (s[n] && ((unsigned char)s[n] & 0xC0) == 0x80)
			n++;
		if (!s[0] || n >= sizeof(st->mark[i]))
			return -1;
		memcpy(st->mark[i], s, n);
		st->mark[i][n] = '\0';
		s += n;
	}
	return *s ? -1 : 0;
}

static int init(const galley_host *host, galley_ctx *ctx, void **state)
{
	H = host;
	*state = NULL;
	size_t n = host->setting_count(ctx, "quotes"), nb = sizeof(builtin) / sizeof(*builtin);
	typo *t = calloc(1, sizeof(*t));
	if (!t || !(t->styles = calloc(n + nb, sizeof(style)))) {
		free(t);
		return host->fail(ctx, "out of memory");
	}
	for (size_t i = 0; i < n; i++) { /* the pipeline's first, so they win */
		style *st = &t->styles[t->nstyles];
		snprintf(st->lang, sizeof(st->lang), "%s", host->setting_item(ctx, "quotes", i));
		if (parse_marks(host->setting_value(ctx, "quotes", i), st)) {
			free(t->styles);
			free(t);
			return host->fail(ctx, "'quotes' for '%s' is not four marks", /* the host checks */
			                  host->setting_item(ctx, "quotes", i));
		}
		st->french = !strcmp(st->lang, "fr");
		t->nstyles++;
	}
	memcpy(t->styles + t->nstyles, builtin, sizeof(builtin));
	t->nstyles += nb;
	*state = t;
	return GALLEY_OK;
}

static void destroy(void *state)
{
	typo *t = state;
	if (t)
		free(t->styles);
	free(t);
}

/* ---- the rewrite ---- */

typedef struct out {
	strbuf b;
	int oom;
} out;

static void put(out *o, const char *s, size_t n)
{
	if (!o->oom && sb_add(&o->b, s, n))
		o->oom = 1;
}

static void puts_(out *o, const char *s)
{
	put(o, s, strlen(s));
}

typedef struct text {
	const char *s;
	size_t len;
	const style *st; /* NULL: no language */
	int groups;      /* digit groups get no-break spaces */
} text;

static int is_alnum(unsigned char c)
{
	/* any byte of a non-ASCII character counts as a letter */
	return ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || (c >= '0' && c <= '9') || c >= 0x80;
}

static int is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

static int is_space(unsigned char c)
{
	return c == ' ' || c == '\n' || c == '\t';
}

/* What lies left of i: the last byte written, as the rewrite goes. */
static unsigned char left(const out *o)
{
	return o->b.len ? (unsigned char)o->b.s[o->b.len - 1] : ' ';
}

/* A quote opens after a space, the start, an opening bracket, a dash or
 * another opening quote; otherwise it closes. */
static int opens(const out *o)
{
	unsigned char c = left(o);
	if (is_space(c) || c == '(' || c == '[' || c == '{' || c == '/')
		return 1;
	if (o->b.len >= 3) { /* an en or em dash, or an opening quote mark */
		const char *p = o->b.s + o->b.len - 3;
		if (!memcmp(p, "\u2013", 3) || !memcmp(p, "\u2014", 3) || !memcmp(p, "\u201c", 3) ||
		    !memcmp(p, "\u2018", 3) || !memcmp(p, "\u201e", 3) || !memcmp(p, "\u201a", 3))
			return 1;
	}
	return o->b.len >= 2 && (!memcmp(o->b.s + o->b.len - 2, "\u00ab", 2) ||
	                       !memcmp(o->b.s + o->b.len - 2, NBSP, 2));
}

/* Length of the run to copy as it is at i (a URL, an address, code), or 0. */
static size_t verbatim(const text *t, size_t i)
{
	const char *s = t->s + i;
	size_t rest = t->len - i, n = 0;
	if (s[0] == '`') {
		const char *end = memchr(s + 1, '`', rest - 1);
		return end ? (size_t)(end - s) + 1 : 0;
	}
	if (i > 0 && !is_space((unsigned char)s[-1]) && s[-1] != '(' && s[-1] != '<')
		return 0;
	while (n < rest && !is_space((unsigned char)s[n]))
		n++;
	const char *colon = memchr(s, ':', n), *at = memchr(s, '@', n);
	int url = (colon && colon + 2 < s + n && colon[1] == '/' && colon[2] == '/') ||
	          (n > 4 && !memcmp(s, "www.", 4)) ||
	          (at && at > s && memchr(at, '.', (size_t)(s + n - at)));
	return url ? n : 0;
}

/* A straight quote at *i as the style's mark; French guillemets take a
 * narrow no-break space inside, in place of a plain space if there is one. */
static void quote(out *o, const text *t, int inner, size_t *i)
{
	(*i)++;
	if (!t->st) {
		put(o, inner ? "'" : "\"", 1);
		return;
	}
	int open = opens(o), french = t->st->french && !inner;
	if (french && !open && o->b.len && o->b.s[o->b.len - 1] == ' ')
		o->b.len--;
	if (french && !open)
		puts_(o, NNBSP);
	puts_(o, t->st->mark[(inner ? 2 : 0) + !open]);
	if (french && open) {
		puts_(o, NNBSP);
		if (*i < t->len && t->s[*i] == ' ')
			(*i)++;
	}
}

/* A straight single quote: an apostrophe inside a word or before digits
 * ('80s), else an inner quote mark. */
static void single(out *o, const text *t, size_t *i)
{
	size_t at = *i;
	unsigned char before = left(o), after = at + 1 < t->len ? (unsigned char)t->s[at + 1] : ' ';
	int year = !is_alnum(before) && is_digit(after) && at + 2 < t->len &&
	           is_digit((unsigned char)t->s[at + 2]);
	if ((is_alnum(before) && is_alnum(after)) || year) {
		puts_(o, "\u2019");
		(*i)++;
	} else {
		quote(o, t, 1, i);
	}
}

/* " - " between words; i is at the hyphen, the space before it written. */
static int spaced_hyphen(const out *o, const text *t, size_t i)
{
	if (i + 2 >= t->len || t->s[i + 1] != ' ' || o->b.len < 2 || o->b.s[o->b.len - 1] != ' ')
		return 0;
	unsigned char before = (unsigned char)o->b.s[o->b.len - 2], after = (unsigned char)t->s[i + 2];
	if (is_digit(before) && is_digit(after))
		return 0; /* 5 - 3: a number's business */
	return (is_alnum(before) || before == ',' || before == ')' || before == '.') &&
	       (is_alnum(after) || after == '(' || after == '"');
}

/* "10 000": a space between a group of 1–3 digits and exactly 3 more. */
static int digit_group_space(const out *o, const text *t, size_t i)
{
	if (!t->groups || t->s[i] != ' ' || !o->b.len || !is_digit(left(o)))
		return 0;
	size_t d = 0;
	while (d < 4 && i + 1 + d < t->len && is_digit((unsigned char)t->s[i + 1 + d]))
		d++;
	if (d != 3 || (i + 4 < t->len && is_alnum((unsigned char)t->s[i + 4]) &&
	               !is_space((unsigned char)t->s[i + 4])))
		return 0;
	size_t back = 0; /* the group before: 1–3 digits after a space or the start */
	while (back < o->b.len && is_digit((unsigned char)o->b.s[o->b.len - 1 - back]))
		back++;
	return back >= 1 && back <= 3;
}

static int french_space(const out *o, const text *t, size_t i)
{
	if (!t->st || !t->st->french || t->s[i] != ' ' || i + 1 >= t->len)
		return 0;
	char next = t->s[i + 1];
	return (next == ';' || next == ':' || next == '!' || next == '?') && o->b.len &&
	       is_alnum(left(o));
}

static char *rewrite(const text *t, int paragraph)
{
	out o = {0};
	size_t i = 0;
	if (paragraph && t->len > 2 && t->s[0] == '-' && t->s[1] == ' ') {
		puts_(&o, "\u2013 "); /* the speech dash */
		i = 2;
	}
	while (i < t->len && !o.oom) {
		unsigned char c = (unsigned char)t->s[i];
		size_t v = verbatim(t, i);
		if (v) {
			put(&o, t->s + i, v);
			i += v;
		} else if (c == '"') {
			quote(&o, t, 0, &i);
		} else if (c == '\'') {
			single(&o, t, &i);
		} else if (c == '-' && spaced_hyphen(&o, t, i)) {
			puts_(&o, "\u2013"), i++;
		} else if (c == '.' && i + 2 < t->len && t->s[i + 1] == '.' && t->s[i + 2] == '.' &&
		           (i + 3 >= t->len || t->s[i + 3] != '.')) {
			puts_(&o, "\u2026"), i += 3;
		} else if (digit_group_space(&o, t, i)) {
			puts_(&o, NBSP), i++;
		} else if (french_space(&o, t, i)) {
			puts_(&o, NNBSP), i++;
		} else {
			put(&o, t->s + i, 1), i++;
		}
	}
	return o.oom ? (sb_free(&o.b), NULL) : o.b.s ? o.b.s : strdup("");
}

static const style *style_for(const typo *t, const char *lang)
{
	if (!lang)
		return NULL;
	size_t n = strcspn(lang, "-_");
	for (size_t i = 0; i < t->nstyles; i++)
		if (strlen(t->styles[i].lang) == n && !strncasecmp(t->styles[i].lang, lang, n))
			return &t->styles[i];
	return NULL;
}

static int groups_for(galley_ctx *ctx, const char *lang)
{
	size_t n = lang ? strcspn(lang, "-_") : 0, count = H->setting_count(ctx, "digit_groups");
	for (size_t i = 0; lang && i < count; i++) {
		const char *l = H->setting_item(ctx, "digit_groups", i);
		if (strlen(l) == n && !strncasecmp(l, lang, n))
			return 1;
	}
	return 0;
}

typedef int (*setter)(galley_article *a, size_t i, const char *field, const char *value);

static int fix(galley_ctx *ctx, text *t, const char *value, int paragraph, galley_article *a,
               const char *field, size_t i, setter set)
{
	if (!value || !value[0])
		return 0;
	t->s = value, t->len = strlen(value);
	char *fixed = rewrite(t, paragraph);
	if (!fixed)
		return H->fail(ctx, "out of memory");
	int rc = 0;
	if (strcmp(fixed, value))
		rc = set ? set(a, i, field, fixed) : H->set(a, field, fixed);
	free(fixed);
	return rc ? H->fail(ctx, "out of memory") : 0;
}

static int process(void *state, galley_ctx *ctx, galley_article *a)
{
	const typo *ty = state;
	const char *lang = H->get(a, "language");
	text t = {NULL, 0, style_for(ty, lang), groups_for(ctx, lang)};
	static const char *const fields[] = {"headline", "kicker", "standfirst"};
	for (size_t f = 0; f < 3; f++)
		if (fix(ctx, &t, H->get(a, fields[f]), 0, a, fields[f], 0, NULL))
			return GALLEY_FAIL;
	size_t n = H->block_count(a);
	for (size_t i = 0; i < n; i++) {
		const char *type = H->block_get(a, i, "type");
		if (!strcmp(type, "image") || !strcmp(type, "embed"))
			continue; /* markup or code */
		if (fix(ctx, &t, H->block_get(a, i, "text"), !strcmp(type, "paragraph"), a, "text", i,
		        H->block_set))
			return GALLEY_FAIL;
	}
	n = H->media_count(a);
	for (size_t i = 0; i < n; i++)
		if (fix(ctx, &t, H->media_get(a, i, "caption"), 0, a, "caption", i, H->media_set))
			return GALLEY_FAIL;
	return GALLEY_OK;
}

/* The reference `galley plugins --markdown` prints (plugins/README.md). */
static const char reference[] =
	"The typography of the article's language\n"
	"in place of typewriter habits, in the headline, kicker, standfirst, body\n"
	"(not `image`/`embed` blocks) and captions (credits are names, left alone):\n"
	"\n"
	"| rule | before | after |\n"
	"| --- | --- | --- |\n"
	"| quotes by language: en “ ” ‘ ’; nb, nn, no, da « » ‘ ’; sv, fi ” ” ’ ’; de „ “ ‚ ‘; fr « » with narrow no-break spaces | `\"Vi venter\"` (nb) | `«Vi venter»` |\n"
	"| an apostrophe inside a word or before a year | `don't`, `the '80s` | `don’t`, `the ’80s` |\n"
	"| ` - ` between words | `late - or not at all - to` | `late – or not at all – to` |\n"
	"| the speech dash opening a paragraph | `- Det blir stillere` | `– Det blir stillere` |\n"
	"| three dots | `paused...` | `paused…` |\n"
	"| French: before `; : ! ?` and inside « » | `dit : \"Oui !\"` | `dit : « Oui ! »` (U+202F) |\n"
	"| digit groups in `digit_groups` languages | `10 000 kroner` | `10 000 kroner` (U+00A0) |\n"
	"\n"
	"Never touched: URLs, web and e-mail addresses (`https://…/it's-here`,\n"
	"`o'brien@example.com`), text between backticks, numbers and ranges\n"
	"(`1992-2020`, `10-12`, `5 - 3`, `-40`), quote marks already typographic.\n"
	"Quotes open after a space, a bracket, a dash or another opening mark, and\n"
	"close elsewhere. An article without a language keeps its straight quotes\n"
	"(which marks would be a guess) and gets the rest. Put it after\n"
	"annotate/language, which sets the language it reads. Settings: `quotes` (map\n"
	"language → four marks: open, close, inner open, inner close, e.g. `da:\n"
	"\"»«›‹\"`; adds to and overrides the built-in styles) and `digit_groups` (list,\n"
	"default nb, nn, no, sv, da, fi, fr). Its cases are\n"
	"`tests/transforms/typography.test.yaml` (`galley test tests/transforms/`).\n";

GALLEY_PLUGIN_DEFINE(.name = "clean/typography", .doc = reference,
                     .description = "the language's quotes, apostrophes, dashes, ellipses and "
                                    "no-break spaces",
                     .role = GALLEY_ROLE_TRANSFORM, .settings = settings, .init = init,
                     .process = process, .destroy = destroy)
