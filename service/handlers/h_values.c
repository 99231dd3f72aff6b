/*
 * h_values.c - SubmitIndicatorData: Renstra and PK targets and realisasi.
 * Every value is checked against its indicator before anything is written;
 * a changed value becomes a new revision, the latest of which counts.
 */
#include <string.h>

#include "handlers.h"
#include "kcore.h"

static int
item_invalid(struct kcall *call, uint32_t i, const char *field,
    const char *msg)
{
	kcall_item_error(call, i, field, KINERJA__CODE__INVALID_ARGUMENT,
	    "%s: %s", field, msg);
	return 1;
}

static int
check_keys(struct kcall *call, const Kinerja__IndicatorValue *v, uint32_t i)
{
	if (kcheck_code(call, i, "unit", v->unit) != 0 ||
	    kcheck_code(call, i, "indicator", v->indicator) != 0)
		return 1;
	if (v->year < 1900 || v->year > 2200) {
		kcall_item_error(call, i, "year",
		    KINERJA__CODE__INVALID_ARGUMENT,
		    "year: %d outside 1900-2200", v->year);
		return 1;
	}
	if (v->kind <= KINERJA__VALUE_KIND__VALUE_KIND_UNSPECIFIED ||
	    v->kind > KINERJA__VALUE_KIND__VALUE_KIND_REALISASI)
		return item_invalid(call, i, "kind",
		    "required: renstra_target, renstra_end_target, target "
		    "or realisasi");
	return 0;
}

/* Reads the number and predikat of v into kv, checking them together. */
static int
read_value(struct kcall *call, const Kinerja__IndicatorValue *v, uint32_t i,
    const struct kindicator *ind, struct kvalue *kv)
{
	int akip = ind->value_type == KINERJA__VALUE_TYPE__VALUE_TYPE_AKIP;
	enum kc_akip pred = KC_AKIP_NONE;

	kv->has_value = v->opt_value_case ==
	    KINERJA__INDICATOR_VALUE__OPT_VALUE_VALUE;
	if (kv->has_value && kc_double_to_e4(v->value, &kv->value_e4) != 0)
		return item_invalid(call, i, "value",
		    "not a finite number within 1e14");
	if (*v->predikat) {
		if (!akip)
			return item_invalid(call, i, "predikat",
			    "only AKIP indicators take a predikat");
		if ((pred = kc_akip_parse(v->predikat)) == KC_AKIP_NONE)
			return item_invalid(call, i, "predikat",
			    "not an AKIP predikat (AA, A, BB, B, CC, C, D)");
	}
	if (!kv->has_value && pred == KC_AKIP_NONE)
		return item_invalid(call, i, "value", "required");
	if (akip && kv->has_value &&
	    (kv->value_e4 < 0 || kv->value_e4 > 100 * KC_E4))
		return item_invalid(call, i, "value", "AKIP score outside 0-100");
	if (kv->has_value && pred != KC_AKIP_NONE &&
	    pred != kc_akip_of_score(kv->value_e4)) {
		kcall_item_error(call, i, "predikat",
		    KINERJA__CODE__INVALID_ARGUMENT,
		    "predikat: %s contradicts the score, which is %s", v->predikat,
		    kc_akip_name(kc_akip_of_score(kv->value_e4)));
		return 1;
	}
	kv->predikat = kv->has_value ? KC_AKIP_NONE : (int) pred;
	return 0;
}

static int
apply_value(struct kcall *call, const void *item, uint32_t i,
    enum kchange *change)
{
	const Kinerja__IndicatorValue *v = item;
	struct kindicator              ind;
	struct kvalue                  kv;
	int                            rc;

	if (check_keys(call, v, i) != 0)
		return 1;
	if ((rc = kfind_unit(call, i, v->unit)) != 0 ||
	    (rc = kfind_indicator(call, i, v->indicator, &ind)) != 0)
		return rc;
	memset(&kv, 0, sizeof(kv));
	if (read_value(call, v, i, &ind, &kv) != 0)
		return 1;
	kv.unit      = v->unit;
	kv.indicator = v->indicator;
	kv.year      = v->year;
	kv.kind      = v->kind;
	rc = kstore_value_put(call->store, &kv, call->request_id, change);
	return rc == KS_OK ? 0 : kstore_failed(call, rc);
}

RPC(submit_indicator_data, SubmitIndicatorDataRequest, WriteReply)
{
	struct kbatch b = { "values", (void *const *) in->values, in->n_values,
		in->validate_only, in->partial, apply_value };

	(void) svc;
	kwrite_batch(arg, &b, done);
}
