/* isolate.c — the runner's side of importers in processes of their own
 * (see isolate.h): start a process, send it an input, take back what it
 * made within the stage's time and memory, and stop it when it cannot. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "base/log.h"
#include "run/ctx.h"
#include "run/ctx_output.h"
#include "run/isolate.h"
#include "run/isolate_wire.h"
#include "run/output.h"

extern char **environ;

#define START_MS 30000   /* for a process to start its stages and say hello */
#define CHECK_MS 20      /* how often memory is looked at while waiting */
#define EXIT_WAIT_MS 5000 /* for a process to leave once its socket is closed */

/* Why a wait ended before the answer came. */
enum { GONE_TIME = -10001, GONE_MEMORY = -10002 };

typedef struct slot {
	pid_t pid; /* 0: none running */
	int fd;
	wire_reader *in; /* from fd */
	wire_buf out;    /* requests, built here one after another */
	/* the next input, sent while the worker runs the transforms of the
	 * one before (isolate_offer_next), and when; when the last answer came */
	const galley_article *ahead;
	int64_t ahead_ms, answered_ms;
	/* the worker's next input, to send ahead once the one in hand is sent */
	galley_ctx *offered_ctx;
	const galley_article *offered;
	int given_up; /* no process can be started: in the worker from now on */
} slot;

struct isolate_pool {
	slot *slots;
	size_t count;
	char exe[PATH_MAX];
	char **argv; /* the command, with room for the socket's number */
	size_t argc, fd_arg;
	arena ar;
};

int stage_isolated(const stage *s)
{
	return s->isolate && s->plugin && s->plugin->role == GALLEY_ROLE_SOURCE && s->plugin->process;
}

static int any_isolated(const pipeline *p)
{
	for (size_t i = 0; i < p->nstages; i++)
		if (stage_isolated(&p->stages[i]))
			return 1;
	return 0;
}

/* `galley _import-worker` with what the run was given: the same pipeline,
 * --set values, log settings and instant. */
static int build_argv(run *r, struct isolate_pool *pool)
{
	const pipeline *p = r->p;
	size_t n = 0, cap = 24 + 2 * p->nset + (size_t)(r->verbose > 0 ? r->verbose : 0);
	char **v = arena_alloc(&pool->ar, cap * sizeof(char *));
	char num[3][32];
	if (!v)
		return -1;
	snprintf(num[0], sizeof(num[0]), "%ld", (long)getpid());
	snprintf(num[1], sizeof(num[1]), "%lld", r->now);
	v[n++] = pool->exe;
	v[n++] = "_import-worker";
	v[n++] = "--parent";
	v[n++] = arena_strdup(&pool->ar, num[0]);
	v[n++] = "--now";
	v[n++] = arena_strdup(&pool->ar, num[1]);
	v[n++] = "--date";
	v[n++] = r->date;
	v[n++] = "--epoch";
	v[n++] = r->epoch;
	v[n++] = "--output";
	v[n++] = (char *)r->output;
	v[n++] = "--log-format";
	v[n++] = log_current_format() == LOG_JSON ? "json" : "text";
	if (log_current_quiet())
		v[n++] = "-q";
	for (int i = 0; i < r->verbose; i++)
		v[n++] = "-v";
	for (size_t i = 0; i < p->nset; i++) {
		v[n++] = "--set";
		v[n++] = arena_printf(&pool->ar, "%s=%s", p->set_names[i], p->set_values[i]);
	}
	v[n++] = "--fd";
	pool->fd_arg = n;
	v[n++] = NULL; /* the socket's number, per process */
	v[n++] = (char *)p->file;
	v[n] = NULL;
	pool->argc = n;
	for (size_t i = 0; i < n; i++)
		if (!v[i] && i != pool->fd_arg)
			return -1;
	pool->argv = v;
	return 0;
}

