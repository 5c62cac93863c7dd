/* path.c — lexical path handling and atomic writes (temporary name,
 * optionally fsync, rename). */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/path.h"

/* Removes ".", empty segments and "x/.." pairs in place. */
static void clean(char *p)
{
	int abs = p[0] == '/';
	char *segs[256];
	size_t n = 0;
	char *save = p + abs;
	for (;;) {
		char *slash = strchr(save, '/');
		if (slash)
			*slash = '\0';
		if (save[0] && strcmp(save, ".") != 0) {
			if (strcmp(save, "..") == 0 && n > 0 && strcmp(segs[n - 1], "..") != 0)
				n--;
			else if (!(strcmp(save, "..") == 0 && abs) && n < 256)
				segs[n++] = save;
		}
		if (!slash)
			break;
		save = slash + 1;
	}
	char *out = p;
	if (abs)
		*out++ = '/';
	for (size_t i = 0; i < n; i++) {
		size_t len = strlen(segs[i]);
		memmove(out, segs[i], len);
		out += len;
		if (i + 1 < n)
			*out++ = '/';
	}
	if (out == p)
		*out++ = '.';
	*out = '\0';
}

char *path_join(arena *ar, const char *dir, const char *rel)
{
	char *p = rel[0] == '/' || !dir || !dir[0] ? arena_strdup(ar, rel)
	                                           : arena_printf(ar, "%s/%s", dir, rel);
	if (p)
		clean(p);
	return p;
}

char *path_dirname(arena *ar, const char *path)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		return arena_strdup(ar, ".");
	if (slash == path)
		return arena_strdup(ar, "/");
	return arena_strndup(ar, path, (size_t)(slash - path));
}

char *path_basename(arena *ar, const char *path)
{
	const char *slash = strrchr(path, '/');
	return arena_strdup(ar, slash ? slash + 1 : path);
}

int path_is_contained(const char *rel)
{
	if (!rel[0] || rel[0] == '/')
		return 0;
	const char *p = rel;
	while (*p) {
		size_t len = strcspn(p, "/");
		if (len == 2 && p[0] == '.' && p[1] == '.')
			return 0;
		p += len;
		if (*p == '/')
			p++;
	}
	return 1;
}

int path_mkdirs(const char *path, int mode)
{
	char buf[4096];
	size_t len = strlen(path);
	if (len >= sizeof(buf))
		return -ENAMETOOLONG;
	memcpy(buf, path, len + 1);
	for (char *p = buf + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(buf, (mode_t)mode) != 0 && errno != EEXIST)
			return -errno;
		*p = '/';
	}
	if (mkdir(buf, (mode_t)mode) != 0 && errno != EEXIST)
		return -errno;
	return 0;
}

int (*path_fsync)(int fd) = fsync;

/* A file system that cannot sync a folder (EINVAL) has nothing to do. */
int path_sync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	int rc = path_fsync(fd) == 0 || errno == EINVAL ? 0 : -errno;
	close(fd);
	return rc;
}

int path_sync_parent(const char *path)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		return path_sync_dir(".");
	if (slash == path)
		return path_sync_dir("/");
	char dir[4096];
	if ((size_t)(slash - path) >= sizeof(dir))
		return -ENAMETOOLONG;
	memcpy(dir, path, (size_t)(slash - path));
	dir[slash - path] = '\0';
	return path_sync_dir(dir);
}

int path_sync_fs(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	int rc = syncfs(fd) == 0 ? 0 : -errno;
	close(fd);
	return rc;
}

int path_write_atomic(const char *path, const void *data, size_t len, int sync)
{
	return path_write_atomic_mode(path, data, len, sync, 0644);
}

int path_write_atomic_mode(const char *path, const void *data, size_t len, int sync, int mode)
{
	char tmp[4096];
	if ((size_t)snprintf(tmp, sizeof(tmp), "%s.tmp.%ld", path, (long)getpid()) >= sizeof(tmp))
		return -ENAMETOOLONG;
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
	if (fd < 0)
		return -errno;
	const char *p = data;
	int rc = 0;
	while (len > 0) {
		ssize_t n = write(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			rc = -errno;
			break;
		}
		p += n;
		len -= (size_t)n;
	}
	if (!rc && sync && path_fsync(fd) != 0)
		rc = -errno;
	if (close(fd) != 0 && !rc)
		rc = -errno;
	if (!rc && rename(tmp, path) != 0)
		rc = -errno;
	if (rc) {
		unlink(tmp);
		return rc;
	}
	return sync ? path_sync_parent(path) : 0;
}

