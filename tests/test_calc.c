/*
 * Tests of the formulas and scales of docs/domain.md: capaian for both
 * polarities, means, the single rounding half away from zero, predikat
 * capaian and the AKIP bands. The worked examples are checked against the
 * recomputed figures, never against the slips printed in the reports.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "kcore.h"

/* A percentage num / den, for values no input would produce. */
static kc_pct
frac(int64_t num, int64_t den)
{
	kc_pct p = { num, den };

	return p;
}

static int
pct_is(kc_pct p, int64_t percent)
{
	return kc_pct_cmp(p, kc_pct_whole(percent)) == 0;
}

/* ------------------------------------------------------------- helpers */

/* Capaian rounded to hundredths of a percent. */
static int64_t
capaian_e2(enum kc_polarity pol, int64_t target_e4, int64_t realisasi_e4)
{
	kc_pct p = { 0, 1 };

	assert_int_equal(
	    kc_capaian(pol, target_e4, realisasi_e4, &p), KC_AVAILABLE);
	return kc_round2(p);
}

static int64_t
percent_e2(int64_t num, int64_t den)
{
	kc_pct p = { 0, 1 };

	assert_int_equal(kc_percent(num, den, &p), KC_AVAILABLE);
	return kc_round2(p);
}

static kc_pct
percent(int64_t num, int64_t den)
{
	kc_pct p = { 0, 1 };

	assert_int_equal(kc_percent(num, den, &p), KC_AVAILABLE);
	return p;
}

static int64_t
money_sen(const char *s)
{
	int64_t     v   = 0;
	const char *why = NULL;

	if (kc_parse_decimal(s, 2, KC_NUM_MONEY, &v, &why) != 0)
		fail_msg("\"%s\" rejected: %s", s, why ? why : "(no reason)");
	return v;
}

/* Serapan anggaran, rounded: realisasi / pagu * 100. */
static int64_t
serapan_e2(const char *pagu, const char *realisasi)
{
	return percent_e2(money_sen(realisasi), money_sen(pagu));
}

/* ---------------------------------------------------- worked examples */

static void
test_example_tanjung_tiram_2025_ikm(void **state)
{
	int64_t c;

	(void) state;
	c = capaian_e2(KC_MAXIMIZE, 900000, 900700);
	assert_int_equal(c, 10008);
	assert_string_equal(kc_predikat_capaian(c), "Sangat Tinggi");
}

static void
test_example_tanjung_tiram_2025_akip(void **state)
{
	(void) state;
	assert_int_equal(capaian_e2(KC_MAXIMIZE, 713800, 713800), 10000);
	assert_int_equal(kc_akip_of_score(713800), KC_AKIP_BB);
}

static void
test_example_lima_puluh_pesisir_2023_ikm(void **state)
{
	int64_t c;

	(void) state;
	/* 99,7171 rounds to 99,72; the report truncated to 99,71. */
	c = capaian_e2(KC_MAXIMIZE, 883700, 881200);
	assert_int_equal(c, 9972);
	assert_string_equal(kc_predikat_capaian(c), "Sangat Tinggi");
}

static void
test_example_lima_puluh_pesisir_2023_akip(void **state)
{
	(void) state;
	assert_int_equal(capaian_e2(KC_MAXIMIZE, 726000, 702000), 9669);
	/* The report says B, but 70,20 > 70 is BB. */
	assert_int_equal(kc_akip_of_score(702000), KC_AKIP_BB);
}

static void
test_example_sei_balai_2024_ikm(void **state)
{
	int64_t c;

	(void) state;
	c = capaian_e2(KC_MAXIMIZE, 850000, 753500);
	assert_int_equal(c, 8865);
	assert_string_equal(kc_predikat_capaian(c), "Tinggi");
}

static void
test_example_sei_balai_2024_akip(void **state)
{
	(void) state;
	assert_int_equal(capaian_e2(KC_MAXIMIZE, 710000, 726200), 10228);
	assert_int_equal(kc_akip_of_score(726200), KC_AKIP_BB);
}

static void
test_example_medang_deras_2025_ikm(void **state)
{
	int64_t c;

	(void) state;
	c = capaian_e2(KC_MAXIMIZE, 892000, 879400);
	assert_int_equal(c, 9859);
	assert_string_equal(kc_predikat_capaian(c), "Sangat Tinggi");
}

static void
test_example_tanjung_tiram_2023_akip(void **state)
{
	(void) state;
	assert_int_equal(capaian_e2(KC_MAXIMIZE, 710000, 695000), 9789);
	assert_int_equal(kc_akip_of_score(695000), KC_AKIP_B);
}

static void
test_example_tanjung_tiram_2025_program_serapan(void **state)
{
	(void) state;
	assert_int_equal(serapan_e2("17.182.832", "17.178.500"), 9997);
}

