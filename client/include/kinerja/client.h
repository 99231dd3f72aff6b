/*
 * kinerja/client.h - libkinerja, the C client of kinerjad.
 *
 * Requests and replies are the protobuf-c structs generated from
 * kinerja.proto (installed as <kinerja/kinerja.pb-c.h>). Every call returns
 * the gRPC status code (KINERJA__CODE__OK, 0, on success) and fills a
 * kinerja_status with the server's message and per-item details.
 *
 * Thread safety: a kinerja_client may be shared by any number of threads;
 * each call uses a connection of its own (over tcp:// and ipc://, opened
 * as calls overlap: at most 16 to a URL, further calls waiting for one,
 * and 8 kept idle; with tls+tcp:// and inproc://, an nng context on one
 * connection), so calls run concurrently. A
 * kinerja_status and a reply belong to the calling thread.
 *
 *	kinerja_client *c;
 *	kinerja_status  st = KINERJA_STATUS_INIT;
 *	Kinerja__GetCapaianRequest req = KINERJA__GET_CAPAIAN_REQUEST__INIT;
 *	Kinerja__GetCapaianReply  *rep;
 *
 *	if (kinerja_open(&c, "tcp://127.0.0.1:7450", &st) == 0) {
 *		req.unit = "tanjung-tiram";
 *		req.year = 2025;
 *		if (kinerja_get_capaian(c, &req, &rep, &st) == 0)
 *			kinerja__get_capaian_reply__free_unpacked(rep, NULL);
 *		else
 *			fprintf(stderr, "%s\n", st.message);
 *		kinerja_close(c);
 *	}
 *	kinerja_status_clear(&st);
 */
#ifndef KINERJA_CLIENT_H
#define KINERJA_CLIENT_H

#include <stddef.h>
#include <stdint.h>

#include <kinerja/kinerja.pb-c.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Marks the library's API: libkinerja is built with -fvisibility=hidden (as
 * nng marks its own with NNG_DECL), so that only these functions and the
 * generated kinerja__ messages are exported, never its internals. */
#if defined(__GNUC__) || defined(__clang__)
#define KINERJA_API __attribute__((visibility("default")))
#else
#define KINERJA_API
#endif

#define KINERJA_DEFAULT_URL "tcp://127.0.0.1:7450"

typedef struct kinerja_client kinerja_client;

typedef struct kinerja_status {
	int                   code; /* Kinerja__Code */
	char                  message[512];
	size_t                n_details; /* per-item errors of a batch */
	Kinerja__FieldError **details;
	void                 *priv; /* owns details */
} kinerja_status;

#define KINERJA_STATUS_INIT             \
	{                               \
		0, { 0 }, 0, NULL, NULL \
	}

/* Frees the details of a status; the status may be reused afterwards. */
KINERJA_API void kinerja_status_clear(kinerja_status *st);

/* "INVALID_ARGUMENT" for 3, and so on. */
KINERJA_API const char *kinerja_code_name(int code);

/* Connects to url (tcp://, ipc:// or inproc://); UNAVAILABLE when nothing
 * listens there. After a later drop the client connects again by itself.
 *
 * url may be a comma-separated list of replicas on one database
 * ("tcp://a:7450,tcp://b:7450", at most 16): a malformed entry refuses
 * the open (INVALID_ARGUMENT naming it); the open succeeds when one URL
 * connects and the others join in the background; calls spread over the
 * connections that are up, and a call whose connection drops is resent,
 * with the same request id, on another within its deadline (see
 * docs/failover.md). */
KINERJA_API int kinerja_open(
    kinerja_client **out, const char *url, kinerja_status *st);

/* For tls+tcp:// URLs: the server's certificate must be signed by the CA
 * in ca_file (PEM) and name server_name (default: the URL's host). With
 * cert_file (a PEM holding the certificate and its key) the client proves
 * itself too, for servers started with --tls-ca. */
typedef struct kinerja_tls {
	const char *ca_file;
	const char *cert_file;
	const char *server_name;
} kinerja_tls;

KINERJA_API int  kinerja_open_tls(kinerja_client **out, const char *url,
     const kinerja_tls *tls, kinerja_status *st);
KINERJA_API void kinerja_close(kinerja_client *c);

/* Deadline of each call in milliseconds (0: the default, 30000), sent to
 * the server as the request's timeout; the client waits 2 s longer for the
 * reply. A call that gets no reply in time returns DEADLINE_EXCEEDED, and a
 * write may then still have been applied: resend it with kinerja_call and
 * the same request id to get its reply without applying it twice. Requests
 * larger than 16 MiB (kinerjad's default limit) fail at once with
 * RESOURCE_EXHAUSTED. */
KINERJA_API void kinerja_set_timeout(kinerja_client *c, uint32_t ms);

/* Metadata sent with every call, e.g. ("authorization", "Bearer ...");
 * setting a key again replaces its value. At most 8 keys. */
KINERJA_API int kinerja_set_metadata(
    kinerja_client *c, const char *key, const char *value);

