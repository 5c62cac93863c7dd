/* progress.c — the progress line (see progress.h). */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "base/digits.h"
#include "base/log.h"
#include "run/progress.h"

#define REDRAW_MS 250

void progress_line(char *out, size_t size, const run_counts *c, uint64_t expected, double secs)
{
	char read[32], done[32], dropped[32], bad[32], total[32];
	uint64_t finished = c->done + c->dropped + c->quarantined + c->rejected;
	double rate = secs > 0 ? (double)finished / secs : 0;
	int n = snprintf(out, size, "%s read, %s done, %s dropped, %s quarantined; %.0f articles/s",
	                 digits_grouped(read, sizeof(read), c->read),
	                 digits_grouped(done, sizeof(done), c->done),
	                 digits_grouped(dropped, sizeof(dropped), c->dropped),
	                 digits_grouped(bad, sizeof(bad), c->quarantined + c->rejected), rate);
	double in_rate = secs > 0 ? (double)c->read / secs : 0;
	if (n > 0 && (size_t)n < size && expected && in_rate > 0) {
		/* inputs are read at most a few hundred ahead of the workers */
		uint64_t left = expected > c->read ? expected - c->read : 0;
		unsigned long eta = (unsigned long)((double)left / in_rate + 0.5);
		snprintf(out + n, size - (size_t)n, "; ETA %lu:%02lu:%02lu (of %s inputs)", eta / 3600,
		         eta / 60 % 60, eta % 60, digits_grouped(total, sizeof(total), expected));
	}
}

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void draw(progress *p)
{
	run *r = p->r;
	pthread_mutex_lock(&r->lock);
	run_counts c = r->counts;
	pthread_mutex_unlock(&r->lock);
	uint64_t expected = __atomic_load_n(&r->expected, __ATOMIC_RELAXED);
	char line[400], shown[480];
	progress_line(line, sizeof(line), &c, expected, now() - r->report.started);
	snprintf(shown, sizeof(shown), "galley: %s: %s", r->p->name, line);
	log_status(shown);
}

static void tick(void *data)
{
	draw(data);
}

void progress_start(progress *p, run *r)
{
	memset(p, 0, sizeof(*p));
	p->r = r;
	p->on = r->progress && ticker_start(&p->t, REDRAW_MS, tick, p) == 0;
}

void progress_stop(progress *p)
{
	if (!p->on)
		return;
	ticker_stop(&p->t);
	log_status(NULL);
}
