/*
 * http.c - the HTTP side of the gateway. Each request is a small state
 * machine on one aio of ours: read the body, send the envelope on a REQ
 * context, receive the reply, answer. Nothing waits on nng's HTTP threads;
 * the RPC itself runs on kinerjad's workers like any nng client's.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <arpa/inet.h>

#include <cjson/cJSON.h>
#include <nng/nng.h>
#include <nng/protocol/reqrep0/req.h>
#include <nng/supplemental/http/http.h>
#include <nng/supplemental/util/platform.h>

#include "gateway.h"
#include "json_pb.h"
#include "kcore.h"
#include "kinerja/kinerja.pb-c.h"

/* The server answers DEADLINE_EXCEEDED itself at the deadline; the
 * gateway gives it this much longer before answering 504 on its own. */
#define GRACE_MS       1000
#define MAX_TIMEOUT_MS 3600000

enum step { READ_BODY, SEND, RECEIVE };

/* One HTTP request in flight. */
struct call {
	struct kgateway                 *gw;
	struct call                     *prev, *next; /* gw->calls */
	nng_aio                         *http; /* the server's: gets the res */
	nng_http_req                    *req;
	nng_aio                         *aio; /* ours: one step at a time */
	nng_ctx                          ctx;
	int                              ctx_open;
	enum step                        step;
	const ProtobufCMethodDescriptor *md;
	int                              health; /* GET /healthz */
	int    cancelled; /* the client went; guarded by gw->mtx */
	char  *body; /* read from the client */
	size_t len;
};

struct kgateway {
	nng_http_server *server;
	nng_socket       sock; /* REQ, dialled to kinerjad's REP */
	nng_mtx         *mtx;
	nng_cv          *idle; /* woken when calls empties */
	struct call     *calls; /* in flight; guarded by mtx */
	int              stopping; /* guarded by mtx */
	size_t           max_message;
	uint32_t         timeout_ms;
	int              port;
};

/* grpc-gateway's HTTP status for each Code. */
static uint16_t
http_status(int code)
{
	static const uint16_t status[] = { 200, 499, 500, 400, 504, 404, 409,
		403, 429, 400, 409, 400, 501, 500, 503, 500, 401 };

	return code >= 0 && code <= 16 ? status[code] : 500;
}

/* Reasons nng 1.5 does not know; it would say "Unknown HTTP Status". */
static const char *
reason(uint16_t status)
{
	switch (status) {
	case 411:
		return "Length Required";
	case 413:
		return "Payload Too Large";
	case 429:
		return "Too Many Requests";
	case 499:
		return "Client Closed Request";
	}
	return NULL;
}

/* Finishes the server's aio with a response; takes the body's memory. */
static void
answer(nng_aio *http, uint16_t status, char *body, const char *request_id,
    int close)
{
	nng_http_res *res;

	if (body == NULL || nng_http_res_alloc(&res) != 0) {
		free(body);
		nng_aio_finish(http, NNG_ENOMEM);
		return;
	}
	nng_http_res_set_status(res, status);
	if ((reason(status) &&
	        nng_http_res_set_reason(res, reason(status)) != 0) ||
	    nng_http_res_copy_data(res, body, strlen(body)) != 0 ||
	    nng_http_res_set_header(res, "Content-Type", "application/json") ||
	    (request_id && *request_id &&
	        nng_http_res_set_header(res, "X-Request-Id", request_id)) ||
	    (close && nng_http_res_set_header(res, "Connection", "close"))) {
		free(body);
		nng_http_res_free(res);
		nng_aio_finish(http, NNG_ENOMEM);
		return;
	}
	free(body);
	nng_aio_set_output(http, 0, res);
	nng_aio_finish(http, 0);
}

/* {"code": 3, "message": "...", "details": [...]}, as grpc-gateway. */
static char *
error_body(
    int code, const char *message, Kinerja__FieldError **details, size_t n)
{
	cJSON *o = cJSON_CreateObject(), *d = cJSON_CreateArray(), *e;
	char  *s = NULL;
	size_t i;

	if (o == NULL || d == NULL) {
		cJSON_Delete(o);
		cJSON_Delete(d);
		return NULL;
	}
	cJSON_AddNumberToObject(o, "code", code);
	cJSON_AddStringToObject(o, "message", message);
	cJSON_AddItemToObject(o, "details", d);
	for (i = 0; i < n; i++) {
		if ((e = jsonpb_from_message(&details[i]->base)) == NULL)
			goto out;
		cJSON_AddItemToArray(d, e);
	}
	s = cJSON_PrintUnformatted(o);
out:
	cJSON_Delete(o);
	return s;
}

