/*
 * test_grpc_status.c - the bytes of gRPC's own protocols that the gRPC
 * front writes and reads (service/grpc/status.c), checked against the
 * field numbers of google/rpc/status.proto, google/protobuf/any.proto and
 * grpc/health/v1/health.proto written out here by hand, not against the
 * front's own grpc_wire.proto.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "status.h"

#define URL KGRPC_FIELD_ERROR_URL

/* Appends a length-delimited field (lengths under 128) to out. */
static size_t
put_bytes(uint8_t *out, size_t at, int field, const void *p, size_t n)
{
	assert_true(n < 128);
	out[at++] = (uint8_t) (field << 3 | 2);
	out[at++] = (uint8_t) n;
	memcpy(out + at, p, n);
	return at + n;
}

static void
test_status_is_google_rpc_status_with_field_errors_as_any(void **state)
{
	Kinerja__FieldError  fe[2]  = { KINERJA__FIELD_ERROR__INIT,
		  KINERJA__FIELD_ERROR__INIT };
	Kinerja__FieldError *fep[2] = { &fe[0], &fe[1] };
	uint8_t              want[512], any[256], packed[128], *got;
	size_t               n = 0, a, p, len;
	int                  i;

	(void) state;
	fe[0].index = 1, fe[0].field = "year", fe[0].list = "values";
	fe[0].code    = KINERJA__CODE__INVALID_ARGUMENT;
	fe[0].message = "year: 1 outside 1900-2200";
	fe[1].index = 4, fe[1].field = "unit", fe[1].list = "values";
	fe[1].code    = KINERJA__CODE__NOT_FOUND;
	fe[1].message = "unit: \"x\" not found";
	/* code = 1 (varint), message = 2, details = 3 (Any: type_url = 1,
	 * value = 2). */
	want[n++] = 0x08, want[n++] = 3;
	n = put_bytes(want, n, 2, "2 of 2 items rejected", 21);
	for (i = 0; i < 2; i++) {
		p = kinerja__field_error__pack(fep[i], packed);
		a = put_bytes(any, 0, 1, URL, strlen(URL));
		a = put_bytes(any, a, 2, packed, p);
		n = put_bytes(want, n, 3, any, a);
	}
	assert_int_equal(
	    kgrpc_status_pack(3, "2 of 2 items rejected", fep, 2, &got, &len),
	    0);
	assert_int_equal(len, n);
	assert_memory_equal(got, want, n);
	free(got);
}

static void
test_status_without_details_is_code_and_message(void **state)
{
	uint8_t *got;
	size_t   len;

	(void) state;
	assert_int_equal(kgrpc_status_pack(5, "nope", NULL, 0, &got, &len), 0);
	assert_int_equal(len, 8);
	assert_memory_equal(got, "\x08\x05\x12\x04nope", 8);
	free(got);
}

static void
test_health_check_names_the_server_or_the_service(void **state)
{
	(void) state;
	assert_int_equal(kgrpc_health_known(NULL, 0), 1); /* "" */
	assert_int_equal(kgrpc_health_known(
	                     (const uint8_t *) "\x0a\x0fkinerja.Kinerja", 17),
	    1);
	assert_int_equal(kgrpc_health_known((const uint8_t *) "\x0a\x03"
	                                                      "foo",
	                     5),
	    0);
	assert_int_equal(
	    kgrpc_health_known((const uint8_t *) "\x0a\x07kinerja", 9), 0);
	/* Not a message: a length past the end. */
	assert_int_equal(kgrpc_health_known((const uint8_t *) "\x0a\x09"
	                                                      "foo",
	                     5),
	    -1);
}

static void
test_health_answer_is_serving_or_not_serving(void **state)
{
	uint8_t buf[16];

	(void) state;
	assert_int_equal(kgrpc_health_pack(1, buf), 2);
	assert_memory_equal(buf, "\x08\x01", 2);
	assert_int_equal(kgrpc_health_pack(0, buf), 2);
	assert_memory_equal(buf, "\x08\x02", 2);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(
		    test_status_is_google_rpc_status_with_field_errors_as_any),
		cmocka_unit_test(
		    test_status_without_details_is_code_and_message),
		cmocka_unit_test(
		    test_health_check_names_the_server_or_the_service),
		cmocka_unit_test(test_health_answer_is_serving_or_not_serving),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
