/* glob.c — `**`-aware globbing: split the pattern at its first wildcard
 * segment, walk the folder below it one sorted folder at a time, match
 * each relative path segment by segment with fnmatch.  Hidden files match
 * only an explicit leading dot.  Only regular files are handed on: a FIFO
 * would block the run, a device never ends.  Symlinked folders are not
 * followed unless asked, and then each folder is visited once. */
#include <dirent.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/error.h"
#include "base/glob.h"

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

/* Splits s at every '/' into at most max segments (pointers into a copy
 * in buf); -1 when there are more. */
static int split(const char *s, char *buf, size_t size, char **segs, int max)
{
	size_t len = strlen(s);
	if (len >= size)
		return -1;
	memcpy(buf, s, len + 1);
	int n = 0;
	for (char *at = buf;; n++) {
		if (n == max)
			return -1;
		segs[n] = at;
		char *slash = strchr(at, '/');
		if (!slash)
			return n + 1;
		*slash = '\0';
		at = slash + 1;
	}
}

/* Segment by segment, as a table over (pattern segment, path segment):
 * ok[i][j] says whether pattern segments i.. match path segments j...
 * '**' takes zero or more folders (never the file name, never a hidden
 * folder).  Filling the table costs P x S steps, so patterns full of
 * '**' stay cheap (a naive backtracking match is exponential in them). */
#define GLOB_MAX_SEGS 64

static int match_segs(const char *pattern, const char *path)
{
	char pbuf[4096], sbuf[4096], *pat[GLOB_MAX_SEGS], *seg[GLOB_MAX_SEGS];
	int np = split(pattern, pbuf, sizeof(pbuf), pat, GLOB_MAX_SEGS);
	int ns = split(path, sbuf, sizeof(sbuf), seg, GLOB_MAX_SEGS);
	if (np < 0 || ns < 0)
		return 0;
	if (np == 1 && !pat[0][0]) /* an empty pattern matches the empty path only */
		return !path[0];
	unsigned char ok[GLOB_MAX_SEGS + 1][GLOB_MAX_SEGS + 1];
	for (int i = np; i >= 0; i--)
		for (int j = ns; j >= 0; j--) {
			if (i == np) {
				ok[i][j] = j == ns;
			} else if (strcmp(pat[i], "**") == 0) {
				int folder = j < ns - 1 && seg[j][0] != '.';
				ok[i][j] = ok[i + 1][j] || (folder && ok[i][j + 1]);
			} else {
				ok[i][j] = j < ns && fnmatch(pat[i], seg[j], FNM_PERIOD) == 0 &&
				           ok[i + 1][j + 1];
			}
		}
	return ok[0][0];
}

int glob_match(const char *pattern, const char *path)
{
	return match_segs(pattern, path);
}

/* Whether the folder path could hold a match: its segments match the
 * pattern's first ones, or a '**' takes them. */
static int glob_match_prefix(const char *pattern, const char *path)
{
	char pbuf[4096], sbuf[4096], *pat[GLOB_MAX_SEGS], *seg[GLOB_MAX_SEGS];
	int np = split(pattern, pbuf, sizeof(pbuf), pat, GLOB_MAX_SEGS);
	int ns = path[0] ? split(path, sbuf, sizeof(sbuf), seg, GLOB_MAX_SEGS) : 0;
	if (np < 2 || ns < 0) /* a pattern of one segment names files only */
		return 0;
	for (int i = 0; i < ns; i++) {
		if (i < np && strcmp(pat[i], "**") == 0)
			return 1;
		/* the folder needs a pattern segment, and one more after it */
		if (i + 1 >= np || fnmatch(pat[i], seg[i], FNM_PERIOD) != 0)
			return 0;
	}
	return 1;
}

/* One folder's entries; folders carry a trailing '/' so that sorting the
 * names sorts the full paths the way strcmp would, and a mark after the
 * terminating NUL says what the entry is. */
static int push(pathlist *l, const char *name, int is_dir, int kind)
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
	char *item = malloc(len + 3);
	if (!item)
		return GALLEY_ENOMEM;
	memcpy(item, name, len);
	item[len] = is_dir ? '/' : '\0';
	item[len + 1] = '\0';
	item[len + 2] = (char)kind; /* read back by walk() */
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

