/*
 * seedgen.c - writes the seeds of the dispatch harnesses: real requests for
 * every method, built from the Batu Bara data as kinerjad would hold it.
 * It starts a kinerjad in this process, imports the CSV files the way
 * `kinerja import` does and exports them back per unit and year; the
 * exports give the write requests, the codes give the reads. Also writes
 * baseline.bin, the whole export, which the harnesses load at start.
 *
 *   seedgen DATA_DIR FUZZ_DIR    (e.g. seedgen data/batubara fuzz)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dispatch.h"
#include "khandlers.h"
#include "kinerja/client.h"
#include "server.h"

#define SEED_MAX 8192 /* bytes; larger seeds are left out */

static const char *fuzz_dir;
static unsigned    nseeds;

static const char *const sheets[] = { "units", "indicators", "sasaran",
	"values", "budget", "belanja", "akip", "skm" };

static _Noreturn void
die(const char *what, const char *detail)
{
	fprintf(stderr, "seedgen: %s: %s\n", what, detail);
	exit(1);
}

static void
write_file(const char *path, const uint8_t *buf, size_t len)
{
	FILE *f = fopen(path, "wb");

	if (f == NULL || fwrite(buf, 1, len, f) != len || fclose(f) != 0)
		die("cannot write", path);
}

static uint8_t *
pack(const ProtobufCMessage *msg, size_t *len)
{
	uint8_t *buf = malloc(protobuf_c_message_get_packed_size(msg) + 1);

	if (buf == NULL)
		die("pack", "out of memory");
	*len = protobuf_c_message_pack(msg, buf);
	return buf;
}

/* One request as a seed of both harnesses: fuzz_dispatch's method byte
 * and payload, fuzz_envelope's whole envelope. */
static void
seed(const char *method, const void *msg)
{
	const ProtobufCServiceDescriptor *sd = &kinerja__kinerja__descriptor;
	const ProtobufCMethodDescriptor  *md = NULL;
	Kinerja__RequestEnvelope env         = KINERJA__REQUEST_ENVELOPE__INIT;
	char                     path[512], id[32];
	uint8_t                 *payload, *buf;
	size_t                   len, elen;

	md = protobuf_c_service_descriptor_get_method_by_name(sd, method);
	if (md == NULL)
		die("no such method", method);
	payload = pack(msg, &len);
	if (len + 1 <= SEED_MAX) {
		buf    = malloc(len + 1);
		buf[0] = (uint8_t) (md - sd->methods);
		memcpy(buf + 1, payload, len);
		snprintf(path, sizeof(path), "%s/corpus/dispatch/%02u-%s",
		    fuzz_dir, nseeds, method);
		write_file(path, buf, len + 1);
		free(buf);
		snprintf(id, sizeof(id), "seed-%u", nseeds);
		env.method       = (char *) method;
		env.request_id   = id;
		env.timeout_ms   = 5000;
		env.payload.data = payload;
		env.payload.len  = len;
		buf              = pack(&env.base, &elen);
		snprintf(path, sizeof(path), "%s/corpus/envelope/%02u-%s",
		    fuzz_dir, nseeds, method);
		write_file(path, buf, elen);
		free(buf);
		nseeds++;
	}
	free(payload);
}

static void
report(void *arg, const char *file, unsigned line, const char *column,
    const char *message)
{
	(void) arg;
	fprintf(
	    stderr, "seedgen: %s:%u: %s: %s\n", file, line, column, message);
}

static void
import_data(kinerja_client *c, const char *data_dir)
{
	kinerja_file         files[8];
	kinerja_import_stats stats;
	char                 path[512];
	size_t               i;

	for (i = 0; i < 8; i++) {
		FILE *f;
		char *buf;
		long  n;

		snprintf(path, sizeof(path), "%s/%s.csv", data_dir, sheets[i]);
		if ((f = fopen(path, "rb")) == NULL)
			die("cannot open", path);
		fseek(f, 0, SEEK_END);
		n = ftell(f);
		fseek(f, 0, SEEK_SET);
		buf = malloc((size_t) n);
		if (buf == NULL || fread(buf, 1, (size_t) n, f) != (size_t) n)
			die("cannot read", path);
		fclose(f);
		files[i] = (kinerja_file) { strdup(path), buf, (size_t) n };
	}
	if (kinerja_import_csv(c, files, 8, 0, report, NULL, &stats) != 0)
		die("import", data_dir);
	for (i = 0; i < 8; i++) {
		free((void *) files[i].name);
		free((void *) files[i].data);
	}
}

