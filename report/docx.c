/*
 * docx.c - the document model as a WordprocessingML package (ECMA-376),
 * the smallest set of parts Word and LibreOffice open: [Content_Types].xml,
 * _rels/.rels, word/document.xml, word/styles.xml (Title, Heading1-3,
 * Caption, a table style with borders), word/_rels/document.xml.rels and
 * docProps/core.xml. Each part is written to memory, then zipped with
 * libzip into memory. Tables are w:tbl with the header row repeated on
 * every page. Figures are not drawn: the tables beside them hold their
 * data, and the caption says the chart is in the HTML.
 */
#define _GNU_SOURCE /* open_memstream */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "doc.h"

#define W_NS                                                         \
	"xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/" \
	"2006/main\""
#define XML_HEAD \
	"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"

static const char content_types_head[] =
    XML_HEAD
    "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/"
    "content-types\">"
    "<Default Extension=\"rels\" ContentType=\"application/"
    "vnd.openxmlformats-package.relationships+xml\"/>"
    "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
    "<Override PartName=\"/word/document.xml\" ContentType=\"application/"
    "vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>"
    "<Override PartName=\"/word/styles.xml\" ContentType=\"application/"
    "vnd.openxmlformats-officedocument.wordprocessingml.styles+xml\"/>"
    "<Override PartName=\"/docProps/core.xml\" ContentType=\"application/"
    "vnd.openxmlformats-package.core-properties+xml\"/>";

static const char package_rels[] =
    XML_HEAD
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/"
    "relationships\">"
    "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/"
    "officeDocument/2006/relationships/officeDocument\" "
    "Target=\"word/document.xml\"/>"
    "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/"
    "package/2006/relationships/metadata/core-properties\" "
    "Target=\"docProps/core.xml\"/>"
    "</Relationships>\n";

static const char document_rels_head[] =
    XML_HEAD
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/"
    "relationships\">"
    "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/"
    "officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>";

#define STYLE_P(id, name, ppr, rpr)                                     \
	"<w:style w:type=\"paragraph\" w:styleId=\"" id "\">"           \
	"<w:name w:val=\"" name "\"/><w:basedOn w:val=\"Normal\"/>"    \
	"<w:next w:val=\"Normal\"/><w:qFormat/><w:pPr>" ppr "</w:pPr>" \
	"<w:rPr>" rpr "</w:rPr></w:style>"

static const char styles[] =
    XML_HEAD "<w:styles " W_NS ">"
    "<w:docDefaults><w:rPrDefault><w:rPr>"
    "<w:rFonts w:ascii=\"Times New Roman\" w:hAnsi=\"Times New Roman\" "
    "w:cs=\"Times New Roman\"/><w:sz w:val=\"24\"/><w:lang w:val=\"id-ID\"/>"
    "</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr>"
    "<w:spacing w:after=\"120\" w:line=\"276\" w:lineRule=\"auto\"/>"
    "</w:pPr></w:pPrDefault></w:docDefaults>"
    "<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\">"
    "<w:name w:val=\"Normal\"/><w:qFormat/></w:style>"
    STYLE_P("Title", "Title", "<w:jc w:val=\"center\"/>"
        "<w:spacing w:before=\"2400\" w:after=\"480\"/>",
        "<w:b/><w:sz w:val=\"40\"/>")
    STYLE_P("Heading1", "heading 1", "<w:keepNext/><w:jc w:val=\"center\"/>"
        "<w:spacing w:before=\"360\" w:after=\"240\"/>"
        "<w:outlineLvl w:val=\"0\"/>", "<w:b/><w:sz w:val=\"30\"/>")
    STYLE_P("Heading2", "heading 2", "<w:keepNext/>"
        "<w:spacing w:before=\"240\" w:after=\"120\"/>"
        "<w:outlineLvl w:val=\"1\"/>", "<w:b/><w:sz w:val=\"26\"/>")
    STYLE_P("Heading3", "heading 3", "<w:keepNext/>"
        "<w:spacing w:before=\"200\" w:after=\"80\"/>"
        "<w:outlineLvl w:val=\"2\"/>", "<w:b/><w:sz w:val=\"24\"/>")
    STYLE_P("Caption", "caption", "<w:keepNext/><w:jc w:val=\"center\"/>"
        "<w:spacing w:before=\"120\" w:after=\"60\"/>", "<w:b/>")
    STYLE_P("Source", "Sumber", "<w:spacing w:after=\"200\"/>",
        "<w:i/><w:sz w:val=\"19\"/>")
    "<w:style w:type=\"table\" w:styleId=\"TabelLaporan\">"
    "<w:name w:val=\"Tabel Laporan\"/><w:rPr><w:sz w:val=\"21\"/></w:rPr>"
    "<w:tblPr><w:tblBorders>"
    "<w:top w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>"
    "<w:left w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>"
    "<w:bottom w:val=\"single\" w:sz=\"4\" w:space=\"0\" "
    "w:color=\"000000\"/>"
    "<w:right w:val=\"single\" w:sz=\"4\" w:space=\"0\" "
    "w:color=\"000000\"/>"
    "<w:insideH w:val=\"single\" w:sz=\"4\" w:space=\"0\" "
    "w:color=\"000000\"/>"
    "<w:insideV w:val=\"single\" w:sz=\"4\" w:space=\"0\" "
    "w:color=\"000000\"/>"
    "</w:tblBorders><w:tblCellMar><w:left w:w=\"80\" w:type=\"dxa\"/>"
    "<w:right w:w=\"80\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr>"
    "</w:style></w:styles>\n";

