/*
 * pg_floor.c - the raw baseline of kinerjad's own rows on PostgreSQL (see
 * pg_common.h): for each ingest call, a COPY each of the rows
 * SubmitIndicatorData writes for new values (the value's row, its
 * revision, its history line), made here from the same values, then the
 * call's replay record (kinerjad's own, read back) and the write
 * generation, one transaction a call, in a schema kinerjad made and
 * loaded the registry into: the same tables, indexes and foreign keys.
 * bench_ingest's SQLite floor is the same rows through SQLite's API.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "common.h"
#include "pg_common.h"

#define TEXT_MAX 160 /* bytes of one row as COPY text, at most */
#define SQL_MAX  1024

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
	if (id < 0)
		fprintf(stderr, "floor: no %s %s in kinerjad's schema\n",
		    table, code);
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
kinerjad_record(PGconn *c, const char *schema)
{
	char      sql[SQL_MAX];
	PGresult *r;

	snprintf(sql, sizeof(sql),
	    "SELECT reply, digest FROM %s.requests"
	    " WHERE method = 'SubmitIndicatorData'"
	    " ORDER BY rowid DESC LIMIT 1",
	    schema);
	r = PQexecParams(c, sql, 0, NULL, NULL, NULL, NULL, 1);
	if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1)
		return r;
	fprintf(stderr, "floor: no replay record in %s: %s", schema,
	    PQerrorMessage(c));
	PQclear(r);
	return NULL;
}

/* Value n's row as COPY text at p, ids from unit_id and ind_id: its
 * length. */
static int
value_text(const struct ingest *d, int n, const long long *unit_id,
    const long long *ind_id, char *p)
{
	const Kinerja__IndicatorValue *v = &d->v[n];

	return snprintf(p, TEXT_MAX, "%lld\t%lld\t%d\t%d\t0\t%lld\t\\N\t1\t0\n",
	    unit_id[n / (ING_INDICATORS * ING_KINDS)],
	    ind_id[n / ING_KINDS % ING_INDICATORS], v->year, (int) v->kind,
	    llround(v->value * 1e4));
}

size_t
pgb_values_text(const struct ingest *d, const long long *unit_id,
    const long long *ind_id, char *buf)
{
	size_t o = 0;
	int    n;

	for (n = 0; n < ING_BATCH; n++)
		o += (size_t) value_text(d, n, unit_id, ind_id, buf + o);
	return o;
}

/* Value n's revision row, or history line, as COPY text at p. */
static int
row_text(const struct pg_floor *f, const struct ingest *d, int t, int n,
    char *p)
{
	const Kinerja__IndicatorValue *v = &d->v[n];
	char                           text[16];

	if (t == P_REVISION)
		return snprintf(p, TEXT_MAX,
		    "%lld\t%lld\t%d\t%d\t0\t1\t%lld\t\\N\t%s\t%lld\t0\n",
		    f->unit_id[n / (ING_INDICATORS * ING_KINDS)],
		    f->ind_id[n / ING_KINDS % ING_INDICATORS], v->year,
		    (int) v->kind, llround(v->value * 1e4), f->request_id,
		    f->at_ms / 1000);
	ingest_value_text(v->value, text, sizeof(text));
	return snprintf(p, TEXT_MAX,
	    "%lld\tlocal\t%s\tSubmitIndicatorData\t%s\t%s\t%s\t%d\tvalue\t\\N"
	    "\t%s\t\n",
	    f->at_ms, f->request_id, ingest_kind_name(v->kind), v->unit,
	    v->indicator, v->year, text);
}

/* The call's rows as COPY text, before the clock starts (the raw COPY of
 * the values alone formats before its clock too). */
static void
floor_texts(struct pg_floor *f, const struct ingest *d)
{
	int t, n;

	f->len[P_VALUE] =
	    pgb_values_text(d, f->unit_id, f->ind_id, f->buf[P_VALUE]);
	for (t = P_REVISION; t < P_TABLES; t++)
		for (n = 0, f->len[t] = 0; n < ING_BATCH; n++)
			f->len[t] +=
			    (size_t) row_text(f, d, t, n, f->buf[t] + f->len[t]);
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
floor_batch(struct pg_floor *f)
{
	int t;

	if (pgb_run(f->c, "BEGIN") != 0)
		return -1;
	for (t = 0; t < P_TABLES; t++)
		if (pgb_copy_in(f->c, copy_sql[t], f->buf[t], f->len[t]) != 0)
			return -1;
	if (floor_call(f) != 0)
		return -1;
	return pgb_run(f->c, "COMMIT");
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
		f->at_ms = bench_unix_ms();
		floor_texts(f, d);
		t = bench_now_ns();
		if (floor_batch(f) != 0)
			return -1;
		total += bench_now_ns() - t;
	}
	return (double) calls * ING_BATCH / ((double) total / 1e9);
}

