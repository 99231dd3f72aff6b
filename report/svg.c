/*
 * svg.c - line and bar charts as standalone SVG 1.1 documents.
 *
 * There are no font metrics here, so text widths are estimated: a code
 * point is taken as 0.6 em (0.66 em in bold), which is at least as wide as
 * the usual sans-serif fonts, so a label cut to fit does fit. Coordinates
 * and numbers are formatted by hand so that the output never depends on
 * the locale and is the same byte for byte on every run.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "svg.h"

/* Beyond this the core's fixed point cannot hold a value: it is missing. */
#define SVG_LIMIT 1e14

#define EM      0.6
#define EM_BOLD 0.66
#define FONT    "Helvetica, Arial, 'Liberation Sans', sans-serif"
#define INK     "#222222"
#define MUTED   "#5f5f5f"
#define GRID    "#e2e2e2"
#define AXIS    "#555555"
#define ZEBRA   "#f5f7fa"
#define NEG     "#c0392b"
#define BAR     "#1f5fa8"
#define NO_DATA "Tidak ada data"

#define TREND_W 800
#define TREND_H 460
#define BAR_W   800
#define TOP     80 /* below the title and the subtitle */

static const char *const palette[] = { "#1f5fa8", "#e07b00", "#2e8b57",
	"#8e44ad", "#c0392b", "#5d6d7e" };

#define NPALETTE (sizeof(palette) / sizeof(palette[0]))

struct plot {
	double l, t, r, b; /* the box the data are drawn in */
};

struct ticks {
	double lo; /* first tick */
	double step; /* between ticks */
	int    n; /* intervals: n + 1 ticks */
	int    dec; /* decimals the labels need */
};

/* ---------------------------------------------------------------- text */

static int
is_value(double v)
{
	return isfinite(v) && fabs(v) < SVG_LIMIT;
}

/* Decodes one code point. A malformed byte counts as one code point and
 * comes back as U+FFFD, so that any input still makes well-formed XML. */
static size_t
utf8_next(const char *s, uint32_t *cp)
{
	const unsigned char *u = (const unsigned char *) s;
	size_t               len, i;
	uint32_t             c;

	*cp = 0xFFFD;
	if (u[0] < 0x80) {
		*cp = u[0];
		return 1;
	}
	if (u[0] >= 0xC2 && u[0] <= 0xDF)
		len = 2, c = u[0] & 0x1Fu;
	else if (u[0] >= 0xE0 && u[0] <= 0xEF)
		len = 3, c = u[0] & 0x0Fu;
	else if (u[0] >= 0xF0 && u[0] <= 0xF4)
		len = 4, c = u[0] & 0x07u;
	else
		return 1;
	for (i = 1; i < len; i++) {
		if ((u[i] & 0xC0) != 0x80)
			return 1;
		c = (c << 6) | (u[i] & 0x3Fu);
	}
	if ((len == 3 && c < 0x800) || (len == 4 && c < 0x10000) ||
	    (c >= 0xD800 && c <= 0xDFFF) || c > 0x10FFFF || c == 0xFFFE ||
	    c == 0xFFFF)
		return 1;
	*cp = c;
	return len;
}

static size_t
text_len(const char *s)
{
	size_t   n = 0;
	uint32_t cp;

	while (*s) {
		s += utf8_next(s, &cp);
		n++;
	}
	return n;
}

static double
text_w(const char *s, double size)
{
	return (double) text_len(s) * size * EM;
}

/* How many code points fit in px at this font size (one at least). The
 * widths given were often measured with text_w(), hence the tolerance. */
static size_t
fit(double px, double size, double em)
{
	double n = floor(px / (size * em) + 1e-6);

	return n < 1 ? 1 : (size_t) n;
}

/* Writes len bytes of s escaped for XML; control characters, which XML
 * does not allow, become spaces. */
static void
put_span(FILE *out, const char *s, size_t len)
{
	const char *end = s + len;
	uint32_t    cp;
	size_t      n;

	while (s < end) {
		n = utf8_next(s, &cp);
		if (cp == '&')
			fputs("&amp;", out);
		else if (cp == '<')
			fputs("&lt;", out);
		else if (cp == '>')
			fputs("&gt;", out);
		else if (cp == '"')
			fputs("&quot;", out);
		else if (cp == '\'')
			fputs("&apos;", out);
		else if (cp < 0x20 || cp == 0x7F)
			fputc(' ', out);
		else if (cp == 0xFFFD)
			fputs("\xEF\xBF\xBD", out);
		else
			fwrite(s, 1, n, out);
		s += n;
	}
}

