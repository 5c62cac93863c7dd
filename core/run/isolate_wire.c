/* isolate_wire.c — frames between the runner and an importer's process
 * (see isolate_wire.h).  A frame is its type byte, its payload's length
 * (8 bytes, this machine's order: both ends are the same binary) and the
 * payload; a buffer keeps the header's room at its start, so a frame goes
 * out in one send. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "base/error.h"
#include "run/isolate_wire.h"

#define HEADER 9
#define WIRE_NULL UINT64_MAX

static void append(wire_buf *b, const void *p, size_t n)
{
	if (b->oom)
		return;
	if (!b->open) { /* a new frame: its header's room first */
		b->open = 1;
		b->start = b->len;
		append(b, "\0\0\0\0\0\0\0\0\0", HEADER);
	}
	if (b->len + n > b->cap) {
		size_t cap = b->cap ? b->cap : 256;
		while (cap < b->len + n)
			cap *= 2;
		char *grown = realloc(b->data, cap);
		if (!grown) {
			b->oom = 1;
			return;
		}
		b->data = grown;
		b->cap = cap;
	}
	memcpy(b->data + b->len, p, n);
	b->len += n;
}

void wire_u32(wire_buf *b, uint32_t v)
{
	append(b, &v, sizeof(v));
}

void wire_bytes(wire_buf *b, const void *p, size_t n)
{
	uint64_t len = p ? (uint64_t)n : WIRE_NULL;
	append(b, &len, sizeof(len));
	if (p)
		append(b, p, n);
}

void wire_str(wire_buf *b, const char *s)
{
	wire_bytes(b, s, s ? strlen(s) + 1 : 0);
}

static void put(void *data, const void *p, size_t n)
{
	append(data, p, n);
}

int wire_article(wire_buf *b, const galley_article *a)
{
	const article_trace *t = &a->run;
	wire_str(b, t->failed_input);
	wire_str(b, t->failed_reason);
	wire_bytes(b, t->failed_data, t->failed_len);
	wire_bytes(b, t->log, t->loglen);
	/* packed in place, its length put before it after */
	uint64_t len = 0;
	append(b, &len, sizeof(len));
	size_t at = b->len;
	if (article_pack(a, put, b) || b->oom)
		return -1;
	len = b->len - at;
	memcpy(b->data + at - sizeof(len), &len, sizeof(len));
	return 0;
}

static int send_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = send(fd, p, n, MSG_NOSIGNAL);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return -errno;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

void wire_end(wire_buf *b, int type)
{
	append(b, "", 0); /* an empty frame has its header too */
	b->open = 0;
	if (b->oom)
		return;
	uint64_t len = b->len - b->start - HEADER;
	b->data[b->start] = (char)type;
	memcpy(b->data + b->start + 1, &len, sizeof(len));
}

int wire_flush(int fd, wire_buf *b)
{
	int rc = b->oom ? -ENOMEM : b->len ? send_all(fd, b->data, b->len) : 0;
	b->oom = b->open = 0;
	b->len = 0;
	return rc;
}

int wire_send(int fd, int type, wire_buf *b)
{
	wire_end(b, type);
	return wire_flush(fd, b);
}

void wire_buf_release(wire_buf *b)
{
	free(b->data);
	memset(b, 0, sizeof(*b));
}

static const char *take(wire_in *in, size_t n)
{
	if (in->bad || in->left < n) {
		in->bad = 1;
		return NULL;
	}
	const char *p = in->p;
	in->p += n;
	in->left -= n;
	return p;
}

uint32_t wire_get_u32(wire_in *in)
{
	uint32_t v = 0;
	const char *p = take(in, sizeof(v));
	if (p)
		memcpy(&v, p, sizeof(v));
	return v;
}

const char *wire_get_bytes(wire_in *in, size_t *n)
{
	uint64_t len = 0;
	const char *p = take(in, sizeof(len));
	*n = 0;
	if (!p)
		return NULL;
	memcpy(&len, p, sizeof(len));
	if (len == WIRE_NULL)
		return NULL;
	if (len > in->left) {
		in->bad = 1;
		return NULL;
	}
	*n = (size_t)len;
	return take(in, (size_t)len);
}

