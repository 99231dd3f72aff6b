/*
 * bench_ingest.c - SubmitIndicatorData at 10 000 values a call, against
 * the floor under it: prepared INSERTs of the same rows, history and
 * replay records included (issue 19's target), one transaction per batch,
 * with the same journal settings and durability as kinerjad (WAL,
 * synchronous=FULL: a commit is on disk before it is acknowledged); and,
 * beside it, the values alone.
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

/*
 * Two raw baselines, both of prepared multi-row INSERTs (FLOOR_ROWS rows
 * each, as kinerjad sends its waiting rows in INSERTs of up to 64), one
 * transaction a batch, WAL and synchronous=FULL as kinerjad sets them:
 *
 * - kinerjad's rows: what SubmitIndicatorData writes for new values (the
 *   value's row, its revision, its history line; per call the replay
 *   record kinerjad stored for the same call and the write generation)
 *   in a copy of kinerjad's own database taken after the registry was
 *   loaded: the same schema, indexes and foreign keys. Issue 19 asks for
 *   0.5x "a raw SQLite INSERT of the same rows with the same durability
 *   ..., history and replay records included": this one.
 * - the values alone: each value's row in a database of its own holding
 *   kinerjad's indicator_values table and its index, their DDL and page
 *   size read from kinerjad's database (the baseline of rounds before).
 *
 * kinerja over the first is what its own work costs (decoding, checks,
 * lookups, the reply); the first over the second is the layout's cost.
 */
#define FLOOR_ROWS 50
_Static_assert(ING_BATCH % FLOOR_ROWS == 0, "whole INSERTs a batch");

enum { F_VALUE, F_REVISION, F_HISTORY, F_REQUEST, F_GENERATION, F_COUNT };

/* Each statement, and the multi-row ones' row (FLOOR_ROWS of them). */
static const char *const floor_head[F_COUNT] = {
	[F_VALUE] =
	    "INSERT INTO indicator_values (unit_id, indicator_id, year,"
	    " kind, period, value_e4, predikat, revision, source) VALUES ",
	[F_REVISION] =
	    "INSERT INTO value_revisions (unit_id, indicator_id, year,"
	    " kind, period, revision, value_e4, predikat, request_id,"
	    " created_at, source) VALUES ",
	[F_HISTORY] = "INSERT INTO history (at_ms, actor, request_id, method,"
	              " what, unit, indicator, year, field, old, new, reason)"
	              " VALUES ",
	[F_REQUEST] = "INSERT INTO requests (request_id, method, reply,"
	              " created_at, digest, record)"
	              " VALUES (?1, 'SubmitIndicatorData', ?2, ?3, ?4, 1)",
	[F_GENERATION] =
	    "UPDATE kinerja_generation SET n = n + 1 WHERE id = 1",
};
static const char *const floor_row[F_REQUEST] = {
	[F_VALUE]    = "(?, ?, ?, ?, 0, ?, NULL, 1, 0)",
	[F_REVISION] = "(?, ?, ?, ?, 0, 1, ?, NULL, ?, ?, 0)",
	[F_HISTORY]  = "(?, 'local', ?, 'SubmitIndicatorData', ?, ?, ?, ?,"
	               " 'value', NULL, ?, '')",
};

struct floor {
	sqlite3      *db;
	sqlite3_stmt *s[F_COUNT];
	int           tables; /* F_VALUE alone, or every one */
	int64_t       unit_id[ING_UNITS], ind_id[ING_INDICATORS];
	char          text[ING_BATCH][16]; /* each value as history shows it */
	char          request_id[40];
	int64_t       at_ms;
	void         *reply, *digest; /* the replay record kinerjad stored */
	int           reply_len, digest_len;
};

