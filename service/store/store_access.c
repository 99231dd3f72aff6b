/*
 * store_access.c - API tokens and the history of writes. A token row keeps
 * a hash of the secret only, so a copy of the database gives no one a
 * working token. History rows are written in the transaction of the write
 * they describe: a write rolled back leaves no history, and none is lost.
 */
#include <string.h>
#include <time.h>

#include "store.h"
#include "store_int.h"

static const char sql_token_add[] =
    "INSERT INTO tokens (name, role, hash, created_at)"
    " VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO NOTHING";
static const char sql_token_unit[] =
    "INSERT INTO token_units (token_id, unit) VALUES (?1, ?2)"
    " ON CONFLICT DO NOTHING";
static const char sql_token_get[] =
    "SELECT id, name, role, hash, created_at, COALESCE(revoked_at, 0)"
    " FROM tokens WHERE id = ?1";
static const char sql_token_list[] =
    "SELECT id, name, role, hash, created_at, COALESCE(revoked_at, 0)"
    " FROM tokens ORDER BY id";
static const char sql_token_units[] =
    "SELECT unit FROM token_units WHERE token_id = ?1 ORDER BY unit";
static const char sql_token_revoke[] =
    "UPDATE tokens SET revoked_at = ?2"
    " WHERE name = ?1 AND revoked_at IS NULL";
static const char sql_history_list[] =
    "SELECT id, at_ms, actor, request_id, method, what, unit, indicator,"
    " year, field, old, new, reason FROM history"
    " WHERE (?1 = '' OR unit = ?1) AND (?2 = '' OR indicator = ?2)"
    " AND (?3 = 0 OR year = ?3) AND id > ?4 ORDER BY id LIMIT ?5";

static const char sql_approval_history[] =
    "SELECT id, at_ms, actor, request_id, method, what, unit, indicator,"
    " year, field, old, new, reason FROM history"
    " WHERE unit = ?1 AND indicator = '' AND year = ?2"
    " AND what = 'approval' ORDER BY id";
static const char sql_history_before[] =
    "SELECT id, at_ms, actor, request_id, method, what, unit, indicator,"
    " year, field, old, new, reason FROM history"
    " WHERE at_ms < ?1 ORDER BY id";
static const char sql_history_prune[] =
    "DELETE FROM history WHERE at_ms < ?1 AND id <= ?2";

static void
bind_text(struct kst_stmt *s, int i, const char *v)
{
	if (v == NULL)
		kst_bind_null(s, i);
	else
		kst_bind_text(s, i, v);
}

int
kstore_token_add(struct kstore *st, struct ktoken *t, const char *const *units,
    size_t nunits)
{
	struct kst_stmt *s = kst_stmt(st, sql_token_add);
	size_t        i;
	int           rc;

	if (s == NULL)
		return KS_ERROR;
	bind_text(s, 1, t->name);
	bind_text(s, 2, t->role);
	kst_bind_blob(s, 3, t->hash, KTOKEN_HASH);
	kst_bind_int64(s, 4, t->created_at);
	if ((rc = kst_exec(st, s)) != KS_OK)
		return rc;
	if (kst_changes(st) == 0)
		return KS_CONFLICT;
	t->id = kst_last_id(st);
	for (i = 0; i < nunits; i++) {
		if ((s = kst_stmt(st, sql_token_unit)) == NULL)
			return KS_ERROR;
		kst_bind_int64(s, 1, t->id);
		bind_text(s, 2, units[i]);
		if ((rc = kst_exec(st, s)) != KS_OK)
			return rc;
	}
	return KS_OK;
}

static void
token_row(struct kst_stmt *s, struct ktoken *t, char *buf, size_t len)
{
	const void *hash;
	size_t      n;

	t->id   = kst_col_int64(s, 0);
	t->name = kst_copy(s, 1, &buf, &len);
	t->role = kst_copy(s, 2, &buf, &len);
	hash = kst_col_blob(s, 3, &n);
	memset(t->hash, 0, KTOKEN_HASH);
	if (n == KTOKEN_HASH)
		memcpy(t->hash, hash, KTOKEN_HASH);
	t->created_at = kst_col_int64(s, 4);
	t->revoked_at = kst_col_int64(s, 5);
}

int
kstore_token_get(
    struct kstore *st, int64_t id, struct ktoken *out, char *buf, size_t len)
{
	struct kst_stmt *s = kst_stmt(st, sql_token_get);
	int           rc;

	if (s == NULL)
		return KS_ERROR;
	kst_bind_int64(s, 1, id);
	if ((rc = kst_step_one(st, s)) != KS_OK)
		return rc;
	token_row(s, out, buf, len);
	kst_done(s);
	return KS_OK;
}

int
kstore_token_units(struct kstore *st, int64_t id, kname_cb cb, void *arg)
{
	struct kst_stmt *s = kst_stmt(st, sql_token_units);
	int           rc;

	if (s == NULL)
		return KS_ERROR;
	kst_bind_int64(s, 1, id);
	while ((rc = kst_step(st, s)) == 1) {
		if ((rc = cb(arg, kst_col_text(s, 0))) !=
		    KS_OK) {
			kst_done(s);
			return rc;
		}
	}
	return rc < 0 ? rc : KS_OK;
}

int
kstore_token_list(struct kstore *st, ktoken_cb cb, void *arg)
{
	struct kst_stmt *s = kst_stmt(st, sql_token_list);
	struct ktoken t;
	char          buf[KSTORE_BUF];
	int           rc;

	if (s == NULL)
		return KS_ERROR;
	while ((rc = kst_step(st, s)) == 1) {
		token_row(s, &t, buf, sizeof(buf));
		if ((rc = cb(arg, &t)) != KS_OK) {
			kst_done(s);
			return rc;
		}
	}
	return rc < 0 ? rc : KS_OK;
}

