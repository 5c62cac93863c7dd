/* state.h — what each partner was sent, in SQLite, and the lock that keeps
 * two runs of one pipeline apart.
 *
 * A bundle is recorded in two steps around its rename into the outbox:
 * state_pending (the bundle and its articles, marked pending, committed)
 * before, state_confirm after.  A crash in between leaves a pending bundle;
 * state_open settles it: the file is in the outbox, so it was published and
 * its articles count as sent; or it is not, and they were never sent.
 * Either way no article is marked sent without being in a bundle, and no
 * published bundle is forgotten. */
#ifndef GALLEY_STATE_H
#define GALLEY_STATE_H

#include <stddef.h>

#include "error.h"

typedef struct sqlite3 sqlite3;
typedef struct sqlite3_stmt sqlite3_stmt;

typedef struct pstate {
	sqlite3 *db;
	sqlite3_stmt *lookup;
	int lock_fd;
	char *lock_path;
} pstate;

/* Takes the lock (GALLEY_ELOCKED naming the holder's pid when another run
 * has it), opens or creates the database, settles pending bundles. */
int state_open(pstate *s, const char *path, galley_error *err);
/* Read only, without the lock, for plans and `galley status`; a missing
 * database reads as empty (s->db stays NULL). */
int state_open_readonly(pstate *s, const char *path, galley_error *err);
void state_close(pstate *s);

/* 1 when partner was sent this article with this content hash (0 when
 * there is no database yet). */
int state_was_sent(pstate *s, const char *partner, const char *id, const char *hash);
/* The next sequence number for partner's bundles of date. */
int state_next_seq(pstate *s, const char *partner, const char *date);

typedef struct sent_item {
	const char *id, *hash;
} sent_item;

int state_pending(pstate *s, const char *partner, const char *bundle, const char *file,
                  const char *date, int seq, const char *sha256, const sent_item *items,
                  size_t n, galley_error *err);
int state_confirm(pstate *s, const char *bundle, galley_error *err);
/* The bundle never reached the outbox: forget it. */
void state_abandon(pstate *s, const char *bundle);

/* One line per run for `galley status`. */
int state_run_record(pstate *s, const char *started, const char *status, long long read,
                     long long done, long long quarantined, long long sent);

#endif
