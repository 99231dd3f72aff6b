/*
 * test_store_budget.c - store_budget.c on a temporary database: budget
 * and belanja lines replaced whole per unit-year (mark, put, sweep), what
 * each put changed, surveys with their responses and profile, AKIP
 * components, and the keys and rows an export walks.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "kcore.h"
#include "store_fixture.h"

/* A line with a pagu and no realisasi, or both when real >= 0. */
static struct kbudget_line
bline(const char *code, const char *parent, int64_t pagu, int64_t real)
{
	struct kbudget_line l = { code, code, parent, "", "", "" };

	l.has_pagu      = 1;
	l.pagu_sen      = pagu;
	l.has_realisasi = real >= 0;
	l.realisasi_sen = real >= 0 ? real : 0;
	return l;
}

static enum kchange
bput(struct kstore *st, enum kbudget_table t, int seq,
    const struct kbudget_line *l)
{
	enum kchange c;

	assert_int_equal(
	    kstore_budget_put(st, t, "tiram", 2025, seq, l, &c, NULL, NULL, 0),
	    KS_OK);
	return c;
}

static int
line_code(void *arg, const struct kbudget_line *l)
{
	return walk_add(arg, l->code);
}

static const char *
listed(struct kstore *st, enum kbudget_table t, struct walk *c)
{
	memset(c, 0, sizeof(*c));
	assert_int_equal(
	    kstore_budget_list(st, t, "tiram", 2025, line_code, c), KS_OK);
	return c->text;
}

/* Submission order is kept; the two tables are apart. */
static void
test_budget_lines_round_trip_in_order(void **state)
{
	struct fixture     *f = *state;
	struct kbudget_line a = bline("P2", "", 500, 250),
	                    b = bline("P1", "", 1000, -1),
	                    k = bline("Pegawai", "", 700, 600);
	struct walk c;

	world(f->st);
	assert_int_equal(bput(f->st, KB_LINES, 0, &a), KS_CREATED);
	assert_int_equal(bput(f->st, KB_LINES, 1, &b), KS_CREATED);
	assert_int_equal(bput(f->st, KB_BELANJA, 0, &k), KS_CREATED);
	assert_string_equal(listed(f->st, KB_LINES, &c), "P2,P1");
	assert_string_equal(listed(f->st, KB_BELANJA, &c), "Pegawai");
	/* A walk stops when its callback says so. */
	memset(&c, 0, sizeof(c));
	c.stop_after = 1;
	assert_int_equal(
	    kstore_budget_list(f->st, KB_LINES, "tiram", 2025, line_code, &c),
	    KS_OK);
	assert_string_equal(c.text, "P2");
	/* Another year, or a unit with none, lists nothing. */
	memset(&c, 0, sizeof(c));
	assert_int_equal(
	    kstore_budget_list(f->st, KB_LINES, "tiram", 2024, line_code, &c),
	    KS_OK);
	assert_int_equal(kstore_budget_list(
	                     f->st, KB_LINES, "nowhere", 2025, line_code, &c),
	    KS_OK);
	assert_int_equal(c.n, 0);
}

/* The first line of a walk; its texts, which live only until the walk
 * steps on, copied. */
struct kept {
	struct kbudget_line l;
	char                texts[3][64];
};

static int
keep_line(void *arg, const struct kbudget_line *l)
{
	struct kept *k = arg;

	k->l = *l;
	snprintf(k->texts[0], sizeof(k->texts[0]), "%s", l->sasaran);
	snprintf(k->texts[1], sizeof(k->texts[1]), "%s", l->output);
	snprintf(k->texts[2], sizeof(k->texts[2]), "%s", l->satuan);
	return 1;
}

