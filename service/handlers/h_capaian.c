/*
 * h_capaian.c - GetCapaian: per indicator target, realisasi, capaian and
 * predikat; per sasaran the mean; the unit's overall capaian as the mean
 * over its sasaran (docs/domain.md, "Capaian"); for a region, its
 * roll-up too (h_rollup.c). All arithmetic is the
 * core's; this file only gathers rows and shapes the reply.
 */
#include <string.h>

#include "handlers.h"
#include "grow.h"
#include "kcore.h"

struct gather {
	struct kcall         *call;
	enum kc_rule          rule;
	int                   shape; /* build the reply's rows too */
	int                   target_kind; /* 0: the PK target */
	const char           *unit;
	int                   year;
	int                   triwulan; /* 0: the year */
	int                   failed; /* a row's read failed: status set */
	Kinerja__CapaianRow **rows;
	struct kc_row        *cap; /* each row's capaian */
	struct kc_row        *year_cap; /* with a triwulan: against the year */
	int         *stated; /* whether cap[i]'s realisasi is stated */
	const char **sasaran;
	const char **tujuan;
	size_t       n, max;
};

double
ke4_double(int64_t v)
{
	return (double) v / KC_E4;
}

double
ke2_double(int64_t v)
{
	return (double) v / 100;
}

enum kc_polarity
kpolarity(int polarity)
{
	/* POLARITY_UNSPECIFIED counts as maximize. */
	return polarity == KINERJA__POLARITY__POLARITY_MINIMIZE ? KC_MINIMIZE
	                                                        : KC_MAXIMIZE;
}

struct kc_value
kvalue_core(const struct kvalue *v, int has)
{
	return (struct kc_value) { has, has && v->has_value,
		has ? v->value_e4 : 0,
		has ? (enum kc_akip) v->predikat : KC_AKIP_NONE };
}

void
kcapaian_of(const struct kvalue *t, int ht, const struct kvalue *r, int hr,
    int polarity, enum kc_rule rule, struct kc_row *out)
{
	struct kc_value target = kvalue_core(t, ht), real = kvalue_core(r, hr);

	kc_capaian_row(kpolarity(polarity), rule, &target, &real, out);
}

const char *
kvalue_akip_name(const struct kc_value *v, int value_type)
{
	if (!v->has || value_type != KINERJA__VALUE_TYPE__VALUE_TYPE_AKIP)
		return "";
	return kc_akip_name(
	    v->has_number ? kc_akip_of_score(v->e4) : v->predikat);
}

static void
grow(struct gather *g)
{
	size_t max = kc_grow_cap(g->max, 16);

	KC_GROW_TO(g->rows, g->n, max, kcall_alloc, g->call);
	KC_GROW_TO(g->cap, g->n, max, kcall_alloc, g->call);
	KC_GROW_TO(g->year_cap, g->n, max, kcall_alloc, g->call);
	KC_GROW_TO(g->stated, g->n, max, kcall_alloc, g->call);
	KC_GROW_TO(g->sasaran, g->n, max, kcall_alloc, g->call);
	KC_GROW_TO(g->tujuan, g->n, max, kcall_alloc, g->call);
	g->max = max;
}

/* Shapes the capaian of a row into its reply row. */
static void
shape_row(Kinerja__CapaianRow *r, const struct kc_row *c, int derived)
{
	r->target_converted    = c->target_converted;
	r->realisasi_converted = c->realisasi_converted;
	if (c->has_target) {
		r->opt_target_case = KINERJA__CAPAIAN_ROW__OPT_TARGET_TARGET;
		r->target          = ke4_double(c->target_e4);
	}
	if (c->has_realisasi) {
		r->opt_realisasi_case =
		    KINERJA__CAPAIAN_ROW__OPT_REALISASI_REALISASI;
		r->realisasi         = ke4_double(c->realisasi_e4);
		r->realisasi_derived = derived;
	}
	if (c->na != KC_AVAILABLE) {
		r->na_reason = (char *) kc_na_reason(c->na);
		return;
	}
	r->opt_capaian_case = KINERJA__CAPAIAN_ROW__OPT_CAPAIAN_CAPAIAN;
	r->capaian          = ke2_double(c->e2);
	r->predikat         = (char *) kc_predikat_capaian(c->e2);
}

