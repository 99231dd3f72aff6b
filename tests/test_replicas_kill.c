/*
 * test_replicas_kill.c - issue #18: two kinerjad replicas on one
 * PostgreSQL database under a mixed load, every client given both
 * (tcp://127.0.0.1:A,tcp://127.0.0.1:B); mid-way one replica is killed
 * with SIGKILL and, a few seconds later, restarted on its port. No client
 * request may fail. Afterwards the database itself is read: every
 * acknowledged write is there exactly once (its value revision, its
 * history row, its replay record), none is there twice, nothing else is,
 * and each value is the last write to it.
 *
 *	test_replicas_kill KINERJAD
 *
 * Needs KINERJA_TEST_DB=postgresql://... (tests/pg_run.sh sets it);
 * without it the test is skipped (exit 77). KINERJA_REPLICAS_KILL_SECONDS
 * (default 60) is the length of the run; the kill comes at 40 % of it and
 * the restart KINERJA_REPLICAS_DOWN_SECONDS (default 5) later.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "kinerja/client.h"
#include "daemon.h"
#include "tap.h"
#include "seed.h"

#define WRITERS    4 /* threads writing, each its own indicator */
#define READERS    2 /* threads reading rankings and capaian */
#define UNITS      5
#define YEAR       2025
#define MAX_ERRORS 5 /* failures printed */

/* What the run is told and what it counts, shared by its threads. */
struct run {
	char         urls[300]; /* both replicas */
	atomic_int   stop;
	atomic_llong failed; /* calls that did not return OK */
	atomic_llong replayed; /* writes answered from a replay record */
	atomic_llong reads;
	atomic_llong stale; /* reads that missed the reader's last write */
	atomic_int   printed;
};

/* Writer t sets the target of indicator K00t in unit u(n % UNITS) to n
 * for n = 1, 2, ... under the request id "rk<t>-<n>", and reads it back. */
struct writer {
	pthread_t   thread;
	struct run *run;
	int         t;
	int         acked; /* writes 1..acked answered OK */
};

static void
failed(struct run *r, const char *what, int code, const kinerja_status *st)
{
	atomic_fetch_add(&r->failed, 1);
	if (atomic_fetch_add(&r->printed, 1) < MAX_ERRORS)
		printf("# %s: %s: %s\n", what, kinerja_code_name(code),
		    st->message);
}

static const char *
sasaran_of(int j)
{
	(void) j;
	return "Satu";
}

/* ------------------------------------------------------------- writers */

static int
write_value(struct writer *w, kinerja_client *c, int n, kinerja_status *st)
{
	Kinerja__SubmitIndicatorDataRequest req =
	    KINERJA__SUBMIT_INDICATOR_DATA_REQUEST__INIT;
	Kinerja__IndicatorValue  v = KINERJA__INDICATOR_VALUE__INIT;
	Kinerja__IndicatorValue *p = &v;
	Kinerja__WriteReply     *r;
	char                     unit[16], ind[16], id[32];
	int                      code;

	seed_code(unit, sizeof(unit), "u%d", n % UNITS);
	seed_code(ind, sizeof(ind), "K%03d", w->t);
	v.unit           = unit;
	v.indicator      = ind;
	v.year           = YEAR;
	v.kind           = KINERJA__VALUE_KIND__VALUE_KIND_TARGET;
	v.opt_value_case = KINERJA__INDICATOR_VALUE__OPT_VALUE_VALUE;
	v.value          = n;
	req.values       = &p;
	req.n_values     = 1;
	snprintf(id, sizeof(id), "rk%d-%d", w->t, n);
	code = kinerja_call(c, "SubmitIndicatorData", &req.base,
	    &kinerja__write_reply__descriptor, (ProtobufCMessage **) &r, id,
	    st);
	if (code == 0) {
		atomic_fetch_add(&w->run->replayed, r->replayed);
		kinerja__write_reply__free_unpacked(r, NULL);
	}
	return code;
}

/* The target of indicator K00t in unit u, or -1; the call's code. */
static int
read_target(
    kinerja_client *c, int u, int t, double *target, kinerja_status *st)
{
	char unit[16], ind[16];

	seed_code(unit, sizeof(unit), "u%d", u);
	seed_code(ind, sizeof(ind), "K%03d", t);
	return seed_target(c, unit, ind, YEAR, target, st);
}

