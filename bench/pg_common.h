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
/* A connection to url, or NULL with the reason printed. */
PGconn *pgb_connect(const char *url);
/* The URL whose connections use schema (search_path), as pgb_schema's. */
void pgb_url(const char *url, const char *schema, char *out, size_t len);
/* A checkpoint of the server, so that none comes during a timed run;
 * left to the server when the user may not ask for one. */
void pgb_checkpoint(const char *url);
/* 0 if r (cleared) has status want, else -1 with what and the error
 * printed; pgb_run is that of a statement returning no rows. */
int pgb_ok(PGconn *c, PGresult *r, ExecStatusType want, const char *what);
int pgb_run(PGconn *c, const char *sql);
/* The COPY ... FROM STDIN statement copy with n bytes of text: 0 or -1
 * (the reason printed). */
int pgb_copy_in(PGconn *c, const char *copy, const char *text, size_t n);

/*
 * pg_floor.c: the rows SubmitIndicatorData writes for `calls` of
 * bench_ingest's calls (values, revisions, history lines, made from d's
 * values; kinerjad's own replay record, read back from kinerjad_schema;
 * the write generation), COPYed raw into floor_schema, which kinerjad made
 * and loaded d's registry into, one transaction a call: values/s, or -1
 * with the reason printed, also when floor_schema then holds other rows
 * than kinerjad_schema. Both schemas are on the server at url.
 */
double pgb_floor_run(const char *url, const char *kinerjad_schema,
    const char *floor_schema, struct ingest *d, int calls);
/* A batch's value rows as COPY text into buf (ING_BATCH * 160 bytes),
 * unit and indicator ids by position in d: its length. */
size_t pgb_values_text(const struct ingest *d, const long long *unit_id,
    const long long *ind_id, char *buf);

#endif
