/*
 * h_rollup.c - a region's roll-up in GetCapaian (docs/rollup.md): each
 * unit under it that has no units under it is computed as its own
 * GetCapaian and GetBudget compute it (kcapaian_rows, kbudget_tree); the
 * core aggregates them (kc_rollup, kc_rollup_budget). This file gathers
 * the units and shapes the reply. The rows of all the units come in one
 * query each (kstore_region_*, issue 19), a unit at a time: a query a
 * unit made 500 units cost 18 ms on SQLite and 300 ms on PostgreSQL.
 * A roll-up computed is kept by the service, packed, under the database's
 * write generation (as GetRanking's rankings are), and answered from
 * there until any write commits.
 */
#include <stdlib.h>
#include <string.h>

#include "handlers.h"
#include "grow.h"
#include "kcore.h"

/* What a unit lacking an indicator altogether is listed with. */
#define NOT_ITS_INDICATOR kc_reason(KC_REASON_NOT_ITS_INDICATOR)

struct leaves {
	struct kcall *call;
	const char  **code, **name;
	int64_t      *id; /* kunit.id */
	size_t        n, cap;
};

/* A unit's place in the leaves, found by its id. */
struct unit_at {
	int64_t id;
	size_t  at;
};

/* One unit's figures. */
struct unit_fig {
	struct kunit_capaian cap;
	struct kc_share      overall;
	const char          *why; /* no overall capaian */
	int                  has_budget;
	int64_t              pagu, realisasi;
	const char          *budget_why;
};

/* One indicator across the units. */
struct ind_fig {
	const Kinerja__CapaianRow *row; /* its first: name and satuan */
	struct kc_share           *share; /* per unit */
	const char               **why; /* per unit, when not counted */
};

struct rollup {
	struct kcall    *call;
	struct leaves    units;
	struct unit_fig *fig;
	struct ind_fig  *ind;
	size_t           nind, maxind;
	int              target_kind; /* PK or Renstra, as the request */
	struct unit_at  *by_id; /* the leaves by id */
};

static int
add_leaf(void *arg, const struct kunit *u)
{
	struct leaves *l = arg;

	if (l->n == l->cap) {
		l->cap = kc_grow_cap(l->cap, 16);
		KC_GROW_TO(l->code, l->n, l->cap, kcall_alloc, l->call);
		KC_GROW_TO(l->name, l->n, l->cap, kcall_alloc, l->call);
		KC_GROW_TO(l->id, l->n, l->cap, kcall_alloc, l->call);
	}
	l->code[l->n] = kcall_strdup(l->call, u->code);
	l->name[l->n] = kcall_strdup(l->call, u->name);
	l->id[l->n]   = u->id;
	l->n++;
	return 0;
}

/* The indicator's entry, added (every unit missing it) when new. */
static struct ind_fig *
indicator(struct rollup *r, const Kinerja__CapaianRow *row)
{
	struct ind_fig *f;
	size_t          i;

	for (i = 0; i < r->nind; i++)
		if (strcmp(r->ind[i].row->indicator, row->indicator) == 0)
			return &r->ind[i];
	if (r->nind == r->maxind) {
		size_t max = kc_grow_cap(r->maxind, 8);

		KC_GROW_TO(r->ind, r->nind, max, kcall_alloc, r->call);
		r->maxind = max;
	}
	f        = &r->ind[r->nind++];
	f->row   = row;
	f->share = kcall_alloc(r->call, r->units.n * sizeof(*f->share));
	f->why   = kcall_alloc(r->call, r->units.n * sizeof(*f->why));
	for (i = 0; i < r->units.n; i++) {
		f->share[i] = (struct kc_share) { KC_NA_NO_DATA, { 0, 1 } };
		f->why[i]   = NULL; /* until the unit shows it */
	}
	return f;
}

/* Puts a unit's rows under their indicators; a unit showing one indicator
 * under two sasaran counts with the first. */
static void
spread_rows(struct rollup *r, size_t unit)
{
	const struct kunit_capaian *c = &r->fig[unit].cap;
	size_t                      i;

	for (i = 0; i < c->n; i++) {
		struct ind_fig *f = indicator(r, c->rows[i]);

		if (f->why[unit] != NULL)
			continue;
		f->share[unit] =
		    (struct kc_share) { c->cap[i].na, c->cap[i].pct };
		f->why[unit] = kc_na_reason(c->cap[i].na);
	}
}

