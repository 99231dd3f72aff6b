/*
 * main.c - kinerjad: parse flags, open the store, start the workers, listen,
 * and wait for SIGINT or SIGTERM to stop cleanly. The request path itself
 * starts in rpc/server.c (receive) and rpc/dispatch.c (decode, dispatch).
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <malloc.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include <sys/resource.h>

#include "admin.h"
#include "auth.h"
#include "demo.h"
#include "dispatch.h"
#include "front.h"
#include "gateway.h"
#include "khandlers.h"
#include "server.h"
#include "store.h"

#define MAX_LISTEN 16
#define DEMO_URL   "inproc://kinerjad-demo"
#define HTTP_URL   "inproc://kinerjad-http" /* the gateway's way in */
#define GRPC_URL   "inproc://kinerjad-grpc" /* the gRPC front's */

struct options {
	struct kserver_config cfg;
	const char           *listen[MAX_LISTEN];
	int                   nlisten;
	int                   demo;
	const char           *http; /* --http ADDR:PORT; NULL: off */
	const char           *grpc; /* --grpc ADDR:PORT; NULL: off */
	unsigned long         grpc_max_calls; /* --grpc-max-calls */
	unsigned long         http_max_conns; /* --http-max-connections */
	unsigned long         http_timeout_ms; /* --http-timeout */
	unsigned long         http_idle_ms; /* --http-idle-timeout */
	int                   shared_db; /* --shared-db: no exclusive lock */
	/* Set by flags, so the environment leaves them alone. */
	int flag_db, flag_workers, flag_log_level, flag_conns, flag_idle,
	    flag_read, flag_budget, flag_http_max_conns, flag_http_timeout,
	    flag_http_idle, flag_grpc_max_calls;
};

