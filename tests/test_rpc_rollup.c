/*
 * test_rpc_rollup.c - a region's roll-up in GetCapaian (handlers/
 * h_rollup.c), through dispatch, on a small region built here: batubara
 * over tiram, balai, suka and deras. Every expected figure is computed by
 * hand in the comments from the values submitted.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <math.h>

#include "rpc_helpers.h"

#define RENSTRA KINERJA__VALUE_KIND__VALUE_KIND_RENSTRA_TARGET

static void
link_sasaran(struct fixture *f, const char *unit)
{
	Kinerja__SasaranLink          l[2]  = { KINERJA__SASARAN_LINK__INIT,
		          KINERJA__SASARAN_LINK__INIT };
	Kinerja__SasaranLink         *lp[2] = { &l[0], &l[1] };
	Kinerja__UpsertSasaranRequest req =
	    KINERJA__UPSERT_SASARAN_REQUEST__INIT;
	Kinerja__WriteReply *r;

	l[0].unit      = (char *) unit;
	l[0].sasaran   = "Kepuasan";
	l[0].indicator = "IKM";
	l[1].unit      = (char *) unit;
	l[1].sasaran   = "Akuntabilitas";
	l[1].indicator = "AKIP";
	req.links      = lp;
	req.n_links    = 2;
	assert_int_equal(fx_upsert_sasaran(f, &req, &r), 0);
	kinerja__write_reply__free_unpacked(r, NULL);
}

static void
budget_of(struct fixture *f, const char *unit, int64_t pagu, int64_t real)
{
	Kinerja__BudgetLine l = line("P1", "", pagu, real);

	l.unit = (char *) unit;
	assert_int_equal(submit_budget(f, &l, 1, NULL), 0);
}

/*
 * 2025:
 *  tiram: IKM 90.07 / 90 = 100.0777...%, AKIP 71.38 / 71.38 = 100 %,
 *         ADUAN no target; overall (100.0777... + 100) / 2 = 100.0388...
 *         -> 100.04 (Sangat Tinggi). Budget 100 of 100 (100 %).
 *  balai: IKM 60 / 80 = 75 % (Sedang), AKIP 63.7 / 70 = 91 % exactly, at
 *         the Sangat Tinggi edge; overall 83 (Tinggi). Budget 450 of 900
 *         (50 %).
 *  suka:  IKM 60 / 90 = 66.666...% (Sedang), AKIP no realisasi; overall
 *         66.67 (Sedang). No budget.
 *  deras: no sasaran at all; a budget with pagu and no realisasi.
 */
static void
region(struct fixture *f)
{
	Kinerja__IndicatorValue v[] = {
		uvalue("tiram", "IKM", 2025, TARGET, 90),
		uvalue("tiram", "IKM", 2025, REALISASI, 90.07),
		uvalue("tiram", "AKIP", 2025, TARGET, 71.38),
		uvalue("tiram", "AKIP", 2025, REALISASI, 71.38),
		uvalue("balai", "IKM", 2025, TARGET, 80),
		uvalue("balai", "IKM", 2025, REALISASI, 60),
		uvalue("balai", "AKIP", 2025, TARGET, 70),
		uvalue("balai", "AKIP", 2025, REALISASI, 63.7),
		uvalue("suka", "IKM", 2025, TARGET, 90),
		uvalue("suka", "IKM", 2025, REALISASI, 60),
		uvalue("suka", "AKIP", 2025, TARGET, 60),
	};

	peers(f);
	link_sasaran(f, "balai");
	link_sasaran(f, "suka");
	assert_int_equal(submit(f, v, sizeof(v) / sizeof(v[0]), 0, NULL), 0);
	budget_of(f, "tiram", RP(100), RP(100));
	budget_of(f, "balai", RP(900), RP(450));
	budget_of(f, "deras", RP(300), -1);
}

static void
assert_bands(Kinerja__PredikatCount **d, size_t n, const unsigned *want)
{
	static const char *const names[] = { "Sangat Tinggi", "Tinggi",
		"Sedang", "Rendah", "Sangat Rendah" };
	size_t                   i;

	assert_int_equal(n, 5);
	for (i = 0; i < 5; i++) {
		assert_string_equal(d[i]->predikat, names[i]);
		assert_int_equal(d[i]->units, want[i]);
	}
}

