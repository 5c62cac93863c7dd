/* status_cmd.c — `galley status PIPELINE`: what the partner state says
 * (the last runs, what each partner was sent, bundles left pending by a
 * stopped run), a split run's shards (status_shards.c) and what tonight's
 * input would send (a dry run). */
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "base/log.h"
#include "cli/cli.h"
#include "cli/status.h"
#include "config/partners.h"
#include "config/pipeline_bind.h"
#include "run/runner.h"
#include "deliver/state.h"

static const char status_usage[] =
	"usage: galley status PIPELINE [--set NAME=VALUE]...\n\n"
	"Shows the last runs, what each partner was sent, items an embargo holds\n"
	"back with their release times, pending bundles, the shards of a split run\n"
	"(galley run --shard) and what to run next, and what a run now would send\n"
	"(a dry run: nothing is written).\n";

/* Runs sql (one text parameter, or none) and prints each row with fmt. */
static void rows(sqlite3 *db, const char *sql, const char *param, const char *fmt, int ncols)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		return;
	if (param)
		sqlite3_bind_text(st, 1, param, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *c[6] = {""};
		for (int i = 0; i < ncols && i < 6; i++)
			c[i] = sqlite3_column_text(st, i) ? (const char *)sqlite3_column_text(st, i) : "";
		printf(fmt, c[0], c[1], c[2], c[3], c[4], c[5]);
	}
	sqlite3_finalize(st);
}

static void show_state(const pipeline *p, pstate *st)
{
	printf("%s: state %s\n", p->name, p->state);
	if (!st->db) {
		printf("  no run has delivered anything yet\n");
		return;
	}
	printf("last runs:\n");
	rows(st->db,
	     "SELECT started, status, read, done, quarantined, sent FROM runs ORDER BY id DESC "
	     "LIMIT 5",
	     NULL, "  %s  %-6s %s read, %s done, %s quarantined, %s sent\n", 6);
	printf("partners:\n");
	for (size_t i = 0; i < p->npartners; i++)
		rows(st->db,
		     "WITH n AS (SELECT (SELECT COUNT(*) FROM delivered WHERE partner = ?1) AS a,"
		     " (SELECT COUNT(*) FROM bundles WHERE partner = ?1 AND status = 'sent') AS b)"
		     " SELECT ?1, a || IIF(a = 1, ' article', ' articles'),"
		     " b || IIF(b = 1, ' bundle', ' bundles'),"
		     " COALESCE((SELECT bundle || ' at ' || at FROM bundles WHERE partner = ?1"
		     " AND status = 'sent' ORDER BY at DESC, seq DESC LIMIT 1), 'none') FROM n",
		     p->partners[i].name, "  %-16s %s in %s; last %s\n", 4);
	rows(st->db,
	     "SELECT partner, guid, COALESCE('version ' || version, 'no version'), embargo, "
	     "strftime('%Y-%m-%dT%H:%M:%SZ', release, 'unixepoch') FROM held "
	     "ORDER BY release, partner, guid",
	     NULL, "held: %s %s (%s): embargoed until %s; goes out at the first run from %s\n", 5);
	rows(st->db,
	     "SELECT bundle, partner, articles || IIF(articles = 1, ' article', ' articles') "
	     "FROM bundles WHERE status = 'pending'",
	     NULL, "pending: %s (%s, %s): a run stopped; the next run settles it\n", 3);
	rows(st->db,
	     "SELECT d.bundle, d.partner, d.queued_at FROM deliveries d JOIN bundles b "
	     "ON b.bundle = d.bundle WHERE d.state = 'queued' AND b.status = 'sent' "
	     "ORDER BY b.date, b.seq",
	     NULL, "queued: %s for %s since %s; the next run or `galley deliver` sends it\n", 3);
	rows(st->db,
	     "SELECT d.bundle, d.partner, d.attempts || IIF(d.attempts = 1, ' attempt', ' attempts'), "
	     "COALESCE(d.last_error, '') FROM deliveries d WHERE d.state = 'failed' "
	     "ORDER BY d.rowid",
	     NULL, "failed: %s for %s (%s): %s; stays queued for the next run or `galley deliver`\n",
	     4);
	rows(st->db,
	     "SELECT bundle, partner, sent_at, remote FROM deliveries WHERE state = 'sent' "
	     "ORDER BY sent_at DESC LIMIT 5",
	     NULL, "delivered: %s to %s at %s (%s)\n", 4);
}

int cli_status(int argc, char **argv)
{
	const char *sets[64];
	size_t nsets = 0;
	const char *file = NULL;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
			return fputs(status_usage, stdout), EXIT_DONE;
		if (strcmp(argv[i], "--set") == 0 && i + 1 < argc && nsets < 64)
			sets[nsets++] = argv[++i];
		else if (argv[i][0] != '-' && !file)
			file = argv[i];
		else
			return fputs(status_usage, stderr), EXIT_INVALID;
	}
	if (!file)
		return fputs(status_usage, stderr), EXIT_INVALID;
	pipeline p;
	plugins ps = {0};
	galley_error err = {0};
	int rc = pipeline_load(&p, file, sets, nsets, &err);
	if (!rc)
		rc = plugins_init(&ps, p.plugin_path, p.nplugin_path, &err);
	if (!rc)
		rc = pipeline_bind(&p, &ps, &err);
	if (!rc && !p.npartners) {
		if (!status_shards(&p))
			rc = galley_error_set(&err, GALLEY_EINVALID,
			                      "%s has no partners: section and no shards to show", file);
	}
	pstate st;
	if (!rc && p.npartners && !(rc = state_open_readonly(&st, p.state, &err))) {
		show_state(&p, &st);
		state_close(&st);
		status_shards(&p);
		printf("now:\n");
		fflush(stdout);
		runner_opts ro = {.dry_run = 1, .jobs = 1};
		run_counts counts;
		log_summaries_to(stdout); /* "now:" and its lines together, on stdout */
		rc = runner_run(&p, &ro, &counts, &err);
		log_summaries_to(NULL);
	}
	if (rc) {
		char msg[2048];
		galley_error_format(&err, msg, sizeof(msg));
		fprintf(stderr, "galley: %s\n", msg);
	}
	pipeline_release(&p);
	plugins_release(&ps);
	return rc == 0 ? EXIT_DONE : rc == GALLEY_EINVALID ? EXIT_INVALID : EXIT_ABORTED;
}
