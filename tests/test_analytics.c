/*
 * test_analytics.c - competition ranking and the least-squares trend line
 * of the core: ties, polarity, units without data, exact slopes and
 * projections rounded once.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "kcore.h"

static void
ranks_of(struct kc_rank_item *items, size_t n, int higher, uint32_t *by_index)
{
	size_t i;

	kc_rank(items, n, higher);
	for (i = 0; i < n; i++)
		by_index[items[i].index] = items[i].rank;
}

static void
test_rank_higher_is_better(void **state)
{
	struct kc_rank_item items[] = { { 8812, 1, 0, 0 }, { 9007, 1, 1, 0 },
		{ 7535, 1, 2, 0 } };
	uint32_t            r[3];

	(void) state;
	ranks_of(items, 3, 1, r);
	assert_int_equal(r[1], 1);
	assert_int_equal(r[0], 2);
	assert_int_equal(r[2], 3);
	assert_int_equal(items[0].index, 1);
}

static void
test_rank_minimize_lower_is_better(void **state)
{
	struct kc_rank_item items[] = { { 12, 1, 0, 0 }, { 3, 1, 1, 0 },
		{ 7, 1, 2, 0 } };
	uint32_t            r[3];

	(void) state;
	ranks_of(items, 3, 0, r);
	assert_int_equal(r[1], 1);
	assert_int_equal(r[2], 2);
	assert_int_equal(r[0], 3);
}

static void
test_rank_ties_share_and_skip(void **state)
{
	struct kc_rank_item items[] = { { 90, 1, 0, 0 }, { 95, 1, 1, 0 },
		{ 90, 1, 2, 0 }, { 80, 1, 3, 0 }, { 95, 1, 4, 0 } };
	uint32_t            r[5];

	(void) state;
	ranks_of(items, 5, 1, r);
	/* 95, 95, 90, 90, 80 -> 1, 1, 3, 3, 5 */
	assert_int_equal(r[1], 1);
	assert_int_equal(r[4], 1);
	assert_int_equal(r[0], 3);
	assert_int_equal(r[2], 3);
	assert_int_equal(r[3], 5);
	/* Ties keep the caller's order. */
	assert_int_equal(items[0].index, 1);
	assert_int_equal(items[1].index, 4);
}

static void
test_rank_units_without_data_come_last(void **state)
{
	struct kc_rank_item items[] = { { 0, 0, 0, 0 }, { 50, 1, 1, 0 },
		{ 0, 0, 2, 0 }, { 70, 1, 3, 0 } };
	uint32_t            r[4];

	(void) state;
	ranks_of(items, 4, 1, r);
	assert_int_equal(r[3], 1);
	assert_int_equal(r[1], 2);
	assert_int_equal(r[0], 0);
	assert_int_equal(r[2], 0);
	assert_int_equal(items[2].index, 0);
	assert_int_equal(items[3].index, 2);
}

static void
test_rank_nothing(void **state)
{
	(void) state;
	kc_rank(NULL, 0, 1);
}

/* The order kc_rank must give, written the slow and obvious way: ranked
 * before unranked, by key, ties in index order. */
static int
reference_before(
    const struct kc_rank_item *x, const struct kc_rank_item *y, int higher)
{
	if (x->has != y->has)
		return x->has;
	if (x->has && x->key != y->key)
		return higher ? x->key > y->key : x->key < y->key;
	return x->index < y->index;
}

/* Ranks items (indices 0 to n - 1, any order) and checks each index is
 * still there once, no item is after a later one, and the ranks are
 * competition ranks: 1, 2, 2, 4, and 0 without data. */
static void
rank_and_check(struct kc_rank_item *items, size_t n, int higher)
{
	unsigned char seen[3000] = { 0 };
	size_t        i;

	assert_true(n <= sizeof(seen));
	kc_rank(items, n, higher);
	for (i = 0; i < n; i++) {
		assert_true(items[i].index < n && !seen[items[i].index]);
		seen[items[i].index] = 1;
		if (!items[i].has)
			assert_int_equal(items[i].rank, 0);
		else if (i > 0 && items[i - 1].key == items[i].key)
			assert_int_equal(items[i].rank, items[i - 1].rank);
		else
			assert_int_equal(items[i].rank, i + 1);
		if (i > 0)
			assert_false(reference_before(
			    &items[i], &items[i - 1], higher));
	}
}

/* Every size from 0 to 300 (odd ones, powers of two and in between), many
 * ties and gaps: each item is not after any later one. */
static void
test_rank_sorts_like_the_definition(void **state)
{
	struct kc_rank_item items[300];
	unsigned            seed = 12345;
	size_t              n, i;
	int                 higher;

	(void) state;
	for (n = 0; n <= 300; n += n < 20 ? 1 : 37) {
		for (higher = 0; higher <= 1; higher++) {
			for (i = 0; i < n; i++) {
				seed     = seed * 1103515245u + 12345u;
				items[i] = (struct kc_rank_item) {
					(int64_t) (seed >> 16) % 7 - 3,
					(seed >> 8) % 5 != 0, i, 0
				};
			}
			rank_and_check(items, n, higher);
		}
	}
}

/* The sort by bytes: keys over the whole int64 range (both extremes,
 * negatives, bytes that differ only high up), both orders. */
static void
test_rank_sorts_wide_keys_like_the_definition(void **state)
{
	static const int64_t       edge[] = { INT64_MIN, INT64_MAX, -1, 0, 1,
		      INT64_C(1) << 40, -(INT64_C(1) << 40), 255, 256 };
	static struct kc_rank_item items[3000];
	uint64_t                   seed = 99;
	size_t                     n    = 3000, i;
	int                        higher;

	(void) state;
	for (higher = 0; higher <= 1; higher++) {
		for (i = 0; i < n; i++) {
			seed =
			    seed * 6364136223846793005u + 1442695040888963407u;
			items[i] = (struct kc_rank_item) {
				i % 3 == 0 ? edge[(seed >> 33) % 9]
				           : (int64_t) (seed >> (seed & 31)),
				(seed >> 20) % 7 != 0, i, 0
			};
		}
		rank_and_check(items, n, higher);
	}
}

