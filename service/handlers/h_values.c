/*
 * h_values.c - SubmitIndicatorData: Renstra and PK targets and realisasi.
 * Every value is checked against its indicator before anything is written;
 * a changed value becomes a new revision, the latest of which counts.
 */
#include <stdlib.h>
#include <string.h>

#include "grow.h"
#include "handlers.h"
#include "kcore.h"

static int
item_invalid(
    struct kcall *call, uint32_t i, const char *field, const char *msg)
{
	kcall_item_error(call, i, field, KINERJA__CODE__INVALID_ARGUMENT,
	    "%s: %s", field, msg);
	return 1;
}

struct kc_range
kindicator_range(const struct kindicator *ind)
{
	struct kc_range set = { ind->has_min, ind->has_max, ind->min_e4,
		ind->max_e4 };

	return kc_range_of(ind->code, ind->name, ind->satuan,
	    ind->value_type == KINERJA__VALUE_TYPE__VALUE_TYPE_AKIP, &set);
}

int
kcheck_range(struct kcall *call, uint32_t i, const char *field,
    const struct kindicator *ind, int64_t e4)
{
	struct kc_range r = kindicator_range(ind);
	char            range[96], v[32];

	if (kc_range_check(&r, e4) == 0)
		return 0;
	kc_range_text(&r, range, sizeof(range));
	kc_format_e4(e4, v, sizeof(v));
	kcall_item_error(call, i, field, KINERJA__CODE__INVALID_ARGUMENT,
	    "%s: %s di luar rentang sah %.64s (%s %.64s)", field, v,
	    ind->code, range, ind->satuan);
	return 1;
}

void
kfill_range(const struct kindicator *ind, Kinerja__Indicator *m)
{
	if (ind->has_min) {
		m->opt_min_case = KINERJA__INDICATOR__OPT_MIN_MIN;
		m->min          = ke4_double(ind->min_e4);
	}
	if (ind->has_max) {
		m->opt_max_case = KINERJA__INDICATOR__OPT_MAX_MAX;
		m->max          = ke4_double(ind->max_e4);
	}
}

static int
check_keys(struct kcall *call, const Kinerja__IndicatorValue *v, uint32_t i)
{
	if (kcheck_code(call, i, "unit", v->unit) != 0 ||
	    kcheck_code(call, i, "indicator", v->indicator) != 0)
		return 1;
	if (kcheck_item_year(call, i, v->year) != 0)
		return 1;
	if (v->kind <= KINERJA__VALUE_KIND__VALUE_KIND_UNSPECIFIED ||
	    v->kind > KINERJA__VALUE_KIND__VALUE_KIND_REALISASI)
		return item_invalid(call, i, "kind",
		    "required: renstra_target, renstra_end_target, target "
		    "or realisasi");
	if (v->period < 0 || v->period > KC_TRIWULAN)
		return kperiod_refused(call, i, v->period,
		    kc_period_refused(v->period, 1, KC_Q_DEFAULT), NULL);
	return 0;
}

int
kperiod_refused(struct kcall *call, uint32_t i, int period, const char *why,
    const char *indicator)
{
	if (indicator != NULL)
		kcall_item_error(call, i, "period",
		    KINERJA__CODE__INVALID_ARGUMENT,
		    "period: %d (triwulan %s) refused for %.64s: %s", period,
		    kc_triwulan_roman(period), indicator, why);
	else
		kcall_item_error(call, i, "period",
		    KINERJA__CODE__INVALID_ARGUMENT, "period: %d is %s",
		    period, why);
	return 1;
}

enum kc_quarterly
kindicator_quarterly(const struct kindicator *ind)
{
	return kc_quarterly_of(ind->satuan,
	    ind->value_type == KINERJA__VALUE_TYPE__VALUE_TYPE_AKIP,
	    (enum kc_quarterly) ind->quarterly);
}

