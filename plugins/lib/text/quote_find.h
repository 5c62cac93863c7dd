/* quote_find.h — direct quotes in a paragraph and the speaker an
 * attribution names, for annotate/quotes.  Byte offsets; UTF-8 text. */
#ifndef GALLEY_QUOTE_FIND_H
#define GALLEY_QUOTE_FIND_H

#include <stddef.h>

typedef struct quote_span {
	size_t start, end; /* the quoted words, marks and dash left out */
} quote_span;

/* The quotes of text, at most max: all of it when whole (a quote block)
 * or when it opens with a speech dash, each but for a trailing
 * attribution (", sier X."); else each run between quote marks of at
 * least min_words words. */
size_t quote_find(const char *text, int whole, size_t min_words, quote_span *out, size_t max);

/* The speaker of quote q in text: from the attribution after it (to the
 * end of the paragraph for a dash quote, else of its sentence), before it
 * in its sentence, or in the sentence before, which for a quote that
 * opens the paragraph is the last sentence of prev (may be NULL).  "" when
 * none names one. */
void quote_speaker(const char *text, const quote_span *q, const char *prev, char *name, size_t n);

#endif
