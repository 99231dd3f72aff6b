/*
 * cmd_budget.c - `kinerja budget`, `efficiency`, `survey` and `akip`: the
 * budget realisation tables, efisiensi per sasaran, the IKM survey and
 * the AKIP evaluation of a unit for a year, as kinerjad computes them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static void
money_text(int has, int64_t sen, int table, char *buf, size_t len)
{
	if (has)
		fmt_money(sen, table, buf, len);
	else
		snprintf(buf, len, "-");
}

/* ------------------------------------------------------------- budget */

void
absorption_text(const Kinerja__Absorption *a, int table,
    char pagu[CLI_AMOUNT_LEN], char real[CLI_AMOUNT_LEN],
    char ser[CLI_AMOUNT_LEN])
{
	const Kinerja__Absorption none = KINERJA__ABSORPTION__INIT;

	if (a == NULL)
		a = &none;
	money_text(
	    a->opt_pagu_case != 0, a->pagu_sen, table, pagu, CLI_AMOUNT_LEN);
	money_text(a->opt_realisasi_case != 0, a->realisasi_sen, table, real,
	    CLI_AMOUNT_LEN);
	fmt_value_or_dash(
	    a->opt_serapan_case != 0, a->serapan, table, ser, CLI_AMOUNT_LEN);
}

/* Adds a row of amounts; `label` is indented by depth in tables. */
static void
amount_row(struct table *t, const char *code, const char *label,
    unsigned depth, const Kinerja__Absorption *a, int table)
{
	char name[600], pagu[CLI_AMOUNT_LEN], real[CLI_AMOUNT_LEN],
	    ser[CLI_AMOUNT_LEN];
	const char *cells[] = { code, name, pagu, real, ser };

	snprintf(name, sizeof(name), "%*s%s", table ? (int) depth * 2 : 0, "",
	    label);
	absorption_text(a, table, pagu, real, ser);
	table_add(t, cells);
}

static void
budget_table(const Kinerja__GetBudgetReply *r, enum out_format f)
{
	static const char *const head[] = { "Kode", "Uraian", "Pagu (Rp)",
		"Realisasi (Rp)", "Serapan (%)" };
	struct table             t;
	size_t                   i;
	int                      table = f == OUT_TABLE;
	char                     mean[32];

	table_init(&t, 5, head);
	t.right[2] = t.right[3] = t.right[4] = 1;
	t.maxw[1]                            = 64;
	for (i = 0; i < r->n_lines; i++)
		amount_row(&t, r->lines[i]->code, r->lines[i]->name,
		    r->lines[i]->depth, r->lines[i]->amount, table);
	if (r->n_lines > 0)
		amount_row(&t, "", "Jumlah (program)", 0, r->total, table);
	if (r->stated_total)
		amount_row(&t, "TOTAL", "Jumlah tercantum", 0, r->stated_total,
		    table);
	if (table)
		printf(
		    "Realisasi anggaran %s, %d\n\n", r->unit->name, r->year);
	table_print(&t, f, stdout);
	table_free(&t);
	if (!table)
		return;
	if (r->opt_program_mean_case) {
		fmt_value(r->program_mean, 1, mean, sizeof(mean));
		printf(
		    "\nRata-rata serapan program (tidak tertimbang): %s %%\n",
		    mean);
	}
}

static void
belanja_table(const Kinerja__GetBudgetReply *r)
{
	static const char *const head[] = { "", "Jenis belanja", "Pagu (Rp)",
		"Realisasi (Rp)", "Serapan (%)" };
	struct table             t;
	size_t                   i;

	if (r->n_belanja == 0)
		return;
	table_init(&t, 5, head);
	t.right[2] = t.right[3] = t.right[4] = 1;
	for (i = 0; i < r->n_belanja; i++)
		amount_row(&t, "", r->belanja[i]->name, r->belanja[i]->depth,
		    r->belanja[i]->amount, 1);
	if (r->belanja_total)
		amount_row(&t, "", "Jumlah belanja", 0, r->belanja_total, 1);
	printf("\n");
	table_print(&t, OUT_TABLE, stdout);
	table_free(&t);
}

