/*
 * h_registry.c - the things values hang on: units (a region hierarchy),
 * indicators, and which indicators measure each unit's sasaran.
 */
#include <stdio.h>
#include <string.h>

#include "handlers.h"

/* A unit may sit only under a provinsi or kabupaten, one level up or more. */
static int
level_fits(int parent, int child)
{
	return (parent == KINERJA__LEVEL__LEVEL_PROVINSI ||
	           parent == KINERJA__LEVEL__LEVEL_KABUPATEN) &&
	       parent < child;
}

/* The level a unit gets when none is given: one below its parent. */
static int
default_level(int parent)
{
	return parent == 0 ? KINERJA__LEVEL__LEVEL_PROVINSI
	       : parent == KINERJA__LEVEL__LEVEL_PROVINSI
	           ? KINERJA__LEVEL__LEVEL_KABUPATEN
	           : KINERJA__LEVEL__LEVEL_KECAMATAN;
}

static int
check_unit(struct kcall *call, const Kinerja__Unit *u, uint32_t i)
{
	if (kcheck_code(call, i, "code", u->code) != 0 ||
	    kcheck_text(call, i, "name", u->name, 1) != 0)
		return -1;
	if (u->level < 0 || u->level > KINERJA__LEVEL__LEVEL_OPD) {
		kcall_item_error(call, i, "level",
		    KINERJA__CODE__INVALID_ARGUMENT,
		    "level: %d is not a Level", u->level);
		return -1;
	}
	if (*u->parent && strcmp(u->parent, u->code) == 0) {
		kcall_item_error(call, i, "parent",
		    KINERJA__CODE__INVALID_ARGUMENT,
		    "parent: a unit cannot be its own parent");
		return -1;
	}
	return 0;
}

static const char *
level_name(int level)
{
	const ProtobufCEnumValue *v = protobuf_c_enum_descriptor_get_value(
	    &kinerja__level__descriptor, level);

	return v ? v->name : "?";
}

/* Resolves the level against the parent and, when the unit exists
 * already, its children. */
static int
place_unit(struct kcall *call, struct kunit *u, int exists, uint32_t i)
{
	int rc, parent = 0, child = 0;

	if (*u->parent) {
		rc = kstore_unit_level(call->store, u->parent, &parent);
		if (rc == KS_NOTFOUND) {
			kcall_item_error(call, i, "parent",
			    KINERJA__CODE__NOT_FOUND,
			    "parent: unit %s not found",
			    kcall_quote(call, u->parent));
			return 1;
		}
		if (rc != KS_OK)
			return kstore_failed(call, rc);
	}
	if (u->level == 0)
		u->level = default_level(parent);
	if (*u->parent && !level_fits(parent, u->level)) {
		kcall_item_error(call, i, "level",
		    KINERJA__CODE__INVALID_ARGUMENT,
		    "level: a %s cannot sit under a %s", level_name(u->level),
		    level_name(parent));
		return 1;
	}
	if (exists &&
	    (rc = kstore_unit_min_child_level(call->store, u->code, &child)))
		return kstore_failed(call, rc);
	if (child != 0 && !level_fits(u->level, child)) {
		kcall_item_error(call, i, "level",
		    KINERJA__CODE__INVALID_ARGUMENT,
		    "level: %s has children that cannot sit under it",
		    kcall_quote(call, u->code));
		return 1;
	}
	return 0;
}

static const char *
unit_text(struct kcall *call, const struct kunit *u)
{
	return kcall_printf(call, "%s; parent %s; level %d", u->name,
	    *u->parent ? u->parent : "-", u->level);
}

/*
 * An existing unit sent without a parent or a level keeps the stored ones,
 * so that a units sheet without those columns cannot re-root or reclassify
 * what is already there.
 */
static int
apply_unit(
    struct kcall *call, const void *item, uint32_t i, enum kchange *change)
{
	const Kinerja__Unit *u = item;
	struct kunit old, ku = { u->code, u->name, u->parent, u->level };
	char         buf[KSTORE_BUF];
	int          rc, exists;

