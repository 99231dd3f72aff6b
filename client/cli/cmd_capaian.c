/*
 * cmd_capaian.c - `kinerja capaian`: the Tabel 3.1 of a Laporan Kinerja
 * (target, realisasi, capaian and predikat per indicator), the mean per
 * sasaran and the unit's overall capaian, all computed by kinerjad; for a
 * region with no rows of its own, its roll-up (cmd_rollup.c).
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "kcore.h"

/* "BB (71,38)" for an AKIP value, "90,07" for a number; "-" if none. */
static void
value_text(int has, double v, const char *predikat, int converted, int comma,
    char *buf, size_t len)
{
	char num[48];

	if (!has) {
		snprintf(buf, len, "-");
		return;
	}
	fmt_value(v, comma, num, sizeof(num));
	if (converted)
		snprintf(buf, len, "%s* (%s)", predikat, num);
	else if (*predikat)
		snprintf(buf, len, "%s (%s)", predikat, num);
	else
		snprintf(buf, len, "%s", num);
}

static void
capaian_text(int has, double v, int comma, char *buf, size_t len)
{
	if (has)
		fmt_value(v, comma, buf, len);
	else
		snprintf(buf, len, "-");
}

/* The indicator table; in CSV the only table. */
static void
print_indicators(const Kinerja__GetCapaianReply *r, enum out_format f)
{
	const char  *head[] = { "No", "Sasaran", "Indikator", "Satuan",
		 "Target", "Realisasi", "Capaian (%)", "Predikat" };
	struct table t;
	size_t                   i;
	int                      comma = f == OUT_TABLE;
	char                     no[24], tv[64], rv[64], cv[32];

	/* Against the Renstra the column says so; PK stays "Target" as
	 * the reports' Tabel 3.1 heads it. */
	if (r->against == KINERJA__AGAINST__AGAINST_RENSTRA)
		head[4] = "Target Renstra";
	table_init(&t, 8, head);
	t.right[0] = t.right[4] = t.right[5] = t.right[6] = 1;
	for (i = 0; i < r->n_indicators; i++) {
		const Kinerja__CapaianRow *row = r->indicators[i];
		const char *cells[] = { no, row->sasaran, row->indicator,
			row->satuan, tv, rv, cv,
			*row->predikat ? row->predikat : row->na_reason };

		snprintf(no, sizeof(no), "%zu", i + 1);
		value_text(row->opt_target_case != 0, row->target,
		    row->target_predikat, row->target_converted, comma, tv,
		    sizeof(tv));
		value_text(row->opt_realisasi_case != 0, row->realisasi,
		    row->realisasi_predikat, row->realisasi_converted, comma,
		    rv, sizeof(rv));
		if (row->realisasi_derived && f == OUT_TABLE)
			strncat(rv, "\u2020", sizeof(rv) - strlen(rv) - 1);
		capaian_text(row->opt_capaian_case != 0, row->capaian, comma,
		    cv, sizeof(cv));
		table_add(&t, cells);
	}
	table_print(&t, f, stdout);
	table_free(&t);
}

static const char *
source_text(const char *derived_from)
{
	return strcmp(derived_from, "akip") == 0 ? "komponen evaluasi AKIP"
	                                         : "hasil SKM";
}

/* What a reader must know beside the numbers: derived realisasi, findings
 * where an evaluation differs from the stated figure, indicators without
 * a capaian that the sasaran's mean leaves out. Shared with the report. */
void
capaian_notes(const Kinerja__GetCapaianReply *r,
    void (*line)(void *arg, const char *text), void *arg)
{
	char   text[1024];
	size_t i;

	for (i = 0; i < r->n_indicators; i++) {
		const Kinerja__CapaianRow *row = r->indicators[i];

		if (row->realisasi_derived) {
			snprintf(text, sizeof(text),
			    "\u2020 %s: realisasi diturunkan dari %s, tidak "
			    "dinyatakan tersendiri.",
			    row->indicator, source_text(row->derived_from));
			line(arg, text);
		}
		if (!*row->finding)
			continue;
		snprintf(text, sizeof(text),
		    "Temuan %s: %s; yang dipakai adalah angka yang "
		    "dinyatakan.",
		    row->indicator, row->finding);
		line(arg, text);
	}
	for (i = 0; i < r->n_sasaran; i++) {
		if (r->sasaran[i]->indicators_na == 0)
			continue;
		snprintf(text, sizeof(text),
		    "Sasaran \"%s\": %u indikator tanpa capaian, tidak "
		    "dihitung dalam rata-rata.",
		    r->sasaran[i]->sasaran, r->sasaran[i]->indicators_na);
		line(arg, text);
	}
}

static void
print_line(void *arg, const char *text)
{
	fprintf(arg, "%s\n", text);
}

