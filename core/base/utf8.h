/* utf8.h — strict UTF-8 validation (no overlong forms, no surrogates,
 * nothing above U+10FFFF), for text that crosses into the article model. */
#ifndef GALLEY_UTF8_H
#define GALLEY_UTF8_H

#include <stddef.h>

/* 1 when s[0..n) is valid UTF-8; else 0 and *bad (if given) is the offset
 * of the first byte that is not. */
int utf8_valid(const char *s, size_t n, size_t *bad);
/* A malloc'd copy of s with each byte that is not valid UTF-8 written as
 * the text \xNN, so a file name that is not UTF-8 can still be named in
 * JSON; NULL when out of memory (or s is NULL). */
char *utf8_escaped(const char *s);

#endif
