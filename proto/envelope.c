/*
 * envelope.c - the envelopes (see envelope.h). The request envelope from
 * its wire bytes:
 * A first pass walks the fields and checks the limits without allocating,
 * so 8 million empty metadata entries cost a scan of 33 of them; a second
 * copies every field but the payload, which protobuf-c would otherwise
 * copy whole, and that copy is decoded through a budget.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "envelope.h"

/* One field on the wire: number, wire type, where it starts (its tag) and
 * its value (for length-delimited fields, the bytes inside). */
struct field {
	uint32_t       num;
	int            type; /* 0 varint, 1 64-bit, 2 length, 5 32-bit */
	const uint8_t *start, *val, *end;
};

/* What the scan found. */
struct wire {
	const uint8_t *payload; /* the last payload field's bytes, or NULL */
	size_t         payload_len;
	size_t         head_len; /* bytes of all the other fields */
	uint32_t       nmetadata, nunknown;
};

#define WIRE_LEN 2 /* the wire type of strings, bytes and messages */

static int
read_varint(const uint8_t **p, const uint8_t *end, uint64_t *v)
{
	unsigned shift;

	*v = 0;
	for (shift = 0; *p < end && shift < 64; shift += 7) {
		uint8_t b = *(*p)++;

		*v |= (uint64_t) (b & 0x7f) << shift;
		if (!(b & 0x80))
			return 0;
	}
	return -1;
}

/* Reads the field at *p and moves past it; -1 when it is cut short or no
 * field at all (groups, which proto3 does not have, included). */
static int
next_field(const uint8_t **p, const uint8_t *end, struct field *f)
{
	uint64_t tag, n;

	f->start = *p;
	if (read_varint(p, end, &tag) != 0 || (tag >> 3) == 0 ||
	    (tag >> 3) > UINT32_MAX)
		return -1;
	f->num  = (uint32_t) (tag >> 3);
	f->type = (int) (tag & 7);
	f->val  = *p;
	switch (f->type) {
	case 0:
		if (read_varint(p, end, &n) != 0)
			return -1;
		break;
	case 1:
	case 5:
		n = f->type == 1 ? 8 : 4;
		if ((uint64_t) (end - *p) < n)
			return -1;
		*p += n;
		break;
	case WIRE_LEN:
		if (read_varint(p, end, &n) != 0 || n > (uint64_t) (end - *p))
			return -1;
		f->val = *p;
		*p += n;
		break;
	default:
		return -1;
	}
	f->end = *p;
	return 0;
}

static int
unknown_field(struct wire *w, char *msg, size_t msglen)
{
	if (++w->nunknown <= KENV_UNKNOWN_MAX)
		return 0;
	snprintf(msg, msglen, "envelope: more than %d unknown fields",
	    KENV_UNKNOWN_MAX);
	return KINERJA__CODE__INVALID_ARGUMENT;
}

#define ENTRY_MAX (KENV_KEY_MAX + KENV_VALUE_MAX + 16) /* on the wire */

/* A metadata entry: its key and value, and its size, checked as far as
 * the first field past the limit, so a huge entry is not scanned whole. */
static int
check_entry(const struct field *f, struct wire *w, char *msg, size_t msglen)
{
	const uint8_t *p = f->val;
	uint32_t       i = w->nmetadata - 1;
	struct field   g;
	size_t         len;

	while (p < f->end) {
		if (next_field(&p, f->end, &g) != 0)
			return -1;
		len = (size_t) (g.end - g.val);
		if (g.num == 1 && len > KENV_KEY_MAX) {
			snprintf(msg, msglen,
			    "metadata[%u].key: %zu bytes; at most %d", i, len,
			    KENV_KEY_MAX);
			return KINERJA__CODE__RESOURCE_EXHAUSTED;
		}
		if (g.num == 2 && len > KENV_VALUE_MAX) {
			snprintf(msg, msglen,
			    "metadata[%u].value: %zu bytes; at most %d", i,
			    len, KENV_VALUE_MAX);
			return KINERJA__CODE__RESOURCE_EXHAUSTED;
		}
		if (g.num > 2 && unknown_field(w, msg, msglen) != 0)
			return KINERJA__CODE__INVALID_ARGUMENT;
		if (p - f->val > ENTRY_MAX) {
			snprintf(msg, msglen,
			    "metadata[%u]: more than %d bytes", i, ENTRY_MAX);
			return KINERJA__CODE__RESOURCE_EXHAUSTED;
		}
	}
	return 0;
}