/* The benchmarks beside the realisasi: the standard and its source. */
static void
benchmark_notes(const Kinerja__GetCapaianReply *r)
{
	char   v[48], rv[48];
	size_t i;

	for (i = 0; i < r->n_indicators; i++) {
		const Kinerja__CapaianRow *row = r->indicators[i];

		if (!row->opt_benchmark_case)
			continue;
		fmt_value(row->benchmark, 1, v, sizeof(v));
		fmt_value_or_dash(row->opt_realisasi_case != 0, row->realisasi,
		    1, rv, sizeof(rv));
		printf("Pembanding %s %d: %s (sumber: %s), realisasi %s\n",
		    row->indicator, r->year, v, row->benchmark_source, rv);
	}
}

static void
print_table(const Kinerja__GetCapaianReply *r, int rule)
{
	static const char *const head[]  = { "Sasaran", "Capaian (%)",
		 "Predikat" };
	static const char *const rules[] = { "lower bound", "upper bound",
		"midpoint" };
	struct table             t;
	size_t                   i;
	int                      converted = 0;
	char                     cv[32];

	printf("Capaian kinerja %s (%s), %d, terhadap target %s\n\n",
	    r->unit->name, r->unit->code, r->year,
	    r->against == KINERJA__AGAINST__AGAINST_RENSTRA
	        ? "Renstra"
	        : "Perjanjian Kinerja (PK)");
	if (r->n_indicators == 0 && r->rollup != NULL) {
		rollup_print(r, OUT_TABLE);
		return;
	}
	if (r->n_indicators == 0) {
		printf("No sasaran with indicators is recorded for this "
		       "unit.\n");
		return;
	}
	print_indicators(r, OUT_TABLE);
	table_init(&t, 3, head);
	t.right[1] = 1;
	for (i = 0; i < r->n_sasaran; i++) {
		const char *cells[] = { r->sasaran[i]->sasaran, cv,
			r->sasaran[i]->predikat };

		capaian_text(r->sasaran[i]->opt_capaian_case != 0,
		    r->sasaran[i]->capaian, 1, cv, sizeof(cv));
		table_add(&t, cells);
	}
	printf("\n");
	table_print(&t, OUT_TABLE, stdout);
	table_free(&t);
	capaian_text(r->opt_capaian_case != 0, r->capaian, 1, cv, sizeof(cv));
	printf("\nCapaian kinerja %s: %s%s%s%s\n", r->unit->code, cv,
	    *r->predikat ? " (" : "", r->predikat, *r->predikat ? ")" : "");
	printf("Status data %d: %s\n", r->year,
	    r->approval != NULL ? r->approval->label : "draft");
	for (i = 0; i < r->n_indicators; i++)
		converted |= r->indicators[i]->target_converted ||
		             r->indicators[i]->realisasi_converted;
	if (converted)
		printf("* given as a predikat only; counted as the %s of its "
		       "band\n",
		    rules[rule]);
	capaian_notes(r, print_line, stdout);
	benchmark_notes(r);
	if (r->rollup != NULL) {
		printf("\n");
		rollup_print(r, OUT_TABLE);
	}
}

/* ----------------------------------------------------------- triwulan */

/* The quarterly rule in force, as officials say it. */
static const char *
rule_text(Kinerja__QuarterlyRule q)
{
	switch (q) {
	case KINERJA__QUARTERLY_RULE__QUARTERLY_RULE_SUM:
		return "kumulatif";
	case KINERJA__QUARTERLY_RULE__QUARTERLY_RULE_YEARLY:
		return "tahunan saja";
	default:
		return "nilai terakhir";
	}
}

/* The quarter's own figure of a count (sum rule), else "-". */
static void
in_quarter_text(
    const Kinerja__CapaianRow *row, int comma, char *buf, size_t len)
{
	if (row->opt_in_quarter_case)
		fmt_value(row->in_quarter, comma, buf, len);
	else
		snprintf(buf, len, "-");
}

/* "88,60 (TW II)" when the latest value came from an earlier triwulan. */
static void
realisasi_tw_text(
    const Kinerja__CapaianRow *row, int comma, char *buf, size_t len)
{
	char num[48];

	if (!row->opt_realisasi_case) {
		snprintf(buf, len, "-");
		return;
	}
	fmt_value(row->realisasi, comma, num, sizeof(num));
	if (row->realisasi_triwulan &&
	    row->realisasi_triwulan != row->triwulan)
		snprintf(buf, len, "%s (TW %s)", num,
		    kc_triwulan_roman(row->realisasi_triwulan));
	else
		snprintf(buf, len, "%s", num);
}

/* Per indicator: the triwulan's target, the realisasi to date, the
 * capaian against it and against the yearly target. */