enum { ENTRY_FILE, ENTRY_FOLDER, ENTRY_LINKED_FOLDER, ENTRY_LINKED_FILE, ENTRY_OTHER };

/* What an entry is, following a symlink to see what it points at. */
static int entry_kind(const char *dir, const struct dirent *e)
{
	if (e->d_type == DT_DIR)
		return ENTRY_FOLDER;
	if (e->d_type == DT_REG)
		return ENTRY_FILE;
	char full[4096];
	struct stat st;
	snprintf(full, sizeof(full), "%s/%s", dir, e->d_name);
	int link = e->d_type == DT_LNK;
	if (e->d_type == DT_UNKNOWN) {
		if (lstat(full, &st) != 0)
			return ENTRY_OTHER;
		link = S_ISLNK(st.st_mode);
		if (!link)
			return S_ISDIR(st.st_mode) ? ENTRY_FOLDER : S_ISREG(st.st_mode) ? ENTRY_FILE : ENTRY_OTHER;
	}
	if (!link)
		return ENTRY_OTHER; /* FIFO, socket, device */
	if (stat(full, &st) != 0)
		return ENTRY_OTHER; /* a broken link */
	return S_ISDIR(st.st_mode)   ? ENTRY_LINKED_FOLDER
	     : S_ISREG(st.st_mode) ? ENTRY_LINKED_FILE
	                           : ENTRY_OTHER;
}

/* The sorted entries of one folder (hidden folders left out); a folder's
 * name ends in '/', a linked folder's in "/@" until walk() strips it. */
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
		int kind = entry_kind(dir, e);
		int folder = kind == ENTRY_FOLDER || kind == ENTRY_LINKED_FOLDER;
		if (!(folder && e->d_name[0] == '.'))
			rc = push(out, e->d_name, folder, kind);
	}
	closedir(d);
	if (!rc && out->count)
		qsort(out->items, out->count, sizeof(char *), by_bytes);
	return rc;
}

/* Folders seen, by device and inode, when symlinks are followed. */
typedef struct seen {
	struct {
		dev_t dev;
		ino_t ino;
	} * items;
	size_t count, cap;
} seen;

/* 1 when the folder was seen before, 0 after noting it, or an error. */
static int seen_before(seen *s, const char *dir)
{
	struct stat st;
	if (stat(dir, &st) != 0)
		return 1;
	for (size_t i = 0; i < s->count; i++)
		if (s->items[i].dev == st.st_dev && s->items[i].ino == st.st_ino)
			return 1;
	if (s->count == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 64;
		void *grown = realloc(s->items, cap * sizeof(*s->items));
		if (!grown)
			return GALLEY_ENOMEM;
		s->items = grown;
		s->cap = cap;
	}
	s->items[s->count].dev = st.st_dev;
	s->items[s->count].ino = st.st_ino;
	s->count++;
	return 0;
}

typedef struct walker {
	size_t baselen; /* of the folder the pattern's relative part starts in */
	const char *rest;
	int strip_dot; /* "./x" from a pattern without a folder reads as "x" */
	const glob_opts *opts;
	seen seen; /* with follow_symlinks */
	galley_path_fn fn;
	void *data;
	char *root; /* the folder the walk starts in, resolved: where links may point */
} walker;

static const char *shown(const walker *w, const char *full)
{
	return w->strip_dot && !strncmp(full, "./", 2) ? full + 2 : full;
}

static void skip(const walker *w, const char *full, const char *why)
{
	if (w->opts && w->opts->skipped)
		w->opts->skipped(w->opts->data, shown(w, full), why);
}

/* Whether anything below the folder could match: the pattern goes on
 * past it ('**', or more segments). */
static int could_descend(const walker *w, const char *full)
{
	return glob_match_prefix(w->rest, full + w->baselen);
}

static int visit(walker *w, const char *full, int kind, int depth);

/* A symlinked file is read when it points inside the folder the walk
 * starts in (or the pipeline follows symlinks): a link to /etc/shadow
 * planted in an inbox is never read, nor copied to quarantine. */