/* The statement of table t: FLOOR_ROWS rows for a table of values. */
static int
floor_prepare(struct floor *f, int t)
{
	int         rows = t < F_REQUEST ? FLOOR_ROWS : 0, r, rc;
	const char *row  = t < F_REQUEST ? floor_row[t] : "";
	char       *sql  = malloc(
	           strlen(floor_head[t]) + (size_t) rows * (strlen(row) + 2) + 1);

	if (sql == NULL)
		return -1;
	strcpy(sql, floor_head[t]);
	for (r = 0; r < rows; r++)
		strcat(strcat(sql, r ? ", " : ""), row);
	rc = sqlite3_prepare_v2(f->db, sql, -1, &f->s[t], NULL);
	free(sql);
	return rc == SQLITE_OK ? 0 : -1;
}

/* The DDL or pragma value the query on kinerjad's database gives. */
static char *
ask(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *s;
	char         *out = NULL;

	if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK)
		return NULL;
	if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_text(s, 0))
		out = strdup((const char *) sqlite3_column_text(s, 0));
	sqlite3_finalize(s);
	return out;
}

/* kinerjad's value table, its index and page size, from its database. */
static int
values_schema(sqlite3 *db, const char *kinerjad_db)
{
	sqlite3 *k;
	char    *q[3] = { NULL, NULL, NULL }, sql[64];
	int      i, rc = -1;

	if (sqlite3_open_v2(kinerjad_db, &k, SQLITE_OPEN_READONLY, NULL) ==
	    SQLITE_OK) {
		q[0] = ask(k, "PRAGMA page_size");
		q[1] = ask(k, "SELECT sql FROM sqlite_master"
		              " WHERE name = 'indicator_values'");
		q[2] = ask(k, "SELECT sql FROM sqlite_master"
		              " WHERE name = 'values_by_indicator'");
	}
	sqlite3_close(k);
	if (q[0] && q[1] && q[2]) {
		snprintf(sql, sizeof(sql), "PRAGMA page_size = %s", q[0]);
		rc = sqlite3_exec(db, sql, 0, 0, 0) == SQLITE_OK &&
		             sqlite3_exec(db, q[1], 0, 0, 0) == SQLITE_OK &&
		             sqlite3_exec(db, q[2], 0, 0, 0) == SQLITE_OK
		         ? 0
		         : -1;
	}
	for (i = 0; i < 3; i++)
		free(q[i]);
	return rc;
}

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

/* Ids by position in the values-alone database (it resolves no codes);
 * kinerjad's own in its copy. */
static int
floor_ids(struct floor *f, const struct ingest *d)
{
	int i;

	for (i = 0; i < ING_UNITS; i++)
		f->unit_id[i] = f->tables == F_VALUE
		                    ? i
		                    : id_of(f->db, "units", d->units[i]);
	for (i = 0; i < ING_INDICATORS; i++)
		f->ind_id[i] = f->tables == F_VALUE
		                   ? i
		                   : id_of(f->db, "indicators", d->inds[i]);
	for (i = 0; i < ING_UNITS; i++)
		if (f->unit_id[i] < 0)
			return -1;
	for (i = 0; i < ING_INDICATORS; i++)
		if (f->ind_id[i] < 0)
			return -1;
	return 0;
}

static int
floor_open(struct floor *f, const char *path, const char *kinerjad_db,
    const struct ingest *d)
{
	int t;

	/* The values alone have no units or indicators to refer to. */
	if (sqlite3_open(path, &f->db) != SQLITE_OK ||
	    (f->tables == F_VALUE && values_schema(f->db, kinerjad_db) != 0) ||
	    sqlite3_exec(f->db,
	        "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;", 0, 0,
	        0) != SQLITE_OK ||
	    (f->tables != F_VALUE &&
	        sqlite3_exec(f->db, "PRAGMA foreign_keys = ON", 0, 0, 0) !=
	            SQLITE_OK))
		return -1;
	for (t = 0; t < F_COUNT; t++)
		if ((t == F_VALUE || f->tables != F_VALUE) &&
		    floor_prepare(f, t) != 0)
			return -1;
	return floor_ids(f, d);
}

