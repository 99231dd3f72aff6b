/*
 * test_wire.c - the wire walk that refuses strings protobuf-c would cut
 * (a NUL) or pass on broken (not UTF-8), on a proto with every field type:
 * nested, repeated, packed, oneofs, bytes and unknown fields.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "json_pb_test.pb-c.h"
#include "wire.h"

#define TREE (&jsontest__tree__descriptor)

/* A hand-made encoding: protobuf-c's packer stops strings at a NUL. */
struct buf {
	uint8_t b[512];
	size_t  n;
};

static void
put(struct buf *w, const void *s, size_t n)
{
	assert_true(w->n + n <= sizeof(w->b));
	memcpy(w->b + w->n, s, n);
	w->n += n;
}

/* Field number f of wire type 2 holding n bytes of s. */
static void
put_len(struct buf *w, unsigned f, const void *s, size_t n)
{
	uint8_t head[2] = { (uint8_t) (f << 3 | 2), (uint8_t) n };

	assert_true(f < 16 && n < 128);
	put(w, head, 2);
	put(w, s, n);
}

static int
check(const struct buf *w, char *err)
{
	return kwire_check(TREE, w->b, w->n, err, 128);
}

static void
test_wire_accepts_what_protobuf_c_packs(void **state)
{
	Jsontest__Tree    t = JSONTEST__TREE__INIT, c = JSONTEST__TREE__INIT;
	Jsontest__Tree   *cs[2]   = { &c, &c };
	Jsontest__Scalars sc      = JSONTEST__SCALARS__INIT;
	int64_t           nums[3] = { -1, 0, 1LL << 40 };
	char             *tags[2] = { "a", "Rp \xe2\x82\xac" };
	uint8_t           out[512], bytes[3] = { 0, 0xff, 0xc0 };
	char              err[128];

	(void) state;
	sc.f_string       = "Tanjung Tiram\t\xf0\x9f\x93\x88";
	sc.f_bytes.data   = bytes; /* bytes are not text */
	sc.f_bytes.len    = 3;
	sc.f_double       = 1.5;
	sc.f_fixed32      = 7;
	c.name            = "child";
	t.name            = "root";
	t.child           = &c;
	t.children        = cs;
	t.n_children      = 2;
	t.numbers         = nums; /* packed */
	t.n_numbers       = 3;
	t.tags            = tags;
	t.n_tags          = 2;
	t.scalars         = &sc;
	t.opt_weight_case = JSONTEST__TREE__OPT_WEIGHT_WEIGHT;
	t.weight          = 2.5;
	assert_int_equal(kwire_check(TREE, out, jsontest__tree__pack(&t, out),
	                     err, sizeof(err)),
	    KWIRE_OK);
	assert_string_equal(err, "");
	assert_int_equal(
	    kwire_check(TREE, out, 0, err, sizeof(err)), KWIRE_OK);
}

static void
test_wire_nul_names_the_field(void **state)
{
	struct buf w = { .n = 0 };
	char       err[128];

	(void) state;
	put_len(&w, 1, "tanjung-tiram\0-x", 16);
	assert_int_equal(check(&w, err), KWIRE_BAD_STRING);
	assert_string_equal(err, "name: contains a NUL byte");
}

static void
test_wire_repeated_strings_are_counted(void **state)
{
	struct buf w = { .n = 0 };
	char       err[128];

	(void) state;
	put_len(&w, 5, "a", 1);
	put_len(&w, 1, "root", 4); /* another field between: still [2] */
	put_len(&w, 5, "b", 1);
	put_len(&w, 5, "c\xc0\xaf", 3); /* overlong '/' */
	assert_int_equal(check(&w, err), KWIRE_BAD_STRING);
	assert_string_equal(err, "tags[2]: not valid UTF-8");
}

/* children[1].child.scalars.f_string, through three levels. */
static void
test_wire_nested_path(void **state)
{
	struct buf sc = { .n = 0 }, child = { .n = 0 }, kid = { .n = 0 },
	           w = { .n = 0 };
	char err[128];

	(void) state;
	put_len(&sc, 14, "\xed\xa0\x80", 3); /* a surrogate */
	put_len(&child, 7, sc.b, sc.n);
	put_len(&kid, 2, child.b, child.n);
	put_len(&w, 3, "", 0);
	put_len(&w, 3, kid.b, kid.n);
	assert_int_equal(check(&w, err), KWIRE_BAD_STRING);
	assert_string_equal(err, "children[1].child.scalars.f_string: not "
	                         "valid UTF-8");
}

static void
test_wire_every_malformed_utf8(void **state)
{
	static const char *bad[] = { "\xc0\x80", "\xe0\x80\xaf",
		"\xf0\x80\x80\xaf", "\xed\xbf\xbf", "\xf4\x90\x80\x80",
		"\xf8\x88\x80\x80\x80", "\x80", "\xe2\x82", "\xff" };
	size_t             i;
	char               err[128];

	(void) state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct buf w = { .n = 0 };

		put_len(&w, 1, bad[i], strlen(bad[i]));
		assert_int_equal(check(&w, err), KWIRE_BAD_STRING);
		assert_string_equal(err, "name: not valid UTF-8");
	}
}

