/*
 * test_rpc_validate.c - Validate (handlers/h_validate.c): the slips in a
 * report's tables, found against the stored data.
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

static Kinerja__TableRow
trow(const char *label, double a, double b, double reported)
{
	Kinerja__TableRow r = KINERJA__TABLE_ROW__INIT;

	r.label = (char *) label;
	r.ref   = (char *) label;
	if (a >= 0) {
		r.opt_a_case = KINERJA__TABLE_ROW__OPT_A_A;
		r.a          = a;
	}
	if (b >= 0) {
		r.opt_b_case = KINERJA__TABLE_ROW__OPT_B_B;
		r.b          = b;
	}
	if (reported >= 0) {
		r.opt_reported_case =
		    KINERJA__TABLE_ROW__OPT_REPORTED_REPORTED;
		r.reported = reported;
	}
	return r;
}

static Kinerja__ValidateReply *
validate(struct fixture *f, Kinerja__TableKind kind, Kinerja__TableRow *rows,
    size_t n)
{
	Kinerja__ValidateRequest req = KINERJA__VALIDATE_REQUEST__INIT;
	Kinerja__TableRow       *p[16];
	Kinerja__ValidateReply  *r;
	size_t                   i;

	for (i = 0; i < n; i++)
		p[i] = &rows[i];
	req.kind   = kind;
	req.rows   = p;
	req.n_rows = n;
	assert_int_equal(fx_validate(f, &req, &r), 0);
	return r;
}

static void
test_validate_capaian_slips(void **state)
{
	struct fixture         *f   = *state;
	Kinerja__TableRow       r[] = { trow("TT IKM", 90, 90.07, 100.08),
		      trow("LPP IKM", 88.37, 88.12, 99.71),
		      trow("TT AKIP", 71, 69.5, 97.98),
		      trow("LPP AKIP", 72.6, 70.2, 96.69) };
	Kinerja__ValidateReply *v;

	r[3].b_predikat     = "B"; /* 70,20 is BB */
	r[0].reported_label = "Sangat Tinggi";
	r[1].reported_label = "Tinggi"; /* 99,72 is Sangat Tinggi */
	v = validate(f, KINERJA__TABLE_KIND__TABLE_CAPAIAN, r, 4);
	assert_int_equal(v->n_findings, 4);
	assert_string_equal(v->findings[0]->label, "LPP IKM");
	assert_int_equal(
	    v->findings[0]->kind, KINERJA__FINDING_KIND__FINDING_PREDIKAT);
	assert_int_equal(
	    v->findings[1]->kind, KINERJA__FINDING_KIND__FINDING_TRUNCATION);
	assert_string_equal(v->findings[1]->correct, "99,72");
	assert_int_equal(
	    v->findings[2]->kind, KINERJA__FINDING_KIND__FINDING_ARITHMETIC);
	assert_string_equal(v->findings[2]->correct, "97,89");
	assert_int_equal(
	    v->findings[3]->kind, KINERJA__FINDING_KIND__FINDING_PREDIKAT);
	assert_string_equal(v->findings[3]->correct, "BB");
	kinerja__validate_reply__free_unpacked(v, NULL);
}

static void
test_validate_capaian_against_another_target(void **state)
{
	struct fixture         *f    = *state;
	Kinerja__IndicatorValue iv[] = { value("IKM", 2025, TARGET, 89.20),
		value("IKM", 2026, END_TARGET, 90.20) };
	Kinerja__TableRow       r[]  = { trow("MD IKM", 89.20, 87.94, 97.49) };
	Kinerja__ValidateReply *v;

	world(f);
	assert_int_equal(submit(f, iv, 2, 0, NULL), 0);
	r[0].unit      = "tiram";
	r[0].indicator = "IKM";
	r[0].year      = 2025;
	v              = validate(f, KINERJA__TABLE_KIND__TABLE_CAPAIAN, r, 1);
	assert_int_equal(v->n_findings, 1);
	assert_int_equal(
	    v->findings[0]->kind, KINERJA__FINDING_KIND__FINDING_OTHER_TARGET);
	assert_string_equal(v->findings[0]->message,
	    "capaian 97,49 adalah realisasi terhadap target akhir Renstra "
	    "90,20; terhadap target baris ini capaiannya 98,59");
	assert_string_equal(v->findings[0]->correct, "98,59");
	kinerja__validate_reply__free_unpacked(v, NULL);
}

