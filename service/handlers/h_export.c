/*
 * h_export.c - Export: a unit's data (or all of it) as the Import request
 * that rebuilds it, so that export and import are one format and a round
 * trip cannot drift. Values go out with every revision, oldest first.
 */
#include <string.h>

#include "grow.h"
#include "handlers.h"

void
klist_push(struct klist *l, void *item)
{
	if (l->n == l->cap)
		KC_GROW(l->items, l->n, l->cap, 32, kcall_alloc, l->call);
	l->items[l->n++] = item;
}

static char *
dup(struct kcall *call, const char *s)
{
	return kcall_strdup(call, s ? s : "");
}

/* ------------------------------------------------------ definitions */

static int
unit_msg(void *arg, const struct kunit *u)
{
	struct klist   *l = arg;
	Kinerja__Unit *m = kcall_alloc(l->call, sizeof(*m));

	kinerja__unit__init(m);
	m->code   = dup(l->call, u->code);
	m->name   = dup(l->call, u->name);
	m->parent = dup(l->call, u->parent);
	m->level  = u->level;
	klist_push(l, m);
	return 0;
}

/* A unit and its ancestors, root first, so its parents resolve. */
static int
lineage(struct kcall *call, const char *code, struct klist *l)
{
	struct kunit u;
	char         buf[KSTORE_BUF];
	size_t       first = l->n, i;
	int          rc;

	while (*code) {
		rc = kstore_unit_get(call->store, code, &u, buf, sizeof(buf));
		if (rc != KS_OK)
			return rc;
		unit_msg(l, &u);
		code = ((Kinerja__Unit *) l->items[l->n - 1])->parent;
	}
	for (i = 0; i < (l->n - first) / 2; i++) {
		void *t                = l->items[first + i];
		l->items[first + i]    = l->items[l->n - 1 - i];
		l->items[l->n - 1 - i] = t;
	}
	return KS_OK;
}

static int
indicator_msg(void *arg, const struct kindicator *ind)
{
	struct klist        *l = arg;
	Kinerja__Indicator *m = kcall_alloc(l->call, sizeof(*m));

	kinerja__indicator__init(m);
	m->code       = dup(l->call, ind->code);
	m->name       = dup(l->call, ind->name);
	m->satuan     = dup(l->call, ind->satuan);
	m->polarity   = ind->polarity;
	m->value_type = ind->value_type;
	m->quarterly  = ind->quarterly;
	kfill_range(ind, m);
	klist_push(l, m);
	return kmeta_fill(l->call, m);
}

static int
link_msg(void *arg, const struct ksasaran *s)
{
	struct klist          *l = arg;
	Kinerja__SasaranLink *m = kcall_alloc(l->call, sizeof(*m));

	kinerja__sasaran_link__init(m);
	m->unit      = dup(l->call, s->unit);
	m->sasaran   = dup(l->call, s->sasaran);
	m->indicator = dup(l->call, s->indicator);
	m->tujuan    = dup(l->call, s->tujuan);
	m->penanggung_jawab = dup(l->call, s->penanggung_jawab);
	klist_push(l, m);
	return 0;
}

static int
value_msg(void *arg, const struct kvalue *v)
{
	struct klist             *l = arg;
	Kinerja__IndicatorValue *m = kcall_alloc(l->call, sizeof(*m));

	kinerja__indicator_value__init(m);
	m->unit      = dup(l->call, v->unit);
	m->indicator = dup(l->call, v->indicator);
	m->year      = v->year;
	m->kind      = v->kind;
	m->period    = v->period;
	if (v->has_value) {
		m->opt_value_case = KINERJA__INDICATOR_VALUE__OPT_VALUE_VALUE;
		m->value          = ke4_double(v->value_e4);
	}
	m->predikat = dup(l->call,
	    v->has_value ? "" : kc_akip_name((enum kc_akip) v->predikat));
	klist_push(l, m);
	return 0;
}

/* -------------------------------------------------- budget and belanja */

struct keyed_list {
	struct klist        list;
	enum kbudget_table tree;
	const char        *unit;
	int                year;
};

