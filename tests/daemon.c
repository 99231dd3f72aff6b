/*
 * daemon.c - starts kinerjad from its binary for the crash, load and
 * connection tests, which need a process that can be killed and measured
 * rather than a server inside the test.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <dirent.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>

#include <nng/nng.h>

#include "kinerja/client.h"
#include "daemon.h"
#include "pg_schema.h"

#define READY_MS 20000 /* startup under ASan on a loaded machine */
#define STOP_MS  30000

long long
daemon_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long) ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void
daemon_sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

int
daemon_on_pg(void)
{
	return pg_schema_server() != NULL;
}

/* Drops d's schema on PostgreSQL (a file goes with the directory). */
static void
drop_db(struct daemon *d)
{
	char err[512];

	if (pg_schema_of(d->db) != NULL &&
	    pg_schema_drop(d->db, err, sizeof(err)) != 0)
		fprintf(stderr, "%s\n", err);
}

void
daemon_share_db(struct daemon *d, const struct daemon *other)
{
	drop_db(d);
	memcpy(d->db, other->db, sizeof(d->db));
}

int
daemon_init(struct daemon *d, const char *bin, const char *name)
{
	static int fini_registered;
	char       err[512];

	/* The client's closed dialers are freed by nng's reaper thread after
	 * kinerja_close returns: at exit nng_fini waits for it, before
	 * LeakSanitizer looks (as in rpc_fixture.c). */
	if (!fini_registered++)
		atexit(nng_fini);
	memset(d, 0, sizeof(*d));
	d->bin = bin;
	/* ipc:// paths must fit in sun_path (108 bytes): /tmp, not TMPDIR. */
	snprintf(d->dir, sizeof(d->dir), "/tmp/kinerja-%.20s-XXXXXX", name);
	if (mkdtemp(d->dir) == NULL) {
		perror("mkdtemp");
		return -1;
	}
	snprintf(d->db, sizeof(d->db), "%s/kinerja.db", d->dir);
	if (daemon_on_pg() &&
	    pg_schema_new(d->db, sizeof(d->db), err, sizeof(err)) != 0) {
		fprintf(stderr, "%s\n", err);
		rmdir(d->dir);
		return -1;
	}
	snprintf(d->log, sizeof(d->log), "%s/kinerjad.log", d->dir);
	snprintf(d->url, sizeof(d->url), "ipc://%s/kinerjad.sock", d->dir);
	return 0;
}

/* Waits for the process without blocking; 1 when it has gone. */
static int
gone(struct daemon *d, int *status)
{
	if (waitpid(d->pid, status, WNOHANG) == d->pid) {
		d->pid = 0;
		return 1;
	}
	return 0;
}

/* Health answers once kinerjad listens and its workers run. */
static int
answers(const char *url)
{
	Kinerja__HealthRequest req = KINERJA__HEALTH_REQUEST__INIT;
	Kinerja__HealthReply  *r;
	kinerja_client        *c;
	kinerja_status         st = KINERJA_STATUS_INIT;
	int                    ok = 0;

	if (kinerja_open(&c, url, &st) == 0) {
		kinerja_set_timeout(c, 2000);
		if (kinerja_health(c, &req, &r, &st) == 0) {
			kinerja__health_reply__free_unpacked(r, NULL);
			ok = 1;
		}
		kinerja_close(c);
	}
	kinerja_status_clear(&st);
	return ok;
}

int
daemon_start(struct daemon *d, const char *const *extra)
{
	const char *argv[32] = { d->bin, "--db", d->db, "--listen", d->url };
	long long   until    = daemon_now_ms() + READY_MS;
	int         argc     = 5, fd, status;

	while (extra != NULL && *extra != NULL && argc < 31)
		argv[argc++] = *extra++;
	argv[argc] = NULL;
	fflush(NULL);
	if ((d->pid = fork()) < 0) {
		perror("fork");
		return -1;
	}
	if (d->pid == 0) {
		fd = open(d->log, O_WRONLY | O_CREAT | O_APPEND, 0644);
		if (fd >= 0)
			dup2(fd, 2);
		execv(d->bin, (char *const *) argv);
		perror(d->bin);
		_exit(127);
	}
	while (!answers(d->url)) {
		if (gone(d, &status)) {
			fprintf(stderr,
			    "kinerjad exited (status %d); see %s\n", status,
			    d->log);
			return -1;
		}
		if (daemon_now_ms() > until) {
			fprintf(stderr, "kinerjad did not answer in %d ms\n",
			    READY_MS);
			daemon_kill(d);
			return -1;
		}
		daemon_sleep_ms(10);
	}
	return 0;
}

void
daemon_kill(struct daemon *d)
{
	if (d->pid <= 0)
		return;
	kill(d->pid, SIGKILL);
	waitpid(d->pid, NULL, 0);
	d->pid = 0;
}

int
daemon_stop(struct daemon *d)
{
	long long until = daemon_now_ms() + STOP_MS;
	int       status;

	if (d->pid <= 0)
		return -1;
	kill(d->pid, SIGTERM);
	while (!gone(d, &status)) {
		if (daemon_now_ms() > until) {
			fprintf(stderr, "kinerjad did not stop in %d ms\n",
			    STOP_MS);
			daemon_kill(d);
			return -1;
		}
		daemon_sleep_ms(10);
	}
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

long
daemon_status_kb(const struct daemon *d, const char *field)
{
	char   path[64], line[256];
	long   kb = -1;
	size_t n  = strlen(field);
	FILE  *f;

	snprintf(path, sizeof(path), "/proc/%d/status", (int) d->pid);
	if ((f = fopen(path, "r")) == NULL)
		return -1;
	while (fgets(line, sizeof(line), f) != NULL)
		if (strncmp(line, field, n) == 0 && line[n] == ':' &&
		    sscanf(line + n + 1, "%ld kB", &kb) == 1)
			break;
	fclose(f);
	return kb;
}

long
daemon_rss_kb(const struct daemon *d)
{
	return daemon_status_kb(d, "VmRSS");
}

void
daemon_cleanup(struct daemon *d)
{
	char           path[512];
	DIR           *dir;
	struct dirent *e;

	daemon_kill(d);
	drop_db(d);
	if (!*d->dir || (dir = opendir(d->dir)) == NULL)
		return;
	while ((e = readdir(dir)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 ||
		    strcmp(e->d_name, "..") == 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", d->dir, e->d_name);
		unlink(path);
	}
	closedir(dir);
	rmdir(d->dir);
}

int
daemon_free_port(void)
{
	struct sockaddr_in sa  = { 0 };
	socklen_t          len = sizeof(sa);
	int                fd = socket(AF_INET, SOCK_STREAM, 0), port = 0;

	sa.sin_family      = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd >= 0 && bind(fd, (struct sockaddr *) &sa, sizeof(sa)) == 0 &&
	    getsockname(fd, (struct sockaddr *) &sa, &len) == 0)
		port = ntohs(sa.sin_port);
	if (fd >= 0)
		close(fd);
	return port;
}
