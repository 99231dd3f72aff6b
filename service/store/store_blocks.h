/*
 * store_blocks.h - an indicator-year's values in blocks of 64 units, as
 * SQLite keeps them for rankings (store_blocks.c).
 */
#ifndef KINERJA_STORE_BLOCKS_H
#define KINERJA_STORE_BLOCKS_H

#include <stddef.h>
#include <stdint.h>

#define KBLOCK_SHIFT 6
#define KBLOCK_UNITS (1 << KBLOCK_SHIFT) /* unit ids id >> 6 in a block */
#define KBLOCK_MAX   (25 + KBLOCK_UNITS * 10) /* an encoding's bytes */

/* A block decoded: unit id (block << 6) + i is present when bit i of
 * present is, and v[i] is its value_e4, or with null_value's bit its
 * predikat (0 with null_predikat's bit too). */
struct kblock {
	uint64_t present, null_value, null_predikat;
	int64_t  v[KBLOCK_UNITS];
};

/* b's bytes into out (KBLOCK_MAX of room); their count. */
size_t kblock_encode(const struct kblock *b, uint8_t *out);
/* 0, or -1 for bytes no kblock_encode wrote (b is then empty). Bytes
 * it wrote with figures changed in them decode: a block has no
 * checksum (SQLite's pages have none either). */
int kblock_decode(const uint8_t *in, size_t n, struct kblock *b);
/* Unit i present with a value, or without one with a predikat or none;
 * whatever it had before is replaced. */
void kblock_set(struct kblock *b, unsigned i, int has_value, int64_t value_e4,
    int has_predikat, int64_t predikat);

#endif