const char *wire_get_str(wire_in *in)
{
	size_t n;
	const char *s = wire_get_bytes(in, &n);
	if (s && (!n || s[n - 1] != '\0' || memchr(s, '\0', n) != s + n - 1)) {
		in->bad = 1;
		return NULL;
	}
	return s;
}

static char *copy(const void *p, size_t n)
{
	char *c = malloc(n + 1);
	if (c) {
		memcpy(c, p, n);
		c[n] = '\0';
	}
	return c;
}

/* The trace wire_article sent: pointers into the payload. */
typedef struct trace_in {
	const char *input, *reason, *data, *log;
	size_t datalen, loglen;
} trace_in;

static void get_trace(wire_in *in, trace_in *t)
{
	t->input = wire_get_str(in);
	t->reason = wire_get_str(in);
	t->data = wire_get_bytes(in, &t->datalen);
	t->log = wire_get_bytes(in, &t->loglen);
}

/* The trace onto a: 0, or -1 out of memory. */
static int put_trace(const trace_in *in, galley_article *a)
{
	article_trace *t = &a->run;
	if (in->input && (!(t->failed_input = copy(in->input, strlen(in->input))) ||
	                  !(t->failed_reason = copy(in->reason ? in->reason : "",
	                                            in->reason ? strlen(in->reason) : 0))))
		return -1;
	if (in->data && !(t->failed_data = copy(in->data, in->datalen)))
		return -1;
	t->failed_len = in->data ? in->datalen : 0;
	if (in->log && in->loglen && !(t->log = copy(in->log, in->loglen)))
		return -1;
	t->loglen = t->log ? in->loglen : 0;
	return 0;
}

int wire_get_article(wire_in *in, galley_article **out, char *msg, size_t size)
{
	trace_in t;
	size_t jlen;
	*out = NULL;
	msg[0] = '\0';
	get_trace(in, &t);
	const char *packed = wire_get_bytes(in, &jlen);
	galley_article *a = NULL;
	int rc = in->bad || !packed ? GALLEY_EINVALID : article_unpack(packed, jlen, &a);
	if (rc) {
		snprintf(msg, size, "%s", rc == GALLEY_ENOMEM ? "out of memory"
		                                              : "a malformed article from the importer's process");
		return -1;
	}
	if (put_trace(&t, a)) {
		article_free(a);
		snprintf(msg, size, "out of memory");
		return -1;
	}
	*out = a;
	return 0;
}

void wire_reader_init(wire_reader *rd, int fd)
{
	rd->fd = fd;
	rd->at = rd->end = 0;
}

/* n bytes into p: what the buffer holds first, then from the socket (a
 * large payload straight into p, the rest through the buffer). */
static int read_all(wire_reader *rd, char *p, size_t n, wire_wait_fn wait, void *data)
{
	while (n) {
		if (rd->at < rd->end) {
			size_t k = rd->end - rd->at < n ? rd->end - rd->at : n;
			memcpy(p, rd->buf + rd->at, k);
			rd->at += k;
			p += k;
			n -= k;
			continue;
		}
		if (wait) {
			int w = wait(data, rd->fd);
			if (w)
				return w;
		}
		int direct = n >= sizeof(rd->buf);
		ssize_t r = read(rd->fd, direct ? p : rd->buf, direct ? n : sizeof(rd->buf));
		if (r < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (r < 0)
			return errno == ECONNRESET ? -EPIPE : -errno;
		if (r == 0)
			return -EPIPE;
		if (direct) {
			p += r;
			n -= (size_t)r;
		} else {
			rd->at = 0;
			rd->end = (size_t)r;
		}
	}
	return 0;
}

int wire_recv(wire_reader *rd, wire_wait_fn wait, void *data, int *type, char **payload,
              size_t *len)
{
	unsigned char head[HEADER];
	uint64_t n;
	*payload = NULL;
	*len = 0;
	int rc = read_all(rd, (char *)head, sizeof(head), wait, data);
	if (rc)
		return rc;
	memcpy(&n, head + 1, sizeof(n));
	if (n > SIZE_MAX - 1)
		return -EPROTO;
	char *p = malloc((size_t)n + 1);
	if (!p)
		return -ENOMEM;
	rc = read_all(rd, p, (size_t)n, wait, data);
	if (rc) {
		free(p);
		return rc;
	}
	p[n] = '\0';
	*type = head[0];
	*payload = p;
	*len = (size_t)n;
	return 0;
}
