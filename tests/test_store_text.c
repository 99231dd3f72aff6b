/*
 * test_store_text.c - store_text.c on a temporary database (issue #15):
 * narrative sections of a unit-year and of an indicator kept apart, a
 * section removed by an empty text, the walk's order and filters; a
 * profile replaced whole with its staff rows in order; an indicator's
 * metadata and a link's penanggung jawab.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "store_fixture.h"

static int
section_row(void *arg, const struct knarrative *n)
{
	char tmp[160];

	snprintf(tmp, sizeof(tmp), "%s/%d/%s/%d=%s", n->unit, n->year,
	    *n->indicator ? n->indicator : "-", n->section, n->text);
	return walk_add(arg, tmp);
}

static void
put_text(struct kstore *st, const char *unit, int year, const char *ind,
    int section, const char *text)
{
	struct knarrative n = { unit, year, ind, section, text };

	assert_int_equal(kstore_narrative_put(st, &n), KS_OK);
}

static void
test_narrative_sections(void **state)
{
	struct fixture   *f   = *state;
	struct knarrative key = { "tiram", 2025, "", 1, NULL };
	struct walk       w   = { 0 };
	char              buf[64];

	world(f->st);
	put_text(f->st, "tiram", 2025, "IKM", 1, "ikm analisis");
	put_text(f->st, "tiram", 2025, "", 21, "penutup");
	put_text(f->st, "tiram", 2025, "AKIP", 1, "akip analisis");
	put_text(f->st, "tiram", 2024, "", 20, "ringkasan 2024");
	put_text(f->st, "tiram", 2025, "IKM", 1, "ikm analisis 2");
	/* Section 1 of the unit-year (indicator "") is not IKM's. */
	assert_int_equal(
	    kstore_narrative_get(f->st, &key, buf, sizeof(buf)), KS_NOTFOUND);
	key.indicator = "IKM";
	assert_int_equal(
	    kstore_narrative_get(f->st, &key, buf, sizeof(buf)), KS_OK);
	assert_string_equal(buf, "ikm analisis 2");
	assert_int_equal(
	    kstore_narrative_list(f->st, "tiram", 2025, section_row, &w), KS_OK);
	assert_string_equal(w.text, "tiram/2025/-/21=penutup,"
	                            "tiram/2025/AKIP/1=akip analisis,"
	                            "tiram/2025/IKM/1=ikm analisis 2");
	put_text(f->st, "tiram", 2025, "AKIP", 1, "");
	memset(&w, 0, sizeof(w));
	assert_int_equal(
	    kstore_narrative_list(f->st, NULL, 0, section_row, &w), KS_OK);
	assert_string_equal(w.text, "tiram/2024/-/20=ringkasan 2024,"
	                            "tiram/2025/-/21=penutup,"
	                            "tiram/2025/IKM/1=ikm analisis 2");
	key = (struct knarrative) { "nowhere", 2025, "", 21, "x" };
	assert_int_equal(kstore_narrative_put(f->st, &key), KS_NOTFOUND);
	key = (struct knarrative) { "tiram", 2025, "NOPE", 1, "x" };
	assert_int_equal(kstore_narrative_put(f->st, &key), KS_NOTFOUND);
}

static int
profile_row(void *arg, const struct kprofile *p)
{
	struct walk *w = arg;
	char         tmp[160];
	size_t       i;

	snprintf(tmp, sizeof(tmp), "%s|%s|%s|%lld|%u", p->text[KP_DASAR_HUKUM],
	    p->text[KP_PIMPINAN_NAMA], p->text[KP_TANGGAL_PK],
	    p->has_luas ? (long long) p->luas_e2 : -1LL, p->penduduk);
	walk_add(w, tmp);
	for (i = 0; i < p->nstaff; i++) {
		snprintf(tmp, sizeof(tmp), "%d:%s:%u:%u", p->staff[i].group,
		    p->staff[i].category, p->staff[i].laki_laki,
		    p->staff[i].perempuan);
		walk_add(w, tmp);
	}
	return KS_OK;
}

static int
key_row(void *arg, const char *unit, int year)
{
	char tmp[64];

	snprintf(tmp, sizeof(tmp), "%s/%d", unit, year);
	return walk_add(arg, tmp);
}

