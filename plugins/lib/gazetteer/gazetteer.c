/* gazetteer.c — see gazetteer.h.  The automaton matches names folded to
 * lower case code point by code point, keeping each one's byte length
 * (a character whose lower case is longer stays as it is), so an offset
 * in the folded text is the same offset in the text. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "gazetteer/aho_corasick.h"
#include "text/grow.h"
#include "text/hash64.h"
#include "text/word_char.h"
#include "gazetteer/gazetteer.h"

typedef struct gz_name {
	uint32_t entry;
	unsigned flags;
	char *text, *capital; /* as given (NFC), and with its first letter upper case */
	size_t len;
	char lang[12]; /* "" for every language */
} gz_name;

struct gazetteer {
	gz_entry **entries;
	size_t n, cap;
	uint32_t *slots; /* open addressing on id: entry index + 1, 0 empty */
	size_t nslots;
	gz_name *names;
	size_t nnames, capnames;
	ac_matcher *ac;
};

gazetteer *gz_new(void)
{
	return calloc(1, sizeof(gazetteer));
}

void gz_free(gazetteer *g)
{
	if (!g)
		return;
	for (size_t i = 0; i < g->n; i++) {
		free(g->entries[i]->id);
		free(g->entries[i]->name);
		free(g->entries[i]->type);
		free(g->entries[i]);
	}
	for (size_t i = 0; i < g->nnames; i++) {
		free(g->names[i].text);
		free(g->names[i].capital);
	}
	free(g->entries);
	free(g->slots);
	free(g->names);
	ac_free(g->ac);
	free(g);
}

static int rehash(gazetteer *g)
{
	size_t n = g->nslots ? g->nslots * 2 : 64;
	uint32_t *slots = calloc(n, sizeof(*slots));
	if (!slots)
		return -1;
	for (size_t i = 0; i < g->n; i++) {
		size_t at = hash64(0, g->entries[i]->id) & (n - 1);
		while (slots[at])
			at = (at + 1) & (n - 1);
		slots[at] = (uint32_t)i + 1;
	}
	free(g->slots);
	g->slots = slots;
	g->nslots = n;
	return 0;
}

gz_entry *gz_entry_get(gazetteer *g, const char *id, int *created)
{
	*created = 0;
	if ((g->n + 1) * 2 > g->nslots && rehash(g))
		return NULL;
	size_t at = hash64(0, id) & (g->nslots - 1);
	for (; g->slots[at]; at = (at + 1) & (g->nslots - 1))
		if (!strcmp(g->entries[g->slots[at] - 1]->id, id))
			return g->entries[g->slots[at] - 1];
	gz_entry *e = calloc(1, sizeof(*e));
	if (!e || !(e->id = strdup(id)) ||
	    grow_array((void **)&g->entries, &g->cap, g->n + 1, sizeof(e))) {
		if (e)
			free(e->id);
		free(e);
		return NULL;
	}
	g->entries[g->n] = e;
	g->slots[at] = (uint32_t)++g->n;
	*created = 1;
	return e;
}

size_t gz_entry_index(const gazetteer *g, const gz_entry *e)
{
	for (size_t at = hash64(0, e->id) & (g->nslots - 1);; at = (at + 1) & (g->nslots - 1))
		if (g->entries[g->slots[at] - 1] == e)
			return g->slots[at] - 1;
}

const gz_entry *gz_entry_at(const gazetteer *g, size_t i)
{
	return i < g->n ? g->entries[i] : NULL;
}

size_t gz_entry_count(const gazetteer *g)
{
	return g->n;
}

int gz_set(char **field, const char *value)
{
	char *copy = strdup(value);
	if (!copy)
		return -1;
	free(*field);
	*field = copy;
	return 0;
}

/* ---- folding and word boundaries ---- */

static size_t fold_char(const unsigned char *in, size_t len, unsigned char *out, int upper)
{
	utf8proc_int32_t c;
	utf8proc_ssize_t n = utf8proc_iterate(in, (utf8proc_ssize_t)len, &c);
	if (n <= 0) {
		out[0] = in[0];
		return 1;
	}
	utf8proc_uint8_t buf[4];
	utf8proc_int32_t to = upper ? utf8proc_toupper(c) : utf8proc_tolower(c);
	if (utf8proc_encode_char(to, buf) == n)
		memcpy(out, buf, (size_t)n);
	else
		memcpy(out, in, (size_t)n);
	return (size_t)n;
}

/* Lower case of len bytes into out (len bytes too). */
static void fold(const char *text, size_t len, char *out)
{
	const unsigned char *in = (const unsigned char *)text;
	unsigned char *o = (unsigned char *)out;
	for (size_t i = 0; i < len;) {
		unsigned char b = in[i];
		if (b < 0x80) {
			o[i++] = (unsigned char)(b >= 'A' && b <= 'Z' ? b | 0x20 : b);
			continue;
		}
		i += fold_char(in + i, len - i, o + i, 0);
	}
}

