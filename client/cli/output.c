/*
 * output.c - tables, CSV and JSON for the CLI.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kcore.h"
#include "output.h"

void
table_init(struct table *t, int ncols, const char *const *head)
{
	int i;

	memset(t, 0, sizeof(*t));
	t->ncols = ncols;
	for (i = 0; i < ncols; i++)
		t->head[i] = head[i];
}

void
table_add(struct table *t, const char *const *cells)
{
	int i;

	if (t->nrows == t->cap) {
		t->cap   = t->cap ? t->cap * 2 : 16;
		t->cells = realloc(
		    t->cells, t->cap * (size_t) t->ncols * sizeof(*t->cells));
		if (t->cells == NULL)
			abort();
	}
	for (i = 0; i < t->ncols; i++)
		t->cells[t->nrows * (size_t) t->ncols + (size_t) i] =
		    strdup(cells[i] ? cells[i] : "");
	t->nrows++;
}

void
table_free(struct table *t)
{
	size_t i;

	for (i = 0; i < t->nrows * (size_t) t->ncols; i++)
		free(t->cells[i]);
	free(t->cells);
	memset(t, 0, sizeof(*t));
}

/* Display width of UTF-8 text: one column per code point. */
static int
width(const char *s)
{
	int w = 0;

	for (; *s; s++)
		if (((unsigned char) *s & 0xC0) != 0x80)
			w++;
	return w;
}

static void
pad(FILE *out, int n)
{
	while (n-- > 0)
		fputc(' ', out);
}

/* Writes v cut to w display columns, ending in an ellipsis if cut. */
static void
put_cut(FILE *out, const char *v, int w)
{
	int n = 0;

	if (width(v) <= w) {
		fputs(v, out);
		return;
	}
	for (; *v && n < w - 1; n++) {
		do
			fputc(*v++, out);
		while (((unsigned char) *v & 0xC0) == 0x80);
	}
	fputs("\xe2\x80\xa6", out);
}

static int
cell_width(const struct table *t, int c, const char *v)
{
	int w = width(v);

	return t->maxw[c] > 0 && w > t->maxw[c] ? t->maxw[c] : w;
}

static void
print_cell(FILE *out, const struct table *t, int c, const char *v, int w)
{
	int gap  = w - cell_width(t, c, v);
	int last = c == t->ncols - 1;

	if (t->right[c])
		pad(out, gap);
	put_cut(out, v, t->maxw[c] > 0 ? t->maxw[c] : width(v));
	if (!t->right[c] && !last)
		pad(out, gap);
	if (!last)
		fputs("  ", out);
}

static void
print_aligned(const struct table *t, FILE *out)
{
	int    w[TABLE_MAX_COLS], c;
	size_t r;

	for (c = 0; c < t->ncols; c++) {
		w[c] = width(t->head[c]);
		for (r = 0; r < t->nrows; r++) {
			int cw = cell_width(t, c,
			    t->cells[r * (size_t) t->ncols + (size_t) c]);
			w[c]   = cw > w[c] ? cw : w[c];
		}
	}
	for (c = 0; c < t->ncols; c++)
		print_cell(out, t, c, t->head[c], w[c]);
	fputc('\n', out);
	for (r = 0; r < t->nrows; r++) {
		for (c = 0; c < t->ncols; c++)
			print_cell(out, t, c,
			    t->cells[r * (size_t) t->ncols + (size_t) c],
			    w[c]);
		fputc('\n', out);
	}
}

static void
csv_field(FILE *out, const char *v)
{
	if (strpbrk(v, ",\"\n\r") == NULL) {
		fputs(v, out);
		return;
	}
	fputc('"', out);
	for (; *v; v++) {
		if (*v == '"')
			fputc('"', out);
		fputc(*v, out);
	}
	fputc('"', out);
}

