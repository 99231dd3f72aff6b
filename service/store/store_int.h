/*
 * store_int.h - what the store's files share among themselves (not part of
 * the storage interface). The logic of store.h is written once (store.c,
 * store_budget.c, ...) over the small statement interface below; a backend
 * (store_sqlite.c, store_pg*.c) is a table of operations that prepares,
 * binds, steps and reads statements, and opens, migrates and measures its
 * database. SQL is written once in the subset both engines accept, with
 * SQLite's ?N parameters (the PostgreSQL backend rewrites them as $N).
 */
#ifndef KINERJA_STORE_INT_H
#define KINERJA_STORE_INT_H

#include <stddef.h>
#include <stdint.h>

#include "store.h"

struct khealth;
struct kst_val; /* store.c */

/* A prepared statement: each backend's begins with this. */
struct kst_stmt {
	const struct kst_ops *ops;
	int                   sees_values; /* kst_sees_values of its SQL */
};

/* Whether a statement may need the value rows waiting to be sent
 * (store_rows.c): one that names their table, and every write (writes
 * keep their order: a foreign key, a failure, is met by the statement
 * that causes it). A read of other tables lets them wait: on PostgreSQL
 * each flush before one was an upsert of a few rows, and a batch made
 * one read of another table a unit-year (issue 19). */
int kst_sees_values(const char *text);

struct kst_cell;

/* A backend. Statement operations follow sqlite3's: bind before the first
 * step, columns valid until the next step, reset to run again. */
struct kst_ops {
	const char *name; /* "sqlite", "postgresql" */
	int (*open)(struct kstore *st, const char *target);
	void (*close)(struct kstore *st);
	int (*prepare)(struct kstore *st, const char *sql, struct kst_stmt **s);
	void (*finalize)(struct kst_stmt *s);
	void (*bind_int64)(struct kst_stmt *s, int col, int64_t v);
	void (*bind_text)(struct kst_stmt *s, int col, const char *v);
	void (*bind_blob)(
	    struct kst_stmt *s, int col, const void *v, size_t len);
	void (*bind_null)(struct kst_stmt *s, int col);
	/* 1 with a row ready, 0 at the end, or a KS_ failure. */
	int (*step)(struct kstore *st, struct kst_stmt *s);
	void (*reset)(struct kst_stmt *s); /* and clears the bindings */
	int64_t (*col_int64)(struct kst_stmt *s, int col);
	const char *(*col_text)(struct kst_stmt *s, int col); /* NULL: NULL */
	const void *(*col_blob)(struct kst_stmt *s, int col, size_t *len);
	int (*col_null)(struct kst_stmt *s, int col);
	int (*changes)(struct kstore *st); /* rows the last write touched */
	int64_t (*last_id)(struct kstore *st); /* of the last insert */
	int (*in_tx)(struct kstore *st);
	/* Transaction control: kind is one of enum kst_tx. */
	int (*tx)(struct kstore *st, int kind);
	int (*health)(struct kstore *st, char *reason, size_t len);
	int (*backup)(struct kstore *st, const char *path);
	int (*size)(struct kstore *st, uint64_t *bytes);
	/* Makes a connection that only scans lean: a small page cache, as
	 * its pages are read once a call (store_side.c). NULL: no need. */
	void (*lean)(struct kstore *st);
	/* kstore_values_of_year done faster than store.c's statement can
	 * (store_sqlite.c); KST_BY_ROWS when it cannot be, before any cb,
	 * and NULL: store.c's statement reads it. */
	int (*values_of_year)(struct kstore *st, const char *indicator,
	    int year, int kind, kvalue_cb cb, void *arg);
	/* What a write transaction's values changed in other tables, done
	 * just before its commit (SQLite's value_blocks); NULL: nothing. */
	int (*settle)(struct kstore *st);
	/* Inserts n rows of ncols cells (text at cell.i in text) into
	 * table ("name (columns)") at once, as COPY does; NULL: none. */
	int (*copy_rows)(struct kstore *st, const char *table, int ncols,
	    const struct kst_cell *cells, const char *text, size_t n);
	/* Each statement that returns rows costs a round trip to a server:
	 * the store then reads what a batch will ask for in sets. */
	int remote;
};

enum kst_tx {
	KT_BEGIN, /* a write transaction: one writer at a time */
	KT_BEGIN_READ, /* a consistent snapshot */
	KT_COMMIT,
	KT_ROLLBACK,
	KT_SAVEPOINT,
	KT_RELEASE,
	KT_ROLLBACK_TO,
	KT_COUNT
};

