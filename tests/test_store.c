/*
 * test_store.c - the SQLite store on a temporary database: migrations,
 * units, indicators, sasaran links, value revisions, the capaian query,
 * request replays and transactions.
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "kcore.h"
#include "store_blocks.h"
#include "store_fixture.h"
#include "test_db.h"

/* The test reads or damages the SQLite file itself: on PostgreSQL
 * test_store_pg.c checks the same. */
#define SQLITE_ONLY()                                                       \
	do {                                                                \
		if (test_db_is_pg())                                         \
			skip();                                              \
	} while (0)


static enum kchange
put_value(struct kstore *st, const char *ind, int year, int kind, int64_t e4)
{
	struct kvalue v = { "tiram", ind, year, kind, 1, e4, KC_AKIP_NONE, 0 };
	enum kchange  c;

	assert_int_equal(kstore_value_put(st, &v, "req", &c, NULL), KS_OK);
	return c;
}

static void
test_open_sets_schema_version(void **state)
{
	struct fixture *f = *state;
	sqlite3        *db;
	sqlite3_stmt   *s;

	SQLITE_ONLY();
	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	assert_int_equal(
	    sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &s, NULL),
	    SQLITE_OK);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(s, 0), kstore_schema_version());
	sqlite3_finalize(s);
	sqlite3_close(db);
}

static void
test_reopen_keeps_data(void **state)
{
	struct fixture *f = *state;
	struct kunit    u;
	char            buf[256], err[256];

	world(f->st);
	kstore_close(f->st);
	assert_int_equal(
	    kstore_open(f->path, &f->st, err, sizeof(err)), KS_OK);
	assert_int_equal(
	    kstore_unit_get(f->st, "tiram", &u, buf, sizeof(buf)), KS_OK);
	assert_string_equal(u.parent, "batubara");
	assert_int_equal(u.level, 3);
}

static void
test_newer_schema_is_refused(void **state)
{
	struct fixture *f = *state;
	struct kstore  *st;
	sqlite3        *db;
	char            err[256];

	SQLITE_ONLY();
	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	assert_int_equal(
	    sqlite3_exec(db, "PRAGMA user_version = 999", 0, 0, 0), SQLITE_OK);
	sqlite3_close(db);
	assert_int_equal(
	    kstore_open(f->path, &st, err, sizeof(err)), KS_ERROR);
	assert_non_null(strstr(err, "newer"));
}

static void
test_unit_put_reports_change(void **state)
{
	struct fixture *f = *state;
	struct kunit    u = { "sumut", "Sumatera Utara", "", 1 };
	enum kchange    c;

	put_unit(f->st, "sumut", "", 1, KS_CREATED);
	put_unit(f->st, "sumut", "", 1, KS_UNCHANGED);
	assert_int_equal(kstore_unit_put(f->st, &u, &c), KS_OK);
	assert_int_equal(c, KS_UPDATED);
}

static void
test_unit_with_unknown_parent_is_not_found(void **state)
{
	struct fixture *f = *state;
	struct kunit    u = { "tiram", "Tiram", "nowhere", 3 };
	struct kunit    out;
	enum kchange    c;
	char            buf[256];

	assert_int_equal(kstore_unit_put(f->st, &u, &c), KS_NOTFOUND);
	assert_int_equal(
	    kstore_unit_get(f->st, "tiram", &out, buf, sizeof(buf)),
	    KS_NOTFOUND);
}

static int
count_unit(void *arg, const struct kunit *u)
{
	(void) u;
	(*(int *) arg)++;
	return 0;
}

static void
test_unit_list_filters_by_parent(void **state)
{
	struct fixture *f   = *state;
	int             all = 0, roots = 0, kids = 0, level = 0;

	world(f->st);
	put_unit(f->st, "balai", "batubara", 3, KS_CREATED);
	assert_int_equal(kstore_unit_list(f->st, NULL, count_unit, &all), 0);
	assert_int_equal(kstore_unit_list(f->st, "", count_unit, &roots), 0);
	assert_int_equal(
	    kstore_unit_list(f->st, "batubara", count_unit, &kids), 0);
	assert_int_equal(all, 4);
	assert_int_equal(roots, 1);
	assert_int_equal(kids, 2);
	assert_int_equal(
	    kstore_unit_min_child_level(f->st, "batubara", &level), KS_OK);
	assert_int_equal(level, 3);
}

static void
test_indicator_round_trip(void **state)
{
	struct fixture   *f  = *state;
	struct kindicator in = { "ADUAN", "Jumlah aduan", "Kasus", 2, 1 };
	struct kindicator out;
	enum kchange      c;
	char              buf[256];

	assert_int_equal(kstore_indicator_put(f->st, &in, &c), KS_OK);
	assert_int_equal(c, KS_CREATED);
	assert_int_equal(
	    kstore_indicator_get(f->st, "ADUAN", &out, buf, sizeof(buf)),
	    KS_OK);
	assert_string_equal(out.satuan, "Kasus");
	assert_int_equal(out.polarity, 2);
	assert_int_equal(kstore_indicator_put(f->st, &in, &c), KS_OK);
	assert_int_equal(c, KS_UNCHANGED);
}

/* The range an indicator sets is stored, read back (by get and by list)
 * and a change of it alone is an update; a bound may be absent. */
static int
keep_adu(void *arg, const struct kindicator *i)
{
	if (strcmp(i->code, "ADU") == 0)
		*(struct kindicator *) arg = *i;
	return 0;
}

static void
test_indicator_range_round_trip(void **state)
{
	struct fixture   *f  = *state;
	struct kindicator in = { "ADU", "Jumlah aduan", "Kasus", 2, 1, 1, 0,
		-50000, 0 };
	struct kindicator out, listed = { 0 };
	enum kchange      c;
	char              buf[256];

	assert_int_equal(kstore_indicator_put(f->st, &in, &c), KS_OK);
	assert_int_equal(
	    kstore_indicator_get(f->st, "ADU", &out, buf, sizeof(buf)), KS_OK);
	assert_true(out.has_min);
	assert_int_equal(out.min_e4, -50000);
	assert_false(out.has_max);
	assert_int_equal(kstore_indicator_put(f->st, &in, &c), KS_OK);
	assert_int_equal(c, KS_UNCHANGED);
	in.has_max = 1;
	in.max_e4  = 1000000;
	assert_int_equal(kstore_indicator_put(f->st, &in, &c), KS_OK);
	assert_int_equal(c, KS_UPDATED);
	assert_int_equal(
	    kstore_indicator_list(f->st, keep_adu, &listed), KS_OK);
	assert_true(listed.has_min && listed.has_max);
	assert_int_equal(listed.min_e4, -50000);
	assert_int_equal(listed.max_e4, 1000000);
	in.has_min = in.has_max = 0;
	assert_int_equal(kstore_indicator_put(f->st, &in, &c), KS_OK);
	assert_int_equal(c, KS_UPDATED);
	assert_int_equal(
	    kstore_indicator_get(f->st, "ADU", &out, buf, sizeof(buf)), KS_OK);
	assert_false(out.has_min || out.has_max);
}

static enum kchange
put_value_of(struct kstore *st, const char *unit, int year, int64_t e4)
{
	struct kvalue v = { unit, "IKM", year, 3, 1, e4, KC_AKIP_NONE, 0 };
	enum kchange  c;

	assert_int_equal(kstore_value_put(st, &v, "req", &c, NULL), KS_OK);
	return c;
}

/* Puts a unit-year's value as it is twice: the second reads the
 * unit-year whole, from what was read ahead unless that is stale. */
static void
put_same_twice(struct kstore *st, const char *unit, int64_t e4)
{
	assert_int_equal(put_value_of(st, unit, 2025, e4), KS_UNCHANGED);
	assert_int_equal(put_value_of(st, unit, 2025, e4), KS_UNCHANGED);
}

/* Unit-years read ahead (kstore_unit_years_ahead; on PostgreSQL) change
 * no answer: a value written into one before it is read whole; a
 * sasaran link, an AKIP evaluation, a unit's level and a survey written
 * after the read; and a unit the plan names that does not exist are all
 * seen as they are. */
