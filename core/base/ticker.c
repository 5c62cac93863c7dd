/* ticker.c — the periodic thread (see ticker.h).  The tick runs without
 * the ticker's mutex, so ticker_stop only waits for the tick under way. */
#include <string.h>
#include <time.h>

#include "base/ticker.h"

static void *loop(void *arg)
{
	ticker *t = arg;
	pthread_mutex_lock(&t->mu);
	while (!t->stop) {
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_nsec += t->every_ms * 1000000L;
		until.tv_sec += until.tv_nsec / 1000000000L;
		until.tv_nsec %= 1000000000L;
		pthread_cond_timedwait(&t->wake, &t->mu, &until);
		if (t->stop)
			break;
		pthread_mutex_unlock(&t->mu);
		t->tick(t->data);
		pthread_mutex_lock(&t->mu);
	}
	pthread_mutex_unlock(&t->mu);
	return NULL;
}

int ticker_start(ticker *t, long every_ms, void (*tick)(void *data), void *data)
{
	memset(t, 0, sizeof(*t));
	t->every_ms = every_ms;
	t->tick = tick;
	t->data = data;
	pthread_mutex_init(&t->mu, NULL);
	pthread_cond_init(&t->wake, NULL);
	t->started = pthread_create(&t->thread, NULL, loop, t) == 0;
	return t->started ? 0 : -1;
}

void ticker_stop(ticker *t)
{
	if (t->started) {
		pthread_mutex_lock(&t->mu);
		t->stop = 1;
		pthread_cond_signal(&t->wake);
		pthread_mutex_unlock(&t->mu);
		pthread_join(t->thread, NULL);
		t->started = 0;
	}
	pthread_cond_destroy(&t->wake);
	pthread_mutex_destroy(&t->mu);
}
