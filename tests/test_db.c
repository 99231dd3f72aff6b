/*
 * test_db.c - see test_db.h. A schema per test keeps PostgreSQL tests as
 * isolated as temporary files and far cheaper than a database each.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <libpq-fe.h>

#include "test_db.h"

static const char *
pg_url(void)
{
	const char *url = getenv("KINERJA_TEST_DB");

	return url != NULL && strncmp(url, "postgres", 8) == 0 ? url : NULL;
}

int
test_db_is_pg(void)
{
	return pg_url() != NULL;
}

static void
quiet(void *arg, const char *message)
{
	(void) arg;
	(void) message;
}

static void
pg_run(const char *sql)
{
	PGconn   *c = PQconnectdb(pg_url());
	PGresult *r;

	assert_int_equal(PQstatus(c), CONNECTION_OK);
	PQsetNoticeProcessor(c, quiet, NULL);
	r = PQexec(c, sql);
	if (PQresultStatus(r) != PGRES_COMMAND_OK)
		fail_msg("%s: %s", sql, PQerrorMessage(c));
	PQclear(r);
	PQfinish(c);
}

/* The schema a target names (after search_path%3D). */
static const char *
schema_of(const char *target)
{
	const char *at = strstr(target, "search_path%3D");

	return at ? at + 14 : NULL;
}

void
test_db_new(char *out, size_t len, const char *prefix)
{
	static unsigned n;
	char            sql[192], schema[48];
	int             fd;

	if (!test_db_is_pg()) {
		snprintf(out, len, "/tmp/%s-XXXXXX", prefix);
		fd = mkstemp(out);
		assert_true(fd >= 0);
		close(fd);
		return;
	}
	snprintf(schema, sizeof(schema), "kt_%ld_%u", (long) getpid(), ++n);
	snprintf(sql, sizeof(sql),
	    "DROP SCHEMA IF EXISTS %s CASCADE;"
	    " CREATE SCHEMA %s",
	    schema, schema);
	pg_run(sql);
	snprintf(out, len, "%s%soptions=-csearch_path%%3D%s", pg_url(),
	    strchr(pg_url(), '?') ? "&" : "?", schema);
}

void
test_db_remove(const char *target)
{
	const char *ext[] = { "", "-wal", "-shm" };
	char        path[TEST_DB_MAX + 8], sql[128];
	size_t      i;

	if (schema_of(target) != NULL) {
		snprintf(sql, sizeof(sql), "DROP SCHEMA IF EXISTS %s CASCADE",
		    schema_of(target));
		pg_run(sql);
		return;
	}
	for (i = 0; i < sizeof(ext) / sizeof(ext[0]); i++) {
		snprintf(path, sizeof(path), "%s%s", target, ext[i]);
		unlink(path);
	}
}
