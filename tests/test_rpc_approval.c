/*
 * test_rpc_approval.c - TransitionYear, GetApproval, GetCompleteness and
 * the approval lock (handlers/h_approval.c, write.c): who may take which
 * step on which unit, what a locked year refuses (every kind of write,
 * Import too, partial or dry run) and what a reopen gives back, and the
 * completeness counts of a region.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <math.h>

#include "rpc_helpers.h"

#define SUBMIT   KINERJA__APPROVAL_ACTION__APPROVAL_ACTION_SUBMIT
#define VERIFY   KINERJA__APPROVAL_ACTION__APPROVAL_ACTION_VERIFY
#define APPROVE  KINERJA__APPROVAL_ACTION__APPROVAL_ACTION_APPROVE
#define RETURN   KINERJA__APPROVAL_ACTION__APPROVAL_ACTION_RETURN
#define REOPEN   KINERJA__APPROVAL_ACTION__APPROVAL_ACTION_REOPEN
#define APPROVED KINERJA__APPROVAL_STATE__APPROVAL_STATE_APPROVED

/* One step as token; the code. */
static int
step(struct fixture *f, const char *token, const char *unit, int year,
    int action, const char *reason)
{
	Kinerja__TransitionYearRequest req =
	    KINERJA__TRANSITION_YEAR_REQUEST__INIT;
	Kinerja__WriteReply *r;
	int                  code;

	fx_as(f, token);
	req.unit   = (char *) unit;
	req.year   = year;
	req.action = (Kinerja__ApprovalAction) action;
	req.reason = (char *) (reason ? reason : "");
	code       = fx_transition_year(f, &req, &r);
	if (code == 0)
		kinerja__write_reply__free_unpacked(r, NULL);
	return code;
}

static Kinerja__GetApprovalReply *
approval(struct fixture *f, const char *unit, int year)
{
	Kinerja__GetApprovalRequest req = KINERJA__GET_APPROVAL_REQUEST__INIT;
	Kinerja__GetApprovalReply  *r;

	req.unit = (char *) unit;
	req.year = year;
	assert_int_equal(fx_get_approval(f, &req, &r), 0);
	return r;
}

static void
approve_tiram_2025(struct fixture *f)
{
	assert_int_equal(step(f, toks.tiram, "tiram", 2025, SUBMIT, NULL), 0);
	assert_int_equal(
	    step(f, toks.verifier, "tiram", 2025, VERIFY, NULL), 0);
	assert_int_equal(
	    step(f, toks.verifier, "tiram", 2025, APPROVE, NULL), 0);
}

static void
assert_locked(struct fixture *f, const char *what)
{
	assert_int_equal(f->st.code, KINERJA__CODE__FAILED_PRECONDITION);
	assert_non_null(
	    strstr(f->st.message, "tiram\" tahun 2025 sudah disetujui"));
	assert_non_null(
	    strstr(f->st.message, "oleh \"bagor\"); buka kembali dulu"));
	assert_non_null(strstr(f->st.message, what));
}

