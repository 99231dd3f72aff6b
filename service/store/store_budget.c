/*
 * store_budget.c - the SQLite side of budgets, spending classes, surveys
 * and AKIP evaluations. Each is submitted whole for a unit-year and
 * replaces what was there; what changed is reported line by line so that
 * sending the same budget again is "unchanged", not a rewrite.
 */
#include <stdlib.h>
#include <string.h>
#include <stdio.h>
#include <time.h>

#include "store.h"
#include "store_int.h"

/* Both breakdowns live in one table, told apart by `tree` (?3). */
static const char sql_mark[]  = "UPDATE budget_lines SET seq = -1"
                                " WHERE unit_id = ?1 AND year = ?2"
                                " AND tree = ?3";
static const char sql_sweep[] = "DELETE FROM budget_lines WHERE unit_id = ?1"
                                " AND year = ?2 AND tree = ?3 AND seq < 0";
#define LINE_COLUMNS KST_BUDGET_COLUMNS
static const char sql_get[] = "SELECT " LINE_COLUMNS " FROM budget_lines"
                              " WHERE unit_id = ?1 AND year = ?2"
                              " AND tree = ?3 AND code = ?4";
static const char sql_put[] =
    "INSERT INTO budget_lines (unit_id, year, tree, code, seq,"
    " name, parent, pagu_sen, realisasi_sen, sasaran, output, satuan,"
    " output_target_e4, output_realisasi_e4)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)"
    " ON CONFLICT (unit_id, year, tree, code) DO UPDATE SET"
    " seq = excluded.seq, name = excluded.name, parent = excluded.parent,"
    " pagu_sen = excluded.pagu_sen, realisasi_sen = excluded.realisasi_sen,"
    " sasaran = excluded.sasaran, output = excluded.output,"
    " satuan = excluded.satuan, output_target_e4 = excluded.output_target_e4,"
    " output_realisasi_e4 = excluded.output_realisasi_e4";
static const char sql_list[]  = "SELECT " LINE_COLUMNS " FROM budget_lines"
                                " WHERE unit_id = ?1 AND year = ?2"
                                " AND tree = ?3 AND seq >= 0 ORDER BY seq";
static const char sql_stale[] = "SELECT " LINE_COLUMNS " FROM budget_lines"
                                " WHERE unit_id = ?1 AND year = ?2"
                                " AND tree = ?3 AND seq < 0 ORDER BY code";

static struct kst_stmt *
keyed(struct kstore *st, const char *sql, const char *unit, int year, int *rc)
{
	struct kst_stmt *s;
	int64_t       id;

	if ((*rc = kst_unit_id(st, unit, &id)) != KS_OK)
		return NULL;
	if ((s = kst_stmt(st, sql)) == NULL) {
		*rc = KS_ERROR;
		return NULL;
	}
	kst_bind_int64(s, 1, id);
	kst_bind_int(s, 2, year);
	return s;
}

enum none { NO_AKIP, NO_SURVEY };

static int *
none_flag(struct kstore *st, enum none which)
{
	return which == NO_AKIP ? &st->derived_memo.no_akip
	                        : &st->derived_memo.no_survey;
}

/* Whether the memo is of the unit-year. */
static int
derived_memo_of(const struct kstore *st, int64_t id, int year)
{
	return st->derived_memo.valid && st->derived_memo.unit_id == id &&
	       st->derived_memo.year == year;
}

/* Whether the unit-year is remembered to have no AKIP or no survey. */
static int
known_none(struct kstore *st, const char *unit, int year, enum none which)
{
	int64_t id;

	return st->derived_memo.valid && kst_unit_id(st, unit, &id) == KS_OK &&
	       derived_memo_of(st, id, year) && *none_flag(st, which);
}

static const char sql_evaluated[] =
    "SELECT CASE WHEN EXISTS (SELECT 1 FROM akip_components"
    " WHERE unit_id = ?1 AND year = ?2) THEN 1 ELSE 0 END,"
    " CASE WHEN EXISTS (SELECT 1 FROM surveys"
    " WHERE unit_id = ?1 AND year = ?2) THEN 1 ELSE 0 END";

