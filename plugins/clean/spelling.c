/* clean/spelling — flags words that look wrong, and never rewrites them:
 * hunspell's verdict in the dictionary of the article's language, and the
 * words a translation leaves behind ("Conflicts om Nagorno-Karabakh": om
 * is Norwegian and Swedish, though en_US lists it), in the headline,
 * standfirst, body and captions.
 *
 * Never suspect: names the gazetteers know (the same files and settings as
 * annotate/entities) and the article's entities; capitalised words inside
 * a sentence (names; `names: true` checks them too); words with digits;
 * all-capital abbreviations; URLs and e-mail addresses.  Each part of a
 * hyphenated word is checked on its own (pro-Kremlin).
 *
 * Every suspect goes under extra.suspect_words: {word, field, block,
 * start, end (bytes), reason: "unknown" or "untranslated"}.  Dictionaries
 * load when the first article of their language comes, once per run,
 * shared by the workers; hunspell is called under the dictionary's lock. */
#include <errno.h>
#include <hunspell.h>
#include <iconv.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "galley/plugin.h"
#include "gazetteer/gazetteer_run.h"
#include "text/hash64.h"
#include "gazetteer/run_shared.h"
#include "text/strbuf.h"
#include "text/words.h"

static const galley_host *H;

static const galley_setting settings[] = {
	GAZETTEER_SETTINGS,
	GALLEY_SETTING("dictionaries", MAP, NULL, "language -> hunspell dictionary (path without .aff/.dic); adds to the built-in ones"),
	GALLEY_SETTING("untranslated", MAP, NULL, "language -> words (space-separated) that are suspect in it though its dictionary has " "them; adds to the built-in lists"),
	GALLEY_SETTING("names", BOOL, "false", "also check capitalised words inside a sentence"),
	GALLEY_SETTING("max_words", INT, "500", "suspects recorded per article, at most",
	               GALLEY_RANGE(1, 100000)),
	GALLEY_SETTING("key", STRING, "suspect_words", "name of the extra field",
	               .rules = GALLEY_RULE_NONEMPTY),
	{0},
};

#define DICT_DIR "/usr/share/hunspell/"
/* Several dictionaries, separated by ':', are one: a word any knows is
 * known (English copy mixes US and British spelling). */
static const char *const builtin_dicts[][2] = {
	{"en", DICT_DIR "en_US:" DICT_DIR "en_GB"}, {"en-US", DICT_DIR "en_US"},
	{"en-GB", DICT_DIR "en_GB"}, {"nb", DICT_DIR "nb_NO"}, {"no", DICT_DIR "nb_NO"},
	{"nn", DICT_DIR "nn_NO"}, {"sv", DICT_DIR "sv_SE"}, {"da", DICT_DIR "da_DK"},
	{"fi", DICT_DIR "fi_FI"}, {"de", DICT_DIR "de_DE"}, {"fr", DICT_DIR "fr_FR"},
};
/* Nordic function words left behind by a translation into English; none
 * is an English word a writer means (en_US lists om, as in the mantra). */
static const char builtin_untranslated_en[] =
	"om och og av ikke inte ikkje fra från frå efter etter jeg jag eg hun hon ho eller "
	"mycket meget mye også också òg ble blev blir bliver når när skal ska vil være vara "
	"er är det dette detta hvor hvis fordi eftersom derfor därför mellom mellan uten utan "
	"siden sedan til till fikk fick kunne skulle ville allerede redan";

/* ---- the run's dictionaries and known names ---- */

#define MAX_PARTS 4

typedef struct dict {
	char lang[16], *path; /* path: dictionaries separated by ':' */
	pthread_mutex_t lock;
	int tried;
	size_t n; /* loaded */
	Hunhandle *h[MAX_PARTS];
	iconv_t to[MAX_PARTS]; /* UTF-8 -> the dictionary's encoding, or (iconv_t)-1 for UTF-8 */
} dict;

