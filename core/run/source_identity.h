/* source_identity.h — every imported article gets a guid: its source's
 * own (ninjs guid or uri, NewsML-G2 @guid, NITF doc-id, WXR guid, front
 * matter guid:) or, when it has none, one made from where it was read,
 * so the same file keeps the same guid from night to night. */
#ifndef GALLEY_SOURCE_IDENTITY_H
#define GALLEY_SOURCE_IDENTITY_H

#include "run/run.h"

/* a (and each of its pieces) without a guid gets "galley:STAGE/PATH":
 * the source stage's name and the article's source path relative to the
 * stage's import root (the fixed folders of its `path:` pattern), so
 * moving the pipeline or its inbox keeps it; the further items of one
 * file (a WordPress export, a news message) add "#2", "#3" ….  0, or -1
 * when out of memory. */
int source_identity_settle(galley_ctx *src, galley_article *a);

#endif
