/*
 * doc.h - a small document model for the LKjIP and the Perjanjian Kinerja
 * (issue #15) and its three writers: HTML (one self-contained XHTML-style
 * file with inline SVG and a print stylesheet), Markdown, and DOCX (an
 * OOXML package written with libzip). The model is built block by block;
 * tables and figures are numbered per chapter ("Tabel 3.1", "Gambar 3.1").
 * Text is UTF-8; the writers escape it for their format and drop control
 * characters. An allocation failure is remembered and reported by the
 * writers (and rdoc_failed), so a builder never checks each call.
 */
#ifndef KINERJA_DOC_H
#define KINERJA_DOC_H

#include <stddef.h>
#include <stdio.h>

enum rdoc_kind {
	RDOC_HEADING, /* level 1-3 */
	RDOC_PARA,
	RDOC_PLACEHOLDER, /* "[Belum diisi: ...]", shown as such */
	RDOC_TABLE,
	RDOC_FIGURE, /* an SVG with its caption */
	RDOC_PAGEBREAK,
	RDOC_SIGNATURES, /* two columns of lines, no borders, unnumbered */
};

/* Paragraph styles. */
enum rdoc_style {
	RDOC_NORMAL,
	RDOC_COVER_TITLE, /* centred, large */
	RDOC_COVER, /* centred */
	RDOC_CENTER, /* centred, normal size (signature blocks) */
	RDOC_ITEM, /* a list item */
};

/* A chart's data, for writers that draw it natively (DOCX): categories
 * (years, units) and series of values; has[i] == 0 is a gap. */
struct rdoc_series {
	const char   *name; /* "Realisasi", "Target", "Capaian (%)" */
	const double *y; /* one per category */
	const int    *has; /* NULL: all present */
};
struct rdoc_chart {
	int                        bar; /* 0: lines (trend); 1: bars (ranking) */
	size_t                     n; /* categories */
	const char *const         *categories;
	size_t                     nseries;
	const struct rdoc_series *series;
};

struct rdoc_block {
	enum rdoc_kind  kind;
	int             level; /* heading */
	enum rdoc_style style; /* paragraph */
	char           *text; /* heading, paragraph, placeholder, caption */
	char           *number; /* "Tabel 3.1", "Gambar 3.1" */
	char           *source; /* "Sumber: ..." text, without the word */
	char           *svg; /* figure */
	int             ncols; /* table */
	size_t          nrows; /* rows after the header row */
	char          **cells; /* (nrows + 1) * ncols, header row first */
	unsigned char  *right; /* per column: numbers, aligned right */
	size_t          rows_cap;
	/* figure: its chart's data, copied (ncat == 0: none) */
	int             chart_bar;
	size_t          ncat, nser;
	char          **cats; /* ncat */
	char          **ser_names; /* nser */
	double         *values; /* nser * ncat, series by series */
	unsigned char  *present; /* nser * ncat */
};

struct rdoc {
	char              *title; /* the document's (HTML <title>, core.xml) */
	struct rdoc_block *blocks;
	size_t             n, cap;
	int                chapter; /* numbering prefix; 0: none ("Tabel 1") */
	int                tables, figures; /* in the chapter */
	int                failed; /* an allocation failed */
};

void rdoc_init(struct rdoc *d, const char *title);
void rdoc_free(struct rdoc *d);
int  rdoc_failed(const struct rdoc *d);

/* Starts a chapter: the numbering of tables and figures restarts at 1. */
void rdoc_chapter(struct rdoc *d, int chapter);
void rdoc_heading(struct rdoc *d, int level, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void rdoc_para(struct rdoc *d, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void rdoc_styled(struct rdoc *d, enum rdoc_style style, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Multi-line text: one paragraph per non-empty line; numbered: a list
 * ("1. ...", RDOC_ITEM), as the reports number theirs. */
void rdoc_lines(struct rdoc *d, const char *text, int numbered);
void rdoc_placeholder(struct rdoc *d, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void rdoc_pagebreak(struct rdoc *d);

/* A numbered table: its title, source, columns (head[i]; right[i] for a
 * numeric column, NULL: none). Rows follow with rdoc_row. */
void rdoc_table(struct rdoc *d, const char *title, const char *source,
    int ncols, const char *const *head, const unsigned char *right);
/* A row of the last table: ncols cells (NULL is empty). */
void rdoc_row(struct rdoc *d, const char *const *cells);
/* A numbered figure holding a standalone <svg> element and, when chart is
 * not NULL, the chart's data (copied) for a native DOCX chart. */
void rdoc_figure(struct rdoc *d, const char *title, const char *source,
    const char *svg, const struct rdoc_chart *chart);

/* Signature blocks side by side: n lines in each of two columns (a
 * party's role, title, space to sign, name, NIP). */
void rdoc_signatures(struct rdoc *d, const char *const *left,
    const char *const *right, size_t n);

/* The cell at row r (0: the header) and column c of a table block. */
const char *rdoc_cell(const struct rdoc_block *b, size_t r, int c);

/* Writers: 0, or -1 when the model is incomplete (allocation failed) or
 * writing failed. */
int rdoc_html(const struct rdoc *d, FILE *out);
int rdoc_markdown(const struct rdoc *d, FILE *out);
/* The DOCX package into malloc'd memory (*buf, *len). A figure with
 * chart data is a native chart (word/charts/chartN.xml: c:lineChart or
 * c:barChart with its values cached), one without is its caption only:
 * the table beside it carries the data. */
int rdoc_docx(const struct rdoc *d, unsigned char **buf, size_t *len);

/* Text as XML character data: &, <, >, " escaped; control characters
 * other than tab and newline, and invalid UTF-8, dropped (XML 1.0 cannot
 * hold them). */
void rdoc_xml_text(FILE *out, const char *s);

#endif
