/*
 * test_replay.c - a write resent under its request id is answered from the
 * replay row, through dispatch without a socket. Since schema 9 the row
 * keeps a WriteRecord (reply and item errors); rows written before keep
 * the response envelope they were sent in, and a resend must still get the
 * same answer from them after the migration.
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
#include <sqlite3.h>

#include "dispatch.h"
#include "envelope.h"
#include "khandlers.h"
#include "store.h"

struct fixture {
	char                db[64];
	struct kserver_info info;
	struct kdispatch    d;
};

static void
open_store(struct fixture *f)
{
	char err[256];

	assert_int_equal(
	    kstore_open(f->db, &f->d.store, err, sizeof(err)), KS_OK);
}

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	int             fd;

	snprintf(f->db, sizeof(f->db), "/tmp/kinerja-replay-XXXXXX");
	fd = mkstemp(f->db);
	assert_true(fd >= 0);
	close(fd);
	f->info.max_batch  = 100;
	f->d.service       = &khandlers_service;
	f->d.info          = &f->info;
	f->d.max_message   = 1 << 20;
	f->d.decode_budget = 4 << 20;
	open_store(f);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;
	char            path[96];

	kstore_close(f->d.store);
	unlink(f->db);
	snprintf(path, sizeof(path), "%s-wal", f->db);
	unlink(path);
	snprintf(path, sizeof(path), "%s-shm", f->db);
	unlink(path);
	free(f);
	return 0;
}

/* One request through dispatch; the packed response in *out. */
static int
call(struct fixture *f, const char *method, const char *request_id,
    const ProtobufCMessage *msg, uint8_t **out, size_t *outlen)
{
	Kinerja__RequestEnvelope env = KINERJA__REQUEST_ENVELOPE__INIT;
	uint8_t                 *req;
	size_t                   len;
	int                      code;

	env.method     = (char *) method;
	env.request_id = (char *) request_id;
	len            = kenv_request_size(&env, msg);
	req            = malloc(len);
	assert_non_null(req);
	kenv_request_pack(&env, msg, req);
	code = kdispatch_handle(&f->d, req, len, out, outlen, NULL);
	free(req);
	return code;
}

/* A unit and an indicator, then a partial write with one good value and
 * one of an unknown indicator: an answer with a reply and a detail. */
static void
first_write(struct fixture *f, uint8_t **out, size_t *outlen)
{
	Kinerja__Unit               u    = KINERJA__UNIT__INIT;
	Kinerja__Unit              *up   = &u;
	Kinerja__UpsertUnitsRequest ureq = KINERJA__UPSERT_UNITS_REQUEST__INIT;
	Kinerja__Indicator          ind  = KINERJA__INDICATOR__INIT;
	Kinerja__Indicator         *ip   = &ind;
	Kinerja__UpsertIndicatorsRequest ireq =
	    KINERJA__UPSERT_INDICATORS_REQUEST__INIT;
	Kinerja__IndicatorValue  v[2]  = { KINERJA__INDICATOR_VALUE__INIT,
		  KINERJA__INDICATOR_VALUE__INIT };
	Kinerja__IndicatorValue *vp[2] = { &v[0], &v[1] };
	Kinerja__SubmitIndicatorDataRequest sreq =
	    KINERJA__SUBMIT_INDICATOR_DATA_REQUEST__INIT;
	uint8_t *o;
	size_t   n;

	u.code       = "u1";
	u.name       = "Unit satu";
	u.level      = KINERJA__LEVEL__LEVEL_PROVINSI;
	ureq.units   = &up;
	ureq.n_units = 1;
	assert_int_equal(call(f, "UpsertUnits", "", &ureq.base, &o, &n), 0);
	free(o);
	ind.code          = "IKU1";
	ind.name          = "Indikator satu";
	ind.satuan        = "%";
	ireq.indicators   = &ip;
	ireq.n_indicators = 1;
	assert_int_equal(
	    call(f, "UpsertIndicators", "", &ireq.base, &o, &n), 0);
	free(o);
	v[0].unit           = "u1";
	v[0].indicator      = "IKU1";
	v[0].year           = 2025;
	v[0].kind           = KINERJA__VALUE_KIND__VALUE_KIND_TARGET;
	v[0].opt_value_case = KINERJA__INDICATOR_VALUE__OPT_VALUE_VALUE;
	v[0].value          = 80;
	v[1]                = v[0];
	v[1].indicator      = "NOPE";
	sreq.values         = vp;
	sreq.n_values       = 2;
	sreq.partial        = 1;
	assert_int_equal(
	    call(f, "SubmitIndicatorData", "req-1", &sreq.base, out, outlen),
	    0);
	/* The resend, as every one after it. */
	free(*out);
	assert_int_equal(
	    call(f, "SubmitIndicatorData", "req-1", &sreq.base, out, outlen),
	    0);
}

static Kinerja__ResponseEnvelope *
response(const uint8_t *buf, size_t len)
{
	Kinerja__ResponseEnvelope *env = kenv_response_unpack(buf, len);

	assert_non_null(env);
	return env;
}

/* The row as a kinerjad before schema 9 wrote it: the response envelope
 * of the first answer (its reply and details, no status or id), in a
 * table without the record column, the file at user_version 8 (the
 * columns of later migrations dropped too). */
