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
#include <strings.h>

#include "cli.h"
#include "grow.h"
#include "json_pb.h"
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
cli_year(const char *flag, const char *v, int32_t *year)
{
	char *end;
	long  y;

	errno = 0;
	y     = strtol(v, &end, 10);
	if (errno || *v == 0 || *end || y < KC_YEAR_MIN || y > KC_YEAR_MAX) {
		fprintf(stderr,
		    "kinerja: %s: \"%s\" is not a year from %d to %d\n", flag,
		    v, KC_YEAR_MIN, KC_YEAR_MAX);
		return -1;
	}
	*year = (int32_t) y;
	return 0;
}

int
cli_rule(const char *v, int *rule)
{
	static const char *const rules[] = { "lower", "upper", "mid" };
	int                      i;

	for (i = 0; i < 3; i++) {
		if (strcasecmp(v, rules[i]) == 0) {
			*rule = i;
			return 0;
		}
	}
	fprintf(stderr,
	    "kinerja: --predikat-rule: \"%s\" is not lower, upper or mid\n",
	    v);
	return -1;
}

int
cli_split(char *list, char ***items, size_t *n)
{
	char  *p, *save = NULL;
	size_t max = 1;

	for (p = list; *p; p++)
		max += *p == ',';
	*n     = 0;
	*items = calloc(max, sizeof(**items));
	if (*items == NULL)
		return -1;
	for (p = strtok_r(list, ",", &save); p; p = strtok_r(NULL, ",", &save))
		if (*p)
			(*items)[(*n)++] = p;
	return *n > 0 ? 0 : -1;
}

int
cli_years(const char *flag, const char *v, int32_t *from, int32_t *to)
{
	char        first[16];
	const char *dash = strchr(v, '-');
	size_t      len  = dash ? (size_t) (dash - v) : strlen(v);

	if (len >= sizeof(first)) {
		fprintf(stderr, "kinerja: %s: \"%s\" is not YEAR or YEAR-YEAR\n",
		    flag, v);
		return -1;
	}
	memcpy(first, v, len);
	first[len] = 0;
	if (cli_year(flag, first, from) != 0 ||
	    cli_year(flag, dash ? dash + 1 : first, to) != 0)
		return -1;
	return 0;
}

int
cli_against(const char *v, int *against)
{
	if (strcasecmp(v, "pk") == 0)
		*against = KINERJA__AGAINST__AGAINST_PK;
	else if (strcasecmp(v, "renstra") == 0)
		*against = KINERJA__AGAINST__AGAINST_RENSTRA;
	else {
		fprintf(stderr,
		    "kinerja: --against: \"%s\" is not pk or renstra\n", v);
		return -1;
	}
	return 0;
}

int
cli_unit_year(void *arg, int c, const char *v)
{
	struct unit_year *a = arg;

	switch (c) {
	case 'u':
		a->unit = v;
		return 0;
	case 'y':
		return cli_year("--year", v, &a->year);
	case 'r':
		return cli_rule(v, &a->rule);
	case 'a':
		return a->takes_against ? cli_against(v, &a->against) : 1;
	case 'W':
		return cli_triwulan(v, &a->triwulan);
	}
	return 1;
}

int
cli_triwulan(const char *v, int32_t *triwulan)
{
	char tw[40];
	int  p;

	/* A number goes to the server as it is, which names what is wrong
	 * with one outside 1-4; else the forms people write. */
	if (*v && strspn(v, "0123456789-") == strlen(v)) {
		*triwulan = (int32_t) atoi(v);
		return 0;
	}
	snprintf(tw, sizeof(tw), "tw%s", v);
	p = kc_period_parse(v);
	if (p <= 0)
		p = kc_period_parse(tw);
	if (p <= 0) {
		fprintf(stderr,
		    "kinerja: --triwulan: \"%s\" is not 1-4 (or I-IV, TW "
		    "III, Triwulan 3)\n",
		    v);
		return -1;
	}
	*triwulan = p;
	return 0;
}