/* ------------------------------------------- the region's rows, read */

#define NO_UNIT SIZE_MAX /* rows of a unit not among the leaves */

static int
by_id(const void *a, const void *b)
{
	const struct unit_at *x = a, *y = b;

	return (x->id > y->id) - (x->id < y->id);
}

static void
index_units(struct rollup *r)
{
	size_t i;

	r->by_id = kcall_alloc(r->call, r->units.n * sizeof(*r->by_id));
	for (i = 0; i < r->units.n; i++)
		r->by_id[i] = (struct unit_at) { r->units.id[i], i };
	qsort(r->by_id, r->units.n, sizeof(*r->by_id), by_id);
}

static size_t
unit_index(const struct rollup *r, int64_t id)
{
	struct unit_at  key = { id, 0 };
	struct unit_at *u =
	    bsearch(&key, r->by_id, r->units.n, sizeof(key), by_id);

	return u ? u->at : NO_UNIT;
}

/* A region's rows come a unit at a time: each unit's are finished when
 * the next unit's begin, and the units with none at the end, so that
 * every unit gets the figures of its rows, or of none. */
struct per_unit {
	struct rollup *r;
	void          *acc; /* the current unit's rows so far */
	/* Finishes the unit at i (NO_UNIT: rows to drop) from acc. */
	void (*finish)(struct rollup *r, size_t i, void *acc);
	int            started;
	int64_t        id; /* the current unit */
	size_t         at; /* its place, or NO_UNIT */
	unsigned char *seen; /* per unit: finished */
};

static void
finish_unit(struct per_unit *p)
{
	p->finish(p->r, p->at, p->acc);
	if (p->at != NO_UNIT)
		p->seen[p->at] = 1;
}

static void
next_row(struct per_unit *p, int64_t id)
{
	if (p->started && p->id == id)
		return;
	if (p->started)
		finish_unit(p);
	p->started = 1;
	p->id      = id;
	p->at      = unit_index(p->r, id);
}

static void
finish_all(struct per_unit *p)
{
	size_t i;

	if (p->started)
		finish_unit(p);
	for (i = 0; i < p->r->units.n; i++)
		if (!p->seen[i])
			p->finish(p->r, i, p->acc);
}

static void
per_unit_init(struct per_unit *p, struct rollup *r, void *acc,
    void (*finish)(struct rollup *, size_t, void *))
{
	*p = (struct per_unit) { .r = r, .acc = acc, .finish = finish };
	p->seen = kcall_alloc(r->call, r->units.n + 1);
	memset(p->seen, 0, r->units.n + 1);
}

static void
finish_capaian(struct rollup *r, size_t i, void *acc)
{
	struct kunit_capaian drop;
	struct unit_fig     *f;

	if (i == NO_UNIT) {
		kcapaian_rows_end(acc, &drop);
		return;
	}
	f = &r->fig[i];
	kcapaian_rows_end(acc, &f->cap);
	f->overall = (struct kc_share) { f->cap.sum.na, f->cap.sum.overall };
	f->why     = f->cap.n == 0
	                 ? kc_reason(KC_REASON_NO_SASARAN)
	                 : kc_na_reason(kc_unit_na(f->cap.cap, f->cap.n));
}

static int
capaian_row(void *arg, int64_t unit, const struct kcapaian_row *row)
{
	struct per_unit *p = arg;

	next_row(p, unit);
	return kcapaian_rows_add(p->acc, row);
}

static void
finish_budget(struct rollup *r, size_t i, void *acc)
{
	struct kc_budget_sum top;
	const char          *why;
	struct unit_fig     *f;
	int                  has;

	memset(&top, 0, sizeof(top));
	has = kbudget_tree_top(acc, &top, &why);
	if (i == NO_UNIT)
		return;
	f             = &r->fig[i];
	f->has_budget = has;
	f->budget_why = why;
	f->pagu       = top.amount[KC_PAGU];
	f->realisasi  = top.amount[KC_REALISASI];
}