static void
floor_close(struct floor *f)
{
	int i;

	for (i = 0; i < F_COUNT; i++)
		sqlite3_finalize(f->s[i]);
	sqlite3_close(f->db);
}

/* Steps s, then resets it: 0, or -1 when it failed or changed no row. */
static int
floor_step(sqlite3 *db, sqlite3_stmt *s)
{
	int rc = sqlite3_step(s);

	sqlite3_reset(s);
	return rc == SQLITE_DONE && sqlite3_changes(db) > 0 ? 0 : -1;
}

/* Binds value n's columns for table t from parameter k + 1 on. */
static void
floor_bind(const struct floor *f, const struct ingest *d, int t, int n, int k)
{
	const Kinerja__IndicatorValue *v = &d->v[n];
	sqlite3_stmt                  *s = f->s[t];

	if (t == F_HISTORY) {
		sqlite3_bind_int64(s, ++k, f->at_ms);
		sqlite3_bind_text(s, ++k, f->request_id, -1, SQLITE_STATIC);
		sqlite3_bind_text(
		    s, ++k, ingest_kind_name(v->kind), -1, SQLITE_STATIC);
		sqlite3_bind_text(s, ++k, v->unit, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, ++k, v->indicator, -1, SQLITE_STATIC);
		sqlite3_bind_int(s, ++k, v->year);
		sqlite3_bind_text(s, ++k, f->text[n], -1, SQLITE_STATIC);
		return;
	}
	sqlite3_bind_int64(
	    s, ++k, f->unit_id[n / (ING_INDICATORS * ING_KINDS)]);
	sqlite3_bind_int64(s, ++k, f->ind_id[n / ING_KINDS % ING_INDICATORS]);
	sqlite3_bind_int(s, ++k, v->year);
	sqlite3_bind_int(s, ++k, v->kind);
	sqlite3_bind_int64(s, ++k, llround(v->value * 1e4));
	if (t == F_REVISION) {
		sqlite3_bind_text(s, ++k, f->request_id, -1, SQLITE_STATIC);
		sqlite3_bind_int64(s, ++k, f->at_ms / 1000);
	}
}

/* The rows of values from..from + FLOOR_ROWS - 1, table by table. */
static int
floor_rows(struct floor *f, const struct ingest *d, int from)
{
	int t, r;

	for (t = F_VALUE; t <= f->tables; t++) {
		int per = sqlite3_bind_parameter_count(f->s[t]) / FLOOR_ROWS;

		for (r = 0; r < FLOOR_ROWS; r++)
			floor_bind(f, d, t, from + r, r * per);
		if (floor_step(f->db, f->s[t]) != 0)
			return -1;
	}
	return 0;
}

/* The call's replay record and the write generation. */
static int
floor_call(struct floor *f)
{
	sqlite3_stmt *s = f->s[F_REQUEST];

	sqlite3_bind_text(s, 1, f->request_id, -1, SQLITE_STATIC);
	sqlite3_bind_blob(s, 2, f->reply, f->reply_len, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, f->at_ms / 1000);
	sqlite3_bind_blob(s, 4, f->digest, f->digest_len, SQLITE_STATIC);
	if (floor_step(f->db, s) != 0)
		return -1;
	return floor_step(f->db, f->s[F_GENERATION]);
}

/* One call's transaction. */
static int
floor_batch(struct floor *f, const struct ingest *d)
{
	int n, rc = 0;

	if (sqlite3_exec(f->db, "BEGIN IMMEDIATE", 0, 0, 0) != SQLITE_OK)
		return -1;
	for (n = 0; n < ING_BATCH && rc == 0; n += FLOOR_ROWS)
		rc = floor_rows(f, d, n);
	if (rc == 0 && f->tables != F_VALUE)
		rc = floor_call(f);
	if (rc != 0) {
		sqlite3_exec(f->db, "ROLLBACK", 0, 0, 0);
		return -1;
	}
	return sqlite3_exec(f->db, "COMMIT", 0, 0, 0) == SQLITE_OK ? 0 : -1;
}

