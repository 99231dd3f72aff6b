/*
 * wire.c - a walk over the protobuf wire format guided by a message
 * descriptor, calling back for each string field (see wire.h). The walk
 * decodes only tags and lengths; values are left where they lie.
 */
#include <stdio.h>
#include <stdlib.h>

#include "kcore.h"
#include "wire.h"

struct walk;

/* What to do with one string: returns 0 to go on, or a KWIRE_ code. */
typedef int (*string_fn)(struct walk *w, const uint8_t *s, size_t n);

/* A field the walk is inside: its name and, when repeated, the index. */
struct frame {
	const char *name;
	size_t      index;
	int         repeated;
};

/* The field path is kept as frames and formatted only for an error: a
 * batch of 10 000 values has 30 000 strings, nearly all of them fine. */
struct walk {
	struct frame   frames[KWIRE_MAX_DEPTH + 1];
	int            nframes;
	int            depth;
	string_fn      on_string;
	uint8_t       *writable; /* buf, when the callback writes (repair) */
	const uint8_t *buf;
	char          *err;
	size_t         errlen;
	size_t         repaired;
};

static int
varint(const uint8_t **p, const uint8_t *end, uint64_t *v)
{
	unsigned shift;

	*v = 0;
	for (shift = 0; shift < 64 && *p < end; shift += 7) {
		uint8_t b = *(*p)++;

		*v |= (uint64_t) (b & 0x7f) << shift;
		if (!(b & 0x80))
			return 0;
	}
	return -1;
}

/*
 * A tag read exactly as protobuf-c 1.4 reads it (parse_tag_and_wiretype):
 * at most 5 bytes, the field number kept to 32 bits, a first byte without
 * field bits refused. Read any other way, a tag protobuf-c takes for an
 * unknown field could hide the string after it from the walk.
 */
static int
tag(const uint8_t **p, const uint8_t *end, uint32_t *field, unsigned *wt)
{
	const uint8_t *s   = *p;
	size_t         max = (size_t) (end - s) < 5 ? (size_t) (end - s) : 5;
	size_t         i   = 0;
	uint32_t       f;

	if (max == 0 || (s[0] & 0xf8) == 0)
		return -1;
	*wt = s[0] & 7;
	f   = (s[0] & 0x7f) >> 3;
	while (s[i] & 0x80) {
		if (++i >= max)
			return -1;
		f |= (uint32_t) (s[i] & 0x7f) << (7 * i - 3);
	}
	*field = f;
	*p     = s + i + 1;
	return 0;
}

/* Moves *p past a length-delimited value; sets its start and size. */
static int
delimited(const uint8_t **p, const uint8_t *end, const uint8_t **s, size_t *n)
{
	uint64_t len;

	if (varint(p, end, &len) != 0 || len > (uint64_t) (end - *p))
		return -1;
	*s = *p;
	*n = (size_t) len;
	*p += len;
	return 0;
}

/* Moves *p past a value of wire type wt that the walk does not look at.
 * Groups (3, 4) are refused, as protobuf-c refuses them. */
static int
skip(const uint8_t **p, const uint8_t *end, unsigned wt)
{
	const uint8_t *s;
	uint64_t       v;
	size_t         n;

	switch (wt) {
	case PROTOBUF_C_WIRE_TYPE_VARINT:
		return varint(p, end, &v);
	case PROTOBUF_C_WIRE_TYPE_64BIT:
	case PROTOBUF_C_WIRE_TYPE_32BIT:
		n = wt == PROTOBUF_C_WIRE_TYPE_64BIT ? 8 : 4;
		if (n > (size_t) (end - *p))
			return -1;
		*p += n;
		return 0;
	case PROTOBUF_C_WIRE_TYPE_LENGTH_PREFIXED:
		return delimited(p, end, &s, &n);
	}
	return -1;
}

static int walk_message(struct walk *w, const ProtobufCMessageDescriptor *d,
    const uint8_t *p, const uint8_t *end);

/* A string or message value of field f (the element at index, if it is
 * repeated), found at s. */
static int
walk_value(struct walk *w, const ProtobufCFieldDescriptor *f, size_t index,
    const uint8_t *s, size_t n)
{
	int rc;

	w->frames[w->nframes++] = (struct frame) { f->name, index,
		f->label == PROTOBUF_C_LABEL_REPEATED };
	if (f->type == PROTOBUF_C_TYPE_STRING)
		rc = w->on_string(w, s, n);
	else
		rc = walk_message(w, f->descriptor, s, s + n);
	w->nframes--;
	return rc;
}

/* Counts the elements of each repeated field, for the path: on the stack
 * for the messages of kinerja.proto, on the heap past that. */
#define COUNTS_LOCAL 64