/* Writes s escaped, cut to max code points with an ellipsis that follows
 * the last word kept rather than a space. */
static void
put_text(FILE *out, const char *s, size_t max)
{
	const char *p = s, *end = s;
	size_t      keep, i;
	uint32_t    cp;

	if (text_len(s) <= max) {
		put_span(out, s, strlen(s));
		return;
	}
	keep = max > 0 ? max - 1 : 0;
	for (i = 0; i < keep; i++) {
		p += utf8_next(p, &cp);
		if (cp > ' ')
			end = p;
	}
	put_span(out, s, (size_t) (end - s));
	fputs("\xE2\x80\xA6", out);
}

/* Formats v with dec (0 to 4) decimals the Indonesian way: "-1.234,50".
 * Callers pass only values below SVG_LIMIT, so the scaled value fits. */
static void
fmt_num(double v, int dec, char *buf, size_t len)
{
	static const long long scale[] = { 1, 10, 100, 1000, 10000 };
	long long              u = llround(fabs(v) * (double) scale[dec]);
	char                   digits[24], tmp[48];
	int                    nd, i, k = 0;

	if (u != 0 && v < 0)
		tmp[k++] = '-';
	nd = snprintf(digits, sizeof(digits), "%lld", u / scale[dec]);
	for (i = 0; i < nd; i++) {
		if (i > 0 && (nd - i) % 3 == 0)
			tmp[k++] = '.';
		tmp[k++] = digits[i];
	}
	if (dec > 0)
		tmp[k++] = ',';
	for (i = dec - 1; i >= 0; i--)
		tmp[k++] = (char) ('0' + u / scale[i] % 10);
	tmp[k] = 0;
	snprintf(buf, len, "%s", tmp);
}

/* ------------------------------------------------------------ elements */

/* A coordinate with at most one decimal; "-0" never shows. */
static void
put_coord(FILE *out, double v)
{
	long t = lround(isfinite(v) ? v * 10 : 0);

	if (t < 0) {
		fputc('-', out);
		t = -t;
	}
	fprintf(out, "%ld", t / 10);
	if (t % 10)
		fprintf(out, ".%ld", t % 10);
}

static void
attr(FILE *out, const char *name, double v)
{
	fprintf(out, " %s=\"", name);
	put_coord(out, v);
	fputc('"', out);
}

static void
line(FILE *out, double xa, double ya, double xb, double yb, const char *style)
{
	fputs("<line", out);
	attr(out, "x1", xa);
	attr(out, "y1", ya);
	attr(out, "x2", xb);
	attr(out, "y2", yb);
	fprintf(out, " %s/>\n", style);
}

static void
rect(FILE *out, double x, double y, double w, double h, const char *style)
{
	fputs("<rect", out);
	attr(out, "x", x);
	attr(out, "y", y);
	attr(out, "width", w);
	attr(out, "height", h);
	fprintf(out, " %s/>\n", style);
}

static void
circle(FILE *out, double x, double y, double r, const char *style)
{
	fputs("<circle", out);
	attr(out, "cx", x);
	attr(out, "cy", y);
	attr(out, "r", r);
	fprintf(out, " %s/>\n", style);
}

/* A text element, cut to max code points; empty text is left out. */
static void
text(FILE *out, double x, double y, const char *style, const char *s,
    size_t max)
{
	if (s == NULL || *s == 0)
		return;
	fputs("<text", out);
	attr(out, "x", x);
	attr(out, "y", y);
	if (*style)
		fprintf(out, " %s", style);
	fputc('>', out);
	put_text(out, s, max);
	fputs("</text>\n", out);
}

static void
begin(FILE *out, int w, int h, const char *title)
{
	fprintf(out,
	    "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" "
	    "width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
	    "font-family=\"%s\" font-size=\"12\" fill=\"%s\">\n",
	    w, h, w, h, FONT, INK);
	if (title != NULL && *title) {
		fputs("<title>", out);
		put_text(out, title, (size_t) -1);
		fputs("</title>\n", out);
	}
	fprintf(out,
	    "<rect x=\"0\" y=\"0\" width=\"%d\" height=\"%d\" "
	    "fill=\"#ffffff\"/>\n",
	    w, h);
}

static void
end(FILE *out)
{
	fputs("</svg>\n", out);
}

static void
heading(FILE *out, int w, const char *title, const char *subtitle)
{
	text(out, w / 2.0, 32,
	    "text-anchor=\"middle\" font-size=\"18\" font-weight=\"bold\"",
	    title, fit(w - 40, 18, EM_BOLD));
	text(out, w / 2.0, 54,
	    "text-anchor=\"middle\" font-size=\"13\" fill=\"" MUTED "\"",
	    subtitle, fit(w - 40, 13, EM));
}

