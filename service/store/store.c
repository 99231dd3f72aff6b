/*
 * store.c - store.h on either backend (store_int.h): the connection's
 * life, transactions, replays, units, indicators, sasaran and values. The
 * SQL is written once, in what SQLite and PostgreSQL both accept; every
 * statement is prepared once per connection.
 */
#include <assert.h>
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "grow.h"
#include "kcore.h"
#include "store.h"
#include "store_int.h"

#define EXPIRE_EVERY 64 /* replay puts between two expiries */
#define EXPIRE_MAX   256 /* replays one expiry deletes at most */

enum stmt_id {
	S_REPLAY_GET,
	S_REPLAY_PUT,
	S_REPLAY_EXPIRE,
	S_UNIT_GET,
	S_UNIT_INSERT,
	S_UNIT_UPDATE,
	S_UNIT_LIST_ALL,
	S_UNIT_LIST_ROOTS,
	S_UNIT_LIST_CHILDREN,
	S_UNIT_MIN_CHILD,
	S_IND_GET,
	S_IND_INSERT,
	S_IND_UPDATE,
	S_IND_LIST,
	S_IND_VALUE_KINDS,
	S_IND_OUTSIDE,
	S_SAS_GET,
	S_SAS_INSERT,
	S_SAS_UPDATE,
	S_SAS_LINK,
	S_SAS_LINKED,
	S_SAS_LINKED_ALL,
	S_SAS_PJ,
	S_VAL_GET,
	S_UNIT_YEAR,
	S_VAL_HISTORY,
	S_LEAVES_ALL,
	S_LEAVES_UNDER,
	S_VALUES_OF_YEAR,
	S_VALUE_ROWS,
	S_CAPAIAN,
	S_VALUE_QUARTERS,
	S_GEN_GET,
	S_GEN_BUMP,
	S_GEN_RAISE,
	S_COUNT,
};

_Static_assert(S_COUNT <= KST_CORE_STMTS, "room for store.c's statements");

static const char *const sql[S_COUNT] = {
	[S_REPLAY_GET]  = "SELECT reply, method, digest, record FROM requests"
	                  " WHERE request_id = ?1 AND created_at >= ?2",
	/* An expired row of the same id is replaced; a live one is not. */
	[S_REPLAY_PUT]    = "INSERT INTO requests"
	                    " (request_id, method, reply, created_at, digest,"
	                    " record) VALUES (?1, ?2, ?3, ?4, ?5, 1)"
	                    " ON CONFLICT (request_id) DO UPDATE SET"
	                    " method = ?2, reply = ?3, created_at = ?4,"
	                    " digest = ?5, record = 1 WHERE requests.created_at < ?6",
	[S_REPLAY_EXPIRE] = "DELETE FROM requests WHERE rowid IN"
	                    " (SELECT rowid FROM requests"
	                    " WHERE created_at < ?1 ORDER BY created_at"
	                    " LIMIT ?2)",
	[S_UNIT_GET]      = "SELECT u.id, u.code, u.name, COALESCE(p.code, ''),"
	                    " u.level FROM units u"
	                    " LEFT JOIN units p ON p.id = u.parent_id"
	                    " WHERE u.code = ?1",
	[S_UNIT_INSERT]   = "INSERT INTO units (code, name, parent_id, level)"
	                    " VALUES (?1, ?2, (SELECT id FROM units"
	                    " WHERE code = ?3), ?4)",
	[S_UNIT_UPDATE] = "UPDATE units SET name = ?2, parent_id = (SELECT id"
	                  " FROM units WHERE code = ?3), level = ?4"
	                  " WHERE code = ?1",
	[S_UNIT_LIST_ALL] = "SELECT u.id, u.code, u.name, COALESCE(p.code, ''),"
	                    " u.level FROM units u"
	                    " LEFT JOIN units p ON p.id = u.parent_id"
	                    " ORDER BY u.level, u.code",
	[S_UNIT_LIST_ROOTS]    = "SELECT id, code, name, '', level FROM units"
	                         " WHERE parent_id IS NULL ORDER BY level, code",
	[S_UNIT_LIST_CHILDREN] = "SELECT u.id, u.code, u.name, p.code, u.level"
	                         " FROM units u JOIN units p"
	                         " ON p.id = u.parent_id WHERE p.code = ?1"
	                         " ORDER BY u.level, u.code",
	[S_UNIT_MIN_CHILD]     = "SELECT COALESCE(MIN(c.level), 0) FROM units c"
	                         " JOIN units p ON p.id = c.parent_id"
	                         " WHERE p.code = ?1",
	[S_IND_GET]    = "SELECT id, code, name, satuan, polarity, value_type,"
	                 " min_e4, max_e4, quarterly FROM indicators"
	                 " WHERE code = ?1",
	[S_IND_INSERT] = "INSERT INTO indicators (code, name, satuan,"
	                 " polarity, value_type, min_e4, max_e4, quarterly)"
	                 " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
	[S_IND_UPDATE] = "UPDATE indicators SET name = ?2, satuan = ?3,"
	                 " polarity = ?4, value_type = ?5, min_e4 = ?6,"
	                 " max_e4 = ?7, quarterly = ?8 WHERE code = ?1",
	[S_IND_LIST]   = "SELECT id, code, name, satuan, polarity, value_type,"
	                 " min_e4, max_e4, quarterly FROM indicators"
	                 " ORDER BY code",
	[S_IND_VALUE_KINDS] =
	    "SELECT COUNT(*) FILTER (WHERE value_e4 IS NULL),"
	    " COUNT(*) FILTER (WHERE value_e4 < 0"
	    " OR value_e4 > 1000000) FROM indicator_values"
	    " WHERE indicator_id = (SELECT id FROM indicators"
	    " WHERE code = ?1)",
	[S_IND_OUTSIDE] =
	    "SELECT COUNT(*) FROM indicator_values"
	    " WHERE indicator_id = (SELECT id FROM indicators WHERE code = ?1)"
	    " AND (value_e4 < ?2 OR value_e4 > ?3)",
	[S_SAS_GET]      = "SELECT s.id, s.tujuan FROM sasaran s"
	                   " WHERE s.unit_id = ?1 AND s.name = ?2",
	[S_SAS_INSERT]   = "INSERT INTO sasaran (unit_id, name, tujuan)"
	                   " VALUES (?1, ?2, ?3)",
	[S_SAS_UPDATE]   = "UPDATE sasaran SET tujuan = ?2 WHERE id = ?1",
	[S_SAS_LINKED]   = "SELECT 1 FROM sasaran s JOIN sasaran_indicators si"
	                   " ON si.sasaran_id = s.id WHERE s.unit_id = ?1"
	                   " AND si.indicator_id = ?2 LIMIT 1",
	[S_SAS_LINKED_ALL] = "SELECT DISTINCT si.indicator_id FROM sasaran s"
	                     " JOIN sasaran_indicators si"
	                     " ON si.sasaran_id = s.id WHERE s.unit_id = ?1",
	[S_SAS_LINK]     = "INSERT INTO sasaran_indicators"
	                   " (sasaran_id, indicator_id, penanggung_jawab)"
	                   " VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING",
	[S_SAS_PJ]       = "UPDATE sasaran_indicators SET penanggung_jawab = ?3"
	                   " WHERE sasaran_id = ?1 AND indicator_id = ?2"
	                   " AND penanggung_jawab <> ?3",
	[S_VAL_GET]      = "SELECT value_e4, predikat, revision, source"
	                   " FROM indicator_values WHERE unit_id = ?1"
	                   " AND indicator_id = ?2 AND year = ?3 AND kind = ?4"
	                   " AND period = ?5",
	/* A unit-year as a batch's checks and writes ask it, at once (see
	 * unit_year_load): 0, its values; 1, the indicators its unit's
	 * sasaran show; 2, whether it has an AKIP evaluation, a survey. */
	[S_UNIT_YEAR] =
	    "SELECT 0, indicator_id, kind, period, value_e4, predikat,"
	    " revision, source FROM indicator_values"
	    " WHERE unit_id = ?1 AND year = ?2"
	    " UNION ALL SELECT DISTINCT 1, si.indicator_id, 0, 0, 0, 0, 0, 0"
	    " FROM sasaran s JOIN sasaran_indicators si"
	    " ON si.sasaran_id = s.id WHERE s.unit_id = ?1"
	    " UNION ALL SELECT 2, 0, CASE WHEN EXISTS (SELECT 1"
	    " FROM akip_components WHERE unit_id = ?1 AND year = ?2)"
	    " THEN 1 ELSE 0 END, CASE WHEN EXISTS (SELECT 1 FROM surveys"
	    " WHERE unit_id = ?1 AND year = ?2) THEN 1 ELSE 0 END, 0, 0, 0, 0",
	[S_VAL_HISTORY] =
	    "SELECT value_e4, predikat, revision"
	    " FROM value_revisions"
	    " WHERE unit_id = (SELECT id FROM units WHERE code = ?1)"
	    " AND indicator_id = (SELECT id FROM indicators"
	    " WHERE code = ?2) AND year = ?3 AND kind = ?4 AND period = ?5"
	    " ORDER BY revision",
	[S_LEAVES_ALL] = "SELECT u.id, u.code, u.name, COALESCE(p.code, ''),"
	                 " u.level FROM units u"
	                 " LEFT JOIN units p ON p.id = u.parent_id"
	                 " WHERE u.id NOT IN (SELECT parent_id FROM units"
	                 " WHERE parent_id IS NOT NULL) ORDER BY u.code",
	[S_LEAVES_UNDER] =
	    "WITH RECURSIVE under(id) AS ("
	    " SELECT id FROM units WHERE code = ?1"
	    " UNION ALL SELECT u.id FROM units u JOIN under"
	    " ON u.parent_id = under.id)"
	    " SELECT u.id, u.code, u.name, p.code, u.level FROM units u"
	    " JOIN units p ON p.id = u.parent_id"
	    " WHERE u.id IN (SELECT id FROM under) AND u.code != ?1 AND u.id NOT IN"
	    " (SELECT parent_id FROM units WHERE parent_id IS NOT NULL)"
	    " ORDER BY u.code",
	[S_VALUES_OF_YEAR] =
	    "SELECT value_e4, predikat, unit_id"
	    " FROM indicator_values"
	    " WHERE indicator_id = (SELECT id FROM indicators"
	    " WHERE code = ?1) AND year = ?2 AND kind = ?3"
	    " AND period = 0 ORDER BY unit_id",
	[S_VALUE_ROWS] =
	    "SELECT value_e4, predikat, revision, year, kind, source"
	    " FROM indicator_values"
	    " WHERE unit_id = (SELECT id FROM units WHERE code = ?1)"
	    " AND indicator_id = (SELECT id FROM indicators WHERE code = ?2)"
	    " AND year BETWEEN ?3 AND ?4 AND period = 0 ORDER BY year, kind",
	[S_CAPAIAN] =
	    "SELECT " KST_CAPAIAN_COLUMNS " FROM sasaran s" KST_CAPAIAN_JOINS
	    " WHERE s.unit_id = (SELECT id FROM units WHERE code = ?1)"
	    " ORDER BY s.id, si.rowid",
	[S_VALUE_QUARTERS] =
	    "SELECT value_e4, predikat, revision, kind, period"
	    " FROM indicator_values"
	    " WHERE unit_id = (SELECT id FROM units WHERE code = ?1)"
	    " AND indicator_id = (SELECT id FROM indicators WHERE code = ?2)"
	    " AND year = ?3 AND kind IN (3, 4) ORDER BY kind, period",
	[S_GEN_GET]   = "SELECT n FROM kinerja_generation WHERE id = 1",
	[S_GEN_BUMP]  = "UPDATE kinerja_generation SET n = n + 1 WHERE id = 1",
	[S_GEN_RAISE] = "UPDATE kinerja_generation SET n = ?1"
	                " WHERE id = 1 AND n < ?1",
};