void
table_print(const struct table *t, enum out_format f, FILE *out)
{
	size_t r;
	int    c;

	if (f != OUT_CSV) {
		print_aligned(t, out);
		return;
	}
	for (c = 0; c < t->ncols; c++) {
		if (c)
			fputc(',', out);
		csv_field(out, t->head[c]);
	}
	fputc('\n', out);
	for (r = 0; r < t->nrows; r++) {
		for (c = 0; c < t->ncols; c++) {
			if (c)
				fputc(',', out);
			csv_field(
			    out, t->cells[r * (size_t) t->ncols + (size_t) c]);
		}
		fputc('\n', out);
	}
}

void
fmt_e2(int64_t e2, int comma, char *buf, size_t len)
{
	char *dot;

	kc_format_decimal(e2, 2, buf, len);
	if (comma && (dot = strchr(buf, '.')) != NULL)
		*dot = ',';
}

void
fmt_value(double v, int comma, char *buf, size_t len)
{
	int64_t e4 = llround(v * KC_E4);
	char   *dot;
	size_t  n;

	kc_format_decimal(e4, 4, buf, len);
	n = strlen(buf);
	/* Keep two decimals at least, four at most. */
	while (n > 0 && buf[n - 1] == '0' && (dot = strchr(buf, '.')) &&
	       (size_t) (buf + n - dot) > 3)
		buf[--n] = 0;
	if (comma && (dot = strchr(buf, '.')) != NULL)
		*dot = ',';
}

void
json_begin(struct json *j, FILE *f)
{
	memset(j, 0, sizeof(*j));
	j->f = f;
}

void
json_unit_year(struct json *j, const char *unit, int year)
{
	json_begin(j, stdout);
	json_object(j, NULL);
	json_string(j, "unit", unit);
	json_int(j, "year", year);
}

void
json_end(struct json *j)
{
	fputc('\n', j->f);
}

static void
json_string_raw(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		unsigned char c = (unsigned char) *s;

		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c == '\n')
			fputs("\\n", f);
		else if (c < 0x20)
			fprintf(f, "\\u%04x", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
}

/* Writes the separator and key of the next member. */
static void
member(struct json *j, const char *key)
{
	if (j->depth > 0 && j->count[j->depth]++ > 0)
		fputc(',', j->f);
	if (key != NULL) {
		json_string_raw(j->f, key);
		fputc(':', j->f);
	}
}

static void
open_bracket(struct json *j, const char *key, char bracket)
{
	member(j, key);
	fputc(bracket, j->f);
	j->depth++;
	j->count[j->depth] = 0;
}

void
json_object(struct json *j, const char *key)
{
	open_bracket(j, key, '{');
}

void
json_array(struct json *j, const char *key)
{
	open_bracket(j, key, '[');
}

void
json_close(struct json *j, char bracket)
{
	fputc(bracket, j->f);
	j->depth--;
}

void
json_string(struct json *j, const char *key, const char *v)
{
	member(j, key);
	json_string_raw(j->f, v);
}

void
json_int(struct json *j, const char *key, long long v)
{
	member(j, key);
	fprintf(j->f, "%lld", v);
}

void
json_bool(struct json *j, const char *key, int v)
{
	member(j, key);
	fputs(v ? "true" : "false", j->f);
}

void
json_null(struct json *j, const char *key)
{
	member(j, key);
	fputs("null", j->f);
}

void
json_number(struct json *j, const char *key, double v)
{
	char buf[64];

	member(j, key);
	fmt_value(v, 0, buf, sizeof(buf));
	fputs(buf, j->f);
}

void
fmt_money(int64_t sen, int table, char *buf, size_t len)
{
	if (table)
		kc_format_rupiah(sen, buf, len);
	else
		kc_format_decimal(sen, 2, buf, len);
}

void
json_money(struct json *j, const char *key, int64_t sen)
{
	char buf[48];

	member(j, key);
	kc_format_decimal(sen, 2, buf, sizeof(buf));
	fputs(buf, j->f);
}

void
json_number_or_null(struct json *j, const char *key, int has, double v)
{
	if (has)
		json_number(j, key, v);
	else
		json_null(j, key);
}

void
fmt_value_or_dash(int has, double v, int comma, char *buf, size_t len)
{
	if (has)
		fmt_value(v, comma, buf, len);
	else
		snprintf(buf, len, "-");
}
