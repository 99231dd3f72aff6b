/*
 * pg_floor.c - the raw baseline of kinerjad's own rows on PostgreSQL (see
 * pg_common.h): for each ingest call, COPY of the rows SubmitIndicatorData
 * writes for new values (the value's row, its revision, its history line)
 * and the call's replay record and write generation, one transaction a
 * call, in a schema kinerjad made and loaded the registry into: the same
 * tables, indexes and foreign keys. bench_ingest's SQLite floor is the
 * same rows through SQLite's API.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libpq-fe.h>

#include "common.h"
#include "pg_common.h"

#define TEXT_MAX 160 /* bytes of one row as COPY text, at most */

enum { P_VALUE, P_REVISION, P_HISTORY, P_TABLES };

static const char *const copy_sql[P_TABLES] = {
	[P_VALUE]    = "COPY indicator_values (unit_id, indicator_id, year,"
	               " kind, period, value_e4, predikat, revision, source)"
	               " FROM STDIN",
	[P_REVISION] = "COPY value_revisions (unit_id, indicator_id, year,"
	               " kind, period, revision, value_e4, predikat,"
	               " request_id, created_at, source) FROM STDIN",
	[P_HISTORY]  = "COPY history (at_ms, actor, request_id, method, what,"
	               " unit, indicator, year, field, old, new, reason)"
	               " FROM STDIN",
};

struct pg_floor {
	PGconn   *c;
	PGresult *rec; /* kinerjad's replay record: reply, digest (binary) */
	long long unit_id[ING_UNITS], ind_id[ING_INDICATORS];
	char     *buf[P_TABLES];
	size_t    len[P_TABLES];
	char      request_id[40];
	long long at_ms;
};

/* The id of code in table, looked up before the clock starts. */
static long long
id_of(PGconn *c, const char *table, const char *code)
{
	const char *p[1] = { code };
	char        sql[64];
	PGresult   *r;
	long long   id = -1;

	snprintf(sql, sizeof(sql), "SELECT id FROM %s WHERE code = $1", table);
	r = PQexecParams(c, sql, 1, NULL, p, NULL, NULL, 0);
	if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1)
		id = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
	PQclear(r);
	return id;
}

static int
floor_ids(struct pg_floor *f, const struct ingest *d)
{
	int i;

	for (i = 0; i < ING_UNITS; i++)
		if ((f->unit_id[i] = id_of(f->c, "units", d->units[i])) < 0)
			return -1;
	for (i = 0; i < ING_INDICATORS; i++)
		if ((f->ind_id[i] = id_of(f->c, "indicators", d->inds[i])) < 0)
			return -1;
	return 0;
}

/* The replay record kinerjad stored for its last SubmitIndicatorData. */
static PGresult *
kinerjad_record(const char *kinerjad_url)
{
	PGconn   *c = PQconnectdb(kinerjad_url);
	PGresult *r = NULL;

	if (PQstatus(c) == CONNECTION_OK)
		r = PQexecParams(c,
		    "SELECT reply, digest FROM requests"
		    " WHERE method = 'SubmitIndicatorData'"
		    " ORDER BY rowid DESC LIMIT 1",
		    0, NULL, NULL, NULL, NULL, 1);
	if (PQresultStatus(r) != PGRES_TUPLES_OK || PQntuples(r) != 1) {
		fprintf(
		    stderr, "floor: no replay record: %s", PQerrorMessage(c));
		PQclear(r);
		r = NULL;
	}
	PQfinish(c);
	return r;
}

/* Value n's row of table t as COPY text at p: its length. */
static int
row_text(
    const struct pg_floor *f, const struct ingest *d, int t, int n, char *p)
{
	const Kinerja__IndicatorValue *v = &d->v[n];
	long long unit = f->unit_id[n / (ING_INDICATORS * ING_KINDS)];
	long long ind  = f->ind_id[n / ING_KINDS % ING_INDICATORS];
	long long e4   = llround(v->value * 1e4);
	char      text[16];

	if (t == P_VALUE)
		return snprintf(p, TEXT_MAX,
		    "%lld\t%lld\t%d\t%d\t0\t%lld\t\\N\t1\t0\n", unit, ind,
		    v->year, (int) v->kind, e4);
	if (t == P_REVISION)
		return snprintf(p, TEXT_MAX,
		    "%lld\t%lld\t%d\t%d\t0\t1\t%lld\t\\N\t%s\t%lld\t0\n", unit,
		    ind, v->year, (int) v->kind, e4, f->request_id,
		    f->at_ms / 1000);
	ingest_value_text(v->value, text, sizeof(text));
	return snprintf(p, TEXT_MAX,
	    "%lld\tlocal\t%s\tSubmitIndicatorData\t%s\t%s\t%s\t%d\tvalue\t\\N"
	    "\t%s\t\n",
	    f->at_ms, f->request_id, ingest_kind_name(v->kind), v->unit,
	    v->indicator, v->year, text);
}

