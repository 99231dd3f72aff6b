/*
 * front.h - kinerjad's gRPC front: `service Kinerja` of kinerja.proto as
 * real gRPC over HTTP/2 (paths /kinerja.Kinerja/<Method>), served by
 * gRPC's C core and forwarded as a RequestEnvelope over an inproc:// REQ
 * socket to kinerjad's own REP socket, like the HTTP gateway, so that
 * dispatch, auth, limits, deadlines, history and metrics are those of nng
 * clients. Also grpc.health.v1.Health/Check. Everything a call can be
 * refused for without its message (method, metadata, token, load) is
 * refused before the message is read.
 */
#ifndef KINERJA_GRPC_FRONT_H
#define KINERJA_GRPC_FRONT_H

#include <stddef.h>
#include <stdint.h>

struct kgrpc;

/*
 * May the holder of token (NULL: none given) call method? 0, or the
 * status code with msg saying why, as dispatch would answer. Called under
 * a lock of its own, so it need not be thread-safe.
 */
typedef int (*kgrpc_authorize)(void *arg, const char *method,
    const char *token, char *msg, size_t msglen);

/*
 * A call the front refused itself, before kinerjad saw it: for the log
 * and GetMetrics. method NULL when unknown; request_id "" when none; peer
 * "grpc/127.0.0.1:53412". Thread-safe.
 */
typedef void (*kgrpc_refused)(void *arg, const char *method, int code,
    int64_t us, const char *request_id, const char *peer);

struct kgrpc_config {
	const char *addr; /* "127.0.0.1:50051"; port 0 picks a free one */
	const char *rpc_url; /* where kinerjad's REP socket listens */
	size_t      max_message; /* largest request message and envelope */
	uint32_t    timeout_ms; /* deadline when the call has none */
	int allow_remote; /* serve beyond loopback (only with auth on) */
	kgrpc_authorize authorize; /* NULL: auth is off */
	void           *authorize_arg;
	kgrpc_refused   refused; /* NULL: not reported */
	void           *refused_arg;
	/* PEM files: with cert and key, TLS; with a CA too, clients must
	 * present a certificate it signed. NULL: cleartext (h2c). */
	const char *tls_cert, *tls_key, *tls_ca;
	/* Bounds before auth is known; 0 takes the default. */
	uint32_t max_calls; /* in flight; more answered RESOURCE_EXHAUSTED */
	uint32_t max_streams; /* concurrent calls on one connection */
	size_t   memory; /* what all connections' buffers may take */
	uint32_t handshake_ms; /* TLS and HTTP/2 setup of a connection */
	uint32_t idle_ms; /* a connection without calls is closed */
};

int kgrpc_start(struct kgrpc **out, const struct kgrpc_config *cfg,
    char *err, size_t errlen);
/* The port listened on, as bound. */
int kgrpc_port(const struct kgrpc *g);
/* Stops taking calls, cancels those in flight, frees everything. */
void kgrpc_stop(struct kgrpc *g);

#endif
