/*
 * store_ahead.c - on a remote backend, what a batch of values asks of its
 * unit-years, read KST_AHEAD unit-years a statement before it asks.
 *
 * A batch of values looks each unit up by code and reads each unit-year's
 * values, the indicators its unit's sasaran show and its AKIP and survey
 * flags (store.c's unit_year_load). On PostgreSQL each of those two reads
 * was a round trip, and each waited for every row sent before it: a
 * 10 000-value batch of 500 unit-years made 1 000 such waits (issue 19).
 * Given the batch's unit-years in its order (kstore_unit_years_ahead), the
 * store reads them KST_AHEAD at a time, from the one first asked for.
 *
 * What was read stays true until something writes it: a value written
 * into a unit-year read ahead (not yet asked for) makes it unread
 * (kst_ahead_wrote), and any other write forgets them all
 * (kst_ahead_forget). The plan ends with the transaction.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_int.h"

/* One unit-year read ahead. */
struct ahead_uy {
	int64_t     uid;
	int         year, level;
	int         found; /* its unit exists (the code's row came back) */
	int         live; /* read and not written since, not yet asked for */
	int         nval, nlink, val_full, link_full, no_akip, no_survey;
	const char *code; /* the plan's */
};

struct kst_ahead {
	const char *const *units; /* the plan: the caller's, until the end */
	const int         *years;
	size_t             n, next; /* next: where the last read ended */
	struct ahead_uy    uy[KST_AHEAD];
	int                nuy;
	/* The values read, in the order they came, and whose each is:
	 * memory in proportion to what the unit-years hold (at most
	 * KST_VAL_MEMO each). */
	struct kst_val *vals;
	unsigned char  *of;
	size_t          nvals, cap;
	int64_t         links[KST_AHEAD][KST_LINK_MEMO];
};

/*
 * What unit_year_load reads, for KST_AHEAD (code, year) pairs at once,
 * each row naming its pair by k (column 1): 0, a value; 1, an indicator
 * the unit's sasaran show; 2, the AKIP and survey flags (columns 5, 6).
 * A pair whose unit does not exist brings no row.
 */
static char           sql_ahead[4096];
static pthread_once_t sql_once = PTHREAD_ONCE_INIT;
/* A pair is at most 37 bytes and the rest 900: room for 64 pairs. */
_Static_assert(KST_AHEAD <= 64, "sql_ahead holds 64 pairs at most");

static void
make_sql(void)
{
	char *p = sql_ahead;
	int   k;

	p += sprintf(p, "WITH w(code, year, k) AS (VALUES ");
	for (k = 0; k < KST_AHEAD; k++)
		p += sprintf(p, "%s(?%d, CAST(?%d AS INTEGER), %d)",
		    k ? ", " : "", 2 * k + 1, 2 * k + 2, k);
	sprintf(p,
	    "), u AS (SELECT w.k, w.year, n.id, n.level FROM w"
	    " JOIN units n ON n.code = w.code)"
	    " SELECT 0, u.k, u.id, u.level, v.indicator_id, v.kind, v.period,"
	    " v.value_e4, v.predikat, v.revision, v.source"
	    " FROM u JOIN indicator_values v"
	    " ON v.unit_id = u.id AND v.year = u.year"
	    " UNION ALL SELECT DISTINCT 1, u.k, u.id, u.level,"
	    " si.indicator_id, 0, 0, 0, 0, 0, 0 FROM u"
	    " JOIN sasaran s ON s.unit_id = u.id"
	    " JOIN sasaran_indicators si ON si.sasaran_id = s.id"
	    " UNION ALL SELECT 2, u.k, u.id, u.level, 0,"
	    " CASE WHEN EXISTS (SELECT 1 FROM akip_components a"
	    " WHERE a.unit_id = u.id AND a.year = u.year) THEN 1 ELSE 0 END,"
	    " CASE WHEN EXISTS (SELECT 1 FROM surveys y"
	    " WHERE y.unit_id = u.id AND y.year = u.year) THEN 1 ELSE 0 END,"
	    " 0, 0, 0, 0 FROM u");
}

void
kstore_unit_years_ahead(
    struct kstore *st, const char *const *units, const int *years, size_t n)
{
	struct kst_ahead *a = st->ahead;

	kst_ahead_end(st);
	if (!st->ops->remote || !st->ops->in_tx(st) || n == 0)
		return;
	/* Without the memory, the batch reads as without a plan. */
	if (a == NULL && (a = st->ahead = calloc(1, sizeof(*a))) == NULL)
		return;
	pthread_once(&sql_once, make_sql);
	a->units = units;
	a->years = years;
	a->n     = n;
	a->next  = 0;
	a->nuy   = 0;
}

void
kst_ahead_forget(struct kstore *st)
{
	if (st->ahead != NULL)
		st->ahead->nuy = 0;
}

void
kst_ahead_end(struct kstore *st)
{
	if (st->ahead != NULL)
		st->ahead->nuy = st->ahead->n = 0;
}

void
kst_ahead_free(struct kstore *st)
{
	if (st->ahead != NULL) {
		free(st->ahead->vals);
		free(st->ahead->of);
	}
	free(st->ahead);
	st->ahead = NULL;
}

/* Room for one more value read; 0 without the memory. */
static int
room(struct kst_ahead *a)
{
	size_t          cap = a->cap ? a->cap * 2 : 1024;
	struct kst_val *v;
	unsigned char  *of;

	if (a->nvals < a->cap)
		return 1;
	if ((v = realloc(a->vals, cap * sizeof(*v))) == NULL)
		return 0;
	a->vals = v;
	if ((of = realloc(a->of, cap)) == NULL)
		return 0;
	a->of  = of;
	a->cap = cap;
	return 1;
}

