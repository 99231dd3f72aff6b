/*
 * output.h - how the CLI prints: aligned tables for people, CSV and JSON
 * for programs. Numbers reach here exact (fixed-point) and are formatted
 * once: Indonesian style ("100,08") in tables, plain ("100.08") elsewhere.
 */
#ifndef KINERJA_OUTPUT_H
#define KINERJA_OUTPUT_H

#include <stdint.h>
#include <stdio.h>

enum out_format { OUT_TABLE, OUT_CSV, OUT_JSON, OUT_SVG, OUT_MD, OUT_HTML };

#define TABLE_MAX_COLS 12

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

/* A streaming JSON writer: keys are ignored inside arrays. */
struct json {
	FILE *f;
	int   depth;
	int   count[32]; /* members written at each depth */
};

void json_begin(struct json *j, FILE *f);
/* Begins the object most replies are: {"unit": ..., "year": ..., on stdout. */
void json_unit_year(struct json *j, const char *unit, int year);
void json_end(struct json *j); /* ends the line */
void json_object(struct json *j, const char *key);
void json_array(struct json *j, const char *key);
void json_close(struct json *j, char bracket);
void json_string(struct json *j, const char *key, const char *v);
void json_int(struct json *j, const char *key, long long v);
void json_bool(struct json *j, const char *key, int v);
void json_null(struct json *j, const char *key);
/* A number printed with exactly as many decimals as it needs (<= 4). */
void json_number(struct json *j, const char *key, double v);
/* json_number, or null when has is 0. */
void json_number_or_null(struct json *j, const char *key, int has, double v);

/* Rupiah from sen, exactly, as a number with two decimals. */
void json_money(struct json *j, const char *key, int64_t sen);

/* "1.234.567,89" (table) or "1234567.89" (CSV) from sen. */
void fmt_money(int64_t sen, int table, char *buf, size_t len);

/* fmt_value, or "-" when has is 0. */
void fmt_value_or_dash(int has, double v, int comma, char *buf, size_t len);

#endif
