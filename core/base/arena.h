/* arena.h — a bump allocator: many small allocations freed at once.  The
 * parsed pipeline (YAML tree, stages, settings) lives in one arena. */
#ifndef GALLEY_ARENA_H
#define GALLEY_ARENA_H

#include <stddef.h>

typedef struct arena_block arena_block;
typedef struct arena {
	arena_block *head;
	size_t used; /* bytes handed out, for limits */
} arena;

void arena_init(arena *ar);
void arena_release(arena *ar);
/* Zeroed memory, aligned for any type; NULL when out of memory. */
void *arena_alloc(arena *ar, size_t size);
char *arena_strdup(arena *ar, const char *s);
char *arena_strndup(arena *ar, const char *s, size_t n);
char *arena_printf(arena *ar, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
