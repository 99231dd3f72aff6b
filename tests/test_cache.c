/*
 * test_cache.c - the answers a kinerjad keeps across calls
 * (handlers/cache.c): found only at their generation, bounded in entries
 * and bytes, least recently used evicted first, a held value alive until
 * dropped. Under ASan, every value is freed exactly once.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cache.h"

/* A value of `bytes` bytes, its first filled with c. */
static void *
value(size_t bytes, char c)
{
	char *v = malloc(bytes);

	assert_non_null(v);
	memset(v, c, bytes);
	return v;
}

/* Puts key at gen and drops the hold at once. */
static void
put(struct kcache *c, const char *key, int64_t gen, size_t bytes)
{
	struct kcache_ref *r = kcache_put(
	    c, key, strlen(key), gen, value(bytes, key[0]), bytes);

	assert_non_null(r);
	kcache_drop(c, r);
}

/* Whether key is kept at gen (the lookup counts as a use). */
static int
has(struct kcache *c, const char *key, int64_t gen)
{
	struct kcache_ref *r = kcache_get(c, key, strlen(key), gen);

	if (r == NULL)
		return 0;
	assert_int_equal(*(const char *) kcache_value(r), key[0]);
	kcache_drop(c, r);
	return 1;
}

static void
test_cache_finds_a_value_at_its_generation_only(void **state)
{
	struct kcache      *c = kcache_new(4, 1000, NULL, NULL);
	struct kcache_stats s;

	(void) state;
	put(c, "a", 5, 10);
	assert_true(has(c, "a", 5));
	assert_false(has(c, "b", 5));
	assert_false(has(c, "a", 4)); /* an older snapshot: computes */
	assert_true(has(c, "a", 5));
	assert_false(has(c, "a", 6)); /* the database moved on: gone */
	assert_false(has(c, "a", 5));
	put(c, "a", 7, 10);
	put(c, "b", 7, 10);
	put(c, "c", 8, 10); /* a write since: a and b go */
	assert_false(has(c, "a", 7));
	assert_true(has(c, "c", 8));
	kcache_stats(c, &s);
	assert_int_equal(s.entries, 1);
	kcache_free(c);
}

static void
test_cache_evicts_the_least_recently_used(void **state)
{
	struct kcache      *c = kcache_new(2, 1000, NULL, NULL);
	struct kcache_stats s;

	(void) state;
	put(c, "a", 1, 10);
	put(c, "b", 1, 10);
	assert_true(has(c, "a", 1)); /* b is now the least recent */
	put(c, "c", 1, 10);
	assert_true(has(c, "a", 1));
	assert_false(has(c, "b", 1));
	assert_true(has(c, "c", 1));
	kcache_stats(c, &s);
	assert_int_equal(s.entries, 2);
	assert_int_equal(s.bytes, 20);
	assert_int_equal(s.evictions, 1);
	kcache_free(c);
}

static void
test_cache_keeps_within_its_bytes(void **state)
{
	struct kcache      *c = kcache_new(8, 100, NULL, NULL);
	struct kcache_ref  *big;
	struct kcache_stats s;

	(void) state;
	put(c, "a", 1, 40);
	put(c, "b", 1, 40);
	put(c, "c", 1, 40); /* a goes to make room */
	assert_false(has(c, "a", 1));
	kcache_stats(c, &s);
	assert_int_equal(s.bytes, 80);
	/* Larger than the whole cache: served once, never kept. */
	big = kcache_put(c, "d", 1, 1, value(101, 'd'), 101);
	assert_non_null(big);
	assert_int_equal(*(const char *) kcache_value(big), 'd');
	kcache_drop(c, big);
	assert_false(has(c, "d", 1));
	assert_true(has(c, "b", 1));
	kcache_free(c);
}

/* A value evicted while a caller still fills its reply from it stays
 * until that caller drops it; a second put of a key at the same
 * generation (two workers computing at once) keeps the first. */
static void
test_cache_frees_a_held_value_when_dropped(void **state)
{
	struct kcache      *c = kcache_new(1, 1000, NULL, NULL);
	struct kcache_ref  *held, *twin;
	struct kcache_stats s;

	(void) state;
	held = kcache_put(c, "a", 1, 1, value(10, 'a'), 10);
	twin = kcache_put(c, "a", 1, 1, value(10, 'a'), 10);
	assert_ptr_not_equal(kcache_value(twin), kcache_value(held));
	kcache_drop(c, twin);
	put(c, "b", 1, 10); /* evicts a, which is held */
	assert_false(has(c, "a", 1));
	assert_int_equal(*(const char *) kcache_value(held), 'a');
	kcache_stats(c, &s);
	assert_int_equal(s.entries, 1);
	kcache_drop(c, held);
	kcache_free(c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(
		    test_cache_finds_a_value_at_its_generation_only),
		cmocka_unit_test(test_cache_evicts_the_least_recently_used),
		cmocka_unit_test(test_cache_keeps_within_its_bytes),
		cmocka_unit_test(test_cache_frees_a_held_value_when_dropped),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
