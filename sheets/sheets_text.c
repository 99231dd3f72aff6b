/*
 * sheets_text.c - the import sheets of the LKjIP's own text (issue #15,
 * docs/import.md): narasi.csv, one narrative section a row; profil.csv,
 * one field of a unit profile a row; pegawai.csv, one staff count a row.
 * The profil and pegawai rows of a unit-year, in any of the import's
 * files, make one UnitProfile: a submit replaces a profile whole.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "import_int.h"

static const char *const sections[] = { "analisis", "penyebab", "pendukung",
	"penghambat", "upaya", "tindak_lanjut", "ringkasan", "penutup",
	"pendahuluan", NULL };
static const int section_numbers[] = { 1, 2, 3, 4, 5, 6, 20, 21, 22 };
static const char *const groups[] = { "eselon", "golongan", "pendidikan",
	NULL };

static int
word(const char *v, const char *const *names)
{
	int i;

	for (i = 0; names[i] != NULL; i++)
		if (strcasecmp(v, names[i]) == 0)
			return i;
	return -1;
}

static int
unit_year(struct import *im, struct sheet *s, const struct kc_csv_row *r,
    char **unit, int32_t *year)
{
	const char *y = im_field(s, r, 1);

	*unit = im_dup(im, im_field(s, r, 0));
	if (im_year(y, year) != 0) {
		im_problem(im, s, r->line, "year", "\"%s\" is not a year", y);
		return -1;
	}
	return 0;
}

/* A text as the sheet wrote it, its line ends made "\n". */
static char *
text_of(struct import *im, const char *v)
{
	char  *t = im_dup(im, v);
	size_t i, j;

	for (i = j = 0; t[i]; i++)
		if (!(t[i] == '\r' && t[i + 1] == '\n'))
			t[j++] = t[i];
	t[j] = 0;
	return t;
}

int
im_row_narasi(struct import *im, struct sheet *s, const struct kc_csv_row *r)
{
	Kinerja__Narrative *n       = im_alloc(im, sizeof(*n));
	const char         *section = im_field(s, r, 3);
	int                 k;

	kinerja__narrative__init(n);
	if (unit_year(im, s, r, &n->unit, &n->year) != 0)
		return -1;
	if ((k = word(section, sections)) < 0) {
		im_problem(im, s, r->line, "section",
		    "\"%s\" is not analisis, penyebab, pendukung, "
		    "penghambat, upaya, tindak_lanjut, ringkasan, penutup or "
		    "pendahuluan",
		    section);
		return -1;
	}
	n->section   = (Kinerja__NarrativeSection) section_numbers[k];
	n->indicator = im_dup(im, im_field(s, r, 2));
	n->text      = text_of(im, im_field(s, r, 4));
	im_push(im, s, n, r->line);
	return 0;
}

/* ------------------------------------------------- profil and pegawai */

/* A profile being gathered, with the lines its parts came from. */
struct gathered {
	Kinerja__UnitProfile *p;
	unsigned              line[32]; /* of each field set (fields[]) */
	unsigned             *staff_line;
	size_t                staff_cap;
};

struct im_profiles {
	struct gathered *g;
	size_t           n, cap;
};

/* profil.csv's field names; a list field (and tugas_pokok, whose rows
 * are its paragraphs) may take several rows, joined by newlines. */
enum field_kind { TEXT, LIST, HECTARES, COUNT };
static const struct {
	const char     *name;
	enum field_kind kind;
} fields[] = {
	{ "dasar_hukum", LIST },
	{ "tugas_pokok", LIST }, /* its paragraphs, one a row */
	{ "fungsi", LIST },
	{ "susunan_organisasi", LIST },
	{ "luas_ha", HECTARES },
	{ "desa", COUNT },
	{ "kelurahan", COUNT },
	{ "penduduk", COUNT },
	{ "pimpinan_jabatan", TEXT },
	{ "pimpinan_nama", TEXT },
	{ "pimpinan_nip", TEXT },
	{ "sekretaris_nama", TEXT },
	{ "sekretaris_nip", TEXT },
	{ "atasan_jabatan", TEXT },
	{ "atasan_nama", TEXT },
	{ "tempat", TEXT },
	{ "tanggal_pk", TEXT },
	{ "tanggal_pk_perubahan", TEXT },
};
#define NFIELDS (sizeof(fields) / sizeof(fields[0]))

/* The text field of UnitProfile of that name. */
static char **
text_field(Kinerja__UnitProfile *p, const char *name)
{
	const ProtobufCFieldDescriptor *f = protobuf_c_message_descriptor_get_field_by_name(
	    &kinerja__unit_profile__descriptor, name);

	return (char **) ((char *) p + f->offset);
}

/* The unit-year's profile of this import, made on its first row (the
 * sheet holding that row carries it). */
static struct gathered *
gather(struct import *im, struct sheet *s, char *unit, int32_t year,
    unsigned line)
{
	struct im_profiles *ps = im->profiles;
	struct gathered    *g;
	size_t              i;

	if (ps == NULL)
		ps = im->profiles = im_alloc(im, sizeof(*ps));
	for (i = 0; i < ps->n; i++)
		if (ps->g[i].p->year == year &&
		    strcmp(ps->g[i].p->unit, unit) == 0)
			return &ps->g[i];
	if (ps->n == ps->cap) {
		ps->cap = kc_grow_cap(ps->cap, 8);
		KC_GROW_TO(ps->g, ps->n, ps->cap, im_alloc, im);
	}
	g = memset(&ps->g[ps->n++], 0, sizeof(*g));
	g->p = im_alloc(im, sizeof(*g->p));
	kinerja__unit_profile__init(g->p);
	g->p->unit = unit;
	g->p->year = year;
	for (i = 0; i < NFIELDS; i++)
		if (fields[i].kind == TEXT || fields[i].kind == LIST)
			*text_field(g->p, fields[i].name) = "";
	im_push(im, s, g->p, line);
	return g;
}

