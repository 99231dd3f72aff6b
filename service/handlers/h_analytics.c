/*
 * h_analytics.c - GetRanking, GetTrend and GetProgress: a unit against its
 * peers, against its own past, and against its Renstra end target
 * (docs/domain.md: Tingkat kemajuan, Trend, Ranking). Each reads in one
 * transaction so that its numbers come from one consistent state.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "envelope.h"
#include "grow.h"
#include "handlers.h"

static int
maximize(int polarity)
{
	return kpolarity(polarity) == KC_MAXIMIZE;
}

static int
read_failed(struct kcall *call, int rc, const char *what, const char *code)
{
	if (rc == KS_NOTFOUND)
		kcall_error(call, KINERJA__CODE__NOT_FOUND, "%s: %s not found",
		    what, kcall_quote(call, code));
	else
		kstore_failed(call, rc);
	return -1;
}

int
kcheck_rule(struct kcall *call, int rule)
{
	if (rule >= 0 && rule <= KINERJA__PREDIKAT_RULE__PREDIKAT_RULE_MID)
		return 0;
	kcall_error(call, KINERJA__CODE__INVALID_ARGUMENT,
	    "predikat_rule: %d is not a PredikatRule", rule);
	return -1;
}

int
kload_indicator(struct kcall *call, const char *code, struct kindicator *ind)
{
	char buf[KSTORE_BUF];
	int  rc =
	    kstore_indicator_get(call->store, code, ind, buf, sizeof(buf));

	if (rc != KS_OK)
		return read_failed(call, rc, "indicator", code);
	ind->code   = kcall_strdup(call, ind->code);
	ind->name   = kcall_strdup(call, ind->name);
	ind->satuan = kcall_strdup(call, ind->satuan);
	return 0;
}

Kinerja__Indicator *
kindicator_msg(struct kcall *call, const struct kindicator *ind)
{
	Kinerja__Indicator *m = kcall_alloc(call, sizeof(*m));

	kinerja__indicator__init(m);
	m->code       = (char *) ind->code;
	m->name       = (char *) ind->name;
	m->satuan     = (char *) ind->satuan;
	m->polarity   = ind->polarity;
	m->value_type = ind->value_type;
	m->quarterly  = ind->quarterly;
	kfill_range(ind, m);
	return m;
}

int
kload_unit(struct kcall *call, const char *code, Kinerja__Unit **out)
{
	struct kunit u;
	char         buf[KSTORE_BUF];
	int rc = kstore_unit_get(call->store, code, &u, buf, sizeof(buf));

	if (rc != KS_OK)
		return read_failed(call, rc, "unit", code);
	*out = kcall_alloc(call, sizeof(**out));
	kfill_unit(call, &u, *out);
	return 0;
}

/* ------------------------------------------------------------ ranking */

struct code_index {
	const char *code;
	size_t      index;
};

struct id_index {
	int64_t id;
	size_t  index;
};

/* The units a ranking covers, in the order that ties keep. */
struct unit_set {
	struct kcall      *call;
	const char       **code;
	const char       **name;
	int64_t           *id; /* the store's, to match value rows */
	size_t             n, cap;
	struct code_index *sorted; /* for lookups by code */
	struct id_index   *by_id; /* sorted by id, when ids are sparse */
	int32_t           *slot; /* [id]: position in the set or -1 */
	int64_t            max_id;
};

/* A unit's measure in one year. */
struct measure {
	int         has;
	int64_t     key; /* what is ranked: a value in e4 or a capaian e2 */
	double      value;
	const char *predikat;
	const char *na_reason;
};

static int
add_unit(void *arg, const struct kunit *u)
{
	struct unit_set *s = arg;

	if (s->n == s->cap) {
		s->cap = kc_grow_cap(s->cap, 64);
		KC_GROW_TO(s->code, s->n, s->cap, kcall_alloc, s->call);
		KC_GROW_TO(s->name, s->n, s->cap, kcall_alloc, s->call);
		KC_GROW_TO(s->id, s->n, s->cap, kcall_alloc, s->call);
	}
	s->id[s->n]   = u->id;
	s->code[s->n] = kcall_strdup(s->call, u->code);
	s->name[s->n] = kcall_strdup(s->call, u->name);
	s->n++;
	return 0;
}

static int
by_code(const void *a, const void *b)
{
	return strcmp(((const struct code_index *) a)->code,
	    ((const struct code_index *) b)->code);
}

static int
by_id(const void *a, const void *b)
{
	int64_t x = ((const struct id_index *) a)->id,
	        y = ((const struct id_index *) b)->id;

	return (x > y) - (x < y);
}

/* Indexes the set by the store's unit ids, which value rows carry: a
 * table by id when the ids are dense (row ids are), else sorted. */
static void
index_ids(struct unit_set *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (s->id[i] > s->max_id)
			s->max_id = s->id[i];
	if (s->max_id <= 4 * (int64_t) s->n + 65536) {
		s->slot = kcall_alloc(
		    s->call, (size_t) (s->max_id + 1) * sizeof(*s->slot));
		memset(s->slot, 0xff,
		    (size_t) (s->max_id + 1) * sizeof(*s->slot));
		for (i = 0; i < s->n; i++)
			if (s->id[i] >= 0)
				s->slot[s->id[i]] = (int32_t) i;
		return;
	}
	s->by_id = kcall_alloc(s->call, (s->n + 1) * sizeof(*s->by_id));
	for (i = 0; i < s->n; i++)
		s->by_id[i] = (struct id_index) { s->id[i], i };
	qsort(s->by_id, s->n, sizeof(*s->by_id), by_id);
}

/* The position of the unit with the store's id in the set, or -1. */
static long
find_id(const struct unit_set *s, int64_t id)
{
	struct id_index  key = { id, 0 }, *hit;

	if (s->slot != NULL)
		return id >= 0 && id <= s->max_id ? s->slot[id] : -1;
	hit = bsearch(&key, s->by_id, s->n, sizeof(*s->by_id), by_id);
	return hit ? (long) hit->index : -1;
}

/* Sorts the set's codes for lookups; a unit listed twice is refused, as
 * it could hold only one rank. */
static int
index_set(struct unit_set *s)
{
	size_t i;

	s->sorted = kcall_alloc(s->call, (s->n + 1) * sizeof(*s->sorted));
	for (i = 0; i < s->n; i++)
		s->sorted[i] = (struct code_index) { s->code[i], i };
	/* Units read from the store come sorted already. */
	for (i = 1; i < s->n; i++)
		if (by_code(&s->sorted[i - 1], &s->sorted[i]) >= 0)
			break;
	if (i < s->n)
		qsort(s->sorted, s->n, sizeof(*s->sorted), by_code);
	for (i = 1; i < s->n; i++) {
		if (by_code(&s->sorted[i - 1], &s->sorted[i]) == 0) {
			kcall_error(s->call, KINERJA__CODE__INVALID_ARGUMENT,
			    "units: %s is listed twice",
			    kcall_quote(s->call, s->sorted[i].code));
			return -1;
		}
	}
	index_ids(s);
	return 0;
}

/* Fills the set from the request: explicit units, a region, or all. */
static int
load_units(struct kcall *call, const Kinerja__GetRankingRequest *in,
    struct unit_set *s)
{
	struct kunit u;
	char         buf[KSTORE_BUF];
	size_t       i;
	int          rc = KS_OK;

