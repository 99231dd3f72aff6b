/*
 * h_text.c - the LKjIP's own text (issue #15, docs/lkjip-data.md): the
 * narrative sections of a unit-year and of its indicators, the unit
 * profile of a year (BAB I), and an indicator's metadata. Every write goes
 * through kwrite_batch like the figures: history with the reason, replay,
 * validate_only, the unit's permission and the approval lock.
 */
#include <stddef.h>
#include <string.h>

#include "handlers.h"

#define KTEXT_MAX     16384 /* a narrative section, a profile text */
#define KMETA_MAX     4096 /* an indicator's definisi, formula, source */
#define KCATEGORY_MAX 32 /* a staff row's category */

/* ------------------------------------------------------------- checks */

/* Text that may span lines: UTF-8, no control character but newline and
 * tab, at most max bytes. 0, or 1 after an item error naming field. */
static int
check_long_text(struct kcall *call, uint32_t i, const char *field,
    const char *v, size_t max)
{
	size_t               len = strlen(v);
	const unsigned char *p;

	for (p = (const unsigned char *) v; *p; p++)
		if ((*p < 0x20 && *p != '\n' && *p != '\t') || *p == 0x7F)
			break;
	if (*p != 0 || kc_utf8_check(v, len) != KC_UTF8_OK) {
		kcall_item_error(call, i, field,
		    KINERJA__CODE__INVALID_ARGUMENT,
		    "%s: not UTF-8 text, or has control characters other "
		    "than newline and tab",
		    field);
		return 1;
	}
	if (len > max) {
		kcall_item_error(call, i, field,
		    KINERJA__CODE__INVALID_ARGUMENT,
		    "%s: %zu bytes; at most %zu", field, len, max);
		return 1;
	}
	return 0;
}

/* A real calendar date written YYYY-MM-DD, or "". */
static int
date_ok(const char *v)
{
	static const int days[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31,
		30, 31 };
	int              y, m, d, k;

	if (*v == 0)
		return 1;
	for (k = 0; k < 10; k++)
		if (k == 4 || k == 7 ? v[k] != '-'
		                     : v[k] < '0' || v[k] > '9')
			return 0;
	if (v[10] != 0)
		return 0;
	y = (v[0] - '0') * 1000 + (v[1] - '0') * 100 + (v[2] - '0') * 10 +
	    (v[3] - '0');
	m = (v[5] - '0') * 10 + (v[6] - '0');
	d = (v[8] - '0') * 10 + (v[9] - '0');
	if (m < 1 || m > 12 || d < 1 || d > days[m - 1])
		return 0;
	return !(m == 2 && d == 29 &&
	         (y % 4 != 0 || (y % 100 == 0 && y % 400 != 0)));
}

/* ----------------------------------------------------------- metadata */

int
kmeta_read(struct kcall *call, const Kinerja__Indicator *ind, uint32_t i,
    struct kindicator_meta *out)
{
	if (ind->type < 0 ||
	    ind->type > KINERJA__INDICATOR_TYPE__INDICATOR_TYPE_OUTPUT) {
		kcall_item_error(call, i, "type",
		    KINERJA__CODE__INVALID_ARGUMENT,
		    "type: %d is not an IndicatorType", ind->type);
		return 1;
	}
	if (check_long_text(call, i, "definisi", ind->definisi, KMETA_MAX) ||
	    check_long_text(call, i, "formula", ind->formula, KMETA_MAX) ||
	    check_long_text(
	        call, i, "sumber_data", ind->sumber_data, KMETA_MAX))
		return 1;
	*out = (struct kindicator_meta) { ind->type, ind->definisi,
		ind->formula, ind->sumber_data };
	return 0;
}

static const char *
type_name(int type)
{
	static const char *const names[] = { "", "iku", "ikk", "outcome",
		"output" };

	return type >= 0 && type <= 4 ? names[type] : "";
}

