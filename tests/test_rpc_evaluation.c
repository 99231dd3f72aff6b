/*
 * test_rpc_evaluation.c - SKM surveys and AKIP evaluations
 * (handlers/h_evaluation.c): the realisasi they make, stated totals, and what
 * is refused.
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

static int
submit_survey(struct fixture *f, Kinerja__SurveyResponse *r, size_t n,
    double *means, size_t nmeans)
{
	return submit_survey_of(f, "tiram", 2025, r, n, means, nmeans);
}

static void
test_survey_from_responses(void **state)
{
	struct fixture           *f   = *state;
	const int32_t             a[] = { 4, 4, 3, 4, 3, 3, 4, 3, 2 };
	const int32_t             b[] = { 3, 4, 3, 4, 4, 3, 4, 4, 3 };
	Kinerja__SurveyResponse   r[] = { response(a, 9, "L"),
		  response(b, 9, "P") };
	Kinerja__GetSurveyRequest req = KINERJA__GET_SURVEY_REQUEST__INIT;
	Kinerja__GetSurveyReply  *s;
	Kinerja__GetCapaianReply *c;

	world(f);
	assert_int_equal(submit_survey(f, r, 2, NULL, 0), 0);
	req.unit = "tiram";
	req.year = 2025;
	assert_int_equal(fx_get_survey(f, &req, &s), 0);
	assert_int_equal(s->respondents, 2);
	assert_e2(s->unsur[0]->nrr, 350);
	/* Sum of the 9 NRR = 31, so IKM = 31 / 9 * 25 = 86,11. */
	assert_e2(s->ikm, 8611);
	assert_string_equal(s->mutu, "B");
	assert_int_equal(s->weakest, 9);
	assert_int_equal(s->strongest, 2);
	assert_int_equal(s->n_profile, 2);
	assert_e2(s->profile[0]->percent, 5000);
	kinerja__get_survey_reply__free_unpacked(s, NULL);
	/* The IKM became the realisasi of the unit's IKM indicator. */
	c = capaian(f, 2025, 0);
	assert_e2(c->indicators[0]->realisasi, 8611);
	kinerja__get_capaian_reply__free_unpacked(c, NULL);
}

/* The IKM recorded as the realisasi is the published one, 2 decimals
 * (issue #12): 33 / 9 * 25 = 91,666... is 91,67, 101,86 % of 90. A
 * realisasi stated since is kept when the survey is sent again, with a
 * warning naming both figures. */
static void
test_survey_ikm_recorded_as_published_and_stated_wins(void **state)
{
	struct fixture           *f   = *state;
	const int32_t             a[] = { 4, 4, 4, 4, 4, 4, 4, 3, 2 };
	Kinerja__SurveyResponse   r   = response(a, 9, "");
	Kinerja__IndicatorValue   t   = value("IKM", 2025, TARGET, 90);
	Kinerja__IndicatorValue   fix = value("IKM", 2025, REALISASI, 91);
	Kinerja__GetCapaianReply *c;

	world(f);
	assert_int_equal(submit(f, &t, 1, 0, NULL), 0);
	assert_int_equal(submit_survey(f, &r, 1, NULL, 0), 0);
	c = capaian(f, 2025, 0);
	assert_e2(c->indicators[0]->realisasi, 9167);
	assert_true(c->indicators[0]->realisasi_derived);
	assert_e2(c->indicators[0]->capaian, 10186);
	assert_string_equal(c->indicators[0]->finding, "");
	kinerja__get_capaian_reply__free_unpacked(c, NULL);
	assert_int_equal(submit(f, &fix, 1, 0, NULL), 0);
	assert_int_equal(f->nwarned, 2);
	assert_non_null(strstr(f->warned,
	    "replaces the realisasi 91.67 derived from the survey"));
	assert_non_null(strstr(f->warned, "recorded as stated, a finding"));
	assert_int_equal(submit_survey(f, &r, 1, NULL, 0), 0);
	assert_int_equal(f->nwarned, 1);
	assert_non_null(strstr(f->warned, "the stated figure is kept"));
	c = capaian(f, 2025, 0);
	assert_e2(c->indicators[0]->realisasi, 9100);
	assert_false(c->indicators[0]->realisasi_derived);
	assert_e2(c->indicators[0]->derived, 9167);
	assert_string_equal(c->indicators[0]->derived_from, "survey");
	assert_non_null(strstr(c->indicators[0]->finding, "selisih 0,67"));
	assert_e2(c->indicators[0]->capaian, 10111);
	kinerja__get_capaian_reply__free_unpacked(c, NULL);
}

