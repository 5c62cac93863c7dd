/* state_sql.c — the SQLite helpers the state's files share (state_sql.h). */
#include <sqlite3.h>
#include <time.h>

#include "deliver/state_sql.h"

void state_sql_now(char out[32])
{
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

int state_sql_error(sqlite3 *db, galley_error *err, const char *what)
{
	return galley_error_set(err, GALLEY_EIO, "state: %s: %s", what, sqlite3_errmsg(db));
}

int state_sql_step(sqlite3_stmt *st, const char *const *texts, int n)
{
	for (int i = 0; i < n; i++)
		if (texts[i])
			sqlite3_bind_text(st, i + 1, texts[i], -1, SQLITE_STATIC);
		else
			sqlite3_bind_null(st, i + 1);
	return sqlite3_step(st);
}

int state_sql_exec(sqlite3 *db, const char *sql, const char *const *texts, int n, const char *what,
                   galley_error *err)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		return state_sql_error(db, err, "preparing");
	int ok = state_sql_step(st, texts, n) == SQLITE_DONE;
	sqlite3_finalize(st);
	return ok ? 0 : state_sql_error(db, err, what);
}
