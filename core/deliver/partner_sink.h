/* partner_sink.h — delivery to partners, the runner's last step for each
 * article: which partners want it (filters), whether they have it already
 * (the state, by content hash), and its files from the partner's formats
 * into that partner's bundle; at the end, each bundle is closed, recorded
 * as pending, renamed into the outbox, and confirmed (state.h). */
#ifndef GALLEY_PARTNER_SINK_H
#define GALLEY_PARTNER_SINK_H

#include "base/error.h"

#include "deliver/deliveries.h"

typedef struct run run;
typedef struct galley_article galley_article;

int partners_start(run *r, galley_error *err);
/* The article passed every sink: offer it to the partners. */
int partners_offer(run *r, galley_article *a, galley_error *err);
/* Publishes every bundle (after the sinks finish). */
int partners_finish(run *r, galley_error *err);
/* Sends the delivery queue of each partner with a deliver: block (the
 * bundles this run published among them); a failure is counted in
 * r->counts.undelivered and said, not returned: only a state error is. */
int partners_deliver(run *r, galley_error *err);
/* The partners' part of report.json: a new jansson array. */
struct json_t;
struct json_t *partners_report(run *r);
/* Removes unpublished bundles and releases the state and lock. */
void partners_stop(run *r, const char *status);

#endif
