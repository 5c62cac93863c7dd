/* isolate_wire.h — the frames between the runner and an importer's own
 * process (isolate.c, isolate_serve.c) over a socket: a type byte, a
 * length and a payload built and read field by field.  Articles travel
 * packed (model/article_pack.c) with the runner's trace (why an input was
 * rejected, what the importer logged about it) beside them. */
#ifndef GALLEY_ISOLATE_WIRE_H
#define GALLEY_ISOLATE_WIRE_H

#include <stddef.h>
#include <stdint.h>

#include "model/article.h"

enum {
	WIRE_HELLO = 'H',   /* the importer's process is ready */
	WIRE_REQUEST = 'R', /* u32 stage, article: load this input */
	WIRE_HEAD = 'I',    /* the input's article, complete once its first piece was split
	                     * off: it goes on first, the pieces after it, and the
	                     * input's article ends the answer only for its trace */
	WIRE_PIECE = 'P',   /* an article split off the input, as it was split off */
	WIRE_ARTICLE = 'A', /* the input's article, once its importer returned */
	WIRE_FILE = 'F',    /* u32 whose (WIRE_FILE_*), path, bytes */
	WIRE_DONE = 'D',    /* u32 result (a galley_status), the reason */
};

/* Whose a file is: the input's article, or the piece sent just before. */
enum { WIRE_FILE_INPUT = 0, WIRE_FILE_PIECE = 1 };

/* Frames being built, to go out in one send; oom once an append failed
 * (sending then fails). */
typedef struct wire_buf {
	char *data;
	size_t len, cap;
	size_t start; /* of the open frame */
	int open, oom;
} wire_buf;

void wire_u32(wire_buf *b, uint32_t v);
/* n bytes with their length; p NULL: a null (told apart from empty). */
void wire_bytes(wire_buf *b, const void *p, size_t n);
void wire_str(wire_buf *b, const char *s); /* s NULL: null */
/* The article's trace and the article packed; 0, or -1 out of memory. */
int wire_article(wire_buf *b, const galley_article *a);
/* Closes the frame appended since the last as one of type. */
void wire_end(wire_buf *b, int type);
/* Sends the frames b holds and empties it; 0 or -errno (-ENOMEM when an
 * append failed).  Never raises SIGPIPE. */
int wire_flush(int fd, wire_buf *b);
/* wire_end, then wire_flush. */
int wire_send(int fd, int type, wire_buf *b);
void wire_buf_release(wire_buf *b);

/* A payload being read; bad once a field was missing or malformed. */
typedef struct wire_in {
	const char *p;
	size_t left;
	int bad;
} wire_in;

uint32_t wire_get_u32(wire_in *in);
/* Points into the payload; NULL for a null (or when bad). */
const char *wire_get_bytes(wire_in *in, size_t *n);
const char *wire_get_str(wire_in *in); /* NUL-terminated in the payload */
/* An article and its trace as wire_article wrote them; 0, or -1 with why
 * in msg. */
int wire_get_article(wire_in *in, galley_article **out, char *msg, size_t size);

/* Before each read: 0 when fd can be read, else a negative code the read
 * returns (the caller's deadline passed, its limit was crossed).  NULL:
 * block. */
typedef int (*wire_wait_fn)(void *data, int fd);
/* A socket read through a buffer: a frame's header and a small answer
 * come in one read. */
typedef struct wire_reader {
	int fd;
	size_t at, end;
	char buf[65536];
} wire_reader;

void wire_reader_init(wire_reader *rd, int fd);
/* One frame: *type and its payload (malloc'd, freed by the caller).  0,
 * -EPIPE at the end of the stream, -errno, or the wait's code. */
int wire_recv(wire_reader *rd, wire_wait_fn wait, void *data, int *type, char **payload,
              size_t *len);

#endif
