/*
 * test_rpc_text.c - the LKjIP's own text (issue #15, handlers/h_text.c)
 * through a kinerjad on an ipc:// socket with auth on: narrative sections
 * and unit profiles written, read back, replaced and removed, each write
 * in the history with its reason, replayed by request id, refused naming
 * the field with nothing written, refused on an approved year and on
 * another's unit; an indicator's metadata and a link's penanggung jawab;
 * and Export then Import giving back the same data.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <math.h>

#include "rpc_helpers.h"

#define ANALISIS  KINERJA__NARRATIVE_SECTION__NARRATIVE_SECTION_ANALISIS
#define UPAYA     KINERJA__NARRATIVE_SECTION__NARRATIVE_SECTION_UPAYA
#define RINGKASAN KINERJA__NARRATIVE_SECTION__NARRATIVE_SECTION_RINGKASAN
#define PENUTUP   KINERJA__NARRATIVE_SECTION__NARRATIVE_SECTION_PENUTUP
#define ESELON    KINERJA__STAFF_GROUP__STAFF_GROUP_ESELON
#define GOLONGAN  KINERJA__STAFF_GROUP__STAFF_GROUP_GOLONGAN

static Kinerja__Narrative
narrative(const char *ind, int section, const char *text)
{
	Kinerja__Narrative n = KINERJA__NARRATIVE__INIT;

	n.unit      = "tiram";
	n.year      = 2025;
	n.indicator = (char *) ind;
	n.section   = (Kinerja__NarrativeSection) section;
	n.text      = (char *) text;
	return n;
}

/* Submits n items (request id NULL: a fresh one); the code, and the
 * reply's counts in *r when given. */
static int
submit_text(struct fixture *f, Kinerja__Narrative *items, size_t n,
    const char *request_id, Kinerja__WriteReply *out)
{
	Kinerja__SubmitNarrativeRequest req =
	    KINERJA__SUBMIT_NARRATIVE_REQUEST__INIT;
	Kinerja__Narrative **p = calloc(n + 1, sizeof(*p));
	Kinerja__WriteReply *w;
	size_t               i;
	int                  code;

	for (i = 0; i < n; i++)
		p[i] = &items[i];
	req.items   = p;
	req.n_items = n;
	code        = fx_call(f, "SubmitNarrative", &req.base,
	           &kinerja__write_reply__descriptor, (ProtobufCMessage **) &w,
	           request_id);
	free(p);
	if (code != 0)
		return code;
	if (out != NULL) {
		*out          = *w;
		out->warnings = NULL;
	}
	kinerja__write_reply__free_unpacked(w, NULL);
	return 0;
}

static Kinerja__GetNarrativeReply *
get_text(struct fixture *f, const char *unit, int year)
{
	Kinerja__GetNarrativeRequest req = KINERJA__GET_NARRATIVE_REQUEST__INIT;
	Kinerja__GetNarrativeReply  *r;

	req.unit = (char *) unit;
	req.year = year;
	assert_int_equal(fx_get_narrative(f, &req, &r), 0);
	return r;
}

static size_t
count_text(struct fixture *f, const char *unit, int year)
{
	Kinerja__GetNarrativeReply *r = get_text(f, unit, year);
	size_t                      n = r->n_items;

	kinerja__get_narrative_reply__free_unpacked(r, NULL);
	return n;
}

/* The history of tiram's indicator ("" every one) in year (0 every
 * one), oldest first. */
static Kinerja__GetHistoryReply *
history_of(struct fixture *f, const char *indicator, int year)
{
	Kinerja__GetHistoryRequest req = KINERJA__GET_HISTORY_REQUEST__INIT;
	Kinerja__GetHistoryReply  *r;

	req.unit      = "tiram";
	req.indicator = (char *) indicator;
	req.year      = year;
	assert_int_equal(fx_get_history(f, &req, &r), 0);
	return r;
}

static Kinerja__GetHistoryReply *
text_history(struct fixture *f, const char *indicator)
{
	return history_of(f, indicator, 2025);
}