static int
budget_line(void *arg, int64_t unit, const struct kbudget_line *l)
{
	struct per_unit *p = arg;

	next_row(p, unit);
	kbudget_tree_add(p->acc, l);
	return 0;
}

/* Every unit's capaian and budget, from one read of each over the
 * region; then each unit's indicators in the units' order. */
static int
unit_figures(struct rollup *r, const char *region, int year, enum kc_rule rule)
{
	struct kstore  *st = r->call->store;
	struct per_unit p;
	size_t          i;
	int             rc;

	index_units(r);
	per_unit_init(&p, r, kcapaian_rows_new(r->call, rule), finish_capaian);
	rc = kstore_region_capaian_rows(
	    st, region, year, r->target_kind, capaian_row, &p);
	if (rc != KS_OK)
		return kstore_failed(r->call, rc);
	finish_all(&p);
	per_unit_init(&p, r, kbudget_tree_new(r->call), finish_budget);
	rc = kstore_region_budget_list(
	    st, KB_LINES, region, year, budget_line, &p);
	if (rc != KS_OK)
		return kstore_failed(r->call, rc);
	finish_all(&p);
	for (i = 0; i < r->units.n; i++)
		spread_rows(r, i);
	return 0;
}

static Kinerja__UnitNotCounted *
not_counted(
    struct kcall *call, const struct leaves *l, size_t i, const char *why)
{
	Kinerja__UnitNotCounted *m = kcall_alloc(call, sizeof(*m));

	kinerja__unit_not_counted__init(m);
	m->unit   = (char *) l->code[i];
	m->name   = (char *) l->name[i];
	m->reason = (char *) why;
	return m;
}

static Kinerja__PredikatCount **
distribution(struct kcall *call, const struct kc_rollup *a)
{
	Kinerja__PredikatCount **d = kcall_alloc(call, KC_BANDS * sizeof(*d));
	int                      b;

	for (b = 0; b < KC_BANDS; b++) {
		d[b] = kcall_alloc(call, sizeof(**d));
		kinerja__predikat_count__init(d[b]);
		d[b]->predikat = (char *) kc_band_name(b);
		d[b]->units    = (uint32_t) a->band[b];
	}
	return d;
}

/* The mean and distribution of n shares; *why[i] lists those left out. */
static void
aggregate(struct rollup *r, const struct kc_share *shares,
    const char *const *why, struct kc_rollup *a,
    Kinerja__UnitNotCounted ***out, size_t *nout)
{
	kc_pct *scratch =
	    kcall_alloc(r->call, (r->units.n + 1) * sizeof(*scratch));
	size_t i;

	kc_rollup(shares, r->units.n, scratch, a);
	*out  = kcall_alloc(r->call, (a->not_counted + 1) * sizeof(**out));
	*nout = 0;
	for (i = 0; i < r->units.n; i++)
		if (shares[i].na != KC_AVAILABLE)
			(*out)[(*nout)++] = not_counted(r->call, &r->units, i,
			    why[i] ? why[i] : NOT_ITS_INDICATOR);
}

static Kinerja__RollupIndicator *
indicator_msg(struct rollup *r, const struct ind_fig *f)
{
	Kinerja__RollupIndicator *m = kcall_alloc(r->call, sizeof(*m));
	struct kc_rollup          a;

	kinerja__rollup_indicator__init(m);
	m->indicator = f->row->indicator;
	m->name      = f->row->name;
	m->satuan    = f->row->satuan;
	aggregate(r, f->share, f->why, &a, &m->not_counted, &m->n_not_counted);
	m->units          = (uint32_t) a.counted;
	m->distribution   = distribution(r->call, &a);
	m->n_distribution = KC_BANDS;
	if (a.na == KC_AVAILABLE) {
		m->opt_capaian_case =
		    KINERJA__ROLLUP_INDICATOR__OPT_CAPAIAN_CAPAIAN;
		m->capaian  = ke2_double(a.e2);
		m->predikat = (char *) kc_predikat_capaian(a.e2);
	}
	return m;
}

