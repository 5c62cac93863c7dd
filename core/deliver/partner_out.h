/* partner_out.h — one partner's side of a run, shared by the delivery
 * modules: its open bundle and what the run decided for it
 * (partner_sink.c), its `when:` script (partner_when.c), and what an
 * embargo holds back (partner_hold.c).  Private to core/deliver. */
#ifndef GALLEY_PARTNER_OUT_H
#define GALLEY_PARTNER_OUT_H

#include <stddef.h>
#include <stdint.h>

#include "base/error.h"
#include "deliver/bundle.h"
#include "deliver/state.h"

typedef struct partner partner;
typedef struct script_box script_box;
typedef struct galley_article galley_article;
typedef struct run run;

/* What a run did with the items offered to a partner. */
typedef struct partner_counts {
	unsigned long long added, updated, killed; /* in the bundle */
	unsigned long long held, released;         /* embargo: kept back, sent now */
	unsigned long long unchanged, withheld;
	unsigned long long matched; /* articles its filters and when: passed */
	long long next_release; /* the earliest release still held (0: none) */
} partner_counts;

struct partner_out {
	const partner *pt;
	bundle *b;
	int seq;
	char name[512];  /* the bundle's file name */
	char root[512];  /* its folder inside the archive */
	char file[4096]; /* OUTBOX/NAME */
	char tmp[4200];
	size_t nitems; /* articles in the bundle (or, in a plan, that would be) */
	partner_counts counts;
	int published;
	char sha[65];
	script_box *when; /* the partner's wants(article, partner), if any */
};
typedef struct partner_out partner_out;

/* partner_when.c: loads the script; asks it (1 yes, 0 no, -1 it failed,
 * err says why); closes it. */
int partner_when_open(partner_out *o, galley_error *err);
int partner_when_wants(partner_out *o, const galley_article *a, galley_error *err);
void partner_when_close(partner_out *o);

/* partner_sink.c: opens o's bundle when it has none yet, adds one file. */
int partner_bundle_add(run *r, partner_out *o, const char *path, const void *data, size_t len,
                       const char *full, galley_error *err);
/* Notes an item in o's bundle (manifest and state) with its action. */
int partner_bundle_note(run *r, partner_out *o, const state_item *it, const char *action,
                        galley_error *err);
/* Counts an item sent with action ("new", "update", "kill"). */
void partner_count(partner_out *o, const char *action);
/* The files of the article seq for pt's bundle (output.h's register,
 * copied; malloc'd), *n of them: none when no format stage wrote one. */
struct output_file *partner_entries(run *r, const partner *pt, uint64_t seq,
                                    size_t *n);

/* partner_hold.c: keeps a's files for o until release (an instant); sends
 * what is due at the end of a run. */
int partner_hold(run *r, partner_out *o, const galley_article *a, const state_item *it,
                 long long release, galley_error *err);
int partner_release_due(run *r, partner_out *o, galley_error *err);

#endif
