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
#include "json_pb.h"

#define PAGE 1000

struct history_args {
	Kinerja__GetHistoryRequest req;
	struct unit_year           uy; /* --unit, --year */
	unsigned long              limit; /* 0: all */
};

static int
set_arg(void *arg, int c, const char *v)
{
	struct history_args *a = arg;
	char                *end;

	switch (c) {
	case 'u':
	case 'y':
		return cli_unit_year(&a->uy, c, v);
	case 'i':
		a->req.indicator = (char *) v;
		return 0;
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

/* Adds one page's revisions as table rows or, for JSON, to the array
 * revisions; returns how many it added. */
static size_t
add_page(const Kinerja__GetHistoryReply *rep, struct table *t,
    cJSON *revisions, unsigned long room)
{
	size_t i;

	for (i = 0; i < rep->n_revisions && i < room; i++) {
		if (revisions != NULL)
			cJSON_AddItemToArray(revisions,
			    jsonpb_from_message(&rep->revisions[i]->base));
		else
			add_row(t, rep->revisions[i]);
	}
	return i;
}

/* Reads page after page; *more: whether revisions remain past --limit. */
static int
walk(struct cli *cli, struct history_args *a, struct table *t,
    cJSON *revisions, int *more)
{
	Kinerja__GetHistoryReply *rep;
	unsigned long             shown = 0;

	*more = 1;
	while (*more && (a->limit == 0 || shown < a->limit)) {
		size_t n;

		if (kinerja_get_history(
		        cli->client, &a->req, &rep, &cli->st) != 0)
			return cli_fail(cli, "history");
		n = add_page(rep, t, revisions,
		    a->limit ? a->limit - shown : (unsigned long) -1);
		shown += n;
		*more = (rep->more && rep->n_revisions > 0) ||
		        n < rep->n_revisions;
		if (rep->n_revisions > 0)
			a->req.after =
			    rep->revisions[rep->n_revisions - 1]->id;
		kinerja__get_history_reply__free_unpacked(rep, NULL);
	}
	return EXIT_OK;
}

/* --format json: the pages as one GetHistoryReply, "more" when --limit
 * left revisions out. */
static int
history_json(struct cli *cli, struct history_args *a)
{
	cJSON *j = cJSON_CreateObject(), *revisions = cJSON_CreateArray();
	int    more, rc;

	cJSON_AddItemToObject(j, "revisions", revisions);
	if ((rc = walk(cli, a, NULL, revisions, &more)) != EXIT_OK) {
		cJSON_Delete(j);
		return rc;
	}
	cJSON_AddBoolToObject(j, "more", more);
	return json_print(j) == 0 ? EXIT_OK : EXIT_FAIL;
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
	struct history_args      a      = { KINERJA__GET_HISTORY_REQUEST__INIT,
		          { "", 0, 0 }, 0 };
	struct table             t;
	int                      rc, more;

	if (cli_flags(cmd, argc, argv, longs, set_arg, &a) != 0 ||
	    optind < argc)
		return EXIT_USAGE;
	a.req.unit = (char *) a.uy.unit;
	a.req.year = a.uy.year;
	if (*a.req.unit == 0 && *a.req.indicator == 0) {
		fprintf(stderr,
		    "kinerja: history: --unit or --indicator is required\n");
		return EXIT_USAGE;
	}
	a.req.limit = PAGE;
	if (cli_connect(cli) != EXIT_OK)
		return EXIT_FAIL;
	if (cli->format == OUT_JSON)
		return history_json(cli, &a);
	table_init(&t, 10, head);
	if ((rc = walk(cli, &a, &t, NULL, &more)) == EXIT_OK)
		table_print(&t, cli->format, stdout);
	table_free(&t);
	return rc;
}