static void
forget(struct kstore *st)
{
	int i;

	st->unit_memo.code[0] = 0;
	for (i = 0; i < KST_IND_MEMO; i++)
		st->ind_memo[i].code[0] = 0;
	st->link_memo.valid    = 0;
	st->derived_memo.valid = 0;
	st->val_memo.valid     = 0;
	st->val_memo.seen      = 0;
	kst_ahead_forget(st);
}

/* Whether code may be remembered: it fits the memo's char[64], and a
 * transaction is open (the memo is forgotten when it ends). */
static int
memo_fits(struct kstore *st, const char *code)
{
	return *code != 0 && strlen(code) < 64 && st->ops->in_tx(st);
}

int64_t
kstore_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t) ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void
kstore_set_deadline_clock(struct kstore *st, int64_t (*now_ms)(void))
{
	st->deadline_clock = now_ms;
}

int64_t
kst_now_ms(const struct kstore *st)
{
	return st->deadline_clock ? st->deadline_clock() : kstore_now_ms();
}

const char *
kstore_errmsg(struct kstore *st)
{
	return st->err;
}

int
kst_expired(const struct kstore *st)
{
	return st->deadline_ms != 0 && kst_now_ms(st) > st->deadline_ms;
}

void
kstore_set_deadline(struct kstore *st, int64_t deadline_ms)
{
	st->deadline_ms = deadline_ms;
}

static struct kst_stmt *
stmt(struct kstore *st, enum stmt_id id)
{
	if (st->stmt[id] == NULL &&
	    st->ops->prepare(st, sql[id], &st->stmt[id]) != KS_OK)
		return NULL;
	return st->stmt[id];
}

int
kst_sees_values(const char *text)
{
	while (isspace((unsigned char) *text))
		text++;
	return strncmp(text, "SELECT", 6) != 0 ||
	       strstr(text, "indicator_values") != NULL ||
	       strstr(text, "value_blocks") != NULL;
}

/* Steps s once the value rows waiting are sent if it may need them
 * (store_rows.c): every statement sees the values written before it. */
static int
step(struct kstore *st, struct kst_stmt *s)
{
	int rc;

	if (s->sees_values &&
	    (rc = kst_rows_flush_table(st, KR_VALUE)) != KS_OK)
		return rc;
	return st->ops->step(st, s);
}

/* Runs a statement that returns no rows. */
static int
exec_stmt(struct kstore *st, struct kst_stmt *s)
{
	int rc;

	if (s == NULL)
		return KS_ERROR;
	rc = step(st, s);
	if (rc >= 0)
		st->ops->reset(s);
	return rc < 0 ? rc : KS_OK;
}

/*
 * The backend is chosen by the target's form: a postgresql:// URL is a
 * PostgreSQL database, anything else a SQLite file. Handlers never know
 * which: every kstore_* function below runs on either.
 */
int
kstore_open(const char *target, struct kstore **out, char *err, size_t errlen)
{
	struct kstore *st = calloc(1, sizeof(*st));

	if (st == NULL) {
		snprintf(err, errlen, "out of memory");
		return KS_ERROR;
	}
	st->replay_ttl_s = KSTORE_REPLAY_TTL;
	st->side_units   = KSTORE_SIDE_UNITS;
	st->ops          = kst_is_pg(target) ? &kst_pg_ops : &kst_sqlite_ops;
	if ((st->target = strdup(target)) == NULL ||
	    st->ops->open(st, target) != KS_OK) {
		snprintf(err, errlen, "%s: %s",
		    kst_is_pg(target) ? "postgresql" : target, st->err);
		kstore_close(st);
		return KS_ERROR;
	}
	*out = st;
	return KS_OK;
}

void
kstore_close(struct kstore *st)
{
	int i;

	if (st == NULL)
		return;
	for (i = 0; i < S_COUNT; i++)
		if (st->stmt[i] != NULL)
			st->ops->finalize(st->stmt[i]);
	for (i = 0; i < KT_COUNT; i++)
		if (st->tx[i] != NULL)
			st->ops->finalize(st->tx[i]);
	for (i = 0; i < st->nextra; i++)
		st->ops->finalize(st->extra[i].s);
	kst_rows_free(st);
	kst_ahead_free(st);
	free(st->val_memo.rows);
	st->ops->close(st);
	kstore_close(st->side);
	free(st->target);
	free(st);
}

int
kstore_health(struct kstore *st, char *reason, size_t len)
{
	return st->ops->health(st, reason, len);
}

int
kstore_backup(struct kstore *st, const char *path)
{
	return st->ops->backup(st, path);
}

int
kstore_size(struct kstore *st, uint64_t *bytes)
{
	return st->ops->size(st, bytes);
}

int
kstore_begin(struct kstore *st)
{
	forget(st);
	kst_ahead_end(st);
	kst_rows_drop(st);
	st->rows_lost = 0;
	st->writing   = 1;
	return st->ops->tx(st, KT_BEGIN);
}

int
kstore_begin_read(struct kstore *st)
{
	forget(st);
	kst_ahead_end(st);
	return st->ops->tx(st, KT_BEGIN_READ);
}

