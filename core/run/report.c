/* report.c — OUTPUT/report.json, the record of one run: when and how it
 * ended, the counts, each stage's work and time (summed over workers),
 * each partner's delivery, and what was quarantined and why.  Written
 * atomically at the end of every run that is not a dry run. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/log.h"
#include "base/path.h"
#include "base/utf8.h"
#include "config/plugin_load.h"
#include "deliver/partner_sink.h"
#include "run/run.h"
#include "run/output.h"
#include "run/report.h"
#include "run/report_html.h"

static char *copy(const char *text)
{
	return text ? strdup(text) : NULL;
}

/* One more record in a list (the first REPORT_ASIDE_MAX), a copy of s. */
static void add_record(set_aside **list, size_t *n, size_t *cap, const set_aside *from)
{
	if (*n >= REPORT_ASIDE_MAX)
		return;
	if (*n == *cap) {
		size_t more = *cap ? *cap * 2 : 16;
		set_aside *grown = realloc(*list, more * sizeof(*grown));
		if (!grown)
			return;
		*list = grown;
		*cap = more;
	}
	set_aside *s = &(*list)[(*n)++];
	s->what = strdup(from->what ? from->what : "");
	s->source = copy(from->source);
	s->stage = strdup(from->stage ? from->stage : "");
	s->reason = copy(from->reason);
	s->kept = copy(from->kept);
	s->reason_file = copy(from->reason_file);
}

void report_aside(run *r, const set_aside *s)
{
	set_aside with = *s;
	with.reason = s->reason ? s->reason : "";
	add_record(&r->report.aside, &r->report.naside, &r->report.capaside, &with);
}

void report_dropped(run *r, const char *what, const char *source, const char *stage_name)
{
	set_aside s = {.what = (char *)what, .source = (char *)source, .stage = (char *)stage_name};
	pthread_mutex_lock(&r->lock);
	add_record(&r->report.dropped, &r->report.ndropped, &r->report.capdropped, &s);
	pthread_mutex_unlock(&r->lock);
	if (r->verbose)
		log_plain(GALLEY_LOG_DEBUG, "%s%s%s%s: dropped at stage '%s'", what ? what : "article",
		          source ? " (" : "", source ? source : "", source ? ")" : "", stage_name);
}

static void release_records(set_aside **list, size_t *n, size_t *cap)
{
	for (size_t i = 0; i < *n; i++) {
		free((*list)[i].what);
		free((*list)[i].source);
		free((*list)[i].stage);
		free((*list)[i].reason);
		free((*list)[i].kept);
		free((*list)[i].reason_file);
	}
	free(*list);
	*list = NULL;
	*n = *cap = 0;
}

void report_release(run *r)
{
	release_records(&r->report.aside, &r->report.naside, &r->report.capaside);
	release_records(&r->report.dropped, &r->report.ndropped, &r->report.capdropped);
}

static json_t *stages_json(run *r)
{
	json_t *list = json_array();
	for (size_t i = 0; i < r->p->nstages; i++) {
		uint64_t calls = 0, dropped = 0, failed = 0;
		double secs = 0;
		for (size_t set = 0; set <= r->jobs; set++) {
			const galley_ctx *c = &r->ctxs[set * r->p->nstages + i];
			calls += c->calls, dropped += c->dropped, failed += c->failed;
			secs += c->seconds;
		}
		const stage *s = &r->p->stages[i];
		json_array_append_new(
			list, json_pack("{s:s, s:s, s:s, s:I, s:I, s:I, s:f}", "name", s->name, "uses",
		                        s->use ? s->use : s->lua, "role", plugin_role_name(s->plugin->role),
		                        "articles", (json_int_t)calls, "dropped", (json_int_t)dropped,
		                        "failed", (json_int_t)failed, "seconds", secs));
	}
	return list;
}

