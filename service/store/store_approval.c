/*
 * store_approval.c - a unit-year's approval state, and what the
 * completeness of its figures is counted from. Transitions themselves are
 * history rows (store_access.c); the approvals table keeps the last one.
 */
#include <string.h>

#include "kcore.h"
#include "store.h"
#include "store_int.h"

static const char sql_approval_get[] =
    "SELECT a.state, a.actor, a.at_ms, a.reason FROM approvals a"
    " JOIN units u ON u.id = a.unit_id WHERE u.code = ?1 AND a.year = ?2";
static const char sql_approval_put[] =
    "INSERT INTO approvals (unit_id, year, state, actor, at_ms, reason)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (unit_id, year) DO UPDATE"
    " SET state = ?3, actor = ?4, at_ms = ?5, reason = ?6";
/* The approved units of year ?1 among ?2..?33 (KSTORE_ASK_UNITS codes):
 * an index lookup a code (units' code, then approvals' key). */
static const char sql_approved_among[] =
    "SELECT u.code FROM units u JOIN approvals a ON a.unit_id = u.id"
    " AND a.year = ?1 WHERE a.state = ?34 AND u.code IN (?2, ?3, ?4, ?5,"
    " ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19,"
    " ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30, ?31, ?32,"
    " ?33)";
/* The indicators of the unit's sasaran, in the order they were linked,
 * with what the year (period 0) and period ?3 have, and what decides the
 * indicator's quarterly rule (the core's kc_quarterly_of). */
static const char sql_presence[] =
    "SELECT i.code, i.satuan, i.value_type, i.quarterly,"
    " EXISTS (SELECT 1 FROM indicator_values v WHERE v.unit_id = u.id"
    "  AND v.indicator_id = i.id AND v.year = ?2 AND v.kind = 3"
    "  AND v.period = ?3),"
    " EXISTS (SELECT 1 FROM indicator_values v WHERE v.unit_id = u.id"
    "  AND v.indicator_id = i.id AND v.year = ?2 AND v.kind = 4"
    "  AND v.period = ?3),"
    " EXISTS (SELECT 1 FROM indicator_values v WHERE v.unit_id = u.id"
    "  AND v.indicator_id = i.id AND v.year = ?2 AND v.kind = 3"
    "  AND v.period = 0),"
    " EXISTS (SELECT 1 FROM indicator_values v WHERE v.unit_id = u.id"
    "  AND v.indicator_id = i.id AND v.year = ?2 AND v.kind = 4"
    "  AND v.period = 0)"
    " FROM units u JOIN sasaran s ON s.unit_id = u.id"
    " JOIN sasaran_indicators si ON si.sasaran_id = s.id"
    " JOIN indicators i ON i.id = si.indicator_id"
    " WHERE u.code = ?1 GROUP BY u.id, i.id"
    " ORDER BY MIN(s.id), MIN(si.rowid)";
/* The last change of the unit-year's figures (a transition is none). */
static const char sql_facts[] =
    "SELECT EXISTS (SELECT 1 FROM budget_lines b WHERE b.unit_id = u.id"
    "  AND b.year = ?2),"
    " EXISTS (SELECT 1 FROM surveys v WHERE v.unit_id = u.id"
    "  AND v.year = ?2),"
    " EXISTS (SELECT 1 FROM akip_components a WHERE a.unit_id = u.id"
    "  AND a.year = ?2),"
    " COALESCE((SELECT MAX(at_ms) FROM history h WHERE h.unit = ?1"
    "  AND h.year = ?2 AND h.what <> 'approval'), 0)"
    " FROM units u WHERE u.code = ?1";

int
kstore_approval_get(struct kstore *st, const char *unit, int year,
    struct kapproval *out, char *buf, size_t len)
{
	struct kst_stmt *s = kst_stmt(st, sql_approval_get);
	int           rc;

	if (s == NULL)
		return KS_ERROR;
	kst_bind_text(s, 1, unit);
	kst_bind_int(s, 2, year);
	if ((rc = kst_step_one(st, s)) != KS_OK)
		return rc;
	out->unit   = unit;
	out->year   = year;
	out->state  = kst_col_int(s, 0);
	out->actor  = kst_copy(s, 1, &buf, &len);
	out->at_ms  = kst_col_int64(s, 2);
	out->reason = kst_copy(s, 3, &buf, &len);
	kst_done(s);
	return KS_OK;
}