/* A history row for one field that changed; "" is no value. */
static int
field_changed(struct kcall *call, const struct khistory *key,
    const char *field, const char *old, const char *new)
{
	struct khistory h = *key;

	if (strcmp(old, new) == 0)
		return 0;
	h.field     = field;
	h.old_value = *old ? old : NULL;
	h.new_value = *new ? new : NULL;
	return khistory_put(call, &h);
}

int
kmeta_put(struct kcall *call, const char *code,
    const struct kindicator_meta *m, enum kchange *change)
{
	struct kindicator_meta old;
	struct khistory        key = { .what = "indicator",
		       .unit                 = "",
		       .indicator            = code };
	char                  *buf = kcall_alloc(call, KSTORE_META_BUF);
	int                    rc;

	rc = kstore_indicator_meta_get(
	    call->store, code, &old, buf, KSTORE_META_BUF);
	if (rc != KS_OK)
		return kstore_failed(call, rc < 0 ? rc : KS_ERROR);
	if (old.type == m->type && strcmp(old.definisi, m->definisi) == 0 &&
	    strcmp(old.formula, m->formula) == 0 &&
	    strcmp(old.sumber_data, m->sumber_data) == 0)
		return 0;
	if ((rc = kstore_indicator_meta_put(call->store, code, m)) != KS_OK)
		return kstore_failed(call, rc < 0 ? rc : KS_ERROR);
	if (*change == KS_UNCHANGED)
		*change = KS_UPDATED;
	if (field_changed(call, &key, "type", type_name(old.type),
	        type_name(m->type)) != 0 ||
	    field_changed(call, &key, "definisi", old.definisi, m->definisi) ||
	    field_changed(call, &key, "formula", old.formula, m->formula) ||
	    field_changed(
	        call, &key, "sumber_data", old.sumber_data, m->sumber_data))
		return -1;
	return 0;
}

int
kmeta_fill(struct kcall *call, Kinerja__Indicator *m)
{
	struct kindicator_meta meta;
	char                  *buf = kcall_alloc(call, KSTORE_META_BUF);
	int                    rc;

	rc = kstore_indicator_meta_get(
	    call->store, m->code, &meta, buf, KSTORE_META_BUF);
	if (rc != KS_OK) /* not found: it was just listed */
		return kstore_failed(call, rc < 0 ? rc : KS_ERROR);
	m->type        = (Kinerja__IndicatorType) meta.type;
	m->definisi    = (char *) meta.definisi;
	m->formula     = (char *) meta.formula;
	m->sumber_data = (char *) meta.sumber_data;
	return KS_OK;
}

/* ---------------------------------------------------------- narrative */

/* The sections of an indicator-year are 1-6, of a unit-year 20-22. */
static int
section_of_indicator(int section)
{
	return section >= KINERJA__NARRATIVE_SECTION__NARRATIVE_SECTION_ANALISIS &&
	       section <=
	           KINERJA__NARRATIVE_SECTION__NARRATIVE_SECTION_TINDAK_LANJUT;
}

static int
section_of_unit(int section)
{
	return section >=
	           KINERJA__NARRATIVE_SECTION__NARRATIVE_SECTION_RINGKASAN &&
	       section <=
	           KINERJA__NARRATIVE_SECTION__NARRATIVE_SECTION_PENDAHULUAN;
}

const char *
knarrative_section_name(int section)
{
	static const char *const indicator[] = { "", "analisis", "penyebab",
		"pendukung", "penghambat", "upaya", "tindak_lanjut" };
	static const char *const unit[] = { "ringkasan", "penutup",
		"pendahuluan" };

	if (section_of_indicator(section))
		return indicator[section];
	if (section_of_unit(section))
		return unit[section - 20];
	return "";
}

