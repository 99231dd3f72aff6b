/*
 * sheets_budget.c - the import sheets that carry money and evaluations:
 * budget lines, belanja classes, AKIP components and the IKM survey. A
 * component or survey row is part of its unit-year's single submission,
 * so rows are gathered by unit and year.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import_int.h"

/* Reads an optional amount in rupiah into sen; -1 after a problem. */
static int
money(struct import *im, struct sheet *s, unsigned line, const char *col,
    const char *text, int *has, int64_t *sen)
{
	const char *why;

	*has = *text != 0;
	if (*has && kc_parse_decimal(text, 2, KC_NUM_MONEY, sen, &why) != 0) {
		im_problem(im, s, line, col, "%s", why);
		return -1;
	}
	if (*has && *sen < 0) {
		im_problem(im, s, line, col, "%s", "negative amount");
		return -1;
	}
	return 0;
}

/* Reads an optional number with up to 4 decimals. */
static int
number(struct import *im, struct sheet *s, unsigned line, const char *col,
    const char *text, int *has, double *v)
{
	const char *why;
	int64_t     e4;

	*has = *text != 0;
	if (*has && kc_parse_decimal(text, 4, 0, &e4, &why) != 0) {
		im_problem(im, s, line, col, "%s", why);
		return -1;
	}
	*v = *has ? (double) e4 / KC_E4 : 0;
	return 0;
}

int
im_number(struct import *im, struct sheet *s, unsigned line,
    const char *col, const char *text, int *has, double *v)
{
	return number(im, s, line, col, text, has, v);
}

/* Reads a number that must be there. */
static int
required(struct import *im, struct sheet *s, unsigned line, const char *col,
    const char *text, double *v)
{
	int has;

	if (number(im, s, line, col, text, &has, v) != 0)
		return -1;
	if (!has) {
		im_problem(
		    im, s, line, col, "%s", "empty; a number is required");
		return -1;
	}
	return 0;
}

static int
unit_year(struct import *im, struct sheet *s, const struct kc_csv_row *r,
    const char **unit, int32_t *year)
{
	const char *y = im_field(s, r, 1);

	*unit = im_dup(im, im_field(s, r, 0));
	if (im_year(y, year) != 0) {
		im_problem(im, s, r->line, "year", "\"%s\" is not a year", y);
		return -1;
	}
	return 0;
}

int
im_row_budget(struct import *im, struct sheet *s, const struct kc_csv_row *r)
{
	Kinerja__BudgetLine *l = im_alloc(im, sizeof(*l));
	int                  has;
	double               v;

	kinerja__budget_line__init(l);
	if (unit_year(im, s, r, (const char **) &l->unit, &l->year) != 0)
		return -1;
	l->code    = im_dup(im, im_field(s, r, 2));
	l->name    = im_dup(im, im_field(s, r, 3));
	l->parent  = im_dup(im, im_field(s, r, 7));
	l->sasaran = im_dup(im, im_field(s, r, 8));
	l->output  = im_dup(im, im_field(s, r, 9));
	l->satuan  = im_dup(im, im_field(s, r, 10));
	if (money(im, s, r->line, "pagu", im_field(s, r, 4), &has,
	        &l->pagu_sen) != 0)
		return -1;
	l->opt_pagu_case = has ? KINERJA__BUDGET_LINE__OPT_PAGU_PAGU_SEN : 0;
	if (money(im, s, r->line, "realisasi", im_field(s, r, 5), &has,
	        &l->realisasi_sen) != 0)
		return -1;
	l->opt_realisasi_case =
	    has ? KINERJA__BUDGET_LINE__OPT_REALISASI_REALISASI_SEN : 0;
	if (number(im, s, r->line, "output_target", im_field(s, r, 11), &has,
	        &v) != 0)
		return -1;
	if (has) {
		l->opt_output_target_case =
		    KINERJA__BUDGET_LINE__OPT_OUTPUT_TARGET_OUTPUT_TARGET;
		l->output_target = v;
	}
	if (number(im, s, r->line, "output_realisasi", im_field(s, r, 12),
	        &has, &v) != 0)
		return -1;
	if (has) {
		l->opt_output_realisasi_case =
		    KINERJA__BUDGET_LINE__OPT_OUTPUT_REALISASI_OUTPUT_REALISASI;
		l->output_realisasi = v;
	}
	im_push(im, s, l, r->line);
	return 0;
}

int
im_row_belanja(struct import *im, struct sheet *s, const struct kc_csv_row *r)
{
	Kinerja__BelanjaLine *l = im_alloc(im, sizeof(*l));
	int                   has;

	kinerja__belanja_line__init(l);
	if (unit_year(im, s, r, (const char **) &l->unit, &l->year) != 0)
		return -1;
	l->name   = im_dup(im, im_field(s, r, 2));
	l->parent = im_dup(im, im_field(s, r, 6));
	if (money(im, s, r->line, "pagu", im_field(s, r, 3), &has,
	        &l->pagu_sen) != 0)
		return -1;
	l->opt_pagu_case = has ? KINERJA__BELANJA_LINE__OPT_PAGU_PAGU_SEN : 0;
	if (money(im, s, r->line, "realisasi", im_field(s, r, 4), &has,
	        &l->realisasi_sen) != 0)
		return -1;
	l->opt_realisasi_case =
	    has ? KINERJA__BELANJA_LINE__OPT_REALISASI_REALISASI_SEN : 0;
	im_push(im, s, l, r->line);
	return 0;
}

