/*
 * Tests of the CSV reader that imports spreadsheets, record by record with
 * the line each record starts on, and of the arena that holds what a
 * request or an import allocates. The reader must follow RFC 4180 quoting,
 * detect ';' from the header and recover from a bad line.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "kcore.h"

/* ------------------------------------------------------------- helpers */

static void
csv_open(struct kc_csv *c, const char *text)
{
	kc_csv_init(c, text, strlen(text));
}

/* Reads the next record; it must start on `line` and hold the fields
 * given, NULL-terminated. */
static void
expect_record(struct kc_csv *c, struct kc_csv_row *row, unsigned line, ...)
{
	const char *why = NULL;
	const char *want;
	va_list     ap;
	size_t      n = 0;
	int         rc;

	rc = kc_csv_next(c, row, &why);
	if (rc != 1)
		fail_msg("expected a record on line %u, got %d (%s)", line, rc,
		    why ? why : "");
	assert_int_equal(row->line, line);
	va_start(ap, line);
	while ((want = va_arg(ap, const char *)) != NULL) {
		if (n >= row->nfields) {
			va_end(ap);
			fail_msg(
			    "line %u: only %zu fields", line, row->nfields);
		}
		assert_string_equal(row->fields[n], want);
		n++;
	}
	va_end(ap);
	assert_int_equal(row->nfields, n);
}

/* Reads the next record, which must be malformed and start on `line`. */
static const char *
expect_error(struct kc_csv *c, struct kc_csv_row *row, unsigned line)
{
	const char *why = NULL;

	assert_int_equal(kc_csv_next(c, row, &why), -1);
	assert_non_null(why);
	assert_true(why[0] != '\0');
	assert_int_equal(row->line, line);
	return why;
}

static void
expect_end(struct kc_csv *c, struct kc_csv_row *row)
{
	const char *why = NULL;

	assert_int_equal(kc_csv_next(c, row, &why), 0);
}

/* ---------------------------------------------------------- delimiter */

static void
test_csv_comma_by_default(void **state)
{
	struct kc_csv     c;
	struct kc_csv_row row = { 0 };

	(void) state;
	csv_open(&c, "unit,year,value\nTanjung Tiram,2025,\"90,07\"\n");
	assert_int_equal(c.delim, ',');
	expect_record(&c, &row, 1, "unit", "year", "value", NULL);
	expect_record(&c, &row, 2, "Tanjung Tiram", "2025", "90,07", NULL);
	expect_end(&c, &row);
	kc_csv_row_free(&row);
}

static void
test_csv_semicolon_detected_from_header(void **state)
{
	struct kc_csv     c;
	struct kc_csv_row row = { 0 };

	(void) state;
	csv_open(&c, "unit;year;value\nTanjung Tiram;2025;90,07\n");
	assert_int_equal(c.delim, ';');
	expect_record(&c, &row, 1, "unit", "year", "value", NULL);
	expect_record(&c, &row, 2, "Tanjung Tiram", "2025", "90,07", NULL);
	expect_end(&c, &row);
	kc_csv_row_free(&row);
}

static void
test_csv_semicolon_in_quoted_header_ignored(void **state)
{
	struct kc_csv     c;
	struct kc_csv_row row = { 0 };

	(void) state;
	csv_open(&c, "\"a;b\",c\n1,2\n");
	assert_int_equal(c.delim, ',');
	expect_record(&c, &row, 1, "a;b", "c", NULL);
	expect_record(&c, &row, 2, "1", "2", NULL);
	kc_csv_row_free(&row);
}

static void
test_csv_semicolon_after_header_ignored(void **state)
{
	struct kc_csv     c;
	struct kc_csv_row row = { 0 };

	(void) state;
	csv_open(&c, "a,b\n1;2,3\n");
	assert_int_equal(c.delim, ',');
	expect_record(&c, &row, 1, "a", "b", NULL);
	expect_record(&c, &row, 2, "1;2", "3", NULL);
	kc_csv_row_free(&row);
}