static void
test_example_tanjung_tiram_2025_total_serapan(void **state)
{
	(void) state;
	assert_int_equal(serapan_e2("4.163.873.053", "3.823.039.065"), 9181);
}

static void
test_example_medang_deras_2025_total_serapan(void **state)
{
	(void) state;
	/* 97,8376 rounds to 97,84; the report truncated to 97,83. */
	assert_int_equal(
	    serapan_e2("Rp. 5.463.337.162", "Rp. 5.345.196.344,24"), 9784);
}

static void
test_example_medang_deras_2023_akip(void **state)
{
	(void) state;
	assert_int_equal(capaian_e2(KC_MAXIMIZE, 700000, 666600), 9523);
}

static void
test_example_medang_deras_2025_tingkat_kemajuan(void **state)
{
	(void) state;
	/* Realisasi of the year over the Renstra end target. */
	assert_int_equal(percent_e2(879400, 902000), 9749);
}

/* ------------------------------------------------------------ capaian */

static void
test_capaian_maximize_is_realisasi_over_target(void **state)
{
	(void) state;
	assert_true(pct_is(percent(0, 1), 0));
	assert_true(pct_is(percent(80000, 100000), 80));
	assert_true(pct_is(percent(120000, 100000), 120));
}

static void
test_capaian_maximize_zero_realisasi_is_zero(void **state)
{
	(void) state;
	assert_int_equal(capaian_e2(KC_MAXIMIZE, 100000, 0), 0);
}

static void
test_capaian_minimize_polarity(void **state)
{
	kc_pct p = { 0, 1 };

	(void) state;
	/* (2 * 10 - 8) / 10 * 100 */
	assert_int_equal(
	    kc_capaian(KC_MINIMIZE, 100000, 80000, &p), KC_AVAILABLE);
	assert_true(pct_is(p, 120));
	assert_int_equal(kc_round2(p), 12000);
}

static void
test_capaian_minimize_on_target_is_100(void **state)
{
	(void) state;
	assert_int_equal(capaian_e2(KC_MINIMIZE, 100000, 100000), 10000);
	assert_int_equal(capaian_e2(KC_MINIMIZE, 100000, 0), 20000);
}

static void
test_capaian_minimize_can_be_negative(void **state)
{
	(void) state;
	/* (2 * 10 - 25) / 10 * 100 */
	assert_int_equal(capaian_e2(KC_MINIMIZE, 100000, 250000), -5000);
	assert_string_equal(kc_predikat_capaian(-5000), "Sangat Rendah");
}

static void
test_capaian_zero_target_not_available(void **state)
{
	kc_pct p = { 0, 1 };

	(void) state;
	assert_int_equal(
	    kc_capaian(KC_MAXIMIZE, 0, 900700, &p), KC_NA_ZERO_TARGET);
	assert_int_equal(kc_percent(17178500, 0, &p), KC_NA_ZERO_TARGET);
}

/* docs/domain.md "Target 0": zero conflicts targeted is met in full by none
 * and not at all by one. */
static void
test_capaian_minimize_zero_target_all_or_nothing(void **state)
{
	kc_pct p = { 0, 1 };

	(void) state;
	assert_int_equal(kc_capaian(KC_MINIMIZE, 0, 0, &p), KC_AVAILABLE);
	assert_int_equal(kc_round2(p), 10000);
	assert_int_equal(kc_capaian(KC_MINIMIZE, 0, 1, &p), KC_AVAILABLE);
	assert_int_equal(kc_round2(p), 0);
	assert_int_equal(kc_capaian(KC_MINIMIZE, 0, 10000, &p), KC_AVAILABLE);
	assert_int_equal(kc_round2(p), 0);
	assert_string_equal(kc_predikat_capaian(0), "Sangat Rendah");
}

static void
test_derived_never_replaces_stated(void **state)
{
	(void) state;
	assert_true(kc_derived_may_replace(0, KC_SOURCE_STATED));
	assert_false(kc_derived_may_replace(1, KC_SOURCE_STATED));
	assert_true(kc_derived_may_replace(1, KC_SOURCE_AKIP));
	assert_true(kc_derived_may_replace(1, KC_SOURCE_SURVEY));
}

static void
test_published_figure_is_rounded_once_to_two_decimals(void **state)
{
	kc_pct ikm = { 890, 12 }; /* 74,1666... from raw responses */
	kc_pct half = { 1481250, 20000 }; /* 74,0625 */

	(void) state;
	assert_int_equal(kc_published_e4(ikm), 741700);
	assert_int_equal(kc_published_e4(half), 740600);
	/* Means rounded to 2 decimals move the IKM by up to 0,125. */
	assert_int_equal(kc_derived_tolerance_e4(KC_SOURCE_SURVEY, 1), 1250);
	assert_int_equal(kc_derived_tolerance_e4(KC_SOURCE_SURVEY, 0), 0);
	assert_int_equal(kc_derived_tolerance_e4(KC_SOURCE_AKIP, 0), 0);
}

