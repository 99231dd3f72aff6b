/*
 * test_store_access.c - store_access.c on a temporary database: API
 * tokens (names unique for good, units, revocation) and the history of
 * writes (filters, paging, the archive's read and prune, and rows that
 * share their write's transaction).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "store_fixture.h"

static struct ktoken
token(const char *name, const char *role, uint8_t fill)
{
	struct ktoken t = { 0, name, role, { 0 }, 1700000000, 0 };

	memset(t.hash, fill, KTOKEN_HASH);
	return t;
}

static int
unit_name(void *arg, const char *name)
{
	return walk_add(arg, name);
}

static int
token_row(void *arg, const struct ktoken *t)
{
	char tmp[96];

	snprintf(tmp, sizeof(tmp), "%s/%s%s", t->name, t->role,
	    t->revoked_at ? "/revoked" : "");
	return walk_add(arg, tmp);
}

static void
test_token_round_trip(void **state)
{
	struct fixture   *f       = *state;
	struct ktoken     t       = token("kec-tiram", "submitter", 0xab), got;
	const char *const units[] = { "tiram", "balai", "tiram" };
	char              buf[KSTORE_BUF];
	struct walk       s;

	assert_int_equal(kstore_token_add(f->st, &t, units, 3), KS_OK);
	assert_true(t.id > 0);
	assert_int_equal(
	    kstore_token_get(f->st, t.id, &got, buf, sizeof(buf)), KS_OK);
	assert_int_equal(got.id, t.id);
	assert_string_equal(got.name, "kec-tiram");
	assert_string_equal(got.role, "submitter");
	assert_memory_equal(got.hash, t.hash, KTOKEN_HASH);
	assert_int_equal(got.created_at, 1700000000);
	assert_int_equal(got.revoked_at, 0);
	/* Units sorted, each once. */
	memset(&s, 0, sizeof(s));
	assert_int_equal(
	    kstore_token_units(f->st, t.id, unit_name, &s), KS_OK);
	assert_string_equal(s.text, "balai,tiram");
	assert_int_equal(
	    kstore_token_get(f->st, t.id + 1, &got, buf, sizeof(buf)),
	    KS_NOTFOUND);
}

/* A name is taken for good: by a valid token or a revoked one. */
static void
test_token_names_are_unique(void **state)
{
	struct fixture *f         = *state;
	struct ktoken   a         = token("pusat", "admin", 1),
	              b           = token("pusat", "viewer", 2);
	const char *const units[] = { "tiram" };
	struct walk       s;

	assert_int_equal(kstore_token_add(f->st, &a, NULL, 0), KS_OK);
	assert_int_equal(kstore_token_add(f->st, &b, units, 1), KS_CONFLICT);
	assert_int_equal(kstore_token_revoke(f->st, "pusat"), KS_OK);
	assert_int_equal(kstore_token_add(f->st, &b, units, 1), KS_CONFLICT);
	memset(&s, 0, sizeof(s));
	assert_int_equal(kstore_token_list(f->st, token_row, &s), KS_OK);
	assert_string_equal(s.text, "pusat/admin/revoked");
}

static void
test_token_revoke_once(void **state)
{
	struct fixture *f = *state;
	struct ktoken a = token("a", "admin", 1), b = token("b", "viewer", 2),
	              got;
	char        buf[KSTORE_BUF];
	struct walk s;

	assert_int_equal(kstore_token_add(f->st, &a, NULL, 0), KS_OK);
	assert_int_equal(kstore_token_add(f->st, &b, NULL, 0), KS_OK);
	assert_int_equal(kstore_token_revoke(f->st, "b"), KS_OK);
	assert_int_equal(
	    kstore_token_get(f->st, b.id, &got, buf, sizeof(buf)), KS_OK);
	assert_true(got.revoked_at > 0);
	assert_int_equal(kstore_token_revoke(f->st, "b"), KS_NOTFOUND);
	assert_int_equal(kstore_token_revoke(f->st, "nobody"), KS_NOTFOUND);
	/* In id order; a callback's code other than KS_OK stops the walk. */
	memset(&s, 0, sizeof(s));
	assert_int_equal(kstore_token_list(f->st, token_row, &s), KS_OK);
	assert_string_equal(s.text, "a/admin,b/viewer/revoked");
	memset(&s, 0, sizeof(s));
	s.stop_after = 1;
	assert_int_equal(kstore_token_list(f->st, token_row, &s), KS_CONFLICT);
	assert_string_equal(s.text, "a/admin");
}

/* ------------------------------------------------------------ history */