/* The section and its indicator agree. */
static int
check_section(struct kcall *call, uint32_t i, const Kinerja__Narrative *n)
{
	const char *name = knarrative_section_name(n->section);

	if (n->section == 0 || *name == 0) {
		kcall_item_error(call, i, "section",
		    KINERJA__CODE__INVALID_ARGUMENT,
		    n->section == 0 ? "section: required"
		                    : "section: %d is not a NarrativeSection",
		    n->section);
		return 1;
	}
	if (section_of_indicator(n->section) && *n->indicator == 0) {
		kcall_item_error(call, i, "indicator",
		    KINERJA__CODE__INVALID_ARGUMENT,
		    "indicator: required for section %s (an indicator's "
		    "analysis)",
		    name);
		return 1;
	}
	if (section_of_unit(n->section) && *n->indicator != 0) {
		kcall_item_error(call, i, "indicator",
		    KINERJA__CODE__INVALID_ARGUMENT,
		    "indicator: must be empty for section %s (a unit-year "
		    "section)",
		    name);
		return 1;
	}
	return 0;
}

static int
check_narrative(struct kcall *call, uint32_t i, const Kinerja__Narrative *n)
{
	int rc;

	if (kcheck_code(call, i, "unit", n->unit) != 0)
		return 1;
	if ((rc = kfind_unit(call, i, n->unit)) != 0)
		return rc;
	if (kcheck_item_year(call, i, n->year) != 0 ||
	    check_section(call, i, n) != 0)
		return 1;
	if (*n->indicator != 0 &&
	    (kcheck_code(call, i, "indicator", n->indicator) != 0 ||
	        (rc = kfind_indicator(call, i, n->indicator, NULL)) != 0))
		return rc ? rc : 1;
	return check_long_text(call, i, "text", n->text, KTEXT_MAX);
}

static int
apply_narrative(
    struct kcall *call, const void *item, uint32_t i, enum kchange *change)
{
	const Kinerja__Narrative *n = item;
	struct knarrative k = { n->unit, n->year, n->indicator, n->section,
		n->text };
	char              old[KTEXT_MAX + 1];
	int               rc, had;

	if ((rc = check_narrative(call, i, n)) != 0)
		return rc;
	rc = kstore_narrative_get(call->store, &k, old, sizeof(old));
	if (rc < 0)
		return kstore_failed(call, rc);
	had = rc == KS_OK;
	*change = KS_UNCHANGED;
	if (had ? strcmp(old, n->text) == 0 : *n->text == 0)
		return 0; /* the same text, or removing what is not there */
	if ((rc = kstore_narrative_put(call->store, &k)) != KS_OK)
		return kstore_failed(call, rc < 0 ? rc : KS_ERROR);
	*change = had ? KS_UPDATED : KS_CREATED;
	return khistory_put(call, &(struct khistory) { .what = "narrative",
	                              .unit                  = n->unit,
	                              .indicator             = n->indicator,
	                              .year                  = n->year,
	                              .field = knarrative_section_name(
	                                  n->section),
	                              .old_value = had ? old : NULL,
	                              .new_value = *n->text ? n->text : NULL });
}

KLOCATE(narrative_unit_year, Narrative)

struct kbatch
knarratives_of(Kinerja__Narrative **items, size_t n, const char *what)
{
	return (struct kbatch) { what, (void *const *) items, n,
		apply_narrative, NULL, NULL, narrative_unit_year };
}

RPC(submit_narrative, SubmitNarrativeRequest, WriteReply)
{
	struct kbatch b = knarratives_of(in->items, in->n_items, "items");
	struct kwrite w = { &b, 1, in->validate_only, 0 };

	(void) svc;
	kwrite_batch(arg, &w, done);
}

static int
narrative_msg(void *arg, const struct knarrative *n)
{
	struct klist        *l = arg;
	Kinerja__Narrative *m = kcall_alloc(l->call, sizeof(*m));

	kinerja__narrative__init(m);
	m->unit      = kcall_strdup(l->call, n->unit);
	m->year      = n->year;
	m->indicator = kcall_strdup(l->call, n->indicator);
	m->section   = (Kinerja__NarrativeSection) n->section;
	m->text      = kcall_strdup(l->call, n->text);
	klist_push(l, m);
	return KS_OK;
}

