/*
 * pg_common.h - what bench_pg shares with any later PostgreSQL benchmark:
 * a schema of its own on a PostgreSQL server for each workload. The
 * workloads themselves are in load.h.
 */
#ifndef BENCH_PG_COMMON_H
#define BENCH_PG_COMMON_H

#include <stddef.h>

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

#endif
