/*
 * status.c - google.rpc.Status and the health check's messages, packed
 * and unpacked by protoc-c's code for grpc_wire.proto (see status.h).
 */
#include <stdlib.h>
#include <string.h>

#include "grpc_wire.pb-c.h"
#include "status.h"

int
kgrpc_status_pack(int code, const char *message,
    Kinerja__FieldError *const *details, size_t n, uint8_t **out,
    size_t *outlen)
{
	Kgrpc__Status st   = KGRPC__STATUS__INIT;
	Kgrpc__Any   *any  = calloc(n ? n : 1, sizeof(*any));
	Kgrpc__Any  **anyp = calloc(n ? n : 1, sizeof(*anyp));
	size_t        i, len;
	int           rc = -1;

	st.code      = code;
	st.message   = (char *) (message ? message : "");
	st.n_details = n;
	st.details   = anyp;
	for (i = 0; any != NULL && anyp != NULL && i < n; i++) {
		kgrpc__any__init(&any[i]);
		any[i].type_url  = KGRPC_FIELD_ERROR_URL;
		any[i].value.len = kinerja__field_error__get_packed_size(
		    details[i]);
		if ((any[i].value.data = malloc(any[i].value.len + 1)) == NULL)
			break;
		kinerja__field_error__pack(details[i], any[i].value.data);
		anyp[i] = &any[i];
	}
	if (any != NULL && anyp != NULL && i == n) {
		len = kgrpc__status__get_packed_size(&st);
		if ((*out = malloc(len + 1)) != NULL) {
			*outlen = kgrpc__status__pack(&st, *out);
			rc      = 0;
		}
	}
	while (any != NULL && i-- > 0)
		free(any[i].value.data);
	free(any);
	free(anyp);
	return rc;
}

int
kgrpc_health_known(const uint8_t *req, size_t len)
{
	Kgrpc__HealthCheckRequest *r =
	    kgrpc__health_check_request__unpack(NULL, len, req);
	int known;

	if (r == NULL)
		return -1;
	known = strcmp(r->service, "") == 0 ||
	        strcmp(r->service, "kinerja.Kinerja") == 0;
	kgrpc__health_check_request__free_unpacked(r, NULL);
	return known;
}

size_t
kgrpc_health_pack(int serving, uint8_t *buf)
{
	Kgrpc__HealthCheckResponse r = KGRPC__HEALTH_CHECK_RESPONSE__INIT;

	r.status = serving
	               ? KGRPC__HEALTH_CHECK_RESPONSE__SERVING_STATUS__SERVING
	               : KGRPC__HEALTH_CHECK_RESPONSE__SERVING_STATUS__NOT_SERVING;
	return kgrpc__health_check_response__pack(&r, buf);
}