/* NOT_FOUND naming the unit when it is unknown; 0 when it exists. */
static int
unit_known(struct kcall *call, const char *unit)
{
	int rc = kstore_unit_exists(call->store, unit);

	if (rc == KS_OK)
		return 0;
	if (rc != KS_NOTFOUND)
		return kstore_failed(call, rc);
	kcall_error(call, KINERJA__CODE__NOT_FOUND, "unit: %s not found",
	    kcall_quote(call, unit));
	return -1;
}

static int
get_narrative(struct kcall *call, const void *arg, void *reply)
{
	const Kinerja__GetNarrativeRequest *in = arg;
	Kinerja__GetNarrativeReply         *r  = reply;
	struct klist                         l  = { call, NULL, 0, 0 };
	int                                 rc;

	if (unit_known(call, in->unit) != 0)
		return -1;
	rc = kstore_narrative_list(
	    call->store, in->unit, in->year, narrative_msg, &l);
	if (rc != KS_OK)
		return kstore_failed(call, rc);
	r->items   = (Kinerja__Narrative **) l.items;
	r->n_items = l.n;
	return 0;
}

RPC(get_narrative, GetNarrativeRequest, GetNarrativeReply)
{
	Kinerja__GetNarrativeReply r = KINERJA__GET_NARRATIVE_REPLY__INIT;

	(void) svc;
	if (kcheck_unit_year(arg, in->unit, in->year) == 0)
		kread(arg, get_narrative, in, &r);
	done(&r, arg);
}

/* ------------------------------------------------------------ profile */

/* UnitProfile's texts in the store's order (enum kprofile_text); the
 * lists and the long texts may span lines, the names may not. */
static const struct {
	const char *name;
	size_t      offset;
	int         lines;
} texts[KP_TEXTS] = {
#define T(f, lines) { #f, offsetof(Kinerja__UnitProfile, f), lines }
	T(dasar_hukum, 1),
	T(tugas_pokok, 1),
	T(fungsi, 1),
	T(susunan_organisasi, 1),
	T(pimpinan_jabatan, 0),
	T(pimpinan_nama, 0),
	T(pimpinan_nip, 0),
	T(sekretaris_nama, 0),
	T(sekretaris_nip, 0),
	T(atasan_jabatan, 0),
	T(atasan_nama, 0),
	T(tempat, 0),
	T(tanggal_pk, 0),
	T(tanggal_pk_perubahan, 0),
#undef T
};

static char **
text_field(const Kinerja__UnitProfile *p, int k)
{
	return (char **) ((const char *) p + texts[k].offset);
}

static int
check_texts(struct kcall *call, uint32_t i, const Kinerja__UnitProfile *p)
{
	const char *v;
	int         k;

	for (k = 0; k < KP_TEXTS; k++) {
		v = *text_field(p, k);
		if (check_long_text(call, i, texts[k].name, v, KTEXT_MAX) != 0)
			return 1;
		if (!texts[k].lines && strchr(v, '\n') != NULL) {
			kcall_item_error(call, i, texts[k].name,
			    KINERJA__CODE__INVALID_ARGUMENT,
			    "%s: one line only", texts[k].name);
			return 1;
		}
	}
	for (k = KP_TANGGAL_PK; k <= KP_TANGGAL_PK_PERUBAHAN; k++)
		if (!date_ok(*text_field(p, k))) {
			kcall_item_error(call, i, texts[k].name,
			    KINERJA__CODE__INVALID_ARGUMENT,
			    "%s: %s is not a date (YYYY-MM-DD)", texts[k].name,
			    kcall_quote(call, *text_field(p, k)));
			return 1;
		}
	return 0;
}

static int
check_luas(struct kcall *call, uint32_t i, const Kinerja__UnitProfile *p,
    int64_t *e2)
{
	int64_t e4 = 0;

	*e2 = 0;
	if (p->opt_luas_ha_case != KINERJA__UNIT_PROFILE__OPT_LUAS_HA_LUAS_HA)
		return 0;
	if (kc_double_to_e4(p->luas_ha, &e4) != 0 || e4 < 0 || e4 % 100) {
		kcall_item_error(call, i, "luas_ha",
		    KINERJA__CODE__INVALID_ARGUMENT,
		    "luas_ha: %g is not a number of hectares >= 0 with at "
		    "most 2 decimals",
		    p->luas_ha);
		return 1;
	}
	*e2 = e4 / 100;
	return 0;
}

