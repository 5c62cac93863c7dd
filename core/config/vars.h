/* vars.h — ${NAME} and ${NAME:-default} in pipeline values.  `$$` is a
 * literal dollar.  Where values come from is the caller's business: it
 * passes a lookup function (pipeline.c: --set, then vars:, then the
 * environment). */
#ifndef GALLEY_VARS_H
#define GALLEY_VARS_H

#include <stddef.h>

typedef const char *(*vars_lookup_fn)(void *data, const char *name);

/* Expands text into *out (malloc'd; caller frees).  On error returns a
 * negative GALLEY_E* code, writes a message to msg and *offset holds the
 * byte offset of the offending `$` in text. */
int vars_expand(const char *text, vars_lookup_fn lookup, void *data, char **out,
                size_t *offset, char *msg, size_t msgsize);

/* 1 when name is a valid variable name: [A-Za-z_][A-Za-z0-9_]* */
int vars_name_valid(const char *name, size_t len);

#endif
