/* state.c — the partner state in SQLite (see state.h). */
#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <time.h>
#include <unistd.h>

#include "base/log.h"
#include "base/path.h"
#include "deliver/state.h"
#include "deliver/state_sql.h"

/* Items are kept by guid: `items` holds galley's version count,
 * `delivered` the last version each partner has, `outgoing` the rows of
 * bundles not yet confirmed, `held` and `held_files` what an embargo keeps
 * back, with the files to send when it lifts.  (The tables `sent` and
 * `pending` of galley before guids, keyed by id, are left as they were
 * and no longer read.) */
static const char schema[] =
	"PRAGMA journal_mode=WAL;"
	"PRAGMA synchronous=FULL;"
	"CREATE TABLE IF NOT EXISTS items ("
	"  guid TEXT PRIMARY KEY, version INTEGER NOT NULL, hash TEXT NOT NULL,"
	"  at TEXT NOT NULL);"
	"CREATE TABLE IF NOT EXISTS delivered ("
	"  partner TEXT NOT NULL, guid TEXT NOT NULL, id TEXT NOT NULL, version INTEGER,"
	"  hash TEXT NOT NULL, pubstatus TEXT NOT NULL, bundle TEXT NOT NULL, at TEXT NOT NULL,"
	"  PRIMARY KEY (partner, guid));"
	"CREATE TABLE IF NOT EXISTS bundles ("
	"  bundle TEXT PRIMARY KEY, partner TEXT NOT NULL, file TEXT NOT NULL,"
	"  date TEXT NOT NULL, seq INTEGER NOT NULL, sha256 TEXT NOT NULL,"
	"  articles INTEGER NOT NULL, status TEXT NOT NULL, at TEXT NOT NULL);"
	"CREATE TABLE IF NOT EXISTS outgoing ("
	"  bundle TEXT NOT NULL, partner TEXT NOT NULL, guid TEXT NOT NULL, id TEXT NOT NULL,"
	"  version INTEGER, hash TEXT NOT NULL, pubstatus TEXT NOT NULL);"
	"CREATE TABLE IF NOT EXISTS held ("
	"  partner TEXT NOT NULL, guid TEXT NOT NULL, id TEXT NOT NULL, version INTEGER,"
	"  hash TEXT NOT NULL, pubstatus TEXT NOT NULL, release INTEGER NOT NULL,"
	"  embargo TEXT NOT NULL, at TEXT NOT NULL, PRIMARY KEY (partner, guid));"
	"CREATE TABLE IF NOT EXISTS held_files ("
	"  partner TEXT NOT NULL, guid TEXT NOT NULL, seq INTEGER NOT NULL, path TEXT NOT NULL,"
	"  data BLOB NOT NULL, PRIMARY KEY (partner, guid, seq));"
	"CREATE TABLE IF NOT EXISTS partner_outputs ("
	"  partner TEXT PRIMARY KEY, settings TEXT NOT NULL, at TEXT NOT NULL);"
	"CREATE TABLE IF NOT EXISTS deliveries ("
	"  bundle TEXT PRIMARY KEY, partner TEXT NOT NULL, file TEXT NOT NULL,"
	"  state TEXT NOT NULL, attempts INTEGER NOT NULL, queued_at TEXT NOT NULL,"
	"  last_error TEXT, next_try TEXT, sent_at TEXT, remote TEXT, bytes INTEGER);"
	"CREATE TABLE IF NOT EXISTS runs ("
	"  id INTEGER PRIMARY KEY, started TEXT NOT NULL, finished TEXT NOT NULL,"
	"  status TEXT NOT NULL, read INTEGER, done INTEGER, quarantined INTEGER,"
	"  sent INTEGER);";

#define LOOKUP                                                                                 \
	"SELECT version, hash, pubstatus FROM delivered WHERE partner = ? AND guid = ?"