static int
staff_error(struct kcall *call, uint32_t i, size_t row, const char *field,
    const char *what)
{
	const char *name = kcall_printf(call, "staff[%zu].%s", row, field);

	kcall_item_error(call, i, name, KINERJA__CODE__INVALID_ARGUMENT,
	    "%s: %s", name, what);
	return 1;
}

static int
check_staff(struct kcall *call, uint32_t i, const Kinerja__UnitProfile *p)
{
	const Kinerja__StaffCount *s, *t;
	size_t                     r, q;

	if (p->n_staff > KSTAFF_MAX) {
		kcall_item_error(call, i, "staff",
		    KINERJA__CODE__INVALID_ARGUMENT,
		    "staff: %zu rows; at most %d", p->n_staff, KSTAFF_MAX);
		return 1;
	}
	for (r = 0; r < p->n_staff; r++) {
		s = p->staff[r];
		if (s->group <= 0 ||
		    s->group > KINERJA__STAFF_GROUP__STAFF_GROUP_PENDIDIKAN)
			return staff_error(call, i, r, "group",
			    "eselon, golongan or pendidikan required");
		if (*s->category == 0)
			return staff_error(call, i, r, "category", "required");
		if (!kc_text_ok(s->category))
			return staff_error(call, i, r, "category",
			    "not UTF-8 text, or has control characters");
		if (strlen(s->category) > KCATEGORY_MAX)
			return staff_error(call, i, r, "category",
			    "longer than 32 bytes");
		for (q = 0; q < r; q++) {
			t = p->staff[q];
			if (t->group == s->group &&
			    strcmp(t->category, s->category) == 0)
				return staff_error(call, i, r, "category",
				    kcall_printf(call,
				        "%s is given twice in its group "
				        "(also staff[%zu])",
				        kcall_quote(call, s->category), q));
		}
	}
	return 0;
}

static int
check_profile(struct kcall *call, uint32_t i, const Kinerja__UnitProfile *p,
    int64_t *luas_e2)
{
	int rc;

	if (kcheck_code(call, i, "unit", p->unit) != 0)
		return 1;
	if ((rc = kfind_unit(call, i, p->unit)) != 0)
		return rc;
	if (kcheck_item_year(call, i, p->year) != 0 ||
	    check_texts(call, i, p) != 0 || check_luas(call, i, p, luas_e2) ||
	    check_staff(call, i, p) != 0)
		return 1;
	return 0;
}

static const char *
group_name(int group)
{
	static const char *const names[] = { "", "eselon", "golongan",
		"pendidikan" };

	return group >= 0 && group <= 3 ? names[group] : "";
}

/* A profile as the store takes it; staff in the call's arena. */
static struct kprofile
profile_of(struct kcall *call, const Kinerja__UnitProfile *p, int64_t e2)
{
	struct kprofile kp = { p->unit, p->year, { 0 },
		p->opt_luas_ha_case == KINERJA__UNIT_PROFILE__OPT_LUAS_HA_LUAS_HA,
		e2, p->desa, p->kelurahan, p->penduduk, NULL, p->n_staff };
	struct kstaff  *staff = kcall_alloc(call, (p->n_staff + 1) * sizeof(*staff));
	size_t          r;
	int             k;

	for (k = 0; k < KP_TEXTS; k++)
		kp.text[k] = *text_field(p, k);
	for (r = 0; r < p->n_staff; r++)
		staff[r] = (struct kstaff) { p->staff[r]->group,
			p->staff[r]->category, p->staff[r]->laki_laki,
			p->staff[r]->perempuan };
	kp.staff = staff;
	return kp;
}

struct loaded {
	struct kcall         *call;
	Kinerja__UnitProfile *m;
};

