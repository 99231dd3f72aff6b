/*
 * test_import.c - the CSV import sheets (client/lib/import.c,
 * sheets_budget.c): CSV text into Import batches against a kinerjad on an
 * ipc:// socket, what lands, and every problem reported at its
 * file:line: column, with nothing written when there is one.
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

#include "rpc_helpers.h"

/* What the import reported, one "file:line: column: message" a line. */
struct reports {
	char   text[8192];
	size_t len;
	int    n;
};

static void
note(void *arg, const char *file, unsigned line, const char *column,
    const char *message)
{
	struct reports *r = arg;

	r->len += (size_t) snprintf(r->text + r->len, sizeof(r->text) - r->len,
	    "%s:%u: %s: %s\n", file, line, column, message);
	assert_true(r->len < sizeof(r->text));
	r->n++;
}

static kinerja_file
csv(const char *name, const char *text)
{
	kinerja_file f = { name, text, strlen(text) };

	return f;
}

/* Imports the files; returns what kinerja_import_csv returned. */
static int
import(struct fixture *f, const kinerja_file *files, size_t n, int dry_run,
    struct reports *r, kinerja_import_stats *stats)
{
	memset(r, 0, sizeof(*r));
	return kinerja_import_csv(
	    fx_client(f), files, n, dry_run, note, r, stats);
}

static const char units_csv[] = "unit,name,parent,level\n"
                                "sumut,Sumatera Utara,,provinsi\n"
                                "batubara,Batu Bara,sumut,kabupaten\n"
                                "tiram,Tanjung Tiram,batubara,kecamatan\n";
static const char indicators_csv[] =
    "indicator,name,satuan,polarity,value_type\n"
    "IKM,Indeks Kepuasan,Nilai,maximize,\n"
    "ADUAN,Aduan,Kasus,minimize,number\n";
static const char sasaran_csv[] = "unit,sasaran,indicator,tujuan\n"
                                  "tiram,Kepuasan,IKM,Pelayanan\n"
                                  "tiram,Kepuasan,ADUAN,Pelayanan\n";

static int
count_units(struct fixture *f)
{
	Kinerja__ListUnitsRequest req = KINERJA__LIST_UNITS_REQUEST__INIT;
	Kinerja__ListUnitsReply  *r;
	int                       n;

	assert_int_equal(fx_list_units(f, &req, &r), 0);
	n = (int) r->n_units;
	kinerja__list_units_reply__free_unpacked(r, NULL);
	return n;
}

/* Sheets given in any order are sent in dependency order; their values
 * land as numbers. */
static void
test_sheets_land_in_dependency_order(void **state)
{
	struct fixture           *f       = *state;
	kinerja_file              files[] = { csv("values.csv",
		                                  "unit,indicator,year,kind,value\n"
		                                               "tiram,IKM,2025,target,90\n"
		                                               "tiram,IKM,2025,realisasi,\"82,5\"\n"),
		             csv("sasaran.csv", sasaran_csv),
		             csv("indicators.csv", indicators_csv),
		             csv("units.csv", units_csv) };
	kinerja_import_stats      stats;
	struct reports            r;
	Kinerja__GetCapaianReply *c;

	assert_int_equal(import(f, files, 4, 0, &r, &stats), 0);
	assert_int_equal(r.n, 0);
	assert_int_equal(stats.rows, 3 + 2 + 2 + 2);
	assert_int_equal(stats.written, 1);
	assert_int_equal(stats.created, 3 + 2 + 2 + 2);
	assert_int_equal(stats.unknown, 0);
	c = capaian(f, 2025, 0);
	assert_int_equal(c->n_indicators, 2);
	assert_string_equal(c->indicators[0]->indicator, "IKM");
	assert_e2(c->indicators[0]->target, 9000);
	assert_e2(c->indicators[0]->realisasi, 8250);
	kinerja__get_capaian_reply__free_unpacked(c, NULL);
	/* The same files again change nothing. */
	assert_int_equal(import(f, files, 4, 0, &r, &stats), 0);
	assert_int_equal(stats.created + stats.updated, 0);
	assert_int_equal(stats.unchanged, 9);
}

