/*
 * store_rows.c - rows a write adds one at a time: a value's revision and
 * its history line, which nothing reads back until later, and the value
 * itself. SubmitIndicatorData adds three such rows a value; sent one
 * statement each, the statement's own cost (binding, stepping, halting,
 * resetting; on PostgreSQL the executor's start for each) was half of
 * theirs. They wait in the connection instead and go as INSERTs of
 * KST_ROWS_CHUNK rows, a value's as an upsert.
 *
 * Revision and history rows are sent before anything reads their table
 * (kst_rows_flush in each such read); value rows before any statement
 * that may need them (store.c's step: kst_sees_values), as values are
 * read everywhere, and before a value of the same key waits twice (an
 * upsert may not touch a row twice). All are sent before a commit and at every
 * savepoint and release, so that a rollback to a savepoint only has to drop
 * what waits. A failure is then the commit's, or the statement's, and the
 * transaction is rolled back as it was before; the rows keep their order, so
 * history ids do not change.
 *
 * On PostgreSQL revision and history rows wait up to KST_ROWS_COPY_MAX
 * and go by COPY from KST_ROWS_COPY_MIN (the backend's copy_rows): an
 * INSERT's row cost the server's executor 1.7-2x what COPY's does
 * (pg_stat_statements, bench_pg), and as COPY cannot go down libpq's
 * pipeline, a COPY waits for what the pipe holds: at a commit that wait
 * is made anyway. An earlier try that sent them by COPY 2 048 at a time
 * paid that wait each time and gained nothing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_int.h"

/* The tables, their columns in the order kst_rows_add takes them, and
 * what follows the rows (a value's row replaces the key's). */
static const struct {
	const char *table;
	int         ncols;
	const char *then;
	int         copy; /* may go by the backend's copy_rows */
} tables[KR_COUNT] = {
	[KR_VALUE]    = { "indicator_values (unit_id, indicator_id, year,"
	                     " kind, period, value_e4, predikat, revision, source)",
	       9,
	       " ON CONFLICT (unit_id, indicator_id, year, kind, period)"
	          " DO UPDATE SET value_e4 = excluded.value_e4,"
	          " predikat = excluded.predikat,"
	          " revision = excluded.revision, source = excluded.source" },
	[KR_REVISION] = { "value_revisions (unit_id, indicator_id, year,"
	                  " kind, period, revision, value_e4, predikat,"
	                  " request_id, created_at, source)",
	    11, NULL, 1 },
	[KR_HISTORY]  = { "history (at_ms, actor, request_id, method, what,"
	                   " unit, indicator, year, field, old, new, reason)",
	     12, NULL, 1 },
};

/* "INSERT INTO t (cols) VALUES (?1, ...), ..." for n rows. */
static char *
insert_sql(int id, int n)
{
	const char *then = tables[id].then ? tables[id].then : "";
	size_t len = strlen(tables[id].table) + strlen(then) + 32 +
	             (size_t) n * (size_t) tables[id].ncols * 8;
	char  *sql = malloc(len), *p;
	int    r, c, k = 1;

	if (sql == NULL)
		return NULL;
	p = sql + sprintf(sql, "INSERT INTO %s VALUES ", tables[id].table);
	for (r = 0; r < n; r++)
		for (c = 0; c < tables[id].ncols; c++)
			p += sprintf(p, "%s?%d%s",
			    c ? ", " : r ? ", (" : "(", k++,
			    c + 1 == tables[id].ncols ? ")" : "");
	strcpy(p, then);
	return sql;
}

/* The slot of an INSERT of n rows, a power of two. */
static int
size_index(int n)
{
	int k = 0;

	while ((1 << k) < n)
		k++;
	return k;
}

/* The most rows one INSERT sends of `left` waiting: a power of two, so a
 * connection prepares KST_ROWS_SIZES statements a table and 20 rows go
 * as 16 and 4 (one at a time, each was a statement to execute). */
static int
chunk_of(size_t left)
{
	int n = KST_ROWS_CHUNK;

	while ((size_t) n > left)
		n /= 2;
	return n;
}

/* The statement for n rows (a power of two), prepared on first use. */
static struct kst_stmt *
insert_stmt(struct kstore *st, int id, int n)
{
	struct kst_rows  *b    = &st->rows[id];
	struct kst_stmt **slot = &b->sized[size_index(n)];
	char             *sql;
	int               rc;

	if (*slot != NULL)
		return *slot;
	if ((sql = insert_sql(id, n)) == NULL) {
		snprintf(st->err, sizeof(st->err), "out of memory");
		return NULL;
	}
	rc = st->ops->prepare(st, sql, slot);
	free(sql);
	return rc == KS_OK ? *slot : NULL;
}

/* Binds the n rows at `first` to s, whose parameters run row by row. */
static void
bind_rows(const struct kst_rows *b, int ncols, size_t first, int n,
    struct kst_stmt *s)
{
	const struct kst_cell *c = &b->cells[first * (size_t) ncols];
	int                    k;

	for (k = 0; k < n * ncols; k++, c++) {
		if (c->kind == KST_CELL_INT)
			kst_bind_int64(s, k + 1, c->i);
		else if (c->kind == KST_CELL_TEXT)
			kst_bind_text(s, k + 1, b->text + c->i);
		else
			kst_bind_null(s, k + 1);
	}
}

/* After a large batch's rows went: what a connection keeps between writes
 * stays at a chunk's size (a connection of each worker would otherwise
 * keep several MB until it closes). */
static void
shrink(struct kst_rows *b)
{
	if (b->cap > KST_ROWS_CHUNK * 16) {
		free(b->cells);
		b->cells = NULL;
		b->cap   = 0;
	}
	if (b->tcap > 65536) {
		free(b->text);
		b->text = NULL;
		b->tcap = 0;
	}
}

