/* deliveries.h — the run's delivery state, as data: the partner state
 * file, one open bundle per partner, and the run's delivery options.
 * struct run holds it; partner_sink.c fills and uses it.  A header of its
 * own so the run's state (run/run.h) needs nothing of partner_sink. */
#ifndef GALLEY_DELIVERIES_H
#define GALLEY_DELIVERIES_H

#include <stddef.h>
#include <time.h>

#include "deliver/state.h"

typedef struct partner_out partner_out; /* partner_sink.c */
struct delivery_outcome;                 /* delivery.h */

typedef struct deliveries {
	pstate st;
	partner_out *out; /* one per partner */
	size_t n;
	int full;              /* --full: send whatever the filters let through */
	int plan;              /* --dry-run: count what would be sent, send nothing */
	const char *only;      /* --partner NAME */
	const char *since;     /* --since DATE: re-send articles dated from DATE */
	const char *guid;      /* galley resend --guid G: only this item */
	int guid_seen;         /* an article of the run had it */
	long long now;         /* the run's instant (--now), for embargoes */
	unsigned long long sent;
	time_t started;
	struct delivery_outcome *outcomes; /* one per partner, after partners_deliver */
} deliveries;

#endif
