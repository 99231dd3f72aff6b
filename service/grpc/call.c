/*
 * call.c - one gRPC call: asked of grpc_server_request_call(), admitted on
 * its method, metadata, token and the load (before its message is read),
 * its message read and sent to kinerjad as a RequestEnvelope on a REQ
 * context, and the ResponseEnvelope turned into the message, status and
 * trailer. The reply arrives on nng's aio thread, which starts the last
 * batch itself: no thread waits on kinerjad.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <grpc/byte_buffer.h>
#include <grpc/byte_buffer_reader.h>
#include <grpc/support/alloc.h>
#include <grpc/support/time.h>

#include "front_int.h"
#include "kcore.h"
#include "status.h"

/* kinerjad answers DEADLINE_EXCEEDED itself at the deadline; the front
 * gives it this much longer before answering on its own. */
#define GRACE_MS       1000
#define MAX_TIMEOUT_MS 3600000
#define SERVICE_PATH   "/kinerja.Kinerja/"
#define HEALTH_PATH    "/grpc.health.v1.Health/Check"
#define DETAILS_KEY    "grpc-status-details-bin"

static void answer(struct kgrpc_call *c, int code, const char *msg,
    const uint8_t *reply, size_t len);

int
kgrpc_call_request(struct kgrpc *g)
{
	struct kgrpc_call *c = calloc(1, sizeof(*c));

	if (c == NULL)
		return -1;
	c->g     = g;
	c->state = KGRPC_REQUESTED;
	grpc_call_details_init(&c->details);
	grpc_metadata_array_init(&c->meta);
	nng_mtx_lock(g->mtx);
	if (g->stopping) {
		nng_mtx_unlock(g->mtx);
		grpc_call_details_destroy(&c->details);
		grpc_metadata_array_destroy(&c->meta);
		free(c);
		return -1;
	}
	if ((c->next = g->calls) != NULL)
		c->next->prev = c;
	g->calls = c;
	nng_mtx_unlock(g->mtx);
	if (grpc_server_request_call(g->server, &c->call, &c->details,
	        &c->meta, g->cq, g->cq, c) != GRPC_CALL_OK) {
		kgrpc_forget(g, c);
		return -1;
	}
	return 0;
}

/* ---------------------------------------------------------- refusals */

/* "ipv4:127.0.0.1:53412" -> "grpc/127.0.0.1:53412". */
static void
read_peer(struct kgrpc_call *c)
{
	char       *p = grpc_call_get_peer(c->call);
	const char *a = p ? p : "-";

	if (strncmp(a, "ipv4:", 5) == 0 || strncmp(a, "ipv6:", 5) == 0)
		a += 5;
	snprintf(c->peer, sizeof(c->peer), "grpc/%s", a);
	gpr_free(p);
}

/* Refused by the front itself: logged and counted, then answered. */
static void
refuse(struct kgrpc_call *c, int code, const char *fmt, ...)
{
	struct kgrpc *g = c->g;
	char          msg[512];
	va_list       ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (g->refused != NULL)
		g->refused(g->refused_arg, c->md ? c->md->name : NULL, code,
		    (int64_t) (nng_clock() - c->start) * 1000, c->request_id,
		    c->peer);
	answer(c, code, msg, NULL, 0);
}

/* ------------------------------------------------------ admission */

/* The method by its path; NULL (and c->md NULL) for the health check. */
static int
find_method(struct kgrpc_call *c, int *health)
{
	char  *path = grpc_slice_to_c_string(c->details.method);
	size_t n    = strlen(SERVICE_PATH);
	char   q[136];

	*health = strcmp(path, HEALTH_PATH) == 0;
	if (!*health && strncmp(path, SERVICE_PATH, n) == 0)
		c->md = protobuf_c_service_descriptor_get_method_by_name(
		    &kinerja__kinerja__descriptor, path + n);
	if (*health || c->md != NULL) {
		gpr_free(path);
		return 0;
	}
	refuse(c, KINERJA__CODE__UNIMPLEMENTED,
	    "method: no RPC %s in kinerja.Kinerja or grpc.health.v1.Health",
	    kc_quote(q, sizeof(q), path, 64));
	gpr_free(path);
	return -1;
}

/* A metadata value as a C string; NULL when it holds a NUL byte or is
 * not UTF-8 (gRPC lets only -bin keys carry other than ASCII). */
