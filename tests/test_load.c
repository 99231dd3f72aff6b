/*
 * test_load.c - 100 clients against one kinerjad for 60 s, each on a
 * socket of its own, mixing small SubmitIndicatorData batches with
 * GetCapaian and GetRanking. No request may fail, and kinerjad's resident
 * memory at the end may exceed that after the warm-up by at most 20 % +
 * 8 MB + what SQLite's page caches may still fill as the database grows
 * (2 MB for each of the 8 workers): memory must level off, not climb.
 * Small leaks are LeakSanitizer's to find: under ASan kinerjad's exit
 * status, which this test checks, fails on any.
 *
 *	test_load KINERJAD
 *
 * KINERJA_LOAD_SECONDS (default 60) and KINERJA_LOAD_CLIENTS (default 100)
 * change the run.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kinerja/client.h"
#include "daemon.h"
#include "seed.h"

#define UNITS          20 /* kecamatan under one kabupaten */
#define PAGE_CACHES_KB (8 * 2048) /* SQLite's default, per worker */
#define INDICATORS     10
#define YEARS          6 /* 2020-2025 */
#define WARMUP_S       5
#define MAX_ERRORS     5 /* failures printed */

/* AddressSanitizer holds freed memory back (its quarantine, 256 MB), so
 * there the RSS is reported but not judged. */
#ifdef __SANITIZE_ADDRESS__
#define JUDGE_RSS 0
#else
#define JUDGE_RSS 1
#endif

enum op { OP_SUBMIT, OP_CAPAIAN, OP_RANKING, OPS };

static const char *const op_names[OPS] = { "SubmitIndicatorData", "GetCapaian",
	"GetRanking" };

struct load {
	const char  *url;
	atomic_int   stop;
	atomic_llong done[OPS]; /* answered OK */
	atomic_llong failed;
	atomic_int   printed; /* failures printed so far */
	char         units[UNITS][8];
	char         indicators[INDICATORS][8];
};

struct client {
	struct load       *load;
	unsigned long long rng; /* xorshift64 */
	pthread_t          thr;
};

static unsigned
rng(struct client *c, unsigned below)
{
	c->rng ^= c->rng << 13;
	c->rng ^= c->rng >> 7;
	c->rng ^= c->rng << 17;
	return (unsigned) (c->rng % below);
}

/* Realisasi of every indicator of one unit and year. */
static int
op_submit(struct client *c, kinerja_client *k, kinerja_status *st)
{
	Kinerja__SubmitIndicatorDataRequest req =
	    KINERJA__SUBMIT_INDICATOR_DATA_REQUEST__INIT;
	Kinerja__IndicatorValue v[INDICATORS], *p[INDICATORS];
	Kinerja__WriteReply    *r;
	unsigned                u = rng(c, UNITS), y = rng(c, YEARS);
	int                     i, code;

	for (i = 0; i < INDICATORS; i++) {
		kinerja__indicator_value__init(&v[i]);
		v[i].unit      = c->load->units[u];
		v[i].indicator = c->load->indicators[i];
		v[i].year      = 2020 + (int) y;
		v[i].kind      = KINERJA__VALUE_KIND__VALUE_KIND_REALISASI;
		v[i].opt_value_case =
		    KINERJA__INDICATOR_VALUE__OPT_VALUE_VALUE;
		v[i].value = 50 + rng(c, 7000) / 100.0;
		p[i]       = &v[i];
	}
	req.values   = p;
	req.n_values = INDICATORS;
	if ((code = kinerja_submit_indicator_data(k, &req, &r, st)) == 0)
		kinerja__write_reply__free_unpacked(r, NULL);
	return code;
}

static int
op_capaian(struct client *c, kinerja_client *k, kinerja_status *st)
{
	Kinerja__GetCapaianRequest req = KINERJA__GET_CAPAIAN_REQUEST__INIT;
	Kinerja__GetCapaianReply  *r;
	int                        code;

	req.unit = c->load->units[rng(c, UNITS)];
	req.year = 2020 + (int) rng(c, YEARS);
	if ((code = kinerja_get_capaian(k, &req, &r, st)) == 0)
		kinerja__get_capaian_reply__free_unpacked(r, NULL);
	return code;
}