static void
test_ahead_changes_no_answer(void **state)
{
	struct fixture        *f    = *state;
	struct ksasaran        sa   = { "deras", "Baru", "NEW", "", NULL };
	struct kakip_component k[1] = { { "Perencanaan", 300000, 250000, 0,
	    0 } };
	const char *const units[]   = { "tiram", "balai", "nowhere", "deras",
		  "suka", "kuala" };
	const int         years[]   = { 2025, 2025, 2025, 2025, 2025, 2025 };
	const char *const more[]    = { "balai", "deras", "suka", "kuala" };
	struct kunit      moved     = { "kuala", "kuala", "batubara", 4 };
	struct ksurvey    sv, got;
	enum kchange      c;
	char              ind[72];
	int               i, level;

	world(f->st);
	put_indicator(f->st, "NEW", 1);
	assert_int_equal(
	    put_value_of(f->st, "tiram", 2025, 800000), KS_CREATED);
	for (i = 0; i < 4; i++) {
		put_unit(f->st, more[i], "batubara", 3, KS_CREATED);
		assert_int_equal(
		    put_value_of(f->st, more[i], 2025, 700000), KS_CREATED);
	}
	assert_int_equal(kstore_begin(f->st), KS_OK);
	kstore_unit_years_ahead(f->st, units, years, 6);
	put_same_twice(f->st, "tiram", 800000);
	assert_int_equal(
	    put_value_of(f->st, "tiram", 2025, 810000), KS_UPDATED);
	/* Written before its unit-year is read whole (a unit-year of one
	 * value before it: read value by value), not what was read. */
	assert_int_equal(
	    put_value_of(f->st, "tiram", 2024, 500000), KS_CREATED);
	assert_int_equal(
	    put_value_of(f->st, "balai", 2025, 710000), KS_UPDATED);
	put_same_twice(f->st, "balai", 710000);
	assert_int_equal(kstore_unit_exists(f->st, "nowhere"), KS_NOTFOUND);
	assert_int_equal(kstore_sasaran_put(f->st, &sa, &c), KS_OK);
	put_same_twice(f->st, "deras", 700000);
	assert_int_equal(kstore_value_linked(f->st, "deras", "NEW"), 1);
	assert_int_equal(
	    kstore_akip_put(f->st, "suka", 2025, "AKIP", k, 1, &c), KS_OK);
	put_same_twice(f->st, "suka", 700000);
	assert_int_equal(
	    kstore_akip_indicator(f->st, "suka", 2025, ind, sizeof(ind)),
	    KS_OK);
	assert_string_equal(ind, "AKIP");
	assert_int_equal(kstore_unit_put(f->st, &moved, &c), KS_OK);
	assert_int_equal(kstore_unit_level(f->st, "kuala", &level), KS_OK);
	assert_int_equal(level, 4);
	memset(&sv, 0, sizeof(sv));
	strcpy(sv.indicator, "IKM");
	sv.respondents = 10;
	assert_int_equal(
	    kstore_survey_put(f->st, "kuala", 2025, &sv, &c), KS_OK);
	put_same_twice(f->st, "kuala", 700000);
	assert_int_equal(kstore_survey_get(f->st, "kuala", 2025, &got), KS_OK);
	assert_int_equal(kstore_commit(f->st), KS_OK);
}

/* A plan of more unit-years than one statement reads (KST_AHEAD, 32),
 * started in its middle: each unit-year is read with its own values. */
static void
test_ahead_over_several_reads(void **state)
{
	enum { N = 40 };
	struct fixture *f = *state;
	char            code[N][8];
	const char     *units[N];
	int             years[N], i, k;

	world(f->st);
	for (i = 0; i < N; i++) {
		snprintf(code[i], sizeof(code[i]), "u%02d", i);
		units[i] = code[i];
		years[i] = 2025;
		put_unit(f->st, code[i], "batubara", 3, KS_CREATED);
		assert_int_equal(
		    put_value_of(f->st, code[i], 2025, 100000 + i),
		    KS_CREATED);
	}
	assert_int_equal(kstore_begin(f->st), KS_OK);
	kstore_unit_years_ahead(f->st, units, years, N);
	for (k = 0; k < N; k++) {
		i = (k + 35) % N;
		put_same_twice(f->st, code[i], 100000 + i);
	}
	assert_int_equal(kstore_commit(f->st), KS_OK);
}

static int64_t stepped_base, stepped_reads;

/* Steps 300 ms (more than PostgreSQL's 250 ms of slack) every other
 * read: two reads in one instant meet a step in one of the phases. */
static int64_t
stepped_clock(void)
{
	return stepped_base + ++stepped_reads / 2 * 300;
}

/* Once the time left shrinks past its slack, statement_timeout is set
 * again, and the pipe of waiting writes is drained first. The statement
 * that finds the step must not run beside the pipe (libpq refuses: "not
 * allowed in pipeline mode"), whichever of its reads sees it first. */
static void
test_timeout_steps_with_writes_waiting(void **state)
{
	struct fixture *f = *state;
	struct kunit    u;
	char            code[16], buf[KSTORE_BUF];
	int             phase, i;

	world(f->st);
	for (phase = 0; phase < 2; phase++) {
		stepped_base  = kstore_now_ms();
		stepped_reads = phase;
		kstore_set_deadline_clock(f->st, stepped_clock);
		kstore_set_deadline(f->st, stepped_base + 86400000);
		assert_int_equal(kstore_begin(f->st), KS_OK);
		for (i = 0; i < 8; i++) {
			snprintf(code, sizeof(code), "u%d-%d", phase, i);
			put_unit(f->st, code, "batubara", 3, KS_CREATED);
		}
		assert_int_equal(kstore_commit(f->st), KS_OK);
		kstore_set_deadline(f->st, 0);
		kstore_set_deadline_clock(f->st, NULL);
		/* PostgreSQL reads it before each statement (SQLite only
		 * in long ones): the steps were met. */
		assert_true(!test_db_is_pg() || stepped_reads > 8);
	}
	assert_int_equal(
	    kstore_unit_get(f->st, "u1-7", &u, buf, sizeof(buf)), KS_OK);
}

/* Stored numbers outside a range are counted; an absent bound excludes
 * nothing; values of other indicators do not count. */
static void
test_indicator_values_outside_a_range(void **state)
{
	struct fixture *f = *state;
	int64_t         n = -1;

	world(f->st);
	put_value(f->st, "IKM", 2024, 4, 450000);
	put_value(f->st, "IKM", 2025, 4, 900000);
	put_value(f->st, "AKIP", 2025, 4, 100000);
	assert_int_equal(
	    kstore_indicator_outside(f->st, "IKM", 1, 500000, 1, 1000000, &n),
	    KS_OK);
	assert_int_equal(n, 1);
	assert_int_equal(
	    kstore_indicator_outside(f->st, "IKM", 0, 0, 1, 800000, &n),
	    KS_OK);
	assert_int_equal(n, 1);
	assert_int_equal(
	    kstore_indicator_outside(f->st, "IKM", 0, 0, 0, 0, &n), KS_OK);
	assert_int_equal(n, 0);
	assert_int_equal(
	    kstore_indicator_outside(f->st, "IKM", 1, 250000, 1, 1000000, &n),
	    KS_OK);
	assert_int_equal(n, 0);
}

static void
test_sasaran_link_twice_is_unchanged(void **state)
{
	struct fixture *f  = *state;
	struct ksasaran s  = { "tiram", "Kepuasan", "IKM", "Pelayanan" };
	struct ksasaran s2 = { "tiram", "Kepuasan", "AKIP", "Pelayanan" };
	enum kchange    c;

	world(f->st);
	assert_int_equal(kstore_sasaran_put(f->st, &s, &c), KS_OK);
	assert_int_equal(c, KS_UNCHANGED);
	assert_int_equal(kstore_sasaran_put(f->st, &s2, &c), KS_OK);
	assert_int_equal(c, KS_CREATED);
}

/* ------------------------------------------------------- value_blocks */

static sqlite3 *
open_raw(const char *path)
{
	sqlite3 *db;

	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	return db;
}

