/*
 * doc.c - the document model (doc.h): blocks appended to a growing array,
 * every string copied, an allocation failure remembered in d->failed.
 */
#define _GNU_SOURCE /* asprintf */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "doc.h"

static char *
dup_or_fail(struct rdoc *d, const char *s)
{
	char *p;

	if (s == NULL)
		return NULL;
	p = strdup(s);
	if (p == NULL)
		d->failed = 1;
	return p;
}

static char *
vformat(struct rdoc *d, const char *fmt, va_list ap)
{
	char *p = NULL;

	if (vasprintf(&p, fmt, ap) < 0) {
		d->failed = 1;
		return NULL;
	}
	return p;
}

void
rdoc_init(struct rdoc *d, const char *title)
{
	memset(d, 0, sizeof(*d));
	d->title = dup_or_fail(d, title);
}

void
rdoc_free(struct rdoc *d)
{
	size_t i, c;

	for (i = 0; i < d->n; i++) {
		struct rdoc_block *b = &d->blocks[i];

		free(b->text);
		free(b->number);
		free(b->source);
		free(b->svg);
		if (b->cells)
			for (c = 0; c < (b->nrows + 1) * (size_t) b->ncols; c++)
				free(b->cells[c]);
		free(b->cells);
		free(b->right);
		for (c = 0; b->cats && c < b->ncat; c++)
			free(b->cats[c]);
		for (c = 0; b->ser_names && c < b->nser; c++)
			free(b->ser_names[c]);
		free(b->cats);
		free(b->ser_names);
		free(b->values);
		free(b->present);
	}
	free(d->blocks);
	free(d->title);
	memset(d, 0, sizeof(*d));
}

int
rdoc_failed(const struct rdoc *d)
{
	return d->failed || d->title == NULL;
}

static struct rdoc_block *
push(struct rdoc *d, enum rdoc_kind kind)
{
	struct rdoc_block *b;

	if (d->failed)
		return NULL;
	if (d->n == d->cap) {
		size_t cap = d->cap ? d->cap * 2 : 64;

		b = realloc(d->blocks, cap * sizeof(*b));
		if (b == NULL) {
			d->failed = 1;
			return NULL;
		}
		d->blocks = b;
		d->cap    = cap;
	}
	b = &d->blocks[d->n++];
	memset(b, 0, sizeof(*b));
	b->kind = kind;
	return b;
}

void
rdoc_chapter(struct rdoc *d, int chapter)
{
	d->chapter = chapter;
	d->tables  = 0;
	d->figures = 0;
}

static void
vtext(struct rdoc *d, enum rdoc_kind kind, int level, enum rdoc_style style,
    const char *fmt, va_list ap)
{
	char              *text = vformat(d, fmt, ap);
	struct rdoc_block *b    = text ? push(d, kind) : NULL;

	if (b == NULL) {
		free(text);
		return;
	}
	b->level = level;
	b->style = style;
	b->text  = text;
}

void
rdoc_heading(struct rdoc *d, int level, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vtext(d, RDOC_HEADING, level < 1 ? 1 : level > 3 ? 3 : level,
	    RDOC_NORMAL, fmt, ap);
	va_end(ap);
}

void
rdoc_para(struct rdoc *d, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vtext(d, RDOC_PARA, 0, RDOC_NORMAL, fmt, ap);
	va_end(ap);
}

void
rdoc_styled(struct rdoc *d, enum rdoc_style style, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vtext(d, RDOC_PARA, 0, style, fmt, ap);
	va_end(ap);
}

void
rdoc_lines(struct rdoc *d, const char *text, int numbered)
{
	const char *p = text, *nl;
	size_t      k = 0;

	while (p && *p) {
		nl       = strchr(p, '\n');
		size_t n = nl ? (size_t) (nl - p) : strlen(p);

		if (n > 0 && p[n - 1] == '\r')
			n--;
		if (n > 0 && numbered)
			rdoc_styled(d, RDOC_ITEM, "%zu. %.*s", ++k, (int) n, p);
		else if (n > 0)
			rdoc_para(d, "%.*s", (int) n, p);
		p = nl ? nl + 1 : NULL;
	}
}

void
rdoc_placeholder(struct rdoc *d, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vtext(d, RDOC_PLACEHOLDER, 0, RDOC_NORMAL, fmt, ap);
	va_end(ap);
}

void
rdoc_pagebreak(struct rdoc *d)
{
	push(d, RDOC_PAGEBREAK);
}

static char *
number(struct rdoc *d, const char *word, int n)
{
	char *p = NULL;
	int   rc = d->chapter
	               ? asprintf(&p, "%s %d.%d", word, d->chapter, n)
	               : asprintf(&p, "%s %d", word, n);

	if (rc < 0) {
		d->failed = 1;
		return NULL;
	}
	return p;
}

void
rdoc_table(struct rdoc *d, const char *title, const char *source,
    int ncols, const char *const *head, const unsigned char *right)
{
	struct rdoc_block *b = ncols > 0 ? push(d, RDOC_TABLE) : NULL;
	int                c;

	if (b == NULL)
		return;
	b->ncols    = ncols;
	b->text     = dup_or_fail(d, title);
	b->source   = dup_or_fail(d, source);
	b->number   = number(d, "Tabel", ++d->tables);
	b->rows_cap = 8;
	b->cells    = calloc((b->rows_cap + 1) * (size_t) ncols, sizeof(char *));
	b->right    = calloc((size_t) ncols, 1);
	if (b->cells == NULL || b->right == NULL) {
		d->failed = 1;
		return;
	}
	for (c = 0; c < ncols; c++) {
		b->cells[c] = dup_or_fail(d, head[c] ? head[c] : "");
		b->right[c] = right ? right[c] : 0;
	}
}