static size_t
count_what(const Kinerja__GetHistoryReply *h, const char *what)
{
	size_t i, n = 0;

	for (i = 0; i < h->n_revisions; i++)
		n += strcmp(h->revisions[i]->what, what) == 0;
	return n;
}

/* The one item error of a refused write names list[index].field. */
static void
assert_refused(struct fixture *f, int code, uint32_t index, const char *field,
    const char *fragment)
{
	assert_int_equal(f->st.code, code);
	assert_int_equal(f->st.n_details, 1);
	assert_int_equal(f->st.details[0]->index, index);
	assert_string_equal(f->st.details[0]->field, field);
	if (strstr(f->st.details[0]->message, fragment) == NULL)
		fail_msg("\"%s\" lacks \"%s\"", f->st.details[0]->message,
		    fragment);
}

/* ---------------------------------------------------------- narrative */

static void
test_narrative_written_read_replaced_removed(void **state)
{
	struct fixture             *f     = *state;
	Kinerja__Narrative          n[3]  = { narrative("IKM", ANALISIS,
		                                "IKM naik.\n\nParagraf dua."),
		         narrative("", RINGKASAN, "Ringkasan\ttahun ini."),
		         narrative("AKIP", UPAYA, "Perbaikan SAKIP.") };
	Kinerja__WriteReply         w;
	Kinerja__GetNarrativeReply *r;
	Kinerja__GetHistoryReply   *h;

	world(f);
	assert_int_equal(fx_set_metadata(f, "reason", "LK 2025 bab III"), 0);
	assert_int_equal(submit_text(f, n, 3, NULL, &w), 0);
	assert_int_equal(w.created, 3);
	r = get_text(f, "tiram", 2025);
	assert_int_equal(r->n_items, 3); /* "" first, then by indicator */
	assert_string_equal(r->items[0]->indicator, "");
	assert_int_equal(r->items[0]->section, RINGKASAN);
	assert_string_equal(r->items[0]->text, "Ringkasan\ttahun ini.");
	assert_string_equal(r->items[1]->indicator, "AKIP");
	assert_string_equal(r->items[2]->indicator, "IKM");
	assert_string_equal(r->items[2]->text, "IKM naik.\n\nParagraf dua.");
	kinerja__get_narrative_reply__free_unpacked(r, NULL);
	assert_int_equal(count_text(f, "tiram", 2024), 0);

	/* The same again changes nothing; a new text replaces the old. */
	assert_int_equal(submit_text(f, n, 3, NULL, &w), 0);
	assert_int_equal(w.unchanged, 3);
	n[0].text = "IKM naik lagi.";
	assert_int_equal(submit_text(f, n, 1, NULL, &w), 0);
	assert_int_equal(w.updated, 1);
	/* Empty text removes the section; removing it again is nothing. */
	n[2].text = "";
	assert_int_equal(submit_text(f, &n[2], 1, NULL, &w), 0);
	assert_int_equal(w.updated, 1);
	assert_int_equal(submit_text(f, &n[2], 1, NULL, &w), 0);
	assert_int_equal(w.unchanged, 1);
	assert_int_equal(count_text(f, "tiram", 2025), 2);

	h = text_history(f, "IKM");
	assert_int_equal(count_what(h, "narrative"), 2);
	assert_string_equal(h->revisions[h->n_revisions - 1]->field, "analisis");
	assert_string_equal(h->revisions[h->n_revisions - 1]->old_value,
	    "IKM naik.\n\nParagraf dua.");
	assert_string_equal(
	    h->revisions[h->n_revisions - 1]->new_value, "IKM naik lagi.");
	assert_string_equal(
	    h->revisions[h->n_revisions - 1]->reason, "LK 2025 bab III");
	kinerja__get_history_reply__free_unpacked(h, NULL);
	h = text_history(f, "AKIP");
	assert_int_equal(count_what(h, "narrative"), 2);
	assert_string_equal(
	    h->revisions[h->n_revisions - 1]->old_value, "Perbaikan SAKIP.");
	assert_string_equal(h->revisions[h->n_revisions - 1]->new_value, "");
	kinerja__get_history_reply__free_unpacked(h, NULL);
}