static int
walk_fields(struct walk *w, const ProtobufCMessageDescriptor *d,
    const uint8_t *p, const uint8_t *end, size_t *count)
{
	const ProtobufCFieldDescriptor *f;
	const uint8_t                  *s;
	uint32_t                        field;
	unsigned                        wt;
	size_t                          n;
	int                             rc;

	while (p < end) {
		if (tag(&p, end, &field, &wt) != 0)
			return KWIRE_MALFORMED;
		f = protobuf_c_message_descriptor_get_field(d, field);
		if (f == NULL || (f->type != PROTOBUF_C_TYPE_STRING &&
		                     f->type != PROTOBUF_C_TYPE_MESSAGE)) {
			if (skip(&p, end, wt) != 0)
				return KWIRE_MALFORMED;
			continue;
		}
		if (wt != PROTOBUF_C_WIRE_TYPE_LENGTH_PREFIXED ||
		    delimited(&p, end, &s, &n) != 0)
			return KWIRE_MALFORMED;
		rc = walk_value(w, f, count[f - d->fields]++, s, n);
		if (rc != KWIRE_OK)
			return rc;
	}
	return KWIRE_OK;
}

static int
walk_message(struct walk *w, const ProtobufCMessageDescriptor *d,
    const uint8_t *p, const uint8_t *end)
{
	size_t  local[COUNTS_LOCAL] = { 0 };
	size_t *count               = local;
	int     rc;

	if (++w->depth > KWIRE_MAX_DEPTH)
		return KWIRE_MALFORMED;
	if (d->n_fields > COUNTS_LOCAL &&
	    (count = calloc(d->n_fields, sizeof(*count))) == NULL)
		abort(); /* as protobuf-c's own allocator would fail */
	rc = walk_fields(w, d, p, end, count);
	if (count != local)
		free(count);
	w->depth--;
	return rc;
}

/* The path of the string being read, e.g. "values[3].unit". */
static void
path_of(const struct walk *w, struct kc_path *path)
{
	int i;

	path->len  = 0;
	path->s[0] = 0;
	for (i = 0; i < w->nframes; i++) {
		kc_path_name(path, w->frames[i].name);
		if (w->frames[i].repeated)
			kc_path_index(path, w->frames[i].index);
	}
}

static int
check_string(struct walk *w, const uint8_t *s, size_t n)
{
	struct kc_path path;

	switch (kc_utf8_check((const char *) s, n)) {
	case KC_UTF8_OK:
		return KWIRE_OK;
	case KC_UTF8_NUL:
		path_of(w, &path);
		snprintf(
		    w->err, w->errlen, "%s: contains a NUL byte", path.s);
		break;
	case KC_UTF8_BAD:
		path_of(w, &path);
		snprintf(w->err, w->errlen, "%s: not valid UTF-8", path.s);
		break;
	}
	return KWIRE_BAD_STRING;
}

int
kwire_check(const ProtobufCMessageDescriptor *d, const uint8_t *buf,
    size_t len, char *err, size_t errlen)
{
	struct walk w = { .on_string = check_string,
		.buf                 = buf,
		.err                 = err,
		.errlen              = errlen };

	if (errlen > 0)
		err[0] = 0;
	if (len == 0) /* buf may be NULL then, and NULL + 0 is undefined */
		return KWIRE_OK;
	return walk_message(&w, d, buf, buf + len);
}

static int
repair_string(struct walk *w, const uint8_t *s, size_t n)
{
	if (kc_utf8_check((const char *) s, n) != KC_UTF8_OK) {
		kc_utf8_repair((char *) w->writable + (s - w->buf), n);
		w->repaired++;
	}
	return KWIRE_OK;
}

size_t
kwire_repair(const ProtobufCMessageDescriptor *d, uint8_t *buf, size_t len)
{
	struct walk w = {
		.on_string = repair_string, .writable = buf, .buf = buf
	};

	if (len > 0)
		walk_message(&w, d, buf, buf + len);
	return w.repaired;
}

int
kwire_find_bytes(const uint8_t *buf, size_t len, uint32_t field,
    const uint8_t **s, size_t *n)
{
	const uint8_t *p = buf, *end = buf + len;
	uint32_t       f;
	unsigned       wt;
	int            found = 0;

	if (len == 0)
		return -1;
	while (p < end) {
		if (tag(&p, end, &f, &wt) != 0)
			return -1;
		if (f != field) {
			if (skip(&p, end, wt) != 0)
				return -1;
			continue;
		}
		/* The last value of a field wins, as protobuf-c decodes it. */
		if (wt != PROTOBUF_C_WIRE_TYPE_LENGTH_PREFIXED ||
		    delimited(&p, end, s, n) != 0)
			return -1;
		found = 1;
	}
	return found ? 0 : -1;
}