	for (i = 0; i < in->n_units && rc == KS_OK; i++) {
		rc = kstore_unit_get(
		    call->store, in->units[i], &u, buf, sizeof(buf));
		if (rc == KS_OK)
			add_unit(s, &u);
	}
	if (rc != KS_OK)
		return read_failed(call, rc, "units", in->units[i - 1]);
	if (in->n_units == 0) {
		rc = kstore_leaf_units(
		    call->store, *in->region ? in->region : NULL, add_unit, s);
		if (rc != KS_OK)
			return read_failed(call, rc, "region", in->region);
	}
	return index_set(s);
}

/* Target or realisasi of each unit of the set for one year, as the core
 * reads it (24 bytes a unit: a village's 83 000 make 2 MB, where whole
 * store rows made 6 MB to zero and fault in). */
struct year_values {
	const struct unit_set *set;
	struct kc_value       *v; /* .has 0: none stored */
};

static int
keep_value(void *arg, const struct kvalue *v)
{
	struct year_values *y = arg;
	long                i = find_id(y->set, v->unit_id);

	if (i >= 0)
		y->v[i] = kvalue_core(v, 1);
	return 0;
}

/* The values a ranking by realisasi or capaian reads: realisasi (and
 * target) of the year before and of the year, [0] and [1], each an array
 * of the set. */
struct two_years {
	struct kc_value *r[2], *t[2]; /* t NULL: realisasi only */
};

/* Reads both years at once into v's arrays, zeroed when allocated: the
 * store may read the year before on a second connection while this one
 * reads the year (kstore_values_of_years, its asks' first half), which
 * is why each ask fills an array of its own. */
static int
load_years(struct kcall *call, const struct unit_set *s,
    const struct kindicator *ind, int year, const struct two_years *v)
{
	struct year_values y[4];
	struct kvalues_ask ask[4];
	int                n = 0, i, k, rc;

	for (i = 0; i < 2; i++) {
		for (k = 0; k < 2; k++) {
			struct kc_value *to = k ? v->t[i] : v->r[i];

			if (to == NULL)
				continue;
			y[n]   = (struct year_values) { s, to };
			ask[n] = (struct kvalues_ask) { year - 1 + i,
				k ? VALUE_TARGET : VALUE_REALISASI, keep_value,
				&y[n] };
			n++;
		}
	}
	rc = kstore_values_of_years(call->store, ind->code, ask, n, s->n);
	return rc == KS_OK ? 0 : kstore_failed(call, rc);
}

static void
measure_realisasi(const struct kc_value *v, const struct kindicator *ind,
    enum kc_rule rule, struct measure *m)
{
	int64_t e4;
	int     converted;

	if (!kc_value_number(v, rule, &e4, &converted)) {
		m->na_reason = kc_reason(KC_REASON_NO_REALISASI);
		return;
	}
	m->has      = 1;
	m->key      = e4;
	m->value    = ke4_double(e4);
	m->predikat = kvalue_akip_name(v, ind->value_type);
}

static void
measure_capaian(const struct kc_value *t, const struct kc_value *r,
    const struct kindicator *ind, enum kc_rule rule, struct measure *m)
{
	struct kc_row c;

	kc_capaian_row(kpolarity(ind->polarity), rule, t, r, &c);
	if (c.na != KC_AVAILABLE) {
		m->na_reason = kc_na_reason(c.na);
		return;
	}
	m->has      = 1;
	m->key      = c.e2;
	m->value    = ke2_double(m->key);
	m->predikat = kc_predikat_capaian(m->key);
}

/* A unit's measure taken from another reply: its value, what is ranked
 * (the value in e2 or e4, as shown) and its predikat. */
static void
measure_found(
    struct measure *m, double value, int64_t key, const char *predikat)
{
	m->has      = 1;
	m->value    = value;
	m->key      = key;
	m->predikat = predikat;
}

static int
measure_overall(struct kcall *call, const char *unit, int year,
    enum kc_rule rule, struct measure *m)
{
	struct kc_unit_summary sum;
	int rc = kcapaian_summary(call, unit, year, rule, &sum);

	if (rc != KS_OK)
		return kstore_failed(call, rc);
	if (sum.na != KC_AVAILABLE) {
		m->na_reason = kc_reason(KC_REASON_NO_CAPAIAN_YEAR);
		return 0;
	}
	measure_found(
	    m, ke2_double(sum.e2), sum.e2, kc_predikat_capaian(sum.e2));
	return 0;
}

/* Serapan, IKM and AKIP are the figures GetBudget, GetSurvey and
 * GetAkipEvaluation show, taken exact from the same rows and the same
 * core functions, so a ranking never disagrees with them. */
static int
measure_serapan(
    struct kcall *call, const char *unit, int year, struct measure *m)
{
	kc_pct      serapan;
	const char *why = NULL;
	int         rc  = kbudget_serapan(call, unit, year, &serapan, &why);

	if (rc == 0)
		m->na_reason = why;
	if (rc <= 0)
		return rc;
	measure_found(
	    m, ke2_double(kc_round2(serapan)), kc_round2(serapan), NULL);
	return 0;
}

static int
measure_ikm(struct kcall *call, const char *unit, int year, struct measure *m)
{
	int64_t e2;
	int     rc = ksurvey_ikm(call, unit, year, &e2);

	if (rc <= 0) {
		m->na_reason = kc_reason(KC_REASON_NO_SURVEY);
		return rc;
	}
	measure_found(m, ke2_double(e2), e2, kc_mutu(e2));
	return 0;
}

static int
measure_akip(struct kcall *call, const char *unit, int year, struct measure *m)
{
	int64_t e4;
	int     rc = kakip_total(call, unit, year, &e4);

	if (rc <= 0) {
		m->na_reason = kc_reason(KC_REASON_NO_AKIP);
		return rc;
	}
	measure_found(
	    m, ke4_double(e4), e4, kc_akip_name(kc_akip_of_score(e4)));
	return 0;
}

/* A measure of the unit as a whole (no indicator), or NULL. */
typedef int (*unit_measure_fn)(
    struct kcall *call, const char *unit, int year, struct measure *m);

static unit_measure_fn
unit_measure(int measure)
{
	switch (measure) {
	case KINERJA__RANK_MEASURE__RANK_MEASURE_SERAPAN:
		return measure_serapan;
	case KINERJA__RANK_MEASURE__RANK_MEASURE_IKM:
		return measure_ikm;
	case KINERJA__RANK_MEASURE__RANK_MEASURE_AKIP:
		return measure_akip;
	default:
		return NULL;
	}
}

/* What measuring the two years takes besides the measures, allocated
 * once: the items the year before is ranked in are reused for the year. */
struct year_work {
	struct two_years     v;
	struct kc_rank_item *items;
};

static void
year_work_alloc(struct kcall *call, const Kinerja__GetRankingRequest *in,
    size_t n, struct year_work *w)
{
	size_t bytes = (n + 1) * sizeof(struct kc_value);
	int    by    = in->measure; /* realisasi and capaian read values */
	int    i;

	for (i = 0; i < 2; i++) {
		w->v.r[i] = by <= KINERJA__RANK_MEASURE__RANK_MEASURE_CAPAIAN
		                ? kcall_scratch(call, bytes)
		                : NULL;
		w->v.t[i] = by == KINERJA__RANK_MEASURE__RANK_MEASURE_CAPAIAN
		                ? kcall_scratch(call, bytes)
		                : NULL;
	}
	w->items = kcall_scratch(call, (n + 1) * sizeof(*w->items));
}

