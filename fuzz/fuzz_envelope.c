/*
 * fuzz_envelope.c - raw bytes as a RequestEnvelope: the envelope decoder,
 * the method lookup, request ids, deadlines and whatever payload follows.
 */
#include <stddef.h>
#include <stdint.h>

#include "fuzz_store.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_dispatch(data, size);
	return 0;
}
