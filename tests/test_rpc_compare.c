/*
 * test_rpc_compare.c - issue #14's comparisons through dispatch: capaian
 * against the Renstra target (GetCapaian against), the units x years
 * matrix with its point gaps (GetComparison), AKIP evaluations side by
 * side (GetAkipYears), the survey's stated respondent count, and the bad
 * input each refuses with nothing changed.
 * Expected figures are computed by hand from docs/comparisons.md.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <math.h>

#include "rpc_helpers.h"

#define RENSTRA KINERJA__VALUE_KIND__VALUE_KIND_RENSTRA_TARGET
#define AGAINST_RENSTRA KINERJA__AGAINST__AGAINST_RENSTRA

static Kinerja__GetCapaianReply *
capaian_against(struct fixture *f, int year, Kinerja__Against against)
{
	Kinerja__GetCapaianRequest req = KINERJA__GET_CAPAIAN_REQUEST__INIT;
	Kinerja__GetCapaianReply  *r   = NULL;

	req.unit    = "tiram";
	req.year    = year;
	req.against = against;
	assert_int_equal(fx_get_capaian(f, &req, &r), 0);
	return r;
}

static void
test_capaian_against_renstra_and_pk(void **state)
{
	struct fixture           *f   = *state;
	Kinerja__IndicatorValue   v[] = { value("IKM", 2025, TARGET, 90),
		  value("IKM", 2025, RENSTRA, 88),
		  value("IKM", 2025, REALISASI, 90.07),
		  value("AKIP", 2025, TARGET, 70),
		  value("AKIP", 2025, REALISASI, 71.38) };
	Kinerja__GetCapaianReply *r;

	world(f);
	assert_int_equal(submit(f, v, 5, 0, NULL), 0);
	r = capaian_against(f, 2025, KINERJA__AGAINST__AGAINST_PK);
	assert_int_equal(r->against, KINERJA__AGAINST__AGAINST_PK);
	assert_e2(r->indicators[0]->target, 9000);
	/* 90,07 / 90 * 100 = 100,0777... */
	assert_e2(r->indicators[0]->capaian, 10008);
	kinerja__get_capaian_reply__free_unpacked(r, NULL);
	r = capaian_against(f, 2025, AGAINST_RENSTRA);
	assert_int_equal(r->against, AGAINST_RENSTRA);
	assert_e2(r->indicators[0]->target, 8800);
	/* 90,07 / 88 * 100 = 102,3522... */
	assert_e2(r->indicators[0]->capaian, 10235);
	/* AKIP has a PK target but no Renstra one for 2025. */
	assert_int_equal(r->indicators[2]->opt_capaian_case, 0);
	assert_string_equal(
	    r->indicators[2]->na_reason, "tidak ada target tahun ini");
	/* The sasaran mean and the overall follow the Renstra rows. */
	assert_e2(r->sasaran[0]->capaian, 10235);
	assert_e2(r->capaian, 10235);
	kinerja__get_capaian_reply__free_unpacked(r, NULL);
}

/* balai and tiram (and deras, realisasi only) over 2023-2025. */
static void
comparison_world(struct fixture *f)
{
	Kinerja__IndicatorValue v[] = {
		uvalue("balai", "IKM", 2023, TARGET, 80),
		uvalue("balai", "IKM", 2023, REALISASI, 76),
		uvalue("balai", "IKM", 2024, TARGET, 90),
		uvalue("balai", "IKM", 2024, REALISASI, 80),
		uvalue("tiram", "IKM", 2023, TARGET, 80),
		uvalue("tiram", "IKM", 2023, RENSTRA, 82),
		uvalue("tiram", "IKM", 2023, REALISASI, 82),
		uvalue("tiram", "IKM", 2024, TARGET, 90),
		uvalue("tiram", "IKM", 2024, REALISASI, 85),
		uvalue("tiram", "IKM", 2025, TARGET, 90),
		uvalue("tiram", "IKM", 2025, REALISASI, 90),
		uvalue("deras", "IKM", 2024, REALISASI, 70),
	};

	peers(f);
	assert_int_equal(submit(f, v, sizeof(v) / sizeof(v[0]), 0, NULL), 0);
}

static Kinerja__GetComparisonReply *
compare(struct fixture *f, char **units, size_t n, const char *region,
    Kinerja__Against against, int expect)
{
	Kinerja__GetComparisonRequest req =
	    KINERJA__GET_COMPARISON_REQUEST__INIT;
	Kinerja__GetComparisonReply *r = NULL;

	req.indicator = "IKM";
	req.units     = units;
	req.n_units   = n;
	req.region    = (char *) region;
	req.from_year = 2023;
	req.to_year   = 2025;
	req.against   = against;
	assert_int_equal(fx_get_comparison(f, &req, &r), expect);
	return r;
}