/* Optional amounts come back unset, not as zero. */
static void
test_budget_line_optional_amounts(void **state)
{
	struct fixture     *f = *state;
	struct kbudget_line l = bline("P1", "", 1000, -1);
	struct kept         k;

	world(f->st);
	l.sasaran              = "Kepuasan";
	l.output               = "Dokumen";
	l.satuan               = "Dok";
	l.has_output_target    = 1;
	l.output_target_e4     = 120000;
	l.has_output_realisasi = 0;
	bput(f->st, KB_LINES, 0, &l);
	assert_int_equal(
	    kstore_budget_list(f->st, KB_LINES, "tiram", 2025, keep_line, &k),
	    KS_OK);
	assert_true(k.l.has_pagu);
	assert_int_equal(k.l.pagu_sen, 1000);
	assert_false(k.l.has_realisasi);
	assert_true(k.l.has_output_target);
	assert_int_equal(k.l.output_target_e4, 120000);
	assert_false(k.l.has_output_realisasi);
	assert_string_equal(k.texts[0], "Kepuasan");
	assert_string_equal(k.texts[1], "Dokumen");
	assert_string_equal(k.texts[2], "Dok");
}

/* Sent again: unchanged, updated (with the line before it) or created;
 * a line the new submission leaves out is stale, then swept. */
static void
test_budget_resubmission_marks_and_sweeps(void **state)
{
	struct fixture     *f  = *state;
	struct kbudget_line p1 = bline("P1", "", 1000, 500),
	                    p2 = bline("P2", "", 300, 100),
	                    p3 = bline("P3", "", 50, 0), old;
	enum kchange c;
	char         buf[KSTORE_BUF];
	struct walk  codes;

	world(f->st);
	bput(f->st, KB_LINES, 0, &p1);
	bput(f->st, KB_LINES, 1, &p2);
	assert_int_equal(
	    kstore_budget_mark(f->st, KB_LINES, "tiram", 2025), KS_OK);
	assert_int_equal(bput(f->st, KB_LINES, 0, &p1), KS_UNCHANGED);
	p2.realisasi_sen = 200;
	assert_int_equal(kstore_budget_put(f->st, KB_LINES, "tiram", 2025, 1,
	                     &p2, &c, &old, buf, sizeof(buf)),
	    KS_OK);
	assert_int_equal(c, KS_UPDATED);
	assert_string_equal(old.code, "P2");
	assert_int_equal(old.realisasi_sen, 100);
	assert_int_equal(bput(f->st, KB_LINES, 2, &p3), KS_CREATED);
	assert_int_equal(
	    kstore_budget_live(f->st, KB_LINES, "tiram", 2025, "P3"), KS_OK);
	assert_int_equal(
	    kstore_budget_live(f->st, KB_LINES, "tiram", 2025, "P9"),
	    KS_NOTFOUND);
	/* P1 put again in this submission: a second put conflicts. */
	assert_int_equal(kstore_budget_put(f->st, KB_LINES, "tiram", 2025, 3,
	                     &p1, &c, NULL, NULL, 0),
	    KS_CONFLICT);
	assert_string_equal(listed(f->st, KB_LINES, &codes), "P1,P2,P3");
	/* Resubmitted without P2 and P3: they are stale until swept. */
	assert_int_equal(
	    kstore_budget_mark(f->st, KB_LINES, "tiram", 2025), KS_OK);
	bput(f->st, KB_LINES, 0, &p1);
	assert_int_equal(
	    kstore_budget_live(f->st, KB_LINES, "tiram", 2025, "P2"),
	    KS_NOTFOUND);
	memset(&codes, 0, sizeof(codes));
	assert_int_equal(kstore_budget_stale(f->st, KB_LINES, "tiram", 2025,
	                     line_code, &codes),
	    KS_OK);
	assert_string_equal(codes.text, "P2,P3");
	assert_int_equal(
	    kstore_budget_sweep(f->st, KB_LINES, "tiram", 2025), KS_OK);
	assert_string_equal(listed(f->st, KB_LINES, &codes), "P1");
	memset(&codes, 0, sizeof(codes));
	assert_int_equal(kstore_budget_stale(f->st, KB_LINES, "tiram", 2025,
	                     line_code, &codes),
	    KS_OK);
	assert_int_equal(codes.n, 0);
}

/* A sweep of one table leaves the other alone. */
static void
test_budget_sweep_keeps_the_other_table(void **state)
{
	struct fixture     *f = *state;
	struct kbudget_line p = bline("P1", "", 1000, 500),
	                    k = bline("Barang", "", 400, 100);
	struct walk c;

	world(f->st);
	bput(f->st, KB_LINES, 0, &p);
	bput(f->st, KB_BELANJA, 0, &k);
	assert_int_equal(
	    kstore_budget_mark(f->st, KB_BELANJA, "tiram", 2025), KS_OK);
	assert_int_equal(
	    kstore_budget_sweep(f->st, KB_BELANJA, "tiram", 2025), KS_OK);
	assert_string_equal(listed(f->st, KB_BELANJA, &c), "");
	assert_string_equal(listed(f->st, KB_LINES, &c), "P1");
}

