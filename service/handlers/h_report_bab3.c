/*
 * h_report_bab3.c - BAB III Akuntabilitas Kinerja of the LKjIP: the
 * capaian of each indicator (GetCapaian), its years (GetTrend and the
 * chart GetChart draws), its progress to the Renstra end target
 * (GetProgress), its peers (GetComparison, GetRanking), its triwulan, and
 * the unit's words about it; then the budget (GetBudget), efficiency
 * (GetEfficiency), survey (GetSurvey) and AKIP evaluation
 * (GetAkipEvaluation, GetAkipYears). A part without figures says so in a
 * sentence: no table is printed empty.
 */
#include <string.h>

#include "report_build.h"

#define SECTION(x) KINERJA__NARRATIVE_SECTION__NARRATIVE_SECTION_##x

static const char *
src(struct rbuild *b, const char *what)
{
	return kcall_printf(b->call, "%s, %s tahun %d (kinerjad)", what,
	    b->unit_name, b->year);
}

/* "BB (71,38)" for an AKIP value, "71,38" otherwise. */
static const char *
with_predikat(struct rbuild *b, int has, double v, const char *predikat)
{
	if (has && predikat && *predikat)
		return kcall_printf(b->call, "%s (%s)", predikat, rb_num(b, v));
	return rb_num_opt(b, has, v);
}

/* ------------------------------------------------------------ capaian */

static void
capaian_table(struct rbuild *b)
{
	static const char *const head[] = { "No", "Sasaran", "Indikator",
		"Satuan", "Target", "Realisasi", "Capaian (%)", "Predikat" };
	static const unsigned char right[] = { 1, 0, 0, 0, 1, 1, 1, 0 };
	size_t i;

	rdoc_table(&b->doc,
	    kcall_printf(b->call, "Capaian indikator kinerja tahun %d", b->year),
	    src(b, "Capaian (kinerja capaian)"), 8, head, right);
	for (i = 0; i < b->cap->n_indicators; i++) {
		const Kinerja__CapaianRow *r = b->cap->indicators[i];

		rdoc_row(&b->doc,
		    (const char *[]) { rb_int(b, i + 1), r->sasaran, r->name,
			r->satuan,
			with_predikat(b, r->opt_target_case, r->target,
			    r->target_predikat),
			with_predikat(b, r->opt_realisasi_case, r->realisasi,
			    r->realisasi_predikat),
			rb_num_opt(b, r->opt_capaian_case, r->capaian),
			r->opt_capaian_case ? r->predikat : "-" });
	}
	for (i = 0; i < b->cap->n_indicators; i++) {
		const Kinerja__CapaianRow *r = b->cap->indicators[i];

		if (r->opt_capaian_case)
			continue;
		if (!r->opt_target_case && !r->opt_realisasi_case)
			rdoc_para(&b->doc, "%s: belum ada target maupun "
			                   "realisasi untuk tahun %d.",
			    r->name, b->year);
		else
			rdoc_para(&b->doc,
			    "%s: capaian belum dapat dihitung (%s).", r->name,
			    *r->na_reason ? r->na_reason : "-");
	}
}

static void
sasaran_table(struct rbuild *b)
{
	static const char *const head[] = { "No", "Tujuan", "Sasaran",
		"Capaian (%)", "Predikat", "Indikator dihitung" };
	static const unsigned char right[] = { 1, 0, 0, 1, 0, 1 };
	size_t i;

	if (b->cap->n_sasaran == 0)
		return;
	rdoc_table(&b->doc,
	    kcall_printf(b->call, "Capaian sasaran strategis tahun %d", b->year),
	    src(b, "Capaian (kinerja capaian)"), 6, head, right);
	for (i = 0; i < b->cap->n_sasaran; i++) {
		const Kinerja__SasaranCapaian *s = b->cap->sasaran[i];

		rdoc_row(&b->doc,
		    (const char *[]) { rb_int(b, i + 1), s->tujuan, s->sasaran,
			rb_num_opt(b, s->opt_capaian_case, s->capaian),
			s->opt_capaian_case ? s->predikat : "-",
			kcall_printf(b->call, "%u dari %u", s->indicators,
			    s->indicators + s->indicators_na) });
	}
	if (b->cap->opt_capaian_case)
		rdoc_para(&b->doc,
		    "Capaian kinerja %s tahun %d, rata-rata capaian sasaran, "
		    "adalah %s%% dengan predikat %s.",
		    b->unit_name, b->year, rb_num(b, b->cap->capaian),
		    b->cap->predikat);
}