/*
 * The generic call: method is the short RPC name ("GetCapaian"). A NULL
 * request_id gets a fresh random one; pass the same id to retry a write
 * safely. *reply is set only on success and is freed with
 * protobuf_c_message_free_unpacked(). A large reply (a whole national
 * ranking is some 22 000 blocks) is malloc'd block by block; with glibc's
 * defaults a program that reads many of them pays page faults on each,
 * as the freed heap is given back: bench/common.c shows the mallopt()
 * that keeps it (3.3 ms to decode a 7 300-row ranking without, 0.6 with).
 */
KINERJA_API int kinerja_call(kinerja_client *c, const char *method,
    const ProtobufCMessage *request, const ProtobufCMessageDescriptor *out,
    ProtobufCMessage **reply, const char *request_id, kinerja_status *st);

/* One function per RPC of `service Kinerja`. */
KINERJA_API int kinerja_health(kinerja_client *c,
    const Kinerja__HealthRequest *req, Kinerja__HealthReply **reply,
    kinerja_status *st);
KINERJA_API int kinerja_server_info(kinerja_client *c,
    const Kinerja__ServerInfoRequest *req, Kinerja__ServerInfoReply **reply,
    kinerja_status *st);
KINERJA_API int kinerja_upsert_units(kinerja_client *c,
    const Kinerja__UpsertUnitsRequest *req, Kinerja__WriteReply **reply,
    kinerja_status *st);
KINERJA_API int kinerja_list_units(kinerja_client *c,
    const Kinerja__ListUnitsRequest *req, Kinerja__ListUnitsReply **reply,
    kinerja_status *st);
KINERJA_API int kinerja_upsert_indicators(kinerja_client *c,
    const Kinerja__UpsertIndicatorsRequest *req, Kinerja__WriteReply **reply,
    kinerja_status *st);
KINERJA_API int kinerja_list_indicators(kinerja_client *c,
    const Kinerja__ListIndicatorsRequest               *req,
    Kinerja__ListIndicatorsReply **reply, kinerja_status *st);
KINERJA_API int kinerja_upsert_sasaran(kinerja_client *c,
    const Kinerja__UpsertSasaranRequest *req, Kinerja__WriteReply **reply,
    kinerja_status *st);
KINERJA_API int kinerja_submit_indicator_data(kinerja_client *c,
    const Kinerja__SubmitIndicatorDataRequest                *req,
    Kinerja__WriteReply **reply, kinerja_status *st);
KINERJA_API int kinerja_import(kinerja_client *c,
    const Kinerja__ImportRequest *req, Kinerja__WriteReply **reply,
    kinerja_status *st);
KINERJA_API int kinerja_get_capaian(kinerja_client *c,
    const Kinerja__GetCapaianRequest *req, Kinerja__GetCapaianReply **reply,
    kinerja_status *st);
KINERJA_API int kinerja_get_ranking(kinerja_client *c,
    const Kinerja__GetRankingRequest *req, Kinerja__GetRankingReply **reply,
    kinerja_status *st);
KINERJA_API int kinerja_get_trend(kinerja_client *c,
    const Kinerja__GetTrendRequest *req, Kinerja__GetTrendReply **reply,
    kinerja_status *st);
KINERJA_API int kinerja_get_progress(kinerja_client *c,
    const Kinerja__GetProgressRequest *req, Kinerja__GetProgressReply **reply,
    kinerja_status *st);
KINERJA_API int kinerja_submit_budget(kinerja_client *c,
    const Kinerja__SubmitBudgetRequest *req, Kinerja__WriteReply **reply,
    kinerja_status *st);
KINERJA_API int kinerja_get_budget(kinerja_client *c,
    const Kinerja__GetBudgetRequest *req, Kinerja__GetBudgetReply **reply,
    kinerja_status *st);
KINERJA_API int kinerja_get_efficiency(kinerja_client *c,
    const Kinerja__GetEfficiencyRequest               *req,
    Kinerja__GetEfficiencyReply **reply, kinerja_status *st);
KINERJA_API int kinerja_submit_survey(kinerja_client *c,
    const Kinerja__SubmitSurveyRequest *req, Kinerja__WriteReply **reply,
    kinerja_status *st);
KINERJA_API int kinerja_get_survey(kinerja_client *c,
    const Kinerja__GetSurveyRequest *req, Kinerja__GetSurveyReply **reply,
    kinerja_status *st);
KINERJA_API int kinerja_submit_akip_evaluation(kinerja_client *c,
    const Kinerja__SubmitAkipEvaluationRequest                *req,
    Kinerja__WriteReply **reply, kinerja_status *st);
KINERJA_API int kinerja_get_akip_evaluation(kinerja_client *c,
    const Kinerja__GetAkipEvaluationRequest                *req,
    Kinerja__GetAkipEvaluationReply **reply, kinerja_status *st);
KINERJA_API int kinerja_validate(kinerja_client *c,
    const Kinerja__ValidateRequest *req, Kinerja__ValidateReply **reply,
    kinerja_status *st);
