/*
 * h_budget.c - SubmitBudget, GetBudget and GetEfficiency: serapan anggaran
 * at every level of the program tree and per spending class, the parent
 * amounts that disagree with their parts, and efisiensi per sasaran
 * (docs/domain.md, "Serapan anggaran", "Tingkat efisiensi"). Money is sen
 * from end to end.
 */
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "grow.h"
#include "handlers.h"

#define TOTAL_CODE KC_BUDGET_TOTAL

/* ------------------------------------------------------------- submit */

/* The unit-years a part touches, found before its items are applied,
 * with the sums of their amounts: every total GetBudget computes is a
 * sum of some of these lines, so if these fit in int64 all of them do. */
struct unit_year {
	const char *unit;
	int32_t     year;
	int64_t     pagu, realisasi; /* sen; negatives are refused later */
	int         overflow;
};

typedef struct unit_year (*unit_year_of)(const void *item);

static int64_t
amount(int has, int64_t sen)
{
	return has && sen > 0 ? sen : 0;
}

static struct unit_year
line_unit_year(const void *item)
{
	const Kinerja__BudgetLine *l = item;

	return (struct unit_year) { l->unit, l->year,
		amount(l->opt_pagu_case != 0, l->pagu_sen),
		amount(l->opt_realisasi_case != 0, l->realisasi_sen), 0 };
}

static struct unit_year
belanja_unit_year(const void *item)
{
	const Kinerja__BelanjaLine *l = item;

	return (struct unit_year) { l->unit, l->year,
		amount(l->opt_pagu_case != 0, l->pagu_sen),
		amount(l->opt_realisasi_case != 0, l->realisasi_sen), 0 };
}

static void
add_sums(struct unit_year *to, const struct unit_year *k)
{
	/* Both sums are taken even when the first overflows. */
	if (__builtin_add_overflow(to->pagu, k->pagu, &to->pagu))
		to->overflow = 1;
	if (__builtin_add_overflow(
	        to->realisasi, k->realisasi, &to->realisasi))
		to->overflow = 1;
}

/* Distinct unit-years of a part, in first-seen order. */
static struct unit_year *
unit_years(
    struct kcall *call, const struct kbatch *b, unit_year_of of, size_t *n)
{
	struct unit_year *uy = kcall_alloc(call, (b->n + 1) * sizeof(*uy));
	size_t            i, j;

	for (*n = 0, i = 0; i < b->n; i++) {
		struct unit_year k = of(b->items[i]);

		for (j = *n; j > 0; j--)
			if (uy[j - 1].year == k.year &&
			    strcmp(uy[j - 1].unit, k.unit) == 0)
				break;
		if (j == 0)
			uy[(*n)++] = k;
		else
			add_sums(&uy[j - 1], &k);
	}
	return uy;
}

struct removal {
	struct kcall      *call;
	enum kbudget_table t;
	const char        *unit;
	int                year;
};

static const char *amounts_text(
    struct kcall *call, const struct kbudget_line *l);

/* A line the resubmission left out goes into the history as removed. */
static int
record_removal(void *arg, const struct kbudget_line *l)
{
	struct removal *r = arg;

	return khistory_put(
	    r->call, &(struct khistory) {
	                 .what      = r->t == KB_LINES ? "budget" : "belanja",
	                 .unit      = r->unit,
	                 .indicator = "",
	                 .year      = r->year,
	                 .field     = l->code,
	                 .old_value = amounts_text(r->call, l),
	                 .new_value = NULL });
}

static int
sweep(struct kcall *call, enum kbudget_table t, const char *unit, int year)
{
	struct removal r = { call, t, unit, year };
	int            rc;

	rc = kstore_budget_stale(
	    call->store, t, unit, year, record_removal, &r);
	if (rc < 0 || call->code != KINERJA__CODE__OK)
		return rc < 0 ? rc : KS_ERROR;
	return kstore_budget_sweep(call->store, t, unit, year);
}

