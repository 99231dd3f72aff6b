/*
 * test_rpc_pending.c - the rows a write leaves waiting in the connection
 * (store_rows.c: values, revisions, history; store.c's step), the value
 * memo of a grouped batch and the stated-vs-derived memo, on either
 * backend (written by a review of that change).
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
#include <sqlite3.h>

#include "pg_schema.h"
#include "rpc_helpers.h"
#include "test_db.h"

/* A unit code of KCODE_MAX (64) characters: valid, but longer than the
 * store's unit memo keeps (store.c memo_fits: < 64), so every lookup of
 * it is a statement. */
#define LONG_UNIT                                                          \
	"kecamatan-dengan-kode-yang-panjang-sekali-0123456789-abcdefghijk"

/* Makes every insert into table of a value of 77.77 fail, as a statement
 * that sends the waiting rows can fail (a fault of the database, out of
 * memory, a trigger, a constraint). */
static void
inject_fault(struct fixture *f, const char *table)
{
	char sql[1024], err[256];

	if (test_db_is_pg()) {
		const char *s = pg_schema_of(f->db);

		assert_non_null(s);
		snprintf(sql, sizeof(sql),
		    "CREATE FUNCTION %s.boom() RETURNS trigger"
		    " LANGUAGE plpgsql AS $$BEGIN"
		    " IF NEW.value_e4 = 777700 THEN"
		    " RAISE EXCEPTION 'injected fault'; END IF;"
		    " RETURN NEW; END$$;"
		    "CREATE TRIGGER boom BEFORE INSERT ON %s.%s"
		    " FOR EACH ROW EXECUTE FUNCTION %s.boom()",
		    s, s, table, s);
		assert_int_equal(pg_schema_exec(sql, err, sizeof(err)), 0);
	} else {
		sqlite3 *db;

		snprintf(sql, sizeof(sql),
		    "CREATE TRIGGER boom BEFORE INSERT ON %s"
		    " WHEN NEW.value_e4 = 777700"
		    " BEGIN SELECT RAISE(ABORT, 'injected fault'); END",
		    table);
		assert_int_equal(sqlite3_open(f->db, &db), SQLITE_OK);
		assert_int_equal(sqlite3_exec(db, sql, 0, 0, 0), SQLITE_OK);
		sqlite3_close(db);
	}
}

static const Kinerja__CapaianRow *
row_of(const Kinerja__GetCapaianReply *r, const char *ind)
{
	size_t i;

	for (i = 0; i < r->n_indicators; i++)
		if (strcmp(r->indicators[i]->indicator, ind) == 0)
			return r->indicators[i];
	fail_msg("no row of %s", ind);
	return NULL;
}

/* A write the store could not send must not be acknowledged. A stated
 * realisasi waits to be sent; the stated-vs-derived check that follows
 * it looks the unit up first (store_budget.c learn_evaluations), and that
 * statement sends the waiting rows. When sending them fails, the rows
 * are dropped (kst_rows_flush_table): the failure must reach the write.
 * For "tiram" the next statement fails; for a unit the memo does not keep
 * (its code is 64 bytes), a caller that takes a failed lookup for
 * "unknown unit" and carries on would let the batch commit "created 1"
 * with nothing stored, no revision, no history, had the store not
 * remembered the loss (struct kstore's rows_lost). */