static void
test_dry_run_writes_nothing(void **state)
{
	struct fixture      *f       = *state;
	kinerja_file         files[] = { csv("units.csv", units_csv) };
	kinerja_import_stats stats;
	struct reports       r;

	assert_int_equal(import(f, files, 1, 1, &r, &stats), 0);
	assert_int_equal(r.n, 0);
	assert_int_equal(stats.rows, 3);
	assert_int_equal(stats.written, 0);
	assert_int_equal(count_units(f), 0);
}

/* Each bad row is reported at its line and column; the good files of the
 * same import are not written either. */
static void
test_bad_rows_name_file_line_and_column(void **state)
{
	struct fixture      *f       = *state;
	kinerja_file         files[] = { csv("units.csv", units_csv),
		        csv("v.csv", "unit,indicator,year,kind,value\n"
		                             "tiram,IKM,20x5,target,90\n"
		                             "tiram,IKM,2025,forecast,90\n"
		                             "tiram,IKM,2025,target,ninety\n"
		                             "tiram,IKM,2025,target,90\n"),
		        csv("i.csv", "indicator,name,satuan,polarity\n"
		                             "IKM,IKM,Nilai,upward\n") };
	kinerja_import_stats stats;
	struct reports       r;

	assert_int_equal(import(f, files, 3, 0, &r, &stats), -1);
	assert_int_equal(r.n, 4);
	assert_non_null(
	    strstr(r.text, "v.csv:2: year: \"20x5\" is not a year\n"));
	assert_non_null(strstr(r.text,
	    "v.csv:3: kind: \"forecast\" is not renstra_target, "
	    "renstra_end_target, target or realisasi\n"));
	assert_non_null(strstr(r.text, "v.csv:4: value: "));
	assert_non_null(
	    strstr(r.text, "i.csv:2: polarity: \"upward\" is not maximize or "
	                   "minimize\n"));
	assert_int_equal(stats.written, 0);
	assert_int_equal(count_units(f), 0);
}

static void
test_unknown_header_and_empty_sheet(void **state)
{
	struct fixture      *f       = *state;
	kinerja_file         files[] = { csv("foo.csv", "foo,bar\n1,2\n"),
		        csv("empty.csv", "unit,name,parent,level\n") };
	kinerja_import_stats stats;
	struct reports       r;

	assert_int_equal(import(f, files, 2, 0, &r, &stats), -1);
	assert_int_equal(r.n, 2);
	assert_non_null(
	    strstr(r.text, "foo.csv:1: header: not a kinerja sheet"));
	assert_non_null(
	    strstr(r.text, "empty.csv:0: -: no rows below the header\n"));
}

/* What only the server knows (an unknown unit) comes back at the row it
 * came from, in the sheet's own column name. */
static void
test_server_errors_come_back_at_their_row(void **state)
{
	struct fixture      *f       = *state;
	kinerja_file         files[] = { csv("units.csv", units_csv),
		        csv("indicators.csv", indicators_csv),
		        csv("values.csv", "unit,indicator,year,kind,value\n"
		                                  "tiram,IKM,2025,target,90\n"
		                                  "nowhere,IKM,2025,target,90\n") };
	kinerja_import_stats stats;
	struct reports       r;

	assert_int_equal(import(f, files, 3, 0, &r, &stats), -1);
	assert_int_equal(r.n, 1);
	assert_non_null(strstr(r.text, "values.csv:3: unit: "));
	assert_non_null(strstr(r.text, "nowhere"));
	assert_int_equal(stats.written, 0);
	assert_int_equal(count_units(f), 0);
}

