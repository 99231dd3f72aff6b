/*
 * Tests of the SVG charts the CLI writes for reports, read back from
 * memory as text. They check that every document is well-formed and
 * escaped, labels numbers the Indonesian way and survives missing, odd and
 * extreme data.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "svg.h"

#define ELLIPSIS "\xE2\x80\xA6"

/* ------------------------------------------------------------- helpers */

struct doc {
	char  *text;
	size_t len;
	FILE  *f;
};

static FILE *
doc_open(struct doc *d)
{
	memset(d, 0, sizeof(*d));
	d->f = open_memstream(&d->text, &d->len);
	assert_non_null(d->f);
	return d->f;
}

static const char *
doc_close(struct doc *d)
{
	assert_int_equal(fclose(d->f), 0);
	assert_non_null(d->text);
	return d->text;
}

/* A trend chart of one or two series over consecutive years. */
static char *
trend(const char *title, const double *real, const double *target,
    const int *has, size_t n, int32_t first_year)
{
	struct svg_series s[2];
	int32_t           x[64];
	int               all[64];
	struct doc        d;
	size_t            i;

	assert_true(n <= 64);
	for (i = 0; i < n; i++) {
		x[i]   = first_year + (int32_t) i;
		all[i] = 1;
	}
	memset(s, 0, sizeof(s));
	s[0] = (struct svg_series) { "Realisasi", n, x, real, has ? has : all,
		0 };
	s[1] = (struct svg_series) { "Target", n, x, target, all, 1 };
	svg_line_chart(doc_open(&d), title, "Satuan: indeks", "Tahun", "Nilai",
	    s, target ? 2 : 1);
	doc_close(&d);
	return d.text;
}

static char *
ranking(const struct svg_bar *bars, size_t n)
{
	struct doc d;

	svg_bar_chart(
	    doc_open(&d), "Peringkat", "2025", "Capaian (%)", bars, n);
	doc_close(&d);
	return d.text;
}

static size_t
count(const char *s, const char *what)
{
	size_t n = 0;

	while ((s = strstr(s, what)) != NULL) {
		n++;
		s += strlen(what);
	}
	return n;
}

static int
has_ci(const char *s, const char *what)
{
	size_t n = strlen(what), i;

	for (; *s; s++) {
		for (i = 0; i < n; i++)
			if ((s[i] | 0x20) != what[i])
				break;
		if (i == n)
			return 1;
	}
	return 0;
}

/* Entities are the five XML names only. */
static void
check_entity(const char *s)
{
	static const char *const ok[] = { "&amp;", "&lt;", "&gt;", "&quot;",
		"&apos;" };
	size_t                   i;

	for (i = 0; i < 5; i++)
		if (strncmp(s, ok[i], strlen(ok[i])) == 0)
			return;
	fail_msg("stray '&' at \"%.20s\"", s);
}

/* Reads one tag at s ('<'), pushing or popping its name; returns the
 * character after its '>'. */
static const char *
check_tag(const char *s, char stack[][16], int *depth)
{
	const char *end     = strchr(s, '>');
	int         closing = s[1] == '/';
	size_t      n;
	char        name[16];

	assert_non_null(end);
	s += closing ? 2 : 1;
	n = strcspn(s, " />");
	assert_true(n > 0 && n < sizeof(name));
	memcpy(name, s, n);
	name[n] = 0;
	assert_null(memchr(s, '<', (size_t) (end - s)));
	if (closing) {
		assert_true(*depth > 0);
		assert_string_equal(stack[--*depth], name);
	} else if (end[-1] != '/') {
		assert_true(*depth < 16);
		strcpy(stack[(*depth)++], name);
	}
	return end + 1;
}

/* One <svg> element holding balanced tags, escaped text, no trailing
 * whitespace, and nothing a locale or a NaN could have put there. */
