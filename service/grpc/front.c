/*
 * front.c - the gRPC server of kinerjad's gRPC front (front.h): gRPC's C
 * core with its bounds set before anyone is authenticated, one completion
 * queue run by one thread of ours, and the stop. A call's own steps are in
 * call.c.
 *
 * Why gRPC's C core: it is gRPC's reference HTTP/2 and gRPC
 * implementation (the one under grpcio, grpc++ and PHP's gRPC), packaged
 * by Debian 12 (libgrpc-dev 1.51) and callable from C. Unary calls only:
 * every RPC of kinerja.proto is one.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <grpc/grpc.h>
#include <grpc/grpc_security.h>
#include <grpc/support/time.h>

#include "front_int.h"
#include "kcore.h"

#include <nng/protocol/reqrep0/req.h>

#define REQUESTS     4 /* calls asked of grpc ahead of their arrival */
#define MAX_CALLS    256
#define MAX_STREAMS  32
#define MEMORY_BASE  (64u << 20)
#define HANDSHAKE_MS 10000
#define IDLE_MS      300000
#define AGE_MS       3600000 /* a connection is asked to go after this */
#define AGE_GRACE_MS 3600000 /* ...and given this long to finish calls */
#define METADATA_MAX (32 * 1024) /* headers of one call, all together */
#define PING_MS      10000 /* the most often a client may ping */
#define PEM_MAX      (1 << 20)

void
kgrpc_forget(struct kgrpc *g, struct kgrpc_call *c)
{
	nng_mtx_lock(g->mtx);
	if (c->prev != NULL)
		c->prev->next = c->next;
	else
		g->calls = c->next;
	if (c->next != NULL)
		c->next->prev = c->prev;
	if (c->admitted)
		g->admitted--;
	if (g->shut && g->calls == NULL && !g->cq_closed) {
		g->cq_closed = 1;
		grpc_completion_queue_shutdown(g->cq);
	}
	nng_mtx_unlock(g->mtx);
	if (c->ctx_open)
		nng_ctx_close(c->ctx);
	/* Reaped: this may run on c->aio's own callback. */
	if (c->aio != NULL)
		nng_aio_reap(c->aio);
	if (c->call != NULL)
		grpc_call_unref(c->call);
	grpc_call_details_destroy(&c->details);
	grpc_metadata_array_destroy(&c->meta);
	if (c->in != NULL)
		grpc_byte_buffer_destroy(c->in);
	if (c->out != NULL)
		grpc_byte_buffer_destroy(c->out);
	grpc_slice_unref(c->status_msg);
	if (c->ntrailer)
		grpc_slice_unref(c->trailer.value);
	free(c->token);
	free(c->reason);
	free(c);
}

/* The server's shutdown is done: the queue closes once no call is left. */
static void
on_shutdown(struct kgrpc *g)
{
	nng_mtx_lock(g->mtx);
	g->shut = 1;
	if (g->calls == NULL && !g->cq_closed) {
		g->cq_closed = 1;
		grpc_completion_queue_shutdown(g->cq);
	}
	nng_mtx_unlock(g->mtx);
}

static void
run_queue(void *arg)
{
	struct kgrpc *g = arg;
	grpc_event    ev;

	for (;;) {
		ev = grpc_completion_queue_next(
		    g->cq, gpr_inf_future(GPR_CLOCK_MONOTONIC), NULL);
		if (ev.type == GRPC_QUEUE_SHUTDOWN)
			return;
		if (ev.type != GRPC_OP_COMPLETE)
			continue;
		if (ev.tag == (void *) g)
			on_shutdown(g);
		else
			kgrpc_call_event(ev.tag, ev.success);
	}
}

/* ------------------------------------------------------------ start */

static char *
read_pem(const char *path, char *err, size_t errlen)
{
	FILE  *f = fopen(path, "rb");
	char  *buf;
	size_t n = 0;

	if (f == NULL) {
		snprintf(err, errlen, "--grpc: %s: %s", path, strerror(errno));
		return NULL;
	}
	if ((buf = malloc(PEM_MAX + 1)) != NULL)
		n = fread(buf, 1, PEM_MAX + 1, f);
	fclose(f);
	if (buf == NULL || n == 0 || n > PEM_MAX) {
		snprintf(err, errlen, "--grpc: %s: empty, or over %d bytes",
		    path, PEM_MAX);
		free(buf);
		return NULL;
	}
	buf[n] = 0;
	return buf;
}

/* TLS from the PEM files (with a CA: client certificates required and
 * verified), or cleartext h2c without them. */
