/*
 * http.c - the HTTP side of the gateway, on libmicrohttpd (MHD). MHD reads
 * a request's headers and calls on_request(): everything that can be
 * refused without the body (route, size, token, memory for the body) is
 * refused there, before a byte of the body is read. The body is collected,
 * bounded by json_scan.c before cJSON builds a tree, converted, and sent
 * as an envelope on a REQ context; the connection is suspended until the
 * reply comes back on nng's aio thread, so no MHD thread waits on an RPC.
 *
 * Why nng's HTTP server was replaced: it has no connection cap and no read
 * timeout (a connection that sends nothing is kept forever). MHD caps
 * connections, but its timeout counts only idle time, so a client sending
 * a byte a second would still hold a connection: every connection has a
 * deadline for what it is doing (headers, body, reading the answer, idling
 * between requests), and a sweeper thread shuts down any connection past
 * it.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <netdb.h>
#include <sys/socket.h>

#include <cjson/cJSON.h>
#include <microhttpd.h>
#include <nng/nng.h>
#include <nng/protocol/reqrep0/req.h>
#include <nng/supplemental/util/platform.h>

#include "console.h"
#include "envelope.h"
#include "gateway.h"
#include "json_pb.h"
#include "json_scan.h"
#include "kcore.h"
#include "kinerja/kinerja.pb-c.h"
#include "openapi.h"
#include "status.h"
#include "tls.h"

/* The server answers DEADLINE_EXCEEDED itself at the deadline; the
 * gateway gives it this much longer before answering 504 on its own. */
#define GRACE_MS       1000
#define MAX_TIMEOUT_MS 3600000
/* MHD threads: they parse bodies, so this also bounds parses at once. */
#define POOL_THREADS 2
/* Per connection: request line and headers must fit (MHD's default). */
#define CONN_MEMORY (32 * 1024)
/* Bodies in flight, all connections together, in --max-message units. */
#define BODY_FACTOR 4
/* The JSON tree of one body (json_scan.c): a 100 000-value batch takes
 * ~70 MB, and the tree is gone once the envelope is built. */
#define TREE_BASE   (64u << 20)
#define TREE_FACTOR 4
#define BACKLOG     512 /* a burst of connects waits here, not a SYN retry */

enum step { SEND, RECEIVE };

/* One TCP connection, from MHD's connection notifications. */
struct conn {
	struct conn *prev, *next; /* gw->conns */
	int          fd;
	nng_time     deadline; /* shut down past it; 0: none */
	int          client_ok; /* its TLS client certificate was checked */
};

/* One request, from its headers until MHD says it is complete. */
struct call {
	struct kgateway                 *gw;
	struct call                     *prev, *next; /* gw->calls, in RPC */
	struct MHD_Connection           *mc;
	const ProtobufCMethodDescriptor *md;
	int                              health; /* GET /healthz */
	int         discard; /* refused on its headers; the body is dropped */
	int         reported; /* refused, and kinerjad told (report()) */
	const char *request_id, *token, *reason; /* headers, MHD's memory */
	uint32_t    timeout_ms; /* X-Timeout-Ms; 0: none */
	char       *body;
	size_t      len, cap, reserved; /* reserved: of gw->body_used */
	nng_aio    *aio;
	nng_ctx     ctx;
	int         ctx_open;
	int         at_stop; /* answered 503 by kgateway_stop() */
	enum step   step;
	unsigned    status; /* the answer, once the RPC is done */
	char       *answer;
	char        answer_id[130]; /* the reply's request id */
	int64_t     start_us; /* its headers came, CLOCK_MONOTONIC */
	char        peer[64]; /* "http/127.0.0.1:53412", for kinerjad */
};

struct kgateway {
	struct MHD_Daemon *mhd;
	nng_socket         sock; /* REQ, dialled to kinerjad's REP */
	nng_mtx           *mtx; /* calls, suspended, stopping */
	nng_cv            *idle; /* woken when suspended drops to 0 */
	struct call       *calls; /* RPCs in flight */
	int                suspended; /* connections waiting on an RPC */
	int                stopping;
	int                answering; /* answered at the stop, not yet sent */
	nng_mtx           *conn_mtx; /* conns, deadlines, sweeper */
	nng_cv            *sweep_cv;
	struct conn       *conns;
	nng_thread        *sweeper;
	int                sweeper_stop;
	atomic_size_t      body_used; /* bytes reserved by bodies */
	size_t             body_limit;
	size_t             max_message;
	uint32_t           max_batch;
	uint32_t           timeout_ms;
	uint32_t           http_timeout_ms, idle_timeout_ms;
	kgateway_authorize authorize;
	void              *authorize_arg;
	nng_mtx           *auth_mtx; /* authorize() is not thread-safe */
	kgateway_refused   refused; /* told of every request answered here */
	void              *refused_arg;
	struct ktls        tls; /* HTTPS when tls.cert is set */
	char              *openapi; /* GET /v1/openapi.json, made at start */
	int                port;
};

/* ------------------------------------------------ deadlines and sweeper */