static int take_lock(pstate *s, const char *path, galley_error *err)
{
	size_t n = strlen(path) + 6;
	s->lock_path = malloc(n);
	if (!s->lock_path)
		return galley_error_set(err, GALLEY_ENOMEM, "out of memory");
	snprintf(s->lock_path, n, "%s.lock", path);
	s->lock_fd = open(s->lock_path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (s->lock_fd < 0)
		return galley_error_set(err, GALLEY_EIO, "cannot open lock %s: %s", s->lock_path,
		                        strerror(errno));
	if (flock(s->lock_fd, LOCK_EX | LOCK_NB) != 0) {
		char pid[32] = "";
		ssize_t got = pread(s->lock_fd, pid, sizeof(pid) - 1, 0);
		pid[got > 0 ? got : 0] = '\0';
		pid[strcspn(pid, "\n")] = '\0';
		close(s->lock_fd);
		s->lock_fd = -1;
		return galley_error_set(err, GALLEY_ELOCKED,
		                        "another run of this pipeline holds %s (pid %s); not starting",
		                        s->lock_path, pid[0] ? pid : "unknown");
	}
	char pid[32];
	int len = snprintf(pid, sizeof(pid), "%ld\n", (long)getpid());
	if (ftruncate(s->lock_fd, 0) != 0 || pwrite(s->lock_fd, pid, (size_t)len, 0) != len)
		return galley_error_set(err, GALLEY_EIO, "cannot write lock %s", s->lock_path);
	return 0;
}

static int exec(pstate *s, const char *sql, galley_error *err)
{
	char *msg = NULL;
	if (sqlite3_exec(s->db, sql, NULL, NULL, &msg) == SQLITE_OK)
		return 0;
	int rc = galley_error_set(err, GALLEY_EIO, "state: %s", msg ? msg : "error");
	sqlite3_free(msg);
	return rc;
}

/* Pending bundles from a run that stopped between rename and confirm. */
static int settle_pending(pstate *s, galley_error *err)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(s->db,
	                       "SELECT bundle, file, sha256 FROM bundles WHERE status = 'pending'",
	                       -1, &st, NULL) != SQLITE_OK)
		return state_sql_error(s->db, err, "reading pending bundles");
	int rc = 0;
	while (!rc && sqlite3_step(st) == SQLITE_ROW) {
		const char *bundle = (const char *)sqlite3_column_text(st, 0);
		const char *file = (const char *)sqlite3_column_text(st, 1);
		const char *sha = (const char *)sqlite3_column_text(st, 2);
		if (access(file, F_OK) == 0) {
			log_plain(GALLEY_LOG_WARN,
			          "state: %s reached the outbox before the last run stopped; its "
			          "articles count as sent",
			          file);
			char side[4200];
			snprintf(side, sizeof(side), "%s.sha256", file);
			if (sha && sha[0] && access(side, F_OK) != 0 && path_write_checksum(file, sha))
				log_plain(GALLEY_LOG_ERROR, "state: cannot write %s", side);
			rc = state_confirm(s, bundle, err);
		} else {
			state_abandon(s, bundle);
		}
	}
	sqlite3_finalize(st);
	return rc;
}

int state_open(pstate *s, const char *path, galley_error *err)
{
	memset(s, 0, sizeof(*s));
	s->lock_fd = -1;
	char *dir = strdup(path);
	char *slash = dir ? strrchr(dir, '/') : NULL;
	if (slash)
		*slash = '\0';
	int e = slash ? path_mkdirs(dir, 0755) : 0;
	free(dir);
	if (e)
		return galley_error_set(err, GALLEY_EIO, "cannot create the folder of %s: %s", path,
		                        strerror(-e));
	int rc = take_lock(s, path, err);
	if (!rc && sqlite3_open(path, &s->db) != SQLITE_OK)
		rc = state_sql_error(s->db, err, path);
	if (!rc)
		sqlite3_busy_timeout(s->db, 5000);
	if (!rc)
		rc = exec(s, schema, err);
	if (!rc && sqlite3_prepare_v2(s->db, LOOKUP, -1, &s->lookup, NULL) != SQLITE_OK)
		rc = state_sql_error(s->db, err, "preparing");
	if (!rc)
		rc = settle_pending(s, err);
	if (rc)
		state_close(s); /* and the lock goes with it */
	return rc;
}