static Kinerja__CapaianRow *
reply_row(struct kcall *c, const struct kcapaian_row *in)
{
	Kinerja__CapaianRow *r  = kcall_alloc(c, sizeof(*r));
	int                  vt = in->ind.value_type;
	struct kc_value      target, real;

	kinerja__capaian_row__init(r);
	r->indicator = kcall_strdup(c, in->ind.code);
	r->name      = kcall_strdup(c, in->ind.name);
	r->sasaran   = kcall_strdup(c, in->sasaran);
	r->satuan    = kcall_strdup(c, in->ind.satuan);
	r->polarity  = in->ind.polarity;
	r->target_revisions =
	    in->has_target ? (uint32_t) in->target.revision : 0;
	target                = kvalue_core(&in->target, in->has_target);
	real                  = kvalue_core(&in->realisasi, in->has_realisasi);
	r->target_predikat    = (char *) kvalue_akip_name(&target, vt);
	r->realisasi_predikat = (char *) kvalue_akip_name(&real, vt);
	return r;
}

static int
quarter_value(void *arg, const struct kvalue *v)
{
	struct kc_quarters *q = arg;

	if (v->period < 0 || v->period > KC_TRIWULAN)
		return 0;
	if (v->kind == VALUE_TARGET)
		q->target[v->period] = kvalue_core(v, 1);
	else if (v->kind == VALUE_REALISASI)
		q->realisasi[v->period] = kvalue_core(v, 1);
	return 0;
}

int
kquarters_load(struct kcall *call, const char *unit, const char *indicator,
    int year, struct kc_quarters *q)
{
	int rc;

	memset(q, 0, sizeof(*q));
	rc = kstore_value_quarters(
	    call->store, unit, indicator, year, quarter_value, q);
	return rc == KS_OK ? 0 : kstore_failed(call, rc);
}

/* Shapes a row of a triwulan: its own target (the rencana aksi's), the
 * realisasi to date and the capaian against both targets. */
static void
shape_quarter(Kinerja__CapaianRow *r, const struct kc_quarter *q, int n,
    enum kc_quarterly rule)
{
	const struct kc_row *y = &q->year;

	r->triwulan           = n;
	r->quarterly          = (Kinerja__QuarterlyRule) rule;
	r->realisasi_triwulan = q->realisasi_from;
	r->target_revisions   = 0;
	if (q->has_in_quarter) {
		r->opt_in_quarter_case =
		    KINERJA__CAPAIAN_ROW__OPT_IN_QUARTER_IN_QUARTER;
		r->in_quarter = ke4_double(q->in_quarter_e4);
	}
	if (rule == KC_Q_YEARLY)
		r->na_reason = (char *) kc_reason(KC_REASON_YEARLY_ONLY);
	else if (q->triwulan.na != KC_AVAILABLE)
		r->na_reason = (char *) kc_na_reason_triwulan(q->triwulan.na);
	if (y->has_target) {
		r->opt_year_target_case =
		    KINERJA__CAPAIAN_ROW__OPT_YEAR_TARGET_YEAR_TARGET;
		r->year_target = ke4_double(y->target_e4);
	}
	if (y->na != KC_AVAILABLE) {
		/* The realisasi is the triwulan's, the target the year's. */
		r->year_na_reason =
		    (char *) (y->na == KC_NA_NO_REALISASI
		                  ? kc_na_reason_triwulan(y->na)
		                  : kc_na_reason(y->na));
		return;
	}
	r->opt_year_capaian_case =
	    KINERJA__CAPAIAN_ROW__OPT_YEAR_CAPAIAN_YEAR_CAPAIAN;
	r->year_capaian  = ke2_double(y->e2);
	r->year_predikat = (char *) kc_predikat_capaian(y->e2);
}

/* A row of a triwulan: the core's kc_quarter on the stored periods. */
static int
gather_quarter(struct gather *g, const struct kcapaian_row *in)
{
	struct kc_quarters q;
	struct kc_quarter  out;
	enum kc_quarterly  rule = kindicator_quarterly(&in->ind);

	if (kquarters_load(g->call, g->unit, in->ind.code, g->year, &q) != 0) {
		g->failed = 1;
		return -1;
	}
	kc_quarter(
	    kpolarity(in->ind.polarity), g->rule, rule, &q, g->triwulan, &out);
	g->cap[g->n]      = out.triwulan;
	g->year_cap[g->n] = out.year;
	g->stated[g->n]   = 0;
	g->sasaran[g->n]  = kcall_strdup(g->call, in->sasaran);
	g->tujuan[g->n]   = kcall_strdup(g->call, in->tujuan);
	if (g->shape) {
		g->rows[g->n] = reply_row(g->call, in);
		/* Those were the year's values' predikat. */
		g->rows[g->n]->target_predikat    = "";
		g->rows[g->n]->realisasi_predikat = "";
		shape_row(g->rows[g->n], &out.triwulan, 0);
		shape_quarter(g->rows[g->n], &out, g->triwulan, rule);
	}
	g->n++;
	return 0;
}

