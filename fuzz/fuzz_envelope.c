/*
 * fuzz_envelope.c - raw bytes as a RequestEnvelope: the envelope decoder,
 * the method lookup, request ids, deadlines and whatever payload follows.
 * The envelope's own decoder (envelope.c: a scan of the wire, the head
 * decoded through a budget, the payload not copied) is checked against
 * protobuf-c's plain decode of the same bytes: what it accepts must be
 * within the limits and decode to the same envelope, and an envelope
 * within the limits must not be refused.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "envelope.h"
#include "fuzz_store.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
die(const char *why)
{
	fprintf(stderr, "fuzz_envelope: %s\n", why);
	abort();
}

static int
same_string(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") == 0;
}

/* Fields this version does not know, in the envelope and its entries. */
static size_t
unknown_fields(const Kinerja__RequestEnvelope *env)
{
	size_t i, n = env->base.n_unknown_fields;

	for (i = 0; i < env->n_metadata; i++)
		n += env->metadata[i]->base.n_unknown_fields;
	return n;
}

/* Does the decoded envelope keep every limit of envelope.h? */
static int
within_limits(const Kinerja__RequestEnvelope *env)
{
	size_t i;

	if (strlen(env->method) > KENV_METHOD_MAX ||
	    strlen(env->request_id) > KENV_REQUEST_ID_MAX ||
	    env->n_metadata > KENV_METADATA_MAX ||
	    unknown_fields(env) > KENV_UNKNOWN_MAX)
		return 0;
	for (i = 0; i < env->n_metadata; i++)
		if (strlen(env->metadata[i]->key) > KENV_KEY_MAX ||
		    strlen(env->metadata[i]->value) > KENV_VALUE_MAX)
			return 0;
	return 1;
}

static int
same_envelope(
    const Kinerja__RequestEnvelope *a, const Kinerja__RequestEnvelope *b)
{
	size_t i;

	if (!same_string(a->method, b->method) ||
	    !same_string(a->request_id, b->request_id) ||
	    a->timeout_ms != b->timeout_ms || a->n_metadata != b->n_metadata ||
	    a->payload.len != b->payload.len ||
	    (a->payload.len &&
	        memcmp(a->payload.data, b->payload.data, a->payload.len)))
		return 0;
	for (i = 0; i < a->n_metadata; i++)
		if (!same_string(a->metadata[i]->key, b->metadata[i]->key) ||
		    !same_string(a->metadata[i]->value, b->metadata[i]->value))
			return 0;
	return 1;
}

/* An envelope within the limits, packed afresh (each field once), must be
 * accepted: the bytes it came from may have been refused for a value an
 * earlier copy of a field had, or for their length. Its unknown fields are
 * left out: protobuf-c keeps a known field sent with the wrong wire type
 * as one ("10 01": request_id as a varint), which kenv_decode refuses as
 * malformed, rightly. */
static void
check_canonical(Kinerja__RequestEnvelope *plain)
{
	unsigned    unknown = plain->base.n_unknown_fields;
	size_t      len;
	uint8_t    *buf;
	struct kenv e;
	char        msg[512];

	plain->base.n_unknown_fields = 0;
	len = kinerja__request_envelope__get_packed_size(plain);
	buf = malloc(len ? len : 1);
	kinerja__request_envelope__pack(plain, buf);
	plain->base.n_unknown_fields = unknown;
	if (kenv_decode(&e, buf, len, msg, sizeof(msg)) != 0) {
		fprintf(stderr, "refused: %s\n", msg);
		die("refused an envelope within the limits");
	}
	kenv_free(&e);
	free(buf);
}

/* kenv_decode against protobuf-c's decode of the same bytes. */
static void
check_decoder(const uint8_t *data, size_t size)
{
	Kinerja__RequestEnvelope *plain;
	struct kenv               e;
	char                      msg[512];
	int rc = kenv_decode(&e, data, size, msg, sizeof(msg));

	plain = kinerja__request_envelope__unpack(NULL, size, data);
	if (rc == 0) {
		if (plain == NULL)
			die("accepted bytes protobuf-c refuses");
		if (!within_limits(e.env))
			die("accepted an envelope over the limits");
		if (!same_envelope(e.env, plain))
			die("decodes to another envelope than protobuf-c's");
	} else if (plain != NULL && within_limits(plain)) {
		check_canonical(plain);
	}
	if (plain != NULL)
		kinerja__request_envelope__free_unpacked(plain, NULL);
	kenv_free(&e);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	check_decoder(data, size);
	fuzz_dispatch(data, size);
	return 0;
}
