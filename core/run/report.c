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

/* One more record in a list (the first REPORT_ASIDE_MAX). */
static void add_record(set_aside **list, size_t *n, size_t *cap, const char *what,
                       const char *source, const char *stage_name, const char *reason)
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
	s->what = strdup(what ? what : "");
	s->source = source ? strdup(source) : NULL;
	s->stage = strdup(stage_name ? stage_name : "");
	s->reason = reason ? strdup(reason) : NULL;
}

void report_aside(run *r, const char *what, const char *source, const char *stage_name,
                  const char *reason)
{
	add_record(&r->report.aside, &r->report.naside, &r->report.capaside, what, source,
	           stage_name, reason ? reason : "");
}

void report_dropped(run *r, const char *what, const char *source, const char *stage_name)
{
	pthread_mutex_lock(&r->lock);
	add_record(&r->report.dropped, &r->report.ndropped, &r->report.capdropped, what, source,
	           stage_name, NULL);
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
		if (o)
			json_array_append_new(list, o);
		free(what);
		free(source);
		free(reason);
	}
	return list;
}

int report_write(run *r, const char *status, const galley_error *err)
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
		r->p->name, "status", status, "date", r->date, "finished", at, "seconds", secs, "jobs", (json_int_t)r->jobs, "counts", "read",
		(json_int_t)c->read, "split", (json_int_t)c->split, "done", (json_int_t)c->done,
		"dropped", (json_int_t)c->dropped, "quarantined", (json_int_t)c->quarantined,
		"rejected", (json_int_t)c->rejected);
	if (!o)
		return -1;
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
	json_object_set_new(o, "quarantined", records_json(r->report.aside, r->report.naside));
	json_object_set_new(o, "dropped", records_json(r->report.dropped, r->report.ndropped));
	char *text = json_dumps(o, JSON_INDENT(2) | JSON_REAL_PRECISION(6));
	json_decref(o);
	if (!text)
		return -1;
	arena ar;
	arena_init(&ar);
	const char *path = path_join(&ar, r->output, "report.json");
	size_t len = strlen(text);
	text[len] = '\n'; /* the terminating NUL becomes the final newline */
	int rc = path && path_mkdirs(r->output, 0755) == 0 ? 0 : -1;
	/* what it lists (quarantined files) reaches the disk before it does */
	int synced = rc ? 0 : output_sync(r);
	if (synced)
		log_plain(GALLEY_LOG_ERROR, "%s: cannot sync the output folder: %s", r->output,
		          strerror(-synced));
	if (!rc)
		rc = path_write_atomic(path, text, len + 1, 1);
	free(text);
	arena_release(&ar);
	return rc;
}