static void
test_comparison_matrix_by_hand(void **state)
{
	struct fixture              *f       = *state;
	char                        *units[] = { "balai", "tiram", "deras" };
	Kinerja__GetComparisonReply *r;
	Kinerja__ComparisonCell    **b, **t, **d;

	comparison_world(f);
	r = compare(f, units, 3, "", KINERJA__AGAINST__AGAINST_PK, 0);
	assert_string_equal(r->indicator->code, "IKM");
	assert_string_equal(r->reference, "balai");
	assert_int_equal(r->from_year, 2023);
	assert_int_equal(r->to_year, 2025);
	assert_int_equal(r->n_units, 3);
	b = r->units[0]->years;
	t = r->units[1]->years;
	d = r->units[2]->years;
	assert_string_equal(r->units[1]->unit, "tiram");
	assert_int_equal(r->units[0]->n_years, 3);
	assert_int_equal(b[0]->year, 2023);
	assert_int_equal(b[2]->year, 2025);
	/* balai: 76 / 80 = 95 %, 80 / 90 = 88,888... %; its own gap 0. */
	assert_e2(b[0]->capaian, 9500);
	assert_e2(b[1]->capaian, 8889);
	assert_e2(b[0]->gap, 0);
	assert_int_equal(b[2]->opt_capaian_case, 0);
	assert_string_equal(b[2]->na_reason, "tidak ada target tahun ini");
	/* tiram: 82 / 80 = 102,5 %, gap +7,5; 85 / 90 = 94,444... %. */
	assert_e2(t[0]->capaian, 10250);
	assert_e2(t[0]->gap, 750);
	assert_e2(t[1]->capaian, 9444);
	/* The gap is 5,5555... points, rounded once: 5,56, not the
	 * 94,44 - 88,89 = 5,55 of the rounded figures. */
	assert_e2(t[1]->gap, 556);
	/* 2025: tiram has 100 %, balai nothing to measure from. */
	assert_e2(t[2]->capaian, 10000);
	assert_int_equal(t[2]->opt_gap_case, 0);
	/* deras: realisasi without a target. */
	assert_e2(d[1]->realisasi, 7000);
	assert_int_equal(d[1]->opt_capaian_case, 0);
	assert_int_equal(d[1]->opt_gap_case, 0);
	kinerja__get_comparison_reply__free_unpacked(r, NULL);
}

static void
test_comparison_against_renstra_and_by_region(void **state)
{
	struct fixture              *f       = *state;
	char                        *units[] = { "tiram", "balai" };
	Kinerja__GetComparisonReply *r;

	comparison_world(f);
	r = compare(f, units, 2, "", AGAINST_RENSTRA, 0);
	assert_int_equal(r->against, AGAINST_RENSTRA);
	/* tiram 2023 against its Renstra 82: 100 %; balai has none. */
	assert_e2(r->units[0]->years[0]->target, 8200);
	assert_e2(r->units[0]->years[0]->capaian, 10000);
	assert_int_equal(r->units[1]->years[0]->opt_capaian_case, 0);
	kinerja__get_comparison_reply__free_unpacked(r, NULL);
	/* A region: its reporting units by code, the first the reference. */
	r = compare(f, NULL, 0, "batubara", KINERJA__AGAINST__AGAINST_PK, 0);
	assert_int_equal(r->n_units, 4);
	assert_string_equal(r->units[0]->unit, "balai");
	assert_string_equal(r->units[3]->unit, "tiram");
	assert_string_equal(r->reference, "balai");
	assert_e2(r->units[3]->years[1]->gap, 556);
	kinerja__get_comparison_reply__free_unpacked(r, NULL);
}

static void
expect_years(struct fixture *f, int from, int to, const char *msg)
{
	Kinerja__GetComparisonRequest req =
	    KINERJA__GET_COMPARISON_REQUEST__INIT;
	Kinerja__GetComparisonReply *r;
	char                        *units[] = { "tiram" };

	req.indicator = "IKM";
	req.units     = units;
	req.n_units   = 1;
	req.from_year = from;
	req.to_year   = to;
	assert_int_equal(
	    fx_get_comparison(f, &req, &r), KINERJA__CODE__INVALID_ARGUMENT);
	assert_non_null(strstr(f->st.message, "from_year"));
	assert_non_null(strstr(f->st.message, msg));
}

