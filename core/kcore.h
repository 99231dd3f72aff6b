/*
 * kcore.h - the pure computation core of kinerja: number parsing, capaian,
 * predikat scales and CSV records. No I/O, no globals, no protobuf; shared by
 * kinerjad and the client side, and where most unit tests live.
 *
 * Formulas and scales follow docs/domain.md. Values are fixed-point with 4
 * decimals (e4); money is integer sen; percentages are kept at 1e-12 until
 * they are rounded once, half away from zero, to 2 decimals (e2).
 */
#ifndef KINERJA_KCORE_H
#define KINERJA_KCORE_H

#include <stddef.h>
#include <stdint.h>

#define KC_E4 10000 /* scale of indicator values */

/* --------------------------------------------------------------- arena */

struct kc_arena_block;

/* Zeroed allocations freed together; {0} is an empty arena. */
struct kc_arena {
	struct kc_arena_block *head;
	size_t                 bytes; /* its blocks' sizes, summed */
};

void *kc_arena_alloc(struct kc_arena *a, size_t size); /* NULL: no memory */
char *kc_arena_strdup(struct kc_arena *a, const char *s);
void  kc_arena_free(struct kc_arena *a);

/* ---------------------------------------------------------------- text */

/* 1 when text is well-formed UTF-8 with no control character but tab. */
int kc_text_ok(const char *text);
/* Well-formed UTF-8, control characters allowed. */
int kc_utf8_ok(const char *text);

/* What len bytes are as a protobuf string: well-formed UTF-8 (no overlong
 * form, surrogate or code point past U+10FFFF), or holding a NUL byte
 * (protobuf-c would cut the string there), or malformed. */
enum kc_utf8 { KC_UTF8_OK, KC_UTF8_NUL, KC_UTF8_BAD };
enum kc_utf8 kc_utf8_check(const char *text, size_t len);

/* Replaces each NUL and each byte that is not part of a well-formed UTF-8
 * character with '?', keeping the length: a last resort for output. */
void kc_utf8_repair(char *text, size_t len);

/* Drops an incomplete UTF-8 character at the end of text, where a bounded
 * printf cut it. */
void kc_utf8_trim(char *text);

/*
 * Quotes caller text for a message: "text" with '"', '\\', control
 * characters and bytes that are not UTF-8 escaped (\", \\, \x1b), cut
 * after max_chars characters or when buf is full, never inside a character
 * or an escape, a cut marked "...". Always valid UTF-8; "" when size < 6.
 * Returns buf.
 */
const char *kc_quote(
    char *buf, size_t size, const char *text, size_t max_chars);

/* Where a message walk is, for errors: "values[2].unit". Names come from
 * descriptors; a path too long for s is cut, never overrun. */
struct kc_path {
	char   s[256];
	size_t len; /* of s */
};

/* Appends ".name" (or "name" first) or "[i]"; return the length for
 * kc_path_pop to restore. */
size_t kc_path_name(struct kc_path *p, const char *name);
size_t kc_path_index(struct kc_path *p, size_t i);
void   kc_path_pop(struct kc_path *p, size_t old);

/* 1 when host names only this machine: "localhost", a literal IPv4
 * address in 127.0.0.0/8 or "::1". A name such as "127.0.0.1.example"
 * is not one, whatever it resolves to. */
int kc_loopback_host(const char *host); /* NULL: 0 */

/* ------------------------------------------------------------- numbers */

enum kc_num_flags {
	KC_NUM_MONEY = 1, /* allow a leading "Rp" / "Rp." */
};

/*
 * Parses a decimal written the Indonesian way ("1.738.126.580", "71,38",
 * "100,08 %") or the plain way ("71.38"). `digits` is the number of decimal
 * places kept: the result is the value times 10^digits. A lone dot followed
 * by exactly three digits ("1.738") is rejected as ambiguous. Returns 0, or
 * -1 with *why set to a static message.
 */
int kc_parse_decimal(
    const char *s, int digits, int flags, int64_t *out, const char **why);

/* Formats v (scaled by 10^digits) with a decimal point, trimming nothing. */
void kc_format_decimal(int64_t v, int digits, char *buf, size_t len);

/* Formats sen as rupiah the Indonesian way: 123456 -> "1.234,56". */
void kc_format_rupiah(int64_t sen, char *buf, size_t len);

/* Converts a double from the API to e4, rejecting NaN, inf, > 1e14. */
int kc_double_to_e4(double d, int64_t *out);

