/*
 * cli.h - what every command of the kinerja CLI gets: the connection, the
 * output format, and the helpers that turn a failed call into a message.
 */
#ifndef KINERJA_CLI_H
#define KINERJA_CLI_H

#include "kinerja/client.h"
#include "output.h"

struct cli {
	const char     *url;
	enum out_format format;
	uint32_t        timeout_ms;
	const char     *token; /* sent as "authorization" metadata */
	const char     *reason; /* sent as "reason" metadata */
	kinerja_tls     tls;
	kinerja_client *client; /* opened by cli_connect() */
	kinerja_status  st;
};

/* Exit codes. */
enum { EXIT_OK = 0, EXIT_FAIL = 1, EXIT_USAGE = 2 };

#define FORMAT_SVG 1 /* --format svg: a chart */
#define FORMAT_DOC 2 /* --format md|html: a document */

struct command {
	const char *name;
	int (*run)(
	    struct cli *cli, const struct command *cmd, int argc, char **argv);
	const char *args;
	const char *summary;
	int         formats; /* FORMAT_SVG, FORMAT_DOC: what else it writes */
};

extern const struct command commands[];

/* Connects to cli->url once a command has its arguments, so that
 * `COMMAND --help` works without a server. Returns EXIT_OK or EXIT_FAIL. */
int cli_connect(struct cli *cli);

/* Prints "kinerja: CODE: message" and the details; returns EXIT_FAIL. */
int cli_fail(struct cli *cli, const char *what);

/* Reads a whole file into malloc'd memory; NULL with errno set. */
char *cli_slurp(const char *path, size_t *len);

/* Parses a year in KC_YEAR_MIN..KC_YEAR_MAX; if it is not one, says so naming flag. */
int cli_year(const char *flag, const char *v, int32_t *year);

/* Parses --predikat-rule lower|upper|mid (0, 1, 2), saying so if not. */
int cli_rule(const char *v, int *rule);

/* The flags of the commands about a unit and a year. */
struct unit_year {
	const char *unit;
	int32_t     year;
	int         rule; /* --predikat-rule */
	int         takes_against; /* the command takes --against */
	int         against; /* --against pk|renstra (0, 1) */
	int32_t     triwulan; /* --triwulan; 0: the year */
};

/* Splits "a,b,c" in place into a malloc'd array of its non-empty items;
 * -1 when there is none (or no memory). */
int cli_split(char *list, char ***items, size_t *n);

/* Parses "2021-2025" or "2023" (from = to); says what is wrong naming
 * flag. The order is the server's to check. */
int cli_years(const char *flag, const char *v, int32_t *from, int32_t *to);

/* Parses --against pk|renstra (AGAINST_PK, AGAINST_RENSTRA). */
int cli_against(const char *v, int *against);

/* A cli_flags setter for struct unit_year: --unit ('u'), --year ('y')
 * and --predikat-rule ('r'). 0, -1 on a bad value, 1 for another flag. */
/* Parses --triwulan: 1-4, I-IV, "TW III", "Triwulan 3"; a number goes
 * as it is (the server refuses one outside 1-4). */
int cli_triwulan(const char *v, int32_t *triwulan);

/* A cli_flags setter for struct unit_year: --unit ('u'), --year ('y'),
 * --predikat-rule ('r') and --triwulan ('W'). 0, -1 on a bad value, 1 for
 * another flag. */
int cli_unit_year(void *arg, int c, const char *v);

/* Parses exactly --unit U --year Y, both required, and with rule set
 * --predikat-rule R; EXIT_OK or EXIT_USAGE after printing the usage. */
int cli_unit_year_args(const struct command *cmd, int argc, char **argv,
    struct unit_year *a, int rule);

/* Prints the command's usage line; returns EXIT_USAGE. */
int cli_usage(const struct command *cmd);

/* A read command about a unit and a year: its RPC and how to show the
 * reply in a table or CSV (JSON is the reply itself). The requests share
 * the fields unit, year and, with rule, predikat_rule, set by name. */
