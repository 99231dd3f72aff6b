/*
 * store.h - the storage interface of kinerjad. Handlers see only this
 * header: plain structs in, callbacks out, no SQL. store_sqlite.c implements
 * it on SQLite; a second backend (PostgreSQL) implements the same functions.
 *
 * A struct kstore is one connection and is used by one thread at a time;
 * every worker of the server owns one.
 */
#ifndef KINERJA_STORE_H
#define KINERJA_STORE_H

#include <stddef.h>
#include <stdint.h>

struct kstore;

/* Room for the strings of one unit or indicator read back: a code and
 * two texts of at most 64 and 512 bytes (the handlers' limits). */
#define KSTORE_BUF 2048

/* Results; negative values are failures of the store itself. */
enum {
	KS_OK          = 0,
	KS_NOTFOUND    = 1,
	KS_ERROR       = -1, /* see kstore_errmsg() */
	KS_BUSY        = -2, /* another writer held the lock too long */
	KS_INTERRUPTED = -3, /* the deadline passed */
	KS_CONFLICT    = 2, /* a key already taken */
};

/* What a put did. */
enum kchange { KS_UNCHANGED, KS_CREATED, KS_UPDATED };

int kstore_open(
    const char *path, struct kstore **out, char *err, size_t errlen);
void        kstore_close(struct kstore *st);
const char *kstore_errmsg(struct kstore *st);
int         kstore_schema_version(void);
/* Claims the database for this process with a lock file beside it
 * (path-kinerjad.lock), held until kstore_unlock or exit: KS_BUSY, with
 * err naming the database and the holder's pid, when another holds it
 * and either side did not say shared. */
int kstore_lock(
    const char *path, int shared, int *fd, char *err, size_t errlen);
void kstore_unlock(int fd);
/* KS_OK when the database takes writes; else KS_ERROR and why. Cheap:
 * no statement runs (see store_health.c). */
int kstore_health(struct kstore *st, char *reason, size_t len);
/* Copies the whole database to path (created or overwritten) as one
 * consistent snapshot, while others go on reading and writing. */
int kstore_backup(struct kstore *st, const char *path);
/* Bytes the database file holds (pages in use and free). */
int kstore_size(struct kstore *st, uint64_t *bytes);

/* What kstore_copy found in one table: the rows and a checksum of every
 * value (a sum of row hashes, so order-free), read from the source and
 * read back from the destination before the commit. */
struct kcopy_table {
	const char *name;
	int64_t     rows_from, rows_to;
	uint64_t    sum_from, sum_to;
};
typedef void (*kcopy_cb)(void *arg, const struct kcopy_table *t);
/* Copies every row of every table of from (a snapshot) into to, ids kept,
 * in one transaction of to (kinerjad migrate). to must be empty: else
 * KS_CONFLICT and nothing written. It commits only if every table reads
 * back as copied; cb is told each table once checked. Failures say why in
 * err, naming the side, and leave to as it was. */
int kstore_copy(struct kstore *from, struct kstore *to, kcopy_cb cb, void *arg,
    char *err, size_t len);

/* Long statements are interrupted once the monotonic clock passes this
 * (milliseconds, as from kstore_now_ms); 0 clears it. */
void    kstore_set_deadline(struct kstore *st, int64_t deadline_ms);
int64_t kstore_now_ms(void);
/* The clock st's deadline is read on; NULL: kstore_now_ms. For tests:
 * it reaches a moment the real clock reaches only by chance. */
void kstore_set_deadline_clock(struct kstore *st, int64_t (*now_ms)(void));

int  kstore_begin(struct kstore *st); /* a write transaction */
int  kstore_begin_read(struct kstore *st);
int  kstore_commit(struct kstore *st);
void kstore_rollback(struct kstore *st);
/* The database's write generation as the open read transaction sees it:
 * a number that every committed write transaction (kstore_begin ...
 * kstore_commit) changes, whichever connection, worker, process or
 * replica made it, and that never returns to an earlier value. An answer
 * computed from a snapshot stays true while the generation read in a
 * later snapshot is the same (the handlers' ranking cache). KS_NOTFOUND
 * outside a read transaction and inside a write one, whose changes are
 * not committed yet. Reading it writes nothing. */
int  kstore_generation(struct kstore *st, int64_t *gen);
int  kstore_savepoint(struct kstore *st);
int  kstore_release(struct kstore *st);
void kstore_rollback_savepoint(struct kstore *st);