static grpc_server_credentials *
credentials(const struct kgrpc_config *cfg, char *err, size_t errlen)
{
	grpc_ssl_pem_key_cert_pair pair = { NULL, NULL };
	grpc_server_credentials   *cr   = NULL;
	char                      *ca   = NULL;

	if (cfg->tls_cert == NULL && cfg->tls_key == NULL)
		return grpc_insecure_server_credentials_create();
	if (cfg->tls_cert == NULL || cfg->tls_key == NULL) {
		snprintf(err, errlen, "--grpc: TLS needs both --tls-cert and "
		                      "--tls-key");
		return NULL;
	}
	if ((pair.cert_chain = read_pem(cfg->tls_cert, err, errlen)) &&
	    (pair.private_key = read_pem(cfg->tls_key, err, errlen)) &&
	    (cfg->tls_ca == NULL || (ca = read_pem(cfg->tls_ca, err, errlen))))
		cr = grpc_ssl_server_credentials_create_ex(ca, &pair, 1,
		    ca ? GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY
		       : GRPC_SSL_DONT_REQUEST_CLIENT_CERTIFICATE,
		    NULL);
	free((char *) pair.cert_chain);
	free((char *) pair.private_key);
	free(ca);
	return cr;
}

/* The C core's own helpers for these are not public in 1.51. */
static grpc_arg
int_arg(const char *key, int v)
{
	grpc_arg a = { GRPC_ARG_INTEGER, (char *) key, { .integer = v } };

	return a;
}

static grpc_arg
quota_arg(grpc_resource_quota *q)
{
	grpc_arg a = { GRPC_ARG_POINTER, (char *) GRPC_ARG_RESOURCE_QUOTA,
		{ .pointer = { q, grpc_resource_quota_arg_vtable() } } };

	return a;
}

static uint32_t
or_default(uint32_t v, uint32_t def)
{
	return v ? v : def;
}

/* Every bound that holds before a caller is known: message and header
 * sizes, streams per connection, the memory of all connections, the
 * handshake, idle and aged connections, and pings. */
static grpc_server *
make_server(const struct kgrpc_config *cfg)
{
	grpc_resource_quota *quota = grpc_resource_quota_create("kinerja-grpc");
	size_t               memory = cfg->memory;
	grpc_arg             args[11];
	grpc_channel_args    ca = { 0, args };
	grpc_server         *s;

	if (memory == 0)
		memory = MEMORY_BASE + 4 * cfg->max_message;
	grpc_resource_quota_resize(quota, memory);
	args[ca.num_args++] = int_arg(
	    GRPC_ARG_MAX_RECEIVE_MESSAGE_LENGTH, (int) cfg->max_message);
	args[ca.num_args++] = int_arg(
	    GRPC_ARG_MAX_CONCURRENT_STREAMS,
	    (int) or_default(cfg->max_streams, MAX_STREAMS));
	args[ca.num_args++] = int_arg(
	    GRPC_ARG_MAX_METADATA_SIZE, METADATA_MAX);
	args[ca.num_args++] = quota_arg(quota);
	args[ca.num_args++] = int_arg(
	    GRPC_ARG_SERVER_HANDSHAKE_TIMEOUT_MS,
	    (int) or_default(cfg->handshake_ms, HANDSHAKE_MS));
	args[ca.num_args++] = int_arg(
	    GRPC_ARG_MAX_CONNECTION_IDLE_MS,
	    (int) or_default(cfg->idle_ms, IDLE_MS));
	args[ca.num_args++] = int_arg(
	    GRPC_ARG_MAX_CONNECTION_AGE_MS, AGE_MS);
	args[ca.num_args++] = int_arg(
	    GRPC_ARG_MAX_CONNECTION_AGE_GRACE_MS, AGE_GRACE_MS);
	args[ca.num_args++] = int_arg(
	    GRPC_ARG_HTTP2_MIN_RECV_PING_INTERVAL_WITHOUT_DATA_MS, PING_MS);
	args[ca.num_args++] = int_arg(
	    GRPC_ARG_KEEPALIVE_PERMIT_WITHOUT_CALLS, 0);
	args[ca.num_args++] = int_arg(
	    GRPC_ARG_HTTP2_MAX_PING_STRIKES, 2);
	s = grpc_server_create(&ca, NULL);
	grpc_resource_quota_unref(quota); /* the server holds its own ref */
	return s;
}

/* Without auth, gRPC stays on this host, like the nng listener. */
static int
check_address(const struct kgrpc_config *cfg, char *err, size_t errlen)
{
	char        host[256];
	const char *colon = strrchr(cfg->addr, ':');
	const char *h     = cfg->addr;
	size_t      n;

	if (colon == NULL || colon[1] == 0 ||
	    strspn(colon + 1, "0123456789") != strlen(colon + 1) ||
	    (n = (size_t) (colon - h)) == 0 || n >= sizeof(host)) {
		snprintf(err, errlen, "--grpc %s: not an ADDRESS:PORT",
		    cfg->addr);
		return -1;
	}
	if (*h == '[' && colon[-1] == ']')
		h++, n -= 2;
	memcpy(host, h, n);
	host[n] = 0;
	if (!cfg->allow_remote && !kc_loopback_host(host)) {
		snprintf(err, errlen,
		    "--grpc %s: not a loopback address; serving gRPC beyond "
		    "this host needs --auth",
		    cfg->addr);
		return -1;
	}
	return 0;
}