/* The first column of sql's one row on path's database. */
static long long
count_rows(const char *path, const char *sql)
{
	sqlite3      *db = open_raw(path);
	sqlite3_stmt *s;
	long long     n;

	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &s, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	n = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	sqlite3_close(db);
	return n;
}

/* One block row against the year's values in its range, each unit's
 * figures compared as the rows hold them. */
static void
assert_block_is_its_rows(sqlite3 *db, sqlite3_stmt *blk)
{
	sqlite3_stmt *q;
	struct kblock b;
	uint64_t      seen  = 0;
	int64_t       block = sqlite3_column_int64(blk, 4);
	int           i;

	assert_int_equal(kblock_decode(sqlite3_column_blob(blk, 5),
	                     (size_t) sqlite3_column_bytes(blk, 5), &b),
	    0);
	assert_int_equal(sqlite3_prepare_v2(db,
	                     "SELECT unit_id, value_e4, predikat"
	                     " FROM indicator_values WHERE indicator_id = ?1"
	                     " AND year = ?2 AND kind = ?3 AND period = 0"
	                     " AND unit_id BETWEEN ?4 * 64 AND ?4 * 64 + 63",
	                     -1, &q, NULL),
	    SQLITE_OK);
	for (i = 0; i < 3; i++)
		sqlite3_bind_int64(q, i + 1, sqlite3_column_int64(blk, i));
	sqlite3_bind_int64(q, 4, block);
	while (sqlite3_step(q) == SQLITE_ROW) {
		unsigned u =
		    (unsigned) (sqlite3_column_int64(q, 0) - block * 64);
		int has = sqlite3_column_type(q, 1) != SQLITE_NULL;

		seen |= (uint64_t) 1 << u;
		assert_true(b.present >> u & 1);
		assert_int_equal(!(b.null_value >> u & 1), has);
		if (has)
			assert_int_equal(b.v[u], sqlite3_column_int64(q, 1));
		else if (sqlite3_column_type(q, 2) != SQLITE_NULL)
			assert_int_equal(b.v[u], sqlite3_column_int64(q, 2));
		else
			assert_true(b.null_predikat >> u & 1);
	}
	sqlite3_finalize(q);
	assert_true(seen == b.present);
}

/* value_blocks holds exactly the blocks of the year's values there are,
 * each decoding to its rows, and nothing is marked. */
static void
assert_blocks_exact(const char *path)
{
	sqlite3      *db = open_raw(path);
	sqlite3_stmt *blk;
	long long     n = 0;

	assert_int_equal(sqlite3_prepare_v2(db,
	                     "SELECT indicator_id, year, kind, period, block,"
	                     " data FROM value_blocks",
	                     -1, &blk, NULL),
	    SQLITE_OK);
	for (; sqlite3_step(blk) == SQLITE_ROW; n++) {
		assert_int_equal(sqlite3_column_int(blk, 3), 0);
		assert_block_is_its_rows(db, blk);
	}
	sqlite3_finalize(blk);
	sqlite3_close(db);
	assert_true(n > 0);
	assert_int_equal(
	    n, count_rows(path, "SELECT count(*) FROM (SELECT DISTINCT"
	                        " indicator_id, year, kind, unit_id >> 6"
	                        " FROM indicator_values WHERE period = 0)"));
	assert_int_equal(
	    count_rows(path, "SELECT count(*) FROM value_blocks_dirty"), 0);
}

static void
put_figure(
    struct kstore *st, const char *unit, int has, int64_t e4, int predikat)
{
	struct kvalue v = { unit, "IKM", 2025, 3, has, e4, predikat, 0 };
	enum kchange  c;

	assert_int_equal(kstore_value_put(st, &v, "req", &c, NULL), KS_OK);
}

struct seen {
	int64_t unit_id[80];
	int64_t e4[80];
	int     predikat[80], has[80];
	int     n;
};

static int
see_value(void *arg, const struct kvalue *v)
{
	struct seen *s = arg;

	assert_true(s->n < 80);
	s->unit_id[s->n]  = v->unit_id;
	s->e4[s->n]       = v->value_e4;
	s->predikat[s->n] = v->predikat;
	s->has[s->n++]    = v->has_value;
	return 0;
}

/* kstore_values_of_year in a read transaction gives what
 * indicator_values holds for IKM 2025 kind 3, in unit order. */
static void
assert_year_read_back(struct kstore *st, const char *path)
{
	sqlite3      *db;
	sqlite3_stmt *q;
	struct seen   seen = { .n = 0 };
	int           i    = 0;

	assert_int_equal(kstore_begin_read(st), KS_OK);
	assert_int_equal(
	    kstore_values_of_year(st, "IKM", 2025, 3, see_value, &seen),
	    KS_OK);
	kstore_rollback(st);
	db = open_raw(path);
	assert_int_equal(sqlite3_prepare_v2(db,
	                     "SELECT unit_id, value_e4, predikat"
	                     " FROM indicator_values WHERE indicator_id = 1"
	                     " AND year = 2025 AND kind = 3 AND period = 0"
	                     " ORDER BY unit_id",
	                     -1, &q, NULL),
	    SQLITE_OK);
	for (; sqlite3_step(q) == SQLITE_ROW; i++) {
		int has = sqlite3_column_type(q, 1) != SQLITE_NULL;

		assert_true(i < seen.n);
		assert_int_equal(seen.unit_id[i], sqlite3_column_int64(q, 0));
		assert_int_equal(seen.has[i], has);
		if (has)
			assert_int_equal(
			    seen.e4[i], sqlite3_column_int64(q, 1));
		else
			assert_int_equal(
			    seen.predikat[i], sqlite3_column_int(q, 2));
	}
	assert_int_equal(i, seen.n);
	sqlite3_finalize(q);
	sqlite3_close(db);
}

/* 70 units under batubara (ids 4-73: blocks 0 and 1), each with an IKM
 * value in 2025, committed. */
static void
seventy_values(struct fixture *f)
{
	char code[16];
	int  i;

	world(f->st);
	assert_int_equal(kstore_begin(f->st), KS_OK);
	for (i = 0; i < 70; i++) {
		snprintf(code, sizeof(code), "u%02d", i);
		put_unit(f->st, code, "batubara", 3, KS_CREATED);
		put_figure(f->st, code, 1, (int64_t) i * 12345 - 400000, 0);
	}
	assert_int_equal(kstore_commit(f->st), KS_OK);
}

/* A kinerjad write of one value, committed: it builds every block
 * marked. */
static void
commit_one(struct kstore *st, const char *unit, int64_t e4)
{
	assert_int_equal(kstore_begin(st), KS_OK);
	put_figure(st, unit, 1, e4, 0);
	assert_int_equal(kstore_commit(st), KS_OK);
}

static void
raw_sql(const char *path, const char *sql)
{
	sqlite3 *db = open_raw(path);

	assert_int_equal(sqlite3_exec(db, sql, 0, 0, 0), SQLITE_OK);
	sqlite3_close(db);
}

/* kinerjad's writes keep value_blocks exact: new values over two
 * blocks, values written again, a value become a predikat or neither,
 * a transaction and a savepoint rolled back. A triwulan's value (period
 * 1) makes no block. */
static void
test_value_blocks_follow_kinerjad_writes(void **state)
{
	struct fixture *f = *state;
	struct kvalue   q = { "u01", "IKM", 2025, 4, 1, 5, KC_AKIP_NONE, 0 };
	enum kchange    c;

	SQLITE_ONLY();
	seventy_values(f);
	assert_blocks_exact(f->path);
	assert_int_equal(kstore_begin(f->st), KS_OK);
	put_figure(f->st, "u05", 1, 7, 0);
	put_figure(f->st, "u06", 0, 0, KC_AKIP_B);
	put_figure(f->st, "u65", 0, 0, KC_AKIP_NONE);
	q.period = 1;
	assert_int_equal(kstore_value_put(f->st, &q, "req", &c, NULL), KS_OK);
	assert_int_equal(kstore_commit(f->st), KS_OK);
	assert_int_equal(kstore_begin(f->st), KS_OK);
	put_figure(f->st, "u07", 1, 1, 0);
	kstore_rollback(f->st);
	assert_int_equal(kstore_begin(f->st), KS_OK);
	put_figure(f->st, "u08", 1, 8, 0);
	assert_int_equal(kstore_savepoint(f->st), KS_OK);
	put_figure(f->st, "u09", 1, 9, 0);
	kstore_rollback_savepoint(f->st);
	assert_int_equal(kstore_commit(f->st), KS_OK);
	assert_blocks_exact(f->path);
	assert_year_read_back(f->st, f->path);
	assert_int_equal(
	    count_rows(f->path, "SELECT value_e4 FROM indicator_values"
	                        " WHERE unit_id = 13 AND kind = 3"),
	    9 * 12345 - 400000);
}