int
cli_unit_year_args(const struct command *cmd, int argc, char **argv,
    struct unit_year *a, int rule)
{
	static const struct option longs[] = { { "unit", required_argument,
		                                   NULL, 'u' },
		{ "year", required_argument, NULL, 'y' },
		{ "help", no_argument, NULL, 'h' },
		{ "predikat-rule", required_argument, NULL, 'r' },
		{ "triwulan", required_argument, NULL, 'W' },
		{ "against", required_argument, NULL, 'a' },
		{ NULL, 0, NULL, 0 } };
	struct option              some[7];
	int                        n = 3;

	/* The flags the command takes: --predikat-rule with rule,
	 * --triwulan with rule & VIEW_TRIWULAN, --against when the command
	 * says so. */
	memset(some, 0, sizeof(some));
	memcpy(some, longs, 3 * sizeof(some[0]));
	if (rule)
		some[n++] = longs[3];
	if (rule & VIEW_TRIWULAN)
		some[n++] = longs[4];
	if (a->takes_against)
		some[n++] = longs[5];
	/* cli_flags has said what is wrong with a flag. */
	if (cli_flags(cmd, argc, argv, some, cli_unit_year, a) != 0)
		return EXIT_USAGE;
	if (a->unit == NULL || a->year == 0 || optind < argc)
		return cli_usage(cmd);
	return EXIT_OK;
}

int
cli_usage(const struct command *cmd)
{
	fprintf(stderr, "usage: kinerja %s %s\n", cmd->name, cmd->args);
	return EXIT_USAGE;
}

static void *
field_at(ProtobufCMessage *m, const char *name)
{
	const ProtobufCFieldDescriptor *f =
	    protobuf_c_message_descriptor_get_field_by_name(
	        m->descriptor, name);

	return (char *) m + f->offset;
}

int
cli_view(struct cli *cli, const struct command *cmd, int argc, char **argv,
    const struct view *v)
{
	struct unit_year  a = { NULL, 0, 0, v->against, 0 };
	ProtobufCMessage *req, *rep;
	int               rc;

	if (cli_unit_year_args(cmd, argc, argv, &a, v->rule) != EXIT_OK)
		return EXIT_USAGE;
	if (cli_connect(cli) != EXIT_OK)
		return EXIT_FAIL;
	if ((req = calloc(1, v->request->sizeof_message)) == NULL)
		return EXIT_FAIL;
	protobuf_c_message_init(v->request, req);
	*(const char **) field_at(req, "unit") = a.unit;
	*(int32_t *) field_at(req, "year")     = a.year;
	if (v->rule)
		*(int *) field_at(req, "predikat_rule") = a.rule;
	if (v->against)
		*(int *) field_at(req, "against") = a.against;
	if (v->rule & VIEW_TRIWULAN)
		*(int32_t *) field_at(req, "triwulan") = a.triwulan;
	rc = kinerja_call(
	    cli->client, v->method, req, v->reply, &rep, NULL, &cli->st);
	free(req);
	if (rc != KINERJA__CODE__OK)
		return cli_fail(cli, cmd->name);
	if (cli->format == OUT_JSON)
		json_print_message(rep);
	else
		v->table(rep, cli->format, &a);
	protobuf_c_message_free_unpacked(rep, NULL);
	return EXIT_OK;
}