static void
test_budget_of_unknown_unit_is_not_found(void **state)
{
	struct fixture     *f = *state;
	struct kbudget_line l = bline("P1", "", 1, 1);
	enum kchange        c;

	world(f->st);
	assert_int_equal(kstore_budget_put(f->st, KB_LINES, "nowhere", 2025, 0,
	                     &l, &c, NULL, NULL, 0),
	    KS_NOTFOUND);
	assert_int_equal(
	    kstore_budget_mark(f->st, KB_LINES, "nowhere", 2025), KS_NOTFOUND);
	assert_int_equal(
	    kstore_budget_live(f->st, KB_LINES, "nowhere", 2025, "P1"),
	    KS_NOTFOUND);
}

static void
test_sasaran_exists(void **state)
{
	struct fixture *f = *state;

	world(f->st);
	assert_int_equal(
	    kstore_sasaran_exists(f->st, "tiram", "Kepuasan"), KS_OK);
	assert_int_equal(
	    kstore_sasaran_exists(f->st, "tiram", "Kebahagiaan"), KS_NOTFOUND);
	assert_int_equal(
	    kstore_sasaran_exists(f->st, "batubara", "Kepuasan"), KS_NOTFOUND);
	assert_int_equal(
	    kstore_sasaran_exists(f->st, "nowhere", "Kepuasan"), KS_NOTFOUND);
}

/* ------------------------------------------------------------ surveys */

static struct ksurvey
survey(int64_t respondents, int64_t mean_e4)
{
	struct ksurvey sv;
	int            i;

	memset(&sv, 0, sizeof(sv));
	snprintf(sv.indicator, sizeof(sv.indicator), "IKM");
	sv.respondents = respondents;
	for (i = 0; i < KSURVEY_UNSUR; i++) {
		sv.count[i]  = respondents;
		sv.sum_e4[i] = mean_e4 * respondents + i;
	}
	return sv;
}

static void
test_survey_put_and_get(void **state)
{
	struct fixture *f  = *state;
	struct ksurvey  sv = survey(10, 32000), got;
	enum kchange    c;

	world(f->st);
	assert_int_equal(
	    kstore_survey_get(f->st, "tiram", 2025, &got), KS_NOTFOUND);
	assert_int_equal(
	    kstore_survey_put(f->st, "tiram", 2025, &sv, &c), KS_OK);
	assert_int_equal(c, KS_CREATED);
	assert_int_equal(kstore_survey_get(f->st, "tiram", 2025, &got), KS_OK);
	assert_memory_equal(&got, &sv, sizeof(sv));
	assert_int_equal(
	    kstore_survey_put(f->st, "tiram", 2025, &sv, &c), KS_OK);
	assert_int_equal(c, KS_UNCHANGED);
	sv.sum_e4[8] += 1;
	assert_int_equal(
	    kstore_survey_put(f->st, "tiram", 2025, &sv, &c), KS_OK);
	assert_int_equal(c, KS_UPDATED);
	assert_int_equal(kstore_survey_get(f->st, "tiram", 2025, &got), KS_OK);
	assert_int_equal(got.sum_e4[8], sv.sum_e4[8]);
	assert_int_equal(
	    kstore_survey_put(f->st, "nowhere", 2025, &sv, &c), KS_NOTFOUND);
}

static int
profile_row(void *arg, const char *field, const char *value, int64_t count)
{
	char tmp[64];

	snprintf(
	    tmp, sizeof(tmp), "%s=%s:%lld", field, value, (long long) count);
	return walk_add(arg, tmp);
}

static int
response_row(void *arg, const struct kresponse *r)
{
	char tmp[64];

	snprintf(tmp, sizeof(tmp), "%s/%d%d/%s", r->respondent, r->scores[0],
	    r->scores[8], r->gender);
	return walk_add(arg, tmp);
}

