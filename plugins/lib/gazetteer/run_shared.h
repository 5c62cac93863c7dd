/* run_shared.h — one object per run shared by a plugin's workers: the
 * first init builds it (a gazetteer, dictionaries), the others take the
 * same one, and the last destroy frees it.  Objects are told apart by a
 * key (the settings that shape them), so two stages with other settings
 * get two.  Each plugin that links this has its own list. */
#ifndef GALLEY_RUN_SHARED_H
#define GALLEY_RUN_SHARED_H

#include <stddef.h>

typedef void *(*run_shared_build)(void *arg, char *why, size_t n);
typedef void (*run_shared_free)(void *obj);

/* The object for key, built by build(arg) under the lock when it is the
 * first; NULL with why when building failed. */
void *run_shared_get(const char *key, run_shared_build build, void *arg, run_shared_free destroy,
                     char *why, size_t n);
/* Gives back what run_shared_get returned; the last one frees it. */
void run_shared_put(void *obj);

#endif