static void
no_data(FILE *out, const struct plot *p)
{
	text(out, (p->l + p->r) / 2, (p->t + p->b) / 2,
	    "text-anchor=\"middle\" font-size=\"15\" fill=\"" MUTED "\"",
	    NO_DATA, (size_t) -1);
}

/* --------------------------------------------------------------- ticks */

/* Decimals a tick label needs: none when whole, else two or more. */
static int
tick_decimals(double step)
{
	double s;
	int    d;

	for (d = 0; d <= 4; d++) {
		s = step * pow(10, d);
		if (fabs(s - round(s)) < 1e-6 * s)
			return d == 0 ? 0 : d < 2 ? 2 : d;
	}
	return 4;
}

/* Picks 4 to 6 round ticks (1, 2, 2.5 or 5 times a power of ten) that
 * cover [lo, hi], weighing how much of the axis the data fill against a
 * rounder step and five ticks. */
static void
nice_ticks(double lo, double hi, struct ticks *t)
{
	static const double mult[] = { 1, 2, 2.5, 5 };
	double              range, step, a, b, score, best = -1e9;
	double least = fmax(0.01, 1e-6 * fmax(fabs(lo), fabs(hi)));
	int    e, e0, m;

	/* A range too thin for the labels to tell the ticks apart. */
	if (hi - lo < least) {
		lo = (lo + hi - least) / 2;
		hi = lo + least;
	}
	range = hi - lo;
	t->lo = lo, t->step = range / 4, t->n = 4;
	e0 = (int) floor(log10(range));
	for (e = e0 - 1; e <= e0 + 1; e++)
		for (m = 0; m < 4; m++) {
			step = mult[m] * pow(10, e);
			a    = floor(lo / step + 1e-9);
			b    = ceil(hi / step - 1e-9);
			if (b - a < 3 || b - a > 5)
				continue;
			score = range / ((b - a) * step) -
			        0.05 * fabs(b - a - 4) - (m == 2 ? 0.1 : 0);
			if (score > best) {
				best  = score;
				t->lo = a * step, t->step = step;
				t->n = (int) (b - a);
			}
		}
	t->dec = tick_decimals(t->step);
}

static double
tick_value(const struct ticks *t, int i)
{
	return t->lo + i * t->step;
}

static double
tick_hi(const struct ticks *t)
{
	return tick_value(t, t->n);
}

static double
ticks_width(const struct ticks *t, double size)
{
	char   buf[48];
	double w = 0;
	int    i;

	for (i = 0; i <= t->n; i++) {
		fmt_num(tick_value(t, i), t->dec, buf, sizeof(buf));
		w = fmax(w, text_w(buf, size));
	}
	return w;
}

/* ---------------------------------------------------------- line chart */

struct trend {
	FILE                    *out;
	const struct svg_series *s;
	size_t                   ns;
	struct plot              p;
	int64_t                  x0, x1; /* first and last year */
	double                   xl, xr; /* where they are drawn */
	struct ticks             yt;
};

static int
series_ok(const struct svg_series *s)
{
	return s->n > 0 && s->x != NULL && s->y != NULL;
}

static int
point_ok(const struct svg_series *s, size_t i)
{
	return (s->has == NULL || s->has[i]) && is_value(s->y[i]);
}

/* Finds the years spanned and the range of the values; returns how many
 * values there are. Years without a value still widen the axis: a gap is
 * worth seeing. */
static size_t
trend_scan(struct trend *c, double *lo, double *hi)
{
	size_t k, i, nv = 0;

	c->x0 = INT32_MAX, c->x1 = INT32_MIN;
	*lo = INFINITY, *hi = -INFINITY;
	for (k = 0; k < c->ns; k++) {
		const struct svg_series *s = &c->s[k];

		for (i = 0; series_ok(s) && i < s->n; i++) {
			c->x0 = s->x[i] < c->x0 ? s->x[i] : c->x0;
			c->x1 = s->x[i] > c->x1 ? s->x[i] : c->x1;
			if (!point_ok(s, i))
				continue;
			*lo = fmin(*lo, s->y[i]);
			*hi = fmax(*hi, s->y[i]);
			nv++;
		}
	}
	return nv;
}

static double
trend_x(const struct trend *c, int64_t year)
{
	if (c->x1 == c->x0)
		return (c->p.l + c->p.r) / 2;
	return c->xl + (double) (year - c->x0) * (c->xr - c->xl) /
	                   (double) (c->x1 - c->x0);
}

