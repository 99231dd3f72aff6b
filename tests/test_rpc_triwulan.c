/*
 * test_rpc_triwulan.c - triwulan through dispatch (docs/triwulan.md):
 * quarterly values submitted and imported, GetCapaian for a triwulan of a
 * count (sum: entered as running totals) and of an index (latest value,
 * carried to a triwulan without one of its own), GetTrend over the
 * quarters, history and export, and what is refused with nothing changed.
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

static Kinerja__IndicatorValue
tw(const char *ind, Kinerja__ValueKind kind, int period, double v)
{
	Kinerja__IndicatorValue iv = value(ind, 2025, kind, v);

	iv.period = period;
	return iv;
}

/* An indicator of tiram's sasaran "Pelayanan"; quarterly as given. */
static void
add_indicator(struct fixture *f, const char *code, const char *satuan,
    Kinerja__QuarterlyRule q, int expect)
{
	Kinerja__Indicator               ind = KINERJA__INDICATOR__INIT;
	Kinerja__Indicator              *ip  = &ind;
	Kinerja__UpsertIndicatorsRequest ireq =
	    KINERJA__UPSERT_INDICATORS_REQUEST__INIT;
	Kinerja__SasaranLink          l  = KINERJA__SASARAN_LINK__INIT;
	Kinerja__SasaranLink         *lp = &l;
	Kinerja__UpsertSasaranRequest sreq =
	    KINERJA__UPSERT_SASARAN_REQUEST__INIT;
	Kinerja__WriteReply *r;

	ind.code          = (char *) code;
	ind.name          = (char *) code;
	ind.satuan        = (char *) satuan;
	ind.quarterly     = q;
	ireq.indicators   = &ip;
	ireq.n_indicators = 1;
	assert_int_equal(fx_upsert_indicators(f, &ireq, &r), expect);
	if (expect != 0)
		return;
	kinerja__write_reply__free_unpacked(r, NULL);
	l.unit       = "tiram";
	l.sasaran    = "Pelayanan";
	l.indicator  = (char *) code;
	sreq.links   = &lp;
	sreq.n_links = 1;
	assert_int_equal(fx_upsert_sasaran(f, &sreq, &r), 0);
	kinerja__write_reply__free_unpacked(r, NULL);
}

static Kinerja__GetCapaianReply *
capaian_tw(struct fixture *f, int triwulan)
{
	Kinerja__GetCapaianRequest req = KINERJA__GET_CAPAIAN_REQUEST__INIT;
	Kinerja__GetCapaianReply  *r;

	req.unit     = "tiram";
	req.year     = 2025;
	req.triwulan = triwulan;
	assert_int_equal(fx_get_capaian(f, &req, &r), 0);
	assert_int_equal(r->triwulan, triwulan);
	return r;
}

static const Kinerja__CapaianRow *
row_of(const Kinerja__GetCapaianReply *r, const char *code)
{
	size_t i;

	for (i = 0; i < r->n_indicators; i++)
		if (strcmp(r->indicators[i]->indicator, code) == 0)
			return r->indicators[i];
	fail_msg("no row %s", code);
	return NULL;
}

/* LAYAN counts documents (sum by default): PK 100, rencana aksi 20, 45,
 * 70, 100; realisasi to date 25, 50, 78. IKM (latest by default): PK 90,
 * rencana aksi 88,50 and 89,00 for II and III; realisasi 87,10 and 88,60
 * for I and II only. */
static void
quarterly_world(struct fixture *f)
{
	Kinerja__IndicatorValue v[] = { value("LAYAN", 2025, TARGET, 100),
		tw("LAYAN", TARGET, 1, 20), tw("LAYAN", TARGET, 2, 45),
		tw("LAYAN", TARGET, 3, 70), tw("LAYAN", TARGET, 4, 100),
		tw("LAYAN", REALISASI, 1, 25), tw("LAYAN", REALISASI, 2, 50),
		tw("LAYAN", REALISASI, 3, 78), value("IKM", 2025, TARGET, 90),
		tw("IKM", TARGET, 2, 88.5), tw("IKM", TARGET, 3, 89),
		tw("IKM", REALISASI, 1, 87.1), tw("IKM", REALISASI, 2, 88.6) };

	world(f);
	add_indicator(f, "LAYAN", "Dokumen", 0, 0);
	assert_int_equal(submit(f, v, sizeof(v) / sizeof(v[0]), 0, NULL), 0);
}

