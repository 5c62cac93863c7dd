/* partner_hold.c — embargoes a partner waits for (`embargo: hold`, the
 * default): an item whose embargo has not passed is kept in the state,
 * with the files the partner's formats wrote for it, and goes into the
 * partner's bundle at the first run after its release, whether or not
 * its input is still in the inbox.  A kill before the release forgets it
 * (partner_sink.c); the held rows go when the bundle that carries the
 * item is confirmed (state.c), so a run that dies sends it next time. */
#include <stdlib.h>
#include <string.h>

#include "base/path.h"
#include "config/partners.h"
#include "deliver/partner_out.h"
#include "run/run.h"

/* Files larger than this are refused to the state: an embargoed item
 * carries its text and pictures, not video. */
#define HOLD_FILE_MAX ((size_t)256 << 20)

int partner_hold(run *r, partner_out *o, const galley_article *a, const state_item *it,
                 long long release, galley_error *err)
{
	pstate *st = &r->deliveries.st;
	size_t n;
	output_file *files = partner_entries(r, o->pt, a->run.seq, &n);
	if (!files)
		return galley_error_set(err, GALLEY_ENOMEM, "out of memory");
	const char *embargo = a->dates.at[DATE_EMBARGO];
	int rc = n ? state_hold(st, o->pt->name, it, release, embargo ? embargo : "", err) : 0;
	for (size_t i = 0; !rc && i < n; i++) {
		const output_file *f = &files[i];
		char *bytes = NULL;
		size_t len = f->len;
		if (f->full && path_read_file(f->full, HOLD_FILE_MAX, &bytes, &len) != 0)
			rc = galley_error_set(err, GALLEY_EIO, "cannot read '%s' to hold it for %s",
			                      f->full, o->pt->name);
		if (!rc)
			rc = state_hold_file(st, o->pt->name, it->guid, f->path,
			                     f->full ? bytes : f->data, len, err);
		free(bytes);
	}
	free(files);
	return rc;
}

typedef struct release_call {
	run *r;
	partner_out *o;
	const char *guid;
	galley_error *err;
} release_call;

static int add_held_file(void *data, const char *path, const void *bytes, size_t len)
{
	release_call *c = data;
	return partner_bundle_add(c->r, c->o, path, bytes, len, NULL, c->err);
}

/* One held item whose embargo has passed, into the bundle: as the next
 * version for a partner that had an earlier one. */
static int release_one(void *data, const held_item *h)
{
	release_call *c = data;
	deliveries *d = &c->r->deliveries;
	delivered had;
	state_delivered(&d->st, c->o->pt->name, h->it.guid, &had);
	const char *action = had.found ? "update" : "new";
	c->o->counts.released++;
	if (d->plan) {
		c->o->nitems++;
		return 0;
	}
	int rc = state_held_files(&d->st, c->o->pt->name, h->it.guid, add_held_file, c);
	if (rc > 0 || (rc < 0 && !c->err->code))
		rc = galley_error_set(c->err, GALLEY_EIO, "state: cannot read what was held of %s",
		                      h->it.guid);
	return rc ? rc : partner_bundle_note(c->r, c->o, &h->it, action, c->err);
}

int partner_release_due(run *r, partner_out *o, galley_error *err)
{
	deliveries *d = &r->deliveries;
	release_call c = {.r = r, .o = o, .err = err};
	if (!d->st.db)
		return 0;
	int rc = d->plan ? 0 : state_begin(&d->st, err);
	return rc ? rc : state_due(&d->st, o->pt->name, d->now, release_one, &c);
}
