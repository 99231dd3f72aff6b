/*
 * Tests of how the core reads and writes numbers: decimals and money as
 * Indonesian documents write them, AKIP values with their predikat, and
 * doubles arriving from the API. Every accepted form must give one exact
 * fixed-point value, and every ambiguous or malformed one a message.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "kcore.h"

/* ------------------------------------------------------------- helpers */

static int64_t
parse(const char *s, int digits, int flags)
{
	int64_t     v   = 0;
	const char *why = NULL;

	if (kc_parse_decimal(s, digits, flags, &v, &why) != 0)
		fail_msg("\"%s\" rejected: %s", s, why ? why : "(no reason)");
	return v;
}

/* Checks that s is refused with a reason; returns the reason. */
static const char *
refused(const char *s, int digits, int flags)
{
	int64_t     v   = 0;
	const char *why = NULL;

	if (kc_parse_decimal(s, digits, flags, &v, &why) == 0)
		fail_msg("\"%s\" accepted as %lld", s, (long long) v);
	assert_non_null(why);
	assert_true(why[0] != '\0');
	return why;
}

static void
akip_ok(const char *s, int has_score, int64_t score_e4, enum kc_akip pred)
{
	int          has = -1;
	int64_t      e4  = -1;
	enum kc_akip p   = KC_AKIP_NONE;
	const char  *why = NULL;

	if (kc_parse_akip(s, &has, &e4, &p, &why) != 0)
		fail_msg("\"%s\" rejected: %s", s, why ? why : "(no reason)");
	assert_int_equal(has, has_score);
	if (has_score)
		assert_int_equal(e4, score_e4);
	assert_int_equal(p, pred);
}

static const char *
akip_refused(const char *s)
{
	int          has = 0;
	int64_t      e4  = 0;
	enum kc_akip p   = KC_AKIP_NONE;
	const char  *why = NULL;

	if (kc_parse_akip(s, &has, &e4, &p, &why) == 0)
		fail_msg("\"%s\" accepted", s);
	assert_non_null(why);
	assert_true(why[0] != '\0');
	return why;
}

/* ------------------------------------------------- kc_parse_decimal ok */

static void
test_decimal_dots_group_thousands(void **state)
{
	(void) state;
	assert_int_equal(parse("1.738.126.580", 0, 0), 1738126580);
	assert_int_equal(parse("17.182.832", 0, 0), 17182832);
}

static void
test_decimal_comma_is_decimal_separator(void **state)
{
	(void) state;
	assert_int_equal(parse("71,38", 4, 0), 713800);
	assert_int_equal(parse("90,07", 4, 0), 900700);
}

static void
test_decimal_missing_places_are_zero(void **state)
{
	(void) state;
	assert_int_equal(parse("90", 4, 0), 900000);
	assert_int_equal(parse("90,1", 4, 0), 901000);
	assert_int_equal(parse("0", 4, 0), 0);
}

static void
test_decimal_percent_sign_ignored(void **state)
{
	(void) state;
	assert_int_equal(parse("100,08 %", 4, 0), 1000800);
	assert_int_equal(parse("100,08%", 4, 0), 1000800);
}

static void
test_decimal_thousands_with_decimal_comma(void **state)
{
	(void) state;
	assert_int_equal(parse("5.345.196.344,24", 2, 0), 534519634424);
	assert_int_equal(parse("1.738,00", 2, 0), 173800);
}

static void
test_decimal_money_rupiah_prefix(void **state)
{
	(void) state;
	assert_int_equal(
	    parse("Rp. 2.216.552.780,00", 2, KC_NUM_MONEY), 221655278000);
	assert_int_equal(
	    parse("Rp. 5.345.196.344,24", 2, KC_NUM_MONEY), 534519634424);
	assert_int_equal(parse("Rp 17.182.832", 2, KC_NUM_MONEY), 1718283200);
	assert_int_equal(
	    parse("Rp.4.163.873.053", 2, KC_NUM_MONEY), 416387305300);
	assert_int_equal(parse("17.178.500", 2, KC_NUM_MONEY), 1717850000);
}