static double
trend_y(const struct trend *c, double v)
{
	return c->p.b - (v - c->yt.lo) / (tick_hi(&c->yt) - c->yt.lo) *
	                    (c->p.b - c->p.t);
}

/* Leaves a margin above and below the data, for the value labels, but
 * does not push a positive axis below zero. An even line gets a range
 * around it. */
static void
trend_range(double *lo, double *hi)
{
	double pad = (*hi - *lo) * 0.1;

	if (*hi - *lo < 1e-9 * fmax(1, fabs(*hi)))
		pad = fmax(fabs(*hi) * 0.1, 1);
	*lo = *lo >= 0 ? fmax(*lo - pad, 0) : *lo - pad;
	*hi = *hi <= 0 ? fmin(*hi + pad, 0) : *hi + pad;
}

static void
trend_y_axis(const struct trend *c)
{
	char   buf[48];
	double y;
	int    i;

	for (i = 0; i <= c->yt.n; i++) {
		y = trend_y(c, tick_value(&c->yt, i));
		line(c->out, c->p.l, y, c->p.r, y,
		    fabs(tick_value(&c->yt, i)) < c->yt.step / 2 && i > 0
		        ? "stroke=\"#b0b0b0\""
		        : "stroke=\"" GRID "\"");
		fmt_num(tick_value(&c->yt, i), c->yt.dec, buf, sizeof(buf));
		text(c->out, c->p.l - 8, y + 4, "text-anchor=\"end\"", buf,
		    (size_t) -1);
	}
}

/* Every year gets a tick; labels thin out to a dozen at most, counted
 * back from the latest year, the one a report is about. */
static void
trend_x_axis(const struct trend *c)
{
	int64_t nyears = c->x1 - c->x0 + 1;
	int64_t every  = (nyears + 11) / 12, yr;
	int64_t step   = nyears <= 40 ? 1 : every;
	char    buf[24];
	double  x;

	for (yr = c->x0 + (c->x1 - c->x0) % step; yr <= c->x1; yr += step) {
		x = trend_x(c, yr);
		line(c->out, x, c->p.b, x, c->p.b + 5, "stroke=\"" AXIS "\"");
		if ((c->x1 - yr) % every != 0)
			continue;
		snprintf(buf, sizeof(buf), "%lld", (long long) yr);
		text(c->out, x, c->p.b + 20, "text-anchor=\"middle\"", buf,
		    (size_t) -1);
	}
}

/* The axis titles: x under the year labels, y turned along the axis. */
static void
axis_titles(
    FILE *out, const struct plot *p, const char *x_label, const char *y_label)
{
	double y = (p->t + p->b) / 2;

	text(out, (p->l + p->r) / 2, p->b + 44,
	    "text-anchor=\"middle\" font-size=\"13\"", x_label,
	    fit(p->r - p->l, 13, EM));
	if (y_label == NULL || *y_label == 0)
		return;
	fputs("<text transform=\"rotate(-90 22 ", out);
	put_coord(out, y);
	fputs(")\" x=\"22\"", out);
	attr(out, "y", y);
	fputs(" text-anchor=\"middle\" font-size=\"13\">", out);
	put_text(out, y_label, fit(p->b - p->t, 13, EM));
	fputs("</text>\n", out);
}

static void
frame(FILE *out, const struct plot *p)
{
	line(out, p->l, p->t, p->l, p->b, "stroke=\"" AXIS "\"");
	line(out, p->l, p->b, p->r, p->b, "stroke=\"" AXIS "\"");
}

/* One path; it breaks where a value is missing. */
static void
trend_line(const struct trend *c, size_t k)
{
	const struct svg_series *s = &c->s[k];
	size_t                   i, segs = 0;
	int                      first = 1;

	for (i = 1; i < s->n; i++)
		segs += point_ok(s, i - 1) && point_ok(s, i);
	if (segs == 0)
		return;
	fputs("<path d=\"", c->out);
	for (i = 0; i < s->n; i++) {
		if (!point_ok(s, i))
			continue;
		if (!first)
			fputc(' ', c->out);
		fputc(i > 0 && point_ok(s, i - 1) ? 'L' : 'M', c->out);
		first = 0;
		put_coord(c->out, trend_x(c, s->x[i]));
		fputc(' ', c->out);
		put_coord(c->out, trend_y(c, s->y[i]));
	}
	fprintf(c->out,
	    "\" fill=\"none\" stroke=\"%s\" stroke-width=\"%s\" "
	    "stroke-linejoin=\"round\" stroke-linecap=\"round\"%s/>\n",
	    palette[k % NPALETTE], s->dashed ? "2" : "2.5",
	    s->dashed ? " stroke-dasharray=\"7 5\"" : "");
}

