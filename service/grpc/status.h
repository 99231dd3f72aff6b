/*
 * status.h - the bytes of gRPC's own protocols that the gRPC front writes
 * and reads (grpc_wire.proto): google.rpc.Status with kinerja.FieldError
 * details for the grpc-status-details-bin trailer, and the messages of
 * grpc.health.v1.Health/Check. Pure: no gRPC, no nng.
 */
#ifndef KINERJA_GRPC_STATUS_H
#define KINERJA_GRPC_STATUS_H

#include <stddef.h>
#include <stdint.h>

#include "kinerja/kinerja.pb-c.h"

/* The type URL of every detail, as the HTTP gateway writes "@type". */
#define KGRPC_FIELD_ERROR_URL "type.googleapis.com/kinerja.FieldError"

/*
 * google.rpc.Status{code, message, details: one Any per FieldError},
 * serialized into *out (malloc'd, *outlen bytes). 0, or -1 without
 * memory.
 */
int kgrpc_status_pack(int code, const char *message,
    Kinerja__FieldError *const *details, size_t n, uint8_t **out,
    size_t *outlen);

/* The service a HealthCheckRequest names: 1 when it is one this server
 * knows ("" or "kinerja.Kinerja"), 0 when it is another, -1 when the
 * bytes are not a HealthCheckRequest. */
int kgrpc_health_known(const uint8_t *req, size_t len);

/* HealthCheckResponse{status: SERVING or NOT_SERVING} into buf (at least
 * 8 bytes); its length. */
size_t kgrpc_health_pack(int serving, uint8_t *buf);

#endif