static void
usage(FILE *f)
{
	fprintf(f,
	    "usage: kinerjad [options]\n"
	    "\n"
	    "Serves the kinerja API (protobuf over nng REQ/REP) on SQLite or "
	    "PostgreSQL.\n"
	    "\n"
	    "  -l, --listen URL       listen on URL; repeatable\n"
	    "                         (default tcp://127.0.0.1:7450; ipc:// "
	    "works too)\n"
	    "  -d, --db PATH|URL      SQLite database (default kinerja.db), or a\n"
	    "                         postgresql:// URL\n"
	    "      --demo             load the Batu Bara demo data into an "
	    "empty database\n"
	    "  -w, --workers N        concurrent requests (default 8)\n"
	    "      --max-message N    largest request in bytes (default "
	    "16777216)\n"
	    "      --max-batch N      most items per write request (default "
	    "100000)\n"
	    "      --timeout MS       deadline of requests that set none "
	    "(default 30000)\n"
	    "      --max-connections N  connections at once; more are closed "
	    "(default 256)\n"
	    "      --idle-timeout MS  close a connection quiet this long "
	    "after a request\n"
	    "                         (default 30000)\n"
	    "      --read-timeout MS  close a connection that has not sent a "
	    "whole request\n"
	    "                         this long after connecting (default "
	    "10000)\n"
	    "      --recv-budget N    bytes all connections together may be "
	    "receiving;\n"
	    "                         the per-connection limit shrinks to fit "
	    "(default\n"
	    "                         134217728)\n"
	    "      --http ADDR:PORT   also serve HTTP/JSON on a loopback "
	    "address\n"
	    "                         (POST /v1/<Method>, GET /healthz, GET\n"
	    "                         /v1/openapi.json); HTTPS with "
	    "--tls-cert\n"
	    "      --grpc ADDR:PORT   also serve gRPC (service "
	    "kinerja.Kinerja and\n"
	    "                         grpc.health.v1.Health) on a loopback "
	    "address;\n"
	    "                         TLS with --tls-cert and --tls-key\n"
	    "      --grpc-max-calls N gRPC calls in flight; more are "
	    "answered\n"
	    "                         RESOURCE_EXHAUSTED (default 256)\n"
	    "      --http-max-connections N\n"
	    "                         HTTP connections open at once (default "
	    "512)\n"
	    "      --http-timeout MS  time to send a request's headers, then "
	    "its body,\n"
	    "                         and to read the answer (default "
	    "10000)\n"
	    "      --http-idle-timeout MS\n"
	    "                         a kept-alive HTTP connection between "
	    "requests\n"
	    "                         (default 30000)\n"
	    "      --log-level L      none, error (server faults), warn (also "
	    "rejected\n"
	    "                         requests) or info (every request): one "
	    "line per\n"
	    "                         request on stderr (default info)\n"
	    "      --auth             require an API token on every request "
	    "but Health;\n"
	    "                         needed to listen beyond loopback\n"
	    "      --tls-cert FILE    certificate (PEM) for tls+tcp:// "
	    "listeners and\n"
	    "                         --http (which then serves HTTPS "
	    "only)\n"
	    "      --tls-key FILE     its private key (PEM)\n"
	    "      --tls-ca FILE      require client certificates signed by "
	    "this CA\n"
	    "      --replay-ttl T     forget a write's request id after T "
	    "(N, Ns, Nm, Nh\n"
	    "                         or Nd; default 7d; 0 keeps them): a "
	    "resend after\n"
	    "                         that is a new write\n"
	    "      --shared-db        let other kinerjad started with "
	    "--shared-db use\n"
	    "                         the database too (by default a second "
	    "one is refused)\n"
	    "  -h, --help             show this help\n"
	    "  -V, --version          show the version\n"
	    "\n"
	    "The environment may set KINERJA_LISTEN, KINERJA_DB, "
	    "KINERJA_WORKERS,\nKINERJA_DEMO=1, KINERJA_AUTH=1, "
	    "KINERJA_LOG_LEVEL, KINERJA_HTTP, "
	    "KINERJA_GRPC,\nKINERJA_GRPC_MAX_CALLS, "
	    "KINERJA_HTTP_MAX_CONNECTIONS, KINERJA_HTTP_TIMEOUT,\n"
	    "KINERJA_HTTP_IDLE_TIMEOUT, "
	    "KINERJA_TLS_CERT, KINERJA_TLS_KEY,\nKINERJA_TLS_CA, "
	    "KINERJA_MAX_CONNECTIONS, KINERJA_IDLE_TIMEOUT,\n"
	    "KINERJA_READ_TIMEOUT and KINERJA_RECV_BUDGET; flags win over "
	    "them.\n"
	    "\n"
	    "       kinerjad token create|list|revoke ...   (see kinerjad "
	    "token --help)\n"
	    "       kinerjad backup PATH [--db PATH]\n"
	    "       kinerjad history archive --before DATE FILE [--db "
	    "PATH]\n"
	    "       kinerjad migrate --from SRC --to DST   (see kinerjad "
	    "migrate --help)\n");
}

/* A duration: N seconds, or N followed by s, m, h or d; 0 allowed. */
static int
duration(const char *flag, const char *v, int64_t *out)
{
	static const char units[] = "smhd";
	static const long scale[] = { 1, 60, 3600, 86400 };
	char             *end;
	const char       *u;
	long long         n;

	errno = 0;
	n     = strtoll(v, &end, 10);
	u     = *end ? strchr(units, *end) : units;
	if (errno || end == v || *v == '-' || u == NULL || *u == 0 ||
	    (*end && end[1]) || n > 3650LL * 86400 / scale[u - units]) {
		fprintf(stderr,
		    "kinerjad: %s: \"%s\" is not a duration such as 7d, "
		    "12h, 30m or 3600 (seconds), at most 3650d\n",
		    flag, v);
		return -1;
	}
	*out = n * scale[u - units];
	return 0;
}

/* Parses a positive integer flag within [1, max]. */
static int
number(const char *flag, const char *v, unsigned long max, unsigned long *out)
{
	char         *end;
	unsigned long n;

	errno = 0;
	n     = strtoul(v, &end, 10);
	if (errno || *v == 0 || *end || n < 1 || n > max || *v == '-') {
		fprintf(stderr,
		    "kinerjad: %s: \"%s\" is not a number from 1 "
		    "to %lu\n",
		    flag, v, max);
		return -1;
	}
	*out = n;
	return 0;
}