static Kinerja__ImportRequest *export(
    kinerja_client *c, const char *unit, int year)
{
	Kinerja__ExportRequest  req = KINERJA__EXPORT_REQUEST__INIT;
	Kinerja__ImportRequest *out;
	kinerja_status          st = KINERJA_STATUS_INIT;

	req.unit = (char *) unit;
	req.year = year;
	if (kinerja_export(c, &req, &out, &st) != 0)
		die("export", st.message);
	kinerja_status_clear(&st);
	return out;
}

/* The write requests of one unit-year, from its export. */
static void
seed_writes(const Kinerja__ImportRequest *x, int validate_only)
{
	Kinerja__UpsertUnitsRequest u = KINERJA__UPSERT_UNITS_REQUEST__INIT;
	Kinerja__UpsertIndicatorsRequest i =
	    KINERJA__UPSERT_INDICATORS_REQUEST__INIT;
	Kinerja__UpsertSasaranRequest s =
	    KINERJA__UPSERT_SASARAN_REQUEST__INIT;
	Kinerja__SubmitIndicatorDataRequest v =
	    KINERJA__SUBMIT_INDICATOR_DATA_REQUEST__INIT;
	Kinerja__SubmitBudgetRequest b  = KINERJA__SUBMIT_BUDGET_REQUEST__INIT;
	Kinerja__ImportRequest       im = *x;

	u.units          = x->units;
	u.n_units        = x->n_units;
	u.validate_only  = validate_only;
	i.indicators     = x->indicators;
	i.n_indicators   = x->n_indicators;
	i.validate_only  = validate_only;
	s.links          = x->links;
	s.n_links        = x->n_links;
	s.validate_only  = validate_only;
	v.values         = x->values;
	v.n_values       = x->n_values;
	v.validate_only  = validate_only;
	v.partial        = !validate_only;
	b.lines          = x->budget;
	b.n_lines        = x->n_budget;
	b.belanja        = x->belanja;
	b.n_belanja      = x->n_belanja;
	b.validate_only  = validate_only;
	im.validate_only = validate_only;
	seed("UpsertUnits", &u);
	seed("UpsertIndicators", &i);
	if (x->n_links)
		seed("UpsertSasaran", &s);
	if (x->n_values)
		seed("SubmitIndicatorData", &v);
	if (x->n_budget || x->n_belanja)
		seed("SubmitBudget", &b);
	if (x->n_surveys)
		seed("SubmitSurvey", x->surveys[0]);
	if (x->n_akip)
		seed("SubmitAkipEvaluation", x->akip[0]);
	seed("Import", &im);
}

/* The reads of one unit-year. */
static void
seed_reads(const char *unit, int year)
{
	Kinerja__GetCapaianRequest  cap = KINERJA__GET_CAPAIAN_REQUEST__INIT;
	Kinerja__GetProgressRequest pro = KINERJA__GET_PROGRESS_REQUEST__INIT;
	Kinerja__GetBudgetRequest   bud = KINERJA__GET_BUDGET_REQUEST__INIT;
	Kinerja__GetEfficiencyRequest eff =
	    KINERJA__GET_EFFICIENCY_REQUEST__INIT;
	Kinerja__GetSurveyRequest sur = KINERJA__GET_SURVEY_REQUEST__INIT;
	Kinerja__GetAkipEvaluationRequest akip =
	    KINERJA__GET_AKIP_EVALUATION_REQUEST__INIT;
	Kinerja__GetTrendRequest   tr  = KINERJA__GET_TREND_REQUEST__INIT;
	Kinerja__GetHistoryRequest his = KINERJA__GET_HISTORY_REQUEST__INIT;

	his.unit      = (char *) unit;
	his.indicator = "IKM";
	his.year      = year;
	his.limit     = 10;
	cap.unit = pro.unit = bud.unit = eff.unit = sur.unit = akip.unit =
	    tr.unit                                          = (char *) unit;
	cap.year = pro.year = bud.year = eff.year = sur.year = akip.year =
	    year;
	cap.predikat_rule = KINERJA__PREDIKAT_RULE__PREDIKAT_RULE_MID;
	tr.indicator      = "IKM";
	tr.from_year      = year - 2;
	seed("GetCapaian", &cap);
	seed("GetProgress", &pro);
	seed("GetBudget", &bud);
	seed("GetEfficiency", &eff);
	seed("GetSurvey", &sur);
	seed("GetAkipEvaluation", &akip);
	seed("GetTrend", &tr);
	seed("GetHistory", &his);
}

