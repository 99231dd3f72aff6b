/*
 * h_chart.c - GetChart: a chart as SVG (docs/charts.md). Each kind asks
 * the read RPC whose figures it draws (GetTrend, GetRanking, GetBudget)
 * through khandlers_invoke, so a chart never shows a number the API does
 * not answer, and draws it with report/svg.c, the one writer the CLI and
 * the documents use too. Everything written on a chart is Indonesian.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "handlers.h"
#include "svg.h"

#define YEARS_DEFAULT 5
#define YEARS_MAX     20

/* The chart being drawn: its request, and the SVG written so far. */
struct chart {
	struct kcall                   *call;
	const Kinerja__GetChartRequest *in;
	FILE                           *out;
	const char                     *title; /* the reply's caption */
};

/* ---------------------------------------------------------- the checks */

static int
refuse(struct kcall *call, const char *message)
{
	kcall_error(call, KINERJA__CODE__INVALID_ARGUMENT, "%s", message);
	return -1;
}

/* What each kind takes: unit always but for RANKING (a region, or every
 * unit), indicator for TREND and RANKING, year but for TREND (0 there:
 * the last year with data), years for TREND only. */
static int
check_chart(struct kcall *call, const Kinerja__GetChartRequest *in)
{
	int trend  = in->kind == KINERJA__CHART_KIND__CHART_KIND_TREND;
	int budget = in->kind == KINERJA__CHART_KIND__CHART_KIND_BUDGET;

	if (in->kind < 0 ||
	    in->kind > KINERJA__CHART_KIND__CHART_KIND_BUDGET) {
		kcall_error(call, KINERJA__CODE__INVALID_ARGUMENT,
		    "kind: %d is not a ChartKind", in->kind);
		return -1;
	}
	if (*in->unit == 0 &&
	    in->kind != KINERJA__CHART_KIND__CHART_KIND_RANKING)
		return refuse(call, "unit: required");
	if (budget && *in->indicator)
		return refuse(call, "indicator: not used by a BUDGET chart");
	if (!budget && *in->indicator == 0)
		return refuse(call, "indicator: required");
	if ((!trend || in->year != 0) && kcheck_year(call, "year", in->year))
		return -1;
	if (!trend && in->years != 0)
		return refuse(call, "years: only a TREND chart spans years");
	if (in->years < 0 || in->years > YEARS_MAX) {
		kcall_error(call, KINERJA__CODE__INVALID_ARGUMENT,
		    "years: %d outside 1-%d (0: %d)", in->years, YEARS_MAX,
		    YEARS_DEFAULT);
		return -1;
	}
	return 0;
}