/* ------------------------------------------------------ one indicator */

/* The trend's target and realisasi by year, for a native chart. */
static const struct rdoc_chart *
trend_data(struct rbuild *b, const Kinerja__GetTrendReply *t)
{
	struct rdoc_chart  *ch  = kcall_alloc(b->call, sizeof(*ch));
	struct rdoc_series *ser = kcall_alloc(b->call, 2 * sizeof(*ser));
	const char        **cat = kcall_alloc(b->call, t->n_points * sizeof(*cat));
	double *y   = kcall_alloc(b->call, 2 * t->n_points * sizeof(*y));
	int    *has = kcall_alloc(b->call, 2 * t->n_points * sizeof(*has));
	size_t  i, n = t->n_points;

	for (i = 0; i < n; i++) {
		const Kinerja__TrendPoint *p = t->points[i];

		cat[i]     = kcall_printf(b->call, "%d", p->year);
		y[i]       = p->target;
		has[i]     = p->opt_target_case != 0;
		y[n + i]   = p->realisasi;
		has[n + i] = p->opt_realisasi_case != 0;
	}
	ser[0]          = (struct rdoc_series) { "Target", y, has };
	ser[1]          = (struct rdoc_series) { "Realisasi", y + n, has + n };
	*ch             = (struct rdoc_chart) { 0, n, cat, 2, ser };
	return ch;
}

/* The ranked units' capaian, best first, for a native chart. */
static const struct rdoc_chart *
ranking_data(struct rbuild *b, const Kinerja__GetRankingReply *rk)
{
	struct rdoc_chart  *ch  = kcall_alloc(b->call, sizeof(*ch));
	struct rdoc_series *ser = kcall_alloc(b->call, sizeof(*ser));
	const char        **cat;
	double             *y;
	size_t              i, n = 0;

	if (rk == NULL)
		return NULL;
	cat = kcall_alloc(b->call, (rk->n_rows + 1) * sizeof(*cat));
	y   = kcall_alloc(b->call, (rk->n_rows + 1) * sizeof(*y));
	for (i = 0; i < rk->n_rows; i++) {
		if (!rk->rows[i]->rank || !rk->rows[i]->opt_value_case)
			continue;
		cat[n] = rk->rows[i]->name;
		y[n++] = rk->rows[i]->value;
	}
	*ser = (struct rdoc_series) { "Capaian (%)", y, NULL };
	*ch  = (struct rdoc_chart) { 1, n, cat, 1, ser };
	return n ? ch : NULL;
}

static void
trend(struct rbuild *b, const Kinerja__CapaianRow *row)
{
	static const char *const head[] = { "Tahun", "Target", "Realisasi",
		"Capaian (%)", "Predikat", "Perubahan realisasi" };
	static const unsigned char right[] = { 1, 1, 1, 1, 0, 1 };
	Kinerja__GetTrendRequest q = KINERJA__GET_TREND_REQUEST__INIT;
	Kinerja__GetChartRequest c = KINERJA__GET_CHART_REQUEST__INIT;
	Kinerja__GetTrendReply  *t;
	Kinerja__GetChartReply  *g;
	size_t                   i, n = 0;

	q.unit          = c.unit = (char *) b->unit;
	q.indicator     = c.indicator = row->indicator;
	q.from_year     = b->year - 4;
	q.to_year       = b->year;
	q.predikat_rule = b->rule;
	t               = rb_rpc(b, "GetTrend", &q);
	for (i = 0; t && i < t->n_points; i++)
		n += t->points[i]->opt_target_case ||
		     t->points[i]->opt_realisasi_case;
	if (n == 0) {
		rdoc_para(&b->doc, "Belum ada data %s untuk tahun %d-%d.",
		    row->name, b->year - 4, b->year);
		return;
	}
	rdoc_table(&b->doc,
	    kcall_printf(b->call, "Perkembangan %s tahun %d-%d", row->name,
	        b->year - 4, b->year),
	    src(b, "Tren (kinerja trend)"), 6, head, right);
	for (i = 0; i < t->n_points; i++) {
		const Kinerja__TrendPoint *p = t->points[i];

		rdoc_row(&b->doc,
		    (const char *[]) { kcall_printf(b->call, "%d", p->year),
			rb_num_opt(b, p->opt_target_case, p->target),
			rb_num_opt(b, p->opt_realisasi_case, p->realisasi),
			rb_num_opt(b, p->opt_capaian_case, p->capaian),
			p->opt_capaian_case ? p->predikat : "-",
			p->opt_delta_case
			    ? kcall_printf(b->call, "%s%s",
			          p->delta > 0 ? "+" : "", rb_num(b, p->delta))
			    : "-" });
	}
	c.kind  = KINERJA__CHART_KIND__CHART_KIND_TREND;
	c.year  = b->year;
	c.years = 5;
	g       = rb_rpc(b, "GetChart", &c);
	if (g && *g->svg)
		rdoc_figure(&b->doc, g->title, src(b, "Tren (kinerja trend)"),
		    g->svg, trend_data(b, t));
}