static void
test_narrative_refusals_name_the_field(void **state)
{
	struct fixture *f    = *state;
	char           *long_text = malloc(16386);
	struct {
		Kinerja__Narrative n;
		int                code;
		const char        *field, *fragment;
	} cases[] = {
		{ narrative("", RINGKASAN, "x"), KINERJA__CODE__NOT_FOUND,
		    "unit", "\"atlantis\" not found" },
		{ narrative("", RINGKASAN, "x"),
		    KINERJA__CODE__INVALID_ARGUMENT, "year", "outside" },
		{ narrative("NOPE", ANALISIS, "x"), KINERJA__CODE__NOT_FOUND,
		    "indicator", "\"NOPE\" not found" },
		{ narrative("", ANALISIS, "x"),
		    KINERJA__CODE__INVALID_ARGUMENT, "indicator",
		    "required for section analisis" },
		{ narrative("IKM", PENUTUP, "x"),
		    KINERJA__CODE__INVALID_ARGUMENT, "indicator",
		    "must be empty for section penutup" },
		{ narrative("", 0, "x"), KINERJA__CODE__INVALID_ARGUMENT,
		    "section", "required" },
		{ narrative("", 99, "x"), KINERJA__CODE__INVALID_ARGUMENT,
		    "section", "99 is not a NarrativeSection" },
		{ narrative("", PENUTUP, "bad \xff byte"),
		    KINERJA__CODE__INVALID_ARGUMENT, "text", "not valid UTF-8" },
		{ narrative("", PENUTUP, "bell \x07"),
		    KINERJA__CODE__INVALID_ARGUMENT, "text",
		    "control characters" },
		{ narrative("", PENUTUP, "cr \r\n"),
		    KINERJA__CODE__INVALID_ARGUMENT, "text",
		    "control characters" },
		{ narrative("", PENUTUP, long_text),
		    KINERJA__CODE__INVALID_ARGUMENT, "text",
		    "16385 bytes; at most 16384" },
	};
	Kinerja__Narrative good = narrative("", PENUTUP, "Penutup.");
	Kinerja__Narrative pair[2];
	size_t             k;

	memset(long_text, 'a', 16385);
	long_text[16385] = 0;
	cases[0].n.unit  = "atlantis";
	cases[1].n.year  = 1800;
	world(f);
	for (k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
		pair[0] = good;
		pair[1] = cases[k].n;
		assert_int_equal(submit_text(f, pair, 2, NULL, NULL),
		    cases[k].code);
		assert_refused(f, cases[k].code, 1, cases[k].field,
		    cases[k].fragment);
		assert_int_equal(count_text(f, "tiram", 2025), 0);
	}
	/* A text of exactly 16 KiB is taken. */
	long_text[16384] = 0;
	pair[0]          = narrative("", PENUTUP, long_text);
	assert_int_equal(submit_text(f, pair, 1, NULL, NULL), 0);
	assert_int_equal(count_text(f, "tiram", 2025), 1);
	free(long_text);
}

