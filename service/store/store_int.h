/*
 * store_int.h - what the SQLite store's files share among themselves (not
 * part of the storage interface): cached statements and the small steps
 * every query takes.
 */
#ifndef KINERJA_STORE_INT_H
#define KINERJA_STORE_INT_H

#include <stdint.h>

#include <sqlite3.h>

struct kstore;

/* The prepared statement for sql, cached by the string's address. */
sqlite3_stmt *kst_stmt(struct kstore *st, const char *sql);
/* Runs a statement that returns no rows and resets it. */
int kst_exec(struct kstore *st, sqlite3_stmt *s);
/* Binds v, or NULL when !has. */
void kst_bind_opt(sqlite3_stmt *s, int col, int has, int64_t v);
/* One-row query: KS_OK with the row ready (finish with kst_done), or
 * KS_NOTFOUND / a failure, reset. */
int kst_step_one(struct kstore *st, sqlite3_stmt *s);
/* Next row: 1 with a row ready, 0 at the end (reset), < 0 on failure. */
int  kst_step(struct kstore *st, sqlite3_stmt *s);
void kst_done(sqlite3_stmt *s);
/* Copies a text column into *buf ("" for NULL), advancing it. */
const char *kst_copy(sqlite3_stmt *s, int col, char **buf, size_t *left);
int         kst_unit_id(struct kstore *st, const char *code, int64_t *id);
int         kst_changes(struct kstore *st);
int64_t     kst_last_id(struct kstore *st);

#endif
