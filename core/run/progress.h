/* progress.h — the moving progress line of a run on a terminal: articles
 * read, done, dropped and quarantined, articles per second, and an ETA when
 * the sources said how many inputs there are (host->expect).  Redrawn a
 * few times a second by its own thread through log_status. */
#ifndef GALLEY_PROGRESS_H
#define GALLEY_PROGRESS_H

#include "run/run.h"
#include "base/ticker.h"

typedef struct progress {
	run *r;
	ticker t;
	int on;
} progress;

/* Starts drawing (nothing when the run has no progress line). */
void progress_start(progress *p, run *r);
/* Stops and clears the line, so the summary follows on a clean line. */
void progress_stop(progress *p);
/* The line for these counts after secs seconds ("" when nothing read). */
void progress_line(char *out, size_t size, const run_counts *c, uint64_t expected, double secs);

#endif