static void
test_failed_value_send_is_never_acknowledged(void **state)
{
	struct fixture               *f = *state;
	Kinerja__Unit                 u = unit(LONG_UNIT, "batubara",
	                    KINERJA__LEVEL__LEVEL_KECAMATAN);
	Kinerja__SasaranLink          l  = KINERJA__SASARAN_LINK__INIT;
	Kinerja__SasaranLink         *lp = &l;
	Kinerja__UpsertSasaranRequest sreq =
	    KINERJA__UPSERT_SASARAN_REQUEST__INIT;
	Kinerja__IndicatorValue   v[2];
	Kinerja__WriteReply      *w = NULL;
	Kinerja__GetCapaianReply *r;
	Kinerja__GetHistoryReply *h;
	const char               *units[2] = { "tiram", LONG_UNIT };
	int                       i, code;

	world(f);
	assert_int_equal(upsert_units(f, &u, 1, NULL), 0);
	l.unit       = LONG_UNIT;
	l.sasaran    = "Kepuasan";
	l.indicator  = "IKM";
	sreq.links   = &lp;
	sreq.n_links = 1;
	assert_int_equal(fx_upsert_sasaran(f, &sreq, &w), 0);
	kinerja__write_reply__free_unpacked(w, NULL);
	inject_fault(f, "indicator_values");
	for (i = 0; i < 2; i++) {
		v[i] = uvalue(units[i], "IKM", 2025, REALISASI, 77.77);
		w    = NULL;
		code = submit(f, &v[i], 1, 0, &w);
		r    = capaian_of(f, units[i], 2025);
		h    = history(f, units[i], "IKM", 2025, 0, 10);
		if (code == 0)
			print_error("%s: acknowledged (created %u) but %s\n",
			    units[i], w->created,
			    row_of(r, "IKM")->opt_realisasi_case
			        ? "stored"
			        : "NOT stored, no history");
		/* Either the write failed, or it is there. */
		assert_true(code != 0 ||
		            (row_of(r, "IKM")->opt_realisasi_case &&
		                h->n_revisions == 1));
		if (w != NULL)
			kinerja__write_reply__free_unpacked(w, NULL);
		kinerja__get_capaian_reply__free_unpacked(r, NULL);
		kinerja__get_history_reply__free_unpacked(h, NULL);
	}
}

/* A partial batch writing one key again around rejected items: the
 * rejected change nothing, the others are kept exactly, in order, with
 * exact revisions and history. */
static void
test_partial_same_key_around_rejected_items(void **state)
{
	struct fixture          *f   = *state;
	Kinerja__IndicatorValue  v[] = { value("IKM", 2025, TARGET, 80),
		 value("IKM", 2025, TARGET, 150), /* outside 25..100 */
		 value("IKM", 2025, TARGET, 81),
		 uvalue("nowhere", "IKM", 2025, TARGET, 90),
		 value("IKM", 2025, TARGET, 81),
		 value("IKM", 2025, REALISASI, 70),
		 value("IKM", 2025, TARGET, 82),
		 value("IKM", 2025, TARGET, 101), /* outside */
		 value("IKM", 2025, REALISASI, 71) };
	Kinerja__WriteReply      *w;
	Kinerja__GetCapaianReply *r;
	Kinerja__GetHistoryReply *h;
	const char *news[] = { "80", "81", "70", "82", "71" };
	size_t      i;

	world(f);
	assert_int_equal(submit(f, v, 9, 2, &w), 0);
	assert_int_equal(w->created, 2);
	assert_int_equal(w->updated, 3);
	assert_int_equal(w->unchanged, 1);
	assert_int_equal(w->rejected, 3);
	kinerja__write_reply__free_unpacked(w, NULL);
	r = capaian(f, 2025, 0);
	assert_true(row_of(r, "IKM")->target == 82);
	assert_int_equal(row_of(r, "IKM")->target_revisions, 3);
	assert_true(row_of(r, "IKM")->realisasi == 71);
	kinerja__get_capaian_reply__free_unpacked(r, NULL);
	h = history(f, "tiram", "IKM", 2025, 0, 50);
	assert_int_equal(h->n_revisions, 5);
	for (i = 0; i < 5; i++) {
		assert_string_equal(h->revisions[i]->new_value, news[i]);
		if (i > 0)
			assert_true(
			    h->revisions[i]->id > h->revisions[i - 1]->id);
	}
	kinerja__get_history_reply__free_unpacked(h, NULL);
}

/* One Import of a unit-year's targets, its AKIP evaluation and two
 * surveys: each derived realisasi sees what was written before it in the
 * transaction (the AKIP and survey memo, the value rows waiting). */