/* A run of text; spaces kept, newlines as w:br. */
static void
run(FILE *out, const char *rpr, const char *text)
{
	const char *p = text ? text : "", *nl;

	fputs("<w:r>", out);
	if (rpr && *rpr)
		fprintf(out, "<w:rPr>%s</w:rPr>", rpr);
	for (;;) {
		nl = strchr(p, '\n');
		fputs("<w:t xml:space=\"preserve\">", out);
		if (nl) {
			char *line = strndup(p, (size_t) (nl - p));

			rdoc_xml_text(out, line ? line : "");
			free(line);
		} else
			rdoc_xml_text(out, p);
		fputs("</w:t>", out);
		if (!nl)
			break;
		fputs("<w:br/>", out);
		p = nl + 1;
	}
	fputs("</w:r>", out);
}

static void
para(FILE *out, const char *style, const char *ppr, const char *rpr,
    const char *text)
{
	fputs("<w:p>", out);
	if ((style && *style) || (ppr && *ppr)) {
		fputs("<w:pPr>", out);
		if (style && *style)
			fprintf(out, "<w:pStyle w:val=\"%s\"/>", style);
		if (ppr)
			fputs(ppr, out);
		fputs("</w:pPr>", out);
	}
	run(out, rpr, text);
	fputs("</w:p>", out);
}

static void
caption(FILE *out, const struct rdoc_block *b)
{
	fputs("<w:p><w:pPr><w:pStyle w:val=\"Caption\"/></w:pPr>", out);
	run(out, NULL, b->number);
	run(out, NULL, " ");
	run(out, NULL, b->text);
	fputs("</w:p>", out);
}

static void
source(FILE *out, const struct rdoc_block *b)
{
	if (b->source == NULL)
		return;
	fputs("<w:p><w:pPr><w:pStyle w:val=\"Source\"/></w:pPr>", out);
	run(out, NULL, "Sumber: ");
	run(out, NULL, b->source);
	fputs("</w:p>", out);
}