static struct khistory
change(int64_t at_ms, const char *unit, const char *ind, int year,
    const char *old_value, const char *new_value)
{
	struct khistory h = { 0, at_ms, "pusat", "req-1",
		"SubmitIndicatorData", "target", unit, ind, year, "value",
		old_value, new_value, "PK perubahan" };

	return h;
}

static int
history_row(void *arg, const struct khistory *h)
{
	char tmp[128];

	snprintf(tmp, sizeof(tmp), "%lld:%s/%s/%d:%s>%s", (long long) h->id,
	    h->unit, h->indicator, h->year, h->old_value ? h->old_value : "-",
	    h->new_value ? h->new_value : "-");
	return walk_add(arg, tmp);
}

/* Every field of a row as text (its strings live only in the walk);
 * NULL shows as "(null)". */
static int
whole_row(void *arg, const struct khistory *h)
{
	char tmp[256];

	snprintf(tmp, sizeof(tmp),
	    "%lld|%lld|%s|%s|%s|%s|%s|%s|%d|%s|%s|%s|%s", (long long) h->id,
	    (long long) h->at_ms, h->actor, h->request_id, h->method, h->what,
	    h->unit, h->indicator, h->year, h->field,
	    h->old_value ? h->old_value : "(null)",
	    h->new_value ? h->new_value : "(null)", h->reason);
	return walk_add(arg, tmp);
}

static const char *
history(struct fixture *f, const char *unit, const char *ind, int year,
    int64_t after, uint32_t limit, struct walk *s)
{
	memset(s, 0, sizeof(*s));
	assert_int_equal(kstore_history_list(f->st, unit, ind, year, after,
	                     limit, history_row, s),
	    KS_OK);
	return s->text;
}

static void
add_changes(struct fixture *f)
{
	struct khistory h[] = { change(1000, "tiram", "IKM", 2025, NULL, "90"),
		change(2000, "tiram", "IKM", 2025, "90", "91"),
		change(3000, "tiram", "AKIP", 2024, NULL, "B"),
		change(4000, "balai", "IKM", 2025, "80", NULL),
		change(5000, "", "", 0, NULL, "batubara") };
	size_t          i;

	for (i = 0; i < sizeof(h) / sizeof(h[0]); i++)
		assert_int_equal(kstore_history_add(f->st, &h[i]), KS_OK);
}

/* Every field comes back; an old or new value that was not there comes
 * back NULL, not "". */
static void
test_history_round_trip(void **state)
{
	struct fixture *f = *state;
	struct khistory h = change(1234, "tiram", "IKM", 2025, NULL, "90");
	struct walk     s;

	assert_int_equal(kstore_history_add(f->st, &h), KS_OK);
	h = change(1235, "", "", 0, "", NULL);
	assert_int_equal(kstore_history_add(f->st, &h), KS_OK);
	memset(&s, 0, sizeof(s));
	assert_int_equal(
	    kstore_history_list(f->st, "", "", 0, 0, 10, whole_row, &s),
	    KS_OK);
	assert_string_equal(s.text,
	    "1|1234|pusat|req-1|SubmitIndicatorData|target|tiram|IKM|2025|"
	    "value|(null)|90|PK perubahan,"
	    "2|1235|pusat|req-1|SubmitIndicatorData|target|||0|value||(null)|"
	    "PK perubahan");
}

/* Text with a backslash, tab, newline and return, and a NULL beside it. */
static const char odd_reason[] = "tab\there\nline\\back\rcr \\N \\. é";

struct lines {
	int n, bad;
};

static int
odd_line(void *arg, const struct khistory *h)
{
	struct lines *l = arg;
	char          num[16];

	snprintf(num, sizeof(num), "%d", l->n);
	if (h->id != l->n + 1 || h->at_ms != 1000 + l->n ||
	    strcmp(h->reason, odd_reason) != 0 || h->old_value != NULL ||
	    strcmp(h->new_value, num) != 0 || strcmp(h->unit, "tiram") != 0)
		l->bad++;
	l->n++;
	return 0;
}

/* The lines of a large write, which wait and go many a statement
 * (store_rows.c), come back as written and in order. */
static void
test_history_many_lines_round_trip(void **state)
{
	enum { N = 2100 };
	struct fixture *f = *state;
	struct khistory h;
	struct lines    l = { 0, 0 };
	char            num[16];
	int             i;

	assert_int_equal(kstore_begin(f->st), KS_OK);
	for (i = 0; i < N; i++) {
		snprintf(num, sizeof(num), "%d", i);
		h        = change(1000 + i, "tiram", "IKM", 2025, NULL, num);
		h.reason = odd_reason;
		assert_int_equal(kstore_history_add(f->st, &h), KS_OK);
	}
	assert_int_equal(kstore_commit(f->st), KS_OK);
	assert_int_equal(
	    kstore_history_list(f->st, "", "", 0, 0, N + 1, odd_line, &l),
	    KS_OK);
	assert_int_equal(l.n, N);
	assert_int_equal(l.bad, 0);
}

