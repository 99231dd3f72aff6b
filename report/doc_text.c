/*
 * doc_text.c - the HTML and Markdown writers of the document model. The
 * HTML is one XHTML-style file (every element closed, so an XML parser
 * reads it), UTF-8, no script, charts as inline SVG, and a print
 * stylesheet: A4 pages, a page break before each BAB, table headers
 * repeated on every page.
 */
#include <stdio.h>
#include <string.h>

#include "doc.h"

static const char css[] =
    "body{font-family:'Times New Roman',serif;font-size:12pt;"
    "max-width:50em;margin:2em auto;color:#000;line-height:1.4}"
    "h1{font-size:15pt;text-align:center;margin-top:1.5em}"
    "h2{font-size:13pt}h3{font-size:12pt}"
    "table{border-collapse:collapse;width:100%;margin:.3em 0;"
    "font-size:10.5pt}"
    "th,td{border:1px solid #000;padding:2px 5px;vertical-align:top}"
    "th{background:#e6e6e6}td.n{text-align:right;white-space:nowrap}"
    "caption{font-weight:bold;padding:.4em;caption-side:top}"
    "p.src{font-size:9.5pt;font-style:italic;margin-top:0}"
    "p.cover-title{font-size:20pt;font-weight:bold;text-align:center;"
    "margin-top:5em}"
    "p.cover{font-size:14pt;text-align:center}"
    "p.center{text-align:center}p.item{margin-left:2em}"
    "p.todo{border:1px dashed #b00;color:#b00;padding:.4em;"
    "background:#fff4f4}"
    "figure{margin:1em 0;text-align:center}"
    "figure svg{max-width:100%;height:auto}"
    "figcaption{font-weight:bold}"
    "table.sig td{border:none;text-align:center;width:50%}"
    "table.sig{margin-top:2em;page-break-inside:avoid}"
    "div.pb{page-break-after:always;break-after:page}"
    "@media screen{div.pb{border-top:1px dashed #999;margin:2em 0}}"
    "@media print{body{margin:0;max-width:none}"
    "thead{display:table-header-group}tr{page-break-inside:avoid}"
    "figure{page-break-inside:avoid}}"
    "@page{size:A4;margin:2.5cm 2cm}";

static const char *const style_class[] = {
	[RDOC_NORMAL] = NULL,
	[RDOC_COVER_TITLE] = "cover-title",
	[RDOC_COVER] = "cover",
	[RDOC_CENTER] = "center",
	[RDOC_ITEM] = "item",
};

static void
html_table(const struct rdoc_block *b, FILE *out)
{
	size_t r;
	int    c;

	fputs("<table>\n<caption>", out);
	rdoc_xml_text(out, b->number);
	fputs(" ", out);
	rdoc_xml_text(out, b->text);
	fputs("</caption>\n<thead><tr>", out);
	for (c = 0; c < b->ncols; c++) {
		fputs("<th>", out);
		rdoc_xml_text(out, rdoc_cell(b, 0, c));
		fputs("</th>", out);
	}
	fputs("</tr></thead>\n<tbody>\n", out);
	for (r = 1; r <= b->nrows; r++) {
		fputs("<tr>", out);
		for (c = 0; c < b->ncols; c++) {
			fputs(b->right[c] ? "<td class=\"n\">" : "<td>", out);
			rdoc_xml_text(out, rdoc_cell(b, r, c));
			fputs("</td>", out);
		}
		fputs("</tr>\n", out);
	}
	fputs("</tbody>\n</table>\n", out);
	if (b->source) {
		fputs("<p class=\"src\">Sumber: ", out);
		rdoc_xml_text(out, b->source);
		fputs("</p>\n", out);
	}
}

/* A heading's anchor, so a reader (or a screenshot) can link to "BAB
 * III": its ASCII letters and digits, lower case, the rest as '-'. */
static void
anchor(FILE *out, const char *text)
{
	const unsigned char *p;
	int                  dash = 0;

	fputs("h-", out);
	for (p = (const unsigned char *) text; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9')) {
			fputc(*p, out);
			dash = 0;
		} else if (*p >= 'A' && *p <= 'Z') {
			fputc(*p - 'A' + 'a', out);
			dash = 0;
		} else if (!dash) {
			fputc('-', out);
			dash = 1;
		}
	}
}

static void
html_signatures(const struct rdoc_block *b, FILE *out)
{
	size_t r;
	int    c;

	fputs("<table class=\"sig\"><tbody>\n", out);
	for (r = 0; r <= b->nrows; r++) {
		fputs("<tr>", out);
		for (c = 0; c < 2; c++) {
			fputs("<td>", out);
			rdoc_xml_text(out, rdoc_cell(b, r, c));
			fputs("</td>", out);
		}
		fputs("</tr>\n", out);
	}
	fputs("</tbody></table>\n", out);
}