static void
test_csv_header_after_blank_lines_decides(void **state)
{
	struct kc_csv     c;
	struct kc_csv_row row = { 0 };

	(void) state;
	csv_open(&c, "\n \r\na;b\n1;2\n");
	assert_int_equal(c.delim, ';');
	expect_record(&c, &row, 3, "a", "b", NULL);
	expect_record(&c, &row, 4, "1", "2", NULL);
	kc_csv_row_free(&row);
}

/* ------------------------------------------------------------ quoting */

static void
test_csv_doubled_quote_is_a_quote(void **state)
{
	struct kc_csv     c;
	struct kc_csv_row row = { 0 };

	(void) state;
	csv_open(&c, "a;b\n\"Dokumen \"\"LKjIP\"\"\";\"\"\"\"\n");
	expect_record(&c, &row, 1, "a", "b", NULL);
	expect_record(&c, &row, 2, "Dokumen \"LKjIP\"", "\"", NULL);
	kc_csv_row_free(&row);
}

static void
test_csv_quoted_delimiter_is_text(void **state)
{
	struct kc_csv     c;
	struct kc_csv_row row = { 0 };

	(void) state;
	csv_open(&c, "a;b\n\"x;y\";\"\"\n");
	expect_record(&c, &row, 1, "a", "b", NULL);
	expect_record(&c, &row, 2, "x;y", "", NULL);
	kc_csv_row_free(&row);
}

static void
test_csv_quoted_newline_keeps_line_numbers(void **state)
{
	struct kc_csv     c;
	struct kc_csv_row row = { 0 };

	(void) state;
	csv_open(&c, "a;b\n\"Program\nPenunjang\n\";x\nc;d\n");
	expect_record(&c, &row, 1, "a", "b", NULL);
	expect_record(&c, &row, 2, "Program\nPenunjang\n", "x", NULL);
	expect_record(&c, &row, 5, "c", "d", NULL);
	expect_end(&c, &row);
	kc_csv_row_free(&row);
}

/* ------------------------------------------------------- line endings */

static void
test_csv_crlf_line_endings(void **state)
{
	struct kc_csv     c;
	struct kc_csv_row row = { 0 };

	(void) state;
	csv_open(&c, "a;b\r\n1;\"2\"\r\n3;4\r\n");
	expect_record(&c, &row, 1, "a", "b", NULL);
	expect_record(&c, &row, 2, "1", "2", NULL);
	expect_record(&c, &row, 3, "3", "4", NULL);
	expect_end(&c, &row);
	kc_csv_row_free(&row);
}

static void
test_csv_utf8_bom_skipped(void **state)
{
	struct kc_csv     c;
	struct kc_csv_row row = { 0 };

	(void) state;
	csv_open(&c, "\xEF\xBB\xBFunit;year\nX;2025\n");
	assert_int_equal(c.delim, ';');
	expect_record(&c, &row, 1, "unit", "year", NULL);
	expect_record(&c, &row, 2, "X", "2025", NULL);
	kc_csv_row_free(&row);
}

static void
test_csv_blank_lines_skipped(void **state)
{
	struct kc_csv     c;
	struct kc_csv_row row = { 0 };

	(void) state;
	csv_open(&c, "a;b\n\n  \t\n\r\n1;2\n\n");
	expect_record(&c, &row, 1, "a", "b", NULL);
	expect_record(&c, &row, 5, "1", "2", NULL);
	expect_end(&c, &row);
	kc_csv_row_free(&row);
}

static void
test_csv_last_record_without_newline(void **state)
{
	struct kc_csv     c;
	struct kc_csv_row row = { 0 };

	(void) state;
	csv_open(&c, "a;b\n1;\"2\"");
	expect_record(&c, &row, 1, "a", "b", NULL);
	expect_record(&c, &row, 2, "1", "2", NULL);
	expect_end(&c, &row);
	kc_csv_row_free(&row);
}

