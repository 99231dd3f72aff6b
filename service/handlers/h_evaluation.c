/*
 * h_evaluation.c - the two scores a unit is given rather than measures:
 * IKM from the satisfaction survey (SKM, PermenPAN-RB 14/2017) and the
 * AKIP evaluation by component (PermenPAN-RB 88/2021). Each is submitted
 * whole for a unit-year; its total is a derived figure of an indicator
 * (derived.c: recorded only where no realisasi is stated).
 */
#include <stdio.h>
#include <string.h>

#include "grow.h"
#include "handlers.h"

#define MAX_COMPONENTS 12

static int
invalid(struct kcall *call, uint32_t i, const char *field, const char *msg)
{
	kcall_item_error(call, i, field, KINERJA__CODE__INVALID_ARGUMENT,
	    "%s: %s", field, msg);
	return 1;
}

/* ------------------------------------------------------------- survey */

static int
score_e4(double d, int64_t *e4)
{
	return kc_double_to_e4(d, e4) == 0 && *e4 >= KC_E4 && *e4 <= 4 * KC_E4;
}

static int
read_means(struct kcall *call, const Kinerja__SubmitSurveyRequest *in,
    uint32_t i, struct ksurvey *sv)
{
	size_t u;

	if (in->n_unsur_means != KSURVEY_UNSUR)
		return invalid(call, i, "unsur_means", "needs the 9 unsur");
	for (u = 0; u < KSURVEY_UNSUR; u++) {
		if (!score_e4(in->unsur_means[u], &sv->sum_e4[u])) {
			kcall_item_error(call, i, "unsur_means",
			    KINERJA__CODE__INVALID_ARGUMENT,
			    "unsur_means: unsur %zu is not a mean from 1 to 4",
			    u + 1);
			return 1;
		}
		sv->count[u] = 1;
	}
	return 0;
}

static int
read_response(struct kcall *call, const Kinerja__SurveyResponse *r, size_t k,
    uint32_t i, struct ksurvey *sv)
{
	size_t u;

	if (r->n_scores != KSURVEY_UNSUR) {
		kcall_item_error(call, i, "responses",
		    KINERJA__CODE__INVALID_ARGUMENT,
		    "responses[%zu]: %zu scores; every respondent scores the "
		    "9 "
		    "unsur",
		    k, r->n_scores);
		return 1;
	}
	for (u = 0; u < KSURVEY_UNSUR; u++) {
		if (r->scores[u] < 1 || r->scores[u] > 4) {
			kcall_item_error(call, i, "responses",
			    KINERJA__CODE__INVALID_ARGUMENT,
			    "responses[%zu]: unsur %zu scored %d; scores are "
			    "1-4",
			    k, u + 1, r->scores[u]);
			return 1;
		}
		sv->sum_e4[u] += (int64_t) r->scores[u] * KC_E4;
		sv->count[u]++;
	}
	if (kcheck_text(call, i, "respondent", r->respondent, 0) ||
	    kcheck_text(call, i, "gender", r->gender, 0) ||
	    kcheck_text(call, i, "education", r->education, 0) ||
	    kcheck_text(call, i, "age", r->age, 0) ||
	    kcheck_text(call, i, "occupation", r->occupation, 0))
		return 1;
	return 0;
}

/* A respondent id given twice would count one person twice. */
static int
duplicate_respondent(
    struct kcall *call, const Kinerja__SubmitSurveyRequest *in, uint32_t i)
{
	const char **ids =
	    kcall_alloc(call, (in->n_responses + 1) * sizeof(*ids));
	size_t       k, first;
	long         dup;

	for (k = 0; k < in->n_responses; k++)
		ids[k] = in->responses[k]->respondent;
	dup = kc_first_duplicate(ids, in->n_responses, &first);
	if (dup < 0 && first == in->n_responses)
		return 0;
	if (dup < 0) {
		kcall_error(call, KINERJA__CODE__RESOURCE_EXHAUSTED,
		    "responses: out of memory");
		return 1;
	}
	kcall_item_error(call, i, "responses",
	    KINERJA__CODE__INVALID_ARGUMENT,
	    "responses[%ld].respondent: %s already at responses[%zu]", dup,
	    kcall_quote(call, ids[dup]), first);
	return 1;
}