static void
check_document(const char *svg)
{
	char        stack[16][16];
	int         depth = 0, roots = 0;
	const char *s   = svg;
	size_t      len = strlen(svg);

	assert_true(strncmp(svg, "<svg xmlns=\"http://www.w3.org/2000/svg\"",
	                39) == 0);
	assert_true(len > 7 && strcmp(svg + len - 7, "</svg>\n") == 0);
	assert_non_null(strstr(svg, " viewBox=\"0 0 "));
	assert_non_null(strstr(svg, " width=\""));
	assert_non_null(strstr(svg, " height=\""));
	while (*s) {
		if (*s == '<') {
			roots += depth == 0;
			s = check_tag(s, stack, &depth);
			continue;
		}
		if (*s == '&')
			check_entity(s);
		assert_true(*s != '>');
		if (*s == '\n')
			assert_true(
			    s == svg || (s[-1] != ' ' && s[-1] != '\t'));
		s++;
	}
	assert_int_equal(depth, 0);
	assert_int_equal(roots, 1);
	assert_false(has_ci(svg, "nan"));
	assert_false(has_ci(svg, "inf"));
}

/* The texts of the elements with this attribute string, in order. */
static size_t
texts_with(const char *svg, const char *attr, char out[][32], size_t max)
{
	const char *s = svg, *gt, *lt;
	size_t      n = 0;

	while ((s = strstr(s, "<text")) != NULL) {
		gt = strchr(s, '>');
		lt = strchr(gt, '<');
		if (strstr(s, attr) != NULL && strstr(s, attr) < gt &&
		    n < max && (size_t) (lt - gt - 1) < 32) {
			memcpy(out[n], gt + 1, (size_t) (lt - gt - 1));
			out[n++][lt - gt - 1] = 0;
		}
		s = gt;
	}
	return n;
}

/* The y tick labels of a trend chart: the texts anchored at their end. */
static size_t
y_ticks(const char *svg, char out[][32], size_t max)
{
	return texts_with(svg, "text-anchor=\"end\">", out, max);
}

static double
attr_of(const char *tag, const char *name)
{
	char        key[16];
	const char *p;

	snprintf(key, sizeof(key), " %s=\"", name);
	p = strstr(tag, key);
	assert_non_null(p);
	return strtod(p + strlen(key), NULL);
}

/* ------------------------------------------------------------ structure */

static void
test_trend_is_one_well_formed_document(void **state)
{
	const double real[]   = { 84.50, 87.69, 88.63, 87.27, 87.94 };
	const double target[] = { 84.00, 85.00, 86.00, 88.50, 89.20 };
	char        *svg      = trend("Tren IKM", real, target, NULL, 5, 2021);

	(void) state;
	check_document(svg);
	assert_non_null(strstr(svg, "version=\"1.1\""));
	assert_non_null(strstr(svg, "fill=\"#ffffff\""));
	assert_non_null(strstr(svg, ">Tren IKM</text>"));
	assert_non_null(strstr(svg, ">Realisasi</text>"));
	assert_non_null(strstr(svg, ">Target</text>"));
	assert_non_null(strstr(svg, ">Tahun</text>"));
	assert_non_null(strstr(svg, ">Nilai</text>"));
	assert_non_null(strstr(svg, ">2021</text>"));
	assert_non_null(strstr(svg, ">2025</text>"));
	assert_int_equal(count(svg, "<path "), 2);
	assert_int_equal(count(svg, "stroke-dasharray"), 2); /* + legend */
	assert_int_equal(count(svg, "<circle "), 10 + 2);
	free(svg);
}

static void
test_ranking_is_one_well_formed_document(void **state)
{
	const struct svg_bar bars[] = {
		{ "Kecamatan Medang Deras", 100.08, 1, "#1" },
		{ "Kecamatan Sei Suka", 90.07, 1, "#2" },
		{ "Kecamatan Talawi", 0, 0, "n/a: no realisasi" },
	};
	char *svg = ranking(bars, 3);

	(void) state;
	check_document(svg);
	assert_non_null(strstr(svg, ">Kecamatan Medang Deras</text>"));
	assert_non_null(strstr(svg, ">#1</text>"));
	assert_non_null(strstr(svg, ">n/a: no realisasi</text>"));
	assert_non_null(strstr(svg, ">Capaian (%)</text>"));
	assert_int_equal(count(svg, "fill=\"#1f5fa8\""), 2);
	free(svg);
}