static void
kemajuan(struct rbuild *b, const Kinerja__GetProgressReply *pr,
    const Kinerja__CapaianRow *row)
{
	size_t i;

	for (i = 0; pr && i < pr->n_rows; i++) {
		const Kinerja__ProgressRow *p = pr->rows[i];

		if (strcmp(p->indicator, row->indicator) != 0)
			continue;
		if (p->opt_kemajuan_case)
			rdoc_para(&b->doc,
			    "Tingkat kemajuan terhadap target akhir Renstra "
			    "tahun %d (%s %s): realisasi %s %s, atau %s%%.",
			    p->end_year, rb_num(b, p->end_target), p->satuan,
			    rb_num(b, p->realisasi), p->satuan,
			    rb_num(b, p->kemajuan));
		else
			rdoc_para(&b->doc,
			    "Tingkat kemajuan terhadap target akhir Renstra "
			    "belum dapat dihitung (%s).",
			    *p->na_reason ? p->na_reason : "-");
		return;
	}
}

/* The rank of a unit in a ranking reply, as text ("-" unranked). */
static const char *
rank_of(struct rbuild *b, const Kinerja__GetRankingReply *rk, const char *unit)
{
	size_t i;

	for (i = 0; rk && i < rk->n_rows; i++)
		if (strcmp(rk->rows[i]->unit, unit) == 0 && rk->rows[i]->rank)
			return rb_int(b, rk->rows[i]->rank);
	return "-";
}

/* A peer with a target or a realisasi in the (one) year compared. */
static int
has_data(const Kinerja__ComparisonUnit *u)
{
	return u->n_years > 0 &&
	       (u->years[0]->opt_target_case || u->years[0]->opt_realisasi_case);
}

static void
peers(struct rbuild *b, const Kinerja__CapaianRow *row)
{
	static const char *const head[] = { "Peringkat", "Unit", "Target",
		"Realisasi", "Capaian (%)", "Predikat" };
	static const unsigned char right[] = { 1, 0, 1, 1, 1, 0 };
	Kinerja__GetComparisonRequest q = KINERJA__GET_COMPARISON_REQUEST__INIT;
	Kinerja__GetRankingRequest    k = KINERJA__GET_RANKING_REQUEST__INIT;
	Kinerja__GetChartRequest      c = KINERJA__GET_CHART_REQUEST__INIT;
	Kinerja__GetComparisonReply  *cmp;
	Kinerja__GetRankingReply     *rk;
	Kinerja__GetChartReply       *g;
	const char                   *without = "";
	size_t                        i, n = 0;

	if (!*b->region)
		return;
	q.indicator = k.indicator = c.indicator = row->indicator;
	q.region = k.region = c.unit = (char *) b->region;
	q.from_year = q.to_year = k.year = c.year = b->year;
	q.predikat_rule = k.predikat_rule = b->rule;
	k.measure = KINERJA__RANK_MEASURE__RANK_MEASURE_CAPAIAN;
	cmp       = rb_rpc(b, "GetComparison", &q);
	rk        = rb_rpc(b, "GetRanking", &k);
	for (i = 0; cmp && i < cmp->n_units; i++)
		n += has_data(cmp->units[i]);
	if (n < 2)
		return;
	rdoc_table(&b->doc,
	    kcall_printf(b->call, "Perbandingan %s antar unit %s tahun %d",
	        row->name, b->region_name, b->year),
	    src(b, "Perbandingan (kinerja compare, kinerja ranking)"), 6, head,
	    right);
	for (i = 0; i < cmp->n_units; i++) {
		const Kinerja__ComparisonUnit *u = cmp->units[i];
		const Kinerja__ComparisonCell *y = u->years[0];

		if (!has_data(u)) {
			without = kcall_printf(b->call, "%s%s%s", without,
			    *without ? ", " : "", u->name);
			continue;
		}
		rdoc_row(&b->doc,
		    (const char *[]) { rank_of(b, rk, u->unit), u->name,
			rb_num_opt(b, y->opt_target_case, y->target),
			rb_num_opt(b, y->opt_realisasi_case, y->realisasi),
			rb_num_opt(b, y->opt_capaian_case, y->capaian),
			y->opt_capaian_case ? y->predikat : "-" });
	}
	if (*without)
		rdoc_para(&b->doc, "Unit tanpa target maupun realisasi %s tahun "
		                   "%d: %s.",
		    row->name, b->year, without);
	c.kind = KINERJA__CHART_KIND__CHART_KIND_RANKING;
	g      = rb_rpc(b, "GetChart", &c);
	if (g && *g->svg)
		rdoc_figure(&b->doc, g->title,
		    src(b, "Peringkat (kinerja ranking)"), g->svg,
		    ranking_data(b, rk));
}

