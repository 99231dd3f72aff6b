/*
 * output.h - how the CLI prints: aligned tables for people, CSV and JSON
 * (protobuf's mapping of the reply) for programs. Numbers reach here exact
 * (fixed-point) and are formatted once: Indonesian style ("100,08") in tables,
 * plain ("100.08") elsewhere.
 */
#ifndef KINERJA_OUTPUT_H
#define KINERJA_OUTPUT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <cjson/cJSON.h>
#include <protobuf-c/protobuf-c.h>

enum out_format {
	OUT_TABLE,
	OUT_CSV,
	OUT_JSON,
	OUT_SVG,
	OUT_MD,
	OUT_HTML,
	OUT_DOCX, /* a document only */
};

#define TABLE_MAX_COLS 16

struct table {
	int         ncols;
	const char *head[TABLE_MAX_COLS];
	int         right[TABLE_MAX_COLS]; /* right-align (numbers) */
	int         maxw[TABLE_MAX_COLS]; /* aligned tables cut wider cells */
	char      **cells; /* nrows * ncols, owned */
	size_t      nrows, cap;
};

void table_init(struct table *t, int ncols, const char *const *head);
/* Adds a row of ncols strings (copied). */
void table_add(struct table *t, const char *const *cells);
/* Prints as an aligned table or as CSV. */
void table_print(const struct table *t, enum out_format f, FILE *out);
void table_free(struct table *t);

/* Formats a 2-decimal value (e.g. 10008 -> "100,08" or "100.08"). */
void fmt_e2(int64_t e2, int comma, char *buf, size_t len);
/* Formats a value with 2 to 4 decimals as needed. */
void fmt_value(double v, int comma, char *buf, size_t len);

/*
 * --format json: a reply printed as protobuf's JSON mapping (json_pb.c,
 * shared with the gateway), on one line: the same JSON as the gateway's
 * answer to POST /v1/<Method>. NULL (out of memory) prints nothing and
 * returns -1; the JSON is freed.
 */
int json_print(cJSON *j);
int json_print_message(const ProtobufCMessage *m);
/* Moves the members of from to the end of into and frees from; into, or
 * NULL (both freed) when either is NULL. */
cJSON *json_merge(cJSON *into, cJSON *from);


/* "1.234.567,89" (table) or "1234567.89" (CSV) from sen. */
void fmt_money(int64_t sen, int table, char *buf, size_t len);

/* fmt_value, or "-" when has is 0. */
void fmt_value_or_dash(int has, double v, int comma, char *buf, size_t len);

#endif
