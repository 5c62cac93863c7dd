/* failmalloc.c — LD_PRELOAD shim for tests/alloc_fail.t: makes the Nth
 * allocation made by galley's own code (the galley binary and its plugins)
 * return NULL, once (GALLEY_FAIL_ALLOC=N), as SQLite's and jq's
 * allocation-failure tests do, so every failure path runs.  Allocations
 * by libraries (libc, Lua, OpenSSL, …) are neither counted nor failed:
 * their own handling is theirs (OpenSSL 3 crashes if one fails while it
 * loads a digest).  GALLEY_COUNT_ALLOC prints the count at exit. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);

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
	return __libc_malloc(size);
}

void *calloc(size_t n, size_t size)
{
	if (failing(__builtin_return_address(0)))
		return errno = ENOMEM, NULL;
	return __libc_calloc(n, size);
}

void *realloc(void *p, size_t size)
{
	if (size && failing(__builtin_return_address(0)))
		return errno = ENOMEM, NULL;
	return __libc_realloc(p, size);
}

/* galley's strdup calls are its allocations too */
char *strdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *p = failing(__builtin_return_address(0)) ? NULL : __libc_malloc(n);
	return p ? memcpy(p, s, n) : (errno = ENOMEM, NULL);
}

char *strndup(const char *s, size_t max)
{
	size_t n = strnlen(s, max);
	char *p = failing(__builtin_return_address(0)) ? NULL : __libc_malloc(n + 1);
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
