/*
 * csv.c - RFC 4180 records from a buffer, with the line each record starts
 * on, so that import errors can say "file:line: column: message". Written
 * here rather than taken from libcsv because we need those line numbers and
 * delimiter detection, and the whole reader is smaller than the glue.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grow.h"
#include "kcore.h"

void
kc_csv_init(struct kc_csv *c, const char *buf, size_t len)
{
	const char *p;
	int         quoted = 0;

	c->p     = buf;
	c->end   = buf + len;
	c->line  = 1;
	c->delim = ',';
	c->width = 0;
	if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
		c->p += 3;
	/* The header decides: a ';' outside quotes means semicolon CSV, the
	 * form spreadsheets write in locales with a decimal comma. The header
	 * is the first non-blank line, as kc_csv_next skips blank lines. */
	for (p = c->p; p < c->end &&
	               (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n');
	     p++)
		;
	for (; p < c->end && (quoted || *p != '\n'); p++) {
		if (*p == '"')
			quoted = !quoted;
		else if (*p == ';' && !quoted) {
			c->delim = ';';
			break;
		}
	}
}

static int
put(struct kc_csv_row *row, size_t *used, char ch)
{
	if (*used + 1 >= row->cap) {
		size_t cap = kc_grow_cap(row->cap, 256);
		char  *nb  = realloc(row->buf, cap);

		if (nb == NULL)
			return -1;
		row->buf = nb;
		row->cap = cap;
	}
	row->buf[(*used)++] = ch;
	return 0;
}

static int
end_field(struct kc_csv_row *row, size_t *used, size_t *starts, size_t start,
    const char **why)
{
	if (row->nfields == KC_CSV_MAX_FIELDS) {
		*why = "too many columns";
		return -1;
	}
	starts[row->nfields++] = start;
	if (put(row, used, 0) != 0) {
		*why = "out of memory";
		return -1;
	}
	return 0;
}

/* Reads a quoted field body; c->p is just past the opening quote. */
static int
quoted_field(
    struct kc_csv *c, struct kc_csv_row *row, size_t *used, const char **why)
{
	for (;;) {
		if (c->p >= c->end) {
			*why = "unterminated quoted field";
			return -1;
		}
		if (*c->p == '"') {
			if (c->p + 1 < c->end && c->p[1] == '"') {
				c->p += 2;
				if (put(row, used, '"') != 0)
					goto oom;
				continue;
			}
			c->p++;
			return 0;
		}
		if (*c->p == '\n')
			c->line++;
		if (put(row, used, *c->p++) != 0)
			goto oom;
	}
oom:
	*why = "out of memory";
	return -1;
}

static int
blank_line(const struct kc_csv *c)
{
	const char *p = c->p;

	while (p < c->end && (*p == ' ' || *p == '\t' || *p == '\r'))
		p++;
	return p >= c->end || *p == '\n';
}

static void
skip_line(struct kc_csv *c)
{
	while (c->p < c->end && *c->p != '\n')
		c->p++;
	if (c->p < c->end) {
		c->p++;
		c->line++;
	}
}

/* Reads fields until the end of the record. */
static int
read_record(
    struct kc_csv *c, struct kc_csv_row *row, size_t *starts, const char **why)
{
	size_t used = 0, start;

	for (;;) {
		start = used;
		if (c->p < c->end && *c->p == '"') {
			c->p++;
			if (quoted_field(c, row, &used, why) != 0)
				return -1;
			if (c->p < c->end && *c->p == '\r')
				c->p++;
			if (c->p < c->end && *c->p != c->delim &&
			    *c->p != '\n') {
				*why = "text after a closing quote";
				return -1;
			}
		} else {
			while (c->p < c->end && *c->p != c->delim &&
			       *c->p != '\n') {
				if (*c->p == '"') {
					*why =
					    "quote inside an unquoted field";
					return -1;
				}
				if (*c->p != '\r' &&
				    put(row, &used, *c->p) != 0) {
					*why = "out of memory";
					return -1;
				}
				c->p++;
			}
		}
		if (end_field(row, &used, starts, start, why) != 0)
			return -1;
		if (c->p >= c->end)
			return 0;
		if (*c->p++ == '\n') {
			c->line++;
			return 0;
		}
	}
}

/* A record whose field count is not the header's: the usual cause is a
 * decimal comma in comma-separated CSV, so the message says how to fix it. */
static int
width_error(struct kc_csv *c, const struct kc_csv_row *row, const char **why)
{
	snprintf(c->msg, sizeof(c->msg), "%zu fields where the header has %zu; %s",
	    row->nfields, c->width,
	    c->delim == ','
	        ? "quote a value with a decimal comma (\"85,5\") or "
	          "separate fields with ';'"
	        : "quote a value that contains ';'");
	*why = c->msg;
	return -1;
}

int
kc_csv_next(struct kc_csv *c, struct kc_csv_row *row, const char **why)
{
	size_t starts[KC_CSV_MAX_FIELDS];
	size_t i;

	while (c->p < c->end && blank_line(c))
		skip_line(c);
	if (c->p >= c->end)
		return 0;
	row->line    = c->line;
	row->nfields = 0;
	if (read_record(c, row, starts, why) != 0) {
		skip_line(c);
		return -1;
	}
	/* Pointers are set last: the buffer may move while it grows. */
	for (i = 0; i < row->nfields; i++)
		row->fields[i] = row->buf + starts[i];
	if (c->width == 0)
		c->width = row->nfields;
	else if (row->nfields != c->width)
		return width_error(c, row, why);
	return 1;
}

void
kc_csv_row_free(struct kc_csv_row *row)
{
	free(row->buf);
	row->buf = NULL;
	row->cap = 0;
}