/* Profile counts by field, most frequent first; responses in seq order;
 * a survey put again starts both afresh. */
static void
test_survey_profile_and_responses(void **state)
{
	struct fixture  *f  = *state;
	struct ksurvey   sv = survey(3, 30000);
	struct kresponse r1 = { "r1", { 4, 3, 3, 3, 3, 3, 3, 3, 1 }, "L", "S1",
		"30", "PNS" };
	struct kresponse r2 = { "r2", { 2, 3, 3, 3, 3, 3, 3, 3, 4 }, "P", "",
		"", "" };
	struct walk      c;
	enum kchange     ch;

	world(f->st);
	assert_int_equal(
	    kstore_survey_put(f->st, "tiram", 2025, &sv, &ch), KS_OK);
	assert_int_equal(
	    kstore_survey_profile_add(f->st, "tiram", 2025, "gender", "P"),
	    KS_OK);
	assert_int_equal(
	    kstore_survey_profile_add(f->st, "tiram", 2025, "gender", "L"),
	    KS_OK);
	assert_int_equal(
	    kstore_survey_profile_add(f->st, "tiram", 2025, "gender", "P"),
	    KS_OK);
	assert_int_equal(
	    kstore_survey_profile_add(f->st, "tiram", 2025, "age", "30"),
	    KS_OK);
	memset(&c, 0, sizeof(c));
	assert_int_equal(
	    kstore_survey_profile(f->st, "tiram", 2025, profile_row, &c),
	    KS_OK);
	assert_string_equal(c.text, "age=30:1,gender=P:2,gender=L:1");
	/* Added out of order, listed by seq. */
	assert_int_equal(
	    kstore_survey_response_add(f->st, "tiram", 2025, 1, &r2), KS_OK);
	assert_int_equal(
	    kstore_survey_response_add(f->st, "tiram", 2025, 0, &r1), KS_OK);
	memset(&c, 0, sizeof(c));
	assert_int_equal(
	    kstore_survey_responses(f->st, "tiram", 2025, response_row, &c),
	    KS_OK);
	assert_string_equal(c.text, "r1/41/L,r2/24/P");
	assert_int_equal(
	    kstore_survey_put(f->st, "tiram", 2025, &sv, &ch), KS_OK);
	memset(&c, 0, sizeof(c));
	assert_int_equal(
	    kstore_survey_profile(f->st, "tiram", 2025, profile_row, &c),
	    KS_OK);
	assert_int_equal(
	    kstore_survey_responses(f->st, "tiram", 2025, response_row, &c),
	    KS_OK);
	assert_int_equal(c.n, 0);
}

/* --------------------------------------------------------------- AKIP */

static int
component_row(void *arg, const struct kakip_component *k)
{
	char tmp[64];

	snprintf(tmp, sizeof(tmp), "%s:%lld/%lld%s", k->name,
	    (long long) k->score_e4, (long long) k->weight_e4,
	    k->has_target ? "+t" : "");
	return walk_add(arg, tmp);
}

