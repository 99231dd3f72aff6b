/*
 * test_rpc.c - the RPCs end to end: a kinerjad server in this process on an
 * ipc:// socket, driven through libkinerja and through a raw nng REQ socket
 * for malformed input. Every rejected request is checked to change nothing.
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
#include <nng/nng.h>
#include <nng/protocol/reqrep0/rep.h>
#include <nng/protocol/reqrep0/req.h>
#include <nng/supplemental/util/platform.h>

#include "auth.h"
#include "kcore.h"
#include "khandlers.h"
#include "khandlers.h"
#include "kinerja/client.h"
#include "server.h"
#include "metrics.h"
#include "store.h"

/*
 * With KINERJA_TEST_REPLY_DIR set, a relay of this file's own sits in
 * front of the server and writes every request and reply there (N.req,
 * N.rep), for test_interop.sh to read with a strict protobuf runtime:
 * "every reply of the test suite parses". Neither libkinerja nor kinerjad
 * knows of it.
 */
struct relay {
	nng_socket  front; /* REP on the fixture's URL, where tests connect */
	nng_socket  back; /* REQ to the server */
	nng_thread *thread;
	const char *dir;
};

struct fixture {
	char            db[64];
	char            url[96];
	struct kserver *srv;
	struct relay   *relay; /* NULL: tests talk to srv directly */
	kinerja_client *c;
	kinerja_status  st;
	size_t          nwarned; /* warnings of the last write */
	char            warned[1024]; /* their messages, one a line */
};

/* Keeps a write's warnings for the test to read. */
static void
note_warnings(struct fixture *f, const Kinerja__WriteReply *r)
{
	size_t i, n = 0;

	f->nwarned   = r->n_warnings;
	f->warned[0] = 0;
	for (i = 0; i < r->n_warnings && n < sizeof(f->warned); i++) {
		assert_int_equal(r->warnings[i]->code, KINERJA__CODE__OK);
		n += (size_t) snprintf(f->warned + n, sizeof(f->warned) - n,
		    "%s\n", r->warnings[i]->message);
	}
}


static void
relay_dump(const struct relay *r, unsigned seq, const char *ext, nng_msg *m)
{
	char  path[512];
	FILE *fp;

	snprintf(path, sizeof(path), "%s/%d-%06u.%s", r->dir, (int) getpid(),
	    seq, ext);
	assert_non_null(fp = fopen(path, "wb"));
	assert_int_equal(
	    fwrite(nng_msg_body(m), 1, nng_msg_len(m), fp), nng_msg_len(m));
	assert_int_equal(fclose(fp), 0);
}

/* One request at a time: enough for tests that wait for each answer. */
static void
relay_run(void *arg)
{
	struct relay   *r = arg;
	static unsigned seq;
	nng_msg        *m;

	while (nng_recvmsg(r->front, &m, 0) == 0) {
		relay_dump(r, ++seq, "req", m);
		if (nng_sendmsg(r->back, m, 0) != 0) {
			nng_msg_free(m);
			continue;
		}
		if (nng_recvmsg(r->back, &m, 0) != 0)
			continue;
		relay_dump(r, seq, "rep", m);
		if (nng_sendmsg(r->front, m, 0) != 0)
			nng_msg_free(m);
	}
}

static struct relay *
relay_start(const char *dir, const char *url, const char *server)
{
	struct relay *r = calloc(1, sizeof(*r));

	r->dir = dir;
	assert_int_equal(nng_rep0_open(&r->front), 0);
	assert_int_equal(nng_req0_open(&r->back), 0);
	assert_int_equal(
	    nng_socket_set_size(r->front, NNG_OPT_RECVMAXSZ, 0), 0);
	assert_int_equal(
	    nng_socket_set_size(r->back, NNG_OPT_RECVMAXSZ, 0), 0);
	assert_int_equal(nng_listen(r->front, url, NULL, 0), 0);
	assert_int_equal(nng_dial(r->back, server, NULL, 0), 0);
	assert_int_equal(nng_thread_create(&r->thread, relay_run, r), 0);
	return r;
}

static void
relay_stop(struct relay *r)
{
	nng_close(r->front); /* ends relay_run */
	nng_thread_destroy(r->thread);
	nng_close(r->back);
	free(r);
}

/* Starts the server for f->url, behind the relay when one is asked for. */
static void
serve(struct fixture *f, const struct kserver_config *cfg)
{
	const char           *dir = getenv("KINERJA_TEST_REPLY_DIR");
	struct kserver_config c   = *cfg;
	char                  err[256], url[128];

	c.service = &khandlers_service; /* as kinerjad wires it */
	snprintf(url, sizeof(url), "%s%s", f->url, dir ? ".srv" : "");
	assert_int_equal(kserver_start(&f->srv, &c, err, sizeof(err)), 0);
	assert_int_equal(kserver_listen(f->srv, url, err, sizeof(err)), 0);
	f->relay = dir ? relay_start(dir, f->url, url) : NULL;
}

static void
unserve(struct fixture *f)
{
	if (f->relay != NULL)
		relay_stop(f->relay);
	f->relay = NULL;
	kserver_stop(f->srv);
}

static int
setup(void **state)
{
	struct fixture       *f   = calloc(1, sizeof(*f));
	struct kserver_config cfg = { f->db, 4, 1 << 20, 20000, 30000,
		32 << 20, KLOG_NONE };
	int                   fd;

	snprintf(f->db, sizeof(f->db), "/tmp/kinerja-rpc-XXXXXX");
	fd = mkstemp(f->db);
	assert_true(fd >= 0);
	close(fd);
	snprintf(f->url, sizeof(f->url), "ipc://%s.sock", f->db);
	serve(f, &cfg);
	assert_int_equal(kinerja_open(&f->c, f->url, &f->st), 0);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;
	char            path[96];

	kinerja_close(f->c);
	kinerja_status_clear(&f->st);
	unserve(f);
	unlink(f->db);
	snprintf(path, sizeof(path), "%s-wal", f->db);
	unlink(path);
	snprintf(path, sizeof(path), "%s-shm", f->db);
	unlink(path);
	snprintf(path, sizeof(path), "%s.sock", f->db);
	unlink(path);
	snprintf(path, sizeof(path), "%s.sock.srv", f->db);
	unlink(path);
	free(f);
	return 0;
}

/* ------------------------------------------------------------ helpers */

/* Percentages and values arrive rounded to 2 decimals: compare exactly. */
#define assert_e2(x, e2) assert_int_equal(llround((x) *100), (e2))

static Kinerja__Unit
unit(const char *code, const char *parent, Kinerja__Level level)
{
	Kinerja__Unit u = KINERJA__UNIT__INIT;

	u.code   = (char *) code;
	u.name   = (char *) code;
	u.parent = (char *) parent;
	u.level  = level;
	return u;
}

static int
upsert_units(struct fixture *f, Kinerja__Unit *units, size_t n,
    Kinerja__WriteReply **out)
{
	Kinerja__UpsertUnitsRequest req = KINERJA__UPSERT_UNITS_REQUEST__INIT;
	Kinerja__Unit              *p[8];
	Kinerja__WriteReply        *r;
	size_t                      i;
	int                         code;

	for (i = 0; i < n; i++)
		p[i] = &units[i];
	req.units   = p;
	req.n_units = n;
	code        = kinerja_upsert_units(f->c, &req, &r, &f->st);
	if (code == 0 && out != NULL)
		*out = r;
	else if (code == 0)
		kinerja__write_reply__free_unpacked(r, NULL);
	return code;
}

static Kinerja__IndicatorValue
value(const char *ind, int year, Kinerja__ValueKind kind, double v)
{
	Kinerja__IndicatorValue iv = KINERJA__INDICATOR_VALUE__INIT;

	iv.unit           = "tiram";
	iv.indicator      = (char *) ind;
	iv.year           = year;
	iv.kind           = kind;
	iv.opt_value_case = KINERJA__INDICATOR_VALUE__OPT_VALUE_VALUE;
	iv.value          = v;
	return iv;
}

#define TARGET    KINERJA__VALUE_KIND__VALUE_KIND_TARGET
#define REALISASI KINERJA__VALUE_KIND__VALUE_KIND_REALISASI

static int
submit(struct fixture *f, Kinerja__IndicatorValue *v, size_t n, int flags,
    Kinerja__WriteReply **out)
{
	Kinerja__SubmitIndicatorDataRequest req =
	    KINERJA__SUBMIT_INDICATOR_DATA_REQUEST__INIT;
	Kinerja__IndicatorValue **p = calloc(n, sizeof(*p));
	Kinerja__WriteReply      *r;
	size_t                    i;
	int                       code;

	for (i = 0; i < n; i++)
		p[i] = &v[i];
	req.values        = p;
	req.n_values      = n;
	req.validate_only = (flags & 1) != 0;
	req.partial       = (flags & 2) != 0;
	code = kinerja_submit_indicator_data(f->c, &req, &r, &f->st);
	free(p);
	if (code == 0)
		note_warnings(f, r);
	if (code == 0 && out != NULL)
		*out = r;
	else if (code == 0)
		kinerja__write_reply__free_unpacked(r, NULL);
	return code;
}

/* sumut > batubara > tiram; IKM (max), AKIP (akip), ADUAN (min) linked
 * to two sasaran of tiram. */
static void
world(struct fixture *f)
{
	Kinerja__Unit                    u[]    = { unit(
		                                        "sumut", "", KINERJA__LEVEL__LEVEL_PROVINSI),
		                      unit("batubara", "sumut", KINERJA__LEVEL__LEVEL_KABUPATEN),
		                      unit("tiram", "batubara", KINERJA__LEVEL__LEVEL_KECAMATAN) };
	Kinerja__Indicator               ind[3] = { KINERJA__INDICATOR__INIT,
		              KINERJA__INDICATOR__INIT, KINERJA__INDICATOR__INIT };
	Kinerja__Indicator              *ip[3] = { &ind[0], &ind[1], &ind[2] };
	Kinerja__UpsertIndicatorsRequest ireq =
	    KINERJA__UPSERT_INDICATORS_REQUEST__INIT;
	Kinerja__SasaranLink          l[3]  = { KINERJA__SASARAN_LINK__INIT,
		          KINERJA__SASARAN_LINK__INIT, KINERJA__SASARAN_LINK__INIT };
	Kinerja__SasaranLink         *lp[3] = { &l[0], &l[1], &l[2] };
	Kinerja__UpsertSasaranRequest sreq =
	    KINERJA__UPSERT_SASARAN_REQUEST__INIT;
	Kinerja__WriteReply *r;
	const char          *codes[] = { "IKM", "AKIP", "ADUAN" };
	const char *sas[] = { "Kepuasan", "Akuntabilitas", "Kepuasan" };
	int         i;

	assert_int_equal(upsert_units(f, u, 3, NULL), 0);
	for (i = 0; i < 3; i++) {
		ind[i].code    = (char *) codes[i];
		ind[i].name    = (char *) codes[i];
		ind[i].satuan  = "Nilai";
		l[i].unit      = "tiram";
		l[i].sasaran   = (char *) sas[i];
		l[i].indicator = (char *) codes[i];
	}
	ind[1].value_type = KINERJA__VALUE_TYPE__VALUE_TYPE_AKIP;
	ind[2].polarity   = KINERJA__POLARITY__POLARITY_MINIMIZE;
	ireq.indicators   = ip;
	ireq.n_indicators = 3;
	assert_int_equal(
	    kinerja_upsert_indicators(f->c, &ireq, &r, &f->st), 0);
	kinerja__write_reply__free_unpacked(r, NULL);
	sreq.links   = lp;
	sreq.n_links = 3;
	assert_int_equal(kinerja_upsert_sasaran(f->c, &sreq, &r, &f->st), 0);
	kinerja__write_reply__free_unpacked(r, NULL);
}

static Kinerja__GetCapaianReply *
capaian(struct fixture *f, int year, Kinerja__PredikatRule rule)
{
	Kinerja__GetCapaianRequest req = KINERJA__GET_CAPAIAN_REQUEST__INIT;
	Kinerja__GetCapaianReply  *r;

	req.unit          = "tiram";
	req.year          = year;
	req.predikat_rule = rule;
	assert_int_equal(kinerja_get_capaian(f->c, &req, &r, &f->st), 0);
	return r;
}

/* The packed capaian reply, to compare states before and after. */
static size_t
snapshot(struct fixture *f, int year, uint8_t *buf, size_t len)
{
	Kinerja__GetCapaianReply *r = capaian(f, year, 0);
	size_t n = kinerja__get_capaian_reply__get_packed_size(r);

	assert_true(n <= len);
	kinerja__get_capaian_reply__pack(r, buf);
	kinerja__get_capaian_reply__free_unpacked(r, NULL);
	return n;
}

static void
assert_unchanged(struct fixture *f, int year, const uint8_t *before, size_t n)
{
	uint8_t after[8192];

	assert_int_equal(snapshot(f, year, after, sizeof(after)), n);
	assert_memory_equal(before, after, n);
}

/* Sends raw bytes on a fresh REQ socket; returns the response envelope. */
static Kinerja__ResponseEnvelope *
raw(struct fixture *f, const void *data, size_t len)
{
	nng_socket                 s;
	nng_msg                   *msg;
	Kinerja__ResponseEnvelope *env;

	assert_int_equal(nng_req0_open(&s), 0);
	assert_int_equal(nng_socket_set_ms(s, NNG_OPT_RECVTIMEO, 10000), 0);
	assert_int_equal(nng_dial(s, f->url, NULL, 0), 0);
	assert_int_equal(nng_msg_alloc(&msg, 0), 0);
	assert_int_equal(nng_msg_append(msg, data, len), 0);
	assert_int_equal(nng_sendmsg(s, msg, 0), 0);
	assert_int_equal(nng_recvmsg(s, &msg, 0), 0);
	env = kinerja__response_envelope__unpack(
	    NULL, nng_msg_len(msg), nng_msg_body(msg));
	nng_msg_free(msg);
	nng_close(s);
	assert_non_null(env);
	return env;
}

/* A packed envelope for method with the given payload bytes. */
static size_t
envelope(const char *method, const void *payload, size_t plen,
    uint32_t timeout, uint8_t *out)
{
	Kinerja__RequestEnvelope env = KINERJA__REQUEST_ENVELOPE__INIT;

	env.method       = (char *) method;
	env.timeout_ms   = timeout;
	env.payload.data = (uint8_t *) payload;
	env.payload.len  = plen;
	return kinerja__request_envelope__pack(&env, out);
}

static void
assert_healthy(struct fixture *f)
{
	Kinerja__HealthRequest req = KINERJA__HEALTH_REQUEST__INIT;
	Kinerja__HealthReply  *r;

	assert_int_equal(kinerja_health(f->c, &req, &r, &f->st), 0);
	assert_string_equal(r->status, "SERVING");
	kinerja__health_reply__free_unpacked(r, NULL);
}

static Kinerja__IndicatorValue
uvalue(const char *unit, const char *ind, int year, Kinerja__ValueKind kind,
    double v)
{
	Kinerja__IndicatorValue iv = value(ind, year, kind, v);

	iv.unit = (char *) unit;
	return iv;
}

#define END_TARGET KINERJA__VALUE_KIND__VALUE_KIND_RENSTRA_END_TARGET

/* world() plus balai, suka and deras under batubara, and other under a
 * second kabupaten, asahan. */
static void
peers(struct fixture *f)
{
	Kinerja__Unit u[] = {
		unit("balai", "batubara", KINERJA__LEVEL__LEVEL_KECAMATAN),
		unit("suka", "batubara", KINERJA__LEVEL__LEVEL_KECAMATAN),
		unit("deras", "batubara", KINERJA__LEVEL__LEVEL_KECAMATAN),
		unit("asahan", "sumut", KINERJA__LEVEL__LEVEL_KABUPATEN),
		unit("other", "asahan", KINERJA__LEVEL__LEVEL_KECAMATAN),
	};

	world(f);
	assert_int_equal(upsert_units(f, u, 5, NULL), 0);
}

static Kinerja__GetRankingReply *
ranking(struct fixture *f, Kinerja__GetRankingRequest *req, int expect)
{
	Kinerja__GetRankingReply *r = NULL;

	assert_int_equal(kinerja_get_ranking(f->c, req, &r, &f->st), expect);
	return r;
}

static const Kinerja__RankingRow *
row_of(const Kinerja__GetRankingReply *r, const char *unit)
{
	size_t i;

	for (i = 0; i < r->n_rows; i++)
		if (strcmp(r->rows[i]->unit, unit) == 0)
			return r->rows[i];
	fail_msg("no row for %s", unit);
	return NULL;
}

/* -------------------------------------------------------------- tests */

static void
test_health_and_server_info(void **state)
{
	struct fixture            *f   = *state;
	Kinerja__ServerInfoRequest req = KINERJA__SERVER_INFO_REQUEST__INIT;
	Kinerja__ServerInfoReply  *r;

	assert_healthy(f);
	assert_int_equal(kinerja_server_info(f->c, &req, &r, &f->st), 0);
	assert_string_equal(r->version, KINERJA_VERSION);
	assert_int_equal(r->schema_version, kstore_schema_version());
	assert_int_equal(r->workers, 4);
	kinerja__server_info_reply__free_unpacked(r, NULL);
}

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
	assert_int_equal(k.latency[6], 1);
	assert_int_equal(k.latency[7], 1);
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
	assert_int_equal(kinerja_get_capaian(f->c, &cap, &c, &f->st),
	    KINERJA__CODE__NOT_FOUND);
	kinerja__response_envelope__free_unpacked(raw(f, buf, n), NULL);
	assert_int_equal(kinerja_get_metrics(f->c, &req, &r, &f->st), 0);
	assert_true(r->database_bytes > 0);
	assert_int_equal(r->n_latency_bounds_ms, 7);
	assert_int_equal(r->latency_bounds_ms[0], 1);
	assert_int_equal(r->latency_bounds_ms[6], 1000);
	assert_non_null(m = metrics_of(r, "Health"));
	assert_int_equal(m->requests, 2);
	assert_int_equal(m->errors, 0);
	assert_int_equal(m->n_latency, 8);
	assert_int_equal(bucket_sum(m), 2);
	assert_non_null(m = metrics_of(r, "GetCapaian"));
	assert_int_equal(m->requests, 1);
	assert_int_equal(m->errors, 1);
	assert_non_null(m = metrics_of(r, "(unknown)"));
	assert_int_equal(m->errors, 1);
	assert_null(metrics_of(r, "GetTrend")); /* never called */
	assert_null(metrics_of(r, "GetMetrics")); /* counted once answered */
	kinerja__get_metrics_reply__free_unpacked(r, NULL);
	assert_int_equal(kinerja_get_metrics(f->c, &req, &r, &f->st), 0);
	assert_non_null(m = metrics_of(r, "GetMetrics"));
	assert_int_equal(m->requests, 1);
	kinerja__get_metrics_reply__free_unpacked(r, NULL);
}

static void
test_units_hierarchy_and_listing(void **state)
{
	struct fixture           *f   = *state;
	Kinerja__ListUnitsRequest req = KINERJA__LIST_UNITS_REQUEST__INIT;
	Kinerja__ListUnitsReply  *r;

	world(f);
	req.parent = "batubara";
	assert_int_equal(kinerja_list_units(f->c, &req, &r, &f->st), 0);
	assert_int_equal(r->n_units, 1);
	assert_string_equal(r->units[0]->code, "tiram");
	assert_int_equal(r->units[0]->level, KINERJA__LEVEL__LEVEL_KECAMATAN);
	kinerja__list_units_reply__free_unpacked(r, NULL);
	req.parent = "nowhere";
	assert_int_equal(kinerja_list_units(f->c, &req, &r, &f->st),
	    KINERJA__CODE__NOT_FOUND);
	assert_non_null(strstr(f->st.message, "nowhere"));
}

static void
test_unit_level_defaults_from_parent(void **state)
{
	struct fixture           *f   = *state;
	Kinerja__Unit             u[] = { unit("sumut", "", 0),
		            unit("batubara", "sumut", 0) };
	Kinerja__ListUnitsRequest req = KINERJA__LIST_UNITS_REQUEST__INIT;
	Kinerja__ListUnitsReply  *r;

	assert_int_equal(upsert_units(f, u, 2, NULL), 0);
	req.parent = "sumut";
	assert_int_equal(kinerja_list_units(f->c, &req, &r, &f->st), 0);
	assert_int_equal(r->units[0]->level, KINERJA__LEVEL__LEVEL_KABUPATEN);
	kinerja__list_units_reply__free_unpacked(r, NULL);
}

static void
test_unit_under_kecamatan_is_rejected(void **state)
{
	struct fixture *f   = *state;
	Kinerja__Unit   u[] = { unit(
	      "desa", "tiram", KINERJA__LEVEL__LEVEL_OPD) };

	world(f);
	assert_int_equal(
	    upsert_units(f, u, 1, NULL), KINERJA__CODE__INVALID_ARGUMENT);
	assert_int_equal(f->st.n_details, 1);
	assert_string_equal(f->st.details[0]->field, "level");
}

