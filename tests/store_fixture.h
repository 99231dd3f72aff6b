/*
 * store_fixture.h - what the store tests share: a store on a fresh
 * temporary database per test, and the small registry most of them start
 * from, written through the store itself.
 */
#ifndef KINERJA_STORE_FIXTURE_H
#define KINERJA_STORE_FIXTURE_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "store.h"

struct fixture {
	char           path[512]; /* a SQLite file or a PostgreSQL URL */
	struct kstore *st;
};

/* cmocka setup and teardown: f->st open on a new database at f->path;
 * closed and the database (with its -wal and -shm) removed. */
int  setup(void **state);
int  teardown(void **state);
void remove_db(const char *path);

/* Puts a unit and checks what the put did. */
void put_unit(struct kstore *st, const char *code, const char *parent,
    int level, enum kchange expect);
/* A number indicator named by its code, satuan "Nilai". */
void put_indicator(struct kstore *st, const char *code, int polarity);

/* A small world: sumut > batubara > tiram, indicators IKM and AKIP linked
 * to sasaran Kepuasan and Akuntabilitas of tiram. */
void world(struct kstore *st);

/* What a walk gave, comma separated. A callback returns walk_add's
 * result: KS_OK, or KS_CONFLICT once stop_after items are in (0: never),
 * which stops the walk. */
struct walk {
	char text[512];
	int  n, stop_after;
};

int walk_add(struct walk *w, const char *item);

#endif
