/*
 * test_rpc_values.c - SubmitIndicatorData and Import (handlers/h_values.c,
 * write.c): all-or-nothing batches, partial writes, validate_only, revisions,
 * replays by request id and the checks on each value.
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

/* docs/domain.md "Target 0": zero complaints targeted; none is 100 %, one is
 * 0 %, and either counts in the sasaran's mean (issue #12). */
static void
test_minimize_zero_target_is_all_or_nothing(void **state)
{
	struct fixture           *f   = *state;
	Kinerja__IndicatorValue   v[] = { value("ADUAN", 2024, TARGET, 0),
		  value("ADUAN", 2024, REALISASI, 0),
		  value("IKM", 2024, TARGET, 80),
		  value("IKM", 2024, REALISASI, 80) };
	Kinerja__GetCapaianReply *r;

	world(f);
	assert_int_equal(submit(f, v, 4, 0, NULL), 0);
	r = capaian(f, 2024, 0);
	assert_e2(r->indicators[1]->capaian, 10000);
	assert_e2(r->sasaran[0]->capaian, 10000);
	kinerja__get_capaian_reply__free_unpacked(r, NULL);
	v[1].value = 1;
	assert_int_equal(submit(f, &v[1], 1, 0, NULL), 0);
	r = capaian(f, 2024, 0);
	assert_e2(r->indicators[1]->capaian, 0);
	assert_string_equal(r->indicators[1]->predikat, "Sangat Rendah");
	assert_e2(r->sasaran[0]->capaian, 5000);
	assert_int_equal(r->sasaran[0]->indicators, 2);
	assert_int_equal(r->sasaran[0]->indicators_na, 0);
	kinerja__get_capaian_reply__free_unpacked(r, NULL);
}

/* A value of an indicator no sasaran of its unit shows is written with a
 * warning, as a dry run; once linked, no warning (issue #12). */
static void
test_unlinked_value_is_written_with_a_warning(void **state)
{
	struct fixture                  *f   = *state;
	Kinerja__Indicator               ind = KINERJA__INDICATOR__INIT;
	Kinerja__Indicator              *ip  = &ind;
	Kinerja__UpsertIndicatorsRequest req =
	    KINERJA__UPSERT_INDICATORS_REQUEST__INIT;
	Kinerja__SasaranLink          l  = KINERJA__SASARAN_LINK__INIT;
	Kinerja__SasaranLink         *lp = &l;
	Kinerja__UpsertSasaranRequest sreq =
	    KINERJA__UPSERT_SASARAN_REQUEST__INIT;
	Kinerja__IndicatorValue v = value("DOK", 2024, REALISASI, 3);
	Kinerja__WriteReply    *w;

	world(f);
	ind.code         = "DOK";
	ind.name         = "Dokumen";
	ind.satuan       = "Dokumen";
	req.indicators   = &ip;
	req.n_indicators = 1;
	assert_int_equal(fx_upsert_indicators(f, &req, &w), 0);
	kinerja__write_reply__free_unpacked(w, NULL);
	assert_int_equal(submit(f, &v, 1, 1, NULL), 0);
	assert_int_equal(f->nwarned, 1);
	assert_int_equal(submit(f, &v, 1, 0, &w), 0);
	assert_int_equal(w->created, 1);
	assert_int_equal(w->n_warnings, 1);
	assert_string_equal(w->warnings[0]->field, "indicator");
	assert_string_equal(w->warnings[0]->list, "values");
	assert_int_equal(w->warnings[0]->index, 0);
	assert_non_null(strstr(w->warnings[0]->message,
	    "no sasaran of unit \"tiram\" shows \"DOK\""));
	kinerja__write_reply__free_unpacked(w, NULL);
	l.unit       = "tiram";
	l.sasaran    = "Dokumen";
	l.indicator  = "DOK";
	sreq.links   = &lp;
	sreq.n_links = 1;
	assert_int_equal(fx_upsert_sasaran(f, &sreq, &w), 0);
	kinerja__write_reply__free_unpacked(w, NULL);
	v.value = 4;
	assert_int_equal(submit(f, &v, 1, 0, NULL), 0);
	assert_int_equal(f->nwarned, 0);
}