static void
triwulan(struct rbuild *b, const Kinerja__CapaianRow *row)
{
	static const char *const head[] = { "Triwulan", "Target",
		"Realisasi s.d. triwulan", "Capaian (%)", "Predikat" };
	static const unsigned char right[] = { 0, 1, 1, 1, 0 };
	static const char *const roman[] = { "", "I", "II", "III", "IV" };
	Kinerja__GetTrendRequest q = KINERJA__GET_TREND_REQUEST__INIT;
	Kinerja__GetTrendReply  *t;
	size_t                   i, n = 0;

	q.unit          = (char *) b->unit;
	q.indicator     = row->indicator;
	q.from_year     = b->year;
	q.quarters      = 1;
	q.predikat_rule = b->rule;
	t               = rb_rpc(b, "GetTrend", &q);
	for (i = 0; t && i < t->n_points; i++)
		n += t->points[i]->opt_realisasi_case;
	if (n == 0)
		return;
	rdoc_table(&b->doc,
	    kcall_printf(b->call, "Capaian %s per triwulan tahun %d",
	        row->name, b->year),
	    src(b, "Triwulan (kinerja trend --quarters)"), 5, head, right);
	for (i = 0; i < t->n_points; i++) {
		const Kinerja__TrendPoint *p = t->points[i];

		rdoc_row(&b->doc,
		    (const char *[]) {
			p->triwulan >= 1 && p->triwulan <= 4 ? roman[p->triwulan]
			                                     : "-",
			rb_num_opt(b, p->opt_target_case, p->target),
			rb_num_opt(b, p->opt_realisasi_case, p->realisasi),
			rb_num_opt(b, p->opt_capaian_case, p->capaian),
			p->opt_capaian_case ? p->predikat : "-" });
	}
}

static void
words(struct rbuild *b, const Kinerja__CapaianRow *row)
{
	static const struct {
		int         section;
		const char *label;
	} part[] = {
		{ SECTION(ANALISIS), "Analisis capaian" },
		{ SECTION(PENYEBAB), "Penyebab keberhasilan/kegagalan" },
		{ SECTION(PENDUKUNG), "Faktor pendukung" },
		{ SECTION(PENGHAMBAT), "Faktor penghambat" },
		{ SECTION(UPAYA), "Upaya dan solusi" },
		{ SECTION(TINDAK_LANJUT), "Rencana tindak lanjut" },
	};
	size_t i;

	for (i = 0; i < sizeof(part) / sizeof(part[0]); i++) {
		rdoc_para(&b->doc, "%s:", part[i].label);
		rb_text_or_todo(b, row->indicator, part[i].section,
		    kcall_printf(b->call, "%s %s", part[i].label,
		        row->indicator));
	}
}

