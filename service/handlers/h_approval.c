/*
 * h_approval.c - TransitionYear, GetApproval and GetCompleteness: a
 * unit-year's approval (draft -> diajukan -> diverifikasi -> disetujui, the
 * core's table says who may take which step) and who has reported what
 * for a year. The lock an approval puts on a unit-year's figures is
 * checked for every write in write.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "grow.h"
#include "handlers.h"

#define REGION_DEPTH 16 /* unit levels are few; a loop ends here */

/* ------------------------------------------------------------- state */

static const char *
utc_date(struct kcall *call, int64_t at_ms)
{
	time_t    t = (time_t) (at_ms / 1000);
	struct tm tm;
	char      buf[16];

	if (at_ms <= 0 || gmtime_r(&t, &tm) == NULL)
		return "";
	strftime(buf, sizeof(buf), "%Y-%m-%d", &tm);
	return kcall_strdup(call, buf);
}

int
kapproval_load(
    struct kcall *call, const char *unit, int year, Kinerja__Approval **out)
{
	Kinerja__Approval *a = kcall_alloc(call, sizeof(*a));
	struct kapproval   row;
	char               buf[KSTORE_BUF];
	int                rc;

	kinerja__approval__init(a);
	a->unit = kcall_strdup(call, unit);
	a->year = year;
	rc      = kstore_approval_get(
	         call->store, unit, year, &row, buf, sizeof(buf));
	if (rc < 0)
		return kstore_failed(call, rc);
	if (rc == KS_OK) {
		a->state  = (Kinerja__ApprovalState) row.state;
		a->actor  = kcall_strdup(call, row.actor);
		a->at_ms  = row.at_ms;
		a->reason = kcall_strdup(call, row.reason);
	}
	a->date       = (char *) utc_date(call, a->at_ms);
	a->state_name = (char *) kc_approval_name((enum kc_approval) a->state);
	a->label =
	    kc_approval_locked((enum kc_approval) a->state)
	        ? kcall_printf(call, "disetujui %s oleh %s", a->date, a->actor)
	        : a->state_name;
	*out = a;
	return 0;
}

/* -------------------------------------------------------- transitions */

/* 1 when unit is region or lies under it, 0 when not, < 0 on failure. */
static int
under(struct kcall *call, const char *unit, const char *region)
{
	struct kunit u;
	char         buf[KSTORE_BUF], code[KSTORE_BUF];
	int          depth, rc;

	snprintf(code, sizeof(code), "%s", unit);
	for (depth = 0; depth < REGION_DEPTH && *code; depth++) {
		if (strcmp(code, region) == 0)
			return 1;
		rc = kstore_unit_get(call->store, code, &u, buf, sizeof(buf));
		if (rc != KS_OK)
			return rc == KS_NOTFOUND ? 0 : rc;
		snprintf(code, sizeof(code), "%s", u.parent);
	}
	return 0;
}

static int
deny(struct kcall *call, uint32_t i, const char *field, const char *why)
{
	call->denied = 1;
	kcall_item_error(call, i, field, KINERJA__CODE__PERMISSION_DENIED,
	    "%s: token %s (%s) %s", field, kcall_quote(call, call->who.name),
	    krole_name(call->who.role), why);
	return 1;
}

/* Who the caller is to this unit, for the core's table: 0, 1 after a
 * PERMISSION_DENIED naming the unit, -1 on a store failure. */
static int
actor_for(
    struct kcall *call, uint32_t i, const char *unit, enum kc_actor *actor)
{
	size_t r;
	int    rc;