static void
test_csv_reads_only_len_bytes(void **state)
{
	static const char text[] = "a;b\n1;2\n3;4";
	struct kc_csv     c;
	struct kc_csv_row row = { 0 };
	char             *buf;

	(void) state;
	/* No terminating NUL: the reader must stop at len. */
	buf = malloc(sizeof(text) - 1);
	assert_non_null(buf);
	memcpy(buf, text, sizeof(text) - 1);
	kc_csv_init(&c, buf, 8);
	expect_record(&c, &row, 1, "a", "b", NULL);
	expect_record(&c, &row, 2, "1", "2", NULL);
	expect_end(&c, &row);
	kc_csv_init(&c, buf, sizeof(text) - 1);
	expect_record(&c, &row, 1, "a", "b", NULL);
	expect_record(&c, &row, 2, "1", "2", NULL);
	expect_record(&c, &row, 3, "3", "4", NULL);
	expect_end(&c, &row);
	kc_csv_row_free(&row);
	free(buf);
}

/* ------------------------------------------------------------- fields */

static void
test_csv_trailing_delimiter_gives_empty_field(void **state)
{
	struct kc_csv     c;
	struct kc_csv_row row = { 0 };

	(void) state;
	csv_open(&c, "a;b;\n1;2;\n3;4;");
	expect_record(&c, &row, 1, "a", "b", "", NULL);
	expect_record(&c, &row, 2, "1", "2", "", NULL);
	expect_record(&c, &row, 3, "3", "4", "", NULL);
	expect_end(&c, &row);
	kc_csv_row_free(&row);
}

static void
test_csv_empty_fields(void **state)
{
	struct kc_csv     c;
	struct kc_csv_row row = { 0 };

	(void) state;
	csv_open(&c, "a;b;c\n;;\n");
	expect_record(&c, &row, 1, "a", "b", "c", NULL);
	expect_record(&c, &row, 2, "", "", "", NULL);
	kc_csv_row_free(&row);
}

static void
test_csv_spaces_are_kept(void **state)
{
	struct kc_csv     c;
	struct kc_csv_row row = { 0 };

	(void) state;
	csv_open(&c, " a ; b \n");
	expect_record(&c, &row, 1, " a ", " b ", NULL);
	kc_csv_row_free(&row);
}

static void
test_csv_long_fields_grow_the_buffer(void **state)
{
	struct kc_csv     c;
	struct kc_csv_row row = { 0 };
	char             *text, *big;
	size_t            n = 10000;

	(void) state;
	big  = malloc(n + 1);
	text = malloc(2 * n + 16);
	assert_non_null(big);
	assert_non_null(text);
	memset(big, 'x', n);
	big[n] = 0;
	strcpy(text, "h;");
	strcat(text, big);
	strcat(text, ";");
	strcat(text, big);
	strcat(text, ";t\n");
	csv_open(&c, text);
	/* Fields written before the buffer moved must still be right. */
	expect_record(&c, &row, 1, "h", big, big, "t", NULL);
	expect_end(&c, &row);
	kc_csv_row_free(&row);
	free(text);
	free(big);
}

static void
test_csv_max_fields_accepted(void **state)
{
	struct kc_csv     c;
	struct kc_csv_row row = { 0 };
	const char       *why = NULL;
	char              text[KC_CSV_MAX_FIELDS * 2 + 1];
	size_t            i;

	(void) state;
	for (i = 0; i < KC_CSV_MAX_FIELDS; i++) {
		text[2 * i]     = 'x';
		text[2 * i + 1] = ';';
	}
	text[2 * KC_CSV_MAX_FIELDS - 1] = '\n';
	text[2 * KC_CSV_MAX_FIELDS]     = 0;
	csv_open(&c, text);
	assert_int_equal(kc_csv_next(&c, &row, &why), 1);
	assert_int_equal(row.nfields, KC_CSV_MAX_FIELDS);
	assert_string_equal(row.fields[KC_CSV_MAX_FIELDS - 1], "x");
	kc_csv_row_free(&row);
}

static void
test_csv_row_free_twice(void **state)
{
	struct kc_csv     c;
	struct kc_csv_row row = { 0 };

	(void) state;
	kc_csv_row_free(&row);
	csv_open(&c, "a\n");
	expect_record(&c, &row, 1, "a", NULL);
	kc_csv_row_free(&row);
	assert_null(row.buf);
	assert_int_equal(row.cap, 0);
	kc_csv_row_free(&row);
}

