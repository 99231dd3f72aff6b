/*
 * server.c - workers on a REP socket. Each worker is a thread running a
 * small loop over its own context: receive, dispatch, send. Handlers block
 * on SQLite, so they run on these threads rather than in aio callbacks on
 * nng's shared task queue, where they would stall other sockets' I/O.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <nng/nng.h>
#include <nng/protocol/reqrep0/rep.h>
#include <nng/supplemental/util/platform.h>

#include "dispatch.h"
#include "server.h"
#include "store.h"

#define SEND_TIMEOUT_MS 10000

/* Requests up to twice the limit are read and answered RESOURCE_EXHAUSTED;
 * beyond that the transport drops the connection without reading it. */
#define HARD_LIMIT(max) ((max) *2)

struct worker {
	struct kserver  *srv;
	nng_ctx          ctx;
	nng_aio         *aio;
	nng_thread      *thr;
	struct kdispatch disp;
	int              receiving; /* guarded by srv->mtx */
};

struct kserver {
	nng_socket          sock;
	nng_mtx            *mtx;
	int                 stopping; /* guarded by mtx */
	struct kserver_info info;
	struct worker      *workers;
	uint32_t            nworkers;
};

/* Posts a receive unless the server is stopping; returns 0 if posted. */
static int
post_recv(struct worker *w)
{
	int stopping;

	nng_mtx_lock(w->srv->mtx);
	stopping = w->srv->stopping;
	if (!stopping) {
		w->receiving = 1;
		nng_aio_set_timeout(w->aio, NNG_DURATION_INFINITE);
		nng_ctx_recv(w->ctx, w->aio);
	}
	nng_mtx_unlock(w->srv->mtx);
	return stopping ? -1 : 0;
}

static void
serve_one(struct worker *w, nng_msg *msg)
{
	uint8_t *out;
	size_t   outlen;

	kdispatch_handle(
	    &w->disp, nng_msg_body(msg), nng_msg_len(msg), &out, &outlen);
	nng_msg_clear(msg);
	if (nng_msg_append(msg, out, outlen) != 0) {
		free(out);
		nng_msg_free(msg);
		return;
	}
	free(out);
	nng_aio_set_msg(w->aio, msg);
	nng_aio_set_timeout(w->aio, SEND_TIMEOUT_MS);
	nng_ctx_send(w->ctx, w->aio);
	nng_aio_wait(w->aio);
	if (nng_aio_result(w->aio) != 0)
		nng_msg_free(msg);
}

static void
worker_main(void *arg)
{
	struct worker *w = arg;
	int            rv;

	while (post_recv(w) == 0) {
		nng_aio_wait(w->aio);
		nng_mtx_lock(w->srv->mtx);
		w->receiving = 0;
		nng_mtx_unlock(w->srv->mtx);
		rv = nng_aio_result(w->aio);
		if (rv == NNG_ECLOSED)
			break;
		if (rv != 0)
			continue;
		serve_one(w, nng_aio_get_msg(w->aio));
	}
}

static int
start_worker(struct kserver *s, struct worker *w,
    const struct kserver_config *cfg, char *err, size_t errlen)
{
	int rv;

	w->srv                     = s;
	w->disp.info               = &s->info;
	w->disp.default_timeout_ms = cfg->default_timeout_ms;
	w->disp.max_message        = cfg->max_message;
	w->disp.decode_budget      = cfg->decode_budget;
	if (kstore_open(cfg->db_path, &w->disp.store, err, errlen) != KS_OK)
		return -1;
	if ((rv = nng_ctx_open(&w->ctx, s->sock)) != 0 ||
	    (rv = nng_aio_alloc(&w->aio, NULL, NULL)) != 0 ||
	    (rv = nng_thread_create(&w->thr, worker_main, w)) != 0) {
		snprintf(err, errlen, "worker: %s", nng_strerror(rv));
		return -1;
	}
	return 0;
}

int
kserver_start(struct kserver **out, const struct kserver_config *cfg,
    char *err, size_t errlen)
{
	struct kserver *s = calloc(1, sizeof(*s));
	uint32_t        i;
	int             rv;

	if (s == NULL ||
	    (s->workers = calloc(cfg->workers, sizeof(*s->workers))) == NULL) {
		free(s);
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	s->info.started_ms = kstore_now_ms();
	s->info.workers    = cfg->workers;
	s->info.max_batch  = cfg->max_batch;
	if ((rv = nng_mtx_alloc(&s->mtx)) != 0 ||
	    (rv = nng_rep0_open(&s->sock)) != 0 ||
	    (rv = nng_socket_set_size(s->sock, NNG_OPT_RECVMAXSZ,
	         HARD_LIMIT(cfg->max_message))) != 0) {
		snprintf(err, errlen, "socket: %s", nng_strerror(rv));
		kserver_stop(s);
		return -1;
	}
	for (i = 0; i < cfg->workers; i++) {
		if (start_worker(s, &s->workers[i], cfg, err, errlen) != 0) {
			s->nworkers = i + 1;
			kserver_stop(s);
			return -1;
		}
	}
	s->nworkers = cfg->workers;
	*out        = s;
	return 0;
}

int
kserver_listen(struct kserver *s, const char *url, char *err, size_t errlen)
{
	int rv = nng_listen(s->sock, url, NULL, 0);

	if (rv != 0) {
		snprintf(err, errlen, "listen %s: %s", url, nng_strerror(rv));
		return -1;
	}
	return 0;
}

void
kserver_stop(struct kserver *s)
{
	uint32_t i;

	if (s == NULL)
		return;
	/* Idle workers are woken; busy ones finish their request and send
	 * the reply, then see `stopping` and leave. */
	if (s->mtx != NULL) {
		nng_mtx_lock(s->mtx);
		s->stopping = 1;
		for (i = 0; i < s->nworkers; i++)
			if (s->workers[i].receiving)
				nng_aio_cancel(s->workers[i].aio);
		nng_mtx_unlock(s->mtx);
	}
	for (i = 0; i < s->nworkers; i++) {
		struct worker *w = &s->workers[i];

		if (w->thr != NULL)
			nng_thread_destroy(w->thr);
		if (w->aio != NULL)
			nng_aio_free(w->aio);
		kstore_close(w->disp.store);
	}
	nng_close(s->sock);
	if (s->mtx != NULL)
		nng_mtx_free(s->mtx);
	free(s->workers);
	free(s);
}