static int
read_survey(struct kcall *call, const Kinerja__SubmitSurveyRequest *in,
    uint32_t i, struct ksurvey *sv)
{
	size_t k;

	memset(sv, 0, sizeof(*sv));
	snprintf(sv->indicator, sizeof(sv->indicator), "%s",
	    *in->indicator ? in->indicator : "IKM");
	if (kcheck_code(call, i, "unit", in->unit) != 0 ||
	    kcheck_item_year(call, i, in->year) != 0 ||
	    (*in->indicator &&
	        kcheck_code(call, i, "indicator", in->indicator) != 0))
		return 1;
	if ((in->n_responses > 0) == (in->n_unsur_means > 0))
		return invalid(call, i, "responses",
		    "give either the responses or the 9 unsur means");
	if (in->n_unsur_means > 0) {
		sv->stated_respondents = in->respondent_count;
		return read_means(call, in, i, sv);
	}
	if (in->respondent_count > 0)
		return invalid(call, i, "respondent_count",
		    "only with unsur_means; responses are counted");
	for (k = 0; k < in->n_responses; k++)
		if (read_response(call, in->responses[k], k, i, sv) != 0)
			return 1;
	if (duplicate_respondent(call, in, i) != 0)
		return 1;
	sv->respondents = (int64_t) in->n_responses;
	return 0;
}

/* Keeps each response as given, and its profile counts. */
static int
put_responses(struct kcall *call, const Kinerja__SubmitSurveyRequest *in)
{
	size_t k;
	int    rc = KS_OK, j;

	for (k = 0; k < in->n_responses && rc == KS_OK; k++) {
		const Kinerja__SurveyResponse *r = in->responses[k];
		const char      *f[] = { "gender", "education", "age",
			     "occupation" };
		const char      *v[] = { r->gender, r->education, r->age,
			     r->occupation };
		struct kresponse kr  = { r->respondent, { 0 }, r->gender,
			 r->education, r->age, r->occupation };

		for (j = 0; j < KSURVEY_UNSUR; j++)
			kr.scores[j] = r->scores[j];
		rc = kstore_survey_response_add(
		    call->store, in->unit, in->year, (int) k, &kr);
		for (j = 0; j < 4 && rc == KS_OK; j++)
			if (*v[j])
				rc = kstore_survey_profile_add(call->store,
				    in->unit, in->year, f[j], v[j]);
	}
	return rc == KS_OK ? 0 : kstore_failed(call, rc);
}

/* A survey as its history shows it: respondents and each unsur's mean. */
static const char *
survey_text(struct kcall *call, const struct ksurvey *sv)
{
	char   buf[512], mean[32];
	size_t n, k;

	n = (size_t) snprintf(buf, sizeof(buf), "respondents %lld%s",
	    (long long) (sv->respondents ? sv->respondents
	                                 : sv->stated_respondents),
	    sv->stated_respondents ? " (stated)" : "");
	for (k = 0; k < KSURVEY_UNSUR && n < sizeof(buf); k++) {
		if (sv->count[k] == 0)
			continue;
		kc_format_decimal(
		    kc_div_round(sv->sum_e4[k] * 100, sv->count[k] * KC_E4), 2,
		    mean, sizeof(mean));
		n += (size_t) snprintf(
		    buf + n, sizeof(buf) - n, "; U%zu %s", k + 1, mean);
	}
	return kcall_strdup(call, buf);
}

/* Replaces the unit-year's survey, recording the change. */
static int
put_survey(struct kcall *call, const Kinerja__SubmitSurveyRequest *in,
    const struct ksurvey *sv, enum kchange *change)
{
	struct ksurvey old;
	int            rc, had;

	had = kstore_survey_get(call->store, in->unit, in->year, &old);
	if (had < 0)
		return kstore_failed(call, had);
	rc = kstore_survey_put(call->store, in->unit, in->year, sv, change);
	if (rc != KS_OK)
		return kstore_failed(call, rc);
	if (*change == KS_UNCHANGED)
		return 0;
	return khistory_put(call,
	    &(struct khistory) { .what = "survey",
	        .unit                  = in->unit,
	        .indicator             = "",
	        .year                  = in->year,
	        .field                 = "survey",
	        .old_value = had == KS_OK ? survey_text(call, &old) : NULL,
	        .new_value = survey_text(call, sv) });
}

