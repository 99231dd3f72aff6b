/*
 * test_reason.c - the texts officials read (core/reason.c): every reason
 * has one Indonesian text of its own, and the findings write their
 * numbers the Indonesian way.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "kcore.h"

/* Words that would mean an English text slipped through. */
static const char *const english[] = { "no ", "the ", " for ", " is ",
	"missing", "stated", "parts", "give", "year", "only" };

static void
test_every_reason_has_its_own_indonesian_text(void **state)
{
	int    r, s;
	size_t w;

	(void) state;
	assert_string_equal(kc_reason(KC_REASON_NONE), "");
	for (r = KC_REASON_NONE + 1; r <= KC_REASON_QUARTERS; r++) {
		const char *t = kc_reason((enum kc_reason) r);

		assert_true(strlen(t) > 5);
		for (w = 0; w < sizeof(english) / sizeof(*english); w++)
			if (strstr(t, english[w]) != NULL)
				fail_msg("reason %d \"%s\" has \"%s\"", r, t,
				    english[w]);
		for (s = KC_REASON_NONE + 1; s < r; s++)
			assert_string_not_equal(
			    t, kc_reason((enum kc_reason) s));
	}
	/* Past the end, or before the start: no text, no crash. */
	assert_string_equal(
	    kc_reason((enum kc_reason)(KC_REASON_QUARTERS + 1)), "");
	assert_string_equal(kc_reason((enum kc_reason) - 1), "");
}

static void
test_na_reasons(void **state)
{
	(void) state;
	assert_string_equal(
	    kc_na_reason(KC_NA_NO_TARGET), "tidak ada target tahun ini");
	assert_string_equal(kc_na_reason(KC_NA_ZERO_TARGET),
	    "target 0 pada indikator yang dimaksimalkan");
	assert_string_equal(
	    kc_na_reason(KC_NA_NO_REALISASI), "tidak ada realisasi tahun ini");
	assert_string_equal(kc_na_reason(KC_AVAILABLE), "");
	assert_string_equal(kc_na_reason_triwulan(KC_NA_NO_TARGET),
	    "tidak ada target triwulan ini");
	/* A reason with no triwulan form keeps the yearly one. */
	assert_string_equal(kc_na_reason_triwulan(KC_NA_NEGATIVE_TARGET),
	    kc_na_reason(KC_NA_NEGATIVE_TARGET));
}

static void
test_budget_finding(void **state)
{
	char buf[256];

	(void) state;
	kc_budget_finding_text(
	    "7.01.01", "pagu", 357300000000, 321570000000, buf, sizeof(buf));
	assert_string_equal(buf,
	    "7.01.01 pagu: tercantum Rp 3.573.000.000,00, jumlah rinciannya "
	    "Rp 3.215.700.000,00 (selisih Rp 357.300.000,00)");
	kc_budget_finding_text(
	    "P1", "realisasi", 90000, 95000, buf, sizeof(buf));
	assert_string_equal(buf, "P1 realisasi: tercantum Rp 900,00, jumlah "
	                         "rinciannya Rp 950,00 (selisih Rp -50,00)");
}

static void
test_derived_finding_numbers_the_indonesian_way(void **state)
{
	char buf[256];

	(void) state;
	kc_derived_finding_text(
	    KC_SOURCE_AKIP, 665600, 668700, buf, sizeof(buf));
	assert_string_equal(buf,
	    "komponen evaluasi AKIP menghasilkan 66,56, realisasi tercatat "
	    "66,87 (selisih -0,31)");
	kc_derived_finding_text(
	    KC_SOURCE_SURVEY, 754200, 750000, buf, sizeof(buf));
	assert_string_equal(buf, "survei (SKM) menghasilkan 75,42, realisasi "
	                         "tercatat 75 (selisih 0,42)");
	/* Below a hundredth, and thousands. */
	kc_derived_finding_text(
	    KC_SOURCE_SURVEY, 12345678, 12345728, buf, sizeof(buf));
	assert_string_equal(buf, "survei (SKM) menghasilkan 1.234,5678, "
	                         "realisasi tercatat 1.234,5728 (selisih "
	                         "-0,005)");
}

static void
test_validate_findings(void **state)
{
	const char *sum[]  = { "amount", "5.463.337.162,00", "5",
		 "5.461.337.162,00" };
	const char *cut[]  = { "capaian", "98,58", "98,59" };
	const char *none[] = { NULL };
	char        buf[256];

	(void) state;
	kc_check_text(KC_CHECK_SUM, sum, 4, buf, sizeof(buf));
	assert_string_equal(buf, "jumlah 5.463.337.162,00, tetapi 5 "
	                         "rinciannya berjumlah 5.461.337.162,00");
	kc_check_text(KC_CHECK_PERCENT_CUT, cut, 3, buf, sizeof(buf));
	assert_string_equal(buf, "capaian 98,58 seharusnya 98,59: angkanya "
	                         "dipotong, bukan dibulatkan");
	/* Missing arguments are left empty; a short buffer is cut. */
	kc_check_text(KC_CHECK_IKM, none, 1, buf, sizeof(buf));
	assert_string_equal(buf, "IKM , tetapi unsurnya menghasilkan ");
	kc_check_text(KC_CHECK_SUM, sum, 4, buf, 12);
	assert_string_equal(buf, "jumlah 5.46");
	kc_check_text((enum kc_check) 99, sum, 4, buf, sizeof(buf));
	assert_string_equal(buf, "");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(
		    test_every_reason_has_its_own_indonesian_text),
		cmocka_unit_test(test_na_reasons),
		cmocka_unit_test(test_budget_finding),
		cmocka_unit_test(test_validate_findings),
		cmocka_unit_test(
		    test_derived_finding_numbers_the_indonesian_way),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
