/*
 * store_blocks.c - what a ranking reads of an indicator-year, kept by
 * SQLite in blocks of 64 units (table value_blocks, schema 15): a block's
 * row holds, for each of its units with a value row, the value or, with
 * no value, the predikat, a few bytes each.
 *
 * A village ranking read 83 000 rows of the covering index
 * values_by_indicator a year, SQLite stepping through them one at a time
 * (8 ms warm), and the index's 240 pages of each indicator-year lay where
 * a load desa by desa left them, spread over the whole file: read from
 * disk, one at a time, in 70 us each (bench/, bench_village). The same
 * values in 1 300 block rows fill about 40 pages and decode in well
 * under a millisecond.
 *
 * The blocks are derived from indicator_values, and only from it:
 * triggers mark the block of every year's value (period 0) a statement
 * inserts, updates or deletes (value_blocks_dirty), in the statement's
 * own transaction, so that rollbacks and savepoints undo the marks with
 * the change, and kinerjad's commit builds the marked blocks again from
 * the values (store_sqlite.c, lite_settle). A ranking reads an
 * indicator-year from its blocks only when none of them is marked;
 * otherwise, inside a write or after another program's, from the values
 * themselves. This file is the encoding alone, without SQLite.
 *
 * A block: a format byte, three 64-bit little-endian masks (units
 * present, value NULL, predikat NULL), then for each unit present, in
 * order, a varint of the zigzagged value_e4, or with the value NULL of
 * the predikat unless it is NULL too. One set of units and figures has
 * one encoding, whatever order it was written in.
 */
#include <string.h>

#include "store_blocks.h"

#define FORMAT 1
#define HEAD   (1 + 3 * 8)

static uint64_t
zigzag(int64_t v)
{
	return ((uint64_t) v << 1) ^ (uint64_t) (v >> 63);
}

static int64_t
unzigzag(uint64_t u)
{
	return (int64_t) (u >> 1) ^ -(int64_t) (u & 1);
}

static uint8_t *
put_varint(uint8_t *p, uint64_t v)
{
	while (v >= 0x80) {
		*p++ = (uint8_t) (v | 0x80);
		v >>= 7;
	}
	*p++ = (uint8_t) v;
	return p;
}

/* The varint at *p (before end) into *v; NULL unless it is the one
 * put_varint writes: it runs past end, is longer than 10 bytes, ends in
 * a zero byte after the first, or overflows 64 bits in its tenth. */
static const uint8_t *
get_varint(const uint8_t *p, const uint8_t *end, uint64_t *v)
{
	unsigned shift;
	uint8_t  b;

	*v = 0;
	for (shift = 0; p < end && shift < 70; shift += 7) {
		b = *p++;
		if (shift == 63 && b > 1)
			return NULL;
		*v |= (uint64_t) (b & 0x7f) << shift;
		if ((b & 0x80) == 0)
			return b == 0 && shift > 0 ? NULL : p;
	}
	return NULL;
}

static void
put_mask(uint8_t *p, uint64_t m)
{
	int i;

	for (i = 0; i < 8; i++)
		p[i] = (uint8_t) (m >> (8 * i));
}

static uint64_t
get_mask(const uint8_t *p)
{
	uint64_t m = 0;
	int      i;

	for (i = 7; i >= 0; i--)
		m = m << 8 | p[i];
	return m;
}

/* Whether unit i of b carries a number in the bytes. */
static int
has_number(const struct kblock *b, unsigned i)
{
	return (b->null_value >> i & 1) == 0 ||
	       (b->null_predikat >> i & 1) == 0;
}

size_t
kblock_encode(const struct kblock *b, uint8_t *out)
{
	uint8_t *p = out + HEAD;
	unsigned i;

	out[0] = FORMAT;
	put_mask(out + 1, b->present);
	put_mask(out + 9, b->null_value & b->present);
	put_mask(out + 17, b->null_predikat & b->null_value & b->present);
	for (i = 0; i < KBLOCK_UNITS; i++)
		if ((b->present >> i & 1) && has_number(b, i))
			p = put_varint(p, zigzag(b->v[i]));
	return (size_t) (p - out);
}

static int
decode(const uint8_t *in, size_t n, struct kblock *b)
{
	const uint8_t *p, *end;
	uint64_t       u;
	unsigned       i;

	memset(b, 0, sizeof(*b));
	if (in == NULL || n < HEAD || in[0] != FORMAT)
		return -1;
	p                = in + HEAD;
	end              = in + n;
	b->present       = get_mask(in + 1);
	b->null_value    = get_mask(in + 9);
	b->null_predikat = get_mask(in + 17);
	if ((b->null_value & ~b->present) != 0 ||
	    (b->null_predikat & ~b->null_value) != 0)
		return -1;
	for (i = 0; i < KBLOCK_UNITS; i++) {
		if (!(b->present >> i & 1) || !has_number(b, i))
			continue;
		if ((p = get_varint(p, end, &u)) == NULL)
			return -1;
		b->v[i] = unzigzag(u);
	}
	return p == end ? 0 : -1;
}

int
kblock_decode(const uint8_t *in, size_t n, struct kblock *b)
{
	if (decode(in, n, b) == 0)
		return 0;
	memset(b, 0, sizeof(*b));
	return -1;
}

void
kblock_set(struct kblock *b, unsigned i, int has_value, int64_t value_e4,
    int has_predikat, int64_t predikat)
{
	uint64_t bit = (uint64_t) 1 << i;

	b->present |= bit;
	b->null_value &= ~bit;
	b->null_predikat &= ~bit;
	if (!has_value)
		b->null_value |= bit;
	if (!has_value && !has_predikat)
		b->null_predikat |= bit;
	b->v[i] = has_value ? value_e4 : has_predikat ? predikat : 0;
}
