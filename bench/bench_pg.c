/*
 * bench_pg.c - kinerja on PostgreSQL (issues 18 and 19): the ingest of
 * bench_ingest against a raw COPY of the same rows through libpq on the
 * same server, with SQLite's figure beside it; the national ranking of
 * bench_national; one against two kinerjad replicas on one database for
 * reads; and the roll-up of a kabupaten of 500 units. The server is the
 * one in KINERJA_BENCH_PG (bench/run.sh starts one); each workload gets a
 * schema of its own, dropped at the end.
 */
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "common.h"
#include "national_gen.h"
#include "pg_common.h"

#define URL_MAX   512
#define NAT_FIRST 2016
#define READERS   8 /* client threads in the replica test */

struct run {
	struct bench_opts o;
	const char       *pg; /* the server's URL */
	int               calls; /* ingest calls of 10 000 values */
	int               reads; /* latency samples per query */
	int               rollups; /* roll-up samples */
	int               years; /* of the national data set */
	double            secs; /* of each replica round */
};

/* A kinerjad on db (a path or a postgresql:// URL), or exits. */
static void
start(struct bench_server *s, const struct run *r, const char *db)
{
	const char *const extra[] = { "--db", db, NULL };

	if (bench_server_start_with(s, &r->o, "8", db ? extra : NULL) != 0)
		exit(1);
}

/* ------------------------------------------------------------ ingest */

struct ingest_result {
	double rate; /* values/s */
	double bytes_per_value; /* the database over the values stored */
	double values; /* stored */
	double roll_p50, roll_p99; /* ms, GetCapaian of "kab" */
};

static double
submit_years(kinerja_client *c, struct ingest *d, int calls)
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
	return (double) calls * ING_BATCH / ((double) total / 1e9);
}

static void
run_ingest(const struct run *r, const char *db, struct ingest_result *out)
{
	struct bench_server s;
	struct ingest      *d = calloc(1, sizeof(*d));
	kinerja_client     *c;

	if (d == NULL)
		exit(1);
	start(&s, r, db);
	c = bench_connect(&s);
	kinerja_set_timeout(c, 300000);
	ingest_registry(c, d);
	out->rate            = submit_years(c, d, r->calls);
	out->values          = (double) r->calls * ING_BATCH;
	out->bytes_per_value = (double) bench_db_bytes(c) / out->values;
	ingest_links(c, d);
	ingest_rollup(c, r->rollups, 0, &out->roll_p50, &out->roll_p99);
	kinerja_close(c);
	bench_server_stop(&s);
	free(d);
}

/* ------------------------------------------------ raw COPY baseline */

/* The table as kinerjad's PostgreSQL schema has it: key and index. */
static const char raw_schema[] =
    "CREATE TABLE raw_values (unit_id bigint NOT NULL,"
    "  indicator_id bigint NOT NULL, year integer NOT NULL,"
    "  kind integer NOT NULL, period integer NOT NULL DEFAULT 0,"
    "  value_e4 bigint, predikat integer, revision integer NOT NULL,"
    "  source integer NOT NULL DEFAULT 0,"
    "  PRIMARY KEY (unit_id, indicator_id, year, kind, period));"
    "CREATE INDEX raw_by_indicator ON raw_values (indicator_id, year,"
    "  kind, period, unit_id, value_e4, predikat, revision)";

/* A batch of the values alone: ids by position, as the baseline resolves
 * no codes (bench_ingest's does not either), its text made before the
 * clock starts, as the floor's is. */
