/*
 * fuzz_json.c - the HTTP gateway's JSON mapping: the first byte picks a
 * method of service Kinerja and the rest is its request as JSON. Whatever
 * jsonpb_to_message accepts must pack, unpack, and come back through
 * jsonpb_from_message to JSON that converts to the same bytes again, and
 * its strings must be ones dispatch's wire check accepts; a refusal's
 * message must be UTF-8.
 */
#include <stdlib.h>
#include <string.h>

#include "json_pb.h"
#include "kinerja/kinerja.pb-c.h"
#include "wire.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint8_t *
packed(const ProtobufCMessage *m, size_t *len)
{
	uint8_t *buf;

	*len = protobuf_c_message_get_packed_size(m);
	if ((buf = malloc(*len + 1)) == NULL)
		abort();
	protobuf_c_message_pack(m, buf);
	return buf;
}

/* The message's JSON, converted back, packs to the same bytes. */
static void
round_trip(const ProtobufCMessageDescriptor *d, const ProtobufCMessage *m)
{
	struct kc_arena   a = { 0 };
	cJSON            *j = jsonpb_from_message(m);
	ProtobufCMessage *back;
	uint8_t          *x, *y;
	size_t            nx, ny;
	char              err[256];

	if (j == NULL)
		abort();
	if ((back = jsonpb_to_message(d, j, &a, err, sizeof(err))) == NULL)
		abort(); /* our own JSON refused */
	x = packed(m, &nx);
	/* Accepted JSON holds no string dispatch would refuse: none cut at
	 * an escaped NUL, none with a lone surrogate. */
	if (kwire_check(d, x, nx, err, sizeof(err)) != KWIRE_OK)
		abort();
	y = packed(back, &ny);
	if (nx != ny || memcmp(x, y, nx) != 0)
		abort();
	free(x);
	free(y);
	cJSON_Delete(j);
	kc_arena_free(&a);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const ProtobufCServiceDescriptor *sd = &kinerja__kinerja__descriptor;
	const ProtobufCMessageDescriptor *d;
	struct kc_arena                   a = { 0 };
	ProtobufCMessage                 *m;
	cJSON                            *j;
	char                              err[256];

	if (size < 1)
		return 0;
	d = sd->methods[data[0] % sd->n_methods].input;
	j = jsonpb_parse((const char *) data + 1, size - 1, NULL);
	if (j != NULL && (m = jsonpb_to_message(d, j, &a, err, sizeof(err))))
		round_trip(d, m);
	else if (j != NULL && kc_utf8_check(err, strlen(err)) != KC_UTF8_OK)
		abort(); /* the refusal goes back in JSON: it must be UTF-8 */
	cJSON_Delete(j);
	kc_arena_free(&a);
	return 0;
}