/* ------------------------------------------------------------- errors */

static void
test_csv_empty_input(void **state)
{
	struct kc_csv     c;
	struct kc_csv_row row = { 0 };

	(void) state;
	csv_open(&c, "");
	expect_end(&c, &row);
	expect_end(&c, &row);
	csv_open(&c, "\xEF\xBB\xBF");
	expect_end(&c, &row);
	csv_open(&c, "\n\n\r\n");
	expect_end(&c, &row);
	kc_csv_row_free(&row);
}

static void
test_csv_unterminated_quote(void **state)
{
	struct kc_csv     c;
	struct kc_csv_row row = { 0 };

	(void) state;
	csv_open(&c, "a;b\n1;\"open\n2;3\n");
	expect_record(&c, &row, 1, "a", "b", NULL);
	assert_non_null(strstr(expect_error(&c, &row, 2), "unterminated"));
	expect_end(&c, &row);
	kc_csv_row_free(&row);
}

static void
test_csv_text_after_closing_quote(void **state)
{
	struct kc_csv     c;
	struct kc_csv_row row = { 0 };

	(void) state;
	csv_open(&c, "a;b\n\"x\"y;z\n1;2\n");
	expect_record(&c, &row, 1, "a", "b", NULL);
	expect_error(&c, &row, 2);
	expect_record(&c, &row, 3, "1", "2", NULL);
	expect_end(&c, &row);
	kc_csv_row_free(&row);
}

static void
test_csv_error_after_quoted_newline_keeps_lines(void **state)
{
	struct kc_csv     c;
	struct kc_csv_row row = { 0 };

	(void) state;
	csv_open(&c, "a;b\n\"x\ny\"z;w\n1;2\n");
	expect_record(&c, &row, 1, "a", "b", NULL);
	expect_error(&c, &row, 2);
	expect_record(&c, &row, 4, "1", "2", NULL);
	kc_csv_row_free(&row);
}

static void
test_csv_quote_inside_unquoted_field(void **state)
{
	struct kc_csv     c;
	struct kc_csv_row row = { 0 };

	(void) state;
	csv_open(&c, "a;b\nab\"c;d\n1;2\n");
	expect_record(&c, &row, 1, "a", "b", NULL);
	expect_error(&c, &row, 2);
	expect_record(&c, &row, 3, "1", "2", NULL);
	kc_csv_row_free(&row);
}

static void
test_csv_too_many_fields(void **state)
{
	struct kc_csv     c;
	struct kc_csv_row row = { 0 };
	char              text[(KC_CSV_MAX_FIELDS + 1) * 2 + 16];
	size_t            i;

	(void) state;
	for (i = 0; i < KC_CSV_MAX_FIELDS + 1; i++) {
		text[2 * i]     = 'x';
		text[2 * i + 1] = ';';
	}
	strcpy(text + 2 * (KC_CSV_MAX_FIELDS + 1) - 1, "\n1;2\n");
	csv_open(&c, text);
	assert_non_null(strstr(expect_error(&c, &row, 1), "columns"));
	expect_record(&c, &row, 2, "1", "2", NULL);
	expect_end(&c, &row);
	kc_csv_row_free(&row);
}

/* `85,5` unquoted in comma CSV is two fields: the record is refused, not
 * read as 85 with an ignored extra column. */
static void
test_csv_decimal_comma_unquoted_is_an_error(void **state)
{
	struct kc_csv     c;
	struct kc_csv_row row = { 0 };
	const char       *why;

	(void) state;
	csv_open(&c, "unit,indicator,year,kind,value\n"
	             "tt,IKM,2023,target,\"85,5\"\n"
	             "tt,IKM,2023,target,85,5\n"
	             "tt,IKM,2023,realisasi\n");
	expect_record(&c, &row, 1, "unit", "indicator", "year", "kind",
	    "value", NULL);
	expect_record(&c, &row, 2, "tt", "IKM", "2023", "target", "85,5", NULL);
	why = expect_error(&c, &row, 3);
	assert_string_equal(why,
	    "6 fields where the header has 5; quote a value with a decimal "
	    "comma (\"85,5\") or separate fields with ';'");
	why = expect_error(&c, &row, 4);
	assert_non_null(strstr(why, "4 fields where the header has 5"));
	expect_end(&c, &row);
	kc_csv_row_free(&row);
}

