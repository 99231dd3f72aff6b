/*
 * handlers.h - one function per RPC of `service Kinerja`, named rpc_ + the
 * method's C name so that KINERJA__KINERJA__INIT(rpc_) builds the service
 * table; plus the batch-write engine every write handler shares.
 */
#ifndef KINERJA_HANDLERS_H
#define KINERJA_HANDLERS_H

#include "cache.h"
#include "call.h"
#include "kcore.h"
#include "store.h"

#define RPC(name, Req, Reply)                                          \
	void rpc_##name(Kinerja__Kinerja_Service *svc,                 \
	    const Kinerja__##Req *in, Kinerja__##Reply##_Closure done, \
	    void *arg)

/* How an in-process call ended (khandlers_invoke). */
struct kinvoke_status {
	Kinerja__Code code;
	char          message[512];
};

/* Runs a read method in-process for the caller of `call` (same store,
 * principal and deadline), so a document or chart shows exactly what the
 * RPC answers. Returns the reply, unpacked into the call's arena (alive
 * until the call ends), or NULL with *st saying why; the call's own status
 * is untouched. Only methods a reader may call (KACCESS_NONE, _READ). */
void *khandlers_invoke(struct kcall *call, const char *method,
    const void *input, struct kinvoke_status *st);

RPC(health, HealthRequest, HealthReply);
RPC(server_info, ServerInfoRequest, ServerInfoReply);
RPC(upsert_units, UpsertUnitsRequest, WriteReply);
RPC(list_units, ListUnitsRequest, ListUnitsReply);
RPC(upsert_indicators, UpsertIndicatorsRequest, WriteReply);
RPC(list_indicators, ListIndicatorsRequest, ListIndicatorsReply);
RPC(upsert_sasaran, UpsertSasaranRequest, WriteReply);
RPC(submit_indicator_data, SubmitIndicatorDataRequest, WriteReply);
RPC(import, ImportRequest, WriteReply);
RPC(get_capaian, GetCapaianRequest, GetCapaianReply);
RPC(get_ranking, GetRankingRequest, GetRankingReply);
RPC(get_trend, GetTrendRequest, GetTrendReply);
RPC(get_progress, GetProgressRequest, GetProgressReply);
RPC(submit_budget, SubmitBudgetRequest, WriteReply);
RPC(get_budget, GetBudgetRequest, GetBudgetReply);
RPC(get_efficiency, GetEfficiencyRequest, GetEfficiencyReply);
RPC(submit_survey, SubmitSurveyRequest, WriteReply);
RPC(get_survey, GetSurveyRequest, GetSurveyReply);
RPC(submit_akip_evaluation, SubmitAkipEvaluationRequest, WriteReply);
RPC(get_akip_evaluation, GetAkipEvaluationRequest, GetAkipEvaluationReply);
RPC(validate, ValidateRequest, ValidateReply);
RPC(export, ExportRequest, ImportRequest);
RPC(get_metrics, GetMetricsRequest, GetMetricsReply);
RPC(get_history, GetHistoryRequest, GetHistoryReply);
RPC(get_comparison, GetComparisonRequest, GetComparisonReply);
RPC(get_akip_years, GetAkipYearsRequest, GetAkipYearsReply);
RPC(submit_benchmarks, SubmitBenchmarksRequest, WriteReply);
RPC(transition_year, TransitionYearRequest, WriteReply);
RPC(get_approval, GetApprovalRequest, GetApprovalReply);
RPC(get_completeness, GetCompletenessRequest, GetCompletenessReply);
RPC(submit_narrative, SubmitNarrativeRequest, WriteReply);
RPC(get_narrative, GetNarrativeRequest, GetNarrativeReply);
RPC(submit_profile, SubmitProfileRequest, WriteReply);
RPC(get_profile, GetProfileRequest, GetProfileReply);
RPC(get_report, GetReportRequest, GetReportReply);
RPC(get_chart, GetChartRequest, GetChartReply);
RPC(import_csv, ImportCsvRequest, WriteReply);
RPC(who_am_i, WhoAmIRequest, WhoAmIReply);

/* Value kinds, as stored. */
#define VALUE_RENSTRA_TARGET KINERJA__VALUE_KIND__VALUE_KIND_RENSTRA_TARGET
#define VALUE_RENSTRA_END_TARGET \
	KINERJA__VALUE_KIND__VALUE_KIND_RENSTRA_END_TARGET
#define VALUE_TARGET    KINERJA__VALUE_KIND__VALUE_KIND_TARGET
#define VALUE_REALISASI KINERJA__VALUE_KIND__VALUE_KIND_REALISASI