/* ---------------------------------------------------------- AKIP scale */

/* AKIP predikat, PermenPAN-RB 88/2021; ordered from worst to best. */
enum kc_akip {
	KC_AKIP_NONE = -1,
	KC_AKIP_D,
	KC_AKIP_C,
	KC_AKIP_CC,
	KC_AKIP_B,
	KC_AKIP_BB,
	KC_AKIP_A,
	KC_AKIP_AA,
};

/* How a predikat given without a number becomes one. */
enum kc_rule {
	KC_RULE_LOWER, /* the band's lower bound: B -> 60,00 (default) */
	KC_RULE_UPPER, /* the band's upper bound: B -> 70,00 */
	KC_RULE_MID, /* the midpoint: B -> 65,00 */
};

enum kc_akip kc_akip_of_score(int64_t score_e4); /* s > 70 is BB */
enum kc_akip kc_akip_parse(const char *name); /* "BB" -> KC_AKIP_BB */
const char  *kc_akip_name(enum kc_akip p); /* "BB" */
const char  *kc_akip_label(enum kc_akip p); /* "Sangat Baik" */
int64_t      kc_akip_to_score(enum kc_akip p, enum kc_rule rule);

/* Splits an AKIP value into its number text ("" if none) and predikat,
 * without checking that they agree; -1 when it has neither form. */
int kc_split_akip(const char *s, char *num, size_t len, enum kc_akip *pred);

/*
 * Parses an AKIP value: "BB (71,38)", "71,38 (BB)", "BB" or "71,38". Sets
 * *has_score and *score_e4 when a number is present and *predikat when a
 * predikat is (or can be derived). A predikat that contradicts its number
 * ("BB (70,00)") is an error.
 */
int kc_parse_akip(const char *s, int *has_score, int64_t *score_e4,
    enum kc_akip *predikat, const char **why);

/* ------------------------------------------------------------- capaian */

enum kc_polarity {
	KC_MAXIMIZE, /* capaian = realisasi / target * 100 */
	KC_MINIMIZE, /* capaian = (2 * target - realisasi) / target * 100 */
};

/* Why a percentage is not available. */
enum kc_na {
	KC_AVAILABLE = 0,
	KC_NA_NO_TARGET,
	KC_NA_ZERO_TARGET,
	KC_NA_NEGATIVE_TARGET,
	KC_NA_NO_REALISASI,
	KC_NA_NO_DATA, /* a mean over nothing */
};

/* A percentage as an exact fraction, num / den with den > 0, so that
 * means are exact too and rounding happens once, at the end. */
typedef struct {
	__int128 num;
	__int128 den;
} kc_pct;

kc_pct kc_pct_whole(int64_t percent); /* e.g. 100 -> 100 % */
int    kc_pct_cmp(kc_pct a, kc_pct b); /* -1, 0 or 1 */

/* ------------------------------------------------- texts officials read */

/* Why a figure is not given, as replies say it in na_reason and its kin:
 * one Indonesian text each (reason.c), which tables print as it is. */
enum kc_reason {
	KC_REASON_NONE = 0,
	KC_REASON_NO_TARGET,
	KC_REASON_ZERO_TARGET, /* of a maximize indicator */
	KC_REASON_NEGATIVE_TARGET,
	KC_REASON_NO_REALISASI,
	KC_REASON_NO_INDICATOR, /* a mean over no indicator with a capaian */
	KC_REASON_NO_TARGET_TW, /* ... of the triwulan */
	KC_REASON_NO_REALISASI_TW,
	KC_REASON_YEARLY_ONLY, /* a triwulan of a yearly indicator */
	KC_REASON_NO_SASARAN, /* a unit with no sasaran with indicators */
	KC_REASON_NOT_ITS_INDICATOR,
	KC_REASON_NO_BUDGET,
	KC_REASON_NO_SERAPAN, /* pagu or realisasi missing */
	KC_REASON_NO_BUDGET_COMPLETE, /* no line with both */
	KC_REASON_NO_CAPAIAN_SASARAN,
	KC_REASON_NO_CAPAIAN_YEAR,
	KC_REASON_NO_SURVEY,
	KC_REASON_NO_AKIP,
	KC_REASON_NO_END_TARGET, /* of the Renstra */
	KC_REASON_FEW_YEARS, /* fewer than two years of realisasi */
	KC_REASON_QUARTERS, /* quarters of one year: no projection */
};

