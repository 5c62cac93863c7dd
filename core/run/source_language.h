/* source_language.h — the language a source gave an article, made a
 * BCP 47 tag before any transform sees it (lang_tag.h). */
#ifndef GALLEY_SOURCE_LANGUAGE_H
#define GALLEY_SOURCE_LANGUAGE_H

#include "run/run.h"

/* a's language (and each of its pieces'), from the source stage src:
 * kept in its conventional case when it is a tag ("en_us" -> "en-US");
 * otherwise replaced by the stage's `language` setting, or removed, with
 * a warning that names the input.  0, or -1 when out of memory. */
int source_language_settle(galley_ctx *src, galley_article *a);

/* After a transform's process() changed a's language: GALLEY_OK (a tag,
 * now in its conventional case), or GALLEY_FAIL with the stage's reason
 * set ("set language 'English', which is not a BCP 47 language tag"). */
int stage_language_check(galley_ctx *ctx, galley_article *a);

#endif