static int
apply_survey(
    struct kcall *call, const void *item, uint32_t i, enum kchange *change)
{
	const Kinerja__SubmitSurveyRequest *in = item;
	struct ksurvey                      sv;
	struct kderived                     d;
	int                                 rc;

	if (read_survey(call, in, i, &sv) != 0)
		return 1;
	if ((rc = kfind_unit(call, i, in->unit)) != 0)
		return rc;
	if (call->dry_item) {
		*change = KS_UNCHANGED;
		return 0;
	}
	if ((rc = put_survey(call, in, &sv, change)) != 0 ||
	    (rc = put_responses(call, in)) != 0)
		return rc;
	if (!kderived_of_survey(&sv, &d))
		return 0;
	return kderived_record(
	    call, i, in->unit, in->year, in->indicator, "IKM", &d);
}

KLOCATE(survey_unit_year, SubmitSurveyRequest)

struct kbatch
ksurveys_of(Kinerja__SubmitSurveyRequest **items, size_t n)
{
	return (struct kbatch) { "surveys", (void *const *) items, n,
		apply_survey, NULL, NULL, survey_unit_year };
}

RPC(submit_survey, SubmitSurveyRequest, WriteReply)
{
	Kinerja__SubmitSurveyRequest *one =
	    (Kinerja__SubmitSurveyRequest *) in;
	struct kbatch b = ksurveys_of(&one, 1);
	struct kwrite w = { &b, 1, in->validate_only, 0 };

	(void) svc;
	kwrite_batch(arg, &w, done);
}

/* Collects profile rows as ProfileShare messages. */
struct profile {
	struct kcall           *call;
	int64_t                 respondents;
	Kinerja__ProfileShare **rows;
	size_t                  n, cap;
};

static int
keep_profile(void *arg, const char *field, const char *value, int64_t count)
{
	struct profile        *p = arg;
	Kinerja__ProfileShare *s = kcall_alloc(p->call, sizeof(*s));
	kc_pct                 pct;

	if (p->n == p->cap)
		KC_GROW(p->rows, p->n, p->cap, 16, kcall_alloc, p->call);
	kinerja__profile_share__init(s);
	s->field = kcall_strdup(p->call, field);
	s->value = kcall_strdup(p->call, value);
	s->count = (uint32_t) count;
	if (kc_percent(count, p->respondents, &pct) == KC_AVAILABLE)
		s->percent = ke2_double(kc_round2(pct));
	p->rows[p->n++] = s;
	return 0;
}

/* -1, 0 or 1 as NRR a is below, equal to or above NRR b, exactly. */
static int
nrr_cmp(const struct ksurvey *sv, int a, int b)
{
	__int128 x = (__int128) sv->sum_e4[a] * sv->count[b];
	__int128 y = (__int128) sv->sum_e4[b] * sv->count[a];

	return (x > y) - (x < y);
}

static void
fill_unsur(
    struct kcall *call, const struct ksurvey *sv, Kinerja__GetSurveyReply *r)
{
	int u;

	r->unsur   = kcall_alloc(call, KSURVEY_UNSUR * sizeof(*r->unsur));
	r->n_unsur = KSURVEY_UNSUR;
	r->weakest = r->strongest = 1;
	for (u = 0; u < KSURVEY_UNSUR; u++) {
		Kinerja__UnsurScore *s = kcall_alloc(call, sizeof(*s));

		kinerja__unsur_score__init(s);
		s->unsur          = (uint32_t) u + 1;
		s->name           = (char *) kc_unsur_name(u + 1);
		s->nrr            = ke2_double(kc_div_round(
		               sv->sum_e4[u], (__int128) sv->count[u] * 100));
		s->nrr_tertimbang = ke4_double(kc_div_round(
		    sv->sum_e4[u], (__int128) sv->count[u] * KSURVEY_UNSUR));
		if (nrr_cmp(sv, u, (int) r->weakest - 1) < 0)
			r->weakest = s->unsur;
		if (nrr_cmp(sv, u, (int) r->strongest - 1) > 0)
			r->strongest = s->unsur;
		r->unsur[u] = s;
	}
}