/* "" and 0 match anything; after and limit page through, oldest first. */
static void
test_history_filters_and_pages(void **state)
{
	struct fixture *f = *state;
	struct walk     s;

	add_changes(f);
	assert_string_equal(history(f, "tiram", "", 0, 0, 10, &s),
	    "1:tiram/IKM/2025:->90,2:tiram/IKM/2025:90>91,"
	    "3:tiram/AKIP/2024:->B");
	assert_string_equal(history(f, "", "IKM", 2025, 0, 10, &s),
	    "1:tiram/IKM/2025:->90,2:tiram/IKM/2025:90>91,"
	    "4:balai/IKM/2025:80>-");
	assert_string_equal(
	    history(f, "", "", 2024, 0, 10, &s), "3:tiram/AKIP/2024:->B");
	assert_string_equal(history(f, "", "", 0, 2, 2, &s),
	    "3:tiram/AKIP/2024:->B,4:balai/IKM/2025:80>-");
	assert_string_equal(history(f, "", "", 0, 5, 10, &s), "");
	assert_string_equal(history(f, "nowhere", "", 0, 0, 10, &s), "");
}

static int
at_of(void *arg, const struct khistory *h)
{
	char tmp[32];

	snprintf(tmp, sizeof(tmp), "%lld", (long long) h->at_ms);
	return walk_add(arg, tmp);
}

/* The archive reads rows before a time, then prunes exactly those and
 * records that it did, in one transaction. */
static void
test_history_archive_and_prune(void **state)
{
	struct fixture *f    = *state;
	struct khistory note = change(9000, "", "", 0, NULL, "3 rows");
	struct walk     s;

	add_changes(f);
	memset(&s, 0, sizeof(s));
	assert_int_equal(kstore_history_before(f->st, 3500, at_of, &s), KS_OK);
	assert_string_equal(s.text, "1000,2000,3000");
	/* Another archive ran meanwhile (n differs): nothing is deleted, no
	 * note added. */
	assert_int_equal(
	    kstore_history_prune(f->st, 3500, 3, 2, &note), KS_CONFLICT);
	assert_int_equal(history(f, "", "", 0, 0, 100, &s)[0], '1');
	assert_int_equal(s.n, 5);
	assert_int_equal(
	    kstore_history_prune(f->st, 3500, 3, 3, &note), KS_OK);
	history(f, "", "", 0, 0, 100, &s);
	assert_string_equal(
	    s.text, "4:balai/IKM/2025:80>-,5://0:->batubara,6://0:->3 rows");
	/* A row past max_id is kept even when it is old enough. */
	memset(&s, 0, sizeof(s));
	assert_int_equal(
	    kstore_history_before(f->st, 100000, at_of, &s), KS_OK);
	assert_string_equal(s.text, "4000,5000,9000");
	note.at_ms = 9500;
	assert_int_equal(
	    kstore_history_prune(f->st, 100000, 4, 1, &note), KS_OK);
	history(f, "", "", 0, 0, 100, &s);
	assert_string_equal(
	    s.text, "5://0:->batubara,6://0:->3 rows,7://0:->3 rows");
}

/* History is written in its write's transaction: a rollback takes it
 * back with the write. */
static void
test_history_rolls_back_with_its_write(void **state)
{
	struct fixture *f = *state;
	struct khistory h = change(1000, "tiram", "IKM", 2025, NULL, "90");
	struct walk     s;

	assert_int_equal(kstore_begin(f->st), KS_OK);
	assert_int_equal(kstore_history_add(f->st, &h), KS_OK);
	kstore_rollback(f->st);
	assert_string_equal(history(f, "", "", 0, 0, 10, &s), "");
	assert_int_equal(kstore_begin(f->st), KS_OK);
	assert_int_equal(kstore_history_add(f->st, &h), KS_OK);
	assert_int_equal(kstore_commit(f->st), KS_OK);
	assert_int_equal(s.n, 0);
	history(f, "", "", 0, 0, 10, &s);
	assert_int_equal(s.n, 1);
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_token_round_trip),
		T(test_token_names_are_unique),
		T(test_token_revoke_once),
		T(test_history_round_trip),
		T(test_history_many_lines_round_trip),
		T(test_history_filters_and_pages),
		T(test_history_archive_and_prune),
		T(test_history_rolls_back_with_its_write),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
