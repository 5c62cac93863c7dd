/* word_char.h — what counts as part of a word for the plugins that find
 * words (annotate/entities' boundaries, clean/spelling): letters, marks
 * and digits of any script (Unicode categories L*, M*, N*). */
#ifndef GALLEY_WORD_CHAR_H
#define GALLEY_WORD_CHAR_H

#include <utf8proc.h>

static inline int word_char(utf8proc_int32_t c)
{
	if (c < 0x80)
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
	utf8proc_category_t k = utf8proc_category(c);
	return (k >= UTF8PROC_CATEGORY_LU && k <= UTF8PROC_CATEGORY_LO) ||
	       (k >= UTF8PROC_CATEGORY_MN && k <= UTF8PROC_CATEGORY_ME) ||
	       (k >= UTF8PROC_CATEGORY_ND && k <= UTF8PROC_CATEGORY_NO);
}

#endif