static int
log_level(const char *v, int *out)
{
	static const char *const names[] = { "none", "error", "warn", "info" };
	int                      i;

	for (i = 0; i < 4; i++) {
		if (strcmp(v, names[i]) == 0) {
			*out = i;
			return 0;
		}
	}
	fprintf(stderr,
	    "kinerjad: log level \"%s\" is not none, error, "
	    "warn or info\n",
	    v);
	return -1;
}

#define MAX_CONNECTIONS 65536
#define MAX_TIMEOUT_MS  86400000
#define MAX_BUDGET      (1UL << 40)

/* A number flag, marked set so that the environment leaves it alone. */
static int
flag_number(const char *flag, unsigned long max, unsigned long *out, int *set)
{
	*set = 1;
	return number(flag, optarg, max, out);
}

/* A number from the environment unless a flag set it; 0 or -1. */
static int
env_number(
    const char *name, int flag_set, unsigned long max, unsigned long *out)
{
	const char *v = getenv(name);

	if (flag_set || v == NULL || *v == 0)
		return 0;
	return number(name, v, max, out);
}

/* KINERJA_MAX_CONNECTIONS, KINERJA_IDLE_TIMEOUT, KINERJA_READ_TIMEOUT. */
static int
conns_from_env(struct options *o)
{
	struct kconns_config *c = &o->cfg.conns;
	unsigned long max = c->max, idle = c->idle_ms, read = c->read_ms,
	              budget = c->budget;

	if (env_number("KINERJA_MAX_CONNECTIONS", o->flag_conns,
	        MAX_CONNECTIONS, &max) != 0 ||
	    env_number("KINERJA_IDLE_TIMEOUT", o->flag_idle, MAX_TIMEOUT_MS,
	        &idle) != 0 ||
	    env_number("KINERJA_READ_TIMEOUT", o->flag_read, MAX_TIMEOUT_MS,
	        &read) != 0 ||
	    env_number("KINERJA_RECV_BUDGET", o->flag_budget, MAX_BUDGET,
	        &budget) != 0)
		return -1;
	c->max     = (uint32_t) max;
	c->idle_ms = (uint32_t) idle;
	c->read_ms = (uint32_t) read;
	c->budget  = budget;
	return 0;
}

/*
 * Settings from the environment, for containers: KINERJA_LISTEN (one URL),
 * KINERJA_DB, KINERJA_WORKERS, KINERJA_DEMO=1, KINERJA_LOG_LEVEL. Read
 * after the flags, and only for what they left unset: a flag wins, and a
 * bad variable it overrides does not matter.
 */
static int
from_env(struct options *o)
{
	const char   *v;
	unsigned long n;

	if (o->nlisten == 0 && (v = getenv("KINERJA_LISTEN")) != NULL && *v)
		o->listen[o->nlisten++] = v;
	if (!o->flag_db && (v = getenv("KINERJA_DB")) != NULL && *v)
		o->cfg.db_path = v;
	n = o->cfg.workers;
	if (env_number("KINERJA_WORKERS", o->flag_workers, 256, &n) != 0 ||
	    env_number("KINERJA_HTTP_MAX_CONNECTIONS", o->flag_http_max_conns,
	        65536, &o->http_max_conns) != 0 ||
	    env_number("KINERJA_HTTP_TIMEOUT", o->flag_http_timeout, 3600000,
	        &o->http_timeout_ms) != 0 ||
	    env_number("KINERJA_HTTP_IDLE_TIMEOUT", o->flag_http_idle, 3600000,
	        &o->http_idle_ms) != 0 ||
	    env_number("KINERJA_GRPC_MAX_CALLS", o->flag_grpc_max_calls, 65536,
	        &o->grpc_max_calls) != 0)
		return -1;
	o->cfg.workers = (uint32_t) n;
	if ((v = getenv("KINERJA_DEMO")) != NULL && strcmp(v, "1") == 0)
		o->demo = 1;
	if ((v = getenv("KINERJA_AUTH")) != NULL && strcmp(v, "1") == 0)
		o->cfg.auth = 1;
	if (!o->cfg.tls_cert && (v = getenv("KINERJA_TLS_CERT")) && *v)
		o->cfg.tls_cert = v;
	if (!o->cfg.tls_key && (v = getenv("KINERJA_TLS_KEY")) && *v)
		o->cfg.tls_key = v;
	if (!o->cfg.tls_ca && (v = getenv("KINERJA_TLS_CA")) && *v)
		o->cfg.tls_ca = v;
	if (!o->flag_log_level && (v = getenv("KINERJA_LOG_LEVEL")) != NULL &&
	    *v && log_level(v, &o->cfg.log_level) != 0)
		return -1;
	if (o->http == NULL && (v = getenv("KINERJA_HTTP")) != NULL && *v)
		o->http = v;
	if (o->grpc == NULL && (v = getenv("KINERJA_GRPC")) != NULL && *v)
		o->grpc = v;
	if (o->nlisten == 0)
		o->listen[o->nlisten++] = "tcp://127.0.0.1:7450";
	return conns_from_env(o);
}