typedef struct speller {
	dict *dicts;
	size_t ndicts;
	char **known; /* words of the gazetteers' names, sorted */
	size_t nknown;
	char **untranslated; /* "lang word", sorted */
	size_t nuntranslated;
} speller;

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void speller_free(void *p)
{
	speller *s = p;
	for (size_t i = 0; i < s->ndicts; i++) {
		free(s->dicts[i].path);
		for (size_t k = 0; k < s->dicts[i].n; k++) {
			Hunspell_destroy(s->dicts[i].h[k]);
			if (s->dicts[i].to[k] != (iconv_t)-1)
				iconv_close(s->dicts[i].to[k]);
		}
		pthread_mutex_destroy(&s->dicts[i].lock);
	}
	for (size_t i = 0; i < s->nknown; i++)
		free(s->known[i]);
	for (size_t i = 0; i < s->nuntranslated; i++)
		free(s->untranslated[i]);
	free(s->dicts);
	free(s->known);
	free(s->untranslated);
	free(s);
}

static int push(char ***list, size_t *n, size_t *cap, char *item)
{
	if (!item)
		return -1;
	if (*n == *cap) {
		size_t c = *cap ? *cap * 2 : 256;
		char **p = realloc(*list, c * sizeof(*p));
		if (!p)
			return free(item), -1;
		*list = p, *cap = c;
	}
	(*list)[(*n)++] = item;
	return 0;
}

typedef struct collect {
	char ***list;
	size_t *n, *cap;
} collect;

static int add_known(void *data, const char *s, size_t start, size_t end)
{
	collect *c = data;
	return push(c->list, c->n, c->cap, strndup(s + start, end - start));
}

static void dedupe(char **v, size_t *n)
{
	if (*n > 1)
		qsort(v, *n, sizeof(*v), cmp_str);
	size_t k = 0;
	for (size_t i = 0; i < *n; i++) {
		if (k && !strcmp(v[k - 1], v[i]))
			free(v[i]);
		else
			v[k++] = v[i];
	}
	*n = k;
}

static int known_words(speller *s, galley_ctx *ctx, char *why, size_t n)
{
	gazetteer *g = gazetteer_run_get(H, ctx, why, n);
	if (!g)
		return -1;
	size_t cap = 0;
	collect c = {&s->known, &s->nknown, &cap};
	int rc = 0;
	for (size_t i = 0; i < gz_names(g) && !rc; i++)
		if (gz_name_at(g, i))
			rc = words_each(gz_name_at(g, i), strlen(gz_name_at(g, i)), 1, add_known, &c);
	gazetteer_run_put(g);
	if (rc)
		return snprintf(why, n, "out of memory"), -1;
	dedupe(s->known, &s->nknown);
	return 0;
}

static int add_untranslated(speller *s, size_t *cap, const char *lang, const char *words)
{
	for (const char *p = words; *p;) {
		p += strspn(p, " ,\t\n");
		size_t len = strcspn(p, " ,\t\n");
		if (!len)
			break;
		char *item = malloc(strlen(lang) + len + 2);
		if (item)
			sprintf(item, "%s %.*s", lang, (int)len, p);
		if (push(&s->untranslated, &s->nuntranslated, cap, item))
			return -1;
		p += len;
	}
	return 0;
}

static int add_dict(speller *s, size_t *cap, const char *lang, const char *path)
{
	for (size_t i = 0; i < s->ndicts; i++)
		if (!strcmp(s->dicts[i].lang, lang))
			return 0; /* the pipeline's came first */
	if (s->ndicts == *cap) {
		size_t c = *cap ? *cap * 2 : 16;
		dict *p = realloc(s->dicts, c * sizeof(*p));
		if (!p)
			return -1;
		s->dicts = p, *cap = c;
	}
	dict *d = &s->dicts[s->ndicts];
	*d = (dict){0};
	snprintf(d->lang, sizeof(d->lang), "%s", lang);
	if (!(d->path = strdup(path)))
		return -1;
	pthread_mutex_init(&d->lock, NULL);
	s->ndicts++;
	return 0;
}