static void
test_a_locked_year_refuses_every_write_until_reopened(void **state)
{
	struct fixture          *f     = *state;
	Kinerja__IndicatorValue  v[]   = { value("IKM", 2025, TARGET, 80),
		   value("IKM", 2025, REALISASI, 85) };
	Kinerja__IndicatorValue  v2[]  = { value("IKM", 2025, REALISASI, 90) };
	Kinerja__IndicatorValue  v24[] = { value("IKM", 2024, REALISASI, 90) };
	Kinerja__BudgetLine      b[]  = { line("TOTAL", "", RP(100), RP(90)) };
	Kinerja__AkipComponent   c[]  = { component(
	       "Perencanaan", 100, 72.5, -1) };
	Kinerja__IndicatorValue *ip[] = { &v2[0] };
	Kinerja__ImportRequest   imp  = KINERJA__IMPORT_REQUEST__INIT;
	Kinerja__WriteReply     *w;
	Kinerja__GetCapaianReply *cap;
	uint8_t                   before[4096];
	size_t                    n;

	world(f);
	assert_int_equal(submit(f, v, 2, 0, NULL), 0);
	approve_tiram_2025(f);
	fx_as(f, toks.tiram);
	n = snapshot(f, 2025, before, sizeof(before));
	/* Values: plain, partial, dry run. */
	assert_int_not_equal(submit(f, v2, 1, 0, NULL), 0);
	assert_locked(f, "values[0]");
	assert_int_not_equal(submit(f, v2, 1, 2, NULL), 0);
	assert_locked(f, "values[0]");
	assert_int_not_equal(submit(f, v2, 1, 1, NULL), 0);
	assert_locked(f, "values[0]");
	/* Budget, AKIP evaluation, Import: the same lock. */
	assert_int_not_equal(submit_budget(f, b, 1, NULL), 0);
	assert_locked(f, "budget[0]");
	assert_int_not_equal(submit_akip_of(f, "tiram", 2025, c, 1), 0);
	assert_locked(f, "akip[0]");
	imp.values   = ip;
	imp.n_values = 1;
	assert_int_not_equal(fx_import(f, &imp, &w), 0);
	assert_locked(f, "values[0]");
	/* Even an admin's. */
	fx_as(f, toks.admin);
	assert_int_not_equal(submit(f, v2, 1, 0, NULL), 0);
	assert_locked(f, "values[0]");
	assert_unchanged(f, 2025, before, n);
	/* Another year of the unit is open. */
	assert_int_equal(submit(f, v24, 1, 0, NULL), 0);
	/* The capaian says so. */
	cap = capaian(f, 2025, 0);
	assert_int_equal(cap->approval->state, APPROVED);
	assert_string_equal(cap->approval->actor, "bagor");
	assert_non_null(strstr(cap->approval->label, "disetujui 20"));
	assert_non_null(strstr(cap->approval->label, " oleh bagor"));
	kinerja__get_capaian_reply__free_unpacked(cap, NULL);
	/* A reopen needs a reason; then the write goes through. */
	assert_int_equal(step(f, toks.verifier, "tiram", 2025, REOPEN, NULL),
	    KINERJA__CODE__INVALID_ARGUMENT);
	assert_non_null(strstr(f->st.message, "reason: required to buka"));
	assert_int_equal(
	    step(f, toks.admin, "tiram", 2025, REOPEN, "koreksi realisasi"),
	    0);
	fx_as(f, toks.tiram);
	assert_int_equal(submit(f, v2, 1, 0, NULL), 0);
	cap = capaian(f, 2025, 0);
	assert_string_equal(cap->approval->label, "draft");
	assert_string_equal(cap->approval->reason, "koreksi realisasi");
	kinerja__get_capaian_reply__free_unpacked(cap, NULL);
}

/* A batch of many unit-years asks their locks together (write.c,
 * LOCKS_TOGETHER; a year's units by code, KSTORE_ASK_UNITS a statement):
 * tiram's approved year, item 70 of 80 and the 41st unit of 2025 by code
 * (a00..a39 before it: the second statement), still refuses the whole
 * write, partial too, naming its item; without it the same batch goes
 * through. */
static void
test_a_large_batch_meets_the_lock_among_many_unit_years(void **state)
{
	struct fixture         *f   = *state;
	Kinerja__IndicatorValue v[] = { value("IKM", 2025, TARGET, 80) };
	Kinerja__IndicatorValue many[80];
	Kinerja__Unit           u[40];
	char                    code[40][8];
	uint8_t                 before[4096];
	size_t                  n, i;

	world(f);
	for (i = 0; i < 40; i++) {
		snprintf(code[i], sizeof(code[i]), "a%02zu", i);
		u[i] = unit(code[i], "batubara", KINERJA__LEVEL__LEVEL_KECAMATAN);
	}
	for (i = 0; i < 40; i += 8) /* upsert_units takes 8 at most */
		assert_int_equal(upsert_units(f, u + i, 8, NULL), 0);
	assert_int_equal(submit(f, v, 1, 0, NULL), 0);
	approve_tiram_2025(f);
	fx_as(f, toks.admin);
	n = snapshot(f, 2025, before, sizeof(before));
	for (i = 0; i < 80; i++)
		many[i] = uvalue(code[i / 2], "IKM", 2025,
		    i % 2 ? REALISASI : TARGET, 70);
	many[70] = uvalue("tiram", "IKM", 2025, REALISASI, 90);
	many[71] = uvalue("tiram", "IKM", 2025, TARGET, 91);
	assert_int_not_equal(submit(f, many, 80, 0, NULL), 0);
	assert_locked(f, "values[70]");
	assert_int_not_equal(submit(f, many, 80, 2, NULL), 0);
	assert_locked(f, "values[70]");
	assert_unchanged(f, 2025, before, n);
	many[70] = uvalue("a35", "IKM", 2024, TARGET, 70);
	many[71] = uvalue("a35", "IKM", 2024, REALISASI, 70);
	assert_int_equal(submit(f, many, 80, 0, NULL), 0);
}

