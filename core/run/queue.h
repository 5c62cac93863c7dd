/* queue.h — the two bounded hand-offs of the parallel runner: a FIFO of
 * articles from the source to the workers, and a reorder buffer from the
 * workers to the sinks that gives articles back in input (seq) order.
 * Both block when full, so memory is bounded by their capacities, never by
 * the number of articles in a run.  A blocked producer is woken only once
 * the FIFO is half empty, so threads trade work in batches rather than
 * one article (and two context switches) at a time. */
#ifndef GALLEY_QUEUE_H
#define GALLEY_QUEUE_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

#include "model/article.h"

typedef struct aqueue {
	pthread_mutex_t mu;
	pthread_cond_t not_empty, not_full;
	galley_article **items;
	size_t cap, head, count;
	size_t idle_consumers, idle_producers; /* threads waiting: signal only them */
	int closed;
} aqueue;

int aqueue_init(aqueue *q, size_t cap);
void aqueue_release(aqueue *q);
void aqueue_push(aqueue *q, galley_article *a); /* blocks while full */
galley_article *aqueue_pop(aqueue *q);          /* NULL once closed and empty */
void aqueue_close(aqueue *q);

typedef struct reorder {
	pthread_mutex_t mu;
	pthread_cond_t ready; /* the next seq out has arrived (the sink waits) */
	pthread_cond_t room;  /* the window moved on (workers wait) */
	int sink_waiting;
	size_t workers_waiting;
	galley_article **slots;
	unsigned char *filled;
	size_t cap;
	uint64_t base; /* the next seq handed out */
	uint64_t end;  /* seqs stop here once closed */
	int closed;
} reorder;

int reorder_init(reorder *o, size_t cap);
void reorder_release(reorder *o);
/* Files the outcome for seq: an article, or NULL when it left the run.
 * Blocks while seq is a full buffer ahead of the next one out. */
void reorder_put(reorder *o, uint64_t seq, galley_article *a);
/* The next outcome in seq order: 1 with *out set (maybe NULL), or 0 when
 * every seq before end has been handed out. */
int reorder_take(reorder *o, galley_article **out);
void reorder_close(reorder *o, uint64_t end);

#endif