/* An applied write, kept by request id so that a resend is answered with
 * the first reply instead of being applied again. */
struct kreplay {
	const char *method;
	uint8_t     digest[16]; /* of the request's payload */
	void       *reply; /* the packed record; malloc'd on get */
	size_t      len;
	/* On get: the row predates schema 9 and reply holds the packed
	 * response envelope it was sent in. Put always writes a record. */
	int envelope;
};

/* KS_NOTFOUND when the id is new; the caller frees out->reply. */
int kstore_replay_get(struct kstore *st, const char *request_id,
    struct kreplay *out, char *method_buf, size_t method_len);
int kstore_replay_put(
    struct kstore *st, const char *request_id, const struct kreplay *r);
/* Replays older than ttl seconds are forgotten (0: kept for ever), so a
 * resend after that is a new write. kstore_replay_put deletes a bounded
 * number of them every so often; kstore_replay_expire deletes up to
 * limit now and returns how many, or < 0. */
#define KSTORE_REPLAY_TTL (7 * 86400)
void kstore_set_replay_ttl(struct kstore *st, int64_t ttl_s);
int  kstore_replay_expire(struct kstore *st, int limit);
/* The wall clock rows are stamped with (unix seconds); NULL: time().
 * For tests. */
void kstore_set_clock(struct kstore *st, int64_t (*now)(void));

/* Levels and enums use the numbers of kinerja.proto. */
struct kunit {
	const char *code;
	const char *name;
	const char *parent; /* "" for a root */
	int         level;
	int64_t     id; /* on reads: the unit's row id (kstore_values_of_year) */
};

struct kindicator {
	const char *code;
	const char *name;
	const char *satuan;
	int         polarity;
	int         value_type;
	int         has_min, has_max; /* bounds set on the indicator */
	int64_t     min_e4, max_e4; /* (the core adds defaults by kind) */
	int         quarterly; /* enum kc_quarterly as set; 0: by kind */
};

struct ksasaran {
	const char *unit;
	const char *sasaran;
	const char *indicator;
	const char *tujuan;
	const char *penanggung_jawab; /* of the link; NULL as "" on put */
};

/* A stored value: a number, or an AKIP predikat alone (has_value 0). */
struct kvalue {
	const char *unit;
	const char *indicator;
	int         year;
	int         kind;
	int         has_value;
	int64_t     value_e4;
	int         predikat; /* enum kc_akip; KC_AKIP_NONE with a number */
	int         revision; /* on reads: 1 for the first value */
	int         source; /* enum kc_source: stated, or derived from */
	int         period; /* 0 the year, 1-4 a triwulan (year to date) */
	int64_t     unit_id; /* kstore_values_of_year: the unit's kunit.id */
};

typedef int (*kunit_cb)(void *arg, const struct kunit *u);
typedef int (*kindicator_cb)(void *arg, const struct kindicator *i);
/* A unit-year something is stored for (see the export functions). */
typedef int (*kkey_cb)(void *arg, const char *unit, int year);

/* KS_NOTFOUND when the code is unknown. */
int kstore_unit_exists(struct kstore *st, const char *code); /* KS_OK */
int kstore_unit_get(struct kstore *st, const char *code, struct kunit *out,
    char *buf, size_t buflen);
/* KS_NOTFOUND when the parent is unknown. */
int kstore_unit_put(
    struct kstore *st, const struct kunit *u, enum kchange *change);
/* kstore_unit_put when the caller has read the unit in this transaction:
 * old is what kstore_unit_get gave, NULL when it found none. */
int kstore_unit_write(struct kstore *st, const struct kunit *u,
    const struct kunit *old, enum kchange *change);
/* A unit's level; KS_NOTFOUND when there is no such unit. A batch names
 * the same parent again and again: remembered within a transaction. */
int kstore_unit_level(struct kstore *st, const char *code, int *level);
/* parent NULL: every unit; "" roots only; else that unit's children. */
int kstore_unit_list(
    struct kstore *st, const char *parent, kunit_cb cb, void *arg);
/* Lowest level among a unit's children, 0 if it has none. */
int kstore_unit_min_child_level(
    struct kstore *st, const char *code, int *level);

int kstore_indicator_get(struct kstore *st, const char *code,
    struct kindicator *out, char *buf, size_t buflen);
