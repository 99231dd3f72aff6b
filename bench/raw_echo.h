/*
 * raw_echo.h - the raw nng baseline: a REQ/REP echo server shaped like
 * kinerjad (a context per worker, 8 workers) and the client call that
 * measures it, with nothing of kinerja between them.
 */
#ifndef BENCH_RAW_ECHO_H
#define BENCH_RAW_ECHO_H

#include <stddef.h>

#include <nng/nng.h>
#include <nng/supplemental/util/platform.h>

#ifdef __cplusplus
extern "C" {
#endif

#define RAW_ECHO_WORKERS 8 /* as many as kinerjad's default workers */

struct raw_echo_worker {
	nng_socket  sock;
	nng_thread *thr;
};

struct raw_echo {
	nng_socket             sock;
	nng_listener           listener;
	struct raw_echo_worker w[RAW_ECHO_WORKERS];
};

/* Listens on url in this process; 0, or -1 with a message on stderr. */
int  raw_echo_start(struct raw_echo *e, const char *url);
void raw_echo_stop(struct raw_echo *e);
/* The TCP port it listens on (url may have asked for port 0), or -1. */
int raw_echo_port(struct raw_echo *e);
/* One round trip of a size-byte request on a REQ socket: 0 or -1. */
int raw_echo_call(nng_socket s, size_t size);

#ifdef __cplusplus
}
#endif

#endif