static void
test_output_is_the_same_every_time(void **state)
{
	const double         real[] = { 1.5, 2.25, 3 };
	const struct svg_bar bars[] = { { "A", 1, 1, NULL },
		{ "B", -2, 1, NULL } };
	char                *a      = trend("T", real, real, NULL, 3, 2020);
	char                *b      = trend("T", real, real, NULL, 3, 2020);
	char                *c      = ranking(bars, 2);
	char                *d      = ranking(bars, 2);

	(void) state;
	assert_string_equal(a, b);
	assert_string_equal(c, d);
	free(a);
	free(b);
	free(c);
	free(d);
}

static void
test_ranking_grows_with_its_rows(void **state)
{
	struct svg_bar bars[60];
	char           names[60][48];
	char          *few, *many;
	size_t         i;

	(void) state;
	for (i = 0; i < 60; i++) {
		snprintf(names[i], sizeof(names[i]), "Unit %zu", i + 1);
		bars[i] =
		    (struct svg_bar) { names[i], 100 - (double) i, 1, NULL };
	}
	few  = ranking(bars, 8);
	many = ranking(bars, 60);
	check_document(many);
	assert_true(attr_of(many, "height") > attr_of(few, "height") + 500);
	assert_non_null(strstr(many, ">Unit 60</text>"));
	assert_int_equal(count(many, "fill=\"#1f5fa8\""), 60);
	free(few);
	free(many);
}

/* -------------------------------------------------------------- escaping */

static void
test_every_text_is_escaped(void **state)
{
	const double         real[] = { 1, 2 };
	const struct svg_bar bars[] = { { "<Dinas & \"Badan\">", 5, 1,
	    "'#1'" } };
	struct svg_series    s = { "A&B", 2, (const int32_t[]) { 2024, 2025 },
		   real, (const int[]) { 1, 1 }, 0 };
	struct doc           d;
	char                *svg;

	(void) state;
	svg_line_chart(doc_open(&d), "<T&T>", "\"sub\"", "x'", "y<", &s, 1);
	svg = (char *) doc_close(&d);
	check_document(svg);
	assert_non_null(strstr(svg, ">&lt;T&amp;T&gt;</text>"));
	assert_non_null(strstr(svg, ">&quot;sub&quot;</text>"));
	assert_non_null(strstr(svg, ">x&apos;</text>"));
	assert_non_null(strstr(svg, ">y&lt;</text>"));
	assert_non_null(strstr(svg, ">A&amp;B</text>"));
	free(svg);
	svg = ranking(bars, 1);
	check_document(svg);
	assert_non_null(
	    strstr(svg, ">&lt;Dinas &amp; &quot;Badan&quot;&gt;</text>"));
	assert_non_null(strstr(svg, ">&apos;#1&apos;</text>"));
	free(svg);
}

static void
test_bad_utf8_and_control_characters_stay_valid_xml(void **state)
{
	const struct svg_bar bars[] = { { "Dinas\xFF\xC3\n\x01Kesehatan", 5, 1,
	    "Jalan \xC3\xA9" } };
	char                *svg    = ranking(bars, 1);

	(void) state;
	check_document(svg);
	assert_non_null(
	    strstr(svg, ">Dinas\xEF\xBF\xBD\xEF\xBF\xBD  Kesehatan<"));
	assert_non_null(strstr(svg, ">Jalan \xC3\xA9<"));
	assert_null(strchr(svg, '\x01'));
	free(svg);
}

/* --------------------------------------------------------------- numbers */