static Kinerja__RollupUnit *
unit_msg(struct rollup *r, size_t i)
{
	const struct unit_fig *f = &r->fig[i];
	Kinerja__RollupUnit   *m = kcall_alloc(r->call, sizeof(*m));

	kinerja__rollup_unit__init(m);
	m->unit = (char *) r->units.code[i];
	m->name = (char *) r->units.name[i];
	if (f->overall.na == KC_AVAILABLE) {
		m->opt_capaian_case =
		    KINERJA__ROLLUP_UNIT__OPT_CAPAIAN_CAPAIAN;
		m->capaian  = ke2_double(f->cap.sum.e2);
		m->predikat = (char *) kc_predikat_capaian(f->cap.sum.e2);
	} else {
		m->na_reason = (char *) f->why;
	}
	if (f->has_budget)
		m->budget = kabsorption(r->call, 1, f->pagu, 1, f->realisasi);
	else
		m->budget_na_reason = (char *) f->budget_why;
	return m;
}

/* A sum of sen as the API's int64: saturated, never wrapped. */
static int64_t
sen(__int128 v)
{
	if (v > INT64_MAX)
		return INT64_MAX;
	return v < INT64_MIN ? INT64_MIN : (int64_t) v;
}

static void
budget_msg(struct rollup *r, Kinerja__Rollup *m)
{
	size_t   n    = r->units.n, i;
	int     *has  = kcall_alloc(r->call, (n + 1) * sizeof(int));
	int64_t *pagu = kcall_alloc(r->call, (n + 1) * 8);
	int64_t *real = kcall_alloc(r->call, (n + 1) * 8);
	struct kc_budget_rollup b;

	for (i = 0; i < n; i++) {
		has[i]  = r->fig[i].has_budget;
		pagu[i] = r->fig[i].pagu;
		real[i] = r->fig[i].realisasi;
	}
	kc_rollup_budget(has, pagu, real, n, &b);
	m->budget_counted = (uint32_t) b.counted;
	m->budget_not_counted =
	    kcall_alloc(r->call, (b.not_counted + 1) * sizeof(void *));
	for (i = 0; i < n; i++)
		if (!has[i])
			m->budget_not_counted[m->n_budget_not_counted++] =
			    not_counted(
			        r->call, &r->units, i, r->fig[i].budget_why);
	m->budget = kabsorption(r->call, b.counted > 0, sen(b.pagu),
	    b.counted > 0, sen(b.realisasi));
	/* The serapan is the core's, of the exact sums. */
	m->budget->opt_serapan_case =
	    KINERJA__ABSORPTION__OPT_SERAPAN__NOT_SET;
	if (b.na == KC_AVAILABLE) {
		m->budget->opt_serapan_case =
		    KINERJA__ABSORPTION__OPT_SERAPAN_SERAPAN;
		m->budget->serapan = ke2_double(b.e2);
	}
}

static void
overall_msg(struct rollup *r, Kinerja__Rollup *m)
{
	struct kc_share *shares =
	    kcall_alloc(r->call, (r->units.n + 1) * sizeof(*shares));
	const char **why =
	    kcall_alloc(r->call, (r->units.n + 1) * sizeof(*why));
	struct kc_rollup a;
	size_t           i;

	for (i = 0; i < r->units.n; i++) {
		shares[i] = r->fig[i].overall;
		why[i]    = r->fig[i].why;
	}
	aggregate(r, shares, why, &a, &m->not_counted, &m->n_not_counted);
	m->counted        = (uint32_t) a.counted;
	m->distribution   = distribution(r->call, &a);
	m->n_distribution = KC_BANDS;
	if (a.na == KC_AVAILABLE) {
		m->opt_capaian_case = KINERJA__ROLLUP__OPT_CAPAIAN_CAPAIAN;
		m->capaian          = ke2_double(a.e2);
		m->predikat         = (char *) kc_predikat_capaian(a.e2);
	}
}

static Kinerja__Rollup *
rollup_msg(struct rollup *r)
{
	Kinerja__Rollup *m = kcall_alloc(r->call, sizeof(*m));
	size_t           i;

	kinerja__rollup__init(m);
	m->units = kcall_alloc(r->call, (r->units.n + 1) * sizeof(*m->units));
	for (i = 0; i < r->units.n; i++)
		m->units[m->n_units++] = unit_msg(r, i);
	overall_msg(r, m);
	m->indicators =
	    kcall_alloc(r->call, (r->nind + 1) * sizeof(*m->indicators));
	for (i = 0; i < r->nind; i++)
		m->indicators[m->n_indicators++] =
		    indicator_msg(r, &r->ind[i]);
	budget_msg(r, m);
	return m;
}

