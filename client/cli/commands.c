/*
 * commands.c - the CLI's commands: health, units, indicators, import,
 * capaian. Each parses its own flags, makes its calls through libkinerja
 * and prints in the chosen format.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "kcore.h"

int
cli_fail(struct cli *cli, const char *what)
{
	size_t i;

	fprintf(stderr, "kinerja: %s: %s: %s\n", what,
	    kinerja_code_name(cli->st.code), cli->st.message);
	for (i = 0; i < cli->st.n_details; i++)
		fprintf(stderr, "  item %u: %s\n", cli->st.details[i]->index,
		    cli->st.details[i]->message);
	return EXIT_FAIL;
}

int
cli_year(const char *v, int32_t *year)
{
	char *end;
	long  y;

	errno = 0;
	y     = strtol(v, &end, 10);
	if (errno || *v == 0 || *end || y < 1900 || y > 2200)
		return -1;
	*year = (int32_t) y;
	return 0;
}

int
cli_flags(const struct command *cmd, int argc, char **argv,
    const struct option *longs, int (*set)(void *, int, const char *),
    void                *arg)
{
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "h", longs, NULL)) != -1) {
		if (c == 'h') {
			printf("usage: kinerja %s %s\n\n%s\n", cmd->name,
			    cmd->args, cmd->summary);
			exit(EXIT_OK);
		}
		if (c == '?' || set(arg, c, optarg) != 0) {
			fprintf(stderr, "usage: kinerja %s %s\n", cmd->name,
			    cmd->args);
			return -1;
		}
	}
	return 0;
}

static const char *const level_names[] = { "", "provinsi", "kabupaten",
	"kecamatan", "opd" };

static const char *
level_name(int level)
{
	return level >= 0 && level <= 4 ? level_names[level] : "?";
}

static const struct option help_only[] = { { "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 } };

static int
no_flags(void *arg, int c, const char *v)
{
	(void) arg;
	(void) c;
	(void) v;
	return -1;
}

/* ------------------------------------------------------------- health */

static int
run_health(struct cli *cli, const struct command *cmd, int argc, char **argv)
{
	Kinerja__HealthRequest     hreq = KINERJA__HEALTH_REQUEST__INIT;
	Kinerja__ServerInfoRequest ireq = KINERJA__SERVER_INFO_REQUEST__INIT;
	Kinerja__HealthReply      *h;
	Kinerja__ServerInfoReply  *info;
	struct json                j;

	if (cli_flags(cmd, argc, argv, help_only, no_flags, NULL) != 0 ||
	    optind < argc)
		return EXIT_USAGE;
	if (cli_connect(cli) != EXIT_OK)
		return EXIT_FAIL;
	if (kinerja_health(cli->client, &hreq, &h, &cli->st) != 0)
		return cli_fail(cli, "health");
	if (kinerja_server_info(cli->client, &ireq, &info, &cli->st) != 0) {
		kinerja__health_reply__free_unpacked(h, NULL);
		return cli_fail(cli, "health");
	}
	if (cli->format == OUT_JSON) {
		json_begin(&j, stdout);
		json_object(&j, NULL);
		json_string(&j, "status", h->status);
		json_string(&j, "version", info->version);
		json_int(&j, "schema_version", info->schema_version);
		json_int(
		    &j, "uptime_seconds", (long long) info->uptime_seconds);
		json_int(&j, "workers", info->workers);
		json_close(&j, '}');
		json_end(&j);
	} else if (cli->format == OUT_CSV) {
		printf("status,version,schema_version,uptime_seconds,workers\n"
		       "%s,%s,%u,%llu,%u\n",
		    h->status, info->version, info->schema_version,
		    (unsigned long long) info->uptime_seconds, info->workers);
	} else {
		printf("%s: kinerjad %s, schema %u, up %llu s, %u workers\n",
		    h->status, info->version, info->schema_version,
		    (unsigned long long) info->uptime_seconds, info->workers);
	}
	kinerja__health_reply__free_unpacked(h, NULL);
	kinerja__server_info_reply__free_unpacked(info, NULL);
	return EXIT_OK;
}

