/*
 * test_rpc_history.c - GetHistory (handlers/h_history.c): who changed what,
 * when and why, for every kind of write.
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

/* The reports' "PK target 71,25 revised to 71,38" as a visible revision. */
static void
test_history_shows_who_changed_what_and_why(void **state)
{
	struct fixture         *f    = *state;
	Kinerja__IndicatorValue v1[] = { value("AKIP", 2025, TARGET, 71.25) };
	Kinerja__IndicatorValue v2[] = { value("AKIP", 2025, TARGET, 71.38),
		value("AKIP", 2025, 9, 1) };
	Kinerja__IndicatorValue v3[] = { value("AKIP", 2025, TARGET, 71.38) };
	Kinerja__GetHistoryReply *r;
	const Kinerja__Revision  *a, *b;
	uint64_t                  after;

	world(f);
	fx_as(f, toks.tiram);
	assert_int_equal(submit(f, v1, 1, 0, NULL), 0);
	assert_int_equal(fx_set_metadata(f, "reason", "PK perubahan 2025"), 0);
	assert_int_not_equal(submit(f, v2, 2, 0, NULL), 0); /* rejected */
	assert_int_equal(submit(f, v3, 1, 0, NULL), 0);
	assert_int_equal(submit(f, v3, 1, 0, NULL), 0); /* unchanged */
	fx_as(f, toks.viewer);
	r = history(f, "tiram", "AKIP", 2025, 0, 0);
	assert_int_equal(r->n_revisions, 2);
	assert_false(r->more);
	a = r->revisions[0];
	b = r->revisions[1];
	assert_string_equal(a->what, "target");
	assert_string_equal(a->actor, "kec-tiram");
	assert_int_equal(a->opt_old_case, 0);
	assert_string_equal(a->new_value, "71.25");
	assert_string_equal(a->reason, "");
	assert_string_equal(b->field, "value");
	assert_string_equal(b->old_value, "71.25");
	assert_string_equal(b->new_value, "71.38");
	assert_string_equal(b->reason, "PK perubahan 2025");
	assert_string_equal(b->method, "SubmitIndicatorData");
	assert_int_equal(strlen(b->request_id), 32);
	assert_true(b->at_ms >= a->at_ms && a->at_ms > 1700000000000LL);
	kinerja__get_history_reply__free_unpacked(r, NULL);
	/* Paging. */
	r = history(f, "tiram", "AKIP", 2025, 0, 1);
	assert_int_equal(r->n_revisions, 1);
	assert_true(r->more);
	after = r->revisions[0]->id;
	kinerja__get_history_reply__free_unpacked(r, NULL);
	r = history(f, "tiram", "AKIP", 2025, after, 1);
	assert_int_equal(r->n_revisions, 1);
	assert_false(r->more);
	assert_string_equal(r->revisions[0]->new_value, "71.38");
	kinerja__get_history_reply__free_unpacked(r, NULL);
}

static int
count_what(const Kinerja__GetHistoryReply *r, const char *what)
{
	size_t i;
	int    n = 0;

	for (i = 0; i < r->n_revisions; i++)
		n += strcmp(r->revisions[i]->what, what) == 0;
	return n;
}

