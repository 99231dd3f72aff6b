/*
 * seed.c - the registry of seed.h, as three (or two) write requests, and
 * a target read back through GetCapaian.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "seed.h"

#define CODE_MAX 16

void
seed_code(char *buf, size_t len, const char *fmt, int i)
{
	snprintf(buf, len, fmt, i);
}

static int
write_units(kinerja_client *c, const struct seed *s, char (*codes)[CODE_MAX],
    kinerja_status *st)
{
	Kinerja__UpsertUnitsRequest req = KINERJA__UPSERT_UNITS_REQUEST__INIT;
	size_t                      n   = (size_t) s->units + 2, i;
	Kinerja__Unit              *u   = calloc(n, sizeof(*u));
	Kinerja__Unit             **up  = calloc(n, sizeof(*up));
	Kinerja__WriteReply        *r;
	int                         rc = KINERJA__CODE__RESOURCE_EXHAUSTED;

	for (i = 0; u != NULL && up != NULL && i < n; i++) {
		kinerja__unit__init(&u[i]);
		up[i]       = &u[i];
		u[i].code   = i == 0 ? "prov" : i == 1 ? "kab" : codes[i - 2];
		u[i].name   = u[i].code;
		u[i].parent = i == 0 ? "" : i == 1 ? "prov" : "kab";
		u[i].level  = i == 0   ? KINERJA__LEVEL__LEVEL_PROVINSI
		              : i == 1 ? KINERJA__LEVEL__LEVEL_KABUPATEN
		                       : KINERJA__LEVEL__LEVEL_KECAMATAN;
	}
	req.units   = up;
	req.n_units = n;
	if (u != NULL && up != NULL &&
	    (rc = kinerja_upsert_units(c, &req, &r, st)) == 0)
		kinerja__write_reply__free_unpacked(r, NULL);
	free(u);
	free(up);
	return rc;
}

static int
write_indicators(kinerja_client *c, const struct seed *s,
    char (*codes)[CODE_MAX], kinerja_status           *st)
{
	Kinerja__UpsertIndicatorsRequest req =
	    KINERJA__UPSERT_INDICATORS_REQUEST__INIT;
	size_t               n   = (size_t) s->indicators, i;
	Kinerja__Indicator  *ind = calloc(n, sizeof(*ind));
	Kinerja__Indicator **ip  = calloc(n, sizeof(*ip));
	Kinerja__WriteReply *r;
	int                  rc = KINERJA__CODE__RESOURCE_EXHAUSTED;

	for (i = 0; ind != NULL && ip != NULL && i < n; i++) {
		kinerja__indicator__init(&ind[i]);
		ind[i].code   = codes[i];
		ind[i].name   = codes[i];
		ind[i].satuan = "Nilai";
		ip[i]         = &ind[i];
	}
	req.indicators   = ip;
	req.n_indicators = n;
	if (ind != NULL && ip != NULL &&
	    (rc = kinerja_upsert_indicators(c, &req, &r, st)) == 0)
		kinerja__write_reply__free_unpacked(r, NULL);
	free(ind);
	free(ip);
	return rc;
}

static int
write_links(kinerja_client *c, const struct seed *s, char (*units)[CODE_MAX],
    char (*inds)[CODE_MAX], kinerja_status       *st)
{
	Kinerja__UpsertSasaranRequest req =
	    KINERJA__UPSERT_SASARAN_REQUEST__INIT;
	size_t                 n  = (size_t) s->units * (size_t) s->indicators;
	Kinerja__SasaranLink  *l  = calloc(n, sizeof(*l));
	Kinerja__SasaranLink **lp = calloc(n, sizeof(*lp));
	Kinerja__WriteReply   *r;
	size_t                 i;
	int                    rc = KINERJA__CODE__RESOURCE_EXHAUSTED;

	for (i = 0; l != NULL && lp != NULL && i < n; i++) {
		kinerja__sasaran_link__init(&l[i]);
		l[i].unit      = units[i / (size_t) s->indicators];
		l[i].indicator = inds[i % (size_t) s->indicators];
		l[i].sasaran =
		    (char *) s->sasaran((int) (i % (size_t) s->indicators));
		lp[i] = &l[i];
	}
	req.links   = lp;
	req.n_links = n;
	if (l != NULL && lp != NULL &&
	    (rc = kinerja_upsert_sasaran(c, &req, &r, st)) == 0)
		kinerja__write_reply__free_unpacked(r, NULL);
	free(l);
	free(lp);
	return rc;
}

int
seed_registry(kinerja_client *c, const struct seed *s, kinerja_status *st)
{
	char(*units)[CODE_MAX] = calloc((size_t) s->units + 1, CODE_MAX);
	char(*inds)[CODE_MAX]  = calloc((size_t) s->indicators + 1, CODE_MAX);
	int rc                 = KINERJA__CODE__RESOURCE_EXHAUSTED;
	int i;

	if (units != NULL && inds != NULL) {
		for (i = 0; i < s->units; i++)
			seed_code(units[i], CODE_MAX, s->unit_fmt, i);
		for (i = 0; i < s->indicators; i++)
			seed_code(inds[i], CODE_MAX, s->indicator_fmt, i);
		if ((rc = write_units(c, s, units, st)) == 0 &&
		    (rc = write_indicators(c, s, inds, st)) == 0 &&
		    s->sasaran != NULL)
			rc = write_links(c, s, units, inds, st);
	}
	free(units);
	free(inds);
	return rc;
}

int
seed_target(kinerja_client *c, const char *unit, const char *indicator,
    int year, double *target, kinerja_status *st)
{
	Kinerja__GetCapaianRequest req = KINERJA__GET_CAPAIAN_REQUEST__INIT;
	Kinerja__GetCapaianReply  *r;
	size_t                     i;
	int                        code;

	req.unit = (char *) unit;
	req.year = year;
	if ((code = kinerja_get_capaian(c, &req, &r, st)) != 0)
		return code;
	*target = -1;
	for (i = 0; i < r->n_indicators; i++)
		if (strcmp(r->indicators[i]->indicator, indicator) == 0 &&
		    r->indicators[i]->opt_target_case ==
		        KINERJA__CAPAIAN_ROW__OPT_TARGET_TARGET)
			*target = r->indicators[i]->target;
	kinerja__get_capaian_reply__free_unpacked(r, NULL);
	return 0;
}