static void
test_csv_semicolon_width_error_hint(void **state)
{
	struct kc_csv     c;
	struct kc_csv_row row = { 0 };

	(void) state;
	csv_open(&c, "a;b\n1;2;3\n4;5\n");
	expect_record(&c, &row, 1, "a", "b", NULL);
	assert_string_equal(expect_error(&c, &row, 2),
	    "3 fields where the header has 2; quote a value that contains "
	    "';'");
	expect_record(&c, &row, 3, "4", "5", NULL);
	expect_end(&c, &row);
	kc_csv_row_free(&row);
}

static void
test_csv_several_errors_in_a_row(void **state)
{
	struct kc_csv     c;
	struct kc_csv_row row = { 0 };

	(void) state;
	csv_open(&c, "a;b\na\"b\n\n\"c\"d\nok;1\n");
	expect_record(&c, &row, 1, "a", "b", NULL);
	expect_error(&c, &row, 2);
	expect_error(&c, &row, 4);
	expect_record(&c, &row, 5, "ok", "1", NULL);
	expect_end(&c, &row);
	kc_csv_row_free(&row);
}

/* -------------------------------------------------------------- arena */

static int
is_zero(const unsigned char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i] != 0)
			return 0;
	return 1;
}

static int
is_aligned(const void *p)
{
	return (uintptr_t) p % _Alignof(max_align_t) == 0;
}

static void
test_arena_empty_is_freeable(void **state)
{
	struct kc_arena a = { 0 };

	(void) state;
	kc_arena_free(&a);
	assert_null(a.head);
	kc_arena_free(&a);
}

static void
test_arena_memory_is_zeroed(void **state)
{
	struct kc_arena a = { 0 };
	unsigned char  *p;
	size_t          i;

	(void) state;
	for (i = 1; i < 200; i++) {
		p = kc_arena_alloc(&a, i * 7);
		assert_non_null(p);
		assert_true(is_zero(p, i * 7));
		memset(p, 0xAB, i * 7);
	}
	kc_arena_free(&a);
}

static void
test_arena_allocations_are_aligned(void **state)
{
	struct kc_arena a = { 0 };
	size_t          i;

	(void) state;
	for (i = 1; i < 100; i++)
		assert_true(is_aligned(kc_arena_alloc(&a, i)));
	kc_arena_free(&a);
}

static void
test_arena_many_allocations_across_blocks(void **state)
{
	enum { N = 5000, SIZE = 37 };
	struct kc_arena a = { 0 };
	unsigned char  *p[N];
	size_t          i, j;

	(void) state;
	for (i = 0; i < N; i++) {
		p[i] = kc_arena_alloc(&a, SIZE);
		assert_non_null(p[i]);
		memset(p[i], (int) (i & 0xFF), SIZE);
	}
	/* No allocation overlaps another. */
	for (i = 0; i < N; i++)
		for (j = 0; j < SIZE; j++)
			assert_int_equal(p[i][j], i & 0xFF);
	kc_arena_free(&a);
	assert_null(a.head);
}

static void
test_arena_allocation_larger_than_a_block(void **state)
{
	struct kc_arena a = { 0 };
	unsigned char  *small, *big, *after;
	size_t          n = 1000000;

	(void) state;
	small = kc_arena_alloc(&a, 10);
	big   = kc_arena_alloc(&a, n);
	after = kc_arena_alloc(&a, 10);
	assert_non_null(small);
	assert_non_null(big);
	assert_non_null(after);
	assert_true(is_aligned(big));
	assert_true(is_zero(big, n));
	memset(big, 0xCD, n);
	memset(small, 1, 10);
	memset(after, 2, 10);
	assert_int_equal(big[0], 0xCD);
	assert_int_equal(big[n - 1], 0xCD);
	assert_int_equal(small[9], 1);
	kc_arena_free(&a);
}