static void
indicators(struct rbuild *b)
{
	Kinerja__GetProgressRequest q = KINERJA__GET_PROGRESS_REQUEST__INIT;
	Kinerja__GetProgressReply  *pr;
	size_t                      i;

	q.unit          = (char *) b->unit;
	q.year          = b->year;
	q.predikat_rule = b->rule;
	pr              = rb_rpc(b, "GetProgress", &q);
	for (i = 0; i < b->cap->n_indicators; i++) {
		const Kinerja__CapaianRow *r = b->cap->indicators[i];

		rdoc_heading(&b->doc, 3, "%zu. %s", i + 1, r->name);
		trend(b, r);
		kemajuan(b, pr, r);
		peers(b, r);
		triwulan(b, r);
		words(b, r);
	}
}

/* ------------------------------------------------------------- budget */

static void
budget_lines(struct rbuild *b, const Kinerja__GetBudgetReply *r)
{
	static const char *const head[] = { "Kode",
		"Program / kegiatan / sub kegiatan", "Pagu (Rp)",
		"Realisasi (Rp)", "Serapan (%)" };
	static const unsigned char right[] = { 0, 0, 1, 1, 1 };
	size_t i;

	rdoc_table(&b->doc,
	    kcall_printf(b->call, "Realisasi anggaran tahun %d", b->year),
	    src(b, "Anggaran (kinerja budget)"), 5, head, right);
	for (i = 0; i < r->n_lines; i++) {
		const Kinerja__BudgetNode  *n = r->lines[i];
		const Kinerja__Absorption *a = n->amount;

		rdoc_row(&b->doc,
		    (const char *[]) { n->code, n->name,
			rb_money(b, a && a->opt_pagu_case, a ? a->pagu_sen : 0),
			rb_money(b, a && a->opt_realisasi_case,
			    a ? a->realisasi_sen : 0),
			rb_num_opt(b, a && a->opt_serapan_case,
			    a ? a->serapan : 0) });
	}
	if (r->total)
		rdoc_row(&b->doc,
		    (const char *[]) { "", "Jumlah",
			rb_money(b, r->total->opt_pagu_case, r->total->pagu_sen),
			rb_money(b, r->total->opt_realisasi_case,
			    r->total->realisasi_sen),
			rb_num_opt(b, r->total->opt_serapan_case,
			    r->total->serapan) });
}

static void
belanja(struct rbuild *b, const Kinerja__GetBudgetReply *r)
{
	static const char *const head[] = { "Jenis belanja", "Pagu (Rp)",
		"Realisasi (Rp)", "Serapan (%)" };
	static const unsigned char right[] = { 0, 1, 1, 1 };
	size_t i;

	if (r->n_belanja == 0)
		return;
	rdoc_table(&b->doc,
	    kcall_printf(b->call, "Realisasi anggaran menurut jenis belanja "
	                          "tahun %d",
	        b->year),
	    src(b, "Anggaran (kinerja budget)"), 4, head, right);
	for (i = 0; i < r->n_belanja; i++) {
		const Kinerja__BelanjaNode *n = r->belanja[i];
		const Kinerja__Absorption  *a = n->amount;

		rdoc_row(&b->doc,
		    (const char *[]) { n->name,
			rb_money(b, a && a->opt_pagu_case, a ? a->pagu_sen : 0),
			rb_money(b, a && a->opt_realisasi_case,
			    a ? a->realisasi_sen : 0),
			rb_num_opt(b, a && a->opt_serapan_case,
			    a ? a->serapan : 0) });
	}
}

static void
budget(struct rbuild *b)
{
	Kinerja__GetBudgetRequest q = KINERJA__GET_BUDGET_REQUEST__INIT;
	Kinerja__GetBudgetReply  *r;
	size_t                    i;

	rdoc_heading(&b->doc, 2, "B. Realisasi Anggaran");
	q.unit = (char *) b->unit;
	q.year = b->year;
	r      = rb_rpc(b, "GetBudget", &q);
	if (r == NULL || (r->n_lines == 0 && r->n_belanja == 0)) {
		rdoc_para(&b->doc, "Belum ada data anggaran untuk tahun %d.",
		    b->year);
		return;
	}
	if (r->n_lines > 0)
		budget_lines(b, r);
	if (r->total && r->total->opt_serapan_case)
		rdoc_para(&b->doc,
		    "Serapan anggaran %s tahun %d (jumlah realisasi dibagi "
		    "jumlah pagu seluruh program) adalah %s%%.",
		    b->unit_name, b->year, rb_num(b, r->total->serapan));
	if (r->opt_program_mean_case)
		rdoc_para(&b->doc,
		    "Rata-rata serapan per program (tidak tertimbang pagu) "
		    "adalah %s%%.",
		    rb_num(b, r->program_mean));
	for (i = 0; i < r->n_findings; i++)
		rdoc_para(&b->doc, "Catatan: %s.", r->findings[i]->message);
	belanja(b, r);
}