static void
test_unit_sent_again_without_level_or_parent_keeps_them(void **state)
{
	struct fixture           *f   = *state;
	Kinerja__Unit             u[] = { unit(
		        "dinas", "batubara", KINERJA__LEVEL__LEVEL_OPD) };
	Kinerja__ListUnitsRequest req = KINERJA__LIST_UNITS_REQUEST__INIT;
	Kinerja__ListUnitsReply  *r;
	Kinerja__WriteReply      *w = NULL;

	world(f);
	assert_int_equal(upsert_units(f, u, 1, NULL), 0);
	u[0] = unit("dinas", "", 0);
	assert_int_equal(upsert_units(f, u, 1, &w), 0);
	assert_int_equal(w->unchanged, 1);
	kinerja__write_reply__free_unpacked(w, NULL);
	req.parent = "batubara";
	assert_int_equal(kinerja_list_units(f->c, &req, &r, &f->st), 0);
	assert_int_equal(r->n_units, 2); /* by level: tiram, then dinas */
	assert_string_equal(r->units[1]->code, "dinas");
	assert_int_equal(r->units[1]->level, KINERJA__LEVEL__LEVEL_OPD);
	kinerja__list_units_reply__free_unpacked(r, NULL);
}

static void
test_long_indicator_texts_round_trip(void **state)
{
	struct fixture                  *f   = *state;
	Kinerja__Indicator               ind = KINERJA__INDICATOR__INIT;
	Kinerja__Indicator              *ip  = &ind;
	Kinerja__UpsertIndicatorsRequest req =
	    KINERJA__UPSERT_INDICATORS_REQUEST__INIT;
	Kinerja__WriteReply *w;
	char                 name[513], satuan[513];

	memset(name, 'n', 512);
	memset(satuan, 's', 512);
	name[512] = satuan[512] = 0;
	ind.code                = "LONG";
	ind.name                = name;
	ind.satuan              = satuan;
	req.indicators          = &ip;
	req.n_indicators        = 1;
	assert_int_equal(kinerja_upsert_indicators(f->c, &req, &w, &f->st), 0);
	assert_int_equal(w->created, 1);
	kinerja__write_reply__free_unpacked(w, NULL);
	assert_int_equal(kinerja_upsert_indicators(f->c, &req, &w, &f->st), 0);
	assert_int_equal(w->unchanged, 1);
	kinerja__write_reply__free_unpacked(w, NULL);
}

static void
test_value_type_change_that_breaks_values_is_refused(void **state)
{
	struct fixture                  *f   = *state;
	Kinerja__IndicatorValue          v   = value("AKIP", 2021, TARGET, 0);
	Kinerja__Indicator               ind = KINERJA__INDICATOR__INIT;
	Kinerja__Indicator              *ip  = &ind;
	Kinerja__UpsertIndicatorsRequest req =
	    KINERJA__UPSERT_INDICATORS_REQUEST__INIT;
	Kinerja__WriteReply *w;

	world(f);
	v.opt_value_case = 0;
	v.predikat       = "B";
	assert_int_equal(submit(f, &v, 1, 0, NULL), 0);
	ind.code = ind.name = "AKIP";
	ind.satuan          = "Nilai";
	ind.value_type      = KINERJA__VALUE_TYPE__VALUE_TYPE_NUMBER;
	req.indicators      = &ip;
	req.n_indicators    = 1;
	assert_int_equal(kinerja_upsert_indicators(f->c, &req, &w, &f->st),
	    KINERJA__CODE__FAILED_PRECONDITION);
	assert_string_equal(f->st.details[0]->field, "value_type");
	/* IKM holds no predikat, and no number above 100: it may change. */
	ind.code = ind.name = "IKM";
	ind.value_type      = KINERJA__VALUE_TYPE__VALUE_TYPE_AKIP;
	assert_int_equal(kinerja_upsert_indicators(f->c, &req, &w, &f->st), 0);
	kinerja__write_reply__free_unpacked(w, NULL);
}

static void
test_text_must_be_utf8_without_controls(void **state)
{
	struct fixture *f   = *state;
	Kinerja__Unit   u[] = { unit("aceh", "", 1) };

	u[0].name = "Kec \xff\xfe \x1b[31mRED";
	assert_int_equal(
	    upsert_units(f, u, 1, NULL), KINERJA__CODE__INVALID_ARGUMENT);
	assert_string_equal(f->st.details[0]->field, "name");
	assert_non_null(strstr(f->st.details[0]->message, "UTF-8"));
}

static void
test_bad_unit_code_names_the_field(void **state)
{
	struct fixture *f = *state;
	Kinerja__Unit u[] = { unit("sumut", "", 1), unit("bad code", "", 1) };
	Kinerja__ListUnitsRequest req = KINERJA__LIST_UNITS_REQUEST__INIT;
	Kinerja__ListUnitsReply  *r;

	assert_int_equal(
	    upsert_units(f, u, 2, NULL), KINERJA__CODE__INVALID_ARGUMENT);
	assert_int_equal(f->st.details[0]->index, 1);
	assert_string_equal(f->st.details[0]->field, "code");
	assert_non_null(strstr(f->st.message, "code"));
	/* All or nothing: the good first item was not written either. */
	assert_int_equal(kinerja_list_units(f->c, &req, &r, &f->st), 0);
	assert_int_equal(r->n_units, 0);
	kinerja__list_units_reply__free_unpacked(r, NULL);
}

static void
test_capaian_worked_example(void **state)
{
	struct fixture           *f   = *state;
	Kinerja__IndicatorValue   v[] = { value("IKM", 2025, TARGET, 90),
		  value("IKM", 2025, REALISASI, 90.07),
		  value("AKIP", 2025, TARGET, 71.38),
		  value("AKIP", 2025, REALISASI, 71.38) };
	Kinerja__GetCapaianReply *r;

	world(f);
	assert_int_equal(submit(f, v, 4, 0, NULL), 0);
	r = capaian(f, 2025, 0);
	assert_int_equal(r->n_indicators, 3);
	assert_string_equal(r->indicators[0]->indicator, "IKM");
	assert_e2(r->indicators[0]->capaian, 10008);
	assert_string_equal(r->indicators[0]->predikat, "Sangat Tinggi");
	assert_string_equal(r->indicators[1]->indicator, "ADUAN");
	assert_int_equal(r->indicators[1]->opt_capaian_case, 0);
	assert_string_equal(
	    r->indicators[1]->na_reason, "no target for the year");
	assert_e2(r->indicators[2]->capaian, 10000);
	assert_string_equal(r->indicators[2]->realisasi_predikat, "BB");
	assert_int_equal(r->n_sasaran, 2);
	assert_e2(r->sasaran[0]->capaian, 10008);
	assert_int_equal(r->sasaran[0]->indicators, 1);
	assert_e2(r->capaian, 10004);
	kinerja__get_capaian_reply__free_unpacked(r, NULL);
}

static void
test_minimize_polarity_and_zero_target(void **state)
{
	struct fixture           *f   = *state;
	Kinerja__IndicatorValue   v[] = { value("ADUAN", 2024, TARGET, 12),
		  value("ADUAN", 2024, REALISASI, 9),
		  value("AKIP", 2024, TARGET, 0),
		  value("AKIP", 2024, REALISASI, 80) };
	Kinerja__GetCapaianReply *r;

	world(f);
	assert_int_equal(submit(f, v, 4, 0, NULL), 0);
	r = capaian(f, 2024, 0);
	/* (2 * 12 - 9) / 12 * 100 = 125 */
	assert_e2(r->indicators[1]->capaian, 12500);
	/* (An IKM target of 0 is outside 25..100: AKIP takes 0.) */
	assert_int_equal(r->indicators[2]->opt_capaian_case, 0);
	assert_string_equal(r->indicators[2]->na_reason,
	    "target is 0 for a maximize indicator");
	/* The sasaran mean takes only the available capaian. */
	assert_e2(r->sasaran[0]->capaian, 12500);
	kinerja__get_capaian_reply__free_unpacked(r, NULL);
}

/* domain.md "Target 0": zero complaints targeted; none is 100 %, one is
 * 0 %, and either counts in the sasaran's mean (issue #12). */
static void
test_minimize_zero_target_is_all_or_nothing(void **state)
{
	struct fixture           *f   = *state;
	Kinerja__IndicatorValue   v[] = { value("ADUAN", 2024, TARGET, 0),
		  value("ADUAN", 2024, REALISASI, 0),
		  value("IKM", 2024, TARGET, 80),
		  value("IKM", 2024, REALISASI, 80) };
	Kinerja__GetCapaianReply *r;

	world(f);
	assert_int_equal(submit(f, v, 4, 0, NULL), 0);
	r = capaian(f, 2024, 0);
	assert_e2(r->indicators[1]->capaian, 10000);
	assert_e2(r->sasaran[0]->capaian, 10000);
	kinerja__get_capaian_reply__free_unpacked(r, NULL);
	v[1].value = 1;
	assert_int_equal(submit(f, &v[1], 1, 0, NULL), 0);
	r = capaian(f, 2024, 0);
	assert_e2(r->indicators[1]->capaian, 0);
	assert_string_equal(r->indicators[1]->predikat, "Sangat Rendah");
	assert_e2(r->sasaran[0]->capaian, 5000);
	assert_int_equal(r->sasaran[0]->indicators, 2);
	assert_int_equal(r->sasaran[0]->indicators_na, 0);
	kinerja__get_capaian_reply__free_unpacked(r, NULL);
}

/* A value of an indicator no sasaran of its unit shows is written with a
 * warning, as a dry run; once linked, no warning (issue #12). */
static void
test_unlinked_value_is_written_with_a_warning(void **state)
{
	struct fixture                  *f   = *state;
	Kinerja__Indicator               ind = KINERJA__INDICATOR__INIT;
	Kinerja__Indicator              *ip  = &ind;
	Kinerja__UpsertIndicatorsRequest req =
	    KINERJA__UPSERT_INDICATORS_REQUEST__INIT;
	Kinerja__SasaranLink          l  = KINERJA__SASARAN_LINK__INIT;
	Kinerja__SasaranLink         *lp = &l;
	Kinerja__UpsertSasaranRequest sreq =
	    KINERJA__UPSERT_SASARAN_REQUEST__INIT;
	Kinerja__IndicatorValue v = value("DOK", 2024, REALISASI, 3);
	Kinerja__WriteReply    *w;

	world(f);
	ind.code         = "DOK";
	ind.name         = "Dokumen";
	ind.satuan       = "Dokumen";
	req.indicators   = &ip;
	req.n_indicators = 1;
	assert_int_equal(kinerja_upsert_indicators(f->c, &req, &w, &f->st), 0);
	kinerja__write_reply__free_unpacked(w, NULL);
	assert_int_equal(submit(f, &v, 1, 1, NULL), 0);
	assert_int_equal(f->nwarned, 1);
	assert_int_equal(submit(f, &v, 1, 0, &w), 0);
	assert_int_equal(w->created, 1);
	assert_int_equal(w->n_warnings, 1);
	assert_string_equal(w->warnings[0]->field, "indicator");
	assert_string_equal(w->warnings[0]->list, "values");
	assert_int_equal(w->warnings[0]->index, 0);
	assert_non_null(strstr(w->warnings[0]->message,
	    "no sasaran of unit \"tiram\" shows \"DOK\""));
	kinerja__write_reply__free_unpacked(w, NULL);
	l.unit         = "tiram";
	l.sasaran      = "Dokumen";
	l.indicator    = "DOK";
	sreq.links     = &lp;
	sreq.n_links   = 1;
	assert_int_equal(kinerja_upsert_sasaran(f->c, &sreq, &w, &f->st), 0);
	kinerja__write_reply__free_unpacked(w, NULL);
	v.value = 4;
	assert_int_equal(submit(f, &v, 1, 0, NULL), 0);
	assert_int_equal(f->nwarned, 0);
}

static void
test_predikat_only_target_is_converted(void **state)
{
	struct fixture           *f   = *state;
	Kinerja__IndicatorValue   v[] = { value("AKIP", 2021, TARGET, 0),
		  value("AKIP", 2021, REALISASI, 65.49) };
	Kinerja__GetCapaianReply *r;

	world(f);
	v[0].opt_value_case = KINERJA__INDICATOR_VALUE__OPT_VALUE__NOT_SET;
	v[0].predikat       = "B";
	assert_int_equal(submit(f, v, 2, 0, NULL), 0);
	r = capaian(f, 2021, KINERJA__PREDIKAT_RULE__PREDIKAT_RULE_LOWER);
	assert_true(r->indicators[2]->target_converted);
	assert_e2(r->indicators[2]->target, 6000);
	assert_e2(r->indicators[2]->capaian, 10915);
	assert_string_equal(r->indicators[2]->target_predikat, "B");
	kinerja__get_capaian_reply__free_unpacked(r, NULL);
	r = capaian(f, 2021, KINERJA__PREDIKAT_RULE__PREDIKAT_RULE_UPPER);
	assert_e2(r->indicators[2]->capaian, 9356);
	kinerja__get_capaian_reply__free_unpacked(r, NULL);
}

static void
test_pk_revision_latest_wins(void **state)
{
	struct fixture         *f    = *state;
	Kinerja__IndicatorValue v1[] = { value("AKIP", 2025, TARGET, 71.25),
		value("AKIP", 2025, REALISASI, 71.38) };
	Kinerja__IndicatorValue v2[] = { value("AKIP", 2025, TARGET, 71.38) };
	Kinerja__WriteReply    *w;
	Kinerja__GetCapaianReply *r;

	world(f);
	assert_int_equal(submit(f, v1, 2, 0, NULL), 0);
	assert_int_equal(submit(f, v2, 1, 0, &w), 0);
	assert_int_equal(w->updated, 1);
	kinerja__write_reply__free_unpacked(w, NULL);
	r = capaian(f, 2025, 0);
	assert_int_equal(r->indicators[2]->target_revisions, 2);
	assert_e2(r->indicators[2]->capaian, 10000);
	kinerja__get_capaian_reply__free_unpacked(r, NULL);
}

static void
test_bad_batch_changes_nothing(void **state)
{
	struct fixture         *f   = *state;
	Kinerja__IndicatorValue v[] = { value("IKM", 2025, TARGET, 91),
		value("IKM", 3025, REALISASI, 90.07) };
	uint8_t                 before[8192];
	size_t                  n;

	world(f);
	n = snapshot(f, 2025, before, sizeof(before));
	assert_int_equal(
	    submit(f, v, 2, 0, NULL), KINERJA__CODE__INVALID_ARGUMENT);
	assert_int_equal(f->st.n_details, 1);
	assert_int_equal(f->st.details[0]->index, 1);
	assert_string_equal(f->st.details[0]->field, "year");
	assert_non_null(strstr(f->st.message, "year"));
	assert_unchanged(f, 2025, before, n);
}

static void
test_unknown_unit_in_batch_is_not_found(void **state)
{
	struct fixture         *f   = *state;
	Kinerja__IndicatorValue v[] = { value("IKM", 2025, TARGET, 91) };
	uint8_t                 before[8192];
	size_t                  n;

	world(f);
	n         = snapshot(f, 2025, before, sizeof(before));
	v[0].unit = "nowhere";
	assert_int_equal(submit(f, v, 1, 0, NULL), KINERJA__CODE__NOT_FOUND);
	assert_string_equal(f->st.details[0]->field, "unit");
	v[0].unit      = "tiram";
	v[0].indicator = "NOPE";
	assert_int_equal(submit(f, v, 1, 0, NULL), KINERJA__CODE__NOT_FOUND);
	assert_string_equal(f->st.details[0]->field, "indicator");
	assert_unchanged(f, 2025, before, n);
}

static void
test_value_checks_against_indicator(void **state)
{
	struct fixture         *f   = *state;
	Kinerja__IndicatorValue v[] = { value("AKIP", 2025, TARGET, 70.00),
		value("IKM", 2025, TARGET, 90),
		value("AKIP", 2025, TARGET, 101), value("IKM", 2025, 0, 90),
		value("IKM", 2025, TARGET, 0),
		value("AKIP", 2025, TARGET, 0) };

	world(f);
	v[0].predikat       = "BB"; /* 70,00 is B */
	v[1].predikat       = "B"; /* IKM takes no predikat */
	v[4].opt_value_case = 0; /* neither value nor predikat */
	v[5].opt_value_case = 0;
	v[5].predikat       = "XX";
	assert_int_equal(
	    submit(f, v, 6, 0, NULL), KINERJA__CODE__INVALID_ARGUMENT);
	assert_int_equal(f->st.n_details, 6);
	assert_string_equal(f->st.details[0]->field, "predikat");
	assert_non_null(strstr(f->st.details[0]->message, "B"));
	assert_string_equal(f->st.details[1]->field, "predikat");
	assert_string_equal(f->st.details[2]->field, "value");
	assert_string_equal(f->st.details[3]->field, "kind");
	assert_string_equal(f->st.details[4]->field, "value");
	assert_string_equal(f->st.details[5]->field, "predikat");
}

static void
test_partial_applies_good_items(void **state)
{
	struct fixture           *f   = *state;
	Kinerja__IndicatorValue   v[] = { value("IKM", 2025, TARGET, 90),
		  value("IKM", 1800, REALISASI, 1),
		  value("IKM", 2025, REALISASI, 90.07) };
	Kinerja__WriteReply      *w;
	Kinerja__GetCapaianReply *r;

	world(f);
	assert_int_equal(submit(f, v, 3, 2, &w), 0);
	assert_int_equal(w->created, 2);
	assert_int_equal(w->rejected, 1);
	assert_int_equal(f->st.n_details, 1);
	assert_int_equal(f->st.details[0]->index, 1);
	kinerja__write_reply__free_unpacked(w, NULL);
	r = capaian(f, 2025, 0);
	assert_e2(r->indicators[0]->capaian, 10008);
	kinerja__get_capaian_reply__free_unpacked(r, NULL);
}

static void
test_validate_only_writes_nothing(void **state)
{
	struct fixture         *f   = *state;
	Kinerja__IndicatorValue v[] = { value("IKM", 2025, TARGET, 90) };
	Kinerja__WriteReply    *w;
	uint8_t                 before[8192];
	size_t                  n;

	world(f);
	n = snapshot(f, 2025, before, sizeof(before));
	assert_int_equal(submit(f, v, 1, 1, &w), 0);
	assert_true(w->validated_only);
	assert_int_equal(w->created, 1);
	kinerja__write_reply__free_unpacked(w, NULL);
	assert_unchanged(f, 2025, before, n);
}

static void
test_same_request_id_is_applied_once(void **state)
{
	struct fixture          *f  = *state;
	Kinerja__IndicatorValue  v  = value("AKIP", 2025, TARGET, 71.25);
	Kinerja__IndicatorValue *vp = &v;
	Kinerja__SubmitIndicatorDataRequest req =
	    KINERJA__SUBMIT_INDICATOR_DATA_REQUEST__INIT;
	Kinerja__WriteReply              *w;
	Kinerja__GetCapaianReply         *r;
	const ProtobufCMessageDescriptor *d =
	    &kinerja__write_reply__descriptor;

	world(f);
	req.values   = &vp;
	req.n_values = 1;
	assert_int_equal(kinerja_call(f->c, "SubmitIndicatorData", &req.base,
	                     d, (ProtobufCMessage **) &w, "fixed-id", &f->st),
	    0);
	assert_false(w->replayed);
	kinerja__write_reply__free_unpacked(w, NULL);
	/* Another write in between must not be undone by the replay. */
	v.value = 71.38;
	assert_int_equal(submit(f, &v, 1, 0, NULL), 0);
	v.value = 71.25;
	assert_int_equal(kinerja_call(f->c, "SubmitIndicatorData", &req.base,
	                     d, (ProtobufCMessage **) &w, "fixed-id", &f->st),
	    0);
	assert_true(w->replayed);
	assert_int_equal(w->created, 1);
	kinerja__write_reply__free_unpacked(w, NULL);
	r = capaian(f, 2025, 0);
	assert_e2(r->indicators[2]->target, 7138);
	assert_int_equal(r->indicators[2]->target_revisions, 2);
	kinerja__get_capaian_reply__free_unpacked(r, NULL);
}

static void
test_import_is_all_or_nothing(void **state)
{
	struct fixture           *f    = *state;
	Kinerja__Unit             u[]  = { unit("sumut", "", 1) };
	Kinerja__Unit            *up   = &u[0];
	Kinerja__IndicatorValue   v    = value("IKM", 2025, TARGET, 90);
	Kinerja__IndicatorValue  *vp   = &v;
	Kinerja__ImportRequest    req  = KINERJA__IMPORT_REQUEST__INIT;
	Kinerja__ListUnitsRequest lreq = KINERJA__LIST_UNITS_REQUEST__INIT;
	Kinerja__ListUnitsReply  *lr;
	Kinerja__WriteReply      *w;

	req.units    = &up;
	req.n_units  = 1;
	req.values   = &vp;
	req.n_values = 1; /* tiram does not exist: the unit must not stay */
	assert_int_equal(
	    kinerja_import(f->c, &req, &w, &f->st), KINERJA__CODE__NOT_FOUND);
	assert_string_equal(f->st.details[0]->list, "values");
	assert_int_equal(f->st.details[0]->index, 0);
	assert_int_equal(kinerja_list_units(f->c, &lreq, &lr, &f->st), 0);
	assert_int_equal(lr->n_units, 0);
	kinerja__list_units_reply__free_unpacked(lr, NULL);
}