extern const struct kst_ops kst_sqlite_ops;
extern const struct kst_ops kst_pg_ops;

#define KST_CORE_STMTS 40 /* statements of store.c */

/* Rows that wait in the connection to be inserted (store_rows.c). */
enum kst_rows_id { KR_VALUE, KR_REVISION, KR_HISTORY, KR_COUNT };

#define KST_VALUE_KEY 5 /* KR_VALUE's first cells: its key */

#define KST_ROWS_CHUNK 64 /* rows an INSERT sends at most */
#define KST_ROWS_SIZES 7 /* INSERTs of 1, 2, 4 ... KST_ROWS_CHUNK rows */
/* With a backend's copy_rows, revision and history rows wait up to
 * KST_ROWS_COPY_MAX; from KST_ROWS_COPY_MIN they go by it. */
#define KST_ROWS_COPY_MAX 16384
#define KST_ROWS_COPY_MIN 256
#define KST_IND_MEMO   16 /* indicators remembered in a transaction */
#define KST_LINK_MEMO  64 /* a unit's linked indicators remembered */
#define KST_VAL_MEMO   512 /* values of a unit-year remembered (remote) */
#define KST_AHEAD      32 /* unit-years read ahead a statement (remote) */

/* A stored value as kstore_value_put compares it. */
struct kst_val {
	int64_t ind_id, value_e4;
	int     kind, period, has_value, predikat, revision, source;
};

enum kst_cell_kind { KST_CELL_NULL, KST_CELL_INT, KST_CELL_TEXT };

/* One column's value: i for KST_CELL_INT, t (copied; NULL: NULL) for
 * KST_CELL_TEXT. */
struct kst_cell {
	int         kind;
	int64_t     i;
	const char *t;
};

struct kst_rows {
	struct kst_cell *cells; /* cap rows; text at i in text */
	size_t           n, cap; /* rows waiting, room */
	char            *text;
	size_t           used, tcap;
	struct kst_stmt *sized[KST_ROWS_SIZES]; /* [k]: an INSERT of 2^k */
};

/* Adds a row (its columns in store_rows.c's order) to table id's. */
int  kst_rows_add(struct kstore *st, int id, const struct kst_cell *row);
/* Inserts every waiting row; on failure drops them (KS_ code). */
int  kst_rows_flush(struct kstore *st);
/* The same for table id's rows alone. */
int  kst_rows_flush_table(struct kstore *st, int id);
/* Whether a row waits for table id with the same first nkey cells (all
 * KST_CELL_INT) as row. */
int  kst_rows_waiting(
     const struct kstore *st, int id, const struct kst_cell *row, int nkey);
/* Whether a value row of the unit-year waits (columns 0 and 2). */
int kst_values_waiting_of(const struct kstore *st, int64_t unit_id, int year);
/* Forgets the waiting rows (a rollback). */
void kst_rows_drop(struct kstore *st);
void kst_rows_free(struct kstore *st);
/* values_of_year: store.c's statement reads the values (no KS_ code). */
#define KST_BY_ROWS    64
#define KST_EXTRA      96 /* statements of the other store files */

