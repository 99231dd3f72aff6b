/*
 * test_text.c - which strings kinerjad stores: well-formed UTF-8 without
 * control characters, tab allowed; which it accepts on the wire; how it
 * quotes a caller's text back.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

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

/* Protobuf strings arrive with a length: a NUL inside is refused apart,
 * since protobuf-c would cut the string there. */
static void
test_utf8_check_counts_every_byte(void **state)
{
	(void) state;
	assert_int_equal(kc_utf8_check("", 0), KC_UTF8_OK);
	assert_int_equal(kc_utf8_check("tiram\tx\n", 8), KC_UTF8_OK);
	assert_int_equal(kc_utf8_check("\xf0\x9f\x93\x88", 4), KC_UTF8_OK);
	assert_int_equal(kc_utf8_check("tanjung-tiram\0-x", 16), KC_UTF8_NUL);
	assert_int_equal(kc_utf8_check("\0", 1), KC_UTF8_NUL);
	assert_int_equal(kc_utf8_check("\xc0\x80", 2), KC_UTF8_BAD);
	assert_int_equal(kc_utf8_check("\xc0\xaf", 2), KC_UTF8_BAD);
	assert_int_equal(kc_utf8_check("\xe0\x82\x80", 3), KC_UTF8_BAD);
	assert_int_equal(kc_utf8_check("\xf0\x80\x80\xaf", 4), KC_UTF8_BAD);
	assert_int_equal(kc_utf8_check("\xed\xa0\x80", 3), KC_UTF8_BAD);
	assert_int_equal(kc_utf8_check("\xed\xbf\xbf", 3), KC_UTF8_BAD);
	assert_int_equal(kc_utf8_check("\xf4\x90\x80\x80", 4), KC_UTF8_BAD);
	assert_int_equal(kc_utf8_check("\xf5\x80\x80\x80", 4), KC_UTF8_BAD);
	assert_int_equal(kc_utf8_check("\xff", 1), KC_UTF8_BAD);
	/* A sequence cut by the length, though the bytes go on. */
	assert_int_equal(kc_utf8_check("\xe2\x82\xac", 2), KC_UTF8_BAD);
	assert_int_equal(kc_utf8_check("\xe2\x82\xac", 3), KC_UTF8_OK);
}

static void
test_utf8_repair_keeps_the_length(void **state)
{
	char s[] = "a\xff"
	           "b\xe2\x82\xac\xed\xa0\x80"
	           "c\xe2\x82";

	(void) state;
	kc_utf8_repair(s, sizeof(s) - 1);
	assert_string_equal(s, "a?b\xe2\x82\xac???c??");
	assert_int_equal(kc_utf8_check(s, strlen(s)), KC_UTF8_OK);
}

static void
test_utf8_trim_drops_a_cut_character(void **state)
{
	char a[] = "Rp \xe2\x82", b[] = "Rp \xe2", c[] = "Rp \xe2\x82\xac",
	     d[] = "\xf0\x9f\x93";

	(void) state;
	kc_utf8_trim(a);
	kc_utf8_trim(b);
	kc_utf8_trim(c);
	kc_utf8_trim(d);
	assert_string_equal(a, "Rp ");
	assert_string_equal(b, "Rp ");
	assert_string_equal(c, "Rp \xe2\x82\xac");
	assert_string_equal(d, "");
}

static void
test_quote_escapes_caller_text(void **state)
{
	char b[128];

	(void) state;
	assert_string_equal(kc_quote(b, sizeof(b), "tiram", 64), "\"tiram\"");
	assert_string_equal(
	    kc_quote(b, sizeof(b), "a\"b\\c", 64), "\"a\\\"b\\\\c\"");
	assert_string_equal(
	    kc_quote(b, sizeof(b), "x\x1b[31m\n", 64), "\"x\\x1b[31m\\x0a\"");
	assert_string_equal(
	    kc_quote(b, sizeof(b), "bad\xff\xfe", 64), "\"bad\\xff\\xfe\"");
	assert_string_equal(
	    kc_quote(b, sizeof(b), "\xed\xa0\x80", 64), "\"\\xed\\xa0\\x80\"");
	assert_string_equal(kc_quote(b, sizeof(b), "Rp \xe2\x82\xac", 64),
	    "\"Rp \xe2\x82\xac\"");
}

/* Cut at a number of characters, never inside one, and said so. */
static void
test_quote_cuts_at_characters(void **state)
{
	char b[128];

	(void) state;
	assert_string_equal(kc_quote(b, sizeof(b), "abcdef", 3), "\"abc\"...");
	assert_string_equal(kc_quote(b, sizeof(b), "abc", 3), "\"abc\"");
	assert_string_equal(
	    kc_quote(b, sizeof(b), "\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac", 2),
	    "\"\xe2\x82\xac\xe2\x82\xac\"...");
	/* The buffer, not max_chars, is the limit: still whole characters. */
	assert_string_equal(
	    kc_quote(b, 10, "\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac", 64),
	    "\"\xe2\x82\xac\"...");
	assert_string_equal(
	    kc_quote(b, 10, "\x01\x02\x03", 64), "\"\\x01\"...");
	assert_int_equal(kc_utf8_check(b, strlen(b)), KC_UTF8_OK);
	assert_string_equal(kc_quote(b, 3, "abc", 64), "");
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
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text_plain_and_indonesian),
		cmocka_unit_test(test_text_control_characters_refused),
		cmocka_unit_test(test_text_malformed_utf8_refused),
		cmocka_unit_test(test_utf8_check_counts_every_byte),
		cmocka_unit_test(test_utf8_repair_keeps_the_length),
		cmocka_unit_test(test_utf8_trim_drops_a_cut_character),
		cmocka_unit_test(test_quote_escapes_caller_text),
		cmocka_unit_test(test_quote_cuts_at_characters),
		cmocka_unit_test(test_loopback_hosts),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
