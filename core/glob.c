/* glob.c — `**`-aware globbing: split the pattern at its first wildcard
 * segment, walk the folder below it one sorted folder at a time, match
 * each relative path segment by segment with fnmatch.  Hidden files match
 * only an explicit leading dot. */
#include <dirent.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "error.h"
#include "glob.h"

#define GLOB_MAX_DEPTH 32

typedef struct pathlist {
	char **items;
	size_t count, cap;
} pathlist;

static int has_wild(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] == '*' || s[i] == '?' || s[i] == '[')
			return 1;
	return 0;
}

static int match_segs(const char *pat, const char *path)
{
	if (!*pat)
		return !*path;
	size_t plen = strcspn(pat, "/");
	const char *pnext = pat[plen] ? pat + plen + 1 : pat + plen;
	if (plen == 2 && pat[0] == '*' && pat[1] == '*') {
		/* zero folders, or one folder and '**' again */
		if (match_segs(pnext, path))
			return 1;
		size_t slen = strcspn(path, "/");
		if (!path[slen] || path[0] == '.')
			return 0;
		return match_segs(pat, path + slen + 1);
	}
	size_t slen = strcspn(path, "/");
	if (!*path)
		return 0;
	char p[1024], s[1024];
	if (plen >= sizeof(p) || slen >= sizeof(s))
		return 0;
	memcpy(p, pat, plen);
	p[plen] = '\0';
	memcpy(s, path, slen);
	s[slen] = '\0';
	if (fnmatch(p, s, FNM_PERIOD) != 0)
		return 0;
	const char *snext = path[slen] ? path + slen + 1 : path + slen;
	if (!pat[plen] != !path[slen])
		return 0;
	return match_segs(pnext, snext);
}

int glob_match(const char *pattern, const char *path)
{
	return match_segs(pattern, path);
}

/* One folder's entries; folders carry a trailing '/' so that sorting the
 * names sorts the full paths the way strcmp would. */
static int push(pathlist *l, const char *name, int is_dir)
{
	if (l->count == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 64;
		char **items = realloc(l->items, cap * sizeof(char *));
		if (!items)
			return GALLEY_ENOMEM;
		l->items = items;
		l->cap = cap;
	}
	size_t len = strlen(name);
	char *item = malloc(len + 2);
	if (!item)
		return GALLEY_ENOMEM;
	memcpy(item, name, len);
	item[len] = is_dir ? '/' : '\0';
	item[len + 1] = '\0';
	l->items[l->count++] = item;
	return 0;
}

static void pathlist_free(pathlist *l)
{
	for (size_t i = 0; i < l->count; i++)
		free(l->items[i]);
	free(l->items);
}

static int by_bytes(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int is_folder(const char *dir, const struct dirent *e)
{
	if (e->d_type != DT_UNKNOWN && e->d_type != DT_LNK)
		return e->d_type == DT_DIR;
	char full[4096];
	struct stat st;
	snprintf(full, sizeof(full), "%s/%s", dir, e->d_name);
	return stat(full, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The sorted entries of one folder (hidden folders left out). */
static int list_folder(const char *dir, pathlist *out)
{
	DIR *d = opendir(dir);
	if (!d)
		return 0;
	struct dirent *e;
	int rc = 0;
	while (!rc && (e = readdir(d))) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		int folder = is_folder(dir, e);
		if (!(folder && e->d_name[0] == '.'))
			rc = push(out, e->d_name, folder);
	}
	closedir(d);
	if (!rc && out->count)
		qsort(out->items, out->count, sizeof(char *), by_bytes);
	return rc;
}

typedef struct walker {
	size_t baselen; /* of the folder the pattern's relative part starts in */
	const char *rest;
	int strip_dot; /* "./x" from a pattern without a folder reads as "x" */
	galley_path_fn fn;
	void *data;
} walker;

/* Calls fn for the files under dir whose path relative to base matches
 * rest, in byte order of the path, holding one folder's names at a time
 * per level: memory follows the tree's depth, not its size. */
static int walk(const walker *w, const char *dir, int depth)
{
	if (depth > GLOB_MAX_DEPTH)
		return 0;
	pathlist l = {0};
	int rc = list_folder(dir, &l);
	for (size_t i = 0; !rc && i < l.count; i++) {
		size_t len = strlen(l.items[i]);
		int folder = l.items[i][len - 1] == '/';
		l.items[i][len - folder] = '\0';
		size_t size = strlen(dir) + len + 2;
		char *full = malloc(size);
		if (!full) {
			rc = GALLEY_ENOMEM;
			break;
		}
		snprintf(full, size, "%s/%s", dir, l.items[i]);
		struct stat st;
		if (folder)
			rc = walk(w, full, depth + 1);
		else if (glob_match(w->rest, full + w->baselen) && stat(full, &st) == 0 &&
		         S_ISREG(st.st_mode))
			rc = w->fn(w->data, w->strip_dot && !strncmp(full, "./", 2) ? full + 2 : full);
		free(full);
	}
	pathlist_free(&l);
	return rc;
}

int glob_walk(const char *pattern, galley_path_fn fn, void *data)
{
	/* the fixed folder before the first wildcard segment */
	size_t fixed = 0;
	for (size_t i = 0;;) {
		size_t len = strcspn(pattern + i, "/");
		if (has_wild(pattern + i, len) || !pattern[i + len])
			break;
		i += len + 1;
		fixed = i;
	}
	if (!has_wild(pattern, strlen(pattern))) {
		struct stat st;
		return stat(pattern, &st) == 0 && S_ISREG(st.st_mode) ? fn(data, pattern) : 0;
	}
	char *base = strndup(pattern, fixed ? fixed - 1 : 0);
	if (!base)
		return GALLEY_ENOMEM;
	const char *dir = fixed ? (base[0] ? base : "/") : ".";
	walker w = {fixed ? strlen(dir) + (strcmp(dir, "/") != 0) : 2, pattern + fixed, !fixed, fn,
	            data};
	int rc = walk(&w, dir, 0);
	free(base);
	return rc;
}