/* A count of people or villages: digits only. */
static int
count(const char *v, uint32_t *out)
{
	unsigned long long n = 0;
	const char        *p;

	for (p = v; *p >= '0' && *p <= '9' && n <= UINT32_MAX; p++)
		n = n * 10 + (unsigned) (*p - '0');
	if (*v == 0 || *p != 0 || n > UINT32_MAX)
		return -1;
	*out = (uint32_t) n;
	return 0;
}

static int
set_number(struct import *im, struct sheet *s, unsigned line, size_t f,
    const char *v, Kinerja__UnitProfile *p)
{
	const char *why;
	uint32_t    n;
	int64_t     e2;

	if (fields[f].kind == HECTARES) {
		if (kc_parse_decimal(v, 2, 0, &e2, &why) != 0) {
			im_problem(im, s, line, "value", "%s", why);
			return -1;
		}
		p->opt_luas_ha_case = KINERJA__UNIT_PROFILE__OPT_LUAS_HA_LUAS_HA;
		p->luas_ha          = (double) e2 / 100;
		return 0;
	}
	if (count(v, &n) != 0) {
		im_problem(im, s, line, "value",
		    "\"%s\" is not a whole number (digits only)", v);
		return -1;
	}
	if (strcmp(fields[f].name, "desa") == 0)
		p->desa = n;
	else if (strcmp(fields[f].name, "kelurahan") == 0)
		p->kelurahan = n;
	else
		p->penduduk = n;
	return 0;
}

static size_t
field_index(const char *name)
{
	size_t f;

	for (f = 0; f < NFIELDS; f++)
		if (strcasecmp(name, fields[f].name) == 0)
			break;
	return f;
}

int
im_row_profil(struct import *im, struct sheet *s, const struct kc_csv_row *r)
{
	const char      *name = im_field(s, r, 2), *v = im_field(s, r, 3);
	char            *unit, **text, line[24];
	int32_t          year;
	size_t           f;
	struct gathered *g;

	if (unit_year(im, s, r, &unit, &year) != 0)
		return -1;
	if ((f = field_index(name)) == NFIELDS) {
		im_problem(im, s, r->line, "field",
		    "\"%s\" is not a field of a unit profile (see "
		    "docs/import.md)",
		    name);
		return -1;
	}
	g = gather(im, s, unit, year, r->line);
	if (g->line[f] != 0 && fields[f].kind != LIST) {
		snprintf(line, sizeof(line), "%u", g->line[f]);
		im_problem(im, s, r->line, "field",
		    "given twice for this unit and year (also line %s)", line);
		return -1;
	}
	g->line[f] = r->line;
	if (fields[f].kind == HECTARES || fields[f].kind == COUNT)
		return set_number(im, s, r->line, f, v, g->p);
	text = text_field(g->p, fields[f].name);
	if (**text == 0)
		*text = text_of(im, v);
	else { /* a list's next line, in file order */
		char *joined = im_alloc(im, strlen(*text) + strlen(v) + 2);

		sprintf(joined, "%s\n%s", *text, text_of(im, v));
		*text = joined;
	}
	return 0;
}

static int
staff_number(struct import *im, struct sheet *s, unsigned line,
    const char *col, const char *v, uint32_t *out)
{
	if (*v == 0) {
		*out = 0;
		return 0;
	}
	if (count(v, out) == 0)
		return 0;
	im_problem(im, s, line, col, "\"%s\" is not a whole number (digits only)",
	    v);
	return -1;
}

int
im_row_pegawai(struct import *im, struct sheet *s, const struct kc_csv_row *r)
{
	Kinerja__StaffCount *c = im_alloc(im, sizeof(*c));
	const char          *grp = im_field(s, r, 2);
	char                *unit, line[24];
	int32_t              year;
	int                  k;
	size_t               i;
	struct gathered     *g;

	kinerja__staff_count__init(c);
	if (unit_year(im, s, r, &unit, &year) != 0)
		return -1;
	if ((k = word(grp, groups)) < 0) {
		im_problem(im, s, r->line, "group",
		    "\"%s\" is not eselon, golongan or pendidikan", grp);
		return -1;
	}
	c->group    = (Kinerja__StaffGroup) (k + 1);
	c->category = im_dup(im, im_field(s, r, 3));
	if (staff_number(im, s, r->line, "laki_laki", im_field(s, r, 4),
	        &c->laki_laki) != 0 ||
	    staff_number(im, s, r->line, "perempuan", im_field(s, r, 5),
	        &c->perempuan) != 0)
		return -1;
	g = gather(im, s, unit, year, r->line);
	for (i = 0; i < g->p->n_staff; i++)
		if (g->p->staff[i]->group == c->group &&
		    strcmp(g->p->staff[i]->category, c->category) == 0) {
			snprintf(line, sizeof(line), "%u", g->staff_line[i]);
			im_problem(im, s, r->line, "category",
			    "given twice for this group, unit and year (also "
			    "line %s)",
			    line);
			return -1;
		}
	if (g->p->n_staff == g->staff_cap) {
		g->staff_cap = kc_grow_cap(g->staff_cap, 16);
		KC_GROW_TO(g->p->staff, g->p->n_staff, g->staff_cap, im_alloc, im);
		KC_GROW_TO(g->staff_line, g->p->n_staff, g->staff_cap, im_alloc,
		    im);
	}
	g->staff_line[g->p->n_staff] = r->line;
	g->p->staff[g->p->n_staff++] = c;
	return 0;
}
