/* partner_sink.c — delivery to partners (see partner_sink.h). */
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "base/log.h"
#include "base/path.h"
#include "config/partners.h"
#include "deliver/bundle.h"
#include "deliver/delivery.h"
#include "deliver/partner_out.h"
#include "deliver/partner_outputs.h"
#include "deliver/partner_sink.h"
#include "run/run.h"

/* {partner}-{date}-{seq}.{ext} */
static void expand(const partner *pt, const char *date, int seq, char *out, size_t size)
{
	size_t n = 0;
	for (const char *c = pt->pattern; *c && n + 1 < size;) {
		const char *v = NULL;
		char num[16];
		size_t skip = 0;
		if (strncmp(c, "{partner}", 9) == 0)
			v = pt->name, skip = 9;
		else if (strncmp(c, "{date}", 6) == 0)
			v = date, skip = 6;
		else if (strncmp(c, "{seq}", 5) == 0)
			snprintf(num, sizeof(num), "%d", seq), v = num, skip = 5;
		else if (strncmp(c, "{ext}", 5) == 0)
			v = pt->archive, skip = 5;
		if (v) {
			n += (size_t)snprintf(out + n, size - n, "%s", v);
			c += skip;
		} else {
			out[n++] = *c++;
		}
	}
	out[n < size ? n : size - 1] = '\0';
}

/* GALLEY_FAULT=NAME stops the process at a named point, for the crash
 * tests (tests/partners.t, tests/versions.t); unset, it costs one getenv
 * per bundle.  fault_is(NAME) tells a test's fault that is not a kill
 * (tests/safety.t: the state full when a bundle is confirmed). */
static int fault_is(const char *name)
{
	const char *f = getenv("GALLEY_FAULT");
	return f && strcmp(f, name) == 0;
}

static void fault_point(const char *name)
{
	if (fault_is(name))
		raise(SIGKILL);
}

/* Is o one of the partners this run delivers to (--partner)? */
static int wanted(const deliveries *d, const partner_out *o)
{
	return !d->only || strcmp(d->only, o->pt->name) == 0;
}

int partners_start(run *r, galley_error *err)
{
	deliveries *d = &r->deliveries;
	pipeline *p = r->p;
	if (!p->npartners)
		return 0;
	d->started = time(NULL);
	d->plan = r->dry_run;
	int rc = d->plan ? state_open_readonly(&d->st, p->state, err)
	                 : state_open(&d->st, p->state, err);
	if (rc)
		return rc;
	d->out = calloc(p->npartners, sizeof(partner_out));
	if (!d->out)
		return galley_error_set(err, GALLEY_ENOMEM, "out of memory");
	d->n = p->npartners;
	for (size_t i = 0; i < d->n; i++) /* all, before any can fail: the report reads them */
		d->out[i].pt = &p->partners[i];
	for (size_t i = 0; i < d->n; i++) {
		if (p->partners[i].when && (rc = partner_when_open(&d->out[i], err)))
			return rc;
		if (d->plan)
			continue;
		struct stat st;
		int e = path_mkdirs(p->partners[i].outbox, 0755);
		if (!e && (stat(p->partners[i].outbox, &st) != 0 || !S_ISDIR(st.st_mode)))
			e = -ENOTDIR;
		if (e)
			return galley_error_set(err, GALLEY_EIO, "cannot create outbox %s: %s",
			                        p->partners[i].outbox, strerror(-e));
		/* with the lock held no other run writes here: every leftover is stale */
		path_sweep_temps(p->partners[i].outbox, 1);
	}
	for (size_t i = 0; i < d->n; i++)
		if (wanted(d, &d->out[i]))
			partner_outputs_compare(r, &d->out[i]);
	return 0;
}

/* 1 when the outbox holds a bundle of that name, or its checksum. */
static int taken(const partner *pt, const char *name)
{
	char path[4200];
	snprintf(path, sizeof(path), "%s/%s", pt->outbox, name);
	if (access(path, F_OK) == 0)
		return 1;
	snprintf(path, sizeof(path), "%s/%s.sha256", pt->outbox, name);
	return access(path, F_OK) == 0;
}