static void
test_the_history_of_the_steps(void **state)
{
	struct fixture            *f = *state;
	Kinerja__GetApprovalReply *r;
	Kinerja__GetHistoryReply  *h;

	world(f);
	r = approval(f, "tiram", 2025);
	assert_string_equal(r->approval->label, "draft");
	assert_int_equal(r->n_history, 0);
	kinerja__get_approval_reply__free_unpacked(r, NULL);
	assert_int_equal(step(f, toks.tiram, "tiram", 2025, SUBMIT, NULL), 0);
	assert_int_equal(
	    step(f, toks.verifier, "tiram", 2025, RETURN, "lampirkan bukti"),
	    0);
	/* The envelope's reason serves when the request has none. */
	assert_int_equal(fx_set_metadata(f, "reason", "bukti dilampirkan"), 0);
	fx_as(f, toks.tiram);
	assert_int_equal(fx_set_metadata(f, "reason", "bukti dilampirkan"), 0);
	{
		Kinerja__TransitionYearRequest req =
		    KINERJA__TRANSITION_YEAR_REQUEST__INIT;
		Kinerja__WriteReply *w;

		req.unit   = "tiram";
		req.year   = 2025;
		req.action = SUBMIT;
		assert_int_equal(fx_transition_year(f, &req, &w), 0);
		assert_int_equal(w->created + w->updated, 1);
		kinerja__write_reply__free_unpacked(w, NULL);
	}
	fx_as(f, toks.viewer);
	r = approval(f, "tiram", 2025);
	assert_string_equal(r->approval->state_name, "diajukan");
	assert_string_equal(r->approval->actor, "kec-tiram");
	assert_int_equal(r->n_history, 3);
	assert_string_equal(r->history[0]->old_value, "draft");
	assert_string_equal(r->history[0]->new_value, "diajukan");
	assert_string_equal(r->history[1]->actor, "bagor");
	assert_string_equal(r->history[1]->new_value, "draft");
	assert_string_equal(r->history[1]->reason, "lampirkan bukti");
	assert_string_equal(r->history[2]->reason, "bukti dilampirkan");
	assert_string_equal(r->history[2]->method, "TransitionYear");
	kinerja__get_approval_reply__free_unpacked(r, NULL);
	/* GetHistory shows them beside the figures. */
	h = history(f, "tiram", "", 2025, 0, 0);
	assert_int_equal(h->n_revisions, 3);
	assert_string_equal(h->revisions[0]->what, "approval");
	kinerja__get_history_reply__free_unpacked(h, NULL);
}

