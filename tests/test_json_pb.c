/*
 * Tests of the JSON mapping (proto/json_pb.c, the gateway's and the CLI's):
 * every field type of protobuf's JSON mapping, in and out, on a test proto
 * (json_pb_test.proto) and on kinerja's own messages. A refused body must
 * say which field is at fault and why.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "json_pb.h"
#include "json_pb_test.pb-c.h"
#include "kinerja/kinerja.pb-c.h"

/* ------------------------------------------------------------- helpers */

static struct kc_arena arena; /* what the messages of one test live in */

static int
free_arena(void **state)
{
	(void) state;
	kc_arena_free(&arena);
	return 0;
}

static ProtobufCMessage *
parse(const ProtobufCMessageDescriptor *d, const char *text)
{
	char              err[256] = "";
	cJSON            *json     = jsonpb_parse(text, strlen(text), NULL);
	ProtobufCMessage *m;

	if (json == NULL)
		fail_msg("test JSON does not parse: %s", text);
	m = jsonpb_to_message(d, json, &arena, err, sizeof(err));
	cJSON_Delete(json);
	if (m == NULL)
		fail_msg("%s rejected: %s", text, err);
	return m;
}

/* Checks that text is refused with exactly the message want. */
static void
refused(
    const ProtobufCMessageDescriptor *d, const char *text, const char *want)
{
	char              err[256] = "";
	cJSON            *json     = jsonpb_parse(text, strlen(text), NULL);
	ProtobufCMessage *m;

	if (json == NULL)
		fail_msg("test JSON does not parse: %s", text);
	m = jsonpb_to_message(d, json, &arena, err, sizeof(err));
	cJSON_Delete(json);
	if (m != NULL)
		fail_msg("%s accepted", text);
	assert_string_equal(err, want);
	/* What goes back to the caller is UTF-8 whatever came in. */
	assert_int_equal(kc_utf8_check(err, strlen(err)), KC_UTF8_OK);
}

/* Checks the compact JSON of a message. */
static void
printed(const ProtobufCMessage *m, const char *want)
{
	cJSON *json = jsonpb_from_message(m);
	char  *text;

	assert_non_null(json);
	text = cJSON_PrintUnformatted(json);
	cJSON_Delete(json);
	assert_non_null(text);
	assert_string_equal(text, want);
	free(text);
}

static Jsontest__Scalars *
scalars(const char *text)
{
	return (Jsontest__Scalars *) parse(
	    &jsontest__scalars__descriptor, text);
}

static Jsontest__Tree *
tree(const char *text)
{
	return (Jsontest__Tree *) parse(&jsontest__tree__descriptor, text);
}

#define SCALARS (&jsontest__scalars__descriptor)
#define TREE    (&jsontest__tree__descriptor)

/* --------------------------------------------------------------- input */

static void
test_every_scalar_type_is_read(void **state)
{
	Jsontest__Scalars *s =
	    scalars("{\"f_double\": 1.25, \"f_float\": 0.5,"
	            " \"f_int32\": -7, \"f_int64\": \"-8\","
	            " \"f_uint32\": 4294967295,"
	            " \"f_uint64\": \"18446744073709551615\","
	            " \"f_sint32\": -2147483648,"
	            " \"f_sint64\": \"-9223372036854775808\","
	            " \"f_fixed32\": 9, \"f_fixed64\": \"10\","
	            " \"f_sfixed32\": -11,"
	            " \"f_sfixed64\": \"-12\", \"f_bool\": true,"
	            " \"f_string\": \"Tanjung Tiram\","
	            " \"f_bytes\": \"aGVsbG8=\","
	            " \"f_color\": \"COLOR_GREEN\"}");

	(void) state;
	assert_true(s->f_double == 1.25);
	assert_true(s->f_float == 0.5f);
	assert_int_equal(s->f_int32, -7);
	assert_int_equal(s->f_int64, -8);
	assert_int_equal(s->f_uint32, UINT32_MAX);
	assert_true(s->f_uint64 == UINT64_MAX);
	assert_int_equal(s->f_sint32, INT32_MIN);
	assert_true(s->f_sint64 == INT64_MIN);
	assert_int_equal(s->f_fixed32, 9);
	assert_int_equal(s->f_fixed64, 10);
	assert_int_equal(s->f_sfixed32, -11);
	assert_int_equal(s->f_sfixed64, -12);
	assert_true(s->f_bool);
	assert_string_equal(s->f_string, "Tanjung Tiram");
	assert_int_equal(s->f_bytes.len, 5);
	assert_memory_equal(s->f_bytes.data, "hello", 5);
	assert_int_equal(s->f_color, JSONTEST__COLOR__COLOR_GREEN);
}