static void *
writer_main(void *arg)
{
	struct writer  *w  = arg;
	struct run     *r  = w->run;
	kinerja_status  st = KINERJA_STATUS_INIT;
	kinerja_client *c;
	double          target;
	int             n, code;

	if (kinerja_open(&c, r->urls, &st) != 0) {
		failed(r, "open", -1, &st);
		return NULL;
	}
	for (n = 1; !atomic_load(&r->stop); n++) {
		if ((code = write_value(w, c, n, &st)) != 0) {
			failed(r, "SubmitIndicatorData", code, &st);
			break; /* n's fate is unknown: stop here */
		}
		w->acked = n;
		if ((code = read_target(c, n % UNITS, w->t, &target, &st)) !=
		    0) {
			failed(r, "GetCapaian", code, &st);
			continue;
		}
		atomic_fetch_add(&r->reads, 1);
		atomic_fetch_add(&r->stale, target != n);
	}
	kinerja_close(c);
	kinerja_status_clear(&st);
	return NULL;
}

/* ------------------------------------------------------------- readers */

static int
read_ranking(kinerja_client *c, int i, kinerja_status *st)
{
	Kinerja__GetRankingRequest req = KINERJA__GET_RANKING_REQUEST__INIT;
	Kinerja__GetRankingReply  *r;
	char                       ind[16];
	int                        code;

	seed_code(ind, sizeof(ind), "K%03d", i % WRITERS);
	req.year      = YEAR;
	req.region    = "kab";
	req.measure   = KINERJA__RANK_MEASURE__RANK_MEASURE_CAPAIAN;
	req.indicator = ind;
	if ((code = kinerja_get_ranking(c, &req, &r, st)) == 0)
		kinerja__get_ranking_reply__free_unpacked(r, NULL);
	return code;
}

/* Rankings and capaian, in turn, until stopped. */
static void *
reader_main(void *arg)
{
	struct run     *r  = arg;
	kinerja_status  st = KINERJA_STATUS_INIT;
	kinerja_client *c;
	double          target;
	int             i, code;

	if (kinerja_open(&c, r->urls, &st) != 0) {
		failed(r, "open", -1, &st);
		return NULL;
	}
	for (i = 0; !atomic_load(&r->stop); i++) {
		code = i % 2 ? read_ranking(c, i, &st)
		             : read_target(
		                   c, i % UNITS, i % WRITERS, &target, &st);
		if (code != 0)
			failed(
			    r, i % 2 ? "GetRanking" : "GetCapaian", code, &st);
		else
			atomic_fetch_add(&r->reads, 1);
	}
	kinerja_close(c);
	kinerja_status_clear(&st);
	return NULL;
}

/* ------------------------------------------------------ the database */

/* How often each write's request id occurs in one table. */
struct tally {
	int      *seen[WRITERS]; /* [t][n], n = 1..acked[t] */
	long long rows; /* rows of the test's request ids */
	long long unacked; /* of those, ids never acknowledged */
};

/* Counts the request ids "rk<t>-<n>" of sql's rows into y. */
static int
tally(PGconn *pg, const char *sql, const int *acked, struct tally *y)
{
	PGresult *res = PQexec(pg, sql);
	int       i, t, n;

	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		printf("# %s: %s", sql, PQerrorMessage(pg));
		PQclear(res);
		return -1;
	}
	for (t = 0; t < WRITERS; t++)
		y->seen[t] = calloc((size_t) acked[t] + 1, sizeof(int));
	for (i = 0; i < PQntuples(res); i++) {
		if (sscanf(PQgetvalue(res, i, 0), "rk%d-%d", &t, &n) != 2 ||
		    t < 0 || t >= WRITERS)
			continue;
		y->rows++;
		if (n >= 1 && n <= acked[t])
			y->seen[t][n]++;
		else
			y->unacked++;
	}
	PQclear(res);
	return 0;
}

/* Acknowledged writes of y missing and there more than once. */
static void
judge(const struct tally *y, const int *acked, long long *missing,
    long long *twice)
{
	int t, n;

	*missing = *twice = 0;
	for (t = 0; t < WRITERS; t++)
		for (n = 1; n <= acked[t]; n++) {
			*missing += y->seen[t][n] == 0;
			*twice += y->seen[t][n] > 1;
		}
}