static void
marker(FILE *out, double x, double y, const char *color, int hollow)
{
	char style[96];

	if (hollow)
		snprintf(style, sizeof(style),
		    "fill=\"#ffffff\" stroke=\"%s\" stroke-width=\"2\"",
		    color);
	else
		snprintf(style, sizeof(style),
		    "fill=\"%s\" stroke=\"#ffffff\" stroke-width=\"1.5\"",
		    color);
	circle(out, x, y, hollow ? 3.5 : 4.5, style);
}

static void
trend_markers(const struct trend *c, size_t k)
{
	const struct svg_series *s = &c->s[k];
	size_t                   i;

	for (i = 0; i < s->n; i++)
		if (point_ok(s, i))
			marker(c->out, trend_x(c, s->x[i]),
			    trend_y(c, s->y[i]), palette[k % NPALETTE],
			    s->dashed);
}

/* Whether another series has a point within a label's height of y, on
 * the side dir (-1 above, +1 below). */
static int
crowded(const struct trend *c, size_t k, int32_t year, double y, int dir)
{
	size_t j, i;
	double d;

	for (j = 0; j < c->ns; j++) {
		const struct svg_series *s = &c->s[j];

		for (i = 0; j != k && series_ok(s) && i < s->n; i++) {
			if (s->x[i] != year || !point_ok(s, i))
				continue;
			d = (trend_y(c, s->y[i]) - y) * dir;
			if (d >= 0 && d < 22)
				return 1;
		}
	}
	return 0;
}

/* Where a point's label goes: dir -1 above, +1 below; side -1 left, +1
 * right, 0 centred. */
struct place {
	int dir, side;
};

/* Puts a label where its own line is not: below a valley, above a peak,
 * and on a slope to the side the line leaves free (above and left of a
 * rising line). Another series' point close by sends it to the other
 * side. phi and nhi tell whether the neighbour before, after, is higher
 * on the chart. */
static struct place
label_place(const struct trend *c, size_t k, size_t i)
{
	const struct svg_series *s    = &c->s[k];
	double                   y    = trend_y(c, s->y[i]);
	int                      prev = i > 0 && point_ok(s, i - 1);
	int                      next = i + 1 < s->n && point_ok(s, i + 1);
	int                      phi = prev && trend_y(c, s->y[i - 1]) < y - 1;
	int                      nhi = next && trend_y(c, s->y[i + 1]) < y - 1;
	int                      rise = prev && next && !phi && nhi;
	int                      fall = prev && next && phi && !nhi;
	struct place             pl   = { -1, rise ? -1 : fall ? 1 : 0 };

	if ((prev || next) && (!prev || phi) && (!next || nhi))
		pl.dir = 1;
	if (crowded(c, k, s->x[i], y, pl.dir) &&
	    !crowded(c, k, s->x[i], y, -pl.dir))
		pl.dir = -pl.dir, pl.side = -pl.side;
	if (pl.dir > 0 && y + 20 >= c->p.b)
		pl.dir = -1, pl.side = -pl.side;
	return pl;
}

/* Labels the values of a solid series, smaller when the years are close
 * together. */
static void
trend_labels(const struct trend *c, size_t k)
{
	static const char *const anchor[] = { "end", "middle", "start" };
	const struct svg_series *s        = &c->s[k];
	char                     buf[48], style[80];
	double                   x, y;
	size_t                   i;
	struct place             pl;
	int                      size = 11;

	if (c->x1 > c->x0 && (c->xr - c->xl) / (double) (c->x1 - c->x0) < 40)
		size = 10;
	for (i = 0; i < s->n; i++) {
		if (!point_ok(s, i))
			continue;
		pl = label_place(c, k, i);
		x  = trend_x(c, s->x[i]) + 6 * pl.side;
		y  = trend_y(c, s->y[i]);
		y += pl.dir > 0 ? (pl.side ? 16 : 19) : (pl.side ? -7 : -9);
		snprintf(style, sizeof(style),
		    "text-anchor=\"%s\" font-size=\"%d\" fill=\"%s\"",
		    anchor[pl.side + 1], size, palette[k % NPALETTE]);
		fmt_num(s->y[i], 2, buf, sizeof(buf));
		text(c->out, x, y, style, buf, (size_t) -1);
	}
}