static void *build(void *arg, char *why, size_t n)
{
	galley_ctx *ctx = arg;
	speller *s = calloc(1, sizeof(*s));
	size_t dcap = 0, ucap = 0, count;
	int rc = s ? 0 : -1;
	count = H->setting_count(ctx, "dictionaries");
	for (size_t i = 0; !rc && i < count; i++)
		rc = add_dict(s, &dcap, H->setting_item(ctx, "dictionaries", i),
		              H->setting_value(ctx, "dictionaries", i));
	for (size_t i = 0; !rc && i < sizeof(builtin_dicts) / sizeof(*builtin_dicts); i++)
		rc = add_dict(s, &dcap, builtin_dicts[i][0], builtin_dicts[i][1]);
	count = H->setting_count(ctx, "untranslated");
	for (size_t i = 0; !rc && i < count; i++)
		rc = add_untranslated(s, &ucap, H->setting_item(ctx, "untranslated", i),
		                      H->setting_value(ctx, "untranslated", i));
	if (!rc)
		rc = add_untranslated(s, &ucap, "en", builtin_untranslated_en);
	if (rc) {
		snprintf(why, n, "out of memory");
		if (s)
			speller_free(s);
		return NULL;
	}
	if (s->nuntranslated > 1)
		qsort(s->untranslated, s->nuntranslated, sizeof(char *), cmp_str);
	if (known_words(s, ctx, why, n)) {
		speller_free(s);
		return NULL;
	}
	return s;
}

/* Loads each dictionary of d->path; a missing one is said once. */
static void load(dict *d, galley_ctx *ctx)
{
	for (const char *p = d->path; *p && d->n < MAX_PARTS;) {
		size_t len = strcspn(p, ":");
		char aff[4200], dic[4200];
		snprintf(aff, sizeof(aff), "%.*s.aff", (int)len, p);
		snprintf(dic, sizeof(dic), "%.*s.dic", (int)len, p);
		p += len + (p[len] == ':');
		FILE *f = fopen(dic, "r");
		if (!f) {
			H->log(ctx, GALLEY_LOG_WARN, "no spelling dictionary for '%s': %s: %s", d->lang, dic,
			       strerror(errno));
			continue;
		}
		fclose(f);
		Hunhandle *h = Hunspell_create(aff, dic);
		if (!h)
			continue;
		const char *enc = Hunspell_get_dic_encoding(h);
		d->to[d->n] = enc && strcasecmp(enc, "UTF-8") && strcasecmp(enc, "UTF8")
		                      ? iconv_open(enc, "UTF-8")
		                      : (iconv_t)-1;
		d->h[d->n++] = h;
	}
}

/* The dictionary of lang (its whole tag, else its language), loaded on
 * first use; NULL when there is none. */
static dict *dict_for(speller *s, galley_ctx *ctx, const char *lang)
{
	size_t n = strcspn(lang, "-_");
	dict *d = NULL;
	for (size_t i = 0; i < s->ndicts && !d; i++)
		if (!strcasecmp(s->dicts[i].lang, lang))
			d = &s->dicts[i];
	for (size_t i = 0; i < s->ndicts && !d; i++)
		if (strlen(s->dicts[i].lang) == n && !strncasecmp(s->dicts[i].lang, lang, n))
			d = &s->dicts[i];
	if (!d)
		return NULL;
	pthread_mutex_lock(&d->lock);
	if (!d->tried) {
		d->tried = 1;
		load(d, ctx);
	}
	pthread_mutex_unlock(&d->lock);
	return d->n ? d : NULL;
}

/* One dictionary's verdict: 1 known, 0 unknown, -1 cannot say (a
 * character its encoding lacks). */
static int spell_one(dict *d, size_t k, const char *word)
{
	char conv[512];
	const char *w = word;
	if (d->to[k] != (iconv_t)-1) {
		char *in = (char *)word, *out = conv;
		size_t inleft = strlen(word), outleft = sizeof(conv) - 1;
		iconv(d->to[k], NULL, NULL, NULL, NULL);
		if (iconv(d->to[k], &in, &inleft, &out, &outleft) == (size_t)-1)
			return -1;
		*out = '\0';
		w = conv;
	}
	return Hunspell_spell(d->h[k], w) != 0;
}

/* hunspell's verdict on word (UTF-8): 1 known to any of d's dictionaries,
 * 0 unknown, -1 cannot say. */
static int spell(dict *d, const char *word)
{
	int verdict = -1;
	pthread_mutex_lock(&d->lock);
	for (size_t k = 0; k < d->n && verdict != 1; k++) {
		int v = spell_one(d, k, word);
		verdict = v > verdict ? v : verdict;
	}
	pthread_mutex_unlock(&d->lock);
	return verdict;
}

