/*
 * conns.h - the connections of the REP socket: at most so many at once,
 * and none kept open by a peer that sends nothing. nng reports a connection
 * only once its SP handshake is done (nng itself drops one that takes more
 * than 10 s) and never shows a message being received, so a connection is
 * judged by its complete requests: one that has not finished its first
 * within the read timeout, or has been quiet longer than the idle timeout
 * since its last, is closed. In-process pipes (the HTTP gateway, --demo)
 * are ours and not counted.
 *
 * nng allocates the length a message claims and keeps what arrives until
 * it is whole, so every connection may pin the receive limit while it
 * sends. The limit of the TCP listeners is therefore shared out of a
 * budget: each connection is charged the highest limit it may have read
 * a length under (since connecting or its last request), and the limit
 * is the highest that keeps the charges within the budget; a connection
 * that sends more than the limit in force is closed by nng unread. With
 * few connections a request may be as large as --max-message allows;
 * under many, only small ones pass until they leave.
 */
#ifndef KINERJA_CONNS_H
#define KINERJA_CONNS_H

#include <stdint.h>

#include <nng/nng.h>

/* What a zero field of kconns_config means. */
#define KCONNS_MAX     256
#define KCONNS_IDLE_MS 30000
#define KCONNS_READ_MS 10000
#define KCONNS_BUDGET  (128u << 20)
#define KCONNS_FLOOR   (64u << 10) /* the least receive limit */

struct kconns_config {
	uint32_t max; /* connections at once; more are closed on arrival */
	uint32_t idle_ms; /* after a request: quiet this long, closed */
	uint32_t read_ms; /* from connecting to the first request */
	size_t   recv_max; /* the receive limit with room to spare */
	size_t   budget; /* bytes all connections may be receiving */
};

struct kconns;

/* Watches sock's pipes; call before it listens. */
int kconns_start(
    struct kconns **out, nng_socket sock, const struct kconns_config *cfg);
/* A request from pipe p is in service; kconns_end when it is answered.
 * `large`: it took enough memory to be worth giving back afterwards. */
void kconns_begin(struct kconns *c, nng_pipe p);
void kconns_end(struct kconns *c, nng_pipe p, int large);
/* Connections counted now. */
uint32_t kconns_count(struct kconns *c);
/* A TCP or TLS listener whose receive limit follows the budget. */
int kconns_watch(struct kconns *c, nng_listener l);
/* Stops the reaper; the socket must be closed first. */
void kconns_stop(struct kconns *c);

#endif
