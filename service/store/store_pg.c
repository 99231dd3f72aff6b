/*
 * store_pg.c - the PostgreSQL backend of the store (store_int.h), on
 * libpq. Statements are prepared once per connection (PQprepare, named
 * k<n>) from the SQL the SQLite backend runs, its ?N parameters rewritten as
 * $N; results come back as text and are parsed here. Writers take one
 * transaction-scoped advisory lock, so writes are serialized across every
 * kinerjad on the database exactly as SQLite serializes them in one file;
 * a deadline becomes statement_timeout. The schema and its migrations are
 * in store_pg_schema.c, size, backup and health in store_pg_admin.c.
 *
 * Round trips are the cost on PostgreSQL (a batch of 10 000 values made
 * some 40 000 of them, each a wait for the server): so inside a write
 * transaction a statement that returns no rows (an INSERT, UPDATE or
 * DELETE) is sent in libpq's pipeline mode and not waited for. The next
 * statement that returns rows goes down the same pipe with a sync, and
 * its one round trip brings every result back; a failure among them is
 * that statement's failure (the transaction is then aborted, so nothing
 * after it commits), as is anything else that must wait (a transaction
 * command, changes, last_id).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "store.h"
#include "store_int.h"
#include "store_pg.h"

#define TEXTOID      25 /* the type given to a parameter the SQL skips */
#define LOCK_WAIT_MS 5000 /* longest wait for the write lock */
#define SLACK_MS     250 /* statement_timeout may exceed the deadline by */
#define PIPE_MAX     512 /* statements in the pipe before a sync: keeps
                            both sides' socket buffers from filling */

/* A statement of this backend. */
struct pg_stmt {
	struct kst_stmt base;
	struct kstore  *st;
	char            name[16]; /* k<n>, unique in the connection */
	char           *text; /* the SQL with $N parameters */
	Oid            *types; /* TEXTOID for a gap, else 0: inferred */
	unsigned        generation; /* of the connection it was prepared on */
	int             nparams;
	int             nores; /* INSERT, UPDATE or DELETE, no RETURNING */
	char          **val; /* bound values (owned), NULL: NULL */
	int            *len, *fmt; /* binary length and format (blobs) */
	PGresult       *res; /* NULL until the first step */
	int             row; /* the current row */
	unsigned char  *blob; /* the last blob column decoded */
};

#define PS(x) ((struct pg_stmt *) (x))

static int pg_in_tx(struct kstore *st);

struct kpg *
kpg_of(struct kstore *st)
{
	return st->db;
}

/* Maps a failed result to a KS_ code, the message into st->err. */
int
kpg_fail(struct kstore *st, PGresult *res)
{
	struct kpg *pg = kpg_of(st);
	const char *state =
	    res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : 0;
	const char *msg = res ? PQresultErrorMessage(res) : "";

	if (msg == NULL || *msg == 0)
		msg = PQerrorMessage(pg->conn);
	snprintf(st->err, sizeof(st->err), "%s", msg);
	st->err[strcspn(st->err, "\n")] = 0;
	if (state == NULL)
		state = "";
	if (strcmp(state, "57014") == 0) { /* statement_timeout */
		snprintf(st->err, sizeof(st->err), "deadline exceeded");
		return KS_INTERRUPTED;
	}
	/* Serialization failure, deadlock, lock_timeout: the write path
	 * retries (UNAVAILABLE, "retry"), never INTERNAL. */
	if (strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0 ||
	    strcmp(state, "55P03") == 0)
		return KS_BUSY;
	if (PQstatus(pg->conn) != CONNECTION_OK)
		pg->broken = 1;
	return KS_ERROR;
}

/*
 * Sets statement_timeout to what is left of the deadline before a
 * statement runs: once when the deadline is set, and again when the time
 * left has shrunk by SLACK_MS, so a request overruns by at most that.
 * A SET made in a transaction is undone by its rollback: see pg_tx.
 */