static void
test_values_use_the_decimal_comma(void **state)
{
	const double         real[] = { 84.5, 87.69, 88.634 };
	const struct svg_bar bars[] = { { "A", 100.08, 1, NULL },
		{ "B", 90.07, 1, NULL } };
	char                *svg    = trend("T", real, NULL, NULL, 3, 2023);

	(void) state;
	assert_non_null(strstr(svg, ">84,50</text>"));
	assert_non_null(strstr(svg, ">87,69</text>"));
	assert_non_null(strstr(svg, ">88,63</text>"));
	assert_null(strstr(svg, "84.50"));
	free(svg);
	svg = ranking(bars, 2);
	assert_non_null(strstr(svg, ">100,08</text>"));
	assert_non_null(strstr(svg, ">90,07</text>"));
	assert_null(strstr(svg, "100.08"));
	free(svg);
}

static void
test_thousands_are_grouped_with_dots(void **state)
{
	const struct svg_bar bars[] = { { "A", 1234567.891, 1, NULL },
		{ "B", -1234.5, 1, NULL } };
	char                *svg    = ranking(bars, 2);

	(void) state;
	check_document(svg);
	assert_non_null(strstr(svg, ">1.234.567,89</text>"));
	assert_non_null(strstr(svg, ">-1.234,50</text>"));
	free(svg);
}

static void
test_whole_ticks_have_no_decimals(void **state)
{
	const double real[] = { 84.5, 87.69, 88.63, 87.27, 87.94 };
	char         tick[8][32];
	char        *svg = trend("T", real, NULL, NULL, 5, 2021);
	size_t       n   = y_ticks(svg, tick, 8), i;

	(void) state;
	assert_true(n >= 4 && n <= 6);
	for (i = 0; i < n; i++)
		assert_null(strchr(tick[i], ','));
	free(svg);
}

static void
test_fractional_ticks_have_two_decimals(void **state)
{
	const double real[] = { 0.1, 0.4, 0.2 };
	char         tick[8][32];
	char        *svg = trend("T", real, NULL, NULL, 3, 2021);
	size_t       n = y_ticks(svg, tick, 8), i, seen = 0;

	(void) state;
	assert_true(n >= 4 && n <= 6);
	for (i = 0; i < n; i++) {
		const char *comma = strchr(tick[i], ',');

		if (comma != NULL) {
			assert_int_equal(strlen(comma + 1), 2);
			seen++;
		}
	}
	assert_true(seen > 0);
	free(svg);
}

static void
test_y_axis_has_four_to_six_ticks(void **state)
{
	static const double ranges[][2] = { { 0, 100 }, { 84, 89.2 },
		{ -5, 5 }, { 0.001, 0.004 }, { 1e6, 3.7e6 }, { -120, -3 },
		{ 99.99, 100.01 }, { 0, 1e13 }, { 7, 7.0001 } };
	char                tick[16][32];
	size_t              r, n, i;

	(void) state;
	for (r = 0; r < sizeof(ranges) / sizeof(ranges[0]); r++) {
		double real[] = { ranges[r][0], ranges[r][1] };
		char  *svg    = trend("T", real, NULL, NULL, 2, 2024);

		check_document(svg);
		n = y_ticks(svg, tick, 16);
		if (n < 4 || n > 6)
			fail_msg("range %zu: %zu ticks", r, n);
		for (i = 1; i < n; i++)
			if (strcmp(tick[i - 1], tick[i]) == 0)
				fail_msg(
				    "range %zu: tick %s twice", r, tick[i]);
		free(svg);
	}
}

/* ----------------------------------------------------- missing and odd */

static void
test_nan_and_inf_are_missing(void **state)
{
	const double         real[]   = { NAN, 80, INFINITY, -INFINITY, 82 };
	const double         target[] = { 1e300, NAN, 81, 81, 81 };
	const struct svg_bar bars[]   = { { "A", NAN, 1, NULL },
		  { "B", INFINITY, 1, NULL }, { "C", 50, 1, NULL } };
	char                *svg = trend("T", real, target, NULL, 5, 2021);

	(void) state;
	check_document(svg);
	assert_int_equal(count(svg, "<circle "), 2 + 3 + 2);
	free(svg);
	svg = ranking(bars, 3);
	check_document(svg);
	assert_int_equal(count(svg, "Tidak ada data"), 2);
	assert_non_null(strstr(svg, ">50,00</text>"));
	free(svg);
}

