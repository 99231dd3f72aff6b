/*
 * Tests of the approval rules (issue #14): the state machine's table (who
 * may move a unit-year from which state to which, and when a reason is
 * needed), the lock, and the completeness percentage.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "kcore.h"

static enum kc_step
step(enum kc_approval from, enum kc_action a, enum kc_actor who, int reason,
    enum kc_approval *to)
{
	const struct kc_transition *t = NULL;
	enum kc_step rc = kc_approval_step(from, a, who, reason, &t);

	if (rc == KC_STEP_OK)
		*to = t->to;
	return rc;
}

static void
test_the_happy_path(void **state)
{
	enum kc_approval s = KC_APPROVAL_DRAFT;

	(void) state;
	assert_int_equal(
	    step(s, KC_ACTION_SUBMIT, KC_ACTOR_SUBMITTER, 0, &s), KC_STEP_OK);
	assert_int_equal(s, KC_APPROVAL_SUBMITTED);
	assert_int_equal(
	    step(s, KC_ACTION_VERIFY, KC_ACTOR_VERIFIER, 0, &s), KC_STEP_OK);
	assert_int_equal(s, KC_APPROVAL_VERIFIED);
	assert_int_equal(
	    step(s, KC_ACTION_APPROVE, KC_ACTOR_VERIFIER, 0, &s), KC_STEP_OK);
	assert_int_equal(s, KC_APPROVAL_APPROVED);
	assert_true(kc_approval_locked(s));
	assert_int_equal(
	    step(s, KC_ACTION_REOPEN, KC_ACTOR_ADMIN, 1, &s), KC_STEP_OK);
	assert_int_equal(s, KC_APPROVAL_DRAFT);
	assert_false(kc_approval_locked(s));
}

static void
test_a_submitter_only_submits(void **state)
{
	enum kc_approval to = KC_APPROVAL_COUNT;
	int              a;

	(void) state;
	for (a = KC_ACTION_VERIFY; a < KC_ACTION_COUNT; a++) {
		enum kc_approval from =
		    a == KC_ACTION_VERIFY || a == KC_ACTION_RETURN
		        ? KC_APPROVAL_SUBMITTED
		    : a == KC_ACTION_APPROVE ? KC_APPROVAL_VERIFIED
		                             : KC_APPROVAL_APPROVED;

		assert_int_equal(
		    step(from, (enum kc_action) a, KC_ACTOR_SUBMITTER, 1, &to),
		    KC_STEP_BAD_ACTOR);
	}
	assert_int_equal(to, KC_APPROVAL_COUNT); /* never set */
}

static void
test_a_verifier_does_not_submit_for_the_unit(void **state)
{
	enum kc_approval to;

	(void) state;
	assert_int_equal(step(KC_APPROVAL_DRAFT, KC_ACTION_SUBMIT,
	                     KC_ACTOR_VERIFIER, 0, &to),
	    KC_STEP_BAD_ACTOR);
	assert_int_equal(
	    step(KC_APPROVAL_DRAFT, KC_ACTION_SUBMIT, KC_ACTOR_ADMIN, 0, &to),
	    KC_STEP_OK);
}

static void
test_actions_out_of_order_name_the_state(void **state)
{
	enum kc_approval to;

	(void) state;
	/* No skipping verification, no approving a draft, no reopening an
	 * open year, no submitting twice. */
	assert_int_equal(step(KC_APPROVAL_SUBMITTED, KC_ACTION_APPROVE,
	                     KC_ACTOR_ADMIN, 0, &to),
	    KC_STEP_BAD_STATE);
	assert_int_equal(step(KC_APPROVAL_DRAFT, KC_ACTION_APPROVE,
	                     KC_ACTOR_VERIFIER, 0, &to),
	    KC_STEP_BAD_STATE);
	assert_int_equal(
	    step(KC_APPROVAL_DRAFT, KC_ACTION_REOPEN, KC_ACTOR_ADMIN, 1, &to),
	    KC_STEP_BAD_STATE);
	assert_int_equal(step(KC_APPROVAL_SUBMITTED, KC_ACTION_SUBMIT,
	                     KC_ACTOR_SUBMITTER, 0, &to),
	    KC_STEP_BAD_STATE);
	assert_int_equal(step(KC_APPROVAL_APPROVED, KC_ACTION_RETURN,
	                     KC_ACTOR_VERIFIER, 1, &to),
	    KC_STEP_BAD_STATE);
}

