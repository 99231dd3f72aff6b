/*
 * rpc_helpers.h - the shared builders and checks of the RPC tests
 * (rpc_helpers.c), on the fixture of rpc_fixture.h.
 */
#ifndef KINERJA_RPC_HELPERS_H
#define KINERJA_RPC_HELPERS_H

#include <stddef.h>
#include <stdint.h>

#include "rpc_fixture.h"

/* Percentages and values arrive rounded to 2 decimals: compare exactly. */
#define assert_e2(x, e2) assert_int_equal(llround((x) *100), (e2))

#define TARGET    KINERJA__VALUE_KIND__VALUE_KIND_TARGET
#define REALISASI KINERJA__VALUE_KIND__VALUE_KIND_REALISASI

#define END_TARGET KINERJA__VALUE_KIND__VALUE_KIND_RENSTRA_END_TARGET

#define RP(x) ((int64_t) (x) *100) /* rupiah to sen */

/* Keeps a write's warnings for the test to read. */
void note_warnings(struct fixture *f, const Kinerja__WriteReply *r);

Kinerja__Unit unit(const char *code, const char *parent, Kinerja__Level level);

int upsert_units(struct fixture *f, Kinerja__Unit *units, size_t n,
    Kinerja__WriteReply **out);

Kinerja__IndicatorValue value(
    const char *ind, int year, Kinerja__ValueKind kind, double v);

int submit(struct fixture *f, Kinerja__IndicatorValue *v, size_t n, int flags,
    Kinerja__WriteReply **out);

/* sumut > batubara > tiram; IKM (max), AKIP (akip), ADUAN (min) linked
 * to two sasaran of tiram. */
void world(struct fixture *f);

/* GetCapaian of tiram's year with the rule, or of any unit's (default
 * rule). */
Kinerja__GetCapaianReply *capaian(
    struct fixture *f, int year, Kinerja__PredikatRule rule);
Kinerja__GetCapaianReply *capaian_of(
    struct fixture *f, const char *unit, int year);

/* The packed capaian reply, to compare states before and after. */
size_t snapshot(struct fixture *f, int year, uint8_t *buf, size_t len);

void assert_unchanged(
    struct fixture *f, int year, const uint8_t *before, size_t n);

/* A packed envelope for method with the given payload bytes. */
size_t envelope(const char *method, const void *payload, size_t plen,
    uint32_t timeout, uint8_t *out);

void assert_healthy(struct fixture *f);

Kinerja__IndicatorValue uvalue(const char *unit, const char *ind, int year,
    Kinerja__ValueKind kind, double v);

/* world() plus balai, suka and deras under batubara, and other under a
 * second kabupaten, asahan. */
void peers(struct fixture *f);

Kinerja__GetTrendReply *trend(
    struct fixture *f, const char *ind, int from, int to, int expect);

Kinerja__BudgetLine line(
    const char *code, const char *parent, int64_t pagu, int64_t real);

int submit_budget(struct fixture *f, Kinerja__BudgetLine *l, size_t n,
    Kinerja__WriteReply **out);

Kinerja__GetBudgetReply *get_budget(struct fixture *f);

Kinerja__SurveyResponse response(
    const int32_t *scores, size_t n, const char *gender);

int submit_survey_of(struct fixture *f, const char *unit, int year,
    Kinerja__SurveyResponse *r, size_t n, double *means, size_t nmeans);

Kinerja__AkipComponent component(
    const char *name, double weight, double score, double target);

int submit_akip_of(struct fixture *f, const char *unit, int year,
    Kinerja__AkipComponent *c, size_t n);

/* Upserts one indicator of world() again with a range (NAN: no bound). */
int set_range(struct fixture *f, const char *code, const char *satuan,
    double min, double max);

Kinerja__GetHistoryReply *history(struct fixture *f, const char *unit,
    const char *ind, int year, uint64_t after, uint32_t limit);

#endif