int
cli_show(struct cli *cli, const char *name, const char *method,
    const ProtobufCMessage *req, const ProtobufCMessageDescriptor *reply,
    void (*print)(const void *reply, enum out_format f))
{
	ProtobufCMessage *rep;

	if (cli_connect(cli) != EXIT_OK)
		return EXIT_FAIL;
	if (kinerja_call(cli->client, method, req, reply, &rep, NULL,
	        &cli->st) != KINERJA__CODE__OK)
		return cli_fail(cli, name);
	if (cli->format == OUT_JSON)
		json_print_message(rep);
	else
		print(rep, cli->format);
	protobuf_c_message_free_unpacked(rep, NULL);
	return EXIT_OK;
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
			cli_usage(cmd);
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
	int                        rc;

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
	/* Two replies, one object: HealthReply's fields, then ServerInfo's. */
	if (cli->format == OUT_JSON) {
		json_print(json_merge(jsonpb_from_message(&h->base),
		    jsonpb_from_message(&info->base)));
	} else if (cli->format == OUT_CSV) {
		printf("status,version,schema_version,uptime_seconds,workers\n"
		       "%s,%s,%u,%llu,%u\n",
		    h->status, info->version, info->schema_version,
		    (unsigned long long) info->uptime_seconds, info->workers);
	} else {
		printf("%s: kinerjad %s, skema %u, aktif %llu detik, "
		       "%u pekerja\n",
		    h->status, info->version, info->schema_version,
		    (unsigned long long) info->uptime_seconds, info->workers);
		if (*h->reason)
			printf("alasan: %s\n", h->reason);
	}
	/* A health check fails unless kinerjad says it serves. */
	rc = strcmp(h->status, "SERVING") == 0 ? EXIT_OK : EXIT_FAIL;
	kinerja__health_reply__free_unpacked(h, NULL);
	kinerja__server_info_reply__free_unpacked(info, NULL);
	return rc;
}

/* ------------------------------------------------------------ metrics */

/* Columns: method, requests, errors, then one per latency bucket;
 * headed in Indonesian like every table of the CLI. */