void
rdoc_row(struct rdoc *d, const char *const *cells)
{
	struct rdoc_block *b;
	size_t             at;
	int                c;

	if (d->failed || d->n == 0 ||
	    (d->blocks[d->n - 1].kind != RDOC_TABLE &&
	        d->blocks[d->n - 1].kind != RDOC_SIGNATURES))
		return;
	b = &d->blocks[d->n - 1];
	if (b->nrows == b->rows_cap) {
		size_t cap   = b->rows_cap * 2;
		char **grown = realloc(
		    b->cells, (cap + 1) * (size_t) b->ncols * sizeof(char *));

		if (grown == NULL) {
			d->failed = 1;
			return;
		}
		b->cells    = grown;
		b->rows_cap = cap;
	}
	at = (b->nrows + 1) * (size_t) b->ncols;
	for (c = 0; c < b->ncols; c++)
		b->cells[at + (size_t) c] =
		    dup_or_fail(d, cells[c] ? cells[c] : "");
	b->nrows++;
}

/* The chart's data into the block; on failure the block has none. */
static void
copy_chart(struct rdoc *d, struct rdoc_block *b, const struct rdoc_chart *ch)
{
	size_t i, s;

	if (ch == NULL || ch->n == 0 || ch->nseries == 0)
		return;
	b->cats      = calloc(ch->n, sizeof(char *));
	b->ser_names = calloc(ch->nseries, sizeof(char *));
	b->values    = calloc(ch->n * ch->nseries, sizeof(double));
	b->present   = calloc(ch->n * ch->nseries, 1);
	if (!b->cats || !b->ser_names || !b->values || !b->present) {
		d->failed = 1;
		return;
	}
	b->ncat      = ch->n;
	b->nser      = ch->nseries;
	b->chart_bar = ch->bar;
	for (i = 0; i < ch->n; i++)
		b->cats[i] = dup_or_fail(d, ch->categories[i]);
	for (s = 0; s < ch->nseries; s++) {
		b->ser_names[s] = dup_or_fail(d, ch->series[s].name);
		for (i = 0; i < ch->n; i++) {
			b->values[s * ch->n + i]  = ch->series[s].y[i];
			b->present[s * ch->n + i] =
			    ch->series[s].has == NULL || ch->series[s].has[i];
		}
	}
}

void
rdoc_figure(struct rdoc *d, const char *title, const char *source,
    const char *svg, const struct rdoc_chart *chart)
{
	struct rdoc_block *b = push(d, RDOC_FIGURE);

	if (b == NULL)
		return;
	b->text   = dup_or_fail(d, title);
	b->source = dup_or_fail(d, source);
	b->svg    = dup_or_fail(d, svg);
	b->number = number(d, "Gambar", ++d->figures);
	copy_chart(d, b, chart);
}

void
rdoc_signatures(struct rdoc *d, const char *const *left,
    const char *const *right, size_t n)
{
	struct rdoc_block *b;
	size_t             i;

	if (n == 0)
		return;
	rdoc_table(d, NULL, NULL, 2, (const char *const[]) { left[0], right[0] },
	    NULL);
	if (d->failed)
		return;
	d->tables--; /* not a numbered table */
	b = &d->blocks[d->n - 1];
	b->kind = RDOC_SIGNATURES;
	free(b->number);
	b->number = NULL;
	for (i = 1; i < n; i++)
		rdoc_row(d, (const char *const[]) { left[i], right[i] });
}

const char *
rdoc_cell(const struct rdoc_block *b, size_t r, int c)
{
	const char *s = b->cells[r * (size_t) b->ncols + (size_t) c];

	return s ? s : "";
}

/* The length of the valid UTF-8 sequence at s, or 0 when it is not one
 * (overlong forms and surrogates included). */
static size_t
utf8_len(const unsigned char *s)
{
	unsigned char c = s[0];
	size_t        n, i;
	unsigned long cp;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		n = 2, cp = c & 0x1f;
	else if (c >= 0xe0 && c <= 0xef)
		n = 3, cp = c & 0x0f;
	else if (c >= 0xf0 && c <= 0xf4)
		n = 4, cp = c & 0x07;
	else
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
	    cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff) || cp == 0xfffe ||
	    cp == 0xffff)
		return 0;
	return n;
}

void
rdoc_xml_text(FILE *out, const char *s)
{
	const unsigned char *p = (const unsigned char *) s;
	size_t               n;

	while (p && *p) {
		if (*p == '&')
			fputs("&amp;", out);
		else if (*p == '<')
			fputs("&lt;", out);
		else if (*p == '>')
			fputs("&gt;", out);
		else if (*p == '"')
			fputs("&quot;", out);
		else if (*p < 0x20 && *p != '\t' && *p != '\n')
			; /* XML 1.0 has no place for it */
		else if ((n = utf8_len(p)) == 0)
			; /* not UTF-8: dropped */
		else {
			fwrite(p, 1, n, out);
			p += n;
			continue;
		}
		p++;
	}
}