int
kstore_approval_put(struct kstore *st, const struct kapproval *a)
{
	struct kst_stmt *s;
	int64_t       id;
	int           rc;

	if ((rc = kst_unit_id(st, a->unit, &id)) != KS_OK)
		return rc;
	if ((s = kst_stmt(st, sql_approval_put)) == NULL)
		return KS_ERROR;
	kst_bind_int64(s, 1, id);
	kst_bind_int(s, 2, a->year);
	kst_bind_int(s, 3, a->state);
	kst_bind_text(s, 4, a->actor);
	kst_bind_int64(s, 5, a->at_ms);
	kst_bind_text(s, 6, a->reason);
	return kst_exec(st, s);
}

/* Marks approved[i] for each of the n (1..KSTORE_ASK_UNITS) units
 * approved in year. */
static int
approved_chunk(struct kstore *st, int year, const char *const *units,
    size_t n, unsigned char *approved)
{
	struct kst_stmt *s = kst_stmt(st, sql_approved_among);
	size_t           i;
	int              rc, k;

	if (s == NULL)
		return KS_ERROR;
	kst_bind_int(s, 1, year);
	kst_bind_int(s, 34, KC_APPROVAL_APPROVED);
	for (k = 0; k < KSTORE_ASK_UNITS; k++) { /* the last again: no gap */
		size_t u = (size_t) k < n ? (size_t) k : n - 1;

		kst_bind_text(s, k + 2, units[u]);
	}
	while ((rc = kst_step(st, s)) == 1)
		for (i = 0; i < n; i++)
			if (strcmp(units[i], kst_col_text(s, 0)) == 0)
				approved[i] = 1;
	return rc < 0 ? rc : KS_OK;
}

int
kstore_approved_among(struct kstore *st, int year, const char *const *units,
    size_t n, unsigned char *approved)
{
	size_t i, k;
	int    rc = KS_OK;

	memset(approved, 0, n);
	for (i = 0; i < n && rc == KS_OK; i += k) {
		k  = n - i < KSTORE_ASK_UNITS ? n - i : KSTORE_ASK_UNITS;
		rc = approved_chunk(st, year, units + i, k, approved + i);
	}
	return rc;
}

int
kstore_presence(struct kstore *st, const char *unit, int year, int period,
    kpresence_cb cb, void *arg)
{
	struct kst_stmt *s;
	struct kpresence p;
	int              rc;

	if ((s = kst_stmt(st, sql_presence)) == NULL)
		return KS_ERROR;
	kst_bind_text(s, 1, unit);
	kst_bind_int(s, 2, year);
	kst_bind_int(s, 3, period);
	while ((rc = kst_step(st, s)) == 1) {
		p.indicator      = kst_col_text(s, 0);
		p.satuan         = kst_col_text(s, 1);
		p.value_type     = kst_col_int(s, 2);
		p.quarterly      = kst_col_int(s, 3);
		p.has_target     = kst_col_int(s, 4);
		p.has_realisasi  = kst_col_int(s, 5);
		p.year_target    = kst_col_int(s, 6);
		p.year_realisasi = kst_col_int(s, 7);
		if ((rc = cb(arg, &p)) != KS_OK) {
			kst_done(s);
			return rc;
		}
	}
	return rc < 0 ? rc : KS_OK;
}

int
kstore_unit_year_facts(struct kstore *st, const char *unit, int year,
    int period, struct kfacts *out)
{
	struct kst_stmt *s;
	int           rc;

	(void) period; /* budget, survey and AKIP are yearly */
	memset(out, 0, sizeof(*out));
	if ((s = kst_stmt(st, sql_facts)) == NULL ||
	    kst_rows_flush(st) != KS_OK) /* history lines */
		return KS_ERROR;
	kst_bind_text(s, 1, unit);
	kst_bind_int(s, 2, year);
	if ((rc = kst_step_one(st, s)) != KS_OK)
		return rc;
	out->budget        = kst_col_int(s, 0);
	out->survey        = kst_col_int(s, 1);
	out->akip          = kst_col_int(s, 2);
	out->last_write_ms = kst_col_int64(s, 3);
	kst_done(s);
	return KS_OK;
}