/* The limits of one field of the envelope; 0 when within them. */
static int
check_field(const struct field *f, struct wire *w, char *msg, size_t msglen)
{
	size_t len = (size_t) (f->end - f->val);

	switch (f->num) {
	case 1:
		if (len <= KENV_METHOD_MAX)
			return 0;
		snprintf(msg, msglen, "method: %zu bytes; at most %d", len,
		    KENV_METHOD_MAX);
		return KINERJA__CODE__INVALID_ARGUMENT;
	case 2:
		if (len <= KENV_REQUEST_ID_MAX)
			return 0;
		snprintf(msg, msglen, "request_id: longer than %d bytes",
		    KENV_REQUEST_ID_MAX);
		return KINERJA__CODE__INVALID_ARGUMENT;
	case 3:
		return 0;
	case 4:
		if (++w->nmetadata > KENV_METADATA_MAX) {
			snprintf(msg, msglen, "metadata: more than %d entries",
			    KENV_METADATA_MAX);
			return KINERJA__CODE__RESOURCE_EXHAUSTED;
		}
		return f->type == WIRE_LEN ? check_entry(f, w, msg, msglen)
		                           : 0;
	default:
		return unknown_field(w, msg, msglen);
	}
}

static int
is_payload(const struct field *f)
{
	return f->num == 5 && f->type == WIRE_LEN;
}

/* The first pass: limits, and where the payload is. No allocation. */
static int
scan(const uint8_t *req, size_t len, struct wire *w, char *msg, size_t msglen)
{
	const uint8_t *p = req, *end = req + len;
	struct field   f;
	int            rc;

	memset(w, 0, sizeof(*w));
	while (p < end) {
		if (next_field(&p, end, &f) != 0)
			return -1;
		if (is_payload(&f)) { /* the last one wins, as in protobuf */
			w->payload     = f.val;
			w->payload_len = (size_t) (f.end - f.val);
			continue;
		}
		if ((rc = check_field(&f, w, msg, msglen)) != 0)
			return rc;
		w->head_len += (size_t) (f.end - f.start);
		if (w->head_len > KENV_HEAD_MAX) {
			snprintf(msg, msglen,
			    "envelope: more than %d bytes besides the "
			    "payload",
			    KENV_HEAD_MAX);
			return KINERJA__CODE__RESOURCE_EXHAUSTED;
		}
	}
	return 0;
}

/* The second pass: every field but the payload, into head. */
static void
copy_head(const uint8_t *req, size_t len, uint8_t *head)
{
	const uint8_t *p = req, *end = req + len;
	struct field   f;

	while (p < end && next_field(&p, end, &f) == 0) {
		if (is_payload(&f))
			continue;
		memcpy(head, f.start, (size_t) (f.end - f.start));
		head += f.end - f.start;
	}
}

int
kenv_decode(
    struct kenv *e, const uint8_t *req, size_t len, char *msg, size_t msglen)
{
	struct wire w;
	uint8_t    *head;
	int         rc;

	e->env = NULL;
	kbudget_init(&e->mem, KENV_DECODE_BUDGET);
	if ((rc = scan(req, len, &w, msg, msglen)) > 0)
		return rc;
	if (rc < 0 || (head = malloc(w.head_len ? w.head_len : 1)) == NULL) {
		snprintf(msg, msglen, "envelope: not a valid RequestEnvelope");
		return KINERJA__CODE__INVALID_ARGUMENT;
	}
	copy_head(req, len, head);
	e->env =
	    kinerja__request_envelope__unpack(&e->mem.base, w.head_len, head);
	free(head);
	if (e->env == NULL && e->mem.exhausted) {
		snprintf(msg, msglen,
		    "envelope: decodes to more than %d bytes",
		    KENV_DECODE_BUDGET);
		return KINERJA__CODE__RESOURCE_EXHAUSTED;
	}
	if (e->env == NULL) {
		snprintf(msg, msglen, "envelope: not a valid RequestEnvelope");
		return KINERJA__CODE__INVALID_ARGUMENT;
	}
	/* Not copied: it lives in the request as long as the call does. */
	e->env->payload.data = (uint8_t *) w.payload;
	e->env->payload.len  = w.payload_len;
	return 0;
}

void
kenv_free(struct kenv *e)
{
	if (e->env == NULL)
		return;
	e->env->payload.data = NULL;
	e->env->payload.len  = 0;
	kinerja__request_envelope__free_unpacked(e->env, &e->mem.base);
	e->env = NULL;
}

