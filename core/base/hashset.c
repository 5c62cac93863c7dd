/* hashset.c — a set of 64-bit string hashes (FNV-1a with a splitmix64
 * finaliser, so nearby strings spread): a sorted array of mapped pages and
 * a small open-addressing table of the latest, merged when it fills (see
 * hashset.h). */
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "base/error.h"
#include "base/hashset.h"

#define RECENT_MIN 1024 /* slots */

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

static int in_sorted(const hashset *h, uint64_t v)
{
	size_t lo = 0, hi = h->nsorted;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (h->sorted[mid] < v)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < h->nsorted && h->sorted[lo] == v;
}

static int ascending(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return (x > y) - (x < y);
}

/* Room in the sorted array for n hashes: mapped on first use, then grown
 * in place or moved by the kernel, never copied. */
static int reserve(hashset *h, size_t n)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	size_t bytes = (n * sizeof(uint64_t) + page - 1) / page * page;
	if (bytes <= h->mapped)
		return 0;
	void *p = h->mapped ? mremap(h->sorted, h->mapped, bytes, MREMAP_MAYMOVE)
	                    : mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return GALLEY_ENOMEM;
	h->sorted = p;
	h->mapped = bytes;
	return 0;
}

/* The recent hashes into the sorted array, merged from the back; then a
 * recent table sized to an eighth of the array, so merges stay rare. */
static int merge(hashset *h)
{
	if (reserve(h, h->nsorted + h->nrecent))
		return GALLEY_ENOMEM; /* before the table is touched: it still serves */
	size_t n = 0;
	for (size_t i = 0; i < h->cap; i++)
		if (h->recent[i])
			h->recent[n++] = h->recent[i];
	qsort(h->recent, n, sizeof(uint64_t), ascending);
	size_t a = h->nsorted, b = n, out = h->nsorted + n;
	while (b)
		h->sorted[--out] = a && h->sorted[a - 1] > h->recent[b - 1] ? h->sorted[--a]
		                                                            : h->recent[--b];
	h->nsorted += n;
	size_t cap = RECENT_MIN;
	while (cap < h->nsorted / 8)
		cap *= 2;
	uint64_t *slots = cap != h->cap ? calloc(cap, sizeof(*slots)) : NULL;
	if (slots) {
		free(h->recent);
		h->recent = slots;
		h->cap = cap;
	} else { /* the same size, or no memory for a larger one: the old, emptied */
		memset(h->recent, 0, h->cap * sizeof(*h->recent));
	}
	h->nrecent = 0;
	return 0;
}

int hashset_add(hashset *h, const char *s)
{
	if (!h->cap) {
		if (!(h->recent = calloc(RECENT_MIN, sizeof(*h->recent))))
			return GALLEY_ENOMEM;
		h->cap = RECENT_MIN;
	}
	uint64_t v = hashset_hash(s);
	size_t i = slot_of(h->recent, h->cap, v);
	if (h->recent[i] == v || in_sorted(h, v))
		return 0;
	if ((h->nrecent + 1) * 4 > h->cap * 3) { /* load at most 3/4 */
		if (merge(h))
			return GALLEY_ENOMEM;
		i = slot_of(h->recent, h->cap, v); /* a new table */
	}
	h->recent[i] = v;
	h->nrecent++;
	return 1;
}

int hashset_has(const hashset *h, const char *s)
{
	if (!h->cap)
		return 0;
	uint64_t v = hashset_hash(s);
	return h->recent[slot_of(h->recent, h->cap, v)] == v || in_sorted(h, v);
}

size_t hashset_count(const hashset *h)
{
	return h->nsorted + h->nrecent;
}

void hashset_release(hashset *h)
{
	if (h->mapped)
		munmap(h->sorted, h->mapped);
	free(h->recent);
	memset(h, 0, sizeof(*h));
}