/* Whether table id's rows may wait for COPY (see kst_rows_add). */
static int
copies(const struct kstore *st, int id)
{
	return tables[id].copy && st->ops->copy_rows != NULL;
}

/* Sends the rows waiting for table id: a chunk, or one by one. None
 * waits while they go: the statements that send them (store.c's step)
 * must not send them again. */
static int
flush_one(struct kstore *st, int id)
{
	struct kst_rows *b     = &st->rows[id];
	struct kst_stmt *s;
	size_t           r     = 0, total = b->n;
	int              n, rc = KS_OK;

	b->n = 0;
	if (copies(st, id) && total >= KST_ROWS_COPY_MIN) {
		rc = st->ops->copy_rows(st, tables[id].table, tables[id].ncols,
		    b->cells, b->text, total);
		r  = total;
	}
	while (rc == KS_OK && r < total) {
		n = chunk_of(total - r);
		if ((s = insert_stmt(st, id, n)) == NULL) {
			rc = KS_ERROR;
			break;
		}
		bind_rows(b, tables[id].ncols, r, n, s);
		rc = kst_exec(st, s);
		r += (size_t) n;
	}
	b->used = 0;
	shrink(b);
	if (rc != KS_OK)
		st->rows_lost = 1;
	return rc;
}

int
kst_rows_flush_table(struct kstore *st, int id)
{
	int rc = st->rows[id].n > 0 ? flush_one(st, id) : KS_OK;

	if (rc != KS_OK)
		kst_rows_drop(st);
	return rc;
}

int
kst_rows_waiting(
    const struct kstore *st, int id, const struct kst_cell *row, int nkey)
{
	const struct kst_rows *b     = &st->rows[id];
	int                    ncols = tables[id].ncols, c;
	size_t                 r;

	for (r = 0; r < b->n; r++) {
		const struct kst_cell *w = &b->cells[r * (size_t) ncols];

		for (c = 0; c < nkey && w[c].i == row[c].i; c++)
			;
		if (c == nkey)
			return 1;
	}
	return 0;
}

int
kst_values_waiting_of(const struct kstore *st, int64_t unit_id, int year)
{
	const struct kst_rows *b     = &st->rows[KR_VALUE];
	int                    ncols = tables[KR_VALUE].ncols;
	size_t                 r;

	for (r = 0; r < b->n; r++) {
		const struct kst_cell *w = &b->cells[r * (size_t) ncols];

		if (w[0].i == unit_id && w[2].i == year)
			return 1;
	}
	return 0;
}

int
kst_rows_flush(struct kstore *st)
{
	int id, rc = KS_OK;

	for (id = 0; id < KR_COUNT; id++)
		if (st->rows[id].n > 0 && rc == KS_OK)
			rc = flush_one(st, id);
	if (rc != KS_OK)
		kst_rows_drop(st);
	return rc;
}

void
kst_rows_drop(struct kstore *st)
{
	int id;

	for (id = 0; id < KR_COUNT; id++)
		st->rows[id].n = st->rows[id].used = 0;
}

/* Copies text into the rows' buffer; its offset, or -1 out of memory. */
static int64_t
keep_text(struct kst_rows *b, const char *v)
{
	size_t len = strlen(v) + 1;
	char  *t;

	if (b->used + len > b->tcap) {
		size_t cap = b->tcap ? b->tcap : 4096;

		while (cap < b->used + len)
			cap *= 2;
		if ((t = realloc(b->text, cap)) == NULL)
			return -1;
		b->text = t;
		b->tcap = cap;
	}
	memcpy(b->text + b->used, v, len);
	b->used += len;
	return (int64_t) (b->used - len);
}

/* Room for twice the rows (a chunk at first). */
static int
grow(struct kst_rows *b, int ncols)
{
	size_t           cap = b->cap ? b->cap * 2 : KST_ROWS_CHUNK;
	struct kst_cell *c =
	    realloc(b->cells, cap * (size_t) ncols * sizeof(*c));

	if (c == NULL)
		return -1;
	b->cells = c;
	b->cap   = cap;
	return 0;
}

int
kst_rows_add(struct kstore *st, int id, const struct kst_cell *row)
{
	struct kst_rows *b     = &st->rows[id];
	int              ncols = tables[id].ncols, c;
	struct kst_cell *to;

	if (b->n == b->cap && grow(b, ncols) != 0)
		goto oom;
	to = &b->cells[b->n * (size_t) ncols];
	for (c = 0; c < ncols; c++) {
		to[c] = row[c];
		if (row[c].kind == KST_CELL_TEXT && row[c].t == NULL)
			to[c].kind = KST_CELL_NULL;
		else if (row[c].kind == KST_CELL_TEXT &&
		         (to[c].i = keep_text(b, row[c].t)) < 0)
			goto oom;
	}
	/* A full chunk (KST_ROWS_COPY_MAX rows for COPY) goes at once:
	 * memory stays bounded. Outside a transaction no commit would send
	 * the row: it goes now. */
	if (++b->n == (copies(st, id) ? KST_ROWS_COPY_MAX : KST_ROWS_CHUNK) ||
	    !st->ops->in_tx(st))
		return flush_one(st, id);
	return KS_OK;
oom:
	snprintf(st->err, sizeof(st->err), "out of memory");
	return KS_ERROR;
}

void
kst_rows_free(struct kstore *st)
{
	int id, k;

	for (id = 0; id < KR_COUNT; id++) {
		struct kst_rows *b = &st->rows[id];

		for (k = 0; k < KST_ROWS_SIZES; k++)
			if (b->sized[k] != NULL)
				st->ops->finalize(b->sized[k]);
		free(b->cells);
		free(b->text);
		memset(b, 0, sizeof(*b));
	}
}