/* One row under the axis title, centred; labels are cut to share it. */
static void
trend_legend(const struct trend *c)
{
	const double sample = 28, gap = 6, space = 24, size = 12;
	double       avail = c->p.r - c->p.l, total = 0, x, y = c->p.b + 72;
	double       each;
	size_t       k, max;
	char         style[96];

	for (k = 0; k < c->ns; k++)
		total += sample + gap +
		         text_w(c->s[k].label ? c->s[k].label : "", size) +
		         (k > 0 ? space : 0);
	each =
	    (avail - (double) c->ns * (sample + gap + space)) / (double) c->ns;
	max = total > avail ? fit(each, size, EM) : (size_t) -1;
	x   = (c->p.l + c->p.r) / 2 - (total > avail ? avail : total) / 2;
	for (k = 0; k < c->ns; k++) {
		const struct svg_series *s     = &c->s[k];
		const char              *label = s->label ? s->label : "";
		size_t                   len   = text_len(label);

		snprintf(style, sizeof(style),
		    "stroke=\"%s\" stroke-width=\"2.5\"%s",
		    palette[k % NPALETTE],
		    s->dashed ? " stroke-dasharray=\"7 5\"" : "");
		line(c->out, x, y - 4, x + sample, y - 4, style);
		marker(c->out, x + sample / 2, y - 4, palette[k % NPALETTE],
		    s->dashed);
		text(c->out, x + sample + gap, y, "", label, max);
		x += sample + gap + space +
		     (double) (len < max ? len : max) * size * EM;
	}
}

static void
trend_draw(struct trend *c, const char *x_label, const char *y_label)
{
	size_t k;

	trend_y_axis(c);
	trend_x_axis(c);
	axis_titles(c->out, &c->p, x_label, y_label);
	frame(c->out, &c->p);
	for (k = 0; k < c->ns; k++)
		if (series_ok(&c->s[k]) && c->s[k].dashed)
			trend_line(c, k);
	for (k = 0; k < c->ns; k++)
		if (series_ok(&c->s[k]) && !c->s[k].dashed)
			trend_line(c, k);
	for (k = 0; k < c->ns; k++)
		if (series_ok(&c->s[k]))
			trend_markers(c, k);
	for (k = 0; k < c->ns; k++)
		if (series_ok(&c->s[k]) && !c->s[k].dashed)
			trend_labels(c, k);
	trend_legend(c);
}

void
svg_line_chart(FILE *out, const char *title, const char *subtitle,
    const char *x_label, const char *y_label, const struct svg_series *series,
    size_t nseries)
{
	struct trend c;
	double       lo, hi;

	memset(&c, 0, sizeof(c));
	c.out = out, c.s = series, c.ns = series ? nseries : 0;
	c.p.t = TOP, c.p.b = TREND_H - 96, c.p.r = TREND_W - 24;
	begin(out, TREND_W, TREND_H, title);
	heading(out, TREND_W, title, subtitle);
	if (trend_scan(&c, &lo, &hi) == 0) {
		c.p.l = 64;
		axis_titles(out, &c.p, x_label, y_label);
		frame(out, &c.p);
		no_data(out, &c.p);
		end(out);
		return;
	}
	trend_range(&lo, &hi);
	nice_ticks(lo, hi, &c.yt);
	c.p.l = fmax(64, 42 + ticks_width(&c.yt, 12));
	c.xl  = c.p.l + 36;
	c.xr  = c.p.r - 36;
	trend_draw(&c, x_label, y_label);
	end(out);
}

/* ----------------------------------------------------------- bar chart */

struct rank {
	FILE                 *out;
	const struct svg_bar *b;
	size_t                n;
	struct plot           p;
	double                dl, dr; /* where the axis' ends are drawn */
	double                lo, hi; /* the values there */
	double                row, bar, font;
	struct ticks          xt;
	size_t                nv; /* bars with a value */
	int                   stacked; /* each label on a line over its bar */
};

static int
bar_ok(const struct svg_bar *b)
{
	return b->has && is_value(b->value);
}

static const char *
note_of(const struct svg_bar *b)
{
	if (b->note != NULL && *b->note)
		return b->note;
	return bar_ok(b) ? "" : NO_DATA;
}

static double
rank_x(const struct rank *c, double v)
{
	return c->dl + (v - c->lo) / (c->hi - c->lo) * (c->dr - c->dl);
}

/* The middle of row i's bar: below its label when stacked. */
static double
rank_cy(const struct rank *c, size_t i)
{
	if (c->stacked)
		return c->p.t + ((double) i + 1) * c->row - c->bar / 2 - 6;
	return c->p.t + ((double) i + 0.5) * c->row;
}

