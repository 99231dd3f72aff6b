/*
 * cmd_report.c - `kinerja report`: BAB III of a Laporan Kinerja written
 * from what kinerjad computes: capaian of each IKU, the years before, the
 * Renstra progress, the peers in the region, efficiency and the budget.
 * Markdown for editing, HTML (with the SVG charts inline) for printing.
 * What is missing is said in words; no table is printed empty.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli.h"
#include "svg.h"

struct doc {
	FILE       *f;
	int         html;
	int         tables; /* Tabel 3.n */
	const char *source;
};

static void
esc(struct doc *d, const char *s)
{
	for (; *s; s++) {
		if (d->html && *s == '<')
			fputs("&lt;", d->f);
		else if (d->html && *s == '>')
			fputs("&gt;", d->f);
		else if (d->html && *s == '&')
			fputs("&amp;", d->f);
		else if (!d->html && *s == '|')
			fputs("\\|", d->f);
		else
			fputc(*s, d->f);
	}
}

static void
heading(struct doc *d, int level, const char *text)
{
	if (d->html) {
		fprintf(d->f, "<h%d>", level);
		esc(d, text);
		fprintf(d->f, "</h%d>\n", level);
	} else {
		fprintf(d->f, "\n%.*s ", level, "######");
		esc(d, text);
		fputs("\n\n", d->f);
	}
}

static void
para(struct doc *d, const char *text)
{
	fputs(d->html ? "<p>" : "", d->f);
	esc(d, text);
	fputs(d->html ? "</p>\n" : "\n\n", d->f);
}

/* A numbered, titled table with its source, as the reports print them. */
static void
table(struct doc *d, const char *title, const struct table *t)
{
	char   caption[400];
	size_t r;
	int    c;

	snprintf(
	    caption, sizeof(caption), "Tabel 3.%d %s", ++d->tables, title);
	if (d->html) {
		fputs("<table>\n<caption>", d->f);
		esc(d, caption);
		fputs("</caption>\n<tr>", d->f);
		for (c = 0; c < t->ncols; c++) {
			fputs("<th>", d->f);
			esc(d, t->head[c]);
			fputs("</th>", d->f);
		}
		fputs("</tr>\n", d->f);
		for (r = 0; r < t->nrows; r++) {
			fputs("<tr>", d->f);
			for (c = 0; c < t->ncols; c++) {
				fputs(
				    t->right[c] ? "<td class=\"n\">" : "<td>",
				    d->f);
				esc(d, t->cells[r * (size_t) t->ncols +
				                (size_t) c]);
				fputs("</td>", d->f);
			}
			fputs("</tr>\n", d->f);
		}
		fputs("</table>\n<p class=\"src\">Sumber: ", d->f);
		esc(d, d->source);
		fputs("</p>\n", d->f);
		return;
	}
	fprintf(d->f, "**%s**\n\n|", caption);
	for (c = 0; c < t->ncols; c++) {
		fputc(' ', d->f);
		esc(d, t->head[c]);
		fputs(" |", d->f);
	}
	fputs("\n|", d->f);
	for (c = 0; c < t->ncols; c++)
		fputs(t->right[c] ? " ---: |" : " --- |", d->f);
	fputc('\n', d->f);
	for (r = 0; r < t->nrows; r++) {
		fputc('|', d->f);
		for (c = 0; c < t->ncols; c++) {
			fputc(' ', d->f);
			esc(d, t->cells[r * (size_t) t->ncols + (size_t) c]);
			fputs(" |", d->f);
		}
		fputc('\n', d->f);
	}
	fprintf(d->f, "\n*Sumber: %s*\n\n", d->source);
}

static void
missing(struct doc *d, const char *what, const struct cli *cli)
{
	char text[700];

	snprintf(text, sizeof(text), "%s belum tersedia di kinerjad (%s).",
	    what, cli->st.message);
	para(d, text);
}

/* ------------------------------------------------------------ sections */

static void
note(void *arg, const char *text)
{
	para(arg, text);
}

