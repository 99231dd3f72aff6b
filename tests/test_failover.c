/*
 * test_failover.c - libkinerja with two kinerjad replicas on one database
 * (--shared-db), given both URLs. Calls must spread over both; while
 * threads write and read without pause, each replica in turn is killed
 * with SIGKILL and restarted, and no call may fail: every acknowledged
 * write must be in the history exactly once, every read must see the
 * reader's last write. With the first URL down at start calls still work;
 * with both down a call fails with UNAVAILABLE within its deadline.
 *
 *	test_failover KINERJAD
 *
 * KINERJA_FAILOVER_SECONDS (default 8) is the length of the loaded run;
 * KINERJA_FAILOVER_TCP=1 puts the replicas on tcp://127.0.0.1 instead of
 * ipc://, where libkinerja dials the second URL in the background.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <nng/nng.h>
#include <nng/protocol/reqrep0/rep.h>

#include "kinerja/client.h"
#include "daemon.h"
#include "tap.h"
#include "seed.h"

#define THREADS  4
#define YEAR     2025
#define MAX_ACKS 100000 /* writes of one thread */

/* One writer: sets its own indicator's target to 1, 2, 3, ... under the
 * request ids "w<t>-<n>", reading the value back after each write. */
struct writer {
	pthread_t       thread;
	kinerja_client *c;
	int             t;
	atomic_int     *stop;
	int             acked; /* writes answered OK, values 1..acked */
	int             replayed; /* of those, answered from a replay */
	int             reads;
	int             failed; /* calls that did not return OK */
	int             stale; /* reads that missed the last write */
	char            first_error[600];
};

static void
writer_error(
    struct writer *w, const char *what, int code, const kinerja_status *st)
{
	if (w->failed++ == 0)
		snprintf(w->first_error, sizeof(w->first_error), "%s: %s: %s",
		    what, kinerja_code_name(code), st->message);
}

static int
writer_write(struct writer *w, int n, kinerja_status *st)
{
	Kinerja__SubmitIndicatorDataRequest req =
	    KINERJA__SUBMIT_INDICATOR_DATA_REQUEST__INIT;
	Kinerja__IndicatorValue  v = KINERJA__INDICATOR_VALUE__INIT;
	Kinerja__IndicatorValue *p = &v;
	Kinerja__WriteReply     *r;
	char                     ind[16], id[32];
	int                      code;

	seed_code(ind, sizeof(ind), "K%03d", w->t);
	v.unit           = "u0";
	v.indicator      = ind;
	v.year           = YEAR;
	v.kind           = KINERJA__VALUE_KIND__VALUE_KIND_TARGET;
	v.opt_value_case = KINERJA__INDICATOR_VALUE__OPT_VALUE_VALUE;
	v.value          = n;
	req.values       = &p;
	req.n_values     = 1;
	snprintf(id, sizeof(id), "w%d-%d", w->t, n);
	code = kinerja_call(w->c, "SubmitIndicatorData", &req.base,
	    &kinerja__write_reply__descriptor, (ProtobufCMessage **) &r, id,
	    st);
	if (code != 0)
		return code;
	w->replayed += r->replayed;
	kinerja__write_reply__free_unpacked(r, NULL);
	return 0;
}

/* The target the replicas hold for the writer's indicator, or -1. */
static int
writer_read(struct writer *w, double *target, kinerja_status *st)
{
	char ind[16];

	seed_code(ind, sizeof(ind), "K%03d", w->t);
	return seed_target(w->c, "u0", ind, YEAR, target, st);
}

static void *
writer_main(void *arg)
{
	struct writer *w  = arg;
	kinerja_status st = KINERJA_STATUS_INIT;
	double         target;
	int            n, code;

	for (n = 1; n <= MAX_ACKS && !atomic_load(w->stop); n++) {
		if ((code = writer_write(w, n, &st)) != 0) {
			writer_error(w, "SubmitIndicatorData", code, &st);
			break; /* n's fate is unknown: stop here */
		}
		w->acked = n;
		if ((code = writer_read(w, &target, &st)) != 0) {
			writer_error(w, "GetCapaian", code, &st);
			continue;
		}
		w->reads++;
		w->stale += target != n;
	}
	kinerja_status_clear(&st);
	return NULL;
}

/* ------------------------------------------------------------ helpers */

static const char *
sasaran_of(int j)
{
	(void) j;
	return "Satu";
}

static kinerja_client *
open_urls(const char *urls, kinerja_status *st)
{
	kinerja_client *c = NULL;

	if (kinerja_open(&c, urls, st) != 0) {
		printf("# open %s: %s\n", urls, st->message);
		return NULL;
	}
	return c;
}