static int
gather_row(void *arg, const struct kcapaian_row *in)
{
	struct gather *g = arg;
	struct kc_row *c;

	if (g->n == g->max)
		grow(g);
	if (g->triwulan)
		return gather_quarter(g, in);
	c = &g->cap[g->n];
	kcapaian_of(&in->target, in->has_target, &in->realisasi,
	    in->has_realisasi, in->ind.polarity, g->rule, c);
	g->stated[g->n]  = c->has_realisasi && !c->realisasi_converted;
	g->sasaran[g->n] = kcall_strdup(g->call, in->sasaran);
	g->tujuan[g->n]  = kcall_strdup(g->call, in->tujuan);
	if (g->shape) {
		g->rows[g->n] = reply_row(g->call, in);
		shape_row(g->rows[g->n], c,
		    in->realisasi.source != KC_SOURCE_STATED);
	}
	g->n++;
	return 0;
}

/* Sets an optional capaian and its predikat from an exact mean. */
static void
set_mean(const struct kc_sasaran_mean *m, Kinerja__SasaranCapaian *s)
{
	int64_t e2;

	if (m->na != KC_AVAILABLE)
		return;
	e2                  = kc_round2(m->mean);
	s->opt_capaian_case = KINERJA__SASARAN_CAPAIAN__OPT_CAPAIAN_CAPAIAN;
	s->capaian          = ke2_double(e2);
	s->predikat         = (char *) kc_predikat_capaian(e2);
}

/* The unit's summary of the gathered rows, in the call's arena. */
static void
summarize(struct gather *g, struct kc_unit_summary *sum)
{
	kc_pct *scratch = kcall_alloc(g->call, (g->n + 1) * sizeof(*scratch));

	sum->sasaran =
	    kcall_alloc(g->call, (g->n + 1) * sizeof(*sum->sasaran));
	kc_summarize(g->sasaran, g->cap, g->n, scratch, sum);
}

/* Fills the reply's sasaran means and overall capaian. */
static void
shape_summary(struct gather *g, const struct kc_unit_summary *sum,
    Kinerja__GetCapaianReply *r, kc_pct *exact)
{
	size_t i;

	r->sasaran =
	    kcall_alloc(g->call, (sum->nsasaran + 1) * sizeof(*r->sasaran));
	for (i = 0; i < sum->nsasaran; i++) {
		const struct kc_sasaran_mean *m = &sum->sasaran[i];
		Kinerja__SasaranCapaian *s = kcall_alloc(g->call, sizeof(*s));

		kinerja__sasaran_capaian__init(s);
		s->sasaran       = g->rows[m->first]->sasaran;
		s->tujuan        = (char *) g->tujuan[m->first];
		s->indicators    = (uint32_t) m->indicators;
		s->indicators_na = (uint32_t) (m->rows - m->indicators);
		set_mean(m, s);
		if (exact != NULL)
			exact[i] = m->mean;
		r->sasaran[r->n_sasaran++] = s;
	}
	if (sum->na == KC_AVAILABLE) {
		r->opt_capaian_case =
		    KINERJA__GET_CAPAIAN_REPLY__OPT_CAPAIAN_CAPAIAN;
		r->capaian  = ke2_double(sum->e2);
		r->predikat = (char *) kc_predikat_capaian(sum->e2);
	}
}

static int
check_request(struct kcall *call, const Kinerja__GetCapaianRequest *in)
{
	if (*in->unit == 0) {
		kcall_error(
		    call, KINERJA__CODE__INVALID_ARGUMENT, "unit: required");
		return -1;
	}
	if (in->triwulan < 0 || in->triwulan > KC_TRIWULAN) {
		kcall_error(call, KINERJA__CODE__INVALID_ARGUMENT,
		    "triwulan: %d is not 1-4 (0: the year)", in->triwulan);
		return -1;
	}
	if (kcheck_year(call, "year", in->year) != 0 ||
	    kcheck_rule(call, in->predikat_rule) != 0 ||
	    kcheck_against(call, in->against) != 0)
		return -1;
	if (in->triwulan && in->against == KINERJA__AGAINST__AGAINST_RENSTRA) {
		kcall_error(call, KINERJA__CODE__INVALID_ARGUMENT,
		    "triwulan: a Renstra target is yearly; a triwulan is "
		    "measured against its rencana aksi (against PK)");
		return -1;
	}
	return 0;
}

