/*
 * store_copy.c - kstore_copy (kinerjad migrate, issue #18): every row of
 * one store into another, empty one, on either backend, with the ids kept
 * so that history, replays and token units still point at their rows. The
 * tables are listed below as data; both databases are checked to hold
 * exactly these tables with these columns, so a migration that adds one
 * fails here until the list follows it, instead of leaving it behind.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store.h"
#include "store_int.h"

/* One table: its columns, the same in both schemas (SQLite's implicit
 * rowid is PostgreSQL's rowid column), each typed i(nteger), t(ext) or
 * b(lob). Parents before children, for the foreign keys. */
struct copy_table {
	const char *name;
	const char *cols;
	const char *types;
	const char *order; /* rows in an order the foreign keys accept */
	int         identity; /* the first column is PostgreSQL's identity */
};

static const struct copy_table tables[] = {
	/* A unit's parent is a provinsi or kabupaten of a lower level
	 * (h_registry.c), so by level parents come first. */
	{ "units", "id,code,name,parent_id,level", "ittii",
	    " ORDER BY level, id", 1 },
	{ "indicators",
	    "id,code,name,satuan,polarity,value_type,min_e4,max_e4,quarterly,"
	    "type,definisi,formula,sumber_data",
	    "ittttiiiiittt", "", 1 },
	{ "sasaran", "id,unit_id,name,tujuan", "iitt", "", 1 },
	{ "sasaran_indicators",
	    "rowid,sasaran_id,indicator_id,penanggung_jawab", "iiit", "", 1 },
	{ "indicator_values",
	    "unit_id,indicator_id,year,kind,period,value_e4,predikat,revision,"
	    "source",
	    "iiiiiiiii", "", 0 },
	{ "value_revisions",
	    "unit_id,indicator_id,year,kind,period,revision,value_e4,predikat,"
	    "request_id,created_at,source",
	    "iiiiiiiitii", "", 0 },
	{ "requests", "rowid,request_id,method,reply,created_at,digest,record",
	    "ittbibi", "", 1 },
	{ "budget_lines",
	    "unit_id,year,tree,code,seq,name,parent,pagu_sen,realisasi_sen,"
	    "sasaran,output,satuan,output_target_e4,output_realisasi_e4",
	    "iiitittiitttii", "", 0 },
	{ "surveys", "unit_id,year,respondents,indicator,stated_respondents",
	    "iiiti", "", 0 },
	{ "survey_unsur", "unit_id,year,unsur,sum_e4,count", "iiiii", "", 0 },
	{ "survey_responses",
	    "unit_id,year,seq,respondent,scores,gender,education,age,"
	    "occupation",
	    "iiitttttt", "", 0 },
	{ "survey_profile", "unit_id,year,field,value,count", "iitti", "", 0 },
	{ "akip_components",
	    "unit_id,year,seq,name,weight_e4,score_e4,target_e4,indicator",
	    "iiitiiit", "", 0 },
	{ "tokens", "id,name,role,hash,created_at,revoked_at", "ittbii", "",
	    1 },
	{ "token_units", "token_id,unit", "it", "", 0 },
	{ "history",
	    "id,at_ms,actor,request_id,method,what,unit,indicator,year,field,"
	    "old,new,reason",
	    "iittttttitttt", "", 1 },
	{ "approvals", "unit_id,year,state,actor,at_ms,reason", "iiitit", "",
	    0 },
	{ "benchmarks", "indicator_id,year,value_e4,source", "iiit", "", 0 },
	{ "narratives", "unit_id,year,indicator_id,section,text", "iiiit", "",
	    0 },
	{ "unit_profiles",
	    "unit_id,year,desa,kelurahan,penduduk,dasar_hukum,tugas_pokok,"
	    "fungsi,susunan_organisasi,pimpinan_jabatan,pimpinan_nama,"
	    "pimpinan_nip,sekretaris_nama,sekretaris_nip,atasan_jabatan,"
	    "atasan_nama,tempat,tanggal_pk,tanggal_pk_perubahan,luas_e2",
	    "iiiiitttttttttttttti", "", 0 },
	{ "unit_staff",
	    "unit_id,year,seq,staff_group,category,laki_laki,perempuan",
	    "iiiitii", "", 0 },
};

#define NTABLES  ((int) (sizeof(tables) / sizeof(tables[0])))
#define MAX_COLS 32 /* columns of the widest table, and room */

/* The tables each backend lists, kinerja's bookkeeping left out (the
 * write generation is not copied: see kst_generation_follow; SQLite's
 * value blocks are built from the values copied, by the destination's
 * triggers and commit). */