static int
survey_realisasi(struct kcall *call, const Kinerja__GetSurveyRequest *in,
    const struct ksurvey *sv, Kinerja__GetSurveyReply *r)
{
	struct kderived  d;
	struct kcompared c;

	r->indicator = kcall_strdup(call, sv->indicator);
	if (!kderived_of_survey(sv, &d) ||
	    kderived_compare(call, in->unit, sv->indicator, in->year, &d,
	        &c) != 0)
		return call->code != KINERJA__CODE__OK ? -1 : 0;
	if (c.has_realisasi) {
		r->opt_realisasi_case =
		    KINERJA__GET_SURVEY_REPLY__OPT_REALISASI_REALISASI;
		r->realisasi         = ke4_double(c.realisasi_e4);
		r->realisasi_derived = c.derived;
		r->finding           = c.finding ? (char *) c.finding : "";
	}
	return 0;
}

/* The responses' number, or the count stated with the means; neither
 * is "unknown", not 0 people. */
static void
set_respondents(const struct ksurvey *sv, Kinerja__GetSurveyReply *r)
{
	r->respondents         = (uint32_t) (sv->respondents
	                                         ? sv->respondents
	                                         : sv->stated_respondents);
	r->respondents_stated  = sv->respondents == 0 && sv->stated_respondents;
	r->respondents_unknown = r->respondents == 0;
}

static int
survey(struct kcall *call, const void *in_arg, void *reply)
{
	const Kinerja__GetSurveyRequest *in = in_arg;
	Kinerja__GetSurveyReply         *r  = reply;
	struct ksurvey                   sv;
	struct profile                   p = { .call = call };
	kc_pct                           ikm;
	int64_t                          e2;
	int                              rc;

	if (kload_unit(call, in->unit, &r->unit) != 0)
		return -1;
	rc = kstore_survey_get(call->store, in->unit, in->year, &sv);
	if (rc == KS_NOTFOUND ||
	    (rc == KS_OK && kc_ikm(sv.sum_e4, sv.count, &ikm) != 0)) {
		kcall_error(call, KINERJA__CODE__NOT_FOUND,
		    "survey: none for %s %d", kcall_quote(call, in->unit),
		    in->year);
		return -1;
	}
	if (rc != KS_OK)
		return kstore_failed(call, rc);
	fill_unsur(call, &sv, r);
	if (survey_realisasi(call, in, &sv, r) != 0)
		return -1;
	e2             = kc_round2(ikm);
	set_respondents(&sv, r);
	r->ikm         = ke2_double(e2);
	r->nrr_tertimbang =
	    ke4_double(kc_div_round(ikm.num * KC_E4, ikm.den * 25));
	r->mutu       = (char *) kc_mutu(e2);
	r->mutu_label = (char *) kc_mutu_label(e2);
	p.respondents = sv.respondents;
	rc            = kstore_survey_profile(
	               call->store, in->unit, in->year, keep_profile, &p);
	if (rc != KS_OK)
		return kstore_failed(call, rc);
	r->profile   = p.rows;
	r->n_profile = p.n;
	return 0;
}

RPC(get_survey, GetSurveyRequest, GetSurveyReply)
{
	Kinerja__GetSurveyReply r = KINERJA__GET_SURVEY_REPLY__INIT;

	(void) svc;
	if (kcheck_unit_year(arg, in->unit, in->year) == 0)
		kread(arg, survey, in, &r);
	r.year = in->year;
	done(&r, arg);
}

/* --------------------------------------------------------------- AKIP */

