/* test_text_count_scalar.c — lib/text_count as machines without SSE2 run
 * it (every byte classed one at a time), held to the same tests. */
#undef __SSE2__
#include "test_text_count.c"