/* A unit-year with more values, and a unit with more linked indicators,
 * than kinerjad keeps at hand while a batch is written (512 values on
 * PostgreSQL, 64 links): past them each value is still compared with the
 * stored one, and each link still seen, one read each. */
#define MANY_IND    300
#define MANY_LINKED 70

static void
many_indicators(struct fixture *f, char (*codes)[8])
{
	Kinerja__Indicator  *ind = calloc(MANY_IND, sizeof(*ind));
	Kinerja__Indicator **ip  = calloc(MANY_IND, sizeof(*ip));
	Kinerja__SasaranLink  *l  = calloc(MANY_LINKED, sizeof(*l));
	Kinerja__SasaranLink **lp = calloc(MANY_LINKED, sizeof(*lp));
	Kinerja__UpsertIndicatorsRequest req =
	    KINERJA__UPSERT_INDICATORS_REQUEST__INIT;
	Kinerja__UpsertSasaranRequest sreq =
	    KINERJA__UPSERT_SASARAN_REQUEST__INIT;
	Kinerja__WriteReply *w;
	int                  i;

	assert_true(ind && ip && l && lp);
	for (i = 0; i < MANY_IND; i++) {
		snprintf(codes[i], 8, "M%03d", i);
		kinerja__indicator__init(&ind[i]);
		ind[i].code   = codes[i];
		ind[i].name   = codes[i];
		ind[i].satuan = "Nilai";
		ip[i]         = &ind[i];
	}
	for (i = 0; i < MANY_LINKED; i++) {
		kinerja__sasaran_link__init(&l[i]);
		l[i].unit      = "tiram";
		l[i].sasaran   = "Banyak";
		l[i].indicator = codes[MANY_IND - 1 - i];
		lp[i]          = &l[i];
	}
	req.indicators    = ip;
	req.n_indicators  = MANY_IND;
	sreq.links        = lp;
	sreq.n_links      = MANY_LINKED;
	assert_int_equal(fx_upsert_indicators(f, &req, &w), 0);
	kinerja__write_reply__free_unpacked(w, NULL);
	assert_int_equal(fx_upsert_sasaran(f, &sreq, &w), 0);
	kinerja__write_reply__free_unpacked(w, NULL);
	free(ind);
	free(ip);
	free(l);
	free(lp);
}

static void
test_unit_year_with_many_values_and_links(void **state)
{
	struct fixture          *f = *state;
	char                     codes[MANY_IND][8];
	Kinerja__IndicatorValue *v = calloc(2 * MANY_IND, sizeof(*v));
	Kinerja__WriteReply     *w;
	size_t                   i, n = 2 * MANY_IND;

	assert_non_null(v);
	world(f);
	many_indicators(f, codes);
	for (i = 0; i < n; i++)
		v[i] = value(codes[i / 2], 2025, i % 2 ? REALISASI : TARGET,
		    (double) i);
	assert_int_equal(submit(f, v, n, 0, &w), 0);
	assert_int_equal(w->created, n);
	/* Every value of an indicator no sasaran shows is warned of. */
	assert_int_equal(w->n_warnings, 2 * (MANY_IND - MANY_LINKED));
	assert_int_equal(w->warnings[0]->index, 0);
	kinerja__write_reply__free_unpacked(w, NULL);
	v[0].value     = 1000;
	v[n - 1].value = 1000;
	assert_int_equal(submit(f, v, n, 0, &w), 0);
	assert_int_equal(w->updated, 2);
	assert_int_equal(w->unchanged, n - 2);
	kinerja__write_reply__free_unpacked(w, NULL);
	free(v);
}

/* The values of two unit-years sent in turn (a sheet with a row per
 * indicator and year), then grouped by unit-year: each value compared
 * with the stored one either way (PostgreSQL reads a unit-year whole only
 * for values of it in a row). */