/* A write not committed yet is read back inside its transaction, from
 * the values, its rows still waiting in the connection. */
static void
test_value_blocks_inside_a_write(void **state)
{
	struct fixture *f    = *state;
	struct seen     seen = { .n = 0 };

	SQLITE_ONLY();
	seventy_values(f);
	assert_int_equal(kstore_begin(f->st), KS_OK);
	put_figure(f->st, "u03", 1, 333, 0);
	assert_int_equal(
	    kstore_values_of_year(f->st, "IKM", 2025, 3, see_value, &seen),
	    KS_OK);
	assert_int_equal(seen.n, 70);
	assert_int_equal(seen.unit_id[3], 7);
	assert_int_equal(seen.e4[3], 333);
	kstore_rollback(f->st);
	assert_blocks_exact(f->path);
}

/* Another program's SQL marks the blocks it changes, and the year is
 * read from the values until kinerjad's next commit builds them: a key
 * moved out of a block, then rows deleted until a block is empty (and
 * gone). A block that does not decode is an error. */
static void
test_value_blocks_after_another_programs_sql(void **state)
{
	struct fixture *f    = *state;
	struct seen     seen = { .n = 0 };

	SQLITE_ONLY();
	seventy_values(f);
	raw_sql(f->path, "UPDATE indicator_values SET year = 2026"
	                 " WHERE unit_id BETWEEN 64 AND 68");
	assert_true(count_rows(f->path,
	                "SELECT count(*) FROM value_blocks_dirty") > 0);
	assert_year_read_back(f->st, f->path);
	commit_one(f->st, "u00", 5);
	assert_blocks_exact(f->path);
	assert_year_read_back(f->st, f->path);

	raw_sql(f->path, "DELETE FROM indicator_values"
	                 " WHERE unit_id BETWEEN 69 AND 73 OR unit_id = 10");
	assert_year_read_back(f->st, f->path);
	commit_one(f->st, "u00", 6);
	assert_blocks_exact(f->path);
	assert_int_equal(
	    count_rows(f->path, "SELECT count(*) FROM value_blocks"
	                        " WHERE year = 2025 AND block = 1"),
	    0);
	assert_year_read_back(f->st, f->path);

	raw_sql(f->path, "UPDATE value_blocks SET data = x'01'"
	                 " WHERE block = 0 AND year = 2025");
	assert_int_equal(kstore_begin_read(f->st), KS_OK);
	assert_int_equal(
	    kstore_values_of_year(f->st, "IKM", 2025, 3, see_value, &seen),
	    KS_ERROR);
	kstore_rollback(f->st);
}

/* A database of schema 14 with values gets its blocks when kinerjad
 * opens it, and so does one set back to 14 with its blocks damaged. */
static void
test_value_blocks_built_on_upgrade(void **state)
{
	struct fixture *f = *state;
	char            err[256];

	SQLITE_ONLY();
	seventy_values(f);
	kstore_close(f->st);
	raw_sql(f->path,
	    "DROP TRIGGER value_blocks_insert;"
	    "DROP TRIGGER value_blocks_update;"
	    "DROP TRIGGER value_blocks_delete;"
	    "DROP TABLE value_blocks; DROP TABLE value_blocks_dirty;"
	    "PRAGMA user_version = 14");
	assert_int_equal(
	    kstore_open(f->path, &f->st, err, sizeof(err)), KS_OK);
	assert_blocks_exact(f->path);
	assert_year_read_back(f->st, f->path);

	kstore_close(f->st);
	raw_sql(f->path, "UPDATE value_blocks SET data = x'01';"
	                 "PRAGMA user_version = 14");
	assert_int_equal(
	    kstore_open(f->path, &f->st, err, sizeof(err)), KS_OK);
	assert_blocks_exact(f->path);
	assert_year_read_back(f->st, f->path);
}

static void
test_value_revisions(void **state)
{
	struct fixture *f = *state;

	world(f->st);
	assert_int_equal(
	    put_value(f->st, "AKIP", 2025, 3, 712500), KS_CREATED);
	assert_int_equal(
	    put_value(f->st, "AKIP", 2025, 3, 712500), KS_UNCHANGED);
	assert_int_equal(
	    put_value(f->st, "AKIP", 2025, 3, 713800), KS_UPDATED);
}

static void
test_value_for_unknown_unit_is_not_found(void **state)
{
	struct fixture *f = *state;
	struct kvalue v = { "nowhere", "IKM", 2025, 3, 1, 900000, KC_AKIP_NONE,
		0 };
	enum kchange  c;

	world(f->st);
	assert_int_equal(
	    kstore_value_put(f->st, &v, "", &c, NULL), KS_NOTFOUND);
}

/* The lookup memo never outlives what it remembers: an indicator changed
 * in the transaction is read back changed, a unit rolled back is gone. */
static void
test_memo_follows_writes_and_rollbacks(void **state)
{
	struct fixture   *f = *state;
	struct kindicator ind;
	char              buf[KSTORE_BUF];

	world(f->st);
	assert_int_equal(kstore_begin(f->st), KS_OK);
	assert_int_equal(
	    kstore_indicator_get(f->st, "IKM", &ind, buf, sizeof(buf)), KS_OK);
	assert_int_equal(ind.polarity, 1);
	put_indicator(f->st, "IKM", 2);
	assert_int_equal(
	    kstore_indicator_get(f->st, "IKM", &ind, buf, sizeof(buf)), KS_OK);
	assert_int_equal(ind.polarity, 2);
	put_unit(f->st, "new", "batubara", 3, KS_CREATED);
	assert_int_equal(kstore_unit_exists(f->st, "new"), KS_OK);
	kstore_rollback(f->st);
	assert_int_equal(kstore_begin(f->st), KS_OK);
	assert_int_equal(kstore_unit_exists(f->st, "new"), KS_NOTFOUND);
	assert_int_equal(
	    kstore_indicator_get(f->st, "IKM", &ind, buf, sizeof(buf)), KS_OK);
	assert_int_equal(ind.polarity, 1);
	assert_int_equal(kstore_savepoint(f->st), KS_OK);
	put_unit(f->st, "new", "batubara", 3, KS_CREATED);
	assert_int_equal(kstore_unit_exists(f->st, "new"), KS_OK);
	kstore_rollback_savepoint(f->st);
	assert_int_equal(kstore_unit_exists(f->st, "new"), KS_NOTFOUND);
	kstore_rollback(f->st);
}

/* kstore_value_rows' rows as "year:kind:value_e4:revision", comma
 * separated. */
static int
value_walk(void *arg, const struct kvalue *v)
{
	char item[64];

	snprintf(item, sizeof(item), "%d:%d:%lld:%d", v->year, v->kind,
	    (long long) v->value_e4, v->revision);
	return walk_add(arg, item);
}

/* A value's row waits in the connection past reads of other tables and
 * past another unit-year's values (store_rows.c), never past a read of
 * values that could see it: a read in the transaction sees every value
 * written before it, and a key written again after another unit-year is
 * its second revision. */
