/*
 * h_info.c - Health, ServerInfo and GetMetrics: what a load balancer or an
 * operator asks before anything else.
 */
#include "handlers.h"
#include "metrics.h"

static uint64_t
uptime(const struct kcall *call)
{
	return (uint64_t) (kstore_now_ms() - call->info->started_ms) / 1000;
}

/* NOT_SERVING while the database cannot take writes: a write failed on
 * it (read-only, I/O error, disk full, corruption) or its file is not
 * writable. Runs no statement: Health is called often. */
RPC(health, HealthRequest, HealthReply)
{
	struct kcall        *call = arg;
	Kinerja__HealthReply r    = KINERJA__HEALTH_REPLY__INIT;
	char                 reason[256];

	(void) svc;
	(void) in;
	r.status = "SERVING";
	if (kstore_health(call->store, reason, sizeof(reason)) != KS_OK) {
		r.status = "NOT_SERVING";
		r.reason = reason;
	}
	done(&r, arg);
}

RPC(server_info, ServerInfoRequest, ServerInfoReply)
{
	struct kcall            *call = arg;
	Kinerja__ServerInfoReply r    = KINERJA__SERVER_INFO_REPLY__INIT;

	(void) svc;
	(void) in;
	r.version        = KINERJA_VERSION;
	r.schema_version = (uint32_t) kstore_schema_version();
	r.uptime_seconds = uptime(call);
	r.workers        = call->info->workers;
	done(&r, arg);
}

static Kinerja__MethodMetrics *
method_metrics(struct kcall *call, int method, const char *name)
{
	struct kmethod_metrics  k;
	Kinerja__MethodMetrics *m;
	size_t                  b;

	kmetrics_get(call->info->metrics, method, &k);
	if (k.requests == 0)
		return NULL;
	m = kc_arena_alloc(&call->arena, sizeof(*m));
	if (m == NULL)
		return NULL;
	kinerja__method_metrics__init(m);
	m->latency = kc_arena_alloc(&call->arena, sizeof(k.latency));
	if (m->latency == NULL)
		return NULL;
	m->method   = (char *) name;
	m->requests = k.requests;
	m->errors   = k.errors;
	for (b = 0; b < KM_BUCKETS; b++)
		m->latency[b] = k.latency[b];
	m->n_latency = KM_BUCKETS;
	return m;
}

/* Every method called at least once, in the order of kinerja.proto; requests
 * that named no method come last as "(unknown)". */
static void
fill_methods(struct kcall *call, Kinerja__GetMetricsReply *r)
{
	const ProtobufCServiceDescriptor *sd = &kinerja__kinerja__descriptor;
	Kinerja__MethodMetrics           *m;
	int                               i;

	r->methods = kc_arena_alloc(
	    &call->arena, (sd->n_methods + 1) * sizeof(*r->methods));
	if (r->methods == NULL)
		return;
	for (i = 0; i < (int) sd->n_methods; i++)
		if ((m = method_metrics(call, i, sd->methods[i].name)) != NULL)
			r->methods[r->n_methods++] = m;
	if ((m = method_metrics(call, -1, "(unknown)")) != NULL)
		r->methods[r->n_methods++] = m;
}

RPC(get_metrics, GetMetricsRequest, GetMetricsReply)
{
	struct kcall            *call = arg;
	Kinerja__GetMetricsReply r    = KINERJA__GET_METRICS_REPLY__INIT;
	int                      rc;

	(void) svc;
	(void) in;
	r.uptime_seconds = uptime(call);
	if ((rc = kstore_size(call->store, &r.database_bytes)) != KS_OK) {
		kstore_failed(call, rc);
		done(NULL, arg);
		return;
	}
	r.latency_bounds_ms   = (uint32_t *) km_bounds_ms;
	r.n_latency_bounds_ms = KM_BUCKETS - 1;
	if (call->info->metrics != NULL)
		fill_methods(call, &r);
	done(&r, arg);
}
