/*
 * pg_common.h - what bench_pg shares with any later PostgreSQL benchmark:
 * a schema of its own on a PostgreSQL server for each workload, the
 * ingest workload of bench_ingest (500 kecamatan x 10 indicators x target
 * and realisasi, one year a call) rebuilt here because bench_ingest keeps
 * its generator private, and the loaders of the national data set.
 */
#ifndef BENCH_PG_COMMON_H
#define BENCH_PG_COMMON_H

#include <stddef.h>

#include <kinerja/client.h>

#include "national_gen.h"

#define ING_UNITS      500
#define ING_INDICATORS 10
#define ING_KINDS      2 /* target and realisasi */
#define ING_BATCH      (ING_UNITS * ING_INDICATORS * ING_KINDS) /* 10 000 */
#define ING_FIRST_YEAR 2000

/* bench_ingest's data set: units kec-000..kec-499 under "kab" under
 * "prov", indicators I00..I09, the same values for the same year. */
struct ingest {
	char                     units[ING_UNITS][16];
	char                     inds[ING_INDICATORS][8];
	Kinerja__IndicatorValue  v[ING_BATCH];
	Kinerja__IndicatorValue *vp[ING_BATCH];
};

void ingest_registry(kinerja_client *c, struct ingest *d);
/* Fills the batch for a year; values have 2 decimals, as reports do. */
void ingest_fill(struct ingest *d, int year);
/* Two sasaran of five indicators for every unit, so that each has an
 * overall capaian and "kab" a roll-up of 500 units. */
void ingest_links(kinerja_client *c, const struct ingest *d);

/* The national data set through the RPCs, in batches of 10 000. */
void national_load(kinerja_client *c, const struct national *n);

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
