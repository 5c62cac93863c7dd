/* delivery.c — a partner's queue through its transport, in order, with
 * retries (see delivery.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/log.h"
#include "deliver/delivery.h"
#include "deliver/transport.h"

/* A queued bundle, copied out of the query (the rows change as it goes). */
typedef struct pending {
	char *bundle, *file, *sha256;
} pending;

typedef struct queue {
	pending *items;
	size_t n, cap;
} queue;

static int collect(void *data, const queued_bundle *q)
{
	queue *l = data;
	if (l->n == l->cap) {
		size_t more = l->cap ? l->cap * 2 : 8;
		pending *grown = realloc(l->items, more * sizeof(*grown));
		if (!grown)
			return -1;
		l->items = grown;
		l->cap = more;
	}
	pending *p = &l->items[l->n];
	p->bundle = strdup(q->bundle);
	p->file = strdup(q->file);
	p->sha256 = strdup(q->sha256);
	if (!p->bundle || !p->file || !p->sha256) {
		free(p->bundle), free(p->file), free(p->sha256);
		return -1;
	}
	l->n++;
	return 0;
}

static void release(queue *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->items[i].bundle), free(l->items[i].file), free(l->items[i].sha256);
	free(l->items);
}

static void pause_ms(long ms)
{
	struct timespec t = {.tv_sec = ms / 1000, .tv_nsec = (ms % 1000) * 1000000L};
	while (nanosleep(&t, &t) != 0)
		;
}

/* One bundle, tried 1 + retries times while the failure is transient;
 * the attempts made. */
static int attempt(const partner *pt, const pending *b, transport_result *res, int *tries)
{
	long wait = DELIVERY_WAIT_MS;
	const char *name = strrchr(b->file, '/') ? strrchr(b->file, '/') + 1 : b->file;
	for (*tries = 1;; ++*tries) {
		if (transport_send(&pt->deliver, b->file, name, b->sha256, res) == 0)
			return 0;
		if (!res->transient || *tries > pt->deliver.retries)
			return -1;
		log_plain(GALLEY_LOG_WARN, "partner %s: %s: %s; trying again in %.0fs (%d of %d)",
		          pt->name, name, res->error, (double)wait / 1000, *tries + 1,
		          pt->deliver.retries + 1);
		pause_ms(wait);
		wait = wait * 2 > 60000 ? 60000 : wait * 2;
	}
}

static int send_queue(pstate *st, const partner *pt, const queue *l, delivery_outcome *o,
                      galley_error *err)
{
	for (size_t i = 0; i < l->n; i++) {
		transport_result res;
		int tries = 0;
		if (attempt(pt, &l->items[i], &res, &tries) == 0) {
			o->sent++;
			o->bytes += res.bytes;
			log_plain(LOG_SUMMARY, "partner %s: delivered %s to %s", pt->name,
			          l->items[i].bundle, res.remote);
			int rc = state_delivery_sent(st, l->items[i].bundle, tries, res.remote, res.bytes, err);
			if (rc)
				return rc;
			continue;
		}
		o->failed++;
		o->waiting = l->n - i;
		snprintf(o->error, sizeof(o->error), "%s: %s", l->items[i].bundle, res.error);
		log_plain(GALLEY_LOG_ERROR,
		          "partner %s: cannot deliver %s to %s: %s (%d attempt%s); it stays queued "
		          "with %llu bundle%s, for the next run or `galley deliver`",
		          pt->name, l->items[i].bundle, pt->deliver.url, res.error, tries,
		          tries == 1 ? "" : "s", o->waiting, o->waiting == 1 ? "" : "s");
		return state_delivery_failed(st, l->items[i].bundle, tries, res.error,
		                             "the next run or galley deliver", err);
	}
	return 0;
}

int delivery_send(pstate *st, const partner *partners, size_t n, const char *only, int plan,
                  delivery_outcome *out, galley_error *err)
{
	int rc = 0;
	for (size_t i = 0; !rc && i < n; i++) {
		const partner *pt = &partners[i];
		memset(&out[i], 0, sizeof(out[i]));
		out[i].partner = pt->name;
		if (pt->deliver.scheme == DELIVER_NONE || (only && strcmp(only, pt->name) != 0))
			continue;
		queue l = {0};
		rc = state_delivery_each(st, pt->name, collect, &l, err);
		if (rc == -1)
			rc = galley_error_set(err, GALLEY_ENOMEM, "out of memory");
		if (!rc && plan && l.n)
			log_plain(LOG_SUMMARY, "partner %s: %zu bundle%s would be delivered to %s",
			          pt->name, l.n, l.n == 1 ? "" : "s", pt->deliver.url);
		out[i].waiting = l.n;
		if (!rc && !plan)
			rc = send_queue(st, pt, &l, &out[i], err);
		if (!plan && !out[i].failed)
			out[i].waiting = 0;
		release(&l);
	}
	return rc;
}

size_t delivery_failures(const delivery_outcome *out, size_t n)
{
	size_t failed = 0;
	for (size_t i = 0; i < n; i++)
		failed += out[i].failed > 0;
	return failed;
}