/* One connection: the backend's handle and what store.c keeps. */
struct kstore {
	const struct kst_ops *ops;
	void                 *db; /* the backend's connection */
	int64_t               deadline_ms; /* 0: none */
	char                  err[256];
	struct khealth *health; /* shared with the file's other connections */
	int64_t (*clock)(void); /* wall clock, unix seconds; NULL: time() */
	int64_t (*deadline_clock)(void); /* ms; NULL: kstore_now_ms */
	int64_t          replay_ttl_s; /* 0: replays are kept */
	unsigned         replay_puts; /* since the last expiry */
	int              writing; /* in a transaction begun by kstore_begin */
	/* Waiting rows were dropped by a failed send: whatever statement
	 * sent them failed, but its caller may have carried on (a read it
	 * could do without), so the transaction may not commit. */
	int rows_lost;
	struct kst_stmt *stmt[KST_CORE_STMTS]; /* prepared on first use */
	struct kst_stmt *tx[KT_COUNT]; /* the backend's, by enum kst_tx */
	struct {
		const char      *sql; /* the caller's static string is the key */
		struct kst_stmt *s;
	} extra[KST_EXTRA];
	int nextra;
	struct kst_rows rows[KR_COUNT]; /* waiting to be inserted */
	/* store_side.c: the target opened (a copy), the second connection
	 * that reads asks of kstore_values_of_years beside this one (NULL
	 * until first used), when to try opening it again after it failed
	 * to open, and from how many units on it is used. */
	char          *target;
	struct kstore *side;
	int64_t        side_retry_ms;
	size_t         side_units;
	/* The last unit and the last KST_IND_MEMO indicators looked up by
	 * code: a batch of values names the same few again and again (a
	 * unit's ten indicators in turn). Valid only inside the
	 * transaction that read them. The unit (with its level) is
	 * forgotten when it is written, the indicators on any indicator
	 * write. */
	struct {
		char    code[64];
		int64_t id;
		int     level;
	} unit_memo;
	struct ind_memo {
		char              code[64];
		int64_t           id;
		struct kindicator ind; /* strings in buf */
		char              buf[KSTORE_BUF];
	} ind_memo[KST_IND_MEMO];
	unsigned ind_next; /* the entry the next indicator read replaces */
	/* The indicators the sasaran of a unit show (a batch names a
	 * unit's indicators in turn), or full when it has more than
	 * KST_LINK_MEMO. Forgotten with the memos above and on any sasaran
	 * write. */
	struct {
		int64_t unit_id, ind[KST_LINK_MEMO];
		int     n, full, valid;
	} link_memo;
	/* Whether a unit-year has an AKIP evaluation and a survey, asked
	 * in one statement (store_budget.c learn_evaluations): every
	 * realisasi of a batch asks (stated vs derived), and most unit-years
	 * have neither. Forgotten with the memos above and on any AKIP or
	 * survey write. */
	struct {
		int64_t unit_id;
		int     year, valid, no_akip, no_survey;
	} derived_memo;
	/* On a remote backend, the values of a unit-year before its first
	 * value is written (kstore_unit_year_read, with the link and
	 * derived memos), or written twice in a row (from its first value
	 * when the unit-year before came in a row too; every indicator, kind
	 * and period), read in one statement (store.c's unit_year_load)
	 * and kept as they are written, or full when there are more than
	 * KST_VAL_MEMO; and the unit-year of the last value (seen), with how
	 * many came in a row. Valid only in the transaction that read them. */
	struct {
		int64_t         unit_id, last_unit;
		int             year, n, full, valid, last_year, seen;
		int             run; /* values of the last unit-year in a row */
		struct kst_val *rows; /* KST_VAL_MEMO, allocated on first use */
	} val_memo;
	/* A batch's unit-years read ahead (store_ahead.c); NULL until a
	 * remote backend's first batch. */
	struct kst_ahead *ahead;
};

/* Whether a SQLite target names a file of its own (not "", ":memory:"
 * or a URI): only such a file can be opened twice as one database. */
int kst_plain_file(const char *path);

/* The prepared statement for sql, cached by the string's address. */
struct kst_stmt *kst_stmt(struct kstore *st, const char *sql);
/* Runs a statement that returns no rows and resets it. */
int kst_exec(struct kstore *st, struct kst_stmt *s);
/* Binds v, or NULL when !has. */
void kst_bind_opt(struct kst_stmt *s, int col, int has, int64_t v);
void kst_bind_int64(struct kst_stmt *s, int col, int64_t v);
void kst_bind_int(struct kst_stmt *s, int col, int64_t v);
void kst_bind_text(struct kst_stmt *s, int col, const char *v);
void kst_bind_blob(struct kst_stmt *s, int col, const void *v, size_t len);
void kst_bind_null(struct kst_stmt *s, int col);
int64_t     kst_col_int64(struct kst_stmt *s, int col);
const char *kst_col_text(struct kst_stmt *s, int col); /* NULL: NULL */
int         kst_col_int(struct kst_stmt *s, int col);
int         kst_col_null(struct kst_stmt *s, int col);
const void *kst_col_blob(struct kst_stmt *s, int col, size_t *len);
/* One-row query: KS_OK with the row ready (finish with kst_done), or
 * KS_NOTFOUND / a failure, reset. */
int kst_step_one(struct kstore *st, struct kst_stmt *s);
/* Next row: 1 with a row ready, 0 at the end (reset), < 0 on failure. */
int  kst_step(struct kstore *st, struct kst_stmt *s);
void kst_done(struct kst_stmt *s);
/* Copies a text column into *buf ("" for NULL), advancing it. */
const char *kst_copy(struct kst_stmt *s, int col, char **buf, size_t *left);
int         kst_unit_id(struct kstore *st, const char *code, int64_t *id);
/* A text column, "" for NULL (valid until the next step). */
const char *kst_text(struct kst_stmt *s, int col);
/* The statement for sql with ?1 unit (NULL: any) and ?2 year (0: any)
 * bound, for the export's walks (store_budget.c). */