static int
read_component(struct kcall *call, const Kinerja__AkipComponent *c, size_t k,
    uint32_t i, struct kakip_component *out)
{
	char w[32], s[32];

	if (kcheck_text(call, i, "components", c->name, 1) != 0)
		return 1;
	out->name       = c->name;
	out->has_target = c->opt_target_case != 0;
	if (kc_double_to_e4(c->weight, &out->weight_e4) ||
	    out->weight_e4 <= 0 || out->weight_e4 > 100 * KC_E4 ||
	    kc_double_to_e4(c->score, &out->score_e4) || out->score_e4 < 0 ||
	    (out->has_target &&
	        (kc_double_to_e4(c->target, &out->target_e4) ||
	            out->target_e4 < 0 || out->target_e4 > out->weight_e4))) {
		kcall_item_error(call, i, "components",
		    KINERJA__CODE__INVALID_ARGUMENT,
		    "components[%zu]: weight must be above 0 and at most 100, "
		    "score and target from 0 to the weight",
		    k);
		return 1;
	}
	if (out->score_e4 > out->weight_e4) {
		kc_format_decimal(out->score_e4, 4, s, sizeof(s));
		kc_format_decimal(out->weight_e4, 4, w, sizeof(w));
		kcall_item_error(call, i, "components",
		    KINERJA__CODE__INVALID_ARGUMENT,
		    "components[%zu]: score %s of %s exceeds its weight %s", k,
		    s, kcall_quote(call, c->name), w);
		return 1;
	}
	return 0;
}

static int
read_akip(struct kcall *call, const Kinerja__SubmitAkipEvaluationRequest *in,
    uint32_t i, struct kakip_component *c)
{
	int64_t weights = 0;
	size_t  k;

	if (kcheck_code(call, i, "unit", in->unit) != 0 ||
	    kcheck_item_year(call, i, in->year) != 0 ||
	    (*in->indicator &&
	        kcheck_code(call, i, "indicator", in->indicator) != 0))
		return 1;
	if (in->n_components == 0 || in->n_components > MAX_COMPONENTS)
		return invalid(call, i, "components", "1 to 12 components");
	for (k = 0; k < in->n_components; k++) {
		if (read_component(call, in->components[k], k, i, &c[k]) != 0)
			return 1;
		weights += c[k].weight_e4;
	}
	if (weights != 100 * KC_E4) {
		char w[32];

		kc_format_decimal(weights, 4, w, sizeof(w));
		kcall_item_error(call, i, "components",
		    KINERJA__CODE__INVALID_ARGUMENT,
		    "components: the weights sum to %s, not 100", w);
		return 1;
	}
	return 0;
}

struct akip_text {
	char   buf[1024];
	size_t n;
};

static void
akip_add(struct akip_text *t, const struct kakip_component *c)
{
	char score[32], weight[32], target[48] = "";

	if (t->n >= sizeof(t->buf))
		return;
	kc_format_decimal(
	    kc_div_round(c->score_e4, 100), 2, score, sizeof(score));
	kc_format_decimal(
	    kc_div_round(c->weight_e4, 100), 2, weight, sizeof(weight));
	if (c->has_target) {
		strcpy(target, " target ");
		kc_format_decimal(kc_div_round(c->target_e4, 100), 2,
		    target + 8, sizeof(target) - 8);
	}
	/* Everything a resend compares, so that an update shows its change. */
	t->n += (size_t) snprintf(t->buf + t->n, sizeof(t->buf) - t->n,
	    "%s%s %s/%s%s", t->n ? "; " : "", c->name, score, weight, target);
}

static int
akip_add_cb(void *arg, const struct kakip_component *c)
{
	akip_add(arg, c);
	return KS_OK;
}

/* Replaces the unit-year's components, recording the change: the
 * history shows every component's score before and after. */
static int
put_akip(struct kcall *call, const Kinerja__SubmitAkipEvaluationRequest *in,
    const struct kakip_component *c, enum kchange *change)
{
	struct akip_text old = { .n = 0 }, now = { .n = 0 };
	size_t           k;
	int              rc;

	rc = kstore_akip_list(
	    call->store, in->unit, in->year, akip_add_cb, &old);
	if (rc == KS_OK)
		rc = kstore_akip_put(call->store, in->unit, in->year,
		    *in->indicator ? in->indicator : "AKIP", c,
		    in->n_components, change);
	if (rc != KS_OK)
		return kstore_failed(call, rc);
	if (*change == KS_UNCHANGED)
		return 0;
	for (k = 0; k < in->n_components; k++)
		akip_add(&now, &c[k]);
	return khistory_put(
	    call, &(struct khistory) { .what = "akip",
	              .unit                  = in->unit,
	              .indicator             = "",
	              .year                  = in->year,
	              .field                 = "components",
	              .old_value = old.n ? kcall_strdup(call, old.buf) : NULL,
	              .new_value = kcall_strdup(call, now.buf) });
}

