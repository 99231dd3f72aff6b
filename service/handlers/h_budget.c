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

#include "handlers.h"

#define TOTAL_CODE "TOTAL"

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

struct kbatch
kbudget_of(Kinerja__BudgetLine **items, size_t n)
{
	return (struct kbatch) { "budget", (void *const *) items, n,
		apply_line, lines_begin, lines_end };
}

struct kbatch
kbelanja_of(Kinerja__BelanjaLine **items, size_t n)
{
	return (struct kbatch) { "belanja", (void *const *) items, n,
		apply_belanja, belanja_begin, belanja_end };
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

/* A line with the amounts that count: stated, or its parts' sums. */
struct node {
	struct kbudget_line l;
	long                parent; /* index, -1 for a top line */
	unsigned            depth;
	size_t              children;
	int64_t             sum[2]; /* of the children: pagu, realisasi */
	int                 all[2]; /* every child had the amount */
	int                 has[2]; /* the amounts that count */
	int64_t             amount[2];
};

struct tree {
	struct kcall            *call;
	struct node             *node;
	size_t                   n, cap;
	long                     total; /* the TOTAL line, or -1 */
	Kinerja__BudgetFinding **findings;
	size_t                   nfindings, fcap;
};

static int
keep_line(void *arg, const struct kbudget_line *l)
{
	struct tree *t = arg;
	struct node *n;

	if (t->n == t->cap) {
		size_t       cap = t->cap ? t->cap * 2 : 32;
		struct node *nn  = kcall_alloc(t->call, cap * sizeof(*nn));

		if (t->n)
			memcpy(nn, t->node, t->n * sizeof(*nn));
		t->node = nn;
		t->cap  = cap;
	}
	n            = &t->node[t->n++];
	n->l         = *l;
	n->l.code    = kcall_strdup(t->call, l->code);
	n->l.name    = kcall_strdup(t->call, l->name);
	n->l.parent  = kcall_strdup(t->call, l->parent);
	n->l.sasaran = kcall_strdup(t->call, l->sasaran);
	n->l.output  = kcall_strdup(t->call, l->output);
	n->l.satuan  = kcall_strdup(t->call, l->satuan);
	return 0;
}

/* Lines by code, to find parents in log time: a unit-year may have
 * tens of thousands of lines. */
struct by_code {
	const char *code;
	size_t      at;
};

static int
cmp_code(const void *a, const void *b)
{
	return strcmp(((const struct by_code *) a)->code,
	    ((const struct by_code *) b)->code);
}

static struct by_code *
code_index(struct tree *t)
{
	struct by_code *ix = kcall_alloc(t->call, (t->n + 1) * sizeof(*ix));
	size_t          i;

	for (i = 0; i < t->n; i++)
		ix[i] = (struct by_code) { t->node[i].l.code, i };
	qsort(ix, t->n, sizeof(*ix), cmp_code);
	return ix;
}

/* The line with this code, if it comes before `before` (parents come
 * before their children); -1 otherwise. */
static long
find_code(const struct tree *t, const struct by_code *ix, size_t before,
    const char *code)
{
	struct by_code  key = { code, 0 };
	struct by_code *hit = bsearch(&key, ix, t->n, sizeof(*ix), cmp_code);

	return hit && hit->at < before ? (long) hit->at : -1;
}

static void
finding(struct tree *t, const char *line, const char *field, int64_t stated,
    int64_t sum)
{
	Kinerja__BudgetFinding *f = kcall_alloc(t->call, sizeof(*f));
	char                    a[48], b[48], d[48];

	if (t->nfindings == t->fcap) {
		size_t                   cap = t->fcap ? t->fcap * 2 : 8;
		Kinerja__BudgetFinding **nf =
		    kcall_alloc(t->call, cap * sizeof(*nf));

		if (t->nfindings)
			memcpy(nf, t->findings, t->nfindings * sizeof(*nf));
		t->findings = nf;
		t->fcap     = cap;
	}
	kinerja__budget_finding__init(f);
	kc_format_rupiah(stated, a, sizeof(a));
	kc_format_rupiah(sum, b, sizeof(b));
	kc_format_rupiah(stated - sum, d, sizeof(d));
	f->line                     = (char *) line;
	f->field                    = (char *) field;
	f->stated_sen               = stated;
	f->sum_sen                  = sum;
	f->difference_sen           = stated - sum;
	f->message                  = kcall_printf(t->call,
	                     "%s %s: stated Rp %s, its parts sum to Rp %s (difference "
	                                      "Rp %s)",
	                     line, field, a, b, d);
	t->findings[t->nfindings++] = f;
}

/*
 * The amounts of a line with children: the children's sums when they give
 * both in full, else the stated ones. A stated amount whose parts are all
 * known and add up to something else is a finding either way.
 */
static void
settle(struct tree *t, struct node *n, const char *label)
{
	static const char *const field[2] = { "pagu", "realisasi" };
	int     stated[2] = { n->l.has_pagu, n->l.has_realisasi };
	int64_t value[2]  = { n->l.pagu_sen, n->l.realisasi_sen };
	int     k, sums = n->children > 0 && n->all[0] && n->all[1];

	for (k = 0; k < 2; k++) {
		if (n->children > 0 && n->all[k] && stated[k] &&
		    value[k] != n->sum[k])
			finding(t, label, field[k], value[k], n->sum[k]);
		n->has[k]    = sums ? 1 : stated[k];
		n->amount[k] = sums ? n->sum[k] : value[k];
	}
}

static void
add_to(struct node *parent, const struct node *child)
{
	int k;

	parent->children++;
	for (k = 0; k < 2; k++) {
		parent->all[k] =
		    (parent->children == 1 || parent->all[k]) && child->has[k];
		parent->sum[k] += child->has[k] ? child->amount[k] : 0;
	}
}

/* Links, depths, amounts bottom-up, and the TOTAL line against the top
 * lines. */
static void
grow_tree(struct tree *t)
{
	struct node     top = { .children = 0 };
	struct by_code *ix  = code_index(t);
	size_t          i;

	t->total = -1;
	for (i = 0; i < t->n; i++) {
		struct node *n = &t->node[i];

		n->parent =
		    *n->l.parent ? find_code(t, ix, i, n->l.parent) : -1;
		n->depth = n->parent >= 0 ? t->node[n->parent].depth + 1 : 0;
		if (strcmp(n->l.code, TOTAL_CODE) == 0)
			t->total = (long) i;
	}
	for (i = t->n; i > 0; i--) {
		struct node *n = &t->node[i - 1];

		if ((long) (i - 1) == t->total)
			continue;
		settle(t, n, n->l.code);
		if (n->parent >= 0)
			add_to(&t->node[n->parent], n);
	}
	if (t->total < 0)
		return;
	top.l = t->node[t->total].l;
	for (i = 0; i < t->n; i++)
		if (t->node[i].parent < 0 && (long) i != t->total)
			add_to(&top, &t->node[i]);
	settle(t, &top, TOTAL_CODE);
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
	grow_tree(t);
	return 0;
}

/* ------------------------------------------------------------ reading */

static enum kc_na
serapan(int64_t pagu, int64_t realisasi, kc_pct *out)
{
	return kc_percent(realisasi, pagu, out);
}

static Kinerja__Absorption *
absorption(
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
	if (has_p && has_r && serapan(pagu, realisasi, &pct) == KC_AVAILABLE) {
		a->opt_serapan_case = KINERJA__ABSORPTION__OPT_SERAPAN_SERAPAN;
		a->serapan          = ke2_double(kc_round2(pct));
	}
	return a;
}

static Kinerja__Absorption *
node_absorption(struct kcall *call, const struct node *n)
{
	return absorption(
	    call, n->has[0], n->amount[0], n->has[1], n->amount[1]);
}

static Kinerja__BudgetNode *
budget_node(struct kcall *call, const struct node *n)
{
	Kinerja__BudgetNode *b = kcall_alloc(call, sizeof(*b));
	kc_pct               pct;

	kinerja__budget_node__init(b);
	b->code    = (char *) n->l.code;
	b->name    = (char *) n->l.name;
	b->parent  = (char *) n->l.parent;
	b->depth   = n->depth;
	b->amount  = node_absorption(call, n);
	b->sasaran = (char *) n->l.sasaran;
	b->output  = (char *) n->l.output;
	b->satuan  = (char *) n->l.satuan;
	if (n->l.has_output_target) {
		b->opt_output_target_case =
		    KINERJA__BUDGET_NODE__OPT_OUTPUT_TARGET_OUTPUT_TARGET;
		b->output_target = ke4_double(n->l.output_target_e4);
	}
	if (n->l.has_output_realisasi) {
		b->opt_output_realisasi_case =
		    KINERJA__BUDGET_NODE__OPT_OUTPUT_REALISASI_OUTPUT_REALISASI;
		b->output_realisasi = ke4_double(n->l.output_realisasi_e4);
	}
	if (n->l.has_output_target && n->l.has_output_realisasi &&
	    kc_capaian(KC_MAXIMIZE, n->l.output_target_e4,
	        n->l.output_realisasi_e4, &pct) == KC_AVAILABLE) {
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
	kc_pct *pct  = kcall_alloc(call, (t->n + 1) * sizeof(*pct)), mean;
	int64_t pagu = 0, real = 0;
	int     complete = 1;
	size_t  i, n = 0;

	for (i = 0; i < t->n; i++) {
		const struct node *p = &t->node[i];

		if (p->parent >= 0 || (long) i == t->total)
			continue;
		complete &= p->has[0] && p->has[1];
		pagu += p->amount[0];
		real += p->amount[1];
		if (p->has[0] && p->has[1] &&
		    serapan(p->amount[0], p->amount[1], &pct[n]) ==
		        KC_AVAILABLE)
			n++;
	}
	r->total = absorption(call, complete, pagu, complete, real);
	if (kc_mean(pct, n, &mean) == KC_AVAILABLE) {
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

	r->belanja   = kcall_alloc(call, (t->n + 1) * sizeof(*r->belanja));
	r->n_belanja = t->n;
	for (i = 0; i < t->n; i++) {
		const struct node    *n = &t->node[i];
		Kinerja__BelanjaNode *b = kcall_alloc(call, sizeof(*b));

		kinerja__belanja_node__init(b);
		b->name       = (char *) n->l.name;
		b->parent     = (char *) n->l.parent;
		b->depth      = n->depth;
		b->amount     = node_absorption(call, n);
		r->belanja[i] = b;
		if (n->parent < 0) {
			complete &= n->has[0] && n->has[1];
			pagu += n->amount[0];
			real += n->amount[1];
		}
	}
	if (t->n > 0)
		r->belanja_total =
		    absorption(call, complete, pagu, complete, real);
}

static void
join_findings(struct kcall *call, const struct tree *a, const struct tree *b,
    Kinerja__GetBudgetReply *r)
{
	r->n_findings = a->nfindings + b->nfindings;
	r->findings =
	    kcall_alloc(call, (r->n_findings + 1) * sizeof(*r->findings));
	if (a->nfindings)
		memcpy(r->findings, a->findings,
		    a->nfindings * sizeof(*r->findings));
	if (b->nfindings)
		memcpy(r->findings + a->nfindings, b->findings,
		    b->nfindings * sizeof(*r->findings));
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
	r->lines = kcall_alloc(call, (lines.n + 1) * sizeof(*r->lines));
	for (i = 0; i < lines.n; i++)
		if ((long) i != lines.total)
			r->lines[n++] = budget_node(call, &lines.node[i]);
	r->n_lines = n;
	programs(call, &lines, r);
	if (lines.total >= 0) {
		const struct node *t = &lines.node[lines.total];

		r->stated_total = absorption(call, t->l.has_pagu,
		    t->l.pagu_sen, t->l.has_realisasi, t->l.realisasi_sen);
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

/* The programs linked to a sasaran, summed; whole budget if none. */
static void
linked_budget(const struct tree *t, const char *sasaran, int64_t *pagu,
    int64_t *real, int *complete, int *whole)
{
	size_t i;
	int    pass;

	for (pass = 0; pass < 2; pass++) {
		*pagu = *real = 0;
		*complete     = 1;
		*whole        = pass == 1;
		for (i = 0; i < t->n; i++) {
			const struct node *p = &t->node[i];

			if (p->parent >= 0 || (long) i == t->total ||
			    (!*whole && strcmp(p->l.sasaran, sasaran) != 0))
				continue;
			*complete &= p->has[0] && p->has[1];
			*pagu += p->amount[0];
			*real += p->amount[1];
		}
		if (*pagu > 0 || *real > 0)
			return;
	}
}

static void
efficiency_row(struct kcall *call, const struct tree *t,
    const Kinerja__SasaranCapaian *sc, kc_pct capaian,
    Kinerja__EfficiencyRow *row)
{
	int64_t pagu, real;
	int     complete, whole;
	kc_pct  ser, diff, ratio;

	linked_budget(t, sc->sasaran, &pagu, &real, &complete, &whole);
	row->sasaran      = sc->sasaran;
	row->budget       = absorption(call, complete, pagu, complete, real);
	row->whole_budget = whole;
	if (sc->opt_capaian_case) {
		row->opt_capaian_case =
		    KINERJA__EFFICIENCY_ROW__OPT_CAPAIAN_CAPAIAN;
		row->capaian = sc->capaian;
	}
	if (!sc->opt_capaian_case || !complete ||
	    serapan(pagu, real, &ser) != KC_AVAILABLE) {
		row->na_reason =
		    (char *) (!sc->opt_capaian_case
		                  ? "no capaian for the sasaran"
		                  : "no budget with pagu and realisasi");
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
	int                      rc;

	rc = kcapaian_compute(call, in->unit, in->year,
	    (enum kc_rule) in->predikat_rule, &cap, &exact, 0);
	if (rc != KS_OK) {
		if (rc == KS_NOTFOUND)
			kcall_error(call, KINERJA__CODE__NOT_FOUND,
			    "unit: %s not found", kcall_quote(call, in->unit));
		else
			kstore_failed(call, rc);
		return -1;
	}
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

int
kbudget_compute(struct kcall *call, const char *unit, int year,
    Kinerja__GetBudgetReply *r)
{
	Kinerja__GetBudgetRequest in = KINERJA__GET_BUDGET_REQUEST__INIT;

	in.unit = (char *) unit;
	in.year = year;
	return budget(call, &in, r);
}