static void
tally_free(struct tally *y)
{
	int t;

	for (t = 0; t < WRITERS; t++)
		free(y->seen[t]);
}

/* One table: each acknowledged write's row exactly once, nothing else. */
static void
check_table(PGconn *pg, const char *table, const int *acked, long long all)
{
	struct tally y       = { 0 };
	long long    missing = 0, twice = 0;
	char         sql[160], name[200];

	snprintf(sql, sizeof(sql),
	    "SELECT request_id FROM %s WHERE request_id LIKE 'rk%%'", table);
	if (tally(pg, sql, acked, &y) == 0)
		judge(&y, acked, &missing, &twice);
	printf("# %s: %lld rows, %lld writes missing, %lld there more than "
	       "once, %lld never acknowledged\n",
	    table, y.rows, missing, twice, y.unacked);
	snprintf(name, sizeof(name),
	    "%s: one row per acknowledged write (%lld), none missing, none "
	    "twice, none else",
	    table, all);
	ok(y.rows == all && missing == 0 && twice == 0 && y.unacked == 0,
	    name);
	tally_free(&y);
}

/* Each unit's target of K00t is writer t's last write to that unit. */
static void
check_values(PGconn *pg, const int *acked)
{
	PGresult *res;
	int       i, t, u, n, good = 1, rows = 0;
	char      sql[320];

	for (t = 0; t < WRITERS; t++) {
		snprintf(sql, sizeof(sql),
		    "SELECT substr(u.code, 2)::int, v.value_e4"
		    " FROM indicator_values v JOIN units u ON u.id = v.unit_id"
		    " JOIN indicators i ON i.id = v.indicator_id"
		    " WHERE i.code = 'K%03d' AND v.year = %d",
		    t, YEAR);
		res = PQexec(pg, sql);
		if (PQresultStatus(res) != PGRES_TUPLES_OK) {
			printf("# %s", PQerrorMessage(pg));
			good = 0;
		}
		for (i = 0; good && i < PQntuples(res); i++, rows++) {
			u = atoi(PQgetvalue(res, i, 0));
			/* the highest n <= acked with n % UNITS == u */
			n = acked[t] -
			    ((acked[t] - u) % UNITS + UNITS) % UNITS;
			if (atoll(PQgetvalue(res, i, 1)) !=
			    (long long) n * 10000) {
				printf("# K%03d u%d: %s, expected %d\n", t, u,
				    PQgetvalue(res, i, 1), n);
				good = 0;
			}
		}
		PQclear(res);
	}
	ok(good && rows == WRITERS * UNITS,
	    "every value is its writer's last acknowledged write");
}

static void
check_database(const char *target, const int *acked, long long all)
{
	PGconn *pg = PQconnectdb(target);

	if (PQstatus(pg) != CONNECTION_OK) {
		printf("# %s", PQerrorMessage(pg));
		ok(0, "the database can be read");
		PQfinish(pg);
		return;
	}
	check_table(pg, "value_revisions", acked, all);
	check_table(pg, "history", acked, all);
	check_table(pg, "requests", acked, all);
	check_values(pg, acked);
	PQfinish(pg);
}

/* ------------------------------------------------------------ the run */

static int
seed(const char *urls)
{
	const struct seed s  = { UNITS, "u%d", WRITERS, "K%03d", sasaran_of };
	kinerja_status    st = KINERJA_STATUS_INIT;
	kinerja_client   *c  = NULL;
	int               rc = kinerja_open(&c, urls, &st);

	if (rc == 0)
		rc = seed_registry(c, &s, &st);
	if (rc != 0)
		printf("# seed: %s\n", st.message);
	kinerja_close(c);
	kinerja_status_clear(&st);
	return rc;
}

static int
env_seconds(const char *name, int def)
{
	const char *v = getenv(name);
	long        n = v != NULL ? strtol(v, NULL, 10) : 0;

	return n >= 1 && n <= 3600 ? (int) n : def;
}

/* The load for run_s seconds; replica k is killed at 40 % and restarted
 * down_s later. Returns whether the restart worked. */