static void
test_absent_and_null_fields_keep_their_defaults(void **state)
{
	Jsontest__Scalars *s =
	    scalars("{\"f_int32\": null, \"f_string\": null}");

	(void) state;
	assert_int_equal(s->f_int32, 0);
	assert_string_equal(s->f_string, "");
	assert_int_equal(s->f_bytes.len, 0);
	assert_int_equal(s->f_color, 0);
}

static void
test_int64_is_read_from_strings_and_numbers(void **state)
{
	(void) state;
	/* 2^53 + 1, which a double rounds: exact as a string and as a
	 * number; the extremes of 64 bits as numbers too. */
	assert_true(scalars("{\"f_int64\": \"9007199254740993\"}")->f_int64 ==
	            9007199254740993LL);
	assert_true(scalars("{\"f_int64\": 9007199254740993}")->f_int64 ==
	            9007199254740993LL);
	assert_true(scalars("{\"f_int64\": -9223372036854775808}")->f_int64 ==
	            INT64_MIN);
	assert_true(scalars("{\"f_uint64\": 18446744073709551615}")
	                ->f_uint64 == UINT64_MAX);
	assert_true(scalars("{\"f_string\": \"12345678901234567\", "
	                    "\"f_int64\": 12345678901234567}")
	                ->f_int64 == 12345678901234567LL);
	/* Each number of a list keeps its own text, in order. */
	{
		Jsontest__Tree *t = tree("{\"numbers\": [1, 9007199254740993, "
		                         "2e0, -9007199254740995], "
		                         "\"name\": \"x\"}");

		assert_int_equal(t->n_numbers, 4);
		assert_true(t->numbers[1] == 9007199254740993LL);
		assert_true(t->numbers[3] == -9007199254740995LL);
	}
	assert_int_equal(scalars("{\"f_int64\": 42}")->f_int64, 42);
	assert_int_equal(scalars("{\"f_uint64\": 7}")->f_uint64, 7);
	assert_int_equal(scalars("{\"f_int32\": \"-5\"}")->f_int32, -5);
	assert_int_equal(scalars("{\"f_int32\": 3e2}")->f_int32, 300);
}

static void
test_integers_out_of_range_or_inexact_are_refused(void **state)
{
	(void) state;
	refused(SCALARS, "{\"f_int32\": 2147483648}",
	    "f_int32: 2147483648 is out of range for int32");
	refused(SCALARS, "{\"f_uint32\": -1}", "f_uint32: -1 is negative");
	refused(SCALARS, "{\"f_uint64\": \"-1\"}",
	    "f_uint64: \"-1\" is not an integer");
	refused(
	    SCALARS, "{\"f_int32\": 1.5}", "f_int32: 1.5 is not an integer");
	refused(SCALARS, "{\"f_int64\": 9007199254740993.0}",
	    "f_int64: 9007199254740992 is beyond 2^53: send it as a string");
	refused(SCALARS, "{\"f_int64\": 9223372036854775808}",
	    "f_int64: 9223372036854775808 is out of range");
	refused(SCALARS, "{\"f_uint64\": -12345678901234567}",
	    "f_uint64: -12345678901234567 is negative");
	refused(SCALARS, "{\"f_int32\": 12345678901234567}",
	    "f_int32: 12345678901234567 is out of range for int32");
	refused(SCALARS, "{\"f_int64\": \"99999999999999999999\"}",
	    "f_int64: 99999999999999999999 is out of range");
	refused(SCALARS, "{\"f_int64\": \"12abc\"}",
	    "f_int64: \"12abc\" is not an integer");
	refused(SCALARS, "{\"f_int64\": \" 12\"}",
	    "f_int64: \" 12\" is not an integer");
}

