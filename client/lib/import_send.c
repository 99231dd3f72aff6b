/*
 * import_send.c - `kinerja import`: the sheets (read by ../../sheets) sent
 * as Import requests, first all validate_only, then written; a server's
 * per-item error is reported at the file and line the item came from.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import_int.h"

static int
by_code(const void *a, const void *b)
{
	return strcmp(*(const char *const *) a, *(const char *const *) b);
}

/* The codes the units (or indicators) sheets of this import define,
 * sorted, for the validate pass of a multi-request import. */
static const char **
codes(struct import *im, enum kind kind, size_t *n)
{
	const char **c;
	size_t       i, j, total = 0;

	for (i = 0; i < im->nsheets; i++)
		total += im->sheets[i].kind == kind ? im->sheets[i].n : 0;
	c  = im_alloc(im, (total + 1) * sizeof(*c));
	*n = 0;
	for (i = 0; i < im->nsheets; i++) {
		const struct sheet *s = &im->sheets[i];

		for (j = 0; s->kind == kind && j < s->n; j++)
			c[(*n)++] =
			    kind == UNITS
			        ? ((Kinerja__Unit *) s->items[j])->code
			        : ((Kinerja__Indicator *) s->items[j])->code;
	}
	qsort(c, *n, sizeof(*c), by_code);
	return c;
}

/* The code an item refers to through a field. */
static const char *
reference(const struct sheet *s, const void *item, const char *fld)
{
	if (s->kind == UNITS)
		return strcmp(fld, "parent") == 0
		           ? ((const Kinerja__Unit *) item)->parent
		           : NULL;
	if (s->kind == SASARAN)
		return strcmp(fld, "unit") == 0
		           ? ((const Kinerja__SasaranLink *) item)->unit
		           : ((const Kinerja__SasaranLink *) item)->indicator;
	if (s->kind == VALUES)
		return strcmp(fld, "unit") == 0
		           ? ((const Kinerja__IndicatorValue *) item)->unit
		           : ((const Kinerja__IndicatorValue *) item)
		                 ->indicator;
	if (s->kind == NARASI)
		return strcmp(fld, "unit") == 0
		           ? ((const Kinerja__Narrative *) item)->unit
		       : strcmp(fld, "indicator") == 0
		           ? ((const Kinerja__Narrative *) item)->indicator
		           : NULL;
	if (strcmp(fld, "unit") != 0)
		return NULL;
	switch (s->kind) {
	case PROFIL:
	case PEGAWAI:
		return ((const Kinerja__UnitProfile *) item)->unit;
	case BUDGET:
		return ((const Kinerja__BudgetLine *) item)->unit;
	case BELANJA:
		return ((const Kinerja__BelanjaLine *) item)->unit;
	case AKIP:
		return ((const Kinerja__SubmitAkipEvaluationRequest *) item)
		    ->unit;
	default:
		return ((const Kinerja__SubmitSurveyRequest *) item)->unit;
	}
}

/*
 * When an import takes several requests, the validate pass of a later one
 * cannot see units and indicators an earlier one defines; such NOT_FOUND
 * errors are not problems (the write pass checks them for real).
 */
static int
forgiven(
    struct import *im, const struct origin *o, const Kinerja__FieldError *fe)
{
	const char *code =
	    reference(o->sheet, o->sheet->items[o->row], fe->field);
	int ind = strcmp(fe->field, "indicator") == 0;

	if (fe->code != KINERJA__CODE__NOT_FOUND || code == NULL)
		return 0;
	if (im->defined[ind] == NULL)
		im->defined[ind] =
		    codes(im, ind ? INDICATORS : UNITS, &im->ndefined[ind]);
	return bsearch(&code, im->defined[ind], im->ndefined[ind],
	           sizeof(char *), by_code) != NULL;
}

