/*
 * derived.c - stated vs derived realisasi (README, "Stated vs derived").
 * An AKIP evaluation's component sum and a survey's IKM are figures derived
 * from an evaluation; the realisasi stated as a value (the LHE total, the
 * published IKM) is the official one. A derived figure is recorded only
 * where nothing is stated; a difference between the two is a finding,
 * warned about when written and shown wherever both appear.
 */
#include <stdio.h>
#include <string.h>

#include "handlers.h"

static int
note_realisasi(void *arg, const struct kvalue *v)
{
	if (v->kind == VALUE_REALISASI)
		*(struct kvalue *) arg = *v;
	return 0;
}

/* 1 with *out set when the indicator-year has a realisasi, 0 when not,
 * -1 when the store failed (status set). */
static int
recorded_realisasi(struct kcall *call, const char *unit, const char *ind,
    int year, struct kvalue *out)
{
	int rc;

	memset(out, 0, sizeof(*out));
	out->kind = -1;
	rc        = kstore_value_rows(
	           call->store, unit, ind, year, year, note_realisasi, out);
	if (rc != KS_OK)
		return kstore_failed(call, rc);
	return out->kind == VALUE_REALISASI;
}

int
kderived_of_survey(const struct ksurvey *sv, struct kderived *d)
{
	kc_pct ikm;

	if (kc_ikm(sv->sum_e4, sv->count, &ikm) != KC_AVAILABLE)
		return 0;
	/* The IKM as published (2 decimals); the survey keeps it exact. */
	d->source = KC_SOURCE_SURVEY;
	d->e4     = kc_published_e4(ikm);
	d->tolerance_e4 =
	    kc_derived_tolerance_e4(KC_SOURCE_SURVEY, sv->respondents == 0);
	return 1;
}

void
kderived_of_akip(int64_t sum_e4, struct kderived *d)
{
	d->source       = KC_SOURCE_AKIP;
	d->e4           = kc_published_e4((kc_pct) { sum_e4, KC_E4 });
	d->tolerance_e4 = kc_derived_tolerance_e4(KC_SOURCE_AKIP, 0);
}

static int
from_survey(struct kcall *call, const char *unit, const char *ind, int year,
    struct kderived *d)
{
	struct ksurvey sv;
	int            rc = kstore_survey_get(call->store, unit, year, &sv);

	if (rc == KS_NOTFOUND || (rc == KS_OK && strcmp(sv.indicator, ind)))
		return 0;
	if (rc != KS_OK)
		return kstore_failed(call, rc);
	return kderived_of_survey(&sv, d);
}

static int
from_akip(struct kcall *call, const char *unit, const char *ind, int year,
    struct kderived *d)
{
	char    code[72];
	int64_t sum = 0;
	int     rc  = kstore_akip_indicator(
	          call->store, unit, year, code, sizeof(code));

	if (rc == KS_NOTFOUND || (rc == KS_OK && strcmp(code, ind) != 0))
		return 0;
	if (rc != KS_OK)
		return kstore_failed(call, rc);
	if (kakip_total(call, unit, year, &sum) < 0)
		return -1;
	kderived_of_akip(sum, d);
	return 1;
}

int
kderived_get(struct kcall *call, const char *unit, const char *indicator,
    int year, struct kderived *out)
{
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = from_akip(call, unit, indicator, year, out)) != 0)
		return rc;
	return from_survey(call, unit, indicator, year, out);
}

const char *
kderived_from(enum kc_source source)
{
	return source == KC_SOURCE_AKIP     ? "akip"
	       : source == KC_SOURCE_SURVEY ? "survey"
	                                    : "";
}

const char *
kderived_finding(
    struct kcall *call, int64_t recorded_e4, const struct kderived *d)
{
	char text[160];

	if (!kc_derived_differs(recorded_e4, d->e4, d->tolerance_e4))
		return NULL;
	kc_derived_finding_text(
	    d->source, d->e4, recorded_e4, text, sizeof(text));
	return kcall_strdup(call, text);
}

/* The warning for a stated realisasi that differs from the figure an
 * evaluation of the same unit-year derives. */
