/*
 * server.c - workers on a REP socket. Each worker owns a context with a
 * receive always posted. A request for a quick method (Health, ServerInfo:
 * the service table says which) is answered in the receive callback on
 * nng's task queue, as it arrives; anything else is handed to the worker's
 * thread, since handlers block on the database and would stall other
 * sockets' I/O on nng's shared task queue.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <arpa/inet.h>
#include <time.h>

#include <nng/nng.h>
#include <sodium.h>
#include <nng/protocol/reqrep0/rep.h>
#include <nng/supplemental/tls/tls.h>
#include <nng/supplemental/util/platform.h>

#include "conns.h"
#include "dispatch.h"
#include "envelope.h"
#include "kcore.h"
#include "metrics.h"
#include "server.h"
#include "store.h"

#define SEND_TIMEOUT_MS 5000
#define DRAIN_MS        5000 /* how long a stop waits for replies */

/* Requests up to an eighth over the limit are read and answered
 * RESOURCE_EXHAUSTED, so a client that misjudged its batch learns why;
 * beyond that the transport drops the connection without reading it. A
 * connection pins at most this much while it sends (nng allocates the
 * length it is told, and keeps what arrives until the message is whole),
 * so it is kept near the limit rather than twice it. */
#define HARD_LIMIT(max) ((max) + (max) / 8)
/* A request this large leaves memory worth giving back (conns.c). */
#define LARGE_REQUEST (1u << 20)

/*
 * A worker: one context with a receive always posted. Its callback runs on
 * nng's I/O threads as a request arrives; a quick method (kservice.h) is
 * answered there, anything else is handed to the worker's thread, which may
 * block on the database. mtx guards the fields below it; only the stop
 * path takes it from another thread, so it is never contended for long.
 */
struct worker {
	struct kserver  *srv;
	nng_ctx          ctx;
	nng_aio         *aio;
	nng_thread      *thr;
	struct kdispatch disp;
	nng_mtx         *mtx;
	nng_cv          *cv;
	nng_msg         *pending; /* for the thread */
	int              receiving, stopping, done;
};

/* A reply on its way out, on the context its request came in on. Kept
 * for the next reply when it has gone, with its aio and context, so a
 * request costs no allocation, context or reaper hand-off. */
struct reply {
	struct kserver *srv;
	nng_ctx         ctx;
	int             has_ctx;
	nng_aio        *aio;
	struct reply   *next; /* in srv->spare */
};

struct kserver {
	nng_socket          sock;
	nng_mtx            *mtx;
	nng_cv             *idle; /* signalled when sending reaches 0 */
	int                 sending; /* replies in flight; guarded by mtx */
	struct reply       *spare; /* replies gone; guarded by mtx */
	int                 log_level;
	int                 quick; /* may answer quick methods inline */
	struct kserver_info info;
	struct worker      *workers;
	uint32_t            nworkers;
	struct kconns      *conns; /* cap and timeouts of connections */
	const char         *tls_cert, *tls_key, *tls_ca;
	const struct kservice *service;
};

/* Posts the next receive, or, once the server is stopping, marks the
 * worker done. */
static void
post_recv(struct worker *w)
{
	nng_mtx_lock(w->mtx);
	if (w->stopping) {
		w->receiving = 0;
		w->done      = 1;
		nng_cv_wake(w->cv);
	} else {
		w->receiving = 1;
		nng_aio_set_timeout(w->aio, NNG_DURATION_INFINITE);
		nng_ctx_recv(w->ctx, w->aio);
	}
	nng_mtx_unlock(w->mtx);
}

/* Runs on nng's task queue when a reply has gone, or could not go. */
static void
reply_done(void *arg)
{
	struct reply   *r   = arg;
	struct kserver *srv = r->srv;
	nng_aio        *aio = r->aio;

	if (nng_aio_result(aio) != 0) {
		/* A context whose send failed is not trusted again. */
		nng_msg_free(nng_aio_get_msg(aio));
		nng_aio_set_msg(aio, NULL);
		nng_ctx_close(r->ctx);
		r->has_ctx = 0;
	}
	nng_mtx_lock(srv->mtx);
	r->next    = srv->spare;
	srv->spare = r;
	if (--srv->sending == 0)
		nng_cv_wake(srv->idle);
	nng_mtx_unlock(srv->mtx);
}