ssize_t (*path_read_chunk)(int fd, void *buf, size_t count) = read;

static int same_file_state(const struct stat *a, const struct stat *b)
{
	return a->st_size == b->st_size && a->st_mtim.tv_sec == b->st_mtim.tv_sec &&
	       a->st_mtim.tv_nsec == b->st_mtim.tv_nsec && a->st_ino == b->st_ino;
}

/* One pass to end of file, whatever st_size said; the buffer grows as
 * needed up to max + 1 bytes (then -EFBIG).  Room for a byte more than
 * st_size: a read that stops short with exactly st_size bytes in is the
 * end (the caller's second fstat catches a file that grew meanwhile), so
 * a file costs one read and no realloc; one that ends elsewhere is read
 * on to a read of 0. */
static int read_all(int fd, size_t hint, size_t max, char **out, size_t *len)
{
	size_t cap = hint + 2 > 4096 ? hint + 2 : 4096, n = 0;
	char *buf = malloc(cap);
	if (!buf)
		return -ENOMEM;
	for (;;) {
		if (n + 1 == cap) {
			if (cap > max + 1 || cap > SIZE_MAX / 2) {
				free(buf);
				return -EFBIG;
			}
			char *grown = realloc(buf, cap * 2);
			if (!grown) {
				free(buf);
				return -ENOMEM;
			}
			buf = grown;
			cap *= 2;
		}
		size_t want = cap - n - 1;
		ssize_t got = path_read_chunk(fd, buf + n, want);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			int e = errno;
			free(buf);
			return -e;
		}
		if (got == 0)
			break;
		n += (size_t)got;
		if ((size_t)got < want && n == hint)
			break;
	}
	if (n > max) {
		free(buf);
		return -EFBIG;
	}
	buf[n] = '\0';
	*out = buf;
	*len = n;
	return 0;
}

int path_open_input(const char *path, size_t max, struct stat *st)
{
	/* O_NONBLOCK: opening a FIFO must not wait for a writer */
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return -errno;
	int rc = fstat(fd, st) == 0 ? 0 : -errno;
	if (!rc && !S_ISREG(st->st_mode))
		rc = -EINVAL;
	if (!rc && (uint64_t)st->st_size > max)
		rc = -EFBIG;
	if (rc) {
		close(fd);
		return rc;
	}
	return fd;
}

int path_input_unchanged(int fd, const struct stat *st)
{
	struct stat now;
	return fstat(fd, &now) == 0 && same_file_state(st, &now);
}

int path_read_file(const char *path, size_t max, char **out, size_t *len)
{
	struct stat before;
	int fd = path_open_input(path, max, &before);
	if (fd < 0)
		return fd;
	int rc = read_all(fd, (size_t)before.st_size, max, out, len);
	/* a file written to while it was read is not one version of it */
	if (!rc && (!path_input_unchanged(fd, &before) || (uint64_t)*len != (uint64_t)before.st_size)) {
		free(*out);
		*out = NULL;
		rc = -EAGAIN;
	}
	close(fd);
	return rc;
}

long path_temp_pid(const char *name)
{
	const char *t = strstr(name, ".tmp.");
	while (t && strstr(t + 5, ".tmp."))
		t = strstr(t + 5, ".tmp."); /* the last one */
	if (!t || !t[5] || strspn(t + 5, "0123456789") != strlen(t + 5) || strlen(t + 5) > 9)
		return 0;
	return strtol(t + 5, NULL, 10);
}

/* One folder (the open fd, taken) and those below it, by name only: no
 * file is stat'ed unless the folder does not say its entries' types, so
 * an output of 100,000 exports costs a listing, not 100,000 lstat calls.
 * Symlinks are never followed.  rel holds the folder's path (len bytes)
 * for doomed to judge each regular file by; adds what it removed to
 * *removed. */
