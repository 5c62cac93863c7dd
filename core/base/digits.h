/* digits.h — a count as people read it: 12345678 as "12,345,678", the
 * same in the progress line and the summary that follows it. */
#ifndef GALLEY_DIGITS_H
#define GALLEY_DIGITS_H

#include <stddef.h>

/* n with a comma between each group of three digits, into out; returns out. */
const char *digits_grouped(char *out, size_t size, unsigned long long n);

#endif