/* A spare reply, or a new one; NULL when memory or nng fails. */
static struct reply *
take_reply(struct kserver *srv)
{
	struct reply *r;

	nng_mtx_lock(srv->mtx);
	if ((r = srv->spare) != NULL) {
		srv->spare = r->next;
		srv->sending++;
	}
	nng_mtx_unlock(srv->mtx);
	if (r == NULL) {
		if ((r = calloc(1, sizeof(*r))) == NULL ||
		    nng_aio_alloc(&r->aio, reply_done, r) != 0) {
			free(r);
			return NULL;
		}
		r->srv = srv;
		nng_mtx_lock(srv->mtx);
		srv->sending++;
		nng_mtx_unlock(srv->mtx);
	}
	if (!r->has_ctx && nng_ctx_open(&r->ctx, srv->sock) == 0)
		r->has_ctx = 1;
	if (!r->has_ctx) { /* the socket is closing: keep it for the stop */
		nng_mtx_lock(srv->mtx);
		r->next    = srv->spare;
		srv->spare = r;
		srv->sending--;
		nng_mtx_unlock(srv->mtx);
		return NULL;
	}
	return r;
}

/* Frees the spare replies; their sends are over (drained). */
static void
free_replies(struct kserver *srv)
{
	struct reply *r;

	while ((r = srv->spare) != NULL) {
		srv->spare = r->next;
		if (r->has_ctx)
			nng_ctx_close(r->ctx);
		nng_aio_free(r->aio);
		free(r);
	}
}

/*
 * Hands the reply to nng without waiting, so that a client that does not
 * read its replies cannot hold the worker: the reply goes on the context
 * the request came in on, and the worker takes the reply's idle context
 * for its next receive. A reply that cannot go within SEND_TIMEOUT_MS is
 * dropped.
 */
static void
send_reply(struct worker *w, nng_msg *msg)
{
	struct reply *r = take_reply(w->srv);
	nng_ctx       idle;

	if (r == NULL) { /* unanswered: the client's deadline tells it */
		nng_msg_free(msg);
		return;
	}
	idle   = r->ctx;
	r->ctx = w->ctx;
	w->ctx = idle;
	nng_aio_set_msg(r->aio, msg);
	nng_aio_set_timeout(r->aio, SEND_TIMEOUT_MS);
	nng_ctx_send(r->ctx, r->aio);
}

/* "127.0.0.1:53412", "ipc", ...: who sent a message. */
static void
peer_of(nng_msg *msg, char *buf, size_t len)
{
	nng_sockaddr sa;
	char         ip[INET6_ADDRSTRLEN];

	snprintf(buf, len, "-");
	if (nng_pipe_get_addr(nng_msg_get_pipe(msg), NNG_OPT_REMADDR, &sa) !=
	    0)
		return;
	switch (sa.s_family) {
	case NNG_AF_INET:
		inet_ntop(AF_INET, &sa.s_in.sa_addr, ip, sizeof(ip));
		snprintf(buf, len, "%s:%u", ip, ntohs(sa.s_in.sa_port));
		break;
	case NNG_AF_INET6:
		inet_ntop(AF_INET6, sa.s_in6.sa_addr, ip, sizeof(ip));
		snprintf(buf, len, "[%s]:%u", ip, ntohs(sa.s_in6.sa_port));
		break;
	case NNG_AF_IPC:
		snprintf(buf, len, "ipc");
		break;
	case NNG_AF_INPROC:
		snprintf(buf, len, "inproc");
		break;
	}
}

/* One line per request: time, method, status, duration, id, caller. */
/* The level a reply is logged at: faults of the server are errors, requests
 * it refused are warnings. */