/*
 * The write generation (kstore_generation) is one row, counted up by every
 * write transaction just before its commit. Why a counter in the data:
 * - exact and database-wide: every connection, worker, kinerjad sharing a
 *   SQLite file and replica on one PostgreSQL schema reads the same number,
 *   in its own snapshot. SQLite's data_version is per connection and blind
 *   to the connection's own commits. PostgreSQL's snapshot (xmin, xmax)
 *   moves with any transaction of the whole cluster (other databases,
 *   autovacuum), which would empty a cache for writes it does not hold,
 *   and its xmax alone is not exact: a transaction in progress at one read
 *   may commit before the next without moving it.
 * - cheap: one row a transaction, not a value (a batch of 10 000 values
 *   costs one UPDATE and, on SQLite, one page more in the WAL); on
 *   PostgreSQL the UPDATE goes down the pipe with the write's other
 *   statements and adds no round trip.
 * - no new contention: writers take the database's write lock in turn
 *   before any statement (BEGIN IMMEDIATE; PostgreSQL's advisory lock,
 *   taken by BEGIN), so the row's lock is only ever taken by the writer
 *   that holds it and is released with it; readers never wait for it (WAL,
 *   MVCC), and a read never writes it.
 * Writes outside kstore_begin do not count: schema migrations and the
 * admin command's token writes, which no cached answer reads.
 */
static int
generation_read(struct kstore *st, int64_t *gen)
{
	struct kst_stmt *s = stmt(st, S_GEN_GET);
	int              rc;

	if (s == NULL)
		return KS_ERROR;
	if ((rc = kst_step_one(st, s)) != KS_OK)
		return rc == KS_NOTFOUND ? KS_ERROR : rc;
	*gen = kst_col_int64(s, 0);
	kst_done(s);
	return KS_OK;
}

int
kstore_generation(struct kstore *st, int64_t *gen)
{
	/* A write transaction's own changes have no generation yet. */
	if (st->writing || !st->ops->in_tx(st))
		return KS_NOTFOUND;
	return generation_read(st, gen);
}

/* kstore_copy's destination takes at least the source's generation less
 * one, so its commit leaves it above every number it had (exact for the
 * caches of a kinerjad already serving it) and, for a fresh database,
 * at the source's own (a copied file dumps as its source). */
int
kst_generation_follow(struct kstore *to, struct kstore *from)
{
	struct kst_stmt *s;
	int64_t          gen;
	int              rc;

	if ((rc = generation_read(from, &gen)) != KS_OK)
		return rc;
	if ((s = stmt(to, S_GEN_RAISE)) == NULL)
		return KS_ERROR;
	kst_bind_int64(s, 1, gen - 1);
	return exec_stmt(to, s);
}

/* KS_OK unless waiting rows were lost since the transaction or its
 * last savepoint began (struct kstore's rows_lost). */
static int
rows_kept(struct kstore *st)
{
	if (!st->rows_lost)
		return KS_OK;
	snprintf(st->err, sizeof(st->err),
	    "rows of this transaction could not be written");
	return KS_ERROR;
}

int
kstore_commit(struct kstore *st)
{
	int rc = KS_OK;

	forget(st);
	kst_ahead_end(st);
	if ((rc = kst_rows_flush(st)) == KS_OK)
		rc = rows_kept(st);
	if (rc == KS_OK && st->writing && st->ops->settle != NULL)
		rc = st->ops->settle(st);
	if (rc == KS_OK && st->writing)
		rc = exec_stmt(st, stmt(st, S_GEN_BUMP));
	if (rc == KS_OK)
		rc = st->ops->tx(st, KT_COMMIT);
	if (rc != KS_OK)
		kstore_rollback(st);
	else if (st->writing && st->health != NULL)
		kst_health_ok(st->health);
	st->writing = 0;
	return rc;
}

void
kstore_rollback(struct kstore *st)
{
	forget(st);
	kst_ahead_end(st);
	kst_rows_drop(st);
	st->writing = 0;
	if (st->ops->in_tx(st))
		st->ops->tx(st, KT_ROLLBACK);
}

/* Waiting rows go before a savepoint and at its release, so that those
 * waiting at a rollback to it are the ones it undoes. */
int
kstore_savepoint(struct kstore *st)
{
	int rc = kst_rows_flush(st);

	if (rc == KS_OK)
		rc = rows_kept(st);
	return rc == KS_OK ? st->ops->tx(st, KT_SAVEPOINT) : rc;
}

int
kstore_release(struct kstore *st)
{
	int rc = kst_rows_flush(st);

	if (rc == KS_OK)
		rc = rows_kept(st);
	return rc == KS_OK ? st->ops->tx(st, KT_RELEASE) : rc;
}

void
kstore_rollback_savepoint(struct kstore *st)
{
	forget(st);
	kst_rows_drop(st);
	st->rows_lost = 0; /* all it lost came after the savepoint */
	st->ops->tx(st, KT_ROLLBACK_TO);
	st->ops->tx(st, KT_RELEASE);
}

static void
bind_text(struct kst_stmt *s, int i, const char *v)
{
	kst_bind_text(s, i, v);
}

/* Steps a one-row query; KS_OK with the row ready, or KS_NOTFOUND. */
static int
step_one(struct kstore *st, struct kst_stmt *s)
{
	int rc = step(st, s);

	if (rc == 1)
		return KS_OK;
	return rc == 0 ? KS_NOTFOUND : rc;
}

static void
done(struct kst_stmt *s)
{
	kst_done(s);
}

/* Copies a string into buf, returning a pointer to the copy (cut short
 * when buf is full). */
static const char *
str_copy(const char *v, char **buf, size_t *left)
{
	size_t n  = strlen(v) + 1;
	char  *at = *buf;

	if (n > *left)
		n = *left;
	if (n == 0)
		return "";
	memcpy(at, v, n - 1);
	at[n - 1] = 0;
	*buf += n;
	*left -= n;
	return at;
}

/* Copies column text into buf, returning a pointer to it. */
static const char *
col_copy(struct kst_stmt *s, int col, char **buf, size_t *left)
{
	const char *v = kst_col_text(s, col);

	return str_copy(v ? v : "", buf, left);
}

static int64_t
wall_now(const struct kstore *st)
{
	return st->clock != NULL ? st->clock() : (int64_t) time(NULL);
}

/* Rows created before this are expired; INT64_MIN when none expire. */
static int64_t
replay_cutoff(const struct kstore *st)
{
	return st->replay_ttl_s > 0 ? wall_now(st) - st->replay_ttl_s
	                            : INT64_MIN;
}

void
kstore_set_replay_ttl(struct kstore *st, int64_t ttl_s)
{
	st->replay_ttl_s = ttl_s;
}

void
kstore_set_clock(struct kstore *st, int64_t (*now)(void))
{
	st->clock = now;
}

int
kstore_replay_get(struct kstore *st, const char *request_id,
    struct kreplay *out, char *method_buf, size_t method_len)
{
	struct kst_stmt *s = stmt(st, S_REPLAY_GET);
	const void      *blob;
	size_t           len;
	int              rc;

	if (s == NULL)
		return KS_ERROR;
	bind_text(s, 1, request_id);
	/* Expired rows may linger until an expiry deletes them. */
	kst_bind_int64(s, 2, replay_cutoff(st));
	if ((rc = step_one(st, s)) != KS_OK)
		return rc;
	blob       = kst_col_blob(s, 0, &out->len);
	out->reply = malloc(out->len + 1);
	if (out->reply != NULL && out->len > 0)
		memcpy(out->reply, blob, out->len);
	out->method = col_copy(s, 1, &method_buf, &method_len);
	memset(out->digest, 0, sizeof(out->digest));
	blob = kst_col_blob(s, 2, &len);
	if (len == sizeof(out->digest))
		memcpy(out->digest, blob, sizeof(out->digest));
	out->envelope = kst_col_int(s, 3) == 0;
	done(s);
	return out->reply == NULL ? KS_ERROR : KS_OK;
}

int
kstore_replay_expire(struct kstore *st, int limit)
{
	struct kst_stmt *s;
	int           rc;

	if (st->replay_ttl_s <= 0)
		return 0;
	if ((s = stmt(st, S_REPLAY_EXPIRE)) == NULL)
		return KS_ERROR;
	kst_bind_int64(s, 1, replay_cutoff(st));
	kst_bind_int(s, 2, limit);
	if ((rc = exec_stmt(st, s)) != KS_OK)
		return rc;
	return kst_changes(st);
}

/*
 * Every EXPIRE_EVERY puts, the writer deletes up to EXPIRE_MAX expired
 * replays in its own transaction: four times as fast as they come, so the
 * table stops growing at a ttl's worth of writes, and no write pays for
 * more than one bounded DELETE on the created_at index.
 */
int
kstore_replay_put(
    struct kstore *st, const char *request_id, const struct kreplay *r)
{
	struct kst_stmt *s = stmt(st, S_REPLAY_PUT);
	int           rc;