static void
test_import_applies_definitions_before_values(void **state)
{
	struct fixture           *f    = *state;
	Kinerja__Unit             u[]  = { unit("sumut", "", 1),
		             unit("batubara", "sumut", 2), unit("tiram", "batubara", 3) };
	Kinerja__Unit            *up[] = { &u[0], &u[1], &u[2] };
	Kinerja__Indicator        ind  = KINERJA__INDICATOR__INIT;
	Kinerja__Indicator       *ip   = &ind;
	Kinerja__SasaranLink      l    = KINERJA__SASARAN_LINK__INIT;
	Kinerja__SasaranLink     *lp   = &l;
	Kinerja__IndicatorValue   v[]  = { value("IKM", 2025, TARGET, 90),
		   value("IKM", 2025, REALISASI, 90.07) };
	Kinerja__IndicatorValue  *vp[] = { &v[0], &v[1] };
	Kinerja__ImportRequest    req  = KINERJA__IMPORT_REQUEST__INIT;
	Kinerja__WriteReply      *w;
	Kinerja__GetCapaianReply *r;

	ind.code = ind.name = "IKM";
	ind.satuan          = "Nilai";
	l.unit              = "tiram";
	l.sasaran           = "Kepuasan";
	l.indicator         = "IKM";
	req.units           = up;
	req.n_units         = 3;
	req.indicators      = &ip;
	req.n_indicators    = 1;
	req.links           = &lp;
	req.n_links         = 1;
	req.values          = vp;
	req.n_values        = 2;
	assert_int_equal(kinerja_import(f->c, &req, &w, &f->st), 0);
	assert_int_equal(w->created, 7);
	kinerja__write_reply__free_unpacked(w, NULL);
	r = capaian(f, 2025, 0);
	assert_e2(r->capaian, 10008);
	kinerja__get_capaian_reply__free_unpacked(r, NULL);
}

static void
test_revision_sequence_sent_again_is_unchanged(void **state)
{
	struct fixture           *f   = *state;
	Kinerja__IndicatorValue   v[] = { value("AKIP", 2025, TARGET, 71.25),
		  value("AKIP", 2025, TARGET, 71.38) };
	Kinerja__WriteReply      *w;
	Kinerja__GetCapaianReply *r;

	world(f);
	assert_int_equal(submit(f, v, 2, 0, &w), 0);
	assert_int_equal(w->created, 1);
	assert_int_equal(w->updated, 1);
	kinerja__write_reply__free_unpacked(w, NULL);
	assert_int_equal(submit(f, v, 2, 0, &w), 0);
	assert_int_equal(w->unchanged, 2);
	kinerja__write_reply__free_unpacked(w, NULL);
	r = capaian(f, 2025, 0);
	assert_int_equal(r->indicators[2]->target_revisions, 2);
	kinerja__get_capaian_reply__free_unpacked(r, NULL);
	/* Sent again with bad fields, the sequence is checked all the same. */
	v[0].predikat = "D";
	v[1].predikat = "ZZZ";
	assert_int_equal(
	    submit(f, v, 2, 0, &w), KINERJA__CODE__INVALID_ARGUMENT);
	assert_int_equal(f->st.n_details, 2);
	v[0].predikat = v[1].predikat = "";
	/* Going back to the original is a real revision. */
	assert_int_equal(submit(f, v, 1, 0, &w), 0);
	assert_int_equal(w->updated, 1);
	kinerja__write_reply__free_unpacked(w, NULL);
}

static void
test_ranking_ties_share_a_rank(void **state)
{
	struct fixture         *f   = *state;
	Kinerja__IndicatorValue v[] = { uvalue("tiram", "IKM", 2025, REALISASI,
		                            90),
		uvalue("balai", "IKM", 2025, REALISASI, 88),
		uvalue("suka", "IKM", 2025, REALISASI, 90),
		uvalue("other", "IKM", 2025, REALISASI, 99) };
	Kinerja__GetRankingRequest req = KINERJA__GET_RANKING_REQUEST__INIT;
	Kinerja__GetRankingReply  *r;

	peers(f);
	assert_int_equal(submit(f, v, 4, 0, NULL), 0);
	req.year      = 2025;
	req.indicator = "IKM";
	req.region    = "batubara";
	r             = ranking(f, &req, 0);
	assert_int_equal(r->n_rows, 4); /* other is under asahan */
	assert_string_equal(r->rows[0]->unit, "suka");
	assert_int_equal(r->rows[0]->rank, 1);
	assert_string_equal(r->rows[1]->unit, "tiram");
	assert_int_equal(r->rows[1]->rank, 1);
	assert_string_equal(r->rows[2]->unit, "balai");
	assert_int_equal(r->rows[2]->rank, 3);
	assert_string_equal(r->rows[3]->unit, "deras");
	assert_int_equal(r->rows[3]->rank, 0);
	assert_int_equal(r->rows[3]->opt_value_case, 0);
	assert_string_equal(
	    r->rows[3]->na_reason, "no realisasi for the year");
	assert_int_equal(r->rows[0]->previous_rank, 0); /* no 2024 data */
	kinerja__get_ranking_reply__free_unpacked(r, NULL);
}

static void
test_ranking_minimize_lower_ranks_higher(void **state)
{
	struct fixture            *f   = *state;
	Kinerja__IndicatorValue    v[] = { uvalue("tiram", "ADUAN", 2025,
		                               REALISASI, 5),
		   uvalue("balai", "ADUAN", 2025, REALISASI, 3) };
	Kinerja__GetRankingRequest req = KINERJA__GET_RANKING_REQUEST__INIT;
	Kinerja__GetRankingReply  *r;
	char                      *units[] = { "tiram", "balai" };

	peers(f);
	assert_int_equal(submit(f, v, 2, 0, NULL), 0);
	req.year      = 2025;
	req.indicator = "ADUAN";
	req.units     = units;
	req.n_units   = 2;
	r             = ranking(f, &req, 0);
	assert_int_equal(r->n_rows, 2);
	assert_string_equal(r->rows[0]->unit, "balai");
	assert_int_equal(r->rows[0]->rank, 1);
	assert_int_equal(
	    r->indicator->polarity, KINERJA__POLARITY__POLARITY_MINIMIZE);
	kinerja__get_ranking_reply__free_unpacked(r, NULL);
}

static void
test_ranking_shows_rank_change(void **state)
{
	struct fixture         *f   = *state;
	Kinerja__IndicatorValue v[] = { uvalue("tiram", "IKM", 2024, REALISASI,
		                            80),
		uvalue("balai", "IKM", 2024, REALISASI, 85),
		uvalue("tiram", "IKM", 2025, REALISASI, 91),
		uvalue("balai", "IKM", 2025, REALISASI, 86) };
	Kinerja__GetRankingRequest req = KINERJA__GET_RANKING_REQUEST__INIT;
	Kinerja__GetRankingReply  *r;

	peers(f);
	assert_int_equal(submit(f, v, 4, 0, NULL), 0);
	req.year      = 2025;
	req.indicator = "IKM";
	r             = ranking(f, &req, 0);
	assert_int_equal(row_of(r, "tiram")->rank, 1);
	assert_int_equal(row_of(r, "tiram")->previous_rank, 2);
	assert_int_equal(row_of(r, "tiram")->rank_change, 1);
	assert_int_equal(row_of(r, "balai")->rank_change, -1);
	assert_int_equal(row_of(r, "deras")->previous_rank, 0);
	kinerja__get_ranking_reply__free_unpacked(r, NULL);
}

static void
test_ranking_by_capaian_and_overall(void **state)
{
	struct fixture            *f   = *state;
	Kinerja__IndicatorValue    v[] = { uvalue(
		                               "tiram", "IKM", 2025, TARGET, 90),
		   uvalue("tiram", "IKM", 2025, REALISASI, 90.07),
		   uvalue("balai", "IKM", 2025, TARGET, 85),
		   uvalue("balai", "IKM", 2025, REALISASI, 75.35) };
	Kinerja__GetRankingRequest req = KINERJA__GET_RANKING_REQUEST__INIT;
	Kinerja__GetRankingReply  *r;
	char                      *units[] = { "balai", "tiram" };

	peers(f);
	assert_int_equal(submit(f, v, 4, 0, NULL), 0);
	req.year      = 2025;
	req.indicator = "IKM";
	req.measure   = KINERJA__RANK_MEASURE__RANK_MEASURE_CAPAIAN;
	req.units     = units;
	req.n_units   = 2;
	r             = ranking(f, &req, 0);
	assert_string_equal(r->rows[0]->unit, "tiram");
	assert_e2(r->rows[0]->value, 10008);
	assert_e2(r->rows[1]->value, 8865);
	assert_string_equal(r->rows[1]->predikat, "Tinggi");
	kinerja__get_ranking_reply__free_unpacked(r, NULL);
	/* Overall: balai has no sasaran, so only tiram is ranked. */
	req.measure   = KINERJA__RANK_MEASURE__RANK_MEASURE_OVERALL;
	req.indicator = "";
	r             = ranking(f, &req, 0);
	assert_string_equal(r->rows[0]->unit, "tiram");
	assert_e2(r->rows[0]->value, 10008);
	assert_int_equal(r->rows[1]->rank, 0);
	kinerja__get_ranking_reply__free_unpacked(r, NULL);
}

static void
test_ranking_argument_errors(void **state)
{
	struct fixture            *f   = *state;
	Kinerja__GetRankingRequest req = KINERJA__GET_RANKING_REQUEST__INIT;
	char                      *units[] = { "tiram", "nowhere" };

	peers(f);
	req.year = 2025;
	ranking(f, &req, KINERJA__CODE__INVALID_ARGUMENT);
	assert_non_null(strstr(f->st.message, "indicator"));
	req.indicator = "NOPE";
	ranking(f, &req, KINERJA__CODE__NOT_FOUND);
	req.indicator = "IKM";
	req.region    = "nowhere";
	ranking(f, &req, KINERJA__CODE__NOT_FOUND);
	assert_non_null(strstr(f->st.message, "region"));
	req.units   = units;
	req.n_units = 2;
	ranking(f, &req, KINERJA__CODE__INVALID_ARGUMENT);
	req.region = "";
	ranking(f, &req, KINERJA__CODE__NOT_FOUND);
	assert_non_null(strstr(f->st.message, "nowhere"));
	units[1] = "tiram"; /* one unit, one rank */
	ranking(f, &req, KINERJA__CODE__INVALID_ARGUMENT);
	assert_non_null(strstr(f->st.message, "listed twice"));
	req.n_units = 0;
	req.measure = 9;
	ranking(f, &req, KINERJA__CODE__INVALID_ARGUMENT);
}

static void
test_ranking_of_an_empty_region(void **state)
{
	struct fixture            *f   = *state;
	Kinerja__GetRankingRequest req = KINERJA__GET_RANKING_REQUEST__INIT;
	Kinerja__GetRankingReply  *r;

	peers(f);
	req.year      = 2025;
	req.indicator = "IKM";
	req.region    = "tiram"; /* nothing sits under a kecamatan */
	r             = ranking(f, &req, 0);
	assert_int_equal(r->n_rows, 0);
	kinerja__get_ranking_reply__free_unpacked(r, NULL);
}

static Kinerja__GetTrendReply *
trend(struct fixture *f, const char *ind, int from, int to, int expect)
{
	Kinerja__GetTrendRequest req = KINERJA__GET_TREND_REQUEST__INIT;
	Kinerja__GetTrendReply  *r   = NULL;

	req.unit      = "tiram";
	req.indicator = (char *) ind;
	req.from_year = from;
	req.to_year   = to;
	assert_int_equal(kinerja_get_trend(f->c, &req, &r, &f->st), expect);
	return r;
}

static void
test_trend_with_a_missing_year(void **state)
{
	struct fixture         *f   = *state;
	Kinerja__IndicatorValue v[] = { value("IKM", 2021, TARGET, 80),
		value("IKM", 2021, REALISASI, 78.2),
		value("IKM", 2022, REALISASI, 85.25),
		value("IKM", 2024, REALISASI, 82),
		value("IKM", 2025, REALISASI, 90.07),
		value("IKM", 2026, END_TARGET, 91.25) };
	Kinerja__GetTrendReply *r;

	world(f);
	assert_int_equal(submit(f, v, 6, 0, NULL), 0);
	r = trend(f, "IKM", 0, 2025, 0);
	assert_int_equal(r->n_points, 4);
	assert_int_equal(r->points[0]->year, 2021);
	assert_e2(r->points[0]->capaian, 9775);
	assert_int_equal(
	    r->points[0]->direction, KINERJA__DIRECTION__DIRECTION_NONE);
	assert_int_equal(r->points[2]->year, 2024);
	/* 2024 is compared with 2022, the year before it with data. */
	assert_e2(r->points[2]->delta, -325);
	assert_e2(r->points[2]->delta_percent, -381);
	assert_int_equal(
	    r->points[2]->direction, KINERJA__DIRECTION__DIRECTION_TURUN);
	assert_int_equal(r->best_year, 2025);
	assert_int_equal(r->worst_year, 2021);
	assert_int_equal(r->end_year, 2026);
	assert_true(r->opt_slope_case);
	/* Sxy 20,49 over Sxx 10: 2,0490 a year, putting 2026 at 83,88 +
	 * 3 * 2,049 = 90,0270, short of the 91,25 aimed at. */
	assert_int_equal(llround(r->slope * 10000), 20490);
	assert_int_equal(llround(r->projection * 10000), 900270);
	assert_false(r->on_track);
	kinerja__get_trend_reply__free_unpacked(r, NULL);
}

static void
test_trend_minimize_on_track(void **state)
{
	struct fixture         *f   = *state;
	Kinerja__IndicatorValue v[] = { value("ADUAN", 2023, REALISASI, 10),
		value("ADUAN", 2024, REALISASI, 9),
		value("ADUAN", 2025, REALISASI, 8),
		value("ADUAN", 2027, END_TARGET, 6) };
	Kinerja__GetTrendReply *r;

	world(f);
	assert_int_equal(submit(f, v, 4, 0, NULL), 0);
	r = trend(f, "ADUAN", 0, 0, 0);
	assert_int_equal(r->best_year, 2025); /* fewer complaints is better */
	assert_int_equal(r->worst_year, 2023);
	assert_e2(r->projection, 600); /* 8 - 2 * 1 */
	assert_true(r->on_track); /* no more than the 6 aimed at */
	kinerja__get_trend_reply__free_unpacked(r, NULL);
}

/* An end target stated only as a predikat follows the request's rule,
 * as every other predikat-only value does: B is 60,00 or 70,00. */
static void
test_trend_end_target_follows_predikat_rule(void **state)
{
	struct fixture          *f   = *state;
	Kinerja__IndicatorValue  v[] = { value("AKIP", 2024, REALISASI, 61),
		 value("AKIP", 2025, REALISASI, 62),
		 value("AKIP", 2026, END_TARGET, 0) };
	Kinerja__GetTrendRequest req = KINERJA__GET_TREND_REQUEST__INIT;
	Kinerja__GetTrendReply  *r;

	world(f);
	v[2].opt_value_case = 0;
	v[2].predikat       = "B";
	assert_int_equal(submit(f, v, 3, 0, NULL), 0);
	req.unit      = "tiram";
	req.indicator = "AKIP";
	assert_int_equal(kinerja_get_trend(f->c, &req, &r, &f->st), 0);
	assert_e2(r->end_target, 6000);
	assert_true(r->on_track); /* 63,00 in 2026 */
	kinerja__get_trend_reply__free_unpacked(r, NULL);
	req.predikat_rule = KINERJA__PREDIKAT_RULE__PREDIKAT_RULE_UPPER;
	assert_int_equal(kinerja_get_trend(f->c, &req, &r, &f->st), 0);
	assert_e2(r->end_target, 7000);
	assert_false(r->on_track);
	kinerja__get_trend_reply__free_unpacked(r, NULL);
}

static void
test_trend_without_end_target_or_enough_years(void **state)
{
	struct fixture         *f   = *state;
	Kinerja__IndicatorValue v[] = { value("IKM", 2025, REALISASI, 90) };
	Kinerja__GetTrendReply *r;

	world(f);
	r = trend(f, "IKM", 0, 0, 0);
	assert_int_equal(r->n_points, 0);
	kinerja__get_trend_reply__free_unpacked(r, NULL);
	assert_int_equal(submit(f, v, 1, 0, NULL), 0);
	r = trend(f, "IKM", 0, 0, 0);
	assert_int_equal(r->opt_slope_case, 0);
	assert_string_equal(
	    r->on_track_reason, "fewer than two years of realisasi");
	kinerja__get_trend_reply__free_unpacked(r, NULL);
}

static void
test_trend_argument_errors(void **state)
{
	struct fixture *f = *state;

	world(f);
	trend(f, "NOPE", 0, 0, KINERJA__CODE__NOT_FOUND);
	trend(f, "IKM", 2025, 2021, KINERJA__CODE__INVALID_ARGUMENT);
	assert_non_null(strstr(f->st.message, "from_year"));
	trend(f, "", 0, 0, KINERJA__CODE__INVALID_ARGUMENT);
}

static void
test_progress_against_end_target(void **state)
{
	struct fixture         *f   = *state;
	Kinerja__IndicatorValue v[] = { value("IKM", 2025, REALISASI, 87.94),
		value("IKM", 2026, END_TARGET, 90.20),
		value("ADUAN", 2025, REALISASI, 6),
		value("ADUAN", 2029, END_TARGET, 5) };
	Kinerja__GetProgressRequest req = KINERJA__GET_PROGRESS_REQUEST__INIT;
	Kinerja__GetProgressReply  *r;

	world(f);
	assert_int_equal(submit(f, v, 4, 0, NULL), 0);
	req.unit = "tiram";
	req.year = 2025;
	assert_int_equal(kinerja_get_progress(f->c, &req, &r, &f->st), 0);
	assert_int_equal(r->n_rows, 3);
	assert_string_equal(r->rows[0]->indicator, "IKM");
	assert_e2(r->rows[0]->kemajuan, 9749); /* Medang Deras Tabel 3.7 */
	assert_int_equal(r->rows[0]->end_year, 2026);
	assert_string_equal(r->rows[1]->indicator, "ADUAN");
	assert_e2(r->rows[1]->kemajuan, 8000); /* (2 * 5 - 6) / 5 */
	assert_string_equal(r->rows[2]->na_reason, "no Renstra end target");
	kinerja__get_progress_reply__free_unpacked(r, NULL);
	req.unit = "nowhere";
	assert_int_equal(kinerja_get_progress(f->c, &req, &r, &f->st),
	    KINERJA__CODE__NOT_FOUND);
}

/* Sends a SubmitIndicatorData with a fixed request id. */
static int
submit_as(struct fixture *f, const char *id, Kinerja__IndicatorValue *v,
    size_t n, int partial, Kinerja__WriteReply **w)
{
	Kinerja__SubmitIndicatorDataRequest req =
	    KINERJA__SUBMIT_INDICATOR_DATA_REQUEST__INIT;
	Kinerja__IndicatorValue *p[8];
	size_t                   i;

	for (i = 0; i < n; i++)
		p[i] = &v[i];
	req.values   = p;
	req.n_values = n;
	req.partial  = partial;
	return kinerja_call(f->c, "SubmitIndicatorData", &req.base,
	    &kinerja__write_reply__descriptor, (ProtobufCMessage **) w, id,
	    &f->st);
}

static void
test_request_id_reused_for_another_request(void **state)
{
	struct fixture             *f    = *state;
	Kinerja__IndicatorValue     a    = value("IKM", 2030, TARGET, 80);
	Kinerja__IndicatorValue     b    = value("IKM", 2030, TARGET, 95.5);
	Kinerja__UpsertUnitsRequest ureq = KINERJA__UPSERT_UNITS_REQUEST__INIT;
	Kinerja__Unit               u    = unit("aceh", "", 1);
	Kinerja__Unit              *up   = &u;
	Kinerja__WriteReply        *w;
	Kinerja__GetTrendReply     *t;

	world(f);
	assert_int_equal(submit_as(f, "pk-2030", &a, 1, 0, &w), 0);
	kinerja__write_reply__free_unpacked(w, NULL);
	assert_int_equal(submit_as(f, "pk-2030", &b, 1, 0, &w),
	    KINERJA__CODE__ALREADY_EXISTS);
	assert_non_null(strstr(f->st.message, "request_id"));
	ureq.units   = &up;
	ureq.n_units = 1;
	assert_int_equal(kinerja_call(f->c, "UpsertUnits", &ureq.base,
	                     &kinerja__write_reply__descriptor,
	                     (ProtobufCMessage **) &w, "pk-2030", &f->st),
	    KINERJA__CODE__ALREADY_EXISTS);
	t = trend(f, "IKM", 2030, 2030, 0);
	assert_int_equal(llround(t->points[0]->target * 100), 8000);
	kinerja__get_trend_reply__free_unpacked(t, NULL);
}

