/*
 * Tests of the document model and its writers (report/doc.h): XML text
 * escaping (markup, control characters, invalid UTF-8), table and figure
 * numbering per chapter, the HTML's shape, Markdown's cell escaping, and
 * the DOCX package read back with libzip: its parts, escaped text, tables
 * with a repeated header row, and no part left out.
 */
#define _GNU_SOURCE /* open_memstream */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include <cmocka.h>

#include "doc.h"

/* What fn writes of a string, as a malloc'd string. */
static char *
xml_of(const char *s)
{
	char  *text = NULL;
	size_t len  = 0;
	FILE  *f    = open_memstream(&text, &len);

	assert_non_null(f);
	rdoc_xml_text(f, s);
	assert_int_equal(fclose(f), 0);
	return text;
}

static void
xml_escapes_markup(void **state)
{
	char *t = xml_of("a < b & c > \"d\" 'e'");

	(void) state;
	assert_string_equal(t, "a &lt; b &amp; c &gt; &quot;d&quot; 'e'");
	free(t);
}

static void
xml_drops_control_and_invalid_utf8(void **state)
{
	/* \x01 and \x1b are not XML 1.0 characters; \xff, an overlong
	 * "\xc0\xaf", a lone continuation byte, a surrogate "\xed\xa0\x80"
	 * and a sequence cut short are not UTF-8. Tab, newline, "é" and "—"
	 * stay. */
	char *t = xml_of("x\x01y\x1bz\t\n\xc3\xa9\xe2\x80\x94"
	                 "\xff\xc0\xaf\x80\xed\xa0\x80\xe2\x80");

	(void) state;
	assert_string_equal(t, "xyz\t\n\xc3\xa9\xe2\x80\x94");
	free(t);
}

static void
xml_keeps_four_byte_utf8(void **state)
{
	char *t = xml_of("\xf0\x9f\x93\x8a ok");

	(void) state;
	assert_string_equal(t, "\xf0\x9f\x93\x8a ok");
	free(t);
}

static char *written(int (*fn)(const struct rdoc *, FILE *),
    const struct rdoc *d);

/* A small document: a chapter with two tables and a figure, another with
 * one table, a placeholder and a page break. */
static void
sample(struct rdoc *d)
{
	static const char *const head[] = { "Indikator", "Capaian (%)" };
	static const unsigned char right[] = { 0, 1 };
	static const char *const   years[] = { "2023", "2024", "2025" };
	static const double        real[] = { 85.35, 0, 87.94 };
	static const int           has[] = { 1, 0, 1 };
	static const double        target[] = { 88.31, 88.35, 89.2 };
	static const struct rdoc_series ser[] = { { "Target", target, NULL },
		{ "Realisasi <R&D>", real, has } };
	static const struct rdoc_chart trend = { 0, 3, years, 2, ser };
	static const char *const   units[] = { "Sei Suka", "Medang Deras" };
	static const double        cap[] = { 101.6, 98.59 };
	static const struct rdoc_series cs[] = { { "Capaian (%)", cap, NULL } };
	static const struct rdoc_chart rank = { 1, 2, units, 1, cs };

	rdoc_init(d, "Laporan <uji> & \"coba\"");
	rdoc_chapter(d, 3);
	rdoc_heading(d, 1, "BAB III Akuntabilitas Kinerja");
	rdoc_para(d, "Teks dengan <tanda> & kontrol\x01.");
	rdoc_table(d, "Capaian", "kinerjad", 2, head, right);
	rdoc_row(d, (const char *[]) { "IKM | indeks", "98,59" });
	rdoc_row(d, (const char *[]) { "AKIP <BB>", NULL });
	rdoc_figure(d, "Tren", "kinerjad",
	    "<svg xmlns=\"http://www.w3.org/2000/svg\"></svg>", &trend);
	rdoc_table(d, "Kedua", NULL, 2, head, NULL);
	rdoc_figure(d, "Peringkat", NULL, "<svg/>", &rank);
	rdoc_chapter(d, 4);
	rdoc_table(d, "Ketiga", "x", 2, head, right);
	rdoc_placeholder(d, "Penutup");
	rdoc_pagebreak(d);
}

