/* suggest.c — Levenshtein distance over short words (keys, plugin names). */
#include <stdio.h>
#include <string.h>

#include "base/suggest.h"

#define SUGGEST_MAX 64

static size_t distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	if (la >= SUGGEST_MAX || lb >= SUGGEST_MAX)
		return SUGGEST_MAX;
	size_t row[SUGGEST_MAX + 1];
	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t diag = row[0];
		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t up = row[j];
			size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
			size_t best = diag + cost;
			if (row[j] + 1 < best)
				best = row[j] + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	return row[lb];
}

const char *suggest(const char *word, const char *const *candidates)
{
	const char *best = NULL;
	size_t best_d = strlen(word) / 3 + 1;
	for (size_t i = 0; candidates && candidates[i]; i++) {
		size_t d = distance(word, candidates[i]);
		if (d <= best_d && (!best || d < best_d)) {
			best = candidates[i];
			best_d = d;
		}
	}
	return best;
}

void suggest_hint(const char *word, const char *const *candidates, char *out, size_t size)
{
	const char *s = suggest(word, candidates);
	if (s)
		snprintf(out, size, " (did you mean '%s'?)", s);
	else if (size)
		out[0] = '\0';
}