static int
copy_table(struct pg_floor *f, const struct ingest *d, int t)
{
	size_t o = 0;
	int    n;

	for (n = 0; n < ING_BATCH; n++)
		o += (size_t) row_text(f, d, t, n, f->buf[t] + o);
	return pgb_copy_in(f->c, copy_sql[t], f->buf[t], o);
}

/* The call's replay record and the write generation. */
static int
floor_call(struct pg_floor *f)
{
	char        at[24];
	const char *p[4]   = { f->request_id, PQgetvalue(f->rec, 0, 0), at,
		  PQgetvalue(f->rec, 0, 1) };
	int         len[4] = { 0, PQgetlength(f->rec, 0, 0), 0,
		        PQgetlength(f->rec, 0, 1) };
	int         fmt[4] = { 0, 1, 0, 1 };

	snprintf(at, sizeof(at), "%lld", f->at_ms / 1000);
	if (pgb_ok(f->c,
	        PQexecParams(f->c,
	            "INSERT INTO requests (request_id, method, reply,"
	            " created_at, digest, record)"
	            " VALUES ($1, 'SubmitIndicatorData', $2, $3, $4, 1)",
	            4, NULL, p, len, fmt, 0),
	        PGRES_COMMAND_OK, "replay record") != 0)
		return -1;
	return pgb_run(f->c, "UPDATE kinerja_generation SET n = n + 1"
	                 " WHERE id = 1");
}

static int
floor_batch(struct pg_floor *f, const struct ingest *d)
{
	int t;

	if (pgb_run(f->c, "BEGIN") != 0)
		return -1;
	for (t = 0; t < P_TABLES; t++)
		if (copy_table(f, d, t) != 0)
			return -1;
	if (floor_call(f) != 0)
		return -1;
	return pgb_run(f->c, "COMMIT");
}

static long long
unix_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (long long) ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static double
floor_run(struct pg_floor *f, struct ingest *d, int calls)
{
	uint64_t t, total = 0;
	int      y;

	for (y = 0; y < calls; y++) {
		ingest_fill(d, ING_FIRST_YEAR + y);
		snprintf(f->request_id, sizeof(f->request_id), "%032x",
		    (unsigned) y + 1);
		f->at_ms = unix_ms();
		t = bench_now_ns(); /* formatting the text is the client's */
		if (floor_batch(f, d) != 0)
			return -1;
		total += bench_now_ns() - t;
	}
	return (double) calls * ING_BATCH / ((double) total / 1e9);
}

/* Value rows, revisions and SubmitIndicatorData's history lines. */
static int
counts(const char *url, long long out[3])
{
	PGconn   *c = PQconnectdb(url);
	PGresult *r =
	    PQexec(c, "SELECT (SELECT count(*) FROM indicator_values),"
	              " (SELECT count(*) FROM value_revisions),"
	              " (SELECT count(*) FROM history"
	              " WHERE method = 'SubmitIndicatorData')");
	int i, rc = -1;

	if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1) {
		for (i = 0; i < 3; i++)
			out[i] = strtoll(PQgetvalue(r, 0, i), NULL, 10);
		rc = 0;
	}
	PQclear(r);
	PQfinish(c);
	return rc;
}

static int
same_rows(const char *kinerjad_url, const char *floor_url)
{
	long long k[3], f[3];

	if (counts(kinerjad_url, k) != 0 || counts(floor_url, f) != 0 ||
	    memcmp(k, f, sizeof(k)) != 0) {
		fprintf(stderr,
		    "the PostgreSQL floor wrote other rows than kinerjad: "
		    "values %lld/%lld, revisions %lld/%lld, history "
		    "%lld/%lld\n",
		    f[0], k[0], f[1], k[1], f[2], k[2]);
		return -1;
	}
	return 0;
}

double
pgb_floor_run(const char *kinerjad_url, const char *floor_url,
    struct ingest *d, int calls)
{
	struct pg_floor f    = { 0 };
	double          rate = -1;
	int             t;

	f.c   = PQconnectdb(floor_url);
	f.rec = kinerjad_record(kinerjad_url);
	for (t = 0; t < P_TABLES; t++)
		f.buf[t] = malloc((size_t) ING_BATCH * TEXT_MAX);
	if (f.rec != NULL && f.buf[0] && f.buf[1] && f.buf[2] &&
	    PQstatus(f.c) == CONNECTION_OK && floor_ids(&f, d) == 0)
		rate = floor_run(&f, d, calls);
	else
		fprintf(stderr, "floor: %s", PQerrorMessage(f.c));
	if (rate > 0 && same_rows(kinerjad_url, floor_url) != 0)
		rate = -1;
	for (t = 0; t < P_TABLES; t++)
		free(f.buf[t]);
	PQclear(f.rec);
	PQfinish(f.c);
	return rate;
}