static void
test_steps_back_need_a_reason(void **state)
{
	enum kc_approval to = KC_APPROVAL_COUNT;

	(void) state;
	assert_int_equal(step(KC_APPROVAL_SUBMITTED, KC_ACTION_RETURN,
	                     KC_ACTOR_VERIFIER, 0, &to),
	    KC_STEP_NEEDS_REASON);
	assert_int_equal(step(KC_APPROVAL_APPROVED, KC_ACTION_REOPEN,
	                     KC_ACTOR_VERIFIER, 0, &to),
	    KC_STEP_NEEDS_REASON);
	assert_int_equal(step(KC_APPROVAL_VERIFIED, KC_ACTION_RETURN,
	                     KC_ACTOR_VERIFIER, 1, &to),
	    KC_STEP_OK);
	assert_int_equal(to, KC_APPROVAL_DRAFT);
}

static void
test_names_round_trip(void **state)
{
	enum kc_action   a;
	enum kc_approval s;

	(void) state;
	assert_string_equal(
	    kc_approval_name(KC_APPROVAL_APPROVED), "disetujui");
	assert_string_equal(kc_approval_name(KC_APPROVAL_DRAFT), "draft");
	assert_int_equal(kc_action_parse("kembalikan", &a), 0);
	assert_int_equal(a, KC_ACTION_RETURN);
	assert_int_equal(kc_action_parse("approve", &a), -1);
	assert_int_equal(kc_approval_parse("diverifikasi", &s), 0);
	assert_int_equal(s, KC_APPROVAL_VERIFIED);
	assert_string_equal(kc_approval_name((enum kc_approval) 9), "?");
}

static void
test_actions_from_a_state(void **state)
{
	enum kc_action a[KC_ACTION_COUNT];

	(void) state;
	assert_int_equal(kc_actions_from(KC_APPROVAL_SUBMITTED, a, 5), 2);
	assert_int_equal(a[0], KC_ACTION_VERIFY);
	assert_int_equal(a[1], KC_ACTION_RETURN);
	assert_int_equal(kc_actions_from(KC_APPROVAL_APPROVED, a, 5), 1);
	assert_int_equal(a[0], KC_ACTION_REOPEN);
}

static void
test_completeness_percentage(void **state)
{
	struct kc_completeness u = { 0 }, region = { 0 };
	kc_pct                 p;
	int64_t                present, expected;

	(void) state;
	/* 3 indicators: 3 targets, 2 realisasi; a budget, no survey, no
	 * AKIP: 6 of 9 = 66.67 %. */
	kc_completeness_add(&u, 1, 1);
	kc_completeness_add(&u, 1, 1);
	kc_completeness_add(&u, 1, 0);
	u.budget = 1;
	u.units  = 1;
	kc_completeness_counts(&u, &present, &expected);
	assert_int_equal(present, 6);
	assert_int_equal(expected, 9);
	assert_int_equal(kc_completeness_pct(&u, &p), KC_AVAILABLE);
	assert_int_equal(kc_round2(p), 6667);
	/* A unit with nothing linked still owes its budget, survey, AKIP. */
	kc_completeness_sum(&region, &u);
	kc_completeness_sum(&region, &(struct kc_completeness) { .units = 1 });
	assert_int_equal(kc_completeness_pct(&region, &p), KC_AVAILABLE);
	assert_int_equal(kc_round2(p), 5000); /* 6 of 12 */
	memset(&u, 0, sizeof(u));
	assert_int_equal(kc_completeness_pct(&u, &p), KC_NA_NO_DATA);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_the_happy_path),
		cmocka_unit_test(test_a_submitter_only_submits),
		cmocka_unit_test(test_a_verifier_does_not_submit_for_the_unit),
		cmocka_unit_test(test_actions_out_of_order_name_the_state),
		cmocka_unit_test(test_steps_back_need_a_reason),
		cmocka_unit_test(test_names_round_trip),
		cmocka_unit_test(test_actions_from_a_state),
		cmocka_unit_test(test_completeness_percentage),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