static void
numbers_restart_per_chapter(void **state)
{
	struct rdoc d;

	(void) state;
	sample(&d);
	assert_false(rdoc_failed(&d));
	assert_string_equal(d.blocks[2].number, "Tabel 3.1");
	assert_string_equal(d.blocks[3].number, "Gambar 3.1");
	assert_string_equal(d.blocks[4].number, "Tabel 3.2");
	assert_string_equal(d.blocks[5].number, "Gambar 3.2");
	assert_string_equal(d.blocks[6].number, "Tabel 4.1");
	assert_int_equal(d.blocks[2].nrows, 2);
	assert_string_equal(rdoc_cell(&d.blocks[2], 2, 1), "");
	rdoc_free(&d);
}

static void
lines_split_and_number(void **state)
{
	struct rdoc d;

	(void) state;
	rdoc_init(&d, "t");
	rdoc_lines(&d, "satu\r\n\n\r\ndua\n", 1);
	rdoc_lines(&d, "tiga\nempat", 0);
	assert_int_equal(d.n, 4);
	assert_string_equal(d.blocks[0].text, "1. satu");
	assert_int_equal(d.blocks[0].style, RDOC_ITEM);
	assert_string_equal(d.blocks[1].text, "2. dua");
	assert_string_equal(d.blocks[2].text, "tiga");
	assert_int_equal(d.blocks[3].style, RDOC_NORMAL);
	rdoc_free(&d);
}

static void
signatures_side_by_side(void **state)
{
	static const char *const head[] = { "a" };
	struct rdoc              d;
	char                    *h, *m;

	(void) state;
	rdoc_init(&d, "t");
	rdoc_signatures(&d, (const char *const[]) { "Pihak Kedua,", "Bupati" },
	    (const char *const[]) { "Pihak Pertama,", "Camat <X>" }, 2);
	rdoc_table(&d, "t", NULL, 1, head, NULL);
	assert_int_equal(d.blocks[0].kind, RDOC_SIGNATURES);
	assert_null(d.blocks[0].number);
	assert_string_equal(d.blocks[1].number, "Tabel 1"); /* not counted */
	h = written(rdoc_html, &d);
	assert_non_null(strstr(h, "<table class=\"sig\"><tbody>\n<tr><td>Pihak "
	                          "Kedua,</td><td>Pihak Pertama,</td></tr>\n"
	                          "<tr><td>Bupati</td><td>Camat &lt;X&gt;</td>"));
	m = written(rdoc_markdown, &d);
	assert_non_null(strstr(m, "Pihak Kedua,  \nBupati\n\nPihak Pertama,  \n"));
	free(h);
	free(m);
	rdoc_free(&d);
}

static void
many_rows_grow(void **state)
{
	static const char *const head[] = { "a" };
	struct rdoc              d;
	char                     buf[16];
	int                      i;

	(void) state;
	rdoc_init(&d, "t");
	rdoc_table(&d, "t", NULL, 1, head, NULL);
	for (i = 0; i < 1000; i++) {
		snprintf(buf, sizeof(buf), "%d", i);
		rdoc_row(&d, (const char *[]) { buf });
	}
	assert_int_equal(d.blocks[0].nrows, 1000);
	assert_string_equal(rdoc_cell(&d.blocks[0], 1000, 0), "999");
	rdoc_free(&d);
}

static char *
written(int (*fn)(const struct rdoc *, FILE *), const struct rdoc *d)
{
	char  *text = NULL;
	size_t len  = 0;
	FILE  *f    = open_memstream(&text, &len);

	assert_non_null(f);
	assert_int_equal(fn(d, f), 0);
	assert_int_equal(fclose(f), 0);
	return text;
}

