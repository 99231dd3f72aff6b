/*
 * rpc_fixture.c - the service for one test on a fresh database: dispatch
 * set up as a kinerjad worker sets it up (FX_DISPATCH), or a kinerjad
 * server in this process on an ipc:// socket reached through libkinerja
 * (FX_SOCKET). The only file of the tests that knows how either is set up.
 *
 * With KINERJA_TEST_REPLY_DIR set, every request and reply the fixture
 * packs or sends raw is written there (PID-N.req, PID-N.rep), for
 * test_interop.sh to read with a strict protobuf runtime: through dispatch
 * the bytes are the ones kinerjad would put on the wire. (Calls through
 * libkinerja, FX_SOCKET's, are not: the client keeps its bytes.)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <nng/nng.h>
#include <nng/protocol/reqrep0/req.h>
#include <sodium.h>

#include "auth.h"
#include "dispatch.h"
#include "khandlers.h"
#include "metrics.h"
#include "rpc_fixture.h"
#include "server.h"
#include "store.h"
#include "test_db.h"

/* The settings the RPC tests have always run with: 4 workers, 1 MiB
 * messages, 20 000 items a batch, 30 s deadlines, 32 MiB decode budget. */
#define FX_WORKERS      4
#define FX_MAX_MESSAGE  (1u << 20)
#define FX_MAX_BATCH    20000
#define FX_TIMEOUT_MS   30000
#define FX_DECODE_BYTES (32u << 20)

struct fx_transport {
	/* FX_DISPATCH */
	struct kdispatch        disp;
	struct kserver_info     info;
	Kinerja__MetadataEntry  meta[FX_MAX_METADATA];
	Kinerja__MetadataEntry *metap[FX_MAX_METADATA];
	char     keys[FX_MAX_METADATA][32], values[FX_MAX_METADATA][128];
	size_t   nmeta;
	unsigned calls; /* for fresh request ids */
	/* fx_worker: the connections (0 dispatch's first) and a replica's
	 * own service state */
	struct kstore      *stores[3];
	struct kserver_info replica;
	/* FX_SOCKET */
	struct kserver *srv;
	kinerja_client *c;
};

struct tokens toks;

static int fini_registered;

_Static_assert(KTOKEN_TEXT_MAX <= FX_TOKEN_MAX, "FX_TOKEN_MAX too small");

/* ------------------------------------------------------- the service */

static void
dispatch_open(struct fixture *f, int auth)
{
	struct fx_transport *t = f->t;
	char                 err[256];

	t->info.started_ms = kstore_now_ms();
	t->info.workers    = FX_WORKERS;
	t->info.max_batch  = FX_MAX_BATCH;
	t->info.metrics =
	    kmetrics_new(kinerja__kinerja__descriptor.n_methods);
	t->info.state              = khandlers_service.state_new();
	t->disp.service            = &khandlers_service;
	t->disp.info               = &t->info;
	t->disp.default_timeout_ms = FX_TIMEOUT_MS;
	t->disp.max_message        = FX_MAX_MESSAGE;
	t->disp.decode_budget      = FX_DECODE_BYTES;
	t->disp.auth               = auth;
	assert_int_equal(
	    kstore_open(f->db, &t->disp.store, err, sizeof(err)), KS_OK);
	kstore_set_replay_ttl(t->disp.store, 0);
	t->stores[0] = t->disp.store;
}

static void
dispatch_close(struct fixture *f)
{
	struct fx_transport *t = f->t;
	int                  i;

	for (i = 0; i < 3; i++)
		kstore_close(t->stores[i]);
	khandlers_service.state_free(t->info.state);
	khandlers_service.state_free(t->replica.state);
	kmetrics_free(t->info.metrics);
}

void
fx_worker(struct fixture *f, int n)
{
	struct fx_transport *t = f->t;
	char                 err[256];

	assert_int_equal(f->mode, FX_DISPATCH);
	assert_true(n >= 0 && n < 3);
	if (t->stores[n] == NULL) {
		assert_int_equal(
		    kstore_open(f->db, &t->stores[n], err, sizeof(err)),
		    KS_OK);
		kstore_set_replay_ttl(t->stores[n], 0);
	}
	if (n == 2 && t->replica.state == NULL) {
		t->replica       = t->info;
		t->replica.state = khandlers_service.state_new();
		assert_non_null(t->replica.state);
	}
	t->disp.store = t->stores[n];
	t->disp.info  = n == 2 ? &t->replica : &t->info;
}