static void
test_narrative_replay_and_validate_only(void **state)
{
	struct fixture     *f = *state;
	Kinerja__Narrative  n = narrative("", PENUTUP, "Penutup pertama.");
	Kinerja__Narrative *p = &n;
	Kinerja__SubmitNarrativeRequest req =
	    KINERJA__SUBMIT_NARRATIVE_REQUEST__INIT;
	Kinerja__WriteReply      w, *wr;
	Kinerja__GetHistoryReply *h;

	world(f);
	req.items         = &p;
	req.n_items       = 1;
	req.validate_only = 1;
	assert_int_equal(fx_submit_narrative(f, &req, &wr), 0);
	assert_true(wr->validated_only);
	assert_int_equal(wr->created, 1);
	kinerja__write_reply__free_unpacked(wr, NULL);
	assert_int_equal(count_text(f, "tiram", 2025), 0);

	assert_int_equal(submit_text(f, &n, 1, "lk-penutup", &w), 0);
	assert_false(w.replayed);
	assert_int_equal(submit_text(f, &n, 1, "lk-penutup", &w), 0);
	assert_true(w.replayed);
	assert_int_equal(w.created, 1);
	h = text_history(f, "");
	assert_int_equal(count_what(h, "narrative"), 1); /* applied once */
	kinerja__get_history_reply__free_unpacked(h, NULL);
	n.text = "Penutup lain.";
	assert_int_equal(submit_text(f, &n, 1, "lk-penutup", NULL),
	    KINERJA__CODE__ALREADY_EXISTS);
	assert_non_null(strstr(f->st.message, "request_id"));
}

/* ------------------------------------------------------------ profile */

static Kinerja__StaffCount staff_rows[70];
static Kinerja__StaffCount *staff_ptrs[70];

static Kinerja__UnitProfile
profile(size_t nstaff)
{
	Kinerja__UnitProfile p = KINERJA__UNIT_PROFILE__INIT;
	static const char *const cats[] = { "III", "IV", "Non Eselon" };
	size_t                   i;

	p.unit             = "tiram";
	p.year             = 2025;
	p.dasar_hukum      = "UU 23/2014\nPP 17/2018";
	p.tugas_pokok      = "Membantu bupati.";
	p.fungsi           = "Koordinasi\nPelayanan";
	p.opt_luas_ha_case = KINERJA__UNIT_PROFILE__OPT_LUAS_HA_LUAS_HA;
	p.luas_ha          = 18050.25;
	p.desa             = 19;
	p.kelurahan        = 2;
	p.penduduk         = 65432;
	p.pimpinan_jabatan = "Camat Tanjung Tiram";
	p.pimpinan_nama    = "Budi";
	p.tanggal_pk       = "2024-02-29";
	for (i = 0; i < nstaff && i < 70; i++) {
		kinerja__staff_count__init(&staff_rows[i]);
		staff_rows[i].group = i < 3 ? ESELON : GOLONGAN;
		staff_rows[i].category =
		    i < 3 ? (char *) cats[i] : (char *) "x";
		staff_rows[i].laki_laki = (uint32_t) i + 1;
		staff_rows[i].perempuan = 2;
		staff_ptrs[i]           = &staff_rows[i];
	}
	p.staff   = staff_ptrs;
	p.n_staff = nstaff;
	return p;
}

static int
submit_profile(struct fixture *f, Kinerja__UnitProfile *p, size_t n,
    Kinerja__WriteReply *out)
{
	Kinerja__SubmitProfileRequest req =
	    KINERJA__SUBMIT_PROFILE_REQUEST__INIT;
	Kinerja__UnitProfile *ps[2] = { &p[0], n > 1 ? &p[1] : NULL };
	Kinerja__WriteReply  *w;
	int                   code;

	req.items   = ps;
	req.n_items = n;
	if ((code = fx_submit_profile(f, &req, &w)) != 0)
		return code;
	if (out != NULL) {
		*out          = *w;
		out->warnings = NULL;
	}
	kinerja__write_reply__free_unpacked(w, NULL);
	return 0;
}

static Kinerja__GetProfileReply *
get_profile(struct fixture *f, int year)
{
	Kinerja__GetProfileRequest req = KINERJA__GET_PROFILE_REQUEST__INIT;
	Kinerja__GetProfileReply  *r;

	req.unit = "tiram";
	req.year = year;
	assert_int_equal(fx_get_profile(f, &req, &r), 0);
	return r;
}

