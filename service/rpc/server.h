/*
 * server.h - the nng side of kinerjad: one REP socket, any number of
 * listeners, and a pool of workers, each with its own nng context, aio and
 * database connection, so a slow request holds only its own worker.
 */
#ifndef KINERJA_SERVER_H
#define KINERJA_SERVER_H

#include <stddef.h>
#include <stdint.h>

#include "conns.h"
#include "kservice.h"

struct kserver;

/* Log levels: error is a fault of the server, warn a rejected request. */
enum { KLOG_NONE, KLOG_ERROR, KLOG_WARN, KLOG_INFO };

struct kserver_config {
	const char *db_path;
	uint32_t    workers; /* concurrent requests */
	size_t      max_message; /* bytes; larger requests are dropped */
	uint32_t    max_batch; /* items per write request */
	uint32_t    default_timeout_ms; /* deadline when a request sets none */
	size_t      decode_budget; /* heap one decoded request may use */
	int         log_level; /* KLOG_*: which requests are logged */
	int         auth; /* require tokens (auth.h) */
	/* For tls+tcp:// listeners: PEM files. With a CA, clients must
	 * present a certificate it signed. */
	const char *tls_cert, *tls_key, *tls_ca;
	/* Connections at once, and how long one may be quiet. */
	struct kconns_config conns;
	int64_t     replay_ttl_s; /* replays kept this long; 0: for ever */
	/* The methods the workers run (kservice.h): kinerjad hands in the
	 * handlers' table, khandlers_service. */
	const struct kservice *service;
};

/* Is the URL reachable only from this machine (ipc://, unix://,
 * abstract://, inproc://, or a loopback address)? Anything else needs auth
 * on. */
int kserver_url_is_local(const char *url);

int kserver_start(struct kserver **out, const struct kserver_config *cfg,
    char *err, size_t errlen);
int kserver_listen(
    struct kserver *s, const char *url, char *err, size_t errlen);
/*
 * A request a front end in this process (HTTP gateway, gRPC) refused
 * itself, before it reached the REP socket: logged and counted in
 * GetMetrics like the others. method may be unknown or NULL ("-");
 * request_id as sent (the caller checks it is printable); peer the
 * client's address as the front end writes it ("http/127.0.0.1:53412").
 * Thread-safe.
 */
void kserver_refused(struct kserver *s, const char *method, int code,
    int64_t us, const char *request_id, const char *peer);
/* Stops taking requests, lets those in flight finish, closes the store. */
void kserver_stop(struct kserver *s);

#endif
