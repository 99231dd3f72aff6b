/*
 * test_rpc_chart.c - GetChart (handlers/h_chart.c) through a kinerjad
 * server on an ipc:// socket: each kind's SVG carries the figures the read
 * RPC answers, named in Indonesian; the errors name the field with the
 * inner method's code. And khandlers_invoke, the way a chart reads,
 * called in-process on the same database.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <math.h>

#include "handlers.h"
#include "rpc_helpers.h"
#include "store.h"

#define TREND   KINERJA__CHART_KIND__CHART_KIND_TREND
#define RANKING KINERJA__CHART_KIND__CHART_KIND_RANKING
#define BUDGET  KINERJA__CHART_KIND__CHART_KIND_BUDGET

#define NOT_FOUND KINERJA__CODE__NOT_FOUND
#define INVALID   KINERJA__CODE__INVALID_ARGUMENT

/* ------------------------------------------------------------ the data */

static void
name_units(struct fixture *f)
{
	Kinerja__Unit u[] = {
		unit("batubara", "sumut", KINERJA__LEVEL__LEVEL_KABUPATEN),
		unit("tiram", "batubara", KINERJA__LEVEL__LEVEL_KECAMATAN),
		unit("balai", "batubara", KINERJA__LEVEL__LEVEL_KECAMATAN),
		unit("suka", "batubara", KINERJA__LEVEL__LEVEL_KECAMATAN),
		unit("deras", "batubara", KINERJA__LEVEL__LEVEL_KECAMATAN),
	};
	const char *names[] = { "Kabupaten Batu Bara",
		"Kecamatan Tanjung Tiram", "Kecamatan Sei Balai",
		"Kecamatan Sei Suka", "Kecamatan Medang Deras" };
	size_t      i;

	for (i = 0; i < 5; i++)
		u[i].name = (char *) names[i];
	assert_int_equal(upsert_units(f, u, 5, NULL), 0);
}

/* IKM named, and linked to balai and suka as to tiram (deras has none). */
static void
name_ikm(struct fixture *f)
{
	Kinerja__Indicator               ind = KINERJA__INDICATOR__INIT;
	Kinerja__Indicator              *ip  = &ind;
	Kinerja__UpsertIndicatorsRequest ir =
	    KINERJA__UPSERT_INDICATORS_REQUEST__INIT;
	Kinerja__SasaranLink          l[2]  = { KINERJA__SASARAN_LINK__INIT,
		          KINERJA__SASARAN_LINK__INIT };
	Kinerja__SasaranLink         *lp[2] = { &l[0], &l[1] };
	Kinerja__UpsertSasaranRequest sr =
	    KINERJA__UPSERT_SASARAN_REQUEST__INIT;
	Kinerja__WriteReply *w;

	ind.code        = "IKM";
	ind.name        = "Indeks Kepuasan Masyarakat";
	ind.satuan      = "Nilai";
	ir.indicators   = &ip;
	ir.n_indicators = 1;
	assert_int_equal(fx_upsert_indicators(f, &ir, &w), 0);
	kinerja__write_reply__free_unpacked(w, NULL);
	l[0].unit = "balai", l[1].unit = "suka";
	l[0].sasaran = l[1].sasaran = "Kepuasan";
	l[0].indicator = l[1].indicator = "IKM";
	sr.links                        = lp;
	sr.n_links                      = 2;
	assert_int_equal(fx_upsert_sasaran(f, &sr, &w), 0);
	kinerja__write_reply__free_unpacked(w, NULL);
}

/* Tiram's IKM 2021-2025 (2023 without realisasi), balai's and suka's
 * 2025 (suka without target), and tiram's budget 2025. */
