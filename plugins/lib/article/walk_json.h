/* walk_json.h — a jansson tree from a walk of the article's canonical JSON
 * (host->article_walk): the document the exporters read, built without a
 * text to parse. */
#ifndef GALLEY_PLUGIN_WALK_JSON_H
#define GALLEY_PLUGIN_WALK_JSON_H

#include <jansson.h>

#include "galley/plugin.h"

/* The walk's value as a new tree (the caller's to json_decref), or NULL
 * when memory ran out: never a tree short of a value.  walk is
 * host->article_walk (or the core's article_walk, in its unit tests). */
json_t *walk_json(int (*walk)(const galley_article *, const galley_walker *, void *),
                  const galley_article *a);

#endif
