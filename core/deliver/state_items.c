/* state_items.c — the state's record of items by guid: galley's version
 * count, and what embargoes hold back for each partner with the files to
 * send when they lift (state.h).  Every write happens inside the run's
 * transaction (state_begin), so a run that fails changes none of it. */
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "deliver/state.h"
#include "deliver/state_sql.h"

int state_version(pstate *s, const char *guid, const char *hash, long long given, int readonly,
                  long long *version, galley_error *err)
{
	*version = given > 0 ? given : 1;
	if (!s->db)
		return 0;
	sqlite3_stmt *st = s->version_get;
	if (!st && sqlite3_prepare_v2(s->db, "SELECT version, hash FROM items WHERE guid = ?", -1,
	                              &s->version_get, NULL) != SQLITE_OK)
		return readonly ? 0 : state_sql_error(s->db, err, "preparing"); /* an old state: none yet */
	st = s->version_get;
	sqlite3_reset(st);
	const char *key[] = {guid};
	int known = state_sql_step(st, key, 1) == SQLITE_ROW;
	int same = known && strcmp((const char *)sqlite3_column_text(st, 1), hash) == 0;
	long long last = known ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	if (given <= 0 && known)
		*version = same ? last : last + 1;
	if (readonly || (same && *version == last))
		return 0;
	if (!s->version_put &&
	    sqlite3_prepare_v2(s->db, "INSERT OR REPLACE INTO items VALUES (?1, ?2, ?3, ?4)", -1,
	                       &s->version_put, NULL) != SQLITE_OK)
		return state_sql_error(s->db, err, "preparing");
	char at[32];
	state_sql_now(at);
	st = s->version_put;
	sqlite3_reset(st);
	sqlite3_bind_text(st, 1, guid, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, *version);
	sqlite3_bind_text(st, 3, hash, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, at, -1, SQLITE_STATIC);
	return sqlite3_step(st) == SQLITE_DONE ? 0 : state_sql_error(s->db, err, "recording a version");
}

int state_hold(pstate *s, const char *partner, const state_item *it, long long release,
               const char *embargo, galley_error *err)
{
	int rc = state_unhold(s, partner, it->guid, err);
	char version[24], rel[24], at[32];
	snprintf(version, sizeof(version), "%lld", it->version);
	snprintf(rel, sizeof(rel), "%lld", release);
	state_sql_now(at);
	const char *v[] = {partner, it->guid, it->id, it->version > 0 ? version : NULL,
	                   it->hash, it->pubstatus, rel, embargo, at};
	return rc ? rc
	          : state_sql_exec(s->db,
	                       "INSERT INTO held VALUES (?1, ?2, ?3, CAST(?4 AS INTEGER), ?5, ?6, "
	                       "CAST(?7 AS INTEGER), ?8, ?9)",
	                       v, 9, "recording an item", err);
}

int state_hold_file(pstate *s, const char *partner, const char *guid, const char *path,
                    const void *data, size_t len, galley_error *err)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(s->db,
	                       "INSERT INTO held_files SELECT ?1, ?2, COUNT(*), ?3, ?4 FROM "
	                       "held_files WHERE partner = ?1 AND guid = ?2",
	                       -1, &st, NULL) != SQLITE_OK)
		return state_sql_error(s->db, err, "preparing");
	sqlite3_bind_text(st, 1, partner, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, guid, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, path, -1, SQLITE_STATIC);
	sqlite3_bind_blob64(st, 4, len ? data : "", (sqlite3_uint64)len, SQLITE_STATIC);
	int ok = sqlite3_step(st) == SQLITE_DONE;
	sqlite3_finalize(st);
	return ok ? 0 : state_sql_error(s->db, err, "holding a file");
}

int state_unhold(pstate *s, const char *partner, const char *guid, galley_error *err)
{
	const char *v[] = {partner, guid};
	int rc = state_sql_exec(s->db, "DELETE FROM held WHERE partner = ?1 AND guid = ?2", v, 2,
	                        "recording an item", err);
	return rc ? rc
	          : state_sql_exec(s->db, "DELETE FROM held_files WHERE partner = ?1 AND guid = ?2", v,
	                           2, "recording an item", err);
}

int state_is_held(pstate *s, const char *partner, const char *guid, const char *hash)
{
	sqlite3_stmt *st;
	if (!s->db || sqlite3_prepare_v2(s->db,
	                                 "SELECT 1 FROM held WHERE partner = ? AND guid = ? AND "
	                                 "hash = ?",
	                                 -1, &st, NULL) != SQLITE_OK)
		return 0;
	const char *v[] = {partner, guid, hash};
	int yes = state_sql_step(st, v, 3) == SQLITE_ROW;
	sqlite3_finalize(st);
	return yes;
}

static const char *col(sqlite3_stmt *st, int i)
{
	const char *t = (const char *)sqlite3_column_text(st, i);
	return t ? t : "";
}

/* Items packed in this run's bundles are not due again: they went out
 * with the article itself (its held row goes when the bundle is
 * confirmed). */
int state_due(pstate *s, const char *partner, long long now, held_fn fn, void *data)
{
	sqlite3_stmt *st;
	if (!s->db ||
	    sqlite3_prepare_v2(s->db,
	                       "SELECT guid, id, version, hash, pubstatus, release, embargo "
	                       "FROM held h WHERE partner = ?1 AND release <= ?2 "
	                       "AND NOT EXISTS (SELECT 1 FROM outgoing o WHERE o.partner = "
	                       "h.partner AND o.guid = h.guid) ORDER BY release, guid",
	                       -1, &st, NULL) != SQLITE_OK)
		return 0; /* an old state: nothing held */
	sqlite3_bind_text(st, 1, partner, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, now);
	int rc = 0;
	while (!rc && sqlite3_step(st) == SQLITE_ROW) {
		held_item h = {.it = {.guid = col(st, 0),
		                      .id = col(st, 1),
		                      .version = sqlite3_column_int64(st, 2),
		                      .hash = col(st, 3),
		                      .pubstatus = col(st, 4)},
		               .release = sqlite3_column_int64(st, 5),
		               .embargo = col(st, 6)};
		rc = fn(data, &h);
	}
	sqlite3_finalize(st);
	return rc;
}

int state_held_files(pstate *s, const char *partner, const char *guid, held_file_fn fn,
                     void *data)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(s->db,
	                       "SELECT path, data FROM held_files WHERE partner = ? AND guid = ? "
	                       "ORDER BY seq",
	                       -1, &st, NULL) != SQLITE_OK)
		return -1;
	const char *v[] = {partner, guid};
	int rc = 0, step;
	for (step = state_sql_step(st, v, 2); !rc && step == SQLITE_ROW; step = sqlite3_step(st))
		rc = fn(data, col(st, 0), sqlite3_column_blob(st, 1),
		        (size_t)sqlite3_column_bytes(st, 1));
	sqlite3_finalize(st);
	return rc ? rc : step == SQLITE_DONE || step == SQLITE_ROW ? 0 : -1;
}
