/*
 * cmd_analytics.c - `kinerja ranking`, `trend` and `progress`: BAB III's
 * comparisons with peers, with past years and with the Renstra, computed
 * by kinerjad and shown as tables, CSV or JSON; ranking and trend as the
 * SVG chart GetChart draws, so that the CLI, the documents and the web
 * console draw a figure one way (docs/charts.md).
 */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "kcore.h"

/* Flags shared by the three commands. */
struct args {
	struct unit_year uy; /* --unit, --year, --predikat-rule */
	const char      *indicator;
	const char      *region;
	char            *units; /* comma-separated copy, split in place */
	const char      *by;
	int              overall;
	int              quarters; /* trend: the triwulan of --year */
	int32_t          from, to;
	uint32_t         limit; /* ranking: the first rows only (0: all) */
};

/* --limit N: a count of rows from 1 to 1 000 000. */
static int
set_limit(const char *v, uint32_t *limit)
{
	char *end;
	long  n;

	errno = 0;
	n     = strtol(v, &end, 10);
	if (errno || *v == 0 || *end || n < 1 || n > 1000000) {
		fprintf(stderr,
		    "kinerja: --limit: \"%s\" is not a count of rows from 1 "
		    "to 1000000\n",
		    v);
		return -1;
	}
	*limit = (uint32_t) n;
	return 0;
}

static int
set_arg(void *arg, int c, const char *v)
{
	struct args *a  = arg;
	int          rc = cli_unit_year(&a->uy, c, v);

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
		a->units = strdup(v);
		return a->units ? 0 : -1;
	case 'b':
		a->by = v;
		return 0;
	case 'o':
		a->overall = 1;
		return 0;
	case 'Q':
		a->quarters = 1;
		return 0;
	case 'f':
		return cli_year("--from", v, &a->from);
	case 't':
		return cli_year("--to", v, &a->to);
	case 'L':
		return set_limit(v, &a->limit);
	}
	return -1;
}