static void
test_validate_serapan_sum_akip_ikm(void **state)
{
	struct fixture   *f     = *state;
	Kinerja__TableRow s[]   = { trow("7.01.02", 17182832, 17178500, 99.79),
		  trow("Total", 5463337162, 5345196344.24, 97.83),
		  trow("ok", 1000, 900, 90) };
	Kinerja__TableRow sum[] = { trow("JUMLAH", 5463337162, -1, -1),
		trow("P1", 4676892162, -1, -1),
		trow("P2", 784445000, -1, -1) };
	Kinerja__TableRow akip[] = { trow("Perencanaan", 26.05, -1, -1),
		trow("Pengukuran", 16.56, -1, -1),
		trow("Pelaporan", 9.13, -1, -1),
		trow("Evaluasi", 5.69, -1, -1), trow("Capaian", 9.13, -1, -1),
		trow("Total", -1, -1, 66.87) };
	Kinerja__TableRow ikm[10];
	double nrr[] = { 3.00, 3.01, 3.00, 3.99, 3.01, 3.02, 3.08, 3.01,
		2.03 };
	Kinerja__ValidateReply *v;
	int                     i;

	v = validate(f, KINERJA__TABLE_KIND__TABLE_SERAPAN, s, 3);
	assert_int_equal(v->n_findings, 2);
	assert_string_equal(v->findings[0]->correct, "99,97");
	assert_int_equal(
	    v->findings[1]->kind, KINERJA__FINDING_KIND__FINDING_TRUNCATION);
	kinerja__validate_reply__free_unpacked(v, NULL);
	sum[1].parent = sum[2].parent = "JUMLAH";
	v = validate(f, KINERJA__TABLE_KIND__TABLE_SUM, sum, 3);
	assert_int_equal(v->n_findings, 1);
	assert_int_equal(
	    v->findings[0]->kind, KINERJA__FINDING_KIND__FINDING_SUM);
	assert_string_equal(v->findings[0]->correct, "5.461.337.162,00");
	kinerja__validate_reply__free_unpacked(v, NULL);
	sum[1].a = 4678892162; /* the budget table's figure adds up */
	v        = validate(f, KINERJA__TABLE_KIND__TABLE_SUM, sum, 3);
	assert_int_equal(v->n_findings, 0);
	kinerja__validate_reply__free_unpacked(v, NULL);
	v = validate(f, KINERJA__TABLE_KIND__TABLE_AKIP, akip, 6);
	assert_int_equal(v->n_findings, 1);
	assert_string_equal(v->findings[0]->correct, "66,56");
	kinerja__validate_reply__free_unpacked(v, NULL);
	for (i = 0; i < 9; i++)
		ikm[i] = trow("U", nrr[i], -1, -1);
	ikm[9] = trow("IKM", -1, -1, 75.35); /* within rounding of 75,42 */
	ikm[9].reported_label = "B"; /* 75,35 is C */
	v = validate(f, KINERJA__TABLE_KIND__TABLE_IKM, ikm, 10);
	assert_int_equal(v->n_findings, 1);
	assert_string_equal(v->findings[0]->field, "mutu");
	kinerja__validate_reply__free_unpacked(v, NULL);
}

static void
test_validate_argument_errors(void **state)
{
	struct fixture          *f   = *state;
	Kinerja__ValidateRequest req = KINERJA__VALIDATE_REQUEST__INIT;
	Kinerja__ValidateReply  *r;

	assert_int_equal(
	    fx_validate(f, &req, &r), KINERJA__CODE__INVALID_ARGUMENT);
	req.kind = 9;
	assert_int_equal(
	    fx_validate(f, &req, &r), KINERJA__CODE__INVALID_ARGUMENT);
	assert_non_null(strstr(f->st.message, "kind"));
}

/* NaN, infinities and numbers past 1e14 are refused, naming the field;
 * sums that would overflow are refused too, never wrapped. */
static void
test_validate_refuses_numbers_out_of_range(void **state)
{
	struct fixture          *f   = *state;
	Kinerja__TableRow        r[] = { trow("IKM", 90, 90.07, NAN),
		       trow("AKIP", 90, INFINITY, 1), trow("SKM", 1e15, 90, 1) };
	Kinerja__TableRow       *rp[19];
	Kinerja__TableRow        big[19];
	Kinerja__ValidateRequest req = KINERJA__VALIDATE_REQUEST__INIT;
	Kinerja__ValidateReply  *v;
	size_t                   i;

	r[0].opt_reported_case = KINERJA__TABLE_ROW__OPT_REPORTED_REPORTED;
	r[0].reported          = NAN; /* trow leaves NaN out */
	for (i = 0; i < 3; i++)
		rp[i] = &r[i];
	req.kind   = KINERJA__TABLE_KIND__TABLE_CAPAIAN;
	req.rows   = rp;
	req.n_rows = 3;
	assert_int_equal(
	    fx_validate(f, &req, &v), KINERJA__CODE__INVALID_ARGUMENT);
	assert_non_null(strstr(f->st.message, "rows[0]: reported"));
	assert_int_equal(f->st.n_details, 3);
	for (i = 0; i < 19; i++) {
		big[i]        = trow("part", 9e13, -1, -1);
		big[i].parent = "total";
		rp[i]         = &big[i];
	}
	big[0].label  = "total";
	big[0].parent = "";
	req.kind      = KINERJA__TABLE_KIND__TABLE_SUM;
	req.n_rows    = 19;
	assert_int_equal(
	    fx_validate(f, &req, &v), KINERJA__CODE__INVALID_ARGUMENT);
	assert_non_null(strstr(f->st.message, "sum past"));
	assert_healthy(f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
		    test_validate_capaian_slips, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(
		    test_validate_capaian_against_another_target, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(
		    test_validate_serapan_sum_akip_ikm, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(
		    test_validate_argument_errors, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(
		    test_validate_refuses_numbers_out_of_range, fx_setup,
		    fx_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
