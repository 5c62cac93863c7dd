/* partner_sink.c — delivery to partners (see partner_sink.h). */
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>
#include <lauxlib.h>

#include "base/bounds.h"
#include "deliver/bundle.h"
#include "deliver/partner_sink.h"
#include "lua/script_article.h"
#include "lua/script_lib.h"
#include "base/log.h"
#include "lua/script_sandbox.h"
#include "base/path.h"
#include "config/partners.h"
#include "run/run.h"

struct partner_out {
	const partner *pt;
	bundle *b;
	int seq;
	char name[512];  /* the bundle's file name */
	char root[512];  /* its folder inside the archive */
	char file[4096]; /* OUTBOX/NAME */
	char tmp[4200];
	size_t nitems; /* articles in the bundle (or, in a plan, that would be) */
	unsigned long long unchanged;
	int published;
	char sha[65];
	script_box *when; /* the partner's wants(article, partner), if any */
};

/* {partner}-{date}-{seq}.{ext} */
static void expand(const partner *pt, const char *date, int seq, char *out, size_t size)
{
	size_t n = 0;
	for (const char *c = pt->pattern; *c && n + 1 < size;) {
		const char *v = NULL;
		char num[16];
		size_t skip = 0;
		if (strncmp(c, "{partner}", 9) == 0)
			v = pt->name, skip = 9;
		else if (strncmp(c, "{date}", 6) == 0)
			v = date, skip = 6;
		else if (strncmp(c, "{seq}", 5) == 0)
			snprintf(num, sizeof(num), "%d", seq), v = num, skip = 5;
		else if (strncmp(c, "{ext}", 5) == 0)
			v = pt->archive, skip = 5;
		if (v) {
			n += (size_t)snprintf(out + n, size - n, "%s", v);
			c += skip;
		} else {
			out[n++] = *c++;
		}
	}
	out[n < size ? n : size - 1] = '\0';
}

/* Bundles a killed run left half-written (".NAME.tmp.PID"): with the lock
 * held no other run is writing, so every one of them is stale. */
static void sweep(const char *outbox)
{
	DIR *d = opendir(outbox);
	struct dirent *e;
	while (d && (e = readdir(d)))
		if (e->d_name[0] == '.' && strstr(e->d_name, ".tmp.")) {
			char path[4096];
			snprintf(path, sizeof(path), "%s/%s", outbox, e->d_name);
			unlink(path);
		}
	if (d)
		closedir(d);
}

/* GALLEY_FAULT=NAME stops the process at a named point, for the crash
 * tests (tests/partners.t); unset, it costs one getenv per bundle. */
static void fault_point(const char *name)
{
	const char *f = getenv("GALLEY_FAULT");
	if (f && strcmp(f, name) == 0)
		raise(SIGKILL);
}

/* Loads a partner's `when:` script into its own sandbox (64 MB, 50
 * million instructions and the default timeout per call, require from its
 * lib/). */
static int has_wants(lua_State *L)
{
	lua_pushboolean(L, lua_getglobal(L, "wants") == LUA_TFUNCTION);
	return 1;
}

static int open_when(partner_out *o, galley_error *err)
{
	const partner *pt = o->pt;
	char lib[4096], msg[4096];
	const char *slash = strrchr(pt->when, '/');
	snprintf(lib, sizeof(lib), "%.*s/lib", slash ? (int)(slash - pt->when) : 1,
	         slash ? pt->when : ".");
	o->when = calloc(1, sizeof(script_box));
	if (!o->when || script_box_open(o->when, (size_t)64 << 20, GALLEY_LUA_INSTRUCTIONS, lib))
		return galley_error_set(err, GALLEY_ENOMEM, "cannot create a Lua state");
	script_box_set_timeout(o->when, GALLEY_STAGE_TIMEOUT_MS);
	script_lib_open(o->when->L);
	lua_State *L = o->when->L;
	if (luaL_loadfilex(L, pt->when, "t") != LUA_OK)
		return galley_error_set(err, GALLEY_EINVALID, "partner %s: %s", pt->name,
		                        lua_tostring(L, -1));
	if (script_box_call(o->when, 0, 0, msg, sizeof(msg)))
		return galley_error_set(err, GALLEY_EINVALID, "partner %s: %s", pt->name, msg);
	lua_pushcfunction(L, has_wants);
	if (script_box_call(o->when, 0, 1, msg, sizeof(msg)))
		return galley_error_set(err, GALLEY_EINVALID, "partner %s: %s", pt->name, msg);
	int ok = lua_toboolean(L, -1);
	lua_pop(L, 1);
	if (!ok)
		return galley_error_set(err, GALLEY_EINVALID,
		                        "partner %s: %s defines no function wants(article, partner)",
		                        pt->name, pt->when);
	return 0;
}