int isolate_open(run *r)
{
	if (!any_isolated(r->p))
		return 0;
	struct isolate_pool *pool = calloc(1, sizeof(*pool));
	if (!pool)
		return -1;
	arena_init(&pool->ar);
	pool->count = r->jobs;
	pool->slots = calloc(r->jobs, sizeof(slot));
	ssize_t n = readlink("/proc/self/exe", pool->exe, sizeof(pool->exe) - 1);
	if (!pool->slots || n <= 0 || build_argv(r, pool)) {
		if (n <= 0) /* no way to start galley again: importers stay in the workers */
			log_plain(GALLEY_LOG_WARN, "cannot find galley's own program (/proc/self/exe); "
			                           "importers run in the worker threads, not isolated");
		free(pool->slots);
		arena_release(&pool->ar);
		free(pool);
		return n <= 0 ? 0 : -1;
	}
	pool->exe[n] = '\0';
	r->iso = pool;
	return 0;
}

static int64_t now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/* The process's resident memory in kB, or -1. */
static long rss_kb(pid_t pid)
{
	char path[64], buf[128];
	snprintf(path, sizeof(path), "/proc/%ld/statm", (long)pid);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	ssize_t n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	long size, resident;
	if (sscanf(buf, "%ld %ld", &size, &resident) != 2)
		return -1;
	return resident * (sysconf(_SC_PAGESIZE) / 1024);
}

/* What a wait for the process watches: its deadline and its memory. */
typedef struct watch {
	pid_t pid;
	int64_t deadline_ms; /* 0: none */
	long limit_kb;       /* 0: none */
} watch;

static int wait_ready(void *data, int fd)
{
	const watch *w = data;
	for (;;) {
		int ms = CHECK_MS;
		if (w->deadline_ms) {
			int64_t left = w->deadline_ms - now_ms();
			if (left <= 0)
				return GONE_TIME;
			if (left < ms)
				ms = (int)left;
		}
		struct pollfd pfd = {fd, POLLIN, 0};
		int rc = poll(&pfd, 1, ms);
		if (rc > 0)
			return 0;
		if (rc < 0 && errno != EINTR)
			return -errno;
		if (w->limit_kb && rss_kb(w->pid) > w->limit_kb)
			return GONE_MEMORY;
	}
}

/* Stops the slot's process (when kill) and reaps it; its exit status. */
static int reap(slot *s, int kill_it)
{
	int status = 0;
	if (!s->pid)
		return 0;
	if (s->fd >= 0)
		close(s->fd);
	if (kill_it)
		kill(s->pid, SIGKILL);
	int64_t until = now_ms() + EXIT_WAIT_MS;
	pid_t got;
	while ((got = waitpid(s->pid, &status, WNOHANG)) == 0 && now_ms() < until) {
		struct timespec t = {0, 5000000};
		nanosleep(&t, NULL);
	}
	if (got == 0) { /* it does not leave: it is stopped */
		kill(s->pid, SIGKILL);
		waitpid(s->pid, &status, 0);
	}
	s->pid = 0;
	s->fd = -1;
	s->ahead = NULL; /* lost with it: sent again when its turn comes */
	free(s->in);
	s->in = NULL;
	return status;
}

/* "crashed (SIGSEGV)", "exited with status 2": how a process ended. */
static void ended(int status, char *out, size_t size)
{
	if (WIFSIGNALED(status))
		snprintf(out, size, "crashed (SIG%s)",
		         sigabbrev_np(WTERMSIG(status)) ? sigabbrev_np(WTERMSIG(status)) : "?");
	else
		snprintf(out, size, "exited with status %d", WEXITSTATUS(status));
}

/* `galley _import-worker` with its end of the socket at fd 3 (4 when it
 * is 3 already: dup2 onto itself would keep close-on-exec) and its stdout
 * on stderr.  0, or an errno. */