/* Whether statement_timeout must change (1, *want the new value), not
 * (0), or the deadline has passed (KS_INTERRUPTED). */
static int
timeout_wanted(struct kstore *st, int64_t *want)
{
	struct kpg *pg = kpg_of(st);
	int64_t     left;

	if (st->deadline_ms == 0) {
		*want = 0;
		return pg->timeout_ms != 0;
	}
	left = st->deadline_ms - kst_now_ms(st);
	if (left <= 0) {
		snprintf(st->err, sizeof(st->err), "deadline exceeded");
		return KS_INTERRUPTED;
	}
	*want = left;
	return !(pg->timeout_ms > 0 && pg->timeout_ms <= left + SLACK_MS &&
	         pg->deadline_ms == st->deadline_ms);
}

int
kpg_deadline(struct kstore *st)
{
	struct kpg *pg = kpg_of(st);
	int64_t     want;
	char        text[80];
	PGresult   *res;
	int         rc;

	if ((rc = kpg_drain(st)) != KS_OK)
		return rc;
	if (pg->broken && !pg_in_tx(st) && (rc = kpg_reconnect(st)) != KS_OK)
		return rc;
	if ((rc = timeout_wanted(st, &want)) <= 0)
		return rc;
	if (PQtransactionStatus(pg->conn) == PQTRANS_INERROR)
		return KS_OK; /* nothing runs until the rollback */
	snprintf(text, sizeof(text), "SET statement_timeout = %lld",
	    (long long) want);
	res = PQexec(pg->conn, text);
	rc  = PQresultStatus(res) == PGRES_COMMAND_OK ? KS_OK
	                                              : kpg_fail(st, res);
	PQclear(res);
	if (rc == KS_OK) {
		pg->timeout_ms  = want;
		pg->deadline_ms = st->deadline_ms;
	}
	return rc;
}

/* Runs SQL text that returns no rows; a rollback runs past a deadline. */
static int
run_text(struct kstore *st, const char *text, int timed)
{
	struct kpg *pg = kpg_of(st);
	PGresult   *res;
	int         rc;

	/* A rollback undoes whatever failed in the pipe. */
	if ((rc = kpg_drain(st)) != KS_OK && timed)
		return rc;
	if (timed && (rc = kpg_deadline(st)) != KS_OK)
		return rc;
	res = PQexec(pg->conn, text);
	rc  = PQresultStatus(res) == PGRES_COMMAND_OK ||
                     PQresultStatus(res) == PGRES_TUPLES_OK
	          ? KS_OK
	          : kpg_fail(st, res);
	PQclear(res);
	return rc;
}

int
kpg_exec(struct kstore *st, const char *text)
{
	return run_text(st, text, 1);
}

/*
 * SQLite's ?N as PostgreSQL's $N, outside string literals; *nparams gets
 * the highest N and used[N] whether the SQL names it.
 */
static char *
rewrite(const char *sql, int *nparams, unsigned char *used, int maxp)
{
	char *out = malloc(strlen(sql) * 2 + 1), *o = out;
	int   quoted = 0, n;

	*nparams = 0;
	if (out == NULL)
		return NULL;
	for (; *sql; sql++) {
		if (*sql == '\'')
			quoted = !quoted;
		if (quoted || *sql != '?' ||
		    !isdigit((unsigned char) sql[1])) {
			*o++ = *sql;
			continue;
		}
		n    = (int) strtol(sql + 1, NULL, 10);
		*o++ = '$';
		if (n > *nparams)
			*nparams = n;
		if (n < maxp)
			used[n] = 1;
	}
	*o = 0;
	return out;
}

/* Prepares s on the connection (again after a reconnect). */
static int
pg_prepare_on(struct kstore *st, struct pg_stmt *s)
{
	struct kpg *pg = kpg_of(st);
	PGresult   *res;
	int         rc;

	if ((rc = kpg_drain(st)) != KS_OK)
		return rc;
	res = PQprepare(pg->conn, s->name, s->text, s->nparams, s->types);
	rc  = PQresultStatus(res) == PGRES_COMMAND_OK ? KS_OK
	                                              : kpg_fail(st, res);
	PQclear(res);
	if (rc == KS_OK)
		s->generation = pg->generation;
	return rc;
}