int
kstore_token_revoke(struct kstore *st, const char *name)
{
	struct kst_stmt *s = kst_stmt(st, sql_token_revoke);
	int           rc;

	if (s == NULL)
		return KS_ERROR;
	bind_text(s, 1, name);
	kst_bind_int64(s, 2, time(NULL));
	if ((rc = kst_exec(st, s)) != KS_OK)
		return rc;
	return kst_changes(st) > 0 ? KS_OK : KS_NOTFOUND;
}

/* The line waits to be sent with others (store_rows.c); every read of
 * history below sends what waits first. */
int
kstore_history_add(struct kstore *st, const struct khistory *h)
{
	const struct kst_cell row[] = {
		{ KST_CELL_INT, h->at_ms, NULL },
		{ KST_CELL_TEXT, 0, h->actor },
		{ KST_CELL_TEXT, 0, h->request_id },
		{ KST_CELL_TEXT, 0, h->method },
		{ KST_CELL_TEXT, 0, h->what },
		{ KST_CELL_TEXT, 0, h->unit },
		{ KST_CELL_TEXT, 0, h->indicator },
		{ KST_CELL_INT, h->year, NULL },
		{ KST_CELL_TEXT, 0, h->field },
		{ KST_CELL_TEXT, 0, h->old_value },
		{ KST_CELL_TEXT, 0, h->new_value },
		{ KST_CELL_TEXT, 0, h->reason },
	};

	return kst_rows_add(st, KR_HISTORY, row);
}

static const char *
text_or_null(struct kst_stmt *s, int col, char **buf, size_t *left)
{
	if (kst_col_null(s, col))
		return NULL;
	return kst_copy(s, col, buf, left);
}

static void
history_row(struct kst_stmt *s, struct khistory *h, char *buf, size_t len)
{
	h->id         = kst_col_int64(s, 0);
	h->at_ms      = kst_col_int64(s, 1);
	h->actor      = kst_copy(s, 2, &buf, &len);
	h->request_id = kst_copy(s, 3, &buf, &len);
	h->method     = kst_copy(s, 4, &buf, &len);
	h->what       = kst_copy(s, 5, &buf, &len);
	h->unit       = kst_copy(s, 6, &buf, &len);
	h->indicator  = kst_copy(s, 7, &buf, &len);
	h->year       = kst_col_int(s, 8);
	h->field      = kst_copy(s, 9, &buf, &len);
	h->old_value  = text_or_null(s, 10, &buf, &len);
	h->new_value  = text_or_null(s, 11, &buf, &len);
	h->reason     = kst_copy(s, 12, &buf, &len);
}

/* Walks the rows a statement returns, as khistory, through cb. */
static int
history_walk(struct kstore *st, struct kst_stmt *s, khistory_cb cb, void *arg)
{
	struct khistory h;
	char            buf[4 * KSTORE_BUF];
	int             rc;

	while ((rc = kst_step(st, s)) == 1) {
		history_row(s, &h, buf, sizeof(buf));
		if ((rc = cb(arg, &h)) != KS_OK) {
			kst_done(s);
			return rc;
		}
	}
	return rc < 0 ? rc : KS_OK;
}

int
kstore_history_list(struct kstore *st, const char *unit, const char *indicator,
    int year, int64_t after, uint32_t limit, khistory_cb cb, void *arg)
{
	struct kst_stmt *s = kst_stmt(st, sql_history_list);

	if (s == NULL || kst_rows_flush(st) != KS_OK)
		return KS_ERROR;
	bind_text(s, 1, unit);
	bind_text(s, 2, indicator);
	kst_bind_int(s, 3, year);
	kst_bind_int64(s, 4, after);
	kst_bind_int64(s, 5, limit);
	return history_walk(st, s, cb, arg);
}

int
kstore_approval_history(
    struct kstore *st, const char *unit, int year, khistory_cb cb, void *arg)
{
	struct kst_stmt *s = kst_stmt(st, sql_approval_history);

	if (s == NULL || kst_rows_flush(st) != KS_OK)
		return KS_ERROR;
	bind_text(s, 1, unit);
	kst_bind_int(s, 2, year);
	return history_walk(st, s, cb, arg);
}

int
kstore_history_before(
    struct kstore *st, int64_t before_ms, khistory_cb cb, void *arg)
{
	struct kst_stmt *s = kst_stmt(st, sql_history_before);

	if (s == NULL || kst_rows_flush(st) != KS_OK)
		return KS_ERROR;
	kst_bind_int64(s, 1, before_ms);
	return history_walk(st, s, cb, arg);
}

int
kstore_history_prune(struct kstore *st, int64_t before_ms, int64_t max_id,
    int64_t n, const struct khistory *h)
{
	struct kst_stmt *s = kst_stmt(st, sql_history_prune);
	int           rc;

	if (s == NULL || (rc = kstore_begin(st)) != KS_OK)
		return s == NULL ? KS_ERROR : rc;
	kst_bind_int64(s, 1, before_ms);
	kst_bind_int64(s, 2, max_id);
	if ((rc = kst_exec(st, s)) == KS_OK && kst_changes(st) != n)
		rc = KS_CONFLICT;
	if (rc == KS_OK && (rc = kstore_history_add(st, h)) == KS_OK)
		return kstore_commit(st);
	kstore_rollback(st);
	return rc;
}
