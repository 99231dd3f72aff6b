/*
 * bench_rpc.c - what the kinerja RPC layer costs over bare nng.
 *
 * Health calls through libkinerja to a real kinerjad, against a raw nng
 * REQ/REP echo server in this process on the same transport (ipc://) with
 * a request the same size as Health's request envelope. Both run at 1 and
 * 8 concurrent clients, each client a thread with its own connection.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <nng/nng.h>
#include <nng/protocol/reqrep0/req.h>
#include <nng/supplemental/util/platform.h>

#include "common.h"
#include "raw_echo.h"

#define MAX_CLIENTS  8
#define WARMUP_CALLS 200
#define ROUNDS       3

/* ----------------------------------------------------------- clients */

struct run {
	int         raw; /* raw nng, else libkinerja */
	const char *url;
	size_t      payload; /* raw request size */
	uint64_t    stop_ns;
};

struct client {
	const struct run *run;
	nng_thread       *thr;
	double           *lat; /* ms per call */
	size_t            n, cap;
	int               failed;
};

static void
record(struct client *c, uint64_t t0)
{
	double *p;

	if (c->n == c->cap) {
		c->cap = c->cap ? 2 * c->cap : 65536;
		if ((p = realloc(c->lat, c->cap * sizeof(*p))) == NULL) {
			c->failed = 1;
			return;
		}
		c->lat = p;
	}
	c->lat[c->n++] = bench_ms(bench_now_ns() - t0);
}

static void
raw_client(void *arg)
{
	struct client    *c = arg;
	const struct run *r = c->run;
	nng_socket        s;
	uint64_t          t0;
	int               i;

	if (nng_req0_open(&s) != 0 || nng_dial(s, r->url, NULL, 0) != 0) {
		c->failed = 1;
		return;
	}
	for (i = 0; i < WARMUP_CALLS; i++)
		raw_echo_call(s, r->payload);
	while ((t0 = bench_now_ns()) < r->stop_ns && !c->failed) {
		if (raw_echo_call(s, r->payload) != 0)
			c->failed = 1;
		record(c, t0);
	}
	nng_close(s);
}

static void
kinerja_client_loop(void *arg)
{
	struct client    *c = arg;
	const struct run *r = c->run;
	kinerja_client   *kc;
	kinerja_status    st = KINERJA_STATUS_INIT;
	uint64_t          t0;
	int               i;

	if (kinerja_open(&kc, r->url, &st) != 0) {
		c->failed = 1;
		return;
	}
	for (i = 0; i < WARMUP_CALLS; i++)
		bench_health(kc);
	while ((t0 = bench_now_ns()) < r->stop_ns && !c->failed) {
		if (bench_health(kc) != 0)
			c->failed = 1;
		record(c, t0);
	}
	kinerja_close(kc);
}

/* Runs nclients for secs seconds (after a warm-up) and pools their
 * latencies. */
static int
measure(struct run *r, int nclients, double secs, struct bench_result *res)
{
	struct client c[MAX_CLIENTS];
	double       *all;
	size_t        n = 0;
	uint64_t      t0;
	int           i, bad = 0;

	memset(c, 0, sizeof(c));
	/* The warm-up is not timed: the clock starts with the run. */
	t0         = bench_now_ns();
	r->stop_ns = t0 + (uint64_t) (secs * 1e9);
	for (i = 0; i < nclients; i++) {
		c[i].run = r;
		nng_thread_create(&c[i].thr,
		    r->raw ? raw_client : kinerja_client_loop, &c[i]);
	}
	for (i = 0; i < nclients; i++) {
		nng_thread_destroy(c[i].thr);
		n += c[i].n;
		bad |= c[i].failed;
	}
	all = malloc((n ? n : 1) * sizeof(*all));
	n   = 0;
	for (i = 0; i < nclients; i++) {
		if (all != NULL)
			memcpy(all + n, c[i].lat, c[i].n * sizeof(*all));
		n += c[i].n;
		free(c[i].lat);
	}
	if (all == NULL || bad || n == 0) {
		fprintf(stderr, "%s run with %d clients failed\n",
		    r->raw ? "raw nng" : "kinerja", nclients);
		free(all);
		return -1;
	}
	/* Rate over the measured window; warm-up calls are outside it
	 * but shorten it, so count the calls made in it. */
	res->rate = (double) n / secs;
	res->p50  = bench_percentile(all, n, 50);
	res->p99  = bench_percentile(all, n, 99);
	free(all);
	return 0;
}

