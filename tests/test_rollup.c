/*
 * Tests of a region's roll-up in the core (docs/rollup.md): the mean of
 * the units' exact figures rounded once, the distribution by predikat with
 * ties at the band edges, units not counted and why, and the weighted
 * serapan, which is not the mean of the units' percentages.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "kcore.h"

static struct kc_share
share(int64_t num, int64_t den)
{
	return (struct kc_share) { KC_AVAILABLE, { num, den } };
}

static struct kc_share
missing(enum kc_na na)
{
	return (struct kc_share) { na, { 0, 1 } };
}

static void
test_bands_at_edges(void **state)
{
	(void) state;
	assert_int_equal(kc_predikat_band(9100), 0);
	assert_int_equal(kc_predikat_band(9099), 1);
	assert_int_equal(kc_predikat_band(7600), 1);
	assert_int_equal(kc_predikat_band(7599), 2);
	assert_int_equal(kc_predikat_band(6600), 2);
	assert_int_equal(kc_predikat_band(6599), 3);
	assert_int_equal(kc_predikat_band(5100), 3);
	assert_int_equal(kc_predikat_band(5099), 4);
	assert_int_equal(kc_predikat_band(-100), 4);
	assert_string_equal(kc_band_name(0), "Sangat Tinggi");
	assert_string_equal(kc_band_name(4), "Sangat Rendah");
	assert_string_equal(kc_band_name(5), "");
	/* The predikat of a unit's reply and its band are one scale. */
	assert_string_equal(kc_predikat_capaian(7600), kc_band_name(1));
}

/* Mean (100 + 80 + 2/3 * 100) / 3 = 82.2222..., rounded once: 82.22;
 * the mean of the rounded figures (100 + 80 + 66.67) / 3 gives 82.23. */
static void
test_mean_rounded_once(void **state)
{
	struct kc_share  u[] = { share(100, 1), share(80, 1), share(200, 3) };
	kc_pct           scratch[3];
	struct kc_rollup r;

	(void) state;
	kc_rollup(u, 3, scratch, &r);
	assert_int_equal(r.na, KC_AVAILABLE);
	assert_int_equal(r.counted, 3);
	assert_int_equal(r.not_counted, 0);
	assert_int_equal(r.e2, 8222);
	assert_int_equal(r.band[0], 1);
	assert_int_equal(r.band[1], 1);
	assert_int_equal(r.band[2], 1);
	assert_int_equal(r.band[3] + r.band[4], 0);
}

/* A unit at 90.995 % rounds to 91.00: Sangat Tinggi, as its own reply
 * says; one at 90.994999... stays Tinggi; 75.995 is Tinggi. */
static void
test_distribution_ties(void **state)
{
	struct kc_share  u[] = { share(90995, 1000), share(9099499, 100000),
		 share(75995, 1000), share(50995, 1000), share(5099, 100) };
	kc_pct           scratch[5];
	struct kc_rollup r;

	(void) state;
	kc_rollup(u, 5, scratch, &r);
	assert_int_equal(r.band[0], 1);
	assert_int_equal(r.band[1], 2);
	assert_int_equal(r.band[2], 0);
	assert_int_equal(r.band[3], 1); /* 50.995 -> 51.00 */
	assert_int_equal(r.band[4], 1); /* 50.99 */
}

static void
test_units_not_counted(void **state)
{
	struct kc_share  u[] = { missing(KC_NA_NO_TARGET), share(90, 1),
		 missing(KC_NA_NO_DATA), share(70, 1) };
	kc_pct           scratch[4];
	struct kc_rollup r;

	(void) state;
	kc_rollup(u, 4, scratch, &r);
	assert_int_equal(r.counted, 2);
	assert_int_equal(r.not_counted, 2);
	assert_int_equal(r.e2, 8000);
	assert_int_equal(r.band[1], 1);
	assert_int_equal(r.band[2], 1);
}

static void
test_all_units_missing(void **state)
{
	struct kc_share  u[] = { missing(KC_NA_NO_TARGET),
		 missing(KC_NA_NO_REALISASI) };
	kc_pct           scratch[2];
	struct kc_rollup r;
	size_t           b, total = 0;

	(void) state;
	kc_rollup(u, 2, scratch, &r);
	assert_int_equal(r.na, KC_NA_NO_DATA);
	assert_int_equal(r.counted, 0);
	assert_int_equal(r.not_counted, 2);
	for (b = 0; b < KC_BANDS; b++)
		total += r.band[b];
	assert_int_equal(total, 0);
	kc_rollup(NULL, 0, scratch, &r);
	assert_int_equal(r.na, KC_NA_NO_DATA);
	assert_int_equal(r.counted + r.not_counted, 0);
}

