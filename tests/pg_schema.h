/*
 * pg_schema.h - a schema of its own on the PostgreSQL server the tests
 * were given (KINERJA_TEST_DB=postgresql://...), for one test's database:
 * the C fixtures (test_db.c) and the kinerjad processes of daemon.c both
 * isolate their tests this way. No cmocka here: daemon.c's tests are
 * plain programs.
 */
#ifndef KINERJA_TEST_PG_SCHEMA_H
#define KINERJA_TEST_PG_SCHEMA_H

#include <stddef.h>

/* KINERJA_TEST_DB when it is a PostgreSQL URL, else NULL. */
const char *pg_schema_server(void);
/* Runs sql on that server; -1 with the error in err. */
int pg_schema_exec(const char *sql, char *err, size_t errlen);
/* Creates an empty schema kt_PID_N and puts the server's URL with
 * search_path set to it into out; -1 with the error in err. */
int pg_schema_new(char *out, size_t len, char *err, size_t errlen);
/* The schema a target of pg_schema_new names, or NULL. */
const char *pg_schema_of(const char *target);
/* Drops the schema target names, and all in it; -1 with the error. */
int pg_schema_drop(const char *target, char *err, size_t errlen);

#endif
