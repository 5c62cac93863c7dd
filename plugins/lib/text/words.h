/* words.h — the words of a UTF-8 text, for the plugins that count or
 * check them (clean/spelling, annotate/keywords): runs of word characters
 * (word_char.h), and with apostrophes, an apostrophe (' or ’) between two
 * of them inside the word (don't). */
#ifndef GALLEY_WORDS_H
#define GALLEY_WORDS_H

#include <stddef.h>

/* Return non-zero to stop the walk with that value. */
typedef int (*words_fn)(void *data, const char *s, size_t start, size_t end);

int words_each(const char *s, size_t len, int apostrophes, words_fn fn, void *data);

#endif
