/* isolate.h — importers in processes of their own.  A source parses
 * untrusted input; a parser that hangs, crashes or eats memory on one
 * file must cost that file, not the night.  So each worker hands the
 * inputs of isolated sources (every source that loads files, unless its
 * stage says `isolate: false`) to a process of its own, `galley
 * _import-worker`, started on first use: the input goes over a socket,
 * the articles come back.  The worker waits for them within the stage's
 * `timeout:`, checks the process's memory against its `memory_mb:` while
 * it waits, and when either is crossed, or the process dies (a crash, an
 * abort), it stops the process, quarantines that input with the reason,
 * and starts a new process for the next input.  Model: Apache Tika's
 * forked parsers.  A process that cannot be started at all leaves the
 * importer to run in the worker thread, with a warning. */
#ifndef GALLEY_ISOLATE_H
#define GALLEY_ISOLATE_H

#include "config/pipeline.h"
#include "run/run.h"

/* 1 when the stage's inputs are loaded in a process of its own. */
int stage_isolated(const stage *s);

/* Before the workers start: one process slot per worker (none started
 * yet), when the pipeline has an isolated stage.  0, or -1 out of
 * memory. */
int isolate_open(run *r);
/* A worker that is through ends its process (it exits when its socket
 * closes) and waits for it, before the thread ends: a process started by
 * a thread is stopped when that thread ends (PR_SET_PDEATHSIG). */
void isolate_end_worker(run *r, size_t worker);
/* Ends the processes left (of workers the watchdog gave up on) and frees
 * the pool. */
void isolate_close(run *r);

/* 1 when ctx (a source's, on worker set) loads its inputs through a process. */
int isolate_wanted(const galley_ctx *ctx);
/* process() of ctx's stage on a, in worker's process: the result as
 * process() gives it, a's contents replaced by what the importer made and
 * its pieces split off a in order.  An input the process could not load
 * (timeout, memory, crash) is rejected with the reason (GALLEY_FAIL). */
int isolate_process(galley_ctx *ctx, size_t worker, galley_article *a);
/* Offers a (the worker's next input, whose source's ctx is ctx): once the
 * input in hand is sent to the worker's process, a is sent right behind
 * it, so the process loads a while the worker runs the transforms of the
 * one before; isolate_process on a then only waits for it.  Nothing comes
 * of it when a's stage is not isolated or no process runs.  a's deadline
 * counts from when the process could begin it. */
void isolate_offer_next(galley_ctx *ctx, size_t worker, const galley_article *a);

#endif