static void
test_values_of_two_years_in_turn_and_grouped(void **state)
{
	struct fixture          *f = *state;
	char                     codes[MANY_IND][8];
	size_t                   n = 4 * 40, i, k;
	Kinerja__IndicatorValue *v = calloc(n, sizeof(*v));
	Kinerja__IndicatorValue *g = calloc(n, sizeof(*g));
	Kinerja__WriteReply     *w;
	int                      pass;

	assert_true(v && g);
	world(f);
	many_indicators(f, codes);
	/* M000 2024 target, 2025 target, 2024 realisasi, 2025 realisasi, ... */
	for (i = 0; i < n; i++)
		v[i] = value(codes[i / 4], 2024 + (int) (i % 2),
		    (i / 2) % 2 ? REALISASI : TARGET, (double) i);
	for (i = 0, k = 0; i < n; i++)
		if (v[i].year == 2024)
			g[k++] = v[i];
	for (i = 0; i < n; i++)
		if (v[i].year == 2025)
			g[k++] = v[i];
	assert_int_equal(submit(f, v, n, 0, &w), 0);
	assert_int_equal(w->created, n);
	kinerja__write_reply__free_unpacked(w, NULL);
	for (pass = 0; pass < 2; pass++) {
		Kinerja__IndicatorValue *x = pass ? g : v;

		for (i = 0; i < n; i++)
			x[i].value += 1 + pass;
		x[n - 1].value -= 1 + pass; /* this one as stored */
		assert_int_equal(submit(f, x, n, 0, &w), 0);
		assert_int_equal(w->updated, n - 1);
		assert_int_equal(w->unchanged, 1);
		kinerja__write_reply__free_unpacked(w, NULL);
	}
	free(v);
	free(g);
}

/* A batch grouped by unit-year: on PostgreSQL a unit-year after one that
 * came in a row is read whole from its first value. Each unit-year's
 * values must be compared with its own stored ones: 2025's, resent as
 * stored, are unchanged though 2024's, sent just before, changed. */
static void
test_values_grouped_by_unit_year_each_its_own(void **state)
{
	struct fixture         *f = *state;
	char                    codes[MANY_IND][8];
	Kinerja__IndicatorValue v[20];
	Kinerja__WriteReply    *w;
	int                     i;

	world(f);
	many_indicators(f, codes);
	for (i = 0; i < 10; i++) {
		v[i]      = value(codes[i], 2024, TARGET, 10 + i);
		v[10 + i] = value(codes[i], 2025, TARGET, 20 + i);
	}
	assert_int_equal(submit(f, v, 20, 0, &w), 0);
	assert_int_equal(w->created, 20);
	kinerja__write_reply__free_unpacked(w, NULL);
	for (i = 0; i < 10; i++)
		v[i].value = 11 + i;
	assert_int_equal(submit(f, v, 20, 0, &w), 0);
	assert_int_equal(w->updated, 10);
	assert_int_equal(w->unchanged, 10);
	kinerja__write_reply__free_unpacked(w, NULL);
}

/* One key written five times in a batch, four in a row: each write sees
 * the one before it. (Value rows wait to be sent as upserts of several
 * rows, and an upsert may not touch a row twice: store_rows.c.) */
static void
test_value_written_again_in_one_batch(void **state)
{
	struct fixture         *f   = *state;
	Kinerja__IndicatorValue v[] = { value("IKM", 2025, TARGET, 80),
		value("IKM", 2025, REALISASI, 70), value("IKM", 2025, TARGET, 81),
		value("IKM", 2025, TARGET, 82), value("IKM", 2025, TARGET, 83),
		value("IKM", 2025, TARGET, 84) };
	Kinerja__WriteReply      *w;
	Kinerja__GetCapaianReply *r;
	size_t                    i;

	world(f);
	assert_int_equal(submit(f, v, 6, 0, &w), 0);
	assert_int_equal(w->created, 2);
	assert_int_equal(w->updated, 4);
	kinerja__write_reply__free_unpacked(w, NULL);
	r = capaian(f, 2025, 0);
	for (i = 0; strcmp(r->indicators[i]->indicator, "IKM") != 0; i++)
		assert_true(i + 1 < r->n_indicators);
	assert_true(r->indicators[i]->target == 84);
	assert_int_equal(r->indicators[i]->target_revisions, 5);
	kinerja__get_capaian_reply__free_unpacked(r, NULL);
}

