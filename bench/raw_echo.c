/*
 * raw_echo.c - the raw nng echo server and call of raw_echo.h.
 */
#include <stdio.h>
#include <string.h>

#include <nng/nng.h>
#include <nng/protocol/reqrep0/rep.h>

#include "raw_echo.h"

/* Same shape as a kinerjad worker: its own context, receive then send,
 * but the reply is the request itself. */
static void
raw_echo_loop(void *arg)
{
	struct raw_echo_worker *w = arg;
	nng_ctx                 ctx;
	nng_aio                *aio;
	nng_msg                *msg;

	if (nng_ctx_open(&ctx, w->sock) != 0 ||
	    nng_aio_alloc(&aio, NULL, NULL) != 0)
		return;
	for (;;) {
		nng_ctx_recv(ctx, aio);
		nng_aio_wait(aio);
		if (nng_aio_result(aio) != 0)
			break;
		msg = nng_aio_get_msg(aio);
		nng_aio_set_msg(aio, msg);
		nng_ctx_send(ctx, aio);
		nng_aio_wait(aio);
		if (nng_aio_result(aio) != 0)
			nng_msg_free(msg);
	}
	nng_aio_free(aio);
	nng_ctx_close(ctx);
}

int
raw_echo_start(struct raw_echo *e, const char *url)
{
	int i, rv;

	if ((rv = nng_rep0_open(&e->sock)) != 0 ||
	    (rv = nng_listen(e->sock, url, &e->listener, 0)) != 0) {
		fprintf(stderr, "echo server %s: %s\n", url, nng_strerror(rv));
		return -1;
	}
	for (i = 0; i < RAW_ECHO_WORKERS; i++) {
		e->w[i].sock = e->sock;
		if (nng_thread_create(&e->w[i].thr, raw_echo_loop, &e->w[i]) !=
		    0)
			return -1;
	}
	return 0;
}

void
raw_echo_stop(struct raw_echo *e)
{
	int i;

	/* Closing the socket fails the workers' pending receives. */
	nng_close(e->sock);
	for (i = 0; i < RAW_ECHO_WORKERS; i++)
		nng_thread_destroy(e->w[i].thr);
}

int
raw_echo_port(struct raw_echo *e)
{
	int port;

	if (nng_listener_get_int(e->listener, NNG_OPT_TCP_BOUND_PORT, &port) !=
	    0)
		return -1;
	return port;
}

int
raw_echo_call(nng_socket s, size_t size)
{
	nng_msg *m;

	if (nng_msg_alloc(&m, size) != 0)
		return -1;
	memset(nng_msg_body(m), 'k', size);
	if (nng_sendmsg(s, m, 0) != 0) {
		nng_msg_free(m);
		return -1;
	}
	if (nng_recvmsg(s, &m, 0) != 0)
		return -1;
	nng_msg_free(m);
	return 0;
}
