/*
 * openapi.c - GET /v1/openapi.json (see openapi.h). Every method is
 * POST /v1/<Method>, its request and reply schemas are the messages as
 * proto/json_pb.c writes and reads them: field names as in the .proto,
 * enums by name, 64-bit integers as strings (protobuf's JSON mapping; a
 * request may also give them as numbers), bytes in base64. Errors are
 * google.rpc.Status with kinerja.FieldError details (status.c).
 */
#include <stdio.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "openapi.h"
#include "status.h"

#define REF_SCHEMA "#/components/schemas/"

/* {"$ref": "#/components/<kind>/<name>"} */
static cJSON *
ref(const char *kind, const char *name)
{
	char   buf[300];
	cJSON *o = cJSON_CreateObject();

	snprintf(buf, sizeof(buf), "#/components/%s/%s", kind, name);
	cJSON_AddStringToObject(o, "$ref", buf);
	return o;
}

/* {"type": type, "format": format} (format NULL: none). */
static cJSON *
typed(const char *type, const char *format)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddStringToObject(o, "type", type);
	if (format != NULL)
		cJSON_AddStringToObject(o, "format", format);
	return o;
}

static cJSON *
unsigned32(void)
{
	cJSON *o = typed("integer", "int64");

	cJSON_AddNumberToObject(o, "minimum", 0);
	cJSON_AddNumberToObject(o, "maximum", 4294967295.0);
	return o;
}

/* One value of field f. */
static cJSON *
value_schema(const ProtobufCFieldDescriptor *f)
{
	switch (f->type) {
	case PROTOBUF_C_TYPE_INT32:
	case PROTOBUF_C_TYPE_SINT32:
	case PROTOBUF_C_TYPE_SFIXED32:
		return typed("integer", "int32");
	case PROTOBUF_C_TYPE_UINT32:
	case PROTOBUF_C_TYPE_FIXED32:
		return unsigned32();
	case PROTOBUF_C_TYPE_INT64:
	case PROTOBUF_C_TYPE_SINT64:
	case PROTOBUF_C_TYPE_SFIXED64:
		return typed("string", "int64");
	case PROTOBUF_C_TYPE_UINT64:
	case PROTOBUF_C_TYPE_FIXED64:
		return typed("string", "uint64");
	case PROTOBUF_C_TYPE_FLOAT:
		return typed("number", "float");
	case PROTOBUF_C_TYPE_DOUBLE:
		return typed("number", "double");
	case PROTOBUF_C_TYPE_BOOL:
		return typed("boolean", NULL);
	case PROTOBUF_C_TYPE_STRING:
		return typed("string", NULL);
	case PROTOBUF_C_TYPE_BYTES:
		return typed("string", "byte");
	case PROTOBUF_C_TYPE_ENUM:
		return ref("schemas",
		    ((const ProtobufCEnumDescriptor *) f->descriptor)->name);
	case PROTOBUF_C_TYPE_MESSAGE:
		return ref("schemas",
		    ((const ProtobufCMessageDescriptor *) f->descriptor)
		        ->name);
	}
	return cJSON_CreateObject();
}

static cJSON *
field_schema(const ProtobufCFieldDescriptor *f)
{
	cJSON *a;

	if (f->label != PROTOBUF_C_LABEL_REPEATED)
		return value_schema(f);
	a = typed("array", NULL);
	cJSON_AddItemToObject(a, "items", value_schema(f));
	return a;
}

/* Names only: the gateway writes names, and reads names or numbers. */
static cJSON *
enum_schema(const ProtobufCEnumDescriptor *ed)
{
	cJSON   *o = typed("string", NULL), *names = cJSON_CreateArray();
	unsigned i;

	for (i = 0; i < ed->n_values; i++)
		cJSON_AddItemToArray(
		    names, cJSON_CreateString(ed->values[i].name));
	cJSON_AddItemToObject(o, "enum", names);
	return o;
}

