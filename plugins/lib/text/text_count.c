/* text_count.c — words and characters of UTF-8 text (see text_count.h).
 *
 * The fast path reads 64 bytes at a time.  Each byte gets a bit in S (a
 * space starts here), in A (a letter or digit starts here) or in neither
 * (punctuation, and the bytes that continue a multi-byte character).  A
 * word is counted at its first letter or digit, which is the first A after
 * an S with only neither-bits between: adding S << 1 to the mask of
 * neither-bits carries each such bit to the end of its stretch of
 * neither-bits, where it lands on that A (or on an S, or on an A that is
 * not a word's first).  With SSE2 sixteen bytes are classed by compares,
 * and only the first byte of each multi-byte character one at a time;
 * without it, every byte one at a time. */
#include <string.h>
#include <utf8proc.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "text/text_count.h"

enum { SPACE = 1, ALNUM = 2 };

static int ascii_class(unsigned char b)
{
	unsigned lower = b | 0x20u;
	if (b == ' ' || b == '\n' || b == '\t' || b == '\r')
		return SPACE;
	return (lower >= 'a' && lower <= 'z') || (b >= '0' && b <= '9') ? ALNUM : 0;
}

static int unicode_class(utf8proc_int32_t c)
{
	utf8proc_category_t cat = utf8proc_category(c);
	if (cat == UTF8PROC_CATEGORY_ZS || cat == UTF8PROC_CATEGORY_ZL || cat == UTF8PROC_CATEGORY_ZP)
		return SPACE;
	return (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO) ||
	               (cat >= UTF8PROC_CATEGORY_ND && cat <= UTF8PROC_CATEGORY_NO)
	           ? ALNUM
	           : 0;
}

/* The class of the code point at s[*i], and *i past it. */
static int class_at(const unsigned char *s, size_t len, size_t *i)
{
	if (s[*i] < 0x80)
		return ascii_class(s[(*i)++]);
	utf8proc_int32_t c;
	utf8proc_ssize_t step = utf8proc_iterate(s + *i, (utf8proc_ssize_t)(len - *i), &c);
	if (step <= 0)
		step = 1, c = 0xFFFD; /* not UTF-8: one byte, a replacement character */
	*i += (size_t)step;
	return unicode_class(c);
}

void text_count_plain(const char *text, size_t len, text_counts *n)
{
	const unsigned char *s = (const unsigned char *)text;
	int in_word = 0, wordy = 0;
	for (size_t i = 0; i < len;) {
		int cls = class_at(s, len, &i);
		n->characters++;
		if (cls & SPACE) {
			n->words += in_word && wordy;
			in_word = wordy = 0;
		} else {
			in_word = 1;
			wordy |= cls & ALNUM;
		}
	}
	n->words += in_word && wordy;
}

#define ONES 0x0101010101010101ULL
#define HIGH 0x8080808080808080ULL

/* Code points: the bytes that do not continue one (10xxxxxx), eight at a
 * time (each flag moved to its byte's low bit and summed by a multiply). */
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

#ifndef __SSE2__
/* Bits k.. of *S and *A for the bytes s[at + k .. at + end). */
static void class_bytes(const unsigned char *s, size_t len, size_t at, size_t k, size_t end,
                        uint64_t *S, uint64_t *A)
{
	for (; k < end; k++) {
		size_t i = at + k;
		int cls = (s[i] & 0xC0) == 0x80 ? 0 : class_at(s, len, &i);
		*S |= (uint64_t)(cls & SPACE) << k;
		*A |= (uint64_t)((cls & ALNUM) >> 1) << k;
	}
}
#endif

#ifdef __SSE2__
/* The classes of the sixteen bytes at p (s + at, or its padded copy):
 * ASCII by compares (a byte from 0x80 is neither), then each first byte
 * of a multi-byte character (0xC0 and up) from its whole character. */
static void class16(const unsigned char *s, size_t len, size_t at, const unsigned char *p,
                    uint32_t *space, uint32_t *alnum)
{
	__m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
	__m128i sp = _mm_or_si128(
		_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(' ')), _mm_cmpeq_epi8(v, _mm_set1_epi8('\n'))),
		_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('\t')), _mm_cmpeq_epi8(v, _mm_set1_epi8('\r'))));
	__m128i lower = _mm_or_si128(v, _mm_set1_epi8(0x20));
	__m128i letter = _mm_and_si128(_mm_cmpgt_epi8(lower, _mm_set1_epi8('a' - 1)),
	                               _mm_cmplt_epi8(lower, _mm_set1_epi8('z' + 1)));
	__m128i digit = _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8('0' - 1)),
	                              _mm_cmplt_epi8(v, _mm_set1_epi8('9' + 1)));
	*space = (uint32_t)_mm_movemask_epi8(sp);
	*alnum = (uint32_t)_mm_movemask_epi8(_mm_or_si128(letter, digit));
	uint32_t high = (uint32_t)_mm_movemask_epi8(v);
	if (!high)
		return;
	/* signed: 0xC0..0xFF are -64..-1, above 0xBF's -65 */
	uint32_t lead = high & (uint32_t)_mm_movemask_epi8(_mm_cmpgt_epi8(v, _mm_set1_epi8(-65)));
	while (lead) {
		unsigned k = (unsigned)__builtin_ctz(lead);
		size_t i = at + k;
		int cls = class_at(s, len, &i);
		*space |= (uint32_t)(cls & SPACE) << k;
		*alnum |= (uint32_t)((cls & ALNUM) >> 1) << k;
		lead &= lead - 1;
	}
}
#endif

/* The S and A masks of the n (at most 64) bytes from s + at.  A last block
 * shorter than 64 is read from a copy padded with NULs, which are neither
 * spaces nor letters. */
static void classes(const unsigned char *s, size_t len, size_t at, size_t n, uint64_t *S,
                    uint64_t *A)
{
	*S = *A = 0;
#ifdef __SSE2__
	unsigned char padded[64];
	const unsigned char *p = s + at;
	if (n < 64) {
		memcpy(padded, p, n);
		memset(padded + n, 0, 64 - n);
		p = padded;
	}
	for (size_t k = 0; k < n; k += 16) {
		uint32_t sp, an;
		class16(s, len, at + k, p + k, &sp, &an);
		*S |= (uint64_t)sp << k;
		*A |= (uint64_t)an << k;
	}
#else
	class_bytes(s, len, at, 0, n, S, A);
#endif
}

static uint64_t bit_count(uint64_t x)
{
	x -= (x >> 1) & 0x5555555555555555ULL;
	x = (x & 0x3333333333333333ULL) + ((x >> 2) & 0x3333333333333333ULL);
	x = (x + (x >> 4)) & 0x0F0F0F0F0F0F0F0FULL;
	return (x * ONES) >> 56;
}

void text_count(const char *text, size_t len, text_counts *n)
{
	const unsigned char *s = (const unsigned char *)text;
	uint64_t after_space = 1; /* the text starts as if after a space */
	n->characters += code_points(s, len);
	for (size_t i = 0; i < len; i += 64) {
		size_t block = len - i < 64 ? len - i : 64;
		uint64_t S, A;
		classes(s, len, i, block, &S, &A);
		uint64_t O = ~(S | A), landed = (((S << 1) | after_space) + O) & ~O;
		n->words += bit_count(landed & A);
		if (S | A) /* the last S or A says what the next block starts after */
			after_space = S >> (63 - __builtin_clzll(S | A)) & 1;
	}
}
