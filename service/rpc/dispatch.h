/*
 * dispatch.h - from request bytes to response bytes. Decodes the envelope,
 * finds the method in the service descriptor protoc-c generated from
 * kinerja.proto, decodes the payload with that method's input descriptor,
 * invokes the handler and packs the envelope of the answer. Transport-free,
 * so tests and fuzzers can drive it directly.
 */
#ifndef KINERJA_DISPATCH_H
#define KINERJA_DISPATCH_H

#include <stddef.h>
#include <stdint.h>

#include "call.h"

struct kdispatch {
	struct kstore             *store;
	const struct kserver_info *info;
	uint32_t                   default_timeout_ms;
	size_t max_message; /* larger: RESOURCE_EXHAUSTED */
	size_t decode_budget; /* heap one decoded payload may use */
};

/* Always produces a response; *out is malloc'd. Returns the status code. */
int kdispatch_handle(const struct kdispatch *d, const uint8_t *req, size_t len,
    uint8_t **out, size_t *outlen);

/* The service the handlers implement, for the descriptor walk. */
extern Kinerja__Kinerja_Service kinerja_service;

#endif
