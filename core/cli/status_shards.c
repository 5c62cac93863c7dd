/* status_shards.c — `galley status`'s view of a split run: each shard
 * folder under OUTPUT/shards (run/shard.h) finished, merged, not finished
 * or missing, a finished one checked as the merge would check it alone
 * (its stages' settings, its galley's article model), and what to run
 * next.  It only reads: it takes no shard's
 * lock, so it never stands in a starting shard's way, and it cannot tell
 * a shard at work from a stopped one; the records' size and time tell the
 * operator which. */
#include <dirent.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "cli/status.h"
#include "run/shard.h"

/* The splits under dir: each N that some I-of-N folder names, ascending,
 * into counts; how many. */
static size_t find_splits(const char *dir, unsigned *counts, size_t max)
{
	DIR *d = opendir(dir);
	size_t n = 0;
	struct dirent *e;
	while (d && (e = readdir(d))) {
		unsigned i, count;
		char tail;
		if (sscanf(e->d_name, "%u-of-%u%c", &i, &count, &tail) != 2 || i >= count ||
		    count > SHARD_MAX)
			continue;
		size_t k = 0;
		while (k < n && counts[k] < count)
			k++;
		if ((k < n && counts[k] == count) || n == max)
			continue;
		memmove(counts + k + 1, counts + k, (n - k) * sizeof(*counts));
		counts[k] = count;
		n++;
	}
	if (d)
		closedir(d);
	return n;
}

/* 'f' finished, 'm' merged (*marker: its shard.json, or merged.json), 'u'
 * not finished, '-' missing. */
static char shard_state(const char *folder, json_t **marker)
{
	static const char *const names[] = {"shard.json", "merged.json"};
	char path[4300];
	for (int k = 0; k < 2; k++) {
		snprintf(path, sizeof(path), "%s/%s", folder, names[k]);
		if ((*marker = json_load_file(path, 0, NULL)))
			return k ? 'm' : 'f';
	}
	struct stat st;
	return stat(folder, &st) == 0 ? 'u' : '-';
}

/* A finished shard the merge would refuse: by the checks the merge makes
 * that need no other shard (shard_merge.c); NULL when none. */
static const char *stale(const pipeline *p, const json_t *ours, const json_t *m, char *why,
                         size_t size)
{
	const char *name = shard_digests_differ(p, ours, json_object_get(m, "settings"));
	if (name)
		snprintf(why, size,
		         "ran stage '%s' with other settings than here (a --set value, a var or its "
		         "script differs): run it again, or give status the shards' --set values",
		         name);
	else if (!shard_same_format(m))
		snprintf(why, size, "was run by a galley of another version: run it again");
	else
		return NULL;
	return why;
}

/* The line of a finished or merged shard; 1 when the merge can take it. */
static int show_finished(const pipeline *p, const json_t *ours, char state, const json_t *m)
{
	json_int_t n = 0, q = 0;
	const char *date = "";
	json_unpack((json_t *)m, "{sIsss{sI}}", "records", &n, "date", &date, "counts",
	            "quarantined", &q);
	printf("%s: %lld %s, %lld set aside, for %s\n", state == 'f' ? "finished" : "merged",
	       (long long)n, n == 1 ? "article" : "articles", (long long)q, date);
	char why[400];
	if (state == 'f' && stale(p, ours, m, why, sizeof(why))) {
		printf("            but it %s\n", why);
		return 0;
	}
	return 1;
}

static void show_unfinished(const char *folder)
{
	char path[4300], when[32] = "";
	struct stat st;
	snprintf(path, sizeof(path), "%s/articles.records", folder);
	if (stat(path, &st) != 0) {
		printf("not finished: no records yet\n");
		return;
	}
	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", gmtime(&st.st_mtime));
	printf("not finished: %lld bytes of records, last written %s (running, or stopped: "
	       "then run it again)\n",
	       (long long)st.st_size, when);
}

/* One split of count shards; the merge command when every shard finished. */
static void show_split(const pipeline *p, const json_t *ours, const char *dir, unsigned count)
{
	unsigned done = 0, merged = 0;
	printf("  %u shards:\n", count);
	for (unsigned i = 0; i < count; i++) {
		char folder[4200];
		json_t *m = NULL;
		snprintf(folder, sizeof(folder), "%s/%u-of-%u", dir, i, count);
		char s = shard_state(folder, &m);
		printf("    %u-of-%u  ", i, count);
		if (m)
			done += show_finished(p, ours, s, m) && s == 'f';
		else if (s == 'u')
			show_unfinished(folder);
		else
			printf("missing\n");
		merged += s == 'm';
		json_decref(m);
	}
	if (merged == count)
		printf("  merged\n");
	else if (done == count)
		printf("  ready: galley merge %s --shards %u\n", p->file, count);
	else if (merged)
		printf("  partly merged already: run every shard again, then merge\n");
	else
		printf("  %u of %u ready: run the others (galley run %s --shard I/%u), then "
		       "galley merge %s --shards %u\n",
		       done, count, p->file, count, p->file, count);
}

int status_shards(const pipeline *p)
{
	char dir[4096];
	unsigned counts[16];
	snprintf(dir, sizeof(dir), "%s/shards", p->output);
	size_t n = find_splits(dir, counts, sizeof(counts) / sizeof(counts[0]));
	if (!n)
		return 0;
	json_t *ours = shard_digests(p);
	printf("shards in %s:\n", dir);
	for (size_t k = 0; k < n; k++)
		show_split(p, ours, dir, counts[k]);
	json_decref(ours);
	return 1;
}
