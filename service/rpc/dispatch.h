/*
 * dispatch.h - from request bytes to response bytes. Decodes the envelope,
 * finds the method in the service table's descriptor (kservice.h), checks
 * the caller against the table, decodes the payload with that method's
 * input descriptor, runs it and packs the envelope of the answer.
 * Transport-free, so tests and fuzzers can drive it directly, handing it
 * the service (khandlers_service) as kinerjad does.
 */
#ifndef KINERJA_DISPATCH_H
#define KINERJA_DISPATCH_H

#include <stddef.h>
#include <stdint.h>

#include "kservice.h"

struct kdispatch {
	const struct kservice     *service; /* what the methods are */
	struct kstore             *store;
	const struct kserver_info *info;
	uint32_t                   default_timeout_ms;
	size_t max_message; /* larger: RESOURCE_EXHAUSTED */
	size_t decode_budget; /* heap one decoded payload may use */
	int    auth; /* tokens required (see auth.h) */
};

/* What a request was, for the log line. */
struct kdispatch_result {
	const char *method; /* "-" when it named no known method */
	char        request_id[48]; /* cut to fit */
	int         code;
	int64_t     us; /* time spent in dispatch */
	int         large; /* the call took much memory (kanswer.large) */
	/* The "peer" metadata a front end in this process (HTTP, gRPC) sets
	 * to its client's address, e.g. "http/127.0.0.1:53412"; the server
	 * believes it only from an inproc:// pipe. Empty when absent. */
	char        via[72];
};

/* Always produces a response; *out is malloc'd. Returns the status code
 * and, when res is given, fills it. */
int kdispatch_handle(const struct kdispatch *d, const uint8_t *req, size_t len,
    uint8_t **out, size_t *outlen, struct kdispatch_result *res);

/* Whether the request names a method the service marks quick
 * (kservice.h), read off the envelope's wire form without decoding it;
 * 0 for anything over the limit or malformed (kdispatch_handle answers
 * those on a worker, as any other). */
int kdispatch_quick(const struct kdispatch *d, const uint8_t *req, size_t len);

/* The check a front end in this process (the HTTP gateway) makes before
 * it reads a request's body: may the holder of token ("Bearer kin_..." or
 * the bare token; NULL: none) call method, as dispatch with auth on would
 * decide? OK, or UNAUTHENTICATED or PERMISSION_DENIED (UNAVAILABLE when the
 * token store fails) with msg saying why. */
int kdispatch_precheck(const struct kservice *svc, struct kstore *st,
    const char *method, const char *token, char *msg, size_t msglen);

#endif
