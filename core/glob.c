/* glob.c — `**`-aware globbing: split the pattern at its first wildcard
 * segment, walk the folder below it, match each relative path segment by
 * segment with fnmatch.  Hidden files match only an explicit leading dot. */
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

static int push(pathlist *l, const char *path)
{
	if (l->count == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 64;
		char **items = realloc(l->items, cap * sizeof(char *));
		if (!items)
			return GALLEY_ENOMEM;
		l->items = items;
		l->cap = cap;
	}
	return (l->items[l->count++] = strdup(path)) ? 0 : GALLEY_ENOMEM;
}

/* Collects files under dir whose path relative to base matches rest. */
static int walk(const char *dir, size_t baselen, const char *rest, pathlist *out, int depth)
{
	if (depth > GLOB_MAX_DEPTH)
		return 0;
	DIR *d = opendir(dir);
	if (!d)
		return 0;
	struct dirent *e;
	int rc = 0;
	while (!rc && (e = readdir(d))) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		size_t len = strlen(dir) + strlen(e->d_name) + 2;
		char *full = malloc(len);
		if (!full) {
			rc = GALLEY_ENOMEM;
			break;
		}
		snprintf(full, len, "%s/%s", dir, e->d_name);
		struct stat st;
		const char *rel = full + baselen;
		if (stat(full, &st) == 0) {
			if (S_ISDIR(st.st_mode) && e->d_name[0] != '.')
				rc = walk(full, baselen, rest, out, depth + 1);
			else if (S_ISREG(st.st_mode) && glob_match(rest, rel))
				rc = push(out, full);
		}
		free(full);
	}
	closedir(d);
	return rc;
}

static int by_bytes(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
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
	pathlist list = {0};
	int rc;
	if (!has_wild(pattern, strlen(pattern))) {
		struct stat st;
		rc = stat(pattern, &st) == 0 && S_ISREG(st.st_mode) ? push(&list, pattern) : 0;
	} else {
		char *base = strndup(pattern, fixed ? fixed - 1 : 0);
		if (!base)
			return GALLEY_ENOMEM;
		const char *dir = fixed ? (base[0] ? base : "/") : ".";
		size_t baselen = fixed ? strlen(dir) + (strcmp(dir, "/") != 0) : 2;
		rc = walk(dir, baselen, pattern + fixed, &list, 0);
		free(base);
	}
	qsort(list.items, list.count, sizeof(char *), by_bytes);
	for (size_t i = 0; i < list.count; i++) {
		/* "./x" from a pattern without a folder reads as "x" */
		const char *p = fixed ? list.items[i] : list.items[i] + (strncmp(list.items[i], "./", 2) ? 0 : 2);
		if (!rc)
			rc = fn(data, p);
		free(list.items[i]);
	}
	free(list.items);
	return rc;
}