/* An answer the gateway gives itself, with no RPC behind it. */
static void
refuse(
    nng_aio *http, uint16_t status, int code, const char *message, int close)
{
	answer(http, status, error_body(code, message, NULL, 0), NULL, close);
}

/*
 * The end of a call: leaves the list first, so that neither cancel() nor
 * kgateway_stop() can reach it any more, then answers (or, with rv set,
 * drops the connection) and frees. Nothing here touches gw after unlink.
 */
static void
call_end(struct call *c, int rv, uint16_t status, char *body,
    const char *request_id)
{
	struct kgateway *gw = c->gw;

	if (c->ctx_open)
		nng_ctx_close(c->ctx);
	nng_mtx_lock(gw->mtx);
	if (c->prev != NULL)
		c->prev->next = c->next;
	else
		gw->calls = c->next;
	if (c->next != NULL)
		c->next->prev = c->prev;
	if (gw->calls == NULL)
		nng_cv_wake(gw->idle);
	nng_mtx_unlock(gw->mtx);
	if (rv != 0) {
		free(body);
		nng_aio_finish(c->http, rv);
	} else {
		answer(c->http, status, body, request_id, 0);
	}
	free(c->body);
	nng_aio_reap(c->aio); /* we may be in its callback */
	free(c);
}

static void
call_error(struct call *c, int code, const char *fmt, ...)
{
	char    msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	call_end(
	    c, 0, http_status(code), error_body(code, msg, NULL, 0), NULL);
}

/* Starts step s unless the client has gone meanwhile; under the lock so
 * that cancel() cannot fall between the check and the start. */
static void
next_step(struct call *c, enum step s, nng_http_conn *conn)
{
	nng_mtx_lock(c->gw->mtx);
	if (c->cancelled) {
		nng_mtx_unlock(c->gw->mtx);
		if (s == SEND)
			nng_msg_free(nng_aio_get_msg(c->aio));
		call_end(c, NNG_ECANCELED, 0, NULL, NULL);
		return;
	}
	c->step = s;
	switch (s) {
	case READ_BODY:
		nng_http_conn_read_all(conn, c->aio);
		break;
	case SEND:
		nng_ctx_send(c->ctx, c->aio);
		break;
	case RECEIVE:
		nng_ctx_recv(c->ctx, c->aio);
		break;
	}
	nng_mtx_unlock(c->gw->mtx);
}

/* The server aborts its aio when the client goes or the server stops. */
static void
cancel(nng_aio *http, void *arg, int rv)
{
	struct kgateway *gw = arg;
	struct call     *c;

	(void) rv;
	nng_mtx_lock(gw->mtx);
	for (c = gw->calls; c != NULL; c = c->next) {
		if (c->http == http) {
			c->cancelled = 1;
			nng_aio_cancel(c->aio);
			break;
		}
	}
	nng_mtx_unlock(gw->mtx);
}