/* Bytes of v as a varint. */
static size_t
varint_size(uint64_t v)
{
	size_t n = 1;

	while (v >= 0x80) {
		v >>= 7;
		n++;
	}
	return n;
}

static uint8_t *
put_varint(uint8_t *p, uint64_t v)
{
	while (v >= 0x80) {
		*p++ = (uint8_t) (v | 0x80);
		v >>= 7;
	}
	*p++ = (uint8_t) v;
	return p;
}

static void
out_varint(struct kpb_out *o, uint64_t v)
{
	if (o->at != NULL)
		o->at = put_varint(o->at, v);
	o->len += varint_size(v);
}

void
kpb_varint_field(struct kpb_out *o, uint32_t field, uint64_t v)
{
	out_varint(o, (uint64_t) field << 3); /* wire type 0 */
	out_varint(o, v);
}

void
kpb_len_head(struct kpb_out *o, uint32_t field, size_t len)
{
	out_varint(o, ((uint64_t) field << 3) | WIRE_LEN);
	out_varint(o, len);
}

void
kpb_bytes_field(struct kpb_out *o, uint32_t field, const void *p, size_t n)
{
	kpb_len_head(o, field, n);
	if (o->at != NULL) {
		memcpy(o->at, p, n);
		o->at += n;
	}
	o->len += n;
}

void
kpb_double_field(struct kpb_out *o, uint32_t field, double v)
{
	uint64_t bits;
	int      i;

	out_varint(o, ((uint64_t) field << 3) | 1); /* wire type 1: 64-bit */
	memcpy(&bits, &v, sizeof(bits));
	for (i = 0; o->at != NULL && i < 8; i++)
		*o->at++ = (uint8_t) (bits >> (8 * i)); /* little-endian */
	o->len += 8;
}

void
kpb_message_field(
    struct kpb_out *o, uint32_t field, const ProtobufCMessage *m, size_t size)
{
	kpb_len_head(o, field, size);
	if (o->at != NULL)
		o->at += protobuf_c_message_pack(m, o->at);
	o->len += size;
}

/* The payload is field 5, the last: protobuf-c packs fields in order, so
 * the head followed by the payload field is the envelope it would pack.
 * An empty payload is left out, as proto3 leaves out empty bytes. */
#define PAYLOAD_FIELD 5

size_t
kenv_request_size(
    const Kinerja__RequestEnvelope *head, const ProtobufCMessage *payload)
{
	size_t n = protobuf_c_message_get_packed_size(payload);

	struct kpb_out o = { NULL, 0 };

	if (n > 0)
		kpb_message_field(&o, PAYLOAD_FIELD, payload, n);
	return kinerja__request_envelope__get_packed_size(head) + o.len;
}

void
kenv_request_pack(const Kinerja__RequestEnvelope *head,
    const ProtobufCMessage *payload, uint8_t *out)
{
	size_t         n = protobuf_c_message_get_packed_size(payload);
	struct kpb_out o = { out, 0 };

	o.at += kinerja__request_envelope__pack(head, out);
	if (n > 0)
		kpb_message_field(&o, PAYLOAD_FIELD, payload, n);
}

void
kenv_response_pack(
    const Kinerja__ResponseEnvelope *env, uint8_t **out, size_t *outlen)
{
	*outlen = kinerja__response_envelope__get_packed_size(env);
	*out    = malloc(*outlen ? *outlen : 1);
	if (*out == NULL)
		abort();
	kinerja__response_envelope__pack(env, *out);
}

Kinerja__ResponseEnvelope *
kenv_response_unpack(const uint8_t *buf, size_t len)
{
	return kinerja__response_envelope__unpack(NULL, len, buf);
}

void
kenv_response_free(Kinerja__ResponseEnvelope *env)
{
	if (env != NULL)
		kinerja__response_envelope__free_unpacked(env, NULL);
}

ProtobufCMessage *
kenv_reply(
    const Kinerja__ResponseEnvelope *env, const ProtobufCMessageDescriptor *d)
{
	if (env->code != KINERJA__CODE__OK)
		return NULL;
	return protobuf_c_message_unpack(
	    d, NULL, env->payload.len, env->payload.data);
}

const char *
kenv_code_name(int code)
{
	const ProtobufCEnumValue *v = protobuf_c_enum_descriptor_get_value(
	    &kinerja__code__descriptor, code);

	return v ? v->name : NULL;
}