static void add_message(cJSON *schemas, const ProtobufCMessageDescriptor *d);

static cJSON *
message_schema(cJSON *schemas, const ProtobufCMessageDescriptor *d)
{
	cJSON   *o = typed("object", NULL), *props = cJSON_CreateObject();
	unsigned i;

	cJSON_AddItemToObject(o, "properties", props);
	for (i = 0; i < d->n_fields; i++) {
		const ProtobufCFieldDescriptor *f = &d->fields[i];

		cJSON_AddItemToObject(props, f->name, field_schema(f));
		if (f->type == PROTOBUF_C_TYPE_MESSAGE)
			add_message(schemas, f->descriptor);
		else if (f->type == PROTOBUF_C_TYPE_ENUM &&
		         !cJSON_HasObjectItem(schemas,
		             ((const ProtobufCEnumDescriptor *) f->descriptor)
		                 ->name))
			cJSON_AddItemToObject(schemas,
			    ((const ProtobufCEnumDescriptor *) f->descriptor)
			        ->name,
			    enum_schema(f->descriptor));
	}
	return o;
}

/* d and every message and enum it reaches, once each. */
static void
add_message(cJSON *schemas, const ProtobufCMessageDescriptor *d)
{
	cJSON *o;

	if (cJSON_HasObjectItem(schemas, d->name))
		return;
	/* Placed first, filled after: a message that reaches itself stops
	 * here. */
	o = cJSON_CreateObject();
	cJSON_AddItemToObject(schemas, d->name, o);
	cJSON_ReplaceItemInObject(
	    schemas, d->name, message_schema(schemas, d));
}

/* google.rpc.Status, and its details items: a FieldError with "@type". */
static void
add_status(cJSON *schemas)
{
	cJSON *any = cJSON_CreateObject(), *all = cJSON_CreateArray();
	cJSON *typ = typed("object", NULL), *props = cJSON_CreateObject();
	cJSON *t = typed("string", NULL), *e = cJSON_CreateArray();
	cJSON *st = typed("object", NULL), *sp = cJSON_CreateObject();
	cJSON *req = cJSON_CreateArray(), *details = typed("array", NULL);

	add_message(schemas, &kinerja__field_error__descriptor);
	cJSON_AddItemToArray(e, cJSON_CreateString(KSTATUS_DETAIL_TYPE));
	cJSON_AddItemToObject(t, "enum", e);
	cJSON_AddItemToObject(props, "@type", t);
	cJSON_AddItemToArray(req, cJSON_CreateString("@type"));
	cJSON_AddItemToObject(typ, "required", req);
	cJSON_AddItemToObject(typ, "properties", props);
	cJSON_AddItemToArray(
	    all, ref("schemas", kinerja__field_error__descriptor.name));
	cJSON_AddItemToArray(all, typ);
	cJSON_AddItemToObject(any, "allOf", all);
	cJSON_AddItemToObject(schemas, "kinerja.FieldErrorDetail", any);

	cJSON_AddItemToObject(st, "properties", sp);
	cJSON_AddItemToObject(sp, "code", typed("integer", "int32"));
	cJSON_AddItemToObject(sp, "message", typed("string", NULL));
	cJSON_AddItemToObject(
	    details, "items", ref("schemas", "kinerja.FieldErrorDetail"));
	cJSON_AddItemToObject(sp, "details", details);
	req = cJSON_CreateArray();
	cJSON_AddItemToArray(req, cJSON_CreateString("code"));
	cJSON_AddItemToArray(req, cJSON_CreateString("message"));
	cJSON_AddItemToObject(st, "required", req);
	cJSON_AddItemToObject(schemas, "google.rpc.Status", st);
}

/* {"description": text, "content": {"application/json": {"schema":
 * schema}}} */