static int start_process(struct isolate_pool *pool, int end, pid_t *pid)
{
	int target = end == 3 ? 4 : 3;
	char fdnum[16];
	snprintf(fdnum, sizeof(fdnum), "%d", target);
	/* workers start processes at once: each its own copy */
	char **argv = malloc((pool->argc + 1) * sizeof(char *));
	if (!argv)
		return ENOMEM;
	memcpy(argv, pool->argv, (pool->argc + 1) * sizeof(char *));
	argv[pool->fd_arg] = fdnum;
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, end, target);
	posix_spawn_file_actions_adddup2(&fa, STDERR_FILENO, STDOUT_FILENO);
	int rc = posix_spawn(pid, pool->exe, &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	free(argv);
	return rc;
}

/* The process's hello, once its stages started; 0, or -1 with why (the
 * process reaped). */
static int await_hello(slot *s, char *why, size_t size)
{
	watch w = {s->pid, now_ms() + START_MS, 0};
	int type = 0;
	char *payload;
	size_t len;
	int rc = wire_recv(s->in, wait_ready, &w, &type, &payload, &len);
	free(payload);
	if (!rc && type == WIRE_HELLO)
		return 0;
	int status = reap(s, 1);
	char how[64];
	ended(status, how, sizeof(how));
	if (rc == -EPIPE)
		snprintf(why, size, "its process %s before it was ready", how);
	else if (rc == GONE_TIME)
		snprintf(why, size, "its process was not ready within %d s and was stopped",
		         START_MS / 1000);
	else
		snprintf(why, size, "its process could not be reached (%s)",
		         rc ? strerror(-rc) : "it did not say hello");
	return -1;
}

/* Starts the slot's process and waits for its hello; 0, or -1 with why. */
static int spawn(struct isolate_pool *pool, slot *s, char *why, size_t size)
{
	int sv[2];
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0) {
		snprintf(why, size, "no socket for it: %s", strerror(errno));
		return -1;
	}
	pid_t pid;
	int rc = start_process(pool, sv[1], &pid);
	close(sv[1]);
	if (rc) {
		close(sv[0]);
		snprintf(why, size, "cannot start %.300s: %s", pool->exe, strerror(rc));
		return -1;
	}
	s->pid = pid;
	s->fd = sv[0];
	if (!(s->in = malloc(sizeof(*s->in)))) {
		reap(s, 1);
		snprintf(why, size, "out of memory");
		return -1;
	}
	wire_reader_init(s->in, s->fd);
	return await_hello(s, why, size);
}

/* What came back for one input so far. */
typedef struct exchange {
	galley_ctx *ctx;
	galley_article *a;
	galley_article *piece;   /* the last piece split off a (or its head), for its files */
	galley_article *pending; /* that piece, not handed on yet: its files may follow */
	int64_t away_ms;         /* spent handing items on: not the process's time */
} exchange;

/* A trace's messages appended to a's. */
static void add_log(galley_article *a, char *log, size_t len)
{
	char *grown = len ? realloc(a->run.log, a->run.loglen + len + 1) : NULL;
	if (grown) {
		memcpy(grown + a->run.loglen, log, len);
		grown[a->run.loglen + len] = '\0';
		a->run.log = grown;
		a->run.loglen += len;
	}
	free(log);
}

/* The piece in waiting goes on to the transforms and the sinks (the
 * runner's pass_on), its files all in. */
static void hand_on(exchange *x)
{
	galley_article *item = x->pending;
	if (!item)
		return;
	x->pending = NULL;
	int64_t t0 = now_ms();
	x->ctx->run->pass_on(x->ctx, x->a, item);
	x->away_ms += now_ms() - t0;
}

/* A piece the exchange ended before it went on (the process stopped). */
static void lose_pending(exchange *x)
{
	galley_article *item = x->pending;
	if (!item)
		return;
	x->pending = NULL;
	run *r = x->ctx->run;
	output_forget(r, item->run.seq);
	if (!item->run.head) {
		pthread_mutex_lock(&r->lock);
		r->counts.split--;
		pthread_mutex_unlock(&r->lock);
	}
	article_free(item);
}

