/*
 * front_int.h - what front.c (the server, its completion queue and its
 * lifetime) and call.c (one call, from its metadata to its status) share.
 */
#ifndef KINERJA_GRPC_FRONT_INT_H
#define KINERJA_GRPC_FRONT_INT_H

#include <grpc/grpc.h>
#include <nng/nng.h>
#include <nng/supplemental/util/platform.h>

#include "envelope.h"
#include "front.h"

enum kgrpc_state {
	KGRPC_REQUESTED, /* asked of grpc_server_request_call */
	KGRPC_RECEIVING, /* admitted; its message is being read */
	KGRPC_FORWARDING, /* on the REQ socket, waiting for kinerjad */
	KGRPC_ANSWERING, /* status sent; waiting for grpc to be done */
};

/* One call, from the request for it until grpc is done with its status.
 * It is its own tag on the completion queue. */
struct kgrpc_call {
	struct kgrpc       *g;
	struct kgrpc_call  *prev, *next; /* g->calls: every call alive */
	enum kgrpc_state    state;
	grpc_call          *call;
	grpc_call_details   details; /* method, deadline */
	grpc_metadata_array meta; /* the client's metadata */
	grpc_byte_buffer   *in, *out; /* the request and reply messages */
	const ProtobufCMethodDescriptor *md; /* NULL: the health check */
	int      admitted; /* holds one of g->max_calls */
	char    *token, *reason; /* from the metadata, malloc'd */
	char     request_id[KENV_REQUEST_ID_MAX + 1];
	char     peer[80]; /* "grpc/127.0.0.1:53412" */
	uint32_t timeout_ms;
	nng_time start;
	nng_aio *aio;
	nng_ctx  ctx;
	int      ctx_open;
	int      sent; /* the envelope is sent; a reply is awaited */
	/* The answer, alive until its batch completes. */
	grpc_slice    status_msg;
	grpc_metadata trailer; /* grpc-status-details-bin */
	size_t        ntrailer;
	int           cancelled; /* RECV_CLOSE_ON_SERVER */
};

struct kgrpc {
	grpc_server           *server;
	grpc_completion_queue *cq;
	nng_thread            *thread; /* runs the completion queue */
	nng_socket             sock; /* REQ, dialled to kinerjad's REP */
	nng_mtx               *mtx; /* calls, admitted, the flags below */
	struct kgrpc_call     *calls;
	uint32_t               admitted, max_calls;
	int                    stopping;
	int                    shut; /* the server's shutdown is done */
	int                    cq_closed; /* the queue is shut down */
	int                    grpc_up; /* grpc_init() was called */
	int                    sock_open;
	size_t                 max_message;
	uint32_t               timeout_ms;
	kgrpc_authorize        authorize;
	void                  *authorize_arg;
	nng_mtx               *auth_mtx; /* authorize() is not thread-safe */
	kgrpc_refused          refused;
	void                  *refused_arg;
	int                    port;
};

/* call.c */
/* A new call to ask grpc for; -1 without memory or when stopping. */
int kgrpc_call_request(struct kgrpc *g);
/* A batch of c's completed on the queue (ok: grpc's success flag). */
void kgrpc_call_event(struct kgrpc_call *c, int ok);
/* Cancels c's wait for kinerjad (under g->mtx). */
void kgrpc_call_cancel(struct kgrpc_call *c);

/* front.c */
/* Unlinks and frees c; shuts the queue down once the server is and no
 * call is left. */
void kgrpc_forget(struct kgrpc *g, struct kgrpc_call *c);

#endif
