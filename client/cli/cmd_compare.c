/*
 * cmd_compare.c - `kinerja compare`: one indicator for several units over
 * several years (target, realisasi, capaian, predikat) and each unit's
 * gap to the first in percentage points, as the reports' peer tables
 * (Sei Balai Tabel 3.12, Medang Deras Tabel 3.8 and 3.14). One
 * GetComparison call gives the whole matrix; kinerjad computes it all.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

struct compare_args {
	struct unit_year uy; /* --predikat-rule, --against */
	const char      *indicator, *region;
	char            *units; /* comma-separated copy, split in place */
	int32_t          from, to;
};

static int
set_arg(void *arg, int c, const char *v)
{
	struct compare_args *a  = arg;
	int                  rc = c == 'u' || c == 'y'
	                              ? 1 /* not this command's */
	                              : cli_unit_year(&a->uy, c, v);

	if (rc <= 0)
		return rc;
	switch (c) {
	case 'i':
		a->indicator = v;
		return 0;
	case 'R':
		a->region = v;
		return 0;
	case 'U':
		free(a->units);
		a->units = strdup(v);
		return a->units ? 0 : -1;
	case 'Y':
		return cli_years("--years", v, &a->from, &a->to);
	}
	return -1;
}

static const struct option longs[] = {
	{ "indicator", required_argument, NULL, 'i' },
	{ "units", required_argument, NULL, 'U' },
	{ "region", required_argument, NULL, 'R' },
	{ "years", required_argument, NULL, 'Y' },
	{ "against", required_argument, NULL, 'a' },
	{ "predikat-rule", required_argument, NULL, 'r' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static void
gap_text(const Kinerja__ComparisonCell *c, int comma, char *buf, size_t len)
{
	char num[40];

	if (!c->opt_gap_case) {
		snprintf(buf, len, "-");
		return;
	}
	fmt_value(c->gap < 0 ? -c->gap : c->gap, comma, num, sizeof(num));
	snprintf(buf, len, "%s%s", c->gap > 0 ? "+" : c->gap < 0 ? "-" : "",
	    num);
}

static void
compare_table(const void *reply, enum out_format f)
{
	const Kinerja__GetComparisonReply *r = reply;
	static const char *const head[] = { "Unit", "Nama", "Tahun",
		"Target", "Realisasi", "Capaian (%)", "Predikat",
		"Selisih (poin)" };
	struct table             t;
	size_t                   u, i;
	int                      comma = f == OUT_TABLE;
	char                     year[16], tv[48], rv[48], cv[48], gv[64];

	table_init(&t, 8, head);
	t.right[2] = t.right[3] = t.right[4] = t.right[5] = t.right[7] = 1;
	for (u = 0; u < r->n_units; u++) {
		const Kinerja__ComparisonUnit *m = r->units[u];

		for (i = 0; i < m->n_years; i++) {
			const Kinerja__ComparisonCell *c = m->years[i];
			const char *cells[] = { m->unit, m->name, year, tv, rv,
				cv, *c->predikat ? c->predikat : c->na_reason,
				gv };

			snprintf(year, sizeof(year), "%d", c->year);
			fmt_value_or_dash(c->opt_target_case != 0, c->target,
			    comma, tv, sizeof(tv));
			fmt_value_or_dash(c->opt_realisasi_case != 0,
			    c->realisasi, comma, rv, sizeof(rv));
			fmt_value_or_dash(c->opt_capaian_case != 0, c->capaian,
			    comma, cv, sizeof(cv));
			gap_text(c, comma, gv, sizeof(gv));
			table_add(&t, cells);
		}
	}
	if (f == OUT_TABLE) {
		printf("Perbandingan %s (%s, %s), %d-%d, terhadap target %s\n",
		    r->indicator->code, r->indicator->name,
		    r->indicator->satuan, r->from_year, r->to_year,
		    r->against == KINERJA__AGAINST__AGAINST_RENSTRA
		        ? "Renstra"
		        : "PK");
		printf("Selisih: capaian dikurangi capaian %s pada tahun yang "
		       "sama, dalam poin persentase\n\n",
		    r->reference);
	}
	table_print(&t, f, stdout);
	table_free(&t);
	for (i = 0; f == OUT_TABLE && i < r->n_benchmarks; i++) {
		fmt_value(r->benchmarks[i]->value, 1, tv, sizeof(tv));
		printf("%sPembanding %d: %s (sumber: %s)\n", i ? "" : "\n",
		    r->benchmarks[i]->year, tv, r->benchmarks[i]->source);
	}
}

static int
compare_request(struct compare_args *a, Kinerja__GetComparisonRequest *req)
{
	if (a->indicator == NULL || a->from == 0 ||
	    (a->region != NULL) == (a->units != NULL))
		return -1;
	req->indicator     = (char *) a->indicator;
	req->region        = (char *) (a->region ? a->region : "");
	req->from_year     = a->from;
	req->to_year       = a->to;
	req->against       = a->uy.against;
	req->predikat_rule = a->uy.rule;
	return a->units ? cli_split(a->units, &req->units, &req->n_units) : 0;
}

int
run_compare(struct cli *cli, const struct command *cmd, int argc, char **argv)
{
	struct compare_args a = { .uy = { .takes_against = 1 } };
	Kinerja__GetComparisonRequest req =
	    KINERJA__GET_COMPARISON_REQUEST__INIT;
	int rc = EXIT_USAGE;

	if (cli_flags(cmd, argc, argv, longs, set_arg, &a) != 0)
		goto out;
	if (optind < argc || compare_request(&a, &req) != 0) {
		cli_usage(cmd);
		goto out;
	}
	rc = cli_show(cli, cmd->name, "GetComparison", &req.base,
	    &kinerja__get_comparison_reply__descriptor, compare_table);
out:
	free(req.units);
	free(a.units);
	return rc;
}

/* ------------------------------------------------------ AKIP by year */

#define AKIP_YEAR_COLS (TABLE_MAX_COLS - 1) /* beside the component names */

/* The components of every year, in order of first appearance: the set
 * changed in 2022 (five components before, four after). */
static size_t
component_names(const Kinerja__GetAkipYearsReply *r, const char **names,
    size_t max)
{
	size_t n = 0, y, k, j;

	for (y = 0; y < r->n_years; y++) {
		for (k = 0; k < r->years[y]->n_components; k++) {
			const char *name = r->years[y]->components[k]->name;

			for (j = 0; j < n && strcmp(names[j], name) != 0; j++)
				;
			if (j == n && n < max)
				names[n++] = name;
		}
	}
	return n;
}

/* The score of a component in one year's evaluation, or "-". */
static void
score_text(const Kinerja__GetAkipEvaluationReply *e, const char *name,
    int comma, char *buf, size_t len)
{
	size_t k;

	for (k = 0; k < e->n_components; k++) {
		if (strcmp(e->components[k]->name, name) == 0) {
			fmt_value(e->components[k]->score, comma, buf, len);
			return;
		}
	}
	snprintf(buf, len, "-");
}

static void
akip_years_table(const void *reply, enum out_format f)
{
	const Kinerja__GetAkipYearsReply *r = reply;
	const char  *head[TABLE_MAX_COLS] = { "Komponen" };
	const char  *cells[TABLE_MAX_COLS], *names[64];
	char         years[AKIP_YEAR_COLS][16], v[AKIP_YEAR_COLS][48];
	struct table t;
	size_t       n = component_names(r, names, 64), y, i;
	int          comma = f == OUT_TABLE;

	if (r->n_years > AKIP_YEAR_COLS) {
		fprintf(stderr,
		    "kinerja: akip: %zu years do not fit side by side (at "
		    "most %d); use a shorter --years or --format json\n",
		    r->n_years, AKIP_YEAR_COLS);
		return;
	}
	for (y = 0; y < r->n_years; y++) {
		snprintf(years[y], sizeof(years[y]), "%d", r->years[y]->year);
		head[y + 1] = years[y];
		cells[y + 1] = v[y];
	}
	table_init(&t, (int) r->n_years + 1, head);
	for (y = 0; y < r->n_years; y++)
		t.right[y + 1] = 1;
	for (i = 0; i < n; i++) {
		cells[0] = names[i];
		for (y = 0; y < r->n_years; y++)
			score_text(r->years[y], names[i], comma, v[y],
			    sizeof(v[y]));
		table_add(&t, cells);
	}
	cells[0] = "Jumlah";
	for (y = 0; y < r->n_years; y++)
		fmt_value(r->years[y]->total, comma, v[y], sizeof(v[y]));
	table_add(&t, cells);
	cells[0] = "Predikat";
	for (y = 0; y < r->n_years; y++)
		snprintf(v[y], sizeof(v[y]), "%s", r->years[y]->predikat);
	table_add(&t, cells);
	if (f == OUT_TABLE)
		printf("Evaluasi AKIP %s, %d-%d\n\n", r->unit->name,
		    r->from_year, r->to_year);
	table_print(&t, f, stdout);
	table_free(&t);
	if (f != OUT_TABLE || r->n_missing == 0)
		return;
	printf("\nTanpa evaluasi:");
	for (i = 0; i < r->n_missing; i++)
		printf("%s %d", i ? "," : "", r->missing[i]);
	printf("\n");
}

static int
set_akip_arg(void *arg, int c, const char *v)
{
	Kinerja__GetAkipYearsRequest *req = arg;

	if (c == 'u') {
		req->unit = (char *) v;
		return 0;
	}
	return c == 'Y' ? cli_years("--years", v, &req->from_year,
	                      &req->to_year)
	                : -1;
}

static int
run_akip_years(struct cli *cli, const struct command *cmd, int argc,
    char **argv)
{
	static const struct option akip_longs[] = {
		{ "unit", required_argument, NULL, 'u' },
		{ "years", required_argument, NULL, 'Y' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	Kinerja__GetAkipYearsRequest req = KINERJA__GET_AKIP_YEARS_REQUEST__INIT;

	if (cli_flags(cmd, argc, argv, akip_longs, set_akip_arg, &req) != 0)
		return EXIT_USAGE;
	if (optind < argc || !*req.unit || req.from_year == 0)
		return cli_usage(cmd);
	return cli_show(cli, cmd->name, "GetAkipYears", &req.base,
	    &kinerja__get_akip_years_reply__descriptor, akip_years_table);
}

int
run_akip(struct cli *cli, const struct command *cmd, int argc, char **argv)
{
	static const struct view v = { "GetAkipEvaluation",
		&kinerja__get_akip_evaluation_request__descriptor,
		&kinerja__get_akip_evaluation_reply__descriptor, akip_table };
	int i;

	/* --years makes it the table of several years. */
	for (i = 1; i < argc; i++)
		if (strncmp(argv[i], "--years", 7) == 0)
			return run_akip_years(cli, cmd, argc, argv);
	return cli_view(cli, cmd, argc, argv, &v);
}