static void
test_doubles_take_numbers_and_the_special_strings(void **state)
{
	(void) state;
	assert_true(isnan(scalars("{\"f_double\": \"NaN\"}")->f_double));
	assert_true(
	    scalars("{\"f_double\": \"Infinity\"}")->f_double == INFINITY);
	assert_true(
	    scalars("{\"f_double\": \"-Infinity\"}")->f_double == -INFINITY);
	assert_true(scalars("{\"f_double\": \"2.5\"}")->f_double == 2.5);
	refused(SCALARS, "{\"f_double\": \"inf\"}",
	    "f_double: \"inf\" is not a number");
	refused(SCALARS, "{\"f_double\": true}",
	    "f_double: expected a number, got a boolean");
	refused(SCALARS, "{\"f_float\": 1e300}",
	    "f_float: 1e+300 is out of range for float");
}

static void
test_enums_are_read_by_name_or_known_number(void **state)
{
	(void) state;
	assert_int_equal(scalars("{\"f_color\": \"COLOR_RED\"}")->f_color,
	    JSONTEST__COLOR__COLOR_RED);
	assert_int_equal(scalars("{\"f_color\": 2}")->f_color,
	    JSONTEST__COLOR__COLOR_GREEN);
	refused(SCALARS, "{\"f_color\": \"COLOR_BLUE\"}",
	    "f_color: \"COLOR_BLUE\" is not a jsontest.Color");
	refused(SCALARS, "{\"f_color\": \"color_red\"}",
	    "f_color: \"color_red\" is not a jsontest.Color");
	refused(
	    SCALARS, "{\"f_color\": 9}", "f_color: 9 is not a jsontest.Color");
	refused(SCALARS, "{\"f_color\": [1]}",
	    "f_color: expected a jsontest.Color name, got an array");
}

static void
test_bytes_are_base64_standard_or_url_safe(void **state)
{
	Jsontest__Scalars *s;

	(void) state;
	s = scalars("{\"f_bytes\": \"+/8=\"}");
	assert_int_equal(s->f_bytes.len, 2);
	assert_memory_equal(s->f_bytes.data, "\xfb\xff", 2);
	s = scalars("{\"f_bytes\": \"-_8\"}"); /* URL-safe, unpadded */
	assert_int_equal(s->f_bytes.len, 2);
	assert_memory_equal(s->f_bytes.data, "\xfb\xff", 2);
	assert_int_equal(scalars("{\"f_bytes\": \"\"}")->f_bytes.len, 0);
	refused(SCALARS, "{\"f_bytes\": \"a\"}", "f_bytes: not base64");
	refused(SCALARS, "{\"f_bytes\": \"aGV*bG8=\"}", "f_bytes: not base64");
	refused(SCALARS, "{\"f_bytes\": 5}",
	    "f_bytes: expected a base64 string, got a number");
}

static void
test_strings_must_be_utf8(void **state)
{
	(void) state;
	refused(SCALARS, "{\"f_string\": \"\xc3\x28\"}",
	    "f_string: not valid UTF-8");
	refused(SCALARS, "{\"f_string\": \"\xed\xa0\x80\"}", /* surrogate */
	    "f_string: not valid UTF-8");
	assert_string_equal(
	    scalars("{\"f_string\": \"caf\\u00e9\"}")->f_string,
	    "caf\xc3\xa9");
	refused(SCALARS, "{\"f_string\": \"\xe0\x82\x80\"}", /* overlong */
	    "f_string: not valid UTF-8");
	refused(SCALARS, "{\"f_string\": \"\xf4\x90\x80\x80\"}",
	    "f_string: not valid UTF-8");
}

/* cJSON ends a string at an escaped NUL: "tanjung-tiram\u0000-x" must not
 * become "tanjung-tiram". */
