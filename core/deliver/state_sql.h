/* state_sql.h — what state.c and state_items.c share to talk to SQLite:
 * the error message, the time stamp rows carry, and one statement run with
 * text parameters (state_sql.c).  Private to core/deliver. */
#ifndef GALLEY_STATE_SQL_H
#define GALLEY_STATE_SQL_H

#include "base/error.h"

typedef struct sqlite3 sqlite3;
typedef struct sqlite3_stmt sqlite3_stmt;

/* GALLEY_EIO "state: WHAT: sqlite's message". */
int state_sql_error(sqlite3 *db, galley_error *err, const char *what);
/* Now, as rows record it: 2026-12-06T22:10:31Z. */
void state_sql_now(char out[32]);
/* Binds texts (NULL binds null) and steps once: SQLITE_ROW or SQLITE_DONE. */
int state_sql_step(sqlite3_stmt *st, const char *const *texts, int n);
/* Prepares sql, binds texts, runs it to its end; 0, or an error naming
 * what it was doing. */
int state_sql_exec(sqlite3 *db, const char *sql, const char *const *texts, int n, const char *what,
                   galley_error *err);

#endif