static void
test_pk_revision_latest_wins(void **state)
{
	struct fixture         *f    = *state;
	Kinerja__IndicatorValue v1[] = { value("AKIP", 2025, TARGET, 71.25),
		value("AKIP", 2025, REALISASI, 71.38) };
	Kinerja__IndicatorValue v2[] = { value("AKIP", 2025, TARGET, 71.38) };
	Kinerja__WriteReply    *w;
	Kinerja__GetCapaianReply *r;

	world(f);
	assert_int_equal(submit(f, v1, 2, 0, NULL), 0);
	assert_int_equal(submit(f, v2, 1, 0, &w), 0);
	assert_int_equal(w->updated, 1);
	kinerja__write_reply__free_unpacked(w, NULL);
	r = capaian(f, 2025, 0);
	assert_int_equal(r->indicators[2]->target_revisions, 2);
	assert_e2(r->indicators[2]->capaian, 10000);
	kinerja__get_capaian_reply__free_unpacked(r, NULL);
}

static void
test_bad_batch_changes_nothing(void **state)
{
	struct fixture         *f   = *state;
	Kinerja__IndicatorValue v[] = { value("IKM", 2025, TARGET, 91),
		value("IKM", 3025, REALISASI, 90.07) };
	uint8_t                 before[8192];
	size_t                  n;

	world(f);
	n = snapshot(f, 2025, before, sizeof(before));
	assert_int_equal(
	    submit(f, v, 2, 0, NULL), KINERJA__CODE__INVALID_ARGUMENT);
	assert_int_equal(f->st.n_details, 1);
	assert_int_equal(f->st.details[0]->index, 1);
	assert_string_equal(f->st.details[0]->field, "year");
	assert_non_null(strstr(f->st.message, "year"));
	assert_unchanged(f, 2025, before, n);
}

static void
test_unknown_unit_in_batch_is_not_found(void **state)
{
	struct fixture         *f   = *state;
	Kinerja__IndicatorValue v[] = { value("IKM", 2025, TARGET, 91) };
	uint8_t                 before[8192];
	size_t                  n;

	world(f);
	n         = snapshot(f, 2025, before, sizeof(before));
	v[0].unit = "nowhere";
	assert_int_equal(submit(f, v, 1, 0, NULL), KINERJA__CODE__NOT_FOUND);
	assert_string_equal(f->st.details[0]->field, "unit");
	v[0].unit      = "tiram";
	v[0].indicator = "NOPE";
	assert_int_equal(submit(f, v, 1, 0, NULL), KINERJA__CODE__NOT_FOUND);
	assert_string_equal(f->st.details[0]->field, "indicator");
	assert_unchanged(f, 2025, before, n);
}

static void
test_value_checks_against_indicator(void **state)
{
	struct fixture         *f   = *state;
	Kinerja__IndicatorValue v[] = { value("AKIP", 2025, TARGET, 70.00),
		value("IKM", 2025, TARGET, 90),
		value("AKIP", 2025, TARGET, 101), value("IKM", 2025, 0, 90),
		value("IKM", 2025, TARGET, 0),
		value("AKIP", 2025, TARGET, 0) };

	world(f);
	v[0].predikat       = "BB"; /* 70,00 is B */
	v[1].predikat       = "B"; /* IKM takes no predikat */
	v[4].opt_value_case = 0; /* neither value nor predikat */
	v[5].opt_value_case = 0;
	v[5].predikat       = "XX";
	assert_int_equal(
	    submit(f, v, 6, 0, NULL), KINERJA__CODE__INVALID_ARGUMENT);
	assert_int_equal(f->st.n_details, 6);
	assert_string_equal(f->st.details[0]->field, "predikat");
	assert_non_null(strstr(f->st.details[0]->message, "B"));
	assert_string_equal(f->st.details[1]->field, "predikat");
	assert_string_equal(f->st.details[2]->field, "value");
	assert_string_equal(f->st.details[3]->field, "kind");
	assert_string_equal(f->st.details[4]->field, "value");
	assert_string_equal(f->st.details[5]->field, "predikat");
}

