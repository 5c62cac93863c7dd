/* annotate/entities — people, organisations and places named in the text,
 * from gazetteers: the YAML files of `gazetteers` (pipelines/gazetteers/)
 * and the countries of Debian's iso-codes, with their names in the
 * `country_languages` (lib/gazetteer.h says how names match).
 *
 * Each entity found goes into the article's entities (type, name, id), in
 * the order of first mention, once; every mention goes under
 * extra.mentions: {id, field (headline, standfirst, body, caption), block
 * (body block or media index), start, end (bytes), text}.
 *
 * The gazetteer is built once per run and shared by the workers
 * (lib/gazetteer_run): init looks it up by its settings under a lock, and
 * the last destroy frees it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "galley/plugin.h"
#include "gazetteer/gazetteer_run.h"
#include "text/strbuf.h"

static const galley_host *H;

static const galley_setting settings[] = {
	GAZETTEER_SETTINGS,
	GALLEY_SETTING("genitive_s", LIST, "da\nnb\nnn\nno\nsv", "languages that write a genitive s without an apostrophe (Putins)"),
	GALLEY_SETTING("mentions", BOOL, "true", "record every mention under extra (false: the entities only)"),
	GALLEY_SETTING("key", STRING, "mentions", "name of the extra field",
	               .rules = GALLEY_RULE_NONEMPTY),
	GALLEY_SETTING("max_mentions", INT, "10000",
	               "mentions recorded per article; past it the rest are counted, with a warning",
	               GALLEY_RANGE(0, 10000000)),
	{0},
};

/* ---- one gazetteer per run, shared (lib/run_shared, lib/gazetteer_run) ---- */

/* ---- per worker ---- */

typedef struct tagger {
	gazetteer *g;
	const char *key;
	int mentions;
	size_t max_mentions;
	galley_ctx *ctx;
	gz_scan scan;
} tagger;

static void destroy(void *state)
{
	tagger *t = state;
	if (!t)
		return;
	if (t->g)
		gazetteer_run_put(t->g);
	gz_scan_free(&t->scan);
	free(t);
}

static int init(const galley_host *host, galley_ctx *ctx, void **state)
{
	H = host;
	*state = NULL;
	const char *key = host->setting_string(ctx, "key");
	tagger *t = calloc(1, sizeof(*t));
	if (!t)
		return host->fail(ctx, "out of memory");
	char why[1200] = "out of memory";
	if (!(t->g = gazetteer_run_get(host, ctx, why, sizeof(why)))) {
		free(t);
		return host->fail(ctx, "%s", why);
	}
	t->key = key;
	t->mentions = host->setting_bool(ctx, "mentions");
	t->max_mentions = (size_t)host->setting_int(ctx, "max_mentions");
	t->ctx = ctx;
	*state = t;
	return GALLEY_OK;
}

/* Fields are numbered: 0 headline, 1 standfirst, 2 + i body block i,
 * 2 + blocks + i caption of media i. */
typedef struct where {
	const char *field;
	size_t index;
} where;

static where field_of(uint32_t f, size_t blocks)
{
	if (f < 2)
		return (where){f ? "standfirst" : "headline", 0};
	if (f - 2 < blocks)
		return (where){"body", f - 2};
	return (where){"caption", f - 2 - blocks};
}

static int scan_field(tagger *t, const char *text, uint32_t field)
{
	return text ? gz_scan_text(t->g, &t->scan, text, strlen(text), field) : 0;
}

static int scan_article(tagger *t, const galley_article *a, size_t blocks)
{
	int rc = scan_field(t, H->get(a, "headline"), 0) || scan_field(t, H->get(a, "standfirst"), 1);
	for (size_t i = 0; !rc && i < blocks; i++)
		rc = scan_field(t, H->block_get(a, i, "text"), (uint32_t)(2 + i));
	size_t media = H->media_count(a);
	for (size_t i = 0; !rc && i < media; i++)
		rc = scan_field(t, H->media_get(a, i, "caption"), (uint32_t)(2 + blocks + i));
	return rc;
}

static const char *field_text(const galley_article *a, where w)
{
	if (!strcmp(w.field, "body"))
		return H->block_get(a, w.index, "text");
	if (!strcmp(w.field, "caption"))
		return H->media_get(a, w.index, "caption");
	return H->get(a, w.field);
}