static void
test_profile_written_read_and_replaced_whole(void **state)
{
	struct fixture           *f = *state;
	Kinerja__UnitProfile      p = profile(3);
	Kinerja__WriteReply       w;
	Kinerja__GetProfileReply *r;
	Kinerja__GetHistoryReply *h;

	world(f);
	r = get_profile(f, 2025);
	assert_false(r->found);
	kinerja__get_profile_reply__free_unpacked(r, NULL);
	assert_int_equal(fx_set_metadata(f, "reason", "BAB I"), 0);
	assert_int_equal(submit_profile(f, &p, 1, &w), 0);
	assert_int_equal(w.created, 1);
	r = get_profile(f, 2025);
	assert_true(r->found);
	assert_string_equal(r->profile->dasar_hukum, "UU 23/2014\nPP 17/2018");
	assert_string_equal(r->profile->pimpinan_nama, "Budi");
	assert_e2(r->profile->luas_ha, 1805025);
	assert_int_equal(r->profile->penduduk, 65432);
	assert_int_equal(r->profile->n_staff, 3);
	assert_string_equal(r->profile->staff[2]->category, "Non Eselon");
	assert_int_equal(r->profile->staff[1]->laki_laki, 2);
	kinerja__get_profile_reply__free_unpacked(r, NULL);
	assert_int_equal(submit_profile(f, &p, 1, &w), 0);
	assert_int_equal(w.unchanged, 1);

	/* A submit replaces the whole profile: what it leaves out goes. */
	p.pimpinan_nama    = "";
	p.opt_luas_ha_case = 0;
	p.n_staff          = 1;
	assert_int_equal(submit_profile(f, &p, 1, &w), 0);
	assert_int_equal(w.updated, 1);
	r = get_profile(f, 2025);
	assert_string_equal(r->profile->pimpinan_nama, "");
	assert_int_equal(r->profile->opt_luas_ha_case, 0);
	assert_int_equal(r->profile->n_staff, 1);
	kinerja__get_profile_reply__free_unpacked(r, NULL);
	h = text_history(f, "");
	assert_int_equal(count_what(h, "profile"), 11 + 3);
	assert_string_equal(h->revisions[h->n_revisions - 1]->field, "staff");
	assert_string_equal(h->revisions[h->n_revisions - 1]->new_value,
	    "eselon III: 1 L, 2 P");
	assert_string_equal(h->revisions[h->n_revisions - 1]->reason, "BAB I");
	kinerja__get_history_reply__free_unpacked(h, NULL);
}

static void
test_profile_refusals_name_the_field(void **state)
{
	struct fixture *f = *state;
	struct {
		const char *field, *fragment;
	} cases[] = {
		{ "staff[2].category", "longer than 32 bytes" },
		{ "staff[1].category", "given twice in its group (also staff[0])" },
		{ "staff[0].group", "eselon, golongan or pendidikan" },
		{ "staff", "65 rows; at most 64" },
		{ "luas_ha", "-1 is not a number of hectares" },
		{ "luas_ha", "1.234 is not a number of hectares" },
		{ "tanggal_pk", "\"2023-02-29\" is not a date" },
		{ "tanggal_pk_perubahan", "\"2025-1-05\" is not a date" },
		{ "pimpinan_nama", "one line only" },
		{ "tugas_pokok", "16385 bytes; at most 16384" },
		{ "fungsi", "control characters" },
		{ "unit", "\"atlantis\" not found" },
		{ "year", "outside" },
	};
	char                *big = malloc(16386);
	Kinerja__UnitProfile p[2];
	size_t               k;

	memset(big, 'b', 16385);
	big[16385] = 0;
	world(f);
	for (k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
		p[0] = profile(0);
		p[0].year = 2024; /* a good item first */
		p[1] = profile(3);
		switch (k) {
		case 0:
			staff_rows[2].category =
			    "123456789012345678901234567890123";
			break;
		case 1:
			staff_rows[1].category = "III";
			break;
		case 2:
			staff_rows[0].group = 0;
			break;
		case 3:
			p[1] = profile(65);
			break;
		case 4:
			p[1].luas_ha = -1;
			break;
		case 5:
			p[1].luas_ha = 1.234;
			break;
		case 6:
			p[1].tanggal_pk = "2023-02-29";
			break;
		case 7:
			p[1].tanggal_pk_perubahan = "2025-1-05";
			break;
		case 8:
			p[1].pimpinan_nama = "Budi\nSantoso";
			break;
		case 9:
			p[1].tugas_pokok = big;
			break;
		case 10:
			p[1].fungsi = "a\x01";
			break;
		case 11:
			p[1].unit = "atlantis";
			break;
		case 12:
			p[1].year = 3000;
			break;
		}
		assert_int_not_equal(submit_profile(f, p, 2, NULL), 0);
		assert_refused(f,
		    k == 11 ? KINERJA__CODE__NOT_FOUND
		            : KINERJA__CODE__INVALID_ARGUMENT,
		    1, cases[k].field, cases[k].fragment);
		Kinerja__GetProfileReply *r = get_profile(f, 2024);
		assert_false(r->found); /* the good item was not written */
		kinerja__get_profile_reply__free_unpacked(r, NULL);
	}
	free(big);
}

