/*
 * client.c - libkinerja's transport: one REQ socket per client, one nng
 * context per call (which is what makes a client safe to share between
 * threads), and the envelope on both sides of every call.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <nng/nng.h>
#include <nng/protocol/reqrep0/req.h>
#include <nng/supplemental/tls/tls.h>
#include <nng/supplemental/util/platform.h>

#include "envelope.h"
#include "kinerja/client.h"

#define MAX_METADATA       8
#define DEFAULT_TIMEOUT_MS 30000
/* The server gets the deadline; the client waits this much longer, so
 * that a reply sent just in time is not lost in transit. */
#define GRACE_MS 2000

struct kinerja_client {
	nng_socket              sock;
	uint32_t                timeout_ms; /* guarded by mtx */
	size_t                  max_message; /* the server's default limit */
	nng_mtx                *mtx; /* guards metadata */
	size_t                  nmeta;
	Kinerja__MetadataEntry  meta[MAX_METADATA];
	Kinerja__MetadataEntry *metap[MAX_METADATA];
};

const char *
kinerja_code_name(int code)
{
	const char *name = kenv_code_name(code);

	return name ? name : "UNKNOWN";
}

void
kinerja_status_clear(kinerja_status *st)
{
	if (st->priv != NULL)
		kenv_response_free(st->priv);
	memset(st, 0, sizeof(*st));
}

static int
set_status(kinerja_status *st, int code, const char *fmt, const char *arg)
{
	kinerja_status_clear(st);
	st->code = code;
	snprintf(st->message, sizeof(st->message), fmt, arg);
	return code;
}

/* The name the server's certificate must carry: the caller's, else the
 * URL's host. A config of our own has none unless it is set, and then
 * any certificate the CA signed would do. */
static int
server_name(nng_tls_config *cfg, const char *url, const char *name)
{
	nng_url *u;
	int      rv;

	if (name != NULL)
		return nng_tls_config_server_name(cfg, name);
	if ((rv = nng_url_parse(&u, url)) != 0)
		return rv;
	rv = nng_tls_config_server_name(cfg, u->u_hostname);
	nng_url_free(u);
	return rv;
}

/* A dialer for tls+tcp://: the server is checked against the CA, and a
 * client certificate is offered when one is given. */
static int
dial_tls(nng_socket sock, const char *url, const kinerja_tls *tls, int *dialed)
{
	nng_tls_config *cfg;
	nng_dialer      d;
	int             rv;

	*dialed = 0;
	if (tls == NULL || tls->ca_file == NULL)
		return NNG_EINVAL;
	if ((rv = nng_tls_config_alloc(&cfg, NNG_TLS_MODE_CLIENT)) != 0)
		return rv;
	if ((rv = nng_tls_config_ca_file(cfg, tls->ca_file)) == 0 &&
	    (rv = nng_tls_config_auth_mode(cfg, NNG_TLS_AUTH_MODE_REQUIRED)) ==
	        0)
		rv = server_name(cfg, url, tls->server_name);
	if (rv == 0 && tls->cert_file != NULL)
		rv = nng_tls_config_cert_key_file(cfg, tls->cert_file, NULL);
	*dialed = rv == 0;
	if (rv == 0 && (rv = nng_dialer_create(&d, sock, url)) == 0 &&
	    (rv = nng_dialer_set_ptr(d, NNG_OPT_TLS_CONFIG, cfg)) == 0)
		rv = nng_dialer_start(d, 0);
	nng_tls_config_free(cfg); /* the dialer keeps its own reference */
	return rv;
}

int
kinerja_open(kinerja_client **out, const char *url, kinerja_status *st)
{
	return kinerja_open_tls(out, url, NULL, st);
}

