/*
 * h_compare.c - GetComparison: one indicator's target, realisasi and
 * capaian for several units over several years, with each unit's gap to
 * the first in percentage points; GetAkipYears: a unit's AKIP
 * evaluations year by year (docs/comparisons.md). One read transaction
 * for each reply; the arithmetic is the core's (kc_capaian_row through
 * kcapaian_of, kc_gap) and GetAkipEvaluation's.
 */
#include <stdio.h>
#include <string.h>

#include "grow.h"
#include "handlers.h"

#define COMPARE_UNITS_MAX 100 /* units in one comparison */

/* The units of a comparison, in reply order. */
struct peers {
	struct kcall *call;
	const char  **code, **name;
	size_t        n, cap;
};

static int
add_peer(void *arg, const struct kunit *u)
{
	struct peers *p = arg;
	size_t        i;

	for (i = 0; i < p->n; i++) {
		if (strcmp(p->code[i], u->code) == 0) {
			kcall_error(p->call, KINERJA__CODE__INVALID_ARGUMENT,
			    "units: %s is listed twice",
			    kcall_quote(p->call, u->code));
			return -1;
		}
	}
	if (p->n == COMPARE_UNITS_MAX) {
		kcall_error(p->call, KINERJA__CODE__INVALID_ARGUMENT,
		    "units: more than %d units", COMPARE_UNITS_MAX);
		return -1;
	}
	if (p->n == p->cap) {
		p->cap = kc_grow_cap(p->cap, 8);
		KC_GROW_TO(p->code, p->n, p->cap, kcall_alloc, p->call);
		KC_GROW_TO(p->name, p->n, p->cap, kcall_alloc, p->call);
	}
	p->code[p->n] = kcall_strdup(p->call, u->code);
	p->name[p->n] = kcall_strdup(p->call, u->name);
	p->n++;
	return 0;
}

static int
not_found(struct kcall *call, int rc, const char *what, const char *code)
{
	if (rc != KS_NOTFOUND)
		return kstore_failed(call, rc);
	kcall_error(call, KINERJA__CODE__NOT_FOUND, "%s: %s not found", what,
	    kcall_quote(call, code));
	return -1;
}

/* The listed units in their order, or the region's reporting units. */
static int
load_peers(struct kcall *call, const Kinerja__GetComparisonRequest *in,
    struct peers *p)
{
	struct kunit u;
	char         buf[KSTORE_BUF];
	size_t       i;
	int          rc;

	for (i = 0; i < in->n_units; i++) {
		rc = kstore_unit_get(
		    call->store, in->units[i], &u, buf, sizeof(buf));
		if (rc != KS_OK)
			return not_found(call, rc, "units", in->units[i]);
		if (add_peer(p, &u) != 0)
			return -1;
	}
	if (in->n_units > 0)
		return 0;
	rc = kstore_leaf_units(call->store, in->region, add_peer, p);
	if (call->code != KINERJA__CODE__OK)
		return -1; /* add_peer stopped the walk */
	if (rc != KS_OK)
		return not_found(call, rc, "region", in->region);
	if (p->n == 0) {
		kcall_error(call, KINERJA__CODE__NOT_FOUND,
		    "region: %s has no reporting units",
		    kcall_quote(call, in->region));
		return -1;
	}
	return 0;
}

/* A unit's target and realisasi per year of the span. */
struct unit_years {
	int            from, target_kind;
	struct kvalue *target, *realisasi;
	int           *ht, *hr;
};

static int
keep_year(void *arg, const struct kvalue *v)
{
	struct unit_years *y = arg;
	int                i = v->year - y->from;

	if (v->kind == y->target_kind) {
		y->target[i] = *v;
		y->ht[i]     = 1;
	} else if (v->kind == VALUE_REALISASI) {
		y->realisasi[i] = *v;
		y->hr[i]        = 1;
	}
	return 0;
}

