/* suggest.h — "did you mean": the closest candidate to a misspelt word. */
#ifndef GALLEY_SUGGEST_H
#define GALLEY_SUGGEST_H

#include <stddef.h>

/* Closest of candidates (NULL-terminated) within an edit distance of
 * about a third of the word, or NULL. */
const char *suggest(const char *word, const char *const *candidates);
/* Writes " (did you mean 'x'?)" or "" into out. */
void suggest_hint(const char *word, const char *const *candidates, char *out, size_t size);

#endif