static void
table(FILE *out, const struct rdoc_block *b)
{
	size_t r;
	int    c;

	caption(out, b);
	fputs("<w:tbl><w:tblPr><w:tblStyle w:val=\"TabelLaporan\"/>"
	      "<w:tblW w:w=\"5000\" w:type=\"pct\"/>"
	      "<w:tblLook w:val=\"0020\" w:firstRow=\"1\"/></w:tblPr>"
	      "<w:tblGrid>",
	    out);
	for (c = 0; c < b->ncols; c++)
		fprintf(out, "<w:gridCol w:w=\"%d\"/>", 9000 / b->ncols);
	fputs("</w:tblGrid>", out);
	for (r = 0; r <= b->nrows; r++) {
		fputs(r == 0 ? "<w:tr><w:trPr><w:tblHeader/></w:trPr>"
		             : "<w:tr><w:trPr><w:cantSplit/></w:trPr>",
		    out);
		for (c = 0; c < b->ncols; c++) {
			fputs("<w:tc><w:tcPr><w:tcW w:w=\"0\" w:type=\"auto\"/>",
			    out);
			if (r == 0)
				fputs("<w:shd w:val=\"clear\" w:color=\"auto\" "
				      "w:fill=\"E6E6E6\"/>",
				    out);
			fputs("</w:tcPr>", out);
			para(out, NULL,
			    r == 0         ? "<w:spacing w:after=\"0\"/>"
			                     "<w:jc w:val=\"center\"/>"
			    : b->right[c] ? "<w:spacing w:after=\"0\"/>"
			                    "<w:jc w:val=\"right\"/>"
			                  : "<w:spacing w:after=\"0\"/>",
			    r == 0 ? "<w:b/>" : NULL, rdoc_cell(b, r, c));
			fputs("</w:tc>", out);
		}
		fputs("</w:tr>", out);
	}
	fputs("</w:tbl>", out);
	source(out, b);
}

#define C_NS "http://schemas.openxmlformats.org/drawingml/2006/chart"
#define A_NS "http://schemas.openxmlformats.org/drawingml/2006/main"
#define R_NS \
	"http://schemas.openxmlformats.org/officeDocument/2006/relationships"

/* The chart's place in the text: an inline drawing referring to chart
 * part number k (relationship rIdC<k>), 16 x 9 cm. */
static void
drawing(FILE *out, size_t k)
{
	fprintf(out,
	    "<w:p><w:pPr><w:keepNext/><w:jc w:val=\"center\"/></w:pPr><w:r>"
	    "<w:drawing><wp:inline distT=\"0\" distB=\"0\" distL=\"0\" "
	    "distR=\"0\"><wp:extent cx=\"5760000\" cy=\"3240000\"/>"
	    "<wp:effectExtent l=\"0\" t=\"0\" r=\"0\" b=\"0\"/>"
	    "<wp:docPr id=\"%zu\" name=\"Grafik %zu\"/><wp:cNvGraphicFramePr/>"
	    "<a:graphic xmlns:a=\"" A_NS "\"><a:graphicData uri=\"" C_NS "\">"
	    "<c:chart xmlns:c=\"" C_NS "\" xmlns:r=\"" R_NS "\" "
	    "r:id=\"rIdC%zu\"/></a:graphicData></a:graphic></wp:inline>"
	    "</w:drawing></w:r></w:p>",
	    k, k, k);
}

/* Signature blocks: a borderless two-column table, centred lines. */
static void
signatures(FILE *out, const struct rdoc_block *b)
{
	size_t r;
	int    c;

	fputs("<w:tbl><w:tblPr><w:tblW w:w=\"5000\" w:type=\"pct\"/>"
	      "<w:tblBorders><w:top w:val=\"nil\"/><w:left w:val=\"nil\"/>"
	      "<w:bottom w:val=\"nil\"/><w:right w:val=\"nil\"/>"
	      "<w:insideH w:val=\"nil\"/><w:insideV w:val=\"nil\"/>"
	      "</w:tblBorders></w:tblPr><w:tblGrid><w:gridCol w:w=\"4800\"/>"
	      "<w:gridCol w:w=\"4800\"/></w:tblGrid>",
	    out);
	for (r = 0; r <= b->nrows; r++) {
		fputs("<w:tr><w:trPr><w:cantSplit/></w:trPr>", out);
		for (c = 0; c < 2; c++) {
			fputs("<w:tc><w:tcPr><w:tcW w:w=\"2500\" w:type=\"pct\"/>"
			      "</w:tcPr>",
			    out);
			para(out, NULL, "<w:spacing w:after=\"0\"/>"
			                "<w:jc w:val=\"center\"/>",
			    NULL, rdoc_cell(b, r, c));
			fputs("</w:tc>", out);
		}
		fputs("</w:tr>", out);
	}
	fputs("</w:tbl>", out);
}

