/* state.h — what each partner was sent, in SQLite, and the lock that keeps
 * two runs of one pipeline apart.
 *
 * A bundle is recorded in two steps around its rename into the outbox: its
 * row and its articles' rows, marked pending, are committed before (see
 * state_begin), state_confirm after.  A crash in between leaves a pending bundle;
 * state_open settles it: the file is in the outbox, so it was published and
 * its articles count as sent; or it is not, and they were never sent.
 * Either way no article is marked sent without being in a bundle, and no
 * published bundle is forgotten. */
#ifndef GALLEY_STATE_H
#define GALLEY_STATE_H

#include <stddef.h>

#include "base/error.h"

typedef struct sqlite3 sqlite3;
typedef struct sqlite3_stmt sqlite3_stmt;

typedef struct pstate {
	sqlite3 *db;
	sqlite3_stmt *lookup;
	sqlite3_stmt *add_article; /* pending rows, while packing */
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

/* Recording bundles while they are written, in one transaction that
 * spans the run's packing (so nothing is held in memory per article, and a
 * run that dies while packing leaves no trace): state_begin once, then per
 * bundle state_bundle and state_article for each article it carries, and
 * state_bundle_done with its checksum; state_commit makes them all pending
 * at once, before any bundle is renamed into its outbox. */
int state_begin(pstate *s, galley_error *err);
int state_bundle(pstate *s, const char *partner, const char *bundle, const char *file,
                 const char *date, int seq, galley_error *err);
int state_article(pstate *s, const char *partner, const char *bundle, const char *id,
                  const char *hash, galley_error *err);
int state_bundle_done(pstate *s, const char *bundle, const char *sha256, size_t articles,
                      galley_error *err);
int state_commit(pstate *s, galley_error *err);
/* Rolls back an open transaction (a failed run). */
void state_rollback(pstate *s);
int state_confirm(pstate *s, const char *bundle, galley_error *err);
/* The bundle never reached the outbox: forget it. */
void state_abandon(pstate *s, const char *bundle);

/* One line per run for `galley status`. */
int state_run_record(pstate *s, const char *started, const char *status, long long read,
                     long long done, long long quarantined, long long sent);

#endif
