/* script_literal.c — the literal a Lua pattern requires (see
 * script_literal.h).  The pattern is read with the matcher's own rules
 * (Lua 5.4's lstrlib.c: classEnd, the quantifiers, %b, %f); anything the
 * matcher would reject when it reaches that place (a malformed item, too
 * many or unfinished captures), a back-reference, or a pattern of more
 * than ITEMS_MAX items gives no literal, so that errors and results stay
 * exactly the matcher's: only places where no match can start are
 * skipped. */
#include <ctype.h>
#include <stdint.h>
#include <string.h>

#include "lua/script_literal.h"

#define ITEMS_MAX 100

typedef struct reader {
	const char *p;
	size_t lp, i;
	size_t before; /* the most bytes a match can have before item i (SIZE_MAX: any) */
	char run[LITERAL_MAX];  /* the run of literal characters being read */
	size_t run_at, run_len; /* the most bytes before it; its length */
	int captures;           /* captures opened so far, () included */
	script_literal *l;
} reader;

const char *script_literal_find(const char *s, size_t n, const char *p, size_t m)
{
	if (m > 32)
		return memmem(s, n, p, m);
	if (m == 0 || m > n)
		return m == 0 ? s : NULL;
	const char *end = s + (n - m) + 1; /* one past the last place it can start */
	for (const char *at = s; at < end && (at = memchr(at, p[0], (size_t)(end - at))); at++)
		if (at[m - 1] == p[m - 1] && memcmp(at, p, m) == 0)
			return at;
	return NULL;
}

/* The run read so far becomes the literal when it is the longest. */
static void end_run(reader *r)
{
	script_literal *l = r->l;
	if (r->run_len > l->len) {
		memcpy(l->text, r->run, r->run_len);
		l->len = r->run_len;
		l->before_max = r->run_at;
	}
	r->run_len = 0;
}

/* One more required character, side by side with the run's last (a run
 * longer than LITERAL_MAX keeps its first LITERAL_MAX bytes). */
static void add_char(reader *r, char c)
{
	if (r->run_len == 0)
		r->run_at = r->before;
	if (r->run_len < LITERAL_MAX)
		r->run[r->run_len++] = c;
}

static size_t grow(size_t before, size_t by)
{
	return before == SIZE_MAX || by == SIZE_MAX ? SIZE_MAX : before + by;
}

/* One single-character item and its quantifier; 0 when malformed. */
static int item(reader *r)
{
	const char *p = r->p;
	size_t i = r->i, ep;
	int literal = -1;
	if (p[i] == '%') {
		if (i + 1 >= r->lp)
			return 0;
		ep = i + 2;
		if (!isalnum((unsigned char)p[i + 1]))
			literal = (unsigned char)p[i + 1];
	} else if (p[i] == '[') {
		if (!(ep = pattern_set_end(p, r->lp, i)))
			return 0;
	} else {
		ep = i + 1;
		if (p[i] != '.')
			literal = (unsigned char)p[i];
	}
	char q = ep < r->lp ? p[ep] : '\0';
	if (q == '*' || q == '-' || q == '?') {
		end_run(r);
		r->before = grow(r->before, q == '?' ? 1 : SIZE_MAX);
		r->i = ep + 1;
	} else if (q == '+') {
		if (literal >= 0)
			add_char(r, (char)literal);
		end_run(r);
		r->before = SIZE_MAX;
		r->i = ep + 1;
	} else {
		if (literal >= 0)
			add_char(r, (char)literal);
		else
			end_run(r);
		r->before = grow(r->before, 1);
		r->i = ep;
	}
	return 1;
}

/* Zero-width and variable items: captures, an end anchor, %b, %f; 1 when
 * p[i] was one, -1 when malformed (or a back-reference), 0 otherwise. */
