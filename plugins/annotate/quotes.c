/* annotate/quotes — direct quotes and who said them.
 *
 * A quote is a speech-dash paragraph ("– Det blir stillere, sier X."), a
 * quote block, or text between quote marks (“ ” « » ” ” „ “ " ") of at
 * least min_words words in a paragraph.  Its speaker is the name an
 * attribution gives: "says X", "said X", "X said", "according to X", the
 * Nordic "sier/sa/seier X", "säger/sa X", "siger/sagde X", "ifølge X",
 * "enligt X" (with role words between: "sier driftssjef Marte Lie"), found
 * after the quote in the same paragraph, in the sentence that holds it, or
 * in the sentence before (the seed's analyst is named in the paragraph
 * before his quote).  A surname alone becomes the full name of a person
 * among the article's entities (annotate/entities before this stage).
 *
 * Quote blocks without a speaker get one; every quote found goes under
 * extra.quotes: {block, start, end (bytes of the quoted words), text,
 * speaker (or null)}. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "galley/plugin.h"
#include "text/quote_find.h"
#include "text/strbuf.h"

static const galley_host *H;

static const galley_setting settings[] = {
	GALLEY_SETTING("min_words", INT, "4",
	               "words text between quote marks needs to count as a quote without an "
	               "attribution",
	               GALLEY_RANGE(1, 100)),
	GALLEY_SETTING("key", STRING, "quotes", "name of the extra field",
	               .rules = GALLEY_RULE_NONEMPTY),
	{0},
};

typedef struct quoter {
	int64_t min_words;
	const char *key;
} quoter;

static int init(const galley_host *host, galley_ctx *ctx, void **state)
{
	H = host;
	*state = NULL;
	int64_t min = host->setting_int(ctx, "min_words");
	const char *key = host->setting_string(ctx, "key");
	quoter *q = malloc(sizeof(*q));
	if (!q)
		return host->fail(ctx, "out of memory");
	*q = (quoter){min, key};
	*state = q;
	return GALLEY_OK;
}

/* A surname (or a shorter form) of a person entity: that person's name. */
static const char *full_name(const galley_article *a, const char *name)
{
	size_t n = H->entity_count(a), len = strlen(name);
	for (size_t i = 0; i < n; i++) {
		const char *type = H->entity_get(a, i, "type"), *full = H->entity_get(a, i, "name");
		size_t flen = strlen(full);
		if (strcmp(type, "person") || flen <= len)
			continue;
		if (!strcmp(full + flen - len, name) && full[flen - len - 1] == ' ')
			return full;
	}
	return name;
}

typedef struct found {
	strbuf json;
	int oom, count;
} found;

static void add(found *f, const char *s, size_t n)
{
	if (!f->oom && sb_add(&f->json, s, n))
		f->oom = 1;
}

static void add_string(found *f, const char *s, size_t n)
{
	if (!f->oom && sb_json_string(&f->json, s, n))
		f->oom = 1;
}

static void record(found *f, size_t block, const char *text, const quote_span *q,
                   const char *speaker)
{
	char num[96];
	if (f->count++)
		add(f, ", ", 2);
	add(f, "{", 1);
	int n = snprintf(num, sizeof(num), "\"block\": %zu, \"start\": %zu, \"end\": %zu, \"text\": ",
	                 block, q->start, q->end);
	add(f, num, (size_t)n);
	add_string(f, text + q->start, q->end - q->start);
	add(f, ", \"speaker\": ", 13);
	if (speaker)
		add_string(f, speaker, strlen(speaker));
	else
		add(f, "null", 4);
	add(f, "}", 1);
}

static int is_text_block(const char *type)
{
	return !strcmp(type, "paragraph") || !strcmp(type, "quote");
}