struct kst_stmt *kst_filtered(
    struct kstore *st, const char *sql, const char *unit, int year);
/* Calls cb with each row's unit code and year (columns 0 and 1) until it
 * returns other than KS_OK, which is returned. */
int kst_each_key(
    struct kstore *st, struct kst_stmt *s, kkey_cb cb, void *arg);
int     kst_changes(struct kstore *st);
int64_t kst_last_id(struct kstore *st);
/* kstore_copy: raises to's write generation to follow from's (store.c). */
int kst_generation_follow(struct kstore *to, struct kstore *from);
/* Whether the deadline set with kstore_set_deadline has passed. */
int kst_expired(const struct kstore *st);
int64_t kst_now_ms(const struct kstore *st); /* on its deadline clock */
/* value_e4, predikat, revision and source from column col on. */
void kst_read_val(struct kst_stmt *s, int col, struct kst_val *out);
/* The same after its indicator id, kind and period from column col. */
void kst_read_keyed_val(struct kst_stmt *s, int col, struct kst_val *out);

/* store_ahead.c. kst_ahead_unit: a unit of the plan by code (1), 0 when
 * the plan does not have it, or a failure. kst_ahead_take: fills the
 * value, link and derived memos with a unit-year read ahead (1), or 0
 * (the caller reads it). wrote: a value of the unit-year was written.
 * forget: what was read is forgotten (any other write); end: the plan
 * too (the transaction's end). */
int kst_ahead_unit(
    struct kstore *st, const char *code, int64_t *id, int *level);
int  kst_ahead_take(struct kstore *st, int64_t uid, int year);
void kst_ahead_wrote(struct kstore *st, int64_t uid, int year);
void kst_ahead_forget(struct kstore *st);
void kst_ahead_end(struct kstore *st);
void kst_ahead_free(struct kstore *st);

/* A region's rows at once (store_region.c, issue 19): the capaian row's
 * columns and joins, shared with a unit's (store.c's S_CAPAIAN), where ?2
 * is the year, ?3 the target's kind and s the sasaran; kst_capaian_read
 * reads them (store.c). A budget line's columns, read by
 * kst_budget_read_line (store_budget.c). */
#define KST_CAPAIAN_COLUMNS                                                \
	"s.name, s.tujuan, i.code, i.name, i.satuan, i.polarity,"          \
	" i.value_type, t.value_e4, t.predikat, t.revision,"               \
	" r.value_e4, r.predikat, r.revision, r.source, i.quarterly"
#define KST_CAPAIAN_JOINS                                                  \
	" JOIN sasaran_indicators si ON si.sasaran_id = s.id"              \
	" JOIN indicators i ON i.id = si.indicator_id"                     \
	" LEFT JOIN indicator_values t ON t.unit_id = s.unit_id"           \
	"  AND t.indicator_id = i.id AND t.year = ?2 AND t.kind = ?3"      \
	"  AND t.period = 0"                                               \
	" LEFT JOIN indicator_values r ON r.unit_id = s.unit_id"           \
	"  AND r.indicator_id = i.id AND r.year = ?2 AND r.kind = 4"       \
	"  AND r.period = 0"
#define KST_CAPAIAN_NCOLUMNS 15
void kst_capaian_read(struct kst_stmt *s, struct kcapaian_row *r);
#define KST_BUDGET_COLUMNS                                                 \
	"name, parent, pagu_sen, realisasi_sen, sasaran, output, satuan,"  \
	" output_target_e4, output_realisasi_e4, seq, code"
#define KST_BUDGET_NCOLUMNS 11
void kst_budget_read_line(struct kst_stmt *s, struct kbudget_line *l);

/* store_file.c: creates path 0600 unless it exists (see there). */
void kst_create_private(const char *path);
/* Whether target names a PostgreSQL database (a postgresql:// or
 * postgres:// URL) rather than a SQLite file. */
int kst_is_pg(const char *target);

/* store_health.c: the health record of a database file, shared by the
 * connections to it; get and put count references. */
struct khealth *kst_health_get(const char *path);
void            kst_health_put(struct khealth *h);
/* A failed statement's rc: marks the database unhealthy if it is a fault
 * of the database itself. */
void kst_health_fault(struct khealth *h, int rc, const char *why);
/* A write committed. */
void kst_health_ok(struct khealth *h);
/* Whether this caller should try a write now (after a write fault, once
 * every PROBE_MS among all connections). */
int kst_health_wants_probe(struct khealth *h);
int kst_health_check(
    struct khealth *h, const char *path, char *reason, size_t len);

#endif