/* Limits on text fields; longer input is INVALID_ARGUMENT. */
#define KCODE_MAX 64
#define KNAME_MAX 512

/*
 * Applies one item of a batch. Returns 0 with *change set, 1 when the item
 * was rejected (it reported a kcall_item_error), or -1 when the store
 * failed and the whole request must stop (it set the call's status).
 */
typedef int (*kitem_fn)(struct kcall *call, const void *item, uint32_t index,
    enum kchange *change);

/* One list of a write request and how to apply its items. */
struct kbatch {
	const char  *what; /* the request's field: "units", "values", ... */
	void *const *items;
	size_t       n;
	kitem_fn     apply;
	/* Optional: runs inside the transaction just before the items, and
	 * may mark items in skip[] as already applied: they are then applied
	 * with call->dry_item set, checked but not written. */
	void (*prepare)(
	    struct kcall *call, const struct kbatch *b, unsigned char *skip);
	/* Optional: runs after the items (e.g. to drop replaced lines). */
	void (*finish)(struct kcall *call, const struct kbatch *b);
	/* The unit-year an item writes, for the approval lock: 1 with
	 * *unit and *year set, 0 when it has none. NULL: no item has. */
	int (*locate)(const void *item, const char **unit, int *year);
	/* Values: the store reads what its unit-years hold ahead of them
	 * (kstore_unit_years_ahead). */
	int ahead;
};

/* A kbatch's locate for items of a message type with unit and year. */
#define KLOCATE(name, Type)                                             \
	static int name(const void *item, const char **unit, int *year) \
	{                                                               \
		const Kinerja__##Type *x = item;                        \
		*unit                    = x->unit;                     \
		*year                    = x->year;                     \
		return 1;                                               \
	}

struct kwrite {
	const struct kbatch *parts; /* applied in this order */
	size_t               nparts;
	int                  validate_only;
	int                  partial;
};

/*
 * Runs a write in one transaction: replays a request id seen before,
 * applies every item of every part, and commits only when all are good
 * (or, in partial mode, the good ones), recording the reply against the
 * request id. Ends the call through `done`.
 */
void kwrite_batch(struct kcall *call, const struct kwrite *w,
    Kinerja__WriteReply_Closure done);

/* The parts each write RPC is made of. */
struct kbatch kunits_of(Kinerja__Unit **items, size_t n);
struct kbatch kindicators_of(Kinerja__Indicator **items, size_t n);
struct kbatch klinks_of(Kinerja__SasaranLink **items, size_t n);
struct kbatch kvalues_of(Kinerja__IndicatorValue **items, size_t n);
struct kbatch kbudget_of(Kinerja__BudgetLine **items, size_t n);
struct kbatch kbelanja_of(Kinerja__BelanjaLine **items, size_t n);
struct kbatch kakip_of(Kinerja__SubmitAkipEvaluationRequest **items, size_t n);
struct kbatch ksurveys_of(Kinerja__SubmitSurveyRequest **items, size_t n);

/* A growing list of messages in the call's arena (h_export.c). */
struct klist {
	struct kcall *call;
	void        **items;
	size_t        n, cap;
};
void klist_push(struct klist *l, void *item);

/* The LKjIP's own text (h_text.c): narrative sections and unit profiles
 * as parts of a write (`what` names the request's list), and an
 * indicator's metadata: read from its message (0, or 1 after an item
 * error), written with history, and filled into a listed indicator's
 * message: 0, or -1 with the status set. *change becomes KS_UPDATED
 * when only the metadata changed. */
struct kbatch knarratives_of(
    Kinerja__Narrative **items, size_t n, const char *what);
struct kbatch kprofiles_of(
    Kinerja__UnitProfile **items, size_t n, const char *what);
int kmeta_read(struct kcall *call, const Kinerja__Indicator *ind, uint32_t i,
    struct kindicator_meta *out);
int kmeta_put(struct kcall *call, const char *code,
    const struct kindicator_meta *m, enum kchange *change);
int kmeta_fill(struct kcall *call, Kinerja__Indicator *m);
/* "analisis", "ringkasan", ...: a NarrativeSection as the sheets and the
 * history write it; "" for none. */
const char *knarrative_section_name(int section);
/* The narratives and profiles of an export (unit NULL: all; year 0:
 * all); a KS_ code. */
int ktext_export(struct kcall *call, const char *unit, int year,
    Kinerja__ImportRequest *r);

/* Shared checks; each reports an item error and returns -1 on failure. */
int kcheck_code(
    struct kcall *call, uint32_t index, const char *field, const char *v);
int kcheck_text(struct kcall *call, uint32_t index, const char *field,
    const char *v, int required);