static void
budget_view(const void *reply, enum out_format f, const struct unit_year *a)
{
	(void) a;
	const Kinerja__GetBudgetReply *r = reply;
	size_t                         i;

	budget_table(r, f);
	if (f != OUT_TABLE)
		return;
	belanja_table(r);
	if (r->n_findings > 0)
		printf(
		    "\nTemuan (jumlah tercantum berbeda dari rinciannya):\n");
	for (i = 0; i < r->n_findings; i++)
		printf("- %s\n", r->findings[i]->message);
}

int
run_budget(struct cli *cli, const struct command *cmd, int argc, char **argv)
{
	static const struct view v = { "GetBudget",
		&kinerja__get_budget_request__descriptor,
		&kinerja__get_budget_reply__descriptor, budget_view };

	return cli_view(cli, cmd, argc, argv, &v);
}

/* --------------------------------------------------------- efficiency */

static void
efficiency_table(
    const void *reply, enum out_format f, const struct unit_year *a)
{
	(void) a;
	const Kinerja__GetEfficiencyReply *r      = reply;
	static const char *const           head[] = { "Sasaran", "Capaian (%)",
		          "Serapan (%)", "Efisiensi", "Serapan/capaian (%)",
		          "Anggaran" };
	struct table                       t;
	size_t                             i;
	int                                table = f == OUT_TABLE;
	char                               c[32], s[32], e[32], q[32];

	table_init(&t, 6, head);
	t.right[1] = t.right[2] = t.right[3] = t.right[4] = 1;
	for (i = 0; i < r->n_rows; i++) {
		const Kinerja__EfficiencyRow *row = r->rows[i];
		const char *cells[]               = { row->sasaran, c, s, e, q,
                        *row->na_reason     ? row->na_reason
			              : row->whole_budget ? "seluruh anggaran unit"
			                                  : "program sasaran ini" };

		fmt_value_or_dash(row->opt_capaian_case != 0, row->capaian,
		    table, c, sizeof(c));
		fmt_value_or_dash(row->budget->opt_serapan_case != 0,
		    row->budget->serapan, table, s, sizeof(s));
		fmt_value_or_dash(row->opt_efisiensi_case != 0, row->efisiensi,
		    table, e, sizeof(e));
		fmt_value_or_dash(
		    row->opt_ratio_case != 0, row->ratio, table, q, sizeof(q));
		table_add(&t, cells);
	}
	if (table)
		printf("Tingkat efisiensi %s, %d (capaian kinerja dikurangi "
		       "serapan anggaran)\n\n",
		    r->unit->name, r->year);
	table_print(&t, f, stdout);
	table_free(&t);
}

int
run_efficiency(
    struct cli *cli, const struct command *cmd, int argc, char **argv)
{
	static const struct view v = { "GetEfficiency",
		&kinerja__get_efficiency_request__descriptor,
		&kinerja__get_efficiency_reply__descriptor, efficiency_table };

	return cli_view(cli, cmd, argc, argv, &v);
}

/* ------------------------------------------- survey and AKIP: realisasi */

/* The realisasi an evaluation's figure stands beside (stated vs derived,
 * README): its value, where it came from, and the finding if they differ. */
static void
recorded_text(const char *indicator, int has, double v, int derived,
    double figure, const char *finding)
{
	char rv[32];

	(void) figure; /* the finding states it, as kinerjad words it */
	if (!has) {
		printf("Realisasi %s: belum tercatat\n", indicator);
		return;
	}
	fmt_value(v, 1, rv, sizeof(rv));
	printf("Realisasi %s tercatat %s (%s)\n", indicator, rv,
	    derived ? "diturunkan dari angka di atas" : "dinyatakan");
	if (!*finding)
		return;
	printf("Temuan: %s; yang dipakai adalah angka yang dinyatakan\n",
	    finding);
}

/* ------------------------------------------------------------- survey */

/* "120 responden", "120 responden (dinyatakan): nilai rata-rata per
 * unsur", or, when means came without a count, that it is not known. */
static const char *
respondents_text(const Kinerja__GetSurveyReply *r, char *buf, size_t len)
{
	if (r->respondents_unknown)
		snprintf(buf, len, "jumlah responden tidak diketahui: nilai "
		                   "rata-rata per unsur");
	else if (r->respondents_stated)
		snprintf(buf, len, "%u responden: nilai rata-rata per unsur",
		    r->respondents);
	else
		snprintf(buf, len, "%u responden", r->respondents);
	return buf;
}

