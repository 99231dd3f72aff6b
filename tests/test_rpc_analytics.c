/*
 * test_rpc_analytics.c - GetRanking, GetTrend and GetProgress
 * (handlers/h_analytics.c).
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
#include <sqlite3.h>

#include "kcore.h"
#include "rpc_helpers.h"
#include "test_db.h"

/* The service packs a ranking's reply row by row (h_analytics.c): the
 * bytes must be those protobuf-c packs for the message they hold (its
 * canonical form; test_ranking_rows_every_field checks each field). */
static void
assert_packed_as_protobuf_c(
    const struct fixture *f, const Kinerja__GetRankingReply *r)
{
	const Kinerja__ResponseEnvelope *env = f->st.priv;
	size_t   n   = kinerja__get_ranking_reply__get_packed_size(r);
	uint8_t *buf = malloc(n ? n : 1);

	assert_non_null(buf);
	kinerja__get_ranking_reply__pack(r, buf);
	assert_int_equal(env->payload.len, n);
	assert_memory_equal(env->payload.data, buf, n);
	free(buf);
}

static Kinerja__GetRankingReply *
ranking(struct fixture *f, Kinerja__GetRankingRequest *req, int expect)
{
	Kinerja__GetRankingReply *r = NULL;

	assert_int_equal(fx_get_ranking(f, req, &r), expect);
	if (r != NULL && f->mode == FX_DISPATCH)
		assert_packed_as_protobuf_c(f, r);
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
	    r->rows[3]->na_reason, "tidak ada realisasi tahun ini");
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

/* A ranking whose two years are read on two connections at once (on a
 * SQLite file; store_side.c, from 20 000 units in the service) ranks as
 * one read: by realisasi and by capaian (four reads, two a connection),
 * with last year's ranks. */
static void
test_ranking_read_on_two_connections(void **state)
{
	struct fixture          *f       = *state;
	static const char *const u[]     = { "tiram", "balai", "suka" };
	static const double      r[2][3] = { { 80, 85, 70 }, { 91, 86, 95 } };
	Kinerja__IndicatorValue  v[12];
	Kinerja__GetRankingRequest req = KINERJA__GET_RANKING_REQUEST__INIT;
	Kinerja__GetRankingReply  *rep;
	int                        y, i, n = 0, by;

	peers(f);
	for (y = 0; y < 2; y++)
		for (i = 0; i < 3; i++) {
			v[n++] =
			    uvalue(u[i], "IKM", 2024 + y, REALISASI, r[y][i]);
			v[n++] = uvalue(u[i], "IKM", 2024 + y, TARGET, 100);
		}
	assert_int_equal(submit(f, v, (size_t) n, 0, NULL), 0);
	fx_side_units(f, 1);
	req.year      = 2025;
	req.indicator = "IKM";
	for (by = 0; by < 2; by++) {
		req.measure =
		    by ? KINERJA__RANK_MEASURE__RANK_MEASURE_CAPAIAN
		       : KINERJA__RANK_MEASURE__RANK_MEASURE_REALISASI;
		rep = ranking(f, &req, 0);
		assert_int_equal(row_of(rep, "suka")->rank, 1);
		assert_int_equal(row_of(rep, "suka")->previous_rank, 3);
		assert_int_equal(row_of(rep, "tiram")->rank, 2);
		assert_int_equal(row_of(rep, "tiram")->previous_rank, 2);
		assert_int_equal(row_of(rep, "balai")->rank, 3);
		assert_int_equal(row_of(rep, "balai")->previous_rank, 1);
		assert_int_equal(row_of(rep, "deras")->rank, 0);
		assert_true(row_of(rep, "suka")->value == 95);
		kinerja__get_ranking_reply__free_unpacked(rep, NULL);
	}
}

/* A ranking of 20 001 units is packed in two halves at once (the second
 * on a thread of its own): the bytes are still protobuf-c's, row for row,
 * with rows of unequal lengths on both sides of the split. */