/* --max-connections, --idle-timeout, --read-timeout, --recv-budget: 1
 * when c was one of them. */
static int
conns_flag(int c, struct options *o, int *bad)
{
	struct kconns_config *k = &o->cfg.conns;
	unsigned long         n = 0;

	switch (c) {
	case 'N':
		*bad =
		    number("--max-connections", optarg, MAX_CONNECTIONS, &n);
		k->max = (uint32_t) n, o->flag_conns = 1;
		return 1;
	case 'I':
		*bad = number("--idle-timeout", optarg, MAX_TIMEOUT_MS, &n);
		k->idle_ms = (uint32_t) n, o->flag_idle = 1;
		return 1;
	case 'E':
		*bad = number("--read-timeout", optarg, MAX_TIMEOUT_MS, &n);
		k->read_ms = (uint32_t) n, o->flag_read = 1;
		return 1;
	case 'G':
		*bad      = number("--recv-budget", optarg, MAX_BUDGET, &n);
		k->budget = n, o->flag_budget = 1;
		return 1;
	}
	return 0;
}

static int
parse(int argc, char **argv, struct options *o)
{
	static const struct option longs[] = {
		{ "listen", required_argument, NULL, 'l' },
		{ "db", required_argument, NULL, 'd' },
		{ "demo", no_argument, NULL, 'D' },
		{ "workers", required_argument, NULL, 'w' },
		{ "max-message", required_argument, NULL, 'M' },
		{ "max-batch", required_argument, NULL, 'B' },
		{ "timeout", required_argument, NULL, 'T' },
		{ "log-level", required_argument, NULL, 'L' },
		{ "auth", no_argument, NULL, 'A' },
		{ "tls-cert", required_argument, NULL, 'C' },
		{ "tls-key", required_argument, NULL, 'K' },
		{ "tls-ca", required_argument, NULL, 'R' },
		{ "http", required_argument, NULL, 'H' },
		{ "grpc", required_argument, NULL, 'g' },
		{ "max-connections", required_argument, NULL, 'N' },
		{ "idle-timeout", required_argument, NULL, 'I' },
		{ "read-timeout", required_argument, NULL, 'E' },
		{ "recv-budget", required_argument, NULL, 'G' },
		{ "http-max-connections", required_argument, NULL, 'X' },
		{ "http-timeout", required_argument, NULL, 'O' },
		{ "http-idle-timeout", required_argument, NULL, 'Y' },
		{ "grpc-max-calls", required_argument, NULL, 'Q' },
		{ "replay-ttl", required_argument, NULL, 'P' },
		{ "shared-db", no_argument, NULL, 'S' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	unsigned long n;
	int           c, bad = 0;

	while ((c = getopt_long(argc, argv, "l:d:w:hV", longs, NULL)) != -1) {
		if (conns_flag(c, o, &bad)) {
			if (bad)
				return -1;
			continue;
		}
		switch (c) {
		case 'l':
			if (o->nlisten == MAX_LISTEN) {
				fprintf(stderr,
				    "kinerjad: at most %d --listen\n",
				    MAX_LISTEN);
				return -1;
			}
			o->listen[o->nlisten++] = optarg;
			break;
		case 'd':
			o->cfg.db_path = optarg;
			o->flag_db     = 1;
			break;
		case 'D':
			o->demo = 1;
			break;
		case 'w':
			if (number("--workers", optarg, 256, &n) != 0)
				return -1;
			o->cfg.workers  = (uint32_t) n;
			o->flag_workers = 1;
			break;
		case 'M':
			if (number("--max-message", optarg, 1UL << 30, &n) !=
			    0)
				return -1;
			o->cfg.max_message = n;
			break;
		case 'B':
			if (number("--max-batch", optarg, 1000000, &n) != 0)
				return -1;
			o->cfg.max_batch = (uint32_t) n;
			break;
		case 'T':
			if (number("--timeout", optarg, 3600000, &n) != 0)
				return -1;
			o->cfg.default_timeout_ms = (uint32_t) n;
			break;
		case 'L':
			if (log_level(optarg, &o->cfg.log_level) != 0)
				return -1;
			o->flag_log_level = 1;
			break;
		case 'A':
			o->cfg.auth = 1;
			break;
		case 'C':
			o->cfg.tls_cert = optarg;
			break;
		case 'K':
			o->cfg.tls_key = optarg;
			break;
		case 'R':
			o->cfg.tls_ca = optarg;
			break;
		case 'H':
			o->http = optarg;
			break;
		case 'g':
			o->grpc = optarg;
			break;
		case 'X':
			if (flag_number("--http-max-connections", 65536,
			        &o->http_max_conns,
			        &o->flag_http_max_conns) != 0)
				return -1;
			break;
		case 'O':
			if (flag_number("--http-timeout", 3600000,
			        &o->http_timeout_ms,
			        &o->flag_http_timeout) != 0)
				return -1;
			break;
		case 'Q':
			if (flag_number("--grpc-max-calls", 65536,
			        &o->grpc_max_calls,
			        &o->flag_grpc_max_calls) != 0)
				return -1;
			break;
		case 'Y':
			if (flag_number("--http-idle-timeout", 3600000,
			        &o->http_idle_ms, &o->flag_http_idle) != 0)
				return -1;
			break;
		case 'P':
			if (duration("--replay-ttl", optarg,
			        &o->cfg.replay_ttl_s) != 0)
				return -1;
			break;
		case 'S':
			o->shared_db = 1;
			break;
		case 'h':
			usage(stdout);
			exit(0);
		case 'V':
			printf("kinerjad %s\n", KINERJA_VERSION);
			exit(0);
		default:
			usage(stderr);
			return -1;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "kinerjad: unexpected argument \"%s\"\n",
		    argv[optind]);
		return -1;
	}
	return 0;
}

/*
 * Secure by default: without tokens, anyone who reaches the socket may
 * write every unit's numbers, so only this machine may reach it.
 */
static int
check_exposure(const struct options *o)
{
	int i;

	for (i = 0; i < o->nlisten; i++) {
		if (o->cfg.auth || kserver_url_is_local(o->listen[i]))
			continue;
		fprintf(stderr,
		    "kinerjad: refusing to listen on %s without --auth: "
		    "anyone who reaches it\ncould write every unit's data. "
		    "Create tokens (kinerjad token create) and\nstart with "
		    "--auth, or listen on 127.0.0.1 or ipc://.\n",
		    o->listen[i]);
		return -1;
	}
	if (!o->cfg.auth)
		fprintf(stderr, "kinerjad: authentication is off: any local "
		                "process may read and write (--auth requires "
		                "tokens)\n");
	return 0;
}

/* With auth on, the demo loader needs a token of its own: an admin token
 * made for the load and revoked after it. */
static int
load_demo(const struct options *o)
{
	struct kstore *st;
	char           token[KTOKEN_TEXT_MAX], name[64], err[256];
	int            rc;

	if (!o->cfg.auth)
		return demo_load(DEMO_URL, NULL);
	if (kstore_open(o->cfg.db_path, &st, err, sizeof(err)) != KS_OK)
		return -1;
	snprintf(
	    name, sizeof(name), "demo-loader-%lld", (long long) time(NULL));
	rc = ktoken_create(st, name, KROLE_ADMIN, NULL, 0, token);
	if (rc == KS_OK) {
		rc = demo_load(DEMO_URL, token);
		kstore_token_revoke(st, name);
	}
	kstore_close(st);
	return rc;
}

static int
listen_all(struct kserver *srv, const struct options *o)
{
	char err[256];
	int  i;

	/* The demo first: a client that reaches kinerjad sees all of it. */
	if (o->demo && (kserver_listen(srv, DEMO_URL, err, sizeof(err)) != 0 ||
	                   load_demo(o) != 0)) {
		fprintf(stderr, "kinerjad: demo data not loaded\n");
		return -1;
	}
	for (i = 0; i < o->nlisten; i++) {
		if (kserver_listen(srv, o->listen[i], err, sizeof(err)) != 0) {
			fprintf(stderr, "kinerjad: %s\n", err);
			return -1;
		}
		fprintf(stderr, "kinerjad: listening on %s\n", o->listen[i]);
	}
	return 0;
}

/* The HTTP gateway (--http), a client of our own REP socket over inproc;
 * file-scope so that main() stays as it is. Stopped before the server,
 * then its token store (with --auth) is closed. */
static struct kgateway *gateway;
static struct kstore   *gateway_store;

/* HTTP connections may not take the descriptors that nng, SQLite and the
 * workers need: a reserve is kept out of RLIMIT_NOFILE. */
static uint32_t
http_connection_cap(const struct options *o)
{
	rlim_t        reserve = 64 + 4 * (rlim_t) o->cfg.workers;
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) != 0 ||
	    rl.rlim_cur == RLIM_INFINITY ||
	    rl.rlim_cur >= o->http_max_conns + reserve)
		return (uint32_t) o->http_max_conns;
	fprintf(stderr,
	    "kinerjad: --http-max-connections %lu lowered to %llu: the "
	    "descriptor limit (ulimit -n) is %llu\n",
	    o->http_max_conns,
	    (unsigned long long) (rl.rlim_cur > reserve + 2
	                              ? rl.rlim_cur - reserve
	                              : 2),
	    (unsigned long long) rl.rlim_cur);
	return rl.rlim_cur > reserve + 2 ? (uint32_t) (rl.rlim_cur - reserve)
	                                 : 2;
}