struct view {
	const char                       *method;
	const ProtobufCMessageDescriptor *request;
	const ProtobufCMessageDescriptor *reply;
	void (*table)(
	    const void *reply, enum out_format f, const struct unit_year *a);
	int rule; /* takes --predikat-rule; | VIEW_TRIWULAN: --triwulan */
	int against; /* takes --against (the request's field `against`) */
};
#define VIEW_TRIWULAN 2

/* Parses --unit U --year Y, makes the call and prints the reply. */
/* Connects, calls method with req and prints the reply: as JSON, or
 * with print for a table or CSV. EXIT_OK, or EXIT_FAIL after saying why. */
int cli_show(struct cli *cli, const char *name, const char *method,
    const ProtobufCMessage *req, const ProtobufCMessageDescriptor *reply,
    void (*print)(const void *reply, enum out_format f));

int cli_view(struct cli *cli, const struct command *cmd, int argc, char **argv,
    const struct view *v);

/* Runs getopt_long over a command's own flags, calling set for each; -h
 * prints the command's usage and exits. Returns -1 on a usage error. */
struct option;
int cli_flags(const struct command *cmd, int argc, char **argv,
    const struct option *longs, int (*set)(void *, int, const char *),
    void                *arg);

/* The table of one AKIP evaluation (cmd_budget.c), for `akip`. */
void akip_table(const void *reply, enum out_format f, const struct unit_year *a);
int  run_compare(
    struct cli *cli, const struct command *cmd, int argc, char **argv);
int run_history(
    struct cli *cli, const struct command *cmd, int argc, char **argv);
/* The notes under a capaian table (derived realisasi, findings,
 * indicators left out of a mean), one call of `line` each. */
/* An Absorption's pagu, realisasi and serapan as cells ("-" where
 * absent; a NULL one has none), money as rupiah (cmd_budget.c). */
#define CLI_AMOUNT_LEN 48
void absorption_text(const Kinerja__Absorption *a, int table,
    char pagu[CLI_AMOUNT_LEN], char real[CLI_AMOUNT_LEN],
    char ser[CLI_AMOUNT_LEN]);
/* A region's roll-up part of a GetCapaian reply (cmd_rollup.c). */
void rollup_print(const Kinerja__GetCapaianReply *r, enum out_format f);
void capaian_notes(const Kinerja__GetCapaianReply *r,
    void (*line)(void *arg, const char *text), void *arg);
int  run_capaian(
     struct cli *cli, const struct command *cmd, int argc, char **argv);
int run_ranking(
    struct cli *cli, const struct command *cmd, int argc, char **argv);
int run_trend(
    struct cli *cli, const struct command *cmd, int argc, char **argv);
int run_progress(
    struct cli *cli, const struct command *cmd, int argc, char **argv);
int run_budget(
    struct cli *cli, const struct command *cmd, int argc, char **argv);
int run_efficiency(
    struct cli *cli, const struct command *cmd, int argc, char **argv);
int run_survey(
    struct cli *cli, const struct command *cmd, int argc, char **argv);
int run_akip(
    struct cli *cli, const struct command *cmd, int argc, char **argv);
int run_validate(
    struct cli *cli, const struct command *cmd, int argc, char **argv);
int run_export(
    struct cli *cli, const struct command *cmd, int argc, char **argv);
int run_report(
    struct cli *cli, const struct command *cmd, int argc, char **argv);
int run_approval(
    struct cli *cli, const struct command *cmd, int argc, char **argv);
int run_transition(
    struct cli *cli, const struct command *cmd, int argc, char **argv);
int run_status(
    struct cli *cli, const struct command *cmd, int argc, char **argv);
/* The LKjIP's own text (cmd_text.c). */
int run_narasi(
    struct cli *cli, const struct command *cmd, int argc, char **argv);
int run_profil(
    struct cli *cli, const struct command *cmd, int argc, char **argv);

#endif