	switch (call->who.role) {
	case KROLE_ADMIN:
		*actor = KC_ACTOR_ADMIN;
		return 0;
	case KROLE_SUBMITTER:
		*actor = KC_ACTOR_SUBMITTER;
		if (kcall_unit_allowed(call, unit))
			return 0;
		return deny(call, i, "unit",
		    kcall_printf(call, "may not act on unit %s",
		        kcall_quote(call, unit)));
	case KROLE_VERIFIER:
		*actor = KC_ACTOR_VERIFIER;
		for (r = 0; r < call->who.nunits; r++) {
			rc = under(call, unit, call->who.units[r]);
			if (rc != 0)
				return rc < 0 ? kstore_failed(call, rc) : 0;
		}
		return deny(call, i, "unit",
		    kcall_printf(call, "verifies %s; unit %s is not under it",
		        call->who.nunits ? call->who.units[0] : "no region",
		        kcall_quote(call, unit)));
	default:
		return deny(call, i, "unit", "may not move a year");
	}
}

static int
invalid(struct kcall *call, uint32_t i, const char *field, const char *msg)
{
	kcall_item_error(
	    call, i, field, KINERJA__CODE__INVALID_ARGUMENT, "%s", msg);
	return 1;
}

static int
check_transition(
    struct kcall *call, const Kinerja__TransitionYearRequest *in, uint32_t i)
{
	if (kcheck_code(call, i, "unit", in->unit) != 0 ||
	    kcheck_item_year(call, i, in->year) != 0 ||
	    kcheck_text(call, i, "reason", in->reason, 0) != 0)
		return 1;
	if (in->action < KINERJA__APPROVAL_ACTION__APPROVAL_ACTION_SUBMIT ||
	    in->action > KINERJA__APPROVAL_ACTION__APPROVAL_ACTION_REOPEN)
		return invalid(call, i, "action",
		    kcall_printf(call,
		        "action: %d is not one of ajukan (1), verifikasi (2), "
		        "setujui (3), kembalikan (4), buka (5)",
		        (int) in->action));
	return 0;
}

/* The actions allowed from a state, for a message: "verifikasi,
 * kembalikan", or "none". */
static const char *
allowed_from(struct kcall *call, enum kc_approval s)
{
	enum kc_action a[KC_ACTION_COUNT];
	size_t         n        = kc_actions_from(s, a, KC_ACTION_COUNT), k;
	char           buf[128] = "";

	for (k = 0; k < n; k++)
		snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), "%s%s",
		    k ? ", " : "", kc_action_name(a[k]));
	return kcall_strdup(call, n ? buf : "none");
}

/* What the core's table said, as an item error; 1. */
static int
refuse(struct kcall *call, uint32_t i, enum kc_step step,
    const Kinerja__TransitionYearRequest *in, enum kc_approval from,
    enum kc_action action)
{
	const char *unit = kcall_quote(call, in->unit);

	switch (step) {
	case KC_STEP_BAD_STATE:
		kcall_item_error(call, i, "action",
		    KINERJA__CODE__FAILED_PRECONDITION,
		    "action: %s is not allowed: unit %s year %d is %s "
		    "(allowed: %s)",
		    kc_action_name(action), unit, in->year,
		    kc_approval_name(from), allowed_from(call, from));
		return 1;
	case KC_STEP_BAD_ACTOR:
		return deny(call, i, "action",
		    kcall_printf(call, "may not %s unit %s year %d",
		        kc_action_name(action), unit, in->year));
	default:
		return invalid(call, i, "reason",
		    kcall_printf(call, "reason: required to %s",
		        kc_action_name(action)));
	}
}

/* Records the step: the approvals row and a history row with its reason.
 */
static int
record(struct kcall *call, const Kinerja__TransitionYearRequest *in,
    enum kc_approval from, enum kc_approval to)
{
	const char      *saved = call->reason;
	struct kapproval row   = { in->unit, in->year, (int) to,
                call->who.name ? call->who.name : KAUTH_LOCAL, kunix_ms(),
                *in->reason ? in->reason : call->reason };
	int              rc;

