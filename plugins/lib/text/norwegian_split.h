/* norwegian_split.h — tells Nynorsk from Bokmål in text already known to be
 * Norwegian, by the common words only one of the two written standards
 * uses (ikkje/ikke, eg/jeg, frå/fra, kva/hva…). */
#ifndef GALLEY_NORWEGIAN_SPLIT_H
#define GALLEY_NORWEGIAN_SPLIT_H

#include <stddef.h>

/* 1 when more of len bytes' words are Nynorsk's own than Bokmål's. */
int norwegian_is_nynorsk(const char *text, size_t len);

#endif