/* ------------------------------------------------------------ metrics */

static void
metrics_json(const Kinerja__GetMetricsReply *r)
{
	struct json j;
	size_t      i, b;

	json_begin(&j, stdout);
	json_object(&j, NULL);
	json_int(&j, "uptime_seconds", (long long) r->uptime_seconds);
	json_int(&j, "database_bytes", (long long) r->database_bytes);
	json_array(&j, "latency_bounds_ms");
	for (b = 0; b < r->n_latency_bounds_ms; b++)
		json_int(&j, NULL, r->latency_bounds_ms[b]);
	json_close(&j, ']');
	json_array(&j, "methods");
	for (i = 0; i < r->n_methods; i++) {
		json_object(&j, NULL);
		json_string(&j, "method", r->methods[i]->method);
		json_int(&j, "requests", (long long) r->methods[i]->requests);
		json_int(&j, "errors", (long long) r->methods[i]->errors);
		json_array(&j, "latency");
		for (b = 0; b < r->methods[i]->n_latency; b++)
			json_int(
			    &j, NULL, (long long) r->methods[i]->latency[b]);
		json_close(&j, ']');
		json_close(&j, '}');
	}
	json_close(&j, ']');
	json_close(&j, '}');
	json_end(&j);
}

/* Columns: method, requests, errors, then one per latency bucket. */
static void
metrics_table(const Kinerja__GetMetricsReply *r, enum out_format f)
{
	const char  *head[TABLE_MAX_COLS] = { "method", "requests", "errors" };
	char         names[TABLE_MAX_COLS][16], cells[TABLE_MAX_COLS][24];
	const char  *row[TABLE_MAX_COLS];
	struct table t;
	size_t       i, b, nb = r->n_latency_bounds_ms + 1;

	if (nb + 3 > TABLE_MAX_COLS)
		nb = TABLE_MAX_COLS - 3;
	for (b = 0; b < nb; b++) {
		if (b < r->n_latency_bounds_ms)
			snprintf(names[b], sizeof(names[b]), "<=%ums",
			    r->latency_bounds_ms[b]);
		else
			snprintf(names[b], sizeof(names[b]), ">%ums",
			    b ? r->latency_bounds_ms[b - 1] : 0);
		head[3 + b] = names[b];
	}
	table_init(&t, (int) (3 + nb), head);
	for (b = 1; b < 3 + nb; b++)
		t.right[b] = 1;
	for (i = 0; i < r->n_methods; i++) {
		const Kinerja__MethodMetrics *m = r->methods[i];

		row[0] = m->method;
		snprintf(cells[1], sizeof(cells[1]), "%llu",
		    (unsigned long long) m->requests);
		snprintf(cells[2], sizeof(cells[2]), "%llu",
		    (unsigned long long) m->errors);
		for (b = 0; b < nb; b++)
			snprintf(cells[3 + b], sizeof(cells[3 + b]), "%llu",
			    b < m->n_latency
			        ? (unsigned long long) m->latency[b]
			        : 0ULL);
		for (b = 1; b < 3 + nb; b++)
			row[b] = cells[b];
		table_add(&t, row);
	}
	if (f == OUT_TABLE)
		printf("kinerjad up %llu s, database %llu bytes\n\n",
		    (unsigned long long) r->uptime_seconds,
		    (unsigned long long) r->database_bytes);
	table_print(&t, f, stdout);
	table_free(&t);
}

static int
run_metrics(struct cli *cli, const struct command *cmd, int argc, char **argv)
{
	Kinerja__GetMetricsRequest req = KINERJA__GET_METRICS_REQUEST__INIT;
	Kinerja__GetMetricsReply  *r;

	if (cli_flags(cmd, argc, argv, help_only, no_flags, NULL) != 0 ||
	    optind < argc)
		return EXIT_USAGE;
	if (cli_connect(cli) != EXIT_OK)
		return EXIT_FAIL;
	if (kinerja_get_metrics(cli->client, &req, &r, &cli->st) != 0)
		return cli_fail(cli, "metrics");
	if (cli->format == OUT_JSON)
		metrics_json(r);
	else
		metrics_table(r, cli->format);
	kinerja__get_metrics_reply__free_unpacked(r, NULL);
	return EXIT_OK;
}