static void
test_waiting_values_are_read_back(void **state)
{
	struct fixture  *f = *state;
	struct kvalue    key = { "tiram", "IKM", 2025, 3, 0, 0, 0, 0, 0, 0,
		   0 };
	struct kvalue    there = { "there", "IKM", 2025, 3, 1, 500000,
		   KC_AKIP_NONE, 0, 0, 0, 0 };
	struct kapproval a;
	struct walk      w = { 0 }, h = { 0 };
	char             buf[KSTORE_BUF];
	enum kchange     c;

	world(f->st);
	put_unit(f->st, "there", "batubara", 3, KS_CREATED);
	assert_int_equal(kstore_begin(f->st), KS_OK);
	assert_int_equal(put_value(f->st, "IKM", 2025, 3, 800000), KS_CREATED);
	assert_int_equal(put_value(f->st, "AKIP", 2025, 3, 700000), KS_CREATED);
	assert_int_equal(kstore_approval_get(f->st, "tiram", 2025, &a, buf,
	                     sizeof(buf)),
	    KS_NOTFOUND);
	assert_int_equal(kstore_value_put(f->st, &there, "req", &c, NULL), KS_OK);
	there.indicator = "AKIP";
	assert_int_equal(kstore_value_put(f->st, &there, "req", &c, NULL), KS_OK);
	assert_int_equal(put_value(f->st, "IKM", 2025, 3, 810000), KS_UPDATED);
	assert_int_equal(kstore_value_rows(f->st, "tiram", "IKM", 2025, 2025,
	                     value_walk, &w),
	    KS_OK);
	assert_string_equal(w.text, "2025:3:810000:2");
	assert_int_equal(kstore_commit(f->st), KS_OK);
	assert_int_equal(
	    kstore_value_history(f->st, &key, value_walk, &h), KS_OK);
	assert_string_equal(h.text, "2025:3:800000:1,2025:3:810000:2");
}

/* kstore_unit_year_read changes no answer (on PostgreSQL it fills the
 * value, link and evaluation memos at once): after it, a unit-year's
 * values, links and AKIP evaluation read as they are, and so does each
 * written after it in the transaction. */
static void
test_unit_year_read_changes_no_answer(void **state)
{
	struct fixture        *f   = *state;
	struct ksasaran        sa  = { "tiram", "Baru", "NEW", "", NULL };
	struct kakip_component k[1] = { { "Perencanaan", 300000, 250000, 0,
		0 } };
	enum kchange           c;
	char                   ind[72];

	world(f->st);
	put_indicator(f->st, "NEW", 1);
	assert_int_equal(put_value(f->st, "IKM", 2025, 3, 800000), KS_CREATED);
	assert_int_equal(kstore_begin(f->st), KS_OK);
	assert_int_equal(kstore_unit_year_read(f->st, "nowhere", 2025), KS_OK);
	assert_int_equal(kstore_unit_year_read(f->st, "tiram", 2025), KS_OK);
	assert_int_equal(put_value(f->st, "IKM", 2025, 3, 800000), KS_UNCHANGED);
	assert_int_equal(put_value(f->st, "IKM", 2025, 3, 810000), KS_UPDATED);
	assert_int_equal(put_value(f->st, "AKIP", 2025, 3, 700000), KS_CREATED);
	assert_int_equal(kstore_unit_year_read(f->st, "tiram", 2025), KS_OK);
	assert_int_equal(put_value(f->st, "AKIP", 2025, 3, 700000), KS_UNCHANGED);
	assert_int_equal(kstore_value_linked(f->st, "tiram", "IKM"), 1);
	assert_int_equal(kstore_value_linked(f->st, "tiram", "NEW"), 0);
	assert_int_equal(kstore_sasaran_put(f->st, &sa, &c), KS_OK);
	assert_int_equal(kstore_value_linked(f->st, "tiram", "NEW"), 1);
	assert_int_equal(
	    kstore_akip_indicator(f->st, "tiram", 2025, ind, sizeof(ind)),
	    KS_NOTFOUND);
	assert_int_equal(
	    kstore_akip_put(f->st, "tiram", 2025, "AKIP", k, 1, &c), KS_OK);
	assert_int_equal(kstore_unit_year_read(f->st, "tiram", 2025), KS_OK);
	assert_int_equal(
	    kstore_akip_indicator(f->st, "tiram", 2025, ind, sizeof(ind)),
	    KS_OK);
	assert_string_equal(ind, "AKIP");
	assert_int_equal(kstore_commit(f->st), KS_OK);
}

/* What kstore_leaf_units gives without a region: "code=name" each. */
static int
leaf_walk(void *arg, const struct kunit *u)
{
	char item[128];

	snprintf(item, sizeof(item), "%s=%s", u->code, u->name);
	return walk_add(arg, item);
}

static const char *
leaves(struct kstore *st)
{
	static struct walk w;

	memset(&w, 0, sizeof(w));
	assert_int_equal(kstore_leaf_units(st, NULL, leaf_walk, &w), KS_OK);
	return w.text;
}

/* The leaf units as the database has them: whatever changes them, on this
 * connection or another, shows at once; a rolled-back unit never. (They
 * were once kept between calls; a cache brought back must pass this.) */
static void
test_leaf_units_follow_every_writer(void **state)
{
	struct fixture *f = *state;
	struct kstore  *other;
	struct kunit    u = { "sungai", "Sungai Kecil", "batubara", 3, 0 };
	enum kchange    c;
	char            err[256];

	world(f->st);
	assert_string_equal(leaves(f->st), "tiram=tiram");
	assert_int_equal(kstore_open(f->path, &other, err, sizeof(err)), KS_OK);
	assert_int_equal(kstore_unit_put(other, &u, &c), KS_OK);
	assert_string_equal(
	    leaves(f->st), "sungai=Sungai Kecil,tiram=tiram");
	u.name = "Sungai Besar";
	assert_int_equal(kstore_unit_put(other, &u, &c), KS_OK);
	kstore_close(other);
	assert_string_equal(
	    leaves(f->st), "sungai=Sungai Besar,tiram=tiram");
	put_unit(f->st, "muara", "batubara", 3, KS_CREATED);
	assert_string_equal(
	    leaves(f->st), "muara=muara,sungai=Sungai Besar,tiram=tiram");
	assert_int_equal(kstore_begin(f->st), KS_OK);
	put_unit(f->st, "pantai", "tiram", 4, KS_CREATED);
	assert_string_equal(leaves(f->st),
	    "muara=muara,pantai=pantai,sungai=Sungai Besar");
	kstore_rollback(f->st);
	assert_string_equal(
	    leaves(f->st), "muara=muara,sungai=Sungai Besar,tiram=tiram");
}

/* The generation as a read transaction of st sees it. */
static int64_t
generation(struct kstore *st)
{
	int64_t gen = -1;

	assert_int_equal(kstore_begin_read(st), KS_OK);
	assert_int_equal(kstore_generation(st, &gen), KS_OK);
	kstore_rollback(st);
	return gen;
}

/* The write generation (kstore_generation) changes with every committed
 * write transaction of any connection, once, and with nothing else: not
 * a read, a rollback or a write not committed yet, which has none. */
static void
test_generation_follows_committed_writes(void **state)
{
	struct fixture *f = *state;
	struct kstore  *other;
	struct kunit    u = { "sungai", "Sungai", "batubara", 3, 0 };
	enum kchange    c;
	int64_t         g0, g;
	char            err[256];

	world(f->st);
	assert_int_equal(kstore_generation(f->st, &g), KS_NOTFOUND);
	g0 = generation(f->st);
	assert_int_equal(generation(f->st), g0); /* a read writes nothing */
	assert_int_equal(kstore_open(f->path, &other, err, sizeof(err)), KS_OK);
	assert_int_equal(generation(other), g0);
	assert_int_equal(kstore_begin(other), KS_OK);
	assert_int_equal(kstore_unit_put(other, &u, &c), KS_OK);
	assert_int_equal(kstore_generation(other, &g), KS_NOTFOUND);
	assert_int_equal(generation(f->st), g0); /* not committed yet */
	assert_int_equal(kstore_commit(other), KS_OK);
	assert_int_equal(generation(f->st), g0 + 1);
	assert_int_equal(kstore_begin(f->st), KS_OK);
	u.name = "Sungai Besar";
	assert_int_equal(kstore_unit_put(f->st, &u, &c), KS_OK);
	kstore_rollback(f->st);
	assert_int_equal(generation(other), g0 + 1);
	assert_int_equal(kstore_begin(f->st), KS_OK);
	assert_int_equal(kstore_unit_put(f->st, &u, &c), KS_OK);
	assert_int_equal(kstore_commit(f->st), KS_OK);
	assert_int_equal(generation(other), g0 + 2);
	assert_int_equal(generation(f->st), g0 + 2);
	kstore_close(other);
}