static void
test_region_mean_and_distribution(void **state)
{
	struct fixture           *f = *state;
	Kinerja__GetCapaianReply *r;
	Kinerja__Rollup          *u;
	const unsigned            bands[] = { 1, 1, 1, 0, 0 };

	region(f);
	r = capaian_of(f, "batubara", 2025);
	assert_int_equal(r->n_indicators, 0);
	assert_int_equal(r->opt_capaian_case, 0);
	u = r->rollup;
	assert_non_null(u);
	assert_int_equal(u->n_units, 4); /* by code */
	assert_string_equal(u->units[0]->unit, "balai");
	assert_e2(u->units[0]->capaian, 8300);
	assert_string_equal(u->units[0]->predikat, "Tinggi");
	assert_string_equal(u->units[1]->unit, "deras");
	assert_int_equal(u->units[1]->opt_capaian_case, 0);
	assert_string_equal(
	    u->units[1]->na_reason, "tidak ada sasaran dengan indikator");
	assert_e2(u->units[2]->capaian, 6667);
	assert_e2(u->units[3]->capaian, 10004);
	/* (100.0388... + 83 + 66.666...) / 3 = 83.2351... */
	assert_e2(u->capaian, 8324);
	assert_string_equal(u->predikat, "Tinggi");
	assert_int_equal(u->counted, 3);
	assert_int_equal(u->n_not_counted, 1);
	assert_string_equal(u->not_counted[0]->unit, "deras");
	assert_bands(u->distribution, u->n_distribution, bands);
	kinerja__get_capaian_reply__free_unpacked(r, NULL);
}

static void
test_region_per_indicator(void **state)
{
	struct fixture            *f = *state;
	Kinerja__GetCapaianReply  *r;
	Kinerja__RollupIndicator **ind;
	const unsigned ikm[] = { 1, 0, 2, 0, 0 }, akip[] = { 2, 0, 0, 0, 0 };

	region(f);
	r   = capaian_of(f, "batubara", 2025);
	ind = r->rollup->indicators;
	assert_int_equal(r->rollup->n_indicators, 3);
	/* In order of first appearance: balai's IKM, AKIP; tiram's ADUAN. */
	assert_string_equal(ind[0]->indicator, "IKM");
	/* (75 + 66.666... + 100.0777...) / 3 = 80.5814... */
	assert_e2(ind[0]->capaian, 8058);
	assert_string_equal(ind[0]->predikat, "Tinggi");
	assert_int_equal(ind[0]->units, 3);
	assert_bands(ind[0]->distribution, ind[0]->n_distribution, ikm);
	assert_int_equal(ind[0]->n_not_counted, 1);
	assert_string_equal(
	    ind[0]->not_counted[0]->reason, "bukan indikator unit ini");
	assert_string_equal(ind[1]->indicator, "AKIP");
	/* (91 + 100) / 2; balai's 91.00 is Sangat Tinggi, at the edge. */
	assert_e2(ind[1]->capaian, 9550);
	assert_bands(ind[1]->distribution, ind[1]->n_distribution, akip);
	assert_int_equal(ind[1]->n_not_counted, 2);
	assert_string_equal(ind[1]->not_counted[0]->unit, "deras");
	assert_string_equal(ind[1]->not_counted[1]->unit, "suka");
	assert_string_equal(
	    ind[1]->not_counted[1]->reason, "tidak ada realisasi tahun ini");
	assert_string_equal(ind[2]->indicator, "ADUAN");
	assert_int_equal(ind[2]->opt_capaian_case, 0);
	assert_int_equal(ind[2]->units, 0);
	assert_int_equal(ind[2]->n_not_counted, 4);
	assert_string_equal(
	    ind[2]->not_counted[3]->reason, "tidak ada target tahun ini");
	kinerja__get_capaian_reply__free_unpacked(r, NULL);
}

/* Weighted: (100 + 450) / (100 + 900) = 55 %, where the mean of the units'
 * percentages, (100 + 50) / 2, would be 75 %. */
static void
test_region_weighted_serapan(void **state)
{
	struct fixture           *f = *state;
	Kinerja__GetCapaianReply *r;
	Kinerja__Rollup          *u;
	double                    mean;

	region(f);
	r = capaian_of(f, "batubara", 2025);
	u = r->rollup;
	assert_int_equal(u->budget->pagu_sen, RP(1000));
	assert_int_equal(u->budget->realisasi_sen, RP(550));
	assert_e2(u->budget->serapan, 5500);
	mean =
	    (u->units[0]->budget->serapan + u->units[3]->budget->serapan) / 2;
	assert_e2(mean, 7500);
	assert_int_equal(u->budget_counted, 2);
	assert_int_equal(u->n_budget_not_counted, 2);
	assert_string_equal(u->budget_not_counted[0]->unit, "deras");
	assert_string_equal(u->budget_not_counted[0]->reason,
	    "pagu atau realisasi anggaran tidak lengkap");
	assert_string_equal(u->budget_not_counted[1]->unit, "suka");
	assert_string_equal(
	    u->budget_not_counted[1]->reason, "tidak ada anggaran tahun ini");
	assert_null(u->units[2]->budget);
	kinerja__get_capaian_reply__free_unpacked(r, NULL);
}

