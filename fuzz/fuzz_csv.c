/*
 * fuzz_csv.c - the CSV reader on any bytes. Besides the sanitizers' checks:
 * every call makes progress, a record has 1 to KC_CSV_MAX_FIELDS fields,
 * each a string inside the row's buffer, and line numbers only grow and
 * stay within the lines the input has.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kcore.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
expect(int ok, const char *what)
{
	if (!ok) {
		fprintf(stderr, "fuzz_csv: %s\n", what);
		abort();
	}
}

static void
check_row(const struct kc_csv_row *row)
{
	size_t i;

	expect(row->nfields >= 1 && row->nfields <= KC_CSV_MAX_FIELDS,
	    "field count out of range");
	for (i = 0; i < row->nfields; i++) {
		size_t off = (size_t) (row->fields[i] - row->buf);

		expect(row->fields[i] >= row->buf && off < row->cap,
		    "field outside the row buffer");
		expect(memchr(row->fields[i], 0, row->cap - off) != NULL,
		    "field not terminated inside the buffer");
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kc_csv     csv;
	struct kc_csv_row row = { 0 };
	const char       *why, *before;
	unsigned          lines = 1, last = 0;
	size_t            i;
	int               rc;

	for (i = 0; i < size; i++)
		lines += data[i] == '\n';
	kc_csv_init(&csv, (const char *) data, size);
	expect(csv.delim == ',' || csv.delim == ';', "odd delimiter");
	for (;;) {
		before = csv.p;
		why    = NULL;
		rc     = kc_csv_next(&csv, &row, &why);
		if (rc == 0)
			break;
		expect(csv.p > before, "no progress");
		expect(csv.p <= csv.end, "read past the end");
		expect(row.line >= last && row.line <= lines,
		    "line number out of order or range");
		last = row.line;
		if (rc < 0)
			expect(
			    why != NULL && *why != 0, "error without reason");
		else
			check_row(&row);
	}
	expect(csv.line <= lines, "line count past the input");
	kc_csv_row_free(&row);
	return 0;
}
