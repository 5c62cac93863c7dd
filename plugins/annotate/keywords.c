/* annotate/keywords — the words an article is about, from how often their
 * stems occur (Snowball stemmers, Debian libstemmer), stop words of its
 * language left out (pipelines/stopwords/LANG.txt), the headline counting
 * three times and the standfirst and subheadings twice; the article's
 * entities first, ranked by their mentions (annotate/entities before
 * this stage), and a word that is part of an entity's name not again.
 *
 * The top `count` go into the article's keywords after those it has (or
 * instead of them, with replace), and with their scores under
 * extra.keywords: {keyword, score, source: "entity" | "text"}. */
#include <jansson.h>
#include <libstemmer.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "galley/plugin.h"
#include "text/hash64.h"
#include "gazetteer/run_shared.h"
#include "text/strbuf.h"
#include "text/words.h"

static const galley_host *H;

static const galley_setting settings[] = {
	GALLEY_SETTING("stopwords", PATH, "stopwords/*.txt", "pattern of stop word files, one per language, named LANG.txt"),
	GALLEY_SETTING("count", INT, "8", "keywords to give each article", GALLEY_RANGE(1, 100)),
	GALLEY_SETTING("min_score", INT, "2",
	               "weighted occurrences a word needs (a headline word counts 3)",
	               GALLEY_RANGE(1, 1000)),
	GALLEY_SETTING("entities", BOOL, "true", "rank the article's entities first"),
	GALLEY_SETTING("replace", BOOL, "false", "replace the keywords the article has"),
	GALLEY_SETTING("key", STRING, "keywords", "name of the extra field"),
	{0},
};

#define MAX_FILE (4u << 20)

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* ---- the run's stop words: "lang word", sorted ---- */

typedef struct stops {
	char **v;
	size_t n, cap;
	size_t files;
	char why[512];
	galley_ctx *ctx;
} stops;

static void stops_free(void *p)
{
	stops *s = p;
	for (size_t i = 0; i < s->n; i++)
		free(s->v[i]);
	free(s->v);
	free(s);
}

static int add_stop(stops *s, const char *lang, size_t llen, const char *w, size_t n)
{
	if (s->n == s->cap) {
		size_t c = s->cap ? s->cap * 2 : 512;
		char **p = realloc(s->v, c * sizeof(*p));
		if (!p)
			return -1;
		s->v = p, s->cap = c;
	}
	char *item = malloc(llen + n + 2);
	if (!item)
		return -1;
	snprintf(item, llen + n + 2, "%.*s %.*s", (int)llen, lang, (int)n, w);
	s->v[s->n++] = item;
	return 0;
}

static int load_stops(void *data, const char *path)
{
	stops *s = data;
	const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	size_t llen = strcspn(base, ".");
	char *text = NULL;
	size_t len = 0;
	if (H->read_file(s->ctx, path, MAX_FILE, &text, &len))
		return snprintf(s->why, sizeof(s->why), "cannot read stop words '%s'", path), -1;
	int rc = 0;
	for (size_t i = 0; i < len && !rc;) {
		if (text[i] == '#') { /* a comment, to the end of its line */
			while (i < len && text[i] != '\n')
				i++;
			continue;
		}
		size_t w = i;
		while (i < len && text[i] != ' ' && text[i] != '\n' && text[i] != '\t' && text[i] != '\r')
			i++;
		if (i > w)
			rc = add_stop(s, base, llen, text + w, i - w);
		i++;
	}
	H->free(text);
	s->files++;
	return rc ? (snprintf(s->why, sizeof(s->why), "out of memory"), -1) : 0;
}

static void *build_stops(void *arg, char *why, size_t n)
{
	galley_ctx *ctx = arg;
	stops *s = calloc(1, sizeof(*s));
	if (!s)
		return snprintf(why, n, "out of memory"), NULL;
	s->ctx = ctx;
	const char *pattern = H->setting_string(ctx, "stopwords");
	if (H->glob(ctx, pattern, 0, load_stops, s) || !s->files) {
		snprintf(why, n, "%s", s->why[0] ? s->why : "no stop word file matches the pattern");
		if (!s->why[0])
			snprintf(why, n, "no stop word file matches '%s'", pattern);
		stops_free(s);
		return NULL;
	}
	if (s->n > 1)
		qsort(s->v, s->n, sizeof(char *), cmp_str);
	return s;
}