/* Nested: sumut's leaves are batubara's four and asahan's other. */
static void
test_nested_region_counts_leaves(void **state)
{
	struct fixture           *f = *state;
	Kinerja__GetCapaianReply *r;

	region(f);
	r = capaian_of(f, "sumut", 2025);
	assert_int_equal(r->rollup->n_units, 5);
	assert_int_equal(r->rollup->counted, 3);
	assert_int_equal(r->rollup->n_not_counted, 2);
	assert_e2(r->rollup->capaian, 8324);
	kinerja__get_capaian_reply__free_unpacked(r, NULL);
	/* asahan: its one unit has nothing, so nothing is counted. */
	r = capaian_of(f, "asahan", 2025);
	assert_int_equal(r->rollup->counted, 0);
	assert_int_equal(r->rollup->opt_capaian_case, 0);
	assert_string_equal(r->rollup->predikat, "");
	assert_int_equal(r->rollup->n_not_counted, 1);
	assert_int_equal(r->rollup->budget->opt_serapan_case, 0);
	assert_int_equal(r->rollup->budget->opt_pagu_case, 0);
	kinerja__get_capaian_reply__free_unpacked(r, NULL);
}

/* More of everything beside region(): another year (2024) with other
 * figures and a budget only suka has, Renstra targets for some rows, a
 * budget of two levels for balai and other's values under asahan. */
static void
mixed(struct fixture *f)
{
	Kinerja__IndicatorValue v[] = {
		uvalue("tiram", "IKM", 2024, TARGET, 80),
		uvalue("tiram", "IKM", 2024, REALISASI, 88),
		uvalue("balai", "AKIP", 2024, TARGET, 70),
		uvalue("balai", "AKIP", 2024, REALISASI, 35),
		uvalue("suka", "IKM", 2024, REALISASI, 50),
		uvalue("balai", "IKM", 2025, RENSTRA, 75),
		uvalue("suka", "AKIP", 2025, RENSTRA, 50),
		uvalue("tiram", "ADUAN", 2025, RENSTRA, 10),
		uvalue("tiram", "ADUAN", 2025, REALISASI, 4),
		uvalue("other", "IKM", 2025, TARGET, 50),
	};
	Kinerja__BudgetLine b[] = { line("P1", "", RP(900), RP(450)),
		line("K1", "P1", RP(600), RP(400)),
		line("K2", "P1", RP(300), RP(50)) };
	Kinerja__BudgetLine s = line("P1", "", RP(70), RP(7));
	size_t              i;

	region(f);
	assert_int_equal(submit(f, v, sizeof(v) / sizeof(v[0]), 0, NULL), 0);
	for (i = 0; i < 3; i++)
		b[i].unit = "balai";
	assert_int_equal(submit_budget(f, b, 3, NULL), 0);
	s.unit = "suka";
	s.year = 2024;
	assert_int_equal(submit_budget(f, &s, 1, NULL), 0);
}

/* A roll-up's unit shows the capaian GetCapaian gives the unit. */
static void
assert_unit_capaian(struct fixture *f, const Kinerja__RollupUnit *u,
    int year, Kinerja__Against against)
{
	Kinerja__GetCapaianRequest req = KINERJA__GET_CAPAIAN_REQUEST__INIT;
	Kinerja__GetCapaianReply  *r;

	req.unit    = u->unit;
	req.year    = year;
	req.against = against;
	assert_int_equal(fx_get_capaian(f, &req, &r), 0);
	assert_int_equal(u->opt_capaian_case != 0, r->opt_capaian_case != 0);
	assert_true(u->capaian == r->capaian);
	assert_string_equal(u->predikat, r->predikat);
	kinerja__get_capaian_reply__free_unpacked(r, NULL);
}

/* And the budget total GetBudget gives it, when that is complete. */
static void
assert_unit_budget(struct fixture *f, const Kinerja__RollupUnit *u, int year)
{
	Kinerja__GetBudgetRequest req = KINERJA__GET_BUDGET_REQUEST__INIT;
	Kinerja__GetBudgetReply  *r;

	req.unit = u->unit;
	req.year = year;
	assert_int_equal(fx_get_budget(f, &req, &r), 0);
	if (u->budget == NULL) {
		assert_true(r->n_lines == 0 || r->total->opt_pagu_case == 0);
	} else {
		assert_int_equal(r->total->pagu_sen, u->budget->pagu_sen);
		assert_int_equal(
		    r->total->realisasi_sen, u->budget->realisasi_sen);
		assert_true(r->total->serapan == u->budget->serapan);
	}
	kinerja__get_budget_reply__free_unpacked(r, NULL);
}