static void
test_trend_without_series_says_no_data(void **state)
{
	struct doc d;
	char      *svg;

	(void) state;
	svg_line_chart(
	    doc_open(&d), "Kosong", NULL, "Tahun", "Nilai", NULL, 0);
	svg = (char *) doc_close(&d);
	check_document(svg);
	assert_non_null(strstr(svg, ">Tidak ada data</text>"));
	assert_non_null(strstr(svg, "<line "));
	free(svg);
}

static void
test_trend_without_values_says_no_data(void **state)
{
	const double real[] = { 80, 81, 82 };
	const int    none[] = { 0, 0, 0 };
	char        *svg    = trend("T", real, NULL, none, 3, 2021);

	(void) state;
	check_document(svg);
	assert_non_null(strstr(svg, ">Tidak ada data</text>"));
	assert_null(strstr(svg, "<circle "));
	free(svg);
}

static void
test_ranking_without_bars_says_no_data(void **state)
{
	char *svg = ranking(NULL, 0);

	(void) state;
	check_document(svg);
	assert_non_null(strstr(svg, ">Tidak ada data</text>"));
	free(svg);
}

static void
test_ranking_row_without_value_shows_its_note(void **state)
{
	const struct svg_bar bars[] = { { "A", 80, 1, NULL },
		{ "B", 99, 0, "n/a: no realisasi" }, { "C", 0, 0, NULL } };
	char                *svg    = ranking(bars, 3);

	(void) state;
	check_document(svg);
	assert_non_null(strstr(svg, ">n/a: no realisasi</text>"));
	assert_non_null(strstr(svg, ">Tidak ada data</text>"));
	assert_null(strstr(svg, "99,00"));
	assert_int_equal(count(svg, "fill=\"#1f5fa8\""), 1);
	free(svg);
}

static void
test_single_point(void **state)
{
	const double real[] = { 90 };
	char         tick[8][32];
	char        *svg = trend("T", real, NULL, NULL, 1, 2025);
	size_t       n   = y_ticks(svg, tick, 8);

	(void) state;
	check_document(svg);
	assert_int_equal(count(svg, "<circle "), 1 + 1);
	assert_null(strstr(svg, "<path "));
	assert_non_null(strstr(svg, ">90,00</text>"));
	assert_non_null(strstr(svg, ">2025</text>"));
	assert_true(n >= 4 && n <= 6);
	free(svg);
}

static void
test_equal_values_get_a_range(void **state)
{
	const double real[] = { 75, 75, 75, 75 };
	const double zero[] = { 0, 0, 0, 0 };
	char         tick[8][32];
	char        *svg;
	size_t       n;

	(void) state;
	svg = trend("T", real, NULL, NULL, 4, 2021);
	check_document(svg);
	n = y_ticks(svg, tick, 8);
	assert_true(n >= 4 && n <= 6);
	assert_string_not_equal(tick[0], tick[n - 1]);
	free(svg);
	svg = trend("T", zero, NULL, NULL, 4, 2021);
	check_document(svg);
	n = y_ticks(svg, tick, 8);
	assert_true(n >= 4 && n <= 6);
	assert_true(count(svg, ">0,00</text>") >= 4);
	free(svg);
}

static void
test_line_breaks_where_a_value_is_missing(void **state)
{
	const double real[] = { 80, 81, 82, 83, 84 };
	const int    has[]  = { 1, 1, 0, 1, 1 };
	char        *svg    = trend("T", real, NULL, has, 5, 2021);
	const char  *d      = strstr(svg, "<path d=\"");

	(void) state;
	check_document(svg);
	assert_non_null(d);
	assert_int_equal(count(d, "M"), 2);
	assert_null(strstr(svg, "82,00"));
	free(svg);
}

static void
test_target_points_are_not_labelled(void **state)
{
	const double real[]   = { 80, 90 };
	const double target[] = { 70, 95.5 };
	char        *svg      = trend("T", real, target, NULL, 2, 2024);

	(void) state;
	assert_non_null(strstr(svg, ">80,00</text>"));
	assert_null(strstr(svg, "95,50"));
	free(svg);
}