/* Marks (or sweeps) every unit-year of the part; unknown units are left
 * to the items' own checks. */
static void
each_unit_year(struct kcall *call, const struct kbatch *b, unit_year_of of,
    enum kbudget_table t, int do_sweep)
{
	struct unit_year *uy;
	size_t            i, n;
	int               rc;

	uy = unit_years(call, b, of, &n);
	for (i = 0; i < n; i++) {
		if (uy[i].overflow) {
			kcall_error(call, KINERJA__CODE__INVALID_ARGUMENT,
			    "%s: the amounts of %s %d sum past the largest "
			    "kinerja holds",
			    b->what, kcall_quote(call, uy[i].unit),
			    uy[i].year);
			return;
		}
		rc = do_sweep ? sweep(call, t, uy[i].unit, uy[i].year)
		              : kstore_budget_mark(
		                    call->store, t, uy[i].unit, uy[i].year);
		if (rc < 0) {
			kstore_failed(call, rc);
			return;
		}
	}
}

static void
lines_begin(struct kcall *call, const struct kbatch *b, unsigned char *skip)
{
	(void) skip;
	each_unit_year(call, b, line_unit_year, KB_LINES, 0);
}

static void
lines_end(struct kcall *call, const struct kbatch *b)
{
	each_unit_year(call, b, line_unit_year, KB_LINES, 1);
}

static void
belanja_begin(struct kcall *call, const struct kbatch *b, unsigned char *skip)
{
	(void) skip;
	each_unit_year(call, b, belanja_unit_year, KB_BELANJA, 0);
}

static void
belanja_end(struct kcall *call, const struct kbatch *b)
{
	each_unit_year(call, b, belanja_unit_year, KB_BELANJA, 1);
}

static int
invalid(struct kcall *call, uint32_t i, const char *field, const char *msg)
{
	kcall_item_error(call, i, field, KINERJA__CODE__INVALID_ARGUMENT,
	    "%s: %s", field, msg);
	return 1;
}

static int
check_amount(
    struct kcall *call, uint32_t i, const char *field, int has, int64_t sen)
{
	if (has && (sen < 0 || sen > INT64_C(100000000000000000)))
		return invalid(call, i, field, "outside 0 to 1e15 rupiah");
	return 0;
}

static int
check_output(struct kcall *call, const Kinerja__BudgetLine *l, uint32_t i,
    struct kbudget_line *kl)
{
	kl->has_output_target    = l->opt_output_target_case != 0;
	kl->has_output_realisasi = l->opt_output_realisasi_case != 0;
	if ((kl->has_output_target &&
	        kc_double_to_e4(l->output_target, &kl->output_target_e4)) ||
	    (kl->has_output_realisasi && kc_double_to_e4(l->output_realisasi,
	                                     &kl->output_realisasi_e4)))
		return invalid(call, i, "output", "not a finite number");
	if (kcheck_text(call, i, "output", l->output, 0) != 0 ||
	    kcheck_text(call, i, "satuan", l->satuan, 0) != 0)
		return 1;
	return 0;
}

/* Checks the shape of a line: codes, texts, amounts, where TOTAL sits. */
static int
check_line(struct kcall *call, const Kinerja__BudgetLine *l, uint32_t i,
    struct kbudget_line *kl)
{
	int total = strcmp(l->code, TOTAL_CODE) == 0;