static void
metrics_table(const Kinerja__GetMetricsReply *r, enum out_format f)
{
	const char  *head[TABLE_MAX_COLS] = { "Metode", "Permintaan", "Galat" };
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
		printf("kinerjad aktif %llu detik, basis data %llu byte\n\n",
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
		json_print_message(&r->base);
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
	size_t                     i;

	if (cli_flags(cmd, argc, argv, longs, set_parent, &parent) != 0)
		return EXIT_USAGE;
	req.parent = (char *) parent;
	if (cli_connect(cli) != EXIT_OK)
		return EXIT_FAIL;
	if (kinerja_list_units(cli->client, &req, &rep, &cli->st) != 0)
		return cli_fail(cli, "units");
	if (cli->format == OUT_JSON) {
		json_print_message(&rep->base);
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
	struct kc_range set = { ind->opt_min_case != 0, ind->opt_max_case != 0,
		0, 0 },
	                r;

	if (set.has_min)
		kc_double_to_e4(ind->min, &set.min_e4);
	if (set.has_max)
		kc_double_to_e4(ind->max, &set.max_e4);
	r = kc_range_of(ind->code, ind->name, ind->satuan,
	    ind->value_type == KINERJA__VALUE_TYPE__VALUE_TYPE_AKIP, &set);
	kc_range_text(&r, buf, len);
}

/* The quarterly rule in force (docs/triwulan.md): the one set, else the
 * default for the indicator's kind (the core's rule), marked so in a
 * table. */
static void
quarterly_text(const Kinerja__Indicator *ind, int table, char *buf, size_t len)
{
	enum kc_quarterly q = kc_quarterly_of(ind->satuan,
	    ind->value_type == KINERJA__VALUE_TYPE__VALUE_TYPE_AKIP,
	    (enum kc_quarterly) ind->quarterly);

	snprintf(buf, len, "%s%s", kc_quarterly_name(q),
	    table && ind->quarterly == 0 ? " (bawaan)" : "");
}

/* The reply, each indicator with the range its values are checked
 * against added as "valid_range" and the quarterly rule in force as
 * "quarterly_rule": the keys not in the message. */
static void
indicators_json(const Kinerja__ListIndicatorsReply *rep)
{
	cJSON *j = jsonpb_from_message(&rep->base), *ind;
	char   range[96], q[32];
	size_t i = 0;

	cJSON_ArrayForEach(ind, cJSON_GetObjectItem(j, "indicators"))
	{
		quarterly_text(rep->indicators[i], 0, q, sizeof(q));
		valid_range(rep->indicators[i++], range, sizeof(range));
		cJSON_AddStringToObject(ind, "valid_range", range);
		cJSON_AddStringToObject(ind, "quarterly_rule", q);
	}
	json_print(j);
}

static int
run_indicators(
    struct cli *cli, const struct command *cmd, int argc, char **argv)
{
	static const char *const head[] = { "indicator", "name", "satuan",
		"polarity", "value_type", "min", "max", "valid_range",
		"quarterly" };
	Kinerja__ListIndicatorsRequest req =
	    KINERJA__LIST_INDICATORS_REQUEST__INIT;
	Kinerja__ListIndicatorsReply *rep;
	struct table                  t;
	size_t                        i;
	char                          lo[48], hi[48], range[96], q[48];

	if (cli_flags(cmd, argc, argv, help_only, no_flags, NULL) != 0 ||
	    optind < argc)
		return EXIT_USAGE;
	if (cli_connect(cli) != EXIT_OK)
		return EXIT_FAIL;
	if (kinerja_list_indicators(cli->client, &req, &rep, &cli->st) != 0)
		return cli_fail(cli, "indicators");
	if (cli->format == OUT_JSON) {
		indicators_json(rep);
	} else {
		table_init(&t, 9, head);
		for (i = 0; i < rep->n_indicators; i++) {
			Kinerja__Indicator *ind   = rep->indicators[i];
			const char         *row[] = { ind->code, ind->name,
				        ind->satuan, polarity_name(ind->polarity),
				        vtype_name(ind->value_type), lo, hi, range,
				        q };

			fmt_value_or_dash(ind->opt_min_case != 0, ind->min,
			    cli->format == OUT_TABLE, lo, sizeof(lo));
			fmt_value_or_dash(ind->opt_max_case != 0, ind->max,
			    cli->format == OUT_TABLE, hi, sizeof(hi));
			valid_range(ind, range, sizeof(range));
			quarterly_text(
			    ind, cli->format == OUT_TABLE, q, sizeof(q));
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
	cJSON   *json; /* an array; NULL: print to stderr */
	unsigned n;
};

/* A write's warning: the row was written, but deserves a word. */
static void
warn(void *arg, const char *file, unsigned line, const char *column,
    const char *message)
{
	struct warnings *w = arg;

	w->n++;
	if (w->json != NULL) {
		cJSON *o = cJSON_CreateObject();

		cJSON_AddStringToObject(o, "file", file);
		cJSON_AddNumberToObject(o, "line", line);
		cJSON_AddStringToObject(o, "column", column);
		cJSON_AddStringToObject(o, "message", message);
		cJSON_AddItemToArray(w->json, o);
	} else if (line == 0)
		fprintf(stderr, "%s: peringatan: %s\n", file, message);
	else
		fprintf(stderr, "%s:%u: peringatan: %s: %s\n", file, line,
		    column, message);
}

/* `kinerja --format json import`: the warnings and the counts. An import
 * is many requests, not one reply: this object is the CLI's own. */
static void
import_json(
    cJSON *warnings, const kinerja_import_stats *st, int files, int dry)
{
	cJSON *j = cJSON_CreateObject();

	cJSON_AddItemToObject(j, "warnings", warnings);
	cJSON_AddBoolToObject(j, "dry_run", dry);
	cJSON_AddNumberToObject(j, "rows", st->rows);
	cJSON_AddNumberToObject(j, "files", files);
	cJSON_AddNumberToObject(j, "created", st->created);
	cJSON_AddNumberToObject(j, "updated", st->updated);
	cJSON_AddNumberToObject(j, "unchanged", st->unchanged);
	json_print(j);
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
		char *nb = kc_grow_heap(buf, n, &cap, 1, 65536);

		if (nb == NULL) {
			free(buf);
			fclose(f);
			return NULL;
		}
		buf = nb;
		r   = fread(buf + n, 1, cap - n, f);
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
	struct warnings            w   = { NULL, 0 };
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
	/* Kept until the import ends: a failed one prints no JSON. */
	if (rc == EXIT_OK && cli->format == OUT_JSON)
		w.json = cJSON_CreateArray();
	if (rc == EXIT_OK &&
	    kinerja_import_csv_warn(cli->client, files, (size_t) n, dry,
	        report, warn, &w, &stats) != 0)
		rc = EXIT_FAIL;
	if (w.json != NULL && rc == EXIT_OK)
		import_json(w.json, &stats, n, dry);
	else if (w.json != NULL)
		cJSON_Delete(w.json);
	else if (rc == EXIT_OK)
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
	{ "health", run_health, "",
	    "Checks that kinerjad answers and serves: exits 1 with the "
	    "reason\nwhen it says NOT_SERVING (its database cannot take "
	    "writes)." },
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
	    "Imports CSV sheets (units, indicators, sasaran, values, narasi,\n"
	    "profil, pegawai, budget, belanja, akip, skm). Every\n"
	    "row is checked before anything is written; --dry-run only "
	    "checks." },
	{ "capaian", run_capaian,
	    "--unit UNIT --year YEAR [--triwulan N] "
	    "[--predikat-rule lower|upper|mid] [--against pk|renstra]",
	    "Shows the capaian of a unit's indicators and sasaran for a "
	    "year, against\nthe PK target (default) or the Renstra's target "
	    "for the year. With\n--triwulan N (1-4, I-IV): the realisasi to "
	    "date against the triwulan's\nrencana aksi target and, "
	    "separately, against the yearly PK target.\nFor a region (a unit "
	    "with units under it): the roll-up of the units under it\nthat "
	    "have none under them: mean capaian, predikat distribution, "
	    "units\nnot counted and the weighted serapan.",
	    0 },
	{ "ranking", run_ranking,
	    "--year YEAR (--indicator IND [--by realisasi|capaian] | "
	    "--overall |\n       --by serapan|ikm|akip) "
	    "[--region UNIT | --units A,B,...] "
	    "[--predikat-rule lower|upper|mid] [--limit N]",
	    "Ranks units (ties share a rank) with the change against the "
	    "year before.\nUnits without data are listed last, unranked. "
	    "--limit shows the first N rows and\nthe token's own units. "
	    "--format svg draws kinerjad's chart\n(GetChart) of the capaian "
	    "of --indicator across the units of --region.",
	    1 },
	{ "trend", run_trend,
	    "--unit UNIT --indicator IND [--from YEAR] [--to YEAR] "
	    "[--predikat-rule R]\n       | --unit UNIT --indicator IND "
	    "--year YEAR --quarters",
	    "Shows an indicator's target, realisasi and capaian over the "
	    "years, the change\nyear on year, the least-squares slope and "
	    "whether the Renstra end target is\non track. --format svg: "
	    "kinerjad's chart (GetChart) of target and\nrealisasi, --from "
	    "to --to or the last five years. With --quarters: the\ntriwulan "
	    "I-IV of "
	    "YEAR (target, realisasi to date, capaian, change on the "
	    "triwulan\nbefore).",
	    1 },
	{ "compare", run_compare,
	    "--indicator IND (--units A,B,... | --region UNIT) --years "
	    "FROM-TO\n       [--against pk|renstra] [--predikat-rule R]",
	    "Compares units year by year: target, realisasi, capaian and "
	    "predikat of\none indicator, with each unit's gap (selisih) to "
	    "the first unit's capaian\nin percentage points. At most 30 "
	    "years.",
	    0 },
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
	{ "akip", run_akip, "--unit UNIT (--year YEAR | --years FROM-TO)",
	    "Shows the AKIP evaluation by component, the total and its "
	    "predikat;\nwith --years the components (rows) of each year "
	    "(columns) side by side.",
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
	{ "report", run_report,
	    "--unit UNIT --year YEAR [--format html|md|docx] [--output FILE]",
	    "Writes the unit's whole Laporan Kinerja (LKjIP) for the year as "
	    "kinerjad\nmakes it: cover, ringkasan eksekutif, BAB I-IV and "
	    "lampiran, every table\nnumbered and sourced, the unit's text "
	    "where given and a visible\n\"[Belum diisi: ...]\" where not. "
	    "html (default) embeds the charts, docx is\nfor Word or "
	    "LibreOffice (needs --output or a redirect).",
	    FORMAT_DOC },
	{ "pk", run_report,
	    "--unit UNIT --year YEAR [--format html|md|docx] [--output FILE]",
	    "Writes the unit's Perjanjian Kinerja for the year: the parties, "
	    "the target\ntable, the PK Perubahan (original and revised "
	    "targets side by side) when a\ntarget was revised, and the "
	    "signature blocks.",
	    FORMAT_DOC },
	{ "status", run_status, "--region UNIT --year YEAR [--triwulan N]",
	    "Shows who has reported: per unit under the region, the targets "
	    "and\nrealisasi of its indicators, budget, survey and AKIP present, "
	    "the percentage\ncomplete, the last write and the approval state; "
	    "units not yet reporting\nfirst, then the region's totals.",
	    0 },
	{ "persetujuan", run_approval, "--unit UNIT --year YEAR",
	    "Shows a unit-year's approval state (draft, diajukan, "
	    "diverifikasi,\ndisetujui) and every transition: who, when, why.",
	    0 },
	{ "ajukan", run_transition, "--unit UNIT --year YEAR",
	    "Submits the unit's year for verification (the unit's "
	    "submitter).",
	    0 },
	{ "verifikasi", run_transition, "--unit UNIT --year YEAR",
	    "Marks a submitted year checked (the region's verifier).", 0 },
	{ "setujui", run_transition, "--unit UNIT --year YEAR",
	    "Approves a verified year (the region's verifier or an admin); "
	    "its\nfigures are then locked.",
	    0 },
	{ "kembalikan", run_transition,
	    "--unit UNIT --year YEAR --reason TEXT",
	    "Sends a submitted or verified year back to draft, with the "
	    "reason.",
	    0 },
	{ "buka", run_transition, "--unit UNIT --year YEAR --reason TEXT",
	    "Reopens an approved year (back to draft), with the reason.", 0 },
	{ "narasi", run_narasi,
	    "--unit UNIT --year YEAR\n       | --unit UNIT --year YEAR "
	    "[--indicator IND] --bagian SECTION --file FILE",
	    "Shows the narrative of a unit-year for the Laporan Kinerja: the "
	    "unit's\nsections (ringkasan, pendahuluan, penutup), then each "
	    "indicator's\nanalysis. With --bagian and --file: writes one "
	    "section from FILE ('-' for\nstdin; an empty file removes it). "
	    "An indicator's sections (analisis,\npenyebab, pendukung, "
	    "penghambat, upaya, tindak_lanjut) need --indicator.\nRefused "
	    "while the year is approved. --format csv writes narasi.csv.",
	    0 },
	{ "profil", run_profil, "--unit UNIT --year YEAR",
	    "Shows the unit profile of a year (BAB I): dasar hukum, tugas "
	    "pokok dan\nfungsi, wilayah, pejabat, and the staff by eselon, "
	    "golongan and\npendidikan. --format csv writes profil.csv's and "
	    "pegawai.csv's rows.",
	    0 },
	{ NULL, NULL, NULL, NULL, 0 },
};