int kstore_indicator_put(
    struct kstore *st, const struct kindicator *ind, enum kchange *change);
int kstore_indicator_list(struct kstore *st, kindicator_cb cb, void *arg);
/* How many stored values of an indicator are a predikat alone, and how
 * many numbers lie outside 0-100: what a change of value type breaks. */
int kstore_indicator_value_kinds(struct kstore *st, const char *code,
    int64_t *predikat_only, int64_t *outside_0_100);
/* How many triwulan values (period > 0) an indicator has stored. */
int kstore_indicator_quarterly_values(
    struct kstore *st, const char *code, int64_t *n);
/* How many stored (latest) numbers of an indicator lie outside a range;
 * an absent bound excludes nothing. */
int kstore_indicator_outside(struct kstore *st, const char *code, int has_min,
    int64_t min_e4, int has_max, int64_t max_e4, int64_t *n);

/* KS_NOTFOUND when the unit or the indicator is unknown. */
int kstore_sasaran_put(
    struct kstore *st, const struct ksasaran *s, enum kchange *change);

/* The tujuan of the unit's sasaran of that name, into buf. */
int kstore_sasaran_tujuan(struct kstore *st, const char *unit,
    const char *name, char *buf, size_t len);

/* KS_OK when the unit has a sasaran of that name, else KS_NOTFOUND. */
int kstore_sasaran_exists(
    struct kstore *st, const char *unit, const char *sasaran);

/* Records a new revision when the value differs from the latest one;
 * *old, when given, receives the latest one (if any: see *change). */
int kstore_value_put(struct kstore *st, const struct kvalue *v,
    const char *request_id, enum kchange *change, struct kvalue *old);

typedef int (*kvalue_cb)(void *arg, const struct kvalue *v);

/* Every revision of one value, oldest first; only the number, predikat
 * and revision of each are set. */
int kstore_value_history(
    struct kstore *st, const struct kvalue *key, kvalue_cb cb, void *arg);

/* Units under region, at any depth, that have no units under them (the
 * reporting agencies), by code; region NULL: every such unit. KS_NOTFOUND
 * when the region is unknown. */
int kstore_leaf_units(
    struct kstore *st, const char *region, kunit_cb cb, void *arg);

/* The latest value of one indicator, year (period 0) and kind for every
 * unit that has one, in no set order: v->unit_id names the unit (as
 * kunit.id does) and v->unit is NULL, so that a ranking of every unit
 * reads one index range and matches rows without comparing codes. Only
 * the value (has_value, value_e4, predikat) is read: revision and source
 * are 0. */
int kstore_values_of_year(struct kstore *st, const char *indicator, int year,
    int kind, kvalue_cb cb, void *arg);

/* One indicator-year and kind of kstore_values_of_years: its values go
 * to cb with arg, as kstore_values_of_year gives them. */
struct kvalues_ask {
	int       year, kind;
	kvalue_cb cb;
	void     *arg;
};

/* kstore_values_of_year for each of n asks, in the open read
 * transaction's snapshot. For units (the caller's count of them) from
 * KSTORE_SIDE_UNITS on, a SQLite file's first n / 2 asks may be read
 * at the same time on a second connection, in the same snapshot, with
 * their callbacks on another thread (store_side.c). So callbacks of
 * different asks must not write to the same memory, and an ask's
 * callback may be given its rows again from the start, on the caller's
 * thread once the other has ended (when the second connection failed
 * partway): a callback keeps what a row says, it does not count it. */
#define KSTORE_SIDE_UNITS 20000
int kstore_values_of_years(struct kstore *st, const char *indicator,
    const struct kvalues_ask *ask, int n, size_t units);
/* From how many units kstore_values_of_years reads on two connections.
 * For tests. */
void kstore_set_side_units(struct kstore *st, size_t units);

/* 1 when a sasaran of the unit shows the indicator, 0 when none does,
 * or a KS_ error. */
int kstore_value_linked(
    struct kstore *st, const char *unit, const char *indicator);
/* Before a value of the unit-year is checked and written: on a remote
 * backend in a transaction, what that asks of the store (the unit-year's
 * values, its unit's linked indicators, its AKIP evaluation and survey)
 * is read at once, unless it was for the value before; otherwise
 * nothing. KS_OK (an unknown unit too: the checks say) or a failure. */