static void
html_shape(void **state)
{
	struct rdoc d;
	char       *h;

	(void) state;
	sample(&d);
	h = written(rdoc_html, &d);
	assert_non_null(strstr(h, "<title>Laporan &lt;uji&gt; &amp; "
	                          "&quot;coba&quot;</title>"));
	assert_non_null(strstr(h, "<h1 id=\"h-bab-iii-akuntabilitas-kinerja\">"));
	assert_non_null(strstr(h, "Teks dengan &lt;tanda&gt; &amp; kontrol.</p>"));
	assert_non_null(strstr(h, "<caption>Tabel 3.1 Capaian</caption>"));
	assert_non_null(strstr(h, "<thead><tr><th>Indikator</th>"));
	assert_non_null(strstr(h, "<td>AKIP &lt;BB&gt;</td><td class=\"n\">"
	                          "</td>"));
	assert_non_null(strstr(h, "<figcaption>Gambar 3.1 Tren</figcaption>"));
	assert_non_null(strstr(h, "<p class=\"todo\">[Belum diisi: Penutup]</p>"));
	assert_non_null(strstr(h, "<div class=\"pb\"></div>"));
	assert_non_null(strstr(h, "@media print"));
	assert_null(strstr(h, "<script"));
	assert_null(strstr(h, "\x01"));
	free(h);
	rdoc_free(&d);
}

static void
markdown_cells_escaped(void **state)
{
	struct rdoc d;
	char       *m;

	(void) state;
	sample(&d);
	m = written(rdoc_markdown, &d);
	assert_non_null(strstr(m, "# BAB III Akuntabilitas Kinerja\n"));
	assert_non_null(strstr(m, "**Tabel 3.1 Capaian**\n"));
	assert_non_null(strstr(m, "| IKM \\| indeks | 98,59 |\n"));
	assert_non_null(strstr(m, "| --- | ---: |\n"));
	assert_non_null(strstr(m, "\\[Belum diisi: Penutup\\]"));
	assert_non_null(strstr(m, "*Sumber: kinerjad*"));
	free(m);
	rdoc_free(&d);
}

/* A part of a zip in memory, as a malloc'd string; NULL when absent. */
static char *
part(zip_t *za, const char *name)
{
	zip_stat_t st;
	zip_file_t *f;
	char       *buf;

	if (zip_stat(za, name, 0, &st) != 0)
		return NULL;
	buf = calloc(1, st.size + 1);
	assert_non_null(buf);
	f = zip_fopen(za, name, 0);
	assert_non_null(f);
	assert_int_equal(zip_fread(f, buf, st.size), (zip_int64_t) st.size);
	zip_fclose(f);
	return buf;
}