static const struct option longs[] = {
	{ "unit", required_argument, NULL, 'u' },
	{ "indicator", required_argument, NULL, 'i' },
	{ "region", required_argument, NULL, 'R' },
	{ "units", required_argument, NULL, 'U' },
	{ "by", required_argument, NULL, 'b' },
	{ "overall", no_argument, NULL, 'o' },
	{ "year", required_argument, NULL, 'y' },
	{ "from", required_argument, NULL, 'f' },
	{ "to", required_argument, NULL, 't' },
	{ "quarters", no_argument, NULL, 'Q' },
	{ "limit", required_argument, NULL, 'L' },
	{ "predikat-rule", required_argument, NULL, 'r' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

/* -------------------------------------------------------------- chart */

/* Prints the chart kinerjad draws for req. */
static int
print_chart(
    struct cli *cli, const Kinerja__GetChartRequest *req, const char *what)
{
	Kinerja__GetChartReply *rep = NULL;

	if (cli_connect(cli) != EXIT_OK)
		return EXIT_FAIL;
	if (kinerja_call(cli->client, "GetChart", &req->base,
	        &kinerja__get_chart_reply__descriptor,
	        (ProtobufCMessage **) &rep, NULL, &cli->st) != 0)
		return cli_fail(cli, what);
	fputs(rep->svg, stdout);
	protobuf_c_message_free_unpacked(&rep->base, NULL);
	return EXIT_OK;
}

/* A --format svg the chart cannot draw: why, then the usage. */
static int
chart_usage(const struct command *cmd, const char *why)
{
	fprintf(stderr, "kinerja: %s --format svg: %s\n", cmd->name, why);
	return cli_usage(cmd);
}

/* ------------------------------------------------------------ ranking */

static const char *const measure_names[] = { "realisasi", "capaian", "overall",
	"serapan", "ikm", "akip" };

/* The measure's name, for JSON and titles ("?" from a newer server). */
static const char *
measure_name(int m)
{
	return m >= 0 && (size_t) m <
	                     sizeof(measure_names) / sizeof(*measure_names)
	           ? measure_names[m]
	           : "?";
}

/* Measures of the unit as a whole: no indicator, no --overall. */
static int
unit_measure(int m)
{
	return m >= KINERJA__RANK_MEASURE__RANK_MEASURE_SERAPAN;
}

static int
ranking_request(const struct args *a, Kinerja__GetRankingRequest *req)
{
	int by = KINERJA__RANK_MEASURE__RANK_MEASURE_REALISASI;

	if (a->by != NULL) {
		for (by = 0; by < KINERJA__RANK_MEASURE__RANK_MEASURE_AKIP;
		     by++)
			if (strcmp(a->by, measure_names[by]) == 0)
				break;
		if (strcmp(a->by, measure_names[by]) != 0 ||
		    by == KINERJA__RANK_MEASURE__RANK_MEASURE_OVERALL)
			return -1;
	}
	if (a->uy.year == 0 || (a->region && a->units) ||
	    (a->overall && a->by) ||
	    (unit_measure(by) ? a->indicator != NULL
	                      : a->overall == (a->indicator != NULL)))
		return -1;
	req->year          = a->uy.year;
	req->indicator     = (char *) (a->indicator ? a->indicator : "");
	req->region        = (char *) (a->region ? a->region : "");
	req->predikat_rule = a->uy.rule;
	req->limit         = a->limit;
	req->measure = a->overall ? KINERJA__RANK_MEASURE__RANK_MEASURE_OVERALL
	                          : (Kinerja__RankMeasure) by;
	return a->units ? cli_split(a->units, &req->units, &req->n_units) : 0;
}

/* The title of a ranking table or chart, after "Peringkat ". */
static const char *
ranking_subject(const Kinerja__GetRankingReply *r)
{
	switch (r->measure) {
	case KINERJA__RANK_MEASURE__RANK_MEASURE_SERAPAN:
		return "serapan anggaran (%)";
	case KINERJA__RANK_MEASURE__RANK_MEASURE_IKM:
		return "Indeks Kepuasan Masyarakat (IKM) dari SKM";
	case KINERJA__RANK_MEASURE__RANK_MEASURE_AKIP:
		return "nilai evaluasi AKIP";
	default:
		return r->indicator ? r->indicator->name : "capaian kinerja";
	}
}

static void
change_text(const Kinerja__RankingRow *row, char *buf, size_t len)
{
	if (!row->rank || !row->previous_rank)
		snprintf(buf, len, "-");
	else if (row->rank_change > 0)
		snprintf(buf, len, "naik %d", row->rank_change);
	else if (row->rank_change < 0)
		snprintf(buf, len, "turun %d", -row->rank_change);
	else
		snprintf(buf, len, "tetap");
}

static void
ranking_table(const Kinerja__GetRankingReply *r, enum out_format f)
{
	const char  *head[] = { "Peringkat", "Unit", "Nama", "Nilai",
		 "Predikat", "Tahun lalu", "Perubahan", "Keterangan" };
	struct table t;
	size_t       i;
	char         rank[16], value[48], prev[16], change[24];

	if (r->measure == KINERJA__RANK_MEASURE__RANK_MEASURE_SERAPAN)
		head[3] = "Serapan (%)";
	else if (r->measure == KINERJA__RANK_MEASURE__RANK_MEASURE_IKM)
		head[4] = "Mutu";
	table_init(&t, 8, head);
	t.right[0] = t.right[3] = t.right[5] = 1;
	for (i = 0; i < r->n_rows; i++) {
		const Kinerja__RankingRow *row = r->rows[i];
		const char *cells[] = { rank, row->unit, row->name, value,
			row->predikat, prev, change, row->na_reason };

		snprintf(
		    rank, sizeof(rank), row->rank ? "%u" : "-", row->rank);
		snprintf(prev, sizeof(prev), row->previous_rank ? "%u" : "-",
		    row->previous_rank);
		fmt_value_or_dash(row->opt_value_case != 0, row->value,
		    f == OUT_TABLE, value, sizeof(value));
		change_text(row, change, sizeof(change));
		table_add(&t, cells);
	}
	if (f == OUT_TABLE && unit_measure(r->measure))
		printf("Peringkat %s %d\n\n", ranking_subject(r), r->year);
	else if (f == OUT_TABLE)
		printf("Peringkat %s %d, %s\n\n", ranking_subject(r), r->year,
		    measure_name(r->measure));
	table_print(&t, f, stdout);
	table_free(&t);
	if (f == OUT_TABLE && r->opt_total_rows_case)
		printf("\n%zu dari %u unit (--limit)\n", r->n_rows,
		    r->total_rows);
}

/* The RANKING chart: the capaian of an indicator across the units under
 * --region (every reporting unit without one). */
static int
ranking_chart(struct cli *cli, const struct command *cmd, const struct args *a)
{
	Kinerja__GetChartRequest req = KINERJA__GET_CHART_REQUEST__INIT;

	if (a->indicator == NULL || a->overall || a->units || a->limit ||
	    (a->by && strcmp(a->by, "capaian") != 0))
		return chart_usage(cmd,
		    "the chart is the capaian of an --indicator across the "
		    "units of a --region;\n--overall, --units and --by "
		    "other measures are for the table, csv and json");
	if (a->uy.year == 0)
		return cli_usage(cmd);
	req.kind      = KINERJA__CHART_KIND__CHART_KIND_RANKING;
	req.unit      = (char *) (a->region ? a->region : "");
	req.indicator = (char *) a->indicator;
	req.year      = a->uy.year;
	return print_chart(cli, &req, "ranking");
}

int
run_ranking(struct cli *cli, const struct command *cmd, int argc, char **argv)
{
	struct args                a   = { 0 };
	Kinerja__GetRankingRequest req = KINERJA__GET_RANKING_REQUEST__INIT;
	Kinerja__GetRankingReply  *rep;
	int                        rc = EXIT_USAGE;

	if (cli_flags(cmd, argc, argv, longs, set_arg, &a) != 0)
		goto out;
	if (optind == argc && cli->format == OUT_SVG) {
		rc = ranking_chart(cli, cmd, &a);
		goto out;
	}
	if (optind < argc || ranking_request(&a, &req) != 0) {
		cli_usage(cmd);
		goto out;
	}
	if ((rc = cli_connect(cli)) != EXIT_OK)
		goto out;
	if (kinerja_get_ranking(cli->client, &req, &rep, &cli->st) != 0) {
		rc = cli_fail(cli, "ranking");
		goto out;
	}
	if (cli->format == OUT_JSON)
		json_print_message(&rep->base);
	else
		ranking_table(rep, cli->format);
	kinerja__get_ranking_reply__free_unpacked(rep, NULL);
out:
	free(req.units);
	free(a.units);
	return rc;
}

/* -------------------------------------------------------------- trend */

static const char *const directions[] = { NULL, "naik", "turun", "tetap" };

/* One block character per year, scaled between the lowest and highest
 * realisasi; a space for a year without one. */
static void
sparkline(const Kinerja__GetTrendReply *r, FILE *out)
{
	static const char *const bars[] = { "▁", "▂", "▃", "▄", "▅", "▆", "▇",
		"█" };
	double                   lo = INFINITY, hi = -INFINITY;
	size_t                   i;

	for (i = 0; i < r->n_points; i++) {
		if (r->points[i]->opt_realisasi_case) {
			lo = fmin(lo, r->points[i]->realisasi);
			hi = fmax(hi, r->points[i]->realisasi);
		}
	}
	for (i = 0; i < r->n_points; i++) {
		const Kinerja__TrendPoint *p = r->points[i];
		int                        level =
                    hi > lo ? (int) lround((p->realisasi - lo) / (hi - lo) * 7)
		                                   : 4;

		fputs(p->opt_realisasi_case ? bars[level] : " ", out);
	}
}

static void
signed_text(int has, double v, int comma, char *buf, size_t len)
{
	char num[48];

	if (!has) {
		snprintf(buf, len, "-");
		return;
	}
	fmt_value(fabs(v), comma, num, sizeof(num));
	snprintf(buf, len, "%s%s", v > 0 ? "+" : v < 0 ? "-" : "", num);
}

static void
trend_rows(const Kinerja__GetTrendReply *r, enum out_format f)
{
	int         tw     = r->n_points > 0 && r->points[0]->triwulan;
	const char *head[] = { tw ? "Triwulan" : "Tahun",
		tw ? "Target TW" : "Target",
		tw ? "Realisasi s.d. TW" : "Realisasi", "Capaian (%)",
		"Predikat", "Perubahan", "Perubahan (%)", "Arah" };
	struct table t;
	size_t       i;
	int          comma = f == OUT_TABLE;
	char year[24], tv[48], rv[48], cv[48], dv[64], dp[64];

	table_init(&t, 8, head);
	t.right[1] = t.right[2] = t.right[3] = t.right[5] = t.right[6] = 1;
	for (i = 0; i < r->n_points; i++) {
		const Kinerja__TrendPoint *p = r->points[i];
		const char *cells[] = { year, tv, rv, cv, p->predikat, dv, dp,
			p->direction ? directions[p->direction] : "-" };

		if (p->triwulan)
			snprintf(year, sizeof(year), "TW %s %d%s",
			    kc_triwulan_roman(p->triwulan), p->year,
			    p->converted ? "*" : "");
		else
			snprintf(year, sizeof(year), "%d%s", p->year,
			    p->converted ? "*" : "");
		fmt_value_or_dash(
		    p->opt_target_case != 0, p->target, comma, tv, sizeof(tv));
		fmt_value_or_dash(p->opt_realisasi_case != 0, p->realisasi,
		    comma, rv, sizeof(rv));
		fmt_value_or_dash(p->opt_capaian_case != 0, p->capaian, comma,
		    cv, sizeof(cv));
		signed_text(
		    p->opt_delta_case != 0, p->delta, comma, dv, sizeof(dv));
		signed_text(p->opt_delta_percent_case != 0, p->delta_percent,
		    comma, dp, sizeof(dp));
		table_add(&t, cells);
	}
	table_print(&t, f, stdout);
	table_free(&t);
}

static void
trend_summary(const Kinerja__GetTrendReply *r)
{
	char slope[64], proj[48], end[48];

	printf("\nRealisasi: ");
	sparkline(r, stdout);
	printf("  (%d-%d)\n", r->points[0]->year,
	    r->points[r->n_points - 1]->year);
	printf("Terbaik: %d, terburuk: %d\n", r->best_year, r->worst_year);
	if (r->opt_slope_case) {
		signed_text(1, r->slope, 1, slope, sizeof(slope));
		printf("Kecenderungan: %s %s per tahun\n", slope,
		    r->indicator->satuan);
	}
	if (r->opt_projection_case) {
		fmt_value(r->projection, 1, proj, sizeof(proj));
		fmt_value(r->end_target, 1, end, sizeof(end));
		printf("Proyeksi %d: %s, target akhir Renstra %s: %s\n",
		    r->end_year, proj, end,
		    r->on_track ? "on track" : "tidak on track");
	} else {
		printf("Proyeksi: tidak tersedia (%s)\n", r->on_track_reason);
	}
}

/* The TREND chart: target and realisasi over the years --from to --to;
 * without them, five years back from the last with data. */
static int
trend_chart(struct cli *cli, const struct command *cmd, const struct args *a)
{
	Kinerja__GetChartRequest req = KINERJA__GET_CHART_REQUEST__INIT;

	if (a->quarters)
		return chart_usage(cmd, "the chart is of years; --quarters is "
		                        "for the table, csv and json");
	if (a->from && !a->to)
		return chart_usage(
		    cmd, "--from needs --to (the chart counts back from it)");
	if (a->from > a->to || (a->from && a->to - a->from >= 20))
		return chart_usage(
		    cmd, "--from must be at most 19 years before --to");
	req.kind      = KINERJA__CHART_KIND__CHART_KIND_TREND;
	req.unit      = (char *) a->uy.unit;
	req.indicator = (char *) a->indicator;
	req.year      = a->to;
	req.years     = a->from ? a->to - a->from + 1 : 0;
	return print_chart(cli, &req, "trend");
}

int
run_trend(struct cli *cli, const struct command *cmd, int argc, char **argv)
{
	struct args              a   = { 0 };
	Kinerja__GetTrendRequest req = KINERJA__GET_TREND_REQUEST__INIT;
	Kinerja__GetTrendReply  *rep;

	if (cli_flags(cmd, argc, argv, longs, set_arg, &a) != 0)
		return free(a.units), EXIT_USAGE;
	if (optind < argc || !a.uy.unit || !a.indicator ||
	    (a.uy.year != 0) != a.quarters || a.region || a.units || a.by ||
	    a.overall || (a.quarters && (a.from || a.to)))
		return free(a.units), cli_usage(cmd);
	if (cli->format == OUT_SVG)
		return trend_chart(cli, cmd, &a);
	req.unit          = (char *) a.uy.unit;
	req.indicator     = (char *) a.indicator;
	req.from_year     = a.quarters ? a.uy.year : a.from;
	req.to_year       = a.to;
	req.quarters      = a.quarters;
	req.predikat_rule = a.uy.rule;
	if (cli_connect(cli) != EXIT_OK)
		return EXIT_FAIL;
	if (kinerja_get_trend(cli->client, &req, &rep, &cli->st) != 0)
		return cli_fail(cli, "trend");
	if (cli->format == OUT_JSON) {
		json_print_message(&rep->base);
	} else {
		if (cli->format == OUT_TABLE)
			printf("Tren %s - %s\n\n", rep->indicator->name,
			    rep->unit->name);
		trend_rows(rep, cli->format);
		if (cli->format == OUT_TABLE && rep->n_points > 0 &&
		    !a.quarters)
			trend_summary(rep);
	}
	kinerja__get_trend_reply__free_unpacked(rep, NULL);
	return EXIT_OK;
}

/* ----------------------------------------------------------- progress */

static void
progress_table(const Kinerja__GetProgressReply *r, enum out_format f)
{
	static const char *const head[] = { "No", "Sasaran", "Indikator",
		"Satuan", "Realisasi", "Target akhir", "Tahun akhir",
		"Kemajuan (%)" };
	struct table             t;
	size_t                   i;
	int                      comma = f == OUT_TABLE;
	char                     no[24], rv[48], ev[48], ey[16], kv[120];

	table_init(&t, 8, head);
	t.right[0] = t.right[4] = t.right[5] = t.right[7] = 1;
	for (i = 0; i < r->n_rows; i++) {
		const Kinerja__ProgressRow *row = r->rows[i];
		const char *cells[] = { no, row->sasaran, row->indicator,
			row->satuan, rv, ev, ey, kv };

		snprintf(no, sizeof(no), "%zu", i + 1);
		fmt_value_or_dash(row->opt_realisasi_case != 0, row->realisasi,
		    comma, rv, sizeof(rv));
		fmt_value_or_dash(row->opt_end_target_case != 0,
		    row->end_target, comma, ev, sizeof(ev));
		snprintf(
		    ey, sizeof(ey), row->end_year ? "%d" : "-", row->end_year);
		if (row->opt_kemajuan_case)
			fmt_value(row->kemajuan, comma, kv, sizeof(kv));
		else
			snprintf(kv, sizeof(kv), "- (%s)",
			    row->na_reason);
		table_add(&t, cells);
	}
	if (f == OUT_TABLE)
		printf(
		    "Tingkat kemajuan %s, %d (realisasi terhadap target akhir "
		    "Renstra)\n\n",
		    r->unit->name, r->year);
	table_print(&t, f, stdout);
	table_free(&t);
}

static void
progress_view(const void *reply, enum out_format f, const struct unit_year *a)
{
	(void) a;
	progress_table(reply, f);
}

int
run_progress(struct cli *cli, const struct command *cmd, int argc, char **argv)
{
	static const struct view v = { "GetProgress",
		&kinerja__get_progress_request__descriptor,
		&kinerja__get_progress_reply__descriptor, progress_view, 1 };

	return cli_view(cli, cmd, argc, argv, &v);
}