	if ((rc = kstore_approval_put(call->store, &row)) != KS_OK)
		return kstore_failed(call, rc);
	call->reason = row.reason; /* the step's own, for the history */
	rc = khistory_put(call, &(struct khistory) { .what = "approval",
	                            .unit                  = in->unit,
	                            .indicator             = "",
	                            .year                  = in->year,
	                            .field                 = "state",
	                            .old_value = kc_approval_name(from),
	                            .new_value = kc_approval_name(to) });
	call->reason = saved;
	return rc;
}

static int
apply_transition(
    struct kcall *call, const void *item, uint32_t i, enum kchange *change)
{
	const Kinerja__TransitionYearRequest *in = item;
	const struct kc_transition           *t  = NULL;
	enum kc_action     action = (enum kc_action)(in->action - 1);
	enum kc_approval   from;
	enum kc_actor      actor = KC_ACTOR_SUBMITTER;
	enum kc_step       step;
	Kinerja__Approval *a;
	int                rc;

	if (check_transition(call, in, i) != 0)
		return 1;
	if ((rc = kstore_unit_exists(call->store, in->unit)) != KS_OK) {
		if (rc != KS_NOTFOUND)
			return kstore_failed(call, rc);
		kcall_item_error(call, i, "unit", KINERJA__CODE__NOT_FOUND,
		    "unit: %s not found", kcall_quote(call, in->unit));
		return 1;
	}
	if ((rc = actor_for(call, i, in->unit, &actor)) != 0)
		return rc;
	if (kapproval_load(call, in->unit, in->year, &a) != 0)
		return -1;
	from = (enum kc_approval) a->state;
	step = kc_approval_step(
	    from, action, actor, *in->reason != 0 || *call->reason != 0, &t);
	if (step != KC_STEP_OK)
		return refuse(call, i, step, in, from, action);
	*change = a->at_ms ? KS_UPDATED : KS_CREATED;
	if (call->dry_item)
		return 0;
	return record(call, in, from, t->to) == 0 ? 0 : -1;
}

RPC(transition_year, TransitionYearRequest, WriteReply)
{
	void *const  *one = (void *const *) &in;
	struct kbatch b = { "transition", one, 1, apply_transition, NULL, NULL,
		NULL };
	struct kwrite w = { &b, 1, 0, 0 };

	(void) svc;
	kwrite_batch(arg, &w, done);
}

/* ---------------------------------------------------------- approval */

struct steps {
	struct kcall              *call;
	Kinerja__GetApprovalReply *r;
	size_t                     cap;
};

static int
add_step(void *arg, const struct khistory *h)
{
	struct steps *s = arg;

	if (s->r->n_history == s->cap)
		KC_GROW(s->r->history, s->r->n_history, s->cap, 8, kcall_alloc,
		    s->call);
	s->r->history[s->r->n_history++] = krevision_of(s->call, h);
	return KS_OK;
}

static int
approval(struct kcall *call, const void *arg, void *reply)
{
	const Kinerja__GetApprovalRequest *in = arg;
	Kinerja__GetApprovalReply         *r  = reply;
	struct steps                       s  = { call, r, 0 };
	int                                rc;

	if ((rc = kstore_unit_exists(call->store, in->unit)) != KS_OK) {
		if (rc != KS_NOTFOUND)
			return kstore_failed(call, rc);
		kcall_error(call, KINERJA__CODE__NOT_FOUND,
		    "unit: %s not found", kcall_quote(call, in->unit));
		return -1;
	}
	if (kapproval_load(call, in->unit, in->year, &r->approval) != 0)
		return -1;
	rc = kstore_approval_history(
	    call->store, in->unit, in->year, add_step, &s);
	return rc == KS_OK ? 0 : kstore_failed(call, rc);
}

RPC(get_approval, GetApprovalRequest, GetApprovalReply)
{
	Kinerja__GetApprovalReply r = KINERJA__GET_APPROVAL_REPLY__INIT;

	(void) svc;
	if (kcheck_unit_year(arg, in->unit, in->year) == 0)
		kread(arg, approval, in, &r);
	done(&r, arg);
}

/* ------------------------------------------------------- completeness */