static void
capaian_section(struct doc *d, const Kinerja__GetCapaianReply *r)
{
	static const char *const head[] = { "No", "Sasaran Strategis",
		"Indikator Kinerja", "Satuan", "Target", "Realisasi",
		"Capaian (%)", "Predikat" };
	struct table             t;
	size_t                   i;
	char                     no[24], tv[48], rv[48], cv[48], text[300];

	heading(d, 3, "A. Capaian Kinerja Organisasi");
	if (r->n_indicators == 0) {
		para(d,
		    "Belum ada sasaran dengan indikator yang tercatat untuk "
		    "unit ini.");
		return;
	}
	table_init(&t, 8, head);
	t.right[4] = t.right[5] = t.right[6] = 1;
	for (i = 0; i < r->n_indicators; i++) {
		const Kinerja__CapaianRow *row = r->indicators[i];
		const char *cells[]            = { no, row->sasaran, row->name,
			           row->satuan, tv, rv, cv,
                        *row->predikat ? row->predikat : row->na_reason };

		snprintf(no, sizeof(no), "%zu", i + 1);
		fmt_value_or_dash(
		    row->opt_target_case != 0, row->target, 1, tv, sizeof(tv));
		fmt_value_or_dash(row->opt_realisasi_case != 0, row->realisasi,
		    1, rv, sizeof(rv));
		fmt_value_or_dash(row->opt_capaian_case != 0, row->capaian, 1,
		    cv, sizeof(cv));
		table_add(&t, cells);
	}
	snprintf(text, sizeof(text),
	    "Target dan Realisasi Indikator Kinerja "
	    "%s Tahun %d",
	    r->unit->name, r->year);
	table(d, text, &t);
	table_free(&t);
	fmt_value_or_dash(
	    r->opt_capaian_case != 0, r->capaian, 1, cv, sizeof(cv));
	snprintf(text, sizeof(text),
	    "Capaian kinerja %s tahun %d, rata-rata "
	    "capaian sasaran: %s%% (%s).",
	    r->unit->name, r->year, cv, *r->predikat ? r->predikat : "-");
	para(d, text);
	capaian_notes(r, note, d);
}

static void
trend_svg(struct doc *d, const Kinerja__GetTrendReply *r)
{
	size_t  n = r->n_points, i;
	int32_t x[32];
	double  v[32], t[32];
	int     hv[32], ht[32];
	char    title[300], sub[300];

	if (!d->html || n == 0 || n > 32)
		return;
	for (i = 0; i < n; i++) {
		x[i]  = r->points[i]->year;
		v[i]  = r->points[i]->realisasi;
		hv[i] = r->points[i]->opt_realisasi_case != 0;
		t[i]  = r->points[i]->target;
		ht[i] = r->points[i]->opt_target_case != 0;
	}
	{
		struct svg_series s[2] = { { "Realisasi", n, x, v, hv, 0 },
			{ "Target", n, x, t, ht, 1 } };

		snprintf(title, sizeof(title), "Tren %s", r->indicator->name);
		snprintf(sub, sizeof(sub), "%s, %d-%d", r->unit->name, x[0],
		    x[n - 1]);
		fputs("<figure>", d->f);
		svg_line_chart(
		    d->f, title, sub, "Tahun", r->indicator->satuan, s, 2);
		fputs("</figure>\n", d->f);
	}
}

