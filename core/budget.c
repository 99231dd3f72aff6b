/*
 * budget.c - the budget tree (docs/domain.md, "Serapan anggaran"): lines
 * linked to their parents, amounts settled bottom-up, the parent amounts that
 * disagree with their parts, and serapan over the top lines. Money is sen
 * from end to end; the handler only maps the result into its reply.
 */
#include <stdlib.h>
#include <string.h>

#include "grow.h"
#include "kcore.h"

/* Lines by code, to find parents in log time: a unit-year may have tens
 * of thousands of lines. */
struct by_code {
	const char *code;
	size_t      at;
};

struct settle {
	struct kc_budget_tree *t;
	struct kc_arena       *a;
	size_t                 cap; /* of t->finding */
};

static int
cmp_code(const void *a, const void *b)
{
	return strcmp(((const struct by_code *) a)->code,
	    ((const struct by_code *) b)->code);
}

static struct by_code *
code_index(const struct kc_budget_tree *t, struct kc_arena *a)
{
	struct by_code *ix = kc_arena_alloc(a, (t->n + 1) * sizeof(*ix));
	size_t          i;

	if (ix == NULL)
		return NULL;
	for (i = 0; i < t->n; i++)
		ix[i] = (struct by_code) { t->node[i].code, i };
	qsort(ix, t->n, sizeof(*ix), cmp_code);
	return ix;
}

/* The line with this code, if it comes before `before` (parents come
 * before their children); -1 otherwise. */
static long
find_code(const struct kc_budget_tree *t, const struct by_code *ix,
    size_t before, const char *code)
{
	struct by_code  key = { code, 0 };
	struct by_code *hit = bsearch(&key, ix, t->n, sizeof(*ix), cmp_code);

	return hit && hit->at < before ? (long) hit->at : -1;
}

static int
finding(struct settle *s, const char *line, enum kc_amount field,
    int64_t stated, int64_t sum)
{
	struct kc_budget_tree *t = s->t;

	if (t->nfindings == s->cap) {
		s->cap = kc_grow_cap(s->cap, 8);
		if (KC_GROW_TO(t->finding, t->nfindings, s->cap,
		        kc_arena_alloc, s->a) == NULL)
			return -1;
	}
	t->finding[t->nfindings++] =
	    (struct kc_budget_finding) { line, field, stated, sum };
	return 0;
}

/*
 * The amounts of a line with children: the children's sums when they give
 * both in full, else the stated ones. A stated amount whose parts are all
 * known and add up to something else is a finding either way.
 */
static int
settle(struct settle *s, struct kc_budget_node *n, const char *label)
{
	int k, sums = n->children > 0 && n->all[0] && n->all[1];

	for (k = 0; k < 2; k++) {
		if (n->children > 0 && n->all[k] && n->stated_has[k] &&
		    n->stated[k] != n->sum[k] &&
		    finding(s, label, (enum kc_amount) k, n->stated[k],
		        n->sum[k]) != 0)
			return -1;
		n->has[k]    = sums ? 1 : n->stated_has[k];
		n->amount[k] = sums ? n->sum[k] : n->stated[k];
	}
	return 0;
}

static void
add_to(struct kc_budget_node *parent, const struct kc_budget_node *child)
{
	int k;

	parent->children++;
	for (k = 0; k < 2; k++) {
		parent->all[k] =
		    (parent->children == 1 || parent->all[k]) && child->has[k];
		parent->sum[k] += child->has[k] ? child->amount[k] : 0;
	}
}

/* Links and depths, top-down; finds the TOTAL line. */
static int
link_lines(struct kc_budget_tree *t, struct kc_arena *a)
{
	struct by_code *ix = code_index(t, a);
	size_t          i;

	if (ix == NULL)
		return -1;
	t->total = -1;
	for (i = 0; i < t->n; i++) {
		struct kc_budget_node *n = &t->node[i];

		n->up       = *n->parent ? find_code(t, ix, i, n->parent) : -1;
		n->depth    = n->up >= 0 ? t->node[n->up].depth + 1 : 0;
		n->children = 0;
		memset(n->sum, 0, sizeof(n->sum));
		memset(n->all, 0, sizeof(n->all));
		if (strcmp(n->code, KC_BUDGET_TOTAL) == 0)
			t->total = (long) i;
	}
	return 0;
}

int
kc_budget_settle(struct kc_budget_tree *t, struct kc_arena *a)
{
	struct settle         s   = { t, a, 0 };
	struct kc_budget_node top = { .children = 0 };
	size_t                i;

	t->finding   = NULL;
	t->nfindings = 0;
	if (link_lines(t, a) != 0)
		return -1;
	for (i = t->n; i > 0; i--) {
		struct kc_budget_node *n = &t->node[i - 1];

		if ((long) (i - 1) == t->total)
			continue;
		if (settle(&s, n, n->code) != 0)
			return -1;
		if (n->up >= 0)
			add_to(&t->node[n->up], n);
	}
	if (t->total < 0)
		return 0;
	memcpy(top.stated_has, t->node[t->total].stated_has,
	    sizeof(top.stated_has));
	memcpy(top.stated, t->node[t->total].stated, sizeof(top.stated));
	for (i = 0; i < t->n; i++)
		if (t->node[i].up < 0 && (long) i != t->total)
			add_to(&top, &t->node[i]);
	return settle(&s, &top, KC_BUDGET_TOTAL);
}

/* One pass over the top lines: those serving sasaran, or all (NULL). */
static void
top_sum(const struct kc_budget_tree *t, const char *sasaran,
    struct kc_budget_sum *out)
{
	size_t i;

	memset(out, 0, sizeof(*out));
	out->complete = 1;
	out->whole    = sasaran == NULL;
	for (i = 0; i < t->n; i++) {
		const struct kc_budget_node *p = &t->node[i];

		if (p->up >= 0 || (long) i == t->total ||
		    (sasaran != NULL && strcmp(p->sasaran, sasaran) != 0))
			continue;
		out->complete &= p->has[0] && p->has[1];
		out->amount[0] += p->amount[0];
		out->amount[1] += p->amount[1];
	}
}

void
kc_budget_top(const struct kc_budget_tree *t, const char *sasaran,
    struct kc_budget_sum *out)
{
	top_sum(t, sasaran, out);
	if (sasaran != NULL && out->amount[0] <= 0 && out->amount[1] <= 0)
		top_sum(t, NULL, out);
}

enum kc_na
kc_budget_program_mean(
    const struct kc_budget_tree *t, kc_pct *scratch, kc_pct *out)
{
	size_t i, n = 0;

	for (i = 0; i < t->n; i++) {
		const struct kc_budget_node *p = &t->node[i];

		if (p->up < 0 && (long) i != t->total &&
		    kc_serapan(p->has[0], p->amount[0], p->has[1],
		        p->amount[1], &scratch[n]) == KC_AVAILABLE)
			n++;
	}
	return kc_mean(scratch, n, out);
}

enum kc_na
kc_serapan(int has_pagu, int64_t pagu, int has_realisasi, int64_t realisasi,
    kc_pct *out)
{
	if (!has_pagu || !has_realisasi)
		return KC_NA_NO_DATA;
	return kc_percent(realisasi, pagu, out);
}