/* Reports each item error of a failed request at its file and line. */
static void
request_failed(struct import *im, const struct request *q,
    const kinerja_status *st, int forgive)
{
	size_t i;

	for (i = 0; i < st->n_details; i++) {
		const Kinerja__FieldError *fe = st->details[i];
		const struct origin       *o  = im_origin_of(q, fe);

		if (o == NULL) {
			im->report(im->arg, "import", 0, "-", fe->message);
			im->errors++;
			continue;
		}
		if (forgive && forgiven(im, o, fe))
			continue;
		im_problem(im, o->sheet, o->sheet->lines[o->row],
		    im_column_of(o->sheet, fe->field), "%s",
		    im_without_field(fe->message, fe->field));
	}
	if (st->n_details == 0) {
		char msg[sizeof(st->message) + 32];

		snprintf(msg, sizeof(msg), "%s: %s",
		    kinerja_code_name(st->code), st->message);
		im->report(im->arg, "import", 0, "-", msg);
		im->errors++;
	}
}

/* Passes each warning of a written request on at its file and line. */
static void
request_warned(
    struct import *im, const struct request *q, const Kinerja__WriteReply *r)
{
	size_t i;

	for (i = 0; i < r->n_warnings && im->warn != NULL; i++) {
		const Kinerja__FieldError *fe = r->warnings[i];
		const struct origin       *o  = im_origin_of(q, fe);

		if (o == NULL)
			im->warn(im->arg, "import", 0, "-", fe->message);
		else
			im->warn(im->arg, o->sheet->file->name,
			    o->sheet->lines[o->row],
			    im_column_of(o->sheet, fe->field),
			    im_without_field(fe->message, fe->field));
	}
}

static int
send_request(struct import *im, const struct request *q, int validate,
    Kinerja__WriteReply **reply, kinerja_status *st)
{
	Kinerja__ImportRequest r = KINERJA__IMPORT_REQUEST__INIT;

	im_request(q, &r);
	r.validate_only = validate;
	return kinerja_import(im->client, &r, reply, st);
}

/* Sends every request; returns the number of problems reported. The
 * warnings of the last pass are passed on (`warn`). */
static int
send_all(struct import *im, const struct request *req, size_t nreq,
    int validate, int warn)
{
	kinerja_status       st = KINERJA_STATUS_INIT;
	Kinerja__WriteReply *reply;
	size_t               i;
	int                  before = im->errors;

	for (i = 0; i < nreq; i++) {
		if (send_request(im, &req[i], validate, &reply, &st) != 0) {
			/* No answer is not a no: the write may have happened.
			 */
			im->stats->unknown +=
			    !validate &&
			    (st.code == KINERJA__CODE__DEADLINE_EXCEEDED ||
			        st.code == KINERJA__CODE__UNAVAILABLE);
			request_failed(im, &req[i], &st, validate && nreq > 1);
			if (!validate)
				break; /* later requests depend on this one */
			continue;
		}
		im->stats->written += !validate;
		im->stats->created += reply->created;
		im->stats->updated += reply->updated;
		im->stats->unchanged += reply->unchanged;
		if (warn)
			request_warned(im, &req[i], reply);
		kinerja__write_reply__free_unpacked(reply, NULL);
	}
	kinerja_status_clear(&st);
	return im->errors - before;
}

int
kinerja_import_csv(kinerja_client *c, const kinerja_file *files, size_t n,
    int dry_run, kinerja_report_fn report, void *arg,
    kinerja_import_stats *stats)
{
	return kinerja_import_csv_warn(
	    c, files, n, dry_run, report, NULL, arg, stats);
}

int
kinerja_import_csv_warn(kinerja_client *c, const kinerja_file *files, size_t n,
    int dry_run, kinerja_report_fn report, kinerja_report_fn warn, void *arg,
    kinerja_import_stats *stats)
{
	struct import   im = { .client = c,
		  .report              = report,
		  .warn                = warn,
		  .arg                 = arg,
		  .stats               = stats };
	struct request *req;
	size_t          nreq;

	memset(stats, 0, sizeof(*stats));
	im_read(&im, files, n);
	req = im_plan(&im, &nreq);
	if (im.errors == 0 && send_all(&im, req, nreq, 1, dry_run) == 0 &&
	    !dry_run) {
		stats->created = stats->updated = stats->unchanged = 0;
		send_all(&im, req, nreq, 0, 1);
	}
	kc_arena_free(&im.arena);
	return im.errors ? -1 : 0;
}
