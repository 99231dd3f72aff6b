/*
 * analytics.c - the arithmetic of comparisons across units and years:
 * competition ranking and the least-squares trend line (docs/domain.md,
 * "Trend", "Ranking"). Integer arithmetic throughout, rounded once at the end.
 */
#include <stdlib.h>
#include <string.h>

#include "kcore.h"

/* Ranked before unranked; then by key; then by the caller's order. */
static int
compare(const struct kc_rank_item *x, const struct kc_rank_item *y, int dir)
{
	if (x->has != y->has)
		return x->has ? -1 : 1;
	if (x->has && x->key != y->key)
		return (x->key < y->key ? -1 : 1) * dir;
	return (x->index > y->index) - (x->index < y->index);
}

static int
higher_first(const void *a, const void *b)
{
	return compare(a, b, -1);
}

static int
lower_first(const void *a, const void *b)
{
	return compare(a, b, 1);
}

/* Merges the sorted runs a[lo, mid) and a[mid, hi) into out[lo, hi). */
static void
merge(const struct kc_rank_item *a, struct kc_rank_item *out, size_t lo,
    size_t mid, size_t hi, int dir)
{
	size_t i = lo, j = mid, k = lo;

	while (i < mid && j < hi)
		out[k++] = compare(&a[j], &a[i], dir) < 0 ? a[j++] : a[i++];
	while (i < mid)
		out[k++] = a[i++];
	while (j < hi)
		out[k++] = a[j++];
}

/*
 * A bottom-up merge sort with the comparison inlined, for items not in
 * index order (radix_sort takes the others): qsort's call per comparison
 * was a fifth of a national ranking (bench/). Returns -1 without memory.
 */
static int
sort_items(struct kc_rank_item *items, size_t n, int dir)
{
	struct kc_rank_item *tmp = malloc(n * sizeof(*tmp)), *src = items,
	                    *dst = tmp, *t;
	size_t width, lo;

	if (tmp == NULL)
		return -1;
	for (width = 1; width < n; width *= 2) {
		for (lo = 0; lo < n; lo += 2 * width) {
			size_t mid = lo + width < n ? lo + width : n;
			size_t hi  = lo + 2 * width < n ? lo + 2 * width : n;

			merge(src, dst, lo, mid, hi, dir);
		}
		t   = src;
		src = dst;
		dst = t;
	}
	if (src != items)
		memcpy(items, src, n * sizeof(*items));
	free(tmp);
	return 0;
}

/* The key as an unsigned number that sorts best first: the sign bit
 * flipped puts negatives below positives; higher first inverts it. */
static uint64_t
radix_key(int64_t key, int higher_better)
{
	uint64_t u = (uint64_t) key ^ (UINT64_C(1) << 63);

	return higher_better ? ~u : u;
}

static unsigned
radix_digit(const struct kc_rank_item *x, unsigned shift, int higher_better)
{
	return (unsigned) (radix_key(x->key, higher_better) >> shift) & 0xff;
}

/* One stable counting pass on byte `shift` of radix_key, from src to
 * dst; 0 when every item has the same byte (nothing to do). */
static int
radix_pass(const struct kc_rank_item *src, struct kc_rank_item *dst, size_t n,
    unsigned shift, int higher_better)
{
	size_t count[256] = { 0 }, at = 0, i, c;

	for (i = 0; i < n; i++)
		count[radix_digit(&src[i], shift, higher_better)]++;
	for (i = 0; i < 256; i++) {
		if (count[i] == n)
			return 0;
		c        = count[i];
		count[i] = at;
		at += c;
	}
	for (i = 0; i < n; i++)
		dst[count[radix_digit(&src[i], shift, higher_better)]++] =
		    src[i];
	return 1;
}

/*
 * The ranked items before the unranked, both in index order, then the
 * ranked by key with least-significant-byte passes: each pass is stable,
 * so ties stay in index order. Only for items given in index order (a
 * handler's units, 83 000 for a village ranking, where the merge sort's
 * 17 passes of comparisons were a tenth of the call). -1 otherwise or
 * without memory.
 */
static int
radix_sort(struct kc_rank_item *items, size_t n, int higher_better)
{
	struct kc_rank_item *tmp, *src, *dst, *t;
	size_t               i, ranked = 0, r = 0, rest;
	unsigned             shift;

	for (i = 1; i < n; i++)
		if (items[i - 1].index >= items[i].index)
			return -1;
	if ((tmp = malloc(n * sizeof(*tmp))) == NULL)
		return -1;
	for (i = 0; i < n; i++)
		ranked += items[i].has != 0;
	for (i = 0, rest = ranked; i < n; i++)
		tmp[items[i].has ? r++ : rest++] = items[i];
	src = tmp;
	dst = items;
	for (shift = 0; shift < 64; shift += 8) {
		if (!radix_pass(src, dst, ranked, shift, higher_better))
			continue;
		t   = src;
		src = dst;
		dst = t;
	}
	if (src != items)
		memcpy(items, src, ranked * sizeof(*items));
	/* The passes never touch the unranked, which stay in tmp. */
	memcpy(items + ranked, tmp + ranked, (n - ranked) * sizeof(*items));
	free(tmp);
	return 0;
}

void
kc_rank(struct kc_rank_item *items, size_t n, int higher_better)
{
	size_t i;

	if (n == 0)
		return;
	if (radix_sort(items, n, higher_better) != 0 &&
	    sort_items(items, n, higher_better ? -1 : 1) != 0)
		qsort(items, n, sizeof(*items),
		    higher_better ? higher_first : lower_first);
	for (i = 0; i < n; i++) {
		if (!items[i].has)
			items[i].rank = 0;
		else if (i > 0 && items[i - 1].has &&
		         items[i - 1].key == items[i].key)
			items[i].rank = items[i - 1].rank;
		else
			items[i].rank = (uint32_t) i + 1;
	}
}

int
kc_line_fit(
    const int32_t *x, const int64_t *y_e4, size_t n, struct kc_line *out)
{
	__int128 sx = 0, sy = 0, sxx = 0, sxy = 0, nn = (__int128) n;
	size_t   i;

	for (i = 0; i < n; i++) {
		sx += x[i];
		sy += y_e4[i];
		sxx += (__int128) x[i] * x[i];
		sxy += (__int128) x[i] * y_e4[i];
	}
	out->num   = nn * sxy - sx * sy;
	out->den   = nn * sxx - sx * sx;
	out->sum_x = sx;
	out->sum_y = sy;
	out->n     = (int64_t) n;
	return n >= 2 && out->den > 0 ? 0 : -1;
}

int64_t
kc_line_slope_e4(const struct kc_line *l)
{
	return kc_div_round(l->num, l->den);
}

int64_t
kc_line_at_e4(const struct kc_line *l, int32_t x)
{
	/* mean(y) + slope * (x - mean(x)), over one common denominator. */
	__int128 num =
	    l->sum_y * l->den + l->num * (l->n * (__int128) x - l->sum_x);

	return kc_div_round(num, (__int128) l->n * l->den);
}