static void
test_derived_differs_beyond_tolerance(void **state)
{
	(void) state;
	/* LPP 2020: LHE total 66,87, components 66,56. */
	assert_true(kc_derived_differs(668700, 665600, 0));
	assert_false(kc_derived_differs(668700, 668700, 0));
	/* SB 2024: IKM 75,35 published, 75,42 from rounded means. */
	assert_false(kc_derived_differs(753500, 754200, 1250));
	assert_true(kc_derived_differs(753500, 766000, 1250));
	assert_true(kc_derived_differs(INT64_MIN, INT64_MAX, 0));
}

static void
test_capaian_negative_target_not_available(void **state)
{
	kc_pct p = { 0, 1 };

	(void) state;
	assert_int_equal(kc_capaian(KC_MAXIMIZE, -100000, 80000, &p),
	    KC_NA_NEGATIVE_TARGET);
	assert_int_equal(kc_capaian(KC_MINIMIZE, -100000, 80000, &p),
	    KC_NA_NEGATIVE_TARGET);
	assert_int_equal(kc_percent(1, -1, &p), KC_NA_NEGATIVE_TARGET);
}

static void
test_capaian_large_values_are_exact(void **state)
{
	(void) state;
	/* 1e14 against 1e14 - 1 e4 units, the largest values the API takes. */
	assert_true(pct_is(percent(INT64_C(1000000000000000000),
	                       INT64_C(1000000000000000000)),
	    100));
	assert_int_equal(percent_e2(INT64_C(999999999999999999),
	                     INT64_C(1000000000000000000)),
	    10000);
}

static void
test_na_reason_names_each_case(void **state)
{
	static const enum kc_na na[] = {
		KC_NA_NO_TARGET,
		KC_NA_ZERO_TARGET,
		KC_NA_NEGATIVE_TARGET,
		KC_NA_NO_REALISASI,
		KC_NA_NO_DATA,
	};
	size_t i, j;

	(void) state;
	for (i = 0; i < sizeof(na) / sizeof(na[0]); i++) {
		assert_non_null(kc_na_reason(na[i]));
		assert_true(kc_na_reason(na[i])[0] != '\0');
		for (j = 0; j < i; j++)
			assert_string_not_equal(
			    kc_na_reason(na[i]), kc_na_reason(na[j]));
	}
}

/* --------------------------------------------------------------- mean */

static void
test_mean_of_nothing_not_available(void **state)
{
	kc_pct p = { 0, 1 };

	(void) state;
	assert_int_equal(kc_mean(NULL, 0, &p), KC_NA_NO_DATA);
}

static void
test_mean_of_one_is_itself(void **state)
{
	kc_pct v[1];
	kc_pct m = { 0, 1 };

	(void) state;
	v[0] = percent(900700, 900000);
	assert_int_equal(kc_mean(v, 1, &m), KC_AVAILABLE);
	assert_int_equal(kc_pct_cmp(m, v[0]), 0);
}

static void
test_mean_exact_half_rounds_up(void **state)
{
	kc_pct v[2];
	kc_pct m = { 0, 1 };

	(void) state;
	/* (100,00 + 99,99) / 2 = 99,995 exactly. */
	v[0] = percent(10000, 10000);
	v[1] = percent(9999, 10000);
	assert_int_equal(kc_mean(v, 2, &m), KC_AVAILABLE);
	assert_int_equal(kc_round2(m), 10000);
}

static void
test_mean_negative_half_rounds_away_from_zero(void **state)
{
	kc_pct v[2];
	kc_pct m = { 0, 1 };

	(void) state;
	/* (-0,01 + 0) / 2 = -0,005 exactly. */
	v[0] = percent(-1, 10000);
	v[1] = kc_pct_whole(0);
	assert_int_equal(kc_mean(v, 2, &m), KC_AVAILABLE);
	assert_int_equal(kc_round2(m), -1);
}

static void
test_mean_rounds_once_at_the_end(void **state)
{
	kc_pct v[2];
	kc_pct m = { 0, 1 };

	(void) state;
	/* 1,0044 and 1,0054 would round to 1,00 and 1,01 first; the exact
	 * mean 1,0049 rounds to 1,00. */
	v[0] = percent(10044, 1000000);
	v[1] = percent(10054, 1000000);
	assert_int_equal(kc_mean(v, 2, &m), KC_AVAILABLE);
	assert_int_equal(kc_round2(m), 100);
}

static void
test_mean_of_repeating_fractions_hits_the_midpoint(void **state)
{
	kc_pct v[2];
	kc_pct m = { 0, 1 };

	(void) state;
	/* 33,333...% and 66,676666...% average to exactly 50,005. */
	v[0] = percent(1, 3);
	v[1] = percent(20003, 30000);
	assert_int_equal(kc_mean(v, 2, &m), KC_AVAILABLE);
	assert_int_equal(kc_round2(m), 5001);
}