/*
 * Whether the floor's schema holds the rows kinerjad's does: as many
 * values, revisions and SubmitIndicatorData history lines, and none of
 * kinerjad's missing from the floor's (request ids and times aside, which
 * differ by nature). Both schemas are on one server.
 */
static int
same_rows(PGconn *c, const char *k, const char *f)
{
	static const char *const q[3][2] = {
		{ "SELECT unit_id, indicator_id, year, kind, period, value_e4,"
		  " predikat, revision, source FROM %s.indicator_values",
		    "" },
		{ "SELECT unit_id, indicator_id, year, kind, period, revision,"
		  " value_e4, predikat, source FROM %s.value_revisions",
		    "" },
		{ "SELECT actor, method, what, unit, indicator, year, field,"
		  " old, new, reason FROM %s.history",
		    " WHERE method = 'SubmitIndicatorData'" },
	};
	static const char *const what[3] = { "values", "revisions",
		"history lines" };
	char      a[SQL_MAX], b[SQL_MAX], sql[5 * SQL_MAX];
	PGresult *r;
	int       i, bad = 0;

	for (i = 0; i < 3; i++) {
		snprintf(a, sizeof(a), q[i][0], k);
		snprintf(b, sizeof(b), q[i][0], f);
		snprintf(sql, sizeof(sql),
		    "SELECT (SELECT count(*) FROM (%s%s) x),"
		    " (SELECT count(*) FROM (%s%s) y),"
		    " (SELECT count(*) FROM (%s%s EXCEPT ALL %s%s) z)",
		    a, q[i][1], b, q[i][1], a, q[i][1], b, q[i][1]);
		r = PQexec(c, sql);
		if (PQresultStatus(r) != PGRES_TUPLES_OK || PQntuples(r) != 1 ||
		    strcmp(PQgetvalue(r, 0, 0), PQgetvalue(r, 0, 1)) != 0 ||
		    strcmp(PQgetvalue(r, 0, 2), "0") != 0) {
			fprintf(stderr,
			    "the PostgreSQL floor wrote other %s than kinerjad: "
			    "%s/%s, %s of kinerjad's not in the floor's %s",
			    what[i],
			    PQntuples(r) == 1 ? PQgetvalue(r, 0, 1) : "?",
			    PQntuples(r) == 1 ? PQgetvalue(r, 0, 0) : "?",
			    PQntuples(r) == 1 ? PQgetvalue(r, 0, 2) : "?",
			    PQerrorMessage(c));
			fprintf(stderr, "\n");
			bad = 1;
		}
		PQclear(r);
	}
	return bad ? -1 : 0;
}

/* kinerjad's tables vacuumed and the server checkpointed, so that
 * neither comes during the floor's timed calls. */
static void
settle(PGconn *c, const char *url, const char *k)
{
	char sql[SQL_MAX];

	snprintf(sql, sizeof(sql),
	    "VACUUM (ANALYZE) %s.indicator_values, %s.value_revisions,"
	    " %s.history",
	    k, k, k);
	pgb_run(c, sql);
	pgb_checkpoint(url);
}

double
pgb_floor_run(const char *server, const char *kinerjad_schema,
    const char *floor_schema, struct ingest *d, int calls)
{
	struct pg_floor f = { 0 };
	char            url[1024];
	double          rate = -1;
	int             t;

	pgb_url(server, floor_schema, url, sizeof(url));
	if ((f.c = pgb_connect(url)) == NULL)
		return -1;
	f.rec = kinerjad_record(f.c, kinerjad_schema);
	for (t = 0; t < P_TABLES; t++)
		f.buf[t] = malloc((size_t) ING_BATCH * TEXT_MAX);
	if (f.rec != NULL && f.buf[0] && f.buf[1] && f.buf[2] &&
	    floor_ids(&f, d) == 0) {
		settle(f.c, url, kinerjad_schema);
		rate = floor_run(&f, d, calls);
	}
	if (rate > 0 && same_rows(f.c, kinerjad_schema, floor_schema) != 0)
		rate = -1;
	for (t = 0; t < P_TABLES; t++)
		free(f.buf[t]);
	PQclear(f.rec);
	PQfinish(f.c);
	return rate;
}