static void
demo(struct fixture *f)
{
	Kinerja__IndicatorValue v[] = {
		uvalue("tiram", "IKM", 2021, TARGET, 80),
		uvalue("tiram", "IKM", 2021, REALISASI, 79.8),
		uvalue("tiram", "IKM", 2022, TARGET, 82),
		uvalue("tiram", "IKM", 2022, REALISASI, 85.1),
		uvalue("tiram", "IKM", 2023, TARGET, 84),
		uvalue("tiram", "IKM", 2024, TARGET, 85),
		uvalue("tiram", "IKM", 2024, REALISASI, 82.36),
		uvalue("tiram", "IKM", 2025, TARGET, 85),
		uvalue("tiram", "IKM", 2025, REALISASI, 90.07),
		uvalue("balai", "IKM", 2025, TARGET, 80),
		uvalue("balai", "IKM", 2025, REALISASI, 90),
		uvalue("suka", "IKM", 2025, REALISASI, 88),
	};
	Kinerja__BudgetLine b[] = {
		line("7.01.01", "", RP(1000000000), RP(905600000)),
		line("7.01.02", "", RP(20000000), RP(19994000)),
		line("7.01.03", "", RP(5000000), -1),
	};

	peers(f);
	name_units(f);
	name_ikm(f);
	assert_int_equal(submit(f, v, sizeof(v) / sizeof(v[0]), 0, NULL), 0);
	b[0].name = "Program Penunjang Urusan Pemerintahan Daerah";
	b[1].name = "Program Penyelenggaraan Pemerintahan";
	b[2].name = "Program Pemberdayaan Masyarakat Desa";
	assert_int_equal(submit_budget(f, b, 3, NULL), 0);
}

/* ------------------------------------------------------------ the calls */

static Kinerja__GetChartReply *
chart(struct fixture *f, Kinerja__ChartKind kind, const char *unit,
    const char *ind, int year, int years, int expect)
{
	Kinerja__GetChartRequest req = KINERJA__GET_CHART_REQUEST__INIT;
	Kinerja__GetChartReply  *r   = NULL;

	req.kind      = kind;
	req.unit      = (char *) unit;
	req.indicator = (char *) ind;
	req.year      = year;
	req.years     = years;
	assert_int_equal(fx_call(f, "GetChart", &req.base,
	                     &kinerja__get_chart_reply__descriptor,
	                     (ProtobufCMessage **) &r, NULL),
	    expect);
	return r;
}

static void
has(const char *svg, const char *text)
{
	if (strstr(svg, text) == NULL)
		fail_msg("the SVG lacks \"%s\":\n%s", text, svg);
}

static void
lacks(const char *svg, const char *text)
{
	if (strstr(svg, text) != NULL)
		fail_msg("the SVG has \"%s\":\n%s", text, svg);
}

/* One standalone <svg> element; test_chart.sh parses it as XML. */
static void
standalone(const char *svg)
{
	size_t n = strlen(svg);

	assert_true(strncmp(svg, "<svg xmlns=\"http://www.w3.org/2000/svg\"",
	                39) == 0);
	assert_true(n > 7 && strcmp(svg + n - 7, "</svg>\n") == 0);
	assert_null(strstr(svg + 1, "<svg"));
}

/* The call failed with code, its message starting with prefix. */
static void
failed(struct fixture *f, Kinerja__Code code, const char *prefix)
{
	assert_int_equal(f->st.code, code);
	if (strncmp(f->st.message, prefix, strlen(prefix)) != 0)
		fail_msg("message \"%s\" does not start \"%s\"", f->st.message,
		    prefix);
}

/* -------------------------------------------------------------- TREND */