/* The measure of every unit of the set in one year: year before (0) or
 * the year (1), whose values, if it ranks by them, load_years read. */
static int
measure_year(struct kcall *call, const Kinerja__GetRankingRequest *in,
    const struct unit_set *s, const struct kindicator *ind, int which,
    const struct year_work *w, struct measure *m)
{
	enum kc_rule rule = (enum kc_rule) in->predikat_rule;
	int          year = in->year - 1 + which;
	size_t       i;

	unit_measure_fn fn = unit_measure(in->measure);

	memset(m, 0, s->n * sizeof(*m));
	if (fn != NULL) {
		for (i = 0; i < s->n; i++)
			if (fn(call, s->code[i], year, &m[i]) != 0)
				return -1;
		return 0;
	}
	if (in->measure == KINERJA__RANK_MEASURE__RANK_MEASURE_OVERALL) {
		for (i = 0; i < s->n; i++)
			if (measure_overall(
			        call, s->code[i], year, rule, &m[i]) != 0)
				return -1;
		return 0;
	}
	for (i = 0; i < s->n; i++) {
		if (w->v.t[which] == NULL)
			measure_realisasi(&w->v.r[which][i], ind, rule, &m[i]);
		else
			measure_capaian(&w->v.t[which][i], &w->v.r[which][i],
			    ind, rule, &m[i]);
	}
	return 0;
}

/* Ranks the measures into items; with ranks, ranks[i] is unit i's rank
 * (0: none). */
static void
rank(const struct measure *m, size_t n, int higher, struct kc_rank_item *items,
    uint32_t *ranks)
{
	size_t i;

	for (i = 0; i < n; i++)
		items[i] = (struct kc_rank_item) { m[i].key, m[i].has, i, 0 };
	kc_rank(items, n, higher);
	for (i = 0; ranks != NULL && i < n; i++)
		ranks[items[i].index] = items[i].rank;
}

static int
check_ranking(struct kcall *call, const Kinerja__GetRankingRequest *in)
{
	if (kcheck_year(call, "year", in->year) != 0 ||
	    kcheck_rule(call, in->predikat_rule) != 0)
		return -1;
	if (in->measure < 0 ||
	    in->measure > KINERJA__RANK_MEASURE__RANK_MEASURE_AKIP) {
		kcall_error(call, KINERJA__CODE__INVALID_ARGUMENT,
		    "measure: %d is not a RankMeasure", in->measure);
		return -1;
	}
	if (in->measure <= KINERJA__RANK_MEASURE__RANK_MEASURE_CAPAIAN &&
	    *in->indicator == 0) {
		kcall_error(call, KINERJA__CODE__INVALID_ARGUMENT,
		    "indicator: required to rank by realisasi or capaian");
		return -1;
	}
	if (unit_measure(in->measure) != NULL && *in->indicator) {
		kcall_error(call, KINERJA__CODE__INVALID_ARGUMENT,
		    "indicator: not used when ranking by serapan, IKM or "
		    "AKIP");
		return -1;
	}
	if (*in->region && in->n_units > 0) {
		kcall_error(call, KINERJA__CODE__INVALID_ARGUMENT,
		    "region: give a region or a list of units, not both");
		return -1;
	}
	return 0;
}

/* Whether the caller's token names the unit (a submitter's units, a
 * verifier's regions): shown below a limit too. */
static int
callers_unit(const struct kcall *call, const char *unit)
{
	size_t i;

	for (i = 0; i < call->who.nunits; i++)
		if (strcmp(call->who.units[i], unit) == 0)
			return 1;
	return 0;
}

static int
any(const struct measure *m, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (m[i].has)
			return 1;
	return 0;
}

/*
 * A computed ranking, what every caller's reply is filled from, in two
 * blocks: the units ranked (codes and names, the same for every ranking
 * of one region at one generation, so kept once for all its indicators
 * and years) and the ranking (a row of 24 bytes a unit). The service's
 * caches keep them malloc'd; a ranking for one call alone is in its
 * arena. A national ranking is then about 180 kB, the 100 of ten
 * indicators over ten years 18 MB.
 */
struct ranked_units {
	size_t                 n;
	const char           **code, **name;
	const uint32_t        *len; /* code[i]'s, name[i]'s at len[n + i] */
	const int64_t         *id;
	const int32_t         *slot; /* as struct unit_set's */
	const struct id_index *by_id;
	int64_t                max_id;
};

/* A unit's row; strings are indexes into struct ranked's text[]. */
struct ranked_row {
	double   value;
	uint32_t unit; /* in the units */
	uint32_t rank, previous_rank; /* 0: none */
	uint8_t  predikat, na_reason, has_value;
};

#define SHARED_MAX 255 /* distinct predikat and reasons of a ranking */

struct ranked {
	const struct ranked_units *units;
	struct kcache_ref         *units_held; /* NULL: in the arena */
	struct kindicator          ind; /* when has_ind */
	int                        has_ind;
	size_t                     n, ntext;
	const char                *text[SHARED_MAX]; /* predikat, reasons */
	uint32_t                   text_len[SHARED_MAX];
	struct ranked_row         *rows; /* in rank order */
};

/* What a ranking was computed from, to be copied into a struct ranked. */
struct computed {
	const struct unit_set     *set;
	const struct measure      *m;
	const struct kc_rank_item *order;
	const uint32_t            *prev; /* NULL: no ranks last year */
	const struct kindicator   *ind; /* NULL: no indicator */
};

/* Copies strings into a block; with `at` NULL it only counts, so that
 * one walk sizes the block and a second fills it. */
struct builder {
	char  *at;
	size_t used;
};

/* Copies v into b, repaired as the reply's last line of defence would
 * (dispatch's walk of a whole ranking cost as much as packing it): every
 * string a ranking's reply holds passes here. */
static const char *
put_str(struct builder *b, const char *v)
{
	size_t      n    = strlen(v) + 1;
	const char *copy = b->at;

	if (b->at != NULL) {
		memcpy(b->at, v, n);
		kc_utf8_repair(b->at, n - 1);
		b->at += n;
	}
	b->used += n;
	return copy;
}

/* Memory for a block: malloc'd to be kept (NULL out of memory), else in
 * the call's arena. */
static void *
ranked_alloc(struct kcall *call, size_t bytes, int keep)
{
	return keep ? malloc(bytes) : kcall_alloc(call, bytes);
}

/* The bytes of s's id lookup (struct unit_set), its slots or by_id. */
static size_t
lookup_bytes(const struct unit_set *s)
{
	if (s->slot != NULL)
		return (size_t) (s->max_id + 1) * sizeof(*s->slot);
	return s->n * sizeof(*s->by_id);
}

/* The set as one block, its codes, names, ids and id lookup, so that a
 * ranking of the same units at the same generation needs none of them
 * read again; *bytes its size. */
static struct ranked_units *
build_units(
    struct kcall *call, const struct unit_set *s, int keep, size_t *bytes)
{
	size_t lookup = lookup_bytes(s),
	       head   = sizeof(struct ranked_units) + s->n * sizeof(int64_t) +
	              lookup +
	              2 * s->n * (sizeof(const char *) + sizeof(uint32_t)),
	       i;
	struct builder       b = { NULL, 0 };
	struct ranked_units *u;
	const char         **code;
	uint32_t            *len;
	char                *at;