static void
test_budget_and_belanja_sheets(void **state)
{
	struct fixture          *f       = *state;
	kinerja_file             files[] = { csv("units.csv", units_csv),
		            csv("budget.csv",
		                "unit,year,code,name,pagu,realisasi,parent\n"
		                            "tiram,2025,P1,Program,1000000,750000,\n"
		                            "tiram,2025,K1,Kegiatan,1000000,750000,P1\n"),
		            csv("belanja.csv", "unit,year,belanja,pagu,realisasi\n"
		                                           "tiram,2025,Pegawai,600000,500000\n"
		                                           "tiram,2025,Barang,400000,250000\n") };
	Kinerja__GetBudgetReply *b;
	kinerja_import_stats     stats;
	struct reports           r;

	assert_int_equal(import(f, files, 3, 0, &r, &stats), 0);
	assert_int_equal(r.n, 0);
	b = get_budget(f);
	assert_int_equal(b->n_lines, 2);
	assert_string_equal(b->lines[0]->code, "P1");
	assert_int_equal(b->lines[0]->amount->pagu_sen, RP(1000000));
	assert_int_equal(b->lines[1]->amount->realisasi_sen, RP(750000));
	assert_int_equal(b->n_belanja, 2);
	kinerja__get_budget_reply__free_unpacked(b, NULL);
}

static void
test_money_and_numbers_are_checked(void **state)
{
	struct fixture      *f       = *state;
	kinerja_file         files[] = { csv("units.csv", units_csv),
		        csv("budget.csv", "unit,year,code,name,pagu,realisasi\n"
		                                  "tiram,2025,P1,Program,lots,\n"
		                                  "tiram,2025,P2,Program,-5,\n"
		                                  "tiram,20255,P3,Program,5,\n"),
		        csv("akip.csv", "unit,year,component,weight,score\n"
		                                "tiram,2025,Perencanaan,30,\n") };
	kinerja_import_stats stats;
	struct reports       r;

	assert_int_equal(import(f, files, 3, 0, &r, &stats), -1);
	assert_int_equal(r.n, 4);
	assert_non_null(strstr(r.text, "budget.csv:2: pagu: "));
	assert_non_null(strstr(r.text, "budget.csv:3: pagu: "));
	assert_non_null(
	    strstr(r.text, "budget.csv:4: year: \"20255\" is not a year\n"));
	assert_non_null(strstr(
	    r.text, "akip.csv:2: score: empty; a number is required\n"));
	assert_int_equal(count_units(f), 0);
}

/* AKIP rows of a unit-year, even over two files, are one evaluation. */
static void
test_akip_rows_gather_by_unit_and_year(void **state)
{
	struct fixture *f       = *state;
	kinerja_file    files[] = { csv("units.csv", units_csv),
		   csv("a1.csv", "unit,year,component,weight,score\n"
		                    "tiram,2025,Perencanaan,30,20\n"),
		   csv("a2.csv", "unit,year,component,weight,score\n"
		                    "tiram,2025,Pengukuran,70,55.5\n") };
	Kinerja__GetAkipEvaluationRequest req =
	    KINERJA__GET_AKIP_EVALUATION_REQUEST__INIT;
	Kinerja__GetAkipEvaluationReply *a;
	kinerja_import_stats             stats;
	struct reports                   r;

	assert_int_equal(import(f, files, 3, 0, &r, &stats), 0);
	assert_int_equal(r.n, 0);
	req.unit = "tiram";
	req.year = 2025;
	assert_int_equal(fx_get_akip_evaluation(f, &req, &a), 0);
	assert_int_equal(a->n_components, 2);
	assert_string_equal(a->components[0]->name, "Perencanaan");
	assert_string_equal(a->components[1]->name, "Pengukuran");
	assert_e2(a->components[1]->score, 5550);
	kinerja__get_akip_evaluation_reply__free_unpacked(a, NULL);
}

#define SKM_HEADER "unit,year,respondent,u1,u2,u3,u4,u5,u6,u7,u8,u9\n"

/* A respondent id twice in a survey is named with both places, in one
 * file or across two. */