static void
test_mean_of_means_is_exact(void **state)
{
	kc_pct a[3], b[3], means[2];
	kc_pct m = { 0, 1 };

	(void) state;
	/* Sasaran (0, 0, 1 %) and (100, 100, 99,03 %): overall 50,005. */
	a[0] = a[1] = kc_pct_whole(0);
	a[2]        = kc_pct_whole(1);
	b[0] = b[1] = kc_pct_whole(100);
	b[2]        = percent(9903, 10000);
	assert_int_equal(kc_mean(a, 3, &means[0]), KC_AVAILABLE);
	assert_int_equal(kc_mean(b, 3, &means[1]), KC_AVAILABLE);
	assert_int_equal(kc_mean(means, 2, &m), KC_AVAILABLE);
	assert_int_equal(kc_round2(m), 5001);
}

static void
test_mean_of_unlike_denominators_stays_close(void **state)
{
	kc_pct v[12];
	kc_pct m = { 0, 1 };
	int    i;

	(void) state;
	/* Large coprime targets overflow the exact sum; the fallback keeps
	 * 1e-15, so the rounded mean is still right. */
	for (i = 0; i < 12; i++)
		v[i] = percent(INT64_C(999999999999999989) - i * 2,
		    INT64_C(1000000000000000003) + i * 6);
	assert_int_equal(kc_mean(v, 12, &m), KC_AVAILABLE);
	assert_int_equal(kc_round2(m), 10000);
}

static void
test_mean_of_worked_examples(void **state)
{
	kc_pct v[2];
	kc_pct m = { 0, 1 };

	(void) state;
	/* Lima Puluh Pesisir 2023: IKM 99,7171 and AKIP 96,6942. */
	v[0] = percent(881200, 883700);
	v[1] = percent(702000, 726000);
	assert_int_equal(kc_mean(v, 2, &m), KC_AVAILABLE);
	assert_int_equal(kc_round2(m), 9821);
}

/* ----------------------------------------------------------- rounding */

static void
test_round2_exact_values(void **state)
{
	(void) state;
	assert_int_equal(kc_round2(kc_pct_whole(0)), 0);
	assert_int_equal(kc_round2(kc_pct_whole(100)), 10000);
	assert_int_equal(kc_round2(kc_pct_whole(-50)), -5000);
	assert_int_equal(percent_e2(1, 8), 1250);
	assert_int_equal(percent_e2(1, 16), 625);
}

static void
test_round2_half_rounds_up(void **state)
{
	(void) state;
	assert_int_equal(percent_e2(1, 32), 313); /* 3,125 */
	assert_int_equal(percent_e2(1005, 100000), 101); /* 1,005 */
	assert_int_equal(percent_e2(1, 20000), 1); /* 0,005 */
	assert_int_equal(kc_round2(frac(1, 200)), 1);
}

static void
test_round2_negative_half_rounds_down(void **state)
{
	(void) state;
	assert_int_equal(percent_e2(-1, 32), -313);
	assert_int_equal(percent_e2(-1005, 100000), -101);
	assert_int_equal(percent_e2(-1, 20000), -1);
	assert_int_equal(kc_round2(frac(-1, 200)), -1);
}

static void
test_round2_below_half_rounds_toward_zero(void **state)
{
	(void) state;
	assert_int_equal(percent_e2(1004999, 100000000), 100);
	assert_int_equal(percent_e2(-1004999, 100000000), -100);
	assert_int_equal(percent_e2(1, 20001), 0); /* 0,004999... */
	assert_int_equal(kc_round2(frac(4999999999, 1000000000000)), 0);
	assert_int_equal(kc_round2(frac(-4999999999, 1000000000000)), 0);
}

static void
test_round2_repeating_fraction(void **state)
{
	(void) state;
	assert_int_equal(percent_e2(1, 3), 3333); /* 33,333... */
	assert_int_equal(percent_e2(2, 3), 6667); /* 66,666... */
	assert_int_equal(percent_e2(-2, 3), -6667);
}

/* --------------------------------------------------- predikat capaian */

static void
test_predikat_capaian_sangat_tinggi_from_91(void **state)
{
	(void) state;
	assert_string_equal(kc_predikat_capaian(9099), "Tinggi");
	assert_string_equal(kc_predikat_capaian(9100), "Sangat Tinggi");
	assert_string_equal(kc_predikat_capaian(10000), "Sangat Tinggi");
}

static void
test_predikat_capaian_above_100_sangat_tinggi(void **state)
{
	(void) state;
	assert_string_equal(kc_predikat_capaian(10001), "Sangat Tinggi");
	assert_string_equal(kc_predikat_capaian(20000), "Sangat Tinggi");
}

static void
test_predikat_capaian_tinggi_from_76(void **state)
{
	(void) state;
	assert_string_equal(kc_predikat_capaian(7599), "Sedang");
	assert_string_equal(kc_predikat_capaian(7600), "Tinggi");
}