/* ---- per worker ---- */

/* Each worker's memory of the run's verdicts (run_verdict): news copy
 * repeats its words, and a lookup here costs a fraction of hunspell's.  Keys are
 * 64-bit hashes of the dictionary and the word (a wrong verdict needs two
 * words sharing one, about n²/2⁶⁵); the table starts afresh when full. */
#define VERDICT_SLOTS 65536u

typedef struct verdicts {
	uint64_t keys[VERDICT_SLOTS]; /* 0: empty */
	int8_t values[VERDICT_SLOTS];
	size_t used;
} verdicts;

typedef struct checker {
	speller *s;
	int names;
	int64_t max;
	const char *key;
	verdicts *cache;
} checker;

static char *settings_key(galley_ctx *ctx)
{
	strbuf b = {0};
	static const char *const maps[] = {"dictionaries", "untranslated"};
	char *gz = gazetteer_run_key(H, ctx); /* all that shapes the known names */
	int rc = !gz || sb_puts(&b, gz);
	free(gz);
	for (size_t m = 0; m < 2; m++)
		for (size_t i = 0; !rc && i < H->setting_count(ctx, maps[m]); i++)
			rc = sb_puts(&b, "\n") || sb_puts(&b, H->setting_item(ctx, maps[m], i)) ||
			     sb_puts(&b, "=") || sb_puts(&b, H->setting_value(ctx, maps[m], i));
	if (rc)
		sb_free(&b);
	return b.s;
}

static int init(const galley_host *host, galley_ctx *ctx, void **state)
{
	H = host;
	*state = NULL;
	int64_t max = host->setting_int(ctx, "max_words");
	const char *key = host->setting_string(ctx, "key");
	checker *c = calloc(1, sizeof(*c));
	char why[1200] = "out of memory", *skey = settings_key(ctx);
	if (c && skey && (c->cache = calloc(1, sizeof(verdicts))))
		c->s = run_shared_get(skey, build, ctx, speller_free, why, sizeof(why));
	free(skey);
	if (!c || !c->s) {
		if (c)
			free(c->cache);
		free(c);
		return host->fail(ctx, "%s", why);
	}
	c->names = host->setting_bool(ctx, "names");
	c->max = max;
	c->key = key;
	*state = c;
	return GALLEY_OK;
}

static void destroy(void *state)
{
	checker *c = state;
	if (c) {
		run_shared_put(c->s);
		free(c->cache);
	}
	free(c);
}

typedef struct field {
	const checker *c;
	galley_ctx *ctx;
	dict *d;
	const galley_article *a;
	const char *lang, *name, *text;
	size_t index, len;
	int block;
	strbuf json;
	size_t count;
	int oom;
} field;

static int capital(const char *s, size_t start)
{
	utf8proc_int32_t c;
	return utf8proc_iterate((const utf8proc_uint8_t *)s + start, 4, &c) > 0 &&
	       utf8proc_category(c) == UTF8PROC_CATEGORY_LU;
}

/* Whether the word at start opens a sentence: nothing but spaces, quote
 * marks and dashes since the last . ! ? : or the start. */
static int sentence_initial(const char *s, size_t start)
{
	for (size_t i = start; i > 0; i--) {
		unsigned char c = (unsigned char)s[i - 1];
		if (c == '.' || c == '!' || c == '?' || c == ':')
			return 1;
		if (c != ' ' && c != '"' && c != '(' && c != '-' && c < 0x80)
			return 0;
		if (c >= 0x80 && ((c & 0xC0) != 0x80) && c != 0xE2 && c != 0xC2)
			return 0; /* a letter; quote marks and dashes start E2 or C2 */
	}
	return 1;
}

/* The run of non-space around the word: a URL or an address? */
static int in_link(const char *s, size_t len, size_t start, size_t end)
{
	while (start > 0 && s[start - 1] != ' ' && s[start - 1] != '\n')
		start--;
	while (end < len && s[end] != ' ' && s[end] != '\n')
		end++;
	for (size_t i = start; i < end; i++)
		if (s[i] == '@' || (s[i] == ':' && i + 2 < end && s[i + 1] == '/') ||
		    (i == start && end - start > 4 && !strncmp(s + i, "www.", 4)))
			return 1;
	return 0;
}