static int
level_of(int code)
{
	switch (code) {
	case KINERJA__CODE__OK:
		return KLOG_INFO;
	case KINERJA__CODE__UNKNOWN:
	case KINERJA__CODE__DEADLINE_EXCEEDED:
	case KINERJA__CODE__INTERNAL:
	case KINERJA__CODE__UNAVAILABLE:
	case KINERJA__CODE__DATA_LOSS:
		return KLOG_ERROR;
	default:
		return KLOG_WARN;
	}
}

static void
log_line(const struct kserver *s, const struct kdispatch_result *r,
    const char *peer)
{
	static const char *const levels[] = { "", "error", "warn", "info" };
	char                     when[32];
	time_t                   now   = time(NULL);
	int                      level = level_of(r->code);
	struct tm                tm;

	if (level > s->log_level)
		return;
	gmtime_r(&now, &tm);
	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm);
	fprintf(stderr, "%s %s %s %s %lld.%03lldms id=%s peer=%s\n", when,
	    levels[level], r->method,
	    kenv_code_name(r->code) ? kenv_code_name(r->code) : "?",
	    (long long) (r->us / 1000), (long long) (r->us % 1000),
	    r->request_id, peer);
}

/* A front end in this process says who its client is; nobody else can
 * reach an inproc:// pipe, so only there is the "peer" metadata believed. */
static void
log_request(
    const struct kserver *s, nng_msg *msg, const struct kdispatch_result *r)
{
	char peer[64];

	if (level_of(r->code) > s->log_level)
		return; /* the peer's address costs a look-up and a format */
	peer_of(msg, peer, sizeof(peer));
	log_line(s, r, strcmp(peer, "inproc") == 0 && r->via[0] ? r->via : peer);
}

void
kserver_refused(struct kserver *s, const char *method, int code, int64_t us,
    const char *request_id, const char *peer)
{
	const ProtobufCServiceDescriptor *sd = s->service->descriptor;
	const ProtobufCMethodDescriptor  *md = NULL;
	struct kdispatch_result           r  = { 0 };

	if (method != NULL)
		md = protobuf_c_service_descriptor_get_method_by_name(sd, method);
	kmetrics_record(s->info.metrics, md ? (int) (md - sd->methods) : -1,
	    code == KINERJA__CODE__OK, us);
	r.method = md ? md->name : "-";
	snprintf(r.request_id, sizeof(r.request_id), "%s",
	    request_id && *request_id ? request_id : "-");
	r.code = code;
	r.us   = us;
	log_line(s, &r, peer ? peer : "-");
}

/* Answers one request. */
static void
serve_one(struct worker *w, nng_msg *msg)
{
	struct kdispatch_result res;
	uint8_t                *out;
	size_t                  outlen;
	nng_pipe                p = nng_msg_get_pipe(msg);
	int                     large;

	kconns_begin(w->srv->conns, p);
	kdispatch_handle(&w->disp, nng_msg_body(msg), nng_msg_len(msg), &out,
	    &outlen, &res);
	large = nng_msg_len(msg) >= LARGE_REQUEST || res.large;
	log_request(w->srv, msg, &res);
	nng_msg_clear(msg);
	if (nng_msg_append(msg, out, outlen) != 0)
		nng_msg_free(msg);
	else
		send_reply(w, msg);
	free(out);
	/* After the reply is on its way: a trim it may start (conns.c)
	 * then delays no one's answer. */
	kconns_end(w->srv->conns, p, large);
}