	if (kcheck_code(call, i, "unit", l->unit) != 0 ||
	    kcheck_item_year(call, i, l->year) != 0 ||
	    kcheck_code(call, i, "code", l->code) != 0 ||
	    kcheck_text(call, i, "name", l->name, 1) != 0 ||
	    kcheck_text(call, i, "sasaran", l->sasaran, 0) != 0 ||
	    (*l->parent && kcheck_code(call, i, "parent", l->parent) != 0))
		return 1;
	if ((total && *l->parent) || strcmp(l->parent, TOTAL_CODE) == 0)
		return invalid(call, i, "parent",
		    "TOTAL is the unit total: it has no parent and is "
		    "nobody's");
	*kl = (struct kbudget_line) { l->code, l->name, l->parent, l->sasaran,
		l->output, l->satuan, l->opt_pagu_case != 0,
		l->opt_realisasi_case != 0, l->pagu_sen, l->realisasi_sen, 0,
		0, 0, 0 };
	if (check_amount(call, i, "pagu", kl->has_pagu, kl->pagu_sen) ||
	    check_amount(
	        call, i, "realisasi", kl->has_realisasi, kl->realisasi_sen))
		return 1;
	return check_output(call, l, i, kl);
}

/* The references of a line: its unit, its parent, its sasaran. */
static int
check_refs(struct kcall *call, enum kbudget_table t, const char *unit,
    int year, const struct kbudget_line *kl, uint32_t i)
{
	int rc;

	if ((rc = kfind_unit(call, i, unit)) != 0)
		return rc;
	if (*kl->parent && (rc = kstore_budget_live(
	                        call->store, t, unit, year, kl->parent))) {
		if (rc < 0)
			return kstore_failed(call, rc);
		kcall_item_error(call, i, "parent", KINERJA__CODE__NOT_FOUND,
		    "parent: %s is not among the lines before this one",
		    kcall_quote(call, kl->parent));
		return 1;
	}
	if (*kl->sasaran &&
	    (rc = kstore_sasaran_exists(call->store, unit, kl->sasaran))) {
		if (rc < 0)
			return kstore_failed(call, rc);
		kcall_item_error(call, i, "sasaran", KINERJA__CODE__NOT_FOUND,
		    "sasaran: %s is not a sasaran of %s",
		    kcall_quote(call, kl->sasaran), kcall_quote(call, unit));
		return 1;
	}
	return 0;
}

/* Appends "; label value" when the value is there. */
static void
add_text(char *buf, size_t len, const char *label, const char *v)
{
	size_t n = strlen(buf);

	if (*v && n < len)
		snprintf(buf + n, len - n, "; %s %s", label, v);
}

static void
add_e4(char *buf, size_t len, const char *label, int has, int64_t e4)
{
	char v[40];

	if (!has)
		return;
	kc_format_decimal(e4, 4, v, sizeof(v));
	add_text(buf, len, label, v);
}

/* A line as the history shows it: the amounts, then whatever else it
 * has, so that any change a resend compares is visible. */
static const char *
amounts_text(struct kcall *call, const struct kbudget_line *l)
{
	char pagu[40] = "-", real[40] = "-", text[2048];

	if (l->has_pagu)
		kc_format_rupiah(l->pagu_sen, pagu, sizeof(pagu));
	if (l->has_realisasi)
		kc_format_rupiah(l->realisasi_sen, real, sizeof(real));
	snprintf(text, sizeof(text), "pagu %s; realisasi %s", pagu, real);
	if (l->name != NULL && strcmp(l->name, l->code) != 0)
		add_text(text, sizeof(text), "name", l->name);
	add_text(text, sizeof(text), "parent", l->parent ? l->parent : "");
	add_text(text, sizeof(text), "sasaran", l->sasaran ? l->sasaran : "");
	add_text(text, sizeof(text), "output", l->output ? l->output : "");
	add_text(text, sizeof(text), "satuan", l->satuan ? l->satuan : "");
	add_e4(text, sizeof(text), "output target", l->has_output_target,
	    l->output_target_e4);
	add_e4(text, sizeof(text), "output realisasi", l->has_output_realisasi,
	    l->output_realisasi_e4);
	return kcall_strdup(call, text);
}