/* The reason's text, e.g. "tidak ada target tahun ini"; "" for none. */
const char *kc_reason(enum kc_reason r);
/* The reason a percentage is not available. */
const char *kc_na_reason(enum kc_na na);

/* The finding when a stated budget amount (pagu or realisasi, in sen)
 * differs from the sum of its parts: "7.01.01 pagu: tercantum Rp ...,
 * jumlah rinciannya Rp ... (selisih Rp ...)". */
void kc_budget_finding_text(const char *line, const char *field,
    int64_t stated_sen, int64_t sum_sen, char *buf, size_t len);

/* What Validate finds in a table as a report states it, in Indonesian.
 * The arguments (numbers already written the Indonesian way; a field as
 * the API names it, said in Indonesian) fill each text in this order: */
enum kc_check {
	KC_CHECK_AKIP_PREDIKAT, /* field, score, its predikat, the stated */
	KC_CHECK_PERCENT, /* field, stated, right */
	KC_CHECK_PERCENT_CUT, /* field, stated, right: truncated */
	KC_CHECK_OTHER_RENSTRA, /* stated capaian, the target, right */
	KC_CHECK_OTHER_END, /* ... against the Renstra end target */
	KC_CHECK_OTHER_PK, /* ... against an earlier PK target */
	KC_CHECK_PREDIKAT, /* stated predikat capaian, right */
	KC_CHECK_SUM, /* field, stated, how many parts, their sum */
	KC_CHECK_MUTU, /* stated mutu, IKM, right */
	KC_CHECK_IKM, /* stated IKM, from its unsur */
};
void kc_check_text(enum kc_check k, const char *const *args, size_t nargs,
    char *buf, size_t len);

/* num / den * 100; den must be positive. Both in the same scale. */
enum kc_na kc_percent(int64_t num, int64_t den, kc_pct *out);

/*
 * Capaian of one indicator (docs/domain.md). Target 0 (docs/domain.md,
 * "Target 0"): for a minimize indicator realisasi 0 (or below) is 100 %
 * and anything above 0 is 0 %; a maximize indicator has no capaian
 * against 0 (KC_NA_ZERO_TARGET).
 */
enum kc_na kc_capaian(enum kc_polarity pol, int64_t target_e4,
    int64_t realisasi_e4, kc_pct *out);

/* Mean of n percentages; KC_NA_NO_DATA when n is 0. */
enum kc_na kc_mean(const kc_pct *v, size_t n, kc_pct *out);

/* Rounds once, half away from zero, to hundredths of a percent (saturating
 * at the int64 range). */
int64_t kc_round2(kc_pct p);

/* num / den rounded once, half away from zero; den > 0. */
int64_t kc_div_round(__int128 num, __int128 den);

/* a - b and a / b * 100, exact (b not 0 for the ratio). */
kc_pct     kc_pct_sub(kc_pct a, kc_pct b);
enum kc_na kc_pct_ratio(kc_pct a, kc_pct b, kc_pct *out);

/* Cut (not rounded) to hundredths, as hand arithmetic often does. */
int64_t kc_trunc2(kc_pct p);

/* Predikat capaian (Permendagri 86/2017) of a rounded capaian. */
const char *kc_predikat_capaian(int64_t capaian_e2);

/* ----------------------------------------------- capaian of a row */

/* The years kinerja holds: a year outside is refused everywhere. */
#define KC_YEAR_MIN 1900
#define KC_YEAR_MAX 2200

int kc_year_ok(int year); /* 1 when KC_YEAR_MIN <= year <= KC_YEAR_MAX */

/* A target or realisasi as recorded: a number, or an AKIP predikat given
 * without one. */
struct kc_value {
	int          has; /* 0: nothing recorded */
	int          has_number; /* e4 is set; else predikat is */
	int64_t      e4;
	enum kc_akip predikat;
};

/* The number a value stands for, a predikat alone converted by rule
 * (*converted set); 0 when nothing is recorded. */
int kc_value_number(
    const struct kc_value *v, enum kc_rule rule, int64_t *e4, int *converted);

/* The capaian of one indicator-year, with the numbers it came from. */
struct kc_row {
	int        has_target, has_realisasi;
	int64_t    target_e4, realisasi_e4; /* predikats converted */
	int        target_converted, realisasi_converted;
	enum kc_na na; /* KC_AVAILABLE when pct is set */
	kc_pct     pct; /* exact */
	int64_t    e2; /* pct rounded once (kc_round2) */
};

