/*
 * admin.c - what an operator does to kinerjad's database without a
 * running server or a client: manage API tokens and take a backup.
 *
 *	kinerjad token create --role R [--unit U]... [--region R]...
 *	                      [--name N] [--db PATH]
 *	kinerjad token list [--db PATH]
 *	kinerjad token revoke NAME [--db PATH]
 *	kinerjad backup PATH [--db PATH]
 *	kinerjad history archive --before DATE FILE [--db PATH]
 *	kinerjad migrate --from SRC --to DST (migrate.c)
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "admin.h"
#include "archive.h"
#include "auth.h"
#include "kcore.h"
#include "migrate.h"
#include "store.h"

#define MAX_UNITS 64

struct args {
	const char *db;
	const char *name;
	const char *role;
	const char *before; /* history archive --before */
	const char *units[MAX_UNITS];
	size_t      nunits;
	const char *regions[MAX_UNITS]; /* a verifier's */
	size_t      nregions;
	char      **rest; /* operands after the options */
	int         nrest;
};

static void
usage(FILE *f)
{
	fprintf(f,
	    "usage: kinerjad token create "
	    "--role admin|submitter|verifier|viewer\n"
	    "                             [--unit CODE]... [--region CODE]..."
	    "\n"
	    "                             [--name NAME] [--db PATH]\n"
	    "       kinerjad token list [--db PATH]\n"
	    "       kinerjad token revoke NAME [--db PATH]\n"
	    "       kinerjad backup PATH [--db PATH]\n"
	    "       kinerjad history archive --before DATE FILE [--db PATH]\n"
	    "\n"
	    "A submitter writes only the units given with --unit (one or "
	    "more) and reads\nall; a verifier checks, approves, returns and "
	    "reopens the years of the\nunits under its --region (a kabupaten "
	    "or provinsi: Bagian Organisasi,\nInspektorat) and reads all; a "
	    "viewer reads; an admin does everything. "
	    "The token is printed once,\non stdout; only a hash of it is "
	    "kept. The database defaults to $KINERJA_DB\nor kinerja.db. "
	    "backup copies the database while kinerjad keeps serving.\n"
	    "\n"
	    "history archive moves the history rows older than DATE "
	    "(2026-01-01, UTC,\nor 2026-01-01T08:00:00Z) into FILE, which "
	    "must not exist, as JSON lines\n(UTF-8, one object per row with "
	    "every column, loss-free). The rows are\ndeleted, in one "
	    "transaction, only after FILE is written and fsynced; the\n"
	    "archiving is recorded as a history row (who, how many rows, "
	    "before when,\nto which file).\n");
}

static int
parse(int argc, char **argv, struct args *a)
{
	static const struct option longs[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "name", required_argument, NULL, 'n' },
		{ "role", required_argument, NULL, 'r' },
		{ "unit", required_argument, NULL, 'u' },
		{ "region", required_argument, NULL, 'g' },
		{ "before", required_argument, NULL, 'b' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	a->db  = getenv("KINERJA_DB") && *getenv("KINERJA_DB")
	             ? getenv("KINERJA_DB")
	             : "kinerja.db";
	optind = 1;
	while ((c = getopt_long(argc, argv, "d:h", longs, NULL)) != -1) {
		switch (c) {
		case 'd':
			a->db = optarg;
			break;
		case 'n':
			a->name = optarg;
			break;
		case 'r':
			a->role = optarg;
			break;
		case 'b':
			a->before = optarg;
			break;
		case 'u':
			if (a->nunits == MAX_UNITS) {
				fprintf(stderr,
				    "kinerjad: at most %d --unit\n",
				    MAX_UNITS);
				return -1;
			}
			a->units[a->nunits++] = optarg;
			break;
		case 'g':
			if (a->nregions == MAX_UNITS) {
				fprintf(stderr,
				    "kinerjad: at most %d --region\n",
				    MAX_UNITS);
				return -1;
			}
			a->regions[a->nregions++] = optarg;
			break;
		case 'h':
			usage(stdout);
			exit(0);
		default:
			usage(stderr);
			return -1;
		}
	}
	a->rest  = argv + optind;
	a->nrest = argc - optind;
	return 0;
}

static struct kstore *
open_store(const char *db)
{
	struct kstore *st;
	char           err[256];

	/* err names the database already. */
	if (kstore_open(db, &st, err, sizeof(err)) != KS_OK) {
		fprintf(stderr, "kinerjad: %s\n", err);
		return NULL;
	}
	return st;
}

static int
check_list(
    struct kstore *st, const char *flag, const char *const *units, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		int rc = kstore_unit_exists(st, units[i]);

		if (rc == KS_OK)
			continue;
		fprintf(stderr, "kinerjad: --%s %s: %s\n", flag, units[i],
		    rc == KS_NOTFOUND ? "no such unit in the database"
		                      : kstore_errmsg(st));
		return -1;
	}
	return 0;
}