/* Each value as kinerjad's history shows it. */
static void
floor_texts(struct floor *f, const struct ingest *d)
{
	int n;

	for (n = 0; n < ING_BATCH; n++)
		ingest_value_text(
		    d->v[n].value, f->text[n], sizeof(f->text[n]));
}

/* calls batches into f: values/s, or -1 (the reason printed). */
static double
floor_run(struct floor *f, struct ingest *d, int calls)
{
	uint64_t t, total = 0;
	int      y;

	for (y = 0; y < calls; y++) {
		ingest_fill(d, ING_FIRST_YEAR + y);
		floor_texts(f, d);
		snprintf(f->request_id, sizeof(f->request_id), "%032x",
		    (unsigned) y + 1);
		f->at_ms = bench_unix_ms();
		t        = bench_now_ns();
		if (floor_batch(f, d) != 0) {
			fprintf(stderr, "sqlite: %s\n", sqlite3_errmsg(f->db));
			return -1;
		}
		total += bench_now_ns() - t;
	}
	return (double) calls * ING_BATCH / (total / 1e9);
}

/* The rows of the values alone (tables F_VALUE) or kinerjad's (tables
 * F_HISTORY, then path is the copy of its database, rec the replay
 * record it stored): values/s, or -1. */
static double
run_sqlite(const char *path, const char *kinerjad_db, int tables,
    const struct floor *rec, struct ingest *d, int calls)
{
	struct floor *f    = calloc(1, sizeof(*f));
	double        rate = -1;

	if (f == NULL)
		return -1;
	f->tables = tables;
	if (rec != NULL) {
		f->reply = rec->reply, f->reply_len = rec->reply_len;
		f->digest = rec->digest, f->digest_len = rec->digest_len;
	}
	if (floor_open(f, path, kinerjad_db, d) != 0)
		fprintf(stderr, "sqlite %s: %s\n", path,
		    f->db ? sqlite3_errmsg(f->db) : "cannot open");
	else
		rate = floor_run(f, d, calls);
	floor_close(f);
	free(f);
	return rate;
}

/* The replay record kinerjad stored for its last call, and the number of
 * revisions it holds (each call's values are new). */
static int
kinerjad_record(const char *kinerjad_db, struct floor *rec, int64_t *revisions)
{
	sqlite3      *db;
	sqlite3_stmt *s  = NULL;
	int           rc = -1;

	if (sqlite3_open_v2(kinerjad_db, &db, SQLITE_OPEN_READONLY, NULL) ==
	        SQLITE_OK &&
	    sqlite3_prepare_v2(db,
	        "SELECT reply, digest, (SELECT count(*) FROM value_revisions)"
	        " FROM requests WHERE method = 'SubmitIndicatorData'"
	        " ORDER BY created_at DESC LIMIT 1",
	        -1, &s, NULL) == SQLITE_OK &&
	    sqlite3_step(s) == SQLITE_ROW) {
		rec->reply_len  = sqlite3_column_bytes(s, 0);
		rec->digest_len = sqlite3_column_bytes(s, 1);
		rec->reply      = malloc((size_t) rec->reply_len + 1);
		rec->digest     = malloc((size_t) rec->digest_len + 1);
		*revisions      = sqlite3_column_int64(s, 2);
		if (rec->reply && rec->digest) {
			memcpy(rec->reply, sqlite3_column_blob(s, 0),
			    (size_t) rec->reply_len);
			memcpy(rec->digest, sqlite3_column_blob(s, 1),
			    (size_t) rec->digest_len);
			rc = 0;
		}
	}
	sqlite3_finalize(s);
	sqlite3_close(db);
	return rc;
}

/* Value rows, revisions and history lines in db: the floor must have
 * written as many as kinerjad. */
