/*
 * store_region.c - a region's capaian rows and budget lines in one query
 * each (issue 19): a roll-up of 500 units read them a unit at a time, a
 * few queries a unit, which was most of its time on SQLite and all of it
 * on PostgreSQL, where each query is a round trip. The rows are those of
 * the per-unit reads (the same columns and joins, store_int.h), for every
 * leaf unit under the region, tagged with the unit's id.
 */
#include "store.h"
#include "store_int.h"

/* The region's leaf units (no unit under them), as S_LEAVES_UNDER in
 * store.c finds them; NOT EXISTS probes units_parent once a unit. */
#define UNDER_REGION                                          \
	"WITH RECURSIVE under(id) AS ("                       \
	" SELECT id FROM units WHERE code = ?1"               \
	" UNION ALL SELECT u.id FROM units u JOIN under"      \
	" ON u.parent_id = under.id),"                        \
	" leaves(id) AS (SELECT id FROM under WHERE NOT EXISTS" \
	" (SELECT 1 FROM units c WHERE c.parent_id = under.id))"

/* Each query starts from the leaves: CROSS JOIN keeps SQLite from
 * scanning the whole sasaran or budget table and probing the leaves
 * (its plan without statistics; PostgreSQL plans it as a plain join).
 * Ordered as a unit's S_CAPAIAN, after the unit. */
static const char sql_capaian[] =
    UNDER_REGION " SELECT " KST_CAPAIAN_COLUMNS ", s.unit_id"
    " FROM leaves CROSS JOIN sasaran s" KST_CAPAIAN_JOINS
    " WHERE s.unit_id = leaves.id ORDER BY s.unit_id, s.id, si.rowid";

/* Ordered as a unit's kstore_budget_list, after the unit. */
static const char sql_budget[] =
    UNDER_REGION " SELECT " KST_BUDGET_COLUMNS ", b.unit_id"
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

int
kstore_region_capaian_rows(struct kstore *st, const char *region, int year,
    int target_kind, kregion_capaian_cb cb, void *arg)
{
	struct kst_stmt    *s = region_stmt(st, sql_capaian, region, year);
	struct kcapaian_row r;
	int                 rc;

	if (s == NULL)
		return KS_ERROR;
	kst_bind_int(s, 3, target_kind);
	while ((rc = kst_step(st, s)) == 1) {
		kst_capaian_read(s, &r);
		if (cb(arg, kst_col_int64(s, KST_CAPAIAN_NCOLUMNS), &r) != 0) {
			kst_done(s);
			return KS_OK;
		}
	}
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
