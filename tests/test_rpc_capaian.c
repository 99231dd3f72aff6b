/*
 * test_rpc_capaian.c - GetCapaian (handlers/h_capaian.c): the worked example,
 * polarity, zero and predikat-only targets, argument errors.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <math.h>

#include "rpc_helpers.h"

static void
test_capaian_worked_example(void **state)
{
	struct fixture           *f   = *state;
	Kinerja__IndicatorValue   v[] = { value("IKM", 2025, TARGET, 90),
		  value("IKM", 2025, REALISASI, 90.07),
		  value("AKIP", 2025, TARGET, 71.38),
		  value("AKIP", 2025, REALISASI, 71.38) };
	Kinerja__GetCapaianReply *r;

	world(f);
	assert_int_equal(submit(f, v, 4, 0, NULL), 0);
	r = capaian(f, 2025, 0);
	assert_int_equal(r->n_indicators, 3);
	assert_string_equal(r->indicators[0]->indicator, "IKM");
	assert_e2(r->indicators[0]->capaian, 10008);
	assert_string_equal(r->indicators[0]->predikat, "Sangat Tinggi");
	assert_string_equal(r->indicators[1]->indicator, "ADUAN");
	assert_int_equal(r->indicators[1]->opt_capaian_case, 0);
	assert_string_equal(
	    r->indicators[1]->na_reason, "tidak ada target tahun ini");
	assert_e2(r->indicators[2]->capaian, 10000);
	assert_string_equal(r->indicators[2]->realisasi_predikat, "BB");
	assert_int_equal(r->n_sasaran, 2);
	assert_e2(r->sasaran[0]->capaian, 10008);
	assert_int_equal(r->sasaran[0]->indicators, 1);
	assert_e2(r->capaian, 10004);
	kinerja__get_capaian_reply__free_unpacked(r, NULL);
}

static void
test_minimize_polarity_and_zero_target(void **state)
{
	struct fixture           *f   = *state;
	Kinerja__IndicatorValue   v[] = { value("ADUAN", 2024, TARGET, 12),
		  value("ADUAN", 2024, REALISASI, 9),
		  value("AKIP", 2024, TARGET, 0),
		  value("AKIP", 2024, REALISASI, 80) };
	Kinerja__GetCapaianReply *r;

	world(f);
	assert_int_equal(submit(f, v, 4, 0, NULL), 0);
	r = capaian(f, 2024, 0);
	/* (2 * 12 - 9) / 12 * 100 = 125 */
	assert_e2(r->indicators[1]->capaian, 12500);
	/* (An IKM target of 0 is outside 25..100: AKIP takes 0.) */
	assert_int_equal(r->indicators[2]->opt_capaian_case, 0);
	assert_string_equal(r->indicators[2]->na_reason,
	    "target 0 pada indikator yang dimaksimalkan");
	/* The sasaran mean takes only the available capaian. */
	assert_e2(r->sasaran[0]->capaian, 12500);
	kinerja__get_capaian_reply__free_unpacked(r, NULL);
}

static void
test_predikat_only_target_is_converted(void **state)
{
	struct fixture           *f   = *state;
	Kinerja__IndicatorValue   v[] = { value("AKIP", 2021, TARGET, 0),
		  value("AKIP", 2021, REALISASI, 65.49) };
	Kinerja__GetCapaianReply *r;

	world(f);
	v[0].opt_value_case = KINERJA__INDICATOR_VALUE__OPT_VALUE__NOT_SET;
	v[0].predikat       = "B";
	assert_int_equal(submit(f, v, 2, 0, NULL), 0);
	r = capaian(f, 2021, KINERJA__PREDIKAT_RULE__PREDIKAT_RULE_LOWER);
	assert_true(r->indicators[2]->target_converted);
	assert_e2(r->indicators[2]->target, 6000);
	assert_e2(r->indicators[2]->capaian, 10915);
	assert_string_equal(r->indicators[2]->target_predikat, "B");
	kinerja__get_capaian_reply__free_unpacked(r, NULL);
	r = capaian(f, 2021, KINERJA__PREDIKAT_RULE__PREDIKAT_RULE_UPPER);
	assert_e2(r->indicators[2]->capaian, 9356);
	kinerja__get_capaian_reply__free_unpacked(r, NULL);
}

static void
test_get_capaian_argument_errors(void **state)
{
	struct fixture            *f   = *state;
	Kinerja__GetCapaianRequest req = KINERJA__GET_CAPAIAN_REQUEST__INIT;
	Kinerja__GetCapaianReply  *r;

	world(f);
	req.year = 2025;
	assert_int_equal(
	    fx_get_capaian(f, &req, &r), KINERJA__CODE__INVALID_ARGUMENT);
	assert_non_null(strstr(f->st.message, "unit"));
	req.unit = "nowhere";
	assert_int_equal(
	    fx_get_capaian(f, &req, &r), KINERJA__CODE__NOT_FOUND);
	req.unit = "tiram";
	req.year = 20250;
	assert_int_equal(
	    fx_get_capaian(f, &req, &r), KINERJA__CODE__INVALID_ARGUMENT);
	assert_non_null(strstr(f->st.message, "year"));
	req.year          = 2025;
	req.predikat_rule = 7;
	assert_int_equal(
	    fx_get_capaian(f, &req, &r), KINERJA__CODE__INVALID_ARGUMENT);
	assert_non_null(strstr(f->st.message, "predikat_rule"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
		    test_capaian_worked_example, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(
		    test_minimize_polarity_and_zero_target, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(
		    test_predikat_only_target_is_converted, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(
		    test_get_capaian_argument_errors, fx_setup, fx_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
