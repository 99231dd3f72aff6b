/*
 * test_rpc_socket.c - the service over the wire: libkinerja and raw bytes on
 * an ipc:// socket to a kinerjad server in this process, for what needs the
 * transport: its message limit, deadlines, bytes no client would send,
 * tokens and request ids as the client sends them, and writers at once.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <unistd.h>

#include <cmocka.h>
#include <math.h>

#include "rpc_helpers.h"
#include "store.h"

static void
test_health_and_server_info(void **state)
{
	struct fixture            *f   = *state;
	Kinerja__ServerInfoRequest req = KINERJA__SERVER_INFO_REQUEST__INIT;
	Kinerja__ServerInfoReply  *r;

	assert_healthy(f);
	assert_int_equal(fx_server_info(f, &req, &r), 0);
	assert_string_equal(r->version, KINERJA_VERSION);
	assert_int_equal(r->schema_version, kstore_schema_version());
	assert_int_equal(r->workers, 4);
	kinerja__server_info_reply__free_unpacked(r, NULL);
}

static void
test_garbage_bytes_get_invalid_argument(void **state)
{
	struct fixture      *f         = *state;
	static const uint8_t junk[]    = { 0xff, 0xff, 0xff, 0xff, 0x0f, 0x12,
		   0x99 };
	Kinerja__ResponseEnvelope *env = fx_raw(f, junk, sizeof(junk));

	assert_int_equal(env->code, KINERJA__CODE__INVALID_ARGUMENT);
	assert_non_null(strstr(env->message, "envelope"));
	kinerja__response_envelope__free_unpacked(env, NULL);
	env = fx_raw(f, "", 0); /* an empty envelope names no method */
	assert_int_equal(env->code, KINERJA__CODE__UNIMPLEMENTED);
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

	env = fx_raw(f, big, size);
	assert_int_equal(env->code, KINERJA__CODE__RESOURCE_EXHAUSTED);
	kinerja__response_envelope__free_unpacked(env, NULL);
	free(big);
	assert_healthy(f);
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
	env = fx_raw(f, buf, n);
	assert_int_equal(env->code, KINERJA__CODE__DEADLINE_EXCEEDED);
	kinerja__response_envelope__free_unpacked(env, NULL);
	assert_unchanged(f, 2025, before, snap);
	free(v);
	free(vp);
	free(payload);
	free(buf);
}

static int
list_units(struct fixture *f)
{
	Kinerja__ListUnitsRequest req = KINERJA__LIST_UNITS_REQUEST__INIT;
	Kinerja__ListUnitsReply  *r;
	int                       code = fx_list_units(f, &req, &r);

	if (code == 0)
		kinerja__list_units_reply__free_unpacked(r, NULL);
	return code;
}

static void
test_auth_needs_a_valid_token(void **state)
{
	struct fixture *f = *state;
	char            forged[FX_TOKEN_MAX];

	world(f);
	assert_int_equal(list_units(f), 0);
	fx_as(f, NULL);
	assert_int_equal(list_units(f), KINERJA__CODE__UNAUTHENTICATED);
	assert_non_null(strstr(f->st.message, "authorization"));
	assert_healthy(f); /* for load balancers, no token */
	fx_as(f, "Bearer kin_1_not-the-secret");
	assert_int_equal(list_units(f), KINERJA__CODE__UNAUTHENTICATED);
	fx_as(f, "kin_999_x");
	assert_int_equal(list_units(f), KINERJA__CODE__UNAUTHENTICATED);
	fx_as(f, "hello");
	assert_int_equal(list_units(f), KINERJA__CODE__UNAUTHENTICATED);
	fx_as(f, toks.revoked);
	assert_int_equal(list_units(f), KINERJA__CODE__UNAUTHENTICATED);
	assert_non_null(strstr(f->st.message, "revoked"));
	/* The right secret under another token's id. */
	snprintf(forged, sizeof(forged), "kin_2_%s",
	    strchr(toks.admin + 4, '_') + 1);
	fx_as(f, forged);
	assert_int_equal(list_units(f), KINERJA__CODE__UNAUTHENTICATED);
	fx_as(f, "Bearer ");
	assert_int_equal(list_units(f), KINERJA__CODE__UNAUTHENTICATED);
	fx_as(f, toks.viewer);
	assert_int_equal(list_units(f), 0);
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
	fx_as(f, toks.tiram);
	assert_int_equal(fx_call(f, "SubmitIndicatorData", &req.base, d,
	                     (ProtobufCMessage **) &w, "tiram-1"),
	    0);
	kinerja__write_reply__free_unpacked(w, NULL);
	assert_int_equal(fx_call(f, "SubmitIndicatorData", &req.base, d,
	                     (ProtobufCMessage **) &w, "tiram-1"),
	    0);
	assert_true(w->replayed);
	kinerja__write_reply__free_unpacked(w, NULL);
	fx_as(f, toks.admin);
	v.value = 92;
	assert_int_equal(fx_call(f, "SubmitIndicatorData", &req.base, d,
	                     (ProtobufCMessage **) &w, "tiram-1"),
	    0);
	assert_false(w->replayed);
	assert_int_equal(w->updated, 1);
	kinerja__write_reply__free_unpacked(w, NULL);
	/* An admin's write resent by a submitter: not the submitter's unit,
	 * and not the admin's reply. */
	v.unit = "balai";
	assert_int_equal(fx_call(f, "SubmitIndicatorData", &req.base, d,
	                     (ProtobufCMessage **) &w, "admin-1"),
	    0);
	kinerja__write_reply__free_unpacked(w, NULL);
	fx_as(f, toks.tiram);
	assert_int_equal(fx_call(f, "SubmitIndicatorData", &req.base, d,
	                     (ProtobufCMessage **) &w, "admin-1"),
	    KINERJA__CODE__PERMISSION_DENIED);
}

