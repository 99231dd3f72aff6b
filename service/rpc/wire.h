/*
 * wire.h - the strings of an encoded protobuf message, checked before
 * protobuf-c decodes it. protobuf-c hands strings on as NUL-terminated
 * copies, so a NUL inside one silently cuts it, and it takes any bytes as
 * UTF-8: only the wire form shows both. Driven by the message descriptor,
 * so every message of kinerja.proto is covered with no code per message.
 * Pure: no I/O, no globals.
 */
#ifndef KINERJA_WIRE_H
#define KINERJA_WIRE_H

#include <stddef.h>
#include <stdint.h>

#include <protobuf-c/protobuf-c.h>

enum {
	KWIRE_OK         = 0,
	KWIRE_MALFORMED  = -1, /* not a message of that type at all */
	KWIRE_BAD_STRING = -2, /* a string field with a NUL or not UTF-8 */
};

#define KWIRE_MAX_DEPTH 64 /* nested messages; deeper is malformed */

/*
 * Walks every string field of the message of type d encoded in buf, in
 * sub-messages, repeated fields and oneofs alike (bytes and unknown fields
 * are not text). Returns KWIRE_OK, KWIRE_MALFORMED, or KWIRE_BAD_STRING
 * with err naming the field, e.g. "values[3].unit: contains a NUL byte".
 */
int kwire_check(const ProtobufCMessageDescriptor *d, const uint8_t *buf,
    size_t len, char *err, size_t errlen);

/*
 * The last line of defence for output: replaces, in place, each byte of a
 * string field of buf that is a NUL or not UTF-8 with '?', so that a strict
 * reader can parse the message. Returns how many strings it repaired.
 */
size_t kwire_repair(
    const ProtobufCMessageDescriptor *d, uint8_t *buf, size_t len);

/*
 * The value of length-delimited field number `field` (its last one, as
 * protobuf-c keeps it) at the top level of the message in buf, left where
 * it lies: 0, or -1 when the field is absent or buf is not a message.
 */
int kwire_find_bytes(const uint8_t *buf, size_t len, uint32_t field,
    const uint8_t **s, size_t *n);

#endif
