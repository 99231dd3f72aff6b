/*
 * pg_common.c - schemas on a PostgreSQL server for bench_pg (see
 * pg_common.h); the workloads it loads are in load.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "common.h"
#include "pg_common.h"

/* -------------------------------------------------------- PostgreSQL */

PGconn *
pgb_connect(const char *url)
{
	PGconn *c = PQconnectdb(url);

	if (PQstatus(c) != CONNECTION_OK) {
		fprintf(stderr, "postgresql: %s", PQerrorMessage(c));
		PQfinish(c);
		return NULL;
	}
	return c;
}

int
pgb_ok(PGconn *c, PGresult *r, ExecStatusType want, const char *what)
{
	int ok = PQresultStatus(r) == want;

	if (!ok)
		fprintf(stderr, "postgresql: %s: %s", what, PQerrorMessage(c));
	PQclear(r);
	return ok ? 0 : -1;
}

int
pgb_run(PGconn *c, const char *sql)
{
	return pgb_ok(c, PQexec(c, sql), PGRES_COMMAND_OK, sql);
}

int
pgb_schema(const char *url, const char *schema, char *out, size_t len)
{
	PGconn *c = pgb_connect(url);
	char    sql[160];
	int     rc;

	if (c == NULL)
		return -1;
	snprintf(sql, sizeof(sql),
	    "SET client_min_messages = warning;"
	    " DROP SCHEMA IF EXISTS %s CASCADE; CREATE SCHEMA %s",
	    schema, schema);
	rc = pgb_run(c, sql);
	PQfinish(c);
	pgb_url(url, schema, out, len);
	return rc;
}

void
pgb_url(const char *url, const char *schema, char *out, size_t len)
{
	/* options=-csearch_path=schema, percent-encoded. */
	snprintf(out, len, "%s%coptions=-csearch_path%%3D%s", url,
	    strchr(url, '?') ? '&' : '?', schema);
}

void
pgb_checkpoint(const char *url)
{
	PGconn *c = pgb_connect(url);

	if (c != NULL)
		PQclear(PQexec(c, "CHECKPOINT")); /* not a superuser: skipped */
	PQfinish(c);
}

void
pgb_drop(const char *url, const char *schema)
{
	PGconn *c = pgb_connect(url);
	char    sql[128];

	if (c == NULL)
		return;
	snprintf(sql, sizeof(sql),
	    "SET client_min_messages = warning;"
	    " DROP SCHEMA IF EXISTS %s CASCADE",
	    schema);
	pgb_run(c, sql);
	PQfinish(c);
}

void
pgb_setting(const char *url, const char *name, char *out, size_t len)
{
	PGconn     *c = pgb_connect(url);
	const char *p[1] = { name };
	PGresult   *r;

	snprintf(out, len, "?");
	if (c == NULL)
		return;
	r = PQexecParams(c, "SELECT current_setting($1)", 1, NULL, p, NULL,
	    NULL, 0);
	if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1)
		snprintf(out, len, "%s", PQgetvalue(r, 0, 0));
	PQclear(r);
	PQfinish(c);
}

double
pgb_schema_bytes(const char *url, const char *schema)
{
	PGconn     *c    = pgb_connect(url);
	const char *p[1] = { schema };
	PGresult   *r;
	double      b = -1;

	if (c == NULL)
		return -1;
	r = PQexecParams(c,
	    "SELECT COALESCE(SUM(pg_total_relation_size(c.oid)), 0)"
	    " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
	    " WHERE n.nspname = $1 AND c.relkind IN ('r', 'm')",
	    1, NULL, p, NULL, NULL, 0);
	if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1)
		b = strtod(PQgetvalue(r, 0, 0), NULL);
	PQclear(r);
	PQfinish(c);
	return b;
}

int
pgb_copy_in(PGconn *c, const char *copy, const char *text, size_t n)
{
	PGresult *res = PQexec(c, copy);
	int       ok  = PQresultStatus(res) == PGRES_COPY_IN;

	PQclear(res);
	if (ok)
		ok = PQputCopyData(c, text, (int) n) == 1 &&
		     PQputCopyEnd(c, NULL) == 1;
	if (ok) {
		res = PQgetResult(c);
		ok  = PQresultStatus(res) == PGRES_COMMAND_OK;
		PQclear(res);
		while ((res = PQgetResult(c)) != NULL)
			PQclear(res);
	}
	if (!ok)
		fprintf(stderr, "postgresql: %s: %s", copy, PQerrorMessage(c));
	return ok ? 0 : -1;
}