/* A piece split off the input's article, or its head (the input's own
 * item, complete): handed on as they come when the runner can (the one
 * before it now), else split off as in the thread.  0, or -1 out of
 * memory. */
static int take_piece(exchange *x, galley_article *got, int head)
{
	run *r = x->ctx->run;
	galley_article *a = x->a;
	if (got->run.failed_input)
		got->run.failed_stage = x->ctx->stage->name;
	if (!r->pass_on) {
		if (ctx_split(x->ctx, got))
			return -1;
		x->piece = got;
		return 0;
	}
	hand_on(x);
	got->run.origin = x->ctx->index;
	got->run.seq = ctx_piece_seq(r);
	got->run.parent_seq = a->run.seq;
	got->run.head = head != 0;
	got->run.piece = head ? 0 : ++a->run.after;
	if (head)
		a->run.consumed = 1;
	else {
		pthread_mutex_lock(&r->lock);
		r->counts.split++;
		pthread_mutex_unlock(&r->lock);
	}
	x->piece = x->pending = got;
	return 0;
}

/* The input's article takes got's contents and trace, keeping its place
 * in the run (and the pieces behind it). */
static void take_input(exchange *x, galley_article *got)
{
	hand_on(x); /* the last piece: nothing more is written for it */
	article_trace t = got->run;
	memset(&got->run, 0, sizeof(got->run));
	galley_article *a = x->a;
	article_replace(a, got);
	free(a->run.failed_input);
	free(a->run.failed_reason);
	free(a->run.failed_data);
	a->run.failed_input = t.failed_input;
	a->run.failed_reason = t.failed_reason;
	a->run.failed_data = t.failed_data;
	a->run.failed_len = t.failed_len;
	a->run.failed_stage = t.failed_input ? x->ctx->stage->name : NULL;
	add_log(a, t.log, t.loglen);
}

/* A file written for the input's article or the last piece, written here. */
static int take_file(exchange *x, wire_in *in)
{
	uint32_t whose = wire_get_u32(in);
	const char *path = wire_get_str(in);
	size_t n;
	const char *data = wire_get_bytes(in, &n);
	/* the input's, once its head went ahead: the head's */
	galley_article *head = x->pending && x->pending->run.head ? x->pending : NULL;
	galley_article *art = whose == WIRE_FILE_INPUT ? (head ? head : x->a) : x->piece;
	if (in->bad || !path || !data || !art || whose > WIRE_FILE_PIECE)
		return ctx_fail(x->ctx, "a malformed file from the importer's process"), -1;
	/* as an importer in the thread would be told, and go on without it
	 * (import/archive: "cannot carry picture"): a warning, not the input */
	if (ctx_output_write(x->ctx, art, path, data, n))
		ctx_log(x->ctx, GALLEY_LOG_WARN, "a file of the input was not written: %s",
		        x->ctx->reason);
	return 0;
}

/* One frame of the answer: 1 when it was the last (DONE, *result set),
 * 0 to read on, -1 when the frame is not what the process should send. */
static int take_frame(exchange *x, int type, const char *payload, size_t len, int *result)
{
	wire_in in = {payload, len, 0};
	galley_ctx *ctx = x->ctx;
	if (type == WIRE_PIECE || type == WIRE_ARTICLE || type == WIRE_HEAD) {
		galley_article *got;
		char msg[300];
		if (wire_get_article(&in, &got, msg, sizeof(msg)))
			return ctx_fail(ctx, "%s", msg), -1;
		if (type == WIRE_ARTICLE)
			return take_input(x, got), 0;
		if (type == WIRE_HEAD && !ctx->run->pass_on) /* it stays the input's */
			return take_input(x, got), 0;
		return take_piece(x, got, type == WIRE_HEAD) ? (ctx_fail(ctx, "out of memory"), -1) : 0;
	}
	if (type == WIRE_FILE)
		return take_file(x, &in);
	if (type == WIRE_DONE) {
		hand_on(x);
		*result = (int)wire_get_u32(&in);
		const char *reason = wire_get_str(&in);
		if (in.bad)
			return ctx_fail(ctx, "a malformed answer from the importer's process"), -1;
		snprintf(ctx->reason, sizeof(ctx->reason), "%s", reason ? reason : "");
		return 1;
	}
	return ctx_fail(ctx, "a frame the importer's process should not send"), -1;
}