static void
test_escaped_nul_is_refused_not_cut(void **state)
{
	(void) state;
	refused(SCALARS, "{\"f_string\": \"tanjung-tiram\\u0000-x\"}",
	    "f_string: contains a NUL byte");
	refused(TREE, "{\"tags\": [\"a\", \"\\u0000\"]}",
	    "tags[1]: contains a NUL byte");
	refused(TREE, "{\"child\": {\"name\": \"x\\u0000\"}}",
	    "child.name: contains a NUL byte");
	/* An escaped backslash before "u0000" is text, not a NUL. */
	assert_string_equal(
	    scalars("{\"f_string\": \"a\\\\u0000\"}")->f_string, "a\\u0000");
	/* In a field name: unknown, and named escaped. */
	refused(SCALARS, "{\"f_string\\u0000x\": \"a\"}",
	    "\"f_string\\xc0\\x80x\": unknown field of jsontest.Scalars");
}

/* cJSON refuses a lone surrogate escape outright; the field is named. */
static void
test_lone_surrogates_are_refused_naming_the_field(void **state)
{
	(void) state;
	refused(SCALARS, "{\"f_string\": \"a\\ud800\"}",
	    "f_string: not valid UTF-8");
	refused(SCALARS, "{\"f_string\": \"\\udc00b\"}",
	    "f_string: not valid UTF-8");
	refused(SCALARS, "{\"f_string\": \"\\ud800\\u0041\"}",
	    "f_string: not valid UTF-8");
	assert_string_equal(
	    scalars("{\"f_string\": \"\\ud83d\\udcc8\"}")->f_string,
	    "\xf0\x9f\x93\x88");
}

/* The caller's text in a message: escaped, cut between characters. */
static void
test_quoted_values_are_cut_whole(void **state)
{
	char euros[35 * 3 + 1] = "", text[256], want[256];
	int  i;

	(void) state;
	for (i = 0; i < 35; i++)
		strcat(euros, "\xe2\x82\xac");
	snprintf(text, sizeof(text), "{\"f_int32\": \"%s\"}", euros);
	/* 32 characters (96 bytes), where %.32s cut inside the 11th */
	snprintf(want, sizeof(want), "f_int32: \"%.96s\"... is not an integer",
	    euros);
	refused(SCALARS, text, want);
	refused(SCALARS, "{\"f_color\": \"RED\\u001b[0m\"}",
	    "f_color: \"RED\\x1b[0m\" is not a jsontest.Color");
}

/* Malformed JSON is still reported at its byte, escapes or not. */
static void
test_parse_reports_where_json_breaks(void **state)
{
	const char *text = "{\"f_string\": \"\\u0000\", x}", *end = NULL;

	(void) state;
	assert_null(jsonpb_parse(text, strlen(text), &end));
	assert_non_null(end);
	assert_int_equal(end - text, 24); /* as cJSON says without the NUL */
}

static void
test_wrong_types_are_refused_naming_the_field(void **state)
{
	(void) state;
	refused(SCALARS, "{\"f_int32\": \"x\"}",
	    "f_int32: \"x\" is not an integer");
	refused(SCALARS, "{\"f_int32\": true}",
	    "f_int32: expected an integer, got a boolean");
	refused(SCALARS, "{\"f_string\": 5}",
	    "f_string: expected a string, got a number");
	refused(SCALARS, "{\"f_bool\": \"true\"}",
	    "f_bool: expected true or false, got a string");
	refused(TREE, "{\"tags\": \"a\"}",
	    "tags: expected an array, got a string");
	refused(TREE, "{\"child\": []}",
	    "child: expected a jsontest.Tree object, got an array");
	refused(
	    TREE, "[]", "body: expected a jsontest.Tree object, got an array");
}

static void
test_unknown_fields_are_refused_by_name(void **state)
{
	(void) state;
	refused(SCALARS, "{\"f_int32\": 1, \"f_int33\": 2}",
	    "f_int33: unknown field of jsontest.Scalars");
	refused(TREE, "{\"child\": {\"child\": {\"nama\": \"x\"}}}",
	    "child.child.nama: unknown field of jsontest.Tree");
}

static void
test_lower_camel_case_names_are_accepted(void **state)
{
	(void) state;
	assert_int_equal(scalars("{\"fInt32\": 4}")->f_int32, 4);
	refused(SCALARS, "{\"fint32\": 4}",
	    "fint32: unknown field of jsontest.Scalars");
	refused(
	    SCALARS, "{\"f_int32\": 1, \"fInt32\": 2}", "fInt32: given twice");
}