static int
check_units(struct kstore *st, const struct args *a)
{
	return check_list(st, "unit", a->units, a->nunits) != 0 ||
	               check_list(st, "region", a->regions, a->nregions) != 0
	           ? -1
	           : 0;
}

static int
check_create(const struct args *a, enum krole *role)
{
	if (a->role == NULL || krole_parse(a->role, role) != 0) {
		fprintf(stderr,
		    "kinerjad: token create: --role must be admin, "
		    "submitter, verifier or viewer\n");
		return -1;
	}
	if (*role == KROLE_SUBMITTER && a->nunits == 0) {
		fprintf(stderr, "kinerjad: token create: a submitter needs at "
		                "least one --unit\n");
		return -1;
	}
	if (*role != KROLE_SUBMITTER && a->nunits > 0) {
		fprintf(stderr,
		    "kinerjad: token create: --unit is for "
		    "submitters; an %s is not bound to units\n",
		    a->role);
		return -1;
	}
	if ((*role == KROLE_VERIFIER) != (a->nregions > 0)) {
		fprintf(stderr,
		    "kinerjad: token create: a verifier needs at least one "
		    "--region, and only a verifier has one\n");
		return -1;
	}
	if (a->name != NULL && strcmp(a->name, KAUTH_LOCAL) == 0) {
		fprintf(stderr, "kinerjad: token create: \"local\" is the "
		                "history's name for callers without auth\n");
		return -1;
	}
	if (a->name != NULL &&
	    (*a->name == 0 || strlen(a->name) > 64 || !kc_text_ok(a->name))) {
		fprintf(stderr, "kinerjad: token create: --name must be 1 to "
		                "64 bytes of text without control "
		                "characters\n");
		return -1;
	}
	return a->nrest == 0 ? 0 : -1;
}

static int
token_create(struct kstore *st, const struct args *a)
{
	char       token[KTOKEN_TEXT_MAX], name[80];
	enum krole role;
	int        rc;

	if (check_create(a, &role) != 0 || check_units(st, a) != 0)
		return 2;
	if (a->name == NULL)
		snprintf(name, sizeof(name), "%s-%lld", a->role,
		    (long long) time(NULL));
	else
		snprintf(name, sizeof(name), "%s", a->name);
	/* A verifier's regions are kept where a submitter's units are. */
	rc =
	    role == KROLE_VERIFIER
	        ? ktoken_create(st, name, role, a->regions, a->nregions, token)
	        : ktoken_create(st, name, role, a->units, a->nunits, token);
	if (rc == KS_CONFLICT) {
		fprintf(stderr,
		    "kinerjad: token create: the name \"%s\" is "
		    "taken; choose another with --name\n",
		    name);
		return 1;
	}
	if (rc != KS_OK) {
		fprintf(
		    stderr, "kinerjad: token create: %s\n", kstore_errmsg(st));
		return 1;
	}
	fprintf(stderr,
	    "kinerjad: token \"%s\" (%s) created; it is shown only now:\n",
	    name, a->role);
	printf("%s\n", token);
	return 0;
}

static int
print_unit(void *arg, const char *unit)
{
	int *first = arg;

	printf("%s%s", *first ? "" : ",", unit);
	*first = 0;
	return KS_OK;
}

static int
print_token(void *arg, const struct ktoken *t)
{
	struct kstore *st    = arg;
	int            first = 1;
	char           when[32];
	time_t         at = (time_t) t->created_at;

	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", gmtime(&at));
	printf("%-6lld %-24s %-10s %-20s %-8s ", (long long) t->id, t->name,
	    t->role, when, t->revoked_at ? "revoked" : "valid");
	if (kstore_token_units(st, t->id, print_unit, &first) != KS_OK)
		return KS_ERROR;
	printf("%s\n", first ? "-" : "");
	return KS_OK;
}

