/*
 * test_db.h - a fresh database for one test, on either backend: a temporary
 * SQLite file, or with KINERJA_TEST_DB=postgresql://... a new schema of
 * that database (the target is the URL with search_path set to it).
 */
#ifndef KINERJA_TEST_DB_H
#define KINERJA_TEST_DB_H

#include <stddef.h>

#define TEST_DB_MAX 512 /* room for a target */

/* Whether the tests run on PostgreSQL. */
int test_db_is_pg(void);
/* A new empty database's target (a path or a URL) into out. */
void test_db_new(char *out, size_t len, const char *prefix);
/* Removes it (the file and its -wal and -shm, or the schema). */
void test_db_remove(const char *target);

#endif