/* wants(article, partner) under the limits, pushing the article included. */
typedef struct wants_call {
	const galley_article *a;
	const char *partner;
	int yes;
} wants_call;

static int wants_protected(lua_State *L)
{
	wants_call *c = lua_touserdata(L, 1);
	lua_getglobal(L, "wants");
	if (script_article_push(L, c->a))
		return luaL_error(L, "article too deeply nested for Lua");
	lua_pushstring(L, c->partner);
	lua_call(L, 2, 1);
	c->yes = lua_toboolean(L, -1);
	return 0;
}

/* 1 wanted, 0 not, -1 the script failed (err says why).  After a limit
 * was exceeded the state is not trusted again: the failure fails the
 * run, and the partner is offered nothing more. */
static int when_wants(partner_out *o, galley_article *a, galley_error *err)
{
	lua_State *L = o->when->L;
	char msg[4096];
	wants_call c = {.a = a, .partner = o->pt->name};
	lua_pushcfunction(L, wants_protected);
	lua_pushlightuserdata(L, &c);
	if (script_box_call(o->when, 1, 0, msg, sizeof(msg))) {
		galley_error_set(err, GALLEY_ESTAGE, "partner %s: when %s, article %s: %s",
		                 o->pt->name, o->pt->when, a->id ? a->id : "?", msg);
		return -1;
	}
	return c.yes;
}

int partners_start(run *r, galley_error *err)
{
	deliveries *d = &r->deliveries;
	pipeline *p = r->p;
	if (!p->npartners)
		return 0;
	d->started = time(NULL);
	d->plan = r->dry_run;
	int rc = d->plan ? state_open_readonly(&d->st, p->state, err)
	                 : state_open(&d->st, p->state, err);
	if (rc)
		return rc;
	d->out = calloc(p->npartners, sizeof(partner_out));
	if (!d->out)
		return galley_error_set(err, GALLEY_ENOMEM, "out of memory");
	d->n = p->npartners;
	for (size_t i = 0; i < d->n; i++) {
		d->out[i].pt = &p->partners[i];
		if (p->partners[i].when && (rc = open_when(&d->out[i], err)))
			return rc;
		if (d->plan)
			continue;
		int e = path_mkdirs(p->partners[i].outbox, 0755);
		if (e)
			return galley_error_set(err, GALLEY_EIO, "cannot create outbox %s: %s",
			                        p->partners[i].outbox, strerror(-e));
		sweep(p->partners[i].outbox);
	}
	return 0;
}

/* The content hash: the canonical JSON without `source`, so the same
 * article read from another folder is not news. */
static int content_hash(galley_article *a, char out[65])
{
	char *source = a->source, *json;
	size_t len;
	a->source = NULL;
	int rc = article_dump(a, &json, &len);
	a->source = source;
	if (rc)
		return rc;
	unsigned char d[EVP_MAX_MD_SIZE];
	unsigned int n = 0;
	EVP_Digest(json, len, d, &n, EVP_sha256(), NULL);
	for (unsigned int i = 0; i < n; i++)
		snprintf(out + 2 * i, 3, "%02x", d[i]);
	free(json);
	return 0;
}

static int open_out(run *r, partner_out *o, galley_error *err)
{
	const partner *pt = o->pt;
	o->seq = state_next_seq(&r->deliveries.st, pt->name, r->date);
	expand(pt, r->date, o->seq, o->name, sizeof(o->name));
	snprintf(o->root, sizeof(o->root), "%.*s", (int)strcspn(o->name, "."), o->name);
	snprintf(o->file, sizeof(o->file), "%s/%s", pt->outbox, o->name);
	snprintf(o->tmp, sizeof(o->tmp), "%s/.%s.tmp.%ld", pt->outbox, o->name, (long)getpid());
	bundle_info info = {.root = o->root,
	                    .bagit = pt->bagit,
	                    .mtime = bundle_time_of(r->epoch, r->date),
	                    .by_key = "partner",
	                    .by = pt->name,
	                    .date = r->date,
	                    .organization = pt->organization};
	const char *tmp = o->tmp;
	pstate *st = &r->deliveries.st;
	int rc = state_begin(st, err);
	if (!rc)
		rc = state_bundle(st, pt->name, o->name, o->file, r->date, o->seq, err);
	return rc ? rc : bundle_open(&o->b, &info, &pt->archive, &tmp, 1, err);
}

static int in_formats(const partner *pt, size_t index)
{
	for (size_t f = 0; f < pt->formats.count; f++)
		if (pt->format_stages[f] == index)
			return 1;
	return 0;
}

