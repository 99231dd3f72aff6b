/*
 * seed.h - the registry the tests against a running kinerjad start from,
 * written through libkinerja: units prov > kab > n kecamatan, m
 * indicators (satuan "Nilai", maximize, no default range: values up to
 * 120 pass), and, when asked, every kecamatan linked to every indicator.
 * One place instead of a copy in each test.
 */
#ifndef KINERJA_TEST_SEED_H
#define KINERJA_TEST_SEED_H

#include "kinerja/client.h"

struct seed {
	int         units; /* kecamatan under prov > kab */
	const char *unit_fmt; /* their codes: printf of the index, "u%d"
	                       * (one unit may have a plain code) */
	int         indicators;
	const char *indicator_fmt; /* "K%03d" */
	/* The sasaran linking indicator j to each unit; NULL: no links. */
	const char *(*sasaran)(int j);
};

/* Writes the registry: UpsertUnits, UpsertIndicators and, with sasaran,
 * UpsertSasaran. Returns 0, or the code of the call that failed with st
 * saying why. */
int seed_registry(kinerja_client *c, const struct seed *s, kinerja_status *st);

/* The code of item i, as seed_registry names it. */
void seed_code(char *buf, size_t len, const char *fmt, int i);

/* The target unit's GetCapaian for year gives indicator into *target (-1:
 * none), to read a write back; the call's code, st saying why. */
int seed_target(kinerja_client *c, const char *unit, const char *indicator,
    int year, double *target, kinerja_status *st);

#endif
