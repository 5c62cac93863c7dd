/* yaml_load.h — reads one YAML document into a tree of nodes that remember
 * their line and column.  It knows nothing about pipelines: pipeline.c
 * gives the tree its meaning. */
#ifndef GALLEY_YAML_LOAD_H
#define GALLEY_YAML_LOAD_H

#include <stddef.h>

#include "base/arena.h"
#include "base/error.h"

typedef enum { YNODE_SCALAR, YNODE_SEQ, YNODE_MAP } ynode_kind;

typedef struct ynode {
	ynode_kind kind;
	int line, column; /* 1-based */
	char *value;      /* scalar text, NUL-terminated */
	int plain;        /* scalar written without quotes */
	/* seq: items[i]; map: items[2i] is a key (scalar), items[2i+1] its value */
	struct ynode **items;
	size_t count; /* items in a seq, pairs in a map */
	int expanded; /* ${} already applied (aliases share nodes) */
} ynode;

typedef struct ydoc {
	arena ar;
	ynode *root; /* NULL for an empty document */
	char *file;
} ydoc;

/* Fills doc; release it with ydoc_release even after an error. */
int yaml_load_file(ydoc *doc, const char *path, galley_error *err);
int yaml_load_string(ydoc *doc, const char *name, const char *text, size_t len,
                     galley_error *err);
void ydoc_release(ydoc *doc);

/* Map lookups; NULL when absent or when map is not a map. */
ynode *ynode_get(const ynode *map, const char *key);
ynode *ynode_key(const ynode *map, size_t i);
ynode *ynode_value(const ynode *map, size_t i);
const char *ynode_kind_name(ynode_kind kind);
/* The first key of map, from key *from on, that is in neither known nor
 * more (NULL-terminated lists; more may be NULL): its node, with *from
 * set past it and " (did you mean 'x'?)" or "" written into hint; NULL
 * when the rest are known.  Every "unknown key" check of the core's YAML
 * (pipeline, stage, partner, settings, test case) goes through it. */
const ynode *ynode_unknown_key(const ynode *map, size_t *from, const char *const *known,
                               const char *const *more, char *hint, size_t size);

#endif