static void
test_akip_components_replace_whole(void **state)
{
	struct fixture        *f    = *state;
	struct kakip_component k[3] = { { "Perencanaan", 300000, 250000, 1,
		                            280000 },
		{ "Pengukuran", 250000, 200000, 0, 0 },
		{ "Pelaporan", 150000, 100000, 0, 0 } };
	struct walk            c;
	enum kchange           ch;
	char                   ind[72];

	world(f->st);
	assert_int_equal(
	    kstore_akip_indicator(f->st, "tiram", 2025, ind, sizeof(ind)),
	    KS_NOTFOUND);
	assert_int_equal(
	    kstore_akip_put(f->st, "tiram", 2025, "AKIP", k, 2, &ch), KS_OK);
	assert_int_equal(ch, KS_CREATED);
	assert_int_equal(
	    kstore_akip_put(f->st, "tiram", 2025, "AKIP", k, 2, &ch), KS_OK);
	assert_int_equal(ch, KS_UNCHANGED);
	memset(&c, 0, sizeof(c));
	assert_int_equal(
	    kstore_akip_list(f->st, "tiram", 2025, component_row, &c), KS_OK);
	assert_string_equal(
	    c.text, "Perencanaan:250000/300000+t,Pengukuran:200000/250000");
	assert_int_equal(
	    kstore_akip_indicator(f->st, "tiram", 2025, ind, sizeof(ind)),
	    KS_OK);
	assert_string_equal(ind, "AKIP");
	/* One more component, one fewer, a score or the indicator: each is
	 * a change, and the list is replaced whole. */
	assert_int_equal(
	    kstore_akip_put(f->st, "tiram", 2025, "AKIP", k, 3, &ch), KS_OK);
	assert_int_equal(ch, KS_UPDATED);
	assert_int_equal(
	    kstore_akip_put(f->st, "tiram", 2025, "AKIP", k + 1, 1, &ch),
	    KS_OK);
	assert_int_equal(ch, KS_UPDATED);
	memset(&c, 0, sizeof(c));
	assert_int_equal(
	    kstore_akip_list(f->st, "tiram", 2025, component_row, &c), KS_OK);
	assert_string_equal(c.text, "Pengukuran:200000/250000");
	k[1].score_e4 = 210000;
	assert_int_equal(
	    kstore_akip_put(f->st, "tiram", 2025, "AKIP", k + 1, 1, &ch),
	    KS_OK);
	assert_int_equal(ch, KS_UPDATED);
	assert_int_equal(
	    kstore_akip_put(f->st, "tiram", 2025, "IKM", k + 1, 1, &ch),
	    KS_OK);
	assert_int_equal(ch, KS_UPDATED);
	assert_int_equal(
	    kstore_akip_put(f->st, "nowhere", 2025, "AKIP", k, 1, &ch),
	    KS_NOTFOUND);
}

/* ------------------------------------------------------------- export */

static int
key_row(void *arg, const char *unit, int year)
{
	char tmp[64];

	snprintf(tmp, sizeof(tmp), "%s/%d", unit, year);
	walk_add(arg, tmp);
	return KS_OK;
}

static int
stop_key(void *arg, const char *unit, int year)
{
	(void) arg;
	(void) unit;
	(void) year;
	return KS_CONFLICT; /* any code but KS_OK stops the walk */
}

/* Which unit-years hold a budget, AKIP or survey, filtered by unit and
 * year; a budget only marked (being replaced) does not count. */
static void
test_export_keys(void **state)
{
	struct fixture        *f  = *state;
	struct kbudget_line    l  = bline("P1", "", 1, 1);
	struct kakip_component k  = { "Perencanaan", 1000000, 500000, 0, 0 };
	struct ksurvey         sv = survey(1, 30000);
	struct walk            c;
	enum kchange           ch;

	world(f->st);
	put_unit(f->st, "balai", "batubara", 3, KS_CREATED);
	assert_int_equal(kstore_budget_put(f->st, KB_LINES, "tiram", 2024, 0,
	                     &l, &ch, NULL, NULL, 0),
	    KS_OK);
	assert_int_equal(kstore_budget_put(f->st, KB_LINES, "balai", 2025, 0,
	                     &l, &ch, NULL, NULL, 0),
	    KS_OK);
	bput(f->st, KB_LINES, 0, &l);
	bput(f->st, KB_BELANJA, 0, &l);
	assert_int_equal(
	    kstore_akip_put(f->st, "tiram", 2023, "AKIP", &k, 1, &ch), KS_OK);
	assert_int_equal(
	    kstore_survey_put(f->st, "balai", 2025, &sv, &ch), KS_OK);
	memset(&c, 0, sizeof(c));
	assert_int_equal(
	    kstore_budget_keys(f->st, KB_LINES, NULL, 0, key_row, &c), KS_OK);
	assert_string_equal(c.text, "balai/2025,tiram/2024,tiram/2025");
	memset(&c, 0, sizeof(c));
	assert_int_equal(
	    kstore_budget_keys(f->st, KB_LINES, "tiram", 0, key_row, &c),
	    KS_OK);
	assert_string_equal(c.text, "tiram/2024,tiram/2025");
	memset(&c, 0, sizeof(c));
	assert_int_equal(
	    kstore_budget_keys(f->st, KB_LINES, NULL, 2025, key_row, &c),
	    KS_OK);
	assert_string_equal(c.text, "balai/2025,tiram/2025");
	memset(&c, 0, sizeof(c));
	assert_int_equal(
	    kstore_budget_keys(f->st, KB_BELANJA, NULL, 0, key_row, &c),
	    KS_OK);
	assert_string_equal(c.text, "tiram/2025");
	assert_int_equal(
	    kstore_budget_mark(f->st, KB_BELANJA, "tiram", 2025), KS_OK);
	memset(&c, 0, sizeof(c));
	assert_int_equal(
	    kstore_budget_keys(f->st, KB_BELANJA, NULL, 0, key_row, &c),
	    KS_OK);
	assert_int_equal(c.n, 0);
	memset(&c, 0, sizeof(c));
	assert_int_equal(kstore_akip_keys(f->st, NULL, 0, key_row, &c), KS_OK);
	assert_int_equal(
	    kstore_survey_keys(f->st, NULL, 0, key_row, &c), KS_OK);
	assert_string_equal(c.text, "tiram/2023,balai/2025");
	assert_int_equal(
	    kstore_budget_keys(f->st, KB_LINES, NULL, 0, stop_key, NULL),
	    KS_CONFLICT);
}