static void
test_history_covers_every_kind_of_write(void **state)
{
	struct fixture            *f   = *state;
	Kinerja__BudgetLine        l[] = { line("P1", "", 100000, 90000) };
	Kinerja__Unit              u[] = { unit(
		         "tiram", "batubara", KINERJA__LEVEL__LEVEL_KECAMATAN) };
	Kinerja__GetHistoryRequest bad = KINERJA__GET_HISTORY_REQUEST__INIT;
	Kinerja__GetHistoryReply  *r;

	world(f);
	assert_int_equal(submit_budget(f, l, 1, NULL), 0);
	l[0].realisasi_sen = 95000;
	assert_int_equal(submit_budget(f, l, 1, NULL), 0);
	u[0].name = "Tanjung Tiram";
	assert_int_equal(upsert_units(f, u, 1, NULL), 0);
	r = history(f, "tiram", "", 0, 0, 0);
	assert_int_equal(count_what(r, "unit"), 2);
	assert_int_equal(count_what(r, "sasaran"), 3);
	assert_int_equal(count_what(r, "budget"), 2);
	assert_string_equal(r->revisions[r->n_revisions - 2]->old_value,
	    "pagu 1.000,00; realisasi 900,00");
	assert_string_equal(r->revisions[r->n_revisions - 2]->new_value,
	    "pagu 1.000,00; realisasi 950,00");
	assert_string_equal(r->revisions[r->n_revisions - 1]->actor, "pusat");
	kinerja__get_history_reply__free_unpacked(r, NULL);
	/* A new name shows in the history too. */
	l[0].name = "Program satu";
	assert_int_equal(submit_budget(f, l, 1, NULL), 0);
	r = history(f, "tiram", "", 2025, 0, 0);
	assert_string_equal(r->revisions[r->n_revisions - 1]->old_value,
	    "pagu 1.000,00; realisasi 950,00");
	assert_string_equal(r->revisions[r->n_revisions - 1]->new_value,
	    "pagu 1.000,00; realisasi 950,00; name Program satu");
	kinerja__get_history_reply__free_unpacked(r, NULL);
	/* A resubmission without P1 removes it, and says so. */
	l[0].code = "P2";
	assert_int_equal(submit_budget(f, l, 1, NULL), 0);
	r = history(f, "tiram", "", 2025, 0, 0);
	assert_int_equal(count_what(r, "budget"), 5);
	assert_string_equal(r->revisions[r->n_revisions - 1]->field, "P1");
	assert_string_equal(r->revisions[r->n_revisions - 1]->new_value, "");
	assert_string_equal(r->revisions[r->n_revisions - 1]->old_value,
	    "pagu 1.000,00; realisasi 950,00; name Program satu");
	kinerja__get_history_reply__free_unpacked(r, NULL);
	/* A new tujuan shows the one before. */
	{
		Kinerja__SasaranLink          sl = KINERJA__SASARAN_LINK__INIT;
		Kinerja__SasaranLink         *slp = &sl;
		Kinerja__UpsertSasaranRequest sr =
		    KINERJA__UPSERT_SASARAN_REQUEST__INIT;
		Kinerja__WriteReply *w;

		sl.unit      = "tiram";
		sl.sasaran   = "Kepuasan";
		sl.indicator = "IKM";
		sl.tujuan    = "Pelayanan prima";
		sr.links     = &slp;
		sr.n_links   = 1;
		assert_int_equal(fx_upsert_sasaran(f, &sr, &w), 0);
		kinerja__write_reply__free_unpacked(w, NULL);
		r = history(f, "tiram", "IKM", 0, 0, 0);
		assert_string_equal(
		    r->revisions[r->n_revisions - 1]->new_value,
		    "Pelayanan prima");
		assert_int_equal(
		    r->revisions[r->n_revisions - 1]->opt_old_case,
		    KINERJA__REVISION__OPT_OLD_OLD_VALUE);
		assert_string_equal(
		    r->revisions[r->n_revisions - 1]->old_value, "");
		kinerja__get_history_reply__free_unpacked(r, NULL);
	}
	/* An indicator's own history has no unit. */
	r = history(f, "", "ADUAN", 0, 0, 0);
	assert_int_equal(count_what(r, "indicator"), 1);
	assert_int_equal(count_what(r, "sasaran"), 1);
	kinerja__get_history_reply__free_unpacked(r, NULL);
	bad.unit = "";
	assert_int_equal(
	    fx_get_history(f, &bad, &r), KINERJA__CODE__INVALID_ARGUMENT);
	bad.unit  = "tiram";
	bad.limit = 10001;
	assert_int_equal(
	    fx_get_history(f, &bad, &r), KINERJA__CODE__INVALID_ARGUMENT);
}

/* A batch's history lines are written in chunks (store_rows.c): every line
 * of a batch longer than a chunk, and not a multiple of it, comes back in
 * the batch's order, with the values it wrote and replaced. */
#define BIG 77

static void
test_history_of_a_large_batch_reads_back_exactly(void **state)
{
	struct fixture           *f = *state;
	Kinerja__IndicatorValue   v[BIG];
	Kinerja__GetHistoryReply *r;
	char                      want[32];
	size_t                    i, from;

	world(f);
	fx_as(f, toks.viewer);
	r    = history(f, "tiram", "AKIP", 0, 0, 1000);
	from = r->n_revisions; /* world()'s own */
	kinerja__get_history_reply__free_unpacked(r, NULL);
	fx_as(f, toks.tiram);
	for (i = 0; i < BIG; i++)
		v[i] = value("AKIP", 2000 + (int) i, TARGET, (double) i + 0.5);
	assert_int_equal(submit(f, v, BIG, 0, NULL), 0);
	for (i = 0; i < 40; i++)
		v[i].value += 1;
	assert_int_equal(submit(f, v, BIG, 0, NULL), 0); /* 40 changed */
	fx_as(f, toks.viewer);
	r = history(f, "tiram", "AKIP", 0, 0, 1000);
	assert_int_equal(r->n_revisions, from + BIG + 40);
	for (i = 0; i < BIG + 40; i++) {
		const Kinerja__Revision *a = r->revisions[from + i];
		size_t                   k = i < BIG ? i : i - BIG;

		assert_int_equal(a->year, 2000 + (int) k);
		assert_string_equal(a->what, "target");
		snprintf(want, sizeof(want), "%zu.5", k + (i >= BIG));
		assert_string_equal(a->new_value, want);
		assert_int_equal(a->opt_old_case != 0, i >= BIG);
		if (i >= BIG) {
			snprintf(want, sizeof(want), "%zu.5", k);
			assert_string_equal(a->old_value, want);
		}
		assert_true(from + i == 0 ||
		            a->id > r->revisions[from + i - 1]->id);
	}
	kinerja__get_history_reply__free_unpacked(r, NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
		    test_history_shows_who_changed_what_and_why, fx_setup_auth,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(
		    test_history_covers_every_kind_of_write, fx_setup_auth,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(
		    test_history_of_a_large_batch_reads_back_exactly,
		    fx_setup_auth, fx_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