/* The request's field an inner method's field stands for. */
static const char *
field_of(const char *inner, size_t len)
{
	static const char *const map[][2] = { { "unit", "unit" },
		{ "region", "unit" }, { "indicator", "indicator" },
		{ "year", "year" }, { "from_year", "year" },
		{ "to_year", "year" } };
	size_t                   i;

	for (i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (strlen(map[i][0]) == len &&
		    strncmp(inner, map[i][0], len) == 0)
			return map[i][1];
	return NULL;
}

/* Passes on an inner method's failure with its code (NOT_FOUND stays
 * NOT_FOUND), its message naming this request's field. */
static void *
inner(struct chart *c, const char *method, const void *req)
{
	struct kinvoke_status st;
	void       *reply = khandlers_invoke(c->call, method, req, &st);
	const char *colon, *field;

	if (reply != NULL)
		return reply;
	colon = strchr(st.message, ':');
	field =
	    colon ? field_of(st.message, (size_t) (colon - st.message)) : NULL;
	if (field != NULL)
		kcall_error(c->call, st.code, "%s%s", field, colon);
	else
		kcall_error(c->call, st.code, "%s: %s", method, st.message);
	return NULL;
}

/* ------------------------------------------------------------- trend */

/* The years drawn: [*from, *to], `years` back from the request's year,
 * or from the last year GetTrend has when it gives none. */
static void
trend_span(const Kinerja__GetChartRequest *in, const Kinerja__GetTrendReply *r,
    int *from, int *to)
{
	int years = in->years ? in->years : YEARS_DEFAULT;

	*to = in->year;
	if (*to == 0)
		*to = r && r->n_points ? r->points[r->n_points - 1]->year : 0;
	*from = *to - years + 1 < KC_YEAR_MIN ? KC_YEAR_MIN : *to - years + 1;
}

/* Every year of the span gets a place, so that a year without figures
 * breaks the lines rather than being jumped over. */
static void
trend_draw(struct chart *c, const Kinerja__GetTrendReply *r, int from, int to)
{
	size_t   n = to ? (size_t) (to - from + 1) : 0, i, k;
	int32_t *x = kcall_alloc(c->call, (n + 1) * sizeof(*x));
	double *v = kcall_alloc(c->call, (n + 1) * sizeof(*v) * 2), *t = v + n;
	int *h = kcall_alloc(c->call, (n + 1) * sizeof(*h) * 2), *ht = h + n;
	struct svg_series s[2] = { { "Realisasi", n, x, v, h, 0 },
		{ "Target", n, x, t, ht, 1 } };
	const char       *sub;

	for (i = 0; i < n; i++)
		x[i] = from + (int32_t) i;
	for (k = 0; k < r->n_points; k++) {
		const Kinerja__TrendPoint *p = r->points[k];

		if (p->year < from || p->year > to)
			continue;
		i     = (size_t) (p->year - from);
		v[i]  = p->realisasi;
		h[i]  = p->opt_realisasi_case != 0;
		t[i]  = p->target;
		ht[i] = p->opt_target_case != 0;
	}
	sub = n ? kcall_printf(
	              c->call, "%s, %d\xE2\x80\x93%d", r->unit->name, from, to)
	        : r->unit->name;
	c->title =
	    kcall_printf(c->call, "Tren %s, %s", r->indicator->name, sub);
	svg_line_chart(c->out,
	    kcall_printf(c->call, "Tren %s", r->indicator->name), sub, "Tahun",
	    r->indicator->satuan, s, 2);
}

static int
trend_chart(struct chart *c)
{
	Kinerja__GetTrendRequest req = KINERJA__GET_TREND_REQUEST__INIT;
	Kinerja__GetTrendReply  *r;
	int                      from, to;

	req.unit      = c->in->unit;
	req.indicator = c->in->indicator;
	if (c->in->year != 0) { /* else every year: the span follows them */
		trend_span(c->in, NULL, &from, &to);
		req.from_year = from;
		req.to_year   = to;
	}
	if ((r = inner(c, "GetTrend", &req)) == NULL)
		return -1;
	trend_span(c->in, r, &from, &to);
	trend_draw(c, r, from, to);
	return 0;
}

/* ----------------------------------------------------------- ranking */

static int
region_name(struct kcall *call, const void *code, void *name)
{
	Kinerja__Unit *u;

	if (kload_unit(call, code, &u) != 0)
		return -1;
	*(const char **) name = u->name;
	return 0;
}

static int
ranking_chart(struct chart *c)
{
	Kinerja__GetRankingRequest req = KINERJA__GET_RANKING_REQUEST__INIT;
	Kinerja__GetRankingReply  *r;
	const char                *where = "Semua unit";
	struct svg_bar            *bars;
	size_t                     i;

	if (*c->in->unit) {
		where = NULL;
		kread(c->call, region_name, c->in->unit, &where);
		if (where == NULL)
			return -1;
	}
	req.year      = c->in->year;
	req.measure   = KINERJA__RANK_MEASURE__RANK_MEASURE_CAPAIAN;
	req.indicator = c->in->indicator;
	req.region    = c->in->unit;
	if ((r = inner(c, "GetRanking", &req)) == NULL)
		return -1;
	bars = kcall_alloc(c->call, (r->n_rows + 1) * sizeof(*bars));
	for (i = 0; i < r->n_rows; i++) {
		const Kinerja__RankingRow *row = r->rows[i];

		bars[i] =
		    (struct svg_bar) { *row->name ? row->name : row->unit,
			    row->value, row->opt_value_case != 0,
			    row->rank ? kcall_printf(c->call, "#%u", row->rank)
			              : row->na_reason };
	}
	c->title = kcall_printf(c->call, "Peringkat capaian %s %d, %s",
	    r->indicator->name, r->year, where);
	svg_bar_chart(c->out,
	    kcall_printf(c->call, "Peringkat capaian %s %d",
	        r->indicator->name, r->year),
	    where, "Capaian (%)", bars, r->n_rows);
	return 0;
}

/* ------------------------------------------------------------ budget */

/* Rupiah short enough for a bar's note: "1,74 M" (miliar), "250,5 jt"
 * (juta); below a juta in full. Rounded once, from the sen. */
static const char *
rupiah_short(struct kcall *call, int64_t sen)
{
	static const struct {
		int64_t     sen;
		const char *word;
	} scale[] = { { 100000000000000, "T" }, { 100000000000, "M" },
		{ 100000000, "jt" } };
	char   buf[48];
	size_t i;

	for (i = 0; i < sizeof(scale) / sizeof(scale[0]); i++)
		if (sen >= scale[i].sen || -sen >= scale[i].sen) {
			/* two decimals of the unit, printed as if sen */
			kc_format_rupiah(
			    kc_div_round((__int128) sen * 100, scale[i].sen),
			    buf, sizeof(buf));
			return kcall_printf(call, "%s %s", buf, scale[i].word);
		}
	kc_format_rupiah(kc_div_round(sen, 100) * 100, buf, sizeof(buf));
	buf[strlen(buf) - 3] = 0; /* whole rupiah: no ",00" */
	return kcall_strdup(call, buf);
}

/* A percentage of the API (2 decimals) the Indonesian way: "91,81". */
static const char *
percent(struct kcall *call, double v)
{
	char buf[48];

	kc_format_rupiah(llround(v * 100), buf, sizeof(buf));
	return kcall_strdup(call, buf);
}

/* What a program's bar says beside its serapan: the amounts, or which is
 * missing. */
static const char *
amounts(struct kcall *call, const Kinerja__Absorption *a)
{
	if (a == NULL || !a->opt_pagu_case)
		return "pagu belum tercatat";
	if (!a->opt_realisasi_case)
		return "realisasi belum tercatat";
	return kcall_printf(call, "Rp %s dari Rp %s",
	    rupiah_short(call, a->realisasi_sen),
	    rupiah_short(call, a->pagu_sen));
}

static int
budget_chart(struct chart *c)
{
	Kinerja__GetBudgetRequest req = KINERJA__GET_BUDGET_REQUEST__INIT;
	Kinerja__GetBudgetReply  *r;
	struct svg_bar           *bars;
	const char               *sub;
	size_t                    i, n = 0;

	req.unit = c->in->unit;
	req.year = c->in->year;
	if ((r = inner(c, "GetBudget", &req)) == NULL)
		return -1;
	bars = kcall_alloc(c->call, (r->n_lines + 1) * sizeof(*bars));
	for (i = 0; i < r->n_lines; i++) {
		const Kinerja__BudgetNode *l = r->lines[i];
		const Kinerja__Absorption *a = l->amount;

		if (l->depth != 0)
			continue;
		bars[n++] = (struct svg_bar) { *l->name ? l->name : l->code,
			a ? a->serapan : 0, a && a->opt_serapan_case,
			amounts(c->call, a) };
	}
	sub = r->unit->name;
	if (r->total && r->total->opt_serapan_case)
		sub = kcall_printf(c->call, "%s, serapan total %s%% (%s)",
		    r->unit->name, percent(c->call, r->total->serapan),
		    amounts(c->call, r->total));
	c->title = kcall_printf(c->call, "Serapan anggaran per program %s %d",
	    r->unit->name, r->year);
	svg_bar_chart_stacked(c->out,
	    kcall_printf(c->call, "Serapan anggaran per program %d", r->year),
	    sub, "Serapan (%)", bars, n);
	return 0;
}

/* -------------------------------------------------------------- GetChart */

static int (*const draw[])(
    struct chart *) = { trend_chart, ranking_chart, budget_chart };

RPC(get_chart, GetChartRequest, GetChartReply)
{
	struct kcall          *call = arg;
	Kinerja__GetChartReply r    = KINERJA__GET_CHART_REPLY__INIT;
	struct chart           c    = { call, in, NULL, "" };
	char                  *text = NULL;
	size_t                 len  = 0;
	int                    rc   = -1;

	(void) svc;
	if (check_chart(call, in) == 0) {
		if ((c.out = open_memstream(&text, &len)) == NULL)
			kcall_error(call, KINERJA__CODE__INTERNAL,
			    "GetChart: out of memory");
		else {
			rc = draw[in->kind](&c);
			if (fclose(c.out) != 0 && rc == 0) {
				kcall_error(call, KINERJA__CODE__INTERNAL,
				    "GetChart: out of memory");
				rc = -1;
			}
		}
	}
	if (rc == 0) {
		r.svg   = kcall_strdup(call, text);
		r.title = (char *) c.title;
	}
	free(text);
	done(&r, arg);
}