static void pg_finalize(struct kst_stmt *s);

/* Whether sql writes and returns no rows: it may wait in the pipe. */
static int
returns_nothing(const char *sql)
{
	while (isspace((unsigned char) *sql))
		sql++;
	return (strncmp(sql, "INSERT", 6) == 0 ||
	           strncmp(sql, "UPDATE", 6) == 0 ||
	           strncmp(sql, "DELETE", 6) == 0) &&
	       strstr(sql, "RETURNING") == NULL;
}

static int
pg_prepare(struct kstore *st, const char *sql, struct kst_stmt **out)
{
	struct kpg     *pg        = kpg_of(st);
	struct pg_stmt *s         = calloc(1, sizeof(*s));
	unsigned char   used[1024] = { 0 }; /* store_rows.c: 768 */
	int             i;

	if (s == NULL)
		return KS_ERROR;
	s->base.ops = &kst_pg_ops;
	s->st       = st;
	snprintf(s->name, sizeof(s->name), "k%u", ++pg->nstmts);
	s->text  = rewrite(sql, &s->nparams, used, (int) sizeof(used));
	s->nores = returns_nothing(sql);
	s->base.sees_values = kst_sees_values(sql);
	s->val   = calloc((size_t) s->nparams + 1, sizeof(char *));
	s->len   = calloc((size_t) s->nparams + 1, sizeof(int));
	s->fmt   = calloc((size_t) s->nparams + 1, sizeof(int));
	s->types = calloc((size_t) s->nparams + 1, sizeof(Oid));
	if (s->text == NULL || s->val == NULL || s->len == NULL ||
	    s->fmt == NULL || s->types == NULL) {
		pg_finalize(&s->base);
		snprintf(st->err, sizeof(st->err), "out of memory");
		return KS_ERROR;
	}
	/* A parameter the SQL skips (SQLite allows gaps) must have a type:
	 * text takes any bound value. The others are inferred. */
	for (i = 0; i < s->nparams; i++)
		s->types[i] = used[i + 1] ? 0 : TEXTOID;
	if (pg_prepare_on(st, s) != KS_OK) {
		pg_finalize(&s->base);
		return KS_ERROR;
	}
	*out = &s->base;
	return KS_OK;
}

static void
pg_unbind(struct pg_stmt *s)
{
	int i;

	for (i = 0; i < s->nparams; i++) {
		free(s->val[i]);
		s->val[i] = NULL;
		s->len[i] = 0;
		s->fmt[i] = 0;
	}
}

static void
pg_reset(struct kst_stmt *x)
{
	struct pg_stmt *s = PS(x);

	PQclear(s->res);
	s->res = NULL;
	pg_unbind(s);
}

static void
pg_finalize(struct kst_stmt *x)
{
	struct pg_stmt *s = PS(x);

	pg_reset(x);
	free(s->val);
	free(s->len);
	free(s->fmt);
	free(s->text);
	free(s->types);
	free(s->blob);
	free(s);
}

/* Binds a copy of len bytes (text: with its terminator). */
static void
pg_bind(struct pg_stmt *s, int col, const void *v, size_t len, int binary)
{
	char *copy;

	if (col < 1 || col > s->nparams)
		return; /* the SQL does not name it */
	free(s->val[col - 1]);
	s->val[col - 1] = NULL;
	if (v == NULL || (copy = malloc(len + 1)) == NULL)
		return;
	memcpy(copy, v, len);
	copy[len]       = 0;
	s->val[col - 1] = copy;
	s->len[col - 1] = (int) len;
	s->fmt[col - 1] = binary;
}