/* The body as the method's input message; 0 or an error code. */
static int
parse_body(struct call *c, struct kc_arena *a, ProtobufCMessage **out,
    char *err, size_t errlen)
{
	const char *end = NULL;
	cJSON      *json;

	/* An empty body is the empty message, as for GET-like RPCs. */
	if (c->len == 0)
		json = cJSON_CreateObject();
	else
		json = jsonpb_parse(c->body, c->len, &end);
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

/* X-Request-Id, X-Timeout-Ms, Authorization and X-Reason into the
 * envelope; meta has room for the last two. */
static int
read_headers(struct call *c, Kinerja__RequestEnvelope *env,
    Kinerja__MetadataEntry *meta, char *err, size_t errlen)
{
	const char   *v;
	char         *end, q[136]; /* 32 characters quoted */
	unsigned long ms;

	if ((v = nng_http_req_get_header(c->req, "X-Request-Id")) != NULL)
		env->request_id = (char *) v;
	if ((v = nng_http_req_get_header(c->req, "X-Timeout-Ms")) != NULL) {
		ms = strtoul(v, &end, 10);
		if (*v < '0' || *v > '9' || *end || ms < 1 ||
		    ms > MAX_TIMEOUT_MS) {
			snprintf(err, errlen,
			    "X-Timeout-Ms: %s is not a number of "
			    "milliseconds from 1 to %d",
			    kc_quote(q, sizeof(q), v, 32), MAX_TIMEOUT_MS);
			return KINERJA__CODE__INVALID_ARGUMENT;
		}
		env->timeout_ms = (uint32_t) ms;
	}
	if ((v = nng_http_req_get_header(c->req, "Authorization")) != NULL) {
		/* The service wants the token alone, as nng clients send it.
		 */
		if (strncasecmp(v, "Bearer ", 7) != 0) {
			snprintf(err, errlen,
			    "Authorization: expected \"Bearer <token>\"");
			return KINERJA__CODE__UNAUTHENTICATED;
		}
		meta[env->n_metadata].key = "authorization";
		meta[env->n_metadata].value =
		    (char *) v + 7 + strspn(v + 7, " ");
		env->n_metadata++;
	}
	/* Why, for the history of what a write changes. */
	if ((v = nng_http_req_get_header(c->req, "X-Reason")) != NULL) {
		meta[env->n_metadata].key   = "reason";
		meta[env->n_metadata].value = (char *) v;
		env->n_metadata++;
	}
	return 0;
}

/* Packs the request into an envelope on an nng message. */
static nng_msg *
envelope(const Kinerja__RequestEnvelope *env, const ProtobufCMessage *in)
{
	Kinerja__RequestEnvelope e = *env;
	size_t                   n = protobuf_c_message_get_packed_size(in);
	nng_msg                 *msg;

	if ((e.payload.data = malloc(n ? n : 1)) == NULL)
		return NULL;
	e.payload.len = protobuf_c_message_pack(in, e.payload.data);
	if (nng_msg_alloc(
	        &msg, kinerja__request_envelope__get_packed_size(&e)) != 0) {
		free(e.payload.data);
		return NULL;
	}
	kinerja__request_envelope__pack(&e, nng_msg_body(msg));
	free(e.payload.data);
	return msg;
}

/* From the body to the envelope on its way to kinerjad. */
static void
start_rpc(struct call *c)
{
	Kinerja__RequestEnvelope env      = KINERJA__REQUEST_ENVELOPE__INIT;
	Kinerja__MetadataEntry   meta[2]  = { KINERJA__METADATA_ENTRY__INIT,
		   KINERJA__METADATA_ENTRY__INIT };
	Kinerja__MetadataEntry  *metap[2] = { &meta[0], &meta[1] };
	ProtobufCMessage        *in;
	struct kc_arena          a = { 0 };
	nng_msg                 *msg;
	char                     err[512];
	int                      code;

	env.metadata = metap;
	if ((code = read_headers(c, &env, meta, err, sizeof(err))) != 0 ||
	    (code = parse_body(c, &a, &in, err, sizeof(err))) != 0) {
		kc_arena_free(&a);
		call_error(c, code, "%s", err);
		return;
	}
	env.method = (char *) c->md->name;
	msg        = envelope(&env, in);
	kc_arena_free(&a);
	if (msg == NULL || nng_ctx_open(&c->ctx, c->gw->sock) != 0) {
		nng_msg_free(msg);
		call_error(c, KINERJA__CODE__UNAVAILABLE,
		    "gateway: cannot reach kinerjad");
		return;
	}
	c->ctx_open = 1;
	nng_aio_set_timeout(
	    c->aio, (nng_duration) (env.timeout_ms ? env.timeout_ms
	                                           : c->gw->timeout_ms) +
	                GRACE_MS);
	nng_aio_set_msg(c->aio, msg);
	next_step(c, SEND, NULL);
}

/* The reply message as JSON, or for /healthz its status alone. */
static void
reply_ok(struct call *c, const Kinerja__ResponseEnvelope *env)
{
	ProtobufCMessage *out;
	cJSON            *json   = NULL;
	uint16_t          status = 200;

	out = protobuf_c_message_unpack(
	    c->md->output, NULL, env->payload.len, env->payload.data);
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
	call_end(c, 0, status, cJSON_PrintUnformatted(json), env->request_id);
	cJSON_Delete(json);
}

static void
reply(struct call *c, nng_msg *msg)
{
	Kinerja__ResponseEnvelope *env = kinerja__response_envelope__unpack(
	    NULL, nng_msg_len(msg), nng_msg_body(msg));

	nng_msg_free(msg);
	if (env == NULL) {
		call_error(c, KINERJA__CODE__INTERNAL,
		    "gateway: reply is not a ResponseEnvelope");
		return;
	}
	if (env->code == KINERJA__CODE__OK)
		reply_ok(c, env);
	else
		call_end(c, 0, http_status(env->code),
		    error_body(
		        env->code, env->message, env->details, env->n_details),
		    env->request_id);
	kinerja__response_envelope__free_unpacked(env, NULL);
}

/* A failure of the inproc hop rather than of the RPC. */
static void
transport_error(struct call *c, int rv)
{
	if (rv == NNG_ECANCELED)
		call_end(c, rv, 0, NULL, NULL);
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

	switch (c->step) {
	case READ_BODY:
		if (rv != 0)
			call_end(c, rv, 0, NULL, NULL); /* the client went */
		else
			start_rpc(c);
		break;
	case SEND:
		if (rv != 0) {
			nng_msg_free(nng_aio_get_msg(c->aio));
			transport_error(c, rv);
		} else {
			next_step(c, RECEIVE, NULL);
		}
		break;
	case RECEIVE:
		if (rv != 0)
			transport_error(c, rv);
		else
			reply(c, nng_aio_get_msg(c->aio));
		break;
	}
}

/* Content-Length within the limit, or an answer already given. */
static int
body_length(nng_aio *http, nng_http_req *req, size_t max, size_t *len)
{
	const char        *v = nng_http_req_get_header(req, "Content-Length");
	char              *end, msg[128];
	unsigned long long n;

	*len = 0;
	/* nng reads no chunked bodies: one would be taken for requests. */
	if (nng_http_req_get_header(req, "Transfer-Encoding") != NULL) {
		refuse(http, 411, KINERJA__CODE__INVALID_ARGUMENT,
		    "body: send it with a Content-Length", 1);
		return -1;
	}
	if (v == NULL)
		return 0;
	n = strtoull(v, &end, 10);
	if (*v < '0' || *v > '9' || *end) {
		refuse(http, 400, KINERJA__CODE__INVALID_ARGUMENT,
		    "Content-Length: not a number", 1);
		return -1;
	}
	/* Answered before reading, so the connection cannot be reused. */
	if (n > max) {
		snprintf(msg, sizeof(msg),
		    "body: %llu bytes exceeds the limit of %zu", n, max);
		refuse(http, 413, KINERJA__CODE__RESOURCE_EXHAUSTED, msg, 1);
		return -1;
	}
	*len = (size_t) n;
	return 0;
}

/* Takes over the server's aio until the answer is ready. */
static void
begin(struct kgateway *gw, nng_aio *http, const ProtobufCMethodDescriptor *md,
    int health)
{
	nng_http_req  *req  = nng_aio_get_input(http, 0);
	nng_http_conn *conn = nng_aio_get_input(http, 2);
	struct call   *c;
	nng_iov        iov;
	size_t         len = 0;

	if (!health && body_length(http, req, gw->max_message, &len) != 0)
		return;
	if ((c = calloc(1, sizeof(*c))) == NULL ||
	    (len && (c->body = malloc(len + 1)) == NULL) ||
	    nng_aio_alloc(&c->aio, call_cb, c) != 0) {
		if (c != NULL)
			free(c->body);
		free(c);
		nng_aio_finish(http, NNG_ENOMEM);
		return;
	}
	c->gw     = gw;
	c->http   = http;
	c->req    = req;
	c->md     = md;
	c->health = health;
	c->len    = len;
	nng_mtx_lock(gw->mtx);
	if (gw->stopping) {
		nng_mtx_unlock(gw->mtx);
		nng_aio_free(c->aio);
		free(c->body);
		free(c);
		refuse(http, 503, KINERJA__CODE__UNAVAILABLE,
		    "gateway: stopping", 1);
		return;
	}
	if ((c->next = gw->calls) != NULL)
		c->next->prev = c;
	gw->calls = c;
	nng_mtx_unlock(gw->mtx);
	nng_aio_defer(http, cancel, gw);
	if (len == 0) {
		start_rpc(c);
		return;
	}
	c->body[len] = 0;
	iov.iov_buf  = c->body;
	iov.iov_len  = len;
	nng_aio_set_iov(c->aio, 1, &iov);
	next_step(c, READ_BODY, conn);
}

/* POST /v1/<Method>: the method is looked up in the service descriptor,
 * so every RPC of kinerja.proto is here without a line of its own. */
static void
handle_rpc(nng_aio *http)
{
	nng_http_req    *req = nng_aio_get_input(http, 0);
	struct kgateway *gw =
	    nng_http_handler_get_data(nng_aio_get_input(http, 1));
	const char *path = strstr(nng_http_req_get_uri(req), "/v1/");
	const ProtobufCMethodDescriptor *md = NULL;
	char   name[64], msg[384], q[264]; /* 64 characters quoted */
	size_t n;

	if (path != NULL) {
		path += 4;
		n = strcspn(path, "?#");
		if (n < sizeof(name)) {
			memcpy(name, path, n);
			name[n] = 0;
			md = protobuf_c_service_descriptor_get_method_by_name(
			    &kinerja__kinerja__descriptor, name);
		}
	}
	if (md == NULL) {
		snprintf(msg, sizeof(msg), "method: no RPC %s in %s",
		    kc_quote(q, sizeof(q), path ? path : "", 64),
		    kinerja__kinerja__descriptor.name);
		refuse(http, 404, KINERJA__CODE__NOT_FOUND, msg, 0);
		return;
	}
	begin(gw, http, md, 0);
}

/* GET /healthz: the Health RPC through the same path as any other. */
static void
handle_health(nng_aio *http)
{
	struct kgateway *gw =
	    nng_http_handler_get_data(nng_aio_get_input(http, 1));

	begin(gw, http,
	    protobuf_c_service_descriptor_get_method_by_name(
	        &kinerja__kinerja__descriptor, "Health"),
	    1);
}

static int
add_handler(struct kgateway *gw, const char *path, void (*cb)(nng_aio *),
    const char *method, int tree)
{
	nng_http_handler *h;
	int               rv;

	if ((rv = nng_http_handler_alloc(&h, path, cb)) != 0)
		return rv;
	/* The body is read by begin(), so that an oversized one is refused
	 * with 413 before it is read at all. */
	if ((rv = nng_http_handler_set_method(h, method)) != 0 ||
	    (rv = nng_http_handler_collect_body(h, false, 0)) != 0 ||
	    (tree && (rv = nng_http_handler_set_tree(h)) != 0) ||
	    (rv = nng_http_handler_set_data(h, gw, NULL)) != 0 ||
	    (rv = nng_http_server_add_handler(gw->server, h)) != 0) {
		nng_http_handler_free(h);
		return rv;
	}
	return 0;
}

/* The REQ socket to kinerjad, then the HTTP server in front of it. */
static int
open_all(struct kgateway *gw, const struct kgateway_config *cfg,
    const nng_url *u, char *err, size_t errlen)
{
	nng_sockaddr sa;
	int          rv;

	/* No resends: a write sent twice could be applied twice. */
	if ((rv = nng_mtx_alloc(&gw->mtx)) != 0 ||
	    (rv = nng_cv_alloc(&gw->idle, gw->mtx)) != 0 ||
	    (rv = nng_req0_open(&gw->sock)) != 0 ||
	    (rv = nng_socket_set_ms(gw->sock, NNG_OPT_REQ_RESENDTIME,
	         NNG_DURATION_INFINITE)) != 0 ||
	    (rv = nng_dial(gw->sock, cfg->rpc_url, NULL, 0)) != 0) {
		snprintf(err, errlen, "--http: %s: %s", cfg->rpc_url,
		    nng_strerror(rv));
		return -1;
	}
	if ((rv = nng_http_server_hold(&gw->server, u)) != 0 ||
	    (rv = add_handler(gw, "/v1", handle_rpc, "POST", 1)) != 0 ||
	    (rv = add_handler(gw, "/healthz", handle_health, "GET", 0)) != 0 ||
	    (rv = nng_http_server_start(gw->server)) != 0 ||
	    (rv = nng_http_server_get_addr(gw->server, &sa)) != 0) {
		snprintf(
		    err, errlen, "--http %s: %s", cfg->addr, nng_strerror(rv));
		return -1;
	}
	gw->port = ntohs(
	    sa.s_family == NNG_AF_INET6 ? sa.s_in6.sa_port : sa.s_in.sa_port);
	return 0;
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
	gw->max_message = cfg->max_message;
	gw->timeout_ms  = cfg->timeout_ms;
	rv              = open_all(gw, cfg, u, err, errlen);
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

void
kgateway_stop(struct kgateway *g)
{
	if (g == NULL)
		return;
	if (g->mtx != NULL) {
		nng_mtx_lock(g->mtx);
		g->stopping = 1;
		nng_mtx_unlock(g->mtx);
	}
	/* Closing the connections cancels the calls on them (cancel()). */
	if (g->server != NULL)
		nng_http_server_stop(g->server);
	if (g->idle != NULL) {
		nng_mtx_lock(g->mtx);
		while (g->calls != NULL)
			nng_cv_wait(g->idle);
		nng_mtx_unlock(g->mtx);
		nng_cv_free(g->idle);
	}
	if (g->server != NULL)
		nng_http_server_release(g->server);
	nng_close(g->sock);
	if (g->mtx != NULL)
		nng_mtx_free(g->mtx);
	free(g);
}