static void
print_quarter_rows(const Kinerja__GetCapaianReply *r, enum out_format f)
{
	char         h_t[40], h_r[40];
	const char  *head[] = { "No", "Indikator", "Satuan", "Sifat", h_t, h_r,
		 "Dalam triwulan", "Capaian thd target TW (%)",
		 "Target tahunan", "Capaian thd target tahunan (%)",
		 "Predikat (TW)" };
	const char  *tw     = kc_triwulan_roman(r->triwulan);
	int          comma  = f == OUT_TABLE;
	struct table t;
	size_t       i;
	char         no[24], tv[48], rv[64], qv[48], cv[96], yv[48], ycv[96];

	snprintf(h_t, sizeof(h_t), "Target TW %s", tw);
	snprintf(h_r, sizeof(h_r), "Realisasi s.d. TW %s", tw);
	table_init(&t, 11, head);
	t.right[0] = t.right[4] = t.right[5] = t.right[6] = t.right[7] = 1;
	t.right[8] = t.right[9] = 1;
	for (i = 0; i < r->n_indicators; i++) {
		const Kinerja__CapaianRow *row = r->indicators[i];
		const char *cells[] = { no, row->indicator, row->satuan,
			rule_text(row->quarterly), tv, rv, qv, cv, yv, ycv,
			row->predikat };

		snprintf(no, sizeof(no), "%zu", i + 1);
		fmt_value_or_dash(row->opt_target_case != 0, row->target,
		    comma, tv, sizeof(tv));
		realisasi_tw_text(row, comma, rv, sizeof(rv));
		in_quarter_text(row, comma, qv, sizeof(qv));
		if (row->opt_capaian_case)
			fmt_value(row->capaian, comma, cv, sizeof(cv));
		else
			snprintf(cv, sizeof(cv), "- (%s)", row->na_reason);
		fmt_value_or_dash(row->opt_year_target_case != 0,
		    row->year_target, comma, yv, sizeof(yv));
		if (row->opt_year_capaian_case)
			fmt_value(row->year_capaian, comma, ycv, sizeof(ycv));
		else
			snprintf(
			    ycv, sizeof(ycv), "- (%s)",
			    row->year_na_reason);
		table_add(&t, cells);
	}
	table_print(&t, f, stdout);
	table_free(&t);
}

static void
print_quarter_table(const Kinerja__GetCapaianReply *r)
{
	static const char *const head[] = { "Sasaran",
		"Capaian thd target TW (%)",
		"Capaian thd target tahunan (%)" };
	struct table             t;
	size_t                   i;
	char                     cv[32], yv[32];

	printf("Capaian kinerja %s (%s), %d, triwulan %s (realisasi s.d. "
	       "triwulan)\n\n",
	    r->unit->name, r->unit->code, r->year,
	    kc_triwulan_roman(r->triwulan));
	if (r->n_indicators == 0) {
		printf("No sasaran with indicators is recorded for this "
		       "unit.\n");
		return;
	}
	print_quarter_rows(r, OUT_TABLE);
	table_init(&t, 3, head);
	t.right[1] = t.right[2] = 1;
	for (i = 0; i < r->n_sasaran; i++) {
		const Kinerja__SasaranCapaian *s = r->sasaran[i];
		const char *cells[]              = { s->sasaran, cv, yv };

		capaian_text(
		    s->opt_capaian_case != 0, s->capaian, 1, cv, sizeof(cv));
		capaian_text(s->opt_year_capaian_case != 0, s->year_capaian, 1,
		    yv, sizeof(yv));
		table_add(&t, cells);
	}
	printf("\n");
	table_print(&t, OUT_TABLE, stdout);
	table_free(&t);
	capaian_text(r->opt_capaian_case != 0, r->capaian, 1, cv, sizeof(cv));
	capaian_text(
	    r->opt_year_capaian_case != 0, r->year_capaian, 1, yv, sizeof(yv));
	printf("\nCapaian kinerja %s triwulan %s: %s thd target TW, %s thd "
	       "target tahunan\n",
	    r->unit->code, kc_triwulan_roman(r->triwulan), cv, yv);
}

static void
capaian_view(const void *reply, enum out_format f, const struct unit_year *a)
{
	const Kinerja__GetCapaianReply *r = reply;

	if (f == OUT_CSV && r->n_indicators == 0 && r->rollup != NULL)
		rollup_print(r, OUT_CSV);
	else if (r->triwulan && f == OUT_CSV)
		print_quarter_rows(r, OUT_CSV);
	else if (r->triwulan)
		print_quarter_table(r);
	else if (f == OUT_CSV)
		print_indicators(reply, OUT_CSV);
	else
		print_table(reply, a->rule);
}

int
run_capaian(struct cli *cli, const struct command *cmd, int argc, char **argv)
{
	static const struct view v = { "GetCapaian",
		&kinerja__get_capaian_request__descriptor,
		&kinerja__get_capaian_reply__descriptor, capaian_view,
		1 | VIEW_TRIWULAN, 1 };

	return cli_view(cli, cmd, argc, argv, &v);
}
