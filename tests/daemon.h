/*
 * daemon.h - a kinerjad process for the tests that need a real one: its
 * binary started on a socket in a temporary directory, waited for until it
 * answers, then killed or stopped, and measured from /proc. Its database
 * is a file in that directory, or with KINERJA_TEST_DB=postgresql://... a
 * schema of its own on that server (pg_schema.h).
 */
#ifndef KINERJA_TEST_DAEMON_H
#define KINERJA_TEST_DAEMON_H

#include <sys/types.h>

struct daemon {
	const char *bin; /* the kinerjad binary */
	char        dir[64]; /* temporary directory of the files below */
	char        db[512]; /* the database: a path or a URL */
	char        log[96]; /* kinerjad's stderr, appended to */
	char        url[128]; /* ipc:// in dir unless the caller sets one */
	pid_t       pid; /* 0: not running */
};

/* Makes the temporary directory (name goes into its path) and the empty
 * database. */
int daemon_init(struct daemon *d, const char *bin, const char *name);
/* Whether the databases are PostgreSQL's. */
int daemon_on_pg(void);
/* Makes d use other's database (replicas), dropping its own. */
void daemon_share_db(struct daemon *d, const struct daemon *other);
/* Starts kinerjad with --db, --listen and the NULL-terminated extra
 * arguments, and waits up to 20 s for it to answer Health. */
int daemon_start(struct daemon *d, const char *const *extra);
/* SIGKILL, and waits for it. */
void daemon_kill(struct daemon *d);
/* SIGTERM, and waits up to 30 s; returns the exit status, or -1 when it
 * had to be killed or died of a signal. */
int daemon_stop(struct daemon *d);
/* Resident set size in kB (VmRSS), or -1. */
long daemon_rss_kb(const struct daemon *d);
/* A kB figure of /proc/PID/status ("VmRSS", "VmHWM"), or -1. */
long daemon_status_kb(const struct daemon *d, const char *field);
/* Removes the directory and what kinerjad left in it, and the database. */
void daemon_cleanup(struct daemon *d);
/* Milliseconds on a monotonic clock. */
long long daemon_now_ms(void);
/* Sleeps ms milliseconds. */
void daemon_sleep_ms(long ms);
/* A loopback port nothing listens on now (the kernel's pick), or 0. */
int daemon_free_port(void);

#endif
