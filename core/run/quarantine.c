/* quarantine.c — setting bad articles aside with their reason, so the run
 * goes on and an editor can see what failed and why.  Each run that sets
 * something aside gets a folder OUTPUT/quarantine/STAMP; in it each
 * article gets NAME.json (as it was when it failed) and NAME.reason, and
 * a rejected input file (or an archive entry's bytes) is copied as is
 * beside its NAME.reason.  Run folders older than the pipeline's
 * quarantine_days are removed at the end of a run. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base/log.h"
#include "base/path.h"
#include "base/utf8.h"
#include "run/run.h"
#include "run/output.h"
#include "run/quarantine.h"
#include "run/report.h"

/* An input larger than this is named in its reason but not copied. */
#define QUARANTINE_COPY_MAX ((size_t)1 << 30)

/* A file set aside gets no fsync of its own, under the run's lock: the
 * run's syncfs (runner.c) makes it durable, and report.json, which lists
 * it, is written only after that (report.c).  0 or -errno. */
static int put_file(run *r, const char *path, const void *data, size_t len, int mode)
{
	__atomic_store_n(&r->files.unsynced, 1, __ATOMIC_RELAXED);
	return path_write_atomic_mode(path, data, len, 0, mode);
}

/* Names are the article id (or input file name) made safe, plus the
 * sequence number so two failures never share a name: no '/', no
 * control character, no leading dot, and UTF-8 (a byte that is not is
 * '_'), so report.json and report.html name the file as it is. */
static void safe_name(char *out, size_t size, const char *name, uint64_t seq)
{
	size_t n = 0;
	for (const char *c = name ? name : ""; *c && n + 1 < size && n < 100; c++)
		out[n++] = (*c == '/' || *c == '\\' || (unsigned char)*c < 32 || *c == 127) ? '_' : *c;
	for (size_t bad; !utf8_valid(out, n, &bad);) /* a sequence cut at the end, too */
		out[bad] = bad + 4 > n ? (n = bad, '\0') : '_';
	if (n == 0 || out[0] == '.')
		n = (size_t)snprintf(out, size, "article");
	snprintf(out + n, size - n, "-%06llu", (unsigned long long)seq);
}

/* A file name relative to the output folder, for the report: the run's
 * folder is OUTPUT/quarantine/STAMP. */
static void kept_as(run *r, char *out, size_t size, const char *name, const char *ext)
{
	const char *folder = strrchr(r->quarantine, '/');
	snprintf(out, size, "quarantine/%s/%s%s", folder ? folder + 1 : r->quarantine, name, ext);
}

/* Writes NAME.reason (id: the article's, NULL for an input); 0 or -1. */
static int write_reason(run *r, const char *name, const char *id, const set_aside *s)
{
	char path[4096], *text = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&text, &len);
	if (!m)
		return -1;
	fprintf(m, "stage: %s\n", s->stage);
	if (id)
		fprintf(m, "article: %s\n", id);
	if (s->source)
		fprintf(m, "source: %s\n", s->source);
	fprintf(m, "reason: %s\n", s->reason);
	fclose(m);
	snprintf(path, sizeof(path), "%s/%s.reason", r->quarantine, name);
	int rc = put_file(r, path, text, len, 0644);
	if (rc)
		log_plain(GALLEY_LOG_ERROR, "%s: cannot write quarantine reason: %s", path,
		          strerror(-rc));
	free(text);
	return rc ? -1 : 0;
}

/* This run's folder, OUTPUT/quarantine/STAMP (the wall clock as the
 * run opened, ISO 8601's basic form, UTC), made at the first use; a
 * second run in the same second gets STAMP-2, and so on. */
static int make_run_folder(run *r)
{
	char stamp[32], path[4096];
	struct tm tm;
	time_t t = (time_t)r->started_at;
	gmtime_r(&t, &tm);
	strftime(stamp, sizeof(stamp), "%Y%m%dT%H%M%SZ", &tm);
	for (int n = 1; n < 1000; n++) {
		char name[48];
		snprintf(name, sizeof(name), n > 1 ? "%s-%d" : "%s", stamp, n);
		snprintf(path, sizeof(path), "%s/%s", r->quarantine_root, name);
		if (mkdir(path, 0755) == 0) {
			r->quarantine = path_join(&r->ar, r->quarantine_root, name);
			return r->quarantine ? 0 : -ENOMEM;
		}
		if (errno != EEXIST)
			return -errno;
	}
	return -EEXIST;
}

static int ensure_dir(run *r)
{
	char link[4096];
	if (r->quarantine) /* made, or set by the caller (galley test) */
		return path_mkdirs(r->quarantine, 0755) == 0 ? 0 : -1;
	if (output_link_in(r, r->quarantine_root, link, sizeof(link))) {
		log_plain(GALLEY_LOG_ERROR,
		          "%s is a symlink inside the output folder; galley writes through none, so "
		          "nothing is copied to quarantine",
		          link);
		return -1;
	}
	int rc = path_mkdirs(r->quarantine_root, 0755);
	if (!rc)
		rc = make_run_folder(r);
	if (rc)
		log_plain(GALLEY_LOG_ERROR, "%s: cannot create quarantine folder: %s",
		          r->quarantine_root, strerror(-rc));
	return rc;
}

