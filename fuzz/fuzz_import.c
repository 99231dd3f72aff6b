/*
 * fuzz_import.c - the client's sheet reading: kinerja_import_csv on up to
 * eight files (the input split at NUL bytes) as a dry run against a
 * kinerjad in this process, so header recognition, every sheet's row
 * parser, the whole-sheet checks and the request plan all see the input,
 * and what passes them is validated by the server without being written.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "khandlers.h"
#include "kinerja/client.h"
#include "server.h"

#define MAX_FILES 8

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static kinerja_client *client;

static _Noreturn void
die(const char *what)
{
	fprintf(stderr, "fuzz_import: %s\n", what);
	abort();
}

static void
start(void)
{
	struct kserver_config cfg = { ":memory:", 1, 16u << 20, 100000, 2000,
		64u << 20, KLOG_NONE };
	struct kserver       *srv;
	kinerja_status        st = KINERJA_STATUS_INIT;
	char                  err[256];

	cfg.service = &khandlers_service;
	if (kserver_start(&srv, &cfg, err, sizeof(err)) != 0 ||
	    kserver_listen(srv, "inproc://fuzz-import", err, sizeof(err)) != 0)
		die(err);
	if (kinerja_open(&client, "inproc://fuzz-import", &st) != 0)
		die(st.message);
	kinerja_status_clear(&st);
}

static void
report(void *arg, const char *file, unsigned line, const char *column,
    const char *message)
{
	(void) file;
	(void) line;
	if (column == NULL || message == NULL || *message == 0)
		die("a problem reported without column or message");
	(*(unsigned *) arg)++;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char   *names[MAX_FILES] = { "1.csv", "2.csv", "3.csv",
		  "4.csv", "5.csv", "6.csv", "7.csv", "8.csv" };
	kinerja_file         files[MAX_FILES];
	kinerja_import_stats stats;
	const char          *p = (const char *) data, *end = p + size, *nul;
	unsigned             problems = 0;
	size_t               n        = 0;

	if (client == NULL)
		start();
	while (n < MAX_FILES && p <= end) {
		nul = memchr(p, 0, (size_t) (end - p));
		if (nul == NULL || n == MAX_FILES - 1)
			nul = end;
		files[n] = (kinerja_file) { names[n], p, (size_t) (nul - p) };
		n++;
		p = nul + 1;
	}
	if (kinerja_import_csv(
	        client, files, n, 1, report, &problems, &stats) != 0 &&
	    problems == 0)
		die("import failed without reporting a problem");
	return 0;
}
