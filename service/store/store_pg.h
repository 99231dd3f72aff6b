/*
 * store_pg.h - what the PostgreSQL backend's files share (store_pg.c,
 * store_pg_schema.c, store_pg_admin.c).
 */
#ifndef KINERJA_STORE_PG_H
#define KINERJA_STORE_PG_H

#include <stdint.h>

#include <libpq-fe.h>

#include "store_int.h"

/* A connection (struct kstore's db). */
struct kpg {
	PGconn  *conn;
	char    *url;
	unsigned generation; /* counts reconnects: statements re-prepare */
	unsigned nstmts; /* statements prepared: names them */
	int      changes; /* rows the last statement touched */
	int      broken; /* the connection failed: health reconnects */
	int64_t  lock_key; /* the write lock of this schema */
	int64_t  timeout_ms; /* statement_timeout in force; -1 unknown */
	int64_t  deadline_ms; /* the deadline it was set for */
	int      piped; /* statements sent in pipeline mode, unread */
};

struct kpg *kpg_of(struct kstore *st);
int         kpg_fail(struct kstore *st, PGresult *res);
int         kpg_exec(struct kstore *st, const char *text);
int         kpg_deadline(struct kstore *st);
/* One integer a query returns, e.g. a version or a size. */
int kpg_int(struct kstore *st, const char *text, int64_t *out);
/* Reads the results of the statements sent in pipeline mode and leaves
 * it: KS_OK, or the first of them that failed. Every synchronous call
 * (PQexec, PQprepare) comes after it. */
int kpg_drain(struct kstore *st);

/* store_pg_schema.c */
int kpg_migrate(struct kstore *st);

/* store_pg_admin.c */
int  kpg_open(struct kstore *st, const char *url);
void kpg_close(struct kstore *st);
int  kpg_reconnect(struct kstore *st);
int  kpg_health(struct kstore *st, char *reason, size_t len);
int  kpg_backup(struct kstore *st, const char *path);
int  kpg_size(struct kstore *st, uint64_t *bytes);

#endif