/*
 * The capaian step every reader shares: each value's number (a predikat
 * alone converted by rule), then no target, no realisasi, or kc_capaian
 * with the indicator's polarity (target 0 and a negative target included).
 */
void kc_capaian_row(enum kc_polarity pol, enum kc_rule rule,
    const struct kc_value *target, const struct kc_value *realisasi,
    struct kc_row *out);

/*
 * The point gap of a capaian against a reference unit's (a comparison,
 * docs/comparisons.md): a - ref in percentage points, from the exact
 * capaian, rounded once. KC_AVAILABLE with *e2 set when both have one;
 * else the reason of the one that has none (a's first).
 */
enum kc_na kc_gap(
    const struct kc_row *a, const struct kc_row *ref, int64_t *e2);

/* A span of years a multi-year reply covers: from <= to, both valid
 * years, at most KC_SPAN_MAX of them. 0, or -1 with *why saying what is
 * wrong (in English, for the service's message). */
#define KC_SPAN_MAX 30
int kc_year_span(int from, int to, const char **why);

/* A sasaran of a unit's capaian table: a run of rows with one sasaran. */
struct kc_sasaran_mean {
	size_t     first, rows; /* its rows: [first, first + rows) */
	size_t     indicators; /* rows with a capaian */
	enum kc_na na; /* KC_NA_NO_DATA when none has one */
	kc_pct     mean; /* of the capaian of its indicators */
};

/* A unit's summary (docs/domain.md, "Sasaran and unit capaian"): the mean of each sasaran, and
 * the overall capaian as the mean over the sasaran that have one. */
struct kc_unit_summary {
	struct kc_sasaran_mean *sasaran; /* caller's room for n entries */
	size_t                  nsasaran;
	enum kc_na              na;
	kc_pct                  overall;
	int64_t                 e2; /* overall rounded once */
};

/* Summarizes n rows in sasaran order (consecutive rows with equal
 * sasaran[i] form one); scratch holds n percentages. */
void kc_summarize(const char *const *sasaran, const struct kc_row *rows,
    size_t n, kc_pct *scratch, struct kc_unit_summary *out);

/* ------------------------------------------------------------ roll-up */

/* The predikat capaian bands (Permendagri 86/2017), best first: band 0
 * is Sangat Tinggi (>= 91), 4 Sangat Rendah (< 51). */
#define KC_BANDS 5

int         kc_predikat_band(int64_t capaian_e2); /* of a rounded capaian */
const char *kc_band_name(int band); /* "Sangat Tinggi" ... */

/* One unit's figure in a region's roll-up: a capaian, or why it has none. */
struct kc_share {
	enum kc_na na;
	kc_pct     pct; /* exact; set when na is KC_AVAILABLE */
};

/* A region's roll-up of one figure over its units (docs/rollup.md). */
struct kc_rollup {
	size_t     counted, not_counted;
	enum kc_na na; /* KC_NA_NO_DATA when no unit is counted */
	kc_pct     mean; /* of the counted units' exact figures */
	int64_t    e2; /* mean rounded once */
	size_t     band[KC_BANDS]; /* counted units by their own predikat */
};

/* Counts the units that have a figure, their exact mean (rounded once)
 * and how many fall in each predikat band (each unit's figure rounded
 * as its own reply shows it); scratch holds n percentages. */
void kc_rollup(const struct kc_share *units, size_t n, kc_pct *scratch,
    struct kc_rollup *out);

/* Why a unit whose rows give no overall capaian has none: no indicator
 * at all (KC_NA_NO_DATA), every row without a target, else no realisasi
 * where a target is set, else the first row's own reason. KC_AVAILABLE
 * when a row has a capaian. */
enum kc_na kc_unit_na(const struct kc_row *rows, size_t n);

/* A region's budget: pagu and realisasi summed in sen over the units
 * that give both, and serapan as sum of realisasi over sum of pagu
 * (weighted; not a mean of the units' percentages), rounded once. */
struct kc_budget_rollup {
	size_t     counted, not_counted;
	__int128   pagu, realisasi; /* sums of sen */
	enum kc_na na; /* KC_NA_NO_DATA: no unit counted; or a pagu of 0 */
	kc_pct     serapan;
	int64_t    e2;
};

/* has[i]: unit i gives both amounts; else it is not counted. */
void kc_rollup_budget(const int *has, const int64_t *pagu,
    const int64_t *realisasi, size_t n, struct kc_budget_rollup *out);