	for (i = 0; i < s->n; i++) {
		put_str(&b, s->code[i]);
		put_str(&b, s->name[i]);
	}
	*bytes = head + b.used;
	if ((u = ranked_alloc(call, *bytes, keep)) == NULL)
		return NULL;
	/* The 8-byte parts first, so that each part is aligned. */
	at    = (char *) (u + 1);
	u->id = (const int64_t *) at;
	if (s->n > 0) /* an empty set has no ids at all */
		memcpy(at, s->id, s->n * sizeof(int64_t));
	at += s->n * sizeof(int64_t);
	code    = (const char **) at;
	u->code = code;
	u->name = code + s->n;
	at += 2 * s->n * sizeof(const char *);
	u->slot   = s->slot ? memcpy(at, s->slot, lookup) : NULL;
	u->by_id  = s->slot ? NULL : memcpy(at, s->by_id, lookup);
	u->max_id = s->max_id;
	u->n      = s->n;
	/* The lengths, for packing 83 000 rows without a strlen each. */
	u->len = len = (uint32_t *) (at + lookup);
	b.at         = (char *) u + head;
	for (i = 0; i < 2 * s->n; i++) {
		code[i] =
		    put_str(&b, i < s->n ? s->code[i] : s->name[i - s->n]);
		len[i] = (uint32_t) strlen(code[i]);
	}
	return u;
}

/* s as a read-only view of kept units (no call writes a view). */
static void
view_units(struct unit_set *s, const struct ranked_units *u)
{
	s->n      = u->n;
	s->code   = (const char **) u->code;
	s->name   = (const char **) u->name;
	s->id     = (int64_t *) u->id;
	s->slot   = (int32_t *) u->slot;
	s->by_id  = (struct id_index *) u->by_id;
	s->max_id = u->max_id;
}

/* The index of v (NULL: "") in the texts src[0..*n), added when new;
 * -1 when they are full (a ranking repeats a few dozen at most, the
 * core's predikat and reasons). */
static int
text_of(const char **src, size_t *n, const char *v)
{
	size_t i;

	if (v == NULL)
		v = "";
	for (i = 0; i < *n; i++)
		if (src[i] == v || strcmp(src[i], v) == 0)
			return (int) i;
	if (*n == SHARED_MAX)
		return -1;
	src[*n] = v;
	return (int) (*n)++;
}

/* The texts of c's rows into src[] (*n of them), and with rows given the
 * rows; -1 when the texts do not fit. */
static int
ranked_rows(const struct computed *c, const char **src, size_t *n,
    struct ranked_row *rows)
{
	size_t i;
	int    p, na;

	*n = 0;
	for (i = 0; i < c->set->n; i++) {
		size_t                u = c->order[i].index;
		const struct measure *m = &c->m[u];

		if ((p = text_of(src, n, m->predikat)) < 0 ||
		    (na = text_of(src, n, m->na_reason)) < 0)
			return -1;
		if (rows == NULL)
			continue;
		rows[i] = (struct ranked_row) {
			.value         = m->value,
			.unit          = (uint32_t) u,
			.rank          = c->order[i].rank,
			.previous_rank = c->prev ? c->prev[u] : 0,
			.predikat      = (uint8_t) p,
			.na_reason     = (uint8_t) na,
			.has_value     = (uint8_t) m->has,
		};
	}
	return 0;
}

/* The strings a ranking keeps besides its units: its texts and its
 * indicator's (b counting, or copying into k). */
static void
ranked_strings(struct builder *b, struct ranked *k, const char **src,
    size_t n, const struct kindicator *ind)
{
	size_t      i;
	const char *v;

	struct kindicator copy;

	for (i = 0; i < n; i++)
		if ((v = put_str(b, src[i])) != NULL) {
			k->text[i]     = v;
			k->text_len[i] = (uint32_t) strlen(v);
		}
	if (ind == NULL)
		return;
	copy        = *ind;
	copy.code   = put_str(b, ind->code);
	copy.name   = put_str(b, ind->name);
	copy.satuan = put_str(b, ind->satuan);
	if (k != NULL)
		k->ind = copy;
}

/* c as one block on the units given, *bytes its size; NULL out of
 * memory, or when its texts do not fit (the call's status then set). */
static struct ranked *
build_ranked(struct kcall *call, const struct computed *c,
    const struct ranked_units *units, int keep, size_t *bytes)
{
	const char    *src[SHARED_MAX];
	struct ranked *k;
	struct builder b = { NULL, 0 };
	size_t         n, head = sizeof(*k) + c->set->n * sizeof(*k->rows);

	if (ranked_rows(c, src, &n, NULL) != 0) {
		kcall_error(call, KINERJA__CODE__INTERNAL,
		    "ranking: more than %d distinct predikat and reasons",
		    SHARED_MAX);
		return NULL;
	}
	ranked_strings(&b, NULL, src, n, c->ind);
	*bytes = head + b.used;
	if ((k = ranked_alloc(call, *bytes, keep)) == NULL)
		return NULL;
	*k = (struct ranked) { .units = units, .has_ind = c->ind != NULL,
		.n = c->set->n, .ntext = n,
		.rows = (struct ranked_row *) (k + 1) };
	ranked_rows(c, src, &n, k->rows);
	b = (struct builder) { (char *) k + head, 0 };
	ranked_strings(&b, k, src, n, c->ind);
	return k;
}

/* Copies v and its NUL to at; returns the byte after them. */
static char *
key_str(char *at, const char *v)
{
	size_t n = strlen(v) + 1;

	memcpy(at, v, n);
	return at + n;
}

/* Everything a ranking depends on besides the data, as NUL-terminated
 * strings after the numbers, so no two requests share a key: with
 * `units_only` what its units depend on. limit is not in it: every
 * caller's rows come from the same ranking. */
static char *
ranking_key(struct kcall *call, const Kinerja__GetRankingRequest *in,
    int units_only, size_t *len)
{
	char  *key, *at;
	size_t i, n = 3 * 12 + 24;

	n += strlen(in->indicator) + 1 + strlen(in->region) + 1;
	for (i = 0; i < in->n_units; i++)
		n += strlen(in->units[i]) + 1;
	key = kcall_alloc(call, n);
	if (units_only)
		at = key + snprintf(key, n, "%zu", in->n_units) + 1;
	else
		at = key_str(key + snprintf(key, n, "%d %d %d %zu", in->year,
		                       in->measure, in->predikat_rule,
		                       in->n_units) +
		                 1,
		    in->indicator);
	at = key_str(at, in->region);
	for (i = 0; i < in->n_units; i++)
		at = key_str(at, in->units[i]);
	*len = (size_t) (at - key);
	return key;
}

static int
ranking_oom(struct kcall *call)
{
	if (call->code == KINERJA__CODE__OK)
		kcall_error(call, KINERJA__CODE__RESOURCE_EXHAUSTED,
		    "ranking: out of memory");
	return -1;
}

/*
 * The units ranked into s. With state, they are kept at gen for every
 * ranking of the same units (*held: the caller's hold), as a block s
 * then views: a village's 83 000 units are read, copied and indexed once
 * a generation, not once a ranking. Without, read for this call alone.
 */
static int
units_of(struct kcall *call, const Kinerja__GetRankingRequest *in,
    struct khandlers_state *state, int64_t gen, struct unit_set *s,
    struct kcache_ref **held)
{
	size_t               klen, bytes;
	char                *key;
	struct ranked_units *u;