/* Requests of one method kinerjad at url has served, or -1. */
static long
served(const char *url, const char *method)
{
	Kinerja__GetMetricsRequest req = KINERJA__GET_METRICS_REQUEST__INIT;
	Kinerja__GetMetricsReply  *r;
	kinerja_status             st = KINERJA_STATUS_INIT;
	kinerja_client            *c  = open_urls(url, &st);
	long                       n  = -1;
	size_t                     i;

	if (c != NULL && kinerja_get_metrics(c, &req, &r, &st) == 0) {
		for (n = 0, i = 0; i < r->n_methods; i++)
			if (strcmp(r->methods[i]->method, method) == 0)
				n = (long) r->methods[i]->requests;
		kinerja__get_metrics_reply__free_unpacked(r, NULL);
	}
	kinerja_close(c);
	kinerja_status_clear(&st);
	return n;
}

static int
health(kinerja_client *c, kinerja_status *st)
{
	Kinerja__HealthRequest req = KINERJA__HEALTH_REQUEST__INIT;
	Kinerja__HealthReply  *r;
	int                    code;

	if ((code = kinerja_health(c, &req, &r, st)) == 0)
		kinerja__health_reply__free_unpacked(r, NULL);
	return code;
}

/* ------------------------------------------------------------- phases */

/* 200 reads of one client spread over both replicas. */
static void
test_spread(const char *both, struct daemon *a, struct daemon *b)
{
	kinerja_status  st = KINERJA_STATUS_INIT;
	kinerja_client *c  = open_urls(both, &st);
	struct writer   w  = { .c = c, .t = 0 };
	long            a0 = served(a->url, "GetCapaian"),
	     b0            = served(b->url, "GetCapaian"), na, nb;
	double target;
	int    i, good = 0;

	/* The second connection is made in the background: wait for it. */
	daemon_sleep_ms(300);
	for (i = 0; c != NULL && i < 200; i++)
		good += writer_read(&w, &target, &st) == 0;
	na = served(a->url, "GetCapaian") - a0;
	nb = served(b->url, "GetCapaian") - b0;
	printf("# 200 reads: %ld on the first replica, %ld on the second\n",
	    na, nb);
	ok(good == 200, "200 reads with both URLs: all OK");
	ok(na + nb == 200 && na >= 50 && nb >= 50,
	    "the reads are spread over both replicas (at least 50 each)");
	kinerja_close(c);
	kinerja_status_clear(&st);
}

/* Kills and restarts one replica, then the other, under THREADS writers. */
static void
test_kill_under_load(const char *both, struct daemon *d[2], long run_ms,
    const char *const *extra, int *acked_of)
{
	kinerja_status  st = KINERJA_STATUS_INIT;
	kinerja_client *c  = open_urls(both, &st);
	struct writer   w[THREADS];
	atomic_int      stop;
	int i, k, failed = 0, acked = 0, stale = 0, reads = 0, replayed = 0,
	          restarted = 1;

	atomic_init(&stop, 0);
	daemon_sleep_ms(300);
	for (i = 0; c != NULL && i < THREADS; i++) {
		memset(&w[i], 0, sizeof(w[i]));
		w[i].c = c, w[i].t = i, w[i].stop = &stop;
		pthread_create(&w[i].thread, NULL, writer_main, &w[i]);
	}
	for (k = 0; c != NULL && k < 2; k++) {
		daemon_sleep_ms(run_ms / 4);
		daemon_kill(d[k]);
		printf("# replica %d killed with SIGKILL\n", k + 1);
		daemon_sleep_ms(run_ms / 8);
		restarted &= daemon_start(d[k], extra) == 0;
		printf("# replica %d restarted\n", k + 1);
	}
	daemon_sleep_ms(run_ms / 4);
	atomic_store(&stop, 1);
	for (i = 0; c != NULL && i < THREADS; i++) {
		pthread_join(w[i].thread, NULL);
		if (w[i].failed)
			printf("# writer %d: %s\n", i, w[i].first_error);
		failed += w[i].failed, acked += w[i].acked;
		acked_of[i] = w[i].acked;
		stale += w[i].stale, reads += w[i].reads;
		replayed += w[i].replayed;
	}
	printf("# %d writes acknowledged (%d answered from a replay record), "
	       "%d reads\n",
	    acked, replayed, reads);
	ok(c != NULL && restarted, "both replicas killed and restarted");
	ok(failed == 0 && acked > 100,
	    "no call failed while the replicas were killed in turn");
	ok(stale == 0, "every read saw the reader's last acknowledged write");
	kinerja_close(c);
	kinerja_status_clear(&st);
}

