/*
 * pg_common.h - what bench_pg shares with any later PostgreSQL benchmark:
 * a schema of its own on a PostgreSQL server for each workload. The
 * workloads themselves are in load.h.
 */
#ifndef BENCH_PG_COMMON_H
#define BENCH_PG_COMMON_H

#include <stddef.h>

#include <libpq-fe.h>

#include <kinerja/client.h>

#include "load.h"

/*
 * Creates (empty) a schema on the server at url and writes to out a URL
 * whose connections use it (search_path), as kinerjad's --db. 0 or -1.
 */
int pgb_schema(const char *url, const char *schema, char *out, size_t len);
/* Drops a schema made by pgb_schema. */
void pgb_drop(const char *url, const char *schema);
/* Bytes of the tables and indexes in a schema (kinerjad's GetMetrics
 * gives the whole database's, catalogs and other schemas included). */
double pgb_schema_bytes(const char *url, const char *schema);
/* The server's setting of name (e.g. fsync), or "?". */
void pgb_setting(const char *url, const char *name, char *out, size_t len);
/* 0 if r (cleared) has status want, else -1 with what and the error
 * printed; pgb_run is that of a statement returning no rows. */
int pgb_ok(PGconn *c, PGresult *r, ExecStatusType want, const char *what);
int pgb_run(PGconn *c, const char *sql);
/* The COPY ... FROM STDIN statement copy with n bytes of text: 0 or -1
 * (the reason printed). */
int pgb_copy_in(PGconn *c, const char *copy, const char *text, size_t n);

/*
 * pg_floor.c: the rows kinerjad wrote for `calls` of bench_ingest's calls
 * into the schema at kinerjad_url (values, revisions, history lines, the
 * replay record, the write generation), COPYed raw into the schema at
 * floor_url, which kinerjad made and loaded d's registry into, one
 * transaction a call: values/s, or -1 with the reason printed, also when
 * the floor holds other counts of rows than kinerjad.
 */
double pgb_floor_run(const char *kinerjad_url, const char *floor_url,
    struct ingest *d, int calls);

#endif