/* Methods that take no unit-year. */
static void
seed_others(void)
{
	Kinerja__HealthRequest         h  = KINERJA__HEALTH_REQUEST__INIT;
	Kinerja__ServerInfoRequest     si = KINERJA__SERVER_INFO_REQUEST__INIT;
	Kinerja__GetMetricsRequest     m  = KINERJA__GET_METRICS_REQUEST__INIT;
	Kinerja__ListUnitsRequest      lu = KINERJA__LIST_UNITS_REQUEST__INIT;
	Kinerja__ListIndicatorsRequest li =
	    KINERJA__LIST_INDICATORS_REQUEST__INIT;
	Kinerja__ExportRequest     ex = KINERJA__EXPORT_REQUEST__INIT;
	Kinerja__GetRankingRequest r1 = KINERJA__GET_RANKING_REQUEST__INIT;
	Kinerja__GetRankingRequest r2 = KINERJA__GET_RANKING_REQUEST__INIT;
	Kinerja__ValidateRequest   va = KINERJA__VALIDATE_REQUEST__INIT;
	Kinerja__TableRow          rows[2], *rowp[2] = { &rows[0], &rows[1] };
	char                      *peers[] = { "sei-balai", "medang-deras" };

	seed("Health", &h);
	seed("ServerInfo", &si);
	seed("GetMetrics", &m);
	lu.parent = "batubara";
	seed("ListUnits", &lu);
	seed("ListIndicators", &li);
	ex.unit = "sei-balai";
	seed("Export", &ex);
	r1.year      = 2025;
	r1.measure   = KINERJA__RANK_MEASURE__RANK_MEASURE_CAPAIAN;
	r1.indicator = "IKM";
	r1.region    = "batubara";
	seed("GetRanking", &r1);
	r2.year    = 2024;
	r2.measure = KINERJA__RANK_MEASURE__RANK_MEASURE_OVERALL;
	r2.units   = peers;
	r2.n_units = 2;
	seed("GetRanking", &r2);
	kinerja__table_row__init(&rows[0]);
	kinerja__table_row__init(&rows[1]);
	rows[0].ref               = "1";
	rows[0].label             = "IKM";
	rows[0].opt_a_case        = KINERJA__TABLE_ROW__OPT_A_A;
	rows[0].a                 = 80;
	rows[0].opt_b_case        = KINERJA__TABLE_ROW__OPT_B_B;
	rows[0].b                 = 78.2;
	rows[0].opt_reported_case = KINERJA__TABLE_ROW__OPT_REPORTED_REPORTED;
	rows[0].reported          = 97.75;
	rows[1]                   = rows[0];
	rows[1].ref               = "2";
	rows[1].reported          = 99;
	va.kind                   = KINERJA__TABLE_KIND__TABLE_CAPAIAN;
	va.rows                   = rowp;
	va.n_rows                 = 2;
	seed("Validate", &va);
}

/* The SAKIP year (issue #14): a triwulan, the Renstra, a region's
 * roll-up, comparisons, benchmarks, approval and completeness. */