/* The profile message of a stored profile, in the call's arena. */
static int
profile_msg(void *arg, const struct kprofile *kp)
{
	struct loaded        *l    = arg;
	struct kcall         *call = l->call;
	Kinerja__UnitProfile *m    = kcall_alloc(call, sizeof(*m));
	size_t                r;
	int                   k;

	kinerja__unit_profile__init(m);
	m->unit = kcall_strdup(call, kp->unit);
	m->year = kp->year;
	for (k = 0; k < KP_TEXTS; k++)
		*text_field(m, k) = kcall_strdup(call, kp->text[k]);
	if (kp->has_luas) {
		m->opt_luas_ha_case = KINERJA__UNIT_PROFILE__OPT_LUAS_HA_LUAS_HA;
		m->luas_ha          = ke2_double(kp->luas_e2);
	}
	m->desa      = kp->desa;
	m->kelurahan = kp->kelurahan;
	m->penduduk  = kp->penduduk;
	m->staff = kcall_alloc(call, (kp->nstaff + 1) * sizeof(*m->staff));
	for (r = 0; r < kp->nstaff; r++) {
		Kinerja__StaffCount *s = kcall_alloc(call, sizeof(*s));

		kinerja__staff_count__init(s);
		s->group     = (Kinerja__StaffGroup) kp->staff[r].group;
		s->category  = kcall_strdup(call, kp->staff[r].category);
		s->laki_laki = kp->staff[r].laki_laki;
		s->perempuan = kp->staff[r].perempuan;
		m->staff[m->n_staff++] = s;
	}
	l->m = m;
	return KS_OK;
}

/* The stored profile of a unit-year: 1 with *out, 0 none, -1 failed. */
static int
profile_load(struct kcall *call, const char *unit, int year,
    Kinerja__UnitProfile **out)
{
	struct loaded l = { call, NULL };
	int rc = kstore_profile_get(call->store, unit, year, profile_msg, &l);

	*out = l.m;
	if (rc == KS_NOTFOUND)
		return 0;
	return rc == KS_OK ? 1 : kstore_failed(call, rc);
}

/* The numbers and staff of a profile as the history shows them. */
static const char *
number_text(struct kcall *call, const Kinerja__UnitProfile *p, int k)
{
	switch (k) {
	case 0:
		return p->opt_luas_ha_case ? kcall_printf(call, "%.2f",
		                                 p->luas_ha)
		                           : "";
	case 1:
		return kcall_printf(call, "%u", p->desa);
	case 2:
		return kcall_printf(call, "%u", p->kelurahan);
	default:
		return kcall_printf(call, "%u", p->penduduk);
	}
}

static const char *
staff_text(struct kcall *call, const Kinerja__UnitProfile *p)
{
	const char *t = "";
	size_t      r;

	for (r = 0; r < p->n_staff; r++)
		t = kcall_printf(call, "%s%s%s %s: %u L, %u P", t, r ? "; " : "",
		    group_name(p->staff[r]->group), p->staff[r]->category,
		    p->staff[r]->laki_laki, p->staff[r]->perempuan);
	return t;
}

/* A history row for every field that differs; old NULL: none stored.
 * Returns the number of rows, or -1. */
static int
profile_history(struct kcall *call, const Kinerja__UnitProfile *old,
    const Kinerja__UnitProfile *new)
{
	static const char *const numbers[] = { "luas_ha", "desa", "kelurahan",
		"penduduk" };
	static const Kinerja__UnitProfile none = KINERJA__UNIT_PROFILE__INIT;
	struct khistory key = { .what = "profile", .unit = new->unit,
		.indicator = "", .year = new->year };
	const Kinerja__UnitProfile *o = old ? old : &none;
	int                         k, n = 0;
	const char                 *a, *b;

	for (k = 0; k < KP_TEXTS + 5; k++) {
		if (k < KP_TEXTS) {
			a = *text_field(o, k);
			b = *text_field(new, k);
		} else if (k < KP_TEXTS + 4) {
			a = number_text(call, o, k - KP_TEXTS);
			b = number_text(call, new, k - KP_TEXTS);
		} else {
			a = staff_text(call, o);
			b = staff_text(call, new);
		}
		if (strcmp(a, b) == 0)
			continue;
		if (field_changed(call, &key,
		        k < KP_TEXTS       ? texts[k].name
		        : k < KP_TEXTS + 4 ? numbers[k - KP_TEXTS]
		                           : "staff",
		        a, b) != 0)
			return -1;
		n++;
	}
	return n;
}