int kstore_unit_year_read(struct kstore *st, const char *unit, int year);
/* A batch's unit-years (units[i], years[i]) in the order it writes them:
 * on a remote backend in a transaction, what kstore_unit_year_read and
 * the units' lookups ask is then read KST_AHEAD unit-years a statement.
 * The arrays must stay as they are until the transaction ends. n 0 (or
 * no memory for the reads): no plan. */
void kstore_unit_years_ahead(
    struct kstore *st, const char *const *units, const int *years, size_t n);

/* A unit's latest yearly values (period 0) of one indicator for
 * from <= year <= to, ordered by year, then kind. */
int kstore_value_rows(struct kstore *st, const char *unit,
    const char *indicator, int from, int to, kvalue_cb cb, void *arg);

/* A unit's latest targets and realisasi of one indicator-year, every
 * period (v->kind and v->period set), by kind, then period. */
int kstore_value_quarters(struct kstore *st, const char *unit,
    const char *indicator, int year, kvalue_cb cb, void *arg);

/* One indicator of a unit's sasaran with its latest target and realisasi
 * of the year (period 0). */
struct kcapaian_row {
	const char       *sasaran;
	const char       *tujuan;
	struct kindicator ind;
	int               has_target; /* any target row exists */
	struct kvalue     target;
	int               has_realisasi;
	struct kvalue     realisasi;
};
typedef int (*kcapaian_cb)(void *arg, const struct kcapaian_row *row);

/* Rows in sasaran order, then in the order indicators were linked; the
 * target is the PK target (kind 3), or with _against that of target_kind
 * (1, the Renstra's target for the year). */
int kstore_capaian_rows(
    struct kstore *st, const char *unit, int year, kcapaian_cb cb, void *arg);
int kstore_capaian_rows_against(struct kstore *st, const char *unit, int year,
    int target_kind, kcapaian_cb cb, void *arg);

/* The benchmark of an indicator-year (a national or provincial standard)
 * and its source; KS_NOTFOUND when there is none. put: the indicator must
 * exist (the caller checks). */
int kstore_benchmark_get(struct kstore *st, const char *indicator, int year,
    int64_t *value_e4, char *source, size_t len);
int kstore_benchmark_put(struct kstore *st, const char *indicator, int year,
    int64_t value_e4, const char *source, enum kchange *change);

/* ------------------------------------- the LKjIP's own text (#15) */

/* Room for an indicator's metadata read back: three texts of at most
 * 4 KiB (the handlers' limit). */
#define KSTORE_META_BUF (3 * 4096 + 3)

/* What the LKjIP's IKU tables say of an indicator; "" not given. */
struct kindicator_meta {
	int         type; /* IndicatorType */
	const char *definisi, *formula, *sumber_data;
};

/* KS_NOTFOUND when the indicator is unknown. */
int kstore_indicator_meta_get(struct kstore *st, const char *code,
    struct kindicator_meta *out, char *buf, size_t len);
int kstore_indicator_meta_put(
    struct kstore *st, const char *code, const struct kindicator_meta *m);
/* The penanggung jawab of a link, into buf; KS_NOTFOUND when the link
 * does not exist. */
int kstore_link_pj_get(struct kstore *st, const struct ksasaran *link,
    char *buf, size_t len);

/* One narrative section (NarrativeSection) of a unit-year, of one of
 * its indicators or (indicator "") of the unit-year itself. */
struct knarrative {
	const char *unit;
	int         year;
	const char *indicator;
	int         section;
	const char *text;
};
typedef int (*knarrative_cb)(void *arg, const struct knarrative *n);

/* The text into buf; KS_NOTFOUND when the section is not stored. */
int kstore_narrative_get(struct kstore *st, const struct knarrative *key,
    char *buf, size_t len);
/* Stores n->text, or removes the section when it is "". KS_NOTFOUND
 * when the unit or the indicator is unknown. */
int kstore_narrative_put(struct kstore *st, const struct knarrative *n);
/* By unit code, year, indicator ("" first) and section; unit NULL every
 * unit, year 0 every year. Strings are valid during the callback. */
int kstore_narrative_list(struct kstore *st, const char *unit, int year,
    knarrative_cb cb, void *arg);

/* The texts of a unit profile, in the order of the columns (and of
 * UnitProfile's fields). */