/* ------------------------------------------------------------ triwulan */

/* A value's period: 0 the year, 1..KC_TRIWULAN a triwulan, whose figure
 * is the year to date (docs/triwulan.md). */
#define KC_TRIWULAN 4

/* How people write a period: "", "tahun", "Tahunan" -> 0; "tw1", "TW I",
 * "TW 2", "Triwulan II", "triwulan 3", "Q4" -> 1..4 (case, spaces, dots
 * and dashes ignored); -1 when not understood. */
int         kc_period_parse(const char *s);
const char *kc_period_name(int period); /* "tahun", "tw1".."tw4" */
const char *kc_triwulan_roman(int n); /* 1..4 -> "I".."IV" */

/* Whether an indicator's quarterly figures accumulate: the numbers of
 * kinerja.proto's QuarterlyRule. */
enum kc_quarterly {
	KC_Q_DEFAULT = 0, /* by kind: see kc_quarterly_of */
	KC_Q_SUM     = 1, /* a count: the year to date is the running sum */
	KC_Q_LATEST  = 2, /* an index or share: the latest value */
	KC_Q_YEARLY  = 3, /* yearly values only */
};

/* The rule in force: the one set, else by kind: an AKIP score yearly, a
 * satuan %, Persen, Nilai or Indeks latest, anything else (a count) sum. */
enum kc_quarterly kc_quarterly_of(
    const char *satuan, int akip, enum kc_quarterly set);
const char *kc_quarterly_name(enum kc_quarterly q); /* "sum", ... */
/* "sum"/"kumulatif", "latest"/"terakhir", "yearly"/"tahunan",
 * ""/"default"/"bawaan"; (enum kc_quarterly) -1 otherwise. */
enum kc_quarterly kc_quarterly_parse(const char *s);

/* Why a value cannot have that period (NULL: it can): a period outside
 * 0-4, a triwulan on a Renstra kind (kind_is_pk 0), or on an indicator
 * whose rule q (in force) is yearly. */
const char *kc_period_refused(int period, int kind_is_pk, enum kc_quarterly q);

/* An indicator-year's values by period ([0] the year, [n] triwulan n):
 * targets (PK, rencana aksi) and realisasi as entered, the year to date. */
struct kc_quarters {
	struct kc_value target[KC_TRIWULAN + 1];
	struct kc_value realisasi[KC_TRIWULAN + 1];
};

/* Triwulan n's capaian, against its own target and against the year's. */
struct kc_quarter {
	struct kc_row triwulan; /* realisasi to date / target of triwulan n */
	struct kc_row year; /* the same realisasi / the yearly PK target */
	int           realisasi_from; /* triwulan it was entered for; 0 none */
	int           has_in_quarter; /* sum only: the quarter's own figure */
	int64_t       in_quarter_e4; /* to date n minus to date n - 1 */
};

/*
 * The realisasi to date of triwulan n (1..4) is the one entered for n;
 * under KC_Q_LATEST, when n has none, the latest triwulan before it that
 * has one (realisasi_from says which). Both capaian go through
 * kc_capaian_row. An n outside 1..4 gives KC_NA_NO_DATA for both.
 */
void kc_quarter(enum kc_polarity pol, enum kc_rule rule, enum kc_quarterly q,
    const struct kc_quarters *qs, int n, struct kc_quarter *out);
/* 1 when a count's running total falls: under KC_Q_SUM, a number for
 * triwulan n below the one of the triwulan before (prev). Most likely the
 * quarter's own figure entered instead of the year to date. */
int kc_running_total_falls(enum kc_quarterly q, const struct kc_value *prev,
    const struct kc_value *cur);
/* kc_na_reason, saying "triwulan" where it says "tahun" (reason.c). */
const char *kc_na_reason_triwulan(enum kc_na na);

/* ---------------------------------------------------------------- IKM */

#define KC_UNSUR 9

/*
 * IKM (PermenPAN-RB 14/2017) from the survey's unsur: NRR_i = sum_e4[i] /
 * count[i] / 1e4, IKM = sum of NRR_i / 9 * 25. KC_NA_NO_DATA when an
 * unsur has no answer.
 */
enum kc_na  kc_ikm(const int64_t sum_e4[KC_UNSUR],
     const int64_t count[KC_UNSUR], kc_pct *ikm);