/* ---- per worker ---- */

typedef struct stemmer {
	char lang[16];
	struct sb_stemmer *st; /* NULL: no stemmer for the language */
} stemmer;

typedef struct keyworder {
	stops *stops;
	stemmer stemmers[16];
	size_t nstemmers;
	int64_t count, min_score;
	int entities, replace;
	const char *key;
} keyworder;

static int init(const galley_host *host, galley_ctx *ctx, void **state)
{
	H = host;
	*state = NULL;
	int64_t count = host->setting_int(ctx, "count"), min = host->setting_int(ctx, "min_score");
	keyworder *k = calloc(1, sizeof(*k));
	char why[600] = "out of memory";
	if (k)
		k->stops = run_shared_get(host->setting_string(ctx, "stopwords"), build_stops, ctx,
		                          stops_free, why, sizeof(why));
	if (!k || !k->stops) {
		free(k);
		return host->fail(ctx, "%s", why);
	}
	k->count = count, k->min_score = min;
	k->entities = host->setting_bool(ctx, "entities");
	k->replace = host->setting_bool(ctx, "replace");
	k->key = host->setting_string(ctx, "key");
	*state = k;
	return GALLEY_OK;
}

static void destroy(void *state)
{
	keyworder *k = state;
	if (!k)
		return;
	for (size_t i = 0; i < k->nstemmers; i++)
		if (k->stemmers[i].st)
			sb_stemmer_delete(k->stemmers[i].st);
	run_shared_put(k->stops);
	free(k);
}

/* The Snowball stemmer of lang (nb, nn and no are Norwegian's), made on
 * first use by this worker; NULL when Snowball has none. */
static struct sb_stemmer *stemmer_for(keyworder *k, const char *lang)
{
	char primary[16];
	snprintf(primary, sizeof(primary), "%.*s", (int)strcspn(lang, "-_"), lang);
	for (size_t i = 0; i < k->nstemmers; i++)
		if (!strcmp(k->stemmers[i].lang, primary))
			return k->stemmers[i].st;
	if (k->nstemmers == sizeof(k->stemmers) / sizeof(*k->stemmers))
		return NULL;
	const char *algo = !strcmp(primary, "nb") || !strcmp(primary, "nn") ? "no" : primary;
	stemmer *s = &k->stemmers[k->nstemmers++];
	snprintf(s->lang, sizeof(s->lang), "%s", primary);
	s->st = sb_stemmer_new(algo, "UTF_8");
	return s->st;
}

/* ---- counting ---- */

typedef struct term {
	char *stem, *lower, *capital; /* forms seen: lower case, and capitalised */
	double score;
	unsigned seen, capitals;
	int entity; /* part of an entity's name: not a keyword of its own */
} term;

typedef struct counter {
	keyworder *k;
	struct sb_stemmer *st;
	char lang[16];
	term *terms;
	size_t n, cap;
	uint32_t *slots; /* open addressing on stem: term index + 1, 0 empty */
	size_t nslots;
	int oom;
} counter;

/* "lang word" for the stop list, without printf on the hot path. */
static int is_stop(const counter *c, const char *lower)
{
	char key[300];
	size_t l = strlen(c->lang), w = strlen(lower);
	if (l + w + 2 > sizeof(key) || !c->k->stops->n)
		return 0;
	memcpy(key, c->lang, l);
	key[l] = ' ';
	memcpy(key + l + 1, lower, w + 1);
	const char *p = key;
	return bsearch(&p, c->k->stops->v, c->k->stops->n, sizeof(char *), cmp_str) != NULL;
}