/* Read for the whole region at once, each unit's figures are still those
 * its own GetCapaian and GetBudget give, in every year and against
 * either target, whatever a unit lacks. */
static void
test_region_units_as_their_own(void **state)
{
	static const char *const regions[] = { "batubara", "sumut" };
	struct fixture          *f         = *state;
	Kinerja__GetCapaianRequest req = KINERJA__GET_CAPAIAN_REQUEST__INIT;
	Kinerja__GetCapaianReply  *r;
	size_t                     g, i;
	int                        year, a, budgets = 0, counted = 0;

	mixed(f);
	for (g = 0; g < 2; g++)
		for (year = 2024; year <= 2025; year++)
			for (a = 0; a < 2; a++) {
				req.unit    = (char *) regions[g];
				req.year    = year;
				req.against = a ? KINERJA__AGAINST__AGAINST_RENSTRA
				                : KINERJA__AGAINST__AGAINST_PK;
				assert_int_equal(fx_get_capaian(f, &req, &r), 0);
				assert_int_equal(r->rollup->n_units, 4 + g);
				for (i = 0; i < r->rollup->n_units; i++) {
					const Kinerja__RollupUnit *u =
					    r->rollup->units[i];

					assert_unit_capaian(f, u, year, req.against);
					assert_unit_budget(f, u, year);
					budgets += u->budget != NULL;
					counted += u->opt_capaian_case != 0;
				}
				kinerja__get_capaian_reply__free_unpacked(
				    r, NULL);
			}
	/* The data has some of each: not all missing, not all there. */
	assert_true(budgets > 0 && budgets < 36);
	assert_true(counted > 0 && counted < 36);
}

/* The region's capaian and suka's, as its realisasi of AKIP changes:
 * 2025's, as region() wrote it, then 60 (of 60: 100 %). */
static void
assert_rollup(struct fixture *f, int64_t region_e2, int64_t suka_e2)
{
	Kinerja__GetCapaianReply *r = capaian_of(f, "batubara", 2025);

	assert_e2(r->rollup->capaian, region_e2);
	assert_string_equal(r->rollup->units[2]->unit, "suka");
	assert_e2(r->rollup->units[2]->capaian, suka_e2);
	kinerja__get_capaian_reply__free_unpacked(r, NULL);
}

static void
suka_akip(struct fixture *f, double realisasi)
{
	Kinerja__IndicatorValue v =
	    uvalue("suka", "AKIP", 2025, REALISASI, realisasi);

	assert_int_equal(submit(f, &v, 1, 0, NULL), 0);
}

/* A roll-up the service keeps is answered until a write commits, from
 * whichever worker or replica: then computed afresh. suka at 100 % of
 * AKIP: (66.666... + 100) / 2 = 83.33; the region (100.0388... + 83 +
 * 83.333...) / 3 = 88.79. */
static void
test_rollup_kept_is_fresh_after_a_write(void **state)
{
	struct fixture *f = *state;

	region(f);
	assert_rollup(f, 8324, 6667);
	assert_rollup(f, 8324, 6667); /* as kept */
	fx_worker(f, 1);
	assert_rollup(f, 8324, 6667);
	suka_akip(f, 60);
	fx_worker(f, 0);
	assert_rollup(f, 8879, 8333);
	fx_worker(f, 2); /* the replica keeps its own, then writes */
	assert_rollup(f, 8879, 8333);
	suka_akip(f, 30); /* 50 %: suka 58.33, the region 80.46 */
	assert_rollup(f, 8046, 5833);
	fx_worker(f, 0);
	assert_rollup(f, 8046, 5833);
}

/* A unit with none under it answers as before: no roll-up. */
static void
test_leaf_unchanged(void **state)
{
	struct fixture            *f = *state;
	Kinerja__GetCapaianReply  *r;
	Kinerja__GetCapaianRequest req = KINERJA__GET_CAPAIAN_REQUEST__INIT;

	region(f);
	r = capaian_of(f, "tiram", 2025);
	assert_null(r->rollup);
	assert_e2(r->capaian, 10004);
	kinerja__get_capaian_reply__free_unpacked(r, NULL);
	req.unit = "nowhere";
	req.year = 2025;
	assert_int_equal(
	    fx_get_capaian(f, &req, &r), KINERJA__CODE__NOT_FOUND);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
		    test_region_mean_and_distribution, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(
		    test_region_per_indicator, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(
		    test_region_weighted_serapan, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(
		    test_nested_region_counts_leaves, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(
		    test_region_units_as_their_own, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(
		    test_leaf_unchanged, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(
		    test_rollup_kept_is_fresh_after_a_write, fx_setup,
		    fx_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
