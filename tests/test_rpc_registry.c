/*
 * test_rpc_registry.c - units, indicators and sasaran (handlers/h_registry.c):
 * the hierarchy, defaults, texts, ranges and what may change.
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
test_units_hierarchy_and_listing(void **state)
{
	struct fixture           *f   = *state;
	Kinerja__ListUnitsRequest req = KINERJA__LIST_UNITS_REQUEST__INIT;
	Kinerja__ListUnitsReply  *r;

	world(f);
	req.parent = "batubara";
	assert_int_equal(fx_list_units(f, &req, &r), 0);
	assert_int_equal(r->n_units, 1);
	assert_string_equal(r->units[0]->code, "tiram");
	assert_int_equal(r->units[0]->level, KINERJA__LEVEL__LEVEL_KECAMATAN);
	kinerja__list_units_reply__free_unpacked(r, NULL);
	req.parent = "nowhere";
	assert_int_equal(fx_list_units(f, &req, &r), KINERJA__CODE__NOT_FOUND);
	assert_non_null(strstr(f->st.message, "nowhere"));
}

static void
test_unit_level_defaults_from_parent(void **state)
{
	struct fixture           *f   = *state;
	Kinerja__Unit             u[] = { unit("sumut", "", 0),
		            unit("batubara", "sumut", 0) };
	Kinerja__ListUnitsRequest req = KINERJA__LIST_UNITS_REQUEST__INIT;
	Kinerja__ListUnitsReply  *r;

	assert_int_equal(upsert_units(f, u, 2, NULL), 0);
	req.parent = "sumut";
	assert_int_equal(fx_list_units(f, &req, &r), 0);
	assert_int_equal(r->units[0]->level, KINERJA__LEVEL__LEVEL_KABUPATEN);
	kinerja__list_units_reply__free_unpacked(r, NULL);
}

static void
test_unit_under_kecamatan_is_rejected(void **state)
{
	struct fixture *f   = *state;
	Kinerja__Unit   u[] = { unit(
	      "desa", "tiram", KINERJA__LEVEL__LEVEL_OPD) };

	world(f);
	assert_int_equal(
	    upsert_units(f, u, 1, NULL), KINERJA__CODE__INVALID_ARGUMENT);
	assert_int_equal(f->st.n_details, 1);
	assert_string_equal(f->st.details[0]->field, "level");
}

static void
test_unit_sent_again_without_level_or_parent_keeps_them(void **state)
{
	struct fixture           *f   = *state;
	Kinerja__Unit             u[] = { unit(
		        "dinas", "batubara", KINERJA__LEVEL__LEVEL_OPD) };
	Kinerja__ListUnitsRequest req = KINERJA__LIST_UNITS_REQUEST__INIT;
	Kinerja__ListUnitsReply  *r;
	Kinerja__WriteReply      *w = NULL;

	world(f);
	assert_int_equal(upsert_units(f, u, 1, NULL), 0);
	u[0] = unit("dinas", "", 0);
	assert_int_equal(upsert_units(f, u, 1, &w), 0);
	assert_int_equal(w->unchanged, 1);
	kinerja__write_reply__free_unpacked(w, NULL);
	req.parent = "batubara";
	assert_int_equal(fx_list_units(f, &req, &r), 0);
	assert_int_equal(r->n_units, 2); /* by level: tiram, then dinas */
	assert_string_equal(r->units[1]->code, "dinas");
	assert_int_equal(r->units[1]->level, KINERJA__LEVEL__LEVEL_OPD);
	kinerja__list_units_reply__free_unpacked(r, NULL);
}

/* A parent's level changed earlier in the same request is the level its
 * later children are placed under (kinerjad remembers a parent's level
 * within a request). */
static void
test_parent_changed_in_the_batch_places_later_children(void **state)
{
	struct fixture           *f   = *state;
	Kinerja__Unit             u[] = {
		unit("kab", "", KINERJA__LEVEL__LEVEL_KABUPATEN),
		unit("camat", "kab", KINERJA__LEVEL__LEVEL_KECAMATAN),
		unit("kab", "", KINERJA__LEVEL__LEVEL_PROVINSI),
		unit("kota", "kab", KINERJA__LEVEL__LEVEL_KABUPATEN),
	};
	Kinerja__ListUnitsRequest req = KINERJA__LIST_UNITS_REQUEST__INIT;
	Kinerja__ListUnitsReply  *r;

	assert_int_equal(upsert_units(f, u, 4, NULL), 0);
	req.parent = "kab";
	assert_int_equal(fx_list_units(f, &req, &r), 0);
	assert_int_equal(r->n_units, 2); /* by level: kota, then camat */
	assert_string_equal(r->units[0]->code, "kota");
	kinerja__list_units_reply__free_unpacked(r, NULL);
}

