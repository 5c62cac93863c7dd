/* metrics.h — the run's figures in the Prometheus text format, for
 * node_exporter's textfile collector (--metrics FILE). */
#ifndef GALLEY_METRICS_H
#define GALLEY_METRICS_H

#include "run/run.h"

/* Writes path atomically: articles read, done, dropped, quarantined; the
 * run's duration and whether it succeeded, the last success's time (kept
 * from the previous file when this run failed); per partner with a
 * deliver: block, bundles and bytes delivered, bundles failed and left
 * queued.  0, or -errno. */
int metrics_write(run *r, const char *path, int ok);

#endif
