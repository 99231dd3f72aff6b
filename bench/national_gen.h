/*
 * national_gen.h - a synthetic national dataset: 38 provinsi, 500
 * kabupaten under them, 7 300 kecamatan under those, 10 indicators of
 * both polarities, and for every kecamatan, indicator and year a target
 * and a realisasi. Deterministic: the same sizes give the same data.
 */
#ifndef NATIONAL_GEN_H
#define NATIONAL_GEN_H

#include <stddef.h>

#include <kinerja/client.h>

#define NAT_PROVINSI   38
#define NAT_KABUPATEN  500
#define NAT_KECAMATAN  7300
#define NAT_INDICATORS 10
#define NAT_UNITS      (NAT_PROVINSI + NAT_KABUPATEN + NAT_KECAMATAN)

struct national {
	int years;
	int first_year;
	char (*code)[16]; /* every unit: provinsi, kab, kec */
	char (*name)[32];
	Kinerja__Unit      *unit;
	Kinerja__Unit     **unitp;
	char                ind_code[NAT_INDICATORS][8];
	Kinerja__Indicator  ind[NAT_INDICATORS];
	Kinerja__Indicator *indp[NAT_INDICATORS];
};

int  national_gen(struct national *n, int first_year, int years);
void national_free(struct national *n);

/* Kecamatan k (0-based) as a unit index. */
const char *national_kecamatan(const struct national *n, int k);

size_t national_nvalues(const struct national *n);
/* Fills v (and the pointers vp) with up to max values starting at value
 * number from; returns how many. */
size_t national_values(const struct national *n, size_t from,
    Kinerja__IndicatorValue *v, Kinerja__IndicatorValue **vp, size_t max);

/* Sasaran links: each kecamatan has two sasaran of five indicators. */
size_t national_nlinks(void);
size_t national_links(const struct national *n, size_t from,
    Kinerja__SasaranLink *l, Kinerja__SasaranLink **lp, size_t max);

#endif