	if (kcall_may_write_admin_item(call, i, "units") != 0 ||
	    check_unit(call, u, i) != 0)
		return 1;
	rc = kstore_unit_get(call->store, u->code, &old, buf, sizeof(buf));
	if (rc < 0)
		return kstore_failed(call, rc);
	exists = rc == KS_OK;
	if (exists && *ku.parent == 0)
		ku.parent = old.parent;
	if (exists && ku.level == 0)
		ku.level = old.level;
	if ((rc = place_unit(call, &ku, exists, i)) != 0)
		return rc;
	rc = kstore_unit_write(call->store, &ku, exists ? &old : NULL, change);
	if (rc != KS_OK)
		return kstore_failed(call, rc);
	if (*change == KS_UNCHANGED)
		return 0;
	return khistory_put(
	    call, &(struct khistory) { .what = "unit",
	              .unit                  = ku.code,
	              .indicator             = "",
	              .year                  = 0,
	              .field                 = "unit",
	              .old_value =
	                  *change == KS_UPDATED ? unit_text(call, &old) : NULL,
	              .new_value = unit_text(call, &ku) });
}

struct kbatch
kunits_of(Kinerja__Unit **items, size_t n)
{
	return (struct kbatch) { "units", (void *const *) items, n, apply_unit,
		NULL };
}

RPC(upsert_units, UpsertUnitsRequest, WriteReply)
{
	struct kbatch b = kunits_of(in->units, in->n_units);
	struct kwrite w = { &b, 1, in->validate_only, 0 };

	(void) svc;
	kwrite_batch(arg, &w, done);
}

/* Collects rows of a list reply in the call's arena. */
static int
unit_row(void *arg, const struct kunit *u)
{
	struct klist *c = arg;
	Kinerja__Unit  *m = kcall_alloc(c->call, sizeof(*m));

	kinerja__unit__init(m);
	m->code   = kcall_strdup(c->call, u->code);
	m->name   = kcall_strdup(c->call, u->name);
	m->parent = kcall_strdup(c->call, u->parent);
	m->level  = u->level;
	klist_push(c, m);
	return 0;
}

/* The parent's check and the list read one state of the database. */
static int
list_units(struct kcall *call, const void *in_arg, void *reply)
{
	const Kinerja__ListUnitsRequest *in = in_arg;
	Kinerja__ListUnitsReply         *r  = reply;
	struct klist                   c  = { call, NULL, 0, 0 };
	struct kunit                     u;
	char                             buf[KSTORE_BUF];
	int                              rc;

	if (*in->parent) {
		rc = kstore_unit_get(
		    call->store, in->parent, &u, buf, sizeof(buf));
		if (rc == KS_NOTFOUND)
			kcall_error(call, KINERJA__CODE__NOT_FOUND,
			    "parent: unit %s not found",
			    kcall_quote(call, in->parent));
		else if (rc != KS_OK)
			kstore_failed(call, rc);
		if (rc != KS_OK)
			return -1;
	}
	rc = kstore_unit_list(
	    call->store, *in->parent ? in->parent : NULL, unit_row, &c);
	if (rc != KS_OK)
		kstore_failed(call, rc);
	r->units   = (Kinerja__Unit **) c.items;
	r->n_units = c.n;
	return rc == KS_OK ? 0 : -1;
}

RPC(list_units, ListUnitsRequest, ListUnitsReply)
{
	Kinerja__ListUnitsReply r = KINERJA__LIST_UNITS_REPLY__INIT;

	(void) svc;
	kread(arg, list_units, in, &r);
	done(&r, arg);
}

/* A value type may change only when no stored value stops fitting it. */
static int
check_type_change(struct kcall *call, const struct kindicator *ki, uint32_t i)
{
	struct kindicator old;
	char              buf[KSTORE_BUF];
	int64_t           predikat_only, outside;
	int               rc, akip;

	rc = kstore_indicator_get(
	    call->store, ki->code, &old, buf, sizeof(buf));
	if (rc == KS_NOTFOUND ||
	    (rc == KS_OK && old.value_type == ki->value_type))
		return 0;
	if (rc == KS_OK)
		rc = kstore_indicator_value_kinds(
		    call->store, ki->code, &predikat_only, &outside);
	if (rc != KS_OK)
		return kstore_failed(call, rc);
	akip = ki->value_type == KINERJA__VALUE_TYPE__VALUE_TYPE_AKIP;
	if ((akip && outside > 0) || (!akip && predikat_only > 0)) {
		kcall_item_error(call, i, "value_type",
		    KINERJA__CODE__FAILED_PRECONDITION,
		    "value_type: %lld stored values of %s would not fit "
		    "(%s); change them first",
		    (long long) (akip ? outside : predikat_only),
		    kcall_quote(call, ki->code),
		    akip ? "numbers outside 0-100"
		         : "predikat without a number");
		return 1;
	}
	return 0;
}

