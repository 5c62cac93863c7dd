/* annotate/language — the language an article is written in, from its
 * text, with CLD2 (measured against libexttextcat on real text in fourteen
 * languages: tests/langid/, README "annotate/language").  The headline,
 * standfirst and body, up to max_bytes, are what it reads.
 *
 * It sets the article's language when it has none (or always, with
 * overwrite), and records what it found under extra.language:
 * {"code", "confidence" (0 to 1), "reliable"}.  CLD2 knows Norwegian as
 * one language; Bokmål and Nynorsk are then told apart by the words only
 * one of them uses (norwegian_split.c), and the setting `norwegian` says
 * how to report them: nb/nn, or no for both. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text/cld2_detect.h"
#include "galley/plugin.h"
#include "text/norwegian_split.h"

static const galley_host *H;

static const galley_setting settings[] = {
	{"overwrite", GALLEY_SETTING_BOOL, "false",
	 "replace a language the article already has with the detected one"},
	{"norwegian", GALLEY_SETTING_STRING, "nb-nn",
	 "how to report Norwegian: nb-nn (Bokmål nb, Nynorsk nn) or no (both as no)"},
	{"min_confidence", GALLEY_SETTING_INT, "50",
	 "percent of the text that must be in the language before it is set"},
	{"max_bytes", GALLEY_SETTING_INT, "4096", "bytes of text read from each article"},
	{"key", GALLEY_SETTING_STRING, "language", "name of the extra field"},
	{NULL, 0, NULL, NULL},
};

typedef struct detector {
	int overwrite, split_norwegian;
	int64_t min_confidence;
	size_t max_bytes;
	const char *key;
} detector;

typedef struct sample {
	char *buf;
	size_t len, cap;
} sample;

static int init(const galley_host *host, galley_ctx *ctx, void **state)
{
	H = host;
	*state = NULL;
	const char *norwegian = host->setting_string(ctx, "norwegian");
	if (strcmp(norwegian, "nb-nn") != 0 && strcmp(norwegian, "no") != 0)
		return host->fail(ctx, "'norwegian' must be nb-nn or no, not '%s'", norwegian);
	int64_t min = host->setting_int(ctx, "min_confidence");
	if (min < 0 || min > 100)
		return host->fail(ctx, "'min_confidence' must be 0 to 100, not %lld", (long long)min);
	int64_t max = host->setting_int(ctx, "max_bytes");
	if (max < 64 || max > 1 << 24)
		return host->fail(ctx, "'max_bytes' must be 64 to 16777216, not %lld", (long long)max);
	const char *key = host->setting_string(ctx, "key");
	if (!key[0])
		return host->fail(ctx, "'key' must not be empty");
	detector *d = malloc(sizeof(*d));
	if (!d)
		return host->fail(ctx, "out of memory");
	*d = (detector){host->setting_bool(ctx, "overwrite"), strcmp(norwegian, "nb-nn") == 0, min,
	                (size_t)max, key};
	*state = d;
	return GALLEY_OK;
}

/* Appends text and a newline, stopping at max bytes on a character start. */
static int sample_add(sample *s, const char *text, size_t max)
{
	if (!text || !text[0] || s->len >= max)
		return 0;
	size_t n = strlen(text);
	if (s->len + n + 1 > max) {
		n = max - s->len - 1;
		while (n > 0 && ((unsigned char)text[n] & 0xC0) == 0x80)
			n--;
	}
	if (s->len + n + 2 > s->cap) {
		size_t cap = s->len + n + 2 > max + 2 ? s->len + n + 2 : max + 2;
		char *p = realloc(s->buf, cap);
		if (!p)
			return -1;
		s->buf = p, s->cap = cap;
	}
	memcpy(s->buf + s->len, text, n);
	s->len += n;
	s->buf[s->len++] = '\n';
	s->buf[s->len] = '\0';
	return 0;
}

static int sample_article(sample *s, const galley_article *a, size_t max)
{
	if (sample_add(s, H->get(a, "headline"), max) || sample_add(s, H->get(a, "standfirst"), max))
		return -1;
	size_t n = H->block_count(a);
	for (size_t i = 0; i < n && s->len < max; i++) {
		const char *type = H->block_get(a, i, "type");
		if (strcmp(type, "paragraph") && strcmp(type, "heading") && strcmp(type, "quote") &&
		    strcmp(type, "list"))
			continue;
		if (sample_add(s, H->block_get(a, i, "text"), max))
			return -1;
	}
	return 0;
}