static int
token_list(struct kstore *st)
{
	printf("%-6s %-24s %-10s %-20s %-8s %s\n", "id", "name", "role",
	    "created", "state", "units");
	if (kstore_token_list(st, print_token, st) != KS_OK) {
		fprintf(
		    stderr, "kinerjad: token list: %s\n", kstore_errmsg(st));
		return 1;
	}
	return 0;
}

static int
token_revoke(struct kstore *st, const struct args *a)
{
	int rc;

	if (a->nrest != 1) {
		fprintf(stderr, "kinerjad: token revoke NAME\n");
		return 2;
	}
	rc = kstore_token_revoke(st, a->rest[0]);
	if (rc == KS_NOTFOUND) {
		fprintf(stderr,
		    "kinerjad: token revoke: no valid token "
		    "named \"%s\"\n",
		    a->rest[0]);
		return 1;
	}
	if (rc != KS_OK) {
		fprintf(
		    stderr, "kinerjad: token revoke: %s\n", kstore_errmsg(st));
		return 1;
	}
	fprintf(stderr, "kinerjad: token \"%s\" revoked\n", a->rest[0]);
	return 0;
}

static int
token(struct kstore *st, const char *verb, const struct args *a)
{
	if (strcmp(verb, "create") == 0)
		return token_create(st, a);
	if (strcmp(verb, "list") == 0)
		return token_list(st);
	if (strcmp(verb, "revoke") == 0)
		return token_revoke(st, a);
	fprintf(stderr,
	    "kinerjad: token: \"%s\" is not create, list or "
	    "revoke\n",
	    verb);
	return 2;
}

static int
backup(struct kstore *st, const struct args *a)
{
	if (a->nrest != 1) {
		fprintf(stderr, "kinerjad: backup PATH\n");
		return 2;
	}
	if (kstore_backup(st, a->rest[0]) != KS_OK) {
		fprintf(stderr, "kinerjad: backup: %s\n", kstore_errmsg(st));
		return 1;
	}
	fprintf(stderr, "kinerjad: backup of %s written to %s\n", a->db,
	    a->rest[0]);
	return 0;
}

/* history archive --before DATE FILE: checked before the database is
 * opened. */
static int
check_archive(const char *verb, const struct args *a, int64_t *before_ms)
{
	if (strcmp(verb, "archive") != 0) {
		fprintf(stderr, "kinerjad: history: \"%s\" is not archive\n",
		    verb);
		return -1;
	}
	if (a->before == NULL ||
	    archive_parse_date(a->before, before_ms) != 0) {
		fprintf(stderr,
		    "kinerjad: history archive: --before must be a date "
		    "such as 2026-01-01 or\n2026-01-01T08:00:00Z (UTC)\n");
		return -1;
	}
	if (a->nrest != 1) {
		fprintf(stderr, "kinerjad: history archive --before DATE "
		                "FILE [--db PATH]\n");
		return -1;
	}
	return 0;
}

int
admin_main(int argc, char **argv)
{
	struct args    a = { 0 };
	struct kstore *st;
	int            is_history = strcmp(argv[0], "history") == 0;
	int            two_words = is_history || strcmp(argv[0], "token") == 0;
	int            is_token  = two_words && !is_history, rc;
	int64_t        before_ms = 0;

	if (strcmp(argv[0], "migrate") == 0)
		return migrate_main(argc, argv);
	if (two_words && (argc < 2 || argv[1][0] == '-')) {
		usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	if (parse(argc - two_words, argv + two_words, &a) != 0)
		return 2;
	if (is_history && check_archive(argv[1], &a, &before_ms) != 0)
		return 2;
	if ((st = open_store(a.db)) == NULL)
		return 1;
	if (is_history)
		rc = archive_history(st, before_ms, a.rest[0]);
	else
		rc = is_token ? token(st, argv[1], &a) : backup(st, &a);
	kstore_close(st);
	return rc;
}

int
admin_command(const char *word)
{
	return strcmp(word, "token") == 0 || strcmp(word, "backup") == 0 ||
	       strcmp(word, "history") == 0 || strcmp(word, "migrate") == 0;
}
