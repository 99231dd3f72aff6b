/*
 * cmd_history.c - `kinerja history`: the revisions of a unit's data, read
 * page by page so that a long history is never one huge reply.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"

#define PAGE 1000

struct history_args {
	Kinerja__GetHistoryRequest req;
	unsigned long              limit; /* 0: all */
};

static int
set_arg(void *arg, int c, const char *v)
{
	struct history_args *a = arg;
	char                *end;

	switch (c) {
	case 'u':
		a->req.unit = (char *) v;
		return 0;
	case 'i':
		a->req.indicator = (char *) v;
		return 0;
	case 'y':
		return cli_year(v, &a->req.year);
	case 'n':
		a->limit = strtoul(v, &end, 10);
		return *v == 0 || *end || a->limit == 0 || *v == '-' ? -1 : 0;
	}
	return -1;
}

static void
when(int64_t at_ms, char *buf, size_t len)
{
	time_t t = (time_t) (at_ms / 1000);

	strftime(buf, len, "%Y-%m-%d %H:%M:%S", gmtime(&t));
}

static void
print_json(struct json *j, const Kinerja__Revision *r)
{
	char at[32];

	when(r->at_ms, at, sizeof(at));
	json_object(j, NULL);
	json_int(j, "id", (long long) r->id);
	json_string(j, "at", at);
	json_string(j, "actor", r->actor);
	json_string(j, "what", r->what);
	json_string(j, "unit", r->unit);
	json_string(j, "indicator", r->indicator);
	json_int(j, "year", r->year);
	json_string(j, "field", r->field);
	if (r->opt_old_case)
		json_string(j, "old", r->old_value);
	else
		json_null(j, "old");
	json_string(j, "new", r->new_value);
	json_string(j, "reason", r->reason);
	json_string(j, "request_id", r->request_id);
	json_string(j, "method", r->method);
	json_close(j, '}');
}

static void
add_row(struct table *t, const Kinerja__Revision *r)
{
	char        at[32], year[16];
	const char *row[10];

	when(r->at_ms, at, sizeof(at));
	snprintf(year, sizeof(year), "%d", r->year);
	row[0] = at;
	row[1] = r->actor;
	row[2] = r->what;
	row[3] = *r->indicator ? r->indicator : "-";
	row[4] = r->year ? year : "-";
	row[5] = r->field;
	row[6] = r->opt_old_case ? r->old_value : "-";
	row[7] = *r->new_value ? r->new_value : "-";
	row[8] = *r->reason ? r->reason : "-";
	row[9] = r->request_id;
	table_add(t, row);
}

/* Prints one page; returns how many it printed. */
static size_t
print_page(struct cli *cli, const Kinerja__GetHistoryReply *rep,
    struct table *t, struct json *j, unsigned long room)
{
	size_t i;

	for (i = 0; i < rep->n_revisions && i < room; i++) {
		if (cli->format == OUT_JSON)
			print_json(j, rep->revisions[i]);
		else
			add_row(t, rep->revisions[i]);
	}
	return i;
}

static int
walk(struct cli *cli, struct history_args *a, struct table *t, struct json *j)
{
	Kinerja__GetHistoryReply *rep;
	unsigned long             shown = 0;
	int                       more  = 1;

	while (more && (a->limit == 0 || shown < a->limit)) {
		if (kinerja_get_history(
		        cli->client, &a->req, &rep, &cli->st) != 0)
			return cli_fail(cli, "history");
		shown += print_page(cli, rep, t, j,
		    a->limit ? a->limit - shown : (unsigned long) -1);
		more = rep->more && rep->n_revisions > 0;
		if (rep->n_revisions > 0)
			a->req.after =
			    rep->revisions[rep->n_revisions - 1]->id;
		kinerja__get_history_reply__free_unpacked(rep, NULL);
	}
	return EXIT_OK;
}

int
run_history(struct cli *cli, const struct command *cmd, int argc, char **argv)
{
	static const struct option longs[] = {
		{ "unit", required_argument, NULL, 'u' },
		{ "indicator", required_argument, NULL, 'i' },
		{ "year", required_argument, NULL, 'y' },
		{ "limit", required_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	static const char *const head[] = { "waktu (UTC)", "oleh", "data",
		"indikator", "tahun", "field", "lama", "baru", "alasan",
		"request" };
	struct history_args      a = { KINERJA__GET_HISTORY_REQUEST__INIT, 0 };
	struct table             t;
	struct json              j;
	int                      rc;

	if (cli_flags(cmd, argc, argv, longs, set_arg, &a) != 0 ||
	    optind < argc)
		return EXIT_USAGE;
	if (*a.req.unit == 0 && *a.req.indicator == 0) {
		fprintf(stderr,
		    "kinerja: history: --unit or --indicator is required\n");
		return EXIT_USAGE;
	}
	a.req.limit = PAGE;
	if (cli_connect(cli) != EXIT_OK)
		return EXIT_FAIL;
	table_init(&t, 10, head);
	if (cli->format == OUT_JSON) {
		json_begin(&j, stdout);
		json_array(&j, NULL);
	}
	rc = walk(cli, &a, &t, &j);
	if (cli->format == OUT_JSON) {
		json_close(&j, ']');
		json_end(&j);
	} else if (rc == EXIT_OK) {
		table_print(&t, cli->format, stdout);
	}
	table_free(&t);
	return rc;
}