static void
efficiency(struct rbuild *b)
{
	static const char *const head[] = { "Sasaran", "Capaian kinerja (%)",
		"Serapan anggaran (%)", "Tingkat efisiensi (poin)",
		"Serapan/capaian (%)", "Anggaran" };
	static const unsigned char right[] = { 0, 1, 1, 1, 1, 0 };
	Kinerja__GetEfficiencyRequest q = KINERJA__GET_EFFICIENCY_REQUEST__INIT;
	Kinerja__GetEfficiencyReply  *r;
	size_t                        i, n = 0;

	rdoc_heading(&b->doc, 2, "C. Efisiensi Penggunaan Sumber Daya");
	q.unit          = (char *) b->unit;
	q.year          = b->year;
	q.predikat_rule = b->rule;
	r               = rb_rpc(b, "GetEfficiency", &q);
	for (i = 0; r && i < r->n_rows; i++)
		n += r->rows[i]->opt_efisiensi_case;
	if (n == 0) {
		rdoc_para(&b->doc,
		    "Tingkat efisiensi tahun %d belum dapat dihitung: capaian "
		    "kinerja atau serapan anggaran belum tersedia.",
		    b->year);
		return;
	}
	rdoc_table(&b->doc,
	    kcall_printf(b->call, "Tingkat efisiensi tahun %d", b->year),
	    src(b, "Efisiensi (kinerja efficiency)"), 6, head, right);
	for (i = 0; i < r->n_rows; i++) {
		const Kinerja__EfficiencyRow *e = r->rows[i];
		const Kinerja__Absorption    *a = e->budget;

		rdoc_row(&b->doc,
		    (const char *[]) { e->sasaran,
			rb_num_opt(b, e->opt_capaian_case, e->capaian),
			rb_num_opt(b, a && a->opt_serapan_case,
			    a ? a->serapan : 0),
			rb_num_opt(b, e->opt_efisiensi_case, e->efisiensi),
			rb_num_opt(b, e->opt_ratio_case, e->ratio),
			e->whole_budget ? "seluruh anggaran unit"
			                : "program sasaran ini" });
	}
	rdoc_para(&b->doc, "Tingkat efisiensi adalah capaian kinerja dikurangi "
	                   "serapan anggaran; nilai positif berarti hasil "
	                   "lebih besar per rupiah.");
}

static void
survey(struct rbuild *b)
{
	static const char *const head[] = { "No", "Unsur pelayanan", "NRR",
		"NRR tertimbang" };
	static const unsigned char right[] = { 1, 0, 1, 1 };
	Kinerja__GetSurveyRequest q = KINERJA__GET_SURVEY_REQUEST__INIT;
	Kinerja__GetSurveyReply  *r;
	size_t                    i;

	rdoc_heading(&b->doc, 2, "D. Survei Kepuasan Masyarakat");
	q.unit = (char *) b->unit;
	q.year = b->year;
	r      = rb_rpc(b, "GetSurvey", &q);
	if (r == NULL || r->n_unsur == 0) {
		rdoc_para(&b->doc,
		    "Belum ada hasil Survei Kepuasan Masyarakat untuk tahun %d.",
		    b->year);
		return;
	}
	rdoc_table(&b->doc,
	    kcall_printf(b->call, "Nilai unsur pelayanan SKM tahun %d", b->year),
	    src(b, "Survei (kinerja survey)"), 4, head, right);
	for (i = 0; i < r->n_unsur; i++)
		rdoc_row(&b->doc,
		    (const char *[]) { rb_int(b, r->unsur[i]->unsur),
			r->unsur[i]->name, rb_num(b, r->unsur[i]->nrr),
			rb_num(b, r->unsur[i]->nrr_tertimbang) });
	rdoc_row(&b->doc, (const char *[]) { "", "Jumlah NRR tertimbang", "",
			      rb_num(b, r->nrr_tertimbang) });
	rdoc_para(&b->doc,
	    "IKM = NRR tertimbang × 25 = %s, mutu pelayanan %s (%s)%s.",
	    rb_num(b, r->ikm), r->mutu, r->mutu_label,
	    r->respondents ? kcall_printf(b->call, ", dari %s responden",
	                         rb_int(b, r->respondents))
	                   : "");
}