static void
test_replay_of_partial_write_keeps_details(void **state)
{
	struct fixture         *f   = *state;
	Kinerja__IndicatorValue v[] = { value("IKM", 2025, TARGET, 90),
		value("IKM", 1800, TARGET, 1) };
	Kinerja__WriteReply    *w;

	world(f);
	assert_int_equal(submit_as(f, "partial-1", v, 2, 1, &w), 0);
	assert_int_equal(w->rejected, 1);
	assert_false(w->replayed);
	kinerja__write_reply__free_unpacked(w, NULL);
	assert_int_equal(submit_as(f, "partial-1", v, 2, 1, &w), 0);
	assert_true(w->replayed);
	assert_int_equal(w->rejected, 1);
	assert_int_equal(f->st.n_details, 1);
	assert_int_equal(f->st.details[0]->index, 1);
	assert_string_equal(f->st.details[0]->field, "year");
	assert_string_equal(f->st.details[0]->list, "values");
	kinerja__write_reply__free_unpacked(w, NULL);
}

static void
test_long_request_id_is_refused(void **state)
{
	struct fixture         *f = *state;
	Kinerja__IndicatorValue v = value("IKM", 2025, TARGET, 90);
	Kinerja__WriteReply    *w;
	char                    id[200];

	world(f);
	memset(id, 'x', sizeof(id) - 1);
	id[sizeof(id) - 1] = 0;
	assert_int_equal(
	    submit_as(f, id, &v, 1, 0, &w), KINERJA__CODE__INVALID_ARGUMENT);
	assert_non_null(strstr(f->st.message, "request_id"));
}

static void
test_get_capaian_argument_errors(void **state)
{
	struct fixture            *f   = *state;
	Kinerja__GetCapaianRequest req = KINERJA__GET_CAPAIAN_REQUEST__INIT;
	Kinerja__GetCapaianReply  *r;

	world(f);
	req.year = 2025;
	assert_int_equal(kinerja_get_capaian(f->c, &req, &r, &f->st),
	    KINERJA__CODE__INVALID_ARGUMENT);
	assert_non_null(strstr(f->st.message, "unit"));
	req.unit = "nowhere";
	assert_int_equal(kinerja_get_capaian(f->c, &req, &r, &f->st),
	    KINERJA__CODE__NOT_FOUND);
	req.unit = "tiram";
	req.year = 20250;
	assert_int_equal(kinerja_get_capaian(f->c, &req, &r, &f->st),
	    KINERJA__CODE__INVALID_ARGUMENT);
	assert_non_null(strstr(f->st.message, "year"));
	req.year          = 2025;
	req.predikat_rule = 7;
	assert_int_equal(kinerja_get_capaian(f->c, &req, &r, &f->st),
	    KINERJA__CODE__INVALID_ARGUMENT);
	assert_non_null(strstr(f->st.message, "predikat_rule"));
}

/* ------------------------------------------------ text on the wire */

/* Packs msg, then puts `to` where the same-length `from` was: protobuf-c
 * packs strings up to a NUL, so bytes it would cut go in afterwards. */
static size_t
pack_patched(const ProtobufCMessage *msg, const char *from, const char *to,
    uint8_t *out)
{
	size_t n = protobuf_c_message_pack(msg, out), len = strlen(from), i;

	for (i = 0; i + len <= n; i++)
		if (memcmp(out + i, from, len) == 0) {
			memcpy(out + i, to, len);
			return n;
		}
	fail_msg("no %s in the packed message", from);
	return 0;
}

/* Sends payload to method raw; returns the reply's code, its message
 * copied to msg. */
static int
send_payload(struct fixture *f, const char *method, const uint8_t *payload,
    size_t plen, char *msg, size_t msglen)
{
	static uint8_t             buf[4096];
	Kinerja__ResponseEnvelope *env;
	int                        code;

	assert_true(plen + 64 <= sizeof(buf));
	env  = raw(f, buf, envelope(method, payload, plen, 0, buf));
	code = env->code;
	snprintf(msg, msglen, "%s", env->message);
	kinerja__response_envelope__free_unpacked(env, NULL);
	return code;
}

/* "tiram\0-x" once reached the store as "tiram": a value written where the
 * caller never meant it. */
static void
test_nul_in_submitted_unit_is_refused(void **state)
{
	struct fixture                     *f = *state;
	Kinerja__SubmitIndicatorDataRequest req =
	    KINERJA__SUBMIT_INDICATOR_DATA_REQUEST__INIT;
	Kinerja__IndicatorValue    v[2] = { value("IKM", 2025, TARGET, 90),
		   value("IKM", 2025, REALISASI, 80) };
	Kinerja__IndicatorValue   *p[2] = { &v[0], &v[1] };
	uint8_t                    before[8192], pay[512], buf[1024];
	size_t                     n;
	Kinerja__ResponseEnvelope *env;

	world(f);
	n            = snapshot(f, 2025, before, sizeof(before));
	v[1].unit    = "tiram#-x";
	req.values   = p;
	req.n_values = 2;
	env          = raw(f, buf,
	             envelope("SubmitIndicatorData", pay,
	                 pack_patched(&req.base, "#", "\0", pay), 0, buf));
	assert_int_equal(env->code, KINERJA__CODE__INVALID_ARGUMENT);
	assert_string_equal(
	    env->message, "values[1].unit: contains a NUL byte");
	/* The item named as the handlers' own checks name it. */
	assert_int_equal(env->n_details, 1);
	assert_string_equal(env->details[0]->list, "values");
	assert_int_equal(env->details[0]->index, 1);
	assert_string_equal(env->details[0]->field, "unit");
	kinerja__response_envelope__free_unpacked(env, NULL);
	assert_unchanged(f, 2025, before, n);
}

static void
assert_no_units(struct fixture *f)
{
	Kinerja__ListUnitsRequest req = KINERJA__LIST_UNITS_REQUEST__INIT;
	Kinerja__ListUnitsReply  *r;

	assert_int_equal(kinerja_list_units(f->c, &req, &r, &f->st), 0);
	assert_int_equal(r->n_units, 0);
	kinerja__list_units_reply__free_unpacked(r, NULL);
}

/* A code or name with a NUL, malformed UTF-8, an overlong form, a
 * surrogate or a code point past U+10FFFF: refused, naming the field. */
static void
test_upsert_units_refuses_bad_text_on_the_wire(void **state)
{
	static const struct {
		const char *from, *to, *field, *why;
	} cases[] = {
		{ "#", "\0", "units[0].code", "contains a NUL byte" },
		{ "#", "\xff", "units[0].code", "not valid UTF-8" },
		{ "##", "\xc0\xae", "units[0].code", "not valid UTF-8" },
		{ "###", "\xe0\x80\xae", "units[0].code", "not valid UTF-8" },
		{ "###", "\xed\xa0\x80", "units[0].code", "not valid UTF-8" },
		{ "####", "\xf4\x90\x80\x80", "units[0].code",
		    "not valid UTF-8" },
		{ "@@", "\xed\xb0", "units[1].name", "not valid UTF-8" },
		{ "@@", "\0\0", "units[1].name", "contains a NUL byte" },
	};
	struct fixture             *f   = *state;
	Kinerja__UpsertUnitsRequest req = KINERJA__UPSERT_UNITS_REQUEST__INIT;
	Kinerja__Unit  u[2] = { unit("aceh", "", 1), unit("sumut", "", 1) };
	Kinerja__Unit *p[2] = { &u[0], &u[1] };
	uint8_t        pay[512];
	char           msg[512], want[128];
	size_t         i;

	req.units   = p;
	req.n_units = 2;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		u[0].code = cases[i].from[0] == '#' ? "aceh####" : "aceh";
		u[1].name = cases[i].from[0] == '@' ? "Sumatera @@ Utara"
		                                    : "Sumatera Utara";
		snprintf(want, sizeof(want), "%s: %s", cases[i].field,
		    cases[i].why);
		assert_int_equal(send_payload(f, "UpsertUnits", pay,
		                     pack_patched(&req.base, cases[i].from,
		                         cases[i].to, pay),
		                     msg, sizeof(msg)),
		    KINERJA__CODE__INVALID_ARGUMENT);
		assert_string_equal(msg, want);
	}
	assert_no_units(f);
}

/* The envelope's own strings: a method "Health\0x" was served as Health. */
static void
test_envelope_strings_are_checked(void **state)
{
	static const struct {
		const char *from, *to, *want;
	} cases[] = {
		{ "Health#x", "Health\0x", "method: contains a NUL byte" },
		{ "id-##", "id-\xc0\x80", "request_id: not valid UTF-8" },
		{ "reason#", "reason\0",
		    "metadata[1].key: contains a NUL "
		    "byte" },
		{ "because##", "because\xed\xa0",
		    "metadata[1].value: not "
		    "valid UTF-8" },
	};
	struct fixture            *f     = *state;
	Kinerja__RequestEnvelope   env   = KINERJA__REQUEST_ENVELOPE__INIT;
	Kinerja__MetadataEntry     m[2]  = { KINERJA__METADATA_ENTRY__INIT,
		     KINERJA__METADATA_ENTRY__INIT };
	Kinerja__MetadataEntry    *mp[2] = { &m[0], &m[1] };
	Kinerja__ResponseEnvelope *r;
	uint8_t                    buf[512];
	size_t                     i, n;

	env.metadata   = mp;
	env.n_metadata = 2;
	m[0].key       = "x-trace";
	m[0].value     = "1";
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		env.method     = i == 0 ? "Health#x" : "Health";
		env.request_id = i == 1 ? "id-##" : "id-1";
		m[1].key       = i == 2 ? "reason#" : "reason";
		m[1].value     = i == 3 ? "because##" : "because";
		n = pack_patched(&env.base, cases[i].from, cases[i].to, buf);
		r = raw(f, buf, n);
		assert_int_equal(r->code, KINERJA__CODE__INVALID_ARGUMENT);
		assert_string_equal(r->message, cases[i].want);
		assert_string_equal(r->request_id, ""); /* not echoed */
		kinerja__response_envelope__free_unpacked(r, NULL);
	}
	assert_healthy(f);
}

/* Caller text in a message is quoted, escaped and cut between characters:
 * 70 euro signs are 210 bytes, which %.64s once cut inside the 22nd. */
static void
test_caller_text_is_quoted_whole_characters(void **state)
{
	struct fixture            *f = *state;
	Kinerja__Unit              u[1];
	char                       code[256] = "", name[] = "a\x1b[31m\"b";
	Kinerja__GetCapaianRequest req = KINERJA__GET_CAPAIAN_REQUEST__INIT;
	Kinerja__GetCapaianReply  *r   = NULL;
	int                        i;

	for (i = 0; i < 70; i++)
		strcat(code, "\xe2\x82\xac");
	u[0] = unit(code, "", 1);
	assert_int_equal(
	    upsert_units(f, u, 1, NULL), KINERJA__CODE__INVALID_ARGUMENT);
	assert_int_equal(
	    kc_utf8_check(f->st.message, strlen(f->st.message)), KC_UTF8_OK);
	assert_int_equal(kc_utf8_check(f->st.details[0]->message,
	                     strlen(f->st.details[0]->message)),
	    KC_UTF8_OK);
	assert_non_null(
	    strstr(f->st.details[0]->message, "\xe2\x82\xac\"... is not"));
	req.unit = name; /* control characters, escaped when quoted */
	req.year = 2025;
	assert_int_not_equal(kinerja_get_capaian(f->c, &req, &r, &f->st), 0);
	assert_non_null(strstr(f->st.message, "\"a\\x1b[31m\\\"b\""));
}

static void
test_garbage_bytes_get_invalid_argument(void **state)
{
	struct fixture      *f         = *state;
	static const uint8_t junk[]    = { 0xff, 0xff, 0xff, 0xff, 0x0f, 0x12,
		   0x99 };
	Kinerja__ResponseEnvelope *env = raw(f, junk, sizeof(junk));

	assert_int_equal(env->code, KINERJA__CODE__INVALID_ARGUMENT);
	assert_non_null(strstr(env->message, "envelope"));
	kinerja__response_envelope__free_unpacked(env, NULL);
	env = raw(f, "", 0); /* an empty envelope names no method */
	assert_int_equal(env->code, KINERJA__CODE__UNIMPLEMENTED);
	kinerja__response_envelope__free_unpacked(env, NULL);
	assert_healthy(f);
}

/* Request ids go into log lines: one with a newline could forge a line. */
static void
test_request_id_must_be_visible_ascii(void **state)
{
	struct fixture        *f   = *state;
	Kinerja__HealthRequest req = KINERJA__HEALTH_REQUEST__INIT;
	Kinerja__HealthReply  *r   = NULL;

	assert_int_equal(
	    kinerja_call(f->c, "Health", &req.base,
	        &kinerja__health_reply__descriptor, (ProtobufCMessage **) &r,
	        "x\n2026-01-01T00:00:00Z error Import DATA_LOSS", &f->st),
	    KINERJA__CODE__INVALID_ARGUMENT);
	assert_non_null(strstr(f->st.message, "request_id"));
	assert_int_equal(kinerja_call(f->c, "Health", &req.base,
	                     &kinerja__health_reply__descriptor,
	                     (ProtobufCMessage **) &r, "a b", &f->st),
	    KINERJA__CODE__INVALID_ARGUMENT);
	assert_int_equal(
	    kinerja_call(f->c, "Health", &req.base,
	        &kinerja__health_reply__descriptor, (ProtobufCMessage **) &r,
	        "batch-7/part-2", &f->st),
	    0);
	kinerja__health_reply__free_unpacked(r, NULL);
}

static void
test_unknown_method_is_unimplemented(void **state)
{
	struct fixture            *f = *state;
	uint8_t                    buf[256];
	size_t                     n   = envelope("DropTables", "", 0, 0, buf);
	Kinerja__ResponseEnvelope *env = raw(f, buf, n);

	assert_int_equal(env->code, KINERJA__CODE__UNIMPLEMENTED);
	assert_non_null(strstr(env->message, "DropTables"));
	kinerja__response_envelope__free_unpacked(env, NULL);
	assert_healthy(f);
}

static void
test_malformed_payload_is_invalid_argument(void **state)
{
	struct fixture *f = *state;
	uint8_t         buf[256];
	size_t          n = envelope("GetCapaian", "\x0a\x80\x80", 3, 0, buf);
	Kinerja__ResponseEnvelope *env = raw(f, buf, n);

	assert_int_equal(env->code, KINERJA__CODE__INVALID_ARGUMENT);
	assert_non_null(strstr(env->message, "GetCapaianRequest"));
	kinerja__response_envelope__free_unpacked(env, NULL);
	assert_healthy(f);
}

static void
test_oversized_request_is_resource_exhausted(void **state)
{
	struct fixture            *f    = *state;
	size_t                     size = (1 << 20) + 100;
	uint8_t                   *big  = calloc(1, size);
	Kinerja__ResponseEnvelope *env;

	env = raw(f, big, size);
	assert_int_equal(env->code, KINERJA__CODE__RESOURCE_EXHAUSTED);
	kinerja__response_envelope__free_unpacked(env, NULL);
	free(big);
	assert_healthy(f);
}

static void
test_payload_that_decodes_too_large_is_refused(void **state)
{
	struct fixture            *f       = *state;
	size_t                     n       = 300000, i, len;
	uint8_t                   *payload = malloc(2 * n), *buf;
	Kinerja__ResponseEnvelope *env;

	/* 300 000 empty values: 600 kB on the wire, ~40 MB decoded. */
	for (i = 0; i < n; i++) {
		payload[2 * i]     = 0x0a; /* field 1, length-delimited */
		payload[2 * i + 1] = 0x00;
	}
	buf = malloc(2 * n + 64);
	len = envelope("SubmitIndicatorData", payload, 2 * n, 0, buf);
	env = raw(f, buf, len);
	assert_int_equal(env->code, KINERJA__CODE__RESOURCE_EXHAUSTED);
	assert_non_null(strstr(env->message, "decodes"));
	kinerja__response_envelope__free_unpacked(env, NULL);
	free(payload);
	free(buf);
	assert_healthy(f);
}

static void
test_batch_size_limits(void **state)
{
	struct fixture          *f = *state;
	Kinerja__IndicatorValue *v = calloc(20001, sizeof(*v));
	int                      i;

	world(f);
	for (i = 0; i < 20001; i++)
		v[i] = value("IKM", 2025, TARGET, 90);
	assert_int_equal(
	    submit(f, v, 20001, 0, NULL), KINERJA__CODE__RESOURCE_EXHAUSTED);
	assert_non_null(strstr(f->st.message, "20000"));
	assert_int_equal(
	    submit(f, v, 0, 0, NULL), KINERJA__CODE__INVALID_ARGUMENT);
	assert_non_null(strstr(f->st.message, "empty"));
	free(v);
}

static void
test_deadline_exceeded_writes_nothing(void **state)
{
	struct fixture                     *f = *state;
	Kinerja__SubmitIndicatorDataRequest req =
	    KINERJA__SUBMIT_INDICATOR_DATA_REQUEST__INIT;
	Kinerja__IndicatorValue   *v  = calloc(20000, sizeof(*v));
	Kinerja__IndicatorValue  **vp = calloc(20000, sizeof(*vp));
	Kinerja__ResponseEnvelope *env;
	uint8_t                   *payload, *buf, before[8192];
	size_t                     plen, n, snap;
	int                        i;

	world(f);
	snap = snapshot(f, 2025, before, sizeof(before));
	for (i = 0; i < 20000; i++) {
		v[i]  = value("IKM", 1900 + i % 300, TARGET, i);
		vp[i] = &v[i];
	}
	req.values   = vp;
	req.n_values = 20000;
	plen = kinerja__submit_indicator_data_request__get_packed_size(&req);
	payload = malloc(plen);
	buf     = malloc(plen + 64);
	kinerja__submit_indicator_data_request__pack(&req, payload);
	n   = envelope("SubmitIndicatorData", payload, plen, 1, buf);
	env = raw(f, buf, n);
	assert_int_equal(env->code, KINERJA__CODE__DEADLINE_EXCEEDED);
	kinerja__response_envelope__free_unpacked(env, NULL);
	assert_unchanged(f, 2025, before, snap);
	free(v);
	free(vp);
	free(payload);
	free(buf);
}

/* ------------------------------------------------ budget, SKM, AKIP */

static Kinerja__BudgetLine
line(const char *code, const char *parent, int64_t pagu, int64_t real)
{
	Kinerja__BudgetLine l = KINERJA__BUDGET_LINE__INIT;

	l.unit   = "tiram";
	l.year   = 2025;
	l.code   = (char *) code;
	l.name   = (char *) code;
	l.parent = (char *) parent;
	if (pagu >= 0) {
		l.opt_pagu_case = KINERJA__BUDGET_LINE__OPT_PAGU_PAGU_SEN;
		l.pagu_sen      = pagu;
	}
	if (real >= 0) {
		l.opt_realisasi_case =
		    KINERJA__BUDGET_LINE__OPT_REALISASI_REALISASI_SEN;
		l.realisasi_sen = real;
	}
	return l;
}

static int
submit_budget(struct fixture *f, Kinerja__BudgetLine *l, size_t n,
    Kinerja__WriteReply **out)
{
	Kinerja__SubmitBudgetRequest req =
	    KINERJA__SUBMIT_BUDGET_REQUEST__INIT;
	Kinerja__BudgetLine *p[128];
	Kinerja__WriteReply *w;
	size_t               i;
	int                  code;

	assert_true(n <= 128);
	for (i = 0; i < n; i++)
		p[i] = &l[i];
	req.lines   = p;
	req.n_lines = n;
	code        = kinerja_submit_budget(f->c, &req, &w, &f->st);
	if (code == 0 && out)
		*out = w;
	else if (code == 0)
		kinerja__write_reply__free_unpacked(w, NULL);
	return code;
}

static Kinerja__GetBudgetReply *
get_budget(struct fixture *f)
{
	Kinerja__GetBudgetRequest req = KINERJA__GET_BUDGET_REQUEST__INIT;
	Kinerja__GetBudgetReply  *r;

	req.unit = "tiram";
	req.year = 2025;
	assert_int_equal(kinerja_get_budget(f->c, &req, &r, &f->st), 0);
	return r;
}

#define RP(x) ((int64_t) (x) *100) /* rupiah to sen */

