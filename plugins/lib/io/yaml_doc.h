/* yaml_doc.h — a YAML text loaded as a libyaml document, with aliases
 * refused first: libyaml's loader shares an aliased node, but a walk over
 * the tree would visit it once per use, so an alias bomb would grow
 * without bound (a text without a '*' has none, and is parsed once).
 * Shared by the front matter reader and the gazetteers. */
#ifndef GALLEY_YAML_DOC_H
#define GALLEY_YAML_DOC_H

#include <stddef.h>
#include <yaml.h>

typedef struct yaml_problem {
	unsigned long line, column; /* 0-based, as libyaml's marks */
	char what[160];
} yaml_problem;

/* 0 with *doc loaded (yaml_document_delete it), or -1 with *p set. */
int yaml_doc_load(const char *text, size_t len, yaml_document_t *doc, yaml_problem *p);

#endif
