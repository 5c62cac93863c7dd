/* text_count.h — the words and characters of UTF-8 text, as annotate/stats
 * counts them.  A word is a run of characters between spaces (tab, line
 * feed, carriage return, and Unicode's Zs, Zl and Zp) that holds at least
 * one letter or digit (L*, N*); characters are code points.  The text is
 * valid UTF-8 (the core lets nothing else in). */
#ifndef GALLEY_PLUGIN_TEXT_COUNT_H
#define GALLEY_PLUGIN_TEXT_COUNT_H

#include <stddef.h>
#include <stdint.h>

typedef struct text_counts {
	uint64_t words, characters;
} text_counts;

/* Adds the words and characters of s[0..len) to *n: 64 bytes at a time,
 * with SSE2 where the machine has it. */
void text_count(const char *s, size_t len, text_counts *n);
/* The same, one code point at a time: the definition, which the unit test
 * holds text_count to. */
void text_count_plain(const char *s, size_t len, text_counts *n);

#endif
