/*
 * test_crash.c - kinerjad killed with SIGKILL while a client submits
 * batches, again and again. After each restart the database must pass
 * PRAGMA integrity_check, every acknowledged batch must be there in full,
 * and no batch may be there in part.
 *
 *	test_crash KINERJAD                     the test
 *	test_crash --submit URL UNIT            the client it runs
 *
 * The client is a process of its own, so that it can be killed with the
 * server: it writes "S b" before it sends batch b and "A b" once kinerjad
 * acknowledged it, and nothing is trusted that it had not written. With
 * KINERJA_TEST_DB=postgresql://... kinerjad runs on PostgreSQL (a schema of
 * its own, daemon.c) and the batches are counted there; the integrity
 * check is SQLite's only (PostgreSQL has none built in). Batch b
 * of an iteration writes the value b + 1 for every indicator of the
 * iteration's unit in year 1900 + b, under the request id "UNIT-b".
 * KINERJA_CRASH_ITERATIONS (default 50), KINERJA_CRASH_SEED and
 * KINERJA_CRASH_KILL_MS (default 150, on PostgreSQL 1000) change the run.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <libpq-fe.h>
#include <sqlite3.h>
#include <sys/wait.h>

#include "kinerja/client.h"
#include "daemon.h"
#include "seed.h"

#define ITEMS     200 /* values per batch */
#define BATCHES   300 /* per iteration: the years 1900-2199 */
#define MAX_UNITS 1000
#define KILL_MS   150 /* kills come up to this long after the first send */
/* On PostgreSQL a batch (a round trip per statement) takes some 400 ms,
 * not a few: in a longer window some batches are still acknowledged
 * before the kill, as on SQLite. */
#define KILL_MS_PG 1000

/* What the client wrote before it was killed. */
struct trace {
	int sent[BATCHES]; /* "S b" seen */
	int acked[BATCHES]; /* "A b" seen */
	int last; /* highest b sent; -1: none */
};

/* Totals over the run, printed at the end. */
struct totals {
	int iterations;
	int sent, acked;
	int in_flight; /* kills while a batch awaited its reply */
	int present_unacked; /* of those, committed before the kill */
};

static unsigned long long rng_state; /* xorshift64; set from the seed */
static unsigned           kill_ms; /* KILL_MS or KILL_MS_PG */

static unsigned
rng(unsigned below)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (unsigned) (rng_state % below);
}

/* ------------------------------------------------------------ client */

static int
submit_batch(kinerja_client *c, const char *unit, int b, kinerja_status *st)
{
	Kinerja__SubmitIndicatorDataRequest req =
	    KINERJA__SUBMIT_INDICATOR_DATA_REQUEST__INIT;
	Kinerja__IndicatorValue  v[ITEMS];
	Kinerja__IndicatorValue *p[ITEMS];
	Kinerja__WriteReply     *r;
	char                     codes[ITEMS][8], id[64];
	int                      i, code;

	for (i = 0; i < ITEMS; i++) {
		kinerja__indicator_value__init(&v[i]);
		snprintf(codes[i], sizeof(codes[i]), "K%03d", i);
		v[i].unit      = (char *) unit;
		v[i].indicator = codes[i];
		v[i].year      = 1900 + b;
		v[i].kind      = KINERJA__VALUE_KIND__VALUE_KIND_TARGET;
		v[i].opt_value_case =
		    KINERJA__INDICATOR_VALUE__OPT_VALUE_VALUE;
		v[i].value = b + 1;
		p[i]       = &v[i];
	}
	req.values   = p;
	req.n_values = ITEMS;
	snprintf(id, sizeof(id), "%s-%d", unit, b);
	code = kinerja_call(c, "SubmitIndicatorData", &req.base,
	    &kinerja__write_reply__descriptor, (ProtobufCMessage **) &r, id,
	    st);
	if (code != 0)
		return code;
	if (r->created != ITEMS) {
		snprintf(st->message, sizeof(st->message),
		    "created %u of %d values", r->created, ITEMS);
		code = -1;
	}
	kinerja__write_reply__free_unpacked(r, NULL);
	return code;
}

