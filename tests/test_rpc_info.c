/*
 * test_rpc_info.c - Health, ServerInfo and GetMetrics (handlers/h_info.c) and
 * the per-method counters behind them (rpc/metrics.c).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <math.h>

#include "rpc_helpers.h"
#include "metrics.h"

/* A request is counted in the first bucket whose bound it does not
 * exceed; "no method" has a slot of its own. */
static void
test_metrics_buckets(void **state)
{
	struct kmetrics       *m = kmetrics_new(2);
	struct kmethod_metrics k;

	(void) state;
	assert_non_null(m);
	kmetrics_record(m, 0, 1, 1000);
	kmetrics_record(m, 0, 1, 1001);
	kmetrics_record(m, 0, 0, 1000000);
	kmetrics_record(m, 0, 1, 1000001);
	kmetrics_record(m, -1, 0, 0);
	kmetrics_record(m, 9, 0, 0); /* out of range: "no method" */
	kmetrics_get(m, 0, &k);
	assert_int_equal(k.requests, 4);
	assert_int_equal(k.errors, 1);
	assert_int_equal(k.latency[0], 1);
	assert_int_equal(k.latency[1], 1);
	assert_int_equal(k.latency[8], 1);
	assert_int_equal(k.latency[9], 1);
	kmetrics_get(m, -1, &k);
	assert_int_equal(k.requests, 2);
	assert_int_equal(k.errors, 2);
	kmetrics_get(m, 1, &k);
	assert_int_equal(k.requests, 0);
	kmetrics_free(m);
}

static const Kinerja__MethodMetrics *
metrics_of(const Kinerja__GetMetricsReply *r, const char *method)
{
	size_t i;

	for (i = 0; i < r->n_methods; i++)
		if (strcmp(r->methods[i]->method, method) == 0)
			return r->methods[i];
	return NULL;
}

static uint64_t
bucket_sum(const Kinerja__MethodMetrics *m)
{
	uint64_t n = 0;
	size_t   b;

	for (b = 0; b < m->n_latency; b++)
		n += m->latency[b];
	return n;
}

static void
test_metrics_count_requests_errors_and_latency(void **state)
{
	struct fixture               *f   = *state;
	Kinerja__GetMetricsRequest    req = KINERJA__GET_METRICS_REQUEST__INIT;
	Kinerja__GetCapaianRequest    cap = KINERJA__GET_CAPAIAN_REQUEST__INIT;
	Kinerja__GetMetricsReply     *r;
	Kinerja__GetCapaianReply     *c = NULL;
	const Kinerja__MethodMetrics *m;
	uint8_t                       buf[256];
	size_t n = envelope("DropTables", "", 0, 0, buf);

	assert_healthy(f);
	assert_healthy(f);
	cap.unit = "nowhere";
	cap.year = 2025;
	assert_int_equal(
	    fx_get_capaian(f, &cap, &c), KINERJA__CODE__NOT_FOUND);
	kinerja__response_envelope__free_unpacked(fx_raw(f, buf, n), NULL);
	assert_int_equal(fx_get_metrics(f, &req, &r), 0);
	assert_true(r->database_bytes > 0);
	assert_int_equal(r->n_latency_bounds_ms, 9);
	assert_int_equal(r->latency_bounds_ms[0], 1);
	assert_int_equal(r->latency_bounds_ms[1], 3);
	assert_int_equal(r->latency_bounds_ms[4], 30);
	assert_int_equal(r->latency_bounds_ms[8], 1000);
	assert_non_null(m = metrics_of(r, "Health"));
	assert_int_equal(m->requests, 2);
	assert_int_equal(m->errors, 0);
	assert_int_equal(m->n_latency, 10);
	assert_int_equal(bucket_sum(m), 2);
	assert_non_null(m = metrics_of(r, "GetCapaian"));
	assert_int_equal(m->requests, 1);
	assert_int_equal(m->errors, 1);
	assert_non_null(m = metrics_of(r, "(unknown)"));
	assert_int_equal(m->errors, 1);
	assert_null(metrics_of(r, "GetTrend")); /* never called */
	assert_null(metrics_of(r, "GetMetrics")); /* counted once answered */
	kinerja__get_metrics_reply__free_unpacked(r, NULL);
	assert_int_equal(fx_get_metrics(f, &req, &r), 0);
	assert_non_null(m = metrics_of(r, "GetMetrics"));
	assert_int_equal(m->requests, 1);
	kinerja__get_metrics_reply__free_unpacked(r, NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_metrics_buckets),
		cmocka_unit_test_setup_teardown(
		    test_metrics_count_requests_errors_and_latency, fx_setup,
		    fx_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