	if (s == NULL)
		return KS_ERROR;
	bind_text(s, 1, request_id);
	bind_text(s, 2, r->method);
	kst_bind_blob(s, 3, r->len ? r->reply : "", (int) r->len);
	kst_bind_int64(s, 4, wall_now(st));
	kst_bind_blob(s, 5, r->digest, (int) sizeof(r->digest));
	kst_bind_int64(s, 6, replay_cutoff(st));
	if ((rc = exec_stmt(st, s)) != KS_OK)
		return rc;
	if (kst_changes(st) == 0) {
		snprintf(st->err, sizeof(st->err),
		    "request_id \"%.64s\" is taken", request_id);
		return KS_ERROR;
	}
	if (++st->replay_puts < EXPIRE_EVERY)
		return KS_OK;
	st->replay_puts = 0;
	rc              = kstore_replay_expire(st, EXPIRE_MAX);
	return rc < 0 ? rc : KS_OK;
}

/* Runs a statement keyed by one code; KS_OK leaves its row in *out, to be
 * finished with done(). */
static int
row_by_code(
    struct kstore *st, enum stmt_id id, const char *code, struct kst_stmt **out)
{
	if ((*out = stmt(st, id)) == NULL)
		return KS_ERROR;
	bind_text(*out, 1, code);
	return step_one(st, *out);
}

/* Reads column 0 of the row a statement keyed by one code returns. */
static int
int_by_code(struct kstore *st, enum stmt_id id, const char *code, int64_t *out)
{
	struct kst_stmt *s;
	int           rc;

	if ((rc = row_by_code(st, id, code, &s)) != KS_OK)
		return rc;
	*out = kst_col_int64(s, 0);
	done(s);
	return KS_OK;
}

/* A unit's id and level by code, remembered (see unit_memo). */
static int
unit_memo_of(struct kstore *st, const char *code, int64_t *id, int *level)
{
	struct kst_stmt *s;
	int              rc;

	if (strcmp(st->unit_memo.code, code) == 0 && *code) {
		*id    = st->unit_memo.id;
		*level = st->unit_memo.level;
		return KS_OK;
	}
	if ((rc = kst_ahead_unit(st, code, id, level)) < 0)
		return rc;
	if (rc == 0) {
		if ((rc = row_by_code(st, S_UNIT_GET, code, &s)) != KS_OK)
			return rc;
		*id    = kst_col_int64(s, 0);
		*level = kst_col_int(s, 4);
		done(s);
	}
	if (memo_fits(st, code)) {
		strcpy(st->unit_memo.code, code);
		st->unit_memo.id    = *id;
		st->unit_memo.level = *level;
	}
	return KS_OK;
}

static int
unit_id(struct kstore *st, const char *code, int64_t *id)
{
	int level;

	return unit_memo_of(st, code, id, &level);
}

int
kstore_unit_level(struct kstore *st, const char *code, int *level)
{
	int64_t id;

	return unit_memo_of(st, code, &id, level);
}

int
kstore_unit_exists(struct kstore *st, const char *code)
{
	int64_t id;

	return unit_id(st, code, &id);
}

static void
read_unit(struct kst_stmt *s, struct kunit *u)
{
	u->code   = kst_col_text(s, 1);
	u->name   = kst_col_text(s, 2);
	u->parent = kst_col_text(s, 3);
	u->level  = kst_col_int(s, 4);
	u->id     = kst_col_int64(s, 0);
}

int
kstore_unit_get(struct kstore *st, const char *code, struct kunit *out,
    char *buf, size_t buflen)
{
	struct kst_stmt *s;
	int           rc;

	if ((rc = row_by_code(st, S_UNIT_GET, code, &s)) != KS_OK)
		return rc;
	out->code   = col_copy(s, 1, &buf, &buflen);
	out->name   = col_copy(s, 2, &buf, &buflen);
	out->parent = col_copy(s, 3, &buf, &buflen);
	out->level  = kst_col_int(s, 4);
	out->id     = kst_col_int64(s, 0);
	done(s);
	return KS_OK;
}

int
kstore_unit_put(struct kstore *st, const struct kunit *u, enum kchange *change)
{
	struct kunit old;
	char         buf[KSTORE_BUF];
	int          rc = kstore_unit_get(st, u->code, &old, buf, sizeof(buf));

	if (rc < 0)
		return rc;
	return kstore_unit_write(st, u, rc == KS_OK ? &old : NULL, change);
}

/* A unit write changes no id, no indicator and no sasaran: only the
 * remembered level of that unit may be stale after it. */
int
kstore_unit_write(struct kstore *st, const struct kunit *u,
    const struct kunit *old, enum kchange *change)
{
	struct kst_stmt *s;
	int64_t          parent_id;
	int              prc;

	if (*u->parent && (prc = unit_id(st, u->parent, &parent_id)) != KS_OK)
		return prc;
	if (strcmp(st->unit_memo.code, u->code) == 0)
		st->unit_memo.code[0] = 0;
	kst_ahead_forget(st); /* its level too */
	if (old && strcmp(old->name, u->name) == 0 &&
	    strcmp(old->parent, u->parent) == 0 && old->level == u->level) {
		*change = KS_UNCHANGED;
		return KS_OK;
	}
	s       = stmt(st, old ? S_UNIT_UPDATE : S_UNIT_INSERT);
	*change = old ? KS_UPDATED : KS_CREATED;
	if (s == NULL)
		return KS_ERROR;
	bind_text(s, 1, u->code);
	bind_text(s, 2, u->name);
	bind_text(s, 3, u->parent);
	kst_bind_int(s, 4, u->level);
	return exec_stmt(st, s);
}

int
kstore_unit_list(struct kstore *st, const char *parent, kunit_cb cb, void *arg)
{
	enum stmt_id  id = parent == NULL ? S_UNIT_LIST_ALL
	                   : *parent == 0 ? S_UNIT_LIST_ROOTS
	                                  : S_UNIT_LIST_CHILDREN;
	struct kst_stmt *s  = stmt(st, id);
	struct kunit  u;
	int           rc;

	if (s == NULL)
		return KS_ERROR;
	if (id == S_UNIT_LIST_CHILDREN)
		bind_text(s, 1, parent);
	while ((rc = kst_step(st, s)) == 1) {
		read_unit(s, &u);
		if (cb(arg, &u) != 0)
			break;
	}
	if (rc == 1)
		done(s);
	rc = rc < 0 ? rc : KS_OK;
	return rc;
}

int
kstore_unit_min_child_level(struct kstore *st, const char *code, int *level)
{
	int64_t v  = 0;
	int     rc = int_by_code(st, S_UNIT_MIN_CHILD, code, &v);

	*level = (int) v;
	return rc;
}

static void
read_indicator(struct kst_stmt *s, struct kindicator *i)
{
	i->code       = kst_col_text(s, 1);
	i->name       = kst_col_text(s, 2);
	i->satuan     = kst_col_text(s, 3);
	i->polarity   = kst_col_int(s, 4);
	i->value_type = kst_col_int(s, 5);
	i->has_min    = !kst_col_null(s, 6);
	i->min_e4     = kst_col_int64(s, 6);
	i->has_max    = !kst_col_null(s, 7);
	i->max_e4     = kst_col_int64(s, 7);
	i->quarterly  = kst_col_int(s, 8);
}

/* Whether two indicators set the same bounds. */
static int
same_range(const struct kindicator *a, const struct kindicator *b)
{
	return a->has_min == b->has_min && a->has_max == b->has_max &&
	       (!a->has_min || a->min_e4 == b->min_e4) &&
	       (!a->has_max || a->max_e4 == b->max_e4);
}

static void
copy_indicator(const struct kindicator *from, struct kindicator *to, char *buf,
    size_t len)
{
	*to        = *from;
	to->code   = str_copy(from->code, &buf, &len);
	to->name   = str_copy(from->name, &buf, &len);
	to->satuan = str_copy(from->satuan, &buf, &len);
}

/* Points *m at the indicator's memo entry, read when not there; KS_OK
 * when found. */
static int
indicator_row(struct kstore *st, const char *code, struct ind_memo **m)
{
	struct kst_stmt *s;
	struct kindicator ind;
	unsigned          i;
	int               rc;

	for (i = 0; i < KST_IND_MEMO && *code; i++) {
		*m = &st->ind_memo[i];
		if (strcmp((*m)->code, code) == 0)
			return KS_OK;
	}
	*m = &st->ind_memo[st->ind_next];
	(*m)->code[0] = 0;
	if ((rc = row_by_code(st, S_IND_GET, code, &s)) != KS_OK)
		return rc;
	read_indicator(s, &ind);
	(*m)->id = kst_col_int64(s, 0);
	copy_indicator(&ind, &(*m)->ind, (*m)->buf, sizeof((*m)->buf));
	done(s);
	if (memo_fits(st, code)) { /* else the entry is only a scratch copy */
		strcpy((*m)->code, code);
		st->ind_next = (st->ind_next + 1) % KST_IND_MEMO;
	}
	return KS_OK;
}