/* A request has come in on w's context (on nng's task queue). */
static void
recv_done(void *arg)
{
	struct worker *w  = arg;
	int            rv = nng_aio_result(w->aio);
	nng_msg       *msg;

	if (rv == NNG_ECLOSED) {
		nng_mtx_lock(w->mtx);
		w->receiving = 0;
		w->done      = 1;
		nng_cv_wake(w->cv);
		nng_mtx_unlock(w->mtx);
		return;
	}
	if (rv != 0) {
		post_recv(w);
		return;
	}
	msg = nng_aio_get_msg(w->aio);
	if (w->srv->quick &&
	    kdispatch_quick(&w->disp, nng_msg_body(msg), nng_msg_len(msg))) {
		serve_one(w, msg);
		post_recv(w);
		return;
	}
	nng_mtx_lock(w->mtx);
	w->receiving = 0;
	w->pending   = msg;
	nng_cv_wake(w->cv);
	nng_mtx_unlock(w->mtx);
}

/* The worker's thread: the requests that may block. */
static void
worker_main(void *arg)
{
	struct worker *w = arg;
	nng_msg       *msg;

	nng_mtx_lock(w->mtx);
	for (;;) {
		while (w->pending == NULL && !w->done)
			nng_cv_wait(w->cv);
		if ((msg = w->pending) == NULL)
			break;
		w->pending = NULL;
		nng_mtx_unlock(w->mtx);
		serve_one(w, msg);
		post_recv(w);
		nng_mtx_lock(w->mtx);
	}
	nng_mtx_unlock(w->mtx);
}

static int
start_worker(struct kserver *s, struct worker *w,
    const struct kserver_config *cfg, char *err, size_t errlen)
{
	int rv;

	w->srv                     = s;
	w->disp.service            = cfg->service;
	w->disp.info               = &s->info;
	w->disp.default_timeout_ms = cfg->default_timeout_ms;
	w->disp.max_message        = cfg->max_message;
	w->disp.decode_budget      = cfg->decode_budget;
	w->disp.auth               = cfg->auth;
	if (kstore_open(cfg->db_path, &w->disp.store, err, errlen) != KS_OK)
		return -1;
	kstore_set_replay_ttl(w->disp.store, cfg->replay_ttl_s);
	if ((rv = nng_mtx_alloc(&w->mtx)) != 0 ||
	    (rv = nng_cv_alloc(&w->cv, w->mtx)) != 0 ||
	    (rv = nng_ctx_open(&w->ctx, s->sock)) != 0 ||
	    (rv = nng_aio_alloc(&w->aio, recv_done, w)) != 0 ||
	    (rv = nng_thread_create(&w->thr, worker_main, w)) != 0) {
		snprintf(err, errlen, "worker: %s", nng_strerror(rv));
		return -1;
	}
	post_recv(w);
	return 0;
}

/* PostgreSQL's Health reconnects a broken connection, which can wait on
 * the network: its quick methods go to the workers like the rest. The
 * store tells the backends apart by the same prefix. */
static int
quick_allowed(const char *db_path)
{
	return strncmp(db_path, "postgres", 8) != 0;
}

