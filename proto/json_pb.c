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
#define NUL_MARK  "\xc0\x80" /* an escaped NUL, as jsonpb_parse leaves it */

/* The state of one conversion: where the output goes, where we are. */
struct parse {
	struct kc_arena *arena;
	struct kc_path   path; /* "values[2].year", for errors */
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
	snprintf(p->err, p->errlen, "%s: %s", p->path.len ? p->path.s : "body",
	    msg);
	kc_utf8_trim(p->err); /* a cut message ends on a character */
	return -1;
}

/* Caller text in a message: escaped, at most 32 characters. */
#define QUOTED 136 /* 32 characters of 4 bytes, quotes, "..." */

static const char *
quote(char *buf, const char *text)
{
	return kc_quote(buf, QUOTED, text, 32);
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

/* A JSON number kept as written (jsonpb_parse keeps the text of long
 * integers, which a double would round): its digits, read exactly. */
static int
parse_literal(
    struct parse *p, const cJSON *j, int is_signed, int64_t *s, uint64_t *u)
{
	const char *v = j->valuestring;
	char       *end;

	if (!is_signed && *v == '-')
		return fail(p, "%s is negative", v);
	errno = 0;
	if (is_signed)
		*s = strtoll(v, &end, 10);
	else
		*u = strtoull(v, &end, 10);
	if (errno == ERANGE || *end)
		return fail(p, "%s is out of range", v); /* digits only */
	return 0;
}

/* An integer as protobuf's mapping allows it: a JSON number without a
 * fraction (exact however long, see jsonpb_parse), or a string of decimal
 * digits (how 64-bit values travel in replies). */
static int
parse_int(
    struct parse *p, const cJSON *j, int is_signed, int64_t *s, uint64_t *u)
{
	const char *v = j->valuestring;
	char       *end, q[QUOTED];

	if (cJSON_IsNumber(j) && j->valuestring != NULL)
		return parse_literal(p, j, is_signed, s, u);
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
		return fail(p, "%s is not an integer", quote(q, v));
	errno = 0;
	if (is_signed)
		*s = strtoll(v, &end, 10);
	else
		*u = strtoull(v, &end, 10);
	if (end == v || *end)
		return fail(p, "%s is not an integer", quote(q, v));
	if (errno == ERANGE)
		return fail(p, "%s is out of range", v); /* digits only */
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
	char       *end, q[QUOTED];

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
			return fail(p, "%s is not a number", quote(q, v));
		errno = 0;
		*out  = strtod(v, &end);
		if (*end || errno == ERANGE)
			return fail(p, "%s is not a number", quote(q, v));
	}
	return 0;
}

/* ------------------------------------------------------------ strings */

/* cJSON passes raw bytes through; protobuf strings must be UTF-8. An
 * escaped NUL arrives as C0 80 (see jsonpb_parse). */
