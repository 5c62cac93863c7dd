/* isolate_serve.c — the importer's own process (see isolate_serve.h).
 * One request at a time: the input's light article in, its stage's
 * process() called as the runner would call it on a worker, and the
 * article chain that made sent back in order, each article followed by
 * the files written for it.  Nothing here outlives a request but the
 * stages' own state. */
#include <errno.h>
#include <stddef.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <time.h>
#include <unistd.h>

#include "base/exit_code.h"
#include "base/log.h"
#include "run/ctx.h"
#include "run/host.h"
#include "run/import_data.h"
#include "run/isolate_serve.h"
#include "run/isolate.h"
#include "run/isolate_relay.h"
#include "run/isolate_wire.h"

typedef struct server {
	run r;
	struct isolate_relay relay;
	wire_buf out;
	int fd;
	int broken; /* a send failed (-errno): the runner is gone */
	galley_article *pending; /* the piece split off last, not sent yet */
	galley_article *input;   /* the request's article */
	int head_sent;           /* it went ahead of its pieces (WIRE_HEAD) */
	wire_reader in;
} server;

/* Frames of an answer go out together, in one send while they are small
 * (most answers), in sends of about FLUSH_AT bytes when they are not: a
 * file's items reach the runner as they are read, a few dozen at a time. */
#define FLUSH_AT (64 << 10)

static int queue(server *s, int type)
{
	wire_end(&s->out, type);
	return s->out.len >= FLUSH_AT ? wire_flush(s->fd, &s->out) : 0;
}

/* The files written for article a not sent yet, as `which` (WIRE_FILE);
 * a NULL: every one left, with the input's article (its own article left,
 * or it was written for the input's). */
static int send_files(server *s, const galley_article *a, uint32_t which)
{
	for (size_t i = 0; i < s->relay.count; i++) {
		relay_file *f = &s->relay.files[i];
		if (f->sent || (a && f->a != a))
			continue;
		wire_u32(&s->out, which);
		wire_str(&s->out, f->path);
		wire_bytes(&s->out, f->data, f->len);
		f->sent = 1;
		int rc = queue(s, WIRE_FILE);
		if (rc)
			return rc;
	}
	return 0;
}

/* Sends a piece with the files written for it, and frees it. */
static int send_one(server *s, galley_article *piece)
{
	int rc = s->broken;
	if (!rc)
		rc = wire_article(&s->out, piece) ? -ENOMEM : queue(s, WIRE_PIECE);
	if (!rc)
		rc = send_files(s, piece, WIRE_FILE_PIECE);
	article_free(piece);
	if (rc && !s->broken)
		s->broken = rc;
	return rc;
}

/* ctx_split in this process (run.h, relay_piece): a piece goes to the
 * runner once the importer splits off the next one (or returns), so a
 * file of 100,000 items is never held here whole, and an importer may
 * still finish the article it just emitted (import/archive attaches its
 * pictures then).  The input's own article is complete once the first
 * piece is split off (ABI 2.3): it goes first, as the head, so the
 * runner hands the items on in the file's order as they come. */
static int send_piece(run *r, galley_article *piece)
{
	server *s = (server *)((char *)r - offsetof(server, r));
	if (!s->head_sent && !s->broken) {
		s->head_sent = 1;
		galley_article *a = s->input;
		int rc = wire_article(&s->out, a) ? -ENOMEM : queue(s, WIRE_HEAD);
		free(a->run.log); /* gone with it: the input's trace says only what follows */
		a->run.log = NULL;
		a->run.loglen = 0;
		if (!rc)
			rc = send_files(s, NULL, WIRE_FILE_INPUT);
		if (rc)
			s->broken = rc;
	}
	galley_article *before = s->pending;
	s->pending = piece;
	return before && send_one(s, before) ? GALLEY_EIO : 0;
}

/* The last piece, the input's article after its pieces (for its trace
 * alone once it went ahead), then the files left. */
static int send_input(server *s, galley_article *a)
{
	galley_article *last = s->pending;
	s->pending = NULL;
	if (last)
		send_one(s, last);
	if (s->broken)
		return s->broken;
	int rc = wire_article(&s->out, a) ? -ENOMEM : queue(s, WIRE_ARTICLE);
	return rc ? rc : send_files(s, NULL, WIRE_FILE_INPUT);
}

/* One request: 0, or -errno when the runner is gone or the frame was
 * not one it sends (the process then ends). */