static void
akip(struct rbuild *b)
{
	static const char *const head[] = { "Komponen", "Bobot", "Target",
		"Nilai", "Capaian (%)", "% dari bobot" };
	static const unsigned char right[] = { 0, 1, 1, 1, 1, 1 };
	static const char *const yhead[] = { "Tahun", "Nilai", "Predikat" };
	static const unsigned char yright[] = { 1, 1, 0 };
	Kinerja__GetAkipEvaluationRequest q =
	    KINERJA__GET_AKIP_EVALUATION_REQUEST__INIT;
	Kinerja__GetAkipYearsRequest y = KINERJA__GET_AKIP_YEARS_REQUEST__INIT;
	Kinerja__GetAkipEvaluationReply *r;
	Kinerja__GetAkipYearsReply      *ys;
	size_t                           i;

	rdoc_heading(&b->doc, 2, "E. Evaluasi Akuntabilitas Kinerja");
	q.unit = y.unit = (char *) b->unit;
	q.year          = b->year;
	y.from_year     = b->year - 5;
	y.to_year       = b->year;
	r               = rb_rpc(b, "GetAkipEvaluation", &q);
	if (r == NULL || r->n_components == 0)
		rdoc_para(&b->doc,
		    "Belum ada hasil evaluasi AKIP per komponen untuk tahun %d.",
		    b->year);
	else {
		rdoc_table(&b->doc,
		    kcall_printf(b->call, "Nilai evaluasi AKIP per komponen "
		                          "tahun %d",
		        b->year),
		    src(b, "Evaluasi AKIP (kinerja akip)"), 6, head, right);
		for (i = 0; i < r->n_components; i++) {
			const Kinerja__AkipComponentResult *c = r->components[i];

			rdoc_row(&b->doc,
			    (const char *[]) { c->name, rb_num(b, c->weight),
				rb_num_opt(b, c->opt_target_case, c->target),
				rb_num(b, c->score),
				rb_num_opt(b, c->opt_capaian_case, c->capaian),
				rb_num(b, c->percent_of_weight) });
		}
		rdoc_row(&b->doc, (const char *[]) { "Jumlah", "",
				      rb_num_opt(b, r->opt_target_total_case,
				          r->target_total),
				      rb_num(b, r->total),
				      rb_num_opt(b, r->opt_capaian_case,
				          r->capaian),
				      "" });
		rdoc_para(&b->doc, "Nilai evaluasi AKIP tahun %d adalah %s, "
		                   "predikat %s (%s).",
		    b->year, rb_num(b, r->total), r->predikat,
		    r->predikat_label);
	}
	ys = rb_rpc(b, "GetAkipYears", &y);
	if (ys == NULL || ys->n_years < 2)
		return;
	rdoc_table(&b->doc,
	    kcall_printf(b->call, "Nilai evaluasi AKIP tahun %d-%d",
	        b->year - 5, b->year),
	    src(b, "Evaluasi AKIP (kinerja akip --years)"), 3, yhead, yright);
	for (i = 0; i < ys->n_years; i++)
		rdoc_row(&b->doc,
		    (const char *[]) { kcall_printf(b->call, "%d",
					   ys->years[i]->year),
			rb_num(b, ys->years[i]->total),
			ys->years[i]->predikat });
}

void
rb_bab3(struct rbuild *b)
{
	rdoc_chapter(&b->doc, 3);
	rdoc_heading(&b->doc, 1, "BAB III Akuntabilitas Kinerja");
	rdoc_heading(&b->doc, 2, "A. Capaian Kinerja Organisasi");
	if (rb_rows_with_data(b) == 0)
		rdoc_para(&b->doc,
		    "Belum ada target maupun realisasi untuk tahun %d.",
		    b->year);
	else {
		capaian_table(b);
		sasaran_table(b);
		indicators(b);
	}
	budget(b);
	efficiency(b);
	survey(b);
	akip(b);
	rdoc_pagebreak(&b->doc);
}
