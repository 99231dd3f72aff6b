/*
 * Tests of the triwulan rules (core/period.c, docs/triwulan.md): how
 * people write a period, which indicators take quarterly figures and how
 * they add up, and a triwulan's capaian against its own target and the
 * year's.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "kcore.h"

static struct kc_value
num(double v)
{
	return (struct kc_value) { 1, 1, (int64_t) (v * KC_E4 + 0.5),
		KC_AKIP_NONE };
}

static void
test_period_forms(void **state)
{
	(void) state;
	assert_int_equal(kc_period_parse(""), 0);
	assert_int_equal(kc_period_parse("tahun"), 0);
	assert_int_equal(kc_period_parse("Tahunan"), 0);
	assert_int_equal(kc_period_parse("tw1"), 1);
	assert_int_equal(kc_period_parse("TW4"), 4);
	assert_int_equal(kc_period_parse("TW I"), 1);
	assert_int_equal(kc_period_parse("TW 2"), 2);
	assert_int_equal(kc_period_parse("Triwulan II"), 2);
	assert_int_equal(kc_period_parse("triwulan 3"), 3);
	assert_int_equal(kc_period_parse("TRIWULAN IV"), 4);
	assert_int_equal(kc_period_parse("Tw. III"), 3);
	assert_int_equal(kc_period_parse("tw-iv"), 4);
	assert_int_equal(kc_period_parse("Q3"), 3);
}

static void
test_period_refused_forms(void **state)
{
	(void) state;
	assert_int_equal(kc_period_parse("tw5"), -1);
	assert_int_equal(kc_period_parse("TW 0"), -1);
	assert_int_equal(kc_period_parse("triwulan"), -1);
	assert_int_equal(kc_period_parse("Triwulan V"), -1);
	assert_int_equal(kc_period_parse("semester 1"), -1);
	assert_int_equal(kc_period_parse("tw12"), -1);
	assert_int_equal(kc_period_parse("2"), -1);
	assert_int_equal(
	    kc_period_parse("triwulan triwulan triwulan triwulan 1"), -1);
}

static void
test_period_names(void **state)
{
	int p;

	(void) state;
	for (p = 0; p <= KC_TRIWULAN; p++)
		assert_int_equal(kc_period_parse(kc_period_name(p)), p);
	assert_string_equal(kc_triwulan_roman(3), "III");
	assert_string_equal(kc_triwulan_roman(5), "");
}

static void
test_quarterly_default_by_kind(void **state)
{
	(void) state;
	assert_int_equal(
	    kc_quarterly_of("Nilai", 1, KC_Q_DEFAULT), KC_Q_YEARLY);
	assert_int_equal(
	    kc_quarterly_of("Nilai", 0, KC_Q_DEFAULT), KC_Q_LATEST);
	assert_int_equal(kc_quarterly_of("%", 0, KC_Q_DEFAULT), KC_Q_LATEST);
	assert_int_equal(
	    kc_quarterly_of("Persen", 0, KC_Q_DEFAULT), KC_Q_LATEST);
	assert_int_equal(kc_quarterly_of("Orang", 0, KC_Q_DEFAULT), KC_Q_SUM);
	assert_int_equal(
	    kc_quarterly_of("Dokumen", 0, KC_Q_DEFAULT), KC_Q_SUM);
	/* What the indicator sets wins. */
	assert_int_equal(
	    kc_quarterly_of("Nilai", 1, KC_Q_LATEST), KC_Q_LATEST);
	assert_int_equal(
	    kc_quarterly_of("Orang", 0, KC_Q_YEARLY), KC_Q_YEARLY);
	assert_int_equal(kc_quarterly_parse("Kumulatif"), KC_Q_SUM);
	assert_int_equal(kc_quarterly_parse("terakhir"), KC_Q_LATEST);
	assert_int_equal(kc_quarterly_parse("tahunan"), KC_Q_YEARLY);
	assert_int_equal(kc_quarterly_parse(""), KC_Q_DEFAULT);
	assert_int_equal((int) kc_quarterly_parse("bulanan"), -1);
}

static void
test_period_refused(void **state)
{
	(void) state;
	assert_null(kc_period_refused(0, 0, KC_Q_YEARLY));
	assert_null(kc_period_refused(3, 1, KC_Q_SUM));
	assert_non_null(kc_period_refused(5, 1, KC_Q_SUM));
	assert_non_null(kc_period_refused(-1, 1, KC_Q_SUM));
	assert_non_null(kc_period_refused(2, 0, KC_Q_SUM));
	assert_non_null(kc_period_refused(2, 1, KC_Q_YEARLY));
}

/* A count entered as running totals: 30, 55, 80 against the rencana aksi
 * 25, 50, 75 and the yearly PK 100. */