static struct kc_row
row(int has_target, int has_realisasi, enum kc_na na)
{
	struct kc_row r;

	memset(&r, 0, sizeof(r));
	r.has_target    = has_target;
	r.has_realisasi = has_realisasi;
	r.na            = na;
	return r;
}

static void
test_unit_reason(void **state)
{
	struct kc_row none[]  = { row(0, 1, KC_NA_NO_TARGET),
		 row(0, 0, KC_NA_NO_TARGET) };
	struct kc_row unrep[] = { row(0, 0, KC_NA_NO_TARGET),
		row(1, 0, KC_NA_NO_REALISASI) };
	struct kc_row zero[]  = { row(1, 1, KC_NA_ZERO_TARGET) };
	struct kc_row some[]  = { row(1, 0, KC_NA_NO_REALISASI),
		 row(1, 1, KC_AVAILABLE) };

	(void) state;
	assert_int_equal(kc_unit_na(NULL, 0), KC_NA_NO_DATA);
	assert_int_equal(kc_unit_na(none, 2), KC_NA_NO_TARGET);
	assert_int_equal(kc_unit_na(unrep, 2), KC_NA_NO_REALISASI);
	assert_int_equal(kc_unit_na(zero, 1), KC_NA_ZERO_TARGET);
	assert_int_equal(kc_unit_na(some, 2), KC_AVAILABLE);
}

/* Units of pagu 100 and 900 spending 100 % and 50 %: weighted (100 +
 * 450) / 1000 = 55 %, where the mean of the percentages would be 75 %. */
static void
test_budget_weighted(void **state)
{
	int     has[]  = { 1, 1, 0 };
	int64_t pagu[] = { 10000, 90000, 5 }, real[] = { 10000, 45000, 5 };
	struct kc_budget_rollup b;

	(void) state;
	kc_rollup_budget(has, pagu, real, 3, &b);
	assert_int_equal(b.na, KC_AVAILABLE);
	assert_int_equal(b.counted, 2);
	assert_int_equal(b.not_counted, 1);
	assert_true(b.pagu == 100000 && b.realisasi == 55000);
	assert_int_equal(b.e2, 5500);
}

/* Rounded once from the sums: 2/3 of a sen short of 1/3 -> 33.33. */
static void
test_budget_rounded_once(void **state)
{
	int                     has[]  = { 1, 1 };
	int64_t                 pagu[] = { 1, 2 }, real[] = { 1, 0 };
	struct kc_budget_rollup b;

	(void) state;
	kc_rollup_budget(has, pagu, real, 2, &b);
	assert_int_equal(b.e2, 3333);
	pagu[0] = INT64_MAX;
	pagu[1] = INT64_MAX;
	real[0] = INT64_MAX;
	real[1] = INT64_MAX;
	kc_rollup_budget(has, pagu, real, 2, &b);
	assert_int_equal(b.e2, 10000);
}

static void
test_budget_missing(void **state)
{
	int                     has[] = { 0, 0 }, some[] = { 1 };
	int64_t                 pagu[] = { 0, 0 }, real[] = { 0, 0 };
	struct kc_budget_rollup b;

	(void) state;
	kc_rollup_budget(has, pagu, real, 2, &b);
	assert_int_equal(b.na, KC_NA_NO_DATA);
	assert_int_equal(b.not_counted, 2);
	kc_rollup_budget(some, pagu, real, 1, &b);
	assert_int_equal(b.counted, 1);
	assert_int_equal(b.na, KC_NA_NO_DATA); /* a pagu of 0 */
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bands_at_edges),
		cmocka_unit_test(test_mean_rounded_once),
		cmocka_unit_test(test_distribution_ties),
		cmocka_unit_test(test_units_not_counted),
		cmocka_unit_test(test_all_units_missing),
		cmocka_unit_test(test_unit_reason),
		cmocka_unit_test(test_budget_weighted),
		cmocka_unit_test(test_budget_rounded_once),
		cmocka_unit_test(test_budget_missing),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
