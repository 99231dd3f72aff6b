/*
 * import.c - CSV sheets into Import requests. A sheet is recognised by its
 * header; rows become request items, each remembered with its line so that
 * a server's per-item error can be reported as file:line: column: message.
 * Pure: the text comes in memory, the requests go to whoever sends them
 * (the client's import_send.c, kinerjad's ImportCsv).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "import_int.h"

void
im_problem(struct import *im, const struct sheet *s, unsigned line,
    const char *column, const char *fmt, const char *detail)
{
	char msg[600];

	snprintf(msg, sizeof(msg), fmt, detail);
	im->report(im->arg, s->file->name, line, column, msg);
	im->errors++;
}

void *
im_alloc(struct import *im, size_t size)
{
	void *p = kc_arena_alloc(&im->arena, size);

	if (p == NULL)
		abort(); /* an import that cannot allocate cannot report */
	return p;
}

char *
im_dup(struct import *im, const char *s)
{
	return strcpy(im_alloc(im, strlen(s) + 1), s);
}

/* Trims spaces around a field in place. */
static char *
trim(char *s)
{
	char *e;

	while (isspace((unsigned char) *s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char) e[-1]))
		*--e = 0;
	return s;
}

static int
find_column(const struct kc_csv_row *hdr, const char *name)
{
	size_t i;

	for (i = 0; i < hdr->nfields; i++)
		if (strcasecmp(trim(hdr->fields[i]), name) == 0)
			return (int) i;
	return -1;
}

/* Maps the header onto a sheet kind; the most specific match wins. */
static int
recognise(struct sheet *s, const struct kc_csv_row *hdr)
{
	int k, i, optional;

	for (k = NKINDS - 1; k >= UNITS; k--) {
		const struct sheet_def *d = &im_defs[k];

		for (i = 0, optional = 0; d->cols[i] != NULL; i++) {
			if (*d->cols[i] == 0) {
				optional  = 1;
				s->col[i] = -1;
				continue;
			}
			s->col[i] = find_column(hdr, d->cols[i]);
			if (s->col[i] < 0 && !optional)
				break;
		}
		if (d->cols[i] == NULL) {
			s->kind = (enum kind) k;
			return 0;
		}
	}
	return -1;
}

/* The value of column i of the sheet's definition ("" when absent). */
const char *
im_field(const struct sheet *s, const struct kc_csv_row *row, int i)
{
	int c = s->col[i];

	return c >= 0 && (size_t) c < row->nfields ? trim(row->fields[c]) : "";
}

void
im_push(struct import *im, struct sheet *s, void *item, unsigned line)
{
	if (s->n == s->cap) {
		s->cap = kc_grow_cap(s->cap, 64);
		KC_GROW_TO(s->items, s->n, s->cap, im_alloc, im);
		KC_GROW_TO(s->lines, s->n, s->cap, im_alloc, im);
	}
	s->items[s->n]   = item;
	s->lines[s->n++] = line;
}

/* Looks a word up in a list of names; returns its index + base or -1. */
static int
word(const char *v, const char *const *names, int base)
{
	int i;

	for (i = 0; names[i] != NULL; i++)
		if (strcasecmp(v, names[i]) == 0)
			return i + base;
	return -1;
}

static const char *const levels[]   = { "provinsi", "kabupaten", "kecamatan",
	  "opd", NULL };
static const char *const polarity[] = { "maximize", "minimize", NULL };
static const char *const vtypes[]   = { "number", "akip", NULL };
static const char *const kinds[]    = { "renstra_target", "renstra_end_target",
	   "target", "realisasi", "target_renstra", NULL };
static const char *const itypes[]   = { "iku", "ikk", "outcome", "output",
	  NULL };

static int
row_unit(struct import *im, struct sheet *s, const struct kc_csv_row *r)
{
	Kinerja__Unit *u     = im_alloc(im, sizeof(*u));
	const char    *level = im_field(s, r, 4);

	kinerja__unit__init(u);
	u->code   = im_dup(im, im_field(s, r, 0));
	u->name   = im_dup(im, im_field(s, r, 1));
	u->parent = im_dup(im, im_field(s, r, 3));
	if (*level && (int) (u->level = word(level, levels, 1)) < 0) {
		im_problem(im, s, r->line, "level",
		    "\"%s\" is not provinsi, "
		    "kabupaten, kecamatan or opd",
		    level);
		return -1;
	}
	im_push(im, s, u, r->line);
	return 0;
}