	if (state == NULL)
		return load_units(call, in, s);
	key = ranking_key(call, in, 1, &klen);
	if ((*held = kcache_get(state->unit_sets, key, klen, gen)) == NULL) {
		if (load_units(call, in, s) != 0)
			return -1;
		if ((u = build_units(call, s, 1, &bytes)) == NULL ||
		    (*held = kcache_put(
		         state->unit_sets, key, klen, gen, u, bytes)) == NULL)
			return ranking_oom(call);
	}
	view_units(s, kcache_value(*held));
	return 0;
}

/* Computes the ranking in the open read transaction into *c (its arrays
 * in the call's scratch, ended once the ranking is built), on units from
 * units_of. */
static int
compute(struct kcall *call, const Kinerja__GetRankingRequest *in,
    struct khandlers_state *state, int64_t gen, struct unit_set *s,
    struct kcache_ref **units, struct kindicator *ind, struct computed *c)
{
	struct year_work w;
	struct measure  *m;
	uint32_t        *prev;
	int              higher, had_before;

	*ind = (struct kindicator) { .polarity = 1 };
	if (*in->indicator && kload_indicator(call, in->indicator, ind) != 0)
		return -1;
	if (units_of(call, in, state, gen, s, units) != 0)
		return -1;
	higher =
	    in->measure != KINERJA__RANK_MEASURE__RANK_MEASURE_REALISASI ||
	    maximize(ind->polarity);
	year_work_alloc(call, in, s->n, &w);
	m    = kcall_scratch(call, (s->n + 1) * sizeof(*m));
	prev = kcall_scratch(call, (s->n + 1) * sizeof(*prev));
	if (w.v.r[0] != NULL && load_years(call, s, ind, in->year, &w.v) != 0)
		return -1;
	/* The previous year first: its measures and order are then
	 * overwritten by this year's. */
	if (measure_year(call, in, s, ind, 0, &w, m) != 0)
		return -1;
	had_before = any(m, s->n);
	rank(m, s->n, higher, w.items, prev);
	if (measure_year(call, in, s, ind, 1, &w, m) != 0)
		return -1;
	rank(m, s->n, higher, w.items, NULL);
	*c = (struct computed) { .set = s,
		.order                = w.items,
		.m                    = m,
		.prev                 = had_before ? prev : NULL,
		.ind                  = *in->indicator ? ind : NULL };
	return 0;
}

#define ROWS_FIELD       4 /* GetRankingReply.rows */
#define TOTAL_ROWS_FIELD 5 /* GetRankingReply.total_rows */

/* How many rows the reply may hold: every one, or with a limit the first
 * `limit` and the caller's own below them. */
static size_t
rows_cap(const struct kcall *call, const struct ranked *k, uint32_t limit)
{
	if (limit > 0 && (size_t) limit + call->who.nunits < k->n)
		return (size_t) limit + call->who.nunits;
	return k->n;
}

/* Whether row i of the ranking is in the reply (see rows_cap). */
static int
shown(
    const struct kcall *call, const struct ranked *k, uint32_t limit, size_t i)
{
	return limit == 0 || i < limit ||
	       callers_unit(call, k->units->code[k->rows[i].unit]);
}

/* A string field of n bytes, left out when empty (as proto3 packs it). */
static void
put_text(struct kpb_out *o, uint32_t field, const char *v, uint32_t n)
{
	if (n > 0)
		kpb_bytes_field(o, field, v, n);
}

/*
 * Row i of the ranking as a RankingRow in wire format: its fields in
 * number order, zeros and empty strings left out but the value's oneof.
 * Written by hand because protobuf-c's generic packing of a village's
 * 83 000 rows, each sized and then packed by its descriptor, was a
 * quarter of the ranking's time.
 */
static void
put_row(struct kpb_out *o, const struct ranked *k, size_t i)
{
	const struct ranked_row   *in = &k->rows[i];
	const struct ranked_units *u  = k->units;

	if (in->rank)
		kpb_varint_field(o, 1, in->rank);
	put_text(o, 2, u->code[in->unit], u->len[in->unit]);
	put_text(o, 3, u->name[in->unit], u->len[u->n + in->unit]);
	if (in->has_value)
		kpb_double_field(o, 4, in->value);
	put_text(o, 5, k->text[in->predikat], k->text_len[in->predikat]);
	put_text(o, 6, k->text[in->na_reason], k->text_len[in->na_reason]);
	if (in->previous_rank)
		kpb_varint_field(o, 7, in->previous_rank);
	if (in->rank && in->previous_rank &&
	    in->previous_rank != in->rank) /* rank_change, an int32 */
		kpb_varint_field(o, 8,
		    (uint64_t) (int64_t) ((int32_t) in->previous_rank -
		                          (int32_t) in->rank));
}

/* Rows [from, to) of a ranking sent whole: first their lengths (len[i],
 * o counting), then, with o.at set, the rows themselves. */
struct row_span {
	const struct ranked *k;
	size_t               from, to;
	uint32_t            *len;
	struct kpb_out       o;
};

static void *
span_rows(void *arg)
{
	struct row_span *sp = arg;
	struct kpb_out   row;
	size_t           i;

	for (i = sp->from; i < sp->to; i++) {
		if (sp->o.at == NULL) {
			row = (struct kpb_out) { NULL, 0 };
			put_row(&row, sp->k, i);
			sp->len[i] = (uint32_t) row.len;
		}
		kpb_len_head(&sp->o, ROWS_FIELD, sp->len[i]);
		if (sp->o.at != NULL)
			put_row(&sp->o, sp->k, i);
		else
			sp->o.len += sp->len[i];
	}
	return NULL;
}

/* From this many rows on, the second half of a whole ranking is counted
 * and written on a thread of its own: a village's 83 000 rows took a
 * fifth of the call on one (bench/, bench_village). */
#define SPLIT_ROWS 20000

/* span_rows on both halves, with split the second on a thread (when
 * none can be had, after the first). */
static void
span_halves(struct row_span *h, int split)
{
	pthread_t thr;

	split = split && pthread_create(&thr, NULL, span_rows, &h[1]) == 0;

	span_rows(&h[0]);
	if (split)
		pthread_join(thr, NULL);
	else
		span_rows(&h[1]);
}

/* pack_reply's every row: the head, then both halves of the rows, each
 * written where the lengths counted before put it. */
static void
pack_whole(struct kcall *call, const struct ranked *k,
    const Kinerja__GetRankingReply *head)
{
	uint32_t       *len  = kcall_alloc(call, (k->n + 1) * sizeof(*len));
	size_t          half = k->n / 2, hlen, first;
	struct row_span h[2] = { { k, 0, half, len, { NULL, 0 } },
		{ k, half, k->n, len, { NULL, 0 } } };
	uint8_t        *at;

	span_halves(h, k->n >= SPLIT_ROWS);
	hlen  = protobuf_c_message_get_packed_size(&head->base);
	first = h[0].o.len;
	if ((at = kcall_reply_buffer(call, hlen + first + h[1].o.len)) == NULL)
		return;
	h[0].o = (struct kpb_out) { at + hlen, 0 };
	h[1].o = (struct kpb_out) { at + hlen + first, 0 };
	protobuf_c_message_pack(&head->base, at);
	span_halves(h, k->n >= SPLIT_ROWS);
}

