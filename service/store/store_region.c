/*
 * store_region.c - a region's capaian rows and budget lines in one query
 * each (issue 19): a roll-up of 500 units read them a unit at a time, a
 * few queries a unit, which was most of its time on SQLite and all of it
 * on PostgreSQL, where each query is a round trip. The rows are those of
 * the per-unit reads (the same columns and joins, store_int.h), for every
 * leaf unit under the region, tagged with the unit's id.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grow.h"
#include "store.h"
#include "store_int.h"

/* The region's leaf units (no unit under them), as S_LEAVES_UNDER in
 * store.c finds them; NOT EXISTS probes units_parent once a unit. */
#define UNDER_REGION                                            \
	"WITH RECURSIVE under(id) AS ("                         \
	" SELECT id FROM units WHERE code = ?1"                 \
	" UNION ALL SELECT u.id FROM units u JOIN under"        \
	" ON u.parent_id = under.id),"                          \
	" leaves(id) AS (SELECT id FROM under WHERE NOT EXISTS" \
	" (SELECT 1 FROM units c WHERE c.parent_id = under.id))"

/* Each query starts from the leaves: CROSS JOIN keeps SQLite from
 * scanning the whole sasaran or budget table and probing the leaves
 * (its plan without statistics; PostgreSQL plans it as a plain join).
 * The capaian rows are put in order here (hold, give), not by an
 * ORDER BY: SQLite's sorter copies every column of every row, which was
 * half the query's cost. */
static const char sql_capaian[] =
    UNDER_REGION " SELECT " KST_CAPAIAN_COLUMNS ", s.unit_id, s.id, si.rowid"
                 " FROM leaves CROSS JOIN sasaran s" KST_CAPAIAN_JOINS
                 " WHERE s.unit_id = leaves.id";

/* Ordered as a unit's kstore_budget_list, after the unit. */
static const char sql_budget[] = UNDER_REGION
    " SELECT " KST_BUDGET_COLUMNS ", b.unit_id"
    " FROM leaves CROSS JOIN budget_lines b WHERE b.unit_id = leaves.id"
    " AND b.year = ?2 AND b.tree = ?3 AND b.seq >= 0"
    " ORDER BY b.unit_id, b.seq";

/* The statement for sql with the region and year bound, or NULL. */
static struct kst_stmt *
region_stmt(struct kstore *st, const char *sql, const char *region, int year)
{
	struct kst_stmt *s = kst_stmt(st, sql);

	if (s == NULL)
		return NULL;
	kst_bind_text(s, 1, region);
	kst_bind_int(s, 2, year);
	return s;
}

/* A capaian row kept until all are read: its texts are offsets into
 * the rows' text until then. */
struct held {
	int64_t             key[3]; /* unit, sasaran, link: the order */
	struct kcapaian_row r;
	size_t              text[5];
};

struct rows {
	struct held *row;
	size_t       n, cap;
	char        *text;
	size_t       used, tcap;
};

/* Appends v (NULL as "") to the text; its offset, or -1 out of memory. */
static size_t
keep_text(struct rows *h, const char *v)
{
	size_t len = strlen(v ? v : "") + 1, at = h->used;
	char  *t;

	if (h->used + len > h->tcap) {
		h->tcap = (h->used + len) * 2;
		if ((t = realloc(h->text, h->tcap)) == NULL)
			return (size_t) -1;
		h->text = t;
	}
	memcpy(h->text + at, v ? v : "", len);
	h->used += len;
	return at;
}

static int
hold(struct rows *h, struct kst_stmt *s)
{
	struct held *r;
	size_t       i;

	if ((r = kc_grow_heap(h->row, h->n, &h->cap, sizeof(*r), 256)) == NULL)
		return KS_ERROR;
	h->row = r;
	r      = &h->row[h->n];
	kst_capaian_read(s, &r->r);
	for (i = 0; i < 3; i++)
		r->key[i] = kst_col_int64(s, KST_CAPAIAN_NCOLUMNS + (int) i);
	r->text[0] = keep_text(h, r->r.sasaran);
	r->text[1] = keep_text(h, r->r.tujuan);
	r->text[2] = keep_text(h, r->r.ind.code);
	r->text[3] = keep_text(h, r->r.ind.name);
	r->text[4] = keep_text(h, r->r.ind.satuan);
	for (i = 0; i < 5; i++)
		if (r->text[i] == (size_t) -1)
			return KS_ERROR;
	h->n++;
	return KS_OK;
}

static int
by_key(const void *a, const void *b)
{
	const struct held *x = a, *y = b;
	int                i;

	for (i = 0; i < 3; i++)
		if (x->key[i] != y->key[i])
			return x->key[i] < y->key[i] ? -1 : 1;
	return 0;
}

/* Sorts the rows held and gives them to cb, texts restored. */
static void
give(struct rows *h, kregion_capaian_cb cb, void *arg)
{
	size_t i;

	if (h->n > 0)
		qsort(h->row, h->n, sizeof(*h->row), by_key);
	for (i = 0; i < h->n; i++) {
		struct held *r = &h->row[i];

		r->r.sasaran    = h->text + r->text[0];
		r->r.tujuan     = h->text + r->text[1];
		r->r.ind.code   = h->text + r->text[2];
		r->r.ind.name   = h->text + r->text[3];
		r->r.ind.satuan = h->text + r->text[4];
		if (cb(arg, r->key[0], &r->r) != 0)
			break;
	}
}

int
kstore_region_capaian_rows(struct kstore *st, const char *region, int year,
    int target_kind, kregion_capaian_cb cb, void *arg)
{
	struct kst_stmt *s = region_stmt(st, sql_capaian, region, year);
	struct rows      h = { 0 };
	int              rc;

	if (s == NULL)
		return KS_ERROR;
	kst_bind_int(s, 3, target_kind);
	while ((rc = kst_step(st, s)) == 1)
		if ((rc = hold(&h, s)) != KS_OK) {
			kst_done(s);
			snprintf(st->err, sizeof(st->err), "out of memory");
			break;
		}
	if (rc == 0)
		give(&h, cb, arg);
	free(h.row);
	free(h.text);
	return rc < 0 ? rc : KS_OK;
}

int
kstore_region_budget_list(struct kstore *st, enum kbudget_table t,
    const char *region, int year, kregion_budget_cb cb, void *arg)
{
	struct kst_stmt    *s = region_stmt(st, sql_budget, region, year);
	struct kbudget_line l;
	int                 rc;

	if (s == NULL)
		return KS_ERROR;
	kst_bind_int(s, 3, (int) t);
	while ((rc = kst_step(st, s)) == 1) {
		kst_budget_read_line(s, &l);
		if (cb(arg, kst_col_int64(s, KST_BUDGET_NCOLUMNS), &l) != 0) {
			kst_done(s);
			return KS_OK;
		}
	}
	return rc < 0 ? rc : KS_OK;
}