static void
trend_table(struct doc *d, const Kinerja__GetTrendReply *r)
{
	static const char *const head[] = { "Tahun", "Target", "Realisasi",
		"Capaian (%)", "Perubahan", "Arah" };
	static const char *const dir[]  = { "-", "naik", "turun", "tetap" };
	struct table             t;
	size_t                   i;
	char y[16], tv[48], rv[48], cv[48], dv[48], title[300];
	int  converted = 0;

	table_init(&t, 6, head);
	t.right[1] = t.right[2] = t.right[3] = t.right[4] = 1;
	for (i = 0; i < r->n_points; i++) {
		const Kinerja__TrendPoint *p       = r->points[i];
		const char                *cells[] = { y, tv, rv, cv, dv,
			               dir[p->direction % 4] };

		snprintf(y, sizeof(y), "%d", p->year);
		fmt_value_or_dash(
		    p->opt_target_case != 0, p->target, 1, tv, sizeof(tv));
		fmt_value_or_dash(p->opt_realisasi_case != 0, p->realisasi, 1,
		    rv, sizeof(rv));
		fmt_value_or_dash(
		    p->opt_capaian_case != 0, p->capaian, 1, cv, sizeof(cv));
		fmt_value_or_dash(
		    p->opt_delta_case != 0, p->delta, 1, dv, sizeof(dv));
		if (p->converted) {
			snprintf(y, sizeof(y), "%d*", p->year);
			converted = 1;
		}
		table_add(&t, cells);
	}
	snprintf(title, sizeof(title),
	    "Realisasi dan Capaian %s dari Tahun ke "
	    "Tahun",
	    r->indicator->name);
	table(d, title, &t);
	table_free(&t);
	if (converted)
		para(d,
		    "* Target atau realisasi tahun ini hanya berupa predikat "
		    "AKIP; angkanya adalah batas bawah predikat tersebut.");
	trend_svg(d, r);
}

static void
trend_section(
    struct doc *d, struct cli *cli, const Kinerja__GetCapaianReply *c)
{
	Kinerja__GetTrendRequest req = KINERJA__GET_TREND_REQUEST__INIT;
	Kinerja__GetTrendReply  *r;
	size_t                   i;

	heading(d, 3, "B. Perbandingan dengan Tahun-tahun Sebelumnya");
	for (i = 0; i < c->n_indicators; i++) {
		req.unit      = c->unit->code;
		req.indicator = c->indicators[i]->indicator;
		req.from_year = c->year - 4;
		req.to_year   = c->year;
		if (kinerja_get_trend(cli->client, &req, &r, &cli->st) != 0) {
			missing(d, "Tren indikator", cli);
			continue;
		}
		if (r->n_points < 2)
			para(d,
			    "Data tahun sebelumnya untuk indikator ini belum "
			    "tersedia.");
		else
			trend_table(d, r);
		kinerja__get_trend_reply__free_unpacked(r, NULL);
	}
}

static void
progress_section(struct doc *d, struct cli *cli, const char *unit, int year)
{
	static const char *const    head[] = { "No", "Indikator", "Realisasi",
		   "Target Akhir Renstra", "Tahun Akhir",
		   "Tingkat Kemajuan (%)" };
	Kinerja__GetProgressRequest req = KINERJA__GET_PROGRESS_REQUEST__INIT;
	Kinerja__GetProgressReply  *r;
	struct table                t;
	size_t                      i, shown = 0;
	char                        no[24], rv[48], ev[48], ey[16], kv[48];

	heading(
	    d, 3, "C. Realisasi terhadap Target Jangka Menengah (Renstra)");
	req.unit = (char *) unit;
	req.year = year;
	if (kinerja_get_progress(cli->client, &req, &r, &cli->st) != 0) {
		missing(d, "Tingkat kemajuan", cli);
		return;
	}
	table_init(&t, 6, head);
	t.right[2] = t.right[3] = t.right[5] = 1;
	for (i = 0; i < r->n_rows; i++) {
		const Kinerja__ProgressRow *p = r->rows[i];
		const char *cells[] = { no, p->name, rv, ev, ey, kv };

		if (!p->opt_kemajuan_case)
			continue;
		snprintf(no, sizeof(no), "%zu", ++shown);
		fmt_value_or_dash(1, p->realisasi, 1, rv, sizeof(rv));
		fmt_value_or_dash(1, p->end_target, 1, ev, sizeof(ev));
		snprintf(ey, sizeof(ey), "%d", p->end_year);
		fmt_value_or_dash(1, p->kemajuan, 1, kv, sizeof(kv));
		table_add(&t, cells);
	}
	if (shown > 0)
		table(d, "Tingkat Kemajuan terhadap Target Akhir Renstra", &t);
	else
		para(d, "Target akhir Renstra atau realisasi tahun ini belum "
		        "tersedia, sehingga tingkat kemajuan belum dapat "
		        "dihitung.");
	table_free(&t);
	kinerja__get_progress_reply__free_unpacked(r, NULL);
}

