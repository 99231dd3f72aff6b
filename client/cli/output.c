/*
 * output.c - tables, CSV and JSON for the CLI.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "json_pb.h"
#include "kcore.h"
#include "grow.h"
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

	t->cells = kc_grow_heap(t->cells, t->nrows, &t->cap,
	    (size_t) t->ncols * sizeof(*t->cells), 16);
	if (t->cells == NULL)
		abort();
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

/* A byte of a cell: a line break or tab (a narrative's text) as a
 * space, so that a row stays one line. */
static void
put_byte(FILE *out, char c)
{
	fputc(c == '\n' || c == '\r' || c == '\t' ? ' ' : c, out);
}

/* Writes v cut to w display columns, ending in an ellipsis if cut. */
static void
put_cut(FILE *out, const char *v, int w)
{
	int n = 0;

	if (width(v) <= w) {
		for (; *v; v++)
			put_byte(out, *v);
		return;
	}
	for (; *v && n < w - 1; n++) {
		do
			put_byte(out, *v++);
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

int
json_print(cJSON *j)
{
	char *text = j ? cJSON_PrintUnformatted(j) : NULL;

	cJSON_Delete(j);
	if (text == NULL) {
		fprintf(stderr, "kinerja: out of memory\n");
		return -1;
	}
	printf("%s\n", text);
	cJSON_free(text);
	return 0;
}

int
json_print_message(const ProtobufCMessage *m)
{
	return json_print(jsonpb_from_message(m));
}

cJSON *
json_merge(cJSON *into, cJSON *from)
{
	cJSON *item;

	if (into == NULL || from == NULL) {
		cJSON_Delete(into);
		cJSON_Delete(from);
		return NULL;
	}
	while ((item = from->child) != NULL) {
		cJSON_DetachItemViaPointer(from, item);
		cJSON_AddItemToObject(into, item->string, item);
	}
	cJSON_Delete(from);
	return into;
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
fmt_value_or_dash(int has, double v, int comma, char *buf, size_t len)
{
	if (has)
		fmt_value(v, comma, buf, len);
	else
		snprintf(buf, len, "-");
}