/* A triwulan only for a PK target or realisasi of an indicator whose
 * rule takes quarterly figures (docs/triwulan.md). */
static int
check_period(struct kcall *call, const Kinerja__IndicatorValue *v, uint32_t i,
    const struct kindicator *ind)
{
	const char *why = kc_period_refused(v->period,
	    v->kind == VALUE_TARGET || v->kind == VALUE_REALISASI,
	    kindicator_quarterly(ind));

	return why ? kperiod_refused(call, i, v->period, why, ind->code) : 0;
}

/* Reads the number and predikat of v into kv, checking them together. */
static int
read_value(struct kcall *call, const Kinerja__IndicatorValue *v, uint32_t i,
    const struct kindicator *ind, struct kvalue *kv)
{
	int akip = ind->value_type == KINERJA__VALUE_TYPE__VALUE_TYPE_AKIP;
	enum kc_akip pred = KC_AKIP_NONE;

	kv->has_value =
	    v->opt_value_case == KINERJA__INDICATOR_VALUE__OPT_VALUE_VALUE;
	if (kv->has_value && kc_double_to_e4(v->value, &kv->value_e4) != 0)
		return item_invalid(
		    call, i, "value", "not a finite number within 1e14");
	if (*v->predikat) {
		if (!akip)
			return item_invalid(call, i, "predikat",
			    "only AKIP indicators take a predikat");
		if ((pred = kc_akip_parse(v->predikat)) == KC_AKIP_NONE)
			return item_invalid(call, i, "predikat",
			    "not an AKIP predikat (AA, A, BB, B, CC, C, D)");
	}
	if (!kv->has_value && pred == KC_AKIP_NONE)
		return item_invalid(call, i, "value", "required");
	if (akip && kv->has_value &&
	    (kv->value_e4 < 0 || kv->value_e4 > 100 * KC_E4))
		return item_invalid(
		    call, i, "value", "AKIP score outside 0-100");
	if (kv->has_value && pred != KC_AKIP_NONE &&
	    pred != kc_akip_of_score(kv->value_e4)) {
		kcall_item_error(call, i, "predikat",
		    KINERJA__CODE__INVALID_ARGUMENT,
		    "predikat: %s contradicts the score, which is %s",
		    v->predikat, kc_akip_name(kc_akip_of_score(kv->value_e4)));
		return 1;
	}
	if (v->percent_sign && !kc_satuan_is_percent(ind->satuan)) {
		kcall_item_error(call, i, "value",
		    KINERJA__CODE__INVALID_ARGUMENT,
		    "value: written with %%, but the satuan of %.64s is "
		    "%.64s",
		    ind->code, ind->satuan);
		return 1;
	}
	if (kv->has_value &&
	    kcheck_range(call, i, "value", ind, kv->value_e4) != 0)
		return 1;
	kv->predikat = kv->has_value ? KC_AKIP_NONE : (int) pred;
	return 0;
}

/* A count's triwulan figure is the year to date: one below the triwulan
 * before is written, but the caller hears of it (docs/triwulan.md). */
static int
warn_running_total(struct kcall *call, uint32_t i, const struct kvalue *kv,
    const struct kindicator *ind)
{
	struct kc_quarters q;
	struct kc_value    cur = kvalue_core(kv, 1), *prev;
	char               a[32], b[32];

	if (kv->period < 2)
		return 0;
	if (kquarters_load(call, kv->unit, kv->indicator, kv->year, &q) != 0)
		return -1;
	prev = kv->kind == VALUE_TARGET ? &q.target[kv->period - 1]
	                                : &q.realisasi[kv->period - 1];
	if (!kc_running_total_falls(kindicator_quarterly(ind), prev, &cur))
		return 0;
	kc_format_e4(kv->value_e4, a, sizeof(a));
	kc_format_e4(prev->e4, b, sizeof(b));
	kcall_warn(call, i, "value",
	    "value: %s for triwulan %s is below triwulan %s's %s; a count's "
	    "triwulan figure is the year to date (quarterly: sum)",
	    a, kc_triwulan_roman(kv->period),
	    kc_triwulan_roman(kv->period - 1), b);
	return 0;
}

