/* ticker.h — a thread that calls a function every few milliseconds until
 * stopped: the watchdog's checks and the progress line's redraws. */
#ifndef GALLEY_TICKER_H
#define GALLEY_TICKER_H

#include <pthread.h>

typedef struct ticker {
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t wake;
	int started, stop;
	long every_ms;
	void (*tick)(void *data);
	void *data;
} ticker;

/* 0, or -1 when the thread cannot start. */
int ticker_start(ticker *t, long every_ms, void (*tick)(void *data), void *data);
/* Wakes the thread, waits for a tick under way, and joins it. */
void ticker_stop(ticker *t);

#endif
