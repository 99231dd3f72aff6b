/*
 * fuzz_wire.c - the wire walk dispatch runs before decoding (rpc/wire.c).
 * The first byte picks a message of kinerja.proto (a method's request or
 * reply, or an envelope; the dispatch seeds pick requests), the rest is
 * its encoding. protobuf-c is the oracle: it allocates each string it
 * decodes at its wire length + 1, so a string it cut at a NUL is shorter
 * than its allocation. Whatever kwire_check accepts and protobuf-c decodes
 * must hold only whole, well-formed UTF-8 strings; whatever protobuf-c
 * decodes must not be called malformed; kwire_repair must leave no string
 * that kwire_check refuses.
 */
#include <stdlib.h>
#include <string.h>

#include "kcore.h"
#include "kinerja/kinerja.pb-c.h"
#include "wire.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* An allocator that remembers each block's size, just before it. */
static void *
sized_alloc(void *arg, size_t size)
{
	size_t *p = malloc(size + sizeof(size_t));

	(void) arg;
	if (p == NULL)
		abort();
	*p = size;
	return p + 1;
}

static void
sized_free(void *arg, void *ptr)
{
	(void) arg;
	if (ptr != NULL)
		free((size_t *) ptr - 1);
}

static ProtobufCAllocator sized = { sized_alloc, sized_free, NULL };

static int strings_whole(const ProtobufCMessage *m);

/* A decoded string: as long as on the wire, and UTF-8. Unset strings point
 * at protobuf-c's empty string, which it did not allocate. */
static int
string_whole(const char *s)
{
	size_t n = strlen(s);

	if (s == protobuf_c_empty_string)
		return 1;
	return ((const size_t *) s)[-1] == n + 1 &&
	       kc_utf8_check(s, n) == KC_UTF8_OK;
}

static int
value_whole(const ProtobufCFieldDescriptor *f, const void *v)
{
	if (f->type == PROTOBUF_C_TYPE_STRING)
		return string_whole(*(char *const *) v);
	if (f->type == PROTOBUF_C_TYPE_MESSAGE && *(void *const *) v)
		return strings_whole(*(ProtobufCMessage *const *) v);
	return 1;
}

static int
field_whole(const ProtobufCFieldDescriptor *f, const char *m)
{
	size_t i, n;

	if (f->label != PROTOBUF_C_LABEL_REPEATED) {
		if ((f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF) &&
		    *(const uint32_t *) (m + f->quantifier_offset) != f->id)
			return 1; /* another member's memory */
		return value_whole(f, m + f->offset);
	}
	n = *(const size_t *) (m + f->quantifier_offset);
	for (i = 0; i < n; i++)
		if (!value_whole(f,
		        *(char *const *) (m + f->offset) + i * sizeof(void *)))
			return 0;
	return 1;
}

static int
strings_whole(const ProtobufCMessage *m)
{
	unsigned i;

	for (i = 0; i < m->descriptor->n_fields; i++) {
		const ProtobufCFieldDescriptor *f = &m->descriptor->fields[i];

		if ((f->type == PROTOBUF_C_TYPE_STRING ||
		        f->type == PROTOBUF_C_TYPE_MESSAGE) &&
		    !field_whole(f, (const char *) m))
			return 0;
	}
	return 1;
}

static const ProtobufCMessageDescriptor *
pick(uint8_t b)
{
	const ProtobufCServiceDescriptor *sd = &kinerja__kinerja__descriptor;
	const ProtobufCMethodDescriptor  *md = &sd->methods[b % sd->n_methods];

	switch (b / sd->n_methods % 4) {
	case 0:
		return md->input;
	case 1:
		return md->output;
	case 2:
		return &kinerja__request_envelope__descriptor;
	}
	return &kinerja__response_envelope__descriptor;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const ProtobufCMessageDescriptor *d;
	ProtobufCMessage                 *m;
	uint8_t                          *copy;
	char                              err[256];
	int                               rc;

	if (size == 0)
		return 0;
	d  = pick(data[0]);
	rc = kwire_check(d, data + 1, size - 1, err, sizeof(err));
	if ((m = protobuf_c_message_unpack(d, &sized, size - 1, data + 1))) {
		if (rc == KWIRE_MALFORMED)
			abort(); /* protobuf-c reads what we called malformed
			          */
		if (rc == KWIRE_OK && !strings_whole(m))
			abort(); /* accepted a string cut or not UTF-8 */
		protobuf_c_message_free_unpacked(m, &sized);
	}
	if (rc != KWIRE_MALFORMED) {
		if ((copy = malloc(size)) == NULL)
			abort();
		memcpy(copy, data + 1, size - 1);
		kwire_repair(d, copy, size - 1);
		/* The walk stops at a malformation a bad string had hidden
		 * from the check; before it, nothing may be left to refuse. */
		if (kwire_check(d, copy, size - 1, err, sizeof(err)) ==
		    KWIRE_BAD_STRING)
			abort();
		free(copy);
	}
	return 0;
}