static void
test_arena_impossible_size_is_null(void **state)
{
	struct kc_arena a = { 0 };

	(void) state;
	/* Sizes whose rounding or block header would wrap around. */
	assert_null(kc_arena_alloc(&a, SIZE_MAX));
	assert_null(kc_arena_alloc(&a, SIZE_MAX - 20));
	assert_non_null(kc_arena_alloc(&a, 16));
	kc_arena_free(&a);
}

static void
test_arena_strdup_copies(void **state)
{
	struct kc_arena a     = { 0 };
	char            src[] = "Kecamatan Tanjung Tiram";
	char           *s, *e;

	(void) state;
	s = kc_arena_strdup(&a, src);
	e = kc_arena_strdup(&a, "");
	assert_non_null(s);
	assert_non_null(e);
	assert_true(s != src);
	src[0] = 'k';
	assert_string_equal(s, "Kecamatan Tanjung Tiram");
	assert_string_equal(e, "");
	kc_arena_free(&a);
}

static void
test_arena_reusable_after_free(void **state)
{
	struct kc_arena a = { 0 };

	(void) state;
	assert_non_null(kc_arena_strdup(&a, "a"));
	kc_arena_free(&a);
	assert_null(a.head);
	assert_string_equal(kc_arena_strdup(&a, "b"), "b");
	kc_arena_free(&a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_csv_comma_by_default),
		cmocka_unit_test(test_csv_semicolon_detected_from_header),
		cmocka_unit_test(test_csv_semicolon_in_quoted_header_ignored),
		cmocka_unit_test(test_csv_semicolon_after_header_ignored),
		cmocka_unit_test(test_csv_header_after_blank_lines_decides),
		cmocka_unit_test(test_csv_doubled_quote_is_a_quote),
		cmocka_unit_test(test_csv_quoted_delimiter_is_text),
		cmocka_unit_test(test_csv_quoted_newline_keeps_line_numbers),
		cmocka_unit_test(test_csv_crlf_line_endings),
		cmocka_unit_test(test_csv_utf8_bom_skipped),
		cmocka_unit_test(test_csv_blank_lines_skipped),
		cmocka_unit_test(test_csv_last_record_without_newline),
		cmocka_unit_test(test_csv_reads_only_len_bytes),
		cmocka_unit_test(
		    test_csv_trailing_delimiter_gives_empty_field),

		cmocka_unit_test(test_csv_empty_fields),
		cmocka_unit_test(test_csv_spaces_are_kept),
		cmocka_unit_test(test_csv_long_fields_grow_the_buffer),
		cmocka_unit_test(test_csv_max_fields_accepted),
		cmocka_unit_test(test_csv_row_free_twice),
		cmocka_unit_test(test_csv_empty_input),
		cmocka_unit_test(test_csv_unterminated_quote),
		cmocka_unit_test(test_csv_text_after_closing_quote),
		cmocka_unit_test(
		    test_csv_error_after_quoted_newline_keeps_lines),
		cmocka_unit_test(test_csv_quote_inside_unquoted_field),
		cmocka_unit_test(test_csv_too_many_fields),
		cmocka_unit_test(test_csv_several_errors_in_a_row),
		cmocka_unit_test(test_csv_decimal_comma_unquoted_is_an_error),
		cmocka_unit_test(test_csv_semicolon_width_error_hint),
		cmocka_unit_test(test_arena_empty_is_freeable),
		cmocka_unit_test(test_arena_memory_is_zeroed),
		cmocka_unit_test(test_arena_allocations_are_aligned),
		cmocka_unit_test(test_arena_many_allocations_across_blocks),
		cmocka_unit_test(test_arena_allocation_larger_than_a_block),
		cmocka_unit_test(test_arena_impossible_size_is_null),
		cmocka_unit_test(test_arena_strdup_copies),
		cmocka_unit_test(test_arena_reusable_after_free),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