void
fx_side_units(struct fixture *f, size_t units)
{
	assert_int_equal(f->mode, FX_DISPATCH);
	kstore_set_side_units(f->t->disp.store, units);
}

static void
socket_open(struct fixture *f, int auth)
{
	struct kserver_config cfg = { .db_path = f->db,
		.workers                       = FX_WORKERS,
		.max_message                   = FX_MAX_MESSAGE,
		.max_batch                     = FX_MAX_BATCH,
		.default_timeout_ms            = FX_TIMEOUT_MS,
		.decode_budget                 = FX_DECODE_BYTES,
		.log_level                     = KLOG_NONE,
		.auth                          = auth,
		.service = &khandlers_service }; /* as kinerjad wires it */
	char                  err[256];

	/* nng frees closed listeners and pipes on its reaper thread, after
	 * nng_close returns: at exit, nng_fini waits for it, before
	 * LeakSanitizer looks (its own atexit ran first, so ours runs
	 * before it). */
	if (!fini_registered++)
		atexit(nng_fini);
	unlink(f->url + 6); /* a socket file left by the last server */
	assert_int_equal(kserver_start(&f->t->srv, &cfg, err, sizeof(err)), 0);
	assert_int_equal(
	    kserver_listen(f->t->srv, f->url, err, sizeof(err)), 0);
	assert_int_equal(kinerja_open(&f->t->c, f->url, &f->st), 0);
}

static void
socket_close(struct fixture *f)
{
	kinerja_close(f->t->c);
	kserver_stop(f->t->srv);
}

static void
serve(struct fixture *f, int auth)
{
	if (f->mode == FX_SOCKET)
		socket_open(f, auth);
	else
		dispatch_open(f, auth);
}

static void
unserve(struct fixture *f)
{
	if (f->mode == FX_SOCKET)
		socket_close(f);
	else
		dispatch_close(f);
}

static void create_tokens(const char *db);

/* With auth, the tokens are written before the server starts: starting
 * and at once stopping one raced nng's teardown of its listener (a leak
 * LeakSanitizer saw when PostgreSQL made the start slow). */
static int
start(void **state, int mode, int auth)
{
	struct fixture *f = calloc(1, sizeof(*f));
	char            sock[64];
	int             fd;

	assert_non_null(f);
	assert_non_null(f->t = calloc(1, sizeof(*f->t)));
	assert_true(sodium_init() >= 0); /* as kserver_start, for tokens */
	f->mode = mode;
	test_db_new(f->db, sizeof(f->db), "kinerja-rpc");
	/* The socket is named after a file of its own (the database may be
	 * a URL). */
	snprintf(sock, sizeof(sock), "/tmp/kinerja-rpc-XXXXXX");
	fd = mkstemp(sock);
	assert_true(fd >= 0);
	close(fd);
	unlink(sock);
	snprintf(f->url, sizeof(f->url), "ipc://%s.sock", sock);
	if (auth)
		create_tokens(f->db);
	serve(f, auth);
	*state = f;
	return 0;
}

int
fx_setup(void **state)
{
	return start(state, FX_DISPATCH, 0);
}

int
fx_setup_socket(void **state)
{
	return start(state, FX_SOCKET, 0);
}

int
fx_teardown(void **state)
{
	struct fixture *f = *state;

	unserve(f);
	kinerja_status_clear(&f->st);
	test_db_remove(f->db);
	unlink(f->url + 6);
	free(f->t);
	free(f);
	return 0;
}

/* The tokens, written to the database while no server has it. */
static void
create_tokens(const char *db)
{
	struct kstore *st;
	const char    *tiram[]    = { "tiram" };
	const char    *batubara[] = { "batubara" }, *asahan[] = { "asahan" };
	char           err[256], spare[KTOKEN_TEXT_MAX];

	assert_int_equal(kstore_open(db, &st, err, sizeof(err)), KS_OK);
	assert_int_equal(
	    ktoken_create(st, "pusat", KROLE_ADMIN, NULL, 0, toks.admin),
	    KS_OK);
	assert_int_equal(ktoken_create(st, "inspektorat", KROLE_VIEWER, NULL,
	                     0, toks.viewer),
	    KS_OK);
	assert_int_equal(ktoken_create(st, "kec-tiram", KROLE_SUBMITTER, tiram,
	                     1, toks.tiram),
	    KS_OK);
	assert_int_equal(
	    ktoken_create(st, "old", KROLE_ADMIN, NULL, 0, toks.revoked),
	    KS_OK);
	assert_int_equal(kstore_token_revoke(st, "old"), KS_OK);
	assert_int_equal(ktoken_create(st, "bagor", KROLE_VERIFIER, batubara,
	                     1, toks.verifier),
	    KS_OK);
	assert_int_equal(ktoken_create(st, "bagor-asahan", KROLE_VERIFIER,
	                     asahan, 1, toks.verifier_asahan),
	    KS_OK);
	assert_int_equal(
	    ktoken_create(st, "pusat", KROLE_VIEWER, NULL, 0, spare),
	    KS_CONFLICT);
	kstore_close(st);
}