static void
test_comparison_bad_input(void **state)
{
	struct fixture              *f   = *state;
	char                        *twice[] = { "tiram", "balai", "tiram" };
	char                        *gone[]  = { "tiram", "nowhere" };
	Kinerja__GetComparisonReply *r;
	Kinerja__GetCapaianRequest   creq = KINERJA__GET_CAPAIAN_REQUEST__INIT;
	Kinerja__GetCapaianReply    *cr;
	uint8_t                      before[8192];
	size_t                       n;

	comparison_world(f);
	n = snapshot(f, 2024, before, sizeof(before));
	expect_years(f, 2025, 2023, "first year is after the last");
	expect_years(f, 2000, 2030, "more than 30 years");
	expect_years(f, 2023, 0, "not a year");
	r = compare(f, twice, 3, "", KINERJA__AGAINST__AGAINST_PK,
	    KINERJA__CODE__INVALID_ARGUMENT);
	assert_non_null(strstr(f->st.message, "units: \"tiram\" is listed twice"));
	r = compare(f, gone, 2, "", KINERJA__AGAINST__AGAINST_PK,
	    KINERJA__CODE__NOT_FOUND);
	assert_non_null(strstr(f->st.message, "nowhere"));
	r = compare(f, gone, 1, "batubara", KINERJA__AGAINST__AGAINST_PK,
	    KINERJA__CODE__INVALID_ARGUMENT);
	assert_non_null(strstr(f->st.message, "region or a list of units"));
	r = compare(f, NULL, 0, "", KINERJA__AGAINST__AGAINST_PK,
	    KINERJA__CODE__INVALID_ARGUMENT);
	r = compare(f, gone, 1, "", (Kinerja__Against) 7,
	    KINERJA__CODE__INVALID_ARGUMENT);
	assert_non_null(strstr(f->st.message, "against: 7"));
	(void) r;
	creq.unit    = "tiram";
	creq.year    = 2024;
	creq.against = (Kinerja__Against) 7;
	assert_int_equal(
	    fx_get_capaian(f, &creq, &cr), KINERJA__CODE__INVALID_ARGUMENT);
	assert_non_null(strstr(f->st.message, "against"));
	assert_unchanged(f, 2024, before, n);
}

static Kinerja__GetSurveyReply *
survey(struct fixture *f, int year)
{
	Kinerja__GetSurveyRequest req = KINERJA__GET_SURVEY_REQUEST__INIT;
	Kinerja__GetSurveyReply  *r   = NULL;

	req.unit = "tiram";
	req.year = year;
	assert_int_equal(fx_get_survey(f, &req, &r), 0);
	return r;
}

static int
submit_means(struct fixture *f, int year, uint32_t count,
    Kinerja__SurveyResponse **resp, size_t nresp)
{
	double means[9] = { 3, 3, 3, 3, 3, 3, 3, 3, 3 };
	Kinerja__SubmitSurveyRequest req =
	    KINERJA__SUBMIT_SURVEY_REQUEST__INIT;
	Kinerja__WriteReply *r;
	int                  rc;

	req.unit             = "tiram";
	req.year             = year;
	req.respondent_count = count;
	if (nresp) {
		req.responses   = resp;
		req.n_responses = nresp;
	} else {
		req.unsur_means   = means;
		req.n_unsur_means = 9;
	}
	rc = fx_submit_survey(f, &req, &r);
	if (rc == 0)
		kinerja__write_reply__free_unpacked(r, NULL);
	return rc;
}