static void
test_wrong_role_state_or_region_is_refused(void **state)
{
	struct fixture *f = *state;

	peers(f);
	/* The viewer: not even the method. */
	assert_int_equal(step(f, toks.viewer, "tiram", 2025, SUBMIT, NULL),
	    KINERJA__CODE__PERMISSION_DENIED);
	/* A submitter of another unit. */
	assert_int_equal(step(f, toks.tiram, "balai", 2025, SUBMIT, NULL),
	    KINERJA__CODE__PERMISSION_DENIED);
	assert_non_null(
	    strstr(f->st.message, "may not act on unit \"balai\""));
	/* A verifier writes no figures. */
	fx_as(f, toks.verifier);
	{
		Kinerja__IndicatorValue v[] = { value(
		    "IKM", 2025, TARGET, 80) };

		assert_int_equal(submit(f, v, 1, 0, NULL),
		    KINERJA__CODE__PERMISSION_DENIED);
		assert_non_null(
		    strstr(f->st.message, "(verifier) may not call"));
	}
	/* The verifier may not submit for the unit. */
	assert_int_equal(step(f, toks.verifier, "tiram", 2025, SUBMIT, NULL),
	    KINERJA__CODE__PERMISSION_DENIED);
	/* Out of order: FAILED_PRECONDITION naming the state. */
	assert_int_equal(step(f, toks.verifier, "tiram", 2025, APPROVE, NULL),
	    KINERJA__CODE__FAILED_PRECONDITION);
	assert_non_null(strstr(f->st.message,
	    "setujui is not allowed: unit \"tiram\" year 2025 is draft"));
	assert_int_equal(step(f, toks.tiram, "tiram", 2025, SUBMIT, NULL), 0);
	/* A verifier of asahan on a unit of batubara. */
	assert_int_equal(
	    step(f, toks.verifier_asahan, "tiram", 2025, VERIFY, NULL),
	    KINERJA__CODE__PERMISSION_DENIED);
	assert_non_null(strstr(f->st.message,
	    "token \"bagor-asahan\" (verifier) verifies asahan; unit "
	    "\"tiram\" is not under it"));
	/* ...who may act on its own. */
	assert_int_equal(step(f, toks.admin, "other", 2025, SUBMIT, NULL), 0);
	assert_int_equal(
	    step(f, toks.verifier_asahan, "other", 2025, VERIFY, NULL), 0);
	/* Bad input. */
	assert_int_equal(step(f, toks.admin, "tiram", 2025, 0, NULL),
	    KINERJA__CODE__INVALID_ARGUMENT);
	assert_non_null(strstr(f->st.message, "action: 0 is not one of"));
	assert_int_equal(step(f, toks.admin, "tiram", 2025, 9, NULL),
	    KINERJA__CODE__INVALID_ARGUMENT);
	assert_int_equal(step(f, toks.admin, "tiram", 1800, VERIFY, NULL),
	    KINERJA__CODE__INVALID_ARGUMENT);
	assert_int_equal(step(f, toks.admin, "nowhere", 2025, SUBMIT, NULL),
	    KINERJA__CODE__NOT_FOUND);
	/* Nothing of that moved tiram past diajukan. */
	fx_as(f, toks.viewer);
	{
		Kinerja__GetApprovalReply *r = approval(f, "tiram", 2025);

		assert_string_equal(r->approval->state_name, "diajukan");
		assert_int_equal(r->n_history, 1);
		kinerja__get_approval_reply__free_unpacked(r, NULL);
	}
}

static Kinerja__GetCompletenessReply *
completeness(
    struct fixture *f, const char *region, int year, uint32_t tw, int expect)
{
	Kinerja__GetCompletenessRequest req =
	    KINERJA__GET_COMPLETENESS_REQUEST__INIT;
	Kinerja__GetCompletenessReply *r = NULL;

	req.region   = (char *) region;
	req.year     = year;
	req.triwulan = tw;
	assert_int_equal(fx_get_completeness(f, &req, &r), expect);
	return r;
}

