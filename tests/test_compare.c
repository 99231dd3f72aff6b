/*
 * test_compare.c - the core's arithmetic of the comparisons (issue #14,
 * docs/comparisons.md): the point gap between two capaian, exact and
 * rounded once, and the span of years a multi-year reply may cover.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "kcore.h"

static struct kc_row
row(int64_t target_e4, int64_t realisasi_e4)
{
	struct kc_value t = { 1, 1, target_e4, KC_AKIP_NONE };
	struct kc_value r = { 1, 1, realisasi_e4, KC_AKIP_NONE };
	struct kc_row   out;

	kc_capaian_row(KC_MAXIMIZE, KC_RULE_LOWER, &t, &r, &out);
	return out;
}

static void
test_gap_is_rounded_once_from_exact_capaian(void **state)
{
	/* 85 / 90 = 94,444...; 80 / 90 = 88,888...: the exact gap is
	 * 5,5555... points -> 5,56, where the rounded figures give 5,55. */
	struct kc_row a = row(900000, 850000), ref = row(900000, 800000);
	int64_t       e2;

	(void) state;
	assert_int_equal(a.e2 - ref.e2, 555);
	assert_int_equal(kc_gap(&a, &ref, &e2), KC_AVAILABLE);
	assert_int_equal(e2, 556);
	/* The other way round it is negative, half away from zero. */
	assert_int_equal(kc_gap(&ref, &a, &e2), KC_AVAILABLE);
	assert_int_equal(e2, -556);
	/* Against itself, 0. */
	assert_int_equal(kc_gap(&a, &a, &e2), KC_AVAILABLE);
	assert_int_equal(e2, 0);
}

static void
test_gap_half_away_from_zero(void **state)
{
	/* 100,005 - 100 = 0,005 points -> 0,01; reversed -0,01. 200,01 /
	 * 200 = 100,005 %. */
	struct kc_row a = row(2000000, 2000100), ref = row(2000000, 2000000);
	int64_t       e2;

	(void) state;
	assert_int_equal(kc_gap(&a, &ref, &e2), KC_AVAILABLE);
	assert_int_equal(e2, 1);
	assert_int_equal(kc_gap(&ref, &a, &e2), KC_AVAILABLE);
	assert_int_equal(e2, -1);
}

static void
test_gap_needs_both_capaian(void **state)
{
	struct kc_row   a = row(900000, 850000), none;
	struct kc_value t = { 1, 1, 0, KC_AKIP_NONE }, r = { 0 };
	int64_t         e2 = 42;

	(void) state;
	kc_capaian_row(KC_MAXIMIZE, KC_RULE_LOWER, &t, &r, &none);
	assert_int_equal(kc_gap(&a, &none, &e2), KC_NA_NO_REALISASI);
	assert_int_equal(e2, 0);
	assert_int_equal(kc_gap(&none, &a, &e2), KC_NA_NO_REALISASI);
}

static void
test_year_span(void **state)
{
	const char *why = NULL;

	(void) state;
	assert_int_equal(kc_year_span(2021, 2025, &why), 0);
	assert_int_equal(kc_year_span(2023, 2023, &why), 0);
	assert_int_equal(kc_year_span(2001, 2030, &why), 0);
	assert_int_equal(kc_year_span(2000, 2030, &why), -1);
	assert_string_equal(why, "more than 30 years");
	assert_int_equal(kc_year_span(2025, 2021, &why), -1);
	assert_string_equal(why, "the first year is after the last");
	assert_int_equal(kc_year_span(0, 2021, &why), -1);
	assert_string_equal(why, "not a year from 1900 to 2200");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_gap_is_rounded_once_from_exact_capaian),
		cmocka_unit_test(test_gap_half_away_from_zero),
		cmocka_unit_test(test_gap_needs_both_capaian),
		cmocka_unit_test(test_year_span),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
