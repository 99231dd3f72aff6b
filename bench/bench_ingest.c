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

/* ------------------------------------- SQLite, kinerjad's own rows */

/*
 * The floor under kinerjad's layout: the rows SubmitIndicatorData writes
 * for new values (each value's row and its index entry, its revision,
 * its history line with both indexes; per call the replay record and the
 * write generation), as raw prepared INSERTs into a copy of kinerjad's
 * own database taken after the registry was loaded: the same schema,
 * foreign keys, journal and durability. What kinerja adds above it is
 * its own work (decoding, checks, lookups, the reply); what the floor
 * adds above the values-only baseline is the layout's.
 */
static const char *const floor_sql[] = {
	"INSERT INTO indicator_values (unit_id, indicator_id, year, kind,"
	" period, value_e4, predikat, revision, source)"
	" VALUES (?1, ?2, ?3, ?4, 0, ?5, NULL, 1, 0)",
	"INSERT INTO value_revisions (unit_id, indicator_id, year, kind,"
	" period, revision, value_e4, predikat, request_id, created_at,"
	" source) VALUES (?1, ?2, ?3, ?4, 0, 1, ?5, NULL, ?6, ?7, 0)",
	"INSERT INTO history (at_ms, actor, request_id, method, what, unit,"
	" indicator, year, field, old, new, reason) VALUES (?7, 'local', ?6,"
	" 'SubmitIndicatorData', ?8, ?9, ?10, ?3, 'value', NULL, ?11, '')",
	"INSERT INTO requests (request_id, method, reply, created_at,"
	" digest, record) VALUES (?1, 'SubmitIndicatorData', ?2, ?3, ?4, 1)",
	"UPDATE kinerja_generation SET n = n + 1 WHERE id = 1",
};

enum { F_VALUE, F_REVISION, F_HISTORY, F_REQUEST, F_GENERATION, F_COUNT };

struct floor {
	sqlite3      *db;
	sqlite3_stmt *s[F_COUNT];
	int64_t       unit_id[ING_UNITS], ind_id[ING_INDICATORS];
	char          text[ING_BATCH][16]; /* each value as history shows it */
	char          request_id[40];
};

/* A consistent copy of the database kinerjad is serving. */
static int
copy_db(const char *from, const char *to)
{
	sqlite3        *src = NULL, *dst = NULL;
	sqlite3_backup *b;
	int             rc = SQLITE_ERROR;

	if (sqlite3_open_v2(from, &src, SQLITE_OPEN_READONLY, NULL) ==
	        SQLITE_OK &&
	    sqlite3_open(to, &dst) == SQLITE_OK &&
	    (b = sqlite3_backup_init(dst, "main", src, "main")) != NULL) {
		sqlite3_backup_step(b, -1);
		rc = sqlite3_backup_finish(b);
	}
	if (rc != SQLITE_OK)
		fprintf(stderr, "copy %s: %s\n", from,
		    sqlite3_errmsg(dst ? dst : src));
	sqlite3_close(src);
	sqlite3_close(dst);
	return rc == SQLITE_OK ? 0 : -1;
}

/* The id of code in table, looked up before the clock starts. */
static int64_t
id_of(sqlite3 *db, const char *table, const char *code)
{
	char          sql[64];
	sqlite3_stmt *s;
	int64_t       id = -1;

	snprintf(sql, sizeof(sql), "SELECT id FROM %s WHERE code = ?1", table);
	if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_text(s, 1, code, -1, SQLITE_STATIC);
	if (sqlite3_step(s) == SQLITE_ROW)
		id = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return id;
}

