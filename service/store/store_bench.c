/*
 * store_bench.c - benchmarks (issue #14, docs/comparisons.md): a national
 * or provincial standard for an indicator in a year, with its source,
 * stored beside the units' values (migration 12).
 */
#include <stdio.h>
#include <string.h>

#include "store.h"
#include "store_int.h"

static const char sql_get[] =
    "SELECT b.value_e4, b.source FROM benchmarks b"
    " JOIN indicators i ON i.id = b.indicator_id"
    " WHERE i.code = ?1 AND b.year = ?2";
static const char sql_put[] =
    "INSERT INTO benchmarks (indicator_id, year, value_e4, source)"
    " SELECT id, ?2, ?3, ?4 FROM indicators WHERE code = ?1"
    " ON CONFLICT (indicator_id, year) DO UPDATE SET"
    " value_e4 = excluded.value_e4, source = excluded.source";

int
kstore_benchmark_get(struct kstore *st, const char *indicator, int year,
    int64_t *value_e4, char *source, size_t len)
{
	struct kst_stmt *s = kst_stmt(st, sql_get);
	int           rc;

	if (s == NULL)
		return KS_ERROR;
	kst_bind_text(s, 1, indicator);
	kst_bind_int(s, 2, year);
	if ((rc = kst_step_one(st, s)) != KS_OK)
		return rc;
	*value_e4 = kst_col_int64(s, 0);
	snprintf(source, len, "%s", kst_col_text(s, 1));
	kst_done(s);
	return KS_OK;
}

int
kstore_benchmark_put(struct kstore *st, const char *indicator, int year,
    int64_t value_e4, const char *source, enum kchange *change)
{
	char          old[KSTORE_BUF];
	int64_t       e4;
	struct kst_stmt *s;
	int rc = kstore_benchmark_get(st, indicator, year, &e4, old, sizeof(old));

	if (rc < 0)
		return rc;
	if (rc == KS_OK && e4 == value_e4 && strcmp(old, source) == 0) {
		*change = KS_UNCHANGED;
		return KS_OK;
	}
	*change = rc == KS_NOTFOUND ? KS_CREATED : KS_UPDATED;
	if ((s = kst_stmt(st, sql_put)) == NULL)
		return KS_ERROR;
	kst_bind_text(s, 1, indicator);
	kst_bind_int(s, 2, year);
	kst_bind_int64(s, 3, value_e4);
	kst_bind_text(s, 4, source);
	return kst_exec(st, s);
}