static void
test_repeated_fields_are_arrays(void **state)
{
	Jsontest__Tree *t = tree("{\"numbers\": [\"1\", 2, \"-3\"],"
	                         " \"tags\": [\"a\", \"b\"],"
	                         " \"colors\": [\"COLOR_RED\", 2],"
	                         " \"children\": [{\"name\": \"x\"}, {}]}");

	(void) state;
	assert_int_equal(t->n_numbers, 3);
	assert_int_equal(t->numbers[0], 1);
	assert_int_equal(t->numbers[2], -3);
	assert_int_equal(t->n_tags, 2);
	assert_string_equal(t->tags[1], "b");
	assert_int_equal(t->n_colors, 2);
	assert_int_equal(t->colors[1], JSONTEST__COLOR__COLOR_GREEN);
	assert_int_equal(t->n_children, 2);
	assert_string_equal(t->children[0]->name, "x");
	assert_string_equal(t->children[1]->name, "");
	assert_int_equal(tree("{\"tags\": []}")->n_tags, 0);
	assert_int_equal(tree("{\"tags\": null}")->n_tags, 0);
}

static void
test_errors_in_lists_name_the_item(void **state)
{
	(void) state;
	refused(TREE, "{\"children\": [{}, {\"numbers\": [1, \"x\"]}]}",
	    "children[1].numbers[1]: \"x\" is not an integer");
	refused(TREE, "{\"tags\": [\"a\", null]}", "tags[1]: null in a list");
}

static void
test_nested_messages_are_built(void **state)
{
	Jsontest__Tree *t = tree("{\"name\": \"root\", \"child\": {\"name\":"
	                         " \"kid\", \"scalars\": {\"f_int32\": 3}}}");

	(void) state;
	assert_string_equal(t->name, "root");
	assert_non_null(t->child);
	assert_string_equal(t->child->name, "kid");
	assert_null(t->child->child);
	assert_int_equal(t->child->scalars->f_int32, 3);
	assert_null(t->scalars);
}

static void
test_oneof_members_are_set_with_their_case(void **state)
{
	Jsontest__Tree *t = tree("{\"weight\": 0}");

	(void) state;
	assert_int_equal(
	    t->opt_weight_case, JSONTEST__TREE__OPT_WEIGHT_WEIGHT);
	assert_true(t->weight == 0);
	assert_int_equal(tree("{}")->opt_weight_case, 0);
	assert_int_equal(tree("{\"weight\": null}")->opt_weight_case, 0);
}

static void
test_duplicate_keys_are_refused(void **state)
{
	(void) state;
	refused(SCALARS, "{\"f_int32\": 1, \"f_int32\": 2}",
	    "f_int32: given twice");
}

/* -------------------------------------------------------------- output */

static void
test_every_scalar_type_is_written(void **state)
{
	const char *text = "{\"f_double\":1.25,\"f_float\":0.1,\"f_int32\":-7,"
	                   "\"f_int64\":\"-9007199254740993\","
	                   "\"f_uint32\":4294967295,"
	                   "\"f_uint64\":\"18446744073709551615\","
	                   "\"f_sint32\":-2147483648,"
	                   "\"f_sint64\":\"-9223372036854775808\","
	                   "\"f_fixed32\":9,\"f_fixed64\":\"10\","
	                   "\"f_sfixed32\":-11,\"f_sfixed64\":\"-12\","
	                   "\"f_bool\":true,\"f_string\":\"Tanjung Tiram\","
	                   "\"f_bytes\":\"aGVsbG8=\","
	                   "\"f_color\":\"COLOR_GREEN\"}";

	(void) state;
	printed(&scalars(text)->base, text);
}