static void
test_negative_bars_grow_from_zero(void **state)
{
	const struct svg_bar bars[] = { { "A", 12.5, 1, NULL },
		{ "B", -7.25, 1, NULL } };
	char                 tick[8][32];
	char                *svg = ranking(bars, 2);
	const char          *neg, *pos, *tick0;
	size_t               n;

	(void) state;
	check_document(svg);
	assert_non_null(strstr(svg, ">-7,25</text>"));
	tick0 = strstr(svg, ">0</text>");
	assert_non_null(tick0);
	while (tick0 > svg && strncmp(tick0, "<text", 5) != 0)
		tick0--;
	neg = strstr(svg, "fill=\"#c0392b\"");
	pos = strstr(svg, "fill=\"#1f5fa8\"");
	assert_non_null(neg);
	assert_non_null(pos);
	while (strncmp(neg, "<rect", 5) != 0)
		neg--;
	while (strncmp(pos, "<rect", 5) != 0)
		pos--;
	/* The negative bar ends at zero, the positive one starts there. */
	assert_float_equal(attr_of(neg, "x") + attr_of(neg, "width"),
	    attr_of(tick0, "x"), 0.11);
	assert_float_equal(attr_of(pos, "x"), attr_of(tick0, "x"), 0.11);
	n = texts_with(svg, "text-anchor=\"middle\">", tick, 8);
	assert_true(n >= 4 && tick[0][0] == '-');
	free(svg);
}

static void
test_ranking_of_positives_starts_at_zero(void **state)
{
	const struct svg_bar bars[] = { { "A", 97, 1, NULL },
		{ "B", 95, 1, NULL } };
	char                 tick[8][32];
	char                *svg = ranking(bars, 2);
	size_t               n;

	(void) state;
	n = texts_with(svg, "text-anchor=\"middle\">", tick, 8);
	assert_true(n >= 4);
	assert_string_equal(tick[0], "0");
	free(svg);
}

/* ------------------------------------------------------------ long text */

static void
test_long_labels_are_cut_with_an_ellipsis(void **state)
{
	char           name[301];
	struct svg_bar bars[1];
	char          *svg;
	const char    *p, *end;

	(void) state;
	memset(name, 'W', 300);
	name[300] = 0;
	bars[0]   = (struct svg_bar) { name, 50, 1, NULL };
	svg       = ranking(bars, 1);
	check_document(svg);
	assert_null(strstr(svg, name));
	p = strstr(svg, "WWWW");
	assert_non_null(p);
	end = strstr(p, ELLIPSIS "</text>");
	assert_non_null(end);
	/* A third of the 800 pixels at 7.2 pixels a letter, at most. */
	assert_true(end - p < 40);
	free(svg);
}

static void
test_long_title_is_cut_with_no_space_before_the_ellipsis(void **state)
{
	char         title[400];
	const double real[] = { 1, 2 };
	char        *svg;
	size_t       i;

	(void) state;
	for (i = 0; i + 6 < sizeof(title); i += 6)
		memcpy(title + i, "Kinja ", 6);
	title[i] = 0;
	svg      = trend(title, real, NULL, NULL, 2, 2024);
	check_document(svg);
	assert_non_null(strstr(svg, ELLIPSIS "</text>"));
	assert_null(strstr(svg, " " ELLIPSIS));
	/* The <title> keeps the whole text, for screen readers. */
	assert_non_null(strstr(svg, title));
	free(svg);
}

static void
test_twenty_years_thin_the_year_labels(void **state)
{
	double real[20];
	char  *svg;
	size_t i;

	(void) state;
	for (i = 0; i < 20; i++)
		real[i] = 50 + (double) (i % 7);
	svg = trend("T", real, real, NULL, 20, 2006);
	check_document(svg);
	assert_non_null(strstr(svg, ">2025</text>"));
	assert_null(strstr(svg, ">2024</text>"));
	assert_non_null(strstr(svg, ">2023</text>"));
	free(svg);
}