struct year_ids {
	int64_t tiram;
	int     n, matched;
};

static int
year_id(void *arg, const struct kvalue *v)
{
	struct year_ids *y = arg;

	y->n++;
	y->matched += v->unit_id == y->tiram && v->unit == NULL;
	return 0;
}

/* A year's values name their unit by the id kstore_unit_get gives. */
static void
test_values_of_year_carry_unit_ids(void **state)
{
	struct fixture *f = *state;
	struct kunit    u;
	struct year_ids y = { 0, 0, 0 };
	char            buf[KSTORE_BUF];

	world(f->st);
	put_value(f->st, "IKM", 2025, 4, 800000);
	assert_int_equal(
	    kstore_unit_get(f->st, "tiram", &u, buf, sizeof(buf)), KS_OK);
	assert_true(u.id > 0);
	y.tiram = u.id;
	assert_int_equal(
	    kstore_values_of_year(f->st, "IKM", 2025, 4, year_id, &y), KS_OK);
	assert_int_equal(y.n, 1);
	assert_int_equal(y.matched, 1);
}

/* What one ask of kstore_values_of_years gave: the value of tiram, and
 * whether its callback ran on the test's own thread. */
struct year_got {
	int64_t   tiram, e4;
	int       n, here;
	pthread_t self;
};

static int
year_got(void *arg, const struct kvalue *v)
{
	struct year_got *g = arg;

	g->n++;
	g->here = pthread_equal(pthread_self(), g->self);
	if (v->unit_id == g->tiram)
		g->e4 = v->value_e4;
	return 0;
}

/* A value of tiram written and committed as the service writes (in a
 * write transaction, which counts the write generation up). */
static void
commit_value(struct kstore *st, int year, int64_t e4)
{
	assert_int_equal(kstore_begin(st), KS_OK);
	put_value(st, "IKM", year, 4, e4);
	assert_int_equal(kstore_commit(st), KS_OK);
}

/* Reads 2024 and 2025 of IKM at once into g[0] and g[1]. */
static void
read_two_years(struct kstore *st, int64_t tiram, struct year_got *g)
{
	struct kvalues_ask ask[2] = { { 2024, 4, year_got, &g[0] },
		{ 2025, 4, year_got, &g[1] } };
	int                i;

	for (i = 0; i < 2; i++)
		g[i] = (struct year_got) { .tiram = tiram,
			.self                     = pthread_self() };
	assert_int_equal(kstore_values_of_years(st, "IKM", ask, 2, 1), KS_OK);
}

static int64_t
tiram_id(struct kstore *st)
{
	struct kunit u;
	char         buf[KSTORE_BUF];

	assert_int_equal(
	    kstore_unit_get(st, "tiram", &u, buf, sizeof(buf)), KS_OK);
	return u.id;
}

/* Two years read at once: on a SQLite file the first on the side
 * connection's thread, each into its own callback, as one read would. */
static void
test_values_of_years_read_beside(void **state)
{
	struct fixture *f = *state;
	struct year_got g[2];

	world(f->st);
	commit_value(f->st, 2024, 700000);
	commit_value(f->st, 2025, 800000);
	kstore_set_side_units(f->st, 1);
	assert_int_equal(kstore_begin_read(f->st), KS_OK);
	read_two_years(f->st, tiram_id(f->st), g);
	kstore_rollback(f->st);
	assert_int_equal(g[0].n, 1);
	assert_int_equal(g[0].e4, 700000);
	assert_int_equal(g[1].n, 1);
	assert_int_equal(g[1].e4, 800000);
	assert_true(g[1].here);
	/* PostgreSQL reads both on the caller's connection. */
	assert_int_equal(g[0].here, test_db_is_pg());
}

/* A write committed after the caller's snapshot began is not read: the
 * side connection's later snapshot has another write generation, so the
 * caller's connection reads that year itself. */
static void
test_values_of_years_keep_the_callers_snapshot(void **state)
{
	struct fixture *f = *state;
	struct kstore  *other;
	struct year_got g[2];
	int64_t         gen;
	char            err[256];

	world(f->st);
	commit_value(f->st, 2024, 700000);
	commit_value(f->st, 2025, 800000);
	kstore_set_side_units(f->st, 1);
	assert_int_equal(
	    kstore_open(f->path, &other, err, sizeof(err)), KS_OK);
	assert_int_equal(kstore_begin_read(f->st), KS_OK);
	assert_int_equal(kstore_generation(f->st, &gen), KS_OK);
	commit_value(other, 2024, 710000);
	read_two_years(f->st, tiram_id(f->st), g);
	kstore_rollback(f->st);
	assert_int_equal(g[0].e4, 700000);
	assert_true(g[0].here);
	assert_int_equal(g[1].e4, 800000);
	/* A new snapshot sees the write, on both connections again. */
	assert_int_equal(kstore_begin_read(f->st), KS_OK);
	read_two_years(f->st, tiram_id(f->st), g);
	kstore_rollback(f->st);
	assert_int_equal(g[0].e4, 710000);
	assert_int_equal(g[0].here, test_db_is_pg());
	kstore_close(other);
}

struct rows {
	int                 n;
	struct kcapaian_row last[4];
	char                sasaran[4][64];
};

static int
keep_row(void *arg, const struct kcapaian_row *r)
{
	struct rows *rows = arg;

	if (rows->n < 4) {
		rows->last[rows->n] = *r;
		snprintf(rows->sasaran[rows->n], 64, "%s", r->sasaran);
	}
	rows->n++;
	return 0;
}

static void
test_capaian_rows_carry_latest_values(void **state)
{
	struct fixture *f    = *state;
	struct rows     rows = { 0 };
	struct kvalue pred = { "tiram", "AKIP", 2021, 3, 0, 0, KC_AKIP_B, 0 };
	enum kchange  c;

	world(f->st);
	put_value(f->st, "IKM", 2025, 3, 900000);
	put_value(f->st, "IKM", 2025, 4, 900700);
	put_value(f->st, "AKIP", 2025, 3, 712500);
	put_value(f->st, "AKIP", 2025, 3, 713800);
	assert_int_equal(kstore_value_put(f->st, &pred, "", &c, NULL), KS_OK);
	assert_int_equal(
	    kstore_capaian_rows(f->st, "tiram", 2025, keep_row, &rows), KS_OK);
	assert_int_equal(rows.n, 2);
	assert_string_equal(rows.sasaran[0], "Kepuasan");
	assert_true(rows.last[0].has_target && rows.last[0].has_realisasi);
	assert_int_equal(rows.last[0].realisasi.value_e4, 900700);
	assert_int_equal(rows.last[1].target.value_e4, 713800);
	assert_int_equal(rows.last[1].target.revision, 2);
	assert_false(rows.last[1].has_realisasi);
	rows.n = 0;
	assert_int_equal(
	    kstore_capaian_rows(f->st, "tiram", 2021, keep_row, &rows), KS_OK);
	assert_false(rows.last[1].target.has_value);
	assert_int_equal(rows.last[1].target.predikat, KC_AKIP_B);
}

static void
test_replay_round_trip(void **state)
{
	struct fixture *f  = *state;
	struct kreplay  in = { "UpsertUnits", { 1, 2, 3 }, "abc", 3 };
	struct kreplay  out;
	char            method[64];

	assert_int_equal(
	    kstore_replay_get(f->st, "r1", &out, method, sizeof(method)),
	    KS_NOTFOUND);
	assert_int_equal(kstore_replay_put(f->st, "r1", &in), KS_OK);
	assert_int_equal(
	    kstore_replay_get(f->st, "r1", &out, method, sizeof(method)),
	    KS_OK);
	assert_int_equal(out.len, 3);
	assert_memory_equal(out.reply, "abc", 3);
	assert_string_equal(out.method, "UpsertUnits");
	assert_memory_equal(out.digest, in.digest, sizeof(in.digest));
	free(out.reply);
	/* The id is taken whatever the method. */
	in.method = "UpsertSasaran";
	assert_true(kstore_replay_put(f->st, "r1", &in) < 0);
}