static void
test_survey_respondent_count(void **state)
{
	struct fixture          *f         = *state;
	int32_t                  scores[9] = { 4, 4, 3, 4, 3, 3, 4, 3, 2 };
	Kinerja__SurveyResponse  one = response(scores, 9, ""), *resp[] = {
		&one, &one };
	Kinerja__GetSurveyReply *r;
	Kinerja__GetSurveyRequest sreq = KINERJA__GET_SURVEY_REQUEST__INIT;
	Kinerja__ExportRequest   ereq = KINERJA__EXPORT_REQUEST__INIT;
	Kinerja__ImportRequest  *ex;

	world(f);
	assert_int_equal(submit_means(f, 2024, 120, NULL, 0), 0);
	r = survey(f, 2024);
	assert_int_equal(r->respondents, 120);
	assert_true(r->respondents_stated);
	assert_false(r->respondents_unknown);
	kinerja__get_survey_reply__free_unpacked(r, NULL);
	/* Means alone: not 0 people, an unknown number. */
	assert_int_equal(submit_means(f, 2023, 0, NULL, 0), 0);
	r = survey(f, 2023);
	assert_int_equal(r->respondents, 0);
	assert_true(r->respondents_unknown);
	assert_false(r->respondents_stated);
	kinerja__get_survey_reply__free_unpacked(r, NULL);
	/* Responses are counted; a count beside them is refused and the
	 * year keeps nothing. */
	assert_int_equal(submit_means(f, 2022, 5, resp, 2),
	    KINERJA__CODE__INVALID_ARGUMENT);
	assert_non_null(strstr(f->st.message, "respondent_count"));
	sreq.unit = "tiram";
	sreq.year = 2022;
	assert_int_equal(fx_get_survey(f, &sreq, &r), KINERJA__CODE__NOT_FOUND);
	assert_int_equal(submit_means(f, 2022, 0, resp, 2), 0);
	r = survey(f, 2022);
	assert_int_equal(r->respondents, 2);
	assert_false(r->respondents_stated);
	assert_false(r->respondents_unknown);
	kinerja__get_survey_reply__free_unpacked(r, NULL);
	/* The export carries the stated count, so it rebuilds the data. */
	ereq.unit = "tiram";
	ereq.year = 2024;
	assert_int_equal(fx_export(f, &ereq, &ex), 0);
	assert_int_equal(ex->n_surveys, 1);
	assert_int_equal(ex->surveys[0]->respondent_count, 120);
	kinerja__import_request__free_unpacked(ex, NULL);
}

static void
test_akip_years_side_by_side(void **state)
{
	struct fixture *f      = *state;
	Kinerja__AkipComponent five[] = { component("Perencanaan", 30, 25.43, -1),
		component("Pengukuran", 25, 15.31, -1),
		component("Pelaporan", 15, 9.86, -1),
		component("Evaluasi", 10, 5.9, -1),
		component("Capaian", 20, 12.63, -1) };
	Kinerja__AkipComponent four[] = { component("Perencanaan", 30, 21.37, -1),
		component("Pengukuran", 30, 18.22, -1),
		component("Pelaporan", 15, 11.2, -1),
		component("Evaluasi", 25, 15.87, -1) };
	Kinerja__GetAkipYearsRequest req = KINERJA__GET_AKIP_YEARS_REQUEST__INIT;
	Kinerja__GetAkipYearsReply  *r;

	world(f);
	assert_int_equal(submit_akip_of(f, "tiram", 2020, five, 5), 0);
	assert_int_equal(submit_akip_of(f, "tiram", 2023, four, 4), 0);
	req.unit      = "tiram";
	req.from_year = 2020;
	req.to_year   = 2023;
	assert_int_equal(fx_get_akip_years(f, &req, &r), 0);
	assert_int_equal(r->n_years, 2);
	assert_int_equal(r->years[0]->year, 2020);
	assert_int_equal(r->years[0]->n_components, 5);
	/* 25,43 + 15,31 + 9,86 + 5,90 + 12,63 = 69,13: B. */
	assert_e2(r->years[0]->total, 6913);
	assert_string_equal(r->years[0]->predikat, "B");
	/* 21,37 + 18,22 + 11,20 + 15,87 = 66,66. */
	assert_int_equal(r->years[1]->year, 2023);
	assert_e2(r->years[1]->total, 6666);
	assert_int_equal(r->n_missing, 2);
	assert_int_equal(r->missing[0], 2021);
	assert_int_equal(r->missing[1], 2022);
	kinerja__get_akip_years_reply__free_unpacked(r, NULL);
	/* Reversed, too long, or no unit: refused naming the field. */
	req.from_year = 2024;
	assert_int_equal(
	    fx_get_akip_years(f, &req, &r), KINERJA__CODE__INVALID_ARGUMENT);
	assert_non_null(strstr(f->st.message, "from_year"));
	req.from_year = 1990;
	assert_int_equal(
	    fx_get_akip_years(f, &req, &r), KINERJA__CODE__INVALID_ARGUMENT);
	assert_non_null(strstr(f->st.message, "more than 30 years"));
	req.from_year = 2020;
	req.unit      = "nowhere";
	assert_int_equal(fx_get_akip_years(f, &req, &r), KINERJA__CODE__NOT_FOUND);
	req.unit = "";
	assert_int_equal(
	    fx_get_akip_years(f, &req, &r), KINERJA__CODE__INVALID_ARGUMENT);
	assert_non_null(strstr(f->st.message, "unit"));
}