static int
row_indicator(struct import *im, struct sheet *s, const struct kc_csv_row *r)
{
	Kinerja__Indicator *ind = im_alloc(im, sizeof(*ind));
	const char         *pol = im_field(s, r, 3), *vt = im_field(s, r, 5);
	int                 has;
	enum kc_quarterly   q;

	kinerja__indicator__init(ind);
	ind->code   = im_dup(im, im_field(s, r, 0));
	ind->name   = im_dup(im, im_field(s, r, 1));
	ind->satuan = im_dup(im, im_field(s, r, 2));
	if ((int) (ind->polarity = word(pol, polarity, 1)) < 0) {
		im_problem(im, s, r->line, "polarity",
		    "\"%s\" is not maximize or minimize", pol);
		return -1;
	}
	if (*vt && (int) (ind->value_type = word(vt, vtypes, 1)) < 0) {
		im_problem(im, s, r->line, "value_type",
		    "\"%s\" is not number or akip", vt);
		return -1;
	}
	if (im_number(im, s, r->line, "min", im_field(s, r, 6), &has,
	        &ind->min) != 0)
		return -1;
	ind->opt_min_case = has ? KINERJA__INDICATOR__OPT_MIN_MIN : 0;
	if (im_number(im, s, r->line, "max", im_field(s, r, 7), &has,
	        &ind->max) != 0)
		return -1;
	ind->opt_max_case = has ? KINERJA__INDICATOR__OPT_MAX_MAX : 0;
	q                 = kc_quarterly_parse(im_field(s, r, 8));
	if ((int) q < 0) {
		im_problem(im, s, r->line, "quarterly",
		    "\"%s\" is not sum (kumulatif), latest (terakhir), "
		    "yearly (tahunan) or empty (by kind)",
		    im_field(s, r, 8));
		return -1;
	}
	ind->quarterly = (Kinerja__QuarterlyRule) q;
	/* The LKjIP's metadata (issue #15), optional. */
	if (*im_field(s, r, 9) &&
	    (int) (ind->type = word(im_field(s, r, 9), itypes, 1)) < 0) {
		im_problem(im, s, r->line, "type",
		    "\"%s\" is not iku, ikk, outcome or output",
		    im_field(s, r, 9));
		return -1;
	}
	ind->definisi    = im_dup(im, im_field(s, r, 10));
	ind->formula     = im_dup(im, im_field(s, r, 11));
	ind->sumber_data = im_dup(im, im_field(s, r, 12));
	im_push(im, s, ind, r->line);
	return 0;
}

static int
row_sasaran(struct import *im, struct sheet *s, const struct kc_csv_row *r)
{
	Kinerja__SasaranLink *l = im_alloc(im, sizeof(*l));

	kinerja__sasaran_link__init(l);
	l->unit      = im_dup(im, im_field(s, r, 0));
	l->sasaran   = im_dup(im, im_field(s, r, 1));
	l->indicator = im_dup(im, im_field(s, r, 2));
	l->tujuan    = im_dup(im, im_field(s, r, 4));
	l->penanggung_jawab = im_dup(im, im_field(s, r, 5));
	im_push(im, s, l, r->line);
	return 0;
}

int
im_year(const char *v, int32_t *year)
{
	char *end;
	long  y = strtol(v, &end, 10);

	if (*v == 0 || *end != 0 || !isdigit((unsigned char) *v) || y > 9999)
		return -1;
	*year = (int32_t) y;
	return 0;
}

/* A value: a number, or an AKIP form when it has letters in it. */
static int
parse_value(struct import *im, Kinerja__IndicatorValue *v, const char *text,
    const char **why)
{
	const char  *p;
	int64_t      e4;
	int          has  = 1;
	enum kc_akip pred = KC_AKIP_NONE;

	for (p = text; *p && !isalpha((unsigned char) *p); p++)
		;
	if (*p ? kc_parse_akip(text, &has, &e4, &pred, why)
	       : kc_parse_decimal(text, 4, 0, &e4, why))
		return -1;
	if (has) {
		v->opt_value_case = KINERJA__INDICATOR_VALUE__OPT_VALUE_VALUE;
		v->value          = (double) e4 / KC_E4;
	}
	/* The server knows the satuan: it refuses a % for one that is not. */
	v->percent_sign = kc_has_percent_sign(text);
	/* Sent with the number too, so the server checks that the indicator
	 * takes a predikat at all. */
	v->predikat = im_dup(im, kc_akip_name(pred));
	return 0;
}