/*
 * Look-ups of an item's references: 0 when found, 1 after a NOT_FOUND item
 * error, -1 when the store failed. `out`, when given, receives the
 * indicator (its strings live in the call's arena).
 */
int kfind_unit(struct kcall *call, uint32_t index, const char *code);

/* The wall clock in unix milliseconds, as history rows are stamped. */
int64_t kunix_ms(void);

/* Records one change of the call's write in the history: h names what
 * changed; who, when, the request and its reason come from the call.
 * Returns 0, or -1 with the call's status set. */
int khistory_put(struct kcall *call, const struct khistory *h);
/* Writes an indicator value and its history; 0, or -1 (status set). */
int kput_value(struct kcall *call, const struct kvalue *v, enum kchange *ch);
int kfind_indicator(struct kcall *call, uint32_t index, const char *code,
    struct kindicator *out);

/* A value in e4 as text with a point and no trailing zeros: "71.38". */
const char *ke4_text(struct kcall *call, int64_t e4);

/* Writes a value like kput_value and gives the one it replaced (set when
 * *ch is KS_UPDATED). */
int kput_value_old(struct kcall *call, const struct kvalue *v,
    enum kchange *ch, struct kvalue *old);

/* ---------------------------------------- stated vs derived (derived.c) */

/* A figure an evaluation derives for an indicator-year. */
struct kderived {
	enum kc_source source; /* KC_SOURCE_AKIP or KC_SOURCE_SURVEY */
	int64_t        e4; /* in its published form, 2 decimals */
	int64_t tolerance_e4; /* a difference up to this is no finding */
};

/* The figure a survey derives (its IKM); 0 when it has none. */
int kderived_of_survey(const struct ksurvey *sv, struct kderived *d);
/* The figure an AKIP evaluation derives: the sum of its scores. */
void kderived_of_akip(int64_t sum_e4, struct kderived *d);
/* The figure an evaluation of the unit-year derives for the indicator: 1
 * found, 0 none, -1 when the store failed (status set). */
int kderived_get(struct kcall *call, const char *unit, const char *indicator,
    int year, struct kderived *out);
/* "akip", "survey": the API's name of a source. */
const char *kderived_from(enum kc_source source);
/* The finding when the recorded and derived figures differ; NULL if not. */
const char *kderived_finding(
    struct kcall *call, int64_t recorded_e4, const struct kderived *d);
/* The recorded realisasi of an indicator-year beside a derived figure. */
struct kcompared {
	int         has_realisasi; /* a number is recorded */
	int64_t     realisasi_e4;
	int         derived; /* it was recorded from an evaluation */
	const char *finding; /* NULL when the two agree */
};

/* Fills *out for the unit-year's realisasi of `indicator` against d;
 * 0, or -1 when the store failed (status set). */
int kderived_compare(struct kcall *call, const char *unit,
    const char *indicator, int year, const struct kderived *d,
    struct kcompared *out);
/* Records a derived figure as the realisasi of `code` (or of `fallback`
 * when code is empty and it exists) unless a stated one is recorded; then
 * warns when they differ. Returns as a kitem_fn does. */
int kderived_record(struct kcall *call, uint32_t index, const char *unit,
    int year, const char *code, const char *fallback,
    const struct kderived *d);
/* Writes a stated realisasi, warning when it replaces a derived one or
 * differs from what an evaluation derives. Returns 0 or -1. */
int kstated_realisasi_put(struct kcall *call, uint32_t index,
    const struct kvalue *v, enum kchange *ch);

/* The range the indicator's values must lie in: the bounds it sets over
 * the default for its kind (kc_range_of). */
struct kc_range kindicator_range(const struct kindicator *ind);
/* Checks a value being written against its indicator's range: 0, or 1
 * after an INVALID_ARGUMENT item error naming `field` and the range. */
int kcheck_range(struct kcall *call, uint32_t index, const char *field,
    const struct kindicator *ind, int64_t e4);
/* Triwulan (docs/triwulan.md): the quarterly rule in force for an
 * indicator (kc_quarterly_of), and the INVALID_ARGUMENT item error for a
 * period refused, `why` from kc_period_refused (indicator NULL: the
 * period itself is out of range). Returns 1. */
enum kc_quarterly kindicator_quarterly(const struct kindicator *ind);
int kperiod_refused(struct kcall *call, uint32_t index, int period,
    const char *why, const char *indicator);
/* A unit's targets and realisasi of an indicator-year by period, as the
 * core takes them; 0, or -1 after a store failure (status set). */
int kquarters_load(struct kcall *call, const char *unit, const char *indicator,
    int year, struct kc_quarters *q);