const char *kc_mutu(int64_t ikm_e2); /* A, B, C, D */
const char *kc_mutu_label(int64_t ikm_e2); /* Sangat Baik ... Tidak Baik */
const char *kc_unsur_name(int unsur); /* 1-9 */

/* ---------------------------------------------------- stated vs derived */

/*
 * Where a realisasi came from. The stated figure (a value as submitted: the
 * LHE total, the published IKM) is the official one; a figure derived from
 * an evaluation (the sum of the AKIP components, the IKM of the survey) is
 * recorded only where nothing is stated, and a derived figure that differs
 * from the recorded one is a finding (docs/domain.md, "Stated vs derived").
 */
enum kc_source {
	KC_SOURCE_STATED = 0,
	KC_SOURCE_AKIP   = 1, /* sum of the AKIP evaluation's components */
	KC_SOURCE_SURVEY = 2, /* IKM of the SKM survey */
};

/* Whether a derived figure may be recorded over what is recorded now:
 * over nothing, or over a figure derived before; never over a stated one. */
int kc_derived_may_replace(int has_recorded, enum kc_source recorded);

/* The published form of a derived figure: rounded once, half away from
 * zero, to 2 decimals (the IKM of PermenPAN-RB 14/2017, an LHE total),
 * in e4. */
int64_t kc_published_e4(kc_pct exact_percent_or_value);

/* How far apart a recorded and a derived figure may be without a finding,
 * in e4: 0, except for an IKM from unsur means that were themselves
 * rounded to 2 decimals (25 * 0,005 = 0,125 points at most). */
int64_t kc_derived_tolerance_e4(enum kc_source source, int from_means);

/* Whether a derived figure differs from the recorded one by more than
 * the tolerance: a finding. */
int kc_derived_differs(
    int64_t recorded_e4, int64_t derived_e4, int64_t tolerance_e4);

/* "the AKIP components", "the survey": what a derived figure is of, for
 * the API's warnings (English, for developers). */
const char *kc_source_name(enum kc_source source);

/* The finding when a recorded realisasi differs from the figure source
 * derives, in Indonesian with the numbers written the Indonesian way:
 * "komponen evaluasi AKIP menghasilkan 66,56, realisasi tercatat 66,87
 * (selisih -0,31)". */
void kc_derived_finding_text(enum kc_source source, int64_t derived_e4,
    int64_t recorded_e4, char *buf, size_t len);

/* -------------------------------------------------------- budget tree */

#define KC_BUDGET_TOTAL "TOTAL" /* the line stating the unit's total */

enum kc_amount { KC_PAGU, KC_REALISASI };

/* A line of a budget tree (program > kegiatan > sub kegiatan, or the
 * spending classes); amounts in sen, [KC_PAGU] and [KC_REALISASI]. */
struct kc_budget_node {
	const char *code; /* in: unique among the lines */
	const char *parent; /* in: "" for a top line */
	const char *sasaran; /* in: the sasaran a top line serves, or "" */
	int         stated_has[2]; /* in: the amounts the line states */
	int64_t     stated[2];
	long        up; /* out: the parent's index; -1 for a top line */
	unsigned    depth; /* out: 0 for a top line */
	size_t      children; /* out */
	int64_t     sum[2]; /* out: of the children's amounts */
	int         all[2]; /* out: every child has the amount */
	int         has[2]; /* out: the amounts that count */
	int64_t     amount[2];
};

/* A stated amount whose parts are all known and sum to another. */
struct kc_budget_finding {
	const char    *line; /* its code, or KC_BUDGET_TOTAL */
	enum kc_amount field;
	int64_t        stated, sum; /* the difference is stated - sum */
};

struct kc_budget_tree {
	struct kc_budget_node    *node; /* the lines, parents first */
	size_t                    n;
	long                      total; /* the TOTAL line, or -1 */
	struct kc_budget_finding *finding; /* in the arena */
	size_t                    nfindings;
};

/*
 * Links each line to its parent (a parent given later or unknown makes a
 * top line), sets depths, and settles amounts bottom-up: a line with
 * children counts their sums when they give both amounts in full, else
 * what it states; a stated amount its complete parts contradict is a
 * finding. The TOTAL line is checked against the top lines the same way.
 * 0, or -1 when the arena has no memory.
 */
int kc_budget_settle(struct kc_budget_tree *t, struct kc_arena *a);