/* A word of one of the article's entities' names (per article). */
static int entity_word(const field *f, const char *word)
{
	size_t n = H->entity_count(f->a), len = strlen(word);
	for (size_t i = 0; i < n; i++) {
		const char *name = H->entity_get(f->a, i, "name"), *p = name;
		while ((p = strstr(p, word))) {
			if ((p == name || p[-1] == ' ' || p[-1] == '-') && (p[len] == '\0' || p[len] == ' '))
				return 1;
			p++;
		}
	}
	return 0;
}

enum { FINE, UNKNOWN, UNTRANSLATED };

/* What the run says of word (plain: with a straight apostrophe) in d's
 * language, whatever the article: a gazetteer's name is fine, then the
 * untranslated list, then hunspell. */
static int run_verdict(field *f, const char *word, const char *plain)
{
	const speller *s = f->c->s;
	if (s->nknown && bsearch(&word, s->known, s->nknown, sizeof(char *), cmp_str))
		return FINE;
	char key[600];
	snprintf(key, sizeof(key), "%.*s %s", (int)strcspn(f->lang, "-_"), f->lang, plain);
	const char *k = key;
	if (s->nuntranslated &&
	    bsearch(&k, s->untranslated, s->nuntranslated, sizeof(char *), cmp_str))
		return UNTRANSLATED;
	return spell(f->d, plain) == 0 ? UNKNOWN : FINE;
}

/* run_verdict, remembered by the worker (see verdicts). */
static int verdict(field *f, const char *word, const char *plain)
{
	verdicts *v = f->c->cache;
	uint64_t h = hash64((uint64_t)(uintptr_t)f->d, word);
	h = h ? h : 1;
	size_t i = (size_t)h & (VERDICT_SLOTS - 1);
	while (v->keys[i] && v->keys[i] != h)
		i = (i + 1) & (VERDICT_SLOTS - 1);
	if (v->keys[i] == h)
		return v->values[i];
	if (v->used * 4 >= VERDICT_SLOTS * 3) { /* full: start afresh */
		memset(v->keys, 0, sizeof(v->keys));
		v->used = 0;
		i = (size_t)h & (VERDICT_SLOTS - 1);
	}
	int said = run_verdict(f, word, plain);
	v->keys[i] = h;
	v->values[i] = (int8_t)said;
	v->used++;
	return said;
}

static int check_word(void *data, const char *s, size_t start, size_t end)
{
	field *f = data;
	if ((int64_t)f->count >= f->c->max || end - start > 100)
		return 0;
	int digits = 0, lower = 0;
	for (size_t i = start; i < end; i++) {
		digits |= s[i] >= '0' && s[i] <= '9';
		lower |= (s[i] >= 'a' && s[i] <= 'z') || (unsigned char)s[i] >= 0x80;
	}
	if (digits || !lower || in_link(s, f->len, start, end))
		return 0; /* numbers, abbreviations (CSTO), links */
	if (capital(s, start) && !f->c->names && !sentence_initial(s, start))
		return 0; /* a name */
	char word[256], plain[256];
	snprintf(word, sizeof(word), "%.*s", (int)(end - start), s + start);
	if (entity_word(f, word))
		return 0;
	size_t k = 0; /* hunspell's dictionaries write the apostrophe straight */
	for (const char *p = word; *p && k + 1 < sizeof(plain);)
		if (!strncmp(p, "\u2019", 3))
			plain[k++] = '\'', p += 3;
		else
			plain[k++] = *p++;
	plain[k] = '\0';
	int said = verdict(f, word, plain);
	if (said == FINE)
		return 0;
	const char *why = said == UNTRANSLATED ? "untranslated" : "unknown";
	char num[160];
	int n = f->block ? snprintf(num, sizeof(num), ", \"field\": \"%s\", \"block\": %zu", f->name,
	                            f->index)
	                 : snprintf(num, sizeof(num), ", \"field\": \"%s\"", f->name);
	n += snprintf(num + n, sizeof(num) - (size_t)n,
	              ", \"start\": %zu, \"end\": %zu, \"reason\": \"%s\"}", start, end, why);
	f->oom |= sb_puts(&f->json, f->count++ ? ", {\"word\": " : "{\"word\": ") ||
	          sb_json_string(&f->json, word, strlen(word)) || sb_add(&f->json, num, (size_t)n);
	return f->oom ? -1 : 0;
}

