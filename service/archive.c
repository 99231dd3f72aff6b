/*
 * archive.c - kinerjad history archive: moves the history rows before a
 * date into a file of JSON lines, for an operator who must keep the audit
 * trail but not all of it in the live database. Rows are deleted only
 * once the file is complete and on disk, and the archiving is itself a
 * history row.
 */
/* realpath */
#define _XOPEN_SOURCE 700

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <libgen.h>
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "archive.h"
#include "kcore.h"
#include "store.h"

/* What the walk over the rows has written so far. */
struct sink {
	FILE   *f;
	int64_t n; /* rows written */
	int64_t max_id;
	int64_t bad_id; /* a row that is not UTF-8; 0: none */
};

/* Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's
 * days_from_civil), so that no time zone is involved. */
static int64_t
days_from_civil(int64_t y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

int
archive_parse_date(const char *text, int64_t *ms)
{
	int       y, mo, d, h = 0, mi = 0, s = 0, n = 0;
	int64_t   secs;
	time_t    t;
	struct tm tm;

	/* YYYY-MM-DD exactly (n == 10), then nothing or THH:MM:SSZ. */
	if (sscanf(text, "%4d-%2d-%2d%n", &y, &mo, &d, &n) != 3 || n != 10 ||
	    (text[10] != 0 &&
	        (sscanf(text + 10, "T%2d:%2d:%2dZ%n", &h, &mi, &s, &n) != 3 ||
	            text[10 + n] != 0)) ||
	    y < 1970 || mo < 1 || mo > 12 || d < 1 ||
	    h > 23 || mi > 59 || s > 59 || h < 0 || mi < 0 || s < 0)
		return -1;
	secs = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s;
	t    = (time_t) secs;
	/* 2026-02-30 would roll over into March. */
	if (gmtime_r(&t, &tm) == NULL || tm.tm_mday != d)
		return -1;
	*ms = secs * 1000;
	return 0;
}

/* A JSON string: quotes, backslashes and control characters escaped;
 * other bytes (UTF-8, checked by the caller) as they are. */
static void
json_str(FILE *f, const char *key, const char *v)
{
	const unsigned char *s = (const unsigned char *) v;

	fprintf(f, ",\"%s\":", key);
	if (v == NULL) {
		fputs("null", f);
		return;
	}
	putc('"', f);
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			fprintf(f, "\\%c", *s);
		else if (*s < 0x20)
			fprintf(f, "\\u%04x", *s);
		else
			putc(*s, f);
	}
	putc('"', f);
}

static int
utf8_row(const struct khistory *h)
{
	const char *t[] = { h->actor, h->request_id, h->method, h->what,
		h->unit, h->indicator, h->field, h->old_value, h->new_value,
		h->reason };
	size_t      i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (t[i] != NULL && !kc_utf8_ok(t[i]))
			return 0;
	return 1;
}

/* One line per row, every column by its name: loss-free. */
static int
write_row(void *arg, const struct khistory *h)
{
	struct sink *k = arg;

	if (!utf8_row(h)) {
		k->bad_id = h->id;
		return KS_ERROR;
	}
	fprintf(
	    k->f, "{\"id\":%" PRId64 ",\"at_ms\":%" PRId64, h->id, h->at_ms);
	json_str(k->f, "actor", h->actor);
	json_str(k->f, "request_id", h->request_id);
	json_str(k->f, "method", h->method);
	json_str(k->f, "what", h->what);
	json_str(k->f, "unit", h->unit);
	json_str(k->f, "indicator", h->indicator);
	fprintf(k->f, ",\"year\":%d", h->year);
	json_str(k->f, "field", h->field);
	json_str(k->f, "old", h->old_value);
	json_str(k->f, "new", h->new_value);
	json_str(k->f, "reason", h->reason);
	fputs("}\n", k->f);
	k->n++;
	k->max_id = h->id;
	return ferror(k->f) ? KS_ERROR : KS_OK;
}