int
kcheck_against(struct kcall *call, int against)
{
	if (against == KINERJA__AGAINST__AGAINST_PK ||
	    against == KINERJA__AGAINST__AGAINST_RENSTRA)
		return 0;
	kcall_error(call, KINERJA__CODE__INVALID_ARGUMENT,
	    "against: %d is not PK or RENSTRA", against);
	return -1;
}

void
kfill_unit(struct kcall *call, const struct kunit *u, Kinerja__Unit *m)
{
	kinerja__unit__init(m);
	m->code   = kcall_strdup(call, u->code);
	m->name   = kcall_strdup(call, u->name);
	m->parent = kcall_strdup(call, u->parent);
	m->level  = u->level;
}

/* Puts beside each realisasi the figure an evaluation derives for it, and
 * the finding when the two differ (derived.c). */
static int
add_derived(struct gather *g, const char *unit, int year)
{
	struct kderived d;
	const char     *f;
	size_t          i;
	int             rc;

	for (i = 0; i < g->n; i++) {
		Kinerja__CapaianRow *row = g->rows[i];

		rc = kderived_get(g->call, unit, row->indicator, year, &d);
		if (rc <= 0) {
			if (rc < 0)
				return rc;
			continue;
		}
		row->opt_derived_case =
		    KINERJA__CAPAIAN_ROW__OPT_DERIVED_DERIVED;
		row->derived      = ke4_double(d.e4);
		row->derived_from = (char *) kderived_from(d.source);
		f                 = g->stated[i]
		                        ? kderived_finding(g->call, g->cap[i].realisasi_e4, &d)
		                        : NULL;
		row->finding      = f ? (char *) f : "";
	}
	return 0;
}

/* Puts the benchmark of the year beside each row that has one. */
static int
add_benchmarks(struct gather *g, int year)
{
	Kinerja__Benchmark *b;
	size_t              i;
	int                 rc;

	for (i = 0; i < g->n; i++) {
		Kinerja__CapaianRow *row = g->rows[i];

		if ((rc = kbenchmark_get(g->call, row->indicator, year, &b)) <= 0) {
			if (rc < 0)
				return -1;
			continue;
		}
		row->opt_benchmark_case =
		    KINERJA__CAPAIAN_ROW__OPT_BENCHMARK_BENCHMARK;
		row->benchmark        = b->value;
		row->benchmark_source = b->source;
	}
	return 0;
}

/* Gathers a unit's rows for a year; *u receives the unit. */
static int
gather(struct gather *g, const char *unit, int year, struct kunit *u,
    char *buf, size_t len)
{
	int rc = kstore_unit_get(g->call->store, unit, u, buf, len);

	g->unit = unit;
	g->year = year;
	if (rc == KS_OK)
		rc = kstore_capaian_rows_against(g->call->store, unit, year,
		    g->target_kind ? g->target_kind : VALUE_TARGET, gather_row,
		    g);
	return rc;
}

/* With a triwulan: the sasaran means and overall capaian against the
 * yearly targets, beside those against the triwulan's. */
static void
shape_year_summary(struct gather *g, Kinerja__GetCapaianReply *r)
{
	struct kc_unit_summary sum;
	size_t                 i;
	kc_pct *scratch = kcall_alloc(g->call, (g->n + 1) * sizeof(*scratch));

	sum.sasaran = kcall_alloc(g->call, (g->n + 1) * sizeof(*sum.sasaran));
	kc_summarize(g->sasaran, g->year_cap, g->n, scratch, &sum);
	for (i = 0; i < sum.nsasaran && i < r->n_sasaran; i++) {
		if (sum.sasaran[i].na != KC_AVAILABLE)
			continue;
		r->sasaran[i]->opt_year_capaian_case =
		    KINERJA__SASARAN_CAPAIAN__OPT_YEAR_CAPAIAN_YEAR_CAPAIAN;
		r->sasaran[i]->year_capaian =
		    ke2_double(kc_round2(sum.sasaran[i].mean));
	}
	if (sum.na != KC_AVAILABLE)
		return;
	r->opt_year_capaian_case =
	    KINERJA__GET_CAPAIAN_REPLY__OPT_YEAR_CAPAIAN_YEAR_CAPAIAN;
	r->year_capaian  = ke2_double(sum.e2);
	r->year_predikat = (char *) kc_predikat_capaian(sum.e2);
}

