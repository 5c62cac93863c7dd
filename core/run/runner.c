/* runner.c — the pipeline driver.  The sources run on the calling thread
 * and emit into a bounded queue; `jobs` worker threads, each with its own
 * transform states (and so its own Lua states), take articles from it;
 * one sink thread receives them through a bounded reorder buffer in input
 * order.  Memory is bounded by the two capacities, not by the run's size,
 * and outputs are the same bytes whatever the number of workers. */
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "run/import_data.h"
#include "run/isolate.h"
#include "base/log.h"
#include "base/path.h"
#include "run/progress.h"
#include "deliver/partner_sink.h"
#include "run/runner.h"
#include "base/slug.h"
#include "run/article_rules.h"
#include "deliver/item_settle.h"
#include "run/watchdog.h"
#include "run/host.h"
#include "run/output.h"
#include "run/metrics.h"
#include "run/quarantine.h"
#include "run/report.h"
#include "run/shard.h"

#define QUEUE_CAP 64    /* articles waiting for a worker */
#define REORDER_SLOTS 128 /* articles done, waiting for their turn at the sinks */
#define STREAM_CAP 64   /* items of one input handed on, waiting for the sinks */

void runner_set_dates(run *r, long long now)
{
	/* SOURCE_DATE_EPOCH pins the run date for reproducible outputs;
	 * --now moves the whole run, date and embargoes, to another instant. */
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	char *end = NULL;
	long long epoch = sde ? strtoll(sde, &end, 10) : 0;
	int valid = sde && end && !*end && end != sde;
	time_t clock = now ? (time_t)now : time(NULL);
	time_t t = now ? (time_t)now : valid ? (time_t)epoch : clock;
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(r->date, sizeof(r->date), "%Y-%m-%d", &tm);
	snprintf(r->epoch, sizeof(r->epoch), "%lld", valid ? epoch : 0LL);
	r->now = (long long)clock;
	gmtime_r(&clock, &tm);
	strftime(r->now_text, sizeof(r->now_text), "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static void count(run *r, uint64_t *field)
{
	pthread_mutex_lock(&r->lock);
	(*field)++;
	pthread_mutex_unlock(&r->lock);
}

static galley_ctx *ctx_at(run *r, size_t set, size_t stage_index)
{
	return &r->ctxs[set * r->p->nstages + stage_index];
}

static galley_role role_of(run *r, size_t i)
{
	return r->p->stages[i].plugin->role;
}

static const char *reason_of(galley_ctx *ctx)
{
	return ctx->reason[0] ? ctx->reason : "stage failed without a reason";
}

/* The worker whose ctx set holds ctx (set 0, the sources' and sinks', is none). */
static size_t worker_of(const galley_ctx *ctx)
{
	const run *r = ctx->run;
	return (size_t)(ctx - r->ctxs) / r->p->nstages - 1;
}

/* One process() call, timed and counted for the run report.  An input a
 * source rejected (host->reject) counts as a failure whatever it returned. */
static int call_process(galley_ctx *ctx, galley_article *a)
{
	struct timespec t0, t1;
	ctx->reason[0] = '\0';
	ctx->article = a;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	/* an importer in its own process is timed by its worker, which can
	 * stop it; the watchdog is for calls in this process */
	int isolated = isolate_wanted(ctx);
	if (!isolated)
		watchdog_arm(ctx, (int64_t)t0.tv_sec * 1000000000 + t0.tv_nsec);
	call_before before;
	call_note(a, &before);
	int rc = isolated ? isolate_process(ctx, worker_of(ctx), a)
	                  : ctx->stage->plugin->process(ctx->state, ctx, a);
	if (!isolated)
		watchdog_disarm(ctx);
	if (rc == GALLEY_OK) /* what a compiled transform set with H->set */
		rc = call_held(ctx, a, &before);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	ctx->article = NULL;
	if (a->run.failed_input)
		rc = GALLEY_FAIL;
	ctx->calls++;
	ctx->seconds += (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	ctx->dropped += rc == GALLEY_DROP;
	ctx->failed += rc != GALLEY_OK && rc != GALLEY_DROP;
	return rc;
}

/* Runs every stage of one role from a ctx set on an article, in stage
 * order; returns the first result that is not GALLEY_OK and its ctx. */
static int run_role(run *r, galley_ctx *set, galley_role role, galley_article *a, size_t from,
                    galley_ctx **stopped)
{
	for (size_t i = from; i < r->p->nstages; i++) {
		if (role_of(r, i) != role)
			continue;
		int rc = call_process(&set[i], a);
		if (rc != GALLEY_OK) {
			*stopped = &set[i];
			return rc;
		}
	}
	return GALLEY_OK;
}

/* A source with a process() callback emits light articles from run() and
 * loads each one here, on a worker (ABI 1.1): reading and parsing spread
 * over the workers while run() keeps the input order. */
static int load(galley_ctx *set, galley_article *a, galley_ctx **stopped)
{
	galley_ctx *ctx = &set[a->run.origin];
	if (!ctx->stage->plugin->process)
		return GALLEY_OK;
	*stopped = ctx;
	return call_process(ctx, a);
}

/* note appended to the reason a's input was set aside with (unchanged
 * when out of memory). */
static void add_to_reason(galley_article *a, const char *note)
{
	size_t n = strlen(a->run.failed_reason) + strlen(note) + 1;
	char *longer = realloc(a->run.failed_reason, n);
	if (longer) {
		strcat(longer, note);
		a->run.failed_reason = longer;
	}
}

/* In the worker thread (isolate: false), a file is imported whole or not
 * at all: when its source fails it (the input quarantined) after splitting
 * items off it, those items are not delivered either, and the reason says
 * how many there were.  Pieces that are quarantine records of their own
 * (reject_data) stay.  (An importer in its own process hands its items on
 * as they come: pass_on, consumed.) */
static void discard_pieces(run *r, galley_article *a, galley_ctx *ctx)
{
	size_t dropped = 0;
	for (galley_article **at = &a->run.next; *at;) {
		galley_article *p = *at;
		if (p->run.failed_input) {
			at = &p->run.next;
			continue;
		}
		*at = p->run.next;
		p->run.next = NULL;
		output_forget(r, p->run.seq); /* the files its source wrote for it */
		article_free(p);
		dropped++;
	}
	a->run.tail = NULL;
	a->run.after = 0;
	if (!dropped)
		return;
	pthread_mutex_lock(&r->lock);
	r->counts.split -= dropped;
	pthread_mutex_unlock(&r->lock);
	char note[160];
	snprintf(note, sizeof(note),
	         "; the %zu items read from it before were not delivered either (a file is "
	         "imported whole or not at all)",
	         dropped);
	if (a->run.failed_input && a->run.failed_reason) {
		add_to_reason(a, note);
	} else {
		size_t used = strlen(ctx->reason);
		snprintf(ctx->reason + used, sizeof(ctx->reason) - used, "%s", note);
	}
}

/* Marks what the transforms decided for one article (or piece). */
static void settle(run *r, galley_article *a, int rc, galley_ctx *ctx)
{
	if (rc == GALLEY_DROP) {
		count(r, &r->counts.dropped);
		output_settle(r, a->run.seq);
		a->run.dropped = 1;
		a->run.dropped_at = ctx->stage->name;
	} else if (rc != GALLEY_OK && !a->run.failed_input) {
		a->run.failed_stage = ctx->stage->name;
		a->run.failed_reason = strdup(reason_of(ctx));
	}
}

static void free_chain(galley_article *a)
{
	while (a) {
		galley_article *next = a->run.next;
		article_free(a);
		a = next;
	}
}

/* An input whose items were handed on as they came (pass_on) has nothing
 * left to deliver; when its importer failed part-way (a timeout, a crash)
 * the input is set aside, saying how far it got: what was handed on
 * stays delivered. */
static galley_article *consumed(galley_article *a, int rc, galley_ctx *ctx)
{
	if (rc == GALLEY_OK || rc == GALLEY_DROP)
		return a;
	if (!a->run.failed_input) {
		a->run.failed_input = strdup(a->source ? a->source : "(an input without a source)");
		free(a->run.failed_reason);
		a->run.failed_reason = strdup(reason_of(ctx));
		a->run.failed_stage = ctx->stage->name;
	}
	char note[200];
	snprintf(note, sizeof(note),
	         "; its first %u item%s went on through the run before it stopped, the items "
	         "after %s did not",
	         a->run.passed, a->run.passed == 1 ? "" : "s", a->run.passed == 1 ? "it" : "them");
	if (a->run.failed_reason)
		add_to_reason(a, note);
	return a;
}

/* The pieces behind first (split off by its source or a transform), each
 * through the transforms after the stage that split it; rejected pieces
 * go to quarantine. */
static void transform_pieces(run *r, galley_ctx *set, galley_article *first, galley_ctx **ctx)
{
	for (galley_article *p = first->run.next; p; p = p->run.next)
		settle(r, p,
		       p->run.failed_input
		               ? GALLEY_FAIL
		               : run_role(r, set, GALLEY_ROLE_TRANSFORM, p, p->run.origin + 1, ctx),
		       *ctx);
}

/* A worker's transforms, then those after the splitting stage for every
 * piece split off; returns the article with its pieces (for the sink
 * thread, which also quarantines failures). */
static galley_article *transform(run *r, galley_ctx *set, galley_article *a)
{
	galley_ctx *ctx = NULL;
	int rc = load(set, a, &ctx);
	if (a->run.consumed)
		return consumed(a, rc, ctx);
	if (rc != GALLEY_OK && rc != GALLEY_DROP && a->run.next)
		discard_pieces(r, a, ctx);
	if (rc == GALLEY_OK && source_settle(&set[a->run.origin], a)) {
		ctx = &set[a->run.origin];
		snprintf(ctx->reason, sizeof(ctx->reason), "out of memory");
		rc = GALLEY_FAIL;
	}
	if (rc == GALLEY_OK)
		rc = run_role(r, set, GALLEY_ROLE_TRANSFORM, a, 0, &ctx);
	settle(r, a, rc, ctx);
	transform_pieces(r, set, a, &ctx);
	return a; /* a dropped one too: the sink names it in report.json, in turn */
}

/* r->pass_on: an item of an input that holds many, complete, from an
 * importer's process: the transforms now, then on to the sinks through
 * the worker's stream, opened with the first item in the input's place.
 * So a file of a million items is never held whole, here or there. */
static void pass_on(galley_ctx *src, galley_article *input, galley_article *item)
{
	run *r = src->run;
	galley_ctx *set = src - src->index, *ctx = src;
	size_t w = worker_of(src);
	int rc = GALLEY_FAIL; /* a record of what the importer refused stays failed */
	if (!item->run.failed_input && source_settle(src, item))
		snprintf(src->reason, sizeof(src->reason), "out of memory");
	else if (!item->run.failed_input)
		rc = run_role(r, set, GALLEY_ROLE_TRANSFORM, item, item->run.origin + 1, &ctx);
	settle(r, item, rc, ctx);
	transform_pieces(r, set, item, &ctx); /* split off it by a transform */
	input->run.passed++;
	astream *s = r->watch.streams[w];
	if (!s && !input->run.tail && (s = astream_new(STREAM_CAP))) {
		reorder_put_stream(&r->order, input->run.seq, s);
		__atomic_store_n(&r->watch.streams[w], s, __ATOMIC_RELEASE); /* for the watchdog */
	}
	if (s) {
		astream_push(s, item);
		return;
	}
	/* no stream (out of memory): behind the input, as a piece split off */
	galley_article *last = input->run.tail ? input->run.tail : input;
	while (last->run.next)
		last = last->run.next;
	last->run.next = item;
	for (input->run.tail = item; input->run.tail->run.next;)
		input->run.tail = input->run.tail->run.next;
}

/* An id names files in every export and every bundle: no folder part,
 * no control character (a line break would add a line to a manifest),
 * no leading dot, not empty. */
static int id_names_a_file(const char *id)
{
	if (!id || !id[0] || id[0] == '.' || strlen(id) > 400)
		return 0;
	for (const unsigned char *c = (const unsigned char *)id; *c; c++)
		if (*c < 0x20 || *c == 0x7f || *c == '/' || *c == '\\')
			return 0;
	return 1;
}

/* An id that cannot name a file becomes its slug (else "article"). */
static int safe_id(galley_article *a)
{
	if (id_names_a_file(a->id))
		return 0;
	char *slug = slug_make(a->id ? a->id : "");
	const char *fresh = slug && slug[0] ? slug : "article";
	log_plain(GALLEY_LOG_WARN, "%s: id '%s' cannot name a file; this article's is '%s'",
	          a->source ? a->source : "an article", a->id ? a->id : "", fresh);
	int rc = article_set(a, "id", fresh);
	free(slug);
	return rc ? -1 : 0;
}

/* Two articles of one run never share an id (a file name in every
 * export): the second "weather" becomes "weather-" and eight hex digits of
 * its guid (else its source), so it keeps that id from night to night.
 * On the sink thread, in input order: the same inputs give the same ids
 * whatever --jobs is.  0, or -1 when out of memory. */
static int unique_id(run *r, galley_article *a)
{
	if (safe_id(a))
		return -1;
	const char *id = a->id ? a->id : "";
	int added = hashset_add(&r->files.ids, id);
	if (added)
		return added < 0 ? -1 : 0;
	const char *key = a->guid ? a->guid : a->source ? a->source : id;
	char fresh[600];
	uint64_t h = hashset_hash(key);
	for (unsigned tries = 0; tries < 16 && added == 0; tries++) {
		snprintf(fresh, sizeof(fresh), "%.500s-%08x", id, (unsigned)(h >> 32));
		added = hashset_add(&r->files.ids, fresh);
		h = h * 0x9E3779B97F4A7C15ull + 1; /* the rare third "weather" of one guid */
	}
	/* the same item many times over (copies of one wire in an inbox): its
	 * place in the input, which no other article of the run has */
	uint64_t place = a->run.piece || a->run.head ? a->run.parent_seq : a->run.seq;
	if (added == 0) {
		snprintf(fresh, sizeof(fresh), "%.500s-%08x-%llu-%u", id, (unsigned)(h >> 32),
		         (unsigned long long)place, a->run.piece);
		added = hashset_add(&r->files.ids, fresh);
	}
	if (added <= 0 || article_set(a, "id", fresh))
		return -1;
	log_plain(GALLEY_LOG_WARN, "%s: id '%s' is taken in this run; this article's is '%s'",
	          a->source ? a->source : "an article", id, fresh);
	return 0;
}

/* The sinks that run here, in stage order (in a shard, not the run-wide
 * ones; in a merge, with adopted set, only those: the others' files came
 * from the shard); the first result that is not GALLEY_OK and its ctx. */
static int run_sinks(run *r, galley_article *a, int adopted, galley_ctx **stopped)
{
	galley_ctx *set = ctx_at(r, 0, 0);
	for (size_t i = 0; i < r->p->nstages; i++) {
		if (role_of(r, i) != GALLEY_ROLE_SINK || !shard_stage_here(r, i) ||
		    (adopted && !shard_run_wide(r->p, i)))
			continue;
		int rc = call_process(&set[i], a);
		if (rc != GALLEY_OK) {
			*stopped = &set[i];
			return rc;
		}
	}
	return GALLEY_OK;
}

/* What the sinks decided: done and offered to the partners, dropped, or
 * quarantined with what the earlier sinks wrote for it taken back. */
static void after_sinks(run *r, galley_article *a, int rc, galley_ctx *ctx)
{
	if (rc == GALLEY_OK) {
		count(r, &r->counts.done);
		if (r->deliveries.out && !r->report.partner_failed &&
		    partners_offer(r, a, &r->report.partner_err))
			r->report.partner_failed = 1; /* the run fails at the end, nothing published */
	} else if (rc == GALLEY_DROP) {
		count(r, &r->counts.dropped);
		report_dropped(r, a->id, a->source, ctx->stage->name);
	} else {
		output_forget(r, a->run.seq);
		quarantine_article(r, a, ctx->stage->name, reason_of(ctx));
	}
}

/* The state failed (or a shard's record could not be written): the run
 * fails at the end, nothing published. */
static void fail_run(run *r, const char *why)
{
	if (r->report.partner_failed)
		return;
	galley_error_set(&r->report.partner_err, GALLEY_EIO, "%s", why);
	r->report.partner_failed = 1;
}

/* Its identity settled (item_settle: the model's rules, guid and version
 * from the state); else set aside with the reason, and when the state
 * failed, the run fails at the end.  1 when it goes on to the sinks. */
static int settle_identity(run *r, galley_article *a)
{
	char why[600];
	int settled = item_settle(r, a, why, sizeof(why));
	if (settled) {
		quarantine_article(r, a, "galley", why);
		if (settled < 0)
			fail_run(r, why);
	}
	return !settled;
}

/* An article its transforms passed: its id made unique in input order,
 * its identity settled, then the sinks.  A shard then records it for the
 * merge, as it was before settling (the merge settles it again, against
 * the state) with what its exporters wrote. */
static void deliver_settled(run *r, galley_article *a)
{
	galley_ctx *ctx = NULL;
	shard_before before = {NULL, a->version, a->guid != NULL};
	int rc = GALLEY_FAIL;
	if ((r->shard && !(before.id = strdup(a->id ? a->id : ""))) || unique_id(r, a)) {
		quarantine_article(r, a, "galley", "out of memory");
		free(before.id);
		return;
	}
	if (settle_identity(r, a)) {
		rc = r->dry_run ? GALLEY_OK : run_sinks(r, a, 0, &ctx);
		after_sinks(r, a, rc, ctx);
	}
	if (r->shard && shard_record(r, a, &before, rc != GALLEY_OK))
		fail_run(r, "cannot write the shard's articles.records");
	free(before.id);
}

static void deliver_one(run *r, galley_article *a)
{
	if (a->run.log) { /* what the workers said about it, in input order */
		log_raw(a->run.log);
		free(a->run.log);
		a->run.log = NULL;
		a->run.loglen = 0;
	}
	if (a->run.consumed && !a->run.failed_input) {
		/* its items went on by themselves (pass_on) */
	} else if (a->run.dropped) {
		/* counted when dropped; only its pieces go on */
		report_dropped(r, a->id, a->source, a->run.dropped_at);
	} else if (a->run.failed_input) {
		quarantine_input(r, a->run.failed_input, a->run.failed_data, a->run.failed_len,
		                 a->run.failed_stage,
		                 a->run.failed_reason ? a->run.failed_reason : "out of memory");
	} else if (a->run.failed_stage) {
		quarantine_article(r, a, a->run.failed_stage,
		                   a->run.failed_reason ? a->run.failed_reason : "out of memory");
	} else {
		deliver_settled(r, a);
	}
	output_settle(r, a->run.seq);
}

static void deliver(run *r, galley_article *a)
{
	for (galley_article *p = a; p; p = p->run.next)
		deliver_one(r, p);
	free_chain(a);
}

/* The identity the shard's exporters wrote is the one the merge settled:
 * their files are right as they are. */
static int same_identity(const galley_article *a, const merge_item *it)
{
	const char *guid = a->guid ? a->guid : "", *was = it->guid ? it->guid : "";
	return !strcmp(a->id ? a->id : "", it->id) && a->version == it->version && !strcmp(guid, was);
}

/* One record of a shard, in the single run's order: settled as the
 * single run would have (unique id, the state's version), the shard's
 * files put in place, then the run-wide sinks and the partners; the
 * per-article sinks again only when the identity came out otherwise. */
static void deliver_merged(run *r, merge_item *it)
{
	galley_article *a = it->article;
	a->run.seq = r->next_seq++;
	if (it->claim) { /* set aside in its shard after its id was taken: */
		if (unique_id(r, a)) /* taken here too, as one run would */
			fail_run(r, "out of memory");
		return;
	}
	galley_ctx *ctx = NULL;
	char why[600];
	int rc;
	if (unique_id(r, a)) {
		quarantine_article(r, a, "galley", "out of memory");
	} else if (settle_identity(r, a)) {
		int same = same_identity(a, it);
		if (!same)
			log_plain(GALLEY_LOG_INFO,
			          "%s: exported again: its shard wrote it as '%s' version %lld, it is '%s' "
			          "version %lld",
			          a->source ? a->source : a->id, it->id, (long long)it->version, a->id,
			          (long long)a->version);
		if ((rc = merge_adopt(r, it, a, same, why, sizeof(why))) != 0) {
			output_forget(r, a->run.seq);
			quarantine_article(r, a, "galley", why);
		} else {
			after_sinks(r, a, run_sinks(r, a, same, &ctx), ctx);
		}
	}
	output_settle(r, a->run.seq);
}

/* galley merge: the shards' records through the run-wide part, in the
 * order a single run would have taken them. */
static int merge_stream(run *r, galley_error *err)
{
	watchdog dog;
	watchdog_start(&dog, r);
	merge_item it;
	int rc;
	while ((rc = merge_next(r, &it, err)) == 1) {
		deliver_merged(r, &it);
		merge_item_clear(&it);
	}
	watchdog_stop(&dog);
	return rc < 0 ? (err->code ? err->code : GALLEY_EIO) : 0;
}

/* The worker's next input, when one waits and its source is isolated:
 * sent to the worker's importer process at once, so it loads while this
 * worker runs the transforms of the input in hand. */
static galley_article *next_ahead(run *r, galley_ctx *set, size_t w)
{
	if (!r->iso)
		return NULL;
	galley_article *next = aqueue_lend(&r->queue);
	if (next) {
		__atomic_store_n(&r->watch.ahead[w], next, __ATOMIC_RELEASE); /* for the watchdog */
		isolate_offer_next(&set[next->run.origin], w, next);
	}
	return next;
}

static void *worker_main(void *arg)
{
	galley_ctx *set = arg;
	run *r = set->run;
	size_t w = (size_t)(set - r->ctxs) / r->p->nstages - 1;
	galley_article *a = aqueue_pop(&r->queue);
	while (a) {
		galley_article *next = next_ahead(r, set, w);
		uint64_t seq = a->run.seq;
		__atomic_store_n(&r->watch.working_on[w], seq, __ATOMIC_RELEASE); /* for the watchdog */
		galley_article *done = transform(r, set, a);
		astream *s = r->watch.streams[w];
		if (s) { /* its items went on already: what is left of it, last */
			__atomic_store_n(&r->watch.streams[w], NULL, __ATOMIC_RELEASE);
			astream_push(s, done);
			astream_close(s);
		} else {
			reorder_put(&r->order, seq, done);
		}
		if (next) {
			__atomic_store_n(&r->watch.ahead[w], NULL, __ATOMIC_RELEASE);
			aqueue_keep_lent(&r->queue);
		}
		a = next ? next : aqueue_pop(&r->queue);
	}
	isolate_end_worker(r, w);
	pthread_mutex_lock(&r->lock);
	r->watch.workers_done++;
	pthread_cond_broadcast(&r->watch.workers_cv);
	pthread_mutex_unlock(&r->lock);
	return NULL;
}

/* Waits until every worker has finished or been given up on by the
 * watchdog, and joins those that finished (a stalled one never will). */
static void wait_workers(run *r, pthread_t *workers, size_t started)
{
	pthread_mutex_lock(&r->lock);
	while (r->watch.workers_done + r->watch.nstalled < started)
		pthread_cond_wait(&r->watch.workers_cv, &r->lock);
	pthread_mutex_unlock(&r->lock);
	for (size_t w = 0; w < started; w++)
		if (!r->watch.stalled[w])
			pthread_join(workers[w], NULL);
}

/* glibc keeps freed memory of the worker threads' arenas mapped; articles
 * made on workers and freed here leave holes that add up over a long run.
 * Handing free pages back now and then keeps the footprint flat. */
#define TRIM_EVERY 4096

static void *sink_main(void *arg)
{
	run *r = arg;
	galley_article *a;
	astream *s;
	uint64_t passed = 0;
	while (reorder_take(&r->order, &a, &s)) {
		if (a)
			deliver(r, a);
		/* an input's items as its worker hands them on, until it is done */
		for (galley_article *items; s && (items = astream_take(s));)
			if (deliver(r, items), ++passed % TRIM_EVERY == 0)
				malloc_trim(0);
		astream_free(s);
		if (++passed % TRIM_EVERY == 0)
			malloc_trim(0);
	}
	return NULL;
}

static int stage_error(run *r, galley_ctx *ctx, int code, const char *what, galley_error *err)
{
	const ynode *n = ctx->stage->node;
	return galley_error_at(err, code, r->p->file, n->line, n->column, "stage '%s' %s: %s",
	                       ctx->stage->name, what,
	                       ctx->reason[0] ? ctx->reason : "no reason given");
}

/* Set 0 holds sources and sinks; each worker set holds the transforms. */
static int start(run *r, galley_error *err)
{
	for (size_t set = 0; set <= r->jobs; set++)
		for (size_t i = 0; i < r->p->nstages; i++) {
			galley_ctx *ctx = ctx_at(r, set, i);
			ctx->run = r;
			ctx->stage = &r->p->stages[i];
			ctx->index = i;
			/* set 0: sources and sinks; workers: transforms, and
			 * the sources that load on workers */
			galley_role role = role_of(r, i);
			int on_worker = role == GALLEY_ROLE_TRANSFORM ||
			                (role == GALLEY_ROLE_SOURCE && ctx->stage->plugin->process);
			int on_main = role != GALLEY_ROLE_TRANSFORM;
			if (!(set == 0 ? on_main : on_worker) || !shard_stage_here(r, i))
				continue;
			if (ctx->stage->plugin->init(r->host, ctx, &ctx->state) != GALLEY_OK)
				return stage_error(r, ctx, GALLEY_EINVALID, "cannot start", err);
			ctx->initialised = 1;
		}
	return 0;
}

static int run_sources(run *r, galley_error *err)
{
	for (size_t i = 0; i < r->p->nstages; i++) {
		galley_ctx *ctx = ctx_at(r, 0, i);
		if (role_of(r, i) != GALLEY_ROLE_SOURCE)
			continue;
		ctx->reason[0] = '\0';
		if (ctx->stage->plugin->run(ctx->state, ctx) != GALLEY_OK)
			return stage_error(r, ctx, GALLEY_ESTAGE, "failed", err);
	}
	return 0;
}

/* Starts the threads, feeds them, and waits until every article is through. */
static int stream(run *r, galley_error *err)
{
	pthread_t *workers = calloc(r->jobs, sizeof(pthread_t)), sinker;
	if (!workers)
		return galley_error_set(err, GALLEY_ENOMEM, "out of memory");
	size_t started = 0;
	if (isolate_open(r)) {
		free(workers);
		return galley_error_set(err, GALLEY_ENOMEM, "out of memory");
	}
	watchdog dog;
	watchdog_start(&dog, r);
	progress bar;
	progress_start(&bar, r);
	int sink_started = pthread_create(&sinker, NULL, sink_main, r) == 0;
	while (sink_started && started < r->jobs &&
	       pthread_create(&workers[started], NULL, worker_main, ctx_at(r, started + 1, 0)) == 0)
		started++;
	int rc = started == r->jobs ? run_sources(r, err)
	                            : galley_error_set(err, GALLEY_ESTAGE, "cannot start threads");
	/* Workers leave only once the queue is closed and empty, and when a
	 * thread could not start no source ran: nothing is left in the queue. */
	aqueue_close(&r->queue);
	wait_workers(r, workers, started);
	isolate_close(r);
	reorder_close(&r->order, r->next_seq);
	if (sink_started)
		pthread_join(sinker, NULL);
	progress_stop(&bar);
	watchdog_stop(&dog);
	free(workers);
	return rc;
}

/* Articles' files were written without an fsync each; one syncfs makes
 * them all durable before the sinks finish (and bundles claim them), and
 * another after finish for the files written there. */
static int sync_outputs(run *r, galley_error *err)
{
	int e = output_sync(r);
	return e ? galley_error_at(err, GALLEY_EIO, r->output, 0, 0,
	                           "cannot sync the output folder: %s", strerror(-e))
	         : 0;
}

static int finish(run *r, galley_error *err)
{
	if (r->watch.nstalled) /* nothing is finished or published after a stall */
		return galley_error_set(err, GALLEY_ESTAGE, "%s", r->watch.stall_msg);
	for (size_t i = 0; i < r->p->nstages; i++) {
		galley_role role = role_of(r, i);
		if (!r->p->stages[i].plugin->finish || role == GALLEY_ROLE_SOURCE ||
		    (role == GALLEY_ROLE_SINK && r->dry_run) || !shard_stage_here(r, i))
			continue;
		size_t first = role == GALLEY_ROLE_TRANSFORM ? 1 : 0;
		size_t last = role == GALLEY_ROLE_TRANSFORM ? r->jobs : 0;
		for (size_t set = first; set <= last; set++) {
			galley_ctx *ctx = ctx_at(r, set, i);
			ctx->reason[0] = '\0';
			if (ctx->stage->plugin->finish(ctx->state, ctx) != GALLEY_OK)
				return stage_error(r, ctx, GALLEY_ESTAGE, "failed to finish", err);
		}
	}
	return 0;
}

static void stop(run *r)
{
	for (size_t k = (r->jobs + 1) * r->p->nstages; k-- > 0;) {
		galley_ctx *ctx = &r->ctxs[k];
		size_t set = k / r->p->nstages;
		if (set > 0 && r->watch.stalled[set - 1])
			continue; /* its thread is still inside a call */
		import_data_release(ctx);
		if (ctx->initialised && ctx->stage->plugin->destroy)
			ctx->stage->plugin->destroy(ctx->state);
		free(ctx->view);
		free(ctx->info);
	}
}

static int prepare_output(run *r, galley_error *err)
{
	if (r->dry_run)
		return 0;
	int e = path_mkdirs(r->output, 0755);
	if (e)
		return galley_error_at(err, GALLEY_ESTAGE, r->output, 0, 0,
		                       "cannot create the output folder: %s", strerror(-e));
	/* what a killed run was writing (NAME.tmp.PID of a process now gone) */
	long swept = path_sweep_temps(r->output, 0);
	if (swept > 0)
		log_plain(GALLEY_LOG_INFO, "removed %ld temporary files a stopped run left in %s",
		          swept, r->output);
	return 0;
}

/* The run's memory, queues and per-stage contexts; nothing started yet. */
static int run_open(run *r, pipeline *p, const runner_opts *opts, galley_error *err)
{
	memset(r, 0, sizeof(*r));
	r->p = p;
	r->host = host_api();
	r->dry_run = opts->dry_run;
	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	r->report.started = (double)t0.tv_sec + (double)t0.tv_nsec / 1e9;
	r->verbose = opts->verbose;
	r->ordered_log = 1;
	r->progress = opts->progress;
	r->jobs = opts->jobs ? opts->jobs : 1;
	r->output = p->output;
	arena_init(&r->ar);
	pthread_mutex_init(&r->lock, NULL);
	runner_set_dates(r, opts->now);
	r->quarantine_root = path_join(&r->ar, p->output, "quarantine");
	r->started_at = (long long)time(NULL);
	r->ctxs = calloc((r->jobs + 1) * p->nstages, sizeof(galley_ctx));
	r->watch.stalled = calloc(r->jobs, 1);
	r->watch.working_on = calloc(r->jobs, sizeof(uint64_t));
	r->watch.ahead = calloc(r->jobs, sizeof(galley_article *));
	r->watch.streams = calloc(r->jobs, sizeof(astream *));
	r->pass_on = pass_on;
	pthread_cond_init(&r->watch.workers_cv, NULL);
	r->queue_ok = aqueue_init(&r->queue, QUEUE_CAP, r->jobs) == 0;
	r->order_ok = r->queue_ok && reorder_init(&r->order, REORDER_SLOTS) == 0;
	r->deliveries.full = opts->full;
	r->deliveries.only = opts->partner;
	r->deliveries.since = opts->since;
	r->deliveries.guid = opts->guid;
	r->deliveries.now = r->now;
	return r->ctxs && r->watch.stalled && r->watch.working_on && r->watch.ahead &&
	               r->watch.streams && r->quarantine_root &&
	               r->order_ok
	           ? 0
	           : galley_error_set(err, GALLEY_ENOMEM, "out of memory");
}

/* Destroys every stage that started and releases what run_open made. */
static void run_close(run *r)
{
	if (r->ctxs && r->watch.stalled)
		stop(r);
	free(r->ctxs);
	free(r->watch.stalled);
	free(r->watch.working_on);
	free(r->watch.ahead);
	free(r->watch.streams);
	pthread_cond_destroy(&r->watch.workers_cv);
	if (r->queue_ok)
		aqueue_release(&r->queue);
	if (r->order_ok)
		reorder_release(&r->order);
	output_release(r);
	report_release(r);
	shard_close(r);
	merge_close(r);
	arena_release(&r->ar);
	pthread_mutex_destroy(&r->lock);
}

/* A shard or a merge opened, or neither; before anything is written. */
static int open_split(run *r, const runner_opts *opts, galley_error *err)
{
	if (opts->shard)
		return shard_open(r, opts->shard, err);
	return opts->merge ? merge_open(r, opts->merge, err) : 0;
}

int runner_run(pipeline *p, const runner_opts *opts, run_counts *counts, galley_error *err)
{
	run r;
	int rc = run_open(&r, p, opts, err);
	/* a shard already running, or shards not all finished: refused
	 * before anything is written, a report included */
	int refused = 0;
	if (!rc)
		refused = rc = open_split(&r, opts, err);
	if (!rc)
		rc = prepare_output(&r, err);
	if (!rc && !r.shard) /* a shard's partners are the merge's */
		rc = partners_start(&r, err);
	if (!rc)
		rc = start(&r, err);
	if (!rc)
		rc = r.merge ? merge_stream(&r, err) : stream(&r, err);
	if (!rc)
		rc = sync_outputs(&r, err);
	if (!rc)
		rc = finish(&r, err);
	if (!rc) /* files written in finish (feeds, run-wide exports) */
		rc = sync_outputs(&r, err);
	if (!rc && r.report.partner_failed)
		rc = (*err = r.report.partner_err,
		      r.report.partner_err.code ? r.report.partner_err.code : GALLEY_EIO);
	if (!rc && r.shard) /* last: the merge takes only a shard that finished */
		rc = shard_complete(&r, err);
	if (!rc && r.deliveries.out)
		rc = partners_finish(&r, err);
	if (!rc && r.deliveries.out) /* after the outboxes: what is queued goes out */
		rc = partners_deliver(&r, err);
	if (!rc && !r.dry_run && !r.shard) /* articles' folders hold this run's articles, and no others */
		output_sweep_stale(&r);
	if (!rc && r.merge)
		merge_finish(&r);
	if (!refused)
		quarantine_expire(&r, p->quarantine_days);
	if (!r.dry_run && r.ctxs && !refused)
		report_write(&r, rc ? "failed" : "ok", rc ? err : NULL);
	if (!r.dry_run && r.ctxs && !refused && opts->metrics &&
	    metrics_write(&r, opts->metrics, !rc) != 0)
		log_plain(GALLEY_LOG_ERROR, "%s: cannot write the metrics", opts->metrics);
	partners_stop(&r, rc ? "failed" : "ok");
	*counts = r.counts;
	counts->stalled = r.watch.nstalled;
	run_close(&r);
	return rc;
}

int runner_start_only(pipeline *p, galley_error *err)
{
	runner_opts opts = {.dry_run = 1, .jobs = 1};
	run r;
	int rc = run_open(&r, p, &opts, err);
	if (!rc)
		rc = start(&r, err);
	run_close(&r);
	return rc;
}