int
kinerja_open_tls(kinerja_client **out, const char *url, const kinerja_tls *tls,
    kinerja_status *st)
{
	kinerja_client *c = calloc(1, sizeof(*c));
	int             rv, dialed = 1;

	if (c == NULL)
		return set_status(st, KINERJA__CODE__RESOURCE_EXHAUSTED, "%s",
		    "out of memory");
	c->timeout_ms  = DEFAULT_TIMEOUT_MS;
	c->max_message = 16u << 20;
	/* No automatic resends: a write sent twice could be applied twice
	 * under two request ids' worth of timing; retries are the caller's,
	 * with the same request id. */
	if ((rv = nng_mtx_alloc(&c->mtx)) != 0 ||
	    (rv = nng_req0_open(&c->sock)) != 0 ||
	    (rv = nng_socket_set_ms(c->sock, NNG_OPT_REQ_RESENDTIME,
	         NNG_DURATION_INFINITE)) != 0) {
		free(c);
		return set_status(
		    st, KINERJA__CODE__INTERNAL, "nng: %s", nng_strerror(rv));
	}
	/* The first dial is synchronous so that an unreachable server is
	 * reported at once; nng redials by itself after a later drop. */
	if (strncmp(url, "tls+tcp://", 10) == 0)
		rv = dial_tls(c->sock, url, tls, &dialed);
	else
		rv = nng_dial(c->sock, url, NULL, 0);
	if (rv != 0) {
		kinerja_close(c);
		if (rv == NNG_EINVAL && !dialed)
			return set_status(st, KINERJA__CODE__INVALID_ARGUMENT,
			    "%s",
			    "tls+tcp:// needs a CA file to check the "
			    "server against");
		if (!dialed)
			return set_status(st, KINERJA__CODE__INVALID_ARGUMENT,
			    "TLS: %s reading the CA or certificate file",
			    nng_strerror(rv));
		if (rv == NNG_ECRYPTO || rv == NNG_EPEERAUTH)
			return set_status(st, KINERJA__CODE__UNAVAILABLE, "%s",
			    "TLS handshake failed: the server's certificate "
			    "is not signed by the CA or does not name the "
			    "host, or the server wants a client certificate");
		return set_status(st,
		    rv == NNG_EADDRINVAL || rv == NNG_ENOTSUP
		        ? KINERJA__CODE__INVALID_ARGUMENT
		        : KINERJA__CODE__UNAVAILABLE,
		    "cannot reach kinerjad: %s", nng_strerror(rv));
	}
	*out = c;
	return set_status(st, KINERJA__CODE__OK, "%s", "");
}

void
kinerja_close(kinerja_client *c)
{
	size_t i;

	if (c == NULL)
		return;
	nng_close(c->sock);
	for (i = 0; i < c->nmeta; i++) {
		free(c->meta[i].key);
		free(c->meta[i].value);
	}
	nng_mtx_free(c->mtx);
	free(c);
}

void
kinerja_set_timeout(kinerja_client *c, uint32_t ms)
{
	nng_mtx_lock(c->mtx);
	c->timeout_ms = ms ? ms : DEFAULT_TIMEOUT_MS;
	nng_mtx_unlock(c->mtx);
}

int
kinerja_set_metadata(kinerja_client *c, const char *key, const char *value)
{
	Kinerja__MetadataEntry *m;
	char                   *v = strdup(value), *k = NULL;
	size_t                  i;
	int                     rc = 0;

	nng_mtx_lock(c->mtx);
	for (i = 0; i < c->nmeta && strcmp(c->meta[i].key, key) != 0; i++)
		;
	if (v != NULL && i < c->nmeta) {
		free(c->meta[i].value);
		c->meta[i].value = v;
	} else if (v != NULL && i < MAX_METADATA &&
	           (k = strdup(key)) != NULL) {
		m = &c->meta[i];
		kinerja__metadata_entry__init(m);
		m->key               = k;
		m->value             = v;
		c->metap[c->nmeta++] = m;
	} else {
		free(v);
		rc = -1;
	}
	nng_mtx_unlock(c->mtx);
	return rc;
}

static void
new_request_id(char *buf, size_t len)
{
	snprintf(buf, len, "%08x%08x%08x%08x", nng_random(), nng_random(),
	    nng_random(), nng_random());
}

/* Packs the request into an envelope message; EMSGSIZE beyond the limit. */
static int
build_request(kinerja_client *c, const char *method,
    const ProtobufCMessage *request, const char *request_id,
    uint32_t timeout_ms, nng_msg **out)
{
	Kinerja__RequestEnvelope env = KINERJA__REQUEST_ENVELOPE__INIT;
	size_t                   n;
	int                      rv;

	env.method     = (char *) method;
	env.request_id = (char *) request_id;
	env.timeout_ms = timeout_ms;
	nng_mtx_lock(c->mtx);
	env.metadata   = c->metap;
	env.n_metadata = c->nmeta;
	if ((n = kenv_request_size(&env, request)) > c->max_message)
		rv = NNG_EMSGSIZE;
	else if ((rv = nng_msg_alloc(out, n)) == 0)
		kenv_request_pack(&env, request, nng_msg_body(*out));
	nng_mtx_unlock(c->mtx);
	return rv;
}

