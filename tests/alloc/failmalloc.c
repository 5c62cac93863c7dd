/* failmalloc.c — LD_PRELOAD shim for tests/alloc_fail.t: makes the Nth
 * allocation made by galley's own code (the galley binary and its plugins)
 * return NULL, once (GALLEY_FAIL_ALLOC=N), as SQLite's and jq's
 * allocation-failure tests do, so every failure path runs.  Allocations
 * by libraries (libc, Lua, OpenSSL, …) are neither counted nor failed:
 * their own handling is theirs (OpenSSL 3 crashes if one fails while it
 * loads a digest).  GALLEY_COUNT_ALLOC prints the count at exit.
 *
 * What is not failed goes to the allocator the shim stands in front of
 * (dlsym RTLD_NEXT: mimalloc when galley links it, else glibc's), free
 * too, so one allocator owns every pointer.  dlsym may allocate while it
 * looks them up: those few bytes come from a static pool, never freed. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void *(*next_malloc)(size_t);
static void *(*next_calloc)(size_t, size_t);
static void *(*next_realloc)(void *, size_t);
static void (*next_free)(void *);
static _Alignas(16) char pool[4096];
static size_t pool_used;
static __thread int resolving;

static void *from_pool(size_t size)
{
	size = (size + 15) & ~(size_t)15;
	if (size > sizeof(pool) - pool_used)
		return NULL;
	pool_used += size;
	return memset(pool + pool_used - size, 0, size);
}

static int in_pool(const void *p)
{
	return (const char *)p >= pool && (const char *)p < pool + sizeof(pool);
}

/* 0 once the next allocator is known; -1 while dlsym is finding it */
static int resolve(void)
{
	if (next_free)
		return 0;
	if (resolving)
		return -1;
	resolving = 1;
	next_malloc = (void *(*)(size_t))dlsym(RTLD_NEXT, "malloc");
	next_calloc = (void *(*)(size_t, size_t))dlsym(RTLD_NEXT, "calloc");
	next_realloc = (void *(*)(void *, size_t))dlsym(RTLD_NEXT, "realloc");
	__atomic_store_n(&next_free, (void (*)(void *))dlsym(RTLD_NEXT, "free"), __ATOMIC_RELEASE);
	resolving = 0;
	return 0;
}

static void *plain_malloc(size_t size)
{
	return resolve() ? from_pool(size) : next_malloc(size);
}

static long fail_at = -1, count;
static int counting, ready;
static __thread int inside; /* dladdr may allocate: not counted */

static void setup(void)
{
	if (ready)
		return;
	ready = 1;
	const char *n = getenv("GALLEY_FAIL_ALLOC");
	fail_at = n ? strtol(n, NULL, 10) : -1;
	counting = getenv("GALLEY_COUNT_ALLOC") != NULL;
}

/* galley's code: the binary (…/galley) or a plugin (…/plugins/…) */
static int ours(const void *caller)
{
	Dl_info info;
	if (!dladdr(caller, &info) || !info.dli_fname)
		return 0;
	if (!info.dli_fname[0]) /* the main program: galley */
		return 1;
	const char *base = strrchr(info.dli_fname, '/');
	return strstr(info.dli_fname, "/plugins/") != NULL ||
	       strcmp(base ? base + 1 : info.dli_fname, "galley") == 0;
}

/* 1 when this allocation should fail */
static int failing(const void *caller)
{
	setup();
	if ((!counting && fail_at < 0) || inside)
		return 0;
	inside++;
	int mine = ours(caller);
	inside--;
	if (!mine)
		return 0;
	long n = __atomic_add_fetch(&count, 1, __ATOMIC_RELAXED);
	return n == fail_at;
}

void *malloc(size_t size)
{
	if (failing(__builtin_return_address(0)))
		return errno = ENOMEM, NULL;
	return plain_malloc(size);
}

void *calloc(size_t n, size_t size)
{
	if (failing(__builtin_return_address(0)))
		return errno = ENOMEM, NULL;
	if (resolve())
		return n && size > SIZE_MAX / n ? NULL : from_pool(n * size);
	return next_calloc(n, size);
}

void *realloc(void *p, size_t size)
{
	if (size && failing(__builtin_return_address(0)))
		return errno = ENOMEM, NULL;
	if (in_pool(p)) { /* a lookup's bytes, moved out of the pool */
		size_t left = (size_t)(pool + sizeof(pool) - (char *)p);
		void *q = plain_malloc(size);
		return q ? memcpy(q, p, size < left ? size : left) : NULL;
	}
	return resolve() ? NULL : next_realloc(p, size);
}

void free(void *p)
{
	if (p && !in_pool(p) && !resolve())
		next_free(p);
}

/* galley's strdup calls are its allocations too */
char *strdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *p = failing(__builtin_return_address(0)) ? NULL : plain_malloc(n);
	return p ? memcpy(p, s, n) : (errno = ENOMEM, NULL);
}

char *strndup(const char *s, size_t max)
{
	size_t n = strnlen(s, max);
	char *p = failing(__builtin_return_address(0)) ? NULL : plain_malloc(n + 1);
	if (!p)
		return errno = ENOMEM, NULL;
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

__attribute__((destructor)) static void report(void)
{
	if (counting) {
		char line[64];
		int len = snprintf(line, sizeof(line), "allocations: %ld\n", count);
		if (write(2, line, (size_t)len) < 0)
			return;
	}
}
