/* queue.c — mutex-and-condition implementations of queue.h. */
#include <stdlib.h>

#include "queue.h"

int aqueue_init(aqueue *q, size_t cap)
{
	q->items = calloc(cap, sizeof(*q->items));
	if (!q->items)
		return -1;
	q->cap = cap;
	q->head = q->count = 0;
	q->closed = 0;
	pthread_mutex_init(&q->mu, NULL);
	pthread_cond_init(&q->not_empty, NULL);
	pthread_cond_init(&q->not_full, NULL);
	return 0;
}

void aqueue_release(aqueue *q)
{
	free(q->items);
	pthread_mutex_destroy(&q->mu);
	pthread_cond_destroy(&q->not_empty);
	pthread_cond_destroy(&q->not_full);
}

void aqueue_push(aqueue *q, galley_article *a)
{
	pthread_mutex_lock(&q->mu);
	while (q->count == q->cap)
		pthread_cond_wait(&q->not_full, &q->mu);
	q->items[(q->head + q->count) % q->cap] = a;
	q->count++;
	pthread_cond_signal(&q->not_empty);
	pthread_mutex_unlock(&q->mu);
}

galley_article *aqueue_pop(aqueue *q)
{
	pthread_mutex_lock(&q->mu);
	while (q->count == 0 && !q->closed)
		pthread_cond_wait(&q->not_empty, &q->mu);
	galley_article *a = NULL;
	if (q->count > 0) {
		a = q->items[q->head];
		q->head = (q->head + 1) % q->cap;
		q->count--;
		pthread_cond_signal(&q->not_full);
	}
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
	pthread_mutex_init(&o->mu, NULL);
	pthread_cond_init(&o->changed, NULL);
	return 0;
}

void reorder_release(reorder *o)
{
	free(o->slots);
	free(o->filled);
	pthread_mutex_destroy(&o->mu);
	pthread_cond_destroy(&o->changed);
}

void reorder_put(reorder *o, uint64_t seq, galley_article *a)
{
	pthread_mutex_lock(&o->mu);
	/* The FIFO hands seqs out in order, so the base seq is never stuck
	 * behind this one: waiting here cannot deadlock. */
	while (seq >= o->base + o->cap)
		pthread_cond_wait(&o->changed, &o->mu);
	size_t i = seq % o->cap;
	o->slots[i] = a;
	o->filled[i] = 1;
	pthread_cond_broadcast(&o->changed);
	pthread_mutex_unlock(&o->mu);
}

int reorder_take(reorder *o, galley_article **out)
{
	pthread_mutex_lock(&o->mu);
	size_t i = o->base % o->cap;
	while (!o->filled[i] && !(o->closed && o->base >= o->end))
		pthread_cond_wait(&o->changed, &o->mu);
	int got = o->filled[i];
	if (got) {
		*out = o->slots[i];
		o->slots[i] = NULL;
		o->filled[i] = 0;
		o->base++;
		pthread_cond_broadcast(&o->changed);
	}
	pthread_mutex_unlock(&o->mu);
	return got;
}

void reorder_close(reorder *o, uint64_t end)
{
	pthread_mutex_lock(&o->mu);
	o->closed = 1;
	o->end = end;
	pthread_cond_broadcast(&o->changed);
	pthread_mutex_unlock(&o->mu);
}
