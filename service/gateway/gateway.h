/*
 * gateway.h - the HTTP/JSON gateway: POST /v1/<Method> for every RPC of
 * `service Kinerja`, served by libmicrohttpd and forwarded as a
 * RequestEnvelope over an inproc:// REQ socket to kinerjad's own REP
 * socket, so that dispatch, limits, metrics and logging are those of nng
 * clients. GET /healthz answers 200 while the Health RPC says SERVING;
 * GET /v1/openapi.json describes the API (openapi.c). With a certificate
 * it serves HTTPS only (tls.c).
 * Everything a request can be refused for without its body (route, size,
 * token) is refused before a byte of the body is read.
 */
#ifndef KINERJA_GATEWAY_H
#define KINERJA_GATEWAY_H

#include <stddef.h>
#include <stdint.h>

struct kgateway;

/*
 * May the holder of token (NULL: none given) call method? 0, or the
 * status code (UNAUTHENTICATED, PERMISSION_DENIED, ...) with msg saying
 * why, as dispatch would answer. Called under a lock of its own, so it
 * need not be thread-safe.
 */
typedef int (*kgateway_authorize)(void *arg, const char *method,
    const char *token, char *msg, size_t msglen);

/*
 * A request the gateway answered itself and never forwarded (404, 405,
 * 413, 401 before the body, malformed JSON, 429/503 when overloaded):
 * method NULL when there is none, code the gRPC Code of the answer, us
 * the time it took, request_id as sent (NULL: none or not printable),
 * peer the client, "http/127.0.0.1:53412". Called from MHD's threads.
 */
typedef void (*kgateway_refused)(void *arg, const char *method, int code,
    int64_t us, const char *request_id, const char *peer);

struct kgateway_config {
	const char *addr; /* "127.0.0.1:8080"; port 0 picks a free one */
	const char *rpc_url; /* where kinerjad's REP socket listens */
	size_t      max_message; /* largest body and envelope; 413 beyond */
	uint32_t    max_batch; /* items in any array of a body */
	uint32_t    timeout_ms; /* deadline when X-Timeout-Ms is absent */
	int allow_remote; /* serve beyond loopback (only with auth on) */
	kgateway_authorize authorize; /* NULL: auth is off */
	void              *authorize_arg;
	uint32_t max_connections; /* open at once; more wait in the backlog */
	uint32_t http_timeout_ms; /* headers, body, reading the answer */
	uint32_t idle_timeout_ms; /* a kept-alive connection between calls */
	kgateway_refused refused; /* NULL: refusals are not reported */
	void            *refused_arg;
	/* PEM files, as kinerjad's --tls-cert, --tls-key and --tls-ca:
	 * with a certificate, HTTPS only; with a CA, every request must come
	 * with a client certificate it signed. NULL: plain HTTP. */
	const char *tls_cert, *tls_key, *tls_ca;
};

int kgateway_start(struct kgateway **out, const struct kgateway_config *cfg,
    char *err, size_t errlen);
/* The port listened on, as bound. */
int kgateway_port(const struct kgateway *g);
/* Whether it serves HTTPS. */
int kgateway_https(const struct kgateway *g);
/* Stops taking requests, aborts those in flight, frees everything. */
void kgateway_stop(struct kgateway *g);

#endif
