/* isolate_serve.h — an importer's own process (`galley _import-worker`,
 * started by isolate.c): it starts the pipeline's isolated sources, then
 * loads each input the runner sends and sends back the article, the
 * pieces split off it, the files written for them and the result.  It
 * never writes under the output folder: files travel to the runner, which
 * writes and records them as it would for an importer in its own
 * process. */
#ifndef GALLEY_ISOLATE_SERVE_H
#define GALLEY_ISOLATE_SERVE_H

#include "config/pipeline.h"
#include "run/run.h"

typedef struct serve_opts {
	int fd;          /* the socket to the runner */
	long parent;     /* the runner's pid: this process ends with it */
	int verbose;
	long long now;   /* the run's instant, date and epoch, as the runner has them */
	const char *date, *epoch;
	const char *output; /* the run's output folder (a shard's is its own) */
} serve_opts;

/* Serves until the runner closes the socket; the process's exit code. */
int isolate_serve(pipeline *p, const serve_opts *o);

#endif