static int
row_value(struct import *im, struct sheet *s, const struct kc_csv_row *r)
{
	Kinerja__IndicatorValue *v = im_alloc(im, sizeof(*v));
	const char *year = im_field(s, r, 2), *kind = im_field(s, r, 3), *why;

	kinerja__indicator_value__init(v);
	v->unit      = im_dup(im, im_field(s, r, 0));
	v->indicator = im_dup(im, im_field(s, r, 1));
	if (im_year(year, &v->year) != 0) {
		im_problem(
		    im, s, r->line, "year", "\"%s\" is not a year", year);
		return -1;
	}
	/* target_renstra: the name docs/comparisons.md also accepts. */
	if ((int) (v->kind = word(kind, kinds, 1)) == 5)
		v->kind = KINERJA__VALUE_KIND__VALUE_KIND_RENSTRA_TARGET;
	if ((int) v->kind < 0) {
		im_problem(im, s, r->line, "kind",
		    "\"%s\" is not renstra_target, "
		    "renstra_end_target, target or realisasi",
		    kind);
		return -1;
	}
	if (parse_value(im, v, im_field(s, r, 4), &why) != 0) {
		im_problem(im, s, r->line, "value", "%s", why);
		return -1;
	}
	if ((v->period = kc_period_parse(im_field(s, r, 6))) < 0) {
		im_problem(im, s, r->line, "period",
		    "\"%s\" is not a period: tahun (or empty), tw1-tw4, "
		    "TW I-TW IV, Triwulan I-IV",
		    im_field(s, r, 6));
		return -1;
	}
	im_push(im, s, v, r->line);
	return 0;
}

/* Recognised by their headers; tried from the last kind down, so the
 * most specific header wins. */
const struct sheet_def im_defs[NKINDS] = {
	[UNITS]      = { "units", { "unit", "name", "", "parent", "level" },
	         L_UNITS, row_unit, NULL },
	[INDICATORS] = { "indicators",
	    { "indicator", "name", "satuan", "polarity", "", "value_type",
	        "min", "max", "quarterly", "type", "definisi", "formula",
	        "sumber_data" },
	    L_INDICATORS, row_indicator, NULL },
	[SASARAN]    = { "sasaran",
	       { "unit", "sasaran", "indicator", "", "tujuan",
	           "penanggung_jawab" },
	       L_LINKS,
	       row_sasaran, NULL },
	[VALUES]     = { "values",
	        { "unit", "indicator", "year", "kind", "value", "", "period" },
	        L_VALUES, row_value, NULL },
	[NARASI]     = { "narasi",
	        { "unit", "year", "indicator", "section", "text" },
	        L_NARRATIVES, im_row_narasi, NULL },
	[PROFIL]     = { "profil", { "unit", "year", "field", "value" },
	        L_PROFILES, im_row_profil, NULL },
	[PEGAWAI]    = { "pegawai",
	       { "unit", "year", "group", "category", "laki_laki",
	           "perempuan" },
	       L_PROFILES, im_row_pegawai, NULL },
	[BUDGET]     = { "budget",
	        { "unit", "year", "code", "name", "pagu", "realisasi", "",
	            "parent", "sasaran", "output", "satuan", "output_target",
	            "output_realisasi" },
	        L_BUDGET, im_row_budget, NULL },
	[BELANJA]    = { "belanja",
	       { "unit", "year", "belanja", "pagu", "realisasi", "", "parent" },
	       L_BELANJA, im_row_belanja, NULL },
	[AKIP]       = { "akip",
	          { "unit", "year", "component", "weight", "score", "", "target" },
	          L_AKIP, im_row_akip, NULL },
	[SKM_MEANS]  = { "skm",
	     { "unit", "year", "unsur", "nrr", "", "respondents" }, L_SURVEYS,
	     im_row_skm_means, im_end_skm_means },
	[SKM_RESPONSES] = { "skm responses",
	    { "unit", "year", "respondent", "u1", "u2", "u3", "u4", "u5", "u6",
	        "u7", "u8", "u9", "", "gender", "education", "age",
	        "occupation" },
	    L_SURVEYS, im_row_skm_response, NULL },
};

/* Reads one file into its sheet; problems are reported, not fatal. */
static void
read_sheet(struct import *im, struct sheet *s)
{
	struct kc_csv     csv;
	struct kc_csv_row row = { 0 };
	const char       *why;
	int               rc;

	kc_csv_init(&csv, s->file->data, s->file->len);
	if ((rc = kc_csv_next(&csv, &row, &why)) <= 0 ||
	    recognise(s, &row) != 0) {
		im_problem(im, s, rc < 0 ? row.line : 1, "header", "%s",
		    rc < 0 ? why
		           : "not a kinerja sheet; expected the header of "
		             "units, indicators, sasaran, values, narasi, "
		             "profil, pegawai, budget, belanja, "
		             "akip or skm (see docs/import.md)");
		kc_csv_row_free(&row);
		return;
	}
	while ((rc = kc_csv_next(&csv, &row, &why)) != 0) {
		if (rc < 0)
			im_problem(im, s, row.line, "-", "%s", why);
		else
			im_defs[s->kind].row(im, s, &row);
		s->rows++;
	}
	if (s->rows == 0)
		im_problem(im, s, 0, "-", "%s", "no rows below the header");
	kc_csv_row_free(&row);
}