/* Issue #15: labels over their bars, whole, and the notes uncut, where
 * the ranking layout cuts both. */
static void
test_stacked_bars_keep_long_labels_and_notes(void **state)
{
	const char *name = "Program Penunjang Urusan Pemerintahan Daerah "
	                   "Kabupaten/Kota";
	const struct svg_bar bars[] = {
		{ name, 90.56, 1, "Rp 3,27 M dari Rp 3,61 M" },
		{ "Program Pemberdayaan Masyarakat Desa dan Kelurahan", 100, 1,
		    "Rp 437,22 jt dari Rp 437,24 jt" },
		{ "Program Tanpa Realisasi", 0, 0,
		    "realisasi belum tercatat" },
	};
	struct doc d;
	char      *flat;

	(void) state;
	svg_bar_chart_stacked(doc_open(&d),
	    "Serapan anggaran per program 2025", "Kecamatan Tanjung Tiram",
	    "Serapan (%)", bars, 3);
	doc_close(&d);
	check_document(d.text);
	assert_non_null(strstr(d.text, name));
	assert_non_null(strstr(d.text, ">Rp 3,27 M dari Rp 3,61 M</text>"));
	assert_non_null(
	    strstr(d.text, ">Rp 437,22 jt dari Rp 437,24 jt</text>"));
	assert_non_null(strstr(d.text, ">realisasi belum tercatat</text>"));
	assert_null(strstr(d.text, ELLIPSIS));
	assert_int_equal(count(d.text, "fill=\"#1f5fa8\""), 2);
	/* The same bars side by side with their names are cut. */
	flat = ranking(bars, 3);
	assert_null(strstr(flat, name));
	assert_non_null(strstr(flat, ELLIPSIS));
	/* Stacked rows are taller: the document is. */
	assert_true(strstr(d.text, "height=\"") != NULL);
	assert_true(atoi(strstr(d.text, "height=\"") + 8) >
	            atoi(strstr(flat, "height=\"") + 8));
	free(flat);
	free(d.text);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_trend_is_one_well_formed_document),
		cmocka_unit_test(test_ranking_is_one_well_formed_document),
		cmocka_unit_test(test_stacked_bars_keep_long_labels_and_notes),
		cmocka_unit_test(test_output_is_the_same_every_time),
		cmocka_unit_test(test_ranking_grows_with_its_rows),
		cmocka_unit_test(test_every_text_is_escaped),
		cmocka_unit_test(
		    test_bad_utf8_and_control_characters_stay_valid_xml),
		cmocka_unit_test(test_values_use_the_decimal_comma),
		cmocka_unit_test(test_thousands_are_grouped_with_dots),
		cmocka_unit_test(test_whole_ticks_have_no_decimals),
		cmocka_unit_test(test_fractional_ticks_have_two_decimals),
		cmocka_unit_test(test_y_axis_has_four_to_six_ticks),
		cmocka_unit_test(test_nan_and_inf_are_missing),
		cmocka_unit_test(test_trend_without_series_says_no_data),
		cmocka_unit_test(test_trend_without_values_says_no_data),
		cmocka_unit_test(test_ranking_without_bars_says_no_data),
		cmocka_unit_test(
		    test_ranking_row_without_value_shows_its_note),
		cmocka_unit_test(test_single_point),
		cmocka_unit_test(test_equal_values_get_a_range),
		cmocka_unit_test(test_line_breaks_where_a_value_is_missing),
		cmocka_unit_test(test_target_points_are_not_labelled),
		cmocka_unit_test(test_negative_bars_grow_from_zero),
		cmocka_unit_test(test_ranking_of_positives_starts_at_zero),
		cmocka_unit_test(test_long_labels_are_cut_with_an_ellipsis),
		cmocka_unit_test(
		    test_long_title_is_cut_with_no_space_before_the_ellipsis),
		cmocka_unit_test(test_twenty_years_thin_the_year_labels),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
