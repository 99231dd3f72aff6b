/*
 * migrate.c - kinerjad migrate --from SRC --to DST (issue #18): a whole
 * database from SQLite to PostgreSQL or back (either way round, or to its
 * own kind), through kstore_copy, which checks every table read back
 * before it commits. This file is the command: options, the checks that
 * need no database, and the account it prints.
 */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "migrate.h"
#include "store.h"

struct tally {
	int     tables, bad;
	int64_t rows;
};

static void
usage(FILE *f)
{
	fprintf(f,
	    "usage: kinerjad migrate --from SRC --to DST\n"
	    "\n"
	    "Copies everything in the database SRC into DST: units, "
	    "indicators, values\nwith their revisions, budgets, surveys, "
	    "evaluations, texts, approvals,\ntokens, history and replay "
	    "records, with their ids. Each is a SQLite file\nor a "
	    "postgresql:// URL, so a SQLite database moves to PostgreSQL "
	    "and a\nPostgreSQL one is snapshotted to a file. SRC must exist; "
	    "both are brought to\nthis kinerjad's schema first. DST must be "
	    "empty (a new file, or a database\nor schema without kinerja's "
	    "rows): else nothing is written. The copy is one\ntransaction "
	    "of DST, committed only when every table reads back with the\n"
	    "rows and checksum read from SRC; a table per line is printed. "
	    "Exit status:\n0 copied and verified, 1 refused or failed (DST "
	    "left as it was), 2 usage.\nSRC is read from one snapshot, so "
	    "kinerjad may go on serving it; stop it\nbefore switching over, "
	    "or writes made meanwhile stay behind.\n");
}

/* How a database is named in the output: a URL may hold a password. */
static const char *
shown(const char *db)
{
	return strstr(db, "://") != NULL ? "postgresql" : db;
}

static int
parse(int argc, char **argv, const char **from, const char **to)
{
	static const struct option longs[] = {
		{ "from", required_argument, NULL, 'f' },
		{ "to", required_argument, NULL, 't' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "h", longs, NULL)) != -1) {
		if (c == 'f')
			*from = optarg;
		else if (c == 't')
			*to = optarg;
		else {
			usage(c == 'h' ? stdout : stderr);
			return c == 'h' ? 0 : 2;
		}
	}
	if (*from == NULL || *to == NULL || optind != argc || !**from ||
	    !**to) {
		fprintf(stderr, "kinerjad: migrate: --from SRC and --to DST "
		                "are both needed, and nothing else\n");
		return 2;
	}
	if (strcmp(*from, *to) == 0) {
		fprintf(stderr, "kinerjad: migrate: --from and --to name the "
		                "same database\n");
		return 2;
	}
	return -1; /* go on */
}

/* A SQLite source must exist: opening it would create an empty one. */
static int
check_source(const char *from)
{
	struct stat sb;

	if (strstr(from, "://") != NULL || stat(from, &sb) == 0)
		return 0;
	fprintf(stderr, "kinerjad: migrate: --from %s: no such file\n", from);
	return -1;
}

static void
print_table(void *arg, const struct kcopy_table *t)
{
	struct tally *n = arg;
	int ok = t->rows_from == t->rows_to && t->sum_from == t->sum_to;

	if (n->tables == 0)
		printf("%-20s %12s %12s  %-16s  %s\n", "table", "source",
		    "copied", "checksum", "check");
	printf("%-20s %12" PRId64 " %12" PRId64 "  %016" PRIx64 "  %s\n",
	    t->name, t->rows_from, t->rows_to, t->sum_to,
	    ok ? "ok" : "MISMATCH");
	n->tables++;
	n->rows += t->rows_to;
	n->bad += !ok;
}

static int
copy(struct kstore *from, struct kstore *to, const char *src, const char *dst)
{
	struct tally n = { 0 };
	char         err[512];
	int          rc;

	rc = kstore_copy(from, to, print_table, &n, err, sizeof(err));
	if (rc != KS_OK) {
		fprintf(stderr, "kinerjad: migrate: %s\n", err);
		return 1;
	}
	printf("kinerjad: migrate: %d tables, %" PRId64
	       " rows copied from %s to %s and verified (schema %d)\n",
	    n.tables, n.rows, shown(src), shown(dst), kstore_schema_version());
	return 0;
}

int
migrate_main(int argc, char **argv)
{
	const char    *from = NULL, *to = NULL;
	struct kstore *src = NULL, *dst = NULL;
	char           err[512];
	int            rc, lock = -1;

	if ((rc = parse(argc, argv, &from, &to)) >= 0)
		return rc;
	if (check_source(from) != 0)
		return 1;
	/* A kinerjad serving DST would not expect rows to appear. */
	if (kstore_lock(to, 0, &lock, err, sizeof(err)) != KS_OK) {
		fprintf(stderr, "kinerjad: migrate: --to: %s\n", err);
		return 1;
	}
	rc = 1;
	if (kstore_open(from, &src, err, sizeof(err)) != KS_OK)
		fprintf(stderr, "kinerjad: migrate: --from %s\n", err);
	else if (kstore_open(to, &dst, err, sizeof(err)) != KS_OK)
		fprintf(stderr, "kinerjad: migrate: --to %s\n", err);
	else
		rc = copy(src, dst, from, to);
	kstore_close(dst);
	kstore_close(src);
	kstore_unlock(lock);
	return rc;
}