static void
peers_svg(struct doc *d, const Kinerja__GetRankingReply *r)
{
	struct svg_bar bars[64];
	char           notes[64][32], title[300];
	size_t         i, n = r->n_rows < 64 ? r->n_rows : 64;

	if (!d->html)
		return;
	for (i = 0; i < n; i++) {
		snprintf(notes[i], sizeof(notes[i]),
		    r->rows[i]->rank ? "#%u" : "-", r->rows[i]->rank);
		bars[i] =
		    (struct svg_bar) { r->rows[i]->name, r->rows[i]->value,
			    r->rows[i]->opt_value_case != 0, notes[i] };
	}
	snprintf(title, sizeof(title), "Capaian %s %d", r->indicator->name,
	    r->year);
	fputs("<figure>", d->f);
	svg_bar_chart(
	    d->f, title, "Perbandingan antar unit", "Capaian (%)", bars, n);
	fputs("</figure>\n", d->f);
}

static void
peers_section(
    struct doc *d, struct cli *cli, const Kinerja__GetCapaianReply *c)
{
	static const char *const head[] = { "Peringkat", "Unit", "Capaian (%)",
		"Predikat", "Peringkat Tahun Lalu" };
	Kinerja__GetRankingRequest req  = KINERJA__GET_RANKING_REQUEST__INIT;
	Kinerja__GetRankingReply  *r;
	struct table               t;
	size_t                     i, k;
	char                       rank[16], value[48], prev[16], title[300];

	heading(d, 3, "D. Perbandingan dengan Unit Lain");
	if (*c->unit->parent == 0) {
		para(d, "Unit ini tidak berada di bawah wilayah mana pun, "
		        "sehingga tidak ada unit pembanding.");
		return;
	}
	for (i = 0; i < c->n_indicators; i++) {
		req.year      = c->year;
		req.indicator = c->indicators[i]->indicator;
		req.measure   = KINERJA__RANK_MEASURE__RANK_MEASURE_CAPAIAN;
		req.region    = c->unit->parent;
		if (kinerja_get_ranking(cli->client, &req, &r, &cli->st) !=
		    0) {
			missing(d, "Perbandingan antar unit", cli);
			continue;
		}
		table_init(&t, 5, head);
		t.right[0] = t.right[2] = t.right[4] = 1;
		for (k = 0; k < r->n_rows; k++) {
			const Kinerja__RankingRow *row = r->rows[k];
			const char *cells[] = { rank, row->name, value,
				*row->predikat ? row->predikat
				               : row->na_reason,
				prev };

			snprintf(rank, sizeof(rank), row->rank ? "%u" : "-",
			    row->rank);
			fmt_value_or_dash(row->opt_value_case != 0, row->value,
			    1, value, sizeof(value));
			snprintf(prev, sizeof(prev),
			    row->previous_rank ? "%u" : "-",
			    row->previous_rank);
			table_add(&t, cells);
		}
		snprintf(title, sizeof(title),
		    "Perbandingan Capaian %s dengan "
		    "Unit Lain di Wilayah %s",
		    r->indicator->name, c->unit->parent);
		table(d, title, &t);
		table_free(&t);
		peers_svg(d, r);
		kinerja__get_ranking_reply__free_unpacked(r, NULL);
	}
}

