/*
 * gateway.h - the HTTP/JSON gateway: POST /v1/<Method> for every RPC of
 * `service Kinerja`, served by nng's HTTP server and forwarded as a
 * RequestEnvelope over an inproc:// REQ socket to kinerjad's own REP
 * socket, so that dispatch, limits, metrics and logging are those of nng
 * clients. GET /healthz answers 200 while the Health RPC says SERVING.
 */
#ifndef KINERJA_GATEWAY_H
#define KINERJA_GATEWAY_H

#include <stddef.h>
#include <stdint.h>

struct kgateway;

struct kgateway_config {
	const char *addr; /* "127.0.0.1:8080"; port 0 picks a free one */
	const char *rpc_url; /* where kinerjad's REP socket listens */
	size_t      max_message; /* largest body; 413 beyond */
	uint32_t    timeout_ms; /* deadline when X-Timeout-Ms is absent */
	int allow_remote; /* serve beyond loopback (only with auth on) */
};

int kgateway_start(struct kgateway **out, const struct kgateway_config *cfg,
    char *err, size_t errlen);
/* The port listened on, as bound. */
int kgateway_port(const struct kgateway *g);
/* Stops taking requests, aborts those in flight, frees everything. */
void kgateway_stop(struct kgateway *g);

#endif
