/* zpipe.c — see zpipe.h.  The writer fills chunks of a ring of four; the
 * thread compresses each filled chunk with zlib or ISA-L (a gzip stream)
 * or libzstd and writes what comes out.  One mutex and one condition: the
 * writer waits only when every chunk is filled, the thread only when none
 * is. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <isa-l/igzip_lib.h>
#include <zlib.h>
#include <zstd.h>

#include "deliver/zpipe.h"

#define CHUNK (256u << 10)
#define NCHUNKS 4
#define OUTCAP (256u << 10)
/* Written bytes are handed to the disk every KICK bytes (writeback starts,
 * nothing waits), so the fsync before the bundle's rename waits for the
 * last few megabytes, not the whole file (16 MB: 64 ms -> 17-38 ms). */
#define KICK (4u << 20)

struct zpipe {
	zpipe_kind kind;
	int fd;
	off_t written, kicked; /* bytes written; those handed to writeback */
	z_stream zs;
	struct isal_zstream *is; /* with its level buffer after it */
	ZSTD_CCtx *cctx;
	unsigned char *chunk[NCHUNKS], *out;
	size_t len[NCHUNKS];
	size_t head, count; /* filled chunks for the thread: head .. head + count */
	int closing, failed;
	char err[256];
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cv;
};

static int set_failure(zpipe *z, const char *fmt, ...)
{
	pthread_mutex_lock(&z->mu);
	if (!z->failed) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(z->err, sizeof(z->err), fmt, ap);
		va_end(ap);
		z->failed = 1;
	}
	pthread_mutex_unlock(&z->mu);
	return -1;
}

static int write_all(zpipe *z, const unsigned char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(z->fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return set_failure(z, "write: %s", w < 0 ? strerror(errno) : "no progress");
		p += w;
		n -= (size_t)w;
		z->written += w;
	}
	if (z->written - z->kicked >= KICK) { /* advice only: a failure changes nothing */
		sync_file_range(z->fd, z->kicked, z->written - z->kicked, SYNC_FILE_RANGE_WRITE);
		z->kicked = z->written;
	}
	return 0;
}

static int deflate_chunk(zpipe *z, const unsigned char *in, size_t len, int end)
{
	z->zs.next_in = (Bytef *)in;
	z->zs.avail_in = (uInt)len;
	for (;;) {
		z->zs.next_out = z->out;
		z->zs.avail_out = OUTCAP;
		int rc = deflate(&z->zs, end ? Z_FINISH : Z_NO_FLUSH);
		if (rc == Z_STREAM_ERROR)
			return set_failure(z, "gzip: %s", z->zs.msg ? z->zs.msg : "stream error");
		if (write_all(z, z->out, OUTCAP - z->zs.avail_out))
			return -1;
		if (end ? rc == Z_STREAM_END : z->zs.avail_out != 0)
			return 0;
	}
}

static int isal_chunk(zpipe *z, const unsigned char *in, size_t len, int end)
{
	struct isal_zstream *is = z->is;
	is->next_in = (uint8_t *)in;
	is->avail_in = (uint32_t)len;
	is->end_of_stream = (uint16_t)end;
	for (;;) {
		is->next_out = z->out;
		is->avail_out = OUTCAP;
		int rc = isal_deflate(is);
		if (rc != COMP_OK)
			return set_failure(z, "gzip (ISA-L): error %d", rc);
		if (write_all(z, z->out, OUTCAP - is->avail_out))
			return -1;
		if (end ? is->internal_state.state == ZSTATE_END : is->avail_in == 0 && is->avail_out != 0)
			return 0;
	}
}

static int zstd_chunk(zpipe *z, const unsigned char *in, size_t len, int end)
{
	ZSTD_inBuffer inb = {in, len, 0};
	for (;;) {
		ZSTD_outBuffer outb = {z->out, OUTCAP, 0};
		size_t left = ZSTD_compressStream2(z->cctx, &outb, &inb, end ? ZSTD_e_end : ZSTD_e_continue);
		if (ZSTD_isError(left))
			return set_failure(z, "zstd: %s", ZSTD_getErrorName(left));
		if (write_all(z, z->out, outb.pos))
			return -1;
		if (end ? left == 0 : inb.pos == inb.size)
			return 0;
	}
}

static int compress_chunk(zpipe *z, const unsigned char *in, size_t len, int end)
{
	return z->kind == ZPIPE_GZIP        ? deflate_chunk(z, in, len, end)
	       : z->kind == ZPIPE_GZIP_ISAL ? isal_chunk(z, in, len, end)
	                                    : zstd_chunk(z, in, len, end);
}

static void *run(void *arg)
{
	/* ISA-L's header as zlib writes it (no name, time 0, Unix): the same
	 * bytes for the same input */
	static const unsigned char isal_header[10] = {0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3};
	zpipe *z = arg;
	int ok = z->kind != ZPIPE_GZIP_ISAL || write_all(z, isal_header, sizeof(isal_header)) == 0;
	pthread_mutex_lock(&z->mu);
	for (;;) {
		while (z->count == 0 && !z->closing)
			pthread_cond_wait(&z->cv, &z->mu);
		if (z->count == 0)
			break;
		size_t i = z->head;
		pthread_mutex_unlock(&z->mu);
		ok = ok && compress_chunk(z, z->chunk[i], z->len[i], 0) == 0; /* after a failure: drain only */
		pthread_mutex_lock(&z->mu);
		z->head = (z->head + 1) % NCHUNKS;
		z->count--;
		pthread_cond_signal(&z->cv);
	}
	pthread_mutex_unlock(&z->mu);
	if (ok)
		compress_chunk(z, NULL, 0, 1);
	return NULL;
}

