/*
 * test_text.c - which strings kinerjad stores: well-formed UTF-8 without
 * control characters, tab allowed.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "kcore.h"

static void
test_text_plain_and_indonesian(void **state)
{
	(void) state;
	assert_true(kc_text_ok(""));
	assert_true(kc_text_ok("Kecamatan Tanjung Tiram"));
	assert_true(kc_text_ok("Capaian (%)\tNilai"));
	assert_true(kc_text_ok("Rp. 2.216.552.780,00 \xe2\x80\x94 100 %"));
	assert_true(kc_text_ok("\xf0\x9f\x93\x88")); /* a 4-byte emoji */
}

static void
test_text_control_characters_refused(void **state)
{
	(void) state;
	assert_false(kc_text_ok("Kec \x1b[31mRED"));
	assert_false(kc_text_ok("line\nbreak"));
	assert_false(kc_text_ok("del\x7f"));
}

static void
test_text_malformed_utf8_refused(void **state)
{
	(void) state;
	assert_false(kc_text_ok("Kec \xff\xfe"));
	assert_false(kc_text_ok("\xc0\xaf")); /* overlong '/' */
	assert_false(kc_text_ok("\xe0\x80\xaf")); /* overlong */
	assert_false(kc_text_ok("\xed\xa0\x80")); /* a surrogate */
	assert_false(kc_text_ok("\xf4\x90\x80\x80")); /* past U+10FFFF */
	assert_false(kc_text_ok("cut \xe2\x82")); /* truncated */
	assert_false(kc_text_ok("\x80")); /* lone continuation */
}

static void
test_loopback_hosts(void **state)
{
	(void) state;
	assert_true(kc_loopback_host("127.0.0.1"));
	assert_true(kc_loopback_host("127.8.9.10"));
	assert_true(kc_loopback_host("localhost"));
	assert_true(kc_loopback_host("::1"));
	assert_false(kc_loopback_host("127.0.0.1.evil.example"));
	assert_false(kc_loopback_host("127.example"));
	assert_false(kc_loopback_host("localhost.example"));
	assert_false(kc_loopback_host("0.0.0.0"));
	assert_false(kc_loopback_host(""));
	assert_false(kc_loopback_host("::"));
	assert_false(kc_loopback_host("::ffff:127.0.0.1"));
	assert_false(kc_loopback_host("10.0.0.1"));
	/* unix:// and abstract:// URLs parse with no host. */
	assert_false(kc_loopback_host(NULL));
}

static void
test_utf8_allows_control_characters(void **state)
{
	(void) state;
	assert_true(kc_utf8_ok("baris\nbaru\x01 \xc3\xa9"));
	assert_false(kc_utf8_ok("\xc3"));
	assert_false(kc_utf8_ok("\xed\xa0\x80")); /* a surrogate */
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text_plain_and_indonesian),
		cmocka_unit_test(test_text_control_characters_refused),
		cmocka_unit_test(test_text_malformed_utf8_refused),
		cmocka_unit_test(test_loopback_hosts),
		cmocka_unit_test(test_utf8_allows_control_characters),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
