/* aho_corasick.h — many byte patterns found in one pass over a text
 * (Aho and Corasick, 1975), as a deterministic automaton: one table
 * lookup per byte of text, whatever the number of patterns.
 *
 * Build once (ac_add for each pattern, then ac_compile), then scan from
 * any number of threads: a compiled matcher is never written again.  The
 * table holds states × byte classes 32-bit entries, a byte class being a
 * byte some pattern uses (all other bytes share class 0). */
#ifndef GALLEY_AHO_CORASICK_H
#define GALLEY_AHO_CORASICK_H

#include <stddef.h>
#include <stdint.h>

typedef struct ac_matcher ac_matcher;

ac_matcher *ac_new(void);
void ac_free(ac_matcher *m);
/* Adds a pattern of len > 0 bytes that reports as id; before ac_compile.
 * Two patterns may be equal: both report.  -1 when out of memory. */
int ac_add(ac_matcher *m, const void *pattern, size_t len, uint32_t id);
/* Builds the automaton; -1 when out of memory. */
int ac_compile(ac_matcher *m);

/* For each occurrence of a pattern in text (overlapping ones too), in
 * order of their end: fn(data, id, start, end), byte offsets, end
 * exclusive.  A non-zero return from fn stops the scan with that value. */
typedef int (*ac_hit_fn)(void *data, uint32_t id, size_t start, size_t end);
int ac_scan(const ac_matcher *m, const void *text, size_t len, ac_hit_fn fn, void *data);

/* Size facts, for the bench and the debug log. */
size_t ac_states(const ac_matcher *m);
size_t ac_classes(const ac_matcher *m);
size_t ac_bytes(const ac_matcher *m);

#endif