static int
parse_string(struct parse *p, const cJSON *j, char **out)
{
	const char *v = j->valuestring;

	if (!cJSON_IsString(j))
		return fail(p, "expected a string, got %s", kind(j));
	if (strstr(v, NUL_MARK) != NULL)
		return fail(p, "contains a NUL byte");
	if (kc_utf8_check(v, strlen(v)) != KC_UTF8_OK)
		return fail(p, "not valid UTF-8");
	*out = kc_arena_strdup(p->arena, v);
	return *out ? 0 : fail(p, "out of memory");
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
	int32_t                        n  = 0;
	char                           q[QUOTED];

	if (cJSON_IsString(j)) {
		ev = protobuf_c_enum_descriptor_get_value_by_name(
		    ed, j->valuestring);
		if (ev == NULL)
			return fail(p, "%s is not a %s",
			    quote(q, j->valuestring), ed->name);
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
		return parse_string(p, j, v);
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
		size_t old = kc_path_index(&p->path, i);

		if (cJSON_IsNull(e))
			return fail(p, "null in a list");
		if (parse_value(p, f, e, arr + i * size) != 0)
			return -1;
		kc_path_pop(&p->path, old);
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

/* A JSON key into the path: quoted when it is not plain text, since the
 * path goes back to the caller in a message. */
static size_t
push_key(struct parse *p, const char *key)
{
	char q[QUOTED];

	if (kc_text_ok(key))
		return kc_path_name(&p->path, key);
	return kc_path_name(&p->path, quote(q, key));
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
		size_t                          old = push_key(p, e->string);

		if (f == NULL) {
			fail(p, "unknown field of %s", d->name);
			return NULL;
		}
		if (check_once(p, d, f, msg, seen) != 0 ||
		    parse_field(p, f, e, msg) != 0)
			return NULL;
		kc_path_pop(&p->path, old);
	}
	p->depth--;
	return msg;
}

/* ------------------------------------------------------------ parsing */

static int
hex4(const char *s, uint32_t *out)
{
	int i;

	*out = 0;
	for (i = 0; i < 4; i++) {
		char c = s[i];
		int  v = c >= '0' && c <= '9'   ? c - '0'
		         : c >= 'a' && c <= 'f' ? c - 'a' + 10
		         : c >= 'A' && c <= 'F' ? c - 'A' + 10
		                                : -1;

		if (v < 0)
			return -1;
		*out = *out << 4 | (uint32_t) v;
	}
	return 0;
}

/* The escape \uXXXX at s (n bytes left), if it is one. */
static int
escape_u(const char *s, size_t n, uint32_t *cp)
{
	return n >= 6 && s[0] == '\\' && s[1] == 'u' && hex4(s + 2, cp) == 0
	           ? 0
	           : -1;
}

/* Writes what stands for the escape at s (n bytes left) into out: C0 80
 * for \u0000, a lone surrogate's own three bytes, else the escape as it
 * is. Returns the bytes of s used; *marks counts the rewrites. */
static size_t
unescape_hostile(
    const char *s, size_t n, char *out, size_t *outlen, size_t *marks)
{
	uint32_t cp, lo;
	size_t   used = n >= 2 ? 2 : n;

	if (escape_u(s, n, &cp) != 0) {
		memcpy(out, s, used);
		*outlen = used;
		return used;
	}
	if (cp >= 0xD800 && cp <= 0xDBFF && escape_u(s + 6, n - 6, &lo) == 0 &&
	    lo >= 0xDC00 && lo <= 0xDFFF) {
		memcpy(out, s, 12); /* a pair: cJSON decodes it */
		*outlen = 12;
		return 12;
	}
	if (cp == 0 || (cp >= 0xD800 && cp <= 0xDFFF)) {
		out[0] = cp ? (char) 0xED : NUL_MARK[0];
		out[1] = cp ? (char) (0x80 | ((cp >> 6) & 0x3F)) : NUL_MARK[1];
		out[2] = (char) (0x80 | (cp & 0x3F));
		*outlen = cp ? 3 : 2;
		(*marks)++;
		return 6;
	}
	memcpy(out, s, 6);
	*outlen = 6;
	return 6;
}

/* The text with each hostile escape in a string rewritten (never longer
 * than the text); NULL when there is none, or no memory. */
static char *
marked(const char *text, size_t len, size_t *outlen)
{
	char  *out = malloc(len + 1);
	size_t i = 0, o = 0, marks = 0, n;
	int    in_string = 0;

	if (out == NULL)
		return NULL;
	while (i < len) {
		if (in_string && text[i] == '\\') {
			i += unescape_hostile(
			    text + i, len - i, out + o, &n, &marks);
			o += n;
			continue;
		}
		if (text[i] == '"')
			in_string = !in_string;
		out[o++] = text[i++];
	}
	if (marks == 0) {
		free(out);
		return NULL;
	}
	*outlen = o;
	return out;
}

/* Parses with cJSON; end as cJSON's return_parse_end, on text. */
static cJSON *
parse_json(const char *text, size_t len, const char **end)
{
	cJSON *json = cJSON_ParseWithLengthOpts(text, len, end, 0);

	/* text need not end in a NUL: white space counted within len */
	while (json != NULL && *end != NULL && *end < text + len &&
	       strchr(" \t\r\n", **end) != NULL && **end != 0)
		(*end)++;
	return json;
}

/* The next number in JSON text t (before end), skipping strings; NULL
 * when there is none. *n: its length. */
static const char *
next_number(const char **t, const char *end, size_t *n)
{
	const char *s = *t;
	int         in_string = 0;

	for (; s < end; s++) {
		if (in_string && *s == '\\')
			s++;
		else if (*s == '"')
			in_string = !in_string;
		else if (!in_string && (*s == '-' || (*s >= '0' && *s <= '9')))
			break;
	}
	if (s >= end)
		return NULL;
	for (*t = s; *t < end && strchr("-+.0123456789eE", **t) && **t; (*t)++)
		;
	*n = (size_t) (*t - s);
	return s;
}

/* An integer of 16 digits or more: at or above 2^53, a double may have
 * rounded it. */
static int
long_integer(const char *s, size_t n)
{
	size_t i = *s == '-';

	if (n - i < 16)
		return 0;
	/* Within n: the text need not end in a NUL (strspn would run on). */
	for (; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

/* Whether text has a long integer outside its strings. */
static int
has_long_integer(const char *t, const char *end)
{
	const char *s;
	size_t      n;

	while ((s = next_number(&t, end, &n)) != NULL)
		if (long_integer(s, n))
			return 1;
	return 0;
}

/* cJSON reads every number as a double, which cannot hold 2^53 + 1: the
 * text of each long integer is kept in its node's valuestring (unused by
 * numbers, freed by cJSON_Delete), for parse_int to read exactly. The
 * tree and the text list the numbers in the same order. */
static void
keep_literals(cJSON *j, const char **t, const char *end)
{
	const char *s;
	size_t      n;

	for (; j != NULL; j = j->next) {
		if (!cJSON_IsNumber(j)) {
			keep_literals(j->child, t, end);
			continue;
		}
		if ((s = next_number(t, end, &n)) == NULL)
			return;
		if (long_integer(s, n) &&
		    (j->valuestring = cJSON_malloc(n + 1)) != NULL) {
			memcpy(j->valuestring, s, n);
			j->valuestring[n] = 0;
		}
	}
}

/* parse_json, then keep_literals when there are long integers. */
static cJSON *
parse_exact(const char *text, size_t len, const char **end)
{
	cJSON      *json = parse_json(text, len, end);
	const char *t    = text;

	if (json != NULL && has_long_integer(text, text + len))
		keep_literals(json, &t, text + len);
	return json;
}

cJSON *
jsonpb_parse(const char *text, size_t len, const char **end)
{
	const char *e = NULL;
	size_t      mlen;
	char       *m = marked(text, len, &mlen);
	cJSON      *json;

	/* The rewritten text, when it parses to the end; otherwise the
	 * original, so that an error points into what the caller sent. */
	if (m != NULL) {
		json = parse_exact(m, mlen, &e);
		if (json != NULL && e == m + mlen) {
			free(m);
			if (end != NULL)
				*end = text + len;
			return json;
		}
		cJSON_Delete(json);
		free(m);
	}
	json = parse_exact(text, len, &e);
	if (end != NULL)
		*end = e;
	return json;
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
	case PROTOBUF_C_TYPE_MESSAGE: /* a NULL in a list: the empty one */
		return *(ProtobufCMessage *const *) v
		           ? jsonpb_from_message(
		                 *(ProtobufCMessage *const *) v)
		           : cJSON_CreateObject();
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

/* Whether a field is written: all but unset oneof members, unset message
 * fields (omitted, as protobuf's mapping does, never null) and, in proto2,
 * optional scalars without their has_ flag. */
static int
present(const ProtobufCFieldDescriptor *f, const char *m)
{
	if (f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF)
		return *(const uint32_t *) (m + f->quantifier_offset) == f->id;
	if (f->type == PROTOBUF_C_TYPE_MESSAGE &&
	    f->label != PROTOBUF_C_LABEL_REPEATED)
		return *(ProtobufCMessage *const *) (m + f->offset) != NULL;
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