static void
test_cumulative_count(void **state)
{
	struct fixture            *f = *state;
	Kinerja__GetCapaianReply  *r;
	const Kinerja__CapaianRow *c;

	quarterly_world(f);
	r = capaian_tw(f, 3);
	c = row_of(r, "LAYAN");
	assert_int_equal(
	    c->quarterly, KINERJA__QUARTERLY_RULE__QUARTERLY_RULE_SUM);
	assert_int_equal(c->triwulan, 3);
	assert_e2(c->target, 7000);
	assert_e2(c->realisasi, 7800);
	assert_int_equal(c->realisasi_triwulan, 3);
	assert_e2(c->capaian, 11143); /* 78 / 70 = 111,428... */
	assert_e2(c->year_target, 10000);
	assert_e2(c->year_capaian, 7800); /* 78 / 100 */
	assert_string_equal(c->year_predikat, "Tinggi");
	assert_int_equal(c->opt_in_quarter_case,
	    KINERJA__CAPAIAN_ROW__OPT_IN_QUARTER_IN_QUARTER);
	assert_e2(c->in_quarter, 2800); /* 78 - 50 */
	kinerja__get_capaian_reply__free_unpacked(r, NULL);
	/* Triwulan IV has a target and no realisasi yet. */
	r = capaian_tw(f, 4);
	c = row_of(r, "LAYAN");
	assert_int_equal(c->opt_capaian_case, 0);
	assert_string_equal(c->na_reason, "tidak ada realisasi triwulan ini");
	assert_string_equal(
	    c->year_na_reason, "tidak ada realisasi triwulan ini");
	kinerja__get_capaian_reply__free_unpacked(r, NULL);
}

static void
test_latest_value(void **state)
{
	struct fixture            *f = *state;
	Kinerja__GetCapaianReply  *r;
	const Kinerja__CapaianRow *c;

	quarterly_world(f);
	r = capaian_tw(f, 3);
	c = row_of(r, "IKM");
	assert_int_equal(
	    c->quarterly, KINERJA__QUARTERLY_RULE__QUARTERLY_RULE_LATEST);
	/* No realisasi for III: the latest, II's, stands. */
	assert_e2(c->realisasi, 8860);
	assert_int_equal(c->realisasi_triwulan, 2);
	assert_e2(c->target, 8900);
	assert_e2(c->capaian, 9955); /* 88,6 / 89 = 99,550... */
	assert_e2(c->year_capaian, 9844); /* 88,6 / 90 = 98,444... */
	assert_int_equal(c->opt_in_quarter_case, 0);
	/* AKIP takes yearly values only. */
	c = row_of(r, "AKIP");
	assert_string_equal(
	    c->na_reason, "indikator hanya bernilai tahunan");
	/* Sasaran Kepuasan: IKM and ADUAN (no values); Pelayanan: LAYAN. */
	assert_e2(r->sasaran[0]->capaian, 9955);
	assert_e2(r->sasaran[0]->year_capaian, 9844);
	/* Overall: mean of 99,550... and 111,428... = 105,49 */
	assert_e2(r->capaian, 10549);
	/* 98,444... and 78: 88,22 */
	assert_e2(r->year_capaian, 8822);
	kinerja__get_capaian_reply__free_unpacked(r, NULL);
	/* Triwulan I: its own realisasi, and no target of its own. */
	r = capaian_tw(f, 1);
	c = row_of(r, "IKM");
	assert_int_equal(c->realisasi_triwulan, 1);
	assert_string_equal(c->na_reason, "tidak ada target triwulan ini");
	assert_e2(c->year_capaian, 9678); /* 87,1 / 90 */
	kinerja__get_capaian_reply__free_unpacked(r, NULL);
}