/* Rows shrink as they grow in number, so sixty still make a page. */
static void
rank_rows(struct rank *c)
{
	c->row  = c->n <= 12 ? 30 : c->n <= 30 ? 24 : 20;
	c->bar  = c->row * 0.62;
	c->font = c->n <= 30 ? 12 : 11;
	if (c->stacked) /* a line of text, then the bar */
		c->row += c->font + 8;
}

/* The label column takes what the longest name needs, up to a third. */
static void
rank_columns(struct rank *c)
{
	double w = 0;
	size_t i;

	c->p.r = BAR_W - 20;
	if (c->stacked) {
		c->p.l = 24;
		return;
	}
	for (i = 0; i < c->n; i++)
		w = fmax(
		    w, text_w(c->b[i].label ? c->b[i].label : "", c->font));
	c->p.l = 16 + fmin(fmax(w, 40), BAR_W / 3.0) + 12;
}

/* Width of what follows a positive bar: its value, then its note. */
static double
after_bar(const struct rank *c, const struct svg_bar *b)
{
	char   buf[48];
	double w;

	fmt_num(b->value, 2, buf, sizeof(buf));
	w = 6 + text_w(buf, c->font);
	if (*note_of(b))
		w += 8 + text_w(note_of(b), 11);
	return fmin(w, (c->p.r - c->p.l) * (c->stacked ? 0.45 : 0.3));
}

/* Leaves room at the ends of the axis for what is written past the bars:
 * as little as the longest bar and its label need. */
static void
rank_pads(struct rank *c)
{
	char   buf[48];
	double padl = 0, padr = 0, d, f, need;
	size_t i;

	for (i = 0; i < c->n; i++) {
		if (bar_ok(&c->b[i]) && c->b[i].value < 0) {
			fmt_num(c->b[i].value, 2, buf, sizeof(buf));
			padl = fmax(padl, 6 + text_w(buf, c->font));
		}
	}
	c->dl = c->p.l + fmin(padl, (c->p.r - c->p.l) * 0.3);
	d     = c->p.r - c->dl;
	for (i = 0; i < c->n; i++) {
		if (!bar_ok(&c->b[i]) || c->b[i].value <= 0)
			continue;
		f    = (c->b[i].value - c->lo) / (c->hi - c->lo);
		need = after_bar(c, &c->b[i]);
		padr = fmax(padr, d - (d - need) / f);
	}
	/* All at or below zero: notes go right of zero, at the end. */
	if (c->hi <= 0)
		padr = fmax(padr, (c->p.r - c->p.l) * 0.25);
	c->dr = c->p.r - padr;
}

/* Ticks with gridlines; when long numbers would touch, every other one is
 * labelled, zero always. */
static void
rank_axis(const struct rank *c, const char *value_label)
{
	char   buf[48];
	double x, gap  = (c->dr - c->dl) / c->xt.n;
	int    i, zero = (int) lround(-c->xt.lo / c->xt.step);
	int    every = ticks_width(&c->xt, 12) + 8 > gap ? 2 : 1;

	for (i = 0; c->nv > 0 && i <= c->xt.n; i++) {
		x = rank_x(c, tick_value(&c->xt, i));
		line(c->out, x, c->p.t, x, c->p.b, "stroke=\"" GRID "\"");
		line(c->out, x, c->p.b, x, c->p.b + 5, "stroke=\"" AXIS "\"");
		if (abs(i - zero) % every != 0)
			continue;
		fmt_num(tick_value(&c->xt, i), c->xt.dec, buf, sizeof(buf));
		text(c->out, x, c->p.b + 19, "text-anchor=\"middle\"", buf,
		    (size_t) -1);
	}
	line(c->out, c->dl, c->p.b, c->dr, c->p.b, "stroke=\"" AXIS "\"");
	text(c->out, (c->dl + c->dr) / 2, c->p.b + 42,
	    "text-anchor=\"middle\" font-size=\"13\"", value_label,
	    fit(c->p.r - c->p.l, 13, EM));
}

static void
rank_label(const struct rank *c, size_t i)
{
	char style[64];

	if (c->stacked) {
		snprintf(style, sizeof(style), "font-size=\"%g\"", c->font);
		text(c->out, c->p.l + 4,
		    c->p.t + (double) i * c->row + c->font + 4, style,
		    c->b[i].label, fit(c->p.r - c->p.l, c->font, EM));
		return;
	}
	snprintf(style, sizeof(style), "text-anchor=\"end\" font-size=\"%g\"",
	    c->font);
	text(c->out, c->p.l - 12, rank_cy(c, i) + c->font * 0.35, style,
	    c->b[i].label, fit(c->p.l - 28, c->font, EM));
}