static void
block(FILE *out, const struct rdoc_block *b, size_t *charts)
{
	static const char *const heading[] = { "", "Heading1", "Heading2",
		"Heading3" };
	static const char center[] = "<w:jc w:val=\"center\"/>";

	switch (b->kind) {
	case RDOC_HEADING:
		para(out, heading[b->level], NULL, NULL, b->text);
		break;
	case RDOC_PARA:
		if (b->style == RDOC_COVER_TITLE)
			para(out, "Title", NULL, NULL, b->text);
		else if (b->style == RDOC_COVER)
			para(out, NULL, center, "<w:b/><w:sz w:val=\"28\"/>",
			    b->text);
		else if (b->style == RDOC_CENTER)
			para(out, NULL, center, NULL, b->text);
		else if (b->style == RDOC_ITEM)
			para(out, NULL, "<w:ind w:left=\"567\"/>", NULL,
			    b->text);
		else
			para(out, NULL, "<w:jc w:val=\"both\"/>", NULL,
			    b->text);
		break;
	case RDOC_PLACEHOLDER:
		fputs("<w:p>", out);
		run(out, "<w:i/><w:color w:val=\"B00000\"/>", "[Belum diisi: ");
		run(out, "<w:i/><w:color w:val=\"B00000\"/>", b->text);
		run(out, "<w:i/><w:color w:val=\"B00000\"/>", "]");
		fputs("</w:p>", out);
		break;
	case RDOC_TABLE:
		table(out, b);
		break;
	case RDOC_FIGURE:
		if (b->ncat > 0)
			drawing(out, ++*charts);
		fputs("<w:p><w:pPr><w:pStyle w:val=\"Caption\"/></w:pPr>", out);
		run(out, NULL, b->number);
		run(out, NULL, " ");
		run(out, NULL, b->text);
		if (b->ncat == 0)
			run(out, "<w:b w:val=\"0\"/><w:i/>",
			    " (grafik pada versi HTML; datanya pada tabel di "
			    "atas)");
		fputs("</w:p>", out);
		source(out, b);
		break;
	case RDOC_PAGEBREAK:
		fputs("<w:p><w:r><w:br w:type=\"page\"/></w:r></w:p>", out);
		break;
	case RDOC_SIGNATURES:
		signatures(out, b);
		break;
	}
}

static void
document(FILE *out, const struct rdoc *d)
{
	size_t i, charts = 0;

	fputs(XML_HEAD "<w:document " W_NS " xmlns:wp=\"http://schemas."
	      "openxmlformats.org/drawingml/2006/wordprocessingDrawing\" "
	      "xmlns:r=\"" R_NS "\"><w:body>",
	    out);
	for (i = 0; i < d->n; i++)
		block(out, &d->blocks[i], &charts);
	/* A4, margins 2.5 cm top and bottom, 2 cm at the sides. */
	fputs("<w:sectPr><w:pgSz w:w=\"11906\" w:h=\"16838\"/>"
	      "<w:pgMar w:top=\"1418\" w:right=\"1134\" w:bottom=\"1418\" "
	      "w:left=\"1134\" w:header=\"709\" w:footer=\"709\" "
	      "w:gutter=\"0\"/></w:sectPr></w:body></w:document>\n",
	    out);
}

static void
core(FILE *out, const struct rdoc *d)
{
	fputs(XML_HEAD
	    "<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/"
	    "package/2006/metadata/core-properties\" "
	    "xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><dc:title>",
	    out);
	rdoc_xml_text(out, d->title);
	fputs("</dc:title><dc:creator>kinerja</dc:creator>"
	      "<dc:language>id-ID</dc:language></cp:coreProperties>\n",
	    out);
}

/* A number for the chart cache: a plain decimal, as c:v wants it. */
static void
cache_number(FILE *out, double v)
{
	char buf[64];

	snprintf(buf, sizeof(buf), "%.4f", v);
	/* trailing zeros off: 98.5900 -> 98.59 */
	for (size_t n = strlen(buf); n > 0 && buf[n - 1] == '0'; n--)
		buf[n - 1] = '\0';
	if (buf[strlen(buf) - 1] == '.')
		buf[strlen(buf) - 1] = '\0';
	fputs(buf, out);
}

/* Column letter of series s in the (absent) sheet the references name:
 * categories in A, series from B. */
static char
column(size_t s)
{
	return (char) ('B' + (s < 24 ? s : 24));
}