static int
counts(const char *path, int64_t out[3])
{
	static const char *const q[3] = {
		"SELECT count(*) FROM indicator_values",
		"SELECT count(*) FROM value_revisions",
		"SELECT count(*) FROM history",
	};
	sqlite3 *db;
	int      i, rc = -1;

	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) ==
	    SQLITE_OK)
		for (i = 0, rc = 0; i < 3 && rc == 0; i++) {
			char *n = ask(db, q[i]);

			rc     = n ? 0 : -1;
			out[i] = n ? strtoll(n, NULL, 10) : -1;
			free(n);
		}
	sqlite3_close(db);
	return rc;
}

static int
same_rows(const char *kinerjad_db, const char *copy)
{
	int64_t k[3], f[3];

	if (counts(kinerjad_db, k) != 0 || counts(copy, f) != 0 ||
	    memcmp(k, f, sizeof(k)) != 0) {
		fprintf(stderr,
		    "the floor wrote other rows than kinerjad: values "
		    "%lld/%lld,"
		    " revisions %lld/%lld, history %lld/%lld\n",
		    (long long) f[0], (long long) k[0], (long long) f[1],
		    (long long) k[1], (long long) f[2], (long long) k[2]);
		return -1;
	}
	return 0;
}

int
main(int argc, char **argv)
{
	struct bench_opts   o;
	struct bench_server s;
	struct ingest      *d;
	struct floor        rec = { 0 };
	kinerja_client     *c;
	char                kdb[128], copy[128], rawdb[128], a[64], b[80];
	double              k, raw, rows;
	int64_t             revisions;
	int                 calls;

	if (bench_parse(argc, argv, &o) != 0)
		return 2;
	calls = o.quick ? 5 : 20;
	if ((d = calloc(1, sizeof(*d))) == NULL ||
	    bench_server_start(&s, &o, "8") != 0)
		return 1;
	snprintf(kdb, sizeof(kdb), "%s/bench.db", s.dir);
	snprintf(copy, sizeof(copy), "%s/floor.db", s.dir);
	snprintf(rawdb, sizeof(rawdb), "%s/raw.db", s.dir);
	c = bench_connect(&s);
	ingest_registry(c, d);
	if (copy_db(kdb, copy) != 0)
		return 1;
	k = run_kinerja(c, d, calls);
	kinerja_close(c);
	if (kinerjad_record(kdb, &rec, &revisions) != 0) {
		fprintf(stderr, "no replay record in %s\n", kdb);
		return 1;
	}
	rows = run_sqlite(copy, kdb, F_HISTORY, &rec, d, calls);
	if (rows > 0 && same_rows(kdb, copy) != 0)
		rows = -1;
	raw = run_sqlite(rawdb, kdb, F_VALUE, NULL, d, calls);
	bench_server_stop(&s);
	free(rec.reply);
	free(rec.digest);
	free(d);
	if (raw <= 0 || rows <= 0)
		return 1;
	printf("Ingest: %d calls of %d values (%lld revisions); kinerja %.0f "
	       "values/s, raw SQLite %.0f values/s, raw SQLite of kinerjad's "
	       "rows %.0f values/s (replay record %d bytes a call)\n",
	    calls, ING_BATCH, (long long) revisions, k, raw, rows,
	    rec.reply_len);
	snprintf(a, sizeof(a), "%.0f values/s", k);
	snprintf(b, sizeof(b), "%.0f values/s", rows);
	bench_row(
	    "SubmitIndicatorData, 10k values/call, vs raw INSERTs of the "
	    "rows it writes (values, revisions, history, replay)",
	    a, b, k / rows, 0.5, 1, ">= 0.50x");
	snprintf(b, sizeof(b), "%.0f values/s", raw);
	bench_row("SubmitIndicatorData vs raw INSERTs of the values alone", a,
	    b, k / raw, 0, 1, NULL);
	snprintf(a, sizeof(a), "%.0f values/s", rows);
	bench_row("Raw INSERTs: kinerjad's rows vs the values alone (the "
	          "layout's cost)",
	    a, b, rows / raw, 0, 1, NULL);
	return 0;
}