static void
test_decimal_rupiah_needs_money_flag(void **state)
{
	(void) state;
	refused("Rp. 2.216.552.780,00", 2, 0);
}

static void
test_decimal_plain_decimal_point(void **state)
{
	(void) state;
	assert_int_equal(parse("71.38", 4, 0), 713800);
	assert_int_equal(parse("100.0777", 4, 0), 1000777);
}

static void
test_decimal_zero_point_three_digits(void **state)
{
	(void) state;
	/* "0.738" cannot be a thousands group, so it is a fraction. */
	assert_int_equal(parse("0.738", 4, 0), 7380);
	assert_int_equal(parse("-0.738", 4, 0), -7380);
}

static void
test_decimal_signs(void **state)
{
	(void) state;
	assert_int_equal(parse("-3,5", 4, 0), -35000);
	assert_int_equal(parse("+3,5", 4, 0), 35000);
	assert_int_equal(parse("-1.738.126.580", 0, 0), -1738126580);
}

static void
test_decimal_surrounding_space(void **state)
{
	(void) state;
	assert_int_equal(parse("  71,38\t", 4, 0), 713800);
	assert_int_equal(parse(" 100,08 % ", 4, 0), 1000800);
}

static void
test_decimal_trailing_zeros_beyond_digits(void **state)
{
	(void) state;
	assert_int_equal(parse("1,23450", 4, 0), 12345);
	assert_int_equal(
	    parse("Rp. 2.216.552.780,0000", 2, KC_NUM_MONEY), 221655278000);
}

static void
test_decimal_largest_value(void **state)
{
	(void) state;
	assert_int_equal(parse("922337203685477,5807", 4, 0), INT64_MAX);
	assert_int_equal(parse("9223372036854775807", 0, 0), INT64_MAX);
}

/* ------------------------------------------- kc_parse_decimal refused */

static void
test_decimal_refuses_empty(void **state)
{
	(void) state;
	refused("", 4, 0);
	refused("   ", 4, 0);
}

static void
test_decimal_refuses_letters(void **state)
{
	(void) state;
	refused("abc", 4, 0);
	refused("12a", 4, 0);
	refused("1 000", 4, 0);
}

static void
test_decimal_refuses_lone_sign_or_symbol(void **state)
{
	(void) state;
	refused("-", 4, 0);
	refused("%", 4, 0);
	refused("Rp.", 2, KC_NUM_MONEY);
	refused("--5", 4, 0);
}

static void
test_decimal_refuses_ambiguous_thousands(void **state)
{
	(void) state;
	assert_non_null(strstr(refused("1.738", 4, 0), "angka ambigu"));
	assert_non_null(strstr(refused("100.000", 4, 0), "angka ambigu"));
	assert_non_null(strstr(refused("-1.738", 4, 0), "angka ambigu"));
}

static void
test_decimal_dot_is_thousands_where_three_decimals_cannot_be(void **state)
{
	int64_t     v;
	const char *why;

	(void) state;
	/* Rupiah keep two decimals and counts none: "328.000" is 328 000. */
	assert_int_equal(
	    kc_parse_decimal("328.000", 2, KC_NUM_MONEY, &v, &why), 0);
	assert_int_equal(v, 32800000);
	assert_int_equal(kc_parse_decimal("100.000", 0, 0, &v, &why), 0);
	assert_int_equal(v, 100000);
	assert_int_equal(kc_parse_decimal("1234.567", 2, 0, &v, &why), -1);
}

static void
test_decimal_refuses_two_decimal_separators(void **state)
{
	(void) state;
	refused("1,2,3", 4, 0);
	refused("1,000.50", 4, 0);
}

static void
test_decimal_refuses_bad_grouping(void **state)
{
	(void) state;
	refused("1.23.456", 0, 0);
	refused("1234.567.890", 0, 0);
	refused("1.7389,5", 4, 0);
	refused("12.34,5", 4, 0);
	refused("1..738", 0, 0);
}