static int
put_line(struct kcall *call, enum kbudget_table t, const char *unit, int year,
    const struct kbudget_line *kl, uint32_t i, enum kchange *ch)
{
	struct kbudget_line old;
	char                buf[4 * KSTORE_BUF];
	int                 rc;

	if ((rc = check_refs(call, t, unit, year, kl, i)) != 0)
		return rc;
	if (call->dry_item) {
		*ch = KS_UNCHANGED;
		return 0;
	}
	rc = kstore_budget_put(call->store, t, unit, year, (int) i, kl, ch,
	    &old, buf, sizeof(buf));
	if (rc == KS_CONFLICT) {
		kcall_item_error(call, i, "code",
		    KINERJA__CODE__INVALID_ARGUMENT,
		    "code: %s appears twice in %s %d",
		    kcall_quote(call, kl->code), kcall_quote(call, unit),
		    year);
		return 1;
	}
	if (rc != KS_OK)
		return kstore_failed(call, rc);
	if (*ch == KS_UNCHANGED)
		return 0;
	return khistory_put(call,
	    &(struct khistory) { .what = t == KB_LINES ? "budget" : "belanja",
	        .unit                  = unit,
	        .indicator             = "",
	        .year                  = year,
	        .field                 = kl->code,
	        .old_value =
	            *ch == KS_UPDATED ? amounts_text(call, &old) : NULL,
	        .new_value = amounts_text(call, kl) });
}

static int
apply_line(
    struct kcall *call, const void *item, uint32_t i, enum kchange *change)
{
	const Kinerja__BudgetLine *l = item;
	struct kbudget_line        kl;

	if (check_line(call, l, i, &kl) != 0)
		return 1;
	return put_line(call, KB_LINES, l->unit, l->year, &kl, i, change);
}

static int
apply_belanja(
    struct kcall *call, const void *item, uint32_t i, enum kchange *change)
{
	const Kinerja__BelanjaLine *l = item;
	struct kbudget_line         kl;

	if (kcheck_code(call, i, "unit", l->unit) != 0 ||
	    kcheck_item_year(call, i, l->year) != 0 ||
	    kcheck_text(call, i, "name", l->name, 1) != 0 ||
	    kcheck_text(call, i, "parent", l->parent, 0) != 0)
		return 1;
	kl = (struct kbudget_line) { l->name, l->name, l->parent, "", "", "",
		l->opt_pagu_case != 0, l->opt_realisasi_case != 0, l->pagu_sen,
		l->realisasi_sen, 0, 0, 0, 0 };
	if (check_amount(call, i, "pagu", kl.has_pagu, kl.pagu_sen) ||
	    check_amount(
	        call, i, "realisasi", kl.has_realisasi, kl.realisasi_sen))
		return 1;
	return put_line(call, KB_BELANJA, l->unit, l->year, &kl, i, change);
}

KLOCATE(line_locate, BudgetLine)
KLOCATE(belanja_locate, BelanjaLine)

struct kbatch
kbudget_of(Kinerja__BudgetLine **items, size_t n)
{
	return (struct kbatch) { "budget", (void *const *) items, n,
		apply_line, lines_begin, lines_end, line_locate };
}

struct kbatch
kbelanja_of(Kinerja__BelanjaLine **items, size_t n)
{
	return (struct kbatch) { "belanja", (void *const *) items, n,
		apply_belanja, belanja_begin, belanja_end, belanja_locate };
}

RPC(submit_budget, SubmitBudgetRequest, WriteReply)
{
	struct kbatch parts[] = { kbudget_of(in->lines, in->n_lines),
		kbelanja_of(in->belanja, in->n_belanja) };
	struct kwrite w       = { parts, 2, in->validate_only, 0 };

	(void) svc;
	kwrite_batch(arg, &w, done);
}

/* --------------------------------------------------------------- tree */

/* The lines of a unit-year as stored, and the core's tree over them:
 * node[i] is line[i]. */
struct tree {
	struct kcall         *call;
	struct kbudget_line  *line;
	struct kc_budget_tree core;
	size_t                cap;
};