static void
test_budget_serapan_at_every_level(void **state)
{
	struct fixture          *f   = *state;
	Kinerja__BudgetLine      l[] = { line("TOTAL", "", RP(4163873053),
		                             RP(3823039065)),
		     line("P1", "", RP(4146690221), RP(3805860565)),
		     line("P2", "", RP(17182832), RP(17178500)),
		     line("P2.K1", "P2", RP(3000000), RP(3000000)),
		     line("P2.K2", "P2", RP(14182832), RP(14178500)) };
	Kinerja__GetBudgetReply *r;

	world(f);
	assert_int_equal(submit_budget(f, l, 5, NULL), 0);
	r = get_budget(f);
	assert_int_equal(r->n_lines, 4);
	assert_string_equal(r->lines[1]->code, "P2");
	assert_e2(r->lines[1]->amount->serapan, 9997); /* report: 99,79 */
	assert_int_equal(r->lines[2]->depth, 1);
	assert_e2(r->total->serapan, 9181);
	assert_int_equal(r->total->pagu_sen, RP(4163873053));
	assert_e2(r->stated_total->serapan, 9181);
	assert_int_equal(r->n_findings, 0);
	/* Unweighted mean of 91,78...% and 99,97...%: labelled apart. */
	assert_e2(r->program_mean, 9588);
	kinerja__get_budget_reply__free_unpacked(r, NULL);
}

static void
test_budget_pk_program_mismatch_is_found(void **state)
{
	/* Medang Deras 2025's PK lists program 1 at 4.676.892.162; the five
	 * programs then miss the stated JUMLAH by 2.000.000. */
	struct fixture          *f   = *state;
	Kinerja__BudgetLine      l[] = { line("TOTAL", "", RP(5463337162), -1),
		     line("P1", "", RP(4676892162), -1),
		     line("P2", "", RP(10011500), -1),
		     line("P3", "", RP(658500000), -1),
		     line("P4", "", RP(24300000), -1),
		     line("P5", "", RP(91633500), -1) };
	Kinerja__GetBudgetReply *r;

	world(f);
	assert_int_equal(submit_budget(f, l, 6, NULL), 0);
	r = get_budget(f);
	assert_int_equal(r->n_findings, 1);
	assert_string_equal(r->findings[0]->line, "TOTAL");
	assert_string_equal(r->findings[0]->field, "pagu");
	assert_int_equal(r->findings[0]->sum_sen, RP(5461337162));
	assert_int_equal(r->findings[0]->difference_sen, RP(2000000));
	kinerja__get_budget_reply__free_unpacked(r, NULL);
}

static void
test_budget_parent_that_differs_from_its_parts(void **state)
{
	struct fixture          *f   = *state;
	Kinerja__BudgetLine      l[] = { line("P1", "", RP(1000), RP(900)),
		     line("P1.K1", "P1", RP(600), RP(500)),
		     line("P1.K2", "P1", RP(400), RP(450)),
		     line("P2", "", RP(300), RP(250)),
		     line("P2.K1", "P2", RP(300), -1) };
	Kinerja__GetBudgetReply *r;

	world(f);
	assert_int_equal(submit_budget(f, l, 5, NULL), 0);
	r = get_budget(f);
	/* P1 is its parts: 950 of 1000, and the stated 900 is a finding. */
	assert_int_equal(r->lines[0]->amount->realisasi_sen, RP(950));
	assert_e2(r->lines[0]->amount->serapan, 9500);
	assert_int_equal(r->n_findings, 1);
	assert_string_equal(r->findings[0]->line, "P1");
	assert_string_equal(r->findings[0]->field, "realisasi");
	assert_int_equal(r->findings[0]->difference_sen, RP(-50));
	/* P2's parts lack a realisasi: the stated amounts stand. */
	assert_e2(r->lines[3]->amount->serapan, 8333);
	assert_int_equal(r->lines[4]->amount->opt_realisasi_case, 0);
	kinerja__get_budget_reply__free_unpacked(r, NULL);
}

static void
test_budget_sent_again_is_unchanged_and_replaces(void **state)
{
	struct fixture          *f   = *state;
	Kinerja__BudgetLine      l[] = { line("P1", "", RP(1000), RP(900)),
		     line("P2", "", RP(10), RP(10)) };
	Kinerja__WriteReply     *w   = NULL;
	Kinerja__GetBudgetReply *r;

	world(f);
	assert_int_equal(submit_budget(f, l, 2, NULL), 0);
	assert_int_equal(submit_budget(f, l, 2, &w), 0);
	assert_int_equal(w->unchanged, 2);
	kinerja__write_reply__free_unpacked(w, NULL);
	l[0].realisasi_sen = RP(950);
	assert_int_equal(submit_budget(f, l, 1, &w), 0);
	assert_int_equal(w->updated, 1);
	kinerja__write_reply__free_unpacked(w, NULL);
	r = get_budget(f);
	assert_int_equal(r->n_lines, 1); /* P2 was not sent again */
	assert_int_equal(r->lines[0]->amount->realisasi_sen, RP(950));
	kinerja__get_budget_reply__free_unpacked(r, NULL);
}

static void
test_budget_errors_change_nothing(void **state)
{
	struct fixture          *f     = *state;
	Kinerja__BudgetLine      ok[]  = { line("P1", "", RP(1000), RP(900)) };
	Kinerja__BudgetLine      bad[] = { line("P1", "", RP(5), RP(5)),
		     line("K1", "P9", RP(1), RP(1)), line("P1", "", RP(1), RP(1)),
		     line("P3", "", -1, -1), line("TOTAL", "P1", RP(1), RP(1)),
		     line("P4", "", RP(1), RP(1)) };
	Kinerja__GetBudgetReply *r;

	world(f);
	assert_int_equal(submit_budget(f, ok, 1, NULL), 0);
	bad[3].opt_pagu_case = KINERJA__BUDGET_LINE__OPT_PAGU_PAGU_SEN;
	bad[3].pagu_sen      = -100;
	bad[5].sasaran       = "No such sasaran";
	assert_int_equal(
	    submit_budget(f, bad, 6, NULL), KINERJA__CODE__NOT_FOUND);
	assert_int_equal(f->st.n_details, 5);
	assert_string_equal(f->st.details[0]->field, "parent");
	assert_string_equal(f->st.details[1]->field, "code");
	assert_string_equal(f->st.details[2]->field, "pagu");
	assert_string_equal(f->st.details[3]->field, "parent");
	assert_string_equal(f->st.details[4]->field, "sasaran");
	r = get_budget(f);
	assert_int_equal(r->n_lines, 1);
	assert_int_equal(r->lines[0]->amount->pagu_sen, RP(1000));
	kinerja__get_budget_reply__free_unpacked(r, NULL);
}

/* 100 lines of 1e15 rupiah each fit one by one, but not summed: the
 * whole submission is refused rather than totals wrapping around. */
static void
test_budget_sums_past_int64_are_refused(void **state)
{
	struct fixture          *f = *state;
	Kinerja__BudgetLine      l[100];
	char                     code[100][8];
	Kinerja__GetBudgetReply *r;
	int                      i;

	world(f);
	for (i = 0; i < 100; i++) {
		snprintf(code[i], sizeof(code[i]), "P%d", i);
		l[i] = line(code[i], "", INT64_C(100000000000000000),
		    INT64_C(90000000000000000));
	}
	assert_int_equal(
	    submit_budget(f, l, 100, NULL), KINERJA__CODE__INVALID_ARGUMENT);
	assert_non_null(strstr(f->st.message, "sum past"));
	assert_int_equal(submit_budget(f, l, 92, NULL), 0); /* 9,2e18 fits */
	r = get_budget(f);
	assert_int_equal(r->n_lines, 92);
	assert_int_equal(r->total->pagu_sen, INT64_C(9200000000000000000));
	kinerja__get_budget_reply__free_unpacked(r, NULL);
}

static void
test_belanja_classes(void **state)
{
	struct fixture              *f = *state;
	Kinerja__BelanjaLine         b[3];
	Kinerja__BelanjaLine        *bp[3] = { &b[0], &b[1], &b[2] };
	Kinerja__SubmitBudgetRequest req =
	    KINERJA__SUBMIT_BUDGET_REQUEST__INIT;
	Kinerja__WriteReply     *w;
	Kinerja__GetBudgetReply *r;
	const char   *names[] = { "Belanja Operasi", "Belanja Pegawai",
		  "Belanja Modal" };
	const int64_t pagu[]  = { RP(2935780030), RP(2158169574),
		 RP(25000000) };
	const int64_t real[]  = { RP(2798994761), RP(2043003211),
		 RP(24100000) };
	int           i;

	world(f);
	for (i = 0; i < 3; i++) {
		kinerja__belanja_line__init(&b[i]);
		b[i].unit          = "tiram";
		b[i].year          = 2025;
		b[i].name          = (char *) names[i];
		b[i].parent        = i == 1 ? "Belanja Operasi" : "";
		b[i].opt_pagu_case = KINERJA__BELANJA_LINE__OPT_PAGU_PAGU_SEN;
		b[i].pagu_sen      = pagu[i];
		b[i].opt_realisasi_case =
		    KINERJA__BELANJA_LINE__OPT_REALISASI_REALISASI_SEN;
		b[i].realisasi_sen = real[i];
	}
	req.belanja   = bp;
	req.n_belanja = 3;
	assert_int_equal(kinerja_submit_budget(f->c, &req, &w, &f->st), 0);
	kinerja__write_reply__free_unpacked(w, NULL);
	r = get_budget(f);
	assert_int_equal(r->n_belanja, 3);
	assert_e2(r->belanja[1]->amount->serapan, 9466);
	assert_int_equal(r->belanja[1]->depth, 1);
	/* Operasi states more than its one part: its amounts are the part's,
	 * and both stated ones are findings. */
	assert_int_equal(r->n_findings, 2);
	assert_int_equal(r->belanja[0]->amount->pagu_sen, RP(2158169574));
	assert_e2(r->belanja_total->serapan, 9468);
	kinerja__get_budget_reply__free_unpacked(r, NULL);
}

static void
test_efficiency_of_each_sasaran(void **state)
{
	struct fixture         *f   = *state;
	Kinerja__IndicatorValue v[] = { value("IKM", 2025, TARGET, 90),
		value("IKM", 2025, REALISASI, 90.07),
		value("AKIP", 2025, TARGET, 72.6),
		value("AKIP", 2025, REALISASI, 70.2) };
	Kinerja__BudgetLine     l[] = { line("P1", "", RP(1000), RP(900)),
		    line("P2", "", RP(3000), RP(2700)) };
	Kinerja__GetEfficiencyRequest req =
	    KINERJA__GET_EFFICIENCY_REQUEST__INIT;
	Kinerja__GetEfficiencyReply *r;

	world(f);
	assert_int_equal(submit(f, v, 4, 0, NULL), 0);
	l[0].sasaran = "Akuntabilitas";
	assert_int_equal(submit_budget(f, l, 2, NULL), 0);
	req.unit = "tiram";
	req.year = 2025;
	assert_int_equal(kinerja_get_efficiency(f->c, &req, &r, &f->st), 0);
	assert_int_equal(r->n_rows, 2);
	/* Kepuasan has no program of its own: the whole budget, 90 %.
	 * 100,0777... - 90 = 10,08, computed before rounding. */
	assert_true(r->rows[0]->whole_budget);
	assert_e2(r->rows[0]->efisiensi, 1008);
	assert_e2(r->rows[0]->ratio, 8993);
	/* Akuntabilitas: 96,6942... - 90 = 6,69. */
	assert_false(r->rows[1]->whole_budget);
	assert_e2(r->rows[1]->efisiensi, 669);
	kinerja__get_efficiency_reply__free_unpacked(r, NULL);
}

static Kinerja__SurveyResponse
response(const int32_t *scores, size_t n, const char *gender)
{
	Kinerja__SurveyResponse r = KINERJA__SURVEY_RESPONSE__INIT;

	r.scores   = (int32_t *) scores;
	r.n_scores = n;
	r.gender   = (char *) gender;
	return r;
}

static int
submit_survey_of(struct fixture *f, const char *unit, int year,
    Kinerja__SurveyResponse *r, size_t n, double *means, size_t nmeans)
{
	Kinerja__SubmitSurveyRequest req =
	    KINERJA__SUBMIT_SURVEY_REQUEST__INIT;
	Kinerja__SurveyResponse *p[8];
	Kinerja__WriteReply     *w;
	size_t                   i;
	int                      code;

	for (i = 0; i < n; i++)
		p[i] = &r[i];
	req.unit          = (char *) unit;
	req.year          = year;
	req.responses     = p;
	req.n_responses   = n;
	req.unsur_means   = means;
	req.n_unsur_means = nmeans;
	code              = kinerja_submit_survey(f->c, &req, &w, &f->st);
	if (code == 0) {
		note_warnings(f, w);
		kinerja__write_reply__free_unpacked(w, NULL);
	}
	return code;
}

static int
submit_survey(struct fixture *f, Kinerja__SurveyResponse *r, size_t n,
    double *means, size_t nmeans)
{
	return submit_survey_of(f, "tiram", 2025, r, n, means, nmeans);
}

static void
test_survey_from_responses(void **state)
{
	struct fixture           *f   = *state;
	const int32_t             a[] = { 4, 4, 3, 4, 3, 3, 4, 3, 2 };
	const int32_t             b[] = { 3, 4, 3, 4, 4, 3, 4, 4, 3 };
	Kinerja__SurveyResponse   r[] = { response(a, 9, "L"),
		  response(b, 9, "P") };
	Kinerja__GetSurveyRequest req = KINERJA__GET_SURVEY_REQUEST__INIT;
	Kinerja__GetSurveyReply  *s;
	Kinerja__GetCapaianReply *c;

	world(f);
	assert_int_equal(submit_survey(f, r, 2, NULL, 0), 0);
	req.unit = "tiram";
	req.year = 2025;
	assert_int_equal(kinerja_get_survey(f->c, &req, &s, &f->st), 0);
	assert_int_equal(s->respondents, 2);
	assert_e2(s->unsur[0]->nrr, 350);
	/* Sum of the 9 NRR = 31, so IKM = 31 / 9 * 25 = 86,11. */
	assert_e2(s->ikm, 8611);
	assert_string_equal(s->mutu, "B");
	assert_int_equal(s->weakest, 9);
	assert_int_equal(s->strongest, 2);
	assert_int_equal(s->n_profile, 2);
	assert_e2(s->profile[0]->percent, 5000);
	kinerja__get_survey_reply__free_unpacked(s, NULL);
	/* The IKM became the realisasi of the unit's IKM indicator. */
	c = capaian(f, 2025, 0);
	assert_e2(c->indicators[0]->realisasi, 8611);
	kinerja__get_capaian_reply__free_unpacked(c, NULL);
}

/* The IKM recorded as the realisasi is the published one, 2 decimals
 * (issue #12): 33 / 9 * 25 = 91,666... is 91,67, 101,86 % of 90. A
 * realisasi stated since is kept when the survey is sent again, with a
 * warning naming both figures. */
static void
test_survey_ikm_recorded_as_published_and_stated_wins(void **state)
{
	struct fixture           *f   = *state;
	const int32_t             a[] = { 4, 4, 4, 4, 4, 4, 4, 3, 2 };
	Kinerja__SurveyResponse   r   = response(a, 9, "");
	Kinerja__IndicatorValue   t   = value("IKM", 2025, TARGET, 90);
	Kinerja__IndicatorValue   fix = value("IKM", 2025, REALISASI, 91);
	Kinerja__GetCapaianReply *c;

	world(f);
	assert_int_equal(submit(f, &t, 1, 0, NULL), 0);
	assert_int_equal(submit_survey(f, &r, 1, NULL, 0), 0);
	c = capaian(f, 2025, 0);
	assert_e2(c->indicators[0]->realisasi, 9167);
	assert_true(c->indicators[0]->realisasi_derived);
	assert_e2(c->indicators[0]->capaian, 10186);
	assert_string_equal(c->indicators[0]->finding, "");
	kinerja__get_capaian_reply__free_unpacked(c, NULL);
	assert_int_equal(submit(f, &fix, 1, 0, NULL), 0);
	assert_int_equal(f->nwarned, 2);
	assert_non_null(strstr(f->warned,
	    "replaces the realisasi 91.67 derived from the survey"));
	assert_non_null(strstr(f->warned, "recorded as stated, a finding"));
	assert_int_equal(submit_survey(f, &r, 1, NULL, 0), 0);
	assert_int_equal(f->nwarned, 1);
	assert_non_null(strstr(f->warned, "the stated figure is kept"));
	c = capaian(f, 2025, 0);
	assert_e2(c->indicators[0]->realisasi, 9100);
	assert_false(c->indicators[0]->realisasi_derived);
	assert_e2(c->indicators[0]->derived, 9167);
	assert_string_equal(c->indicators[0]->derived_from, "survey");
	assert_non_null(strstr(c->indicators[0]->finding, "difference 0.67"));
	assert_e2(c->indicators[0]->capaian, 10111);
	kinerja__get_capaian_reply__free_unpacked(c, NULL);
}

static const Kinerja__CapaianRow *
row_for(const Kinerja__GetCapaianReply *c, const char *indicator)
{
	size_t i;

	for (i = 0; i < c->n_indicators; i++)
		if (strcmp(c->indicators[i]->indicator, indicator) == 0)
			return c->indicators[i];
	fail_msg("no row for %s", indicator);
	return NULL;
}

/* Resent naming another indicator, a survey derives that indicator's
 * realisasi (a stated one it would keep). */
static void
test_survey_resent_fills_a_missing_realisasi(void **state)
{
	struct fixture              *f   = *state;
	const int32_t                a[] = { 4, 4, 4, 4, 4, 4, 4, 3, 2 };
	Kinerja__SurveyResponse      r   = response(a, 9, "");
	Kinerja__SurveyResponse     *rp  = &r;
	Kinerja__SubmitSurveyRequest req =
	    KINERJA__SUBMIT_SURVEY_REQUEST__INIT;
	Kinerja__WriteReply      *w;
	Kinerja__GetCapaianReply *c;

	world(f);
	req.unit        = "tiram";
	req.year        = 2025;
	req.responses   = &rp;
	req.n_responses = 1;
	assert_int_equal(kinerja_submit_survey(f->c, &req, &w, &f->st), 0);
	kinerja__write_reply__free_unpacked(w, NULL);
	c = capaian(f, 2025, 0);
	assert_false(row_for(c, "ADUAN")->opt_realisasi_case);
	kinerja__get_capaian_reply__free_unpacked(c, NULL);
	req.indicator = "ADUAN";
	assert_int_equal(kinerja_submit_survey(f->c, &req, &w, &f->st), 0);
	assert_int_equal(w->updated, 1);
	kinerja__write_reply__free_unpacked(w, NULL);
	c = capaian(f, 2025, 0);
	assert_e2(row_for(c, "ADUAN")->realisasi, 9167);
	assert_e2(row_for(c, "IKM")->realisasi, 9167);
	kinerja__get_capaian_reply__free_unpacked(c, NULL);
}

static void
test_survey_bad_scores_change_nothing(void **state)
{
	struct fixture           *f      = *state;
	const int32_t             zero[] = { 0, 4, 3, 4, 3, 3, 4, 3, 2 };
	const int32_t             five[] = { 5, 4, 3, 4, 3, 3, 4, 3, 2 };
	const int32_t             ok[]   = { 4, 4, 3, 4, 3, 3, 4, 3, 2 };
	Kinerja__SurveyResponse   r[3];
	double                    means[9] = { 3, 3, 3, 3, 3, 3, 3, 3, 3 };
	Kinerja__GetSurveyRequest req      = KINERJA__GET_SURVEY_REQUEST__INIT;
	Kinerja__GetSurveyReply  *s;

	world(f);
	r[0] = response(zero, 9, "");
	assert_int_equal(
	    submit_survey(f, r, 1, NULL, 0), KINERJA__CODE__INVALID_ARGUMENT);
	assert_non_null(strstr(f->st.details[0]->message, "scored 0"));
	r[0] = response(five, 9, "");
	assert_int_equal(
	    submit_survey(f, r, 1, NULL, 0), KINERJA__CODE__INVALID_ARGUMENT);
	r[0] = response(ok, 8, ""); /* a missing unsur */
	assert_int_equal(
	    submit_survey(f, r, 1, NULL, 0), KINERJA__CODE__INVALID_ARGUMENT);
	r[0] = response(ok, 9, "");
	assert_int_equal(submit_survey(f, r, 1, means, 9),
	    KINERJA__CODE__INVALID_ARGUMENT); /* both kinds */
	means[4] = 4.5;
	assert_int_equal(submit_survey(f, NULL, 0, means, 9),
	    KINERJA__CODE__INVALID_ARGUMENT);
	req.unit = "tiram";
	req.year = 2025;
	assert_int_equal(kinerja_get_survey(f->c, &req, &s, &f->st),
	    KINERJA__CODE__NOT_FOUND);
	/* One respondent is a survey. */
	assert_int_equal(submit_survey(f, r, 1, NULL, 0), 0);
	assert_int_equal(kinerja_get_survey(f->c, &req, &s, &f->st), 0);
	assert_int_equal(s->respondents, 1);
	kinerja__get_survey_reply__free_unpacked(s, NULL);
}

/* Means give an IKM too; sent after raw responses they replace the survey
 * and so the realisasi it derived (issue #12). */
