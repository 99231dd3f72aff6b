/*
 * metrics.h - what kinerjad counts about itself for GetMetrics: requests,
 * errors and a latency histogram per method. Shared by all workers.
 */
#ifndef KINERJA_METRICS_H
#define KINERJA_METRICS_H

#include <stddef.h>
#include <stdint.h>

/* 3 and 30 ms are bounds because issue 19 sets targets there. */
#define KM_BUCKETS 10 /* the last counts what exceeds every bound */

extern const uint32_t km_bounds_ms[KM_BUCKETS - 1];

struct kmethod_metrics {
	uint64_t requests;
	uint64_t errors;
	uint64_t latency[KM_BUCKETS];
};

struct kmetrics;

struct kmetrics *kmetrics_new(size_t methods);
void             kmetrics_free(struct kmetrics *m);
/* method: index in the service descriptor, or -1 for none (a request
 * that named no known method). */
void kmetrics_record(struct kmetrics *m, int method, int ok, int64_t us);
/* Copies the counters of method (or -1) into out. */
void kmetrics_get(struct kmetrics *m, int method, struct kmethod_metrics *out);

#endif