/* ---------------------------------------------------- concurrency */

#define WRITERS 5
#define WRITES  20

struct writer {
	kinerja_client *c;
	const char     *unit;
	pthread_t       thr;
	int             failed; /* the first code other than OK */
};

/* Its unit's IKM target for 20 years, one request each, on the shared
 * client (its calls may run at once, each on a context of its own). */
static void *
writer_main(void *arg)
{
	struct writer           *w  = arg;
	kinerja_status           st = KINERJA_STATUS_INIT;
	Kinerja__IndicatorValue  v  = uvalue(w->unit, "IKM", 0, TARGET, 80);
	Kinerja__IndicatorValue *vp = &v;
	Kinerja__SubmitIndicatorDataRequest req =
	    KINERJA__SUBMIT_INDICATOR_DATA_REQUEST__INIT;
	Kinerja__WriteReply *r;
	int                  i, code;

	req.values   = &vp;
	req.n_values = 1;
	for (i = 0; i < WRITES && w->failed == 0; i++) {
		v.year = 2001 + i;
		code   = kinerja_submit_indicator_data(w->c, &req, &r, &st);
		if (code == 0)
			kinerja__write_reply__free_unpacked(r, NULL);
		w->failed = code;
	}
	kinerja_status_clear(&st);
	return NULL;
}

/* Writers on five units at once through four workers: every write is
 * answered OK and lands, none lost to a busy database. */
static void
test_concurrent_writers_all_land(void **state)
{
	static const char *const units[WRITERS] = { "tiram", "balai", "suka",
		"deras", "other" };
	struct fixture          *f              = *state;
	struct writer            w[WRITERS];
	Kinerja__ExportRequest   req = KINERJA__EXPORT_REQUEST__INIT;
	Kinerja__ImportRequest  *r;
	int                      i;

	peers(f);
	for (i = 0; i < WRITERS; i++) {
		w[i] = (struct writer) { fx_client(f), units[i], 0, 0 };
		assert_int_equal(
		    pthread_create(&w[i].thr, NULL, writer_main, &w[i]), 0);
	}
	for (i = 0; i < WRITERS; i++) {
		assert_int_equal(pthread_join(w[i].thr, NULL), 0);
		assert_int_equal(w[i].failed, 0);
	}
	for (i = 0; i < WRITERS; i++) {
		req.unit = (char *) units[i];
		assert_int_equal(fx_export(f, &req, &r), 0);
		assert_int_equal(r->n_values, WRITES);
		kinerja__import_request__free_unpacked(r, NULL);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
		    test_health_and_server_info, fx_setup_socket, fx_teardown),
		cmocka_unit_test_setup_teardown(
		    test_garbage_bytes_get_invalid_argument, fx_setup_socket,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(
		    test_oversized_request_is_resource_exhausted,
		    fx_setup_socket, fx_teardown),
		cmocka_unit_test_setup_teardown(
		    test_deadline_exceeded_writes_nothing, fx_setup_socket,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(test_auth_needs_a_valid_token,
		    fx_setup_auth_socket, fx_teardown),
		cmocka_unit_test_setup_teardown(
		    test_request_ids_are_each_tokens_own, fx_setup_auth_socket,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(
		    test_concurrent_writers_all_land, fx_setup_socket,
		    fx_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