static void
test_import_values_akip_and_surveys_of_one_unit_year(void **state)
{
	struct fixture         *f   = *state;
	Kinerja__IndicatorValue v[] = { value("IKM", 2025, TARGET, 80),
		value("AKIP", 2025, TARGET, 70), value("ADUAN", 2025, TARGET, 5) };
	Kinerja__IndicatorValue *vp[] = { &v[0], &v[1], &v[2] };
	Kinerja__AkipComponent   c[]  = { component("Perencanaan", 30, 20, -1),
		   component("Pengukuran", 70, 45, -1) };
	Kinerja__AkipComponent  *cp[] = { &c[0], &c[1] };
	Kinerja__SubmitAkipEvaluationRequest  a;
	Kinerja__SubmitAkipEvaluationRequest *ap = &a;
	double                        means[9] = { 3, 3, 3, 3, 3, 3, 3, 3, 3 };
	double                        more[9]  = { 4, 4, 4, 4, 4, 4, 4, 4, 4 };
	Kinerja__SubmitSurveyRequest  s[2];
	Kinerja__SubmitSurveyRequest *sp[] = { &s[0], &s[1] };
	Kinerja__ImportRequest        req  = KINERJA__IMPORT_REQUEST__INIT;
	Kinerja__WriteReply          *w;
	Kinerja__GetCapaianReply     *r;
	Kinerja__GetHistoryReply     *h;
	int                           i;

	world(f);
	kinerja__submit_akip_evaluation_request__init(&a);
	a.unit         = "tiram";
	a.year         = 2025;
	a.components   = cp;
	a.n_components = 2;
	for (i = 0; i < 2; i++) {
		kinerja__submit_survey_request__init(&s[i]);
		s[i].unit             = "tiram";
		s[i].year             = 2025;
		s[i].unsur_means      = i ? more : means;
		s[i].n_unsur_means    = 9;
		s[i].respondent_count = 10;
	}
	req.values    = vp;
	req.n_values  = 3;
	req.akip      = &ap;
	req.n_akip    = 1;
	req.surveys   = sp;
	req.n_surveys = 2;
	assert_int_equal(fx_import(f, &req, &w), 0);
	kinerja__write_reply__free_unpacked(w, NULL);
	r = capaian(f, 2025, 0);
	assert_true(row_of(r, "AKIP")->opt_realisasi_case);
	assert_e2(row_of(r, "AKIP")->realisasi, 6500);
	assert_true(row_of(r, "AKIP")->realisasi_derived);
	assert_true(row_of(r, "IKM")->opt_realisasi_case);
	assert_e2(row_of(r, "IKM")->realisasi, 10000); /* means of 4 */
	kinerja__get_capaian_reply__free_unpacked(r, NULL);
	h = history(f, "tiram", "IKM", 2025, 0, 50);
	/* the target, the first survey's IKM, the second's */
	assert_int_equal(h->n_revisions, 3);
	kinerja__get_history_reply__free_unpacked(h, NULL);
	/* Sent again: nothing changes. */
	assert_int_equal(fx_import(f, &req, &w), 0);
	assert_int_equal(w->updated, 2); /* survey 1, then 2 */
	assert_int_equal(w->unchanged, 4);
	kinerja__write_reply__free_unpacked(w, NULL);
}

/* Unit-years in groups, revisited within one batch (A A B B A A B B),
 * and one key three times in a row: on PostgreSQL the value memo of each
 * group is read at its first value (the unit-year before came in a row),
 * with the rows of the earlier group still waiting. */