static int open_out(run *r, partner_out *o, galley_error *err)
{
	const partner *pt = o->pt;
	/* the next {seq} the state knows, past any the outbox holds (another
	 * pipeline's, or a lost state's): a bundle is never replaced */
	o->seq = state_next_seq(&r->deliveries.st, pt->name, r->date);
	expand(pt, r->date, o->seq, o->name, sizeof(o->name));
	while (taken(pt, o->name) && o->seq < 1000000)
		expand(pt, r->date, ++o->seq, o->name, sizeof(o->name));
	snprintf(o->root, sizeof(o->root), "%.*s", (int)strcspn(o->name, "."), o->name);
	snprintf(o->file, sizeof(o->file), "%s/%s", pt->outbox, o->name);
	snprintf(o->tmp, sizeof(o->tmp), "%s/.%s.tmp.%ld", pt->outbox, o->name, (long)getpid());
	bundle_info info = {.root = o->root,
	                    .bagit = pt->bagit,
	                    .mtime = bundle_time_of(r->epoch, r->date),
	                    .by_key = "partner",
	                    .by = pt->name,
	                    .date = r->date,
	                    .organization = pt->organization};
	const char *tmp = o->tmp;
	pstate *st = &r->deliveries.st;
	int rc = state_begin(st, err);
	if (!rc)
		rc = state_bundle(st, pt->name, o->name, o->file, r->date, o->seq, err);
	if (!rc && pt->deliver.scheme != DELIVER_NONE) /* queued with its record */
		rc = state_delivery_queue(st, pt->name, o->name, o->file, err);
	return rc ? rc : bundle_open(&o->b, &info, &pt->archive, &tmp, 1, err);
}

static int in_formats(const partner *pt, size_t index)
{
	for (size_t f = 0; f < pt->formats.count; f++)
		if (pt->format_stages[f] == index)
			return 1;
	return 0;
}

/* Files a source wrote for an article (the pictures of an archive entry)
 * travel with it to every partner that gets it. */
static int carried(const run *r, const partner *pt, const output_file *f, size_t *formats)
{
	if (in_formats(pt, f->stage))
		return ++*formats, 1;
	return r->p->stages[f->stage].plugin->role == GALLEY_ROLE_SOURCE;
}

/* The article's entries from the partner's format stages (with the files
 * its source wrote; none when no format stage wrote one), copied out of
 * the register under its lock.  The strings and bytes they point to stay
 * put until the article is settled, which only this (the sink) thread does,
 * so reading and packing can happen without holding the lock. */
output_file *partner_entries(run *r, const partner *pt, uint64_t seq, size_t *n)
{
	pthread_mutex_lock(&r->lock);
	output_file *out = malloc((r->files.noutputs ? r->files.noutputs : 1) * sizeof(*out));
	*n = 0;
	size_t formats = 0;
	for (size_t i = 0; out && i < r->files.noutputs; i++)
		if (r->files.outputs[i].seq == seq && carried(r, pt, &r->files.outputs[i], &formats))
			out[(*n)++] = r->files.outputs[i];
	if (!formats)
		*n = 0;
	pthread_mutex_unlock(&r->lock);
	return out;
}

int partner_bundle_add(run *r, partner_out *o, const char *path, const void *data, size_t len,
                       const char *full, galley_error *err)
{
	int rc = o->b ? 0 : open_out(r, o, err);
	if (!rc)
		rc = full ? bundle_add_file(o->b, path, full, err) : bundle_add(o->b, path, data, len, err);
	return rc;
}

int partner_bundle_note(run *r, partner_out *o, const state_item *it, const char *action,
                        galley_error *err)
{
	bundle_item bi = {.id = it->id,
	                  .guid = it->guid,
	                  .version = it->version,
	                  .action = action,
	                  .hash = it->hash};
	if (bundle_note_item(o->b, &bi))
		return galley_error_set(err, GALLEY_ENOMEM, "out of memory");
	int rc = state_article(&r->deliveries.st, o->pt->name, o->name, it, err);
	if (rc)
		return rc;
	o->nitems++;
	return 0;
}

void partner_count(partner_out *o, const char *action)
{
	partner_counts *c = &o->counts;
	if (strcmp(action, "kill") == 0)
		c->killed++;
	else if (strcmp(action, "update") == 0)
		c->updated++;
	else
		c->added++;
}

/* The article's files from the partner's format stages, into its bundle;
 * 0 with nothing packed when no format stage wrote a file for it. */
static int pack(run *r, partner_out *o, galley_article *a, const state_item *it,
                const char *action, galley_error *err)
{
	size_t n;
	output_file *files = partner_entries(r, o->pt, a->run.seq, &n);
	if (!files)
		return galley_error_set(err, GALLEY_ENOMEM, "out of memory");
	int rc = 0;
	for (size_t i = 0; !rc && i < n; i++)
		rc = partner_bundle_add(r, o, files[i].path, files[i].data, files[i].len,
		                        files[i].full, err);
	free(files);
	if (!rc && n && !(rc = partner_bundle_note(r, o, it, action, err)))
		partner_count(o, action);
	return rc;
}