static int rehash(counter *c)
{
	size_t n = c->nslots ? c->nslots * 2 : 256;
	uint32_t *slots = calloc(n, sizeof(*slots));
	if (!slots)
		return -1;
	for (size_t i = 0; i < c->n; i++) {
		size_t at = hash64(0, c->terms[i].stem) & (n - 1);
		while (slots[at])
			at = (at + 1) & (n - 1);
		slots[at] = (uint32_t)i + 1;
	}
	free(c->slots);
	c->slots = slots, c->nslots = n;
	return 0;
}

static term *find_term(counter *c, const char *stem)
{
	if ((c->n + 1) * 2 > c->nslots && rehash(c))
		return NULL;
	size_t at = hash64(0, stem) & (c->nslots - 1);
	for (; c->slots[at]; at = (at + 1) & (c->nslots - 1))
		if (!strcmp(c->terms[c->slots[at] - 1].stem, stem))
			return &c->terms[c->slots[at] - 1];
	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 128;
		term *p = realloc(c->terms, cap * sizeof(*p));
		if (!p)
			return NULL;
		c->terms = p, c->cap = cap;
	}
	term *t = &c->terms[c->n];
	*t = (term){0};
	if (!(t->stem = strdup(stem)))
		return NULL;
	c->slots[at] = (uint32_t)++c->n;
	return t;
}

/* Lower case of s[0..n) into out (at most size bytes); code points in *cps. */
static void lower_case(const char *s, size_t n, char *out, size_t size, size_t *cps)
{
	size_t o = 0;
	*cps = 0;
	for (size_t i = 0; i < n;) {
		utf8proc_int32_t c;
		utf8proc_ssize_t step = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
		                                         (utf8proc_ssize_t)(n - i), &c);
		if (step <= 0)
			break;
		utf8proc_uint8_t buf[4];
		utf8proc_ssize_t m = utf8proc_encode_char(utf8proc_tolower(c), buf);
		if (o + (size_t)m >= size)
			break;
		memcpy(out + o, buf, (size_t)m);
		o += (size_t)m;
		i += (size_t)step;
		(*cps)++;
	}
	out[o] = '\0';
}

static void count_word(counter *c, const char *s, size_t n, double weight, int entity)
{
	char lower[256];
	size_t cps;
	lower_case(s, n, lower, sizeof(lower), &cps);
	int digits = 1;
	for (const char *p = lower; *p; p++)
		digits &= *p >= '0' && *p <= '9';
	if (cps < 3 || digits || (!entity && is_stop(c, lower)))
		return;
	const sb_symbol *stem = sb_stemmer_stem(c->st, (const sb_symbol *)lower, (int)strlen(lower));
	if (!stem) {
		c->oom = 1;
		return;
	}
	char key[256];
	size_t slen = (size_t)sb_stemmer_length(c->st);
	slen = slen < sizeof(key) ? slen : sizeof(key) - 1;
	memcpy(key, stem, slen);
	key[slen] = '\0';
	term *t = find_term(c, key);
	if (!t) {
		c->oom = 1;
		return;
	}
	if (entity) {
		t->entity = 1;
		return;
	}
	int cap = lower[0] != s[0] || (n > 1 && memcmp(lower, s, n)); /* any capital */
	t->score += weight;
	t->seen++;
	t->capitals += cap;
	char **form = cap ? &t->capital : &t->lower;
	if (!*form && !(*form = strndup(s, n)))
		c->oom = 1;
}

typedef struct walk {
	counter *c;
	double weight;
	int entity;
} walk;

static int on_word(void *data, const char *s, size_t start, size_t end)
{
	walk *w = data;
	count_word(w->c, s + start, end - start, w->weight, w->entity);
	return 0;
}

static void each_word(counter *c, const char *s, double weight, int entity)
{
	walk w = {c, weight, entity};
	words_each(s, strlen(s), 0, on_word, &w);
}