static void
test_defaults_are_written_too(void **state)
{
	Jsontest__Scalars s = JSONTEST__SCALARS__INIT;

	(void) state;
	printed(&s.base,
	    "{\"f_double\":0,\"f_float\":0,\"f_int32\":0,\"f_int64\":\"0\","
	    "\"f_uint32\":0,\"f_uint64\":\"0\",\"f_sint32\":0,"
	    "\"f_sint64\":\"0\",\"f_fixed32\":0,\"f_fixed64\":\"0\","
	    "\"f_sfixed32\":0,\"f_sfixed64\":\"0\",\"f_bool\":false,"
	    "\"f_string\":\"\",\"f_bytes\":\"\","
	    "\"f_color\":\"COLOR_UNSPECIFIED\"}");
}

static void
test_special_doubles_and_unknown_enums_are_written(void **state)
{
	Jsontest__Tree    t         = JSONTEST__TREE__INIT;
	Jsontest__Scalars s         = JSONTEST__SCALARS__INIT;
	Jsontest__Color   colors[]  = { 1, 7 };
	int64_t           numbers[] = { INT64_MAX };

	(void) state;
	s.f_double        = NAN;
	s.f_float         = -INFINITY;
	s.f_bytes.data    = (uint8_t *) "ab";
	s.f_bytes.len     = 2;
	t.scalars         = &s;
	t.n_colors        = 2;
	t.colors          = colors;
	t.n_numbers       = 1;
	t.numbers         = numbers;
	t.opt_weight_case = JSONTEST__TREE__OPT_WEIGHT_WEIGHT;
	t.weight          = INFINITY;
	printed(&t.base,
	    "{\"name\":\"\",\"children\":[],"
	    "\"numbers\":[\"9223372036854775807\"],\"tags\":[],"
	    "\"colors\":[\"COLOR_RED\",7],\"scalars\":{\"f_double\":\"NaN\","
	    "\"f_float\":\"-Infinity\",\"f_int32\":0,\"f_int64\":\"0\","
	    "\"f_uint32\":0,\"f_uint64\":\"0\",\"f_sint32\":0,"
	    "\"f_sint64\":\"0\",\"f_fixed32\":0,\"f_fixed64\":\"0\","
	    "\"f_sfixed32\":0,\"f_sfixed64\":\"0\",\"f_bool\":false,"
	    "\"f_string\":\"\",\"f_bytes\":\"YWI=\","
	    "\"f_color\":\"COLOR_UNSPECIFIED\"},\"weight\":\"Infinity\"}");
}

static void
test_unset_oneof_members_and_messages_are_left_out(void **state)
{
	(void) state;
	printed(&tree("{\"name\": \"a\"}")->base,
	    "{\"name\":\"a\",\"children\":[],\"numbers\":[],"
	    "\"tags\":[],\"colors\":[]}");
}

static void
test_bytes_of_every_length_round_trip(void **state)
{
	static const uint8_t data[] = { 0, 1, 0xfe, 0xff, 0x80, 0x7f, 'x' };
	Jsontest__Scalars    s      = JSONTEST__SCALARS__INIT;
	size_t               n;

	(void) state;
	for (n = 0; n <= sizeof(data); n++) {
		cJSON             *json;
		Jsontest__Scalars *back;
		char               err[256];

		s.f_bytes.data = (uint8_t *) data;
		s.f_bytes.len  = n;
		json           = jsonpb_from_message(&s.base);
		assert_non_null(json);
		back = (Jsontest__Scalars *) jsonpb_to_message(
		    SCALARS, json, &arena, err, sizeof(err));
		cJSON_Delete(json);
		assert_non_null(back);
		assert_int_equal(back->f_bytes.len, n);
		if (n)
			assert_memory_equal(back->f_bytes.data, data, n);
	}
}

/* ---------------------------------------------------- kinerja messages */

/* What the gateway does: JSON -> message -> wire, read back by the
 * generated unpacker as kinerjad would. */