/* --since DATE: the article's date (modified, else published, else
 * created) is DATE or later; ISO dates compare as text. */
static int dated_since(const galley_article *a, const char *since)
{
	const char *date = a->dates.at[DATE_MODIFIED]    ? a->dates.at[DATE_MODIFIED]
	                 : a->dates.at[DATE_PUBLISHED] ? a->dates.at[DATE_PUBLISHED]
	                                            : a->dates.at[DATE_CREATED];
	return since && date && strncmp(date, since, strlen(since)) >= 0;
}

/* What the partner gets of a: "new", "update" or "kill", or NULL (not
 * sent now; counted).  A kill goes only where an earlier version went; a
 * withheld item nowhere; an unchanged one nowhere unless re-sent on
 * purpose; an embargoed one, with `embargo: hold`, is held. */
static const char *decide(run *r, partner_out *o, const galley_article *a, int resend,
                          int *hold)
{
	deliveries *d = &r->deliveries;
	const char *status = article_pubstatus(a);
	delivered had;
	state_delivered(&d->st, o->pt->name, a->guid, &had);
	*hold = 0;
	if (strcmp(status, "withheld") == 0) {
		o->counts.withheld++;
		return NULL;
	}
	if (strcmp(status, "canceled") == 0) {
		if (had.found && had.canceled && !resend)
			o->counts.unchanged++; /* killed already */
		return had.found && (!had.canceled || resend) ? "kill" : NULL;
	}
	if (had.found && !resend && strcmp(had.hash, a->run.hash) == 0) {
		o->counts.unchanged++;
		return NULL;
	}
	if (a->run.release > d->now && !o->pt->embargo_pass) {
		*hold = 1;
		o->counts.held++;
		if (!o->counts.next_release || a->run.release < o->counts.next_release)
			o->counts.next_release = a->run.release;
	}
	return had.found ? "update" : "new";
}

/* Offers a to one partner that wants it. */
static int offer_one(run *r, partner_out *o, galley_article *a, int resend, galley_error *err)
{
	deliveries *d = &r->deliveries;
	int hold;
	const char *action = decide(r, o, a, resend, &hold);
	state_item it = {.guid = a->guid,
	                 .id = a->id,
	                 .version = a->version,
	                 .hash = a->run.hash,
	                 .pubstatus = article_pubstatus(a)};
	int rc = d->plan ? 0 : state_begin(&d->st, err);
	if (!rc && !action && !d->plan && strcmp(it.pubstatus, "canceled") == 0)
		rc = state_unhold(&d->st, o->pt->name, a->guid, err); /* killed before release */
	if (rc || !action)
		return rc;
	if (hold)
		return d->plan || state_is_held(&d->st, o->pt->name, a->guid, a->run.hash)
		               ? 0
		               : partner_hold(r, o, a, &it, a->run.release, err);
	if (d->plan) { /* counted, not packed */
		o->nitems++;
		partner_count(o, action);
		return 0;
	}
	rc = pack(r, o, a, &it, action, err);
	if (!rc)
		fault_point("while-packing");
	return rc;
}

int partners_offer(run *r, galley_article *a, galley_error *err)
{
	deliveries *d = &r->deliveries;
	int resend = d->full || dated_since(a, d->since);
	if (d->guid && (!a->guid || strcmp(d->guid, a->guid) != 0))
		return 0;
	d->guid_seen = 1;
	for (size_t i = 0; i < d->n; i++) {
		partner_out *o = &d->out[i];
		const partner *pt = o->pt;
		if (d->only && strcmp(d->only, pt->name) != 0)
			continue;
		if (!partner_wants(pt, a->section, a->language, (const char *const *)a->keywords.items,
		                   a->keywords.count))
			continue;
		int yes = o->when ? partner_when_wants(o, a, err) : 1;
		if (yes < 0)
			return GALLEY_ESTAGE; /* a broken predicate must not drop deliveries quietly */
		o->counts.matched += yes != 0;
		int rc = yes ? offer_one(r, o, a, resend, err) : 0;
		if (rc)
			return rc;
	}
	return 0;
}

/* fsyncs the file at path, then its SHA-256 (the bundle writer's). */
static int sync_file(const char *path, char sha[65])
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	int rc = fd >= 0 && fsync(fd) == 0 ? 0 : -1;
	if (fd >= 0)
		close(fd);
	return rc ? rc : bundle_file_sha256(path, sha);
}

/* Closes and fsyncs a bundle under its temporary name and notes its
 * checksum in the (still open) state transaction. */