static void
pg_bind_int64(struct kst_stmt *s, int col, int64_t v)
{
	char text[24];
	int  n = snprintf(text, sizeof(text), "%lld", (long long) v);

	pg_bind(PS(s), col, text, (size_t) n, 0);
}

static void
pg_bind_text(struct kst_stmt *s, int col, const char *v)
{
	pg_bind(PS(s), col, v, v ? strlen(v) : 0, 0);
}

static void
pg_bind_blob(struct kst_stmt *s, int col, const void *v, size_t len)
{
	pg_bind(PS(s), col, v ? v : "", len, 1);
}

static void
pg_bind_null(struct kst_stmt *s, int col)
{
	pg_bind(PS(s), col, NULL, 0, 0);
}

/*
 * Reads what the pipe holds up to its sync, then leaves pipeline mode.
 * The result of the last statement sent is kept in *last when last is
 * given (the statement that asked for the sync); the first failure is
 * returned.
 */
static int
drain(struct kstore *st, PGresult **last)
{
	struct kpg *pg = kpg_of(st);
	PGresult   *res;
	int         rc = KS_OK, seen = 0, nulls = 0;

	if (PQpipelineStatus(pg->conn) == PQ_PIPELINE_OFF)
		return KS_OK;
	if (PQpipelineSync(pg->conn) != 1)
		rc = kpg_fail(st, NULL);
	while (rc == KS_OK || PQstatus(pg->conn) == CONNECTION_OK) {
		if ((res = PQgetResult(pg->conn)) == NULL) {
			if (++nulls > 1) /* the connection is gone */
				break;
			continue;
		}
		nulls = 0;
		if (PQresultStatus(res) == PGRES_PIPELINE_SYNC) {
			PQclear(res);
			break;
		}
		if (++seen == pg->piped && last != NULL && rc == KS_OK &&
		    (PQresultStatus(res) == PGRES_TUPLES_OK ||
		        PQresultStatus(res) == PGRES_COMMAND_OK)) {
			*last = res;
			continue;
		}
		if (PQresultStatus(res) == PGRES_COMMAND_OK)
			pg->changes = atoi(PQcmdTuples(res));
		else if (rc == KS_OK)
			rc = kpg_fail(st, res);
		PQclear(res);
	}
	pg->piped = 0;
	if (PQexitPipelineMode(pg->conn) != 1) {
		pg->broken = 1; /* results left unread: start again */
		if (rc == KS_OK)
			rc = kpg_fail(st, NULL);
	}
	return rc;
}

int
kpg_drain(struct kstore *st)
{
	return drain(st, NULL);
}

/* Sends s down the pipe (entering pipeline mode when needed). */
static int
pipe_send(struct kstore *st, struct pg_stmt *s)
{
	struct kpg *pg = kpg_of(st);

	if (PQpipelineStatus(pg->conn) == PQ_PIPELINE_OFF &&
	    PQenterPipelineMode(pg->conn) != 1)
		return kpg_fail(st, NULL);
	if (PQsendQueryPrepared(pg->conn, s->name, s->nparams,
	        (const char *const *) s->val, s->len, s->fmt, 0) != 1)
		return kpg_fail(st, NULL);
	pg->piped++;
	return KS_OK;
}

/* Whether s can run in the pipe as it stands: otherwise the pipe is
 * drained and s runs as a synchronous call. */
static int
pipe_fits(struct kstore *st, struct pg_stmt *s)
{
	struct kpg *pg = kpg_of(st);
	int64_t     want;

	if (s->generation != pg->generation)
		return 0;
	if (pg->piped > 0)
		return timeout_wanted(st, &want) == 0;
	return s->nores && st->writing && pg_in_tx(st) &&
	       PQtransactionStatus(pg->conn) == PQTRANS_INTRANS;
}

