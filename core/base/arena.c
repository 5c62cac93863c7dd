/* arena.c — bump allocation in blocks that start at 512 bytes and double
 * up to 16 KiB (bigger requests get their own block).  Nothing is freed
 * until arena_release.  Most arenas are an article's: a wire item or a
 * WordPress post holds a few hundred bytes of strings, and a run holds
 * 100,000 of them at once when one file splits into that many; a first
 * block of 16 KiB each was most of such a run's memory. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"

#define ARENA_FIRST 512
#define ARENA_BLOCK 16384
#define ARENA_ALIGN 16

struct arena_block {
	arena_block *next;
	size_t size, used;
	_Alignas(ARENA_ALIGN) unsigned char data[];
};

void arena_init(arena *ar)
{
	ar->head = NULL;
	ar->used = 0;
}

void arena_release(arena *ar)
{
	arena_block *b = ar->head;
	while (b) {
		arena_block *next = b->next;
		free(b);
		b = next;
	}
	ar->head = NULL;
	ar->used = 0;
}

/* size bytes, aligned, not zeroed.  A request too big for a block gets
 * its own, linked behind the head so the head's free room stays in use. */
static void *take(arena *ar, size_t size)
{
	size = (size + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
	if (size == 0)
		size = ARENA_ALIGN;
	arena_block *b = ar->head;
	if (!b || b->size - b->used < size) {
		size_t grow = !b ? ARENA_FIRST : b->size < ARENA_BLOCK ? b->size * 2 : ARENA_BLOCK;
		size_t cap = size > grow ? size : grow;
		b = malloc(sizeof(*b) + cap);
		if (!b)
			return NULL;
		b->size = cap;
		b->used = 0;
		if (size > grow && ar->head) { /* its own, behind the head: the head keeps its room */
			b->next = ar->head->next;
			ar->head->next = b;
		} else {
			b->next = ar->head;
			ar->head = b;
		}
	}
	void *p = b->data + b->used;
	b->used += size;
	ar->used += size;
	return p;
}

void *arena_alloc(arena *ar, size_t size)
{
	void *p = take(ar, size);
	if (p)
		memset(p, 0, size);
	return p;
}

char *arena_strndup(arena *ar, const char *s, size_t n)
{
	char *p = take(ar, n + 1);
	if (p) {
		memcpy(p, s, n);
		p[n] = '\0';
	}
	return p;
}

char *arena_strdup(arena *ar, const char *s)
{
	return arena_strndup(ar, s, strlen(s));
}

char *arena_printf(arena *ar, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return NULL;
	char *p = arena_alloc(ar, (size_t)n + 1);
	if (!p)
		return NULL;
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}
