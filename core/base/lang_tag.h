/* lang_tag.h — BCP 47 language tags (RFC 5646): whether a tag is well
 * formed, and its conventional case.  The model's language is such a tag
 * or null, since NITF's xml:lang, HTML's lang and feeds' language all
 * require one ("English (UK)" would make their documents invalid). */
#ifndef GALLEY_LANG_TAG_H
#define GALLEY_LANG_TAG_H

#include <stddef.h>

/* Longest tag kept (RFC 5646 asks for room for 35; private use runs on). */
#define LANG_TAG_MAX 64

/* 0: tag is well formed, and out (size bytes) holds it with '-' between
 * subtags and each in its conventional case: "en_us" -> "en-US",
 * "ZH-hant-tw" -> "zh-Hant-TW".  '_' is read as '-' (POSIX locales,
 * og:locale).  -1: not a tag, or longer than size - 1; out is then "". */
int lang_tag_normalise(const char *tag, char *out, size_t size);

#endif