/* In a transaction, the first question about a unit-year's AKIP
 * evaluation or survey asks about both at once: every realisasi of a
 * batch asks both (stated vs derived), and most unit-years have neither,
 * so on PostgreSQL that is one round trip a unit-year instead of two.
 * KS_OK or a failure; an unknown unit is left to the caller's read. */
static int
learn_evaluations(struct kstore *st, const char *unit, int year)
{
	struct kst_stmt *s;
	int64_t          id;
	int              rc;

	if (!st->ops->in_tx(st))
		return KS_OK;
	if ((rc = kst_unit_id(st, unit, &id)) != KS_OK)
		return rc == KS_NOTFOUND ? KS_OK : rc; /* unknown: the read says */
	if (derived_memo_of(st, id, year))
		return KS_OK;
	if ((s = keyed(st, sql_evaluated, unit, year, &rc)) == NULL)
		return rc;
	if ((rc = kst_step_one(st, s)) != KS_OK)
		return rc;
	st->derived_memo.unit_id   = id;
	st->derived_memo.year      = year;
	st->derived_memo.valid     = 1;
	st->derived_memo.no_akip   = kst_col_int(s, 0) == 0;
	st->derived_memo.no_survey = kst_col_int(s, 1) == 0;
	kst_done(s);
	return KS_OK;
}

/* A budget statement keyed by unit, year and tree. */
static struct kst_stmt *
tree_keyed(struct kstore *st, const char *sql, const char *unit, int year,
    enum kbudget_table t, int *rc)
{
	struct kst_stmt *s = keyed(st, sql, unit, year, rc);

	if (s != NULL)
		kst_bind_int(s, 3, (int) t);
	return s;
}

static int
run_keyed(struct kstore *st, const char *sql, const char *unit, int year)
{
	int           rc;
	struct kst_stmt *s = keyed(st, sql, unit, year, &rc);

	return s ? kst_exec(st, s) : rc;
}

static int
run_tree_keyed(struct kstore *st, const char *sql, enum kbudget_table t,
    const char *unit, int year)
{
	int           rc;
	struct kst_stmt *s = tree_keyed(st, sql, unit, year, t, &rc);

	return s ? kst_exec(st, s) : rc;
}

int
kstore_budget_mark(
    struct kstore *st, enum kbudget_table t, const char *unit, int year)
{
	return run_tree_keyed(st, sql_mark, t, unit, year);
}

int
kstore_budget_sweep(
    struct kstore *st, enum kbudget_table t, const char *unit, int year)
{
	return run_tree_keyed(st, sql_sweep, t, unit, year);
}

const char *
kst_text(struct kst_stmt *s, int col)
{
	const char *v = kst_col_text(s, col);

	return v ? v : "";
}

static void
optional_at(struct kst_stmt *s, int col, int *has, int64_t *v)
{
	*has = !kst_col_null(s, col);
	*v   = kst_col_int64(s, col);
}

/* Reads a row of LINE_COLUMNS; strings live until the next step. */
void
kst_budget_read_line(struct kst_stmt *s, struct kbudget_line *l)
{
	l->name   = kst_text(s, 0);
	l->parent = kst_text(s, 1);
	optional_at(s, 2, &l->has_pagu, &l->pagu_sen);
	optional_at(s, 3, &l->has_realisasi, &l->realisasi_sen);
	l->sasaran = kst_text(s, 4);
	l->output  = kst_text(s, 5);
	l->satuan  = kst_text(s, 6);
	optional_at(s, 7, &l->has_output_target, &l->output_target_e4);
	optional_at(s, 8, &l->has_output_realisasi, &l->output_realisasi_e4);
	l->code = kst_text(s, 10);
}

static int
same_optional(int ha, int64_t a, int hb, int64_t b)
{
	return ha == hb && (!ha || a == b);
}