static char *
text_of(grpc_slice v)
{
	size_t len = GRPC_SLICE_LENGTH(v);
	char  *s;

	if (len > KENV_VALUE_MAX ||
	    kc_utf8_check((const char *) GRPC_SLICE_START_PTR(v), len) !=
	        KC_UTF8_OK ||
	    (s = malloc(len + 1)) == NULL)
		return NULL;
	memcpy(s, GRPC_SLICE_START_PTR(v), len);
	s[len] = 0;
	return s;
}

/* One metadata entry the envelope carries; 0 or -1 (refused). */
static int
read_entry(struct kgrpc_call *c, const grpc_metadata *m)
{
	size_t len = GRPC_SLICE_LENGTH(m->value);
	char  *v;

	if (grpc_slice_str_cmp(m->key, "authorization") == 0) {
		if ((v = text_of(m->value)) == NULL ||
		    strncasecmp(v, "Bearer ", 7) != 0) {
			free(v);
			refuse(c, KINERJA__CODE__UNAUTHENTICATED,
			    "authorization: expected \"Bearer <token>\"");
			return -1;
		}
		free(c->token);
		c->token = strdup(v + 7 + strspn(v + 7, " "));
		free(v);
	} else if (grpc_slice_str_cmp(m->key, "x-request-id") == 0) {
		if (len > KENV_REQUEST_ID_MAX || (v = text_of(m->value)) == NULL) {
			refuse(c, KINERJA__CODE__INVALID_ARGUMENT,
			    "x-request-id: %zu bytes; at most %d of UTF-8",
			    len, KENV_REQUEST_ID_MAX);
			return -1;
		}
		snprintf(c->request_id, sizeof(c->request_id), "%s", v);
		free(v);
	} else if (grpc_slice_str_cmp(m->key, "x-reason") == 0 ||
	           grpc_slice_str_cmp(m->key, "x-reason-bin") == 0) {
		free(c->reason);
		if ((c->reason = text_of(m->value)) == NULL) {
			refuse(c, KINERJA__CODE__INVALID_ARGUMENT,
			    "x-reason-bin: %zu bytes; at most %d of UTF-8 "
			    "without NUL",
			    len, KENV_VALUE_MAX);
			return -1;
		}
	}
	return 0;
}

/* The call's deadline (grpc-timeout) as the envelope's timeout_ms: none
 * gives the default, the longest is an hour. */
static void
read_deadline(struct kgrpc_call *c)
{
	gpr_timespec left;
	int64_t      ms;

	if (gpr_time_cmp(c->details.deadline,
	        gpr_inf_future(c->details.deadline.clock_type)) == 0) {
		c->timeout_ms = c->g->timeout_ms;
		return;
	}
	left = gpr_time_sub(
	    gpr_convert_clock_type(c->details.deadline, GPR_CLOCK_MONOTONIC),
	    gpr_now(GPR_CLOCK_MONOTONIC));
	ms   = gpr_time_to_millis(left);
	c->timeout_ms =
	    (uint32_t) (ms < 1 ? 1 : ms > MAX_TIMEOUT_MS ? MAX_TIMEOUT_MS : ms);
}

/* The token against the method, as dispatch will check it again: a
 * stranger is turned away before a byte of the message is read. */
static int
authorize(struct kgrpc_call *c)
{
	struct kgrpc *g = c->g;
	char          msg[256];
	int           code;

	if (g->authorize == NULL || c->md == NULL)
		return 0; /* the health check is open, as Health is */
	nng_mtx_lock(g->auth_mtx);
	code = g->authorize(
	    g->authorize_arg, c->md->name, c->token, msg, sizeof(msg));
	nng_mtx_unlock(g->auth_mtx);
	if (code != 0)
		refuse(c, code, "%s", msg);
	return code ? -1 : 0;
}

/* One of max_calls, or RESOURCE_EXHAUSTED: a burst waits for no one. */
static int
admit(struct kgrpc_call *c)
{
	struct kgrpc *g = c->g;
	int           stopping;

	nng_mtx_lock(g->mtx);
	stopping = g->stopping;
	if (!stopping && g->admitted < g->max_calls) {
		g->admitted++;
		c->admitted = 1;
	}
	nng_mtx_unlock(g->mtx);
	if (c->admitted)
		return 0;
	if (stopping)
		refuse(c, KINERJA__CODE__UNAVAILABLE, "grpc: stopping");
	else
		refuse(c, KINERJA__CODE__RESOURCE_EXHAUSTED,
		    "grpc: %u calls in flight already; try again later",
		    g->max_calls);
	return -1;
}

