/*
 * metrics.c - counters behind one lock: a request takes it once, for a
 * few additions, which costs nothing next to the request itself.
 */
#include <stdlib.h>
#include <string.h>

#include <nng/nng.h>
#include <nng/supplemental/util/platform.h>

#include "metrics.h"

const uint32_t km_bounds_ms[KM_BUCKETS - 1] = { 1, 3, 5, 10, 30, 50, 100, 500,
	1000 };

struct kmetrics {
	nng_mtx               *mtx;
	size_t                 n; /* methods; slot n is "no method" */
	struct kmethod_metrics per[]; /* n + 1 */
};

struct kmetrics *
kmetrics_new(size_t methods)
{
	struct kmetrics *m = calloc(
	    1, sizeof(*m) + (methods + 1) * sizeof(struct kmethod_metrics));

	if (m == NULL || nng_mtx_alloc(&m->mtx) != 0) {
		free(m);
		return NULL;
	}
	m->n = methods;
	return m;
}

void
kmetrics_free(struct kmetrics *m)
{
	if (m == NULL)
		return;
	nng_mtx_free(m->mtx);
	free(m);
}

static struct kmethod_metrics *
slot(struct kmetrics *m, int method)
{
	return &m->per[method >= 0 && (size_t) method < m->n ? (size_t) method
	                                                     : m->n];
}

void
kmetrics_record(struct kmetrics *m, int method, int ok, int64_t us)
{
	struct kmethod_metrics *s;
	int                     b;

	for (b = 0; b < KM_BUCKETS - 1; b++)
		if (us <= (int64_t) km_bounds_ms[b] * 1000)
			break;
	nng_mtx_lock(m->mtx);
	s = slot(m, method);
	s->requests++;
	s->errors += !ok;
	s->latency[b]++;
	nng_mtx_unlock(m->mtx);
}

void
kmetrics_get(struct kmetrics *m, int method, struct kmethod_metrics *out)
{
	nng_mtx_lock(m->mtx);
	*out = *slot(m, method);
	nng_mtx_unlock(m->mtx);
}