/* ISA-L's stream and its level's buffer: -1 for a level it has not, -2
 * out of memory. */
static int start_isal(zpipe *z, int level)
{
	static const uint32_t buf_size[] = {0, ISAL_DEF_LVL1_DEFAULT, ISAL_DEF_LVL2_DEFAULT,
	                                    ISAL_DEF_LVL3_DEFAULT};
	level = level ? level : 3;
	if (level < 1 || level > ISAL_DEF_MAX_LEVEL)
		return -1;
	z->is = malloc(sizeof(*z->is) + buf_size[level]);
	if (!z->is)
		return -2;
	isal_deflate_init(z->is);
	z->is->level = (uint32_t)level;
	z->is->level_buf = (uint8_t *)(z->is + 1);
	z->is->level_buf_size = buf_size[level];
	z->is->gzip_flag = IGZIP_GZIP_NO_HDR; /* the trailer only: run() writes the header */
	return 0;
}

static int start_compressor(zpipe *z, int level)
{
	if (z->kind == ZPIPE_GZIP_ISAL)
		return start_isal(z, level);
	if (z->kind == ZPIPE_GZIP)
		/* 15 + 16: a gzip wrapper; zlib's header has no name and time 0 */
		return deflateInit2(&z->zs, level ? level : Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16,
		                    8, Z_DEFAULT_STRATEGY) == Z_OK ? 0 : -1;
	z->cctx = ZSTD_createCCtx();
	return z->cctx && !ZSTD_isError(ZSTD_CCtx_setParameter(z->cctx, ZSTD_c_compressionLevel,
	                                                       level ? level : ZSTD_CLEVEL_DEFAULT))
	           ? 0
	           : -1;
}

static void release(zpipe *z)
{
	if (z->kind == ZPIPE_GZIP)
		deflateEnd(&z->zs);
	free(z->is);
	ZSTD_freeCCtx(z->cctx);
	for (int i = 0; i < NCHUNKS; i++)
		free(z->chunk[i]);
	free(z->out);
	if (z->fd >= 0)
		close(z->fd);
	pthread_mutex_destroy(&z->mu);
	pthread_cond_destroy(&z->cv);
	free(z);
}

zpipe *zpipe_open(const char *path, zpipe_kind kind, int level)
{
	zpipe *z = calloc(1, sizeof(*z));
	if (!z)
		return NULL;
	z->kind = kind;
	pthread_mutex_init(&z->mu, NULL);
	pthread_cond_init(&z->cv, NULL);
	int ok = 1;
	for (int i = 0; i < NCHUNKS; i++)
		ok &= (z->chunk[i] = malloc(CHUNK)) != NULL;
	ok = ok && (z->out = malloc(OUTCAP)) != NULL;
	int started = ok ? start_compressor(z, level) : -2;
	int e = started == -2 ? ENOMEM : started ? EINVAL : 0; /* EINVAL: the level */
	if (e) {
		z->fd = -1;
		release(z);
		errno = e;
		return NULL;
	}
	z->fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	e = z->fd < 0 ? errno : pthread_create(&z->thread, NULL, run, z);
	if (e) {
		release(z);
		errno = e;
		return NULL;
	}
	return z;
}

/* Hands the writer's chunk to the thread and waits for a free one. */
static int submit(zpipe *z)
{
	pthread_mutex_lock(&z->mu);
	z->count++;
	pthread_cond_signal(&z->cv);
	while (z->count == NCHUNKS)
		pthread_cond_wait(&z->cv, &z->mu);
	int failed = z->failed;
	pthread_mutex_unlock(&z->mu);
	return failed ? -1 : 0;
}

/* The chunk the writer fills: the one after the filled ones (the thread
 * moving head on and count down leaves this index as it is). */
static size_t filling(zpipe *z)
{
	pthread_mutex_lock(&z->mu);
	size_t i = (z->head + z->count) % NCHUNKS;
	pthread_mutex_unlock(&z->mu);
	return i;
}

int zpipe_write(zpipe *z, const void *data, size_t len)
{
	const unsigned char *p = data;
	size_t i = filling(z);
	while (len > 0) {
		size_t room = CHUNK - z->len[i], n = len < room ? len : room;
		memcpy(z->chunk[i] + z->len[i], p, n);
		z->len[i] += n;
		p += n;
		len -= n;
		if (z->len[i] == CHUNK) {
			if (submit(z))
				return -1;
			i = filling(z);
			z->len[i] = 0;
		}
	}
	return 0;
}

int zpipe_close(zpipe *z, char *err, size_t size)
{
	size_t i = filling(z);
	pthread_mutex_lock(&z->mu);
	if (z->len[i] > 0)
		z->count++; /* the last, partly filled chunk */
	z->closing = 1;
	pthread_cond_signal(&z->cv);
	pthread_mutex_unlock(&z->mu);
	pthread_join(z->thread, NULL);
	if (!z->failed && close(z->fd) != 0)
		set_failure(z, "close: %s", strerror(errno));
	z->fd = -1;
	int rc = z->failed ? -1 : 0;
	if (rc)
		snprintf(err, size, "%s", z->err);
	release(z);
	return rc;
}