/* The REQ socket to kinerjad; no resends: a write sent twice could be
 * applied twice. */
static int
dial(struct kgrpc *g, const struct kgrpc_config *cfg, char *err,
    size_t errlen)
{
	int rv;

	if ((rv = nng_mtx_alloc(&g->mtx)) != 0 ||
	    (rv = nng_mtx_alloc(&g->auth_mtx)) != 0 ||
	    (rv = nng_req0_open(&g->sock)) != 0 ||
	    (g->sock_open = 1, 0) ||
	    (rv = nng_socket_set_ms(g->sock, NNG_OPT_REQ_RESENDTIME,
	         NNG_DURATION_INFINITE)) != 0 ||
	    (rv = nng_dial(g->sock, cfg->rpc_url, NULL, 0)) != 0) {
		snprintf(err, errlen, "--grpc: %s: %s", cfg->rpc_url,
		    nng_strerror(rv));
		return -1;
	}
	return 0;
}

/* The server on its port, its queue's thread, the first requests. */
static int
serve(struct kgrpc *g, const struct kgrpc_config *cfg, char *err,
    size_t errlen)
{
	grpc_server_credentials *cr;
	int                      i, rv;

	if ((cr = credentials(cfg, err, errlen)) == NULL)
		return -1;
	g->cq     = grpc_completion_queue_create_for_next(NULL);
	g->server = make_server(cfg);
	grpc_server_register_completion_queue(g->server, g->cq, NULL);
	g->port = grpc_server_add_http2_port(g->server, cfg->addr, cr);
	grpc_server_credentials_release(cr);
	if (g->port == 0) {
		snprintf(err, errlen, "--grpc %s: cannot listen there",
		    cfg->addr);
		return -1;
	}
	grpc_server_start(g->server);
	if ((rv = nng_thread_create(&g->thread, run_queue, g)) != 0) {
		snprintf(err, errlen, "--grpc: %s", nng_strerror(rv));
		return -1;
	}
	for (i = 0; i < REQUESTS; i++)
		if (kgrpc_call_request(g) != 0) {
			snprintf(err, errlen, "--grpc: out of memory");
			return -1;
		}
	return 0;
}

int
kgrpc_start(struct kgrpc **out, const struct kgrpc_config *cfg, char *err,
    size_t errlen)
{
	struct kgrpc *g;

	if (check_address(cfg, err, errlen) != 0)
		return -1;
	if ((g = calloc(1, sizeof(*g))) == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	g->max_message   = cfg->max_message;
	g->timeout_ms    = cfg->timeout_ms;
	g->max_calls     = or_default(cfg->max_calls, MAX_CALLS);
	g->authorize     = cfg->authorize;
	g->authorize_arg = cfg->authorize_arg;
	g->refused       = cfg->refused;
	g->refused_arg   = cfg->refused_arg;
	grpc_init();
	g->grpc_up = 1;
	if (dial(g, cfg, err, errlen) != 0 || serve(g, cfg, err, errlen) != 0) {
		kgrpc_stop(g);
		return -1;
	}
	*out = g;
	return 0;
}

int
kgrpc_port(const struct kgrpc *g)
{
	return g->port;
}

/* ------------------------------------------------------------- stop */

/* No new calls; those in flight are cancelled: grpc's own at once, and
 * those waiting on kinerjad answer UNAVAILABLE through their aio. */
static void
cancel_all(struct kgrpc *g)
{
	struct kgrpc_call *c;

	nng_mtx_lock(g->mtx);
	g->stopping = 1;
	for (c = g->calls; c != NULL; c = c->next)
		kgrpc_call_cancel(c);
	nng_mtx_unlock(g->mtx);
}

void
kgrpc_stop(struct kgrpc *g)
{
	if (g == NULL)
		return;
	if (g->server != NULL) {
		if (g->mtx != NULL)
			cancel_all(g);
		grpc_server_shutdown_and_notify(g->server, g->cq, g);
		grpc_server_cancel_all_calls(g->server);
		/* Returns once the queue is drained: every call is gone. */
		if (g->thread != NULL)
			nng_thread_destroy(g->thread);
		else
			run_queue(g);
		grpc_server_destroy(g->server);
	}
	if (g->cq != NULL)
		grpc_completion_queue_destroy(g->cq);
	if (g->sock_open)
		nng_close(g->sock);
	if (g->auth_mtx != NULL)
		nng_mtx_free(g->auth_mtx);
	if (g->mtx != NULL)
		nng_mtx_free(g->mtx);
	if (g->grpc_up)
		grpc_shutdown_blocking();
	free(g);
}