static int
apply_profile(
    struct kcall *call, const void *item, uint32_t i, enum kchange *change)
{
	const Kinerja__UnitProfile *p = item;
	Kinerja__UnitProfile       *old;
	struct kprofile             kp;
	int64_t                     e2;
	int                         rc, had;

	if ((rc = check_profile(call, i, p, &e2)) != 0)
		return rc;
	if ((had = profile_load(call, p->unit, p->year, &old)) < 0)
		return -1;
	if ((rc = profile_history(call, had ? old : NULL, p)) < 0)
		return -1;
	*change = !had ? KS_CREATED : rc > 0 ? KS_UPDATED : KS_UNCHANGED;
	if (had && rc == 0)
		return 0;
	kp = profile_of(call, p, e2);
	if ((rc = kstore_profile_put(call->store, &kp)) != KS_OK)
		return kstore_failed(call, rc < 0 ? rc : KS_ERROR);
	return 0;
}

KLOCATE(profile_unit_year, UnitProfile)

struct kbatch
kprofiles_of(Kinerja__UnitProfile **items, size_t n, const char *what)
{
	return (struct kbatch) { what, (void *const *) items, n,
		apply_profile, NULL, NULL, profile_unit_year };
}

RPC(submit_profile, SubmitProfileRequest, WriteReply)
{
	struct kbatch b = kprofiles_of(in->items, in->n_items, "items");
	struct kwrite w = { &b, 1, in->validate_only, 0 };

	(void) svc;
	kwrite_batch(arg, &w, done);
}

static int
get_profile(struct kcall *call, const void *arg, void *reply)
{
	const Kinerja__GetProfileRequest *in = arg;
	Kinerja__GetProfileReply         *r  = reply;
	int                               rc;

	if (unit_known(call, in->unit) != 0 ||
	    (rc = profile_load(call, in->unit, in->year, &r->profile)) < 0)
		return -1;
	r->found = rc == 1;
	return 0;
}

RPC(get_profile, GetProfileRequest, GetProfileReply)
{
	Kinerja__GetProfileReply r = KINERJA__GET_PROFILE_REPLY__INIT;

	(void) svc;
	if (kcheck_unit_year(arg, in->unit, in->year) == 0)
		kread(arg, get_profile, in, &r);
	done(&r, arg);
}

/* ------------------------------------------------------------- export */

struct profiles {
	struct klist list;
	int         rc;
};

static int
profile_key(void *arg, const char *unit, int year)
{
	struct profiles      *p = arg;
	Kinerja__UnitProfile *m;
	const char *u = kcall_strdup(p->list.call, unit);
	int rc = profile_load(p->list.call, u, year, &m);

	if (rc != 1)
		return KS_ERROR; /* its key was just read */
	klist_push(&p->list, m);
	return KS_OK;
}

int
ktext_export(struct kcall *call, const char *unit, int year,
    Kinerja__ImportRequest *r)
{
	struct klist     narratives = { call, NULL, 0, 0 };
	struct profiles profiles   = { { call, NULL, 0, 0 }, 0 };
	int             rc;

	rc = kstore_narrative_list(
	    call->store, unit, year, narrative_msg, &narratives);
	if (rc == KS_OK)
		rc = kstore_profile_keys(
		    call->store, unit, year, profile_key, &profiles);
	r->narratives   = (Kinerja__Narrative **) narratives.items;
	r->n_narratives = narratives.n;
	r->profiles     = (Kinerja__UnitProfile **) profiles.list.items;
	r->n_profiles   = profiles.list.n;
	return rc;
}