static void
test_long_indicator_texts_round_trip(void **state)
{
	struct fixture                  *f   = *state;
	Kinerja__Indicator               ind = KINERJA__INDICATOR__INIT;
	Kinerja__Indicator              *ip  = &ind;
	Kinerja__UpsertIndicatorsRequest req =
	    KINERJA__UPSERT_INDICATORS_REQUEST__INIT;
	Kinerja__WriteReply *w;
	char                 name[513], satuan[513];

	memset(name, 'n', 512);
	memset(satuan, 's', 512);
	name[512] = satuan[512] = 0;
	ind.code                = "LONG";
	ind.name                = name;
	ind.satuan              = satuan;
	req.indicators          = &ip;
	req.n_indicators        = 1;
	assert_int_equal(fx_upsert_indicators(f, &req, &w), 0);
	assert_int_equal(w->created, 1);
	kinerja__write_reply__free_unpacked(w, NULL);
	assert_int_equal(fx_upsert_indicators(f, &req, &w), 0);
	assert_int_equal(w->unchanged, 1);
	kinerja__write_reply__free_unpacked(w, NULL);
}

static void
test_value_type_change_that_breaks_values_is_refused(void **state)
{
	struct fixture                  *f   = *state;
	Kinerja__IndicatorValue          v   = value("AKIP", 2021, TARGET, 0);
	Kinerja__Indicator               ind = KINERJA__INDICATOR__INIT;
	Kinerja__Indicator              *ip  = &ind;
	Kinerja__UpsertIndicatorsRequest req =
	    KINERJA__UPSERT_INDICATORS_REQUEST__INIT;
	Kinerja__WriteReply *w;

	world(f);
	v.opt_value_case = 0;
	v.predikat       = "B";
	assert_int_equal(submit(f, &v, 1, 0, NULL), 0);
	ind.code = ind.name = "AKIP";
	ind.satuan          = "Nilai";
	ind.value_type      = KINERJA__VALUE_TYPE__VALUE_TYPE_NUMBER;
	req.indicators      = &ip;
	req.n_indicators    = 1;
	assert_int_equal(fx_upsert_indicators(f, &req, &w),
	    KINERJA__CODE__FAILED_PRECONDITION);
	assert_string_equal(f->st.details[0]->field, "value_type");
	/* IKM holds no predikat, and no number above 100: it may change. */
	ind.code = ind.name = "IKM";
	ind.value_type      = KINERJA__VALUE_TYPE__VALUE_TYPE_AKIP;
	assert_int_equal(fx_upsert_indicators(f, &req, &w), 0);
	kinerja__write_reply__free_unpacked(w, NULL);
}

static void
test_text_must_be_utf8_without_controls(void **state)
{
	struct fixture *f   = *state;
	Kinerja__Unit   u[] = { unit("aceh", "", 1) };

	u[0].name = "Kec \xff\xfe \x1b[31mRED";
	assert_int_equal(
	    upsert_units(f, u, 1, NULL), KINERJA__CODE__INVALID_ARGUMENT);
	assert_string_equal(f->st.details[0]->field, "name");
	assert_non_null(strstr(f->st.details[0]->message, "UTF-8"));
}

static void
test_bad_unit_code_names_the_field(void **state)
{
	struct fixture *f = *state;
	Kinerja__Unit u[] = { unit("sumut", "", 1), unit("bad code", "", 1) };
	Kinerja__ListUnitsRequest req = KINERJA__LIST_UNITS_REQUEST__INIT;
	Kinerja__ListUnitsReply  *r;

	assert_int_equal(
	    upsert_units(f, u, 2, NULL), KINERJA__CODE__INVALID_ARGUMENT);
	assert_int_equal(f->st.details[0]->index, 1);
	assert_string_equal(f->st.details[0]->field, "code");
	assert_non_null(strstr(f->st.message, "code"));
	/* All or nothing: the good first item was not written either. */
	assert_int_equal(fx_list_units(f, &req, &r), 0);
	assert_int_equal(r->n_units, 0);
	kinerja__list_units_reply__free_unpacked(r, NULL);
}

/* A range set on the indicator is stored, listed, recorded in the
 * history, and overrides the default; min above max is refused. */