static const Kinerja__CapaianRow *
row_for(const Kinerja__GetCapaianReply *c, const char *indicator)
{
	size_t i;

	for (i = 0; i < c->n_indicators; i++)
		if (strcmp(c->indicators[i]->indicator, indicator) == 0)
			return c->indicators[i];
	fail_msg("no row for %s", indicator);
	return NULL;
}

/* Resent naming another indicator, a survey derives that indicator's
 * realisasi (a stated one it would keep). */
static void
test_survey_resent_fills_a_missing_realisasi(void **state)
{
	struct fixture              *f   = *state;
	const int32_t                a[] = { 4, 4, 4, 4, 4, 4, 4, 3, 2 };
	Kinerja__SurveyResponse      r   = response(a, 9, "");
	Kinerja__SurveyResponse     *rp  = &r;
	Kinerja__SubmitSurveyRequest req =
	    KINERJA__SUBMIT_SURVEY_REQUEST__INIT;
	Kinerja__WriteReply      *w;
	Kinerja__GetCapaianReply *c;

	world(f);
	req.unit        = "tiram";
	req.year        = 2025;
	req.responses   = &rp;
	req.n_responses = 1;
	assert_int_equal(fx_submit_survey(f, &req, &w), 0);
	kinerja__write_reply__free_unpacked(w, NULL);
	c = capaian(f, 2025, 0);
	assert_false(row_for(c, "ADUAN")->opt_realisasi_case);
	kinerja__get_capaian_reply__free_unpacked(c, NULL);
	req.indicator = "ADUAN";
	assert_int_equal(fx_submit_survey(f, &req, &w), 0);
	assert_int_equal(w->updated, 1);
	kinerja__write_reply__free_unpacked(w, NULL);
	c = capaian(f, 2025, 0);
	assert_e2(row_for(c, "ADUAN")->realisasi, 9167);
	assert_e2(row_for(c, "IKM")->realisasi, 9167);
	kinerja__get_capaian_reply__free_unpacked(c, NULL);
}

static void
test_survey_bad_scores_change_nothing(void **state)
{
	struct fixture           *f      = *state;
	const int32_t             zero[] = { 0, 4, 3, 4, 3, 3, 4, 3, 2 };
	const int32_t             five[] = { 5, 4, 3, 4, 3, 3, 4, 3, 2 };
	const int32_t             ok[]   = { 4, 4, 3, 4, 3, 3, 4, 3, 2 };
	Kinerja__SurveyResponse   r[3];
	double                    means[9] = { 3, 3, 3, 3, 3, 3, 3, 3, 3 };
	Kinerja__GetSurveyRequest req      = KINERJA__GET_SURVEY_REQUEST__INIT;
	Kinerja__GetSurveyReply  *s;

	world(f);
	r[0] = response(zero, 9, "");
	assert_int_equal(
	    submit_survey(f, r, 1, NULL, 0), KINERJA__CODE__INVALID_ARGUMENT);
	assert_non_null(strstr(f->st.details[0]->message, "scored 0"));
	r[0] = response(five, 9, "");
	assert_int_equal(
	    submit_survey(f, r, 1, NULL, 0), KINERJA__CODE__INVALID_ARGUMENT);
	r[0] = response(ok, 8, ""); /* a missing unsur */
	assert_int_equal(
	    submit_survey(f, r, 1, NULL, 0), KINERJA__CODE__INVALID_ARGUMENT);
	r[0] = response(ok, 9, "");
	assert_int_equal(submit_survey(f, r, 1, means, 9),
	    KINERJA__CODE__INVALID_ARGUMENT); /* both kinds */
	means[4] = 4.5;
	assert_int_equal(submit_survey(f, NULL, 0, means, 9),
	    KINERJA__CODE__INVALID_ARGUMENT);
	req.unit = "tiram";
	req.year = 2025;
	assert_int_equal(fx_get_survey(f, &req, &s), KINERJA__CODE__NOT_FOUND);
	/* One respondent is a survey. */
	assert_int_equal(submit_survey(f, r, 1, NULL, 0), 0);
	assert_int_equal(fx_get_survey(f, &req, &s), 0);
	assert_int_equal(s->respondents, 1);
	kinerja__get_survey_reply__free_unpacked(s, NULL);
}