/* A value of an indicator no sasaran of its unit shows would appear in
 * no table: written, but the caller hears of it. */
static int
warn_unlinked(struct kcall *call, uint32_t i, const Kinerja__IndicatorValue *v)
{
	int rc = kstore_value_linked(call->store, v->unit, v->indicator);

	if (rc < 0)
		return kstore_failed(call, rc);
	if (rc == 0)
		kcall_warn(call, i, "indicator",
		    "indicator: no sasaran of unit %s shows %s; the value "
		    "appears in no table until one does (UpsertSasaran)",
		    kcall_quote(call, v->unit), kcall_quote(call, v->indicator));
	return 0;
}

static int
apply_value(
    struct kcall *call, const void *item, uint32_t i, enum kchange *change)
{
	const Kinerja__IndicatorValue *v = item;
	struct kindicator              ind;
	struct kvalue                  kv;
	int                            rc;

	if (check_keys(call, v, i) != 0)
		return 1;
	if ((rc = kfind_unit(call, i, v->unit)) != 0 ||
	    (rc = kfind_indicator(call, i, v->indicator, &ind)) != 0)
		return rc;
	memset(&kv, 0, sizeof(kv));
	if (check_period(call, v, i, &ind) != 0 ||
	    read_value(call, v, i, &ind, &kv) != 0)
		return 1;
	kv.unit      = v->unit;
	kv.indicator = v->indicator;
	kv.year      = v->year;
	kv.kind      = v->kind;
	kv.period    = v->period;
	if ((rc = kstore_unit_year_read(call->store, v->unit, v->year)) < 0)
		return kstore_failed(call, rc);
	if ((rc = warn_unlinked(call, i, v)) != 0 ||
	    (rc = warn_running_total(call, i, &kv, &ind)) != 0)
		return rc;
	if (call->dry_item) {
		*change = KS_UNCHANGED;
		return 0;
	}
	/* Evaluations derive yearly figures only. */
	if (kv.kind == VALUE_REALISASI && kv.period == 0)
		return kstated_realisasi_put(call, i, &kv, change);
	return kput_value(call, &kv, change);
}

/* ------------------------------------------------ replayed revisions */

struct keyed {
	const Kinerja__IndicatorValue *v;
	size_t                         index;
};

static int
by_key(const void *a, const void *b)
{
	const struct keyed *x = a, *y = b;
	int                 c;

	if ((c = strcmp(x->v->unit, y->v->unit)) != 0 ||
	    (c = strcmp(x->v->indicator, y->v->indicator)) != 0)
		return c;
	if (x->v->year != y->v->year)
		return x->v->year < y->v->year ? -1 : 1;
	if (x->v->kind != y->v->kind)
		return x->v->kind < y->v->kind ? -1 : 1;
	if (x->v->period != y->v->period)
		return x->v->period < y->v->period ? -1 : 1;
	return (x->index > y->index) - (x->index < y->index);
}

/* The stored form of an item's number or predikat; -1 if it has none. */
static int
stored_form(const Kinerja__IndicatorValue *v, struct kvalue *kv)
{
	memset(kv, 0, sizeof(*kv));
	kv->has_value =
	    v->opt_value_case == KINERJA__INDICATOR_VALUE__OPT_VALUE_VALUE;
	kv->predikat = KC_AKIP_NONE;
	if (kv->has_value)
		return kc_double_to_e4(v->value, &kv->value_e4);
	kv->predikat = kc_akip_parse(v->predikat);
	return kv->predikat == KC_AKIP_NONE ? -1 : 0;
}

struct history {
	struct kcall  *call;
	struct kvalue *v;
	size_t         n, cap;
};