/* ------------------------------------------------- lock and permission */

static int
step(struct fixture *f, const char *token, int action)
{
	Kinerja__TransitionYearRequest req =
	    KINERJA__TRANSITION_YEAR_REQUEST__INIT;
	Kinerja__WriteReply *r;
	int                  code;

	fx_as(f, token);
	req.unit   = "tiram";
	req.year   = 2025;
	req.action = (Kinerja__ApprovalAction) action;
	req.reason = "";
	if ((code = fx_transition_year(f, &req, &r)) == 0)
		kinerja__write_reply__free_unpacked(r, NULL);
	return code;
}

static void
test_locked_year_and_another_unit_are_refused(void **state)
{
	struct fixture      *f = *state;
	Kinerja__Narrative   n = narrative("", PENUTUP, "Penutup.");
	Kinerja__UnitProfile p = profile(1);

	peers(f);
	/* The submitter of tiram may not write balai's text. */
	fx_as(f, toks.tiram);
	n.unit = "balai";
	assert_int_equal(submit_text(f, &n, 1, NULL, NULL),
	    KINERJA__CODE__PERMISSION_DENIED);
	assert_refused(f, KINERJA__CODE__PERMISSION_DENIED, 0, "unit", "");
	p.unit = "balai";
	assert_int_equal(submit_profile(f, &p, 1, NULL),
	    KINERJA__CODE__PERMISSION_DENIED);
	assert_int_equal(count_text(f, "balai", 2025), 0);
	/* Its own it may, until the year is approved. */
	n.unit = "tiram";
	p.unit = "tiram";
	assert_int_equal(submit_text(f, &n, 1, NULL, NULL), 0);
	assert_int_equal(
	    step(f, toks.tiram, KINERJA__APPROVAL_ACTION__APPROVAL_ACTION_SUBMIT),
	    0);
	assert_int_equal(step(f, toks.verifier,
	                     KINERJA__APPROVAL_ACTION__APPROVAL_ACTION_VERIFY),
	    0);
	assert_int_equal(step(f, toks.verifier,
	                     KINERJA__APPROVAL_ACTION__APPROVAL_ACTION_APPROVE),
	    0);
	fx_as(f, toks.admin);
	n.text = "";
	assert_int_equal(submit_text(f, &n, 1, NULL, NULL),
	    KINERJA__CODE__FAILED_PRECONDITION);
	assert_refused(
	    f, KINERJA__CODE__FAILED_PRECONDITION, 0, "year", "sudah disetujui");
	assert_int_equal(submit_profile(f, &p, 1, NULL),
	    KINERJA__CODE__FAILED_PRECONDITION);
	assert_refused(
	    f, KINERJA__CODE__FAILED_PRECONDITION, 0, "year", "buka kembali");
	assert_int_equal(count_text(f, "tiram", 2025), 1);
	/* Another year is open. */
	n.year = 2026;
	n.text = "Penutup 2026.";
	assert_int_equal(submit_text(f, &n, 1, NULL, NULL), 0);
}