static const char sqlite_tables[] =
    "SELECT name FROM sqlite_master WHERE type = 'table'"
    " AND name NOT LIKE 'sqlite_%' AND name <> 'kinerja_generation'"
    " AND name NOT IN ('value_blocks', 'value_blocks_dirty')";
static const char pg_tables[] =
    "SELECT table_name FROM information_schema.tables"
    " WHERE table_schema = current_schema()"
    " AND table_name <> 'kinerja_schema'"
    " AND table_name <> 'kinerja_generation'";
static const char sqlite_columns[] =
    "SELECT COUNT(*) FROM pragma_table_info(?1)";
static const char pg_columns[] =
    "SELECT COUNT(*) FROM information_schema.columns"
    " WHERE table_schema = current_schema() AND table_name::text = ?1";

/* A copy in progress: the two stores and where its failure is told. */
struct copy {
	struct kstore *from, *to;
	char          *err;
	size_t         len;
};

static int
is_pg(const struct kstore *st)
{
	return st->ops == &kst_pg_ops;
}

static const char *
side(const struct copy *c, const struct kstore *st)
{
	return st == c->from ? "source" : "destination";
}

static int
fail(struct copy *c, int rc, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(c->err, c->len, fmt, ap);
	va_end(ap);
	return rc;
}

/* A statement of our own (not kst_stmt's cache, which keys static SQL by
 * its address): prepared from a formatted text, finalized by the caller.
 * A failure names the table (what, if not NULL): on PostgreSQL a prepare
 * also reports a write of that table still in libpq's pipeline. */
static int
prepare(struct copy *c, struct kstore *st, const char *what,
    struct kst_stmt **s, const char *fmt, ...)
{
	char    sql[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(sql, sizeof(sql), fmt, ap);
	va_end(ap);
	if (st->ops->prepare(st, sql, s) != KS_OK)
		return what != NULL
		           ? fail(c, KS_ERROR, "%s: %s: %s", side(c, st), what,
		                 st->err)
		           : fail(c, KS_ERROR, "%s: %s", side(c, st), st->err);
	return KS_OK;
}

static int
ncols(const char *cols)
{
	int n = 1;

	for (; *cols; cols++)
		n += *cols == ',';
	return n;
}

static const struct copy_table *
find_table(const char *name)
{
	int i;

	for (i = 0; i < NTABLES; i++)
		if (strcmp(tables[i].name, name) == 0)
			return &tables[i];
	return NULL;
}

/* Columns the backend lists for t: SQLite's implicit rowid is not one. */
static int
check_columns(struct copy *c, struct kstore *st, const struct copy_table *t)
{
	struct kst_stmt *s;
	int              want = ncols(t->cols), rc;
	int64_t          have = 0;

	if ((int) strlen(t->types) != want || want > MAX_COLS)
		return fail(c, KS_ERROR,
		    "%s: %d types for %d columns (build error in "
		    "store_copy.c)",
		    t->name, (int) strlen(t->types), want);
	if (!is_pg(st) && strncmp(t->cols, "rowid,", 6) == 0)
		want--;
	if ((rc = prepare(c, st, t->name, &s, "%s",
	         is_pg(st) ? pg_columns : sqlite_columns)) != KS_OK)
		return rc;
	kst_bind_text(s, 1, t->name);
	rc = kst_step(st, s);
	if (rc == 1)
		have = kst_col_int64(s, 0);
	st->ops->finalize(s);
	if (rc < 0)
		return fail(c, rc, "%s: %s", side(c, st), st->err);
	if (have != want)
		return fail(c, KS_ERROR,
		    "%s: table %s has %lld columns, migrate knows %d "
		    "(build error: store_copy.c lags the schema)",
		    side(c, st), t->name, (long long) have, want);
	return KS_OK;
}

/* st holds exactly the listed tables, each with the listed columns. */
static int
check_schema(struct copy *c, struct kstore *st)
{
	struct kst_stmt *s;
	int              rc, seen = 0, i;

	if ((rc = prepare(c, st, NULL, &s, "%s",
	         is_pg(st) ? pg_tables : sqlite_tables)) != KS_OK)
		return rc;
	while ((rc = kst_step(st, s)) == 1) {
		if (find_table(kst_text(s, 0)) == NULL) {
			fail(c, KS_ERROR,
			    "%s: table %s is unknown to migrate (build "
			    "error: store_copy.c lags the schema)",
			    side(c, st), kst_text(s, 0));
			st->ops->finalize(s);
			return KS_ERROR;
		}
		seen++;
	}
	st->ops->finalize(s);
	if (rc < 0)
		return fail(c, rc, "%s: %s", side(c, st), st->err);
	if (seen != NTABLES)
		return fail(c, KS_ERROR, "%s: %d tables, migrate knows %d",
		    side(c, st), seen, NTABLES);
	for (i = 0; i < NTABLES; i++)
		if ((rc = check_columns(c, st, &tables[i])) != KS_OK)
			return rc;
	return KS_OK;
}

/* The destination has no row in any table: nothing would be merged. */
static int
check_empty(struct copy *c)
{
	struct kst_stmt *s;
	int              i, rc;

	for (i = 0; i < NTABLES; i++) {
		if ((rc = prepare(c, c->to, tables[i].name, &s,
		         "SELECT COUNT(*) FROM %s", tables[i].name)) != KS_OK)
			return rc;
		rc = kst_step(c->to, s);
		if (rc == 1 && kst_col_int64(s, 0) > 0)
			rc = fail(c, KS_CONFLICT,
			    "destination is not empty (table %s has %lld "
			    "rows); migrate copies into an empty database "
			    "only; nothing was written",
			    tables[i].name, (long long) kst_col_int64(s, 0));
		else if (rc < 0)
			rc = fail(c, rc, "destination: %s", c->to->err);
		else
			rc = KS_OK;
		c->to->ops->finalize(s);
		if (rc != KS_OK)
			return rc;
	}
	return KS_OK;
}

/* FNV-1a, 64 bits. */
static uint64_t
fnv(uint64_t h, const void *p, size_t n)
{
	const unsigned char *b = p;

	while (n-- > 0)
		h = (h ^ *b++) * 1099511628211ULL;
	return h;
}

/* Hashes column col of row s by its type (a NULL is its own value) and,
 * when out is given, binds it there as parameter col + 1. A blob is bound
 * from a copy in *held (the caller frees it after the insert): a backend
 * may keep one blob per statement (PostgreSQL decodes bytea into one
 * buffer), and SQLite binds blobs without copying them. */
static uint64_t
column(uint64_t h, struct kst_stmt *s, int col, char type,
    struct kst_stmt *out, void **held)
{
	const void *v   = NULL;
	int64_t     i   = 0;
	size_t      n   = 0;
	char        tag = kst_col_null(s, col) ? 'n' : type;

