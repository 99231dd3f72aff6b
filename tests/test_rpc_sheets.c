/*
 * test_rpc_sheets.c - ImportCsv and WhoAmI (handlers/h_sheets.c,
 * h_console.c; issue #16): a sheet sent as text reads as `kinerja import`
 * reads it, its problems come back at FILE:LINE: COLUMN, any problem
 * writes nothing, and the write is Import's (access, replay, dry run).
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

#define HEADER "unit,indicator,year,kind,value,period\n"

/* ImportCsv of one file; the reply (NULL on an error) and f->st. */
static Kinerja__WriteReply *
import_csv(struct fixture *f, const char *name, const char *text,
    int validate_only, const char *request_id)
{
	Kinerja__ImportCsvRequest req  = KINERJA__IMPORT_CSV_REQUEST__INIT;
	Kinerja__CsvFile          file = KINERJA__CSV_FILE__INIT;
	Kinerja__CsvFile         *fp   = &file;
	ProtobufCMessage         *r    = NULL;

	file.name         = (char *) name;
	file.text         = (char *) text;
	req.files         = &fp;
	req.n_files       = 1;
	req.validate_only = validate_only;
	fx_call(f, "ImportCsv", &req.base, &kinerja__write_reply__descriptor,
	    &r, request_id);
	return (Kinerja__WriteReply *) r;
}

/* The realisasi of IKM for tiram in the year; -1 when there is none. */
static double
ikm_realisasi(struct fixture *f, int year)
{
	Kinerja__GetCapaianReply *r = capaian(f, year, 0);
	double                    v = -1;
	size_t                    i;

	for (i = 0; i < r->n_indicators; i++)
		if (strcmp(r->indicators[i]->indicator, "IKM") == 0 &&
		    r->indicators[i]->opt_realisasi_case)
			v = r->indicators[i]->realisasi;
	kinerja__get_capaian_reply__free_unpacked(r, NULL);
	return v;
}

static void
assert_detail(struct fixture *f, size_t i, const char *field,
    Kinerja__Code code, const char *message_part)
{
	assert_true(f->st.n_details > i);
	assert_string_equal(f->st.details[i]->field, field);
	assert_int_equal(f->st.details[i]->code, code);
	assert_string_equal(f->st.details[i]->list, "files");
	assert_non_null(strstr(f->st.details[i]->message, message_part));
}

static void
writes_a_decimal_comma(void **state)
{
	struct fixture      *f = *state;
	Kinerja__WriteReply *r;

	world(f);
	r = import_csv(f, "pk.csv",
	    HEADER "tiram,IKM,2025,target,\"80\",\n"
	           "tiram,IKM,2025,realisasi,\"71,38\",\n",
	    0, NULL);
	assert_non_null(r);
	assert_int_equal(r->created, 2);
	kinerja__write_reply__free_unpacked(r, NULL);
	assert_e2(ikm_realisasi(f, 2025), 7138);
}

static void
an_ambiguous_number_writes_nothing(void **state)
{
	struct fixture *f = *state;
	uint8_t         before[4096];
	size_t          n;

	world(f);
	n = snapshot(f, 2025, before, sizeof(before));
	assert_null(import_csv(f, "pk.csv",
	    HEADER "tiram,IKM,2025,target,80,\n"
	           "tiram,IKM,2025,realisasi,1.738,\n"
	           "tiram,IKM,2025,kind-x,1,\n",
	    0, NULL));
	assert_int_equal(f->st.code, KINERJA__CODE__INVALID_ARGUMENT);
	assert_int_equal(f->st.n_details, 2);
	assert_detail(f, 0, "pk.csv:3: value", KINERJA__CODE__INVALID_ARGUMENT,
	    "angka ambigu");
	assert_detail(
	    f, 1, "pk.csv:4: kind", KINERJA__CODE__INVALID_ARGUMENT, "kind-x");
	assert_non_null(strstr(f->st.message, "pk.csv:3: value: "));
	assert_unchanged(f, 2025, before, n);
}

/* An error only the store finds (an unknown unit) points at its row,
 * and the good row before it is not written either. */
static void
a_server_error_points_at_the_row(void **state)
{
	struct fixture *f = *state;

	world(f);
	assert_null(import_csv(f, "tw.csv",
	    HEADER "tiram,IKM,2025,realisasi,70,tw1\n"
	           "nowhere,IKM,2025,realisasi,70,tw1\n",
	    0, NULL));
	assert_int_equal(f->st.code, KINERJA__CODE__NOT_FOUND);
	assert_int_equal(f->st.n_details, 1);
	assert_detail(
	    f, 0, "tw.csv:3: unit", KINERJA__CODE__NOT_FOUND, "nowhere");
	assert_non_null(strstr(f->st.message, "tw.csv:3: unit: "));
	assert_true(ikm_realisasi(f, 2025) < 0);
}

static void
validate_only_writes_nothing(void **state)
{
	struct fixture      *f = *state;
	Kinerja__WriteReply *r;

	world(f);
	r = import_csv(f, "pk.csv",
	    HEADER "tiram,IKM,2025,realisasi,\"71,38\",\n", 1, NULL);
	assert_non_null(r);
	assert_true(r->validated_only);
	assert_int_equal(r->created, 1);
	kinerja__write_reply__free_unpacked(r, NULL);
	assert_true(ikm_realisasi(f, 2025) < 0);
}