static void
docx_package(void **state)
{
	static const char *const parts[] = { "[Content_Types].xml",
		"_rels/.rels", "word/document.xml", "word/styles.xml",
		"word/_rels/document.xml.rels", "docProps/core.xml" };
	struct rdoc    d;
	unsigned char *buf;
	size_t         len, i;
	zip_error_t    err;
	zip_source_t  *src;
	zip_t         *za;
	char          *doc, *styles, *core, *types, *p, *rels, *chart;

	(void) state;
	sample(&d);
	assert_int_equal(rdoc_docx(&d, &buf, &len), 0);
	assert_true(len > 100);
	assert_memory_equal(buf, "PK\x03\x04", 4);
	zip_error_init(&err);
	src = zip_source_buffer_create(buf, len, 0, &err);
	assert_non_null(src);
	za = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &err);
	assert_non_null(za);
	assert_int_equal(zip_get_num_entries(za, 0), 8); /* + 2 charts */
	for (i = 0; i < sizeof(parts) / sizeof(parts[0]); i++)
		assert_int_not_equal(zip_name_locate(za, parts[i], 0), -1);
	assert_string_equal(zip_get_name(za, 0, 0), "[Content_Types].xml");
	doc    = part(za, "word/document.xml");
	styles = part(za, "word/styles.xml");
	core   = part(za, "docProps/core.xml");
	types  = part(za, "[Content_Types].xml");
	assert_non_null(strstr(doc, "Teks dengan &lt;tanda&gt; &amp; "
	                            "kontrol.</w:t>"));
	assert_null(strstr(doc, "\x01"));
	assert_non_null(strstr(doc, "<w:pStyle w:val=\"Heading1\"/>"));
	/* three tables, each with its header row repeated */
	assert_non_null(strstr(doc, "<w:tblHeader/>"));
	for (i = 0, p = doc; (p = strstr(p, "<w:tbl>")) != NULL; i++, p++)
		;
	assert_int_equal(i, 3);
	assert_non_null(strstr(styles, "w:styleId=\"Heading3\""));
	assert_non_null(strstr(styles, "w:type=\"table\""));
	assert_non_null(strstr(core, "<dc:title>Laporan &lt;uji&gt; &amp; "
	                             "&quot;coba&quot;</dc:title>"));
	assert_non_null(strstr(types, "wordprocessingml.document.main+xml"));
	assert_non_null(strstr(types, "/word/charts/chart1.xml"));
	rels = part(za, "word/_rels/document.xml.rels");
	assert_non_null(strstr(rels, "Id=\"rIdC1\""));
	assert_non_null(strstr(rels, "Target=\"charts/chart1.xml\""));
	assert_non_null(strstr(doc, "r:id=\"rIdC1\""));
	/* the chart: a line chart, its series named (escaped), the values
	 * cached, a missing one a gap (no point idx 1 in Realisasi) */
	chart = part(za, "word/charts/chart1.xml");
	assert_non_null(chart);
	assert_non_null(strstr(chart, "<c:lineChart>"));
	assert_non_null(strstr(chart, "<c:v>Realisasi &lt;R&amp;D&gt;</c:v>"));
	assert_non_null(strstr(chart, "<c:pt idx=\"2\"><c:v>2025</c:v></c:pt>"));
	assert_non_null(strstr(chart, "<c:pt idx=\"1\"><c:v>88.35</c:v></c:pt>"));
	p = strstr(chart, "Realisasi &lt;");
	assert_non_null(strstr(p, "<c:pt idx=\"0\"><c:v>85.35</c:v></c:pt>"
	                          "<c:pt idx=\"2\"><c:v>87.94</c:v></c:pt>"));
	free(chart);
	/* the ranking: horizontal bars, best first from the top */
	chart = part(za, "word/charts/chart2.xml");
	assert_non_null(chart);
	assert_non_null(strstr(chart, "<c:barChart><c:barDir val=\"bar\"/>"));
	assert_non_null(strstr(chart, "<c:orientation val=\"maxMin\"/>"));
	assert_non_null(strstr(chart, "<c:pt idx=\"0\"><c:v>101.6</c:v>"));
	assert_non_null(strstr(chart, "<c:pt idx=\"1\"><c:v>98.59</c:v>"));
	free(chart);
	free(rels);
	zip_close(za);
	free(doc);
	zip_error_fini(&err);
	free(types);
	free(core);
	free(styles);
	free(buf);
	rdoc_free(&d);
}

static void
failed_model_is_not_written(void **state)
{
	struct rdoc    d;
	unsigned char *buf;
	size_t         len;
	FILE          *f = fopen("/dev/null", "w");

	(void) state;
	sample(&d);
	d.failed = 1; /* as after an allocation failure */
	assert_int_equal(rdoc_html(&d, f), -1);
	assert_int_equal(rdoc_markdown(&d, f), -1);
	assert_int_equal(rdoc_docx(&d, &buf, &len), -1);
	assert_null(buf);
	/* nothing more is added once failed */
	rdoc_para(&d, "x");
	assert_int_equal(d.n, 9);
	fclose(f);
	rdoc_free(&d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(xml_escapes_markup),
		cmocka_unit_test(xml_drops_control_and_invalid_utf8),
		cmocka_unit_test(xml_keeps_four_byte_utf8),
		cmocka_unit_test(numbers_restart_per_chapter),
		cmocka_unit_test(lines_split_and_number),
		cmocka_unit_test(signatures_side_by_side),
		cmocka_unit_test(many_rows_grow),
		cmocka_unit_test(html_shape),
		cmocka_unit_test(markdown_cells_escaped),
		cmocka_unit_test(docx_package),
		cmocka_unit_test(failed_model_is_not_written),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