/* Amounts summed over a tree's top lines (TOTAL left out). */
struct kc_budget_sum {
	int     complete; /* every line counted has both amounts */
	int64_t amount[2];
	int     whole; /* no line serves the sasaran: the whole budget */
};

/* The top lines' sum; with sasaran, of the lines serving it, or of the
 * whole budget when those hold nothing. */
void kc_budget_top(const struct kc_budget_tree *t, const char *sasaran,
    struct kc_budget_sum *out);

/* The unweighted mean of the top lines' serapan (which some reports quote
 * instead of the total's); scratch holds n percentages. */
enum kc_na kc_budget_program_mean(
    const struct kc_budget_tree *t, kc_pct *scratch, kc_pct *out);

/* Serapan: realisasi / pagu * 100, when both are given. */
enum kc_na kc_serapan(int has_pagu, int64_t pagu, int has_realisasi,
    int64_t realisasi, kc_pct *out);

/* ------------------------------------------------------------- ranking */

struct kc_rank_item {
	int64_t  key; /* the measure, exact: a value in e4 or a capaian e2 */
	int      has; /* 0: no data; listed after the ranked, rank 0 */
	size_t   index; /* the caller's position; orders ties */
	uint32_t rank; /* set by kc_rank */
};

/* Sorts items best first (ties in index order), then those without data
 * in index order, and sets competition ranks: 1, 2, 2, 4. */
void kc_rank(struct kc_rank_item *items, size_t n, int higher_better);

/* --------------------------------------------------------------- trend */

/* The least-squares line through points (x, y): slope = num / den. */
struct kc_line {
	__int128 num;
	__int128 den;
	__int128 sum_x;
	__int128 sum_y;
	int64_t  n;
};

/* Fits a line through n points (years, values in e4); -1 when there are
 * fewer than two distinct years. */
int kc_line_fit(
    const int32_t *x, const int64_t *y_e4, size_t n, struct kc_line *out);
/* The slope in e4 per year, rounded once, half away from zero. */
int64_t kc_line_slope_e4(const struct kc_line *l);
/* The line's value at x in e4, rounded once, half away from zero. */
int64_t kc_line_at_e4(const struct kc_line *l, int32_t x);

/* -------------------------------------------------------- valid range */

/* The values an indicator may take, in e4; either bound may be absent. */
struct kc_range {
	int     has_min, has_max;
	int64_t min_e4, max_e4;
};

/*
 * The range an indicator's values must lie in (issue #12): the bounds
 * set on the indicator, each over the default its kind gives. Defaults:
 * an AKIP score (akip != 0) 0..100; satuan "%" or "Persen" 0..100; an IKM
 * indicator (code IKM or SKM, or a name with "IKM" or "Kepuasan
 * Masyarakat") in Nilai 25..100 (PermenPAN-RB 14/2017); a count (Orang,
 * Dokumen, Unit, Laporan, Paket, Kasus, Kegiatan, ...) >= 0; else none.
 */
struct kc_range kc_range_of(const char *code, const char *name,
    const char *satuan, int akip, const struct kc_range *set);
/* 1 when satuan is a percentage ("%" or "Persen"). */
int kc_satuan_is_percent(const char *satuan);
/* 0 when e4 lies in r, -1 below it, 1 above it. */
int kc_range_check(const struct kc_range *r, int64_t e4);
/* "25..100", ">= 0", "<= 100" or "any", numbers without trailing zeros. */
void kc_range_text(const struct kc_range *r, char *buf, size_t len);
/* 1 when a number as written ends in '%' ("80,5 %"). */
int kc_has_percent_sign(const char *s);
/* e4 as a plain decimal without trailing zeros: 255000 -> "25.5". */
void kc_format_e4(int64_t e4, char *buf, size_t len);
/* The first of n keys that repeats an earlier one ("" never counts), with
 * *earlier set to that one's index; -1 with *earlier == n when all differ,
 * -1 with *earlier != n when out of memory. O(n log n) whatever the keys. */
long kc_first_duplicate(const char *const *keys, size_t n, size_t *earlier);

/* ----------------------------------------------------------------- CSV */

#define KC_CSV_MAX_FIELDS 64

/* One record; fields point into the record's own buffer. */
struct kc_csv_row {
	unsigned line; /* line the record starts on */
	size_t   nfields;
	char    *fields[KC_CSV_MAX_FIELDS];
	char    *buf; /* owned field storage */
	size_t   cap;
};