int
kstore_indicator_get(struct kstore *st, const char *code,
    struct kindicator *out, char *buf, size_t buflen)
{
	struct ind_memo *m;
	int              rc = indicator_row(st, code, &m);

	if (rc == KS_OK)
		copy_indicator(&m->ind, out, buf, buflen);
	return rc;
}

int
kstore_indicator_put(
    struct kstore *st, const struct kindicator *ind, enum kchange *change)
{
	struct kindicator old;
	char              buf[KSTORE_BUF];
	struct kst_stmt *s;
	int               rc;

	rc = kstore_indicator_get(st, ind->code, &old, buf, sizeof(buf));
	if (rc < 0)
		return rc;
	if (rc == KS_OK && strcmp(old.name, ind->name) == 0 &&
	    strcmp(old.satuan, ind->satuan) == 0 &&
	    old.polarity == ind->polarity &&
	    old.value_type == ind->value_type && same_range(&old, ind) &&
	    old.quarterly == ind->quarterly) {
		*change = KS_UNCHANGED;
		return KS_OK;
	}
	s       = stmt(st, rc == KS_OK ? S_IND_UPDATE : S_IND_INSERT);
	*change = rc == KS_OK ? KS_UPDATED : KS_CREATED;
	if (s == NULL)
		return KS_ERROR;
	bind_text(s, 1, ind->code);
	bind_text(s, 2, ind->name);
	bind_text(s, 3, ind->satuan);
	kst_bind_int(s, 4, ind->polarity);
	kst_bind_int(s, 5, ind->value_type);
	kst_bind_opt(s, 6, ind->has_min, ind->min_e4);
	kst_bind_opt(s, 7, ind->has_max, ind->max_e4);
	kst_bind_int(s, 8, ind->quarterly);
	forget(st); /* the memo holds the old row */
	return exec_stmt(st, s);
}

int
kstore_indicator_list(struct kstore *st, kindicator_cb cb, void *arg)
{
	struct kst_stmt *s = stmt(st, S_IND_LIST);
	struct kindicator ind;
	int               rc;

	if (s == NULL)
		return KS_ERROR;
	while ((rc = kst_step(st, s)) == 1) {
		read_indicator(s, &ind);
		if (cb(arg, &ind) != 0)
			break;
	}
	if (rc == 1)
		done(s);
	rc = rc < 0 ? rc : KS_OK;
	return rc;
}

int
kstore_indicator_value_kinds(struct kstore *st, const char *code,
    int64_t *predikat_only, int64_t *outside_0_100)
{
	struct kst_stmt *s;
	int           rc;

	if ((rc = row_by_code(st, S_IND_VALUE_KINDS, code, &s)) != KS_OK)
		return rc;
	*predikat_only = kst_col_int64(s, 0);
	*outside_0_100 = kst_col_int64(s, 1);
	done(s);
	return KS_OK;
}

int
kstore_indicator_quarterly_values(
    struct kstore *st, const char *code, int64_t *n)
{
	static const char sql_quarterly[] =
	    "SELECT COUNT(*) FROM indicator_values"
	    " WHERE indicator_id = (SELECT id FROM indicators WHERE code = ?1)"
	    " AND period > 0";
	struct kst_stmt *s = kst_stmt(st, sql_quarterly);
	int           rc;

	*n = 0;
	if (s == NULL)
		return KS_ERROR;
	bind_text(s, 1, code);
	if ((rc = kst_step_one(st, s)) != KS_OK)
		return rc;
	*n = kst_col_int64(s, 0);
	kst_done(s);
	return KS_OK;
}

int
kstore_indicator_outside(struct kstore *st, const char *code, int has_min,
    int64_t min_e4, int has_max, int64_t max_e4, int64_t *n)
{
	struct kst_stmt *s = stmt(st, S_IND_OUTSIDE);
	int           rc;

	if (s == NULL)
		return KS_ERROR;
	/* NULL for an absent bound: a comparison with NULL is never true,
	 * so it excludes nothing. */
	bind_text(s, 1, code);
	kst_bind_opt(s, 2, has_min, min_e4);
	kst_bind_opt(s, 3, has_max, max_e4);
	if ((rc = step_one(st, s)) != KS_OK)
		return rc;
	*n = kst_col_int64(s, 0);
	done(s);
	return KS_OK;
}

/* Looks up the ids of a unit and an indicator by code. */
static int
ids(struct kstore *st, const char *unit, const char *indicator,
    int64_t *unit_id_out, int64_t *ind_id)
{
	struct ind_memo *m;
	int              rc = unit_id(st, unit, unit_id_out);

	if (rc == KS_OK && (rc = indicator_row(st, indicator, &m)) == KS_OK)
		*ind_id = m->id;
	return rc;
}

/* Reads every indicator the unit's sasaran show into the link memo,
 * or marks it full when there are more than it holds. */
static int
remember_links(struct kstore *st, int64_t uid)
{
	struct kst_stmt *s = stmt(st, S_SAS_LINKED_ALL);
	int              rc;

	st->link_memo.valid   = 0;
	st->link_memo.unit_id = uid;
	st->link_memo.n       = 0;
	st->link_memo.full    = 0;
	if (s == NULL)
		return KS_ERROR;
	kst_bind_int64(s, 1, uid);
	while ((rc = kst_step(st, s)) == 1) {
		if (st->link_memo.n == KST_LINK_MEMO) {
			st->link_memo.full = 1;
			done(s);
			break;
		}
		st->link_memo.ind[st->link_memo.n++] = kst_col_int64(s, 0);
	}
	if (rc < 0)
		return rc;
	st->link_memo.valid = 1;
	return KS_OK;
}

/* The link memo's answer: 1 linked, 0 not, -1 it does not know. */
static int
remembered_link(struct kstore *st, int64_t uid, int64_t iid)
{
	int i;

	if (!st->link_memo.valid || st->link_memo.unit_id != uid ||
	    st->link_memo.full)
		return -1;
	for (i = 0; i < st->link_memo.n; i++)
		if (st->link_memo.ind[i] == iid)
			return 1;
	return 0;
}

int
kstore_value_linked(struct kstore *st, const char *unit, const char *indicator)
{
	int64_t          uid, iid;
	struct kst_stmt *s;
	int              rc;

	if ((rc = ids(st, unit, indicator, &uid, &iid)) != KS_OK)
		return rc == KS_NOTFOUND ? 0 : rc;
	if ((rc = remembered_link(st, uid, iid)) >= 0)
		return rc;
	/* Outside a transaction nothing is remembered: one question. */
	if (st->ops->in_tx(st) &&
	    !(st->link_memo.valid && st->link_memo.unit_id == uid)) {
		if ((rc = remember_links(st, uid)) != KS_OK)
			return rc;
		if ((rc = remembered_link(st, uid, iid)) >= 0)
			return rc;
	}
	if ((s = stmt(st, S_SAS_LINKED)) == NULL)
		return KS_ERROR;
	kst_bind_int64(s, 1, uid);
	kst_bind_int64(s, 2, iid);
	if ((rc = step_one(st, s)) < 0)
		return rc;
	if (rc == KS_OK)
		done(s);
	return rc == KS_OK;
}

int
kstore_sasaran_tujuan(struct kstore *st, const char *unit, const char *name,
    char *buf, size_t len)
{
	struct kst_stmt *s = stmt(st, S_SAS_GET);
	int64_t       uid;
	int           rc;

	if (s == NULL)
		return KS_ERROR;
	if ((rc = unit_id(st, unit, &uid)) != KS_OK)
		return rc;
	kst_bind_int64(s, 1, uid);
	bind_text(s, 2, name);
	if ((rc = step_one(st, s)) != KS_OK)
		return rc;
	col_copy(s, 1, &buf, &len);
	done(s);
	return KS_OK;
}