static void
test_trend_draws_the_years_back_from_the_last(void **state)
{
	struct fixture         *f = *state;
	Kinerja__GetChartReply *r;

	demo(f);
	r = chart(f, TREND, "tiram", "IKM", 0, 0, 0);
	standalone(r->svg);
	assert_string_equal(r->title,
	    "Tren Indeks Kepuasan Masyarakat, "
	    "Kecamatan Tanjung Tiram, 2021\xE2\x80\x93"
	    "2025");
	has(r->svg, ">Kecamatan Tanjung Tiram, 2021\xE2\x80\x93"
	            "2025</text>");
	has(r->svg, ">79,80</text>");
	has(r->svg, ">85,10</text>");
	has(r->svg, ">82,36</text>");
	has(r->svg, ">90,07</text>");
	has(r->svg, ">Tahun</text>");
	has(r->svg, ">Nilai</text>");
	has(r->svg, ">Realisasi</text>");
	has(r->svg, ">Target</text>");
	has(r->svg, ">2023</text>"); /* the year without realisasi */
	lacks(r->svg, ">tiram");
	kinerja__get_chart_reply__free_unpacked(r, NULL);

	/* Three years back from 2025: 2021 and 2022 are not drawn. */
	r = chart(f, TREND, "tiram", "IKM", 2025, 3, 0);
	has(r->svg, "2023\xE2\x80\x93"
	            "2025</text>");
	lacks(r->svg, ">79,80<");
	lacks(r->svg, ">85,10<");
	lacks(r->svg, ">2022<");
	has(r->svg, ">90,07</text>");
	kinerja__get_chart_reply__free_unpacked(r, NULL);

	/* Years with no figures: the axes and a sentence, in Indonesian. */
	r = chart(f, TREND, "tiram", "IKM", 2035, 0, 0);
	standalone(r->svg);
	has(r->svg, "2031\xE2\x80\x93"
	            "2035");
	has(r->svg, ">Tidak ada data</text>");
	kinerja__get_chart_reply__free_unpacked(r, NULL);
}

/* The line breaks at a year without realisasi: two pieces, no jump
 * from 2022 straight to 2024. */
static void
test_trend_breaks_at_a_missing_year(void **state)
{
	struct fixture         *f = *state;
	Kinerja__GetChartReply *r;
	const char             *p;
	int                     moves = 0;

	demo(f);
	r = chart(f, TREND, "tiram", "IKM", 2025, 5, 0);
	p = strstr(r->svg, "<path d=\"");
	assert_non_null(p);
	/* The target line (drawn first) has every year; the realisasi's
	 * path is the second one. */
	p = strstr(p + 1, "<path d=\"");
	assert_non_null(p);
	for (; *p && *p != '>'; p++)
		moves += *p == 'M';
	assert_int_equal(moves, 2);
	kinerja__get_chart_reply__free_unpacked(r, NULL);
}

/* ------------------------------------------------------------ RANKING */

static void
test_ranking_of_a_region_by_capaian(void **state)
{
	struct fixture         *f = *state;
	Kinerja__GetChartReply *r;
	const char             *balai, *tiram, *suka;

	demo(f);
	r = chart(f, RANKING, "batubara", "IKM", 2025, 0, 0);
	standalone(r->svg);
	assert_string_equal(r->title, "Peringkat capaian Indeks Kepuasan "
	                              "Masyarakat 2025, Kabupaten Batu Bara");
	has(r->svg, ">Kabupaten Batu Bara</text>");
	has(r->svg, ">Capaian (%)</text>");
	/* 90 of 80 is 112,50; 90,07 of 85 is 105,96; best first. */
	balai = strstr(r->svg, ">Kecamatan Sei Balai<");
	tiram = strstr(r->svg, ">Kecamatan Tanjung Tiram<");
	suka  = strstr(r->svg, ">Kecamatan Sei Suka<");
	assert_non_null(balai);
	assert_non_null(tiram);
	assert_non_null(suka);
	assert_true(balai < tiram && tiram < suka);
	has(balai, ">112,50</text>");
	has(tiram, ">105,96</text>");
	has(r->svg, ">#1</text>");
	has(r->svg, ">#2</text>");
	lacks(r->svg, ">#3<");
	has(r->svg, ">Kecamatan Medang Deras<");
	lacks(r->svg, "other"); /* under asahan */
	lacks(r->svg, ">balai<");
	kinerja__get_chart_reply__free_unpacked(r, NULL);

	/* No region: every reporting unit, asahan's too. */
	r = chart(f, RANKING, "", "IKM", 2025, 0, 0);
	has(r->svg, ">Semua unit</text>");
	has(r->svg, ">other<");
	kinerja__get_chart_reply__free_unpacked(r, NULL);
}

/* ------------------------------------------------------------- BUDGET */