static void
survey_table(const void *reply, enum out_format f, const struct unit_year *a)
{
	(void) a;
	const Kinerja__GetSurveyReply *r      = reply;
	static const char *const       head[] = { "No", "Unsur", "NRR",
		      "NRR tertimbang" };
	struct table                   t;
	size_t                         i;
	int                            table = f == OUT_TABLE;
	char                           no[16], nrr[32], w[32], who[96];

	table_init(&t, 4, head);
	t.right[0] = t.right[2] = t.right[3] = 1;
	for (i = 0; i < r->n_unsur; i++) {
		const char *cells[] = { no, r->unsur[i]->name, nrr, w };

		snprintf(no, sizeof(no), "U%u", r->unsur[i]->unsur);
		fmt_value(r->unsur[i]->nrr, table, nrr, sizeof(nrr));
		fmt_value(r->unsur[i]->nrr_tertimbang, table, w, sizeof(w));
		table_add(&t, cells);
	}
	if (table)
		printf("Survei Kepuasan Masyarakat %s, %d (%s)\n\n",
		    r->unit->name, r->year,
		    respondents_text(r, who, sizeof(who)));
	table_print(&t, f, stdout);
	table_free(&t);
	if (!table)
		return;
	fmt_value(r->nrr_tertimbang, 1, w, sizeof(w));
	fmt_value(r->ikm, 1, nrr, sizeof(nrr));
	printf("\nNRR tertimbang %s; IKM %s, mutu %s (%s)\n", w, nrr, r->mutu,
	    r->mutu_label);
	recorded_text(r->indicator, r->opt_realisasi_case != 0, r->realisasi,
	    r->realisasi_derived, r->ikm, r->finding);
	printf(
	    "Unsur terendah U%u, tertinggi U%u\n", r->weakest, r->strongest);
	for (i = 0; i < r->n_profile; i++) {
		fmt_value(r->profile[i]->percent, 1, w, sizeof(w));
		printf("%s %s: %u (%s %%)\n", r->profile[i]->field,
		    r->profile[i]->value, r->profile[i]->count, w);
	}
}

int
run_survey(struct cli *cli, const struct command *cmd, int argc, char **argv)
{
	static const struct view v = { "GetSurvey",
		&kinerja__get_survey_request__descriptor,
		&kinerja__get_survey_reply__descriptor, survey_table };

	return cli_view(cli, cmd, argc, argv, &v);
}

/* --------------------------------------------------------------- AKIP */

void
akip_table(const void *reply, enum out_format f, const struct unit_year *a)
{
	(void) a;
	const Kinerja__GetAkipEvaluationReply *r = reply;
	static const char *const head[] = { "Komponen", "Bobot", "Target",
		"Nilai", "Capaian (%)", "Nilai/bobot (%)" };
	struct table             t;
	size_t                   i;
	int                      table = f == OUT_TABLE;
	char                     w[32], tg[32], s[32], c[32], p[32];

	table_init(&t, 6, head);
	t.right[1] = t.right[2] = t.right[3] = t.right[4] = t.right[5] = 1;
	for (i = 0; i < r->n_components; i++) {
		const Kinerja__AkipComponentResult *k = r->components[i];
		const char *cells[] = { k->name, w, tg, s, c, p };

		fmt_value(k->weight, table, w, sizeof(w));
		fmt_value_or_dash(
		    k->opt_target_case != 0, k->target, table, tg, sizeof(tg));
		fmt_value(k->score, table, s, sizeof(s));
		fmt_value_or_dash(
		    k->opt_capaian_case != 0, k->capaian, table, c, sizeof(c));
		fmt_value(k->percent_of_weight, table, p, sizeof(p));
		table_add(&t, cells);
	}
	if (table)
		printf("Evaluasi AKIP %s, %d\n\n", r->unit->name, r->year);
	table_print(&t, f, stdout);
	table_free(&t);
	if (!table)
		return;
	fmt_value(r->total, 1, s, sizeof(s));
	printf("\nJumlah nilai komponen AKIP %s, predikat %s (%s)\n", s,
	    r->predikat, r->predikat_label);
	recorded_text(r->indicator, r->opt_realisasi_case != 0, r->realisasi,
	    r->realisasi_derived, r->total, r->finding);
	if (r->opt_target_total_case && r->opt_capaian_case) {
		fmt_value(r->target_total, 1, tg, sizeof(tg));
		fmt_value(r->capaian, 1, c, sizeof(c));
		printf("Target %s, capaian %s %%\n", tg, c);
	}
}