enum kprofile_text {
	KP_DASAR_HUKUM,
	KP_TUGAS_POKOK,
	KP_FUNGSI,
	KP_SUSUNAN_ORGANISASI,
	KP_PIMPINAN_JABATAN,
	KP_PIMPINAN_NAMA,
	KP_PIMPINAN_NIP,
	KP_SEKRETARIS_NAMA,
	KP_SEKRETARIS_NIP,
	KP_ATASAN_JABATAN,
	KP_ATASAN_NAMA,
	KP_TEMPAT,
	KP_TANGGAL_PK,
	KP_TANGGAL_PK_PERUBAHAN,
	KP_TEXTS
};

#define KSTAFF_MAX 64 /* staff rows of a profile */

/* A row of a staff table (StaffGroup, category as written). */
struct kstaff {
	int         group;
	const char *category;
	uint32_t    laki_laki, perempuan;
};

/* BAB I of a unit-year. */
struct kprofile {
	const char          *unit;
	int                  year;
	const char          *text[KP_TEXTS];
	int                  has_luas;
	int64_t              luas_e2; /* hectares, 2 decimals */
	uint32_t             desa, kelurahan, penduduk;
	const struct kstaff *staff;
	size_t               nstaff;
};
typedef int (*kunit_profile_cb)(void *arg, const struct kprofile *p);

/* Calls cb once with the profile (strings valid during the call);
 * KS_NOTFOUND when the unit-year has none. */
int kstore_profile_get(struct kstore *st, const char *unit, int year,
    kunit_profile_cb cb, void *arg);
/* Replaces the unit-year's profile whole; KS_NOTFOUND when the unit is
 * unknown. */
int kstore_profile_put(struct kstore *st, const struct kprofile *p);
/* The unit-years with a profile (unit NULL every unit, year 0 every
 * year), by unit code and year. */
int kstore_profile_keys(
    struct kstore *st, const char *unit, int year, kkey_cb cb, void *arg);

/* ------------------------------------------------------------- budget */

/* The two breakdowns of a budget: program tree and spending classes. */
enum kbudget_table { KB_LINES, KB_BELANJA };

/* A line of either breakdown (a spending class has code = its name and
 * no sasaran or output). Amounts in sen, outputs in e4. */
struct kbudget_line {
	const char *code;
	const char *name;
	const char *parent;
	const char *sasaran;
	const char *output;
	const char *satuan;
	int         has_pagu, has_realisasi;
	int64_t     pagu_sen, realisasi_sen;
	int         has_output_target, has_output_realisasi;
	int64_t     output_target_e4, output_realisasi_e4;
};

typedef int (*kbudget_cb)(void *arg, const struct kbudget_line *l);

/* Starts replacing a unit-year's lines: lines not put again before
 * kstore_budget_sweep() are deleted by it. */
int kstore_budget_mark(
    struct kstore *st, enum kbudget_table t, const char *unit, int year);
int kstore_budget_sweep(
    struct kstore *st, enum kbudget_table t, const char *unit, int year);
/* The lines marked and not put again: what a sweep would delete. */
int kstore_budget_stale(struct kstore *st, enum kbudget_table t,
    const char *unit, int year, kbudget_cb cb, void *arg);
/* Puts a line at position seq; *change compares it with the line of the
 * same code before the mark, which goes to *old when given (its texts in
 * buf). KS_CONFLICT when the code was already put in this submission. */
int kstore_budget_put(struct kstore *st, enum kbudget_table t,
    const char *unit, int year, int seq, const struct kbudget_line *l,
    enum kchange *change, struct kbudget_line *old, char *buf, size_t len);
/* KS_OK when code was put in this submission, else KS_NOTFOUND. */
int kstore_budget_live(struct kstore *st, enum kbudget_table t,
    const char *unit, int year, const char *code);
/* A unit-year's lines in submission order. */
int kstore_budget_list(struct kstore *st, enum kbudget_table t,
    const char *unit, int year, kbudget_cb cb, void *arg);

/* ------------------------------------------------- a region at once */

/* What a region's roll-up reads in one query each (store_region.c)
 * instead of a query per unit: the rows of every leaf unit under the
 * region (as kstore_leaf_units lists them), each row with its unit's id
 * (kunit.id), one unit's rows together, and within a unit in the order
 * kstore_capaian_rows_against and kstore_budget_list give them. */
typedef int (*kregion_capaian_cb)(
    void *arg, int64_t unit_id, const struct kcapaian_row *row);
typedef int (*kregion_budget_cb)(
    void *arg, int64_t unit_id, const struct kbudget_line *l);
