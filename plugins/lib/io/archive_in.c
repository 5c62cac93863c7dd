/* archive_in.c — a defensive walk over an archive's entries with
 * libarchive (see archive_in.h).  The formats and filters are named one by
 * one (no archive_read_support_*_all): tar and zip only, and only the
 * decompressors libarchive runs in-process, never an external program. */
#include <archive.h>
#include <archive_entry.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "io/archive_in.h"

const char *archive_in_unsafe(const char *name)
{
	if (!name[0])
		return "has no name";
	if (name[0] == '/' || name[0] == '\\' || (name[0] && name[1] == ':'))
		return "is an absolute path";
	for (const char *p = name; *p;) {
		size_t len = strcspn(p, "/\\");
		if (len == 2 && p[0] == '.' && p[1] == '.')
			return "climbs out of the archive with '..'";
		p += len + (p[len] != '\0');
	}
	return NULL;
}

/* Mac resource forks, .DS_Store and other dot files are no one's article. */
static int hidden(const char *name)
{
	for (const char *p = name; *p;) {
		size_t len = strcspn(p, "/");
		int dot = len == 1 && p[0] == '.';
		if ((!dot && p[0] == '.') || (len == 8 && strncmp(p, "__MACOSX", 8) == 0))
			return 1;
		p += len + (p[len] != '\0');
	}
	return 0;
}

typedef struct walk {
	struct archive *a;
	const archive_caps *caps;
	uint64_t entries, total;
	char last[256]; /* the last entry read whole, for messages */
	char *why;
	size_t n;
} walk;