/* The history of writer t's indicator: each of its acknowledged ids once,
 * in order, and nothing else. */
static int
history_exact(kinerja_client *c, int t, int acked, kinerja_status *st)
{
	Kinerja__GetHistoryRequest req = KINERJA__GET_HISTORY_REQUEST__INIT;
	Kinerja__GetHistoryReply  *r;
	char                       ind[16], want[32];
	int                        seen = 0, good = 1;
	size_t                     i;

	seed_code(ind, sizeof(ind), "K%03d", t);
	req.unit      = "u0";
	req.indicator = ind;
	req.year      = YEAR;
	req.limit     = 10000;
	do {
		if (kinerja_get_history(c, &req, &r, st) != 0) {
			printf("# GetHistory: %s\n", st->message);
			return 0;
		}
		for (i = 0; i < r->n_revisions; i++) {
			snprintf(want, sizeof(want), "w%d-%d", t, seen + 1);
			if (strcmp(r->revisions[i]->request_id, want) != 0 &&
			    good) {
				printf("# %s: change %d is %s, expected %s\n",
				    ind, seen + 1, r->revisions[i]->request_id,
				    want);
				good = 0;
			}
			seen++;
			req.after = r->revisions[i]->id;
		}
		i = r->n_revisions;
		kinerja__get_history_reply__free_unpacked(r, NULL);
	} while (i == req.limit);
	if (seen != acked)
		printf("# %s: %d changes in the history, %d writes "
		       "acknowledged\n",
		    ind, seen, acked);
	return good && seen == acked;
}

static void
test_history(const char *both, const int *acked)
{
	kinerja_status  st = KINERJA_STATUS_INIT;
	kinerja_client *c  = open_urls(both, &st);
	int             t, good = c != NULL;

	for (t = 0; good && t < THREADS; t++)
		good = history_exact(c, t, acked[t], &st);
	ok(good, "history: every acknowledged write exactly once, in order");
	kinerja_close(c);
	kinerja_status_clear(&st);
}

/* The first URL of the list is down: every open and call still works. */
static void
test_first_down(const char *dead, struct daemon *b)
{
	kinerja_status  st = KINERJA_STATUS_INIT;
	kinerja_client *c;
	char            urls[300];
	long long       t0 = daemon_now_ms();
	int             i, good = 0;

	snprintf(urls, sizeof(urls), "%s,%s", dead, b->url);
	for (i = 0; i < 20; i++) {
		if ((c = open_urls(urls, &st)) != NULL)
			good += health(c, &st) == 0;
		kinerja_close(c);
	}
	ok(good == 20, "first URL down at start: 20 opens and calls all OK");
	ok(daemon_now_ms() - t0 < 5000, "... and none of them waited long");
	kinerja_status_clear(&st);
}

/* Both replicas down: a call fails with UNAVAILABLE within its deadline,
 * and an open fails at once naming each URL. */
static void
test_all_down(const char *both, struct daemon *d[2])
{
	kinerja_status  st = KINERJA_STATUS_INIT;
	kinerja_client *c  = open_urls(both, &st);
	long long       t0;
	long            ms;
	int             code = -1;

	daemon_sleep_ms(300);
	daemon_kill(d[0]);
	daemon_kill(d[1]);
	if (c != NULL) {
		kinerja_set_timeout(c, 1000);
		t0   = daemon_now_ms();
		code = health(c, &st);
		ms   = (long) (daemon_now_ms() - t0);
		printf("# both down, a call: %s: %s (%ld ms)\n",
		    kinerja_code_name(code), st.message, ms);
		ok(code == KINERJA__CODE__UNAVAILABLE &&
		        strstr(st.message, "cannot reach kinerjad at") !=
		            NULL &&
		        ms < 1000 + 2000 + 1000,
		    "both replicas down: a call fails with UNAVAILABLE within "
		    "its deadline");
	}
	kinerja_close(c);
	t0   = daemon_now_ms();
	code = kinerja_open(&c, both, &st);
	ms   = (long) (daemon_now_ms() - t0);
	printf("# both down, an open: %s (%ld ms)\n", st.message, ms);
	ok(code == KINERJA__CODE__UNAVAILABLE && ms < 2000 &&
	        strstr(st.message, d[0]->url) != NULL &&
	        strstr(st.message, d[1]->url) != NULL,
	    "both replicas down: an open fails at once, naming each URL");
	if (code == 0)
		kinerja_close(c);
	kinerja_status_clear(&st);
}