int
kcapaian_summary(struct kcall *call, const char *unit, int year,
    enum kc_rule rule, struct kc_unit_summary *sum)
{
	struct gather g = { .call = call, .rule = rule };
	struct kunit  u;
	char          buf[KSTORE_BUF];
	int           rc = gather(&g, unit, year, &u, buf, sizeof(buf));

	if (rc == KS_OK)
		summarize(&g, sum);
	return rc;
}

/* A unit's capaian fed its rows by the caller: GetCapaian's gathering of
 * the year's rows, shaped, with the store's read left out. */
struct kcapaian_rows {
	struct gather g;
};

static void
rows_start(struct kcapaian_rows *r, struct kcall *call, enum kc_rule rule)
{
	r->g = (struct gather) { .call = call, .rule = rule, .shape = 1 };
}

struct kcapaian_rows *
kcapaian_rows_new(struct kcall *call, enum kc_rule rule)
{
	struct kcapaian_rows *r = kcall_alloc(call, sizeof(*r));

	rows_start(r, call, rule);
	return r;
}

int
kcapaian_rows_add(struct kcapaian_rows *r, const struct kcapaian_row *row)
{
	return gather_row(&r->g, row);
}

void
kcapaian_rows_end(struct kcapaian_rows *r, struct kunit_capaian *out)
{
	summarize(&r->g, &out->sum);
	out->rows = r->g.rows;
	out->cap  = r->g.cap;
	out->n    = r->g.n;
	rows_start(r, r->g.call, r->g.rule); /* out keeps the arrays */
}

/* The reply of GetCapaian against the target of g.target_kind, for the
 * year or g.triwulan. */
static int
compute(struct gather g, const char *unit, int year,
    Kinerja__GetCapaianReply *r, kc_pct **exact, int with_derived)
{
	struct kcall          *call     = g.call;
	int                    triwulan = g.triwulan;
	struct kc_unit_summary sum;
	struct kunit           u;
	char                   buf[KSTORE_BUF];
	int                    rc;

	rc = gather(&g, unit, year, &u, buf, sizeof(buf));
	if (rc == KS_NOTFOUND) {
		kcall_error(call, KINERJA__CODE__NOT_FOUND,
		    "unit: %s not found", kcall_quote(call, unit));
		return -1;
	}
	if (g.failed)
		return -1;
	if (rc != KS_OK)
		return kstore_failed(call, rc);
	if ((with_derived && !triwulan && add_derived(&g, unit, year) != 0) ||
	    add_benchmarks(&g, year) != 0)
		return -1; /* the call's status is set */
	r->unit = kcall_alloc(call, sizeof(*r->unit));
	kfill_unit(call, &u, r->unit);
	r->year = year;
	if (kapproval_load(call, unit, year, &r->approval) != 0)
		return -1;
	r->indicators   = g.rows;
	r->n_indicators = g.n;
	summarize(&g, &sum);
	if (exact != NULL)
		*exact =
		    kcall_alloc(call, (sum.nsasaran + 1) * sizeof(**exact));
	shape_summary(&g, &sum, r, exact ? *exact : NULL);
	r->triwulan = triwulan;
	if (triwulan)
		shape_year_summary(&g, r);
	return 0;
}

int
kcapaian_compute(struct kcall *call, const char *unit, int year,
    enum kc_rule rule, Kinerja__GetCapaianReply *r, kc_pct **exact,
    int with_derived)
{
	struct gather g = { .call = call, .rule = rule, .shape = 1 };

	return compute(g, unit, year, r, exact, with_derived);
}

static int
capaian(struct kcall *call, const void *in_arg, void *reply)
{
	const Kinerja__GetCapaianRequest *in = in_arg;
	Kinerja__GetCapaianReply         *r  = reply;
	struct gather g = { .call = call, .shape = 1, .target_kind = VALUE_TARGET };

	g.rule     = (enum kc_rule) in->predikat_rule;
	g.triwulan = in->triwulan;
	if (in->against == KINERJA__AGAINST__AGAINST_RENSTRA)
		g.target_kind = VALUE_RENSTRA_TARGET;
	r->against = in->against;
	if (compute(g, in->unit, in->year, r, NULL, 1) != 0)
		return -1;
	return krollup(call, in->unit, in->year, g.rule, g.target_kind,
	    in->triwulan, &r->rollup);
}

RPC(get_capaian, GetCapaianRequest, GetCapaianReply)
{
	Kinerja__GetCapaianReply r = KINERJA__GET_CAPAIAN_REPLY__INIT;

	(void) svc;
	if (check_request(arg, in) == 0)
		kread(arg, capaian, in, &r);
	done(&r, arg);
}