static int
keep_line(void *arg, const struct kbudget_line *l)
{
	struct tree         *t = arg;
	struct kcall        *c = t->call;
	struct kbudget_line *n;
	size_t               i = t->core.n;

	if (i == t->cap) {
		t->cap = kc_grow_cap(t->cap, 32);
		KC_GROW_TO(t->line, i, t->cap, kcall_alloc, c);
		KC_GROW_TO(t->core.node, i, t->cap, kcall_alloc, c);
	}
	n               = &t->line[i];
	*n              = *l;
	n->code         = kcall_strdup(c, l->code);
	n->name         = kcall_strdup(c, l->name);
	n->parent       = kcall_strdup(c, l->parent);
	n->sasaran      = kcall_strdup(c, l->sasaran);
	n->output       = kcall_strdup(c, l->output);
	n->satuan       = kcall_strdup(c, l->satuan);
	t->core.node[i] = (struct kc_budget_node) { .code = n->code,
		.parent                                   = n->parent,
		.sasaran                                  = n->sasaran,
		.stated_has = { n->has_pagu, n->has_realisasi },
		.stated     = { n->pagu_sen, n->realisasi_sen } };
	t->core.n++;
	return 0;
}

static void
settle(struct tree *t)
{
	if (kc_budget_settle(&t->core, &t->call->arena) != 0)
		abort(); /* as kcall_alloc: nothing to answer without memory */
}

static int
load_tree(struct kcall *call, enum kbudget_table tab, const char *unit,
    int year, struct tree *t)
{
	int rc;

	memset(t, 0, sizeof(*t));
	t->call = call;
	rc = kstore_budget_list(call->store, tab, unit, year, keep_line, t);
	if (rc != KS_OK)
		return kstore_failed(call, rc);
	settle(t);
	return 0;
}

/* ------------------------------------------------------------ reading */

Kinerja__Absorption *
kabsorption(
    struct kcall *call, int has_p, int64_t pagu, int has_r, int64_t realisasi)
{
	Kinerja__Absorption *a = kcall_alloc(call, sizeof(*a));
	kc_pct               pct;

	kinerja__absorption__init(a);
	if (has_p) {
		a->opt_pagu_case = KINERJA__ABSORPTION__OPT_PAGU_PAGU_SEN;
		a->pagu_sen      = pagu;
	}
	if (has_r) {
		a->opt_realisasi_case =
		    KINERJA__ABSORPTION__OPT_REALISASI_REALISASI_SEN;
		a->realisasi_sen = realisasi;
	}
	if (kc_serapan(has_p, pagu, has_r, realisasi, &pct) == KC_AVAILABLE) {
		a->opt_serapan_case = KINERJA__ABSORPTION__OPT_SERAPAN_SERAPAN;
		a->serapan          = ke2_double(kc_round2(pct));
	}
	return a;
}

static Kinerja__Absorption *
node_absorption(struct kcall *call, const struct kc_budget_node *n)
{
	return kabsorption(
	    call, n->has[0], n->amount[0], n->has[1], n->amount[1]);
}