static int
pg_run(struct kstore *st, struct pg_stmt *s)
{
	struct kpg    *pg   = kpg_of(st);
	int            fits = pipe_fits(st, s);
	ExecStatusType status;
	int            rc;

	/* Asked once while the pipe holds statements: the answer depends on
	 * the clock, and a second ask could send s synchronously into it. */
	if (!fits) {
		if ((rc = kpg_deadline(st)) != KS_OK)
			return rc;
		if (s->generation != pg->generation &&
		    (rc = pg_prepare_on(st, s)) != KS_OK)
			return rc;
		fits = pipe_fits(st, s); /* the pipe is empty now */
	}
	if (fits) {
		if ((rc = pipe_send(st, s)) != KS_OK)
			return rc;
		s->row = -1;
		/* A write waits in the pipe (s->res stays NULL: no rows);
		 * anything else brings every result back now. */
		if (s->nores && pg->piped < PIPE_MAX)
			return KS_OK;
		if ((rc = drain(st, &s->res)) != KS_OK) {
			pg_reset(&s->base);
			return rc;
		}
	} else
		s->res = PQexecPrepared(pg->conn, s->name, s->nparams,
		    (const char *const *) s->val, s->len, s->fmt, 0);
	status = PQresultStatus(s->res);
	if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
		rc = kpg_fail(st, s->res);
		pg_reset(&s->base);
		return rc;
	}
	pg->changes = atoi(PQcmdTuples(s->res));
	s->row      = -1;
	return KS_OK;
}

static int
pg_step(struct kstore *st, struct kst_stmt *x)
{
	struct pg_stmt *s = PS(x);
	int             rc;

	if (s->res == NULL && (rc = pg_run(st, s)) != KS_OK)
		return rc;
	if (++s->row < PQntuples(s->res))
		return 1;
	pg_reset(x);
	return 0;
}

static int
pg_col_null(struct kst_stmt *x, int col)
{
	struct pg_stmt *s = PS(x);

	return s->res == NULL || col >= PQnfields(s->res) ||
	       PQgetisnull(s->res, s->row, col);
}

static const char *
pg_col_text(struct kst_stmt *x, int col)
{
	if (pg_col_null(x, col))
		return NULL;
	return PQgetvalue(PS(x)->res, PS(x)->row, col);
}

/* Integers come as text; booleans (EXISTS) as t and f; sums of bigint
 * are numeric and never have a fraction here. */
static int64_t
pg_col_int64(struct kst_stmt *x, int col)
{
	const char *v = pg_col_text(x, col);

	if (v == NULL)
		return 0;
	if (*v == 't' || *v == 'f')
		return *v == 't';
	return strtoll(v, NULL, 10);
}

static int
hexval(int c)
{
	return isdigit(c) ? c - '0' : tolower(c) - 'a' + 10;
}

/* bytea comes as text in hex (\x0a1b...). */
static const void *
pg_col_blob(struct kst_stmt *x, int col, size_t *len)
{
	struct pg_stmt *s = PS(x);
	const char     *v = pg_col_text(x, col);
	size_t          n, i;

	*len = 0;
	if (v == NULL || v[0] != '\\' || v[1] != 'x')
		return "";
	n = (strlen(v) - 2) / 2;
	free(s->blob);
	if ((s->blob = malloc(n + 1)) == NULL)
		return "";
	for (i = 0; i < n; i++)
		s->blob[i] =
		    (unsigned char) (hexval((unsigned char) v[2 + 2 * i])
		                         << 4 |
		                     hexval((unsigned char) v[3 + 2 * i]));
	*len = n;
	return s->blob;
}

/* The count of the last write, which may still be in the pipe. */
static int
pg_changes(struct kstore *st)
{
	kpg_drain(st);
	return kpg_of(st)->changes;
}

/* The id the last insert into a table with an identity column drew, as
 * SQLite's last_insert_rowid. */
static int64_t
pg_last_id(struct kstore *st)
{
	PGresult *res;
	int64_t   id = 0;

	kpg_drain(st);
	res = PQexec(kpg_of(st)->conn, "SELECT lastval()");
	if (PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1)
		id = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
	PQclear(res);
	return id;
}