/* A trend's line, drawn as the HTML's SVG draws it: the realisasi (the
 * last series) solid blue, the targets dashed orange. Without it
 * LibreOffice draws the markers only. */
static void
line_style(FILE *out, int realisasi)
{
	fprintf(out, "<c:spPr><a:ln w=\"22225\"><a:solidFill><a:srgbClr "
	             "val=\"%s\"/></a:solidFill>%s</a:ln></c:spPr>",
	    realisasi ? "1F5FAA" : "D97706",
	    realisasi ? "" : "<a:prstDash val=\"dash\"/>");
}

static void
series(FILE *out, const struct rdoc_block *b, size_t s)
{
	size_t i;

	fprintf(out, "<c:ser><c:idx val=\"%zu\"/><c:order val=\"%zu\"/>"
	             "<c:tx><c:strRef><c:f>Sheet1!$%c$1</c:f><c:strCache>"
	             "<c:ptCount val=\"1\"/><c:pt idx=\"0\"><c:v>",
	    s, s, column(s));
	rdoc_xml_text(out, b->ser_names[s]);
	fputs("</c:v></c:pt></c:strCache></c:strRef></c:tx>", out);
	if (!b->chart_bar) {
		line_style(out, s == b->nser - 1);
		fprintf(out, "<c:marker><c:symbol val=\"circle\"/>"
		             "<c:size val=\"6\"/></c:marker>");
	}
	fprintf(out, "<c:dLbls><c:showLegendKey val=\"0\"/>"
	             "<c:showVal val=\"%d\"/><c:showCatName val=\"0\"/>"
	             "<c:showSerName val=\"0\"/><c:showPercent val=\"0\"/>"
	             "<c:showBubbleSize val=\"0\"/></c:dLbls>",
	    s == b->nser - 1);
	fprintf(out, "<c:cat><c:strRef><c:f>Sheet1!$A$2:$A$%zu</c:f>"
	             "<c:strCache><c:ptCount val=\"%zu\"/>",
	    b->ncat + 1, b->ncat);
	for (i = 0; i < b->ncat; i++) {
		fprintf(out, "<c:pt idx=\"%zu\"><c:v>", i);
		rdoc_xml_text(out, b->cats[i]);
		fputs("</c:v></c:pt>", out);
	}
	fprintf(out, "</c:strCache></c:strRef></c:cat><c:val><c:numRef>"
	             "<c:f>Sheet1!$%c$2:$%c$%zu</c:f><c:numCache>"
	             "<c:formatCode>#,##0.00</c:formatCode>"
	             "<c:ptCount val=\"%zu\"/>",
	    column(s), column(s), b->ncat + 1, b->ncat);
	for (i = 0; i < b->ncat; i++) {
		if (!b->present[s * b->ncat + i])
			continue; /* a gap */
		fprintf(out, "<c:pt idx=\"%zu\"><c:v>", i);
		cache_number(out, b->values[s * b->ncat + i]);
		fputs("</c:v></c:pt>", out);
	}
	fputs("</c:numCache></c:numRef></c:val>", out);
	if (!b->chart_bar)
		fputs("<c:smooth val=\"0\"/>", out);
	fputs("</c:ser>", out);
}

/* A chart part: c:lineChart for a trend, a horizontal c:barChart for a
 * ranking (best first, so the category axis runs top to bottom), the
 * values cached so that Word and LibreOffice draw it without a sheet. */
