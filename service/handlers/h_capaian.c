/*
 * h_capaian.c - GetCapaian: per indicator target, realisasi, capaian and
 * predikat; per sasaran the mean; the unit's overall capaian as the mean
 * over its sasaran (docs/domain.md, "Capaian"). All arithmetic is the
 * core's; this file only gathers rows and shapes the reply.
 */
#include <string.h>

#include "handlers.h"
#include "kcore.h"

struct gather {
	struct kcall         *call;
	enum kc_rule          rule;
	Kinerja__CapaianRow **rows;
	kc_pct               *pct; /* exact capaian of each row */
	int                  *avail; /* whether pct[i] is set */
	int64_t              *real; /* each row's realisasi, e4 */
	int                  *stated; /* whether real[i] is a stated number */
	const char          **tujuan;
	size_t                n, cap;
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

int
kvalue_number(const struct kvalue *v, int has, enum kc_rule rule, int64_t *e4,
    int *converted)
{
	*converted = 0;
	if (!has)
		return 0;
	if (v->has_value) {
		*e4 = v->value_e4;
		return 1;
	}
	*e4        = kc_akip_to_score((enum kc_akip) v->predikat, rule);
	*converted = 1;
	return 1;
}

const char *
kvalue_akip_name(const struct kvalue *v, int has, int value_type)
{
	if (!has || value_type != KINERJA__VALUE_TYPE__VALUE_TYPE_AKIP)
		return "";
	return kc_akip_name(v->has_value ? kc_akip_of_score(v->value_e4)
	                                 : (enum kc_akip) v->predikat);
}

static void
grow(struct gather *g)
{
	size_t cap = g->cap ? g->cap * 2 : 16;
	void  *p;

#define GROW(field)                                            \
	p = kcall_alloc(g->call, cap * sizeof(*g->field));     \
	if (g->n)                                              \
		memcpy(p, g->field, g->n * sizeof(*g->field)); \
	g->field = p
	GROW(rows);
	GROW(pct);
	GROW(avail);
	GROW(real);
	GROW(stated);
	GROW(tujuan);
#undef GROW
	g->cap = cap;
}

/* Fills the capaian of r from its target and realisasi. */
static void
compute(
    struct gather *g, Kinerja__CapaianRow *r, const struct kcapaian_row *in)
{
	int64_t    t, v;
	int        ht, hv, tc, vc;
	enum kc_na na;
	kc_pct     pct = { 0, 1 };