/* The front ends (HTTP, gRPC) check a token before they read a body, on
 * a connection of their own to the token store. */
static int
authorize_front(
    void *arg, const char *method, const char *token, char *msg, size_t msglen)
{
	return kdispatch_precheck(
	    &khandlers_service, arg, method, token, msg, msglen);
}

/* What a front end refused itself is logged and counted by kinerjad. */
static void
refused_front(void *arg, const char *method, int code, int64_t us,
    const char *request_id, const char *peer)
{
	kserver_refused(arg, method, code, us, request_id, peer);
}

/* Under --auth, a front end's own connection to the token store (NULL
 * without auth); -1 when it cannot be opened, said on stderr. */
static int
open_front_store(const struct options *o, const char *flag,
    struct kstore **st)
{
	char err[512];

	*st = NULL;
	if (!o->cfg.auth ||
	    kstore_open(o->cfg.db_path, st, err, sizeof(err)) == KS_OK)
		return 0;
	fprintf(stderr, "kinerjad: %s: %s\n", flag, err);
	return -1;
}

static int
start_http(struct kserver *srv, const struct options *o)
{
	struct kgateway_config gc = { o->http, HTTP_URL, o->cfg.max_message,
		o->cfg.max_batch, o->cfg.default_timeout_ms, o->cfg.auth, NULL,
		NULL, 0, (uint32_t) o->http_timeout_ms,
		(uint32_t) o->http_idle_ms };
	char                   err[512];

	if (o->http == NULL)
		return 0;
	gc.max_connections = http_connection_cap(o);
	if (open_front_store(o, "--http", &gateway_store) != 0)
		return -1;
	gc.authorize     = o->cfg.auth ? authorize_front : NULL;
	gc.authorize_arg = gateway_store;
	gc.refused       = refused_front;
	gc.refused_arg   = srv;
	/* With a certificate, HTTP is HTTPS, under the flags of tls+tcp://. */
	gc.tls_cert = o->cfg.tls_cert;
	gc.tls_key  = o->cfg.tls_key;
	gc.tls_ca   = o->cfg.tls_ca;
	if (kserver_listen(srv, HTTP_URL, err, sizeof(err)) != 0 ||
	    kgateway_start(&gateway, &gc, err, sizeof(err)) != 0) {
		fprintf(stderr, "kinerjad: %s\n", err);
		return -1;
	}
	fprintf(stderr, "kinerjad: %s on port %d\n",
	    kgateway_https(gateway) ? "HTTPS" : "HTTP", kgateway_port(gateway));
	return 0;
}

