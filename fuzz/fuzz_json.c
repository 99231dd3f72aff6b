/*
 * fuzz_json.c - the JSON mapping (proto/json_pb.c) as the HTTP gateway
 * uses it: the first byte picks a method of service Kinerja and the rest
 * is its request as JSON. Whatever jsonpb_to_message accepts must pack,
 * unpack, and come back through jsonpb_from_message to JSON that converts
 * to the same bytes again, and its strings must be ones dispatch's wire
 * check accepts; a refusal's message must be UTF-8. And the gateway's
 * pre-scan (json_scan.c) must count the longest array cJSON built exactly:
 * that length passes its limit, one less is refused.
 */
#include <stdlib.h>
#include <string.h>

#include "json_pb.h"
#include "json_scan.h"
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

/* The most items in any array of the tree. */
static uint32_t
longest(const cJSON *j)
{
	uint32_t     most = 0, n = 0, sub;
	const cJSON *c;

	for (c = j->child; c != NULL; c = c->next, n++)
		if ((sub = longest(c)) > most)
			most = sub;
	return cJSON_IsArray(j) && n > most ? n : most;
}

static void
scan_agrees(const char *text, size_t len, const cJSON *j)
{
	struct jsonscan_limits lim = { longest(j), (size_t) -1 };
	char                   err[256];

	if (jsonscan_check(text, len, &lim, err, sizeof(err)) != JSONSCAN_OK)
		abort();
	if (lim.max_items-- > 0 && jsonscan_check(text, len, &lim, err,
	                               sizeof(err)) != JSONSCAN_TOO_LARGE)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const ProtobufCServiceDescriptor *sd = &kinerja__kinerja__descriptor;
	const ProtobufCMessageDescriptor *d;
	struct kc_arena                   a = { 0 };
	ProtobufCMessage                 *m;
	cJSON                            *j;
	const char                       *text = (const char *) data + 1;
	const char                       *end  = NULL;
	char                              err[256];

	if (size < 1)
		return 0;
	d = sd->methods[data[0] % sd->n_methods].input;
	j = jsonpb_parse(text, size - 1, &end);
	if (j != NULL)
		scan_agrees(text, (size_t) (end - text), j);
	if (j != NULL && (m = jsonpb_to_message(d, j, &a, err, sizeof(err))))
		round_trip(d, m);
	else if (j != NULL && kc_utf8_check(err, strlen(err)) != KC_UTF8_OK)
		abort(); /* the refusal goes back in JSON: it must be UTF-8 */
	cJSON_Delete(j);
	kc_arena_free(&a);
	return 0;
}