/* Items not in index order (the sort by bytes keeps the order it is
 * given) still rank by key, ties in index order. */
static void
test_rank_sorts_items_given_out_of_order(void **state)
{
	struct kc_rank_item items[200];
	unsigned            seed = 7;
	size_t              n    = 200, i;
	int                 higher;

	(void) state;
	for (higher = 0; higher <= 1; higher++) {
		for (i = 0; i < n; i++) {
			seed = seed * 1103515245u + 12345u;
			items[i] =
			    (struct kc_rank_item) { (int64_t) (seed >> 16) % 5,
				    (seed >> 8) % 4 != 0, (i * 73) % n, 0 };
		}
		rank_and_check(items, n, higher);
	}
}

static void
test_line_exact_slope_and_projection(void **state)
{
	int32_t        x[] = { 2021, 2022, 2023, 2024 };
	int64_t        y[] = { 800000, 810000, 820000, 830000 };
	struct kc_line l;

	(void) state;
	assert_int_equal(kc_line_fit(x, y, 4, &l), 0);
	assert_int_equal(kc_line_slope_e4(&l), 10000); /* 1,00 a year */
	assert_int_equal(kc_line_at_e4(&l, 2026), 850000);
	assert_int_equal(kc_line_at_e4(&l, 2021), 800000);
}

static void
test_line_fits_values_past_double_precision(void **state)
{
	/* Values as stored (up to 1e14 in e4) pass 2^53: one e4 apart they
	 * are the same double, so a fit on the reply's doubles would find a
	 * flat line. On the exact integers the slope is 1 e4 a year. */
	int32_t        x[] = { 2021, 2022, 2023 };
	int64_t        y[] = { INT64_C(100000000000000001),
		       INT64_C(100000000000000002), INT64_C(100000000000000003) };
	struct kc_line l;

	(void) state;
	assert_true((double) y[0] == (double) y[2]);
	assert_int_equal(kc_line_fit(x, y, 3, &l), 0);
	assert_int_equal(kc_line_slope_e4(&l), 1);
	assert_true(kc_line_at_e4(&l, 2026) == INT64_C(100000000000000006));
}

static void
test_line_least_squares_of_scattered_points(void **state)
{
	/* Medang Deras IKM 2021-2025: 79,80 85,00 85,35 82,36 87,94. */
	int32_t        x[] = { 2021, 2022, 2023, 2024, 2025 };
	int64_t        y[] = { 798000, 850000, 853500, 823600, 879400 };
	struct kc_line l;

	(void) state;
	assert_int_equal(kc_line_fit(x, y, 5, &l), 0);
	/* Sxy / Sxx = 13,64 / 10: 1,3640 a year, exactly. */
	assert_int_equal(kc_line_slope_e4(&l), 13640);
	/* The mean 84,09 at 2023, plus 3 years of slope: 88,1820. */
	assert_int_equal(kc_line_at_e4(&l, 2026), 881820);
}

static void
test_line_rounds_half_away_from_zero(void **state)
{
	/* Slope 1/2 e4 exactly: rounds to 1; falling: -1. */
	int32_t        x[]  = { 2020, 2022 };
	int64_t        up[] = { 0, 1 }, down[] = { 1, 0 };
	struct kc_line l;

	(void) state;
	assert_int_equal(kc_line_fit(x, up, 2, &l), 0);
	assert_int_equal(kc_line_slope_e4(&l), 1);
	assert_int_equal(kc_line_fit(x, down, 2, &l), 0);
	assert_int_equal(kc_line_slope_e4(&l), -1);
}

static void
test_line_needs_two_distinct_years(void **state)
{
	int32_t        x[] = { 2024, 2024 };
	int64_t        y[] = { 1, 2 };
	struct kc_line l;

	(void) state;
	assert_int_equal(kc_line_fit(x, y, 1, &l), -1);
	assert_int_equal(kc_line_fit(x, y, 2, &l), -1);
	assert_int_equal(kc_line_fit(x, y, 0, &l), -1);
}

static void
test_line_flat(void **state)
{
	int32_t        x[] = { 2021, 2022, 2023 };
	int64_t        y[] = { 900000, 900000, 900000 };
	struct kc_line l;

	(void) state;
	assert_int_equal(kc_line_fit(x, y, 3, &l), 0);
	assert_int_equal(kc_line_slope_e4(&l), 0);
	assert_int_equal(kc_line_at_e4(&l, 2030), 900000);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rank_higher_is_better),
		cmocka_unit_test(test_rank_minimize_lower_is_better),
		cmocka_unit_test(test_rank_ties_share_and_skip),
		cmocka_unit_test(test_rank_units_without_data_come_last),
		cmocka_unit_test(test_rank_nothing),
		cmocka_unit_test(test_rank_sorts_like_the_definition),
		cmocka_unit_test(
		    test_rank_sorts_wide_keys_like_the_definition),
		cmocka_unit_test(test_rank_sorts_items_given_out_of_order),
		cmocka_unit_test(test_line_exact_slope_and_projection),
		cmocka_unit_test(test_line_fits_values_past_double_precision),
		cmocka_unit_test(test_line_least_squares_of_scattered_points),
		cmocka_unit_test(test_line_rounds_half_away_from_zero),
		cmocka_unit_test(test_line_needs_two_distinct_years),
		cmocka_unit_test(test_line_flat),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
