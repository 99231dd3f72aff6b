/*
 * store_int.h - what the SQLite store's files share among themselves (not
 * part of the storage interface): cached statements and the small steps
 * every query takes.
 */
#ifndef KINERJA_STORE_INT_H
#define KINERJA_STORE_INT_H

#include <stdint.h>

#include <sqlite3.h>

#include "store.h"

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
/* A text column, "" for NULL (valid until the next step). */
const char *kst_text(sqlite3_stmt *s, int col);
/* The statement for sql with ?1 unit (NULL: any) and ?2 year (0: any)
 * bound, for the export's walks (store_budget.c). */
sqlite3_stmt *kst_filtered(
    struct kstore *st, const char *sql, const char *unit, int year);
/* Calls cb with each row's unit code and year (columns 0 and 1) until it
 * returns other than KS_OK, which is returned. */
int kst_each_key(struct kstore *st, sqlite3_stmt *s, kkey_cb cb, void *arg);
int         kst_changes(struct kstore *st);
int64_t     kst_last_id(struct kstore *st);

/* store_file.c: creates path 0600 unless it exists (see there). */
void kst_create_private(const char *path);

/* store_health.c: the health record of a database file, shared by the
 * connections to it; get and put count references. */
struct khealth;
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