static double
run_copy(const char *url, int calls, double *bytes_per_value)
{
	long long      unit[ING_UNITS], ind[ING_INDICATORS];
	char          *buf = malloc((size_t) ING_BATCH * 160);
	struct ingest *d   = calloc(1, sizeof(*d));
	PGconn        *c   = pgb_connect(url);
	uint64_t       t, total = 0;
	double         rate = -1;
	size_t         n;
	int            y;

	for (y = 0; y < ING_UNITS; y++)
		unit[y] = y;
	for (y = 0; y < ING_INDICATORS; y++)
		ind[y] = y;
	if (buf == NULL || d == NULL || c == NULL ||
	    pgb_run(c, raw_schema) != 0)
		goto out;
	pgb_checkpoint(url);
	for (y = 0; y < calls; y++) {
		ingest_fill(d, ING_FIRST_YEAR + y);
		n = pgb_values_text(d, unit, ind, buf);
		t = bench_now_ns();
		if (pgb_run(c, "BEGIN") != 0 ||
		    pgb_copy_in(c, "COPY raw_values FROM STDIN", buf, n) != 0 ||
		    pgb_run(c, "COMMIT") != 0)
			goto out;
		total += bench_now_ns() - t;
	}
	rate = (double) calls * ING_BATCH / ((double) total / 1e9);
	if (pgb_run(c, "ANALYZE raw_values") == 0) {
		PGresult *res = PQexec(c, "SELECT pg_total_relation_size("
		                          "'raw_values')");

		if (PQresultStatus(res) == PGRES_TUPLES_OK)
			*bytes_per_value =
			    strtod(PQgetvalue(res, 0, 0), NULL) /
			    (calls * ING_BATCH);
		PQclear(res);
	}
out:
	PQfinish(c);
	free(buf);
	free(d);
	return rate;
}

/* The floor's schema: kinerjad makes it and loads d's registry, as it
 * does before its own timed calls. */
static void
floor_registry(const struct run *r, const char *url, struct ingest *d)
{
	struct bench_server s;
	kinerja_client     *c;

	start(&s, r, url);
	c = bench_connect(&s);
	ingest_registry(c, d);
	kinerja_close(c);
	bench_server_stop(&s);
}

static void
ingest_rows(const struct run *r)
{
	struct ingest_result pg = { 0 }, lite = { 0 };
	struct ingest       *d = calloc(1, sizeof(*d));
	char                 url[URL_MAX], furl[URL_MAX], a[96], b[96];
	double               raw, rows, raw_bpv = 0;

	if (d == NULL ||
	    pgb_schema(r->pg, "bench_ingest", url, sizeof(url)) != 0 ||
	    pgb_schema(r->pg, "bench_floor", furl, sizeof(furl)) != 0)
		exit(1);
	floor_registry(r, furl, d);
	pgb_checkpoint(r->pg);
	run_ingest(r, url, &pg);
	pg.bytes_per_value =
	    pgb_schema_bytes(r->pg, "bench_ingest") / pg.values;
	rows = pgb_floor_run(r->pg, "bench_ingest", "bench_floor", d, r->calls);
	pgb_drop(r->pg, "bench_floor");
	pgb_drop(r->pg, "bench_ingest");
	free(d);
	if (pgb_schema(r->pg, "bench_raw", url, sizeof(url)) != 0)
		exit(1);
	raw = run_copy(url, r->calls, &raw_bpv);
	pgb_drop(r->pg, "bench_raw");
	run_ingest(r, NULL, &lite);
	if (raw <= 0 || rows <= 0)
		exit(1);
	printf("Ingest on PostgreSQL: %d calls of %d values; kinerja %.0f "
	       "values/s, raw COPY of kinerjad's rows %.0f values/s, raw COPY "
	       "of the values alone %.0f values/s; kinerja on SQLite %.0f "
	       "values/s\n",
	    r->calls, ING_BATCH, pg.rate, rows, raw, lite.rate);
	printf("Bytes per value (kinerja's tables and indexes over values, "
	       "sasaran and history included): PostgreSQL "
	       "%.0f, SQLite %.0f; raw table and index alone %.0f\n",
	    pg.bytes_per_value, lite.bytes_per_value, raw_bpv);
	snprintf(a, sizeof(a), "%.0f values/s", pg.rate);
	snprintf(b, sizeof(b), "%.0f values/s (raw COPY)", rows);
	bench_row("PG: SubmitIndicatorData, 10k values/call, vs raw COPY of "
	          "the rows it writes (values, revisions, history, replay)",
	    a, b, pg.rate / rows, 0.5, 1, ">= 0.50x");
	snprintf(b, sizeof(b), "%.0f values/s (raw COPY)", raw);
	bench_row("PG: SubmitIndicatorData vs raw COPY of the values alone", a,
	    b, pg.rate / raw, 0, 1, NULL);
	snprintf(b, sizeof(b), "%.0f values/s (kinerja on SQLite)", lite.rate);
	bench_row("PG: ingest beside SQLite", a, b, pg.rate / lite.rate, 0, 1,
	    NULL);
	snprintf(a, sizeof(a), "%.0f B (PG) / %.0f B (SQLite)",
	    pg.bytes_per_value, lite.bytes_per_value);
	bench_row("Database bytes per value stored", a, "-", -1, 0, 0, NULL);
	snprintf(a, sizeof(a), "p50 %.2f ms, p99 %.2f ms", pg.roll_p50,
	    pg.roll_p99);
	snprintf(b, sizeof(b), "SQLite p50 %.2f ms, p99 %.2f ms",
	    lite.roll_p50, lite.roll_p99);
	bench_row_abs("PG: roll-up of 500 units (GetCapaian) p99", a,
	    pg.roll_p99, 5, "<= 5 ms");
	bench_row("SQLite: roll-up of 500 units, beside PG", b, "-", -1, 0,
	    0, NULL);
}