/* A new call: admitted, then its message is asked for. */
static void
begin(struct kgrpc_call *c)
{
	grpc_op op = { 0 };
	size_t  i;
	int     health;

	c->start = nng_clock();
	read_peer(c);
	if (find_method(c, &health) != 0)
		return;
	for (i = 0; i < c->meta.count; i++)
		if (read_entry(c, &c->meta.metadata[i]) != 0)
			return;
	read_deadline(c);
	if (authorize(c) != 0 || admit(c) != 0)
		return;
	op.op                               = GRPC_OP_RECV_MESSAGE;
	op.data.recv_message.recv_message = &c->in;
	c->state                            = KGRPC_RECEIVING;
	if (grpc_call_start_batch(c->call, &op, 1, c, NULL) != GRPC_CALL_OK)
		refuse(c, KINERJA__CODE__INTERNAL, "grpc: cannot read");
}

/* ----------------------------------------------------- forwarding */

/* The envelope, with the message as its payload, on an nng message. */
static int
envelope(struct kgrpc_call *c, grpc_slice body, nng_msg **msg)
{
	Kinerja__RequestEnvelope e       = KINERJA__REQUEST_ENVELOPE__INIT;
	Kinerja__MetadataEntry   meta[3] = { KINERJA__METADATA_ENTRY__INIT,
		  KINERJA__METADATA_ENTRY__INIT, KINERJA__METADATA_ENTRY__INIT };
	Kinerja__MetadataEntry  *metap[3] = { &meta[0], &meta[1], &meta[2] };
	size_t                   n;

	e.method       = (char *) (c->md ? c->md->name : "Health");
	e.request_id   = c->request_id;
	e.timeout_ms   = c->timeout_ms;
	e.metadata     = metap;
	e.payload.data = c->md ? GRPC_SLICE_START_PTR(body) : NULL;
	e.payload.len  = c->md ? GRPC_SLICE_LENGTH(body) : 0;
	meta[e.n_metadata].key     = "peer";
	meta[e.n_metadata++].value = c->peer;
	if (c->token != NULL) {
		meta[e.n_metadata].key     = "authorization";
		meta[e.n_metadata++].value = c->token;
	}
	if (c->reason != NULL) {
		meta[e.n_metadata].key     = "reason";
		meta[e.n_metadata++].value = c->reason;
	}
	if ((n = kinerja__request_envelope__get_packed_size(&e)) >
	    c->g->max_message) {
		refuse(c, KINERJA__CODE__RESOURCE_EXHAUSTED,
		    "message: the request packs to %zu bytes, which exceeds "
		    "the limit of %zu (--max-message)",
		    n, c->g->max_message);
		return -1;
	}
	if (nng_msg_alloc(msg, n) != 0) {
		refuse(c, KINERJA__CODE__UNAVAILABLE, "grpc: out of memory");
		return -1;
	}
	kinerja__request_envelope__pack(&e, nng_msg_body(*msg));
	return 0;
}

/* The health check names a service this server has, or NOT_FOUND. */
static int
health_request(struct kgrpc_call *c, grpc_slice body)
{
	int known = kgrpc_health_known(
	    GRPC_SLICE_START_PTR(body), GRPC_SLICE_LENGTH(body));

	if (known < 0)
		refuse(c, KINERJA__CODE__INVALID_ARGUMENT,
		    "message: not a grpc.health.v1.HealthCheckRequest");
	else if (known == 0)
		answer(c, KINERJA__CODE__NOT_FOUND,
		    "service: unknown; this server has \"\" and "
		    "\"kinerja.Kinerja\"",
		    NULL, 0);
	return known > 0 ? 0 : -1;
}

