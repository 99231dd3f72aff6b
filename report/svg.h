/*
 * svg.h - standalone SVG 1.1 charts for reports: the trend of an indicator
 * over the years and the ranking of units. Numbers are labelled the
 * Indonesian way ("90,07", "1.250,00"); NaN, infinities and values beyond
 * 1e14 are treated as missing, and so is every point of a series whose x
 * or y is NULL (a NULL has means all present). The points of solid series
 * are labelled with their values, those of dashed ones (targets) are not.
 * Output is deterministic and goes only to the FILE * given; nothing is
 * allocated.
 */
#ifndef KINERJA_SVG_H
#define KINERJA_SVG_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* One line of a line chart: n points; has[i] == 0 means no value that year
 * (the line breaks there). */
struct svg_series {
	const char    *label; /* legend text, e.g. "Realisasi" */
	size_t         n;
	const int32_t *x; /* years, ascending */
	const double  *y;
	const int     *has;
	int            dashed; /* e.g. the target line */
};

/* A line chart (trend of an indicator over years): title, subtitle (e.g.
 * the unit), axis labels (x: "Tahun", y: the satuan), one or more series,
 * a legend, year ticks on x, 4-6 "nice" ticks on y, points marked and each
 * realisasi point labelled with its value. */
void svg_line_chart(FILE *out, const char *title, const char *subtitle,
    const char *x_label, const char *y_label, const struct svg_series *series,
    size_t nseries);

struct svg_bar {
	const char *label; /* unit name */
	double      value;
	int         has; /* 0: no data: drawn as an empty row with `note` */
	const char *note; /* e.g. "n/a: no realisasi" or "#1" rank text */
};

/* A horizontal bar chart (ranking of units): one bar per row in the given
 * order, value printed at the end of each bar, x axis with nice ticks and
 * value_label (e.g. "Capaian (%)" or "Nilai"). */
void svg_bar_chart(FILE *out, const char *title, const char *subtitle,
    const char *value_label, const struct svg_bar *bars, size_t n);

/* The same with each label on a line of its own over its bar, the whole
 * width for it and more for the notes: for long names with long notes,
 * such as budget programs with their amounts. */
void svg_bar_chart_stacked(FILE *out, const char *title, const char *subtitle,
    const char *value_label, const struct svg_bar *bars, size_t n);

#endif