static void
test_survey_means_replace_the_derived_realisasi(void **state)
{
	struct fixture *f = *state;
	double means[9]   = { 3.00, 3.01, 3.00, 3.99, 3.01, 3.02, 3.08, 3.01,
		  2.03 };
	Kinerja__GetSurveyRequest req = KINERJA__GET_SURVEY_REQUEST__INIT;
	Kinerja__GetSurveyReply  *s;
	Kinerja__GetCapaianReply *c;

	const int32_t             a[] = { 4, 4, 4, 4, 4, 4, 4, 3, 2 };
	Kinerja__SurveyResponse   r   = response(a, 9, "");

	world(f);
	assert_int_equal(submit_survey(f, &r, 1, NULL, 0), 0);
	assert_int_equal(submit_survey(f, NULL, 0, means, 9), 0);
	assert_int_equal(f->nwarned, 0);
	req.unit = "tiram";
	req.year = 2025;
	assert_int_equal(kinerja_get_survey(f->c, &req, &s, &f->st), 0);
	assert_e2(s->ikm, 7542); /* Sei Balai 2024's unsur: mutu C */
	assert_string_equal(s->mutu, "C");
	assert_int_equal(llround(s->nrr_tertimbang * 10000), 30167);
	assert_string_equal(s->indicator, "IKM");
	assert_e2(s->realisasi, 7542);
	assert_true(s->realisasi_derived);
	assert_string_equal(s->finding, "");
	kinerja__get_survey_reply__free_unpacked(s, NULL);
	c = capaian(f, 2025, 0);
	assert_e2(c->indicators[0]->realisasi, 7542);
	kinerja__get_capaian_reply__free_unpacked(c, NULL);
}

static Kinerja__AkipComponent
component(const char *name, double weight, double score, double target)
{
	Kinerja__AkipComponent c = KINERJA__AKIP_COMPONENT__INIT;

	c.name   = (char *) name;
	c.weight = weight;
	c.score  = score;
	if (target >= 0) {
		c.opt_target_case = KINERJA__AKIP_COMPONENT__OPT_TARGET_TARGET;
		c.target          = target;
	}
	return c;
}

static int
submit_akip_of(struct fixture *f, const char *unit, int year,
    Kinerja__AkipComponent *c, size_t n)
{
	Kinerja__SubmitAkipEvaluationRequest req =
	    KINERJA__SUBMIT_AKIP_EVALUATION_REQUEST__INIT;
	Kinerja__AkipComponent *p[8];
	Kinerja__WriteReply    *w;
	size_t                  i;
	int                     code;

	for (i = 0; i < n; i++)
		p[i] = &c[i];
	req.unit         = (char *) unit;
	req.year         = year;
	req.components   = p;
	req.n_components = n;
	code = kinerja_submit_akip_evaluation(f->c, &req, &w, &f->st);
	if (code == 0) {
		note_warnings(f, w);
		kinerja__write_reply__free_unpacked(w, NULL);
	}
	return code;
}

static int
submit_akip(struct fixture *f, Kinerja__AkipComponent *c, size_t n)
{
	return submit_akip_of(f, "tiram", 2024, c, n);
}

static void
test_akip_components_make_the_realisasi(void **state)
{
	struct fixture        *f   = *state;
	Kinerja__AkipComponent c[] = { component("Perencanaan Kinerja", 30,
		                           24.39, 23.50),
		component("Pengukuran Kinerja", 30, 20.96, 20.23),
		component("Pelaporan Kinerja", 15, 11.40, 11.40),
		component("Evaluasi Internal", 25, 15.87, 15.87) };
	Kinerja__GetAkipEvaluationRequest req =
	    KINERJA__GET_AKIP_EVALUATION_REQUEST__INIT;
	Kinerja__GetAkipEvaluationReply *a;
	Kinerja__GetCapaianReply        *cap;

	world(f);
	assert_int_equal(submit_akip(f, c, 4), 0);
	req.unit = "tiram";
	req.year = 2024;
	assert_int_equal(
	    kinerja_get_akip_evaluation(f->c, &req, &a, &f->st), 0);
	assert_e2(a->total, 7262); /* Sei Balai 2024 */
	assert_string_equal(a->predikat, "BB");
	assert_e2(a->target_total, 7100);
	assert_e2(a->capaian, 10228);
	assert_e2(a->components[0]->capaian, 10379);
	kinerja__get_akip_evaluation_reply__free_unpacked(a, NULL);
	cap = capaian(f, 2024, 0);
	assert_e2(cap->indicators[2]->realisasi, 7262);
	assert_string_equal(cap->indicators[2]->realisasi_predikat, "BB");
	kinerja__get_capaian_reply__free_unpacked(cap, NULL);
}

/* Lima Puluh Pesisir 2020: the LHE states 66,87, its components sum to
 * 66,56. The stated total is the realisasi; the sum is a finding in the
 * write's warnings, GetAkipEvaluation and GetCapaian (issue #12). */
static Kinerja__AkipComponent lpp_2020[5];

static Kinerja__AkipComponent *
lpp_2020_components(void)
{
	lpp_2020[0] = component("Perencanaan Kinerja", 30, 26.05, -1);
	lpp_2020[1] = component("Pengukuran Kinerja", 25, 16.56, -1);
	lpp_2020[2] = component("Pelaporan Kinerja", 15, 9.13, -1);
	lpp_2020[3] = component("Evaluasi Internal", 10, 5.69, -1);
	lpp_2020[4] = component("Pencapaian Sasaran", 20, 9.13, -1);
	return lpp_2020;
}

static Kinerja__GetAkipEvaluationReply *
akip_of(struct fixture *f)
{
	Kinerja__GetAkipEvaluationRequest req =
	    KINERJA__GET_AKIP_EVALUATION_REQUEST__INIT;
	Kinerja__GetAkipEvaluationReply *a;

	req.unit = "tiram";
	req.year = 2024;
	assert_int_equal(
	    kinerja_get_akip_evaluation(f->c, &req, &a, &f->st), 0);
	return a;
}

static void
test_akip_stated_total_wins_over_the_components(void **state)
{
	struct fixture                  *f = *state;
	Kinerja__IndicatorValue          v = value("AKIP", 2024, REALISASI,
	             66.87);
	Kinerja__GetAkipEvaluationReply *a;
	Kinerja__GetCapaianReply        *c;

	world(f);
	assert_int_equal(submit_akip(f, lpp_2020_components(), 5), 0);
	assert_int_equal(f->nwarned, 0);
	a = akip_of(f);
	assert_e2(a->realisasi, 6656);
	assert_true(a->realisasi_derived);
	assert_string_equal(a->finding, "");
	kinerja__get_akip_evaluation_reply__free_unpacked(a, NULL);
	/* The LHE total, stated, replaces the sum and says so. */
	assert_int_equal(submit(f, &v, 1, 0, NULL), 0);
	assert_int_equal(f->nwarned, 2);
	assert_non_null(strstr(f->warned,
	    "replaces the realisasi 66.56 derived from the AKIP components"));
	assert_non_null(strstr(f->warned, "the AKIP components give 66.56, "
	                                  "the recorded realisasi is 66.87"));
	a = akip_of(f);
	assert_e2(a->total, 6656);
	assert_e2(a->realisasi, 6687);
	assert_false(a->realisasi_derived);
	assert_string_equal(a->indicator, "AKIP");
	assert_non_null(strstr(a->finding, "difference -0.31"));
	kinerja__get_akip_evaluation_reply__free_unpacked(a, NULL);
	c = capaian(f, 2024, 0);
	assert_e2(c->indicators[2]->realisasi, 6687);
	assert_e2(c->indicators[2]->derived, 6656);
	assert_string_equal(c->indicators[2]->derived_from, "akip");
	assert_non_null(strstr(c->indicators[2]->finding, "66.56"));
	kinerja__get_capaian_reply__free_unpacked(c, NULL);
	/* Sending the evaluation again restores nothing, and says why. */
	assert_int_equal(submit_akip(f, lpp_2020_components(), 5), 0);
	assert_int_equal(f->nwarned, 1);
	assert_non_null(strstr(f->warned, "the stated figure is kept"));
	c = capaian(f, 2024, 0);
	assert_e2(c->indicators[2]->realisasi, 6687);
	kinerja__get_capaian_reply__free_unpacked(c, NULL);
}

/* The other order: the total stated first, then the evaluation. A dry run
 * warns as the write would. */
static void
test_akip_evaluation_after_the_stated_total_keeps_it(void **state)
{
	struct fixture          *f = *state;
	Kinerja__IndicatorValue  v = value("AKIP", 2024, REALISASI, 66.87);
	Kinerja__GetCapaianReply *c;

	world(f);
	assert_int_equal(submit(f, &v, 1, 0, NULL), 0);
	assert_int_equal(f->nwarned, 0);
	assert_int_equal(submit_akip(f, lpp_2020_components(), 5), 0);
	assert_int_equal(f->nwarned, 1);
	assert_non_null(strstr(f->warned, "realisasi: the stated figure is "
	                                  "kept, a finding: the AKIP "
	                                  "components give 66.56"));
	c = capaian(f, 2024, 0);
	assert_e2(c->indicators[2]->realisasi, 6687);
	assert_false(c->indicators[2]->realisasi_derived);
	kinerja__get_capaian_reply__free_unpacked(c, NULL);
	v.value = 66.56; /* the same as the sum: no finding left */
	assert_int_equal(submit(f, &v, 1, 1, NULL), 0);
	assert_int_equal(f->nwarned, 0);
	v.value = 70;
	assert_int_equal(submit(f, &v, 1, 1, NULL), 0);
	assert_int_equal(f->nwarned, 1);
	c = capaian(f, 2024, 0);
	assert_e2(c->indicators[2]->realisasi, 6687); /* dry run: unchanged */
	kinerja__get_capaian_reply__free_unpacked(c, NULL);
}

/* Sei Balai 2024: the published IKM 75,35 stands; its unsur means give
 * 75,42, within the 0,125 that means rounded to 2 decimals allow. */
static void
test_survey_means_within_their_rounding_are_no_finding(void **state)
{
	struct fixture *f = *state;
	double means[9]   = { 3.00, 3.01, 3.00, 3.99, 3.01, 3.02, 3.08, 3.01,
		  2.03 };
	Kinerja__IndicatorValue  v = value("IKM", 2025, REALISASI, 75.35);
	Kinerja__GetSurveyRequest req = KINERJA__GET_SURVEY_REQUEST__INIT;
	Kinerja__GetSurveyReply  *s;

	world(f);
	assert_int_equal(submit(f, &v, 1, 0, NULL), 0);
	assert_int_equal(submit_survey(f, NULL, 0, means, 9), 0);
	assert_int_equal(f->nwarned, 0);
	req.unit = "tiram";
	req.year = 2025;
	assert_int_equal(kinerja_get_survey(f->c, &req, &s, &f->st), 0);
	assert_e2(s->ikm, 7542);
	assert_e2(s->realisasi, 7535);
	assert_false(s->realisasi_derived);
	assert_string_equal(s->finding, "");
	kinerja__get_survey_reply__free_unpacked(s, NULL);
	v.value = 75.2; /* 0,22 below: beyond the rounding */
	assert_int_equal(submit(f, &v, 1, 0, NULL), 0);
	assert_int_equal(f->nwarned, 1);
	assert_int_equal(kinerja_get_survey(f->c, &req, &s, &f->st), 0);
	assert_non_null(strstr(s->finding, "the survey give 75.42"));
	kinerja__get_survey_reply__free_unpacked(s, NULL);
}

/* Serapan, IKM and AKIP rankings use the very figures GetBudget,
 * GetSurvey and GetAkipEvaluation answer; units without the data come
 * last with the reason; each row carries the previous year's rank. */
static void
test_ranking_by_serapan_ikm_akip(void **state)
{
	struct fixture     *f   = *state;
	Kinerja__BudgetLine b[] = { line("P1", "", RP(4146690221),
		                        RP(3805860565)),
		line("P2", "", RP(17182832), RP(17178500)),
		line("P1", "", RP(200), RP(190)), line("P1", "", RP(100), -1),
		line("P1", "", RP(100), RP(99)) };
	const int32_t       sa[] = { 4, 4, 3, 4, 3, 3, 4, 3, 2 };
	const int32_t       sb[] = { 3, 4, 3, 4, 4, 3, 4, 4, 3 };
	Kinerja__SurveyResponse resp[] = { response(sa, 9, "L"),
		response(sb, 9, "P") };
	double                  means[9] = { 3.5, 3.5, 3.5, 3.5, 3.5, 3.5,
		                 3.5, 3.5, 3.5 };
	Kinerja__AkipComponent  c[]      = { component("Perencanaan Kinerja",
		                           30, 24.39, -1),
		component("Pengukuran Kinerja", 30, 20.96, -1),
		component("Pelaporan Kinerja", 15, 11.40, -1),
		component("Evaluasi Internal", 25, 15.87, -1) };
	Kinerja__AkipComponent  d[] = { component("Perencanaan Kinerja", 30,
		                        20, -1),
		 component("Pengukuran Kinerja", 30, 20, -1),
		 component("Pelaporan Kinerja", 15, 10, -1),
		 component("Evaluasi Internal", 25, 20, -1) };
	Kinerja__GetRankingRequest req = KINERJA__GET_RANKING_REQUEST__INIT;
	Kinerja__GetRankingReply  *r;
	Kinerja__GetBudgetReply   *g;
	Kinerja__GetSurveyRequest  sreq = KINERJA__GET_SURVEY_REQUEST__INIT;
	Kinerja__GetSurveyReply   *sv;

	peers(f);
	/* tiram 2025: 91,81 (domain.md); balai 190/200 = 95,00; suka has a
	 * line without realisasi; deras no budget. tiram 2024: 99,00. */
	assert_int_equal(submit_budget(f, b, 2, NULL), 0);
	b[2].unit = "balai";
	assert_int_equal(submit_budget(f, &b[2], 1, NULL), 0);
	b[3].unit = "suka";
	assert_int_equal(submit_budget(f, &b[3], 1, NULL), 0);
	b[4].year = 2024;
	assert_int_equal(submit_budget(f, &b[4], 1, NULL), 0);
	req.year    = 2025;
	req.region  = "batubara";
	req.measure = KINERJA__RANK_MEASURE__RANK_MEASURE_SERAPAN;
	r           = ranking(f, &req, 0);
	assert_int_equal(r->measure, KINERJA__RANK_MEASURE__RANK_MEASURE_SERAPAN);
	assert_null(r->indicator);
	assert_int_equal(r->n_rows, 4);
	assert_string_equal(r->rows[0]->unit, "balai");
	assert_int_equal(r->rows[0]->rank, 1);
	assert_e2(r->rows[0]->value, 9500);
	assert_string_equal(r->rows[1]->unit, "tiram");
	assert_int_equal(r->rows[1]->rank, 2);
	assert_e2(r->rows[1]->value, 9181);
	assert_int_equal(r->rows[1]->previous_rank, 1);
	assert_int_equal(r->rows[1]->rank_change, -1);
	assert_int_equal(row_of(r, "deras")->rank, 0);
	assert_int_equal(row_of(r, "deras")->opt_value_case, 0);
	assert_string_equal(
	    row_of(r, "deras")->na_reason, "no budget for the year");
	assert_int_equal(row_of(r, "suka")->rank, 0);
	assert_string_equal(row_of(r, "suka")->na_reason,
	    "no serapan: pagu or realisasi missing");
	g = get_budget(f);
	assert_int_equal(llround(g->total->serapan * 100),
	    llround(row_of(r, "tiram")->value * 100));
	kinerja__get_budget_reply__free_unpacked(g, NULL);
	kinerja__get_ranking_reply__free_unpacked(r, NULL);

	/* IKM: balai's means 3,5 give 87,50 (B); tiram's responses 86,11. */
	assert_int_equal(submit_survey_of(f, "tiram", 2025, resp, 2, NULL, 0),
	    0);
	assert_int_equal(
	    submit_survey_of(f, "balai", 2025, NULL, 0, means, 9), 0);
	req.measure = KINERJA__RANK_MEASURE__RANK_MEASURE_IKM;
	r           = ranking(f, &req, 0);
	assert_string_equal(r->rows[0]->unit, "balai");
	assert_e2(r->rows[0]->value, 8750);
	assert_string_equal(r->rows[0]->predikat, "B");
	assert_string_equal(r->rows[1]->unit, "tiram");
	assert_int_equal(r->rows[1]->rank, 2);
	assert_e2(r->rows[1]->value, 8611);
	assert_int_equal(r->rows[1]->previous_rank, 0);
	assert_string_equal(row_of(r, "deras")->na_reason,
	    "no survey (SKM) for the year");
	sreq.unit = "tiram";
	sreq.year = 2025;
	assert_int_equal(kinerja_get_survey(f->c, &sreq, &sv, &f->st), 0);
	assert_int_equal(llround(sv->ikm * 100),
	    llround(row_of(r, "tiram")->value * 100));
	kinerja__get_survey_reply__free_unpacked(sv, NULL);
	kinerja__get_ranking_reply__free_unpacked(r, NULL);

	/* AKIP: tiram 72,62 BB ranks above balai 70,00 B. */
	assert_int_equal(submit_akip_of(f, "tiram", 2025, c, 4), 0);
	assert_int_equal(submit_akip_of(f, "balai", 2025, d, 4), 0);
	assert_int_equal(submit_akip_of(f, "balai", 2024, c, 4), 0);
	req.measure = KINERJA__RANK_MEASURE__RANK_MEASURE_AKIP;
	r           = ranking(f, &req, 0);
	assert_string_equal(r->rows[0]->unit, "tiram");
	assert_e2(r->rows[0]->value, 7262);
	assert_string_equal(r->rows[0]->predikat, "BB");
	assert_string_equal(r->rows[1]->unit, "balai");
	assert_e2(r->rows[1]->value, 7000);
	assert_string_equal(r->rows[1]->predikat, "B");
	assert_int_equal(r->rows[1]->previous_rank, 1);
	assert_int_equal(r->rows[1]->rank_change, -1);
	assert_string_equal(row_of(r, "suka")->na_reason,
	    "no AKIP evaluation for the year");
	kinerja__get_ranking_reply__free_unpacked(r, NULL);

	/* These measures take no indicator; measures stop at AKIP. */
	req.indicator = "IKM";
	assert_null(ranking(f, &req, KINERJA__CODE__INVALID_ARGUMENT));
	assert_non_null(strstr(f->st.message, "indicator:"));
	req.indicator = "";
	req.measure   = KINERJA__RANK_MEASURE__RANK_MEASURE_AKIP + 1;
	assert_null(ranking(f, &req, KINERJA__CODE__INVALID_ARGUMENT));
}

static Kinerja__GetHistoryReply *history(struct fixture *f,
    const char *unit, const char *ind, int year, uint64_t after,
    uint32_t limit);

/* Upserts one indicator of world() again with a range (NAN: no bound). */
static int
set_range(struct fixture *f, const char *code, const char *satuan,
    double min, double max)
{
	Kinerja__Indicator               ind  = KINERJA__INDICATOR__INIT;
	Kinerja__Indicator              *ip   = &ind;
	Kinerja__UpsertIndicatorsRequest ireq =
	    KINERJA__UPSERT_INDICATORS_REQUEST__INIT;
	Kinerja__WriteReply *w;
	int                  code_rc;

	ind.code = ind.name = (char *) code;
	ind.satuan          = (char *) satuan;
	if (strcmp(code, "AKIP") == 0)
		ind.value_type = KINERJA__VALUE_TYPE__VALUE_TYPE_AKIP;
	if (!isnan(min)) {
		ind.opt_min_case = KINERJA__INDICATOR__OPT_MIN_MIN;
		ind.min          = min;
	}
	if (!isnan(max)) {
		ind.opt_max_case = KINERJA__INDICATOR__OPT_MAX_MAX;
		ind.max          = max;
	}
	ireq.indicators   = &ip;
	ireq.n_indicators = 1;
	code_rc = kinerja_upsert_indicators(f->c, &ireq, &w, &f->st);
	if (code_rc == 0)
		kinerja__write_reply__free_unpacked(w, NULL);
	return code_rc;
}

/* An IKM of 150 or -5 is refused naming the field and the range, and
 * nothing of the batch is written; SubmitIndicatorData and Import alike. */
static void
test_value_outside_default_range_is_refused(void **state)
{
	struct fixture         *f   = *state;
	Kinerja__IndicatorValue v[] = { value("IKM", 2025, TARGET, 90),
		value("IKM", 2025, REALISASI, 150),
		value("IKM", 2025, TARGET, -5) };
	Kinerja__IndicatorValue     *vp[] = { &v[0], &v[1] };
	Kinerja__ImportRequest       imp  = KINERJA__IMPORT_REQUEST__INIT;
	Kinerja__WriteReply         *w;
	uint8_t                      before[8192];
	size_t                       n;

	world(f);
	n = snapshot(f, 2025, before, sizeof(before));
	assert_int_equal(
	    submit(f, v, 2, 0, NULL), KINERJA__CODE__INVALID_ARGUMENT);
	assert_int_equal(f->st.n_details, 1);
	assert_int_equal(f->st.details[0]->index, 1);
	assert_string_equal(f->st.details[0]->field, "value");
	assert_string_equal(f->st.details[0]->message,
	    "value: 150 is outside the valid range of IKM (25..100 Nilai)");
	assert_int_equal(
	    submit(f, &v[2], 1, 0, NULL), KINERJA__CODE__INVALID_ARGUMENT);
	assert_string_equal(f->st.details[0]->message,
	    "value: -5 is outside the valid range of IKM (25..100 Nilai)");
	imp.values   = vp;
	imp.n_values = 2;
	assert_int_equal(kinerja_import(f->c, &imp, &w, &f->st),
	    KINERJA__CODE__INVALID_ARGUMENT);
	assert_non_null(strstr(f->st.details[0]->message, "25..100"));
	assert_unchanged(f, 2025, before, n);
	/* The edges are inside. */
	v[1].value = 100;
	v[0].value = 25;
	assert_int_equal(submit(f, v, 2, 0, NULL), 0);
}

