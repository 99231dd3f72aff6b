/*
 * Tests of the budget tree (core/budget.c): parents linked, amounts
 * settled from complete parts, the findings where a stated amount and its
 * parts disagree, the TOTAL line against the top lines, and serapan over
 * the top lines. Money is sen.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "grow.h"
#include "kcore.h"

#define NONE -1 /* an amount not stated */

static struct kc_budget_node
line(const char *code, const char *parent, int64_t pagu, int64_t real)
{
	return (struct kc_budget_node) { .code = code,
		.parent                        = parent,
		.sasaran                       = "",
		.stated_has = { pagu != NONE, real != NONE },
		.stated     = {
		        pagu == NONE ? 0 : pagu, real == NONE ? 0 : real } };
}

static void
settle(struct kc_budget_tree *t, struct kc_budget_node *n, size_t count,
    struct kc_arena *a)
{
	t->node = n;
	t->n    = count;
	assert_int_equal(kc_budget_settle(t, a), 0);
}

static void
test_parent_counts_its_complete_parts(void **state)
{
	struct kc_budget_node n[] = { line("P1", "", 1000, 900),
		line("K1", "P1", 600, 500), line("K2", "P1", 500, 400),
		line("S1", "K1", 600, 500) };
	struct kc_budget_tree t   = { 0 };
	struct kc_arena       a   = { 0 };

	(void) state;
	settle(&t, n, 4, &a);
	assert_int_equal(n[0].up, -1);
	assert_int_equal(n[1].up, 0);
	assert_int_equal(n[3].up, 1);
	assert_int_equal(n[3].depth, 2);
	assert_int_equal(n[0].children, 2);
	/* P1 states 1000 / 900, its parts give 1100 / 900: they count, and
	 * the pagu is a finding; the realisasi agrees. */
	assert_true(n[0].has[KC_PAGU] && n[0].has[KC_REALISASI]);
	assert_int_equal(n[0].amount[KC_PAGU], 1100);
	assert_int_equal(n[0].amount[KC_REALISASI], 900);
	assert_int_equal(t.nfindings, 1);
	assert_string_equal(t.finding[0].line, "P1");
	assert_int_equal(t.finding[0].field, KC_PAGU);
	assert_int_equal(t.finding[0].stated, 1000);
	assert_int_equal(t.finding[0].sum, 1100);
	assert_int_equal(t.total, -1);
	kc_arena_free(&a);
}

static void
test_incomplete_parts_keep_the_stated_amount(void **state)
{
	struct kc_budget_node n[] = { line("P1", "", 1000, 800),
		line("K1", "P1", 600, NONE), line("K2", "P1", 300, 300) };
	struct kc_budget_tree t   = { 0 };
	struct kc_arena       a   = { 0 };

	(void) state;
	settle(&t, n, 3, &a);
	/* The realisasi of K1 is missing: P1 keeps what it states, but its
	 * pagu, whose parts are all known (900), is still a finding. */
	assert_int_equal(n[0].amount[KC_PAGU], 1000);
	assert_int_equal(n[0].amount[KC_REALISASI], 800);
	assert_int_equal(t.nfindings, 1);
	assert_int_equal(t.finding[0].field, KC_PAGU);
	assert_int_equal(t.finding[0].sum, 900);
	kc_arena_free(&a);
}

static void
test_parent_later_or_unknown_is_a_top_line(void **state)
{
	struct kc_budget_node n[] = { line("K1", "P1", 100, 100),
		line("P1", "", 100, 100), line("K2", "P9", 50, NONE) };
	struct kc_budget_tree t   = { 0 };
	struct kc_arena       a   = { 0 };
	struct kc_budget_sum  top;

	(void) state;
	settle(&t, n, 3, &a);
	assert_int_equal(n[0].up, -1);
	assert_int_equal(n[2].up, -1);
	assert_int_equal(n[1].children, 0);
	kc_budget_top(&t, NULL, &top);
	assert_false(top.complete);
	assert_int_equal(top.amount[KC_PAGU], 250);
	assert_int_equal(top.amount[KC_REALISASI], 200);
	kc_arena_free(&a);
}

static void
test_total_line_against_top_lines(void **state)
{
	struct kc_budget_node n[] = { line("TOTAL", "", 2000, 1500),
		line("P1", "", 1000, 900), line("P2", "", 1000, 500) };
	struct kc_budget_tree t   = { 0 };
	struct kc_arena       a   = { 0 };
	struct kc_budget_sum  top;

	(void) state;
	settle(&t, n, 3, &a);
	assert_int_equal(t.total, 0);
	/* 2000 agrees; 1500 is not 900 + 500. */
	assert_int_equal(t.nfindings, 1);
	assert_string_equal(t.finding[0].line, KC_BUDGET_TOTAL);
	assert_int_equal(t.finding[0].field, KC_REALISASI);
	assert_int_equal(t.finding[0].stated, 1500);
	assert_int_equal(t.finding[0].sum, 1400);
	/* The top sum leaves TOTAL out. */
	kc_budget_top(&t, NULL, &top);
	assert_true(top.complete);
	assert_int_equal(top.amount[KC_PAGU], 2000);
	assert_int_equal(top.amount[KC_REALISASI], 1400);
	kc_arena_free(&a);
}