static int
pg_in_tx(struct kstore *st)
{
	return PQtransactionStatus(kpg_of(st)->conn) != PQTRANS_IDLE;
}

static int pg_tx(struct kstore *st, int kind);

/* As SQLite's, a BEGIN that fails leaves no transaction open. */
static int
begin_or_none(struct kstore *st, const char *begin)
{
	int rc = kpg_exec(st, begin);

	if (rc != KS_OK && pg_in_tx(st))
		pg_tx(st, KT_ROLLBACK);
	return rc;
}

/*
 * A write transaction first takes the database's write lock (an advisory
 * lock keyed by the schema), waiting LOCK_WAIT_MS at most, as SQLite's
 * BEGIN IMMEDIATE waits for its file lock: every kinerjad on the database
 * writes one at a time, so what a write read is still true when it
 * commits, a request id is applied once, and an approval cannot move
 * under another replica's write. A read is a snapshot (REPEATABLE READ).
 */
static int
pg_tx(struct kstore *st, int kind)
{
	struct kpg *pg = kpg_of(st);
	char        begin[160];
	int         rc;

	switch (kind) {
	case KT_BEGIN:
		snprintf(begin, sizeof(begin),
		    "BEGIN ISOLATION LEVEL READ COMMITTED;"
		    " SET LOCAL lock_timeout = %d;"
		    " SELECT pg_advisory_xact_lock(%lld)",
		    LOCK_WAIT_MS, (long long) pg->lock_key);
		return begin_or_none(st, begin);
	case KT_BEGIN_READ:
		return begin_or_none(
		    st, "BEGIN ISOLATION LEVEL REPEATABLE READ");
	case KT_COMMIT:
		if (PQtransactionStatus(pg->conn) == PQTRANS_INERROR) {
			snprintf(st->err, sizeof(st->err),
			    "transaction failed before its commit");
			return KS_ERROR;
		}
		return kpg_exec(st, "COMMIT");
	case KT_ROLLBACK:
		rc = run_text(st, "ROLLBACK", 0);
		/* A SET made in the transaction is undone with it. */
		pg->timeout_ms  = -1;
		pg->deadline_ms = -1;
		return rc;
	case KT_SAVEPOINT:
		return kpg_exec(st, "SAVEPOINT item");
	case KT_RELEASE:
		return kpg_exec(st, "RELEASE SAVEPOINT item");
	default:
		return run_text(st, "ROLLBACK TO SAVEPOINT item", 0);
	}
}

/* COPY's text format, sent in pieces of sizeof(buf). */
struct copy_out {
	PGconn *conn;
	size_t  n;
	int     failed;
	char    buf[1 << 16];
};

static void
copy_send(struct copy_out *o)
{
	if (o->n > 0 && !o->failed &&
	    PQputCopyData(o->conn, o->buf, (int) o->n) != 1)
		o->failed = 1;
	o->n = 0;
}

static void
copy_put(struct copy_out *o, const char *p, size_t len)
{
	if (o->n + len > sizeof(o->buf))
		copy_send(o);
	if (len > sizeof(o->buf)) {
		if (!o->failed && PQputCopyData(o->conn, p, (int) len) != 1)
			o->failed = 1;
		return;
	}
	memcpy(o->buf + o->n, p, len);
	o->n += len;
}

/* A backslash, tab, newline or carriage return would end a field or a
 * row: each goes escaped. */
static void
copy_put_text(struct copy_out *o, const char *t)
{
	const char *span = t;
	const char *esc;

	for (; *t; t++) {
		switch (*t) {
		case '\\':
			esc = "\\\\";
			break;
		case '\t':
			esc = "\\t";
			break;
		case '\n':
			esc = "\\n";
			break;
		case '\r':
			esc = "\\r";
			break;
		default:
			continue;
		}
		copy_put(o, span, (size_t) (t - span));
		copy_put(o, esc, 2);
		span = t + 1;
	}
	copy_put(o, span, (size_t) (t - span));
}