static int link_inside(const walker *w, const char *full)
{
	if (w->opts && w->opts->follow_symlinks)
		return 1;
	char *target = realpath(full, NULL);
	size_t n = w->root ? strlen(w->root) : 0;
	int inside = target && n &&
	             (strcmp(w->root, "/") == 0 ||
	              (strncmp(target, w->root, n) == 0 && target[n] == '/'));
	free(target);
	return inside;
}

/* Calls fn for the files under dir whose path relative to base matches
 * rest, in byte order of the path, holding one folder's names at a time
 * per level: memory follows the tree's depth, not its size. */
static int walk(walker *w, const char *dir, int depth)
{
	if (depth > GLOB_MAX_DEPTH)
		return 0;
	if (w->opts && w->opts->follow_symlinks) {
		int before = seen_before(&w->seen, dir);
		if (before < 0)
			return before;
		if (before) {
			skip(w, dir, "a folder already read (a symlink loop, or a second link to it)");
			return 0;
		}
	}
	pathlist l = {0};
	int rc = list_folder(dir, &l);
	for (size_t i = 0; !rc && i < l.count; i++) {
		size_t len = strlen(l.items[i]);
		int folder = l.items[i][len - 1] == '/';
		int kind = (unsigned char)l.items[i][len + 1 + !folder];
		l.items[i][len - folder] = '\0';
		size_t dlen = strlen(dir), nlen = len - (size_t)folder;
		char *full = malloc(dlen + nlen + 2); /* dir/name: snprintf cost 870 instructions a file */
		if (!full) {
			rc = GALLEY_ENOMEM;
			break;
		}
		memcpy(full, dir, dlen);
		full[dlen] = '/';
		memcpy(full + dlen + 1, l.items[i], nlen + 1);
		rc = visit(w, full, kind, depth);
		free(full);
	}
	pathlist_free(&l);
	return rc;
}

static int visit(walker *w, const char *full, int kind, int depth)
{
	if (kind == ENTRY_FOLDER)
		return walk(w, full, depth + 1);
	if (kind == ENTRY_LINKED_FOLDER) {
		if (w->opts && w->opts->follow_symlinks)
			return walk(w, full, depth + 1);
		if (could_descend(w, full))
			skip(w, full, "a symlinked folder (set follow_symlinks: true to read it)");
		return 0;
	}
	if (!glob_match(w->rest, full + w->baselen))
		return 0;
	if (kind == ENTRY_FILE || (kind == ENTRY_LINKED_FILE && link_inside(w, full)))
		return w->fn(w->data, shown(w, full));
	if (kind == ENTRY_LINKED_FILE)
		skip(w, full, "a symlink to a file outside the folder read (set follow_symlinks: true "
		              "to read it)");
	else
		skip(w, full, "not a regular file (a FIFO, socket, device or broken link)");
	return 0;
}

size_t glob_fixed_len(const char *pattern)
{
	size_t fixed = 0;
	for (size_t i = 0;;) {
		size_t len = strcspn(pattern + i, "/");
		if (has_wild(pattern + i, len) || !pattern[i + len])
			break;
		i += len + 1;
		fixed = i;
	}
	return fixed;
}

int glob_walk(const char *pattern, const glob_opts *opts, galley_path_fn fn, void *data)
{
	size_t fixed = glob_fixed_len(pattern); /* the folder the walk starts in */
	if (!has_wild(pattern, strlen(pattern))) {
		struct stat st;
		if (stat(pattern, &st) != 0)
			return 0;
		if (S_ISREG(st.st_mode))
			return fn(data, pattern);
		if (!S_ISDIR(st.st_mode) && opts && opts->skipped)
			opts->skipped(opts->data, pattern, "not a regular file (a FIFO, socket or device)");
		return 0;
	}
	char *base = strndup(pattern, fixed ? fixed - 1 : 0);
	if (!base)
		return GALLEY_ENOMEM;
	const char *dir = fixed ? (base[0] ? base : "/") : ".";
	walker w = {fixed ? strlen(dir) + (strcmp(dir, "/") != 0) : 2, pattern + fixed, !fixed, opts,
	            {0}, fn, data, realpath(dir, NULL)};
	int rc = walk(&w, dir, 0);
	free(w.seen.items);
	free(w.root);
	free(base);
	return rc;
}