/* Means give an IKM too; sent after raw responses they replace the survey
 * and so the realisasi it derived (issue #12). */
static void
test_survey_means_replace_the_derived_realisasi(void **state)
{
	struct fixture *f = *state;
	double means[9]   = { 3.00, 3.01, 3.00, 3.99, 3.01, 3.02, 3.08, 3.01,
		  2.03 };
	Kinerja__GetSurveyRequest req = KINERJA__GET_SURVEY_REQUEST__INIT;
	Kinerja__GetSurveyReply  *s;
	Kinerja__GetCapaianReply *c;

	const int32_t           a[] = { 4, 4, 4, 4, 4, 4, 4, 3, 2 };
	Kinerja__SurveyResponse r   = response(a, 9, "");

	world(f);
	assert_int_equal(submit_survey(f, &r, 1, NULL, 0), 0);
	assert_int_equal(submit_survey(f, NULL, 0, means, 9), 0);
	assert_int_equal(f->nwarned, 0);
	req.unit = "tiram";
	req.year = 2025;
	assert_int_equal(fx_get_survey(f, &req, &s), 0);
	assert_e2(s->ikm, 7542); /* Sei Balai 2024's unsur: mutu C */
	assert_string_equal(s->mutu, "C");
	assert_int_equal(llround(s->nrr_tertimbang * 10000), 30167);
	assert_string_equal(s->indicator, "IKM");
	assert_e2(s->realisasi, 7542);
	assert_true(s->realisasi_derived);
	assert_string_equal(s->finding, "");
	kinerja__get_survey_reply__free_unpacked(s, NULL);
	c = capaian(f, 2025, 0);
	assert_e2(c->indicators[0]->realisasi, 7542);
	kinerja__get_capaian_reply__free_unpacked(c, NULL);
}

static int
submit_akip(struct fixture *f, Kinerja__AkipComponent *c, size_t n)
{
	return submit_akip_of(f, "tiram", 2024, c, n);
}

static void
test_akip_components_make_the_realisasi(void **state)
{
	struct fixture        *f   = *state;
	Kinerja__AkipComponent c[] = { component("Perencanaan Kinerja", 30,
		                           24.39, 23.50),
		component("Pengukuran Kinerja", 30, 20.96, 20.23),
		component("Pelaporan Kinerja", 15, 11.40, 11.40),
		component("Evaluasi Internal", 25, 15.87, 15.87) };
	Kinerja__GetAkipEvaluationRequest req =
	    KINERJA__GET_AKIP_EVALUATION_REQUEST__INIT;
	Kinerja__GetAkipEvaluationReply *a;
	Kinerja__GetCapaianReply        *cap;

	world(f);
	assert_int_equal(submit_akip(f, c, 4), 0);
	req.unit = "tiram";
	req.year = 2024;
	assert_int_equal(fx_get_akip_evaluation(f, &req, &a), 0);
	assert_e2(a->total, 7262); /* Sei Balai 2024 */
	assert_string_equal(a->predikat, "BB");
	assert_e2(a->target_total, 7100);
	assert_e2(a->capaian, 10228);
	assert_e2(a->components[0]->capaian, 10379);
	kinerja__get_akip_evaluation_reply__free_unpacked(a, NULL);
	cap = capaian(f, 2024, 0);
	assert_e2(cap->indicators[2]->realisasi, 7262);
	assert_string_equal(cap->indicators[2]->realisasi_predikat, "BB");
	kinerja__get_capaian_reply__free_unpacked(cap, NULL);
}

/* Lima Puluh Pesisir 2020: the LHE states 66,87, its components sum to
 * 66,56. The stated total is the realisasi; the sum is a finding in the
 * write's warnings, GetAkipEvaluation and GetCapaian (issue #12). */
static Kinerja__AkipComponent lpp_2020[5];

static Kinerja__AkipComponent *
lpp_2020_components(void)
{
	lpp_2020[0] = component("Perencanaan Kinerja", 30, 26.05, -1);
	lpp_2020[1] = component("Pengukuran Kinerja", 25, 16.56, -1);
	lpp_2020[2] = component("Pelaporan Kinerja", 15, 9.13, -1);
	lpp_2020[3] = component("Evaluasi Internal", 10, 5.69, -1);
	lpp_2020[4] = component("Pencapaian Sasaran", 20, 9.13, -1);
	return lpp_2020;
}