static int
start_auth(void **state, int mode)
{
	struct fixture *f;

	start(state, mode, 1);
	f = *state;
	assert_int_equal(fx_set_metadata(f, "authorization", toks.admin), 0);
	return 0;
}

int
fx_setup_auth(void **state)
{
	return start_auth(state, FX_DISPATCH);
}

int
fx_setup_auth_socket(void **state)
{
	return start_auth(state, FX_SOCKET);
}

/* --------------------------------------------------------- the calls */

static void
dump(const char *ext, unsigned seq, const uint8_t *data, size_t len)
{
	const char *dir = getenv("KINERJA_TEST_REPLY_DIR");
	char        path[512];
	FILE       *fp;

	if (dir == NULL)
		return;
	snprintf(path, sizeof(path), "%s/%d-%06u.%s", dir, (int) getpid(), seq,
	    ext);
	assert_non_null(fp = fopen(path, "wb"));
	assert_int_equal(fwrite(data, 1, len, fp), len);
	assert_int_equal(fclose(fp), 0);
}

/* Request bytes to response bytes over a fresh REQ socket; *out is
 * malloc'd. */
static size_t
socket_exchange(struct fixture *f, const void *req, size_t len, uint8_t **out)
{
	nng_socket s;
	nng_msg   *msg;
	size_t     n;

	assert_int_equal(nng_req0_open(&s), 0);
	assert_int_equal(nng_socket_set_ms(s, NNG_OPT_RECVTIMEO, 10000), 0);
	assert_int_equal(nng_dial(s, f->url, NULL, 0), 0);
	assert_int_equal(nng_msg_alloc(&msg, 0), 0);
	assert_int_equal(nng_msg_append(msg, req, len), 0);
	assert_int_equal(nng_sendmsg(s, msg, 0), 0);
	assert_int_equal(nng_recvmsg(s, &msg, 0), 0);
	n = nng_msg_len(msg);
	assert_non_null(*out = malloc(n ? n : 1));
	memcpy(*out, nng_msg_body(msg), n);
	nng_msg_free(msg);
	nng_close(s);
	return n;
}

/* Request bytes to response bytes, through dispatch or over the socket;
 * *out is malloc'd. */
static size_t
exchange(struct fixture *f, const void *req, size_t len, uint8_t **out)
{
	static unsigned seq;
	size_t          n;

	dump("req", ++seq, req, len);
	if (f->mode == FX_SOCKET)
		n = socket_exchange(f, req, len, out);
	else
		kdispatch_handle(&f->t->disp, req, len, out, &n, NULL);
	dump("rep", seq, *out, n);
	return n;
}

Kinerja__ResponseEnvelope *
fx_raw(struct fixture *f, const void *data, size_t len)
{
	Kinerja__ResponseEnvelope *env;
	uint8_t                   *out;
	size_t                     n = exchange(f, data, len, &out);

	env = kinerja__response_envelope__unpack(NULL, n, out);
	free(out);
	assert_non_null(env);
	return env;
}

/* The envelope libkinerja would send: its metadata, a 30 s deadline. */
static uint8_t *
pack_request(struct fixture *f, const char *method,
    const ProtobufCMessage *request, const char *request_id, size_t *len)
{
	Kinerja__RequestEnvelope env = KINERJA__REQUEST_ENVELOPE__INIT;
	size_t   plen    = protobuf_c_message_get_packed_size(request);
	uint8_t *payload = malloc(plen ? plen : 1), *out;

	assert_non_null(payload);
	protobuf_c_message_pack(request, payload);
	env.method       = (char *) method;
	env.request_id   = (char *) request_id;
	env.timeout_ms   = FX_TIMEOUT_MS;
	env.payload.data = payload;
	env.payload.len  = plen;
	env.metadata     = f->t->metap;
	env.n_metadata   = f->t->nmeta;
	*len             = kinerja__request_envelope__get_packed_size(&env);
	assert_non_null(out = malloc(*len));
	kinerja__request_envelope__pack(&env, out);
	free(payload);
	return out;
}

