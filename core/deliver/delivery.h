/* delivery.h — sending what the state has queued for each partner with a
 * `deliver:` block: its bundles oldest first, each retried with growing
 * waits while its failure is transient, the state told of each outcome.
 * A bundle that fails stays queued, and the partner's later bundles wait
 * behind it; one partner's failure never holds up another's.  Used at the
 * end of `galley run` and by `galley deliver`. */
#ifndef GALLEY_DELIVERY_H
#define GALLEY_DELIVERY_H

#include <stddef.h>

#include "base/error.h"
#include "config/partners.h"
#include "deliver/state.h"

#define DELIVERY_WAIT_MS 1000 /* the first wait before a retry; doubled each time */

typedef struct delivery_outcome {
	const char *partner;
	unsigned long long sent, failed, waiting; /* bundles: delivered, failed, left queued */
	long long bytes;                          /* delivered */
	char error[640];                          /* the last failure, "" when none */
} delivery_outcome;

/* Delivers the queue of each partner (only: that one) into out[i] (one
 * per partner, scheme NONE ones left zero); with plan, says what would be
 * sent and sends nothing.  0, or a state error. */
int delivery_send(pstate *st, const partner *partners, size_t n, const char *only, int plan,
                  delivery_outcome *out, galley_error *err);
/* How many of n outcomes failed. */
size_t delivery_failures(const delivery_outcome *out, size_t n);

#endif
