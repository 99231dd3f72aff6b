/*
 * analytics.c - the arithmetic of comparisons across units and years:
 * competition ranking and the least-squares trend line (shared/domain.md
 * items 9 and 10). Integer arithmetic throughout, rounded once at the end.
 */
#include <stdlib.h>

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

void
kc_rank(struct kc_rank_item *items, size_t n, int higher_better)
{
	size_t i;

	if (n == 0)
		return;
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