/*
 * Packs the reply into the call without building it as one message: the
 * head (year, measure, indicator: the fields before the rows) by
 * protobuf-c, then each row shown, then total_rows with a limit. The
 * bytes are those protobuf-c packs for the whole reply (every ranking of
 * test_rpc_analytics compares them); a village ranking's 83 000 rows
 * built first were 7 MB of messages. Each row is counted once, its
 * length kept for the pass that writes it. Without a limit, pack_whole.
 */
static void
pack_reply(struct kcall *call, const struct ranked *k, uint32_t limit,
    const Kinerja__GetRankingReply *head)
{
	size_t         cap, n = 0, i;
	uint32_t      *len;
	struct kpb_out o = { NULL, 0 }, row;

	if (limit == 0) {
		pack_whole(call, k, head);
		return;
	}
	cap = rows_cap(call, k, limit);
	len = kcall_alloc(call, (cap + 1) * sizeof(*len));
	for (i = 0; i < k->n && n < cap; i++)
		if (shown(call, k, limit, i)) {
			row = (struct kpb_out) { NULL, 0 };
			put_row(&row, k, i);
			len[n++] = (uint32_t) row.len;
			kpb_len_head(&o, ROWS_FIELD, row.len);
			o.len += row.len;
		}
	kpb_varint_field(&o, TOTAL_ROWS_FIELD, k->n); /* a oneof: even 0 */
	o.len += protobuf_c_message_get_packed_size(&head->base);
	if ((o.at = kcall_reply_buffer(call, o.len)) == NULL)
		return;
	o.at += protobuf_c_message_pack(&head->base, o.at);
	for (i = 0, n = 0; i < k->n && n < cap; i++)
		if (shown(call, k, limit, i)) {
			kpb_len_head(&o, ROWS_FIELD, len[n++]);
			put_row(&o, k, i);
		}
	kpb_varint_field(&o, TOTAL_ROWS_FIELD, k->n);
}

void
kranked_release(void *value, void *arg)
{
	struct ranked          *k     = value;
	struct khandlers_state *state = arg;

	kcache_drop(state->unit_sets, k->units_held);
	free(k);
}

/* Computes the ranking and, with state, keeps it under key at gen in the
 * service's caches (*held: the caller's hold on it). */
static int
answer(struct kcall *call, const Kinerja__GetRankingRequest *in,
    struct khandlers_state *state, int64_t gen, const char *key,
    size_t klen, struct ranked **out, struct kcache_ref **held)
{
	struct unit_set     s = { .call = call };
	struct kindicator   ind;
	struct computed     c;
	struct kcache_ref  *units = NULL;
	struct ranked      *k;
	size_t              bytes;

	if (compute(call, in, state, gen, &s, &units, &ind, &c) != 0) {
		if (units != NULL)
			kcache_drop(state->unit_sets, units);
		return -1;
	}
	if (state == NULL) {
		*out = build_ranked(call, &c,
		    build_units(call, &s, 0, &bytes), 0, &bytes);
		kcall_scratch_end(call);
		return *out != NULL ? 0 : -1;
	}
	k = build_ranked(call, &c, kcache_value(units), 1, &bytes);
	kcall_scratch_end(call); /* c is copied into k */
	if (k == NULL) {
		kcache_drop(state->unit_sets, units);
		return ranking_oom(call);
	}
	k->units_held = units;
	if ((*held = kcache_put(state->rankings, key, klen, gen, k, bytes)) ==
	    NULL)
		return ranking_oom(call);
	*out = k;
	return 0;
}

/* What answering a ranking leaves: the reply's head, and the ranking
 * (k) its rows are packed from, when cached held until then. */
struct ranking_answer {
	Kinerja__GetRankingReply *head;
	struct kcache_ref        *held;
	const struct ranked      *k;
};

/*
 * Answers from the ranking computed at the database's write generation,
 * which the service keeps for every worker, or computes and keeps it.
 * The generation is read first, so it and the ranking come from one
 * snapshot; inside a write transaction there is none, and the ranking
 * is computed for this call alone.
 */
static int
ranking(struct kcall *call, const void *arg, void *reply)
{
	const Kinerja__GetRankingRequest *in    = arg;
	struct ranking_answer            *a     = reply;
	struct khandlers_state           *state = kstate_of(call);
	struct ranked                    *k     = NULL;
	int64_t                           gen   = 0;
	size_t                            klen  = 0;
	char                             *key   = NULL;
	int                               rc    = KS_NOTFOUND;

	if (state != NULL &&
	    (rc = kstore_generation(call->store, &gen)) != KS_OK &&
	    rc != KS_NOTFOUND)
		return kstore_failed(call, rc);
	if (rc == KS_OK) {
		key     = ranking_key(call, in, 0, &klen);
		a->held = kcache_get(state->rankings, key, klen, gen);
	}
	if (a->held != NULL)
		k = (struct ranked *) kcache_value(a->held);
	else if (answer(call, in, rc == KS_OK ? state : NULL, gen, key, klen,
	             &k, &a->held) != 0)
		return -1;
	a->k = k;
	if (k->has_ind)
		a->head->indicator = kindicator_msg(call, &k->ind);
	return 0;
}

RPC(get_ranking, GetRankingRequest, GetRankingReply)
{
	struct kcall            *call = arg;
	Kinerja__GetRankingReply r    = KINERJA__GET_RANKING_REPLY__INIT;
	struct ranking_answer    a    = { &r, NULL, NULL };

	(void) svc;
	if (check_ranking(call, in) == 0)
		kread(call, ranking, in, &a);
	if (a.k != NULL && call->code == KINERJA__CODE__OK) {
		r.year        = in->year;
		r.measure     = in->measure;
		call->checked = 1; /* put_str */
		pack_reply(call, a.k, in->limit, &r);
		done(NULL, arg); /* the reply is packed */
	} else
		done(&r, arg);
	if (a.held != NULL)
		kcache_drop(kstate_of(call)->rankings, a.held);
}

/* -------------------------------------------------------------- trend */

/* A unit's target and realisasi of one indicator, year by year. */
struct series {
	struct kcall  *call;
	int32_t       *year;
	struct kvalue *target, *realisasi;
	int           *ht, *hr;
	size_t         n, cap;
};

static void
series_grow(struct series *s)
{
	size_t cap = kc_grow_cap(s->cap, 16);

	KC_GROW_TO(s->year, s->n, cap, kcall_alloc, s->call);
	KC_GROW_TO(s->target, s->n, cap, kcall_alloc, s->call);
	KC_GROW_TO(s->realisasi, s->n, cap, kcall_alloc, s->call);
	KC_GROW_TO(s->ht, s->n, cap, kcall_alloc, s->call);
	KC_GROW_TO(s->hr, s->n, cap, kcall_alloc, s->call);
	s->cap = cap;
}

static int
series_row(void *arg, const struct kvalue *v)
{
	struct series *s = arg;
	size_t         i;

	if (v->kind != VALUE_TARGET && v->kind != VALUE_REALISASI)
		return 0;
	if (s->n == 0 || s->year[s->n - 1] != v->year) {
		if (s->n == s->cap)
			series_grow(s);
		i          = s->n++;
		s->year[i] = v->year;
		s->ht[i] = s->hr[i] = 0;
	}
	i = s->n - 1;
	if (v->kind == VALUE_TARGET) {
		s->target[i] = *v;
		s->ht[i]     = 1;
	} else {
		s->realisasi[i] = *v;
		s->hr[i]        = 1;
	}
	return 0;
}

