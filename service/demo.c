/*
 * demo.c - `kinerjad --demo`: imports the embedded Batu Bara CSV files
 * through the server's own RPCs over inproc://, the same path `kinerja
 * import` takes, so the demo exercises what users run.
 */
#include <stdio.h>
#include <string.h>

#include "demo.h"
#include "kinerja/client.h"

static void
report(void *arg, const char *file, unsigned line, const char *column,
    const char *message)
{
	(void) arg;
	fprintf(stderr, "kinerjad: demo: %s:%u: %s: %s\n", file, line, column,
	    message);
}

/* The demo data states totals that differ from their components, as the
 * reports do: each is a finding, logged once at load. */
static void
warned(void *arg, const char *file, unsigned line, const char *column,
    const char *message)
{
	(void) arg;
	fprintf(stderr, "kinerjad: demo: warning: %s:%u: %s: %s\n", file,
	    line, column, message);
}

static int
empty(kinerja_client *c, kinerja_status *st)
{
	Kinerja__ListUnitsRequest req = KINERJA__LIST_UNITS_REQUEST__INIT;
	Kinerja__ListUnitsReply  *rep;
	int                       n;

	if (kinerja_list_units(c, &req, &rep, st) != 0)
		return -1;
	n = (int) rep->n_units;
	kinerja__list_units_reply__free_unpacked(rep, NULL);
	return n == 0;
}

/* The demo's approved year (data/batubara/README.md, "Approval"): Sei
 * Balai's LK 2024 is the one whose report states every figure (values,
 * budget, survey, AKIP), so it goes through the whole cycle and is locked.
 */
#define DEMO_LOCKED_UNIT "sei-balai"
#define DEMO_LOCKED_YEAR 2024

static int
approve(kinerja_client *c, kinerja_status *st)
{
	Kinerja__TransitionYearRequest req =
	    KINERJA__TRANSITION_YEAR_REQUEST__INIT;
	Kinerja__WriteReply *rep;
	int                  a;

	req.unit   = DEMO_LOCKED_UNIT;
	req.year   = DEMO_LOCKED_YEAR;
	req.reason = "demo: LK 2024 Kecamatan Sei Balai";
	for (a = KINERJA__APPROVAL_ACTION__APPROVAL_ACTION_SUBMIT;
	     a <= KINERJA__APPROVAL_ACTION__APPROVAL_ACTION_APPROVE; a++) {
		req.action = (Kinerja__ApprovalAction) a;
		if (kinerja_transition_year(c, &req, &rep, st) != 0)
			return -1;
		kinerja__write_reply__free_unpacked(rep, NULL);
	}
	return 0;
}

/* Which import a demo file goes in: 0 the figures, 1 the narrative,
 * 2 the profile (profil and pegawai make one, so they travel together).
 * The text goes in requests of its own so that each stays small: a
 * kinerjad run with a small --max-message (test_http.sh: 64 KiB) still
 * loads the demo. */
static int
part_of(const char *name)
{
	if (strcmp(name, "narasi.csv") == 0)
		return 1;
	return strcmp(name, "profil.csv") == 0 ||
	       strcmp(name, "pegawai.csv") == 0
	           ? 2
	           : 0;
}

/* Imports the demo files part by part, figures first; the rows read
 * add up in *rows. */
static int
import_parts(kinerja_client *c, const kinerja_file *all, size_t n,
    unsigned *rows)
{
	kinerja_file         files[16];
	kinerja_import_stats stats;
	size_t               i, k;
	int                  part, rc = 0;

	*rows = 0;
	for (part = 0; part < 3 && rc == 0; part++) {
		for (i = k = 0; i < n; i++)
			if (part_of(all[i].name) == part)
				files[k++] = all[i];
		if (k == 0)
			continue;
		rc = kinerja_import_csv_warn(
		    c, files, k, 0, report, warned, NULL, &stats);
		*rows += stats.rows;
	}
	return rc;
}

int
demo_load(const char *url, const char *token)
{
	kinerja_client      *c;
	kinerja_status       st = KINERJA_STATUS_INIT;
	kinerja_file files[16];
	unsigned     rows;
	size_t       n;
	int          rc = -1, e;

	if (kinerja_open(&c, url, &st) != 0) {
		fprintf(stderr, "kinerjad: demo: %s\n", st.message);
		return -1;
	}
	if (token != NULL)
		kinerja_set_metadata(c, "authorization", token);
	if ((e = empty(c, &st)) <= 0) {
		if (e == 0)
			fprintf(stderr, "kinerjad: demo: database already has "
			                "units; demo data not loaded\n");
		else
			fprintf(stderr, "kinerjad: demo: %s\n", st.message);
		rc = e == 0 ? 0 : -1;
		goto out;
	}
	for (n = 0; n < 16 && demo_files[n].name != NULL; n++)
		files[n] = (kinerja_file) { demo_files[n].name,
			demo_files[n].data, demo_files[n].len };
	rc = import_parts(c, files, n, &rows);
	if (rc == 0 && (rc = approve(c, &st)) != 0)
		fprintf(stderr, "kinerjad: demo: approving %s %d: %s\n",
		    DEMO_LOCKED_UNIT, DEMO_LOCKED_YEAR, st.message);
	if (rc == 0)
		fprintf(stderr,
		    "kinerjad: demo: loaded %u rows from %zu files "
		    "of data/batubara; %s %d disetujui\n",
		    rows, n, DEMO_LOCKED_UNIT, DEMO_LOCKED_YEAR);
out:
	kinerja_status_clear(&st);
	kinerja_close(c);
	return rc;
}