static void
chart_part(FILE *out, const struct rdoc_block *b)
{
	size_t s;

	fputs(XML_HEAD "<c:chartSpace xmlns:c=\"" C_NS "\" xmlns:a=\"" A_NS
	               "\" xmlns:r=\"" R_NS "\"><c:roundedCorners val=\"0\"/>"
	               "<c:chart><c:title><c:tx><c:rich><a:bodyPr/><a:p><a:pPr>"
	               "<a:defRPr sz=\"1100\" b=\"1\"/></a:pPr><a:r><a:t>",
	    out);
	rdoc_xml_text(out, b->text);
	fputs("</a:t></a:r></a:p></c:rich></c:tx><c:overlay val=\"0\"/>"
	      "</c:title><c:autoTitleDeleted val=\"0\"/><c:plotArea>"
	      "<c:layout/>",
	    out);
	if (b->chart_bar)
		fputs("<c:barChart><c:barDir val=\"bar\"/>"
		      "<c:grouping val=\"clustered\"/><c:varyColors val=\"0\"/>",
		    out);
	else
		fputs("<c:lineChart><c:grouping val=\"standard\"/>"
		      "<c:varyColors val=\"0\"/>",
		    out);
	for (s = 0; s < b->nser; s++)
		series(out, b, s);
	if (b->chart_bar)
		fputs("<c:gapWidth val=\"60\"/><c:axId val=\"1001\"/>"
		      "<c:axId val=\"1002\"/></c:barChart>",
		    out);
	else
		fputs("<c:marker val=\"1\"/><c:axId val=\"1001\"/>"
		      "<c:axId val=\"1002\"/></c:lineChart>",
		    out);
	fprintf(out,
	    "<c:catAx><c:axId val=\"1001\"/><c:scaling><c:orientation "
	    "val=\"%s\"/></c:scaling><c:delete val=\"0\"/><c:axPos "
	    "val=\"%s\"/><c:numFmt formatCode=\"General\" sourceLinked=\"0\"/>"
	    "<c:tickLblPos val=\"nextTo\"/><c:crossAx val=\"1002\"/>"
	    "<c:crosses val=\"autoZero\"/><c:auto val=\"1\"/>"
	    "<c:lblAlgn val=\"ctr\"/><c:lblOffset val=\"100\"/></c:catAx>"
	    "<c:valAx><c:axId val=\"1002\"/><c:scaling><c:orientation "
	    "val=\"minMax\"/></c:scaling><c:delete val=\"0\"/><c:axPos "
	    "val=\"%s\"/><c:majorGridlines/><c:numFmt formatCode=\"#,##0.00\" "
	    "sourceLinked=\"0\"/><c:tickLblPos val=\"nextTo\"/>"
	    "<c:crossAx val=\"1001\"/><c:crosses val=\"%s\"/>"
	    "<c:crossBetween val=\"between\"/></c:valAx></c:plotArea>"
	    "<c:legend><c:legendPos val=\"b\"/><c:overlay val=\"0\"/>"
	    "</c:legend><c:plotVisOnly val=\"1\"/><c:dispBlanksAs "
	    "val=\"gap\"/></c:chart></c:chartSpace>\n",
	    b->chart_bar ? "maxMin" : "minMax", b->chart_bar ? "l" : "b",
	    b->chart_bar ? "b" : "l", b->chart_bar ? "max" : "autoZero");
}

static size_t
count_charts(const struct rdoc *d)
{
	size_t i, n = 0;

	for (i = 0; i < d->n; i++)
		n += d->blocks[i].kind == RDOC_FIGURE && d->blocks[i].ncat > 0;
	return n;
}

static void
content_types(FILE *out, const struct rdoc *d)
{
	size_t k, n = count_charts(d);

	fputs(content_types_head, out);
	for (k = 1; k <= n; k++)
		fprintf(out, "<Override PartName=\"/word/charts/chart%zu.xml\" "
		             "ContentType=\"application/vnd.openxmlformats-"
		             "officedocument.drawingml.chart+xml\"/>",
		    k);
	fputs("</Types>\n", out);
}

static void
document_rels(FILE *out, const struct rdoc *d)
{
	size_t k, n = count_charts(d);

	fputs(document_rels_head, out);
	for (k = 1; k <= n; k++)
		fprintf(out, "<Relationship Id=\"rIdC%zu\" Type=\"" R_NS
		             "/chart\" Target=\"charts/chart%zu.xml\"/>",
		    k, k);
	fputs("</Relationships>\n", out);
}

/* Adds a part; its bytes are copied into the archive's source. */
static int
add(zip_t *za, const char *name, const char *data, size_t len)
{
	zip_source_t *s = zip_source_buffer(za, data, len, 0);
	zip_int64_t   i;

	if (s == NULL)
		return -1;
	i = zip_file_add(za, name, s, ZIP_FL_ENC_UTF_8);
	if (i < 0) {
		zip_source_free(s);
		return -1;
	}
	return zip_set_file_compression(za, (zip_uint64_t) i, ZIP_CM_DEFLATE, 0);
}

