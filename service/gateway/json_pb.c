/*
 * json_pb.c - JSON to protobuf-c messages and back, by walking the message
 * descriptors protoc-c generates. Follows protobuf's JSON mapping where it
 * is strict (unknown fields, types, enum names) so that a caller's mistake
 * is reported naming the field rather than silently ignored.
 */
#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json_pb.h"

#define MAX_DEPTH 32 /* nested messages; kinerja.proto has no cycles */
#define MAX_EXACT 9007199254740992.0 /* 2^53: doubles skip integers above */

/* The state of one conversion: where the output goes, where we are. */
struct parse {
	struct kc_arena *arena;
	char             path[256]; /* "values[2].year", for errors */
	size_t           len; /* of path */
	int              depth;
	char            *err;
	size_t           errlen;
};

static int
fail(struct parse *p, const char *fmt, ...)
{
	char    msg[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	snprintf(p->err, p->errlen, "%s: %s", p->len ? p->path : "body", msg);
	return -1;
}

/* Appends ".name" or "[i]" to the path; returns the length to restore. */
static size_t
push_name(struct parse *p, const char *name)
{
	size_t old = p->len;
	int    n   = snprintf(p->path + old, sizeof(p->path) - old, "%s%s",
            old ? "." : "", name);

	p->len = n < 0 ? old : old + (size_t) n;
	if (p->len >= sizeof(p->path))
		p->len = sizeof(p->path) - 1;
	return old;
}

static size_t
push_index(struct parse *p, int i)
{
	size_t old = p->len;
	int    n   = snprintf(p->path + old, sizeof(p->path) - old, "[%d]", i);

	p->len = n < 0 ? old : old + (size_t) n;
	if (p->len >= sizeof(p->path))
		p->len = sizeof(p->path) - 1;
	return old;
}

static void
pop(struct parse *p, size_t old)
{
	p->len       = old;
	p->path[old] = 0;
}

static void *
alloc(struct parse *p, size_t size)
{
	void *m = kc_arena_alloc(p->arena, size ? size : 1);

	if (m == NULL)
		fail(p, "out of memory");
	return m;
}

/* What a JSON value is, for "expected X, got Y". */
static const char *
kind(const cJSON *j)
{
	if (cJSON_IsNull(j))
		return "null";
	if (cJSON_IsBool(j))
		return "a boolean";
	if (cJSON_IsNumber(j))
		return "a number";
	if (cJSON_IsString(j))
		return "a string";
	if (cJSON_IsArray(j))
		return "an array";
	return "an object";
}

/* ------------------------------------------------------------ numbers */

/* An integer as protobuf's mapping allows it: a JSON number without a
 * fraction, or a string of decimal digits (how 64-bit values travel). */
static int
parse_int(
    struct parse *p, const cJSON *j, int is_signed, int64_t *s, uint64_t *u)
{
	const char *v = j->valuestring;
	char       *end;

	if (cJSON_IsNumber(j)) {
		double d = j->valuedouble;

		if (d != floor(d) || !isfinite(d))
			return fail(p, "%g is not an integer", d);
		if (fabs(d) >= MAX_EXACT) /* 2^53 + 1 reads as 2^53 */
			return fail(
			    p, "%.0f is beyond 2^53: send it as a string", d);
		if (!is_signed && d < 0)
			return fail(p, "%.0f is negative", d);
		*s = (int64_t) d;
		*u = (uint64_t) (d < 0 ? 0 : d);
		return 0;
	}
	if (!cJSON_IsString(j))
		return fail(p, "expected an integer, got %s", kind(j));
	if (!(*v >= '0' && *v <= '9') && !(is_signed && *v == '-'))
		return fail(p, "\"%.32s\" is not an integer", v);
	errno = 0;
	if (is_signed)
		*s = strtoll(v, &end, 10);
	else
		*u = strtoull(v, &end, 10);
	if (end == v || *end)
		return fail(p, "\"%.32s\" is not an integer", v);
	if (errno == ERANGE)
		return fail(p, "%.32s is out of range", v);
	return 0;
}

static int
parse_int32(struct parse *p, const cJSON *j, int32_t *out)
{
	int64_t  s = 0;
	uint64_t u = 0;

	if (parse_int(p, j, 1, &s, &u) != 0)
		return -1;
	if (s < INT32_MIN || s > INT32_MAX)
		return fail(
		    p, "%lld is out of range for int32", (long long) s);
	*out = (int32_t) s;
	return 0;
}

static int
parse_uint32(struct parse *p, const cJSON *j, uint32_t *out)
{
	int64_t  s = 0;
	uint64_t u = 0;

	if (parse_int(p, j, 0, &s, &u) != 0)
		return -1;
	if (u > UINT32_MAX)
		return fail(p, "%llu is out of range for uint32",
		    (unsigned long long) u);
	*out = (uint32_t) u;
	return 0;
}

/* A number, or the strings "NaN", "Infinity", "-Infinity" or a decimal. */
static int
parse_double(struct parse *p, const cJSON *j, double *out)
{
	const char *v = j->valuestring;
	char       *end;

	if (cJSON_IsNumber(j)) {
		*out = j->valuedouble;
		return 0;
	}
	if (!cJSON_IsString(j))
		return fail(p, "expected a number, got %s", kind(j));
	if (strcmp(v, "NaN") == 0)
		*out = NAN;
	else if (strcmp(v, "Infinity") == 0)
		*out = INFINITY;
	else if (strcmp(v, "-Infinity") == 0)
		*out = -INFINITY;
	else {
		/* strtod would also take "inf", "0x1p3" and spaces. */
		if (strspn(v, "0123456789+-.eE") != strlen(v) || *v == 0)
			return fail(p, "\"%.32s\" is not a number", v);
		errno = 0;
		*out  = strtod(v, &end);
		if (*end || errno == ERANGE)
			return fail(p, "\"%.32s\" is not a number", v);
	}
	return 0;
}

/* ------------------------------------------------------------ strings */

/* cJSON passes raw bytes through; protobuf strings must be UTF-8. */
static int
valid_utf8(const unsigned char *s)
{
	while (*s) {
		int      n;
		uint32_t c;

		if (*s < 0x80) {
			s++;
			continue;
		}
		if ((*s & 0xe0) == 0xc0)
			n = 1, c = *s & 0x1f;
		else if ((*s & 0xf0) == 0xe0)
			n = 2, c = *s & 0x0f;
		else if ((*s & 0xf8) == 0xf0)
			n = 3, c = *s & 0x07;
		else
			return 0;
		for (s++; n > 0; n--, s++) {
			if ((*s & 0xc0) != 0x80)
				return 0;
			c = (c << 6) | (*s & 0x3f);
		}
		/* Overlong forms, surrogates and beyond U+10FFFF. */
		if (c < 0x80 || (c >= 0xd800 && c <= 0xdfff) || c > 0x10ffff)
			return 0;
	}
	return 1;
}

static int
b64_value(int c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+' || c == '-') /* the URL-safe alphabet too */
		return 62;
	if (c == '/' || c == '_')
		return 63;
	return -1;
}

/* Base64, standard or URL-safe, padding optional. */
static int
parse_bytes(struct parse *p, const cJSON *j, ProtobufCBinaryData *out)
{
	const char *v;
	size_t      n, i, bits = 0, len = 0;
	uint32_t    acc = 0;

	if (!cJSON_IsString(j))
		return fail(p, "expected a base64 string, got %s", kind(j));
	v = j->valuestring;
	n = strlen(v);
	while (n > 0 && v[n - 1] == '=')
		n--;
	if (strlen(v) - n > 2 || n % 4 == 1)
		return fail(p, "not base64");
	if ((out->data = alloc(p, n * 3 / 4)) == NULL)
		return -1;
	for (i = 0; i < n; i++) {
		int d = b64_value((unsigned char) v[i]);

		if (d < 0)
			return fail(p, "not base64");
		acc = (acc << 6) | (uint32_t) d;
		if ((bits += 6) >= 8) {
			bits -= 8;
			out->data[len++] = (uint8_t) (acc >> bits);
		}
	}
	out->len = len;
	return 0;
}

/* ------------------------------------------------------------ fields */

static size_t
value_size(ProtobufCType t)
{
	switch (t) {
	case PROTOBUF_C_TYPE_INT64:
	case PROTOBUF_C_TYPE_SINT64:
	case PROTOBUF_C_TYPE_SFIXED64:
	case PROTOBUF_C_TYPE_UINT64:
	case PROTOBUF_C_TYPE_FIXED64:
		return 8;
	case PROTOBUF_C_TYPE_DOUBLE:
		return sizeof(double);
	case PROTOBUF_C_TYPE_BOOL:
		return sizeof(protobuf_c_boolean);
	case PROTOBUF_C_TYPE_STRING:
		return sizeof(char *);
	case PROTOBUF_C_TYPE_BYTES:
		return sizeof(ProtobufCBinaryData);
	case PROTOBUF_C_TYPE_MESSAGE:
		return sizeof(ProtobufCMessage *);
	default: /* 32-bit integers, float, enum */
		return 4;
	}
}

static ProtobufCMessage *parse_message(
    struct parse *p, const ProtobufCMessageDescriptor *d, const cJSON *j);

static int
parse_enum(struct parse *p, const ProtobufCFieldDescriptor *f, const cJSON *j,
    int *out)
{
	const ProtobufCEnumDescriptor *ed = f->descriptor;
	const ProtobufCEnumValue      *ev = NULL;
	int32_t                        n = 0;

	if (cJSON_IsString(j)) {
		ev = protobuf_c_enum_descriptor_get_value_by_name(
		    ed, j->valuestring);
		if (ev == NULL)
			return fail(p, "\"%.64s\" is not a %s", j->valuestring,
			    ed->name);
	} else if (cJSON_IsNumber(j)) {
		if (parse_int32(p, j, &n) != 0)
			return -1;
		if ((ev = protobuf_c_enum_descriptor_get_value(ed, n)) == NULL)
			return fail(p, "%d is not a %s", n, ed->name);
	} else {
		return fail(
		    p, "expected a %s name, got %s", ed->name, kind(j));
	}
	*out = ev->value;
	return 0;
}

/* One value of field f from j into the memory at v. */
static int
parse_value(struct parse *p, const ProtobufCFieldDescriptor *f, const cJSON *j,
    void *v)
{
	int64_t  s = 0;
	uint64_t u = 0;
	double   d;

	switch (f->type) {
	case PROTOBUF_C_TYPE_INT32:
	case PROTOBUF_C_TYPE_SINT32:
	case PROTOBUF_C_TYPE_SFIXED32:
		return parse_int32(p, j, v);
	case PROTOBUF_C_TYPE_UINT32:
	case PROTOBUF_C_TYPE_FIXED32:
		return parse_uint32(p, j, v);
	case PROTOBUF_C_TYPE_INT64:
	case PROTOBUF_C_TYPE_SINT64:
	case PROTOBUF_C_TYPE_SFIXED64:
		if (parse_int(p, j, 1, &s, &u) != 0)
			return -1;
		memcpy(v, &s, 8);
		return 0;
	case PROTOBUF_C_TYPE_UINT64:
	case PROTOBUF_C_TYPE_FIXED64:
		if (parse_int(p, j, 0, &s, &u) != 0)
			return -1;
		memcpy(v, &u, 8);
		return 0;
	case PROTOBUF_C_TYPE_FLOAT:
		if (parse_double(p, j, &d) != 0)
			return -1;
		if (isfinite(d) && fabs(d) > FLT_MAX)
			return fail(p, "%g is out of range for float", d);
		*(float *) v = (float) d;
		return 0;
	case PROTOBUF_C_TYPE_DOUBLE:
		return parse_double(p, j, v);
	case PROTOBUF_C_TYPE_BOOL:
		if (!cJSON_IsBool(j))
			return fail(
			    p, "expected true or false, got %s", kind(j));
		*(protobuf_c_boolean *) v = cJSON_IsTrue(j);
		return 0;
	case PROTOBUF_C_TYPE_ENUM:
		return parse_enum(p, f, j, v);
	case PROTOBUF_C_TYPE_STRING:
		if (!cJSON_IsString(j))
			return fail(p, "expected a string, got %s", kind(j));
		if (!valid_utf8((const unsigned char *) j->valuestring))
			return fail(p, "not valid UTF-8");
		*(char **) v = kc_arena_strdup(p->arena, j->valuestring);
		return *(char **) v ? 0 : fail(p, "out of memory");
	case PROTOBUF_C_TYPE_BYTES:
		return parse_bytes(p, j, v);
	case PROTOBUF_C_TYPE_MESSAGE:
		*(ProtobufCMessage **) v = parse_message(p, f->descriptor, j);
		return *(ProtobufCMessage **) v ? 0 : -1;
	}
	return fail(p, "unsupported field type");
}

static int
parse_repeated(struct parse *p, const ProtobufCFieldDescriptor *f,
    const cJSON *j, char *m)
{
	size_t       size = value_size(f->type), n, i = 0;
	char        *arr;
	const cJSON *e;

	if (!cJSON_IsArray(j))
		return fail(p, "expected an array, got %s", kind(j));
	n = (size_t) cJSON_GetArraySize(j);
	if ((arr = alloc(p, n * size)) == NULL)
		return -1;
	cJSON_ArrayForEach(e, j)
	{
		size_t old = push_index(p, (int) i);

		if (cJSON_IsNull(e))
			return fail(p, "null in a list");
		if (parse_value(p, f, e, arr + i * size) != 0)
			return -1;
		pop(p, old);
		i++;
	}
	*(size_t *) (m + f->quantifier_offset) = n;
	*(void **) (m + f->offset)             = arr;
	return 0;
}

/* Sets field f of message m from j; null leaves the field unset. */
static int
parse_field(struct parse *p, const ProtobufCFieldDescriptor *f, const cJSON *j,
    ProtobufCMessage *msg)
{
	char *m = (char *) msg;

	if (cJSON_IsNull(j))
		return 0;
	if (f->label == PROTOBUF_C_LABEL_REPEATED)
		return parse_repeated(p, f, j, m);
	if (parse_value(p, f, j, m + f->offset) != 0)
		return -1;
	if (f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF)
		*(uint32_t *) (m + f->quantifier_offset) = f->id;
	else if (f->label == PROTOBUF_C_LABEL_OPTIONAL &&
	         f->type != PROTOBUF_C_TYPE_MESSAGE &&
	         f->type != PROTOBUF_C_TYPE_STRING)
		*(protobuf_c_boolean *) (m + f->quantifier_offset) = 1;
	return 0;
}

/* The lowerCamelCase JSON name protoc gives a field ("pagu_sen" ->
 * "paguSen"); parsers accept it as well as the .proto name. */
static int
json_name_is(const char *field, const char *key)
{
	for (; *field; field++, key++) {
		if (*field == '_' && field[1] != 0) {
			field++;
			if (*key != (*field >= 'a' && *field <= 'z'
			                    ? *field - 'a' + 'A'
			                    : *field))
				return 0;
		} else if (*key != *field) {
			return 0;
		}
	}
	return *key == 0;
}

static const ProtobufCFieldDescriptor *
find_field(const ProtobufCMessageDescriptor *d, const char *key)
{
	const ProtobufCFieldDescriptor *f;
	unsigned                        i;

	if ((f = protobuf_c_message_descriptor_get_field_by_name(d, key)))
		return f;
	for (i = 0; i < d->n_fields; i++)
		if (json_name_is(d->fields[i].name, key))
			return &d->fields[i];
	return NULL;
}

/* Refuses a second value for a field, or for a oneof. */
static int
check_once(struct parse *p, const ProtobufCMessageDescriptor *d,
    const ProtobufCFieldDescriptor *f, const ProtobufCMessage *msg, char *seen)
{
	unsigned i = (unsigned) (f - d->fields);
	uint32_t which;

	if (seen[i])
		return fail(p, "given twice");
	seen[i] = 1;
	if (!(f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF))
		return 0;
	which =
	    *(const uint32_t *) ((const char *) msg + f->quantifier_offset);
	if (which != 0 && which != f->id)
		return fail(p, "another member of its oneof is set");
	return 0;
}

static ProtobufCMessage *
parse_message(
    struct parse *p, const ProtobufCMessageDescriptor *d, const cJSON *j)
{
	ProtobufCMessage *msg;
	const cJSON      *e;
	char             *seen;

	if (!cJSON_IsObject(j)) {
		fail(p, "expected a %s object, got %s", d->name, kind(j));
		return NULL;
	}
	if (++p->depth > MAX_DEPTH) {
		fail(p, "nested deeper than %d", MAX_DEPTH);
		return NULL;
	}
	if ((msg = alloc(p, d->sizeof_message)) == NULL ||
	    (seen = alloc(p, d->n_fields)) == NULL)
		return NULL;
	protobuf_c_message_init(d, msg);
	cJSON_ArrayForEach(e, j)
	{
		const ProtobufCFieldDescriptor *f   = find_field(d, e->string);
		size_t                          old = push_name(p, e->string);

		if (f == NULL) {
			fail(p, "unknown field of %s", d->name);
			return NULL;
		}
		if (check_once(p, d, f, msg, seen) != 0 ||
		    parse_field(p, f, e, msg) != 0)
			return NULL;
		pop(p, old);
	}
	p->depth--;
	return msg;
}

ProtobufCMessage *
jsonpb_to_message(const ProtobufCMessageDescriptor *d, const cJSON *json,
    struct kc_arena *a, char *err, size_t errlen)
{
	struct parse p = { .arena = a, .err = err, .errlen = errlen };

	return parse_message(&p, d, json);
}

/* ------------------------------------------------------------ output */

static cJSON *
double_json(double d)
{
	if (isnan(d))
		return cJSON_CreateString("NaN");
	if (isinf(d))
		return cJSON_CreateString(d > 0 ? "Infinity" : "-Infinity");
	return cJSON_CreateNumber(d);
}

/* A float printed as a double would show its binary tail (0.1 ->
 * 0.100000001490116): take the shortest decimal that reads back the same. */
static cJSON *
float_json(float f)
{
	char buf[32];
	int  prec;

	if (!isfinite(f))
		return double_json(f);
	for (prec = 6; prec < 9; prec++) {
		snprintf(buf, sizeof(buf), "%.*g", prec, (double) f);
		if ((float) strtod(buf, NULL) == f)
			break;
	}
	snprintf(buf, sizeof(buf), "%.*g", prec, (double) f);
	return cJSON_CreateNumber(strtod(buf, NULL));
}

static cJSON *
bytes_json(const ProtobufCBinaryData *b)
{
	static const char abc[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	                          "abcdefghijklmnopqrstuvwxyz0123456789+/";
	char             *s = malloc((b->len + 2) / 3 * 4 + 1), *o = s;
	cJSON            *j;
	size_t            i;

	if (s == NULL)
		return NULL;
	for (i = 0; i + 2 < b->len; i += 3) {
		uint32_t v = (uint32_t) b->data[i] << 16 |
		             (uint32_t) b->data[i + 1] << 8 | b->data[i + 2];

		*o++ = abc[v >> 18];
		*o++ = abc[(v >> 12) & 63];
		*o++ = abc[(v >> 6) & 63];
		*o++ = abc[v & 63];
	}
	if (i < b->len) {
		uint32_t v = (uint32_t) b->data[i] << 16;

		if (i + 1 < b->len)
			v |= (uint32_t) b->data[i + 1] << 8;
		*o++ = abc[v >> 18];
		*o++ = abc[(v >> 12) & 63];
		*o++ = i + 1 < b->len ? abc[(v >> 6) & 63] : '=';
		*o++ = '=';
	}
	*o = 0;
	j  = cJSON_CreateString(s);
	free(s);
	return j;
}

static cJSON *
enum_json(const ProtobufCFieldDescriptor *f, int v)
{
	const ProtobufCEnumValue *ev =
	    protobuf_c_enum_descriptor_get_value(f->descriptor, v);

	/* A number this build does not know is kept, as protobuf does. */
	return ev ? cJSON_CreateString(ev->name) : cJSON_CreateNumber(v);
}

static cJSON *
int64_json(int64_t v)
{
	char buf[24];

	snprintf(buf, sizeof(buf), "%lld", (long long) v);
	return cJSON_CreateString(buf);
}

static cJSON *
uint64_json(uint64_t v)
{
	char buf[24];

	snprintf(buf, sizeof(buf), "%llu", (unsigned long long) v);
	return cJSON_CreateString(buf);
}

static cJSON *
value_json(const ProtobufCFieldDescriptor *f, const void *v)
{
	switch (f->type) {
	case PROTOBUF_C_TYPE_INT32:
	case PROTOBUF_C_TYPE_SINT32:
	case PROTOBUF_C_TYPE_SFIXED32:
		return cJSON_CreateNumber(*(const int32_t *) v);
	case PROTOBUF_C_TYPE_UINT32:
	case PROTOBUF_C_TYPE_FIXED32:
		return cJSON_CreateNumber(*(const uint32_t *) v);
	case PROTOBUF_C_TYPE_INT64:
	case PROTOBUF_C_TYPE_SINT64:
	case PROTOBUF_C_TYPE_SFIXED64:
		return int64_json(*(const int64_t *) v);
	case PROTOBUF_C_TYPE_UINT64:
	case PROTOBUF_C_TYPE_FIXED64:
		return uint64_json(*(const uint64_t *) v);
	case PROTOBUF_C_TYPE_FLOAT:
		return float_json(*(const float *) v);
	case PROTOBUF_C_TYPE_DOUBLE:
		return double_json(*(const double *) v);
	case PROTOBUF_C_TYPE_BOOL:
		return cJSON_CreateBool(*(const protobuf_c_boolean *) v);
	case PROTOBUF_C_TYPE_ENUM:
		return enum_json(f, *(const int *) v);
	case PROTOBUF_C_TYPE_STRING:
		return cJSON_CreateString(
		    *(char *const *) v ? *(char *const *) v : "");
	case PROTOBUF_C_TYPE_BYTES:
		return bytes_json(v);
	case PROTOBUF_C_TYPE_MESSAGE:
		return *(ProtobufCMessage *const *) v
		           ? jsonpb_from_message(
		                 *(ProtobufCMessage *const *) v)
		           : cJSON_CreateNull();
	}
	return NULL;
}

static cJSON *
repeated_json(const ProtobufCFieldDescriptor *f, const char *m)
{
	size_t      n    = *(const size_t *) (m + f->quantifier_offset), i;
	size_t      size = value_size(f->type);
	const char *arr  = *(char *const *) (m + f->offset);
	cJSON      *a    = cJSON_CreateArray(), *e;

	for (i = 0; a != NULL && i < n; i++) {
		if ((e = value_json(f, arr + i * size)) == NULL) {
			cJSON_Delete(a);
			return NULL;
		}
		cJSON_AddItemToArray(a, e);
	}
	return a;
}

/* Whether a field is written: all but unset oneof members and, in proto2,
 * optional scalars without their has_ flag. */
static int
present(const ProtobufCFieldDescriptor *f, const char *m)
{
	if (f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF)
		return *(const uint32_t *) (m + f->quantifier_offset) == f->id;
	if (f->label == PROTOBUF_C_LABEL_OPTIONAL &&
	    f->type != PROTOBUF_C_TYPE_MESSAGE &&
	    f->type != PROTOBUF_C_TYPE_STRING)
		return *(
		    const protobuf_c_boolean *) (m + f->quantifier_offset);
	return 1;
}

cJSON *
jsonpb_from_message(const ProtobufCMessage *msg)
{
	const ProtobufCMessageDescriptor *d = msg->descriptor;
	const char                       *m = (const char *) msg;
	cJSON                            *o = cJSON_CreateObject(), *v;
	unsigned                          i;

	for (i = 0; o != NULL && i < d->n_fields; i++) {
		const ProtobufCFieldDescriptor *f = &d->fields[i];

		if (!present(f, m))
			continue;
		v = f->label == PROTOBUF_C_LABEL_REPEATED
		        ? repeated_json(f, m)
		        : value_json(f, m + f->offset);
		if (v == NULL) {
			cJSON_Delete(o);
			return NULL;
		}
		cJSON_AddItemToObject(o, f->name, v);
	}
	return o;
}