static void
test_ranking_packed_in_halves(void **state)
{
	enum { N = 20000 };
	struct fixture             *f    = *state;
	Kinerja__UpsertUnitsRequest ureq = KINERJA__UPSERT_UNITS_REQUEST__INIT;
	Kinerja__GetRankingRequest  req  = KINERJA__GET_RANKING_REQUEST__INIT;
	Kinerja__Unit              *u    = calloc(N, sizeof(*u));
	Kinerja__Unit             **up   = calloc(N, sizeof(*up));
	Kinerja__IndicatorValue    *v    = calloc(N / 3 + 1, sizeof(*v));
	Kinerja__GetRankingReply   *r;
	Kinerja__WriteReply        *w;
	char(*code)[24] = calloc(N, sizeof(*code));
	size_t i, nv = 0;

	assert_true(u && up && v && code);
	world(f);
	for (i = 0; i < N; i++) {
		snprintf(code[i], sizeof(code[i]), "d%05zu%.*s", i,
		    (int) (i % 7), "-desa-x");
		u[i] =
		    unit(code[i], "batubara", KINERJA__LEVEL__LEVEL_KECAMATAN);
		up[i] = &u[i];
		if (i % 3 == 0)
			v[nv++] = uvalue(code[i], "IKM", 2025, REALISASI,
			    25 + (double) (i / 3) / 100);
	}
	ureq.n_units = N;
	ureq.units   = up;
	assert_int_equal(fx_upsert_units(f, &ureq, &w), 0);
	kinerja__write_reply__free_unpacked(w, NULL);
	assert_int_equal(submit(f, v, nv, 0, NULL), 0);
	req.year      = 2025;
	req.indicator = "IKM";
	r             = ranking(f, &req, 0); /* the bytes, checked */
	assert_int_equal(r->n_rows, N + 1);
	assert_int_equal(row_of(r, "d19998-desa-")->rank, 1);
	assert_int_equal(row_of(r, "d00000")->rank, (int) nv);
	assert_string_equal(row_of(r, "d19999")->name, "d19999");
	kinerja__get_ranking_reply__free_unpacked(r, NULL);
	free(code);
	free(v);
	free(up);
	free(u);
}

/* Last year's figures are read first into the arrays this year's then
 * fill: a unit with a value last year and none this year is unranked
 * this year, whether by realisasi or by capaian. */
static void
test_ranking_of_a_unit_silent_this_year(void **state)
{
	struct fixture            *f   = *state;
	Kinerja__IndicatorValue    v[] = { uvalue(
		                               "tiram", "IKM", 2024, TARGET, 80),
		   uvalue("tiram", "IKM", 2024, REALISASI, 80),
		   uvalue("balai", "IKM", 2024, TARGET, 80),
		   uvalue("balai", "IKM", 2024, REALISASI, 85),
		   uvalue("balai", "IKM", 2025, TARGET, 90),
		   uvalue("balai", "IKM", 2025, REALISASI, 86) };
	Kinerja__GetRankingRequest req = KINERJA__GET_RANKING_REQUEST__INIT;
	Kinerja__GetRankingReply  *r;
	int                        m;

	peers(f);
	assert_int_equal(submit(f, v, 6, 0, NULL), 0);
	req.year      = 2025;
	req.indicator = "IKM";
	for (m = KINERJA__RANK_MEASURE__RANK_MEASURE_REALISASI;
	     m <= KINERJA__RANK_MEASURE__RANK_MEASURE_CAPAIAN; m++) {
		req.measure = (Kinerja__RankMeasure) m;
		r           = ranking(f, &req, 0);
		assert_int_equal(row_of(r, "balai")->rank, 1);
		assert_int_equal(row_of(r, "balai")->previous_rank, 1);
		assert_int_equal(row_of(r, "tiram")->rank, 0);
		assert_int_equal(row_of(r, "tiram")->opt_value_case,
		    KINERJA__RANKING_ROW__OPT_VALUE__NOT_SET);
		assert_string_not_equal(row_of(r, "tiram")->na_reason, "");
		assert_int_equal(row_of(r, "tiram")->previous_rank, 2);
		kinerja__get_ranking_reply__free_unpacked(r, NULL);
	}
}