/* Sends the input; 0, or -errno when the process is gone. */
static int request(slot *s, galley_ctx *ctx, const galley_article *a)
{
	wire_u32(&s->out, (uint32_t)ctx->index);
	if (wire_article(&s->out, a))
		s->out.oom = 1; /* nothing goes out: wire_send empties it and says so */
	return wire_send(s->fd, WIRE_REQUEST, &s->out);
}

/* The input could not be loaded: it is set aside with why. */
static int reject(galley_ctx *ctx, galley_article *a, const char *source, const char *why)
{
	free(a->run.failed_input);
	free(a->run.failed_reason);
	a->run.failed_input = strdup(source ? source : "(an input without a source)");
	a->run.failed_reason = strdup(why);
	a->run.failed_stage = ctx->stage->name;
	snprintf(ctx->reason, sizeof(ctx->reason), "%s", why);
	return GALLEY_FAIL;
}

/* Why the wait for the process ended (rc from wire_recv), for the input's reason. */
static void lost(const galley_ctx *ctx, int rc, int status, char *why, size_t size)
{
	const stage *st = ctx->stage;
	char how[64];
	ended(status, how, sizeof(how));
	if (rc == GONE_TIME)
		snprintf(why, size,
		         "did not finish within its timeout of %.3g s (the stage's 'timeout:'); its "
		         "process was stopped and the run went on",
		         (double)st->timeout_ms / 1000.0);
	else if (rc == GONE_MEMORY)
		snprintf(why, size,
		         "used more than its memory limit of %lld MB (the stage's 'memory_mb:'); its "
		         "process was stopped and the run went on",
		         (long long)st->process_memory_mb);
	else if (rc == -EPIPE)
		snprintf(why, size, "its process %s on this input; the run went on", how);
	else
		snprintf(why, size, "the exchange with its process failed (%.800s); the process was "
		         "stopped and the run went on",
		         rc == -1 ? ctx->reason : rc == -ENOMEM ? "out of memory" : strerror(-rc));
}

static int in_thread(galley_ctx *ctx, galley_article *a)
{
	return ctx->stage->plugin->process(ctx->state, ctx, a);
}

/* A process for the slot, or 0 after the warning that there will be none. */
static int ready(struct isolate_pool *pool, slot *s, const galley_ctx *ctx)
{
	char why[512];
	if (s->pid)
		return 1;
	if (s->given_up || !spawn(pool, s, why, sizeof(why)))
		return !s->given_up;
	s->given_up = 1;
	log_plain(GALLEY_LOG_WARN,
	          "stage '%s': an importer process: %s; this worker loads its inputs itself from "
	          "now on, not isolated",
	          ctx->stage->name, why);
	return 0;
}

void isolate_offer_next(galley_ctx *ctx, size_t worker, const galley_article *a)
{
	slot *s = &ctx->run->iso->slots[worker];
	s->offered_ctx = ctx;
	s->offered = a;
}

/* The input offered goes to the process right behind the one just sent. */
static void send_offered(slot *s)
{
	const galley_article *a = s->offered;
	s->offered = NULL;
	if (!a || s->ahead || !s->pid || !isolate_wanted(s->offered_ctx))
		return;
	/* not sent (out of memory, or the process is gone, which the wait for
	 * the input in hand finds): it is sent in its own turn */
	if (request(s, s->offered_ctx, a) == 0) {
		s->ahead = a;
		s->ahead_ms = now_ms();
	}
}