static void
test_budget_serapan_per_program(void **state)
{
	struct fixture         *f = *state;
	Kinerja__GetChartReply *r;

	demo(f);
	r = chart(f, BUDGET, "tiram", "", 2025, 0, 0);
	standalone(r->svg);
	assert_string_equal(r->title, "Serapan anggaran per program "
	                              "Kecamatan Tanjung Tiram 2025");
	has(r->svg, ">Serapan (%)</text>");
	has(r->svg, ">90,56</text>");
	has(r->svg, ">99,97</text>");
	has(r->svg, "Rp 905,60 jt dari Rp 1,00 M");
	has(r->svg, "realisasi belum tercatat");
	/* A program without realisasi leaves GetBudget no total. */
	lacks(r->svg, "serapan total");
	kinerja__get_chart_reply__free_unpacked(r, NULL);

	/* A year without a budget: the sentence, not an empty frame. */
	r = chart(f, BUDGET, "tiram", "", 2024, 0, 0);
	has(r->svg, ">Tidak ada data</text>");
	kinerja__get_chart_reply__free_unpacked(r, NULL);
}

static void
test_budget_total_in_the_subtitle(void **state)
{
	struct fixture     *f   = *state;
	Kinerja__BudgetLine b[] = {
		line("7.01.01", "", RP(1000000000), RP(905600000)),
		line("7.01.02", "", RP(20000000), RP(19994000)),
	};
	Kinerja__GetChartReply *r;

	peers(f);
	name_units(f);
	assert_int_equal(submit_budget(f, b, 2, NULL), 0);
	r = chart(f, BUDGET, "tiram", "", 2025, 0, 0);
	/* 925.594.000 of 1.020.000.000 = 90,7445...% */
	has(r->svg, ">Kecamatan Tanjung Tiram, serapan total 90,74% "
	            "(Rp 925,59 jt dari Rp 1,02 M)</text>");
	kinerja__get_chart_reply__free_unpacked(r, NULL);
}

/* ------------------------------------------------------------- errors */

static void
test_errors_name_the_field(void **state)
{
	struct fixture *f = *state;

	demo(f);
	/* The inner method's NOT_FOUND, on this request's field. */
	assert_null(chart(f, TREND, "nope", "IKM", 0, 0, NOT_FOUND));
	failed(f, NOT_FOUND, "unit: ");
	assert_null(chart(f, TREND, "tiram", "NOPE", 0, 0, NOT_FOUND));
	failed(f, NOT_FOUND, "indicator: ");
	assert_null(chart(f, RANKING, "nope", "IKM", 2025, 0, NOT_FOUND));
	failed(f, NOT_FOUND, "unit: ");
	assert_null(chart(f, RANKING, "batubara", "NOPE", 2025, 0, NOT_FOUND));
	failed(f, NOT_FOUND, "indicator: ");
	assert_null(chart(f, BUDGET, "nope", "", 2025, 0, NOT_FOUND));
	failed(f, NOT_FOUND, "unit: ");
	/* The request's own checks. */
	assert_null(chart(f, TREND, "tiram", "IKM", 0, 21, INVALID));
	failed(f, INVALID, "years: 21 outside 1-20");
	assert_null(chart(f, TREND, "tiram", "IKM", 0, -1, INVALID));
	failed(f, INVALID, "years: -1 outside 1-20");
	assert_null(chart(f, TREND, "", "IKM", 0, 0, INVALID));
	failed(f, INVALID, "unit: required");
	assert_null(chart(f, TREND, "tiram", "", 0, 0, INVALID));
	failed(f, INVALID, "indicator: required");
	assert_null(chart(f, TREND, "tiram", "IKM", 1800, 0, INVALID));
	failed(f, INVALID, "year: 1800 outside");
	assert_null(chart(f, RANKING, "batubara", "IKM", 0, 0, INVALID));
	failed(f, INVALID, "year: 0 outside");
	assert_null(chart(f, RANKING, "batubara", "IKM", 2025, 3, INVALID));
	failed(f, INVALID, "years: only a TREND");
	assert_null(chart(f, BUDGET, "tiram", "IKM", 2025, 0, INVALID));
	failed(f, INVALID, "indicator: not used");
	assert_null(chart(f, BUDGET, "", "", 2025, 0, INVALID));
	failed(f, INVALID, "unit: required");
	assert_null(
	    chart(f, (Kinerja__ChartKind) 3, "tiram", "", 2025, 0, INVALID));
	failed(f, INVALID, "kind: 3 is not a ChartKind");
}