static Kinerja__GetAkipEvaluationReply *
akip_of(struct fixture *f)
{
	Kinerja__GetAkipEvaluationRequest req =
	    KINERJA__GET_AKIP_EVALUATION_REQUEST__INIT;
	Kinerja__GetAkipEvaluationReply *a;

	req.unit = "tiram";
	req.year = 2024;
	assert_int_equal(fx_get_akip_evaluation(f, &req, &a), 0);
	return a;
}

static void
test_akip_stated_total_wins_over_the_components(void **state)
{
	struct fixture         *f = *state;
	Kinerja__IndicatorValue v = value("AKIP", 2024, REALISASI, 66.87);
	Kinerja__GetAkipEvaluationReply *a;
	Kinerja__GetCapaianReply        *c;

	world(f);
	assert_int_equal(submit_akip(f, lpp_2020_components(), 5), 0);
	assert_int_equal(f->nwarned, 0);
	a = akip_of(f);
	assert_e2(a->realisasi, 6656);
	assert_true(a->realisasi_derived);
	assert_string_equal(a->finding, "");
	kinerja__get_akip_evaluation_reply__free_unpacked(a, NULL);
	/* The LHE total, stated, replaces the sum and says so. */
	assert_int_equal(submit(f, &v, 1, 0, NULL), 0);
	assert_int_equal(f->nwarned, 2);
	assert_non_null(strstr(f->warned,
	    "replaces the realisasi 66.56 derived from the AKIP components"));
	assert_non_null(
	    strstr(f->warned, "komponen evaluasi AKIP menghasilkan 66,56, "
	                      "realisasi tercatat 66,87"));
	a = akip_of(f);
	assert_e2(a->total, 6656);
	assert_e2(a->realisasi, 6687);
	assert_false(a->realisasi_derived);
	assert_string_equal(a->indicator, "AKIP");
	assert_non_null(strstr(a->finding, "selisih -0,31"));
	kinerja__get_akip_evaluation_reply__free_unpacked(a, NULL);
	c = capaian(f, 2024, 0);
	assert_e2(c->indicators[2]->realisasi, 6687);
	assert_e2(c->indicators[2]->derived, 6656);
	assert_string_equal(c->indicators[2]->derived_from, "akip");
	assert_non_null(strstr(c->indicators[2]->finding, "66,56"));
	kinerja__get_capaian_reply__free_unpacked(c, NULL);
	/* Sending the evaluation again restores nothing, and says why. */
	assert_int_equal(submit_akip(f, lpp_2020_components(), 5), 0);
	assert_int_equal(f->nwarned, 1);
	assert_non_null(strstr(f->warned, "the stated figure is kept"));
	c = capaian(f, 2024, 0);
	assert_e2(c->indicators[2]->realisasi, 6687);
	kinerja__get_capaian_reply__free_unpacked(c, NULL);
}

/* The other order: the total stated first, then the evaluation. A dry run
 * warns as the write would. */
static void
test_akip_evaluation_after_the_stated_total_keeps_it(void **state)
{
	struct fixture           *f = *state;
	Kinerja__IndicatorValue   v = value("AKIP", 2024, REALISASI, 66.87);
	Kinerja__GetCapaianReply *c;

	world(f);
	assert_int_equal(submit(f, &v, 1, 0, NULL), 0);
	assert_int_equal(f->nwarned, 0);
	assert_int_equal(submit_akip(f, lpp_2020_components(), 5), 0);
	assert_int_equal(f->nwarned, 1);
	assert_non_null(strstr(f->warned, "realisasi: the stated figure is "
	                                  "kept, a finding: komponen evaluasi "
	                                  "AKIP menghasilkan 66,56"));
	c = capaian(f, 2024, 0);
	assert_e2(c->indicators[2]->realisasi, 6687);
	assert_false(c->indicators[2]->realisasi_derived);
	kinerja__get_capaian_reply__free_unpacked(c, NULL);
	v.value = 66.56; /* the same as the sum: no finding left */
	assert_int_equal(submit(f, &v, 1, 1, NULL), 0);
	assert_int_equal(f->nwarned, 0);
	v.value = 70;
	assert_int_equal(submit(f, &v, 1, 1, NULL), 0);
	assert_int_equal(f->nwarned, 1);
	c = capaian(f, 2024, 0);
	assert_e2(c->indicators[2]->realisasi, 6687); /* dry run: unchanged */
	kinerja__get_capaian_reply__free_unpacked(c, NULL);
}