/* With r->lock held; dump: also NAME.json, the article as it was. */
static void put_aside(run *r, const galley_article *a, const char *stage_name, const char *reason,
                      int dump)
{
	set_aside s = {.what = a->id ? a->id : "article", .source = a->source,
	               .stage = (char *)stage_name, .reason = (char *)reason};
	char name[256], path[4096], kept[512], reason_file[512];
	r->counts.quarantined++;
	/* the id, and where the article came from, to find it again */
	log_quarantine(a->id, a->source, stage_name, reason);
	if (!r->dry_run && ensure_dir(r) == 0) {
		safe_name(name, sizeof(name), s.what,
		          a->run.piece || a->run.head ? a->run.parent_seq : a->run.seq);
		if (a->run.piece) /* a split piece: the input's number, then the piece's */
			snprintf(name + strlen(name), sizeof(name) - strlen(name), "-%u", a->run.piece);
		char *json = NULL;
		size_t len = 0;
		if (dump && article_dump(a, &json, &len) == 0) {
			snprintf(path, sizeof(path), "%s/%s.json", r->quarantine, name);
			if (put_file(r, path, json, len, 0644) == 0) {
				kept_as(r, kept, sizeof(kept), name, ".json");
				s.kept = kept;
			}
			free(json);
		}
		if (write_reason(r, name, a->id, &s) == 0) {
			kept_as(r, reason_file, sizeof(reason_file), name, ".reason");
			s.reason_file = reason_file;
		}
	}
	report_aside(r, &s);
}

void quarantine_article(run *r, const galley_article *a, const char *stage_name, const char *reason)
{
	pthread_mutex_lock(&r->lock);
	put_aside(r, a, stage_name, reason, 1);
	pthread_mutex_unlock(&r->lock);
}

void quarantine_stuck(run *r, const galley_article *a, const char *stage_name, const char *reason)
{
	put_aside(r, a, stage_name, reason, 0);
}

/* The input's bytes, from memory (data) or copied from the file at path:
 * only a regular file, opened without blocking, and the copy no more
 * readable than the input was (a 0640 file stays unreadable to others).
 * 0 when it is kept. */
static int keep_input(run *r, const char *name, const char *path, const void *data, size_t len)
{
	char copy[4096], *read = NULL;
	int mode = 0644;
	snprintf(copy, sizeof(copy), "%s/%s", r->quarantine, name);
	if (!data) {
		struct stat st;
		if (stat(path, &st) != 0 || !S_ISREG(st.st_mode) ||
		    path_read_file(path, QUARANTINE_COPY_MAX, &read, &len) != 0)
			return -1; /* gone, not a file, or too big: the reason says why it was set aside */
		mode = (int)(st.st_mode & 0644);
		data = read;
	}
	int rc = put_file(r, copy, data ? data : "", len, mode);
	free(read);
	return rc;
}

void quarantine_input(run *r, const char *path, const void *data, size_t len,
                      const char *stage_name, const char *reason)
{
	set_aside s = {.what = (char *)path, .source = (char *)path, .stage = (char *)stage_name,
	               .reason = (char *)reason};
	char name[256], kept[512], reason_file[512];
	pthread_mutex_lock(&r->lock);
	r->counts.rejected++;
	log_quarantine(path, path, stage_name, reason);
	if (!r->dry_run && ensure_dir(r) == 0) {
		const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
		safe_name(name, sizeof(name), base, r->counts.rejected);
		if (keep_input(r, name, path, data, len) == 0) {
			kept_as(r, kept, sizeof(kept), name, "");
			s.kept = kept;
		}
		if (write_reason(r, name, NULL, &s) == 0) {
			kept_as(r, reason_file, sizeof(reason_file), name, ".reason");
			s.reason_file = reason_file;
		}
	}
	report_aside(r, &s);
	pthread_mutex_unlock(&r->lock);
}

/* The time a run folder's name says (STAMP or STAMP-N), or -1 when the
 * name is not one galley makes. */
static long long folder_time(const char *name)
{
	struct tm tm = {0};
	int used = 0, n = 0;
	if (sscanf(name, "%4d%2d%2dT%2d%2d%2dZ%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
	           &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &used) != 6 || used != 16)
		return -1;
	if (name[used] && (sscanf(name + used, "-%d%n", &n, &used) != 1 || n < 2 ||
	                   name[16 + used] != '\0'))
		return -1;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	return (long long)timegm(&tm);
}

static int every_file(const char *rel, const char *name, void *data)
{
	(void)rel, (void)name, (void)data;
	return 1;
}

long quarantine_expire(run *r, int days)
{
	char link[4096];
	if (days <= 0 || r->dry_run || !r->quarantine_root ||
	    output_link_in(r, r->quarantine_root, link, sizeof(link)))
		return 0; /* never through a symlink (ensure_dir has said so) */
	DIR *d = opendir(r->quarantine_root);
	if (!d)
		return 0;
	long gone = 0;
	long long before = r->started_at - (long long)days * 86400;
	for (struct dirent *e; (e = readdir(d));) {
		long long t = folder_time(e->d_name);
		if (t < 0 || t >= before || e->d_type == DT_LNK)
			continue;
		char path[4096];
		snprintf(path, sizeof(path), "%s/%s", r->quarantine_root, e->d_name);
		if (path_sweep(r->quarantine_root, e->d_name, every_file, NULL) >= 0 &&
		    rmdir(path) == 0)
			gone++;
		else
			log_plain(GALLEY_LOG_WARN, "%s: cannot remove an expired quarantine folder: %s",
			          path, strerror(errno));
	}
	closedir(d);
	return gone;
}
