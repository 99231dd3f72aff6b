/*
 * cmd_approval.c - a unit-year's approval and who has reported: `ajukan`,
 * `verifikasi`, `setujui`, `kembalikan` and `buka` move a year one step
 * (the reason goes with --reason), `persetujuan` shows where it stands and
 * how it got there, `status` shows a region's completeness.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "kcore.h"

static void
utc_time(int64_t at_ms, char *buf, size_t len)
{
	time_t t = (time_t) (at_ms / 1000);

	if (at_ms <= 0)
		snprintf(buf, len, "-");
	else
		strftime(buf, len, "%Y-%m-%d %H:%M", gmtime(&t));
}

/* --------------------------------------------------------- persetujuan */

static void
approval_table(const void *reply, enum out_format f, const struct unit_year *a)
{
	const Kinerja__GetApprovalReply *r = reply;
	static const char *const head[]    = { "waktu (UTC)", "oleh", "dari",
		   "ke", "alasan" };
	struct table             t;
	size_t                   i;
	char                     at[32];

	if (f == OUT_TABLE)
		printf("Unit %s tahun %d: %s\n\n", a->unit, a->year,
		    r->approval->label);
	table_init(&t, 5, head);
	for (i = 0; i < r->n_history; i++) {
		const Kinerja__Revision *h       = r->history[i];
		const char              *cells[] = { at, h->actor,
                        h->opt_old_case ? h->old_value : "-", h->new_value,
                        *h->reason ? h->reason : "-" };

		utc_time(h->at_ms, at, sizeof(at));
		table_add(&t, cells);
	}
	table_print(&t, f, stdout);
	table_free(&t);
}

int
run_approval(struct cli *cli, const struct command *cmd, int argc, char **argv)
{
	static const struct view v = { "GetApproval",
		&kinerja__get_approval_request__descriptor,
		&kinerja__get_approval_reply__descriptor, approval_table, 0 };

	return cli_view(cli, cmd, argc, argv, &v);
}

/* --------------------------------------------------------- transitions */

/* The command's name is the action: ajukan, verifikasi, ... */
int
run_transition(
    struct cli *cli, const struct command *cmd, int argc, char **argv)
{
	Kinerja__TransitionYearRequest req =
	    KINERJA__TRANSITION_YEAR_REQUEST__INIT;
	Kinerja__GetApprovalRequest get = KINERJA__GET_APPROVAL_REQUEST__INIT;
	Kinerja__WriteReply        *w;
	Kinerja__GetApprovalReply  *r;
	struct unit_year            a = { NULL, 0, 0 };
	enum kc_action              action;

	if (kc_action_parse(cmd->name, &action) != 0 ||
	    cli_unit_year_args(cmd, argc, argv, &a, 0) != EXIT_OK)
		return EXIT_USAGE;
	if (cli_connect(cli) != EXIT_OK)
		return EXIT_FAIL;
	req.unit   = (char *) a.unit;
	req.year   = a.year;
	req.action = (Kinerja__ApprovalAction) (action + 1);
	if (kinerja_transition_year(cli->client, &req, &w, &cli->st) != 0)
		return cli_fail(cli, cmd->name);
	kinerja__write_reply__free_unpacked(w, NULL);
	get.unit = (char *) a.unit;
	get.year = a.year;
	if (kinerja_get_approval(cli->client, &get, &r, &cli->st) != 0)
		return cli_fail(cli, cmd->name);
	if (cli->format == OUT_JSON)
		json_print_message(&r->base);
	else
		printf("Unit %s tahun %d: %s\n", a.unit, a.year,
		    r->approval->label);
	kinerja__get_approval_reply__free_unpacked(r, NULL);
	return EXIT_OK;
}

/* -------------------------------------------------------------- status */

struct status_args {
	Kinerja__GetCompletenessRequest req;
};

static int
set_status(void *arg, int c, const char *v)
{
	struct status_args *a = arg;

	switch (c) {
	case 'g':
		a->req.region = (char *) v;
		return 0;
	case 'y':
		return cli_year("--year", v, &a->req.year);
	case 't':
		return cli_triwulan(v, &a->req.triwulan);
	}
	return -1;
}

static const char *
yes(int b)
{
	return b ? "ada" : "-";
}

static void
pct_text(const Kinerja__Completeness *c, int comma, char *buf, size_t len)
{
	if (c->opt_percent_case)
		fmt_value(c->percent, comma, buf, len);
	else
		snprintf(buf, len, "-");
}

static void
status_row(struct table *t, const Kinerja__UnitCompleteness *u, int comma)
{
	const Kinerja__Completeness *c = u->counts;
	char                         tg[32], rl[32], pct[32], at[32];
	const char *cells[] = { u->unit->code, u->unit->name, tg, rl,
		yes((int) c->budget), yes((int) c->survey), yes((int) c->akip),
		pct, at, u->approval->label };

	snprintf(tg, sizeof(tg), "%u/%u", c->targets, c->indicators);
	snprintf(rl, sizeof(rl), "%u/%u", c->realisasi, c->indicators);
	pct_text(c, comma, pct, sizeof(pct));
	utc_time(u->last_write_ms, at, sizeof(at));
	table_add(t, cells);
}

static void
status_print(const void *reply, enum out_format f)
{
	const Kinerja__GetCompletenessReply *r = reply;
	static const char *const     head[] = { "Kode", "Unit", "Target",
		    "Realisasi", "Anggaran", "Survei", "AKIP", "Lengkap (%)",
		    "Terakhir diisi (UTC)", "Status" };
	const Kinerja__Completeness *c      = r->total;
	struct table                 t;
	size_t                       i;
	char                         pct[32];

	table_init(&t, 10, head);
	t.right[7] = 1;
	for (i = 0; i < r->n_units; i++)
		status_row(&t, r->units[i], f == OUT_TABLE);
	if (f == OUT_TABLE)
		printf("Kelengkapan data %s tahun %d%s%s\n\n", r->region->name,
		    r->year, r->triwulan ? " triwulan " : "",
		    r->triwulan ? kc_triwulan_roman((int) r->triwulan) : "");
	table_print(&t, f, stdout);
	table_free(&t);
	if (f != OUT_TABLE)
		return;
	pct_text(c, 1, pct, sizeof(pct));
	printf("\n%u unit: %u belum melapor, %u disetujui; lengkap %s %% "
	       "(%u dari %u isian)\n",
	    c->units, c->not_reporting, c->approved, pct, c->present,
	    c->expected);
}

int
run_status(struct cli *cli, const struct command *cmd, int argc, char **argv)
{
	static const struct option longs[] = {
		{ "region", required_argument, NULL, 'g' },
		{ "year", required_argument, NULL, 'y' },
		{ "triwulan", required_argument, NULL, 't' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct status_args a = { KINERJA__GET_COMPLETENESS_REQUEST__INIT };

	if (cli_flags(cmd, argc, argv, longs, set_status, &a) != 0 ||
	    optind < argc || *a.req.region == 0 || a.req.year == 0)
		return cli_usage(cmd);
	return cli_show(cli, cmd->name, "GetCompleteness", &a.req.base,
	    &kinerja__get_completeness_reply__descriptor, status_print);
}