static int
floor_open(struct floor *f, const char *path, const struct ingest *d)
{
	int i;

	if (sqlite3_open(path, &f->db) != SQLITE_OK ||
	    sqlite3_exec(f->db,
	        "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;"
	        "PRAGMA foreign_keys = ON;",
	        0, 0, 0) != SQLITE_OK)
		return -1;
	for (i = 0; i < F_COUNT; i++)
		if (sqlite3_prepare_v2(
		        f->db, floor_sql[i], -1, &f->s[i], NULL) != SQLITE_OK)
			return -1;
	for (i = 0; i < ING_UNITS; i++)
		if ((f->unit_id[i] = id_of(f->db, "units", d->units[i])) < 0)
			return -1;
	for (i = 0; i < ING_INDICATORS; i++)
		if ((f->ind_id[i] = id_of(f->db, "indicators", d->inds[i])) <
		    0)
			return -1;
	return 0;
}

static void
floor_close(struct floor *f)
{
	int i;

	for (i = 0; i < F_COUNT; i++)
		sqlite3_finalize(f->s[i]);
	sqlite3_close(f->db);
}

/* Steps s, then resets it: 0, or -1 when it failed. */
static int
floor_step(sqlite3_stmt *s)
{
	int rc = sqlite3_step(s);

	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* Value n's row, revision and history line. */
static int
floor_value(struct floor *f, const struct ingest *d, int n, int64_t at_ms)
{
	const Kinerja__IndicatorValue *v = &d->v[n];
	int                            i;

	for (i = F_VALUE; i <= F_HISTORY; i++) {
		sqlite3_stmt *s = f->s[i];

		sqlite3_bind_int64(
		    s, 1, f->unit_id[n / (ING_INDICATORS * ING_KINDS)]);
		sqlite3_bind_int64(
		    s, 2, f->ind_id[n / ING_KINDS % ING_INDICATORS]);
		sqlite3_bind_int(s, 3, v->year);
		sqlite3_bind_int(s, 4, v->kind);
		sqlite3_bind_int64(s, 5, llround(v->value * 1e4));
		if (i == F_VALUE)
			continue;
		sqlite3_bind_text(s, 6, f->request_id, -1, SQLITE_STATIC);
		sqlite3_bind_int64(
		    s, 7, i == F_HISTORY ? at_ms : at_ms / 1000);
	}
	sqlite3_bind_text(f->s[F_HISTORY], 8,
	    v->kind == KINERJA__VALUE_KIND__VALUE_KIND_REALISASI ? "realisasi"
	                                                         : "target",
	    -1, SQLITE_STATIC);
	sqlite3_bind_text(f->s[F_HISTORY], 9, v->unit, -1, SQLITE_STATIC);
	sqlite3_bind_text(
	    f->s[F_HISTORY], 10, v->indicator, -1, SQLITE_STATIC);
	sqlite3_bind_text(f->s[F_HISTORY], 11, f->text[n], -1, SQLITE_STATIC);
	for (i = F_VALUE; i <= F_HISTORY; i++)
		if (floor_step(f->s[i]) != 0)
			return -1;
	return 0;
}

/* One call's transaction: its values, its replay record, the generation. */
static int
floor_batch(struct floor *f, const struct ingest *d, int64_t at_ms)
{
	/* A WriteReply of 10 000 created, and a digest's 16 bytes. */
	static const uint8_t reply[] = { 0x08, 0x90, 0x4e }, digest[16];
	int                  n, rc = 0;

	sqlite3_exec(f->db, "BEGIN IMMEDIATE", 0, 0, 0);
	for (n = 0; n < ING_BATCH && rc == 0; n++)
		rc = floor_value(f, d, n, at_ms);
	sqlite3_bind_text(
	    f->s[F_REQUEST], 1, f->request_id, -1, SQLITE_STATIC);
	sqlite3_bind_blob(
	    f->s[F_REQUEST], 2, reply, sizeof(reply), SQLITE_STATIC);
	sqlite3_bind_int64(f->s[F_REQUEST], 3, at_ms / 1000);
	sqlite3_bind_blob(
	    f->s[F_REQUEST], 4, digest, sizeof(digest), SQLITE_STATIC);
	if (rc != 0 || floor_step(f->s[F_REQUEST]) != 0 ||
	    floor_step(f->s[F_GENERATION]) != 0) {
		fprintf(stderr, "sqlite: %s\n", sqlite3_errmsg(f->db));
		sqlite3_exec(f->db, "ROLLBACK", 0, 0, 0);
		return -1;
	}
	return sqlite3_exec(f->db, "COMMIT", 0, 0, 0) == SQLITE_OK ? 0 : -1;
}

/* Each value as kinerjad's history shows it: 2 decimals, no zeros
 * after the point. */
static void
floor_texts(struct floor *f, const struct ingest *d)
{
	int n;

	for (n = 0; n < ING_BATCH; n++) {
		char  *t = f->text[n];
		size_t k = (size_t) snprintf(
		    t, sizeof(f->text[n]), "%.2f", d->v[n].value);

		while (k > 0 && t[k - 1] == '0')
			t[--k] = 0;
		if (k > 0 && t[k - 1] == '.')
			t[--k] = 0;
	}
}

static double
run_floor(const char *path, struct ingest *d, int calls)
{
	struct floor *f = calloc(1, sizeof(*f));
	uint64_t      t, total = 0;
	double        rate = -1;
	int           y;

	if (f == NULL || floor_open(f, path, d) != 0) {
		fprintf(stderr, "sqlite %s: %s\n", path,
		    f && f->db ? sqlite3_errmsg(f->db) : "no memory");
		goto out;
	}
	for (y = 0; y < calls; y++) {
		ingest_fill(d, ING_FIRST_YEAR + y);
		floor_texts(f, d);
		snprintf(f->request_id, sizeof(f->request_id), "%032x",
		    (unsigned) y + 1);
		t = bench_now_ns();
		if (floor_batch(f, d, (int64_t) (t / 1000000)) != 0)
			goto out;
		total += bench_now_ns() - t;
	}
	rate = (double) calls * ING_BATCH / (total / 1e9);
out:
	if (f != NULL)
		floor_close(f);
	free(f);
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
	char                path[128], fpath[128], a[64], b[80];
	double              k, raw, rows;
	int                 calls;

	if (bench_parse(argc, argv, &o) != 0)
		return 2;
	calls = o.quick ? 5 : 20;
	if ((d = calloc(1, sizeof(*d))) == NULL ||
	    bench_server_start(&s, &o, "8") != 0)
		return 1;
	c = bench_connect(&s);
	ingest_registry(c, d);
	snprintf(path, sizeof(path), "%s/floor.db", s.dir);
	snprintf(fpath, sizeof(fpath), "%s/bench.db", s.dir);
	if (copy_db(fpath, path) != 0)
		return 1;
	k = run_kinerja(c, d, calls);
	kinerja_close(c);
	rows = run_floor(path, d, calls);
	remove_db(path);
	snprintf(path, sizeof(path), "%s/raw.db", s.dir);
	raw = run_sqlite(path, d, calls);
	remove_db(path);
	bench_server_stop(&s);
	free(d);
	if (raw <= 0 || rows <= 0)
		return 1;
	printf("Ingest: %d calls of %d values; kinerja %.0f values/s, "
	       "raw SQLite %.0f values/s, raw SQLite of kinerjad's rows "
	       "%.0f values/s\n",
	    calls, ING_BATCH, k, raw, rows);
	snprintf(a, sizeof(a), "%.0f values/s", k);
	snprintf(b, sizeof(b), "%.0f values/s", raw);
	bench_row("SubmitIndicatorData, 10k values/call", a, b, k / raw, 0.5,
	    1, ">= 0.50x");
	snprintf(b, sizeof(b), "%.0f values/s", rows);
	bench_row("SubmitIndicatorData vs raw INSERTs of the rows kinerjad "
	          "writes (values, revisions, history, replay)",
	    a, b, k / rows, 0, 1, NULL);
	snprintf(a, sizeof(a), "%.0f values/s", rows);
	snprintf(b, sizeof(b), "%.0f values/s", raw);
	bench_row("Layout floor: kinerjad's rows, raw, vs the values alone", a,
	    b, rows / raw, 0, 1, NULL);
	return 0;
}