static void
report(
    int nclients, const struct bench_result *k, const struct bench_result *raw)
{
	printf("%d client%s: kinerja %.0f req/s p50 %.1f us p99 %.1f us; "
	       "raw nng %.0f req/s p50 %.1f us p99 %.1f us\n",
	    nclients, nclients > 1 ? "s" : "", k->rate, k->p50 * 1e3,
	    k->p99 * 1e3, raw->rate, raw->p50 * 1e3, raw->p99 * 1e3);
}

static void
rows(const struct bench_result k[2], const struct bench_result raw[2])
{
	char a[64], b[64];

	snprintf(a, sizeof(a), "%.0f req/s", k[1].rate);
	snprintf(b, sizeof(b), "%.0f req/s", raw[1].rate);
	bench_row("Health throughput, 8 clients, ipc: kinerja vs raw nng", a, b,
	    k[1].rate / raw[1].rate, 0.9, 1, ">= 0.90x");
	snprintf(a, sizeof(a), "%.1f us", k[0].p50 * 1e3);
	snprintf(b, sizeof(b), "%.1f us", raw[0].p50 * 1e3);
	bench_row("Health p50 latency, 1 client, ipc: kinerja vs raw nng", a,
	    b, k[0].p50 / raw[0].p50, 1.1, 0, "<= 1.10x");
	snprintf(a, sizeof(a), "%.0f req/s", k[0].rate);
	snprintf(b, sizeof(b), "%.0f req/s", raw[0].rate);
	bench_row("Health throughput, 1 client, ipc", a, b, k[0].rate / raw[0].rate,
	    0, 1, NULL);
	snprintf(a, sizeof(a), "%.1f us", k[0].p99 * 1e3);
	snprintf(b, sizeof(b), "%.1f us", raw[0].p99 * 1e3);
	bench_row("Health p99 latency, 1 client, ipc", a, b, k[0].p99 / raw[0].p99,
	    0, 0, NULL);
	snprintf(
	    a, sizeof(a), "%.1f / %.1f us", k[1].p50 * 1e3, k[1].p99 * 1e3);
	snprintf(b, sizeof(b), "%.1f / %.1f us", raw[1].p50 * 1e3,
	    raw[1].p99 * 1e3);
	bench_row("Health p50 / p99 latency, 8 clients, ipc", a, b,
	    k[1].p50 / raw[1].p50, 0, 0, NULL);
}

/* Alternates raw and kinerja, round after round, so that drift in the
 * machine hits both alike. */
static int
run_all(struct run *rk, struct run *rr, int rounds, double secs,
    struct bench_result k[2], struct bench_result raw[2])
{
	static const int    clients[2] = { 1, 8 };
	struct bench_result kin_r[2][ROUNDS], raw_r[2][ROUNDS];
	int                 i, j;

	for (j = 0; j < rounds; j++)
		for (i = 0; i < 2; i++) {
			if (measure(rr, clients[i], secs, &raw_r[i][j]) != 0 ||
			    measure(rk, clients[i], secs, &kin_r[i][j]) != 0)
				return -1;
			report(clients[i], &kin_r[i][j], &raw_r[i][j]);
		}
	for (i = 0; i < 2; i++) {
		bench_median(kin_r[i], rounds, &k[i]);
		bench_median(raw_r[i], rounds, &raw[i]);
	}
	return 0;
}

int
main(int argc, char **argv)
{
	struct bench_opts   o;
	struct bench_server s;
	struct raw_echo     e;
	struct bench_result k[2], raw[2];
	struct run          rk = { 0 }, rr = { 1 };
	char                url[160];
	double              secs;
	int                 rounds, rc = 1;

	if (bench_parse(argc, argv, &o) != 0)
		return 2;
	secs   = o.quick ? 1.0 : 2.0;
	rounds = o.quick ? 1 : ROUNDS;
	if (bench_server_start(&s, &o, "8") != 0)
		return 1;
	snprintf(url, sizeof(url), "ipc://%s/raw.ipc", s.dir);
	if (raw_echo_start(&e, url) != 0)
		goto out;
	rk.url     = s.url;
	rr.url     = url;
	rr.payload = bench_health_envelope_size();
	printf("RPC overhead: Health over ipc://, request envelope %zu bytes, "
	       "%d round(s) of %.0f s per run, medians\n",
	    rr.payload, rounds, secs);
	if (run_all(&rk, &rr, rounds, secs, k, raw) == 0) {
		rows(k, raw);
		rc = 0;
	}
	raw_echo_stop(&e);
	unlink(url + strlen("ipc://"));
out:
	bench_server_stop(&s);
	return rc;
}