/* The bounds an indicator sets, into its message. */
void kfill_range(const struct kindicator *ind, Kinerja__Indicator *m);

/* ------------------------------------------------ shared by readers */

double ke4_double(int64_t v); /* 901234 -> 90.1234 */
double ke2_double(int64_t v); /* 10008 -> 100.08 */

/* The core's polarity of an API Polarity (unspecified is maximize). */
enum kc_polarity kpolarity(int polarity);
/* A stored value (has: whether there is one) as the core takes it. */
struct kc_value kvalue_core(const struct kvalue *v, int has);
/* The capaian of a target and realisasi as stored (kc_capaian_row). */
void kcapaian_of(const struct kvalue *t, int ht, const struct kvalue *r,
    int hr, int polarity, enum kc_rule rule, struct kc_row *out);
/* "BB" for a value of an AKIP indicator; "" otherwise. */
const char *kvalue_akip_name(const struct kc_value *v, int value_type);
void kfill_unit(struct kcall *call, const struct kunit *u, Kinerja__Unit *m);

/* A unit's capaian for a year, as GetCapaian answers it, in arena memory;
 * the caller holds a read transaction. 0, or -1 with the call's status set
 * (NOT_FOUND for an unknown unit). When `exact` is given it receives each
 * sasaran's unrounded mean; with `with_derived` each row also carries what
 * an evaluation derives for its realisasi and the finding when they
 * differ. */
int kcapaian_compute(struct kcall *call, const char *unit, int year,
    enum kc_rule rule, Kinerja__GetCapaianReply *r, kc_pct **exact,
    int with_derived);

/* A unit's summary for a year (sasaran means, overall capaian), as
 * GetCapaian gives it, in arena memory; the caller holds a read
 * transaction. KS_NOTFOUND for an unknown unit. */
int kcapaian_summary(struct kcall *call, const char *unit, int year,
    enum kc_rule rule, struct kc_unit_summary *sum);

/* A unit's weighted serapan for a year, exact, as GetBudget's `total`
 * gives it: 1 with *serapan set, 0 when there is none (*why says why),
 * -1 after a store failure (status set). The caller holds a read
 * transaction. */
int kbudget_serapan(struct kcall *call, const char *unit, int year,
    kc_pct *serapan, const char **why);
/* A unit's budget total for a year, as GetBudget's `total` sums it: 1 when
 * both amounts are complete, 0 when not (*why says why), -1 after a store
 * failure (status set). */
int kbudget_top(struct kcall *call, const char *unit, int year,
    struct kc_budget_sum *top, const char **why);
/* The same of lines the caller reads (a region's at once, h_rollup.c):
 * add a unit's program-tree lines (kstore_budget_list's) in their order,
 * then top gives kbudget_top's answer (1 or 0) and starts the next unit
 * empty. */
struct kbudget_tree;
struct kbudget_tree *kbudget_tree_new(struct kcall *call);
void kbudget_tree_add(struct kbudget_tree *t, const struct kbudget_line *l);
int  kbudget_tree_top(
     struct kbudget_tree *t, struct kc_budget_sum *top, const char **why);
/* An Absorption of the amounts given, with their serapan, in the arena. */
Kinerja__Absorption *kabsorption(
    struct kcall *call, int has_p, int64_t pagu, int has_r, int64_t realisasi);

/* A unit's capaian rows and summary for a year, as GetCapaian computes
 * them, in arena memory; the caller holds a read transaction. */
struct kunit_capaian {
	Kinerja__CapaianRow  **rows; /* indicator, name, satuan, capaian */
	struct kc_row         *cap;
	size_t                 n;
	struct kc_unit_summary sum;
};
/* The same of rows the caller reads (a region's at once, h_rollup.c):
 * add a unit's rows (kstore_capaian_rows_against's, yearly) in their
 * order, then end gives its capaian and starts the next unit empty. */
struct kcapaian_rows;
struct kcapaian_rows *kcapaian_rows_new(struct kcall *call, enum kc_rule rule);
int  kcapaian_rows_add(
     struct kcapaian_rows *r, const struct kcapaian_row *row);
void kcapaian_rows_end(struct kcapaian_rows *r, struct kunit_capaian *out);

/* The roll-up of a region (a unit with units under it) for a year against
 * the target of target_kind, or NULL for a unit with none (h_rollup.c).
 * A region's roll-up is yearly: a triwulan is refused. 0, or -1 with
 * status set. */
int krollup(struct kcall *call, const char *region, int year,
    enum kc_rule rule, int target_kind, int triwulan, Kinerja__Rollup **out);