/* A range set on the indicator is stored, listed, recorded in the
 * history, and overrides the default; min above max is refused. */
static void
test_indicator_range_is_set_listed_and_checked(void **state)
{
	struct fixture         *f   = *state;
	Kinerja__IndicatorValue v[] = { value("IKM", 2025, REALISASI, 45),
		value("ADUAN", 2025, REALISASI, -1) };
	Kinerja__ListIndicatorsRequest lreq =
	    KINERJA__LIST_INDICATORS_REQUEST__INIT;
	Kinerja__ListIndicatorsReply *l;
	Kinerja__GetHistoryReply     *h;
	size_t                        k;

	world(f);
	assert_int_equal(submit(f, v, 1, 0, NULL), 0); /* 45 in 25..100 */
	/* A range the stored 45 would contradict is refused... */
	assert_int_equal(set_range(f, "IKM", "Nilai", 50, NAN),
	    KINERJA__CODE__FAILED_PRECONDITION);
	assert_string_equal(f->st.details[0]->message,
	    "min: 1 stored values of IKM lie outside 50..100 Nilai; change "
	    "them first");
	/* ...until the value is corrected. */
	v[0].value = 55;
	assert_int_equal(submit(f, v, 1, 0, NULL), 0);
	assert_int_equal(set_range(f, "IKM", "Nilai", 50, NAN), 0);
	v[0].value = 45;
	assert_int_equal(
	    submit(f, v, 1, 0, NULL), KINERJA__CODE__INVALID_ARGUMENT);
	assert_string_equal(f->st.details[0]->message,
	    "value: 45 is outside the valid range of IKM (50..100 Nilai)");
	/* ADUAN (Nilai, not an IKM) has no default; a set max applies. A
	 * satuan whose default the stored -1 breaks is refused too. */
	assert_int_equal(submit(f, &v[1], 1, 0, NULL), 0);
	assert_int_equal(set_range(f, "ADUAN", "Kasus", NAN, 10),
	    KINERJA__CODE__FAILED_PRECONDITION);
	assert_string_equal(f->st.details[0]->field, "max");
	v[1].value = 0;
	assert_int_equal(submit(f, &v[1], 1, 0, NULL), 0);
	assert_int_equal(set_range(f, "ADUAN", "Kasus", NAN, 10), 0);
	v[1].value = 11;
	assert_int_equal(
	    submit(f, &v[1], 1, 0, NULL), KINERJA__CODE__INVALID_ARGUMENT);
	assert_string_equal(f->st.details[0]->message,
	    "value: 11 is outside the valid range of ADUAN (0..10 Kasus)");
	assert_int_equal(set_range(f, "ADUAN", "Kasus", 20, 10),
	    KINERJA__CODE__INVALID_ARGUMENT);
	assert_string_equal(f->st.details[0]->field, "min");
	assert_int_equal(kinerja_list_indicators(f->c, &lreq, &l, &f->st), 0);
	for (k = 0; k < l->n_indicators; k++) {
		const Kinerja__Indicator *i = l->indicators[k];

		if (strcmp(i->code, "IKM") == 0) {
			assert_int_equal(
			    i->opt_min_case, KINERJA__INDICATOR__OPT_MIN_MIN);
			assert_e2(i->min, 5000);
			assert_int_equal(i->opt_max_case, 0);
		} else if (strcmp(i->code, "ADUAN") == 0) {
			assert_int_equal(i->opt_min_case, 0);
			assert_e2(i->max, 1000);
		}
	}
	kinerja__list_indicators_reply__free_unpacked(l, NULL);
	h = history(f, "", "IKM", 0, 0, 0);
	assert_true(h->n_revisions >= 2);
	assert_non_null(strstr(
	    h->revisions[h->n_revisions - 1]->new_value, "range >= 50"));
	kinerja__get_history_reply__free_unpacked(h, NULL);
}

/* "80,5 %" for an indicator whose satuan is not % is refused naming the
 * satuan; for a % indicator it is fine. */
static void
test_percent_sign_needs_satuan_percent(void **state)
{
	struct fixture         *f   = *state;
	Kinerja__IndicatorValue v[] = { value("IKM", 2025, REALISASI, 80.5) };

	world(f);
	v[0].percent_sign = 1;
	assert_int_equal(
	    submit(f, v, 1, 0, NULL), KINERJA__CODE__INVALID_ARGUMENT);
	assert_string_equal(f->st.details[0]->message,
	    "value: written with %, but the satuan of IKM is Nilai");
	assert_int_equal(set_range(f, "ADUAN", "%", NAN, NAN), 0);
	v[0].indicator = "ADUAN";
	assert_int_equal(submit(f, v, 1, 0, NULL), 0);
	v[0].value = 100.5; /* % defaults to 0..100 */
	assert_int_equal(
	    submit(f, v, 1, 0, NULL), KINERJA__CODE__INVALID_ARGUMENT);
}

/* The IKM a survey makes is checked against the indicator's range like a
 * submitted value; refused, the survey is not stored either. */
static void
test_survey_ikm_outside_range_is_refused(void **state)
{
	struct fixture           *f   = *state;
	const int32_t             a[] = { 4, 4, 3, 4, 3, 3, 4, 3, 2 };
	Kinerja__SurveyResponse   r[] = { response(a, 9, "") };
	Kinerja__GetSurveyRequest req = KINERJA__GET_SURVEY_REQUEST__INIT;
	Kinerja__GetSurveyReply  *s;

	world(f);
	assert_int_equal(set_range(f, "IKM", "Nilai", 90, NAN), 0);
	assert_int_equal(submit_survey(f, r, 1, NULL, 0),
	    KINERJA__CODE__INVALID_ARGUMENT);
	assert_string_equal(f->st.details[0]->message,
	    "indicator: 83.33 is outside the valid range of IKM (90..100 "
	    "Nilai)");
	req.unit = "tiram";
	req.year = 2025;
	assert_int_equal(kinerja_get_survey(f->c, &req, &s, &f->st),
	    KINERJA__CODE__NOT_FOUND);
}

/* A respondent id given twice in one survey is refused naming both. */
static void
test_survey_duplicate_respondent_is_refused(void **state)
{
	struct fixture           *f   = *state;
	const int32_t             a[] = { 4, 4, 3, 4, 3, 3, 4, 3, 2 };
	Kinerja__SurveyResponse   r[] = { response(a, 9, ""),
		  response(a, 9, ""), response(a, 9, ""), response(a, 9, "") };
	Kinerja__GetSurveyRequest req = KINERJA__GET_SURVEY_REQUEST__INIT;
	Kinerja__GetSurveyReply  *s;

	world(f);
	r[0].respondent = "R1";
	r[1].respondent = "R12";
	r[2].respondent = "R3";
	r[3].respondent = "R12";
	assert_int_equal(submit_survey(f, r, 4, NULL, 0),
	    KINERJA__CODE__INVALID_ARGUMENT);
	assert_string_equal(f->st.details[0]->field, "responses");
	assert_string_equal(f->st.details[0]->message,
	    "responses[3].respondent: \"R12\" already at responses[1]");
	req.unit = "tiram";
	req.year = 2025;
	assert_int_equal(kinerja_get_survey(f->c, &req, &s, &f->st),
	    KINERJA__CODE__NOT_FOUND);
	/* Anonymous respondents (no id) are not duplicates. */
	r[1].respondent = r[3].respondent = "";
	assert_int_equal(submit_survey(f, r, 4, NULL, 0), 0);
}

static void
test_akip_score_above_weight_is_refused(void **state)
{
	struct fixture        *f   = *state;
	Kinerja__AkipComponent c[] = { component("Perencanaan", 30, 31, -1),
		component("Pengukuran", 30, 20, -1),
		component("Pelaporan", 15, 10, -1),
		component("Evaluasi", 25, 15, -1) };
	Kinerja__GetAkipEvaluationRequest req =
	    KINERJA__GET_AKIP_EVALUATION_REQUEST__INIT;
	Kinerja__GetAkipEvaluationReply *a;

	world(f);
	assert_int_equal(
	    submit_akip(f, c, 4), KINERJA__CODE__INVALID_ARGUMENT);
	assert_non_null(strstr(f->st.details[0]->message, "exceeds"));
	c[0].score  = 26.05;
	c[3].weight = 20; /* weights now sum to 95 */
	assert_int_equal(
	    submit_akip(f, c, 4), KINERJA__CODE__INVALID_ARGUMENT);
	assert_non_null(strstr(f->st.details[0]->message, "100"));
	req.unit = "tiram";
	req.year = 2024;
	assert_int_equal(kinerja_get_akip_evaluation(f->c, &req, &a, &f->st),
	    KINERJA__CODE__NOT_FOUND);
}

/* -------------------------------------------------- validate, export */

static Kinerja__TableRow
trow(const char *label, double a, double b, double reported)
{
	Kinerja__TableRow r = KINERJA__TABLE_ROW__INIT;

	r.label = (char *) label;
	r.ref   = (char *) label;
	if (a >= 0) {
		r.opt_a_case = KINERJA__TABLE_ROW__OPT_A_A;
		r.a          = a;
	}
	if (b >= 0) {
		r.opt_b_case = KINERJA__TABLE_ROW__OPT_B_B;
		r.b          = b;
	}
	if (reported >= 0) {
		r.opt_reported_case =
		    KINERJA__TABLE_ROW__OPT_REPORTED_REPORTED;
		r.reported = reported;
	}
	return r;
}

static Kinerja__ValidateReply *
validate(struct fixture *f, Kinerja__TableKind kind, Kinerja__TableRow *rows,
    size_t n)
{
	Kinerja__ValidateRequest req = KINERJA__VALIDATE_REQUEST__INIT;
	Kinerja__TableRow       *p[16];
	Kinerja__ValidateReply  *r;
	size_t                   i;

	for (i = 0; i < n; i++)
		p[i] = &rows[i];
	req.kind   = kind;
	req.rows   = p;
	req.n_rows = n;
	assert_int_equal(kinerja_validate(f->c, &req, &r, &f->st), 0);
	return r;
}

static void
test_validate_capaian_slips(void **state)
{
	struct fixture         *f   = *state;
	Kinerja__TableRow       r[] = { trow("TT IKM", 90, 90.07, 100.08),
		      trow("LPP IKM", 88.37, 88.12, 99.71),
		      trow("TT AKIP", 71, 69.5, 97.98),
		      trow("LPP AKIP", 72.6, 70.2, 96.69) };
	Kinerja__ValidateReply *v;

	r[3].b_predikat     = "B"; /* 70,20 is BB */
	r[0].reported_label = "Sangat Tinggi";
	r[1].reported_label = "Tinggi"; /* 99,72 is Sangat Tinggi */
	v = validate(f, KINERJA__TABLE_KIND__TABLE_CAPAIAN, r, 4);
	assert_int_equal(v->n_findings, 4);
	assert_string_equal(v->findings[0]->label, "LPP IKM");
	assert_int_equal(
	    v->findings[0]->kind, KINERJA__FINDING_KIND__FINDING_PREDIKAT);
	assert_int_equal(
	    v->findings[1]->kind, KINERJA__FINDING_KIND__FINDING_TRUNCATION);
	assert_string_equal(v->findings[1]->correct, "99,72");
	assert_int_equal(
	    v->findings[2]->kind, KINERJA__FINDING_KIND__FINDING_ARITHMETIC);
	assert_string_equal(v->findings[2]->correct, "97,89");
	assert_int_equal(
	    v->findings[3]->kind, KINERJA__FINDING_KIND__FINDING_PREDIKAT);
	assert_string_equal(v->findings[3]->correct, "BB");
	kinerja__validate_reply__free_unpacked(v, NULL);
}

static void
test_validate_capaian_against_another_target(void **state)
{
	struct fixture         *f    = *state;
	Kinerja__IndicatorValue iv[] = { value("IKM", 2025, TARGET, 89.20),
		value("IKM", 2026, END_TARGET, 90.20) };
	Kinerja__TableRow       r[]  = { trow("MD IKM", 89.20, 87.94, 97.49) };
	Kinerja__ValidateReply *v;

	world(f);
	assert_int_equal(submit(f, iv, 2, 0, NULL), 0);
	r[0].unit      = "tiram";
	r[0].indicator = "IKM";
	r[0].year      = 2025;
	v              = validate(f, KINERJA__TABLE_KIND__TABLE_CAPAIAN, r, 1);
	assert_int_equal(v->n_findings, 1);
	assert_int_equal(
	    v->findings[0]->kind, KINERJA__FINDING_KIND__FINDING_OTHER_TARGET);
	assert_non_null(strstr(v->findings[0]->message, "end target"));
	assert_string_equal(v->findings[0]->correct, "98,59");
	kinerja__validate_reply__free_unpacked(v, NULL);
}

static void
test_validate_serapan_sum_akip_ikm(void **state)
{
	struct fixture   *f     = *state;
	Kinerja__TableRow s[]   = { trow("7.01.02", 17182832, 17178500, 99.79),
		  trow("Total", 5463337162, 5345196344.24, 97.83),
		  trow("ok", 1000, 900, 90) };
	Kinerja__TableRow sum[] = { trow("JUMLAH", 5463337162, -1, -1),
		trow("P1", 4676892162, -1, -1),
		trow("P2", 784445000, -1, -1) };
	Kinerja__TableRow akip[] = { trow("Perencanaan", 26.05, -1, -1),
		trow("Pengukuran", 16.56, -1, -1),
		trow("Pelaporan", 9.13, -1, -1),
		trow("Evaluasi", 5.69, -1, -1), trow("Capaian", 9.13, -1, -1),
		trow("Total", -1, -1, 66.87) };
	Kinerja__TableRow ikm[10];
	double nrr[] = { 3.00, 3.01, 3.00, 3.99, 3.01, 3.02, 3.08, 3.01,
		2.03 };
	Kinerja__ValidateReply *v;
	int                     i;

	v = validate(f, KINERJA__TABLE_KIND__TABLE_SERAPAN, s, 3);
	assert_int_equal(v->n_findings, 2);
	assert_string_equal(v->findings[0]->correct, "99,97");
	assert_int_equal(
	    v->findings[1]->kind, KINERJA__FINDING_KIND__FINDING_TRUNCATION);
	kinerja__validate_reply__free_unpacked(v, NULL);
	sum[1].parent = sum[2].parent = "JUMLAH";
	v = validate(f, KINERJA__TABLE_KIND__TABLE_SUM, sum, 3);
	assert_int_equal(v->n_findings, 1);
	assert_int_equal(
	    v->findings[0]->kind, KINERJA__FINDING_KIND__FINDING_SUM);
	assert_string_equal(v->findings[0]->correct, "5.461.337.162,00");
	kinerja__validate_reply__free_unpacked(v, NULL);
	sum[1].a = 4678892162; /* the budget table's figure adds up */
	v        = validate(f, KINERJA__TABLE_KIND__TABLE_SUM, sum, 3);
	assert_int_equal(v->n_findings, 0);
	kinerja__validate_reply__free_unpacked(v, NULL);
	v = validate(f, KINERJA__TABLE_KIND__TABLE_AKIP, akip, 6);
	assert_int_equal(v->n_findings, 1);
	assert_string_equal(v->findings[0]->correct, "66,56");
	kinerja__validate_reply__free_unpacked(v, NULL);
	for (i = 0; i < 9; i++)
		ikm[i] = trow("U", nrr[i], -1, -1);
	ikm[9] = trow("IKM", -1, -1, 75.35); /* within rounding of 75,42 */
	ikm[9].reported_label = "B"; /* 75,35 is C */
	v = validate(f, KINERJA__TABLE_KIND__TABLE_IKM, ikm, 10);
	assert_int_equal(v->n_findings, 1);
	assert_string_equal(v->findings[0]->field, "mutu");
	kinerja__validate_reply__free_unpacked(v, NULL);
}

static void
test_validate_argument_errors(void **state)
{
	struct fixture          *f   = *state;
	Kinerja__ValidateRequest req = KINERJA__VALIDATE_REQUEST__INIT;
	Kinerja__ValidateReply  *r;

	assert_int_equal(kinerja_validate(f->c, &req, &r, &f->st),
	    KINERJA__CODE__INVALID_ARGUMENT);
	req.kind = 9;
	assert_int_equal(kinerja_validate(f->c, &req, &r, &f->st),
	    KINERJA__CODE__INVALID_ARGUMENT);
	assert_non_null(strstr(f->st.message, "kind"));
}

/* NaN, infinities and numbers past 1e14 are refused, naming the field;
 * sums that would overflow are refused too, never wrapped. */
static void
test_validate_refuses_numbers_out_of_range(void **state)
{
	struct fixture          *f   = *state;
	Kinerja__TableRow        r[] = { trow("IKM", 90, 90.07, NAN),
		       trow("AKIP", 90, INFINITY, 1), trow("SKM", 1e15, 90, 1) };
	Kinerja__TableRow       *rp[19];
	Kinerja__TableRow        big[19];
	Kinerja__ValidateRequest req = KINERJA__VALIDATE_REQUEST__INIT;
	Kinerja__ValidateReply  *v;
	size_t                   i;

	r[0].opt_reported_case = KINERJA__TABLE_ROW__OPT_REPORTED_REPORTED;
	r[0].reported          = NAN; /* trow leaves NaN out */
	for (i = 0; i < 3; i++)
		rp[i] = &r[i];
	req.kind   = KINERJA__TABLE_KIND__TABLE_CAPAIAN;
	req.rows   = rp;
	req.n_rows = 3;
	assert_int_equal(kinerja_validate(f->c, &req, &v, &f->st),
	    KINERJA__CODE__INVALID_ARGUMENT);
	assert_non_null(strstr(f->st.message, "rows[0]: reported"));
	assert_int_equal(f->st.n_details, 3);
	for (i = 0; i < 19; i++) {
		big[i]        = trow("part", 9e13, -1, -1);
		big[i].parent = "total";
		rp[i]         = &big[i];
	}
	big[0].label  = "total";
	big[0].parent = "";
	req.kind      = KINERJA__TABLE_KIND__TABLE_SUM;
	req.n_rows    = 19;
	assert_int_equal(kinerja_validate(f->c, &req, &v, &f->st),
	    KINERJA__CODE__INVALID_ARGUMENT);
	assert_non_null(strstr(f->st.message, "sum past"));
	assert_healthy(f);
}

static void
test_export_of_one_unit_brings_its_ancestors(void **state)
{
	struct fixture         *f   = *state;
	Kinerja__IndicatorValue v[] = { value("IKM", 2025, TARGET, 90),
		value("IKM", 2025, TARGET, 91),
		value("IKM", 2024, TARGET, 88) };
	Kinerja__ExportRequest  req = KINERJA__EXPORT_REQUEST__INIT;
	Kinerja__ImportRequest *r;

	world(f);
	assert_int_equal(submit(f, v, 3, 0, NULL), 0);
	req.unit = "tiram";
	req.year = 2025;
	assert_int_equal(kinerja_export(f->c, &req, &r, &f->st), 0);
	assert_int_equal(r->n_units, 3);
	assert_string_equal(r->units[0]->code, "sumut");
	assert_string_equal(r->units[2]->code, "tiram");
	assert_int_equal(r->n_links, 3);
	assert_int_equal(r->n_values, 2); /* both revisions of 2025 */
	assert_e2(r->values[0]->value, 9000);
	assert_e2(r->values[1]->value, 9100);
	kinerja__import_request__free_unpacked(r, NULL);
	req.unit = "nowhere";
	assert_int_equal(
	    kinerja_export(f->c, &req, &r, &f->st), KINERJA__CODE__NOT_FOUND);
}

/* ------------------------------------------------- access and history */

struct tokens {
	char admin[KTOKEN_TEXT_MAX], viewer[KTOKEN_TEXT_MAX],
	    tiram[KTOKEN_TEXT_MAX], revoked[KTOKEN_TEXT_MAX];
};

static struct tokens toks;