static Kinerja__BudgetNode *
budget_node(struct kcall *call, const struct tree *t, size_t i)
{
	const struct kbudget_line   *l = &t->line[i];
	const struct kc_budget_node *n = &t->core.node[i];
	Kinerja__BudgetNode         *b = kcall_alloc(call, sizeof(*b));
	kc_pct                       pct;

	kinerja__budget_node__init(b);
	b->code    = (char *) l->code;
	b->name    = (char *) l->name;
	b->parent  = (char *) l->parent;
	b->depth   = n->depth;
	b->amount  = node_absorption(call, n);
	b->sasaran = (char *) l->sasaran;
	b->output  = (char *) l->output;
	b->satuan  = (char *) l->satuan;
	if (l->has_output_target) {
		b->opt_output_target_case =
		    KINERJA__BUDGET_NODE__OPT_OUTPUT_TARGET_OUTPUT_TARGET;
		b->output_target = ke4_double(l->output_target_e4);
	}
	if (l->has_output_realisasi) {
		b->opt_output_realisasi_case =
		    KINERJA__BUDGET_NODE__OPT_OUTPUT_REALISASI_OUTPUT_REALISASI;
		b->output_realisasi = ke4_double(l->output_realisasi_e4);
	}
	if (l->has_output_target && l->has_output_realisasi &&
	    kc_capaian(KC_MAXIMIZE, l->output_target_e4,
	        l->output_realisasi_e4, &pct) == KC_AVAILABLE) {
		b->opt_output_capaian_case =
		    KINERJA__BUDGET_NODE__OPT_OUTPUT_CAPAIAN_OUTPUT_CAPAIAN;
		b->output_capaian = ke2_double(kc_round2(pct));
	}
	return b;
}

/* The top lines: weighted total, and the unweighted mean of their
 * serapan (a figure some reports quote instead; labelled as such). */
static void
programs(struct kcall *call, const struct tree *t, Kinerja__GetBudgetReply *r)
{
	kc_pct *pct = kcall_alloc(call, (t->core.n + 1) * sizeof(*pct)), mean;
	struct kc_budget_sum top;

	kc_budget_top(&t->core, NULL, &top);
	r->total = kabsorption(
	    call, top.complete, top.amount[0], top.complete, top.amount[1]);
	if (kc_budget_program_mean(&t->core, pct, &mean) == KC_AVAILABLE) {
		r->opt_program_mean_case =
		    KINERJA__GET_BUDGET_REPLY__OPT_PROGRAM_MEAN_PROGRAM_MEAN;
		r->program_mean = ke2_double(kc_round2(mean));
	}
}

static void
fill_belanja(
    struct kcall *call, const struct tree *t, Kinerja__GetBudgetReply *r)
{
	int64_t pagu = 0, real = 0;
	int     complete = 1;
	size_t  i;

	r->belanja = kcall_alloc(call, (t->core.n + 1) * sizeof(*r->belanja));
	r->n_belanja = t->core.n;
	for (i = 0; i < t->core.n; i++) {
		const struct kc_budget_node *n = &t->core.node[i];
		Kinerja__BelanjaNode        *b = kcall_alloc(call, sizeof(*b));

		kinerja__belanja_node__init(b);
		b->name       = (char *) t->line[i].name;
		b->parent     = (char *) t->line[i].parent;
		b->depth      = n->depth;
		b->amount     = node_absorption(call, n);
		r->belanja[i] = b;
		/* Every top class counts here, one named TOTAL too (unlike
		 * kc_budget_top), as GetBudget has always summed them. */
		if (n->up < 0) {
			complete &= n->has[0] && n->has[1];
			pagu += n->amount[0];
			real += n->amount[1];
		}
	}
	if (t->core.n > 0)
		r->belanja_total =
		    kabsorption(call, complete, pagu, complete, real);
}

/* A finding of the core as the reply gives it. */
static Kinerja__BudgetFinding *
finding_msg(struct kcall *call, const struct kc_budget_finding *k)
{
	static const char *const field[2] = { "pagu", "realisasi" };
	Kinerja__BudgetFinding  *f        = kcall_alloc(call, sizeof(*f));
	char                     text[KNAME_MAX + 256];

	kinerja__budget_finding__init(f);
	kc_budget_finding_text(k->line, field[k->field], k->stated, k->sum,
	    text, sizeof(text));
	f->line           = (char *) k->line;
	f->field          = (char *) field[k->field];
	f->stated_sen     = k->stated;
	f->sum_sen        = k->sum;
	f->difference_sen = k->stated - k->sum;
	f->message        = kcall_strdup(call, text);
	return f;
}