/* A unit's IKM (rounded as GetSurvey shows it) and AKIP total (the sum
 * GetAkipEvaluation shows) for a year, exact: 1 with the figure set, 0
 * when there is none for the year, -1 after a store failure (status
 * set). The caller holds a read transaction. */
int ksurvey_ikm(struct kcall *call, const char *unit, int year, int64_t *e2);
int kakip_total(struct kcall *call, const char *unit, int year, int64_t *e4);
/* A unit-year's evaluation as GetAkipEvaluation answers it, in arena
 * memory; the caller holds a read transaction. -1 with the status set
 * (NOT_FOUND when there is none). */
int kakip_evaluation(struct kcall *call,
    const Kinerja__GetAkipEvaluationRequest *in,
    Kinerja__GetAkipEvaluationReply         *r);

/* Reads a unit into arena memory; -1 after setting NOT_FOUND or a store
 * failure. */
int kload_unit(struct kcall *call, const char *code, Kinerja__Unit **out);
/* Reads an indicator into arena memory; -1 after setting the status. */
int kload_indicator(
    struct kcall *call, const char *code, struct kindicator *ind);
/* An indicator as the API shows it, in arena memory. */
Kinerja__Indicator *kindicator_msg(
    struct kcall *call, const struct kindicator *ind);
/* Checks a PredikatRule field; -1 after setting INVALID_ARGUMENT. */
int kcheck_rule(struct kcall *call, int rule);
/* Checks an Against field; -1 after setting INVALID_ARGUMENT. */
int kcheck_against(struct kcall *call, int against);
/* The indicator-year's benchmark in arena memory: 1 when there is one,
 * 0 when not, -1 after a store failure (status set). */
int kbenchmark_get(struct kcall *call, const char *indicator, int year,
    Kinerja__Benchmark **out);

/* Checks a year field; reports INVALID_ARGUMENT and returns -1. */
int kcheck_year(struct kcall *call, const char *field, int year);
/* The year of item `index` of a batch. */
int kcheck_item_year(struct kcall *call, uint32_t index, int year);
/* Checks the unit and year of a read; -1 after INVALID_ARGUMENT. */
int kcheck_unit_year(struct kcall *call, const char *unit, int year);

/* ------------------------------------------------ approval (h_approval.c) */

/* The unit-year's approval (a draft when it never moved), in arena memory;
 * 0, or -1 with the call's status set. */
int kapproval_load(
    struct kcall *call, const char *unit, int year, Kinerja__Approval **out);
/* A history row as GetHistory answers it (h_history.c). */
Kinerja__Revision *krevision_of(struct kcall *call, const struct khistory *h);

/* What the service keeps across calls, shared by every worker of a
 * kinerjad (kserver_info.state, made by khandlers_service.state_new). */
struct khandlers_state {
	struct kcache *rankings; /* GetRanking's (h_analytics.c) */
	struct kcache *unit_sets; /* the units they rank, shared */
	struct kcache *rollups; /* region roll-ups, packed (h_rollup.c) */
};

/* The service's state (its caches), or NULL: a service run without it,
 * as some tests and fuzzers do. */
static inline struct khandlers_state *
kstate_of(const struct kcall *call)
{
	return call->info != NULL ? call->info->state : NULL;
}

/* The rankings kept, 24 bytes a unit: a national ranking (7 300 units)
 * takes 180 kB, so the 100 of ten indicators over ten years fit (18 MB);
 * a village-scale one (83 000 units) 2 MB, so 12 fit, within the 128 MB
 * kinerjad is to stay under at that scale (bench_village). The units
 * ranked, codes and names, are kept once for all rankings of a region:
 * 0.4 MB national, 4 MB village-scale. */
#define KRANKINGS_MAX    256
#define KRANKINGS_BYTES  (24u << 20)
#define KUNIT_SETS_MAX   8
#define KUNIT_SETS_BYTES (32u << 20)
/* A 500-unit kabupaten's roll-up packs to some 60 kB: every kabupaten's
 * of a province, for a few years and both targets, fit. */
#define KROLLUPS_MAX   512
#define KROLLUPS_BYTES (16u << 20)
/* Releases a ranking the cache lets go of (arg: the state). */
void kranked_release(void *value, void *arg);

/* Fills a reply from the store; sets the call's status on failure. */
typedef int (*kread_fn)(struct kcall *call, const void *in, void *reply);

/* Runs fn in one read transaction, so that every number of a reply comes
 * from the same state of the database. */
void kread(struct kcall *call, kread_fn fn, const void *in, void *reply);

/* Maps a store failure to the call's status; returns -1. */
int kstore_failed(struct kcall *call, int rc);

#endif
