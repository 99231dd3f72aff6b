/*
 * main.c - the kinerja CLI: global flags, then one command from the table
 * in commands.c, run against kinerjad through libkinerja.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static void
usage(FILE *f)
{
	const struct command *c;

	fprintf(f, "usage: kinerja [--url URL[,URL...]] [--token T] [--format "
	           "table|csv|json] [--timeout MS]\n"
	           "               COMMAND [ARGS]\n\n"
	           "The command-line client of kinerjad (SAKIP performance "
	           "figures).\n\n"
	           "Commands:\n");
	for (c = commands; c->name != NULL; c++)
		fprintf(f, "  %-11s %s\n", c->name, c->args);
	fprintf(f,
	    "\nOptions:\n"
	    "  --url URL       kinerjad address (default $KINERJA_URL or "
	    "%s);\n"
	    "                  replicas as a comma-separated list, "
	    "tcp://a:7450,tcp://b:7450:\n"
	    "                  calls spread over them and go on when one "
	    "is down\n"
	    "  --format F      table (default), csv, json; svg for ranking "
	    "and trend;\n"
	    "                  html, md, docx for report and pk\n"
	    "  --timeout MS    deadline of each call (default 30000)\n"
	    "  --token T       API token (default $KINERJA_TOKEN), for a "
	    "kinerjad --auth\n"
	    "  --reason TEXT   why, kept in the history of what a write "
	    "changes\n"
	    "  --ca FILE       CA (PEM) that signed the server's certificate, "
	    "for\n"
	    "                  tls+tcp:// (default $KINERJA_CA)\n"
	    "  --cert FILE     client certificate and key (one PEM file), "
	    "when the\n"
	    "                  server asks for one (default $KINERJA_CERT)\n"
	    "  -h, --help      this help; COMMAND --help for a command's\n"
	    "  -V, --version   the version\n",
	    KINERJA_DEFAULT_URL);
}

static int
set_format(struct cli *cli, const char *v)
{
	static const char *const names[] = { "table", "csv", "json", "svg",
		"md", "html", "docx" };
	int                      i;

	for (i = 0; i < 7; i++) {
		if (strcmp(v, names[i]) == 0) {
			cli->format = (enum out_format) i;
			return 0;
		}
	}
	fprintf(stderr,
	    "kinerja: --format: \"%s\" is not table, csv, json, svg, md, "
	    "html or docx\n",
	    v);
	return -1;
}

static int
set_timeout(struct cli *cli, const char *v)
{
	char *end;
	long  ms = strtol(v, &end, 10);

	if (*v == 0 || *end || ms < 1 || ms > 3600000) {
		fprintf(stderr,
		    "kinerja: --timeout: \"%s\" is not a number of "
		    "milliseconds (1-3600000)\n",
		    v);
		return -1;
	}
	cli->timeout_ms = (uint32_t) ms;
	return 0;
}

/*
 * Global flags may stand before the command or among its arguments
 * (`kinerja capaian ... --format json`); they are taken out of argv here
 * so that commands see only their own. Returns the new argc or -1.
 */
static int
globals(struct cli *cli, int argc, char **argv)
{
	int i, out = 1, rc = 0;

	for (i = 1; i < argc && rc == 0; i++) {
		const char *a = argv[i],
		           *v = i + 1 < argc ? argv[i + 1] : NULL;
		int takes = !strcmp(a, "--url") || !strcmp(a, "--format") ||
		            !strcmp(a, "--timeout") || !strcmp(a, "--token") ||
		            !strcmp(a, "--reason") || !strcmp(a, "--ca") ||
		            !strcmp(a, "--cert");

		if (strcmp(a, "--") == 0) {
			while (i < argc)
				argv[out++] = argv[i++];
			break;
		}
		if (takes && v == NULL) {
			fprintf(stderr, "kinerja: %s needs a value\n", a);
			return -1;
		}
		if (!strcmp(a, "--url"))
			cli->url = v;
		else if (!strcmp(a, "--format"))
			rc = set_format(cli, v);
		else if (!strcmp(a, "--timeout"))
			rc = set_timeout(cli, v);
		else if (!strcmp(a, "--token"))
			cli->token = v;
		else if (!strcmp(a, "--reason"))
			cli->reason = v;
		else if (!strcmp(a, "--ca"))
			cli->tls.ca_file = v;
		else if (!strcmp(a, "--cert"))
			cli->tls.cert_file = v;
		else
			argv[out++] = argv[i];
		i += takes;
	}
	argv[out] = NULL;
	return rc == 0 ? out : -1;
}

int
cli_connect(struct cli *cli)
{
	if (kinerja_open_tls(&cli->client, cli->url, &cli->tls, &cli->st) !=
	    0) {
		cli->client = NULL;
		return cli_fail(cli, cli->url);
	}
	kinerja_set_timeout(cli->client, cli->timeout_ms);
	if ((cli->token && *cli->token &&
	        kinerja_set_metadata(
	            cli->client, "authorization", cli->token) != 0) ||
	    (cli->reason && *cli->reason &&
	        kinerja_set_metadata(cli->client, "reason", cli->reason) !=
	            0)) {
		fprintf(stderr, "kinerja: out of memory\n");
		return EXIT_FAIL;
	}
	return EXIT_OK;
}

static const struct command *
find(const char *name)
{
	const struct command *c;

	for (c = commands; c->name != NULL; c++)
		if (strcmp(c->name, name) == 0)
			return c;
	return NULL;
}

int
main(int argc, char **argv)
{
	struct cli            cli = { 0 };
	const struct command *cmd;
	int                   rc;

	cli.url           = getenv("KINERJA_URL") ? getenv("KINERJA_URL")
	                                          : KINERJA_DEFAULT_URL;
	cli.timeout_ms    = 30000;
	cli.token         = getenv("KINERJA_TOKEN");
	cli.tls.ca_file   = getenv("KINERJA_CA");
	cli.tls.cert_file = getenv("KINERJA_CERT");
	if ((argc = globals(&cli, argc, argv)) < 0)
		return EXIT_USAGE;
	if (argc < 2 || !strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
		usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? EXIT_USAGE : EXIT_OK;
	}
	if (!strcmp(argv[1], "-V") || !strcmp(argv[1], "--version")) {
		printf("kinerja %s\n", KINERJA_VERSION);
		return EXIT_OK;
	}
	if ((cmd = find(argv[1])) == NULL) {
		fprintf(stderr,
		    "kinerja: unknown command \"%s\"; see kinerja "
		    "--help\n",
		    argv[1]);
		return EXIT_USAGE;
	}
	if ((cli.format == OUT_SVG && !(cmd->formats & FORMAT_SVG)) ||
	    ((cli.format == OUT_MD || cli.format == OUT_HTML ||
	         cli.format == OUT_DOCX) &&
	        !(cmd->formats & FORMAT_DOC))) {
		fprintf(stderr,
		    "kinerja: %s: --format svg is for ranking and trend; md, "
		    "html and docx for report and pk\n",
		    cmd->name);
		return EXIT_USAGE;
	}
	rc = cmd->run(&cli, cmd, argc - 1, argv + 1);
	if (cli.client != NULL)
		kinerja_close(cli.client);
	kinerja_status_clear(&cli.st);
	return rc;
}