/* Sei Balai 2024: the published IKM 75,35 stands; its unsur means give
 * 75,42, within the 0,125 that means rounded to 2 decimals allow. */
static void
test_survey_means_within_their_rounding_are_no_finding(void **state)
{
	struct fixture *f = *state;
	double means[9]   = { 3.00, 3.01, 3.00, 3.99, 3.01, 3.02, 3.08, 3.01,
		  2.03 };
	Kinerja__IndicatorValue   v   = value("IKM", 2025, REALISASI, 75.35);
	Kinerja__GetSurveyRequest req = KINERJA__GET_SURVEY_REQUEST__INIT;
	Kinerja__GetSurveyReply  *s;

	world(f);
	assert_int_equal(submit(f, &v, 1, 0, NULL), 0);
	assert_int_equal(submit_survey(f, NULL, 0, means, 9), 0);
	assert_int_equal(f->nwarned, 0);
	req.unit = "tiram";
	req.year = 2025;
	assert_int_equal(fx_get_survey(f, &req, &s), 0);
	assert_e2(s->ikm, 7542);
	assert_e2(s->realisasi, 7535);
	assert_false(s->realisasi_derived);
	assert_string_equal(s->finding, "");
	kinerja__get_survey_reply__free_unpacked(s, NULL);
	v.value = 75.2; /* 0,22 below: beyond the rounding */
	assert_int_equal(submit(f, &v, 1, 0, NULL), 0);
	assert_int_equal(f->nwarned, 1);
	assert_int_equal(fx_get_survey(f, &req, &s), 0);
	assert_non_null(strstr(s->finding, "survei (SKM) menghasilkan 75,42"));
	kinerja__get_survey_reply__free_unpacked(s, NULL);
}

/* The IKM a survey makes is checked against the indicator's range like a
 * submitted value; refused, the survey is not stored either. */
static void
test_survey_ikm_outside_range_is_refused(void **state)
{
	struct fixture           *f   = *state;
	const int32_t             a[] = { 4, 4, 3, 4, 3, 3, 4, 3, 2 };
	Kinerja__SurveyResponse   r[] = { response(a, 9, "") };
	Kinerja__GetSurveyRequest req = KINERJA__GET_SURVEY_REQUEST__INIT;
	Kinerja__GetSurveyReply  *s;

	world(f);
	assert_int_equal(set_range(f, "IKM", "Nilai", 90, NAN), 0);
	assert_int_equal(
	    submit_survey(f, r, 1, NULL, 0), KINERJA__CODE__INVALID_ARGUMENT);
	assert_string_equal(f->st.details[0]->message,
	    "indicator: 83.33 di luar rentang sah IKM (90..100 "
	    "Nilai)");
	req.unit = "tiram";
	req.year = 2025;
	assert_int_equal(fx_get_survey(f, &req, &s), KINERJA__CODE__NOT_FOUND);
}

/* A respondent id given twice in one survey is refused naming both. */
static void
test_survey_duplicate_respondent_is_refused(void **state)
{
	struct fixture         *f   = *state;
	const int32_t           a[] = { 4, 4, 3, 4, 3, 3, 4, 3, 2 };
	Kinerja__SurveyResponse r[] = { response(a, 9, ""), response(a, 9, ""),
		response(a, 9, ""), response(a, 9, "") };
	Kinerja__GetSurveyRequest req = KINERJA__GET_SURVEY_REQUEST__INIT;
	Kinerja__GetSurveyReply  *s;

	world(f);
	r[0].respondent = "R1";
	r[1].respondent = "R12";
	r[2].respondent = "R3";
	r[3].respondent = "R12";
	assert_int_equal(
	    submit_survey(f, r, 4, NULL, 0), KINERJA__CODE__INVALID_ARGUMENT);
	assert_string_equal(f->st.details[0]->field, "responses");
	assert_string_equal(f->st.details[0]->message,
	    "responses[3].respondent: \"R12\" already at responses[1]");
	req.unit = "tiram";
	req.year = 2025;
	assert_int_equal(fx_get_survey(f, &req, &s), KINERJA__CODE__NOT_FOUND);
	/* Anonymous respondents (no id) are not duplicates. */
	r[1].respondent = r[3].respondent = "";
	assert_int_equal(submit_survey(f, r, 4, NULL, 0), 0);
}