static void
test_rollback_discards_writes(void **state)
{
	struct fixture *f = *state;
	struct kunit    u;
	char            buf[256];

	assert_int_equal(kstore_begin(f->st), KS_OK);
	put_unit(f->st, "sumut", "", 1, KS_CREATED);
	kstore_rollback(f->st);
	assert_int_equal(kstore_unit_get(f->st, "sumut", &u, buf, sizeof(buf)),
	    KS_NOTFOUND);
}

static void
test_savepoint_rolls_back_one_item(void **state)
{
	struct fixture *f = *state;
	struct kunit    u;
	char            buf[256];

	assert_int_equal(kstore_begin(f->st), KS_OK);
	assert_int_equal(kstore_savepoint(f->st), KS_OK);
	put_unit(f->st, "sumut", "", 1, KS_CREATED);
	assert_int_equal(kstore_release(f->st), KS_OK);
	assert_int_equal(kstore_savepoint(f->st), KS_OK);
	put_unit(f->st, "aceh", "", 1, KS_CREATED);
	kstore_rollback_savepoint(f->st);
	assert_int_equal(kstore_commit(f->st), KS_OK);
	assert_int_equal(
	    kstore_unit_get(f->st, "sumut", &u, buf, sizeof(buf)), KS_OK);
	assert_int_equal(
	    kstore_unit_get(f->st, "aceh", &u, buf, sizeof(buf)), KS_NOTFOUND);
}

static void
test_second_writer_waits_then_busy(void **state)
{
	struct fixture *f = *state;
	struct kstore  *other;
	char            err[256];

	assert_int_equal(
	    kstore_open(f->path, &other, err, sizeof(err)), KS_OK);
	assert_int_equal(kstore_begin(f->st), KS_OK);
	/* The deadline cuts the 5 s busy wait short. */
	kstore_set_deadline(other, kstore_now_ms() + 50);
	assert_true(kstore_begin(other) < 0);
	kstore_rollback(f->st);
	kstore_set_deadline(other, 0);
	assert_int_equal(kstore_begin(other), KS_OK);
	kstore_rollback(other);
	kstore_close(other);
}

/* Sets user_version behind the store's back. */
static void
set_user_version(const char *path, int version)
{
	sqlite3 *db;
	char     sql[64];

	snprintf(sql, sizeof(sql), "PRAGMA user_version = %d", version);
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, sql, 0, 0, 0), SQLITE_OK);
	sqlite3_close(db);
}

/* One text column of a one-row query on a fresh connection. */
static void
query_text(const char *path, const char *sql, char *out, size_t len)
{
	sqlite3      *db;
	sqlite3_stmt *s;

	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &s, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	snprintf(out, len, "%s", (const char *) sqlite3_column_text(s, 0));
	sqlite3_finalize(s);
	sqlite3_close(db);
}

static void
test_negative_schema_is_refused(void **state)
{
	static const int versions[] = { -1, -100, -100000 };
	struct fixture  *f          = *state;
	struct kstore   *st;
	char             err[256], want[32];
	size_t           i;

	SQLITE_ONLY();
	for (i = 0; i < sizeof(versions) / sizeof(versions[0]); i++) {
		set_user_version(f->path, versions[i]);
		assert_int_equal(
		    kstore_open(f->path, &st, err, sizeof(err)), KS_ERROR);
		snprintf(want, sizeof(want), "version %d", versions[i]);
		assert_non_null(strstr(err, want));
		assert_non_null(strstr(err, f->path));
	}
}

/* An older kinerjad must not switch a newer database to WAL (or change
 * anything else) before it refuses it. */
static void
test_newer_schema_is_left_untouched(void **state)
{
	struct fixture *f = *state;
	struct kstore  *st;
	char            path[600], err[256], mode[32];

	SQLITE_ONLY();
	snprintf(path, sizeof(path), "%s-newer", f->path);
	unlink(path);
	set_user_version(path, 999);
	query_text(path, "PRAGMA journal_mode", mode, sizeof(mode));
	assert_string_equal(mode, "delete");
	assert_int_equal(kstore_open(path, &st, err, sizeof(err)), KS_ERROR);
	assert_non_null(strstr(err, "version 999"));
	query_text(path, "PRAGMA journal_mode", mode, sizeof(mode));
	assert_string_equal(mode, "delete");
	unlink(path);
}

/* A database at path as SQLite made them before kinerjad's 8 kB pages:
 * 4 kB pages, WAL mode, and sql run in it. */
static void
old_database(const char *path, const char *sql)
{
	sqlite3 *db;

	remove_db(path);
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(
	    sqlite3_exec(db,
	        "PRAGMA page_size = 4096; PRAGMA journal_mode = WAL;", 0, 0,
	        0),
	    SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, sql, 0, 0, 0), SQLITE_OK);
	sqlite3_close(db);
}

/* A new database has 8 kB pages (store_sqlite.c's configure); one made
 * before keeps SQLite's 4 kB and still works. */
static void
test_page_size_of_new_and_old_databases(void **state)
{
	struct fixture *f = *state;
	struct kstore  *st;
	struct kunit    u = { "lama", "Lama", "", 1 };
	enum kchange    c;
	char            path[600], err[256], size[32];

	SQLITE_ONLY();
	query_text(f->path, "PRAGMA page_size", size, sizeof(size));
	assert_string_equal(size, "8192");
	snprintf(path, sizeof(path), "%s-old", f->path);
	old_database(path, "CREATE TABLE t (a); DROP TABLE t;");
	assert_int_equal(kstore_open(path, &st, err, sizeof(err)), KS_OK);
	assert_int_equal(kstore_unit_put(st, &u, &c), KS_OK);
	assert_int_equal(c, KS_CREATED);
	query_text(path, "PRAGMA journal_mode", size, sizeof(size));
	assert_string_equal(size, "wal");
	kstore_close(st);
	query_text(path, "PRAGMA page_size", size, sizeof(size));
	assert_string_equal(size, "4096");
	query_text(path, "SELECT name FROM units", size, sizeof(size));
	assert_string_equal(size, "Lama");
	remove_db(path);
}

/* A backup over an older database in WAL mode with 4 kB pages (an old
 * backup, served since) replaces it with the 8 kB pages it copies. */
static void
test_backup_over_a_database_of_other_pages(void **state)
{
	struct fixture *f = *state;
	char            path[600], out[64];

	SQLITE_ONLY();
	world(f->st);
	snprintf(path, sizeof(path), "%s-backup", f->path);
	old_database(
	    path, "CREATE TABLE old (a); INSERT INTO old VALUES (1);");
	assert_int_equal(kstore_backup(f->st, path), KS_OK);
	query_text(path, "PRAGMA page_size", out, sizeof(out));
	assert_string_equal(out, "8192");
	query_text(path, "SELECT name FROM units WHERE code = 'tiram'", out,
	    sizeof(out));
	assert_string_equal(out, "tiram");
	query_text(path,
	    "SELECT count(*) FROM sqlite_master WHERE name = 'old'", out,
	    sizeof(out));
	assert_string_equal(out, "0");
	remove_db(path);
}

static int64_t fake_now = 1000000; /* the store's wall clock, in seconds */

static int64_t
fake_clock(void)
{
	return fake_now;
}

/* The store on fake_clock, replays kept ttl seconds. */
static void
use_fake_clock(struct kstore *st, int64_t ttl)
{
	kstore_set_clock(st, fake_clock);
	kstore_set_replay_ttl(st, ttl);
}

static int64_t
replay_rows(const char *path)
{
	char n[32];

	query_text(path, "SELECT COUNT(*) FROM requests", n, sizeof(n));
	return strtoll(n, NULL, 10);
}

