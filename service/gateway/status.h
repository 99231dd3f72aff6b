/*
 * status.h - the body of every error the gateway answers, its own or
 * kinerjad's: google.rpc.Status in protobuf's JSON mapping, as
 * grpc-gateway writes it, {"code": 3, "message": "...", "details": [...]},
 * each details item a kinerja.FieldError with its "@type".
 */
#ifndef KINERJA_GW_STATUS_H
#define KINERJA_GW_STATUS_H

#include <stddef.h>

#include "kinerja/kinerja.pb-c.h"

/* The type URL of a details item, as in a google.protobuf.Any. */
#define KSTATUS_DETAIL_TYPE "type.googleapis.com/kinerja.FieldError"

/* grpc-gateway's HTTP status for a Code. */
unsigned kstatus_http(int code);

/* The JSON text (malloc'd), or NULL when out of memory. */
char *kstatus_body(
    int code, const char *message, Kinerja__FieldError **details, size_t n);

#endif