/* ---------------------------------------------------- khandlers_invoke */

/* A call as dispatch would start it, on a second connection to the
 * server's database. */
struct invoke {
	struct kstore *store;
	struct kcall   call;
};

static void
invoke_start(struct fixture *f, struct invoke *iv)
{
	struct krequest rq = { 0 };
	char            err[256];

	assert_int_equal(kstore_open(f->db, &iv->store, err, sizeof(err)), 0);
	rq.store      = iv->store;
	rq.method     = "GetChart";
	rq.request_id = "";
	rq.reason     = "";
	rq.who.name   = KAUTH_LOCAL;
	rq.who.role   = KROLE_ADMIN;
	kcall_start(&iv->call, &rq);
}

static void
invoke_end(struct invoke *iv)
{
	kcall_free(&iv->call);
	kstore_close(iv->store);
}

static void
test_invoke_answers_as_the_rpc(void **state)
{
	struct fixture          *f   = *state;
	Kinerja__GetTrendRequest req = KINERJA__GET_TREND_REQUEST__INIT;
	Kinerja__GetTrendReply  *in, *rpc;
	struct kinvoke_status    st;
	struct invoke            iv;
	size_t                   i;

	demo(f);
	invoke_start(f, &iv);
	req.unit      = "tiram";
	req.indicator = "IKM";
	in            = khandlers_invoke(&iv.call, "GetTrend", &req, &st);
	assert_non_null(in);
	assert_int_equal(st.code, KINERJA__CODE__OK);
	assert_int_equal(fx_get_trend(f, &req, &rpc), 0);
	assert_int_equal(in->n_points, 5);
	assert_int_equal(in->n_points, rpc->n_points);
	for (i = 0; i < in->n_points; i++) {
		assert_int_equal(in->points[i]->year, rpc->points[i]->year);
		assert_int_equal(in->points[i]->opt_realisasi_case,
		    rpc->points[i]->opt_realisasi_case);
		assert_true(
		    in->points[i]->realisasi == rpc->points[i]->realisasi);
	}
	assert_string_equal(in->unit->name, "Kecamatan Tanjung Tiram");
	kinerja__get_trend_reply__free_unpacked(rpc, NULL);
	/* The reply lives in the call's arena: freed with it. */
	assert_int_equal(iv.call.code, KINERJA__CODE__OK);
	invoke_end(&iv);
}

static void
test_invoke_passes_the_inner_error(void **state)
{
	struct fixture          *f   = *state;
	Kinerja__GetTrendRequest req = KINERJA__GET_TREND_REQUEST__INIT;
	struct kinvoke_status    st;
	struct invoke            iv;

	demo(f);
	invoke_start(f, &iv);
	req.unit      = "tiram";
	req.indicator = "NOPE";
	assert_null(khandlers_invoke(&iv.call, "GetTrend", &req, &st));
	assert_int_equal(st.code, KINERJA__CODE__NOT_FOUND);
	assert_string_equal(st.message, "indicator: \"NOPE\" not found");
	req.indicator = "IKM";
	req.from_year = 2025;
	req.to_year   = 2024;
	assert_null(khandlers_invoke(&iv.call, "GetTrend", &req, &st));
	assert_int_equal(st.code, KINERJA__CODE__INVALID_ARGUMENT);
	assert_string_equal(
	    st.message, "from_year: 2025 is after to_year 2024");
	/* The caller's own status is untouched. */
	assert_int_equal(iv.call.code, KINERJA__CODE__OK);
	assert_string_equal(iv.call.message, "");
	invoke_end(&iv);
}