static int check(field *f, const char *name, const char *text, int block, size_t index)
{
	if (!text)
		return 0;
	f->name = name, f->text = text, f->len = strlen(text), f->block = block, f->index = index;
	return words_each(text, f->len, 1, check_word, f);
}

static int process(void *state, galley_ctx *ctx, galley_article *a)
{
	const checker *c = state;
	const char *lang = H->get(a, "language");
	dict *d = lang ? dict_for(c->s, ctx, lang) : NULL;
	if (!d)
		return GALLEY_OK; /* no language, or no dictionary for it (said once) */
	field f = {.c = c, .ctx = ctx, .d = d, .a = a, .lang = lang};
	int rc = sb_puts(&f.json, "[") || check(&f, "headline", H->get(a, "headline"), 0, 0) ||
	         check(&f, "standfirst", H->get(a, "standfirst"), 0, 0);
	size_t n = H->block_count(a);
	for (size_t i = 0; i < n && !rc; i++) {
		const char *type = H->block_get(a, i, "type");
		if (strcmp(type, "image") && strcmp(type, "embed"))
			rc = check(&f, "body", H->block_get(a, i, "text"), 1, i);
	}
	n = H->media_count(a);
	for (size_t i = 0; i < n && !rc; i++)
		rc = check(&f, "caption", H->media_get(a, i, "caption"), 1, i);
	rc = rc || sb_puts(&f.json, "]") ||
	     H->extra_set_json(a, c->key, f.count ? f.json.s : NULL);
	sb_free(&f.json);
	return rc ? H->fail(ctx, "out of memory") : GALLEY_OK;
}

/* The reference `galley plugins --markdown` prints (plugins/README.md). */
static const char reference[] =
	"Flags words that look wrong, and never\n"
	"rewrites them: hunspell's verdict in the dictionary of the article's\n"
	"language (Debian `hunspell-en-us`, `hunspell-en-gb`, `hunspell-sv`,\n"
	"`hunspell-no`; `en` is en_US and en_GB together, so US and British spelling\n"
	"both pass; `en-GB` and `en-US` take theirs alone), and words a translation\n"
	"leaves behind, which the dictionary may well list: `Conflicts om\n"
	"Nagorno-Karabakh` (en_US lists `om`, as in the mantra; in English copy it is\n"
	"the Nordic \"about\"). The built-in list for English holds Nordic function\n"
	"words that no English writer means (`om`, `och`, `og`, `av`, `ikke`,\n"
	"`inte`, `fra`, `från`, `jeg`, `jag`, `hun`, `hon`, `eller`…).\n"
	"\n"
	"Never suspect: names the gazetteers know (the same files and settings as\n"
	"annotate/entities) and the article's entities' names, even opening a\n"
	"sentence; capitalised words inside a sentence (names; `names: true` checks\n"
	"them too); words with digits; all-capital abbreviations (CSTO); links and\n"
	"e-mail addresses. Each part of a hyphenated word is checked on its own;\n"
	"`don’t` is checked as `don't`. Every suspect goes under\n"
	"`extra.suspect_words`: `{\"word\", \"field\", \"block\", \"start\", \"end\" (bytes),\n"
	"\"reason\": \"unknown\" | \"untranslated\"}`. An article without a language, or\n"
	"in one without a dictionary, is left alone; a missing dictionary is a\n"
	"warning once a run. Dictionaries load when the first article of their\n"
	"language comes (0.05–0.3 s each), once per run for all workers; hunspell\n"
	"is called under each dictionary's lock (it is not thread-safe).\n"
	"\n"
	"Cases: `tests/transforms/spelling.test.yaml`.\n";

GALLEY_PLUGIN_DEFINE(.name = "clean/spelling", .doc = reference,
                     .description = "flags unknown and untranslated words (hunspell) under "
                                    "extra.suspect_words; never rewrites",
                     .role = GALLEY_ROLE_TRANSFORM, .settings = settings, .init = init,
                     .process = process, .destroy = destroy)