static int
budget_msg(void *arg, const struct kbudget_line *b)
{
	struct keyed_list   *k = arg;
	struct kcall        *c = k->list.call;
	Kinerja__BudgetLine *m = kcall_alloc(c, sizeof(*m));

	kinerja__budget_line__init(m);
	m->unit    = dup(c, k->unit);
	m->year    = k->year;
	m->code    = dup(c, b->code);
	m->name    = dup(c, b->name);
	m->parent  = dup(c, b->parent);
	m->sasaran = dup(c, b->sasaran);
	m->output  = dup(c, b->output);
	m->satuan  = dup(c, b->satuan);
	m->opt_pagu_case =
	    b->has_pagu ? KINERJA__BUDGET_LINE__OPT_PAGU_PAGU_SEN : 0;
	m->pagu_sen = b->pagu_sen;
	m->opt_realisasi_case =
	    b->has_realisasi
	        ? KINERJA__BUDGET_LINE__OPT_REALISASI_REALISASI_SEN
	        : 0;
	m->realisasi_sen = b->realisasi_sen;
	m->opt_output_target_case =
	    b->has_output_target
	        ? KINERJA__BUDGET_LINE__OPT_OUTPUT_TARGET_OUTPUT_TARGET
	        : 0;
	m->output_target = ke4_double(b->output_target_e4);
	m->opt_output_realisasi_case =
	    b->has_output_realisasi
	        ? KINERJA__BUDGET_LINE__OPT_OUTPUT_REALISASI_OUTPUT_REALISASI
	        : 0;
	m->output_realisasi = ke4_double(b->output_realisasi_e4);
	klist_push(&k->list, m);
	return 0;
}

static int
belanja_msg(void *arg, const struct kbudget_line *b)
{
	struct keyed_list    *k = arg;
	struct kcall         *c = k->list.call;
	Kinerja__BelanjaLine *m = kcall_alloc(c, sizeof(*m));

	kinerja__belanja_line__init(m);
	m->unit   = dup(c, k->unit);
	m->year   = k->year;
	m->name   = dup(c, b->name);
	m->parent = dup(c, b->parent);
	m->opt_pagu_case =
	    b->has_pagu ? KINERJA__BELANJA_LINE__OPT_PAGU_PAGU_SEN : 0;
	m->pagu_sen = b->pagu_sen;
	m->opt_realisasi_case =
	    b->has_realisasi
	        ? KINERJA__BELANJA_LINE__OPT_REALISASI_REALISASI_SEN
	        : 0;
	m->realisasi_sen = b->realisasi_sen;
	klist_push(&k->list, m);
	return 0;
}

static int
budget_key(void *arg, const char *unit, int year)
{
	struct keyed_list *k = arg;

	k->unit = dup(k->list.call, unit);
	k->year = year;
	return kstore_budget_list(k->list.call->store, k->tree, k->unit, year,
	    k->tree == KB_LINES ? budget_msg : belanja_msg, k);
}

/* ---------------------------------------------------- AKIP and surveys */

struct evaluation {
	struct kcall                         *call;
	Kinerja__SubmitAkipEvaluationRequest *e;
};

static int
component_msg(void *arg, const struct kakip_component *c)
{
	struct evaluation      *ev = arg;
	Kinerja__AkipComponent *m  = kcall_alloc(ev->call, sizeof(*m));

	kinerja__akip_component__init(m);
	m->name   = dup(ev->call, c->name);
	m->weight = ke4_double(c->weight_e4);
	m->score  = ke4_double(c->score_e4);
	if (c->has_target) {
		m->opt_target_case =
		    KINERJA__AKIP_COMPONENT__OPT_TARGET_TARGET;
		m->target = ke4_double(c->target_e4);
	}
	if (ev->e->n_components < 16)
		ev->e->components[ev->e->n_components++] = m;
	return 0;
}

static int
akip_key(void *arg, const char *unit, int year)
{
	struct klist      *l  = arg;
	struct evaluation ev = { l->call,
		kcall_alloc(l->call, sizeof(*ev.e)) };

	kinerja__submit_akip_evaluation_request__init(ev.e);
	ev.e->unit = dup(l->call, unit);
	ev.e->year = year;
	ev.e->components =
	    kcall_alloc(l->call, 16 * sizeof(*ev.e->components));
	klist_push(l, ev.e);
	return kstore_akip_list(
	    l->call->store, ev.e->unit, year, component_msg, &ev);
}

struct survey {
	struct klist                   responses;
	Kinerja__SubmitSurveyRequest *s;
};

static int
response_msg(void *arg, const struct kresponse *r)
{
	struct survey           *sv = arg;
	struct kcall            *c  = sv->responses.call;
	Kinerja__SurveyResponse *m  = kcall_alloc(c, sizeof(*m));
	int                      i;

	kinerja__survey_response__init(m);
	m->respondent = dup(c, r->respondent);
	m->scores     = kcall_alloc(c, KSURVEY_UNSUR * sizeof(*m->scores));
	m->n_scores   = KSURVEY_UNSUR;
	for (i = 0; i < KSURVEY_UNSUR; i++)
		m->scores[i] = r->scores[i];
	m->gender     = dup(c, r->gender);
	m->education  = dup(c, r->education);
	m->age        = dup(c, r->age);
	m->occupation = dup(c, r->occupation);
	klist_push(&sv->responses, m);
	return 0;
}

