/*
 * test_store_replicas.c - what only the PostgreSQL backend does (issue #18):
 * the schema version row, the write lock several replicas share, a request id
 * applied once across connections, deadlines as statement_timeout, and
 * size, backup and lock. test_store.c checks the rest on both backends.
 * Runs with KINERJA_TEST_DB=postgresql://... (skipped, 77, without).
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "store_fixture.h"
#include "test_db.h"

/* One integer a query on the fixture's schema returns. */
static long long
query_int(const char *target, const char *sql)
{
	PGconn   *c = PQconnectdb(target);
	PGresult *r;
	long long v = -1;

	assert_int_equal(PQstatus(c), CONNECTION_OK);
	r = PQexec(c, sql);
	if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1)
		v = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
	else if (PQresultStatus(r) == PGRES_COMMAND_OK)
		v = strtoll(PQcmdTuples(r), NULL, 10);
	PQclear(r);
	PQfinish(c);
	return v;
}

static struct kstore *
open_other(struct fixture *f)
{
	struct kstore *st;
	char           err[256];

	if (kstore_open(f->path, &st, err, sizeof(err)) != KS_OK)
		fail_msg("%s", err);
	return st;
}

static void
test_open_records_schema_version(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(
	    query_int(f->path, "SELECT version FROM kinerja_schema"),
	    kstore_schema_version());
	/* A second open (another replica) migrates nothing again. */
	kstore_close(open_other(f));
	assert_int_equal(query_int(f->path, "SELECT COUNT(*) FROM "
	                                    "kinerja_schema"),
	    1);
}

static void
test_newer_schema_is_refused_untouched(void **state)
{
	struct fixture *f = *state;
	struct kstore  *st;
	char            err[256];

	assert_int_equal(
	    query_int(f->path, "UPDATE kinerja_schema SET version = 999"), 1);
	assert_int_equal(
	    kstore_open(f->path, &st, err, sizeof(err)), KS_ERROR);
	assert_non_null(strstr(err, "999 is newer"));
	assert_int_equal(
	    query_int(f->path, "SELECT version FROM kinerja_schema"), 999);
}

struct writer {
	struct kstore *st;
	int            rc;
	int64_t        began_ms;
};

static void *
begin_later(void *arg)
{
	struct writer *w = arg;

	w->rc       = kstore_begin(w->st);
	w->began_ms = kstore_now_ms();
	return NULL;
}

/* Two replicas write one at a time: the second's transaction starts
 * when the first commits, and then sees its replay, so a request id
 * resent to the other replica is answered, not applied again. */
static void
test_writers_take_turns_and_see_replays(void **state)
{
	struct fixture *f     = *state;
	struct kstore  *other = open_other(f);
	struct kreplay  in    = { "UpsertUnits", { 7 }, "abc", 3 }, out;
	struct writer   w     = { other, -99, 0 };
	char            method[64];
	pthread_t       th;
	int64_t         committed;

	assert_int_equal(kstore_begin(f->st), KS_OK);
	assert_int_equal(pthread_create(&th, NULL, begin_later, &w), 0);
	put_unit(f->st, "sumut", "", 1, KS_CREATED);
	assert_int_equal(kstore_replay_put(f->st, "req-1", &in), KS_OK);
	struct timespec ts = { 0, 200 * 1000000 };
	nanosleep(&ts, NULL);
	assert_int_equal(w.began_ms, 0); /* still waiting */
	committed = kstore_now_ms();
	assert_int_equal(kstore_commit(f->st), KS_OK);
	pthread_join(th, NULL);
	assert_int_equal(w.rc, KS_OK);
	assert_true(w.began_ms >= committed);
	assert_int_equal(
	    kstore_replay_get(other, "req-1", &out, method, sizeof(method)),
	    KS_OK);
	assert_int_equal(out.len, 3);
	assert_memory_equal(out.reply, "abc", 3);
	assert_int_equal(out.digest[0], 7);
	free(out.reply);
	assert_int_equal(kstore_unit_exists(other, "sumut"), KS_OK);
	kstore_rollback(other);
	kstore_close(other);
}

/* The replay table's unique key: an id taken by one connection cannot be
 * put again by another. */
static void
test_request_id_is_taken_once(void **state)
{
	struct fixture *f     = *state;
	struct kstore  *other = open_other(f);
	struct kreplay  in    = { "UpsertUnits", { 1 }, "abc", 3 };

	assert_int_equal(kstore_replay_put(f->st, "req-2", &in), KS_OK);
	assert_int_equal(kstore_replay_put(other, "req-2", &in), KS_ERROR);
	assert_non_null(strstr(kstore_errmsg(other), "taken"));
	assert_int_equal(
	    query_int(f->path, "SELECT COUNT(*) FROM requests"), 1);
	kstore_close(other);
}

/* A deadline ends the wait for the write lock as statement_timeout, as
 * KS_INTERRUPTED, near the deadline; with none the wait ends as KS_BUSY
 * (the write path answers UNAVAILABLE, retry), never as an error. */