/* The connection's next deadline, ms from now; 0: none. */
static void
set_deadline(struct kgateway *gw, struct MHD_Connection *mc, uint32_t ms)
{
	const union MHD_ConnectionInfo *ci =
	    MHD_get_connection_info(mc, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	struct conn *k = ci ? ci->socket_context : NULL;

	if (k == NULL)
		return;
	nng_mtx_lock(gw->conn_mtx);
	k->deadline = ms ? nng_clock() + ms : 0;
	nng_mtx_unlock(gw->conn_mtx);
}

/* MHD closes a connection whose socket is shut down as it would one the
 * client closed: its notifications and cleanup run as usual. CLOSED is
 * notified before MHD closes the descriptor, and both take conn_mtx, so
 * the descriptor shut down here is never one reused meanwhile. */
static void
sweep(void *arg)
{
	struct kgateway *gw = arg;
	nng_duration     period =
	    (gw->http_timeout_ms < gw->idle_timeout_ms ? gw->http_timeout_ms
	                                               : gw->idle_timeout_ms) /
	    4;
	struct conn *k;
	nng_time     now;

	period = period < 20 ? 20 : period > 1000 ? 1000 : period;
	nng_mtx_lock(gw->conn_mtx);
	while (!gw->sweeper_stop) {
		now = nng_clock();
		for (k = gw->conns; k != NULL; k = k->next) {
			if (k->deadline != 0 && now >= k->deadline) {
				shutdown(k->fd, SHUT_RDWR);
				k->deadline = 0;
			}
		}
		nng_cv_until(gw->sweep_cv, now + period);
	}
	nng_mtx_unlock(gw->conn_mtx);
}

static void
on_connection(void *cls, struct MHD_Connection *mc, void **socket_context,
    enum MHD_ConnectionNotificationCode toe)
{
	struct kgateway                *gw = cls;
	struct conn                    *k  = *socket_context;
	const union MHD_ConnectionInfo *ci;

	nng_mtx_lock(gw->conn_mtx);
	if (toe == MHD_CONNECTION_NOTIFY_STARTED &&
	    (ci = MHD_get_connection_info(
	         mc, MHD_CONNECTION_INFO_CONNECTION_FD)) != NULL &&
	    (k = calloc(1, sizeof(*k))) != NULL) {
		k->fd       = ci->connect_fd;
		k->deadline = nng_clock() + gw->http_timeout_ms;
		if ((k->next = gw->conns) != NULL)
			k->next->prev = k;
		gw->conns       = k;
		*socket_context = k;
	} else if (toe == MHD_CONNECTION_NOTIFY_CLOSED && k != NULL) {
		if (k->prev != NULL)
			k->prev->next = k->next;
		else
			gw->conns = k->next;
		if (k->next != NULL)
			k->next->prev = k->prev;
		free(k);
		*socket_context = NULL;
	}
	nng_mtx_unlock(gw->conn_mtx);
}

/* ------------------------------------------------------------- answers */

/* Queues an answer (taking body's memory); the client has the HTTP
 * timeout to read it. MHD_NO drops the connection. */
static enum MHD_Result
queue(struct kgateway *gw, struct MHD_Connection *mc, unsigned status,
    char *body, const char *request_id, int close)
{
	struct MHD_Response *r;
	enum MHD_Result      ok;

	if (body == NULL)
		return MHD_NO;
	r = MHD_create_response_from_buffer(
	    strlen(body), body, MHD_RESPMEM_MUST_FREE);
	if (r == NULL) {
		free(body);
		return MHD_NO;
	}
	/* An id MHD will not put in a header is simply not echoed. */
	if (request_id != NULL && *request_id)
		MHD_add_response_header(r, "X-Request-Id", request_id);
	if (MHD_add_response_header(r, "Content-Type", "application/json") !=
	        MHD_YES ||
	    (close && MHD_add_response_header(r, "Connection", "close") !=
	                  MHD_YES)) {
		MHD_destroy_response(r);
		return MHD_NO;
	}
	ok = MHD_queue_response(mc, status, r);
	MHD_destroy_response(r);
	set_deadline(gw, mc, gw->http_timeout_ms);
	return ok;
}

/* The status of the gateway's own refusals: a request too large is 413,
 * as its size is no condition that may pass (429). */
static unsigned
own_status(int code)
{
	return code == KINERJA__CODE__RESOURCE_EXHAUSTED ? 413
	                                                 : kstatus_http(code);
}

static int64_t
now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t) ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* Request ids go into kinerjad's log: visible ASCII only, as dispatch
 * requires of them. */
static const char *
loggable_id(const char *id)
{
	const char *s = id;

	for (; s != NULL && *s; s++)
		if (*s < 0x21 || *s > 0x7e)
			return NULL;
	return id != NULL && *id && s - id < 128 ? id : NULL;
}

/* Tells kinerjad of a request answered here, never forwarded, so that it
 * is logged and counted in GetMetrics like the others. */
static void
report(struct call *c, int code)
{
	struct kgateway *gw = c->gw;

	if (gw->refused != NULL && !c->reported++)
		gw->refused(gw->refused_arg, c->md ? c->md->name : NULL, code,
		    now_us() - c->start_us, loggable_id(c->request_id),
		    c->peer);
}

/* An answer the gateway gives itself, with no RPC behind it, reported.
 * Before the body is read the connection cannot be reused, so it is
 * closed. */
static enum MHD_Result
refuse(struct call *c, unsigned status, int code, const char *fmt, ...)
{
	char    msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	report(c, code);
	return queue(
	    c->gw, c->mc, status, kstatus_body(code, msg, NULL, 0), NULL, 1);
}

/* ------------------------------------------------------ body memory */

/* Takes n bytes of the gateway's body memory; 0, or -1 when it is all in
 * use (the request is refused at once rather than queued). */
static int
reserve(struct kgateway *gw, size_t n)
{
	size_t used = atomic_load(&gw->body_used);

	do {
		if (n > gw->body_limit - used)
			return -1;
	} while (
	    !atomic_compare_exchange_weak(&gw->body_used, &used, used + n));
	return 0;
}

/* Room for at least want bytes of body, within --max-message. */
static int
grow(struct call *c, size_t want)
{
	struct kgateway *gw = c->gw;
	size_t           cap;
	char            *b;

	if (want <= c->cap)
		return 0;
	cap = want < 2 * c->cap ? 2 * c->cap : want;
	cap = cap > gw->max_message ? gw->max_message : cap;
	if (reserve(gw, cap - c->cap) != 0)
		return -1;
	c->reserved += cap - c->cap;
	if ((b = realloc(c->body, cap + 1)) == NULL)
		return -1;
	c->body = b;
	c->cap  = cap;
	return 0;
}