static void
test_many_findings_grow(void **state)
{
	struct kc_budget_node n[40];
	char                  code[40][8], parent[40][8];
	struct kc_budget_tree t = { 0 };
	struct kc_arena       a = { 0 };
	size_t                i;

	(void) state;
	/* 20 parents each stating 10 / 10 over one part of 7 / 7: 40
	 * findings, past the first capacity of the findings array. */
	for (i = 0; i < 20; i++) {
		snprintf(code[i], sizeof(code[i]), "P%zu", i);
		snprintf(code[20 + i], sizeof(code[i]), "K%zu", i);
		snprintf(parent[i], sizeof(parent[i]), "P%zu", i);
		n[i]      = line(code[i], "", 10, 10);
		n[20 + i] = line(code[20 + i], parent[i], 7, 7);
	}
	settle(&t, n, 40, &a);
	assert_int_equal(t.nfindings, 40);
	for (i = 0; i < 40; i++)
		assert_int_equal(t.finding[i].sum, 7);
	kc_arena_free(&a);
}

static void
test_sasaran_sum_or_whole_budget(void **state)
{
	struct kc_budget_node n[] = { line("P1", "", 1000, 500),
		line("P2", "", 3000, 3000) };
	struct kc_budget_tree t   = { 0 };
	struct kc_arena       a   = { 0 };
	struct kc_budget_sum  b;

	(void) state;
	n[0].sasaran = "S1";
	settle(&t, n, 2, &a);
	kc_budget_top(&t, "S1", &b);
	assert_false(b.whole);
	assert_int_equal(b.amount[KC_PAGU], 1000);
	kc_budget_top(&t, "S9", &b);
	assert_true(b.whole);
	assert_int_equal(b.amount[KC_PAGU], 4000);
	assert_int_equal(b.amount[KC_REALISASI], 3500);
	kc_arena_free(&a);
}

static void
test_program_mean_and_serapan(void **state)
{
	struct kc_budget_node n[] = { line("P1", "", 3000, 1000),
		line("P2", "", 1000, 1000), line("P3", "", NONE, 5) };
	struct kc_budget_tree t   = { 0 };
	struct kc_arena       a   = { 0 };
	kc_pct                scratch[3], mean, pct;

	(void) state;
	settle(&t, n, 3, &a);
	/* (33,333... + 100) / 2 = 66,666... -> 66,67; P3 has no pagu. */
	assert_int_equal(
	    kc_budget_program_mean(&t, scratch, &mean), KC_AVAILABLE);
	assert_int_equal(kc_round2(mean), 6667);
	assert_int_equal(kc_serapan(1, 3000, 1, 1000, &pct), KC_AVAILABLE);
	assert_int_equal(kc_round2(pct), 3333);
	assert_int_not_equal(kc_serapan(0, 3000, 1, 1000, &pct), KC_AVAILABLE);
	assert_int_not_equal(kc_serapan(1, 0, 1, 1000, &pct), KC_AVAILABLE);
	kc_arena_free(&a);
}

static void *
heap_alloc(void *unused, size_t size)
{
	(void) unused;
	return test_malloc(size);
}

static void
test_grow_doubles_and_copies(void **state)
{
	int   *v = NULL, *old;
	size_t n, cap = 0;

	(void) state;
	assert_int_equal(kc_grow_cap(0, 16), 16);
	assert_int_equal(kc_grow_cap(16, 16), 32);
	for (n = 0; n < 40; n++) {
		if (n == cap) {
			old = v;
			KC_GROW(v, n, cap, 4, heap_alloc, NULL);
			test_free(old);
		}
		v[n] = (int) n;
	}
	assert_int_equal(cap, 64);
	for (n = 0; n < 40; n++)
		assert_int_equal(v[n], (int) n);
	test_free(v);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parent_counts_its_complete_parts),
		cmocka_unit_test(test_incomplete_parts_keep_the_stated_amount),
		cmocka_unit_test(test_parent_later_or_unknown_is_a_top_line),
		cmocka_unit_test(test_total_line_against_top_lines),
		cmocka_unit_test(test_many_findings_grow),
		cmocka_unit_test(test_sasaran_sum_or_whole_budget),
		cmocka_unit_test(test_program_mean_and_serapan),
		cmocka_unit_test(test_grow_doubles_and_copies),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