/* A unit-year's submission in a sheet of such items. */
struct grouping {
	void *(*make)(struct import *, const char *unit, int32_t year);
	int (*is)(const void *item, const char *unit, int32_t year);
};

/* The item for a unit-year, created (at this line of s) if new. It is
 * searched in every sheet of the same kind, so that a survey split over
 * two files is one survey, not the second replacing the first. A sheet of
 * the other kind feeding the same list (means against responses) holding
 * the unit-year is a problem: a survey is one or the other. */
static void *
group(struct import *im, struct sheet *s, const char *unit, int32_t year,
    unsigned line, const struct grouping *g)
{
	size_t k, i;
	void  *item;

	for (k = 0; k < im->nsheets; k++) {
		const struct sheet *o = &im->sheets[k];

		if (o->n == 0 ||
		    im_defs[o->kind].list != im_defs[s->kind].list)
			continue;
		for (i = o->n; i > 0; i--) {
			if (!g->is(o->items[i - 1], unit, year))
				continue;
			if (o->kind == s->kind)
				return o->items[i - 1];
			im_problem(im, s, line, "unit", "%s",
			    "this unit and year has survey rows of the other "
			    "kind in another file; give the responses or the "
			    "9 "
			    "unsur means, not both");
			return NULL;
		}
	}
	item = g->make(im, unit, year);
	im_push(im, s, item, line);
	return item;
}

static int
is_akip(const void *item, const char *unit, int32_t year)
{
	const Kinerja__SubmitAkipEvaluationRequest *a = item;

	return a->year == year && strcmp(a->unit, unit) == 0;
}

static int
is_survey(const void *item, const char *unit, int32_t year)
{
	const Kinerja__SubmitSurveyRequest *sv = item;

	return sv->year == year && strcmp(sv->unit, unit) == 0;
}

static void *
make_akip(struct import *im, const char *unit, int32_t year)
{
	Kinerja__SubmitAkipEvaluationRequest *a = im_alloc(im, sizeof(*a));

	kinerja__submit_akip_evaluation_request__init(a);
	a->unit       = (char *) unit;
	a->year       = year;
	a->components = im_alloc(im, 16 * sizeof(*a->components));
	return a;
}

static const struct grouping akips = { make_akip, is_akip };

int
im_row_akip(struct import *im, struct sheet *s, const struct kc_csv_row *r)
{
	Kinerja__SubmitAkipEvaluationRequest *a;
	Kinerja__AkipComponent               *c = im_alloc(im, sizeof(*c));
	const char                           *unit;
	int32_t                               year;
	int                                   has;
	double                                v;

	kinerja__akip_component__init(c);
	if (unit_year(im, s, r, &unit, &year) != 0)
		return -1;
	c->name = im_dup(im, im_field(s, r, 2));
	if (required(im, s, r->line, "weight", im_field(s, r, 3),
	        &c->weight) != 0 ||
	    required(im, s, r->line, "score", im_field(s, r, 4), &c->score) !=
	        0 ||
	    number(im, s, r->line, "target", im_field(s, r, 6), &has, &v) != 0)
		return -1;
	if (has) {
		c->opt_target_case =
		    KINERJA__AKIP_COMPONENT__OPT_TARGET_TARGET;
		c->target = v;
	}
	if ((a = group(im, s, unit, year, r->line, &akips)) == NULL)
		return -1;
	if (a->n_components == 16) {
		im_problem(im, s, r->line, "component", "%s",
		    "more than 16 components for one unit and year");
		return -1;
	}
	a->components[a->n_components++] = c;
	return 0;
}

static void *
make_survey(struct import *im, const char *unit, int32_t year)
{
	Kinerja__SubmitSurveyRequest *sv = im_alloc(im, sizeof(*sv));

	kinerja__submit_survey_request__init(sv);
	sv->unit = (char *) unit;
	sv->year = year;
	return sv;
}

static const struct grouping surveys = { make_survey, is_survey };

/* The optional respondents column: a whole count, the same on every row
 * of the unit-year that gives it. */
static int
respondent_count(struct import *im, struct sheet *s, unsigned line,
    const char *text, Kinerja__SubmitSurveyRequest *sv)
{
	int32_t n;
	char    msg[160];

	if (*text == 0)
		return 0;
	if (im_year(text, &n) != 0 || n < 1) {
		im_problem(im, s, line, "respondents",
		    "\"%s\" is not a count from 1 to 9999", text);
		return -1;
	}
	if (sv->respondent_count != 0 && sv->respondent_count != (uint32_t) n) {
		snprintf(msg, sizeof(msg), "%d where an earlier row of %s %d "
		    "says %u", n, sv->unit, sv->year, sv->respondent_count);
		im_problem(im, s, line, "respondents", "%s", msg);
		return -1;
	}
	sv->respondent_count = (uint32_t) n;
	return 0;
}