static json_t *records_json(const set_aside *records, size_t n)
{
	json_t *list = json_array();
	for (size_t i = 0; i < n; i++) {
		const set_aside *s = &records[i];
		/* a file name need not be UTF-8: named with \xNN, never left out */
		char *what = utf8_escaped(s->what), *source = utf8_escaped(s->source);
		char *reason = utf8_escaped(s->reason);
		json_t *o = json_pack("{s:s?, s:s}", "article", what, "stage", s->stage);
		if (o && reason) /* dropped articles have none */
			json_object_set_new(o, "reason", json_string(reason));
		if (o && source)
			json_object_set_new(o, "source", json_string(source));
		if (o && s->kept) /* made of safe names: UTF-8 when the input's was */
			json_object_set_new(o, "kept", json_string(s->kept));
		if (o && s->reason_file)
			json_object_set_new(o, "reason_file", json_string(s->reason_file));
		if (o)
			json_array_append_new(list, o);
		free(what);
		free(source);
		free(reason);
	}
	return list;
}

static json_t *report_json(run *r, const char *status, const galley_error *err)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	double secs = (double)now.tv_sec + (double)now.tv_nsec / 1e9 - r->report.started;
	time_t t = time(NULL);
	char at[32];
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(at, sizeof(at), "%Y-%m-%dT%H:%M:%SZ", &tm);
	const run_counts *c = &r->counts;
	json_t *o = json_pack(
		"{s:s, s:s, s:s, s:s, s:f, s:I, s:{s:I, s:I, s:I, s:I, s:I, s:I}}", "pipeline",
		r->p->name, "status", status, "date", r->date, "finished", at, "seconds", secs,
		"jobs", (json_int_t)r->jobs, "counts", "read", (json_int_t)c->read, "split",
		(json_int_t)c->split, "done", (json_int_t)c->done, "dropped", (json_int_t)c->dropped,
		"quarantined", (json_int_t)c->quarantined, "rejected", (json_int_t)c->rejected);
	if (!o)
		return NULL;
	if (err && err->message[0]) {
		char msg[2048];
		galley_error_format(err, msg, sizeof(msg));
		json_object_set_new(o, "error", json_string(msg));
	}
	if (strcmp(status, "ok") != 0) /* the run did not finish: what that left */
		json_object_set_new(o, "stopped",
		                    json_string(c->published ? "bundles were published before it stopped "
		                                               "(see partners)"
		                                             : "nothing was delivered"));
	json_object_set_new(o, "stages", stages_json(r));
	/* an aborted run publishes nothing, and its sink thread may still be
	 * going: its partners' figures are neither final nor safe to read */
	json_object_set_new(o, "partners", r->watch.aborted ? json_array() : partners_report(r));
	if (r->quarantine && r->quarantine_root) /* this run's folder, made */
		json_object_set_new(o, "quarantine_folder",
		                    json_pack("s+", "quarantine/", strrchr(r->quarantine, '/') + 1));
	json_object_set_new(o, "quarantined", records_json(r->report.aside, r->report.naside));
	json_object_set_new(o, "dropped", records_json(r->report.dropped, r->report.ndropped));
	return o;
}

/* OUTPUT/NAME, atomically and fsynced; 0 or -1. */
static int put_report(run *r, const char *name, const char *text, size_t len)
{
	arena ar;
	arena_init(&ar);
	const char *path = path_join(&ar, r->output, name);
	int rc = path ? path_write_atomic(path, text, len, 1) : -1;
	arena_release(&ar);
	return rc ? -1 : 0;
}

int report_write(run *r, const char *status, const galley_error *err)
{
	json_t *o = report_json(r, status, err);
	char *text = o ? json_dumps(o, JSON_INDENT(2) | JSON_REAL_PRECISION(6)) : NULL;
	size_t page_len = 0;
	char *page = text ? report_html(o, r->output, &page_len) : NULL;
	json_decref(o);
	int rc = page && path_mkdirs(r->output, 0755) == 0 ? 0 : -1;
	/* what it lists (quarantined files) reaches the disk before it does */
	int synced = rc ? 0 : output_sync(r);
	if (synced)
		log_plain(GALLEY_LOG_ERROR, "%s: cannot sync the output folder: %s", r->output,
		          strerror(-synced));
	if (!rc) {
		size_t len = strlen(text);
		text[len] = '\n'; /* the terminating NUL becomes the final newline */
		/* the page first: report.json, which tools wait for, comes last */
		rc = put_report(r, "report.html", page, page_len) ||
		     put_report(r, "report.json", text, len + 1);
	}
	free(text);
	free(page);
	return rc;
}