static int
same_line(const struct kbudget_line *a, const struct kbudget_line *b)
{
	return strcmp(a->name, b->name) == 0 &&
	       strcmp(a->parent, b->parent) == 0 &&
	       strcmp(a->sasaran, b->sasaran) == 0 &&
	       strcmp(a->output, b->output) == 0 &&
	       strcmp(a->satuan, b->satuan) == 0 &&
	       same_optional(
	           a->has_pagu, a->pagu_sen, b->has_pagu, b->pagu_sen) &&
	       same_optional(a->has_realisasi, a->realisasi_sen,
	           b->has_realisasi, b->realisasi_sen) &&
	       same_optional(a->has_output_target, a->output_target_e4,
	           b->has_output_target, b->output_target_e4) &&
	       same_optional(a->has_output_realisasi, a->output_realisasi_e4,
	           b->has_output_realisasi, b->output_realisasi_e4);
}

/* What putting l does to the line stored under its code. */
static int
compare_stored(struct kstore *st, enum kbudget_table t, const char *unit,
    int year, const struct kbudget_line *l, enum kchange *change,
    struct kbudget_line *prev, char *buf, size_t len)
{
	struct kbudget_line old;
	struct kst_stmt *s;
	int                 rc;

	if ((s = tree_keyed(st, sql_get, unit, year, t, &rc)) == NULL)
		return rc;
	kst_bind_text(s, 4, l->code);
	if ((rc = kst_step_one(st, s)) == KS_NOTFOUND) {
		*change = KS_CREATED;
		return KS_OK;
	}
	if (rc != KS_OK)
		return rc;
	kst_budget_read_line(s, &old);
	rc      = kst_col_int(s, 9) >= 0 ? KS_CONFLICT : KS_OK;
	*change = same_line(&old, l) ? KS_UNCHANGED : KS_UPDATED;
	if (prev != NULL) {
		/* The row's texts go with it: copies outlive it. */
		*prev         = old;
		prev->code    = kst_copy(s, 10, &buf, &len);
		prev->name    = kst_copy(s, 0, &buf, &len);
		prev->parent  = kst_copy(s, 1, &buf, &len);
		prev->sasaran = kst_copy(s, 4, &buf, &len);
		prev->output  = kst_copy(s, 5, &buf, &len);
		prev->satuan  = kst_copy(s, 6, &buf, &len);
	}
	kst_done(s);
	return rc;
}

int
kstore_budget_put(struct kstore *st, enum kbudget_table t, const char *unit,
    int year, int seq, const struct kbudget_line *l, enum kchange *change,
    struct kbudget_line *old, char *buf, size_t len)
{
	struct kst_stmt *s;
	int           rc;

	rc = compare_stored(st, t, unit, year, l, change, old, buf, len);
	if (rc != KS_OK)
		return rc;
	if ((s = tree_keyed(st, sql_put, unit, year, t, &rc)) == NULL)
		return rc;
	kst_bind_text(s, 4, l->code);
	kst_bind_int(s, 5, seq);
	kst_bind_text(s, 6, l->name);
	kst_bind_text(s, 7, l->parent);
	kst_bind_opt(s, 8, l->has_pagu, l->pagu_sen);
	kst_bind_opt(s, 9, l->has_realisasi, l->realisasi_sen);
	kst_bind_text(s, 10, l->sasaran);
	kst_bind_text(s, 11, l->output);
	kst_bind_text(s, 12, l->satuan);
	kst_bind_opt(s, 13, l->has_output_target, l->output_target_e4);
	kst_bind_opt(s, 14, l->has_output_realisasi, l->output_realisasi_e4);
	return kst_exec(st, s);
}

int
kstore_budget_live(struct kstore *st, enum kbudget_table t, const char *unit,
    int year, const char *code)
{
	struct kst_stmt *s;
	int           rc, live;

	if ((s = tree_keyed(st, sql_get, unit, year, t, &rc)) == NULL)
		return rc;
	kst_bind_text(s, 4, code);
	if ((rc = kst_step_one(st, s)) != KS_OK)
		return rc;
	live = kst_col_int(s, 9) >= 0;
	kst_done(s);
	return live ? KS_OK : KS_NOTFOUND;
}

