/*
 * pg_schema.c - see pg_schema.h. A schema per test keeps PostgreSQL tests
 * as isolated as temporary files and far cheaper than a database each.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libpq-fe.h>

#include "pg_schema.h"

const char *
pg_schema_server(void)
{
	const char *url = getenv("KINERJA_TEST_DB");

	return url != NULL && strncmp(url, "postgres", 8) == 0 ? url : NULL;
}

static void
quiet(void *arg, const char *message)
{
	(void) arg;
	(void) message;
}

int
pg_schema_exec(const char *sql, char *err, size_t errlen)
{
	PGconn   *c  = PQconnectdb(pg_schema_server());
	PGresult *r  = NULL;
	int       rc = -1;

	if (PQstatus(c) == CONNECTION_OK) {
		PQsetNoticeProcessor(c, quiet, NULL);
		r  = PQexec(c, sql);
		rc = PQresultStatus(r) == PGRES_COMMAND_OK ? 0 : -1;
	}
	if (rc != 0)
		snprintf(err, errlen, "%s: %s", sql, PQerrorMessage(c));
	PQclear(r);
	PQfinish(c);
	return rc;
}

const char *
pg_schema_of(const char *target)
{
	const char *at = strstr(target, "search_path%3D");

	return at ? at + 14 : NULL;
}

int
pg_schema_new(char *out, size_t len, char *err, size_t errlen)
{
	static unsigned n;
	const char     *url = pg_schema_server();
	char            sql[192], schema[48];

	snprintf(schema, sizeof(schema), "kt_%ld_%u", (long) getpid(), ++n);
	snprintf(sql, sizeof(sql),
	    "DROP SCHEMA IF EXISTS %s CASCADE;"
	    " CREATE SCHEMA %s",
	    schema, schema);
	if (pg_schema_exec(sql, err, errlen) != 0)
		return -1;
	snprintf(out, len, "%s%soptions=-csearch_path%%3D%s", url,
	    strchr(url, '?') ? "&" : "?", schema);
	return 0;
}

int
pg_schema_drop(const char *target, char *err, size_t errlen)
{
	char sql[128];

	snprintf(sql, sizeof(sql), "DROP SCHEMA IF EXISTS %s CASCADE",
	    pg_schema_of(target));
	return pg_schema_exec(sql, err, errlen);
}