/* A survey goes out as it came in: its responses, or its 9 means. */
static int
survey_key(void *arg, const char *unit, int year)
{
	struct klist   *l  = arg;
	struct survey  sv = { { l->call, NULL, 0, 0 },
		 kcall_alloc(l->call, sizeof(*sv.s)) };
	struct ksurvey sums;
	int            rc, i;

	kinerja__submit_survey_request__init(sv.s);
	sv.s->unit = dup(l->call, unit);
	sv.s->year = year;
	klist_push(l, sv.s);
	if ((rc = kstore_survey_get(l->call->store, unit, year, &sums)) !=
	    KS_OK)
		return rc < 0 ? rc : KS_ERROR; /* its key was just read */
	if (sums.respondents == 0) {
		sv.s->unsur_means =
		    kcall_alloc(l->call, KSURVEY_UNSUR * sizeof(double));
		sv.s->n_unsur_means = KSURVEY_UNSUR;
		sv.s->respondent_count = (uint32_t) sums.stated_respondents;
		for (i = 0; i < KSURVEY_UNSUR; i++)
			sv.s->unsur_means[i] = ke4_double(sums.sum_e4[i]);
		return 0;
	}
	rc = kstore_survey_responses(
	    l->call->store, sv.s->unit, year, response_msg, &sv);
	sv.s->responses   = (Kinerja__SurveyResponse **) sv.responses.items;
	sv.s->n_responses = sv.responses.n;
	return rc;
}

/* --------------------------------------------------------------- RPC */

static int export(struct kcall *call, const void *in_arg, void *reply)
{
	const Kinerja__ExportRequest *in   = in_arg;
	Kinerja__ImportRequest       *r    = reply;
	const char                   *unit = *in->unit ? in->unit : NULL;
	struct klist units = { call }, inds = { call }, links = { call },
	            values = { call }, akip = { call }, surveys = { call };
	struct keyed_list budget  = { { call }, KB_LINES, NULL, 0 },
	                  belanja = { { call }, KB_BELANJA, NULL, 0 };
	int rc;

	rc = unit ? lineage(call, unit, &units)
	          : kstore_unit_list(call->store, NULL, unit_msg, &units);
	if (rc == KS_NOTFOUND) {
		kcall_error(call, KINERJA__CODE__NOT_FOUND,
		    "unit: %s not found", kcall_quote(call, in->unit));
		return -1;
	}
	if (rc == KS_OK)
		rc = kstore_indicator_list(call->store, indicator_msg, &inds);
	if (rc == KS_OK)
		rc = kstore_sasaran_list(call->store, unit, link_msg, &links);
	if (rc == KS_OK)
		rc = kstore_value_export(
		    call->store, unit, in->year, value_msg, &values);
	if (rc == KS_OK)
		rc = kstore_budget_keys(call->store, KB_LINES, unit, in->year,
		    budget_key, &budget);
	if (rc == KS_OK)
		rc = kstore_budget_keys(call->store, KB_BELANJA, unit,
		    in->year, budget_key, &belanja);
	if (rc == KS_OK)
		rc = kstore_akip_keys(
		    call->store, unit, in->year, akip_key, &akip);
	if (rc == KS_OK)
		rc = kstore_survey_keys(
		    call->store, unit, in->year, survey_key, &surveys);
	if (rc == KS_OK)
		rc = ktext_export(call, unit, in->year, r);
	if (rc != KS_OK)
		return kstore_failed(call, rc);
	r->units        = (Kinerja__Unit **) units.items;
	r->n_units      = units.n;
	r->indicators   = (Kinerja__Indicator **) inds.items;
	r->n_indicators = inds.n;
	r->links        = (Kinerja__SasaranLink **) links.items;
	r->n_links      = links.n;
	r->values       = (Kinerja__IndicatorValue **) values.items;
	r->n_values     = values.n;
	r->budget       = (Kinerja__BudgetLine **) budget.list.items;
	r->n_budget     = budget.list.n;
	r->belanja      = (Kinerja__BelanjaLine **) belanja.list.items;
	r->n_belanja    = belanja.list.n;
	r->akip         = (Kinerja__SubmitAkipEvaluationRequest **) akip.items;
	r->n_akip       = akip.n;
	r->surveys      = (Kinerja__SubmitSurveyRequest **) surveys.items;
	r->n_surveys    = surveys.n;
	return 0;
}

RPC(export, ExportRequest, ImportRequest)
{
	Kinerja__ImportRequest r = KINERJA__IMPORT_REQUEST__INIT;

	(void) svc;
	if (in->year == 0 || kcheck_year(arg, "year", in->year) == 0)
		kread(arg, export, in, &r);
	done(&r, arg);
}