static void count_article(counter *c, const galley_article *a)
{
	const char *headline = H->get(a, "headline"), *standfirst = H->get(a, "standfirst");
	if (headline)
		each_word(c, headline, 3, 0);
	if (standfirst)
		each_word(c, standfirst, 2, 0);
	size_t n = H->block_count(a);
	for (size_t i = 0; i < n; i++) {
		const char *type = H->block_get(a, i, "type"), *text = H->block_get(a, i, "text");
		if (text && strcmp(type, "image") && strcmp(type, "embed"))
			each_word(c, text, !strcmp(type, "heading") ? 2 : 1, 0);
	}
	n = H->media_count(a);
	for (size_t i = 0; i < n; i++)
		if (H->media_get(a, i, "caption"))
			each_word(c, H->media_get(a, i, "caption"), 1, 0);
}

/* ---- ranking ---- */

typedef struct pick {
	const char *keyword;
	double score;
	int entity;
} pick;

static int by_score(const void *x, const void *y)
{
	const pick *a = x, *b = y;
	if (a->score != b->score)
		return a->score > b->score ? -1 : 1;
	if (a->entity != b->entity)
		return a->entity ? -1 : 1;
	return strcmp(a->keyword, b->keyword);
}

/* Mentions per entity, from extra.mentions (annotate/entities). */
static size_t mentions_of(const json_t *mentions, const char *id)
{
	size_t i, n = 0;
	json_t *m;
	json_array_foreach(mentions, i, m)
	{
		const char *mid = json_string_value(json_object_get(m, "id"));
		n += mid && id && !strcmp(mid, id);
	}
	return n;
}

/* extra.mentions (annotate/entities), parsed; NULL when there are none. */
static json_t *article_mentions(const galley_article *a)
{
	char *text = H->extra_get_json(a, "mentions");
	json_t *j = text ? json_loads(text, 0, NULL) : NULL;
	H->free(text);
	return j;
}

static size_t entity_picks(keyworder *k, counter *c, const galley_article *a, pick *out, size_t max)
{
	size_t n = H->entity_count(a), np = 0;
	if (!k->entities || !n)
		return 0;
	json_t *mentions = article_mentions(a), *m;
	size_t j;
	json_array_foreach(mentions, j, m) /* "Russian" stands for Russia: not a keyword again */
		if (json_string_value(json_object_get(m, "text")))
			each_word(c, json_string_value(json_object_get(m, "text")), 0, 1);
	for (size_t i = 0; i < n && np < max; i++) {
		const char *name = H->entity_get(a, i, "name"), *type = H->entity_get(a, i, "type");
		if (strcmp(type, "person") && strcmp(type, "organisation") && strcmp(type, "place"))
			continue;
		size_t times = mentions ? mentions_of(mentions, H->entity_get(a, i, "id")) : 1;
		each_word(c, name, 0, 1); /* its words are not keywords again */
		out[np++] = (pick){name, 2.0 * (double)(times ? times : 1) + 2.0, 1};
	}
	json_decref(mentions);
	return np;
}

static size_t text_picks(const keyworder *k, const counter *c, pick *out, size_t max)
{
	size_t np = 0;
	for (size_t i = 0; i < c->n && np < max; i++) {
		const term *t = &c->terms[i];
		if (t->entity || t->score < (double)k->min_score)
			continue;
		const char *form = t->capitals * 2 > t->seen && t->capital ? t->capital
		                   : t->lower                               ? t->lower
		                                                            : t->capital;
		out[np++] = (pick){form, t->score, 0};
	}
	return np;
}

static int has_keyword(const galley_article *a, const char *kw)
{
	size_t n = H->list_count(a, "keywords");
	for (size_t i = 0; i < n; i++)
		if (!strcasecmp(H->list_get(a, "keywords", i), kw))
			return 1;
	return 0;
}

static int record(keyworder *k, galley_article *a, pick *picks, size_t np)
{
	strbuf b = {0};
	int rc = (k->replace && H->list_clear(a, "keywords")) || sb_puts(&b, "[");
	size_t added = 0, have = H->list_count(a, "keywords");
	for (size_t i = 0; i < np && !rc && added + have < (size_t)k->count; i++) {
		if (has_keyword(a, picks[i].keyword))
			continue;
		char num[64];
		snprintf(num, sizeof(num), ", \"score\": %g, \"source\": \"%s\"}", picks[i].score,
		         picks[i].entity ? "entity" : "text");
		rc = H->list_add(a, "keywords", picks[i].keyword) ||
		     sb_puts(&b, added++ ? ", {\"keyword\": " : "{\"keyword\": ") ||
		     sb_json_string(&b, picks[i].keyword, strlen(picks[i].keyword)) || sb_puts(&b, num);
	}
	rc = rc || sb_puts(&b, "]") || H->extra_set_json(a, k->key, added ? b.s : NULL);
	sb_free(&b);
	return rc;
}