static int seal(run *r, partner_out *o, galley_error *err)
{
	int rc = bundle_close(o->b, err);
	if (!rc && sync_file(o->tmp, o->sha))
		rc = galley_error_set(err, GALLEY_EIO, "cannot sync %s: %s", o->tmp, strerror(errno));
	return rc ? rc : state_bundle_done(&r->deliveries.st, o->name, o->sha, o->nitems, err);
}

/* Renames a sealed, recorded bundle into the outbox, writes its sidecar,
 * and confirms it. */
static int publish(run *r, partner_out *o, galley_error *err)
{
	deliveries *d = &r->deliveries;
	fault_point("before-rename");
	int e = path_rename_new(o->tmp, o->file);
	if (e) {
		state_abandon(&d->st, o->name);
		return e == -EEXIST
		             ? galley_error_set(err, GALLEY_EIO,
		                                "%s appeared while this run wrote it (another run "
		                                "sharing the outbox?); it is not replaced",
		                                o->file)
		             : galley_error_set(err, GALLEY_EIO, "cannot move %s into place: %s",
		                                o->file, strerror(-e));
	}
	o->published = 1;
	r->counts.published++;
	path_sync_dir(o->pt->outbox);
	fault_point("after-rename");
	if (path_write_checksum(o->file, o->sha) != 0) /* the next run writes it */
		log_plain(GALLEY_LOG_ERROR, "cannot write %s.sha256", o->file);
	int rc = fault_is("confirm-fails")
	               ? galley_error_set(err, GALLEY_EIO, "state: database or disk is full")
	               : state_confirm(&d->st, o->name, err);
	if (!rc) {
		d->sent += o->nitems;
		return 0;
	}
	/* published, but not recorded: the next run finds it in the outbox and
	 * counts its articles as sent (state_open); say so, not "nothing sent" */
	char why[sizeof(err->message)];
	snprintf(why, sizeof(why), "%s", err->message);
	return galley_error_set(err, GALLEY_EIO,
	                        "partner %s: %s is published, but the state could not record it "
	                        "(%s); the next run counts its %zu articles as sent",
	                        o->pt->name, o->file, why, o->nitems);
}


/* Every bundle is sealed and the state transaction committed (all of
 * them pending) before the first rename; then each is published. */
/* "(1 new, 2 updated, 1 held until …, 3 unchanged)": what the run did
 * besides, only the counts that are not 0 but unchanged. */
static void describe(const partner_out *o, char *out, size_t size)
{
	const partner_counts *c = &o->counts;
	const struct {
		unsigned long long n;
		const char *what;
	} parts[] = {{c->added, "new"},         {c->updated, "updated"},
	             {c->killed, "killed"},     {c->released, "released from embargo"},
	             {c->withheld, "withheld"}};
	size_t n = (size_t)snprintf(out, size, "(");
	for (size_t i = 0; i < sizeof(parts) / sizeof(parts[0]) && n < size; i++)
		if (parts[i].n)
			n += (size_t)snprintf(out + n, size - n, "%llu %s, ", parts[i].n, parts[i].what);
	if (c->held && n < size) {
		char when[32];
		time_t t = (time_t)c->next_release;
		struct tm tm;
		gmtime_r(&t, &tm);
		strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm);
		n += (size_t)snprintf(out + n, size - n, "%llu held until %s%s, ", c->held,
		                      c->held > 1 ? "the earliest " : "", when);
	}
	if (n < size)
		snprintf(out + n, size - n, "%llu unchanged)", c->unchanged);
}