struct kc_csv {
	const char *p; /* next unread byte */
	const char *end;
	unsigned    line; /* current line number, 1-based */
	char        delim; /* ',' or ';', detected from the header */
	size_t      width; /* fields of the header; 0 before it is read */
	char        msg[160]; /* a width error's text (why points here) */
};

/* Starts reading buf; skips a UTF-8 BOM and detects the delimiter. */
void kc_csv_init(struct kc_csv *c, const char *buf, size_t len);

/*
 * Reads the next non-blank record (RFC 4180 quoting, CRLF or LF). Returns 1
 * for a record, 0 at the end, -1 on malformed input with *why set. A record
 * whose field count differs from the header's (the first record) is
 * malformed: `85,5` unquoted in comma CSV would otherwise become 85 and an
 * ignored extra column.
 */
int  kc_csv_next(struct kc_csv *c, struct kc_csv_row *row, const char **why);
void kc_csv_row_free(struct kc_csv_row *row);

/* ------------------------------------------------------ approval.c */

/* A unit-year's approval state, as stored. */
enum kc_approval {
	KC_APPROVAL_DRAFT, /* open: the unit is still writing */
	KC_APPROVAL_SUBMITTED, /* diajukan by the unit */
	KC_APPROVAL_VERIFIED, /* diverifikasi by the region's verifier */
	KC_APPROVAL_APPROVED, /* disetujui: its figures are locked */
	KC_APPROVAL_COUNT
};

enum kc_action {
	KC_ACTION_SUBMIT, /* ajukan */
	KC_ACTION_VERIFY, /* verifikasi */
	KC_ACTION_APPROVE, /* setujui */
	KC_ACTION_RETURN, /* kembalikan: back to draft, with a reason */
	KC_ACTION_REOPEN, /* buka: an approved year back to draft */
	KC_ACTION_COUNT
};

/* Who takes an action, as far as the table cares. */
enum kc_actor {
	KC_ACTOR_SUBMITTER, /* the unit's own */
	KC_ACTOR_VERIFIER, /* of a region the unit lies in */
	KC_ACTOR_ADMIN,
	KC_ACTOR_COUNT
};

struct kc_transition {
	enum kc_approval from;
	enum kc_action   action;
	enum kc_approval to;
	unsigned         actors; /* mask of 1 << enum kc_actor */
	int              needs_reason;
};

enum kc_step {
	KC_STEP_OK,
	KC_STEP_BAD_STATE, /* the action is not allowed from the state */
	KC_STEP_BAD_ACTOR, /* allowed, but not to this actor */
	KC_STEP_NEEDS_REASON,
};

/* "draft", "diajukan", "diverifikasi", "disetujui". */
const char *kc_approval_name(enum kc_approval s);
/* "ajukan", "verifikasi", "setujui", "kembalikan", "buka". */
const char *kc_action_name(enum kc_action a);
const char *kc_actor_name(enum kc_actor a);
int         kc_action_parse(const char *name, enum kc_action *out);
int         kc_approval_parse(const char *name, enum kc_approval *out);

/* Whether `actor` may take `action` on a unit-year in state `from`; on
 * KC_STEP_OK *out is the transition (its `to` the new state). */
enum kc_step kc_approval_step(enum kc_approval from, enum kc_action action,
    enum kc_actor actor, int has_reason, const struct kc_transition **out);
/* The actions allowed from a state (by someone), into out; how many. */
size_t kc_actions_from(enum kc_approval from, enum kc_action *out, size_t cap);
/* An approved year's figures may not be written. */
int kc_approval_locked(enum kc_approval s);

/* How complete a unit's (or a region's) figures for a year are. */
struct kc_completeness {
	int64_t indicators; /* linked to the unit's sasaran */
	int64_t targets, realisasi; /* of those: with a target, a realisasi */
	int64_t budget, survey, akip; /* units with one for the year */
	int64_t units;
};

void kc_completeness_add(
    struct kc_completeness *c, int has_target, int has_realisasi);
void kc_completeness_sum(
    struct kc_completeness *to, const struct kc_completeness *c);
/* Present and expected items: a target and a realisasi per indicator, a
 * budget, a survey and an AKIP evaluation per unit. */
void kc_completeness_counts(
    const struct kc_completeness *c, int64_t *present, int64_t *expected);
/* present / expected * 100, exact (round once with kc_round2);
 * KC_NA_NO_DATA when nothing is expected. */
enum kc_na kc_completeness_pct(const struct kc_completeness *c, kc_pct *out);

#endif
