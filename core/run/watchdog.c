/* watchdog.c — per-call deadlines for every stage, checked from one
 * thread (see watchdog.h).  A worker that overran is abandoned and the
 * run drains through the others; a stall on the sink thread, or of the
 * last worker, ends the process at once.  A call is claimed with a compare-and-swap on
 * its deadline, so a call that returns at the last moment either finishes
 * normally or parks for good: the watchdog never reads a freed article. */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/bounds.h"
#include "base/exit_code.h"
#include "base/log.h"
#include "run/watchdog.h"
#include "run/output.h"
#include "run/quarantine.h"
#include "run/report.h"

#define WATCH_EVERY_MS 100

static int64_t now_ns(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

void watchdog_arm(galley_ctx *ctx, int64_t start_ns)
{
	int64_t ms = ctx->stage->timeout_ms;
	if (ms <= 0)
		return;
	if (ctx->stage->lua) /* Lua stops itself at the deadline; this is the backstop */
		ms += GALLEY_WATCHDOG_GRACE_MS;
	__atomic_store_n(&ctx->deadline_ns, start_ns + ms * 1000000, __ATOMIC_RELEASE);
}

void watchdog_disarm(galley_ctx *ctx)
{
	if (__atomic_exchange_n(&ctx->deadline_ns, 0, __ATOMIC_ACQ_REL) != DEADLINE_CLAIMED)
		return;
	for (;;)
		pause(); /* the watchdog is ending the process */
}

static void describe(const galley_ctx *ctx, int drained, char *out, size_t size)
{
	double secs = (double)ctx->stage->timeout_ms / 1000.0;
	const char *then = drained ? "its worker was abandoned, the other articles went on, and "
	                             "nothing was published"
	                           : "the run was aborted";
	if (ctx->stage->lua)
		snprintf(out, size,
		         "did not stop within its timeout of %.3g s (and %lld s of grace): it is "
		         "stuck where Lua cannot interrupt it; %s",
		         secs, GALLEY_WATCHDOG_GRACE_MS / 1000, then);
	else
		snprintf(out, size,
		         "did not return within its timeout of %.3g s; a compiled plugin cannot be "
		         "interrupted safely, so %s (raise the stage's 'timeout:' if the work is "
		         "legitimately slow)",
		         secs, then);
}

/* "stage 'S' on article ID (SOURCE) WHY": the line stderr and the report
 * give for a call the watchdog stepped in on. */
static void stuck_line(const galley_ctx *ctx, const char *why, char *out, size_t size)
{
	const galley_article *a = ctx->article;
	snprintf(out, size, "stage '%s' on article %s (%s) %s", ctx->stage->name,
	         a && a->id ? a->id : "?", a && a->source ? a->source : "?", why);
}

static int lock_briefly(run *r)
{
	struct timespec until;
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += 2;
	return pthread_mutex_timedlock(&r->lock, &until) == 0;
}

/* A worker's call overran: set its article aside, and let the other
 * workers and the sinks finish the run without it (runner.c then ends it
 * as failed, publishing nothing).  -1 when no worker would be left. */
static int stall(run *r, galley_ctx *ctx, size_t worker)
{
	char why[512];
	describe(ctx, 1, why, sizeof(why));
	if (!lock_briefly(r))
		return -1;
	if (r->watch.nstalled + 1 >= r->jobs) {
		pthread_mutex_unlock(&r->lock);
		return -1;
	}
	const galley_article *a = ctx->article;
	if (a)
		quarantine_stuck(r, a, ctx->stage->name, why);
	/* the input it took ahead of time (runner.c) goes to another worker */
	galley_article *ahead = __atomic_load_n(&r->watch.ahead[worker], __ATOMIC_ACQUIRE);
	if (ahead)
		aqueue_give_back(&r->queue, ahead);
	r->watch.stalled[worker] = 1;
	r->watch.nstalled++;
	if (!r->watch.stall_msg[0])
		stuck_line(ctx, why, r->watch.stall_msg, sizeof(r->watch.stall_msg));
	pthread_cond_broadcast(&r->watch.workers_cv);
	pthread_mutex_unlock(&r->lock);
	/* the sinks wait for this input's outcome: it left the run (the
	 * items it handed on so far stay; nothing is published anyway) */
	astream *s = __atomic_load_n(&r->watch.streams[worker], __ATOMIC_ACQUIRE);
	if (s)
		astream_close(s);
	else
		reorder_put(&r->order,
		            __atomic_load_n(&r->watch.working_on[worker], __ATOMIC_ACQUIRE), NULL);
	return 0;
}

/* The end of the run: quarantine, report, exit 3. */
static void give_up(run *r, galley_ctx *ctx)
{
	char why[512], msg[1024];
	describe(ctx, 0, why, sizeof(why));
	const galley_article *a = ctx->article;
	/* Another thread may hold the lock for a moment; never wait forever. */
	int locked = lock_briefly(r);
	r->watch.aborted = 1;
	if (a && locked)
		quarantine_stuck(r, a, ctx->stage->name, why);
	stuck_line(ctx, why, msg, sizeof(msg));
	galley_error err = {0};
	galley_error_set(&err, GALLEY_ESTAGE, "%s", msg);
	if (locked) /* the sink may be inside a bundle: its temporary name goes */
		output_temps_unlink(r);
	if (!r->dry_run && locked)
		report_write(r, "aborted", &err);
	log_status(NULL);
	log_plain(GALLEY_LOG_ERROR, "%s", msg);
	log_plain(LOG_SUMMARY, "%s: aborted: %llu read, %llu done, %llu quarantined; report in %s/report.json",
	          r->p->name, (unsigned long long)r->counts.read, (unsigned long long)r->counts.done,
	          (unsigned long long)(r->counts.quarantined + r->counts.rejected), r->output);
	fflush(stderr);
	_exit(EXIT_ABORTED);
}

static void check(run *r)
{
	int64_t now = now_ns();
	size_t n = (r->jobs + 1) * r->p->nstages;
	for (size_t k = 0; k < n; k++) {
		galley_ctx *ctx = &r->ctxs[k];
		int64_t d = __atomic_load_n(&ctx->deadline_ns, __ATOMIC_ACQUIRE);
		if (d <= 0 || now <= d ||
		    !__atomic_compare_exchange_n(&ctx->deadline_ns, &d, DEADLINE_CLAIMED, 0,
		                                 __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
			continue;
		size_t set = k / r->p->nstages; /* 0: the source and sink thread */
		if (set == 0 || stall(r, ctx, set - 1) != 0)
			give_up(r, ctx);
	}
}

static void tick(void *data)
{
	check(data);
}

int watchdog_start(watchdog *w, run *r)
{
	if (ticker_start(&w->t, WATCH_EVERY_MS, tick, r) != 0) {
		log_plain(GALLEY_LOG_WARN, "cannot start the watchdog thread; stage timeouts are "
		                           "enforced for Lua only");
		return -1;
	}
	return 0;
}

void watchdog_stop(watchdog *w)
{
	ticker_stop(&w->t);
}
