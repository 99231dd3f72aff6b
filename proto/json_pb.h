/*
 * json_pb.h - protobuf's JSON mapping for protobuf-c messages, driven by
 * the descriptors alone: no code per message, so a field or RPC added to
 * kinerja.proto converts with no change here. Pure: no I/O, no globals.
 */
#ifndef KINERJA_JSON_PB_H
#define KINERJA_JSON_PB_H

#include <stddef.h>

#include <cjson/cJSON.h>
#include <protobuf-c/protobuf-c.h>

#include "kcore.h"

/*
 * cJSON_ParseWithLengthOpts(text, len, end, 0), except that integers of 16
 * digits or more are kept as written (cJSON's double would round 2^53 + 1;
 * jsonpb_to_message reads them exactly), and that an escaped NUL
 * (\u0000) and a lone surrogate escape, which cJSON would cut a string at
 * or refuse without naming the field, reach jsonpb_to_message as bytes it
 * refuses naming the field. *end (when end is not NULL): past the JSON and
 * the white space after it, or where parsing failed; both in text.
 */
cJSON *jsonpb_parse(const char *text, size_t len, const char **end);

/*
 * Builds a message of type d from a JSON object; every byte of it lives in
 * arena a. On a mismatch returns NULL with err naming the field at fault,
 * e.g. "values[2].year: expected an integer, got a string".
 */
ProtobufCMessage *jsonpb_to_message(const ProtobufCMessageDescriptor *d,
    const cJSON *json, struct kc_arena *a, char *err, size_t errlen);

/*
 * The JSON of a message: field names as in the .proto, enums by name,
 * 64-bit integers as strings, bytes in base64. Every scalar and list is
 * present (zero values too, as grpc-gateway's EmitDefaults writes them, so
 * that clients need not know the defaults); unset oneof members and unset
 * message fields are omitted, never null. NULL when out of memory.
 */
cJSON *jsonpb_from_message(const ProtobufCMessage *m);

#endif
