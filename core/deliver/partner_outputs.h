/* partner_outputs.h — what a partner's bundles are made of (its archive,
 * layout and name pattern, each format's exporter and that exporter's
 * settings), recorded in the state after each run: when it changed since
 * the last run (ninjs 2.1 → 3.0), the articles the partner had are not
 * sent again on their own, and the run says so and names the command
 * that re-sends them. */
#ifndef GALLEY_PARTNER_OUTPUTS_H
#define GALLEY_PARTNER_OUTPUTS_H

#include "deliver/partner_out.h"
#include "run/run.h"

/* At the start of a run: a line when o's outputs changed since the last. */
void partner_outputs_compare(run *r, const partner_out *o);
/* After a run that delivered to o: its description recorded. */
void partner_outputs_record(run *r, const partner_out *o);

#endif