/* Submits the batches of one unit until killed. */
static int
client_main(const char *url, const char *unit)
{
	kinerja_client *c;
	kinerja_status  st = KINERJA_STATUS_INIT;
	int             b, code;

	setvbuf(stdout, NULL, _IONBF, 0);
	if (kinerja_open(&c, url, &st) != 0) {
		printf("F %lld %s\n", daemon_now_ms(), st.message);
		return 1;
	}
	for (b = 0; b < BATCHES; b++) {
		printf("S %d\n", b);
		if ((code = submit_batch(c, unit, b, &st)) != 0) {
			printf("F %lld batch %d: %s: %s\n", daemon_now_ms(), b,
			    kinerja_code_name(code), st.message);
			return 1;
		}
		printf("A %d\n", b);
	}
	kinerja_close(c);
	kinerja_status_clear(&st);
	pause(); /* the batches ran out first: wait for the kill */
	return 0;
}

/* ----------------------------------------------------------- the test */

/* The database verify() reads: SQLite's file or a PostgreSQL schema. */
struct vdb {
	sqlite3 *lite;
	PGconn  *pg;
};

static int
check(sqlite3 *db, int rc, const char *what)
{
	if (rc != SQLITE_OK && rc != SQLITE_ROW && rc != SQLITE_DONE) {
		fprintf(stderr, "sqlite: %s: %s\n", what, sqlite3_errmsg(db));
		return -1;
	}
	return 0;
}

/* count() on PostgreSQL: the same query with $n for ?n, typed
 * parameters (text, int4, text, int8) since one query leaves some out. */
static long long
pg_count(PGconn *pg, const char *sql, const char *unit, int b, const char *id)
{
	static const Oid types[] = { 25, 23, 25, 20 };
	char             year[16], e4[24], q[512];
	const char      *values[] = { unit, year, id, e4 };
	PGresult        *r;
	long long        n = -1;
	size_t           i;

	snprintf(q, sizeof(q), "%s", sql);
	for (i = 0; q[i]; i++)
		if (q[i] == '?')
			q[i] = '$';
	snprintf(year, sizeof(year), "%d", 1900 + b);
	snprintf(e4, sizeof(e4), "%lld", (long long) (b + 1) * 10000);
	r = PQexecParams(pg, q, 4, types, values, NULL, NULL, 0);
	if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1)
		n = atoll(PQgetvalue(r, 0, 0));
	else
		fprintf(stderr, "postgresql: %s: %s\n", q, PQerrorMessage(pg));
	PQclear(r);
	return n;
}

/* The number the query gives for ?1 = unit, ?2 = year, ?3 = request id,
 * ?4 = value_e4; -1 on an error. */