static void
send_envelope(struct kgrpc_call *c, nng_msg *msg)
{
	struct kgrpc *g = c->g;
	int           rv;

	if ((rv = nng_ctx_open(&c->ctx, g->sock)) != 0) {
		nng_msg_free(msg);
		refuse(c, KINERJA__CODE__UNAVAILABLE,
		    "grpc: cannot reach kinerjad: %s", nng_strerror(rv));
		return;
	}
	c->ctx_open = 1;
	nng_aio_set_timeout(c->aio, (nng_duration) c->timeout_ms + GRACE_MS);
	nng_aio_set_msg(c->aio, msg);
	/* Under the lock, so that kgrpc_stop() cancels it or finds it
	 * not started. */
	nng_mtx_lock(g->mtx);
	if (g->stopping) {
		nng_mtx_unlock(g->mtx);
		nng_msg_free(msg);
		refuse(c, KINERJA__CODE__UNAVAILABLE, "grpc: stopping");
		return;
	}
	c->state = KGRPC_FORWARDING;
	nng_ctx_send(c->ctx, c->aio);
	nng_mtx_unlock(g->mtx);
}

static void reply_cb(void *arg);

/* The message is in (or the read failed): on to kinerjad. */
static void
forward(struct kgrpc_call *c, int ok)
{
	grpc_byte_buffer_reader r;
	grpc_slice              body;
	nng_msg                *msg;
	int                     rc;

	if (!ok || c->in == NULL) {
		/* grpc cancels a call whose message exceeds
		 * GRPC_ARG_MAX_RECEIVE_MESSAGE_LENGTH before it is read
		 * whole; a client that sends none is refused too. */
		refuse(c, KINERJA__CODE__RESOURCE_EXHAUSTED,
		    "message: none, or more than %zu bytes (--max-message)",
		    c->g->max_message);
		return;
	}
	if (!grpc_byte_buffer_reader_init(&r, c->in)) {
		refuse(c, KINERJA__CODE__INVALID_ARGUMENT,
		    "message: cannot be decompressed");
		return;
	}
	body = grpc_byte_buffer_reader_readall(&r);
	grpc_byte_buffer_reader_destroy(&r);
	grpc_byte_buffer_destroy(c->in);
	c->in = NULL;
	rc    = c->md == NULL ? health_request(c, body) : 0;
	if (rc == 0)
		rc = envelope(c, body, &msg);
	grpc_slice_unref(body);
	if (rc != 0)
		return;
	if (nng_aio_alloc(&c->aio, reply_cb, c) != 0) {
		nng_msg_free(msg);
		refuse(c, KINERJA__CODE__UNAVAILABLE, "grpc: out of memory");
		return;
	}
	send_envelope(c, msg);
}

/* ------------------------------------------------------- answering */

/* The trailer of per-item details: google.rpc.Status, FieldErrors as
 * Any. Left out without memory: the status still says what failed. */
static void
set_details(struct kgrpc_call *c, const Kinerja__ResponseEnvelope *env)
{
	uint8_t *buf;
	size_t   len;

	if (env->n_details == 0 ||
	    kgrpc_status_pack(env->code, env->message, env->details,
	        env->n_details, &buf, &len) != 0)
		return;
	c->trailer.key   = grpc_slice_from_static_string(DETAILS_KEY);
	c->trailer.value = grpc_slice_from_copied_buffer((char *) buf, len);
	c->ntrailer      = 1;
	free(buf);
}

/* The reply of the health check: SERVING or NOT_SERVING, from Health. */
static void
answer_health(struct kgrpc_call *c, const Kinerja__ResponseEnvelope *env)
{
	ProtobufCMessage *out = kenv_reply(env, &kinerja__health_reply__descriptor);
	uint8_t           buf[16];
	int               serving;

	serving = out != NULL &&
	          strcmp(((Kinerja__HealthReply *) out)->status, "SERVING") == 0;
	if (out != NULL)
		protobuf_c_message_free_unpacked(out, NULL);
	answer(c, 0, NULL, buf, kgrpc_health_pack(serving, buf));
}

/* kinerjad's ResponseEnvelope: its code is the gRPC status (the same
 * numbers), its payload the reply message as it is. */
static void
answer_envelope(struct kgrpc_call *c, nng_msg *msg)
{
	Kinerja__ResponseEnvelope *env =
	    kenv_response_unpack(nng_msg_body(msg), nng_msg_len(msg));

	nng_msg_free(msg);
	if (env == NULL) {
		answer(c, KINERJA__CODE__INTERNAL,
		    "grpc: reply is not a ResponseEnvelope", NULL, 0);
		return;
	}
	if (env->code == KINERJA__CODE__OK && c->md == NULL)
		answer_health(c, env);
	else if (env->code == KINERJA__CODE__OK)
		answer(c, 0, NULL, env->payload.data, env->payload.len);
	else {
		set_details(c, env);
		answer(c, env->code, env->message, NULL, 0);
	}
	kenv_response_free(env);
}

