/*
 * store_side.c - reading values of several indicator-years at once on two
 * connections: the caller's, and a second one of the same SQLite file
 * (its side connection, opened on first use and closed with it) read by
 * a thread of its own. A village ranking reads two years of 83 000 units,
 * and SQLite steps through their index rows one at a time, half of the
 * call (bench/, bench_village); on two cores the two years take one.
 *
 * Both must read one snapshot. The side connection opens its own read
 * transaction, later than the caller's; every write transaction counts the
 * write generation up as it commits (store.c, kstore_generation), so the
 * two snapshots hold the same values exactly when their generations are
 * equal. When they are not (a write committed in between), or the side
 * connection cannot be had, the caller's connection reads it all: the
 * answer never depends on which connection read what.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "store.h"
#include "store_int.h"

/* What the side thread reads and how it went. */
struct side_read {
	struct kstore            *side;
	const char               *indicator;
	const struct kvalues_ask *ask;
	int                       n;
	int64_t                   gen; /* the caller's snapshot */
	int                       rc; /* KS_OK: every ask was read */
};

static int
read_asks(struct kstore *st, const char *indicator,
    const struct kvalues_ask *ask, int n)
{
	int i, rc = KS_OK;

	for (i = 0; i < n && rc == KS_OK; i++)
		rc = kstore_values_of_year(st, indicator, ask[i].year,
		    ask[i].kind, ask[i].cb, ask[i].arg);
	return rc;
}

static void *
side_main(void *arg)
{
	struct side_read *r = arg;
	int64_t           gen;

	if ((r->rc = kstore_begin_read(r->side)) != KS_OK)
		return NULL;
	if ((r->rc = kstore_generation(r->side, &gen)) == KS_OK)
		r->rc = gen == r->gen ? read_asks(r->side, r->indicator, r->ask,
		                            r->n)
		                      : KS_CONFLICT; /* not the same */
	kstore_rollback(r->side);
	return NULL;
}

/* The side connection, opened on first use; NULL when it failed to open
 * (tried again after SIDE_RETRY_MS: out of descriptors, say, passes). */
#define SIDE_RETRY_MS 60000

static struct kstore *
side_of(struct kstore *st)
{
	char err[128];

	if (st->side != NULL || kstore_now_ms() < st->side_retry_ms)
		return st->side;
	if (kstore_open(st->target, &st->side, err, sizeof(err)) != KS_OK) {
		st->side          = NULL;
		st->side_retry_ms = kstore_now_ms() + SIDE_RETRY_MS;
	} else if (st->side->ops->lean != NULL)
		st->side->ops->lean(st->side);
	return st->side;
}

/* Whether the asks are worth a second connection and a thread. */
static int
side_wanted(struct kstore *st, int n, size_t units)
{
	return n >= 2 && units >= st->side_units && !st->ops->remote &&
	       !st->writing && st->target != NULL &&
	       kst_plain_file(st->target);
}

int
kstore_values_of_years(struct kstore *st, const char *indicator,
    const struct kvalues_ask *ask, int n, size_t units)
{
	struct side_read r = { .indicator = indicator, .ask = ask, .n = n / 2 };
	pthread_t        thr;
	int              rc;

	if (!side_wanted(st, n, units) ||
	    kstore_generation(st, &r.gen) != KS_OK ||
	    (r.side = side_of(st)) == NULL)
		return read_asks(st, indicator, ask, n);
	r.side->deadline_ms = st->deadline_ms;
	if (pthread_create(&thr, NULL, side_main, &r) != 0)
		return read_asks(st, indicator, ask, n);
	rc = read_asks(st, indicator, ask + r.n, n - r.n);
	pthread_join(thr, NULL);
	if (rc == KS_OK && r.rc != KS_OK)
		rc = read_asks(st, indicator, ask, r.n);
	return rc;
}

void
kstore_set_side_units(struct kstore *st, size_t units)
{
	st->side_units = units;
}
