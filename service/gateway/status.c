/*
 * status.c - error bodies in google.rpc.Status's JSON (see status.h). A
 * details item carries "@type" first, as a google.protobuf.Any in JSON
 * does, so that clients generated for grpc-gateway read it.
 */
#include <stdint.h>
#include <stdlib.h>

#include <cjson/cJSON.h>

#include "json_pb.h"
#include "status.h"

unsigned
kstatus_http(int code)
{
	static const uint16_t status[] = { 200, 499, 500, 400, 504, 404, 409,
		403, 429, 400, 409, 400, 501, 500, 503, 500, 401 };

	return code >= 0 && code <= 16 ? status[code] : 500;
}

/* A FieldError as an Any: "@type", then its fields. */
static cJSON *
detail_json(const Kinerja__FieldError *e)
{
	cJSON *j = jsonpb_from_message(&e->base), *t;

	if (j == NULL)
		return NULL;
	if ((t = cJSON_CreateString(KSTATUS_DETAIL_TYPE)) == NULL) {
		cJSON_Delete(j);
		return NULL;
	}
	cJSON_AddItemToObject(j, "@type", t);
	cJSON_DetachItemViaPointer(j, t);
	cJSON_InsertItemInArray(j, 0, t);
	return j;
}

char *
kstatus_body(
    int code, const char *message, Kinerja__FieldError **details, size_t n)
{
	cJSON *o = cJSON_CreateObject(), *d = cJSON_CreateArray(), *e;
	char  *s = NULL;
	size_t i;

	if (o == NULL || d == NULL) {
		cJSON_Delete(o);
		cJSON_Delete(d);
		return NULL;
	}
	cJSON_AddNumberToObject(o, "code", code);
	cJSON_AddStringToObject(o, "message", message);
	cJSON_AddItemToObject(o, "details", d);
	for (i = 0; i < n; i++) {
		if ((e = detail_json(details[i])) == NULL)
			goto out;
		cJSON_AddItemToArray(d, e);
	}
	s = cJSON_PrintUnformatted(o);
out:
	cJSON_Delete(o);
	return s;
}