static void
test_predikat_capaian_sedang_from_66(void **state)
{
	(void) state;
	assert_string_equal(kc_predikat_capaian(6599), "Rendah");
	assert_string_equal(kc_predikat_capaian(6600), "Sedang");
}

static void
test_predikat_capaian_rendah_from_51(void **state)
{
	(void) state;
	assert_string_equal(kc_predikat_capaian(5099), "Sangat Rendah");
	assert_string_equal(kc_predikat_capaian(5100), "Rendah");
}

static void
test_predikat_capaian_zero_and_negative(void **state)
{
	(void) state;
	assert_string_equal(kc_predikat_capaian(0), "Sangat Rendah");
	assert_string_equal(kc_predikat_capaian(-1), "Sangat Rendah");
}

static void
test_predikat_capaian_uses_rounded_value(void **state)
{
	(void) state;
	/* 90,995 rounds to 91,00, which is Sangat Tinggi. */
	assert_string_equal(
	    kc_predikat_capaian(percent_e2(90995, 100000)), "Sangat Tinggi");
}

/* --------------------------------------------------------- AKIP bands */

static void
test_akip_70_is_b_and_70_01_is_bb(void **state)
{
	(void) state;
	assert_int_equal(kc_akip_of_score(700000), KC_AKIP_B);
	assert_int_equal(kc_akip_of_score(700001), KC_AKIP_BB);
	assert_int_equal(kc_akip_of_score(700100), KC_AKIP_BB);
}

static void
test_akip_90_is_a_and_90_01_is_aa(void **state)
{
	(void) state;
	assert_int_equal(kc_akip_of_score(900000), KC_AKIP_A);
	assert_int_equal(kc_akip_of_score(900100), KC_AKIP_AA);
}

static void
test_akip_every_band_edge(void **state)
{
	(void) state;
	assert_int_equal(kc_akip_of_score(800000), KC_AKIP_BB);
	assert_int_equal(kc_akip_of_score(800100), KC_AKIP_A);
	assert_int_equal(kc_akip_of_score(600000), KC_AKIP_CC);
	assert_int_equal(kc_akip_of_score(600100), KC_AKIP_B);
	assert_int_equal(kc_akip_of_score(500000), KC_AKIP_C);
	assert_int_equal(kc_akip_of_score(500100), KC_AKIP_CC);
	assert_int_equal(kc_akip_of_score(300100), KC_AKIP_C);
}

static void
test_akip_30_and_below_is_d(void **state)
{
	(void) state;
	assert_int_equal(kc_akip_of_score(300000), KC_AKIP_D);
	assert_int_equal(kc_akip_of_score(1), KC_AKIP_D);
	assert_int_equal(kc_akip_of_score(0), KC_AKIP_D);
}

static void
test_akip_100_is_aa(void **state)
{
	(void) state;
	assert_int_equal(kc_akip_of_score(1000000), KC_AKIP_AA);
}

static void
test_akip_parse_names(void **state)
{
	(void) state;
	assert_int_equal(kc_akip_parse("AA"), KC_AKIP_AA);
	assert_int_equal(kc_akip_parse("A"), KC_AKIP_A);
	assert_int_equal(kc_akip_parse("BB"), KC_AKIP_BB);
	assert_int_equal(kc_akip_parse("B"), KC_AKIP_B);
	assert_int_equal(kc_akip_parse("CC"), KC_AKIP_CC);
	assert_int_equal(kc_akip_parse("C"), KC_AKIP_C);
	assert_int_equal(kc_akip_parse("D"), KC_AKIP_D);
}

static void
test_akip_parse_unknown_is_none(void **state)
{
	(void) state;
	assert_int_equal(kc_akip_parse(""), KC_AKIP_NONE);
	assert_int_equal(kc_akip_parse("XX"), KC_AKIP_NONE);
	assert_int_equal(kc_akip_parse("BBB"), KC_AKIP_NONE);
	assert_int_equal(kc_akip_parse("DD"), KC_AKIP_NONE);
}

static void
test_akip_name_round_trips(void **state)
{
	int p;

	(void) state;
	for (p = KC_AKIP_D; p <= KC_AKIP_AA; p++)
		assert_int_equal(
		    kc_akip_parse(kc_akip_name((enum kc_akip) p)), p);
	assert_string_equal(kc_akip_name(KC_AKIP_BB), "BB");
	assert_string_equal(kc_akip_name(KC_AKIP_NONE), "");
}

static void
test_akip_labels(void **state)
{
	(void) state;
	assert_string_equal(kc_akip_label(KC_AKIP_AA), "Sangat Memuaskan");
	assert_string_equal(kc_akip_label(KC_AKIP_A), "Memuaskan");
	assert_string_equal(kc_akip_label(KC_AKIP_BB), "Sangat Baik");
	assert_string_equal(kc_akip_label(KC_AKIP_B), "Baik");
	assert_string_equal(kc_akip_label(KC_AKIP_CC), "Cukup");
	assert_string_equal(kc_akip_label(KC_AKIP_C), "Kurang");
	assert_string_equal(kc_akip_label(KC_AKIP_D), "Sangat Kurang");
	assert_string_equal(kc_akip_label(KC_AKIP_NONE), "");
}