/* The year's capaian reads the year's values only. */
static void
test_quarters_leave_the_year_alone(void **state)
{
	struct fixture         *f   = *state;
	Kinerja__IndicatorValue v[] = { value("IKM", 2025, REALISASI, 90.07) };
	Kinerja__IndicatorValue q[] = { tw("LAYAN", REALISASI, 1, 25),
		tw("IKM", REALISASI, 4, 91), tw("IKM", TARGET, 4, 90) };
	Kinerja__GetCapaianReply *r;
	uint8_t                   before[8192];
	size_t                    n;

	world(f);
	add_indicator(f, "LAYAN", "Dokumen", 0, 0);
	n = snapshot(f, 2025, before, sizeof(before));
	assert_int_equal(submit(f, q, 3, 0, NULL), 0);
	assert_unchanged(f, 2025, before, n);
	assert_int_equal(submit(f, v, 1, 0, NULL), 0);
	r = capaian(f, 2025, 0);
	assert_e2(r->indicators[0]->realisasi, 9007);
	assert_int_equal(r->triwulan, 0);
	assert_int_equal(r->indicators[0]->triwulan, 0);
	kinerja__get_capaian_reply__free_unpacked(r, NULL);
}

/* The request's triwulan outside 1-4, a period outside 0-4, a triwulan on
 * a yearly indicator or a Renstra kind: INVALID_ARGUMENT naming the field,
 * and a batch with one of them writes nothing. */
static void
test_bad_triwulan_refused(void **state)
{
	struct fixture            *f   = *state;
	Kinerja__GetCapaianRequest req = KINERJA__GET_CAPAIAN_REQUEST__INIT;
	Kinerja__GetCapaianReply  *r;
	Kinerja__IndicatorValue    bad[][2] = {
		   { tw("LAYAN", REALISASI, 1, 30),
		       tw("LAYAN", REALISASI, 5, 1) },
		   { tw("LAYAN", REALISASI, 1, 30),
		       tw("AKIP", REALISASI, 2, 70) },
		   { tw("LAYAN", REALISASI, 1, 30),
		       tw("LAYAN", KINERJA__VALUE_KIND__VALUE_KIND_RENSTRA_TARGET,
		           2, 50) },
		   { tw("LAYAN", REALISASI, 1, 30), tw("LAYAN", TARGET, -1, 5) },
	};
	const char *why[] = { "5 is not 0 (the year) or a triwulan 1-4",
		"yearly values only", "only a target", "-1 is not 0" };
	size_t      i;

	quarterly_world(f);
	req.unit = "tiram";
	req.year = 2025;
	for (i = 0; i < 3; i++) {
		req.triwulan = i == 0 ? 5 : i == 1 ? -1 : 99;
		assert_int_equal(fx_get_capaian(f, &req, &r),
		    KINERJA__CODE__INVALID_ARGUMENT);
		assert_non_null(strstr(f->st.message, "triwulan: "));
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(submit(f, bad[i], 2, 0, NULL),
		    KINERJA__CODE__INVALID_ARGUMENT);
		assert_int_equal(f->st.n_details, 1);
		assert_int_equal(f->st.details[0]->index, 1);
		assert_string_equal(f->st.details[0]->field, "period");
		assert_non_null(strstr(f->st.details[0]->message, why[i]));
		/* The good item of the batch was not written either. */
		r = capaian_tw(f, 1);
		assert_e2(row_of(r, "LAYAN")->realisasi, 2500);
		kinerja__get_capaian_reply__free_unpacked(r, NULL);
	}
}

/* A count's running total that falls is written, with a warning. */
static void
test_running_total_falls_warns(void **state)
{
	struct fixture         *f   = *state;
	Kinerja__IndicatorValue v[] = { tw("LAYAN", REALISASI, 4, 30),
		tw("IKM", REALISASI, 3, 87) };
	Kinerja__WriteReply    *w;

	quarterly_world(f);
	assert_int_equal(submit(f, v, 2, 0, &w), 0);
	assert_int_equal(w->updated + w->created, 2);
	assert_int_equal(w->n_warnings, 1);
	assert_int_equal(w->warnings[0]->index, 0);
	assert_non_null(strstr(w->warnings[0]->message,
	    "30 for triwulan IV is below triwulan III's 78"));
	kinerja__write_reply__free_unpacked(w, NULL);
}

/* An indicator made yearly-only while it has triwulan values would hide
 * them; an invalid rule is refused too. */
