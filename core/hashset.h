/* hashset.h — a set of strings kept as 64-bit hashes (8 bytes each, open
 * addressing).  The run uses it to refuse a path written twice without
 * keeping every path in memory; two different strings share a hash with
 * odds of about n²/2⁶⁵ (3·10⁻¹⁰ for 100,000 paths). */
#ifndef GALLEY_HASHSET_H
#define GALLEY_HASHSET_H

#include <stddef.h>
#include <stdint.h>

typedef struct hashset {
	uint64_t *slots; /* 0 marks an empty slot */
	size_t count, cap;
} hashset;

uint64_t hashset_hash(const char *s);
/* 1 if s was added, 0 if it was there already, negative on no memory. */
int hashset_add(hashset *h, const char *s);
int hashset_has(const hashset *h, const char *s);
void hashset_release(hashset *h);

#endif