static void
call_free(struct call *c)
{
	if (c->aio != NULL)
		nng_aio_free(c->aio); /* waits for its callback to return */
	atomic_fetch_sub(&c->gw->body_used, c->reserved);
	free(c->body);
	free(c->answer);
	free(c);
}

/* ------------------------------------------------- before the body */

/* Why a request is turned away on its headers. */
struct refusal {
	unsigned status; /* HTTP */
	int      code; /* gRPC, in the body */
	char     msg[512];
};

static int refused(struct refusal *r, unsigned status, int code,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static int
refused(struct refusal *r, unsigned status, int code, const char *fmt, ...)
{
	va_list ap;

	r->status = status;
	r->code   = code;
	va_start(ap, fmt);
	vsnprintf(r->msg, sizeof(r->msg), fmt, ap);
	va_end(ap);
	return -1;
}

/* The RPC a path names: /v1/<Method>, or /healthz for Health. */
static const ProtobufCMethodDescriptor *
named(const char *url)
{
	const ProtobufCServiceDescriptor *sd = &kinerja__kinerja__descriptor;

	if (strcmp(url, "/healthz") == 0)
		return protobuf_c_service_descriptor_get_method_by_name(
		    sd, "Health");
	if (strncmp(url, "/v1/", 4) == 0 && strlen(url + 4) < 64)
		return protobuf_c_service_descriptor_get_method_by_name(
		    sd, url + 4);
	return NULL;
}

/* The method of a route; NULL when refused. */
static const ProtobufCMethodDescriptor *
route(const char *url, const char *method, int *health, struct refusal *r)
{
	const ProtobufCServiceDescriptor *sd  = &kinerja__kinerja__descriptor;
	const ProtobufCMethodDescriptor  *md  = NULL;
	int                               rpc = strncmp(url, "/v1/", 4) == 0;
	char                              qm[80], qu[280]; /* quoted */

	*health = strcmp(url, "/healthz") == 0;
	if (*health && strcmp(method, "GET") != 0 &&
	    strcmp(method, "HEAD") != 0) {
		refused(r, 405, KINERJA__CODE__UNIMPLEMENTED,
		    "method: %s /healthz; use GET",
		    kc_quote(qm, sizeof(qm), method, 16));
		return NULL;
	}
	if (*health)
		return named(url);
	if (rpc && strcmp(method, "POST") != 0) {
		refused(r, 405, KINERJA__CODE__UNIMPLEMENTED,
		    "method: %s %s; use POST", kc_quote(qm, sizeof(qm), method, 16),
		    kc_quote(qu, sizeof(qu), url, 64));
		return NULL;
	}
	if ((md = named(url)) == NULL)
		refused(r, 404, KINERJA__CODE__NOT_FOUND,
		    "method: no RPC %s in %s",
		    kc_quote(qu, sizeof(qu), rpc ? url + 4 : url, 64), sd->name);
	return md;
}

static const char *
header(struct MHD_Connection *mc, const char *name)
{
	return MHD_lookup_connection_value(mc, MHD_HEADER_KIND, name);
}

/* X-Request-Id, X-Timeout-Ms, Authorization and X-Reason; 0 or -1. */
static int
read_headers(struct call *c, struct refusal *r)
{
	const char   *v;
	char         *end, q[136]; /* 32 characters quoted */
	unsigned long ms;

	c->request_id = header(c->mc, "X-Request-Id");
	c->reason     = header(c->mc, "X-Reason"); /* why, for the history */
	if ((v = header(c->mc, "X-Timeout-Ms")) != NULL) {
		ms = strtoul(v, &end, 10);
		if (*v < '0' || *v > '9' || *end || ms < 1 ||
		    ms > MAX_TIMEOUT_MS)
			return refused(r, 400, KINERJA__CODE__INVALID_ARGUMENT,
			    "X-Timeout-Ms: %s is not a number of "
			    "milliseconds from 1 to %d",
			    kc_quote(q, sizeof(q), v, 32), MAX_TIMEOUT_MS);
		c->timeout_ms = (uint32_t) ms;
	}
	if ((v = header(c->mc, "Authorization")) != NULL) {
		/* The service wants the token alone, as nng clients send it.
		 */
		if (strncasecmp(v, "Bearer ", 7) != 0)
			return refused(r, 401, KINERJA__CODE__UNAUTHENTICATED,
			    "Authorization: expected \"Bearer <token>\"");
		c->token = v + 7 + strspn(v + 7, " ");
	}
	return 0;
}

/* The token against the method, as dispatch will check it again: a
 * stranger is turned away before sending a byte of body. */
static int
authorize(struct call *c, struct refusal *r)
{
	struct kgateway *gw = c->gw;

	if (gw->authorize == NULL)
		return 0;
	nng_mtx_lock(gw->auth_mtx);
	r->code = gw->authorize(
	    gw->authorize_arg, c->md->name, c->token, r->msg, sizeof(r->msg));
	nng_mtx_unlock(gw->auth_mtx);
	r->status = kstatus_http(r->code);
	return r->code ? -1 : 0;
}

/* Content-Length within --max-message and memory for it; 0 or -1. */
static int
body_room(struct call *c, struct refusal *r)
{
	const char        *v = header(c->mc, "Content-Length");
	char              *end;
	unsigned long long n;

	if (v == NULL) /* none or chunked: grown as it comes */
		return 0;
	n = strtoull(v, &end, 10);
	if (*v < '0' || *v > '9' || *end)
		return refused(r, 400, KINERJA__CODE__INVALID_ARGUMENT,
		    "Content-Length: not a number");
	if (n > c->gw->max_message)
		return refused(r, 413, KINERJA__CODE__RESOURCE_EXHAUSTED,
		    "body: %llu bytes exceeds the limit of %zu", n,
		    c->gw->max_message);
	if (grow(c, (size_t) n) != 0)
		return refused(r, 429, KINERJA__CODE__RESOURCE_EXHAUSTED,
		    "body: %llu bytes: the gateway's %zu bytes for bodies "
		    "are in use; retry later",
		    n, c->gw->body_limit);
	return 0;
}

/*
 * A refusal on the headers. A client that waits for 100 Continue, or
 * claims more than --max-message, is answered at once and the connection
 * closed. One that sends its body anyway would often see the connection
 * reset before it reads the answer (a close with unread data sends a
 * RST), so its body, up to --max-message, is read and dropped: time,
 * bounded by --http-timeout, but no memory.
 */
static enum MHD_Result
turn_away(struct kgateway *gw, struct MHD_Connection *mc,
    const struct refusal *r, struct call *c, void **req_cls)
{
	const char *expect = header(mc, "Expect");
	const char *cl     = header(mc, "Content-Length");
	int         body   = header(mc, "Transfer-Encoding") != NULL ||
	           (cl != NULL && strcmp(cl, "0") != 0);
	enum MHD_Result ok;

	atomic_fetch_sub(&gw->body_used, c->reserved);
	c->reserved = 0;
	free(c->body);
	c->body = NULL;
	if (expect != NULL || !body || r->status == 413) {
		ok = refuse(c, r->status, r->code, "%s", r->msg);
		call_free(c);
		return ok;
	}
	report(c, r->code);
	c->discard = 1;
	c->status  = r->status;
	c->answer  = kstatus_body(r->code, r->msg, NULL, 0);
	*req_cls   = c;
	return c->answer ? MHD_YES : MHD_NO;
}

/* With --tls-ca, whether the client's certificate is good: checked on the
 * first request of a connection, remembered for the next ones. */
static int
client_ok(struct kgateway *gw, struct MHD_Connection *mc, char *msg,
    size_t len)
{
	const union MHD_ConnectionInfo *ci =
	    MHD_get_connection_info(mc, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	struct conn *k = ci ? ci->socket_context : NULL;

	if (k != NULL && k->client_ok)
		return 1;
	if (ktls_check_client(&gw->tls, mc, msg, len) != 0)
		return 0;
	if (k != NULL)
		k->client_ok = 1; /* only MHD's thread of mc touches it */
	return 1;
}

/* The client's address as kinerjad logs it: "http/127.0.0.1:53412",
 * "http/[::1]:53412". */
static void
peer_of(struct MHD_Connection *mc, char *buf, size_t len)
{
	const union MHD_ConnectionInfo *ci =
	    MHD_get_connection_info(mc, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	const struct sockaddr *sa = ci ? ci->client_addr : NULL;
	char                   ip[INET6_ADDRSTRLEN] = "-";

	if (sa != NULL && sa->sa_family == AF_INET) {
		const struct sockaddr_in *in = (const void *) sa;

		inet_ntop(AF_INET, &in->sin_addr, ip, sizeof(ip));
		snprintf(buf, len, "http/%s:%u", ip, ntohs(in->sin_port));
	} else if (sa != NULL && sa->sa_family == AF_INET6) {
		const struct sockaddr_in6 *in6 = (const void *) sa;

		inet_ntop(AF_INET6, &in6->sin6_addr, ip, sizeof(ip));
		snprintf(buf, len, "http/[%s]:%u", ip, ntohs(in6->sin6_port));
	} else {
		snprintf(buf, len, "http/-");
	}
}

/* A request as its headers come: who sent it, and since when. */
static struct call *
call_new(struct kgateway *gw, struct MHD_Connection *mc)
{
	struct call *c = calloc(1, sizeof(*c));

	if (c == NULL)
		return NULL;
	c->gw         = gw;
	c->mc         = mc;
	c->start_us   = now_us();
	c->request_id = header(mc, "X-Request-Id");
	peer_of(mc, c->peer, sizeof(c->peer));
	set_deadline(gw, mc, gw->http_timeout_ms); /* for the body */
	return c;
}

/* The console's files and the OpenAPI document: no token, no body, no
 * RPC. A refusal (404, 405) is reported like the others. */
static enum MHD_Result
serve_document(struct call *c, const char *url, const char *method)
{
	enum MHD_Result ok;
	int             code = 0;

	if (strcmp(url, OPENAPI_URL) != 0) {
		ok = kconsole_serve(c->mc, url, method, &code);
	} else if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0) {
		char q[80];

		ok = refuse(c, 405, KINERJA__CODE__UNIMPLEMENTED,
		    "method: %s %s; use GET", kc_quote(q, sizeof(q), method, 16),
		    OPENAPI_URL);
	} else {
		ok = queue(c->gw, c->mc, 200, strdup(c->gw->openapi), NULL, 0);
	}
	if (code != 0)
		report(c, code);
	call_free(c);
	return ok;
}

/* A request's headers: checked, and a call made for its body. */
static enum MHD_Result
begin(struct kgateway *gw, struct MHD_Connection *mc, const char *url,
    const char *method, void **req_cls)
{
	const ProtobufCMethodDescriptor *md;
	struct call                     *c;
	struct refusal                   r;
	int                              health, stopping;

	if ((c = call_new(gw, mc)) == NULL)
		return MHD_NO;
	if (!client_ok(gw, mc, r.msg, sizeof(r.msg))) {
		r.status = 401;
		r.code   = KINERJA__CODE__UNAUTHENTICATED;
		return turn_away(gw, mc, &r, c, req_cls);
	}
	if (kconsole_owns(url) || strcmp(url, OPENAPI_URL) == 0)
		return serve_document(c, url, method);
	if ((md = route(url, method, &health, &r)) == NULL) {
		c->md = named(url); /* a 405 is counted under its RPC */
		return turn_away(gw, mc, &r, c, req_cls);
	}
	nng_mtx_lock(gw->mtx);
	stopping = gw->stopping;
	nng_mtx_unlock(gw->mtx);
	c->md     = md;
	c->health = health;
	if ((stopping && refused(&r, 503, KINERJA__CODE__UNAVAILABLE,
	                     "gateway: stopping")) ||
	    read_headers(c, &r) != 0 || authorize(c, &r) != 0 ||
	    body_room(c, &r) != 0)
		return turn_away(gw, mc, &r, c, req_cls);
	*req_cls = c;
	return MHD_YES;
}

/* A piece of the body; chunked bodies grow up to --max-message. One
 * being dropped (turn_away) is only counted. */
static enum MHD_Result
collect(struct call *c, const char *data, size_t *size)
{
	size_t n = *size;

	*size = 0;
	if (n > c->gw->max_message - c->len)
		return refuse(c, 413,
		    KINERJA__CODE__RESOURCE_EXHAUSTED,
		    "body: more than the limit of %zu bytes",
		    c->gw->max_message);
	if (!c->discard && grow(c, c->len + n) != 0)
		return refuse(c, 429,
		    KINERJA__CODE__RESOURCE_EXHAUSTED,
		    "body: the gateway's %zu bytes for bodies are in use; "
		    "retry later",
		    c->gw->body_limit);
	if (!c->discard)
		memcpy(c->body + c->len, data, n);
	c->len += n;
	return MHD_YES;
}

/* --------------------------------------------------- body to envelope */

/* The body as the method's input message; 0 or an error code. */
static int
parse_body(struct call *c, struct kc_arena *a, ProtobufCMessage **out,
    char *err, size_t errlen)
{
	struct jsonscan_limits lim = { c->gw->max_batch,
		TREE_BASE + TREE_FACTOR * c->gw->max_message };
	enum jsonscan_result   scan;
	const char            *end = NULL;
	cJSON                 *json;

	/* An empty body is the empty message, as for GET-like RPCs. */
	if (c->len == 0 || c->health) {
		json = cJSON_CreateObject();
	} else {
		c->body[c->len] = 0;
		scan = jsonscan_check(c->body, c->len, &lim, err, errlen);
		if (scan != JSONSCAN_OK)
			return scan == JSONSCAN_TOO_DEEP
			           ? KINERJA__CODE__INVALID_ARGUMENT
			           : KINERJA__CODE__RESOURCE_EXHAUSTED;
		json = jsonpb_parse(c->body, c->len, &end);
	}
	if (json == NULL) {
		snprintf(err, errlen, "body: malformed JSON at byte %zu",
		    end ? (size_t) (end - c->body) : 0);
		return KINERJA__CODE__INVALID_ARGUMENT;
	}
	if (end != NULL) {
		end += strspn(end, " \t\r\n");
		if (end != c->body + c->len) {
			snprintf(err, errlen,
			    "body: text after the JSON at byte %zu",
			    (size_t) (end - c->body));
			cJSON_Delete(json);
			return KINERJA__CODE__INVALID_ARGUMENT;
		}
	}
	*out = jsonpb_to_message(c->md->input, json, a, err, errlen);
	cJSON_Delete(json);
	return *out ? 0 : KINERJA__CODE__INVALID_ARGUMENT;
}

/* Packs the request into an envelope on an nng message; its size is
 * checked before anything that large is allocated. */
static int
envelope(struct call *c, const ProtobufCMessage *in, nng_msg **msg, char *err,
    size_t errlen)
{
	Kinerja__RequestEnvelope e        = KINERJA__REQUEST_ENVELOPE__INIT;
	Kinerja__MetadataEntry   meta[3]  = { KINERJA__METADATA_ENTRY__INIT,
		   KINERJA__METADATA_ENTRY__INIT, KINERJA__METADATA_ENTRY__INIT };
	Kinerja__MetadataEntry  *metap[3] = { &meta[0], &meta[1], &meta[2] };
	size_t                   n;

	e.method     = (char *) c->md->name;
	e.request_id = (char *) (c->request_id ? c->request_id : "");
	e.timeout_ms = c->timeout_ms;
	e.metadata   = metap;
	if (c->token != NULL) {
		meta[e.n_metadata].key     = "authorization";
		meta[e.n_metadata++].value = (char *) c->token;
	}
	if (c->reason != NULL) {
		meta[e.n_metadata].key     = "reason";
		meta[e.n_metadata++].value = (char *) c->reason;
	}
	meta[e.n_metadata].key     = "peer"; /* for kinerjad's log */
	meta[e.n_metadata++].value = c->peer;
	if ((n = kenv_request_size(&e, in)) > c->gw->max_message) {
		snprintf(err, errlen,
		    "body: the request packs to %zu bytes, which exceeds the "
		    "limit of %zu (--max-message)",
		    n, c->gw->max_message);
		return KINERJA__CODE__RESOURCE_EXHAUSTED;
	}
	if (nng_msg_alloc(msg, n) != 0) {
		snprintf(err, errlen, "gateway: out of memory");
		return KINERJA__CODE__UNAVAILABLE;
	}
	kenv_request_pack(&e, in, nng_msg_body(*msg));
	return 0;
}

/* ---------------------------------------------------- the RPC itself */

/* The answer is ready: back to MHD, which calls on_request() again. Under
 * the lock, so that kgateway_stop() cannot stop MHD in between; nothing
 * here touches c after the resume. */
static void
call_done(struct call *c, unsigned status, char *answer, const char *id)
{
	struct kgateway *gw = c->gw;

	if (c->ctx_open)
		nng_ctx_close(c->ctx);
	c->ctx_open = 0;
	c->status   = status;
	c->answer   = answer;
	snprintf(c->answer_id, sizeof(c->answer_id), "%s", id ? id : "");
	nng_mtx_lock(gw->mtx);
	if (gw->stopping) {
		c->at_stop = 1; /* kgateway_stop() waits for it to be sent */
		gw->answering++;
	}
	if (c->prev != NULL)
		c->prev->next = c->next;
	else
		gw->calls = c->next;
	if (c->next != NULL)
		c->next->prev = c->prev;
	MHD_resume_connection(c->mc);
	if (--gw->suspended == 0)
		nng_cv_wake(gw->idle);
	nng_mtx_unlock(gw->mtx);
}

static void
call_error(struct call *c, int code, const char *fmt, ...)
{
	char    msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	call_done(c, kstatus_http(code), kstatus_body(code, msg, NULL, 0), NULL);
}

/* The reply message as JSON, or for /healthz its status alone. */
static void
reply_ok(struct call *c, const Kinerja__ResponseEnvelope *env)
{
	ProtobufCMessage *out;
	cJSON            *json   = NULL;
	unsigned          status = 200;

	out = kenv_reply(env, c->md->output);
	if (out != NULL)
		json = jsonpb_from_message(out);
	if (json == NULL) {
		if (out != NULL)
			protobuf_c_message_free_unpacked(out, NULL);
		call_error(c, KINERJA__CODE__INTERNAL,
		    "gateway: reply is not a %s", c->md->output->name);
		return;
	}
	if (c->health &&
	    strcmp(((Kinerja__HealthReply *) out)->status, "SERVING") != 0)
		status = 503;
	protobuf_c_message_free_unpacked(out, NULL);
	call_done(c, status, cJSON_PrintUnformatted(json), env->request_id);
	cJSON_Delete(json);
}

static void
reply(struct call *c, nng_msg *msg)
{
	Kinerja__ResponseEnvelope *env =
	    kenv_response_unpack(nng_msg_body(msg), nng_msg_len(msg));

	nng_msg_free(msg);
	if (env == NULL) {
		call_error(c, KINERJA__CODE__INTERNAL,
		    "gateway: reply is not a ResponseEnvelope");
		return;
	}
	if (env->code == KINERJA__CODE__OK)
		reply_ok(c, env);
	else
		call_done(c, kstatus_http(env->code),
		    kstatus_body(
		        env->code, env->message, env->details, env->n_details),
		    env->request_id);
	kenv_response_free(env);
}

/* A failure of the inproc hop rather than of the RPC. */
static void
transport_error(struct call *c, int rv)
{
	if (rv == NNG_ECANCELED)
		call_error(c, KINERJA__CODE__UNAVAILABLE, "gateway: stopping");
	else if (rv == NNG_ETIMEDOUT)
		call_error(c, KINERJA__CODE__DEADLINE_EXCEEDED,
		    "gateway: no reply from kinerjad in time");
	else
		call_error(c, KINERJA__CODE__UNAVAILABLE, "gateway: %s",
		    nng_strerror(rv));
}

static void
call_cb(void *arg)
{
	struct call *c  = arg;
	int          rv = nng_aio_result(c->aio);

	if (c->step == RECEIVE) {
		if (rv != 0)
			transport_error(c, rv);
		else
			reply(c, nng_aio_get_msg(c->aio));
		return;
	}
	if (rv != 0) {
		nng_msg_free(nng_aio_get_msg(c->aio));
		transport_error(c, rv);
		return;
	}
	/* Under the lock, so that kgateway_stop() cannot fall between the
	 * check and the start. */
	nng_mtx_lock(c->gw->mtx);
	rv      = c->gw->stopping ? NNG_ECANCELED : 0;
	c->step = RECEIVE;
	if (rv == 0)
		nng_ctx_recv(c->ctx, c->aio);
	nng_mtx_unlock(c->gw->mtx);
	if (rv != 0)
		transport_error(c, rv);
}

/* Suspends the connection and sends the envelope; the suspension comes
 * first so that even an immediate reply finds it suspended. */
static enum MHD_Result
send_rpc(struct call *c, nng_msg *msg)
{
	struct kgateway *gw = c->gw;

	if (nng_aio_alloc(&c->aio, call_cb, c) != 0 ||
	    nng_ctx_open(&c->ctx, gw->sock) != 0) {
		nng_msg_free(msg);
		return refuse(c, 503, KINERJA__CODE__UNAVAILABLE,
		    "gateway: cannot reach kinerjad");
	}
	c->ctx_open = 1;
	nng_aio_set_timeout(c->aio,
	    (nng_duration) (c->timeout_ms ? c->timeout_ms : gw->timeout_ms) +
	        GRACE_MS);
	nng_aio_set_msg(c->aio, msg);
	nng_mtx_lock(gw->mtx);
	if (gw->stopping) {
		nng_mtx_unlock(gw->mtx);
		nng_msg_free(msg);
		return refuse(c, 503, KINERJA__CODE__UNAVAILABLE,
		    "gateway: stopping");
	}
	if ((c->next = gw->calls) != NULL)
		c->next->prev = c;
	gw->calls = c;
	gw->suspended++;
	MHD_suspend_connection(c->mc);
	c->step = SEND;
	nng_ctx_send(c->ctx, c->aio);
	nng_mtx_unlock(gw->mtx);
	return MHD_YES;
}

/* The whole body is in: convert it, free it, send the envelope. */
static enum MHD_Result
start_rpc(struct call *c)
{
	ProtobufCMessage *in;
	struct kc_arena   a = { 0 };
	nng_msg          *msg;
	char              err[512];
	int               code;

	set_deadline(c->gw, c->mc, 0); /* the RPC's deadline governs now */
	if ((code = parse_body(c, &a, &in, err, sizeof(err))) == 0)
		code = envelope(c, in, &msg, err, sizeof(err));
	kc_arena_free(&a);
	free(c->body);
	c->body = NULL;
	if (code != 0) {
		report(c, code);
		return queue(c->gw, c->mc, own_status(code),
		    kstatus_body(code, err, NULL, 0), NULL, 0);
	}
	return send_rpc(c, msg);
}

/* ------------------------------------------------------ MHD callbacks */

static enum MHD_Result
on_request(void *cls, struct MHD_Connection *mc, const char *url,
    const char *method, const char *version, const char *data, size_t *size,
    void **req_cls)
{
	struct call *c = *req_cls;
	char        *answer;

	(void) version;
	if (c == NULL)
		return begin(cls, mc, url, method, req_cls);
	if (*size != 0)
		return collect(c, data, size);
	if (c->status != 0) { /* resumed with the answer, or turned away */
		answer    = c->answer;
		c->answer = NULL;
		return queue(
		    c->gw, mc, c->status, answer, c->answer_id, c->discard);
	}
	return start_rpc(c);
}

/* The request is over (answered, or its connection gone): the connection
 * may idle until the next one. */
static void
on_completed(void *cls, struct MHD_Connection *mc, void **req_cls,
    enum MHD_RequestTerminationCode toe)
{
	struct kgateway *gw = cls;
	struct call     *c  = *req_cls;

	(void) toe;
	if (c != NULL && c->at_stop) {
		nng_mtx_lock(gw->mtx);
		if (--gw->answering == 0)
			nng_cv_wake(gw->idle);
		nng_mtx_unlock(gw->mtx);
	}
	if (c != NULL)
		call_free(c);
	*req_cls = NULL;
	set_deadline(gw, mc, gw->idle_timeout_ms);
}

/* ------------------------------------------------------ start and stop */

/* A listening socket of our own, so that the port is known at once. */
static int
listen_on(const char *host, const char *port, int *out, int *bound)
{
	struct addrinfo         hints = { 0 }, *ai;
	struct sockaddr_storage ss;
	socklen_t               len = sizeof(ss);
	int                     fd, one = 1;

	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags    = AI_NUMERICSERV | AI_PASSIVE;
	if (getaddrinfo(host, port, &hints, &ai) != 0)
		return EADDRNOTAVAIL;
	fd = socket(ai->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0 ||
	    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) ||
	    bind(fd, ai->ai_addr, ai->ai_addrlen) != 0 ||
	    listen(fd, BACKLOG) != 0 ||
	    getsockname(fd, (struct sockaddr *) &ss, &len) != 0) {
		int e = errno;

		if (fd >= 0)
			close(fd);
		freeaddrinfo(ai);
		return e;
	}
	freeaddrinfo(ai);
	*bound = ntohs(ss.ss_family == AF_INET6
	                   ? ((struct sockaddr_in6 *) &ss)->sin6_port
	                   : ((struct sockaddr_in *) &ss)->sin_port);
	*out   = fd;
	return 0;
}

static struct MHD_Daemon *
start_mhd(struct kgateway *gw, const struct kgateway_config *cfg, int fd)
{
	unsigned threads =
	    cfg->max_connections < POOL_THREADS ? 1 : POOL_THREADS;
	uint32_t longest = cfg->http_timeout_ms > cfg->idle_timeout_ms
	                       ? cfg->http_timeout_ms
	                       : cfg->idle_timeout_ms;
	struct MHD_OptionItem tls[5];

	ktls_options(&gw->tls, tls);
	/* MHD's own idle timeout backs up the sweeper, never before it. */
	return MHD_start_daemon(MHD_USE_EPOLL_INTERNAL_THREAD |
	                            MHD_ALLOW_SUSPEND_RESUME |
	                            (gw->tls.cert ? MHD_USE_TLS : 0),
	    0, NULL, NULL, on_request, gw, MHD_OPTION_ARRAY, tls,
	    MHD_OPTION_LISTEN_SOCKET, fd,
	    MHD_OPTION_THREAD_POOL_SIZE, threads, MHD_OPTION_CONNECTION_LIMIT,
	    (unsigned) cfg->max_connections, MHD_OPTION_CONNECTION_TIMEOUT,
	    (unsigned) (2 * (longest / 1000 + 1)),
	    MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t) CONN_MEMORY,
	    MHD_OPTION_NOTIFY_COMPLETED, on_completed, gw,
	    MHD_OPTION_NOTIFY_CONNECTION, on_connection, gw, MHD_OPTION_END);
}