	h = fnv(h, &tag, 1);
	if (tag == 'i') {
		unsigned char le[8];
		int           k;

		i = kst_col_int64(s, col);
		for (k = 0; k < 8; k++)
			le[k] = (unsigned char) ((uint64_t) i >> (8 * k));
		h = fnv(h, le, sizeof(le));
	} else if (tag != 'n') {
		v = tag == 't' ? kst_col_text(s, col)
		               : kst_col_blob(s, col, &n);
		if (tag == 't')
			n = strlen(v);
		h = fnv(fnv(h, &n, sizeof(n)), v, n);
	}
	if (out == NULL)
		return h;
	if (tag == 'n')
		kst_bind_null(out, col + 1);
	else if (tag == 'i')
		kst_bind_int64(out, col + 1, i);
	else if (tag == 't')
		kst_bind_text(out, col + 1, v);
	/* Out of memory leaves it unbound: the read-back tells. */
	else if ((*held = malloc(n + 1)) != NULL)
		kst_bind_blob(out, col + 1, memcpy(*held, v, n), n);
	return h;
}

/* Reads every row of t from st, summing the rows' hashes (an order-free
 * checksum), and inserts each with out when it is given. */
static int
walk(struct copy *c, struct kstore *st, const struct copy_table *t,
    struct kst_stmt *out, int64_t *rows, uint64_t *sum)
{
	struct kst_stmt *s;
	struct kstore   *failed = st; /* whose statement failed */
	int              rc, col, n = ncols(t->cols);

