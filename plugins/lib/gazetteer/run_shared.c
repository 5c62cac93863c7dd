/* run_shared.c — see run_shared.h.  A short list under one mutex: a run
 * holds one or two such objects per plugin.  The list is pushed before
 * build returns only by nested calls, which find their own key. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gazetteer/run_shared.h"

typedef struct shared {
	char *key;
	void *obj;
	run_shared_free destroy;
	int refs;
	struct shared *next;
} shared;

/* Recursive: a build may take another shared object (clean/spelling's
 * dictionaries take the gazetteer) from the same list. */
static pthread_mutex_t lock = PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP;
static shared *list;

void *run_shared_get(const char *key, run_shared_build build, void *arg, run_shared_free destroy,
                     char *why, size_t n)
{
	pthread_mutex_lock(&lock);
	shared *s = list;
	while (s && strcmp(s->key, key))
		s = s->next;
	void *obj = NULL;
	if (s) {
		s->refs++;
		obj = s->obj;
	} else if (!(s = calloc(1, sizeof(*s))) || !(s->key = strdup(key))) {
		snprintf(why, n, "out of memory");
		free(s);
	} else if (!(obj = build(arg, why, n))) {
		free(s->key);
		free(s);
	} else {
		*s = (shared){s->key, obj, destroy, 1, list};
		list = s;
	}
	pthread_mutex_unlock(&lock);
	return obj;
}

void run_shared_put(void *obj)
{
	pthread_mutex_lock(&lock);
	shared **p = &list;
	while (*p && (*p)->obj != obj)
		p = &(*p)->next;
	shared *s = *p;
	if (s && --s->refs == 0) {
		*p = s->next;
		s->destroy(s->obj);
		free(s->key);
		free(s);
	}
	pthread_mutex_unlock(&lock);
}
