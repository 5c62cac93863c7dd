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
	size_t lent;            /* taken ahead by a consumer, and may come back */
	galley_article **back;  /* given back (one per lender at most) */
	size_t nback;
	size_t idle_consumers, idle_producers; /* threads waiting: signal only them */
	int closed;
} aqueue;

/* lenders: the consumers that may take one article ahead (aqueue_lend). */
int aqueue_init(aqueue *q, size_t cap, size_t lenders);
void aqueue_release(aqueue *q);
void aqueue_push(aqueue *q, galley_article *a); /* blocks while full */
/* NULL once closed, empty, and no lent article can come back. */
galley_article *aqueue_pop(aqueue *q);
/* A consumer takes the next article ahead of time, while it works on one
 * (NULL when none waits; never blocks); once it starts on it, keep_lent;
 * if it never can (its thread was abandoned), give_back hands the article
 * to another consumer, before any other.  Consumers do not leave while an
 * article is lent. */
galley_article *aqueue_lend(aqueue *q);
void aqueue_keep_lent(aqueue *q);
void aqueue_give_back(aqueue *q, galley_article *a);
void aqueue_close(aqueue *q);

/* The items of one input that holds many (a WordPress export, a news
 * message, JSON lines), handed to the sinks while its worker still reads
 * them: articles chained by run.next, at most cap waiting, so a file of a
 * million items is never held whole.  The worker pushes and closes it;
 * the sink takes until it is closed and empty, then frees it. */
typedef struct astream {
	pthread_mutex_t mu;
	pthread_cond_t changed;
	galley_article *head, *tail;
	size_t count, cap;
	int closed, taking, pushing;
} astream;

astream *astream_new(size_t cap);
/* Adds a chain of articles (a and those behind it); blocks while cap are
 * waiting. */
void astream_push(astream *s, galley_article *a);
void astream_close(astream *s);
/* The chain waiting (NULL once closed and empty: the stream is the
 * caller's to free). */
galley_article *astream_take(astream *s);
void astream_free(astream *s);

typedef struct reorder {
	pthread_mutex_t mu;
	pthread_cond_t ready; /* the next seq out has arrived (the sink waits) */
	pthread_cond_t room;  /* the window moved on (workers wait) */
	int sink_waiting;
	size_t workers_waiting;
	galley_article **slots;
	astream **streams; /* a slot holds an article or a stream */
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
/* Files a stream as seq's outcome: its articles reach the sinks as they
 * come once seq's turn has come. */
void reorder_put_stream(reorder *o, uint64_t seq, astream *s);
/* The next outcome in seq order: 1 with *out or *stream set (both may be
 * NULL), or 0 when every seq before end has been handed out. */
int reorder_take(reorder *o, galley_article **out, astream **stream);
void reorder_close(reorder *o, uint64_t end);

#endif