/* Finds or creates the sasaran row; *change says what happened to it. */
static int
sasaran_row(struct kstore *st, int64_t unit_id, const struct ksasaran *sa,
    int64_t *id, enum kchange *change)
{
	struct kst_stmt *s = stmt(st, S_SAS_GET);
	int           rc, same;

	if (s == NULL)
		return KS_ERROR;
	kst_bind_int64(s, 1, unit_id);
	bind_text(s, 2, sa->sasaran);
	if ((rc = step_one(st, s)) < 0)
		return rc;
	if (rc == KS_OK) {
		*id  = kst_col_int64(s, 0);
		same = strcmp(kst_col_text(s, 1),
		           sa->tujuan) == 0;
		done(s);
		*change = same ? KS_UNCHANGED : KS_UPDATED;
		if (same)
			return KS_OK;
		s = stmt(st, S_SAS_UPDATE);
		kst_bind_int64(s, 1, *id);
		bind_text(s, 2, sa->tujuan);
		return exec_stmt(st, s);
	}
	s = stmt(st, S_SAS_INSERT);
	if (s == NULL)
		return KS_ERROR;
	kst_bind_int64(s, 1, unit_id);
	bind_text(s, 2, sa->sasaran);
	bind_text(s, 3, sa->tujuan);
	if ((rc = exec_stmt(st, s)) != KS_OK)
		return rc;
	*id     = kst_last_id(st);
	*change = KS_CREATED;
	return KS_OK;
}

int
kstore_sasaran_put(
    struct kstore *st, const struct ksasaran *sa, enum kchange *change)
{
	int64_t       unit_id, ind_id, sas_id;
	struct kst_stmt *s;
	int           rc;

	if ((rc = ids(st, sa->unit, sa->indicator, &unit_id, &ind_id)) != 0)
		return rc;
	if ((rc = sasaran_row(st, unit_id, sa, &sas_id, change)) != KS_OK)
		return rc;
	if ((s = stmt(st, S_SAS_LINK)) == NULL)
		return KS_ERROR;
	st->link_memo.valid = 0;
	kst_ahead_forget(st);
	kst_bind_int64(s, 1, sas_id);
	kst_bind_int64(s, 2, ind_id);
	bind_text(s, 3, sa->penanggung_jawab ? sa->penanggung_jawab : "");
	if ((rc = exec_stmt(st, s)) != KS_OK)
		return rc;
	/* The item is the link: a new link is created, else the item
	 * changed as far as the sasaran's tujuan and the link's
	 * penanggung jawab did. */
	if (kst_changes(st) > 0) {
		*change = KS_CREATED;
		return KS_OK;
	}
	if ((s = stmt(st, S_SAS_PJ)) == NULL)
		return KS_ERROR;
	kst_bind_int64(s, 1, sas_id);
	kst_bind_int64(s, 2, ind_id);
	bind_text(s, 3, sa->penanggung_jawab ? sa->penanggung_jawab : "");
	if ((rc = exec_stmt(st, s)) != KS_OK)
		return rc;
	if (kst_changes(st) > 0)
		*change = KS_UPDATED;
	return KS_OK;
}

/* A value's key (unit, indicator, year, kind, period) into c[0..4]: its
 * row and its revision's begin with it. */
static void
value_key(struct kst_cell *c, const struct kvalue *v, int64_t unit_id,
    int64_t ind_id)
{
	c[0] = (struct kst_cell) { KST_CELL_INT, unit_id, NULL };
	c[1] = (struct kst_cell) { KST_CELL_INT, ind_id, NULL };
	c[2] = (struct kst_cell) { KST_CELL_INT, v->year, NULL };
	c[3] = (struct kst_cell) { KST_CELL_INT, v->kind, NULL };
	c[4] = (struct kst_cell) { KST_CELL_INT, v->period, NULL };
}

/* Its figure into c[0..1]: value_e4 or predikat, the other NULL. */
static void
value_figure(struct kst_cell *c, const struct kvalue *v)
{
	c[0] = (struct kst_cell) { v->has_value ? KST_CELL_INT : KST_CELL_NULL,
		v->value_e4, NULL };
	c[1] = (struct kst_cell) { v->has_value ? KST_CELL_NULL : KST_CELL_INT,
		v->predikat, NULL };
}

/* The value's row, which waits to be sent with others as one upsert
 * (store_rows.c); one of the same key already waiting goes first. */
static int
put_value_row(struct kstore *st, const struct kvalue *v, int64_t unit_id,
    int64_t ind_id, int revision)
{
	struct kst_cell row[9];
	int             rc;

	value_key(row, v, unit_id, ind_id);
	value_figure(&row[5], v);
	row[7] = (struct kst_cell) { KST_CELL_INT, revision, NULL };
	row[8] = (struct kst_cell) { KST_CELL_INT, v->source, NULL };
	if (kst_rows_waiting(st, KR_VALUE, row, KST_VALUE_KEY) &&
	    (rc = kst_rows_flush_table(st, KR_VALUE)) != KS_OK)
		return rc;
	kst_ahead_wrote(st, unit_id, v->year);
	return kst_rows_add(st, KR_VALUE, row);
}

static int read_value(struct kst_stmt *s, int col, struct kvalue *v);

/* The value's row in value_revisions, which waits to be sent with others
 * (store_rows.c). */
static int
add_revision(struct kstore *st, const struct kvalue *v, int64_t unit_id,
    int64_t ind_id, int revision, const char *request_id)
{
	struct kst_cell row[11];

	value_key(row, v, unit_id, ind_id);
	row[5] = (struct kst_cell) { KST_CELL_INT, revision, NULL };
	value_figure(&row[6], v);
	row[8]  = (struct kst_cell) { KST_CELL_TEXT, 0, request_id };
	row[9]  = (struct kst_cell) { KST_CELL_INT, time(NULL), NULL };
	row[10] = (struct kst_cell) { KST_CELL_INT, v->source, NULL };
	return kst_rows_add(st, KR_REVISION, row);
}

void
kst_read_val(struct kst_stmt *s, int col, struct kst_val *out)
{
	out->has_value = !kst_col_null(s, col);
	out->value_e4  = kst_col_int64(s, col);
	out->predikat  = out->has_value ? KC_AKIP_NONE : kst_col_int(s, col + 1);
	out->revision  = kst_col_int(s, col + 2);
	out->source    = kst_col_int(s, col + 3);
}

void
kst_read_keyed_val(struct kst_stmt *s, int col, struct kst_val *out)
{
	out->ind_id = kst_col_int64(s, col);
	out->kind   = kst_col_int(s, col + 1);
	out->period = kst_col_int(s, col + 2);
	kst_read_val(s, col + 3, out);
}

/* Whether the stored value equals v: a figure that becomes stated
 * instead of derived is a change too (a new revision). */
static int
same_value(const struct kst_val *now, const struct kvalue *v)
{
	if (now->source != v->source || now->has_value != v->has_value)
		return 0;
	return v->has_value ? now->value_e4 == v->value_e4
	                    : now->predikat == v->predikat;
}

/* A row of S_UNIT_YEAR into the memo its tag (column 0) names. */
static void
unit_year_row(struct kstore *st, struct kst_stmt *s)
{
	switch (kst_col_int(s, 0)) {
	case 0:
		if (st->val_memo.n == KST_VAL_MEMO) {
			st->val_memo.full = 1;
			return;
		}
		kst_read_keyed_val(s, 1, &st->val_memo.rows[st->val_memo.n++]);
		return;
	case 1:
		if (st->link_memo.n == KST_LINK_MEMO)
			st->link_memo.full = 1;
		else
			st->link_memo.ind[st->link_memo.n++] = kst_col_int64(s, 1);
		return;
	default:
		st->derived_memo.no_akip   = kst_col_int(s, 2) == 0;
		st->derived_memo.no_survey = kst_col_int(s, 3) == 0;
	}
}

/*
 * Reads what a batch's checks and writes ask of a unit-year into three
 * memos at once: its values (the value memo), the indicators its unit's
 * sasaran show (the link memo) and whether it has an AKIP evaluation or
 * a survey (the derived memo). Asked one by one, on PostgreSQL each of
 * the three waited for every row sent before it: a 10 000-value batch
 * made 1 500 such waits (issue 19).
 */
static int
unit_year_load(struct kstore *st, int64_t uid, int year)
{
	struct kst_stmt *s = stmt(st, S_UNIT_YEAR);
	int              rc, sees;

	st->val_memo.valid     = 0;
	st->link_memo.valid    = 0;
	st->derived_memo.valid = 0;
	if (s == NULL)
		return KS_ERROR;
	kst_bind_int64(s, 1, uid);
	kst_bind_int(s, 2, year);
	st->val_memo.n = st->link_memo.n = 0;
	st->val_memo.full = st->link_memo.full = 0;
	/* The value rows waiting go first only if one is of the unit-year:
	 * else they wait to make whole INSERTs (a batch's unit-year sent
	 * its 20 as 16 and 4). */
	if ((rc = kst_ahead_take(st, uid, year)) == 0) {
		sees = kst_values_waiting_of(st, uid, year);
		while (
		    (rc = sees ? kst_step(st, s) : st->ops->step(st, s)) == 1)
			unit_year_row(st, s);
	}
	if (rc < 0)
		return rc;
	st->val_memo.unit_id = st->link_memo.unit_id =
	    st->derived_memo.unit_id = uid;
	st->val_memo.year = st->derived_memo.year = year;
	st->val_memo.valid = st->link_memo.valid = st->derived_memo.valid = 1;
	return KS_OK;
}

