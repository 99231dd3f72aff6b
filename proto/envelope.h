/*
 * envelope.h - the transport envelopes of kinerja.proto, the one place they
 * are packed and unpacked: by the client library and the HTTP gateway on
 * the way out, by dispatch on the way in (and back), and the names of
 * their status codes.
 *
 * The request envelope is checked on the wire before anything is
 * decoded. It is read before the token is, so a stranger must not be able
 * to make it expensive: its metadata is bounded in count and size, a scan
 * of the bytes enforces that without allocating, and the decode draws from
 * a small budget. The payload is not copied: it points into the request.
 */
#ifndef KINERJA_ENVELOPE_H
#define KINERJA_ENVELOPE_H

#include <stddef.h>
#include <stdint.h>

#include "budget.h"
#include "kinerja/kinerja.pb-c.h"

#define KENV_METHOD_MAX     64 /* bytes of the method name */
#define KENV_REQUEST_ID_MAX 128 /* bytes of a request id */
#define KENV_METADATA_MAX   32 /* metadata entries */
#define KENV_KEY_MAX        64 /* bytes of a metadata key */
#define KENV_VALUE_MAX      8192 /* bytes of a metadata value */
#define KENV_UNKNOWN_MAX    8 /* fields this version does not know */
/* Everything but the payload, on the wire: the fields above at their
 * limits, with room for tags and lengths. */
#define KENV_HEAD_MAX                                               \
	(KENV_METADATA_MAX * (KENV_KEY_MAX + KENV_VALUE_MAX + 16) + \
	    KENV_METHOD_MAX + KENV_REQUEST_ID_MAX + 256)
/* Heap the decoded head may take: structs and strings, several times the
 * largest head. */
#define KENV_DECODE_BUDGET (4 * KENV_HEAD_MAX)

/* A decoded envelope whose payload points into the request bytes. */
struct kenv {
	Kinerja__RequestEnvelope *env; /* NULL until decoded */
	struct kbudget            mem; /* what env was decoded from */
};

/*
 * Decodes req into e. 0 on success; otherwise a Kinerja__Code, with msg
 * naming the field (e.g. "metadata: 40 entries; at most 32"). req must
 * outlive e->env, whose payload it holds.
 */
int kenv_decode(
    struct kenv *e, const uint8_t *req, size_t len, char *msg, size_t msglen);
/* Frees e->env (not the payload, which is the caller's). */
void kenv_free(struct kenv *e);

/*
 * The request envelope `head` (its payload unset) carrying `payload`: its
 * packed size, and the packing into out (that many bytes). The payload is
 * packed in place, never copied; the bytes are what protobuf-c packs for
 * the whole envelope.
 */
size_t kenv_request_size(
    const Kinerja__RequestEnvelope *head, const ProtobufCMessage *payload);
void kenv_request_pack(const Kinerja__RequestEnvelope *head,
    const ProtobufCMessage *payload, uint8_t *out);

/*
 * Fields in protobuf's wire format, for a reply too large to build as one
 * message (GetRanking's rows): each is written at o->at (moved past it)
 * and counted in o->len; with at NULL only counted. Appended in field
 * number order after what protobuf-c packed of the fields before them,
 * leaving out what proto3 leaves out, they are the bytes protobuf-c packs
 * for the whole message. A negative int32 is its 64-bit varint.
 */
struct kpb_out {
	uint8_t *at;
	size_t   len;
};

void kpb_varint_field(struct kpb_out *o, uint32_t field, uint64_t v);
void kpb_double_field(struct kpb_out *o, uint32_t field, double v);
void kpb_bytes_field(
    struct kpb_out *o, uint32_t field, const void *p, size_t n);
/* A length-delimited field's tag and length; its len bytes follow. */
void kpb_len_head(struct kpb_out *o, uint32_t field, size_t len);
/* A message field (size: its packed size), packed by protobuf-c. */
void kpb_message_field(
    struct kpb_out *o, uint32_t field, const ProtobufCMessage *m, size_t size);

/* Packs a response envelope into *out (malloc'd). Aborts without memory:
 * there is nothing left to answer with. */
void kenv_response_pack(
    const Kinerja__ResponseEnvelope *env, uint8_t **out, size_t *outlen);
/* Decodes a response envelope; NULL when it is not one. */
Kinerja__ResponseEnvelope *kenv_response_unpack(
    const uint8_t *buf, size_t len);
void kenv_response_free(Kinerja__ResponseEnvelope *env);
/* The reply an OK response carries, decoded as a d (free it with
 * protobuf_c_message_free_unpacked); NULL when it is not one. */
ProtobufCMessage *kenv_reply(
    const Kinerja__ResponseEnvelope *env, const ProtobufCMessageDescriptor *d);

/* "INVALID_ARGUMENT": a status code's name, as kinerja.proto spells it
 * (from protoc-c's descriptor); NULL for a number that is not a code. */
const char *kenv_code_name(int code);

#endif
