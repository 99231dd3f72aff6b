/*
 * store_file.c - the files beside SQLite's own: a database or backup is
 * created private before SQLite opens it, and a lock file keeps a second
 * kinerjad off a database it would share without knowing.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
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
void
kst_create_private(const char *path)
{
	int fd;

	if (*path == 0 || strcmp(path, ":memory:") == 0 ||
	    strncmp(path, "file:", 5) == 0)
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

int
kstore_lock(
    const char *path, int shared, int *fd_out, char *err, size_t errlen)
{
	char lock[4096];
	int  fd;
	long pid;

	snprintf(lock, sizeof(lock), "%s-kinerjad.lock", path);
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
	pid = holder_pid(fd);
	close(fd);
	if (errno != EWOULDBLOCK) {
		snprintf(err, errlen, "%s: %s", lock, strerror(errno));
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
