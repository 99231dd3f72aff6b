/*
 * store_file.c - the files beside SQLite's own: a database or backup is
 * created private before SQLite opens it, and a lock file keeps a second
 * kinerjad off a database it would share without knowing.
 */
#define _XOPEN_SOURCE 700 /* realpath */

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "store.h"
#include "store_int.h"

/*
 * The database holds token hashes and every figure: it is created 0600
 * whatever the umask. SQLite gives its -wal, -shm and -journal files the
 * mode of the database file, so they follow. An existing file keeps the
 * mode its owner gave it. ":memory:" and URIs are SQLite's to open.
 */
int
kst_plain_file(const char *path)
{
	return *path != 0 && strcmp(path, ":memory:") != 0 &&
	       strncmp(path, "file:", 5) != 0;
}

void
kst_create_private(const char *path)
{
	int fd;

	if (!kst_plain_file(path))
		return;
	/* O_EXCL: an existing file is never opened here. Closing a
	 * descriptor drops every POSIX lock this process holds on the file,
	 * the locks of SQLite's other connections included; a file created
	 * just now has none. */
	fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	/* Anything else (a directory, no permission) SQLite reports. */
	if (fd >= 0)
		close(fd);
}

/* The holder's pid, as it wrote it into the lock file; 0 if unknown. */
static long
holder_pid(int fd)
{
	char    buf[32];
	ssize_t n = pread(fd, buf, sizeof(buf) - 1, 0);
	long    pid;

	if (n <= 0)
		return 0;
	buf[n] = 0;
	return sscanf(buf, "%ld", &pid) == 1 ? pid : 0;
}

static void
write_pid(int fd)
{
	char buf[32];
	int  n = snprintf(buf, sizeof(buf), "%ld\n", (long) getpid());

	/* Only a hint for the message of the next one refused. */
	if (ftruncate(fd, 0) == 0 && pwrite(fd, buf, (size_t) n, 0) != n)
		return;
}

/* The database's path with its symlinks resolved (the file itself, or its
 * directory when the file is not there yet), so that every name of one
 * database leads to one lock file. A hard link is another name SQLite
 * cannot see either; it is not caught. */
static void
lock_path(const char *path, char *out, size_t size)
{
	char        dir[PATH_MAX], real[PATH_MAX];
	const char *slash = strrchr(path, '/'), *base = slash ? slash + 1 : path;

	if (realpath(path, real) != NULL) {
		snprintf(out, size, "%s-kinerjad.lock", real);
		return;
	}
	snprintf(dir, sizeof(dir), "%.*s",
	    slash ? (int) (slash - path) + (slash == path) : 1,
	    slash ? path : ".");
	if (realpath(dir, real) != NULL)
		snprintf(out, size, "%s/%s-kinerjad.lock",
		    strcmp(real, "/") == 0 ? "" : real, base);
	else
		snprintf(out, size, "%s-kinerjad.lock", path);
}

int
kstore_lock(
    const char *path, int shared, int *fd_out, char *err, size_t errlen)
{
	char lock[PATH_MAX + 32];
	int  fd, e;
	long pid;

	/* Several kinerjad on one PostgreSQL database are the point of that
	 * backend: the server keeps them consistent, no file lock does. */
	if (kst_is_pg(path)) {
		*fd_out = -1;
		return KS_OK;
	}

	lock_path(path, lock, sizeof(lock));
	fd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0) {
		snprintf(err, errlen, "%s: %s", lock, strerror(errno));
		return KS_ERROR;
	}
	/* flock, not fcntl: its lock belongs to this descriptor, so a
	 * second claim is refused within one process too (tests). */
	if (flock(fd, (shared ? LOCK_SH : LOCK_EX) | LOCK_NB) == 0) {
		write_pid(fd);
		*fd_out = fd;
		return KS_OK;
	}
	e   = errno; /* before holder_pid() and close() can change it */
	pid = holder_pid(fd);
	close(fd);
	if (e != EWOULDBLOCK) {
		snprintf(err, errlen, "%s: %s", lock, strerror(e));
		return KS_ERROR;
	}
	if (pid > 0)
		snprintf(err, errlen,
		    "%s is in use by another kinerjad (pid %ld)", path, pid);
	else
		snprintf(
		    err, errlen, "%s is in use by another kinerjad", path);
	return KS_BUSY;
}

void
kstore_unlock(int fd)
{
	if (fd >= 0)
		close(fd);
}

int
kst_is_pg(const char *target)
{
	return strncmp(target, "postgresql://", 13) == 0 ||
	       strncmp(target, "postgres://", 11) == 0;
}