static void
efficiency_section(struct doc *d, struct cli *cli, const char *unit, int year)
{
	static const char *const head[] = { "Sasaran", "Capaian Kinerja (%)",
		"Penyerapan Anggaran (%)", "Tingkat Efisiensi", "Anggaran" };
	Kinerja__GetEfficiencyRequest req =
	    KINERJA__GET_EFFICIENCY_REQUEST__INIT;
	Kinerja__GetEfficiencyReply *r;
	struct table                 t;
	size_t                       i, shown = 0;
	char                         c[48], s[48], e[48];

	heading(d, 3, "E. Efisiensi Penggunaan Sumber Daya");
	req.unit = (char *) unit;
	req.year = year;
	if (kinerja_get_efficiency(cli->client, &req, &r, &cli->st) != 0) {
		missing(d, "Analisis efisiensi", cli);
		return;
	}
	table_init(&t, 5, head);
	t.right[1] = t.right[2] = t.right[3] = 1;
	for (i = 0; i < r->n_rows; i++) {
		const Kinerja__EfficiencyRow *row = r->rows[i];
		/* Whose serapan it is must be said: the whole unit's budget is
		 * not the sasaran's own (README, efficiency). */
		const char *cells[] = { row->sasaran, c, s, e,
			row->whole_budget ? "seluruh anggaran unit"
			                  : "program sasaran ini" };

		if (!row->opt_efisiensi_case)
			continue;
		shown++;
		fmt_value_or_dash(1, row->capaian, 1, c, sizeof(c));
		fmt_value_or_dash(1, row->budget->serapan, 1, s, sizeof(s));
		fmt_value_or_dash(1, row->efisiensi, 1, e, sizeof(e));
		table_add(&t, cells);
	}
	if (shown > 0)
		table(d, "Analisis Efisiensi (capaian dikurangi serapan)", &t);
	else
		para(d, "Anggaran dengan pagu dan realisasi belum tercatat, "
		        "sehingga efisiensi belum dapat dihitung.");
	table_free(&t);
	kinerja__get_efficiency_reply__free_unpacked(r, NULL);
}

static void
amount_cells(const Kinerja__Absorption *a, char *p, char *r, char *s)
{
	if (a->opt_pagu_case)
		fmt_money(a->pagu_sen, 1, p, 48);
	else
		snprintf(p, 48, "-");
	if (a->opt_realisasi_case)
		fmt_money(a->realisasi_sen, 1, r, 48);
	else
		snprintf(r, 48, "-");
	fmt_value_or_dash(a->opt_serapan_case != 0, a->serapan, 1, s, 48);
}

static void
budget_section(struct doc *d, struct cli *cli, const char *unit, int year)
{
	static const char *const  head[] = { "Kode", "Uraian", "Pagu (Rp)",
		 "Realisasi (Rp)", "Serapan (%)" };
	Kinerja__GetBudgetRequest req    = KINERJA__GET_BUDGET_REQUEST__INIT;
	Kinerja__GetBudgetReply  *r;
	struct table              t;
	size_t                    i;
	char                      p[48], rv[48], s[48], text[300];

	heading(d, 3, "F. Realisasi Anggaran");
	req.unit = (char *) unit;
	req.year = year;
	if (kinerja_get_budget(cli->client, &req, &r, &cli->st) != 0) {
		missing(d, "Data anggaran", cli);
		return;
	}
	if (r->n_lines == 0 && r->n_belanja == 0) {
		para(d, "Data anggaran tahun ini belum tercatat di kinerjad.");
		kinerja__get_budget_reply__free_unpacked(r, NULL);
		return;
	}
	table_init(&t, 5, head);
	t.right[2] = t.right[3] = t.right[4] = 1;
	for (i = 0; i < r->n_lines; i++) {
		const char *cells[] = { r->lines[i]->code, r->lines[i]->name,
			p, rv, s };

		if (r->lines[i]->depth > 0)
			continue;
		amount_cells(r->lines[i]->amount, p, rv, s);
		table_add(&t, cells);
	}
	if (t.nrows > 0) {
		const char *cells[] = { "", "Jumlah", p, rv, s };

		amount_cells(r->total, p, rv, s);
		table_add(&t, cells);
		table(d, "Realisasi Anggaran per Program", &t);
	}
	table_free(&t);
	if (r->opt_program_mean_case) {
		fmt_value_or_dash(1, r->program_mean, 1, s, sizeof(s));
		snprintf(text, sizeof(text),
		    "Rata-rata serapan program (tidak "
		    "tertimbang): %s%%; serapan di atas "
		    "adalah tertimbang (jumlah realisasi "
		    "dibagi jumlah pagu).",
		    s);
		para(d, text);
	}
	if (r->n_belanja > 0) {
		table_init(&t, 5, head);
		t.right[2] = t.right[3] = t.right[4] = 1;
		for (i = 0; i < r->n_belanja; i++) {
			const char *cells[] = { "", r->belanja[i]->name, p, rv,
				s };

			amount_cells(r->belanja[i]->amount, p, rv, s);
			table_add(&t, cells);
		}
		table(d, "Realisasi Anggaran per Jenis Belanja", &t);
		table_free(&t);
	}
	for (i = 0; i < r->n_findings; i++) {
		snprintf(text, sizeof(text), "Catatan: %s.",
		    r->findings[i]->message);
		para(d, text);
	}
	kinerja__get_budget_reply__free_unpacked(r, NULL);
}