static void
test_decimal_refuses_missing_fraction(void **state)
{
	(void) state;
	refused("71,", 4, 0);
	refused("71.", 4, 0);
}

static void
test_decimal_refuses_missing_integer_part(void **state)
{
	(void) state;
	refused(",5", 4, 0);
	refused(".5", 4, 0);
}

static void
test_decimal_refuses_too_many_places(void **state)
{
	(void) state;
	assert_non_null(strstr(refused("1,23456", 4, 0), "desimal"));
	assert_non_null(
	    strstr(refused("Rp 1,005", 2, KC_NUM_MONEY), "desimal"));
	/* With no places kept, the message must not claim four. */
	assert_non_null(strstr(refused("1,5", 0, 0), "bilangan bulat"));
}

static void
test_decimal_refuses_overflow(void **state)
{
	(void) state;
	assert_non_null(
	    strstr(refused("99999999999999999999", 0, 0), "terlalu besar"));
	assert_non_null(
	    strstr(refused("922337203685477,5808", 4, 0), "terlalu besar"));
	assert_non_null(
	    strstr(refused("9223372036854775808", 0, 0), "terlalu besar"));
}

/* -------------------------------------------------- kc_format_decimal */

static void
format(int64_t v, int digits, const char *want)
{
	char buf[32];

	memset(buf, 'x', sizeof(buf));
	kc_format_decimal(v, digits, buf, sizeof(buf));
	assert_string_equal(buf, want);
}

static void
test_format_keeps_all_places(void **state)
{
	(void) state;
	format(713800, 4, "71.3800");
	format(534519634424, 2, "5345196344.24");
	format(1738126580, 0, "1738126580");
	format(0, 2, "0.00");
}

static void
test_format_negative(void **state)
{
	(void) state;
	format(-35000, 4, "-3.5000");
	format(-5, 2, "-0.05");
	format(-1738, 0, "-1738");
}

static void
test_format_int64_extremes(void **state)
{
	(void) state;
	format(INT64_MAX, 4, "922337203685477.5807");
	format(INT64_MIN, 4, "-922337203685477.5808");
}

static void
test_format_truncates_to_buffer(void **state)
{
	char buf[4];

	(void) state;
	kc_format_decimal(713800, 4, buf, sizeof(buf));
	assert_string_equal(buf, "71.");
}

static void
test_format_round_trips_through_parse(void **state)
{
	static const int64_t values[] = {
		0,
		1,
		-1,
		5,
		-5,
		713800,
		900700,
		-35000,
		1000,
		999999,
		534519634424,
		1738126580,
		INT64_MAX,
		INT64_MIN + 1,
	};
	static const int digits[] = { 0, 2, 4 };
	char             buf[32];
	size_t           i, j;

	(void) state;
	for (i = 0; i < sizeof(values) / sizeof(values[0]); i++) {
		for (j = 0; j < sizeof(digits) / sizeof(digits[0]); j++) {
			kc_format_decimal(
			    values[i], digits[j], buf, sizeof(buf));
			assert_int_equal(parse(buf, digits[j], 0), values[i]);
		}
	}
}

/* --------------------------------------------------- kc_double_to_e4 */

static int64_t
to_e4(double d)
{
	int64_t v = -1;

	assert_int_equal(kc_double_to_e4(d, &v), 0);
	return v;
}

static void
test_double_to_e4_nearest(void **state)
{
	(void) state;
	assert_int_equal(to_e4(71.38), 713800);
	assert_int_equal(to_e4(90.07), 900700);
	assert_int_equal(to_e4(88.12), 881200);
	assert_int_equal(to_e4(-3.5), -35000);
	assert_int_equal(to_e4(0.00004), 0);
	assert_int_equal(to_e4(0.00006), 1);
}

static void
test_double_to_e4_limit_is_1e14(void **state)
{
	int64_t v = 0;

	(void) state;
	assert_int_equal(to_e4(1e14), 1000000000000000000);
	assert_int_equal(to_e4(-1e14), -1000000000000000000);
	assert_int_equal(kc_double_to_e4(1.000001e14, &v), -1);
	assert_int_equal(kc_double_to_e4(-1.000001e14, &v), -1);
}