/* The capaian of each year of one unit into rows[0..years). */
static int
unit_rows(struct kcall *call, const Kinerja__GetComparisonRequest *in,
    const struct kindicator *ind, const char *unit, struct kc_row *rows)
{
	size_t            years = (size_t) (in->to_year - in->from_year + 1);
	struct unit_years y     = { in->from_year,
		    in->against == KINERJA__AGAINST__AGAINST_RENSTRA
		        ? VALUE_RENSTRA_TARGET
		        : VALUE_TARGET };
	size_t            i;
	int               rc;

	y.target    = kcall_alloc(call, years * sizeof(*y.target));
	y.realisasi = kcall_alloc(call, years * sizeof(*y.realisasi));
	y.ht        = kcall_alloc(call, years * sizeof(*y.ht));
	y.hr        = kcall_alloc(call, years * sizeof(*y.hr));
	memset(y.ht, 0, years * sizeof(*y.ht));
	memset(y.hr, 0, years * sizeof(*y.hr));
	rc = kstore_value_rows(call->store, unit, ind->code, in->from_year,
	    in->to_year, keep_year, &y);
	if (rc != KS_OK)
		return kstore_failed(call, rc);
	for (i = 0; i < years; i++)
		kcapaian_of(&y.target[i], y.ht[i], &y.realisasi[i], y.hr[i],
		    ind->polarity, (enum kc_rule) in->predikat_rule, &rows[i]);
	return 0;
}

static Kinerja__ComparisonCell *
cell(struct kcall *call, int year, const struct kc_row *c,
    const struct kc_row *ref)
{
	Kinerja__ComparisonCell *m = kcall_alloc(call, sizeof(*m));
	int64_t                  gap;

	kinerja__comparison_cell__init(m);
	m->year      = year;
	m->converted = c->target_converted || c->realisasi_converted;
	if (c->has_target) {
		m->opt_target_case = KINERJA__COMPARISON_CELL__OPT_TARGET_TARGET;
		m->target          = ke4_double(c->target_e4);
	}
	if (c->has_realisasi) {
		m->opt_realisasi_case =
		    KINERJA__COMPARISON_CELL__OPT_REALISASI_REALISASI;
		m->realisasi = ke4_double(c->realisasi_e4);
	}
	if (c->na != KC_AVAILABLE) {
		m->na_reason = (char *) kc_na_reason(c->na);
		return m;
	}
	m->opt_capaian_case = KINERJA__COMPARISON_CELL__OPT_CAPAIAN_CAPAIAN;
	m->capaian          = ke2_double(c->e2);
	m->predikat         = (char *) kc_predikat_capaian(c->e2);
	if (kc_gap(c, ref, &gap) == KC_AVAILABLE) {
		m->opt_gap_case = KINERJA__COMPARISON_CELL__OPT_GAP_GAP;
		m->gap          = ke2_double(gap);
	}
	return m;
}

static int
add_benchmarks(struct kcall *call, const Kinerja__GetComparisonRequest *in,
    Kinerja__GetComparisonReply *r)
{
	size_t years = (size_t) (in->to_year - in->from_year + 1);
	int    year, rc;

	r->benchmarks = kcall_alloc(call, years * sizeof(*r->benchmarks));
	for (year = in->from_year; year <= in->to_year; year++) {
		rc = kbenchmark_get(call, in->indicator, year,
		    &r->benchmarks[r->n_benchmarks]);
		if (rc < 0)
			return -1;
		r->n_benchmarks += (size_t) rc;
	}
	return 0;
}