static void
html_block(const struct rdoc_block *b, FILE *out)
{
	switch (b->kind) {
	case RDOC_HEADING:
		fprintf(out, "<h%d id=\"", b->level);
		anchor(out, b->text);
		fputs("\">", out);
		rdoc_xml_text(out, b->text);
		fprintf(out, "</h%d>\n", b->level);
		break;
	case RDOC_PARA:
		if (style_class[b->style])
			fprintf(out, "<p class=\"%s\">", style_class[b->style]);
		else
			fputs("<p>", out);
		rdoc_xml_text(out, b->text);
		fputs("</p>\n", out);
		break;
	case RDOC_PLACEHOLDER:
		fputs("<p class=\"todo\">[Belum diisi: ", out);
		rdoc_xml_text(out, b->text);
		fputs("]</p>\n", out);
		break;
	case RDOC_TABLE:
		html_table(b, out);
		break;
	case RDOC_FIGURE:
		/* The SVG is the chart writer's, well-formed by its tests. */
		fputs("<figure>\n", out);
		fputs(b->svg ? b->svg : "", out);
		fputs("\n<figcaption>", out);
		rdoc_xml_text(out, b->number);
		fputs(" ", out);
		rdoc_xml_text(out, b->text);
		fputs("</figcaption>\n</figure>\n", out);
		if (b->source) {
			fputs("<p class=\"src\">Sumber: ", out);
			rdoc_xml_text(out, b->source);
			fputs("</p>\n", out);
		}
		break;
	case RDOC_PAGEBREAK:
		fputs("<div class=\"pb\"></div>\n", out);
		break;
	case RDOC_SIGNATURES:
		html_signatures(b, out);
		break;
	}
}

int
rdoc_html(const struct rdoc *d, FILE *out)
{
	size_t i;

	if (rdoc_failed(d))
		return -1;
	fputs("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" "
	      "lang=\"id\">\n<head>\n<meta charset=\"utf-8\"/>\n<title>",
	    out);
	rdoc_xml_text(out, d->title);
	fprintf(out, "</title>\n<style>%s</style>\n</head>\n<body>\n", css);
	for (i = 0; i < d->n; i++)
		html_block(&d->blocks[i], out);
	fputs("</body>\n</html>\n", out);
	return ferror(out) ? -1 : 0;
}

/* ------------------------------------------------------------ Markdown */

/* Text in Markdown: control characters dropped, a newline in a table cell
 * written as a space, '|' escaped in cells, and the characters that would
 * start markup at a line's start escaped. */
static void
md_text(FILE *out, const char *s, int cell)
{
	const unsigned char *p = (const unsigned char *) s;

	if (p && !cell && (*p == '#' || *p == '>' || *p == '-' || *p == '+' ||
	             *p == '*' || *p == '='))
		fputc('\\', out);
	for (; p && *p; p++) {
		if (*p == '\n')
			fputc(cell ? ' ' : '\n', out);
		else if (*p < 0x20 && *p != '\t')
			continue;
		else if (*p == '|' && cell)
			fputs("\\|", out);
		else if (*p == '*' || *p == '_' || *p == '`' || *p == '<' ||
		         *p == '[' || *p == ']' || *p == '\\')
			fprintf(out, "\\%c", *p);
		else
			fputc(*p, out);
	}
}

static void
md_table(const struct rdoc_block *b, FILE *out)
{
	size_t r;
	int    c;

	fputs("**", out);
	md_text(out, b->number, 0);
	fputs(" ", out);
	md_text(out, b->text, 0);
	fputs("**\n\n", out);
	for (r = 0; r <= b->nrows; r++) {
		fputc('|', out);
		for (c = 0; c < b->ncols; c++) {
			fputc(' ', out);
			md_text(out, rdoc_cell(b, r, c), 1);
			fputs(" |", out);
		}
		fputc('\n', out);
		if (r == 0) {
			fputc('|', out);
			for (c = 0; c < b->ncols; c++)
				fputs(b->right[c] ? " ---: |" : " --- |", out);
			fputc('\n', out);
		}
	}
	if (b->source) {
		fputs("\n*Sumber: ", out);
		md_text(out, b->source, 1);
		fputs("*", out);
	}
	fputs("\n\n", out);
}

static void
md_block(const struct rdoc_block *b, FILE *out)
{
	size_t r;
	int    c;

	switch (b->kind) {
	case RDOC_HEADING:
		fprintf(out, "%.*s ", b->level, "###");
		md_text(out, b->text, 1);
		fputs("\n\n", out);
		break;
	case RDOC_PARA:
		if (b->style == RDOC_COVER_TITLE)
			fputs("# ", out);
		else if (b->style == RDOC_ITEM)
			fputs("- ", out);
		md_text(out, b->text, b->style == RDOC_COVER_TITLE);
		fputs("\n\n", out);
		break;
	case RDOC_PLACEHOLDER:
		fputs("> **\\[Belum diisi: ", out);
		md_text(out, b->text, 1);
		fputs("\\]**\n\n", out);
		break;
	case RDOC_TABLE:
		md_table(b, out);
		break;
	case RDOC_FIGURE:
		/* Markdown has no inline SVG worth the name: the caption
		 * points to the HTML, the table beside it has the data. */
		fputs("*", out);
		md_text(out, b->number, 1);
		fputs(" ", out);
		md_text(out, b->text, 1);
		fputs(" (grafik pada versi HTML)*\n\n", out);
		break;
	case RDOC_PAGEBREAK:
		fputs("---\n\n", out);
		break;
	case RDOC_SIGNATURES:
		/* one party after the other: Markdown has no layout table */
		for (c = 0; c < 2; c++)
			for (r = 0; r <= b->nrows; r++) {
				md_text(out, rdoc_cell(b, r, c), 0);
				fputs(r < b->nrows ? "  \n" : "\n\n", out);
			}
		break;
	}
}

int
rdoc_markdown(const struct rdoc *d, FILE *out)
{
	size_t i;

	if (rdoc_failed(d))
		return -1;
	for (i = 0; i < d->n; i++)
		md_block(&d->blocks[i], out);
	return ferror(out) ? -1 : 0;
}
