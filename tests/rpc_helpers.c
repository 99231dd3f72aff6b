/*
 * rpc_helpers.c - what the RPC tests of several handler groups build and
 * check: the registry they start from (world, peers), values, budget
 * lines, surveys and AKIP components, and snapshots to prove a refused
 * request changed nothing. Calls go through the fixture (rpc_fixture.h).
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

/* Keeps a write's warnings for the test to read. */
void
note_warnings(struct fixture *f, const Kinerja__WriteReply *r)
{
	size_t i, n = 0;

	f->nwarned   = r->n_warnings;
	f->warned[0] = 0;
	for (i = 0; i < r->n_warnings && n < sizeof(f->warned); i++) {
		assert_int_equal(r->warnings[i]->code, KINERJA__CODE__OK);
		n += (size_t) snprintf(f->warned + n, sizeof(f->warned) - n,
		    "%s\n", r->warnings[i]->message);
	}
}

Kinerja__Unit
unit(const char *code, const char *parent, Kinerja__Level level)
{
	Kinerja__Unit u = KINERJA__UNIT__INIT;

	u.code   = (char *) code;
	u.name   = (char *) code;
	u.parent = (char *) parent;
	u.level  = level;
	return u;
}

int
upsert_units(struct fixture *f, Kinerja__Unit *units, size_t n,
    Kinerja__WriteReply **out)
{
	Kinerja__UpsertUnitsRequest req = KINERJA__UPSERT_UNITS_REQUEST__INIT;
	Kinerja__Unit              *p[8];
	Kinerja__WriteReply        *r;
	size_t                      i;
	int                         code;

	for (i = 0; i < n; i++)
		p[i] = &units[i];
	req.units   = p;
	req.n_units = n;
	code        = fx_upsert_units(f, &req, &r);
	if (code == 0 && out != NULL)
		*out = r;
	else if (code == 0)
		kinerja__write_reply__free_unpacked(r, NULL);
	return code;
}

Kinerja__IndicatorValue
value(const char *ind, int year, Kinerja__ValueKind kind, double v)
{
	Kinerja__IndicatorValue iv = KINERJA__INDICATOR_VALUE__INIT;

	iv.unit           = "tiram";
	iv.indicator      = (char *) ind;
	iv.year           = year;
	iv.kind           = kind;
	iv.opt_value_case = KINERJA__INDICATOR_VALUE__OPT_VALUE_VALUE;
	iv.value          = v;
	return iv;
}

int
submit(struct fixture *f, Kinerja__IndicatorValue *v, size_t n, int flags,
    Kinerja__WriteReply **out)
{
	Kinerja__SubmitIndicatorDataRequest req =
	    KINERJA__SUBMIT_INDICATOR_DATA_REQUEST__INIT;
	Kinerja__IndicatorValue **p = calloc(n, sizeof(*p));
	Kinerja__WriteReply      *r;
	size_t                    i;
	int                       code;

	for (i = 0; i < n; i++)
		p[i] = &v[i];
	req.values        = p;
	req.n_values      = n;
	req.validate_only = (flags & 1) != 0;
	req.partial       = (flags & 2) != 0;
	code              = fx_submit_indicator_data(f, &req, &r);
	free(p);
	if (code == 0)
		note_warnings(f, r);
	if (code == 0 && out != NULL)
		*out = r;
	else if (code == 0)
		kinerja__write_reply__free_unpacked(r, NULL);
	return code;
}

/* sumut > batubara > tiram; IKM (max), AKIP (akip), ADUAN (min) linked
 * to two sasaran of tiram. */