static int answer(server *s, const char *payload, size_t len)
{
	wire_in in = {payload, len, 0};
	uint32_t i = wire_get_u32(&in);
	galley_article *a = NULL;
	char msg[512];
	if (in.bad || i >= s->r.p->nstages || !s->r.ctxs[i].initialised ||
	    wire_get_article(&in, &a, msg, sizeof(msg)))
		return -EPROTO;
	galley_ctx *ctx = &s->r.ctxs[i];
	ctx->reason[0] = '\0';
	ctx->article = a;
	s->input = a;
	s->head_sent = 0;
	int result = ctx->stage->plugin->process(ctx->state, ctx, a);
	ctx->article = NULL;
	int rc = send_input(s, a);
	s->input = NULL;
	if (!rc) {
		wire_u32(&s->out, (uint32_t)result);
		wire_str(&s->out, ctx->reason);
		rc = wire_send(s->fd, WIRE_DONE, &s->out);
	}
	article_free(a);
	isolate_relay_clear(&s->relay);
	return rc;
}

/* The stages the runner isolates, started as on a worker; their own
 * messages were printed by the runner's start already. */
static int start_stages(server *s)
{
	run *r = &s->r;
	for (size_t i = 0; i < r->p->nstages; i++) {
		galley_ctx *ctx = &r->ctxs[i];
		ctx->run = r;
		ctx->stage = &r->p->stages[i];
		ctx->index = i;
		if (!stage_isolated(ctx->stage))
			continue;
		if (ctx->stage->plugin->init(r->host, ctx, &ctx->state) != GALLEY_OK) {
			fprintf(stderr, "galley: stage '%s' cannot start in its own process: %s\n",
			        ctx->stage->name, ctx->reason[0] ? ctx->reason : "no reason given");
			return -1;
		}
		ctx->initialised = 1;
	}
	return 0;
}

static void stop_stages(server *s)
{
	for (size_t i = 0; i < s->r.p->nstages; i++) {
		galley_ctx *ctx = &s->r.ctxs[i];
		import_data_release(ctx);
		if (ctx->initialised && ctx->stage->plugin->destroy)
			ctx->stage->plugin->destroy(ctx->state);
	}
}

static void set_dates(run *r, const serve_opts *o)
{
	struct tm tm;
	time_t t = (time_t)o->now;
	r->now = o->now;
	gmtime_r(&t, &tm);
	strftime(r->now_text, sizeof(r->now_text), "%Y-%m-%dT%H:%M:%SZ", &tm);
	snprintf(r->date, sizeof(r->date), "%s", o->date);
	snprintf(r->epoch, sizeof(r->epoch), "%s", o->epoch);
}

static int serve(server *s)
{
	for (;;) {
		int type;
		char *payload;
		size_t len;
		int rc = wire_recv(&s->in, NULL, NULL, &type, &payload, &len);
		if (rc == -EPIPE)
			return EXIT_DONE; /* the runner is through */
		if (!rc)
			rc = type == WIRE_REQUEST ? answer(s, payload, len) : -EPROTO;
		free(payload);
		if (rc) {
			fprintf(stderr, "galley: an importer's process stops: %s\n",
			        rc == -EPROTO ? "a frame it does not know" : strerror(-rc));
			return EXIT_ABORTED;
		}
	}
}

int isolate_serve(pipeline *p, const serve_opts *o)
{
	/* this process ends with the runner, even one killed outright */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != (pid_t)o->parent)
		return EXIT_ABORTED;
	server s;
	memset(&s, 0, sizeof(s));
	s.fd = o->fd;
	wire_reader_init(&s.in, o->fd);
	run *r = &s.r;
	r->p = p;
	r->host = host_api();
	r->verbose = o->verbose;
	r->ordered_log = 1;
	r->output = o->output ? o->output : p->output;
	r->jobs = 1;
	r->relay = &s.relay;
	r->relay_piece = send_piece;
	set_dates(r, o);
	arena_init(&r->ar);
	pthread_mutex_init(&r->lock, NULL);
	r->ctxs = calloc(p->nstages, sizeof(galley_ctx));
	int code = EXIT_ABORTED;
	if (r->ctxs && !start_stages(&s) && !wire_send(s.fd, WIRE_HELLO, &s.out))
		code = serve(&s);
	if (r->ctxs)
		stop_stages(&s);
	free(r->ctxs);
	isolate_relay_clear(&s.relay);
	free(s.relay.files);
	wire_buf_release(&s.out);
	arena_release(&r->ar);
	pthread_mutex_destroy(&r->lock);
	return code;
}
