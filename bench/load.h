/*
 * load.h - data sets loaded through kinerjad's RPCs, shared by the
 * benchmarks: the ingest workload of bench_ingest (500 kecamatan x 10
 * indicators x target and realisasi, one year a call), also measured by
 * bench_pg and bench_rollup, the loader of the
 * national data set, and the write RPCs of a list they are made of.
 */
#ifndef BENCH_LOAD_H
#define BENCH_LOAD_H

#include <stddef.h>

#include <kinerja/client.h>

#include "national_gen.h"

/* One write RPC each, or exits: the reply is only checked. */
void load_units(kinerja_client *c, Kinerja__Unit **u, size_t n);
void load_indicators(kinerja_client *c, Kinerja__Indicator **ind, size_t n);
void load_links(kinerja_client *c, Kinerja__SasaranLink **l, size_t n);
void load_values(kinerja_client *c, Kinerja__IndicatorValue **v, size_t n);
/* One realisasi, in a call of its own. */
void load_realisasi(kinerja_client *c, const char *unit, const char *indicator,
    int year, double value);

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

/* What kinerjad's history line of a new value holds, for the raw
 * baselines that write kinerjad's rows: the field's name (the kind) and
 * the value as history shows it (2 decimals, no zeros after the point). */
const char *ingest_kind_name(int kind);
void        ingest_value_text(double value, char *buf, size_t len);

/* GetCapaian of "kab" for ING_FIRST_YEAR, its roll-up over the 500
 * units, reads times after one to warm the caches: end-to-end p50 and
 * p99 in ms. With write_first, one realisasi of a unit of "kab" is
 * written before each (not timed), so that every roll-up timed is
 * computed afresh, none answered as kinerjad kept it. Exits unless every
 * unit is counted. */
void ingest_rollup(kinerja_client *c, int reads, int write_first,
    double *p50, double *p99);

/* The national data set through the RPCs, in batches of 10 000. */
void national_load(kinerja_client *c, const struct national *n);

#endif