/* A value of 0 is a value: ranked, its oneof set (and packed so). */
static void
test_ranking_of_a_zero_value(void **state)
{
	struct fixture            *f   = *state;
	Kinerja__IndicatorValue    v[] = { uvalue("balai", "ADUAN", 2025,
		                               REALISASI, 3),
		   uvalue("deras", "ADUAN", 2025, REALISASI, 0) };
	Kinerja__GetRankingRequest req = KINERJA__GET_RANKING_REQUEST__INIT;
	Kinerja__GetRankingReply  *r;

	peers(f);
	assert_int_equal(submit(f, v, 2, 0, NULL), 0);
	req.year      = 2025;
	req.indicator = "ADUAN"; /* fewer complaints rank higher */
	r             = ranking(f, &req, 0);
	assert_string_equal(r->rows[0]->unit, "deras");
	assert_int_equal(r->rows[0]->rank, 1);
	assert_int_equal(
	    r->rows[0]->opt_value_case, KINERJA__RANKING_ROW__OPT_VALUE_VALUE);
	assert_true(r->rows[0]->value == 0);
	assert_int_equal(row_of(r, "balai")->rank, 2);
	kinerja__get_ranking_reply__free_unpacked(r, NULL);
}

/* The rows' every field as the service packs them by hand: a limit over
 * no rows still sets total_rows (a oneof: 0 is sent), rank changes of
 * every sign, and the names. (A reviewer's test.) */
static void
test_ranking_rows_every_field(void **state)
{
	struct fixture         *f   = *state;
	Kinerja__IndicatorValue v[] = { uvalue("tiram", "IKM", 2024,
		                            REALISASI, 99),
		uvalue("balai", "IKM", 2024, REALISASI, 98),
		uvalue("suka", "IKM", 2024, REALISASI, 97),
		uvalue("deras", "IKM", 2024, REALISASI, 96),
		uvalue("tiram", "IKM", 2025, REALISASI, 50),
		uvalue("balai", "IKM", 2025, REALISASI, 98),
		uvalue("suka", "IKM", 2025, REALISASI, 97),
		uvalue("deras", "IKM", 2025, REALISASI, 99) };
	Kinerja__GetRankingRequest req = KINERJA__GET_RANKING_REQUEST__INIT;
	Kinerja__GetRankingReply  *r;
	const Kinerja__RankingRow *row;
	char                       name[200];
	Kinerja__Unit              long_named =
	    unit("panjang", "batubara", KINERJA__LEVEL__LEVEL_KECAMATAN);

	peers(f);
	/* A row longer than 127 bytes: its length takes a 2-byte varint. */
	memset(name, 'a', sizeof(name) - 1);
	name[sizeof(name) - 1] = 0;
	long_named.name        = name;
	assert_int_equal(upsert_units(f, &long_named, 1, NULL), 0);
	assert_int_equal(submit(f, v, 8, 0, NULL), 0);
	req.year      = 2025;
	req.indicator = "IKM";
	req.region    = "tiram"; /* a leaf: nothing under it */
	req.limit     = 5;
	r             = ranking(f, &req, 0);
	assert_int_equal(r->n_rows, 0);
	assert_int_equal(r->opt_total_rows_case,
	    KINERJA__GET_RANKING_REPLY__OPT_TOTAL_ROWS_TOTAL_ROWS);
	assert_int_equal(r->total_rows, 0);
	kinerja__get_ranking_reply__free_unpacked(r, NULL);
	req.region = "batubara";
	req.limit  = 0;
	r          = ranking(f, &req, 0);
	assert_int_equal(r->year, 2025);
	assert_string_equal(r->indicator->code, "IKM");
	row = row_of(r, "deras");
	assert_int_equal(row->rank, 1);
	assert_string_equal(row->name, "deras");
	assert_int_equal(row->opt_value_case,
	    KINERJA__RANKING_ROW__OPT_VALUE_VALUE);
	assert_true(row->value == 99);
	assert_int_equal(row->previous_rank, 4);
	assert_int_equal(row->rank_change, 3);
	assert_int_equal(row_of(r, "tiram")->rank, 4);
	assert_int_equal(row_of(r, "tiram")->rank_change, -3);
	assert_int_equal(row_of(r, "balai")->rank_change, 0);
	assert_int_equal(row_of(r, "balai")->previous_rank, 2);
	assert_string_equal(row_of(r, "panjang")->name, name);
	kinerja__get_ranking_reply__free_unpacked(r, NULL);
	req.limit = 10; /* every row again, packed in the limit's pass */
	r         = ranking(f, &req, 0);
	assert_string_equal(row_of(r, "panjang")->name, name);
	kinerja__get_ranking_reply__free_unpacked(r, NULL);
	req.limit     = 0;
	req.measure   = KINERJA__RANK_MEASURE__RANK_MEASURE_OVERALL;
	req.indicator = "";
	r             = ranking(f, &req, 0);
	assert_null(r->indicator);
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
	assert_int_equal(fx_get_trend(f, &req, &r), 0);
	assert_e2(r->end_target, 6000);
	assert_true(r->on_track); /* 63,00 in 2026 */
	kinerja__get_trend_reply__free_unpacked(r, NULL);
	req.predikat_rule = KINERJA__PREDIKAT_RULE__PREDIKAT_RULE_UPPER;
	assert_int_equal(fx_get_trend(f, &req, &r), 0);
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
	    r->on_track_reason, "realisasi kurang dari dua tahun");
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
	assert_int_equal(fx_get_progress(f, &req, &r), 0);
	assert_int_equal(r->n_rows, 3);
	assert_string_equal(r->rows[0]->indicator, "IKM");
	assert_e2(r->rows[0]->kemajuan, 9749); /* Medang Deras Tabel 3.7 */
	assert_int_equal(r->rows[0]->end_year, 2026);
	assert_string_equal(r->rows[1]->indicator, "ADUAN");
	assert_e2(r->rows[1]->kemajuan, 8000); /* (2 * 5 - 6) / 5 */
	assert_string_equal(r->rows[2]->na_reason, "tidak ada target akhir Renstra");
	kinerja__get_progress_reply__free_unpacked(r, NULL);
	req.unit = "nowhere";
	assert_int_equal(
	    fx_get_progress(f, &req, &r), KINERJA__CODE__NOT_FOUND);
}