static int has_entity(const galley_article *a, const gz_entry *e)
{
	size_t n = H->entity_count(a);
	for (size_t i = 0; i < n; i++) {
		const char *id = H->entity_get(a, i, "id");
		if ((id && !strcmp(id, e->id)) || (!strcmp(H->entity_get(a, i, "type"), e->type) &&
		                                   !strcmp(H->entity_get(a, i, "name"), e->name)))
			return 1;
	}
	return 0;
}

/* The mentions' JSON, written directly: building jansson values only to
 * print them cost more than the matching. */
typedef struct buf {
	strbuf b;
	int oom;
} buf;

static void put(buf *b, const char *s, size_t n)
{
	if (!b->oom && sb_add(&b->b, s, n))
		b->oom = 1;
}

static void put_string(buf *b, const char *s, size_t n)
{
	if (!b->oom && sb_json_string(&b->b, s, n))
		b->oom = 1;
}

static void put_mention(buf *b, const gz_entry *e, where w, const gz_mention *m, const char *text)
{
	char num[96];
	put(b, b->b.len > 1 ? ", {\"id\": " : "{\"id\": ", b->b.len > 1 ? 9 : 7);
	put_string(b, e->id, strlen(e->id));
	put(b, ", \"field\": \"", 12);
	put(b, w.field, strlen(w.field));
	int body = !strcmp(w.field, "body") || !strcmp(w.field, "caption");
	int n = body ? snprintf(num, sizeof(num), "\", \"block\": %zu, \"start\": %zu, \"end\": %zu, ",
	                        w.index, m->start, m->end)
	             : snprintf(num, sizeof(num), "\", \"start\": %zu, \"end\": %zu, ", m->start,
	                        m->end);
	put(b, num, (size_t)n);
	put(b, "\"text\": ", 8);
	put_string(b, text + m->start, m->end - m->start);
	put(b, "}", 1);
}

static int record(tagger *t, galley_article *a, size_t blocks)
{
	const gazetteer *g = t->g;
	buf b = {0};
	int rc = 0;
	put(&b, "[", 1);
	for (size_t i = 0; !rc && i < t->scan.n; i++) {
		const gz_mention *m = &t->scan.v[i];
		const gz_entry *e = gz_entry_at(g, m->entry);
		where w = field_of(m->field, blocks);
		if (i < t->max_mentions)
			put_mention(&b, e, w, m, field_text(a, w));
		if (!has_entity(a, e))
			rc = H->entity_add(a, e->type, e->name, e->id) < 0;
	}
	put(&b, "]", 1);
	if (t->mentions && t->scan.n > t->max_mentions) /* a bounded annotation, said so */
		H->log(t->ctx, GALLEY_LOG_WARN, "%zu mentions; extra.%s keeps the first %zu (max_mentions)",
		       t->scan.n, t->key, t->max_mentions);
	rc = rc || b.oom ||
	     (t->mentions && H->extra_set_json(a, t->key, t->scan.n && t->max_mentions ? b.b.s : NULL));
	sb_free(&b.b);
	return rc ? H->fail(t->ctx, "out of memory") : GALLEY_OK;
}

static int genitive_language(galley_ctx *ctx, const char *lang)
{
	if (!lang)
		return 0;
	size_t n = H->setting_count(ctx, "genitive_s"), len = strcspn(lang, "-_");
	for (size_t i = 0; i < n; i++) {
		const char *l = H->setting_item(ctx, "genitive_s", i);
		if (strlen(l) == len && !strncmp(l, lang, len))
			return 1;
	}
	return 0;
}

static int process(void *state, galley_ctx *ctx, galley_article *a)
{
	tagger *t = state;
	t->ctx = ctx;
	t->scan.n = 0;
	t->scan.lang = H->get(a, "language");
	t->scan.genitive_s = genitive_language(ctx, t->scan.lang);
	size_t blocks = H->block_count(a);
	if (scan_article(t, a, blocks))
		return H->fail(ctx, "out of memory");
	gz_resolve(t->g, &t->scan);
	return record(t, a, blocks);
}

