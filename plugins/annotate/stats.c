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

#define ONES 0x0101010101010101ULL
#define HIGH 0x8080808080808080ULL

/* Code points of valid UTF-8: the bytes that do not continue one (10xxxxxx),
 * eight at a time (each flag moved to its byte's low bit and summed). */
static uint64_t code_points(const unsigned char *s, size_t len)
{
	uint64_t continuing = 0;
	size_t i = 0;
	for (; i + 8 <= len; i += 8) {
		uint64_t w;
		memcpy(&w, s + i, 8);
		continuing += (((w & ~(w << 1) & HIGH) >> 7) * ONES) >> 56;
	}
	for (; i < len; i++)
		continuing += (s[i] & 0xC0) == 0x80;
	return len - continuing;
}

/* The first byte from i on that is not printable ASCII (0x21 to 0x7F): a
 * space, a control or the start of a multi-byte character.  Eight bytes
 * at a time: the lowest byte flagged below 0x21 is exact (a false flag
 * only follows a true one), as is the high bit of one from 0x80. */
static size_t plain_end(const unsigned char *s, size_t i, size_t len)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	for (; i + 8 <= len; i += 8) {
		uint64_t w;
		memcpy(&w, s + i, 8);
		uint64_t flagged = (((w - 0x21 * ONES) & ~w) | w) & HIGH;
		if (flagged)
			return i + (size_t)(__builtin_ctzll(flagged) >> 3);
	}
#endif
	while (i < len && s[i] > 0x20 && s[i] < 0x80)
		i++;
	return i;
}

/* The class (bit 1 space, bit 2 letter or digit) of the code point at
 * s[*i], and *i past it. */
static int class_at(const unsigned char *s, size_t len, size_t *i)
{
	if (s[*i] < 0x80)
		return ascii_class[s[(*i)++]];
	utf8proc_int32_t c;
	utf8proc_ssize_t step = utf8proc_iterate(s + *i, (utf8proc_ssize_t)(len - *i), &c);
	if (step <= 0)
		step = 1, c = 0xFFFD; /* the core only lets valid UTF-8 in */
	*i += (size_t)step;
	return (is_space(c) ? 1 : 0) | (is_wordy(c) ? 2 : 0);
}

/* Text is mostly runs of printable ASCII between single spaces: each run
 * is found in a step or two of plain_end, and read byte by byte only
 * until it shows a letter or digit.  Anything else goes one character at
 * a time through class_at. */
static void count_text(counts *n, const char *text)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t len = strlen(text), i = 0;
	int in_word = 0, wordy = 0;
	n->characters += code_points(s, len);
	while (i < len) {
		size_t end = plain_end(s, i, len);
		if (end > i) {
			in_word = 1;
			for (; !wordy && i < end; i++)
				wordy = ascii_class[s[i]] & 2;
			i = end;
			continue;
		}
		int cls = class_at(s, len, &i);
		if (cls & 1) {
			n->words += in_word && wordy;
			in_word = wordy = 0;
		} else {
			in_word = 1;
			wordy |= cls & 2;
		}
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