/* ---------------------------------------------------------- national */

/* No region and no units: every kecamatan is ranked by indicator i in
 * year y; limit 0 sends every row, N the first N. */
static size_t
rank_at(kinerja_client *c, const struct national *n, int i, int y,
    uint32_t limit)
{
	Kinerja__GetRankingRequest req = KINERJA__GET_RANKING_REQUEST__INIT;
	Kinerja__GetRankingReply  *rep;
	kinerja_status             st = KINERJA_STATUS_INIT;
	size_t                     rows;

	req.year      = n->first_year + y;
	req.measure   = KINERJA__RANK_MEASURE__RANK_MEASURE_REALISASI;
	req.indicator = (char *) n->ind_code[i];
	req.limit     = limit;
	bench_check(kinerja_get_ranking(c, &req, &rep, &st), &st, "GetRanking");
	rows = rep->n_rows;
	kinerja__get_ranking_reply__free_unpacked(rep, NULL);
	kinerja_status_clear(&st);
	return rows;
}

static size_t
ranking_of(kinerja_client *c, const struct national *n, uint32_t limit)
{
	int i = rand() % NAT_INDICATORS;

	return rank_at(c, n, i, rand() % n->years, limit);
}

/* kinerjad keeps a ranking until the next write: every indicator-year is
 * ranked once before the timed calls, as bench_national does. */
static void
warm_rankings(kinerja_client *c, const struct national *n)
{
	int i, y;

	for (i = 0; i < NAT_INDICATORS; i++)
		for (y = 0; y < n->years; y++)
			rank_at(c, n, i, y, 0);
}

static size_t
ranking(kinerja_client *c, const struct national *n)
{
	return ranking_of(c, n, 0);
}

static size_t
ranking_top(kinerja_client *c, const struct national *n)
{
	return ranking_of(c, n, 10);
}

/* p50 and p99 of calls of f (ms), after one to warm up. */
static void
latency(kinerja_client *c, const struct national *n, int calls,
    size_t (*f)(kinerja_client *, const struct national *), double *p)
{
	double  *lat = calloc((size_t) calls, sizeof(*lat));
	uint64_t t;
	int      i;

	if (lat == NULL)
		exit(1);
	f(c, n);
	for (i = 0; i < calls; i++) {
		t = bench_now_ns();
		f(c, n);
		lat[i] = bench_ms(bench_now_ns() - t);
	}
	p[0] = bench_percentile(lat, (size_t) calls, 50);
	p[1] = bench_percentile(lat, (size_t) calls, 99);
	free(lat);
}

