/*
 * bench_ingest.c - SubmitIndicatorData at 10 000 values a call, against
 * the floor under it: a prepared INSERT of the same rows into a table
 * shaped like kinerjad's indicator_values, one transaction per batch, with
 * the same journal settings and durability as kinerjad (WAL,
 * synchronous=FULL: a commit is on disk before it is acknowledged).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "common.h"
#include "load.h"

/* The workload is load.h's ingest set: 500 kecamatan x 10 indicators x
 * target and realisasi, one year a call (ING_BATCH = 10 000 values). */

/* --------------------------------------------------------- kinerja */

static double
run_kinerja(kinerja_client *c, struct ingest *d, int calls)
{
	Kinerja__SubmitIndicatorDataRequest req =
	    KINERJA__SUBMIT_INDICATOR_DATA_REQUEST__INIT;
	Kinerja__WriteReply *rep;
	kinerja_status       st = KINERJA_STATUS_INIT;
	uint64_t             t, total = 0;
	int                  y;

	req.n_values = ING_BATCH;
	req.values   = d->vp;
	for (y = 0; y < calls; y++) {
		ingest_fill(d, ING_FIRST_YEAR + y);
		t = bench_now_ns();
		bench_check(kinerja_submit_indicator_data(c, &req, &rep, &st),
		    &st, "SubmitIndicatorData");
		total += bench_now_ns() - t;
		if (rep->created != ING_BATCH)
			fprintf(stderr, "warning: %u of %d values created\n",
			    rep->created, ING_BATCH);
		kinerja__write_reply__free_unpacked(rep, NULL);
	}
	kinerja_status_clear(&st);
	return (double) calls * ING_BATCH / (total / 1e9);
}

/* ------------------------------------------------------------ SQLite */

static const char schema[] =
    "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;"
    "CREATE TABLE indicator_values ("
    "  unit_id INTEGER NOT NULL, indicator_id INTEGER NOT NULL,"
    "  year INTEGER NOT NULL, kind INTEGER NOT NULL,"
    "  value_e4 INTEGER, predikat INTEGER, revision INTEGER NOT NULL,"
    "  PRIMARY KEY (unit_id, indicator_id, year, kind)) WITHOUT ROWID;"
    "CREATE INDEX values_by_indicator"
    "  ON indicator_values(indicator_id, year, kind);";

static int
sqlite_batch(sqlite3 *db, sqlite3_stmt *ins, const struct ingest *d)
{
	int n, rc = SQLITE_DONE;

	sqlite3_exec(db, "BEGIN", 0, 0, 0);
	for (n = 0; n < ING_BATCH && rc == SQLITE_DONE; n++) {
		const Kinerja__IndicatorValue *v = &d->v[n];

		/* Ids by position: the baseline resolves no codes. */
		sqlite3_bind_int(ins, 1, n / (ING_INDICATORS * ING_KINDS));
		sqlite3_bind_int(ins, 2, n / ING_KINDS % ING_INDICATORS);
		sqlite3_bind_int(ins, 3, v->year);
		sqlite3_bind_int(ins, 4, v->kind);
		sqlite3_bind_int64(ins, 5, llround(v->value * 1e4));
		rc = sqlite3_step(ins);
		sqlite3_reset(ins);
	}
	if (rc != SQLITE_DONE) {
		fprintf(stderr, "sqlite: %s\n", sqlite3_errmsg(db));
		sqlite3_exec(db, "ROLLBACK", 0, 0, 0);
		return -1;
	}
	return sqlite3_exec(db, "COMMIT", 0, 0, 0) == SQLITE_OK ? 0 : -1;
}

static double
run_sqlite(const char *path, struct ingest *d, int calls)
{
	sqlite3      *db;
	sqlite3_stmt *ins = NULL;
	uint64_t      t, total = 0;
	double        rate = -1;
	int           y;

	if (sqlite3_open(path, &db) != SQLITE_OK ||
	    sqlite3_exec(db, schema, 0, 0, 0) != SQLITE_OK ||
	    sqlite3_prepare_v2(db,
	        "INSERT INTO indicator_values VALUES (?1, ?2, ?3, ?4, ?5, "
	        "NULL, 1)",
	        -1, &ins, NULL) != SQLITE_OK) {
		fprintf(stderr, "sqlite %s: %s\n", path, sqlite3_errmsg(db));
		goto out;
	}
	for (y = 0; y < calls; y++) {
		ingest_fill(d, ING_FIRST_YEAR + y);
		t = bench_now_ns();
		if (sqlite_batch(db, ins, d) != 0)
			goto out;
		total += bench_now_ns() - t;
	}
	rate = (double) calls * ING_BATCH / (total / 1e9);
out:
	sqlite3_finalize(ins);
	sqlite3_close(db);
	return rate;
}

static void
remove_db(const char *path)
{
	char p[160];

	unlink(path);
	snprintf(p, sizeof(p), "%s-wal", path);
	unlink(p);
	snprintf(p, sizeof(p), "%s-shm", path);
	unlink(p);
}

int
main(int argc, char **argv)
{
	struct bench_opts   o;
	struct bench_server s;
	struct ingest      *d;
	kinerja_client     *c;
	char                path[128], a[64], b[64];
	double              k, raw;
	int                 calls;

	if (bench_parse(argc, argv, &o) != 0)
		return 2;
	calls = o.quick ? 5 : 20;
	if ((d = calloc(1, sizeof(*d))) == NULL ||
	    bench_server_start(&s, &o, "8") != 0)
		return 1;
	c = bench_connect(&s);
	ingest_registry(c, d);
	k = run_kinerja(c, d, calls);
	kinerja_close(c);
	snprintf(path, sizeof(path), "%s/raw.db", s.dir);
	raw = run_sqlite(path, d, calls);
	remove_db(path);
	bench_server_stop(&s);
	free(d);
	if (raw <= 0)
		return 1;
	printf("Ingest: %d calls of %d values; kinerja %.0f values/s, "
	       "raw SQLite %.0f values/s\n",
	    calls, ING_BATCH, k, raw);
	snprintf(a, sizeof(a), "%.0f values/s", k);
	snprintf(b, sizeof(b), "%.0f values/s", raw);
	bench_row("SubmitIndicatorData, 10k values/call", a, b, k / raw, 0.5,
	    1, ">= 0.50x");
	return 0;
}
