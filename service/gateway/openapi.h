/*
 * openapi.h - the OpenAPI 3.0 description of the HTTP/JSON API, made from
 * the protobuf-c descriptors when the gateway starts, so that it lists
 * exactly the methods and fields this build serves.
 */
#ifndef KINERJA_OPENAPI_H
#define KINERJA_OPENAPI_H

#include <protobuf-c/protobuf-c.h>

#define OPENAPI_URL "/v1/openapi.json"

/* The document as JSON text (malloc'd); NULL when out of memory. */
char *kopenapi_document(const ProtobufCServiceDescriptor *sd);

#endif
