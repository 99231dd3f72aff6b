/*
 * pg_common.c - schemas on a PostgreSQL server, the ingest workload and the
 * national loader for bench_pg (see pg_common.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "common.h"
#include "pg_common.h"

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

static void
upsert_units(kinerja_client *c, Kinerja__Unit **u, size_t n)
{
	Kinerja__UpsertUnitsRequest req = KINERJA__UPSERT_UNITS_REQUEST__INIT;

	req.units   = u;
	req.n_units = n;
	WRITE_RPC(c, kinerja_upsert_units, req, "UpsertUnits");
}

static void
upsert_indicators(kinerja_client *c, Kinerja__Indicator **ind, size_t n)
{
	Kinerja__UpsertIndicatorsRequest req =
	    KINERJA__UPSERT_INDICATORS_REQUEST__INIT;

	req.indicators   = ind;
	req.n_indicators = n;
	WRITE_RPC(c, kinerja_upsert_indicators, req, "UpsertIndicators");
}

static void
upsert_links(kinerja_client *c, Kinerja__SasaranLink **l, size_t n)
{
	Kinerja__UpsertSasaranRequest req =
	    KINERJA__UPSERT_SASARAN_REQUEST__INIT;

	req.links   = l;
	req.n_links = n;
	WRITE_RPC(c, kinerja_upsert_sasaran, req, "UpsertSasaran");
}

static void
submit(kinerja_client *c, Kinerja__IndicatorValue **v, size_t n)
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
	upsert_units(c, up, ING_UNITS + 2);
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
	upsert_indicators(c, ip, ING_INDICATORS);
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
	upsert_links(c, lp, ING_UNITS * ING_INDICATORS);
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
	upsert_units(c, n->unitp, NAT_PROVINSI);
	upsert_units(c, n->unitp + NAT_PROVINSI, NAT_KABUPATEN);
	upsert_units(
	    c, n->unitp + NAT_PROVINSI + NAT_KABUPATEN, NAT_KECAMATAN);
	upsert_indicators(c, (Kinerja__Indicator **) n->indp, NAT_INDICATORS);
	for (from = 0; (k = national_links(n, from, l, lp, NAT_BATCH)) > 0;
	     from += k)
		upsert_links(c, lp, k);
	for (from = 0; (k = national_values(n, from, v, vp, NAT_BATCH)) > 0;
	     from += k)
		submit(c, vp, k);
}

/* -------------------------------------------------------- PostgreSQL */

static PGconn *
pg_connect(const char *url)
{
	PGconn *c = PQconnectdb(url);

	if (PQstatus(c) != CONNECTION_OK) {
		fprintf(stderr, "postgresql: %s", PQerrorMessage(c));
		PQfinish(c);
		return NULL;
	}
	return c;
}

static int
pg_run(PGconn *c, const char *sql)
{
	PGresult *r  = PQexec(c, sql);
	int       ok = PQresultStatus(r) == PGRES_COMMAND_OK;

	if (!ok)
		fprintf(stderr, "postgresql: %s: %s", sql,
		    PQresultErrorMessage(r));
	PQclear(r);
	return ok ? 0 : -1;
}

int
pgb_schema(const char *url, const char *schema, char *out, size_t len)
{
	PGconn *c = pg_connect(url);
	char    sql[160];
	int     rc;

	if (c == NULL)
		return -1;
	snprintf(sql, sizeof(sql),
	    "SET client_min_messages = warning;"
	    " DROP SCHEMA IF EXISTS %s CASCADE; CREATE SCHEMA %s",
	    schema, schema);
	rc = pg_run(c, sql);
	PQfinish(c);
	/* options=-csearch_path=schema, percent-encoded. */
	snprintf(out, len, "%s%coptions=-csearch_path%%3D%s", url,
	    strchr(url, '?') ? '&' : '?', schema);
	return rc;
}

void
pgb_drop(const char *url, const char *schema)
{
	PGconn *c = pg_connect(url);
	char    sql[128];

	if (c == NULL)
		return;
	snprintf(sql, sizeof(sql),
	    "SET client_min_messages = warning;"
	    " DROP SCHEMA IF EXISTS %s CASCADE",
	    schema);
	pg_run(c, sql);
	PQfinish(c);
}

void
pgb_setting(const char *url, const char *name, char *out, size_t len)
{
	PGconn     *c = pg_connect(url);
	const char *p[1] = { name };
	PGresult   *r;

	snprintf(out, len, "?");
	if (c == NULL)
		return;
	r = PQexecParams(c, "SELECT current_setting($1)", 1, NULL, p, NULL,
	    NULL, 0);
	if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1)
		snprintf(out, len, "%s", PQgetvalue(r, 0, 0));
	PQclear(r);
	PQfinish(c);
}

double
pgb_schema_bytes(const char *url, const char *schema)
{
	PGconn     *c    = pg_connect(url);
	const char *p[1] = { schema };
	PGresult   *r;
	double      b = -1;

	if (c == NULL)
		return -1;
	r = PQexecParams(c,
	    "SELECT COALESCE(SUM(pg_total_relation_size(c.oid)), 0)"
	    " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
	    " WHERE n.nspname = $1 AND c.relkind IN ('r', 'm')",
	    1, NULL, p, NULL, NULL, 0);
	if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1)
		b = strtod(PQgetvalue(r, 0, 0), NULL);
	PQclear(r);
	PQfinish(c);
	return b;
}