/* ------------------------------------------------------- kept roll-ups */

/* A roll-up the service keeps: its message packed, since a reply's
 * message lives in its call's arena. */
struct packed {
	size_t  len;
	uint8_t data[];
};

/* Everything a region's roll-up depends on, besides the generation. */
static char *
rollup_key(struct kcall *call, const char *region, int year, enum kc_rule rule,
    int target_kind, size_t *len)
{
	char *key = kcall_printf(
	    call, "%d|%d|%d|%s", year, (int) rule, target_kind, region);

	*len = strlen(key);
	return key;
}

/* The roll-up kept for key at gen, in the call's arena, or NULL. */
static Kinerja__Rollup *
kept(struct kcall *call, struct kcache *cache, const char *key, size_t klen,
    int64_t gen)
{
	ProtobufCAllocator   alloc = kcall_allocator(call);
	struct kcache_ref   *ref   = kcache_get(cache, key, klen, gen);
	const struct packed *p;
	Kinerja__Rollup     *m;

	if (ref == NULL)
		return NULL;
	p = kcache_value(ref);
	m = kinerja__rollup__unpack(&alloc, p->len, p->data);
	kcache_drop(cache, ref);
	return m;
}

/* Keeps a roll-up computed at gen; out of memory, it is computed again
 * next time. */
static void
keep(struct kcache *cache, const char *key, size_t klen, int64_t gen,
    const Kinerja__Rollup *m)
{
	size_t             len = kinerja__rollup__get_packed_size(m);
	struct packed     *p   = malloc(sizeof(*p) + len);
	struct kcache_ref *ref;

	if (p == NULL)
		return;
	p->len = kinerja__rollup__pack(m, p->data);
	ref    = kcache_put(cache, key, klen, gen, p, sizeof(*p) + len);
	if (ref != NULL)
		kcache_drop(cache, ref);
}

static int
compute(struct kcall *call, const char *region, int year, enum kc_rule rule,
    int target_kind, int triwulan, Kinerja__Rollup **out)
{
	struct rollup r = { .call = call, .units = { .call = call },
		.target_kind = target_kind };
	int rc = kstore_leaf_units(call->store, region, add_leaf, &r.units);

	if (rc != KS_OK)
		return kstore_failed(call, rc);
	if (r.units.n == 0)
		return 0; /* a unit with none under it: no roll-up */
	if (triwulan) {
		kcall_error(call, KINERJA__CODE__INVALID_ARGUMENT,
		    "triwulan: the roll-up of region %s is yearly; ask its "
		    "units for triwulan %d",
		    kcall_quote(call, region), triwulan);
		return -1;
	}
	r.fig = kcall_alloc(call, r.units.n * sizeof(*r.fig));
	if (unit_figures(&r, region, year, rule) != 0)
		return -1;
	*out = rollup_msg(&r);
	return 0;
}

/*
 * The roll-up kept at the generation this read's snapshot sees, or
 * computed and kept. Inside a write transaction there is no generation
 * (its changes are not committed): computed for this call alone. A
 * triwulan is refused by compute(), so it is never looked up.
 */
int
krollup(struct kcall *call, const char *region, int year, enum kc_rule rule,
    int target_kind, int triwulan, Kinerja__Rollup **out)
{
	struct khandlers_state *state = kstate_of(call);
	int64_t                 gen   = 0;
	size_t                  klen  = 0;
	char                   *key   = NULL;

	*out = NULL;
	if (state != NULL && !triwulan &&
	    kstore_generation(call->store, &gen) == KS_OK) {
		key = rollup_key(call, region, year, rule, target_kind, &klen);
		*out = kept(call, state->rollups, key, klen, gen);
		if (*out != NULL)
			return 0;
	}
	if (compute(call, region, year, rule, target_kind, triwulan, out) != 0)
		return -1;
	if (key != NULL && *out != NULL)
		keep(state->rollups, key, klen, gen, *out);
	return 0;
}