/* One unit of a region as it is counted. */
struct counted {
	Kinerja__UnitCompleteness *m;
	struct kc_completeness     c;
	int64_t                    e2; /* percent, rounded once */
};

struct region {
	struct kcall   *call;
	struct counted *u;
	size_t          n, cap;
	int             period;
};

static int
keep_unit(void *arg, const struct kunit *u)
{
	struct region  *g = arg;
	struct counted *c;

	if (g->n == g->cap)
		KC_GROW(g->u, g->n, g->cap, 16, kcall_alloc, g->call);
	c    = &g->u[g->n++];
	c->m = kcall_alloc(g->call, sizeof(*c->m));
	kinerja__unit_completeness__init(c->m);
	c->m->unit = kcall_alloc(g->call, sizeof(*c->m->unit));
	kfill_unit(g->call, u, c->m->unit);
	return KS_OK;
}

static int
add_region(struct kcall *call, const char *code, struct region *g)
{
	struct kunit u;
	char         buf[KSTORE_BUF];
	int rc = kstore_unit_get(call->store, code, &u, buf, sizeof(buf));

	return rc == KS_OK ? keep_unit(g, &u) : rc;
}

struct presence {
	struct kcall   *call;
	struct counted *u;
	size_t          cap;
	int             triwulan; /* 0: the year */
};

static int
keep_presence(void *arg, const struct kpresence *p)
{
	struct presence            *s = arg;
	Kinerja__UnitCompleteness  *m = s->u->m;
	Kinerja__IndicatorPresence *ip;

	if (m->n_indicators == s->cap)
		KC_GROW(m->indicators, m->n_indicators, s->cap, 8, kcall_alloc,
		    s->call);
	ip = kcall_alloc(s->call, sizeof(*ip));
	kinerja__indicator_presence__init(ip);
	ip->indicator = kcall_strdup(s->call, p->indicator);
	/* A triwulan asks for the quarter's figures, but an indicator whose
	 * rule is yearly (an AKIP score) has none: its year's count. */
	if (s->triwulan == 0 ||
	    kc_quarterly_of(p->satuan,
	        p->value_type == KINERJA__VALUE_TYPE__VALUE_TYPE_AKIP,
	        (enum kc_quarterly) p->quarterly) != KC_Q_YEARLY) {
		ip->target    = p->has_target != 0;
		ip->realisasi = p->has_realisasi != 0;
	} else {
		ip->target    = p->year_target != 0;
		ip->realisasi = p->year_realisasi != 0;
	}
	m->indicators[m->n_indicators++] = ip;
	kc_completeness_add(&s->u->c, ip->target, ip->realisasi);
	return KS_OK;
}

/* The counts as the API gives them; *e2 the percentage, rounded once
 * (-1 when nothing is expected). */
static Kinerja__Completeness *
counts_of(struct kcall *call, const struct kc_completeness *c, int64_t *e2)
{
	Kinerja__Completeness *m = kcall_alloc(call, sizeof(*m));
	int64_t                present, expected;
	kc_pct                 p;

	kinerja__completeness__init(m);
	kc_completeness_counts(c, &present, &expected);
	m->units      = (uint32_t) c->units;
	m->indicators = (uint32_t) c->indicators;
	m->targets    = (uint32_t) c->targets;
	m->realisasi  = (uint32_t) c->realisasi;
	m->budget     = (uint32_t) c->budget;
	m->survey     = (uint32_t) c->survey;
	m->akip       = (uint32_t) c->akip;
	m->present    = (uint32_t) present;
	m->expected   = (uint32_t) expected;
	*e2           = -1;
	if (kc_completeness_pct(c, &p) == KC_AVAILABLE) {
		*e2 = kc_round2(p);
		m->opt_percent_case =
		    KINERJA__COMPLETENESS__OPT_PERCENT_PERCENT;
		m->percent = ke2_double(*e2);
	}
	return m;
}