/* Files a source wrote for an article (the pictures of an archive entry)
 * travel with it to every partner that gets it. */
static int carried(const run *r, const partner *pt, const output_file *f, size_t *formats)
{
	if (in_formats(pt, f->stage))
		return ++*formats, 1;
	return r->p->stages[f->stage].plugin->role == GALLEY_ROLE_SOURCE;
}

/* The article's entries from the partner's format stages (with the files
 * its source wrote; none when no format stage wrote one), copied out of
 * the register under its lock.  The strings and bytes they point to stay
 * put until the article is settled, which only this (the sink) thread does,
 * so reading and packing can happen without holding the lock. */
static output_file *entries_of(run *r, const partner *pt, uint64_t seq, size_t *n)
{
	pthread_mutex_lock(&r->lock);
	output_file *out = malloc((r->files.noutputs ? r->files.noutputs : 1) * sizeof(*out));
	*n = 0;
	size_t formats = 0;
	for (size_t i = 0; out && i < r->files.noutputs; i++)
		if (r->files.outputs[i].seq == seq && carried(r, pt, &r->files.outputs[i], &formats))
			out[(*n)++] = r->files.outputs[i];
	if (!formats)
		*n = 0;
	pthread_mutex_unlock(&r->lock);
	return out;
}

/* The article's files from the partner's format stages, into its bundle. */
static int pack(run *r, partner_out *o, galley_article *a, const char *hash, galley_error *err)
{
	size_t n;
	output_file *files = entries_of(r, o->pt, a->run.seq, &n);
	if (!files)
		return galley_error_set(err, GALLEY_ENOMEM, "out of memory");
	int rc = n && !o->b ? open_out(r, o, err) : 0;
	for (size_t i = 0; !rc && i < n; i++) {
		const output_file *f = &files[i];
		rc = f->full ? bundle_add_file(o->b, f->path, f->full, err)
		             : bundle_add(o->b, f->path, f->data, f->len, err);
	}
	free(files);
	if (!rc && n && bundle_note_article(o->b, a->id, hash))
		rc = galley_error_set(err, GALLEY_ENOMEM, "out of memory");
	if (!rc && n && !(rc = state_article(&r->deliveries.st, o->pt->name, o->name, a->id,
	                                     hash, err)))
		o->nitems++;
	return rc;
}

/* --since DATE: the article's date (modified, else published, else
 * created) is DATE or later; ISO dates compare as text. */
static int dated_since(const galley_article *a, const char *since)
{
	const char *date = a->dates.at[DATE_MODIFIED]    ? a->dates.at[DATE_MODIFIED]
	                 : a->dates.at[DATE_PUBLISHED] ? a->dates.at[DATE_PUBLISHED]
	                                            : a->dates.at[DATE_CREATED];
	return since && date && strncmp(date, since, strlen(since)) >= 0;
}

int partners_offer(run *r, galley_article *a, galley_error *err)
{
	deliveries *d = &r->deliveries;
	char hash[65] = "";
	int resend = d->full || dated_since(a, d->since);
	for (size_t i = 0; i < d->n; i++) {
		partner_out *o = &d->out[i];
		const partner *pt = o->pt;
		if (d->only && strcmp(d->only, pt->name) != 0)
			continue;
		if (!partner_wants(pt, a->section, a->language, (const char *const *)a->keywords.items,
		                   a->keywords.count))
			continue;
		int yes = o->when ? when_wants(o, a, err) : 1;
		if (yes < 0)
			return GALLEY_ESTAGE; /* a broken predicate must not drop deliveries quietly */
		if (!yes)
			continue;
		if (!hash[0] && content_hash(a, hash))
			return galley_error_set(err, GALLEY_ENOMEM, "out of memory");
		if (!resend && state_was_sent(&d->st, pt->name, a->id, hash)) {
			o->unchanged++;
			continue;
		}
		if (d->plan) {
			o->nitems++; /* counted, not kept */
			continue;
		}
		int rc = pack(r, o, a, hash, err);
		if (rc)
			return rc;
		fault_point("while-packing");
	}
	return 0;
}

/* fsyncs the file at path, then its SHA-256 (the bundle writer's). */
static int sync_file(const char *path, char sha[65])
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	int rc = fd >= 0 && fsync(fd) == 0 ? 0 : -1;
	if (fd >= 0)
		close(fd);
	return rc ? rc : bundle_file_sha256(path, sha);
}

/* Closes and fsyncs a bundle under its temporary name and notes its
 * checksum in the (still open) state transaction. */