static void
join_findings(struct kcall *call, const struct tree *a, const struct tree *b,
    Kinerja__GetBudgetReply *r)
{
	size_t i;

	r->findings =
	    kcall_alloc(call, (a->core.nfindings + b->core.nfindings + 1) *
	                          sizeof(*r->findings));
	for (i = 0; i < a->core.nfindings; i++)
		r->findings[r->n_findings++] =
		    finding_msg(call, &a->core.finding[i]);
	for (i = 0; i < b->core.nfindings; i++)
		r->findings[r->n_findings++] =
		    finding_msg(call, &b->core.finding[i]);
}

static int
budget(struct kcall *call, const void *in_arg, void *reply)
{
	const Kinerja__GetBudgetRequest *in = in_arg;
	Kinerja__GetBudgetReply         *r  = reply;
	struct tree                      lines, belanja;
	size_t                           i, n = 0;

	if (kload_unit(call, in->unit, &r->unit) != 0 ||
	    load_tree(call, KB_LINES, in->unit, in->year, &lines) != 0 ||
	    load_tree(call, KB_BELANJA, in->unit, in->year, &belanja) != 0)
		return -1;
	r->lines = kcall_alloc(call, (lines.core.n + 1) * sizeof(*r->lines));
	for (i = 0; i < lines.core.n; i++)
		if ((long) i != lines.core.total)
			r->lines[n++] = budget_node(call, &lines, i);
	r->n_lines = n;
	programs(call, &lines, r);
	if (lines.core.total >= 0) {
		const struct kbudget_line *t = &lines.line[lines.core.total];

		r->stated_total = kabsorption(call, t->has_pagu, t->pagu_sen,
		    t->has_realisasi, t->realisasi_sen);
	}
	fill_belanja(call, &belanja, r);
	join_findings(call, &lines, &belanja, r);
	return 0;
}

RPC(get_budget, GetBudgetRequest, GetBudgetReply)
{
	Kinerja__GetBudgetReply r = KINERJA__GET_BUDGET_REPLY__INIT;

	(void) svc;
	if (kcheck_unit_year(arg, in->unit, in->year) == 0)
		kread(arg, budget, in, &r);
	r.year = in->year;
	done(&r, arg);
}

/* --------------------------------------------------------- efficiency */

static void
efficiency_row(struct kcall *call, const struct tree *t,
    const Kinerja__SasaranCapaian *sc, kc_pct capaian,
    Kinerja__EfficiencyRow *row)
{
	struct kc_budget_sum b;
	kc_pct               ser, diff, ratio;

	/* The programs linked to the sasaran; the whole budget if none. */
	kc_budget_top(&t->core, sc->sasaran, &b);
	row->sasaran = sc->sasaran;
	row->budget  = kabsorption(
	     call, b.complete, b.amount[0], b.complete, b.amount[1]);
	row->whole_budget = b.whole;
	if (sc->opt_capaian_case) {
		row->opt_capaian_case =
		    KINERJA__EFFICIENCY_ROW__OPT_CAPAIAN_CAPAIAN;
		row->capaian = sc->capaian;
	}
	if (!sc->opt_capaian_case ||
	    kc_serapan(b.complete, b.amount[0], b.complete, b.amount[1],
	        &ser) != KC_AVAILABLE) {
		row->na_reason =
		    (char *) (!sc->opt_capaian_case
		                  ? kc_reason(KC_REASON_NO_CAPAIAN_SASARAN)
		                  : kc_reason(KC_REASON_NO_BUDGET_COMPLETE));
		return;
	}
	diff = kc_pct_sub(capaian, ser);
	row->opt_efisiensi_case =
	    KINERJA__EFFICIENCY_ROW__OPT_EFISIENSI_EFISIENSI;
	row->efisiensi = ke2_double(kc_round2(diff));
	if (kc_pct_ratio(ser, capaian, &ratio) == KC_AVAILABLE) {
		row->opt_ratio_case = KINERJA__EFFICIENCY_ROW__OPT_RATIO_RATIO;
		row->ratio          = ke2_double(kc_round2(ratio));
	}
}