int kstore_region_capaian_rows(struct kstore *st, const char *region,
    int year, int target_kind, kregion_capaian_cb cb, void *arg);
int kstore_region_budget_list(struct kstore *st, enum kbudget_table t,
    const char *region, int year, kregion_budget_cb cb, void *arg);

/* ------------------------------------------------------------- survey */

#define KSURVEY_UNSUR 9

/* A survey as sums: NRR of unsur i = sum_e4[i] / count[i] / 1e4. */
struct ksurvey {
	char    indicator[72]; /* whose realisasi its IKM derives */
	int64_t respondents; /* 0 when per-unsur means were given */
	int64_t stated_respondents; /* with means: the stated count; 0 none */
	int64_t sum_e4[KSURVEY_UNSUR];
	int64_t count[KSURVEY_UNSUR];
};

typedef int (*kprofile_cb)(
    void *arg, const char *field, const char *value, int64_t count);

/* Replaces a unit-year's survey and its profile counts. */
int kstore_survey_put(struct kstore *st, const char *unit, int year,
    const struct ksurvey *sv, enum kchange *change);
int kstore_survey_profile_add(struct kstore *st, const char *unit, int year,
    const char *field, const char *value);
int kstore_survey_get(
    struct kstore *st, const char *unit, int year, struct ksurvey *out);
int kstore_survey_profile(
    struct kstore *st, const char *unit, int year, kprofile_cb cb, void *arg);

/* A respondent as submitted, kept so that a survey can be exported. */
struct kresponse {
	const char *respondent;
	int         scores[KSURVEY_UNSUR];
	const char *gender, *education, *age, *occupation;
};

typedef int (*kresponse_cb)(void *arg, const struct kresponse *r);

int kstore_survey_response_add(struct kstore *st, const char *unit, int year,
    int seq, const struct kresponse *r);
int kstore_survey_responses(
    struct kstore *st, const char *unit, int year, kresponse_cb cb, void *arg);

/* --------------------------------------------------------------- AKIP */

struct kakip_component {
	const char *name;
	int64_t     weight_e4, score_e4;
	int         has_target;
	int64_t     target_e4;
};

typedef int (*kakip_cb)(void *arg, const struct kakip_component *c);

/* Replaces a unit-year's components. */
/* Replaces a unit-year's components; `indicator` is the one whose
 * realisasi their sum derives. */
int kstore_akip_put(struct kstore *st, const char *unit, int year,
    const char *indicator, const struct kakip_component *c, size_t n,
    enum kchange *change);
/* The indicator a unit-year's evaluation derives; KS_NOTFOUND when there
 * is no evaluation. */
int kstore_akip_indicator(
    struct kstore *st, const char *unit, int year, char *out, size_t size);
int kstore_akip_list(
    struct kstore *st, const char *unit, int year, kakip_cb cb, void *arg);

/* ------------------------------------------------------------- export */

/* What a unit-year holds, for an export: unit NULL means every unit, year
 * 0 every year. The callback returns KS_OK to go on; anything else stops
 * the walk and is returned. */
typedef int (*klink_cb)(void *arg, const struct ksasaran *s);

int kstore_sasaran_list(
    struct kstore *st, const char *unit, klink_cb cb, void *arg);
/* Every revision, oldest first, by unit, indicator, year and kind. */
int kstore_value_export(
    struct kstore *st, const char *unit, int year, kvalue_cb cb, void *arg);
int kstore_budget_keys(struct kstore *st, enum kbudget_table t,
    const char *unit, int year, kkey_cb cb, void *arg);
int kstore_akip_keys(
    struct kstore *st, const char *unit, int year, kkey_cb cb, void *arg);
int kstore_survey_keys(
    struct kstore *st, const char *unit, int year, kkey_cb cb, void *arg);

/* ------------------------------------------------------- access, history */

/* An API token. Only a hash of its secret is kept. */
#define KTOKEN_HASH 32
struct ktoken {
	int64_t     id;
	const char *name;
	const char *role; /* "admin", "submitter" or "viewer" */
	uint8_t     hash[KTOKEN_HASH];
	int64_t     created_at; /* unix seconds */
	int64_t     revoked_at; /* 0: valid */
};

typedef int (*ktoken_cb)(void *arg, const struct ktoken *t);
typedef int (*kname_cb)(void *arg, const char *name);