/* ------------------------------------------- metadata, export, import */

static void
upsert_meta(struct fixture *f, const char *definisi, int type, int expect)
{
	Kinerja__Indicator ind = KINERJA__INDICATOR__INIT, *ip = &ind;
	Kinerja__UpsertIndicatorsRequest req =
	    KINERJA__UPSERT_INDICATORS_REQUEST__INIT;
	Kinerja__WriteReply *w;

	ind.code        = "IKM";
	ind.name        = "IKM";
	ind.satuan      = "Nilai";
	ind.type        = (Kinerja__IndicatorType) type;
	ind.definisi    = (char *) definisi;
	ind.formula     = "Jumlah NRR x bobot x 25";
	ind.sumber_data = "Survei Kepuasan Masyarakat";
	req.indicators   = &ip;
	req.n_indicators = 1;
	assert_int_equal(fx_upsert_indicators(f, &req, &w), expect);
	if (expect == 0)
		kinerja__write_reply__free_unpacked(w, NULL);
}

static void
link_pj(struct fixture *f, const char *pj)
{
	Kinerja__SasaranLink l = KINERJA__SASARAN_LINK__INIT, *lp = &l;
	Kinerja__UpsertSasaranRequest req =
	    KINERJA__UPSERT_SASARAN_REQUEST__INIT;
	Kinerja__WriteReply *w;

	l.unit             = "tiram";
	l.sasaran          = "Kepuasan";
	l.indicator        = "IKM";
	l.penanggung_jawab = (char *) pj;
	req.links          = &lp;
	req.n_links        = 1;
	assert_int_equal(fx_upsert_sasaran(f, &req, &w), 0);
	assert_int_equal(w->updated, 1);
	kinerja__write_reply__free_unpacked(w, NULL);
}

static void
test_indicator_metadata_and_penanggung_jawab(void **state)
{
	struct fixture                *f = *state;
	char                           big[4098];
	Kinerja__ListIndicatorsRequest lreq =
	    KINERJA__LIST_INDICATORS_REQUEST__INIT;
	Kinerja__ListIndicatorsReply *l;
	Kinerja__GetHistoryReply     *h;
	size_t                        i;

	world(f);
	upsert_meta(f, "Indeks kepuasan.", KINERJA__INDICATOR_TYPE__INDICATOR_TYPE_IKU, 0);
	assert_int_equal(fx_list_indicators(f, &lreq, &l), 0);
	for (i = 0; strcmp(l->indicators[i]->code, "IKM") != 0; i++)
		;
	assert_int_equal(l->indicators[i]->type,
	    KINERJA__INDICATOR_TYPE__INDICATOR_TYPE_IKU);
	assert_string_equal(l->indicators[i]->definisi, "Indeks kepuasan.");
	assert_string_equal(
	    l->indicators[i]->sumber_data, "Survei Kepuasan Masyarakat");
	kinerja__list_indicators_reply__free_unpacked(l, NULL);
	memset(big, 'd', 4097);
	big[4097] = 0;
	upsert_meta(f, big, 1, KINERJA__CODE__INVALID_ARGUMENT);
	assert_refused(f, KINERJA__CODE__INVALID_ARGUMENT, 0, "definisi",
	    "4097 bytes; at most 4096");
	upsert_meta(f, "x", 9, KINERJA__CODE__INVALID_ARGUMENT);
	assert_refused(f, KINERJA__CODE__INVALID_ARGUMENT, 0, "type",
	    "9 is not an IndicatorType");
	link_pj(f, "Kasi Pelayanan Umum");
	h = history_of(f, "IKM", 0);
	assert_string_equal(h->revisions[h->n_revisions - 1]->field,
	    "penanggung_jawab");
	assert_string_equal(h->revisions[h->n_revisions - 1]->new_value,
	    "Kasi Pelayanan Umum");
	kinerja__get_history_reply__free_unpacked(h, NULL);
}