static void
test_cumulative_count(void **state)
{
	struct kc_quarters q;
	struct kc_quarter  out;

	(void) state;
	memset(&q, 0, sizeof(q));
	q.target[0]    = num(100);
	q.target[1]    = num(25);
	q.target[2]    = num(50);
	q.target[3]    = num(75);
	q.realisasi[1] = num(30);
	q.realisasi[2] = num(55);
	q.realisasi[3] = num(80);
	kc_quarter(KC_MAXIMIZE, KC_RULE_LOWER, KC_Q_SUM, &q, 3, &out);
	assert_int_equal(out.realisasi_from, 3);
	assert_int_equal(out.triwulan.realisasi_e4, 80 * KC_E4);
	assert_int_equal(out.triwulan.e2, 10667); /* 80 / 75 */
	assert_int_equal(out.year.e2, 8000); /* 80 / 100 */
	assert_int_equal(out.has_in_quarter, 1);
	assert_int_equal(out.in_quarter_e4, 25 * KC_E4);
	kc_quarter(KC_MAXIMIZE, KC_RULE_LOWER, KC_Q_SUM, &q, 1, &out);
	assert_int_equal(out.in_quarter_e4, 30 * KC_E4);
	assert_int_equal(out.triwulan.e2, 12000);
	/* Triwulan IV has no realisasi: no capaian, nothing carried. */
	kc_quarter(KC_MAXIMIZE, KC_RULE_LOWER, KC_Q_SUM, &q, 4, &out);
	assert_int_equal(out.triwulan.na, KC_NA_NO_TARGET);
	assert_int_equal(out.year.na, KC_NA_NO_REALISASI);
	assert_int_equal(out.realisasi_from, 0);
	assert_int_equal(out.has_in_quarter, 0);
	/* No triwulan 0 or 5. */
	kc_quarter(KC_MAXIMIZE, KC_RULE_LOWER, KC_Q_SUM, &q, 0, &out);
	assert_int_equal(out.triwulan.na, KC_NA_NO_DATA);
	kc_quarter(KC_MAXIMIZE, KC_RULE_LOWER, KC_Q_SUM, &q, 5, &out);
	assert_int_equal(out.year.na, KC_NA_NO_DATA);
}

/* An index: the latest value stands, and carries to a triwulan that has
 * none of its own; no quarter's own figure. */
static void
test_latest_value(void **state)
{
	struct kc_quarters q;
	struct kc_quarter  out;

	(void) state;
	memset(&q, 0, sizeof(q));
	q.target[0]    = num(90);
	q.target[3]    = num(89);
	q.realisasi[1] = num(87.1);
	q.realisasi[2] = num(88.6);
	kc_quarter(KC_MAXIMIZE, KC_RULE_LOWER, KC_Q_LATEST, &q, 3, &out);
	assert_int_equal(out.realisasi_from, 2);
	assert_int_equal(out.triwulan.realisasi_e4, 886000);
	assert_int_equal(out.triwulan.e2, 9955); /* 88,6 / 89 = 99,5505... */
	assert_int_equal(out.year.e2, 9844); /* 88,6 / 90 = 98,444... */
	assert_int_equal(out.has_in_quarter, 0);
	/* The same values as a count: triwulan III has no realisasi. */
	kc_quarter(KC_MAXIMIZE, KC_RULE_LOWER, KC_Q_SUM, &q, 3, &out);
	assert_int_equal(out.triwulan.na, KC_NA_NO_REALISASI);
	assert_string_equal(kc_na_reason_triwulan(out.triwulan.na),
	    "tidak ada realisasi triwulan ini");
}

/* Minimize and a predikat target go through the one capaian step. */
static void
test_quarter_uses_the_capaian_step(void **state)
{
	struct kc_quarters q;
	struct kc_quarter  out;
	struct kc_row      direct;

	(void) state;
	memset(&q, 0, sizeof(q));
	q.target[0]    = num(10);
	q.target[2]    = num(5);
	q.realisasi[2] = num(6);
	kc_quarter(KC_MINIMIZE, KC_RULE_LOWER, KC_Q_SUM, &q, 2, &out);
	kc_capaian_row(KC_MINIMIZE, KC_RULE_LOWER, &q.target[2],
	    &q.realisasi[2], &direct);
	assert_int_equal(out.triwulan.e2, direct.e2);
	assert_int_equal(out.triwulan.e2, 8000); /* (10 - 6) / 5 */
	assert_int_equal(out.year.e2, 14000); /* (20 - 6) / 10 */
	q.target[2]    = (struct kc_value) { 1, 0, 0, KC_AKIP_B };
	q.realisasi[2] = num(66);
	kc_quarter(KC_MAXIMIZE, KC_RULE_LOWER, KC_Q_LATEST, &q, 2, &out);
	assert_int_equal(out.triwulan.target_converted, 1);
	assert_int_equal(out.triwulan.e2, 11000); /* 66 / 60 */
}

static void
test_running_total_falls(void **state)
{
	struct kc_value a = num(50), b = num(30), none = { 0 };

	(void) state;
	assert_true(kc_running_total_falls(KC_Q_SUM, &a, &b));
	assert_false(kc_running_total_falls(KC_Q_SUM, &b, &a));
	assert_false(kc_running_total_falls(KC_Q_SUM, &a, &a));
	assert_false(kc_running_total_falls(KC_Q_LATEST, &a, &b));
	assert_false(kc_running_total_falls(KC_Q_SUM, &none, &b));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_period_forms),
		cmocka_unit_test(test_period_refused_forms),
		cmocka_unit_test(test_period_names),
		cmocka_unit_test(test_quarterly_default_by_kind),
		cmocka_unit_test(test_period_refused),
		cmocka_unit_test(test_cumulative_count),
		cmocka_unit_test(test_latest_value),
		cmocka_unit_test(test_quarter_uses_the_capaian_step),
		cmocka_unit_test(test_running_total_falls),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