static int
load(struct run *r, struct writer *w, struct daemon *k, int run_s, int down_s)
{
	pthread_t readers[READERS];
	long long t0 = daemon_now_ms();
	int       i, restarted;

	for (i = 0; i < WRITERS; i++) {
		w[i].run = r, w[i].t = i;
		pthread_create(&w[i].thread, NULL, writer_main, &w[i]);
	}
	for (i = 0; i < READERS; i++)
		pthread_create(&readers[i], NULL, reader_main, r);
	daemon_sleep_ms(run_s * 400L);
	daemon_kill(k);
	printf("# %.1f s: replica %s killed with SIGKILL\n",
	    (daemon_now_ms() - t0) / 1000.0, k->url);
	daemon_sleep_ms(down_s * 1000L);
	restarted = daemon_start(k, NULL) == 0;
	printf("# %.1f s: replica %s restarted%s\n",
	    (daemon_now_ms() - t0) / 1000.0, k->url,
	    restarted ? "" : " - FAILED");
	while (daemon_now_ms() - t0 < run_s * 1000LL)
		daemon_sleep_ms(100);
	atomic_store(&r->stop, 1);
	for (i = 0; i < WRITERS; i++)
		pthread_join(w[i].thread, NULL);
	for (i = 0; i < READERS; i++)
		pthread_join(readers[i], NULL);
	return restarted;
}

int
main(int argc, char **argv)
{
	static struct run r;
	struct writer     w[WRITERS] = { 0 };
	struct daemon     a, b;
	int               acked[WRITERS], i, restarted, run_s, down_s;
	long long         all = 0;

	if (argc != 2) {
		fprintf(stderr, "usage: test_replicas_kill KINERJAD\n");
		return 2;
	}
	if (!daemon_on_pg()) {
		printf("no KINERJA_TEST_DB=postgresql://...: skipped\n");
		return 77;
	}
	run_s  = env_seconds("KINERJA_REPLICAS_KILL_SECONDS", 60);
	down_s = env_seconds("KINERJA_REPLICAS_DOWN_SECONDS", 5);
	if (daemon_init(&a, argv[1], "rk-a") != 0 ||
	    daemon_init(&b, argv[1], "rk-b") != 0)
		return 1;
	daemon_share_db(&b, &a);
	snprintf(
	    a.url, sizeof(a.url), "tcp://127.0.0.1:%d", daemon_free_port());
	snprintf(
	    b.url, sizeof(b.url), "tcp://127.0.0.1:%d", daemon_free_port());
	snprintf(r.urls, sizeof(r.urls), "%s,%s", a.url, b.url);
	if (daemon_start(&a, NULL) != 0 || daemon_start(&b, NULL) != 0 ||
	    seed(r.urls) != 0) {
		printf("Bail out! the replicas did not start (%s, %s)\n",
		    a.log, b.log);
		daemon_cleanup(&a), daemon_cleanup(&b);
		return 1;
	}
	printf("# %d s: %d writers, %d readers on %s\n", run_s, WRITERS,
	    READERS, r.urls);
	restarted = load(&r, w, &a, run_s, down_s);
	for (i = 0; i < WRITERS; i++)
		all += acked[i] = w[i].acked;
	printf("test_replicas_kill: %d s, 2 replicas, 1 kill: %lld writes "
	       "acknowledged (%lld answered from a replay record), %lld "
	       "reads, %lld failed, %lld stale\n",
	    run_s, all, (long long) atomic_load(&r.replayed),
	    (long long) atomic_load(&r.reads),
	    (long long) atomic_load(&r.failed),
	    (long long) atomic_load(&r.stale));
	ok(restarted, "the killed replica restarted on its port");
	ok(atomic_load(&r.failed) == 0 && all > 0 && atomic_load(&r.reads) > 0,
	    "no client request failed");
	ok(atomic_load(&r.stale) == 0,
	    "every read saw the writer's last acknowledged write");
	check_database(a.db, acked, all);
	ok(daemon_stop(&a) == 0 && daemon_stop(&b) == 0,
	    "both replicas stop cleanly (exit status 0)");
	printf("%s\n", failures ? "FAILED" : "all passed");
	if (failures)
		printf("# logs: %s %s\n", a.log, b.log);
	else
		daemon_cleanup(&b), daemon_cleanup(&a);
	return failures != 0;
}