/* Bytes and unknown fields may hold anything; they are not text. */
static void
test_wire_bytes_and_unknown_fields_pass(void **state)
{
	struct buf sc = { .n = 0 }, w = { .n = 0 };
	char       err[128];

	(void) state;
	put_len(&sc, 15, "\0\xff", 2);
	put_len(&w, 7, sc.b, sc.n);
	put_len(&w, 12, "\0\xff", 2); /* no field 12 in Tree */
	assert_int_equal(check(&w, err), KWIRE_OK);
}

/* Packed and unpacked repeated numbers, fixed widths, a oneof double. */
static void
test_wire_scalars_are_skipped(void **state)
{
	static const uint8_t m[] = { 0x22, 0x03, 0x01, 0x02, 0x03, /* packed */
		0x20, 0x96, 0x01, /* unpacked */
		0x41, 0, 0, 0, 0, 0, 0, 0xf0, 0x3f, /* weight 1.0 */
		0x0a, 0x01, 'x' };
	char                 err[128];

	(void) state;
	assert_int_equal(kwire_check(TREE, m, sizeof(m), err, 128), KWIRE_OK);
}

/* Tags as protobuf-c reads them: 5 bytes at most, 32 bits kept, so a
 * string behind a long tag of an unknown field is still seen. */
static void
test_wire_tags_read_as_protobuf_c_does(void **state)
{
	/* field 1 (name) in 5 bytes, then field 2^28 + 1 unknown (bits past
	 * 32 dropped), then name again with a NUL */
	static const uint8_t m[] = { 0x8a, 0x80, 0x80, 0x80, 0x00, 0x01, 'a',
		0x8d, 0x80, 0x80, 0x80, 0x71, 0, 0, 0, 0, 0x0a, 0x01, 0 };
	char                 err[128];

	(void) state;
	assert_int_equal(kwire_check(TREE, m, sizeof(m), err, sizeof(err)),
	    KWIRE_BAD_STRING);
	assert_string_equal(err, "name: contains a NUL byte");
}

static void
test_wire_malformed(void **state)
{
	static const struct {
		const char *b;
		size_t      n;
	} bad[] = {
		{ "\x0a\x05"
		  "ab",
		    4 }, /* length past the end */
		{ "\x20\x80", 2 }, /* varint cut */
		{ "\x08\x01", 2 }, /* name (a string) as a varint */
		{ "\x0b\x0c", 2 }, /* a group */
		{ "\x00\x01", 2 }, /* field 0 */
		{ "\x8a\x80\x80\x80\x80\x01", 6 }, /* a 6-byte tag */
		{ "\x41\x00", 2 }, /* 64-bit cut */
		{ "\x12\x02\x0a\x05", 4 }, /* child's name past child's end */
	};
	size_t i;
	char   err[128];

	(void) state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(kwire_check(TREE, (const uint8_t *) bad[i].b,
		                     bad[i].n, err, sizeof(err)),
		    KWIRE_MALFORMED);
}

/* Tree nests Tree: a hostile nesting stops at the limit, on no stack. */
static void
test_wire_nesting_limit(void **state)
{
	static uint8_t m[4 * KWIRE_MAX_DEPTH];
	size_t         depth, i;
	char           err[128];

	(void) state;
	for (depth = KWIRE_MAX_DEPTH - 1; depth <= KWIRE_MAX_DEPTH; depth++) {
		/* child { child { ... } }: each level 0x12 and its length */
		size_t n = 2 * depth;

		for (i = 0; i < depth; i++) {
			m[2 * i]     = 0x12;
			m[2 * i + 1] = (uint8_t) (n - 2 * i - 2);
		}
		assert_true(n < 256); /* one-byte lengths */
		assert_int_equal(kwire_check(TREE, m, n, err, sizeof(err)),
		    depth < KWIRE_MAX_DEPTH ? KWIRE_OK : KWIRE_MALFORMED);
	}
}

static void
test_wire_repair_keeps_the_message(void **state)
{
	struct buf      sc = { .n = 0 }, w = { .n = 0 };
	Jsontest__Tree *t;
	char            err[128];

	(void) state;
	put_len(&sc, 14, "ok\xe2\x82", 4);
	put_len(&w, 1, "a\0b", 3);
	put_len(&w, 7, sc.b, sc.n);
	put_len(&w, 5, "fine", 4);
	assert_int_equal(kwire_repair(TREE, w.b, w.n), 2);
	assert_int_equal(check(&w, err), KWIRE_OK);
	t = jsontest__tree__unpack(NULL, w.n, w.b);
	assert_non_null(t);
	assert_string_equal(t->name, "a?b");
	assert_string_equal(t->scalars->f_string, "ok??");
	assert_string_equal(t->tags[0], "fine");
	jsontest__tree__free_unpacked(t, NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_wire_accepts_what_protobuf_c_packs),
		cmocka_unit_test(test_wire_nul_names_the_field),
		cmocka_unit_test(test_wire_repeated_strings_are_counted),
		cmocka_unit_test(test_wire_nested_path),
		cmocka_unit_test(test_wire_every_malformed_utf8),
		cmocka_unit_test(test_wire_bytes_and_unknown_fields_pass),
		cmocka_unit_test(test_wire_scalars_are_skipped),
		cmocka_unit_test(test_wire_tags_read_as_protobuf_c_does),
		cmocka_unit_test(test_wire_malformed),
		cmocka_unit_test(test_wire_nesting_limit),
		cmocka_unit_test(test_wire_repair_keeps_the_message),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