/* Serapan, IKM and AKIP rankings use the very figures GetBudget,
 * GetSurvey and GetAkipEvaluation answer; units without the data come
 * last with the reason; each row carries the previous year's rank. */
static void
test_ranking_by_serapan_ikm_akip(void **state)
{
	struct fixture         *f      = *state;
	Kinerja__BudgetLine     b[]    = { line("P1", "", RP(4146690221),
		                               RP(3805860565)),
		       line("P2", "", RP(17182832), RP(17178500)),
		       line("P1", "", RP(200), RP(190)), line("P1", "", RP(100), -1),
		       line("P1", "", RP(100), RP(99)) };
	const int32_t           sa[]   = { 4, 4, 3, 4, 3, 3, 4, 3, 2 };
	const int32_t           sb[]   = { 3, 4, 3, 4, 4, 3, 4, 4, 3 };
	Kinerja__SurveyResponse resp[] = { response(sa, 9, "L"),
		response(sb, 9, "P") };
	double means[9] = { 3.5, 3.5, 3.5, 3.5, 3.5, 3.5, 3.5, 3.5, 3.5 };
	Kinerja__AkipComponent     c[] = { component("Perencanaan Kinerja", 30,
		                               24.39, -1),
		    component("Pengukuran Kinerja", 30, 20.96, -1),
		    component("Pelaporan Kinerja", 15, 11.40, -1),
		    component("Evaluasi Internal", 25, 15.87, -1) };
	Kinerja__AkipComponent     d[] = { component(
		                               "Perencanaan Kinerja", 30, 20, -1),
		    component("Pengukuran Kinerja", 30, 20, -1),
		    component("Pelaporan Kinerja", 15, 10, -1),
		    component("Evaluasi Internal", 25, 20, -1) };
	Kinerja__GetRankingRequest req = KINERJA__GET_RANKING_REQUEST__INIT;
	Kinerja__GetRankingReply  *r;
	Kinerja__GetBudgetReply   *g;
	Kinerja__GetSurveyRequest  sreq = KINERJA__GET_SURVEY_REQUEST__INIT;
	Kinerja__GetSurveyReply   *sv;

	peers(f);
	/* tiram 2025: 91,81 (docs/domain.md); balai 190/200 = 95,00; suka has a
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
	assert_int_equal(
	    r->measure, KINERJA__RANK_MEASURE__RANK_MEASURE_SERAPAN);
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
	    row_of(r, "deras")->na_reason, "tidak ada anggaran tahun ini");
	assert_int_equal(row_of(r, "suka")->rank, 0);
	assert_string_equal(row_of(r, "suka")->na_reason,
	    "pagu atau realisasi anggaran tidak lengkap");
	g = get_budget(f);
	assert_int_equal(llround(g->total->serapan * 100),
	    llround(row_of(r, "tiram")->value * 100));
	kinerja__get_budget_reply__free_unpacked(g, NULL);
	kinerja__get_ranking_reply__free_unpacked(r, NULL);

	/* IKM: balai's means 3,5 give 87,50 (B); tiram's responses 86,11. */
	assert_int_equal(
	    submit_survey_of(f, "tiram", 2025, resp, 2, NULL, 0), 0);
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
	assert_string_equal(
	    row_of(r, "deras")->na_reason, "tidak ada survei (SKM) tahun ini");
	sreq.unit = "tiram";
	sreq.year = 2025;
	assert_int_equal(fx_get_survey(f, &sreq, &sv), 0);
	assert_int_equal(
	    llround(sv->ikm * 100), llround(row_of(r, "tiram")->value * 100));
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
	assert_string_equal(
	    row_of(r, "suka")->na_reason, "tidak ada evaluasi AKIP tahun ini");
	kinerja__get_ranking_reply__free_unpacked(r, NULL);

	/* These measures take no indicator; measures stop at AKIP. */
	req.indicator = "IKM";
	assert_null(ranking(f, &req, KINERJA__CODE__INVALID_ARGUMENT));
	assert_non_null(strstr(f->st.message, "indicator:"));
	req.indicator = "";
	req.measure   = KINERJA__RANK_MEASURE__RANK_MEASURE_AKIP + 1;
	assert_null(ranking(f, &req, KINERJA__CODE__INVALID_ARGUMENT));
}

