/* quarantine.c — setting bad articles aside with their reason, so the run
 * goes on and an editor can see what failed and why.  Each article gets
 * NAME.json (as it was when it failed) and NAME.reason; a rejected input
 * file (or an archive entry's bytes) is copied as is beside its NAME.reason. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/log.h"
#include "base/path.h"
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
 * sequence number so two failures never share a name. */
static void safe_name(char *out, size_t size, const char *name, uint64_t seq)
{
	size_t n = 0;
	for (const char *c = name ? name : ""; *c && n + 1 < size && n < 100; c++)
		out[n++] = (*c == '/' || *c == '\\' || (unsigned char)*c < 32) ? '_' : *c;
	if (n == 0 || out[0] == '.')
		n = (size_t)snprintf(out, size, "article");
	snprintf(out + n, size - n, "-%06llu", (unsigned long long)seq);
}

static void write_reason(run *r, const char *name, const char *stage_name, const char *id,
                         const char *source, const char *reason)
{
	char path[4096], *text = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&text, &len);
	if (!m)
		return;
	fprintf(m, "stage: %s\n", stage_name);
	if (id)
		fprintf(m, "article: %s\n", id);
	if (source)
		fprintf(m, "source: %s\n", source);
	fprintf(m, "reason: %s\n", reason);
	fclose(m);
	snprintf(path, sizeof(path), "%s/%s.reason", r->quarantine, name);
	if (put_file(r, path, text, len, 0644) != 0)
		log_plain(GALLEY_LOG_ERROR, "%s: cannot write quarantine reason", path);
	free(text);
}

static int ensure_dir(run *r)
{
	char link[4096];
	if (output_link_in(r, r->quarantine, link, sizeof(link))) {
		log_plain(GALLEY_LOG_ERROR,
		          "%s is a symlink inside the output folder; galley writes through none, so "
		          "nothing is copied to quarantine",
		          link);
		return -1;
	}
	int rc = path_mkdirs(r->quarantine, 0755);
	if (rc)
		log_plain(GALLEY_LOG_ERROR, "%s: cannot create quarantine folder: %s", r->quarantine,
		          strerror(-rc));
	return rc;
}

/* With r->lock held; dump: also NAME.json, the article as it was. */
static void put_aside(run *r, const galley_article *a, const char *stage_name, const char *reason,
                      int dump)
{
	r->counts.quarantined++;
	report_aside(r, a->id ? a->id : "article", a->source, stage_name, reason);
	/* the id, and where the article came from, to find it again */
	log_quarantine(a->id, a->source, stage_name, reason);
	if (r->dry_run || ensure_dir(r) != 0)
		return;
	char name[256], path[4096];
	safe_name(name, sizeof(name), a->id ? a->id : "article",
	          a->run.piece || a->run.head ? a->run.parent_seq : a->run.seq);
	if (a->run.piece) /* a split piece: the input's number, then the piece's */
		snprintf(name + strlen(name), sizeof(name) - strlen(name), "-%u", a->run.piece);
	char *json = NULL;
	size_t len = 0;
	if (dump && article_dump(a, &json, &len) == 0) {
		snprintf(path, sizeof(path), "%s/%s.json", r->quarantine, name);
		put_file(r, path, json, len, 0644);
		free(json);
	}
	write_reason(r, name, stage_name, a->id, a->source, reason);
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
 * readable than the input was (a 0640 file stays unreadable to others). */
static void keep_input(run *r, const char *name, const char *path, const void *data, size_t len)
{
	char copy[4096], *read = NULL;
	int mode = 0644;
	snprintf(copy, sizeof(copy), "%s/%s", r->quarantine, name);
	if (!data) {
		struct stat st;
		if (stat(path, &st) != 0 || !S_ISREG(st.st_mode) ||
		    path_read_file(path, QUARANTINE_COPY_MAX, &read, &len) != 0)
			return; /* gone, not a file, or too big: the reason says why it was set aside */
		mode = (int)(st.st_mode & 0644);
		data = read;
	}
	put_file(r, copy, data ? data : "", len, mode);
	free(read);
}

void quarantine_input(run *r, const char *path, const void *data, size_t len,
                      const char *stage_name, const char *reason)
{
	pthread_mutex_lock(&r->lock);
	r->counts.rejected++;
	report_aside(r, path, path, stage_name, reason);
	log_quarantine(path, path, stage_name, reason);
	if (!r->dry_run && ensure_dir(r) == 0) {
		const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
		char name[256];
		safe_name(name, sizeof(name), base, r->counts.rejected);
		keep_input(r, name, path, data, len);
		write_reason(r, name, stage_name, NULL, path, reason);
	}
	pthread_mutex_unlock(&r->lock);
}