/* The reference `galley plugins --markdown` prints (plugins/README.md). */
static const char reference[] =
	"People, organisations and places named\n"
	"in the headline, standfirst, body and captions, from gazetteers: the YAML\n"
	"files `gazetteers` names (the shipped ones are `pipelines/gazetteers/`:\n"
	"people, organisations, places) and every country of Debian's `iso-codes`\n"
	"(ISO 3166-1, with the names iso-codes' catalogues give in\n"
	"`country_languages`). Each entity found goes into the article's `entities`\n"
	"once, in order of first mention, with its stable id (`{\"type\": \"place\",\n"
	"\"name\": \"Russia\", \"id\": \"iso3166:RU\"}`), so export/ninjs fills `people`,\n"
	"`organisations` and `places` (the id as `literal`, or `uri` when it is one)\n"
	"and export/nitf its `identified-content` (`<location location-code=\"iso3166:RU\">`, `<person value=…>`).\n"
	"Every mention goes under `extra.mentions`: `{\"id\", \"field\": \"headline\" |\n"
	"\"standfirst\" | \"body\" | \"caption\", \"block\" (body block or media index),\n"
	"\"start\", \"end\" (bytes into that text), \"text\"}`, the first `max_mentions`\n"
	"(10,000) of them: an article past it gets a warning naming the setting, and\n"
	"its entities all the same (a 15 MB article once wrote 365 MB of mentions).\n"
	"\n"
	"How names match:\n"
	"- on Unicode word boundaries: `Russia` not in `Russiagate`, `ODKB` not in\n"
	"  `ODKBX`; a hyphen or an apostrophe is a boundary (`Armenian-led`,\n"
	"  `Russia's`);\n"
	"- as written or with the first letter capitalised (`case: exact`, the\n"
	"  default: `russisk` and `Russisk`, but `May` not as `may`), or in any case\n"
	"  (`case: any`);\n"
	"- in every language, or only in articles of the language an alias is given\n"
	"  for: `Tyskland` is Germany in Norwegian copy and nothing in English;\n"
	"- in `genitive_s` languages (da, nb, nn, no, sv), also with the genitive\n"
	"  `s` written without an apostrophe: `Putins`, `Russlands`;\n"
	"- never inside a URL (`https://…`, `www.…`) or an e-mail address;\n"
	"- a name listed as `ambiguous` counts only in an article where one of the\n"
	"  entry's `context` phrases, or another of its names, also occurs: `Turkey`\n"
	"  beside `Ankara` is the country, in a roasting recipe it is nothing;\n"
	"  `May` after `Theresa May` is the person, `in May` is the month; `Sushi`\n"
	"  is Shusha only beside Nagorno-Karabakh;\n"
	"- overlapping mentions keep the leftmost, then the longest (`Vladimir\n"
	"  Putin`, not `Putin` inside it).\n"
	"\n"
	"The gazetteer format (`lib/gazetteer/gazetteer_load.h`):\n"
	"\n"
	"```yaml\n"
	"type: person                     # the entries' type: person, organisation or place\n"
	"entries:\n"
	"  - id: galley:person/theresa-may  # stable and unique: exporters quote it\n"
	"    name: Theresa May              # what exporters print\n"
	"    aliases: [May]                 # or by language: {en: [...], nb: [...]}\n"
	"    case: exact                    # or any\n"
	"    ambiguous: [May]               # names that need context…\n"
	"    context: [Mrs May, Prime Minister May, Downing Street]   # …which these give\n"
	"```\n"
	"\n"
	"An entry with a country's id (`iso3166:RU`) adds to that country: a name to\n"
	"print (`Russia` for iso-codes' `Russian Federation`) and the adjectives and\n"
	"demonyms copy uses (`Russian`, `Azeri`; nb `russisk`, sv `rysk`). A YAML\n"
	"error, an unknown key, an id given twice, an ambiguous name without\n"
	"context, a YAML alias (`*name`: no alias bomb), or a pattern that matches no\n"
	"file stops the run with the file, line and column (`tests/entities.t`).\n"
	"\n"
	"One matcher serves the whole run: the first worker's `init` builds it (an\n"
	"Aho–Corasick automaton over the names folded to lower case, one table\n"
	"lookup per byte of text, lib/gazetteer/aho_corasick.c), the others share it, and the\n"
	"last `destroy` frees it. With the shipped gazetteers it holds 289 entries\n"
	"and 3,419 names in 7.5 MB; with 10,000 entries, 20,000 names in 12 MB,\n"
	"built in 0.1 s. Speed: see tests/bench/RESULTS.md.\n";

GALLEY_PLUGIN_DEFINE(.name = "annotate/entities", .doc = reference,
                     .description = "people, organisations and places from gazetteers and "
                                    "iso-codes, into entities and extra.mentions",
                     .role = GALLEY_ROLE_TRANSFORM, .settings = settings, .init = init,
                     .process = process, .destroy = destroy)