int
kserver_start(struct kserver **out, const struct kserver_config *cfg,
    char *err, size_t errlen)
{
	struct kserver      *s     = calloc(1, sizeof(*s));
	struct kconns_config conns = cfg->conns;
	uint32_t             i;
	int                  rv;

	if (s == NULL ||
	    (s->workers = calloc(cfg->workers, sizeof(*s->workers))) == NULL) {
		free(s);
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	if (sodium_init() < 0) {
		free(s->workers);
		free(s);
		snprintf(err, errlen, "libsodium failed to start");
		return -1;
	}
	conns.recv_max     = HARD_LIMIT(cfg->max_message);
	s->info.started_ms = kstore_now_ms();
	s->log_level       = cfg->log_level;
	s->quick           = quick_allowed(cfg->db_path);
	s->tls_cert        = cfg->tls_cert;
	s->tls_key         = cfg->tls_key;
	s->tls_ca          = cfg->tls_ca;
	s->service        = cfg->service;
	s->info.metrics   = kmetrics_new(cfg->service->descriptor->n_methods);
	s->info.workers   = cfg->workers;
	s->info.max_batch = cfg->max_batch;
	if (cfg->service->state_new != NULL &&
	    (s->info.state = cfg->service->state_new()) == NULL) {
		snprintf(err, errlen, "out of memory");
		kserver_stop(s);
		return -1;
	}
	if ((rv = nng_mtx_alloc(&s->mtx)) != 0 ||
	    (rv = nng_cv_alloc(&s->idle, s->mtx)) != 0 ||
	    (rv = nng_rep0_open(&s->sock)) != 0 ||
	    (rv = nng_socket_set_size(s->sock, NNG_OPT_RECVMAXSZ,
	         HARD_LIMIT(cfg->max_message))) != 0 ||
	    (rv = kconns_start(&s->conns, s->sock, &conns)) != 0) {
		snprintf(err, errlen, "socket: %s", nng_strerror(rv));
		kserver_stop(s);
		return -1;
	}
	for (i = 0; i < cfg->workers; i++) {
		if (start_worker(s, &s->workers[i], cfg, err, errlen) != 0) {
			s->nworkers = i + 1;
			kserver_stop(s);
			return -1;
		}
	}
	s->nworkers = cfg->workers;
	*out        = s;
	return 0;
}

int
kserver_url_is_local(const char *url)
{
	/* unix:// is ipc:// by another name; abstract:// is a Linux socket
	 * with no file, reachable from this machine (its network namespace)
	 * only. None of them has a host to check. */
	static const char *const schemes[] = { "ipc://", "inproc://",
		"unix://", "abstract://" };
	nng_url                 *u;
	size_t                   i;
	int                      local;

	for (i = 0; i < sizeof(schemes) / sizeof(schemes[0]); i++)
		if (strncmp(url, schemes[i], strlen(schemes[i])) == 0)
			return 1;
	if (nng_url_parse(&u, url) != 0)
		return 0;
	local = kc_loopback_host(u->u_hostname);
	nng_url_free(u);
	return local;
}

/* The whole of a small file, NUL-terminated; NULL if unreadable. */
static char *
slurp(const char *path)
{
	FILE *f   = fopen(path, "rb");
	char *buf = NULL;
	long  n;

	if (f != NULL && fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 &&
	    n < (1L << 20) && fseek(f, 0, SEEK_SET) == 0 &&
	    (buf = malloc((size_t) n + 1)) != NULL) {
		if (fread(buf, 1, (size_t) n, f) != (size_t) n) {
			free(buf);
			buf = NULL;
		} else {
			buf[n] = 0;
		}
	}
	if (f != NULL)
		fclose(f);
	return buf;
}

static int
tls_config(
    const struct kserver *s, nng_tls_config **out, char *err, size_t errlen)
{
	char *cert = NULL, *key = NULL;
	int   rv;

	if (s->tls_cert == NULL || s->tls_key == NULL) {
		snprintf(
		    err, errlen, "tls+tcp:// needs --tls-cert and --tls-key");
		return -1;
	}
	if ((cert = slurp(s->tls_cert)) == NULL ||
	    (key = slurp(s->tls_key)) == NULL) {
		snprintf(err, errlen, "cannot read %s",
		    cert == NULL ? s->tls_cert : s->tls_key);
		free(cert);
		return -1;
	}
	if ((rv = nng_tls_config_alloc(out, NNG_TLS_MODE_SERVER)) == 0 &&
	    (rv = nng_tls_config_own_cert(*out, cert, key, NULL)) == 0 &&
	    s->tls_ca != NULL &&
	    (rv = nng_tls_config_ca_file(*out, s->tls_ca)) == 0)
		rv =
		    nng_tls_config_auth_mode(*out, NNG_TLS_AUTH_MODE_REQUIRED);
	free(cert);
	free(key);
	if (rv != 0) {
		snprintf(err, errlen, "TLS certificate, key or CA: %s",
		    nng_strerror(rv));
		if (*out != NULL)
			nng_tls_config_free(*out);
		return -1;
	}
	return 0;
}

static int
listen_tls(struct kserver *s, const char *url, char *err, size_t errlen)
{
	nng_listener    l;
	nng_tls_config *cfg = NULL;
	int             rv;

	if (tls_config(s, &cfg, err, errlen) != 0)
		return -1;
	if ((rv = nng_listener_create(&l, s->sock, url)) == 0 &&
	    (rv = nng_listener_set_ptr(l, NNG_OPT_TLS_CONFIG, cfg)) == 0 &&
	    (rv = kconns_watch(s->conns, l)) == 0)
		rv = nng_listener_start(l, 0);
	nng_tls_config_free(cfg); /* the listener holds its own reference */
	if (rv != 0) {
		snprintf(err, errlen, "listen %s: %s", url, nng_strerror(rv));
		return -1;
	}
	return 0;
}

int
kserver_listen(struct kserver *s, const char *url, char *err, size_t errlen)
{
	nng_listener l;
	int          tcp = strncmp(url, "tcp", 3) == 0; /* tcp:// tcp4:// */
	int          rv;

	if (strncmp(url, "tls+tcp://", 10) == 0)
		return listen_tls(s, url, err, errlen);
	/* The receive limit of TCP listeners follows the budget (conns.h);
	 * ipc:// and inproc:// are this machine's. */
	if ((rv = nng_listener_create(&l, s->sock, url)) == 0 &&
	    (!tcp || (rv = kconns_watch(s->conns, l)) == 0))
		rv = nng_listener_start(l, 0);
	if (rv != 0) {
		snprintf(err, errlen, "listen %s: %s", url, nng_strerror(rv));
		return -1;
	}
	return 0;
}

/* Waits for the replies still on their way out, up to `ms` (or for ever
 * with NNG_DURATION_INFINITE). */
static void
drain(struct kserver *s, nng_duration ms)
{
	nng_time until = nng_clock() + (nng_time) ms;

	nng_mtx_lock(s->mtx);
	while (s->sending > 0) {
		if (ms == NNG_DURATION_INFINITE)
			nng_cv_wait(s->idle);
		else if (nng_cv_until(s->idle, until) != 0)
			break;
	}
	nng_mtx_unlock(s->mtx);
}

/* Waits for the worker to leave (it has been told to stop), then frees it. */
static void
stop_worker(struct worker *w)
{
	if (w->thr != NULL)
		nng_thread_destroy(w->thr);
	if (w->aio != NULL)
		nng_aio_free(w->aio); /* waits for its callback */
	if (w->pending != NULL)
		nng_msg_free(w->pending);
	if (w->cv != NULL)
		nng_cv_free(w->cv);
	if (w->mtx != NULL)
		nng_mtx_free(w->mtx);
	kstore_close(w->disp.store);
}

void
kserver_stop(struct kserver *s)
{
	uint32_t i;

	if (s == NULL)
		return;
	/* Idle workers are woken; busy ones finish their request and send
	 * the reply, then see `stopping` and leave. */
	for (i = 0; i < s->nworkers; i++) {
		struct worker *w = &s->workers[i];

		if (w->mtx == NULL)
			continue;
		nng_mtx_lock(w->mtx);
		w->stopping = 1;
		if (w->receiving)
			nng_aio_cancel(w->aio);
		nng_mtx_unlock(w->mtx);
	}
	for (i = 0; i < s->nworkers; i++)
		stop_worker(&s->workers[i]);
	if (s->idle != NULL)
		drain(s, DRAIN_MS);
	nng_close(s->sock);
	kconns_stop(s->conns); /* no pipe event comes after the close */
	/* Closing aborts what is left; its callbacks still touch s. */
	if (s->idle != NULL) {
		drain(s, NNG_DURATION_INFINITE);
		nng_cv_free(s->idle);
	}
	free_replies(s);
	if (s->mtx != NULL)
		nng_mtx_free(s->mtx);
	kmetrics_free(s->info.metrics);
	/* No worker runs any more: nothing holds what the state keeps. */
	if (s->info.state != NULL)
		s->service->state_free(s->info.state);
	free(s->workers);
	free(s);
}