/* CLD2's code as BCP 47, with Norwegian as the setting asks. */
static void bcp47(const detector *d, const char *cld, const sample *s, char *out, size_t size)
{
	static const char *const legacy[][2] = {{"iw", "he"}, {"jw", "jv"}, {"in", "id"},
	                                        {"ji", "yi"}, {NULL, NULL}};
	if (strcmp(cld, "no") == 0 || strcmp(cld, "nn") == 0)
		cld = !d->split_norwegian ? "no" : norwegian_is_nynorsk(s->buf, s->len) ? "nn" : "nb";
	for (size_t i = 0; legacy[i][0]; i++)
		if (strcmp(cld, legacy[i][0]) == 0)
			cld = legacy[i][1];
	snprintf(out, size, "%s", cld);
}

/* Whether two BCP 47 tags name the same language ("en" and "en-GB" do). */
static int same_language(const char *a, const char *b)
{
	size_t n = strcspn(a, "-_"), m = strcspn(b, "-_");
	return n == m && strncasecmp(a, b, n) == 0;
}

/* A well-formed BCP 47 tag, as far as it matters here: a primary tag of
 * two or three letters (or i-/x- forms), then subtags of 1-8 letters or
 * digits. */
static int well_formed(const char *tag)
{
	size_t n = strspn(tag, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ");
	if ((n < 2 || n > 3) && !(n == 1 && (tag[0] == 'i' || tag[0] == 'x') && tag[1] == '-'))
		return 0;
	for (const char *p = tag + n; *p;) {
		if (*p != '-' && *p != '_')
			return 0;
		size_t k = strspn(++p, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789");
		if (k < 1 || k > 8)
			return 0;
		p += k;
	}
	return strlen(tag) <= 35;
}

static int record(const detector *d, galley_ctx *ctx, galley_article *a, const char *code,
                  int percent, int reliable)
{
	char json[160];
	snprintf(json, sizeof(json), "{\"code\": \"%s\", \"confidence\": %.2f, \"reliable\": %s}", code,
	         percent / 100.0, reliable ? "true" : "false");
	if (H->extra_set_json(a, d->key, json))
		return H->fail(ctx, "out of memory");
	const char *had = H->get(a, "language");
	int sure = reliable && percent >= d->min_confidence;
	if (had && !well_formed(had)) { /* a broken front matter value */
		H->log(ctx, GALLEY_LOG_WARN, "language '%s' is not a language tag; %s", had,
		       sure ? "set to the detected one" : "removed");
		if (H->set(a, "language", sure ? code : NULL))
			return H->fail(ctx, "out of memory");
		return GALLEY_OK;
	}
	if (had && sure && !same_language(had, code))
		H->log(ctx, GALLEY_LOG_WARN, "language is '%s' but the text reads as '%s' (%d%%)%s", had,
		       code, percent, d->overwrite ? "; set to the detected one" : "");
	if (sure && (!had || d->overwrite) && H->set(a, "language", code))
		return H->fail(ctx, "out of memory");
	if (!sure && !had)
		H->log(ctx, GALLEY_LOG_INFO, "language not set: the text reads as '%s' only %s(%d%%)",
		       code, reliable ? "" : "unreliably ", percent);
	return GALLEY_OK;
}

static int process(void *state, galley_ctx *ctx, galley_article *a)
{
	const detector *d = state;
	sample s = {0};
	if (sample_article(&s, a, d->max_bytes)) {
		free(s.buf);
		return H->fail(ctx, "out of memory");
	}
	lang_guess top[3];
	int scored = 0, reliable = s.len ? cld2_detect(s.buf, s.len, top, &scored) : 0;
	int rc = GALLEY_OK;
	if (reliable < 0) { /* CLD2 is stricter than valid UTF-8: not the article's fault */
		H->log(ctx, GALLEY_LOG_INFO, "language not detected: CLD2 refuses characters of the text");
	} else if (!s.len || !top[0].code[0]) {
		if (!H->get(a, "language"))
			H->log(ctx, GALLEY_LOG_INFO, "language not set: too little text to tell");
	} else {
		char code[16];
		bcp47(d, top[0].code, &s, code, sizeof(code));
		rc = record(d, ctx, a, code, top[0].percent, reliable);
	}
	free(s.buf);
	return rc;
}

GALLEY_PLUGIN_DEFINE(.name = "annotate/language",
                     .description = "detects the language of the text (CLD2) into language "
                                    "and extra.language",
                     .role = GALLEY_ROLE_TRANSFORM, .settings = settings, .init = init,
                     .process = process, .destroy = free)