static void
test_double_to_e4_refuses_nan_and_inf(void **state)
{
	int64_t v = 0;

	(void) state;
	assert_int_equal(kc_double_to_e4(NAN, &v), -1);
	assert_int_equal(kc_double_to_e4(INFINITY, &v), -1);
	assert_int_equal(kc_double_to_e4(-INFINITY, &v), -1);
}

/* ------------------------------------------------------ kc_parse_akip */

static void
test_akip_predikat_then_score(void **state)
{
	(void) state;
	akip_ok("BB (71,38)", 1, 713800, KC_AKIP_BB);
	akip_ok("B (69,50)", 1, 695000, KC_AKIP_B);
}

static void
test_akip_score_then_predikat(void **state)
{
	(void) state;
	akip_ok("71,38 (BB)", 1, 713800, KC_AKIP_BB);
	akip_ok("71,38(BB)", 1, 713800, KC_AKIP_BB);
}

static void
test_akip_without_space(void **state)
{
	(void) state;
	akip_ok("BB(71,38)", 1, 713800, KC_AKIP_BB);
}

static void
test_akip_spaces_inside(void **state)
{
	(void) state;
	akip_ok("  BB  (  71,38  )  ", 1, 713800, KC_AKIP_BB);
}

static void
test_akip_predikat_alone(void **state)
{
	(void) state;
	akip_ok("BB", 0, 0, KC_AKIP_BB);
	akip_ok("CC", 0, 0, KC_AKIP_CC);
	akip_ok(" D ", 0, 0, KC_AKIP_D);
}

static void
test_akip_score_alone_derives_predikat(void **state)
{
	(void) state;
	akip_ok("71,38", 1, 713800, KC_AKIP_BB);
	akip_ok("70,20", 1, 702000, KC_AKIP_BB);
	akip_ok("69,50", 1, 695000, KC_AKIP_B);
}

static void
test_akip_lower_case_predikat(void **state)
{
	(void) state;
	akip_ok("bb (71,38)", 1, 713800, KC_AKIP_BB);
	akip_ok("71,38 (bb)", 1, 713800, KC_AKIP_BB);
	akip_ok("aa", 0, 0, KC_AKIP_AA);
}

static void
test_akip_plain_decimal_point(void **state)
{
	(void) state;
	akip_ok("BB (71.38)", 1, 713800, KC_AKIP_BB);
}

static void
test_akip_band_edge_70(void **state)
{
	(void) state;
	akip_ok("70,00", 1, 700000, KC_AKIP_B);
	akip_ok("B (70,00)", 1, 700000, KC_AKIP_B);
	akip_ok("BB (70,01)", 1, 700100, KC_AKIP_BB);
}

static void
test_akip_score_range_ends(void **state)
{
	(void) state;
	akip_ok("0", 1, 0, KC_AKIP_D);
	akip_ok("100", 1, 1000000, KC_AKIP_AA);
	akip_ok("AA (100,00)", 1, 1000000, KC_AKIP_AA);
}

static void
test_akip_refuses_contradiction(void **state)
{
	(void) state;
	/* 70,00 is B: bands are half-open, s > 70 is BB. */
	assert_non_null(strstr(akip_refused("BB (70,00)"), "contradicts"));
	akip_refused("70,00 (BB)");
	akip_refused("A (71,38)");
}

static void
test_akip_refuses_unknown_predikat(void **state)
{
	(void) state;
	akip_refused("XX");
	akip_refused("BBB");
	akip_refused("XX (71,38)");
	akip_refused("71,38 (XX)");
}

static void
test_akip_refuses_bad_score(void **state)
{
	(void) state;
	akip_refused("BB (abc)");
	akip_refused("BB (1.738)");
}

static void
test_akip_refuses_parenthesis_without_partner(void **state)
{
	(void) state;
	akip_refused("(71,38)");
	akip_refused("(BB)");
	akip_refused("BB ()");
	akip_refused("BB ( )");
}