static void
ranking_rows(kinerja_client *c, const struct national *n, int calls)
{
	double e2e[2], top[2], w3;
	size_t rows = ranking(c, n);
	char   a[128];

	srand(7);
	warm_rankings(c, n);
	latency(c, n, calls, ranking, e2e);
	/* Read before the limit calls, so that the share is of whole
	 * rankings; 3 ms is one of GetMetrics' bounds, so it is exact. */
	w3 = bench_share_within(c, "GetRanking", 3);
	latency(c, n, calls, ranking_top, top);
	printf("GetRanking on PostgreSQL (%zu rows): p50 %.2f ms p99 %.2f ms "
	       "end to end; in kinerjad %.0f %% within 3 ms\n",
	    rows, e2e[0], e2e[1], w3);
	snprintf(a, sizeof(a), "%.0f %% of calls within 3 ms", w3);
	bench_row_abs("PG: GetRanking p50 in the service (7300 units)", a,
	    100 - w3, 50, "<= 3 ms");
	snprintf(a, sizeof(a), "%.2f ms", e2e[1]);
	bench_row_abs("PG: GetRanking p99 end to end (7300 units)", a, e2e[1],
	    6, "<= 6 ms");
	snprintf(a, sizeof(a), "p50 %.2f ms, p99 %.2f ms", top[0], top[1]);
	bench_row_abs("PG: GetRanking limit 10 p99 end to end (7300 units)", a,
	    top[1], 1, "<= 1 ms");
}

/* ---------------------------------------------------------- replicas */

struct reader {
	const char            *urls;
	const struct national *n;
	double                 secs;
	unsigned               seed;
	long                   calls;
};

/* A typical read: one kecamatan's capaian for a year. */
static void *
read_loop(void *arg)
{
	struct reader             *r = arg;
	Kinerja__GetCapaianRequest req = KINERJA__GET_CAPAIAN_REQUEST__INIT;
	Kinerja__GetCapaianReply  *rep;
	kinerja_status             st = KINERJA_STATUS_INIT;
	kinerja_client            *c;
	uint64_t                   end;

	if (kinerja_open(&c, r->urls, &st) != 0)
		bench_check(KINERJA__CODE__UNAVAILABLE, &st, "open");
	end = bench_now_ns() + (uint64_t) (r->secs * 1e9);
	while (bench_now_ns() < end) {
		req.unit = (char *) national_kecamatan(
		    r->n, (int) (rand_r(&r->seed) % NAT_KECAMATAN));
		req.year = r->n->first_year + (int) (rand_r(&r->seed) %
		                                     (unsigned) r->n->years);
		bench_check(kinerja_get_capaian(c, &req, &rep, &st), &st,
		    "GetCapaian");
		kinerja__get_capaian_reply__free_unpacked(rep, NULL);
		r->calls++;
	}
	kinerja_status_clear(&st);
	kinerja_close(c);
	return NULL;
}

static double
reads(const char *urls, const struct national *n, double secs)
{
	pthread_t     t[READERS];
	struct reader r[READERS];
	long          total = 0;
	int           i;

	for (i = 0; i < READERS; i++) {
		r[i] = (struct reader) { urls, n, secs, (unsigned) i + 1, 0 };
		if (pthread_create(&t[i], NULL, read_loop, &r[i]) != 0)
			exit(1);
	}
	for (i = 0; i < READERS; i++) {
		pthread_join(t[i], NULL);
		total += r[i].calls;
	}
	return (double) total / secs;
}

#define ROUNDS 3