static void
make_old_row(const char *db, const Kinerja__ResponseEnvelope *answer)
{
	Kinerja__ResponseEnvelope old = KINERJA__RESPONSE_ENVELOPE__INIT;
	Kinerja__WriteReply      *r;
	sqlite3                  *h;
	sqlite3_stmt             *s;
	uint8_t                  *buf;
	size_t                    len;

	r = (Kinerja__WriteReply *) kenv_reply(
	    answer, &kinerja__write_reply__descriptor);
	assert_non_null(r);
	r->replayed      = 0; /* as the first answer was */
	old.payload.len  = kinerja__write_reply__get_packed_size(r);
	old.payload.data = malloc(old.payload.len + 1);
	kinerja__write_reply__pack(r, old.payload.data);
	old.details   = answer->details;
	old.n_details = answer->n_details;
	kenv_response_pack(&old, &buf, &len);
	assert_int_equal(sqlite3_open(db, &h), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(h,
	                     "UPDATE requests SET reply = ?1", -1, &s, NULL),
	    SQLITE_OK);
	sqlite3_bind_blob(s, 1, buf, (int) len, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(s), SQLITE_DONE);
	sqlite3_finalize(s);
	assert_int_equal(sqlite3_changes(h), 1);
	assert_int_equal(sqlite3_exec(h,
	                     "ALTER TABLE requests DROP COLUMN record;"
	                     "ALTER TABLE surveys DROP COLUMN "
	                     "stated_respondents;"
	                     "DROP TABLE benchmarks;"
	                     "DROP TABLE approvals;"
	                     "ALTER TABLE indicators DROP COLUMN quarterly;"
	                     "ALTER TABLE indicators DROP COLUMN type;"
	                     "ALTER TABLE indicators DROP COLUMN definisi;"
	                     "ALTER TABLE indicators DROP COLUMN formula;"
	                     "ALTER TABLE indicators DROP COLUMN "
	                     "sumber_data;"
	                     "ALTER TABLE sasaran_indicators DROP COLUMN "
	                     "penanggung_jawab;"
	                     "DROP TABLE narratives;"
	                     "DROP TABLE unit_staff;"
	                     "DROP TABLE unit_profiles;"
	                     "PRAGMA user_version = 8",
	                     0, 0, 0),
	    SQLITE_OK);
	sqlite3_close(h);
	free(buf);
	free(old.payload.data);
	kinerja__write_reply__free_unpacked(r, NULL);
}

static void
test_replay_answers_with_reply_and_details(void **state)
{
	struct fixture            *f = *state;
	uint8_t                   *out;
	size_t                     len;
	Kinerja__ResponseEnvelope *env;
	Kinerja__WriteReply       *r;

	first_write(f, &out, &len);
	env = response(out, len);
	assert_int_equal(env->code, KINERJA__CODE__OK);
	assert_int_equal(env->n_details, 1);
	assert_string_equal(env->details[0]->field, "indicator");
	assert_int_equal(env->details[0]->code, KINERJA__CODE__NOT_FOUND);
	assert_string_equal(env->details[0]->list, "values");
	r = (Kinerja__WriteReply *) kenv_reply(
	    env, &kinerja__write_reply__descriptor);
	assert_non_null(r);
	assert_true(r->replayed);
	assert_int_equal(r->created, 1);
	assert_int_equal(r->rejected, 1);
	kinerja__write_reply__free_unpacked(r, NULL);
	kenv_response_free(env);
	free(out);
}

static void
test_replay_from_old_row_answers_identically(void **state)
{
	struct fixture                     *f = *state;
	Kinerja__SubmitIndicatorDataRequest sreq =
	    KINERJA__SUBMIT_INDICATOR_DATA_REQUEST__INIT;
	Kinerja__IndicatorValue    v[2]  = { KINERJA__INDICATOR_VALUE__INIT,
		    KINERJA__INDICATOR_VALUE__INIT };
	Kinerja__IndicatorValue   *vp[2] = { &v[0], &v[1] };
	Kinerja__ResponseEnvelope *env;
	uint8_t                   *now, *old;
	size_t                     now_len, old_len;

	first_write(f, &now, &now_len);
	env = response(now, now_len);
	kstore_close(f->d.store);
	make_old_row(f->db, env);
	kenv_response_free(env);
	open_store(f); /* migrates the file to schema 9 and on */
	assert_int_equal(kstore_schema_version(), 15);
	/* The same request as first_write's, resent. */
	v[0].unit           = "u1";
	v[0].indicator      = "IKU1";
	v[0].year           = 2025;
	v[0].kind           = KINERJA__VALUE_KIND__VALUE_KIND_TARGET;
	v[0].opt_value_case = KINERJA__INDICATOR_VALUE__OPT_VALUE_VALUE;
	v[0].value          = 80;
	v[1]                = v[0];
	v[1].indicator      = "NOPE";
	sreq.values         = vp;
	sreq.n_values       = 2;
	sreq.partial        = 1;
	assert_int_equal(call(f, "SubmitIndicatorData", "req-1", &sreq.base,
	                     &old, &old_len),
	    0);
	assert_int_equal(old_len, now_len);
	assert_memory_equal(old, now, now_len);
	free(old);
	free(now);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
		    test_replay_answers_with_reply_and_details, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(
		    test_replay_from_old_row_answers_identically, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
