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
	sqlite3_stmt *version_get, *version_put; /* state_version, once per article */
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

/* What a partner last received of an item (by guid). */
typedef struct delivered {
	int found;
	long long version;
	char hash[65];
	int canceled; /* it was a kill */
} delivered;

/* One item of a bundle, or held back: the article's identity and content
 * hash, as the state records it. */
typedef struct state_item {
	const char *guid, *id;
	long long version; /* 0: none */
	const char *hash, *pubstatus;
} state_item;

/* Fills *out (found 0 when the partner never had guid, or there is no
 * database yet); returns found. */
int state_delivered(pstate *s, const char *partner, const char *guid, delivered *out);
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
int state_article(pstate *s, const char *partner, const char *bundle, const state_item *it,
                  galley_error *err);
int state_bundle_done(pstate *s, const char *bundle, const char *sha256, size_t articles,
                      galley_error *err);
int state_commit(pstate *s, galley_error *err);
/* Rolls back an open transaction (a failed run). */
void state_rollback(pstate *s);
int state_confirm(pstate *s, const char *bundle, galley_error *err);
/* The bundle never reached the outbox: forget it. */
void state_abandon(pstate *s, const char *bundle);

/* galley's version count (state_items.c), in the run's transaction: the
 * version of guid with content hash: 1 the first time, the last one while
 * the content stays the same, +1 when it changed; a source's version
 * (given > 0) is taken as it is and remembered.  Read-only (a plan), it
 * is what the run would count.  0, or an error. */
int state_version(pstate *s, const char *guid, const char *hash, long long given, int readonly,
                  long long *version, galley_error *err);

/* Items an embargo holds for a partner (state_items.c).  state_hold
 * replaces what was held of it->guid, state_hold_file adds one of its
 * files; state_unhold forgets it (sent, or killed before it was). */
int state_hold(pstate *s, const char *partner, const state_item *it, long long release,
               const char *embargo, galley_error *err);
int state_hold_file(pstate *s, const char *partner, const char *guid, const char *path,
                    const void *data, size_t len, galley_error *err);
int state_unhold(pstate *s, const char *partner, const char *guid, galley_error *err);
/* 1 when partner holds guid with this content hash. */
int state_is_held(pstate *s, const char *partner, const char *guid, const char *hash);

/* A held item and its files, as state_due hands them. */
typedef struct held_item {
	state_item it;
	long long release;
	const char *embargo;
} held_item;
typedef int (*held_fn)(void *data, const held_item *h);
typedef int (*held_file_fn)(void *data, const char *path, const void *bytes, size_t len);
/* Calls fn for each item held for partner whose release is at or before
 * now, in release order; a non-zero result stops and is returned.
 * (`galley status` lists every held item with its own query.) */
int state_due(pstate *s, const char *partner, long long now, held_fn fn, void *data);
int state_held_files(pstate *s, const char *partner, const char *guid, held_file_fn fn,
                     void *data);

/* What a partner's bundles were last made of (partner_outputs.c's
 * description): malloc'd, or NULL when none is recorded; and recording it. */
char *state_output_get(pstate *s, const char *partner);
int state_output_set(pstate *s, const char *partner, const char *settings);

/* The delivery queue (state_deliveries.c).  A bundle of a partner with a
 * `deliver:` block is queued in the run's transaction, beside its own
 * row; it is offered once it is in the outbox. */
int state_delivery_queue(pstate *s, const char *partner, const char *bundle, const char *file,
                         galley_error *err);
typedef struct queued_bundle {
	const char *bundle, *file, *sha256;
	const char *state; /* queued, failed */
	int attempts;
	const char *last_error, *next_try; /* "" when none */
} queued_bundle;
typedef int (*queued_fn)(void *data, const queued_bundle *q);
/* Calls fn for each bundle of partner in the outbox and not delivered,
 * oldest first; a non-zero result stops and is returned. */
int state_delivery_each(pstate *s, const char *partner, queued_fn fn, void *data,
                        galley_error *err);
int state_delivery_sent(pstate *s, const char *bundle, int attempts, const char *remote,
                        long long bytes, galley_error *err);
int state_delivery_failed(pstate *s, const char *bundle, int attempts, const char *error,
                          const char *next_try, galley_error *err);
/* A delivered bundle queued again, to be sent on purpose (galley resend). */
int state_delivery_requeue(pstate *s, const char *bundle, galley_error *err);

/* One line per run for `galley status`. */
int state_run_record(pstate *s, const char *started, const char *status, long long read,
                     long long done, long long quarantined, long long sent);

#endif