static void
replica_rows(const struct run *r, const char *db, const struct national *n,
    const struct bench_server *a)
{
	struct bench_server b;
	char                both[2 * sizeof(a->url) + 2], x[64], y[64];
	double              one[ROUNDS], two[ROUNDS], r1, r2;
	int                 i;

	start(&b, r, db);
	snprintf(both, sizeof(both), "%s,%s", a->url, b.url);
	for (i = 0; i < ROUNDS; i++) { /* alternating: load drifts */
		one[i] = reads(a->url, n, r->secs);
		two[i] = reads(both, n, r->secs);
	}
	bench_server_stop(&b);
	r1 = bench_percentile(one, ROUNDS, 50);
	r2 = bench_percentile(two, ROUNDS, 50);
	printf("Reads (GetCapaian, %d client threads, median of %d rounds "
	       "of %.0f s): one replica %.0f calls/s, two %.0f calls/s\n",
	    READERS, ROUNDS, r->secs, r1, r2);
	snprintf(x, sizeof(x), "%.0f calls/s (2 replicas)", r2);
	snprintf(y, sizeof(y), "%.0f calls/s (1 replica)", r1);
	bench_row("PG: reads, two replicas vs one (8 clients)", x, y, r2 / r1,
	    0, 1, NULL);
}

static void
national_rows(const struct run *r)
{
	struct bench_server s;
	struct national     n;
	kinerja_client     *c;
	char                url[URL_MAX], a[96];
	uint64_t            t;
	double              secs;

	if (national_gen(&n, NAT_FIRST, r->years) != 0 ||
	    pgb_schema(r->pg, "bench_national", url, sizeof(url)) != 0)
		exit(1);
	start(&s, r, url);
	c = bench_connect(&s);
	kinerja_set_timeout(c, 300000);
	t = bench_now_ns();
	national_load(c, &n);
	secs = (double) (bench_now_ns() - t) / 1e9;
	printf("National on PostgreSQL: %d units, %d years, %zu values "
	       "loaded in %.1f s; schema %.1f MB (%.0f B a value)\n",
	    NAT_UNITS, n.years, national_nvalues(&n), secs,
	    pgb_schema_bytes(r->pg, "bench_national") / 1e6,
	    pgb_schema_bytes(r->pg, "bench_national") /
	        (double) national_nvalues(&n));
	snprintf(a, sizeof(a), "%.1f s (%.0f values/s)", secs,
	    (double) national_nvalues(&n) / secs);
	bench_row("PG: national load via RPCs", a, "-", -1, 0, 0, NULL);
	ranking_rows(c, &n, r->reads);
	kinerja_close(c);
	replica_rows(r, url, &n, &s);
	bench_server_stop(&s);
	pgb_drop(r->pg, "bench_national");
	national_free(&n);
}

int
main(int argc, char **argv)
{
	struct run  r;
	const char *y    = getenv("BENCH_PG_YEARS");
	const char *only = getenv("BENCH_PG_ONLY");
	char        fsync[16], sync[16];

	if (bench_parse(argc, argv, &r.o) != 0)
		return 2;
	if ((r.pg = getenv("KINERJA_BENCH_PG")) == NULL || *r.pg == 0) {
		printf("no KINERJA_BENCH_PG: PostgreSQL benchmarks skipped\n");
		return 0;
	}
	r.calls = r.o.quick ? 3 : 10;
	r.reads   = r.o.quick ? 50 : 200;
	r.rollups = r.o.quick ? 20 : 200; /* as bench_rollup: a p99 of 50
	                                     was their slowest */
	r.years = y ? atoi(y) : r.o.quick ? 2 : 10;
	r.secs  = r.o.quick ? 1 : 3;
	if (r.years < 1)
		r.years = 1;
	pgb_setting(r.pg, "fsync", fsync, sizeof(fsync));
	pgb_setting(r.pg, "synchronous_commit", sync, sizeof(sync));
	printf("PostgreSQL %s: fsync=%s synchronous_commit=%s\n",
	    PQlibVersion() >= 150000 ? "(libpq 15+)" : "", fsync, sync);
	/* BENCH_PG_ONLY=ingest or national runs one half. */
	if (only == NULL || strcmp(only, "national") != 0)
		ingest_rows(&r);
	if (only == NULL || strcmp(only, "ingest") != 0)
		national_rows(&r);
	return 0;
}