static void
test_partial_applies_good_items(void **state)
{
	struct fixture           *f   = *state;
	Kinerja__IndicatorValue   v[] = { value("IKM", 2025, TARGET, 90),
		  value("IKM", 1800, REALISASI, 1),
		  value("IKM", 2025, REALISASI, 90.07) };
	Kinerja__WriteReply      *w;
	Kinerja__GetCapaianReply *r;

	world(f);
	assert_int_equal(submit(f, v, 3, 2, &w), 0);
	assert_int_equal(w->created, 2);
	assert_int_equal(w->rejected, 1);
	assert_int_equal(f->st.n_details, 1);
	assert_int_equal(f->st.details[0]->index, 1);
	kinerja__write_reply__free_unpacked(w, NULL);
	r = capaian(f, 2025, 0);
	assert_e2(r->indicators[0]->capaian, 10008);
	kinerja__get_capaian_reply__free_unpacked(r, NULL);
}

static void
test_validate_only_writes_nothing(void **state)
{
	struct fixture         *f   = *state;
	Kinerja__IndicatorValue v[] = { value("IKM", 2025, TARGET, 90) };
	Kinerja__WriteReply    *w;
	uint8_t                 before[8192];
	size_t                  n;

	world(f);
	n = snapshot(f, 2025, before, sizeof(before));
	assert_int_equal(submit(f, v, 1, 1, &w), 0);
	assert_true(w->validated_only);
	assert_int_equal(w->created, 1);
	kinerja__write_reply__free_unpacked(w, NULL);
	assert_unchanged(f, 2025, before, n);
}

static void
test_same_request_id_is_applied_once(void **state)
{
	struct fixture          *f  = *state;
	Kinerja__IndicatorValue  v  = value("AKIP", 2025, TARGET, 71.25);
	Kinerja__IndicatorValue *vp = &v;
	Kinerja__SubmitIndicatorDataRequest req =
	    KINERJA__SUBMIT_INDICATOR_DATA_REQUEST__INIT;
	Kinerja__WriteReply              *w;
	Kinerja__GetCapaianReply         *r;
	const ProtobufCMessageDescriptor *d =
	    &kinerja__write_reply__descriptor;

	world(f);
	req.values   = &vp;
	req.n_values = 1;
	assert_int_equal(fx_call(f, "SubmitIndicatorData", &req.base, d,
	                     (ProtobufCMessage **) &w, "fixed-id"),
	    0);
	assert_false(w->replayed);
	kinerja__write_reply__free_unpacked(w, NULL);
	/* Another write in between must not be undone by the replay. */
	v.value = 71.38;
	assert_int_equal(submit(f, &v, 1, 0, NULL), 0);
	v.value = 71.25;
	assert_int_equal(fx_call(f, "SubmitIndicatorData", &req.base, d,
	                     (ProtobufCMessage **) &w, "fixed-id"),
	    0);
	assert_true(w->replayed);
	assert_int_equal(w->created, 1);
	kinerja__write_reply__free_unpacked(w, NULL);
	r = capaian(f, 2025, 0);
	assert_e2(r->indicators[2]->target, 7138);
	assert_int_equal(r->indicators[2]->target_revisions, 2);
	kinerja__get_capaian_reply__free_unpacked(r, NULL);
}