KINERJA_API int kinerja_export(kinerja_client *c,
    const Kinerja__ExportRequest *req, Kinerja__ImportRequest **reply,
    kinerja_status *st);
KINERJA_API int kinerja_get_metrics(kinerja_client *c,
    const Kinerja__GetMetricsRequest *req, Kinerja__GetMetricsReply **reply,
    kinerja_status *st);
KINERJA_API int kinerja_get_history(kinerja_client *c,
    const Kinerja__GetHistoryRequest *req, Kinerja__GetHistoryReply **reply,
    kinerja_status *st);
KINERJA_API int kinerja_get_comparison(kinerja_client *c,
    const Kinerja__GetComparisonRequest *req,
    Kinerja__GetComparisonReply **reply, kinerja_status *st);
KINERJA_API int kinerja_get_akip_years(kinerja_client *c,
    const Kinerja__GetAkipYearsRequest *req,
    Kinerja__GetAkipYearsReply **reply, kinerja_status *st);
KINERJA_API int kinerja_submit_benchmarks(kinerja_client *c,
    const Kinerja__SubmitBenchmarksRequest *req, Kinerja__WriteReply **reply,
    kinerja_status *st);
/* Moves a unit-year one approval step (ajukan, verifikasi, setujui,
 * kembalikan, buka); its state and the transitions; who has reported. */
KINERJA_API int kinerja_transition_year(kinerja_client *c,
    const Kinerja__TransitionYearRequest *req, Kinerja__WriteReply **reply,
    kinerja_status *st);
KINERJA_API int kinerja_get_approval(kinerja_client *c,
    const Kinerja__GetApprovalRequest *req, Kinerja__GetApprovalReply **reply,
    kinerja_status *st);
KINERJA_API int kinerja_get_completeness(kinerja_client *c,
    const Kinerja__GetCompletenessRequest               *req,
    Kinerja__GetCompletenessReply **reply, kinerja_status *st);
/* The LKjIP's own text (issue #15): narrative sections of a unit-year
 * and its indicators, and the unit profile of a year (BAB I). */
KINERJA_API int kinerja_submit_narrative(kinerja_client *c,
    const Kinerja__SubmitNarrativeRequest *req, Kinerja__WriteReply **reply,
    kinerja_status *st);
KINERJA_API int kinerja_get_narrative(kinerja_client *c,
    const Kinerja__GetNarrativeRequest *req,
    Kinerja__GetNarrativeReply **reply, kinerja_status *st);
KINERJA_API int kinerja_submit_profile(kinerja_client *c,
    const Kinerja__SubmitProfileRequest *req, Kinerja__WriteReply **reply,
    kinerja_status *st);
KINERJA_API int kinerja_get_profile(kinerja_client *c,
    const Kinerja__GetProfileRequest *req, Kinerja__GetProfileReply **reply,
    kinerja_status *st);

/* ------------------------------------------------------------- import */

/* A CSV file in one of the import formats, already in memory. */
typedef struct kinerja_file {
	const char *name; /* used in error reports */
	const char *data;
	size_t      len;
} kinerja_file;

/* Called once per problem: file, line (0: the whole file), column. */
typedef void (*kinerja_report_fn)(void *arg, const char *file, unsigned line,
    const char *column, const char *message);

typedef struct kinerja_import_stats {
	unsigned rows;
	unsigned created;
	unsigned updated;
	unsigned unchanged;
	unsigned written; /* requests that wrote; non-zero after a failure
	                     means the import stopped part way */
	unsigned unknown; /* requests that got no answer: they may or may
	                     not have been applied */
} kinerja_import_stats;

/*
 * Imports CSV files (units, indicators, sasaran, values, narasi, profil,
 * pegawai, budget, belanja, akip, skm; recognised by their header) through the Import RPC, in dependency
 * order. Every row of every file is validated, locally and by the server,
 * before anything is written; with dry_run nothing is written at all. Up to 10
 * 000 rows go in one request and are applied all or nothing; larger imports
 * are split and stop at the first request that fails. Returns 0, or -1 after
 * reporting each problem.
 */
KINERJA_API int kinerja_import_csv(kinerja_client *c,
    const kinerja_file *files, size_t n, int dry_run, kinerja_report_fn report,
    void *arg, kinerja_import_stats *stats);

/*
 * As kinerja_import_csv; `warn`, when not NULL, hears each warning of the
 * import (of its dry run with dry_run) at its file and line: rows written
 * that deserve a word, such as a realisasi that replaces one derived from
 * an AKIP evaluation or a survey, a stated figure that differs from the
 * derived one (a finding), or a value no sasaran of its unit shows.
 */
KINERJA_API int kinerja_import_csv_warn(kinerja_client *c,
    const kinerja_file *files, size_t n, int dry_run, kinerja_report_fn report,
    kinerja_report_fn warn, void *arg, kinerja_import_stats *stats);

#ifdef __cplusplus
}
#endif

#endif