static void
test_akip_refuses_empty(void **state)
{
	(void) state;
	akip_refused("");
	akip_refused("   ");
}

static void
test_akip_refuses_score_outside_0_100(void **state)
{
	(void) state;
	akip_refused("101");
	akip_refused("100,01");
	akip_refused("-1");
	akip_refused("AA (101)");
}

static void
test_akip_refuses_trailing_text(void **state)
{
	(void) state;
	akip_refused("BB (71,38) extra");
	akip_refused("71,38 (BB) extra");
	akip_refused("BB 71,38");
	akip_refused("BB (71,38");
	akip_refused("71,38 (BB");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decimal_dots_group_thousands),
		cmocka_unit_test(test_decimal_comma_is_decimal_separator),
		cmocka_unit_test(test_decimal_missing_places_are_zero),
		cmocka_unit_test(test_decimal_percent_sign_ignored),
		cmocka_unit_test(test_decimal_thousands_with_decimal_comma),
		cmocka_unit_test(test_decimal_money_rupiah_prefix),
		cmocka_unit_test(test_decimal_rupiah_needs_money_flag),
		cmocka_unit_test(test_decimal_plain_decimal_point),
		cmocka_unit_test(test_decimal_zero_point_three_digits),
		cmocka_unit_test(test_decimal_signs),
		cmocka_unit_test(test_decimal_surrounding_space),
		cmocka_unit_test(test_decimal_trailing_zeros_beyond_digits),
		cmocka_unit_test(test_decimal_largest_value),
		cmocka_unit_test(test_decimal_refuses_empty),
		cmocka_unit_test(test_decimal_refuses_letters),
		cmocka_unit_test(test_decimal_refuses_lone_sign_or_symbol),
		cmocka_unit_test(test_decimal_refuses_ambiguous_thousands),
		cmocka_unit_test(
		    test_decimal_dot_is_thousands_where_three_decimals_cannot_be),
		cmocka_unit_test(test_decimal_refuses_two_decimal_separators),
		cmocka_unit_test(test_decimal_refuses_bad_grouping),
		cmocka_unit_test(test_decimal_refuses_missing_fraction),
		cmocka_unit_test(test_decimal_refuses_missing_integer_part),
		cmocka_unit_test(test_decimal_refuses_too_many_places),
		cmocka_unit_test(test_decimal_refuses_overflow),
		cmocka_unit_test(test_format_keeps_all_places),
		cmocka_unit_test(test_format_negative),
		cmocka_unit_test(test_format_int64_extremes),
		cmocka_unit_test(test_format_truncates_to_buffer),
		cmocka_unit_test(test_format_round_trips_through_parse),
		cmocka_unit_test(test_double_to_e4_nearest),
		cmocka_unit_test(test_double_to_e4_limit_is_1e14),
		cmocka_unit_test(test_double_to_e4_refuses_nan_and_inf),
		cmocka_unit_test(test_akip_predikat_then_score),
		cmocka_unit_test(test_akip_score_then_predikat),
		cmocka_unit_test(test_akip_without_space),
		cmocka_unit_test(test_akip_spaces_inside),
		cmocka_unit_test(test_akip_predikat_alone),
		cmocka_unit_test(test_akip_score_alone_derives_predikat),
		cmocka_unit_test(test_akip_lower_case_predikat),
		cmocka_unit_test(test_akip_plain_decimal_point),
		cmocka_unit_test(test_akip_band_edge_70),
		cmocka_unit_test(test_akip_score_range_ends),
		cmocka_unit_test(test_akip_refuses_contradiction),
		cmocka_unit_test(test_akip_refuses_unknown_predikat),
		cmocka_unit_test(test_akip_refuses_bad_score),
		cmocka_unit_test(
		    test_akip_refuses_parenthesis_without_partner),

		cmocka_unit_test(test_akip_refuses_empty),
		cmocka_unit_test(test_akip_refuses_score_outside_0_100),
		cmocka_unit_test(test_akip_refuses_trailing_text),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
