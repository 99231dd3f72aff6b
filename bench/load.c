/*
 * load.c - the data sets the benchmarks load through kinerjad's RPCs (see
 * load.h): bench_ingest's kabupaten of 500 kecamatan and the national
 * data set of national_gen.c; and the roll-up read of the first.
 */
#include <stdio.h>
#include <stdlib.h>

#include "common.h"
#include "load.h"

/* ------------------------------------------------------------ ingest */

/* A write RPC of a list, which every one of them is: req's list set by
 * the caller, the reply only checked. */
#define WRITE_RPC(c, fn, req, what)                                        \
	do {                                                               \
		Kinerja__WriteReply *rep_;                                  \
		kinerja_status       st_ = KINERJA_STATUS_INIT;             \
		bench_check(fn(c, &(req), &rep_, &st_), &st_, what);        \
		kinerja__write_reply__free_unpacked(rep_, NULL);            \
		kinerja_status_clear(&st_);                                 \
	} while (0)

void
load_units(kinerja_client *c, Kinerja__Unit **u, size_t n)
{
	Kinerja__UpsertUnitsRequest req = KINERJA__UPSERT_UNITS_REQUEST__INIT;

	req.units   = u;
	req.n_units = n;
	WRITE_RPC(c, kinerja_upsert_units, req, "UpsertUnits");
}

void
load_indicators(kinerja_client *c, Kinerja__Indicator **ind, size_t n)
{
	Kinerja__UpsertIndicatorsRequest req =
	    KINERJA__UPSERT_INDICATORS_REQUEST__INIT;

	req.indicators   = ind;
	req.n_indicators = n;
	WRITE_RPC(c, kinerja_upsert_indicators, req, "UpsertIndicators");
}

void
load_links(kinerja_client *c, Kinerja__SasaranLink **l, size_t n)
{
	Kinerja__UpsertSasaranRequest req =
	    KINERJA__UPSERT_SASARAN_REQUEST__INIT;

	req.links   = l;
	req.n_links = n;
	WRITE_RPC(c, kinerja_upsert_sasaran, req, "UpsertSasaran");
}

void
load_values(kinerja_client *c, Kinerja__IndicatorValue **v, size_t n)
{
	Kinerja__SubmitIndicatorDataRequest req =
	    KINERJA__SUBMIT_INDICATOR_DATA_REQUEST__INIT;

	req.values   = v;
	req.n_values = n;
	WRITE_RPC(c, kinerja_submit_indicator_data, req, "SubmitIndicatorData");
}

void
ingest_registry(kinerja_client *c, struct ingest *d)
{
	static Kinerja__Unit       u[ING_UNITS + 2];
	static Kinerja__Unit      *up[ING_UNITS + 2];
	static Kinerja__Indicator  ind[ING_INDICATORS];
	static Kinerja__Indicator *ip[ING_INDICATORS];
	int                        i;

	for (i = 0; i < ING_UNITS + 2; i++) {
		kinerja__unit__init(&u[i]);
		up[i] = &u[i];
	}
	u[0].code = "prov", u[0].name = "Provinsi";
	u[1].code = "kab", u[1].name = "Kabupaten", u[1].parent = "prov";
	for (i = 0; i < ING_UNITS; i++) {
		snprintf(d->units[i], sizeof(d->units[i]), "kec-%03d", i);
		u[i + 2].code   = d->units[i];
		u[i + 2].name   = d->units[i];
		u[i + 2].parent = "kab";
	}
	load_units(c, up, ING_UNITS + 2);
	for (i = 0; i < ING_INDICATORS; i++) {
		kinerja__indicator__init(&ind[i]);
		snprintf(d->inds[i], sizeof(d->inds[i]), "I%02d", i);
		ind[i].code     = d->inds[i];
		ind[i].name     = d->inds[i];
		ind[i].satuan   = "%";
		ind[i].polarity = i % 2 ? KINERJA__POLARITY__POLARITY_MINIMIZE
		                        : KINERJA__POLARITY__POLARITY_MAXIMIZE;
		ip[i]           = &ind[i];
	}
	load_indicators(c, ip, ING_INDICATORS);
}

void
ingest_fill(struct ingest *d, int year)
{
	int i, u, k, n = 0;

	for (u = 0; u < ING_UNITS; u++)
		for (i = 0; i < ING_INDICATORS; i++)
			for (k = 0; k < ING_KINDS; k++, n++) {
				Kinerja__IndicatorValue *v = &d->v[n];

				kinerja__indicator_value__init(v);
				v->unit      = (char *) d->units[u];
				v->indicator = (char *) d->inds[i];
				v->year      = year;
				v->kind =
				    k ? KINERJA__VALUE_KIND__VALUE_KIND_REALISASI
				      : KINERJA__VALUE_KIND__VALUE_KIND_TARGET;
				v->opt_value_case =
				    KINERJA__INDICATOR_VALUE__OPT_VALUE_VALUE;
				v->value =
				    (double) ((n * 7919 + year) % 10000) /
				    100.0;
				d->vp[n] = v;
			}
}

