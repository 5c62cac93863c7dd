/* hash64.h — FNV-1a over a NUL-terminated string, from a seed (0 for the
 * plain hash): the plugins' open-addressing tables (gazetteer ids,
 * keyword stems, spelling verdicts) hash with it. */
#ifndef GALLEY_HASH64_H
#define GALLEY_HASH64_H

#include <stdint.h>

static inline uint64_t hash64(uint64_t seed, const char *s)
{
	uint64_t h = 1469598103934665603ull ^ seed;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

#endif
