/* host_file.c — an input read in pieces (see host_file.h): a file on disk
 * held to read_file's rules (a regular file, at most max bytes, one
 * version of it from open to close), or the bytes a nested importer was
 * given (import_data). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/path.h"
#include "run/ctx.h"
#include "run/host_file.h"
#include "run/import_data.h"

struct galley_file {
	int fd;           /* -1: bytes in memory */
	const char *data; /* those bytes */
	size_t len, at;   /* of data; or bytes read from fd */
	size_t max;
	struct stat st; /* fd's state at open */
	char path[];
};

static galley_file *file_new(const char *path, size_t max)
{
	size_t n = strlen(path) + 1;
	galley_file *f = calloc(1, sizeof(*f) + n);
	if (f) {
		memcpy(f->path, path, n);
		f->fd = -1;
		f->max = max;
	}
	return f;
}

galley_file *host_file_open(galley_ctx *ctx, const char *path, size_t max)
{
	galley_file *f = path ? file_new(path, max) : NULL;
	if (!f) {
		ctx_fail(ctx, path ? "out of memory" : "no file to open");
		return NULL;
	}
	int in_memory = import_data_bytes(ctx, path, max, &f->data, &f->len);
	if (in_memory <= 0) {
		if (in_memory == 0)
			return f;
		free(f);
		return NULL;
	}
	int fd = path_open_input(path, max, &f->st);
	if (fd >= 0) {
		f->fd = fd;
		return f;
	}
	free(f);
	if (fd == -EFBIG)
		ctx_fail(ctx, "'%s' is over the limit of %zu bytes", path, max);
	else if (fd == -EINVAL)
		ctx_fail(ctx, "'%s' is not a regular file", path);
	else
		ctx_fail(ctx, "cannot read '%s': %s", path, strerror(-fd));
	return NULL;
}

long host_file_read(galley_ctx *ctx, galley_file *f, void *buf, size_t n)
{
	if (f->fd < 0) {
		size_t left = f->len - f->at;
		if (n > left)
			n = left;
		memcpy(buf, f->data + f->at, n);
		f->at += n;
		return (long)n;
	}
	if (n > (size_t)1 << 30)
		n = (size_t)1 << 30;
	ssize_t got;
	while ((got = path_read_chunk(f->fd, buf, n)) < 0 && errno == EINTR)
		;
	if (got < 0)
		return ctx_fail(ctx, "cannot read '%s': %s", f->path, strerror(errno)), -1;
	f->at += (size_t)got;
	if (f->at > f->max) /* it grew past the limit after it was opened */
		return ctx_fail(ctx, "'%s' is over the limit of %zu bytes", f->path, f->max), -1;
	return (long)got;
}

int host_file_rewind(galley_ctx *ctx, galley_file *f)
{
	f->at = 0;
	if (f->fd >= 0 && lseek(f->fd, 0, SEEK_SET) != 0)
		return ctx_fail(ctx, "cannot read '%s' again: %s", f->path, strerror(errno));
	return GALLEY_OK;
}

int host_file_close(galley_ctx *ctx, galley_file *f)
{
	if (!f)
		return GALLEY_OK;
	int rc = GALLEY_OK;
	if (f->fd >= 0) {
		if (!path_input_unchanged(f->fd, &f->st))
			rc = ctx_fail(ctx, "'%s' changed while it was being read; it is left for the "
			                   "next run",
			              f->path);
		close(f->fd);
	}
	free(f);
	return rc;
}