void
world(struct fixture *f)
{
	Kinerja__Unit                    u[]    = { unit(
		                                        "sumut", "", KINERJA__LEVEL__LEVEL_PROVINSI),
		                      unit("batubara", "sumut", KINERJA__LEVEL__LEVEL_KABUPATEN),
		                      unit("tiram", "batubara", KINERJA__LEVEL__LEVEL_KECAMATAN) };
	Kinerja__Indicator               ind[3] = { KINERJA__INDICATOR__INIT,
		              KINERJA__INDICATOR__INIT, KINERJA__INDICATOR__INIT };
	Kinerja__Indicator              *ip[3] = { &ind[0], &ind[1], &ind[2] };
	Kinerja__UpsertIndicatorsRequest ireq =
	    KINERJA__UPSERT_INDICATORS_REQUEST__INIT;
	Kinerja__SasaranLink          l[3]  = { KINERJA__SASARAN_LINK__INIT,
		          KINERJA__SASARAN_LINK__INIT, KINERJA__SASARAN_LINK__INIT };
	Kinerja__SasaranLink         *lp[3] = { &l[0], &l[1], &l[2] };
	Kinerja__UpsertSasaranRequest sreq =
	    KINERJA__UPSERT_SASARAN_REQUEST__INIT;
	Kinerja__WriteReply *r;
	const char          *codes[] = { "IKM", "AKIP", "ADUAN" };
	const char *sas[] = { "Kepuasan", "Akuntabilitas", "Kepuasan" };
	int         i;

	assert_int_equal(upsert_units(f, u, 3, NULL), 0);
	for (i = 0; i < 3; i++) {
		ind[i].code    = (char *) codes[i];
		ind[i].name    = (char *) codes[i];
		ind[i].satuan  = "Nilai";
		l[i].unit      = "tiram";
		l[i].sasaran   = (char *) sas[i];
		l[i].indicator = (char *) codes[i];
	}
	ind[1].value_type = KINERJA__VALUE_TYPE__VALUE_TYPE_AKIP;
	ind[2].polarity   = KINERJA__POLARITY__POLARITY_MINIMIZE;
	ireq.indicators   = ip;
	ireq.n_indicators = 3;
	assert_int_equal(fx_upsert_indicators(f, &ireq, &r), 0);
	kinerja__write_reply__free_unpacked(r, NULL);
	sreq.links   = lp;
	sreq.n_links = 3;
	assert_int_equal(fx_upsert_sasaran(f, &sreq, &r), 0);
	kinerja__write_reply__free_unpacked(r, NULL);
}

Kinerja__GetCapaianReply *
capaian_of(struct fixture *f, const char *unit, int year)
{
	Kinerja__GetCapaianRequest req = KINERJA__GET_CAPAIAN_REQUEST__INIT;
	Kinerja__GetCapaianReply  *r;

	req.unit = (char *) unit;
	req.year = year;
	assert_int_equal(fx_get_capaian(f, &req, &r), 0);
	return r;
}

Kinerja__GetCapaianReply *
capaian(struct fixture *f, int year, Kinerja__PredikatRule rule)
{
	Kinerja__GetCapaianRequest req = KINERJA__GET_CAPAIAN_REQUEST__INIT;
	Kinerja__GetCapaianReply  *r;

	req.unit          = "tiram";
	req.year          = year;
	req.predikat_rule = rule;
	assert_int_equal(fx_get_capaian(f, &req, &r), 0);
	return r;
}

/* The packed capaian reply, to compare states before and after. */
size_t
snapshot(struct fixture *f, int year, uint8_t *buf, size_t len)
{
	Kinerja__GetCapaianReply *r = capaian(f, year, 0);
	size_t n = kinerja__get_capaian_reply__get_packed_size(r);

	assert_true(n <= len);
	kinerja__get_capaian_reply__pack(r, buf);
	kinerja__get_capaian_reply__free_unpacked(r, NULL);
	return n;
}

void
assert_unchanged(struct fixture *f, int year, const uint8_t *before, size_t n)
{
	uint8_t after[8192];

	assert_int_equal(snapshot(f, year, after, sizeof(after)), n);
	assert_memory_equal(before, after, n);
}

/* A packed envelope for method with the given payload bytes. */
size_t
envelope(const char *method, const void *payload, size_t plen,
    uint32_t timeout, uint8_t *out)
{
	Kinerja__RequestEnvelope env = KINERJA__REQUEST_ENVELOPE__INIT;

	env.method       = (char *) method;
	env.timeout_ms   = timeout;
	env.payload.data = (uint8_t *) payload;
	env.payload.len  = plen;
	return kinerja__request_envelope__pack(&env, out);
}

