/*
 * client.c - libkinerja's transport: one REQ socket per client, one nng
 * context per call (which is what makes a client safe to share between
 * threads), and the envelope on both sides of every call.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sys/random.h>

#include <nng/nng.h>
#include <nng/protocol/reqrep0/req.h>
#include <nng/supplemental/util/platform.h>

#include "dial.h"
#include "envelope.h"
#include "kinerja/client.h"
#include "stream.h"

#define MAX_METADATA       8
#define DEFAULT_TIMEOUT_MS 30000
/* The server gets the deadline; the client waits this much longer, so
 * that a reply sent just in time is not lost in transit. */
#define GRACE_MS 2000
/* Between a dropped connection and the resend: nng has already taken the
 * dead connection out of its list, so this only keeps a peer that accepts
 * and drops at once from spinning the caller. */
#define RESEND_PAUSE_MS 10
/* Sends of one request at most: a request that loses its connection again
 * and again may be what kills the replicas, and must not take them all. */
#define MAX_SENDS 4
/* Contexts (each with its aio) kept from one call for the next: as many
 * as threads commonly share a client. Opening and freeing them costs
 * locks and allocations in nng on every call otherwise. */
#define SPARE_CALLS 8

/* What one call runs on. */
struct call_ctx {
	nng_ctx  ctx;
	nng_aio *aio;
};