static void
test_akip_to_score_lower_is_default_rule(void **state)
{
	(void) state;
	assert_int_equal(KC_RULE_LOWER, 0);
	assert_int_equal(kc_akip_to_score(KC_AKIP_B, KC_RULE_LOWER), 600000);
	assert_int_equal(kc_akip_to_score(KC_AKIP_CC, KC_RULE_LOWER), 500000);
	assert_int_equal(kc_akip_to_score(KC_AKIP_D, KC_RULE_LOWER), 0);
}

static void
test_akip_to_score_upper(void **state)
{
	(void) state;
	assert_int_equal(kc_akip_to_score(KC_AKIP_B, KC_RULE_UPPER), 700000);
	assert_int_equal(kc_akip_to_score(KC_AKIP_AA, KC_RULE_UPPER), 1000000);
	assert_int_equal(kc_akip_to_score(KC_AKIP_D, KC_RULE_UPPER), 300000);
	/* The upper bound is inside the band. */
	assert_int_equal(
	    kc_akip_of_score(kc_akip_to_score(KC_AKIP_B, KC_RULE_UPPER)),
	    KC_AKIP_B);
}

static void
test_akip_to_score_mid(void **state)
{
	(void) state;
	assert_int_equal(kc_akip_to_score(KC_AKIP_B, KC_RULE_MID), 650000);
	assert_int_equal(kc_akip_to_score(KC_AKIP_C, KC_RULE_MID), 400000);
	assert_int_equal(kc_akip_to_score(KC_AKIP_D, KC_RULE_MID), 150000);
	assert_int_equal(kc_akip_to_score(KC_AKIP_AA, KC_RULE_MID), 950000);
}

/* --------------------------------------------- the capaian of a row */

static struct kc_value
number(int64_t e4)
{
	return (struct kc_value) { 1, 1, e4, KC_AKIP_NONE };
}

static struct kc_value
predikat(enum kc_akip p)
{
	return (struct kc_value) { 1, 0, 0, p };
}

static const struct kc_value nothing = { 0, 0, 0, KC_AKIP_NONE };

static void
test_row_maximize_rounds_half_away_from_zero(void **state)
{
	struct kc_value t = number(30000), r = number(10000);
	struct kc_row   c;

	(void) state;
	/* 1 / 3 = 33,333... -> 33,33; 2 / 3 -> 66,67 (up from ...666). */
	kc_capaian_row(KC_MAXIMIZE, KC_RULE_LOWER, &t, &r, &c);
	assert_int_equal(c.na, KC_AVAILABLE);
	assert_int_equal(c.e2, 3333);
	r = number(20000);
	kc_capaian_row(KC_MAXIMIZE, KC_RULE_LOWER, &t, &r, &c);
	assert_int_equal(c.e2, 6667);
	/* 0,125 % is exactly half a hundredth: away from zero, 0,13. */
	t = number(80000000);
	r = number(100000);
	kc_capaian_row(KC_MAXIMIZE, KC_RULE_LOWER, &t, &r, &c);
	assert_int_equal(c.e2, 13);
	/* Minimize below zero: -0,125 % rounds to -0,13, not -0,12. */
	t = number(80000000);
	r = number(160100000);
	kc_capaian_row(KC_MINIMIZE, KC_RULE_LOWER, &t, &r, &c);
	assert_int_equal(c.e2, -13);
}

static void
test_row_polarity(void **state)
{
	struct kc_value t = number(800000), r = number(600000);
	struct kc_row   c;

	(void) state;
	kc_capaian_row(KC_MAXIMIZE, KC_RULE_LOWER, &t, &r, &c);
	assert_int_equal(c.e2, 7500);
	/* (2 * 80 - 60) / 80 = 125 %. */
	kc_capaian_row(KC_MINIMIZE, KC_RULE_LOWER, &t, &r, &c);
	assert_int_equal(c.e2, 12500);
	assert_int_equal(c.target_e4, 800000);
	assert_int_equal(c.realisasi_e4, 600000);
	assert_false(c.target_converted || c.realisasi_converted);
}

