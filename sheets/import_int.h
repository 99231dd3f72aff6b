/*
 * import_int.h - what the CSV import's files share: the sheets, how each
 * is recognised and read, and the Import request lists they feed. Pure:
 * text in, Import requests out; the client (client/lib/import_send.c)
 * sends them, kinerjad (ImportCsv) applies them.
 */
#ifndef KINERJA_IMPORT_INT_H
#define KINERJA_IMPORT_INT_H

#include <stddef.h>

#include "grow.h"
#include "kcore.h"
#include "kinerja/client.h"

#define CHUNK    10000 /* items per Import request */
#define MAX_COLS 20

/* Sheet kinds, in dependency order: a later sheet refers to codes of
 * earlier ones. */
enum kind {
	UNITS,
	INDICATORS,
	SASARAN,
	VALUES,
	NARASI,
	PROFIL,
	PEGAWAI,
	BUDGET,
	BELANJA,
	AKIP,
	SKM_MEANS,
	SKM_RESPONSES,
	NKINDS
};

/* The lists of an ImportRequest; both survey sheets feed one. */
enum list {
	L_UNITS,
	L_INDICATORS,
	L_LINKS,
	L_VALUES,
	L_BUDGET,
	L_BELANJA,
	L_AKIP,
	L_SURVEYS,
	L_NARRATIVES,
	L_PROFILES,
	NLISTS
};

struct import;
struct sheet;

struct sheet_def {
	const char *name;
	const char *cols[MAX_COLS]; /* required, then optional after "" */
	enum list   list;
	/* Reads one row; -1 after reporting a problem. */
	int (*row)(struct import *, struct sheet *, const struct kc_csv_row *);
	/* Optional: checks what only the whole sheet shows. */
	void (*end)(struct import *, struct sheet *);
};

extern const struct sheet_def im_defs[NKINDS];

struct sheet {
	const kinerja_file *file;
	enum kind           kind;
	int                 col[MAX_COLS]; /* of im_defs[kind].cols, or -1 */
	void              **items;
	unsigned           *lines; /* first line of each item */
	size_t              n, cap;
	size_t              rows; /* read; several may make one item */
};

struct import {
	kinerja_client       *client; /* the sender's; unused here */
	kinerja_report_fn     report;
	kinerja_report_fn     warn; /* NULL: warnings are not wanted */
	void                 *arg;
	kinerja_import_stats *stats;
	struct kc_arena       arena;
	struct sheet         *sheets;
	size_t                nsheets;
	int                   errors;
	const char          **defined[2]; /* unit, indicator codes, sorted */
	size_t                ndefined[2];
	struct im_seen       *seen; /* respondent ids read so far */
	size_t                nseen, capseen;
	struct im_profiles   *profiles; /* being gathered (sheets_text.c) */
};

/* Where a survey's respondent id was read, to name both lines of a
 * duplicate. */
struct im_seen {
	const void *survey;
	const char *id;
	const char *file;
	unsigned    line;
};

void  im_problem(struct import *im, const struct sheet *s, unsigned line,
     const char *column, const char *fmt, const char *detail);
void *im_alloc(struct import *im, size_t size);
char *im_dup(struct import *im, const char *s);
/* Column i of the sheet's definition in row r, trimmed ("" if absent). */
const char *im_field(const struct sheet *s, const struct kc_csv_row *r, int i);
void im_push(struct import *im, struct sheet *s, void *item, unsigned line);
int  im_year(const char *v, int32_t *year);
/* An optional number with up to 4 decimals in column col; -1 after a
 * problem. */
int im_number(struct import *im, struct sheet *s, unsigned line,
    const char *col, const char *text, int *has, double *v);

/* Where an item of a request came from. */
struct origin {
	const struct sheet *sheet;
	size_t              row;
};

/* One Import request: items of each list in sheet order. */
struct request {
	void         **items[NLISTS];
	struct origin *from[NLISTS];
	size_t         n[NLISTS];
};

/* Reads the files into im->sheets: every row checked, each problem
 * reported at its file and line (im->errors counts them); the sheets end
 * sorted in dependency order. */
void im_read(struct import *im, const kinerja_file *files, size_t n);
/* The items read, as Import requests of at most CHUNK items each. */
struct request *im_plan(struct import *im, size_t *nreq);
/* The ImportRequest's lists for request q (validate_only left alone). */
void im_request(const struct request *q, Kinerja__ImportRequest *r);
/* Where a FieldError of request q points: the row it came from, or NULL. */
const struct origin *im_origin_of(
    const struct request *q, const Kinerja__FieldError *fe);
/* The sheet column a server field name stands for. */
const char *im_column_of(const struct sheet *s, const char *field_name);
/* A server message without the field name it starts with. */
const char *im_without_field(const char *message, const char *field_name);

/* The budget and evaluation sheets (sheets_budget.c). */
int im_row_budget(struct import *, struct sheet *, const struct kc_csv_row *);
int im_row_belanja(struct import *, struct sheet *, const struct kc_csv_row *);
int im_row_akip(struct import *, struct sheet *, const struct kc_csv_row *);
int im_row_skm_means(
    struct import *, struct sheet *, const struct kc_csv_row *);
int im_row_skm_response(
    struct import *, struct sheet *, const struct kc_csv_row *);
void im_end_skm_means(struct import *, struct sheet *);

/* The LKjIP's text sheets (sheets_text.c). */
int im_row_narasi(struct import *, struct sheet *, const struct kc_csv_row *);
int im_row_profil(struct import *, struct sheet *, const struct kc_csv_row *);
int im_row_pegawai(
    struct import *, struct sheet *, const struct kc_csv_row *);

#endif