/* The peers' IKM realisasi of 2025 (tiram's as given, balai 88, suka 90,
 * other 99 under asahan), and a request ranking batubara by it. */
static void
batubara_ikm(
    struct fixture *f, double tiram, Kinerja__GetRankingRequest *req)
{
	Kinerja__IndicatorValue v[] = { uvalue("tiram", "IKM", 2025, REALISASI,
		                            tiram),
		uvalue("balai", "IKM", 2025, REALISASI, 88),
		uvalue("suka", "IKM", 2025, REALISASI, 90),
		uvalue("other", "IKM", 2025, REALISASI, 99) };

	peers(f);
	assert_int_equal(submit(f, v, 4, 0, NULL), 0);
	req->year      = 2025;
	req->indicator = "IKM";
	req->region    = "batubara";
}

/* A limit keeps the first rows and, below them, the caller's own units
 * (a submitter token's), in rank order; total_rows counts them all. */
static void
test_ranking_limit_keeps_the_callers_units(void **state)
{
	struct fixture            *f   = *state;
	Kinerja__GetRankingRequest req = KINERJA__GET_RANKING_REQUEST__INIT;
	Kinerja__GetRankingReply  *r;

	batubara_ikm(f, 70, &req);
	r = ranking(f, &req, 0);
	assert_int_equal(r->n_rows, 4);
	assert_int_equal(r->opt_total_rows_case, 0); /* no limit: unset */
	kinerja__get_ranking_reply__free_unpacked(r, NULL);
	req.limit = 1;
	r         = ranking(f, &req, 0); /* the admin's token: no units */
	assert_int_equal(r->n_rows, 1);
	assert_string_equal(r->rows[0]->unit, "suka");
	assert_int_equal(r->total_rows, 4);
	kinerja__get_ranking_reply__free_unpacked(r, NULL);
	fx_as(f, toks.tiram);
	r = ranking(f, &req, 0);
	assert_int_equal(r->n_rows, 2);
	assert_string_equal(r->rows[0]->unit, "suka");
	assert_string_equal(r->rows[1]->unit, "tiram");
	assert_int_equal(r->rows[1]->rank, 3);
	assert_int_equal(r->opt_total_rows_case,
	    KINERJA__GET_RANKING_REPLY__OPT_TOTAL_ROWS_TOTAL_ROWS);
	assert_int_equal(r->total_rows, 4);
	kinerja__get_ranking_reply__free_unpacked(r, NULL);
	req.limit = 3; /* tiram is within the first rows: shown once */
	r         = ranking(f, &req, 0);
	assert_int_equal(r->n_rows, 3);
	assert_string_equal(r->rows[2]->unit, "tiram");
	kinerja__get_ranking_reply__free_unpacked(r, NULL);
}