static int
submit_benchmark(struct fixture *f, const char *ind, int year, double v,
    const char *source, Kinerja__WriteReply **out)
{
	Kinerja__Benchmark  b    = KINERJA__BENCHMARK__INIT, *bp[] = { &b };
	Kinerja__SubmitBenchmarksRequest req =
	    KINERJA__SUBMIT_BENCHMARKS_REQUEST__INIT;

	b.indicator      = (char *) ind;
	b.year           = year;
	b.value          = v;
	b.source         = (char *) source;
	req.benchmarks   = bp;
	req.n_benchmarks = 1;
	return fx_submit_benchmarks(f, &req, out);
}

static void
test_benchmark_beside_realisasi(void **state)
{
	struct fixture              *f       = *state;
	char                        *units[] = { "balai", "tiram" };
	Kinerja__WriteReply         *w;
	Kinerja__GetCapaianReply    *r;
	Kinerja__GetComparisonReply *c;
	Kinerja__GetHistoryReply    *h;
	uint8_t                      before[8192];
	size_t                       n, i, k;

	comparison_world(f);
	assert_int_equal(
	    submit_benchmark(f, "IKM", 2024, 88.5, "Standar provinsi", &w), 0);
	assert_int_equal(w->created, 1);
	kinerja__write_reply__free_unpacked(w, NULL);
	/* The same again is unchanged; a new source is a new revision. */
	assert_int_equal(
	    submit_benchmark(f, "IKM", 2024, 88.5, "Standar provinsi", &w), 0);
	assert_int_equal(w->unchanged, 1);
	kinerja__write_reply__free_unpacked(w, NULL);
	assert_int_equal(submit_benchmark(f, "IKM", 2024, 88.5,
	                     "Permenpan-RB 14/2017, mutu B", &w),
	    0);
	assert_int_equal(w->updated, 1);
	kinerja__write_reply__free_unpacked(w, NULL);
	r = capaian(f, 2024, 0);
	assert_int_equal(r->indicators[0]->opt_benchmark_case,
	    KINERJA__CAPAIAN_ROW__OPT_BENCHMARK_BENCHMARK);
	assert_e2(r->indicators[0]->benchmark, 8850);
	assert_e2(r->indicators[0]->realisasi, 8500);
	assert_string_equal(
	    r->indicators[0]->benchmark_source, "Permenpan-RB 14/2017, mutu B");
	/* AKIP has none. */
	assert_int_equal(r->indicators[2]->opt_benchmark_case, 0);
	kinerja__get_capaian_reply__free_unpacked(r, NULL);
	c = compare(f, units, 2, "", KINERJA__AGAINST__AGAINST_PK, 0);
	assert_int_equal(c->n_benchmarks, 1);
	assert_int_equal(c->benchmarks[0]->year, 2024);
	assert_e2(c->benchmarks[0]->value, 8850);
	kinerja__get_comparison_reply__free_unpacked(c, NULL);
	h = history(f, "", "IKM", 2024, 0, 100);
	for (i = 0, k = 0; i < h->n_revisions; i++) {
		if (strcmp(h->revisions[i]->what, "benchmark") != 0)
			continue;
		/* The first has no old value; the second the first's. */
		assert_string_equal(h->revisions[i]->new_value,
		    k ? "88.5 (Permenpan-RB 14/2017, mutu B)"
		      : "88.5 (Standar provinsi)");
		k++;
	}
	assert_int_equal(k, 2);
	kinerja__get_history_reply__free_unpacked(h, NULL);
	/* Bad input: outside IKM's range, no source, unknown indicator;
	 * nothing changed. */
	n = snapshot(f, 2024, before, sizeof(before));
	assert_int_equal(submit_benchmark(f, "IKM", 2024, 150, "x", &w),
	    KINERJA__CODE__INVALID_ARGUMENT);
	assert_non_null(strstr(f->st.message, "di luar rentang sah"));
	assert_int_equal(submit_benchmark(f, "IKM", 2024, 90, "", &w),
	    KINERJA__CODE__INVALID_ARGUMENT);
	assert_non_null(strstr(f->st.message, "source"));
	assert_int_equal(submit_benchmark(f, "NOPE", 2024, 90, "x", &w),
	    KINERJA__CODE__NOT_FOUND);
	assert_unchanged(f, 2024, before, n);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
		    test_capaian_against_renstra_and_pk, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(
		    test_comparison_matrix_by_hand, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(
		    test_comparison_against_renstra_and_by_region, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(
		    test_comparison_bad_input, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(
		    test_survey_respondent_count, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(
		    test_akip_years_side_by_side, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(
		    test_benchmark_beside_realisasi, fx_setup, fx_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
