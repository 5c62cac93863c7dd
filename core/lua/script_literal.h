/* script_literal.h — the literal text every match of a Lua pattern must
 * contain, and how far into a match it can sit, so the matcher skips what
 * cannot match as a regex engine does.  A Lua pattern has no alternation:
 * each plain character that is neither in a class nor under a quantifier
 * that allows none is required, in order; the longest run of them that
 * sit side by side is the literal.  "%f[%w]ODKB%f[%W]" requires "ODKB" at
 * the very start of a match; "%d+ kr" requires " kr" somewhere after it. */
#ifndef GALLEY_SCRIPT_LITERAL_H
#define GALLEY_SCRIPT_LITERAL_H

#include <stddef.h>

#define LITERAL_MAX 64
/* The matcher's rules the reader shares with it (script_pattern.c). */
#define PATTERN_MAX_CAPTURES 32 /* as Lua's own matcher; "too many captures" past it */

/* The end of the set opening at p[i] ('['), as Lua's classEnd finds it
 * (the first character after '[' or '[^' belongs to the set, even a ']');
 * 0 when the pattern ends first ("missing ']'"). */
static inline size_t pattern_set_end(const char *p, size_t lp, size_t i)
{
	size_t j = i + 1;
	if (j < lp && p[j] == '^')
		j++;
	do {
		if (j >= lp)
			return 0;
		if (p[j++] == '%' && j < lp)
			j++;
	} while (j >= lp || p[j] != ']');
	return j + 1;
}

typedef struct script_literal {
	char text[LITERAL_MAX];
	size_t len;        /* 0: the pattern requires no literal (or is malformed) */
	size_t before_max; /* a match has at most this many bytes before it (SIZE_MAX: any) */
	/* the scan: the next place the literal was found, at or after seen */
	const char *next, *seen;
} script_literal;

/* The first place p[0..m) is in s[0..n), or NULL: memchr to each place
 * its first byte is, then its last byte and memcmp (glibc's two-way
 * memmem past 32 bytes), linear whatever they hold. */
const char *script_literal_find(const char *s, size_t n, const char *p, size_t m);

/* 1: no pattern has a literal, every place is tried (fuzz_lua_pattern.c
 * compares the two ways); 0, the default, in galley. */
extern int script_literal_off;

/* What pattern p (without its leading '^') requires. */
void script_literal_of(script_literal *l, const char *p, size_t lp);

/* The first place at or after from where a match can start, or NULL when
 * none can before end; *scanned adds the bytes searched.  Calls with a
 * growing from (as the matchers make) search each byte once. */
const char *script_literal_skip(script_literal *l, const char *from, const char *end,
                                size_t *scanned);

#endif