	ht = kvalue_number(&in->target, in->has_target, g->rule, &t, &tc);
	hv =
	    kvalue_number(&in->realisasi, in->has_realisasi, g->rule, &v, &vc);
	r->target_converted    = tc;
	r->realisasi_converted = vc;
	if (ht) {
		r->opt_target_case = KINERJA__CAPAIAN_ROW__OPT_TARGET_TARGET;
		r->target          = ke4_double(t);
	}
	if (hv) {
		r->opt_realisasi_case =
		    KINERJA__CAPAIAN_ROW__OPT_REALISASI_REALISASI;
		r->realisasi         = ke4_double(v);
		r->realisasi_derived = in->realisasi.source != KC_SOURCE_STATED;
	}
	na             = !ht   ? KC_NA_NO_TARGET
	                 : !hv ? KC_NA_NO_REALISASI
	                       : kc_capaian(
	                             r->polarity == KINERJA__POLARITY__POLARITY_MINIMIZE
	                                 ? KC_MINIMIZE
	                                 : KC_MAXIMIZE,
                         t, v, &pct);
	g->avail[g->n]  = na == KC_AVAILABLE;
	g->pct[g->n]    = pct;
	g->real[g->n]   = v;
	g->stated[g->n] = hv && !vc;
	if (na != KC_AVAILABLE) {
		r->na_reason = (char *) kc_na_reason(na);
		return;
	}
	r->opt_capaian_case = KINERJA__CAPAIAN_ROW__OPT_CAPAIAN_CAPAIAN;
	r->capaian          = ke2_double(kc_round2(pct));
	r->predikat         = (char *) kc_predikat_capaian(kc_round2(pct));
}

static int
gather_row(void *arg, const struct kcapaian_row *in)
{
	struct gather       *g = arg;
	struct kcall        *c = g->call;
	Kinerja__CapaianRow *r = kcall_alloc(c, sizeof(*r));

	if (g->n == g->cap)
		grow(g);
	kinerja__capaian_row__init(r);
	r->indicator = kcall_strdup(c, in->ind.code);
	r->name      = kcall_strdup(c, in->ind.name);
	r->sasaran   = kcall_strdup(c, in->sasaran);
	r->satuan    = kcall_strdup(c, in->ind.satuan);
	r->polarity  = in->ind.polarity;
	r->target_revisions =
	    in->has_target ? (uint32_t) in->target.revision : 0;
	r->target_predikat = (char *) kvalue_akip_name(
	    &in->target, in->has_target, in->ind.value_type);
	r->realisasi_predikat = (char *) kvalue_akip_name(
	    &in->realisasi, in->has_realisasi, in->ind.value_type);
	compute(g, r, in);
	g->tujuan[g->n] = kcall_strdup(c, in->tujuan);
	g->rows[g->n++] = r;
	return 0;
}

/* Sets an optional capaian and its predikat from an exact mean. */
static void
set_mean(const kc_pct *v, size_t n, Kinerja__SasaranCapaian *s, kc_pct *mean)
{
	if (kc_mean(v, n, mean) != KC_AVAILABLE)
		return;
	s->opt_capaian_case = KINERJA__SASARAN_CAPAIAN__OPT_CAPAIAN_CAPAIAN;
	s->capaian          = ke2_double(kc_round2(*mean));
	s->predikat         = (char *) kc_predikat_capaian(kc_round2(*mean));
}

/* Groups consecutive rows by sasaran; fills the reply's means. */
static void
summarize(struct gather *g, Kinerja__GetCapaianReply *r, kc_pct *exact)
{
	struct kcall *c     = g->call;
	kc_pct       *vals  = kcall_alloc(c, (g->n + 1) * sizeof(*vals));
	kc_pct       *means = kcall_alloc(c, (g->n + 1) * sizeof(*means));
	size_t        i = 0, j, nv, nm = 0;
	kc_pct        overall;

	r->sasaran = kcall_alloc(c, (g->n + 1) * sizeof(*r->sasaran));
	while (i < g->n) {
		Kinerja__SasaranCapaian *s = kcall_alloc(c, sizeof(*s));

		kinerja__sasaran_capaian__init(s);
		s->sasaran = g->rows[i]->sasaran;
		s->tujuan  = (char *) g->tujuan[i];
		for (j = i, nv = 0;
		     j < g->n && strcmp(g->rows[j]->sasaran, s->sasaran) == 0;
		     j++)
			if (g->avail[j])
				vals[nv++] = g->pct[j];
		s->indicators    = (uint32_t) nv;
		s->indicators_na = (uint32_t) (j - i - nv);
		set_mean(vals, nv, s, &means[nm]);
		if (exact != NULL)
			exact[r->n_sasaran] = means[nm];
		nm += nv > 0;
		r->sasaran[r->n_sasaran++] = s;
		i                          = j;
	}
	if (kc_mean(means, nm, &overall) == KC_AVAILABLE) {
		r->opt_capaian_case =
		    KINERJA__GET_CAPAIAN_REPLY__OPT_CAPAIAN_CAPAIAN;
		r->capaian  = ke2_double(kc_round2(overall));
		r->predikat = (char *) kc_predikat_capaian(kc_round2(overall));
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
	if (in->year < 1900 || in->year > 2200) {
		kcall_error(call, KINERJA__CODE__INVALID_ARGUMENT,
		    "year: %d outside 1900-2200", in->year);
		return -1;
	}
	if (in->predikat_rule < 0 ||
	    in->predikat_rule > KINERJA__PREDIKAT_RULE__PREDIKAT_RULE_MID) {
		kcall_error(call, KINERJA__CODE__INVALID_ARGUMENT,
		    "predikat_rule: %d is not a PredikatRule",
		    in->predikat_rule);
		return -1;
	}
	return 0;
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
		row->opt_derived_case = KINERJA__CAPAIAN_ROW__OPT_DERIVED_DERIVED;
		row->derived      = ke4_double(d.e4);
		row->derived_from = (char *) kderived_from(d.source);
		f = g->stated[i] ? kderived_finding(g->call, g->real[i], &d)
		                 : NULL;
		row->finding = f ? (char *) f : "";
	}
	return 0;
}

int
kcapaian_compute(struct kcall *call, const char *unit, int year,
    enum kc_rule rule, Kinerja__GetCapaianReply *r, kc_pct **exact,
    int with_derived)
{
	struct gather g = { .call = call, .rule = rule };
	struct kunit  u;
	char          buf[KSTORE_BUF];
	int           rc;

	rc = kstore_unit_get(call->store, unit, &u, buf, sizeof(buf));
	if (rc == KS_OK)
		rc = kstore_capaian_rows(
		    call->store, unit, year, gather_row, &g);
	if (rc == KS_OK && with_derived && add_derived(&g, unit, year) != 0)
		return KS_OK; /* the call's status is set */
	if (rc != KS_OK)
		return rc;
	r->unit = kcall_alloc(call, sizeof(*r->unit));
	kfill_unit(call, &u, r->unit);
	r->year         = year;
	r->indicators   = g.rows;
	r->n_indicators = g.n;
	if (exact != NULL)
		*exact = kcall_alloc(call, (g.n + 1) * sizeof(**exact));
	summarize(&g, r, exact ? *exact : NULL);
	return KS_OK;
}

RPC(get_capaian, GetCapaianRequest, GetCapaianReply)
{
	struct kcall            *call = arg;
	Kinerja__GetCapaianReply r    = KINERJA__GET_CAPAIAN_REPLY__INIT;
	int                      rc;

	(void) svc;
	if (check_request(call, in) != 0)
		goto out;
	if ((rc = kstore_begin_read(call->store)) == KS_OK) {
		rc = kcapaian_compute(call, in->unit, in->year,
		    (enum kc_rule) in->predikat_rule, &r, NULL, 1);
		kstore_rollback(call->store);
	}
	if (rc == KS_NOTFOUND)
		kcall_error(call, KINERJA__CODE__NOT_FOUND,
		    "unit: %s not found", kcall_quote(call, in->unit));
	else if (rc != KS_OK)
		kstore_failed(call, rc);
out:
	done(&r, arg);
}