static void
seed_year(void)
{
	Kinerja__GetCapaianRequest tw  = KINERJA__GET_CAPAIAN_REQUEST__INIT;
	Kinerja__GetCapaianRequest ren = KINERJA__GET_CAPAIAN_REQUEST__INIT;
	Kinerja__GetCapaianRequest reg = KINERJA__GET_CAPAIAN_REQUEST__INIT;
	Kinerja__GetComparisonRequest cmp =
	    KINERJA__GET_COMPARISON_REQUEST__INIT;
	Kinerja__GetAkipYearsRequest ay = KINERJA__GET_AKIP_YEARS_REQUEST__INIT;
	Kinerja__Benchmark           b  = KINERJA__BENCHMARK__INIT, *bp = &b;
	Kinerja__SubmitBenchmarksRequest sb =
	    KINERJA__SUBMIT_BENCHMARKS_REQUEST__INIT;
	Kinerja__TransitionYearRequest tr =
	    KINERJA__TRANSITION_YEAR_REQUEST__INIT;
	Kinerja__GetApprovalRequest ga = KINERJA__GET_APPROVAL_REQUEST__INIT;
	Kinerja__GetCompletenessRequest gc =
	    KINERJA__GET_COMPLETENESS_REQUEST__INIT;
	char *peers[] = { "sei-balai", "lima-puluh-pesisir", "tanjung-tiram" };

	tw.unit     = "tanjung-tiram";
	tw.year     = 2025;
	tw.triwulan = 3;
	seed("GetCapaian", &tw);
	ren.unit    = "lima-puluh-pesisir";
	ren.year    = 2023;
	ren.against = KINERJA__AGAINST__AGAINST_RENSTRA;
	seed("GetCapaian", &ren);
	reg.unit = "batubara";
	reg.year = 2025;
	seed("GetCapaian", &reg);
	cmp.indicator = "IKM";
	cmp.units     = peers;
	cmp.n_units   = 3;
	cmp.from_year = 2021;
	cmp.to_year   = 2025;
	seed("GetComparison", &cmp);
	ay.unit      = "medang-deras";
	ay.from_year = 2020;
	ay.to_year   = 2025;
	seed("GetAkipYears", &ay);
	b.indicator    = "IKM";
	b.year         = 2025;
	b.value        = 88.31;
	b.source       = "standar nasional";
	sb.benchmarks  = &bp;
	sb.n_benchmarks = 1;
	seed("SubmitBenchmarks", &sb);
	tr.unit   = "tanjung-tiram";
	tr.year   = 2025;
	tr.action = KINERJA__APPROVAL_ACTION__APPROVAL_ACTION_SUBMIT;
	seed("TransitionYear", &tr);
	ga.unit = "sei-balai";
	ga.year = 2024;
	seed("GetApproval", &ga);
	gc.region   = "batubara";
	gc.year     = 2025;
	gc.triwulan = 3;
	seed("GetCompleteness", &gc);
}

int
main(int argc, char **argv)
{
	static const struct {
		const char *unit;
		int         year;
	} picks[] = { { "tanjung-tiram", 2025 }, { "sei-balai", 2024 },
		{ "lima-puluh-pesisir", 2023 } };
	struct kserver_config   cfg = { NULL, 1, 16u << 20, 100000, 30000,
		  64u << 20, KLOG_NONE };
	struct kserver         *srv;
	kinerja_client         *c;
	kinerja_status          st = KINERJA_STATUS_INIT;
	Kinerja__ImportRequest *all;
	char     db[] = "/tmp/kinerja-seedgen-XXXXXX", path[512];
	char     err[256];
	uint8_t *buf;
	size_t   i, len;
	int      fd;

	if (argc != 3)
		die("usage", "seedgen DATA_DIR FUZZ_DIR");
	fuzz_dir = argv[2];
	if ((fd = mkstemp(db)) < 0)
		die("mkstemp", db);
	close(fd);
	cfg.db_path = db;
	cfg.service = &khandlers_service;
	if (kserver_start(&srv, &cfg, err, sizeof(err)) != 0 ||
	    kserver_listen(srv, "inproc://seedgen", err, sizeof(err)) != 0)
		die("server", err);
	if (kinerja_open(&c, "inproc://seedgen", &st) != 0)
		die("client", st.message);
	import_data(c, argv[1]);
	all = export(c, "", 0);
	buf = pack(&all->base, &len);
	snprintf(path, sizeof(path), "%s/baseline.bin", fuzz_dir);
	write_file(path, buf, len);
	free(buf);
	kinerja__import_request__free_unpacked(all, NULL);
	for (i = 0; i < sizeof(picks) / sizeof(*picks); i++) {
		Kinerja__ImportRequest *x =
		    export(c, picks[i].unit, picks[i].year);

		seed_writes(x, i == 1);
		seed_reads(picks[i].unit, picks[i].year);
		kinerja__import_request__free_unpacked(x, NULL);
	}
	seed_others();
	seed_year();
	kinerja_close(c);
	kinerja_status_clear(&st);
	kserver_stop(srv);
	unlink(db);
	snprintf(path, sizeof(path), "%s-wal", db);
	unlink(path);
	snprintf(path, sizeof(path), "%s-shm", db);
	unlink(path);
	printf("seedgen: %u seeds per harness\n", nseeds);
	return 0;
}
