/*
 * test_rpc_dispatch.c - what dispatch checks before a handler runs: the
 * envelope, its strings, unknown methods, malformed and oversized payloads,
 * and how caller text is quoted back.
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

#include "rpc_helpers.h"

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
	env  = fx_raw(f, buf, envelope(method, payload, plen, 0, buf));
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
	env          = fx_raw(f, buf,
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

	assert_int_equal(fx_list_units(f, &req, &r), 0);
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
		r = fx_raw(f, buf, n);
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
	assert_int_not_equal(fx_get_capaian(f, &req, &r), 0);
	assert_non_null(strstr(f->st.message, "\"a\\x1b[31m\\\"b\""));
}

/* Request ids go into log lines: one with a newline could forge a line. */
static void
test_request_id_must_be_visible_ascii(void **state)
{
	struct fixture        *f   = *state;
	Kinerja__HealthRequest req = KINERJA__HEALTH_REQUEST__INIT;
	Kinerja__HealthReply  *r   = NULL;

	assert_int_equal(
	    fx_call(f, "Health", &req.base, &kinerja__health_reply__descriptor,
	        (ProtobufCMessage **) &r,
	        "x\n2026-01-01T00:00:00Z error Import DATA_LOSS"),
	    KINERJA__CODE__INVALID_ARGUMENT);
	assert_non_null(strstr(f->st.message, "request_id"));
	assert_int_equal(
	    fx_call(f, "Health", &req.base, &kinerja__health_reply__descriptor,
	        (ProtobufCMessage **) &r, "a b"),
	    KINERJA__CODE__INVALID_ARGUMENT);
	assert_int_equal(
	    fx_call(f, "Health", &req.base, &kinerja__health_reply__descriptor,
	        (ProtobufCMessage **) &r, "batch-7/part-2"),
	    0);
	kinerja__health_reply__free_unpacked(r, NULL);
}

static void
test_unknown_method_is_unimplemented(void **state)
{
	struct fixture            *f = *state;
	uint8_t                    buf[256];
	size_t                     n   = envelope("DropTables", "", 0, 0, buf);
	Kinerja__ResponseEnvelope *env = fx_raw(f, buf, n);

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
	Kinerja__ResponseEnvelope *env = fx_raw(f, buf, n);

	assert_int_equal(env->code, KINERJA__CODE__INVALID_ARGUMENT);
	assert_non_null(strstr(env->message, "GetCapaianRequest"));
	kinerja__response_envelope__free_unpacked(env, NULL);
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
	env = fx_raw(f, buf, len);
	assert_int_equal(env->code, KINERJA__CODE__RESOURCE_EXHAUSTED);
	assert_non_null(strstr(env->message, "decodes"));
	kinerja__response_envelope__free_unpacked(env, NULL);
	free(payload);
	free(buf);
	assert_healthy(f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
		    test_unknown_method_is_unimplemented, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(
		    test_request_id_must_be_visible_ascii, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(
		    test_nul_in_submitted_unit_is_refused, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(
		    test_upsert_units_refuses_bad_text_on_the_wire, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(
		    test_envelope_strings_are_checked, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(
		    test_caller_text_is_quoted_whole_characters, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(
		    test_malformed_payload_is_invalid_argument, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(
		    test_payload_that_decodes_too_large_is_refused, fx_setup,
		    fx_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