static void
test_akip_score_above_weight_is_refused(void **state)
{
	struct fixture        *f   = *state;
	Kinerja__AkipComponent c[] = { component("Perencanaan", 30, 31, -1),
		component("Pengukuran", 30, 20, -1),
		component("Pelaporan", 15, 10, -1),
		component("Evaluasi", 25, 15, -1) };
	Kinerja__GetAkipEvaluationRequest req =
	    KINERJA__GET_AKIP_EVALUATION_REQUEST__INIT;
	Kinerja__GetAkipEvaluationReply *a;

	world(f);
	assert_int_equal(
	    submit_akip(f, c, 4), KINERJA__CODE__INVALID_ARGUMENT);
	assert_non_null(strstr(f->st.details[0]->message, "exceeds"));
	c[0].score  = 26.05;
	c[3].weight = 20; /* weights now sum to 95 */
	assert_int_equal(
	    submit_akip(f, c, 4), KINERJA__CODE__INVALID_ARGUMENT);
	assert_non_null(strstr(f->st.details[0]->message, "100"));
	req.unit = "tiram";
	req.year = 2024;
	assert_int_equal(
	    fx_get_akip_evaluation(f, &req, &a), KINERJA__CODE__NOT_FOUND);
}

/* Three surveys of one unit-year in one Import: each sees the one
 * before it (kinerjad remembers within a write that a unit-year has no
 * survey, and forgets it when one is written). */
static void
test_surveys_of_one_unit_year_in_one_import(void **state)
{
	struct fixture               *f        = *state;
	double                        means[9] = { 3, 3, 3, 3, 3, 3, 3, 3, 3 };
	double                        more[9]  = { 4, 4, 4, 4, 4, 4, 4, 4, 4 };
	Kinerja__SubmitSurveyRequest  s[3];
	Kinerja__SubmitSurveyRequest *sp[3] = { &s[0], &s[1], &s[2] };
	Kinerja__IndicatorValue       v     = value("IKM", 2025, REALISASI, 75);
	Kinerja__IndicatorValue      *vp    = &v;
	Kinerja__ImportRequest        req   = KINERJA__IMPORT_REQUEST__INIT;
	Kinerja__WriteReply          *w;
	int                           i;

	world(f);
	for (i = 0; i < 3; i++) {
		kinerja__submit_survey_request__init(&s[i]);
		s[i].unit             = "tiram";
		s[i].year             = 2025;
		s[i].unsur_means      = i == 2 ? more : means;
		s[i].n_unsur_means    = 9;
		s[i].respondent_count = 10;
	}
	req.values    = &vp;
	req.n_values  = 1;
	req.surveys   = sp;
	req.n_surveys = 3;
	assert_int_equal(fx_import(f, &req, &w), 0);
	/* the value and the first survey created; the same survey again
	 * unchanged; other means an update */
	assert_int_equal(w->created, 2);
	assert_int_equal(w->unchanged, 1);
	assert_int_equal(w->updated, 1);
	kinerja__write_reply__free_unpacked(w, NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
		    test_survey_from_responses, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(
		    test_surveys_of_one_unit_year_in_one_import, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(
		    test_survey_ikm_recorded_as_published_and_stated_wins,
		    fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(
		    test_survey_resent_fills_a_missing_realisasi, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(
		    test_survey_bad_scores_change_nothing, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(
		    test_survey_means_replace_the_derived_realisasi, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(
		    test_survey_means_within_their_rounding_are_no_finding,
		    fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(
		    test_akip_stated_total_wins_over_the_components, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(
		    test_akip_evaluation_after_the_stated_total_keeps_it,
		    fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(
		    test_akip_components_make_the_realisasi, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(
		    test_survey_ikm_outside_range_is_refused, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(
		    test_survey_duplicate_respondent_is_refused, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(
		    test_akip_score_above_weight_is_refused, fx_setup,
		    fx_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