static int
list_lines(struct kstore *st, const char *sql, enum kbudget_table t,
    const char *unit, int year, kbudget_cb cb, void *arg)
{
	struct kst_stmt *s;
	struct kbudget_line l;
	int                 rc;

	if ((s = tree_keyed(st, sql, unit, year, t, &rc)) == NULL)
		return rc == KS_NOTFOUND ? KS_OK : rc;
	while ((rc = kst_step(st, s)) == 1) {
		kst_budget_read_line(s, &l);
		if (cb(arg, &l) != 0) {
			kst_done(s);
			return KS_OK;
		}
	}
	return rc;
}

int
kstore_budget_list(struct kstore *st, enum kbudget_table t, const char *unit,
    int year, kbudget_cb cb, void *arg)
{
	return list_lines(st, sql_list, t, unit, year, cb, arg);
}

int
kstore_budget_stale(struct kstore *st, enum kbudget_table t, const char *unit,
    int year, kbudget_cb cb, void *arg)
{
	return list_lines(st, sql_stale, t, unit, year, cb, arg);
}

static const char sql_sasaran_exists[] =
    "SELECT 1 FROM sasaran WHERE unit_id = ?1 AND name = ?3";

int
kstore_sasaran_exists(struct kstore *st, const char *unit, const char *name)
{
	struct kst_stmt *s;
	int           rc;

	if ((s = keyed(st, sql_sasaran_exists, unit, 0, &rc)) == NULL)
		return rc;
	kst_bind_text(s, 3, name);
	if ((rc = kst_step_one(st, s)) == KS_OK)
		kst_done(s);
	return rc;
}

/* ------------------------------------------------------------- survey */

static const char sql_survey_get[] =
    "SELECT respondents, indicator, stated_respondents FROM surveys"
    " WHERE unit_id = ?1 AND year = ?2";
static const char sql_unsur_get[] =
    "SELECT unsur, sum_e4, count FROM survey_unsur"
    " WHERE unit_id = ?1 AND year = ?2";
static const char sql_survey_put[] =
    "INSERT INTO surveys (unit_id, year, respondents, indicator,"
    " stated_respondents) VALUES (?1, ?2, ?3, ?4, ?5)"
    " ON CONFLICT (unit_id, year) DO UPDATE SET"
    " respondents = excluded.respondents, indicator = excluded.indicator,"
    " stated_respondents = excluded.stated_respondents";
static const char sql_unsur_put[] =
    "INSERT INTO survey_unsur (unit_id, year, unsur, sum_e4, count)"
    " VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (unit_id, year, unsur)"
    " DO UPDATE SET sum_e4 = excluded.sum_e4, count = excluded.count";
static const char sql_response_clear[] =
    "DELETE FROM survey_responses WHERE unit_id = ?1 AND year = ?2";
static const char sql_profile_clear[] =
    "DELETE FROM survey_profile WHERE unit_id = ?1 AND year = ?2";
static const char sql_profile_add[] =
    "INSERT INTO survey_profile (unit_id, year, field, value, count)"
    " VALUES (?1, ?2, ?3, ?4, 1) ON CONFLICT (unit_id, year, field, value)"
    " DO UPDATE SET count = survey_profile.count + 1";
static const char sql_profile_list[] =
    "SELECT field, value, count FROM survey_profile"
    " WHERE unit_id = ?1 AND year = ?2 ORDER BY field, count DESC, value";

int
kstore_survey_get(
    struct kstore *st, const char *unit, int year, struct ksurvey *out)
{
	struct kst_stmt *s;
	int           rc, u;