/* The archive's bytes, once closed, out of its source. */
static int
take(zip_source_t *src, unsigned char **buf, size_t *len)
{
	zip_stat_t st;
	int        rc = -1;

	if (zip_source_open(src) < 0)
		return -1;
	if (zip_source_stat(src, &st) == 0 && (st.valid & ZIP_STAT_SIZE)) {
		*buf = malloc(st.size ? st.size : 1);
		if (*buf && zip_source_read(src, *buf, st.size) ==
		                (zip_int64_t) st.size) {
			*len = st.size;
			rc   = 0;
		} else {
			free(*buf);
			*buf = NULL;
		}
	}
	zip_source_close(src);
	return rc;
}

/* The parts written into memory, kept until the archive is closed. */
struct parts {
	char  **data;
	size_t *len;
	size_t  n, cap;
};

static const char *
keep(struct parts *p, void (*fn)(FILE *, const struct rdoc *),
    void (*fn_block)(FILE *, const struct rdoc_block *), const void *arg)
{
	char  *buf = NULL;
	size_t len = 0;
	FILE  *f;

	if (p->n == p->cap || (f = open_memstream(&buf, &len)) == NULL)
		return NULL;
	if (fn)
		fn(f, arg);
	else
		fn_block(f, arg);
	if (ferror(f) | (fclose(f) != 0)) {
		free(buf);
		return NULL;
	}
	p->data[p->n] = buf;
	p->len[p->n]  = len;
	return p->data[p->n++];
}

static int
add_part(zip_t *za, struct parts *p, const char *name,
    void (*fn)(FILE *, const struct rdoc *),
    void (*fn_block)(FILE *, const struct rdoc_block *), const void *arg)
{
	const char *data = keep(p, fn, fn_block, arg);

	return data ? add(za, name, data, p->len[p->n - 1]) : -1;
}

/* Every part, in the order readers expect: content types first. */
static int
add_all(zip_t *za, struct parts *p, const struct rdoc *d)
{
	char   name[64];
	size_t i, k = 0;

	if (add_part(za, p, "[Content_Types].xml", content_types, NULL, d) ||
	    add(za, "_rels/.rels", package_rels, strlen(package_rels)) ||
	    add_part(za, p, "word/document.xml", document, NULL, d) ||
	    add(za, "word/styles.xml", styles, strlen(styles)) ||
	    add_part(za, p, "word/_rels/document.xml.rels", document_rels,
	        NULL, d) ||
	    add_part(za, p, "docProps/core.xml", core, NULL, d))
		return -1;
	for (i = 0; i < d->n; i++) {
		if (d->blocks[i].kind != RDOC_FIGURE || d->blocks[i].ncat == 0)
			continue;
		snprintf(name, sizeof(name), "word/charts/chart%zu.xml", ++k);
		if (add_part(za, p, name, NULL, chart_part, &d->blocks[i]))
			return -1;
	}
	return 0;
}

int
rdoc_docx(const struct rdoc *d, unsigned char **buf, size_t *len)
{
	zip_error_t   err;
	zip_source_t *src;
	zip_t        *za;
	struct parts  p;
	size_t        i;
	int           rc = -1;

	*buf = NULL;
	*len = 0;
	if (rdoc_failed(d))
		return -1;
	memset(&p, 0, sizeof(p));
	p.cap  = count_charts(d) + 4;
	p.data = calloc(p.cap, sizeof(*p.data));
	p.len  = calloc(p.cap, sizeof(*p.len));
	zip_error_init(&err);
	src = zip_source_buffer_create(NULL, 0, 0, &err);
	za  = src && p.data && p.len
	          ? zip_open_from_source(src, ZIP_TRUNCATE, &err)
	          : NULL;
	if (za) {
		zip_source_keep(src);
		if (add_all(za, &p, d) == 0 && zip_close(za) == 0) {
			za = NULL;
			rc = take(src, buf, len);
		}
		if (za)
			zip_discard(za);
	}
	if (src)
		zip_source_free(src);
	zip_error_fini(&err);
	for (i = 0; i < p.n; i++)
		free(p.data[i]);
	free(p.data);
	free(p.len);
	return rc;
}