static int
efficiency(struct kcall *call, const void *in_arg, void *reply)
{
	const Kinerja__GetEfficiencyRequest *in = in_arg;
	Kinerja__GetEfficiencyReply         *r  = reply;
	Kinerja__GetCapaianReply cap = KINERJA__GET_CAPAIAN_REPLY__INIT;
	struct tree              lines;
	kc_pct                  *exact;
	size_t                   i;

	if (kcapaian_compute(call, in->unit, in->year,
	        (enum kc_rule) in->predikat_rule, &cap, &exact, 0) != 0)
		return -1;
	if (load_tree(call, KB_LINES, in->unit, in->year, &lines) != 0)
		return -1;
	r->unit   = cap.unit;
	r->rows   = kcall_alloc(call, (cap.n_sasaran + 1) * sizeof(*r->rows));
	r->n_rows = cap.n_sasaran;
	for (i = 0; i < cap.n_sasaran; i++) {
		r->rows[i] = kcall_alloc(call, sizeof(*r->rows[i]));
		kinerja__efficiency_row__init(r->rows[i]);
		efficiency_row(
		    call, &lines, cap.sasaran[i], exact[i], r->rows[i]);
	}
	return 0;
}

RPC(get_efficiency, GetEfficiencyRequest, GetEfficiencyReply)
{
	Kinerja__GetEfficiencyReply r = KINERJA__GET_EFFICIENCY_REPLY__INIT;

	(void) svc;
	if (kcheck_unit_year(arg, in->unit, in->year) == 0 &&
	    kcheck_rule(arg, in->predikat_rule) == 0)
		kread(arg, efficiency, in, &r);
	r.year = in->year;
	done(&r, arg);
}

/* A settled program tree's total: see kbudget_top. */
static int
tree_top(const struct tree *lines, struct kc_budget_sum *top, const char **why)
{
	*why = kc_reason(KC_REASON_NO_BUDGET);
	if (lines->core.n == (lines->core.total >= 0 ? 1u : 0u))
		return 0;
	kc_budget_top(&lines->core, NULL, top);
	*why = kc_reason(KC_REASON_NO_SERAPAN);
	return top->complete;
}

int
kbudget_top(struct kcall *call, const char *unit, int year,
    struct kc_budget_sum *top, const char **why)
{
	struct tree lines;

	if (load_tree(call, KB_LINES, unit, year, &lines) != 0)
		return -1;
	return tree_top(&lines, top, why);
}

/* A unit's program tree fed its lines by the caller. */
struct kbudget_tree {
	struct tree t;
};

struct kbudget_tree *
kbudget_tree_new(struct kcall *call)
{
	struct kbudget_tree *bt = kcall_alloc(call, sizeof(*bt));

	memset(&bt->t, 0, sizeof(bt->t));
	bt->t.call = call;
	return bt;
}

void
kbudget_tree_add(struct kbudget_tree *bt, const struct kbudget_line *l)
{
	keep_line(&bt->t, l);
}

int
kbudget_tree_top(
    struct kbudget_tree *bt, struct kc_budget_sum *top, const char **why)
{
	struct kcall *call = bt->t.call;
	int           rc;

	settle(&bt->t);
	rc = tree_top(&bt->t, top, why);
	memset(&bt->t, 0, sizeof(bt->t)); /* the next unit's, empty */
	bt->t.call = call;
	return rc;
}

int
kbudget_serapan(struct kcall *call, const char *unit, int year,
    kc_pct *serapan, const char **why)
{
	struct kc_budget_sum top;
	int                  rc = kbudget_top(call, unit, year, &top, why);

	if (rc <= 0)
		return rc;
	return kc_serapan(1, top.amount[KC_PAGU], 1, top.amount[KC_REALISASI],
	           serapan) == KC_AVAILABLE;
}
