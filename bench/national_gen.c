/*
 * national_gen.c - the synthetic national dataset of bench_national.
 */
#include <stdio.h>
#include <stdlib.h>

#include "national_gen.h"

#define KINDS 2 /* target, realisasi */

/* A small integer hash: spreads values without a random state. */
static unsigned
mix(unsigned x)
{
	x ^= x >> 16;
	x *= 0x7feb352du;
	x ^= x >> 15;
	x *= 0x846ca68bu;
	x ^= x >> 16;
	return x;
}

static void
unit_at(struct national *n, int i, const char *prefix, int num,
    const char *kind, int parent)
{
	Kinerja__Unit *u = &n->unit[i];

	kinerja__unit__init(u);
	snprintf(n->code[i], sizeof(n->code[i]), "%s-%04d", prefix, num);
	snprintf(n->name[i], sizeof(n->name[i]), "%s %04d", kind, num);
	u->code     = n->code[i];
	u->name     = n->name[i];
	u->parent   = parent < 0 ? "" : n->code[parent];
	n->unitp[i] = u;
}

/* Provinsi first, then kabupaten, then kecamatan: parents always come
 * before their children, as UpsertUnits needs. Children are dealt round
 * robin, so each kabupaten has 14 or 15 kecamatan. */
static void
gen_units(struct national *n)
{
	int i, k = 0;

	for (i = 0; i < NAT_PROVINSI; i++, k++)
		unit_at(n, k, "p", i, "Provinsi", -1);
	for (i = 0; i < NAT_KABUPATEN; i++, k++) {
		unit_at(n, k, "k", i, "Kabupaten", i % NAT_PROVINSI);
		n->unit[k].level = KINERJA__LEVEL__LEVEL_KABUPATEN;
	}
	for (i = 0; i < NAT_KECAMATAN; i++, k++) {
		unit_at(n, k, "c", i, "Kecamatan",
		    NAT_PROVINSI + i % NAT_KABUPATEN);
		n->unit[k].level = KINERJA__LEVEL__LEVEL_KECAMATAN;
	}
	for (i = 0; i < NAT_PROVINSI; i++)
		n->unit[i].level = KINERJA__LEVEL__LEVEL_PROVINSI;
}

static void
gen_indicators(struct national *n)
{
	int i;

	for (i = 0; i < NAT_INDICATORS; i++) {
		Kinerja__Indicator *d = &n->ind[i];

		kinerja__indicator__init(d);
		snprintf(n->ind_code[i], sizeof(n->ind_code[i]), "IK%02d", i);
		d->code   = n->ind_code[i];
		d->name   = n->ind_code[i];
		d->satuan = i % 2 ? "Kasus" : "%";
		/* Odd ones count something to reduce, e.g. complaints. */
		d->polarity = i % 2 ? KINERJA__POLARITY__POLARITY_MINIMIZE
		                    : KINERJA__POLARITY__POLARITY_MAXIMIZE;
		n->indp[i]  = d;
	}
}

int
national_gen(struct national *n, int first_year, int years)
{
	n->years      = years;
	n->first_year = first_year;
	n->code       = calloc(NAT_UNITS, sizeof(*n->code));
	n->name       = calloc(NAT_UNITS, sizeof(*n->name));
	n->unit       = calloc(NAT_UNITS, sizeof(*n->unit));
	n->unitp      = calloc(NAT_UNITS, sizeof(*n->unitp));
	if (!n->code || !n->name || !n->unit || !n->unitp) {
		national_free(n);
		return -1;
	}
	gen_units(n);
	gen_indicators(n);
	return 0;
}

void
national_free(struct national *n)
{
	free(n->code);
	free(n->name);
	free(n->unit);
	free(n->unitp);
	n->code  = NULL;
	n->name  = NULL;
	n->unit  = NULL;
	n->unitp = NULL;
}

const char *
national_kecamatan(const struct national *n, int k)
{
	return n->code[NAT_PROVINSI + NAT_KABUPATEN + k];
}

size_t
national_nvalues(const struct national *n)
{
	return (size_t) NAT_KECAMATAN * NAT_INDICATORS * n->years * KINDS;
}

/* Value number i is (kecamatan, indicator, year, kind), kind fastest.
 * Targets are 40-100; realisasi lands within 25% either side, so both
 * capaian above and below 100 occur for either polarity. */
static void
value_at(const struct national *n, size_t i, Kinerja__IndicatorValue *v)
{
	int      kind = (int) (i % KINDS);
	int      year = (int) (i / KINDS % (size_t) n->years);
	int      ind  = (int) (i / KINDS / (size_t) n->years % NAT_INDICATORS);
	int      kec  = (int) (i / KINDS / (size_t) n->years / NAT_INDICATORS);
	unsigned h    = mix((unsigned) (kec * NAT_INDICATORS + ind));
	double   target = 40 + (double) (h % 6000) / 100 + year * 0.5;
	double   swing  = (double) (mix(h + (unsigned) year) % 5000) / 100;

	kinerja__indicator_value__init(v);
	v->unit           = (char *) national_kecamatan(n, kec);
	v->indicator      = (char *) n->ind_code[ind];
	v->year           = n->first_year + year;
	v->kind           = kind ? KINERJA__VALUE_KIND__VALUE_KIND_REALISASI
	                         : KINERJA__VALUE_KIND__VALUE_KIND_TARGET;
	v->opt_value_case = KINERJA__INDICATOR_VALUE__OPT_VALUE_VALUE;
	/* Two decimals, as the reports give them. */
	v->value = kind ? (double) (long) (target * (75 + swing) + 0.5) / 100
	                : (double) (long) (target * 100 + 0.5) / 100;
	/* Even indicators are in "%": kinerjad takes 0..100 for them. */
	if (ind % 2 == 0 && v->value > 100)
		v->value = 100;
}

size_t
national_values(const struct national *n, size_t from,
    Kinerja__IndicatorValue *v, Kinerja__IndicatorValue **vp, size_t max)
{
	size_t i, total = national_nvalues(n);

	for (i = 0; i < max && from + i < total; i++) {
		value_at(n, from + i, &v[i]);
		vp[i] = &v[i];
	}
	return i;
}

size_t
national_nlinks(void)
{
	return (size_t) NAT_KECAMATAN * NAT_INDICATORS;
}

size_t
national_links(const struct national *n, size_t from, Kinerja__SasaranLink *l,
    Kinerja__SasaranLink **lp, size_t max)
{
	size_t i;

	for (i = 0; i < max && from + i < national_nlinks(); i++) {
		int kec = (int) ((from + i) / NAT_INDICATORS);
		int ind = (int) ((from + i) % NAT_INDICATORS);

		kinerja__sasaran_link__init(&l[i]);
		l[i].unit      = (char *) national_kecamatan(n, kec);
		l[i].indicator = (char *) n->ind_code[ind];
		l[i].sasaran   = ind < NAT_INDICATORS / 2
		                     ? "Meningkatnya kualitas pelayanan publik"
		                     : "Meningkatnya akuntabilitas kinerja";
		lp[i]          = &l[i];
	}
	return i;
}