/* The fixture with --auth on, four tokens, and the admin's on f->c. */
static int
setup_auth(void **state)
{
	struct fixture       *f;
	struct kstore        *st;
	struct kserver_config cfg = { NULL, 4, 1 << 20, 20000, 30000, 32 << 20,
		KLOG_NONE, 1, NULL, NULL, NULL };
	const char           *tiram[] = { "tiram" };
	char                  err[256], spare[KTOKEN_TEXT_MAX];

	setup(state);
	f = *state;
	unserve(f);
	cfg.db_path = f->db;
	assert_int_equal(kstore_open(f->db, &st, err, sizeof(err)), KS_OK);
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
	assert_int_equal(
	    ktoken_create(st, "pusat", KROLE_VIEWER, NULL, 0, spare),
	    KS_CONFLICT);
	kstore_close(st);
	kinerja_close(f->c);
	unlink(f->url + 6);
	serve(f, &cfg);
	assert_int_equal(kinerja_open(&f->c, f->url, &f->st), 0);
	assert_int_equal(
	    kinerja_set_metadata(f->c, "authorization", toks.admin), 0);
	return 0;
}

/* Sets the token the fixture's client sends (NULL: none). */
static void
as(struct fixture *f, const char *token)
{
	kinerja_close(f->c);
	assert_int_equal(kinerja_open(&f->c, f->url, &f->st), 0);
	if (token != NULL)
		assert_int_equal(
		    kinerja_set_metadata(f->c, "authorization", token), 0);
}

static int
list_units(struct fixture *f)
{
	Kinerja__ListUnitsRequest req = KINERJA__LIST_UNITS_REQUEST__INIT;
	Kinerja__ListUnitsReply  *r;
	int code = kinerja_list_units(f->c, &req, &r, &f->st);

	if (code == 0)
		kinerja__list_units_reply__free_unpacked(r, NULL);
	return code;
}

static void
test_auth_needs_a_valid_token(void **state)
{
	struct fixture *f = *state;
	char            forged[KTOKEN_TEXT_MAX];

	world(f);
	assert_int_equal(list_units(f), 0);
	as(f, NULL);
	assert_int_equal(list_units(f), KINERJA__CODE__UNAUTHENTICATED);
	assert_non_null(strstr(f->st.message, "authorization"));
	assert_healthy(f); /* for load balancers, no token */
	as(f, "Bearer kin_1_not-the-secret");
	assert_int_equal(list_units(f), KINERJA__CODE__UNAUTHENTICATED);
	as(f, "kin_999_x");
	assert_int_equal(list_units(f), KINERJA__CODE__UNAUTHENTICATED);
	as(f, "hello");
	assert_int_equal(list_units(f), KINERJA__CODE__UNAUTHENTICATED);
	as(f, toks.revoked);
	assert_int_equal(list_units(f), KINERJA__CODE__UNAUTHENTICATED);
	assert_non_null(strstr(f->st.message, "revoked"));
	/* The right secret under another token's id. */
	snprintf(forged, sizeof(forged), "kin_2_%s",
	    strchr(toks.admin + 4, '_') + 1);
	as(f, forged);
	assert_int_equal(list_units(f), KINERJA__CODE__UNAUTHENTICATED);
	as(f, "Bearer ");
	assert_int_equal(list_units(f), KINERJA__CODE__UNAUTHENTICATED);
	as(f, toks.viewer);
	assert_int_equal(list_units(f), 0);
}

static void
test_viewer_reads_but_may_not_write(void **state)
{
	struct fixture         *f   = *state;
	Kinerja__IndicatorValue v[] = { value("IKM", 2025, TARGET, 91) };
	Kinerja__Unit           u[] = { unit(
		      "balai", "batubara", KINERJA__LEVEL__LEVEL_KECAMATAN) };
	uint8_t                 before[8192];
	size_t                  n;

	world(f);
	n = snapshot(f, 2025, before, sizeof(before));
	as(f, toks.viewer);
	assert_int_equal(
	    submit(f, v, 1, 0, NULL), KINERJA__CODE__PERMISSION_DENIED);
	assert_non_null(strstr(f->st.message, "inspektorat"));
	assert_int_equal(
	    upsert_units(f, u, 1, NULL), KINERJA__CODE__PERMISSION_DENIED);
	assert_unchanged(f, 2025, before, n);
}

static void
test_submitter_writes_only_its_units(void **state)
{
	struct fixture         *f     = *state;
	Kinerja__IndicatorValue own[] = { value("IKM", 2025, TARGET, 91) };
	Kinerja__IndicatorValue mix[] = { value("IKM", 2025, TARGET, 95),
		uvalue("balai", "IKM", 2025, TARGET, 95) };
	Kinerja__Unit           u[]   = { unit(
		        "balai", "batubara", KINERJA__LEVEL__LEVEL_KECAMATAN) };
	Kinerja__ImportRequest  imp   = KINERJA__IMPORT_REQUEST__INIT;
	Kinerja__Unit          *up[]  = { &u[0] };
	Kinerja__WriteReply    *w;
	uint8_t                 before[8192];
	size_t                  n;

	peers(f);
	as(f, toks.tiram);
	assert_int_equal(submit(f, own, 1, 0, NULL), 0);
	n = snapshot(f, 2025, before, sizeof(before));
	/* Not even partial mode applies the good item of the batch. */
	assert_int_equal(
	    submit(f, mix, 2, 2, NULL), KINERJA__CODE__PERMISSION_DENIED);
	assert_int_equal(f->st.n_details, 1);
	assert_int_equal(f->st.details[0]->index, 1);
	assert_string_equal(f->st.details[0]->field, "unit");
	assert_int_equal(
	    submit(f, mix, 2, 0, NULL), KINERJA__CODE__PERMISSION_DENIED);
	assert_unchanged(f, 2025, before, n);
	/* Units and indicators are the admin's, in Import too. */
	assert_int_equal(
	    upsert_units(f, u, 1, NULL), KINERJA__CODE__PERMISSION_DENIED);
	imp.units   = up;
	imp.n_units = 1;
	assert_int_equal(kinerja_import(f->c, &imp, &w, &f->st),
	    KINERJA__CODE__PERMISSION_DENIED);
	assert_string_equal(f->st.details[0]->list, "units");
	assert_unchanged(f, 2025, before, n);
}

/* Request ids are each token's own: the same id and request under another
 * token is a request of its own, checked and applied as such. */
static void
test_request_ids_are_each_tokens_own(void **state)
{
	struct fixture                     *f = *state;
	Kinerja__IndicatorValue             v = value("IKM", 2025, TARGET, 91);
	Kinerja__IndicatorValue            *vp = &v;
	Kinerja__SubmitIndicatorDataRequest req =
	    KINERJA__SUBMIT_INDICATOR_DATA_REQUEST__INIT;
	Kinerja__WriteReply              *w;
	const ProtobufCMessageDescriptor *d =
	    &kinerja__write_reply__descriptor;

	peers(f);
	req.values   = &vp;
	req.n_values = 1;
	as(f, toks.tiram);
	assert_int_equal(kinerja_call(f->c, "SubmitIndicatorData", &req.base,
	                     d, (ProtobufCMessage **) &w, "tiram-1", &f->st),
	    0);
	kinerja__write_reply__free_unpacked(w, NULL);
	assert_int_equal(kinerja_call(f->c, "SubmitIndicatorData", &req.base,
	                     d, (ProtobufCMessage **) &w, "tiram-1", &f->st),
	    0);
	assert_true(w->replayed);
	kinerja__write_reply__free_unpacked(w, NULL);
	as(f, toks.admin);
	v.value = 92;
	assert_int_equal(kinerja_call(f->c, "SubmitIndicatorData", &req.base,
	                     d, (ProtobufCMessage **) &w, "tiram-1", &f->st),
	    0);
	assert_false(w->replayed);
	assert_int_equal(w->updated, 1);
	kinerja__write_reply__free_unpacked(w, NULL);
	/* An admin's write resent by a submitter: not the submitter's unit,
	 * and not the admin's reply. */
	v.unit = "balai";
	assert_int_equal(kinerja_call(f->c, "SubmitIndicatorData", &req.base,
	                     d, (ProtobufCMessage **) &w, "admin-1", &f->st),
	    0);
	kinerja__write_reply__free_unpacked(w, NULL);
	as(f, toks.tiram);
	assert_int_equal(kinerja_call(f->c, "SubmitIndicatorData", &req.base,
	                     d, (ProtobufCMessage **) &w, "admin-1", &f->st),
	    KINERJA__CODE__PERMISSION_DENIED);
}

static Kinerja__GetHistoryReply *
history(struct fixture *f, const char *unit, const char *ind, int year,
    uint64_t after, uint32_t limit)
{
	Kinerja__GetHistoryRequest req = KINERJA__GET_HISTORY_REQUEST__INIT;
	Kinerja__GetHistoryReply  *r;

	req.unit      = (char *) unit;
	req.indicator = (char *) ind;
	req.year      = year;
	req.after     = after;
	req.limit     = limit;
	assert_int_equal(kinerja_get_history(f->c, &req, &r, &f->st), 0);
	return r;
}

/* The reports' "PK target 71,25 revised to 71,38" as a visible revision. */
static void
test_history_shows_who_changed_what_and_why(void **state)
{
	struct fixture         *f    = *state;
	Kinerja__IndicatorValue v1[] = { value("AKIP", 2025, TARGET, 71.25) };
	Kinerja__IndicatorValue v2[] = { value("AKIP", 2025, TARGET, 71.38),
		value("AKIP", 2025, 9, 1) };
	Kinerja__IndicatorValue v3[] = { value("AKIP", 2025, TARGET, 71.38) };
	Kinerja__GetHistoryReply *r;
	const Kinerja__Revision  *a, *b;
	uint64_t                  after;

	world(f);
	as(f, toks.tiram);
	assert_int_equal(submit(f, v1, 1, 0, NULL), 0);
	assert_int_equal(
	    kinerja_set_metadata(f->c, "reason", "PK perubahan 2025"), 0);
	assert_int_not_equal(submit(f, v2, 2, 0, NULL), 0); /* rejected */
	assert_int_equal(submit(f, v3, 1, 0, NULL), 0);
	assert_int_equal(submit(f, v3, 1, 0, NULL), 0); /* unchanged */
	as(f, toks.viewer);
	r = history(f, "tiram", "AKIP", 2025, 0, 0);
	assert_int_equal(r->n_revisions, 2);
	assert_false(r->more);
	a = r->revisions[0];
	b = r->revisions[1];
	assert_string_equal(a->what, "target");
	assert_string_equal(a->actor, "kec-tiram");
	assert_int_equal(a->opt_old_case, 0);
	assert_string_equal(a->new_value, "71.25");
	assert_string_equal(a->reason, "");
	assert_string_equal(b->field, "value");
	assert_string_equal(b->old_value, "71.25");
	assert_string_equal(b->new_value, "71.38");
	assert_string_equal(b->reason, "PK perubahan 2025");
	assert_string_equal(b->method, "SubmitIndicatorData");
	assert_int_equal(strlen(b->request_id), 32);
	assert_true(b->at_ms >= a->at_ms && a->at_ms > 1700000000000LL);
	kinerja__get_history_reply__free_unpacked(r, NULL);
	/* Paging. */
	r = history(f, "tiram", "AKIP", 2025, 0, 1);
	assert_int_equal(r->n_revisions, 1);
	assert_true(r->more);
	after = r->revisions[0]->id;
	kinerja__get_history_reply__free_unpacked(r, NULL);
	r = history(f, "tiram", "AKIP", 2025, after, 1);
	assert_int_equal(r->n_revisions, 1);
	assert_false(r->more);
	assert_string_equal(r->revisions[0]->new_value, "71.38");
	kinerja__get_history_reply__free_unpacked(r, NULL);
}

static int
count_what(const Kinerja__GetHistoryReply *r, const char *what)
{
	size_t i;
	int    n = 0;

	for (i = 0; i < r->n_revisions; i++)
		n += strcmp(r->revisions[i]->what, what) == 0;
	return n;
}

static void
test_history_covers_every_kind_of_write(void **state)
{
	struct fixture            *f   = *state;
	Kinerja__BudgetLine        l[] = { line("P1", "", 100000, 90000) };
	Kinerja__Unit              u[] = { unit(
		         "tiram", "batubara", KINERJA__LEVEL__LEVEL_KECAMATAN) };
	Kinerja__GetHistoryRequest bad = KINERJA__GET_HISTORY_REQUEST__INIT;
	Kinerja__GetHistoryReply  *r;

	world(f);
	assert_int_equal(submit_budget(f, l, 1, NULL), 0);
	l[0].realisasi_sen = 95000;
	assert_int_equal(submit_budget(f, l, 1, NULL), 0);
	u[0].name = "Tanjung Tiram";
	assert_int_equal(upsert_units(f, u, 1, NULL), 0);
	r = history(f, "tiram", "", 0, 0, 0);
	assert_int_equal(count_what(r, "unit"), 2);
	assert_int_equal(count_what(r, "sasaran"), 3);
	assert_int_equal(count_what(r, "budget"), 2);
	assert_string_equal(r->revisions[r->n_revisions - 2]->old_value,
	    "pagu 1.000,00; realisasi 900,00");
	assert_string_equal(r->revisions[r->n_revisions - 2]->new_value,
	    "pagu 1.000,00; realisasi 950,00");
	assert_string_equal(r->revisions[r->n_revisions - 1]->actor, "pusat");
	kinerja__get_history_reply__free_unpacked(r, NULL);
	/* A new name shows in the history too. */
	l[0].name = "Program satu";
	assert_int_equal(submit_budget(f, l, 1, NULL), 0);
	r = history(f, "tiram", "", 2025, 0, 0);
	assert_string_equal(r->revisions[r->n_revisions - 1]->old_value,
	    "pagu 1.000,00; realisasi 950,00");
	assert_string_equal(r->revisions[r->n_revisions - 1]->new_value,
	    "pagu 1.000,00; realisasi 950,00; name Program satu");
	kinerja__get_history_reply__free_unpacked(r, NULL);
	/* A resubmission without P1 removes it, and says so. */
	l[0].code = "P2";
	assert_int_equal(submit_budget(f, l, 1, NULL), 0);
	r = history(f, "tiram", "", 2025, 0, 0);
	assert_int_equal(count_what(r, "budget"), 5);
	assert_string_equal(r->revisions[r->n_revisions - 1]->field, "P1");
	assert_string_equal(r->revisions[r->n_revisions - 1]->new_value, "");
	assert_string_equal(r->revisions[r->n_revisions - 1]->old_value,
	    "pagu 1.000,00; realisasi 950,00; name Program satu");
	kinerja__get_history_reply__free_unpacked(r, NULL);
	/* A new tujuan shows the one before. */
	{
		Kinerja__SasaranLink          sl = KINERJA__SASARAN_LINK__INIT;
		Kinerja__SasaranLink         *slp = &sl;
		Kinerja__UpsertSasaranRequest sr =
		    KINERJA__UPSERT_SASARAN_REQUEST__INIT;
		Kinerja__WriteReply *w;

		sl.unit      = "tiram";
		sl.sasaran   = "Kepuasan";
		sl.indicator = "IKM";
		sl.tujuan    = "Pelayanan prima";
		sr.links     = &slp;
		sr.n_links   = 1;
		assert_int_equal(
		    kinerja_upsert_sasaran(f->c, &sr, &w, &f->st), 0);
		kinerja__write_reply__free_unpacked(w, NULL);
		r = history(f, "tiram", "IKM", 0, 0, 0);
		assert_string_equal(
		    r->revisions[r->n_revisions - 1]->new_value,
		    "Pelayanan prima");
		assert_int_equal(
		    r->revisions[r->n_revisions - 1]->opt_old_case,
		    KINERJA__REVISION__OPT_OLD_OLD_VALUE);
		assert_string_equal(
		    r->revisions[r->n_revisions - 1]->old_value, "");
		kinerja__get_history_reply__free_unpacked(r, NULL);
	}
	/* An indicator's own history has no unit. */
	r = history(f, "", "ADUAN", 0, 0, 0);
	assert_int_equal(count_what(r, "indicator"), 1);
	assert_int_equal(count_what(r, "sasaran"), 1);
	kinerja__get_history_reply__free_unpacked(r, NULL);
	bad.unit = "";
	assert_int_equal(kinerja_get_history(f->c, &bad, &r, &f->st),
	    KINERJA__CODE__INVALID_ARGUMENT);
	bad.unit  = "tiram";
	bad.limit = 10001;
	assert_int_equal(kinerja_get_history(f->c, &bad, &r, &f->st),
	    KINERJA__CODE__INVALID_ARGUMENT);
}

#define T(name)  cmocka_unit_test_setup_teardown(name, setup, teardown)
#define TA(name) cmocka_unit_test_setup_teardown(name, setup_auth, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_health_and_server_info),
		cmocka_unit_test(test_metrics_buckets),
		T(test_metrics_count_requests_errors_and_latency),
		T(test_units_hierarchy_and_listing),
		T(test_unit_level_defaults_from_parent),
		T(test_unit_under_kecamatan_is_rejected),
		T(test_unit_sent_again_without_level_or_parent_keeps_them),
		T(test_long_indicator_texts_round_trip),
		T(test_value_type_change_that_breaks_values_is_refused),
		T(test_text_must_be_utf8_without_controls),
		T(test_bad_unit_code_names_the_field),
		T(test_capaian_worked_example),
		T(test_minimize_polarity_and_zero_target),
		T(test_predikat_only_target_is_converted),
		T(test_pk_revision_latest_wins),
		T(test_bad_batch_changes_nothing),
		T(test_unknown_unit_in_batch_is_not_found),
		T(test_value_checks_against_indicator),
		T(test_partial_applies_good_items),
		T(test_validate_only_writes_nothing),
		T(test_same_request_id_is_applied_once),
		T(test_import_is_all_or_nothing),
		T(test_import_applies_definitions_before_values),
		T(test_revision_sequence_sent_again_is_unchanged),
		T(test_ranking_ties_share_a_rank),
		T(test_ranking_minimize_lower_ranks_higher),
		T(test_ranking_shows_rank_change),
		T(test_ranking_by_capaian_and_overall),
		T(test_ranking_argument_errors),
		T(test_ranking_of_an_empty_region),
		T(test_trend_with_a_missing_year),
		T(test_trend_minimize_on_track),
		T(test_trend_end_target_follows_predikat_rule),
		T(test_trend_without_end_target_or_enough_years),
		T(test_trend_argument_errors),
		T(test_progress_against_end_target),
		T(test_request_id_reused_for_another_request),
		T(test_replay_of_partial_write_keeps_details),
		T(test_long_request_id_is_refused),
		T(test_get_capaian_argument_errors),
		T(test_budget_serapan_at_every_level),
		T(test_budget_pk_program_mismatch_is_found),
		T(test_budget_parent_that_differs_from_its_parts),
		T(test_budget_sent_again_is_unchanged_and_replaces),
		T(test_budget_errors_change_nothing),
		T(test_budget_sums_past_int64_are_refused),
		T(test_belanja_classes),
		T(test_efficiency_of_each_sasaran),
		T(test_survey_from_responses),
		T(test_survey_ikm_recorded_as_published_and_stated_wins),
		T(test_survey_resent_fills_a_missing_realisasi),
		T(test_survey_bad_scores_change_nothing),
		T(test_survey_means_replace_the_derived_realisasi),
		T(test_minimize_zero_target_is_all_or_nothing),
		T(test_unlinked_value_is_written_with_a_warning),
		T(test_survey_means_within_their_rounding_are_no_finding),
		T(test_akip_stated_total_wins_over_the_components),
		T(test_akip_evaluation_after_the_stated_total_keeps_it),
		T(test_akip_components_make_the_realisasi),
		T(test_ranking_by_serapan_ikm_akip),
		T(test_value_outside_default_range_is_refused),
		T(test_indicator_range_is_set_listed_and_checked),
		T(test_percent_sign_needs_satuan_percent),
		T(test_survey_ikm_outside_range_is_refused),
		T(test_survey_duplicate_respondent_is_refused),
		T(test_akip_score_above_weight_is_refused),
		T(test_validate_capaian_slips),
		T(test_validate_capaian_against_another_target),
		T(test_validate_serapan_sum_akip_ikm),
		T(test_validate_argument_errors),
		T(test_validate_refuses_numbers_out_of_range),
		T(test_export_of_one_unit_brings_its_ancestors),
		T(test_garbage_bytes_get_invalid_argument),
		T(test_unknown_method_is_unimplemented),
		T(test_request_id_must_be_visible_ascii),
		T(test_nul_in_submitted_unit_is_refused),
		T(test_upsert_units_refuses_bad_text_on_the_wire),
		T(test_envelope_strings_are_checked),
		T(test_caller_text_is_quoted_whole_characters),
		T(test_malformed_payload_is_invalid_argument),
		T(test_oversized_request_is_resource_exhausted),
		T(test_payload_that_decodes_too_large_is_refused),
		T(test_batch_size_limits),
		T(test_deadline_exceeded_writes_nothing),
		TA(test_auth_needs_a_valid_token),
		TA(test_viewer_reads_but_may_not_write),
		TA(test_submitter_writes_only_its_units),
		TA(test_request_ids_are_each_tokens_own),
		TA(test_history_shows_who_changed_what_and_why),
		TA(test_history_covers_every_kind_of_write),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