/* The gRPC front (--grpc), like the gateway a client of our own REP
 * socket over inproc, with a token store of its own under --auth. */
static struct kgrpc  *grpc_front;
static struct kstore *grpc_store;

static int
start_grpc(struct kserver *srv, const struct options *o)
{
	struct kgrpc_config gc = { .addr = o->grpc,
		.rpc_url                 = GRPC_URL,
		.max_message             = o->cfg.max_message,
		.timeout_ms              = o->cfg.default_timeout_ms,
		.allow_remote            = o->cfg.auth,
		.refused                 = refused_front,
		.refused_arg             = srv,
		.tls_cert                = o->cfg.tls_cert,
		.tls_key                 = o->cfg.tls_key,
		.tls_ca                  = o->cfg.tls_ca,
		.handshake_ms            = o->cfg.conns.read_ms,
		.max_calls               = (uint32_t) o->grpc_max_calls };
	char                err[512];

	if (o->grpc == NULL)
		return 0;
	if (open_front_store(o, "--grpc", &grpc_store) != 0)
		return -1;
	gc.authorize     = o->cfg.auth ? authorize_front : NULL;
	gc.authorize_arg = grpc_store;
	if (kserver_listen(srv, GRPC_URL, err, sizeof(err)) != 0 ||
	    kgrpc_start(&grpc_front, &gc, err, sizeof(err)) != 0) {
		fprintf(stderr, "kinerjad: %s\n", err);
		return -1;
	}
	fprintf(stderr, "kinerjad: gRPC on port %d%s\n",
	    kgrpc_port(grpc_front), gc.tls_cert ? " (TLS)" : "");
	return 0;
}