/* The file's data and its directory entry on disk. */
static int
sync_file(FILE *f, const char *path)
{
	char dir[PATH_MAX];
	int  fd, rc = 0;

	if (fflush(f) != 0 || fsync(fileno(f)) != 0)
		return -1;
	snprintf(dir, sizeof(dir), "%s", path);
	if ((fd = open(dirname(dir), O_RDONLY | O_DIRECTORY)) >= 0) {
		rc = fsync(fd);
		close(fd);
	}
	return rc;
}

/* Writes the rows; -1 after saying why (nothing is deleted then). */
static int
write_rows(struct kstore *st, int64_t before_ms, struct sink *k)
{
	int rc;

	if ((rc = kstore_begin_read(st)) == KS_OK) {
		rc = kstore_history_before(st, before_ms, write_row, k);
		kstore_rollback(st);
	}
	if (k->bad_id != 0)
		fprintf(stderr,
		    "kinerjad: history archive: row %" PRId64
		    " is not UTF-8; nothing archived\n",
		    k->bad_id);
	else if (rc != KS_OK)
		fprintf(stderr, "kinerjad: history archive: %s\n",
		    ferror(k->f) ? strerror(errno) : kstore_errmsg(st));
	return rc == KS_OK ? 0 : -1;
}

/* The history row that records the archiving: by the operator. */
static int
record(struct kstore *st, const struct sink *k, int64_t before_ms,
    const char *before, const char *path)
{
	struct passwd  *pw = getpwuid(geteuid());
	struct khistory h  = { 0 };
	struct timespec now;
	char            what[PATH_MAX + 128], full[PATH_MAX];

	clock_gettime(CLOCK_REALTIME, &now);
	if (realpath(path, full) == NULL)
		snprintf(full, sizeof(full), "%s", path);
	snprintf(what, sizeof(what), "%" PRId64 " rows before %s to %s", k->n,
	    before, full);
	h.at_ms      = (int64_t) now.tv_sec * 1000 + now.tv_nsec / 1000000;
	h.actor      = pw != NULL ? pw->pw_name : "operator";
	h.request_id = "";
	h.method     = "kinerjad history archive";
	h.what       = "history";
	h.unit       = "";
	h.indicator  = "";
	h.field      = "archive";
	h.new_value  = what;
	h.reason     = "";
	return kstore_history_prune(st, before_ms, k->max_id, k->n, &h);
}

/* "2026-01-01T00:00:00Z": the date as the archiving row states it. */
static void
iso(int64_t ms, char *buf, size_t len)
{
	time_t    t = (time_t) (ms / 1000);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

int
archive_history(struct kstore *st, int64_t before_ms, const char *path)
{
	struct sink k = { 0 };
	char        before[32];
	int         fd, rc;

	iso(before_ms, before, sizeof(before));
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0 || (k.f = fdopen(fd, "w")) == NULL) {
		fprintf(stderr, "kinerjad: history archive: %s: %s\n", path,
		    errno == EEXIST ? "exists; archive to a new file"
		                    : strerror(errno));
		if (fd >= 0)
			close(fd);
		return 1;
	}
	rc = write_rows(st, before_ms, &k);
	if (rc == 0 && k.n == 0)
		fprintf(stderr,
		    "kinerjad: history archive: no rows before %s; nothing "
		    "to archive\n",
		    before);
	else if (rc == 0 && (rc = sync_file(k.f, path)) != 0)
		fprintf(stderr, "kinerjad: history archive: %s: %s\n", path,
		    strerror(errno));
	if (rc != 0 || k.n == 0) {
		fclose(k.f);
		unlink(path);
		return rc != 0;
	}
	fclose(k.f);
	if ((rc = record(st, &k, before_ms, before, path)) != KS_OK) {
		fprintf(stderr,
		    "kinerjad: history archive: %s; nothing deleted\n",
		    rc == KS_CONFLICT ? "the history changed meanwhile "
		                        "(another archive?)"
		                      : kstore_errmsg(st));
		unlink(path);
		return 1;
	}
	fprintf(stderr,
	    "kinerjad: history archive: %" PRId64
	    " rows before %s written to %s and deleted\n",
	    k.n, before, path);
	return 0;
}
