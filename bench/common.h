/*
 * common.h - what the benchmarks share: a clock, percentiles, a kinerjad
 * child process on a temporary database, and the result rows that
 * bench/run.sh gathers into one table.
 */
#ifndef BENCH_COMMON_H
#define BENCH_COMMON_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include <kinerja/client.h>

#ifdef __cplusplus
extern "C" {
#endif

struct bench_opts {
	int         quick; /* --quick or BENCH_QUICK=1 */
	const char *kinerjad; /* --kinerjad PATH, else the one built here */
};

/* A kinerjad started by bench_server_start, listening on ipc:// in a
 * fresh directory under /tmp that bench_server_stop removes. */
struct bench_server {
	pid_t pid;
	char  dir[64];
	char  url[128];
	long  peak_rss_kb; /* VmHWM, read by bench_server_stop */
};

int      bench_parse(int argc, char **argv, struct bench_opts *o);
uint64_t bench_now_ns(void);
/* The wall clock in unix milliseconds, as kinerjad stamps its rows. */
int64_t  bench_unix_ms(void);
double   bench_ms(uint64_t ns);
/* Sorts v and returns its p-th percentile (0-100), nearest rank. */
double bench_percentile(double *v, size_t n, double p);

int bench_server_start(
    struct bench_server *s, const struct bench_opts *o, const char *workers);
/* The same with more of kinerjad's flags after the usual ones (NULL
 * ends them), e.g. a tcp:// --listen or --grpc. */
int bench_server_start_with(struct bench_server *s, const struct bench_opts *o,
    const char *workers, const char *const *extra);
/* The same with a tcp:// --listen on a free loopback port as well, its
 * URL written to tcp_url (connect there with kinerja_open). */
int  bench_server_start_tcp(struct bench_server *s, const struct bench_opts *o,
     const char *workers, char *tcp_url, size_t len);
/* A free tcp port on 127.0.0.1 (free when asked), or -1: kinerjad
 * cannot say which one it bound when given 0. */
int  bench_free_port(void);
long bench_server_rss_kb(const struct bench_server *s);
void bench_server_stop(struct bench_server *s);
/* Opens a client on s, or exits: a benchmark cannot go on without one. */
kinerja_client *bench_connect(const struct bench_server *s);
/* Exits with the status's message unless rc is 0. */
void bench_check(int rc, const kinerja_status *st, const char *what);
/* One Health call on c; 0 or the failing code. */
int bench_health(kinerja_client *c);
/* The size of the envelope libkinerja sends for Health: the method, a
 * 32-digit request id, the default deadline and an empty payload. The
 * raw baselines send requests of this size. */
size_t bench_health_envelope_size(void);

/* The database's size in bytes, from GetMetrics. */
uint64_t bench_db_bytes(kinerja_client *c);
/* From GetMetrics, kinerjad's own clock (decode, handler, encode; no
 * transport): of the calls of method so far, *total, and *fast of them
 * answered within ms, which must be one of its bucket bounds (1, 5, 10,
 * 50, 100 ... ms) to be exact. 0, or -1 if method had no calls. */
int bench_calls_within(kinerja_client *c, const char *method, uint32_t ms,
    uint64_t *fast, uint64_t *total);
/* The same as a share in %, printed as a line of its own; -1 if method
 * had no calls. */
double bench_share_within(
    kinerja_client *c, const char *method, uint32_t ms);
/* The share of the calls made since *fast0 of *total0 were counted (by
 * bench_calls_within; 0 and 0 when it found none), as above. */
double bench_share_since(kinerja_client *c, const char *method, uint32_t ms,
    uint64_t fast0, uint64_t total0);

/* A run of calls: calls per second and latency percentiles. */
struct bench_result {
	double rate; /* calls per second */
	double p50, p99; /* ms */
};

/* Median of each figure over n rounds: one slow round on a shared
 * machine should not decide a ratio. */
void bench_median(
    const struct bench_result *r, int n, struct bench_result *out);

/* One line of the combined table: met when ratio >= target (higher set)
 * or ratio <= target. A ratio < 0 shows as "-"; a NULL target_text: a
 * figure shown for context, with no target. */
void bench_row(const char *name, const char *kinerja, const char *baseline,
    double ratio, double target, int higher, const char *target_text);
/* A line with no baseline: met when value <= target. */
void bench_row_abs(const char *name, const char *kinerja, double value,
    double target, const char *target_text);

#ifdef __cplusplus
}
#endif

#endif