/* The end target of the Renstra period that `year` falls in: the first
 * renstra_end_target at or after it. */
struct end_target {
	int           found;
	struct kvalue v;
};

static int
first_end_target(void *arg, const struct kvalue *v)
{
	struct end_target *e = arg;

	if (v->kind != VALUE_RENSTRA_END_TARGET)
		return 0;
	e->v     = *v;
	e->found = 1;
	return 1;
}

static int
load_end_target(struct kcall *call, const char *unit, const char *ind,
    int year, struct end_target *e)
{
	int rc = kstore_value_rows(
	    call->store, unit, ind, year, KC_YEAR_MAX, first_end_target, e);

	return rc == KS_OK ? 0 : kstore_failed(call, rc);
}

/* The number of a Renstra end target (a predikat alone converted). */
static int
end_number(const struct end_target *e, enum kc_rule rule, int64_t *e4)
{
	struct kc_value v = kvalue_core(&e->v, e->found);
	int             converted;

	return kc_value_number(&v, rule, e4, &converted);
}

/* Fills one point from its capaian; *prev / *hprev carry the previous
 * realisasi. */
static void
trend_point(int32_t year, const struct kc_row *c, int64_t *prev, int *hprev,
    Kinerja__TrendPoint *p)
{
	int64_t r = c->realisasi_e4;
	kc_pct  pct;

	p->year      = year;
	p->converted = c->target_converted || c->realisasi_converted;
	if (c->has_target) {
		p->opt_target_case = KINERJA__TREND_POINT__OPT_TARGET_TARGET;
		p->target          = ke4_double(c->target_e4);
	}
	if (!c->has_realisasi)
		return;
	p->opt_realisasi_case = KINERJA__TREND_POINT__OPT_REALISASI_REALISASI;
	p->realisasi          = ke4_double(r);
	if (c->na == KC_AVAILABLE) {
		p->opt_capaian_case =
		    KINERJA__TREND_POINT__OPT_CAPAIAN_CAPAIAN;
		p->capaian  = ke2_double(c->e2);
		p->predikat = (char *) kc_predikat_capaian(c->e2);
	}
	if (*hprev) {
		p->opt_delta_case = KINERJA__TREND_POINT__OPT_DELTA_DELTA;
		p->delta          = ke4_double(r - *prev);
		p->direction = r > *prev ? KINERJA__DIRECTION__DIRECTION_NAIK
		               : r < *prev
		                   ? KINERJA__DIRECTION__DIRECTION_TURUN
		                   : KINERJA__DIRECTION__DIRECTION_TETAP;
		if (kc_percent(r - *prev, *prev, &pct) == KC_AVAILABLE) {
			p->opt_delta_percent_case =
			    KINERJA__TREND_POINT__OPT_DELTA_PERCENT_DELTA_PERCENT;
			p->delta_percent = ke2_double(kc_round2(pct));
		}
	}
	*prev  = r;
	*hprev = 1;
}

/* Best and worst year by realisasi, respecting polarity; earliest wins.
 * Compared on the exact values, not on the reply's doubles. */
static void
extremes(Kinerja__GetTrendReply *r, const struct series *s,
    const struct kc_row *c, int max)
{
	size_t  i;
	int64_t best = 0, worst = 0;

	for (i = 0; i < s->n; i++) {
		int64_t v = max ? c[i].realisasi_e4 : -c[i].realisasi_e4;

		if (!c[i].has_realisasi)
			continue;
		if (r->best_year == 0 || v > best) {
			best         = v;
			r->best_year = s->year[i];
		}
		if (r->worst_year == 0 || v < worst) {
			worst         = v;
			r->worst_year = s->year[i];
		}
	}
}

/* The least-squares line through the exact realisasi, its projection and
 * whether it is on track. */
static void
project(struct kcall *call, Kinerja__GetTrendReply *r, const struct series *s,
    const struct kc_row *c, const struct end_target *e, enum kc_rule rule,
    int max)
{
	int32_t       *x = kcall_alloc(call, (s->n + 1) * sizeof(*x));
	int64_t       *y = kcall_alloc(call, (s->n + 1) * sizeof(*y));
	struct kc_line line;
	size_t         i, n      = 0;
	int64_t        proj, end = 0;

	for (i = 0; i < s->n; i++) {
		if (!c[i].has_realisasi)
			continue;
		x[n]   = s->year[i];
		y[n++] = c[i].realisasi_e4;
	}
	if (end_number(e, rule, &end)) {
		r->end_year = e->v.year;
		r->opt_end_target_case =
		    KINERJA__GET_TREND_REPLY__OPT_END_TARGET_END_TARGET;
		r->end_target = ke4_double(end);
	}
	if (kc_line_fit(x, y, n, &line) != 0) {
		r->on_track_reason = (char *) kc_reason(KC_REASON_FEW_YEARS);
		return;
	}
	r->opt_slope_case = KINERJA__GET_TREND_REPLY__OPT_SLOPE_SLOPE;
	r->slope          = ke4_double(kc_line_slope_e4(&line));
	if (!e->found) {
		r->on_track_reason = (char *) kc_reason(KC_REASON_NO_END_TARGET);
		return;
	}
	proj = kc_line_at_e4(&line, e->v.year);
	r->opt_projection_case =
	    KINERJA__GET_TREND_REPLY__OPT_PROJECTION_PROJECTION;
	r->projection = ke4_double(proj);
	r->on_track   = max ? proj >= end : proj <= end;
}

static int
check_trend(struct kcall *call, const Kinerja__GetTrendRequest *in)
{
	if (*in->unit == 0 || *in->indicator == 0) {
		kcall_error(call, KINERJA__CODE__INVALID_ARGUMENT,
		    "%s: required", *in->unit == 0 ? "unit" : "indicator");
		return -1;
	}
	if ((in->from_year && kcheck_year(call, "from_year", in->from_year)) ||
	    (in->to_year && kcheck_year(call, "to_year", in->to_year)) ||
	    kcheck_rule(call, in->predikat_rule) != 0)
		return -1;
	if (in->quarters && in->from_year == 0) {
		kcall_error(call, KINERJA__CODE__INVALID_ARGUMENT,
		    "from_year: required with quarters (the year whose "
		    "triwulan are shown)");
		return -1;
	}
	if (in->from_year && in->to_year && in->from_year > in->to_year) {
		kcall_error(call, KINERJA__CODE__INVALID_ARGUMENT,
		    "from_year: %d is after to_year %d", in->from_year,
		    in->to_year);
		return -1;
	}
	return 0;
}

/* The points of the series, each with its capaian; *c receives those. */
static void
trend_points(struct kcall *call, const struct series *s,
    const struct kindicator *ind, enum kc_rule rule, Kinerja__GetTrendReply *r,
    struct kc_row **c)
{
	int64_t prev  = 0;
	int     hprev = 0;
	size_t  i;

	*c        = kcall_alloc(call, (s->n + 1) * sizeof(**c));
	r->points = kcall_alloc(call, (s->n + 1) * sizeof(*r->points));
	for (i = 0; i < s->n; i++) {
		kcapaian_of(&s->target[i], s->ht[i], &s->realisasi[i],
		    s->hr[i], ind->polarity, rule, &(*c)[i]);
		r->points[i] = kcall_alloc(call, sizeof(*r->points[i]));
		kinerja__trend_point__init(r->points[i]);
		trend_point(s->year[i], &(*c)[i], &prev, &hprev, r->points[i]);
	}
	r->n_points = s->n;
}