static void
test_import_is_all_or_nothing(void **state)
{
	struct fixture           *f    = *state;
	Kinerja__Unit             u[]  = { unit("sumut", "", 1) };
	Kinerja__Unit            *up   = &u[0];
	Kinerja__IndicatorValue   v    = value("IKM", 2025, TARGET, 90);
	Kinerja__IndicatorValue  *vp   = &v;
	Kinerja__ImportRequest    req  = KINERJA__IMPORT_REQUEST__INIT;
	Kinerja__ListUnitsRequest lreq = KINERJA__LIST_UNITS_REQUEST__INIT;
	Kinerja__ListUnitsReply  *lr;
	Kinerja__WriteReply      *w;

	req.units    = &up;
	req.n_units  = 1;
	req.values   = &vp;
	req.n_values = 1; /* tiram does not exist: the unit must not stay */
	assert_int_equal(fx_import(f, &req, &w), KINERJA__CODE__NOT_FOUND);
	assert_string_equal(f->st.details[0]->list, "values");
	assert_int_equal(f->st.details[0]->index, 0);
	assert_int_equal(fx_list_units(f, &lreq, &lr), 0);
	assert_int_equal(lr->n_units, 0);
	kinerja__list_units_reply__free_unpacked(lr, NULL);
}

static void
test_import_applies_definitions_before_values(void **state)
{
	struct fixture           *f    = *state;
	Kinerja__Unit             u[]  = { unit("sumut", "", 1),
		             unit("batubara", "sumut", 2), unit("tiram", "batubara", 3) };
	Kinerja__Unit            *up[] = { &u[0], &u[1], &u[2] };
	Kinerja__Indicator        ind  = KINERJA__INDICATOR__INIT;
	Kinerja__Indicator       *ip   = &ind;
	Kinerja__SasaranLink      l    = KINERJA__SASARAN_LINK__INIT;
	Kinerja__SasaranLink     *lp   = &l;
	Kinerja__IndicatorValue   v[]  = { value("IKM", 2025, TARGET, 90),
		   value("IKM", 2025, REALISASI, 90.07) };
	Kinerja__IndicatorValue  *vp[] = { &v[0], &v[1] };
	Kinerja__ImportRequest    req  = KINERJA__IMPORT_REQUEST__INIT;
	Kinerja__WriteReply      *w;
	Kinerja__GetCapaianReply *r;

	ind.code = ind.name = "IKM";
	ind.satuan          = "Nilai";
	l.unit              = "tiram";
	l.sasaran           = "Kepuasan";
	l.indicator         = "IKM";
	req.units           = up;
	req.n_units         = 3;
	req.indicators      = &ip;
	req.n_indicators    = 1;
	req.links           = &lp;
	req.n_links         = 1;
	req.values          = vp;
	req.n_values        = 2;
	assert_int_equal(fx_import(f, &req, &w), 0);
	assert_int_equal(w->created, 7);
	kinerja__write_reply__free_unpacked(w, NULL);
	r = capaian(f, 2025, 0);
	assert_e2(r->capaian, 10008);
	kinerja__get_capaian_reply__free_unpacked(r, NULL);
}

static void
test_revision_sequence_sent_again_is_unchanged(void **state)
{
	struct fixture           *f   = *state;
	Kinerja__IndicatorValue   v[] = { value("AKIP", 2025, TARGET, 71.25),
		  value("AKIP", 2025, TARGET, 71.38) };
	Kinerja__WriteReply      *w;
	Kinerja__GetCapaianReply *r;

	world(f);
	assert_int_equal(submit(f, v, 2, 0, &w), 0);
	assert_int_equal(w->created, 1);
	assert_int_equal(w->updated, 1);
	kinerja__write_reply__free_unpacked(w, NULL);
	assert_int_equal(submit(f, v, 2, 0, &w), 0);
	assert_int_equal(w->unchanged, 2);
	kinerja__write_reply__free_unpacked(w, NULL);
	r = capaian(f, 2025, 0);
	assert_int_equal(r->indicators[2]->target_revisions, 2);
	kinerja__get_capaian_reply__free_unpacked(r, NULL);
	/* Sent again with bad fields, the sequence is checked all the same. */
	v[0].predikat = "D";
	v[1].predikat = "ZZZ";
	assert_int_equal(
	    submit(f, v, 2, 0, &w), KINERJA__CODE__INVALID_ARGUMENT);
	assert_int_equal(f->st.n_details, 2);
	v[0].predikat = v[1].predikat = "";
	/* Going back to the original is a real revision. */
	assert_int_equal(submit(f, v, 1, 0, &w), 0);
	assert_int_equal(w->updated, 1);
	kinerja__write_reply__free_unpacked(w, NULL);
}