static int special(reader *r, int *open)
{
	const char *p = r->p;
	size_t i = r->i;
	if (p[i] == '(') {
		r->i += i + 1 < r->lp && p[i + 1] == ')' ? 2 : 1;
		*open += p[r->i - 1] == '(';
		return ++r->captures > PATTERN_MAX_CAPTURES ? -1 : 1;
	}
	if (p[i] == ')')
		return --*open < 0 ? -1 : (r->i++, 1);
	if (p[i] == '$' && i + 1 == r->lp)
		return r->i++, 1;
	if (p[i] != '%' || i + 1 >= r->lp)
		return 0;
	if (p[i + 1] == 'b') { /* %bxy: two characters follow */
		if (i + 4 > r->lp)
			return -1;
		end_run(r);
		r->before = SIZE_MAX;
		r->i = i + 4;
		return 1;
	}
	if (p[i + 1] == 'f') {
		size_t e = i + 2 < r->lp && p[i + 2] == '[' ? pattern_set_end(p, r->lp, i + 2) : 0;
		if (!e)
			return -1;
		r->i = e; /* no width: the run goes on across it */
		return 1;
	}
	return isdigit((unsigned char)p[i + 1]) ? -1 : 0;
}

int script_literal_off;

/* The literals of the patterns a thread used last, by a hash of the
 * pattern's bytes and checked by them (not by its address: a rule built
 * with .. for each call is a new string each time, once the last one was
 * collected): reading "%f[%w]ODKB%f[%W]" again for each of a body's
 * blocks cost more than the scan it saves.  A pattern longer than
 * CACHED_MAX is read each time. */
#define CACHE_SLOTS 256
#define CACHED_MAX 48
typedef struct cached {
	size_t lp; /* 0: empty (an empty pattern is read each time, at no cost) */
	char p[CACHED_MAX];
	script_literal l;
} cached;
static _Thread_local cached cache[CACHE_SLOTS];

static void read_pattern(script_literal *l, const char *p, size_t lp);

/* A slot from the pattern's first, middle and last eight bytes (a byte
 * loop's multiply chain cost more than the reading it saved). */
static size_t slot_of(const char *p, size_t lp)
{
	uint64_t first = 0, mid = 0, last = 0;
	if (lp < 8) {
		memcpy(&first, p, lp);
	} else {
		memcpy(&first, p, 8);
		memcpy(&mid, p + lp / 2 - 4, 8);
		memcpy(&last, p + lp - 8, 8);
	}
	uint64_t h = first * 0x9e3779b97f4a7c15u ^ mid * 0xc2b2ae3d27d4eb4fu ^
	             last * 0x165667b19e3779f9u ^ lp;
	return (size_t)(h >> 40) % CACHE_SLOTS;
}

void script_literal_of(script_literal *l, const char *p, size_t lp)
{
	if (script_literal_off) {
		memset(l, 0, sizeof(*l));
		return;
	}
	if (lp > CACHED_MAX) {
		read_pattern(l, p, lp);
		return;
	}
	cached *c = &cache[slot_of(p, lp)];
	if (c->lp != lp || memcmp(c->p, p, lp) != 0) {
		read_pattern(&c->l, p, lp);
		memcpy(c->p, p, lp);
		c->lp = lp;
	}
	*l = c->l;
}

static void read_pattern(script_literal *l, const char *p, size_t lp)
{
	memset(l, 0, sizeof(*l));
	reader r = {.p = p, .lp = lp, .l = l};
	int open = 0;
	for (int items = 0; r.i < lp; items++) {
		int s = items > ITEMS_MAX ? -1 : special(&r, &open);
		if (s < 0 || (s == 0 && !item(&r))) {
			l->len = 0; /* the matcher says what is wrong, as it would */
			return;
		}
	}
	end_run(&r);
	if (open != 0) /* an unfinished capture: the matcher's error, not ours */
		l->len = 0;
}

const char *script_literal_skip(script_literal *l, const char *from, const char *end,
                                size_t *scanned)
{
	if (!l->seen || (l->next && l->next < from) || (!l->next && from < l->seen)) {
		l->next = from <= end ? script_literal_find(from, (size_t)(end - from), l->text, l->len)
		                      : NULL;
		*scanned += (size_t)((l->next ? l->next : end) - from);
		l->seen = from;
	}
	if (!l->next)
		return NULL;
	return (size_t)(l->next - from) > l->before_max ? l->next - l->before_max : from;
}