static void
test_indicator_range_is_set_listed_and_checked(void **state)
{
	struct fixture         *f   = *state;
	Kinerja__IndicatorValue v[] = { value("IKM", 2025, REALISASI, 45),
		value("ADUAN", 2025, REALISASI, -1) };
	Kinerja__ListIndicatorsRequest lreq =
	    KINERJA__LIST_INDICATORS_REQUEST__INIT;
	Kinerja__ListIndicatorsReply *l;
	Kinerja__GetHistoryReply     *h;
	size_t                        k;

	world(f);
	assert_int_equal(submit(f, v, 1, 0, NULL), 0); /* 45 in 25..100 */
	/* A range the stored 45 would contradict is refused... */
	assert_int_equal(set_range(f, "IKM", "Nilai", 50, NAN),
	    KINERJA__CODE__FAILED_PRECONDITION);
	assert_string_equal(f->st.details[0]->message,
	    "min: 1 stored values of IKM lie outside 50..100 Nilai; change "
	    "them first");
	/* ...until the value is corrected. */
	v[0].value = 55;
	assert_int_equal(submit(f, v, 1, 0, NULL), 0);
	assert_int_equal(set_range(f, "IKM", "Nilai", 50, NAN), 0);
	v[0].value = 45;
	assert_int_equal(
	    submit(f, v, 1, 0, NULL), KINERJA__CODE__INVALID_ARGUMENT);
	assert_string_equal(f->st.details[0]->message,
	    "value: 45 di luar rentang sah IKM (50..100 Nilai)");
	/* ADUAN (Nilai, not an IKM) has no default; a set max applies. A
	 * satuan whose default the stored -1 breaks is refused too. */
	assert_int_equal(submit(f, &v[1], 1, 0, NULL), 0);
	assert_int_equal(set_range(f, "ADUAN", "Kasus", NAN, 10),
	    KINERJA__CODE__FAILED_PRECONDITION);
	assert_string_equal(f->st.details[0]->field, "max");
	v[1].value = 0;
	assert_int_equal(submit(f, &v[1], 1, 0, NULL), 0);
	assert_int_equal(set_range(f, "ADUAN", "Kasus", NAN, 10), 0);
	v[1].value = 11;
	assert_int_equal(
	    submit(f, &v[1], 1, 0, NULL), KINERJA__CODE__INVALID_ARGUMENT);
	assert_string_equal(f->st.details[0]->message,
	    "value: 11 di luar rentang sah ADUAN (0..10 Kasus)");
	assert_int_equal(set_range(f, "ADUAN", "Kasus", 20, 10),
	    KINERJA__CODE__INVALID_ARGUMENT);
	assert_string_equal(f->st.details[0]->field, "min");
	assert_int_equal(fx_list_indicators(f, &lreq, &l), 0);
	for (k = 0; k < l->n_indicators; k++) {
		const Kinerja__Indicator *i = l->indicators[k];

		if (strcmp(i->code, "IKM") == 0) {
			assert_int_equal(
			    i->opt_min_case, KINERJA__INDICATOR__OPT_MIN_MIN);
			assert_e2(i->min, 5000);
			assert_int_equal(i->opt_max_case, 0);
		} else if (strcmp(i->code, "ADUAN") == 0) {
			assert_int_equal(i->opt_min_case, 0);
			assert_e2(i->max, 1000);
		}
	}
	kinerja__list_indicators_reply__free_unpacked(l, NULL);
	h = history(f, "", "IKM", 0, 0, 0);
	assert_true(h->n_revisions >= 2);
	assert_non_null(strstr(
	    h->revisions[h->n_revisions - 1]->new_value, "range >= 50"));
	kinerja__get_history_reply__free_unpacked(h, NULL);
}

/* "80,5 %" for an indicator whose satuan is not % is refused naming the
 * satuan; for a % indicator it is fine. */
static void
test_percent_sign_needs_satuan_percent(void **state)
{
	struct fixture         *f   = *state;
	Kinerja__IndicatorValue v[] = { value("IKM", 2025, REALISASI, 80.5) };

	world(f);
	v[0].percent_sign = 1;
	assert_int_equal(
	    submit(f, v, 1, 0, NULL), KINERJA__CODE__INVALID_ARGUMENT);
	assert_string_equal(f->st.details[0]->message,
	    "value: written with %, but the satuan of IKM is Nilai");
	assert_int_equal(set_range(f, "ADUAN", "%", NAN, NAN), 0);
	v[0].indicator = "ADUAN";
	assert_int_equal(submit(f, v, 1, 0, NULL), 0);
	v[0].value = 100.5; /* % defaults to 0..100 */
	assert_int_equal(
	    submit(f, v, 1, 0, NULL), KINERJA__CODE__INVALID_ARGUMENT);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
		    test_units_hierarchy_and_listing, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(
		    test_unit_level_defaults_from_parent, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(
		    test_unit_under_kecamatan_is_rejected, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(
		    test_unit_sent_again_without_level_or_parent_keeps_them,
		    fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(
		    test_parent_changed_in_the_batch_places_later_children,
		    fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(
		    test_long_indicator_texts_round_trip, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(
		    test_value_type_change_that_breaks_values_is_refused,
		    fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(
		    test_text_must_be_utf8_without_controls, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(
		    test_bad_unit_code_names_the_field, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(
		    test_indicator_range_is_set_listed_and_checked, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(
		    test_percent_sign_needs_satuan_percent, fx_setup,
		    fx_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
