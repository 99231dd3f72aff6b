/*
 * cmd_rollup.c - the roll-up part of `kinerja capaian` for a region
 * (docs/rollup.md): its units' capaian and budgets, the mean per indicator
 * with the distribution by predikat, the units left out and why, and the
 * weighted serapan, all as kinerjad computes them.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"

/* One row a unit: capaian, predikat (or why none) and its budget. */
static void
units_table(const Kinerja__Rollup *r, enum out_format f)
{
	static const char *const head[] = { "No", "Unit", "Nama",
		"Capaian (%)", "Predikat", "Pagu (Rp)", "Realisasi (Rp)",
		"Serapan (%)" };
	struct table             t;
	size_t                   i;
	int                      table = f == OUT_TABLE;
	char no[24], cv[32], pagu[CLI_AMOUNT_LEN], real[CLI_AMOUNT_LEN],
	    ser[CLI_AMOUNT_LEN];

	table_init(&t, 8, head);
	t.right[0] = t.right[3] = t.right[5] = t.right[6] = t.right[7] = 1;
	for (i = 0; i < r->n_units; i++) {
		const Kinerja__RollupUnit *u = r->units[i];
		const char *cells[]          = { no, u->unit, u->name, cv,
                        *u->predikat ? u->predikat : u->na_reason,
			         pagu, real, ser };

		snprintf(no, sizeof(no), "%zu", i + 1);
		fmt_value_or_dash(u->opt_capaian_case != 0, u->capaian, table,
		    cv, sizeof(cv));
		absorption_text(u->budget, table, pagu, real, ser);
		table_add(&t, cells);
	}
	table_print(&t, f, stdout);
	table_free(&t);
}

/* Per indicator: the mean, its predikat and how many units per band. */
static void
indicators_table(const Kinerja__Rollup *r)
{
	static const char *const head[] = { "Indikator", "Satuan",
		"Rata-rata capaian (%)", "Predikat", "Unit dihitung",
		"Sangat Tinggi", "Tinggi", "Sedang", "Rendah",
		"Sangat Rendah" };
	struct table             t;
	size_t                   i, b;
	char                     cv[32], n[24], band[5][24];

	table_init(&t, 10, head);
	for (b = 2; b < 10; b++)
		t.right[b] = b != 3;
	for (i = 0; i < r->n_indicators; i++) {
		const Kinerja__RollupIndicator *m = r->indicators[i];
		const char *cells[] = { m->indicator, m->satuan, cv,
			m->predikat, n, band[0], band[1], band[2], band[3],
			band[4] };

		fmt_value_or_dash(
		    m->opt_capaian_case != 0, m->capaian, 1, cv, sizeof(cv));
		snprintf(n, sizeof(n), "%u dari %zu", m->units,
		    (size_t) m->units + m->n_not_counted);
		for (b = 0; b < 5; b++)
			snprintf(band[b], sizeof(band[b]), "%u",
			    b < m->n_distribution ? m->distribution[b]->units
			                          : 0);
		table_add(&t, cells);
	}
	table_print(&t, OUT_TABLE, stdout);
	table_free(&t);
}

static void
print_left_out(const char *what, Kinerja__UnitNotCounted *const *u, size_t n)
{
	size_t i;

	if (n == 0)
		return;
	printf("%s (%zu):\n", what, n);
	for (i = 0; i < n; i++)
		printf("  - %s (%s): %s\n", u[i]->unit, u[i]->name,
		    u[i]->reason);
}

/* 1 when two lists leave out the same units for the same reasons. */
static int
same_left_out(Kinerja__UnitNotCounted *const *a, size_t na,
    Kinerja__UnitNotCounted *const *b, size_t nb)
{
	size_t i;

	if (na != nb)
		return 0;
	for (i = 0; i < na; i++)
		if (strcmp(a[i]->unit, b[i]->unit) != 0 ||
		    strcmp(a[i]->reason, b[i]->reason) != 0)
			return 0;
	return 1;
}

/* An indicator's units left out, where they are not those of the units'
 * overall capaian. */
static void
print_indicator_left_out(const Kinerja__Rollup *r)
{
	size_t i;
	char   what[160];

	for (i = 0; i < r->n_indicators; i++) {
		const Kinerja__RollupIndicator *m = r->indicators[i];

		if (same_left_out(m->not_counted, m->n_not_counted,
		        r->not_counted, r->n_not_counted))
			continue;
		snprintf(what, sizeof(what),
		    "Indikator %s: unit tidak dihitung", m->indicator);
		print_left_out(what, m->not_counted, m->n_not_counted);
	}
}

static void
print_distribution(const Kinerja__Rollup *r)
{
	size_t i;

	printf("Sebaran predikat unit:");
	for (i = 0; i < r->n_distribution; i++)
		printf("%s %s %u", i ? "," : "", r->distribution[i]->predikat,
		    r->distribution[i]->units);
	printf("\n");
}

static void
print_budget(const Kinerja__Rollup *r)
{
	char pagu[CLI_AMOUNT_LEN], real[CLI_AMOUNT_LEN], ser[CLI_AMOUNT_LEN];

	absorption_text(r->budget, 1, pagu, real, ser);
	printf("\nSerapan anggaran wilayah (tertimbang: jumlah realisasi / "
	       "jumlah pagu, %u unit): %s %%\n",
	    r->budget_counted, ser);
	printf("  Pagu Rp %s, realisasi Rp %s\n", pagu, real);
	print_left_out("Anggaran tidak dihitung", r->budget_not_counted,
	    r->n_budget_not_counted);
}

void
rollup_print(const Kinerja__GetCapaianReply *r, enum out_format f)
{
	const Kinerja__Rollup *u = r->rollup;
	char                   cv[32];

	if (f == OUT_CSV) {
		units_table(u, OUT_CSV);
		return;
	}
	printf("Rekapitulasi %zu unit di bawah %s (unit yang tidak "
	       "membawahi unit lain)\n\n",
	    u->n_units, r->unit->code);
	units_table(u, OUT_TABLE);
	printf("\n");
	indicators_table(u);
	fmt_value_or_dash(
	    u->opt_capaian_case != 0, u->capaian, 1, cv, sizeof(cv));
	printf("\nCapaian kinerja %s (rata-rata %u unit): %s%s%s%s\n",
	    r->unit->code, u->counted, cv, *u->predikat ? " (" : "",
	    u->predikat, *u->predikat ? ")" : "");
	print_distribution(u);
	print_left_out(
	    "Unit tidak dihitung", u->not_counted, u->n_not_counted);
	print_indicator_left_out(u);
	print_budget(u);
}