/* A failure of the inproc hop rather than of the RPC. */
static void
transport_error(struct kgrpc_call *c, int rv)
{
	char msg[128];

	if (rv == NNG_ECANCELED)
		answer(c, KINERJA__CODE__UNAVAILABLE, "grpc: stopping", NULL, 0);
	else if (rv == NNG_ETIMEDOUT)
		answer(c, KINERJA__CODE__DEADLINE_EXCEEDED,
		    "grpc: no reply from kinerjad in time", NULL, 0);
	else {
		snprintf(msg, sizeof(msg), "grpc: %s", nng_strerror(rv));
		answer(c, KINERJA__CODE__UNAVAILABLE, msg, NULL, 0);
	}
}

/* nng's aio thread: the envelope went out, or the reply came back. */
static void
reply_cb(void *arg)
{
	struct kgrpc_call *c  = arg;
	int                rv = nng_aio_result(c->aio);

	if (rv != 0 && !c->sent)
		nng_msg_free(nng_aio_get_msg(c->aio));
	if (rv != 0) {
		transport_error(c, rv);
		return;
	}
	if (c->sent) {
		answer_envelope(c, nng_aio_get_msg(c->aio));
		return;
	}
	nng_mtx_lock(c->g->mtx);
	rv      = c->g->stopping ? NNG_ECANCELED : 0;
	c->sent = 1;
	if (rv == 0)
		nng_ctx_recv(c->ctx, c->aio);
	nng_mtx_unlock(c->g->mtx);
	if (rv != 0)
		transport_error(c, rv);
}

/* The last batch: headers, the reply when there is one, the status (and
 * its trailer), and the close, whose completion frees the call. */
static void
answer(struct kgrpc_call *c, int code, const char *msg, const uint8_t *reply,
    size_t len)
{
	grpc_op    ops[4] = { { 0 } };
	grpc_slice s;
	size_t     n = 0;

	ops[n++].op = GRPC_OP_SEND_INITIAL_METADATA;
	if (code == 0) {
		s      = grpc_slice_from_copied_buffer((const char *) reply, len);
		c->out = grpc_raw_byte_buffer_create(&s, 1);
		grpc_slice_unref(s);
		ops[n].op                             = GRPC_OP_SEND_MESSAGE;
		ops[n++].data.send_message.send_message = c->out;
	}
	c->status_msg = grpc_slice_from_copied_string(msg ? msg : "");
	ops[n].op     = GRPC_OP_SEND_STATUS_FROM_SERVER;
	ops[n].data.send_status_from_server.status = (grpc_status_code) code;
	ops[n].data.send_status_from_server.status_details = &c->status_msg;
	ops[n].data.send_status_from_server.trailing_metadata_count =
	    c->ntrailer;
	ops[n++].data.send_status_from_server.trailing_metadata = &c->trailer;
	ops[n].op                                = GRPC_OP_RECV_CLOSE_ON_SERVER;
	ops[n++].data.recv_close_on_server.cancelled = &c->cancelled;
	c->state = KGRPC_ANSWERING;
	if (grpc_call_start_batch(c->call, ops, n, c, NULL) != GRPC_CALL_OK)
		kgrpc_forget(c->g, c);
}

/* -------------------------------------------------------- the queue */

void
kgrpc_call_event(struct kgrpc_call *c, int ok)
{
	switch (c->state) {
	case KGRPC_REQUESTED:
		if (!ok) { /* the server is shutting down */
			kgrpc_forget(c->g, c);
			return;
		}
		kgrpc_call_request(c->g); /* the next one, at once */
		begin(c);
		return;
	case KGRPC_RECEIVING:
		forward(c, ok);
		return;
	case KGRPC_FORWARDING: /* no batch runs then */
		return;
	case KGRPC_ANSWERING:
		kgrpc_forget(c->g, c);
		return;
	}
}

void
kgrpc_call_cancel(struct kgrpc_call *c)
{
	if (c->state == KGRPC_FORWARDING && c->aio != NULL)
		nng_aio_cancel(c->aio);
}