static void
test_completeness_of_a_region(void **state)
{
	struct fixture                *f   = *state;
	Kinerja__IndicatorValue        v[] = { value("IKM", 2025, TARGET, 80),
		       value("IKM", 2025, REALISASI, 85),
		       value("AKIP", 2025, TARGET, 70) };
	Kinerja__AkipComponent         c[] = { component(
		    "Perencanaan", 100, 72.5, -1) };
	Kinerja__GetCompletenessReply *r;
	const Kinerja__UnitCompleteness *t;
	size_t                           i;

	peers(f);
	if (submit(f, v, 3, 0, NULL) != 0)
		fail_msg("%s", f->st.message);
	if (submit_akip_of(f, "tiram", 2025, c, 1) != 0)
		fail_msg("%s", f->st.message);
	approve_tiram_2025(f);
	fx_as(f, toks.viewer);
	r = completeness(f, "batubara", 2025, 0, 0);
	/* tiram, balai, suka, deras; the three without data first. */
	assert_int_equal(r->n_units, 4);
	assert_string_equal(r->units[0]->unit->code, "balai");
	assert_string_equal(r->units[3]->unit->code, "tiram");
	t = r->units[3];
	/* 3 indicators: 2 targets (IKM, AKIP), 2 realisasi (IKM, and AKIP
	 * derived from its components); no budget, no survey, an AKIP:
	 * 5 of 9 = 55.56 %. */
	assert_int_equal(t->n_indicators, 3);
	assert_string_equal(t->indicators[0]->indicator, "IKM");
	assert_true(t->indicators[0]->target && t->indicators[0]->realisasi);
	/* In sasaran order, as the capaian table: IKM, ADUAN (Kepuasan),
	 * AKIP (Akuntabilitas). */
	assert_string_equal(t->indicators[1]->indicator, "ADUAN");
	assert_false(t->indicators[1]->target || t->indicators[1]->realisasi);
	assert_true(t->indicators[2]->target && t->indicators[2]->realisasi);
	assert_int_equal(t->counts->targets, 2);
	assert_int_equal(t->counts->realisasi, 2);
	assert_int_equal(t->counts->akip, 1);
	assert_int_equal(t->counts->budget + t->counts->survey, 0);
	assert_int_equal(t->counts->present, 5);
	assert_int_equal(t->counts->expected, 9);
	assert_e2(t->counts->percent, 5556);
	assert_true(t->last_write_ms > 1700000000000LL);
	assert_int_equal(t->approval->state, APPROVED);
	for (i = 0; i < 3; i++) {
		assert_int_equal(r->units[i]->counts->present, 0);
		assert_int_equal(r->units[i]->counts->expected, 3);
		assert_int_equal(r->units[i]->last_write_ms, 0);
	}
	/* Totals: 5 of 9 + 3 x 3 = 5 of 18 = 27.78 %. */
	assert_int_equal(r->total->units, 4);
	assert_int_equal(r->total->present, 5);
	assert_int_equal(r->total->expected, 18);
	assert_e2(r->total->percent, 2778);
	assert_int_equal(r->total->not_reporting, 3);
	assert_int_equal(r->total->approved, 1);
	kinerja__get_completeness_reply__free_unpacked(r, NULL);
	/* A reporting unit asks for itself. */
	r = completeness(f, "tiram", 2025, 0, 0);
	assert_int_equal(r->n_units, 1);
	assert_int_equal(r->total->present, 5);
	kinerja__get_completeness_reply__free_unpacked(r, NULL);
	/* Bad input. */
	completeness(f, "batubara", 2025, 5, KINERJA__CODE__INVALID_ARGUMENT);
	assert_non_null(strstr(f->st.message, "triwulan: 5 outside 1-4"));
	/* Triwulan II: IKM has no quarterly figures; AKIP's rule is yearly
	 * (one evaluation a year), so its year's counts: 3 of 9. */
	r = completeness(f, "tiram", 2025, 2, 0);
	t = r->units[0];
	assert_int_equal(r->triwulan, 2);
	assert_false(t->indicators[0]->target || t->indicators[0]->realisasi);
	assert_true(t->indicators[2]->target && t->indicators[2]->realisasi);
	assert_int_equal(t->counts->present, 3);
	assert_int_equal(t->counts->expected, 9);
	kinerja__get_completeness_reply__free_unpacked(r, NULL);
	completeness(f, "", 2025, 0, KINERJA__CODE__INVALID_ARGUMENT);
	completeness(f, "batubara", 1800, 0, KINERJA__CODE__INVALID_ARGUMENT);
	completeness(f, "atlantis", 2025, 0, KINERJA__CODE__NOT_FOUND);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
		    test_a_locked_year_refuses_every_write_until_reopened,
		    fx_setup_auth, fx_teardown),
		cmocka_unit_test_setup_teardown(
		    test_a_large_batch_meets_the_lock_among_many_unit_years,
		    fx_setup_auth, fx_teardown),
		cmocka_unit_test_setup_teardown(
		    test_the_history_of_the_steps, fx_setup_auth, fx_teardown),
		cmocka_unit_test_setup_teardown(
		    test_wrong_role_state_or_region_is_refused, fx_setup_auth,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(
		    test_completeness_of_a_region, fx_setup_auth, fx_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