static void
test_replay_expires_after_ttl(void **state)
{
	struct fixture *f  = *state;
	struct kreplay  in = { "UpsertUnits", { 1 }, "abc", 3 };
	struct kreplay  out;
	char            method[64];

	use_fake_clock(f->st, 100);
	assert_int_equal(kstore_replay_put(f->st, "r1", &in), KS_OK);
	fake_now += 100;
	assert_int_equal(
	    kstore_replay_get(f->st, "r1", &out, method, sizeof(method)),
	    KS_OK);
	free(out.reply);
	/* Past the ttl a resend is a new write: the id is free again. */
	fake_now += 1;
	assert_int_equal(
	    kstore_replay_get(f->st, "r1", &out, method, sizeof(method)),
	    KS_NOTFOUND);
	in.method = "UpsertSasaran";
	assert_int_equal(kstore_replay_put(f->st, "r1", &in), KS_OK);
	assert_int_equal(
	    kstore_replay_get(f->st, "r1", &out, method, sizeof(method)),
	    KS_OK);
	assert_string_equal(out.method, "UpsertSasaran");
	free(out.reply);
}

static void
test_replay_expiry_deletes_old_rows(void **state)
{
	struct fixture *f  = *state;
	struct kreplay  in = { "UpsertUnits", { 1 }, "abc", 3 };
	char            id[32];
	int             i;

	SQLITE_ONLY();
	use_fake_clock(f->st, 100);
	/* One transaction for each 1000 writes, as a fsync each is slow. */
	assert_int_equal(kstore_begin(f->st), KS_OK);
	for (i = 0; i < 1000; i++) {
		snprintf(id, sizeof(id), "old-%d", i);
		assert_int_equal(kstore_replay_put(f->st, id, &in), KS_OK);
	}
	assert_int_equal(kstore_commit(f->st), KS_OK);
	assert_int_equal(replay_rows(f->path), 1000);
	fake_now += 101;
	/* Writes go on; each expiry is bounded, and they catch up. */
	assert_int_equal(kstore_begin(f->st), KS_OK);
	for (i = 0; i < 1000; i++) {
		snprintf(id, sizeof(id), "new-%d", i);
		assert_int_equal(kstore_replay_put(f->st, id, &in), KS_OK);
	}
	assert_int_equal(kstore_commit(f->st), KS_OK);
	assert_int_equal(replay_rows(f->path), 1000);
	assert_int_equal(kstore_replay_expire(f->st, 10), 0);
	fake_now += 101;
	assert_int_equal(kstore_replay_expire(f->st, 10), 10);
	assert_int_equal(replay_rows(f->path), 990);
}

static void
test_replay_ttl_zero_keeps_them(void **state)
{
	struct fixture *f  = *state;
	struct kreplay  in = { "UpsertUnits", { 1 }, "abc", 3 };
	struct kreplay  out;
	char            method[64];

	use_fake_clock(f->st, 0);
	assert_int_equal(kstore_replay_put(f->st, "r1", &in), KS_OK);
	fake_now += 365 * 86400;
	assert_int_equal(kstore_replay_expire(f->st, 10), 0);
	assert_int_equal(
	    kstore_replay_get(f->st, "r1", &out, method, sizeof(method)),
	    KS_OK);
	free(out.reply);
}

/* A page of the tokens table overwritten with garbage: the read fails,
 * and every connection to the database reports it as unhealthy. */
static void
test_corrupt_page_makes_store_unhealthy(void **state)
{
	struct fixture *f = *state;
	struct ktoken   t = { 0, "a", "admin", { 0 }, 1, 0 };
	struct kstore  *other;
	char            root[16], size[16], reason[256], err[256], buf[256];
	char            junk[65536];
	FILE           *db;

	SQLITE_ONLY();
	assert_int_equal(kstore_health(f->st, reason, sizeof(reason)), KS_OK);
	assert_int_equal(kstore_token_add(f->st, &t, NULL, 0), KS_OK);
	kstore_close(f->st);
	query_text(f->path,
	    "SELECT rootpage FROM sqlite_master WHERE name = 'tokens'", root,
	    sizeof(root));
	query_text(f->path, "PRAGMA page_size", size, sizeof(size));
	memset(junk, 0xA5, sizeof(junk));
	assert_non_null(db = fopen(f->path, "r+b"));
	assert_int_equal(
	    fseek(db, (atol(root) - 1) * atol(size), SEEK_SET), 0);
	assert_int_equal(fwrite(junk, 1, (size_t) atol(size), db), atol(size));
	fclose(db);
	assert_int_equal(
	    kstore_open(f->path, &f->st, err, sizeof(err)), KS_OK);
	assert_int_equal(
	    kstore_open(f->path, &other, err, sizeof(err)), KS_OK);
	assert_int_equal(kstore_health(other, reason, sizeof(reason)), KS_OK);
	assert_int_equal(
	    kstore_token_get(f->st, t.id, &t, buf, sizeof(buf)), KS_ERROR);
	assert_int_equal(
	    kstore_health(other, reason, sizeof(reason)), KS_ERROR);
	assert_non_null(strstr(reason, "malformed"));
	kstore_close(other);
}

/* One process per database unless both say it is shared. */
static void
test_lock_refuses_a_second_holder(void **state)
{
	struct fixture *f = *state;
	int             a, b, c;
	char            err[256], want[32];

	SQLITE_ONLY();
	assert_int_equal(kstore_lock(f->path, 0, &a, err, sizeof(err)), KS_OK);
	assert_int_equal(
	    kstore_lock(f->path, 0, &b, err, sizeof(err)), KS_BUSY);
	snprintf(want, sizeof(want), "pid %ld", (long) getpid());
	assert_non_null(strstr(err, want));
	assert_non_null(strstr(err, f->path));
	assert_int_equal(
	    kstore_lock(f->path, 1, &b, err, sizeof(err)), KS_BUSY);
	kstore_unlock(a);
	assert_int_equal(kstore_lock(f->path, 1, &a, err, sizeof(err)), KS_OK);
	assert_int_equal(kstore_lock(f->path, 1, &b, err, sizeof(err)), KS_OK);
	assert_int_equal(
	    kstore_lock(f->path, 0, &c, err, sizeof(err)), KS_BUSY);
	kstore_unlock(a);
	kstore_unlock(b);
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_open_sets_schema_version),
		T(test_reopen_keeps_data),
		T(test_generation_follows_committed_writes),
		T(test_newer_schema_is_refused),
		T(test_unit_put_reports_change),
		T(test_unit_with_unknown_parent_is_not_found),
		T(test_unit_list_filters_by_parent),
		T(test_indicator_round_trip),
		T(test_indicator_range_round_trip),
		T(test_indicator_values_outside_a_range),
		T(test_sasaran_link_twice_is_unchanged),
		T(test_value_revisions),
		T(test_value_blocks_follow_kinerjad_writes),
		T(test_value_blocks_inside_a_write),
		T(test_value_blocks_after_another_programs_sql),
		T(test_value_blocks_built_on_upgrade),
		T(test_waiting_values_are_read_back),
		T(test_unit_year_read_changes_no_answer),
		T(test_timeout_steps_with_writes_waiting),
		T(test_ahead_changes_no_answer),
		T(test_ahead_over_several_reads),
		T(test_value_for_unknown_unit_is_not_found),
		T(test_memo_follows_writes_and_rollbacks),
		T(test_leaf_units_follow_every_writer),
		T(test_values_of_year_carry_unit_ids),
		T(test_values_of_years_read_beside),
		T(test_values_of_years_keep_the_callers_snapshot),
		T(test_capaian_rows_carry_latest_values),
		T(test_replay_round_trip),
		T(test_rollback_discards_writes),
		T(test_savepoint_rolls_back_one_item),
		T(test_second_writer_waits_then_busy),
		T(test_negative_schema_is_refused),
		T(test_newer_schema_is_left_untouched),
		T(test_page_size_of_new_and_old_databases),
		T(test_backup_over_a_database_of_other_pages),
		T(test_replay_expires_after_ttl),
		T(test_replay_expiry_deletes_old_rows),
		T(test_replay_ttl_zero_keeps_them),
		T(test_corrupt_page_makes_store_unhealthy),
		T(test_lock_refuses_a_second_holder),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