void
kst_ahead_wrote(struct kstore *st, int64_t uid, int year)
{
	struct kst_ahead *a = st->ahead;
	int               k;

	for (k = 0; a != NULL && k < a->nuy; k++)
		if (a->uy[k].uid == uid && a->uy[k].year == year)
			a->uy[k].live = 0;
}

/* A row of the statement into the unit-year it names. */
static void
ahead_row(struct kst_ahead *a, struct kst_stmt *s)
{
	int              k = kst_col_int(s, 1);
	struct ahead_uy *u;

	if (k < 0 || k >= a->nuy)
		return;
	u        = &a->uy[k];
	u->found = 1;
	u->uid   = kst_col_int64(s, 2);
	u->level = kst_col_int(s, 3);
	switch (kst_col_int(s, 0)) {
	case 0:
		if (u->nval == KST_VAL_MEMO || !room(a)) {
			u->val_full = 1; /* the memo will not answer for it */
			return;
		}
		kst_read_keyed_val(s, 4, &a->vals[a->nvals]);
		a->of[a->nvals++] = (unsigned char) k;
		u->nval++;
		return;
	case 1:
		if (u->nlink == KST_LINK_MEMO)
			u->link_full = 1;
		else
			a->links[k][u->nlink++] = kst_col_int64(s, 4);
		return;
	default:
		u->no_akip   = kst_col_int(s, 5) == 0;
		u->no_survey = kst_col_int(s, 6) == 0;
	}
}

/* Reads the plan's unit-years from p on, KST_AHEAD of them. */
static int
read_from(struct kstore *st, size_t p)
{
	struct kst_ahead *a = st->ahead;
	struct kst_stmt  *s = kst_stmt(st, sql_ahead);
	int               k, rc;

	a->nuy   = 0;
	a->nvals = 0;
	if (s == NULL)
		return KS_ERROR;
	for (k = 0; k < KST_AHEAD; k++) {
		size_t      i    = p + (size_t) k;
		const char *code = i < a->n ? a->units[i] : ""; /* no unit's */
		int         year = i < a->n ? a->years[i] : 0;

		kst_bind_text(s, 2 * k + 1, code);
		kst_bind_int(s, 2 * k + 2, year);
		if (i < a->n)
			a->uy[a->nuy++] = (struct ahead_uy) {
				.code = code, .year = year, .live = 1
			};
	}
	while ((rc = kst_step(st, s)) == 1)
		ahead_row(a, s);
	if (rc < 0) {
		a->nuy = 0;
		return rc;
	}
	a->next = p + (size_t) a->nuy;
	return KS_OK;
}

/* The plan's first unit-year of code (and of year, unless 0) from where
 * the last read ended, wrapping round; a->n when it has none. */
static size_t
plan_find(const struct kst_ahead *a, const char *code, int year)
{
	size_t i, p;

	for (i = 0; i < a->n; i++) {
		p = (a->next + i) % a->n;
		if ((year == 0 || a->years[p] == year) &&
		    strcmp(a->units[p], code) == 0)
			return p;
	}
	return a->n;
}

/* The read unit-year of code (and year, unless 0), reading it when the
 * plan has it; NULL when neither. */
static struct ahead_uy *
find(struct kstore *st, const char *code, int year, int *rc)
{
	struct kst_ahead *a = st->ahead;
	size_t            p;
	int               k, pass;

	*rc = KS_OK;
	if (a == NULL || a->n == 0)
		return NULL;
	for (pass = 0; pass < 2; pass++) {
		/* One the read found no unit for is not read again. */
		for (k = 0; k < a->nuy; k++)
			if ((year == 0 || a->uy[k].year == year) &&
			    strcmp(a->uy[k].code, code) == 0)
				return a->uy[k].found ? &a->uy[k] : NULL;
		if (pass > 0 || (p = plan_find(a, code, year)) == a->n ||
		    (*rc = read_from(st, p)) != KS_OK)
			return NULL;
	}
	return NULL;
}

int
kst_ahead_unit(struct kstore *st, const char *code, int64_t *id, int *level)
{
	int              rc;
	struct ahead_uy *u = find(st, code, 0, &rc);

	if (u == NULL)
		return rc;
	*id    = u->uid;
	*level = u->level;
	return 1;
}

/* Fills the memos as unit_year_load would from u. */
static void
take(struct kstore *st, struct ahead_uy *u)
{
	struct kst_ahead *a = st->ahead;
	int               k = (int) (u - a->uy), n = 0;
	size_t            i;

	for (i = 0; i < a->nvals && n < u->nval; i++)
		if (a->of[i] == k)
			st->val_memo.rows[n++] = a->vals[i];
	st->val_memo.n    = n;
	st->val_memo.full = u->val_full;
	memcpy(st->link_memo.ind, a->links[k],
	    (size_t) u->nlink * sizeof(int64_t));
	st->link_memo.n            = u->nlink;
	st->link_memo.full         = u->link_full;
	st->derived_memo.no_akip   = u->no_akip;
	st->derived_memo.no_survey = u->no_survey;
	u->live                    = 0; /* the memos follow it now */
}

int
kst_ahead_take(struct kstore *st, int64_t uid, int year)
{
	struct ahead_uy *u;
	int              rc;

	if (st->ahead == NULL || st->ahead->n == 0 ||
	    st->unit_memo.id != uid || st->unit_memo.code[0] == 0)
		return 0;
	u = find(st, st->unit_memo.code, year, &rc);
	if (u == NULL || !u->live || u->uid != uid)
		return rc < 0 ? rc : 0;
	take(st, u);
	return 1;
}