/* The response envelope into f->st, as libkinerja reads it. */
static int
read_response(struct fixture *f, Kinerja__ResponseEnvelope *env,
    const ProtobufCMessageDescriptor *out, ProtobufCMessage **reply)
{
	kinerja_status_clear(&f->st);
	f->st.code = env->code;
	snprintf(f->st.message, sizeof(f->st.message), "%s", env->message);
	f->st.details   = env->details;
	f->st.n_details = env->n_details;
	f->st.priv      = env;
	if (env->code != KINERJA__CODE__OK)
		return env->code;
	*reply = protobuf_c_message_unpack(
	    out, NULL, env->payload.len, env->payload.data);
	assert_non_null(*reply);
	return KINERJA__CODE__OK;
}

static int
dispatch_call(struct fixture *f, const char *method,
    const ProtobufCMessage *request, const ProtobufCMessageDescriptor *out,
    ProtobufCMessage **reply, const char *request_id)
{
	Kinerja__ResponseEnvelope *env;
	char                       id[40];
	uint8_t                   *req;
	size_t                     len;

	if (request_id == NULL) {
		snprintf(id, sizeof(id), "%016x%016x", (unsigned) getpid(),
		    ++f->t->calls);
		request_id = id;
	}
	req = pack_request(f, method, request, request_id, &len);
	env = fx_raw(f, req, len);
	free(req);
	return read_response(f, env, out, reply);
}

int
fx_call(struct fixture *f, const char *method, const ProtobufCMessage *request,
    const ProtobufCMessageDescriptor *out, ProtobufCMessage **reply,
    const char *request_id)
{
	int code;

	if (f->mode == FX_SOCKET)
		code = kinerja_call(
		    f->t->c, method, request, out, reply, request_id, &f->st);
	else
		code =
		    dispatch_call(f, method, request, out, reply, request_id);
	/* The message of an INTERNAL reply goes to the log: a storage error
	 * a test did not expect is then named in CI's output. */
	if (code == KINERJA__CODE__INTERNAL)
		fprintf(stderr, "%s: INTERNAL: %s\n", method, f->st.message);
	return code;
}

int
fx_set_metadata(struct fixture *f, const char *key, const char *value)
{
	struct fx_transport *t = f->t;
	size_t               i;

	if (f->mode == FX_SOCKET)
		return kinerja_set_metadata(t->c, key, value);
	for (i = 0; i < t->nmeta && strcmp(t->keys[i], key) != 0; i++)
		;
	assert_true(i < FX_MAX_METADATA);
	assert_true(strlen(key) < sizeof(t->keys[i]));
	assert_true(strlen(value) < sizeof(t->values[i]));
	strcpy(t->keys[i], key);
	strcpy(t->values[i], value);
	kinerja__metadata_entry__init(&t->meta[i]);
	t->meta[i].key   = t->keys[i];
	t->meta[i].value = t->values[i];
	t->metap[i]      = &t->meta[i];
	if (i == t->nmeta)
		t->nmeta++;
	return 0;
}

kinerja_client *
fx_client(struct fixture *f)
{
	assert_int_equal(f->mode, FX_SOCKET);
	return f->t->c;
}

void
fx_as(struct fixture *f, const char *token)
{
	if (f->mode == FX_SOCKET) {
		kinerja_close(f->t->c);
		assert_int_equal(kinerja_open(&f->t->c, f->url, &f->st), 0);
	} else {
		f->t->nmeta = 0;
	}
	if (token != NULL)
		assert_int_equal(
		    fx_set_metadata(f, "authorization", token), 0);
}

/* The per-RPC calls are fx_call with the right types. */
#define FX_RPC(fn, Method, Req, Reply, reply_desc)                 \
	int fx_##fn(struct fixture *f, const Kinerja__##Req *req,  \
	    Kinerja__##Reply **reply)                              \
	{                                                          \
		return fx_call(f, Method, &req->base, &reply_desc, \
		    (ProtobufCMessage **) reply, NULL);            \
	}

FX_RPC(health, "Health", HealthRequest, HealthReply,
    kinerja__health_reply__descriptor)
FX_RPC(server_info, "ServerInfo", ServerInfoRequest, ServerInfoReply,
    kinerja__server_info_reply__descriptor)
FX_RPC(upsert_units, "UpsertUnits", UpsertUnitsRequest, WriteReply,
    kinerja__write_reply__descriptor)
FX_RPC(list_units, "ListUnits", ListUnitsRequest, ListUnitsReply,
    kinerja__list_units_reply__descriptor)
