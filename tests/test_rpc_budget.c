/*
 * test_rpc_budget.c - SubmitBudget, GetBudget and GetEfficiency
 * (handlers/h_budget.c): serapan at every level, findings, belanja classes,
 * efficiency.
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
test_budget_serapan_at_every_level(void **state)
{
	struct fixture          *f   = *state;
	Kinerja__BudgetLine      l[] = { line("TOTAL", "", RP(4163873053),
		                             RP(3823039065)),
		     line("P1", "", RP(4146690221), RP(3805860565)),
		     line("P2", "", RP(17182832), RP(17178500)),
		     line("P2.K1", "P2", RP(3000000), RP(3000000)),
		     line("P2.K2", "P2", RP(14182832), RP(14178500)) };
	Kinerja__GetBudgetReply *r;

	world(f);
	assert_int_equal(submit_budget(f, l, 5, NULL), 0);
	r = get_budget(f);
	assert_int_equal(r->n_lines, 4);
	assert_string_equal(r->lines[1]->code, "P2");
	assert_e2(r->lines[1]->amount->serapan, 9997); /* report: 99,79 */
	assert_int_equal(r->lines[2]->depth, 1);
	assert_e2(r->total->serapan, 9181);
	assert_int_equal(r->total->pagu_sen, RP(4163873053));
	assert_e2(r->stated_total->serapan, 9181);
	assert_int_equal(r->n_findings, 0);
	/* Unweighted mean of 91,78...% and 99,97...%: labelled apart. */
	assert_e2(r->program_mean, 9588);
	kinerja__get_budget_reply__free_unpacked(r, NULL);
}

static void
test_budget_pk_program_mismatch_is_found(void **state)
{
	/* Medang Deras 2025's PK lists program 1 at 4.676.892.162; the five
	 * programs then miss the stated JUMLAH by 2.000.000. */
	struct fixture          *f   = *state;
	Kinerja__BudgetLine      l[] = { line("TOTAL", "", RP(5463337162), -1),
		     line("P1", "", RP(4676892162), -1),
		     line("P2", "", RP(10011500), -1),
		     line("P3", "", RP(658500000), -1),
		     line("P4", "", RP(24300000), -1),
		     line("P5", "", RP(91633500), -1) };
	Kinerja__GetBudgetReply *r;

	world(f);
	assert_int_equal(submit_budget(f, l, 6, NULL), 0);
	r = get_budget(f);
	assert_int_equal(r->n_findings, 1);
	assert_string_equal(r->findings[0]->line, "TOTAL");
	assert_string_equal(r->findings[0]->field, "pagu");
	assert_int_equal(r->findings[0]->sum_sen, RP(5461337162));
	assert_int_equal(r->findings[0]->difference_sen, RP(2000000));
	/* In the words tables print (core/reason.c). */
	assert_string_equal(r->findings[0]->message,
	    "TOTAL pagu: tercantum Rp 5.463.337.162,00, jumlah rinciannya "
	    "Rp 5.461.337.162,00 (selisih Rp 2.000.000,00)");
	kinerja__get_budget_reply__free_unpacked(r, NULL);
}

static void
test_budget_parent_that_differs_from_its_parts(void **state)
{
	struct fixture          *f   = *state;
	Kinerja__BudgetLine      l[] = { line("P1", "", RP(1000), RP(900)),
		     line("P1.K1", "P1", RP(600), RP(500)),
		     line("P1.K2", "P1", RP(400), RP(450)),
		     line("P2", "", RP(300), RP(250)),
		     line("P2.K1", "P2", RP(300), -1) };
	Kinerja__GetBudgetReply *r;

	world(f);
	assert_int_equal(submit_budget(f, l, 5, NULL), 0);
	r = get_budget(f);
	/* P1 is its parts: 950 of 1000, and the stated 900 is a finding. */
	assert_int_equal(r->lines[0]->amount->realisasi_sen, RP(950));
	assert_e2(r->lines[0]->amount->serapan, 9500);
	assert_int_equal(r->n_findings, 1);
	assert_string_equal(r->findings[0]->line, "P1");
	assert_string_equal(r->findings[0]->field, "realisasi");
	assert_int_equal(r->findings[0]->difference_sen, RP(-50));
	/* P2's parts lack a realisasi: the stated amounts stand. */
	assert_e2(r->lines[3]->amount->serapan, 8333);
	assert_int_equal(r->lines[4]->amount->opt_realisasi_case, 0);
	kinerja__get_budget_reply__free_unpacked(r, NULL);
}