	memset(out, 0, sizeof(*out));
	if ((rc = learn_evaluations(st, unit, year)) != KS_OK)
		return rc;
	if (known_none(st, unit, year, NO_SURVEY))
		return KS_NOTFOUND;
	if ((s = keyed(st, sql_survey_get, unit, year, &rc)) == NULL)
		return rc;
	if ((rc = kst_step_one(st, s)) != KS_OK)
		return rc;
	out->respondents        = kst_col_int64(s, 0);
	out->stated_respondents = kst_col_int64(s, 2); /* NULL: 0 */
	snprintf(out->indicator, sizeof(out->indicator), "%s", kst_text(s, 1));
	kst_done(s);
	if ((s = keyed(st, sql_unsur_get, unit, year, &rc)) == NULL)
		return rc;
	while ((rc = kst_step(st, s)) == 1) {
		u = kst_col_int(s, 0);
		if (u >= 1 && u <= KSURVEY_UNSUR) {
			out->sum_e4[u - 1] = kst_col_int64(s, 1);
			out->count[u - 1]  = kst_col_int64(s, 2);
		}
	}
	return rc;
}

static int
put_unsur(
    struct kstore *st, const char *unit, int year, const struct ksurvey *sv)
{
	struct kst_stmt *s;
	int           rc, i;

	for (i = 0; i < KSURVEY_UNSUR; i++) {
		if ((s = keyed(st, sql_unsur_put, unit, year, &rc)) == NULL)
			return rc;
		kst_bind_int(s, 3, i + 1);
		kst_bind_int64(s, 4, sv->sum_e4[i]);
		kst_bind_int64(s, 5, sv->count[i]);
		if ((rc = kst_exec(st, s)) != KS_OK)
			return rc;
	}
	return KS_OK;
}

int
kstore_survey_put(struct kstore *st, const char *unit, int year,
    const struct ksurvey *sv, enum kchange *change)
{
	struct ksurvey old;
	struct kst_stmt *s;
	int            rc = kstore_survey_get(st, unit, year, &old);

	if (rc < 0)
		return rc;
	*change = rc == KS_NOTFOUND                    ? KS_CREATED
	          : memcmp(&old, sv, sizeof(old)) == 0 ? KS_UNCHANGED
	                                               : KS_UPDATED;
	st->derived_memo.valid = 0;
	kst_ahead_forget(st);
	if ((s = keyed(st, sql_survey_put, unit, year, &rc)) == NULL)
		return rc;
	kst_bind_int64(s, 3, sv->respondents);
	kst_bind_text(s, 4, sv->indicator);
	kst_bind_opt(s, 5, sv->stated_respondents > 0, sv->stated_respondents);
	if ((rc = kst_exec(st, s)) != KS_OK ||
	    (rc = put_unsur(st, unit, year, sv)) != KS_OK ||
	    (rc = run_keyed(st, sql_response_clear, unit, year)) != KS_OK)
		return rc;
	return run_keyed(st, sql_profile_clear, unit, year);
}

int
kstore_survey_profile_add(struct kstore *st, const char *unit, int year,
    const char *field, const char *value)
{
	struct kst_stmt *s;
	int           rc;

	if ((s = keyed(st, sql_profile_add, unit, year, &rc)) == NULL)
		return rc;
	kst_bind_text(s, 3, field);
	kst_bind_text(s, 4, value);
	return kst_exec(st, s);
}

int
kstore_survey_profile(
    struct kstore *st, const char *unit, int year, kprofile_cb cb, void *arg)
{
	struct kst_stmt *s;
	int           rc;

	if ((s = keyed(st, sql_profile_list, unit, year, &rc)) == NULL)
		return rc;
	while ((rc = kst_step(st, s)) == 1) {
		if (cb(arg, kst_text(s, 0), kst_text(s, 1),
		        kst_col_int64(s, 2)) != 0) {
			kst_done(s);
			return KS_OK;
		}
	}
	return rc;
}

/* --------------------------------------------------------------- AKIP */

static const char sql_akip_list[] =
    "SELECT name, weight_e4, score_e4, target_e4 FROM akip_components"
    " WHERE unit_id = ?1 AND year = ?2 ORDER BY seq";