/* A name stored as malformed UTF-8 (written around kinerjad, which refuses
 * it) comes out repaired, computed and kept alike: GetRanking's reply is
 * not walked by dispatch, its strings are repaired as they are copied. */
static void
test_ranking_repairs_bad_text_from_the_store(void **state)
{
	struct fixture            *f   = *state;
	Kinerja__GetRankingRequest req = KINERJA__GET_RANKING_REQUEST__INIT;
	Kinerja__GetRankingReply  *r;
	sqlite3                   *db;
	const char                *name;
	int                        i;

	if (test_db_is_pg())
		skip(); /* PostgreSQL stores no malformed UTF-8 */
	batubara_ikm(f, 70, &req);
	assert_int_equal(sqlite3_open(f->db, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db,
	                     "UPDATE units SET name = CAST(X'4b6563ff' AS TEXT)"
	                     " WHERE code = 'tiram'",
	                     0, 0, 0),
	    SQLITE_OK);
	sqlite3_close(db);
	for (i = 0; i < 2; i++) { /* computed, then kept */
		r    = ranking(f, &req, 0);
		name = row_of(r, "tiram")->name;
		assert_string_equal(name, "Kec?");
		assert_int_equal(
		    kc_utf8_check(name, strlen(name)), KC_UTF8_OK);
		kinerja__get_ranking_reply__free_unpacked(r, NULL);
	}
}

/* ------------------------------------- rankings kept across calls (#19)
 * The service keeps a computed ranking for every worker, under the
 * database's write generation: after any committed write, whoever made
 * it, a ranking is computed again. */

/* The rank of unit in a ranking of req, and its row's previous rank. */
static uint32_t
rank_of(struct fixture *f, Kinerja__GetRankingRequest *req, const char *unit,
    uint32_t *previous)
{
	Kinerja__GetRankingReply *r = ranking(f, req, 0);
	uint32_t                  rank;

	rank = row_of(r, unit)->rank;
	if (previous != NULL)
		*previous = row_of(r, unit)->previous_rank;
	kinerja__get_ranking_reply__free_unpacked(r, NULL);
	return rank;
}

static void
set_ikm(struct fixture *f, const char *unit, int year, double v)
{
	Kinerja__IndicatorValue value =
	    uvalue(unit, "IKM", year, REALISASI, v);

	assert_int_equal(submit(f, &value, 1, 0, NULL), 0);
}