static void
test_rule_change_refused(void **state)
{
	struct fixture           *f = *state;
	Kinerja__GetCapaianReply *r;

	quarterly_world(f);
	add_indicator(f, "LAYAN", "Dokumen",
	    KINERJA__QUARTERLY_RULE__QUARTERLY_RULE_YEARLY,
	    KINERJA__CODE__FAILED_PRECONDITION);
	assert_string_equal(f->st.details[0]->field, "quarterly");
	assert_non_null(
	    strstr(f->st.details[0]->message, "7 stored triwulan"));
	add_indicator(f, "LAYAN", "Dokumen", (Kinerja__QuarterlyRule) 9,
	    KINERJA__CODE__INVALID_ARGUMENT);
	assert_string_equal(f->st.details[0]->field, "quarterly");
	/* Latest instead of sum: allowed, and the quarter's own figure goes.
	 */
	add_indicator(f, "LAYAN", "Dokumen",
	    KINERJA__QUARTERLY_RULE__QUARTERLY_RULE_LATEST, 0);
	r = capaian_tw(f, 3);
	assert_int_equal(row_of(r, "LAYAN")->opt_in_quarter_case, 0);
	assert_e2(row_of(r, "LAYAN")->capaian, 11143);
	kinerja__get_capaian_reply__free_unpacked(r, NULL);
}

/* GetTrend over the quarters of a year. */
static void
test_trend_quarters(void **state)
{
	struct fixture          *f   = *state;
	Kinerja__GetTrendRequest req = KINERJA__GET_TREND_REQUEST__INIT;
	Kinerja__GetTrendReply  *r;

	quarterly_world(f);
	req.unit      = "tiram";
	req.indicator = "LAYAN";
	req.quarters  = 1;
	assert_int_equal(
	    fx_get_trend(f, &req, &r), KINERJA__CODE__INVALID_ARGUMENT);
	assert_non_null(strstr(f->st.message, "from_year"));
	req.from_year = 2025;
	assert_int_equal(fx_get_trend(f, &req, &r), 0);
	assert_int_equal(r->n_points, 4);
	assert_int_equal(r->points[1]->triwulan, 2);
	assert_int_equal(r->points[1]->year, 2025);
	assert_e2(r->points[1]->target, 4500);
	assert_e2(r->points[1]->capaian, 11111); /* 50 / 45 */
	assert_e2(r->points[1]->in_quarter, 2500);
	assert_e2(r->points[2]->delta, 2800);
	assert_int_equal(r->points[3]->opt_realisasi_case, 0);
	kinerja__get_trend_reply__free_unpacked(r, NULL);
}

/* History names the triwulan; export carries it, and Import takes it. */
static void
test_history_export_import(void **state)
{
	struct fixture           *f    = *state;
	Kinerja__ExportRequest    ereq = KINERJA__EXPORT_REQUEST__INIT;
	Kinerja__ImportRequest   *ex;
	Kinerja__ImportRequest    ireq = KINERJA__IMPORT_REQUEST__INIT;
	Kinerja__IndicatorValue   v    = tw("LAYAN", REALISASI, 4, 96);
	Kinerja__IndicatorValue  *vp   = &v;
	Kinerja__GetHistoryReply *h;
	Kinerja__WriteReply      *w;
	Kinerja__GetCapaianReply *r;
	size_t                    i, quarterly = 0;

	quarterly_world(f);
	h = history(f, "tiram", "LAYAN", 2025, 0, 100);
	for (i = 0; i < h->n_revisions; i++)
		quarterly += strcmp(h->revisions[i]->field, "tw3") == 0;
	assert_int_equal(quarterly, 2); /* target and realisasi of III */
	kinerja__get_history_reply__free_unpacked(h, NULL);
	ereq.unit = "tiram";
	assert_int_equal(fx_export(f, &ereq, &ex), 0);
	for (i = 0, quarterly = 0; i < ex->n_values; i++)
		quarterly += ex->values[i]->period != 0;
	assert_int_equal(quarterly, 11);
	kinerja__import_request__free_unpacked(ex, NULL);
	ireq.values   = &vp;
	ireq.n_values = 1;
	assert_int_equal(fx_import(f, &ireq, &w), 0);
	assert_int_equal(w->created, 1);
	kinerja__write_reply__free_unpacked(w, NULL);
	r = capaian_tw(f, 4);
	assert_e2(row_of(r, "LAYAN")->capaian, 9600);
	assert_e2(row_of(r, "LAYAN")->in_quarter, 1800);
	kinerja__get_capaian_reply__free_unpacked(r, NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
		    test_cumulative_count, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(
		    test_latest_value, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(
		    test_quarters_leave_the_year_alone, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(
		    test_bad_triwulan_refused, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(
		    test_rule_change_refused, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(
		    test_running_total_falls_warns, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(
		    test_trend_quarters, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(
		    test_history_export_import, fx_setup, fx_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
