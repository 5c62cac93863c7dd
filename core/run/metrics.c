/* metrics.c — OUTPUT-independent run figures as Prometheus text (see
 * metrics.h).  Every series carries pipeline="NAME"; partners' series
 * partner="NAME" too.  The file is replaced whole (temporary name, rename),
 * so the collector never reads half of it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/path.h"
#include "deliver/delivery.h"
#include "run/metrics.h"

/* A label value as the format wants it: \ " and line breaks escaped. */
static void label(FILE *f, const char *v)
{
	for (; *v; v++) {
		if (*v == '\\' || *v == '"')
			fputc('\\', f), fputc(*v, f);
		else if (*v == '\n')
			fputs("\\n", f);
		else
			fputc(*v, f);
	}
}

static void series(FILE *f, const char *name, const char *help, const char *type,
                   const char *pipeline_name, const char *partner_name, double value, int first)
{
	if (first)
		fprintf(f, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
	fprintf(f, "%s{pipeline=\"", name);
	label(f, pipeline_name);
	if (partner_name) {
		fputs("\",partner=\"", f);
		label(f, partner_name);
	}
	fprintf(f, "\"} %.17g\n", value);
}

/* The last success's time in the file a previous run wrote, or 0. */
static double last_success(const char *path)
{
	char *text = NULL;
	size_t len = 0;
	double t = 0;
	if (path_read_file(path, 1 << 20, &text, &len) != 0)
		return 0;
	const char *at = strstr(text, "\ngalley_last_success_timestamp_seconds{");
	const char *value = at ? strchr(at, '}') : NULL;
	if (value)
		t = strtod(value + 1, NULL);
	free(text);
	return t;
}

static void run_series(FILE *f, run *r, int ok, double secs, double success)
{
	const char *name = r->p->name;
	const run_counts *c = &r->counts;
	series(f, "galley_articles_read", "Inputs the run read.", "gauge", name, NULL,
	       (double)c->read, 1);
	series(f, "galley_articles_done", "Articles that went through every stage.", "gauge", name,
	       NULL, (double)c->done, 1);
	series(f, "galley_articles_dropped", "Articles a stage dropped.", "gauge", name, NULL,
	       (double)c->dropped, 1);
	series(f, "galley_articles_quarantined", "Articles and inputs set aside.", "gauge", name,
	       NULL, (double)(c->quarantined + c->rejected), 1);
	series(f, "galley_run_duration_seconds", "How long the run took.", "gauge", name, NULL, secs,
	       1);
	series(f, "galley_run_success", "1 when the run finished, else 0.", "gauge", name, NULL,
	       ok ? 1 : 0, 1);
	series(f, "galley_last_success_timestamp_seconds",
	       "When the last run that finished ended (Unix time).", "gauge", name, NULL, success, 1);
}

static void partner_series(FILE *f, run *r)
{
	static const char *const names[] = {"galley_bundles_delivered", "galley_bytes_delivered",
	                                    "galley_bundles_failed", "galley_bundles_queued"};
	static const char *const helps[] = {
		"Bundles delivered to the partner's server in this run.",
		"Bytes of bundles delivered in this run.",
		"Bundles whose delivery failed in this run.",
		"Bundles left in the partner's delivery queue."};
	const pipeline *p = r->p;
	for (int k = 0; k < 4 && r->deliveries.outcomes; k++)
		for (size_t i = 0, first = 1; i < p->npartners; i++) {
			const delivery_outcome *o = &r->deliveries.outcomes[i];
			if (p->partners[i].deliver.scheme == DELIVER_NONE)
				continue;
			double v = k == 0 ? (double)o->sent
			         : k == 1 ? (double)o->bytes
			         : k == 2 ? (double)o->failed
			                  : (double)o->waiting;
			series(f, names[k], helps[k], "gauge", p->name, p->partners[i].name, v, (int)first);
			first = 0;
		}
}

int metrics_write(run *r, const char *path, int ok)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	double secs = (double)now.tv_sec + (double)now.tv_nsec / 1e9 - r->report.started;
	double success = ok ? (double)time(NULL) : last_success(path);
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	if (!f)
		return -1;
	run_series(f, r, ok, secs, success);
	partner_series(f, r);
	int rc = fclose(f) == 0 ? path_write_atomic(path, text, len, 1) : -1;
	free(text);
	return rc;
}