/* The REQ socket to kinerjad, then the HTTP server in front of it. */
static int
open_all(struct kgateway *gw, const struct kgateway_config *cfg,
    const nng_url *u, char *err, size_t errlen)
{
	int rv, fd = -1;

	/* No resends: a write sent twice could be applied twice. */
	if ((rv = nng_mtx_alloc(&gw->mtx)) != 0 ||
	    (rv = nng_cv_alloc(&gw->idle, gw->mtx)) != 0 ||
	    (rv = nng_mtx_alloc(&gw->conn_mtx)) != 0 ||
	    (rv = nng_mtx_alloc(&gw->auth_mtx)) != 0 ||
	    (rv = nng_cv_alloc(&gw->sweep_cv, gw->conn_mtx)) != 0 ||
	    (rv = nng_req0_open(&gw->sock)) != 0 ||
	    (rv = nng_socket_set_ms(gw->sock, NNG_OPT_REQ_RESENDTIME,
	         NNG_DURATION_INFINITE)) != 0 ||
	    (rv = nng_dial(gw->sock, cfg->rpc_url, NULL, 0)) != 0) {
		snprintf(err, errlen, "--http: %s: %s", cfg->rpc_url,
		    nng_strerror(rv));
		return -1;
	}
	/* A CA or key alone would leave HTTP plain while meant secure. */
	if ((cfg->tls_cert != NULL || cfg->tls_key != NULL ||
	        cfg->tls_ca != NULL) &&
	    ktls_load(&gw->tls, cfg->tls_cert, cfg->tls_key, cfg->tls_ca, err,
	        errlen) != 0)
		return -1;
	gw->openapi = kopenapi_document(&kinerja__kinerja__descriptor);
	if (gw->openapi == NULL) {
		snprintf(err, errlen, "--http: out of memory");
		return -1;
	}
	if ((rv = listen_on(u->u_hostname, u->u_port, &fd, &gw->port)) != 0) {
		snprintf(
		    err, errlen, "--http %s: %s", cfg->addr, strerror(rv));
		return -1;
	}
	if ((gw->mhd = start_mhd(gw, cfg, fd)) == NULL) {
		close(fd);
		snprintf(err, errlen,
		    "--http %s: the HTTP server did not start", cfg->addr);
		return -1;
	}
	if ((rv = nng_thread_create(&gw->sweeper, sweep, gw)) != 0) {
		snprintf(err, errlen, "--http: %s", nng_strerror(rv));
		return -1;
	}
	return 0;
}