int partners_finish(run *r, galley_error *err)
{
	deliveries *d = &r->deliveries;
	int rc = 0;
	if (d->guid && !d->guid_seen)
		log_plain(GALLEY_LOG_WARN, "no article of this run has the guid '%s': nothing resent",
		          d->guid);
	for (size_t i = 0; !rc && !d->guid && i < d->n; i++)
		if (wanted(d, &d->out[i]))
			rc = partner_release_due(r, &d->out[i], err);
	for (size_t i = 0; !rc && !d->plan && i < d->n; i++)
		if (d->out[i].b && wanted(d, &d->out[i]))
			rc = seal(r, &d->out[i], err);
	if (!rc && !d->plan)
		rc = state_commit(&d->st, err);
	for (size_t i = 0; !rc && !d->plan && !d->guid && i < d->n; i++)
		if (wanted(d, &d->out[i]))
			partner_outputs_record(r, &d->out[i]);
	for (size_t i = 0; !rc && i < d->n; i++) {
		partner_out *o = &d->out[i];
		char what[400];
		const char *articles = o->nitems == 1 ? "article" : "articles";
		if (!wanted(d, o))
			continue;
		/* a filter that matches nothing must not read like a quiet night */
		if (!o->counts.matched && r->counts.done && !d->guid)
			log_plain(GALLEY_LOG_WARN,
			          "partner %s: its filters matched none of this run's %llu articles",
			          o->pt->name, (unsigned long long)r->counts.done);
		describe(o, what, sizeof(what));
		if (d->plan)
			log_plain(LOG_SUMMARY, "partner %s: %zu %s would be sent %s", o->pt->name,
			          o->nitems, articles, what);
		else if (!o->b)
			log_plain(LOG_SUMMARY, "partner %s: nothing new to send %s", o->pt->name, what);
		else if (!(rc = publish(r, o, err)))
			log_plain(LOG_SUMMARY, "partner %s: %zu %s in %s %s", o->pt->name, o->nitems,
			          articles, o->file, what);
	}
	return rc;
}

int partners_deliver(run *r, galley_error *err)
{
	deliveries *d = &r->deliveries;
	const pipeline *p = r->p;
	d->outcomes = calloc(p->npartners, sizeof(delivery_outcome));
	if (!d->outcomes)
		return galley_error_set(err, GALLEY_ENOMEM, "out of memory");
	int rc = delivery_send(&d->st, p->partners, p->npartners, d->only, d->plan, d->outcomes, err);
	r->counts.undelivered = delivery_failures(d->outcomes, p->npartners);
	return rc;
}

/* What a partner's deliver: did in this run, for report.json. */
static json_t *delivery_report(const partner *pt, const delivery_outcome *o)
{
	json_t *e = json_pack("{s:s, s:s, s:I, s:I, s:I, s:I}", "scheme",
	                      deliver_scheme_name(pt->deliver.scheme), "url", pt->deliver.url,
	                      "delivered", (json_int_t)o->sent, "failed", (json_int_t)o->failed,
	                      "queued", (json_int_t)o->waiting, "bytes", (json_int_t)o->bytes);
	if (e && o->error[0])
		json_object_set_new(e, "error", json_string(o->error));
	return e;
}

json_t *partners_report(run *r)
{
	deliveries *d = &r->deliveries;
	json_t *list = json_array();
	for (size_t i = 0; i < d->n; i++) {
		const partner_out *o = &d->out[i];
		if (d->only && strcmp(d->only, o->pt->name) != 0)
			continue;
		const partner_counts *c = &o->counts;
		json_t *e = json_pack("{s:s, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I}", "partner",
		                      o->pt->name, d->plan ? "would_send" : "sent",
		                      (json_int_t)o->nitems, "new", (json_int_t)c->added, "updated",
		                      (json_int_t)c->updated, "killed", (json_int_t)c->killed,
		                      "released", (json_int_t)c->released, "held",
		                      (json_int_t)c->held, "withheld", (json_int_t)c->withheld,
		                      "unchanged", (json_int_t)c->unchanged);
		if (o->published) {
			json_object_set_new(e, "bundle", json_string(o->name));
			json_object_set_new(e, "file", json_string(o->file));
			json_object_set_new(e, "sha256", json_string(o->sha));
		}
		if (d->outcomes && o->pt->deliver.scheme != DELIVER_NONE)
			json_object_set_new(e, "delivery", delivery_report(o->pt, &d->outcomes[i]));
		json_array_append_new(list, e);
	}
	return list;
}

void partners_stop(run *r, const char *status)
{
	deliveries *d = &r->deliveries;
	for (size_t i = 0; i < d->n; i++) {
		partner_out *o = &d->out[i];
		bundle_free(o->b);
		if (o->b && !o->published)
			unlink(o->tmp); /* never under its final name */
		partner_when_close(o);
	}
	free(d->out);
	d->out = NULL;
	free(d->outcomes);
	d->outcomes = NULL;
	state_rollback(&d->st); /* a failed run: nothing it packed stays pending */
	if (d->st.db && !d->plan) {
		char started[32];
		struct tm tm;
		gmtime_r(&d->started, &tm);
		strftime(started, sizeof(started), "%Y-%m-%dT%H:%M:%SZ", &tm);
		state_run_record(&d->st, started, status, (long long)r->counts.read,
		                 (long long)r->counts.done,
		                 (long long)(r->counts.quarantined + r->counts.rejected),
		                 (long long)d->sent);
	}
	if (d->st.db || d->st.lock_fd >= 0)
		state_close(&d->st);
}