void
assert_healthy(struct fixture *f)
{
	Kinerja__HealthRequest req = KINERJA__HEALTH_REQUEST__INIT;
	Kinerja__HealthReply  *r;

	assert_int_equal(fx_health(f, &req, &r), 0);
	assert_string_equal(r->status, "SERVING");
	kinerja__health_reply__free_unpacked(r, NULL);
}

Kinerja__IndicatorValue
uvalue(const char *unit, const char *ind, int year, Kinerja__ValueKind kind,
    double v)
{
	Kinerja__IndicatorValue iv = value(ind, year, kind, v);

	iv.unit = (char *) unit;
	return iv;
}

/* world() plus balai, suka and deras under batubara, and other under a
 * second kabupaten, asahan. */
void
peers(struct fixture *f)
{
	Kinerja__Unit u[] = {
		unit("balai", "batubara", KINERJA__LEVEL__LEVEL_KECAMATAN),
		unit("suka", "batubara", KINERJA__LEVEL__LEVEL_KECAMATAN),
		unit("deras", "batubara", KINERJA__LEVEL__LEVEL_KECAMATAN),
		unit("asahan", "sumut", KINERJA__LEVEL__LEVEL_KABUPATEN),
		unit("other", "asahan", KINERJA__LEVEL__LEVEL_KECAMATAN),
	};

	world(f);
	assert_int_equal(upsert_units(f, u, 5, NULL), 0);
}

Kinerja__GetTrendReply *
trend(struct fixture *f, const char *ind, int from, int to, int expect)
{
	Kinerja__GetTrendRequest req = KINERJA__GET_TREND_REQUEST__INIT;
	Kinerja__GetTrendReply  *r   = NULL;

	req.unit      = "tiram";
	req.indicator = (char *) ind;
	req.from_year = from;
	req.to_year   = to;
	assert_int_equal(fx_get_trend(f, &req, &r), expect);
	return r;
}

Kinerja__BudgetLine
line(const char *code, const char *parent, int64_t pagu, int64_t real)
{
	Kinerja__BudgetLine l = KINERJA__BUDGET_LINE__INIT;

	l.unit   = "tiram";
	l.year   = 2025;
	l.code   = (char *) code;
	l.name   = (char *) code;
	l.parent = (char *) parent;
	if (pagu >= 0) {
		l.opt_pagu_case = KINERJA__BUDGET_LINE__OPT_PAGU_PAGU_SEN;
		l.pagu_sen      = pagu;
	}
	if (real >= 0) {
		l.opt_realisasi_case =
		    KINERJA__BUDGET_LINE__OPT_REALISASI_REALISASI_SEN;
		l.realisasi_sen = real;
	}
	return l;
}

int
submit_budget(struct fixture *f, Kinerja__BudgetLine *l, size_t n,
    Kinerja__WriteReply **out)
{
	Kinerja__SubmitBudgetRequest req =
	    KINERJA__SUBMIT_BUDGET_REQUEST__INIT;
	Kinerja__BudgetLine *p[128];
	Kinerja__WriteReply *w;
	size_t               i;
	int                  code;

	assert_true(n <= 128);
	for (i = 0; i < n; i++)
		p[i] = &l[i];
	req.lines   = p;
	req.n_lines = n;
	code        = fx_submit_budget(f, &req, &w);
	if (code == 0 && out)
		*out = w;
	else if (code == 0)
		kinerja__write_reply__free_unpacked(w, NULL);
	return code;
}

Kinerja__GetBudgetReply *
get_budget(struct fixture *f)
{
	Kinerja__GetBudgetRequest req = KINERJA__GET_BUDGET_REQUEST__INIT;
	Kinerja__GetBudgetReply  *r;

	req.unit = "tiram";
	req.year = 2025;
	assert_int_equal(fx_get_budget(f, &req, &r), 0);
	return r;
}

Kinerja__SurveyResponse
response(const int32_t *scores, size_t n, const char *gender)
{
	Kinerja__SurveyResponse r = KINERJA__SURVEY_RESPONSE__INIT;

	r.scores   = (int32_t *) scores;
	r.n_scores = n;
	r.gender   = (char *) gender;
	return r;
}

