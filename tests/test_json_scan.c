/*
 * Tests of the gateway's pre-scan (service/gateway/json_scan.c): what
 * parsing a body would build, bounded before cJSON builds it. An array
 * over --max-batch is refused naming its member, at its first item too
 * many; strings do not fool the count; the tree and the depth are bounded.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "json_scan.h"

static char err[256];

static enum jsonscan_result
scan(const char *text, uint32_t max_items, size_t max_tree)
{
	struct jsonscan_limits lim = { max_items, max_tree };

	err[0] = 0;
	return jsonscan_check(text, strlen(text), &lim, err, sizeof(err));
}

static void
test_json_scan_request_within_limits(void **state)
{
	(void) state;
	assert_int_equal(scan("{\"values\": [{\"unit\": \"a\", \"year\": 2024,"
	                      " \"value\": -1.5e3, \"ok\": true}, {}],"
	                      " \"partial\": null}",
	                     2, 1 << 20),
	    JSONSCAN_OK);
	assert_string_equal(err, "");
}

static void
test_json_scan_array_over_names_its_member(void **state)
{
	(void) state;
	assert_int_equal(
	    scan("{\"unit\": \"a\", \"values\": [{}, {}, {}]}", 2, 1 << 20),
	    JSONSCAN_TOO_LARGE);
	assert_string_equal(err,
	    "values: more than 2 items; at most 2 per request (--max-batch)");
}

/* What follows the item too many is never looked at. */
static void
test_json_scan_stops_at_the_item_too_many(void **state)
{
	(void) state;
	assert_int_equal(
	    scan("{\"lines\": [1, 2, 3, \x01\x02 garbage", 2, 1 << 20),
	    JSONSCAN_TOO_LARGE);
	assert_non_null(strstr(err, "lines: more than 2 items"));
}

static void
test_json_scan_nested_and_top_level_arrays(void **state)
{
	(void) state;
	assert_int_equal(scan("[1, 2, 3]", 2, 1 << 20), JSONSCAN_TOO_LARGE);
	assert_non_null(strstr(err, "body: more than 2 items"));
	assert_int_equal(
	    scan("{\"m\": [[1, 2, 3]]}", 2, 1 << 20), JSONSCAN_TOO_LARGE);
	assert_non_null(strstr(err, "m: more than 2 items"));
	assert_int_equal(
	    scan("{\"a\": [1, 2], \"b\": {\"c\": [3, 4]}}", 2, 1 << 20),
	    JSONSCAN_OK);
}

static void
test_json_scan_strings_hold_no_structure(void **state)
{
	(void) state;
	assert_int_equal(
	    scan(
	        "{\"a\": \"[1,2,3]\\\"[,,\", \"b,[\": [\"x,y\"]}", 1, 1 << 20),
	    JSONSCAN_OK);
}

/* cJSON skips every byte up to the space, NUL included: so does the
 * count (fuzz_json found a NUL counted as an item). */
static void
test_json_scan_control_bytes_are_blanks(void **state)
{
	struct jsonscan_limits lim    = { 1, 1 << 20 };
	const char             text[] = "{\"a\": [\0\x01 {}\x1f]}";

	(void) state;
	assert_int_equal(
	    jsonscan_check(text, sizeof(text) - 1, &lim, err, sizeof(err)),
	    JSONSCAN_OK);
}

/* 2-byte values cost a cJSON node each: the tree is bounded too. */
static void
test_json_scan_tree_over_budget(void **state)
{
	size_t n    = 10000, i;
	char  *text = malloc(2 * n + 3);

	(void) state;
	assert_non_null(text);
	text[0] = '[';
	for (i = 0; i < n; i++) {
		text[1 + 2 * i] = '0';
		text[2 + 2 * i] = ',';
	}
	strcpy(text + 2 * n, "0]");
	assert_int_equal(scan(text, 100000, 100000), JSONSCAN_TOO_LARGE);
	assert_non_null(strstr(err, "would take more than 100000 bytes"));
	assert_int_equal(scan(text, 100000, 10 << 20), JSONSCAN_OK);
	free(text);
}

static void
test_json_scan_depth(void **state)
{
	char *text = malloc(JSONSCAN_MAX_DEPTH + 2);

	(void) state;
	assert_non_null(text);
	memset(text, '[', JSONSCAN_MAX_DEPTH + 1);
	text[JSONSCAN_MAX_DEPTH + 1] = 0;
	assert_int_equal(scan(text, 10, 1 << 20), JSONSCAN_TOO_DEEP);
	assert_non_null(strstr(err, "nested more than 1000 levels"));
	text[JSONSCAN_MAX_DEPTH] = 0;
	assert_int_equal(scan(text, 10, 1 << 20), JSONSCAN_OK);
	free(text);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_json_scan_request_within_limits),
		cmocka_unit_test(test_json_scan_array_over_names_its_member),
		cmocka_unit_test(test_json_scan_stops_at_the_item_too_many),
		cmocka_unit_test(test_json_scan_nested_and_top_level_arrays),
		cmocka_unit_test(test_json_scan_strings_hold_no_structure),
		cmocka_unit_test(test_json_scan_control_bytes_are_blanks),
		cmocka_unit_test(test_json_scan_tree_over_budget),
		cmocka_unit_test(test_json_scan_depth),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