static void
test_deadline_and_busy_while_another_writes(void **state)
{
	struct fixture *f     = *state;
	struct kstore  *other = open_other(f);
	int64_t         t0;

	assert_int_equal(kstore_begin(f->st), KS_OK);
	t0 = kstore_now_ms();
	kstore_set_deadline(other, t0 + 300);
	assert_int_equal(kstore_begin(other), KS_INTERRUPTED);
	assert_true(kstore_now_ms() - t0 >= 250);
	assert_true(kstore_now_ms() - t0 < 1500);
	assert_string_equal(kstore_errmsg(other), "deadline exceeded");
	kstore_rollback(other);
	kstore_set_deadline(other, 0);
	t0 = kstore_now_ms();
	assert_int_equal(kstore_begin(other), KS_BUSY);
	assert_true(kstore_now_ms() - t0 >= 4500);
	kstore_rollback(other);
	kstore_rollback(f->st);
	/* Once the writer is gone the other writes, with no timeout left
	 * over from the deadline. */
	assert_int_equal(kstore_begin(other), KS_OK);
	put_unit(other, "sumut", "", 1, KS_CREATED);
	assert_int_equal(kstore_commit(other), KS_OK);
	kstore_close(other);
}

static void
test_size_backup_and_lock(void **state)
{
	struct fixture *f     = *state;
	uint64_t        bytes = 0;
	char            err[256];
	int             fd = 0, fd2 = 0;

	assert_int_equal(kstore_size(f->st, &bytes), KS_OK);
	assert_true(bytes > 1000000); /* a database is megabytes at least */
	assert_int_equal(
	    kstore_backup(f->st, "/tmp/kinerja-pg-backup.db"), KS_ERROR);
	assert_non_null(strstr(kstore_errmsg(f->st), "pg_dump"));
	/* Replicas are the point: no file lock, for anyone. */
	assert_int_equal(
	    kstore_lock(f->path, 0, &fd, err, sizeof(err)), KS_OK);
	assert_int_equal(
	    kstore_lock(f->path, 0, &fd2, err, sizeof(err)), KS_OK);
	assert_int_equal(fd, -1);
	kstore_unlock(fd);
	kstore_unlock(fd2);
}

static int64_t fake_now;

static int64_t
fake_clock(void)
{
	return fake_now;
}

/* Expired replays go, oldest first, at most the limit a call; live ones
 * stay (test_store.c counts them in the SQLite file). */
static void
test_replay_expiry_deletes_old_rows(void **state)
{
	struct fixture *f  = *state;
	struct kreplay  in = { "UpsertUnits", { 1 }, "abc", 3 };
	char            id[32];
	int             i;

	fake_now = 100;
	kstore_set_clock(f->st, fake_clock);
	kstore_set_replay_ttl(f->st, 100);
	for (i = 0; i < 20; i++) {
		snprintf(id, sizeof(id), "old-%d", i);
		assert_int_equal(kstore_replay_put(f->st, id, &in), KS_OK);
	}
	fake_now = 150;
	assert_int_equal(kstore_replay_put(f->st, "new", &in), KS_OK);
	assert_int_equal(kstore_replay_expire(f->st, 15), 0);
	fake_now = 201;
	assert_int_equal(kstore_replay_expire(f->st, 15), 15);
	assert_int_equal(
	    query_int(f->path, "SELECT COUNT(*) FROM requests"), 6);
	assert_int_equal(kstore_replay_expire(f->st, 15), 5);
	assert_int_equal(query_int(f->path, "SELECT COUNT(*) FROM requests"
	                                    " WHERE request_id = 'new'"),
	    1);
	/* An expired id may be taken again. */
	assert_int_equal(kstore_replay_put(f->st, "old-1", &in), KS_OK);
}

static int
by_code(void *arg, const struct kunit *u)
{
	return walk_add(arg, u->code);
}

/* Codes sort bytewise, as SQLite sorts them, whatever the database's
 * locale: upper case before lower, '-' before digits. */
static void
test_codes_sort_as_on_sqlite(void **state)
{
	struct fixture *f = *state;
	struct walk     w = { .stop_after = 0 };

	put_unit(f->st, "b", "", 1, KS_CREATED);
	put_unit(f->st, "B", "", 1, KS_CREATED);
	put_unit(f->st, "a-1", "", 1, KS_CREATED);
	put_unit(f->st, "a1", "", 1, KS_CREATED);
	put_unit(f->st, "_z", "", 1, KS_CREATED);
	assert_int_equal(kstore_unit_list(f->st, "", by_code, &w), KS_OK);
	assert_string_equal(w.text, "B,_z,a-1,a1,b");
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_open_records_schema_version),
		T(test_newer_schema_is_refused_untouched),
		T(test_writers_take_turns_and_see_replays),
		T(test_request_id_is_taken_once),
		T(test_deadline_and_busy_while_another_writes),
		T(test_size_backup_and_lock),
		T(test_codes_sort_as_on_sqlite),
		T(test_replay_expiry_deletes_old_rows),
	};

	if (!test_db_is_pg()) {
		printf(
		    "KINERJA_TEST_DB is not a postgresql:// URL: skipped\n");
		return 77;
	}
	return cmocka_run_group_tests(tests, NULL, NULL);
}
