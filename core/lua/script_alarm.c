/* script_alarm.c — the watcher of Lua calls' deadlines (script_alarm.h):
 * one thread, started at the first armed call, sleeping until the
 * earliest deadline of the calls in flight.  It is woken only when a new
 * deadline comes before the one it sleeps until: a call armed after one
 * that returned has a later deadline, so a stream of short calls costs no
 * wake-up each (two context switches per call, a fifth of a light
 * pipeline's time), only one per deadline period. */
#include <pthread.h>
#include <stdlib.h>
#include <time.h>

#include "lua/script_alarm.h"

typedef struct alarm_entry {
	lua_State *L;
	int64_t deadline_ns;
	lua_Hook hook;
	int fired;
} alarm_entry;

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t changed;
static alarm_entry *armed;
static size_t narmed, cap;
static int started;
static int64_t sleeps_until; /* the watcher's wake-up time; 0: none (or not asleep yet) */

static int64_t now_ns(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

/* With the lock held: fires what is due; the earliest deadline still to
 * come (0: none). */
static int64_t fire_due(void)
{
	int64_t now = now_ns(), next = 0;
	for (size_t i = 0; i < narmed; i++) {
		alarm_entry *e = &armed[i];
		if (e->fired)
			continue;
		if (e->deadline_ns <= now) {
			lua_sethook(e->L, e->hook, LUA_MASKCALL | LUA_MASKRET | LUA_MASKCOUNT, 1);
			e->fired = 1;
		} else if (!next || e->deadline_ns < next) {
			next = e->deadline_ns;
		}
	}
	return next;
}

static void *watch(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&lock);
	for (;;) {
		int64_t next = fire_due();
		sleeps_until = next;
		if (!next) {
			pthread_cond_wait(&changed, &lock);
			continue;
		}
		struct timespec until = {(time_t)(next / 1000000000), (long)(next % 1000000000)};
		pthread_cond_timedwait(&changed, &lock, &until);
	}
	return NULL;
}

/* With the lock held: the watcher thread, once (its condition variable on
 * the monotonic clock, as the deadlines are). */
static int start(void)
{
	if (started)
		return 0;
	pthread_condattr_t ca;
	pthread_attr_t ta;
	pthread_t t;
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&changed, &ca);
	pthread_condattr_destroy(&ca);
	pthread_attr_init(&ta);
	pthread_attr_setdetachstate(&ta, PTHREAD_CREATE_DETACHED);
	int rc = pthread_create(&t, &ta, watch, NULL);
	pthread_attr_destroy(&ta);
	if (rc) {
		pthread_cond_destroy(&changed);
		return -1;
	}
	started = 1;
	return 0;
}

int script_alarm_set(lua_State *L, int64_t deadline_ns, lua_Hook hook)
{
	pthread_mutex_lock(&lock);
	int rc = start();
	if (!rc && narmed == cap) {
		size_t more = cap ? cap * 2 : 16;
		alarm_entry *grown = realloc(armed, more * sizeof(*armed));
		if (grown) {
			armed = grown;
			cap = more;
		} else {
			rc = -1;
		}
	}
	if (!rc) {
		armed[narmed++] = (alarm_entry){L, deadline_ns, hook, 0};
		if (!sleeps_until || deadline_ns < sleeps_until)
			pthread_cond_signal(&changed);
	}
	pthread_mutex_unlock(&lock);
	return rc;
}

void script_alarm_clear(lua_State *L)
{
	pthread_mutex_lock(&lock);
	for (size_t i = 0; i < narmed; i++)
		if (armed[i].L == L) {
			armed[i] = armed[--narmed];
			break;
		}
	pthread_mutex_unlock(&lock);
}