static void counter_free(counter *c)
{
	for (size_t i = 0; i < c->n; i++) {
		free(c->terms[i].stem);
		free(c->terms[i].lower);
		free(c->terms[i].capital);
	}
	free(c->terms);
	free(c->slots);
}

static int process(void *state, galley_ctx *ctx, galley_article *a)
{
	keyworder *k = state;
	const char *lang = H->get(a, "language");
	struct sb_stemmer *st = lang ? stemmer_for(k, lang) : NULL;
	if (!st)
		return GALLEY_OK; /* no language, or none Snowball stems */
	counter c = {.k = k, .st = st};
	snprintf(c.lang, sizeof(c.lang), "%.*s", (int)strcspn(lang, "-_"), lang);
	size_t ne = H->entity_count(a);
	pick *picks = malloc((ne + 1) * sizeof(*picks));
	size_t np = picks ? entity_picks(k, &c, a, picks, ne) : 0;
	count_article(&c, a);
	pick *all = picks ? realloc(picks, (np + c.n + 1) * sizeof(*picks)) : NULL;
	int rc = -1;
	if (all && !c.oom) {
		np += text_picks(k, &c, all + np, c.n);
		qsort(all, np, sizeof(*all), by_score);
		rc = record(k, a, all, np);
	}
	free(all ? all : picks);
	counter_free(&c);
	return rc ? H->fail(ctx, "out of memory") : GALLEY_OK;
}

/* The reference `galley plugins --markdown` prints (plugins/README.md). */
static const char reference[] =
	"The words an article is about. Each word\n"
	"of the headline (counting 3), standfirst and subheadings (2), body and\n"
	"captions (1) is lower-cased, stemmed with the Snowball stemmer of the\n"
	"article's language (Debian `libstemmer-dev`; nb, nn and no are Norwegian),\n"
	"and left out when it is a stop word (`pipelines/stopwords/LANG.txt`: en,\n"
	"nb, nn, sv, da; one file per language, `#` comments), shorter than three\n"
	"letters or a number; a stem needs `min_score` to count. The article's\n"
	"people, organisations and places come first, scored 2 × their mentions + 2\n"
	"(from annotate/entities' `extra.mentions`), and a word that is part of an\n"
	"entity's name or mention (`Russian` for Russia) is not a keyword again. A\n"
	"keyword shows as the article writes it most (`Kremlin`, `conflict`). The\n"
	"keywords the article has stay first; new ones fill up to `count` (or\n"
	"replace them, with `replace`), and all go under `extra.keywords`:\n"
	"`{\"keyword\", \"score\", \"source\": \"entity\" | \"text\"}`. export/ninjs sends\n"
	"keywords as subjects. On the seed: Russia, Armenia, Azerbaijan,\n"
	"Nagorno-Karabakh, conflict, Dagens Nyheter, European Union, Kremlin.\n"
	"Settings: `stopwords` (path pattern, default `stopwords/*.txt`), `count` (8),\n"
	"`min_score` (2), `entities` (true), `replace` (false), `key` (`keywords`).\n"
	"Cases: `tests/transforms/keywords.test.yaml`. `make install` puts the\n"
	"shipped gazetteers and stop words under `PREFIX/share/galley/`; point the\n"
	"settings there (or at a copy) from a pipeline elsewhere.\n";

GALLEY_PLUGIN_DEFINE(.name = "annotate/keywords", .doc = reference,
                     .description = "keywords from stem frequency (libstemmer) and the "
                                    "article's entities",
                     .role = GALLEY_ROLE_TRANSFORM, .settings = settings, .init = init,
                     .process = process, .destroy = destroy)