static int
keep_revision(void *arg, const struct kvalue *v)
{
	struct history *h = arg;

	if (h->n == h->cap)
		KC_GROW(h->v, h->n, h->cap, 8, kcall_alloc, h->call);
	h->v[h->n++] = *v;
	return 0;
}

static int
same(const struct kvalue *a, const struct kvalue *b)
{
	return a->has_value == b->has_value &&
	       (a->has_value ? a->value_e4 == b->value_e4
	                     : a->predikat == b->predikat);
}

/* Whether the stored history of g[0]'s key ends with the n items of g. */
static int
history_ends_with(struct kcall *call, const struct keyed *g, size_t n)
{
	struct history h = { call, NULL, 0, 0 };
	struct kvalue  key, item;
	size_t         i;

	memset(&key, 0, sizeof(key));
	key.unit      = g[0].v->unit;
	key.indicator = g[0].v->indicator;
	key.year      = g[0].v->year;
	key.kind      = g[0].v->kind;
	key.period    = g[0].v->period;
	if (kstore_value_history(call->store, &key, keep_revision, &h) !=
	        KS_OK ||
	    h.n < n)
		return 0;
	for (i = 0; i < n; i++) {
		if (stored_form(g[i].v, &item) != 0 ||
		    !same(&item, &h.v[h.n - n + i]))
			return 0;
	}
	return 1;
}

/*
 * A batch may carry a key's revisions in order (the original PK target,
 * then the PK Perubahan). Sent again, each row on its own differs from
 * the latest value and would be recorded once more; instead a key whose
 * stored history already ends with the batch's sequence is unchanged.
 */
static void
skip_replayed_revisions(
    struct kcall *call, const struct kbatch *b, unsigned char *skip)
{
	struct keyed *k = kcall_alloc(call, b->n * sizeof(*k));
	size_t        i, j, m;

	for (i = 0; i < b->n; i++)
		k[i] = (struct keyed) { b->items[i], i };
	qsort(k, b->n, sizeof(*k), by_key);
	for (i = 0; i < b->n; i = j) {
		for (j = i + 1; j < b->n; j++) {
			struct keyed a = k[j], z = k[i];

			a.index = z.index = 0;
			if (by_key(&a, &z) != 0)
				break;
		}
		if (j - i > 1 && history_ends_with(call, &k[i], j - i))
			for (m = i; m < j; m++)
				skip[k[m].index] = 1;
	}
}

KLOCATE(value_unit_year, IndicatorValue)

struct kbatch
kvalues_of(Kinerja__IndicatorValue **items, size_t n)
{
	return (struct kbatch) { "values", (void *const *) items, n,
		apply_value, skip_replayed_revisions, NULL, value_unit_year,
		1 };
}

RPC(submit_indicator_data, SubmitIndicatorDataRequest, WriteReply)
{
	struct kbatch b = kvalues_of(in->values, in->n_values);
	struct kwrite w = { &b, 1, in->validate_only, in->partial };

	(void) svc;
	kwrite_batch(arg, &w, done);
}

/* An import: every list in one transaction, definitions first. */
RPC(import, ImportRequest, WriteReply)
{
	struct kbatch parts[] = { kunits_of(in->units, in->n_units),
		kindicators_of(in->indicators, in->n_indicators),
		klinks_of(in->links, in->n_links),
		kvalues_of(in->values, in->n_values),
		kbudget_of(in->budget, in->n_budget),
		kbelanja_of(in->belanja, in->n_belanja),
		kakip_of(in->akip, in->n_akip),
		ksurveys_of(in->surveys, in->n_surveys),
		knarratives_of(in->narratives, in->n_narratives, "narratives"),
		kprofiles_of(in->profiles, in->n_profiles, "profiles") };
	struct kwrite w       = { parts, sizeof(parts) / sizeof(parts[0]),
		      in->validate_only, 0 };

	(void) svc;
	kwrite_batch(arg, &w, done);
}