/* The replicas', and the dead URL's, on tcp://127.0.0.1. */
static void
use_tcp(struct daemon *a, struct daemon *b, char *dead, size_t len)
{
	snprintf(
	    a->url, sizeof(a->url), "tcp://127.0.0.1:%d", daemon_free_port());
	snprintf(
	    b->url, sizeof(b->url), "tcp://127.0.0.1:%d", daemon_free_port());
	snprintf(dead, len, "tcp://127.0.0.1:%d", daemon_free_port());
}

/* A peer that takes every request and hangs up on it: the client must
 * give up after a few sends instead of carrying on until its deadline. */
struct dropper {
	nng_socket sock;
	atomic_int received;
};

static void *
dropper_main(void *arg)
{
	struct dropper *p = arg;
	nng_msg        *m;

	while (nng_recvmsg(p->sock, &m, 0) == 0) {
		atomic_fetch_add(&p->received, 1);
		nng_pipe_close(nng_msg_get_pipe(m));
		nng_msg_free(m);
	}
	return NULL;
}

static void
test_poison(const char *dir)
{
	kinerja_status  st = KINERJA_STATUS_INIT;
	kinerja_client *c  = NULL;
	struct dropper  p;
	pthread_t       t;
	char            url[160];
	int             code = -1;

	snprintf(url, sizeof(url), "ipc://%s/dropper.sock", dir);
	atomic_init(&p.received, 0);
	if (nng_rep0_open(&p.sock) != 0 ||
	    nng_listen(p.sock, url, NULL, 0) != 0) {
		ok(0, "a peer that drops every request: listening");
		return;
	}
	pthread_create(&t, NULL, dropper_main, &p);
	if ((c = open_urls(url, &st)) != NULL) {
		kinerja_set_timeout(c, 20000);
		code = health(c, &st);
	}
	printf("# %d sends: %s: %s\n", atomic_load(&p.received),
	    kinerja_code_name(code), st.message);
	ok(code == KINERJA__CODE__UNAVAILABLE &&
	        atomic_load(&p.received) == 4 &&
	        strstr(st.message, "every time") != NULL,
	    "a request that loses its connection every time: 4 sends, then "
	    "UNAVAILABLE");
	kinerja_close(c);
	nng_close(p.sock);
	pthread_join(t, NULL);
	kinerja_status_clear(&st);
}

static int
seed(const char *url)
{
	const struct seed s  = { 1, "u%d", THREADS, "K%03d", sasaran_of };
	kinerja_status    st = KINERJA_STATUS_INIT;
	kinerja_client   *c  = open_urls(url, &st);
	int               rc = c == NULL ? -1 : seed_registry(c, &s, &st);

	if (rc != 0)
		printf("# seed: %s\n", st.message);
	kinerja_close(c);
	kinerja_status_clear(&st);
	return rc;
}

int
main(int argc, char **argv)
{
	const char *const shared[] = { "--shared-db", NULL };
	const char       *env      = getenv("KINERJA_FAILOVER_SECONDS");
	struct daemon     a, b, *d[2] = { &a, &b };
	char              both[300], dead[160];
	int               acked[THREADS] = { 0 };

	if (argc != 2) {
		fprintf(stderr, "usage: test_failover KINERJAD\n");
		return 2;
	}
	if (daemon_init(&a, argv[1], "fo-a") != 0 ||
	    daemon_init(&b, argv[1], "fo-b") != 0)
		return 1;
	daemon_share_db(&b, &a); /* one database, two replicas */
	snprintf(dead, sizeof(dead), "ipc://%s/nobody.sock", a.dir);
	if (getenv("KINERJA_FAILOVER_TCP") != NULL)
		use_tcp(&a, &b, dead, sizeof(dead));
	snprintf(both, sizeof(both), "%s,%s", a.url, b.url);
	if (daemon_start(&a, shared) != 0 || daemon_start(&b, shared) != 0 ||
	    seed(both) != 0) {
		printf("Bail out! the replicas did not start (%s, %s)\n",
		    a.log, b.log);
		return 1;
	}
	test_spread(both, &a, &b);
	test_kill_under_load(
	    both, d, (env ? atol(env) : 8) * 1000, shared, acked);
	test_history(both, acked);
	test_first_down(dead, &b);
	test_all_down(both, d);
	test_poison(a.dir);
	printf("%s\n", failures ? "FAILED" : "all passed");
	if (failures)
		printf("# logs: %s %s\n", a.log, b.log);
	else
		daemon_cleanup(&a), daemon_cleanup(&b);
	return failures != 0;
}
