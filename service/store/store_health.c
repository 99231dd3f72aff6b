/*
 * store_health.c - whether the database can take writes, as every
 * connection to it in this process has seen it. A write that fails for a
 * reason of the database itself (read-only, I/O error, disk full,
 * corruption) marks it unhealthy until a later write commits; corruption
 * stays until restart. Health reads the mark without running a statement,
 * and checks at most once a second that the file is still writable.
 */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "store.h"
#include "store_int.h"

#define CHECK_MS 1000 /* how often Health looks at the file's mode */
#define PROBE_MS 2000 /* how often it tries a write after a write fault */

struct khealth {
	struct khealth *next; /* in the registry */
	dev_t           dev;
	ino_t           ino;
	int             refs; /* guarded by registry_mtx */
	atomic_int      faulty; /* 0, FAULT_WRITE or FAULT_CORRUPT */
	atomic_llong    checked_ms; /* last access() check */
	atomic_int      unwritable; /* its result: an errno, or 0 */
	atomic_llong    probed_ms; /* last write probe */
	pthread_mutex_t mtx; /* guards reason */
	char            reason[200];
};

enum { FAULT_NONE, FAULT_WRITE, FAULT_CORRUPT };

/* One record per database file, shared by its connections. */
static pthread_mutex_t registry_mtx = PTHREAD_MUTEX_INITIALIZER;
static struct khealth *registry;

struct khealth *
kst_health_get(const char *path)
{
	struct khealth *h;
	struct stat     sb;

	if (stat(path, &sb) != 0)
		sb.st_dev = 0, sb.st_ino = 0; /* :memory: and the like */
	pthread_mutex_lock(&registry_mtx);
	for (h = registry; h != NULL; h = h->next)
		if (h->dev == sb.st_dev && h->ino == sb.st_ino && sb.st_ino)
			break;
	if (h == NULL && (h = calloc(1, sizeof(*h))) != NULL) {
		h->dev = sb.st_dev;
		h->ino = sb.st_ino;
		pthread_mutex_init(&h->mtx, NULL);
		h->next  = registry;
		registry = h;
	}
	if (h != NULL)
		h->refs++;
	pthread_mutex_unlock(&registry_mtx);
	return h;
}

void
kst_health_put(struct khealth *h)
{
	struct khealth **p;

	if (h == NULL)
		return;
	pthread_mutex_lock(&registry_mtx);
	if (--h->refs == 0) {
		for (p = &registry; *p != h; p = &(*p)->next)
			;
		*p = h->next;
		pthread_mutex_destroy(&h->mtx);
		free(h);
	}
	pthread_mutex_unlock(&registry_mtx);
}

/* Which failures are the database's own, not the request's. */
static int
fault_of(int rc)
{
	switch (rc & 0xff) {
	case SQLITE_CORRUPT:
	case SQLITE_NOTADB:
		return FAULT_CORRUPT;
	case SQLITE_READONLY:
	case SQLITE_IOERR:
	case SQLITE_FULL:
	case SQLITE_CANTOPEN:
		return FAULT_WRITE;
	default:
		return FAULT_NONE;
	}
}

void
kst_health_fault(struct khealth *h, int rc, const char *why)
{
	int f = fault_of(rc);

	if (h == NULL || f == FAULT_NONE || atomic_load(&h->faulty) > f)
		return;
	pthread_mutex_lock(&h->mtx);
	/* Checked again under the lock: a write fault racing a corruption
	 * must not lower it, or the next commit would clear it. */
	if (atomic_load(&h->faulty) <= f) {
		snprintf(h->reason, sizeof(h->reason), "%s", why);
		atomic_store(&h->faulty, f);
	}
	pthread_mutex_unlock(&h->mtx);
}

void
kst_health_ok(struct khealth *h)
{
	int f = FAULT_WRITE;

	/* A commit proves writes go through again; corruption stays. */
	if (h != NULL && atomic_load_explicit(
	                     &h->faulty, memory_order_relaxed) == FAULT_WRITE)
		atomic_compare_exchange_strong(&h->faulty, &f, FAULT_NONE);
}

int
kst_health_wants_probe(struct khealth *h)
{
	long long now = kstore_now_ms(), last;

	if (h == NULL || atomic_load(&h->faulty) != FAULT_WRITE)
		return 0;
	last = atomic_load(&h->probed_ms);
	return now - last >= PROBE_MS &&
	       atomic_compare_exchange_strong(&h->probed_ms, &last, now);
}

/* A file made read-only (chmod, chattr +i, a read-only remount) is seen
 * here before a write fails on it. */
static int
unwritable(struct khealth *h, const char *path)
{
	long long now = kstore_now_ms(), last = atomic_load(&h->checked_ms);

	if (now - last >= CHECK_MS &&
	    atomic_compare_exchange_strong(&h->checked_ms, &last, now))
		atomic_store(
		    &h->unwritable, access(path, W_OK) != 0 ? errno : 0);
	return atomic_load(&h->unwritable);
}

int
kst_health_check(struct khealth *h, const char *path, char *reason, size_t len)
{
	int e;

	if (h == NULL)
		return KS_OK;
	if (atomic_load(&h->faulty) != FAULT_NONE) {
		pthread_mutex_lock(&h->mtx);
		snprintf(reason, len, "database: %s", h->reason);
		pthread_mutex_unlock(&h->mtx);
		return KS_ERROR;
	}
	if (*path && (e = unwritable(h, path)) != 0) {
		snprintf(reason, len, "database: %s is not writable: %s", path,
		    strerror(e));
		return KS_ERROR;
	}
	return KS_OK;
}