static void
test_survey_respondent_given_twice(void **state)
{
	struct fixture      *f     = *state;
	kinerja_file         one[] = { csv("units.csv", units_csv),
		        csv("skm.csv",
		            SKM_HEADER "tiram,2025,r1,4,4,4,4,4,4,4,4,4\n"
		                               "tiram,2025,r1,3,3,3,3,3,3,3,3,3\n") };
	kinerja_file         two[] = { csv("units.csv", units_csv),
		        csv("s1.csv", SKM_HEADER "tiram,2025,r1,4,4,4,4,4,4,4,4,4\n"),
		        csv("s2.csv",
		            SKM_HEADER "tiram,2025,r2,2,2,2,2,2,2,2,2,2\n"
		                               "tiram,2025,r1,2,2,2,2,2,2,2,2,2\n") };
	kinerja_import_stats stats;
	struct reports       r;

	assert_int_equal(import(f, one, 2, 0, &r, &stats), -1);
	assert_string_equal(
	    r.text, "skm.csv:3: respondent: \"r1\" already on line 2\n");
	assert_int_equal(import(f, two, 3, 0, &r, &stats), -1);
	assert_string_equal(
	    r.text, "s2.csv:3: respondent: \"r1\" already at s1.csv:2\n");
	assert_int_equal(count_units(f), 0);
}

/* Scores are 1 to 4; the means sheet needs all 9 unsur once. */
static void
test_survey_scores_and_means_are_checked(void **state)
{
	struct fixture      *f = *state;
	char                 means[512];
	size_t               n = 0;
	int                  u;
	kinerja_import_stats stats;
	struct reports       r;

	n += (size_t) snprintf(means, sizeof(means), "unit,year,unsur,nrr\n");
	for (u = 1; u <= 8; u++)
		n += (size_t) snprintf(
		    means + n, sizeof(means) - n, "tiram,2025,%d,3.1\n", u);
	n += (size_t) snprintf(
	    means + n, sizeof(means) - n, "tiram,2025,8,3.2\n");
	{
		kinerja_file files[] = { csv("units.csv", units_csv),
			csv("means.csv", means),
			csv("resp.csv",
			    SKM_HEADER "tiram,2024,r1,4,4,4,4,4,4,4,4,5\n") };

		assert_int_equal(import(f, files, 3, 0, &r, &stats), -1);
		assert_int_equal(r.n, 3);
		assert_non_null(strstr(r.text,
		    "means.csv:10: unsur: given twice for this unit and "
		    "year\n"));
		assert_non_null(strstr(r.text,
		    "means.csv:2: unsur: tiram has no mean for one of the 9 "
		    "unsur\n"));
		assert_non_null(strstr(r.text,
		    "resp.csv:2: u9: \"5\" is not a score from 1 to 4\n"));
	}
}

/* More than 10 000 items go in more than one request. */
static void
test_large_import_is_split_into_requests(void **state)
{
	struct fixture      *f    = *state;
	size_t               size = 64 + 10001 * 48, n;
	char                *text = malloc(size);
	kinerja_file         file;
	kinerja_import_stats stats;
	struct reports       r;
	int                  i;

	assert_non_null(text);
	n = (size_t) snprintf(
	    text, size, "unit,name,parent,level\nprov,Provinsi,,provinsi\n");
	for (i = 0; i < 10000; i++)
		n += (size_t) snprintf(text + n, size - n,
		    "kab%05d,Kabupaten %d,prov,kabupaten\n", i, i);
	file = csv("units.csv", text);
	if (import(f, &file, 1, 0, &r, &stats) != 0)
		fail_msg("import failed: %s", r.text);
	assert_int_equal(r.n, 0);
	assert_int_equal(stats.rows, 10001);
	assert_int_equal(stats.written, 2);
	assert_int_equal(stats.created, 10001);
	free(text);
}

#define T(name) \
	cmocka_unit_test_setup_teardown(name, fx_setup_socket, fx_teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_sheets_land_in_dependency_order),
		T(test_dry_run_writes_nothing),
		T(test_bad_rows_name_file_line_and_column),
		T(test_unknown_header_and_empty_sheet),
		T(test_server_errors_come_back_at_their_row),
		T(test_budget_and_belanja_sheets),
		T(test_money_and_numbers_are_checked),
		T(test_akip_rows_gather_by_unit_and_year),
		T(test_survey_respondent_given_twice),
		T(test_survey_scores_and_means_are_checked),
		T(test_large_import_is_split_into_requests),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