static int
link_row(void *arg, const struct ksasaran *s)
{
	char tmp[96];

	snprintf(tmp, sizeof(tmp), "%s/%s/%s/%s", s->unit, s->sasaran,
	    s->indicator, s->tujuan);
	return walk_add(arg, tmp);
}

static int
value_row(void *arg, const struct kvalue *v)
{
	char tmp[96];

	snprintf(tmp, sizeof(tmp), "%s/%d/%d/r%d=%lld", v->indicator, v->year,
	    v->kind, v->revision, (long long) v->value_e4);
	return walk_add(arg, tmp);
}

/* Links in the order made; revisions oldest first by indicator, year and
 * kind, filtered by unit and year. */
static void
test_export_links_and_values(void **state)
{
	struct fixture *f = *state;
	struct kvalue   v = { "tiram", "IKM", 2025, 4, 1, 900000, KC_AKIP_NONE,
		  0 };
	struct walk     c;
	enum kchange    ch;

	world(f->st);
	memset(&c, 0, sizeof(c));
	assert_int_equal(
	    kstore_sasaran_list(f->st, "tiram", link_row, &c), KS_OK);
	assert_string_equal(
	    c.text, "tiram/Kepuasan/IKM/Pelayanan,tiram/Akuntabilitas/AKIP/");
	memset(&c, 0, sizeof(c));
	assert_int_equal(
	    kstore_sasaran_list(f->st, "batubara", link_row, &c), KS_OK);
	assert_int_equal(c.n, 0);
	assert_int_equal(kstore_value_put(f->st, &v, "a", &ch, NULL), KS_OK);
	v.value_e4 = 910000;
	assert_int_equal(kstore_value_put(f->st, &v, "b", &ch, NULL), KS_OK);
	v.indicator = "AKIP";
	v.year      = 2024;
	assert_int_equal(kstore_value_put(f->st, &v, "c", &ch, NULL), KS_OK);
	memset(&c, 0, sizeof(c));
	assert_int_equal(
	    kstore_value_export(f->st, NULL, 0, value_row, &c), KS_OK);
	assert_string_equal(c.text,
	    "AKIP/2024/4/r1=910000,IKM/2025/4/r1=900000,IKM/2025/4/r2=910000");
	memset(&c, 0, sizeof(c));
	assert_int_equal(
	    kstore_value_export(f->st, "tiram", 2025, value_row, &c), KS_OK);
	assert_int_equal(c.n, 2);
	memset(&c, 0, sizeof(c));
	assert_int_equal(
	    kstore_value_export(f->st, "batubara", 0, value_row, &c), KS_OK);
	assert_int_equal(c.n, 0);
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_budget_lines_round_trip_in_order),
		T(test_budget_line_optional_amounts),
		T(test_budget_resubmission_marks_and_sweeps),
		T(test_budget_sweep_keeps_the_other_table),
		T(test_budget_of_unknown_unit_is_not_found),
		T(test_sasaran_exists),
		T(test_survey_put_and_get),
		T(test_survey_profile_and_responses),
		T(test_akip_components_replace_whole),
		T(test_export_keys),
		T(test_export_links_and_values),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
