/*
 * cmd_report.c - `kinerja report` and `kinerja pk`: the unit-year's
 * Laporan Kinerja (LKjIP, BAB I-IV and lampiran) or its Perjanjian
 * Kinerja, as kinerjad writes it (GetReport, docs/lkjip.md): HTML to
 * print, Markdown to read, DOCX to edit in Word or LibreOffice. The CLI
 * only asks and writes the bytes; every figure is the service's.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

struct report_args {
	struct unit_year uy;
	const char      *output; /* NULL: standard output */
};

static int
set_arg(void *arg, int c, const char *v)
{
	struct report_args *a  = arg;
	int                 rc = cli_unit_year(&a->uy, c, v);

	if (rc <= 0)
		return rc;
	if (c == 'o') {
		a->output = v;
		return 0;
	}
	return -1;
}

static const struct option longs[] = {
	{ "unit", required_argument, NULL, 'u' },
	{ "year", required_argument, NULL, 'y' },
	{ "predikat-rule", required_argument, NULL, 'r' },
	{ "output", required_argument, NULL, 'o' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static int
write_document(const struct report_args *a, const ProtobufCBinaryData *doc)
{
	FILE *f = a->output ? fopen(a->output, "wb") : stdout;

	if (f == NULL) {
		fprintf(stderr, "kinerja: --output %s: %s\n", a->output,
		    strerror(errno));
		return EXIT_FAIL;
	}
	if (fwrite(doc->data, 1, doc->len, f) != doc->len ||
	    (f == stdout ? fflush(f) : fclose(f)) != 0) {
		fprintf(stderr, "kinerja: writing the document: %s\n",
		    strerror(errno));
		return EXIT_FAIL;
	}
	return EXIT_OK;
}

static int
report_format(const struct cli *cli, Kinerja__ReportFormat *format)
{
	switch (cli->format) {
	case OUT_TABLE: /* not asked: the printable one */
	case OUT_HTML:
		*format = KINERJA__REPORT_FORMAT__REPORT_FORMAT_HTML;
		return 0;
	case OUT_MD:
		*format = KINERJA__REPORT_FORMAT__REPORT_FORMAT_MARKDOWN;
		return 0;
	case OUT_DOCX:
		*format = KINERJA__REPORT_FORMAT__REPORT_FORMAT_DOCX;
		return 0;
	default:
		fprintf(stderr, "kinerja: --format: a document is html, md or "
		                "docx\n");
		return -1;
	}
}

int
run_report(struct cli *cli, const struct command *cmd, int argc, char **argv)
{
	struct report_args       a   = { { NULL, 0, 0, 0, 0, 0 }, NULL };
	Kinerja__GetReportRequest req = KINERJA__GET_REPORT_REQUEST__INIT;
	Kinerja__GetReportReply  *rep = NULL;
	int                       rc;

	if (cli_flags(cmd, argc, argv, longs, set_arg, &a) != 0 ||
	    a.uy.unit == NULL || a.uy.year == 0)
		return cli_usage(cmd);
	if (report_format(cli, &req.format) != 0)
		return EXIT_USAGE;
	if (req.format == KINERJA__REPORT_FORMAT__REPORT_FORMAT_DOCX &&
	    a.output == NULL && isatty(STDOUT_FILENO)) {
		fprintf(stderr, "kinerja: %s: a .docx is not for a terminal; "
		                "give --output FILE.docx (or redirect)\n",
		    cmd->name);
		return EXIT_USAGE;
	}
	if (cli_connect(cli) != EXIT_OK)
		return EXIT_FAIL;
	req.unit          = (char *) a.uy.unit;
	req.year          = a.uy.year;
	req.predikat_rule = a.uy.rule;
	req.kind          = strcmp(cmd->name, "pk") == 0
	                        ? KINERJA__REPORT_KIND__REPORT_KIND_PK
	                        : KINERJA__REPORT_KIND__REPORT_KIND_LKJIP;
	if (kinerja_call(cli->client, "GetReport", &req.base,
	        &kinerja__get_report_reply__descriptor,
	        (ProtobufCMessage **) &rep, NULL, &cli->st) != 0)
		return cli_fail(cli, cmd->name);
	rc = write_document(&a, &rep->document);
	if (rc == EXIT_OK && a.output)
		fprintf(stderr, "kinerja: %s: %zu byte ditulis ke %s\n",
		    cmd->name, rep->document.len, a.output);
	if (rc == EXIT_OK && rep->n_placeholders > 0)
		fprintf(stderr,
		    "kinerja: %s: %zu bagian belum diisi (ditandai \"[Belum "
		    "diisi: ...]\"), mis. %s\n",
		    cmd->name, rep->n_placeholders, rep->placeholders[0]);
	protobuf_c_message_free_unpacked(&rep->base, NULL);
	return rc;
}
