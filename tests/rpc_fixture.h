/*
 * rpc_fixture.h - what the RPC tests share: a fresh database per test and
 * a way to call the service on it, either straight through dispatch (no
 * socket: FX_DISPATCH, what most tests use) or through libkinerja and a
 * kinerjad server on an ipc:// socket (FX_SOCKET, for what needs the
 * wire). All setup of dispatch and the server lives in rpc_fixture.c, so
 * that a change in how dispatch is set up changes that one file; the tests
 * call fx_* and the helpers below, never kdispatch_* or kserver_*.
 */
#ifndef KINERJA_RPC_FIXTURE_H
#define KINERJA_RPC_FIXTURE_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "kcore.h"
#include "kinerja/client.h"

struct fx_transport;

#define FX_MAX_METADATA 4

struct fixture {
	char                 db[512]; /* a SQLite file or a PostgreSQL URL */
	char                 url[96]; /* FX_SOCKET: where the server listens */
	int                  mode; /* FX_DISPATCH or FX_SOCKET */
	struct fx_transport *t;
	kinerja_status       st; /* the status of the last call */
	size_t               nwarned; /* warnings of the last write */
	char                 warned[1024]; /* their messages, one a line */
};

enum { FX_DISPATCH, FX_SOCKET };

/* cmocka setups: the service without auth, through dispatch or the
 * socket; and with auth on, the tokens (toks) and the admin's sent. */
int fx_setup(void **state);
int fx_setup_socket(void **state);
int fx_setup_auth(void **state);
int fx_setup_auth_socket(void **state);
int fx_teardown(void **state);

/* The tokens fx_setup_auth creates: pusat (admin), inspektorat (viewer),
 * kec-tiram (submitter of tiram) and old (an admin's, revoked). */
#define FX_TOKEN_MAX 96 /* room for a token's text (auth.h's limit) */

struct tokens {
	char admin[FX_TOKEN_MAX], viewer[FX_TOKEN_MAX], tiram[FX_TOKEN_MAX],
	    revoked[FX_TOKEN_MAX];
	/* bagor (verifier of batubara), bagor-asahan (of asahan) */
	char verifier[FX_TOKEN_MAX], verifier_asahan[FX_TOKEN_MAX];
};

extern struct tokens toks;

/* One RPC as libkinerja's kinerja_call makes it: request_id NULL gets a
 * fresh one; the status goes to f->st. Returns the code. */
int fx_call(struct fixture *f, const char *method,
    const ProtobufCMessage *request, const ProtobufCMessageDescriptor *out,
    ProtobufCMessage **reply, const char *request_id);

/* FX_DISPATCH: the calls from now on go through connection n of the
 * database: 0 the first; 1 a second worker of the same kinerjad (a
 * connection of its own, the same service state: the rankings it keeps);
 * 2 another kinerjad on the same database (a replica: its own connection
 * and state). */
void fx_worker(struct fixture *f, int n);

/* FX_DISPATCH: the current connection reads the years of a ranking on
 * a second connection from this many units on (store.h,
 * kstore_set_side_units). */
void fx_side_units(struct fixture *f, size_t units);

/* Metadata sent with every later call (key set again: replaced). */
int fx_set_metadata(struct fixture *f, const char *key, const char *value);
/* From now on the calls carry token (NULL: none) and nothing else. */
void fx_as(struct fixture *f, const char *token);

/* FX_SOCKET's libkinerja client, for what takes one (the CSV import). */
kinerja_client *fx_client(struct fixture *f);

/* Request bytes as they are, answered as the server answers them. */
Kinerja__ResponseEnvelope *fx_raw(
    struct fixture *f, const void *data, size_t len);

/* The typed calls, as libkinerja's kinerja_<name>. */
#define FX_RPC_DECLARE(fn, Req, Reply)                            \
	int fx_##fn(struct fixture *f, const Kinerja__##Req *req, \
	    Kinerja__##Reply **reply);
FX_RPC_DECLARE(health, HealthRequest, HealthReply)
FX_RPC_DECLARE(server_info, ServerInfoRequest, ServerInfoReply)
FX_RPC_DECLARE(upsert_units, UpsertUnitsRequest, WriteReply)
FX_RPC_DECLARE(list_units, ListUnitsRequest, ListUnitsReply)
FX_RPC_DECLARE(upsert_indicators, UpsertIndicatorsRequest, WriteReply)
FX_RPC_DECLARE(list_indicators, ListIndicatorsRequest, ListIndicatorsReply)
FX_RPC_DECLARE(upsert_sasaran, UpsertSasaranRequest, WriteReply)
FX_RPC_DECLARE(submit_indicator_data, SubmitIndicatorDataRequest, WriteReply)
FX_RPC_DECLARE(import, ImportRequest, WriteReply)
FX_RPC_DECLARE(get_capaian, GetCapaianRequest, GetCapaianReply)
FX_RPC_DECLARE(get_ranking, GetRankingRequest, GetRankingReply)
FX_RPC_DECLARE(get_trend, GetTrendRequest, GetTrendReply)
FX_RPC_DECLARE(get_progress, GetProgressRequest, GetProgressReply)
FX_RPC_DECLARE(submit_budget, SubmitBudgetRequest, WriteReply)
FX_RPC_DECLARE(get_budget, GetBudgetRequest, GetBudgetReply)
FX_RPC_DECLARE(get_efficiency, GetEfficiencyRequest, GetEfficiencyReply)
FX_RPC_DECLARE(submit_survey, SubmitSurveyRequest, WriteReply)
FX_RPC_DECLARE(get_survey, GetSurveyRequest, GetSurveyReply)
FX_RPC_DECLARE(submit_akip_evaluation, SubmitAkipEvaluationRequest, WriteReply)
FX_RPC_DECLARE(
    get_akip_evaluation, GetAkipEvaluationRequest, GetAkipEvaluationReply)
FX_RPC_DECLARE(validate, ValidateRequest, ValidateReply)
FX_RPC_DECLARE(export, ExportRequest, ImportRequest)
FX_RPC_DECLARE(get_history, GetHistoryRequest, GetHistoryReply)
FX_RPC_DECLARE(get_metrics, GetMetricsRequest, GetMetricsReply)
FX_RPC_DECLARE(get_comparison, GetComparisonRequest, GetComparisonReply)
FX_RPC_DECLARE(get_akip_years, GetAkipYearsRequest, GetAkipYearsReply)
FX_RPC_DECLARE(submit_benchmarks, SubmitBenchmarksRequest, WriteReply)
FX_RPC_DECLARE(transition_year, TransitionYearRequest, WriteReply)
FX_RPC_DECLARE(get_approval, GetApprovalRequest, GetApprovalReply)
FX_RPC_DECLARE(get_completeness, GetCompletenessRequest, GetCompletenessReply)
FX_RPC_DECLARE(submit_narrative, SubmitNarrativeRequest, WriteReply)
FX_RPC_DECLARE(get_narrative, GetNarrativeRequest, GetNarrativeReply)
FX_RPC_DECLARE(submit_profile, SubmitProfileRequest, WriteReply)
FX_RPC_DECLARE(get_profile, GetProfileRequest, GetProfileReply)
#undef FX_RPC_DECLARE

#endif