int
im_row_skm_means(
    struct import *im, struct sheet *s, const struct kc_csv_row *r)
{
	Kinerja__SubmitSurveyRequest *sv;
	const char                   *unit, *u = im_field(s, r, 2);
	int32_t                       year, unsur;
	int                           has;
	double                        nrr;

	if (unit_year(im, s, r, &unit, &year) != 0)
		return -1;
	if (im_year(u, &unsur) != 0 || unsur < 1 || unsur > KC_UNSUR) {
		im_problem(im, s, r->line, "unsur", "\"%s\" is not 1 to 9", u);
		return -1;
	}
	if (number(im, s, r->line, "nrr", im_field(s, r, 3), &has, &nrr) != 0)
		return -1;
	if (!has) {
		im_problem(im, s, r->line, "nrr", "%s", "required");
		return -1;
	}
	if ((sv = group(im, s, unit, year, r->line, &surveys)) == NULL)
		return -1;
	if (sv->unsur_means == NULL) {
		sv->unsur_means   = im_alloc(im, KC_UNSUR * sizeof(double));
		sv->n_unsur_means = KC_UNSUR;
	}
	if (sv->unsur_means[unsur - 1] != 0) {
		im_problem(im, s, r->line, "unsur", "%s",
		    "given twice for this unit and year");
		return -1;
	}
	sv->unsur_means[unsur - 1] = nrr;
	return respondent_count(im, s, r->line, im_field(s, r, 5), sv);
}

/* Every unit-year needs all 9 unsur. */
void
im_end_skm_means(struct import *im, struct sheet *s)
{
	size_t i, u;

	for (i = 0; i < s->n; i++) {
		const Kinerja__SubmitSurveyRequest *sv = s->items[i];

		for (u = 0; u < KC_UNSUR; u++)
			if (sv->unsur_means[u] == 0)
				break;
		if (u < KC_UNSUR)
			im_problem(im, s, s->lines[i], "unsur",
			    "%s has no mean for one of the 9 unsur", sv->unit);
	}
}

/* A respondent id given twice in a unit-year's survey (in any of its
 * files) is refused naming both lines; an empty id is anonymous. */
static int
seen_respondent(struct import *im, struct sheet *s, const void *sv,
    const char *id, unsigned line)
{
	char   msg[300];
	size_t k;

	if (*id == 0)
		return 0;
	for (k = 0; k < im->nseen; k++) {
		const struct im_seen *o = &im->seen[k];

		if (o->survey != sv || strcmp(o->id, id) != 0)
			continue;
		if (strcmp(o->file, s->file->name) == 0)
			snprintf(msg, sizeof(msg), "\"%.64s\" already on line %u",
			    id, o->line);
		else
			snprintf(msg, sizeof(msg), "\"%.64s\" already at %.128s:%u",
			    id, o->file, o->line);
		im_problem(im, s, line, "respondent", "%s", msg);
		return -1;
	}
	if (im->nseen == im->capseen)
		KC_GROW(im->seen, im->nseen, im->capseen, 64, im_alloc, im);
	im->seen[im->nseen++] =
	    (struct im_seen) { sv, id, s->file->name, line };
	return 0;
}

int
im_row_skm_response(
    struct import *im, struct sheet *s, const struct kc_csv_row *r)
{
	Kinerja__SubmitSurveyRequest *sv;
	Kinerja__SurveyResponse      *resp = im_alloc(im, sizeof(*resp));
	const char                   *unit, *t;
	int32_t                       year, score;
	int                           u;

	kinerja__survey_response__init(resp);
	if (unit_year(im, s, r, &unit, &year) != 0)
		return -1;
	resp->respondent = im_dup(im, im_field(s, r, 2));
	resp->scores     = im_alloc(im, KC_UNSUR * sizeof(*resp->scores));
	resp->n_scores   = KC_UNSUR;
	for (u = 0; u < KC_UNSUR; u++) {
		t = im_field(s, r, 3 + u);
		if (im_year(t, &score) != 0 || score < 1 || score > 4) {
			im_problem(im, s, r->line,
			    im_defs[SKM_RESPONSES].cols[3 + u],
			    "\"%s\" is not a score from 1 to 4", t);
			return -1;
		}
		resp->scores[u] = score;
	}
	resp->gender     = im_dup(im, im_field(s, r, 13));
	resp->education  = im_dup(im, im_field(s, r, 14));
	resp->age        = im_dup(im, im_field(s, r, 15));
	resp->occupation = im_dup(im, im_field(s, r, 16));
	if ((sv = group(im, s, unit, year, r->line, &surveys)) == NULL ||
	    seen_respondent(im, s, sv, resp->respondent, r->line) != 0)
		return -1;
	if (sv->n_responses % 64 == 0) {
		Kinerja__SurveyResponse **nr =
		    im_alloc(im, (sv->n_responses + 64) * sizeof(*nr));

		if (sv->n_responses)
			memcpy(
			    nr, sv->responses, sv->n_responses * sizeof(*nr));
		sv->responses = nr;
	}
	sv->responses[sv->n_responses++] = resp;
	return 0;
}