struct kinerja_client {
	nng_socket              sock; /* unopened when stream serves */
	struct kstream         *stream; /* tcp:// and ipc:// (stream.c) */
	char                   *urls; /* as given, for messages */
	atomic_int              live; /* nng's connections up (dial.c) */
	uint32_t                timeout_ms; /* guarded by mtx */
	size_t                  max_message; /* the server's default limit */
	nng_mtx                *mtx; /* guards metadata */
	size_t                  nmeta;
	Kinerja__MetadataEntry  meta[MAX_METADATA];
	Kinerja__MetadataEntry *metap[MAX_METADATA];
	struct call_ctx         spare[SPARE_CALLS]; /* guarded by mtx */
	size_t                  nspare;
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

/* nng's REQ socket, for tls+tcp://, inproc:// and nng's other schemes. */
static int
open_nng(kinerja_client *c, const char *url, const kinerja_tls *tls, char *why,
    size_t len)
{
	int rv;

	/* No timed resends: a slow replica is not a dead one, and a copy
	 * sent elsewhere while the first is still being applied would race
	 * it. A request whose connection drops is sent again
	 * (exchange_until). */
	if ((rv = nng_req0_open(&c->sock)) != 0 ||
	    (rv = nng_socket_set_ms(c->sock, NNG_OPT_REQ_RESENDTIME,
	         NNG_DURATION_INFINITE)) != 0 ||
	    (rv = kdial_watch(c->sock, &c->live)) != 0)
		return kdial_fail(why, len, KINERJA__CODE__INTERNAL, "nng: %s",
		    nng_strerror(rv));
	return kdial_open(c->sock, url, tls, why, len);
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
	char            why[sizeof(st->message)];
	int             rv, code;

	if (c == NULL || (c->urls = strdup(url)) == NULL) {
		free(c);
		return set_status(st, KINERJA__CODE__RESOURCE_EXHAUSTED, "%s",
		    "out of memory");
	}
	c->timeout_ms  = DEFAULT_TIMEOUT_MS;
	c->max_message = 16u << 20;
	atomic_init(&c->live, 0);
	if ((rv = nng_mtx_alloc(&c->mtx)) != 0) {
		kinerja_close(c);
		return set_status(
		    st, KINERJA__CODE__INTERNAL, "nng: %s", nng_strerror(rv));
	}
	if ((code = kstream_open(&c->stream, url, why, sizeof(why))) ==
	    KSTREAM_OTHER)
		code = open_nng(c, url, tls, why, sizeof(why));
	if (code != 0) {
		kinerja_close(c);
		return set_status(st, code, "%s", why);
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
	for (i = 0; i < c->nspare; i++) {
		nng_aio_free(c->spare[i].aio);
		nng_ctx_close(c->spare[i].ctx);
	}
	if (nng_socket_id(c->sock) > 0)
		nng_close(c->sock);
	kstream_close(c->stream);
	free(c->urls);
	for (i = 0; i < c->nmeta; i++) {
		free(c->meta[i].key);
		free(c->meta[i].value);
	}
	if (c->mtx != NULL)
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

/* 128 random bits in one system call (nng_random makes one per 32). */
static void
new_request_id(char *buf, size_t len)
{
	uint32_t r[4];
	size_t   i;

	if (getrandom(r, sizeof(r), 0) != (ssize_t) sizeof(r))
		for (i = 0; i < 4; i++)
			r[i] = nng_random();
	snprintf(buf, len, "%08x%08x%08x%08x", r[0], r[1], r[2], r[3]);
}

/* A request's envelope, packed. */
struct request {
	uint8_t *bytes;
	size_t   len;
};

/* A reply's envelope: in nng's message, or in memory of its own. */
struct reply {
	const uint8_t *body;
	size_t         len;
	nng_msg       *msg;
	uint8_t       *own;
};

static void
reply_free(struct reply *r)
{
	if (r->msg != NULL)
		nng_msg_free(r->msg);
	free(r->own);
}

/* Packs the request into an envelope; EMSGSIZE beyond the limit. */
static int
build_request(kinerja_client *c, const char *method,
    const ProtobufCMessage *request, const char *request_id,
    uint32_t timeout_ms, struct request *out)
{
	Kinerja__RequestEnvelope env = KINERJA__REQUEST_ENVELOPE__INIT;
	size_t                   n;
	int                      rv = 0;

	env.method     = (char *) method;
	env.request_id = (char *) request_id;
	env.timeout_ms = timeout_ms;
	nng_mtx_lock(c->mtx);
	env.metadata   = c->metap;
	env.n_metadata = c->nmeta;
	if ((n = kenv_request_size(&env, request)) > c->max_message)
		rv = NNG_EMSGSIZE;
	else if ((out->bytes = malloc(n ? n : 1)) == NULL)
		rv = NNG_ENOMEM;
	if (rv == 0) {
		kenv_request_pack(&env, request, out->bytes);
		out->len = n;
	}
	nng_mtx_unlock(c->mtx);
	return rv;
}

/* A context of a call that went well, or a new one. */
static int
call_ctx_take(kinerja_client *c, struct call_ctx *cc)
{
	int rv;

	nng_mtx_lock(c->mtx);
	if (c->nspare > 0)
		*cc = c->spare[--c->nspare];
	else
		cc->aio = NULL;
	nng_mtx_unlock(c->mtx);
	if (cc->aio != NULL)
		return 0;
	if ((rv = nng_ctx_open(&cc->ctx, c->sock)) != 0)
		return rv;
	if ((rv = nng_aio_alloc(&cc->aio, NULL, NULL)) != 0)
		nng_ctx_close(cc->ctx);
	return rv;
}

/* Keeps the context of a call that went well for the next; one that
 * failed (a timeout may leave its request behind) is closed. */
static void
call_ctx_put(kinerja_client *c, struct call_ctx *cc, int ok)
{
	if (ok) {
		nng_mtx_lock(c->mtx);
		if (c->nspare < SPARE_CALLS) {
			c->spare[c->nspare++] = *cc;
			cc->aio               = NULL;
		}
		nng_mtx_unlock(c->mtx);
		if (cc->aio == NULL)
			return;
	}
	nng_aio_free(cc->aio);
	nng_ctx_close(cc->ctx);
}

/* Sends the request on a context of its own and waits up to wait ms for
 * the answer. */
static int
exchange_nng(kinerja_client *c, const struct request *req, nng_duration wait,
    struct reply *reply)
{
	struct call_ctx cc;
	nng_msg        *msg;
	int             rv;

	if ((rv = nng_msg_alloc(&msg, req->len)) != 0)
		return rv;
	memcpy(nng_msg_body(msg), req->bytes, req->len);
	if ((rv = call_ctx_take(c, &cc)) != 0) {
		nng_msg_free(msg);
		return rv;
	}
	nng_aio_set_timeout(cc.aio, wait);
	nng_aio_set_msg(cc.aio, msg);
	nng_ctx_send(cc.ctx, cc.aio);
	nng_aio_wait(cc.aio);
	if ((rv = nng_aio_result(cc.aio)) != 0) {
		nng_msg_free(msg);
	} else {
		nng_ctx_recv(cc.ctx, cc.aio);
		nng_aio_wait(cc.aio);
		if ((rv = nng_aio_result(cc.aio)) == 0) {
			reply->msg  = nng_aio_get_msg(cc.aio);
			reply->body = nng_msg_body(reply->msg);
			reply->len  = nng_msg_len(reply->msg);
		}
	}
	call_ctx_put(c, &cc, rv == 0);
	return rv;
}

/* The connection carrying the request went away (a replica killed or
 * restarted): another one, or the same one back, can answer it. */
static int
dropped(int rv)
{
	return rv == NNG_ECONNRESET || rv == NNG_ECONNSHUT ||
	       rv == NNG_ECONNABORTED || rv == NNG_ECONNREFUSED;
}

/*
 * Sends msg until a peer answers or the deadline passes. Every copy is the
 * same envelope with the same request id, so a write the lost peer had
 * applied is answered from its replay record (on any replica of the
 * database), not applied again; a read is harmless to repeat. Each copy
 * goes on a connection that is up, or waits until one is (nng's REQ socket
 * holds it; stream.c dials again).
 */
static int
exchange_until(kinerja_client *c, const struct request *req, nng_time deadline,
    struct reply *reply)
{
	nng_time now;
	int      rv = NNG_ETIMEDOUT, sends;

	for (sends = 0; sends < MAX_SENDS; sends++) {
		if (sends > 0)
			nng_msleep(RESEND_PAUSE_MS);
		if ((now = nng_clock()) >= deadline)
			return NNG_ETIMEDOUT;
		if (c->stream != NULL) {
			rv = kstream_call(c->stream, req->bytes, req->len,
			    deadline, &reply->own, &reply->len);
			reply->body = reply->own;
		} else {
			rv = exchange_nng(
			    c, req, (nng_duration) (deadline - now), reply);
		}
		if (!dropped(rv))
			return rv;
	}
	return rv;
}

static int
transport_error(kinerja_client *c, kinerja_status *st, int rv)
{
	/* nng's socket holds a request while no connection is up, so a
	 * timeout with none up means none could be made. */
	if (rv == NNG_EUNREACHABLE ||
	    (rv == NNG_ETIMEDOUT && c->stream == NULL &&
	        atomic_load(&c->live) <= 0)) {
		kinerja_status_clear(st);
		st->code = KINERJA__CODE__UNAVAILABLE;
		snprintf(st->message, sizeof(st->message),
		    "cannot reach kinerjad at %.300s before the deadline; a "
		    "write sent before the connection dropped may still have "
		    "been applied: resend it with the same request id",
		    c->urls);
		return st->code;
	}
	if (rv == NNG_ETIMEDOUT)
		return set_status(st, KINERJA__CODE__DEADLINE_EXCEEDED, "%s",
		    "no answer from kinerjad before the deadline; a write may "
		    "still have been applied: resend it with the same request "
		    "id to find out");
	if (rv == NNG_EMSGSIZE)
		return set_status(st, KINERJA__CODE__RESOURCE_EXHAUSTED, "%s",
		    "request larger than the message limit; send it in "
		    "smaller batches");
	if (dropped(rv))
		return set_status(st, KINERJA__CODE__UNAVAILABLE, "%s",
		    "kinerjad dropped the connection every time this "
		    "request was sent; a write may still have been applied: "
		    "resend it with the same request id to find out");
	return set_status(
	    st, KINERJA__CODE__UNAVAILABLE, "transport: %s", nng_strerror(rv));
}

/* Reads the response envelope into st and, on OK, the reply. */
static int
read_response(const struct reply *r, const ProtobufCMessageDescriptor *out,
    ProtobufCMessage **reply, kinerja_status *st)
{
	Kinerja__ResponseEnvelope *env = kenv_response_unpack(r->body, r->len);

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
	struct request req    = { NULL, 0 };
	struct reply   answer = { NULL, 0, NULL, NULL };
	char           id[40];
	uint32_t timeout;
	nng_time deadline;
	int      rv, code;

	if (request_id == NULL) {
		new_request_id(id, sizeof(id));
		request_id = id;
	}
	nng_mtx_lock(c->mtx);
	timeout = c->timeout_ms;
	nng_mtx_unlock(c->mtx);
	deadline = nng_clock() + timeout + GRACE_MS;
	if ((rv = build_request(
	         c, method, request, request_id, timeout, &req)) != 0)
		return transport_error(c, st, rv);
	rv = exchange_until(c, &req, deadline, &answer);
	free(req.bytes);
	if (rv != 0)
		return transport_error(c, st, rv);
	code = read_response(&answer, out, reply, st);
	reply_free(&answer);
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
