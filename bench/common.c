/*
 * common.c - helpers shared by the benchmarks.
 */
#include <errno.h>
#include <malloc.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>

#include "common.h"

#define START_WAIT_MS 10000

/*
 * The benchmarks' clients keep freed memory as kinerjad does (service/
 * main.c). A whole national ranking decodes into about 22 000 blocks;
 * with glibc's defaults the heap's top is given back when they are freed
 * and faulted in again by the next reply: protobuf-c's unpack of one
 * 7 300-row reply took 3.3 ms so, 0.6 ms with the memory kept, on this
 * project's machine. A client that reads whole rankings should do the
 * same (client/include/kinerja/client.h).
 */
static void
keep_freed_memory(void)
{
#ifdef M_TRIM_THRESHOLD
	mallopt(M_MMAP_THRESHOLD, 4 << 20);
	mallopt(M_TRIM_THRESHOLD, 8 << 20);
#endif
}

int
bench_parse(int argc, char **argv, struct bench_opts *o)
{
	const char *q = getenv("BENCH_QUICK");
	int         i;

	keep_freed_memory();

	o->quick    = q != NULL && strcmp(q, "1") == 0;
	o->kinerjad = KINERJAD_PATH;
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--quick") == 0)
			o->quick = 1;
		else if (strcmp(argv[i], "--kinerjad") == 0 && i + 1 < argc)
			o->kinerjad = argv[++i];
		else {
			fprintf(stderr,
			    "usage: %s [--quick] [--kinerjad PATH]\n",
			    argv[0]);
			return -1;
		}
	}
	return 0;
}

uint64_t
bench_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t) ts.tv_sec * 1000000000u + (uint64_t) ts.tv_nsec;
}

int64_t
bench_unix_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t) ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

double
bench_ms(uint64_t ns)
{
	return (double) ns / 1e6;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *) a, y = *(const double *) b;

	return x < y ? -1 : x > y;
}

double
bench_percentile(double *v, size_t n, double p)
{
	size_t k;

	if (n == 0)
		return 0;
	qsort(v, n, sizeof(*v), cmp_double);
	k = (size_t) (p / 100.0 * (double) n + 0.5);
	if (k > 0)
		k--;
	return v[k < n ? k : n - 1];
}

static void
sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

#define FIXED_ARGS 9 /* bin and the flags every benchmark gives */
#define MAX_EXTRA  16

/* The child: kinerjad's own messages go to a log beside the database,
 * so they do not mix with the results. */
static void
exec_server(const struct bench_server *s, const char *bin, const char *workers,
    const char *const *extra)
{
	char        db[96], log[96];
	const char *argv[FIXED_ARGS + MAX_EXTRA + 1] = { bin, "--listen",
		s->url, "--db", db, "--workers", workers, "--log-level",
		"none" };
	int         fd, n = FIXED_ARGS;

	snprintf(db, sizeof(db), "%s/bench.db", s->dir);
	snprintf(log, sizeof(log), "%s/kinerjad.log", s->dir);
	while (extra != NULL && *extra != NULL && n < FIXED_ARGS + MAX_EXTRA)
		argv[n++] = *extra++;
	argv[n] = NULL;
	if ((fd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0644)) >= 0) {
		dup2(fd, 2);
		close(fd);
	}
	/* execv takes char *const[]; it does not write to them. */
	execv(bin, (char *const *) argv);
	fprintf(stderr, "exec %s: %s\n", bin, strerror(errno));
	_exit(127);
}

/* Waits until kinerjad answers Health, or it has died. */
static int
wait_ready(struct bench_server *s)
{
	kinerja_client *c;
	kinerja_status  st = KINERJA_STATUS_INIT;
	int             t, status;

	for (t = 0; t < START_WAIT_MS; t += 20) {
		if (waitpid(s->pid, &status, WNOHANG) == s->pid) {
			s->pid = 0;
			return -1;
		}
		if (kinerja_open(&c, s->url, &st) == 0) {
			kinerja_set_timeout(c, 1000);
			if (bench_health(c) == 0) {
				kinerja_close(c);
				return 0;
			}
			kinerja_close(c);
		}
		kinerja_status_clear(&st);
		sleep_ms(20);
	}
	return -1;
}

/* The running server, stopped at exit so that a benchmark that gives up
 * (bench_check) leaves no kinerjad behind. */
static struct bench_server *running;

static void
stop_running(void)
{
	if (running != NULL)
		bench_server_stop(running);
}

int
bench_server_start(
    struct bench_server *s, const struct bench_opts *o, const char *workers)
{
	return bench_server_start_with(s, o, workers, NULL);
}