static int
comparison(struct kcall *call, const void *in_arg, void *reply)
{
	const Kinerja__GetComparisonRequest *in = in_arg;
	Kinerja__GetComparisonReply         *r  = reply;
	struct peers                         p  = { .call = call };
	struct kindicator                    ind;
	size_t         years = (size_t) (in->to_year - in->from_year + 1);
	struct kc_row *ref, *rows;
	size_t         u, i;

	if (kload_indicator(call, in->indicator, &ind) != 0 ||
	    load_peers(call, in, &p) != 0)
		return -1;
	r->indicator = kindicator_msg(call, &ind);
	r->reference = (char *) p.code[0];
	r->units     = kcall_alloc(call, p.n * sizeof(*r->units));
	ref          = kcall_alloc(call, years * sizeof(*ref));
	rows         = kcall_alloc(call, years * sizeof(*rows));
	for (u = 0; u < p.n; u++) {
		Kinerja__ComparisonUnit *m = kcall_alloc(call, sizeof(*m));

		if (unit_rows(call, in, &ind, p.code[u], u ? rows : ref) != 0)
			return -1;
		kinerja__comparison_unit__init(m);
		m->unit    = (char *) p.code[u];
		m->name    = (char *) p.name[u];
		m->years   = kcall_alloc(call, years * sizeof(*m->years));
		m->n_years = years;
		for (i = 0; i < years; i++)
			m->years[i] = cell(call, in->from_year + (int) i,
			    u ? &rows[i] : &ref[i], &ref[i]);
		r->units[r->n_units++] = m;
	}
	return add_benchmarks(call, in, r);
}

static int
check_comparison(struct kcall *call, const Kinerja__GetComparisonRequest *in)
{
	const char *why;

	if (*in->indicator == 0) {
		kcall_error(call, KINERJA__CODE__INVALID_ARGUMENT,
		    "indicator: required");
		return -1;
	}
	if ((*in->region != 0) == (in->n_units > 0)) {
		kcall_error(call, KINERJA__CODE__INVALID_ARGUMENT,
		    "units: give a region or a list of units");
		return -1;
	}
	if (kc_year_span(in->from_year, in->to_year, &why) != 0) {
		kcall_error(call, KINERJA__CODE__INVALID_ARGUMENT,
		    "from_year: %d..%d: %s", in->from_year, in->to_year, why);
		return -1;
	}
	return kcheck_rule(call, in->predikat_rule) != 0 ||
	               kcheck_against(call, in->against) != 0
	           ? -1
	           : 0;
}

RPC(get_comparison, GetComparisonRequest, GetComparisonReply)
{
	Kinerja__GetComparisonReply r = KINERJA__GET_COMPARISON_REPLY__INIT;

	(void) svc;
	if (check_comparison(arg, in) == 0) {
		kread(arg, comparison, in, &r);
		r.against   = in->against;
		r.from_year = in->from_year;
		r.to_year   = in->to_year;
	}
	done(&r, arg);
}

/* ------------------------------------------------------ AKIP by year */

static int
akip_years(struct kcall *call, const void *in_arg, void *reply)
{
	const Kinerja__GetAkipYearsRequest *in = in_arg;
	Kinerja__GetAkipYearsReply         *r  = reply;
	size_t  years = (size_t) (in->to_year - in->from_year + 1);
	int64_t total;
	int     year, rc;

	if (kload_unit(call, in->unit, &r->unit) != 0)
		return -1;
	r->years   = kcall_alloc(call, years * sizeof(*r->years));
	r->missing = kcall_alloc(call, years * sizeof(*r->missing));
	for (year = in->from_year; year <= in->to_year; year++) {
		Kinerja__GetAkipEvaluationRequest one =
		    KINERJA__GET_AKIP_EVALUATION_REQUEST__INIT;
		Kinerja__GetAkipEvaluationReply *e;

		if ((rc = kakip_total(call, in->unit, year, &total)) < 0)
			return -1;
		if (rc == 0) {
			r->missing[r->n_missing++] = year;
			continue;
		}
		e = kcall_alloc(call, sizeof(*e));
		kinerja__get_akip_evaluation_reply__init(e);
		one.unit = in->unit;
		one.year = year;
		if (kakip_evaluation(call, &one, e) != 0)
			return -1;
		r->years[r->n_years++] = e;
	}
	return 0;
}

RPC(get_akip_years, GetAkipYearsRequest, GetAkipYearsReply)
{
	Kinerja__GetAkipYearsReply r = KINERJA__GET_AKIP_YEARS_REPLY__INIT;
	const char                *why;

	(void) svc;
	if (*in->unit == 0)
		kcall_error(arg, KINERJA__CODE__INVALID_ARGUMENT,
		    "unit: required");
	else if (kc_year_span(in->from_year, in->to_year, &why) != 0)
		kcall_error(arg, KINERJA__CODE__INVALID_ARGUMENT,
		    "from_year: %d..%d: %s", in->from_year, in->to_year, why);
	else
		kread(arg, akip_years, in, &r);
	r.from_year = in->from_year;
	r.to_year   = in->to_year;
	done(&r, arg);
}

