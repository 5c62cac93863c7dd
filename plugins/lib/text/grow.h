/* grow.h — the growing arrays of plugins/lib: makes room for need items
 * of size bytes in *p (capacity *cap), doubling from 16. */
#ifndef GALLEY_GROW_H
#define GALLEY_GROW_H

#include <stdlib.h>

static inline int grow_array(void **p, size_t *cap, size_t need, size_t size)
{
	if (need <= *cap)
		return 0;
	size_t n = *cap ? *cap * 2 : 16;
	while (n < need)
		n *= 2;
	void *q = realloc(*p, n * size);
	if (!q)
		return -1;
	*p = q;
	*cap = n;
	return 0;
}

#endif
