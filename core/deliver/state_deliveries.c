/* state_deliveries.c — the delivery queue in the state (state.h): a row
 * per bundle of a partner with a `deliver:` block, written with the
 * bundle's own row (so a bundle is queued exactly when it is recorded),
 * offered once the bundle is in the outbox, and marked sent (when, where,
 * how many bytes) or failed (attempts, last error, next try).  A failed
 * bundle stays in the queue, ahead of the ones after it. */
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "deliver/state.h"
#include "deliver/state_sql.h"

int state_delivery_queue(pstate *s, const char *partner, const char *bundle, const char *file,
                         galley_error *err)
{
	char at[32];
	state_sql_now(at);
	const char *v[] = {bundle, partner, file, at};
	return state_sql_exec(s->db,
	                      "INSERT OR REPLACE INTO deliveries (bundle, partner, file, state, "
	                      "attempts, queued_at) VALUES (?1, ?2, ?3, 'queued', 0, ?4)",
	                      v, 4, "queueing a delivery", err);
}

/* Bundles in the outbox (status sent) not yet delivered, oldest first. */
#define QUEUED                                                                                \
	"SELECT d.bundle, d.file, b.sha256, d.state, d.attempts, d.last_error, d.next_try "       \
	"FROM deliveries d JOIN bundles b ON b.bundle = d.bundle "                                \
	"WHERE d.partner = ?1 AND d.state != 'sent' AND b.status = 'sent' "                      \
	"ORDER BY b.date, b.seq, d.rowid"

static const char *col(sqlite3_stmt *st, int i)
{
	const char *t = (const char *)sqlite3_column_text(st, i);
	return t ? t : "";
}

int state_delivery_each(pstate *s, const char *partner, queued_fn fn, void *data,
                        galley_error *err)
{
	if (!s->db)
		return 0;
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(s->db, QUEUED, -1, &st, NULL) != SQLITE_OK)
		return state_sql_error(s->db, err, "reading the delivery queue");
	sqlite3_bind_text(st, 1, partner, -1, SQLITE_STATIC);
	int rc = 0;
	while (!rc && sqlite3_step(st) == SQLITE_ROW) {
		queued_bundle q = {.bundle = col(st, 0), .file = col(st, 1), .sha256 = col(st, 2),
		                   .state = col(st, 3), .attempts = sqlite3_column_int(st, 4),
		                   .last_error = col(st, 5), .next_try = col(st, 6)};
		rc = fn(data, &q);
	}
	sqlite3_finalize(st);
	return rc;
}

int state_delivery_sent(pstate *s, const char *bundle, int attempts, const char *remote,
                        long long bytes, galley_error *err)
{
	char at[32], n[24], tries[16];
	state_sql_now(at);
	snprintf(n, sizeof(n), "%lld", bytes);
	snprintf(tries, sizeof(tries), "%d", attempts);
	const char *v[] = {at, remote, n, tries, bundle};
	return state_sql_exec(s->db,
	                      "UPDATE deliveries SET state = 'sent', sent_at = ?1, remote = ?2, "
	                      "bytes = CAST(?3 AS INTEGER), attempts = attempts + CAST(?4 AS INTEGER), "
	                      "last_error = NULL, next_try = NULL WHERE bundle = ?5",
	                      v, 5, "recording a delivery", err);
}

int state_delivery_failed(pstate *s, const char *bundle, int attempts, const char *error,
                          const char *next_try, galley_error *err)
{
	char tries[16];
	snprintf(tries, sizeof(tries), "%d", attempts);
	const char *v[] = {tries, error, next_try, bundle};
	return state_sql_exec(s->db,
	                      "UPDATE deliveries SET state = 'failed', attempts = attempts + "
	                      "CAST(?1 AS INTEGER), last_error = ?2, next_try = ?3 WHERE bundle = ?4",
	                      v, 4, "recording a failed delivery", err);
}

int state_delivery_requeue(pstate *s, const char *bundle, galley_error *err)
{
	const char *v[] = {bundle};
	int rc = state_sql_exec(s->db,
	                        "UPDATE deliveries SET state = 'queued', last_error = NULL, "
	                        "next_try = NULL WHERE bundle = ?1",
	                        v, 1, "queueing a delivery again", err);
	if (!rc && sqlite3_changes(s->db) == 0)
		rc = galley_error_set(err, GALLEY_EINVALID,
		                      "no bundle named '%s' was queued for delivery (galley status "
		                      "lists them)",
		                      bundle);
	return rc;
}