/* The sheet column a server field name stands for. */
const char *
im_column_of(const struct sheet *s, const char *field_name)
{
	if (strcmp(field_name, "code") == 0)
		return s->kind == UNITS        ? "unit"
		       : s->kind == INDICATORS ? "indicator"
		                               : "code";
	if (strcmp(field_name, "predikat") == 0)
		return "value";
	return field_name;
}

/* The server names the field at the start of its message; the report
 * names the column already. */
const char *
im_without_field(const char *message, const char *field_name)
{
	size_t n = strlen(field_name);

	if (strncmp(message, field_name, n) == 0 && message[n] == ':' &&
	    message[n + 1] == ' ')
		return message + n + 2;
	return message;
}

static const char *const list_names[NLISTS] = { "units", "indicators", "links",
	"values", "budget", "belanja", "akip", "surveys", "narratives",
	"profiles" };

static int
list_index(const char *name)
{
	int k;

	for (k = 0; k < NLISTS; k++)
		if (strcmp(name, list_names[k]) == 0)
			return k;
	return -1;
}

struct placed {
	void         *item;
	struct origin from;
	const char   *unit; /* budget and belanja lines: their unit-year */
	int32_t       year;
};

/* By unit-year, then in the order read. */
static int
by_unit_year(const void *a, const void *b)
{
	const struct placed *x = a, *y = b;
	int                  c;

	if ((c = strcmp(x->unit, y->unit)) != 0)
		return c;
	if (x->year != y->year)
		return x->year < y->year ? -1 : 1;
	if (x->from.sheet != y->from.sheet)
		return x->from.sheet < y->from.sheet ? -1 : 1;
	return x->from.row < y->from.row ? -1 : x->from.row > y->from.row;
}

static struct placed
placed(enum list l, void *item, const struct sheet *s, size_t row)
{
	struct placed p = { item, { s, row }, "", 0 };

	if (l == L_BUDGET) {
		p.unit = ((const Kinerja__BudgetLine *) item)->unit;
		p.year = ((const Kinerja__BudgetLine *) item)->year;
	} else if (l == L_BELANJA) {
		p.unit = ((const Kinerja__BelanjaLine *) item)->unit;
		p.year = ((const Kinerja__BelanjaLine *) item)->year;
	}
	return p;
}

/* Every item of the sheets feeding list l, in the order they are sent. */
static struct placed *
gather(struct import *im, enum list l, size_t *n)
{
	struct placed *p;
	size_t         i, j, k = 0;

	*n = 0;
	for (i = 0; i < im->nsheets; i++)
		if (im_defs[im->sheets[i].kind].list == l)
			*n += im->sheets[i].n;
	p = im_alloc(im, (*n + 1) * sizeof(*p));
	for (i = 0; i < im->nsheets; i++) {
		const struct sheet *s = &im->sheets[i];

		if (im_defs[s->kind].list != l)
			continue;
		for (j = 0; j < s->n; j++)
			p[k++] = placed(l, s->items[j], s, j);
	}
	/* The server replaces a unit-year's lines with those of one
	 * request: they must travel together. */
	if (l == L_BUDGET || l == L_BELANJA)
		qsort(p, *n, sizeof(*p), by_unit_year);
	return p;
}

/* Items from p[0] on that belong to the same unit-year (1 for lists that
 * need no grouping). */
static size_t
group_size(enum list l, const struct placed *p, size_t n)
{
	size_t k = 1;

	if (l != L_BUDGET && l != L_BELANJA)
		return 1;
	while (k < n && p[k].year == p[0].year &&
	       strcmp(p[k].unit, p[0].unit) == 0)
		k++;
	return k;
}

/* Adds an item to a request; cap is the most items of this list any one
 * request can get, so a small sheet does not pay for a full chunk. */
static void
place(struct import *im, struct request *q, enum list l, struct placed p,
    size_t cap)
{
	size_t n = q->n[l]++;

	if (n == 0) {
		q->items[l] = im_alloc(im, cap * sizeof(void *));
		q->from[l]  = im_alloc(im, cap * sizeof(struct origin));
	}
	q->items[l][n] = p.item;
	q->from[l][n]  = p.from;
}