static long long
count(struct vdb *v, const char *sql, const char *unit, int b)
{
	sqlite3      *db = v->lite;
	sqlite3_stmt *s;
	long long     n = -1;
	char          id[64];

	snprintf(id, sizeof(id), "%s-%d", unit, b);
	if (v->pg != NULL)
		return pg_count(v->pg, sql, unit, b, id);
	if (check(db, sqlite3_prepare_v2(db, sql, -1, &s, NULL), sql) != 0)
		return -1;
	sqlite3_bind_text(s, 1, unit, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(s, 2, 1900 + b);
	sqlite3_bind_text(s, 3, id, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(s, 4, (long long) (b + 1) * 10000);
	if (sqlite3_step(s) == SQLITE_ROW)
		n = sqlite3_column_int64(s, 0);
	else
		check(db, SQLITE_ERROR, sql);
	sqlite3_finalize(s);
	return n;
}

static int
integrity_ok(sqlite3 *db)
{
	sqlite3_stmt *s;
	int           ok = 0;

	if (check(db,
	        sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &s, NULL),
	        "integrity_check") != 0)
		return 0;
	if (sqlite3_step(s) == SQLITE_ROW) {
		const char *r = (const char *) sqlite3_column_text(s, 0);

		ok = r != NULL && strcmp(r, "ok") == 0;
		if (!ok)
			fprintf(stderr, "integrity_check: %s\n", r ? r : "?");
	}
	sqlite3_finalize(s);
	return ok;
}

static int
vdb_open(struct vdb *v, const char *target)
{
	if (daemon_on_pg()) {
		v->pg = PQconnectdb(target);
		if (PQstatus(v->pg) == CONNECTION_OK)
			return 0;
		fprintf(stderr, "%s\n", PQerrorMessage(v->pg));
		PQfinish(v->pg);
		return -1;
	}
	if (sqlite3_open_v2(target, &v->lite, SQLITE_OPEN_READONLY, NULL) !=
	    SQLITE_OK) {
		fprintf(
		    stderr, "open %s: %s\n", target, sqlite3_errmsg(v->lite));
		sqlite3_close(v->lite);
		return -1;
	}
	sqlite3_busy_timeout(v->lite, 5000);
	return 0;
}

/*
 * A batch is there in full when its values, their revisions and its
 * replay record all are, and absent when none is; an acknowledged batch
 * must be there. Nothing else may be under the unit.
 */
static int
verify(const char *path, const char *unit, const struct trace *t,
    struct totals *tot)
{
	/* ?1 unit, ?2 year, ?3 request id, ?4 value_e4 */
	static const char *const sql[] = {
		"SELECT count(*) FROM indicator_values v JOIN units u"
		" ON u.id = v.unit_id"
		" WHERE u.code = ?1 AND v.year = ?2 AND v.value_e4 = ?4",
		"SELECT count(*) FROM value_revisions r JOIN units u"
		" ON u.id = r.unit_id WHERE u.code = ?1 AND r.year = ?2"
		" AND r.request_id = ?3 AND r.value_e4 = ?4",
		"SELECT count(*) FROM requests WHERE request_id = ?3",
		"SELECT count(*) FROM indicator_values v JOIN units u"
		" ON u.id = v.unit_id WHERE u.code = ?1",
	};
	struct vdb db = { 0 };
	long long  n[3], all, present = 0;
	int        b, j, bad          = 0;

	if (vdb_open(&db, path) != 0)
		return -1;
	if (db.lite != NULL && !integrity_ok(db.lite))
		bad = 1;
	for (b = 0; !bad && b < BATCHES; b++) {
		for (j = 0; j < 3; j++)
			n[j] = count(&db, sql[j], unit, b);
		if (n[0] == ITEMS && n[1] == ITEMS && n[2] == 1) {
			present++;
			if (!t->acked[b])
				tot->present_unacked++;
		} else if (n[0] != 0 || n[1] != 0 || n[2] != 0) {
			fprintf(stderr,
			    "%s batch %d partly present: %lld values, %lld "
			    "revisions, %lld replay records\n",
			    unit, b, n[0], n[1], n[2]);
			bad = 1;
		} else if (t->acked[b]) {
			fprintf(stderr,
			    "%s batch %d acknowledged but absent\n", unit, b);
			bad = 1;
		}
		if (b > t->last)
			break; /* the next one was never sent */
	}
	all = count(&db, sql[3], unit, 0);
	if (!bad && all != present * ITEMS) {
		fprintf(stderr, "%s: %lld values, expected %lld\n", unit, all,
		    present * ITEMS);
		bad = 1;
	}
	sqlite3_close(db.lite);
	PQfinish(db.pg);
	return bad ? -1 : 0;
}

/* Reads the client's lines into t; -1 when it reported a failure before
 * the kill (after it, the client only saw kinerjad die). */
static int
read_trace(FILE *in, long long killed_ms, struct trace *t)
{
	char      line[640];
	long long ms;
	int       b, rc = 0;

	while (fgets(line, sizeof(line), in) != NULL) {
		if (sscanf(line, "F %lld", &ms) == 1 && ms < killed_ms) {
			fprintf(stderr, "client failed: %s", line + 2);
			rc = -1;
		} else if (sscanf(line, "S %d", &b) == 1 && b >= 0 &&
		           b < BATCHES) {
			t->sent[b] = 1;
			t->last    = b;
		} else if (sscanf(line, "A %d", &b) == 1 && b >= 0 &&
		           b < BATCHES) {
			t->acked[b] = 1;
		}
	}
	return rc;
}

/* Starts the client; *out reads its trace. */
static pid_t
spawn_client(const char *url, const char *unit, FILE **out)
{
	int   fd[2];
	pid_t pid;

	if (pipe(fd) != 0) {
		perror("pipe");
		return -1;
	}
	fflush(NULL);
	if ((pid = fork()) == 0) {
		dup2(fd[1], 1);
		close(fd[0]);
		close(fd[1]);
		execl("/proc/self/exe", "test_crash", "--submit", url, unit,
		    (char *) NULL);
		_exit(127);
	}
	close(fd[1]);
	if (pid < 0) {
		perror("fork");
		close(fd[0]);
		return -1;
	}
	*out = fdopen(fd[0], "r");
	return pid;
}

/* One kill: the client submits, kinerjad dies at a random moment, comes
 * back, and the unit's batches are checked. */
static int
iteration(struct daemon *d, const char *const *args, const char *unit,
    struct totals *tot)
{
	struct trace t = { .last = -1 };
	FILE        *in;
	long long    killed_ms;
	pid_t        client;
	int          c, rc = 0, b;

	if ((client = spawn_client(d->url, unit, &in)) < 0)
		return -1;
	/* The clock starts with the first send, not with the exec. */
	if ((c = fgetc(in)) == 'S')
		daemon_sleep_ms(rng(kill_ms + 1));
	killed_ms = daemon_now_ms();
	daemon_kill(d);
	kill(client, SIGKILL);
	waitpid(client, NULL, 0);
	if (c != EOF)
		ungetc(c, in);
	if (read_trace(in, killed_ms, &t) != 0)
		rc = -1;
	fclose(in);
	for (b = 0; b <= t.last; b++) {
		tot->sent += t.sent[b];
		tot->acked += t.acked[b];
	}
	if (t.last >= 0 && !t.acked[t.last])
		tot->in_flight++;
	if (daemon_start(d, args) != 0)
		return -1;
	if (rc == 0)
		rc = verify(d->db, unit, &t, tot);
	tot->iterations++;
	return rc;
}

/* Units u0..u{n-1} under one kabupaten, and ITEMS indicators. */
static int
define(const char *url, int n)
{
	const struct seed seed = { n, "u%d", ITEMS, "K%03d", NULL };
	kinerja_client   *c;
	kinerja_status    st = KINERJA_STATUS_INIT;
	int               rc = -1;

	if (kinerja_open(&c, url, &st) == 0) {
		rc = seed_registry(c, &seed, &st);
		kinerja_close(c);
	}
	if (rc != 0)
		fprintf(stderr, "setup: %s\n", st.message);
	kinerja_status_clear(&st);
	return rc;
}

static int
env_int(const char *name, int def, int max)
{
	const char *v = getenv(name);
	long        n;

	if (v == NULL || *v == 0)
		return def;
	n = strtol(v, NULL, 10);
	return n < 1 ? def : n > max ? max : (int) n;
}

int
main(int argc, char **argv)
{
	static const char *const args[] = { "--log-level", "error", NULL };
	struct daemon            d;
	struct totals            tot = { 0 };
	long long                start;
	unsigned                 seed;
	char                     unit[16];
	int                      n, i, rc = 0;

	if (argc == 4 && strcmp(argv[1], "--submit") == 0)
		return client_main(argv[2], argv[3]);
	if (argc != 2) {
		fprintf(stderr, "usage: test_crash KINERJAD\n");
		return 2;
	}
	n    = env_int("KINERJA_CRASH_ITERATIONS", 50, MAX_UNITS);
	seed = (unsigned) env_int(
	    "KINERJA_CRASH_SEED", (int) (time(NULL) % 1000000) + 1, 1 << 30);
	kill_ms   = (unsigned) env_int("KINERJA_CRASH_KILL_MS",
            daemon_on_pg() ? KILL_MS_PG : KILL_MS, 60000);
	rng_state = seed * 2654435761ULL;
	printf("test_crash: %d iterations, seed %u, kills up to %u ms after "
	       "the first send, on %s\n",
	    n, seed, kill_ms, daemon_on_pg() ? "PostgreSQL" : "SQLite");
	start = daemon_now_ms();
	if (daemon_init(&d, argv[1], "crash") != 0)
		return 1;
	if (daemon_start(&d, args) != 0 || define(d.url, n) != 0) {
		daemon_cleanup(&d);
		return 1;
	}
	for (i = 0; i < n && rc == 0; i++) {
		snprintf(unit, sizeof(unit), "u%d", i);
		if (iteration(&d, args, unit, &tot) != 0) {
			fprintf(stderr, "iteration %d failed; kept %s\n", i,
			    d.dir);
			rc = 1;
		}
	}
	printf("test_crash: %s: %d iterations, %d batches sent, %d "
	       "acknowledged, %d kills during a request (%d of those batches "
	       "committed, %d absent), %.1f s\n",
	    rc ? "FAILED" : "ok", tot.iterations, tot.sent, tot.acked,
	    tot.in_flight, tot.present_unacked,
	    tot.in_flight - tot.present_unacked,
	    (daemon_now_ms() - start) / 1000.0);
	if (rc != 0) {
		daemon_kill(&d);
		return rc;
	}
	if (daemon_stop(&d) != 0) {
		fprintf(stderr, "kinerjad did not stop cleanly\n");
		rc = 1;
	}
	daemon_cleanup(&d);
	return rc;
}