/* Sends a SubmitIndicatorData with a fixed request id. */
static int
submit_as(struct fixture *f, const char *id, Kinerja__IndicatorValue *v,
    size_t n, int partial, Kinerja__WriteReply **w)
{
	Kinerja__SubmitIndicatorDataRequest req =
	    KINERJA__SUBMIT_INDICATOR_DATA_REQUEST__INIT;
	Kinerja__IndicatorValue *p[8];
	size_t                   i;

	for (i = 0; i < n; i++)
		p[i] = &v[i];
	req.values   = p;
	req.n_values = n;
	req.partial  = partial;
	return fx_call(f, "SubmitIndicatorData", &req.base,
	    &kinerja__write_reply__descriptor, (ProtobufCMessage **) w, id);
}

static void
test_request_id_reused_for_another_request(void **state)
{
	struct fixture             *f    = *state;
	Kinerja__IndicatorValue     a    = value("IKM", 2030, TARGET, 80);
	Kinerja__IndicatorValue     b    = value("IKM", 2030, TARGET, 95.5);
	Kinerja__UpsertUnitsRequest ureq = KINERJA__UPSERT_UNITS_REQUEST__INIT;
	Kinerja__Unit               u    = unit("aceh", "", 1);
	Kinerja__Unit              *up   = &u;
	Kinerja__WriteReply        *w;
	Kinerja__GetTrendReply     *t;

	world(f);
	assert_int_equal(submit_as(f, "pk-2030", &a, 1, 0, &w), 0);
	kinerja__write_reply__free_unpacked(w, NULL);
	assert_int_equal(submit_as(f, "pk-2030", &b, 1, 0, &w),
	    KINERJA__CODE__ALREADY_EXISTS);
	assert_non_null(strstr(f->st.message, "request_id"));
	ureq.units   = &up;
	ureq.n_units = 1;
	assert_int_equal(fx_call(f, "UpsertUnits", &ureq.base,
	                     &kinerja__write_reply__descriptor,
	                     (ProtobufCMessage **) &w, "pk-2030"),
	    KINERJA__CODE__ALREADY_EXISTS);
	t = trend(f, "IKM", 2030, 2030, 0);
	assert_int_equal(llround(t->points[0]->target * 100), 8000);
	kinerja__get_trend_reply__free_unpacked(t, NULL);
}

static void
test_replay_of_partial_write_keeps_details(void **state)
{
	struct fixture         *f   = *state;
	Kinerja__IndicatorValue v[] = { value("IKM", 2025, TARGET, 90),
		value("IKM", 1800, TARGET, 1) };
	Kinerja__WriteReply    *w;

	world(f);
	assert_int_equal(submit_as(f, "partial-1", v, 2, 1, &w), 0);
	assert_int_equal(w->rejected, 1);
	assert_false(w->replayed);
	kinerja__write_reply__free_unpacked(w, NULL);
	assert_int_equal(submit_as(f, "partial-1", v, 2, 1, &w), 0);
	assert_true(w->replayed);
	assert_int_equal(w->rejected, 1);
	assert_int_equal(f->st.n_details, 1);
	assert_int_equal(f->st.details[0]->index, 1);
	assert_string_equal(f->st.details[0]->field, "year");
	assert_string_equal(f->st.details[0]->list, "values");
	kinerja__write_reply__free_unpacked(w, NULL);
}

static void
test_long_request_id_is_refused(void **state)
{
	struct fixture         *f = *state;
	Kinerja__IndicatorValue v = value("IKM", 2025, TARGET, 90);
	Kinerja__WriteReply    *w;
	char                    id[200];

	world(f);
	memset(id, 'x', sizeof(id) - 1);
	id[sizeof(id) - 1] = 0;
	assert_int_equal(
	    submit_as(f, id, &v, 1, 0, &w), KINERJA__CODE__INVALID_ARGUMENT);
	assert_non_null(strstr(f->st.message, "request_id"));
}