static void
test_profile_replaced_whole(void **state)
{
	struct fixture *f        = *state;
	struct kstaff   staff[3] = { { 1, "IV", 3, 2 }, { 2, "III", 10, 12 },
		  { 3, "S1", 5, 7 } };
	struct kprofile p        = { "tiram", 2025, { 0 }, 1, 651125, 12, 0,
		       41234, staff, 3 };
	struct walk     w        = { 0 };

	world(f->st);
	p.text[KP_DASAR_HUKUM]  = "UU 23/2014\nPP 17/2018";
	p.text[KP_PIMPINAN_NAMA] = "Ahmad";
	p.text[KP_TANGGAL_PK]    = "2025-01-31";
	assert_int_equal(kstore_profile_get(f->st, "tiram", 2025, profile_row,
	                     &w),
	    KS_NOTFOUND);
	assert_int_equal(kstore_profile_put(f->st, &p), KS_OK);
	assert_int_equal(
	    kstore_profile_get(f->st, "tiram", 2025, profile_row, &w), KS_OK);
	assert_string_equal(w.text, "UU 23/2014\nPP 17/2018|Ahmad|2025-01-31|"
	                            "651125|41234,1:IV:3:2,2:III:10:12,"
	                            "3:S1:5:7");
	/* Fewer staff rows and no area: the rest is gone. */
	p.staff    = &staff[2];
	p.nstaff   = 1;
	p.has_luas = 0;
	p.text[KP_PIMPINAN_NAMA] = NULL;
	assert_int_equal(kstore_profile_put(f->st, &p), KS_OK);
	memset(&w, 0, sizeof(w));
	assert_int_equal(
	    kstore_profile_get(f->st, "tiram", 2025, profile_row, &w), KS_OK);
	assert_string_equal(w.text,
	    "UU 23/2014\nPP 17/2018||2025-01-31|-1|41234,3:S1:5:7");
	p.year = 2024;
	assert_int_equal(kstore_profile_put(f->st, &p), KS_OK);
	memset(&w, 0, sizeof(w));
	assert_int_equal(kstore_profile_keys(f->st, NULL, 0, key_row, &w), KS_OK);
	assert_string_equal(w.text, "tiram/2024,tiram/2025");
	p.unit = "nowhere";
	assert_int_equal(kstore_profile_put(f->st, &p), KS_NOTFOUND);
}

static void
test_metadata_and_penanggung_jawab(void **state)
{
	struct fixture        *f = *state;
	struct kindicator_meta m = { 1, "Definisi.", "Rumus.", "Survei." }, got;
	struct ksasaran        l = { "tiram", "Kepuasan", "IKM", "", "Kasi" };
	enum kchange           ch;
	char                   buf[KSTORE_META_BUF];

	world(f->st);
	assert_int_equal(kstore_indicator_meta_put(f->st, "IKM", &m), KS_OK);
	assert_int_equal(
	    kstore_indicator_meta_get(f->st, "IKM", &got, buf, sizeof(buf)),
	    KS_OK);
	assert_int_equal(got.type, 1);
	assert_string_equal(got.formula, "Rumus.");
	assert_string_equal(got.sumber_data, "Survei.");
	assert_int_equal(kstore_indicator_meta_put(f->st, "NOPE", &m),
	    KS_NOTFOUND);
	/* The link exists (world): setting its penanggung jawab updates. */
	assert_int_equal(kstore_sasaran_put(f->st, &l, &ch), KS_OK);
	assert_int_equal(ch, KS_UPDATED);
	assert_int_equal(kstore_sasaran_put(f->st, &l, &ch), KS_OK);
	assert_int_equal(ch, KS_UNCHANGED);
	assert_int_equal(kstore_link_pj_get(f->st, &l, buf, sizeof(buf)), KS_OK);
	assert_string_equal(buf, "Kasi");
	l.indicator = "AKIP";
	assert_int_equal(
	    kstore_link_pj_get(f->st, &l, buf, sizeof(buf)), KS_NOTFOUND);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
		    test_narrative_sections, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_profile_replaced_whole, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_metadata_and_penanggung_jawab, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