static void
test_ranking_kept_is_fresh_after_a_value_changes(void **state)
{
	struct fixture            *f   = *state;
	Kinerja__GetRankingRequest req = KINERJA__GET_RANKING_REQUEST__INIT;
	Kinerja__GetRankingReply  *r;

	batubara_ikm(f, 70, &req); /* suka 90, balai 88, tiram 70 */
	assert_int_equal(rank_of(f, &req, "tiram", NULL), 3);
	assert_int_equal(rank_of(f, &req, "tiram", NULL), 3); /* as kept */
	set_ikm(f, "tiram", 2025, 95);
	assert_int_equal(rank_of(f, &req, "tiram", NULL), 1);
	r = ranking(f, &req, 0);
	assert_true(row_of(r, "tiram")->value == 95);
	assert_int_equal(row_of(r, "suka")->rank, 2);
	kinerja__get_ranking_reply__free_unpacked(r, NULL);
	req.limit = 1; /* the same ranking, the first row only */
	r         = ranking(f, &req, 0);
	assert_int_equal(r->n_rows, 1);
	assert_string_equal(r->rows[0]->unit, "tiram");
	kinerja__get_ranking_reply__free_unpacked(r, NULL);
	set_ikm(f, "tiram", 2025, 89);
	r = ranking(f, &req, 0);
	assert_string_equal(r->rows[0]->unit, "suka");
	kinerja__get_ranking_reply__free_unpacked(r, NULL);
}

/* A unit added behind kinerjad's back (no write generation): whether a
 * ranking then shows it tells whether it read the units again. */
static void
add_unit_behind_kinerjad(struct fixture *f, const char *code)
{
	char     sql[256];
	sqlite3 *db;

	snprintf(sql, sizeof(sql),
	    "INSERT INTO units (code, name, parent_id, level) SELECT '%s', "
	    "'%s', parent_id, level FROM units WHERE code = 'suka'",
	    code, code);
	assert_int_equal(sqlite3_open(f->db, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, sql, 0, 0, 0), SQLITE_OK);
	sqlite3_close(db);
}

/* The units of a region are kept once for every ranking of them: another
 * year is ranked on the same units, matched to its values by id, without
 * reading the units again. */
static void
test_ranking_units_kept_for_every_year(void **state)
{
	struct fixture            *f   = *state;
	Kinerja__GetRankingRequest req = KINERJA__GET_RANKING_REQUEST__INIT;
	Kinerja__GetRankingReply  *r;

	batubara_ikm(f, 70, &req);
	set_ikm(f, "tiram", 2024, 95);
	set_ikm(f, "balai", 2024, 80);
	assert_int_equal(rank_of(f, &req, "suka", NULL), 1);
	if (!test_db_is_pg())
		add_unit_behind_kinerjad(f, "siluman");
	req.year = 2024;
	r        = ranking(f, &req, 0);
	assert_int_equal(r->n_rows, 4); /* the kept units: no "siluman" */
	assert_int_equal(row_of(r, "tiram")->rank, 1);
	assert_int_equal(row_of(r, "balai")->rank, 2);
	assert_int_equal(row_of(r, "suka")->rank, 0); /* no 2024 value */
	kinerja__get_ranking_reply__free_unpacked(r, NULL);
}

static void
test_ranking_kept_is_fresh_after_a_new_unit(void **state)
{
	struct fixture            *f   = *state;
	Kinerja__GetRankingRequest req = KINERJA__GET_RANKING_REQUEST__INIT;
	Kinerja__GetRankingReply  *r;
	Kinerja__Unit u = unit("lima", "batubara", KINERJA__LEVEL__LEVEL_KECAMATAN);

	batubara_ikm(f, 70, &req);
	r = ranking(f, &req, 0);
	assert_int_equal(r->n_rows, 4);
	kinerja__get_ranking_reply__free_unpacked(r, NULL);
	assert_int_equal(upsert_units(f, &u, 1, NULL), 0);
	r = ranking(f, &req, 0);
	assert_int_equal(r->n_rows, 5);
	assert_int_equal(row_of(r, "lima")->rank, 0);
	kinerja__get_ranking_reply__free_unpacked(r, NULL);
	set_ikm(f, "lima", 2025, 99);
	assert_int_equal(rank_of(f, &req, "lima", NULL), 1);
	assert_int_equal(rank_of(f, &req, "suka", NULL), 2);
}

/* rank_change compares with last year's ranking, which is kept with
 * this year's: a write of last year's values changes it. */