/* Sends msg on a fresh context and waits for the answer. */
static int
exchange(kinerja_client *c, nng_msg *msg, uint32_t timeout_ms, nng_msg **reply)
{
	nng_ctx  ctx;
	nng_aio *aio;
	int      rv;

	if ((rv = nng_ctx_open(&ctx, c->sock)) != 0) {
		nng_msg_free(msg);
		return rv;
	}
	if ((rv = nng_aio_alloc(&aio, NULL, NULL)) != 0) {
		nng_ctx_close(ctx);
		nng_msg_free(msg);
		return rv;
	}
	nng_aio_set_timeout(aio, (nng_duration) (timeout_ms + GRACE_MS));
	nng_aio_set_msg(aio, msg);
	nng_ctx_send(ctx, aio);
	nng_aio_wait(aio);
	if ((rv = nng_aio_result(aio)) != 0) {
		nng_msg_free(msg);
	} else {
		nng_ctx_recv(ctx, aio);
		nng_aio_wait(aio);
		if ((rv = nng_aio_result(aio)) == 0)
			*reply = nng_aio_get_msg(aio);
	}
	nng_aio_free(aio);
	nng_ctx_close(ctx);
	return rv;
}

static int
transport_error(kinerja_status *st, int rv)
{
	if (rv == NNG_ETIMEDOUT)
		return set_status(st, KINERJA__CODE__DEADLINE_EXCEEDED, "%s",
		    "no answer from kinerjad before the deadline; a write may "
		    "still have been applied: resend it with the same request "
		    "id to find out");
	if (rv == NNG_EMSGSIZE)
		return set_status(st, KINERJA__CODE__RESOURCE_EXHAUSTED, "%s",
		    "request larger than the message limit; send it in "
		    "smaller batches");
	return set_status(
	    st, KINERJA__CODE__UNAVAILABLE, "transport: %s", nng_strerror(rv));
}

/* Reads the response envelope into st and, on OK, the reply. */
static int
read_response(nng_msg *msg, const ProtobufCMessageDescriptor *out,
    ProtobufCMessage **reply, kinerja_status *st)
{
	Kinerja__ResponseEnvelope *env =
	    kenv_response_unpack(nng_msg_body(msg), nng_msg_len(msg));

	if (env == NULL)
		return set_status(st, KINERJA__CODE__INTERNAL, "%s",
		    "malformed response envelope");
	kinerja_status_clear(st);
	st->code = env->code;
	snprintf(st->message, sizeof(st->message), "%s", env->message);
	st->details   = env->details;
	st->n_details = env->n_details;
	st->priv      = env;
	if (env->code != KINERJA__CODE__OK)
		return env->code;
	if ((*reply = kenv_reply(env, out)) == NULL)
		return set_status(st, KINERJA__CODE__INTERNAL,
		    "malformed %s in response", out->short_name);
	return KINERJA__CODE__OK;
}

int
kinerja_call(kinerja_client *c, const char *method,
    const ProtobufCMessage *request, const ProtobufCMessageDescriptor *out,
    ProtobufCMessage **reply, const char *request_id, kinerja_status *st)
{
	nng_msg *msg, *answer = NULL;
	char     id[40];
	uint32_t timeout;
	int      rv, code;

	if (request_id == NULL) {
		new_request_id(id, sizeof(id));
		request_id = id;
	}
	nng_mtx_lock(c->mtx);
	timeout = c->timeout_ms;
	nng_mtx_unlock(c->mtx);
	if ((rv = build_request(
	         c, method, request, request_id, timeout, &msg)) != 0)
		return transport_error(st, rv);
	if ((rv = exchange(c, msg, timeout, &answer)) != 0)
		return transport_error(st, rv);
	code = read_response(answer, out, reply, st);
	nng_msg_free(answer);
	return code;
}

/* The per-RPC functions are the generic call with the right types. */
#define KINERJA_RPC(fn, Method, Req, Reply, reply_desc)                 \
	int kinerja_##fn(kinerja_client *c, const Kinerja__##Req *req,  \
	    Kinerja__##Reply **reply, kinerja_status *st)               \
	{                                                               \
		return kinerja_call(c, Method, &req->base, &reply_desc, \
		    (ProtobufCMessage **) reply, NULL, st);             \
	}

KINERJA_RPC(health, "Health", HealthRequest, HealthReply,
    kinerja__health_reply__descriptor)
KINERJA_RPC(server_info, "ServerInfo", ServerInfoRequest, ServerInfoReply,
    kinerja__server_info_reply__descriptor)
KINERJA_RPC(upsert_units, "UpsertUnits", UpsertUnitsRequest, WriteReply,
    kinerja__write_reply__descriptor)
KINERJA_RPC(list_units, "ListUnits", ListUnitsRequest, ListUnitsReply,
    kinerja__list_units_reply__descriptor)
KINERJA_RPC(upsert_indicators, "UpsertIndicators", UpsertIndicatorsRequest,
    WriteReply, kinerja__write_reply__descriptor)