int
submit_survey_of(struct fixture *f, const char *unit, int year,
    Kinerja__SurveyResponse *r, size_t n, double *means, size_t nmeans)
{
	Kinerja__SubmitSurveyRequest req =
	    KINERJA__SUBMIT_SURVEY_REQUEST__INIT;
	Kinerja__SurveyResponse *p[8];
	Kinerja__WriteReply     *w;
	size_t                   i;
	int                      code;

	for (i = 0; i < n; i++)
		p[i] = &r[i];
	req.unit          = (char *) unit;
	req.year          = year;
	req.responses     = p;
	req.n_responses   = n;
	req.unsur_means   = means;
	req.n_unsur_means = nmeans;
	code              = fx_submit_survey(f, &req, &w);
	if (code == 0) {
		note_warnings(f, w);
		kinerja__write_reply__free_unpacked(w, NULL);
	}
	return code;
}

Kinerja__AkipComponent
component(const char *name, double weight, double score, double target)
{
	Kinerja__AkipComponent c = KINERJA__AKIP_COMPONENT__INIT;

	c.name   = (char *) name;
	c.weight = weight;
	c.score  = score;
	if (target >= 0) {
		c.opt_target_case = KINERJA__AKIP_COMPONENT__OPT_TARGET_TARGET;
		c.target          = target;
	}
	return c;
}

int
submit_akip_of(struct fixture *f, const char *unit, int year,
    Kinerja__AkipComponent *c, size_t n)
{
	Kinerja__SubmitAkipEvaluationRequest req =
	    KINERJA__SUBMIT_AKIP_EVALUATION_REQUEST__INIT;
	Kinerja__AkipComponent *p[8];
	Kinerja__WriteReply    *w;
	size_t                  i;
	int                     code;

	for (i = 0; i < n; i++)
		p[i] = &c[i];
	req.unit         = (char *) unit;
	req.year         = year;
	req.components   = p;
	req.n_components = n;
	code             = fx_submit_akip_evaluation(f, &req, &w);
	if (code == 0) {
		note_warnings(f, w);
		kinerja__write_reply__free_unpacked(w, NULL);
	}
	return code;
}

/* Upserts one indicator of world() again with a range (NAN: no bound). */
int
set_range(struct fixture *f, const char *code, const char *satuan, double min,
    double max)
{
	Kinerja__Indicator               ind = KINERJA__INDICATOR__INIT;
	Kinerja__Indicator              *ip  = &ind;
	Kinerja__UpsertIndicatorsRequest ireq =
	    KINERJA__UPSERT_INDICATORS_REQUEST__INIT;
	Kinerja__WriteReply *w;
	int                  code_rc;

	ind.code = ind.name = (char *) code;
	ind.satuan          = (char *) satuan;
	if (strcmp(code, "AKIP") == 0)
		ind.value_type = KINERJA__VALUE_TYPE__VALUE_TYPE_AKIP;
	if (!isnan(min)) {
		ind.opt_min_case = KINERJA__INDICATOR__OPT_MIN_MIN;
		ind.min          = min;
	}
	if (!isnan(max)) {
		ind.opt_max_case = KINERJA__INDICATOR__OPT_MAX_MAX;
		ind.max          = max;
	}
	ireq.indicators   = &ip;
	ireq.n_indicators = 1;
	code_rc           = fx_upsert_indicators(f, &ireq, &w);
	if (code_rc == 0)
		kinerja__write_reply__free_unpacked(w, NULL);
	return code_rc;
}

Kinerja__GetHistoryReply *
history(struct fixture *f, const char *unit, const char *ind, int year,
    uint64_t after, uint32_t limit)
{
	Kinerja__GetHistoryRequest req = KINERJA__GET_HISTORY_REQUEST__INIT;
	Kinerja__GetHistoryReply  *r;

	req.unit      = (char *) unit;
	req.indicator = (char *) ind;
	req.year      = year;
	req.after     = after;
	req.limit     = limit;
	assert_int_equal(fx_get_history(f, &req, &r), 0);
	return r;
}