/* A note right of zero, where rows without a bar (or with a bar to the
 * left) have room. */
static void
rank_note(const struct rank *c, size_t i, double x)
{
	text(c->out, x, rank_cy(c, i) + 4,
	    "font-size=\"11\" font-style=\"italic\" fill=\"" MUTED "\"",
	    note_of(&c->b[i]), fit(c->p.r - x, 11, EM));
}

static void
rank_bar(const struct rank *c, size_t i)
{
	const struct svg_bar *b    = &c->b[i];
	double                zero = rank_x(c, 0), x, cy = rank_cy(c, i);
	char                  buf[48], style[64];

	if (!bar_ok(b)) {
		rank_note(c, i, zero + 6);
		return;
	}
	x = rank_x(c, b->value);
	rect(c->out, fmin(zero, x), cy - c->bar / 2, fabs(x - zero), c->bar,
	    b->value < 0 ? "fill=\"" NEG "\"" : "fill=\"" BAR "\"");
	fmt_num(b->value, 2, buf, sizeof(buf));
	snprintf(style, sizeof(style), "text-anchor=\"%s\" font-size=\"%g\"",
	    b->value < 0 ? "end" : "start", c->font);
	text(c->out, b->value < 0 ? x - 6 : x + 6, cy + c->font * 0.35, style,
	    buf, (size_t) -1);
	if (b->value < 0)
		rank_note(c, i, zero + 6);
	else if (*note_of(b))
		rank_note(c, i, x + 6 + text_w(buf, c->font) + 8);
}

static void
rank_draw(struct rank *c, const char *value_label)
{
	size_t i;

	for (i = 1; i < c->n; i += 2)
		rect(c->out, 8, c->p.t + (double) i * c->row, BAR_W - 16,
		    c->row, "fill=\"" ZEBRA "\"");
	rank_axis(c, value_label);
	for (i = 0; i < c->n; i++) {
		rank_label(c, i);
		rank_bar(c, i);
	}
	/* The zero line goes over the bars' ends, as their common base. */
	line(c->out, rank_x(c, 0), c->p.t, rank_x(c, 0), c->p.b,
	    "stroke=\"" AXIS "\"");
}

/* The values' range, always from zero: a bar's length is its value. */
static void
rank_range(struct rank *c)
{
	size_t i;

	c->lo = 0, c->hi = 0, c->nv = 0;
	for (i = 0; i < c->n; i++) {
		if (!bar_ok(&c->b[i]))
			continue;
		c->lo = fmin(c->lo, c->b[i].value);
		c->hi = fmax(c->hi, c->b[i].value);
		c->nv++;
	}
	if (c->nv == 0 || c->hi - c->lo < 1e-9)
		c->hi = c->lo + 1;
	nice_ticks(c->lo, c->hi, &c->xt);
	c->lo = c->xt.lo;
	c->hi = tick_hi(&c->xt);
}

static void
bar_chart(FILE *out, const char *title, const char *subtitle,
    const char *value_label, const struct svg_bar *bars, size_t n, int stacked)
{
	struct rank c;
	int         h;

	memset(&c, 0, sizeof(c));
	c.out = out, c.b = bars, c.n = bars ? n : 0, c.stacked = stacked;
	rank_rows(&c);
	c.p.t = TOP;
	c.p.b = TOP + (c.n > 0 ? (double) c.n * c.row : 200);
	h     = (int) c.p.b + 64;
	begin(out, BAR_W, h, title);
	heading(out, BAR_W, title, subtitle);
	if (c.n == 0) {
		c.p.l = 64, c.p.r = BAR_W - 24;
		axis_titles(out, &c.p, value_label, NULL);
		frame(out, &c.p);
		no_data(out, &c.p);
		end(out);
		return;
	}
	rank_columns(&c);
	rank_range(&c);
	rank_pads(&c);
	rank_draw(&c, value_label);
	end(out);
}

void
svg_bar_chart(FILE *out, const char *title, const char *subtitle,
    const char *value_label, const struct svg_bar *bars, size_t n)
{
	bar_chart(out, title, subtitle, value_label, bars, n, 0);
}

void
svg_bar_chart_stacked(FILE *out, const char *title, const char *subtitle,
    const char *value_label, const struct svg_bar *bars, size_t n)
{
	bar_chart(out, title, subtitle, value_label, bars, n, 1);
}
