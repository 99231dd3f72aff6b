/*
 * fuzz_dispatch.c - every request message decoder and handler. The first
 * byte picks a method of the service descriptor (and whether the request
 * carries an id, which makes writes go through the replay table); the rest
 * is that method's payload in a well-formed envelope, so that mutations go
 * into the messages rather than into the envelope around them.
 */
#include <stdlib.h>
#include <string.h>

#include "dispatch.h"
#include "fuzz_store.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const ProtobufCServiceDescriptor *sd = &kinerja__kinerja__descriptor;
	Kinerja__RequestEnvelope env         = KINERJA__REQUEST_ENVELOPE__INIT;
	uint8_t                 *req;
	size_t                   len;

	if (size == 0)
		return 0;
	env.method = (char *) sd->methods[data[0] % sd->n_methods].name;
	/* One fixed id: a second write under it is a replay or a conflict. */
	env.request_id   = (data[0] / sd->n_methods) & 1 ? "fuzz-1" : "";
	env.payload.data = (uint8_t *) data + 1;
	env.payload.len  = size - 1;
	if ((req = malloc(kinerja__request_envelope__get_packed_size(&env))) ==
	    NULL)
		return 0;
	len = kinerja__request_envelope__pack(&env, req);
	fuzz_dispatch(req, len);
	free(req);
	return 0;
}