static void sweep_folder(int fd, char *rel, size_t len, path_doomed_fn doomed, void *data,
                         long *removed)
{
	DIR *d = fdopendir(fd);
	if (!d) {
		close(fd);
		return;
	}
	struct dirent *e;
	while ((e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		size_t n = strlen(e->d_name);
		if (len + n + 2 > PATH_MAX)
			continue;
		size_t at = len ? len + 1 : 0; /* the root's own entries: no leading slash */
		if (len)
			rel[len] = '/';
		memcpy(rel + at, e->d_name, n + 1);
		unsigned char type = e->d_type;
		struct stat st;
		if (type == DT_UNKNOWN && fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0)
			type = S_ISDIR(st.st_mode) ? DT_DIR : S_ISREG(st.st_mode) ? DT_REG : DT_UNKNOWN;
		if (type == DT_DIR) {
			int sub = openat(dirfd(d), e->d_name,
			                 O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
			if (sub >= 0)
				sweep_folder(sub, rel, at + n, doomed, data, removed);
		} else if (type == DT_REG && doomed(rel, e->d_name, data) &&
		           unlinkat(dirfd(d), e->d_name, 0) == 0) {
			(*removed)++;
		}
		rel[len] = '\0';
	}
	closedir(d);
}

long path_sweep(const char *root, const char *prefix, path_doomed_fn doomed, void *data)
{
	char rel[PATH_MAX + 1];
	size_t len = snprintf(rel, sizeof(rel), "%s", prefix ? prefix : "");
	long removed = 0;
	char dir[PATH_MAX * 2];
	snprintf(dir, sizeof(dir), "%s%s%s", root, len ? "/" : "", rel);
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT ? 0 : -1;
	sweep_folder(fd, rel, len, doomed, data, &removed);
	return removed;
}

/* A temporary file (NAME.tmp.PID) of a process that is gone, or of any
 * process but this one. */
static int stale_temp(const char *rel, const char *name, void *any_pid)
{
	(void)rel;
	long pid = path_temp_pid(name);
	/* a live process's own temporary file is being written: left alone */
	int gone = pid > 0 && (*(int *)any_pid || (kill((pid_t)pid, 0) != 0 && errno == ESRCH));
	return gone && pid != (long)getpid();
}

long path_sweep_temps(const char *root, int any_pid)
{
	return path_sweep(root, NULL, stale_temp, &any_pid);
}

int path_rename_new(const char *from, const char *to)
{
	if (renameat2(AT_FDCWD, from, AT_FDCWD, to, RENAME_NOREPLACE) == 0)
		return 0;
	if (errno != EINVAL && errno != ENOSYS)
		return -errno;
	if (link(from, to) != 0) /* a file system without RENAME_NOREPLACE */
		return -errno;
	return unlink(from) == 0 ? 0 : -errno;
}

int path_write_checksum(const char *file, const char *sha)
{
	char line[700], side[4200];
	const char *base = strrchr(file, '/') ? strrchr(file, '/') + 1 : file;
	int n = snprintf(line, sizeof(line), "%s  %s\n", sha, base);
	if ((size_t)snprintf(side, sizeof(side), "%s.sha256", file) >= sizeof(side) ||
	    (size_t)n >= sizeof(line))
		return -ENAMETOOLONG;
	return path_write_atomic(side, line, (size_t)n, 1);
}

void path_pattern_root(const char *pattern, char *out, size_t size)
{
	size_t wild = strcspn(pattern, "*?[");
	snprintf(out, size, "%.*s", (int)wild, pattern);
	if (!pattern[wild])
		return;
	char *slash = strrchr(out, '/');
	if (slash)
		*slash = '\0';
	else
		snprintf(out, size, ".");
}

static int remove_one(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	(void)st;
	(void)type;
	(void)ftw;
	return remove(path) == 0 || errno == ENOENT ? 0 : -errno;
}

int path_remove_tree(const char *dir)
{
	struct stat st;
	if (lstat(dir, &st) != 0)
		return errno == ENOENT ? 0 : -errno;
	if (!S_ISDIR(st.st_mode))
		return unlink(dir) == 0 ? 0 : -errno;
	int rc = nftw(dir, remove_one, 16, FTW_DEPTH | FTW_PHYS);
	return rc > 0 ? -rc : rc < 0 ? -errno : 0;
}

int path_link_over(const char *from, const char *to)
{
	char tmp[4096];
	if ((size_t)snprintf(tmp, sizeof(tmp), "%s.tmp.%ld", to, (long)getpid()) >= sizeof(tmp))
		return -ENAMETOOLONG;
	unlink(tmp);
	if (link(from, tmp) == 0) {
		if (rename(tmp, to) == 0)
			return 0;
		int e = -errno;
		unlink(tmp);
		return e;
	}
	if (errno != EXDEV && errno != EPERM && errno != EMLINK)
		return -errno;
	char *data; /* another file system (or none that links): a copy */
	size_t len;
	int rc = path_read_file(from, SIZE_MAX, &data, &len);
	if (rc)
		return rc;
	rc = path_write_atomic(to, data, len, 0);
	free(data);
	return rc;
}