/* A range (set, or the default of a new satuan) may apply only when no
 * stored value lies outside it: the data would contradict the rule. */
static int
check_range_change(
    struct kcall *call, const struct kindicator *ki, uint32_t i)
{
	struct kc_range r = kindicator_range(ki);
	char            range[96];
	int64_t         n = 0;
	int             rc;

	if (!r.has_min && !r.has_max)
		return 0;
	rc = kstore_indicator_outside(call->store, ki->code, r.has_min,
	    r.min_e4, r.has_max, r.max_e4, &n);
	if (rc != KS_OK)
		return kstore_failed(call, rc);
	if (n == 0)
		return 0;
	kc_range_text(&r, range, sizeof(range));
	kcall_item_error(call, i,
	    ki->has_min ? "min" : ki->has_max ? "max" : "satuan",
	    KINERJA__CODE__FAILED_PRECONDITION,
	    "%s: %lld stored values of %.64s lie outside %s %.64s; change "
	    "them first",
	    ki->has_min ? "min" : ki->has_max ? "max" : "satuan",
	    (long long) n, ki->code, range, ki->satuan);
	return 1;
}

/* An indicator whose rule becomes yearly only while triwulan values are
 * stored would hide them: refused until they are removed. */
static int
check_yearly_change(
    struct kcall *call, const struct kindicator *ki, uint32_t i)
{
	int64_t n = 0;
	int     rc;

	if (kindicator_quarterly(ki) != KC_Q_YEARLY)
		return 0;
	rc = kstore_indicator_quarterly_values(call->store, ki->code, &n);
	if (rc != KS_OK && rc != KS_NOTFOUND)
		return kstore_failed(call, rc);
	if (n == 0)
		return 0;
	kcall_item_error(call, i, "quarterly",
	    KINERJA__CODE__FAILED_PRECONDITION,
	    "quarterly: %lld stored triwulan values of %.64s; a yearly-only "
	    "rule would hide them",
	    (long long) n, ki->code);
	return 1;
}

static const char *
indicator_text(struct kcall *call, const struct kindicator *k)
{
	struct kc_range set = { k->has_min, k->has_max, k->min_e4,
		k->max_e4 };
	char            range[96] = "", quarterly[32] = "";

	/* The range only when set, so that older entries still read the
	 * same. */
	if (k->has_min || k->has_max) {
		memcpy(range, "; range ", 8);
		kc_range_text(&set, range + 8, sizeof(range) - 8);
	}
	if (k->quarterly)
		snprintf(quarterly, sizeof(quarterly), "; quarterly %s",
		    kc_quarterly_name((enum kc_quarterly) k->quarterly));
	return kcall_printf(call,
	    "%s; satuan %s; polarity %d; value_type %d%s%s", k->name,
	    k->satuan, k->polarity, k->value_type, range, quarterly);
}

/* The bounds an indicator sets, each a finite number, min <= max. */
static int
read_range(struct kcall *call, const Kinerja__Indicator *ind, uint32_t i,
    struct kindicator *ki)
{
	ki->has_min = ind->opt_min_case == KINERJA__INDICATOR__OPT_MIN_MIN;
	ki->has_max = ind->opt_max_case == KINERJA__INDICATOR__OPT_MAX_MAX;
	if (ki->has_min && kc_double_to_e4(ind->min, &ki->min_e4) != 0) {
		kcall_item_error(call, i, "min",
		    KINERJA__CODE__INVALID_ARGUMENT,
		    "min: not a finite number within 1e14");
		return 1;
	}
	if (ki->has_max && kc_double_to_e4(ind->max, &ki->max_e4) != 0) {
		kcall_item_error(call, i, "max",
		    KINERJA__CODE__INVALID_ARGUMENT,
		    "max: not a finite number within 1e14");
		return 1;
	}
	if (ki->has_min && ki->has_max && ki->min_e4 > ki->max_e4) {
		kcall_item_error(call, i, "min",
		    KINERJA__CODE__INVALID_ARGUMENT,
		    "min: %g is above max %g", ind->min, ind->max);
		return 1;
	}
	return 0;
}

