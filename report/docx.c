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

static const char content_types[] =
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
    "vnd.openxmlformats-package.core-properties+xml\"/>"
    "</Types>\n";

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

static const char document_rels[] =
    XML_HEAD
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/"
    "relationships\">"
    "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/"
    "officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>"
    "</Relationships>\n";

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

static void
block(FILE *out, const struct rdoc_block *b)
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
		fputs("<w:p><w:pPr><w:pStyle w:val=\"Caption\"/></w:pPr>", out);
		run(out, NULL, b->number);
		run(out, NULL, " ");
		run(out, NULL, b->text);
		run(out, "<w:b w:val=\"0\"/><w:i/>",
		    " (grafik pada versi HTML; datanya pada tabel di atas)");
		fputs("</w:p>", out);
		break;
	case RDOC_PAGEBREAK:
		fputs("<w:p><w:r><w:br w:type=\"page\"/></w:r></w:p>", out);
		break;
	}
}

static void
document(FILE *out, const struct rdoc *d)
{
	size_t i;

	fputs(XML_HEAD "<w:document " W_NS "><w:body>", out);
	for (i = 0; i < d->n; i++)
		block(out, &d->blocks[i]);
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

/* A part written by fn into memory. */
static char *
part(void (*fn)(FILE *, const struct rdoc *), const struct rdoc *d,
    size_t *len)
{
	char *buf = NULL;
	FILE *f   = open_memstream(&buf, len);

	if (f == NULL)
		return NULL;
	fn(f, d);
	if (ferror(f)) {
		fclose(f);
		free(buf);
		return NULL;
	}
	if (fclose(f) != 0) {
		free(buf);
		return NULL;
	}
	return buf;
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

int
rdoc_docx(const struct rdoc *d, unsigned char **buf, size_t *len)
{
	zip_error_t   err;
	zip_source_t *src;
	zip_t        *za;
	char         *doc, *cp;
	size_t        doc_len, cp_len;
	int           rc = -1;

	*buf = NULL;
	*len = 0;
	if (rdoc_failed(d))
		return -1;
	doc = part(document, d, &doc_len);
	cp  = part(core, d, &cp_len);
	zip_error_init(&err);
	src = zip_source_buffer_create(NULL, 0, 0, &err);
	za  = src ? zip_open_from_source(src, ZIP_TRUNCATE, &err) : NULL;
	if (doc && cp && za) {
		zip_source_keep(src);
		if (add(za, "[Content_Types].xml", content_types,
		        strlen(content_types)) == 0 &&
		    add(za, "_rels/.rels", package_rels,
		        strlen(package_rels)) == 0 &&
		    add(za, "word/document.xml", doc, doc_len) == 0 &&
		    add(za, "word/styles.xml", styles, strlen(styles)) == 0 &&
		    add(za, "word/_rels/document.xml.rels", document_rels,
		        strlen(document_rels)) == 0 &&
		    add(za, "docProps/core.xml", cp, cp_len) == 0 &&
		    zip_close(za) == 0) {
			za = NULL;
			rc = take(src, buf, len);
		}
		if (za)
			zip_discard(za);
		zip_source_free(src);
	} else if (src && za == NULL)
		zip_source_free(src);
	else if (za)
		zip_discard(za);
	zip_error_fini(&err);
	free(doc);
	free(cp);
	return rc;
}