static int
op_ranking(struct client *c, kinerja_client *k, kinerja_status *st)
{
	Kinerja__GetRankingRequest req = KINERJA__GET_RANKING_REQUEST__INIT;
	Kinerja__GetRankingReply  *r;
	int                        code;

	req.year    = 2020 + (int) rng(c, YEARS);
	req.region  = "kab";
	req.measure = rng(c, 2) ? KINERJA__RANK_MEASURE__RANK_MEASURE_CAPAIAN
	                        : KINERJA__RANK_MEASURE__RANK_MEASURE_OVERALL;
	req.indicator =
	    req.measure == KINERJA__RANK_MEASURE__RANK_MEASURE_CAPAIAN
	        ? c->load->indicators[rng(c, INDICATORS)]
	        : "";
	if ((code = kinerja_get_ranking(k, &req, &r, st)) == 0)
		kinerja__get_ranking_reply__free_unpacked(r, NULL);
	return code;
}

/* Half submits, three tenths capaian, a fifth rankings, until stopped. */
static void *
client_main(void *arg)
{
	struct client  *c = arg;
	struct load    *l = c->load;
	kinerja_client *k;
	kinerja_status  st = KINERJA_STATUS_INIT;
	unsigned        r;
	enum op         op;
	int             code;

	if (kinerja_open(&k, l->url, &st) != 0) {
		fprintf(stderr, "open: %s\n", st.message);
		atomic_fetch_add(&l->failed, 1);
		return NULL;
	}
	while (!atomic_load(&l->stop)) {
		r    = rng(c, 10);
		op   = r < 5 ? OP_SUBMIT : r < 8 ? OP_CAPAIAN : OP_RANKING;
		code = op == OP_SUBMIT    ? op_submit(c, k, &st)
		       : op == OP_CAPAIAN ? op_capaian(c, k, &st)
		                          : op_ranking(c, k, &st);
		if (code == 0) {
			atomic_fetch_add(&l->done[op], 1);
			continue;
		}
		atomic_fetch_add(&l->failed, 1);
		if (atomic_fetch_add(&l->printed, 1) < MAX_ERRORS)
			fprintf(stderr, "%s: %s: %s\n", op_names[op],
			    kinerja_code_name(code), st.message);
	}
	kinerja_close(k);
	kinerja_status_clear(&st);
	return NULL;
}

/* Indicators I0-I4 under sasaran "Satu", the rest under "Dua". */
static const char *
sasaran_of(int j)
{
	return j < 5 ? "Satu" : "Dua";
}

/* The kabupaten, its kecamatan, the indicators linked to each, and
 * targets for every year, so that capaian and rankings have work. */
static int
define(struct load *l)
{
	const struct seed seed = { UNITS, "k%02d", INDICATORS, "I%d",
		sasaran_of };
	Kinerja__SubmitIndicatorDataRequest vreq =
	    KINERJA__SUBMIT_INDICATOR_DATA_REQUEST__INIT;
	static Kinerja__IndicatorValue  v[UNITS * INDICATORS * YEARS];
	static Kinerja__IndicatorValue *vp[UNITS * INDICATORS * YEARS];
	Kinerja__WriteReply            *r;
	kinerja_client                 *k;
	kinerja_status                  st = KINERJA_STATUS_INIT;
	int                             i, j, y, n = 0, rc = -1;

	for (i = 0; i < UNITS; i++)
		seed_code(l->units[i], sizeof(l->units[i]), seed.unit_fmt, i);
	for (j = 0; j < INDICATORS; j++)
		seed_code(l->indicators[j], sizeof(l->indicators[j]),
		    seed.indicator_fmt, j);
	for (i = 0; i < UNITS; i++) {
		for (j = 0; j < INDICATORS; j++) {
			for (y = 0; y < YEARS; y++, n++) {
				kinerja__indicator_value__init(&v[n]);
				v[n].unit      = l->units[i];
				v[n].indicator = l->indicators[j];
				v[n].year      = 2020 + y;
				v[n].kind =
				    KINERJA__VALUE_KIND__VALUE_KIND_TARGET;
				v[n].opt_value_case =
				    KINERJA__INDICATOR_VALUE__OPT_VALUE_VALUE;
				v[n].value = 80 + i + j;
				vp[n]      = &v[n];
			}
		}
	}
	vreq.values   = vp;
	vreq.n_values = (size_t) n;
	if (kinerja_open(&k, l->url, &st) != 0)
		goto out;
	if (seed_registry(k, &seed, &st) != 0 ||
	    kinerja_submit_indicator_data(k, &vreq, &r, &st) != 0)
		goto close;
	kinerja__write_reply__free_unpacked(r, NULL);
	rc = 0;
close:
	kinerja_close(k);
out:
	if (rc != 0)
		fprintf(stderr, "setup: %s\n", st.message);
	kinerja_status_clear(&st);
	return rc;
}