/* A warning of the write (a value no sasaran of its unit shows) points at
 * its row too. */
static void
a_warning_points_at_the_row(void **state)
{
	struct fixture      *f = *state;
	Kinerja__WriteReply *r;

	world(f);
	r = import_csv(f, "w.csv",
	    HEADER "tiram,IKM,2025,target,80,\n"
	           "batubara,IKM,2025,realisasi,70,\n",
	    0, NULL);
	assert_non_null(r);
	assert_int_equal(r->created, 2);
	assert_int_equal(r->n_warnings, 1);
	assert_string_equal(r->warnings[0]->list, "files");
	assert_int_equal(r->warnings[0]->index, 0);
	assert_true(strncmp(r->warnings[0]->field, "w.csv:3: ", 9) == 0);
	kinerja__write_reply__free_unpacked(r, NULL);
}

/* A header no sheet has, no rows, no files, too many lines: refused
 * before anything is applied. */
static void
bad_sheets_are_refused(void **state)
{
	struct fixture           *f   = *state;
	Kinerja__ImportCsvRequest req = KINERJA__IMPORT_CSV_REQUEST__INIT;
	ProtobufCMessage         *r   = NULL;
	char                     *big;
	size_t                    i, len = strlen(HEADER);

	world(f);
	assert_null(import_csv(f, "x.csv", "a,b\n1,2\n", 0, NULL));
	assert_detail(f, 0, "x.csv:1: header", KINERJA__CODE__INVALID_ARGUMENT,
	    "not a kinerja sheet");
	assert_null(import_csv(f, "e.csv", HEADER, 0, NULL));
	assert_detail(
	    f, 0, "e.csv:0: -", KINERJA__CODE__INVALID_ARGUMENT, "no rows");
	fx_call(f, "ImportCsv", &req.base, &kinerja__write_reply__descriptor,
	    &r, NULL);
	assert_int_equal(f->st.code, KINERJA__CODE__INVALID_ARGUMENT);
	assert_non_null(strstr(f->st.message, "files: 0 given"));
	/* 10 002 lines: over the bound, whatever they hold. */
	big = malloc(len + 10002 * 2 + 1);
	memcpy(big, HEADER, len);
	for (i = 0; i < 10002; i++)
		memcpy(big + len + 2 * i, "x\n", 2);
	big[len + 2 * 10002] = 0;
	assert_null(import_csv(f, "big.csv", big, 0, NULL));
	assert_int_equal(f->st.code, KINERJA__CODE__RESOURCE_EXHAUSTED);
	assert_int_equal(f->st.n_details, 0);
	free(big);
}

/* The same request id again answers the first answer; a write of
 * another's unit is refused at its row, and WhoAmI tells who is asking. */
static void
replay_and_access(void **state)
{
	struct fixture        *f = *state;
	Kinerja__WriteReply   *r;
	Kinerja__WhoAmIRequest wreq = KINERJA__WHO_AM_IREQUEST__INIT;
	ProtobufCMessage      *w    = NULL;
	Kinerja__WhoAmIReply  *who;
	const char *text = HEADER "tiram,IKM,2025,realisasi,\"71,38\",\n";

	world(f);
	fx_as(f, toks.tiram);
	r = import_csv(f, "a.csv", text, 0, "csv-1");
	assert_non_null(r);
	assert_int_equal(r->created, 1);
	kinerja__write_reply__free_unpacked(r, NULL);
	r = import_csv(f, "a.csv", text, 0, "csv-1");
	assert_non_null(r);
	assert_true(r->replayed);
	assert_int_equal(r->created, 1);
	kinerja__write_reply__free_unpacked(r, NULL);
	assert_null(import_csv(f, "b.csv",
	    HEADER "tiram,IKM,2024,realisasi,70,\n"
	           "batubara,IKM,2025,realisasi,70,\n",
	    0, NULL));
	assert_int_equal(f->st.code, KINERJA__CODE__PERMISSION_DENIED);
	assert_int_equal(f->st.n_details, 1);
	assert_detail(f, 0, "b.csv:3: unit", KINERJA__CODE__PERMISSION_DENIED,
	    "may not write unit");
	assert_true(ikm_realisasi(f, 2024) < 0);
	assert_int_equal(fx_call(f, "WhoAmI", &wreq.base,
	                     &kinerja__who_am_ireply__descriptor, &w, NULL),
	    0);
	who = (Kinerja__WhoAmIReply *) w;
	assert_string_equal(who->name, "kec-tiram");
	assert_string_equal(who->role, "submitter");
	assert_int_equal(who->n_units, 1);
	assert_string_equal(who->units[0], "tiram");
	kinerja__who_am_ireply__free_unpacked(who, NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
		    writes_a_decimal_comma, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(
		    an_ambiguous_number_writes_nothing, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(
		    a_server_error_points_at_the_row, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(
		    validate_only_writes_nothing, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(
		    a_warning_points_at_the_row, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(
		    bad_sheets_are_refused, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(
		    replay_and_access, fx_setup_auth, fx_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