static void
test_submit_request_survives_the_wire(void **state)
{
	ProtobufCMessage *m = parse(
	    &kinerja__submit_indicator_data_request__descriptor,
	    "{\"values\": [{\"unit\": \"tanjung-tiram\", \"indicator\": "
	    "\"IKM\","
	    " \"year\": 2024, \"kind\": \"VALUE_KIND_REALISASI\","
	    " \"value\": 82.5}, {\"unit\": \"lima-puluh\", \"indicator\":"
	    " \"AKIP\", \"year\": 2024, \"kind\": 4, \"predikat\": \"BB\"}],"
	    " \"partial\": true}");
	size_t   n   = protobuf_c_message_get_packed_size(m);
	uint8_t *buf = malloc(n);
	Kinerja__SubmitIndicatorDataRequest *r;

	(void) state;
	protobuf_c_message_pack(m, buf);
	r = kinerja__submit_indicator_data_request__unpack(NULL, n, buf);
	free(buf);
	assert_non_null(r);
	assert_int_equal(r->n_values, 2);
	assert_true(r->partial);
	assert_false(r->validate_only);
	assert_string_equal(r->values[0]->unit, "tanjung-tiram");
	assert_int_equal(r->values[0]->year, 2024);
	assert_int_equal(
	    r->values[0]->kind, KINERJA__VALUE_KIND__VALUE_KIND_REALISASI);
	assert_int_equal(r->values[0]->opt_value_case,
	    KINERJA__INDICATOR_VALUE__OPT_VALUE_VALUE);
	assert_true(r->values[0]->value == 82.5);
	assert_int_equal(r->values[1]->opt_value_case, 0);
	assert_string_equal(r->values[1]->predikat, "BB");
	kinerja__submit_indicator_data_request__free_unpacked(r, NULL);
}

static void
test_kinerja_errors_name_the_item(void **state)
{
	(void) state;
	refused(&kinerja__submit_indicator_data_request__descriptor,
	    "{\"values\": [{}, {\"year\": \"2024x\"}]}",
	    "values[1].year: \"2024x\" is not an integer");
	refused(&kinerja__get_capaian_request__descriptor,
	    "{\"unit\": \"batubara\", \"predikat_rule\": \"MID\"}",
	    "predikat_rule: \"MID\" is not a kinerja.PredikatRule");
}

static void
test_kinerja_budget_amounts_are_strings(void **state)
{
	Kinerja__BudgetLine l = KINERJA__BUDGET_LINE__INIT;
	cJSON              *json;
	char               *text;

	(void) state;
	l.opt_pagu_case = KINERJA__BUDGET_LINE__OPT_PAGU_PAGU_SEN;
	l.pagu_sen      = 123456789012345LL;
	json            = jsonpb_from_message(&l.base);
	text = cJSON_PrintUnformatted(cJSON_GetObjectItem(json, "pagu_sen"));
	assert_string_equal(text, "\"123456789012345\"");
	assert_null(cJSON_GetObjectItem(json, "realisasi_sen"));
	free(text);
	cJSON_Delete(json);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_teardown(f, free_arena)
		T(test_every_scalar_type_is_read),
		T(test_absent_and_null_fields_keep_their_defaults),
		T(test_int64_is_read_from_strings_and_numbers),
		T(test_integers_out_of_range_or_inexact_are_refused),
		T(test_doubles_take_numbers_and_the_special_strings),
		T(test_enums_are_read_by_name_or_known_number),
		T(test_bytes_are_base64_standard_or_url_safe),
		T(test_strings_must_be_utf8),
		T(test_escaped_nul_is_refused_not_cut),
		T(test_lone_surrogates_are_refused_naming_the_field),
		T(test_quoted_values_are_cut_whole),
		T(test_parse_reports_where_json_breaks),
		T(test_wrong_types_are_refused_naming_the_field),
		T(test_unknown_fields_are_refused_by_name),
		T(test_lower_camel_case_names_are_accepted),
		T(test_repeated_fields_are_arrays),
		T(test_errors_in_lists_name_the_item),
		T(test_nested_messages_are_built),
		T(test_oneof_members_are_set_with_their_case),
		T(test_duplicate_keys_are_refused),
		T(test_every_scalar_type_is_written),
		T(test_defaults_are_written_too),
		T(test_special_doubles_and_unknown_enums_are_written),
		T(test_unset_oneof_members_and_messages_are_left_out),
		T(test_bytes_of_every_length_round_trip),
		T(test_submit_request_survives_the_wire),
		T(test_kinerja_errors_name_the_item),
		T(test_kinerja_budget_amounts_are_strings),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