static int word_after(const char *t, size_t len, size_t at)
{
	utf8proc_int32_t c;
	if (at >= len)
		return 0;
	if (utf8proc_iterate((const utf8proc_uint8_t *)t + at, (utf8proc_ssize_t)(len - at), &c) <= 0)
		return 0;
	return word_char(c);
}

static int word_before(const char *t, size_t at)
{
	if (at == 0)
		return 0;
	size_t s = at - 1;
	while (s > 0 && at - s < 4 && ((unsigned char)t[s] & 0xC0) == 0x80)
		s--;
	return word_after(t, at, s);
}

/* ---- names ---- */

int gz_add_name(gazetteer *g, gz_entry *e, const char *text, const char *lang, unsigned flags)
{
	char *nfc = (char *)utf8proc_NFC((const utf8proc_uint8_t *)text);
	if (!nfc)
		return -1;
	size_t len = strlen(nfc);
	int wordy = 0;
	for (size_t i = 0; i < len && !wordy; i++)
		wordy = word_after(nfc, len, i);
	char *capital = malloc(len + 1);
	if (!wordy || !capital ||
	    grow_array((void **)&g->names, &g->capnames, g->nnames + 1, sizeof(gz_name))) {
		free(nfc);
		free(capital);
		return wordy ? -1 : -2;
	}
	memcpy(capital, nfc, len + 1);
	if (len)
		fold_char((unsigned char *)nfc, len, (unsigned char *)capital, 1);
	gz_name *nm = &g->names[g->nnames++];
	*nm = (gz_name){(uint32_t)gz_entry_index(g, e), flags, nfc, capital, len, ""};
	if (lang)
		snprintf(nm->lang, sizeof(nm->lang), "%s", lang);
	return 0;
}

int gz_mark_ambiguous(gazetteer *g, gz_entry *e, const char *text)
{
	uint32_t entry = (uint32_t)gz_entry_index(g, e);
	char *nfc = (char *)utf8proc_NFC((const utf8proc_uint8_t *)text);
	int found = -1;
	for (size_t i = 0; nfc && i < g->nnames; i++)
		if (g->names[i].entry == entry && !(g->names[i].flags & GZ_CONTEXT) &&
		    !strcmp(g->names[i].text, nfc)) {
			g->names[i].flags |= GZ_AMBIGUOUS;
			e->needs_context = 1;
			found = 0;
		}
	free(nfc);
	return found;
}

int gz_compile(gazetteer *g)
{
	if (!(g->ac = ac_new()))
		return -1;
	char *folded = NULL;
	size_t cap = 0;
	for (size_t i = 0; i < g->nnames; i++) {
		gz_name *nm = &g->names[i];
		if (grow_array((void **)&folded, &cap, nm->len, 1))
			return free(folded), -1;
		fold(nm->text, nm->len, folded);
		if (ac_add(g->ac, folded, nm->len, (uint32_t)i))
			return free(folded), -1;
	}
	free(folded);
	return ac_compile(g->ac);
}

size_t gz_names(const gazetteer *g)
{
	return g->nnames;
}

const char *gz_name_at(const gazetteer *g, size_t i)
{
	return i < g->nnames && !(g->names[i].flags & GZ_CONTEXT) ? g->names[i].text : NULL;
}

size_t gz_matcher_bytes(const gazetteer *g)
{
	return g->ac ? ac_bytes(g->ac) : 0;
}

/* ---- scanning ---- */

typedef struct span {
	size_t start, end;
} span;

typedef struct scan_ctx {
	const gazetteer *g;
	gz_scan *s;
	const char *text;
	size_t len;
	uint32_t field;
	span *urls;
	size_t nurls;
} scan_ctx;

static int in_url(const scan_ctx *c, size_t start, size_t end)
{
	for (size_t i = 0; i < c->nurls; i++)
		if (start < c->urls[i].end && end > c->urls[i].start)
			return 1;
	return 0;
}

static int case_ok(const gz_name *nm, const char *at)
{
	return (nm->flags & GZ_ANY_CASE) || !memcmp(at, nm->text, nm->len) ||
	       !memcmp(at, nm->capital, nm->len);
}

static int lang_ok(const gz_name *nm, const char *lang)
{
	if (!nm->lang[0] || !lang)
		return 1;
	size_t n = strlen(nm->lang);
	return !strncmp(lang, nm->lang, n) && (lang[n] == '\0' || lang[n] == '-');
}

static int on_hit(void *data, uint32_t id, size_t start, size_t end)
{
	scan_ctx *c = data;
	const gz_name *nm = &c->g->names[id];
	if (word_before(c->text, start) || !case_ok(nm, c->text + start) || !lang_ok(nm, c->s->lang))
		return 0;
	if (word_after(c->text, c->len, end)) {
		if (!c->s->genitive_s || c->text[end] != 's' || word_after(c->text, c->len, end + 1))
			return 0;
		end++; /* Putins, Russlands */
	}
	if (in_url(c, start, end))
		return 0;
	gz_scan *s = c->s;
	if (grow_array((void **)&s->v, &s->cap, s->n + 1, sizeof(*s->v)))
		return -1;
	s->v[s->n++] = (gz_mention){nm->entry, c->field, start, end, id};
	return 0;
}