static int
apply_akip(
    struct kcall *call, const void *item, uint32_t i, enum kchange *change)
{
	const Kinerja__SubmitAkipEvaluationRequest *in = item;
	struct kakip_component                      c[MAX_COMPONENTS];
	struct kderived                             d;
	int64_t                                     total = 0;
	size_t                                      k;
	int                                         rc;

	if (read_akip(call, in, i, c) != 0)
		return 1;
	if ((rc = kfind_unit(call, i, in->unit)) != 0)
		return rc;
	if (call->dry_item) {
		*change = KS_UNCHANGED;
		return 0;
	}
	if ((rc = put_akip(call, in, c, change)) != 0)
		return rc;
	for (k = 0; k < in->n_components; k++)
		total += c[k].score_e4;
	kderived_of_akip(total, &d);
	return kderived_record(
	    call, i, in->unit, in->year, in->indicator, "AKIP", &d);
}

KLOCATE(akip_unit_year, SubmitAkipEvaluationRequest)

struct kbatch
kakip_of(Kinerja__SubmitAkipEvaluationRequest **items, size_t n)
{
	return (struct kbatch) { "akip", (void *const *) items, n, apply_akip,
		NULL, NULL, akip_unit_year };
}

RPC(submit_akip_evaluation, SubmitAkipEvaluationRequest, WriteReply)
{
	Kinerja__SubmitAkipEvaluationRequest *one =
	    (Kinerja__SubmitAkipEvaluationRequest *) in;
	struct kbatch b = kakip_of(&one, 1);
	struct kwrite w = { &b, 1, in->validate_only, 0 };

	(void) svc;
	kwrite_batch(arg, &w, done);
}

struct components {
	struct kcall                  *call;
	Kinerja__AkipComponentResult **rows;
	size_t                         n;
	int64_t                        total, target;
	int                            all_targets;
};

static int
keep_component(void *arg, const struct kakip_component *c)
{
	struct components            *a = arg;
	Kinerja__AkipComponentResult *r = kcall_alloc(a->call, sizeof(*r));
	kc_pct                        pct;

	kinerja__akip_component_result__init(r);
	r->name   = kcall_strdup(a->call, c->name);
	r->weight = ke4_double(c->weight_e4);
	r->score  = ke4_double(c->score_e4);
	if (kc_percent(c->score_e4, c->weight_e4, &pct) == KC_AVAILABLE)
		r->percent_of_weight = ke2_double(kc_round2(pct));
	if (c->has_target) {
		r->opt_target_case =
		    KINERJA__AKIP_COMPONENT_RESULT__OPT_TARGET_TARGET;
		r->target = ke4_double(c->target_e4);
		if (kc_percent(c->score_e4, c->target_e4, &pct) ==
		    KC_AVAILABLE) {
			r->opt_capaian_case =
			    KINERJA__AKIP_COMPONENT_RESULT__OPT_CAPAIAN_CAPAIAN;
			r->capaian = ke2_double(kc_round2(pct));
		}
	}
	a->total += c->score_e4;
	a->target += c->target_e4;
	a->all_targets &= c->has_target;
	if (a->n < MAX_COMPONENTS)
		a->rows[a->n++] = r;
	return 0;
}

static int
akip_realisasi(struct kcall *call, const Kinerja__GetAkipEvaluationRequest *in,
    int64_t total_e4, Kinerja__GetAkipEvaluationReply *r)
{
	struct kderived  d;
	struct kcompared c;
	char             code[72];
	int              rc;

	rc = kstore_akip_indicator(
	    call->store, in->unit, in->year, code, sizeof(code));
	if (rc != KS_OK)
		return kstore_failed(call, rc);
	r->indicator = kcall_strdup(call, code);
	kderived_of_akip(total_e4, &d);
	if (kderived_compare(call, in->unit, code, in->year, &d, &c) != 0)
		return -1;
	if (c.has_realisasi) {
		r->opt_realisasi_case =
		    KINERJA__GET_AKIP_EVALUATION_REPLY__OPT_REALISASI_REALISASI;
		r->realisasi         = ke4_double(c.realisasi_e4);
		r->realisasi_derived = c.derived;
		r->finding           = c.finding ? (char *) c.finding : "";
	}
	return 0;
}