static void
test_unit_years_revisited_in_one_batch(void **state)
{
	struct fixture          *f   = *state;
	Kinerja__IndicatorValue  v[] = { value("IKM", 2024, TARGET, 10 + 30),
		 value("ADUAN", 2024, TARGET, 20),
		 value("IKM", 2025, TARGET, 30 + 30),
		 value("ADUAN", 2025, TARGET, 40),
		 value("IKM", 2024, TARGET, 11 + 30),
		 value("ADUAN", 2024, TARGET, 20),
		 value("IKM", 2025, TARGET, 30 + 30),
		 value("ADUAN", 2025, TARGET, 41),
		 value("IKM", 2026, TARGET, 50), value("IKM", 2026, TARGET, 51),
		 value("IKM", 2026, TARGET, 50) };
	Kinerja__WriteReply      *w;
	Kinerja__GetCapaianReply *r;

	world(f);
	assert_int_equal(submit(f, v, 11, 0, &w), 0);
	assert_int_equal(w->created, 5);
	assert_int_equal(w->updated, 4);
	assert_int_equal(w->unchanged, 2);
	kinerja__write_reply__free_unpacked(w, NULL);
	r = capaian(f, 2024, 0);
	assert_int_equal(row_of(r, "IKM")->target_revisions, 2);
	assert_true(row_of(r, "IKM")->target == 41);
	kinerja__get_capaian_reply__free_unpacked(r, NULL);
	r = capaian(f, 2026, 0);
	assert_int_equal(row_of(r, "IKM")->target_revisions, 3);
	assert_true(row_of(r, "IKM")->target == 50);
	kinerja__get_capaian_reply__free_unpacked(r, NULL);
	/* The same batch again: each key's stored history ends with its
	 * items (h_values.c skip_replayed_revisions): all unchanged. */
	assert_int_equal(submit(f, v, 11, 0, &w), 0);
	assert_int_equal(w->created, 0);
	assert_int_equal(w->updated, 0);
	assert_int_equal(w->unchanged, 11);
	kinerja__write_reply__free_unpacked(w, NULL);
}

/*
 * 300 values in one call, so that on PostgreSQL their revision rows wait
 * and go by one COPY at the commit (store_rows.c): a revision that cannot
 * be stored fails the whole call, which changes nothing, and the next
 * write goes through.
 */
static void
test_failed_revision_copy_changes_nothing(void **state)
{
	static const char *const  inds[3] = { "IKM", "AKIP", "ADUAN" };
	struct fixture           *f       = *state;
	Kinerja__IndicatorValue   v[300];
	Kinerja__WriteReply      *w = NULL;
	Kinerja__GetHistoryReply *h;
	uint8_t                   before[8192];
	size_t                    n;
	int                       i;

	world(f);
	inject_fault(f, "value_revisions");
	for (i = 0; i < 300; i++)
		v[i] = uvalue("tiram", inds[i % 3], 1950 + i / 3, REALISASI,
		    i == 290 ? 77.77 : 30 + i % 60);
	n = snapshot(f, 2025, before, sizeof(before));
	assert_int_equal(submit(f, v, 300, 0, &w), KINERJA__CODE__INTERNAL);
	assert_unchanged(f, 2025, before, n);
	h = history(f, "tiram", "IKM", 1950, 0, 10);
	assert_int_equal(h->n_revisions, 0);
	kinerja__get_history_reply__free_unpacked(h, NULL);
	/* Without the poisoned value, all 300 are stored. */
	v[290] = uvalue("tiram", inds[290 % 3], 1950 + 290 / 3, REALISASI, 1);
	assert_int_equal(submit(f, v, 300, 0, &w), 0);
	assert_int_equal(w->created, 300);
	kinerja__write_reply__free_unpacked(w, NULL);
	h = history(f, "tiram", "ADUAN", 1950 + 299 / 3, 0, 10);
	assert_int_equal(h->n_revisions, 1);
	kinerja__get_history_reply__free_unpacked(h, NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
		    test_failed_value_send_is_never_acknowledged, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(
		    test_partial_same_key_around_rejected_items, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(
		    test_import_values_akip_and_surveys_of_one_unit_year,
		    fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(
		    test_unit_years_revisited_in_one_batch, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(
		    test_failed_revision_copy_changes_nothing, fx_setup,
		    fx_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