int
bench_server_start_with(struct bench_server *s, const struct bench_opts *o,
    const char *workers, const char *const *extra)
{
	static int registered;

	if (!registered && atexit(stop_running) == 0)
		registered = 1;
	memset(s, 0, sizeof(*s));
	running = s;
	snprintf(s->dir, sizeof(s->dir), "/tmp/kinerja-bench-XXXXXX");
	if (mkdtemp(s->dir) == NULL) {
		perror("mkdtemp");
		return -1;
	}
	snprintf(s->url, sizeof(s->url), "ipc://%s/kinerjad.ipc", s->dir);
	if ((s->pid = fork()) < 0) {
		perror("fork");
		return -1;
	}
	if (s->pid == 0)
		exec_server(s, o->kinerjad, workers, extra);
	if (wait_ready(s) != 0) {
		fprintf(stderr,
		    "kinerjad (%s) did not start; see %s/kinerjad.log\n",
		    o->kinerjad, s->dir);
		bench_server_stop(s);
		return -1;
	}
	return 0;
}

long
bench_server_rss_kb(const struct bench_server *s)
{
	char  path[64], line[256];
	FILE *f;
	long  kb = -1;

	snprintf(path, sizeof(path), "/proc/%d/status", (int) s->pid);
	if ((f = fopen(path, "r")) == NULL)
		return -1;
	while (fgets(line, sizeof(line), f) != NULL)
		if (sscanf(line, "VmHWM: %ld kB", &kb) == 1)
			break;
	fclose(f);
	return kb;
}

static void
remove_in(const char *dir, const char *name)
{
	char path[128];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	unlink(path);
}

void
bench_server_stop(struct bench_server *s)
{
	static const char *const files[] = { "bench.db", "bench.db-wal",
		"bench.db-shm", "bench.db-kinerjad.lock", "kinerjad.ipc",
		"kinerjad.log", "floor.db", "floor.db-wal", "floor.db-shm",
		"raw.db", "raw.db-wal", "raw.db-shm" };
	size_t                   i;

	if (running == s)
		running = NULL;
	if (s->pid > 0) {
		s->peak_rss_kb = bench_server_rss_kb(s);
		kill(s->pid, SIGTERM);
		waitpid(s->pid, NULL, 0);
		s->pid = 0;
	}
	if (s->dir[0] == 0)
		return;
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++)
		remove_in(s->dir, files[i]);
	rmdir(s->dir);
	s->dir[0] = 0;
}

kinerja_client *
bench_connect(const struct bench_server *s)
{
	kinerja_client *c;
	kinerja_status  st = KINERJA_STATUS_INIT;

	if (kinerja_open(&c, s->url, &st) != 0) {
		fprintf(stderr, "connect %s: %s\n", s->url, st.message);
		exit(1);
	}
	kinerja_status_clear(&st);
	return c;
}

void
bench_check(int rc, const kinerja_status *st, const char *what)
{
	size_t i;

	if (rc == 0)
		return;
	fprintf(
	    stderr, "%s: %s: %s\n", what, kinerja_code_name(rc), st->message);
	for (i = 0; i < st->n_details && i < 5; i++)
		fprintf(stderr, "  item %u %s: %s\n", st->details[i]->index,
		    st->details[i]->field, st->details[i]->message);
	exit(1);
}

int
bench_health(kinerja_client *c)
{
	Kinerja__HealthRequest req = KINERJA__HEALTH_REQUEST__INIT;
	Kinerja__HealthReply  *rep;
	kinerja_status         st = KINERJA_STATUS_INIT;
	int                    rc;

	if ((rc = kinerja_health(c, &req, &rep, &st)) == 0)
		kinerja__health_reply__free_unpacked(rep, NULL);
	kinerja_status_clear(&st);
	return rc;
}

size_t
bench_health_envelope_size(void)
{
	Kinerja__RequestEnvelope env = KINERJA__REQUEST_ENVELOPE__INIT;

	env.method     = "Health";
	env.request_id = "0123456789abcdef0123456789abcdef";
	env.timeout_ms = 30000;
	return kinerja__request_envelope__get_packed_size(&env);
}

#define MAX_ROUNDS 16

void
bench_median(const struct bench_result *r, int n, struct bench_result *out)
{
	double rate[MAX_ROUNDS], p50[MAX_ROUNDS], p99[MAX_ROUNDS];
	int    i;

	if (n > MAX_ROUNDS)
		n = MAX_ROUNDS;
	for (i = 0; i < n; i++) {
		rate[i] = r[i].rate;
		p50[i]  = r[i].p50;
		p99[i]  = r[i].p99;
	}
	out->rate = bench_percentile(rate, (size_t) n, 50);
	out->p50  = bench_percentile(p50, (size_t) n, 50);
	out->p99  = bench_percentile(p99, (size_t) n, 50);
}