static const char sql_akip_clear[] =
    "DELETE FROM akip_components WHERE unit_id = ?1 AND year = ?2";
static const char sql_akip_put[] =
    "INSERT INTO akip_components VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
static const char sql_akip_indicator[] =
    "SELECT indicator FROM akip_components WHERE unit_id = ?1"
    " AND year = ?2 LIMIT 1";

int
kstore_akip_indicator(struct kstore *st, const char *unit, int year,
    char *out, size_t size)
{
	struct kst_stmt *s;
	int           rc;

	if ((rc = learn_evaluations(st, unit, year)) != KS_OK)
		return rc;
	if (known_none(st, unit, year, NO_AKIP))
		return KS_NOTFOUND;
	if ((s = keyed(st, sql_akip_indicator, unit, year, &rc)) == NULL)
		return rc;
	if ((rc = kst_step_one(st, s)) != KS_OK)
		return rc;
	snprintf(out, size, "%s", kst_text(s, 0));
	kst_done(s);
	return KS_OK;
}

int
kstore_akip_list(
    struct kstore *st, const char *unit, int year, kakip_cb cb, void *arg)
{
	struct kakip_component c;
	struct kst_stmt *s;
	int                    rc;

	if ((s = keyed(st, sql_akip_list, unit, year, &rc)) == NULL)
		return rc;
	while ((rc = kst_step(st, s)) == 1) {
		c.name      = kst_text(s, 0);
		c.weight_e4 = kst_col_int64(s, 1);
		c.score_e4  = kst_col_int64(s, 2);
		optional_at(s, 3, &c.has_target, &c.target_e4);
		if (cb(arg, &c) != 0) {
			kst_done(s);
			return KS_OK;
		}
	}
	return rc;
}

/* Compares the stored components with c one by one. */
struct akip_compare {
	const struct kakip_component *c;
	size_t                        n, seen;
	int                           differ;
};

static int
compare_component(void *arg, const struct kakip_component *old)
{
	struct akip_compare          *a = arg;
	const struct kakip_component *c;

	if (a->seen >= a->n) {
		a->differ = 1;
		return 1;
	}
	c = &a->c[a->seen++];
	if (strcmp(old->name, c->name) != 0 ||
	    old->weight_e4 != c->weight_e4 || old->score_e4 != c->score_e4 ||
	    !same_optional(
	        old->has_target, old->target_e4, c->has_target, c->target_e4))
		a->differ = 1;
	return a->differ;
}

int
kstore_akip_put(struct kstore *st, const char *unit, int year,
    const char *indicator, const struct kakip_component *c, size_t n,
    enum kchange *change)
{
	struct akip_compare cmp = { c, n, 0, 0 };
	struct kst_stmt *s;
	char                was[72] = "";
	size_t              i;
	int                 rc;

	rc = kstore_akip_list(st, unit, year, compare_component, &cmp);
	if (rc == KS_OK && cmp.seen > 0)
		rc = kstore_akip_indicator(st, unit, year, was, sizeof(was));
	if (rc != KS_OK)
		return rc;
	*change = cmp.seen == 0 ? KS_CREATED
	          : cmp.differ || cmp.seen != n || strcmp(was, indicator) != 0
	              ? KS_UPDATED
	              : KS_UNCHANGED;
	st->derived_memo.valid = 0;
	kst_ahead_forget(st);
	if ((rc = run_keyed(st, sql_akip_clear, unit, year)) != KS_OK)
		return rc;
	for (i = 0; i < n; i++) {
		if ((s = keyed(st, sql_akip_put, unit, year, &rc)) == NULL)
			return rc;
		kst_bind_int(s, 3, (int) i);
		kst_bind_text(s, 4, c[i].name);
		kst_bind_int64(s, 5, c[i].weight_e4);
		kst_bind_int64(s, 6, c[i].score_e4);
		kst_bind_opt(s, 7, c[i].has_target, c[i].target_e4);
		kst_bind_text(s, 8, indicator);
		if ((rc = kst_exec(st, s)) != KS_OK)
			return rc;
	}
	return KS_OK;
}