FX_RPC(upsert_indicators, "UpsertIndicators", UpsertIndicatorsRequest,
    WriteReply, kinerja__write_reply__descriptor)
FX_RPC(list_indicators, "ListIndicators", ListIndicatorsRequest,
    ListIndicatorsReply, kinerja__list_indicators_reply__descriptor)
FX_RPC(upsert_sasaran, "UpsertSasaran", UpsertSasaranRequest, WriteReply,
    kinerja__write_reply__descriptor)
FX_RPC(submit_indicator_data, "SubmitIndicatorData",
    SubmitIndicatorDataRequest, WriteReply, kinerja__write_reply__descriptor)
FX_RPC(import, "Import", ImportRequest, WriteReply,
    kinerja__write_reply__descriptor)
FX_RPC(get_capaian, "GetCapaian", GetCapaianRequest, GetCapaianReply,
    kinerja__get_capaian_reply__descriptor)
FX_RPC(get_ranking, "GetRanking", GetRankingRequest, GetRankingReply,
    kinerja__get_ranking_reply__descriptor)
FX_RPC(get_trend, "GetTrend", GetTrendRequest, GetTrendReply,
    kinerja__get_trend_reply__descriptor)
FX_RPC(get_progress, "GetProgress", GetProgressRequest, GetProgressReply,
    kinerja__get_progress_reply__descriptor)
FX_RPC(submit_budget, "SubmitBudget", SubmitBudgetRequest, WriteReply,
    kinerja__write_reply__descriptor)
FX_RPC(get_budget, "GetBudget", GetBudgetRequest, GetBudgetReply,
    kinerja__get_budget_reply__descriptor)
FX_RPC(get_efficiency, "GetEfficiency", GetEfficiencyRequest,
    GetEfficiencyReply, kinerja__get_efficiency_reply__descriptor)
FX_RPC(submit_survey, "SubmitSurvey", SubmitSurveyRequest, WriteReply,
    kinerja__write_reply__descriptor)
FX_RPC(get_survey, "GetSurvey", GetSurveyRequest, GetSurveyReply,
    kinerja__get_survey_reply__descriptor)
FX_RPC(submit_akip_evaluation, "SubmitAkipEvaluation",
    SubmitAkipEvaluationRequest, WriteReply, kinerja__write_reply__descriptor)
FX_RPC(get_akip_evaluation, "GetAkipEvaluation", GetAkipEvaluationRequest,
    GetAkipEvaluationReply, kinerja__get_akip_evaluation_reply__descriptor)
FX_RPC(validate, "Validate", ValidateRequest, ValidateReply,
    kinerja__validate_reply__descriptor)
FX_RPC(export, "Export", ExportRequest, ImportRequest,
    kinerja__import_request__descriptor)
FX_RPC(get_metrics, "GetMetrics", GetMetricsRequest, GetMetricsReply,
    kinerja__get_metrics_reply__descriptor)
FX_RPC(get_history, "GetHistory", GetHistoryRequest, GetHistoryReply,
    kinerja__get_history_reply__descriptor)
FX_RPC(get_comparison, "GetComparison", GetComparisonRequest,
    GetComparisonReply, kinerja__get_comparison_reply__descriptor)
FX_RPC(get_akip_years, "GetAkipYears", GetAkipYearsRequest,
    GetAkipYearsReply, kinerja__get_akip_years_reply__descriptor)
FX_RPC(submit_benchmarks, "SubmitBenchmarks", SubmitBenchmarksRequest,
    WriteReply, kinerja__write_reply__descriptor)
FX_RPC(transition_year, "TransitionYear", TransitionYearRequest, WriteReply,
    kinerja__write_reply__descriptor)
FX_RPC(get_approval, "GetApproval", GetApprovalRequest, GetApprovalReply,
    kinerja__get_approval_reply__descriptor)
FX_RPC(get_completeness, "GetCompleteness", GetCompletenessRequest,
    GetCompletenessReply, kinerja__get_completeness_reply__descriptor)
FX_RPC(submit_narrative, "SubmitNarrative", SubmitNarrativeRequest,
    WriteReply, kinerja__write_reply__descriptor)
FX_RPC(get_narrative, "GetNarrative", GetNarrativeRequest, GetNarrativeReply,
    kinerja__get_narrative_reply__descriptor)
FX_RPC(submit_profile, "SubmitProfile", SubmitProfileRequest, WriteReply,
    kinerja__write_reply__descriptor)
FX_RPC(get_profile, "GetProfile", GetProfileRequest, GetProfileReply,
    kinerja__get_profile_reply__descriptor)