static int seal(run *r, partner_out *o, galley_error *err)
{
	int rc = bundle_close(o->b, err);
	if (!rc && sync_file(o->tmp, o->sha))
		rc = galley_error_set(err, GALLEY_EIO, "cannot sync %s: %s", o->tmp, strerror(errno));
	return rc ? rc : state_bundle_done(&r->deliveries.st, o->name, o->sha, o->nitems, err);
}

/* Renames a sealed, recorded bundle into the outbox, writes its sidecar,
 * and confirms it. */
static int publish(run *r, partner_out *o, galley_error *err)
{
	deliveries *d = &r->deliveries;
	char line[700], side[4300];
	fault_point("before-rename");
	if (rename(o->tmp, o->file) != 0) {
		state_abandon(&d->st, o->name);
		return galley_error_set(err, GALLEY_EIO, "cannot move %s into place: %s", o->file,
		                        strerror(errno));
	}
	o->published = 1;
	path_sync_dir(o->pt->outbox);
	fault_point("after-rename");
	int n = snprintf(line, sizeof(line), "%s  %s\n", o->sha, o->name);
	snprintf(side, sizeof(side), "%s.sha256", o->file);
	if (path_write_atomic(side, line, (size_t)n, 1) != 0)
		log_plain(GALLEY_LOG_ERROR, "cannot write %s", side);
	int rc = state_confirm(&d->st, o->name, err);
	if (!rc)
		d->sent += o->nitems;
	return rc;
}

static int wanted(const deliveries *d, const partner_out *o)
{
	return !d->only || strcmp(d->only, o->pt->name) == 0;
}

/* Every bundle is sealed and the state transaction committed (all of
 * them pending) before the first rename; then each is published. */
int partners_finish(run *r, galley_error *err)
{
	deliveries *d = &r->deliveries;
	int rc = 0;
	for (size_t i = 0; !rc && !d->plan && i < d->n; i++)
		if (d->out[i].b && wanted(d, &d->out[i]))
			rc = seal(r, &d->out[i], err);
	if (!rc && !d->plan)
		rc = state_commit(&d->st, err);
	for (size_t i = 0; !rc && i < d->n; i++) {
		partner_out *o = &d->out[i];
		if (!wanted(d, o))
			continue;
		if (d->plan)
			log_plain(LOG_SUMMARY, "partner %s: %zu articles would be sent (%llu unchanged)",
			          o->pt->name, o->nitems, o->unchanged);
		else if (!o->b)
			log_plain(LOG_SUMMARY, "partner %s: nothing new to send (%llu unchanged)",
			          o->pt->name, o->unchanged);
		else if (!(rc = publish(r, o, err)))
			log_plain(LOG_SUMMARY, "partner %s: %zu articles in %s (%llu unchanged)",
			          o->pt->name, o->nitems, o->file, o->unchanged);
	}
	return rc;
}

json_t *partners_report(run *r)
{
	deliveries *d = &r->deliveries;
	json_t *list = json_array();
	for (size_t i = 0; i < d->n; i++) {
		const partner_out *o = &d->out[i];
		if (d->only && strcmp(d->only, o->pt->name) != 0)
			continue;
		json_t *e = json_pack("{s:s, s:I, s:I}", "partner", o->pt->name,
		                      d->plan ? "would_send" : "sent", (json_int_t)o->nitems,
		                      "unchanged", (json_int_t)o->unchanged);
		if (o->published) {
			json_object_set_new(e, "bundle", json_string(o->name));
			json_object_set_new(e, "file", json_string(o->file));
			json_object_set_new(e, "sha256", json_string(o->sha));
		}
		json_array_append_new(list, e);
	}
	return list;
}

void partners_stop(run *r, const char *status)
{
	deliveries *d = &r->deliveries;
	for (size_t i = 0; i < d->n; i++) {
		partner_out *o = &d->out[i];
		bundle_free(o->b);
		if (o->b && !o->published)
			unlink(o->tmp); /* never under its final name */
		if (o->when)
			script_box_close(o->when);
		free(o->when);
	}
	free(d->out);
	d->out = NULL;
	state_rollback(&d->st); /* a failed run: nothing it packed stays pending */
	if (d->st.db && !d->plan) {
		char started[32];
		struct tm tm;
		gmtime_r(&d->started, &tm);
		strftime(started, sizeof(started), "%Y-%m-%dT%H:%M:%SZ", &tm);
		state_run_record(&d->st, started, status, (long long)r->counts.read,
		                 (long long)r->counts.done,
		                 (long long)(r->counts.quarantined + r->counts.rejected),
		                 (long long)d->sent);
	}
	if (d->st.db || d->st.lock_fd >= 0)
		state_close(&d->st);
}