/* The value memo's rows, allocated on first use. */
static int
val_memo_rows(struct kstore *st)
{
	if (st->val_memo.rows == NULL)
		st->val_memo.rows =
		    malloc(KST_VAL_MEMO * sizeof(*st->val_memo.rows));
	return st->val_memo.rows != NULL;
}

/* The memo's row of a key, NULL when it has none. */
static struct kst_val *
val_memo_find(struct kstore *st, int64_t iid, const struct kvalue *v)
{
	int i;

	for (i = 0; i < st->val_memo.n; i++) {
		struct kst_val *r = &st->val_memo.rows[i];

		if (r->ind_id == iid && r->kind == v->kind &&
		    r->period == v->period)
			return r;
	}
	return NULL;
}

/* Whether the value before was of the unit-year. */
static int
same_as_last(const struct kstore *st, int64_t uid, int year)
{
	return st->val_memo.seen && st->val_memo.last_unit == uid &&
	       st->val_memo.last_year == year;
}

/* Whether the unit-year is read whole before its value: for the second
 * of two values of it in a row, or for the first when the unit-year
 * before came in a row too (a batch grouped by unit-year: one read a
 * unit-year, not two). A batch in another order (a sheet's row per
 * indicator and year) then makes no more reads than one a value, as
 * without the memo. */
static int
read_whole(const struct kstore *st, int64_t uid, int year)
{
	return same_as_last(st, uid, year) ||
	       (st->val_memo.seen && st->val_memo.run >= 2);
}

/* Whether the value memo may answer for the unit-year (read_whole). */
static int
val_memo_for(struct kstore *st, int64_t uid, int year, int *rc)
{
	int whole, again;

	*rc = KS_OK;
	if (!st->ops->remote || !st->ops->in_tx(st))
		return 0;
	whole                  = read_whole(st, uid, year);
	again                  = same_as_last(st, uid, year);
	st->val_memo.run       = again ? st->val_memo.run + 1 : 1;
	st->val_memo.seen      = 1;
	st->val_memo.last_unit = uid;
	st->val_memo.last_year = year;
	if (st->val_memo.valid && st->val_memo.unit_id == uid &&
	    st->val_memo.year == year)
		return !st->val_memo.full;
	if (!whole || !val_memo_rows(st))
		return 0;
	if ((*rc = unit_year_load(st, uid, year)) != KS_OK)
		return 0;
	return !st->val_memo.full;
}

int
kstore_unit_year_read(struct kstore *st, const char *unit, int year)
{
	int64_t uid;
	int     rc;

	if (!st->ops->remote || !st->ops->in_tx(st))
		return KS_OK;
	if ((rc = unit_id(st, unit, &uid)) != KS_OK)
		return rc == KS_NOTFOUND ? KS_OK : rc; /* the checks say */
	if (!read_whole(st, uid, year) ||
	    (st->val_memo.valid && st->val_memo.unit_id == uid &&
	        st->val_memo.year == year && st->link_memo.valid &&
	        st->link_memo.unit_id == uid && st->derived_memo.valid &&
	        st->derived_memo.unit_id == uid &&
	        st->derived_memo.year == year))
		return KS_OK;
	return val_memo_rows(st) ? unit_year_load(st, uid, year) : KS_OK;
}

/* The stored value of v's key into *now: KS_OK, KS_NOTFOUND or a
 * failure. A batch writes a unit-year's values in turn: on a remote
 * backend they are read at once (the value memo). */
static int
value_now(struct kstore *st, int64_t uid, int64_t iid, const struct kvalue *v,
    struct kst_val *now)
{
	struct kst_val  *r;
	struct kst_stmt *s;
	int              rc;

	if (val_memo_for(st, uid, v->year, &rc)) {
		if ((r = val_memo_find(st, iid, v)) == NULL)
			return KS_NOTFOUND;
		*now = *r;
		return KS_OK;
	}
	if (rc != KS_OK)
		return rc;
	if ((s = stmt(st, S_VAL_GET)) == NULL)
		return KS_ERROR;
	kst_bind_int64(s, 1, uid);
	kst_bind_int64(s, 2, iid);
	kst_bind_int(s, 3, v->year);
	kst_bind_int(s, 4, v->kind);
	kst_bind_int(s, 5, v->period);
	if ((rc = step_one(st, s)) == KS_OK) {
		kst_read_val(s, 0, now);
		done(s);
	}
	return rc;
}

/* Keeps the value memo as the database now is after v was written. */
static void
val_memo_note(struct kstore *st, int64_t uid, int64_t iid,
    const struct kvalue *v, int revision)
{
	struct kst_val *r;

	if (!st->val_memo.valid || st->val_memo.full ||
	    st->val_memo.unit_id != uid || st->val_memo.year != v->year)
		return;
	if ((r = val_memo_find(st, iid, v)) == NULL) {
		if (st->val_memo.n == KST_VAL_MEMO) {
			st->val_memo.full = 1;
			return;
		}
		r         = &st->val_memo.rows[st->val_memo.n++];
		r->ind_id = iid;
		r->kind   = v->kind;
		r->period = v->period;
	}
	r->has_value = v->has_value;
	r->value_e4  = v->value_e4;
	r->predikat  = v->has_value ? KC_AKIP_NONE : v->predikat;
	r->revision  = revision;
	r->source    = v->source;
}

int
kstore_value_put(struct kstore *st, const struct kvalue *v,
    const char *request_id, enum kchange *change, struct kvalue *old)
{
	int64_t          unit_id, ind_id;
	struct kst_val   now;
	int              rc, revision = 1;

	if ((rc = ids(st, v->unit, v->indicator, &unit_id, &ind_id)) != 0)
		return rc;
	if ((rc = value_now(st, unit_id, ind_id, v, &now)) < 0)
		return rc;
	*change = rc == KS_OK ? KS_UPDATED : KS_CREATED;
	if (rc == KS_OK) {
		revision = now.revision + 1;
		if (old != NULL) {
			old->has_value = now.has_value;
			old->value_e4  = now.value_e4;
			old->predikat  = now.predikat;
			old->revision  = now.revision;
			old->source    = now.source;
		}
		if (same_value(&now, v)) {
			*change = KS_UNCHANGED;
			return KS_OK;
		}
	}
	if ((rc = put_value_row(st, v, unit_id, ind_id, revision)) != KS_OK)
		return rc;
	val_memo_note(st, unit_id, ind_id, v, revision);
	return add_revision(st, v, unit_id, ind_id, revision, request_id);
}

/* Reads a value at columns col (value), col + 1 (predikat), col + 2. */
static int
read_value(struct kst_stmt *s, int col, struct kvalue *v)
{
	if (kst_col_null(s, col + 2))
		return 0;
	v->has_value = !kst_col_null(s, col);
	v->value_e4  = kst_col_int64(s, col);
	v->predikat =
	    v->has_value ? KC_AKIP_NONE : kst_col_int(s, col + 1);
	v->revision = kst_col_int(s, col + 2);
	return 1;
}

/* ------------------------------------------------------- leaf units */

int
kstore_leaf_units(
    struct kstore *st, const char *region, kunit_cb cb, void *arg)
{
	struct kst_stmt *s;
	struct kunit  u;
	int64_t       id;
	int              rc;

	if (region != NULL && (rc = unit_id(st, region, &id)) != KS_OK)
		return rc;
	if ((s = stmt(st, region ? S_LEAVES_UNDER : S_LEAVES_ALL)) == NULL)
		return KS_ERROR;
	if (region != NULL)
		bind_text(s, 1, region);
	while ((rc = kst_step(st, s)) == 1) {
		read_unit(s, &u);
		if (cb(arg, &u) != 0)
			break;
	}
	if (rc == 1)
		done(s);
	rc = rc < 0 ? rc : KS_OK;
	return rc;
}

/* Steps s, reading each row's value at column 0 and calling cb; `extra`
 * fills the fields a query adds after the value's three columns. */
static int
each_value(struct kstore *st, struct kst_stmt *s, struct kvalue *v,
    void (*extra)(struct kst_stmt *, struct kvalue *), kvalue_cb cb, void *arg)
{
	int rc;

	while ((rc = kst_step(st, s)) == 1) {
		read_value(s, 0, v);
		extra(s, v);
		if (cb(arg, v) != 0)
			break;
	}
	if (rc == 1)
		done(s);
	rc = rc < 0 ? rc : KS_OK;
	return rc;
}