static int is_space(char c)
{
	return c == ' ' || c == '\n' || c == '\t' || c == '\r';
}

/* The run of non-space around at, added unless it is the last one added. */
static int add_token(scan_ctx *c, size_t at, size_t *cap)
{
	size_t start = at, end = at;
	while (start > 0 && !is_space(c->text[start - 1]))
		start--;
	while (end < c->len && !is_space(c->text[end]))
		end++;
	if (c->nurls && c->urls[c->nurls - 1].start == start)
		return 0;
	if (grow_array((void **)&c->urls, cap, c->nurls + 1, sizeof(span)))
		return -1;
	c->urls[c->nurls++] = (span){start, end};
	return 0;
}

/* Runs of non-space holding "://", starting "www." or holding an '@'
 * with a dot after it: links and addresses, where nothing is tagged.
 * memchr finds the few places to look at; spans may repeat or come out
 * of order, which in_url does not mind. */
static int find_urls(scan_ctx *c)
{
	size_t cap = 0;
	static const char marks[] = {':', '@', 'w'};
	for (size_t k = 0; k < sizeof(marks); k++) {
		const char *p = c->text, *end = c->text + c->len;
		while ((p = memchr(p, marks[k], (size_t)(end - p)))) {
			size_t at = (size_t)(p - c->text), left = (size_t)(end - p);
			int hit = marks[k] == ':' ? left >= 3 && p[1] == '/' && p[2] == '/'
			          : marks[k] == 'w' ? left >= 4 && !memcmp(p, "www.", 4) &&
			                                  (at == 0 || is_space(p[-1]))
			                            : 0;
			if (marks[k] == '@') /* a dot after it, before the next space */
				for (const char *q = p + 1; q < end && !is_space(*q) && !hit; q++)
					hit = *q == '.' && q > p + 1;
			if (hit && add_token(c, at, &cap))
				return -1;
			p++;
		}
	}
	return 0;
}

int gz_scan_text(const gazetteer *g, gz_scan *s, const char *text, size_t len, uint32_t field)
{
	if (!len)
		return 0;
	if (grow_array((void **)&s->fold, &s->foldcap, len, 1))
		return -1;
	fold(text, len, s->fold);
	scan_ctx c = {g, s, text, len, field, NULL, 0};
	int rc = find_urls(&c) ? -1 : ac_scan(g->ac, s->fold, len, on_hit, &c);
	free(c.urls);
	return rc ? -1 : 0;
}

static int by_place(const void *x, const void *y)
{
	const gz_mention *a = x, *b = y;
	if (a->field != b->field)
		return a->field < b->field ? -1 : 1;
	if (a->start != b->start)
		return a->start < b->start ? -1 : 1;
	if (a->end != b->end)
		return a->end > b->end ? -1 : 1; /* longest first */
	return a->name < b->name ? -1 : a->name > b->name;
}

static int by_entry(const void *x, const void *y)
{
	uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;
	return a < b ? -1 : a > b;
}

/* Entries with a name that needs no context, or a context phrase, here. */
static uint32_t *with_context(const gazetteer *g, const gz_scan *s, size_t *n)
{
	uint32_t *v = malloc((s->n ? s->n : 1) * sizeof(*v));
	*n = 0;
	for (size_t i = 0; v && i < s->n; i++)
		if (!(g->names[s->v[i].name].flags & GZ_AMBIGUOUS))
			v[(*n)++] = s->v[i].entry;
	if (v)
		qsort(v, *n, sizeof(*v), by_entry);
	return v;
}

void gz_resolve(const gazetteer *g, gz_scan *s)
{
	size_t nctx = 0, kept = 0;
	uint32_t *ctx = with_context(g, s, &nctx);
	for (size_t i = 0; i < s->n; i++) {
		unsigned flags = g->names[s->v[i].name].flags;
		if (flags & GZ_CONTEXT)
			continue;
		if ((flags & GZ_AMBIGUOUS) &&
		    (!ctx || !bsearch(&s->v[i].entry, ctx, nctx, sizeof(*ctx), by_entry)))
			continue;
		s->v[kept++] = s->v[i];
	}
	free(ctx);
	s->n = kept;
	if (s->n > 1)
		qsort(s->v, s->n, sizeof(*s->v), by_place);
	kept = 0;
	for (size_t i = 0; i < s->n; i++) {
		const gz_mention *last = kept ? &s->v[kept - 1] : NULL;
		if (last && last->field == s->v[i].field && s->v[i].start < last->end)
			continue; /* inside or across the one kept */
		s->v[kept++] = s->v[i];
	}
	s->n = kept;
}

void gz_scan_free(gz_scan *s)
{
	free(s->v);
	free(s->fold);
	s->v = NULL, s->fold = NULL;
	s->n = s->cap = s->foldcap = 0;
}