	*rows = 0;
	*sum  = 0;
	if ((rc = prepare(c, st, t->name, &s, "SELECT %s FROM %s%s", t->cols,
	         t->name, out != NULL ? t->order : "")) != KS_OK)
		return rc;
	while ((rc = kst_step(st, s)) == 1) {
		uint64_t h              = 14695981039346656037ULL;
		void    *held[MAX_COLS] = { NULL };

		for (col = 0; col < n; col++)
			h = column(h, s, col, t->types[col], out, &held[col]);
		if (out != NULL)
			rc = kst_exec(c->to, out);
		for (col = 0; col < n; col++)
			free(held[col]);
		if (out != NULL && rc != KS_OK) {
			failed = c->to;
			break;
		}
		*sum += h;
		++*rows;
	}
	st->ops->finalize(s);
	if (rc < 0)
		return fail(c, rc, "%s: %s: %s", side(c, failed), t->name,
		    failed->err);
	return KS_OK;
}

/* The INSERT of t's columns as ?1, ?2, ... */
static int
insert(struct copy *c, const struct copy_table *t, struct kst_stmt **s)
{
	char params[512];
	int  i, n = ncols(t->cols), at = 0;

	for (i = 1; i <= n && at < (int) sizeof(params) - 8; i++)
		at += snprintf(params + at, sizeof(params) - (size_t) at,
		    "%s?%d", i > 1 ? "," : "", i);
	return prepare(c, c->to, t->name, s, "INSERT INTO %s (%s) VALUES (%s)",
	    t->name, t->cols, params);
}

/* PostgreSQL's identity columns draw their next id past the copied ones
 * (SQLite's rowid does so by itself). */
static int
advance_identity(struct copy *c, const struct copy_table *t)
{
	struct kst_stmt *s;
	char             col[16];
	int              rc;

	if (!is_pg(c->to) || !t->identity)
		return KS_OK;
	snprintf(
	    col, sizeof(col), "%.*s", (int) strcspn(t->cols, ","), t->cols);
	if ((rc = prepare(c, c->to, t->name, &s,
	         "SELECT setval(pg_get_serial_sequence('%s', '%s'), MAX(%s))"
	         " FROM %s",
	         t->name, col, col, t->name)) != KS_OK)
		return rc;
	rc = kst_step(c->to, s);
	c->to->ops->finalize(s);
	return rc < 0 ? fail(c, rc, "destination: %s: %s", t->name, c->to->err)
	              : KS_OK;
}

static int
copy_table(struct copy *c, const struct copy_table *t, struct kcopy_table *r)
{
	struct kst_stmt *ins;
	int              rc;

	r->name = t->name;
	if ((rc = insert(c, t, &ins)) != KS_OK)
		return rc;
	rc = walk(c, c->from, t, ins, &r->rows_from, &r->sum_from);
	c->to->ops->finalize(ins);
	if (rc == KS_OK)
		rc = advance_identity(c, t);
	/* Read back in the destination's transaction: what commits. */
	if (rc == KS_OK)
		rc = walk(c, c->to, t, NULL, &r->rows_to, &r->sum_to);
	return rc;
}

/* Copies every table and checks each, telling cb; a mismatch is an
 * error once all are told. */
static int
copy_all(struct copy *c, kcopy_cb cb, void *arg)
{
	struct kcopy_table r;
	int                i, rc, bad = 0;

	for (i = 0; i < NTABLES; i++) {
		memset(&r, 0, sizeof(r));
		if ((rc = copy_table(c, &tables[i], &r)) != KS_OK)
			return rc;
		bad += r.rows_from != r.rows_to || r.sum_from != r.sum_to;
		if (cb != NULL)
			cb(arg, &r);
	}
	if (bad > 0)
		return fail(c, KS_ERROR,
		    "%d tables read back other than copied; nothing was "
		    "written",
		    bad);
	return KS_OK;
}

int
kstore_copy(struct kstore *from, struct kstore *to, kcopy_cb cb, void *arg,
    char *err, size_t len)
{
	struct copy c = { from, to, err, len };
	int         rc;

	/* Both were brought to this build's schema when opened. */
	if ((rc = check_schema(&c, from)) != KS_OK ||
	    (rc = check_schema(&c, to)) != KS_OK)
		return rc;
	if ((rc = kstore_begin_read(from)) != KS_OK)
		return fail(&c, rc, "source: %s", from->err);
	if ((rc = kstore_begin(to)) != KS_OK) {
		kstore_rollback(from);
		return fail(&c, rc, "destination: %s", to->err);
	}
	if ((rc = check_empty(&c)) == KS_OK &&
	    (rc = copy_all(&c, cb, arg)) == KS_OK &&
	    ((rc = kst_generation_follow(to, from)) != KS_OK ||
	        (rc = kstore_commit(to)) != KS_OK))
		fail(&c, rc, "destination: commit: %s", to->err);
	if (rc != KS_OK)
		kstore_rollback(to);
	kstore_rollback(from); /* the snapshot's end; nothing was written */
	return rc;
}
