/* annotate/stats — counts for each article, under extra.stats: words,
 * characters, paragraphs and reading time.  A word is a run of characters
 * between spaces holding at least one letter or digit; characters are the
 * code points of the headline, standfirst and body, spaces included.
 * Exporters map them (ninjs: wordcount, charcount). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "galley/plugin.h"
#include "text/text_count.h"

static const galley_host *H;

static const galley_setting settings[] = {
	GALLEY_SETTING("words_per_minute", INT, "230", "reading speed for reading_seconds",
	               GALLEY_RANGE(1, 10000)),
	GALLEY_SETTING("key", STRING, "stats", "name of the extra field",
	               .rules = GALLEY_RULE_NONEMPTY),
	{0},
};

typedef struct stats {
	int64_t wpm;
	const char *key;
} stats;

static int stats_init(const galley_host *host, galley_ctx *ctx, void **state)
{
	H = host;
	*state = NULL;
	int64_t wpm = host->setting_int(ctx, "words_per_minute");
	const char *key = host->setting_string(ctx, "key");
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
	text_counts n = {0};
	uint64_t paragraphs = 0;
	const char *fields[] = {"headline", "standfirst"};
	for (size_t i = 0; i < 2; i++) {
		const char *text = H->get(a, fields[i]);
		if (text)
			text_count(text, strlen(text), &n);
	}
	size_t blocks = H->block_count(a);
	for (size_t i = 0; i < blocks; i++) {
		const char *type = H->block_get(a, i, "type"), *text = H->block_get(a, i, "text");
		if (text)
			text_count(text, strlen(text), &n);
		paragraphs += strcmp(type, "paragraph") == 0 || strcmp(type, "quote") == 0;
	}
	uint64_t seconds = (n.words * 60 + (uint64_t)s->wpm - 1) / (uint64_t)s->wpm;
	/* set as integers: a JSON text to parse cost 15,000 instructions an
	 * article, a fifth of the stage */
	const char *const names[] = {"words", "characters", "paragraphs", "reading_seconds"};
	const uint64_t values[] = {n.words, n.characters, paragraphs, seconds};
	int rc = H->extra_set_string(a, s->key, NULL); /* a fresh object, whatever was there */
	for (size_t i = 0; !rc && i < 4; i++)
		rc = H->extra_set_int(a, s->key, names[i], (int64_t)values[i]);
	if (rc)
		return H->fail(ctx, "out of memory");
	return GALLEY_OK;
}

/* The reference `galley plugins --markdown` prints (plugins/README.md). */
static const char reference[] =
	"Counts under `extra.stats`: `words` (runs\n"
	"between spaces holding a letter or digit), `characters` (code points of\n"
	"headline, standfirst and body), `paragraphs` (paragraphs and quotes) and\n"
	"`reading_seconds`. Settings: `words_per_minute` (default 230), `key` (default\n"
	"`stats`).\n";

GALLEY_PLUGIN_DEFINE(.name = "annotate/stats", .doc = reference,
                     .description = "word, character and paragraph counts and reading time "
                                    "under extra.stats",
                     .role = GALLEY_ROLE_TRANSFORM, .settings = settings, .init = stats_init,
                     .process = stats_process, .destroy = free)
