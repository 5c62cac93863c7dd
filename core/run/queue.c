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

/* The sink is woken once this many items of a stream wait (or at its end). */
#define STREAM_BATCH 16

astream *astream_new(size_t cap)
{
	astream *s = calloc(1, sizeof(*s));
	if (!s)
		return NULL;
	s->cap = cap;
	pthread_mutex_init(&s->mu, NULL);
	pthread_cond_init(&s->changed, NULL);
	return s;
}

void astream_push(astream *s, galley_article *a)
{
	size_t n = 1;
	galley_article *last = a;
	for (; last->run.next; last = last->run.next)
		n++;
	pthread_mutex_lock(&s->mu);
	while (s->count >= s->cap) {
		s->pushing = 1;
		pthread_cond_wait(&s->changed, &s->mu);
		s->pushing = 0;
	}
	if (s->tail)
		s->tail->run.next = a;
	else
		s->head = a;
	s->tail = last;
	s->count += n;
	if (s->taking && (s->count >= STREAM_BATCH || s->count >= s->cap))
		pthread_cond_signal(&s->changed);
	pthread_mutex_unlock(&s->mu);
}

void astream_close(astream *s)
{
	pthread_mutex_lock(&s->mu);
	s->closed = 1;
	pthread_cond_broadcast(&s->changed);
	pthread_mutex_unlock(&s->mu);
}

galley_article *astream_take(astream *s)
{
	pthread_mutex_lock(&s->mu);
	while (!s->head && !s->closed) {
		s->taking = 1;
		pthread_cond_wait(&s->changed, &s->mu);
		s->taking = 0;
	}
	galley_article *a = s->head;
	s->head = s->tail = NULL;
	s->count = 0;
	if (s->pushing)
		pthread_cond_signal(&s->changed);
	pthread_mutex_unlock(&s->mu);
	return a;
}

void astream_free(astream *s)
{
	if (!s)
		return;
	pthread_mutex_destroy(&s->mu);
	pthread_cond_destroy(&s->changed);
	free(s);
}

int reorder_init(reorder *o, size_t cap)
{
	o->slots = calloc(cap, sizeof(*o->slots));
	o->streams = calloc(cap, sizeof(*o->streams));
	o->filled = calloc(cap, 1);
	if (!o->slots || !o->streams || !o->filled) {
		free(o->slots);
		free(o->streams);
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
	free(o->streams);
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
	while (n < REORDER_BATCH && n < o->cap && o->filled[(o->base + n) % o->cap]) {
		if (o->streams[(o->base + n) % o->cap])
			return REORDER_BATCH; /* its worker may wait for the sink to take */
		n++;
	}
	return n;
}

static void put(reorder *o, uint64_t seq, galley_article *a, astream *stream)
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
	o->streams[i] = stream;
	o->filled[i] = 1;
	/* once closed, no batch is coming: the watchdog's put for an
	 * abandoned input may be the last one the sink waits for */
	if (o->sink_waiting && (ready_run(o) >= REORDER_BATCH || o->closed))
		pthread_cond_signal(&o->ready);
	pthread_mutex_unlock(&o->mu);
}

void reorder_put(reorder *o, uint64_t seq, galley_article *a)
{
	put(o, seq, a, NULL);
}

void reorder_put_stream(reorder *o, uint64_t seq, astream *s)
{
	put(o, seq, NULL, s);
}

int reorder_take(reorder *o, galley_article **out, astream **stream)
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
		*stream = o->streams[i];
		o->slots[i] = NULL;
		o->streams[i] = NULL;
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