static int
warn_if_evaluation_differs(
    struct kcall *call, uint32_t i, const struct kvalue *v)
{
	struct kderived d;
	const char     *finding;
	int             rc;

	rc = kderived_get(call, v->unit, v->indicator, v->year, &d);
	if (rc <= 0 || !v->has_value)
		return rc;
	if ((finding = kderived_finding(call, v->value_e4, &d)) != NULL)
		kcall_warn(call, i, "value",
		    "value: recorded as stated, a finding: %s", finding);
	return 0;
}

int
kderived_compare(struct kcall *call, const char *unit, const char *indicator,
    int year, const struct kderived *d, struct kcompared *out)
{
	struct kvalue v;
	int           had;

	memset(out, 0, sizeof(*out));
	if ((had = recorded_realisasi(call, unit, indicator, year, &v)) <= 0)
		return had;
	if (!v.has_value)
		return 0; /* a predikat alone: nothing to compare */
	out->has_realisasi = 1;
	out->realisasi_e4  = v.value_e4;
	out->derived       = v.source != KC_SOURCE_STATED;
	out->finding       = kderived_finding(call, v.value_e4, d);
	return 0;
}

int
kstated_realisasi_put(
    struct kcall *call, uint32_t i, const struct kvalue *v, enum kchange *ch)
{
	struct kvalue old;
	int           rc;

	if ((rc = kput_value_old(call, v, ch, &old)) != 0)
		return rc;
	if (*ch == KS_UPDATED && old.source != KC_SOURCE_STATED &&
	    (old.value_e4 != v->value_e4 || old.has_value != v->has_value))
		kcall_warn(call, i, "value",
		    "value: replaces the realisasi %s derived from %s",
		    ke4_text(call, old.value_e4),
		    kc_source_name((enum kc_source) old.source));
	return warn_if_evaluation_differs(call, i, v);
}

/* The indicator a derived figure belongs to: the one named, else the
 * default when it exists. 1 found, 0 none, -1 failed (status set). */
static int
derived_indicator(struct kcall *call, uint32_t i, const char *code,
    const char *fallback, struct kindicator *ind)
{
	char buf[KSTORE_BUF];
	int  rc = kstore_indicator_get(
	     call->store, *code ? code : fallback, ind, buf, sizeof(buf));

	if (rc == KS_NOTFOUND && *code) {
		kcall_item_error(call, i, "indicator",
		    KINERJA__CODE__NOT_FOUND, "indicator: %s not found",
		    kcall_quote(call, code));
		return -2;
	}
	if (rc == KS_NOTFOUND)
		return 0;
	if (rc != KS_OK)
		return kstore_failed(call, rc);
	ind->code   = kcall_strdup(call, ind->code);
	ind->name   = kcall_strdup(call, ind->name);
	ind->satuan = kcall_strdup(call, ind->satuan);
	return 1;
}

int
kderived_record(struct kcall *call, uint32_t i, const char *unit, int year,
    const char *code, const char *fallback, const struct kderived *d)
{
	struct kindicator ind;
	struct kvalue     old, v;
	enum kchange      put;
	const char       *finding;
	int               rc, had;

	rc = derived_indicator(call, i, code, fallback, &ind);
	if (rc <= 0)
		return rc == -2 ? 1 : rc;
	if (kcheck_range(call, i, "indicator", &ind, d->e4) != 0)
		return 1;
	if ((had = recorded_realisasi(call, unit, ind.code, year, &old)) < 0)
		return -1;
	if (!kc_derived_may_replace(had, (enum kc_source) old.source)) {
		finding = old.has_value
		              ? kderived_finding(call, old.value_e4, d)
		              : NULL;
		if (finding != NULL)
			kcall_warn(call, i, "realisasi",
			    "realisasi: the stated figure is kept, a "
			    "finding: %s",
			    finding);
		return 0;
	}
	v = (struct kvalue) { unit, ind.code, year, VALUE_REALISASI, 1, d->e4,
		KC_AKIP_NONE, 0, (int) d->source };
	return kput_value(call, &v, &put);
}