/* Splits the items into requests of at most CHUNK, lists in dependency
 * order, never splitting a unit-year's budget: a request holding a
 * group that would not fit is closed early. Two requests together always
 * hold more than CHUNK, which bounds their number. */
struct request *
im_plan(struct import *im, size_t *nreq)
{
	size_t          total = 0, i, j, g, n, used = 0;
	struct request *req;
	struct placed  *p;
	int             l;

	*nreq = 0;
	for (i = 0; i < im->nsheets; i++)
		total += im->sheets[i].n;
	req = im_alloc(
	    im, (2 * ((total + CHUNK - 1) / CHUNK) + 2) * sizeof(*req));
	for (l = 0; l < NLISTS; l++) {
		p = gather(im, (enum list) l, &n);
		for (i = 0; i < n; i += g) {
			g = group_size((enum list) l, p + i, n - i);
			if (g > CHUNK) {
				im_problem(im, p[i].from.sheet,
				    p[i].from.sheet->lines[p[i].from.row],
				    "unit", "%s",
				    "more than 10000 lines for one "
				    "unit-year");
				return req;
			}
			if (used % CHUNK + g > CHUNK)
				used += CHUNK - used % CHUNK;
			for (j = 0; j < g; j++, used++)
				place(im, &req[used / CHUNK], (enum list) l,
				    p[i + j], n < CHUNK ? n : CHUNK);
		}
	}
	*nreq = (used + CHUNK - 1) / CHUNK;
	return req;
}

/* Where a server's FieldError points: the row it came from, or NULL. */
const struct origin *
im_origin_of(const struct request *q, const Kinerja__FieldError *fe)
{
	int k = list_index(fe->list);

	if (k < 0 || fe->index >= q->n[k])
		return NULL;
	return &q->from[k][fe->index];
}

void
im_request(const struct request *q, Kinerja__ImportRequest *r)
{
	r->units        = (Kinerja__Unit **) q->items[L_UNITS];
	r->n_units      = q->n[L_UNITS];
	r->indicators   = (Kinerja__Indicator **) q->items[L_INDICATORS];
	r->n_indicators = q->n[L_INDICATORS];
	r->links        = (Kinerja__SasaranLink **) q->items[L_LINKS];
	r->n_links      = q->n[L_LINKS];
	r->values       = (Kinerja__IndicatorValue **) q->items[L_VALUES];
	r->n_values     = q->n[L_VALUES];
	r->budget       = (Kinerja__BudgetLine **) q->items[L_BUDGET];
	r->n_budget     = q->n[L_BUDGET];
	r->belanja      = (Kinerja__BelanjaLine **) q->items[L_BELANJA];
	r->n_belanja    = q->n[L_BELANJA];
	r->akip    = (Kinerja__SubmitAkipEvaluationRequest **) q->items[L_AKIP];
	r->n_akip  = q->n[L_AKIP];
	r->surveys = (Kinerja__SubmitSurveyRequest **) q->items[L_SURVEYS];
	r->n_surveys     = q->n[L_SURVEYS];
	r->narratives    = (Kinerja__Narrative **) q->items[L_NARRATIVES];
	r->n_narratives  = q->n[L_NARRATIVES];
	r->profiles      = (Kinerja__UnitProfile **) q->items[L_PROFILES];
	r->n_profiles    = q->n[L_PROFILES];
}

/* A stable sort by kind: files of one kind keep the order given, which
 * matters when a later file revises a value of an earlier one. */
static void
sort_sheets(struct sheet *s, size_t n)
{
	struct sheet t;
	size_t       i, j;

	for (i = 1; i < n; i++) {
		t = s[i];
		for (j = i; j > 0 && s[j - 1].kind > t.kind; j--)
			s[j] = s[j - 1];
		s[j] = t;
	}
}

void
im_read(struct import *im, const kinerja_file *files, size_t n)
{
	size_t i;

	im->nsheets = n;
	im->sheets  = im_alloc(im, (n + 1) * sizeof(*im->sheets));
	for (i = 0; i < n; i++) {
		im->sheets[i].file = &files[i];
		read_sheet(im, &im->sheets[i]);
		im->stats->rows += (unsigned) im->sheets[i].rows;
	}
	/* Whole-sheet checks wait for every file: a unit-year's rows may
	 * be split over several. */
	for (i = 0; i < n; i++)
		if (im_defs[im->sheets[i].kind].end != NULL)
			im_defs[im->sheets[i].kind].end(im, &im->sheets[i]);
	sort_sheets(im->sheets, n);
}