static int
put_indicator(
    struct kcall *call, const struct kindicator *ki, enum kchange *change)
{
	struct kindicator old;
	char              buf[KSTORE_BUF];
	const char       *before = NULL;
	int               rc;

	rc = kstore_indicator_get(
	    call->store, ki->code, &old, buf, sizeof(buf));
	if (rc == KS_OK)
		before = indicator_text(call, &old);
	if (rc < 0 ||
	    (rc = kstore_indicator_put(call->store, ki, change)) != KS_OK)
		return kstore_failed(call, rc);
	if (*change == KS_UNCHANGED)
		return 0;
	return khistory_put(call, &(struct khistory) { .what = "indicator",
	                              .unit                  = "",
	                              .indicator             = ki->code,
	                              .year                  = 0,
	                              .field                 = "indicator",
	                              .old_value             = before,
	                              .new_value = indicator_text(call, ki) });
}

static int
apply_indicator(
    struct kcall *call, const void *item, uint32_t i, enum kchange *change)
{
	const Kinerja__Indicator *ind = item;
	struct kindicator         ki;
	struct kindicator_meta    meta;
	int                       rc;

	if (kcall_may_write_admin_item(call, i, "indicators") != 0 ||
	    kcheck_code(call, i, "code", ind->code) != 0 ||
	    kcheck_text(call, i, "name", ind->name, 1) != 0 ||
	    kcheck_text(call, i, "satuan", ind->satuan, 1) != 0)
		return 1;
	if (ind->polarity < 0 ||
	    ind->polarity > KINERJA__POLARITY__POLARITY_MINIMIZE) {
		kcall_item_error(call, i, "polarity",
		    KINERJA__CODE__INVALID_ARGUMENT,
		    "polarity: %d is not a Polarity", ind->polarity);
		return 1;
	}
	if (ind->value_type < 0 ||
	    ind->value_type > KINERJA__VALUE_TYPE__VALUE_TYPE_AKIP) {
		kcall_item_error(call, i, "value_type",
		    KINERJA__CODE__INVALID_ARGUMENT,
		    "value_type: %d is not a ValueType", ind->value_type);
		return 1;
	}
	ki = (struct kindicator) { ind->code, ind->name, ind->satuan,
		ind->polarity ? (int) ind->polarity
		              : KINERJA__POLARITY__POLARITY_MAXIMIZE,
		ind->value_type ? (int) ind->value_type
		                : KINERJA__VALUE_TYPE__VALUE_TYPE_NUMBER };
	if (ind->quarterly < 0 ||
	    ind->quarterly > KINERJA__QUARTERLY_RULE__QUARTERLY_RULE_YEARLY) {
		kcall_item_error(call, i, "quarterly",
		    KINERJA__CODE__INVALID_ARGUMENT,
		    "quarterly: %d is not a QuarterlyRule", ind->quarterly);
		return 1;
	}
	ki.quarterly = ind->quarterly;
	if (read_range(call, ind, i, &ki) != 0 ||
	    kmeta_read(call, ind, i, &meta) != 0)
		return 1;
	if ((rc = check_type_change(call, &ki, i)) != 0 ||
	    (rc = check_yearly_change(call, &ki, i)) != 0 ||
	    (rc = check_range_change(call, &ki, i)) != 0)
		return rc;
	if (put_indicator(call, &ki, change) != 0)
		return -1;
	return kmeta_put(call, ki.code, &meta, change);
}

struct kbatch
kindicators_of(Kinerja__Indicator **items, size_t n)
{
	return (struct kbatch) { "indicators", (void *const *) items, n,
		apply_indicator, NULL };
}

RPC(upsert_indicators, UpsertIndicatorsRequest, WriteReply)
{
	struct kbatch b = kindicators_of(in->indicators, in->n_indicators);
	struct kwrite w = { &b, 1, in->validate_only, 0 };

	(void) svc;
	kwrite_batch(arg, &w, done);
}