static int
akip(struct kcall *call, const void *in_arg, void *reply)
{
	const Kinerja__GetAkipEvaluationRequest *in = in_arg;
	Kinerja__GetAkipEvaluationReply         *r  = reply;
	struct components a = { .call = call, .all_targets = 1 };
	kc_pct            pct;
	int               rc;

	if (kload_unit(call, in->unit, &r->unit) != 0)
		return -1;
	a.rows = kcall_alloc(call, MAX_COMPONENTS * sizeof(*a.rows));
	rc     = kstore_akip_list(
	        call->store, in->unit, in->year, keep_component, &a);
	if (rc != KS_OK)
		return kstore_failed(call, rc);
	if (a.n == 0) {
		kcall_error(call, KINERJA__CODE__NOT_FOUND,
		    "akip: no evaluation for %s %d",
		    kcall_quote(call, in->unit), in->year);
		return -1;
	}
	if (akip_realisasi(call, in, a.total, r) != 0)
		return -1;
	r->components     = a.rows;
	r->n_components   = a.n;
	r->total          = ke4_double(a.total);
	r->predikat       = (char *) kc_akip_name(kc_akip_of_score(a.total));
	r->predikat_label = (char *) kc_akip_label(kc_akip_of_score(a.total));
	if (a.all_targets) {
		r->opt_target_total_case =
		    KINERJA__GET_AKIP_EVALUATION_REPLY__OPT_TARGET_TOTAL_TARGET_TOTAL;
		r->target_total = ke4_double(a.target);
		if (kc_percent(a.total, a.target, &pct) == KC_AVAILABLE) {
			r->opt_capaian_case =
			    KINERJA__GET_AKIP_EVALUATION_REPLY__OPT_CAPAIAN_CAPAIAN;
			r->capaian = ke2_double(kc_round2(pct));
		}
	}
	return 0;
}

int
kakip_evaluation(struct kcall *call, const Kinerja__GetAkipEvaluationRequest *in,
    Kinerja__GetAkipEvaluationReply *r)
{
	r->year = in->year;
	return akip(call, in, r);
}

RPC(get_akip_evaluation, GetAkipEvaluationRequest, GetAkipEvaluationReply)
{
	Kinerja__GetAkipEvaluationReply r =
	    KINERJA__GET_AKIP_EVALUATION_REPLY__INIT;

	(void) svc;
	if (kcheck_unit_year(arg, in->unit, in->year) == 0)
		kread(arg, akip, in, &r);
	r.year = in->year;
	done(&r, arg);
}

/* ------------------------------------------------- for GetRanking */

int
ksurvey_ikm(struct kcall *call, const char *unit, int year, int64_t *e2)
{
	struct ksurvey sv;
	kc_pct         ikm;
	int            rc = kstore_survey_get(call->store, unit, year, &sv);

	if (rc == KS_NOTFOUND)
		return 0;
	if (rc != KS_OK)
		return kstore_failed(call, rc);
	if (kc_ikm(sv.sum_e4, sv.count, &ikm) != KC_AVAILABLE)
		return 0;
	*e2 = kc_round2(ikm);
	return 1;
}

struct score_sum {
	int64_t e4;
	size_t  n;
};

static int
add_score(void *arg, const struct kakip_component *c)
{
	struct score_sum *s = arg;

	s->e4 += c->score_e4;
	s->n++;
	return 0;
}

int
kakip_total(struct kcall *call, const char *unit, int year, int64_t *e4)
{
	struct score_sum s = { 0, 0 };
	int rc = kstore_akip_list(call->store, unit, year, add_score, &s);

	if (rc != KS_OK)
		return kstore_failed(call, rc);
	*e4 = s.e4;
	return s.n > 0;
}