KINERJA_RPC(list_indicators, "ListIndicators", ListIndicatorsRequest,
    ListIndicatorsReply, kinerja__list_indicators_reply__descriptor)
KINERJA_RPC(upsert_sasaran, "UpsertSasaran", UpsertSasaranRequest, WriteReply,
    kinerja__write_reply__descriptor)
KINERJA_RPC(submit_indicator_data, "SubmitIndicatorData",
    SubmitIndicatorDataRequest, WriteReply, kinerja__write_reply__descriptor)
KINERJA_RPC(import, "Import", ImportRequest, WriteReply,
    kinerja__write_reply__descriptor)
KINERJA_RPC(get_capaian, "GetCapaian", GetCapaianRequest, GetCapaianReply,
    kinerja__get_capaian_reply__descriptor)
KINERJA_RPC(get_ranking, "GetRanking", GetRankingRequest, GetRankingReply,
    kinerja__get_ranking_reply__descriptor)
KINERJA_RPC(get_trend, "GetTrend", GetTrendRequest, GetTrendReply,
    kinerja__get_trend_reply__descriptor)
KINERJA_RPC(get_progress, "GetProgress", GetProgressRequest, GetProgressReply,
    kinerja__get_progress_reply__descriptor)
KINERJA_RPC(submit_budget, "SubmitBudget", SubmitBudgetRequest, WriteReply,
    kinerja__write_reply__descriptor)
KINERJA_RPC(get_budget, "GetBudget", GetBudgetRequest, GetBudgetReply,
    kinerja__get_budget_reply__descriptor)
KINERJA_RPC(get_efficiency, "GetEfficiency", GetEfficiencyRequest,
    GetEfficiencyReply, kinerja__get_efficiency_reply__descriptor)
KINERJA_RPC(submit_survey, "SubmitSurvey", SubmitSurveyRequest, WriteReply,
    kinerja__write_reply__descriptor)
KINERJA_RPC(get_survey, "GetSurvey", GetSurveyRequest, GetSurveyReply,
    kinerja__get_survey_reply__descriptor)
KINERJA_RPC(submit_akip_evaluation, "SubmitAkipEvaluation",
    SubmitAkipEvaluationRequest, WriteReply, kinerja__write_reply__descriptor)
KINERJA_RPC(get_akip_evaluation, "GetAkipEvaluation", GetAkipEvaluationRequest,
    GetAkipEvaluationReply, kinerja__get_akip_evaluation_reply__descriptor)
KINERJA_RPC(validate, "Validate", ValidateRequest, ValidateReply,
    kinerja__validate_reply__descriptor)
KINERJA_RPC(export, "Export", ExportRequest, ImportRequest,
    kinerja__import_request__descriptor)
KINERJA_RPC(get_metrics, "GetMetrics", GetMetricsRequest, GetMetricsReply,
    kinerja__get_metrics_reply__descriptor)
KINERJA_RPC(get_history, "GetHistory", GetHistoryRequest, GetHistoryReply,
    kinerja__get_history_reply__descriptor)
KINERJA_RPC(get_comparison, "GetComparison", GetComparisonRequest,
    GetComparisonReply, kinerja__get_comparison_reply__descriptor)
KINERJA_RPC(get_akip_years, "GetAkipYears", GetAkipYearsRequest,
    GetAkipYearsReply, kinerja__get_akip_years_reply__descriptor)
KINERJA_RPC(submit_benchmarks, "SubmitBenchmarks", SubmitBenchmarksRequest,
    WriteReply, kinerja__write_reply__descriptor)
KINERJA_RPC(transition_year, "TransitionYear", TransitionYearRequest,
    WriteReply, kinerja__write_reply__descriptor)
KINERJA_RPC(get_approval, "GetApproval", GetApprovalRequest, GetApprovalReply,
    kinerja__get_approval_reply__descriptor)
KINERJA_RPC(get_completeness, "GetCompleteness", GetCompletenessRequest,
    GetCompletenessReply, kinerja__get_completeness_reply__descriptor)
KINERJA_RPC(submit_narrative, "SubmitNarrative", SubmitNarrativeRequest,
    WriteReply, kinerja__write_reply__descriptor)
KINERJA_RPC(get_narrative, "GetNarrative", GetNarrativeRequest,
    GetNarrativeReply, kinerja__get_narrative_reply__descriptor)
KINERJA_RPC(submit_profile, "SubmitProfile", SubmitProfileRequest, WriteReply,
    kinerja__write_reply__descriptor)
KINERJA_RPC(get_profile, "GetProfile", GetProfileRequest, GetProfileReply,
    kinerja__get_profile_reply__descriptor)