static int fail(walk *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(walk *w, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(w->why, w->n, fmt, ap);
	va_end(ap);
	return -1;
}

/* The entry's data, whole, within the caps; -1 with why. */
static int read_whole(walk *w, const char *name, char **out, size_t *len)
{
	size_t cap = 0, used = 0;
	char *buf = NULL;
	for (;;) {
		if (cap - used < 65536 + 1) {
			size_t ncap = cap ? cap * 2 : 65536 * 2;
			char *grown = realloc(buf, ncap);
			if (!grown)
				return free(buf), fail(w, "out of memory reading entry '%.200s'", name);
			buf = grown;
			cap = ncap;
		}
		la_ssize_t got = archive_read_data(w->a, buf + used, cap - used - 1);
		if (got == 0)
			break;
		if (got < 0) {
			free(buf);
			return fail(w, "truncated or damaged at entry '%.200s': %s", name,
			            archive_error_string(w->a));
		}
		used += (size_t)got;
		w->total += (uint64_t)got;
		if (used > w->caps->entry_bytes) {
			free(buf);
			return fail(w, "entry '%.200s' expands past max_entry_bytes (%llu bytes); a zip bomb?",
			            name, (unsigned long long)w->caps->entry_bytes);
		}
		if (w->total > w->caps->total_bytes) {
			free(buf);
			return fail(w, "the archive expands past max_total_bytes (%llu bytes) at entry "
			            "'%.200s'; a zip bomb?", (unsigned long long)w->caps->total_bytes, name);
		}
	}
	buf[used] = '\0';
	*out = buf;
	*len = used;
	return 0;
}

/* A link or a special file: reported, never followed or read. */
static void skip_special(struct archive_entry *e, const char *name, archive_skip_fn skip,
                         void *data)
{
	char why[512];
	const char *hard = archive_entry_hardlink(e), *sym = archive_entry_symlink(e);
	if (archive_entry_filetype(e) == AE_IFLNK)
		snprintf(why, sizeof(why), "a symbolic link to '%.200s'; links are never followed",
		         sym ? sym : "");
	else if (hard)
		snprintf(why, sizeof(why), "a hard link to '%.200s'; links are never followed", hard);
	else
		snprintf(why, sizeof(why), "not a regular file (a device, FIFO or socket)");
	if (skip)
		skip(data, name, why);
}

/* One entry; 0 to go on, else the walk's result. */
static int entry(walk *w, struct archive_entry *e, archive_file_fn file, archive_skip_fn skip,
                 void *data)
{
	const char *name = archive_entry_pathname_utf8(e);
	if (!name)
		name = archive_entry_pathname(e);
	if (!name)
		return fail(w, "entry %llu has no name", (unsigned long long)w->entries + 1);
	const char *unsafe = archive_in_unsafe(name);
	if (unsafe)
		return fail(w, "entry '%.200s' %s; the archive is refused, nothing of it is read", name,
		            unsafe);
	while (name[0] == '.' && name[1] == '/')
		name += 2;
	if (++w->entries > w->caps->entries)
		return fail(w, "more than %llu entries (max_entries)", (unsigned long long)w->caps->entries);
	unsigned type = archive_entry_filetype(e);
	if (type == AE_IFDIR)
		return 0;
	/* a hidden entry (.DS_Store, __MACOSX/) is held to the same caps: one
	 * declaring 700 GB is refused before a byte of it is expanded */
	if (type == AE_IFREG && archive_entry_size_is_set(e) &&
	    (uint64_t)archive_entry_size(e) > w->caps->entry_bytes)
		return fail(w, "entry '%.200s' is %lld bytes expanded, over max_entry_bytes (%llu bytes)",
		            name, (long long)archive_entry_size(e),
		            (unsigned long long)w->caps->entry_bytes);
	char *bytes = NULL;
	size_t len = 0;
	if (hidden(name)) { /* passed over, its expansion counted against the caps */
		int rc = type == AE_IFREG ? read_whole(w, name, &bytes, &len) : 0;
		free(bytes);
		return rc;
	}
	if (type != AE_IFREG || archive_entry_hardlink(e)) {
		skip_special(e, name, skip, data);
		return 0;
	}
	if (read_whole(w, name, &bytes, &len))
		return -1;
	snprintf(w->last, sizeof(w->last), "%.200s", name);
	int rc = file(data, name, &bytes, len);
	free(bytes);
	return rc;
}

/* The reader, open on fd; -1 with why when it is no archive we read. */
static int reader(walk *w, int fd)
{
	if (!(w->a = archive_read_new()))
		return fail(w, "out of memory");
	archive_read_support_filter_gzip(w->a);
	archive_read_support_filter_bzip2(w->a);
	archive_read_support_filter_xz(w->a);
	archive_read_support_filter_zstd(w->a);
	archive_read_support_format_tar(w->a);
	archive_read_support_format_zip(w->a);
	if (archive_read_open_fd(w->a, fd, 65536) != ARCHIVE_OK)
		return fail(w, "not a readable tar or zip archive: %s", archive_error_string(w->a));
	return 0;
}

static int walk_entries(walk *w, archive_file_fn file, archive_skip_fn skip, void *data)
{
	for (;;) {
		struct archive_entry *e;
		int rc = archive_read_next_header(w->a, &e);
		if (rc == ARCHIVE_EOF)
			return 0;
		if (rc < ARCHIVE_WARN) {
			const char *msg = archive_error_string(w->a);
			if (!w->entries)
				return fail(w, "not a readable tar or zip archive: %s", msg ? msg : "?");
			return fail(w, "truncated or damaged after entry '%s': %s", w->last,
			            msg ? msg : "?");
		}
		if ((rc = entry(w, e, file, skip, data)) != 0)
			return rc;
	}
}

int archive_in_walk(const char *path, const archive_caps *caps, archive_file_fn file,
                    archive_skip_fn skip, void *data, char *why, size_t n)
{
	walk w = {.caps = caps, .why = why, .n = n};
	snprintf(w.last, sizeof(w.last), "(none)");
	struct stat before, after;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &before) != 0 || !S_ISREG(before.st_mode)) {
		snprintf(why, n, "cannot open '%s' as a regular file", path);
		if (fd >= 0)
			close(fd);
		return -1;
	}
	if ((uint64_t)before.st_size > caps->archive_bytes) {
		snprintf(why, n, "'%s' is over the limit of %llu bytes", path,
		         (unsigned long long)caps->archive_bytes);
		close(fd);
		return -1;
	}
	int rc = reader(&w, fd);
	if (!rc)
		rc = walk_entries(&w, file, skip, data);
	if (w.a)
		archive_read_free(w.a);
	if (!rc && (fstat(fd, &after) != 0 || after.st_size != before.st_size ||
	            after.st_mtim.tv_sec != before.st_mtim.tv_sec ||
	            after.st_mtim.tv_nsec != before.st_mtim.tv_nsec))
		rc = -1, snprintf(why, n, "'%s' changed while it was being read; it is left for the next run",
		                  path);
	close(fd);
	return rc;
}