/*
 * A request's memory is freed when it ends and the next one asks for as
 * much again. By default glibc maps large blocks afresh and gives freed
 * memory back at once, so every request paid for page faults on zeroed
 * pages (a sixth of a 7 300-unit ranking, see bench/). Keeping up to 8 MB
 * free per malloc arena costs some RSS (bench/ measures it: +8 MB).
 *
 * glibc also gives each thread that meets a busy arena one of its own,
 * up to 8 a CPU, and an arena keeps the peak of the largest call it
 * served: with 8 workers a village ranking's 50 MB was kept up to 8
 * times (bench_village: 298 MB at 40 000 desa, 130 MB with one arena).
 * No more threads run at once than there are CPUs, so no more arenas
 * than CPUs are needed to keep them from waiting on each other.
 *
 * What is kept is given back (malloc_trim, rpc/conns.c) once nothing is
 * in service after a large request, a call whose memory reached 16 MB
 * or a dropped connection.
 */
static void
keep_freed_memory(void)
{
#ifdef M_TRIM_THRESHOLD
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);

	mallopt(M_ARENA_MAX, cpus > 0 ? (int) cpus : 1);
	mallopt(M_MMAP_THRESHOLD, 4 << 20);
	mallopt(M_TRIM_THRESHOLD, 8 << 20);