/* Counts one unit: its indicators, budget, survey, AKIP, approval. */
static int
count_unit(struct kcall *call, struct counted *u, int year, int period)
{
	struct presence s = { call, u, 0, period };
	struct kfacts   f;
	const char     *code = u->m->unit->code;
	int             rc;

	rc = kstore_presence(
	    call->store, code, year, period, keep_presence, &s);
	if (rc == KS_OK)
		rc = kstore_unit_year_facts(
		    call->store, code, year, period, &f);
	if (rc != KS_OK)
		return kstore_failed(call, rc);
	u->c.units          = 1;
	u->c.budget         = f.budget;
	u->c.survey         = f.survey;
	u->c.akip           = f.akip;
	u->m->last_write_ms = f.last_write_ms;
	if (kapproval_load(call, code, year, &u->m->approval) != 0)
		return -1;
	u->m->counts = counts_of(call, &u->c, &u->e2);
	u->m->counts->approved =
	    u->m->approval->state ==
	    KINERJA__APPROVAL_STATE__APPROVAL_STATE_APPROVED;
	u->m->counts->not_reporting = u->m->counts->present == 0;
	return 0;
}

/* Who has not reported comes first, then the least complete. */
static int
by_completeness(const void *a, const void *b)
{
	const struct counted *x = a, *y = b;
	int xz = x->m->counts->present == 0, yz = y->m->counts->present == 0;

	if (xz != yz)
		return yz - xz;
	if (x->e2 != y->e2)
		return x->e2 < y->e2 ? -1 : 1;
	return strcmp(x->m->unit->code, y->m->unit->code);
}

static int
completeness(struct kcall *call, const void *arg, void *reply)
{
	const Kinerja__GetCompletenessRequest *in = arg;
	Kinerja__GetCompletenessReply         *r  = reply;
	struct region          g = { call, NULL, 0, 0, (int) in->triwulan };
	struct kc_completeness total = { 0 };
	int64_t                e2;
	size_t                 i;
	uint32_t               approved = 0, silent = 0;
	int                    rc;

	if (kload_unit(call, in->region, &r->region) != 0)
		return -1;
	rc = kstore_leaf_units(call->store, in->region, keep_unit, &g);
	if (rc == KS_OK && g.n == 0) /* a reporting unit asks for itself */
		rc = add_region(call, in->region, &g);
	if (rc != KS_OK)
		return kstore_failed(call, rc);
	r->year     = in->year;
	r->triwulan = in->triwulan;
	for (i = 0; i < g.n; i++) {
		if (count_unit(call, &g.u[i], in->year, g.period) != 0)
			return -1;
		kc_completeness_sum(&total, &g.u[i].c);
		approved += g.u[i].m->counts->approved;
		silent += g.u[i].m->counts->not_reporting;
	}
	if (g.n > 1)
		qsort(g.u, g.n, sizeof(*g.u), by_completeness);
	r->units = kcall_alloc(call, (g.n + 1) * sizeof(*r->units));
	for (i = 0; i < g.n; i++)
		r->units[r->n_units++] = g.u[i].m;
	r->total                = counts_of(call, &total, &e2);
	r->total->approved      = approved;
	r->total->not_reporting = silent;
	return 0;
}

RPC(get_completeness, GetCompletenessRequest, GetCompletenessReply)
{
	struct kcall                 *call = arg;
	Kinerja__GetCompletenessReply r =
	    KINERJA__GET_COMPLETENESS_REPLY__INIT;

	(void) svc;
	if (*in->region == 0)
		kcall_error(
		    call, KINERJA__CODE__INVALID_ARGUMENT, "region: required");
	else if (kcheck_year(call, "year", in->year) != 0)
		;
	else if (in->triwulan < 0 || in->triwulan > KC_TRIWULAN)
		kcall_error(call, KINERJA__CODE__INVALID_ARGUMENT,
		    "triwulan: %d outside 1-4 (0: the year)", in->triwulan);
	else
		kread(call, completeness, in, &r);
	done(&r, arg);
}