static void
copy_put_rows(struct copy_out *o, int ncols, const struct kst_cell *c,
    const char *text, size_t n)
{
	char   num[24];
	size_t r;
	int    k;

	for (r = 0; r < n; r++)
		for (k = 0; k < ncols; k++, c++) {
			if (c->kind == KST_CELL_INT)
				copy_put(o, num,
				    (size_t) snprintf(num, sizeof(num), "%lld",
				        (long long) c->i));
			else if (c->kind == KST_CELL_TEXT)
				copy_put_text(o, text + c->i);
			else
				copy_put(o, "\\N", 2);
			copy_put(o, k + 1 < ncols ? "\t" : "\n", 1);
		}
	copy_send(o);
}

/*
 * The COPY's result, then NULL. A connection still in COPY_IN (an end
 * that could not be sent) would answer COPY_IN for ever: it is given up,
 * and the transaction with it.
 */
static int
copy_results(struct kstore *st, int rc)
{
	struct kpg *pg = kpg_of(st);
	PGresult   *res;

	while ((res = PQgetResult(pg->conn)) != NULL) {
		ExecStatusType status = PQresultStatus(res);

		if (status != PGRES_COMMAND_OK && rc == KS_OK)
			rc = kpg_fail(st, res);
		PQclear(res);
		if (status == PGRES_COPY_IN || status == PGRES_COPY_BOTH) {
			pg->broken = 1;
			break;
		}
	}
	return rc;
}

static int
pg_copy_rows(struct kstore *st, const char *table, int ncols,
    const struct kst_cell *cells, const char *text, size_t n)
{
	struct kpg      *pg = kpg_of(st);
	struct copy_out *o;
	char             sql[320];
	PGresult        *res;
	int              rc;

	if ((rc = kpg_deadline(st)) != KS_OK) /* the pipe drained too */
		return rc;
	if ((o = malloc(sizeof(*o))) == NULL) {
		snprintf(st->err, sizeof(st->err), "out of memory");
		return KS_ERROR;
	}
	snprintf(sql, sizeof(sql), "COPY %s FROM STDIN", table);
	res = PQexec(pg->conn, sql);
	rc  = PQresultStatus(res) == PGRES_COPY_IN ? KS_OK : kpg_fail(st, res);
	PQclear(res);
	if (rc == KS_OK) {
		o->conn   = pg->conn;
		o->n      = 0;
		o->failed = 0;
		copy_put_rows(o, ncols, cells, text, n);
		if (PQputCopyEnd(pg->conn, o->failed ? "not sent" : NULL) != 1)
			o->failed = 1;
		/* libpq's own words for a send that failed: the server would
		 * answer "not sent" as a cancel, which reads as a deadline. */
		if (o->failed)
			rc = kpg_fail(st, NULL);
		rc = copy_results(st, rc);
	}
	free(o);
	return rc;
}

const struct kst_ops kst_pg_ops = {
	.name       = "postgresql",
	.open       = kpg_open,
	.close      = kpg_close,
	.prepare    = pg_prepare,
	.finalize   = pg_finalize,
	.bind_int64 = pg_bind_int64,
	.bind_text  = pg_bind_text,
	.bind_blob  = pg_bind_blob,
	.bind_null  = pg_bind_null,
	.step       = pg_step,
	.reset      = pg_reset,
	.col_int64  = pg_col_int64,
	.col_text   = pg_col_text,
	.col_blob   = pg_col_blob,
	.col_null   = pg_col_null,
	.changes    = pg_changes,
	.last_id    = pg_last_id,
	.in_tx      = pg_in_tx,
	.tx         = pg_tx,
	.health     = kpg_health,
	.backup     = kpg_backup,
	.size       = kpg_size,
	.copy_rows  = pg_copy_rows,
	.remote     = 1,
};
