/* slug.h — ASCII, lowercase, dash-separated names from headlines, for ids
 * and file names ("Three reasons for Russia's …" -> "three-reasons-for-…"). */
#ifndef GALLEY_SLUG_H
#define GALLEY_SLUG_H

#include <stddef.h>

#define SLUG_MAX 80

/* malloc'd slug of text; "" when nothing usable remains; NULL on ENOMEM. */
char *slug_make(const char *text);

#endif
