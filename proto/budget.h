/*
 * budget.h - a protobuf-c allocator that draws from a fixed allowance, so
 * that a message within the size limit cannot decode into gigabytes
 * (protobuf-c turns a 2-byte empty sub-message into ~120 bytes of heap).
 * Running out makes the unpack fail with `exhausted` set.
 */
#ifndef KINERJA_BUDGET_H
#define KINERJA_BUDGET_H

#include <stddef.h>

#include <protobuf-c/protobuf-c.h>

struct kbudget {
	ProtobufCAllocator base; /* what protobuf-c is given */
	size_t             left; /* bytes still allowed, headers included */
	int                exhausted; /* an allocation was refused */
};

/* An allocator of at most `bytes`; pass &b->base to protobuf-c. */
void kbudget_init(struct kbudget *b, size_t bytes);

#endif