static cJSON *
json_content(const char *description, cJSON *schema)
{
	cJSON *o = cJSON_CreateObject(), *c = cJSON_CreateObject();
	cJSON *mt = cJSON_CreateObject();

	cJSON_AddStringToObject(o, "description", description);
	cJSON_AddItemToObject(mt, "schema", schema);
	cJSON_AddItemToObject(c, "application/json", mt);
	cJSON_AddItemToObject(o, "content", c);
	return o;
}

static cJSON *
header_param(const char *name, const char *description, cJSON *schema)
{
	cJSON *p = cJSON_CreateObject();

	cJSON_AddStringToObject(p, "name", name);
	cJSON_AddStringToObject(p, "in", "header");
	cJSON_AddStringToObject(p, "description", description);
	cJSON_AddItemToObject(p, "schema", schema);
	return p;
}

static void
add_parameters(cJSON *components)
{
	cJSON *ps = cJSON_CreateObject(), *ms = typed("integer", "int32");
	cJSON *hs = cJSON_CreateObject(), *h = cJSON_CreateObject();

	cJSON_AddNumberToObject(ms, "minimum", 1);
	cJSON_AddNumberToObject(ms, "maximum", 3600000);
	cJSON_AddItemToObject(ps, "RequestId",
	    header_param("X-Request-Id",
	        "Names a write: sent again with the same id, it is "
	        "replayed, not applied twice. Visible ASCII, echoed in the "
	        "answer.",
	        typed("string", NULL)));
	cJSON_AddItemToObject(ps, "Reason",
	    header_param("X-Reason",
	        "Why a write is made, kept in its history (UTF-8).",
	        typed("string", NULL)));
	cJSON_AddItemToObject(ps, "TimeoutMs",
	    header_param("X-Timeout-Ms",
	        "The request's deadline in milliseconds (default: the "
	        "server's --timeout).",
	        ms));
	cJSON_AddItemToObject(components, "parameters", ps);
	cJSON_AddStringToObject(h, "description", "The request's id.");
	cJSON_AddItemToObject(h, "schema", typed("string", NULL));
	cJSON_AddItemToObject(hs, "X-Request-Id", h);
	cJSON_AddItemToObject(components, "headers", hs);
}

static cJSON *
operation(const ProtobufCMethodDescriptor *md)
{
	cJSON *op = cJSON_CreateObject(), *ps = cJSON_CreateArray();
	cJSON *rs = cJSON_CreateObject(), *ok, *hs = cJSON_CreateObject();
	cJSON *body;

	cJSON_AddStringToObject(op, "operationId", md->name);
	cJSON_AddItemToArray(ps, ref("parameters", "RequestId"));
	cJSON_AddItemToArray(ps, ref("parameters", "Reason"));
	cJSON_AddItemToArray(ps, ref("parameters", "TimeoutMs"));
	cJSON_AddItemToObject(op, "parameters", ps);
	body = json_content("The request; an empty body is the empty message.",
	    ref("schemas", md->input->name));
	cJSON_AddFalseToObject(body, "required");
	cJSON_AddItemToObject(op, "requestBody", body);
	ok = json_content("The reply.", ref("schemas", md->output->name));
	cJSON_AddItemToObject(
	    hs, "X-Request-Id", ref("headers", "X-Request-Id"));
	cJSON_AddItemToObject(ok, "headers", hs);
	cJSON_AddItemToObject(rs, "200", ok);
	cJSON_AddItemToObject(rs, "default", ref("responses", "Error"));
	cJSON_AddItemToObject(op, "responses", rs);
	if (strcmp(md->name, "Health") == 0) /* needs no token */
		cJSON_AddItemToObject(op, "security", cJSON_CreateArray());
	return op;
}