/* --------------------------------------------------------- benchmarks */

int
kbenchmark_get(struct kcall *call, const char *indicator, int year,
    Kinerja__Benchmark **out)
{
	char    source[KSTORE_BUF];
	int64_t e4;
	int     rc = kstore_benchmark_get(
	        call->store, indicator, year, &e4, source, sizeof(source));

	if (rc == KS_NOTFOUND)
		return 0;
	if (rc != KS_OK)
		return kstore_failed(call, rc);
	*out = kcall_alloc(call, sizeof(**out));
	kinerja__benchmark__init(*out);
	(*out)->indicator = kcall_strdup(call, indicator);
	(*out)->year      = year;
	(*out)->value     = ke4_double(e4);
	(*out)->source    = kcall_strdup(call, source);
	return 1;
}

/* "88 (Permenpan-RB 14/2017)", as the history shows a benchmark. */
static const char *
benchmark_text(struct kcall *call, int64_t e4, const char *source)
{
	const char *v   = ke4_text(call, e4);
	size_t      len = strlen(v) + strlen(source) + 4;
	char       *t   = kcall_alloc(call, len);

	snprintf(t, len, "%s (%s)", v, source);
	return t;
}

static int
put_benchmark(struct kcall *call, const Kinerja__Benchmark *b, int64_t e4,
    enum kchange *change)
{
	char        old[KSTORE_BUF];
	int64_t     old_e4;
	const char *before = NULL;
	int         rc     = kstore_benchmark_get(
	            call->store, b->indicator, b->year, &old_e4, old, sizeof(old));

	if (rc == KS_OK)
		before = benchmark_text(call, old_e4, old);
	if (rc < 0 || (rc = kstore_benchmark_put(call->store, b->indicator,
	                   b->year, e4, b->source, change)) != KS_OK)
		return kstore_failed(call, rc);
	if (*change == KS_UNCHANGED)
		return 0;
	return khistory_put(call, &(struct khistory) { .what = "benchmark",
	                              .unit                  = "",
	                              .indicator             = b->indicator,
	                              .year                  = b->year,
	                              .field                 = "benchmark",
	                              .old_value             = before,
	                              .new_value = benchmark_text(
	                                  call, e4, b->source) });
}

static int
apply_benchmark(
    struct kcall *call, const void *item, uint32_t i, enum kchange *change)
{
	const Kinerja__Benchmark *b = item;
	struct kindicator         ind;
	int64_t                   e4;
	int                       rc;

	if (kcall_may_write_admin_item(call, i, "benchmarks") != 0 ||
	    kcheck_code(call, i, "indicator", b->indicator) != 0 ||
	    kcheck_item_year(call, i, b->year) != 0 ||
	    kcheck_text(call, i, "source", b->source, 1) != 0)
		return 1;
	if ((rc = kfind_indicator(call, i, b->indicator, &ind)) != 0)
		return rc;
	if (kc_double_to_e4(b->value, &e4) != 0) {
		kcall_item_error(call, i, "value",
		    KINERJA__CODE__INVALID_ARGUMENT,
		    "value: not a number with at most 4 decimals");
		return 1;
	}
	if (kcheck_range(call, i, "value", &ind, e4) != 0)
		return 1;
	return put_benchmark(call, b, e4, change);
}

RPC(submit_benchmarks, SubmitBenchmarksRequest, WriteReply)
{
	struct kbatch b = { "benchmarks", (void *const *) in->benchmarks,
		in->n_benchmarks, apply_benchmark, NULL, NULL };
	struct kwrite w = { &b, 1, in->validate_only, 0 };

	(void) svc;
	kwrite_batch(arg, &w, done);
}