static void
configure(struct kgateway *gw, const struct kgateway_config *cfg)
{
	gw->max_message     = cfg->max_message;
	gw->max_batch       = cfg->max_batch;
	gw->timeout_ms      = cfg->timeout_ms;
	gw->http_timeout_ms = cfg->http_timeout_ms;
	gw->idle_timeout_ms = cfg->idle_timeout_ms;
	gw->authorize       = cfg->authorize;
	gw->authorize_arg   = cfg->authorize_arg;
	gw->refused         = cfg->refused;
	gw->refused_arg     = cfg->refused_arg;
	gw->body_limit      = BODY_FACTOR * cfg->max_message;
	atomic_init(&gw->body_used, 0);
}

int
kgateway_start(struct kgateway **out, const struct kgateway_config *cfg,
    char *err, size_t errlen)
{
	struct kgateway *gw;
	nng_url         *u = NULL;
	char             url[300];
	int              rv;

	snprintf(url, sizeof(url), "http://%s", cfg->addr);
	if ((rv = nng_url_parse(&u, url)) != 0 || *u->u_hostname == 0) {
		snprintf(
		    err, errlen, "--http %s: not an ADDRESS:PORT", cfg->addr);
		nng_url_free(u);
		return -1;
	}
	/* Without auth, HTTP stays on this host, like the nng listener. */
	if (!cfg->allow_remote && !kc_loopback_host(u->u_hostname)) {
		snprintf(err, errlen,
		    "--http %s: not a loopback address; serving HTTP "
		    "beyond this host needs auth",
		    cfg->addr);
		nng_url_free(u);
		return -1;
	}
	if ((gw = calloc(1, sizeof(*gw))) == NULL) {
		snprintf(err, errlen, "out of memory");
		nng_url_free(u);
		return -1;
	}
	configure(gw, cfg);
	rv = open_all(gw, cfg, u, err, errlen);
	nng_url_free(u);
	if (rv != 0) {
		kgateway_stop(gw);
		return -1;
	}
	*out = gw;
	return 0;
}