static void
test_row_target_zero(void **state)
{
	struct kc_value t = number(0), r0 = number(0), r1 = number(10000);
	struct kc_row   c;

	(void) state;
	kc_capaian_row(KC_MINIMIZE, KC_RULE_LOWER, &t, &r0, &c);
	assert_int_equal(c.na, KC_AVAILABLE);
	assert_int_equal(c.e2, 10000);
	kc_capaian_row(KC_MINIMIZE, KC_RULE_LOWER, &t, &r1, &c);
	assert_int_equal(c.e2, 0);
	kc_capaian_row(KC_MAXIMIZE, KC_RULE_LOWER, &t, &r1, &c);
	assert_int_equal(c.na, KC_NA_ZERO_TARGET);
	assert_true(c.has_target && c.has_realisasi);
	t = number(-10000);
	kc_capaian_row(KC_MAXIMIZE, KC_RULE_LOWER, &t, &r1, &c);
	assert_int_equal(c.na, KC_NA_NEGATIVE_TARGET);
}

static void
test_row_predikat_only(void **state)
{
	struct kc_value t = predikat(KC_AKIP_BB), r = predikat(KC_AKIP_B);
	struct kc_row   c;

	(void) state;
	/* B -> 60 against BB -> 70 by the lower bound: 85,71 %. */
	kc_capaian_row(KC_MAXIMIZE, KC_RULE_LOWER, &t, &r, &c);
	assert_int_equal(c.target_e4, 700000);
	assert_int_equal(c.realisasi_e4, 600000);
	assert_true(c.target_converted && c.realisasi_converted);
	assert_int_equal(c.e2, 8571);
	/* By the midpoints 65 / 75 = 86,67 %. */
	kc_capaian_row(KC_MAXIMIZE, KC_RULE_MID, &t, &r, &c);
	assert_int_equal(c.e2, 8667);
	/* A number beside a predikat wins over the predikat. */
	r = number(712000);
	kc_capaian_row(KC_MAXIMIZE, KC_RULE_LOWER, &t, &r, &c);
	assert_false(c.realisasi_converted);
	assert_int_equal(c.e2, 10171);
}

static void
test_row_not_available(void **state)
{
	struct kc_value v = number(10000);
	struct kc_row   c;

	(void) state;
	kc_capaian_row(KC_MAXIMIZE, KC_RULE_LOWER, &nothing, &v, &c);
	assert_int_equal(c.na, KC_NA_NO_TARGET);
	assert_false(c.has_target);
	assert_true(c.has_realisasi);
	kc_capaian_row(KC_MAXIMIZE, KC_RULE_LOWER, &v, &nothing, &c);
	assert_int_equal(c.na, KC_NA_NO_REALISASI);
	assert_string_equal(
	    kc_na_reason(c.na), kc_na_reason(KC_NA_NO_REALISASI));
}

static void
test_summary_means_of_sasaran(void **state)
{
	const char *const      sasaran[] = { "S1", "S1", "S2", "S3", "S3" };
	struct kc_value        t         = number(30000);
	struct kc_value        r[] = { number(10000), number(30000), nothing,
		       number(20000), number(60000) };
	struct kc_row          rows[5];
	struct kc_sasaran_mean means[5];
	kc_pct                 scratch[5];
	struct kc_unit_summary sum = { .sasaran = means };
	size_t                 i;

	(void) state;
	for (i = 0; i < 5; i++)
		kc_capaian_row(
		    KC_MAXIMIZE, KC_RULE_LOWER, &t, &r[i], &rows[i]);
	kc_summarize(sasaran, rows, 5, scratch, &sum);
	assert_int_equal(sum.nsasaran, 3);
	/* S1: (33,33... + 100) / 2 = 66,666... -> 66,67. */
	assert_int_equal(means[0].first, 0);
	assert_int_equal(means[0].rows, 2);
	assert_int_equal(means[0].indicators, 2);
	assert_int_equal(kc_round2(means[0].mean), 6667);
	/* S2 has no capaian: no mean, and not counted in the overall. */
	assert_int_equal(means[1].na, KC_NA_NO_DATA);
	assert_int_equal(means[1].rows, 1);
	assert_int_equal(means[1].indicators, 0);
	/* S3: (66,66... + 200) / 2 = 133,33... */
	assert_int_equal(kc_round2(means[2].mean), 13333);
	/* Overall from the exact means: (200 / 3 + 400 / 3) / 2 = 100. */
	assert_int_equal(sum.na, KC_AVAILABLE);
	assert_int_equal(sum.e2, 10000);
	assert_true(pct_is(sum.overall, 100));
}

static void
test_summary_of_nothing(void **state)
{
	struct kc_unit_summary sum = { .sasaran = NULL };
	kc_pct                 scratch[1];

	(void) state;
	kc_summarize(NULL, NULL, 0, scratch, &sum);
	assert_int_equal(sum.nsasaran, 0);
	assert_int_equal(sum.na, KC_NA_NO_DATA);
}