static void
test_invoke_refuses_a_write(void **state)
{
	struct fixture         *f = *state;
	Kinerja__IndicatorValue v =
	    uvalue("tiram", "IKM", 2025, REALISASI, 50);
	Kinerja__IndicatorValue            *vp = &v;
	Kinerja__SubmitIndicatorDataRequest req =
	    KINERJA__SUBMIT_INDICATOR_DATA_REQUEST__INIT;
	Kinerja__GetTrendReply *t;
	struct kinvoke_status   st;
	struct invoke           iv;

	demo(f);
	invoke_start(f, &iv);
	req.values   = &vp;
	req.n_values = 1;
	assert_null(
	    khandlers_invoke(&iv.call, "SubmitIndicatorData", &req, &st));
	assert_int_equal(st.code, KINERJA__CODE__INTERNAL);
	assert_string_equal(
	    st.message, "SubmitIndicatorData is not a read method");
	assert_null(khandlers_invoke(&iv.call, "UpsertUnits", &req, &st));
	assert_int_equal(st.code, KINERJA__CODE__INTERNAL);
	assert_null(khandlers_invoke(&iv.call, "NoSuchMethod", &req, &st));
	assert_int_equal(st.code, KINERJA__CODE__INTERNAL);
	assert_int_equal(iv.call.code, KINERJA__CODE__OK);
	invoke_end(&iv);
	/* Nothing was written: 2025's realisasi is still 90,07. */
	t = trend(f, "IKM", 2025, 2025, 0);
	assert_int_equal(t->n_points, 1);
	assert_e2(t->points[0]->realisasi, 9007);
	kinerja__get_trend_reply__free_unpacked(t, NULL);
}

/* A call whose arena reaches 16 MB tells the server so (kanswer.large),
 * which then gives malloc's free pages back once nothing is in service;
 * a smaller one does not. */
static void
test_a_call_of_16_mb_is_large(void **state)
{
	struct fixture *f  = *state;
	struct invoke   iv = { 0 };
	struct kanswer  a;

	invoke_start(f, &iv);
	kcall_alloc(&iv.call, 15u << 20);
	kcall_done(NULL, &iv.call);
	kcall_answer(&iv.call, &a);
	assert_int_equal(a.large, 0);
	kcall_alloc(&iv.call, 1u << 20);
	kcall_answer(&iv.call, &a);
	assert_int_equal(a.large, 1);
	invoke_end(&iv);
}

/* Scratch memory ended before the answer still counts: a ranking's 12 MB
 * of arrays are gone before its reply is packed, and the server is to
 * give back malloc's free pages after it all the same. */
static void
test_scratch_counts_in_a_large_call(void **state)
{
	struct fixture *f  = *state;
	struct invoke   iv = { 0 };
	struct kanswer  a;

	invoke_start(f, &iv);
	kcall_alloc(&iv.call, 8u << 20);
	kcall_scratch(&iv.call, 4u << 20);
	kcall_scratch_end(&iv.call);
	kcall_scratch(&iv.call, 7u << 20); /* the most at once: 7 MB */
	kcall_scratch_end(&iv.call);
	kcall_done(NULL, &iv.call);
	kcall_answer(&iv.call, &a);
	assert_int_equal(a.large, 0);
	/* 9 MB at once, ended before the answer, as GetRanking ends it. */
	kcall_scratch(&iv.call, 8u << 20);
	kcall_scratch(&iv.call, 1u << 20);
	kcall_scratch_end(&iv.call);
	kcall_answer(&iv.call, &a);
	assert_int_equal(a.large, 1);
	invoke_end(&iv);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
		    test_trend_draws_the_years_back_from_the_last,
		    fx_setup_socket, fx_teardown),
		cmocka_unit_test_setup_teardown(
		    test_trend_breaks_at_a_missing_year, fx_setup_socket,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(
		    test_ranking_of_a_region_by_capaian, fx_setup_socket,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(
		    test_budget_serapan_per_program, fx_setup_socket,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(
		    test_budget_total_in_the_subtitle, fx_setup_socket,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(
		    test_errors_name_the_field, fx_setup_socket, fx_teardown),
		cmocka_unit_test_setup_teardown(test_invoke_answers_as_the_rpc,
		    fx_setup_socket, fx_teardown),
		cmocka_unit_test_setup_teardown(
		    test_invoke_passes_the_inner_error, fx_setup_socket,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(
		    test_invoke_refuses_a_write, fx_setup_socket, fx_teardown),
		cmocka_unit_test_setup_teardown(
		    test_a_call_of_16_mb_is_large, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(
		    test_scratch_counts_in_a_large_call, fx_setup, fx_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