static void
row(const char *name, const char *kinerja, const char *baseline,
    const char *ratio, int met, const char *target_text)
{
	/* No target: a figure shown for context. */
	if (target_text == NULL)
		printf(
		    "ROW|%s|%s|%s|%s|-|-\n", name, kinerja, baseline, ratio);
	else
		printf("ROW|%s|%s|%s|%s|%s|%s\n", name, kinerja, baseline,
		    ratio, target_text, met ? "yes" : "NO");
	fflush(stdout);
}

void
bench_row(const char *name, const char *kinerja, const char *baseline,
    double ratio, double target, int higher, const char *target_text)
{
	char r[32] = "-";

	if (ratio >= 0)
		snprintf(r, sizeof(r), "%.2fx", ratio);
	row(name, kinerja, baseline, r,
	    higher ? ratio >= target : ratio <= target, target_text);
}

void
bench_row_abs(const char *name, const char *kinerja, double value,
    double target, const char *target_text)
{
	row(name, kinerja, "-", "-", value <= target, target_text);
}

/* -------------------------------------------------- the server's view */

uint64_t
bench_db_bytes(kinerja_client *c)
{
	Kinerja__GetMetricsRequest req = KINERJA__GET_METRICS_REQUEST__INIT;
	Kinerja__GetMetricsReply  *m;
	kinerja_status             st = KINERJA_STATUS_INIT;
	uint64_t                   b;

	bench_check(kinerja_get_metrics(c, &req, &m, &st), &st, "GetMetrics");
	b = m->database_bytes;
	kinerja__get_metrics_reply__free_unpacked(m, NULL);
	return b;
}


int
bench_calls_within(kinerja_client *c, const char *method, uint32_t ms,
    uint64_t *fast, uint64_t *total)
{
	Kinerja__GetMetricsRequest req = KINERJA__GET_METRICS_REQUEST__INIT;
	Kinerja__GetMetricsReply  *r;
	kinerja_status             st = KINERJA_STATUS_INIT;
	size_t                     i, b;
	int                        found = -1;

	bench_check(kinerja_get_metrics(c, &req, &r, &st), &st, "GetMetrics");
	*fast = *total = 0;
	for (i = 0; i < r->n_methods; i++) {
		const Kinerja__MethodMetrics *m = r->methods[i];

		if (strcmp(m->method, method) != 0)
			continue;
		for (b = 0; b < m->n_latency && b < r->n_latency_bounds_ms &&
		            r->latency_bounds_ms[b] <= ms;
		     b++)
			*fast += m->latency[b];
		*total = m->requests;
		found  = 0;
	}
	kinerja__get_metrics_reply__free_unpacked(r, NULL);
	return found;
}

double
bench_share_within(kinerja_client *c, const char *method, uint32_t ms)
{
	return bench_share_since(c, method, ms, 0, 0);
}

double
bench_share_since(kinerja_client *c, const char *method, uint32_t ms,
    uint64_t fast0, uint64_t total0)
{
	uint64_t fast, total;

	if (bench_calls_within(c, method, ms, &fast, &total) != 0 ||
	    total <= total0)
		return -1;
	fast -= fast0;
	total -= total0;
	printf("%s in kinerjad: %llu of %llu calls within %u ms\n", method,
	    (unsigned long long) fast, (unsigned long long) total,
	    (unsigned) ms);
	return 100.0 * (double) fast / (double) total;
}

/* --------------------------------------------------------- tcp */

int
bench_free_port(void)
{
	struct sockaddr_in a;
	socklen_t          len = sizeof(a);
	int                fd, port = -1;

	memset(&a, 0, sizeof(a));
	a.sin_family      = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if ((fd = socket(AF_INET, SOCK_STREAM, 0)) < 0)
		return -1;
	if (bind(fd, (struct sockaddr *) &a, sizeof(a)) == 0 &&
	    getsockname(fd, (struct sockaddr *) &a, &len) == 0)
		port = ntohs(a.sin_port);
	close(fd);
	return port;
}

int
bench_server_start_tcp(struct bench_server *s, const struct bench_opts *o,
    const char *workers, char *tcp_url, size_t len)
{
	const char *const extra[] = { "--listen", tcp_url, NULL };
	int               port    = bench_free_port();

	if (port < 0) {
		perror("bench: no free tcp port");
		return -1;
	}
	snprintf(tcp_url, len, "tcp://127.0.0.1:%d", port);
	return bench_server_start_with(s, o, workers, extra);
}