static void
test_year_range(void **state)
{
	(void) state;
	assert_true(kc_year_ok(KC_YEAR_MIN));
	assert_true(kc_year_ok(KC_YEAR_MAX));
	assert_true(kc_year_ok(2025));
	assert_false(kc_year_ok(KC_YEAR_MIN - 1));
	assert_false(kc_year_ok(KC_YEAR_MAX + 1));
	assert_false(kc_year_ok(0));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_example_tanjung_tiram_2025_ikm),
		cmocka_unit_test(test_example_tanjung_tiram_2025_akip),
		cmocka_unit_test(test_example_lima_puluh_pesisir_2023_ikm),
		cmocka_unit_test(test_example_lima_puluh_pesisir_2023_akip),
		cmocka_unit_test(test_example_sei_balai_2024_ikm),
		cmocka_unit_test(test_example_sei_balai_2024_akip),
		cmocka_unit_test(test_example_medang_deras_2025_ikm),
		cmocka_unit_test(test_example_tanjung_tiram_2023_akip),
		cmocka_unit_test(
		    test_example_tanjung_tiram_2025_program_serapan),
		cmocka_unit_test(
		    test_example_tanjung_tiram_2025_total_serapan),

		cmocka_unit_test(test_example_medang_deras_2025_total_serapan),
		cmocka_unit_test(test_example_medang_deras_2023_akip),
		cmocka_unit_test(
		    test_example_medang_deras_2025_tingkat_kemajuan),
		cmocka_unit_test(
		    test_capaian_maximize_is_realisasi_over_target),

		cmocka_unit_test(test_capaian_maximize_zero_realisasi_is_zero),
		cmocka_unit_test(test_capaian_minimize_polarity),
		cmocka_unit_test(test_capaian_minimize_on_target_is_100),
		cmocka_unit_test(test_capaian_minimize_can_be_negative),
		cmocka_unit_test(test_capaian_zero_target_not_available),
		cmocka_unit_test(
		    test_capaian_minimize_zero_target_all_or_nothing),
		cmocka_unit_test(test_derived_never_replaces_stated),
		cmocka_unit_test(test_derived_differs_beyond_tolerance),
		cmocka_unit_test(
		    test_published_figure_is_rounded_once_to_two_decimals),
		cmocka_unit_test(test_capaian_negative_target_not_available),
		cmocka_unit_test(test_capaian_large_values_are_exact),
		cmocka_unit_test(test_na_reason_names_each_case),
		cmocka_unit_test(test_mean_of_nothing_not_available),
		cmocka_unit_test(test_mean_of_one_is_itself),
		cmocka_unit_test(test_mean_exact_half_rounds_up),
		cmocka_unit_test(
		    test_mean_negative_half_rounds_away_from_zero),

		cmocka_unit_test(test_mean_rounds_once_at_the_end),
		cmocka_unit_test(
		    test_mean_of_repeating_fractions_hits_the_midpoint),
		cmocka_unit_test(test_mean_of_means_is_exact),
		cmocka_unit_test(test_mean_of_unlike_denominators_stays_close),
		cmocka_unit_test(test_mean_of_worked_examples),
		cmocka_unit_test(test_round2_exact_values),
		cmocka_unit_test(test_round2_half_rounds_up),
		cmocka_unit_test(test_round2_negative_half_rounds_down),
		cmocka_unit_test(test_round2_below_half_rounds_toward_zero),
		cmocka_unit_test(test_round2_repeating_fraction),
		cmocka_unit_test(test_predikat_capaian_sangat_tinggi_from_91),
		cmocka_unit_test(
		    test_predikat_capaian_above_100_sangat_tinggi),

		cmocka_unit_test(test_predikat_capaian_tinggi_from_76),
		cmocka_unit_test(test_predikat_capaian_sedang_from_66),
		cmocka_unit_test(test_predikat_capaian_rendah_from_51),
		cmocka_unit_test(test_predikat_capaian_zero_and_negative),
		cmocka_unit_test(test_predikat_capaian_uses_rounded_value),
		cmocka_unit_test(test_akip_70_is_b_and_70_01_is_bb),
		cmocka_unit_test(test_akip_90_is_a_and_90_01_is_aa),
		cmocka_unit_test(test_akip_every_band_edge),
		cmocka_unit_test(test_akip_30_and_below_is_d),
		cmocka_unit_test(test_akip_100_is_aa),
		cmocka_unit_test(test_akip_parse_names),
		cmocka_unit_test(test_akip_parse_unknown_is_none),
		cmocka_unit_test(test_akip_name_round_trips),
		cmocka_unit_test(test_akip_labels),
		cmocka_unit_test(test_akip_to_score_lower_is_default_rule),
		cmocka_unit_test(test_akip_to_score_upper),
		cmocka_unit_test(test_akip_to_score_mid),
		cmocka_unit_test(test_row_maximize_rounds_half_away_from_zero),
		cmocka_unit_test(test_row_polarity),
		cmocka_unit_test(test_row_target_zero),
		cmocka_unit_test(test_row_predikat_only),
		cmocka_unit_test(test_row_not_available),
		cmocka_unit_test(test_summary_means_of_sasaran),
		cmocka_unit_test(test_summary_of_nothing),
		cmocka_unit_test(test_year_range),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
