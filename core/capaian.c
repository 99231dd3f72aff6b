/*
 * capaian.c - the capaian of an indicator-year as every reader computes
 * it (GetCapaian, ranking, trend, progress, Validate), and a unit's
 * summary: sasaran means and the overall capaian (docs/domain.md,
 * "Capaian" to "Sasaran and unit capaian"). Written once here so that no two replies can disagree.
 */
#include <string.h>

#include "kcore.h"

int
kc_year_ok(int year)
{
	return year >= KC_YEAR_MIN && year <= KC_YEAR_MAX;
}

int
kc_value_number(
    const struct kc_value *v, enum kc_rule rule, int64_t *e4, int *converted)
{
	*converted = 0;
	if (!v->has)
		return 0;
	if (v->has_number) {
		*e4 = v->e4;
		return 1;
	}
	*e4        = kc_akip_to_score(v->predikat, rule);
	*converted = 1;
	return 1;
}

void
kc_capaian_row(enum kc_polarity pol, enum kc_rule rule,
    const struct kc_value *target, const struct kc_value *realisasi,
    struct kc_row *out)
{
	memset(out, 0, sizeof(*out));
	out->pct        = (kc_pct) { 0, 1 };
	out->has_target = kc_value_number(
	    target, rule, &out->target_e4, &out->target_converted);
	out->has_realisasi = kc_value_number(
	    realisasi, rule, &out->realisasi_e4, &out->realisasi_converted);
	if (!out->has_target)
		out->na = KC_NA_NO_TARGET;
	else if (!out->has_realisasi)
		out->na = KC_NA_NO_REALISASI;
	else
		out->na = kc_capaian(
		    pol, out->target_e4, out->realisasi_e4, &out->pct);
	if (out->na == KC_AVAILABLE)
		out->e2 = kc_round2(out->pct);
}

enum kc_na
kc_gap(const struct kc_row *a, const struct kc_row *ref, int64_t *e2)
{
	*e2 = 0;
	if (a->na != KC_AVAILABLE)
		return a->na;
	if (ref->na != KC_AVAILABLE)
		return ref->na;
	*e2 = kc_round2(kc_pct_sub(a->pct, ref->pct));
	return KC_AVAILABLE;
}

int
kc_year_span(int from, int to, const char **why)
{
	if (!kc_year_ok(from) || !kc_year_ok(to))
		*why = "not a year from 1900 to 2200";
	else if (from > to)
		*why = "the first year is after the last";
	else if (to - from + 1 > KC_SPAN_MAX)
		*why = "more than 30 years";
	else
		return 0;
	return -1;
}

/* The run of rows from `first` with one sasaran; its values go to vals. */
static size_t
sasaran_run(const char *const *sasaran, const struct kc_row *rows, size_t n,
    size_t first, kc_pct *vals, struct kc_sasaran_mean *m)
{
	size_t j;

	m->first      = first;
	m->indicators = 0;
	m->mean       = (kc_pct) { 0, 1 };
	for (j = first; j < n && strcmp(sasaran[j], sasaran[first]) == 0; j++)
		if (rows[j].na == KC_AVAILABLE)
			vals[m->indicators++] = rows[j].pct;
	m->rows = j - first;
	m->na   = kc_mean(vals, m->indicators, &m->mean);
	return j;
}

void
kc_summarize(const char *const *sasaran, const struct kc_row *rows, size_t n,
    kc_pct *scratch, struct kc_unit_summary *out)
{
	size_t i = 0, nm = 0;

	out->nsasaran = 0;
	out->e2       = 0;
	out->overall  = (kc_pct) { 0, 1 };
	/* The values of a run go to scratch[nm..], behind the means found
	 * so far: nm never passes the run's first row. */
	while (i < n) {
		struct kc_sasaran_mean *m = &out->sasaran[out->nsasaran++];

		i = sasaran_run(sasaran, rows, n, i, scratch + nm, m);
		if (m->na == KC_AVAILABLE)
			scratch[nm++] = m->mean;
	}
	out->na = kc_mean(scratch, nm, &out->overall);
	if (out->na == KC_AVAILABLE)
		out->e2 = kc_round2(out->overall);
}