/* ---------------------------------------------------- raw responses */

static const char sql_response_add[] =
    "INSERT INTO survey_responses VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";
static const char sql_response_list[] =
    "SELECT respondent, scores, gender, education, age, occupation"
    " FROM survey_responses WHERE unit_id = ?1 AND year = ?2 ORDER BY seq";

int
kstore_survey_response_add(struct kstore *st, const char *unit, int year,
    int seq, const struct kresponse *r)
{
	struct kst_stmt *s;
	char          scores[64];
	int           rc, i, o = 0;

	for (i = 0; i < KSURVEY_UNSUR; i++)
		o += snprintf(scores + o, sizeof(scores) - (size_t) o, "%s%d",
		    i ? "," : "", r->scores[i]);
	if ((s = keyed(st, sql_response_add, unit, year, &rc)) == NULL)
		return rc;
	kst_bind_int(s, 3, seq);
	kst_bind_text(s, 4, r->respondent);
	kst_bind_text(s, 5, scores);
	kst_bind_text(s, 6, r->gender);
	kst_bind_text(s, 7, r->education);
	kst_bind_text(s, 8, r->age);
	kst_bind_text(s, 9, r->occupation);
	return kst_exec(st, s);
}

int
kstore_survey_responses(
    struct kstore *st, const char *unit, int year, kresponse_cb cb, void *arg)
{
	struct kresponse r;
	struct kst_stmt *s;
	const char      *p;
	int              rc, i;

	if ((s = keyed(st, sql_response_list, unit, year, &rc)) == NULL)
		return rc;
	while ((rc = kst_step(st, s)) == 1) {
		r.respondent = kst_text(s, 0);
		for (p = kst_text(s, 1), i = 0; i < KSURVEY_UNSUR; i++) {
			r.scores[i] = atoi(p);
			p           = strchr(p, ',') ? strchr(p, ',') + 1 : "";
		}
		r.gender     = kst_text(s, 2);
		r.education  = kst_text(s, 3);
		r.age        = kst_text(s, 4);
		r.occupation = kst_text(s, 5);
		if (cb(arg, &r) != 0) {
			kst_done(s);
			return KS_OK;
		}
	}
	return rc;
}

/* ------------------------------------------------------------- export */

/* ?1: a unit code or NULL for all; ?2: a year or 0 for all. */
/* CAST: PostgreSQL infers no type from IS NULL alone. */
#define UNIT_FILTER " (CAST(?1 AS TEXT) IS NULL OR u.code = ?1)"
#define YEAR_FILTER " (?2 = 0 OR x.year = ?2)"

static const char sql_links[] =
    "SELECT u.code, s.name, i.code, s.tujuan, si.penanggung_jawab"
    " FROM sasaran s"
    " JOIN units u ON u.id = s.unit_id"
    " JOIN sasaran_indicators si ON si.sasaran_id = s.id"
    " JOIN indicators i ON i.id = si.indicator_id"
    " WHERE" UNIT_FILTER " ORDER BY u.code, s.id, si.rowid";
static const char sql_value_export[] =
    "SELECT x.value_e4, x.predikat, x.revision, u.code, i.code, x.year,"
    " x.kind, x.period FROM value_revisions x"
    " JOIN units u ON u.id = x.unit_id"
    " JOIN indicators i ON i.id = x.indicator_id"
    " WHERE" UNIT_FILTER " AND" YEAR_FILTER
    " ORDER BY u.code, i.code, x.year, x.kind, x.period, x.revision";
static const char sql_budget_keys[] =
    "SELECT DISTINCT u.code, x.year FROM budget_lines x"
    " JOIN units u ON u.id = x.unit_id WHERE x.tree = ?3 AND x.seq >= 0"
    " AND" UNIT_FILTER " AND" YEAR_FILTER " ORDER BY u.code, x.year";