/* KS_CONFLICT when the name is taken. */
int kstore_token_add(struct kstore *st, struct ktoken *t,
    const char *const *units, size_t nunits);
/* Units are not filled in; see kstore_token_units. */
int kstore_token_get(
    struct kstore *st, int64_t id, struct ktoken *out, char *buf, size_t len);
int kstore_token_units(struct kstore *st, int64_t id, kname_cb cb, void *arg);
int kstore_token_list(struct kstore *st, ktoken_cb cb, void *arg);
/* By name; KS_NOTFOUND when no valid token has it. */
int kstore_token_revoke(struct kstore *st, const char *name);

/* One change made by a write. */
struct khistory {
	int64_t     id; /* assigned on add */
	int64_t     at_ms; /* unix milliseconds */
	const char *actor; /* token name */
	const char *request_id;
	const char *method;
	const char *what; /* "unit", "target", "realisasi", "budget", ... */
	const char *unit; /* "" when the change has none */
	const char *indicator; /* "" when the change has none */
	int         year; /* 0 when the change has none */
	const char *field;
	const char *old_value; /* NULL: did not exist */
	const char *new_value; /* NULL: removed */
	const char *reason;
};

typedef int (*khistory_cb)(void *arg, const struct khistory *h);

int kstore_history_add(struct kstore *st, const struct khistory *h);
/* Every row with at_ms < before_ms, oldest first (for an archive). */
int kstore_history_before(
    struct kstore *st, int64_t before_ms, khistory_cb cb, void *arg);
/* In one transaction: deletes the rows with at_ms < before_ms and
 * id <= max_id, which must be n (else KS_CONFLICT: another archive ran
 * meanwhile, and nothing is deleted), and adds h, which records it. */
int kstore_history_prune(struct kstore *st, int64_t before_ms, int64_t max_id,
    int64_t n, const struct khistory *h);
/* Oldest first; unit "", indicator "" and year 0 match any. At most
 * limit rows with id > after. */
int kstore_history_list(struct kstore *st, const char *unit,
    const char *indicator, int year, int64_t after, uint32_t limit,
    khistory_cb cb, void *arg);

/* ----------------------------------------------------------- approval */

/* A unit-year's approval state (enum kc_approval) and its last step. */
struct kapproval {
	const char *unit;
	int         year;
	int         state;
	const char *actor;
	int64_t     at_ms; /* unix milliseconds */
	const char *reason;
};

/* KS_NOTFOUND when the unit-year never moved: a draft. */
int kstore_approval_get(struct kstore *st, const char *unit, int year,
    struct kapproval *out, char *buf, size_t len);
/* KS_NOTFOUND when the unit is unknown. */
int kstore_approval_put(struct kstore *st, const struct kapproval *a);
/* approved[i] = 1 when units[i]'s year is approved (locked), else 0 (an
 * unknown unit too): KSTORE_ASK_UNITS units a statement, where
 * kstore_approval_get asks one. KS_OK or a failure. */
#define KSTORE_ASK_UNITS 32
int kstore_approved_among(struct kstore *st, int year,
    const char *const *units, size_t n, unsigned char *approved);
/* The unit-year's transitions (history rows of what "approval"), oldest
 * first. */
int kstore_approval_history(
    struct kstore *st, const char *unit, int year, khistory_cb cb, void *arg);

/* Which figures of one indicator of a unit a year (period 0) or a
 * triwulan (period 1-4) has. */
struct kpresence {
	const char *indicator;
	const char *satuan; /* with value_type and quarterly: its rule */
	int         value_type, quarterly;
	int         has_target, has_realisasi; /* for the period asked */
	int         year_target, year_realisasi; /* for the year */
};
typedef int (*kpresence_cb)(void *arg, const struct kpresence *p);

/* What a unit has for a year beside its indicators, and the time of the
 * last change to its figures (0: none). */
struct kfacts {
	int     budget, survey, akip;
	int64_t last_write_ms;
};

/* The indicators of the unit's sasaran in link order, with what they have
 * for the period (0 the year, 1-4 a triwulan) and for the year. */
int kstore_presence(struct kstore *st, const char *unit, int year, int period,
    kpresence_cb cb, void *arg);
/* Budget, survey and AKIP are yearly; period as above. */
int kstore_unit_year_facts(struct kstore *st, const char *unit, int year,
    int period, struct kfacts *out);

#endif