int state_open_readonly(pstate *s, const char *path, galley_error *err)
{
	memset(s, 0, sizeof(*s));
	s->lock_fd = -1;
	if (access(path, F_OK) != 0)
		return 0;
	int rc = sqlite3_open_v2(path, &s->db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK ? 0
	       : state_sql_error(s->db, err, path);
	/* a state file older than guids has no `delivered`: as if empty */
	if (!rc && sqlite3_prepare_v2(s->db, LOOKUP, -1, &s->lookup, NULL) != SQLITE_OK)
		state_close(s);
	if (rc)
		state_close(s);
	return rc;
}

void state_close(pstate *s)
{
	state_rollback(s);
	sqlite3_finalize(s->add_article);
	sqlite3_finalize(s->version_get);
	sqlite3_finalize(s->version_put);
	sqlite3_finalize(s->lookup);
	if (s->db)
		sqlite3_close(s->db);
	if (s->lock_fd >= 0)
		close(s->lock_fd); /* releases the flock; the file stays, harmless */
	free(s->lock_path);
	memset(s, 0, sizeof(*s));
	s->lock_fd = -1;
}

int state_delivered(pstate *s, const char *partner, const char *guid, delivered *out)
{
	memset(out, 0, sizeof(*out));
	if (!s->lookup)
		return 0;
	sqlite3_reset(s->lookup);
	sqlite3_bind_text(s->lookup, 1, partner, -1, SQLITE_STATIC);
	sqlite3_bind_text(s->lookup, 2, guid, -1, SQLITE_STATIC);
	if (sqlite3_step(s->lookup) != SQLITE_ROW)
		return 0;
	const char *hash = (const char *)sqlite3_column_text(s->lookup, 1);
	const char *status = (const char *)sqlite3_column_text(s->lookup, 2);
	out->found = 1;
	out->version = sqlite3_column_int64(s->lookup, 0);
	snprintf(out->hash, sizeof(out->hash), "%s", hash ? hash : "");
	out->canceled = status && strcmp(status, "canceled") == 0;
	return 1;
}

int state_next_seq(pstate *s, const char *partner, const char *date)
{
	sqlite3_stmt *st;
	int seq = 1;
	if (sqlite3_prepare_v2(s->db,
	                       "SELECT COALESCE(MAX(seq), 0) + 1 FROM bundles WHERE partner = ? "
	                       "AND date = ?",
	                       -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_text(st, 1, partner, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, date, -1, SQLITE_STATIC);
		if (sqlite3_step(st) == SQLITE_ROW)
			seq = sqlite3_column_int(st, 0);
	}
	sqlite3_finalize(st);
	return seq;
}

int state_begin(pstate *s, galley_error *err)
{
	if (!sqlite3_get_autocommit(s->db))
		return 0; /* already open */
	return exec(s, "BEGIN IMMEDIATE", err);
}

int state_bundle(pstate *s, const char *partner, const char *bundle, const char *file,
                 const char *date, int seq, galley_error *err)
{
	char at[32], n[16];
	state_sql_now(at);
	snprintf(n, sizeof(n), "%d", seq);
	const char *v[] = {bundle, partner, file, date, n, at};
	return state_sql_exec(s->db,
	                      "INSERT OR REPLACE INTO bundles VALUES (?1, ?2, ?3, ?4, "
	                      "CAST(?5 AS INTEGER), '', 0, 'pending', ?6)",
	                      v, 6, "recording a bundle", err);
}

int state_article(pstate *s, const char *partner, const char *bundle, const state_item *it,
                  galley_error *err)
{
	sqlite3_stmt *st = s->add_article;
	if (!st && sqlite3_prepare_v2(s->db, "INSERT INTO outgoing VALUES (?, ?, ?, ?, ?, ?, ?)", -1,
	                              &s->add_article, NULL) != SQLITE_OK)
		return state_sql_error(s->db, err, "preparing");
	st = s->add_article;
	sqlite3_reset(st);
	sqlite3_bind_text(st, 1, bundle, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, partner, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, it->guid, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, it->id, -1, SQLITE_STATIC);
	if (it->version > 0)
		sqlite3_bind_int64(st, 5, it->version);
	else
		sqlite3_bind_null(st, 5);
	sqlite3_bind_text(st, 6, it->hash, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, it->pubstatus, -1, SQLITE_STATIC);
	return sqlite3_step(st) == SQLITE_DONE ? 0 : state_sql_error(s->db, err, "recording");
}

int state_bundle_done(pstate *s, const char *bundle, const char *sha256, size_t articles,
                      galley_error *err)
{
	char n[32];
	snprintf(n, sizeof(n), "%zu", articles);
	const char *v[] = {sha256, n, bundle};
	return state_sql_exec(s->db,
	                      "UPDATE bundles SET sha256 = ?1, articles = CAST(?2 AS INTEGER) "
	                      "WHERE bundle = ?3",
	                      v, 3, "recording a bundle", err);
}

int state_commit(pstate *s, galley_error *err)
{
	return sqlite3_get_autocommit(s->db) ? 0 : exec(s, "COMMIT", err);
}

void state_rollback(pstate *s)
{
	if (s->db && !sqlite3_get_autocommit(s->db))
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
}

int state_confirm(pstate *s, const char *bundle, galley_error *err)
{
	char at[32];
	state_sql_now(at);
	sqlite3_stmt *st = NULL;
	int rc = exec(s, "BEGIN IMMEDIATE", err);
	if (rc)
		return rc;
	int ok = sqlite3_prepare_v2(s->db,
	                            "INSERT OR REPLACE INTO delivered SELECT partner, guid, id, "
	                            "version, hash, pubstatus, bundle, ? FROM outgoing "
	                            "WHERE bundle = ?",
	                            -1, &st, NULL) == SQLITE_OK;
	if (ok) {
		sqlite3_bind_text(st, 1, at, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, bundle, -1, SQLITE_STATIC);
		ok = sqlite3_step(st) == SQLITE_DONE;
	}
	sqlite3_finalize(st);
	st = NULL;
	/* what an embargo held of its items is sent now */
	static const char *const after[] = {
		"DELETE FROM held_files WHERE EXISTS (SELECT 1 FROM outgoing o WHERE o.bundle = ?1 "
		"AND o.partner = held_files.partner AND o.guid = held_files.guid)",
		"DELETE FROM held WHERE EXISTS (SELECT 1 FROM outgoing o WHERE o.bundle = ?1 "
		"AND o.partner = held.partner AND o.guid = held.guid)",
		"DELETE FROM outgoing WHERE bundle = ?",
		"UPDATE bundles SET status = 'sent' WHERE bundle = ?"};
	for (int i = 0; ok && i < 4; i++) {
		ok = sqlite3_prepare_v2(s->db, after[i], -1, &st, NULL) == SQLITE_OK;
		if (ok) {
			sqlite3_bind_text(st, 1, bundle, -1, SQLITE_STATIC);
			ok = sqlite3_step(st) == SQLITE_DONE;
		}
		sqlite3_finalize(st);
	}
	if (!ok) {
		rc = state_sql_error(s->db, err, "confirming a bundle");
		exec(s, "ROLLBACK", err);
		return rc;
	}
	return exec(s, "COMMIT", err);
}

void state_abandon(pstate *s, const char *bundle)
{
	static const char *const sql[] = {"DELETE FROM outgoing WHERE bundle = ?",
	                                  "DELETE FROM deliveries WHERE bundle = ?",
	                                  "DELETE FROM bundles WHERE bundle = ?"};
	for (int i = 0; i < 3; i++) {
		sqlite3_stmt *st;
		if (sqlite3_prepare_v2(s->db, sql[i], -1, &st, NULL) != SQLITE_OK)
			continue;
		sqlite3_bind_text(st, 1, bundle, -1, SQLITE_STATIC);
		sqlite3_step(st);
		sqlite3_finalize(st);
	}
}

int state_run_record(pstate *s, const char *started, const char *status, long long read,
                     long long done, long long quarantined, long long sent)
{
	char at[32];
	state_sql_now(at);
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(s->db,
	                       "INSERT INTO runs (started, finished, status, read, done, "
	                       "quarantined, sent) VALUES (?, ?, ?, ?, ?, ?, ?)",
	                       -1, &st, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_text(st, 1, started, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, at, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, status, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, read);
	sqlite3_bind_int64(st, 5, done);
	sqlite3_bind_int64(st, 6, quarantined);
	sqlite3_bind_int64(st, 7, sent);
	int ok = sqlite3_step(st) == SQLITE_DONE;
	sqlite3_finalize(st);
	return ok ? 0 : -1;
}

char *state_output_get(pstate *s, const char *partner)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(s->db, "SELECT settings FROM partner_outputs WHERE partner = ?", -1,
	                       &st, NULL) != SQLITE_OK)
		return NULL;
	sqlite3_bind_text(st, 1, partner, -1, SQLITE_STATIC);
	char *got = sqlite3_step(st) == SQLITE_ROW ? strdup((const char *)sqlite3_column_text(st, 0))
	                                           : NULL;
	sqlite3_finalize(st);
	return got;
}

int state_output_set(pstate *s, const char *partner, const char *settings)
{
	char at[32];
	state_sql_now(at);
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(s->db,
	                       "INSERT OR REPLACE INTO partner_outputs (partner, settings, at) "
	                       "VALUES (?, ?, ?)",
	                       -1, &st, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_text(st, 1, partner, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, settings, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, at, -1, SQLITE_STATIC);
	int ok = sqlite3_step(st) == SQLITE_DONE;
	sqlite3_finalize(st);
	return ok ? 0 : -1;
}