static void
test_budget_sent_again_is_unchanged_and_replaces(void **state)
{
	struct fixture          *f   = *state;
	Kinerja__BudgetLine      l[] = { line("P1", "", RP(1000), RP(900)),
		     line("P2", "", RP(10), RP(10)) };
	Kinerja__WriteReply     *w   = NULL;
	Kinerja__GetBudgetReply *r;

	world(f);
	assert_int_equal(submit_budget(f, l, 2, NULL), 0);
	assert_int_equal(submit_budget(f, l, 2, &w), 0);
	assert_int_equal(w->unchanged, 2);
	kinerja__write_reply__free_unpacked(w, NULL);
	l[0].realisasi_sen = RP(950);
	assert_int_equal(submit_budget(f, l, 1, &w), 0);
	assert_int_equal(w->updated, 1);
	kinerja__write_reply__free_unpacked(w, NULL);
	r = get_budget(f);
	assert_int_equal(r->n_lines, 1); /* P2 was not sent again */
	assert_int_equal(r->lines[0]->amount->realisasi_sen, RP(950));
	kinerja__get_budget_reply__free_unpacked(r, NULL);
}

static void
test_budget_errors_change_nothing(void **state)
{
	struct fixture          *f     = *state;
	Kinerja__BudgetLine      ok[]  = { line("P1", "", RP(1000), RP(900)) };
	Kinerja__BudgetLine      bad[] = { line("P1", "", RP(5), RP(5)),
		     line("K1", "P9", RP(1), RP(1)), line("P1", "", RP(1), RP(1)),
		     line("P3", "", -1, -1), line("TOTAL", "P1", RP(1), RP(1)),
		     line("P4", "", RP(1), RP(1)) };
	Kinerja__GetBudgetReply *r;

	world(f);
	assert_int_equal(submit_budget(f, ok, 1, NULL), 0);
	bad[3].opt_pagu_case = KINERJA__BUDGET_LINE__OPT_PAGU_PAGU_SEN;
	bad[3].pagu_sen      = -100;
	bad[5].sasaran       = "No such sasaran";
	assert_int_equal(
	    submit_budget(f, bad, 6, NULL), KINERJA__CODE__NOT_FOUND);
	assert_int_equal(f->st.n_details, 5);
	assert_string_equal(f->st.details[0]->field, "parent");
	assert_string_equal(f->st.details[1]->field, "code");
	assert_string_equal(f->st.details[2]->field, "pagu");
	assert_string_equal(f->st.details[3]->field, "parent");
	assert_string_equal(f->st.details[4]->field, "sasaran");
	r = get_budget(f);
	assert_int_equal(r->n_lines, 1);
	assert_int_equal(r->lines[0]->amount->pagu_sen, RP(1000));
	kinerja__get_budget_reply__free_unpacked(r, NULL);
}

/* 100 lines of 1e15 rupiah each fit one by one, but not summed: the
 * whole submission is refused rather than totals wrapping around. */
static void
test_budget_sums_past_int64_are_refused(void **state)
{
	struct fixture          *f = *state;
	Kinerja__BudgetLine      l[100];
	char                     code[100][8];
	Kinerja__GetBudgetReply *r;
	int                      i;

	world(f);
	for (i = 0; i < 100; i++) {
		snprintf(code[i], sizeof(code[i]), "P%d", i);
		l[i] = line(code[i], "", INT64_C(100000000000000000),
		    INT64_C(90000000000000000));
	}
	assert_int_equal(
	    submit_budget(f, l, 100, NULL), KINERJA__CODE__INVALID_ARGUMENT);
	assert_non_null(strstr(f->st.message, "sum past"));
	assert_int_equal(submit_budget(f, l, 92, NULL), 0); /* 9,2e18 fits */
	r = get_budget(f);
	assert_int_equal(r->n_lines, 92);
	assert_int_equal(r->total->pagu_sen, INT64_C(9200000000000000000));
	kinerja__get_budget_reply__free_unpacked(r, NULL);
}

