/* report.h — OUTPUT/report.json, the machine-readable account of a run: counts,
 * stages, what was set aside, partners. */
#ifndef GALLEY_REPORT_H
#define GALLEY_REPORT_H

#include "base/error.h"
#include "run/run.h"

#define REPORT_ASIDE_MAX 10000
/* An article or input set aside, and the files quarantine kept of it
 * (relative to the output folder; NULL: none); called with r->lock held. */
void report_aside(run *r, const set_aside *s);
/* An article a stage dropped, for report.json's "dropped" and -v; takes
 * the run's lock. */
void report_dropped(run *r, const char *what, const char *source, const char *stage_name);
int report_write(run *r, const char *status, const galley_error *err);
void report_release(run *r);

#endif