static void
test_batch_size_limits(void **state)
{
	struct fixture          *f = *state;
	Kinerja__IndicatorValue *v = calloc(20001, sizeof(*v));
	int                      i;

	world(f);
	for (i = 0; i < 20001; i++)
		v[i] = value("IKM", 2025, TARGET, 90);
	assert_int_equal(
	    submit(f, v, 20001, 0, NULL), KINERJA__CODE__RESOURCE_EXHAUSTED);
	assert_non_null(strstr(f->st.message, "20000"));
	assert_int_equal(
	    submit(f, v, 0, 0, NULL), KINERJA__CODE__INVALID_ARGUMENT);
	assert_non_null(strstr(f->st.message, "empty"));
	free(v);
}

/* An IKM of 150 or -5 is refused naming the field and the range, and
 * nothing of the batch is written; SubmitIndicatorData and Import alike. */
static void
test_value_outside_default_range_is_refused(void **state)
{
	struct fixture          *f    = *state;
	Kinerja__IndicatorValue  v[]  = { value("IKM", 2025, TARGET, 90),
		  value("IKM", 2025, REALISASI, 150),
		  value("IKM", 2025, TARGET, -5) };
	Kinerja__IndicatorValue *vp[] = { &v[0], &v[1] };
	Kinerja__ImportRequest   imp  = KINERJA__IMPORT_REQUEST__INIT;
	Kinerja__WriteReply     *w;
	uint8_t                  before[8192];
	size_t                   n;

	world(f);
	n = snapshot(f, 2025, before, sizeof(before));
	assert_int_equal(
	    submit(f, v, 2, 0, NULL), KINERJA__CODE__INVALID_ARGUMENT);
	assert_int_equal(f->st.n_details, 1);
	assert_int_equal(f->st.details[0]->index, 1);
	assert_string_equal(f->st.details[0]->field, "value");
	assert_string_equal(f->st.details[0]->message,
	    "value: 150 di luar rentang sah IKM (25..100 Nilai)");
	assert_int_equal(
	    submit(f, &v[2], 1, 0, NULL), KINERJA__CODE__INVALID_ARGUMENT);
	assert_string_equal(f->st.details[0]->message,
	    "value: -5 di luar rentang sah IKM (25..100 Nilai)");
	imp.values   = vp;
	imp.n_values = 2;
	assert_int_equal(
	    fx_import(f, &imp, &w), KINERJA__CODE__INVALID_ARGUMENT);
	assert_non_null(strstr(f->st.details[0]->message, "25..100"));
	assert_unchanged(f, 2025, before, n);
	/* The edges are inside. */
	v[1].value = 100;
	v[0].value = 25;
	assert_int_equal(submit(f, v, 2, 0, NULL), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
		    test_unit_year_with_many_values_and_links, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(
		    test_values_grouped_by_unit_year_each_its_own, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(
		    test_value_written_again_in_one_batch, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(
		    test_values_of_two_years_in_turn_and_grouped, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(
		    test_pk_revision_latest_wins, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(
		    test_bad_batch_changes_nothing, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(
		    test_unknown_unit_in_batch_is_not_found, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(
		    test_value_checks_against_indicator, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(
		    test_partial_applies_good_items, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(
		    test_validate_only_writes_nothing, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(
		    test_same_request_id_is_applied_once, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(
		    test_import_is_all_or_nothing, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(
		    test_import_applies_definitions_before_values, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(
		    test_revision_sequence_sent_again_is_unchanged, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(
		    test_request_id_reused_for_another_request, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(
		    test_replay_of_partial_write_keeps_details, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(
		    test_long_request_id_is_refused, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(
		    test_minimize_zero_target_is_all_or_nothing, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(
		    test_unlinked_value_is_written_with_a_warning, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(
		    test_value_outside_default_range_is_refused, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(
		    test_batch_size_limits, fx_setup, fx_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