/* The input's request: sent ahead already, else now; the moment the
 * process began on it (for its deadline) in *began.  0 or -errno. */
static int requested(struct isolate_pool *pool, slot *s, galley_ctx *ctx, galley_article *a,
                     int64_t *began)
{
	*began = now_ms();
	if (s->ahead == a) { /* it began once the answer before it was out */
		s->ahead = NULL;
		*began = s->ahead_ms > s->answered_ms ? s->ahead_ms : s->answered_ms;
		return 0;
	}
	if (s->ahead) /* another input went ahead of it: never, but start clean */
		reap(s, 1);
	int rc = ready(pool, s, ctx) ? request(s, ctx, a) : 1;
	if (rc == -EPIPE || rc == -ECONNRESET) { /* it ended between inputs: one more */
		reap(s, 1);
		rc = ready(pool, s, ctx) ? request(s, ctx, a) : 1;
	}
	return rc;
}

int isolate_process(galley_ctx *ctx, size_t worker, galley_article *a)
{
	struct isolate_pool *pool = ctx->run->iso;
	slot *s = &pool->slots[worker];
	int64_t began;
	int rc = requested(pool, s, ctx, a, &began);
	if (rc == 1) /* no process can be started: in the thread */
		return in_thread(ctx, a);
	if (!rc)
		send_offered(s);
	char *source = a->source ? strdup(a->source) : NULL;
	const stage *st = ctx->stage;
	watch w = {s->pid, st->timeout_ms > 0 ? began + st->timeout_ms : 0,
	           (long)st->process_memory_mb * 1024};
	exchange x = {ctx, a, NULL, NULL, 0};
	int result = GALLEY_FAIL, done = 0;
	while (!rc && !done) {
		int type;
		char *payload;
		size_t len;
		rc = wire_recv(s->in, wait_ready, &w, &type, &payload, &len);
		if (!rc && (done = take_frame(&x, type, payload, len, &result)) < 0)
			rc = -1;
		free(payload);
		if (w.deadline_ms) /* the transforms and sinks of its items are not its time */
			w.deadline_ms += x.away_ms;
		x.away_ms = 0;
	}
	s->answered_ms = now_ms();
	lose_pending(&x);
	if (rc) {
		char why[1200];
		int status = reap(s, 1);
		lost(ctx, rc, status, why, sizeof(why));
		result = reject(ctx, a, source, why);
	}
	free(source);
	return result;
}

void isolate_end_worker(run *r, size_t worker)
{
	if (!r->iso || !r->iso->slots[worker].pid)
		return;
	int status = reap(&r->iso->slots[worker], 0); /* its socket closed, it leaves */
	if (status) { /* a sanitizer's report, a crash on the way out */
		char how[64];
		ended(status, how, sizeof(how));
		log_plain(GALLEY_LOG_WARN, "an importer process %s as it ended", how);
	}
}

void isolate_close(run *r)
{
	struct isolate_pool *pool = r->iso;
	if (!pool)
		return;
	for (size_t i = 0; i < pool->count; i++) /* its socket closed, each one leaves */
		if (pool->slots[i].pid) {
			close(pool->slots[i].fd);
			pool->slots[i].fd = -1;
		}
	for (size_t i = 0; i < pool->count; i++) {
		reap(&pool->slots[i], 0);
		wire_buf_release(&pool->slots[i].out);
	}
	free(pool->slots);
	arena_release(&pool->ar);
	free(pool);
	r->iso = NULL;
}

int isolate_wanted(const galley_ctx *ctx)
{
	const run *r = ctx->run;
	return r->iso && !ctx->caller && ctx >= r->ctxs + r->p->nstages && stage_isolated(ctx->stage);
}