static void
year_kind_at_3(struct kst_stmt *s, struct kvalue *v)
{
	v->year   = kst_col_int(s, 3);
	v->kind   = kst_col_int(s, 4);
	v->source = kst_col_int(s, 5);
}

static void
no_extra(struct kst_stmt *s, struct kvalue *v)
{
	(void) s;
	(void) v;
}

int
kstore_value_history(
    struct kstore *st, const struct kvalue *key, kvalue_cb cb, void *arg)
{
	struct kst_stmt *s = stmt(st, S_VAL_HISTORY);
	struct kvalue v = *key;
	int           rc;

	if (s == NULL)
		return KS_ERROR;
	if ((rc = kst_rows_flush(st)) != KS_OK)
		return rc;
	bind_text(s, 1, key->unit);
	bind_text(s, 2, key->indicator);
	kst_bind_int(s, 3, key->year);
	kst_bind_int(s, 4, key->kind);
	kst_bind_int(s, 5, key->period);
	return each_value(st, s, &v, no_extra, cb, arg);
}

/* Only the three columns a ranking uses, without each_value's checks: a
 * village ranking reads 166 000 rows, and the column calls per row were
 * a fifth of its time in SQLite (perf, bench_village). SQLite reads
 * blocks of them instead (store_sqlite.c, store_blocks.c). */
int
kstore_values_of_year(struct kstore *st, const char *indicator, int year,
    int kind, kvalue_cb cb, void *arg)
{
	struct kst_stmt *s;
	struct kvalue v = {
		.indicator = indicator, .year = year, .kind = kind
	};
	int rc;

	if (st->ops->values_of_year != NULL &&
	    (rc = st->ops->values_of_year(
	         st, indicator, year, kind, cb, arg)) != KST_BY_ROWS)
		return rc;
	if ((s = stmt(st, S_VALUES_OF_YEAR)) == NULL)
		return KS_ERROR;
	bind_text(s, 1, indicator);
	kst_bind_int(s, 2, year);
	kst_bind_int(s, 3, kind);
	while ((rc = kst_step(st, s)) == 1) {
		v.has_value = !kst_col_null(s, 0);
		v.value_e4  = v.has_value ? kst_col_int64(s, 0) : 0;
		v.predikat  = v.has_value ? KC_AKIP_NONE : kst_col_int(s, 1);
		v.unit_id   = kst_col_int64(s, 2);
		if (cb(arg, &v) != 0)
			break;
	}
	if (rc == 1)
		done(s);
	return rc < 0 ? rc : KS_OK;
}

int
kstore_value_rows(struct kstore *st, const char *unit, const char *indicator,
    int from, int to, kvalue_cb cb, void *arg)
{
	struct kst_stmt *s = stmt(st, S_VALUE_ROWS);
	struct kvalue v = { .unit = unit, .indicator = indicator };

	if (s == NULL)
		return KS_ERROR;
	bind_text(s, 1, unit);
	bind_text(s, 2, indicator);
	kst_bind_int(s, 3, from);
	kst_bind_int(s, 4, to);
	return each_value(st, s, &v, year_kind_at_3, cb, arg);
}

static void
kind_period_at_3(struct kst_stmt *s, struct kvalue *v)
{
	v->kind   = kst_col_int(s, 3);
	v->period = kst_col_int(s, 4);
}

int
kstore_value_quarters(struct kstore *st, const char *unit,
    const char *indicator, int year, kvalue_cb cb, void *arg)
{
	struct kst_stmt *s = stmt(st, S_VALUE_QUARTERS);
	struct kvalue v = {
		.unit = unit, .indicator = indicator, .year = year
	};

	if (s == NULL)
		return KS_ERROR;
	bind_text(s, 1, unit);
	bind_text(s, 2, indicator);
	kst_bind_int(s, 3, year);
	return each_value(st, s, &v, kind_period_at_3, cb, arg);
}

void
kst_capaian_read(struct kst_stmt *s, struct kcapaian_row *r)
{
	memset(r, 0, sizeof(*r));
	r->sasaran          = kst_col_text(s, 0);
	r->tujuan           = kst_col_text(s, 1);
	r->ind.code         = kst_col_text(s, 2);
	r->ind.name         = kst_col_text(s, 3);
	r->ind.satuan       = kst_col_text(s, 4);
	r->ind.polarity     = kst_col_int(s, 5);
	r->ind.value_type   = kst_col_int(s, 6);
	r->has_target       = read_value(s, 7, &r->target);
	r->has_realisasi    = read_value(s, 10, &r->realisasi);
	r->realisasi.source = kst_col_int(s, 13);
	r->ind.quarterly    = kst_col_int(s, 14);
}

int
kstore_capaian_rows(
    struct kstore *st, const char *unit, int year, kcapaian_cb cb, void *arg)
{
	return kstore_capaian_rows_against(st, unit, year, 3, cb, arg);
}

int
kstore_capaian_rows_against(struct kstore *st, const char *unit, int year,
    int target_kind, kcapaian_cb cb, void *arg)
{
	struct kst_stmt *s = stmt(st, S_CAPAIAN);
	struct kcapaian_row r;
	int                 rc;

	if (s == NULL)
		return KS_ERROR;
	bind_text(s, 1, unit);
	kst_bind_int(s, 2, year);
	kst_bind_int(s, 3, target_kind);
	while ((rc = kst_step(st, s)) == 1) {
		kst_capaian_read(s, &r);
		if (cb(arg, &r) != 0)
			break;
	}
	if (rc == 1)
		done(s);
	rc = rc < 0 ? rc : KS_OK;
	return rc;
}

/* ------------------------------------------- for the other store files */

struct kst_stmt *
kst_stmt(struct kstore *st, const char *text)
{
	int i;

	for (i = 0; i < st->nextra; i++)
		if (st->extra[i].sql == text)
			return st->extra[i].s;
	if (st->nextra == KST_EXTRA) {
		snprintf(st->err, sizeof(st->err), "too many statements");
		return NULL;
	}
	if (st->ops->prepare(st, text, &st->extra[st->nextra].s) != KS_OK)
		return NULL;
	st->extra[st->nextra].sql = text;
	return st->extra[st->nextra++].s;
}

void
kst_bind_opt(struct kst_stmt *s, int col, int has, int64_t v)
{
	if (has)
		kst_bind_int64(s, col, v);
	else
		kst_bind_null(s, col);
}

void
kst_bind_int64(struct kst_stmt *s, int col, int64_t v)
{
	s->ops->bind_int64(s, col, v);
}

void
kst_bind_int(struct kst_stmt *s, int col, int64_t v)
{
	s->ops->bind_int64(s, col, v);
}

void
kst_bind_text(struct kst_stmt *s, int col, const char *v)
{
	s->ops->bind_text(s, col, v);
}

void
kst_bind_blob(struct kst_stmt *s, int col, const void *v, size_t len)
{
	s->ops->bind_blob(s, col, v, len);
}

void
kst_bind_null(struct kst_stmt *s, int col)
{
	s->ops->bind_null(s, col);
}

int64_t
kst_col_int64(struct kst_stmt *s, int col)
{
	return s->ops->col_int64(s, col);
}

int
kst_col_int(struct kst_stmt *s, int col)
{
	return (int) s->ops->col_int64(s, col);
}

int
kst_col_null(struct kst_stmt *s, int col)
{
	return s->ops->col_null(s, col);
}

const char *
kst_col_text(struct kst_stmt *s, int col)
{
	return s->ops->col_text(s, col);
}

const void *
kst_col_blob(struct kst_stmt *s, int col, size_t *len)
{
	return s->ops->col_blob(s, col, len);
}

int
kst_exec(struct kstore *st, struct kst_stmt *s)
{
	return exec_stmt(st, s);
}

int
kst_step_one(struct kstore *st, struct kst_stmt *s)
{
	return step_one(st, s);
}

int
kst_step(struct kstore *st, struct kst_stmt *s)
{
	return step(st, s);
}

const char *
kst_copy(struct kst_stmt *s, int col, char **buf, size_t *left)
{
	return col_copy(s, col, buf, left);
}

void
kst_done(struct kst_stmt *s)
{
	s->ops->reset(s);
}

int
kst_unit_id(struct kstore *st, const char *code, int64_t *id)
{
	return unit_id(st, code, id);
}

int
kst_changes(struct kstore *st)
{
	return st->ops->changes(st);
}

int64_t
kst_last_id(struct kstore *st)
{
	return st->ops->last_id(st);
}
