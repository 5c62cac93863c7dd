/* hashset.c — open-addressing set of 64-bit string hashes (FNV-1a with a
 * splitmix64 finaliser, so nearby strings spread over the table). */
#include <stdlib.h>

#include "error.h"
#include "hashset.h"

uint64_t hashset_hash(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3ULL;
	h ^= h >> 30;
	h *= 0xbf58476d1ce4e5b9ULL;
	h ^= h >> 27;
	h *= 0x94d049bb133111ebULL;
	h ^= h >> 31;
	return h ? h : 1; /* 0 marks an empty slot */
}

static size_t slot_of(const uint64_t *slots, size_t cap, uint64_t h)
{
	size_t i = (size_t)h & (cap - 1);
	while (slots[i] && slots[i] != h)
		i = (i + 1) & (cap - 1);
	return i;
}

static int grow(hashset *h)
{
	size_t cap = h->cap ? h->cap * 2 : 1024;
	uint64_t *slots = calloc(cap, sizeof(*slots));
	if (!slots)
		return GALLEY_ENOMEM;
	for (size_t i = 0; i < h->cap; i++)
		if (h->slots[i])
			slots[slot_of(slots, cap, h->slots[i])] = h->slots[i];
	free(h->slots);
	h->slots = slots;
	h->cap = cap;
	return 0;
}

int hashset_add(hashset *h, const char *s)
{
	if ((h->count + 1) * 4 > h->cap * 3 && grow(h)) /* load at most 3/4 */
		return GALLEY_ENOMEM;
	uint64_t v = hashset_hash(s);
	size_t i = slot_of(h->slots, h->cap, v);
	if (h->slots[i])
		return 0;
	h->slots[i] = v;
	h->count++;
	return 1;
}

int hashset_has(const hashset *h, const char *s)
{
	if (!h->cap)
		return 0;
	uint64_t v = hashset_hash(s);
	return h->slots[slot_of(h->slots, h->cap, v)] == v;
}

void hashset_release(hashset *h)
{
	free(h->slots);
	h->slots = NULL;
	h->count = h->cap = 0;
}
