/* watchdog.h — the run's last line of defence against a stage that never
 * comes back.  Every process() call carries a deadline (the stage's
 * `timeout:`); a thread checks them a few times a second.  Lua stops itself
 * at its deadline, so for a Lua stage the watchdog waits a grace period
 * more.  A thread cannot be interrupted safely, so when a call overruns
 * the watchdog quarantines the article and abandons the thread.  If it was
 * a worker and others remain, the run goes on without it: the other
 * articles are exported, then the run ends as failed (exit 3) with nothing
 * published.  Otherwise it writes the report and ends the process with
 * exit 3 at once.  Either way the next run starts clean (partners sweep
 * what a stopped run left). */
#ifndef GALLEY_WATCHDOG_H
#define GALLEY_WATCHDOG_H

#include <pthread.h>
#include <stdint.h>

#include "run/run.h"
#include "base/ticker.h"

/* A ctx's deadline_ns while the watchdog is aborting over its call. */
#define DEADLINE_CLAIMED INT64_C(-1)

typedef struct watchdog {
	ticker t;
} watchdog;

/* 0, or -1 when the thread cannot start (the run then has no watchdog
 * and says so on stderr). */
int watchdog_start(watchdog *w, run *r);
void watchdog_stop(watchdog *w);

/* Around each process() call: arm with the call's start (CLOCK_MONOTONIC,
 * ns) before, disarm after.  Disarming a call the watchdog has claimed
 * never returns: the process is about to end, and the article must stay
 * as the watchdog reads it. */
void watchdog_arm(galley_ctx *ctx, int64_t start_ns);
void watchdog_disarm(galley_ctx *ctx);

#endif