/* GET path, no token: answers schema with 200. */
static cJSON *
get_path(const char *summary, cJSON *schema)
{
	cJSON *path = cJSON_CreateObject(), *op = cJSON_CreateObject();
	cJSON *rs = cJSON_CreateObject();

	cJSON_AddStringToObject(op, "summary", summary);
	cJSON_AddItemToObject(op, "security", cJSON_CreateArray());
	cJSON_AddItemToObject(rs, "200", json_content("OK", schema));
	cJSON_AddItemToObject(rs, "default", ref("responses", "Error"));
	cJSON_AddItemToObject(op, "responses", rs);
	cJSON_AddItemToObject(path, "get", op);
	return path;
}

static cJSON *
paths(const ProtobufCServiceDescriptor *sd, cJSON *schemas)
{
	cJSON   *ps = cJSON_CreateObject(), *p;
	char     url[100];
	unsigned i;

	for (i = 0; i < sd->n_methods; i++) {
		const ProtobufCMethodDescriptor *md = &sd->methods[i];

		add_message(schemas, md->input);
		add_message(schemas, md->output);
		snprintf(url, sizeof(url), "/v1/%s", md->name);
		p = cJSON_CreateObject();
		cJSON_AddItemToObject(p, "post", operation(md));
		cJSON_AddItemToObject(ps, url, p);
	}
	cJSON_AddItemToObject(ps, "/healthz",
	    get_path("Health, for load balancers: 200 while SERVING, else "
	             "503.",
	        ref("schemas", "kinerja.HealthReply")));
	cJSON_AddItemToObject(ps, OPENAPI_URL,
	    get_path("This document.", typed("object", NULL)));
	return ps;
}

static cJSON *
components(cJSON *schemas)
{
	cJSON *c = cJSON_CreateObject(), *sec = cJSON_CreateObject();
	cJSON *bearer = cJSON_CreateObject(), *rs = cJSON_CreateObject();

	add_status(schemas);
	cJSON_AddItemToObject(c, "schemas", schemas);
	add_parameters(c);
	cJSON_AddItemToObject(rs, "Error",
	    json_content("An error: google.rpc.Status, with a "
	                 "kinerja.FieldError per item at fault.",
	        ref("schemas", "google.rpc.Status")));
	cJSON_AddItemToObject(c, "responses", rs);
	cJSON_AddStringToObject(bearer, "type", "http");
	cJSON_AddStringToObject(bearer, "scheme", "bearer");
	cJSON_AddStringToObject(bearer, "description",
	    "An API token (kinerjad token create), when kinerjad runs with "
	    "--auth.");
	cJSON_AddItemToObject(sec, "bearer", bearer);
	cJSON_AddItemToObject(c, "securitySchemes", sec);
	return c;
}

static cJSON *
info(const ProtobufCServiceDescriptor *sd)
{
	cJSON *i = cJSON_CreateObject();

	cJSON_AddStringToObject(i, "title", sd->name);
	cJSON_AddStringToObject(i, "version", KINERJA_VERSION);
	cJSON_AddStringToObject(i, "description",
	    "kinerja's HTTP/JSON gateway: every RPC of proto/kinerja.proto "
	    "as POST /v1/<Method>, in protobuf's JSON mapping (64-bit "
	    "integers as strings, enums by name; unset message fields are "
	    "omitted).");
	return i;
}

char *
kopenapi_document(const ProtobufCServiceDescriptor *sd)
{
	cJSON *doc = cJSON_CreateObject(), *schemas = cJSON_CreateObject();
	cJSON *sec = cJSON_CreateArray(), *req = cJSON_CreateObject();
	char  *text;

	cJSON_AddStringToObject(doc, "openapi", "3.0.3");
	cJSON_AddItemToObject(doc, "info", info(sd));
	cJSON_AddItemToObject(doc, "paths", paths(sd, schemas));
	cJSON_AddItemToObject(doc, "components", components(schemas));
	cJSON_AddItemToObject(req, "bearer", cJSON_CreateArray());
	cJSON_AddItemToArray(sec, req);
	cJSON_AddItemToObject(doc, "security", sec);
	text = cJSON_PrintUnformatted(doc);
	cJSON_Delete(doc);
	return text;
}