static const char sql_akip_keys[] =
    "SELECT DISTINCT u.code, x.year FROM akip_components x"
    " JOIN units u ON u.id = x.unit_id WHERE" UNIT_FILTER " AND" YEAR_FILTER
    " ORDER BY u.code, x.year";
static const char sql_survey_keys[] =
    "SELECT u.code, x.year FROM surveys x JOIN units u ON u.id = x.unit_id"
    " WHERE" UNIT_FILTER " AND" YEAR_FILTER " ORDER BY u.code, x.year";

struct kst_stmt *
kst_filtered(struct kstore *st, const char *sql, const char *unit, int year)
{
	struct kst_stmt *s = kst_stmt(st, sql);

	/* An export of revisions reads rows that may still wait. */
	if (s == NULL || kst_rows_flush(st) != KS_OK)
		return NULL;
	if (unit != NULL)
		kst_bind_text(s, 1, unit);
	else
		kst_bind_null(s, 1);
	kst_bind_int(s, 2, year);
	return s;
}

int
kstore_sasaran_list(
    struct kstore *st, const char *unit, klink_cb cb, void *arg)
{
	struct kst_stmt *s = kst_filtered(st, sql_links, unit, 0);
	struct ksasaran l;
	int             rc;

	if (s == NULL)
		return KS_ERROR;
	while ((rc = kst_step(st, s)) == 1) {
		l = (struct ksasaran) { kst_text(s, 0), kst_text(s, 1),
			kst_text(s, 2), kst_text(s, 3), kst_text(s, 4) };
		if (cb(arg, &l) != 0) {
			kst_done(s);
			return KS_OK;
		}
	}
	return rc;
}

int
kstore_value_export(
    struct kstore *st, const char *unit, int year, kvalue_cb cb, void *arg)
{
	struct kst_stmt *s = kst_filtered(st, sql_value_export, unit, year);
	struct kvalue v;
	int           rc;

	if (s == NULL)
		return KS_ERROR;
	while ((rc = kst_step(st, s)) == 1) {
		memset(&v, 0, sizeof(v));
		v.has_value = !kst_col_null(s, 0);
		v.value_e4  = kst_col_int64(s, 0);
		v.predikat  = v.has_value ? -1 : kst_col_int(s, 1);
		v.revision  = kst_col_int(s, 2);
		v.unit      = kst_text(s, 3);
		v.indicator = kst_text(s, 4);
		v.year      = kst_col_int(s, 5);
		v.kind      = kst_col_int(s, 6);
		v.period    = kst_col_int(s, 7);
		if (cb(arg, &v) != 0) {
			kst_done(s);
			return KS_OK;
		}
	}
	return rc;
}

int
kst_each_key(struct kstore *st, struct kst_stmt *s, kkey_cb cb, void *arg)
{
	int rc;

	if (s == NULL)
		return KS_ERROR;
	while ((rc = kst_step(st, s)) == 1) {
		if ((rc = cb(arg, kst_text(s, 0), kst_col_int(s, 1))) !=
		    KS_OK) {
			kst_done(s);
			return rc;
		}
	}
	return rc;
}

int
kstore_budget_keys(struct kstore *st, enum kbudget_table t, const char *unit,
    int year, kkey_cb cb, void *arg)
{
	struct kst_stmt *s = kst_filtered(st, sql_budget_keys, unit, year);

	if (s != NULL)
		kst_bind_int(s, 3, (int) t);
	return kst_each_key(st, s, cb, arg);
}

int
kstore_akip_keys(
    struct kstore *st, const char *unit, int year, kkey_cb cb, void *arg)
{
	return kst_each_key(st, kst_filtered(st, sql_akip_keys, unit, year), cb, arg);
}

int
kstore_survey_keys(
    struct kstore *st, const char *unit, int year, kkey_cb cb, void *arg)
{
	return kst_each_key(
	    st, kst_filtered(st, sql_survey_keys, unit, year), cb, arg);
}