static void
test_ranking_kept_is_fresh_after_last_year_changes(void **state)
{
	struct fixture            *f   = *state;
	Kinerja__GetRankingRequest req = KINERJA__GET_RANKING_REQUEST__INIT;
	Kinerja__GetRankingReply  *r;
	uint32_t                   prev;

	batubara_ikm(f, 70, &req);
	assert_int_equal(rank_of(f, &req, "tiram", &prev), 3);
	assert_int_equal(prev, 0); /* nothing in 2024 */
	set_ikm(f, "balai", 2024, 85);
	set_ikm(f, "tiram", 2024, 80);
	assert_int_equal(rank_of(f, &req, "tiram", &prev), 3);
	assert_int_equal(prev, 2);
	set_ikm(f, "tiram", 2024, 90);
	r = ranking(f, &req, 0);
	assert_int_equal(row_of(r, "tiram")->previous_rank, 1);
	assert_int_equal(row_of(r, "tiram")->rank_change, -2);
	assert_int_equal(row_of(r, "balai")->previous_rank, 2);
	assert_int_equal(row_of(r, "balai")->rank_change, 0);
	kinerja__get_ranking_reply__free_unpacked(r, NULL);
}

/* A write through another connection: a second worker of the same
 * kinerjad (which shares the rankings kept), and another kinerjad on
 * the same database (which keeps its own). */
static void
test_ranking_kept_is_fresh_after_another_workers_write(void **state)
{
	struct fixture            *f   = *state;
	Kinerja__GetRankingRequest req = KINERJA__GET_RANKING_REQUEST__INIT;

	batubara_ikm(f, 70, &req);
	assert_int_equal(rank_of(f, &req, "tiram", NULL), 3);
	fx_worker(f, 1);
	assert_int_equal(rank_of(f, &req, "tiram", NULL), 3);
	set_ikm(f, "tiram", 2025, 95);
	fx_worker(f, 0);
	assert_int_equal(rank_of(f, &req, "tiram", NULL), 1);
	fx_worker(f, 2); /* the replica ranks, then writes */
	assert_int_equal(rank_of(f, &req, "tiram", NULL), 1);
	set_ikm(f, "tiram", 2025, 89);
	assert_int_equal(rank_of(f, &req, "tiram", NULL), 2);
	fx_worker(f, 0);
	assert_int_equal(rank_of(f, &req, "tiram", NULL), 2);
	fx_worker(f, 1);
	assert_int_equal(rank_of(f, &req, "tiram", NULL), 2);
	set_ikm(f, "suka", 2025, 50);
	fx_worker(f, 2);
	assert_int_equal(rank_of(f, &req, "tiram", NULL), 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
		    test_ranking_ties_share_a_rank, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(
		    test_ranking_minimize_lower_ranks_higher, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(
		    test_ranking_shows_rank_change, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(
		    test_ranking_read_on_two_connections, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(
		    test_ranking_packed_in_halves, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(
		    test_ranking_of_a_unit_silent_this_year, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(
		    test_ranking_of_a_zero_value, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(
		    test_ranking_rows_every_field, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(
		    test_ranking_by_capaian_and_overall, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(
		    test_ranking_argument_errors, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(
		    test_ranking_of_an_empty_region, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(
		    test_ranking_repairs_bad_text_from_the_store,
		    fx_setup_auth, fx_teardown),
		cmocka_unit_test_setup_teardown(
		    test_ranking_units_kept_for_every_year, fx_setup_auth,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(
		    test_ranking_limit_keeps_the_callers_units, fx_setup_auth,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(
		    test_ranking_kept_is_fresh_after_a_value_changes, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(
		    test_ranking_kept_is_fresh_after_a_new_unit, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(
		    test_ranking_kept_is_fresh_after_last_year_changes,
		    fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(
		    test_ranking_kept_is_fresh_after_another_workers_write,
		    fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(
		    test_trend_with_a_missing_year, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(
		    test_trend_minimize_on_track, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(
		    test_trend_end_target_follows_predikat_rule, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(
		    test_trend_without_end_target_or_enough_years, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(
		    test_trend_argument_errors, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(
		    test_progress_against_end_target, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(
		    test_ranking_by_serapan_ikm_akip, fx_setup, fx_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