void
ingest_links(kinerja_client *c, const struct ingest *d)
{
	static Kinerja__SasaranLink  l[ING_UNITS * ING_INDICATORS];
	static Kinerja__SasaranLink *lp[ING_UNITS * ING_INDICATORS];
	int                          i;

	for (i = 0; i < ING_UNITS * ING_INDICATORS; i++) {
		int ind = i % ING_INDICATORS;

		kinerja__sasaran_link__init(&l[i]);
		l[i].unit      = (char *) d->units[i / ING_INDICATORS];
		l[i].indicator = (char *) d->inds[ind];
		l[i].sasaran   = ind < ING_INDICATORS / 2
		                     ? "Meningkatnya kualitas pelayanan publik"
		                     : "Meningkatnya akuntabilitas kinerja";
		lp[i]          = &l[i];
	}
	load_links(c, lp, ING_UNITS * ING_INDICATORS);
}

const char *
ingest_kind_name(int kind)
{
	return kind == KINERJA__VALUE_KIND__VALUE_KIND_REALISASI ? "realisasi"
	                                                         : "target";
}

void
ingest_value_text(double value, char *buf, size_t len)
{
	size_t k = (size_t) snprintf(buf, len, "%.2f", value);

	if (k >= len)
		k = len - 1;
	while (k > 0 && buf[k - 1] == '0')
		buf[--k] = 0;
	if (k > 0 && buf[k - 1] == '.')
		buf[--k] = 0;
}

void
load_realisasi(kinerja_client *c, const char *unit, const char *indicator,
    int year, double value)
{
	Kinerja__SubmitIndicatorDataRequest req =
	    KINERJA__SUBMIT_INDICATOR_DATA_REQUEST__INIT;
	Kinerja__IndicatorValue  v  = KINERJA__INDICATOR_VALUE__INIT;
	Kinerja__IndicatorValue *vp = &v;
	Kinerja__WriteReply     *rep;
	kinerja_status           st = KINERJA_STATUS_INIT;

	v.unit           = (char *) unit;
	v.indicator      = (char *) indicator;
	v.year           = year;
	v.kind           = KINERJA__VALUE_KIND__VALUE_KIND_REALISASI;
	v.opt_value_case = KINERJA__INDICATOR_VALUE__OPT_VALUE_VALUE;
	v.value          = value;
	req.values       = &vp;
	req.n_values     = 1;
	bench_check(kinerja_submit_indicator_data(c, &req, &rep, &st), &st,
	    "SubmitIndicatorData");
	kinerja__write_reply__free_unpacked(rep, NULL);
	kinerja_status_clear(&st);
}

/* Realisasi n (of the first year) of one unit and indicator of "kab". */
static void
write_one(kinerja_client *c, int n)
{
	char unit[16], ind[8];

	snprintf(unit, sizeof(unit), "kec-%03d", n % ING_UNITS);
	snprintf(ind, sizeof(ind), "I%02d", n % ING_INDICATORS);
	load_realisasi(c, unit, ind, ING_FIRST_YEAR, 50 + n % 40);
}

/* GetCapaian of the kabupaten: its roll-up over 500 kecamatan. */
void
ingest_rollup(kinerja_client *c, int reads, int write_first, double *p50,
    double *p99)
{
	Kinerja__GetCapaianRequest req = KINERJA__GET_CAPAIAN_REQUEST__INIT;
	Kinerja__GetCapaianReply  *rep;
	kinerja_status             st  = KINERJA_STATUS_INIT;
	double                    *lat = calloc((size_t) reads, sizeof(*lat));
	uint64_t                   t;
	int                        i;

	if (lat == NULL)
		exit(1);
	req.unit = "kab";
	req.year = ING_FIRST_YEAR;
	for (i = -1; i < reads; i++) { /* the first warms the caches */
		if (write_first)
			write_one(c, i + 1);
		t = bench_now_ns();
		bench_check(kinerja_get_capaian(c, &req, &rep, &st), &st,
		    "GetCapaian (roll-up)");
		if (i >= 0)
			lat[i] = bench_ms(bench_now_ns() - t);
		if (rep->rollup == NULL || rep->rollup->counted != ING_UNITS) {
			fprintf(stderr, "roll-up counted %u of %d units\n",
			    rep->rollup ? rep->rollup->counted : 0, ING_UNITS);
			exit(1);
		}
		kinerja__get_capaian_reply__free_unpacked(rep, NULL);
	}
	kinerja_status_clear(&st);
	*p50 = bench_percentile(lat, (size_t) reads, 50);
	*p99 = bench_percentile(lat, (size_t) reads, 99);
	free(lat);
}

/* ---------------------------------------------------------- national */

#define NAT_BATCH 10000

void
national_load(kinerja_client *c, const struct national *n)
{
	static Kinerja__SasaranLink     l[NAT_BATCH];
	static Kinerja__SasaranLink    *lp[NAT_BATCH];
	static Kinerja__IndicatorValue  v[NAT_BATCH];
	static Kinerja__IndicatorValue *vp[NAT_BATCH];
	size_t                          from, k;

	/* Each level in its own request: parents are stored first. */
	load_units(c, n->unitp, NAT_PROVINSI);
	load_units(c, n->unitp + NAT_PROVINSI, NAT_KABUPATEN);
	load_units(
	    c, n->unitp + NAT_PROVINSI + NAT_KABUPATEN, NAT_KECAMATAN);
	load_indicators(c, (Kinerja__Indicator **) n->indp, NAT_INDICATORS);
	for (from = 0; (k = national_links(n, from, l, lp, NAT_BATCH)) > 0;
	     from += k)
		load_links(c, lp, k);
	for (from = 0; (k = national_values(n, from, v, vp, NAT_BATCH)) > 0;
	     from += k)
		load_values(c, vp, k);
}