static int
indicator_row(void *arg, const struct kindicator *ind)
{
	struct klist     *c = arg;
	Kinerja__Indicator *m = kcall_alloc(c->call, sizeof(*m));

	kinerja__indicator__init(m);
	m->code       = kcall_strdup(c->call, ind->code);
	m->name       = kcall_strdup(c->call, ind->name);
	m->satuan     = kcall_strdup(c->call, ind->satuan);
	m->polarity   = ind->polarity;
	m->value_type = ind->value_type;
	m->quarterly  = ind->quarterly;
	kfill_range(ind, m);
	klist_push(c, m);
	return kmeta_fill(c->call, m);
}

static int
list_indicators(struct kcall *call, const void *in, void *reply)
{
	Kinerja__ListIndicatorsReply *r = reply;
	struct klist                c = { call, NULL, 0, 0 };
	int                           rc;

	(void) in;
	rc = kstore_indicator_list(call->store, indicator_row, &c);
	if (rc != KS_OK)
		kstore_failed(call, rc);
	r->indicators   = (Kinerja__Indicator **) c.items;
	r->n_indicators = c.n;
	return rc == KS_OK ? 0 : -1;
}

RPC(list_indicators, ListIndicatorsRequest, ListIndicatorsReply)
{
	Kinerja__ListIndicatorsReply r = KINERJA__LIST_INDICATORS_REPLY__INIT;

	(void) svc;
	kread(arg, list_indicators, in, &r);
	done(&r, arg);
}

/* The link is the item; what can change is the sasaran's tujuan (a row
 * named by the sasaran) and the link's penanggung jawab. NULL: none. */
static int
link_history(struct kcall *call, const Kinerja__SasaranLink *l,
    const char *tujuan, const char *pj)
{
	struct khistory h = { .what = "sasaran",
		.unit               = l->unit,
		.indicator          = l->indicator,
		.field              = l->sasaran,
		.old_value          = tujuan,
		.new_value          = l->tujuan };

	if (pj == NULL || tujuan == NULL || strcmp(tujuan, l->tujuan) != 0)
		if (khistory_put(call, &h) != 0)
			return -1;
	if (strcmp(pj ? pj : "", l->penanggung_jawab) == 0)
		return 0;
	h.field     = "penanggung_jawab";
	h.old_value = pj && *pj ? pj : NULL;
	h.new_value = *l->penanggung_jawab ? l->penanggung_jawab : NULL;
	return khistory_put(call, &h);
}

static int
apply_sasaran(
    struct kcall *call, const void *item, uint32_t i, enum kchange *change)
{
	const Kinerja__SasaranLink *l = item;
	struct ksasaran             ks;
	char before[KSTORE_BUF], pj[KSTORE_BUF] = "";
	int  rc, had, linked;

	if (kcheck_code(call, i, "unit", l->unit) != 0 ||
	    kcheck_text(call, i, "sasaran", l->sasaran, 1) != 0 ||
	    kcheck_code(call, i, "indicator", l->indicator) != 0 ||
	    kcheck_text(call, i, "tujuan", l->tujuan, 0) != 0 ||
	    kcheck_text(call, i, "penanggung_jawab", l->penanggung_jawab, 0))
		return 1;
	if (kfind_unit(call, i, l->unit) != 0 ||
	    kfind_indicator(call, i, l->indicator, NULL) != 0)
		return 1;
	ks = (struct ksasaran) { l->unit, l->sasaran, l->indicator, l->tujuan,
		l->penanggung_jawab };
	rc = kstore_sasaran_tujuan(
	    call->store, l->unit, l->sasaran, before, sizeof(before));
	had = rc == KS_OK;
	if (rc >= 0)
		rc = kstore_link_pj_get(call->store, &ks, pj, sizeof(pj));
	linked = rc == KS_OK;
	if (rc < 0 ||
	    (rc = kstore_sasaran_put(call->store, &ks, change)) != KS_OK)
		return kstore_failed(call, rc);
	if (*change == KS_UNCHANGED)
		return 0;
	return link_history(call, l, had ? before : NULL, linked ? pj : NULL);
}

struct kbatch
klinks_of(Kinerja__SasaranLink **items, size_t n)
{
	return (struct kbatch) { "links", (void *const *) items, n,
		apply_sasaran, NULL };
}

RPC(upsert_sasaran, UpsertSasaranRequest, WriteReply)
{
	struct kbatch b = klinks_of(in->links, in->n_links);
	struct kwrite w = { &b, 1, in->validate_only, 0 };

	(void) svc;
	kwrite_batch(arg, &w, done);
}