/* The triwulan I-IV of one year (docs/triwulan.md): each point the
 * triwulan's target, the realisasi to date and the capaian against the
 * target (kc_quarter), the change on the triwulan before. */
static int
trend_quarters(struct kcall *call, const struct kindicator *ind,
    const Kinerja__GetTrendRequest *in, Kinerja__GetTrendReply *r)
{
	enum kc_quarterly  rule = kindicator_quarterly(ind);
	struct kc_quarters q;
	struct kc_quarter  out;
	int64_t            prev  = 0;
	int                hprev = 0, n;

	if (kquarters_load(call, in->unit, ind->code, in->from_year, &q) != 0)
		return -1;
	r->points = kcall_alloc(call, KC_TRIWULAN * sizeof(*r->points));
	for (n = 1; n <= KC_TRIWULAN; n++) {
		Kinerja__TrendPoint *p = kcall_alloc(call, sizeof(*p));

		kinerja__trend_point__init(p);
		kc_quarter(kpolarity(ind->polarity),
		    (enum kc_rule) in->predikat_rule, rule, &q, n, &out);
		trend_point(in->from_year, &out.triwulan, &prev, &hprev, p);
		p->triwulan = n;
		if (out.has_in_quarter) {
			p->opt_in_quarter_case =
			    KINERJA__TREND_POINT__OPT_IN_QUARTER_IN_QUARTER;
			p->in_quarter = ke4_double(out.in_quarter_e4);
		}
		r->points[r->n_points++] = p;
	}
	r->on_track_reason = (char *) kc_reason(KC_REASON_QUARTERS);
	return 0;
}

static int
trend(struct kcall *call, const void *in_arg, void *reply)
{
	const Kinerja__GetTrendRequest *in = in_arg;
	Kinerja__GetTrendReply         *r  = reply;
	enum kc_rule      rule             = (enum kc_rule) in->predikat_rule;
	struct series     s                = { .call = call };
	struct kindicator ind;
	struct end_target e = { 0 };
	struct kc_row    *c;
	int               rc;

	if (kload_unit(call, in->unit, &r->unit) != 0 ||
	    kload_indicator(call, in->indicator, &ind) != 0)
		return -1;
	r->indicator = kindicator_msg(call, &ind);
	if (in->quarters)
		return trend_quarters(call, &ind, in, r);
	rc           = kstore_value_rows(call->store, in->unit, in->indicator,
            in->from_year ? in->from_year : KC_YEAR_MIN,
            in->to_year ? in->to_year : KC_YEAR_MAX, series_row, &s);
	if (rc != KS_OK)
		return kstore_failed(call, rc);
	trend_points(call, &s, &ind, rule, r, &c);
	if (s.n > 0 && load_end_target(call, in->unit, in->indicator,
	                   s.year[s.n - 1], &e) != 0)
		return -1;
	extremes(r, &s, c, maximize(ind.polarity));
	project(call, r, &s, c, &e, rule, maximize(ind.polarity));
	return 0;
}

RPC(get_trend, GetTrendRequest, GetTrendReply)
{
	struct kcall          *call = arg;
	Kinerja__GetTrendReply r    = KINERJA__GET_TREND_REPLY__INIT;

	(void) svc;
	if (check_trend(call, in) == 0)
		kread(call, trend, in, &r);
	done(&r, arg);
}

/* ----------------------------------------------------------- progress */

struct progress {
	struct kcall          *call;
	enum kc_rule           rule;
	int                    year;
	const char            *unit;
	Kinerja__ProgressRow **rows;
	size_t                 n, cap;
	int                    failed;
};

/* Tingkat kemajuan of one indicator: its capaian against the Renstra end
 * target instead of the year's target. */
static void
kemajuan(struct progress *p, const struct kcapaian_row *in,
    Kinerja__ProgressRow *row)
{
	struct end_target e = { 0 };
	struct kc_row     c;

	if (load_end_target(p->call, p->unit, in->ind.code, p->year, &e) !=
	    0) {
		p->failed = 1;
		return;
	}
	kcapaian_of(&e.v, e.found, &in->realisasi, in->has_realisasi,
	    in->ind.polarity, p->rule, &c);
	if (c.has_target) {
		row->end_year = e.v.year;
		row->opt_end_target_case =
		    KINERJA__PROGRESS_ROW__OPT_END_TARGET_END_TARGET;
		row->end_target = ke4_double(c.target_e4);
	}
	if (c.has_realisasi) {
		row->opt_realisasi_case =
		    KINERJA__PROGRESS_ROW__OPT_REALISASI_REALISASI;
		row->realisasi = ke4_double(c.realisasi_e4);
	}
	if (!e.found) {
		row->na_reason = (char *) kc_reason(KC_REASON_NO_END_TARGET);
		return;
	}
	if (c.na != KC_AVAILABLE) {
		row->na_reason = (char *) kc_na_reason(c.na);
		return;
	}
	row->opt_kemajuan_case = KINERJA__PROGRESS_ROW__OPT_KEMAJUAN_KEMAJUAN;
	row->kemajuan          = ke2_double(c.e2);
}

static int
progress_row(void *arg, const struct kcapaian_row *in)
{
	struct progress      *p   = arg;
	Kinerja__ProgressRow *row = kcall_alloc(p->call, sizeof(*row));

	if (p->n == p->cap)
		KC_GROW(p->rows, p->n, p->cap, 16, kcall_alloc, p->call);
	kinerja__progress_row__init(row);
	row->indicator  = kcall_strdup(p->call, in->ind.code);
	row->name       = kcall_strdup(p->call, in->ind.name);
	row->sasaran    = kcall_strdup(p->call, in->sasaran);
	row->satuan     = kcall_strdup(p->call, in->ind.satuan);
	p->rows[p->n++] = row;
	/* The end-target query runs while the capaian query is open: both
	 * are reads on one connection, which SQLite allows. */
	kemajuan(p, in, row);
	return p->failed;
}

static int
progress(struct kcall *call, const void *in_arg, void *reply)
{
	const Kinerja__GetProgressRequest *in = in_arg;
	Kinerja__GetProgressReply         *r  = reply;
	struct progress                    p  = { .call = call,
		                    .rule = (enum kc_rule) in->predikat_rule,
		                    .year = in->year,
		                    .unit = in->unit };
	int                                rc;

	if (kload_unit(call, in->unit, &r->unit) != 0)
		return -1;
	rc = kstore_capaian_rows(
	    call->store, in->unit, in->year, progress_row, &p);
	if (rc != KS_OK && !p.failed)
		kstore_failed(call, rc);
	r->rows   = p.rows;
	r->n_rows = p.n;
	return rc == KS_OK ? 0 : -1;
}

RPC(get_progress, GetProgressRequest, GetProgressReply)
{
	struct kcall             *call = arg;
	Kinerja__GetProgressReply r    = KINERJA__GET_PROGRESS_REPLY__INIT;

	(void) svc;
	if (*in->unit == 0)
		kcall_error(
		    call, KINERJA__CODE__INVALID_ARGUMENT, "unit: required");
	else if (kcheck_year(call, "year", in->year) == 0 &&
	         kcheck_rule(call, in->predikat_rule) == 0)
		kread(call, progress, in, &r);
	r.year = in->year;
	done(&r, arg);
}
