/*
 * test_value_blocks.c - the encoding of value_blocks (store_blocks.c):
 * every block decodes to what was put in it, one set of figures has one
 * encoding whatever order it was put in, and bytes kblock_encode did not
 * write are refused.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "store_blocks.h"

static const int64_t edges[] = { 0, 1, -1, 63, 64, -64, 127, 128, 1000000,
	-1000000, INT64_MAX, INT64_MIN, INT64_MAX - 1, INT64_MIN + 1 };

#define NEDGES (sizeof(edges) / sizeof(edges[0]))

/* A block of every kind of unit: absent, a value, no value with a
 * predikat, no value and no predikat; figures from edges[] and rand(). */
static void
random_block(struct kblock *b)
{
	unsigned i;

	memset(b, 0, sizeof(*b));
	for (i = 0; i < KBLOCK_UNITS; i++) {
		int64_t v = rand() % 2 ? edges[(size_t) rand() % NEDGES]
		                       : (int64_t) rand() - RAND_MAX / 2;

		switch (rand() % 4) {
		case 0:
			break;
		case 1:
			kblock_set(b, i, 1, v, rand() % 2, 5);
			break;
		case 2:
			kblock_set(b, i, 0, 0, 1, v);
			break;
		default:
			kblock_set(b, i, 0, 0, 0, 0);
		}
	}
}

static void
assert_same(const struct kblock *a, const struct kblock *b)
{
	unsigned i;

	assert_true(a->present == b->present);
	assert_true(a->null_value == b->null_value);
	assert_true(a->null_predikat == b->null_predikat);
	for (i = 0; i < KBLOCK_UNITS; i++)
		assert_true(a->v[i] == b->v[i]);
}

static void
test_blocks_round_trip(void **state)
{
	struct kblock b, out;
	uint8_t       bytes[KBLOCK_MAX];
	size_t        n;
	int           k;

	(void) state;
	srand(19);
	for (k = 0; k < 2000; k++) {
		random_block(&b);
		n = kblock_encode(&b, bytes);
		assert_true(n <= KBLOCK_MAX);
		assert_int_equal(kblock_decode(bytes, n, &out), 0);
		assert_same(&b, &out);
	}
}

/* Every unit at its widest: the bound on an encoding holds. */
static void
test_widest_block_fits(void **state)
{
	struct kblock b, out;
	uint8_t       bytes[KBLOCK_MAX];
	unsigned      i;

	(void) state;
	memset(&b, 0, sizeof(b));
	for (i = 0; i < KBLOCK_UNITS; i++)
		kblock_set(&b, i, 1, INT64_MIN, 0, 0);
	assert_int_equal(kblock_encode(&b, bytes), KBLOCK_MAX);
	assert_int_equal(kblock_decode(bytes, KBLOCK_MAX, &out), 0);
	assert_same(&b, &out);
}

/* Units put in two orders, some overwritten on the way, give the same
 * bytes; an empty block is its head alone. */
static void
test_one_encoding_whatever_the_order(void **state)
{
	struct kblock a, b;
	uint8_t       x[KBLOCK_MAX], y[KBLOCK_MAX];
	unsigned      i;
	size_t        n;

	(void) state;
	memset(&a, 0, sizeof(a));
	memset(&b, 0, sizeof(b));
	for (i = 0; i < KBLOCK_UNITS; i += 3)
		kblock_set(&a, i, i % 2, (int64_t) i * 1000, 1, 4);
	for (i = KBLOCK_UNITS; i-- > 0;)
		if (i % 3 == 0)
			kblock_set(&b, i, 1, -7, 0, 0); /* overwritten */
	for (i = 0; i < KBLOCK_UNITS; i += 3)
		kblock_set(&b, i, i % 2, (int64_t) i * 1000, 1, 4);
	n = kblock_encode(&a, x);
	assert_int_equal(kblock_encode(&b, y), n);
	assert_memory_equal(x, y, n);
	memset(&a, 0, sizeof(a));
	assert_int_equal(kblock_encode(&a, x), 25);
}

/* Bytes kblock_encode did not write: each is refused, and leaves the
 * block empty. */
static void
test_damaged_blocks_are_refused(void **state)
{
	struct kblock b, out;
	uint8_t       bytes[KBLOCK_MAX + 16], bad[KBLOCK_MAX + 16];
	size_t        n;

	(void) state;
	memset(&b, 0, sizeof(b));
	kblock_set(&b, 0, 1, 300, 0, 0);
	kblock_set(&b, 5, 0, 0, 1, 2);
	kblock_set(&b, 9, 0, 0, 0, 0);
	n = kblock_encode(&b, bytes);
	assert_int_equal(kblock_decode(bytes, n, &out), 0);

	assert_int_equal(kblock_decode(bytes, 24, &out), -1); /* short */
	assert_int_equal(kblock_decode(bytes, n - 1, &out), -1); /* cut */
	assert_true(out.present == 0);
	memcpy(bad, bytes, n);
	bad[n] = 0;
	assert_int_equal(kblock_decode(bad, n + 1, &out), -1); /* extra */
	memcpy(bad, bytes, n);
	bad[0] = 2; /* another format */
	assert_int_equal(kblock_decode(bad, n, &out), -1);
	memcpy(bad, bytes, n);
	bad[9 + 1] |= 1; /* value NULL for unit 8, not present */
	assert_int_equal(kblock_decode(bad, n, &out), -1);
	memcpy(bad, bytes, n);
	bad[17] |= 1; /* predikat NULL for unit 0, which has a value */
	assert_int_equal(kblock_decode(bad, n, &out), -1);

	/* A value written in more bytes than it needs: 0x80 0x00 for 0. */
	memset(&b, 0, sizeof(b));
	kblock_set(&b, 0, 1, 0, 0, 0);
	n = kblock_encode(&b, bytes);
	memcpy(bad, bytes, n);
	bad[n - 1] = 0x80;
	bad[n]     = 0x00;
	assert_int_equal(kblock_decode(bad, n + 1, &out), -1);

	/* One unit whose varint runs to 11 bytes, then to 10 with its tenth
	 * past 64 bits. */
	memset(&b, 0, sizeof(b));
	kblock_set(&b, 0, 1, INT64_MIN, 0, 0);
	n = kblock_encode(&b, bytes);
	memcpy(bad, bytes, n);
	bad[n - 1] |= 0x80;
	bad[n] = 0x01;
	assert_int_equal(kblock_decode(bad, n + 1, &out), -1);
	memcpy(bad, bytes, n);
	bad[n - 1] = 0x02;
	assert_int_equal(kblock_decode(bad, n, &out), -1);
	assert_int_equal(kblock_decode(NULL, 0, &out), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_blocks_round_trip),
		cmocka_unit_test(test_widest_block_fits),
		cmocka_unit_test(test_one_encoding_whatever_the_order),
		cmocka_unit_test(test_damaged_blocks_are_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