int
kgateway_port(const struct kgateway *g)
{
	return g->port;
}

int
kgateway_https(const struct kgateway *g)
{
	return g->tls.cert != NULL;
}

/* Answers every call waiting on kinerjad (503) and waits until MHD has
 * them all back: MHD may not stop with a connection suspended. */
static void
resume_all(struct kgateway *g)
{
	struct call *c;

	nng_mtx_lock(g->mtx);
	g->stopping = 1;
	for (c = g->calls; c != NULL; c = c->next)
		nng_aio_cancel(c->aio);
	while (g->suspended > 0)
		nng_cv_wait(g->idle);
	nng_mtx_unlock(g->mtx);
}

/* Lets MHD send the 503s resume_all() queued before it stops, for at most
 * a second: a client whose write was in flight hears that it was not
 * answered instead of a reset it cannot tell from a crash. */
static void
drain_answers(struct kgateway *g)
{
	nng_time until = nng_clock() + 1000;

	nng_mtx_lock(g->mtx);
	while (g->answering > 0 && nng_cv_until(g->idle, until) == 0)
		;
	nng_mtx_unlock(g->mtx);
}

void
kgateway_stop(struct kgateway *g)
{
	if (g == NULL)
		return;
	if (g->mtx != NULL && g->idle != NULL)
		resume_all(g);
	if (g->mhd != NULL && g->mtx != NULL && g->idle != NULL)
		drain_answers(g);
	if (g->mhd != NULL)
		MHD_stop_daemon(g->mhd);
	if (g->sweeper != NULL) {
		nng_mtx_lock(g->conn_mtx);
		g->sweeper_stop = 1;
		nng_cv_wake(g->sweep_cv);
		nng_mtx_unlock(g->conn_mtx);
		nng_thread_destroy(g->sweeper);
	}
	nng_close(g->sock);
	if (g->sweep_cv != NULL)
		nng_cv_free(g->sweep_cv);
	if (g->conn_mtx != NULL)
		nng_mtx_free(g->conn_mtx);
	if (g->auth_mtx != NULL)
		nng_mtx_free(g->auth_mtx);
	if (g->idle != NULL)
		nng_cv_free(g->idle);
	if (g->mtx != NULL)
		nng_mtx_free(g->mtx);
	ktls_free(&g->tls);
	free(g->openapi);
	free(g);
}