#endif
}

/* Every connection is a descriptor: the soft limit (often 1024) would
 * refuse connections before --max-connections does. */
static void
raise_fd_limit(void)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
}

/* The database as the log may show it: a postgresql:// URL's password
 * ("user:secret@host") is written as "user:***@host". */
static const char *
shown_db(const char *db, char *buf, size_t len)
{
	const char *scheme = strstr(db, "://"), *at, *colon;

	if (scheme == NULL || (at = strchr(scheme + 3, '@')) == NULL ||
	    (colon = memchr(scheme + 3, ':', (size_t) (at - scheme - 3))) ==
	        NULL)
		return db;
	snprintf(buf, len, "%.*s:***%s", (int) (colon - db), db, at);
	return buf;
}

int
main(int argc, char **argv)
{
	struct options  o = { .cfg = { "kinerja.db", 8, 16u << 20, 100000,
		                  30000, 0, KLOG_INFO,
		                  .conns = { KCONNS_MAX, KCONNS_IDLE_MS,
		                      KCONNS_READ_MS, 0, KCONNS_BUDGET } },
		 .http_max_conns   = 512,
		 .http_timeout_ms  = 10000,
		 .http_idle_ms     = 30000,
		 .grpc_max_calls   = 256 };
	struct kserver *srv;
	sigset_t        sigs;
	char            err[512], shown[512];
	int             sig, rc = 1, lock = -1;

	if (argc > 1 && admin_command(argv[1]))
		return admin_main(argc - 1, argv + 1);
	o.cfg.replay_ttl_s = KSTORE_REPLAY_TTL;
	/* The one place the rpc layer meets the handlers: their table. */
	o.cfg.service = &khandlers_service;
	if (parse(argc, argv, &o) != 0 || from_env(&o) != 0 ||
	    check_exposure(&o) != 0)
		return 2;
	/* Decoded messages take several times their wire size. */
	o.cfg.decode_budget = 4 * o.cfg.max_message;
	/* Blocked before any thread starts, so only sigwait() sees them. */
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGINT);
	sigaddset(&sigs, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &sigs, NULL);
	signal(SIGPIPE, SIG_IGN);
	keep_freed_memory();
	raise_fd_limit();
	/* Two kinerjad on one database would each think they own it (its
	 * ids, its replays); replicas must say so (--shared-db). */
	if (kstore_lock(o.cfg.db_path, o.shared_db, &lock, err, sizeof(err)) !=
	    KS_OK) {
		fprintf(stderr,
		    "kinerjad: %s; start both with --shared-db if that is "
		    "intended\n",
		    err);
		return 1;
	}
	if (kserver_start(&srv, &o.cfg, err, sizeof(err)) != 0) {
		fprintf(stderr, "kinerjad: %s\n", err);
		return 1;
	}
	fprintf(stderr, "kinerjad %s: database %s, %u workers\n",
	    KINERJA_VERSION, shown_db(o.cfg.db_path, shown, sizeof(shown)),
	    o.cfg.workers);
	if (listen_all(srv, &o) == 0 && start_http(srv, &o) == 0 &&
	    start_grpc(srv, &o) == 0) {
		sigwait(&sigs, &sig);
		fprintf(stderr, "kinerjad: %s, stopping\n",
		    sig == SIGINT ? "SIGINT" : "SIGTERM");
		rc = 0;
	}
	kgrpc_stop(grpc_front);
	if (grpc_store != NULL)
		kstore_close(grpc_store);
	kgateway_stop(gateway);
	if (gateway_store != NULL)
		kstore_close(gateway_store);
	kserver_stop(srv);
	kstore_unlock(lock);
	/* nng frees closed listeners and pipes on its reaper thread, after
	 * nng_close returns; this waits for it, so a leak checker at exit
	 * sees nothing of nng still in flight. */
	nng_fini();
	return rc;
}
