/* annotate/stats — counts for each article, under extra.stats: words,
 * characters, paragraphs and reading time.  A word is a run of characters
 * between spaces holding at least one letter or digit; characters are the
 * code points of the headline, standfirst and body, spaces included.
 * Exporters map them (ninjs: wordcount, charcount). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "galley/plugin.h"

static const galley_host *H;

static const galley_setting settings[] = {
	{"words_per_minute", GALLEY_SETTING_INT, "230", "reading speed for reading_seconds"},
	{"key", GALLEY_SETTING_STRING, "stats", "name of the extra field"},
	{NULL, 0, NULL, NULL},
};

typedef struct counts {
	uint64_t words, characters, paragraphs;
} counts;

typedef struct stats {
	int64_t wpm;
	const char *key;
} stats;

static int is_space(utf8proc_int32_t c)
{
	if (c < 0x80)
		return c == ' ' || c == '\n' || c == '\t' || c == '\r';
	utf8proc_category_t cat = utf8proc_category(c);
	return cat == UTF8PROC_CATEGORY_ZS || cat == UTF8PROC_CATEGORY_ZL ||
	       cat == UTF8PROC_CATEGORY_ZP;
}

static int is_wordy(utf8proc_int32_t c)
{
	if (c < 0x80)
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
	utf8proc_category_t cat = utf8proc_category(c);
	return (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO) ||
	       (cat >= UTF8PROC_CATEGORY_ND && cat <= UTF8PROC_CATEGORY_NO);
}

static unsigned char ascii_class[128]; /* bit 1 space, bit 2 letter or digit; set in init */

static void fill_ascii_class(void)
{
	for (int c = 0; c < 128; c++)
		ascii_class[c] = (unsigned char)((is_space(c) ? 1 : 0) | (is_wordy(c) ? 2 : 0));
}

static void count_text(counts *n, const char *text)
{
	const utf8proc_uint8_t *s = (const utf8proc_uint8_t *)text;
	size_t len = strlen(text);
	int in_word = 0, wordy = 0;
	for (size_t i = 0; i < len;) {
		int space, letter;
		if (s[i] < 0x80) { /* most text: a table look-up */
			space = ascii_class[s[i]] & 1;
			letter = ascii_class[s[i]] & 2;
			i++;
		} else {
			utf8proc_int32_t c;
			utf8proc_ssize_t step = utf8proc_iterate(s + i, (utf8proc_ssize_t)(len - i), &c);
			if (step <= 0)
				step = 1, c = 0xFFFD; /* the core only lets valid UTF-8 in */
			i += (size_t)step;
			space = is_space(c);
			letter = is_wordy(c);
		}
		n->characters++;
		if (space) {
			n->words += in_word && wordy;
			in_word = wordy = 0;
			continue;
		}
		in_word = 1;
		wordy |= letter;
	}
	n->words += in_word && wordy;
}

static int stats_init(const galley_host *host, galley_ctx *ctx, void **state)
{
	H = host;
	fill_ascii_class(); /* inits run one by one before any worker starts */
	*state = NULL;
	int64_t wpm = host->setting_int(ctx, "words_per_minute");
	if (wpm < 1 || wpm > 10000)
		return host->fail(ctx, "'words_per_minute' must be 1 to 10000, not %lld", (long long)wpm);
	const char *key = host->setting_string(ctx, "key");
	if (!key[0])
		return host->fail(ctx, "'key' must not be empty");
	stats *s = malloc(sizeof(*s));
	if (!s)
		return host->fail(ctx, "out of memory");
	s->wpm = wpm;
	s->key = key;
	*state = s;
	return GALLEY_OK;
}

static int stats_process(void *state, galley_ctx *ctx, galley_article *a)
{
	const stats *s = state;
	counts n = {0};
	const char *fields[] = {"headline", "standfirst"};
	for (size_t i = 0; i < 2; i++)
		if (H->get(a, fields[i]))
			count_text(&n, H->get(a, fields[i]));
	size_t blocks = H->block_count(a);
	for (size_t i = 0; i < blocks; i++) {
		const char *type = H->block_get(a, i, "type"), *text = H->block_get(a, i, "text");
		if (text)
			count_text(&n, text);
		n.paragraphs += strcmp(type, "paragraph") == 0 || strcmp(type, "quote") == 0;
	}
	uint64_t seconds = (n.words * 60 + (uint64_t)s->wpm - 1) / (uint64_t)s->wpm;
	char json[256];
	snprintf(json, sizeof(json),
	         "{\"words\": %llu, \"characters\": %llu, \"paragraphs\": %llu, "
	         "\"reading_seconds\": %llu}",
	         (unsigned long long)n.words, (unsigned long long)n.characters,
	         (unsigned long long)n.paragraphs, (unsigned long long)seconds);
	if (H->extra_set_json(a, s->key, json))
		return H->fail(ctx, "out of memory");
	return GALLEY_OK;
}

GALLEY_PLUGIN_DEFINE(.name = "annotate/stats",
                     .description = "word, character and paragraph counts and reading time "
                                    "under extra.stats",
                     .role = GALLEY_ROLE_TRANSFORM, .settings = settings, .init = stats_init,
                     .process = stats_process, .destroy = free)