static uint8_t *
exported(struct fixture *f, size_t *len)
{
	Kinerja__ExportRequest  req = KINERJA__EXPORT_REQUEST__INIT;
	Kinerja__ImportRequest *r;
	uint8_t                *buf;

	req.unit = "tiram";
	assert_int_equal(fx_export(f, &req, &r), 0);
	*len = kinerja__import_request__get_packed_size(r);
	buf  = malloc(*len + 1);
	kinerja__import_request__pack(r, buf);
	kinerja__import_request__free_unpacked(r, NULL);
	return buf;
}

static void
test_export_then_import_round_trips(void **state)
{
	struct fixture         *f    = *state;
	Kinerja__Narrative      n[2] = { narrative("IKM", ANALISIS, "Naik."),
		     narrative("", RINGKASAN, "Ringkas.") };
	Kinerja__UnitProfile    p    = profile(3);
	Kinerja__ExportRequest  ereq = KINERJA__EXPORT_REQUEST__INIT;
	Kinerja__ImportRequest *x;
	Kinerja__WriteReply    *w;
	uint8_t                *before, *after;
	size_t                  blen, alen;

	world(f);
	upsert_meta(f, "Definisi.", KINERJA__INDICATOR_TYPE__INDICATOR_TYPE_OUTCOME, 0);
	link_pj(f, "Sekretaris Camat");
	assert_int_equal(submit_text(f, n, 2, NULL, NULL), 0);
	assert_int_equal(submit_profile(f, &p, 1, NULL), 0);
	before = exported(f, &blen);

	ereq.unit = "tiram";
	assert_int_equal(fx_export(f, &ereq, &x), 0);
	assert_int_equal(x->n_narratives, 2);
	assert_int_equal(x->n_profiles, 1);
	assert_int_equal(x->profiles[0]->n_staff, 3);
	/* Change what the export holds, then import it back. */
	n[0].text = "";
	p.tugas_pokok = "Lain.";
	p.n_staff     = 0;
	assert_int_equal(submit_text(f, n, 1, NULL, NULL), 0);
	assert_int_equal(submit_profile(f, &p, 1, NULL), 0);
	upsert_meta(f, "Lain.", 0, 0);
	link_pj(f, "");
	assert_int_equal(fx_import(f, x, &w), 0);
	assert_int_equal(w->created, 1); /* the narrative removed */
	assert_true(w->updated >= 3); /* profile, indicator, link */
	kinerja__write_reply__free_unpacked(w, NULL);
	kinerja__import_request__free_unpacked(x, NULL);
	after = exported(f, &alen);
	assert_int_equal(alen, blen);
	assert_memory_equal(after, before, blen);
	free(before);
	free(after);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
		    test_narrative_written_read_replaced_removed,
		    fx_setup_auth_socket, fx_teardown),
		cmocka_unit_test_setup_teardown(
		    test_narrative_refusals_name_the_field,
		    fx_setup_auth_socket, fx_teardown),
		cmocka_unit_test_setup_teardown(
		    test_narrative_replay_and_validate_only,
		    fx_setup_auth_socket, fx_teardown),
		cmocka_unit_test_setup_teardown(
		    test_profile_written_read_and_replaced_whole,
		    fx_setup_auth_socket, fx_teardown),
		cmocka_unit_test_setup_teardown(
		    test_profile_refusals_name_the_field,
		    fx_setup_auth_socket, fx_teardown),
		cmocka_unit_test_setup_teardown(
		    test_locked_year_and_another_unit_are_refused,
		    fx_setup_auth_socket, fx_teardown),
		cmocka_unit_test_setup_teardown(
		    test_indicator_metadata_and_penanggung_jawab,
		    fx_setup_auth_socket, fx_teardown),
		cmocka_unit_test_setup_teardown(
		    test_export_then_import_round_trips, fx_setup_auth_socket,
		    fx_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