static int
env_int(const char *name, int def)
{
	const char *v = getenv(name);
	long        n = v != NULL ? strtol(v, NULL, 10) : 0;

	return n >= 1 && n <= 100000 ? (int) n : def;
}

static long long
total(struct load *l)
{
	long long n = 0;
	int       op;

	for (op = 0; op < OPS; op++)
		n += atomic_load(&l->done[op]);
	return n;
}

int
main(int argc, char **argv)
{
	static const char *const args[] = { "--log-level", "error", NULL };
	static struct load       l;
	struct daemon            d;
	struct client           *c;
	long long                t0, t1, n0, n1, done0[OPS];
	long                     rss0, rss1, peak, rss, limit;
	int seconds, nclients, i, op, s, started = 0, rc = 1;

	if (argc != 2) {
		fprintf(stderr, "usage: test_load KINERJAD\n");
		return 2;
	}
	seconds  = env_int("KINERJA_LOAD_SECONDS", 60);
	nclients = env_int("KINERJA_LOAD_CLIENTS", 100);
	if (daemon_init(&d, argv[1], "load") != 0)
		return 1;
	l.url = d.url;
	if (daemon_start(&d, args) != 0 || define(&l) != 0)
		goto out;
	c = calloc((size_t) nclients, sizeof(*c));
	for (i = 0; i < nclients; i++) {
		c[i].load = &l;
		c[i].rng =
		    0x9e3779b97f4a7c15ULL * (unsigned long long) (i + 1);
		if (pthread_create(&c[i].thr, NULL, client_main, &c[i]) != 0)
			break;
		started++;
	}
	/* Caches, arenas and the database's first pages fill in the
	 * warm-up; what grows after it is what the test is after. */
	daemon_sleep_ms(WARMUP_S * 1000);
	rss0 = peak = daemon_rss_kb(&d);
	n0          = total(&l);
	for (op = 0; op < OPS; op++)
		done0[op] = atomic_load(&l.done[op]);
	t0 = daemon_now_ms();
	printf("test_load: kinerjad RSS every 10 s (kB): %ld", rss0);
	for (s = 1; s <= seconds; s++) {
		daemon_sleep_ms(1000);
		if ((rss = daemon_rss_kb(&d)) > peak)
			peak = rss;
		if (s % 10 == 0)
			printf(" %ld", rss);
	}
	printf("\n");
	rss1 = daemon_rss_kb(&d);
	n1   = total(&l);
	t1   = daemon_now_ms();
	atomic_store(&l.stop, 1);
	for (i = 0; i < started; i++)
		pthread_join(c[i].thr, NULL);
	free(c);
	limit = rss0 + rss0 / 5 + 8192 + PAGE_CACHES_KB;
	printf("test_load: %d clients, %d s: %lld requests, %.0f/s (", started,
	    seconds, n1 - n0, (n1 - n0) * 1000.0 / (double) (t1 - t0));
	for (op = 0; op < OPS; op++)
		printf("%s%s %lld", op ? ", " : "", op_names[op],
		    atomic_load(&l.done[op]) - done0[op]);
	printf("), %lld failed; kinerjad RSS %ld kB after the warm-up, %ld kB "
	       "at the end (peak %ld kB, limit %ld kB)\n",
	    atomic_load(&l.failed), rss0, rss1, peak, limit);
	rc = started == nclients && atomic_load(&l.failed) == 0 && rss0 > 0 &&
	             (rss1 <= limit || !JUDGE_RSS)
	         ? 0
	         : 1;
	if (daemon_stop(&d) != 0) {
		fprintf(
		    stderr, "kinerjad did not stop cleanly; see %s\n", d.log);
		rc = 1;
	}
out:
	if (rc == 0)
		daemon_cleanup(&d);
	else
		daemon_kill(&d);
	return rc;
}
