/* queue.c — mutex-and-condition implementations of queue.h. */
#include <stdlib.h>

#include "run/queue.h"

int aqueue_init(aqueue *q, size_t cap, size_t lenders)
{
	q->items = calloc(cap, sizeof(*q->items));
	q->back = calloc(lenders ? lenders : 1, sizeof(*q->back));
	if (!q->items || !q->back) {
		free(q->items);
		free(q->back);
		return -1;
	}
	q->cap = cap;
	q->head = q->count = 0;
	q->lent = q->nback = 0;
	q->idle_consumers = q->idle_producers = 0;
	q->closed = 0;
	pthread_mutex_init(&q->mu, NULL);
	pthread_cond_init(&q->not_empty, NULL);
	pthread_cond_init(&q->not_full, NULL);
	return 0;
}

void aqueue_release(aqueue *q)
{
	free(q->items);
	free(q->back);
	pthread_mutex_destroy(&q->mu);
	pthread_cond_destroy(&q->not_empty);
	pthread_cond_destroy(&q->not_full);
}

void aqueue_push(aqueue *q, galley_article *a)
{
	pthread_mutex_lock(&q->mu);
	while (q->count == q->cap) {
		q->idle_producers++;
		pthread_cond_wait(&q->not_full, &q->mu);
		q->idle_producers--;
	}
	q->items[(q->head + q->count) % q->cap] = a;
	q->count++;
	if (q->idle_consumers)
		pthread_cond_signal(&q->not_empty);
	pthread_mutex_unlock(&q->mu);
}

/* The head of q, under its lock (NULL when empty): an article given back
 * first, it came out of the queue before the rest. */
static galley_article *take_head(aqueue *q)
{
	galley_article *a = NULL;
	if (q->nback)
		return q->back[--q->nback];
	if (q->count > 0) {
		a = q->items[q->head];
		q->head = (q->head + 1) % q->cap;
		q->count--;
		if (q->idle_producers && q->count <= q->cap / 2)
			pthread_cond_signal(&q->not_full);
	}
	return a;
}

galley_article *aqueue_lend(aqueue *q)
{
	pthread_mutex_lock(&q->mu);
	galley_article *a = take_head(q);
	q->lent += a != NULL;
	pthread_mutex_unlock(&q->mu);
	return a;
}

/* Waiting consumers leave once nothing is left and nothing can come back. */
static void wake_if_over(aqueue *q)
{
	if (q->closed && !q->count && !q->nback && !q->lent && q->idle_consumers)
		pthread_cond_broadcast(&q->not_empty);
}

void aqueue_keep_lent(aqueue *q)
{
	pthread_mutex_lock(&q->mu);
	q->lent--;
	wake_if_over(q);
	pthread_mutex_unlock(&q->mu);
}

void aqueue_give_back(aqueue *q, galley_article *a)
{
	pthread_mutex_lock(&q->mu);
	q->lent--;
	q->back[q->nback++] = a;
	if (q->idle_consumers)
		pthread_cond_signal(&q->not_empty);
	pthread_mutex_unlock(&q->mu);
}

galley_article *aqueue_pop(aqueue *q)
{
	pthread_mutex_lock(&q->mu);
	while (!q->count && !q->nback && !(q->closed && !q->lent)) {
		q->idle_consumers++;
		pthread_cond_wait(&q->not_empty, &q->mu);
		q->idle_consumers--;
	}
	galley_article *a = take_head(q);
	pthread_mutex_unlock(&q->mu);
	return a;
}

void aqueue_close(aqueue *q)
{
	pthread_mutex_lock(&q->mu);
	q->closed = 1;
	pthread_cond_broadcast(&q->not_empty);
	pthread_mutex_unlock(&q->mu);
}

int reorder_init(reorder *o, size_t cap)
{
	o->slots = calloc(cap, sizeof(*o->slots));
	o->filled = calloc(cap, 1);
	if (!o->slots || !o->filled) {
		free(o->slots);
		free(o->filled);
		return -1;
	}
	o->cap = cap;
	o->base = o->end = 0;
	o->closed = 0;
	o->sink_waiting = 0;
	o->workers_waiting = 0;
	pthread_mutex_init(&o->mu, NULL);
	pthread_cond_init(&o->ready, NULL);
	pthread_cond_init(&o->room, NULL);
	return 0;
}

void reorder_release(reorder *o)
{
	free(o->slots);
	free(o->filled);
	pthread_mutex_destroy(&o->mu);
	pthread_cond_destroy(&o->ready);
	pthread_cond_destroy(&o->room);
}

/* The sink is woken once this many articles are ready in a row (or at the
 * end): fewer wake-ups, and no deadlock, since every seq in the window
 * below base + cap is sure to arrive. */
#define REORDER_BATCH 16

static size_t ready_run(const reorder *o)
{
	size_t n = 0;
	while (n < REORDER_BATCH && n < o->cap && o->filled[(o->base + n) % o->cap])
		n++;
	return n;
}

void reorder_put(reorder *o, uint64_t seq, galley_article *a)
{
	pthread_mutex_lock(&o->mu);
	/* The FIFO hands seqs out in order, so the base seq is never stuck
	 * behind this one: waiting here cannot deadlock. */
	while (seq >= o->base + o->cap) {
		o->workers_waiting++;
		pthread_cond_wait(&o->room, &o->mu);
		o->workers_waiting--;
	}
	size_t i = seq % o->cap;
	o->slots[i] = a;
	o->filled[i] = 1;
	/* once closed, no batch is coming: the watchdog's put for an
	 * abandoned input may be the last one the sink waits for */
	if (o->sink_waiting && (ready_run(o) >= REORDER_BATCH || o->closed))
		pthread_cond_signal(&o->ready);
	pthread_mutex_unlock(&o->mu);
}

int reorder_take(reorder *o, galley_article **out)
{
	pthread_mutex_lock(&o->mu);
	size_t i = o->base % o->cap;
	while (!o->filled[i] && !(o->closed && o->base >= o->end)) {
		o->sink_waiting = 1;
		pthread_cond_wait(&o->ready, &o->mu);
		o->sink_waiting = 0;
	}
	int got = o->filled[i];
	if (got) {
		*out = o->slots[i];
		o->slots[i] = NULL;
		o->filled[i] = 0;
		o->base++;
		if (o->workers_waiting)
			pthread_cond_broadcast(&o->room);
	}
	pthread_mutex_unlock(&o->mu);
	return got;
}

void reorder_close(reorder *o, uint64_t end)
{
	pthread_mutex_lock(&o->mu);
	o->closed = 1;
	o->end = end;
	pthread_cond_broadcast(&o->ready);
	pthread_mutex_unlock(&o->mu);
}