/* -------------------------------------------------------------- units */

static int
set_parent(void *arg, int c, const char *v)
{
	(void) c;
	*(const char **) arg = v;
	return 0;
}

static int
run_units(struct cli *cli, const struct command *cmd, int argc, char **argv)
{
	static const struct option longs[] = { { "parent", required_argument,
		                                   NULL, 'p' },
		{ "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 } };
	static const char *const   head[]  = { "unit", "name", "parent",
		   "level" };
	Kinerja__ListUnitsRequest  req     = KINERJA__LIST_UNITS_REQUEST__INIT;
	Kinerja__ListUnitsReply   *rep;
	const char                *parent = "";
	struct table               t;
	struct json                j;
	size_t                     i;

	if (cli_flags(cmd, argc, argv, longs, set_parent, &parent) != 0)
		return EXIT_USAGE;
	req.parent = (char *) parent;
	if (cli_connect(cli) != EXIT_OK)
		return EXIT_FAIL;
	if (kinerja_list_units(cli->client, &req, &rep, &cli->st) != 0)
		return cli_fail(cli, "units");
	if (cli->format == OUT_JSON) {
		json_begin(&j, stdout);
		json_array(&j, NULL);
		for (i = 0; i < rep->n_units; i++) {
			json_object(&j, NULL);
			json_string(&j, "unit", rep->units[i]->code);
			json_string(&j, "name", rep->units[i]->name);
			json_string(&j, "parent", rep->units[i]->parent);
			json_string(
			    &j, "level", level_name(rep->units[i]->level));
			json_close(&j, '}');
		}
		json_close(&j, ']');
		json_end(&j);
	} else {
		table_init(&t, 4, head);
		for (i = 0; i < rep->n_units; i++) {
			const char *row[] = { rep->units[i]->code,
				rep->units[i]->name, rep->units[i]->parent,
				level_name(rep->units[i]->level) };
			table_add(&t, row);
		}
		table_print(&t, cli->format, stdout);
		table_free(&t);
	}
	kinerja__list_units_reply__free_unpacked(rep, NULL);
	return EXIT_OK;
}

/* --------------------------------------------------------- indicators */

static const char *
polarity_name(int p)
{
	return p == KINERJA__POLARITY__POLARITY_MINIMIZE ? "minimize"
	                                                 : "maximize";
}

static const char *
vtype_name(int v)
{
	return v == KINERJA__VALUE_TYPE__VALUE_TYPE_AKIP ? "akip" : "number";
}

/* The range the service checks values against: the indicator's bounds
 * over the default for its kind (the core's rule). */
static void
valid_range(const Kinerja__Indicator *ind, char *buf, size_t len)
{
	struct kc_range set = { ind->opt_min_case != 0,
		ind->opt_max_case != 0, 0, 0 }, r;

	if (set.has_min)
		kc_double_to_e4(ind->min, &set.min_e4);
	if (set.has_max)
		kc_double_to_e4(ind->max, &set.max_e4);
	r = kc_range_of(ind->code, ind->name, ind->satuan,
	    ind->value_type == KINERJA__VALUE_TYPE__VALUE_TYPE_AKIP, &set);
	kc_range_text(&r, buf, len);
}

static int
run_indicators(
    struct cli *cli, const struct command *cmd, int argc, char **argv)
{
	static const char *const head[] = { "indicator", "name", "satuan",
		"polarity", "value_type", "min", "max", "valid_range" };
	Kinerja__ListIndicatorsRequest req =
	    KINERJA__LIST_INDICATORS_REQUEST__INIT;
	Kinerja__ListIndicatorsReply *rep;
	struct table                  t;
	struct json                   j;
	size_t                        i;
	char                          lo[48], hi[48], range[96];

	if (cli_flags(cmd, argc, argv, help_only, no_flags, NULL) != 0 ||
	    optind < argc)
		return EXIT_USAGE;
	if (cli_connect(cli) != EXIT_OK)
		return EXIT_FAIL;
	if (kinerja_list_indicators(cli->client, &req, &rep, &cli->st) != 0)
		return cli_fail(cli, "indicators");
	if (cli->format == OUT_JSON) {
		json_begin(&j, stdout);
		json_array(&j, NULL);
		for (i = 0; i < rep->n_indicators; i++) {
			Kinerja__Indicator *ind = rep->indicators[i];

			json_object(&j, NULL);
			json_string(&j, "indicator", ind->code);
			json_string(&j, "name", ind->name);
			json_string(&j, "satuan", ind->satuan);
			json_string(
			    &j, "polarity", polarity_name(ind->polarity));
			json_string(
			    &j, "value_type", vtype_name(ind->value_type));
			json_number_or_null(
			    &j, "min", ind->opt_min_case != 0, ind->min);
			json_number_or_null(
			    &j, "max", ind->opt_max_case != 0, ind->max);
			valid_range(ind, range, sizeof(range));
			json_string(&j, "valid_range", range);
			json_close(&j, '}');
		}
		json_close(&j, ']');
		json_end(&j);
	} else {
		table_init(&t, 8, head);
		for (i = 0; i < rep->n_indicators; i++) {
			Kinerja__Indicator *ind   = rep->indicators[i];
			const char         *row[] = { ind->code, ind->name,
				        ind->satuan, polarity_name(ind->polarity),
				        vtype_name(ind->value_type), lo, hi,
				        range };

			fmt_value_or_dash(ind->opt_min_case != 0, ind->min,
			    cli->format == OUT_TABLE, lo, sizeof(lo));
			fmt_value_or_dash(ind->opt_max_case != 0, ind->max,
			    cli->format == OUT_TABLE, hi, sizeof(hi));
			valid_range(ind, range, sizeof(range));
			table_add(&t, row);
		}
		table_print(&t, cli->format, stdout);
		table_free(&t);
	}
	kinerja__list_indicators_reply__free_unpacked(rep, NULL);
	return EXIT_OK;
}

/* ------------------------------------------------------------- import */

static int
set_dry_run(void *arg, int c, const char *v)
{
	(void) c;
	(void) v;
	*(int *) arg = 1;
	return 0;
}

static void
report(void *arg, const char *file, unsigned line, const char *column,
    const char *message)
{
	(void) arg;
	if (line == 0)
		fprintf(stderr, "%s: %s\n", file, message);
	else
		fprintf(
		    stderr, "%s:%u: %s: %s\n", file, line, column, message);
}

/* The warnings of an import: printed as they come, or kept for JSON. */
struct warnings {
	struct json *json; /* NULL: print to stderr */
	unsigned     n;
};

/* A write's warning: the row was written, but deserves a word. */
static void
warn(void *arg, const char *file, unsigned line, const char *column,
    const char *message)
{
	struct warnings *w = arg;

	w->n++;
	if (w->json != NULL) {
		json_object(w->json, NULL);
		json_string(w->json, "file", file);
		json_int(w->json, "line", line);
		json_string(w->json, "column", column);
		json_string(w->json, "message", message);
		json_close(w->json, '}');
	} else if (line == 0)
		fprintf(stderr, "%s: peringatan: %s\n", file, message);
	else
		fprintf(stderr, "%s:%u: peringatan: %s: %s\n", file, line,
		    column, message);
}

/* `kinerja --format json import`: the counts and the warnings. */
static void
import_json_end(struct json *j, const kinerja_import_stats *st, int files,
    int dry)
{
	json_close(j, ']');
	json_bool(j, "dry_run", dry);
	json_int(j, "rows", st->rows);
	json_int(j, "files", files);
	json_int(j, "created", st->created);
	json_int(j, "updated", st->updated);
	json_int(j, "unchanged", st->unchanged);
	json_close(j, '}');
	json_end(j);
}

char *
cli_slurp(const char *path, size_t *len)
{
	FILE  *f   = fopen(path, "rb");
	char  *buf = NULL;
	size_t cap = 0, n = 0, r;

	if (f == NULL)
		return NULL;
	do {
		if (n == cap) {
			char *nb = realloc(buf, cap = cap ? cap * 2 : 65536);
			if (nb == NULL) {
				free(buf);
				fclose(f);
				return NULL;
			}
			buf = nb;
		}
		r = fread(buf + n, 1, cap - n, f);
		n += r;
	} while (r > 0);
	if (ferror(f)) {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	*len = n;
	return buf;
}

static int
run_import(struct cli *cli, const struct command *cmd, int argc, char **argv)
{
	static const struct option longs[] = { { "dry-run", no_argument, NULL,
		                                   'n' },
		{ "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 } };
	kinerja_import_stats       stats   = { 0 };
	kinerja_file              *files;
	struct json                j;
	struct warnings            w   = { NULL, 0 };
	char                      *buf = NULL;
	size_t                     len = 0;
	FILE                      *mem = NULL;
	int                        dry = 0, i, n, rc = EXIT_OK;

	if (cli_flags(cmd, argc, argv, longs, set_dry_run, &dry) != 0)
		return EXIT_USAGE;
	if ((n = argc - optind) == 0) {
		fprintf(stderr, "usage: kinerja import FILE... [--dry-run]\n");
		return EXIT_USAGE;
	}
	files = calloc((size_t) n, sizeof(*files));
	for (i = 0; i < n && files != NULL; i++) {
		files[i].name = argv[optind + i];
		files[i].data = cli_slurp(files[i].name, &files[i].len);
		if (files[i].data == NULL) {
			fprintf(stderr, "%s: %s\n", files[i].name,
			    strerror(errno));
			rc = EXIT_FAIL;
		}
	}
	if (rc == EXIT_OK && cli_connect(cli) != EXIT_OK)
		rc = EXIT_FAIL;
	if (rc == EXIT_OK && cli->format == OUT_JSON &&
	    (mem = open_memstream(&buf, &len)) != NULL) {
		/* Kept apart until the import ends: a failed one prints no
		 * half an object. */
		w.json = &j;
		json_begin(&j, mem);
		json_object(&j, NULL);
		json_array(&j, "warnings");
	}
	if (rc == EXIT_OK &&
	    kinerja_import_csv_warn(cli->client, files, (size_t) n, dry,
	        report, warn, &w, &stats) != 0)
		rc = EXIT_FAIL;
	if (mem != NULL) {
		import_json_end(&j, &stats, n, dry);
		fclose(mem);
		if (rc == EXIT_OK)
			fwrite(buf, 1, len, stdout);
		free(buf);
	} else if (rc == EXIT_OK)
		printf("%s %u rows from %d files: %u created, %u updated, "
		       "%u unchanged%s\n",
		    dry ? "checked" : "imported", stats.rows, n, stats.created,
		    stats.updated, stats.unchanged,
		    w.n ? "; with warnings (peringatan) above" : "");
	else if (stats.unknown > 0)
		fprintf(stderr,
		    "kinerja: import interrupted: kinerjad did not "
		    "answer, so the last request may or may not have "
		    "been applied; run the same import again (rows "
		    "already stored count as unchanged)\n");
	else if (stats.written > 0)
		fprintf(stderr,
		    "kinerja: import stopped part way: %u requests "
		    "had been written\n",
		    stats.written);
	else
		fprintf(
		    stderr, "kinerja: import failed; nothing was written\n");
	for (i = 0; i < n && files != NULL; i++)
		free((char *) files[i].data);
	free(files);
	return rc;
}

const struct command commands[] = {
	{ "health", run_health, "", "Checks that kinerjad answers." },
	{ "metrics", run_metrics, "",
	    "Shows kinerjad's counters: requests, errors and latencies per "
	    "method,\nuptime and database size." },
	{ "history", run_history,
	    "(--unit UNIT | --indicator IND) [--year YEAR] [--limit N]",
	    "Shows every change to a unit's data, oldest first: who (the "
	    "token's\nname), when, the old and new value, the request and "
	    "its reason.",
	    0 },
	{ "units", run_units, "[--parent UNIT]",
	    "Lists units (all, or the children of UNIT)." },
	{ "indicators", run_indicators, "", "Lists indicators." },
	{ "import", run_import, "FILE... [--dry-run]",
	    "Imports CSV sheets (units, indicators, sasaran, values). Every\n"
	    "row is checked before anything is written; --dry-run only "
	    "checks." },
	{ "capaian", run_capaian,
	    "--unit UNIT --year YEAR "
	    "[--predikat-rule lower|upper|mid]",
	    "Shows the capaian of a unit's indicators and sasaran for a "
	    "year.",
	    0 },
	{ "ranking", run_ranking,
	    "--year YEAR (--indicator IND [--by realisasi|capaian] | "
	    "--overall |\n       --by serapan|ikm|akip) "
	    "[--region UNIT | --units A,B,...] "
	    "[--predikat-rule lower|upper|mid]",
	    "Ranks units (ties share a rank) with the change against the "
	    "year before.\nUnits without data are listed last, unranked. "
	    "--format svg draws a bar chart.",
	    1 },
	{ "trend", run_trend,
	    "--unit UNIT --indicator IND [--from YEAR] [--to YEAR] "
	    "[--predikat-rule R]",
	    "Shows an indicator's target, realisasi and capaian over the "
	    "years, the change\nyear on year, the least-squares slope and "
	    "whether the Renstra end target is\non track. --format svg "
	    "draws a line chart.",
	    1 },
	{ "progress", run_progress,
	    "--unit UNIT --year YEAR [--predikat-rule R]",
	    "Shows the tingkat kemajuan of a unit's indicators: realisasi "
	    "against the\nend target of the Renstra period.",
	    0 },
	{ "budget", run_budget, "--unit UNIT --year YEAR",
	    "Shows the budget tree (program, kegiatan, sub kegiatan) with "
	    "pagu,\nrealisasi and serapan at every level, the spending "
	    "classes, and every\nstated amount that differs from the sum of "
	    "its parts.",
	    0 },
	{ "efficiency", run_efficiency, "--unit UNIT --year YEAR",
	    "Shows the tingkat efisiensi of each sasaran: capaian minus the "
	    "serapan of\nthe programs linked to it (or of the whole budget).",
	    0 },
	{ "survey", run_survey, "--unit UNIT --year YEAR",
	    "Shows the IKM survey: NRR per unsur, IKM, mutu and the "
	    "respondents.",
	    0 },
	{ "akip", run_akip, "--unit UNIT --year YEAR",
	    "Shows the AKIP evaluation by component, the total and its "
	    "predikat.",
	    0 },
	{ "validate", run_validate, "FILE...",
	    "Checks tables as a report states them (capaian, serapan, sums, "
	    "AKIP\ncomponents, IKM) and lists every slip: arithmetic, "
	    "truncation, predikat,\nsum, capaian against another target. "
	    "Exit status 1 when there are findings.",
	    0 },
	{ "export", run_export, "[--unit UNIT] [--year YEAR] DIR",
	    "Writes the import sheets that rebuild the data (all, or one "
	    "unit and its\nancestors; one year or all) into DIR.",
	    0 },
	{ "report", run_report, "--unit UNIT --year YEAR --format md|html",
	    "Writes BAB III of the unit's Laporan Kinerja: capaian, the years "
	    "before,\nRenstra progress, peers, efficiency and budget, each "
	    "table numbered\nand sourced; html embeds the charts.",
	    FORMAT_DOC },
	{ NULL, NULL, NULL, NULL, 0 },
};
