/*
 * store_pg_admin.c - a PostgreSQL connection's life: open (connect, key the
 * write lock, migrate), close, health (reconnect after a failure), size,
 * and backup, which PostgreSQL leaves to its own tools.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "store.h"
#include "store_int.h"
#include "store_pg.h"

/* Notices (e.g. "relation already exists, skipping") are not errors and
 * are not for kinerjad's log. */
static void
quiet(void *arg, const char *message)
{
	(void) arg;
	(void) message;
}

int
kpg_int(struct kstore *st, const char *text, int64_t *out)
{
	PGresult *res;
	int       rc;

	if ((rc = kpg_drain(st)) != KS_OK)
		return rc;
	res = PQexec(kpg_of(st)->conn, text);
	if (PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) != 1)
		rc = kpg_fail(st, res);
	else
		*out = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
	PQclear(res);
	return rc;
}

/* The write lock's key: one per schema, so that kinerja databases in
 * several schemas of one PostgreSQL database (the tests') do not wait
 * for each other. FNV-1a of the schema's name. */
static int
lock_key(struct kstore *st)
{
	PGresult   *res = PQexec(kpg_of(st)->conn, "SELECT current_schema()");
	uint64_t    h   = 14695981039346656037ULL;
	const char *p;

	if (PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) != 1) {
		int rc = kpg_fail(st, res);

		PQclear(res);
		return rc;
	}
	for (p = PQgetvalue(res, 0, 0); *p; p++)
		h = (h ^ (unsigned char) *p) * 1099511628211ULL;
	PQclear(res);
	kpg_of(st)->lock_key = (int64_t) (h >> 1);
	return KS_OK;
}

static int
connect_pg(struct kstore *st)
{
	struct kpg *pg = kpg_of(st);

	/* A connection lost in pipeline mode may keep it: start afresh. */
	if (pg->conn != NULL &&
	    PQpipelineStatus(pg->conn) != PQ_PIPELINE_OFF) {
		PQfinish(pg->conn);
		pg->conn = NULL;
	}
	pg->piped = 0;
	if (pg->conn == NULL)
		pg->conn = PQconnectdb(pg->url);
	else
		PQreset(pg->conn);
	if (pg->conn == NULL || PQstatus(pg->conn) != CONNECTION_OK) {
		snprintf(st->err, sizeof(st->err), "cannot connect: %s",
		    pg->conn ? PQerrorMessage(pg->conn) : "out of memory");
		st->err[strcspn(st->err, "\n")] = 0;
		return KS_ERROR;
	}
	PQsetNoticeProcessor(pg->conn, quiet, NULL);
	pg->generation++; /* statements are prepared again */
	pg->broken      = 0;
	pg->timeout_ms  = -1;
	pg->deadline_ms = -1;
	return KS_OK;
}

int
kpg_open(struct kstore *st, const char *url)
{
	struct kpg *pg = calloc(1, sizeof(*pg));

	st->db = pg;
	if (pg == NULL || (pg->url = strdup(url)) == NULL) {
		snprintf(st->err, sizeof(st->err), "out of memory");
		return KS_ERROR;
	}
	if (connect_pg(st) != KS_OK || lock_key(st) != KS_OK ||
	    kpg_migrate(st) != KS_OK)
		return KS_ERROR;
	return KS_OK;
}

void
kpg_close(struct kstore *st)
{
	struct kpg *pg = kpg_of(st);

	if (pg == NULL)
		return;
	PQfinish(pg->conn);
	free(pg->url);
	free(pg);
}

/* After a failure that closed the connection, a reconnect (a statement
 * outside a transaction, and Health, try it). */
int
kpg_reconnect(struct kstore *st)
{
	struct kpg *pg = kpg_of(st);

	if (!pg->broken && PQstatus(pg->conn) == CONNECTION_OK)
		return KS_OK;
	return connect_pg(st);
}

int
kpg_health(struct kstore *st, char *reason, size_t len)
{
	if (kpg_reconnect(st) == KS_OK)
		return KS_OK;
	snprintf(reason, len, "database: postgresql: %s", st->err);
	return KS_ERROR;
}

int
kpg_size(struct kstore *st, uint64_t *bytes)
{
	int64_t v = 0;
	int     rc =
	    kpg_int(st, "SELECT pg_database_size(current_database())", &v);

	*bytes = (uint64_t) v;
	return rc;
}

/* A consistent copy of a PostgreSQL database is pg_dump's job (or the
 * operator's continuous archiving); kinerjad does not reimplement it. */
int
kpg_backup(struct kstore *st, const char *path)
{
	snprintf(st->err, sizeof(st->err),
	    "%s: backup copies SQLite files only; back a PostgreSQL "
	    "database up with pg_dump (see docs/postgresql.md)",
	    path);
	return KS_ERROR;
}
