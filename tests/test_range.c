/*
 * Tests of the valid-range rule (issue #12): the default range an
 * indicator's kind gives, bounds set on the indicator over it, the check
 * and the text that names the range in an error.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "kcore.h"

#define E4(x) ((int64_t) (x) *KC_E4)

static void
assert_range(struct kc_range r, const char *text)
{
	char buf[64];

	kc_range_text(&r, buf, sizeof(buf));
	assert_string_equal(buf, text);
}

static void
test_range_ikm_is_25_to_100(void **state)
{
	struct kc_range r =
	    kc_range_of("IKM", "Indeks Kepuasan Masyarakat (IKM)", "Nilai", 0,
	        NULL);

	(void) state;
	assert_range(r, "25..100");
	assert_int_equal(kc_range_check(&r, E4(25)), 0);
	assert_int_equal(kc_range_check(&r, E4(100)), 0);
	assert_int_equal(kc_range_check(&r, E4(150)), 1);
	assert_int_equal(kc_range_check(&r, E4(-5)), -1);
	assert_int_equal(kc_range_check(&r, E4(25) - 1), -1);
	assert_int_equal(kc_range_check(&r, E4(100) + 1), 1);
}

static void
test_range_ikm_recognised_by_code_or_name(void **state)
{
	(void) state;
	assert_range(kc_range_of("SKM", "Indeks kepuasan", "Nilai", 0, NULL),
	    "25..100");
	assert_range(kc_range_of("IKU-3", "Indeks Kepuasan Masyarakat",
	                 "nilai", 0, NULL),
	    "25..100");
	/* A Nilai that is not an IKM has no default. */
	assert_range(
	    kc_range_of("ADUAN", "Jumlah aduan", "Nilai", 0, NULL), "any");
}

static void
test_range_akip_and_percent_are_0_to_100(void **state)
{
	(void) state;
	assert_range(kc_range_of("AKIP", "Nilai Evaluasi AKIP", "Nilai", 1,
	                 NULL),
	    "0..100");
	assert_range(kc_range_of("SER", "Serapan", "%", 0, NULL), "0..100");
	assert_range(
	    kc_range_of("SER", "Serapan", "Persen", 0, NULL), "0..100");
	assert_true(kc_satuan_is_percent("%"));
	assert_true(kc_satuan_is_percent("persen"));
	assert_false(kc_satuan_is_percent("Nilai"));
}

static void
test_range_counts_are_not_negative(void **state)
{
	struct kc_range r =
	    kc_range_of("DOK", "Dokumen perencanaan", "Dokumen", 0, NULL);

	(void) state;
	assert_range(r, ">= 0");
	assert_int_equal(kc_range_check(&r, -1), -1);
	assert_int_equal(kc_range_check(&r, E4(1000000)), 0);
	assert_range(kc_range_of("P", "Penduduk", "orang", 0, NULL), ">= 0");
	assert_range(kc_range_of("K", "Aduan", "Kasus", 0, NULL), ">= 0");
	assert_range(kc_range_of("X", "Rasio", "Rasio", 0, NULL), "any");
}

static void
test_range_set_bounds_override_defaults(void **state)
{
	struct kc_range set = { 1, 0, E4(50), 0 };
	struct kc_range r = kc_range_of("IKM", "IKM", "Nilai", 0, &set);

	(void) state;
	assert_range(r, "50..100");
	set = (struct kc_range) { 0, 1, 0, 255000 };
	assert_range(kc_range_of("DOK", "Dokumen", "Dokumen", 0, &set),
	    "0..25.5");
	set = (struct kc_range) { 1, 1, E4(-10), E4(10) };
	assert_range(kc_range_of("X", "Suhu", "Derajat", 0, &set), "-10..10");
	set = (struct kc_range) { 0, 1, 0, E4(12) };
	assert_range(kc_range_of("X", "Bulan", "Skor", 0, &set), "<= 12");
}

static void
test_range_percent_sign(void **state)
{
	(void) state;
	assert_true(kc_has_percent_sign("80,5 %"));
	assert_true(kc_has_percent_sign("80,5% "));
	assert_false(kc_has_percent_sign("80,5"));
	assert_false(kc_has_percent_sign(""));
}

/* A survey of one id repeated a million times is checked in one sort and
 * one pass (a walk back per repeat took minutes inside the write lock). */
static void
test_first_duplicate_of_a_long_run_is_linear(void **state)
{
	size_t       n = 1000000, i, earlier = 0;
	const char **ids = malloc(n * sizeof(*ids));

	(void) state;
	assert_non_null(ids);
	for (i = 0; i < n; i++)
		ids[i] = "r";
	assert_int_equal(kc_first_duplicate(ids, n, &earlier), 1);
	assert_int_equal(earlier, 0);
	ids[0] = "a";
	assert_int_equal(kc_first_duplicate(ids, n, &earlier), 2);
	assert_int_equal(earlier, 1);
	free(ids);
}

static void
test_first_duplicate_names_both(void **state)
{
	const char *ids[] = { "R1", "", "R12", "R3", "", "R3", "R12", "R1" };
	size_t      earlier;

	(void) state;
	/* R3 at 5 repeats 3; R12 at 6 and R1 at 7 come later. */
	assert_int_equal(kc_first_duplicate(ids, 8, &earlier), 5);
	assert_int_equal(earlier, 3);
	assert_int_equal(kc_first_duplicate(ids, 5, &earlier), -1);
	/* Empty ids are anonymous respondents, never duplicates. */
	assert_int_equal(kc_first_duplicate(ids + 1, 4, &earlier), -1);
	assert_int_equal(kc_first_duplicate(ids, 0, &earlier), -1);
}

static void
test_format_e4_plain(void **state)
{
	char buf[32];

	(void) state;
	kc_format_e4(1500000, buf, sizeof(buf));
	assert_string_equal(buf, "150");
	kc_format_e4(-50000, buf, sizeof(buf));
	assert_string_equal(buf, "-5");
	kc_format_e4(805000, buf, sizeof(buf));
	assert_string_equal(buf, "80.5");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_range_ikm_is_25_to_100),
		cmocka_unit_test(test_range_ikm_recognised_by_code_or_name),
		cmocka_unit_test(test_range_akip_and_percent_are_0_to_100),
		cmocka_unit_test(test_range_counts_are_not_negative),
		cmocka_unit_test(test_range_set_bounds_override_defaults),
		cmocka_unit_test(test_range_percent_sign),
		cmocka_unit_test(test_first_duplicate_names_both),
		cmocka_unit_test(test_first_duplicate_of_a_long_run_is_linear),
		cmocka_unit_test(test_format_e4_plain),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