static void
test_belanja_classes(void **state)
{
	struct fixture              *f = *state;
	Kinerja__BelanjaLine         b[3];
	Kinerja__BelanjaLine        *bp[3] = { &b[0], &b[1], &b[2] };
	Kinerja__SubmitBudgetRequest req =
	    KINERJA__SUBMIT_BUDGET_REQUEST__INIT;
	Kinerja__WriteReply     *w;
	Kinerja__GetBudgetReply *r;
	const char   *names[] = { "Belanja Operasi", "Belanja Pegawai",
		  "Belanja Modal" };
	const int64_t pagu[]  = { RP(2935780030), RP(2158169574),
		 RP(25000000) };
	const int64_t real[]  = { RP(2798994761), RP(2043003211),
		 RP(24100000) };
	int           i;

	world(f);
	for (i = 0; i < 3; i++) {
		kinerja__belanja_line__init(&b[i]);
		b[i].unit          = "tiram";
		b[i].year          = 2025;
		b[i].name          = (char *) names[i];
		b[i].parent        = i == 1 ? "Belanja Operasi" : "";
		b[i].opt_pagu_case = KINERJA__BELANJA_LINE__OPT_PAGU_PAGU_SEN;
		b[i].pagu_sen      = pagu[i];
		b[i].opt_realisasi_case =
		    KINERJA__BELANJA_LINE__OPT_REALISASI_REALISASI_SEN;
		b[i].realisasi_sen = real[i];
	}
	req.belanja   = bp;
	req.n_belanja = 3;
	assert_int_equal(fx_submit_budget(f, &req, &w), 0);
	kinerja__write_reply__free_unpacked(w, NULL);
	r = get_budget(f);
	assert_int_equal(r->n_belanja, 3);
	assert_e2(r->belanja[1]->amount->serapan, 9466);
	assert_int_equal(r->belanja[1]->depth, 1);
	/* Operasi states more than its one part: its amounts are the part's,
	 * and both stated ones are findings. */
	assert_int_equal(r->n_findings, 2);
	assert_int_equal(r->belanja[0]->amount->pagu_sen, RP(2158169574));
	assert_e2(r->belanja_total->serapan, 9468);
	kinerja__get_budget_reply__free_unpacked(r, NULL);
}

static void
test_efficiency_of_each_sasaran(void **state)
{
	struct fixture         *f   = *state;
	Kinerja__IndicatorValue v[] = { value("IKM", 2025, TARGET, 90),
		value("IKM", 2025, REALISASI, 90.07),
		value("AKIP", 2025, TARGET, 72.6),
		value("AKIP", 2025, REALISASI, 70.2) };
	Kinerja__BudgetLine     l[] = { line("P1", "", RP(1000), RP(900)),
		    line("P2", "", RP(3000), RP(2700)) };
	Kinerja__GetEfficiencyRequest req =
	    KINERJA__GET_EFFICIENCY_REQUEST__INIT;
	Kinerja__GetEfficiencyReply *r;

	world(f);
	assert_int_equal(submit(f, v, 4, 0, NULL), 0);
	l[0].sasaran = "Akuntabilitas";
	assert_int_equal(submit_budget(f, l, 2, NULL), 0);
	req.unit = "tiram";
	req.year = 2025;
	assert_int_equal(fx_get_efficiency(f, &req, &r), 0);
	assert_int_equal(r->n_rows, 2);
	/* Kepuasan has no program of its own: the whole budget, 90 %.
	 * 100,0777... - 90 = 10,08, computed before rounding. */
	assert_true(r->rows[0]->whole_budget);
	assert_e2(r->rows[0]->efisiensi, 1008);
	assert_e2(r->rows[0]->ratio, 8993);
	/* Akuntabilitas: 96,6942... - 90 = 6,69. */
	assert_false(r->rows[1]->whole_budget);
	assert_e2(r->rows[1]->efisiensi, 669);
	kinerja__get_efficiency_reply__free_unpacked(r, NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
		    test_budget_serapan_at_every_level, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(
		    test_budget_pk_program_mismatch_is_found, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(
		    test_budget_parent_that_differs_from_its_parts, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(
		    test_budget_sent_again_is_unchanged_and_replaces, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(
		    test_budget_errors_change_nothing, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(
		    test_budget_sums_past_int64_are_refused, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(
		    test_belanja_classes, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(
		    test_efficiency_of_each_sasaran, fx_setup, fx_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
