/*
 * rollup.c - a region's roll-up (docs/rollup.md): the mean of its units'
 * figures and their distribution by predikat capaian, and the weighted
 * serapan of their budgets. Each unit's figure comes from kc_summarize or
 * kc_capaian_row; this file only aggregates, with means of exact
 * fractions rounded once.
 */
#include <string.h>

#include "kcore.h"

/* Lower bounds of the bands, in hundredths of a percent, best first. */
static const int64_t band_floor[KC_BANDS - 1] = { 9100, 7600, 6600, 5100 };

static const char *const band_names[KC_BANDS] = { "Sangat Tinggi", "Tinggi",
	"Sedang", "Rendah", "Sangat Rendah" };

int
kc_predikat_band(int64_t e2)
{
	int b = 0;

	while (b < KC_BANDS - 1 && e2 < band_floor[b])
		b++;
	return b;
}

const char *
kc_band_name(int band)
{
	return band >= 0 && band < KC_BANDS ? band_names[band] : "";
}

void
kc_rollup(const struct kc_share *units, size_t n, kc_pct *scratch,
    struct kc_rollup *out)
{
	size_t i;

	memset(out, 0, sizeof(*out));
	out->mean = (kc_pct) { 0, 1 };
	for (i = 0; i < n; i++) {
		if (units[i].na != KC_AVAILABLE) {
			out->not_counted++;
			continue;
		}
		scratch[out->counted++] = units[i].pct;
		out->band[kc_predikat_band(kc_round2(units[i].pct))]++;
	}
	out->na = kc_mean(scratch, out->counted, &out->mean);
	if (out->na == KC_AVAILABLE)
		out->e2 = kc_round2(out->mean);
}

enum kc_na
kc_unit_na(const struct kc_row *rows, size_t n)
{
	size_t i, targets = 0, realisasi = 0;

	for (i = 0; i < n; i++) {
		if (rows[i].na == KC_AVAILABLE)
			return KC_AVAILABLE;
		targets += rows[i].has_target != 0;
		realisasi += rows[i].has_target && rows[i].has_realisasi;
	}
	if (n == 0)
		return KC_NA_NO_DATA;
	if (targets == 0)
		return KC_NA_NO_TARGET;
	if (realisasi < targets)
		return KC_NA_NO_REALISASI;
	return rows[0].na;
}

void
kc_rollup_budget(const int *has, const int64_t *pagu, const int64_t *realisasi,
    size_t n, struct kc_budget_rollup *out)
{
	size_t i;

	memset(out, 0, sizeof(*out));
	out->serapan = (kc_pct) { 0, 1 };
	for (i = 0; i < n; i++) {
		if (!has[i]) {
			out->not_counted++;
			continue;
		}
		out->counted++;
		out->pagu += pagu[i];
		out->realisasi += realisasi[i];
	}
	out->na = KC_NA_NO_DATA;
	if (out->counted == 0 || out->pagu <= 0)
		return;
	/* At most 2^63 sen per unit and far fewer than 2^55 units: the
	 * sums times 100 fit in 128 bits. */
	out->serapan = (kc_pct) { out->realisasi * 100, out->pagu };
	out->na      = KC_AVAILABLE;
	out->e2      = kc_round2(out->serapan);
}