/* The quotes of block i; prev is the text of the block before (or NULL). */
static int block_quotes(const quoter *q, galley_article *a, size_t i, const char *prev, found *f)
{
	const char *type = H->block_get(a, i, "type"), *text = H->block_get(a, i, "text");
	if (!text || !is_text_block(type))
		return 0;
	quote_span spans[64];
	int whole = !strcmp(type, "quote");
	size_t n = quote_find(text, whole, (size_t)q->min_words, spans, 64);
	for (size_t k = 0; k < n; k++) {
		char name[160] = "";
		quote_speaker(text, &spans[k], prev, name, sizeof(name));
		const char *speaker = name[0] ? full_name(a, name) : NULL;
		if (whole && !H->block_get(a, i, "speaker") && speaker &&
		    H->block_set(a, i, "speaker", speaker))
			return -1;
		if (whole && H->block_get(a, i, "speaker"))
			speaker = H->block_get(a, i, "speaker");
		record(f, i, text, &spans[k], speaker);
	}
	return 0;
}

static int process(void *state, galley_ctx *ctx, galley_article *a)
{
	const quoter *q = state;
	found f = {{0}, 0, 0};
	add(&f, "[", 1);
	size_t n = H->block_count(a);
	char *prev = NULL; /* a copy: setting a speaker may move block texts */
	int rc = 0;
	for (size_t i = 0; i < n && !rc; i++) {
		rc = block_quotes(q, a, i, prev, &f);
		const char *text = H->block_get(a, i, "text");
		free(prev);
		prev = text && is_text_block(H->block_get(a, i, "type")) ? strdup(text) : NULL;
	}
	free(prev);
	add(&f, "]", 1);
	if (!rc && !f.oom)
		rc = H->extra_set_json(a, q->key, f.count ? f.json.s : NULL);
	sb_free(&f.json);
	return rc || f.oom ? H->fail(ctx, "out of memory") : GALLEY_OK;
}

/* The reference `galley plugins --markdown` prints (plugins/README.md). */
static const char reference[] =
	"Direct quotes and who said them. A quote\n"
	"is a quote block, a paragraph opening with a speech dash, or text between\n"
	"quote marks (“ ” « » ” ” „ “ \" \") of at least `min_words` words (fewer is\n"
	"a scare quote: «den stille»). Its speaker is the name an attribution gives:\n"
	"\n"
	"| language | attribution |\n"
	"| --- | --- |\n"
	"| English | `says X`, `said X`, `adds X`, `explains X`, `writes X`, `X said`, `X told …`, `according to X` |\n"
	"| Norwegian (nb, nn) | `sier X`, `sa X`, `seier X`, `forteller X`, `ifølge X` |\n"
	"| Swedish | `säger X`, `sa X`, `berättar X`, `enligt X` |\n"
	"| Danish | `siger X`, `sagde X`, `fortæller X`, `ifølge X` |\n"
	"\n"
	"with up to four role words between verb and name (`sier driftssjef Marte\n"
	"Lie`, `says head teacher Sarah Collins`). It is looked for after the quote\n"
	"(in the same paragraph for a speech dash: `– Det blir stillere om bord,\n"
	"sier driftssjef Marte Lie.`), before it in its sentence, then in the\n"
	"sentence before, which for a quote opening its paragraph is the last\n"
	"sentence of the paragraph before (the seed: `…, says Jakob Hedenskog,\n"
	"analyst at …` and then his quote). A pronoun names no one (`he said`\n"
	"leaves the speaker empty). A surname alone becomes the full name of a\n"
	"person among the article's entities (`Hedenskog said` → Jakob Hedenskog,\n"
	"with annotate/entities before it). Quote blocks without a speaker get\n"
	"one; every quote goes under `extra.quotes`: `{\"block\", \"start\", \"end\"\n"
	"(bytes of the quoted words), \"text\", \"speaker\"}` (speaker null when none is\n"
	"named). Settings: `min_words` (default 4), `key` (default `quotes`). Cases:\n"
	"`tests/transforms/quotes.test.yaml`.\n";

GALLEY_PLUGIN_DEFINE(.name = "annotate/quotes", .doc = reference,
                     .description = "direct quotes and their speakers into quote blocks and "
                                    "extra.quotes",
                     .role = GALLEY_ROLE_TRANSFORM, .settings = settings, .init = init,
                     .process = process, .destroy = free)