static const char style[] =
    "<style>body{font-family:sans-serif;max-width:60em;margin:2em auto;"
    "color:#222}table{border-collapse:collapse;margin:1em 0;width:100%}"
    "caption{font-weight:bold;text-align:left;padding:.3em 0}"
    "th,td{border:1px solid #999;padding:.25em .5em;font-size:.9em}"
    "th{background:#eee}td.n{text-align:right}p.src{font-size:.8em;"
    "color:#555;margin-top:-.6em}figure{margin:1em 0}"
    "@media print{body{margin:0;max-width:none}table,figure{"
    "page-break-inside:avoid}}</style>\n";

static void
begin(struct doc *d, const Kinerja__GetCapaianReply *c)
{
	char title[300];

	snprintf(title, sizeof(title), "Laporan Kinerja %s Tahun %d",
	    c->unit->name, c->year);
	if (d->html) {
		fputs("<!DOCTYPE html>\n<html lang=\"id\"><head>"
		      "<meta charset=\"utf-8\"><title>",
		    d->f);
		esc(d, title);
		fprintf(d->f, "</title>\n%s</head><body>\n", style);
	}
	heading(d, 1, title);
	heading(d, 2, "BAB III AKUNTABILITAS KINERJA");
	snprintf(title, sizeof(title), "Status data tahun %d: %s.", c->year,
	    c->approval != NULL ? c->approval->label : "draft");
	para(d, title);
	para(d, "Angka-angka dalam bab ini dihitung oleh kinerjad dari "
	        "target, realisasi dan anggaran yang tercatat: capaian = "
	        "realisasi / target x 100 (untuk indikator yang makin kecil "
	        "makin baik: (2 x target - realisasi) / target x 100), "
	        "dibulatkan sekali ke 2 desimal.");
}

int
run_report(struct cli *cli, const struct command *cmd, int argc, char **argv)
{
	struct unit_year           a   = { NULL, 0, 0, 0 };
	Kinerja__GetCapaianRequest req = KINERJA__GET_CAPAIAN_REQUEST__INIT;
	Kinerja__GetCapaianReply  *c;
	struct doc                 d = { stdout, cli->format == OUT_HTML, 0,
		                "kinerjad (Perjanjian Kinerja, realisasi, Renstra dan "
		                                "anggaran yang tercatat)" };

	if (cli_unit_year_args(cmd, argc, argv, &a, 0) != EXIT_OK)
		return EXIT_USAGE;
	if (cli->format != OUT_MD && cli->format != OUT_HTML) {
		return cli_usage(cmd);
	}
	if (cli_connect(cli) != EXIT_OK)
		return EXIT_FAIL;
	req.unit = (char *) a.unit;
	req.year = a.year;
	if (kinerja_get_capaian(cli->client, &req, &c, &cli->st) != 0)
		return cli_fail(cli, "report");
	begin(&d, c);
	capaian_section(&d, c);
	trend_section(&d, cli, c);
	progress_section(&d, cli, a.unit, a.year);
	peers_section(&d, cli, c);
	efficiency_section(&d, cli, a.unit, a.year);
	budget_section(&d, cli, a.unit, a.year);
	if (d.html)
		fputs("</body></html>\n", d.f);
	kinerja__get_capaian_reply__free_unpacked(c, NULL);
	return EXIT_OK;
}
