/* hashset.h — a set of strings kept as 64-bit hashes.  The run uses it to
 * refuse a path written twice without keeping every path in memory; two
 * different strings share a hash with odds of about n²/2⁶⁵ (3·10⁻¹⁰ for
 * 100,000 paths).
 *
 * Memory is 8 bytes a string and little more, so a night of a million
 * articles costs 8 MB, not the 16 to 24 of a hash table at three-quarters
 * load while it doubles: the hashes live in one sorted array (mapped
 * pages, grown with mremap, never copied), and the latest few in a small
 * open-addressing table, merged into the array when it fills. */
#ifndef GALLEY_HASHSET_H
#define GALLEY_HASHSET_H

#include <stddef.h>
#include <stdint.h>

typedef struct hashset {
	uint64_t *sorted;       /* ascending; mapped pages */
	size_t nsorted, mapped; /* hashes in it; bytes mapped */
	uint64_t *recent;       /* open addressing, 0 marks an empty slot */
	size_t nrecent, cap;    /* hashes in it; its slots (a power of 2) */
} hashset;

uint64_t hashset_hash(const char *s);
/* 1 if s was added, 0 if it was there already, negative on no memory. */
int hashset_add(hashset *h, const char *s);
int hashset_has(const hashset *h, const char *s);
/* The strings added (hashes that differ). */
size_t hashset_count(const hashset *h);
void hashset_release(hashset *h);

#endif
